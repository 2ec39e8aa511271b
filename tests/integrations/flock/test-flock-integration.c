/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <libsoup/soup.h>

#include "rtcc-json.h"
#include "rtcc-time.h"
#include "flock/rtcc-flock-integration.h"

/* A Flock stand-in: numbered hits served both by the stream (replaying
 * after the client's cursor) and by the catch-up call; 250 reads behind
 * the paged lookup; one hotlist whose first listing is rate limited. */
typedef struct
{
  SoupServer              *server;
  char                    *base;
  GPtrArray               *hits;          /* hit JSON, cursor = "h-" (index + 1) */
  SoupWebsocketConnection *conn;
  guint                    connects;
  char                    *last_stream_cursor;
  GPtrArray               *catch_up_since; /* "since" of each GET /hits, "" for none */
  GPtrArray               *lookup_bodies;
  GPtrArray               *auth_seen;
  GArray                  *hotlist_times; /* monotonic µs of each GET /hotlists */
  guint                    rate_limit_left;
  GHashTable              *entries;       /* plate → reason */
  char                    *last_entry_body;
  gboolean                 catch_up_empty;
} Fake;

static guint
cursor_index (const char *cursor)
{
  if (cursor != NULL && g_str_has_prefix (cursor, "h-"))
    return (guint) g_ascii_strtoull (cursor + 2, NULL, 10);
  return 0;
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

  fake->connects++;
  g_free (fake->last_stream_cursor);
  fake->last_stream_cursor = g_strdup (cursor);
  g_clear_object (&fake->conn);
  fake->conn = g_object_ref (conn);
  g_signal_connect (conn, "closed", G_CALLBACK (on_conn_closed), fake);
  for (guint i = cursor_index (cursor); i < fake->hits->len; i++)
    soup_websocket_connection_send_text (conn, g_ptr_array_index (fake->hits, i));
}

static void
reply (SoupServerMessage *msg,
       guint              status,
       const char        *body)
{
  soup_server_message_set_status (msg, status, NULL);
  if (body != NULL)
    soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, body, strlen (body));
}

static void
hits_handler (Fake              *fake,
              SoupServerMessage *msg,
              GHashTable        *query)
{
  const char *since = query ? g_hash_table_lookup (query, "since") : NULL;
  GString *s = g_string_new ("{\"hits\": [");
  guint from = cursor_index (since);

  g_ptr_array_add (fake->catch_up_since, g_strdup (since ? since : ""));
  if (fake->catch_up_empty)
    from = fake->hits->len;
  for (guint i = from; i < fake->hits->len; i++)
    g_string_append_printf (s, "%s%s", i > from ? "," : "", (char *) g_ptr_array_index (fake->hits, i));
  g_string_append_printf (s, "], \"cursor\": \"h-%u\"}", fake->hits->len);
  reply (msg, 200, s->str);
  g_string_free (s, TRUE);
}

