/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "rtcc-event-store.h"
#include "rtcc-json.h"
#include "rtcc-sqlite-event-store.h"
#include "rtcc-time.h"

/* A fixed "now" keeps times readable: 2026-11-23T04:00:00Z. */
#define BASE_UNIX 1795406400

typedef struct
{
  char           *dir;
  char           *path;
  RtccEventStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("rtcc-store-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "events.db", NULL);
  f->store = rtcc_sqlite_event_store_new (f->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->store);
}

static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *file = g_build_filename (dir, name, NULL);
      g_unlink (file);
    }
  g_rmdir (dir);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  if (f->store != NULL)
    rtcc_event_store_close (f->store);
  g_clear_object (&f->store);
  remove_dir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

/* Async plumbing: run the main loop until the result arrives. */

static void
got_result (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static gboolean
insert_sync (RtccEventStore  *store,
             GPtrArray       *events,
             guint           *n_stored,
             GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  rtcc_event_store_insert_async (store, events, NULL, got_result, &result);
  return rtcc_event_store_insert_finish (store, wait_for (&result), n_stored, error);
}

static guint
insert_ok (RtccEventStore *store,
           GPtrArray      *events)
{
  g_autoptr(GError) error = NULL;
  guint n = G_MAXUINT;

  g_assert_true (insert_sync (store, events, &n, &error));
  g_assert_no_error (error);
  return n;
}

static guint
insert_one (RtccEventStore *store,
            RtccEvent      *event)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new ();

  g_ptr_array_add (events, event);
  return insert_ok (store, events);
}

static GPtrArray *
query_sync (RtccEventStore  *store,
            RtccEventQuery  *query,
            GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  rtcc_event_store_query_async (store, query, NULL, got_result, &result);
  return rtcc_event_store_query_finish (store, wait_for (&result), error);
}

static GPtrArray *
query_ok (RtccEventStore *store,
          RtccEventQuery *query)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *events = query_sync (store, query, &error);

  g_assert_no_error (error);
  g_assert_nonnull (events);
  return events;
}

static GPtrArray *
history_sync (RtccEventStore  *store,
              const char      *id,
              GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  rtcc_event_store_get_history_async (store, id, NULL, got_result, &result);
  return rtcc_event_store_get_history_finish (store, wait_for (&result), error);
}

static GPtrArray *
plates_sync (RtccEventStore  *store,
             const char      *pattern,
             RtccPlateMatch   mode,
             GDateTime       *from,
             GDateTime       *to,
             guint            limit,
             GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  rtcc_event_store_search_plates_async (store, pattern, mode, from, to, limit, NULL, got_result, &result);
  return rtcc_event_store_search_plates_finish (store, wait_for (&result), error);
}

static RtccAcknowledgment *
acknowledge_sync (RtccEventStore  *store,
                  const char      *id,
                  const char      *operator_id,
                  const char      *notes,
                  GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  rtcc_event_store_acknowledge_async (store, id, operator_id, notes, NULL, got_result, &result);
  return rtcc_event_store_acknowledge_finish (store, wait_for (&result), error);
}

static gboolean
get_ack_sync (RtccEventStore      *store,
              const char          *id,
              RtccAcknowledgment **ack,
              GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  rtcc_event_store_get_acknowledgment_async (store, id, NULL, got_result, &result);
  return rtcc_event_store_get_acknowledgment_finish (store, wait_for (&result), ack, error);
}

static gboolean
link_sync (RtccEventStore  *store,
           gboolean         link,
           const char      *id,
           const char      *kind,
           const char      *ref,
           GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  if (link)
    {
      rtcc_event_store_link_evidence_async (store, id, kind, ref, NULL, got_result, &result);
      return rtcc_event_store_link_evidence_finish (store, wait_for (&result), error);
    }
  rtcc_event_store_unlink_evidence_async (store, id, kind, ref, NULL, got_result, &result);
  return rtcc_event_store_unlink_evidence_finish (store, wait_for (&result), error);
}

static GPtrArray *
list_evidence_sync (RtccEventStore  *store,
                    const char      *id,
                    GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  rtcc_event_store_list_evidence_async (store, id, NULL, got_result, &result);
  return rtcc_event_store_list_evidence_finish (store, wait_for (&result), error);
}

static gboolean
purge_sync (RtccEventStore  *store,
            GDateTime       *older_than,
            guint64         *n,
            GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  rtcc_event_store_purge_async (store, older_than, NULL, got_result, &result);
  return rtcc_event_store_purge_finish (store, wait_for (&result), n, error);
}

/* Events */

static GDateTime *
at_minute (int minute)
{
  return g_date_time_new_from_unix_utc (BASE_UNIX + minute * 60);
}

static RtccEvent *
make_event_full (RtccSource     source,
                 RtccEventType  type,
                 const char    *vendor_id,
                 int            minute,
                 guint          version,
                 RtccPriority   priority,
                 gboolean       located,
                 double         lat,
                 double         lon,
                 const char    *title,
                 const char    *plate)
{
  g_autoptr(RtccEventBuilder) b = rtcc_event_builder_new (source, type, vendor_id);
  g_autoptr(GDateTime) at = at_minute (minute);
  g_autoptr(GError) error = NULL;
  RtccEvent *event;

  rtcc_event_builder_set_occurred_at (b, at);
  rtcc_event_builder_set_version (b, version);
  rtcc_event_builder_set_priority (b, priority);
  if (located)
    rtcc_event_builder_set_location (b, lat, lon);
  if (title != NULL)
    rtcc_event_builder_set_title (b, title);
  if (plate != NULL)
    {
      rtcc_event_builder_set_string (b, "plate_number", plate);
      rtcc_event_builder_set_string (b, "plate_state", "IL");
      rtcc_event_builder_set_double (b, "plate_confidence", 0.93);
      rtcc_event_builder_set_string (b, "camera_name", "Madison & Ashland NB");
    }
  event = rtcc_event_builder_end (g_steal_pointer (&b), &error);
  g_assert_no_error (error);
  return event;
}

static RtccEvent *
make_gunshot (const char *vendor_id,
              int         minute,
              guint       version,
              const char *title)
{
  return make_event_full (RTCC_SOURCE_SHOTSPOTTER, RTCC_EVENT_TYPE_GUNSHOT, vendor_id, minute, version,
                          RTCC_PRIORITY_HIGH, TRUE, 41.8815, -87.6557, title, NULL);
}

static RtccEvent *
make_read (const char *vendor_id,
           int         minute,
           const char *plate)
{
  return make_event_full (RTCC_SOURCE_FLOCK, RTCC_EVENT_TYPE_LPR_READ, vendor_id, minute, 1,
                          RTCC_PRIORITY_LOW, TRUE, 41.88, -87.66, NULL, plate);
}

static gboolean
has_id (GPtrArray  *events,
        const char *id)
{
  for (guint i = 0; i < events->len; i++)
    if (g_str_equal (rtcc_event_get_id (g_ptr_array_index (events, i)), id))
      return TRUE;
  return FALSE;
}

static void
assert_ids (GPtrArray  *events,
            const char *first,
            ...)
{
  va_list args;
  guint i = 0;

  va_start (args, first);
  for (const char *id = first; id != NULL; id = va_arg (args, const char *), i++)
    {
      g_assert_cmpuint (i, <, events->len);
      g_assert_cmpstr (rtcc_event_get_id (g_ptr_array_index (events, i)), ==, id);
    }
  va_end (args);
  g_assert_cmpuint (i, ==, events->len);
}

static gint64
count_rows (const char *path,
            const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  /* The store may be folding its log into the file at this moment. */
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

/* The store writes each event's JSON itself; it must be the document
 * rtcc_event_to_json() makes. */
static void
assert_stored_json (const char *path,
                    GPtrArray  *events)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  for (guint i = 0; i < events->len; i++)
    {
      RtccEvent *event = g_ptr_array_index (events, i);
      g_autoptr(JsonNode) expected = rtcc_event_to_json (event);
      g_autoptr(JsonNode) stored = NULL;
      g_autoptr(GError) error = NULL;
      sqlite3_stmt *stmt = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT json FROM events WHERE id = ?", -1, &stmt, NULL), ==, SQLITE_OK);
      sqlite3_bind_text (stmt, 1, rtcc_event_get_id (event), -1, SQLITE_STATIC);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      stored = rtcc_json_parse ((const char *) sqlite3_column_text (stmt, 0), -1, &error);
      g_assert_no_error (error);
      if (!json_node_equal (stored, expected))
        {
          g_autofree char *a = rtcc_json_to_string (stored, FALSE);
          g_autofree char *b = rtcc_json_to_string (expected, FALSE);
          g_error ("stored %s\nexpected %s", a, b);
        }
      sqlite3_finalize (stmt);
    }
  sqlite3_close (db);
}

/* Tests */

static void
test_plate_keys (void)
{
  g_autofree char *n1 = rtcc_plate_search_key (" abc-12.34 ");
  g_autofree char *n2 = rtcc_plate_search_key ("--  ");
  g_autofree char *n3 = rtcc_plate_search_key ("ABCDEFGHIJKLMNOPQRSTUVWXYZ");
  g_autofree char *skel = rtcc_plate_skeleton ("OD0Q B8 IL1 S5 Z2 G6");

  g_assert_cmpstr (n1, ==, "ABC1234");
  g_assert_null (n2);
  g_assert_null (n3);
  g_assert_null (rtcc_plate_search_key (NULL));
  g_assert_cmpstr (skel, ==, "0000 88 111 55 22 66");

  g_assert_true (rtcc_plate_is_misread_of ("ABC1234", "ABC1234"));
  g_assert_true (rtcc_plate_is_misread_of ("ABC1234", "A8C1234"));
  g_assert_true (rtcc_plate_is_misread_of ("OAK2345", "0AK2345"));
  g_assert_true (rtcc_plate_is_misread_of ("ABC1234", "ABC123"));
  g_assert_true (rtcc_plate_is_misread_of ("ABC1234", "XABC1234"));
  g_assert_true (rtcc_plate_is_misread_of ("ABC1234", "AC1234"));
  /* Two look-alikes, an unrelated substitution, two missing characters. */
  g_assert_false (rtcc_plate_is_misread_of ("ABC1234", "A8C1Z34"));
  g_assert_false (rtcc_plate_is_misread_of ("ABC1234", "ABC1235"));
  g_assert_false (rtcc_plate_is_misread_of ("ABC1234", "ABC12"));
  g_assert_false (rtcc_plate_is_misread_of ("ABC1234", "XBC1234"));
}

