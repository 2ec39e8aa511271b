/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "rtcc-audit-log.h"
#include "rtcc-json.h"

/* The built rtcc-cli, given by meson as the first argument. */
static const char *cli_path;

typedef struct
{
  char *dir;
  char *data_dir;
  char *db;
  char *out;
  char *err;
} Fixture;

static void
got_result (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static void
populate (const char *db,
          guint       n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RtccAuditLog) log = rtcc_audit_log_open (db, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RtccAuditRecord) record = rtcc_audit_record_new ("op-4411", RTCC_AUDIT_ACTION_QUERY);
      g_autoptr(GAsyncResult) result = NULL;

      rtcc_audit_record_set_integration (record, "ness");
      rtcc_audit_record_set_purpose_code (record, "C");
      rtcc_audit_record_set_purpose_reason (record, "Robbery, 2026-000123");
      rtcc_audit_record_set_query_terms (record, "last=O'BRIEN, first=\"JACK\"\ndob=1990-04-12");
      rtcc_audit_log_append_async (log, record, NULL, got_result, &result);
      g_assert_cmpint (rtcc_audit_log_append_finish (log, wait_for (&result), &error), ==, i + 1);
      g_assert_no_error (error);
    }
}

/* Runs rtcc-cli with a clean environment pointing at the fixture's data. */
static int
run_cli (Fixture    *f,
         gboolean    with_data_dir,
         const char *first_arg,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) envp = g_get_environ ();
  g_autofree char *config_home = g_build_filename (f->dir, "config", NULL);
  g_autofree char *data_home = g_build_filename (f->dir, "xdg-data", NULL);
  g_autoptr(GError) error = NULL;
  const char *arg;
  int wait_status = 0;
  va_list args;

  g_ptr_array_add (argv, (char *) cli_path);
  va_start (args, first_arg);
  for (arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  envp = g_environ_setenv (envp, "XDG_CONFIG_HOME", config_home, TRUE);
  envp = g_environ_setenv (envp, "XDG_DATA_HOME", data_home, TRUE);
  envp = g_environ_setenv (envp, "NESS_OPERATOR_ID", "op-cli", TRUE);
  envp = g_environ_setenv (envp, "NESS_ORI", "IL0160000", TRUE);
  if (with_data_dir)
    envp = g_environ_setenv (envp, "RTCC_DATA_DIR", f->data_dir, TRUE);
  else
    envp = g_environ_unsetenv (envp, "RTCC_DATA_DIR");

  g_clear_pointer (&f->out, g_free);
  g_clear_pointer (&f->err, g_free);
  g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL,
                &f->out, &f->err, &wait_status, &error);
  g_assert_no_error (error);
  g_test_message ("stdout: %s\nstderr: %s", f->out, f->err);
  g_assert_true (WIFEXITED (wait_status));
  return WEXITSTATUS (wait_status);
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
  f->dir = g_dir_make_tmp ("rtcc-cli-XXXXXX", NULL);
  g_assert_nonnull (f->dir);
  f->data_dir = g_build_filename (f->dir, "data", NULL);
  f->db = g_build_filename (f->data_dir, "audit.db", NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->data_dir);
  g_free (f->db);
  g_free (f->out);
  g_free (f->err);
}

static void
test_verify_fresh (Fixture       *f,
                   gconstpointer  data)
{
  populate (f->db, 0);
  g_assert_cmpint (run_cli (f, TRUE, "audit", "verify", NULL), ==, 0);
  g_assert_cmpstr (f->out, ==, "Audit log verified: 0 records, chain intact\n");

  populate (f->db, 3);
  g_assert_cmpint (run_cli (f, TRUE, "audit", "verify", NULL), ==, 0);
  g_assert_cmpstr (f->out, ==, "Audit log verified: 3 records, chain intact\n");
}

static void
test_verify_missing (Fixture       *f,
                     gconstpointer  data)
{
  g_assert_cmpint (run_cli (f, TRUE, "audit", "verify", NULL), ==, 1);
  g_assert_nonnull (strstr (f->err, "No audit log at"));
  /* Verifying never creates a log. */
  g_assert_false (g_file_test (f->db, G_FILE_TEST_EXISTS));
}

