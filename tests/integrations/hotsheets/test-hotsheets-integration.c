/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <libsoup/soup.h>

#include "rtcc-json.h"
#include "hotsheets/rtcc-hotsheets-integration.h"

/* A HotSheets stand-in: a changes feed served two changes at a time with
 * cursor "k-<count>", and the BOLO calls with their refusals. */
typedef struct
{
  SoupServer *server;
  char       *base;
  GPtrArray  *changes;        /* change JSON */
  GPtrArray  *cursors_asked;  /* "" for none */
  GPtrArray  *queries;        /* path?query of the check calls */
  char       *last_auth;
} Fake;

#define FEED_PAGE 2

static void
reply (SoupServerMessage *msg,
       guint              status,
       const char        *body)
{
  soup_server_message_set_status (msg, status, NULL);
  if (body != NULL)
    soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, body, strlen (body));
}

static char *
bolo_json (const char *id,
           const char *status,
           const char *plate)
{
  return g_strdup_printf ("{\"id\": \"%s\", \"subjectType\": \"vehicle\", \"status\": \"%s\", \"reason\": \"stolen\","
                          " \"issuedAt\": \"2026-11-23T03:00:00Z\", \"vehicle\": {\"plate\": \"%s\", \"state\": \"IL\"}}",
                          id, status, plate);
}

static void
handler (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  Fake *fake = user_data;
  const char *method = soup_server_message_get_method (msg);
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);

  g_free (fake->last_auth);
  fake->last_auth = g_strdup_printf ("%s|%s", soup_message_headers_get_one (headers, "Authorization"),
                                     soup_message_headers_get_one (headers, "X-Agency-Id"));

  if (g_str_equal (path, "/bolos/changes"))
    {
      const char *cursor = query ? g_hash_table_lookup (query, "cursor") : NULL;
      guint from = cursor && g_str_has_prefix (cursor, "k-") ? (guint) g_ascii_strtoull (cursor + 2, NULL, 10) : 0;
      guint to = MIN (from + FEED_PAGE, fake->changes->len);
      GString *s = g_string_new ("{\"changes\": [");

      g_ptr_array_add (fake->cursors_asked, g_strdup (cursor ? cursor : ""));
      for (guint i = from; i < to; i++)
        g_string_append_printf (s, "%s%s", i > from ? "," : "", (char *) g_ptr_array_index (fake->changes, i));
      g_string_append_printf (s, "], \"cursor\": \"k-%u\"}", MAX (to, from));
      reply (msg, 200, s->str);
      g_string_free (s, TRUE);
    }
  else if (g_str_equal (path, "/bolos") && g_str_equal (method, "GET"))
    {
      g_autofree char *b1 = bolo_json ("B-1", "active", "ABC1234");
      g_autofree char *body = g_strdup_printf ("{\"bolos\": [%s, {\"id\": \"broken\"}]}", b1);

      if (g_strcmp0 (query ? g_hash_table_lookup (query, "status") : NULL, "active") != 0)
        reply (msg, 400, "{\"message\": \"status is required\"}");
      else
        reply (msg, 200, body);
    }
  else if (g_str_equal (path, "/bolos") && g_str_equal (method, "POST"))
    {
      g_autoptr(GBytes) bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
      g_autoptr(JsonNode) node = rtcc_json_parse_bytes (bytes, NULL);
      JsonObject *req = node ? json_node_get_object (node) : NULL;
      JsonObject *vehicle = req ? rtcc_json_get_object (req, "vehicle") : NULL;

      if (rtcc_json_get_string (req, "reason") == NULL || rtcc_json_get_string (vehicle, "plate") == NULL)
        reply (msg, 422, "{\"errors\": [{\"field\": \"vehicle.plate\", \"message\": \"Plate is required\"},"
                         " {\"field\": \"reason\", \"message\": \"Reason is required\"}]}");
      else
        {
          g_autofree char *bolo = bolo_json ("B-9", "active", rtcc_json_get_string (vehicle, "plate"));
          g_autofree char *body = g_strdup_printf ("{\"bolo\": %s}", bolo);
          reply (msg, 201, body);
        }
    }
  else if (g_str_equal (path, "/bolos/B-1/cancel") && g_str_equal (method, "POST"))
    reply (msg, 200, "{\"bolo\": {\"id\": \"B-1\", \"status\": \"cancelled\"}}");
  else if (g_str_equal (path, "/bolos/B-2/cancel") && g_str_equal (method, "POST"))
    reply (msg, 409, "{\"message\": \"BOLO B-2 is expired\"}");
  else if (g_str_has_prefix (path, "/bolos/check/"))
    {
      g_autofree char *b1 = bolo_json ("B-1", "active", "ABC1234");
      g_autofree char *body = g_strdup_printf ("{\"matches\": [%s]}", b1);
      GUri *uri = soup_server_message_get_uri (msg);

      g_ptr_array_add (fake->queries, g_strdup_printf ("%s?%s", path, g_uri_get_query (uri)));
      reply (msg, 200, body);
    }
  else
    reply (msg, 404, "{\"message\": \"Unknown path\"}");
}

