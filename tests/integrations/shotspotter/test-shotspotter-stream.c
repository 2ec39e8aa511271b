/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <libsoup/soup.h>

#include "rtcc-json.h"
#include "shotspotter/rtcc-shotspotter-integration.h"

/* A ShotSpotter stand-in: a numbered list of alerts, a stream that
 * replays everything after the client's cursor, and a switch that drops
 * the connection. */
typedef struct
{
  SoupServer              *server;
  char                    *base;
  GPtrArray               *messages;      /* stream messages, cursor = index + 1 */
  SoupWebsocketConnection *conn;
  guint                    connects;
  char                    *last_cursor_param;
  char                    *last_auth;
  gboolean                 hold_rest;     /* keep REST answers back */
  SoupServerMessage       *held;
} Fake;

static void
send_from (Fake  *fake,
           guint  from)
{
  for (guint i = from; i < fake->messages->len; i++)
    soup_websocket_connection_send_text (fake->conn, g_ptr_array_index (fake->messages, i));
}

static void
on_conn_closed (SoupWebsocketConnection *conn,
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
  GUri *uri = soup_server_message_get_uri (msg);
  g_autoptr(GHashTable) query = g_uri_get_query (uri) ? soup_form_decode (g_uri_get_query (uri)) : NULL;
  const char *cursor = query ? g_hash_table_lookup (query, "cursor") : NULL;
  guint from = 0;

  fake->connects++;
  g_free (fake->last_cursor_param);
  fake->last_cursor_param = g_strdup (cursor);
  g_free (fake->last_auth);
  fake->last_auth = g_strdup (soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                            "Authorization"));
  if (cursor != NULL && g_str_has_prefix (cursor, "c-"))
    from = (guint) g_ascii_strtoull (cursor + 2, NULL, 10);

  g_clear_object (&fake->conn);
  fake->conn = g_object_ref (conn);
  g_signal_connect (conn, "closed", G_CALLBACK (on_conn_closed), fake);
  send_from (fake, from);
}

static void
rest_handler (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  Fake *fake = user_data;
  const char *body = "{\"alerts\": [], \"nextCursor\": null}";

  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, body, strlen (body));
  if (fake->hold_rest && fake->held == NULL)
    {
      fake->held = msg;
      soup_server_message_pause (msg);
    }
}

static void
publish (Fake       *fake,
         const char *alert_id,
         guint       revision,
         guint       rounds)
{
  g_autofree char *cursor = g_strdup_printf ("c-%u", fake->messages->len + 1);
  char *msg = g_strdup_printf ("{\"kind\": \"%s\", \"cursor\": \"%s\", \"alert\": {\"alertId\": \"%s\","
                               " \"type\": \"Multiple_Gunshots\", \"rounds\": %u, \"latitude\": 41.88,"
                               " \"longitude\": -87.65, \"datetime\": \"2026-11-23T04:00:00Z\", \"revision\": %u}}",
                               revision > 1 ? "update" : "alert", cursor, alert_id, rounds, revision);

  g_ptr_array_add (fake->messages, msg);
  if (fake->conn != NULL &&
      soup_websocket_connection_get_state (fake->conn) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_send_text (fake->conn, msg);
}

static void
fake_start (Fake *fake)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  fake->messages = g_ptr_array_new_with_free_func (g_free);
  fake->server = soup_server_new (NULL, NULL);
  soup_server_add_websocket_handler (fake->server, "/agencies/A1/alerts/stream", NULL, NULL,
                                     ws_handler, fake, NULL);
  soup_server_add_handler (fake->server, "/agencies/A1/alerts", rest_handler, fake, NULL);
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
  g_ptr_array_unref (fake->messages);
  g_free (fake->base);
  g_free (fake->last_cursor_param);
  g_free (fake->last_auth);
}

static void
on_event (RtccIntegration *integration,
          RtccEvent       *event,
          GPtrArray       *seen)
{
  g_ptr_array_add (seen, g_strdup_printf ("%s@%u", rtcc_event_get_vendor_id (event),
                                          rtcc_event_get_version (event)));
}

static void
wait_for (GPtrArray *seen,
          guint      count)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (seen->len < count && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (seen->len, >=, count);
}

static void
spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE), g_usleep (1000);
}

