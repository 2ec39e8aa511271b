/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "rtcc-event-store.h"
#include "rtcc-sqlite-event-store.h"

/* Plate searches on a year of plate reads: exact, wildcard and misread,
 * each through the store's search as the plate dialog calls it (500 reads
 * at most, no time range), and each against a plain LIKE scan of the
 * plate reads in the same run. The store is filled through its own insert
 * path, once: the file is kept in the build directory and reused while
 * the generator and the read count stay the same. */

#define DEFAULT_READS     10000000
#define DEFAULT_QUERIES   200
#define DEFAULT_SCANS     5
#define BATCH_SIZE        5000
#define MAX_IN_FLIGHT     8
#define MAX_READS         500
#define N_CAMERAS         400
/* The year of reads: 2026. */
#define DATA_START        1767225600
#define DATA_END          (DATA_START + 365 * 24 * 3600)
/* Bump when the generated data changes, so old cached files are redone. */
#define GENERATOR_VERSION 1

static const char letters[] = "ABCDEFGHJKLMNPRSTUVWXYZ";
static const char digits[] = "0123456789";

/* The vehicles of a city and its visitors, each with a plate as the state
 * issues them. */
typedef struct
{
  char plate[12];
  char state[3];
} Vehicle;

static char
pick (GRand      *rand,
      const char *set)
{
  return set[g_rand_int_range (rand, 0, strlen (set))];
}

static void
make_plate (GRand   *rand,
            Vehicle *v)
{
  guint kind = g_rand_int_range (rand, 0, 100);
  char *p = v->plate;

  if (kind < 55)
    {
      /* Illinois passenger: AB 12345 or ABC 1234. */
      int n_letters = g_rand_boolean (rand) ? 2 : 3;

      for (int i = 0; i < n_letters; i++)
        *p++ = pick (rand, letters);
      for (int i = n_letters; i < 7; i++)
        *p++ = pick (rand, digits);
      strcpy (v->state, "IL");
    }
  else if (kind < 75)
    {
      /* Older Illinois: digits only, 5 to 7 of them. */
      int n = g_rand_int_range (rand, 5, 8);

      for (int i = 0; i < n; i++)
        *p++ = pick (rand, digits);
      strcpy (v->state, "IL");
    }
  else if (kind < 80)
    {
      /* Vanity: 2 to 7 letters. */
      int n = g_rand_int_range (rand, 2, 8);

      for (int i = 0; i < n; i++)
        *p++ = pick (rand, letters);
      strcpy (v->state, "IL");
    }
  else if (kind < 90)
    {
      /* Indiana: 123ABC. */
      for (int i = 0; i < 3; i++)
        *p++ = pick (rand, digits);
      for (int i = 0; i < 3; i++)
        *p++ = pick (rand, letters);
      strcpy (v->state, "IN");
    }
  else
    {
      /* Wisconsin: ABC1234. */
      for (int i = 0; i < 3; i++)
        *p++ = pick (rand, letters);
      for (int i = 0; i < 4; i++)
        *p++ = pick (rand, digits);
      strcpy (v->state, "WI");
    }
  *p = '\0';
}

static const char *lookalikes[] = { "O0DQ", "B8", "I1L", "S5", "Z2", "G6" };

/* What a camera makes of @plate now and then: one look-alike swapped, or
 * one character lost. */
static void
misread (GRand      *rand,
         const char *plate,
         char       *out)
{
  gsize len = strlen (plate);
  gsize at = g_rand_int_range (rand, 0, len);

  strcpy (out, plate);
  if (len > 2 && g_rand_int_range (rand, 0, 3) == 0)
    {
      memmove (out + at, out + at + 1, len - at);
      return;
    }
  for (guint k = 0; k < G_N_ELEMENTS (lookalikes); k++)
    {
      const char *group = lookalikes[k];
      const char *hit = strchr (group, out[at]);

      if (hit != NULL)
        {
          out[at] = group[(hit - group + 1) % strlen (group)];
          return;
        }
    }
  /* No look-alike there: the camera reads it right. */
}

