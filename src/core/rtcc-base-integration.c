/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccBaseIntegration"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "rtcc-base-integration.h"
#include "rtcc-json.h"
#include "rtcc-util.h"

/* A vendor slower than this is working but not well. */
#define SLOW_ANSWER_MS 2000.0

typedef struct
{
  RtccConfig            *config;
  RtccServiceClient     *client;
  GCancellable          *cancellable;   /* alive between start and stop */
  gulong                 config_handler;

  RtccIntegrationStatus  status;
  char                  *status_message;
  char                  *stream_problem;
  GDateTime             *last_check;
  double                 latency_ms;
  guint                  errors_24h;
  gboolean               started;
} RtccBaseIntegrationPrivate;

static void rtcc_base_integration_iface_init (RtccIntegrationInterface *iface);

G_DEFINE_ABSTRACT_TYPE_WITH_CODE (RtccBaseIntegration, rtcc_base_integration, G_TYPE_OBJECT,
                                  G_ADD_PRIVATE (RtccBaseIntegration)
                                  G_IMPLEMENT_INTERFACE (RTCC_TYPE_INTEGRATION,
                                                         rtcc_base_integration_iface_init))

enum {
  PROP_0,
  PROP_CONFIG,
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

static GParamSpec *properties[N_PROPS];

static RtccSource
get_source (RtccBaseIntegration *self)
{
  return RTCC_BASE_INTEGRATION_GET_CLASS (self)->source;
}

/**
 * rtcc_base_integration_set_status:
 * @message: (nullable): what the analyst reads on the dashboard
 *
 * Notifies only what changed.
 */
void
rtcc_base_integration_set_status (RtccBaseIntegration   *self,
                                  RtccIntegrationStatus  status,
                                  const char            *message)
{
  RtccBaseIntegrationPrivate *priv = rtcc_base_integration_get_instance_private (self);

  g_object_freeze_notify (G_OBJECT (self));
  if (rtcc_set_str (&priv->status_message, message))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS_MESSAGE]);
  if (priv->status != status)
    {
      priv->status = status;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * rtcc_base_integration_set_stream_problem:
 * @message: (nullable): why the event stream is not working, or %NULL once
 *   it works again
 *
 * A vendor whose REST API answers but whose stream is down is degraded:
 * the next health check keeps saying so until the stream is back.
 */
void
rtcc_base_integration_set_stream_problem (RtccBaseIntegration *self,
                                          const char          *message)
{
  RtccBaseIntegrationPrivate *priv = rtcc_base_integration_get_instance_private (self);

  if (!rtcc_set_str (&priv->stream_problem, message))
    return;
  if (message != NULL && priv->status == RTCC_INTEGRATION_STATUS_ONLINE)
    rtcc_base_integration_set_status (self, RTCC_INTEGRATION_STATUS_DEGRADED, message);
  else if (message == NULL && priv->status == RTCC_INTEGRATION_STATUS_DEGRADED)
    rtcc_base_integration_set_status (self, RTCC_INTEGRATION_STATUS_ONLINE, NULL);
}

/**
 * rtcc_base_integration_status_for_error:
 *
 * Returns: degraded when the vendor answers but badly (rate limits, bad
 *   documents), offline when it cannot be used at all
 */
RtccIntegrationStatus
rtcc_base_integration_status_for_error (const GError *error)
{
  if (error->domain == RTCC_INTEGRATION_ERROR && error->code == RTCC_INTEGRATION_ERROR_DISABLED)
    return RTCC_INTEGRATION_STATUS_DISABLED;
  if (error->domain == RTCC_HTTP_ERROR)
    switch ((RtccHttpError) error->code)
      {
      case RTCC_HTTP_ERROR_RATE_LIMITED:
      case RTCC_HTTP_ERROR_MALFORMED:
      case RTCC_HTTP_ERROR_TRUNCATED:
      case RTCC_HTTP_ERROR_TOO_LARGE:
      case RTCC_HTTP_ERROR_BAD_REQUEST:
      case RTCC_HTTP_ERROR_NOT_FOUND:
      case RTCC_HTTP_ERROR_CONFLICT:
        return RTCC_INTEGRATION_STATUS_DEGRADED;
      default:
        return RTCC_INTEGRATION_STATUS_OFFLINE;
      }
  if (error->domain == RTCC_JSON_ERROR)
    return RTCC_INTEGRATION_STATUS_DEGRADED;
  return RTCC_INTEGRATION_STATUS_OFFLINE;
}

/**
 * rtcc_base_integration_report_error:
 *
 * Shows @error on the dashboard with the status it implies. Cancellation
 * is not a failure and changes nothing.
 */
void
rtcc_base_integration_report_error (RtccBaseIntegration *self,
                                    const GError        *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  rtcc_base_integration_set_status (self, rtcc_base_integration_status_for_error (error),
                                    error->message);
}

static void
update_statistics (RtccBaseIntegration *self)
{
  RtccBaseIntegrationPrivate *priv = rtcc_base_integration_get_instance_private (self);
  double latency = priv->client ? rtcc_service_client_get_latency_ms (priv->client) : 0;
  guint errors = priv->client ? rtcc_service_client_get_errors_24h (priv->client) : 0;

  if (priv->latency_ms != latency)
    {
      priv->latency_ms = latency;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LATENCY_MS]);
    }
  if (priv->errors_24h != errors)
    {
      priv->errors_24h = errors;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERRORS_24H]);
    }
}

