/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccSqliteEventStore"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>
#include <sqlite3.h>

#include "rtcc-json.h"
#include "rtcc-json-reader.h"
#include "rtcc-sqlite-event-store.h"
#include "rtcc-time.h"

/* Writes go through two threads in order: one prepares each event's row
 * (JSON, plate keys), one owns the write connection. The writer groups
 * what arrives within BATCH_WAIT_USEC of the previous operation into the
 * same transaction, up to BATCH_MAX_ROWS events or BATCH_MAX_USEC, so a
 * burst of stream events costs one commit instead of thousands. A backlog
 * makes a transaction long: the pages of the indexes that every event
 * touches are then written to the log once a second rather than twice;
 * when the writer keeps up, the 2 ms gap ends the transaction at once. */
#define BATCH_WAIT_USEC   (2 * 1000)
#define BATCH_MAX_USEC    (1000 * 1000)
#define BATCH_MAX_ROWS    100000

/* The writer folds the write-ahead log into the database when it has been
 * idle this long, or at once when the log grows past WAL_MAX_PAGES,
 * instead of SQLite's default of every thousand pages in the middle of a
 * burst. 65536 pages (256 MiB at 4 KiB) hold a burst of a few hundred
 * thousand events, so its fold comes after it, when the writer is idle. */
#define IDLE_CHECKPOINT_USEC (500 * 1000)
#define WAL_MAX_PAGES        65536

#define DEFAULT_BUSY_TIMEOUT_MS 5000
#define SCHEMA_VERSION          3

/* Operator names, evidence kinds and refs are short; notes get more room. */
#define MAX_NAME_BYTES  256
#define MAX_ID_BYTES    2048
#define MAX_PATTERN_BYTES 256
#define MAX_NOTES_BYTES 8192

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

/* Statements from a connection's cache are reset, not finalized, when they
 * go out of scope, so the next user finds them ready. */
typedef sqlite3_stmt RtccCachedStmt;

static void
cached_stmt_release (RtccCachedStmt *stmt)
{
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RtccCachedStmt, cached_stmt_release)

typedef struct
{
  sqlite3    *db;
  GHashTable *stmts;   /* SQL text -> sqlite3_stmt */
  char       *path;
  GHashTable *places;  /* writer only: Place -> id, committed or not */
  GHashTable *plates;  /* writer only: plates in the dictionary, committed or not */
  gboolean    grams_pending; /* writer only: plates may wait for their pairs */
} Conn;

typedef struct
{
  double lat;
  double lon;
} Place;

static guint
place_hash (gconstpointer data)
{
  const Place *place = data;
  guint64 a, b;

  memcpy (&a, &place->lat, sizeof a);
  memcpy (&b, &place->lon, sizeof b);
  return (guint) (a ^ (a >> 32) ^ (b * 31) ^ (b >> 29));
}

static gboolean
place_equal (gconstpointer a,
             gconstpointer b)
{
  const Place *pa = a, *pb = b;

  return pa->lat == pb->lat && pa->lon == pb->lon;
}

typedef enum
{
  OP_INSERT,
  OP_ACKNOWLEDGE,
  OP_LINK,
  OP_UNLINK,
  OP_PURGE,
  OP_CLOSE,
} OpKind;

typedef struct
{
  OpKind              kind;
  GTask              *task;
  GPtrArray          *events;
  GArray             *prepared;  /* of Prepared, one per event */
  char               *event_id;
  char               *operator_id;
  char               *notes;
  char               *evidence_kind;
  char               *ref;
  gint64              cutoff;
  /* Results, handed to the task after the commit. */
  guint               n_stored;
  guint64             n_removed;
  RtccAcknowledgment *ack;
  GError             *error;
} WriteOp;

/* What the preparing thread works out for each event before the writer
 * needs it, so that only SQLite work is left on the writer's thread. */
typedef struct
{
  char *json;
  char *plate;
  char *skeleton;
  char *reversed;
} Prepared;

typedef struct
{
  Conn         conn;
  GAsyncQueue *queue;
  int          wal_pages;  /* written since the last checkpoint */
  gint64       grams_at;   /* when waiting plates last got their pairs */
} Writer;

typedef struct
{
  GAsyncQueue *in;
  GAsyncQueue *out;
} Preparer;

struct _RtccSqliteEventStore
{
  GObject      parent_instance;

  char        *path;
  guint        busy_timeout_ms;

  /* Protects closed and pushes to queue, so nothing follows OP_CLOSE. */
  GMutex       lock;
  gboolean     closed;
  GAsyncQueue *queue;          /* to the preparing thread */
  GThread     *prepare_thread;
  GThread     *writer_thread;

  /* The read-only connection; one reader at a time. */
  GMutex       read_lock;
  Conn        *reader;
};

static void rtcc_sqlite_event_store_iface_init (RtccEventStoreInterface *iface);
static void rtcc_sqlite_event_store_initable_init (GInitableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RtccSqliteEventStore, rtcc_sqlite_event_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE,
                                                      rtcc_sqlite_event_store_initable_init)
                               /* The default runs the GInitable in a thread. */
                               G_IMPLEMENT_INTERFACE (G_TYPE_ASYNC_INITABLE, NULL)
                               G_IMPLEMENT_INTERFACE (RTCC_TYPE_EVENT_STORE,
                                                      rtcc_sqlite_event_store_iface_init))

enum {
  PROP_0,
  PROP_PATH,
  PROP_BUSY_TIMEOUT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char schema_v1[] =
  "CREATE TABLE events ("
  "  seq INTEGER PRIMARY KEY,"
  "  id TEXT NOT NULL UNIQUE,"
  "  source INTEGER NOT NULL,"
  "  type INTEGER NOT NULL,"
  "  priority INTEGER NOT NULL,"
  "  occurred_at INTEGER NOT NULL,"
  "  received_at INTEGER NOT NULL,"
  "  version INTEGER NOT NULL,"
  "  lat REAL,"
  "  lon REAL,"
  "  place INTEGER,"
  "  title TEXT,"
  "  address TEXT,"
  "  json TEXT NOT NULL);"
  "CREATE INDEX events_by_time ON events (occurred_at);"
  "CREATE INDEX events_by_type_time ON events (type, occurred_at);"
  "CREATE INDEX events_by_place_time ON events (place, occurred_at);"
  "CREATE TABLE event_history ("
  "  event_seq INTEGER NOT NULL REFERENCES events (seq) ON DELETE CASCADE,"
  "  version INTEGER NOT NULL,"
  "  json TEXT NOT NULL,"
  "  PRIMARY KEY (event_seq, version)) WITHOUT ROWID;"
  /* The spatial index holds places, not events: plate reads and camera
   * alerts come from a few hundred fixed cameras, so tens of millions of
   * events share a few thousand points, and an R*Tree insert costs more
   * than every other index of an event together. */
  "CREATE TABLE places ("
  "  id INTEGER PRIMARY KEY,"
  "  lat REAL NOT NULL,"
  "  lon REAL NOT NULL,"
  "  UNIQUE (lat, lon));"
  "CREATE VIRTUAL TABLE place_geo USING rtree (id, min_lat, max_lat, min_lon, max_lon);"
  "CREATE TABLE plate_reads ("
  "  event_seq INTEGER PRIMARY KEY REFERENCES events (seq) ON DELETE CASCADE,"
  "  plate TEXT NOT NULL,"
  "  skeleton TEXT NOT NULL,"
  "  occurred_at INTEGER NOT NULL);"
  /* One index serves all three plate searches: exact and wildcard
   * searches narrow by skeleton, then compare the plate itself. */
  "CREATE INDEX plate_reads_by_skeleton ON plate_reads (skeleton, occurred_at);"
  "CREATE TABLE acknowledgments ("
  "  event_seq INTEGER PRIMARY KEY REFERENCES events (seq) ON DELETE CASCADE,"
  "  operator_id TEXT NOT NULL,"
  "  notes TEXT,"
  "  acknowledged_at INTEGER NOT NULL);"
  "CREATE TABLE evidence_links ("
  "  event_seq INTEGER NOT NULL REFERENCES events (seq) ON DELETE CASCADE,"
  "  kind TEXT NOT NULL,"
  "  ref TEXT NOT NULL,"
  "  linked_at INTEGER NOT NULL,"
  "  PRIMARY KEY (event_seq, kind, ref)) WITHOUT ROWID;";

/* Version 2 keeps each distinct plate once, in a dictionary with its
 * skeleton and its reversed text, and the reads refer to it by text. A
 * wildcard or misread search then works on the distinct plates (a city
 * has far fewer vehicles than reads) and only fetches the reads of the
 * plates that match: `ABC*` is a range of the dictionary, `*123` a range
 * of the reversed text, and neither scans the reads. A read costs one row
 * and one index entry, as before; a plate seen for the first time costs
 * three more. rtcc_plate_reversed() is registered on the writer before
 * migrating. */
static const char schema_v2[] =
  "CREATE TABLE plates ("
  "  plate TEXT PRIMARY KEY,"
  "  skeleton TEXT NOT NULL,"
  "  reversed TEXT NOT NULL) WITHOUT ROWID;"
  "INSERT INTO plates (plate, skeleton, reversed)"
  "  SELECT plate, skeleton, rtcc_plate_reversed (plate) FROM plate_reads GROUP BY plate;"
  "CREATE INDEX plates_by_skeleton ON plates (skeleton);"
  "CREATE INDEX plates_by_reversed ON plates (reversed);"
  "DROP INDEX plate_reads_by_skeleton;"
  "ALTER TABLE plate_reads DROP COLUMN skeleton;"
  "CREATE INDEX plate_reads_by_plate ON plate_reads (plate, occurred_at);";

/* Version 3 indexes each distinct plate by the pairs of characters in it,
 * so that a pattern with a literal inside (`A*C1*`, `*C1*`) reads the
 * plates holding that pair instead of a twenty-third of the dictionary or
 * all of it. A plate seen for the first time waits in `plates_ungrammed`
 * (one row) and gets its pairs (about six rows) when the writer is idle,
 * so that a catch-up of new vehicles pays no more than before; searches
 * read the waiting plates too. rtcc_plate_bigrams() is registered on the
 * writer before migrating. */
static const char schema_v3[] =
  "CREATE TABLE plate_grams ("
  "  gram TEXT NOT NULL,"
  "  plate TEXT NOT NULL,"
  "  PRIMARY KEY (gram, plate)) WITHOUT ROWID;"
  "CREATE TABLE plates_ungrammed ("
  "  plate TEXT PRIMARY KEY) WITHOUT ROWID;"
  "INSERT OR IGNORE INTO plate_grams (gram, plate)"
  "  SELECT j.value, p.plate FROM plates p, json_each (rtcc_plate_bigrams (p.plate)) j;";

/* Migrations, one per schema version; entry i brings version i to i + 1. */
static const char * const migrations[SCHEMA_VERSION] = {
  schema_v1,
  schema_v2,
  schema_v3,
};

/* Errors */

static void
set_sqlite_error (GError     **error,
                  int          rc,
                  sqlite3     *db,
                  const char  *path)
{
  const char *detail = db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc);

  switch (rc & 0xff)
    {
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      g_set_error (error, RTCC_STORE_ERROR, RTCC_STORE_ERROR_CORRUPT,
                   _("The event history “%s” is damaged (%s). Move the file aside and "
                     "restart to begin a new history, or restore it from a backup."),
                   path, detail);
      break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error (error, RTCC_STORE_ERROR, RTCC_STORE_ERROR_BUSY,
                   _("The event history “%s” is locked by another program. Close other "
                     "copies of the workstation or tools using the file, then try again."),
                   path);
      break;
    case SQLITE_FULL:
      g_set_error (error, RTCC_STORE_ERROR, RTCC_STORE_ERROR_IO,
                   _("The disk holding the event history “%s” is full. Free some space, "
                     "then try again."),
                   path);
      break;
    case SQLITE_INTERRUPT:
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Operation was cancelled"));
      break;
    default:
      g_set_error (error, RTCC_STORE_ERROR, RTCC_STORE_ERROR_IO,
                   _("The event history “%s” could not be read or written (%s). Check "
                     "the file's permissions and the disk."),
                   path, detail);
      break;
    }
}

/* Connections */

static void
conn_close (Conn *conn)
{
  if (conn == NULL)
    return;
  g_clear_pointer (&conn->stmts, g_hash_table_unref);
  if (conn->db != NULL)
    sqlite3_close (conn->db);
  g_free (conn->path);
  g_clear_pointer (&conn->places, g_hash_table_unref);
  g_clear_pointer (&conn->plates, g_hash_table_unref);
  g_free (conn);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Conn, conn_close)

static Conn *
conn_open (const char  *path,
           gboolean     read_only,
           guint        busy_timeout_ms,
           GError     **error)
{
  g_autoptr(Conn) conn = g_new0 (Conn, 1);
  int flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
  int rc;

  flags |= read_only ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  conn->path = g_strdup (path);
  conn->places = g_hash_table_new_full (place_hash, place_equal, g_free, NULL);
  conn->plates = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  conn->stmts = g_hash_table_new_full (NULL, NULL, NULL,
                                       (GDestroyNotify) sqlite3_finalize);
  rc = sqlite3_open_v2 (path, &conn->db, flags, NULL);
  if (rc != SQLITE_OK)
    {
      if ((rc & 0xff) == SQLITE_CANTOPEN)
        g_set_error (error, RTCC_STORE_ERROR, RTCC_STORE_ERROR_IO,
                     _("The event history “%s” could not be opened (%s). Check that its "
                       "folder exists and can be written."),
                     path, conn->db != NULL ? sqlite3_errmsg (conn->db) : sqlite3_errstr (rc));
      else
        set_sqlite_error (error, rc, conn->db, path);
      return NULL;
    }
  sqlite3_busy_timeout (conn->db, busy_timeout_ms);
  return g_steal_pointer (&conn);
}

static gboolean
conn_exec (Conn        *conn,
           const char  *sql,
           GError     **error)
{
  int rc = sqlite3_exec (conn->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, rc, conn->db, conn->path);
      return FALSE;
    }
  return TRUE;
}

/* Ends a read transaction. Never left open: the next BEGIN on the
 * reader would fail. */
