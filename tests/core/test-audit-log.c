/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "rtcc-audit-log.h"
#include "rtcc-json.h"
#include "rtcc-time.h"

#define HOSTILE_TERMS "name=O'Brien, \"Jack\"\nline two,\r\nDOB=1990-04-12"

typedef struct
{
  char         *dir;
  char         *path;
  RtccAuditLog *log;
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

static gint64
append_sync (RtccAuditLog     *log,
             RtccAuditRecord  *record,
             GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  rtcc_audit_log_append_async (log, record, NULL, got_result, &result);
  return rtcc_audit_log_append_finish (log, wait_for (&result), error);
}

static gboolean
verify_sync (RtccAuditLog           *log,
             RtccAuditVerifyResult  *out,
             GError                **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  rtcc_audit_log_verify_async (log, NULL, got_result, &result);
  return rtcc_audit_log_verify_finish (log, wait_for (&result), out, error);
}

static GListModel *
query_sync (RtccAuditLog          *log,
            const RtccAuditFilter *filter)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *model;

  rtcc_audit_log_query_async (log, filter, NULL, got_result, &result);
  model = rtcc_audit_log_query_finish (log, wait_for (&result), &error);
  g_assert_no_error (error);
  return model;
}

static GBytes *
export_sync (RtccAuditLog          *log,
             GDateTime             *since,
             RtccAuditExportFormat  format,
             gint64                *count)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();

  rtcc_audit_log_export_async (log, since, format, stream, NULL, got_result, &result);
  *count = rtcc_audit_log_export_finish (log, wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_true (g_output_stream_close (stream, NULL, NULL));
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (stream));
}

static RtccAuditRecord *
make_query_record (guint n)
{
  RtccAuditRecord *record = rtcc_audit_record_new ("op-4411", RTCC_AUDIT_ACTION_QUERY);
  g_autofree char *terms = g_strdup_printf ("%s #%u", HOSTILE_TERMS, n);

  rtcc_audit_record_set_ori (record, "IL0160000");
  rtcc_audit_record_set_integration (record, "ness");
  rtcc_audit_record_set_purpose_code (record, "C");
  rtcc_audit_record_set_purpose_reason (record, "Robbery investigation 2026-000123");
  rtcc_audit_record_set_query_terms (record, terms);
  rtcc_audit_record_set_requestor (record, "Det. Alvarez");
  return record;
}

static void
raw_exec (const char *path,
          const char *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  sqlite3_close (db);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  guint n_records = GPOINTER_TO_UINT (data);

  f->dir = g_dir_make_tmp ("rtcc-audit-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "audit.db", NULL);
  f->log = rtcc_audit_log_open (f->path, &error);
  g_assert_no_error (error);

  for (guint i = 1; i <= n_records; i++)
    {
      g_autoptr(RtccAuditRecord) record = make_query_record (i);

      g_assert_cmpint (append_sync (f->log, record, &error), ==, i);
      g_assert_no_error (error);
    }
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
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->log);
  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static void
assert_tampered (Fixture    *f,
                 gint64      bad_seq,
                 const char *what)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *needle = g_strdup_printf ("seq %" G_GINT64_FORMAT ":", bad_seq);
  RtccAuditVerifyResult result;

  g_assert_false (verify_sync (f->log, &result, &error));
  g_assert_error (error, RTCC_AUDIT_ERROR, RTCC_AUDIT_ERROR_TAMPERED);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, needle));
  g_assert_nonnull (strstr (error->message, what));
  g_assert_cmpint (result.first_bad_seq, ==, bad_seq);
}