static void
test_open_refuses_memory (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RtccEventStore) store = rtcc_sqlite_event_store_new (":memory:", &error);

  g_assert_null (store);
  g_assert_error (error, RTCC_STORE_ERROR, RTCC_STORE_ERROR_INVALID);
}

static void
test_round_trip (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(RtccEventQuery) query = rtcc_event_query_new ();
  g_autoptr(GPtrArray) found = NULL;

  g_ptr_array_add (events, make_gunshot ("SS-1", 1, 1, "Single gunshot"));
  g_ptr_array_add (events, make_read ("r-1", 3, "ABC1234"));
  g_ptr_array_add (events, make_event_full (RTCC_SOURCE_ONESOLUTION, RTCC_EVENT_TYPE_INCIDENT_CREATED,
                                            "2026-000123", 2, 1, RTCC_PRIORITY_NORMAL, FALSE, 0, 0,
                                            "Robbery", NULL));
  {
    /* Milliseconds, a local offset, and every kind of attribute value. */
    g_autoptr(RtccEventBuilder) b = rtcc_event_builder_new (RTCC_SOURCE_ONESOLUTION,
                                                           RTCC_EVENT_TYPE_INCIDENT_UPDATED, "2026-000124");
    g_autoptr(GDateTime) at = rtcc_time_parse_iso ("2026-11-22T22:00:00.12-06:00", NULL);
    g_autoptr(JsonNode) units = json_from_string ("[\"1A23\", \"1A24\", {\"unit\": null, \"n\": [1, 2.5, true]}]", NULL);
    g_autoptr(GError) error = NULL;

    rtcc_event_builder_set_occurred_at (b, at);
    rtcc_event_builder_set_received_at (b, at);
    rtcc_event_builder_set_member (b, "responding_units", units);
    rtcc_event_builder_set_double (b, "whole", 4.0);
    rtcc_event_builder_set_double (b, "tiny", 1e-300);
    rtcc_event_builder_set_int (b, "big", G_MININT64);
    rtcc_event_builder_set_boolean (b, "open", FALSE);
    rtcc_event_builder_set_string (b, "empty", "");
    rtcc_event_builder_set_member (b, "nothing", NULL);
    g_ptr_array_add (events, rtcc_event_builder_end (g_steal_pointer (&b), &error));
    g_assert_no_error (error);
  }
  g_assert_cmpuint (insert_ok (f->store, events), ==, 4);
  assert_stored_json (f->path, events);

  found = query_ok (f->store, query);
  assert_ids (found, "flock:r-1", "onesolution:2026-000123", "shotspotter:SS-1",
              "onesolution:2026-000124", NULL);
  for (guint i = 0; i < found->len; i++)
    {
      RtccEvent *back = g_ptr_array_index (found, i);
      RtccEvent *orig = NULL;

      for (guint j = 0; j < events->len; j++)
        if (g_str_equal (rtcc_event_get_id (g_ptr_array_index (events, j)), rtcc_event_get_id (back)))
          orig = g_ptr_array_index (events, j);
      g_assert_nonnull (orig);
      g_assert_true (rtcc_event_equal_content (orig, back));
      g_assert_cmpuint (rtcc_event_get_version (orig), ==, rtcc_event_get_version (back));
    }
  g_assert_false (rtcc_event_get_location (g_ptr_array_index (found, 1), NULL, NULL));

  /* A replay of the same batch stores nothing. */
  g_assert_cmpuint (insert_ok (f->store, events), ==, 0);
  g_clear_pointer (&found, g_ptr_array_unref);
  found = query_ok (f->store, query);
  g_assert_cmpuint (found->len, ==, 4);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM events"), ==, 4);
}

static void
test_versions (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(RtccEvent) v1 = make_gunshot ("SS-9", 5, 1, "Single gunshot");
  g_autoptr(RtccEvent) v2 = make_gunshot ("SS-9", 5, 2, "Multiple gunshots (4 rounds)");
  g_autoptr(RtccEvent) v1_again = make_gunshot ("SS-9", 5, 1, "Single gunshot (replayed)");
  g_autoptr(RtccEvent) v3 = make_event_full (RTCC_SOURCE_SHOTSPOTTER, RTCC_EVENT_TYPE_GUNSHOT, "SS-9", 5, 3,
                                             RTCC_PRIORITY_CRITICAL, TRUE, 41.90, -87.70,
                                             "Multiple gunshots (6 rounds)", NULL);
  g_autoptr(RtccEventQuery) query = rtcc_event_query_new ();
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (insert_one (f->store, v1), ==, 1);
  g_assert_cmpuint (insert_one (f->store, v2), ==, 1);
  g_assert_cmpuint (insert_one (f->store, v1_again), ==, 0);
  g_assert_cmpuint (insert_one (f->store, v2), ==, 0);

  found = query_ok (f->store, query);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpuint (rtcc_event_get_version (g_ptr_array_index (found, 0)), ==, 2);
  g_assert_cmpstr (rtcc_event_get_title (g_ptr_array_index (found, 0)), ==, "Multiple gunshots (4 rounds)");

  history = history_sync (f->store, "shotspotter:SS-9", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 2);
  g_assert_true (rtcc_event_equal_content (g_ptr_array_index (history, 0), v1));
  g_assert_cmpuint (rtcc_event_get_version (g_ptr_array_index (history, 0)), ==, 1);
  g_assert_true (rtcc_event_equal_content (g_ptr_array_index (history, 1), v2));
  g_clear_pointer (&history, g_ptr_array_unref);

  /* A newer version that moved also moves in the spatial index. */
  g_assert_cmpuint (insert_one (f->store, v3), ==, 1);
  history = history_sync (f->store, "shotspotter:SS-9", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 3);
  g_assert_cmpuint (rtcc_event_get_version (g_ptr_array_index (history, 2)), ==, 3);
  g_clear_pointer (&found, g_ptr_array_unref);
  rtcc_event_query_set_bbox (query, 41.85, -87.67, 41.89, -87.64);
  found = query_ok (f->store, query);
  g_assert_cmpuint (found->len, ==, 0);
  g_clear_pointer (&found, g_ptr_array_unref);
  rtcc_event_query_set_bbox (query, 41.89, -87.71, 41.91, -87.69);
  found = query_ok (f->store, query);
  g_assert_cmpuint (found->len, ==, 1);

  g_clear_pointer (&history, g_ptr_array_unref);
  history = history_sync (f->store, "shotspotter:nope", &error);
  g_assert_null (history);
  g_assert_error (error, RTCC_STORE_ERROR, RTCC_STORE_ERROR_NOT_FOUND);
}

static void
test_spatial (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(RtccEventQuery) query = rtcc_event_query_new ();
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;

  /* West Loop, Loop, Lincoln Park, no location. */
  g_ptr_array_add (events, make_event_full (RTCC_SOURCE_MILESTONE, RTCC_EVENT_TYPE_CAMERA_ALERT, "c1", 1, 1,
                                            RTCC_PRIORITY_NORMAL, TRUE, 41.8815, -87.6557, NULL, NULL));
  g_ptr_array_add (events, make_event_full (RTCC_SOURCE_MILESTONE, RTCC_EVENT_TYPE_CAMERA_ALERT, "c2", 2, 1,
                                            RTCC_PRIORITY_NORMAL, TRUE, 41.8781, -87.6298, NULL, NULL));
  g_ptr_array_add (events, make_event_full (RTCC_SOURCE_MILESTONE, RTCC_EVENT_TYPE_CAMERA_ALERT, "c3", 3, 1,
                                            RTCC_PRIORITY_NORMAL, TRUE, 41.9214, -87.6513, NULL, NULL));
  g_ptr_array_add (events, make_event_full (RTCC_SOURCE_MILESTONE, RTCC_EVENT_TYPE_CAMERA_ALERT, "c4", 4, 1,
                                            RTCC_PRIORITY_NORMAL, FALSE, 0, 0, NULL, NULL));
  /* Just outside the box's east edge, closer than float rounding. */
  g_ptr_array_add (events, make_event_full (RTCC_SOURCE_MILESTONE, RTCC_EVENT_TYPE_CAMERA_ALERT, "c5", 5, 1,
                                            RTCC_PRIORITY_NORMAL, TRUE, 41.8800, -87.6399999, NULL, NULL));
  insert_ok (f->store, events);

  rtcc_event_query_set_bbox (query, 41.87, -87.66, 41.89, -87.64);
  found = query_ok (f->store, query);
  assert_ids (found, "milestone:c1", NULL);
  g_clear_pointer (&found, g_ptr_array_unref);

  rtcc_event_query_set_bbox (query, 41.87, -87.66, 41.93, -87.62);
  found = query_ok (f->store, query);
  assert_ids (found, "milestone:c5", "milestone:c3", "milestone:c2", "milestone:c1", NULL);
  g_clear_pointer (&found, g_ptr_array_unref);

  rtcc_event_query_clear_bbox (query);
  found = query_ok (f->store, query);
  g_assert_cmpuint (found->len, ==, 5);
  g_clear_pointer (&found, g_ptr_array_unref);

  rtcc_event_query_set_bbox (query, 42.0, -87.66, 41.0, -87.64);
  found = query_sync (f->store, query, &error);
  g_assert_null (found);
  g_assert_error (error, RTCC_STORE_ERROR, RTCC_STORE_ERROR_INVALID);
}