static void
conn_end_read (Conn *conn)
{
  if (!conn_exec (conn, "COMMIT", NULL))
    conn_exec (conn, "ROLLBACK", NULL);
}

/* Returns a cached prepared statement; use it through
 * g_autoptr(RtccCachedStmt) so it is reset afterwards. The cache is keyed
 * by the address of @sql, which must be a string literal or interned:
 * hashing the text of every statement for every row showed in profiles. */
static RtccCachedStmt *
conn_prepare (Conn        *conn,
              const char  *sql,
              GError     **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (conn->stmts, sql);
  int rc;

  if (stmt != NULL)
    return stmt;

  rc = sqlite3_prepare_v3 (conn->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, rc, conn->db, conn->path);
      return NULL;
    }
  g_hash_table_insert (conn->stmts, (gpointer) sql, stmt);
  return stmt;
}

static gboolean
step_done (Conn          *conn,
           sqlite3_stmt  *stmt,
           GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      set_sqlite_error (error, rc, conn->db, conn->path);
      return FALSE;
    }
  return TRUE;
}

/* Plates are ASCII once normalized, so reversing the bytes reverses the
 * characters. */
static char *
plate_reversed (const char *plate)
{
  return g_strreverse (g_strdup (plate));
}

/* The distinct pairs of adjacent characters of @plate, as a JSON array
 * (plates are letters and digits: nothing to escape). */
static char *
plate_bigrams_json (const char *plate)
{
  GString *out = g_string_new ("[");
  gsize len = strlen (plate);

  for (gsize i = 0; i + 1 < len; i++)
    {
      gboolean seen = FALSE;

      for (gsize k = 0; k < i && !seen; k++)
        seen = plate[k] == plate[i] && plate[k + 1] == plate[i + 1];
      if (seen)
        continue;
      if (out->len > 1)
        g_string_append_c (out, ',');
      g_string_append_c (out, '"');
      g_string_append_len (out, plate + i, 2);
      g_string_append_c (out, '"');
    }
  g_string_append_c (out, ']');
  return g_string_free (out, FALSE);
}

typedef char *(*PlateTextFunc) (const char *plate);

/* An SQL function of one plate whose text comes from the PlateTextFunc
 * it was registered with: rtcc_plate_reversed(), rtcc_plate_bigrams(). */
static void
sql_plate_text (sqlite3_context  *context,
                int               argc,
                sqlite3_value   **argv)
{
  const char *plate = (const char *) sqlite3_value_text (argv[0]);
  PlateTextFunc func = (PlateTextFunc) sqlite3_user_data (context);

  if (plate == NULL)
    sqlite3_result_null (context);
  else
    sqlite3_result_text (context, func (plate), -1, g_free);
}

static gboolean
conn_configure (Conn      *conn,
                gboolean   writer,
                GError   **error)
{
  if (writer)
    {
      g_autoptr(sqlite3_stmt) stmt = NULL;
      int rc;

      /* The first statement that reads the file: a file that is not a
       * database fails here, before anything is written to it. */
      rc = sqlite3_prepare_v2 (conn->db, "PRAGMA journal_mode=WAL", -1, &stmt, NULL);
      if (rc == SQLITE_OK)
        rc = sqlite3_step (stmt);
      if (rc != SQLITE_ROW)
        {
          set_sqlite_error (error, rc, conn->db, conn->path);
          return FALSE;
        }
      if (g_ascii_strcasecmp ((const char *) sqlite3_column_text (stmt, 0), "wal") != 0)
        {
          g_set_error (error, RTCC_STORE_ERROR, RTCC_STORE_ERROR_IO,
                       _("The event history “%s” cannot use write-ahead logging; it must be "
                         "on a local disk, not a network share."),
                       conn->path);
          return FALSE;
        }
      /* For the migrations that build the plate dictionary and its pairs,
       * and for the purge. */
      rc = sqlite3_create_function (conn->db, "rtcc_plate_reversed", 1,
                                    SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                                    (void *) plate_reversed, sql_plate_text, NULL, NULL);
      if (rc == SQLITE_OK)
        rc = sqlite3_create_function (conn->db, "rtcc_plate_bigrams", 1,
                                      SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                                      (void *) plate_bigrams_json, sql_plate_text, NULL, NULL);
      if (rc != SQLITE_OK)
        {
          set_sqlite_error (error, rc, conn->db, conn->path);
          return FALSE;
        }
      return conn_exec (conn,
                        "PRAGMA synchronous=NORMAL;"
                        "PRAGMA foreign_keys=ON;"
                        "PRAGMA temp_store=MEMORY;"
                        "PRAGMA cache_size=-65536;"
                        /* The log may grow to WAL_MAX_PAGES in a burst; once
                         * folded, it shrinks back to this. */
                        "PRAGMA journal_size_limit=67108864;",
                        error);
    }

  return conn_exec (conn,
                    "PRAGMA query_only=ON;"
                    "PRAGMA temp_store=MEMORY;"
                    "PRAGMA cache_size=-32768;",
                    error);
}

static gboolean
conn_migrate (Conn    *conn,
              GError **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int version;
  int rc;

  rc = sqlite3_prepare_v2 (conn->db, "PRAGMA user_version", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      set_sqlite_error (error, rc, conn->db, conn->path);
      return FALSE;
    }
  version = sqlite3_column_int (stmt, 0);
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (version > SCHEMA_VERSION)
    {
      g_set_error (error, RTCC_STORE_ERROR, RTCC_STORE_ERROR_INVALID,
                   _("The event history “%s” was written by a newer release of the "
                     "workstation (schema %d, this release knows %d). Update the "
                     "workstation to open it."),
                   conn->path, version, SCHEMA_VERSION);
      return FALSE;
    }

  if (version == SCHEMA_VERSION)
    return TRUE;

  if (!conn_exec (conn, "BEGIN IMMEDIATE", error))
    return FALSE;
  for (int v = version; v < SCHEMA_VERSION; v++)
    {
      g_autofree char *bump = g_strdup_printf ("PRAGMA user_version=%d", v + 1);

      if (!conn_exec (conn, migrations[v], error) || !conn_exec (conn, bump, error))
        {
          conn_exec (conn, "ROLLBACK", NULL);
          return FALSE;
        }
    }
  if (!conn_exec (conn, "COMMIT", error))
    {
      conn_exec (conn, "ROLLBACK", NULL);
      return FALSE;
    }
  g_debug ("Event history schema brought from version %d to %d", version, SCHEMA_VERSION);
  return TRUE;
}

/* Helpers */

static char *
clean_arg (const char *text,
           gsize       max_bytes)
{
  g_autofree char *valid = NULL;
  const char *end;

  if (text == NULL)
    return NULL;
  valid = g_strstrip (g_utf8_make_valid (text, -1));
  if (*valid == '\0')
    return NULL;
  if (strlen (valid) <= max_bytes)
    return g_steal_pointer (&valid);
  end = g_utf8_find_prev_char (valid, valid + max_bytes);
  return g_strndup (valid, end - valid);
}

/* Ids are matched as they are: no stripping, and one too long to be an
 * event's id is refused rather than cut into another id. */
static char *
clean_id (const char *event_id)
{
  if (event_id == NULL || *event_id == '\0' || strlen (event_id) > MAX_ID_BYTES)
    return NULL;
  return g_utf8_make_valid (event_id, -1);
}

static void
bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, index);
}

/* The event of a stored row's JSON, or NULL when it does not decode,
 * which is reported (a row written by a damaged release, say). */
static RtccEvent *
event_from_text (const char *text,
                 gsize       len)
{
  g_autoptr(GError) error = NULL;
  RtccEvent *event;

  if ((event = rtcc_event_new_from_json_text (text, len, &error)) == NULL)
    {
      /* Only the message: the row may hold data that must not reach logs. */
      g_warning ("Skipping an unreadable stored event: %s", error->message);
      return NULL;
    }
  return event;
}

/* Returns the event's sequence number, 0 if unknown, -1 on error. */
static gint64
lookup_seq (Conn        *conn,
            const char  *event_id,
            GError     **error)
{
  g_autoptr(RtccCachedStmt) stmt = conn_prepare (conn, "SELECT seq FROM events WHERE id = ?", error);
  int rc;

  if (stmt == NULL)
    return -1;
  bind_text (stmt, 1, event_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return sqlite3_column_int64 (stmt, 0);
  if (rc == SQLITE_DONE)
    return 0;
  set_sqlite_error (error, rc, conn->db, conn->path);
  return -1;
}

static gint64
require_seq (Conn        *conn,
             const char  *event_id,
             GError     **error)
{
  gint64 seq = lookup_seq (conn, event_id, error);

  if (seq == 0)
    g_set_error (error, RTCC_STORE_ERROR, RTCC_STORE_ERROR_NOT_FOUND,
                 _("No event “%s” in the history; it may have been removed by the "
                   "retention period."),
                 event_id);
  return seq > 0 ? seq : -1;
}

/* Writer: operations */

static void
write_op_free (WriteOp *op)
{
  g_clear_object (&op->task);
  g_clear_pointer (&op->events, g_ptr_array_unref);
  g_clear_pointer (&op->prepared, g_array_unref);
  g_free (op->event_id);
  g_free (op->operator_id);
  g_free (op->notes);
  g_free (op->evidence_kind);
  g_free (op->ref);
  g_clear_pointer (&op->ack, rtcc_acknowledgment_free);
  g_clear_error (&op->error);
  g_free (op);
}

static gboolean
remove_plate (Conn    *conn,
              gint64   seq,
              GError **error)
{
  g_autoptr(RtccCachedStmt) stmt = conn_prepare (conn, "DELETE FROM plate_reads WHERE event_seq = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, seq);
  return step_done (conn, stmt, error);
}

/* A new plate waits for its pairs until the writer is idle. */
static gboolean
queue_plate_bigrams (Conn        *conn,
                     const char  *plate,
                     GError     **error)
{
  g_autoptr(RtccCachedStmt) stmt = conn_prepare (conn, "INSERT OR IGNORE INTO plates_ungrammed (plate) VALUES (?)",
                                                 error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, plate);
  if (!step_done (conn, stmt, error))
    return FALSE;
  conn->grams_pending = TRUE;
  return TRUE;
}

#define GRAMS_PER_IDLE 2000

/* Gives up to GRAMS_PER_IDLE waiting plates their pairs, in a transaction
 * of its own; clears conn->grams_pending once none waits. */
static void
index_waiting_plates (Conn *conn)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RtccCachedStmt) any = NULL;
  g_autoptr(RtccCachedStmt) grams = NULL;
  g_autoptr(RtccCachedStmt) done = NULL;
  int rc;

  /* Most idle moments have nothing waiting: find out without taking the
   * write lock. */
  if ((any = conn_prepare (conn, "SELECT 1 FROM plates_ungrammed LIMIT 1", &error)) == NULL)
    goto failed;
  rc = sqlite3_step (any);
  g_clear_pointer (&any, cached_stmt_release);
  if (rc == SQLITE_DONE)
    {
      conn->grams_pending = FALSE;
      return;
    }
  if (rc != SQLITE_ROW)
    {
      set_sqlite_error (&error, rc, conn->db, conn->path);
      goto failed;
    }

  if (!conn_exec (conn, "BEGIN IMMEDIATE", &error))
    goto failed;
  grams = conn_prepare (conn, "INSERT OR IGNORE INTO plate_grams (gram, plate)"
                              " SELECT j.value, u.plate FROM"
                              "  (SELECT plate FROM plates_ungrammed ORDER BY plate LIMIT ?1) u,"
                              "  json_each (rtcc_plate_bigrams (u.plate)) j", &error);
  if (grams == NULL)
    goto failed;
  done = conn_prepare (conn, "DELETE FROM plates_ungrammed WHERE plate IN"
                             " (SELECT plate FROM plates_ungrammed ORDER BY plate LIMIT ?1)", &error);
  if (done == NULL)
    goto failed;
  sqlite3_bind_int (grams, 1, GRAMS_PER_IDLE);
  sqlite3_bind_int (done, 1, GRAMS_PER_IDLE);
  if (!step_done (conn, grams, &error) || !step_done (conn, done, &error))
    goto failed;
  conn->grams_pending = sqlite3_changes (conn->db) == GRAMS_PER_IDLE;
  g_clear_pointer (&grams, cached_stmt_release);
  g_clear_pointer (&done, cached_stmt_release);
  if (conn_exec (conn, "COMMIT", &error))
    return;

failed:
  g_clear_pointer (&grams, cached_stmt_release);
  g_clear_pointer (&done, cached_stmt_release);
  if (!sqlite3_get_autocommit (conn->db))
    conn_exec (conn, "ROLLBACK", NULL);
  /* Searches read the waiting plates anyway. Another program holding
   * the file is tried again at the next idle moment; anything else is
   * said once, and tried again only when more plates arrive. */
  if (g_error_matches (error, RTCC_STORE_ERROR, RTCC_STORE_ERROR_BUSY))
    return;
  conn->grams_pending = FALSE;
  g_warning ("Could not index plates by their pairs of characters: %s", error->message);
}

/* Puts the read's plate in the dictionary unless it is known to be there.
 * Most reads are of vehicles seen before, and the writer remembers which,
 * so they cost no statement at all. */
static gboolean
add_plate (Conn            *conn,
           const Prepared  *prepared,
           GError         **error)
{
  g_autoptr(RtccCachedStmt) stmt = NULL;

  if (g_hash_table_contains (conn->plates, prepared->plate))
    return TRUE;
  stmt = conn_prepare (conn, "INSERT INTO plates (plate, skeleton, reversed) VALUES (?, ?, ?) "
                             "ON CONFLICT (plate) DO NOTHING", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, prepared->plate);
  bind_text (stmt, 2, prepared->skeleton);
  bind_text (stmt, 3, prepared->reversed);
  if (!step_done (conn, stmt, error))
    return FALSE;
  if (sqlite3_changes (conn->db) == 1 && !queue_plate_bigrams (conn, prepared->plate, error))
    return FALSE;
  /* A city has a few million vehicles; the bound keeps the memory of a
   * long catch-up in check, and forgetting only costs a lookup. */
  if (g_hash_table_size (conn->plates) >= 1000000)
    g_hash_table_remove_all (conn->plates);
  g_hash_table_add (conn->plates, g_strdup (prepared->plate));
  return TRUE;
}

