/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include <gtk/gtk.h>
#include <shumate/shumate.h>

#include "rtcc-event-layer.h"
#include "rtcc-event-layer-private.h"
#include "rtcc-event-list.h"

#define WIDTH  800
#define HEIGHT 600
#define CENTER_LAT 41.8781
#define CENTER_LON -87.6298

typedef struct
{
  GtkWindow       *window;
  ShumateViewport *viewport;
  ShumateMapSource *source;
  RtccEventLayer  *layer;
  RtccEventList   *list;
  GDateTime       *now;
} Fixture;

static void
iterate_until (gboolean (*done) (gpointer),
               gpointer   data)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (!done (data) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
}

static gboolean
is_allocated (gpointer data)
{
  GtkWidget *widget = data;

  return gtk_widget_get_width (widget) == WIDTH && gtk_widget_get_height (widget) == HEIGHT;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(ShumateMapSourceRegistry) registry = shumate_map_source_registry_new_with_defaults ();

  f->source = g_object_ref (shumate_map_source_registry_get_by_id (registry, SHUMATE_MAP_SOURCE_OSM_MAPNIK));
  f->viewport = shumate_viewport_new ();
  shumate_viewport_set_reference_map_source (f->viewport, f->source);
  shumate_viewport_set_max_zoom_level (f->viewport, 19);
  shumate_viewport_set_zoom_level (f->viewport, 16);
  shumate_location_set_location (SHUMATE_LOCATION (f->viewport), CENTER_LAT, CENTER_LON);

  f->layer = g_object_ref_sink (rtcc_event_layer_new (f->viewport));
  f->list = rtcc_event_list_new (100000);
  rtcc_event_layer_set_model (f->layer, G_LIST_MODEL (f->list));
  f->now = g_date_time_new_now_utc ();

  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_decorated (f->window, FALSE);
  gtk_window_set_default_size (f->window, WIDTH, HEIGHT);
  gtk_window_set_child (f->window, GTK_WIDGET (f->layer));
  gtk_window_present (f->window);
  iterate_until (is_allocated, f->layer);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (f->layer)), ==, WIDTH);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (f->layer)), ==, HEIGHT);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  gtk_window_destroy (f->window);
  g_clear_object (&f->layer);
  g_clear_object (&f->list);
  g_clear_object (&f->viewport);
  g_clear_object (&f->source);
  g_clear_pointer (&f->now, g_date_time_unref);
}

static RtccEvent *
make_event_full (RtccEventType  type,
                 RtccPriority   priority,
                 const char    *vendor_id,
                 double         lat,
                 double         lon,
                 GDateTime     *occurred,
                 GDateTime     *received,
                 guint          version)
{
  g_autoptr(RtccEventBuilder) b = rtcc_event_builder_new (type == RTCC_EVENT_TYPE_GUNSHOT
                                                          ? RTCC_SOURCE_SHOTSPOTTER : RTCC_SOURCE_FLOCK,
                                                          type, vendor_id);
  g_autoptr(GError) error = NULL;
  RtccEvent *event;

  rtcc_event_builder_set_priority (b, priority);
  rtcc_event_builder_set_occurred_at (b, occurred);
  rtcc_event_builder_set_received_at (b, received);
  rtcc_event_builder_set_version (b, version);
  if (!isnan (lat))
    rtcc_event_builder_set_location (b, lat, lon);
  event = rtcc_event_builder_end (g_steal_pointer (&b), &error);
  g_assert_no_error (error);
  return event;
}

/* An event drawn at widget point (x, y) for the current viewport, placed
 * with libshumate's own projection so the layer is checked against it. */
static RtccEvent *
add_at (Fixture       *f,
        RtccEventType  type,
        RtccPriority   priority,
        const char    *vendor_id,
        double         x,
        double         y,
        GTimeSpan      age)
{
  g_autoptr(GDateTime) at = g_date_time_add (f->now, -age);
  double lat, lon;
  RtccEvent *event;

  shumate_viewport_widget_coords_to_location (f->viewport, GTK_WIDGET (f->layer), x, y, &lat, &lon);
  event = make_event_full (type, priority, vendor_id, lat, lon, at, at, 1);
  g_assert_true (rtcc_event_list_add (f->list, event));
  g_assert_true (rtcc_event_list_lookup (f->list, rtcc_event_get_id (event)) == event);
  /* The list keeps its own reference. */
  g_object_unref (event);
  return event;
}