static void
lookup_handler (Fake              *fake,
                SoupServerMessage *msg)
{
  g_autoptr(GBytes) bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr(JsonNode) node = rtcc_json_parse_bytes (bytes, NULL);
  JsonObject *req;
  const char *page_id;
  gint64 size, from;
  GString *s;

  g_ptr_array_add (fake->lookup_bodies, g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes)));
  req = node ? json_node_get_object (node) : NULL;
  if (req == NULL || rtcc_json_get_string (req, "reason") == NULL)
    {
      reply (msg, 400, "{\"message\": \"reason is required\"}");
      return;
    }
  page_id = rtcc_json_get_string (req, "pageId");
  size = json_object_get_int_member (req, "pageSize");
  from = page_id ? g_ascii_strtoll (page_id + 2, NULL, 10) : 0;
  s = g_string_new ("{\"reads\": [");
  for (gint64 i = from; i < MIN (from + size, 250); i++)
    g_string_append_printf (s, "%s{\"id\": \"R-%" G_GINT64_FORMAT "\", \"capturedAt\": \"2026-11-23T04:00:00Z\","
                               " \"plate\": {\"value\": \"ABC1234\", \"confidence\": 0.9},"
                               " \"device\": {\"id\": \"D1\", \"name\": \"Cam\", \"location\": {\"lat\": 41.8, \"lon\": -87.6}}}",
                            i > from ? "," : "", i);
  if (from + size < 250)
    g_string_append_printf (s, "], \"nextPageId\": \"p-%" G_GINT64_FORMAT "\"}", from + size);
  else
    g_string_append (s, "], \"nextPageId\": null}");
  reply (msg, 200, s->str);
  g_string_free (s, TRUE);
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
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);

  g_ptr_array_add (fake->auth_seen, g_strdup_printf ("%s|%s", soup_message_headers_get_one (headers, "Authorization"),
                                                     soup_message_headers_get_one (headers, "X-Agency-Id")));
  if (g_str_equal (path, "/hits"))
    hits_handler (fake, msg, query);
  else if (g_str_equal (path, "/reads/lookup") && g_str_equal (method, "POST"))
    lookup_handler (fake, msg);
  else if (g_str_equal (path, "/hotlists"))
    {
      gint64 now = g_get_monotonic_time ();

      g_array_append_val (fake->hotlist_times, now);
      if (fake->rate_limit_left > 0)
        {
          fake->rate_limit_left--;
          soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", "1");
          reply (msg, 429, "{\"message\": \"Too many requests\"}");
          return;
        }
      reply (msg, 200, "{\"hotlists\": [{\"id\": \"HL-1\", \"name\": \"Stolen vehicles\", \"type\": \"stolen\","
                       " \"entryCount\": 1}]}");
    }
  else if (g_str_equal (path, "/hotlists/HL-1/entries") && g_str_equal (method, "GET"))
    {
      GHashTableIter iter;
      gpointer key, value;
      GString *s = g_string_new ("{\"entries\": [");
      gboolean first = TRUE;

      g_hash_table_iter_init (&iter, fake->entries);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          g_string_append_printf (s, "%s{\"plate\": \"%s\", \"reason\": \"%s\"}", first ? "" : ",",
                                  (char *) key, (char *) value);
          first = FALSE;
        }
      g_string_append (s, "]}");
      reply (msg, 200, s->str);
      g_string_free (s, TRUE);
    }
  else if (g_str_equal (path, "/hotlists/HL-1/entries") && g_str_equal (method, "POST"))
    {
      g_autoptr(GBytes) bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
      g_autoptr(JsonNode) node = rtcc_json_parse_bytes (bytes, NULL);
      JsonObject *req = json_node_get_object (node);
      g_autofree char *answer = NULL;

      g_free (fake->last_entry_body);
      fake->last_entry_body = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
      g_hash_table_replace (fake->entries, g_strdup (json_object_get_string_member (req, "plate")),
                            g_strdup (json_object_get_string_member (req, "reason")));
      answer = g_strdup_printf ("{\"entry\": {\"plate\": \"%s\", \"state\": \"il\", \"reason\": \"%s\","
                                " \"caseNumber\": \"C-9\", \"expiresAt\": \"2026-12-01T00:00:00Z\"}}",
                                json_object_get_string_member (req, "plate"),
                                json_object_get_string_member (req, "reason"));
      reply (msg, 201, answer);
    }
  else if (g_str_has_prefix (path, "/hotlists/HL-1/entries/") && g_str_equal (method, "DELETE"))
    {
      const char *plate = path + strlen ("/hotlists/HL-1/entries/");

      if (g_hash_table_remove (fake->entries, plate))
        reply (msg, 204, NULL);
      else
        reply (msg, 404, "{\"message\": \"No such entry\"}");
    }
  else
    reply (msg, 404, "{\"message\": \"Unknown path\"}");
}

