/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccMilestone"

#include "config.h"

#include <glib/gi18n.h>

#include "rtcc-json.h"
#include "rtcc-seen-set.h"
#include "rtcc-milestone-integration.h"
#include "rtcc-milestone-normalize.h"
#include "rtcc-stream.h"
#include "rtcc-time.h"
#include "rtcc-util.h"
#include "rtcc-video-download.h"

/* A new session with no earlier event catches up this far back. */
#define CATCH_UP_SECONDS      (60 * 60)
#define DEFAULT_POLL_MS       1000
/* Milestone pushes no heartbeat; after this much silence the connection
 * is renewed, and the session resume or the catch-up loses nothing. */
#define STREAM_IDLE_SECONDS   300
#define SEEN_IDS_MAX          4096

G_DEFINE_QUARK (rtcc-milestone-error-quark, rtcc_milestone_error)

struct _RtccMilestoneIntegration
{
  RtccBaseIntegration  parent_instance;

  RtccStream          *stream;
  GHashTable          *cameras;          /* id → RtccCamera */
  char                *session_id;
  char                *last_event_id;
  GDateTime           *last_event_time;
  gint64               next_command_id;
  gint64               start_command_id;
  gint64               subscribe_command_id;
  guint                poll_interval_ms;
  RtccSeenSet         *seen;
};

G_DEFINE_FINAL_TYPE (RtccMilestoneIntegration, rtcc_milestone_integration, RTCC_TYPE_BASE_INTEGRATION)

static gboolean
rtcc_milestone_integration_configure (RtccBaseIntegration  *self,
                                      RtccConfig           *config,
                                      RtccServiceClient    *client,
                                      GError              **error)
{
  g_autoptr(GHashTable) form = g_hash_table_new (g_str_hash, g_str_equal);
  const char *user, *password, *key;

  if (!(user = rtcc_base_integration_require (self, config, "MILESTONE_USERNAME", error)) ||
      !(password = rtcc_base_integration_require (self, config, "MILESTONE_PASSWORD", error)))
    return FALSE;
  key = rtcc_config_get (config, "MILESTONE_API_KEY");

  /* XProtect's identity provider: resource-owner password grant. */
  g_hash_table_insert (form, (char *) "grant_type", (char *) "password");
  g_hash_table_insert (form, (char *) "username", (char *) user);
  g_hash_table_insert (form, (char *) "password", (char *) password);
  g_hash_table_insert (form, (char *) "client_id", (char *) "GrantValidatorClient");
  if (key != NULL)
    g_hash_table_insert (form, (char *) "client_secret", (char *) key);
  rtcc_service_client_set_token_endpoint (client, "/IDP/connect/token", form);
  rtcc_service_client_set_credential_hint (client, "MILESTONE_USERNAME and MILESTONE_PASSWORD");
  return TRUE;
}

static char *
dup_base_url (RtccMilestoneIntegration *self)
{
  RtccServiceClient *client = rtcc_base_integration_get_client (RTCC_BASE_INTEGRATION (self));

  if (client == NULL || rtcc_service_client_get_base_uri (client) == NULL)
    return NULL;
  return g_uri_to_string (rtcc_service_client_get_base_uri (client));
}

static GPtrArray *
normalize_with_cache (RtccMilestoneIntegration  *self,
                      JsonNode                  *document,
                      GPtrArray                **item_errors,
                      GError                   **error)
{
  g_autofree char *base = dup_base_url (self);
  RtccMilestoneContext context = { self->cameras, base };

  return rtcc_milestone_normalize_document (document, &context, item_errors, error);
}

static GPtrArray *
rtcc_milestone_integration_normalize (RtccBaseIntegration  *self,
                                      JsonNode             *document,
                                      GPtrArray           **item_errors,
                                      GError              **error)
{
  return normalize_with_cache (RTCC_MILESTONE_INTEGRATION (self), document, item_errors, error);
}

static void
report_bad_items (RtccMilestoneIntegration *self,
                  GPtrArray                *errors,
                  const char               *what)
{
  RtccServiceClient *client = rtcc_base_integration_get_client (RTCC_BASE_INTEGRATION (self));

  for (guint i = 0; errors != NULL && i < errors->len; i++)
    {
      GError *error = g_ptr_array_index (errors, i);
      g_warning ("Skipped a Milestone %s: %s", what, error->message);
      if (client != NULL)
        rtcc_service_client_record_failure (client, error);
    }
}

/* The stream resume and the catch-up may deliver an event twice. */
static gboolean
mark_seen (RtccMilestoneIntegration *self,
           const char               *id)
{
  return rtcc_seen_set_add (self->seen, id, 1);
}