static void
draw (Fixture             *f,
      RtccEventLayerStats *stats)
{
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  GskRenderNode *node;

  /* The layer's own snapshot, as a frame would call it. */
  GTK_WIDGET_GET_CLASS (f->layer)->snapshot (GTK_WIDGET (f->layer), snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  g_clear_pointer (&node, gsk_render_node_unref);
  rtcc_event_layer_get_stats (f->layer, stats);
}

static void
assert_index (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (rtcc_event_layer_verify_index (f->layer, &error));
  g_assert_no_error (error);
}

static void
test_projection_matches_shumate (Fixture       *f,
                                 gconstpointer  data)
{
  static const double points[][2] = { { 400, 300 }, { 25, 40 }, { 780, 580 }, { 610, 120 } };
  RtccEvent *events[G_N_ELEMENTS (points)];
  RtccEventLayerStats stats;

  for (guint i = 0; i < G_N_ELEMENTS (points); i++)
    {
      g_autofree char *id = g_strdup_printf ("P%u", i);
      events[i] = add_at (f, RTCC_EVENT_TYPE_LPR_READ, RTCC_PRIORITY_NORMAL, id,
                          points[i][0], points[i][1], G_TIME_SPAN_HOUR);
    }
  draw (f, &stats);
  g_assert_cmpuint (stats.markers, ==, G_N_ELEMENTS (points));

  for (guint i = 0; i < G_N_ELEMENTS (points); i++)
    {
      guint size = 0;
      g_assert_true (rtcc_event_layer_pick (f->layer, points[i][0] + 1, points[i][1] - 1, &size) == events[i]);
      g_assert_cmpuint (size, ==, 1);
    }

  /* Rotated, the layer still puts each event where libshumate does. */
  shumate_viewport_set_rotation (f->viewport, 0.6);
  draw (f, &stats);
  for (guint i = 0; i < G_N_ELEMENTS (points); i++)
    {
      double lat, lon, x, y;

      g_assert_true (rtcc_event_get_location (events[i], &lat, &lon));
      shumate_viewport_location_to_widget_coords (f->viewport, GTK_WIDGET (f->layer), lat, lon, &x, &y);
      if (x < 0 || y < 0 || x > WIDTH || y > HEIGHT)
        continue;
      g_assert_true (rtcc_event_layer_pick (f->layer, x, y, NULL) == events[i]);
    }
}

static void
test_culling (Fixture       *f,
              gconstpointer  data)
{
  RtccEventLayerStats stats;
  guint n = 0;

  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *id = g_strdup_printf ("IN%u", i);
      add_at (f, RTCC_EVENT_TYPE_CAMERA_ALERT, RTCC_PRIORITY_LOW, id, 50 + 70 * i, 100 + 40 * i, 60);
    }
  /* Off screen by more than a marker: left, right, below, and far away. */
  add_at (f, RTCC_EVENT_TYPE_CAMERA_ALERT, RTCC_PRIORITY_LOW, "OUT1", -200, 300, 60);
  add_at (f, RTCC_EVENT_TYPE_CAMERA_ALERT, RTCC_PRIORITY_LOW, "OUT2", 1200, 300, 60);
  add_at (f, RTCC_EVENT_TYPE_CAMERA_ALERT, RTCC_PRIORITY_LOW, "OUT3", 400, 900, 60);
  add_at (f, RTCC_EVENT_TYPE_CAMERA_ALERT, RTCC_PRIORITY_LOW, "OUT4", 400, -5000, 60);
  g_assert_cmpuint (rtcc_event_layer_get_n_located (f->layer), ==, 14);

  draw (f, &stats);
  g_assert_cmpuint (stats.markers, ==, 10);
  g_assert_cmpuint (stats.clusters, ==, 0);
  g_assert_null (rtcc_event_layer_pick (f->layer, 400 + 300, 300 + 300, NULL));

  /* Pan 800 px right: OUT2 comes in, the first few in-view events leave. */
  {
    double lat, lon;
    shumate_viewport_widget_coords_to_location (f->viewport, GTK_WIDGET (f->layer), 1200, 300, &lat, &lon);
    shumate_location_set_location (SHUMATE_LOCATION (f->viewport), lat, lon);
  }
  draw (f, &stats);
  for (guint i = 0; i < 10; i++)
    if (50 + 70.0 * i - 800 >= -32 && 50 + 70.0 * i - 800 <= WIDTH + 32)
      n++;
  g_assert_cmpuint (stats.markers, ==, n + 1);
  g_assert_true (rtcc_event_layer_pick (f->layer, 400, 300, NULL) ==
                 rtcc_event_list_lookup (f->list, "flock:OUT2"));
}

