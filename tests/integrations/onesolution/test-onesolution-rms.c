/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <sqlite3.h>

#include "onesolution/rtcc-onesolution-integration.h"
#include "rtcc-json.h"

/* A OneSolution stand-in: a changes feed paged by cursor, incident,
 * person and case lookups, and a log of every request it received. */
typedef struct
{
  SoupServer *server;
  char       *base;
  GPtrArray  *received;   /* "GET /path?query" */
  GPtrArray  *cursors;    /* the cursor of each changes poll, "" for none */
  char       *last_key;
  char       *last_ori;
  char       *dir;
  char       *db;
  guint       truncate_next;  /* answer the next changes poll with a cut body */
} Fake;

static char *
fixture_text (const char *name)
{
  g_autofree char *path = g_build_filename (g_getenv ("RTCC_TEST_DATA"), "onesolution", name, NULL);
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return text;
}

static void
reply (SoupServerMessage *msg,
       guint              status,
       char              *body)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, body, strlen (body));
}

static void
handler (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  Fake *fake = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *q = g_uri_get_query (soup_server_message_get_uri (msg));

  g_ptr_array_add (fake->received, g_strdup_printf ("%s %s%s%s", soup_server_message_get_method (msg),
                                                    path, q ? "?" : "", q ? q : ""));
  g_free (fake->last_key);
  fake->last_key = g_strdup (soup_message_headers_get_one (headers, "X-API-Key"));
  g_free (fake->last_ori);
  fake->last_ori = g_strdup (soup_message_headers_get_one (headers, "X-ORI"));

  if (g_str_equal (path, "/incidents/changes"))
    {
      const char *cursor = query ? g_hash_table_lookup (query, "cursor") : NULL;

      g_ptr_array_add (fake->cursors, g_strdup (cursor ? cursor : ""));
      if (fake->truncate_next > 0)
        {
          fake->truncate_next--;
          reply (msg, 200, g_strdup ("{\"changes\": [{\"op\": \"upd"));
        }
      else if (cursor == NULL)
        reply (msg, 200, g_strdup ("{\"changes\": [{\"op\": \"created\", \"incident\": {\"incidentNumber\": \"2026-000500\","
                                   " \"type\": {\"code\": \"ROBB\", \"description\": \"Robbery\"}, \"status\": \"open\","
                                   " \"reportedAt\": \"2026-11-23T04:00:00-06:00\", \"units\": [\"1A\"]}}], \"cursor\": \"c1\"}"));
      else if (g_str_equal (cursor, "c1"))
        reply (msg, 200, g_strdup ("{\"changes\": [{\"op\": \"updated\", \"incident\": {\"incidentNumber\": \"2026-000501\"}},"
                                   " {\"op\": \"updated\", \"incident\": {\"incidentNumber\": \"2026-000500\","
                                   " \"type\": {\"code\": \"ROBB\", \"description\": \"Robbery\"}, \"status\": \"closed\","
                                   " \"reportedAt\": \"2026-11-23T04:00:00-06:00\", \"units\": [\"1A\", \"1B\"]}}], \"cursor\": \"c2\"}"));
      else
        reply (msg, 200, g_strdup ("{\"changes\": [], \"cursor\": \"c2\"}"));
    }
  else if (g_str_equal (path, "/incidents/2026-000123"))
    reply (msg, 200, fixture_text ("incident.json"));
  else if (g_str_equal (path, "/incidents"))
    reply (msg, 200, fixture_text ("search-results.json"));
  else if (g_str_equal (path, "/persons/P-77"))
    reply (msg, 200, g_strdup ("{\"person\": {\"personId\": \"P-77\", \"lastName\": \"DOE\", \"firstName\": \"JANE\","
                               " \"dob\": \"1990-04-12\", \"identifiers\": [{\"type\": \"DL\", \"value\": \"D123\", \"state\": \"IL\"}]}}"));
  else if (g_str_equal (path, "/persons"))
    reply (msg, 200, g_strdup ("{\"results\": [{\"personId\": \"P-77\", \"lastName\": \"DOE\"}, 7,"
                               " {\"personId\": \"P-78\", \"lastName\": \"DOW\"}], \"total\": 2}"));
  else if (g_str_equal (path, "/cases/C-2026-0042"))
    reply (msg, 200, g_strdup ("{\"case\": {\"caseNumber\": \"C-2026-0042\", \"status\": \"active\","
                               " \"investigator\": \"Det. Ruiz\", \"incidents\": [\"2026-000123\"]}}"));
  else
    reply (msg, 404, g_strdup ("{\"error\": {\"message\": \"No such record\"}}"));
}