static void
on_client_notify (RtccServiceClient   *client,
                  GParamSpec          *pspec,
                  RtccBaseIntegration *self)
{
  update_statistics (self);
}

/**
 * rtcc_base_integration_reconfigure:
 *
 * Reads the configuration again and builds a new service client; a
 * started integration is restarted on it.
 */
void
rtcc_base_integration_reconfigure (RtccBaseIntegration *self)
{
  RtccBaseIntegrationPrivate *priv = rtcc_base_integration_get_instance_private (self);
  RtccBaseIntegrationClass *klass = RTCC_BASE_INTEGRATION_GET_CLASS (self);
  g_autoptr(GError) error = NULL;
  gboolean was_started = priv->started;
  const char *url;

  if (was_started)
    rtcc_integration_stop (RTCC_INTEGRATION (self));
  if (priv->client != NULL)
    g_signal_handlers_disconnect_by_func (priv->client, on_client_notify, self);
  g_clear_object (&priv->client);

  url = klass->url_key != NULL ? rtcc_config_get (priv->config, klass->url_key) : NULL;
  if (url == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Not configured. Set %s in Preferences."),
                                                  klass->url_key);
      rtcc_base_integration_set_status (self, RTCC_INTEGRATION_STATUS_DISABLED, message);
      update_statistics (self);
      /* Still started, with nothing to run, so that a later URL brings it up. */
      if (was_started)
        rtcc_integration_start (RTCC_INTEGRATION (self));
      return;
    }

  {
    g_autofree char *name = rtcc_integration_dup_display_name (RTCC_INTEGRATION (self));
    priv->client = rtcc_service_client_new (name, url);
  }
  rtcc_service_client_set_debug (priv->client,
                                 rtcc_config_get_boolean (priv->config, "INTEGRATION_DEBUG", FALSE));
  g_signal_connect_object (priv->client, "notify", G_CALLBACK (on_client_notify), self, 0);

  if (klass->configure != NULL && !klass->configure (self, priv->config, priv->client, &error))
    {
      rtcc_base_integration_set_status (self, RTCC_INTEGRATION_STATUS_OFFLINE, error->message);
      g_clear_object (&priv->client);
      update_statistics (self);
      if (was_started)
        rtcc_integration_start (RTCC_INTEGRATION (self));
      return;
    }

  rtcc_base_integration_set_status (self, RTCC_INTEGRATION_STATUS_OFFLINE,
                                    _("Not checked yet"));
  update_statistics (self);
  if (was_started)
    rtcc_integration_start (RTCC_INTEGRATION (self));
}