static void
test_clustering (Fixture       *f,
                 gconstpointer  data)
{
  RtccEventLayerStats stats;
  RtccEvent *critical;
  RtccEvent *top;
  guint size = 0;

  /* 40 px apart at zoom 16 are under 3 px apart at zoom 12. */
  shumate_viewport_set_zoom_level (f->viewport, 16);
  add_at (f, RTCC_EVENT_TYPE_LPR_READ, RTCC_PRIORITY_LOW, "C1", 360, 300, 60);
  add_at (f, RTCC_EVENT_TYPE_LPR_READ, RTCC_PRIORITY_NORMAL, "C2", 400, 300, 60);
  critical = add_at (f, RTCC_EVENT_TYPE_LPR_HIT, RTCC_PRIORITY_CRITICAL, "C3", 440, 300, 60);
  add_at (f, RTCC_EVENT_TYPE_LPR_READ, RTCC_PRIORITY_HIGH, "C4", 400, 340, 60);
  add_at (f, RTCC_EVENT_TYPE_LPR_READ, RTCC_PRIORITY_LOW, "C5", 400, 260, 60);
  /* 2400 px east at zoom 16 is 150 px east at zoom 12: its own marker. */
  add_at (f, RTCC_EVENT_TYPE_LPR_READ, RTCC_PRIORITY_LOW, "FAR", 400 + 2400, 300, 60);

  draw (f, &stats);
  g_assert_cmpuint (stats.markers, ==, 5);
  g_assert_cmpuint (stats.clusters, ==, 0);

  shumate_viewport_set_zoom_level (f->viewport, 12);
  draw (f, &stats);
  g_assert_cmpuint (stats.clusters, ==, 1);
  g_assert_cmpuint (stats.clustered_events, ==, 5);
  g_assert_cmpuint (stats.markers, ==, 1);

  /* The cluster carries its most urgent member. */
  top = rtcc_event_layer_pick (f->layer, 400, 300, &size);
  g_assert_cmpuint (size, ==, 5);
  g_assert_true (top == critical);
  g_assert_true (rtcc_event_layer_pick (f->layer, 550, 300, &size) ==
                 rtcc_event_list_lookup (f->list, "flock:FAR"));
  g_assert_cmpuint (size, ==, 1);

  /* Clicking the cluster zooms in on it instead of selecting. */
  g_assert_true (rtcc_event_layer_activate_at (f->layer, 401, 301));
  g_assert_cmpfloat (shumate_viewport_get_zoom_level (f->viewport), ==, 14);
  g_assert_null (rtcc_event_layer_get_selected_event (f->layer));
  {
    double lat, lon, c_lat, c_lon;
    g_assert_true (rtcc_event_get_location (rtcc_event_list_lookup (f->list, "flock:C2"), &lat, &lon));
    c_lat = shumate_location_get_latitude (SHUMATE_LOCATION (f->viewport));
    c_lon = shumate_location_get_longitude (SHUMATE_LOCATION (f->viewport));
    g_assert_cmpfloat_with_epsilon (c_lat, lat, 1e-4);
    g_assert_cmpfloat_with_epsilon (c_lon, lon, 1e-4);
  }

  /* Past the clustering zoom every event stands alone again. */
  g_assert_cmpfloat (rtcc_event_layer_get_cluster_max_zoom (f->layer), ==, 16);
  shumate_viewport_set_zoom_level (f->viewport, 16);
  draw (f, &stats);
  g_assert_cmpuint (stats.clusters, ==, 0);
  g_assert_cmpuint (stats.markers, >=, 5);
}

static void
test_cluster_counts_sum (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  RtccEventLayerStats stats;

  for (guint i = 0; i < 3000; i++)
    {
      g_autofree char *id = g_strdup_printf ("R%u", i);
      add_at (f, (RtccEventType) g_rand_int_range (rand, 0, RTCC_EVENT_TYPE_BWC_RECORDING + 1),
              (RtccPriority) g_rand_int_range (rand, 0, 4), id,
              g_rand_double_range (rand, 0, WIDTH), g_rand_double_range (rand, 0, HEIGHT), 60);
    }

  draw (f, &stats);
  g_assert_cmpuint (stats.markers, ==, 3000);

  /* Zooming out keeps every event in view; clusters account for all. */
  for (double zoom = 14.5; zoom >= 8; zoom -= 1.5)
    {
      shumate_viewport_set_zoom_level (f->viewport, zoom);
      draw (f, &stats);
      g_assert_cmpuint (stats.markers + stats.clustered_events, ==, 3000);
      g_assert_cmpuint (stats.clusters, >, 0);
      g_assert_cmpuint (stats.clusters + stats.markers, <, 3000);
    }
  g_assert_cmpuint (stats.clusters, <=, 4);
}

static void
on_activated (RtccEventLayer *layer,
              RtccEvent      *event,
              RtccEvent     **out)
{
  g_set_object (out, event);
}

static void
count_notify (guint *counter)
{
  (*counter)++;
}

static void
test_hit_testing (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(RtccEvent) activated = NULL;
  RtccEvent *a, *b;
  RtccEventLayerStats stats;
  guint notified = 0;

  a = add_at (f, RTCC_EVENT_TYPE_INCIDENT_CREATED, RTCC_PRIORITY_NORMAL, "A", 300, 300, 60);
  b = add_at (f, RTCC_EVENT_TYPE_BOLO_CREATED, RTCC_PRIORITY_NORMAL, "B", 330, 300, 60);
  draw (f, &stats);

  g_assert_true (rtcc_event_layer_pick (f->layer, 303, 302, NULL) == a);
  g_assert_true (rtcc_event_layer_pick (f->layer, 318, 300, NULL) == b);
  g_assert_true (rtcc_event_layer_pick (f->layer, 312, 300, NULL) == a);
  /* Within the slop past the edge, then outside it. */
  g_assert_true (rtcc_event_layer_pick (f->layer, 330, 300 + 11 + 3, NULL) == b);
  g_assert_null (rtcc_event_layer_pick (f->layer, 330, 300 + 11 + 6, NULL));
  g_assert_null (rtcc_event_layer_pick (f->layer, 600, 500, NULL));

  g_signal_connect (f->layer, "event-activated", G_CALLBACK (on_activated), &activated);
  g_signal_connect_swapped (f->layer, "notify::selected-event", G_CALLBACK (count_notify), &notified);
  g_assert_false (rtcc_event_layer_activate_at (f->layer, 600, 500));
  g_assert_null (activated);
  g_assert_true (rtcc_event_layer_activate_at (f->layer, 331, 299));
  g_assert_true (activated == b);
  g_assert_true (rtcc_event_layer_get_selected_event (f->layer) == b);
  g_assert_cmpuint (notified, ==, 1);
  g_assert_false (gtk_widget_get_focusable (GTK_WIDGET (f->layer)));
}

