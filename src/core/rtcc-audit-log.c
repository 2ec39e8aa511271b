/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccAudit"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "rtcc-audit-log.h"
#include "rtcc-json.h"
#include "rtcc-time.h"

/*
 * Records are never logged with g_debug() or g_message(): query terms are
 * criminal justice information. Messages name seqs and counts only.
 *
 * Every operation runs on one worker thread, in the order it was asked
 * for, so appends are serialized and verify and export see a log that is
 * not moving under them. Between processes (the app and rtcc-cli), the
 * SQLite write lock orders appends and a lock file next to the database
 * keeps "commit, then advance the anchor" atomic for readers of both.
 */

#define SCHEMA_VERSION 1
#define LOCK_TIMEOUT_USEC (5 * G_USEC_PER_SEC)
#define ANCHOR_HEADER "RTCC-AUDIT-ANCHOR 1\n"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

struct _RtccAuditLog
{
  GObject      parent_instance;

  char        *path;
  char        *anchor_path;
  char        *lock_path;
  sqlite3     *db;
  GThreadPool *worker;
};

G_DEFINE_FINAL_TYPE (RtccAuditLog, rtcc_audit_log, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PATH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char columns[] =
  "seq, time, operator, ori, action, integration, purpose_code, purpose_reason, "
  "query_terms, outcome, outcome_detail, requestor, secondary_recipient, "
  "refers_to, prev_hash, hash";

static const char schema_sql[] =
  "CREATE TABLE IF NOT EXISTS audit_records ("
  "  seq INTEGER PRIMARY KEY,"
  "  time TEXT NOT NULL,"
  "  operator TEXT NOT NULL,"
  "  ori TEXT,"
  "  action TEXT NOT NULL,"
  "  integration TEXT,"
  "  purpose_code TEXT,"
  "  purpose_reason TEXT,"
  "  query_terms TEXT,"
  "  outcome TEXT NOT NULL,"
  "  outcome_detail TEXT,"
  "  requestor TEXT,"
  "  secondary_recipient TEXT,"
  "  refers_to INTEGER,"
  "  prev_hash TEXT NOT NULL,"
  "  hash TEXT NOT NULL"
  ");"
  "CREATE INDEX IF NOT EXISTS audit_records_time ON audit_records (time);"
  "CREATE INDEX IF NOT EXISTS audit_records_operator ON audit_records (operator, time);"
  "CREATE INDEX IF NOT EXISTS audit_records_action ON audit_records (action, time);";

/* Re-created on every open: someone who dropped them gets them back, and
 * verification does not rely on them anyway. */
static const char triggers_sql[] =
  "CREATE TRIGGER IF NOT EXISTS audit_records_no_update BEFORE UPDATE ON audit_records "
  "BEGIN SELECT RAISE(ABORT, 'audit records are append-only: they cannot be changed'); END;"
  "CREATE TRIGGER IF NOT EXISTS audit_records_no_delete BEFORE DELETE ON audit_records "
  "BEGIN SELECT RAISE(ABORT, 'audit records are append-only: they cannot be deleted'); END;";

typedef struct
{
  gint64 seq;
  char   hash[65];
} Anchor;

typedef struct
{
  char                  *operator_id;
  char                  *action;
  char                  *integration;
  GDateTime             *since;
  GDateTime             *until;
  guint                  limit;
} QueryData;

typedef struct
{
  GDateTime             *since;
  RtccAuditExportFormat  format;
  GOutputStream         *stream;
} ExportData;

static void
query_data_free (QueryData *data)
{
  g_free (data->operator_id);
  g_free (data->action);
  g_free (data->integration);
  g_clear_pointer (&data->since, g_date_time_unref);
  g_clear_pointer (&data->until, g_date_time_unref);
  g_free (data);
}

static void
export_data_free (ExportData *data)
{
  g_clear_pointer (&data->since, g_date_time_unref);
  g_clear_object (&data->stream);
  g_free (data);
}

static void
set_sqlite_error (RtccAuditLog  *self,
                  int            rc,
                  const char    *doing,
                  GError       **error)
{
  int code;

  switch (rc & 0xff)
    {
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
    case SQLITE_SCHEMA:
    case SQLITE_MISMATCH:
    case SQLITE_ERROR:
      code = RTCC_AUDIT_ERROR_CORRUPT;
      break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      code = RTCC_AUDIT_ERROR_BUSY;
      break;
    default:
      code = RTCC_AUDIT_ERROR_IO;
      break;
    }

  /* SQLite's messages name tables and columns, never values. One whole
   * sentence per operation, so that translations read naturally. */
  {
    const char *why = self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc);

    if (g_strcmp0 (doing, "open") == 0)
      g_set_error (error, RTCC_AUDIT_ERROR, code, _("Could not open the audit log %s: %s"),
                   self->path, why);
    else if (g_strcmp0 (doing, "read") == 0)
      g_set_error (error, RTCC_AUDIT_ERROR, code, _("Could not read the audit log %s: %s"),
                   self->path, why);
    else
      g_set_error (error, RTCC_AUDIT_ERROR, code, _("Could not write to the audit log %s: %s"),
                   self->path, why);
  }
}

static gboolean
exec_sql (RtccAuditLog  *self,
          const char    *sql,
          const char    *doing,
          GError       **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      set_sqlite_error (self, rc, doing, error);
      return FALSE;
    }
  return TRUE;
}