static void
on_config_changed (RtccConfig          *config,
                   const char          *key,
                   RtccBaseIntegration *self)
{
  RtccBaseIntegrationClass *klass = RTCC_BASE_INTEGRATION_GET_CLASS (self);
  g_autofree char *prefix = NULL;
  const char *underscore;

  if (klass->url_key == NULL)
    return;
  underscore = strchr (klass->url_key, '_');
  prefix = g_strndup (klass->url_key, underscore - klass->url_key + 1);
  if (g_str_has_prefix (key, prefix) || g_str_equal (key, "INTEGRATION_DEBUG"))
    rtcc_base_integration_reconfigure (self);
}

static void
rtcc_base_integration_constructed (GObject *object)
{
  RtccBaseIntegration *self = RTCC_BASE_INTEGRATION (object);
  RtccBaseIntegrationPrivate *priv = rtcc_base_integration_get_instance_private (self);

  G_OBJECT_CLASS (rtcc_base_integration_parent_class)->constructed (object);

  if (priv->config == NULL)
    priv->config = rtcc_config_new (NULL, FALSE);
  priv->config_handler = g_signal_connect_object (priv->config, "changed",
                                                  G_CALLBACK (on_config_changed), self, 0);
  rtcc_base_integration_reconfigure (self);
}

static void
rtcc_base_integration_dispose (GObject *object)
{
  RtccBaseIntegration *self = RTCC_BASE_INTEGRATION (object);
  RtccBaseIntegrationPrivate *priv = rtcc_base_integration_get_instance_private (self);

  if (priv->started)
    rtcc_integration_stop (RTCC_INTEGRATION (self));
  g_clear_signal_handler (&priv->config_handler, priv->config);
  g_clear_object (&priv->client);
  g_clear_object (&priv->config);

  G_OBJECT_CLASS (rtcc_base_integration_parent_class)->dispose (object);
}

static void
rtcc_base_integration_finalize (GObject *object)
{
  RtccBaseIntegration *self = RTCC_BASE_INTEGRATION (object);
  RtccBaseIntegrationPrivate *priv = rtcc_base_integration_get_instance_private (self);

  g_clear_pointer (&priv->status_message, g_free);
  g_clear_pointer (&priv->stream_problem, g_free);
  g_clear_pointer (&priv->last_check, g_date_time_unref);

  G_OBJECT_CLASS (rtcc_base_integration_parent_class)->finalize (object);
}

static void
rtcc_base_integration_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  RtccBaseIntegration *self = RTCC_BASE_INTEGRATION (object);
  RtccBaseIntegrationPrivate *priv = rtcc_base_integration_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_CONFIG:
      g_value_set_object (value, priv->config);
      break;
    case PROP_ID:
      g_value_set_string (value, rtcc_source_to_string (get_source (self)));
      break;
    case PROP_SOURCE:
      g_value_set_enum (value, get_source (self));
      break;
    case PROP_DISPLAY_NAME:
      g_value_set_string (value, rtcc_source_display_name (get_source (self)));
      break;
    case PROP_STATUS:
      g_value_set_enum (value, priv->status);
      break;
    case PROP_STATUS_MESSAGE:
      g_value_set_string (value, priv->status_message);
      break;
    case PROP_LAST_CHECK:
      g_value_set_boxed (value, priv->last_check);
      break;
    case PROP_LATENCY_MS:
      g_value_set_double (value, priv->latency_ms);
      break;
    case PROP_ERRORS_24H:
      g_value_set_uint (value, priv->errors_24h);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rtcc_base_integration_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  RtccBaseIntegration *self = RTCC_BASE_INTEGRATION (object);
  RtccBaseIntegrationPrivate *priv = rtcc_base_integration_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_CONFIG:
      priv->config = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static RtccRequest *
rtcc_base_integration_real_health_request (RtccBaseIntegration *self)
{
  RtccBaseIntegrationClass *klass = RTCC_BASE_INTEGRATION_GET_CLASS (self);

  return rtcc_request_new ("GET", klass->health_path);
}