static void
test_filters (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(RtccEventQuery) query = rtcc_event_query_new ();
  g_autoptr(GDateTime) from = at_minute (10);
  g_autoptr(GDateTime) to = at_minute (20);
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;

  for (int m = 0; m < 30; m++)
    {
      g_autofree char *id = g_strdup_printf ("SS-%02d", m);
      g_autofree char *title = g_strdup_printf ("Gunshot %d at 100%% confidence", m);
      g_ptr_array_add (events, make_event_full (RTCC_SOURCE_SHOTSPOTTER, RTCC_EVENT_TYPE_GUNSHOT, id, m, 1,
                                                m % 4, TRUE, 41.88, -87.65, title, NULL));
    }
  g_ptr_array_add (events, make_read ("r-15", 15, "ABC1234"));
  insert_ok (f->store, events);

  /* Time range: from included, to excluded, newest first. */
  rtcc_event_query_set_time_range (query, from, to);
  found = query_ok (f->store, query);
  g_assert_cmpuint (found->len, ==, 11);
  g_assert_cmpstr (rtcc_event_get_id (g_ptr_array_index (found, 0)), ==, "shotspotter:SS-19");
  g_assert_cmpstr (rtcc_event_get_id (g_ptr_array_index (found, 10)), ==, "shotspotter:SS-10");
  g_assert_true (has_id (found, "flock:r-15"));
  g_clear_pointer (&found, g_ptr_array_unref);

  /* Sources and types. */
  rtcc_event_query_add_source (query, RTCC_SOURCE_FLOCK);
  found = query_ok (f->store, query);
  assert_ids (found, "flock:r-15", NULL);
  g_clear_pointer (&found, g_ptr_array_unref);
  rtcc_event_query_add_source (query, RTCC_SOURCE_SHOTSPOTTER);
  rtcc_event_query_add_type (query, RTCC_EVENT_TYPE_GUNSHOT);
  found = query_ok (f->store, query);
  g_assert_cmpuint (found->len, ==, 10);
  g_assert_false (has_id (found, "flock:r-15"));
  g_clear_pointer (&found, g_ptr_array_unref);

  /* Priority minimum: critical is m % 4 == 3 (11, 15, 19). */
  rtcc_event_query_set_min_priority (query, RTCC_PRIORITY_CRITICAL);
  found = query_ok (f->store, query);
  assert_ids (found, "shotspotter:SS-19", "shotspotter:SS-15", "shotspotter:SS-11", NULL);
  g_clear_pointer (&found, g_ptr_array_unref);

  /* Limit and offset page through the same order. */
  rtcc_event_query_set_min_priority (query, RTCC_PRIORITY_LOW);
  rtcc_event_query_set_limit (query, 3);
  rtcc_event_query_set_offset (query, 2);
  found = query_ok (f->store, query);
  assert_ids (found, "shotspotter:SS-17", "shotspotter:SS-16", "shotspotter:SS-15", NULL);
  g_clear_pointer (&found, g_ptr_array_unref);

  /* Text, any case; LIKE wildcards in the text are literal. */
  g_object_unref (query);
  query = rtcc_event_query_new ();
  rtcc_event_query_set_text (query, "gunshot 2");
  found = query_ok (f->store, query);
  g_assert_cmpuint (found->len, ==, 11); /* 2 and 20..29 */
  g_clear_pointer (&found, g_ptr_array_unref);
  rtcc_event_query_set_text (query, "0% conf");
  found = query_ok (f->store, query);
  g_assert_cmpuint (found->len, ==, 30);
  g_clear_pointer (&found, g_ptr_array_unref);
  rtcc_event_query_set_text (query, "_");
  found = query_ok (f->store, query);
  g_assert_cmpuint (found->len, ==, 0);
  g_clear_pointer (&found, g_ptr_array_unref);

  /* An inverted range is refused with a message. */
  rtcc_event_query_set_text (query, NULL);
  rtcc_event_query_set_time_range (query, to, from);
  found = query_sync (f->store, query, &error);
  g_assert_null (found);
  g_assert_error (error, RTCC_STORE_ERROR, RTCC_STORE_ERROR_INVALID);
}

static void
insert_plates (RtccEventStore *store)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);

  g_ptr_array_add (events, make_read ("r1", 1, "ABC1234"));
  g_ptr_array_add (events, make_read ("r2", 2, "ABC1234"));
  g_ptr_array_add (events, make_read ("r3", 3, "A8C1234"));   /* B read as 8 */
  g_ptr_array_add (events, make_read ("r4", 4, "ABC123"));    /* last character missed */
  g_ptr_array_add (events, make_read ("r5", 5, "XABC1234"));  /* an extra character */
  g_ptr_array_add (events, make_read ("r6", 6, "0AK2345"));   /* O read as 0 */
  g_ptr_array_add (events, make_read ("r7", 7, "XYZ9876"));
  g_ptr_array_add (events, make_read ("r8", 8, "ABC9999"));
  g_ptr_array_add (events, make_read ("r9", 9, "A8C1Z34"));   /* two misreads: another plate */
  g_ptr_array_add (events, make_read ("r10", 10, "ABC1235"));
  g_ptr_array_add (events, make_event_full (RTCC_SOURCE_FLOCK, RTCC_EVENT_TYPE_LPR_HIT, "h1", 11, 1,
                                            RTCC_PRIORITY_HIGH, TRUE, 41.88, -87.66, NULL, "abc-1234"));
  /* A BOLO carries a plate but is not a read. */
  g_ptr_array_add (events, make_event_full (RTCC_SOURCE_HOTSHEETS, RTCC_EVENT_TYPE_BOLO_CREATED, "b1", 12, 1,
                                            RTCC_PRIORITY_HIGH, FALSE, 0, 0, NULL, "ABC1234"));
  g_assert_cmpuint (insert_ok (store, events), ==, 12);
}

static void
test_plates_exact (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GDateTime) from = at_minute (2);
  g_autoptr(GDateTime) to = at_minute (11);
  g_autoptr(GError) error = NULL;

  insert_plates (f->store);

  found = plates_sync (f->store, "abc 1234", RTCC_PLATE_MATCH_EXACT, NULL, NULL, 100, &error);
  g_assert_no_error (error);
  assert_ids (found, "flock:h1", "flock:r2", "flock:r1", NULL);
  g_clear_pointer (&found, g_ptr_array_unref);

  found = plates_sync (f->store, "ABC1234", RTCC_PLATE_MATCH_EXACT, from, to, 100, &error);
  g_assert_no_error (error);
  assert_ids (found, "flock:r2", NULL);
  g_clear_pointer (&found, g_ptr_array_unref);

  found = plates_sync (f->store, "ABC1234", RTCC_PLATE_MATCH_EXACT, NULL, NULL, 2, &error);
  g_assert_no_error (error);
  assert_ids (found, "flock:h1", "flock:r2", NULL);
  g_clear_pointer (&found, g_ptr_array_unref);

  found = plates_sync (f->store, " - ", RTCC_PLATE_MATCH_EXACT, NULL, NULL, 100, &error);
  g_assert_null (found);
  g_assert_error (error, RTCC_STORE_ERROR, RTCC_STORE_ERROR_INVALID);
  g_clear_error (&error);

  {
    g_autofree char *huge = g_strnfill (1024 * 1024, '*');
    huge[0] = 'A';
    found = plates_sync (f->store, huge, RTCC_PLATE_MATCH_WILDCARD, NULL, NULL, 100, &error);
    g_assert_null (found);
    g_assert_error (error, RTCC_STORE_ERROR, RTCC_STORE_ERROR_INVALID);
    g_clear_error (&error);
  }

  found = plates_sync (f->store, "ABC1234", 42, NULL, NULL, 100, &error);
  g_assert_null (found);
  g_assert_error (error, RTCC_STORE_ERROR, RTCC_STORE_ERROR_INVALID);
}

/* A stored event the quick reader declines (nesting past its depth) is
 * read back through the full parser, whole, by a plate search and a query. */
static void
test_plates_deep_attribute (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autoptr(JsonNode) nested = NULL;
  g_autoptr(RtccEvent) read = NULL;
  g_autoptr(RtccEvent) plain = make_read ("r-plain", 2, "ABC9999");
  g_autoptr(RtccEventQuery) query = rtcc_event_query_new ();
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GError) error = NULL;

  for (int i = 0; i < 100; i++)
    g_string_append_c (deep, '[');
  g_string_append (deep, "\"bottom\"");
  for (int i = 0; i < 100; i++)
    g_string_append_c (deep, ']');
  nested = json_from_string (deep->str, &error);
  g_assert_no_error (error);
  {
    g_autoptr(RtccEventBuilder) b = rtcc_event_builder_new (RTCC_SOURCE_FLOCK, RTCC_EVENT_TYPE_LPR_READ, "r-deep");
    g_autoptr(GDateTime) at = rtcc_time_parse_iso ("2026-11-22T22:01:00Z", NULL);

    rtcc_event_builder_set_occurred_at (b, at);
    rtcc_event_builder_set_received_at (b, at);
    rtcc_event_builder_set_string (b, "plate_number", "ABC9999");
    rtcc_event_builder_set_member (b, "nested", nested);
    read = rtcc_event_builder_end (g_steal_pointer (&b), &error);
    g_assert_no_error (error);
  }
  g_assert_cmpuint (insert_one (f->store, read), ==, 1);
  g_assert_cmpuint (insert_one (f->store, plain), ==, 1);

  found = plates_sync (f->store, "ABC9999", RTCC_PLATE_MATCH_EXACT, NULL, NULL, 500, &error);
  g_assert_no_error (error);
  assert_ids (found, "flock:r-plain", "flock:r-deep", NULL);
  g_assert_true (rtcc_event_equal_content (g_ptr_array_index (found, 1), read));
  g_assert_true (rtcc_event_equal_content (g_ptr_array_index (found, 0), plain));

  all = query_ok (f->store, query);
  g_assert_cmpuint (all->len, ==, 2);
  g_assert_true (has_id (all, "flock:r-deep"));
}

static void
test_plates_wildcard (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;

  insert_plates (f->store);

  found = plates_sync (f->store, "abc*", RTCC_PLATE_MATCH_WILDCARD, NULL, NULL, 100, &error);
  g_assert_no_error (error);
  assert_ids (found, "flock:h1", "flock:r10", "flock:r8", "flock:r4", "flock:r2", "flock:r1", NULL);
  g_clear_pointer (&found, g_ptr_array_unref);

  found = plates_sync (f->store, "*1234", RTCC_PLATE_MATCH_WILDCARD, NULL, NULL, 100, &error);
  g_assert_no_error (error);
  assert_ids (found, "flock:h1", "flock:r5", "flock:r3", "flock:r2", "flock:r1", NULL);
  g_clear_pointer (&found, g_ptr_array_unref);

  found = plates_sync (f->store, "A*C1**34", RTCC_PLATE_MATCH_WILDCARD, NULL, NULL, 100, &error);
  g_assert_no_error (error);
  assert_ids (found, "flock:h1", "flock:r9", "flock:r3", "flock:r2", "flock:r1", NULL);
  g_clear_pointer (&found, g_ptr_array_unref);

  /* Nothing but wildcards would list every read: refused. */
  found = plates_sync (f->store, "**", RTCC_PLATE_MATCH_WILDCARD, NULL, NULL, 100, &error);
  g_assert_null (found);
  g_assert_error (error, RTCC_STORE_ERROR, RTCC_STORE_ERROR_INVALID);
}

