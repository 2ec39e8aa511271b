/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "rtcc-event-store.h"
#include "rtcc-sqlite-event-store.h"
#include "rtcc-time.h"

/* Ingest through the store (queue, writer thread, batching, JSON, version
 * check, spatial and plate indexes) against the floor: the same rows, with
 * their JSON already written, inserted by hand with prepared statements in
 * one transaction. Both run here, on the same disk, in the same run. */

#define N_EVENTS   200000
#define BATCH_SIZE 500
#define N_ROUNDS   3

static const char letters[] = "ABCDEFGHJKMNPRTUVWXY";

/* Locations as a city produces them: plate reads from a few hundred LPR
 * cameras, camera alerts from a few hundred video cameras, gunshots
 * anywhere. */
#define N_LPR_CAMERAS   400
#define N_VIDEO_CAMERAS 600

static void
random_point (GRand  *rand,
              double *lat,
              double *lon)
{
  *lat = 41.64 + g_rand_double (rand) * 0.38;
  *lon = -87.94 + g_rand_double (rand) * 0.42;
}

static void
random_plate (GRand *rand,
              char   plate[8])
{
  for (int c = 0; c < 3; c++)
    plate[c] = letters[g_rand_int_range (rand, 0, sizeof letters - 1)];
  g_snprintf (plate + 3, 5, "%04d", g_rand_int_range (rand, 0, 10000));
}

/* Cameras see the same vehicles again and again: eight reads per vehicle
 * on average, commuters far more often than visitors. */
#define READS_PER_VEHICLE 8

static guint
vehicle_index (GRand *rand,
               guint  n_vehicles)
{
  double u = g_rand_double (rand);

  return (guint) (u * u * n_vehicles);
}

static GPtrArray *
make_events (guint    n,
             gboolean unique_plates)
{
  GPtrArray *events = g_ptr_array_new_full (n, g_object_unref);
  GRand *rand = g_rand_new_with_seed (2026);
  gint64 start = 1795406400;
  double lpr[N_LPR_CAMERAS][2], video[N_VIDEO_CAMERAS][2];
  guint n_vehicles = MAX (n / READS_PER_VEHICLE, 1);
  char (*vehicles)[8] = g_malloc_n (n_vehicles, 8);

  for (guint i = 0; i < n_vehicles; i++)
    random_plate (rand, vehicles[i]);

  for (guint i = 0; i < N_LPR_CAMERAS; i++)
    random_point (rand, &lpr[i][0], &lpr[i][1]);
  for (guint i = 0; i < N_VIDEO_CAMERAS; i++)
    random_point (rand, &video[i][0], &video[i][1]);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RtccEventBuilder) b = NULL;
      g_autoptr(GDateTime) at = g_date_time_new_from_unix_utc (start + i / 4);
      g_autofree char *id = g_strdup_printf ("%08u", i);
      guint kind = g_rand_int_range (rand, 0, 100);
      double lat, lon;

      if (kind < 90)
        {
          const char *plate = unique_plates ? NULL : vehicles[vehicle_index (rand, n_vehicles)];
          char fresh[8];

          if (plate == NULL)
            {
              random_plate (rand, fresh);
              plate = fresh;
            }
          guint cam = g_rand_int_range (rand, 0, N_LPR_CAMERAS);

          lat = lpr[cam][0];
          lon = lpr[cam][1];
          b = rtcc_event_builder_new (RTCC_SOURCE_FLOCK,
                                      kind < 88 ? RTCC_EVENT_TYPE_LPR_READ : RTCC_EVENT_TYPE_LPR_HIT, id);
          rtcc_event_builder_set_string (b, "plate_number", plate);
          rtcc_event_builder_set_string (b, "plate_state", "IL");
          rtcc_event_builder_set_double (b, "plate_confidence", 0.9);
          rtcc_event_builder_set_string (b, "vehicle_make", "Toyota");
          rtcc_event_builder_set_string (b, "vehicle_model", "Camry");
          rtcc_event_builder_set_string (b, "vehicle_color", "silver");
          rtcc_event_builder_set_string (b, "camera_id", "cam-042");
          rtcc_event_builder_set_string (b, "camera_name", "Madison & Ashland NB");
          rtcc_event_builder_set_string (b, "image_url", "http://127.0.0.1:8080/images/read.jpg");
        }
      else if (kind < 96)
        {
          guint cam = g_rand_int_range (rand, 0, N_VIDEO_CAMERAS);

          lat = video[cam][0];
          lon = video[cam][1];
          b = rtcc_event_builder_new (RTCC_SOURCE_MILESTONE, RTCC_EVENT_TYPE_CAMERA_ALERT, id);
          rtcc_event_builder_set_string (b, "camera_id", "6f1c2a55-0e4b-4a7e-9a51-3b8f0c2d1e77");
          rtcc_event_builder_set_string (b, "alert_type", "motion");
        }
      else
        {
          random_point (rand, &lat, &lon);
          b = rtcc_event_builder_new (RTCC_SOURCE_SHOTSPOTTER, RTCC_EVENT_TYPE_GUNSHOT, id);
          rtcc_event_builder_set_priority (b, RTCC_PRIORITY_HIGH);
          rtcc_event_builder_set_int (b, "round_count", 4);
          rtcc_event_builder_set_double (b, "confidence", 0.97);
          rtcc_event_builder_set_address (b, "1200 W MADISON ST");
        }
      rtcc_event_builder_set_occurred_at (b, at);
      rtcc_event_builder_set_received_at (b, at);
      rtcc_event_builder_set_location (b, lat, lon);
      g_ptr_array_add (events, rtcc_event_builder_end (g_steal_pointer (&b), NULL));
    }
  g_rand_free (rand);
  g_free (vehicles);
  return events;
}

