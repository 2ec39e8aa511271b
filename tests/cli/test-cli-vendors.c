/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The vendor commands (milestone, bwc, flock, bolo) run as a user runs
 * them: the built rtcc-cli, spawned against a fake of the vendors served
 * from this process's main loop, on a temporary data dir whose audit log
 * is read back afterwards.
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "rtcc-audit-log.h"
#include "rtcc-json.h"

#define CAM1 "6d1b2f1e-0001-4a4a-9a9a-000000000001"
#define CAM2 "6d1b2f1e-0002-4a4a-9a9a-000000000002"

static const char *cli_path;

typedef struct
{
  guint   status;
  char   *content_type;
  GBytes *body;
} Reply;

static void
reply_free (Reply *reply)
{
  g_free (reply->content_type);
  g_bytes_unref (reply->body);
  g_free (reply);
}

/* Every vendor answers on one server: their paths do not overlap. Replies
 * are looked up by "METHOD /path"; anything else is a 404. */
typedef struct
{
  SoupServer *server;
  char       *base;
  GHashTable *replies;    /* "METHOD /path" → Reply */
  GPtrArray  *requests;   /* "METHOD /path?query body" */
  char       *tmp;
  char       *audit_db;
} Fixture;

static void
fake_reply (Fixture    *fx,
            const char *key,
            guint       status,
            const char *content_type,
            const void *data,
            gssize      len)
{
  Reply *reply = g_new0 (Reply, 1);

  reply->status = status;
  reply->content_type = g_strdup (content_type);
  reply->body = g_bytes_new (data, len < 0 ? strlen (data) : (gsize) len);
  g_hash_table_replace (fx->replies, g_strdup (key), reply);
}

static void
fake_json (Fixture    *fx,
           const char *key,
           guint       status,
           const char *text)
{
  fake_reply (fx, key, status, "application/json", text, -1);
}

static char *
load_fixture (const char *vendor,
              const char *name)
{
  g_autofree char *path = g_build_filename (g_getenv ("RTCC_TEST_DATA"), vendor, name, NULL);
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return text;
}

/* Flock's lookup matches `*` as any run of characters, as the vendor does. */
static void
flock_lookup (Fixture           *fx,
              SoupServerMessage *msg,
              GBytes            *body)
{
  static const char *reads[][2] = {
    { "R-1", "ABC1234" },   /* the plate itself */
    { "R-2", "A8C1234" },   /* B read as 8 */
    { "R-3", "ABC123" },    /* a character missing */
    { "R-4", "ABC7234" },   /* a different plate that a wildcard finds */
    { "R-5", "XYZ999" },
  };
  g_autoptr(JsonNode) node = rtcc_json_parse_bytes (body, NULL);
  JsonObject *request = node ? json_node_get_object (node) : NULL;
  const char *pattern = request ? json_object_get_string_member_with_default (request, "plate", "") : "";
  const char *reason = request ? json_object_get_string_member_with_default (request, "reason", "") : "";
  g_autoptr(GString) answer = g_string_new ("{\"reads\": [");
  gboolean first = TRUE;

  if (*reason == '\0')
    {
      soup_server_message_set_status (msg, 400, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC,
                                        "{\"message\": \"reason is required\"}", 33);
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (reads); i++)
    {
      if (!g_pattern_match_simple (pattern, reads[i][1]))
        continue;
      g_string_append_printf (answer,
                              "%s{\"id\": \"%s\", \"capturedAt\": \"2026-11-23T04:1%u:00.000Z\","
                              " \"plate\": {\"value\": \"%s\", \"confidence\": 0.9},"
                              " \"state\": {\"value\": \"IL\", \"confidence\": 0.8},"
                              " \"vehicle\": {\"make\": \"Toyota\", \"model\": \"Camry\", \"color\": \"silver\"},"
                              " \"device\": {\"id\": \"D-1\", \"name\": \"Madison & Ashland NB\","
                              " \"location\": {\"lat\": 41.88, \"lon\": -87.66}}}",
                              first ? "" : ", ", reads[i][0], i, reads[i][1]);
      first = FALSE;
    }
  g_string_append (answer, "], \"nextPageId\": null}");
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, answer->str, answer->len);
}

static void
handler (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  Fixture *fx = user_data;
  const char *method = soup_server_message_get_method (msg);
  GUri *uri = soup_server_message_get_uri (msg);
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autofree char *key = g_strdup_printf ("%s %s", method, path);
  Reply *reply;

  g_ptr_array_add (fx->requests, g_strdup_printf ("%s %s%s%s %.*s", method, path,
                                                  g_uri_get_query (uri) ? "?" : "",
                                                  g_uri_get_query (uri) ? g_uri_get_query (uri) : "",
                                                  (int) g_bytes_get_size (body),
                                                  (const char *) g_bytes_get_data (body, NULL)));
  if (g_str_equal (key, "POST /reads/lookup"))
    {
      flock_lookup (fx, msg, body);
      return;
    }
  if ((reply = g_hash_table_lookup (fx->replies, key)) == NULL)
    {
      soup_server_message_set_status (msg, 404, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC,
                                        "{\"message\": \"Not found\"}", 24);
      return;
    }
  soup_server_message_set_status (msg, reply->status, NULL);
  if (g_bytes_get_size (reply->body) > 0)
    soup_server_message_set_response (msg, reply->content_type, SOUP_MEMORY_COPY,
                                      g_bytes_get_data (reply->body, NULL), g_bytes_get_size (reply->body));
}