static void
test_plates_misread (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GDateTime) to = at_minute (5);
  g_autoptr(GError) error = NULL;

  insert_plates (f->store);

  found = plates_sync (f->store, "ABC1234", RTCC_PLATE_MATCH_MISREAD, NULL, NULL, 100, &error);
  g_assert_no_error (error);
  assert_ids (found, "flock:h1", "flock:r5", "flock:r4", "flock:r3", "flock:r2", "flock:r1", NULL);
  g_clear_pointer (&found, g_ptr_array_unref);

  /* O typed, 0 read. */
  found = plates_sync (f->store, "OAK2345", RTCC_PLATE_MATCH_MISREAD, NULL, NULL, 100, &error);
  g_assert_no_error (error);
  assert_ids (found, "flock:r6", NULL);
  g_clear_pointer (&found, g_ptr_array_unref);

  /* The searched plate has the extra character; dropping its "4" gives
   * ABC1235, dropping its "5" gives ABC1234. */
  found = plates_sync (f->store, "ABC12345", RTCC_PLATE_MATCH_MISREAD, NULL, NULL, 100, &error);
  g_assert_no_error (error);
  assert_ids (found, "flock:h1", "flock:r10", "flock:r2", "flock:r1", NULL);
  g_clear_pointer (&found, g_ptr_array_unref);

  /* Time window and limit apply after the tolerant match. */
  found = plates_sync (f->store, "ABC1234", RTCC_PLATE_MATCH_MISREAD, NULL, to, 2, &error);
  g_assert_no_error (error);
  assert_ids (found, "flock:r4", "flock:r3", NULL);
  g_clear_pointer (&found, g_ptr_array_unref);

  found = plates_sync (f->store, "QQQ0000", RTCC_PLATE_MATCH_MISREAD, NULL, NULL, 100, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 0);
}

static void
test_plate_update_rekeys (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(RtccEvent) v1 = make_read ("r1", 1, "ABC1234");
  g_autoptr(RtccEvent) v2 = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;

  /* A corrected read replaces its plate in every index. */
  insert_one (f->store, v1);
  v2 = make_event_full (RTCC_SOURCE_FLOCK, RTCC_EVENT_TYPE_LPR_READ, "r1", 1, 2, RTCC_PRIORITY_LOW,
                        TRUE, 41.88, -87.66, NULL, "KLM5678");
  g_assert_cmpuint (insert_one (f->store, v2), ==, 1);

  found = plates_sync (f->store, "ABC1234", RTCC_PLATE_MATCH_MISREAD, NULL, NULL, 100, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 0);
  g_clear_pointer (&found, g_ptr_array_unref);
  found = plates_sync (f->store, "KLM567", RTCC_PLATE_MATCH_MISREAD, NULL, NULL, 100, &error);
  g_assert_no_error (error);
  assert_ids (found, "flock:r1", NULL);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM plate_reads WHERE plate = 'KLM5678'"), ==, 1);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM plate_reads"), ==, 1);

  /* Searches return the new version under the new plate, and nothing
   * under the old one. */
  g_clear_pointer (&found, g_ptr_array_unref);
  found = plates_sync (f->store, "ABC1234", RTCC_PLATE_MATCH_EXACT, NULL, NULL, 100, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 0);
  g_clear_pointer (&found, g_ptr_array_unref);
  found = plates_sync (f->store, "KLM5678", RTCC_PLATE_MATCH_EXACT, NULL, NULL, 100, &error);
  g_assert_no_error (error);
  assert_ids (found, "flock:r1", NULL);
  g_assert_cmpuint (rtcc_event_get_version (g_ptr_array_index (found, 0)), ==, 2);
  g_clear_pointer (&found, g_ptr_array_unref);
  found = plates_sync (f->store, "KLM5*", RTCC_PLATE_MATCH_WILDCARD, NULL, NULL, 100, &error);
  g_assert_no_error (error);
  assert_ids (found, "flock:r1", NULL);
  g_assert_cmpuint (rtcc_event_get_version (g_ptr_array_index (found, 0)), ==, 2);
}

static void
test_acknowledge (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(RtccEvent) ev = make_gunshot ("SS-7", 1, 1, NULL);
  g_autoptr(RtccAcknowledgment) ack = NULL;
  g_autoptr(RtccAcknowledgment) read_back = NULL;
  g_autoptr(RtccAcknowledgment) second = NULL;
  g_autoptr(GError) error = NULL;

  insert_one (f->store, ev);

  g_assert_true (get_ack_sync (f->store, "shotspotter:SS-7", &read_back, &error));
  g_assert_no_error (error);
  g_assert_null (read_back);

  ack = acknowledge_sync (f->store, "shotspotter:SS-7", "analyst.kim", "Units en route; \"shots\" confirmed",
                          &error);
  g_assert_no_error (error);
  g_assert_nonnull (ack);
  g_assert_cmpstr (ack->operator_id, ==, "analyst.kim");
  g_assert_nonnull (ack->acknowledged_at);

  g_assert_true (get_ack_sync (f->store, "shotspotter:SS-7", &read_back, &error));
  g_assert_no_error (error);
  g_assert_nonnull (read_back);
  g_assert_cmpstr (read_back->event_id, ==, "shotspotter:SS-7");
  g_assert_cmpstr (read_back->operator_id, ==, "analyst.kim");
  g_assert_cmpstr (read_back->notes, ==, "Units en route; \"shots\" confirmed");
  g_assert_cmpint (g_date_time_difference (read_back->acknowledged_at, ack->acknowledged_at), ==, 0);

  second = acknowledge_sync (f->store, "shotspotter:SS-7", "analyst.lee", NULL, &error);
  g_assert_null (second);
  g_assert_error (error, RTCC_STORE_ERROR, RTCC_STORE_ERROR_ALREADY_ACKNOWLEDGED);
  g_assert_nonnull (strstr (error->message, "analyst.kim"));
  {
    g_autofree char *when = rtcc_time_format_iso (ack->acknowledged_at);
    g_assert_nonnull (strstr (error->message, when));
  }
  g_clear_error (&error);

  second = acknowledge_sync (f->store, "shotspotter:missing", "analyst.lee", NULL, &error);
  g_assert_null (second);
  g_assert_error (error, RTCC_STORE_ERROR, RTCC_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  second = acknowledge_sync (f->store, "shotspotter:SS-7", "   ", NULL, &error);
  g_assert_null (second);
  g_assert_error (error, RTCC_STORE_ERROR, RTCC_STORE_ERROR_INVALID);
}

static void
test_evidence (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(RtccEvent) ev = make_event_full (RTCC_SOURCE_ONESOLUTION, RTCC_EVENT_TYPE_INCIDENT_CREATED,
                                             "2026-000123", 1, 1, RTCC_PRIORITY_NORMAL, FALSE, 0, 0,
                                             NULL, NULL);
  g_autoptr(GPtrArray) links = NULL;
  g_autoptr(GError) error = NULL;

  insert_one (f->store, ev);

  g_assert_true (link_sync (f->store, TRUE, "onesolution:2026-000123", "bwc_recording", "REC-1", &error));
  g_assert_no_error (error);
  g_assert_true (link_sync (f->store, TRUE, "onesolution:2026-000123", "bwc_recording", "REC-2", &error));
  g_assert_true (link_sync (f->store, TRUE, "onesolution:2026-000123", "bwc_recording", "REC-1", &error));
  g_assert_no_error (error);

  links = list_evidence_sync (f->store, "onesolution:2026-000123", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (links->len, ==, 2);
  g_assert_cmpstr (((RtccEvidenceLink *) g_ptr_array_index (links, 0))->ref, ==, "REC-1");
  g_assert_cmpstr (((RtccEvidenceLink *) g_ptr_array_index (links, 1))->kind, ==, "bwc_recording");
  g_clear_pointer (&links, g_ptr_array_unref);

  g_assert_true (link_sync (f->store, FALSE, "onesolution:2026-000123", "bwc_recording", "REC-1", &error));
  g_assert_no_error (error);
  links = list_evidence_sync (f->store, "onesolution:2026-000123", &error);
  g_assert_cmpuint (links->len, ==, 1);
  g_assert_cmpstr (((RtccEvidenceLink *) g_ptr_array_index (links, 0))->ref, ==, "REC-2");

  g_assert_false (link_sync (f->store, FALSE, "onesolution:2026-000123", "bwc_recording", "REC-1", &error));
  g_assert_error (error, RTCC_STORE_ERROR, RTCC_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (link_sync (f->store, TRUE, "onesolution:none", "bwc_recording", "REC-1", &error));
  g_assert_error (error, RTCC_STORE_ERROR, RTCC_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (link_sync (f->store, TRUE, "onesolution:2026-000123", "", "REC-1", &error));
  g_assert_error (error, RTCC_STORE_ERROR, RTCC_STORE_ERROR_INVALID);
}

static void
test_purge (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(RtccEvent) old_v2 = make_gunshot ("SS-old", 1, 2, "Reviewed");
  g_autoptr(RtccEventQuery) query = rtcc_event_query_new ();
  g_autoptr(GDateTime) cutoff = at_minute (10);
  g_autoptr(RtccAcknowledgment) ack = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;
  guint64 n = 0;

  g_ptr_array_add (events, make_gunshot ("SS-old", 1, 1, "Raw"));
  g_ptr_array_add (events, make_read ("r-old", 2, "ABC1234"));
  g_ptr_array_add (events, make_event_full (RTCC_SOURCE_ONESOLUTION, RTCC_EVENT_TYPE_INCIDENT_CREATED, "old", 3,
                                            1, RTCC_PRIORITY_NORMAL, FALSE, 0, 0, NULL, NULL));
  g_ptr_array_add (events, make_gunshot ("SS-new", 20, 1, NULL));
  g_ptr_array_add (events, make_read ("r-new", 21, "XYZ9876"));
  insert_ok (f->store, events);
  insert_one (f->store, old_v2);
  ack = acknowledge_sync (f->store, "shotspotter:SS-old", "analyst.kim", NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&ack, rtcc_acknowledgment_free);
  ack = acknowledge_sync (f->store, "shotspotter:SS-new", "analyst.kim", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (link_sync (f->store, TRUE, "onesolution:old", "bwc_recording", "REC-1", &error));
  g_assert_true (link_sync (f->store, TRUE, "shotspotter:SS-new", "bwc_recording", "REC-2", &error));

  g_assert_true (purge_sync (f->store, cutoff, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 3);

  found = query_ok (f->store, query);
  assert_ids (found, "flock:r-new", "shotspotter:SS-new", NULL);
  g_clear_pointer (&found, g_ptr_array_unref);
  found = plates_sync (f->store, "ABC1234", RTCC_PLATE_MATCH_MISREAD, NULL, NULL, 100, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 0);

  /* Everything that hung off the purged events went with them. */
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM event_history"), ==, 0);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM acknowledgments"), ==, 1);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM evidence_links"), ==, 1);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM places"), ==, 2);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM place_geo"), ==, 2);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM plate_reads"), ==, 1);
  g_clear_pointer (&found, g_ptr_array_unref);
  found = plates_sync (f->store, "ABC1234", RTCC_PLATE_MATCH_EXACT, NULL, NULL, 100, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 0);
  /* No plate outlives its reads in the dictionary, nor its pairs. */
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM plates"), ==, 1);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM plate_grams WHERE plate <> 'XYZ9876'"), ==, 0);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM plates_ungrammed WHERE plate <> 'XYZ9876'"), ==, 0);

  g_assert_true (purge_sync (f->store, cutoff, &n, &error));
  g_assert_cmpuint (n, ==, 0);
}