static sqlite3_stmt *
prepare (RtccAuditLog  *self,
         const char    *sql,
         const char    *doing,
         GError       **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    {
      set_sqlite_error (self, rc, doing, error);
      return NULL;
    }
  return stmt;
}

static void
rollback (RtccAuditLog *self)
{
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

static void
read_row (sqlite3_stmt *stmt,
          const char   *fields[RTCC_AUDIT_N_FIELDS],
          const char  **hash)
{
  for (guint i = 0; i < RTCC_AUDIT_N_FIELDS; i++)
    fields[i] = (const char *) sqlite3_column_text (stmt, i);
  *hash = (const char *) sqlite3_column_text (stmt, RTCC_AUDIT_N_FIELDS);
}

static gboolean
is_hex_hash (const char *text)
{
  if (text == NULL || strlen (text) != 64)
    return FALSE;
  for (guint i = 0; i < 64; i++)
    if (!g_ascii_isxdigit (text[i]) || g_ascii_isupper (text[i]))
      return FALSE;
  return TRUE;
}

/* Returns FALSE with @error set when the anchor exists but is unreadable
 * or not an anchor; *exists says whether there was one. */
static gboolean
read_anchor (RtccAuditLog  *self,
             Anchor        *anchor,
             gboolean      *exists,
             GError       **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  g_auto(GStrv) lines = NULL;
  char *end = NULL;
  gsize length;

  *exists = FALSE;
  if (!g_file_get_contents (self->anchor_path, &contents, &length, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return TRUE;
      g_set_error (error, RTCC_AUDIT_ERROR, RTCC_AUDIT_ERROR_IO,
                   _("Could not read the audit anchor %s: %s"),
                   self->anchor_path, local_error->message);
      return FALSE;
    }
  *exists = TRUE;

  if (length > 256 || !g_str_has_prefix (contents, ANCHOR_HEADER))
    goto bad;
  lines = g_strsplit (contents + strlen (ANCHOR_HEADER), "\n", -1);
  if (g_strv_length (lines) != 3 || lines[2][0] != '\0' ||
      !g_str_has_prefix (lines[0], "seq ") || !g_str_has_prefix (lines[1], "hash "))
    goto bad;
  if (!g_ascii_isdigit (lines[0][4]))
    goto bad;
  anchor->seq = g_ascii_strtoll (lines[0] + 4, &end, 10);
  if (*end != '\0' || anchor->seq < 0 || !is_hex_hash (lines[1] + 5))
    goto bad;
  memcpy (anchor->hash, lines[1] + 5, 65);
  return TRUE;

bad:
  g_set_error (error, RTCC_AUDIT_ERROR, RTCC_AUDIT_ERROR_TAMPERED,
               _("The audit anchor %s is not a valid anchor"), self->anchor_path);
  return FALSE;
}

static gboolean
write_anchor (RtccAuditLog  *self,
              gint64         seq,
              const char    *hash,
              GError       **error)
{
  g_autofree char *contents = g_strdup_printf (ANCHOR_HEADER "seq %" G_GINT64_FORMAT "\nhash %s\n",
                                               seq, hash);
  g_autoptr(GError) local_error = NULL;

  if (!g_file_set_contents_full (self->anchor_path, contents, -1,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0600, &local_error))
    {
      g_set_error (error, RTCC_AUDIT_ERROR, RTCC_AUDIT_ERROR_IO,
                   _("Could not write the audit anchor %s: %s"),
                   self->anchor_path, local_error->message);
      return FALSE;
    }
  return TRUE;
}

/* Returns a file descriptor to close() to unlock, or -1 with @error set. */
static int
lock_anchor (RtccAuditLog  *self,
             GError       **error)
{
  int fd = g_open (self->lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);

  if (fd < 0)
    {
      int errsv = errno;

      g_set_error (error, RTCC_AUDIT_ERROR, RTCC_AUDIT_ERROR_IO,
                   _("Could not open the audit lock file %s: %s"),
                   self->lock_path, g_strerror (errsv));
      return -1;
    }
  /* Bounded like SQLite's busy timeout, so a program stuck holding the
   * lock makes appends fail with BUSY instead of hanging forever. */
  for (gint64 deadline = g_get_monotonic_time () + LOCK_TIMEOUT_USEC;;)
    {
      int errsv;

      if (flock (fd, LOCK_EX | LOCK_NB) == 0)
        return fd;
      errsv = errno;
      if (errsv == EINTR)
        continue;
      if (errsv != EWOULDBLOCK || g_get_monotonic_time () >= deadline)
        {
          close (fd);
          g_set_error (error, RTCC_AUDIT_ERROR, RTCC_AUDIT_ERROR_BUSY,
                       _("The audit log %s is locked by another program: %s. Try again, or "
                         "close the other program."),
                       self->path, g_strerror (errsv));
          return -1;
        }
      g_usleep (10 * 1000);
    }
}

static void
unlock_anchor (int fd)
{
  if (fd >= 0)
    close (fd);
}

/* The newest record, or seq 0 and the genesis hash for an empty log. */
static gboolean
read_tail (RtccAuditLog  *self,
           gint64        *seq,
           char           hash[65],
           GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = prepare (self, "SELECT seq, hash FROM audit_records ORDER BY seq DESC LIMIT 1",
                  "read", error);
  if (stmt == NULL)
    return FALSE;

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      *seq = 0;
      g_strlcpy (hash, RTCC_AUDIT_GENESIS_HASH, 65);
      return TRUE;
    }
  if (rc != SQLITE_ROW)
    {
      set_sqlite_error (self, rc, "read", error);
      return FALSE;
    }
  *seq = sqlite3_column_int64 (stmt, 0);
  g_strlcpy (hash, sqlite3_column_text (stmt, 1) != NULL
                     ? (const char *) sqlite3_column_text (stmt, 1) : "", 65);
  return TRUE;
}

/*
 * Append
 */

static gint64
do_append (RtccAuditLog     *self,
           RtccAuditRecord  *record,
           GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GDateTime) time = NULL;
  g_autofree char *hash = NULL;
  g_autoptr(GError) anchor_error = NULL;
  char **fields = NULL;
  char last_hash[65];
  gint64 last_seq;
  gint64 seq;
  Anchor anchor = { 0 };
  gboolean anchor_exists = FALSE;
  int lock_fd;
  int rc;

  lock_fd = lock_anchor (self, error);
  if (lock_fd < 0)
    return 0;

  if (!exec_sql (self, "BEGIN IMMEDIATE", "write to", error))
    goto fail_no_txn;
  if (!read_tail (self, &last_seq, last_hash, error))
    goto fail;

  if (rtcc_audit_record_get_refers_to (record) > last_seq)
    {
      g_set_error (error, RTCC_AUDIT_ERROR, RTCC_AUDIT_ERROR_INVALID,
                   _("An outcome record refers to seq %lld, which the audit log does not hold"),
                   (long long) rtcc_audit_record_get_refers_to (record));
      goto fail;
    }

  seq = last_seq + 1;
  if (rtcc_audit_record_get_time (record) != NULL)
    time = g_date_time_ref (rtcc_audit_record_get_time (record));
  else
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      g_autofree char *text = rtcc_time_format_audit (now);

      time = rtcc_time_parse_iso (text, NULL);
    }

  fields = rtcc_audit_record_dup_fields (record);
  g_free (fields[RTCC_AUDIT_FIELD_SEQ]);
  fields[RTCC_AUDIT_FIELD_SEQ] = g_strdup_printf ("%" G_GINT64_FORMAT, seq);
  g_free (fields[RTCC_AUDIT_FIELD_TIME]);
  fields[RTCC_AUDIT_FIELD_TIME] = rtcc_time_format_audit (time);
  g_free (fields[RTCC_AUDIT_FIELD_PREV_HASH]);
  fields[RTCC_AUDIT_FIELD_PREV_HASH] = g_strdup (last_hash);
  hash = rtcc_audit_hash_fields ((const char * const *) fields);

  stmt = prepare (self,
                  "INSERT INTO audit_records (seq, time, operator, ori, action, integration, "
                  "purpose_code, purpose_reason, query_terms, outcome, outcome_detail, requestor, "
                  "secondary_recipient, refers_to, prev_hash, hash) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  "write to", error);
  if (stmt == NULL)
    goto fail;
  for (guint i = 0; i < RTCC_AUDIT_N_FIELDS; i++)
    {
      if (fields[i] == NULL)
        sqlite3_bind_null (stmt, i + 1);
      else if (i == RTCC_AUDIT_FIELD_SEQ || i == RTCC_AUDIT_FIELD_REFERS_TO)
        sqlite3_bind_int64 (stmt, i + 1, g_ascii_strtoll (fields[i], NULL, 10));
      else
        sqlite3_bind_text (stmt, i + 1, fields[i], -1, SQLITE_STATIC);
    }
  sqlite3_bind_text (stmt, RTCC_AUDIT_N_FIELDS + 1, hash, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, rc, "write to", error);
      goto fail;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  /* With synchronous=FULL the record is on disk once COMMIT returns. */
  if (!exec_sql (self, "COMMIT", "write to", error))
    goto fail;

  /* The anchor moves only from the tail it last named: if the log no
   * longer ends where the anchor says, the evidence is kept for verify. */
  if (!read_anchor (self, &anchor, &anchor_exists, &anchor_error))
    g_warning ("Audit anchor unreadable; not advancing it: %s", anchor_error->message);
  else if ((!anchor_exists && last_seq == 0) ||
           (anchor_exists && anchor.seq == last_seq && g_str_equal (anchor.hash, last_hash)))
    {
      if (!write_anchor (self, seq, hash, &anchor_error))
        g_warning ("Audit record %" G_GINT64_FORMAT " stored but %s", seq, anchor_error->message);
    }
  else
    g_warning ("Audit anchor does not match the log; not advancing it. "
               "Run “rtcc-cli audit verify”.");

  unlock_anchor (lock_fd);
  rtcc_audit_fields_free (fields);
  rtcc_audit_record_set_stored (record, seq, time, last_hash, hash);
  return seq;

fail:
  g_clear_pointer (&stmt, sqlite3_finalize);
  rollback (self);
fail_no_txn:
  unlock_anchor (lock_fd);
  rtcc_audit_fields_free (fields);
  return 0;
}

