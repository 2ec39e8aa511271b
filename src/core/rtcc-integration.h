/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "rtcc-enums.h"
#include "rtcc-event.h"

G_BEGIN_DECLS

#define RTCC_INTEGRATION_ERROR (rtcc_integration_error_quark ())

typedef enum
{
  RTCC_INTEGRATION_ERROR_DISABLED,      /* no URL configured */
  RTCC_INTEGRATION_ERROR_MISCONFIGURED, /* a URL, but a required setting is missing */
  RTCC_INTEGRATION_ERROR_UNSUPPORTED,   /* this vendor has no such document or call */
} RtccIntegrationError;

#define RTCC_TYPE_INTEGRATION (rtcc_integration_get_type ())
G_DECLARE_INTERFACE (RtccIntegration, rtcc_integration, RTCC, INTEGRATION, GObject)

/**
 * RtccIntegrationInterface:
 * @start: connect, authenticate and open the event stream
 * @stop: close the event stream and cancel what is under way
 * @check_health_async: one health check against the vendor's API
 * @check_health_finish: its result; the status properties are updated too
 * @normalize: turn one vendor document (a list answer, one object or a
 *   stream message) into normalized events. Items that cannot be read are
 *   reported in @item_errors, one #GError each, and do not stop the rest;
 *   a document that is not of the vendor's shapes at all fails with @error.
 *
 * Every vendor implements this interface; vendor-specific calls
 * (plate search, warrant check...) are plain async methods on the
 * concrete types. Properties: id, display-name, status, status-message,
 * last-check, latency-ms, errors-24h.
 */
struct _RtccIntegrationInterface
{
  GTypeInterface parent_iface;

  void        (*start)               (RtccIntegration      *self);
  void        (*stop)                (RtccIntegration      *self);
  void        (*check_health_async)  (RtccIntegration      *self,
                                      GCancellable         *cancellable,
                                      GAsyncReadyCallback   callback,
                                      gpointer              user_data);
  gboolean    (*check_health_finish) (RtccIntegration      *self,
                                      GAsyncResult         *result,
                                      GError              **error);
  GPtrArray  *(*normalize)           (RtccIntegration      *self,
                                      JsonNode             *document,
                                      GPtrArray           **item_errors,
                                      GError              **error);
};

GQuark                 rtcc_integration_error_quark      (void);

const char            *rtcc_integration_get_id           (RtccIntegration      *self);
RtccSource             rtcc_integration_get_source       (RtccIntegration      *self);
char                  *rtcc_integration_dup_display_name (RtccIntegration      *self);
RtccIntegrationStatus  rtcc_integration_get_status       (RtccIntegration      *self);
char                  *rtcc_integration_dup_status_message (RtccIntegration    *self);
GDateTime             *rtcc_integration_dup_last_check   (RtccIntegration      *self);
double                 rtcc_integration_get_latency_ms   (RtccIntegration      *self);
guint                  rtcc_integration_get_errors_24h   (RtccIntegration      *self);

void                   rtcc_integration_start            (RtccIntegration      *self);
void                   rtcc_integration_stop             (RtccIntegration      *self);
void                   rtcc_integration_check_health_async (RtccIntegration    *self,
                                                          GCancellable         *cancellable,
                                                          GAsyncReadyCallback   callback,
                                                          gpointer              user_data);
gboolean               rtcc_integration_check_health_finish (RtccIntegration   *self,
                                                          GAsyncResult         *result,
                                                          GError              **error);
GPtrArray             *rtcc_integration_normalize        (RtccIntegration      *self,
                                                          JsonNode             *document,
                                                          GPtrArray           **item_errors,
                                                          GError              **error);
void                   rtcc_integration_emit_event       (RtccIntegration      *self,
                                                          RtccEvent            *event);

G_END_DECLS