static void
publish_hit (Fake       *fake,
             const char *hit_id)
{
  char *msg = g_strdup_printf ("{\"id\": \"%s\", \"cursor\": \"h-%u\", \"read\": {\"id\": \"R-%s\","
                               " \"capturedAt\": \"2026-11-23T05:00:00Z\", \"plate\": {\"value\": \"ABC1234\"},"
                               " \"device\": {\"id\": \"D1\", \"name\": \"Cam\", \"location\": {\"lat\": 41.8, \"lon\": -87.6}}},"
                               " \"hotlist\": {\"id\": \"HL-1\", \"name\": \"Stolen vehicles\", \"type\": \"stolen\"},"
                               " \"entry\": {\"plate\": \"ABC1234\", \"reason\": \"Stolen\"}, \"sources\": []}",
                               hit_id, fake->hits->len + 1, hit_id);

  g_ptr_array_add (fake->hits, msg);
  if (fake->conn != NULL && soup_websocket_connection_get_state (fake->conn) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_send_text (fake->conn, msg);
}

static void
fake_start (Fake *fake)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  fake->hits = g_ptr_array_new_with_free_func (g_free);
  fake->catch_up_since = g_ptr_array_new_with_free_func (g_free);
  fake->lookup_bodies = g_ptr_array_new_with_free_func (g_free);
  fake->auth_seen = g_ptr_array_new_with_free_func (g_free);
  fake->hotlist_times = g_array_new (FALSE, FALSE, sizeof (gint64));
  fake->entries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  fake->server = soup_server_new (NULL, NULL);
  soup_server_add_websocket_handler (fake->server, "/hits/stream", NULL, NULL, ws_handler, fake, NULL);
  soup_server_add_handler (fake->server, NULL, rest_handler, fake, NULL);
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
  g_ptr_array_unref (fake->hits);
  g_ptr_array_unref (fake->catch_up_since);
  g_ptr_array_unref (fake->lookup_bodies);
  g_ptr_array_unref (fake->auth_seen);
  g_array_unref (fake->hotlist_times);
  g_hash_table_unref (fake->entries);
  g_free (fake->base);
  g_free (fake->last_stream_cursor);
  g_free (fake->last_entry_body);
}

static RtccIntegration *
make_flock (Fake       *fake,
            RtccConfig *config)
{
  rtcc_config_set_override (config, "FLOCK_API_URL", fake->base);
  rtcc_config_set_override (config, "FLOCK_API_KEY", "flock-key-0123456789");
  rtcc_config_set_override (config, "FLOCK_AGENCY_ID", "AG-7");
  return rtcc_flock_integration_new (config);
}