/*
 * Verify
 */

static gboolean
tampered (RtccAuditVerifyResult  *result,
          gint64                  bad_seq,
          GError                **error,
          const char             *format,
          ...) G_GNUC_PRINTF (4, 5);

static gboolean
tampered (RtccAuditVerifyResult  *result,
          gint64                  bad_seq,
          GError                **error,
          const char             *format,
          ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  result->first_bad_seq = bad_seq;
  g_set_error (error, RTCC_AUDIT_ERROR, RTCC_AUDIT_ERROR_TAMPERED,
               _("Audit log tampered at seq %lld: %s"), (long long) bad_seq, message);
  return FALSE;
}

static gboolean
verify_chain (RtccAuditLog           *self,
              RtccAuditVerifyResult  *result,
              GCancellable           *cancellable,
              GError                **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM audit_records ORDER BY seq", columns);
  char prev[65];
  gint64 expected = 1;
  int rc;

  g_strlcpy (prev, RTCC_AUDIT_GENESIS_HASH, sizeof prev);
  g_strlcpy (result->last_hash, RTCC_AUDIT_GENESIS_HASH, sizeof result->last_hash);

  stmt = prepare (self, sql, "read", error);
  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *fields[RTCC_AUDIT_N_FIELDS];
      const char *stored_hash;
      g_autofree char *hash = NULL;
      gint64 seq = sqlite3_column_int64 (stmt, 0);

      if ((expected & 0x3ff) == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      read_row (stmt, fields, &stored_hash);

      if (seq != expected)
        return tampered (result, expected, error,
                         _("record missing (gap in seq: %lld follows %lld)"),
                         (long long) seq, (long long) (expected - 1));

      hash = rtcc_audit_hash_fields (fields);
      if (g_strcmp0 (hash, stored_hash) != 0)
        return tampered (result, seq, error,
                         _("hash mismatch: the record was changed after it was written"));

      if (g_strcmp0 (fields[RTCC_AUDIT_FIELD_PREV_HASH], prev) != 0)
        return tampered (result, seq, error,
                         _("broken link: its prev_hash is not the hash of seq %lld"),
                         (long long) (seq - 1));

      g_strlcpy (prev, hash, sizeof prev);
      result->n_verified++;
      result->last_seq = seq;
      g_strlcpy (result->last_hash, hash, sizeof result->last_hash);
      expected++;
    }
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, rc, "read", error);
      return FALSE;
    }
  return TRUE;
}