typedef struct
{
  guint pending;
  guint stored;
  guint failed;
} Progress;

static void
inserted (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Progress *p = user_data;
  g_autoptr(GError) error = NULL;
  guint n = 0;

  if (rtcc_event_store_insert_finish (RTCC_EVENT_STORE (object), result, &n, &error))
    p->stored += n;
  else
    {
      if (p->failed++ == 0)
        g_printerr ("bench-store-ingest: %s\n", error->message);
    }
  p->pending--;
}

/* CPU time of the whole process, all threads: unlike wall time, other
 * work on a shared machine barely moves it, so it still compares the store
 * with the raw inserts when the machine is busy. */
static gint64
cpu_usec (void)
{
  struct rusage ru;

  getrusage (RUSAGE_SELF, &ru);
  return (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * G_USEC_PER_SEC +
         ru.ru_utime.tv_usec + ru.ru_stime.tv_usec;
}

static double
run_store (const char *path,
           GPtrArray  *events,
           double     *cpu_rate)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RtccEventStore) store = rtcc_sqlite_event_store_new (path, &error);
  Progress p = { 0 };
  gint64 t0, t1, c0;

  if (store == NULL)
    g_error ("%s", error->message);

  c0 = cpu_usec ();
  t0 = g_get_monotonic_time ();
  /* As a stream client would: batches handed over without waiting. */
  for (guint i = 0; i < events->len; i += BATCH_SIZE)
    {
      g_autoptr(GPtrArray) batch = g_ptr_array_new_full (BATCH_SIZE, NULL);

      for (guint j = i; j < MIN (i + BATCH_SIZE, events->len); j++)
        g_ptr_array_add (batch, g_ptr_array_index (events, j));
      p.pending++;
      rtcc_event_store_insert_async (store, batch, NULL, inserted, &p);
    }
  while (p.pending > 0)
    g_main_context_iteration (NULL, TRUE);
  t1 = g_get_monotonic_time ();
  *cpu_rate = events->len / ((cpu_usec () - c0) / (double) G_USEC_PER_SEC);

  if (p.failed > 0 || p.stored != events->len)
    g_error ("store kept %u of %u events (%u batches failed)", p.stored, events->len, p.failed);
  rtcc_event_store_close (store);
  return events->len / ((t1 - t0) / (double) G_USEC_PER_SEC);
}

typedef struct
{
  char   *id;
  char   *json;
  char   *plate;
  char   *skeleton;
  char   *reversed;
  gboolean new_plate;
  gint64  occurred_at;
  gint64  received_at;
  gint64  place;
  gboolean new_place;
  int     source, type, priority;
  double  lat, lon;
  char   *title;
  char   *address;
} Row;

static void
check (int      rc,
       sqlite3 *db)
{
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
    g_error ("raw insert: %s", sqlite3_errmsg (db));
}