static gboolean
rtcc_base_integration_real_health_answer (RtccBaseIntegration  *self,
                                          JsonNode             *answer,
                                          GError              **error)
{
  RtccBaseIntegrationClass *klass = RTCC_BASE_INTEGRATION_GET_CLASS (self);

  if (klass->health_member == NULL)
    return TRUE;
  if (answer == NULL || !JSON_NODE_HOLDS_OBJECT (answer) ||
      rtcc_json_get_array (json_node_get_object (answer), klass->health_member) == NULL)
    {
      g_set_error (error, RTCC_HTTP_ERROR, RTCC_HTTP_ERROR_MALFORMED,
                   _("%s answered, but not with the “%s” list it should send"),
                   rtcc_source_display_name (klass->source), klass->health_member);
      return FALSE;
    }
  return TRUE;
}

static void
rtcc_base_integration_class_init (RtccBaseIntegrationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  klass->health_request = rtcc_base_integration_real_health_request;
  klass->health_answer = rtcc_base_integration_real_health_answer;

  object_class->constructed = rtcc_base_integration_constructed;
  object_class->dispose = rtcc_base_integration_dispose;
  object_class->finalize = rtcc_base_integration_finalize;
  object_class->get_property = rtcc_base_integration_get_property;
  object_class->set_property = rtcc_base_integration_set_property;

  properties[PROP_CONFIG] =
    g_param_spec_object ("config", NULL, NULL, RTCC_TYPE_CONFIG,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_property (object_class, PROP_CONFIG, properties[PROP_CONFIG]);

  g_object_class_override_property (object_class, PROP_ID, "id");
  g_object_class_override_property (object_class, PROP_SOURCE, "source");
  g_object_class_override_property (object_class, PROP_DISPLAY_NAME, "display-name");
  g_object_class_override_property (object_class, PROP_STATUS, "status");
  g_object_class_override_property (object_class, PROP_STATUS_MESSAGE, "status-message");
  g_object_class_override_property (object_class, PROP_LAST_CHECK, "last-check");
  g_object_class_override_property (object_class, PROP_LATENCY_MS, "latency-ms");
  g_object_class_override_property (object_class, PROP_ERRORS_24H, "errors-24h");
  /* Keep the overridden pspecs so changes are notified by pspec. */
  properties[PROP_ID] = g_object_class_find_property (object_class, "id");
  properties[PROP_SOURCE] = g_object_class_find_property (object_class, "source");
  properties[PROP_DISPLAY_NAME] = g_object_class_find_property (object_class, "display-name");
  properties[PROP_STATUS] = g_object_class_find_property (object_class, "status");
  properties[PROP_STATUS_MESSAGE] = g_object_class_find_property (object_class, "status-message");
  properties[PROP_LAST_CHECK] = g_object_class_find_property (object_class, "last-check");
  properties[PROP_LATENCY_MS] = g_object_class_find_property (object_class, "latency-ms");
  properties[PROP_ERRORS_24H] = g_object_class_find_property (object_class, "errors-24h");
}

static void
rtcc_base_integration_init (RtccBaseIntegration *self)
{
  RtccBaseIntegrationPrivate *priv = rtcc_base_integration_get_instance_private (self);

  priv->status = RTCC_INTEGRATION_STATUS_DISABLED;
}

static void
base_start (RtccIntegration *integration)
{
  RtccBaseIntegration *self = RTCC_BASE_INTEGRATION (integration);
  RtccBaseIntegrationPrivate *priv = rtcc_base_integration_get_instance_private (self);
  RtccBaseIntegrationClass *klass = RTCC_BASE_INTEGRATION_GET_CLASS (self);

  if (priv->started)
    return;
  priv->started = TRUE;
  g_clear_object (&priv->cancellable);
  priv->cancellable = g_cancellable_new ();
  if (priv->client != NULL && klass->start != NULL)
    klass->start (self);
}

static void
base_stop (RtccIntegration *integration)
{
  RtccBaseIntegration *self = RTCC_BASE_INTEGRATION (integration);
  RtccBaseIntegrationPrivate *priv = rtcc_base_integration_get_instance_private (self);
  RtccBaseIntegrationClass *klass = RTCC_BASE_INTEGRATION_GET_CLASS (self);

  if (!priv->started)
    return;
  priv->started = FALSE;
  g_cancellable_cancel (priv->cancellable);
  if (klass->stop != NULL)
    klass->stop (self);
  g_clear_object (&priv->cancellable);
}

static void check_with_current_client (GTask *task);

static void
health_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RtccBaseIntegration *self = g_task_get_source_object (task);
  RtccBaseIntegrationPrivate *priv = rtcc_base_integration_get_instance_private (self);
  RtccBaseIntegrationClass *klass = RTCC_BASE_INTEGRATION_GET_CLASS (self);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = NULL;

  answer = rtcc_service_client_send_json_finish (RTCC_SERVICE_CLIENT (object), result, &error);
  if (RTCC_SERVICE_CLIENT (object) != priv->client &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* Reconfigured while the check was on the wire: the old vendor's
       * answer says nothing about the integration as it is now. */
      check_with_current_client (g_steal_pointer (&task));
      return;
    }
  if (answer != NULL && klass->health_answer != NULL &&
      !klass->health_answer (self, answer, &error) && priv->client != NULL)
    rtcc_service_client_record_failure (priv->client, error);

  g_clear_pointer (&priv->last_check, g_date_time_unref);
  priv->last_check = g_date_time_new_now_utc ();
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_CHECK]);
  update_statistics (self);

  if (error != NULL)
    {
      rtcc_base_integration_report_error (self, error);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (priv->stream_problem != NULL)
    rtcc_base_integration_set_status (self, RTCC_INTEGRATION_STATUS_DEGRADED,
                                      priv->stream_problem);
  else if (priv->latency_ms > SLOW_ANSWER_MS)
    {
      g_autofree char *message = g_strdup_printf (_("Answering slowly (%.0f ms)"),
                                                  priv->latency_ms);
      rtcc_base_integration_set_status (self, RTCC_INTEGRATION_STATUS_DEGRADED, message);
    }
  else
    rtcc_base_integration_set_status (self, RTCC_INTEGRATION_STATUS_ONLINE, NULL);
  g_task_return_boolean (task, TRUE);
}

