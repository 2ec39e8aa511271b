/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "milestone/rtcc-milestone-integration.h"
#include "rtcc-json.h"
#include "rtcc-time.h"

#define CAM1 "6d1b2f1e-0001-4a4a-9a9a-000000000001"

typedef enum
{
  EXPORT_COMPLETES,
  EXPORT_FAILS,
  EXPORT_NEVER_ENDS,
} ExportMode;

/* A Milestone stand-in: token endpoint, cameras, exports, the events
 * WebSocket with sessions that resume or start anew, and the catch-up. */
typedef struct
{
  SoupServer              *server;
  char                    *base;
  guint                    token_requests;
  char                    *valid_token;
  gboolean                 refuse_all_tokens;
  GBytes                  *clip;
  ExportMode               export_mode;
  guint                    export_polls;
  char                    *export_body;
  char                    *snapshot_query;
  /* events */
  SoupWebsocketConnection *conn;
  guint                    connects;
  guint                    sessions_created;
  char                    *session_id;
  gboolean                 allow_resume;
  gboolean                 reject_stale;
  GPtrArray                *log;          /* JsonNode events, oldest first */
  GPtrArray                *commands;     /* text of commands received */
  guint                    catch_up_requests;
  char                    *catch_up_from;
} Fake;

static void
reply_json (SoupServerMessage *msg,
            guint              status,
            const char        *text)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, text, strlen (text));
}

static gboolean
authorized (Fake              *fake,
            SoupServerMessage *msg)
{
  const char *auth = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                   "Authorization");
  g_autofree char *expected = g_strdup_printf ("Bearer %s", fake->valid_token ? fake->valid_token : "");

  if (fake->valid_token != NULL && g_strcmp0 (auth, expected) == 0)
    return TRUE;
  reply_json (msg, 401, "{\"error\": {\"httpCode\": 401, \"details\": [{\"errorText\": \"Token expired\"}]}}");
  return FALSE;
}

static char *
load_fixture (const char *name)
{
  g_autofree char *path = g_build_filename (g_getenv ("RTCC_TEST_DATA"), "milestone", name, NULL);
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return text;
}

static char *
event_text (JsonNode *event)
{
  return rtcc_json_to_string (event, FALSE);
}

static void
push_event (Fake       *fake,
            const char *id,
            const char *time,
            const char *type)
{
  g_autofree char *text = g_strdup_printf ("{\"id\": \"%s\", \"time\": \"%s\", \"type\": \"%s\","
                                           " \"source\": \"cameras/" CAM1 "\", \"data\": {}}", id, time, type);
  JsonNode *node = rtcc_json_parse (text, -1, NULL);

  g_ptr_array_add (fake->log, node);
  if (fake->conn != NULL && soup_websocket_connection_get_state (fake->conn) == SOUP_WEBSOCKET_STATE_OPEN)
    {
      g_autofree char *push = g_strdup_printf ("{\"events\": [%s]}", text);
      soup_websocket_connection_send_text (fake->conn, push);
    }
}

static void
on_ws_message (SoupWebsocketConnection *conn,
               int                      type,
               GBytes                  *message,
               Fake                    *fake)
{
  g_autoptr(JsonNode) node = rtcc_json_parse_bytes (message, NULL);
  JsonObject *o = json_node_get_object (node);
  const char *command = json_object_get_string_member (o, "command");
  gint64 id = json_object_get_int_member (o, "commandId");
  JsonObject *data = json_object_get_object_member (o, "data");
  g_autofree char *reply = NULL;

  g_ptr_array_add (fake->commands, g_strndup (g_bytes_get_data (message, NULL), g_bytes_get_size (message)));
  if (g_str_equal (command, "startSession"))
    {
      const char *sid = json_object_get_string_member (data, "sessionId");
      const char *eid = json_object_get_string_member (data, "eventId");

      if (fake->allow_resume && *sid && g_strcmp0 (sid, fake->session_id) == 0)
        {
          guint from = 0;

          reply = g_strdup_printf ("{\"commandId\": %" G_GINT64_FORMAT ", \"status\": 200,"
                                   " \"data\": {\"sessionId\": \"%s\"}}", id, sid);
          soup_websocket_connection_send_text (conn, reply);
          for (guint i = 0; i < fake->log->len; i++)
            if (g_str_equal (json_object_get_string_member (json_node_get_object (g_ptr_array_index (fake->log, i)), "id"), eid))
              from = i + 1;
          for (guint i = from; i < fake->log->len; i++)
            {
              g_autofree char *ev = event_text (g_ptr_array_index (fake->log, i));
              g_autofree char *push = g_strdup_printf ("{\"events\": [%s]}", ev);
              soup_websocket_connection_send_text (conn, push);
            }
          return;
        }
      if (fake->reject_stale && *sid)
        {
          reply = g_strdup_printf ("{\"commandId\": %" G_GINT64_FORMAT ", \"status\": 404,"
                                   " \"error\": {\"message\": \"Unknown session\"}}", id);
          soup_websocket_connection_send_text (conn, reply);
          return;
        }
      g_free (fake->session_id);
      fake->session_id = g_strdup_printf ("S-%u", ++fake->sessions_created);
      reply = g_strdup_printf ("{\"commandId\": %" G_GINT64_FORMAT ", \"status\": 201,"
                               " \"data\": {\"sessionId\": \"%s\"}}", id, fake->session_id);
    }
  else
    reply = g_strdup_printf ("{\"commandId\": %" G_GINT64_FORMAT ", \"status\": 200, \"data\": {}}", id);
  soup_websocket_connection_send_text (conn, reply);
}