static void
test_time_filter (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GDateTime) since = g_date_time_add_minutes (f->now, -150);
  g_autoptr(GDateTime) until = g_date_time_add_minutes (f->now, -30);
  RtccEventLayerStats stats;

  add_at (f, RTCC_EVENT_TYPE_GUNSHOT, RTCC_PRIORITY_HIGH, "T3", 200, 300, 3 * G_TIME_SPAN_HOUR);
  add_at (f, RTCC_EVENT_TYPE_GUNSHOT, RTCC_PRIORITY_HIGH, "T2", 400, 300, 2 * G_TIME_SPAN_HOUR);
  add_at (f, RTCC_EVENT_TYPE_GUNSHOT, RTCC_PRIORITY_HIGH, "T1", 600, 300, 1 * G_TIME_SPAN_HOUR);
  add_at (f, RTCC_EVENT_TYPE_GUNSHOT, RTCC_PRIORITY_HIGH, "T0", 700, 300, 0);

  rtcc_event_layer_set_time_range (f->layer, since, until);
  draw (f, &stats);
  g_assert_cmpuint (stats.markers, ==, 2);
  g_assert_null (rtcc_event_layer_pick (f->layer, 200, 300, NULL));
  g_assert_null (rtcc_event_layer_pick (f->layer, 700, 300, NULL));
  g_assert_nonnull (rtcc_event_layer_pick (f->layer, 400, 300, NULL));

  rtcc_event_layer_set_time_range (f->layer, since, NULL);
  draw (f, &stats);
  g_assert_cmpuint (stats.markers, ==, 3);

  rtcc_event_layer_set_time_range (f->layer, NULL, NULL);
  draw (f, &stats);
  g_assert_cmpuint (stats.markers, ==, 4);
}

static gboolean
not_animating (gpointer data)
{
  return !rtcc_event_layer_is_animating (data);
}

static void
test_pulse_and_acknowledge (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(RtccEvent) v2 = NULL;
  RtccEventLayerStats stats;
  RtccEvent *fresh;
  double lat, lon;

  fresh = add_at (f, RTCC_EVENT_TYPE_GUNSHOT, RTCC_PRIORITY_CRITICAL, "NEW", 300, 300, 10 * G_TIME_SPAN_SECOND);
  add_at (f, RTCC_EVENT_TYPE_GUNSHOT, RTCC_PRIORITY_HIGH, "OLD", 500, 300, G_TIME_SPAN_HOUR);
  add_at (f, RTCC_EVENT_TYPE_LPR_HIT, RTCC_PRIORITY_CRITICAL, "HIT", 400, 400, 10 * G_TIME_SPAN_SECOND);

  draw (f, &stats);
  g_assert_cmpuint (stats.markers, ==, 3);
  g_assert_cmpuint (stats.pulsing, ==, 1);
  g_assert_true (rtcc_event_layer_is_animating (f->layer));

  /* Out of view, it does not keep the animation running. */
  shumate_viewport_set_zoom_level (f->viewport, 19);
  shumate_location_set_location (SHUMATE_LOCATION (f->viewport), CENTER_LAT + 0.05, CENTER_LON);
  draw (f, &stats);
  g_assert_cmpuint (stats.pulsing, ==, 0);
  iterate_until (not_animating, f->layer);
  g_assert_false (rtcc_event_layer_is_animating (f->layer));
  shumate_viewport_set_zoom_level (f->viewport, 16);
  shumate_location_set_location (SHUMATE_LOCATION (f->viewport), CENTER_LAT, CENTER_LON);
  draw (f, &stats);
  g_assert_cmpuint (stats.pulsing, ==, 1);

  rtcc_event_layer_set_acknowledged (f->layer, "shotspotter:NEW", TRUE);
  g_assert_true (rtcc_event_layer_get_acknowledged (f->layer, "shotspotter:NEW"));
  draw (f, &stats);
  g_assert_cmpuint (stats.markers, ==, 3);
  g_assert_cmpuint (stats.pulsing, ==, 0);
  iterate_until (not_animating, f->layer);
  g_assert_false (rtcc_event_layer_is_animating (f->layer));

  /* A newer version of an acknowledged gunshot stays quiet. */
  g_assert_true (rtcc_event_get_location (fresh, &lat, &lon));
  v2 = make_event_full (RTCC_EVENT_TYPE_GUNSHOT, RTCC_PRIORITY_CRITICAL, "NEW", lat, lon,
                        rtcc_event_get_occurred_at (fresh), f->now, 2);
  g_assert_true (rtcc_event_list_add (f->list, v2));
  draw (f, &stats);
  g_assert_cmpuint (stats.pulsing, ==, 0);

  rtcc_event_layer_set_acknowledged (f->layer, "shotspotter:NEW", FALSE);
  draw (f, &stats);
  g_assert_cmpuint (stats.pulsing, ==, 1);

  rtcc_event_layer_set_pulse_duration (f->layer, 0);
  g_assert_cmpint (rtcc_event_layer_get_pulse_duration (f->layer), ==, 0);
  draw (f, &stats);
  g_assert_cmpuint (stats.pulsing, ==, 0);
}