typedef struct
{
  GRand   *rand;
  Vehicle *vehicles;
  guint    n_vehicles;
  double   cameras[N_CAMERAS][2];
} Generator;

static Generator *
generator_new (guint n_reads)
{
  Generator *g = g_new0 (Generator, 1);

  g->rand = g_rand_new_with_seed (7);
  /* A year of reads from a city's cameras sees each vehicle eight times
   * on average, commuters far more often than visitors. */
  g->n_vehicles = MAX (n_reads / 8, 1000);
  g->vehicles = g_new (Vehicle, g->n_vehicles);
  for (guint i = 0; i < g->n_vehicles; i++)
    make_plate (g->rand, &g->vehicles[i]);
  for (guint i = 0; i < N_CAMERAS; i++)
    {
      g->cameras[i][0] = 41.64 + g_rand_double (g->rand) * 0.38;
      g->cameras[i][1] = -87.94 + g_rand_double (g->rand) * 0.42;
    }
  return g;
}

static void
generator_free (Generator *g)
{
  g_rand_free (g->rand);
  g_free (g->vehicles);
  g_free (g);
}

/* Frequent vehicles first: a square puts most reads on the commuters. */
static const Vehicle *
generator_vehicle (Generator *g)
{
  double u = g_rand_double (g->rand);

  return &g->vehicles[(guint) (u * u * g->n_vehicles)];
}

static RtccEvent *
generator_read (Generator *g,
                guint      i,
                gint64     at)
{
  g_autoptr(RtccEventBuilder) b = NULL;
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_utc (at);
  g_autofree char *id = g_strdup_printf ("r%09u", i);
  g_autofree char *camera_id = NULL;
  const Vehicle *v = generator_vehicle (g);
  guint cam = g_rand_int_range (g->rand, 0, N_CAMERAS);
  char plate[16];

  if (g_rand_int_range (g->rand, 0, 100) < 3)
    misread (g->rand, v->plate, plate);
  else
    strcpy (plate, v->plate);
  camera_id = g_strdup_printf ("cam-%03u", cam);
  b = rtcc_event_builder_new (RTCC_SOURCE_FLOCK, RTCC_EVENT_TYPE_LPR_READ, id);
  rtcc_event_builder_set_string (b, "plate_number", plate);
  rtcc_event_builder_set_string (b, "plate_state", v->state);
  rtcc_event_builder_set_double (b, "plate_confidence", 0.8 + g_rand_double (g->rand) * 0.2);
  rtcc_event_builder_set_string (b, "camera_id", camera_id);
  rtcc_event_builder_set_occurred_at (b, when);
  rtcc_event_builder_set_received_at (b, when);
  rtcc_event_builder_set_location (b, g->cameras[cam][0], g->cameras[cam][1]);
  return rtcc_event_builder_end (g_steal_pointer (&b), NULL);
}

typedef struct
{
  guint    pending;
  guint64  stored;
  GError  *error;
} Progress;

static void
inserted (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Progress *p = user_data;
  guint n = 0;

  if (rtcc_event_store_insert_finish (RTCC_EVENT_STORE (object), result, &n, p->error == NULL ? &p->error : NULL))
    p->stored += n;
  p->pending--;
}