static void
on_ws_closed (SoupWebsocketConnection *conn,
              Fake                    *fake)
{
  if (fake->conn == conn)
    g_clear_object (&fake->conn);
}

static void
ws_handler (SoupServer              *server,
            SoupServerMessage       *msg,
            const char              *path,
            SoupWebsocketConnection *conn,
            gpointer                 user_data)
{
  Fake *fake = user_data;

  fake->connects++;
  g_clear_object (&fake->conn);
  fake->conn = g_object_ref (conn);
  g_signal_connect (conn, "message", G_CALLBACK (on_ws_message), fake);
  g_signal_connect (conn, "closed", G_CALLBACK (on_ws_closed), fake);
}

static void
token_handler (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  Fake *fake = user_data;
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  g_autofree char *form_text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_autoptr(GHashTable) form = soup_form_decode (form_text);
  g_autofree char *answer = NULL;

  fake->token_requests++;
  g_assert_cmpstr (g_hash_table_lookup (form, "grant_type"), ==, "password");
  g_assert_cmpstr (g_hash_table_lookup (form, "username"), ==, "analyst");
  g_assert_cmpstr (g_hash_table_lookup (form, "password"), ==, "s3cret-pass");
  g_assert_cmpstr (g_hash_table_lookup (form, "client_id"), ==, "GrantValidatorClient");
  g_free (fake->valid_token);
  fake->valid_token = fake->refuse_all_tokens ? NULL : g_strdup_printf ("tok-%u", fake->token_requests);
  answer = g_strdup_printf ("{\"access_token\": \"tok-%u\", \"expires_in\": 3600, \"token_type\": \"Bearer\"}",
                            fake->token_requests);
  reply_json (msg, 200, answer);
}