static void
assert_intact (Fixture *f,
               guint64  n_records)
{
  g_autoptr(GError) error = NULL;
  RtccAuditVerifyResult result;

  g_assert_true (verify_sync (f->log, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result.n_verified, ==, n_records);
  g_assert_cmpint (result.last_seq, ==, n_records);
  g_assert_cmpint (result.first_bad_seq, ==, 0);
}

static void
test_append_verify (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GListModel) all = NULL;
  g_autoptr(RtccAuditRecord) newest = NULL;
  g_autoptr(RtccAuditRecord) first = NULL;
  g_autoptr(RtccAuditRecord) second = NULL;
  GStatBuf st;

  assert_intact (f, 3);

  /* Query terms are CJI: the database is its owner's alone. */
  g_assert_cmpint (g_stat (f->path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  all = query_sync (f->log, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (all), ==, 3);
  newest = g_list_model_get_item (all, 0);
  second = g_list_model_get_item (all, 1);
  first = g_list_model_get_item (all, 2);
  g_assert_cmpint (rtcc_audit_record_get_seq (newest), ==, 3);
  g_assert_cmpstr (rtcc_audit_record_get_prev_hash (first), ==, RTCC_AUDIT_GENESIS_HASH);
  g_assert_cmpstr (rtcc_audit_record_get_prev_hash (second), ==, rtcc_audit_record_get_hash (first));
  g_assert_cmpuint (strlen (rtcc_audit_record_get_hash (newest)), ==, 64);
  g_assert_cmpstr (rtcc_audit_record_get_operator (newest), ==, "op-4411");
  g_assert_cmpstr (rtcc_audit_record_get_ori (newest), ==, "IL0160000");
  g_assert_cmpstr (rtcc_audit_record_get_purpose_code (newest), ==, "C");
  g_assert_cmpstr (rtcc_audit_record_get_query_terms (newest), ==, HOSTILE_TERMS " #3");
  g_assert_cmpint (rtcc_audit_record_get_outcome (newest), ==, RTCC_AUDIT_OUTCOME_SUCCESS);
  g_assert_null (rtcc_audit_record_get_secondary_recipient (newest));
  g_assert_nonnull (rtcc_audit_record_get_time (newest));
}

static void
test_time_hundredths (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(RtccAuditRecord) record = rtcc_audit_record_new ("op-1", RTCC_AUDIT_ACTION_LOGON);
  g_autoptr(GDateTime) when = rtcc_time_parse_iso ("2026-11-22T22:12:09.1299-06:00", NULL);
  g_autoptr(GListModel) all = NULL;
  g_autoptr(RtccAuditRecord) stored = NULL;
  g_autofree char *text = NULL;

  rtcc_audit_record_set_time (record, when);
  g_assert_cmpint (append_sync (f->log, record, NULL), ==, 1);
  all = query_sync (f->log, NULL);
  stored = g_list_model_get_item (all, 0);
  text = rtcc_time_format_audit (rtcc_audit_record_get_time (stored));
  g_assert_cmpstr (text, ==, "2026-11-23T04:12:09.12Z");
  assert_intact (f, 1);
}

static void
test_reopen (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RtccAuditRecord) record = rtcc_audit_record_new ("op-2", RTCC_AUDIT_ACTION_LOGOFF);

  g_clear_object (&f->log);
  f->log = rtcc_audit_log_open (f->path, &error);
  g_assert_no_error (error);
  assert_intact (f, 3);
  g_assert_cmpint (append_sync (f->log, record, &error), ==, 4);
  g_assert_no_error (error);
  assert_intact (f, 4);
}

static void
test_tamper_edit (Fixture       *f,
                  gconstpointer  data)
{
  raw_exec (f->path,
            "DROP TRIGGER audit_records_no_update;"
            "UPDATE audit_records SET query_terms = 'SMITH, JOHN' WHERE seq = 3;");
  assert_tampered (f, 3, "hash mismatch");
}

static void
test_tamper_edit_and_reopen (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_clear_object (&f->log);
  raw_exec (f->path,
            "DROP TRIGGER audit_records_no_update;"
            "UPDATE audit_records SET operator = 'someone-else' WHERE seq = 2;");
  /* Opening notices the missing trigger and puts it back. */
  g_test_expect_message ("RtccAudit", G_LOG_LEVEL_WARNING, "*triggers were removed*");
  f->log = rtcc_audit_log_open (f->path, &error);
  g_test_assert_expected_messages ();
  g_assert_no_error (error);
  assert_tampered (f, 2, "hash mismatch");
}

static void
test_tamper_delete_middle (Fixture       *f,
                           gconstpointer  data)
{
  raw_exec (f->path,
            "DROP TRIGGER audit_records_no_delete;"
            "DELETE FROM audit_records WHERE seq = 3;");
  assert_tampered (f, 3, "gap in seq");
}

static void
test_tamper_delete_last (Fixture       *f,
                         gconstpointer  data)
{
  raw_exec (f->path,
            "DROP TRIGGER audit_records_no_delete;"
            "DELETE FROM audit_records WHERE seq >= 4;");
  /* The remaining chain is perfect: only the anchor shows the loss. */
  assert_tampered (f, 4, "anchor mismatch");
}

static void
test_tamper_delete_last_then_append (Fixture       *f,
                                     gconstpointer  data)
{
  g_autoptr(RtccAuditRecord) record = rtcc_audit_record_new ("op-2", RTCC_AUDIT_ACTION_LOGON);
  g_autoptr(GError) error = NULL;

  raw_exec (f->path,
            "DROP TRIGGER audit_records_no_delete;"
            "DELETE FROM audit_records WHERE seq = 5;");
  /* Appending goes on, but must not move the anchor over the evidence. */
  g_test_expect_message ("RtccAudit", G_LOG_LEVEL_WARNING, "*anchor does not match*");
  g_assert_cmpint (append_sync (f->log, record, &error), ==, 5);
  g_test_assert_expected_messages ();
  g_assert_no_error (error);
  assert_tampered (f, 5, "anchor mismatch");
}

static void
test_tamper_reorder (Fixture       *f,
                     gconstpointer  data)
{
  raw_exec (f->path,
            "DROP TRIGGER audit_records_no_update;"
            "UPDATE audit_records SET seq = -2 WHERE seq = 2;"
            "UPDATE audit_records SET seq = 2 WHERE seq = 4;"
            "UPDATE audit_records SET seq = 4 WHERE seq = -2;");
  assert_tampered (f, 2, "hash mismatch");
}

static void
test_tamper_renumber (Fixture       *f,
                      gconstpointer  data)
{
  /* Deleting a record and closing the gap by renumbering. */
  raw_exec (f->path,
            "DROP TRIGGER audit_records_no_update;"
            "DROP TRIGGER audit_records_no_delete;"
            "DELETE FROM audit_records WHERE seq = 3;"
            "UPDATE audit_records SET seq = seq - 1 WHERE seq > 3;");
  assert_tampered (f, 3, "hash mismatch");
}

static void
test_tamper_swap_hash (Fixture       *f,
                       gconstpointer  data)
{
  raw_exec (f->path,
            "DROP TRIGGER audit_records_no_update;"
            "UPDATE audit_records SET hash = (SELECT hash FROM audit_records WHERE seq = 3) "
            "WHERE seq = 2;");
  assert_tampered (f, 2, "hash mismatch");
}

static char *
rehash_record (const char *path,
               gint64      seq,
               const char *new_terms)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  const char *fields[RTCC_AUDIT_N_FIELDS];
  char *hash;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT seq, time, operator, ori, action, integration, "
                                       "purpose_code, purpose_reason, query_terms, outcome, "
                                       "outcome_detail, requestor, secondary_recipient, refers_to, "
                                       "prev_hash FROM audit_records WHERE seq = ?",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, seq);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  for (guint i = 0; i < RTCC_AUDIT_N_FIELDS; i++)
    fields[i] = (const char *) sqlite3_column_text (stmt, i);
  fields[RTCC_AUDIT_FIELD_QUERY_TERMS] = new_terms;
  hash = rtcc_audit_hash_fields (fields);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return hash;
}