static gboolean
write_indexes (Conn            *conn,
               gint64           seq,
               const Prepared  *prepared,
               gint64           occurred_at,
               gboolean         replacing,
               GError         **error)
{
  if (replacing && !remove_plate (conn, seq, error))
    return FALSE;

  if (prepared->plate != NULL)
    {
      g_autoptr(RtccCachedStmt) stmt = NULL;

      if (!add_plate (conn, prepared, error))
        return FALSE;
      stmt = conn_prepare (conn, "INSERT INTO plate_reads (event_seq, plate, occurred_at) "
                                 "VALUES (?, ?, ?)", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, seq);
      bind_text (stmt, 2, prepared->plate);
      sqlite3_bind_int64 (stmt, 3, occurred_at);
      if (!step_done (conn, stmt, error))
        return FALSE;
    }
  return TRUE;
}

/* Event JSON, written straight into a reused buffer. This is the same
 * document as rtcc_event_to_json() (a test holds them equal), at a
 * fraction of the cost of building a tree and generating from it, which
 * matters when a catch-up delivers a hundred thousand plate reads. */

static void
append_json_string (GString    *out,
                    const char *text)
{
  const char *run = text;
  const char *p;

  g_string_append_c (out, '"');
  for (p = text; *p != '\0'; p++)
    {
      guchar c = *p;

      if (c >= 0x20 && c != '"' && c != '\\')
        continue;
      g_string_append_len (out, run, p - run);
      switch (c)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        case '\b': g_string_append (out, "\\b"); break;
        case '\f': g_string_append (out, "\\f"); break;
        default: g_string_append_printf (out, "\\u%04x", c); break;
        }
      run = p + 1;
    }
  g_string_append_len (out, run, p - run);
  g_string_append_c (out, '"');
}

/* Printing a double exactly (%.17g) is the dearest part of an event's
 * JSON, and the same few thousand values come back all the time: the
 * positions of fixed cameras, round confidences. Each thread remembers
 * the text of the last values it printed, in slots picked by the bits. */
#define DOUBLE_CACHE_SLOTS 4096

typedef struct
{
  guint64 bits;
  gboolean used;
  char    text[G_ASCII_DTOSTR_BUF_SIZE + 2];
} DoubleText;

static GPrivate double_cache = G_PRIVATE_INIT (g_free);

static void
append_json_double (GString *out,
                    double   value)
{
  DoubleText *cache = g_private_get (&double_cache);
  DoubleText *slot;
  guint64 bits;

  if (!isfinite (value))
    {
      g_string_append (out, "null");
      return;
    }
  if (cache == NULL)
    {
      cache = g_new0 (DoubleText, DOUBLE_CACHE_SLOTS);
      g_private_set (&double_cache, cache);
    }
  memcpy (&bits, &value, sizeof bits);
  slot = &cache[((bits * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15)) >> 40) % DOUBLE_CACHE_SLOTS];
  if (!slot->used || slot->bits != bits)
    {
      g_ascii_dtostr (slot->text, G_ASCII_DTOSTR_BUF_SIZE, value);
      /* Keep it a double when read back, as json-glib writes it. */
      if (strpbrk (slot->text, ".eE") == NULL)
        strcat (slot->text, ".0");
      slot->bits = bits;
      slot->used = TRUE;
    }
  g_string_append (out, slot->text);
}

static void append_json_node (GString  *out,
                              JsonNode *node);

static void
append_json_object (GString    *out,
                    JsonObject *object)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;
  gboolean first = TRUE;

  g_string_append_c (out, '{');
  json_object_iter_init_ordered (&iter, object);
  while (json_object_iter_next_ordered (&iter, &name, &member))
    {
      if (!first)
        g_string_append_c (out, ',');
      first = FALSE;
      append_json_string (out, name);
      g_string_append_c (out, ':');
      append_json_node (out, member);
    }
  g_string_append_c (out, '}');
}

static void
append_json_node (GString  *out,
                  JsonNode *node)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      append_json_object (out, json_node_get_object (node));
      break;
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint n = json_array_get_length (array);

        g_string_append_c (out, '[');
        for (guint i = 0; i < n; i++)
          {
            if (i > 0)
              g_string_append_c (out, ',');
            append_json_node (out, json_array_get_element (array, i));
          }
        g_string_append_c (out, ']');
      }
      break;
    case JSON_NODE_VALUE:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_INT64:
          g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
          break;
        case G_TYPE_DOUBLE:
          append_json_double (out, json_node_get_double (node));
          break;
        case G_TYPE_BOOLEAN:
          g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
          break;
        case G_TYPE_STRING:
          {
            const char *text = json_node_get_string (node);

            if (g_utf8_validate (text, -1, NULL))
              append_json_string (out, text);
            else
              {
                g_autofree char *valid = g_utf8_make_valid (text, -1);
                append_json_string (out, valid);
              }
          }
          break;
        default:
          g_string_append (out, "null");
          break;
        }
      break;
    case JSON_NODE_NULL:
    default:
      g_string_append (out, "null");
      break;
    }
}

static void
append_member_name (GString    *out,
                    const char *name)
{
  g_string_append_c (out, ',');
  append_json_string (out, name);
  g_string_append_c (out, ':');
}

static void
append_nullable_string (GString    *out,
                        const char *text)
{
  if (text != NULL)
    append_json_string (out, text);
  else
    g_string_append (out, "null");
}

/* As rtcc_time_format_iso(), without a formatted intermediate string. */
static void
append_json_time (GString   *out,
                  GDateTime *time)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (time);
  int year, month, day;
  int ms;

  g_date_time_get_ymd (utc, &year, &month, &day);
  if (year < 1000)
    {
      g_autofree char *text = rtcc_time_format_iso (utc);
      append_json_string (out, text);
      return;
    }
  g_string_append_printf (out, "\"%04d-%02d-%02dT%02d:%02d:%02d", year, month, day,
                          g_date_time_get_hour (utc), g_date_time_get_minute (utc),
                          g_date_time_get_second (utc));
  ms = g_date_time_get_microsecond (utc) / 1000;
  if (ms != 0)
    {
      char frac[8];

      g_snprintf (frac, sizeof frac, ".%03d", ms);
      for (int i = 3; i > 1 && frac[i] == '0'; i--)
        frac[i] = '\0';
      g_string_append (out, frac);
    }
  g_string_append (out, "Z\"");
}

/* Overwrites @out with the event's normalized JSON. */
static void
event_to_json (GString   *out,
               RtccEvent *event)
{
  double lat, lon;

  g_string_truncate (out, 0);
  g_string_append (out, "{\"id\":");
  append_json_string (out, rtcc_event_get_id (event));
  append_member_name (out, "source");
  append_json_string (out, rtcc_source_to_string (rtcc_event_get_source (event)));
  append_member_name (out, "type");
  append_json_string (out, rtcc_event_type_to_string (rtcc_event_get_event_type (event)));
  append_member_name (out, "priority");
  append_json_string (out, rtcc_priority_to_string (rtcc_event_get_priority (event)));
  append_member_name (out, "occurred_at");
  append_json_time (out, rtcc_event_get_occurred_at (event));
  append_member_name (out, "received_at");
  append_json_time (out, rtcc_event_get_received_at (event));
  append_member_name (out, "version");
  g_string_append_printf (out, "%u", rtcc_event_get_version (event));
  append_member_name (out, "location");
  if (rtcc_event_get_location (event, &lat, &lon))
    {
      g_string_append (out, "{\"lat\":");
      append_json_double (out, lat);
      g_string_append (out, ",\"lon\":");
      append_json_double (out, lon);
      g_string_append_c (out, '}');
    }
  else
    g_string_append (out, "null");
  append_member_name (out, "address");
  append_nullable_string (out, rtcc_event_get_address (event));
  append_member_name (out, "title");
  append_nullable_string (out, rtcc_event_get_title (event));
  append_member_name (out, "attributes");
  append_json_object (out, rtcc_event_get_attributes (event));
  g_string_append_c (out, '}');
}

/* Returns the id of the place at exactly (@lat, @lon), adding it if new;
 * 0 on error. */
static gint64
resolve_place (Conn    *conn,
               double   lat,
               double   lon,
               GError **error)
{
  Place key = { lat, lon };
  gint64 id = GPOINTER_TO_SIZE (g_hash_table_lookup (conn->places, &key));
  int rc;

  if (id > 0)
    return id;

  {
    g_autoptr(RtccCachedStmt) stmt = conn_prepare (conn, "SELECT id FROM places WHERE lat = ? AND lon = ?", error);

    if (stmt == NULL)
      return 0;
    sqlite3_bind_double (stmt, 1, lat);
    sqlite3_bind_double (stmt, 2, lon);
    rc = sqlite3_step (stmt);
    if (rc == SQLITE_ROW)
      id = sqlite3_column_int64 (stmt, 0);
    else if (rc != SQLITE_DONE)
      {
        set_sqlite_error (error, rc, conn->db, conn->path);
        return 0;
      }
  }

  if (id == 0)
    {
      g_autoptr(RtccCachedStmt) insert = conn_prepare (conn, "INSERT INTO places (lat, lon) VALUES (?, ?)", error);
      g_autoptr(RtccCachedStmt) geo = NULL;

      if (insert == NULL)
        return 0;
      sqlite3_bind_double (insert, 1, lat);
      sqlite3_bind_double (insert, 2, lon);
      if (!step_done (conn, insert, error))
        return 0;
      id = sqlite3_last_insert_rowid (conn->db);

      geo = conn_prepare (conn, "INSERT INTO place_geo (id, min_lat, max_lat, min_lon, max_lon) "
                                "VALUES (?1, ?2, ?2, ?3, ?3)", error);
      if (geo == NULL)
        return 0;
      sqlite3_bind_int64 (geo, 1, id);
      sqlite3_bind_double (geo, 2, lat);
      sqlite3_bind_double (geo, 3, lon);
      if (!step_done (conn, geo, error))
        return 0;
    }

  /* A city has thousands of places; the bound only guards odd feeds. */
  if (g_hash_table_size (conn->places) > 200000)
    g_hash_table_remove_all (conn->places);
  g_hash_table_insert (conn->places, g_memdup2 (&key, sizeof key), GSIZE_TO_POINTER (id));
  return id;
}

static void
bind_event_columns (sqlite3_stmt *stmt,
                    RtccEvent    *event,
                    gint64        occurred_at,
                    gint64        place,
                    const char   *json)
{
  double lat, lon;

  bind_text (stmt, 1, rtcc_event_get_id (event));
  sqlite3_bind_int (stmt, 2, rtcc_event_get_source (event));
  sqlite3_bind_int (stmt, 3, rtcc_event_get_event_type (event));
  sqlite3_bind_int (stmt, 4, rtcc_event_get_priority (event));
  sqlite3_bind_int64 (stmt, 5, occurred_at);
  sqlite3_bind_int64 (stmt, 6, rtcc_time_to_unix_usec (rtcc_event_get_received_at (event)));
  sqlite3_bind_int64 (stmt, 7, rtcc_event_get_version (event));
  if (rtcc_event_get_location (event, &lat, &lon))
    {
      sqlite3_bind_double (stmt, 8, lat);
      sqlite3_bind_double (stmt, 9, lon);
    }
  else
    {
      sqlite3_bind_null (stmt, 8);
      sqlite3_bind_null (stmt, 9);
    }
  bind_text (stmt, 10, rtcc_event_get_title (event));
  bind_text (stmt, 11, rtcc_event_get_address (event));
  bind_text (stmt, 12, json);
  if (place > 0)
    sqlite3_bind_int64 (stmt, 13, place);
  else
    sqlite3_bind_null (stmt, 13);
}

/* Returns 1 if stored as new or newer, 0 if ignored, -1 on error. */
static int
write_event (Conn            *conn,
             RtccEvent       *event,
             const Prepared  *prepared,
             GError         **error)
{
  const char *json = prepared->json;
  gint64 occurred_at = rtcc_time_to_unix_usec (rtcc_event_get_occurred_at (event));
  gint64 seq;
  gint64 stored_version;
  gint64 place = 0;
  double lat, lon;

  if (rtcc_event_get_location (event, &lat, &lon) &&
      (place = resolve_place (conn, lat, lon, error)) == 0)
    return -1;

  /* New ids are the common case: try the insert first and only look the
   * event up when the id is already there. */
  {
    g_autoptr(RtccCachedStmt) stmt =
      conn_prepare (conn, "INSERT INTO events (id, source, type, priority, occurred_at, received_at, "
                          "version, lat, lon, title, address, json, place) "
                          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
                    error);
    if (stmt == NULL)
      return -1;
    bind_event_columns (stmt, event, occurred_at, place, json);
    if (!step_done (conn, stmt, error))
      return -1;
    if (sqlite3_changes (conn->db) == 1)
      {
        seq = sqlite3_last_insert_rowid (conn->db);
        return write_indexes (conn, seq, prepared, occurred_at, FALSE, error) ? 1 : -1;
      }
  }

  {
    g_autoptr(RtccCachedStmt) stmt = conn_prepare (conn, "SELECT seq, version FROM events WHERE id = ?", error);
    int rc;

    if (stmt == NULL)
      return -1;
    bind_text (stmt, 1, rtcc_event_get_id (event));
    rc = sqlite3_step (stmt);
    if (rc != SQLITE_ROW)
      {
        set_sqlite_error (error, rc == SQLITE_DONE ? SQLITE_CORRUPT : rc, conn->db, conn->path);
        return -1;
      }
    seq = sqlite3_column_int64 (stmt, 0);
    stored_version = sqlite3_column_int64 (stmt, 1);
  }

  if ((gint64) rtcc_event_get_version (event) <= stored_version)
    return 0;

  {
    g_autoptr(RtccCachedStmt) stmt =
      conn_prepare (conn, "INSERT OR REPLACE INTO event_history (event_seq, version, json) "
                          "SELECT seq, version, json FROM events WHERE seq = ?", error);
    if (stmt == NULL)
      return -1;
    sqlite3_bind_int64 (stmt, 1, seq);
    if (!step_done (conn, stmt, error))
      return -1;
  }

  {
    g_autoptr(RtccCachedStmt) stmt =
      conn_prepare (conn, "UPDATE events SET id = ?1, source = ?2, type = ?3, priority = ?4, "
                          "occurred_at = ?5, received_at = ?6, version = ?7, lat = ?8, lon = ?9, "
                          "title = ?10, address = ?11, json = ?12, place = ?13 WHERE seq = ?14", error);
    if (stmt == NULL)
      return -1;
    bind_event_columns (stmt, event, occurred_at, place, json);
    sqlite3_bind_int64 (stmt, 14, seq);
    if (!step_done (conn, stmt, error))
      return -1;
  }

  return write_indexes (conn, seq, prepared, occurred_at, TRUE, error) ? 1 : -1;
}