static void
test_items_changed (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autoptr(RtccEvent) moved = NULL;
  g_autoptr(GDateTime) at = g_date_time_add_minutes (f->now, -5);
  RtccEventLayerStats stats;
  RtccEvent *old;
  double lat, lon;

  for (guint i = 0; i < 1000; i++)
    {
      g_autofree char *id = g_strdup_printf ("I%u", i);
      add_at (f, RTCC_EVENT_TYPE_CAMERA_ALERT, RTCC_PRIORITY_NORMAL, id,
              g_rand_double_range (rand, -2000, 2800), g_rand_double_range (rand, -2000, 2600),
              g_rand_int_range (rand, 1, 100000) * G_TIME_SPAN_SECOND);
    }
  assert_index (f);
  g_assert_cmpuint (rtcc_event_layer_get_n_located (f->layer), ==, 1000);

  /* Replace one with a higher version somewhere else. */
  old = add_at (f, RTCC_EVENT_TYPE_GUNSHOT, RTCC_PRIORITY_HIGH, "MOVE", 100, 100, G_TIME_SPAN_HOUR);
  rtcc_event_layer_set_selected_event (f->layer, old);
  shumate_viewport_widget_coords_to_location (f->viewport, GTK_WIDGET (f->layer), 700, 500, &lat, &lon);
  moved = make_event_full (RTCC_EVENT_TYPE_GUNSHOT, RTCC_PRIORITY_CRITICAL, "MOVE", lat, lon,
                           rtcc_event_get_occurred_at (old), at, 2);
  g_assert_true (rtcc_event_list_add (f->list, moved));
  assert_index (f);
  g_assert_cmpuint (rtcc_event_layer_get_n_located (f->layer), ==, 1001);
  /* The selection follows the new version. */
  g_assert_true (rtcc_event_layer_get_selected_event (f->layer) == moved);

  rtcc_event_layer_set_cluster_max_zoom (f->layer, 10);
  draw (f, &stats);
  g_assert_true (rtcc_event_layer_pick (f->layer, 700, 500, NULL) == moved);
  {
    RtccEvent *at_old = rtcc_event_layer_pick (f->layer, 100, 100, NULL);
    g_assert_true (at_old == NULL || g_strcmp0 (rtcc_event_get_id (at_old), "shotspotter:MOVE") != 0);
  }

  /* Filling the list drops the oldest: removals in the middle of adds. */
  {
    g_autoptr(RtccEventList) small = rtcc_event_list_new (50);
    rtcc_event_layer_set_model (f->layer, G_LIST_MODEL (small));
    g_assert_cmpuint (rtcc_event_layer_get_n_located (f->layer), ==, 0);
    for (guint i = 0; i < 200; i++)
      {
        g_autofree char *id = g_strdup_printf ("S%u", i);
        g_autoptr(GDateTime) when = g_date_time_add_seconds (f->now, -g_rand_int_range (rand, 0, 5000));
        g_autoptr(RtccEvent) ev = make_event_full (RTCC_EVENT_TYPE_BWC_RECORDING, RTCC_PRIORITY_LOW, id,
                                                   CENTER_LAT + g_rand_double_range (rand, -0.01, 0.01),
                                                   CENTER_LON + g_rand_double_range (rand, -0.01, 0.01),
                                                   when, when, 1);
        rtcc_event_list_add (small, ev);
        if (i % 17 == 0)
          assert_index (f);
      }
    g_assert_cmpuint (rtcc_event_layer_get_n_located (f->layer), ==, 50);
    assert_index (f);
    rtcc_event_list_clear (small);
    g_assert_cmpuint (rtcc_event_layer_get_n_located (f->layer), ==, 0);
    assert_index (f);
    draw (f, &stats);
    g_assert_cmpuint (stats.markers + stats.clusters, ==, 0);
    rtcc_event_layer_set_model (f->layer, G_LIST_MODEL (f->list));
  }
  g_assert_cmpuint (rtcc_event_layer_get_n_located (f->layer), ==, 1001);
  assert_index (f);
}