static void
fake_start (Fake *fake)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  fake->received = g_ptr_array_new_with_free_func (g_free);
  fake->cursors = g_ptr_array_new_with_free_func (g_free);
  fake->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (fake->server, NULL, handler, fake, NULL);
  soup_server_listen_local (fake->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (fake->server);
  fake->base = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  fake->dir = g_dir_make_tmp ("rtcc-rms-XXXXXX", &error);
  g_assert_no_error (error);
  fake->db = g_build_filename (fake->dir, "audit.db", NULL);
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *child = g_build_filename (dir, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (dir);
}

static void
fake_stop (Fake *fake)
{
  soup_server_disconnect (fake->server);
  g_clear_object (&fake->server);
  g_ptr_array_unref (fake->received);
  g_ptr_array_unref (fake->cursors);
  g_free (fake->base);
  g_free (fake->last_key);
  g_free (fake->last_ori);
  remove_tree (fake->dir);
  g_free (fake->dir);
  g_free (fake->db);
}

static RtccIntegration *
make_rms (Fake          *fake,
          RtccConfig   **config_out,
          RtccAuditLog **log_out)
{
  RtccConfig *config = rtcc_config_new (NULL, FALSE);
  g_autoptr(GError) error = NULL;
  RtccIntegration *rms;

  rtcc_config_set_override (config, "ONESOLUTION_API_URL", fake->base);
  rtcc_config_set_override (config, "ONESOLUTION_API_KEY", "rms-key-0123456789");
  rtcc_config_set_override (config, "ONESOLUTION_AGENCY_ORI", "IL0160000");
  rtcc_config_set_override (config, "NESS_OPERATOR_ID", "op-4411");
  rms = rtcc_onesolution_integration_new (config);
  if (log_out != NULL)
    {
      *log_out = rtcc_audit_log_open (fake->db, &error);
      g_assert_no_error (error);
      rtcc_onesolution_integration_set_audit_log (RTCC_ONESOLUTION_INTEGRATION (rms), *log_out);
    }
  *config_out = config;
  return rms;
}

static void
store_result (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

/* Reads the audit db behind the log's back, as an auditor would. */
static char *
audit_rows (const char *db_path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  GString *rows = g_string_new (NULL);

  g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT action, operator, ori, integration, query_terms, outcome, "
                                       "outcome_detail FROM audit_records ORDER BY seq", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      for (int i = 0; i < 7; i++)
        g_string_append_printf (rows, "%s%s", i ? "|" : "",
                                sqlite3_column_text (stmt, i) ? (const char *) sqlite3_column_text (stmt, i) : "");
      g_string_append_c (rows, '\n');
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return g_string_free (rows, FALSE);
}

static void
on_event (RtccIntegration *integration,
          RtccEvent       *event,
          GPtrArray       *seen)
{
  g_ptr_array_add (seen, g_strdup_printf ("%s %s@%u", rtcc_event_type_to_string (rtcc_event_get_event_type (event)),
                                          rtcc_event_get_vendor_id (event), rtcc_event_get_version (event)));
}

static void
test_changes_polling (void)
{
  g_autoptr(RtccConfig) config = NULL;
  g_autoptr(RtccIntegration) rms = NULL;
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  RtccOnesolutionIntegration *os;
  gint64 deadline;
  Fake fake = { 0 };

  fake_start (&fake);
  rms = make_rms (&fake, &config, NULL);
  os = RTCC_ONESOLUTION_INTEGRATION (rms);
  g_assert_cmpuint (rtcc_onesolution_integration_get_poll_interval (os), ==, 15000);
  rtcc_onesolution_integration_set_poll_interval (os, 30);
  g_signal_connect (rms, "event", G_CALLBACK (on_event), seen);
  g_test_expect_message ("RtccOnesolution", G_LOG_LEVEL_WARNING, "Skipped a OneSolution incident*reportedAt*");
  rtcc_integration_start (rms);

  /* The first poll is answered; the second gets a cut body. */
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (fake.cursors->len < 1 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  fake.truncate_next = 1;
  while (fake.cursors->len < 5 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  rtcc_integration_stop (rms);
  g_test_assert_expected_messages ();

  /* Each poll sends the cursor of the last page read, a page that could
   * not be read is asked for again, a bad item is skipped, and each
   * change is emitted once, the update with a higher version. */
  g_assert_cmpuint (fake.cursors->len, >=, 5);
  g_assert_cmpstr (g_ptr_array_index (fake.cursors, 0), ==, "");
  g_assert_cmpstr (g_ptr_array_index (fake.cursors, 1), ==, "c1");
  g_assert_cmpstr (g_ptr_array_index (fake.cursors, 2), ==, "c1");
  g_assert_cmpstr (g_ptr_array_index (fake.cursors, 3), ==, "c2");
  g_assert_cmpstr (g_ptr_array_index (fake.cursors, 4), ==, "c2");
  g_assert_cmpuint (rtcc_integration_get_errors_24h (rms), >=, 2);
  g_assert_cmpuint (seen->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (seen, 0), ==, "incident_created 2026-000500@1");
  g_assert_cmpstr (g_ptr_array_index (seen, 1), ==, "incident_updated 2026-000500@2");
  g_assert_cmpstr (rtcc_onesolution_integration_get_cursor (os), ==, "c2");
  g_assert_cmpstr (fake.last_key, ==, "rms-key-0123456789");
  g_assert_cmpstr (fake.last_ori, ==, "IL0160000");
  fake_stop (&fake);
}

static void
test_lookups_audited (void)
{
  g_autoptr(RtccConfig) config = NULL;
  g_autoptr(RtccAuditLog) log = NULL;
  g_autoptr(RtccIntegration) rms = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *rows = NULL;
  RtccOnesolutionIntegration *os;
  Fake fake = { 0 };

  fake_start (&fake);
  rms = make_rms (&fake, &config, &log);
  os = RTCC_ONESOLUTION_INTEGRATION (rms);

  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(RtccEvent) event = NULL;

    rtcc_onesolution_integration_get_incident_async (os, "2026-000123", NULL, store_result, &result);
    event = rtcc_onesolution_integration_get_incident_finish (os, wait_result (&result), &error);
    g_assert_no_error (error);
    g_assert_cmpstr (rtcc_event_get_title (event), ==, "Robbery — 2026-000123");
  }
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GPtrArray) events = NULL;
    g_autoptr(GDateTime) from = g_date_time_new_utc (2026, 11, 1, 0, 0, 0);
    guint total = 0, page = 0;

    rtcc_onesolution_integration_search_incidents_async (os, "ROBB", "open", from, NULL, "MADISON & 1st",
                                                         2, 25, NULL, store_result, &result);
    events = rtcc_onesolution_integration_search_incidents_finish (os, wait_result (&result), &total, &page, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (events->len, ==, 3);
    g_assert_cmpuint (total, ==, 57);
    g_assert_cmpuint (page, ==, 2);
    g_assert_cmpstr (g_ptr_array_index (fake.received, fake.received->len - 1), ==,
                     "GET /incidents?type=ROBB&status=open&from=2026-11-01T00%3A00%3A00Z"
                     "&address=MADISON%20%26%201st&page=2&pageSize=25");
  }
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(JsonObject) person = NULL;

    rtcc_onesolution_integration_get_person_async (os, "P-77", NULL, store_result, &result);
    person = rtcc_onesolution_integration_get_person_finish (os, wait_result (&result), &error);
    g_assert_no_error (error);
    g_assert_cmpstr (rtcc_json_get_string (person, "lastName"), ==, "DOE");
    g_assert_nonnull (rtcc_json_get_array (person, "identifiers"));
  }
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(JsonArray) persons = NULL;

    rtcc_onesolution_integration_search_persons_async (os, "Doe", "Jane", "1990-04-12", TRUE, NULL,
                                                       store_result, &result);
    persons = rtcc_onesolution_integration_search_persons_finish (os, wait_result (&result), &error);
    g_assert_no_error (error);
    g_assert_cmpuint (json_array_get_length (persons), ==, 2);
    g_assert_cmpstr (g_ptr_array_index (fake.received, fake.received->len - 1), ==,
                     "GET /persons?lastName=Doe&firstName=Jane&dob=1990-04-12&phonetic=true");
  }
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(JsonObject) rms_case = NULL;

    rtcc_onesolution_integration_get_case_async (os, "C-2026-0042", NULL, store_result, &result);
    rms_case = rtcc_onesolution_integration_get_case_finish (os, wait_result (&result), &error);
    g_assert_no_error (error);
    g_assert_cmpstr (rtcc_json_get_string (rms_case, "investigator"), ==, "Det. Ruiz");
  }
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(JsonObject) person = NULL;

    rtcc_onesolution_integration_get_person_async (os, "P-404", NULL, store_result, &result);
    person = rtcc_onesolution_integration_get_person_finish (os, wait_result (&result), &error);
    g_assert_error (error, RTCC_HTTP_ERROR, RTCC_HTTP_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }

  /* Every lookup, the failed one too, is in the log with who and what. */
  rows = audit_rows (fake.db);
  g_assert_cmpstr (rows, ==,
                   "rms_lookup|op-4411|IL0160000|onesolution|incident 2026-000123|success|1 result\n"
                   "rms_lookup|op-4411|IL0160000|onesolution|incidents type=ROBB status=open "
                   "from=2026-11-01T00:00:00Z address=MADISON & 1st page=2 pageSize=25|success|3 results\n"
                   "rms_lookup|op-4411|IL0160000|onesolution|person P-77|success|1 result\n"
                   "rms_lookup|op-4411|IL0160000|onesolution|persons lastName=Doe firstName=Jane "
                   "dob=1990-04-12 phonetic=true|success|2 results\n"
                   "rms_lookup|op-4411|IL0160000|onesolution|case C-2026-0042|success|1 result\n"
                   "rms_lookup|op-4411|IL0160000|onesolution|person P-404|failure|"
                   "OneSolution RMS has no such record (404): No such record.\n");
  fake_stop (&fake);
}

