/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include <gtk/gtk.h>
#include <shumate/shumate.h>

#include "milestone/rtcc-camera-geometry.h"
#include "rtcc-area-layer.h"
#include "rtcc-camera-layer.h"
#include "rtcc-geo-area.h"
#include "rtcc-track-layer.h"

#define WIDTH  800
#define HEIGHT 600
#define CENTER_LAT 41.8781
#define CENTER_LON -87.6298

typedef struct
{
  GtkWindow        *window;
  ShumateViewport  *viewport;
  ShumateMapSource *source;
  RtccTrackLayer   *track;
  RtccAreaLayer    *area;
  GDateTime        *now;
} Fixture;

static gboolean
is_allocated (GtkWidget *widget)
{
  return gtk_widget_get_width (widget) == WIDTH && gtk_widget_get_height (widget) == HEIGHT;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(ShumateMapSourceRegistry) registry = shumate_map_source_registry_new_with_defaults ();
  GtkWidget *overlay = gtk_overlay_new ();
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  f->source = g_object_ref (shumate_map_source_registry_get_by_id (registry, SHUMATE_MAP_SOURCE_OSM_MAPNIK));
  f->viewport = shumate_viewport_new ();
  shumate_viewport_set_reference_map_source (f->viewport, f->source);
  shumate_viewport_set_max_zoom_level (f->viewport, 19);
  shumate_viewport_set_zoom_level (f->viewport, 16);
  shumate_location_set_location (SHUMATE_LOCATION (f->viewport), CENTER_LAT, CENTER_LON);

  f->track = g_object_ref_sink (rtcc_track_layer_new (f->viewport));
  f->area = g_object_ref_sink (rtcc_area_layer_new (f->viewport));
  f->now = g_date_time_new_utc (2026, 11, 23, 4, 0, 0);

  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_decorated (f->window, FALSE);
  gtk_window_set_default_size (f->window, WIDTH, HEIGHT);
  gtk_overlay_set_child (GTK_OVERLAY (overlay), GTK_WIDGET (f->track));
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), GTK_WIDGET (f->area));
  gtk_window_set_child (f->window, overlay);
  gtk_window_present (f->window);
  while ((!is_allocated (GTK_WIDGET (f->track)) || !is_allocated (GTK_WIDGET (f->area))) &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_true (is_allocated (GTK_WIDGET (f->track)));
  g_assert_true (is_allocated (GTK_WIDGET (f->area)));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  gtk_window_destroy (f->window);
  g_clear_object (&f->track);
  g_clear_object (&f->area);
  g_clear_object (&f->viewport);
  g_clear_object (&f->source);
  g_clear_pointer (&f->now, g_date_time_unref);
}

static RtccEvent *
make_read (Fixture    *f,
           const char *vendor_id,
           double      lat,
           double      lon,
           int         minutes)
{
  g_autoptr(RtccEventBuilder) b = rtcc_event_builder_new (RTCC_SOURCE_FLOCK, RTCC_EVENT_TYPE_LPR_READ, vendor_id);
  g_autoptr(GDateTime) at = g_date_time_add_minutes (f->now, minutes);
  g_autoptr(GError) error = NULL;
  RtccEvent *event;

  rtcc_event_builder_set_occurred_at (b, at);
  rtcc_event_builder_set_string (b, "plate_number", "ABC1234");
  if (!isnan (lat))
    rtcc_event_builder_set_location (b, lat, lon);
  event = rtcc_event_builder_end (g_steal_pointer (&b), &error);
  g_assert_no_error (error);
  return event;
}

/* A read drawn at widget point (x, y), placed with libshumate's own
 * projection so the layer is checked against it. */
static RtccEvent *
make_read_at (Fixture    *f,
              const char *vendor_id,
              double      x,
              double      y,
              int         minutes)
{
  double lat, lon;

  shumate_viewport_widget_coords_to_location (f->viewport, GTK_WIDGET (f->track), x, y, &lat, &lon);
  return make_read (f, vendor_id, lat, lon, minutes);
}