static void
test_stream_resumes_without_loss (void)
{
  g_autoptr(RtccConfig) config = rtcc_config_new (NULL, FALSE);
  g_autoptr(RtccIntegration) ss = NULL;
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  Fake fake = { 0 };

  fake_start (&fake);
  rtcc_config_set_override (config, "SHOTSPOTTER_API_URL", fake.base);
  rtcc_config_set_override (config, "SHOTSPOTTER_API_KEY", "stream-key-0123456789");
  rtcc_config_set_override (config, "SHOTSPOTTER_AGENCY_ID", "A1");
  ss = rtcc_shotspotter_integration_new (config);
  g_signal_connect (ss, "event", G_CALLBACK (on_event), seen);

  publish (&fake, "SS-1", 1, 3);
  rtcc_integration_start (ss);
  wait_for (seen, 1);
  g_assert_cmpstr (fake.last_auth, ==, "Bearer stream-key-0123456789");
  g_assert_null (fake.last_cursor_param);

  publish (&fake, "SS-2", 1, 1);
  wait_for (seen, 2);

  /* The vendor drops the stream; alerts published meanwhile must come. */
  soup_websocket_connection_close (fake.conn, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, NULL);
  publish (&fake, "SS-3", 1, 2);
  publish (&fake, "SS-1", 2, 5);
  wait_for (seen, 4);
  g_assert_cmpuint (fake.connects, ==, 2);
  g_assert_cmpstr (fake.last_cursor_param, ==, "c-2");
  g_assert_cmpstr (rtcc_shotspotter_integration_get_cursor (RTCC_SHOTSPOTTER_INTEGRATION (ss)), ==, "c-4");

  spin (200);
  /* Each message exactly once, in order, the update with its revision. */
  g_assert_cmpuint (seen->len, ==, 4);
  g_assert_cmpstr (g_ptr_array_index (seen, 0), ==, "SS-1@1");
  g_assert_cmpstr (g_ptr_array_index (seen, 1), ==, "SS-2@1");
  g_assert_cmpstr (g_ptr_array_index (seen, 2), ==, "SS-3@1");
  g_assert_cmpstr (g_ptr_array_index (seen, 3), ==, "SS-1@2");

  rtcc_integration_stop (ss);
  fake_stop (&fake);
}

static void
test_bad_message_skipped (void)
{
  g_autoptr(RtccConfig) config = rtcc_config_new (NULL, FALSE);
  g_autoptr(RtccIntegration) ss = NULL;
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  Fake fake = { 0 };

  fake_start (&fake);
  rtcc_config_set_override (config, "SHOTSPOTTER_API_URL", fake.base);
  rtcc_config_set_override (config, "SHOTSPOTTER_API_KEY", "k");
  rtcc_config_set_override (config, "SHOTSPOTTER_AGENCY_ID", "A1");
  ss = rtcc_shotspotter_integration_new (config);
  g_signal_connect (ss, "event", G_CALLBACK (on_event), seen);

  g_ptr_array_add (fake.messages, g_strdup ("{\"kind\": \"alert\", \"cursor\": \"c-1\", \"alert\": {\"alertId\""));
  publish (&fake, "SS-9", 1, 1);
  g_test_expect_message ("RtccShotspotter", G_LOG_LEVEL_WARNING, "Skipped a ShotSpotter alert*");
  rtcc_integration_start (ss);
  wait_for (seen, 1);
  g_test_assert_expected_messages ();
  g_assert_cmpstr (g_ptr_array_index (seen, 0), ==, "SS-9@1");
  g_assert_cmpuint (rtcc_integration_get_errors_24h (ss), >=, 1);

  rtcc_integration_stop (ss);
  fake_stop (&fake);
}

/* A handler that stops the integration from inside its own "event"
 * emission must not pull the stream or the connection out from under
 * the code that is delivering the message. */
static void
stop_on_event (RtccIntegration *integration,
               RtccEvent       *event,
               GPtrArray       *seen)
{
  on_event (integration, event, seen);
  rtcc_integration_stop (integration);
}

static void
test_stop_from_event_handler (void)
{
  g_autoptr(RtccConfig) config = rtcc_config_new (NULL, FALSE);
  g_autoptr(RtccIntegration) ss = NULL;
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  Fake fake = { 0 };

  fake_start (&fake);
  rtcc_config_set_override (config, "SHOTSPOTTER_API_URL", fake.base);
  rtcc_config_set_override (config, "SHOTSPOTTER_API_KEY", "stream-key-0123456789");
  rtcc_config_set_override (config, "SHOTSPOTTER_AGENCY_ID", "A1");
  ss = rtcc_shotspotter_integration_new (config);
  g_signal_connect (ss, "event", G_CALLBACK (stop_on_event), seen);

  publish (&fake, "SS-1", 1, 3);
  publish (&fake, "SS-2", 1, 1);
  rtcc_integration_start (ss);
  wait_for (seen, 1);
  spin (300);

  /* Stopped on the first alert: nothing more is delivered, no reconnect. */
  g_assert_cmpuint (seen->len, ==, 1);
  g_assert_cmpuint (fake.connects, ==, 1);
  g_assert_false (rtcc_base_integration_is_started (RTCC_BASE_INTEGRATION (ss)));
  fake_stop (&fake);
}