static void
emit_events (RtccMilestoneIntegration *self,
             GPtrArray                *events,
             gboolean                  from_stream)
{
  for (guint i = 0; i < events->len; i++)
    {
      RtccEvent *event = g_ptr_array_index (events, i);
      GDateTime *at = rtcc_event_get_occurred_at (event);

      if (from_stream)
        rtcc_set_str (&self->last_event_id, rtcc_event_get_vendor_id (event));
      if (self->last_event_time == NULL || g_date_time_compare (at, self->last_event_time) > 0)
        {
          g_clear_pointer (&self->last_event_time, g_date_time_unref);
          self->last_event_time = g_date_time_ref (at);
        }
      if (mark_seen (self, rtcc_event_get_vendor_id (event)))
        rtcc_integration_emit_event (RTCC_INTEGRATION (self), event);
    }
}

static char *
camera_path (const char *camera_id,
             const char *rest)
{
  g_autofree char *escaped = g_uri_escape_string (camera_id ? camera_id : "", NULL, FALSE);

  return g_strdup_printf ("/rest/v1/cameras/%s%s", escaped, rest);
}

/* Events: catch-up and stream */

static void
catch_up_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(RtccMilestoneIntegration) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rtcc_service_client_send_json_finish (RTCC_SERVICE_CLIENT (object), result, &error);
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GPtrArray) errors = NULL;

  if (node != NULL)
    events = normalize_with_cache (self, node, &errors, &error);
  if (events == NULL)
    {
      rtcc_base_integration_report_error (RTCC_BASE_INTEGRATION (self), error);
      return;
    }
  report_bad_items (self, errors, "event");
  emit_events (self, events, FALSE);
}

static void
catch_up (RtccMilestoneIntegration *self)
{
  RtccBaseIntegration *base = RTCC_BASE_INTEGRATION (self);
  RtccServiceClient *client = rtcc_base_integration_get_client (base);
  g_autoptr(RtccRequest) request = rtcc_request_new ("GET", "/rest/v1/events");
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) from = NULL;
  g_autofree char *iso = NULL;

  if (client == NULL)
    return;
  from = self->last_event_time ? g_date_time_ref (self->last_event_time)
                               : g_date_time_add_seconds (now, -CATCH_UP_SECONDS);
  iso = rtcc_time_format_iso (from);
  rtcc_request_add_query (request, "from", iso);
  rtcc_service_client_send_async (client, request, rtcc_base_integration_get_cancellable (base),
                                  catch_up_cb, g_object_ref (self));
}

static void
send_command (RtccMilestoneIntegration *self,
              const char               *command,
              JsonNode                 *data,
              gint64                   *command_id)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  *command_id = ++self->next_command_id;
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "command");
  json_builder_add_string_value (b, command);
  json_builder_set_member_name (b, "commandId");
  json_builder_add_int_value (b, *command_id);
  json_builder_set_member_name (b, "data");
  json_builder_add_value (b, json_node_ref (data));
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  text = rtcc_json_to_string (root, FALSE);
  rtcc_stream_send_text (self->stream, text);
}

static void
send_start_session (RtccMilestoneIntegration *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) data = NULL;

  /* The previous session and its last event let Milestone resume it. */
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "sessionId");
  json_builder_add_string_value (b, self->session_id ? self->session_id : "");
  json_builder_set_member_name (b, "eventId");
  json_builder_add_string_value (b, self->last_event_id ? self->last_event_id : "");
  json_builder_end_object (b);
  data = json_builder_get_root (b);
  send_command (self, "startSession", data, &self->start_command_id);
}

static void
send_add_subscription (RtccMilestoneIntegration *self)
{
  g_autoptr(JsonNode) data = rtcc_json_parse ("{\"filters\": [{\"modifier\": \"include\","
                                              " \"resourceTypes\": [\"cameras\"],"
                                              " \"sourceIds\": [\"*\"], \"eventTypes\": [\"*\"]}]}",
                                              -1, NULL);

  send_command (self, "addSubscription", data, &self->subscribe_command_id);
}

static void
on_stream_opened (RtccStream               *stream,
                  RtccMilestoneIntegration *self)
{
  self->start_command_id = 0;
  self->subscribe_command_id = 0;
  send_start_session (self);
}

static void
stream_refused (RtccMilestoneIntegration *self,
                const char               *command,
                gint64                    status,
                JsonObject               *answer)
{
  const char *said = rtcc_json_get_string (rtcc_json_get_object (answer, "error"), "message");
  g_autofree char *message = NULL;

  if (said == NULL)
    said = rtcc_json_get_string (answer, "message");
  if (said == NULL)
    said = rtcc_json_get_string (answer, "error");
  message = g_strdup_printf (_("Milestone refused the event %s (%lld)%s%.200s"),
                             command, (long long) status, said ? ": " : "", said ? said : "");
  rtcc_base_integration_set_stream_problem (RTCC_BASE_INTEGRATION (self), message);
}