static void
test_refused_locally (void)
{
  g_autoptr(RtccConfig) config = NULL;
  g_autoptr(RtccAuditLog) log = NULL;
  g_autoptr(RtccIntegration) rms = NULL;
  g_autoptr(RtccIntegration) unaudited = NULL;
  RtccOnesolutionIntegration *os;
  Fake fake = { 0 };
  const char *bad_last[] = { NULL, "", "   " };

  fake_start (&fake);
  rms = make_rms (&fake, &config, &log);
  os = RTCC_ONESOLUTION_INTEGRATION (rms);

  for (guint i = 0; i < G_N_ELEMENTS (bad_last); i++)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonArray) persons = NULL;

      rtcc_onesolution_integration_search_persons_async (os, bad_last[i], "JANE", NULL, FALSE, NULL,
                                                         store_result, &result);
      persons = rtcc_onesolution_integration_search_persons_finish (os, wait_result (&result), &error);
      g_assert_null (persons);
      g_assert_error (error, RTCC_ONESOLUTION_ERROR, RTCC_ONESOLUTION_ERROR_INVALID_QUERY);
      g_assert_nonnull (strstr (error->message, "last name"));
    }
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonArray) persons = NULL;

    rtcc_onesolution_integration_search_persons_async (os, "DOE", NULL, "1990-02-30", FALSE, NULL,
                                                       store_result, &result);
    persons = rtcc_onesolution_integration_search_persons_finish (os, wait_result (&result), &error);
    g_assert_error (error, RTCC_ONESOLUTION_ERROR, RTCC_ONESOLUTION_ERROR_INVALID_QUERY);
  }

  /* Without an audit log, a lookup is not even sent. */
  unaudited = rtcc_onesolution_integration_new (config);
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(RtccEvent) event = NULL;

    rtcc_onesolution_integration_get_incident_async (RTCC_ONESOLUTION_INTEGRATION (unaudited), "2026-000123",
                                                     NULL, store_result, &result);
    event = rtcc_onesolution_integration_get_incident_finish (RTCC_ONESOLUTION_INTEGRATION (unaudited),
                                                              wait_result (&result), &error);
    g_assert_null (event);
    g_assert_error (error, RTCC_ONESOLUTION_ERROR, RTCC_ONESOLUTION_ERROR_AUDIT);
  }
  g_assert_cmpuint (fake.received->len, ==, 0);
  fake_stop (&fake);
}