static void
test_tamper_forged_hash (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *forged = rehash_record (f->path, 3, "SMITH, JOHN");
  g_autofree char *sql = g_strdup_printf ("DROP TRIGGER audit_records_no_update;"
                                          "UPDATE audit_records SET query_terms = 'SMITH, JOHN', "
                                          "hash = '%s' WHERE seq = 3;", forged);

  /* A forger who recomputes the edited record's hash breaks the next link. */
  raw_exec (f->path, sql);
  assert_tampered (f, 4, "broken link");
}

static void
test_tamper_forged_tail (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *forged = rehash_record (f->path, 5, "SMITH, JOHN");
  g_autofree char *sql = g_strdup_printf ("DROP TRIGGER audit_records_no_update;"
                                          "UPDATE audit_records SET query_terms = 'SMITH, JOHN', "
                                          "hash = '%s' WHERE seq = 5;", forged);

  /* Rewriting the newest record consistently leaves only the anchor. */
  raw_exec (f->path, sql);
  assert_tampered (f, 5, "anchor mismatch");
}

static void
test_tamper_anchor_file (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *anchor = rtcc_audit_log_dup_anchor_path (f->log);

  g_assert_true (g_file_set_contents (anchor, "seq 99\n", -1, NULL));
  assert_tampered (f, 2, "not a valid anchor");
  g_assert_cmpint (g_unlink (anchor), ==, 0);
  assert_tampered (f, 2, "is missing");
}