static void
handle_command_answer (RtccMilestoneIntegration *self,
                       JsonObject               *answer)
{
  gint64 command_id = 0, status = 0;
  const char *session;

  rtcc_json_get_int (answer, "commandId", &command_id, NULL);
  rtcc_json_get_int (answer, "status", &status, NULL);

  if (command_id != 0 && command_id == self->start_command_id)
    {
      session = rtcc_json_get_string (rtcc_json_get_object (answer, "data"), "sessionId");
      if (status == 200)
        {
          /* Resumed: Milestone replays what was missed and keeps the
           * subscription. */
          g_debug ("Milestone resumed event session %s", self->session_id);
          rtcc_base_integration_set_stream_problem (RTCC_BASE_INTEGRATION (self), NULL);
        }
      else if (status == 201 && session != NULL && *session != '\0')
        {
          /* A new session knows no subscription and nothing of what
           * happened while we were away: subscribe, then catch up. */
          rtcc_set_str (&self->session_id, session);
          send_add_subscription (self);
          catch_up (self);
        }
      else if (self->session_id != NULL && status >= 400 && status < 500)
        {
          /* Milestone no longer knows the old session: start a new one,
           * which the 201 answer then catches up. */
          g_clear_pointer (&self->session_id, g_free);
          g_clear_pointer (&self->last_event_id, g_free);
          send_start_session (self);
        }
      else
        stream_refused (self, "session", status, answer);
    }
  else if (command_id != 0 && command_id == self->subscribe_command_id)
    {
      if (status >= 200 && status < 300)
        rtcc_base_integration_set_stream_problem (RTCC_BASE_INTEGRATION (self), NULL);
      else
        stream_refused (self, "subscription", status, answer);
    }
}

static void
on_stream_message (RtccStream               *stream,
                   GBytes                   *message,
                   RtccMilestoneIntegration *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rtcc_json_parse_bytes (message, &error);
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GPtrArray) errors = NULL;

  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node) &&
      json_object_has_member (json_node_get_object (node), "commandId"))
    {
      handle_command_answer (self, json_node_get_object (node));
      return;
    }
  if (node != NULL)
    events = normalize_with_cache (self, node, &errors, &error);
  if (events == NULL)
    {
      g_autoptr(GPtrArray) one = g_ptr_array_new ();
      g_ptr_array_add (one, error);
      report_bad_items (self, one, "stream message");
      return;
    }
  report_bad_items (self, errors, "event");
  emit_events (self, events, TRUE);
}

static void
on_stream_problem (RtccStream               *stream,
                   GParamSpec               *pspec,
                   RtccMilestoneIntegration *self)
{
  rtcc_base_integration_set_stream_problem (RTCC_BASE_INTEGRATION (self),
                                            rtcc_stream_get_problem (stream));
}

static char *
stream_path (gpointer user_data)
{
  return g_strdup ("/ws/events/v1");
}

static void
start_cameras_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  RtccMilestoneIntegration *self = RTCC_MILESTONE_INTEGRATION (object);
  RtccBaseIntegration *base = RTCC_BASE_INTEGRATION (self);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cameras = rtcc_milestone_integration_list_cameras_finish (self, result, &error);
  RtccServiceClient *client = rtcc_base_integration_get_client (base);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      !rtcc_base_integration_is_started (base) || client == NULL || self->stream != NULL)
    return;
  /* Events without names are still worth having: the stream starts anyway. */
  if (cameras == NULL)
    rtcc_base_integration_report_error (base, error);

  self->stream = rtcc_stream_new (client, stream_path, self, NULL);
  rtcc_stream_set_idle_timeout (self->stream, STREAM_IDLE_SECONDS);
  g_signal_connect_object (self->stream, "opened", G_CALLBACK (on_stream_opened), self, 0);
  g_signal_connect_object (self->stream, "message", G_CALLBACK (on_stream_message), self, 0);
  g_signal_connect_object (self->stream, "notify::problem", G_CALLBACK (on_stream_problem), self, 0);
  rtcc_stream_start (self->stream);
}

static void
rtcc_milestone_integration_start (RtccBaseIntegration *base)
{
  RtccMilestoneIntegration *self = RTCC_MILESTONE_INTEGRATION (base);

  /* Cameras first, so that the first events already carry names and
   * positions. */
  rtcc_milestone_integration_list_cameras_async (self, rtcc_base_integration_get_cancellable (base),
                                                 start_cameras_cb, NULL);
}

static void
rtcc_milestone_integration_stop (RtccBaseIntegration *base)
{
  RtccMilestoneIntegration *self = RTCC_MILESTONE_INTEGRATION (base);

  if (self->stream != NULL)
    {
      rtcc_stream_stop (self->stream);
      g_signal_handlers_disconnect_by_data (self->stream, self);
      g_clear_object (&self->stream);
    }
  rtcc_base_integration_set_stream_problem (base, NULL);
}

