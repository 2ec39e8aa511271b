/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccShotspotter"

#include "config.h"

#include <glib/gi18n.h>

#include "rtcc-json.h"
#include "rtcc-seen-set.h"
#include "rtcc-shotspotter-integration.h"
#include "rtcc-shotspotter-normalize.h"
#include "rtcc-stream.h"
#include "rtcc-time.h"
#include "rtcc-util.h"

/* On start, the alerts of the last hour fill the feed before the stream. */
#define CATCH_UP_SECONDS (60 * 60)
#define PAGE_SIZE        200
/* Alert versions remembered to drop what both the catch-up and the stream
 * send. */
#define MAX_SEEN_ALERTS  10000
/* A failed catch-up is tried again after this, doubling up to the max. */
#define RETRY_FIRST_S    2
#define RETRY_MAX_S      60

struct _RtccShotspotterIntegration
{
  RtccBaseIntegration  parent_instance;

  RtccStream          *stream;
  char                *cursor;
  char                *cursor_origin;  /* URL and agency the cursor came from */

  GDateTime           *catch_up_since;
  gboolean             caught_up;
  gboolean             catching_up;
  guint                retry_id;
  guint                retry_s;
  RtccSeenSet         *seen;           /* event id → highest version emitted */
};

G_DEFINE_FINAL_TYPE (RtccShotspotterIntegration, rtcc_shotspotter_integration, RTCC_TYPE_BASE_INTEGRATION)

static char *
agency_path (RtccShotspotterIntegration *self,
             const char                 *rest)
{
  RtccConfig *config = rtcc_base_integration_get_config (RTCC_BASE_INTEGRATION (self));
  g_autofree char *agency = g_uri_escape_string (rtcc_config_get (config, "SHOTSPOTTER_AGENCY_ID"),
                                                 NULL, FALSE);

  return g_strdup_printf ("/agencies/%s%s", agency, rest);
}

static gboolean
rtcc_shotspotter_integration_configure (RtccBaseIntegration  *self,
                                        RtccConfig           *config,
                                        RtccServiceClient    *client,
                                        GError              **error)
{
  const char *key, *agency;
  RtccShotspotterIntegration *ss = RTCC_SHOTSPOTTER_INTEGRATION (self);
  g_autofree char *origin = NULL;

  if (!(key = rtcc_base_integration_require (self, config, "SHOTSPOTTER_API_KEY", error)) ||
      !(agency = rtcc_base_integration_require (self, config, "SHOTSPOTTER_AGENCY_ID", error)))
    return FALSE;
  rtcc_service_client_set_bearer_token (client, key);
  rtcc_service_client_set_credential_hint (client, "SHOTSPOTTER_API_KEY");

  /* A cursor only means something to the stream that gave it; another
   * vendor or agency would skip its first alerts. */
  origin = g_strdup_printf ("%s\n%s", rtcc_config_get (config, "SHOTSPOTTER_API_URL"), agency);
  if (g_strcmp0 (origin, ss->cursor_origin) != 0)
    {
      g_clear_pointer (&ss->cursor, g_free);
      rtcc_seen_set_clear (ss->seen);
      g_free (ss->cursor_origin);
      ss->cursor_origin = g_steal_pointer (&origin);
    }
  return TRUE;
}

static RtccRequest *
rtcc_shotspotter_integration_health_request (RtccBaseIntegration *self)
{
  g_autofree char *path = agency_path (RTCC_SHOTSPOTTER_INTEGRATION (self), "/alerts");
  RtccRequest *request = rtcc_request_new ("GET", path);

  rtcc_request_add_query (request, "limit", "1");
  return request;
}

static GPtrArray *
rtcc_shotspotter_integration_normalize (RtccBaseIntegration  *self,
                                        JsonNode             *document,
                                        GPtrArray           **item_errors,
                                        GError              **error)
{
  return rtcc_shotspotter_normalize_document (document, item_errors, NULL, error);
}

static void
report_bad_items (RtccShotspotterIntegration *self,
                  GPtrArray                  *errors)
{
  RtccServiceClient *client = rtcc_base_integration_get_client (RTCC_BASE_INTEGRATION (self));

  for (guint i = 0; errors != NULL && i < errors->len; i++)
    {
      GError *error = g_ptr_array_index (errors, i);
      g_warning ("Skipped a ShotSpotter alert: %s", error->message);
      if (client != NULL)
        rtcc_service_client_record_failure (client, error);
    }
}

/* Returns whether the event is a new alert or a newer version of one,
 * remembering it. */