static void
prepared_clear (Prepared *prepared)
{
  g_free (prepared->json);
  g_free (prepared->plate);
  g_free (prepared->skeleton);
  g_free (prepared->reversed);
}

static void
prepare_insert (WriteOp *op,
                GString *scratch)
{
  op->prepared = g_array_sized_new (FALSE, TRUE, sizeof (Prepared), op->events->len);
  g_array_set_clear_func (op->prepared, (GDestroyNotify) prepared_clear);
  g_array_set_size (op->prepared, op->events->len);

  for (guint i = 0; i < op->events->len; i++)
    {
      RtccEvent *event = g_ptr_array_index (op->events, i);
      Prepared *prepared = &g_array_index (op->prepared, Prepared, i);
      RtccEventType type = rtcc_event_get_event_type (event);

      event_to_json (scratch, event);
      prepared->json = g_strndup (scratch->str, scratch->len);
      if (type == RTCC_EVENT_TYPE_LPR_READ || type == RTCC_EVENT_TYPE_LPR_HIT)
        {
          prepared->plate = rtcc_plate_search_key (rtcc_event_get_attribute_string (event, "plate_number"));
          if (prepared->plate != NULL)
            {
              prepared->skeleton = rtcc_plate_skeleton (prepared->plate);
              prepared->reversed = plate_reversed (prepared->plate);
            }
        }
    }
}

static gboolean
apply_insert (Conn     *conn,
              WriteOp  *op,
              GError  **error)
{
  op->n_stored = 0;
  if (op->prepared == NULL)
    {
      g_autoptr(GString) scratch = g_string_sized_new (2048);
      prepare_insert (op, scratch);
    }
  for (guint i = 0; i < op->events->len; i++)
    {
      int r = write_event (conn, g_ptr_array_index (op->events, i),
                           &g_array_index (op->prepared, Prepared, i), error);

      if (r < 0)
        return FALSE;
      op->n_stored += r;
    }
  return TRUE;
}

static gboolean
apply_acknowledge (Conn     *conn,
                   WriteOp  *op,
                   GError  **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  gint64 seq = require_seq (conn, op->event_id, error);

  if (seq < 0)
    return FALSE;

  {
    g_autoptr(RtccCachedStmt) stmt =
      conn_prepare (conn, "SELECT operator_id, acknowledged_at FROM acknowledgments WHERE event_seq = ?", error);
    int rc;

    if (stmt == NULL)
      return FALSE;
    sqlite3_bind_int64 (stmt, 1, seq);
    rc = sqlite3_step (stmt);
    if (rc == SQLITE_ROW)
      {
        g_autoptr(GDateTime) at = rtcc_time_from_unix_usec (sqlite3_column_int64 (stmt, 1));
        g_autofree char *when = rtcc_time_format_iso (at);

        g_set_error (error, RTCC_STORE_ERROR, RTCC_STORE_ERROR_ALREADY_ACKNOWLEDGED,
                     _("Event “%s” was already acknowledged by %s at %s"),
                     op->event_id, (const char *) sqlite3_column_text (stmt, 0), when);
        return FALSE;
      }
    if (rc != SQLITE_DONE)
      {
        set_sqlite_error (error, rc, conn->db, conn->path);
        return FALSE;
      }
  }

  {
    g_autoptr(RtccCachedStmt) stmt =
      conn_prepare (conn, "INSERT INTO acknowledgments (event_seq, operator_id, notes, acknowledged_at) "
                          "VALUES (?, ?, ?, ?)", error);
    if (stmt == NULL)
      return FALSE;
    sqlite3_bind_int64 (stmt, 1, seq);
    bind_text (stmt, 2, op->operator_id);
    bind_text (stmt, 3, op->notes);
    sqlite3_bind_int64 (stmt, 4, rtcc_time_to_unix_usec (now));
    if (!step_done (conn, stmt, error))
      return FALSE;
  }

  op->ack = rtcc_acknowledgment_new (op->event_id, op->operator_id, op->notes, now);
  return TRUE;
}

static gboolean
apply_link (Conn     *conn,
            WriteOp  *op,
            GError  **error)
{
  g_autoptr(RtccCachedStmt) stmt = NULL;
  gint64 seq = require_seq (conn, op->event_id, error);

  if (seq < 0)
    return FALSE;

  if (op->kind == OP_LINK)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

      stmt = conn_prepare (conn, "INSERT OR IGNORE INTO evidence_links (event_seq, kind, ref, linked_at) "
                                 "VALUES (?, ?, ?, ?)", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 4, rtcc_time_to_unix_usec (now));
    }
  else
    {
      stmt = conn_prepare (conn, "DELETE FROM evidence_links WHERE event_seq = ? AND kind = ? AND ref = ?",
                           error);
      if (stmt == NULL)
        return FALSE;
    }
  sqlite3_bind_int64 (stmt, 1, seq);
  bind_text (stmt, 2, op->evidence_kind);
  bind_text (stmt, 3, op->ref);
  if (!step_done (conn, stmt, error))
    return FALSE;

  if (op->kind == OP_UNLINK && sqlite3_changes (conn->db) == 0)
    {
      g_set_error (error, RTCC_STORE_ERROR, RTCC_STORE_ERROR_NOT_FOUND,
                   _("Event “%s” has no %s “%s” linked"), op->event_id, op->evidence_kind, op->ref);
      return FALSE;
    }
  return TRUE;
}

static gboolean
apply_purge (Conn     *conn,
             WriteOp  *op,
             GError  **error)
{
  {
    g_autoptr(RtccCachedStmt) stmt = conn_prepare (conn, "DELETE FROM events WHERE occurred_at < ?", error);

    if (stmt == NULL)
      return FALSE;
    sqlite3_bind_int64 (stmt, 1, op->cutoff);
    if (!step_done (conn, stmt, error))
      return FALSE;
    op->n_removed = sqlite3_changes64 (conn->db);
  }

  /* Places no event refers to any more go too; the R*Tree is a virtual
   * table, out of reach of foreign keys. */
  g_hash_table_remove_all (conn->places);
  /* So do plates no read refers to any more: a plate must not outlive
   * the retention period of its reads in the dictionary. */
  g_hash_table_remove_all (conn->plates);
  return conn_exec (conn,
                    "DELETE FROM place_geo WHERE id IN (SELECT id FROM places p WHERE NOT EXISTS "
                    "  (SELECT 1 FROM events e WHERE e.place = p.id));"
                    "DELETE FROM places WHERE NOT EXISTS "
                    "  (SELECT 1 FROM events e WHERE e.place = places.id);"
                    "DELETE FROM plate_grams WHERE (gram, plate) IN"
                    "  (SELECT j.value, p.plate FROM plates p, json_each (rtcc_plate_bigrams (p.plate)) j"
                    "   WHERE NOT EXISTS (SELECT 1 FROM plate_reads r WHERE r.plate = p.plate));"
                    "DELETE FROM plates_ungrammed WHERE NOT EXISTS "
                    "  (SELECT 1 FROM plate_reads r WHERE r.plate = plates_ungrammed.plate);"
                    "DELETE FROM plates WHERE NOT EXISTS "
                    "  (SELECT 1 FROM plate_reads r WHERE r.plate = plates.plate);",
                    error);
}

static guint
op_rows (WriteOp *op)
{
  return op->kind == OP_INSERT ? MAX (op->events->len, 1) : 1;
}

/* Runs one operation inside the batch's transaction. Its own savepoint
 * makes a failing operation leave no trace without undoing the others. */
static void
apply_op (Conn    *conn,
          WriteOp *op)
{
  GCancellable *cancellable = g_task_get_cancellable (op->task);
  gboolean ok = FALSE;

  if (g_cancellable_set_error_if_cancelled (cancellable, &op->error))
    return;
  if (!conn_exec (conn, "SAVEPOINT op", &op->error))
    return;

  switch (op->kind)
    {
    case OP_INSERT:
      ok = apply_insert (conn, op, &op->error);
      break;
    case OP_ACKNOWLEDGE:
      ok = apply_acknowledge (conn, op, &op->error);
      break;
    case OP_LINK:
    case OP_UNLINK:
      ok = apply_link (conn, op, &op->error);
      break;
    case OP_PURGE:
      ok = apply_purge (conn, op, &op->error);
      break;
    case OP_CLOSE:
    default:
      g_assert_not_reached ();
    }

  if (ok)
    {
      conn_exec (conn, "RELEASE op", &op->error);
      return;
    }
  /* Places and plates added by the undone work are gone again. */
  g_hash_table_remove_all (conn->places);
  g_hash_table_remove_all (conn->plates);
  if (!sqlite3_get_autocommit (conn->db))
    {
      conn_exec (conn, "ROLLBACK TO op", NULL);
      conn_exec (conn, "RELEASE op", NULL);
    }
}

static void
complete_op (WriteOp *op)
{
  if (op->error != NULL)
    {
      g_task_return_error (op->task, g_steal_pointer (&op->error));
      return;
    }

  switch (op->kind)
    {
    case OP_INSERT:
      g_task_return_int (op->task, op->n_stored);
      break;
    case OP_ACKNOWLEDGE:
      g_task_return_pointer (op->task, g_steal_pointer (&op->ack),
                             (GDestroyNotify) rtcc_acknowledgment_free);
      break;
    case OP_LINK:
    case OP_UNLINK:
      g_task_return_boolean (op->task, TRUE);
      break;
    case OP_PURGE:
      {
        guint64 *n = g_new (guint64, 1);
        *n = op->n_removed;
        g_task_return_pointer (op->task, n, g_free);
      }
      break;
    case OP_CLOSE:
    default:
      g_assert_not_reached ();
    }
}

static void
fail_batch (GPtrArray    *batch,
            const GError *error)
{
  for (guint i = 0; i < batch->len; i++)
    {
      WriteOp *op = g_ptr_array_index (batch, i);

      if (op->error == NULL)
        op->error = g_error_copy (error);
    }
}

static int
wal_hook (gpointer    data,
          sqlite3    *db,
          const char *name,
          int         n_pages)
{
  Writer *w = data;

  w->wal_pages = n_pages;
  return SQLITE_OK;
}

static void
checkpoint (Writer *w)
{
  int n_log = 0, n_done = 0;
  int rc;

  /* Passive: never waits for readers, so it cannot stall the queue. */
  rc = sqlite3_wal_checkpoint_v2 (w->conn.db, NULL, SQLITE_CHECKPOINT_PASSIVE, &n_log, &n_done);
  if (rc != SQLITE_OK)
    g_debug ("Checkpoint of the event history deferred: %s", sqlite3_errstr (rc));
  w->wal_pages = rc == SQLITE_OK ? MAX (n_log - n_done, 0) : 0;
}

/* The first stage of the pipeline: serializes events while the writer is
 * busy with the previous batch, and hands every operation on in order. */
static gpointer
prepare_thread_func (gpointer data)
{
  Preparer *p = data;
  GString *scratch = g_string_sized_new (2048);
  gboolean running = TRUE;

  while (running)
    {
      WriteOp *op = g_async_queue_pop (p->in);

      if (op->kind == OP_INSERT && !g_cancellable_is_cancelled (g_task_get_cancellable (op->task)))
        prepare_insert (op, scratch);
      running = op->kind != OP_CLOSE;
      g_async_queue_push (p->out, op);
    }

  g_string_free (scratch, TRUE);
  g_async_queue_unref (p->in);
  g_async_queue_unref (p->out);
  g_free (p);
  return NULL;
}

static gpointer
writer_thread_func (gpointer data)
{
  Writer *w = data;
  gboolean running = TRUE;

  sqlite3_wal_hook (w->conn.db, wal_hook, w);

  while (running)
    {
      g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) write_op_free);
      g_autoptr(GError) error = NULL;
      WriteOp *op;
      gint64 deadline;
      guint rows = 0;

      if (w->wal_pages > 0 || w->conn.grams_pending)
        {
          if ((op = g_async_queue_timeout_pop (w->queue, IDLE_CHECKPOINT_USEC)) == NULL)
            {
              if (w->conn.grams_pending)
                {
                  index_waiting_plates (&w->conn);
                  w->grams_at = g_get_monotonic_time ();
                }
              checkpoint (w);
              continue;
            }
        }
      else
        op = g_async_queue_pop (w->queue);

      if (op->kind == OP_CLOSE)
        {
          write_op_free (op);
          break;
        }

      g_ptr_array_add (batch, op);
      if (!conn_exec (&w->conn, "BEGIN IMMEDIATE", &error))
        {
          fail_batch (batch, error);
          g_ptr_array_foreach (batch, (GFunc) complete_op, NULL);
          continue;
        }

      deadline = g_get_monotonic_time () + BATCH_MAX_USEC;
      for (;;)
        {
          apply_op (&w->conn, op);
          rows += op_rows (op);

          /* An I/O error or a full disk can end the whole transaction;
           * everything in it is then lost and reported. */
          if (sqlite3_get_autocommit (w->conn.db))
            {
              if (op->error != NULL)
                error = g_error_copy (op->error);
              else
                g_set_error (&error, RTCC_STORE_ERROR, RTCC_STORE_ERROR_IO,
                             _("The write to the event history was rolled back"));
              break;
            }
          if (rows >= BATCH_MAX_ROWS || g_get_monotonic_time () >= deadline)
            break;
          op = g_async_queue_timeout_pop (w->queue, BATCH_WAIT_USEC);
          if (op == NULL)
            break;
          if (op->kind == OP_CLOSE)
            {
              write_op_free (op);
              running = FALSE;
              break;
            }
          g_ptr_array_add (batch, op);
        }

      if (error == NULL && !conn_exec (&w->conn, "COMMIT", &error))
        conn_exec (&w->conn, "ROLLBACK", NULL);
      if (error != NULL)
        {
          g_hash_table_remove_all (w->conn.places);
          g_hash_table_remove_all (w->conn.plates);
          fail_batch (batch, error);
        }
      g_ptr_array_foreach (batch, (GFunc) complete_op, NULL);

      /* A feed that never pauses half a second (more is already queued)
       * still gets its plates' pairs, a batch of them a second, as the log
       * gets its fold; otherwise the idle moment does it. */
      if (w->conn.grams_pending && g_async_queue_length (w->queue) > 0 &&
          g_get_monotonic_time () - w->grams_at >= G_USEC_PER_SEC)
        {
          index_waiting_plates (&w->conn);
          w->grams_at = g_get_monotonic_time ();
        }
      if (w->wal_pages >= WAL_MAX_PAGES)
        checkpoint (w);
    }

  /* Only this thread ever used the write connection. */
  g_clear_pointer (&w->conn.stmts, g_hash_table_unref);
  if (w->conn.db != NULL)
    sqlite3_close (w->conn.db);
  g_free (w->conn.path);
  g_hash_table_unref (w->conn.places);
  g_hash_table_unref (w->conn.plates);
  g_async_queue_unref (w->queue);
  g_free (w);
  return NULL;
}