static void
fixture_set_up (Fixture       *fx,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  fx->replies = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) reply_free);
  fx->requests = g_ptr_array_new_with_free_func (g_free);
  fx->tmp = g_dir_make_tmp ("rtcc-cli-vendors-XXXXXX", &error);
  g_assert_no_error (error);
  fx->audit_db = g_build_filename (fx->tmp, "audit.db", NULL);
  fx->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (fx->server, NULL, handler, fx, NULL);
  soup_server_listen_local (fx->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (fx->server);
  fx->base = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  fake_json (fx, "POST /IDP/connect/token", 200,
             "{\"access_token\": \"MT\", \"expires_in\": 3600, \"token_type\": \"Bearer\"}");
  fake_json (fx, "POST /oauth2/token", 200,
             "{\"access_token\": \"BT\", \"expires_in\": 3600, \"token_type\": \"Bearer\"}");
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
fixture_tear_down (Fixture       *fx,
                   gconstpointer  data)
{
  soup_server_disconnect (fx->server);
  g_clear_object (&fx->server);
  remove_tree (fx->tmp);
  g_free (fx->tmp);
  g_free (fx->audit_db);
  g_free (fx->base);
  g_hash_table_unref (fx->replies);
  g_ptr_array_unref (fx->requests);
}

static void
communicate_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* Spawned asynchronously: the fake answers from this main loop, so it has
 * to keep turning while the command runs. */
static int
run_cli (Fixture  *fx,
         char    **out,
         char    **err,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) env = g_get_environ ();
  const char *vendors[] = { "MILESTONE", "BWC", "FLOCK", "HOTSHEETS" };
  va_list args;

  g_ptr_array_add (argv, (char *) cli_path);
  va_start (args, err);
  for (const char *a = va_arg (args, const char *); a != NULL; a = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) a);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  for (char **e = env; *e != NULL; e++)
    if (strstr (*e, "_API_URL=") != NULL)
      **e = '#';
  for (guint i = 0; i < G_N_ELEMENTS (vendors); i++)
    {
      g_autofree char *name = g_strdup_printf ("%s_API_URL", vendors[i]);
      env = g_environ_setenv (env, name, fx->base, TRUE);
    }
  env = g_environ_setenv (env, "XDG_CONFIG_HOME", fx->tmp, TRUE);
  env = g_environ_setenv (env, "XDG_DATA_HOME", fx->tmp, TRUE);
  env = g_environ_setenv (env, "RTCC_DATA_DIR", fx->tmp, TRUE);
  env = g_environ_setenv (env, "NESS_OPERATOR_ID", "OP-7", TRUE);
  env = g_environ_setenv (env, "MILESTONE_USERNAME", "analyst", TRUE);
  env = g_environ_setenv (env, "MILESTONE_PASSWORD", "pw-secret", TRUE);
  env = g_environ_setenv (env, "BWC_AGENCY_ID", "AG-1", TRUE);
  env = g_environ_setenv (env, "BWC_API_KEY", "bwc-secret", TRUE);
  env = g_environ_setenv (env, "FLOCK_API_KEY", "flock-secret", TRUE);
  env = g_environ_setenv (env, "FLOCK_AGENCY_ID", "AG-1", TRUE);
  env = g_environ_setenv (env, "HOTSHEETS_API_KEY", "hs-secret", TRUE);
  env = g_environ_setenv (env, "HOTSHEETS_AGENCY_ID", "AG-1", TRUE);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_set_environ (launcher, env);
  g_subprocess_launcher_set_cwd (launcher, fx->tmp);
  proc = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (proc, NULL, NULL, communicate_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (g_subprocess_communicate_utf8_finish (proc, result, out, err, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (proc));
  return g_subprocess_get_exit_status (proc);
}

/* Records of one action in the audit log, oldest first. */
static GListModel *
audit_records (Fixture    *fx,
               const char *action)
{
  g_autoptr(RtccAuditLog) log = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  RtccAuditFilter filter = { 0, };
  GListModel *records;

  if (!g_file_test (fx->audit_db, G_FILE_TEST_EXISTS))
    return G_LIST_MODEL (g_list_store_new (RTCC_TYPE_AUDIT_RECORD));
  log = rtcc_audit_log_open (fx->audit_db, &error);
  g_assert_no_error (error);
  filter.action = action;
  rtcc_audit_log_query_async (log, &filter, NULL, communicate_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  records = rtcc_audit_log_query_finish (log, result, &error);
  g_assert_no_error (error);
  return records;
}

static RtccAuditRecord *
only_record (Fixture    *fx,
             const char *action)
{
  g_autoptr(GListModel) records = audit_records (fx, action);

  g_assert_cmpuint (g_list_model_get_n_items (records), ==, 1);
  return g_list_model_get_item (records, 0);
}

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = rtcc_json_parse (text, -1, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

static guint
count_requests (Fixture    *fx,
                const char *prefix)
{
  guint n = 0;

  for (guint i = 0; i < fx->requests->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (fx->requests, i), prefix))
      n++;
  return n;
}

#define RESET(out, err) G_STMT_START { g_clear_pointer (&out, g_free); g_clear_pointer (&err, g_free); } G_STMT_END

/* Milestone */

static void
set_up_cameras (Fixture *fx)
{
  fake_json (fx, "GET /rest/v1/cameras", 200,
             "{\"array\": ["
             "{\"id\": \"" CAM1 "\", \"name\": \"Madison & Racine NE\", \"enabled\": true,"
             " \"gisPoint\": \"POINT (-87.6557 41.8815)\", \"coverageDirection\": 0.25,"
             " \"coverageDepth\": 60.0, \"coverageFieldOfView\": 0.25, \"recordingEnabled\": true},"
             "{\"id\": \"" CAM2 "\", \"name\": \"Lobby\", \"enabled\": true, \"gisPoint\": \"POINT EMPTY\","
             " \"coverageDirection\": 0.5, \"coverageDepth\": 25, \"coverageFieldOfView\": 0.25}]}");
  fake_json (fx, "GET /rest/v1/cameras/" CAM1 "/status", 200,
             "{\"data\": {\"id\": \"" CAM1 "\", \"state\": \"Responding\", \"recording\": true,"
             " \"lastUpdated\": \"2026-11-23T04:12:09.1234567Z\"}}");
}

static void
test_milestone_cameras (Fixture       *fx,
                        gconstpointer  data)
{
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonArray *cams;
  JsonObject *c1, *c2, *loc;

  set_up_cameras (fx);
  g_assert_cmpint (run_cli (fx, &out, &err, "milestone", "cameras", "--json", NULL), ==, 0);
  root = parse_json (out);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (root));
  cams = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (cams), ==, 2);
  c1 = json_array_get_object_element (cams, 0);
  g_assert_cmpstr (json_object_get_string_member (c1, "id"), ==, CAM1);
  g_assert_cmpstr (json_object_get_string_member (c1, "name"), ==, "Madison & Racine NE");
  g_assert_true (json_object_get_boolean_member (c1, "enabled"));
  g_assert_cmpstr (json_object_get_string_member (c1, "state"), ==, "responding");
  loc = json_object_get_object_member (c1, "location");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (loc, "lat"), 41.8815, 1e-9);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (loc, "lon"), -87.6557, 1e-9);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (c1, "direction_deg"), 90.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (c1, "fov_deg"), 90.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (c1, "depth_m"), 60.0, 1e-6);
  /* No position and no status: both null, and stderr says why. */
  c2 = json_array_get_object_element (cams, 1);
  g_assert_true (json_object_get_null_member (c2, "location"));
  g_assert_true (json_object_get_null_member (c2, "state"));
  g_assert_nonnull (strstr (err, "could not be read"));
  g_assert_cmpuint (count_requests (fx, "GET /rest/v1/cameras/"), ==, 2);

  RESET (out, err);
  g_assert_cmpint (run_cli (fx, &out, &err, "milestone", "cameras", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Madison & Racine NE"));
  g_assert_nonnull (strstr (out, "responding"));
  g_assert_nonnull (strstr (out, "2 cameras"));
}

static void
test_milestone_status (Fixture       *fx,
                       gconstpointer  data)
{
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *o;

  fake_json (fx, "GET /rest/v1/cameras/" CAM1 "/status", 200,
             "{\"data\": {\"id\": \"" CAM1 "\", \"state\": \"NotResponding\", \"recording\": false,"
             " \"lastUpdated\": \"2026-11-23T04:12:09.1234567Z\"}}");
  g_assert_cmpint (run_cli (fx, &out, &err, "milestone", "status", CAM1, "--json", NULL), ==, 0);
  root = parse_json (out);
  o = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (o, "state"), ==, "not_responding");
  g_assert_false (json_object_get_boolean_member (o, "recording"));
  g_assert_true (g_str_has_prefix (json_object_get_string_member (o, "last_updated"), "2026-11-23T04:12:09"));

  RESET (out, err);
  g_assert_cmpint (run_cli (fx, &out, &err, "milestone", "status", CAM2, NULL), ==, 1);
  g_assert_cmpstr (err, !=, "");

  RESET (out, err);
  g_ptr_array_set_size (fx->requests, 0);
  g_assert_cmpint (run_cli (fx, &out, &err, "milestone", "status", NULL), ==, 2);
  g_assert_cmpuint (fx->requests->len, ==, 0);
}