static void
test_foreign_items (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GListStore) store = g_list_store_new (G_TYPE_OBJECT);
  g_autoptr(GObject) plain = g_object_new (G_TYPE_OBJECT, NULL);
  g_autoptr(RtccEvent) nowhere = make_event_full (RTCC_EVENT_TYPE_INTEGRATION_STATUS, RTCC_PRIORITY_LOW,
                                                  "status", NAN, NAN, f->now, f->now, 1);
  g_autoptr(RtccEvent) pole = make_event_full (RTCC_EVENT_TYPE_BOLO_CREATED, RTCC_PRIORITY_LOW,
                                               "pole", 90, 180, f->now, f->now, 1);
  g_autoptr(RtccEvent) here = make_event_full (RTCC_EVENT_TYPE_BOLO_CREATED, RTCC_PRIORITY_LOW,
                                               "here", CENTER_LAT, CENTER_LON, f->now, f->now, 1);
  RtccEventLayerStats stats;

  g_list_store_append (store, plain);
  g_list_store_append (store, nowhere);
  g_list_store_append (store, pole);
  g_list_store_append (store, here);
  rtcc_event_layer_set_model (f->layer, G_LIST_MODEL (store));
  g_assert_cmpuint (rtcc_event_layer_get_n_located (f->layer), ==, 2);
  assert_index (f);

  draw (f, &stats);
  g_assert_cmpuint (stats.markers, ==, 1);
  g_assert_true (rtcc_event_layer_pick (f->layer, WIDTH / 2.0, HEIGHT / 2.0, NULL) == here);

  /* Zoomed out to the whole world, the pole clamps onto the map edge. */
  shumate_viewport_set_zoom_level (f->viewport, 0);
  draw (f, &stats);
  g_assert_cmpuint (stats.markers + stats.clustered_events, ==, 2);

  g_list_store_remove (store, 0);
  g_list_store_remove (store, 2);
  g_assert_cmpuint (rtcc_event_layer_get_n_located (f->layer), ==, 1);
  assert_index (f);
  rtcc_event_layer_set_model (f->layer, NULL);
  g_assert_cmpuint (rtcc_event_layer_get_n_located (f->layer), ==, 0);
}

static void
test_heat_mode (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (3);
  g_autoptr(GDateTime) day_ago = g_date_time_add_days (f->now, -1);
  g_autoptr(GDateTime) later = g_date_time_add_hours (f->now, 1);
  RtccEventLayerStats stats;

  for (guint i = 0; i < 300; i++)
    {
      g_autofree char *id = g_strdup_printf ("H%u", i);
      add_at (f, RTCC_EVENT_TYPE_GUNSHOT, RTCC_PRIORITY_HIGH, id,
              300 + g_rand_double_range (rand, -40, 40), 300 + g_rand_double_range (rand, -40, 40),
              g_rand_int_range (rand, 1, 3600) * G_TIME_SPAN_SECOND);
    }
  for (guint i = 0; i < 50; i++)
    {
      g_autofree char *id = g_strdup_printf ("L%u", i);
      add_at (f, RTCC_EVENT_TYPE_LPR_READ, RTCC_PRIORITY_LOW, id, 650, 150, 60);
    }

  rtcc_event_layer_set_heat_mode (f->layer, RTCC_EVENT_TYPE_GUNSHOT, day_ago);
  g_assert_true (rtcc_event_layer_get_heat_mode (f->layer));
  draw (f, &stats);
  g_assert_cmpuint (stats.markers + stats.clusters, ==, 0);
  g_assert_cmpuint (stats.heat_cells, >, 9);
  /* Only around the gunshots: 80 px square plus smoothing, 16 px cells. */
  g_assert_cmpuint (stats.heat_cells, <=, 9 * 9);
  g_assert_null (rtcc_event_layer_pick (f->layer, 300, 300, NULL));

  rtcc_event_layer_set_heat_mode (f->layer, RTCC_EVENT_TYPE_GUNSHOT, later);
  draw (f, &stats);
  g_assert_cmpuint (stats.heat_cells, ==, 0);

  rtcc_event_layer_set_heat_mode (f->layer, RTCC_EVENT_TYPE_LPR_READ, NULL);
  draw (f, &stats);
  g_assert_cmpuint (stats.heat_cells, >, 0);
  g_assert_cmpuint (stats.heat_cells, <=, 4 * 4);

  rtcc_event_layer_unset_heat_mode (f->layer);
  g_assert_false (rtcc_event_layer_get_heat_mode (f->layer));
  draw (f, &stats);
  g_assert_cmpuint (stats.heat_cells, ==, 0);
  g_assert_cmpuint (stats.markers + stats.clustered_events, ==, 350);
}