static void
rest_handler (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  Fake *fake = user_data;
  const char *method = soup_server_message_get_method (msg);

  if (!authorized (fake, msg))
    return;

  if (g_str_equal (path, "/rest/v1/cameras"))
    {
      g_autofree char *text = load_fixture ("cameras.json");
      reply_json (msg, 200, text);
    }
  else if (g_str_equal (path, "/rest/v1/cameras/" CAM1 "/status"))
    {
      g_autofree char *text = load_fixture ("camera-status.json");
      reply_json (msg, 200, text);
    }
  else if (g_str_equal (path, "/rest/v1/cameras/" CAM1 "/streams"))
    {
      g_autofree char *text = load_fixture ("streams.json");
      reply_json (msg, 200, text);
    }
  else if (g_str_equal (path, "/rest/v1/cameras/nostream/streams"))
    reply_json (msg, 200, "{\"array\": [{\"name\": \"x\", \"liveDefault\": true, \"rtspUri\": null}]}");
  else if (g_str_equal (path, "/rest/v1/cameras/" CAM1))
    reply_json (msg, 200, "{\"data\": {\"id\": \"" CAM1 "\", \"name\": \"One\", \"gisPoint\": \"POINT (1 2)\"}}");
  else if (g_str_equal (path, "/rest/v1/cameras/" CAM1 "/snapshot"))
    {
      static const guchar jpeg[] = { 0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0xFF, 0xD9 };
      g_free (fake->snapshot_query);
      fake->snapshot_query = g_strdup (g_uri_get_query (soup_server_message_get_uri (msg)));
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "image/jpeg", SOUP_MEMORY_STATIC, (const char *) jpeg, sizeof jpeg);
    }
  else if (g_str_equal (path, "/rest/v1/cameras/html/snapshot"))
    {
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC, "<html>", 6);
    }
  else if (g_str_equal (path, "/rest/v1/cameras/missing"))
    reply_json (msg, 404, "{\"error\": {\"httpCode\": 404, \"details\": [{\"errorText\": \"Camera not found\"}]}}");
  else if (g_str_equal (path, "/rest/v1/exports") && g_str_equal (method, "POST"))
    {
      SoupMessageBody *body = soup_server_message_get_request_body (msg);
      g_autoptr(GBytes) bytes = soup_message_body_flatten (body);

      g_free (fake->export_body);
      fake->export_body = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
      fake->export_polls = 0;
      reply_json (msg, 202, "{\"data\": {\"id\": \"X1\", \"state\": \"InProgress\", \"progress\": 0}}");
    }
  else if (g_str_equal (path, "/rest/v1/exports/X1"))
    {
      fake->export_polls++;
      if (fake->export_mode == EXPORT_NEVER_ENDS || fake->export_polls < 3)
        reply_json (msg, 200, "{\"data\": {\"id\": \"X1\", \"state\": \"InProgress\", \"progress\": \"40\"}}");
      else if (fake->export_mode == EXPORT_FAILS)
        reply_json (msg, 200, "{\"data\": {\"id\": \"X1\", \"state\": \"Failed\", \"progress\": 40,"
                              " \"error\": \"No recordings in the requested period\"}}");
      else
        reply_json (msg, 200, "{\"data\": {\"id\": \"X1\", \"state\": \"Completed\", \"progress\": 100,"
                              " \"downloadUri\": \"/rest/v1/exports/X1/download\"}}");
    }
  else if (g_str_equal (path, "/rest/v1/exports/X1/download"))
    {
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "video/mp4", SOUP_MEMORY_COPY,
                                        g_bytes_get_data (fake->clip, NULL), g_bytes_get_size (fake->clip));
    }
  else if (g_str_equal (path, "/rest/v1/events"))
    {
      GString *s = g_string_new ("{\"array\": [");
      g_autoptr(GDateTime) from = NULL;
      gboolean first = TRUE;

      fake->catch_up_requests++;
      g_free (fake->catch_up_from);
      fake->catch_up_from = g_strdup (query ? g_hash_table_lookup (query, "from") : NULL);
      from = rtcc_time_parse_iso (fake->catch_up_from, NULL);
      g_assert_nonnull (from);
      for (guint i = 0; i < fake->log->len; i++)
        {
          JsonNode *ev = g_ptr_array_index (fake->log, i);
          g_autoptr(GDateTime) at = rtcc_time_parse_iso (json_object_get_string_member (json_node_get_object (ev), "time"), NULL);
          g_autofree char *text = NULL;

          if (g_date_time_compare (at, from) < 0)
            continue;
          text = event_text (ev);
          g_string_append_printf (s, "%s%s", first ? "" : ",", text);
          first = FALSE;
        }
      g_string_append (s, "]}");
      reply_json (msg, 200, s->str);
      g_string_free (s, TRUE);
    }
  else
    reply_json (msg, 404, "{\"error\": {\"httpCode\": 404, \"details\": [{\"errorText\": \"No such path\"}]}}");
}