static gboolean
remember_alert (RtccShotspotterIntegration *self,
                RtccEvent                  *event)
{
  return rtcc_seen_set_add (self->seen, rtcc_event_get_id (event), rtcc_event_get_version (event));
}

static void
emit_all (RtccShotspotterIntegration *self,
          GPtrArray                  *events)
{
  for (guint i = 0; i < events->len; i++)
    {
      RtccEvent *event = g_ptr_array_index (events, i);

      if (remember_alert (self, event))
        rtcc_integration_emit_event (RTCC_INTEGRATION (self), event);
    }
}

static char *
stream_path (gpointer user_data)
{
  RtccShotspotterIntegration *self = user_data;
  g_autofree char *path = agency_path (self, "/alerts/stream");
  g_autofree char *cursor = NULL;

  if (self->cursor == NULL)
    return g_steal_pointer (&path);
  cursor = g_uri_escape_string (self->cursor, NULL, FALSE);
  return g_strdup_printf ("%s?cursor=%s", path, cursor);
}

static void
on_stream_message (RtccStream                 *stream,
                   GBytes                     *message,
                   RtccShotspotterIntegration *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rtcc_json_parse_bytes (message, &error);
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GPtrArray) errors = NULL;
  g_autofree char *cursor = NULL;

  if (node != NULL)
    events = rtcc_shotspotter_normalize_document (node, &errors, &cursor, &error);
  if (events == NULL)
    {
      g_autoptr(GPtrArray) one = g_ptr_array_new ();
      g_ptr_array_add (one, error);
      report_bad_items (self, one);
      return;
    }
  report_bad_items (self, errors);
  emit_all (self, events);
  /* Only a message that was read moves the cursor, so nothing is skipped. */
  if (cursor != NULL)
    rtcc_set_str (&self->cursor, cursor);
}

static void
on_stream_problem (RtccStream                 *stream,
                   GParamSpec                 *pspec,
                   RtccShotspotterIntegration *self)
{
  rtcc_base_integration_set_stream_problem (RTCC_BASE_INTEGRATION (self),
                                            rtcc_stream_get_problem (stream));
}

static void catch_up (RtccShotspotterIntegration *self);

static gboolean
retry_cb (gpointer user_data)
{
  RtccShotspotterIntegration *self = user_data;

  self->retry_id = 0;
  catch_up (self);
  return G_SOURCE_REMOVE;
}

static void
catch_up_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  RtccShotspotterIntegration *self = RTCC_SHOTSPOTTER_INTEGRATION (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = rtcc_shotspotter_integration_list_alerts_finish (self, result, &error);

  self->catching_up = FALSE;
  if (!rtcc_base_integration_is_started (RTCC_BASE_INTEGRATION (self)))
    return;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* Stopped and started again while this was on the wire. */
      catch_up (self);
      return;
    }
  if (events == NULL)
    {
      /* Without it the alerts of the hour before the start, and of an
       * outage the workstation started in, would never be shown. */
      rtcc_base_integration_report_error (RTCC_BASE_INTEGRATION (self), error);
      g_clear_handle_id (&self->retry_id, g_source_remove);
      self->retry_id = g_timeout_add_seconds (self->retry_s, retry_cb, self);
      self->retry_s = MIN (self->retry_s * 2, RETRY_MAX_S);
      return;
    }
  self->caught_up = TRUE;
  emit_all (self, events);
}

/* Lists the alerts from an hour before the start; what the stream also
 * sends is dropped by emit_all(). */
static void
catch_up (RtccShotspotterIntegration *self)
{
  RtccBaseIntegration *base = RTCC_BASE_INTEGRATION (self);

  if (self->catching_up || self->caught_up || !rtcc_base_integration_is_started (base))
    return;
  g_clear_handle_id (&self->retry_id, g_source_remove);
  self->catching_up = TRUE;
  rtcc_shotspotter_integration_list_alerts_async (self, self->catch_up_since, NULL, 10 * PAGE_SIZE,
                                                  rtcc_base_integration_get_cancellable (base),
                                                  catch_up_cb, NULL);
}

static void
on_stream_opened (RtccStream                 *stream,
                  RtccShotspotterIntegration *self)
{
  /* A stream without a cursor starts from now: whatever came before it
   * can only come from the listing. */
  if (self->cursor == NULL)
    self->caught_up = FALSE;
  self->retry_s = RETRY_FIRST_S;
  catch_up (self);
}