static gboolean
verify_anchor (RtccAuditLog           *self,
               RtccAuditVerifyResult  *result,
               GError                **error)
{
  Anchor anchor = { 0 };
  gboolean exists = FALSE;
  g_autoptr(GError) local_error = NULL;

  if (!read_anchor (self, &anchor, &exists, &local_error))
    {
      if (g_error_matches (local_error, RTCC_AUDIT_ERROR, RTCC_AUDIT_ERROR_TAMPERED))
        return tampered (result, result->last_seq, error,
                         _("anchor mismatch: the anchor file is not a valid anchor"));
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (!exists)
    {
      if (result->last_seq == 0)
        return TRUE;
      return tampered (result, result->last_seq, error,
                       _("anchor mismatch: the anchor file %s is missing"), self->anchor_path);
    }
  if (anchor.seq > result->last_seq)
    return tampered (result, result->last_seq + 1, error,
                     _("anchor mismatch: the anchor names seq %lld but the log ends at seq %lld; the newest records were deleted"),
                     (long long) anchor.seq, (long long) result->last_seq);
  if (anchor.seq < result->last_seq)
    return tampered (result, anchor.seq + 1, error,
                     _("anchor mismatch: the log goes on past the anchored seq %lld to seq %lld"),
                     (long long) anchor.seq, (long long) result->last_seq);
  if (!g_str_equal (anchor.hash, result->last_hash))
    return tampered (result, result->last_seq, error,
                     _("anchor mismatch: the newest record’s hash is not the anchored hash"));
  return TRUE;
}

static gboolean
do_verify (RtccAuditLog           *self,
           RtccAuditVerifyResult  *result,
           GCancellable           *cancellable,
           GError                **error)
{
  gboolean ok;
  int lock_fd;

  /* Holding the lock keeps other processes from committing a record we
   * would see before they advance the anchor. */
  lock_fd = lock_anchor (self, error);
  if (lock_fd < 0)
    return FALSE;
  if (!exec_sql (self, "BEGIN", "read", error))
    {
      unlock_anchor (lock_fd);
      return FALSE;
    }
  ok = verify_chain (self, result, cancellable, error) && verify_anchor (self, result, error);
  rollback (self);
  unlock_anchor (lock_fd);
  return ok;
}

/*
 * Query
 */

static GListModel *
do_query (RtccAuditLog  *self,
          QueryData     *query,
          GCancellable  *cancellable,
          GError       **error)
{
  g_autoptr(GListStore) store = g_list_store_new (RTCC_TYPE_AUDIT_RECORD);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autofree char *since = query->since != NULL ? rtcc_time_format_audit (query->since) : NULL;
  g_autofree char *until = query->until != NULL ? rtcc_time_format_audit (query->until) : NULL;
  int n = 0;
  int rc;

  g_string_append_printf (sql, "SELECT %s FROM audit_records WHERE 1", columns);
  if (query->operator_id != NULL)
    g_string_append (sql, " AND operator = ?");
  if (query->action != NULL)
    g_string_append (sql, " AND action = ?");
  if (query->integration != NULL)
    g_string_append (sql, " AND integration = ?");
  /* Times are stored in one fixed-width UTC format, so text order is time order. */
  if (since != NULL)
    g_string_append (sql, " AND time >= ?");
  if (until != NULL)
    g_string_append (sql, " AND time < ?");
  g_string_append (sql, " ORDER BY seq DESC");
  if (query->limit > 0)
    g_string_append (sql, " LIMIT ?");

  stmt = prepare (self, sql->str, "read", error);
  if (stmt == NULL)
    return NULL;
  if (query->operator_id != NULL)
    sqlite3_bind_text (stmt, ++n, query->operator_id, -1, SQLITE_STATIC);
  if (query->action != NULL)
    sqlite3_bind_text (stmt, ++n, query->action, -1, SQLITE_STATIC);
  if (query->integration != NULL)
    sqlite3_bind_text (stmt, ++n, query->integration, -1, SQLITE_STATIC);
  if (since != NULL)
    sqlite3_bind_text (stmt, ++n, since, -1, SQLITE_STATIC);
  if (until != NULL)
    sqlite3_bind_text (stmt, ++n, until, -1, SQLITE_STATIC);
  if (query->limit > 0)
    sqlite3_bind_int64 (stmt, ++n, query->limit);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *fields[RTCC_AUDIT_N_FIELDS];
      const char *hash;
      g_autoptr(RtccAuditRecord) record = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      read_row (stmt, fields, &hash);
      record = rtcc_audit_record_new_from_fields (fields, hash, error);
      if (record == NULL)
        return NULL;
      g_list_store_append (store, record);
    }
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, rc, "read", error);
      return NULL;
    }
  return G_LIST_MODEL (g_steal_pointer (&store));
}