static void
fake_start (Fake *fake)
{
  g_autoptr(GError) error = NULL;
  GByteArray *clip = g_byte_array_new ();
  GSList *uris;

  /* Larger than one read chunk, so the download goes in pieces. */
  for (guint i = 0; i < 700 * 1024; i++)
    g_byte_array_append (clip, (const guint8 *) &(guint8) { (guint8) (i * 31 + 7) }, 1);
  fake->clip = g_byte_array_free_to_bytes (clip);
  fake->log = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  fake->commands = g_ptr_array_new_with_free_func (g_free);
  fake->server = soup_server_new (NULL, NULL);
  soup_server_add_websocket_handler (fake->server, "/ws/events/v1", NULL, NULL, ws_handler, fake, NULL);
  soup_server_add_handler (fake->server, "/IDP/connect/token", token_handler, fake, NULL);
  soup_server_add_handler (fake->server, "/rest", rest_handler, fake, NULL);
  soup_server_listen_local (fake->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (fake->server);
  fake->base = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
}

static void
fake_stop (Fake *fake)
{
  g_clear_object (&fake->conn);
  soup_server_disconnect (fake->server);
  g_clear_object (&fake->server);
  g_free (fake->base);
  g_free (fake->valid_token);
  g_bytes_unref (fake->clip);
  g_free (fake->export_body);
  g_free (fake->snapshot_query);
  g_free (fake->session_id);
  g_ptr_array_unref (fake->log);
  g_ptr_array_unref (fake->commands);
  g_free (fake->catch_up_from);
}

static RtccIntegration *
make_integration (Fake *fake)
{
  g_autoptr(RtccConfig) config = rtcc_config_new (NULL, FALSE);
  RtccIntegration *ms;

  rtcc_config_set_override (config, "MILESTONE_API_URL", fake->base);
  rtcc_config_set_override (config, "MILESTONE_USERNAME", "analyst");
  rtcc_config_set_override (config, "MILESTONE_PASSWORD", "s3cret-pass");
  ms = rtcc_milestone_integration_new (config);
  rtcc_milestone_integration_set_poll_interval (RTCC_MILESTONE_INTEGRATION (ms), 10);
  return ms;
}

static void
got_result (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (*slot == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (*slot);
  return *slot;
}

static void
spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE), g_usleep (1000);
}

static void
test_token_refresh_and_cameras (void)
{
  Fake fake = { 0 };
  g_autoptr(RtccIntegration) ms = NULL;
  g_autoptr(GAsyncResult) r1 = NULL;
  g_autoptr(GAsyncResult) r2 = NULL;
  g_autoptr(GAsyncResult) r3 = NULL;
  g_autoptr(GPtrArray) cameras = NULL;
  g_autoptr(GError) error = NULL;
  RtccMilestoneIntegration *self;
  RtccCamera *cached;

  fake_start (&fake);
  ms = make_integration (&fake);
  self = RTCC_MILESTONE_INTEGRATION (ms);
  g_test_expect_message ("RtccMilestone", G_LOG_LEVEL_WARNING, "Skipped a Milestone camera*");
  g_test_expect_message ("RtccMilestone", G_LOG_LEVEL_WARNING, "Skipped a Milestone camera*");
  g_test_expect_message ("RtccMilestone", G_LOG_LEVEL_WARNING, "Skipped a Milestone camera*");
  g_test_expect_message ("RtccMilestone", G_LOG_LEVEL_WARNING, "Skipped a Milestone camera*");
  g_test_expect_message ("RtccMilestone", G_LOG_LEVEL_WARNING, "Skipped a Milestone camera*");
  g_test_expect_message ("RtccMilestone", G_LOG_LEVEL_WARNING, "Skipped a Milestone camera*");
  rtcc_milestone_integration_list_cameras_async (self, NULL, got_result, &r1);
  cameras = rtcc_milestone_integration_list_cameras_finish (self, wait_result (&r1), &error);
  g_test_assert_expected_messages ();
  g_assert_no_error (error);
  g_assert_cmpuint (cameras->len, ==, 3);
  g_assert_cmpuint (fake.token_requests, ==, 1);
  cached = g_hash_table_lookup (rtcc_milestone_integration_get_cameras (self), CAM1);
  g_assert_nonnull (cached);
  g_assert_cmpstr (rtcc_camera_get_name (cached), ==, "Madison & Racine NE");
  g_assert_cmpuint (g_hash_table_size (rtcc_milestone_integration_get_cameras (self)), ==, 3);

  /* The vendor drops the token: one new sign-in, then the call works. */
  g_clear_pointer (&fake.valid_token, g_free);
  rtcc_milestone_integration_get_status_async (self, CAM1, NULL, got_result, &r2);
  {
    g_autoptr(RtccCameraStatus) status = rtcc_milestone_integration_get_status_finish (self, wait_result (&r2), &error);
    g_assert_no_error (error);
    g_assert_cmpint (status->state, ==, RTCC_CAMERA_STATE_NOT_RESPONDING);
    g_assert_cmpint (g_date_time_get_microsecond (status->last_updated), ==, 123456);
  }
  g_assert_cmpuint (fake.token_requests, ==, 2);

  /* Tokens refused every time: exactly one retry, then a clear error. */
  fake.refuse_all_tokens = TRUE;
  g_clear_pointer (&fake.valid_token, g_free);
  rtcc_milestone_integration_get_camera_async (self, CAM1, NULL, got_result, &r3);
  {
    g_autoptr(RtccCamera) camera = rtcc_milestone_integration_get_camera_finish (self, wait_result (&r3), &error);
    g_assert_null (camera);
    g_assert_error (error, RTCC_HTTP_ERROR, RTCC_HTTP_ERROR_UNAUTHORIZED);
    g_assert_nonnull (strstr (error->message, "Token expired"));
    g_assert_nonnull (strstr (error->message, "MILESTONE_USERNAME"));
  }
  g_assert_cmpuint (fake.token_requests, ==, 3);

  fake_stop (&fake);
}