static void
draw (GtkWidget *widget)
{
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  GskRenderNode *node;

  GTK_WIDGET_GET_CLASS (widget)->snapshot (widget, snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  g_clear_pointer (&node, gsk_render_node_unref);
}

static void
test_projection (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GListStore) reads = g_list_store_new (RTCC_TYPE_EVENT);
  g_autoptr(RtccEvent) centre = make_read (f, "C", CENTER_LAT, CENTER_LON, 0);
  g_autoptr(RtccEvent) corner = make_read_at (f, "K", 100, 500, 5);
  graphene_point_t p;
  double x, y, lat, lon;

  g_list_store_append (reads, centre);
  g_list_store_append (reads, corner);
  g_assert_cmpuint (rtcc_track_layer_set_reads (f->track, G_LIST_MODEL (reads)), ==, 2);

  /* The viewport's centre is the widget's centre. */
  g_assert_true (rtcc_track_layer_get_point (f->track, 0, &p));
  g_assert_cmpfloat_with_epsilon (p.x, WIDTH / 2.0, 0.5);
  g_assert_cmpfloat_with_epsilon (p.y, HEIGHT / 2.0, 0.5);
  g_assert_true (rtcc_track_layer_get_point (f->track, 1, &p));
  g_assert_cmpfloat_with_epsilon (p.x, 100, 0.5);
  g_assert_cmpfloat_with_epsilon (p.y, 500, 0.5);

  /* At zoom 16 a degree of longitude is 256 * 2^16 / 360 pixels. */
  g_assert_true (rtcc_event_get_location (corner, &lat, &lon));
  g_assert_cmpfloat_with_epsilon ((CENTER_LON - lon) * 256 * 65536 / 360, WIDTH / 2.0 - 100, 0.5);

  /* Panned and rotated, the points follow libshumate's projection. */
  shumate_location_set_location (SHUMATE_LOCATION (f->viewport), CENTER_LAT + 0.001, CENTER_LON - 0.002);
  shumate_viewport_set_rotation (f->viewport, 0.5);
  g_assert_true (rtcc_track_layer_get_point (f->track, 1, &p));
  shumate_viewport_location_to_widget_coords (f->viewport, GTK_WIDGET (f->track), lat, lon, &x, &y);
  g_assert_cmpfloat_with_epsilon (p.x, x, 0.01);
  g_assert_cmpfloat_with_epsilon (p.y, y, 0.01);
  g_assert_false (rtcc_track_layer_get_point (f->track, 2, &p));
}

static void
test_order_by_time (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GListStore) reads = g_list_store_new (RTCC_TYPE_EVENT);
  static const struct { const char *id; int minutes; } order[] = {
    { "third", 20 }, { "first", -30 }, { "fourth-b", 40 }, { "second", 0 }, { "fourth-a", 40 },
  };
  static const char *expected[] = { "flock:first", "flock:second", "flock:third", "flock:fourth-a", "flock:fourth-b" };
  g_autoptr(RtccEvent) nowhere = make_read (f, "nowhere", NAN, NAN, 10);
  double south, west, north, east;

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      g_autoptr(RtccEvent) read = make_read (f, order[i].id, CENTER_LAT + 0.001 * i, CENTER_LON - 0.001 * i,
                                             order[i].minutes);

      g_list_store_append (reads, read);
    }
  /* A read without a place has no point on the track. */
  g_list_store_append (reads, nowhere);
  g_assert_cmpuint (rtcc_track_layer_set_reads (f->track, G_LIST_MODEL (reads)), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpstr (rtcc_event_get_id (rtcc_track_layer_get_read (f->track, i)), ==, expected[i]);
  g_assert_null (rtcc_track_layer_get_read (f->track, G_N_ELEMENTS (expected)));

  g_assert_true (rtcc_track_layer_get_bounds (f->track, &south, &west, &north, &east));
  g_assert_cmpfloat_with_epsilon (south, CENTER_LAT, 1e-9);
  g_assert_cmpfloat_with_epsilon (north, CENTER_LAT + 0.004, 1e-9);
  g_assert_cmpfloat_with_epsilon (west, CENTER_LON - 0.004, 1e-9);
  g_assert_cmpfloat_with_epsilon (east, CENTER_LON, 1e-9);

  /* The layer keeps its own copy: the model changing does not move it. */
  g_list_store_remove_all (reads);
  g_assert_cmpuint (rtcc_track_layer_get_n_points (f->track), ==, G_N_ELEMENTS (expected));
}