static void
on_event (RtccIntegration *integration,
          RtccEvent       *event,
          GPtrArray       *seen)
{
  g_ptr_array_add (seen, g_strdup (rtcc_event_get_vendor_id (event)));
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
got_result (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (*slot == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (*slot);
  return *slot;
}

static gboolean
contains (GPtrArray  *seen,
          const char *id)
{
  for (guint i = 0; i < seen->len; i++)
    if (g_str_equal (g_ptr_array_index (seen, i), id))
      return TRUE;
  return FALSE;
}

static void
test_hits_stream_resumes (void)
{
  g_autoptr(RtccConfig) config = rtcc_config_new (NULL, FALSE);
  g_autoptr(RtccIntegration) flock = NULL;
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  Fake fake = { 0 };

  fake_start (&fake);
  flock = make_flock (&fake, config);
  g_signal_connect (flock, "event", G_CALLBACK (on_event), seen);

  /* Both the catch-up and the stream send H-1: it must arrive once. */
  publish_hit (&fake, "H-1");
  rtcc_integration_start (flock);
  wait_for (seen, 1);
  publish_hit (&fake, "H-2");
  wait_for (seen, 2);
  spin (200);
  g_assert_cmpuint (seen->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (fake.catch_up_since, 0), ==, "");
  g_assert_null (fake.last_stream_cursor);

  /* The vendor drops the stream; hits published meanwhile must come, once. */
  soup_websocket_connection_close (fake.conn, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, NULL);
  publish_hit (&fake, "H-3");
  publish_hit (&fake, "H-4");
  wait_for (seen, 4);
  spin (300);
  g_assert_cmpuint (fake.connects, ==, 2);
  g_assert_cmpstr (fake.last_stream_cursor, ==, "h-2");
  /* The reconnect also asked the REST side from the same cursor. */
  g_assert_cmpuint (fake.catch_up_since->len, >=, 2);
  g_assert_cmpstr (g_ptr_array_index (fake.catch_up_since, 1), ==, "h-2");
  g_assert_cmpuint (seen->len, ==, 4);
  g_assert_true (contains (seen, "hit-H-1"));
  g_assert_true (contains (seen, "hit-H-2"));
  g_assert_true (contains (seen, "hit-H-3"));
  g_assert_true (contains (seen, "hit-H-4"));
  g_assert_cmpstr (rtcc_flock_integration_get_cursor (RTCC_FLOCK_INTEGRATION (flock)), ==, "h-4");
  g_assert_cmpstr (g_ptr_array_index (fake.auth_seen, 0), ==, "Bearer flock-key-0123456789|AG-7");

  rtcc_integration_stop (flock);
  fake_stop (&fake);
}

static void
test_bad_hit_skipped (void)
{
  g_autoptr(RtccConfig) config = rtcc_config_new (NULL, FALSE);
  g_autoptr(RtccIntegration) flock = NULL;
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  Fake fake = { 0 };

  fake_start (&fake);
  fake.catch_up_empty = TRUE;
  flock = make_flock (&fake, config);
  g_signal_connect (flock, "event", G_CALLBACK (on_event), seen);

  /* A hit without a plate, then one cut mid-message, then a good one. */
  g_ptr_array_add (fake.hits, g_strdup ("{\"id\": \"H-bad\", \"cursor\": \"h-1\", \"read\": {\"id\": \"R-0\","
                                        " \"capturedAt\": \"2026-11-23T05:00:00Z\"}}"));
  g_ptr_array_add (fake.hits, g_strdup ("{\"id\": \"H-cut\", \"cursor\": \"h-2\", \"read\": {\"id\""));
  publish_hit (&fake, "H-3");
  g_test_expect_message ("RtccFlock", G_LOG_LEVEL_WARNING, "Skipped a Flock item: item 0: read R-0 has no plate");
  g_test_expect_message ("RtccFlock", G_LOG_LEVEL_WARNING, "Skipped a Flock item: *");
  rtcc_integration_start (flock);
  wait_for (seen, 1);
  spin (100);
  g_test_assert_expected_messages ();
  g_assert_cmpuint (seen->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (seen, 0), ==, "hit-H-3");
  g_assert_cmpuint (rtcc_integration_get_errors_24h (flock), >=, 2);
  g_assert_cmpstr (rtcc_flock_integration_get_cursor (RTCC_FLOCK_INTEGRATION (flock)), ==, "h-3");

  rtcc_integration_stop (flock);
  fake_stop (&fake);
}

static void
test_search_paging (void)
{
  g_autoptr(RtccConfig) config = rtcc_config_new (NULL, FALSE);
  g_autoptr(RtccIntegration) flock = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) result2 = NULL;
  g_autoptr(GPtrArray) reads = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) from = g_date_time_new_utc (2026, 11, 1, 0, 0, 0);
  g_autoptr(GDateTime) to = g_date_time_new_utc (2026, 11, 23, 0, 0, 0);
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(JsonNode) last = NULL;
  JsonObject *body;
  Fake fake = { 0 };

  fake_start (&fake);
  flock = make_flock (&fake, config);

  rtcc_flock_integration_search_reads_async (RTCC_FLOCK_INTEGRATION (flock), "abc-1234", "IL", from, to,
                                             "Robbery follow-up", "C-2026-0042", 1000, NULL,
                                             got_result, &result);
  reads = rtcc_flock_integration_search_reads_finish (RTCC_FLOCK_INTEGRATION (flock), wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (reads->len, ==, 250);
  g_assert_cmpstr (rtcc_event_get_id (g_ptr_array_index (reads, 249)), ==, "flock:R-249");
  g_assert_cmpuint (fake.lookup_bodies->len, ==, 3);

  first = rtcc_json_parse (g_ptr_array_index (fake.lookup_bodies, 0), -1, NULL);
  body = json_node_get_object (first);
  g_assert_cmpstr (json_object_get_string_member (body, "plate"), ==, "ABC1234");
  g_assert_cmpstr (json_object_get_string_member (body, "state"), ==, "IL");
  g_assert_cmpstr (json_object_get_string_member (body, "startDate"), ==, "2026-11-01T00:00:00Z");
  g_assert_cmpstr (json_object_get_string_member (body, "endDate"), ==, "2026-11-23T00:00:00Z");
  g_assert_cmpstr (json_object_get_string_member (body, "reason"), ==, "Robbery follow-up");
  g_assert_cmpstr (json_object_get_string_member (body, "caseNumber"), ==, "C-2026-0042");
  g_assert_cmpint (json_object_get_int_member (body, "pageSize"), ==, 100);
  g_assert_true (json_object_get_null_member (body, "pageId"));
  last = rtcc_json_parse (g_ptr_array_index (fake.lookup_bodies, 2), -1, NULL);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (last), "pageId"), ==, "p-200");

  /* Stopping at the caller's maximum asks only for what is missing. */
  g_clear_pointer (&reads, g_ptr_array_unref);
  g_clear_pointer (&last, json_node_unref);
  rtcc_flock_integration_search_reads_async (RTCC_FLOCK_INTEGRATION (flock), "ABC*", NULL, NULL, NULL,
                                             "Pattern", NULL, 130, NULL, got_result, &result2);
  reads = rtcc_flock_integration_search_reads_finish (RTCC_FLOCK_INTEGRATION (flock), wait_result (&result2), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (reads->len, ==, 130);
  g_assert_cmpuint (fake.lookup_bodies->len, ==, 5);
  last = rtcc_json_parse (g_ptr_array_index (fake.lookup_bodies, 4), -1, NULL);
  body = json_node_get_object (last);
  g_assert_cmpint (json_object_get_int_member (body, "pageSize"), ==, 30);
  g_assert_cmpstr (json_object_get_string_member (body, "plate"), ==, "ABC*");
  g_assert_true (json_object_get_null_member (body, "state"));

  fake_stop (&fake);
}

