/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccHealthMonitor"

#include "config.h"

#include <glib/gi18n.h>

#include "rtcc-health-monitor.h"
#include "rtcc-time.h"

#define DEFAULT_INTERVAL_S 60

struct _RtccHealthMonitor
{
  GObject            parent_instance;

  RtccRegistry      *registry;
  guint              interval_s;
  guint              timer_id;
  GCancellable      *cancellable;
  RtccOverallHealth  overall;
  guint              sweeps;          /* sweeps under way: F5 can overlap the timer's */
  GPtrArray         *watched;   /* integrations whose notify we follow */
  GHashTable        *settled;   /* integrations that reached a status once */
};

G_DEFINE_FINAL_TYPE (RtccHealthMonitor, rtcc_health_monitor, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (RtccOverallHealth, rtcc_overall_health,
  G_DEFINE_ENUM_VALUE (RTCC_OVERALL_HEALTHY, "healthy"),
  G_DEFINE_ENUM_VALUE (RTCC_OVERALL_DEGRADED, "degraded"),
  G_DEFINE_ENUM_VALUE (RTCC_OVERALL_UNHEALTHY, "unhealthy"))

enum {
  PROP_0,
  PROP_REGISTRY,
  PROP_OVERALL,
  PROP_CHECKING,
  N_PROPS
};

enum {
  EVENT,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

const char *
rtcc_overall_health_to_string (RtccOverallHealth health)
{
  switch (health)
    {
    case RTCC_OVERALL_HEALTHY: return "healthy";
    case RTCC_OVERALL_DEGRADED: return "degraded";
    case RTCC_OVERALL_UNHEALTHY: return "unhealthy";
    default: return "unhealthy";
    }
}

static RtccOverallHealth
compute_overall (RtccHealthMonitor *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->registry));
  guint enabled = 0, online = 0, offline = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RtccIntegration) integration = g_list_model_get_item (G_LIST_MODEL (self->registry), i);

      switch (rtcc_integration_get_status (integration))
        {
        case RTCC_INTEGRATION_STATUS_ONLINE:
          enabled++;
          online++;
          break;
        case RTCC_INTEGRATION_STATUS_OFFLINE:
          enabled++;
          offline++;
          break;
        case RTCC_INTEGRATION_STATUS_DEGRADED:
          enabled++;
          break;
        case RTCC_INTEGRATION_STATUS_DISABLED:
        default:
          break;
        }
    }

  /* Disabled integrations are not configured on purpose: they do not count. */
  if (enabled > 0 && offline == enabled)
    return RTCC_OVERALL_UNHEALTHY;
  if (online < enabled)
    return RTCC_OVERALL_DEGRADED;
  return RTCC_OVERALL_HEALTHY;
}

static void
update_overall (RtccHealthMonitor *self)
{
  RtccOverallHealth overall = compute_overall (self);

  if (overall != self->overall)
    {
      self->overall = overall;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OVERALL]);
    }
}

static void
emit_status_event (RtccHealthMonitor *self,
                   RtccIntegration   *integration)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *vendor_id = g_strdup_printf ("status-%" G_GINT64_FORMAT,
                                                rtcc_time_to_unix_usec (now));
  g_autofree char *message = rtcc_integration_dup_status_message (integration);
  g_autofree char *name = rtcc_integration_dup_display_name (integration);
  g_autofree char *title = NULL;
  RtccIntegrationStatus status = rtcc_integration_get_status (integration);
  g_autoptr(RtccEventBuilder) b = rtcc_event_builder_new (rtcc_integration_get_source (integration),
                                                         RTCC_EVENT_TYPE_INTEGRATION_STATUS,
                                                         vendor_id);
  g_autoptr(RtccEvent) event = NULL;

  switch (status)
    {
    case RTCC_INTEGRATION_STATUS_ONLINE:
      title = g_strdup_printf (_("%s is online"), name);
      break;
    case RTCC_INTEGRATION_STATUS_DEGRADED:
      title = g_strdup_printf (_("%s is degraded"), name);
      break;
    case RTCC_INTEGRATION_STATUS_OFFLINE:
      title = g_strdup_printf (_("%s is offline"), name);
      break;
    case RTCC_INTEGRATION_STATUS_DISABLED:
    default:
      title = g_strdup_printf (_("%s is disabled"), name);
      break;
    }

  rtcc_event_builder_set_occurred_at (b, now);
  rtcc_event_builder_set_title (b, title);
  rtcc_event_builder_set_priority (b, status == RTCC_INTEGRATION_STATUS_OFFLINE
                                        ? RTCC_PRIORITY_HIGH : RTCC_PRIORITY_LOW);
  rtcc_event_builder_set_string (b, "integration", rtcc_integration_get_id (integration));
  rtcc_event_builder_set_string (b, "status", rtcc_integration_status_to_string (status));
  rtcc_event_builder_set_string (b, "message", message);
  event = rtcc_event_builder_end (g_steal_pointer (&b), NULL);
  if (event != NULL)
    g_signal_emit (self, signals[EVENT], 0, event);
}