static void
test_culling_and_clear (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GListStore) reads = g_list_store_new (RTCC_TYPE_EVENT);
  static const double points[][2] = { { 100, 100 }, { 400, 300 }, { 700, 500 }, { 5000, 5000 }, { -4000, 200 } };
  guint n_points = 0;

  for (guint i = 0; i < G_N_ELEMENTS (points); i++)
    {
      g_autofree char *id = g_strdup_printf ("R%u", i);
      g_autoptr(RtccEvent) read = make_read_at (f, id, points[i][0], points[i][1], (int) i);

      g_list_store_append (reads, read);
    }
  rtcc_track_layer_set_reads (f->track, G_LIST_MODEL (reads));
  g_object_get (f->track, "n-points", &n_points, NULL);
  g_assert_cmpuint (n_points, ==, G_N_ELEMENTS (points));
  draw (GTK_WIDGET (f->track));
  /* The two points far off the view are not drawn. */
  g_assert_cmpuint (rtcc_track_layer_get_n_drawn (f->track), ==, 3);

  rtcc_track_layer_clear (f->track);
  g_object_get (f->track, "n-points", &n_points, NULL);
  g_assert_cmpuint (n_points, ==, 0);
  g_assert_false (rtcc_track_layer_get_bounds (f->track, NULL, NULL, NULL, NULL));
  draw (GTK_WIDGET (f->track));
  g_assert_cmpuint (rtcc_track_layer_get_n_drawn (f->track), ==, 0);
  /* The track never takes a click from the layers below. */
  g_assert_false (gtk_widget_contains (GTK_WIDGET (f->track), 400, 300));
}

static void
test_geo_area (void)
{
  RtccGeoArea area;
  double lat, lon;

  rtcc_geo_area_set_anywhere (&area);
  g_assert_true (rtcc_geo_area_contains (&area, 0, 0));

  /* Corners in any order make the same box. */
  g_assert_true (rtcc_geo_area_set_box (&area, 41.90, -87.60, 41.85, -87.70));
  g_assert_cmpint (area.kind, ==, RTCC_GEO_AREA_BOX);
  g_assert_cmpfloat (area.south, ==, 41.85);
  g_assert_cmpfloat (area.north, ==, 41.90);
  g_assert_cmpfloat (area.west, ==, -87.70);
  g_assert_cmpfloat (area.east, ==, -87.60);
  g_assert_true (rtcc_geo_area_contains (&area, 41.88, -87.65));
  g_assert_false (rtcc_geo_area_contains (&area, 41.91, -87.65));
  g_assert_false (rtcc_geo_area_contains (&area, 41.88, -87.59));
  g_assert_false (rtcc_geo_area_contains (&area, NAN, -87.65));
  /* Nonsense leaves the area as it was. */
  g_assert_false (rtcc_geo_area_set_box (&area, 95, 0, 10, 10));
  g_assert_false (rtcc_geo_area_set_box (&area, 41.9, -87.6, 41.9, -87.7));
  g_assert_false (rtcc_geo_area_set_box (&area, NAN, 0, 10, 10));
  g_assert_cmpint (area.kind, ==, RTCC_GEO_AREA_BOX);

  /* A circle keeps what is within its radius on the ground, and only that. */
  g_assert_true (rtcc_geo_area_set_circle (&area, CENTER_LAT, CENTER_LON, 500));
  for (double bearing = 0; bearing < 360; bearing += 45)
    {
      rtcc_geo_destination (CENTER_LAT, CENTER_LON, bearing, 495, &lat, &lon);
      g_assert_true (rtcc_geo_area_contains (&area, lat, lon));
      /* Within the box, so the box must not decide. */
      rtcc_geo_destination (CENTER_LAT, CENTER_LON, bearing, 505, &lat, &lon);
      g_assert_false (rtcc_geo_area_contains (&area, lat, lon));
    }
  /* The box corner is outside the circle though inside the box. */
  g_assert_false (rtcc_geo_area_contains (&area, area.north - 1e-6, area.east - 1e-6));
  g_assert_false (rtcc_geo_area_set_circle (&area, CENTER_LAT, CENTER_LON, 0));
  g_assert_false (rtcc_geo_area_set_circle (&area, CENTER_LAT, CENTER_LON, RTCC_GEO_AREA_MAX_RADIUS_M + 1));
  g_assert_false (rtcc_geo_area_set_circle (&area, CENTER_LAT, CENTER_LON, INFINITY));
  g_assert_false (rtcc_geo_area_set_circle (&area, 89.9, 0, 100));
}