static void
fake_start (Fake *fake)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  fake->changes = g_ptr_array_new_with_free_func (g_free);
  fake->cursors_asked = g_ptr_array_new_with_free_func (g_free);
  fake->queries = g_ptr_array_new_with_free_func (g_free);
  fake->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (fake->server, NULL, handler, fake, NULL);
  soup_server_listen_local (fake->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (fake->server);
  fake->base = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
}

static void
fake_stop (Fake *fake)
{
  soup_server_disconnect (fake->server);
  g_clear_object (&fake->server);
  g_ptr_array_unref (fake->changes);
  g_ptr_array_unref (fake->cursors_asked);
  g_ptr_array_unref (fake->queries);
  g_free (fake->base);
  g_free (fake->last_auth);
}

static void
add_change (Fake       *fake,
            const char *op,
            const char *id,
            const char *plate)
{
  g_autofree char *bolo = bolo_json (id, g_str_equal (op, "created") ? "active" : op, plate);

  g_ptr_array_add (fake->changes, g_strdup_printf ("{\"op\": \"%s\", \"bolo\": %s}", op, bolo));
}

static RtccIntegration *
make_hotsheets (Fake       *fake,
                RtccConfig *config)
{
  rtcc_config_set_override (config, "HOTSHEETS_API_URL", fake->base);
  rtcc_config_set_override (config, "HOTSHEETS_API_KEY", "hs-key-0123456789");
  rtcc_config_set_override (config, "HOTSHEETS_AGENCY_ID", "AG-3");
  return rtcc_hotsheets_integration_new (config);
}