static void
rtcc_shotspotter_integration_start (RtccBaseIntegration *base)
{
  RtccShotspotterIntegration *self = RTCC_SHOTSPOTTER_INTEGRATION (base);
  RtccServiceClient *client = rtcc_base_integration_get_client (base);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  g_clear_pointer (&self->catch_up_since, g_date_time_unref);
  self->catch_up_since = g_date_time_add_seconds (now, -CATCH_UP_SECONDS);
  self->caught_up = FALSE;
  self->retry_s = RETRY_FIRST_S;

  self->stream = rtcc_stream_new (client, stream_path, self, NULL);
  g_signal_connect_object (self->stream, "message", G_CALLBACK (on_stream_message), self, 0);
  g_signal_connect_object (self->stream, "opened", G_CALLBACK (on_stream_opened), self, 0);
  g_signal_connect_object (self->stream, "notify::problem", G_CALLBACK (on_stream_problem), self, 0);
  rtcc_stream_start (self->stream);

  catch_up (self);
}

static void
rtcc_shotspotter_integration_stop (RtccBaseIntegration *base)
{
  RtccShotspotterIntegration *self = RTCC_SHOTSPOTTER_INTEGRATION (base);

  if (self->stream != NULL)
    {
      rtcc_stream_stop (self->stream);
      g_signal_handlers_disconnect_by_data (self->stream, self);
      g_clear_object (&self->stream);
    }
  g_clear_handle_id (&self->retry_id, g_source_remove);
  rtcc_base_integration_set_stream_problem (base, NULL);
}

static void
rtcc_shotspotter_integration_finalize (GObject *object)
{
  RtccShotspotterIntegration *self = RTCC_SHOTSPOTTER_INTEGRATION (object);

  g_clear_object (&self->stream);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  g_clear_pointer (&self->catch_up_since, g_date_time_unref);
  rtcc_seen_set_free (self->seen);
  g_free (self->cursor);
  g_free (self->cursor_origin);
  G_OBJECT_CLASS (rtcc_shotspotter_integration_parent_class)->finalize (object);
}

static void
rtcc_shotspotter_integration_class_init (RtccShotspotterIntegrationClass *klass_)
{
  RtccBaseIntegrationClass *klass = RTCC_BASE_INTEGRATION_CLASS (klass_);

  G_OBJECT_CLASS (klass_)->finalize = rtcc_shotspotter_integration_finalize;
  klass->source = RTCC_SOURCE_SHOTSPOTTER;
  klass->url_key = "SHOTSPOTTER_API_URL";
  klass->health_member = "alerts";
  klass->configure = rtcc_shotspotter_integration_configure;
  klass->health_request = rtcc_shotspotter_integration_health_request;
  klass->normalize = rtcc_shotspotter_integration_normalize;
  klass->start = rtcc_shotspotter_integration_start;
  klass->stop = rtcc_shotspotter_integration_stop;
}

static void
rtcc_shotspotter_integration_init (RtccShotspotterIntegration *self)
{
  self->seen = rtcc_seen_set_new (MAX_SEEN_ALERTS);
  self->retry_s = RETRY_FIRST_S;
}

/**
 * rtcc_shotspotter_integration_new:
 * @config: the workstation's configuration
 *
 * Returns: (transfer full): the ShotSpotter integration, disabled when
 *   SHOTSPOTTER_API_URL is not set
 */
RtccIntegration *
rtcc_shotspotter_integration_new (RtccConfig *config)
{
  return g_object_new (RTCC_TYPE_SHOTSPOTTER_INTEGRATION, "config", config, NULL);
}

/**
 * rtcc_shotspotter_integration_get_cursor:
 *
 * Returns: (nullable): the cursor of the last stream message read
 */
const char *
rtcc_shotspotter_integration_get_cursor (RtccShotspotterIntegration *self)
{
  return self->cursor;
}

/* Listing: pages through nextCursor until the vendor has no more or the
 * caller has enough. */

typedef struct
{
  char      *since;
  char      *until;
  guint      max_alerts;
  GPtrArray *events;
} ListData;

static void
list_data_free (gpointer p)
{
  ListData *data = p;

  g_free (data->since);
  g_free (data->until);
  g_ptr_array_unref (data->events);
  g_free (data);
}

static void list_next_page (GTask *task, const char *cursor);

static void
list_page_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RtccShotspotterIntegration *self = g_task_get_source_object (task);
  ListData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rtcc_service_client_send_json_finish (RTCC_SERVICE_CLIENT (object), result, &error);
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GPtrArray) errors = NULL;
  g_autofree char *next = NULL;

  if (node != NULL)
    events = rtcc_shotspotter_normalize_document (node, &errors, &next, &error);
  if (events == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  report_bad_items (self, errors);
  for (guint i = 0; i < events->len && data->events->len < data->max_alerts; i++)
    g_ptr_array_add (data->events, g_object_ref (g_ptr_array_index (events, i)));

  if (next != NULL && events->len > 0 && data->events->len < data->max_alerts)
    {
      list_next_page (g_steal_pointer (&task), next);
      return;
    }
  g_task_return_pointer (task, g_ptr_array_ref (data->events), (GDestroyNotify) g_ptr_array_unref);
}