static gboolean
push_op (RtccSqliteEventStore *self,
         WriteOp              *op)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);

  if (self->closed)
    return FALSE;
  g_async_queue_push (self->queue, op);
  return TRUE;
}

static WriteOp *
write_op_new (RtccSqliteEventStore *self,
              OpKind                kind,
              gpointer              source_tag,
              GCancellable         *cancellable,
              GAsyncReadyCallback   callback,
              gpointer              user_data)
{
  WriteOp *op = g_new0 (WriteOp, 1);

  op->kind = kind;
  op->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (op->task, source_tag);
  /* Once committed, a write stands: report it even if the caller
   * cancelled meanwhile, rather than claim it did not happen. */
  g_task_set_check_cancellable (op->task, FALSE);
  return op;
}

/* Hands @op to the writer, or fails it at once. Takes ownership. */
static void
submit_op (RtccSqliteEventStore *self,
           WriteOp              *op)
{
  if (op->error == NULL && push_op (self, op))
    return;
  if (op->error == NULL)
    g_set_error (&op->error, RTCC_STORE_ERROR, RTCC_STORE_ERROR_CLOSED,
                 _("The event history is closed"));
  g_task_return_error (op->task, g_steal_pointer (&op->error));
  write_op_free (op);
}

/* Reads */

typedef struct
{
  GDateTime  *from;
  GDateTime  *to;
  GArray     *sources;
  GArray     *types;
  int         min_priority;
  gboolean    has_bbox;
  double      south, west, north, east;
  char       *text;
  guint       limit;
  guint       offset;
  /* Plate search */
  char       *pattern;
  int         mode;
  /* Single-event lookups */
  char       *event_id;
} ReadSpec;

static void
read_spec_free (ReadSpec *spec)
{
  g_clear_pointer (&spec->from, g_date_time_unref);
  g_clear_pointer (&spec->to, g_date_time_unref);
  g_clear_pointer (&spec->sources, g_array_unref);
  g_clear_pointer (&spec->types, g_array_unref);
  g_free (spec->text);
  g_free (spec->pattern);
  g_free (spec->event_id);
  g_free (spec);
}

typedef gpointer (*ReadFunc) (Conn          *conn,
                              ReadSpec      *spec,
                              GCancellable  *cancellable,
                              GError       **error);

typedef struct
{
  ReadFunc        func;
  ReadSpec       *spec;
  GDestroyNotify  result_free;
} ReadJob;

static void
read_job_free (ReadJob *job)
{
  read_spec_free (job->spec);
  g_free (job);
}

static void
read_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  RtccSqliteEventStore *self = source_object;
  ReadJob *job = task_data;
  g_autoptr(GError) error = NULL;
  gpointer result;

  {
    g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->read_lock);

    if (self->reader == NULL)
      {
        g_task_return_new_error (task, RTCC_STORE_ERROR, RTCC_STORE_ERROR_CLOSED,
                                 _("The event history is closed"));
        return;
      }
    result = job->func (self->reader, job->spec, cancellable, &error);
  }

  if (result == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, result, job->result_free);
}

static void
run_read (RtccSqliteEventStore *self,
          ReadFunc              func,
          ReadSpec             *spec,
          GDestroyNotify        result_free,
          gpointer              source_tag,
          GCancellable         *cancellable,
          GAsyncReadyCallback   callback,
          gpointer              user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  ReadJob *job = g_new0 (ReadJob, 1);

  job->func = func;
  job->spec = spec;
  job->result_free = result_free;
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, job, (GDestroyNotify) read_job_free);
  g_task_run_in_thread (task, read_thread);
}

static void
fail_early (RtccSqliteEventStore *self,
            GError               *error,
            gpointer              source_tag,
            GAsyncReadyCallback   callback,
            gpointer              user_data)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_return_error (task, error);
}

/* Reading events back is two halves of about equal cost: SQLite finding
 * each row (a page each, for a plate's reads spread over the year) and
 * decoding its JSON. A result of more than a few rows is decoded on a
 * helper thread while the reader goes on stepping, and the reader joins
 * the decoding once the rows are in: on two cores a search of 500 reads
 * takes the time of the slower half instead of both. One statement, so
 * one snapshot, as before. */
#define PIPELINE_FROM_ROW 4

/* Shared by the reader and its helper, and freed by whichever lets go of
 * it last: a helper that starts late (the pool busy with another store's
 * read, or no thread to be had) finds the reader gone and only lets go. */
typedef struct
{
  gatomicrefcount  ref;
  GMutex           lock;
  GCond            cond;
  GPtrArray       *texts;    /* GBytes * of each row, until decoded */
  GPtrArray       *events;   /* RtccEvent * or NULL, row order */
  guint            next;     /* the next row to decode */
  gboolean         finished; /* no more rows */
  gboolean         closed;   /* the reader has its answer: helpers keep out */
  gboolean         helping;  /* a helper is decoding */
} Pipeline;

/* Rows that did not decode, and events the reader took, are NULL. */
static void
unref_event_if_any (gpointer event)
{
  if (event != NULL)
    g_object_unref (event);
}

static Pipeline *
pipeline_new (void)
{
  Pipeline *p = g_new0 (Pipeline, 1);

  g_atomic_ref_count_init (&p->ref);
  g_mutex_init (&p->lock);
  g_cond_init (&p->cond);
  p->texts = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  p->events = g_ptr_array_new_with_free_func (unref_event_if_any);
  return p;
}

static void
pipeline_unref (Pipeline *p)
{
  if (!g_atomic_ref_count_dec (&p->ref))
    return;
  g_ptr_array_unref (p->texts);
  g_ptr_array_unref (p->events);
  g_cond_clear (&p->cond);
  g_mutex_clear (&p->lock);
  g_free (p);
}

/* Decodes rows until none is left; for the reader and its helper alike.
 * Called and returns with p->lock held. */
static void
pipeline_decode (Pipeline *p)
{
  for (;;)
    {
      g_autoptr(GBytes) text = NULL;
      RtccEvent *event = NULL;
      guint i;

      while (p->next >= p->texts->len && !p->finished)
        g_cond_wait (&p->cond, &p->lock);
      if (p->next >= p->texts->len)
        return;
      i = p->next++;
      /* Each row's text is let go once decoded: a long answer is not held
       * twice. */
      text = g_steal_pointer (&p->texts->pdata[i]);
      g_mutex_unlock (&p->lock);

      if (text != NULL)
        {
          gsize size = 0;
          const char *data = g_bytes_get_data (text, &size);

          event = event_from_text (data != NULL ? data : "", size);
        }

      g_mutex_lock (&p->lock);
      p->events->pdata[i] = event;
    }
}

static void
pipeline_helper (gpointer data,
                 gpointer user_data)
{
  Pipeline *p = data;

  g_mutex_lock (&p->lock);
  if (!p->closed)
    {
      p->helping = TRUE;
      pipeline_decode (p);
      p->helping = FALSE;
      g_cond_broadcast (&p->cond);
    }
  g_mutex_unlock (&p->lock);
  pipeline_unref (p);
}

static GThreadPool *
decode_pool (void)
{
  static gsize initialized;
  static GThreadPool *pool;

  if (g_once_init_enter (&initialized))
    {
      /* One helper: the reader itself is the other decoder. */
      if (g_get_num_processors () > 1)
        pool = g_thread_pool_new (pipeline_helper, NULL, 1, FALSE, NULL);
      g_once_init_leave (&initialized, 1);
    }
  return pool;
}

/* Adds the current row of @stmt, its @column, to be decoded; the helper
 * joins in from the PIPELINE_FROM_ROW-th row. */
static void
pipeline_add_row (Pipeline     *p,
                  sqlite3_stmt *stmt,
                  int           column)
{
  /* The bytes as stored, all of them: a row with a NUL inside is damaged
   * and must be reported, not read up to the NUL. */
  gboolean null = sqlite3_column_type (stmt, column) == SQLITE_NULL;
  const void *text = sqlite3_column_blob (stmt, column);
  int len = sqlite3_column_bytes (stmt, column);
  GThreadPool *pool;
  guint n_rows;

  g_mutex_lock (&p->lock);
  g_ptr_array_add (p->texts, null ? NULL : g_bytes_new (text, len));
  g_ptr_array_add (p->events, NULL);
  n_rows = p->texts->len;
  g_cond_signal (&p->cond);
  g_mutex_unlock (&p->lock);
  /* A helper that cannot start stays queued; it will find the reader
   * gone and only let go. */
  if (n_rows == PIPELINE_FROM_ROW && (pool = decode_pool ()) != NULL)
    {
      g_atomic_ref_count_inc (&p->ref);
      g_thread_pool_push (pool, p, NULL);
    }
}

/* Decodes what is left, waits for the helper, and frees @p. Returns the
 * events in row order, an undecodable row reported and left out; or, when
 * @failure is set (the rows stopped on an error or a cancel), %NULL with
 * @error set from it. */
static GPtrArray *
pipeline_finish (Pipeline  *p,
                 GError    *failure,
                 GError   **error)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);

  g_mutex_lock (&p->lock);
  p->finished = TRUE;
  if (failure != NULL)
    p->next = p->texts->len;
  g_cond_broadcast (&p->cond);
  pipeline_decode (p);
  p->closed = TRUE;
  while (p->helping)
    g_cond_wait (&p->cond, &p->lock);
  for (guint i = 0; i < p->events->len; i++)
    if (p->events->pdata[i] != NULL)
      g_ptr_array_add (events, g_steal_pointer (&p->events->pdata[i]));
  g_mutex_unlock (&p->lock);
  pipeline_unref (p);

  if (failure != NULL)
    {
      g_propagate_error (error, failure);
      return NULL;
    }
  return g_steal_pointer (&events);
}

/* Steps @stmt and decodes each row's @column into an event, in row order;
 * a row that does not decode is reported and left out. */
static GPtrArray *
collect_events (Conn          *conn,
                sqlite3_stmt  *stmt,
                int            column,
                GCancellable  *cancellable,
                GError       **error)
{
  GError *failure = NULL;
  Pipeline *p = pipeline_new ();
  guint n_rows = 0;
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      pipeline_add_row (p, stmt, column);
      if ((++n_rows & 255) == 0 && g_cancellable_set_error_if_cancelled (cancellable, &failure))
        break;
    }
  if (failure == NULL && rc != SQLITE_DONE)
    set_sqlite_error (&failure, rc, conn->db, conn->path);
  return pipeline_finish (p, failure, error);
}

static char *
ints_to_json (GArray *array)
{
  GString *s = g_string_new ("[");

  for (guint i = 0; i < array->len; i++)
    g_string_append_printf (s, "%s%d", i > 0 ? "," : "", g_array_index (array, int, i));
  g_string_append_c (s, ']');
  return g_string_free (s, FALSE);
}

static char *
like_pattern (const char *text)
{
  GString *s = g_string_new ("%");

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (s, '\\');
      g_string_append_c (s, *p);
    }
  g_string_append_c (s, '%');
  return g_string_free (s, FALSE);
}

static gpointer
query_func (Conn          *conn,
            ReadSpec      *spec,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT e.json FROM events e WHERE 1");
  g_autofree char *sources = NULL;
  g_autofree char *types = NULL;
  g_autofree char *like = NULL;
  g_autoptr(RtccCachedStmt) stmt = NULL;

  /* Parameters are named so the SQL text depends only on which filters
   * are set: a few dozen shapes at most, each prepared once. */
  if (spec->has_bbox)
    g_string_append (sql, " AND e.place IN (SELECT id FROM place_geo WHERE min_lat <= :north AND "
                          "max_lat >= :south AND min_lon <= :east AND max_lon >= :west)"
                          " AND e.lat BETWEEN :south AND :north AND e.lon BETWEEN :west AND :east");
  if (spec->from != NULL)
    g_string_append (sql, " AND e.occurred_at >= :from");
  if (spec->to != NULL)
    g_string_append (sql, " AND e.occurred_at < :to");
  if (spec->sources->len > 0)
    g_string_append (sql, " AND e.source IN (SELECT value FROM json_each(:sources))");
  if (spec->types->len > 0)
    g_string_append (sql, " AND e.type IN (SELECT value FROM json_each(:types))");
  if (spec->min_priority > RTCC_PRIORITY_LOW)
    g_string_append (sql, " AND e.priority >= :priority");
  if (spec->text != NULL)
    g_string_append (sql, " AND (e.title LIKE :text ESCAPE '\\' OR e.address LIKE :text ESCAPE '\\')");
  g_string_append (sql, " ORDER BY e.occurred_at DESC, e.seq DESC LIMIT :limit OFFSET :offset");

  if ((stmt = conn_prepare (conn, g_intern_string (sql->str), error)) == NULL)
    return NULL;

#define BIND_INDEX(name) sqlite3_bind_parameter_index (stmt, name)
  if (spec->has_bbox)
    {
      sqlite3_bind_double (stmt, BIND_INDEX (":south"), spec->south);
      sqlite3_bind_double (stmt, BIND_INDEX (":north"), spec->north);
      sqlite3_bind_double (stmt, BIND_INDEX (":west"), spec->west);
      sqlite3_bind_double (stmt, BIND_INDEX (":east"), spec->east);
    }
  if (spec->from != NULL)
    sqlite3_bind_int64 (stmt, BIND_INDEX (":from"), rtcc_time_to_unix_usec (spec->from));
  if (spec->to != NULL)
    sqlite3_bind_int64 (stmt, BIND_INDEX (":to"), rtcc_time_to_unix_usec (spec->to));
  if (spec->sources->len > 0)
    {
      sources = ints_to_json (spec->sources);
      bind_text (stmt, BIND_INDEX (":sources"), sources);
    }
  if (spec->types->len > 0)
    {
      types = ints_to_json (spec->types);
      bind_text (stmt, BIND_INDEX (":types"), types);
    }
  if (spec->min_priority > RTCC_PRIORITY_LOW)
    sqlite3_bind_int (stmt, BIND_INDEX (":priority"), spec->min_priority);
  if (spec->text != NULL)
    {
      like = like_pattern (spec->text);
      bind_text (stmt, BIND_INDEX (":text"), like);
    }
  sqlite3_bind_int64 (stmt, BIND_INDEX (":limit"), spec->limit);
  sqlite3_bind_int64 (stmt, BIND_INDEX (":offset"), spec->offset);
#undef BIND_INDEX

  return collect_events (conn, stmt, 0, cancellable, error);
}