static void
test_milestone_snapshot (Fixture       *fx,
                         gconstpointer  data)
{
  static const guint8 jpeg[] = { 0xff, 0xd8, 0xff, 0xe0, 'J', 'F', 'I', 'F', 0, 1, 2, 3, 0xff, 0xd9 };
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *path = g_build_filename (fx->tmp, "snap.jpg", NULL);
  g_autofree char *contents = NULL;
  gsize len;

  fake_reply (fx, "GET /rest/v1/cameras/" CAM1 "/snapshot", 200, "image/jpeg", jpeg, sizeof jpeg);

  /* Usage errors send nothing. */
  g_assert_cmpint (run_cli (fx, &out, &err, "milestone", "snapshot", CAM1, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "-o FILE"));
  RESET (out, err);
  g_assert_cmpint (run_cli (fx, &out, &err, "milestone", "snapshot", CAM1, "-o", path, "--time", "yesterday", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "--time"));
  g_assert_cmpuint (fx->requests->len, ==, 0);

  RESET (out, err);
  g_assert_cmpint (run_cli (fx, &out, &err, "milestone", "snapshot", CAM1, "-o", path,
                            "--time", "2026-11-23T04:12:00Z", NULL), ==, 0);
  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  g_assert_cmpmem (contents, len, jpeg, sizeof jpeg);
  g_assert_cmpuint (count_requests (fx, "GET /rest/v1/cameras/" CAM1 "/snapshot?time=2026-11-23T04"), ==, 1);

  /* An existing file stays unless --force. */
  g_file_set_contents (path, "keep", -1, NULL);
  RESET (out, err);
  g_ptr_array_set_size (fx->requests, 0);
  g_assert_cmpint (run_cli (fx, &out, &err, "milestone", "snapshot", CAM1, "-o", path, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "--force"));
  g_assert_cmpuint (fx->requests->len, ==, 0);
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  g_assert_cmpstr (contents, ==, "keep");

  RESET (out, err);
  g_assert_cmpint (run_cli (fx, &out, &err, "milestone", "snapshot", CAM1, "-o", path, "--force", NULL), ==, 0);
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  g_assert_cmpmem (contents, len, jpeg, sizeof jpeg);

  /* The vendor's refusal is a failure. */
  RESET (out, err);
  g_assert_cmpint (run_cli (fx, &out, &err, "milestone", "snapshot", CAM2, "-o", "other.jpg", NULL), ==, 1);
}

static void
test_milestone_export (Fixture       *fx,
                       gconstpointer  data)
{
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *path = g_build_filename (fx->tmp, "clip.mp4", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *download = NULL;
  g_autoptr(RtccAuditRecord) record = NULL;
  static const char clip[] = "\0\0\0\x18" "ftypmp42 pretend video";
  gsize len;

  download = g_strdup_printf ("{\"data\": {\"id\": \"X1\", \"state\": \"Completed\", \"progress\": 100,"
                              " \"downloadUri\": \"%s/rest/v1/exports/X1/download\"}}", fx->base);
  fake_json (fx, "POST /rest/v1/exports", 202, "{\"data\": {\"id\": \"X1\", \"state\": \"InProgress\", \"progress\": 0}}");
  fake_json (fx, "GET /rest/v1/exports/X1", 200, download);
  fake_reply (fx, "GET /rest/v1/exports/X1/download", 200, "video/mp4", clip, sizeof clip);

  g_assert_cmpint (run_cli (fx, &out, &err, "milestone", "export", CAM1, "--start", "2026-11-23T04:00:00Z",
                            "-o", path, NULL), ==, 2);
  RESET (out, err);
  g_assert_cmpint (run_cli (fx, &out, &err, "milestone", "export", CAM1, "--start", "2026-11-23T05:00:00Z",
                            "--end", "2026-11-23T04:00:00Z", "-o", path, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "--end must come after --start"));
  g_assert_cmpuint (fx->requests->len, ==, 0);

  RESET (out, err);
  g_assert_cmpint (run_cli (fx, &out, &err, "milestone", "export", CAM1, "--start", "2026-11-23T04:00:00Z",
                            "--end", "2026-11-23T04:05:00Z", "-o", path, NULL), ==, 0);
  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  g_assert_cmpmem (contents, len, clip, sizeof clip);
  g_assert_cmpuint (count_requests (fx, "POST /rest/v1/exports {"), ==, 1);
  g_assert_nonnull (strstr (out, "clip.mp4"));

  record = only_record (fx, "export");
  g_assert_cmpstr (rtcc_audit_record_get_operator (record), ==, "OP-7");
  g_assert_cmpstr (rtcc_audit_record_get_integration (record), ==, "milestone");
  g_assert_cmpint (rtcc_audit_record_get_outcome (record), ==, RTCC_AUDIT_OUTCOME_SUCCESS);
  g_assert_nonnull (strstr (rtcc_audit_record_get_query_terms (record), "camera=" CAM1));
}

/* Body-worn cameras */

static char *
set_up_recordings (Fixture    *fx,
                   GBytes    **media_out)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  g_autoptr(GBytes) media = NULL;
  g_autofree char *sha = NULL;
  g_autofree char *list = NULL;
  g_autofree char *url = NULL;

  for (guint i = 0; i < 5000; i++)
    g_byte_array_append (bytes, (const guint8 *) &(guint8) { (guint8) (i * 7 + 3) }, 1);
  media = g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
  sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, media);
  list = g_strdup_printf ("{\"data\": [{\"id\": \"REC-1\", \"officerId\": \"O-117\", \"officerName\": \"Pat Doe\","
                          " \"deviceSerial\": \"X6-0042\", \"startedAt\": 1763870000, \"durationSeconds\": 312,"
                          " \"contentType\": \"video/mp4\", \"sizeBytes\": 5000, \"sha256\": \"%s\","
                          " \"incidentIds\": [\"2026-000123\"], \"gps\": null, \"category\": \"traffic\"}],"
                          " \"meta\": {\"next\": null}}", sha);
  fake_json (fx, "GET /recordings", 200, list);
  url = g_strdup_printf ("{\"url\": \"%s/media/REC-1.mp4\", \"expiresAt\": \"2099-01-01T00:00:00Z\"}", fx->base);
  fake_json (fx, "GET /recordings/REC-1/url", 200, url);
  fake_reply (fx, "GET /media/REC-1.mp4", 200, "video/mp4", g_bytes_get_data (media, NULL), g_bytes_get_size (media));
  *media_out = g_steal_pointer (&media);
  return g_steal_pointer (&sha);
}