static void
test_db_option_and_default_path (Fixture       *f,
                                 gconstpointer  data)
{
  g_autofree char *other = g_build_filename (f->dir, "elsewhere", "a.db", NULL);
  g_autofree char *xdg_db = g_build_filename (f->dir, "xdg-data", "rtcc", "audit.db", NULL);

  populate (other, 2);
  g_assert_cmpint (run_cli (f, TRUE, "audit", "verify", "--db", other, NULL), ==, 0);
  g_assert_cmpstr (f->out, ==, "Audit log verified: 2 records, chain intact\n");

  /* Without RTCC_DATA_DIR the log is looked for under XDG_DATA_HOME. */
  populate (xdg_db, 1);
  g_assert_cmpint (run_cli (f, FALSE, "audit", "verify", NULL), ==, 0);
  g_assert_cmpstr (f->out, ==, "Audit log verified: 1 record, chain intact\n");
}

static void
test_export_json (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *array;
  JsonObject *last;

  populate (f->db, 3);
  g_assert_cmpint (run_cli (f, TRUE, "audit", "export", NULL), ==, 0);
  root = rtcc_json_parse (f->out, -1, &error);
  g_assert_no_error (error);
  array = json_node_get_array (root);

  /* The export's own record, written first, is part of it. */
  g_assert_cmpuint (json_array_get_length (array), ==, 4);
  last = json_array_get_object_element (array, 3);
  g_assert_cmpstr (json_object_get_string_member (last, "action"), ==, "audit_export");
  g_assert_cmpstr (json_object_get_string_member (last, "operator"), ==, "op-cli");
  g_assert_cmpstr (json_object_get_string_member (last, "ori"), ==, "IL0160000");
  g_assert_cmpstr (json_object_get_string_member (last, "outcome"), ==, "pending");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 1), "prev_hash"), ==,
                   json_object_get_string_member (json_array_get_object_element (array, 0), "hash"));
  g_assert_cmpuint (strlen (json_object_get_string_member (last, "hash")), ==, 64);
  g_assert_nonnull (strstr (f->err, "4 records exported"));

  /* Its outcome follows as a separate record, and the chain holds. */
  g_assert_cmpint (run_cli (f, TRUE, "audit", "verify", NULL), ==, 0);
  g_assert_cmpstr (f->out, ==, "Audit log verified: 5 records, chain intact\n");
}