static gpointer
history_func (Conn          *conn,
              ReadSpec      *spec,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(GPtrArray) versions = NULL;
  gint64 seq;

  /* One read transaction, so a concurrent update cannot show the same
   * version twice or none. */
  if (!conn_exec (conn, "BEGIN", error))
    return NULL;

  if ((seq = require_seq (conn, spec->event_id, error)) > 0)
    {
      g_autoptr(RtccCachedStmt) stmt =
        conn_prepare (conn, "SELECT json FROM (SELECT version, json FROM event_history WHERE event_seq = ?1 "
                            "UNION ALL SELECT version, json FROM events WHERE seq = ?1) ORDER BY version",
                      error);
      if (stmt != NULL)
        {
          sqlite3_bind_int64 (stmt, 1, seq);
          versions = collect_events (conn, stmt, 0, cancellable, error);
        }
    }

  conn_end_read (conn);
  return g_steal_pointer (&versions);
}

static gpointer
ack_func (Conn          *conn,
          ReadSpec      *spec,
          GCancellable  *cancellable,
          GError       **error)
{
  g_autoptr(RtccCachedStmt) stmt = NULL;
  GPtrArray *result;
  gint64 seq;
  int rc;

  if ((seq = require_seq (conn, spec->event_id, error)) < 0)
    return NULL;
  stmt = conn_prepare (conn, "SELECT operator_id, notes, acknowledged_at FROM acknowledgments "
                             "WHERE event_seq = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, seq);

  /* An array of zero or one, so "not acknowledged" is not a NULL result. */
  result = g_ptr_array_new_with_free_func ((GDestroyNotify) rtcc_acknowledgment_free);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      g_autoptr(GDateTime) at = rtcc_time_from_unix_usec (sqlite3_column_int64 (stmt, 2));

      g_ptr_array_add (result, rtcc_acknowledgment_new (spec->event_id,
                                                        (const char *) sqlite3_column_text (stmt, 0),
                                                        (const char *) sqlite3_column_text (stmt, 1),
                                                        at));
    }
  else if (rc != SQLITE_DONE)
    {
      set_sqlite_error (error, rc, conn->db, conn->path);
      g_ptr_array_unref (result);
      return NULL;
    }
  return result;
}

static gpointer
evidence_func (Conn          *conn,
               ReadSpec      *spec,
               GCancellable  *cancellable,
               GError       **error)
{
  g_autoptr(RtccCachedStmt) stmt = NULL;
  g_autoptr(GPtrArray) links = NULL;
  gint64 seq;
  int rc;

  if ((seq = require_seq (conn, spec->event_id, error)) < 0)
    return NULL;
  stmt = conn_prepare (conn, "SELECT kind, ref, linked_at FROM evidence_links WHERE event_seq = ? "
                             "ORDER BY linked_at, kind, ref", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, seq);

  links = g_ptr_array_new_with_free_func ((GDestroyNotify) rtcc_evidence_link_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(GDateTime) at = rtcc_time_from_unix_usec (sqlite3_column_int64 (stmt, 2));

      g_ptr_array_add (links, rtcc_evidence_link_new (spec->event_id,
                                                      (const char *) sqlite3_column_text (stmt, 0),
                                                      (const char *) sqlite3_column_text (stmt, 1),
                                                      at));
    }
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (error, rc, conn->db, conn->path);
      return NULL;
    }
  return g_steal_pointer (&links);
}

/* The skeleton alphabet: what rtcc_plate_skeleton() can produce. */
static const char skeleton_alphabet[] = "0125689ACEFHJKMNPRTUVWXY347";

/* Every skeleton within one missing or extra character of @skeleton, and
 * @skeleton itself, as a JSON array of distinct strings for json_each().
 * Probing each in the index costs a few hundred lookups, which replaces a
 * deletion-neighbourhood table that would cost every stored read several
 * more rows. */
static char *
misread_keys_json (const char *skeleton)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  gsize len = strlen (skeleton);
  char key[RTCC_PLATE_MAX_LENGTH + 2];

#define ADD_KEY(k) \
  G_STMT_START { \
    if (!g_hash_table_contains (seen, (k))) \
      { \
        g_hash_table_add (seen, g_strdup (k)); \
        json_builder_add_string_value (builder, (k)); \
      } \
  } G_STMT_END

  json_builder_begin_array (builder);
  ADD_KEY (skeleton);
  for (gsize i = 0; i < len && len > 1; i++)
    {
      memcpy (key, skeleton, i);
      memcpy (key + i, skeleton + i + 1, len - i);
      ADD_KEY (key);
    }
  if (len < RTCC_PLATE_MAX_LENGTH)
    for (gsize i = 0; i <= len; i++)
      for (const char *c = skeleton_alphabet; *c != '\0'; c++)
        {
          memcpy (key, skeleton, i);
          key[i] = *c;
          memcpy (key + i + 1, skeleton + i, len - i + 1);
          ADD_KEY (key);
        }
  json_builder_end_array (builder);
#undef ADD_KEY

  root = json_builder_get_root (builder);
  return rtcc_json_to_string (root, FALSE);
}

/* Appends @plate to a JSON array of strings being built in @out.
 * Normalized plates are ASCII letters and digits: nothing to escape. */
static void
append_plate_key (GString    *out,
                  const char *plate)
{
  g_string_append (out, out->len > 1 ? ",\"" : "\"");
  g_string_append (out, plate);
  g_string_append_c (out, '"');
}

/* The smallest string above every string that starts with @prefix. */
static char *
prefix_end (const char *prefix)
{
  char *end = g_strdup (prefix);
  gsize len = strlen (end);

  /* Letters and digits only, so the last byte never overflows. */
  end[len - 1]++;
  return end;
}

/* Whether @plate matches @pattern, where `*` stands for any run of
 * characters and everything else for itself. Plates and patterns are
 * ASCII once normalized; this is GLOB without its character classes and
 * UTF-8 decoding, which showed in profiles of patterns that read a
 * twenty-third of the dictionary. */
static gboolean
plate_matches (const char *pattern,
               const char *plate)
{
  const char *star = NULL;
  const char *resume = NULL;

  while (*plate != '\0')
    {
      if (*pattern == '*')
        {
          star = ++pattern;
          resume = plate;
        }
      else if (*pattern == *plate)
        {
          pattern++;
          plate++;
        }
      else if (star != NULL)
        {
          pattern = star;
          plate = ++resume;
        }
      else
        return FALSE;
    }
  while (*pattern == '*')
    pattern++;
  return *pattern == '\0';
}

/* The longest literal between the pattern's first and last `*`, or NULL
 * when there is none of two characters or more. */
static char *
middle_literal (const char *pattern)
{
  const char *first = strchr (pattern, '*');
  const char *last = strrchr (pattern, '*');
  const char *best = NULL;
  gsize best_len = 1;

  if (first == NULL || first == last)
    return NULL;
  for (const char *p = first + 1; p < last;)
    {
      gsize len = strcspn (p, "*");

      if (len > best_len)
        {
          best = p;
          best_len = len;
        }
      p += len + 1;
    }
  return best != NULL ? g_strndup (best, best_len) : NULL;
}

/* Collects, from the plate dictionary, the plates that @spec's wildcard
 * pattern matches, into the JSON array @plates. A literal end of three
 * characters or more is a range: of the plates for `ABC*`, of their
 * reversed text for `*123`. Otherwise a literal inside the pattern
 * narrows by its first pair of characters, within the prefix's range when
 * there is one (`A*C1*`). Otherwise the shorter ends do, and a pattern
 * with nothing to go on (`*C*`) reads the whole dictionary, which holds
 * each vehicle once. */
/* Steps @stmt, whose first column is a plate, keeping those @pattern
 * matches. */
static gboolean
match_plates (Conn          *conn,
              sqlite3_stmt  *stmt,
              const char    *pattern,
              GString       *plates,
              GCancellable  *cancellable,
              GError       **error)
{
  guint n = 0;
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *plate = (const char *) sqlite3_column_text (stmt, 0);

      if (plate_matches (pattern, plate))
        append_plate_key (plates, plate);
      if ((++n & 4095) == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
    }
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (error, rc, conn->db, conn->path);
      return FALSE;
    }
  return TRUE;
}

static gboolean
wildcard_plates (Conn          *conn,
                 ReadSpec      *spec,
                 GString       *plates,
                 GCancellable  *cancellable,
                 GError       **error)
{
  const char *pattern = spec->pattern;
  const char *first = strchr (pattern, '*');
  const char *last = strrchr (pattern, '*');
  g_autofree char *prefix = g_strndup (pattern, first != NULL ? (gsize) (first - pattern) : strlen (pattern));
  g_autofree char *suffix = g_strreverse (g_strdup (last != NULL ? last + 1 : pattern));
  g_autofree char *middle = middle_literal (pattern);
  g_autofree char *to = NULL;
  gsize prefix_len = strlen (prefix), suffix_len = strlen (suffix);

  if (prefix_len >= 3 || suffix_len >= 3 || middle == NULL)
    {
      g_autoptr(RtccCachedStmt) stmt = NULL;
      const char *from = NULL;

      if (prefix_len > 0 && prefix_len >= suffix_len)
        {
          stmt = conn_prepare (conn, "SELECT plate FROM plates WHERE plate >= ?1 AND plate < ?2", error);
          from = prefix;
        }
      else if (suffix_len > 0)
        {
          stmt = conn_prepare (conn, "SELECT plate FROM plates WHERE reversed >= ?1 AND reversed < ?2", error);
          from = suffix;
        }
      else
        stmt = conn_prepare (conn, "SELECT plate FROM plates", error);
      if (stmt == NULL)
        return FALSE;
      if (from != NULL)
        {
          to = prefix_end (from);
          bind_text (stmt, 1, from);
          bind_text (stmt, 2, to);
        }
      return match_plates (conn, stmt, pattern, plates, cancellable, error);
    }

  /* The plates holding the literal's first pair, and those still waiting
   * for their pairs, within the prefix's range when there is one. */
  {
    g_autoptr(RtccCachedStmt) grams = NULL;
    g_autoptr(RtccCachedStmt) waiting = NULL;

    if (prefix_len > 0)
      {
        to = prefix_end (prefix);
        grams = conn_prepare (conn, "SELECT plate FROM plate_grams WHERE gram = ?3 AND plate >= ?1 AND plate < ?2",
                              error);
        waiting = conn_prepare (conn, "SELECT plate FROM plates_ungrammed WHERE plate >= ?1 AND plate < ?2", error);
      }
    else
      {
        grams = conn_prepare (conn, "SELECT plate FROM plate_grams WHERE gram = ?3", error);
        waiting = conn_prepare (conn, "SELECT plate FROM plates_ungrammed", error);
      }
    if (grams == NULL || waiting == NULL)
      return FALSE;
    sqlite3_bind_text (grams, 3, middle, 2, SQLITE_STATIC);
    if (prefix_len > 0)
      {
        bind_text (grams, 1, prefix);
        bind_text (grams, 2, to);
        bind_text (waiting, 1, prefix);
        bind_text (waiting, 2, to);
      }
    return match_plates (conn, grams, pattern, plates, cancellable, error) &&
           match_plates (conn, waiting, pattern, plates, cancellable, error);
  }
}

/* Collects the plates of the dictionary that are misreads of @spec's
 * plate, by the one rule of rtcc_plate_is_misread_of(): the skeleton
 * keys find every candidate, and the rule decides. */
static gboolean
misread_plates (Conn          *conn,
                ReadSpec      *spec,
                GString       *plates,
                GError       **error)
{
  g_autofree char *skeleton = rtcc_plate_skeleton (spec->pattern);
  g_autofree char *keys = misread_keys_json (skeleton);
  g_autoptr(RtccCachedStmt) stmt = NULL;
  int rc;

  stmt = conn_prepare (conn, "SELECT plate FROM plates WHERE skeleton IN (SELECT value FROM json_each(?1))",
                       error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, keys);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *plate = (const char *) sqlite3_column_text (stmt, 0);

      if (rtcc_plate_is_misread_of (spec->pattern, plate))
        append_plate_key (plates, plate);
    }
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (error, rc, conn->db, conn->path);
      return FALSE;
    }
  return TRUE;
}

static gpointer plates_in_snapshot (Conn          *conn,
                                    ReadSpec      *spec,
                                    GCancellable  *cancellable,
                                    GError       **error);

/* A search reads the dictionary, its pairs and the plates waiting for
 * theirs in one snapshot: between two statements the writer may move a
 * plate from the waiting ones to the pairs. */
static gpointer
plates_func (Conn          *conn,
             ReadSpec      *spec,
             GCancellable  *cancellable,
             GError       **error)
{
  gpointer result;

  /* One plate is one statement, a snapshot of its own. */
  if (spec->mode == RTCC_PLATE_MATCH_EXACT)
    return plates_in_snapshot (conn, spec, cancellable, error);
  if (!conn_exec (conn, "BEGIN", error))
    return NULL;
  result = plates_in_snapshot (conn, spec, cancellable, error);
  conn_end_read (conn);
  return result;
}