static void
test_audit_failure_withholds_results (void)
{
  g_autoptr(RtccConfig) config = NULL;
  g_autoptr(RtccAuditLog) log = NULL;
  g_autoptr(RtccIntegration) rms = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RtccEvent) event = NULL;
  g_autofree char *lock = NULL;
  Fake fake = { 0 };

  fake_start (&fake);
  rms = make_rms (&fake, &config, &log);

  /* A directory where the log's lock file goes: every append fails. */
  lock = g_strconcat (fake.db, ".lock", NULL);
  g_unlink (lock);
  g_assert_cmpint (g_mkdir (lock, 0700), ==, 0);

  rtcc_onesolution_integration_get_incident_async (RTCC_ONESOLUTION_INTEGRATION (rms), "2026-000123",
                                                   NULL, store_result, &result);
  event = rtcc_onesolution_integration_get_incident_finish (RTCC_ONESOLUTION_INTEGRATION (rms),
                                                            wait_result (&result), &error);
  g_assert_null (event);
  g_assert_error (error, RTCC_ONESOLUTION_ERROR, RTCC_ONESOLUTION_ERROR_AUDIT);
  g_assert_nonnull (strstr (error->message, "withheld"));
  g_rmdir (lock);
  fake_stop (&fake);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/onesolution/changes/polling", test_changes_polling);
  g_test_add_func ("/onesolution/lookups/audited", test_lookups_audited);
  g_test_add_func ("/onesolution/lookups/refused-locally", test_refused_locally);
  g_test_add_func ("/onesolution/lookups/audit-failure", test_audit_failure_withholds_results);

  return g_test_run ();
}
