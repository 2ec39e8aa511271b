/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccFakeIntegration"

#include "config.h"

#include "rtcc-fake-integration.h"
#include "rtcc-util.h"

/* A vendor without a network: the UI tests drive its status by hand and
 * make it emit events, so the shell is tested without any vendor code. */
struct _RtccFakeIntegration
{
  GObject                parent_instance;

  RtccSource             source;
  RtccIntegrationStatus  status;
  char                  *message;
  GDateTime             *last_check;
  double                 latency_ms;
  guint                  errors_24h;
  guint                  checks;
};

static void integration_iface_init (RtccIntegrationInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RtccFakeIntegration, rtcc_fake_integration, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (RTCC_TYPE_INTEGRATION, integration_iface_init))

enum {
  PROP_0,
  PROP_ID,
  PROP_SOURCE,
  PROP_DISPLAY_NAME,
  PROP_STATUS,
  PROP_STATUS_MESSAGE,
  PROP_LAST_CHECK,
  PROP_LATENCY_MS,
  PROP_ERRORS_24H,
  N_PROPS
};

static void
check_health_async (RtccIntegration     *integration,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  RtccFakeIntegration *self = RTCC_FAKE_INTEGRATION (integration);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  self->checks++;
  g_clear_pointer (&self->last_check, g_date_time_unref);
  self->last_check = g_date_time_new_now_utc ();
  self->latency_ms = 120;
  g_object_notify (G_OBJECT (self), "last-check");
  g_object_notify (G_OBJECT (self), "latency-ms");
  g_task_return_boolean (task, TRUE);
}

static gboolean
check_health_finish (RtccIntegration  *integration,
                     GAsyncResult     *result,
                     GError          **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
integration_iface_init (RtccIntegrationInterface *iface)
{
  iface->check_health_async = check_health_async;
  iface->check_health_finish = check_health_finish;
}

static void
rtcc_fake_integration_finalize (GObject *object)
{
  RtccFakeIntegration *self = RTCC_FAKE_INTEGRATION (object);

  g_free (self->message);
  g_clear_pointer (&self->last_check, g_date_time_unref);
  G_OBJECT_CLASS (rtcc_fake_integration_parent_class)->finalize (object);
}

static void
rtcc_fake_integration_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  RtccFakeIntegration *self = RTCC_FAKE_INTEGRATION (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, rtcc_source_to_string (self->source));
      break;
    case PROP_SOURCE:
      g_value_set_enum (value, self->source);
      break;
    case PROP_DISPLAY_NAME:
      g_value_set_string (value, rtcc_source_display_name (self->source));
      break;
    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;
    case PROP_STATUS_MESSAGE:
      g_value_set_string (value, self->message);
      break;
    case PROP_LAST_CHECK:
      g_value_set_boxed (value, self->last_check);
      break;
    case PROP_LATENCY_MS:
      g_value_set_double (value, self->latency_ms);
      break;
    case PROP_ERRORS_24H:
      g_value_set_uint (value, self->errors_24h);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rtcc_fake_integration_class_init (RtccFakeIntegrationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rtcc_fake_integration_finalize;
  object_class->get_property = rtcc_fake_integration_get_property;

  g_object_class_override_property (object_class, PROP_ID, "id");
  g_object_class_override_property (object_class, PROP_SOURCE, "source");
  g_object_class_override_property (object_class, PROP_DISPLAY_NAME, "display-name");
  g_object_class_override_property (object_class, PROP_STATUS, "status");
  g_object_class_override_property (object_class, PROP_STATUS_MESSAGE, "status-message");
  g_object_class_override_property (object_class, PROP_LAST_CHECK, "last-check");
  g_object_class_override_property (object_class, PROP_LATENCY_MS, "latency-ms");
  g_object_class_override_property (object_class, PROP_ERRORS_24H, "errors-24h");
}

static void
rtcc_fake_integration_init (RtccFakeIntegration *self)
{
  self->status = RTCC_INTEGRATION_STATUS_ONLINE;
}

RtccFakeIntegration *
rtcc_fake_integration_new (RtccSource source)
{
  RtccFakeIntegration *self = g_object_new (RTCC_TYPE_FAKE_INTEGRATION, NULL);

  self->source = source;
  self->message = g_strdup ("Connected");
  return self;
}

void
rtcc_fake_integration_set_status (RtccFakeIntegration   *self,
                                  RtccIntegrationStatus  status,
                                  const char            *message)
{
  if (rtcc_set_str (&self->message, message))
    g_object_notify (G_OBJECT (self), "status-message");
  if (self->status != status)
    {
      self->status = status;
      g_object_notify (G_OBJECT (self), "status");
    }
}

guint
rtcc_fake_integration_get_checks (RtccFakeIntegration *self)
{
  return self->checks;
}