static void
list_next_page (GTask      *task,
                const char *cursor)
{
  RtccShotspotterIntegration *self = g_task_get_source_object (task);
  ListData *data = g_task_get_task_data (task);
  RtccServiceClient *client = rtcc_base_integration_client_or_error (RTCC_BASE_INTEGRATION (self), task);
  g_autofree char *path = NULL;
  g_autofree char *limit = NULL;
  g_autoptr(RtccRequest) request = NULL;

  if (client == NULL)
    {
      g_object_unref (task);
      return;
    }
  path = agency_path (self, "/alerts");
  limit = g_strdup_printf ("%u", MIN (PAGE_SIZE, data->max_alerts - data->events->len));
  request = rtcc_request_new ("GET", path);
  rtcc_request_add_query (request, "since", data->since);
  rtcc_request_add_query (request, "until", data->until);
  rtcc_request_add_query (request, "limit", limit);
  rtcc_request_add_query (request, "cursor", cursor);
  rtcc_service_client_send_async (client, request, g_task_get_cancellable (task), list_page_cb, task);
}

/**
 * rtcc_shotspotter_integration_list_alerts_async:
 * @since: (nullable): the earliest alert time
 * @until: (nullable): the latest alert time
 * @max_alerts: stop after this many
 *
 * Historical alerts from the vendor, following its pages.
 */
void
rtcc_shotspotter_integration_list_alerts_async (RtccShotspotterIntegration *self,
                                                GDateTime                  *since,
                                                GDateTime                  *until,
                                                guint                       max_alerts,
                                                GCancellable               *cancellable,
                                                GAsyncReadyCallback         callback,
                                                gpointer                    user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  ListData *data = g_new0 (ListData, 1);

  g_task_set_source_tag (task, rtcc_shotspotter_integration_list_alerts_async);
  data->since = since ? rtcc_time_format_iso (since) : NULL;
  data->until = until ? rtcc_time_format_iso (until) : NULL;
  data->max_alerts = MAX (max_alerts, 1);
  data->events = g_ptr_array_new_with_free_func (g_object_unref);
  g_task_set_task_data (task, data, list_data_free);
  list_next_page (task, NULL);
}

/**
 * rtcc_shotspotter_integration_list_alerts_finish:
 *
 * Returns: (transfer container) (element-type RtccEvent): the alerts
 */
GPtrArray *
rtcc_shotspotter_integration_list_alerts_finish (RtccShotspotterIntegration  *self,
                                                 GAsyncResult                *result,
                                                 GError                     **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rtcc_shotspotter_integration_list_alerts_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
get_alert_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rtcc_service_client_send_json_finish (RTCC_SERVICE_CLIENT (object), result, &error);
  RtccEvent *event;

  if (node == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_task_return_new_error (task, RTCC_JSON_ERROR, RTCC_JSON_ERROR_WRONG_SHAPE,
                               _("ShotSpotter did not send an alert"));
      return;
    }
  event = rtcc_shotspotter_normalize_alert (json_node_get_object (node), NULL, &error);
  if (event == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, event, g_object_unref);
}

static char *
alert_path (RtccShotspotterIntegration *self,
            const char                 *alert_id,
            const char                 *rest)
{
  g_autofree char *escaped = g_uri_escape_string (alert_id, NULL, FALSE);
  g_autofree char *tail = g_strdup_printf ("/alerts/%s%s", escaped, rest);

  return agency_path (self, tail);
}

/**
 * rtcc_shotspotter_integration_get_alert_async:
 *
 * The alert's details (sensors triggered, shooters...) as an event.
 */
void
rtcc_shotspotter_integration_get_alert_async (RtccShotspotterIntegration *self,
                                              const char                 *alert_id,
                                              GCancellable               *cancellable,
                                              GAsyncReadyCallback         callback,
                                              gpointer                    user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  RtccServiceClient *client;
  g_autofree char *path = NULL;
  g_autoptr(RtccRequest) request = NULL;

  g_task_set_source_tag (task, rtcc_shotspotter_integration_get_alert_async);
  if (!(client = rtcc_base_integration_client_or_error (RTCC_BASE_INTEGRATION (self), task)))
    return;
  path = alert_path (self, alert_id, "");
  request = rtcc_request_new ("GET", path);
  rtcc_service_client_send_async (client, request, cancellable, get_alert_cb, g_steal_pointer (&task));
}