static void
test_bwc_recordings (Fixture       *fx,
                     gconstpointer  data)
{
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(GBytes) media = NULL;
  g_autofree char *sha = set_up_recordings (fx, &media);
  g_autoptr(JsonNode) node = NULL;
  JsonObject *event, *attrs;

  g_assert_cmpint (run_cli (fx, &out, &err, "bwc", "recordings", "--date", "2026-11-23", NULL), ==, 2);
  RESET (out, err);
  g_assert_cmpint (run_cli (fx, &out, &err, "bwc", "recordings", "--officer", "O-117", "--date", "2026-02-30", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "YYYY-MM-DD"));
  g_assert_cmpuint (fx->requests->len, ==, 0);

  RESET (out, err);
  g_assert_cmpint (run_cli (fx, &out, &err, "bwc", "recordings", "--officer", "O-117", "--date", "2026-11-23",
                            "--json", NULL), ==, 0);
  node = parse_json (g_strstrip (out));
  event = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (event, "source"), ==, "bwc");
  g_assert_cmpstr (json_object_get_string_member (event, "type"), ==, "bwc_recording");
  attrs = json_object_get_object_member (event, "attributes");
  g_assert_cmpstr (json_object_get_string_member (attrs, "recording_id"), ==, "REC-1");
  g_assert_cmpstr (json_object_get_string_member (attrs, "officer_id"), ==, "O-117");
  g_assert_cmpint (json_object_get_int_member (attrs, "duration_s"), ==, 312);
  g_assert_cmpuint (count_requests (fx, "GET /recordings?"), ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (fx->requests, fx->requests->len - 1), "officerId=O-117"));
  g_assert_nonnull (strstr (g_ptr_array_index (fx->requests, fx->requests->len - 1), "date=2026-11-23"));

  RESET (out, err);
  g_assert_cmpint (run_cli (fx, &out, &err, "bwc", "recordings", "--officer", "O-117", "--date", "2026-11-23", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "REC-1"));
  g_assert_nonnull (strstr (out, "1 recording"));
}

static void
test_bwc_assignments (Fixture       *fx,
                      gconstpointer  data)
{
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *text = load_fixture ("bwc", "assignments.json");
  g_autoptr(JsonNode) root = NULL;
  JsonArray *array;
  JsonObject *first;

  fake_json (fx, "GET /assignments", 200, text);
  g_assert_cmpint (run_cli (fx, &out, &err, "bwc", "assignments", "--json", NULL), ==, 0);
  root = parse_json (out);
  array = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (array), >=, 2);
  first = json_array_get_object_element (array, 0);
  g_assert_cmpstr (json_object_get_string_member (first, "device_serial"), ==, "X6-0042");
  g_assert_cmpstr (json_object_get_string_member (first, "officer_id"), ==, "O-117");
  g_assert_cmpstr (json_object_get_string_member (first, "dock_status"), ==, "in_field");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (first, "battery"), 0.8, 1e-9);

  RESET (out, err);
  g_assert_cmpint (run_cli (fx, &out, &err, "bwc", "assignments", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "X6-0042"));
}

static void
test_bwc_link_unlink (Fixture       *fx,
                      gconstpointer  data)
{
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(GListModel) links = NULL;
  g_autoptr(RtccAuditRecord) ok = NULL;
  g_autoptr(RtccAuditRecord) refused = NULL;
  g_autoptr(RtccAuditRecord) unlink = NULL;

  g_assert_cmpint (run_cli (fx, &out, &err, "bwc", "link", "REC-1", NULL), ==, 2);
  g_assert_cmpuint (fx->requests->len, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (links = audit_records (fx, "evidence_link")), ==, 0);
  g_clear_object (&links);

  fake_json (fx, "POST /recordings/REC-1/incidents", 201, "{}");
  RESET (out, err);
  g_assert_cmpint (run_cli (fx, &out, &err, "bwc", "link", "REC-1", "2026-000123", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "linked to incident 2026-000123"));
  g_assert_cmpuint (count_requests (fx, "POST /recordings/REC-1/incidents {"), ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (fx->requests, fx->requests->len - 1), "2026-000123"));

  fake_json (fx, "POST /recordings/REC-1/incidents", 409, "{\"message\": \"Already linked\"}");
  RESET (out, err);
  g_assert_cmpint (run_cli (fx, &out, &err, "bwc", "link", "REC-1", "2026-000123", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "already linked"));

  links = audit_records (fx, "evidence_link");
  g_assert_cmpuint (g_list_model_get_n_items (links), ==, 2);
  ok = g_list_model_get_item (links, 0);
  refused = g_list_model_get_item (links, 1);
  if (rtcc_audit_record_get_seq (ok) > rtcc_audit_record_get_seq (refused))
    {
      RtccAuditRecord *t = ok;
      ok = refused;
      refused = t;
    }
  g_assert_cmpint (rtcc_audit_record_get_outcome (ok), ==, RTCC_AUDIT_OUTCOME_SUCCESS);
  g_assert_cmpint (rtcc_audit_record_get_outcome (refused), ==, RTCC_AUDIT_OUTCOME_FAILURE);
  g_assert_nonnull (rtcc_audit_record_get_outcome_detail (refused));
  g_assert_cmpstr (rtcc_audit_record_get_query_terms (ok), ==, "recording=REC-1 incident=2026-000123");

  fake_reply (fx, "DELETE /recordings/REC-1/incidents/2026-000123", 204, "application/json", "", 0);
  RESET (out, err);
  g_assert_cmpint (run_cli (fx, &out, &err, "bwc", "unlink", "REC-1", "2026-000123", NULL), ==, 0);
  unlink = only_record (fx, "evidence_unlink");
  g_assert_cmpint (rtcc_audit_record_get_outcome (unlink), ==, RTCC_AUDIT_OUTCOME_SUCCESS);
  g_assert_cmpstr (rtcc_audit_record_get_integration (unlink), ==, "bwc");
}