static double
run_raw (const char *path,
         GPtrArray  *events,
         double     *cpu_rate)
{
  g_autofree Row *rows = g_new0 (Row, events->len);
  sqlite3 *db = NULL;
  sqlite3_stmt *ins_event, *ins_place, *ins_geo, *ins_plate, *ins_dict;
  g_autoptr(GHashTable) places = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) plates = g_hash_table_new (g_str_hash, g_str_equal);
  gint64 t0, t1, c0;

  /* The same schema, made by the store, then left to the raw statements. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(RtccEventStore) store = rtcc_sqlite_event_store_new (path, &error);

    if (store == NULL)
      g_error ("%s", error->message);
    rtcc_event_store_close (store);
  }

  for (guint i = 0; i < events->len; i++)
    {
      RtccEvent *e = g_ptr_array_index (events, i);
      Row *r = &rows[i];

      r->id = g_strdup (rtcc_event_get_id (e));
      r->json = rtcc_event_to_json_string (e);
      r->plate = rtcc_plate_search_key (rtcc_event_get_attribute_string (e, "plate_number"));
      r->skeleton = r->plate != NULL ? rtcc_plate_skeleton (r->plate) : NULL;
      r->reversed = r->plate != NULL ? g_strreverse (g_strdup (r->plate)) : NULL;
      r->new_plate = r->plate != NULL && g_hash_table_add (plates, r->plate);
      r->occurred_at = rtcc_time_to_unix_usec (rtcc_event_get_occurred_at (e));
      r->received_at = rtcc_time_to_unix_usec (rtcc_event_get_received_at (e));
      r->source = rtcc_event_get_source (e);
      r->type = rtcc_event_get_event_type (e);
      r->priority = rtcc_event_get_priority (e);
      rtcc_event_get_location (e, &r->lat, &r->lon);
      {
        char *key = g_strdup_printf ("%.17g,%.17g", r->lat, r->lon);

        r->place = GPOINTER_TO_SIZE (g_hash_table_lookup (places, key));
        if (r->place == 0)
          {
            r->place = g_hash_table_size (places) + 1;
            r->new_place = TRUE;
            g_hash_table_insert (places, key, GSIZE_TO_POINTER (r->place));
          }
        else
          g_free (key);
      }
      r->title = g_strdup (rtcc_event_get_title (e));
      r->address = g_strdup (rtcc_event_get_address (e));
    }

  check (sqlite3_open (path, &db), db);
  check (sqlite3_exec (db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
                           "PRAGMA cache_size=-65536;", NULL, NULL, NULL), db);
  check (sqlite3_prepare_v2 (db, "INSERT INTO events (id, source, type, priority, occurred_at, received_at, "
                                 "version, lat, lon, title, address, json, place) "
                                 "VALUES (?,?,?,?,?,?,1,?,?,?,?,?,?)",
                             -1, &ins_event, NULL), db);
  check (sqlite3_prepare_v2 (db, "INSERT INTO places VALUES (?, ?, ?)", -1, &ins_place, NULL), db);
  check (sqlite3_prepare_v2 (db, "INSERT INTO place_geo VALUES (?, ?, ?, ?, ?)", -1, &ins_geo, NULL), db);
  check (sqlite3_prepare_v2 (db, "INSERT INTO plate_reads VALUES (?, ?, ?)", -1, &ins_plate, NULL), db);
  check (sqlite3_prepare_v2 (db, "INSERT INTO plates VALUES (?, ?, ?)", -1, &ins_dict, NULL), db);

  c0 = cpu_usec ();
  t0 = g_get_monotonic_time ();
  check (sqlite3_exec (db, "BEGIN", NULL, NULL, NULL), db);
  for (guint i = 0; i < events->len; i++)
    {
      Row *r = &rows[i];
      gint64 seq;

      if (r->new_place)
        {
          sqlite3_bind_int64 (ins_place, 1, r->place);
          sqlite3_bind_double (ins_place, 2, r->lat);
          sqlite3_bind_double (ins_place, 3, r->lon);
          check (sqlite3_step (ins_place), db);
          sqlite3_reset (ins_place);
          sqlite3_bind_int64 (ins_geo, 1, r->place);
          sqlite3_bind_double (ins_geo, 2, r->lat);
          sqlite3_bind_double (ins_geo, 3, r->lat);
          sqlite3_bind_double (ins_geo, 4, r->lon);
          sqlite3_bind_double (ins_geo, 5, r->lon);
          check (sqlite3_step (ins_geo), db);
          sqlite3_reset (ins_geo);
        }

      sqlite3_bind_text (ins_event, 1, r->id, -1, SQLITE_STATIC);
      sqlite3_bind_int (ins_event, 2, r->source);
      sqlite3_bind_int (ins_event, 3, r->type);
      sqlite3_bind_int (ins_event, 4, r->priority);
      sqlite3_bind_int64 (ins_event, 5, r->occurred_at);
      sqlite3_bind_int64 (ins_event, 6, r->received_at);
      sqlite3_bind_double (ins_event, 7, r->lat);
      sqlite3_bind_double (ins_event, 8, r->lon);
      sqlite3_bind_text (ins_event, 9, r->title, -1, SQLITE_STATIC);
      sqlite3_bind_text (ins_event, 10, r->address, -1, SQLITE_STATIC);
      sqlite3_bind_text (ins_event, 11, r->json, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (ins_event, 12, r->place);
      check (sqlite3_step (ins_event), db);
      sqlite3_reset (ins_event);
      seq = sqlite3_last_insert_rowid (db);

      if (r->new_plate)
        {
          sqlite3_bind_text (ins_dict, 1, r->plate, -1, SQLITE_STATIC);
          sqlite3_bind_text (ins_dict, 2, r->skeleton, -1, SQLITE_STATIC);
          sqlite3_bind_text (ins_dict, 3, r->reversed, -1, SQLITE_STATIC);
          check (sqlite3_step (ins_dict), db);
          sqlite3_reset (ins_dict);
        }
      if (r->plate != NULL)
        {
          sqlite3_bind_int64 (ins_plate, 1, seq);
          sqlite3_bind_text (ins_plate, 2, r->plate, -1, SQLITE_STATIC);
          sqlite3_bind_int64 (ins_plate, 3, r->occurred_at);
          check (sqlite3_step (ins_plate), db);
          sqlite3_reset (ins_plate);
        }
    }
  check (sqlite3_exec (db, "COMMIT", NULL, NULL, NULL), db);
  t1 = g_get_monotonic_time ();
  *cpu_rate = events->len / ((cpu_usec () - c0) / (double) G_USEC_PER_SEC);

  sqlite3_finalize (ins_event);
  sqlite3_finalize (ins_place);
  sqlite3_finalize (ins_geo);
  sqlite3_finalize (ins_plate);
  sqlite3_finalize (ins_dict);
  sqlite3_close (db);
  for (guint i = 0; i < events->len; i++)
    {
      g_free (rows[i].id);
      g_free (rows[i].json);
      g_free (rows[i].plate);
      g_free (rows[i].skeleton);
      g_free (rows[i].reversed);
      g_free (rows[i].title);
      g_free (rows[i].address);
    }
  return events->len / ((t1 - t0) / (double) G_USEC_PER_SEC);
}

static void
remove_dir_files (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *file = g_build_filename (dir, name, NULL);
      g_unlink (file);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("rtcc-bench-XXXXXX", &error);
  g_autoptr(GPtrArray) events = NULL;
  guint n = N_EVENTS;
  double store_rate = 0, raw_rate = 0;
  double store_cpu_rate = 0, raw_cpu_rate = 0;
  gboolean unique_plates = FALSE;

  /* --unique-plates: every read a vehicle never seen before, the worst
   * case for the plate dictionary. */
  if (argc > 1 && g_str_equal (argv[1], "--unique-plates"))
    {
      unique_plates = TRUE;
      argc--, argv++;
    }
  if (argc > 1)
    n = CLAMP (g_ascii_strtoull (argv[1], NULL, 10), 1000, 10000000);
  if (dir == NULL)
    g_error ("%s", error->message);

  events = make_events (n, unique_plates);
  /* Alternate, and keep the best of each: other work on the machine
   * slows some rounds, and it should not decide the ratio. */
  for (guint round = 0; round < N_ROUNDS; round++)
    {
      g_autofree char *store_path = g_strdup_printf ("%s/store-%u.db", dir, round);
      g_autofree char *raw_path = g_strdup_printf ("%s/raw-%u.db", dir, round);

      double raw_cpu, store_cpu;
      double raw = run_raw (raw_path, events, &raw_cpu);
      double store = run_store (store_path, events, &store_cpu);

      raw_rate = MAX (raw_rate, raw);
      store_rate = MAX (store_rate, store);
      raw_cpu_rate = MAX (raw_cpu_rate, raw_cpu);
      store_cpu_rate = MAX (store_cpu_rate, store_cpu);
      remove_dir_files (dir);
    }
  g_rmdir (dir);

  printf ("store-ingest: %u events (%s), best of %u: store %.0f events/s, raw prepared inserts %.0f events/s, "
          "ratio %.2f (target >= 50000/s and >= 0.50)\n",
          n, unique_plates ? "every plate new" : "8 reads per vehicle", N_ROUNDS, store_rate, raw_rate, store_rate / raw_rate);
  printf ("store-ingest: per CPU second (all threads): store %.0f events, raw %.0f, ratio %.2f\n",
          store_cpu_rate, raw_cpu_rate, store_cpu_rate / raw_cpu_rate);
  return 0;
}