static void
test_fit_zoom (void)
{
  /* The box fits at the zoom returned and would not at a quarter more. */
  double south = 41.86, west = -87.68, north = 41.89, east = -87.64;
  double zoom = rtcc_geo_fit_zoom (south, west, north, east, 800, 600, 2, 19);
  double merc_south = log (tan (south * G_PI / 180) + 1 / cos (south * G_PI / 180));
  double merc_north = log (tan (north * G_PI / 180) + 1 / cos (north * G_PI / 180));
  double x_span = (east - west) / 360.0 * 256 * pow (2, zoom);
  double y_span = (merc_north - merc_south) / (2 * G_PI) * 256 * pow (2, zoom);

  g_assert_cmpfloat (zoom, >, 12);
  g_assert_cmpfloat (zoom, <, 16);
  g_assert_cmpfloat (x_span, <=, 800.001);
  g_assert_cmpfloat (y_span, <=, 600.001);
  /* Tight: one of the two sides fills the view. */
  g_assert_true (fabs (x_span - 800) < 0.01 || fabs (y_span - 600) < 0.01);
  /* One point: as close as allowed; no room: as far as allowed. */
  g_assert_cmpfloat (rtcc_geo_fit_zoom (south, west, south, west, 800, 600, 2, 17), ==, 17);
  g_assert_cmpfloat (rtcc_geo_fit_zoom (south, west, north, east, 0, 600, 2, 17), ==, 2);
}

static void
on_signal (gpointer  instance,
           guint    *count)
{
  (*count)++;
}

static void
on_point_picked (RtccAreaLayer *layer,
                 double         lat,
                 double         lon,
                 double        *picked)
{
  picked[0] = lat;
  picked[1] = lon;
}