static void
on_status_changed (RtccIntegration   *integration,
                   GParamSpec        *pspec,
                   RtccHealthMonitor *self)
{
  gboolean first = g_hash_table_add (self->settled, integration);

  update_overall (self);
  /* Coming online at start-up is expected, not news for the feed; a
   * problem is news even the first time. */
  if (first && rtcc_integration_get_status (integration) == RTCC_INTEGRATION_STATUS_ONLINE)
    return;
  emit_status_event (self, integration);
}

static void
watch_integrations (RtccHealthMonitor *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->registry));

  for (guint i = self->watched->len; i < n; i++)
    {
      RtccIntegration *integration = g_list_model_get_item (G_LIST_MODEL (self->registry), i);

      g_signal_connect_object (integration, "notify::status", G_CALLBACK (on_status_changed), self, 0);
      g_ptr_array_add (self->watched, integration);
    }
}

static void
on_items_changed (GListModel        *model,
                  guint              position,
                  guint              removed,
                  guint              added,
                  RtccHealthMonitor *self)
{
  watch_integrations (self);
  update_overall (self);
}

static void
rtcc_health_monitor_constructed (GObject *object)
{
  RtccHealthMonitor *self = RTCC_HEALTH_MONITOR (object);

  G_OBJECT_CLASS (rtcc_health_monitor_parent_class)->constructed (object);

  g_signal_connect_object (self->registry, "items-changed", G_CALLBACK (on_items_changed), self, 0);
  watch_integrations (self);
  self->overall = compute_overall (self);
}

static void
rtcc_health_monitor_dispose (GObject *object)
{
  RtccHealthMonitor *self = RTCC_HEALTH_MONITOR (object);

  rtcc_health_monitor_stop (self);
  g_clear_pointer (&self->watched, g_ptr_array_unref);
  g_clear_pointer (&self->settled, g_hash_table_unref);
  g_clear_object (&self->registry);

  G_OBJECT_CLASS (rtcc_health_monitor_parent_class)->dispose (object);
}

static void
rtcc_health_monitor_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  RtccHealthMonitor *self = RTCC_HEALTH_MONITOR (object);

  switch (prop_id)
    {
    case PROP_REGISTRY:
      g_value_set_object (value, self->registry);
      break;
    case PROP_OVERALL:
      g_value_set_enum (value, self->overall);
      break;
    case PROP_CHECKING:
      g_value_set_boolean (value, self->sweeps > 0);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rtcc_health_monitor_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  RtccHealthMonitor *self = RTCC_HEALTH_MONITOR (object);

  switch (prop_id)
    {
    case PROP_REGISTRY:
      self->registry = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rtcc_health_monitor_class_init (RtccHealthMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = rtcc_health_monitor_constructed;
  object_class->dispose = rtcc_health_monitor_dispose;
  object_class->get_property = rtcc_health_monitor_get_property;
  object_class->set_property = rtcc_health_monitor_set_property;

  properties[PROP_REGISTRY] =
    g_param_spec_object ("registry", NULL, NULL, RTCC_TYPE_REGISTRY,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_OVERALL] =
    g_param_spec_enum ("overall", NULL, NULL, rtcc_overall_health_get_type (),
                       RTCC_OVERALL_HEALTHY,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CHECKING] =
    g_param_spec_boolean ("checking", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RtccHealthMonitor::event:
   * @event: an `integration_status` event
   *
   * Emitted when an integration's status changes.
   */
  signals[EVENT] =
    g_signal_new ("event", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, RTCC_TYPE_EVENT);
}

static void
rtcc_health_monitor_init (RtccHealthMonitor *self)
{
  self->interval_s = DEFAULT_INTERVAL_S;
  self->watched = g_ptr_array_new_with_free_func (g_object_unref);
  self->settled = g_hash_table_new (NULL, NULL);
}

/**
 * rtcc_health_monitor_new:
 * @registry: the integrations to watch
 *
 * Returns: (transfer full): a monitor; call rtcc_health_monitor_start() to
 *   check on a timer
 */
RtccHealthMonitor *
rtcc_health_monitor_new (RtccRegistry *registry)
{
  return g_object_new (RTCC_TYPE_HEALTH_MONITOR, "registry", registry, NULL);
}

/**
 * rtcc_health_monitor_get_registry:
 *
 * Returns: (transfer none): the registry
 */
RtccRegistry *
rtcc_health_monitor_get_registry (RtccHealthMonitor *self)
{
  return self->registry;
}

typedef struct
{
  guint pending;
} CheckAll;

static void
check_one_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask *task = user_data;
  RtccHealthMonitor *self = g_task_get_source_object (task);
  CheckAll *state = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  /* Each integration shows its own failure; the sweep itself succeeds. */
  rtcc_integration_check_health_finish (RTCC_INTEGRATION (object), result, &error);

  if (--state->pending == 0)
    {
      if (--self->sweeps == 0)
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHECKING]);
      update_overall (self);
      if (!g_task_return_error_if_cancelled (task))
        g_task_return_boolean (task, TRUE);
    }
  g_object_unref (task);
}