static void
test_camera_calls (void)
{
  Fake fake = { 0 };
  g_autoptr(RtccIntegration) ms = NULL;
  RtccMilestoneIntegration *self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) at = g_date_time_new_utc (2026, 11, 23, 4, 12, 9.5);

  fake_start (&fake);
  ms = make_integration (&fake);
  self = RTCC_MILESTONE_INTEGRATION (ms);

  {
    g_autoptr(GAsyncResult) r = NULL;
    g_autofree char *uri = NULL;

    rtcc_milestone_integration_get_streams_async (self, CAM1, NULL, got_result, &r);
    uri = rtcc_milestone_integration_get_streams_finish (self, wait_result (&r), &error);
    g_assert_no_error (error);
    g_assert_cmpstr (uri, ==, "rtsp://10.0.0.5:554/live/" CAM1);
  }
  {
    g_autoptr(GAsyncResult) r = NULL;
    g_autofree char *uri = NULL;

    rtcc_milestone_integration_get_streams_async (self, "nostream", NULL, got_result, &r);
    uri = rtcc_milestone_integration_get_streams_finish (self, wait_result (&r), &error);
    g_assert_null (uri);
    g_assert_error (error, RTCC_MILESTONE_ERROR, RTCC_MILESTONE_ERROR_NO_STREAM);
    g_clear_error (&error);
  }
  {
    g_autoptr(GAsyncResult) r = NULL;
    g_autoptr(GBytes) jpeg = NULL;

    rtcc_milestone_integration_get_snapshot_async (self, CAM1, at, NULL, got_result, &r);
    jpeg = rtcc_milestone_integration_get_snapshot_finish (self, wait_result (&r), &error);
    g_assert_no_error (error);
    g_assert_cmpuint (g_bytes_get_size (jpeg), ==, 12);
    g_assert_cmpstr (fake.snapshot_query, ==, "time=2026-11-23T04%3A12%3A09.5Z");
  }
  {
    g_autoptr(GAsyncResult) r = NULL;
    g_autoptr(GBytes) jpeg = NULL;

    rtcc_milestone_integration_get_snapshot_async (self, "html", NULL, NULL, got_result, &r);
    jpeg = rtcc_milestone_integration_get_snapshot_finish (self, wait_result (&r), &error);
    g_assert_null (jpeg);
    g_assert_error (error, RTCC_MILESTONE_ERROR, RTCC_MILESTONE_ERROR_BAD_ANSWER);
    g_clear_error (&error);
  }
  {
    g_autoptr(GAsyncResult) r = NULL;
    g_autoptr(RtccCamera) camera = NULL;

    rtcc_milestone_integration_get_camera_async (self, "missing", NULL, got_result, &r);
    camera = rtcc_milestone_integration_get_camera_finish (self, wait_result (&r), &error);
    g_assert_null (camera);
    g_assert_error (error, RTCC_HTTP_ERROR, RTCC_HTTP_ERROR_NOT_FOUND);
    g_assert_nonnull (strstr (error->message, "Camera not found"));
  }
  fake_stop (&fake);
}

typedef struct
{
  guint    exporting;
  guint    downloading;
  double   last_fraction;
  GCancellable *cancel_after_first;
  GCancellable *cancel_on_download;
} Progress;

