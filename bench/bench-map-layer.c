/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bench-map-layer: draws the same pan-and-zoom sequence with RtccEventLayer
 * (100,000 events by default) and with one ShumateMarker widget per event
 * (5,000 by default, since creating 100,000 widgets takes minutes), and
 * prints milliseconds per frame for both, their ratio at equal event
 * counts and extrapolated to the layer's count, and the layer's bytes per
 * event.
 *
 * A frame is what the toolkit does when the viewport moves: measure and
 * allocate the layer, build its render nodes (snapshot) and render them to
 * a texture with the window's renderer. Run under Xvfb with
 * GSK_RENDERER=cairo, as bench/run-map-layer does, for software figures.
 */
#define G_LOG_DOMAIN "RtccBenchMapLayer"

#include "config.h"

#include <malloc.h>
#include <math.h>
#include <stdio.h>
#include <time.h>

#include <gtk/gtk.h>
#include <shumate/shumate.h>

#include "rtcc-event-layer.h"

#define WIDTH  800
#define HEIGHT 600
#define CENTER_LAT 41.84
#define CENTER_LON -87.725

typedef struct
{
  double lat;
  double lon;
  double zoom;
} Frame;

typedef struct
{
  double mean;
  double median;
  double p95;
  double max;
  double snapshot_mean;
  double cpu_mean;          /* thread CPU time: what the code costs on a busy machine */
  double cpu_median;
} Timing;

static int n_layer_events = 100000;
static int n_marker_events = 5000;
static int n_passes = 2;
static double cluster_max_zoom = -1;

static const GOptionEntry entries[] = {
  { "events", 'n', 0, G_OPTION_ARG_INT, &n_layer_events, "Events drawn by the layer", "N" },
  { "markers", 'm', 0, G_OPTION_ARG_INT, &n_marker_events, "Events drawn as marker widgets", "N" },
  { "passes", 'p', 0, G_OPTION_ARG_INT, &n_passes, "Passes over the frame sequence (the first warms up)", "N" },
  { "cluster-max-zoom", 'z', 0, G_OPTION_ARG_DOUBLE, &cluster_max_zoom, "Zoom from which the layer stops clustering", "Z" },
  { NULL }
};

static ShumateViewport *
make_viewport (void)
{
  g_autoptr(ShumateMapSourceRegistry) registry = shumate_map_source_registry_new_with_defaults ();
  ShumateViewport *viewport = shumate_viewport_new ();

  /* What ShumateMap does: markers need a projection to be placed. */
  shumate_viewport_set_reference_map_source (viewport,
                                             shumate_map_source_registry_get_by_id (registry, SHUMATE_MAP_SOURCE_OSM_MAPNIK));
  shumate_viewport_set_max_zoom_level (viewport, 19);
  return viewport;
}

static gint64
thread_cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static gsize
heap_in_use (void)
{
  struct mallinfo2 info = mallinfo2 ();

  return info.uordblks + info.hblkhd;
}

/* A city's year: mostly plate reads, hot spots of gunshots and alerts. */
static GListStore *
make_events (int    n,
             guint  seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  GListStore *store = g_list_store_new (RTCC_TYPE_EVENT);
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);
  static const double hot[][2] = { { 41.88, -87.63 }, { 41.78, -87.66 }, { 41.90, -87.72 }, { 41.75, -87.60 } };

  for (int i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("B%08d", i);
      g_autoptr(GDateTime) at = g_date_time_add_seconds (now, -g_rand_double_range (rand, 0, 365.0 * 86400));
      int roll = g_rand_int_range (rand, 0, 100);
      RtccEventType type = roll < 70 ? RTCC_EVENT_TYPE_LPR_READ
                         : roll < 78 ? RTCC_EVENT_TYPE_GUNSHOT
                         : roll < 84 ? RTCC_EVENT_TYPE_LPR_HIT
                         : roll < 92 ? RTCC_EVENT_TYPE_CAMERA_ALERT
                         : roll < 97 ? RTCC_EVENT_TYPE_INCIDENT_CREATED
                         : RTCC_EVENT_TYPE_BWC_RECORDING;
      g_autoptr(RtccEventBuilder) b = rtcc_event_builder_new (RTCC_SOURCE_FLOCK, type, id);
      double lat, lon;

      if (g_rand_int_range (rand, 0, 3) == 0)
        {
          const double *h = hot[g_rand_int_range (rand, 0, G_N_ELEMENTS (hot))];
          double r = fabs (g_rand_double_range (rand, 0, 0.02) * g_rand_double_range (rand, 0, 1));
          double a = g_rand_double_range (rand, 0, 2 * G_PI);
          lat = h[0] + r * sin (a);
          lon = h[1] + r * cos (a);
        }
      else
        {
          lat = g_rand_double_range (rand, 41.70, 41.98);
          lon = g_rand_double_range (rand, -87.90, -87.55);
        }
      rtcc_event_builder_set_priority (b, (RtccPriority) g_rand_int_range (rand, 0, 4));
      rtcc_event_builder_set_occurred_at (b, at);
      rtcc_event_builder_set_received_at (b, at);
      rtcc_event_builder_set_location (b, lat, lon);
      {
        g_autoptr(GError) error = NULL;
        RtccEvent *event = rtcc_event_builder_end (g_steal_pointer (&b), &error);

        if (event == NULL)
          g_error ("Could not build bench event %d: %s", i, error->message);
        g_ptr_array_add (batch, event);
      }
    }
  g_list_store_splice (store, 0, 0, batch->pdata, batch->len);
  return store;
}