static gpointer
plates_in_snapshot (Conn          *conn,
                    ReadSpec      *spec,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autoptr(RtccCachedStmt) stmt = NULL;
  g_autoptr(RtccCachedStmt) fetch = NULL;
  g_autoptr(GArray) seqs = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GString) plates = g_string_new ("[");
  gint64 from = spec->from != NULL ? rtcc_time_to_unix_usec (spec->from) : G_MININT64;
  gint64 to = spec->to != NULL ? rtcc_time_to_unix_usec (spec->to) : G_MAXINT64;
  GError *failure = NULL;
  Pipeline *p;
  int rc;

  /* One plate: its reads come newest first straight from the plate
   * index, each event as it is reached, with no list of plates and no
   * sort. */
  if (spec->mode == RTCC_PLATE_MATCH_EXACT)
    {
      stmt = conn_prepare (conn,
                           "SELECT e.json FROM plate_reads r JOIN events e ON e.seq = r.event_seq"
                           " WHERE r.plate = ?1 AND r.occurred_at >= ?2 AND r.occurred_at < ?3"
                           " ORDER BY r.occurred_at DESC, r.event_seq DESC LIMIT ?4",
                           error);
      if (stmt == NULL)
        return NULL;
      bind_text (stmt, 1, spec->pattern);
      sqlite3_bind_int64 (stmt, 2, from);
      sqlite3_bind_int64 (stmt, 3, to);
      sqlite3_bind_int64 (stmt, 4, spec->limit);
      return collect_events (conn, stmt, 0, cancellable, error);
    }

  /* Otherwise first the plates that match, each once; then their reads. */
  switch (spec->mode)
    {
    case RTCC_PLATE_MATCH_WILDCARD:
      if (!wildcard_plates (conn, spec, plates, cancellable, error))
        return NULL;
      break;
    case RTCC_PLATE_MATCH_MISREAD:
      if (!misread_plates (conn, spec, plates, error))
        return NULL;
      break;
    default:
      g_assert_not_reached ();
    }
  if (plates->len == 1)
    return g_ptr_array_new_with_free_func (g_object_unref);
  g_string_append_c (plates, ']');

  /* The newest reads are picked from the plate index alone, and only
   * those fetch their event: a broad pattern matches thousands of reads
   * scattered over the year, and reading each event's page before the
   * sort would cost ten times the search. Then each event is fetched in
   * turn and decoded on the way, the fetching overlapping the decoding
   * (a join would fetch and sort them all first). */
  stmt = conn_prepare (conn,
                       "SELECT event_seq FROM plate_reads"
                       " WHERE plate IN (SELECT value FROM json_each(?1))"
                       " AND occurred_at >= ?2 AND occurred_at < ?3"
                       " ORDER BY occurred_at DESC, event_seq DESC LIMIT ?4",
                       error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, plates->str);
  sqlite3_bind_int64 (stmt, 2, from);
  sqlite3_bind_int64 (stmt, 3, to);
  sqlite3_bind_int64 (stmt, 4, spec->limit);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 seq = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (seqs, seq);
    }
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (error, rc, conn->db, conn->path);
      return NULL;
    }
  g_clear_pointer (&stmt, cached_stmt_release);

  if ((fetch = conn_prepare (conn, "SELECT json FROM events WHERE seq = ?", error)) == NULL)
    return NULL;
  p = pipeline_new ();
  for (guint i = 0; i < seqs->len && failure == NULL; i++)
    {
      sqlite3_bind_int64 (fetch, 1, g_array_index (seqs, gint64, i));
      rc = sqlite3_step (fetch);
      if (rc == SQLITE_ROW)
        pipeline_add_row (p, fetch, 0);
      else if (rc != SQLITE_DONE)
        set_sqlite_error (&failure, rc, conn->db, conn->path);
      sqlite3_reset (fetch);
      if ((i & 255) == 255 && failure == NULL)
        g_cancellable_set_error_if_cancelled (cancellable, &failure);
    }
  return pipeline_finish (p, failure, error);
}

/* RtccEventStore */

static void
rtcc_sqlite_event_store_insert_async (RtccEventStore      *store,
                                      GPtrArray           *events,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  RtccSqliteEventStore *self = RTCC_SQLITE_EVENT_STORE (store);
  WriteOp *op = write_op_new (self, OP_INSERT, rtcc_sqlite_event_store_insert_async,
                              cancellable, callback, user_data);

  /* The caller may reuse its array; the events themselves are immutable. */
  op->events = g_ptr_array_new_full (events->len, g_object_unref);
  for (guint i = 0; i < events->len; i++)
    {
      gpointer event = g_ptr_array_index (events, i);

      if (!RTCC_IS_EVENT (event))
        {
          g_set_error (&op->error, RTCC_STORE_ERROR, RTCC_STORE_ERROR_INVALID,
                       _("Item %u of the batch is not an event"), i);
          break;
        }
      g_ptr_array_add (op->events, g_object_ref (event));
    }
  submit_op (self, op);
}