static void
on_progress (RtccExportPhase phase,
             double          fraction,
             gpointer        user_data)
{
  Progress *p = user_data;

  if (phase == RTCC_EXPORT_PHASE_EXPORTING)
    p->exporting++;
  else
    p->downloading++;
  p->last_fraction = fraction;
  if (p->cancel_after_first != NULL && p->exporting == 2)
    g_cancellable_cancel (p->cancel_after_first);
  if (p->cancel_on_download != NULL && phase == RTCC_EXPORT_PHASE_DOWNLOADING)
    g_cancellable_cancel (p->cancel_on_download);
}

static void
test_export (void)
{
  Fake fake = { 0 };
  g_autoptr(RtccIntegration) ms = NULL;
  RtccMilestoneIntegration *self;
  g_autoptr(GDateTime) start = g_date_time_new_utc (2026, 11, 23, 4, 10, 0);
  g_autoptr(GDateTime) end = g_date_time_new_utc (2026, 11, 23, 4, 15, 0);
  g_autofree char *dir = g_dir_make_tmp ("rtcc-export-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "clip.mp4", NULL);
  g_autofree char *part = g_build_filename (dir, ".clip.mp4.part", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;

  fake_start (&fake);
  ms = make_integration (&fake);
  self = RTCC_MILESTONE_INTEGRATION (ms);

  /* Completes: the clip arrives whole, in pieces, with progress. */
  {
    g_autoptr(GAsyncResult) r = NULL;
    g_autofree char *contents = NULL;
    gsize len;
    Progress p = { 0 };
    goffset size;

    rtcc_milestone_integration_export_clip_async (self, CAM1, start, end, file, on_progress, &p,
                                                  NULL, got_result, &r);
    size = rtcc_milestone_integration_export_clip_finish (self, wait_result (&r), &error);
    g_assert_no_error (error);
    g_assert_cmpint (size, ==, (goffset) g_bytes_get_size (fake.clip));
    g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
    g_assert_cmpmem (contents, len, g_bytes_get_data (fake.clip, NULL), g_bytes_get_size (fake.clip));
    g_assert_false (g_file_test (part, G_FILE_TEST_EXISTS));
    g_assert_cmpuint (fake.export_polls, ==, 3);
    g_assert_cmpuint (p.exporting, >=, 3);
    g_assert_cmpuint (p.downloading, >=, 2);
    g_assert_cmpfloat (p.last_fraction, ==, 1.0);
    g_assert_nonnull (strstr (fake.export_body, "\"cameraId\":\"" CAM1 "\""));
    g_assert_nonnull (strstr (fake.export_body, "\"start\":\"2026-11-23T04:10:00Z\""));
    g_assert_nonnull (strstr (fake.export_body, "\"end\":\"2026-11-23T04:15:00Z\""));
    g_assert_nonnull (strstr (fake.export_body, "\"format\":\"mp4\""));
    g_assert_cmpint (g_unlink (path), ==, 0);
  }

  /* Fails: the vendor's reason, no file. */
  {
    g_autoptr(GAsyncResult) r = NULL;

    fake.export_mode = EXPORT_FAILS;
    rtcc_milestone_integration_export_clip_async (self, CAM1, start, end, file, NULL, NULL,
                                                  NULL, got_result, &r);
    g_assert_cmpint (rtcc_milestone_integration_export_clip_finish (self, wait_result (&r), &error), ==, -1);
    g_assert_error (error, RTCC_MILESTONE_ERROR, RTCC_MILESTONE_ERROR_EXPORT_FAILED);
    g_assert_nonnull (strstr (error->message, "No recordings in the requested period"));
    g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
    g_clear_error (&error);
  }

  /* Cancelled while Milestone works: polling stops at once. */
  {
    g_autoptr(GAsyncResult) r = NULL;
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    Progress p = { .cancel_after_first = cancellable };
    guint polls;

    fake.export_mode = EXPORT_NEVER_ENDS;
    rtcc_milestone_integration_set_poll_interval (self, 30);
    rtcc_milestone_integration_export_clip_async (self, CAM1, start, end, file, on_progress, &p,
                                                  cancellable, got_result, &r);
    g_assert_cmpint (rtcc_milestone_integration_export_clip_finish (self, wait_result (&r), &error), ==, -1);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    polls = fake.export_polls;
    spin (150);
    g_assert_cmpuint (fake.export_polls, ==, polls);
    g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
    g_clear_error (&error);
  }

  /* Cancelled while the clip downloads: the partial file is removed. */
  {
    g_autoptr(GAsyncResult) r = NULL;
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    Progress p = { .cancel_on_download = cancellable };

    fake.export_mode = EXPORT_COMPLETES;
    rtcc_milestone_integration_export_clip_async (self, CAM1, start, end, file, on_progress, &p,
                                                  cancellable, got_result, &r);
    g_assert_cmpint (rtcc_milestone_integration_export_clip_finish (self, wait_result (&r), &error), ==, -1);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_assert_cmpuint (p.downloading, ==, 1);
    g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
    g_assert_false (g_file_test (part, G_FILE_TEST_EXISTS));
    g_clear_error (&error);
  }

  /* A clip that ends before it starts is refused before any call. */
  {
    g_autoptr(GAsyncResult) r = NULL;

    rtcc_milestone_integration_export_clip_async (self, CAM1, end, start, file, NULL, NULL,
                                                  NULL, got_result, &r);
    g_assert_cmpint (rtcc_milestone_integration_export_clip_finish (self, wait_result (&r), &error), ==, -1);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  }

  g_rmdir (dir);
  fake_stop (&fake);
}

static void
on_event (RtccIntegration *integration,
          RtccEvent       *event,
          GPtrArray       *seen)
{
  g_ptr_array_add (seen, g_object_ref (event));
}

static void
wait_for (GPtrArray *seen,
          guint      count)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (seen->len < count && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (seen->len, >=, count);
}

static void
wait_count (guint *counter,
            guint  value)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (*counter < value && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (*counter, >=, value);
}

static void
test_event_sessions (void)
{
  Fake fake = { 0 };
  g_autoptr(RtccIntegration) ms = NULL;
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) t0 = g_date_time_add_minutes (now, -10);
  g_autofree char *t0s = rtcc_time_format_iso (t0);
  RtccEvent *e;

  fake_start (&fake);
  /* Before we connect: an event the first catch-up must bring. */
  push_event (&fake, "E0", t0s, "ManualAlarm");
  ms = make_integration (&fake);
  g_signal_connect (ms, "event", G_CALLBACK (on_event), seen);
  g_test_expect_message ("RtccMilestone", G_LOG_LEVEL_WARNING, "Skipped a Milestone camera*");
  g_test_expect_message ("RtccMilestone", G_LOG_LEVEL_WARNING, "Skipped a Milestone camera*");
  g_test_expect_message ("RtccMilestone", G_LOG_LEVEL_WARNING, "Skipped a Milestone camera*");
  g_test_expect_message ("RtccMilestone", G_LOG_LEVEL_WARNING, "Skipped a Milestone camera*");
  g_test_expect_message ("RtccMilestone", G_LOG_LEVEL_WARNING, "Skipped a Milestone camera*");
  g_test_expect_message ("RtccMilestone", G_LOG_LEVEL_WARNING, "Skipped a Milestone camera*");
  rtcc_integration_start (ms);

  /* New session (201): subscribe, catch up the last hour. */
  wait_for (seen, 1);
  g_test_assert_expected_messages ();
  e = g_ptr_array_index (seen, 0);
  g_assert_cmpstr (rtcc_event_get_vendor_id (e), ==, "E0");
  /* The camera list came first, so the event has its camera's name and place. */
  g_assert_cmpstr (rtcc_event_get_attribute_string (e, "camera_name"), ==, "Madison & Racine NE");
  g_assert_true (rtcc_event_get_location (e, NULL, NULL));
  g_assert_cmpuint (fake.catch_up_requests, ==, 1);
  g_assert_cmpstr (rtcc_milestone_integration_get_session_id (RTCC_MILESTONE_INTEGRATION (ms)), ==, "S-1");
  wait_count (&fake.commands->len, 2);
  g_assert_nonnull (strstr (g_ptr_array_index (fake.commands, 0),
                            "\"command\":\"startSession\",\"commandId\":1,\"data\":{\"sessionId\":\"\",\"eventId\":\"\"}"));
  g_assert_nonnull (strstr (g_ptr_array_index (fake.commands, 1), "\"command\":\"addSubscription\",\"commandId\":2"));
  g_assert_nonnull (strstr (g_ptr_array_index (fake.commands, 1), "\"resourceTypes\":[\"cameras\"]"));

  /* A live push. */
  push_event (&fake, "E1", "2026-11-23T04:12:09.1234567Z", "MotionStarted");
  wait_for (seen, 2);
  g_assert_cmpstr (rtcc_event_get_vendor_id (g_ptr_array_index (seen, 1)), ==, "E1");

  /* Dropped; Milestone keeps the session: we resume it (200) with our
   * last event and get what was missed from the stream, no catch-up. */
  fake.allow_resume = TRUE;
  soup_websocket_connection_close (fake.conn, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, NULL);
  {
    g_autoptr(GDateTime) t2 = g_date_time_add_minutes (now, -5);
    g_autofree char *t2s = rtcc_time_format_iso (t2);
    push_event (&fake, "E2", t2s, "AnalyticsEvent");
  }
  wait_for (seen, 3);
  g_assert_cmpstr (rtcc_event_get_vendor_id (g_ptr_array_index (seen, 2)), ==, "E2");
  g_assert_cmpuint (fake.connects, ==, 2);
  g_assert_nonnull (strstr (g_ptr_array_index (fake.commands, 2),
                            "\"data\":{\"sessionId\":\"S-1\",\"eventId\":\"E1\"}"));
  g_assert_cmpuint (fake.catch_up_requests, ==, 1);
  g_assert_cmpuint (fake.sessions_created, ==, 1);

  /* Dropped for too long: a new session (201), and a catch-up from the
   * last event's time that brings the missed event once, not the old ones
   * twice. */
  fake.allow_resume = FALSE;
  soup_websocket_connection_close (fake.conn, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, NULL);
  {
    g_autoptr(GDateTime) t3 = g_date_time_add_minutes (now, -1);
    g_autofree char *t3s = rtcc_time_format_iso (t3);
    push_event (&fake, "E3", t3s, "CameraNotResponding");
  }
  wait_for (seen, 4);
  g_assert_cmpstr (rtcc_event_get_vendor_id (g_ptr_array_index (seen, 3)), ==, "E3");
  g_assert_cmpstr (rtcc_event_get_attribute_string (g_ptr_array_index (seen, 3), "alert_type"), ==, "status");
  g_assert_cmpuint (fake.sessions_created, ==, 2);
  g_assert_cmpuint (fake.catch_up_requests, ==, 2);
  {
    g_autoptr(GDateTime) t2 = g_date_time_add_minutes (now, -5);
    g_autofree char *t2s = rtcc_time_format_iso (t2);
    g_assert_cmpstr (fake.catch_up_from, ==, t2s);
  }
  g_assert_cmpstr (rtcc_milestone_integration_get_session_id (RTCC_MILESTONE_INTEGRATION (ms)), ==, "S-2");
  spin (200);
  g_assert_cmpuint (seen->len, ==, 4);

  /* Milestone refuses the old session outright: a fresh one at once. */
  fake.reject_stale = TRUE;
  soup_websocket_connection_close (fake.conn, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, NULL);
  {
    g_autoptr(GDateTime) t4 = g_date_time_add_seconds (now, -10);
    g_autofree char *t4s = rtcc_time_format_iso (t4);
    push_event (&fake, "E4", t4s, "MotionStarted");
  }
  wait_for (seen, 5);
  g_assert_cmpstr (rtcc_event_get_vendor_id (g_ptr_array_index (seen, 4)), ==, "E4");
  g_assert_cmpuint (fake.sessions_created, ==, 3);
  g_assert_cmpstr (rtcc_milestone_integration_get_session_id (RTCC_MILESTONE_INTEGRATION (ms)), ==, "S-3");
  {
    g_autofree char *message = rtcc_integration_dup_status_message (ms);
    g_assert_true (message == NULL || strstr (message, "refused") == NULL);
  }

  rtcc_integration_stop (ms);
  fake_stop (&fake);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/milestone/integration/token-refresh-and-cameras", test_token_refresh_and_cameras);
  g_test_add_func ("/milestone/integration/camera-calls", test_camera_calls);
  g_test_add_func ("/milestone/integration/export", test_export);
  g_test_add_func ("/milestone/integration/event-sessions", test_event_sessions);

  return g_test_run ();
}