static void
test_interrupted_anchor (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(RtccAuditRecord) record = rtcc_audit_record_new ("op-2", RTCC_AUDIT_ACTION_LOGOFF);
  g_autofree char *anchor = rtcc_audit_log_dup_anchor_path (f->log);
  g_autofree char *saved = NULL;
  g_autoptr(GError) error = NULL;

  /* As if the program died between COMMIT and the anchor write. */
  g_assert_true (g_file_get_contents (anchor, &saved, NULL, NULL));
  g_assert_cmpint (append_sync (f->log, record, NULL), ==, 3);
  g_clear_object (&f->log);
  g_assert_true (g_file_set_contents (anchor, saved, -1, NULL));

  f->log = rtcc_audit_log_open (f->path, &error);
  g_assert_no_error (error);
  assert_intact (f, 3);
}

static void
test_triggers_refuse (Fixture       *f,
                      gconstpointer  data)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE audit_records SET operator = 'x' WHERE seq = 1",
                                 NULL, NULL, NULL), ==, SQLITE_CONSTRAINT);
  g_assert_nonnull (strstr (sqlite3_errmsg (db), "append-only"));
  g_assert_cmpint (sqlite3_exec (db, "DELETE FROM audit_records WHERE seq = 2",
                                 NULL, NULL, NULL), ==, SQLITE_CONSTRAINT);
  g_assert_nonnull (strstr (sqlite3_errmsg (db), "append-only"));
  sqlite3_close (db);
  assert_intact (f, 3);
}

static void
test_export_json (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GListModel) all = query_sync (f->log, NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *array;
  gint64 count = 0;

  bytes = export_sync (f->log, NULL, RTCC_AUDIT_EXPORT_JSON, &count);
  g_assert_cmpint (count, ==, 3);
  root = rtcc_json_parse_bytes (bytes, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (root));
  array = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (array), ==, 3);

  for (guint i = 0; i < 3; i++)
    {
      JsonObject *obj = json_array_get_object_element (array, i);
      g_autoptr(RtccAuditRecord) stored = g_list_model_get_item (all, 2 - i);
      const char *fields[RTCC_AUDIT_N_FIELDS];
      g_autofree char *seq_text = NULL;
      g_autofree char *hash = NULL;

      g_assert_cmpint (json_object_get_int_member (obj, "seq"), ==, i + 1);
      g_assert_cmpstr (json_object_get_string_member (obj, "hash"), ==, rtcc_audit_record_get_hash (stored));
      g_assert_cmpstr (json_object_get_string_member (obj, "prev_hash"), ==,
                       rtcc_audit_record_get_prev_hash (stored));
      g_assert_cmpstr (json_object_get_string_member (obj, "query_terms"), ==,
                       rtcc_audit_record_get_query_terms (stored));
      g_assert_true (json_object_get_null_member (obj, "refers_to"));

      /* An auditor can recompute every hash from the export alone. */
      seq_text = g_strdup_printf ("%u", i + 1);
      for (guint k = 0; k < RTCC_AUDIT_N_FIELDS; k++)
        fields[k] = json_object_get_null_member (obj, rtcc_audit_field_name (k))
          ? NULL : json_object_get_string_member (obj, rtcc_audit_field_name (k));
      fields[RTCC_AUDIT_FIELD_SEQ] = seq_text;
      hash = rtcc_audit_hash_fields (fields);
      g_assert_cmpstr (hash, ==, json_object_get_string_member (obj, "hash"));
    }
}