static void
test_legend (void)
{
  guint n = 0;
  const RtccEventLayerLegendItem *items = rtcc_event_layer_get_legend (&n);
  g_autoptr(GHashTable) symbols = g_hash_table_new (g_str_hash, g_str_equal);
  GdkRGBA low, critical;

  g_assert_cmpuint (n, >=, 7);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GdkTexture) texture = rtcc_event_layer_render_symbol (items[i].type, RTCC_PRIORITY_HIGH, 2);

      g_assert_nonnull (items[i].symbol_name);
      g_assert_nonnull (items[i].label);
      g_hash_table_add (symbols, (gpointer) items[i].symbol_name);
      g_assert_cmpint (gdk_texture_get_width (texture), ==, 44);
      g_assert_cmpint (gdk_texture_get_height (texture), ==, 44);
    }
  /* Each legend row has a symbol of its own. */
  g_assert_cmpuint (g_hash_table_size (symbols), ==, n);

  rtcc_event_layer_get_priority_color (RTCC_PRIORITY_LOW, &low);
  rtcc_event_layer_get_priority_color (RTCC_PRIORITY_CRITICAL, &critical);
  g_assert_false (gdk_rgba_equal (&low, &critical));
}

static const GdkRGBA paper = { 0.93f, 0.92f, 0.89f, 1 };

/* The layer over a plain background, rendered by the window's renderer and
 * saved where RTCC_TEST_PNG_DIR (or the temporary directory) says, so a
 * person can look at it. */
static GdkTexture *
render_layer (Fixture    *f,
              const char *name,
              guchar    **pixels)
{
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (f->window));
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  GskRenderNode *layers[2];
  GskRenderNode *root;
  GdkTexture *texture;
  g_autofree char *path = NULL;
  const char *dir = g_getenv ("RTCC_TEST_PNG_DIR");

  GTK_WIDGET_GET_CLASS (f->layer)->snapshot (GTK_WIDGET (f->layer), snapshot);
  layers[1] = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (layers[1]);
  layers[0] = gsk_color_node_new (&paper, &GRAPHENE_RECT_INIT (0, 0, WIDTH, HEIGHT));
  root = gsk_container_node_new (layers, 2);
  texture = gsk_renderer_render_texture (renderer, root, &GRAPHENE_RECT_INIT (0, 0, WIDTH, HEIGHT));
  gsk_render_node_unref (root);
  gsk_render_node_unref (layers[0]);
  gsk_render_node_unref (layers[1]);

  g_assert_cmpint (gdk_texture_get_width (texture), ==, WIDTH);
  g_assert_cmpint (gdk_texture_get_height (texture), ==, HEIGHT);
  path = g_build_filename (dir != NULL ? dir : g_get_tmp_dir (), name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("Rendered the layer to %s", path);

  *pixels = g_malloc ((gsize) WIDTH * HEIGHT * 4);
  gdk_texture_download (texture, *pixels, WIDTH * 4);
  return texture;
}

/* gdk_texture_download() writes B, G, R, A bytes on little-endian hosts;
 * GDK_MEMORY_DEFAULT is defined as that order in memory either way. */
static void
pixel_at (const guchar *pixels,
          int           x,
          int           y,
          int          *r,
          int          *g,
          int          *b)
{
  const guchar *p = pixels + ((gsize) y * WIDTH + x) * 4;

  *b = p[0];
  *g = p[1];
  *r = p[2];
}

static void
test_render_png (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree guchar *pixels = NULL;
  RtccEvent *selected;
  guint n_drawn = 0, n_ring = 0;

  shumate_viewport_set_zoom_level (f->viewport, 15);
  for (guint i = 0; i < 1500; i++)
    {
      g_autofree char *id = g_strdup_printf ("G%u", i);
      /* A dense hot spot left (clusters), scattered events right (markers). */
      double x = i < 1000 ? 200 + g_rand_double_range (rand, -150, 150) : g_rand_double_range (rand, 500, 2600);
      double y = i < 1000 ? 300 + g_rand_double_range (rand, -150, 150) : g_rand_double_range (rand, 100, 2300);
      add_at (f, (RtccEventType) (i % (RTCC_EVENT_TYPE_BWC_RECORDING + 1)), (RtccPriority) (i % 4), id,
              x, y, G_TIME_SPAN_HOUR);
    }
  shumate_viewport_set_zoom_level (f->viewport, 16);
  add_at (f, RTCC_EVENT_TYPE_GUNSHOT, RTCC_PRIORITY_CRITICAL, "PULSE", 620, 450, 0);
  selected = add_at (f, RTCC_EVENT_TYPE_LPR_HIT, RTCC_PRIORITY_HIGH, "SEL", 700, 450, 60);
  rtcc_event_layer_set_selected_event (f->layer, selected);
  shumate_viewport_set_zoom_level (f->viewport, 14);

  texture = render_layer (f, "rtcc-event-layer.png", &pixels);

  /* Something was drawn: pixels that differ from the paper colour. */
  for (int y = 0; y < HEIGHT; y++)
    for (int x = 0; x < WIDTH; x++)
      {
        int r, g, b;
        pixel_at (pixels, x, y, &r, &g, &b);
        if (ABS (r - (int) (paper.red * 255)) > 30 || ABS (b - (int) (paper.blue * 255)) > 30)
          n_drawn++;
      }
  g_assert_cmpuint (n_drawn, >, 5000);

  /* The yellow selection ring around the selected plate hit, which sits a
   * quarter of its zoom-16 offset from the centre at zoom 14. */
  for (int y = 337 - 20; y <= 337 + 20; y++)
    for (int x = 475 - 20; x <= 475 + 20; x++)
      {
        int r, g, b;
        pixel_at (pixels, x, y, &r, &g, &b);
        if (r > 200 && g > 170 && b < 100)
          n_ring++;
      }
  g_assert_cmpuint (n_ring, >, 20);
  g_assert_cmpint (rtcc_event_layer_get_last_snapshot_us (f->layer), >, 0);
}