/* Zoom in over the whole city, pan at two zoom levels, zoom back out. */
static GArray *
make_frames (void)
{
  GArray *frames = g_array_new (FALSE, FALSE, sizeof (Frame));

  for (double z = 11; z <= 17.01; z += 0.5)
    g_array_append_val (frames, ((Frame) { CENTER_LAT, CENTER_LON, z }));
  for (int zi = 0; zi < 2; zi++)
    {
      double z = zi == 0 ? 13 : 15.5;
      /* About 150 px per step around a circle. */
      double step = 150.0 / (256.0 * exp2 (z)) * 360.0;

      for (int i = 0; i < 16; i++)
        {
          double a = i * 2 * G_PI / 16;
          Frame f = { 41.88 + 2.5 * step * sin (a) * 0.75, -87.65 + 2.5 * step * cos (a), z };
          g_array_append_val (frames, f);
        }
    }
  for (double z = 17; z >= 10.99; z -= 0.5)
    g_array_append_val (frames, ((Frame) { CENTER_LAT, CENTER_LON, z }));
  return frames;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double da = *(const double *) a, db = *(const double *) b;

  return da < db ? -1 : da > db ? 1 : 0;
}

static gboolean
is_allocated (GtkWidget *widget)
{
  return gtk_widget_get_width (widget) == WIDTH && gtk_widget_get_height (widget) == HEIGHT;
}

static GtkWindow *
show_in_window (GtkWidget *widget)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  gtk_window_set_decorated (window, FALSE);
  gtk_window_set_default_size (window, WIDTH, HEIGHT);
  gtk_window_set_child (window, widget);
  gtk_window_present (window);
  while (!is_allocated (widget) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  if (!is_allocated (widget))
    g_error ("The bench window never got its %dx%d size", WIDTH, HEIGHT);
  return window;
}