/* A strict RFC 4180 reader, independent of the writer. */
static GPtrArray *
parse_csv (const char *text)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  GPtrArray *row = g_ptr_array_new_with_free_func (g_free);
  GString *field = g_string_new (NULL);
  const char *p = text;

  while (*p != '\0')
    {
      if (*p == '"')
        {
          for (p++; ; p++)
            {
              g_assert_true (*p != '\0');
              if (*p == '"' && p[1] == '"')
                g_string_append_c (field, *p++);
              else if (*p == '"')
                break;
              else
                g_string_append_c (field, *p);
            }
          p++;
          g_assert_true (*p == ',' || *p == '\r');
        }
      else
        {
          while (*p != ',' && *p != '\r' && *p != '\0')
            {
              g_assert_true (*p != '"' && *p != '\n');
              g_string_append_c (field, *p++);
            }
        }

      g_ptr_array_add (row, g_string_free (g_steal_pointer (&field), FALSE));
      field = g_string_new (NULL);
      if (*p == ',')
        p++;
      else
        {
          g_assert_true (p[0] == '\r' && p[1] == '\n');
          p += 2;
          g_ptr_array_add (rows, g_steal_pointer (&row));
          row = g_ptr_array_new_with_free_func (g_free);
        }
    }
  g_assert_cmpuint (row->len, ==, 0);
  g_ptr_array_unref (row);
  g_string_free (field, TRUE);
  return rows;
}

static void
test_export_csv (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GListModel) all = query_sync (f->log, NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *text = NULL;
  GPtrArray *header;
  gint64 count = 0;
  gsize size;

  bytes = export_sync (f->log, NULL, RTCC_AUDIT_EXPORT_CSV, &count);
  g_assert_cmpint (count, ==, 3);
  text = g_strndup (g_bytes_get_data (bytes, &size), g_bytes_get_size (bytes));
  rows = parse_csv (text);
  g_assert_cmpuint (rows->len, ==, 4);

  header = g_ptr_array_index (rows, 0);
  g_assert_cmpuint (header->len, ==, RTCC_AUDIT_N_FIELDS + 1);
  g_assert_cmpstr (g_ptr_array_index (header, RTCC_AUDIT_FIELD_QUERY_TERMS), ==, "query_terms");
  g_assert_cmpstr (g_ptr_array_index (header, RTCC_AUDIT_FIELD_PREV_HASH), ==, "prev_hash");
  g_assert_cmpstr (g_ptr_array_index (header, RTCC_AUDIT_N_FIELDS), ==, "hash");

  for (guint i = 1; i < rows->len; i++)
    {
      GPtrArray *row = g_ptr_array_index (rows, i);
      g_autoptr(RtccAuditRecord) stored = g_list_model_get_item (all, 3 - i);

      g_assert_cmpuint (row->len, ==, RTCC_AUDIT_N_FIELDS + 1);
      g_assert_cmpstr (g_ptr_array_index (row, RTCC_AUDIT_FIELD_SEQ), ==,
                       i == 1 ? "1" : i == 2 ? "2" : "3");
      g_assert_cmpstr (g_ptr_array_index (row, RTCC_AUDIT_FIELD_QUERY_TERMS), ==,
                       rtcc_audit_record_get_query_terms (stored));
      g_assert_cmpstr (g_ptr_array_index (row, RTCC_AUDIT_FIELD_PREV_HASH), ==,
                       rtcc_audit_record_get_prev_hash (stored));
      g_assert_cmpstr (g_ptr_array_index (row, RTCC_AUDIT_N_FIELDS), ==,
                       rtcc_audit_record_get_hash (stored));
      g_assert_cmpstr (g_ptr_array_index (row, RTCC_AUDIT_FIELD_SECONDARY_RECIPIENT), ==, "");
    }
}