/**
 * rtcc_shotspotter_integration_get_alert_finish:
 *
 * Returns: (transfer full): the alert
 */
RtccEvent *
rtcc_shotspotter_integration_get_alert_finish (RtccShotspotterIntegration  *self,
                                               GAsyncResult                *result,
                                               GError                     **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
get_audio_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  GBytes *bytes = rtcc_service_client_send_bytes_finish (RTCC_SERVICE_CLIENT (object), result, &error);

  if (bytes == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, bytes, (GDestroyNotify) g_bytes_unref);
}

/**
 * rtcc_shotspotter_integration_get_audio_async:
 *
 * The alert's audio clip (WAV).
 */
void
rtcc_shotspotter_integration_get_audio_async (RtccShotspotterIntegration *self,
                                              const char                 *alert_id,
                                              GCancellable               *cancellable,
                                              GAsyncReadyCallback         callback,
                                              gpointer                    user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  RtccServiceClient *client;
  g_autofree char *path = NULL;
  g_autoptr(RtccRequest) request = NULL;

  g_task_set_source_tag (task, rtcc_shotspotter_integration_get_audio_async);
  if (!(client = rtcc_base_integration_client_or_error (RTCC_BASE_INTEGRATION (self), task)))
    return;
  path = alert_path (self, alert_id, "/audio");
  request = rtcc_request_new ("GET", path);
  rtcc_service_client_send_bytes_async (client, request, cancellable, get_audio_cb,
                                        g_steal_pointer (&task));
}

/**
 * rtcc_shotspotter_integration_get_audio_finish:
 *
 * Returns: (transfer full): the WAV bytes
 */
GBytes *
rtcc_shotspotter_integration_get_audio_finish (RtccShotspotterIntegration  *self,
                                               GAsyncResult                *result,
                                               GError                     **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
acknowledge_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rtcc_service_client_send_json_finish (RTCC_SERVICE_CLIENT (object), result, &error);
  GDateTime *at = NULL;
  const char *text;

  if (node == NULL)
    {
      if (g_error_matches (error, RTCC_HTTP_ERROR, RTCC_HTTP_ERROR_CONFLICT))
        g_task_return_new_error (task, RTCC_HTTP_ERROR, RTCC_HTTP_ERROR_CONFLICT,
                                 _("This alert was already acknowledged. %s"), error->message);
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  text = JSON_NODE_HOLDS_OBJECT (node) ? rtcc_json_get_string (json_node_get_object (node), "acknowledgedAt") : NULL;
  if (text != NULL)
    at = rtcc_time_parse_iso (text, NULL);
  if (at == NULL)
    at = g_date_time_new_now_utc ();
  g_task_return_pointer (task, at, (GDestroyNotify) g_date_time_unref);
}

/**
 * rtcc_shotspotter_integration_acknowledge_async:
 * @notes: the analyst's notes
 * @operator_id: who acknowledges
 *
 * A second acknowledgment fails with %RTCC_HTTP_ERROR_CONFLICT.
 */
void
rtcc_shotspotter_integration_acknowledge_async (RtccShotspotterIntegration *self,
                                                const char                 *alert_id,
                                                const char                 *notes,
                                                const char                 *operator_id,
                                                GCancellable               *cancellable,
                                                GAsyncReadyCallback         callback,
                                                gpointer                    user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(RtccRequest) request = NULL;
  g_autofree char *path = NULL;
  RtccServiceClient *client;

  g_task_set_source_tag (task, rtcc_shotspotter_integration_acknowledge_async);
  if (!(client = rtcc_base_integration_client_or_error (RTCC_BASE_INTEGRATION (self), task)))
    return;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "notes");
  json_builder_add_string_value (b, notes ? notes : "");
  json_builder_set_member_name (b, "operator");
  json_builder_add_string_value (b, operator_id ? operator_id : "");
  json_builder_end_object (b);
  body = json_builder_get_root (b);

  path = alert_path (self, alert_id, "/acknowledge");
  request = rtcc_request_new ("POST", path);
  rtcc_request_set_json_body (request, body);
  rtcc_service_client_send_async (client, request, cancellable, acknowledge_cb, g_steal_pointer (&task));
}

/**
 * rtcc_shotspotter_integration_acknowledge_finish:
 *
 * Returns: (transfer full): when the vendor recorded the acknowledgment
 */
GDateTime *
rtcc_shotspotter_integration_acknowledge_finish (RtccShotspotterIntegration  *self,
                                                 GAsyncResult                *result,
                                                 GError                     **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