static void
run_frames (GtkWindow       *window,
            GtkWidget       *widget,
            ShumateViewport *viewport,
            GArray          *frames,
            Timing          *timing)
{
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (window));
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) cpu_times = g_array_new (FALSE, FALSE, sizeof (double));
  double snapshot_sum = 0;
  static gboolean told;

  if (!told)
    {
      g_print ("  renderer %s\n", G_OBJECT_TYPE_NAME (renderer));
      told = TRUE;
    }

  for (int pass = 0; pass < MAX (n_passes, 1); pass++)
    {
      gboolean measured = pass > 0 || n_passes <= 1;

      for (guint i = 0; i < frames->len; i++)
        {
          const Frame *f = &g_array_index (frames, Frame, i);
          GtkSnapshot *snapshot;
          GskRenderNode *node;
          g_autoptr(GdkTexture) texture = NULL;
          gint64 start, snapped, end, cpu_start;
          int min, nat;

          shumate_viewport_set_zoom_level (viewport, f->zoom);
          shumate_location_set_location (SHUMATE_LOCATION (viewport), f->lat, f->lon);

          cpu_start = thread_cpu_us ();
          start = g_get_monotonic_time ();
          gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
          gtk_widget_measure (widget, GTK_ORIENTATION_VERTICAL, WIDTH, &min, &nat, NULL, NULL);
          gtk_widget_allocate (widget, WIDTH, HEIGHT, -1, NULL);
          snapshot = gtk_snapshot_new ();
          GTK_WIDGET_GET_CLASS (widget)->snapshot (widget, snapshot);
          node = gtk_snapshot_free_to_node (snapshot);
          snapped = g_get_monotonic_time ();
          if (node != NULL)
            {
              texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, WIDTH, HEIGHT));
              gsk_render_node_unref (node);
            }
          end = g_get_monotonic_time ();
          if (measured)
            {
              double cpu_ms = (thread_cpu_us () - cpu_start) / 1000.0;
              g_array_append_val (cpu_times, cpu_ms);
            }

          if (measured && g_getenv ("BENCH_VERBOSE") != NULL)
            g_print ("    frame %2u zoom %5.2f: %.2f ms (snapshot %.2f)\n", i, f->zoom,
                     (end - start) / 1000.0, (snapped - start) / 1000.0);
          if (measured)
            {
              double ms = (end - start) / 1000.0;
              g_array_append_val (times, ms);
              snapshot_sum += (snapped - start) / 1000.0;
            }
        }
    }

  g_array_sort (times, compare_double);
  timing->mean = 0;
  for (guint i = 0; i < times->len; i++)
    timing->mean += g_array_index (times, double, i);
  timing->mean /= times->len;
  timing->snapshot_mean = snapshot_sum / times->len;
  timing->median = g_array_index (times, double, times->len / 2);
  timing->p95 = g_array_index (times, double, MIN (times->len - 1, (guint) ceil (times->len * 0.95) - 1));
  timing->max = g_array_index (times, double, times->len - 1);

  g_array_sort (cpu_times, compare_double);
  timing->cpu_mean = 0;
  for (guint i = 0; i < cpu_times->len; i++)
    timing->cpu_mean += g_array_index (cpu_times, double, i);
  timing->cpu_mean /= cpu_times->len;
  timing->cpu_median = g_array_index (cpu_times, double, cpu_times->len / 2);
}

static void
bench_layer (GListStore *events,
             GArray     *frames,
             Timing     *timing,
             double     *bytes_per_event,
             double     *heap_per_event)
{
  g_autoptr(ShumateViewport) viewport = make_viewport ();
  RtccEventLayer *layer = rtcc_event_layer_new (viewport);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (events));
  GtkWindow *window;
  gsize heap_before;
  RtccEventLayerStats stats;

  window = show_in_window (GTK_WIDGET (layer));

  if (cluster_max_zoom >= 0)
    rtcc_event_layer_set_cluster_max_zoom (layer, cluster_max_zoom);
  heap_before = heap_in_use ();
  rtcc_event_layer_set_model (layer, G_LIST_MODEL (events));
  /* The whole city in view: the layer's scratch arrays at their largest. */
  shumate_viewport_set_zoom_level (viewport, 15);
  shumate_location_set_location (SHUMATE_LOCATION (viewport), CENTER_LAT, CENTER_LON);
  rtcc_event_layer_pick (layer, 0, 0, NULL);
  *heap_per_event = (double) (heap_in_use () - heap_before) / n;
  *bytes_per_event = (double) rtcc_event_layer_get_memory_size (layer) / n;

  run_frames (window, GTK_WIDGET (layer), viewport, frames, timing);

  shumate_viewport_set_zoom_level (viewport, 11);
  shumate_location_set_location (SHUMATE_LOCATION (viewport), CENTER_LAT, CENTER_LON);
  rtcc_event_layer_pick (layer, 0, 0, NULL);
  rtcc_event_layer_get_stats (layer, &stats);
  g_print ("  layer, %u events: at zoom 11 %u in view as %u clusters and %u markers\n",
           n, stats.clustered_events + stats.markers, stats.clusters, stats.markers);

  gtk_window_destroy (window);
}