static void
test_csv_quote (void)
{
  struct { const char *in, *out; } cases[] = {
    { NULL, "" },
    { "", "" },
    { "plain", "plain" },
    { "a,b", "\"a,b\"" },
    { "say \"hi\"", "\"say \"\"hi\"\"\"" },
    { "two\nlines", "\"two\nlines\"" },
    { "cr\rhere", "\"cr\rhere\"" },
    { " padded", "\" padded\"" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *quoted = rtcc_audit_csv_quote (cases[i].in);

      g_assert_cmpstr (quoted, ==, cases[i].out);
    }
}

static void
test_export_since (Fixture       *f,
                   gconstpointer  data)
{
  const char *times[] = { "2026-11-01T10:00:00Z", "2026-11-02T10:00:00Z", "2026-11-03T10:00:00Z" };
  g_autoptr(GDateTime) since = rtcc_time_parse_iso ("2026-11-02T00:00:00Z", NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonNode) root = NULL;
  gint64 count = 0;

  for (guint i = 0; i < G_N_ELEMENTS (times); i++)
    {
      g_autoptr(RtccAuditRecord) record = rtcc_audit_record_new ("op-9", RTCC_AUDIT_ACTION_ACKNOWLEDGE);
      g_autoptr(GDateTime) when = rtcc_time_parse_iso (times[i], NULL);

      rtcc_audit_record_set_time (record, when);
      g_assert_cmpint (append_sync (f->log, record, NULL), ==, i + 1);
    }

  bytes = export_sync (f->log, since, RTCC_AUDIT_EXPORT_JSON, &count);
  g_assert_cmpint (count, ==, 2);
  root = rtcc_json_parse_bytes (bytes, NULL);
  g_assert_nonnull (root);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (json_node_get_array (root), 0),
                                               "seq"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_node_get_array (root), 0),
                                                  "time"), ==, "2026-11-02T10:00:00.00Z");
  g_clear_pointer (&bytes, g_bytes_unref);
  g_clear_pointer (&root, json_node_unref);

  /* An empty export is still a valid document. */
  g_clear_pointer (&since, g_date_time_unref);
  since = rtcc_time_parse_iso ("2027-01-01T00:00:00Z", NULL);
  bytes = export_sync (f->log, since, RTCC_AUDIT_EXPORT_JSON, &count);
  g_assert_cmpint (count, ==, 0);
  root = rtcc_json_parse_bytes (bytes, NULL);
  g_assert_nonnull (root);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (root)), ==, 0);
}

static void
test_query_filter (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(RtccAuditRecord) logon = rtcc_audit_record_new ("op-7", RTCC_AUDIT_ACTION_LOGON);
  g_autoptr(GDateTime) old = rtcc_time_parse_iso ("2025-01-01T00:00:00Z", NULL);
  g_autoptr(GDateTime) cut = rtcc_time_parse_iso ("2026-01-01T00:00:00Z", NULL);
  g_autoptr(GListModel) model = NULL;
  RtccAuditFilter filter = { 0 };

  rtcc_audit_record_set_time (logon, old);
  g_assert_cmpint (append_sync (f->log, logon, NULL), ==, 4);

  filter.operator_id = "op-7";
  model = query_sync (f->log, &filter);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  g_clear_object (&model);

  filter = (RtccAuditFilter) { .action = RTCC_AUDIT_ACTION_QUERY, .integration = "ness", .limit = 2 };
  model = query_sync (f->log, &filter);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);
  g_clear_object (&model);

  filter = (RtccAuditFilter) { .until = cut };
  model = query_sync (f->log, &filter);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  g_clear_object (&model);

  filter = (RtccAuditFilter) { .since = cut };
  model = query_sync (f->log, &filter);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 3);
  g_clear_object (&model);

  /* Filter values are bound, never spliced into SQL. */
  filter = (RtccAuditFilter) { .operator_id = "x' OR '1'='1" };
  model = query_sync (f->log, &filter);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
}