/*
 * Export
 */

/**
 * rtcc_audit_csv_quote:
 * @value: (nullable): a field
 *
 * Quotes as RFC 4180 asks: a field holding a comma, a quote, a line break
 * or surrounding spaces goes in double quotes, with its quotes doubled.
 * Values are otherwise written verbatim, so an auditor can recompute the
 * hashes from the file.
 *
 * Returns: (transfer full): the CSV field; empty for %NULL
 */
char *
rtcc_audit_csv_quote (const char *value)
{
  GString *out;

  if (value == NULL)
    return g_strdup ("");
  if (strpbrk (value, ",\"\r\n") == NULL && value[0] != ' ' &&
      (value[0] == '\0' || value[strlen (value) - 1] != ' '))
    return g_strdup (value);

  out = g_string_sized_new (strlen (value) + 8);
  g_string_append_c (out, '"');
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
  return g_string_free (out, FALSE);
}

static gboolean
flush_buffer (GOutputStream  *stream,
              GString        *buffer,
              GCancellable   *cancellable,
              GError        **error)
{
  g_autoptr(GError) local_error = NULL;

  if (buffer->len == 0)
    return TRUE;
  if (!g_output_stream_write_all (stream, buffer->str, buffer->len, NULL, cancellable, &local_error))
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, RTCC_AUDIT_ERROR, RTCC_AUDIT_ERROR_IO,
                     _("Could not write the audit export: %s"), local_error->message);
      return FALSE;
    }
  g_string_truncate (buffer, 0);
  return TRUE;
}

static gint64
do_export (RtccAuditLog  *self,
           ExportData    *export,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GString) buffer = g_string_sized_new (64 * 1024);
  g_autofree char *since = export->since != NULL ? rtcc_time_format_audit (export->since) : NULL;
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM audit_records%s ORDER BY seq",
                                          columns, since != NULL ? " WHERE time >= ?" : "");
  gint64 count = 0;
  int rc;

  stmt = prepare (self, sql, "read", error);
  if (stmt == NULL)
    return -1;
  if (since != NULL)
    sqlite3_bind_text (stmt, 1, since, -1, SQLITE_STATIC);

  if (export->format == RTCC_AUDIT_EXPORT_JSON)
    g_string_append (buffer, "[");
  else
    {
      for (guint i = 0; i < RTCC_AUDIT_N_FIELDS; i++)
        g_string_append_printf (buffer, "%s,", rtcc_audit_field_name (i));
      g_string_append (buffer, "hash\r\n");
    }

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *fields[RTCC_AUDIT_N_FIELDS];
      const char *hash;

      read_row (stmt, fields, &hash);
      if (export->format == RTCC_AUDIT_EXPORT_JSON)
        {
          g_autoptr(JsonNode) node = rtcc_audit_fields_to_json (fields, hash);
          g_autofree char *text = rtcc_json_to_string (node, FALSE);

          g_string_append (buffer, count == 0 ? "\n" : ",\n");
          g_string_append (buffer, text);
        }
      else
        {
          for (guint i = 0; i <= RTCC_AUDIT_N_FIELDS; i++)
            {
              g_autofree char *quoted = rtcc_audit_csv_quote (i < RTCC_AUDIT_N_FIELDS ? fields[i] : hash);

              g_string_append (buffer, quoted);
              g_string_append (buffer, i < RTCC_AUDIT_N_FIELDS ? "," : "\r\n");
            }
        }
      count++;

      if (buffer->len >= 60 * 1024 && !flush_buffer (export->stream, buffer, cancellable, error))
        return -1;
    }
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, rc, "read", error);
      return -1;
    }
  if (export->format == RTCC_AUDIT_EXPORT_JSON)
    g_string_append (buffer, count == 0 ? "]\n" : "\n]\n");
  if (!flush_buffer (export->stream, buffer, cancellable, error))
    return -1;
  if (!g_output_stream_flush (export->stream, cancellable, error))
    return -1;
  return count;
}