static void
write_garbage (const char *path,
               goffset     offset,
               gsize       length)
{
  g_autofree guint8 *bytes = g_malloc (length);
  GRand *rand = g_rand_new_with_seed (42);
  FILE *file;

  for (gsize i = 0; i < length; i++)
    bytes[i] = g_rand_int_range (rand, 0, 256);
  g_rand_free (rand);
  file = fopen (path, offset > 0 ? "r+b" : "wb");
  g_assert_nonnull (file);
  g_assert_cmpint (fseek (file, offset, SEEK_SET), ==, 0);
  g_assert_cmpuint (fwrite (bytes, 1, length, file), ==, length);
  fclose (file);
}

static void
test_corrupt_file (void)
{
  g_autofree char *dir = g_dir_make_tmp ("rtcc-store-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "events.db", NULL);
  g_autoptr(RtccEventStore) store = NULL;
  g_autoptr(GError) error = NULL;

  write_garbage (path, 0, 64 * 1024);
  store = rtcc_sqlite_event_store_new (path, &error);
  g_assert_null (store);
  g_assert_error (error, RTCC_STORE_ERROR, RTCC_STORE_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_nonnull (strstr (error->message, "backup"));
  remove_dir (dir);
}

static void
test_corrupt_pages (void)
{
  g_autofree char *dir = g_dir_make_tmp ("rtcc-store-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "events.db", NULL);
  g_autoptr(RtccEventStore) store = NULL;
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(RtccEventQuery) query = rtcc_event_query_new ();
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;

  store = rtcc_sqlite_event_store_new (path, &error);
  g_assert_no_error (error);
  for (int i = 0; i < 500; i++)
    {
      g_autofree char *id = g_strdup_printf ("r%d", i);
      g_ptr_array_add (events, make_read (id, i, "ABC1234"));
    }
  insert_ok (store, events);
  rtcc_event_store_close (store);
  g_clear_object (&store);

  /* Keep the header and schema page, damage the tables. */
  write_garbage (path, 4096, 256 * 1024);
  store = rtcc_sqlite_event_store_new (path, &error);
  if (store == NULL)
    {
      g_assert_error (error, RTCC_STORE_ERROR, RTCC_STORE_ERROR_CORRUPT);
    }
  else
    {
      found = query_sync (store, query, &error);
      g_assert_null (found);
      g_assert_error (error, RTCC_STORE_ERROR, RTCC_STORE_ERROR_CORRUPT);
      g_clear_error (&error);
      /* Writes fail cleanly too. */
      g_assert_false (insert_sync (store, events, NULL, &error));
      g_assert_nonnull (error);
      rtcc_event_store_close (store);
    }
  g_clear_object (&store);
  remove_dir (dir);
}

static void
test_open_async (void)
{
  g_autofree char *dir = g_dir_make_tmp ("rtcc-store-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "events.db", NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) bad_result = NULL;
  g_autoptr(RtccEventStore) store = NULL;
  g_autoptr(RtccEventStore) bad = NULL;
  g_autoptr(RtccEvent) ev = make_gunshot ("SS-1", 1, 1, NULL);
  g_autoptr(GError) error = NULL;

  rtcc_sqlite_event_store_new_async (path, NULL, got_result, &result);
  store = rtcc_sqlite_event_store_new_finish (wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_true (RTCC_IS_SQLITE_EVENT_STORE (store));
  g_assert_cmpuint (insert_one (store, ev), ==, 1);
  rtcc_event_store_close (store);

  rtcc_sqlite_event_store_new_async (":memory:", NULL, got_result, &bad_result);
  bad = rtcc_sqlite_event_store_new_finish (wait_for (&bad_result), &error);
  g_assert_null (bad);
  g_assert_error (error, RTCC_STORE_ERROR, RTCC_STORE_ERROR_INVALID);
  g_clear_object (&store);
  remove_dir (dir);
}

static void
test_newer_schema (void)
{
  g_autofree char *dir = g_dir_make_tmp ("rtcc-store-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "events.db", NULL);
  g_autoptr(RtccEventStore) store = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version=99", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  store = rtcc_sqlite_event_store_new (path, &error);
  g_assert_null (store);
  g_assert_error (error, RTCC_STORE_ERROR, RTCC_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "newer"));
  remove_dir (dir);
}

static void
test_locked (void)
{
  g_autofree char *dir = g_dir_make_tmp ("rtcc-store-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "events.db", NULL);
  g_autoptr(RtccEventStore) store = NULL;
  g_autoptr(GPtrArray) first = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) second = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(RtccEventQuery) query = rtcc_event_query_new ();
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *other = NULL;
  guint n = 0;

  store = g_initable_new (RTCC_TYPE_SQLITE_EVENT_STORE, NULL, &error,
                          "path", path, "busy-timeout", 200, NULL);
  g_assert_no_error (error);

  for (int i = 0; i < 50; i++)
    {
      g_autofree char *a = g_strdup_printf ("a%d", i);
      g_autofree char *b = g_strdup_printf ("b%d", i);
      g_ptr_array_add (first, make_read (a, i, "ABC1234"));
      g_ptr_array_add (second, make_read (b, 100 + i, "XYZ9876"));
    }
  g_assert_cmpuint (insert_ok (store, first), ==, 50);

  /* Another program takes the write lock and keeps it. */
  g_assert_cmpint (sqlite3_open (path, &other), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (other, "BEGIN EXCLUSIVE", NULL, NULL, NULL), ==, SQLITE_OK);

  g_assert_false (insert_sync (store, second, &n, &error));
  g_assert_error (error, RTCC_STORE_ERROR, RTCC_STORE_ERROR_BUSY);
  g_assert_nonnull (strstr (error->message, path));
  g_clear_error (&error);

  /* Reads still work while the lock is held. */
  found = query_ok (store, query);
  g_assert_cmpuint (found->len, ==, 50);
  g_clear_pointer (&found, g_ptr_array_unref);

  g_assert_cmpint (sqlite3_exec (other, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (other);

  g_assert_cmpuint (insert_ok (store, second), ==, 50);
  found = query_ok (store, query);
  g_assert_cmpuint (found->len, ==, 100);
  for (int i = 0; i < 50; i++)
    {
      g_autofree char *a = g_strdup_printf ("flock:a%d", i);
      g_assert_true (has_id (found, a));
    }
  rtcc_event_store_close (store);
  g_clear_object (&store);
  remove_dir (dir);
}

typedef struct
{
  guint   pending;
  guint   stored;
  guint   failed;
} Flood;

static void
flood_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Flood *flood = user_data;
  g_autoptr(GError) error = NULL;
  guint n = 0;

  if (rtcc_event_store_insert_finish (RTCC_EVENT_STORE (object), result, &n, &error))
    flood->stored += n;
  else
    flood->failed++;
  flood->pending--;
}

static void
test_concurrent_inserts (Fixture       *f,
                         gconstpointer  data)
{
  Flood flood = { 0 };
  guint n_batches = 200, per_batch = 100;

  /* Everything is queued at once; the writer groups it. */
  for (guint b = 0; b < n_batches; b++)
    {
      g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = 0; i < per_batch; i++)
        {
          g_autofree char *id = g_strdup_printf ("r-%u-%u", b, i);
          g_autofree char *plate = g_strdup_printf ("P%06u", b * per_batch + i);
          g_ptr_array_add (events, make_read (id, (b * per_batch + i) % 1000, plate));
        }
      /* Every tenth batch repeats the previous batch's first event. */
      if (b % 10 == 9)
        {
          g_autofree char *id = g_strdup_printf ("r-%u-0", b - 1);
          g_ptr_array_add (events, make_read (id, 0, "DUP"));
        }
      flood.pending++;
      rtcc_event_store_insert_async (f->store, events, NULL, flood_done, &flood);
    }
  while (flood.pending > 0)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (flood.failed, ==, 0);
  g_assert_cmpuint (flood.stored, ==, n_batches * per_batch);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM events"), ==, n_batches * per_batch);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM plate_reads"), ==, n_batches * per_batch);
}

static void
test_hostile_strings (Fixture       *f,
                      gconstpointer  data)
{
  static const char * const titles[] = {
    "Robert'); DROP TABLE events;--",
    "\"quoted\" \\backslash\\ 100% _under_ %s %n",
    "Ünïcödé 🚓 العربية עברית 中文",
    "\x01\x02\x1f control \t tab \r\n newline",
    "\xff\xfe not UTF-8 \xc3",
  };
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(RtccEventQuery) query = rtcc_event_query_new ();
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GString) huge = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    {
      g_autofree char *id = g_strdup_printf ("x'\"%u;--", i);
      g_autoptr(RtccEventBuilder) b = rtcc_event_builder_new (RTCC_SOURCE_MILESTONE, RTCC_EVENT_TYPE_CAMERA_ALERT, id);
      g_autoptr(GDateTime) at = at_minute (i);

      rtcc_event_builder_set_occurred_at (b, at);
      rtcc_event_builder_set_title (b, titles[i]);
      rtcc_event_builder_set_address (b, titles[(i + 1) % G_N_ELEMENTS (titles)]);
      rtcc_event_builder_set_string (b, "camera_name", titles[i]);
      g_ptr_array_add (events, rtcc_event_builder_end (g_steal_pointer (&b), &error));
      g_assert_no_error (error);
    }
  while (huge->len < 100 * 1024)
    g_string_append (huge, "A very long title ✓ ");
  {
    g_autoptr(RtccEventBuilder) b = rtcc_event_builder_new (RTCC_SOURCE_BWC, RTCC_EVENT_TYPE_BWC_RECORDING, "big");
    g_autoptr(GDateTime) at = at_minute (99);

    rtcc_event_builder_set_occurred_at (b, at);
    rtcc_event_builder_set_title (b, huge->str);
    rtcc_event_builder_set_string (b, "officer_id", huge->str);
    g_ptr_array_add (events, rtcc_event_builder_end (g_steal_pointer (&b), &error));
    g_assert_no_error (error);
  }
  g_assert_cmpuint (insert_ok (f->store, events), ==, events->len);
  assert_stored_json (f->path, events);

  found = query_ok (f->store, query);
  g_assert_cmpuint (found->len, ==, events->len);
  for (guint i = 0; i < events->len; i++)
    {
      RtccEvent *orig = g_ptr_array_index (events, i);
      gboolean matched = FALSE;

      for (guint j = 0; j < found->len; j++)
        if (g_str_equal (rtcc_event_get_id (orig), rtcc_event_get_id (g_ptr_array_index (found, j))))
          {
            g_assert_true (rtcc_event_equal_content (orig, g_ptr_array_index (found, j)));
            matched = TRUE;
          }
      g_assert_true (matched);
    }
  g_clear_pointer (&found, g_ptr_array_unref);

  rtcc_event_query_set_text (query, "DROP TABLE");
  found = query_ok (f->store, query);
  g_assert_cmpuint (found->len, ==, 2); /* as a title and as the next one's address */
  g_clear_pointer (&found, g_ptr_array_unref);
  rtcc_event_query_set_text (query, "🚓");
  found = query_ok (f->store, query);
  g_assert_cmpuint (found->len, ==, 2);
  g_clear_pointer (&found, g_ptr_array_unref);

  /* Hostile ids in lookups are just ids that are not there. */
  found = history_sync (f->store, "x' OR 1=1 --", &error);
  g_assert_null (found);
  g_assert_error (error, RTCC_STORE_ERROR, RTCC_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  found = history_sync (f->store, "milestone:x'\"0;--", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
}

static void
test_closed (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(RtccEvent) ev = make_gunshot ("SS-1", 1, 1, NULL);
  g_autoptr(GPtrArray) events = g_ptr_array_new ();
  g_autoptr(RtccEventQuery) query = rtcc_event_query_new ();
  g_autoptr(GAsyncResult) pending = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;
  guint n = 0;

  /* A write queued before close still lands. */
  g_ptr_array_add (events, ev);
  rtcc_event_store_insert_async (f->store, events, NULL, got_result, &pending);
  rtcc_event_store_close (f->store);
  g_assert_true (rtcc_event_store_insert_finish (f->store, wait_for (&pending), &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 1);
  rtcc_event_store_close (f->store);

  g_assert_false (insert_sync (f->store, events, &n, &error));
  g_assert_error (error, RTCC_STORE_ERROR, RTCC_STORE_ERROR_CLOSED);
  g_clear_error (&error);
  found = query_sync (f->store, query, &error);
  g_assert_null (found);
  g_assert_error (error, RTCC_STORE_ERROR, RTCC_STORE_ERROR_CLOSED);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM events"), ==, 1);
}

static void
test_cancelled (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(RtccEventQuery) query = rtcc_event_query_new ();
  g_autoptr(RtccEvent) ev = make_gunshot ("SS-1", 1, 1, NULL);
  g_autoptr(GPtrArray) events = g_ptr_array_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) result2 = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *found;

  g_cancellable_cancel (cancellable);
  rtcc_event_store_query_async (f->store, query, cancellable, got_result, &result);
  found = rtcc_event_store_query_finish (f->store, wait_for (&result), &error);
  g_assert_null (found);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  g_ptr_array_add (events, ev);
  rtcc_event_store_insert_async (f->store, events, cancellable, got_result, &result2);
  g_assert_false (rtcc_event_store_insert_finish (f->store, wait_for (&result2), NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM events"), ==, 0);
}

static gint n_unreadable;

static void
count_unreadable (const char     *domain,
                  GLogLevelFlags  level,
                  const char     *message,
                  gpointer        user_data)
{
  /* From the reader and from its decoding helper alike. */
  if (strstr (message, "Skipping an unreadable stored event") != NULL)
    g_atomic_int_inc (&n_unreadable);
  else
    g_log_default_handler (domain, level, message, user_data);
}

/* A long answer is decoded on two threads: rows come back in order, a
 * damaged row is reported and left out wherever it falls, and the rest
 * arrive whole. */
static void
test_damaged_rows (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(RtccEventQuery) query = rtcc_event_query_new ();
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;
  GLogLevelFlags fatal = g_log_set_always_fatal (G_LOG_FATAL_MASK);
  guint handler;
  sqlite3 *db = NULL;

  for (int i = 0; i < 300; i++)
    {
      g_autofree char *id = g_strdup_printf ("d%03d", i);

      g_ptr_array_add (events, make_read (id, i, "DMG4321"));
    }
  insert_ok (f->store, events);
  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE events SET json = '{\"id\":' WHERE id IN "
                                     "('flock:d299', 'flock:d150', 'flock:d151', 'flock:d000');"
                                     /* Whole, then a NUL and more: damaged all the same. */
                                     "UPDATE events SET json = json || char (0) || 'junk' WHERE id = 'flock:d200'",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  handler = g_log_set_handler ("RtccSqliteEventStore", G_LOG_LEVEL_WARNING, count_unreadable, NULL);
  g_atomic_int_set (&n_unreadable, 0);
  found = plates_sync (f->store, "DMG4321", RTCC_PLATE_MATCH_EXACT, NULL, NULL, 1000, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 295);
  g_assert_cmpint (g_atomic_int_get (&n_unreadable), ==, 5);
  /* Newest first: d298 down to d001, without the damaged ones. */
  for (int minute = 298, i = 0; minute >= 1; minute--)
    {
      g_autofree char *id = g_strdup_printf ("flock:d%03d", minute);

      if (minute == 150 || minute == 151 || minute == 200)
        continue;
      g_assert_cmpstr (rtcc_event_get_id (g_ptr_array_index (found, i++)), ==, id);
    }
  g_clear_pointer (&found, g_ptr_array_unref);

  g_atomic_int_set (&n_unreadable, 0);
  found = query_ok (f->store, query);
  g_assert_cmpuint (found->len, ==, 295);
  g_assert_cmpint (g_atomic_int_get (&n_unreadable), ==, 5);
  g_log_remove_handler ("RtccSqliteEventStore", handler);
  g_log_set_always_fatal (fatal);
}

/* Two stores reading at once share one decoding helper: each answer
 * comes back whole and in order, whichever gets the helper. */
static void
test_two_stores_reading (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *other_path = g_build_filename (f->dir, "other.db", NULL);
  g_autoptr(RtccEventStore) other = NULL;
  g_autoptr(GError) error = NULL;
  RtccEventStore *stores[2];

  other = rtcc_sqlite_event_store_new (other_path, &error);
  g_assert_no_error (error);
  stores[0] = f->store;
  stores[1] = other;
  for (guint k = 0; k < 2; k++)
    {
      g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);

      for (int i = 0; i < 400; i++)
        {
          g_autofree char *id = g_strdup_printf ("s%u-%03d", k, i);

          g_ptr_array_add (events, make_read (id, i, k == 0 ? "TWO1111" : "TWO2222"));
        }
      insert_ok (stores[k], events);
    }

  for (int round = 0; round < 20; round++)
    {
      GAsyncResult *results[2] = { NULL, NULL };

      for (guint k = 0; k < 2; k++)
        rtcc_event_store_search_plates_async (stores[k], k == 0 ? "TWO1111" : "TWO2222", RTCC_PLATE_MATCH_EXACT,
                                              NULL, NULL, 1000, NULL, got_result, &results[k]);
      for (guint k = 0; k < 2; k++)
        {
          g_autoptr(GPtrArray) found = rtcc_event_store_search_plates_finish (stores[k], wait_for (&results[k]),
                                                                              &error);

          g_assert_no_error (error);
          g_assert_cmpuint (found->len, ==, 400);
          for (guint i = 0; i < found->len; i++)
            {
              g_autofree char *id = g_strdup_printf ("flock:s%u-%03u", k, 399 - i);

              g_assert_cmpstr (rtcc_event_get_id (g_ptr_array_index (found, i)), ==, id);
            }
          g_object_unref (results[k]);
        }
    }
  rtcc_event_store_close (other);
}

static void
test_reopen (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(RtccEvent) v1 = make_gunshot ("SS-1", 1, 1, "Single gunshot");
  g_autoptr(RtccEvent) v2 = make_gunshot ("SS-1", 1, 2, "Two gunshots");
  g_autoptr(RtccAcknowledgment) ack = NULL;
  g_autoptr(RtccAcknowledgment) back = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);

  insert_one (f->store, v1);
  insert_one (f->store, v2);
  ack = acknowledge_sync (f->store, "shotspotter:SS-1", "analyst.kim", "seen", &error);
  g_assert_no_error (error);
  rtcc_event_store_close (f->store);
  g_clear_object (&f->store);

  /* Everything survives a restart, and the write-ahead log is folded in. */
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  f->store = rtcc_sqlite_event_store_new (f->path, &error);
  g_assert_no_error (error);
  history = history_sync (f->store, "shotspotter:SS-1", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 2);
  g_assert_true (get_ack_sync (f->store, "shotspotter:SS-1", &back, &error));
  g_assert_cmpstr (back->operator_id, ==, "analyst.kim");
  g_assert_cmpuint (insert_one (f->store, v2), ==, 0);
  g_assert_cmpint (count_rows (f->path, "PRAGMA user_version"), ==, 3);
}

static void
test_unknown_ids (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(RtccAcknowledgment) ack = NULL;
  g_autoptr(GPtrArray) links = NULL;
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;

  g_assert_false (get_ack_sync (f->store, "flock:none", &ack, &error));
  g_assert_null (ack);
  g_assert_error (error, RTCC_STORE_ERROR, RTCC_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  links = list_evidence_sync (f->store, "bwc:none", &error);
  g_assert_null (links);
  g_assert_error (error, RTCC_STORE_ERROR, RTCC_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  links = list_evidence_sync (f->store, "", &error);
  g_assert_null (links);
  g_assert_error (error, RTCC_STORE_ERROR, RTCC_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* Something that is not an event fails the batch, and nothing of it is kept. */
  g_ptr_array_add (batch, make_gunshot ("SS-1", 1, 1, NULL));
  g_ptr_array_add (batch, g_object_new (G_TYPE_OBJECT, NULL));
  g_assert_false (insert_sync (f->store, batch, NULL, &error));
  g_assert_error (error, RTCC_STORE_ERROR, RTCC_STORE_ERROR_INVALID);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM events"), ==, 0);
}

typedef struct
{
  RtccEventStore *store;
  guint           pending_writes;
  guint           n_queries;
  guint           last_count;
  gboolean        query_running;
} ReadWhileWriting;

static void
read_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  ReadWhileWriting *rw = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = rtcc_event_store_query_finish (rw->store, result, &error);

  g_assert_no_error (error);
  /* Each read sees a committed state, never less than the one before. */
  g_assert_cmpuint (found->len, >=, rw->last_count);
  rw->last_count = found->len;
  rw->n_queries++;
  rw->query_running = FALSE;
}

static void
write_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  ReadWhileWriting *rw = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (rtcc_event_store_insert_finish (rw->store, result, NULL, &error));
  g_assert_no_error (error);
  rw->pending_writes--;
}

static void
test_read_while_writing (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(RtccEventQuery) query = rtcc_event_query_new ();
  ReadWhileWriting rw = { f->store, 0, 0, 0, FALSE };

  rtcc_event_query_set_limit (query, RTCC_EVENT_QUERY_MAX_LIMIT);
  for (guint b = 0; b < 50; b++)
    {
      g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = 0; i < 100; i++)
        {
          g_autofree char *id = g_strdup_printf ("g-%u-%u", b, i);
          g_ptr_array_add (events, make_gunshot (id, i, 1, NULL));
        }
      rw.pending_writes++;
      rtcc_event_store_insert_async (f->store, events, NULL, write_done, &rw);
    }
  while (rw.pending_writes > 0 || rw.query_running)
    {
      if (!rw.query_running && rw.pending_writes > 0)
        {
          rw.query_running = TRUE;
          rtcc_event_store_query_async (f->store, query, NULL, read_done, &rw);
        }
      g_main_context_iteration (NULL, TRUE);
    }
  g_assert_cmpuint (rw.n_queries, >, 0);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM events"), ==, 5000);
}

static void
test_unref_while_writing (void)
{
  g_autofree char *dir = g_dir_make_tmp ("rtcc-store-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "events.db", NULL);
  g_autoptr(GError) error = NULL;
  RtccEventStore *store = rtcc_sqlite_event_store_new (path, &error);
  Flood flood = { 0 };

  g_assert_no_error (error);
  for (guint b = 0; b < 20; b++)
    {
      g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = 0; i < 50; i++)
        {
          g_autofree char *id = g_strdup_printf ("u-%u-%u", b, i);
          g_ptr_array_add (events, make_read (id, i, "ABC1234"));
        }
      flood.pending++;
      rtcc_event_store_insert_async (store, events, NULL, flood_done, &flood);
    }
  /* Dropped without close: pending writes still land, and the threads end
   * with the last reference, wherever it is released. */
  g_object_unref (store);
  while (flood.pending > 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (flood.failed, ==, 0);
  g_assert_cmpuint (flood.stored, ==, 1000);
  g_assert_cmpint (count_rows (path, "SELECT count(*) FROM events"), ==, 1000);
  remove_dir (dir);
}

/* The writer folds the log into the database once it is idle, while the
 * store stays open. */
static void
test_idle_checkpoint (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);
  gint64 deadline;
  GStatBuf st;

  for (guint i = 0; i < 4000; i++)
    {
      g_autofree char *id = g_strdup_printf ("c%u", i);
      g_autofree char *plate = g_strdup_printf ("CK%05u", i);

      g_ptr_array_add (events, make_read (id, i % 1000, plate));
    }
  g_assert_cmpuint (insert_ok (f->store, events), ==, 4000);

  /* Four thousand reads are well over a megabyte; until a checkpoint the
   * database file holds only the schema. */
  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (g_stat (f->path, &st) == 0 && st.st_size < 1000000 && g_get_monotonic_time () < deadline)
    g_usleep (50 * 1000);
  g_assert_cmpint (g_stat (f->path, &st), ==, 0);
  g_assert_cmpint (st.st_size, >=, 1000000);
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM plate_reads"), ==, 4000);
}

/* New plates wait for their pairs of characters until the writer is
 * idle; patterns with a literal inside find them before and after. */
static void
test_plate_pairs_when_idle (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;
  const char *patterns[] = { "*K7*", "Q*K7*", "*Q*7M*", "*7M9*", "Z*A1*", "*K*A*1*", "*M95" };
  const guint expected[] = { 20, 10, 10, 10, 10, 10, 1 };
  gint64 deadline;

  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *id = g_strdup_printf ("p%u", i);
      /* QK7M90..QK7M99, ZK7A10.., and twenty without the pair. */
      g_autofree char *plate = i < 10 ? g_strdup_printf ("QK7M9%u", i)
                               : i < 20 ? g_strdup_printf ("ZK7A1%u", i - 10)
                               : g_strdup_printf ("RRR%03u", i);

      g_ptr_array_add (events, make_read (id, i, plate));
    }
  g_assert_cmpuint (insert_ok (f->store, events), ==, 40);
  /* The first pass finds them still waiting (the writer indexes only
   * after half a second idle). */
  g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM plates_ungrammed"), ==, 40);

  for (int pass = 0; pass < 2; pass++)
    {
      if (pass == 1)
        {
          deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
          while (count_rows (f->path, "SELECT count(*) FROM plates_ungrammed") > 0 &&
                 g_get_monotonic_time () < deadline)
            g_usleep (50 * 1000);
          g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM plates_ungrammed"), ==, 0);
          g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM plate_grams WHERE gram = 'K7'"), ==, 20);
          g_assert_cmpint (count_rows (f->path, "SELECT count(*) FROM plate_grams WHERE plate = 'QK7M93'"), ==, 5);
        }
      for (guint k = 0; k < G_N_ELEMENTS (patterns); k++)
        {
          found = plates_sync (f->store, patterns[k], RTCC_PLATE_MATCH_WILDCARD, NULL, NULL, 100, &error);
          g_assert_no_error (error);
          g_assert_cmpuint (found->len, ==, expected[k]);
          g_clear_pointer (&found, g_ptr_array_unref);
        }
    }
}

/* Plates with many look-alikes, so that misreads and wildcards match
 * often; reads of a small population, some of them misread. */
static const char brute_alphabet[] = "AB8O0DQS5Z2I1L7X";

static char *
brute_plate (GRand *rand)
{
  int len = g_rand_int_range (rand, 3, 8);
  char *plate = g_malloc (len + 1);

  for (int i = 0; i < len; i++)
    plate[i] = brute_alphabet[g_rand_int_range (rand, 0, sizeof brute_alphabet - 1)];
  plate[len] = '\0';
  return plate;
}

static char *
brute_mutate (GRand      *rand,
              const char *plate)
{
  char *out = g_strdup (plate);
  gsize len = strlen (out);
  gsize at = g_rand_int_range (rand, 0, len);

  if (len > 1 && g_rand_boolean (rand))
    memmove (out + at, out + at + 1, len - at);
  else
    out[at] = brute_alphabet[g_rand_int_range (rand, 0, sizeof brute_alphabet - 1)];
  return out;
}

static char *
brute_pattern (GRand      *rand,
               const char *plate,
               guint       shape)
{
  gsize len = strlen (plate);

  switch (shape % 7)
    {
    case 0:
      return g_strdup_printf ("%.2s*", plate);
    case 1:
      return g_strdup_printf ("*%s", plate + len - MIN (len, 2));
    case 2:
      return g_strdup_printf ("%c*%c*", plate[0], plate[len / 2]);
    case 3:
      return g_strdup_printf ("*%c%c*", plate[len - 2], plate[len - 1]);
    case 4:
      /* A prefix and a pair inside: the pair index within the prefix. */
      return len >= 4 ? g_strdup_printf ("%c*%.2s*", plate[0], plate + len / 2 - 1)
                      : g_strdup_printf ("%c*", plate[0]);
    case 5:
      return len >= 4 ? g_strdup_printf ("*%.3s*%c", plate + 1, plate[len - 1]) : g_strdup_printf ("*%c", plate[0]);
    default:
      /* Two literals inside, the longer one narrowing. */
      return len >= 5 ? g_strdup_printf ("*%c*%.2s*", plate[0], plate + 2) : g_strdup_printf ("*%s*", plate);
    }
}

/* The indexed searches against the rules applied to every stored read:
 * the plate dictionary and its keys must find exactly what a scan would. */
static void
test_plates_brute_force (Fixture       *f,
                         gconstpointer  data)
{
  GRand *rand = g_rand_new_with_seed (42);
  g_autoptr(GPtrArray) population = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) plates = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);
  guint n_reads = 3000, total_found = 0;

  for (guint i = 0; i < 400; i++)
    g_ptr_array_add (population, brute_plate (rand));
  for (guint i = 0; i < n_reads; i++)
    {
      const char *plate = g_ptr_array_index (population, g_rand_int_range (rand, 0, population->len));
      g_autofree char *id = g_strdup_printf ("b%u", i);
      char *read = g_rand_int_range (rand, 0, 5) == 0 ? brute_mutate (rand, plate) : g_strdup (plate);

      g_ptr_array_add (plates, read);
      g_ptr_array_add (events, make_read (id, i % 5000, read));
    }
  g_assert_cmpuint (insert_ok (f->store, events), ==, n_reads);

  for (guint q = 0; q < 300; q++)
    {
      const char *plate = g_ptr_array_index (population, g_rand_int_range (rand, 0, population->len));
      RtccPlateMatch mode = q % 3;
      g_autofree char *pattern = NULL;
      g_autoptr(GPtrArray) found = NULL;
      g_autoptr(GHashTable) expected = g_hash_table_new (g_str_hash, g_str_equal);
      g_autoptr(GError) error = NULL;

      if (mode == RTCC_PLATE_MATCH_WILDCARD)
        pattern = brute_pattern (rand, plate, q / 3);
      else if (mode == RTCC_PLATE_MATCH_MISREAD && g_rand_boolean (rand))
        pattern = brute_mutate (rand, plate);
      else
        pattern = g_strdup (plate);

      for (guint i = 0; i < n_reads; i++)
        {
          const char *read = g_ptr_array_index (plates, i);
          gboolean match;

          if (mode == RTCC_PLATE_MATCH_EXACT)
            match = g_str_equal (read, pattern);
          else if (mode == RTCC_PLATE_MATCH_WILDCARD)
            match = g_pattern_match_simple (pattern, read);
          else
            match = rtcc_plate_is_misread_of (pattern, read);
          if (match)
            g_hash_table_add (expected, (gpointer) rtcc_event_get_id (g_ptr_array_index (events, i)));
        }

      found = plates_sync (f->store, pattern, mode, NULL, NULL, RTCC_EVENT_QUERY_MAX_LIMIT, &error);
      g_assert_no_error (error);
      if (found->len != g_hash_table_size (expected))
        g_error ("%s search for %s found %u reads, a scan %u", mode == 0 ? "exact" : mode == 1 ? "wildcard" : "misread",
                 pattern, found->len, g_hash_table_size (expected));
      for (guint i = 0; i < found->len; i++)
        {
          RtccEvent *e = g_ptr_array_index (found, i);

          g_assert_true (g_hash_table_contains (expected, rtcc_event_get_id (e)));
          /* Newest first. */
          if (i > 0)
            g_assert_cmpint (g_date_time_compare (rtcc_event_get_occurred_at (g_ptr_array_index (found, i - 1)),
                                                  rtcc_event_get_occurred_at (e)), >=, 0);
        }
      total_found += found->len;
    }
  /* The data must make the searches find something for this to mean much. */
  g_assert_cmpuint (total_found, >, 3000);
  g_rand_free (rand);
}

/* A file as the first release left it: schema 1, plates only in the reads. */
static const char schema_v1[] =
  "CREATE TABLE events (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, source INTEGER NOT NULL,"
  "  type INTEGER NOT NULL, priority INTEGER NOT NULL, occurred_at INTEGER NOT NULL,"
  "  received_at INTEGER NOT NULL, version INTEGER NOT NULL, lat REAL, lon REAL, place INTEGER,"
  "  title TEXT, address TEXT, json TEXT NOT NULL);"
  "CREATE INDEX events_by_time ON events (occurred_at);"
  "CREATE INDEX events_by_type_time ON events (type, occurred_at);"
  "CREATE INDEX events_by_place_time ON events (place, occurred_at);"
  "CREATE TABLE event_history (event_seq INTEGER NOT NULL REFERENCES events (seq) ON DELETE CASCADE,"
  "  version INTEGER NOT NULL, json TEXT NOT NULL, PRIMARY KEY (event_seq, version)) WITHOUT ROWID;"
  "CREATE TABLE places (id INTEGER PRIMARY KEY, lat REAL NOT NULL, lon REAL NOT NULL, UNIQUE (lat, lon));"
  "CREATE VIRTUAL TABLE place_geo USING rtree (id, min_lat, max_lat, min_lon, max_lon);"
  "CREATE TABLE plate_reads (event_seq INTEGER PRIMARY KEY REFERENCES events (seq) ON DELETE CASCADE,"
  "  plate TEXT NOT NULL, skeleton TEXT NOT NULL, occurred_at INTEGER NOT NULL);"
  "CREATE INDEX plate_reads_by_skeleton ON plate_reads (skeleton, occurred_at);"
  "CREATE TABLE acknowledgments (event_seq INTEGER PRIMARY KEY REFERENCES events (seq) ON DELETE CASCADE,"
  "  operator_id TEXT NOT NULL, notes TEXT, acknowledged_at INTEGER NOT NULL);"
  "CREATE TABLE evidence_links (event_seq INTEGER NOT NULL REFERENCES events (seq) ON DELETE CASCADE,"
  "  kind TEXT NOT NULL, ref TEXT NOT NULL, linked_at INTEGER NOT NULL,"
  "  PRIMARY KEY (event_seq, kind, ref)) WITHOUT ROWID;"
  "PRAGMA user_version=1;";

static void
test_migrate_v1 (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("rtcc-store-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "events.db", NULL);
  const char *plates[] = { "ABC1234", "ABC1234", "A8C1234", "XYZ999" };
  g_autoptr(RtccEventStore) store = NULL;
  g_autoptr(GPtrArray) found = NULL;
  sqlite3 *db = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, schema_v1, NULL, NULL, NULL), ==, SQLITE_OK);
  for (guint i = 0; i < G_N_ELEMENTS (plates); i++)
    {
      g_autofree char *id = g_strdup_printf ("old%u", i);
      g_autoptr(RtccEvent) e = make_read (id, i, plates[i]);
      g_autofree char *json = rtcc_event_to_json_string (e);
      g_autofree char *skeleton = rtcc_plate_skeleton (plates[i]);
      g_autofree char *sql = g_strdup_printf (
        "INSERT INTO events VALUES (%u, '%s', %d, %d, %d, %" G_GINT64_FORMAT ", 0, 1, NULL, NULL, NULL,"
        " NULL, NULL, '%s');"
        "INSERT INTO plate_reads VALUES (%u, '%s', '%s', %" G_GINT64_FORMAT ");",
        i + 1, rtcc_event_get_id (e), rtcc_event_get_source (e), rtcc_event_get_event_type (e),
        rtcc_event_get_priority (e), rtcc_time_to_unix_usec (rtcc_event_get_occurred_at (e)), json,
        i + 1, plates[i], skeleton, rtcc_time_to_unix_usec (rtcc_event_get_occurred_at (e)));

      g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
    }
  sqlite3_close (db);

  store = rtcc_sqlite_event_store_new (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (path, "PRAGMA user_version"), ==, 3);
  g_assert_cmpint (count_rows (path, "SELECT count(*) FROM plates"), ==, 3);
  g_assert_cmpint (count_rows (path, "SELECT count(*) FROM plates WHERE plate = 'XYZ999' AND reversed = '999ZYX'"
                                     " AND skeleton = 'XY2999'"), ==, 1);
  /* Each plate's distinct pairs: ABC1234 and A8C1234 have 6 each, XYZ999
   * has XY YZ Z9 99. */
  g_assert_cmpint (count_rows (path, "SELECT count(*) FROM plate_grams"), ==, 16);
  g_assert_cmpint (count_rows (path, "SELECT count(*) FROM plate_grams WHERE plate = 'XYZ999'"), ==, 4);

  found = plates_sync (store, "ABC1234", RTCC_PLATE_MATCH_EXACT, NULL, NULL, 100, &error);
  g_assert_no_error (error);
  assert_ids (found, "flock:old1", "flock:old0", NULL);
  g_clear_pointer (&found, g_ptr_array_unref);
  found = plates_sync (store, "ABC1234", RTCC_PLATE_MATCH_MISREAD, NULL, NULL, 100, &error);
  g_assert_no_error (error);
  assert_ids (found, "flock:old2", "flock:old1", "flock:old0", NULL);
  g_clear_pointer (&found, g_ptr_array_unref);
  found = plates_sync (store, "*99", RTCC_PLATE_MATCH_WILDCARD, NULL, NULL, 100, &error);
  g_assert_no_error (error);
  assert_ids (found, "flock:old3", NULL);
  g_clear_pointer (&found, g_ptr_array_unref);
  found = plates_sync (store, "A*C12*", RTCC_PLATE_MATCH_WILDCARD, NULL, NULL, 100, &error);
  g_assert_no_error (error);
  assert_ids (found, "flock:old2", "flock:old1", "flock:old0", NULL);
  g_clear_pointer (&found, g_ptr_array_unref);

  /* New reads of an old plate go on as before. */
  g_assert_cmpuint (insert_one (store, make_read ("new", 20, "XYZ-999")), ==, 1);
  found = plates_sync (store, "XYZ999", RTCC_PLATE_MATCH_EXACT, NULL, NULL, 100, &error);
  g_assert_no_error (error);
  assert_ids (found, "flock:new", "flock:old3", NULL);

  rtcc_event_store_close (store);
  g_clear_object (&store);
  remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store/plate-keys", test_plate_keys);
  g_test_add_func ("/store/open-refuses-memory", test_open_refuses_memory);
  g_test_add ("/store/round-trip", Fixture, NULL, fixture_set_up, test_round_trip, fixture_tear_down);
  g_test_add ("/store/versions", Fixture, NULL, fixture_set_up, test_versions, fixture_tear_down);
  g_test_add ("/store/spatial", Fixture, NULL, fixture_set_up, test_spatial, fixture_tear_down);
  g_test_add ("/store/filters", Fixture, NULL, fixture_set_up, test_filters, fixture_tear_down);
  g_test_add ("/store/plates/exact", Fixture, NULL, fixture_set_up, test_plates_exact, fixture_tear_down);
  g_test_add ("/store/plates/deep-attribute", Fixture, NULL, fixture_set_up, test_plates_deep_attribute, fixture_tear_down);
  g_test_add ("/store/plates/wildcard", Fixture, NULL, fixture_set_up, test_plates_wildcard, fixture_tear_down);
  g_test_add ("/store/plates/misread", Fixture, NULL, fixture_set_up, test_plates_misread, fixture_tear_down);
  g_test_add ("/store/plates/brute-force", Fixture, NULL, fixture_set_up, test_plates_brute_force, fixture_tear_down);
  g_test_add_func ("/store/migrate-v1", test_migrate_v1);
  g_test_add ("/store/idle-checkpoint", Fixture, NULL, fixture_set_up, test_idle_checkpoint, fixture_tear_down);
  g_test_add ("/store/plates/update", Fixture, NULL, fixture_set_up, test_plate_update_rekeys, fixture_tear_down);
  g_test_add ("/store/plates/pairs-when-idle", Fixture, NULL, fixture_set_up, test_plate_pairs_when_idle,
              fixture_tear_down);
  g_test_add ("/store/acknowledge", Fixture, NULL, fixture_set_up, test_acknowledge, fixture_tear_down);
  g_test_add ("/store/evidence", Fixture, NULL, fixture_set_up, test_evidence, fixture_tear_down);
  g_test_add ("/store/purge", Fixture, NULL, fixture_set_up, test_purge, fixture_tear_down);
  g_test_add_func ("/store/corrupt/file", test_corrupt_file);
  g_test_add_func ("/store/corrupt/pages", test_corrupt_pages);
  g_test_add_func ("/store/newer-schema", test_newer_schema);
  g_test_add_func ("/store/open-async", test_open_async);
  g_test_add_func ("/store/unref-while-writing", test_unref_while_writing);
  g_test_add_func ("/store/locked", test_locked);
  g_test_add ("/store/concurrent-inserts", Fixture, NULL, fixture_set_up, test_concurrent_inserts, fixture_tear_down);
  g_test_add ("/store/hostile-strings", Fixture, NULL, fixture_set_up, test_hostile_strings, fixture_tear_down);
  g_test_add ("/store/closed", Fixture, NULL, fixture_set_up, test_closed, fixture_tear_down);
  g_test_add ("/store/cancelled", Fixture, NULL, fixture_set_up, test_cancelled, fixture_tear_down);
  g_test_add ("/store/reopen", Fixture, NULL, fixture_set_up, test_reopen, fixture_tear_down);
  g_test_add ("/store/damaged-rows", Fixture, NULL, fixture_set_up, test_damaged_rows, fixture_tear_down);
  g_test_add ("/store/two-stores-reading", Fixture, NULL, fixture_set_up, test_two_stores_reading,
              fixture_tear_down);
  g_test_add ("/store/unknown-ids", Fixture, NULL, fixture_set_up, test_unknown_ids, fixture_tear_down);
  g_test_add ("/store/read-while-writing", Fixture, NULL, fixture_set_up, test_read_while_writing, fixture_tear_down);

  return g_test_run ();
}