static void
test_bwc_download (Fixture       *fx,
                   gconstpointer  data)
{
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(GBytes) media = NULL;
  g_autofree char *sha = set_up_recordings (fx, &media);
  g_autofree char *path = g_build_filename (fx->tmp, "rec.mp4", NULL);
  g_autofree char *bad = g_build_filename (fx->tmp, "bad.mp4", NULL);
  g_autofree char *contents = NULL;
  gsize len;

  /* Without a checksum to verify against, nothing is fetched. */
  g_assert_cmpint (run_cli (fx, &out, &err, "bwc", "download", "REC-1", "-o", path, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "--sha256"));
  RESET (out, err);
  g_assert_cmpint (run_cli (fx, &out, &err, "bwc", "download", "REC-1", "-o", path, "--sha256", "abc", NULL), ==, 2);
  g_assert_cmpuint (fx->requests->len, ==, 0);

  RESET (out, err);
  g_assert_cmpint (run_cli (fx, &out, &err, "bwc", "download", "REC-1", "-o", path,
                            "--officer", "O-117", "--date", "2026-11-23", NULL), ==, 0);
  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  g_assert_cmpmem (contents, len, g_bytes_get_data (media, NULL), g_bytes_get_size (media));
  g_assert_nonnull (strstr (out, "verified"));

  RESET (out, err);
  g_assert_cmpint (run_cli (fx, &out, &err, "bwc", "download", "REC-1", "-o", path, "--sha256", sha, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "already exists"));

  /* A file that is not the vendor's is not kept. */
  RESET (out, err);
  g_assert_cmpint (run_cli (fx, &out, &err, "bwc", "download", "REC-1", "-o", bad, "--sha256",
                            "0000000000000000000000000000000000000000000000000000000000000000", NULL), ==, 1);
  g_assert_false (g_file_test (bad, G_FILE_TEST_EXISTS));

  RESET (out, err);
  g_assert_cmpint (run_cli (fx, &out, &err, "bwc", "download", "REC-9", "-o", bad,
                            "--officer", "O-117", "--date", "2026-11-23", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "REC-9"));
}

/* Flock */

static void
test_flock_search_requires_reason (Fixture       *fx,
                                   gconstpointer  data)
{
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(GListModel) searches = NULL;

  g_assert_cmpint (run_cli (fx, &out, &err, "flock", "search", "ABC1234", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "--reason is required"));
  RESET (out, err);
  g_assert_cmpint (run_cli (fx, &out, &err, "flock", "search", "ABC1234", "--reason", "   ", NULL), ==, 2);
  RESET (out, err);
  g_assert_cmpint (run_cli (fx, &out, &err, "flock", "search", "--reason", "robbery", NULL), ==, 2);
  RESET (out, err);
  g_assert_cmpint (run_cli (fx, &out, &err, "flock", "search", "ABC1234", "--reason", "robbery",
                            "--from", "last week", NULL), ==, 2);
  g_assert_cmpuint (fx->requests->len, ==, 0);
  searches = audit_records (fx, "plate_search");
  g_assert_cmpuint (g_list_model_get_n_items (searches), ==, 0);
}

static void
test_flock_search (Fixture       *fx,
                   gconstpointer  data)
{
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(RtccAuditRecord) record = NULL;
  g_auto(GStrv) lines = NULL;
  const char *request;

  g_assert_cmpint (run_cli (fx, &out, &err, "flock", "search", "abc-1234", "--state", "IL",
                            "--reason", "Robbery suspect vehicle", "--case", "C-2026-0042",
                            "--from", "2026-11-22T00:00:00Z", "--json", NULL), ==, 0);
  lines = g_strsplit (g_strstrip (out), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 1);
  {
    g_autoptr(JsonNode) node = parse_json (lines[0]);
    JsonObject *event = json_node_get_object (node);
    JsonObject *attrs = json_object_get_object_member (event, "attributes");

    g_assert_cmpstr (json_object_get_string_member (event, "source"), ==, "flock");
    g_assert_cmpstr (json_object_get_string_member (event, "type"), ==, "lpr_read");
    g_assert_cmpstr (json_object_get_string_member (attrs, "plate_number"), ==, "ABC1234");
    g_assert_false (json_object_has_member (event, "misread"));
  }
  g_assert_cmpuint (fx->requests->len, ==, 1);
  request = g_ptr_array_index (fx->requests, 0);
  g_assert_nonnull (strstr (request, "\"reason\":\"Robbery suspect vehicle\""));
  g_assert_nonnull (strstr (request, "\"caseNumber\":\"C-2026-0042\""));
  g_assert_nonnull (strstr (request, "\"plate\":\"ABC1234\""));

  record = only_record (fx, "plate_search");
  g_assert_cmpstr (rtcc_audit_record_get_integration (record), ==, "flock");
  g_assert_cmpstr (rtcc_audit_record_get_purpose_reason (record), ==, "Robbery suspect vehicle");
  g_assert_nonnull (strstr (rtcc_audit_record_get_query_terms (record), "plate=ABC1234"));
  g_assert_nonnull (strstr (rtcc_audit_record_get_query_terms (record), "case=C-2026-0042"));
  g_assert_cmpint (rtcc_audit_record_get_outcome (record), ==, RTCC_AUDIT_OUTCOME_SUCCESS);
}