static void
rtcc_milestone_integration_finalize (GObject *object)
{
  RtccMilestoneIntegration *self = RTCC_MILESTONE_INTEGRATION (object);

  g_clear_object (&self->stream);
  g_hash_table_unref (self->cameras);
  g_free (self->session_id);
  g_free (self->last_event_id);
  g_clear_pointer (&self->last_event_time, g_date_time_unref);
  rtcc_seen_set_free (self->seen);
  G_OBJECT_CLASS (rtcc_milestone_integration_parent_class)->finalize (object);
}

static void
rtcc_milestone_integration_class_init (RtccMilestoneIntegrationClass *klass_)
{
  RtccBaseIntegrationClass *klass = RTCC_BASE_INTEGRATION_CLASS (klass_);

  G_OBJECT_CLASS (klass_)->finalize = rtcc_milestone_integration_finalize;
  klass->source = RTCC_SOURCE_MILESTONE;
  klass->url_key = "MILESTONE_API_URL";
  klass->health_path = "/rest/v1/cameras";
  klass->health_member = "array";
  klass->configure = rtcc_milestone_integration_configure;
  klass->normalize = rtcc_milestone_integration_normalize;
  klass->start = rtcc_milestone_integration_start;
  klass->stop = rtcc_milestone_integration_stop;
}

static void
rtcc_milestone_integration_init (RtccMilestoneIntegration *self)
{
  self->cameras = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->seen = rtcc_seen_set_new (SEEN_IDS_MAX);
  self->poll_interval_ms = DEFAULT_POLL_MS;
}

/**
 * rtcc_milestone_integration_new:
 * @config: the workstation's configuration
 *
 * Returns: (transfer full): the Milestone integration, disabled when
 *   MILESTONE_API_URL is not set
 */
RtccIntegration *
rtcc_milestone_integration_new (RtccConfig *config)
{
  return g_object_new (RTCC_TYPE_MILESTONE_INTEGRATION, "config", config, NULL);
}

/**
 * rtcc_milestone_integration_get_cameras:
 *
 * Returns: (transfer none) (element-type utf8 RtccCamera): the cameras of
 *   the last successful listing, by id
 */
GHashTable *
rtcc_milestone_integration_get_cameras (RtccMilestoneIntegration *self)
{
  return self->cameras;
}

/**
 * rtcc_milestone_integration_get_session_id:
 *
 * Returns: (nullable): the event session Milestone gave us
 */
const char *
rtcc_milestone_integration_get_session_id (RtccMilestoneIntegration *self)
{
  return self->session_id;
}

/**
 * rtcc_milestone_integration_set_poll_interval:
 * @interval_ms: how often a clip export is asked about
 */
void
rtcc_milestone_integration_set_poll_interval (RtccMilestoneIntegration *self,
                                              guint                     interval_ms)
{
  self->poll_interval_ms = MAX (interval_ms, 1);
}

/* Cameras */

static void
list_cameras_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RtccMilestoneIntegration *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rtcc_service_client_send_json_finish (RTCC_SERVICE_CLIENT (object), result, &error);
  g_autoptr(GPtrArray) cameras = NULL;
  g_autoptr(GPtrArray) errors = NULL;

  if (node != NULL)
    cameras = rtcc_camera_list_from_json (node, &errors, &error);
  if (cameras == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  report_bad_items (self, errors, "camera");
  g_hash_table_remove_all (self->cameras);
  for (guint i = 0; i < cameras->len; i++)
    {
      RtccCamera *camera = g_ptr_array_index (cameras, i);
      g_hash_table_replace (self->cameras, g_strdup (rtcc_camera_get_id (camera)), g_object_ref (camera));
    }
  g_task_return_pointer (task, g_steal_pointer (&cameras), (GDestroyNotify) g_ptr_array_unref);
}

/**
 * rtcc_milestone_integration_list_cameras_async:
 *
 * Lists every camera and refreshes the cache that gives events their
 * camera names and positions. Cameras that cannot be read are skipped
 * with a warning.
 */
void
rtcc_milestone_integration_list_cameras_async (RtccMilestoneIntegration *self,
                                               GCancellable             *cancellable,
                                               GAsyncReadyCallback       callback,
                                               gpointer                  user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(RtccRequest) request = NULL;
  RtccServiceClient *client;

  g_task_set_source_tag (task, rtcc_milestone_integration_list_cameras_async);
  if (!(client = rtcc_base_integration_client_or_error (RTCC_BASE_INTEGRATION (self), task)))
    return;
  request = rtcc_request_new ("GET", "/rest/v1/cameras");
  rtcc_service_client_send_async (client, request, cancellable, list_cameras_cb, g_steal_pointer (&task));
}

/**
 * rtcc_milestone_integration_list_cameras_finish:
 *
 * Returns: (transfer container) (element-type RtccCamera): the cameras
 */