static gboolean
rtcc_sqlite_event_store_insert_finish (RtccEventStore  *store,
                                       GAsyncResult    *result,
                                       guint           *n_stored,
                                       GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  gssize n;

  g_return_val_if_fail (g_task_is_valid (result, store), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rtcc_sqlite_event_store_insert_async, FALSE);

  n = g_task_propagate_int (G_TASK (result), &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (n_stored != NULL)
    *n_stored = n;
  return TRUE;
}

static void
rtcc_sqlite_event_store_query_async (RtccEventStore      *store,
                                     RtccEventQuery      *query,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  RtccSqliteEventStore *self = RTCC_SQLITE_EVENT_STORE (store);
  GError *error = NULL;
  ReadSpec *spec;

  if (!rtcc_event_query_validate (query, &error))
    {
      fail_early (self, error, rtcc_sqlite_event_store_query_async, callback, user_data);
      return;
    }

  /* A snapshot: the caller may change the query while the worker runs. */
  spec = g_new0 (ReadSpec, 1);
  if (rtcc_event_query_get_from (query) != NULL)
    spec->from = g_date_time_ref (rtcc_event_query_get_from (query));
  if (rtcc_event_query_get_to (query) != NULL)
    spec->to = g_date_time_ref (rtcc_event_query_get_to (query));
  spec->sources = g_array_copy (rtcc_event_query_get_sources (query));
  spec->types = g_array_copy (rtcc_event_query_get_types (query));
  spec->min_priority = rtcc_event_query_get_min_priority (query);
  spec->has_bbox = rtcc_event_query_get_bbox (query, &spec->south, &spec->west, &spec->north, &spec->east);
  spec->text = g_strdup (rtcc_event_query_get_text (query));
  spec->limit = rtcc_event_query_get_limit (query);
  spec->offset = rtcc_event_query_get_offset (query);

  run_read (self, query_func, spec, (GDestroyNotify) g_ptr_array_unref,
            rtcc_sqlite_event_store_query_async, cancellable, callback, user_data);
}

static GPtrArray *
rtcc_sqlite_event_store_query_finish (RtccEventStore  *store,
                                      GAsyncResult    *result,
                                      GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rtcc_sqlite_event_store_query_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static ReadSpec *
event_spec_new (const char  *event_id,
                GError     **error)
{
  g_autofree char *id = clean_id (event_id);
  ReadSpec *spec;

  if (id == NULL)
    {
      g_set_error (error, RTCC_STORE_ERROR, RTCC_STORE_ERROR_INVALID, _("No event id was given"));
      return NULL;
    }
  spec = g_new0 (ReadSpec, 1);
  spec->event_id = g_steal_pointer (&id);
  return spec;
}

static void
rtcc_sqlite_event_store_get_history_async (RtccEventStore      *store,
                                           const char          *event_id,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  RtccSqliteEventStore *self = RTCC_SQLITE_EVENT_STORE (store);
  GError *error = NULL;
  ReadSpec *spec = event_spec_new (event_id, &error);

  if (spec == NULL)
    fail_early (self, error, rtcc_sqlite_event_store_get_history_async, callback, user_data);
  else
    run_read (self, history_func, spec, (GDestroyNotify) g_ptr_array_unref,
              rtcc_sqlite_event_store_get_history_async, cancellable, callback, user_data);
}

static GPtrArray *
rtcc_sqlite_event_store_get_history_finish (RtccEventStore  *store,
                                            GAsyncResult    *result,
                                            GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rtcc_sqlite_event_store_get_history_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
rtcc_sqlite_event_store_acknowledge_async (RtccEventStore      *store,
                                           const char          *event_id,
                                           const char          *operator_id,
                                           const char          *notes,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  RtccSqliteEventStore *self = RTCC_SQLITE_EVENT_STORE (store);
  WriteOp *op = write_op_new (self, OP_ACKNOWLEDGE, rtcc_sqlite_event_store_acknowledge_async,
                              cancellable, callback, user_data);

  op->event_id = clean_id (event_id);
  op->operator_id = clean_arg (operator_id, MAX_NAME_BYTES);
  op->notes = clean_arg (notes, MAX_NOTES_BYTES);
  if (op->event_id == NULL)
    g_set_error (&op->error, RTCC_STORE_ERROR, RTCC_STORE_ERROR_INVALID, _("No event id was given"));
  else if (op->operator_id == NULL)
    g_set_error (&op->error, RTCC_STORE_ERROR, RTCC_STORE_ERROR_INVALID,
                 _("An acknowledgment needs the operator's id; sign in first"));
  submit_op (self, op);
}

static RtccAcknowledgment *
rtcc_sqlite_event_store_acknowledge_finish (RtccEventStore  *store,
                                            GAsyncResult    *result,
                                            GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rtcc_sqlite_event_store_acknowledge_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
rtcc_sqlite_event_store_get_acknowledgment_async (RtccEventStore      *store,
                                                  const char          *event_id,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data)
{
  RtccSqliteEventStore *self = RTCC_SQLITE_EVENT_STORE (store);
  GError *error = NULL;
  ReadSpec *spec = event_spec_new (event_id, &error);

  if (spec == NULL)
    fail_early (self, error, rtcc_sqlite_event_store_get_acknowledgment_async, callback, user_data);
  else
    run_read (self, ack_func, spec, (GDestroyNotify) g_ptr_array_unref,
              rtcc_sqlite_event_store_get_acknowledgment_async, cancellable, callback, user_data);
}

static gboolean
rtcc_sqlite_event_store_get_acknowledgment_finish (RtccEventStore      *store,
                                                   GAsyncResult        *result,
                                                   RtccAcknowledgment **ack,
                                                   GError             **error)
{
  g_autoptr(GPtrArray) found = NULL;

  g_return_val_if_fail (g_task_is_valid (result, store), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rtcc_sqlite_event_store_get_acknowledgment_async, FALSE);

  if (ack != NULL)
    *ack = NULL;
  if ((found = g_task_propagate_pointer (G_TASK (result), error)) == NULL)
    return FALSE;
  if (ack != NULL && found->len > 0)
    *ack = rtcc_acknowledgment_copy (g_ptr_array_index (found, 0));
  return TRUE;
}

/* Normalizes the parts between wildcards; runs of `*` become one. */
static char *
normalize_wildcard (const char *pattern)
{
  g_auto(GStrv) parts = g_strsplit (pattern, "*", -1);
  g_autoptr(GString) s = g_string_new (NULL);
  gsize n_literal = 0;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_autofree char *part = rtcc_plate_search_key (parts[i]);

      if (i > 0 && (s->len == 0 || s->str[s->len - 1] != '*'))
        g_string_append_c (s, '*');
      if (part != NULL)
        {
          g_string_append (s, part);
          n_literal += strlen (part);
        }
    }
  /* Only wildcards would list every read ever stored. */
  if (n_literal == 0 || n_literal > RTCC_PLATE_MAX_LENGTH)
    return NULL;
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static void
rtcc_sqlite_event_store_search_plates_async (RtccEventStore      *store,
                                             const char          *pattern,
                                             RtccPlateMatch       mode,
                                             GDateTime           *from,
                                             GDateTime           *to,
                                             guint                limit,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data)
{
  RtccSqliteEventStore *self = RTCC_SQLITE_EVENT_STORE (store);
  g_autofree char *normalized = NULL;
  GError *error = NULL;
  ReadSpec *spec;

  if (mode != RTCC_PLATE_MATCH_EXACT && mode != RTCC_PLATE_MATCH_WILDCARD &&
      mode != RTCC_PLATE_MATCH_MISREAD)
    {
      g_set_error (&error, RTCC_STORE_ERROR, RTCC_STORE_ERROR_INVALID,
                   _("Unknown plate match mode %d"), (int) mode);
      fail_early (self, error, rtcc_sqlite_event_store_search_plates_async, callback, user_data);
      return;
    }

  /* A huge pattern is refused before it is split or copied. */
  if (pattern == NULL || strlen (pattern) > MAX_PATTERN_BYTES)
    normalized = NULL;
  else if (mode == RTCC_PLATE_MATCH_WILDCARD)
    normalized = normalize_wildcard (pattern);
  else
    normalized = rtcc_plate_search_key (pattern);

  if (normalized == NULL)
    {
      g_set_error (&error, RTCC_STORE_ERROR, RTCC_STORE_ERROR_INVALID,
                   _("Enter a plate of 1 to %d letters and digits"), RTCC_PLATE_MAX_LENGTH);
      fail_early (self, error, rtcc_sqlite_event_store_search_plates_async, callback, user_data);
      return;
    }
  if (from != NULL && to != NULL && g_date_time_compare (from, to) > 0)
    {
      g_set_error (&error, RTCC_STORE_ERROR, RTCC_STORE_ERROR_INVALID,
                   _("The time range ends before it starts; swap the two times"));
      fail_early (self, error, rtcc_sqlite_event_store_search_plates_async, callback, user_data);
      return;
    }

  spec = g_new0 (ReadSpec, 1);
  spec->pattern = g_steal_pointer (&normalized);
  spec->mode = mode;
  spec->from = from != NULL ? g_date_time_ref (from) : NULL;
  spec->to = to != NULL ? g_date_time_ref (to) : NULL;
  spec->limit = CLAMP (limit, 1, RTCC_EVENT_QUERY_MAX_LIMIT);
  run_read (self, plates_func, spec, (GDestroyNotify) g_ptr_array_unref,
            rtcc_sqlite_event_store_search_plates_async, cancellable, callback, user_data);
}

static GPtrArray *
rtcc_sqlite_event_store_search_plates_finish (RtccEventStore  *store,
                                              GAsyncResult    *result,
                                              GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rtcc_sqlite_event_store_search_plates_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
submit_link (RtccSqliteEventStore *self,
             OpKind                kind,
             gpointer              source_tag,
             const char           *event_id,
             const char           *evidence_kind,
             const char           *ref,
             GCancellable         *cancellable,
             GAsyncReadyCallback   callback,
             gpointer              user_data)
{
  WriteOp *op = write_op_new (self, kind, source_tag, cancellable, callback, user_data);

  op->event_id = clean_id (event_id);
  op->evidence_kind = clean_arg (evidence_kind, MAX_NAME_BYTES);
  op->ref = clean_arg (ref, MAX_NAME_BYTES);
  if (op->event_id == NULL || op->evidence_kind == NULL || op->ref == NULL)
    g_set_error (&op->error, RTCC_STORE_ERROR, RTCC_STORE_ERROR_INVALID,
                 _("An evidence link needs an event id, a kind and a reference"));
  submit_op (self, op);
}

static void
rtcc_sqlite_event_store_link_evidence_async (RtccEventStore      *store,
                                             const char          *event_id,
                                             const char          *kind,
                                             const char          *ref,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data)
{
  submit_link (RTCC_SQLITE_EVENT_STORE (store), OP_LINK, rtcc_sqlite_event_store_link_evidence_async,
               event_id, kind, ref, cancellable, callback, user_data);
}

static gboolean
rtcc_sqlite_event_store_link_evidence_finish (RtccEventStore  *store,
                                              GAsyncResult    *result,
                                              GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rtcc_sqlite_event_store_link_evidence_async, FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
rtcc_sqlite_event_store_unlink_evidence_async (RtccEventStore      *store,
                                               const char          *event_id,
                                               const char          *kind,
                                               const char          *ref,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data)
{
  submit_link (RTCC_SQLITE_EVENT_STORE (store), OP_UNLINK, rtcc_sqlite_event_store_unlink_evidence_async,
               event_id, kind, ref, cancellable, callback, user_data);
}

static gboolean
rtcc_sqlite_event_store_unlink_evidence_finish (RtccEventStore  *store,
                                                GAsyncResult    *result,
                                                GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rtcc_sqlite_event_store_unlink_evidence_async, FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
rtcc_sqlite_event_store_list_evidence_async (RtccEventStore      *store,
                                             const char          *event_id,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data)
{
  RtccSqliteEventStore *self = RTCC_SQLITE_EVENT_STORE (store);
  GError *error = NULL;
  ReadSpec *spec = event_spec_new (event_id, &error);

  if (spec == NULL)
    fail_early (self, error, rtcc_sqlite_event_store_list_evidence_async, callback, user_data);
  else
    run_read (self, evidence_func, spec, (GDestroyNotify) g_ptr_array_unref,
              rtcc_sqlite_event_store_list_evidence_async, cancellable, callback, user_data);
}

static GPtrArray *
rtcc_sqlite_event_store_list_evidence_finish (RtccEventStore  *store,
                                              GAsyncResult    *result,
                                              GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rtcc_sqlite_event_store_list_evidence_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
rtcc_sqlite_event_store_purge_async (RtccEventStore      *store,
                                     GDateTime           *older_than,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  RtccSqliteEventStore *self = RTCC_SQLITE_EVENT_STORE (store);
  WriteOp *op = write_op_new (self, OP_PURGE, rtcc_sqlite_event_store_purge_async,
                              cancellable, callback, user_data);

  op->cutoff = rtcc_time_to_unix_usec (older_than);
  submit_op (self, op);
}

static gboolean
rtcc_sqlite_event_store_purge_finish (RtccEventStore  *store,
                                      GAsyncResult    *result,
                                      guint64         *n_removed,
                                      GError         **error)
{
  g_autofree guint64 *n = NULL;

  g_return_val_if_fail (g_task_is_valid (result, store), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rtcc_sqlite_event_store_purge_async, FALSE);

  if ((n = g_task_propagate_pointer (G_TASK (result), error)) == NULL)
    return FALSE;
  if (n_removed != NULL)
    *n_removed = *n;
  return TRUE;
}

static void
rtcc_sqlite_event_store_close (RtccEventStore *store)
{
  RtccSqliteEventStore *self = RTCC_SQLITE_EVENT_STORE (store);
  GThread *prepare_thread;
  GThread *writer_thread;

  {
    g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);

    if (self->closed)
      return;
    self->closed = TRUE;
  }

  /* The reader goes first: the writer's connection, closing last, folds
   * the write-ahead log back into the database file and removes it. */
  {
    g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->read_lock);

    g_clear_pointer (&self->reader, conn_close);
  }

  {
    g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);

    prepare_thread = g_steal_pointer (&self->prepare_thread);
    writer_thread = g_steal_pointer (&self->writer_thread);
    if (prepare_thread != NULL)
      {
        WriteOp *op = g_new0 (WriteOp, 1);

        op->kind = OP_CLOSE;
        g_async_queue_push (self->queue, op);
      }
  }

  /* The last reference can be dropped on the writer thread itself, when
   * it completes a task; it cannot wait for itself then, and frees its
   * own state when it reaches the close. */
  for (guint i = 0; i < 2; i++)
    {
      GThread *thread = i == 0 ? prepare_thread : writer_thread;

      if (thread == NULL)
        continue;
      if (thread == g_thread_self ())
        g_thread_unref (thread);
      else
        g_thread_join (thread);
    }
}

static void
rtcc_sqlite_event_store_iface_init (RtccEventStoreInterface *iface)
{
  iface->insert_async = rtcc_sqlite_event_store_insert_async;
  iface->insert_finish = rtcc_sqlite_event_store_insert_finish;
  iface->query_async = rtcc_sqlite_event_store_query_async;
  iface->query_finish = rtcc_sqlite_event_store_query_finish;
  iface->get_history_async = rtcc_sqlite_event_store_get_history_async;
  iface->get_history_finish = rtcc_sqlite_event_store_get_history_finish;
  iface->acknowledge_async = rtcc_sqlite_event_store_acknowledge_async;
  iface->acknowledge_finish = rtcc_sqlite_event_store_acknowledge_finish;
  iface->get_acknowledgment_async = rtcc_sqlite_event_store_get_acknowledgment_async;
  iface->get_acknowledgment_finish = rtcc_sqlite_event_store_get_acknowledgment_finish;
  iface->search_plates_async = rtcc_sqlite_event_store_search_plates_async;
  iface->search_plates_finish = rtcc_sqlite_event_store_search_plates_finish;
  iface->link_evidence_async = rtcc_sqlite_event_store_link_evidence_async;
  iface->link_evidence_finish = rtcc_sqlite_event_store_link_evidence_finish;
  iface->unlink_evidence_async = rtcc_sqlite_event_store_unlink_evidence_async;
  iface->unlink_evidence_finish = rtcc_sqlite_event_store_unlink_evidence_finish;
  iface->list_evidence_async = rtcc_sqlite_event_store_list_evidence_async;
  iface->list_evidence_finish = rtcc_sqlite_event_store_list_evidence_finish;
  iface->purge_async = rtcc_sqlite_event_store_purge_async;
  iface->purge_finish = rtcc_sqlite_event_store_purge_finish;
  iface->close = rtcc_sqlite_event_store_close;
}

/* GInitable */

static gboolean
rtcc_sqlite_event_store_initable_init_impl (GInitable     *initable,
                                            GCancellable  *cancellable,
                                            GError       **error)
{
  RtccSqliteEventStore *self = RTCC_SQLITE_EVENT_STORE (initable);
  g_autoptr(Conn) writer = NULL;
  g_autoptr(Conn) reader = NULL;
  Preparer *p;
  Writer *w;

  if (self->path == NULL || *self->path == '\0' || g_str_equal (self->path, ":memory:") ||
      g_str_has_prefix (self->path, "file:"))
    {
      g_set_error (error, RTCC_STORE_ERROR, RTCC_STORE_ERROR_INVALID,
                   _("The event history needs a file path; an in-memory database cannot be "
                     "shared by its reader and writer"));
      return FALSE;
    }

  if ((writer = conn_open (self->path, FALSE, self->busy_timeout_ms, error)) == NULL ||
      !conn_configure (writer, TRUE, error) ||
      !conn_migrate (writer, error))
    return FALSE;

  if ((reader = conn_open (self->path, TRUE, self->busy_timeout_ms, error)) == NULL ||
      !conn_configure (reader, FALSE, error))
    return FALSE;

  self->reader = g_steal_pointer (&reader);
  self->queue = g_async_queue_new ();

  w = g_new0 (Writer, 1);
  w->conn = *writer;
  /* Plates left waiting for their pairs by an earlier run. */
  w->conn.grams_pending = TRUE;
  g_free (g_steal_pointer (&writer));
  w->queue = g_async_queue_new ();

  p = g_new0 (Preparer, 1);
  p->in = g_async_queue_ref (self->queue);
  p->out = g_async_queue_ref (w->queue);

  self->writer_thread = g_thread_new ("rtcc-store-writer", writer_thread_func, w);
  self->prepare_thread = g_thread_new ("rtcc-store-prepare", prepare_thread_func, p);
  return TRUE;
}

static void
rtcc_sqlite_event_store_initable_init (GInitableIface *iface)
{
  iface->init = rtcc_sqlite_event_store_initable_init_impl;
}

/* GObject */

static void
rtcc_sqlite_event_store_finalize (GObject *object)
{
  RtccSqliteEventStore *self = (RtccSqliteEventStore *) object;

  rtcc_sqlite_event_store_close (RTCC_EVENT_STORE (self));
  g_clear_pointer (&self->queue, g_async_queue_unref);
  g_clear_pointer (&self->path, g_free);
  g_mutex_clear (&self->lock);
  g_mutex_clear (&self->read_lock);

  G_OBJECT_CLASS (rtcc_sqlite_event_store_parent_class)->finalize (object);
}

static void
rtcc_sqlite_event_store_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  RtccSqliteEventStore *self = RTCC_SQLITE_EVENT_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    case PROP_BUSY_TIMEOUT:
      g_value_set_uint (value, self->busy_timeout_ms);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rtcc_sqlite_event_store_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  RtccSqliteEventStore *self = RTCC_SQLITE_EVENT_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      self->path = g_value_dup_string (value);
      break;
    case PROP_BUSY_TIMEOUT:
      self->busy_timeout_ms = g_value_get_uint (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rtcc_sqlite_event_store_class_init (RtccSqliteEventStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rtcc_sqlite_event_store_finalize;
  object_class->get_property = rtcc_sqlite_event_store_get_property;
  object_class->set_property = rtcc_sqlite_event_store_set_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * RtccSqliteEventStore:busy-timeout:
   *
   * How long, in milliseconds, a write waits for another program's lock
   * before failing with %RTCC_STORE_ERROR_BUSY.
   */
  properties[PROP_BUSY_TIMEOUT] =
    g_param_spec_uint ("busy-timeout", NULL, NULL, 0, 10 * 60 * 1000, DEFAULT_BUSY_TIMEOUT_MS,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rtcc_sqlite_event_store_init (RtccSqliteEventStore *self)
{
  g_mutex_init (&self->lock);
  g_mutex_init (&self->read_lock);
  self->busy_timeout_ms = DEFAULT_BUSY_TIMEOUT_MS;
}

/**
 * rtcc_sqlite_event_store_new:
 * @path: the database file, created if missing; not ":memory:"
 * @error: return location for a #GError in %RTCC_STORE_ERROR
 *
 * Opens the event history, creating or upgrading its schema. A file that
 * is not a database gives %RTCC_STORE_ERROR_CORRUPT, a file locked by
 * another program %RTCC_STORE_ERROR_BUSY.
 *
 * Returns: (transfer full): the store, or %NULL with @error set
 */
RtccEventStore *
rtcc_sqlite_event_store_new (const char  *path,
                             GError     **error)
{
  return g_initable_new (RTCC_TYPE_SQLITE_EVENT_STORE, NULL, error, "path", path, NULL);
}

/**
 * rtcc_sqlite_event_store_get_path:
 *
 * Returns: the database file, as named in error messages
 */
const char *
rtcc_sqlite_event_store_get_path (RtccSqliteEventStore *self)
{
  g_return_val_if_fail (RTCC_IS_SQLITE_EVENT_STORE (self), NULL);
  return self->path;
}

/**
 * rtcc_sqlite_event_store_get_busy_timeout:
 *
 * Returns: how long a write waits for another program's lock, in ms
 */
guint
rtcc_sqlite_event_store_get_busy_timeout (RtccSqliteEventStore *self)
{
  g_return_val_if_fail (RTCC_IS_SQLITE_EVENT_STORE (self), 0);
  return self->busy_timeout_ms;
}

/**
 * rtcc_sqlite_event_store_new_async:
 * @path: the database file, created if missing; not ":memory:"
 *
 * Opens the event history on a worker thread: recovering the write-ahead
 * log of a large history after a crash can take a while, and the window
 * should be up meanwhile.
 */
void
rtcc_sqlite_event_store_new_async (const char          *path,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_async_initable_new_async (RTCC_TYPE_SQLITE_EVENT_STORE, G_PRIORITY_DEFAULT, cancellable,
                              callback, user_data, "path", path, NULL);
}

/**
 * rtcc_sqlite_event_store_new_finish:
 * @error: return location for a #GError in %RTCC_STORE_ERROR
 *
 * Returns: (transfer full): the store, or %NULL with @error set
 */
RtccEventStore *
rtcc_sqlite_event_store_new_finish (GAsyncResult  *result,
                                    GError       **error)
{
  g_autoptr(GObject) source = g_async_result_get_source_object (result);

  return RTCC_EVENT_STORE (g_async_initable_new_finish (G_ASYNC_INITABLE (source), result, error));
}