static void
test_flock_search_fuzzy (Fixture       *fx,
                         gconstpointer  data)
{
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(GHashTable) found = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(RtccAuditRecord) record = NULL;
  g_auto(GStrv) lines = NULL;

  g_assert_cmpint (run_cli (fx, &out, &err, "flock", "search", "ABC1234", "--reason", "hit and run",
                            "--fuzzy", "--json", NULL), ==, 0);
  /* One pattern per position, each with a single wildcard. */
  g_assert_cmpuint (count_requests (fx, "POST /reads/lookup"), ==, 7);
  for (guint i = 0; i < fx->requests->len; i++)
    {
      const char *r = g_ptr_array_index (fx->requests, i);
      const char *star = strchr (r, '*');

      g_assert_nonnull (star);
      g_assert_null (strchr (star + 1, '*'));
    }
  lines = g_strsplit (g_strstrip (out), "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(JsonNode) node = parse_json (lines[i]);
      JsonObject *event = json_node_get_object (node);
      const char *plate = json_object_get_string_member (json_object_get_object_member (event, "attributes"),
                                                         "plate_number");

      g_assert_false (g_hash_table_contains (found, plate));
      g_hash_table_insert (found, g_strdup (plate),
                           GINT_TO_POINTER (json_object_get_boolean_member (event, "misread") + 1));
    }
  g_assert_cmpuint (g_hash_table_size (found), ==, 3);
  g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (found, "ABC1234")), ==, 1);
  g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (found, "A8C1234")), ==, 2);
  g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (found, "ABC123")), ==, 2);
  g_assert_false (g_hash_table_contains (found, "ABC7234"));

  record = only_record (fx, "plate_search");
  g_assert_nonnull (strstr (rtcc_audit_record_get_query_terms (record), "fuzzy=true"));

  RESET (out, err);
  g_assert_cmpint (run_cli (fx, &out, &err, "flock", "search", "ABC1234", "--reason", "hit and run", "--fuzzy", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "[misread of ABC1234]"));
  g_assert_nonnull (strstr (out, "3 reads, 2 matched as misreads"));

  RESET (out, err);
  g_ptr_array_set_size (fx->requests, 0);
  g_assert_cmpint (run_cli (fx, &out, &err, "flock", "search", "ABCDEFGHIJK", "--reason", "x", "--fuzzy", NULL), ==, 2);
  g_assert_cmpuint (fx->requests->len, ==, 0);
}

static void
test_flock_hotlists (Fixture       *fx,
                     gconstpointer  data)
{
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *text = load_fixture ("flock", "hotlists.json");
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(RtccAuditRecord) add = NULL;
  g_autoptr(RtccAuditRecord) remove = NULL;
  JsonObject *first;

  fake_json (fx, "GET /hotlists", 200, text);
  g_assert_cmpint (run_cli (fx, &out, &err, "flock", "hotlists", "--json", NULL), ==, 0);
  root = parse_json (out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (root)), >=, 2);
  first = json_array_get_object_element (json_node_get_array (root), 0);
  g_assert_cmpstr (json_object_get_string_member (first, "id"), ==, "HL-1");
  g_assert_cmpstr (json_object_get_string_member (first, "name"), ==, "Stolen vehicles");
  g_assert_cmpstr (json_object_get_string_member (first, "type"), ==, "stolen");
  g_assert_cmpint (json_object_get_int_member (first, "entry_count"), ==, 12);

  /* Usage errors: nothing sent, nothing audited. */
  g_ptr_array_set_size (fx->requests, 0);
  RESET (out, err);
  g_assert_cmpint (run_cli (fx, &out, &err, "flock", "hotlist-add", "HL-1", "ABC1234", "--reason", "stolen", NULL), ==, 2);
  RESET (out, err);
  g_assert_cmpint (run_cli (fx, &out, &err, "flock", "hotlist-add", "HL-1", "ABC1234", "--state", "IL", NULL), ==, 2);
  RESET (out, err);
  g_assert_cmpint (run_cli (fx, &out, &err, "flock", "hotlist-remove", "HL-1", "ABC1234", NULL), ==, 2);
  g_assert_cmpuint (fx->requests->len, ==, 0);

  fake_json (fx, "POST /hotlists/HL-1/entries", 201,
             "{\"entry\": {\"plate\": \"ABC1234\", \"state\": \"IL\", \"reason\": \"Stolen\", \"caseNumber\": \"C-1\"}}");
  RESET (out, err);
  g_assert_cmpint (run_cli (fx, &out, &err, "flock", "hotlist-add", "HL-1", "abc 1234", "--state", "IL",
                            "--reason", "Stolen", "--case", "C-1", "--expires", "2026-12-31T00:00:00Z", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "ABC1234"));
  g_assert_nonnull (strstr (g_ptr_array_index (fx->requests, fx->requests->len - 1), "\"expiresAt\""));
  add = only_record (fx, "hotlist_add");
  g_assert_cmpstr (rtcc_audit_record_get_purpose_reason (add), ==, "Stolen");
  g_assert_nonnull (strstr (rtcc_audit_record_get_query_terms (add), "hotlist=HL-1 plate=ABC1234 state=IL case=C-1"));
  g_assert_cmpint (rtcc_audit_record_get_outcome (add), ==, RTCC_AUDIT_OUTCOME_SUCCESS);

  /* Not on the list: the vendor's 404 fails the command and is on record. */
  RESET (out, err);
  g_assert_cmpint (run_cli (fx, &out, &err, "flock", "hotlist-remove", "HL-1", "ABC1234", "--reason", "Recovered", NULL), ==, 1);
  remove = only_record (fx, "hotlist_remove");
  g_assert_cmpint (rtcc_audit_record_get_outcome (remove), ==, RTCC_AUDIT_OUTCOME_FAILURE);
  g_assert_cmpstr (rtcc_audit_record_get_purpose_reason (remove), ==, "Recovered");
  g_clear_object (&remove);

  fake_reply (fx, "DELETE /hotlists/HL-1/entries/ABC1234", 204, "application/json", "", 0);
  RESET (out, err);
  g_assert_cmpint (run_cli (fx, &out, &err, "flock", "hotlist-remove", "HL-1", "ABC1234", "--reason", "Recovered", NULL), ==, 0);
  {
    g_autoptr(GListModel) removes = audit_records (fx, "hotlist_remove");
    g_assert_cmpuint (g_list_model_get_n_items (removes), ==, 2);
  }
}

/* HotSheets */