static void
test_search_needs_reason (void)
{
  static const char *reasons[] = { NULL, "", "   \t" };
  g_autoptr(RtccConfig) config = rtcc_config_new (NULL, FALSE);
  g_autoptr(RtccIntegration) flock = NULL;
  Fake fake = { 0 };

  fake_start (&fake);
  flock = make_flock (&fake, config);
  for (guint i = 0; i < G_N_ELEMENTS (reasons); i++)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) reads = NULL;

      rtcc_flock_integration_search_reads_async (RTCC_FLOCK_INTEGRATION (flock), "ABC1234", NULL, NULL, NULL,
                                                 reasons[i], NULL, 10, NULL, got_result, &result);
      reads = rtcc_flock_integration_search_reads_finish (RTCC_FLOCK_INTEGRATION (flock), wait_result (&result), &error);
      g_assert_null (reads);
      g_assert_error (error, RTCC_FLOCK_ERROR, RTCC_FLOCK_ERROR_REASON_REQUIRED);
      g_assert_nonnull (strstr (error->message, "reason"));
    }
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) reads = NULL;

    rtcc_flock_integration_search_reads_async (RTCC_FLOCK_INTEGRATION (flock), " - ", NULL, NULL, NULL,
                                               "Reason", NULL, 10, NULL, got_result, &result);
    reads = rtcc_flock_integration_search_reads_finish (RTCC_FLOCK_INTEGRATION (flock), wait_result (&result), &error);
    g_assert_error (error, RTCC_FLOCK_ERROR, RTCC_FLOCK_ERROR_INVALID_ARGUMENT);
  }
  /* Refused here: nothing went to the vendor. */
  g_assert_cmpuint (fake.lookup_bodies->len, ==, 0);
  fake_stop (&fake);
}

static void
test_rate_limit_obeyed (void)
{
  g_autoptr(RtccConfig) config = rtcc_config_new (NULL, FALSE);
  g_autoptr(RtccIntegration) flock = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) lists = NULL;
  g_autoptr(GError) error = NULL;
  RtccFlockHotlist *hl;
  Fake fake = { 0 };

  fake_start (&fake);
  fake.rate_limit_left = 1;
  flock = make_flock (&fake, config);
  rtcc_flock_integration_list_hotlists_async (RTCC_FLOCK_INTEGRATION (flock), NULL, got_result, &result);
  lists = rtcc_flock_integration_list_hotlists_finish (RTCC_FLOCK_INTEGRATION (flock), wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lists->len, ==, 1);
  hl = g_ptr_array_index (lists, 0);
  g_assert_cmpstr (hl->name, ==, "Stolen vehicles");

  /* The second request waited for Retry-After: 1, not a quick backoff. */
  g_assert_cmpuint (fake.hotlist_times->len, ==, 2);
  g_assert_cmpint (g_array_index (fake.hotlist_times, gint64, 1) - g_array_index (fake.hotlist_times, gint64, 0),
                   >=, G_USEC_PER_SEC);
  fake_stop (&fake);
}