/*
 * The worker
 */

static void
worker_func (gpointer data,
             gpointer user_data)
{
  g_autoptr(GTask) task = data;
  RtccAuditLog *self = g_task_get_source_object (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  gpointer tag = g_task_get_source_tag (task);
  GError *error = NULL;

  /* A job cancelled while queued is not started; once started it ends. */
  if (g_task_return_error_if_cancelled (task))
    return;

  if (tag == rtcc_audit_log_append_async)
    {
      gint64 seq = do_append (self, g_task_get_task_data (task), &error);

      if (seq > 0)
        g_task_return_int (task, seq);
      else
        g_task_return_error (task, error);
    }
  else if (tag == rtcc_audit_log_verify_async)
    {
      if (do_verify (self, g_task_get_task_data (task), cancellable, &error))
        g_task_return_boolean (task, TRUE);
      else
        g_task_return_error (task, error);
    }
  else if (tag == rtcc_audit_log_query_async)
    {
      GListModel *model = do_query (self, g_task_get_task_data (task), cancellable, &error);

      if (model != NULL)
        g_task_return_pointer (task, model, g_object_unref);
      else
        g_task_return_error (task, error);
    }
  else if (tag == rtcc_audit_log_export_async)
    {
      gint64 count = do_export (self, g_task_get_task_data (task), cancellable, &error);

      if (count >= 0)
        g_task_return_int (task, count);
      else
        g_task_return_error (task, error);
    }
  else
    g_assert_not_reached ();
  /* GTask keeps its own reference until the callback has run in the
   * caller's context, so the log is never finalized on this thread. */
}

static void
rtcc_audit_log_finalize (GObject *object)
{
  RtccAuditLog *self = (RtccAuditLog *) object;

  /* Every queued job holds a reference through its GTask: none is left. */
  if (self->worker != NULL)
    g_thread_pool_free (self->worker, FALSE, TRUE);
  g_clear_pointer (&self->db, sqlite3_close_v2);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->anchor_path, g_free);
  g_clear_pointer (&self->lock_path, g_free);

  G_OBJECT_CLASS (rtcc_audit_log_parent_class)->finalize (object);
}

static void
rtcc_audit_log_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  RtccAuditLog *self = RTCC_AUDIT_LOG (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rtcc_audit_log_class_init (RtccAuditLogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rtcc_audit_log_finalize;
  object_class->get_property = rtcc_audit_log_get_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rtcc_audit_log_init (RtccAuditLog *self)
{
}

static gboolean
prepare_schema (RtccAuditLog  *self,
                GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 version;
  gint64 n_triggers;
  int rc;

  /* The first read is where SQLite finds out the file is not a database. */
  stmt = prepare (self, "PRAGMA user_version", "open", error);
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      set_sqlite_error (self, rc, "open", error);
      return FALSE;
    }
  version = sqlite3_column_int64 (stmt, 0);
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (version > SCHEMA_VERSION)
    {
      g_set_error (error, RTCC_AUDIT_ERROR, RTCC_AUDIT_ERROR_CORRUPT,
                   _("The audit log %s was written by a newer version (schema %lld). "
                     "Update the workstation."),
                   self->path, (long long) version);
      return FALSE;
    }

  if (!exec_sql (self, "PRAGMA journal_mode=WAL", "open", error) ||
      !exec_sql (self, "PRAGMA synchronous=FULL", "open", error))
    return FALSE;

  stmt = prepare (self, "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND "
                  "name IN ('audit_records_no_update', 'audit_records_no_delete')", "open", error);
  if (stmt == NULL)
    return FALSE;
  if ((rc = sqlite3_step (stmt)) != SQLITE_ROW)
    {
      set_sqlite_error (self, rc, "open", error);
      return FALSE;
    }
  n_triggers = sqlite3_column_int64 (stmt, 0);
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (version == SCHEMA_VERSION && n_triggers != 2)
    g_warning ("The audit log’s append-only triggers were removed; restoring them. "
               "Run “rtcc-cli audit verify”.");

  if (!exec_sql (self, "BEGIN IMMEDIATE", "set up", error))
    return FALSE;
  if (!exec_sql (self, schema_sql, "set up", error) ||
      !exec_sql (self, triggers_sql, "set up", error) ||
      !exec_sql (self, "PRAGMA user_version = 1", "set up", error) ||
      !exec_sql (self, "COMMIT", "set up", error))
    {
      rollback (self);
      return FALSE;
    }
  return TRUE;
}

/* A crash between COMMIT and the anchor write leaves the anchor one record
 * behind a record that chains onto it; bring it up to date. Anything else
 * is left for verify to report. */
static gboolean
reconcile_anchor (RtccAuditLog  *self,
                  GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  Anchor anchor = { 0 };
  gboolean exists = FALSE;
  gboolean ok = TRUE;
  char tail_hash[65];
  gint64 tail_seq;
  int lock_fd;

  lock_fd = lock_anchor (self, error);
  if (lock_fd < 0)
    return FALSE;

  if (!read_tail (self, &tail_seq, tail_hash, error))
    ok = FALSE;
  else if (!read_anchor (self, &anchor, &exists, NULL))
    ; /* verify reports it */
  else if (!exists && tail_seq == 0)
    ok = write_anchor (self, 0, RTCC_AUDIT_GENESIS_HASH, error);
  else if (exists && anchor.seq + 1 == tail_seq)
    {
      stmt = prepare (self, "SELECT prev_hash FROM audit_records WHERE seq = ?", "read", error);
      if (stmt == NULL)
        ok = FALSE;
      else
        {
          sqlite3_bind_int64 (stmt, 1, tail_seq);
          if (sqlite3_step (stmt) == SQLITE_ROW &&
              g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), anchor.hash) == 0)
            {
              g_message ("Audit anchor was one record behind after an interrupted write; updated");
              ok = write_anchor (self, tail_seq, tail_hash, error);
            }
        }
    }

  unlock_anchor (lock_fd);
  return ok;
}