/**
 * rtcc_health_monitor_check_all_async:
 *
 * Checks every integration at once; completes when all have answered.
 */
void
rtcc_health_monitor_check_all_async (RtccHealthMonitor   *self,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->registry));
  CheckAll *state = g_new0 (CheckAll, 1);

  g_task_set_source_tag (task, rtcc_health_monitor_check_all_async);
  g_task_set_task_data (task, state, g_free);

  if (n == 0)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (self->sweeps++ == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHECKING]);
  state->pending = n;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RtccIntegration) integration = g_list_model_get_item (G_LIST_MODEL (self->registry), i);
      rtcc_integration_check_health_async (integration, cancellable, check_one_cb,
                                           g_object_ref (task));
    }
}

gboolean
rtcc_health_monitor_check_all_finish (RtccHealthMonitor  *self,
                                      GAsyncResult       *result,
                                      GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rtcc_health_monitor_check_all_async, FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static gboolean
timer_cb (gpointer user_data)
{
  RtccHealthMonitor *self = user_data;

  /* A sweep still waiting on a slow vendor is not doubled. */
  if (self->sweeps == 0)
    rtcc_health_monitor_check_all_async (self, self->cancellable, NULL, NULL);
  return G_SOURCE_CONTINUE;
}

/**
 * rtcc_health_monitor_set_interval:
 * @seconds: time between sweeps, at least 1
 */
void
rtcc_health_monitor_set_interval (RtccHealthMonitor *self,
                                  guint              seconds)
{
  self->interval_s = MAX (seconds, 1);
  if (self->timer_id != 0)
    {
      g_source_remove (self->timer_id);
      self->timer_id = g_timeout_add_seconds (self->interval_s, timer_cb, self);
    }
}

/**
 * rtcc_health_monitor_start:
 *
 * Checks now, then every interval.
 */
void
rtcc_health_monitor_start (RtccHealthMonitor *self)
{
  if (self->timer_id != 0)
    return;
  self->cancellable = g_cancellable_new ();
  rtcc_health_monitor_check_all_async (self, self->cancellable, NULL, NULL);
  self->timer_id = g_timeout_add_seconds (self->interval_s, timer_cb, self);
}

void
rtcc_health_monitor_stop (RtccHealthMonitor *self)
{
  g_clear_handle_id (&self->timer_id, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
}

RtccOverallHealth
rtcc_health_monitor_get_overall (RtccHealthMonitor *self)
{
  return self->overall;
}

/**
 * rtcc_health_monitor_to_json:
 *
 * Returns: (transfer full): the health document:
 *   `{"status": "healthy|degraded|unhealthy", "components": {"milestone":
 *   {"status": ..., "message": ..., "latency_ms": ..., "errors_24h": ...,
 *   "last_check": ...}}}`
 */
JsonNode *
rtcc_health_monitor_to_json (RtccHealthMonitor *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new_immutable ();
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->registry));

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "status");
  json_builder_add_string_value (b, rtcc_overall_health_to_string (compute_overall (self)));
  json_builder_set_member_name (b, "components");
  json_builder_begin_object (b);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RtccIntegration) integration = g_list_model_get_item (G_LIST_MODEL (self->registry), i);
      g_autofree char *message = rtcc_integration_dup_status_message (integration);
      g_autoptr(GDateTime) last = rtcc_integration_dup_last_check (integration);
      RtccIntegrationStatus status = rtcc_integration_get_status (integration);

      json_builder_set_member_name (b, rtcc_integration_get_id (integration));
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "status");
      json_builder_add_string_value (b, rtcc_integration_status_health_word (status));
      json_builder_set_member_name (b, "message");
      if (message != NULL)
        json_builder_add_string_value (b, message);
      else
        json_builder_add_null_value (b);
      json_builder_set_member_name (b, "latency_ms");
      if (last != NULL && status != RTCC_INTEGRATION_STATUS_DISABLED)
        json_builder_add_int_value (b, (gint64) (rtcc_integration_get_latency_ms (integration) + 0.5));
      else
        json_builder_add_null_value (b);
      json_builder_set_member_name (b, "errors_24h");
      json_builder_add_int_value (b, rtcc_integration_get_errors_24h (integration));
      json_builder_set_member_name (b, "last_check");
      if (last != NULL)
        {
          g_autofree char *text = rtcc_time_format_iso (last);
          json_builder_add_string_value (b, text);
        }
      else
        json_builder_add_null_value (b);
      json_builder_end_object (b);
    }
  json_builder_end_object (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}