static void
on_event (RtccIntegration *integration,
          RtccEvent       *event,
          GPtrArray       *seen)
{
  g_ptr_array_add (seen, g_strdup_printf ("%s:%s", rtcc_event_type_to_string (rtcc_event_get_event_type (event)),
                                          rtcc_event_get_vendor_id (event)));
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

static void
test_changes_polling (void)
{
  g_autoptr(RtccConfig) config = rtcc_config_new (NULL, FALSE);
  g_autoptr(RtccIntegration) hs = NULL;
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  guint asked;
  Fake fake = { 0 };

  fake_start (&fake);
  hs = make_hotsheets (&fake, config);
  g_assert_cmpuint (rtcc_hotsheets_integration_get_poll_interval (RTCC_HOTSHEETS_INTEGRATION (hs)), ==, 10000);
  g_object_set (hs, "poll-interval", 150, NULL);
  g_signal_connect (hs, "event", G_CALLBACK (on_event), seen);

  /* Three changes waiting: two pages read back to back. */
  add_change (&fake, "created", "B-1", "ABC1234");
  add_change (&fake, "created", "B-2", "XYZ987");
  add_change (&fake, "cancelled", "B-1", "ABC1234");
  rtcc_integration_start (hs);
  wait_for (seen, 3);
  g_assert_cmpstr (g_ptr_array_index (fake.cursors_asked, 0), ==, "");
  g_assert_cmpstr (g_ptr_array_index (fake.cursors_asked, 1), ==, "k-2");
  g_assert_cmpstr (fake.last_auth, ==, "Bearer hs-key-0123456789|AG-3");

  /* News published later arrive on the timer, from the cursor. */
  add_change (&fake, "created", "B-3", "KID777");
  add_change (&fake, "expired", "B-2", "XYZ987");
  wait_for (seen, 5);
  spin (400);
  g_assert_cmpuint (seen->len, ==, 5);
  g_assert_cmpstr (g_ptr_array_index (seen, 0), ==, "bolo_created:B-1");
  g_assert_cmpstr (g_ptr_array_index (seen, 1), ==, "bolo_created:B-2");
  g_assert_cmpstr (g_ptr_array_index (seen, 2), ==, "bolo_cancelled:B-1");
  g_assert_cmpstr (g_ptr_array_index (seen, 3), ==, "bolo_created:B-3");
  g_assert_cmpstr (g_ptr_array_index (seen, 4), ==, "bolo_cancelled:B-2");
  g_assert_cmpstr (rtcc_hotsheets_integration_get_cursor (RTCC_HOTSHEETS_INTEGRATION (hs)), ==, "k-5");
  for (guint i = 2; i < fake.cursors_asked->len; i++)
    g_assert_cmpstr (g_ptr_array_index (fake.cursors_asked, i), !=, "");

  /* A quiet feed is asked on the timer, not in a loop; after stop, never. */
  asked = fake.cursors_asked->len;
  spin (450);
  g_assert_cmpuint (fake.cursors_asked->len - asked, <=, 4);
  g_assert_cmpuint (fake.cursors_asked->len - asked, >=, 1);
  rtcc_integration_stop (hs);
  spin (50);
  asked = fake.cursors_asked->len;
  spin (400);
  g_assert_cmpuint (fake.cursors_asked->len, ==, asked);

  fake_stop (&fake);
}

static void
test_restart_keeps_polling (void)
{
  g_autoptr(RtccConfig) config = rtcc_config_new (NULL, FALSE);
  g_autoptr(RtccIntegration) hs = NULL;
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  Fake fake = { 0 };

  fake_start (&fake);
  hs = make_hotsheets (&fake, config);
  rtcc_hotsheets_integration_set_poll_interval (RTCC_HOTSHEETS_INTEGRATION (hs), 100);
  g_signal_connect (hs, "event", G_CALLBACK (on_event), seen);

  /* Stopped and started while the first poll is in flight. */
  rtcc_integration_start (hs);
  rtcc_integration_stop (hs);
  rtcc_integration_start (hs);
  add_change (&fake, "created", "B-7", "RST777");
  wait_for (seen, 1);
  g_assert_cmpstr (g_ptr_array_index (seen, 0), ==, "bolo_created:B-7");

  rtcc_integration_stop (hs);
  fake_stop (&fake);
}

static void
test_create_bolo (void)
{
  g_autoptr(RtccConfig) config = rtcc_config_new (NULL, FALSE);
  g_autoptr(RtccIntegration) hs = NULL;
  g_autoptr(GAsyncResult) r1 = NULL;
  g_autoptr(GAsyncResult) r2 = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) fields = NULL;
  g_autoptr(RtccEvent) created = NULL;
  g_autoptr(JsonNode) good = rtcc_json_parse ("{\"subjectType\": \"vehicle\", \"reason\": \"stolen\","
                                              " \"vehicle\": {\"plate\": \"ABC1234\", \"state\": \"IL\"}}", -1, NULL);
  g_autoptr(JsonNode) bad = rtcc_json_parse ("{\"subjectType\": \"vehicle\", \"vehicle\": {}}", -1, NULL);
  Fake fake = { 0 };

  fake_start (&fake);
  hs = make_hotsheets (&fake, config);

  rtcc_hotsheets_integration_create_bolo_async (RTCC_HOTSHEETS_INTEGRATION (hs), json_node_get_object (good),
                                                NULL, got_result, &r1);
  created = rtcc_hotsheets_integration_create_bolo_finish (RTCC_HOTSHEETS_INTEGRATION (hs), wait_result (&r1),
                                                          &fields, &error);
  g_assert_no_error (error);
  g_assert_null (fields);
  g_assert_cmpstr (rtcc_event_get_id (created), ==, "hotsheets:B-9");
  g_assert_cmpint (rtcc_event_get_event_type (created), ==, RTCC_EVENT_TYPE_BOLO_CREATED);

  rtcc_hotsheets_integration_create_bolo_async (RTCC_HOTSHEETS_INTEGRATION (hs), json_node_get_object (bad),
                                                NULL, got_result, &r2);
  g_assert_null (rtcc_hotsheets_integration_create_bolo_finish (RTCC_HOTSHEETS_INTEGRATION (hs), wait_result (&r2),
                                                                &fields, &error));
  g_assert_error (error, RTCC_HOTSHEETS_ERROR, RTCC_HOTSHEETS_ERROR_INVALID_BOLO);
  g_assert_cmpstr (error->message, ==, "HotSheets did not accept the BOLO: reason: Reason is required; "
                                       "vehicle.plate: Plate is required. Correct the fields and send it again.");
  g_assert_nonnull (fields);
  g_assert_cmpuint (g_hash_table_size (fields), ==, 2);
  g_assert_cmpstr (g_hash_table_lookup (fields, "vehicle.plate"), ==, "Plate is required");
  g_assert_cmpstr (g_hash_table_lookup (fields, "reason"), ==, "Reason is required");

  fake_stop (&fake);
}