static void
stop_when_degraded (RtccIntegration *integration,
                    GParamSpec      *pspec,
                    guint           *stops)
{
  if (rtcc_integration_get_status (integration) == RTCC_INTEGRATION_STATUS_DEGRADED)
    {
      (*stops)++;
      rtcc_integration_stop (integration);
    }
}

static void
health_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GError **error = user_data;
  gboolean ok = rtcc_integration_check_health_finish (RTCC_INTEGRATION (object), result, error);

  g_assert_true (ok == (*error == NULL));
  if (ok)
    *error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_EXISTS, "done: healthy");
}

static void
wait_for_health (RtccIntegration *integration,
                 GError         **error)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  rtcc_integration_check_health_async (integration, NULL, health_done_cb, error);
  while (*error == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (*error);
}

/* The stream drops, the integration turns degraded, and a status handler
 * stops it: the stream is finalized while it is still scheduling its own
 * reconnection. */
static void
test_stop_from_status_handler (void)
{
  g_autoptr(RtccConfig) config = rtcc_config_new (NULL, FALSE);
  g_autoptr(RtccIntegration) ss = NULL;
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  guint stops = 0;
  Fake fake = { 0 };

  fake_start (&fake);
  rtcc_config_set_override (config, "SHOTSPOTTER_API_URL", fake.base);
  rtcc_config_set_override (config, "SHOTSPOTTER_API_KEY", "stream-key-0123456789");
  rtcc_config_set_override (config, "SHOTSPOTTER_AGENCY_ID", "A1");
  ss = rtcc_shotspotter_integration_new (config);
  g_signal_connect (ss, "event", G_CALLBACK (on_event), seen);

  publish (&fake, "SS-1", 1, 3);
  rtcc_integration_start (ss);
  wait_for (seen, 1);
  wait_for_health (ss, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_assert_cmpint (rtcc_integration_get_status (ss), ==, RTCC_INTEGRATION_STATUS_ONLINE);

  g_signal_connect (ss, "notify::status", G_CALLBACK (stop_when_degraded), &stops);
  soup_websocket_connection_close (fake.conn, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, NULL);
  spin (1500);

  g_assert_cmpuint (stops, ==, 1);
  g_assert_false (rtcc_base_integration_is_started (RTCC_BASE_INTEGRATION (ss)));
  /* Stopped means stopped: no reconnection afterwards. */
  g_assert_cmpuint (fake.connects, ==, 1);
  fake_stop (&fake);
}

/* A cursor belongs to the stream that gave it: pointed at another
 * ShotSpotter, the integration must not skip that one's first alerts. */
static void
test_cursor_dropped_for_another_vendor (void)
{
  g_autoptr(RtccConfig) config = rtcc_config_new (NULL, FALSE);
  g_autoptr(RtccIntegration) ss = NULL;
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  Fake fake = { 0 };
  Fake other = { 0 };

  fake_start (&fake);
  fake_start (&other);
  rtcc_config_set_override (config, "SHOTSPOTTER_API_URL", fake.base);
  rtcc_config_set_override (config, "SHOTSPOTTER_API_KEY", "stream-key-0123456789");
  rtcc_config_set_override (config, "SHOTSPOTTER_AGENCY_ID", "A1");
  ss = rtcc_shotspotter_integration_new (config);
  g_signal_connect (ss, "event", G_CALLBACK (on_event), seen);

  publish (&fake, "SS-1", 1, 3);
  publish (&fake, "SS-2", 1, 1);
  publish (&other, "SS-7", 1, 2);
  rtcc_integration_start (ss);
  wait_for (seen, 2);
  g_assert_cmpstr (rtcc_shotspotter_integration_get_cursor (RTCC_SHOTSPOTTER_INTEGRATION (ss)), ==, "c-2");

  rtcc_config_set_override (config, "SHOTSPOTTER_API_URL", other.base);
  wait_for (seen, 3);
  g_assert_cmpuint (other.connects, ==, 1);
  g_assert_null (other.last_cursor_param);
  g_assert_cmpstr (g_ptr_array_index (seen, 2), ==, "SS-7@1");

  /* The same vendor again (a key change) resumes where it stopped. */
  rtcc_config_set_override (config, "SHOTSPOTTER_API_KEY", "stream-key-9876543210");
  publish (&other, "SS-8", 1, 1);
  wait_for (seen, 4);
  g_assert_cmpuint (other.connects, ==, 2);
  g_assert_cmpstr (other.last_cursor_param, ==, "c-1");

  rtcc_integration_stop (ss);
  fake_stop (&fake);
  fake_stop (&other);
}

/* A health check still on the wire when the integration is switched off
 * must not bring it back online with the old vendor's answer. */
static void
test_health_reconfigured_while_checking (void)
{
  g_autoptr(RtccConfig) config = rtcc_config_new (NULL, FALSE);
  g_autoptr(RtccIntegration) ss = NULL;
  g_autoptr(GError) error = NULL;
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  Fake fake = { 0 };

  fake_start (&fake);
  rtcc_config_set_override (config, "SHOTSPOTTER_API_URL", fake.base);
  rtcc_config_set_override (config, "SHOTSPOTTER_API_KEY", "stream-key-0123456789");
  rtcc_config_set_override (config, "SHOTSPOTTER_AGENCY_ID", "A1");
  ss = rtcc_shotspotter_integration_new (config);

  fake.hold_rest = TRUE;
  rtcc_integration_check_health_async (ss, NULL, health_done_cb, &error);
  while (fake.held == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (fake.held);

  rtcc_config_set_override (config, "SHOTSPOTTER_API_URL", "");
  g_assert_cmpint (rtcc_integration_get_status (ss), ==, RTCC_INTEGRATION_STATUS_DISABLED);

  soup_server_message_unpause (fake.held);
  while (error == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (error);
  g_assert_false (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS));
  g_assert_cmpint (rtcc_integration_get_status (ss), ==, RTCC_INTEGRATION_STATUS_DISABLED);
  fake_stop (&fake);
}

/* Preferences are edited a field at a time: a started integration that
 * passes through a disabled or incomplete configuration must come back
 * up when the configuration is whole again. */
static void
test_restarts_after_disabled_configuration (void)
{
  g_autoptr(RtccConfig) config = rtcc_config_new (NULL, FALSE);
  g_autoptr(RtccIntegration) ss = NULL;
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  gint64 deadline;
  Fake fake = { 0 };

  fake_start (&fake);
  rtcc_config_set_override (config, "SHOTSPOTTER_API_URL", fake.base);
  rtcc_config_set_override (config, "SHOTSPOTTER_API_KEY", "stream-key-0123456789");
  rtcc_config_set_override (config, "SHOTSPOTTER_AGENCY_ID", "A1");
  ss = rtcc_shotspotter_integration_new (config);
  g_signal_connect (ss, "event", G_CALLBACK (on_event), seen);

  publish (&fake, "SS-1", 1, 3);
  rtcc_integration_start (ss);
  wait_for (seen, 1);
  g_assert_cmpuint (fake.connects, ==, 1);

  rtcc_config_set_override (config, "SHOTSPOTTER_API_URL", "");
  g_assert_cmpint (rtcc_integration_get_status (ss), ==, RTCC_INTEGRATION_STATUS_DISABLED);
  rtcc_config_set_override (config, "SHOTSPOTTER_API_URL", fake.base);
  rtcc_config_set_override (config, "SHOTSPOTTER_API_KEY", "");
  g_assert_cmpint (rtcc_integration_get_status (ss), ==, RTCC_INTEGRATION_STATUS_OFFLINE);
  rtcc_config_set_override (config, "SHOTSPOTTER_API_KEY", "stream-key-0123456789");

  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (fake.connects < 2 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE), g_usleep (1000);
  g_assert_true (rtcc_base_integration_is_started (RTCC_BASE_INTEGRATION (ss)));
  g_assert_cmpuint (fake.connects, ==, 2);

  rtcc_integration_stop (ss);
  fake_stop (&fake);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/shotspotter/stream/resumes-without-loss", test_stream_resumes_without_loss);
  g_test_add_func ("/shotspotter/stream/bad-message-skipped", test_bad_message_skipped);
  g_test_add_func ("/shotspotter/stream/stop-from-event-handler", test_stop_from_event_handler);
  g_test_add_func ("/shotspotter/stream/stop-from-status-handler", test_stop_from_status_handler);
  g_test_add_func ("/shotspotter/stream/restarts-after-disabled-configuration",
                   test_restarts_after_disabled_configuration);
  g_test_add_func ("/shotspotter/stream/cursor-dropped-for-another-vendor",
                   test_cursor_dropped_for_another_vendor);
  g_test_add_func ("/shotspotter/health/reconfigured-while-checking",
                   test_health_reconfigured_while_checking);

  return g_test_run ();
}