static double
generate (const char *path,
          guint       n_reads)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RtccEventStore) store = rtcc_sqlite_event_store_new (path, &error);
  Generator *g = generator_new (n_reads);
  /* 2026, one year, in order as a feed delivers it. */
  gint64 start = DATA_START, year = DATA_END - DATA_START;
  Progress p = { 0 };
  gint64 t0 = g_get_monotonic_time ();

  if (store == NULL)
    g_error ("%s", error->message);
  for (guint i = 0; i < n_reads;)
    {
      g_autoptr(GPtrArray) batch = g_ptr_array_new_full (BATCH_SIZE, g_object_unref);

      for (; batch->len < BATCH_SIZE && i < n_reads; i++)
        g_ptr_array_add (batch, generator_read (g, i, start + (gint64) ((double) i / n_reads * year)));
      p.pending++;
      rtcc_event_store_insert_async (store, batch, NULL, inserted, &p);
      /* A few batches in flight keep the writer busy without holding
       * the whole year in memory. */
      while (p.pending >= MAX_IN_FLIGHT)
        g_main_context_iteration (NULL, TRUE);
      if (p.error != NULL)
        g_error ("%s", p.error->message);
      if (i % 1000000 == 0)
        {
          g_printerr ("bench-plate-search: %u reads stored\n", i);
        }
    }
  while (p.pending > 0)
    g_main_context_iteration (NULL, TRUE);
  if (p.error != NULL || p.stored != n_reads)
    g_error ("the store kept %" G_GUINT64_FORMAT " of %u reads: %s", p.stored, n_reads,
             p.error != NULL ? p.error->message : "duplicates");
  rtcc_event_store_close (store);
  generator_free (g);
  return (g_get_monotonic_time () - t0) / (double) G_USEC_PER_SEC;
}

typedef enum
{
  KIND_EXACT,
  KIND_WILDCARD,
  KIND_MISREAD,
  N_KINDS
} Kind;

static const char * const kind_names[N_KINDS] = { "exact", "wildcard", "misread" };
static const double kind_targets_ms[N_KINDS] = { 1, 20, 50 };
static const RtccPlateMatch kind_modes[N_KINDS] = {
  RTCC_PLATE_MATCH_EXACT, RTCC_PLATE_MATCH_WILDCARD, RTCC_PLATE_MATCH_MISREAD
};

/* Queries as analysts type them, about vehicles that exist. */
static char *
make_query (Generator *g,
            Kind       kind,
            guint      i)
{
  const char *plate = g->vehicles[g_rand_int_range (g->rand, 0, g->n_vehicles)].plate;
  gsize len = strlen (plate);
  char buf[32];

  switch (kind)
    {
    case KIND_EXACT:
      return g_strdup (plate);
    case KIND_WILDCARD:
      /* The three shapes in turn: ABC*, *123, A*C1*. */
      if (i % 3 == 0 || len < 4)
        return g_strdup_printf ("%.3s*", plate);
      if (i % 3 == 1)
        return g_strdup_printf ("*%s", plate + len - 3);
      return g_strdup_printf ("%c*%.2s*", plate[0], plate + 2);
    case KIND_MISREAD:
      misread (g->rand, plate, buf);
      return g_strdup (buf);
    case N_KINDS:
    default:
      g_assert_not_reached ();
    }
}

typedef struct
{
  GPtrArray *found;
  GError    *error;
  gboolean   done;
} Search;