static void
test_hotlist_entries (void)
{
  g_autoptr(RtccConfig) config = rtcc_config_new (NULL, FALSE);
  g_autoptr(RtccIntegration) flock = NULL;
  g_autoptr(GAsyncResult) r1 = NULL;
  g_autoptr(GAsyncResult) r2 = NULL;
  g_autoptr(GAsyncResult) r3 = NULL;
  g_autoptr(GAsyncResult) r4 = NULL;
  g_autoptr(GAsyncResult) r5 = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RtccFlockHotlistEntry) added = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(JsonNode) sent = NULL;
  g_autoptr(GDateTime) expires = g_date_time_new_utc (2026, 12, 1, 0, 0, 0);
  RtccFlockHotlistEntry entry = { (char *) "xyz 987", (char *) "IL", (char *) "Stolen 11/25", (char *) "C-9", expires };
  RtccFlockHotlistEntry no_reason = { (char *) "xyz987", NULL, NULL, NULL, NULL };
  Fake fake = { 0 };

  fake_start (&fake);
  flock = make_flock (&fake, config);

  rtcc_flock_integration_add_hotlist_entry_async (RTCC_FLOCK_INTEGRATION (flock), "HL-1", &entry, NULL, got_result, &r1);
  added = rtcc_flock_integration_add_hotlist_entry_finish (RTCC_FLOCK_INTEGRATION (flock), wait_result (&r1), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (added->plate, ==, "XYZ987");
  g_assert_cmpstr (added->state, ==, "IL");
  g_assert_cmpstr (added->case_number, ==, "C-9");
  sent = rtcc_json_parse (fake.last_entry_body, -1, NULL);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (sent), "plate"), ==, "XYZ987");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (sent), "expiresAt"), ==, "2026-12-01T00:00:00Z");

  rtcc_flock_integration_list_hotlist_entries_async (RTCC_FLOCK_INTEGRATION (flock), "HL-1", NULL, got_result, &r2);
  entries = rtcc_flock_integration_list_hotlist_entries_finish (RTCC_FLOCK_INTEGRATION (flock), wait_result (&r2), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 1);
  g_assert_cmpstr (((RtccFlockHotlistEntry *) g_ptr_array_index (entries, 0))->reason, ==, "Stolen 11/25");

  rtcc_flock_integration_remove_hotlist_entry_async (RTCC_FLOCK_INTEGRATION (flock), "HL-1", "xyz-987", NULL, got_result, &r3);
  g_assert_true (rtcc_flock_integration_remove_hotlist_entry_finish (RTCC_FLOCK_INTEGRATION (flock), wait_result (&r3), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (fake.entries), ==, 0);

  /* Removing it again: Flock says 404, the analyst reads why. */
  rtcc_flock_integration_remove_hotlist_entry_async (RTCC_FLOCK_INTEGRATION (flock), "HL-1", "XYZ987", NULL, got_result, &r4);
  g_assert_false (rtcc_flock_integration_remove_hotlist_entry_finish (RTCC_FLOCK_INTEGRATION (flock), wait_result (&r4), &error));
  g_assert_error (error, RTCC_HTTP_ERROR, RTCC_HTTP_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "XYZ987 is not on this hotlist"));
  g_assert_nonnull (strstr (error->message, "No such entry"));
  g_clear_error (&error);

  rtcc_flock_integration_add_hotlist_entry_async (RTCC_FLOCK_INTEGRATION (flock), "HL-1", &no_reason, NULL, got_result, &r5);
  g_assert_null (rtcc_flock_integration_add_hotlist_entry_finish (RTCC_FLOCK_INTEGRATION (flock), wait_result (&r5), &error));
  g_assert_error (error, RTCC_FLOCK_ERROR, RTCC_FLOCK_ERROR_REASON_REQUIRED);

  fake_stop (&fake);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/flock/integration/hits-stream-resumes", test_hits_stream_resumes);
  g_test_add_func ("/flock/integration/bad-hit-skipped", test_bad_hit_skipped);
  g_test_add_func ("/flock/integration/search-paging", test_search_paging);
  g_test_add_func ("/flock/integration/search-needs-reason", test_search_needs_reason);
  g_test_add_func ("/flock/integration/rate-limit-obeyed", test_rate_limit_obeyed);
  g_test_add_func ("/flock/integration/hotlist-entries", test_hotlist_entries);

  return g_test_run ();
}
