/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccIntegration"

#include "config.h"

#include <glib/gi18n.h>

#include "rtcc-integration.h"

G_DEFINE_QUARK (rtcc-integration-error-quark, rtcc_integration_error)
G_DEFINE_INTERFACE (RtccIntegration, rtcc_integration, G_TYPE_OBJECT)

enum {
  EVENT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GPtrArray *
rtcc_integration_real_normalize (RtccIntegration  *self,
                                 JsonNode         *document,
                                 GPtrArray       **item_errors,
                                 GError          **error)
{
  g_set_error (error, RTCC_INTEGRATION_ERROR, RTCC_INTEGRATION_ERROR_UNSUPPORTED,
               _("This integration has no events to normalize"));
  return NULL;
}

static void
rtcc_integration_default_init (RtccIntegrationInterface *iface)
{
  iface->normalize = rtcc_integration_real_normalize;

  g_object_interface_install_property (iface,
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  g_object_interface_install_property (iface,
    g_param_spec_enum ("source", NULL, NULL,
                       RTCC_TYPE_SOURCE, RTCC_SOURCE_SYSTEM,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  g_object_interface_install_property (iface,
    g_param_spec_string ("display-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  g_object_interface_install_property (iface,
    g_param_spec_enum ("status", NULL, NULL,
                       RTCC_TYPE_INTEGRATION_STATUS, RTCC_INTEGRATION_STATUS_DISABLED,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));
  g_object_interface_install_property (iface,
    g_param_spec_string ("status-message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));
  g_object_interface_install_property (iface,
    g_param_spec_boxed ("last-check", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));
  g_object_interface_install_property (iface,
    g_param_spec_double ("latency-ms", NULL, NULL, 0, G_MAXDOUBLE, 0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));
  g_object_interface_install_property (iface,
    g_param_spec_uint ("errors-24h", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  /**
   * RtccIntegration::event:
   * @event: a normalized #RtccEvent
   *
   * Emitted on the main context for each event from the vendor's stream.
   */
  signals[EVENT] =
    g_signal_new ("event",
                  G_TYPE_FROM_INTERFACE (iface),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, RTCC_TYPE_EVENT);
}

const char *
rtcc_integration_get_id (RtccIntegration *self)
{
  g_return_val_if_fail (RTCC_IS_INTEGRATION (self), NULL);
  return rtcc_source_to_string (rtcc_integration_get_source (self));
}

RtccSource
rtcc_integration_get_source (RtccIntegration *self)
{
  RtccSource source = RTCC_SOURCE_SYSTEM;

  g_return_val_if_fail (RTCC_IS_INTEGRATION (self), RTCC_SOURCE_SYSTEM);
  g_object_get (self, "source", &source, NULL);
  return source;
}

char *
rtcc_integration_dup_display_name (RtccIntegration *self)
{
  char *name = NULL;

  g_object_get (self, "display-name", &name, NULL);
  return name;
}

RtccIntegrationStatus
rtcc_integration_get_status (RtccIntegration *self)
{
  RtccIntegrationStatus status = RTCC_INTEGRATION_STATUS_DISABLED;

  g_object_get (self, "status", &status, NULL);
  return status;
}

char *
rtcc_integration_dup_status_message (RtccIntegration *self)
{
  char *message = NULL;

  g_object_get (self, "status-message", &message, NULL);
  return message;
}

/**
 * rtcc_integration_dup_last_check:
 *
 * Returns: (transfer full) (nullable): when the last health check ended
 */
GDateTime *
rtcc_integration_dup_last_check (RtccIntegration *self)
{
  GDateTime *time = NULL;

  g_object_get (self, "last-check", &time, NULL);
  return time;
}

double
rtcc_integration_get_latency_ms (RtccIntegration *self)
{
  double latency = 0;

  g_object_get (self, "latency-ms", &latency, NULL);
  return latency;
}

guint
rtcc_integration_get_errors_24h (RtccIntegration *self)
{
  guint errors = 0;

  g_object_get (self, "errors-24h", &errors, NULL);
  return errors;
}

void
rtcc_integration_start (RtccIntegration *self)
{
  g_return_if_fail (RTCC_IS_INTEGRATION (self));
  if (RTCC_INTEGRATION_GET_IFACE (self)->start != NULL)
    RTCC_INTEGRATION_GET_IFACE (self)->start (self);
}

void
rtcc_integration_stop (RtccIntegration *self)
{
  g_return_if_fail (RTCC_IS_INTEGRATION (self));
  if (RTCC_INTEGRATION_GET_IFACE (self)->stop != NULL)
    RTCC_INTEGRATION_GET_IFACE (self)->stop (self);
}

void
rtcc_integration_check_health_async (RtccIntegration     *self,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_return_if_fail (RTCC_IS_INTEGRATION (self));
  RTCC_INTEGRATION_GET_IFACE (self)->check_health_async (self, cancellable, callback, user_data);
}

/**
 * rtcc_integration_check_health_finish:
 *
 * Returns: %TRUE if the vendor answered as it should. A disabled
 *   integration fails with %RTCC_INTEGRATION_ERROR_DISABLED.
 */
gboolean
rtcc_integration_check_health_finish (RtccIntegration  *self,
                                      GAsyncResult     *result,
                                      GError          **error)
{
  g_return_val_if_fail (RTCC_IS_INTEGRATION (self), FALSE);
  return RTCC_INTEGRATION_GET_IFACE (self)->check_health_finish (self, result, error);
}

/**
 * rtcc_integration_normalize:
 * @self: an integration
 * @document: one vendor JSON document
 * @item_errors: (out) (optional) (element-type GError): one error per item
 *   that could not be normalized; each message starts with the item's index
 * @error: return location for a #GError
 *
 * Returns: (transfer container) (element-type RtccEvent): the events, or
 *   %NULL with @error set if @document is none of the vendor's shapes
 */
GPtrArray *
rtcc_integration_normalize (RtccIntegration  *self,
                            JsonNode         *document,
                            GPtrArray       **item_errors,
                            GError          **error)
{
  g_return_val_if_fail (RTCC_IS_INTEGRATION (self), NULL);
  return RTCC_INTEGRATION_GET_IFACE (self)->normalize (self, document, item_errors, error);
}

void
rtcc_integration_emit_event (RtccIntegration *self,
                             RtccEvent       *event)
{
  g_signal_emit (self, signals[EVENT], 0, event);
}