GPtrArray *
rtcc_milestone_integration_list_cameras_finish (RtccMilestoneIntegration  *self,
                                                GAsyncResult              *result,
                                                GError                   **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rtcc_milestone_integration_list_cameras_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static JsonObject *
data_object (JsonNode *node)
{
  JsonObject *obj = node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;

  return rtcc_json_get_object (obj, "data");
}

static void
get_camera_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rtcc_service_client_send_json_finish (RTCC_SERVICE_CLIENT (object), result, &error);
  JsonObject *data;
  RtccCamera *camera;

  if (node == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (!(data = data_object (node)))
    {
      g_task_return_new_error (task, RTCC_MILESTONE_ERROR, RTCC_MILESTONE_ERROR_BAD_ANSWER,
                               _("Milestone did not send a camera"));
      return;
    }
  if (!(camera = rtcc_camera_new_from_json (data, &error)))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, camera, g_object_unref);
}

/**
 * rtcc_milestone_integration_get_camera_async:
 * @camera_id: the camera's GUID
 */
void
rtcc_milestone_integration_get_camera_async (RtccMilestoneIntegration *self,
                                             const char               *camera_id,
                                             GCancellable             *cancellable,
                                             GAsyncReadyCallback       callback,
                                             gpointer                  user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(RtccRequest) request = NULL;
  g_autofree char *path = NULL;
  RtccServiceClient *client;

  g_task_set_source_tag (task, rtcc_milestone_integration_get_camera_async);
  if (!(client = rtcc_base_integration_client_or_error (RTCC_BASE_INTEGRATION (self), task)))
    return;
  path = camera_path (camera_id, "");
  request = rtcc_request_new ("GET", path);
  rtcc_service_client_send_async (client, request, cancellable, get_camera_cb, g_steal_pointer (&task));
}

/**
 * rtcc_milestone_integration_get_camera_finish:
 *
 * Returns: (transfer full): the camera
 */
RtccCamera *
rtcc_milestone_integration_get_camera_finish (RtccMilestoneIntegration  *self,
                                              GAsyncResult              *result,
                                              GError                   **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rtcc_milestone_integration_get_camera_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
get_status_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rtcc_service_client_send_json_finish (RTCC_SERVICE_CLIENT (object), result, &error);
  RtccCameraStatus *status;
  JsonObject *data;

  if (node == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (!(data = data_object (node)))
    {
      g_task_return_new_error (task, RTCC_MILESTONE_ERROR, RTCC_MILESTONE_ERROR_BAD_ANSWER,
                               _("Milestone did not send a camera status"));
      return;
    }
  if (!(status = rtcc_camera_status_new_from_json (data, &error)))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, status, (GDestroyNotify) rtcc_camera_status_free);
}

/**
 * rtcc_milestone_integration_get_status_async:
 * @camera_id: the camera's GUID
 *
 * Whether the camera responds and records now.
 */
void
rtcc_milestone_integration_get_status_async (RtccMilestoneIntegration *self,
                                             const char               *camera_id,
                                             GCancellable             *cancellable,
                                             GAsyncReadyCallback       callback,
                                             gpointer                  user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(RtccRequest) request = NULL;
  g_autofree char *path = NULL;
  RtccServiceClient *client;

  g_task_set_source_tag (task, rtcc_milestone_integration_get_status_async);
  if (!(client = rtcc_base_integration_client_or_error (RTCC_BASE_INTEGRATION (self), task)))
    return;
  path = camera_path (camera_id, "/status");
  request = rtcc_request_new ("GET", path);
  rtcc_service_client_send_async (client, request, cancellable, get_status_cb, g_steal_pointer (&task));
}

/**
 * rtcc_milestone_integration_get_status_finish:
 *
 * Returns: (transfer full): the status
 */