static void
test_cancel_bolo (void)
{
  g_autoptr(RtccConfig) config = rtcc_config_new (NULL, FALSE);
  g_autoptr(RtccIntegration) hs = NULL;
  g_autoptr(GAsyncResult) r1 = NULL;
  g_autoptr(GAsyncResult) r2 = NULL;
  g_autoptr(GAsyncResult) r3 = NULL;
  g_autoptr(GError) error = NULL;
  Fake fake = { 0 };

  fake_start (&fake);
  hs = make_hotsheets (&fake, config);

  rtcc_hotsheets_integration_cancel_bolo_async (RTCC_HOTSHEETS_INTEGRATION (hs), "B-1", "Vehicle recovered",
                                                NULL, got_result, &r1);
  g_assert_true (rtcc_hotsheets_integration_cancel_bolo_finish (RTCC_HOTSHEETS_INTEGRATION (hs), wait_result (&r1), &error));
  g_assert_no_error (error);

  rtcc_hotsheets_integration_cancel_bolo_async (RTCC_HOTSHEETS_INTEGRATION (hs), "B-2", "Duplicate",
                                                NULL, got_result, &r2);
  g_assert_false (rtcc_hotsheets_integration_cancel_bolo_finish (RTCC_HOTSHEETS_INTEGRATION (hs), wait_result (&r2), &error));
  g_assert_error (error, RTCC_HOTSHEETS_ERROR, RTCC_HOTSHEETS_ERROR_NOT_ACTIVE);
  g_assert_nonnull (strstr (error->message, "B-2 is not active"));
  g_assert_nonnull (strstr (error->message, "BOLO B-2 is expired"));
  g_clear_error (&error);

  rtcc_hotsheets_integration_cancel_bolo_async (RTCC_HOTSHEETS_INTEGRATION (hs), "B-1", "  ",
                                                NULL, got_result, &r3);
  g_assert_false (rtcc_hotsheets_integration_cancel_bolo_finish (RTCC_HOTSHEETS_INTEGRATION (hs), wait_result (&r3), &error));
  g_assert_error (error, RTCC_HOTSHEETS_ERROR, RTCC_HOTSHEETS_ERROR_INVALID_ARGUMENT);

  fake_stop (&fake);
}