static void
bench_markers (GListStore *events,
               GArray     *frames,
               Timing     *timing,
               double     *create_ms)
{
  g_autoptr(ShumateViewport) viewport = make_viewport ();
  ShumateMarkerLayer *layer = shumate_marker_layer_new (viewport);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (events));
  GdkTexture *symbols[4] = { NULL };
  GtkWindow *window;
  gint64 start;

  for (int p = 0; p < 4; p++)
    symbols[p] = rtcc_event_layer_render_symbol (RTCC_EVENT_TYPE_LPR_READ, p, 1);
  window = show_in_window (GTK_WIDGET (layer));

  /* The usual marker: a ShumateMarker holding a picture of the symbol. */
  start = g_get_monotonic_time ();
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RtccEvent) event = g_list_model_get_item (G_LIST_MODEL (events), i);
      ShumateMarker *marker = shumate_marker_new ();
      GtkWidget *picture = gtk_picture_new_for_paintable (GDK_PAINTABLE (symbols[rtcc_event_get_priority (event)]));
      double lat, lon;

      rtcc_event_get_location (event, &lat, &lon);
      gtk_widget_set_size_request (picture, 22, 22);
      shumate_marker_set_child (marker, picture);
      shumate_location_set_location (SHUMATE_LOCATION (marker), lat, lon);
      shumate_marker_layer_add_marker (layer, marker);
    }
  *create_ms = (g_get_monotonic_time () - start) / 1000.0;

  run_frames (window, GTK_WIDGET (layer), viewport, frames, timing);
  gtk_window_destroy (window);
  for (int p = 0; p < 4; p++)
    g_object_unref (symbols[p]);
}

static void
print_timing (const char   *what,
              guint         n,
              const Timing *t)
{
  g_print ("  %-20s %6u events: wall %7.2f ms/frame mean (snapshot %.2f), median %.2f, p95 %.2f, max %.2f;"
           " CPU %.2f mean, %.2f median\n",
           what, n, t->mean, t->snapshot_mean, t->median, t->p95, t->max, t->cpu_mean, t->cpu_median);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- compare the event layer with marker widgets");
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) frames = NULL;
  g_autoptr(GListStore) events = NULL;
  g_autoptr(GListStore) few = NULL;
  Timing layer_big, layer_small, markers;
  double bytes_per_event, heap_per_event, small_bytes, small_heap, create_ms;
  double ratio_equal, ratio_extrapolated;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (n_layer_events < 1 || n_marker_events < 1 || n_marker_events > n_layer_events)
    {
      g_printerr ("Event counts must be positive, with --markers no more than --events\n");
      return 2;
    }

  gtk_init ();
  frames = make_frames ();
  events = make_events (n_layer_events, 1);
  few = make_events (n_marker_events, 1);

  g_print ("bench-map-layer: %dx%d, %u frames per pass, %d passes (first discarded)\n",
           WIDTH, HEIGHT, frames->len, n_passes);
  if (cluster_max_zoom >= 0)
    g_print ("  layer clusters below zoom %.1f\n", cluster_max_zoom);

  bench_layer (events, frames, &layer_big, &bytes_per_event, &heap_per_event);
  bench_layer (few, frames, &layer_small, &small_bytes, &small_heap);
  bench_markers (few, frames, &markers, &create_ms);

  print_timing ("RtccEventLayer", n_layer_events, &layer_big);
  print_timing ("RtccEventLayer", n_marker_events, &layer_small);
  print_timing ("ShumateMarkerLayer", n_marker_events, &markers);
  g_print ("  creating %d marker widgets took %.0f ms (%.1f us each)\n",
           n_marker_events, create_ms, create_ms * 1000 / n_marker_events);

  /* CPU time, so other processes on the machine do not skew the ratio. */
  ratio_equal = markers.cpu_mean / layer_small.cpu_mean;
  /* Marker frames grow with the number of widgets; scale per event. */
  ratio_extrapolated = markers.cpu_mean / n_marker_events * n_layer_events / layer_big.cpu_mean;
  g_print ("  markers vs layer at %d events: %.1fx slower in CPU time (measured)\n", n_marker_events, ratio_equal);
  if (n_marker_events < n_layer_events)
    g_print ("  markers vs layer at %d events: %.1fx slower in CPU time"
             " (markers extrapolated linearly from %d: %.1f ms/frame; 100k widgets not created)\n",
             n_layer_events, ratio_extrapolated, n_marker_events,
             markers.cpu_mean / n_marker_events * n_layer_events);
  else
    ratio_extrapolated = ratio_equal;
  g_print ("  layer memory: %.1f bytes/event counted from its arrays, %.1f bytes/event heap growth\n",
           bytes_per_event, heap_per_event);

  g_print ("  targets (CPU time): <= 8 ms/frame %s, >= 20x faster %s, <= 200 bytes/event %s\n",
           layer_big.cpu_mean <= 8.0 ? "met" : "MISSED",
           ratio_extrapolated >= 20.0 ? "met" : "MISSED",
           MAX (bytes_per_event, heap_per_event) <= 200.0 ? "met" : "MISSED");
  return 0;
}