static void
test_render_heat_png (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (5);
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree guchar *pixels = NULL;
  int r, g, b;

  for (guint i = 0; i < 600; i++)
    {
      g_autofree char *id = g_strdup_printf ("HG%u", i);
      /* Denser towards (300, 300), thinning out over 120 px. */
      double radius = 120 * g_rand_double (rand) * g_rand_double (rand);
      double angle = g_rand_double_range (rand, 0, 2 * G_PI);
      add_at (f, RTCC_EVENT_TYPE_GUNSHOT, RTCC_PRIORITY_HIGH, id,
              300 + radius * cos (angle), 300 + radius * sin (angle), G_TIME_SPAN_HOUR);
    }
  rtcc_event_layer_set_heat_mode (f->layer, RTCC_EVENT_TYPE_GUNSHOT, NULL);
  texture = render_layer (f, "rtcc-event-layer-heat.png", &pixels);

  /* Hot in the middle, cooler at the edge, untouched far away. */
  pixel_at (pixels, 300, 300, &r, &g, &b);
  g_assert_cmpint (r, >, 180);
  g_assert_cmpint (b, <, 120);
  pixel_at (pixels, 300 + 100, 300, &r, &g, &b);
  g_assert_cmpint (b, >, r - 60);
  pixel_at (pixels, 700, 520, &r, &g, &b);
  g_assert_cmpint (ABS (r - (int) (paper.red * 255)), <=, 2);
  g_assert_cmpint (ABS (b - (int) (paper.blue * 255)), <=, 2);
}

static void
test_inside_map (void)
{
  g_autoptr(ShumateMapSourceRegistry) registry = shumate_map_source_registry_new_with_defaults ();
  g_autoptr(RtccEventList) list = rtcc_event_list_new (10);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(RtccEvent) event = make_event_full (RTCC_EVENT_TYPE_CAMERA_ALERT, RTCC_PRIORITY_HIGH, "M1",
                                                CENTER_LAT, CENTER_LON, now, now, 1);
  ShumateMap *map = shumate_map_new ();
  ShumateViewport *viewport = shumate_map_get_viewport (map);
  RtccEventLayer *layer = rtcc_event_layer_new (viewport);
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());

  /* How the window uses it: one more layer of a ShumateMap, over tiles. */
  shumate_viewport_set_reference_map_source (viewport,
                                             shumate_map_source_registry_get_by_id (registry, SHUMATE_MAP_SOURCE_OSM_MAPNIK));
  shumate_map_center_on (map, CENTER_LAT, CENTER_LON);
  shumate_viewport_set_zoom_level (viewport, 16);
  shumate_map_add_layer (map, SHUMATE_LAYER (layer));
  rtcc_event_layer_set_model (layer, G_LIST_MODEL (list));
  rtcc_event_list_add (list, event);

  gtk_window_set_decorated (window, FALSE);
  gtk_window_set_default_size (window, WIDTH, HEIGHT);
  gtk_window_set_child (window, GTK_WIDGET (map));
  gtk_window_present (window);
  iterate_until (is_allocated, layer);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (layer)), ==, WIDTH);

  g_assert_true (rtcc_event_layer_pick (layer, WIDTH / 2.0, HEIGHT / 2.0, NULL) == event);
  g_assert_true (rtcc_event_layer_activate_at (layer, WIDTH / 2.0 + 2, HEIGHT / 2.0));
  g_assert_true (rtcc_event_layer_get_selected_event (layer) == event);

  gtk_window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/map/event-layer/projection", test_projection_matches_shumate);
  ADD ("/map/event-layer/culling", test_culling);
  ADD ("/map/event-layer/clustering", test_clustering);
  ADD ("/map/event-layer/cluster-counts", test_cluster_counts_sum);
  ADD ("/map/event-layer/hit-testing", test_hit_testing);
  ADD ("/map/event-layer/time-filter", test_time_filter);
  ADD ("/map/event-layer/pulse", test_pulse_and_acknowledge);
  ADD ("/map/event-layer/items-changed", test_items_changed);
  ADD ("/map/event-layer/foreign-items", test_foreign_items);
  ADD ("/map/event-layer/heat", test_heat_mode);
  ADD ("/map/event-layer/render", test_render_png);
  ADD ("/map/event-layer/render-heat", test_render_heat_png);
  g_test_add_func ("/map/event-layer/legend", test_legend);
  g_test_add_func ("/map/event-layer/inside-map", test_inside_map);

#undef ADD

  return g_test_run ();
}