static void
test_export_csv (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *file = g_build_filename (f->dir, "export.csv", NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  GStatBuf st;

  populate (f->db, 2);
  g_assert_cmpint (run_cli (f, TRUE, "audit", "export", "--format", "csv", "--since", "2000-01-01",
                            "--output", file, NULL), ==, 0);
  g_assert_cmpstr (f->out, ==, "");
  g_assert_true (g_file_get_contents (file, &contents, NULL, NULL));
  g_assert_cmpint (g_stat (file, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  g_assert_true (g_str_has_prefix (contents,
                                   "seq,time,operator,ori,action,integration,purpose_code,purpose_reason,"
                                   "query_terms,outcome,outcome_detail,requestor,secondary_recipient,"
                                   "refers_to,prev_hash,hash\r\n"));
  /* Commas, quotes and the line break in the terms are quoted, not split. */
  g_assert_nonnull (strstr (contents, ",\"last=O'BRIEN, first=\"\"JACK\"\"\ndob=1990-04-12\","));
  g_assert_nonnull (strstr (contents, ",\"Robbery, 2026-000123\","));
  lines = g_strsplit (contents, "\r\n", -1);
  /* header, 2 records, the export's record, and the empty tail */
  g_assert_cmpuint (g_strv_length (lines), ==, 5);
  g_assert_true (g_str_has_prefix (lines[3], "3,"));
  g_assert_nonnull (strstr (lines[3], ",audit_export,"));
}

static void
test_export_since_future (Fixture       *f,
                          gconstpointer  data)
{
  populate (f->db, 2);
  g_assert_cmpint (run_cli (f, TRUE, "audit", "export", "--since", "2999-01-01T00:00:00Z", NULL), ==, 0);
  g_assert_cmpstr (f->out, ==, "[]\n");
}

static void
test_tamper_then_verify (Fixture       *f,
                         gconstpointer  data)
{
  sqlite3 *db = NULL;

  populate (f->db, 4);
  g_assert_cmpint (sqlite3_open (f->db, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "DROP TRIGGER audit_records_no_update;"
                                 "UPDATE audit_records SET purpose_code = 'X' WHERE seq = 2;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  g_assert_cmpint (run_cli (f, TRUE, "audit", "verify", NULL), ==, 1);
  g_assert_nonnull (strstr (f->out, "tampered at seq 2"));
  g_assert_nonnull (strstr (f->out, "hash mismatch"));
  g_assert_nonnull (strstr (f->out, "1 record before it verified"));
}

static void
test_truncate_then_verify (Fixture       *f,
                           gconstpointer  data)
{
  sqlite3 *db = NULL;

  populate (f->db, 4);
  g_assert_cmpint (sqlite3_open (f->db, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "DROP TRIGGER audit_records_no_delete;"
                                 "DELETE FROM audit_records WHERE seq = 4;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  g_assert_cmpint (run_cli (f, TRUE, "audit", "verify", NULL), ==, 1);
  g_assert_nonnull (strstr (f->out, "seq 4"));
  g_assert_nonnull (strstr (f->out, "anchor mismatch"));
}

static void
test_corrupt_db (Fixture       *f,
                 gconstpointer  data)
{
  g_assert_cmpint (g_mkdir_with_parents (f->data_dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (f->db, "garbage that is not a database, repeated. "
                                      "garbage that is not a database, repeated.", -1, NULL));
  g_assert_cmpint (run_cli (f, TRUE, "audit", "verify", NULL), ==, 1);
  g_assert_nonnull (strstr (f->err, "audit log"));
}

static void
test_usage_errors (Fixture       *f,
                   gconstpointer  data)
{
  populate (f->db, 1);

  g_assert_cmpint (run_cli (f, TRUE, NULL), ==, 2);
  g_assert_nonnull (strstr (f->err, "Usage:"));
  g_assert_cmpint (run_cli (f, TRUE, "frobnicate", NULL), ==, 2);
  g_assert_nonnull (strstr (f->err, "unknown command “frobnicate”"));
  g_assert_cmpint (run_cli (f, TRUE, "audit", NULL), ==, 2);
  g_assert_cmpint (run_cli (f, TRUE, "audit", "shred", NULL), ==, 2);
  g_assert_cmpint (run_cli (f, TRUE, "audit", "verify", "--bogus", NULL), ==, 2);
  g_assert_nonnull (strstr (f->err, "--help"));
  g_assert_cmpint (run_cli (f, TRUE, "audit", "verify", "extra", NULL), ==, 2);
  g_assert_nonnull (strstr (f->err, "unexpected argument “extra”"));
  g_assert_cmpint (run_cli (f, TRUE, "audit", "export", "--format", "xml", NULL), ==, 2);
  g_assert_nonnull (strstr (f->err, "json or csv"));
  g_assert_cmpint (run_cli (f, TRUE, "audit", "export", "--since", "last tuesday", NULL), ==, 2);
  g_assert_cmpint (run_cli (f, TRUE, "audit", "export", "--since", NULL), ==, 2);

  /* None of those reached the log. */
  g_assert_cmpint (run_cli (f, TRUE, "audit", "verify", NULL), ==, 0);
  g_assert_cmpstr (f->out, ==, "Audit log verified: 1 record, chain intact\n");
}

static void
test_help (Fixture       *f,
           gconstpointer  data)
{
  g_assert_cmpint (run_cli (f, TRUE, "--help", NULL), ==, 0);
  g_assert_nonnull (strstr (f->out, "audit"));
  g_assert_cmpint (run_cli (f, TRUE, "audit", "--help", NULL), ==, 0);
  g_assert_nonnull (strstr (f->out, "verify"));
  g_assert_nonnull (strstr (f->out, "export"));
  g_assert_cmpint (run_cli (f, TRUE, "audit", "export", "--help", NULL), ==, 0);
  g_assert_nonnull (strstr (f->out, "--format"));
  g_assert_nonnull (strstr (f->out, "rtcc-cli audit export"));
  g_assert_cmpint (run_cli (f, TRUE, "--version", NULL), ==, 0);
  g_assert_true (g_str_has_prefix (f->out, "rtcc-cli "));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  cli_path = argc > 1 ? argv[1] : g_getenv ("RTCC_CLI");
  if (cli_path == NULL)
    g_error ("Give the path of rtcc-cli as the first argument or in RTCC_CLI");

#define ADD(path, func) \
  g_test_add ("/cli/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("audit/verify-fresh", test_verify_fresh);
  ADD ("audit/verify-missing", test_verify_missing);
  ADD ("audit/db-option-and-default-path", test_db_option_and_default_path);
  ADD ("audit/export-json", test_export_json);
  ADD ("audit/export-csv", test_export_csv);
  ADD ("audit/export-since-future", test_export_since_future);
  ADD ("audit/tamper-then-verify", test_tamper_then_verify);
  ADD ("audit/truncate-then-verify", test_truncate_then_verify);
  ADD ("audit/corrupt-db", test_corrupt_db);
  ADD ("usage-errors", test_usage_errors);
  ADD ("help", test_help);

#undef ADD

  return g_test_run ();
}