static void
test_bolo_active_and_checks (Fixture       *fx,
                             gconstpointer  data)
{
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *active = load_fixture ("hotsheets", "bolos-active.json");
  g_autofree char *matches = load_fixture ("hotsheets", "matches.json");
  g_auto(GStrv) lines = NULL;

  fake_json (fx, "GET /bolos", 200, active);
  g_assert_cmpint (run_cli (fx, &out, &err, "bolo", "active", "--json", NULL), ==, 0);
  lines = g_strsplit (g_strstrip (out), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), >=, 1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(JsonNode) node = parse_json (lines[i]);
      JsonObject *event = json_node_get_object (node);

      g_assert_cmpstr (json_object_get_string_member (event, "source"), ==, "hotsheets");
      g_assert_cmpstr (json_object_get_string_member (event, "type"), ==, "bolo_created");
      g_assert_true (json_object_has_member (json_object_get_object_member (event, "attributes"), "bolo_id"));
    }
  g_assert_nonnull (strstr (g_ptr_array_index (fx->requests, 0), "status=active"));

  fake_json (fx, "GET /bolos/check/plate", 200, matches);
  fake_json (fx, "GET /bolos/check/person", 200, "{\"matches\": []}");
  RESET (out, err);
  g_assert_cmpint (run_cli (fx, &out, &err, "bolo", "check-plate", "zzz 999", "--state", "IN", "--json", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "\"bolo_created\""));
  g_assert_nonnull (strstr (g_ptr_array_index (fx->requests, fx->requests->len - 1), "plate=ZZZ999"));

  g_ptr_array_set_size (fx->requests, 0);
  RESET (out, err);
  g_assert_cmpint (run_cli (fx, &out, &err, "bolo", "check-person", "--last", "Doe", "--first", "Jo", NULL), ==, 2);
  RESET (out, err);
  g_assert_cmpint (run_cli (fx, &out, &err, "bolo", "check-person", "--last", "Doe", "--first", "Jo",
                            "--dob", "1990-13-01", NULL), ==, 2);
  g_assert_cmpuint (fx->requests->len, ==, 0);
  RESET (out, err);
  g_assert_cmpint (run_cli (fx, &out, &err, "bolo", "check-person", "--last", "Doe", "--first", "Jo",
                            "--dob", "1990-04-12", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "No active BOLO matches"));
  g_assert_nonnull (strstr (g_ptr_array_index (fx->requests, 0), "lastName=Doe"));
  {
    g_autoptr(GListModel) checks = audit_records (fx, "query");
    g_autoptr(RtccAuditRecord) plate = NULL;

    /* Both checks, and none of the refused ones, are on record. */
    g_assert_cmpuint (g_list_model_get_n_items (checks), ==, 2);
    plate = g_list_model_get_item (checks, 0);
    g_assert_cmpstr (rtcc_audit_record_get_integration (plate), ==, "hotsheets");
  }
}

static void
test_bolo_create (Fixture       *fx,
                  gconstpointer  data)
{
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *errors = load_fixture ("hotsheets", "errors-422.json");
  g_autofree char *single = load_fixture ("hotsheets", "bolo-single.json");
  g_autoptr(GListModel) creates = NULL;
  g_autoptr(RtccAuditRecord) refused = NULL;
  g_autoptr(RtccAuditRecord) issued = NULL;
  g_autoptr(JsonNode) node = NULL;

  /* Usage errors send nothing. */
  g_assert_cmpint (run_cli (fx, &out, &err, "bolo", "create", "--reason", "x", NULL), ==, 2);
  RESET (out, err);
  g_assert_cmpint (run_cli (fx, &out, &err, "bolo", "create", "--vehicle", "ZZZ999", "--person",
                            "--reason", "x", NULL), ==, 2);
  RESET (out, err);
  g_assert_cmpint (run_cli (fx, &out, &err, "bolo", "create", "--vehicle", "ZZZ999", "--reason", "x", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "--state"));
  RESET (out, err);
  g_assert_cmpint (run_cli (fx, &out, &err, "bolo", "create", "--person", "--last", "Doe", "--first", "Jo",
                            "--reason", "x", NULL), ==, 2);
  RESET (out, err);
  g_assert_cmpint (run_cli (fx, &out, &err, "bolo", "create", "--vehicle", "ZZZ999", "--state", "IN", NULL), ==, 2);
  g_assert_cmpuint (fx->requests->len, ==, 0);

  fake_json (fx, "POST /bolos", 422, errors);
  RESET (out, err);
  g_assert_cmpint (run_cli (fx, &out, &err, "bolo", "create", "--vehicle", "ZZZ999", "--state", "IN",
                            "--reason", "12", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "\nvehicle.plate: Plate is required for a vehicle BOLO\n"));
  g_assert_nonnull (strstr (err, "\nreason: Reason is too short"));

  fake_json (fx, "POST /bolos", 201, single);
  RESET (out, err);
  g_assert_cmpint (run_cli (fx, &out, &err, "bolo", "create", "--vehicle", "zzz 999", "--state", "IN",
                            "--color", "blue", "--reason", "hit and run", "--case", "C-9",
                            "--expires", "2026-12-01T00:00:00Z", "--json", NULL), ==, 0);
  node = parse_json (out);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "type"), ==, "bolo_created");
  {
    const char *request = g_ptr_array_index (fx->requests, fx->requests->len - 1);

    g_assert_nonnull (strstr (request, "\"subjectType\":\"vehicle\""));
    g_assert_nonnull (strstr (request, "\"plate\":\"ZZZ999\""));
    g_assert_nonnull (strstr (request, "\"caseNumber\":\"C-9\""));
    g_assert_nonnull (strstr (request, "\"expiresAt\":\"2026-12-01T00:00:00"));
  }

  creates = audit_records (fx, "bolo_create");
  g_assert_cmpuint (g_list_model_get_n_items (creates), ==, 2);
  refused = g_list_model_get_item (creates, 0);
  issued = g_list_model_get_item (creates, 1);
  if (rtcc_audit_record_get_seq (refused) > rtcc_audit_record_get_seq (issued))
    {
      RtccAuditRecord *t = refused;
      refused = issued;
      issued = t;
    }
  g_assert_cmpint (rtcc_audit_record_get_outcome (refused), ==, RTCC_AUDIT_OUTCOME_FAILURE);
  g_assert_cmpint (rtcc_audit_record_get_outcome (issued), ==, RTCC_AUDIT_OUTCOME_SUCCESS);
  g_assert_nonnull (strstr (rtcc_audit_record_get_query_terms (issued), "bolo=B-300"));
  g_assert_cmpstr (rtcc_audit_record_get_purpose_reason (issued), ==, "hit and run");

  /* A person BOLO carries the person, not a vehicle. */
  RESET (out, err);
  g_assert_cmpint (run_cli (fx, &out, &err, "bolo", "create", "--person", "--last", "Núñez", "--first", "Ana",
                            "--dob", "1990-04-12", "--cautions", "armed", "--reason", "warrant", NULL), ==, 0);
  g_assert_nonnull (strstr (g_ptr_array_index (fx->requests, fx->requests->len - 1), "\"dob\":\"1990-04-12\""));
  g_assert_nonnull (strstr (g_ptr_array_index (fx->requests, fx->requests->len - 1), "\"cautions\":\"armed\""));
}