static void
searched (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Search *s = user_data;

  s->found = rtcc_event_store_search_plates_finish (RTCC_EVENT_STORE (object), result, &s->error);
  s->done = TRUE;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
percentile (GArray *ms,
            double  p)
{
  g_array_sort (ms, compare_double);
  return g_array_index (ms, double, MIN ((guint) (p * ms->len), ms->len - 1));
}

/* The pattern as LIKE understands it: `*` is `%`; plates have no `_`. */
static char *
like_pattern (const char *pattern)
{
  g_autofree char *copy = g_strdup (pattern);

  g_strdelimit (copy, "*", '%');
  return g_steal_pointer (&copy);
}

static double
scan (sqlite3    *db,
      const char *pattern,
      GDateTime  *since)
{
  g_autofree char *like = like_pattern (pattern);
  sqlite3_stmt *stmt = NULL;
  gint64 t0 = g_get_monotonic_time ();

  if (sqlite3_prepare_v2 (db, "SELECT e.json FROM plate_reads p JOIN events e ON e.seq = p.event_seq "
                              "WHERE p.plate LIKE ?1 AND p.occurred_at >= ?2 ORDER BY p.occurred_at DESC LIMIT 500",
                          -1, &stmt, NULL) != SQLITE_OK)
    g_error ("scan: %s", sqlite3_errmsg (db));
  sqlite3_bind_text (stmt, 1, like, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, since != NULL ? g_date_time_to_unix (since) * G_USEC_PER_SEC : G_MININT64);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    ;
  sqlite3_finalize (stmt);
  return (g_get_monotonic_time () - t0) / 1000.0;
}

/* Process CPU time: on a shared machine the wall time of a search also
 * counts the time other work holds the cores, the CPU time does not. */
static double
cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static gint64
file_size (const char *path)
{
  GStatBuf st;

  return g_stat (path, &st) == 0 ? st.st_size : 0;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- time plate searches on a year of reads");
  g_autoptr(GError) error = NULL;
  g_autoptr(RtccEventStore) store = NULL;
  g_autofree char *path = NULL;
  g_autofree char *done_path = NULL;
  g_autofree char *done = NULL;
  g_autofree char *expected = NULL;
  gint n_reads = DEFAULT_READS;
  gint n_queries = DEFAULT_QUERIES;
  gint n_scans = DEFAULT_SCANS;
  gint n_days = 0;
  g_autoptr(GDateTime) since = NULL;
  char *db_dir = NULL;
  GOptionEntry entries[] = {
    { "reads", 0, 0, G_OPTION_ARG_INT, &n_reads, "Plate reads in the store (default 10000000)", "N" },
    { "queries", 0, 0, G_OPTION_ARG_INT, &n_queries, "Searches of each kind (default 200)", "N" },
    { "scans", 0, 0, G_OPTION_ARG_INT, &n_scans, "LIKE scans of each kind, for the ratio (default 5)", "N" },
    { "days", 0, 0, G_OPTION_ARG_INT, &n_days,
      "Search only the last N days of the year, as the dialog does (default: the whole year)", "N" },
    { "dir", 0, 0, G_OPTION_ARG_FILENAME, &db_dir, "Where the generated store is kept", "DIR" },
    { NULL }
  };
  Generator *g;
  sqlite3 *db = NULL;
  gint64 size;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("bench-plate-search: %s\n", error->message);
      return 2;
    }
  if (n_days > 0)
    since = g_date_time_new_from_unix_utc (DATA_END - (gint64) n_days * 24 * 3600);
  if (n_reads < 1000 || n_queries < 1 || n_scans < 1 || n_days < 0)
    {
      g_printerr ("bench-plate-search: --reads must be at least 1000, --queries and --scans at least 1\n");
      return 2;
    }

  path = g_strdup_printf ("%s/plate-search-%d.db", db_dir != NULL ? db_dir : BENCH_CACHE_DIR, n_reads);
  done_path = g_strconcat (path, ".done", NULL);
  expected = g_strdup_printf ("generator %d reads %d", GENERATOR_VERSION, n_reads);
  if (g_file_get_contents (done_path, &done, NULL, NULL) && g_str_has_prefix (g_strchomp (done), expected) &&
      strlen (done) > strlen (expected))
    g_printerr ("bench-plate-search: reusing %s (%s)\n", path, done + strlen (expected) + 1);
  else
    {
      double seconds;

      g_unlink (done_path);
      g_unlink (path);
      {
        g_autofree char *wal = g_strconcat (path, "-wal", NULL);
        g_autofree char *shm = g_strconcat (path, "-shm", NULL);
        g_unlink (wal);
        g_unlink (shm);
      }
      g_printerr ("bench-plate-search: generating %d reads into %s\n", n_reads, path);
      seconds = generate (path, n_reads);
      g_printerr ("bench-plate-search: generated in %.0f s (%.0f reads/s)\n", seconds, n_reads / seconds);
      g_free (done);
      done = g_strdup_printf ("%s generated in %.0f s, %.0f reads/s\n", expected, seconds, n_reads / seconds);
      if (!g_file_set_contents (done_path, done, -1, &error))
        g_error ("%s", error->message);
    }
  g_free (db_dir);
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    size = file_size (path) + file_size (wal);
  }

  store = rtcc_sqlite_event_store_new (path, &error);
  if (store == NULL)
    g_error ("%s", error->message);
  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    g_error ("%s", sqlite3_errmsg (db));
  sqlite3_exec (db, "PRAGMA cache_size=-32768", NULL, NULL, NULL);

  g = generator_new (n_reads);
  g_rand_set_seed (g->rand, 11);
  if (n_days > 0)
    printf ("plate-search: searching the last %d days of the year only, as the plate dialog does by default "
            "with 7\n", n_days);
  for (Kind kind = 0; kind < N_KINDS; kind++)
    {
      g_autoptr(GArray) ms = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GArray) scan_ms = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GArray) cpu = g_array_new (FALSE, FALSE, sizeof (double));
      GArray *shape_ms[3] = { g_array_new (FALSE, FALSE, sizeof (double)),
                              g_array_new (FALSE, FALSE, sizeof (double)),
                              g_array_new (FALSE, FALSE, sizeof (double)) };
      guint64 shape_hits[3] = { 0 };
      guint64 hits = 0;
      double p50, p95, scan_p50;

      for (gint i = 0; i < n_queries; i++)
        {
          g_autofree char *query = make_query (g, kind, i);
          Search s = { 0 };
          gint64 t0 = g_get_monotonic_time ();
          double c0 = cpu_ms ();
          double t, c;

          rtcc_event_store_search_plates_async (store, query, kind_modes[kind], since, NULL, MAX_READS,
                                                NULL, searched, &s);
          while (!s.done)
            g_main_context_iteration (NULL, TRUE);
          t = (g_get_monotonic_time () - t0) / 1000.0;
          c = cpu_ms () - c0;
          g_array_append_val (cpu, c);
          if (s.found == NULL)
            g_error ("search for %s: %s", query, s.error->message);
          hits += s.found->len;
          shape_hits[i % 3] += s.found->len;
          g_ptr_array_unref (s.found);
          g_array_append_val (ms, t);
          g_array_append_val (shape_ms[i % 3], t);
          if (i < n_scans)
            {
              double st = scan (db, query, since);
              g_array_append_val (scan_ms, st);
            }
        }
      p50 = percentile (ms, 0.50);
      p95 = percentile (ms, 0.95);
      scan_p50 = percentile (scan_ms, 0.50);
      printf ("plate-search: %d reads, %s: p50 %.2f ms, p95 %.2f ms over %d searches "
              "(%.0f reads found on average; target p95 < %.0f ms); LIKE scan p50 %.0f ms over %d, "
              "ratio %.4f; CPU p50 %.2f ms, p95 %.2f ms\n",
              n_reads, kind_names[kind], p50, p95, n_queries, (double) hits / n_queries,
              kind_targets_ms[kind], scan_p50, MIN (n_scans, n_queries), p50 / scan_p50,
              percentile (cpu, 0.50), percentile (cpu, 0.95));
      /* The wildcard's three shapes apart: a prefix, a suffix and both. */
      if (kind == KIND_WILDCARD)
        for (guint k = 0; k < 3; k++)
          printf ("plate-search:   %s: p50 %.2f ms, p95 %.2f ms (%.0f reads found on average)\n",
                  (const char * const[]) { "ABC*", "*123", "A*C1*" }[k], percentile (shape_ms[k], 0.50),
                  percentile (shape_ms[k], 0.95), (double) shape_hits[k] / MAX (shape_ms[k]->len, 1));
      for (guint k = 0; k < 3; k++)
        g_array_unref (shape_ms[k]);
    }
  printf ("plate-search: %d reads, store %.1f MB, %.0f bytes per read\n",
          n_reads, size / 1e6, (double) size / n_reads);

  generator_free (g);
  sqlite3_close (db);
  rtcc_event_store_close (store);
  return 0;
}