RtccCameraStatus *
rtcc_milestone_integration_get_status_finish (RtccMilestoneIntegration  *self,
                                              GAsyncResult              *result,
                                              GError                   **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rtcc_milestone_integration_get_status_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
get_streams_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rtcc_service_client_send_json_finish (RTCC_SERVICE_CLIENT (object), result, &error);
  JsonArray *streams;
  const char *chosen = NULL;

  if (node == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  streams = JSON_NODE_HOLDS_OBJECT (node) ? rtcc_json_get_array (json_node_get_object (node), "array") : NULL;
  if (streams == NULL)
    {
      g_task_return_new_error (task, RTCC_MILESTONE_ERROR, RTCC_MILESTONE_ERROR_BAD_ANSWER,
                               _("Milestone did not send a list of streams"));
      return;
    }
  /* The live default stream; failing that, the first with an address. */
  for (guint i = 0; i < json_array_get_length (streams); i++)
    {
      JsonNode *item = json_array_get_element (streams, i);
      JsonObject *stream = JSON_NODE_HOLDS_OBJECT (item) ? json_node_get_object (item) : NULL;
      const char *uri = rtcc_json_get_string (stream, "rtspUri");
      gboolean live_default = FALSE;

      if (uri == NULL || !g_str_has_prefix (uri, "rtsp"))
        continue;
      rtcc_json_get_bool (stream, "liveDefault", &live_default, NULL);
      if (live_default)
        {
          chosen = uri;
          break;
        }
      if (chosen == NULL)
        chosen = uri;
    }
  if (chosen == NULL)
    g_task_return_new_error (task, RTCC_MILESTONE_ERROR, RTCC_MILESTONE_ERROR_NO_STREAM,
                             _("This camera has no live stream. Check it in the Milestone Management Client."));
  else
    g_task_return_pointer (task, g_strdup (chosen), g_free);
}

/**
 * rtcc_milestone_integration_get_streams_async:
 * @camera_id: the camera's GUID
 *
 * Finds the RTSP address of the camera's live default stream.
 */
void
rtcc_milestone_integration_get_streams_async (RtccMilestoneIntegration *self,
                                              const char               *camera_id,
                                              GCancellable             *cancellable,
                                              GAsyncReadyCallback       callback,
                                              gpointer                  user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(RtccRequest) request = NULL;
  g_autofree char *path = NULL;
  RtccServiceClient *client;

  g_task_set_source_tag (task, rtcc_milestone_integration_get_streams_async);
  if (!(client = rtcc_base_integration_client_or_error (RTCC_BASE_INTEGRATION (self), task)))
    return;
  path = camera_path (camera_id, "/streams");
  request = rtcc_request_new ("GET", path);
  rtcc_service_client_send_async (client, request, cancellable, get_streams_cb, g_steal_pointer (&task));
}

/**
 * rtcc_milestone_integration_get_streams_finish:
 *
 * Returns: (transfer full): the `rtsp://` address of the live stream
 */
char *
rtcc_milestone_integration_get_streams_finish (RtccMilestoneIntegration  *self,
                                               GAsyncResult              *result,
                                               GError                   **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rtcc_milestone_integration_get_streams_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
get_snapshot_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  GBytes *bytes = rtcc_service_client_send_bytes_finish (RTCC_SERVICE_CLIENT (object), result, &error);
  const guchar *data;
  gsize len = 0;

  if (bytes == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  data = g_bytes_get_data (bytes, &len);
  /* Every JPEG starts with the SOI marker; an error page does not. */
  if (len < 3 || data[0] != 0xFF || data[1] != 0xD8 || data[2] != 0xFF)
    {
      g_bytes_unref (bytes);
      g_task_return_new_error (task, RTCC_MILESTONE_ERROR, RTCC_MILESTONE_ERROR_BAD_ANSWER,
                               _("Milestone sent a snapshot that is not a JPEG picture"));
      return;
    }
  g_task_return_pointer (task, bytes, (GDestroyNotify) g_bytes_unref);
}

/**
 * rtcc_milestone_integration_get_snapshot_async:
 * @camera_id: the camera's GUID
 * @time: (nullable): a past moment, or %NULL for now
 *
 * One JPEG picture from the camera.
 */
void
rtcc_milestone_integration_get_snapshot_async (RtccMilestoneIntegration *self,
                                               const char               *camera_id,
                                               GDateTime                *time,
                                               GCancellable             *cancellable,
                                               GAsyncReadyCallback       callback,
                                               gpointer                  user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(RtccRequest) request = NULL;
  g_autofree char *path = NULL;
  g_autofree char *iso = NULL;
  RtccServiceClient *client;

  g_task_set_source_tag (task, rtcc_milestone_integration_get_snapshot_async);
  if (!(client = rtcc_base_integration_client_or_error (RTCC_BASE_INTEGRATION (self), task)))
    return;
  path = camera_path (camera_id, "/snapshot");
  request = rtcc_request_new ("GET", path);
  if (time != NULL)
    {
      iso = rtcc_time_format_iso (time);
      rtcc_request_add_query (request, "time", iso);
    }
  rtcc_service_client_send_bytes_async (client, request, cancellable, get_snapshot_cb,
                                        g_steal_pointer (&task));
}

/**
 * rtcc_milestone_integration_get_snapshot_finish:
 *
 * Returns: (transfer full): the JPEG bytes
 */
GBytes *
rtcc_milestone_integration_get_snapshot_finish (RtccMilestoneIntegration  *self,
                                                GAsyncResult              *result,
                                                GError                   **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rtcc_milestone_integration_get_snapshot_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Clip export: POST, poll until Completed or Failed, then stream the MP4
 * to the caller's file. */

typedef struct
{
  char               *export_id;
  GFile              *destination;
  RtccExportProgress  progress;
  gpointer            progress_data;
  GSource            *wait_source;
  GSource            *cancel_source;
} ExportData;

static void
export_clear_wait (ExportData *data)
{
  if (data->wait_source != NULL)
    {
      g_source_destroy (data->wait_source);
      g_clear_pointer (&data->wait_source, g_source_unref);
    }
  if (data->cancel_source != NULL)
    {
      g_source_destroy (data->cancel_source);
      g_clear_pointer (&data->cancel_source, g_source_unref);
    }
}

static void
export_data_free (gpointer p)
{
  ExportData *data = p;

  export_clear_wait (data);
  g_free (data->export_id);
  g_clear_object (&data->destination);
  g_free (data);
}

static void export_poll (GTask *task);

static char *
export_failure_text (JsonObject *export)
{
  JsonObject *err = rtcc_json_get_object (export, "error");
  JsonArray *details = rtcc_json_get_array (err, "details");
  const char *text = rtcc_json_get_string (export, "error");

  if (text != NULL)
    return g_strdup (text);
  if (details != NULL && json_array_get_length (details) > 0 &&
      JSON_NODE_HOLDS_OBJECT (json_array_get_element (details, 0)))
    text = rtcc_json_get_string (json_node_get_object (json_array_get_element (details, 0)), "errorText");
  if (text == NULL)
    text = rtcc_json_get_string (err, "message");
  return text ? g_strdup (text) : NULL;
}

static void
export_downloaded_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  goffset size = rtcc_video_download_finish (RTCC_SERVICE_CLIENT (object), result, &error);

  if (size < 0)
    g_task_return_error (task, error);
  else
    g_task_return_int (task, size);
}

static void
export_download_progress (goffset  received,
                          goffset  total,
                          gpointer user_data)
{
  ExportData *data = user_data;

  if (data->progress != NULL)
    data->progress (RTCC_EXPORT_PHASE_DOWNLOADING, total > 0 ? (double) received / total : -1,
                    data->progress_data);
}

/* Returns TRUE when the task was completed or handed on. */
static gboolean
export_handle_state (GTask      *task,
                     JsonObject *export)
{
  RtccMilestoneIntegration *self = g_task_get_source_object (task);
  ExportData *data = g_task_get_task_data (task);
  RtccServiceClient *client = rtcc_base_integration_get_client (RTCC_BASE_INTEGRATION (self));
  const char *state = rtcc_json_get_string (export, "state");
  double progress;

  if (state == NULL)
    {
      g_task_return_new_error (task, RTCC_MILESTONE_ERROR, RTCC_MILESTONE_ERROR_BAD_ANSWER,
                               _("Milestone's export answer has no state"));
      return TRUE;
    }
  if (g_str_equal (state, "Failed"))
    {
      g_autofree char *text = export_failure_text (export);
      g_task_return_new_error (task, RTCC_MILESTONE_ERROR, RTCC_MILESTONE_ERROR_EXPORT_FAILED,
                               _("Milestone could not export the clip: %.300s"),
                               text ? text : _("no reason given"));
      return TRUE;
    }
  if (g_str_equal (state, "Completed"))
    {
      const char *uri = rtcc_json_get_string (export, "downloadUri");

      if (uri == NULL || client == NULL)
        {
          g_task_return_new_error (task, RTCC_MILESTONE_ERROR, RTCC_MILESTONE_ERROR_BAD_ANSWER,
                                   _("Milestone finished the export but gave no download link"));
          return TRUE;
        }
      if (data->progress != NULL)
        data->progress (RTCC_EXPORT_PHASE_EXPORTING, 1.0, data->progress_data);
      rtcc_video_download_async (client, uri, data->destination, NULL, export_download_progress, data,
                                 g_task_get_cancellable (task), export_downloaded_cb, g_object_ref (task));
      return TRUE;
    }
  if (data->progress != NULL && rtcc_json_get_double (export, "progress", &progress, NULL))
    /* Milestone counts in percent. */
    data->progress (RTCC_EXPORT_PHASE_EXPORTING, CLAMP (progress / 100.0, 0.0, 1.0), data->progress_data);
  return FALSE;
}

static gboolean
export_wait_done_cb (gpointer user_data)
{
  GTask *task = user_data;
  ExportData *data = g_task_get_task_data (task);

  export_clear_wait (data);
  export_poll (task);
  return G_SOURCE_REMOVE;
}

static gboolean
export_cancelled_cb (GCancellable *cancellable,
                     gpointer      user_data)
{
  GTask *task = user_data;
  ExportData *data = g_task_get_task_data (task);

  export_clear_wait (data);
  g_task_return_error_if_cancelled (task);
  g_object_unref (task);
  return G_SOURCE_REMOVE;
}

/* Takes the task's reference; waits for the poll interval, or less if
 * the caller cancels. */
static void
export_wait (GTask *task)
{
  RtccMilestoneIntegration *self = g_task_get_source_object (task);
  ExportData *data = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  data->wait_source = g_timeout_source_new (self->poll_interval_ms);
  g_source_set_callback (data->wait_source, export_wait_done_cb, task, NULL);
  g_source_attach (data->wait_source, g_task_get_context (task));
  if (cancellable != NULL)
    {
      data->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (data->cancel_source, G_SOURCE_FUNC (export_cancelled_cb), task, NULL);
      g_source_attach (data->cancel_source, g_task_get_context (task));
    }
}

static void
export_answer_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ExportData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rtcc_service_client_send_json_finish (RTCC_SERVICE_CLIENT (object), result, &error);
  JsonObject *export;

  if (node == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  export = data_object (node);
  if (export == NULL && JSON_NODE_HOLDS_OBJECT (node))
    export = json_node_get_object (node);
  if (data->export_id == NULL)
    data->export_id = export ? rtcc_json_dup_string_lenient (export, "id") : NULL;
  if (export == NULL || data->export_id == NULL || *data->export_id == '\0')
    {
      g_task_return_new_error (task, RTCC_MILESTONE_ERROR, RTCC_MILESTONE_ERROR_BAD_ANSWER,
                               _("Milestone's export answer has no export id"));
      return;
    }
  if (export_handle_state (task, export))
    return;
  export_wait (g_steal_pointer (&task));
}

static void
export_poll (GTask *task)
{
  RtccMilestoneIntegration *self = g_task_get_source_object (task);
  ExportData *data = g_task_get_task_data (task);
  RtccServiceClient *client;
  g_autoptr(RtccRequest) request = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;

  if (g_task_return_error_if_cancelled (task) || !(client = rtcc_base_integration_client_or_error (RTCC_BASE_INTEGRATION (self), task)))
    {
      g_object_unref (task);
      return;
    }
  escaped = g_uri_escape_string (data->export_id, NULL, FALSE);
  path = g_strdup_printf ("/rest/v1/exports/%s", escaped);
  request = rtcc_request_new ("GET", path);
  rtcc_service_client_send_async (client, request, g_task_get_cancellable (task), export_answer_cb, task);
}

/**
 * rtcc_milestone_integration_export_clip_async:
 * @camera_id: the camera's GUID
 * @start: the clip's first moment
 * @end: its last moment, after @start
 * @destination: the MP4 file to write; replaced only once complete
 * @progress: (nullable) (scope notified): told of the export, then the
 *   download
 * @cancellable: stops the polling or the download; a partial file is
 *   removed
 *
 * Asks Milestone to cut a clip, waits for it, and saves it.
 */
void
rtcc_milestone_integration_export_clip_async (RtccMilestoneIntegration *self,
                                              const char               *camera_id,
                                              GDateTime                *start,
                                              GDateTime                *end,
                                              GFile                    *destination,
                                              RtccExportProgress        progress,
                                              gpointer                  progress_data,
                                              GCancellable             *cancellable,
                                              GAsyncReadyCallback       callback,
                                              gpointer                  user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(JsonBuilder) b = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(RtccRequest) request = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  ExportData *data;
  RtccServiceClient *client;

  g_task_set_source_tag (task, rtcc_milestone_integration_export_clip_async);
  if (!(client = rtcc_base_integration_client_or_error (RTCC_BASE_INTEGRATION (self), task)))
    return;
  if (camera_id == NULL || *camera_id == '\0' || g_date_time_compare (start, end) >= 0)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("A clip needs a camera and an end after its start"));
      return;
    }
  data = g_new0 (ExportData, 1);
  data->destination = g_object_ref (destination);
  data->progress = progress;
  data->progress_data = progress_data;
  g_task_set_task_data (task, data, export_data_free);

  from = rtcc_time_format_iso (start);
  to = rtcc_time_format_iso (end);
  b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "cameraId");
  json_builder_add_string_value (b, camera_id);
  json_builder_set_member_name (b, "start");
  json_builder_add_string_value (b, from);
  json_builder_set_member_name (b, "end");
  json_builder_add_string_value (b, to);
  json_builder_set_member_name (b, "format");
  json_builder_add_string_value (b, "mp4");
  json_builder_end_object (b);
  body = json_builder_get_root (b);

  request = rtcc_request_new ("POST", "/rest/v1/exports");
  rtcc_request_set_json_body (request, body);
  rtcc_service_client_send_async (client, request, cancellable, export_answer_cb, g_steal_pointer (&task));
}

/**
 * rtcc_milestone_integration_export_clip_finish:
 *
 * Returns: the size of the saved clip, or -1 with @error: the vendor's
 *   text for a failed export (%RTCC_MILESTONE_ERROR_EXPORT_FAILED),
 *   %G_IO_ERROR_CANCELLED when cancelled
 */
goffset
rtcc_milestone_integration_export_clip_finish (RtccMilestoneIntegration  *self,
                                               GAsyncResult              *result,
                                               GError                   **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), -1);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rtcc_milestone_integration_export_clip_async, -1);
  return g_task_propagate_int (G_TASK (result), error);
}