static void
test_pending_outcome (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(RtccAuditRecord) pending = make_query_record (1);
  g_autoptr(RtccAuditRecord) outcome = NULL;
  g_autoptr(RtccAuditRecord) dangling = NULL;
  g_autoptr(RtccAuditRecord) stored = NULL;
  g_autoptr(GListModel) all = NULL;
  g_autoptr(GError) error = NULL;
  gint64 seq;

  rtcc_audit_record_set_outcome (pending, RTCC_AUDIT_OUTCOME_PENDING);
  seq = append_sync (f->log, pending, &error);
  g_assert_no_error (error);
  g_assert_cmpint (seq, ==, 1);

  outcome = rtcc_audit_record_new_outcome (pending, seq, RTCC_AUDIT_OUTCOME_FAILURE,
                                           "NESS answered 503");
  g_assert_cmpint (append_sync (f->log, outcome, &error), ==, 2);
  g_assert_no_error (error);

  all = query_sync (f->log, NULL);
  stored = g_list_model_get_item (all, 0);
  g_assert_cmpint (rtcc_audit_record_get_refers_to (stored), ==, 1);
  g_assert_cmpint (rtcc_audit_record_get_outcome (stored), ==, RTCC_AUDIT_OUTCOME_FAILURE);
  g_assert_cmpstr (rtcc_audit_record_get_outcome_detail (stored), ==, "NESS answered 503");
  g_assert_cmpstr (rtcc_audit_record_get_purpose_code (stored), ==, "C");
  /* CJI is written once, in the pending record. */
  g_assert_null (rtcc_audit_record_get_query_terms (stored));
  g_clear_object (&stored);
  stored = g_list_model_get_item (all, 1);
  g_assert_cmpint (rtcc_audit_record_get_outcome (stored), ==, RTCC_AUDIT_OUTCOME_PENDING);

  dangling = rtcc_audit_record_new_outcome (pending, 99, RTCC_AUDIT_OUTCOME_SUCCESS, NULL);
  g_assert_cmpint (append_sync (f->log, dangling, &error), ==, 0);
  g_assert_error (error, RTCC_AUDIT_ERROR, RTCC_AUDIT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "99"));
  assert_intact (f, 2);
}

static void
test_invalid_records (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *huge = g_malloc (RTCC_AUDIT_MAX_TERMS_BYTES + 2);
  struct {
    const char *operator_id;
    const char *action;
    const char *purpose;
    const char *terms;
  } cases[] = {
    { NULL, RTCC_AUDIT_ACTION_QUERY, NULL, NULL },
    { "", RTCC_AUDIT_ACTION_QUERY, NULL, NULL },
    { "op-1", NULL, NULL, NULL },
    { "op-1", "Drop Table", NULL, NULL },
    { "op-1", RTCC_AUDIT_ACTION_QUERY, "R", NULL },
    { "op-1", RTCC_AUDIT_ACTION_QUERY, "Q", NULL },
    { "op-1", RTCC_AUDIT_ACTION_QUERY, "C", "\xff\xfe not utf-8" },
    { "op-1", RTCC_AUDIT_ACTION_QUERY, "C", huge },
  };

  memset (huge, 'A', RTCC_AUDIT_MAX_TERMS_BYTES + 1);
  huge[RTCC_AUDIT_MAX_TERMS_BYTES + 1] = '\0';

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(RtccAuditRecord) record = rtcc_audit_record_new (cases[i].operator_id, cases[i].action);
      g_autoptr(GError) error = NULL;

      rtcc_audit_record_set_purpose_code (record, cases[i].purpose);
      rtcc_audit_record_set_query_terms (record, cases[i].terms);
      g_assert_cmpint (append_sync (f->log, record, &error), ==, 0);
      g_assert_error (error, RTCC_AUDIT_ERROR, RTCC_AUDIT_ERROR_INVALID);
      g_test_message ("case %u: %s", i, error->message);
    }
  assert_intact (f, 0);
}

static void
test_busy (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(RtccAuditRecord) record = rtcc_audit_record_new ("op-1", RTCC_AUDIT_ACTION_LOGON);
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;

  /* Another program holding the write lock past the timeout. */
  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "BEGIN EXCLUSIVE", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (append_sync (f->log, record, &error), ==, 0);
  g_assert_error (error, RTCC_AUDIT_ERROR, RTCC_AUDIT_ERROR_BUSY);
  g_clear_error (&error);
  sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
  sqlite3_close (db);

  /* Once it lets go, appends go on and the chain is whole. */
  g_assert_cmpint (append_sync (f->log, record, &error), ==, 2);
  g_assert_no_error (error);
  assert_intact (f, 2);
}