static void
check_with_current_client (GTask *task_)
{
  g_autoptr(GTask) task = task_;
  RtccBaseIntegration *self = g_task_get_source_object (task);
  RtccBaseIntegrationPrivate *priv = rtcc_base_integration_get_instance_private (self);
  RtccBaseIntegrationClass *klass = RTCC_BASE_INTEGRATION_GET_CLASS (self);
  g_autoptr(RtccRequest) request = NULL;
  GCancellable *cancellable;

  if (priv->client == NULL)
    {
      g_task_return_new_error (task, RTCC_INTEGRATION_ERROR,
                               priv->status == RTCC_INTEGRATION_STATUS_DISABLED
                                 ? RTCC_INTEGRATION_ERROR_DISABLED
                                 : RTCC_INTEGRATION_ERROR_MISCONFIGURED,
                               "%s", priv->status_message ? priv->status_message : "");
      return;
    }

  request = klass->health_request (self);
  cancellable = g_task_get_cancellable (task);
  rtcc_service_client_send_async (priv->client, request, cancellable, health_cb,
                                  g_steal_pointer (&task));
}

static void
base_check_health_async (RtccIntegration     *integration,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  GTask *task = g_task_new (integration, cancellable, callback, user_data);

  g_task_set_source_tag (task, base_check_health_async);
  check_with_current_client (task);
}

static gboolean
base_check_health_finish (RtccIntegration  *integration,
                          GAsyncResult     *result,
                          GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, integration), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == base_check_health_async, FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static GPtrArray *