static void
test_area_drawing (Fixture       *f,
                   gconstpointer  data)
{
  guint drawn = 0, cancelled = 0;
  double picked[2] = { NAN, NAN };
  double lat1, lon1, lat2, lon2;
  RtccGeoArea area;

  g_signal_connect (f->area, "area-drawn", G_CALLBACK (on_signal), &drawn);
  g_signal_connect (f->area, "cancelled", G_CALLBACK (on_signal), &cancelled);
  g_signal_connect (f->area, "point-picked", G_CALLBACK (on_point_picked), picked);

  /* Outside a mode the layer lets the map pan and ignores drags. */
  g_assert_false (gtk_widget_contains (GTK_WIDGET (f->area), 10, 10));
  rtcc_area_layer_drag_begin (f->area, 100, 100);
  g_assert_false (rtcc_area_layer_drag_end (f->area, 300, 300));
  g_assert_cmpuint (drawn, ==, 0);

  rtcc_area_layer_set_mode (f->area, RTCC_AREA_LAYER_DRAW_BOX);
  g_assert_true (gtk_widget_contains (GTK_WIDGET (f->area), 10, 10));
  /* A slip of the hand is no box; the mode stays for another try. */
  rtcc_area_layer_drag_begin (f->area, 200, 200);
  g_assert_false (rtcc_area_layer_drag_end (f->area, 202, 203));
  g_assert_cmpint (rtcc_area_layer_get_mode (f->area), ==, RTCC_AREA_LAYER_DRAW_BOX);

  /* Dragged up and left: the corners still make the box. */
  rtcc_area_layer_drag_begin (f->area, 600, 450);
  rtcc_area_layer_drag_update (f->area, 400, 300);
  draw (GTK_WIDGET (f->area));
  g_assert_true (rtcc_area_layer_drag_end (f->area, 200, 150));
  g_assert_cmpuint (drawn, ==, 1);
  g_assert_cmpint (rtcc_area_layer_get_mode (f->area), ==, RTCC_AREA_LAYER_SHOW);
  rtcc_area_layer_get_area (f->area, &area);
  g_assert_cmpint (area.kind, ==, RTCC_GEO_AREA_BOX);
  shumate_viewport_widget_coords_to_location (f->viewport, GTK_WIDGET (f->area), 200, 150, &lat1, &lon1);
  shumate_viewport_widget_coords_to_location (f->viewport, GTK_WIDGET (f->area), 600, 450, &lat2, &lon2);
  g_assert_cmpfloat_with_epsilon (area.north, lat1, 1e-9);
  g_assert_cmpfloat_with_epsilon (area.west, lon1, 1e-9);
  g_assert_cmpfloat_with_epsilon (area.south, lat2, 1e-9);
  g_assert_cmpfloat_with_epsilon (area.east, lon2, 1e-9);
  g_assert_true (rtcc_geo_area_contains (&area, CENTER_LAT, CENTER_LON));
  draw (GTK_WIDGET (f->area));

  /* Escape gives up and keeps the box drawn before. */
  rtcc_area_layer_set_mode (f->area, RTCC_AREA_LAYER_DRAW_BOX);
  rtcc_area_layer_drag_begin (f->area, 10, 10);
  rtcc_area_layer_cancel (f->area);
  g_assert_cmpuint (cancelled, ==, 1);
  g_assert_false (rtcc_area_layer_drag_end (f->area, 100, 100));
  rtcc_area_layer_get_area (f->area, &area);
  g_assert_cmpfloat_with_epsilon (area.north, lat1, 1e-9);

  /* Picking a centre gives the place under the pointer. */
  g_assert_false (rtcc_area_layer_pick (f->area, 400, 300));
  rtcc_area_layer_set_mode (f->area, RTCC_AREA_LAYER_PICK_POINT);
  g_assert_true (rtcc_area_layer_pick (f->area, 400, 300));
  g_assert_cmpfloat_with_epsilon (picked[0], CENTER_LAT, 1e-6);
  g_assert_cmpfloat_with_epsilon (picked[1], CENTER_LON, 1e-6);
  g_assert_cmpint (rtcc_area_layer_get_mode (f->area), ==, RTCC_AREA_LAYER_SHOW);

  g_assert_true (rtcc_geo_area_set_circle (&area, CENTER_LAT, CENTER_LON, 300));
  rtcc_area_layer_set_area (f->area, &area);
  draw (GTK_WIDGET (f->area));
  rtcc_area_layer_set_area (f->area, NULL);
  rtcc_area_layer_get_area (f->area, &area);
  g_assert_cmpint (area.kind, ==, RTCC_GEO_AREA_ANYWHERE);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/map/track-layer/projection", test_projection);
  ADD ("/map/track-layer/order", test_order_by_time);
  ADD ("/map/track-layer/culling-and-clear", test_culling_and_clear);
  ADD ("/map/area-layer/drawing", test_area_drawing);
  g_test_add_func ("/map/geo-area/contains", test_geo_area);
  g_test_add_func ("/map/geo-area/fit-zoom", test_fit_zoom);

#undef ADD

  return g_test_run ();
}