static void
test_corrupt_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("rtcc-audit-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "audit.db", NULL);
  g_autoptr(GString) junk = g_string_new (NULL);
  g_autoptr(RtccAuditLog) log = NULL;

  for (guint i = 0; i < 200; i++)
    g_string_append (junk, "this is not an SQLite database; ");
  g_assert_true (g_file_set_contents (path, junk->str, junk->len, NULL));

  log = rtcc_audit_log_open (path, &error);
  g_assert_null (log);
  g_assert_error (error, RTCC_AUDIT_ERROR, RTCC_AUDIT_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, path));
  remove_tree (dir);
}

static void
test_concurrent_appends (Fixture       *f,
                         gconstpointer  data)
{
  enum { N = 60 };
  GAsyncResult *results[N] = { NULL };
  gboolean seen[N + 1] = { FALSE };

  for (guint i = 0; i < N; i++)
    {
      g_autoptr(RtccAuditRecord) record = make_query_record (i);

      rtcc_audit_log_append_async (f->log, record, NULL, got_result, &results[i]);
    }
  for (guint i = 0; i < N; i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 seq = rtcc_audit_log_append_finish (f->log, wait_for (&results[i]), &error);

      g_assert_no_error (error);
      g_assert_cmpint (seq, >=, 1);
      g_assert_cmpint (seq, <=, N);
      g_assert_false (seen[seq]);
      seen[seq] = TRUE;
      g_clear_object (&results[i]);
    }
  assert_intact (f, N);
}

static void
test_hash_is_unambiguous (void)
{
  const char *a[RTCC_AUDIT_N_FIELDS] = { "1", "t", "op", NULL };
  const char *b[RTCC_AUDIT_N_FIELDS] = { "1", "t", "op", "" };
  const char *c[RTCC_AUDIT_N_FIELDS] = { "1", "t", "o", "p" };
  g_autofree char *ha = rtcc_audit_hash_fields (a);
  g_autofree char *hb = rtcc_audit_hash_fields (b);
  g_autofree char *hc = rtcc_audit_hash_fields (c);
  g_autofree char *ha2 = rtcc_audit_hash_fields (a);

  g_assert_cmpstr (ha, ==, ha2);
  g_assert_cmpstr (ha, !=, hb);
  g_assert_cmpstr (ha, !=, hc);
  g_assert_cmpstr (hb, !=, hc);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, n, func) \
  g_test_add ("/audit-log/" path, Fixture, GUINT_TO_POINTER (n), fixture_set_up, func, fixture_tear_down)

  ADD ("append-verify", 3, test_append_verify);
  ADD ("time-hundredths", 0, test_time_hundredths);
  ADD ("reopen", 3, test_reopen);
  ADD ("tamper/edit", 5, test_tamper_edit);
  ADD ("tamper/edit-and-reopen", 5, test_tamper_edit_and_reopen);
  ADD ("tamper/delete-middle", 5, test_tamper_delete_middle);
  ADD ("tamper/delete-last", 5, test_tamper_delete_last);
  ADD ("tamper/delete-last-then-append", 5, test_tamper_delete_last_then_append);
  ADD ("tamper/reorder", 5, test_tamper_reorder);
  ADD ("tamper/renumber", 5, test_tamper_renumber);
  ADD ("tamper/swap-hash", 5, test_tamper_swap_hash);
  ADD ("tamper/forged-hash", 5, test_tamper_forged_hash);
  ADD ("tamper/forged-tail", 5, test_tamper_forged_tail);
  ADD ("tamper/anchor-file", 2, test_tamper_anchor_file);
  ADD ("interrupted-anchor", 2, test_interrupted_anchor);
  ADD ("triggers-refuse", 3, test_triggers_refuse);
  ADD ("export/json", 3, test_export_json);
  ADD ("export/csv", 3, test_export_csv);
  ADD ("export/since", 0, test_export_since);
  ADD ("query-filter", 3, test_query_filter);
  ADD ("pending-outcome", 0, test_pending_outcome);
  ADD ("invalid-records", 0, test_invalid_records);
  ADD ("concurrent-appends", 0, test_concurrent_appends);
  ADD ("busy", 1, test_busy);
  g_test_add_func ("/audit-log/csv-quote", test_csv_quote);
  g_test_add_func ("/audit-log/corrupt-file", test_corrupt_file);
  g_test_add_func ("/audit-log/hash-is-unambiguous", test_hash_is_unambiguous);

#undef ADD

  return g_test_run ();
}