/**
 * rtcc_audit_log_open:
 * @path: the audit database; created with its directory if absent
 * @error: return location for a #GError in %RTCC_AUDIT_ERROR
 *
 * Opens the audit log, its own database, never the event store's. The
 * anchor (the newest seq and hash) is kept beside it in `PATH.anchor`.
 * Opening runs on the calling thread; it reads only the schema and the
 * newest record.
 *
 * Returns: (transfer full) (nullable): the log, or %NULL with
 *   %RTCC_AUDIT_ERROR_CORRUPT for a file that is not an audit database,
 *   %RTCC_AUDIT_ERROR_BUSY or %RTCC_AUDIT_ERROR_IO
 */
RtccAuditLog *
rtcc_audit_log_open (const char  *path,
                     GError     **error)
{
  g_autoptr(RtccAuditLog) self = NULL;
  g_autofree char *dir = NULL;
  GError *pool_error = NULL;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (RTCC_TYPE_AUDIT_LOG, NULL);
  self->path = g_strdup (path);
  self->anchor_path = g_strconcat (path, ".anchor", NULL);
  self->lock_path = g_strconcat (path, ".lock", NULL);

  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int errsv = errno;

      g_set_error (error, RTCC_AUDIT_ERROR, RTCC_AUDIT_ERROR_IO,
                   _("Could not create the folder %s for the audit log: %s"), dir, g_strerror (errsv));
      return NULL;
    }

  /* Query terms are CJI: a new log is readable by its owner only. SQLite
   * gives the -wal and -shm files the database file's mode. */
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      int fd = g_open (path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);

      if (fd < 0 && errno != EEXIST)
        {
          int errsv = errno;

          g_set_error (error, RTCC_AUDIT_ERROR, RTCC_AUDIT_ERROR_IO,
                       _("Could not create the audit log %s: %s"), path, g_strerror (errsv));
          return NULL;
        }
      if (fd >= 0)
        close (fd);
    }

  rc = sqlite3_open_v2 (path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (self, rc, "open", error);
      return NULL;
    }
  sqlite3_extended_result_codes (self->db, FALSE);
  sqlite3_busy_timeout (self->db, LOCK_TIMEOUT_USEC / 1000);

  if (!prepare_schema (self, error) || !reconcile_anchor (self, error))
    return NULL;

  self->worker = g_thread_pool_new (worker_func, self, 1, TRUE, &pool_error);
  if (self->worker == NULL)
    {
      g_set_error (error, RTCC_AUDIT_ERROR, RTCC_AUDIT_ERROR_IO,
                   _("Could not start the audit log writer: %s"), pool_error->message);
      g_error_free (pool_error);
      return NULL;
    }
  return g_steal_pointer (&self);
}

const char *
rtcc_audit_log_get_path (RtccAuditLog *self)
{
  g_return_val_if_fail (RTCC_IS_AUDIT_LOG (self), NULL);
  return self->path;
}

/**
 * rtcc_audit_log_dup_anchor_path:
 *
 * Returns: (transfer full): the sidecar file holding the newest seq and hash
 */
char *
rtcc_audit_log_dup_anchor_path (RtccAuditLog *self)
{
  g_return_val_if_fail (RTCC_IS_AUDIT_LOG (self), NULL);
  return g_strdup (self->anchor_path);
}

static void
push (RtccAuditLog *self,
      GTask        *task)
{
  g_thread_pool_push (self->worker, g_object_ref (task), NULL);
}

/**
 * rtcc_audit_log_append_async:
 * @record: the record; its fields are copied now, so the caller may reuse it
 *
 * Appends @record after the newest one, chaining it by hash. The record is
 * on disk (synchronous=FULL) and the anchor updated before @callback runs.
 * An invalid record (see rtcc_audit_record_validate()) fails with
 * %RTCC_AUDIT_ERROR_INVALID without touching the log.
 *
 * For a query that goes to another system, append a record with outcome
 * pending before sending it, then its outcome with
 * rtcc_audit_record_new_outcome().
 */