static void
test_lists_and_checks (void)
{
  g_autoptr(RtccConfig) config = rtcc_config_new (NULL, FALSE);
  g_autoptr(RtccIntegration) hs = NULL;
  g_autoptr(GAsyncResult) r1 = NULL;
  g_autoptr(GAsyncResult) r2 = NULL;
  g_autoptr(GAsyncResult) r3 = NULL;
  g_autoptr(GAsyncResult) r4 = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) active = NULL;
  g_autoptr(GPtrArray) by_plate = NULL;
  g_autoptr(GPtrArray) by_person = NULL;
  g_autoptr(GPtrArray) none = NULL;
  Fake fake = { 0 };

  fake_start (&fake);
  hs = make_hotsheets (&fake, config);

  /* One broken BOLO in the list is skipped and reported; the rest arrive. */
  g_test_expect_message ("RtccHotsheets", G_LOG_LEVEL_WARNING, "Skipped a HotSheets BOLO: item 1:*");
  rtcc_hotsheets_integration_list_active_async (RTCC_HOTSHEETS_INTEGRATION (hs), NULL, got_result, &r1);
  active = rtcc_hotsheets_integration_list_active_finish (RTCC_HOTSHEETS_INTEGRATION (hs), wait_result (&r1), &error);
  g_test_assert_expected_messages ();
  g_assert_no_error (error);
  g_assert_cmpuint (active->len, ==, 1);

  rtcc_hotsheets_integration_check_plate_async (RTCC_HOTSHEETS_INTEGRATION (hs), "abc 1234", "IL", NULL, got_result, &r2);
  by_plate = rtcc_hotsheets_integration_check_plate_finish (RTCC_HOTSHEETS_INTEGRATION (hs), wait_result (&r2), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (by_plate->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (fake.queries, 0), ==, "/bolos/check/plate?plate=ABC1234&state=IL");

  rtcc_hotsheets_integration_check_person_async (RTCC_HOTSHEETS_INTEGRATION (hs), "Muñoz", "Zoë", "1980-01-01",
                                                 NULL, got_result, &r3);
  by_person = rtcc_hotsheets_integration_check_person_finish (RTCC_HOTSHEETS_INTEGRATION (hs), wait_result (&r3), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (by_person->len, ==, 1);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (fake.queries, 1), "/bolos/check/person?lastName=Mu%C3%B1oz&firstName=Zo%C3%AB&dob=1980-01-01"));

  rtcc_hotsheets_integration_check_person_async (RTCC_HOTSHEETS_INTEGRATION (hs), " ", NULL, NULL,
                                                 NULL, got_result, &r4);
  none = rtcc_hotsheets_integration_check_person_finish (RTCC_HOTSHEETS_INTEGRATION (hs), wait_result (&r4), &error);
  g_assert_null (none);
  g_assert_error (error, RTCC_HOTSHEETS_ERROR, RTCC_HOTSHEETS_ERROR_INVALID_ARGUMENT);
  g_assert_cmpuint (fake.queries->len, ==, 2);

  fake_stop (&fake);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/hotsheets/integration/changes-polling", test_changes_polling);
  g_test_add_func ("/hotsheets/integration/restart-keeps-polling", test_restart_keeps_polling);
  g_test_add_func ("/hotsheets/integration/create-bolo", test_create_bolo);
  g_test_add_func ("/hotsheets/integration/cancel-bolo", test_cancel_bolo);
  g_test_add_func ("/hotsheets/integration/lists-and-checks", test_lists_and_checks);

  return g_test_run ();
}
