/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <sqlite3.h>

#include "rtcc-json.h"

/* The built rtcc-cli, given by meson as the first argument. */
static const char *cli_path;

/* One stand-in for both the RMS and the NESS gateway; rtcc-cli runs as a
 * child process while this process answers. */
typedef struct
{
  SoupServer *server;
  char       *base;
  char       *dir;
  char       *data_dir;
  char       *db;
  GPtrArray  *received;
  char       *out;
  char       *err;
} Fixture;

static void
reply (SoupServerMessage *msg,
       guint              status,
       const char        *body)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, body, strlen (body));
}

static void
handler (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  Fixture *f = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);

  g_ptr_array_add (f->received, g_strdup (path));

  if (g_str_has_prefix (path, "/ncic") || g_str_has_prefix (path, "/iii") || g_str_has_prefix (path, "/dmv"))
    {
      if (g_strcmp0 (soup_message_headers_get_one (headers, "X-Purpose-Code"), "C") != 0 ||
          soup_message_headers_get_one (headers, "X-Purpose-Reason") == NULL ||
          g_strcmp0 (soup_message_headers_get_one (headers, "X-ORI"), "IL0160000") != 0 ||
          g_strcmp0 (soup_message_headers_get_one (headers, "X-Operator-Id"), "op-cli") != 0)
        {
          reply (msg, 400, "{\"error\": {\"code\": \"PURPOSE_REQUIRED\", \"message\": \"headers missing\"}}");
          return;
        }
    }

  if (g_str_equal (path, "/ncic/wanted"))
    reply (msg, 200, "{\"messageKey\": \"QW\", \"hits\": [{\"nic\": \"W123456789\", \"ori\": \"TX1010000\","
                     " \"offense\": \"ARMED ROBBERY\", \"warrantDate\": \"2026-01-02\", \"extradition\": \"full\","
                     " \"caution\": \"armed\"}], \"requiresConfirmation\": true}");
  else if (g_str_equal (path, "/iii/history"))
    reply (msg, 200, "{\"messageKey\": \"QH\", \"record\": {\"fbiNumber\": \"123456AB7\", \"stateIds\": [\"IL1\"],"
                     " \"arrests\": [{\"date\": \"2019-03-04\", \"charge\": \"BURGLARY\", \"disposition\": \"convicted\"}]}}");
  else if (g_str_equal (path, "/dmv/license"))
    reply (msg, 200, "{\"messageKey\": \"DQ\", \"license\": {\"status\": \"VALID\", \"class\": \"D\","
                     " \"expires\": \"2028-01-01\", \"name\": \"DOE, JOHN\", \"dob\": \"1990-04-12\", \"restrictions\": []}}");
  else if (g_str_equal (path, "/dmv/registration"))
    reply (msg, 200, "{\"messageKey\": \"RQ\", \"registration\": {\"plate\": \"AB123\", \"state\": \"IL\","
                     " \"vin\": \"1HGCM82633A004352\", \"year\": 2019, \"make\": \"TOYT\", \"model\": \"CAM\","
                     " \"color\": \"BLK\", \"owner\": {\"name\": \"DOE, JOHN\", \"address\": \"1 MAIN ST\"},"
                     " \"expires\": \"2027-06-30\", \"stolen\": false}}");
  else if (g_str_equal (path, "/incidents/2026-000123"))
    reply (msg, 200, "{\"incident\": {\"incidentNumber\": \"2026-000123\", \"type\": {\"code\": \"ROBB\","
                     " \"description\": \"Robbery\"}, \"status\": \"open\", \"reportedAt\": \"2026-11-22T22:10:00-06:00\","
                     " \"location\": {\"address\": \"1200 W MADISON ST\", \"lat\": 41.88, \"lon\": -87.65},"
                     " \"units\": [\"1A23\"], \"caseNumber\": \"C-2026-0042\"}}");
  else if (g_str_equal (path, "/incidents"))
    reply (msg, 200, "{\"results\": [{\"incidentNumber\": \"2026-000123\", \"type\": {\"code\": \"ROBB\","
                     " \"description\": \"Robbery\"}, \"status\": \"open\", \"reportedAt\": \"2026-11-22T22:10:00-06:00\"}],"
                     " \"total\": 57, \"page\": 2}");
  else if (g_str_equal (path, "/persons/P-77"))
    reply (msg, 200, "{\"person\": {\"personId\": \"P-77\", \"lastName\": \"DOE\", \"firstName\": \"JANE\", \"dob\": \"1990-04-12\"}}");
  else if (g_str_equal (path, "/persons"))
    reply (msg, 200, "{\"results\": [{\"personId\": \"P-77\", \"lastName\": \"DOE\", \"firstName\": \"JANE\"}]}");
  else if (g_str_equal (path, "/cases/C-2026-0042"))
    reply (msg, 200, "{\"case\": {\"caseNumber\": \"C-2026-0042\", \"status\": \"active\", \"investigator\": \"Det. Ruiz\"}}");
  else
    reply (msg, 404, "{\"error\": {\"message\": \"No such record\"}}");
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
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  f->received = g_ptr_array_new_with_free_func (g_free);
  f->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (f->server, NULL, handler, f, NULL);
  soup_server_listen_local (f->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (f->server);
  f->base = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  f->dir = g_dir_make_tmp ("rtcc-cli-records-XXXXXX", &error);
  g_assert_no_error (error);
  f->data_dir = g_build_filename (f->dir, "data", NULL);
  f->db = g_build_filename (f->data_dir, "audit.db", NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  soup_server_disconnect (f->server);
  g_clear_object (&f->server);
  remove_tree (f->dir);
  g_ptr_array_unref (f->received);
  g_free (f->base);
  g_free (f->dir);
  g_free (f->data_dir);
  g_free (f->db);
  g_free (f->out);
  g_free (f->err);
}

static void
communicated (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* Runs rtcc-cli with a clean environment pointing at the fixture. */
static int
run_cli (Fixture    *f,
         const char *first_arg,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autofree char *config_home = g_build_filename (f->dir, "config", NULL);
  g_autofree char *data_home = g_build_filename (f->dir, "xdg-data", NULL);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (char *) cli_path);
  va_start (args, first_arg);
  for (arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", config_home, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data_home, TRUE);
  g_subprocess_launcher_setenv (launcher, "RTCC_DATA_DIR", f->data_dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "NESS_API_URL", f->base, TRUE);
  g_subprocess_launcher_setenv (launcher, "NESS_API_KEY", "ness-key-0123456789", TRUE);
  g_subprocess_launcher_setenv (launcher, "NESS_OPERATOR_ID", "op-cli", TRUE);
  g_subprocess_launcher_setenv (launcher, "NESS_ORI", "IL0160000", TRUE);
  g_subprocess_launcher_setenv (launcher, "ONESOLUTION_API_URL", f->base, TRUE);
  g_subprocess_launcher_setenv (launcher, "ONESOLUTION_API_KEY", "rms-key-0123456789", TRUE);
  g_subprocess_launcher_setenv (launcher, "ONESOLUTION_AGENCY_ORI", "IL0160000", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "INTEGRATION_DEBUG");

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_clear_pointer (&f->out, g_free);
  g_clear_pointer (&f->err, g_free);
  /* This process must keep answering while the child asks. */
  g_subprocess_communicate_utf8_async (process, NULL, NULL, communicated, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_subprocess_communicate_utf8_finish (process, result, &f->out, &f->err, &error);
  g_assert_no_error (error);
  g_test_message ("stdout: %s\nstderr: %s", f->out, f->err);
  g_assert_true (g_subprocess_get_if_exited (process));
  return g_subprocess_get_exit_status (process);
}

static gint64
count_rows (Fixture    *f,
            const char *where)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM audit_records WHERE %s", where);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  if (!g_file_test (f->db, G_FILE_TEST_EXISTS))
    return 0;
  g_assert_cmpint (sqlite3_open_v2 (f->db, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

static JsonObject *
parse_out (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rtcc_json_parse (f->out, -1, &error);

  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_object_ref (json_node_get_object (node));
}

static void
test_ness_refusals (Fixture       *f,
                    gconstpointer  data)
{
  g_assert_cmpint (run_cli (f, "ness", "wanted", "--last", "DOE", "--first", "JOHN", "--dob", "1990-04-12",
                            "--reason", "stop", NULL), ==, 2);
  g_assert_nonnull (strstr (f->err, "purpose code"));

  g_assert_cmpint (run_cli (f, "ness", "history", "--last", "DOE", "--first", "JOHN", "--dob", "1990-04-12",
                            "--purpose", "R", "--reason", "stop", NULL), ==, 2);
  g_assert_nonnull (strstr (f->err, "reserved for the FBI"));

  g_assert_cmpint (run_cli (f, "ness", "wanted", "--last", "DOE", "--dob", "1990-04-12",
                            "--purpose", "C", "--reason", "stop", NULL), ==, 2);
  g_assert_nonnull (strstr (f->err, "first name"));

  g_assert_cmpint (run_cli (f, "ness", "license", "--number", "D123", "--purpose", "C", "--reason", "stop", NULL), ==, 2);
  g_assert_cmpint (run_cli (f, "ness", "registration", "--plate", "AB123", "--state", "IL", "--purpose", "C", NULL), ==, 2);
  g_assert_nonnull (strstr (f->err, "reason"));
  g_assert_cmpint (run_cli (f, "ness", "registration", "--state", "IL", "--purpose", "C", "--reason", "x", NULL), ==, 2);

  /* Nothing reached the gateway, and nothing was even asked. */
  g_assert_cmpuint (f->received->len, ==, 0);
  g_assert_cmpint (count_rows (f, "1"), ==, 0);
}

static void
test_ness_queries (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(JsonObject) answer = NULL;
  JsonObject *registration;
  JsonArray *hits;

  /* Human output: the hit, its ORI and the confirmation notice. */
  g_assert_cmpint (run_cli (f, "ness", "wanted", "--last", "Doe", "--first", "John", "--dob", "1990-04-12",
                            "--purpose", "C", "--reason", "Robbery 2026-000123", NULL), ==, 0);
  g_assert_nonnull (strstr (f->out, "W123456789"));
  g_assert_nonnull (strstr (f->out, "A hit is not probable cause: confirm with the originating agency "
                                    "(ORI TX1010000) within 10 minutes (urgent) or 1 hour (routine) before acting."));

  g_assert_cmpint (run_cli (f, "ness", "wanted", "--last", "Doe", "--first", "John", "--dob", "1990-04-12",
                            "--purpose", "c", "--reason", "Robbery 2026-000123", "--json", NULL), ==, 0);
  answer = parse_out (f);
  g_assert_cmpstr (rtcc_json_get_string (answer, "messageKey"), ==, "QW");
  hits = rtcc_json_get_array (answer, "hits");
  g_assert_cmpuint (json_array_get_length (hits), ==, 1);
  g_assert_cmpstr (rtcc_json_get_string (json_array_get_object_element (hits, 0), "nic"), ==, "W123456789");
  g_assert_cmpstr (rtcc_json_get_string (json_array_get_object_element (hits, 0), "warrantDate"), ==, "2026-01-02");
  g_assert_nonnull (rtcc_json_get_string (json_array_get_object_element (hits, 0), "notice"));
  g_assert_true (json_object_get_boolean_member (answer, "requiresConfirmation"));
  g_clear_pointer (&answer, json_object_unref);

  g_assert_cmpint (run_cli (f, "ness", "history", "--last", "Doe", "--first", "John", "--dob", "1990-04-12",
                            "--purpose", "C", "--reason", "r", "--json", NULL), ==, 0);
  answer = parse_out (f);
  g_assert_cmpstr (rtcc_json_get_string (rtcc_json_get_object (answer, "record"), "fbiNumber"), ==, "123456AB7");
  g_clear_pointer (&answer, json_object_unref);

  g_assert_cmpint (run_cli (f, "ness", "license", "--number", "D123-456", "--state", "IL",
                            "--purpose", "C", "--reason", "r", "--json", NULL), ==, 0);
  answer = parse_out (f);
  g_assert_cmpstr (rtcc_json_get_string (answer, "messageKey"), ==, "DQ");
  g_assert_cmpstr (rtcc_json_get_string (rtcc_json_get_object (answer, "license"), "class"), ==, "D");
  g_clear_pointer (&answer, json_object_unref);

  g_assert_cmpint (run_cli (f, "ness", "registration", "--plate", "AB 123", "--state", "IL",
                            "--purpose", "C", "--reason", "r", "--json", NULL), ==, 0);
  answer = parse_out (f);
  registration = rtcc_json_get_object (answer, "registration");
  g_assert_cmpstr (rtcc_json_get_string (registration, "vin"), ==, "1HGCM82633A004352");
  g_assert_cmpstr (rtcc_json_get_string (rtcc_json_get_object (registration, "owner"), "name"), ==, "DOE, JOHN");
  g_assert_false (json_object_get_boolean_member (registration, "stolen"));

  g_assert_cmpuint (f->received->len, ==, 5);
  g_assert_cmpint (count_rows (f, "action = 'query' AND integration = 'ness' AND outcome = 'pending' "
                                  "AND operator = 'op-cli' AND ori = 'IL0160000'"), ==, 5);
  g_assert_cmpint (count_rows (f, "action = 'query' AND outcome = 'success' AND refers_to IS NOT NULL"), ==, 5);

  /* The log the CLI wrote verifies. */
  g_assert_cmpint (run_cli (f, "audit", "verify", NULL), ==, 0);
}

static void
test_rms (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(JsonObject) answer = NULL;
  JsonArray *results;

  g_assert_cmpint (run_cli (f, "rms", "incident", "2026-000123", NULL), ==, 0);
  g_assert_nonnull (strstr (f->out, "Robbery — 2026-000123"));
  g_assert_nonnull (strstr (f->out, "1A23"));

  g_assert_cmpint (run_cli (f, "rms", "incident", "2026-000123", "--json", NULL), ==, 0);
  answer = parse_out (f);
  g_assert_cmpstr (rtcc_json_get_string (answer, "id"), ==, "onesolution:2026-000123");
  g_assert_cmpstr (rtcc_json_get_string (answer, "type"), ==, "incident_created");
  g_assert_cmpstr (rtcc_json_get_string (answer, "occurred_at"), ==, "2026-11-23T04:10:00Z");
  g_clear_pointer (&answer, json_object_unref);

  g_assert_cmpint (run_cli (f, "rms", "incidents", "--type", "ROBB", "--status", "open", "--from", "2026-11-01",
                            "--page", "2", "--page-size", "10", "--json", NULL), ==, 0);
  answer = parse_out (f);
  results = rtcc_json_get_array (answer, "results");
  g_assert_cmpuint (json_array_get_length (results), ==, 1);
  g_assert_cmpint (json_object_get_int_member (answer, "total"), ==, 57);
  g_assert_cmpint (json_object_get_int_member (answer, "page"), ==, 2);
  g_clear_pointer (&answer, json_object_unref);

  g_assert_cmpint (run_cli (f, "rms", "person", "P-77", "--json", NULL), ==, 0);
  answer = parse_out (f);
  g_assert_cmpstr (rtcc_json_get_string (answer, "lastName"), ==, "DOE");
  g_clear_pointer (&answer, json_object_unref);

  g_assert_cmpint (run_cli (f, "rms", "persons", "--last", "Doe", "--json", NULL), ==, 0);
  answer = parse_out (f);
  g_assert_cmpuint (json_array_get_length (rtcc_json_get_array (answer, "results")), ==, 1);
  g_clear_pointer (&answer, json_object_unref);

  g_assert_cmpint (run_cli (f, "rms", "case", "C-2026-0042", NULL), ==, 0);
  g_assert_nonnull (strstr (f->out, "investigator: Det. Ruiz"));

  g_assert_cmpint (run_cli (f, "rms", "case", "C-404", NULL), ==, 1);
  g_assert_nonnull (strstr (f->err, "no such record"));

  /* Refused locally: nothing sent, nothing recorded. */
  {
    guint before = f->received->len;

    g_assert_cmpint (run_cli (f, "rms", "persons", "--first", "Jane", NULL), ==, 2);
    g_assert_nonnull (strstr (f->err, "last name"));
    g_assert_cmpint (run_cli (f, "rms", "incident", NULL), ==, 2);
    g_assert_cmpuint (f->received->len, ==, before);
  }

  g_assert_cmpint (count_rows (f, "action = 'rms_lookup' AND integration = 'onesolution' "
                                  "AND operator = 'op-cli' AND ori = 'IL0160000'"), ==, 7);
  g_assert_cmpint (count_rows (f, "action = 'rms_lookup' AND outcome = 'failure'"), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_assert_cmpint (argc, >=, 2);
  cli_path = argv[1];

  g_test_add ("/cli/ness/refusals", Fixture, NULL, fixture_set_up, test_ness_refusals, fixture_tear_down);
  g_test_add ("/cli/ness/queries", Fixture, NULL, fixture_set_up, test_ness_queries, fixture_tear_down);
  g_test_add ("/cli/rms/lookups", Fixture, NULL, fixture_set_up, test_rms, fixture_tear_down);

  return g_test_run ();
}