static void
test_bolo_cancel (Fixture       *fx,
                  gconstpointer  data)
{
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(GListModel) cancels = NULL;

  g_assert_cmpint (run_cli (fx, &out, &err, "bolo", "cancel", "B-300", NULL), ==, 2);
  g_assert_cmpuint (fx->requests->len, ==, 0);

  fake_json (fx, "POST /bolos/B-300/cancel", 409, "{\"message\": \"BOLO is not active\"}");
  RESET (out, err);
  g_assert_cmpint (run_cli (fx, &out, &err, "bolo", "cancel", "B-300", "--reason", "Vehicle recovered", NULL), ==, 1);
  g_assert_cmpstr (err, !=, "");

  fake_json (fx, "POST /bolos/B-301/cancel", 200, "{\"bolo\": {\"id\": \"B-301\", \"status\": \"cancelled\"}}");
  RESET (out, err);
  g_assert_cmpint (run_cli (fx, &out, &err, "bolo", "cancel", "B-301", "--reason", "Vehicle recovered", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "B-301 cancelled"));
  g_assert_nonnull (strstr (g_ptr_array_index (fx->requests, fx->requests->len - 1), "Vehicle recovered"));

  cancels = audit_records (fx, "bolo_cancel");
  g_assert_cmpuint (g_list_model_get_n_items (cancels), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(RtccAuditRecord) r = g_list_model_get_item (cancels, i);

      g_assert_cmpstr (rtcc_audit_record_get_purpose_reason (r), ==, "Vehicle recovered");
      if (g_str_equal (rtcc_audit_record_get_query_terms (r), "bolo=B-300"))
        g_assert_cmpint (rtcc_audit_record_get_outcome (r), ==, RTCC_AUDIT_OUTCOME_FAILURE);
      else
        g_assert_cmpint (rtcc_audit_record_get_outcome (r), ==, RTCC_AUDIT_OUTCOME_SUCCESS);
    }
}

/* Hostile arguments are refused or sent escaped, never crash or escape
 * the vendor's paths. */
static void
test_hostile_arguments (Fixture       *fx,
                        gconstpointer  data)
{
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *huge = g_strnfill (100000, 'A');
  g_autofree char *path = g_build_filename (fx->tmp, "x.jpg", NULL);

  g_assert_cmpint (run_cli (fx, &out, &err, "flock", "search", " -\t. ", "--reason", "r", NULL), ==, 2);
  g_assert_cmpuint (fx->requests->len, ==, 0);
  RESET (out, err);
  g_assert_cmpint (run_cli (fx, &out, &err, "flock", "search", huge, "--reason", "r", NULL), !=, 2);
  RESET (out, err);
  g_ptr_array_set_size (fx->requests, 0);
  g_assert_cmpint (run_cli (fx, &out, &err, "flock", "search", "ÄB€", "--reason", "r", "--fuzzy", "--json", NULL), ==, 0);
  g_assert_cmpuint (count_requests (fx, "POST /reads/lookup"), ==, 3);
  RESET (out, err);
  g_ptr_array_set_size (fx->requests, 0);
  run_cli (fx, &out, &err, "milestone", "snapshot", "../../IDP/connect/token", "-o", path, NULL);
  RESET (out, err);
  run_cli (fx, &out, &err, "bwc", "link", "../assignments", "2026-1", NULL);
  for (guint i = 0; i < fx->requests->len; i++)
    {
      const char *r = g_ptr_array_index (fx->requests, i);

      g_assert_true (g_str_has_prefix (r, "POST /IDP/connect/token ") || g_str_has_prefix (r, "POST /oauth2/token ") ||
                     g_str_has_prefix (r, "GET /rest/v1/cameras/") || g_str_has_prefix (r, "POST /recordings/"));
      g_assert_null (strstr (r, "/../"));
    }
}

/* CJIS: an action that cannot be put on record is not taken. */
static void
test_unwritable_audit_sends_nothing (Fixture       *fx,
                                     gconstpointer  data)
{
  g_autofree char *out = NULL, *err = NULL;

  g_assert_cmpint (g_mkdir (fx->audit_db, 0700), ==, 0);
  g_assert_cmpint (run_cli (fx, &out, &err, "flock", "search", "ABC1234", "--reason", "robbery", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "audit log"));
  g_assert_cmpstr (out, ==, "");
  RESET (out, err);
  g_assert_cmpint (run_cli (fx, &out, &err, "bolo", "cancel", "B-1", "--reason", "recovered", NULL), ==, 1);
  RESET (out, err);
  g_assert_cmpint (run_cli (fx, &out, &err, "bwc", "link", "REC-1", "2026-000123", NULL), ==, 1);
  RESET (out, err);
  g_assert_cmpint (run_cli (fx, &out, &err, "milestone", "export", CAM1, "--start", "2026-11-23T04:00:00Z",
                            "--end", "2026-11-23T04:05:00Z", "-o", "clip.mp4", NULL), ==, 1);
  g_assert_cmpuint (fx->requests->len, ==, 0);
}

/* Secrets given in the environment never show in what the commands print. */
static void
test_no_secrets_in_output (Fixture       *fx,
                           gconstpointer  data)
{
  g_autofree char *out = NULL, *err = NULL;

  g_assert_cmpint (run_cli (fx, &out, &err, "milestone", "status", CAM2, NULL), ==, 1);
  g_assert_null (strstr (err, "pw-secret"));
  RESET (out, err);
  g_assert_cmpint (run_cli (fx, &out, &err, "flock", "hotlists", NULL), ==, 1);
  g_assert_null (strstr (err, "flock-secret"));
  g_assert_null (strstr (out, "flock-secret"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_assert_cmpint (argc, ==, 2);
  cli_path = argv[1];

#define ADD(path, func) \
  g_test_add ("/cli-vendors/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("milestone/cameras", test_milestone_cameras);
  ADD ("milestone/status", test_milestone_status);
  ADD ("milestone/snapshot", test_milestone_snapshot);
  ADD ("milestone/export", test_milestone_export);
  ADD ("bwc/recordings", test_bwc_recordings);
  ADD ("bwc/assignments", test_bwc_assignments);
  ADD ("bwc/link-unlink", test_bwc_link_unlink);
  ADD ("bwc/download", test_bwc_download);
  ADD ("flock/search-requires-reason", test_flock_search_requires_reason);
  ADD ("flock/search", test_flock_search);
  ADD ("flock/search-fuzzy", test_flock_search_fuzzy);
  ADD ("flock/hotlists", test_flock_hotlists);
  ADD ("bolo/active-and-checks", test_bolo_active_and_checks);
  ADD ("bolo/create", test_bolo_create);
  ADD ("bolo/cancel", test_bolo_cancel);
  ADD ("hostile-arguments", test_hostile_arguments);
  ADD ("unwritable-audit-sends-nothing", test_unwritable_audit_sends_nothing);
  ADD ("no-secrets-in-output", test_no_secrets_in_output);
#undef ADD

  return g_test_run ();
}