base_normalize (RtccIntegration  *integration,
                JsonNode         *document,
                GPtrArray       **item_errors,
                GError          **error)
{
  RtccBaseIntegrationClass *klass = RTCC_BASE_INTEGRATION_GET_CLASS (integration);

  if (klass->normalize == NULL)
    {
      g_set_error (error, RTCC_INTEGRATION_ERROR, RTCC_INTEGRATION_ERROR_UNSUPPORTED,
                   _("%s sends no events to normalize"),
                   rtcc_source_display_name (klass->source));
      return NULL;
    }
  return klass->normalize (RTCC_BASE_INTEGRATION (integration), document, item_errors, error);
}

static void
rtcc_base_integration_iface_init (RtccIntegrationInterface *iface)
{
  iface->start = base_start;
  iface->stop = base_stop;
  iface->check_health_async = base_check_health_async;
  iface->check_health_finish = base_check_health_finish;
  iface->normalize = base_normalize;
}

/**
 * rtcc_base_integration_get_config:
 *
 * Returns: (transfer none): the configuration
 */
RtccConfig *
rtcc_base_integration_get_config (RtccBaseIntegration *self)
{
  RtccBaseIntegrationPrivate *priv = rtcc_base_integration_get_instance_private (self);

  return priv->config;
}

/**
 * rtcc_base_integration_get_client:
 *
 * Returns: (transfer none) (nullable): the service client, %NULL when
 *   disabled or misconfigured
 */
RtccServiceClient *
rtcc_base_integration_get_client (RtccBaseIntegration *self)
{
  RtccBaseIntegrationPrivate *priv = rtcc_base_integration_get_instance_private (self);

  return priv->client;
}

gboolean
rtcc_base_integration_is_enabled (RtccBaseIntegration *self)
{
  RtccBaseIntegrationPrivate *priv = rtcc_base_integration_get_instance_private (self);

  return priv->client != NULL;
}

gboolean
rtcc_base_integration_is_started (RtccBaseIntegration *self)
{
  RtccBaseIntegrationPrivate *priv = rtcc_base_integration_get_instance_private (self);

  return priv->started;
}

/**
 * rtcc_base_integration_get_cancellable:
 *
 * Returns: (transfer none) (nullable): cancelled when the integration stops
 */
GCancellable *
rtcc_base_integration_get_cancellable (RtccBaseIntegration *self)
{
  RtccBaseIntegrationPrivate *priv = rtcc_base_integration_get_instance_private (self);

  return priv->cancellable;
}

/**
 * rtcc_base_integration_require:
 * @key: a setting the vendor cannot work without
 *
 * For #RtccBaseIntegrationClass.configure implementations.
 *
 * Returns: (nullable): the value, or %NULL with
 *   %RTCC_INTEGRATION_ERROR_MISCONFIGURED naming the setting
 */
const char *
rtcc_base_integration_require (RtccBaseIntegration  *self,
                               RtccConfig           *config,
                               const char           *key,
                               GError              **error)
{
  const char *value = rtcc_config_get (config, key);

  if (value == NULL)
    g_set_error (error, RTCC_INTEGRATION_ERROR, RTCC_INTEGRATION_ERROR_MISCONFIGURED,
                 _("%s needs %s. Set it in Preferences."),
                 rtcc_source_display_name (RTCC_BASE_INTEGRATION_GET_CLASS (self)->source), key);
  return value;
}

/**
 * rtcc_base_integration_client_or_error:
 * @task: the call that needs the vendor
 *
 * For vendor calls: returns the service client, or returns @task with
 * %RTCC_INTEGRATION_ERROR_DISABLED and the dashboard's reason (the setting
 * to fill in) when the integration is not configured.
 *
 * Returns: (transfer none) (nullable): the client, or %NULL after
 *   returning @task
 */
RtccServiceClient *
rtcc_base_integration_client_or_error (RtccBaseIntegration *self,
                                       GTask               *task)
{
  RtccBaseIntegrationPrivate *priv = rtcc_base_integration_get_instance_private (self);

  if (priv->client == NULL)
    g_task_return_new_error (task, RTCC_INTEGRATION_ERROR, RTCC_INTEGRATION_ERROR_DISABLED,
                             "%s", priv->status_message != NULL ? priv->status_message
                                                                : _("The integration is not configured"));
  return priv->client;
}