void
rtcc_audit_log_append_async (RtccAuditLog        *self,
                             RtccAuditRecord     *record,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;

  g_return_if_fail (RTCC_IS_AUDIT_LOG (self));
  g_return_if_fail (RTCC_IS_AUDIT_RECORD (record));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rtcc_audit_log_append_async);

  if (!rtcc_audit_record_validate (record, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_set_task_data (task, rtcc_audit_record_copy (record), g_object_unref);
  push (self, task);
}

/**
 * rtcc_audit_log_append_finish:
 *
 * Returns: the seq the record was stored under, or 0 with @error set
 */
gint64
rtcc_audit_log_append_finish (RtccAuditLog  *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  gint64 seq;

  g_return_val_if_fail (g_task_is_valid (result, self), 0);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rtcc_audit_log_append_async, 0);

  seq = g_task_propagate_int (G_TASK (result), error);
  return seq > 0 ? seq : 0;
}

/**
 * rtcc_audit_log_verify_async:
 *
 * Proves the log: walks every record in seq order, recomputes its hash,
 * checks that seqs are dense from 1 and that each prev_hash is the hash of
 * the record before, then compares the newest record with the anchor file
 * (which catches the deletion of the newest records). The SQL triggers are
 * not trusted: whoever can write the file can drop them.
 */
void
rtcc_audit_log_verify_async (RtccAuditLog        *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (RTCC_IS_AUDIT_LOG (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rtcc_audit_log_verify_async);
  g_task_set_task_data (task, g_new0 (RtccAuditVerifyResult, 1), g_free);
  push (self, task);
}

/**
 * rtcc_audit_log_verify_finish:
 * @out_result: (out caller-allocates) (optional): the counts, filled
 *   whether or not the log holds
 * @error: %RTCC_AUDIT_ERROR_TAMPERED with a message naming the first bad
 *   seq and what is wrong with it (hash mismatch, gap in seq, broken link,
 *   anchor mismatch), or another error when the log could not be read
 *
 * Returns: %TRUE if the whole chain and the anchor hold
 */
gboolean
rtcc_audit_log_verify_finish (RtccAuditLog           *self,
                              GAsyncResult           *result,
                              RtccAuditVerifyResult  *out_result,
                              GError                **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rtcc_audit_log_verify_async, FALSE);

  if (out_result != NULL)
    *out_result = *(RtccAuditVerifyResult *) g_task_get_task_data (G_TASK (result));
  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * rtcc_audit_log_query_async:
 * @filter: (nullable): what to list; %NULL lists everything
 *
 * Lists records for the audit viewer, newest first. Viewing the audit log
 * is itself an auditable action: the caller appends an
 * %RTCC_AUDIT_ACTION_AUDIT_VIEW record before showing the results.
 */
void
rtcc_audit_log_query_async (RtccAuditLog          *self,
                            const RtccAuditFilter *filter,
                            GCancellable          *cancellable,
                            GAsyncReadyCallback    callback,
                            gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  QueryData *data = g_new0 (QueryData, 1);

  g_return_if_fail (RTCC_IS_AUDIT_LOG (self));

  if (filter != NULL)
    {
      data->operator_id = g_strdup (filter->operator_id);
      data->action = g_strdup (filter->action);
      data->integration = g_strdup (filter->integration);
      data->since = filter->since != NULL ? g_date_time_ref (filter->since) : NULL;
      data->until = filter->until != NULL ? g_date_time_ref (filter->until) : NULL;
      data->limit = filter->limit;
    }

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rtcc_audit_log_query_async);
  g_task_set_task_data (task, data, (GDestroyNotify) query_data_free);
  push (self, task);
}

/**
 * rtcc_audit_log_query_finish:
 *
 * Returns: (transfer full): a list of #RtccAuditRecord, newest first, or
 *   %NULL with @error set
 */
GListModel *
rtcc_audit_log_query_finish (RtccAuditLog  *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rtcc_audit_log_query_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * rtcc_audit_log_export_async:
 * @since: (nullable): only records at or after this time
 * @format: JSON (an array of objects, one per line) or CSV (RFC 4180,
 *   with a header line)
 * @stream: where to write; used on the worker thread until @callback runs
 *
 * Writes every field of every record, prev_hash and hash included, in seq
 * order, exactly as stored, so the agency's auditor can recompute the
 * chain. An export is an auditable action: the caller appends an
 * %RTCC_AUDIT_ACTION_AUDIT_EXPORT record first.
 */
void
rtcc_audit_log_export_async (RtccAuditLog          *self,
                             GDateTime             *since,
                             RtccAuditExportFormat  format,
                             GOutputStream         *stream,
                             GCancellable          *cancellable,
                             GAsyncReadyCallback    callback,
                             gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  ExportData *data;

  g_return_if_fail (RTCC_IS_AUDIT_LOG (self));
  g_return_if_fail (G_IS_OUTPUT_STREAM (stream));
  g_return_if_fail (format == RTCC_AUDIT_EXPORT_JSON || format == RTCC_AUDIT_EXPORT_CSV);

  data = g_new0 (ExportData, 1);
  data->since = since != NULL ? g_date_time_ref (since) : NULL;
  data->format = format;
  data->stream = g_object_ref (stream);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rtcc_audit_log_export_async);
  g_task_set_task_data (task, data, (GDestroyNotify) export_data_free);
  push (self, task);
}

/**
 * rtcc_audit_log_export_finish:
 *
 * Returns: the number of records written, or -1 with @error set
 */
gint64
rtcc_audit_log_export_finish (RtccAuditLog  *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), -1);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rtcc_audit_log_export_async, -1);

  return g_task_propagate_int (G_TASK (result), error);
}
