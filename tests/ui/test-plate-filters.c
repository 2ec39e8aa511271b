/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>

#include "rtcc-audit-log.h"
#include "rtcc-camera-layer.h"
#include "rtcc-map-view.h"
#include "rtcc-plate-search-dialog.h"
#include "rtcc-sqlite-event-store.h"
#include "rtcc-ui-test-util.h"

const char *__asan_default_options (void);

/* Read only by sanitizer builds; see test-plates.c. */
const char *
__asan_default_options (void)
{
  return "fast_unwind_on_malloc=0";
}

#define CENTER_LAT 41.8781
#define CENTER_LON -87.6298

/* Reads of one plate around a point, at known distances and bearings,
 * with known vehicles; one read of another plate; one read nowhere. */
static const struct
{
  const char *id;
  const char *plate;
  double      bearing, distance_m;   /* distance < 0: no location */
  int         minutes_ago;
  const char *color, *make, *model, *type;
} reads[] = {
  { "north-200",  "ABC1234",   0,  200, 60, "silver", "Toyota", "Camry",  "sedan" },
  { "east-450",   "ABC1234",  90,  450, 50, "black",  "Honda",  "Civic",  "sedan" },
  { "south-800",  "ABC1234", 180,  800, 40, "silver", "Toyota", "Camry",  "sedan" },
  { "west-3000",  "ABC1234", 270, 3000, 30, "silver", "Toyota", "RAV4",   "suv" },
  { "nowhere",    "ABC1234",   0,   -1, 20, "silver", "Toyota", "Camry",  "sedan" },
  { "ne-100",     "ABC1234",  45,  100, 10, NULL,     NULL,     NULL,     NULL },
  { "other",      "XYZ9876",   0,   10,  5, "silver", "Toyota", "Camry",  "sedan" },
};

typedef struct
{
  char                  *dir;
  RtccAuditLog          *audit;
  RtccEventStore        *store;
  RtccConfig            *config;
  GtkWindow             *window;
  RtccMapView           *map;
  RtccPlateSearchDialog *dialog;
} Fixture;

static RtccEvent *
make_read (guint i)
{
  g_autoptr(RtccEventBuilder) b = rtcc_event_builder_new (RTCC_SOURCE_FLOCK, RTCC_EVENT_TYPE_LPR_READ, reads[i].id);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) at = g_date_time_add_minutes (now, -reads[i].minutes_ago);
  g_autoptr(GError) error = NULL;
  RtccEvent *event;

  rtcc_event_builder_set_occurred_at (b, at);
  rtcc_event_builder_set_string (b, "plate_number", reads[i].plate);
  rtcc_event_builder_set_string (b, "plate_state", "IL");
  if (reads[i].distance_m >= 0)
    {
      double lat, lon;

      rtcc_geo_destination (CENTER_LAT, CENTER_LON, reads[i].bearing, reads[i].distance_m, &lat, &lon);
      rtcc_event_builder_set_location (b, lat, lon);
    }
  if (reads[i].color != NULL)
    {
      rtcc_event_builder_set_string (b, "vehicle_color", reads[i].color);
      rtcc_event_builder_set_string (b, "vehicle_make", reads[i].make);
      rtcc_event_builder_set_string (b, "vehicle_model", reads[i].model);
      rtcc_event_builder_set_string (b, "vehicle_type", reads[i].type);
    }
  event = rtcc_event_builder_end (g_steal_pointer (&b), &error);
  g_assert_no_error (error);
  return event;
}

static gboolean
layer_allocated (GtkWidget *widget)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while ((gtk_widget_get_width (widget) < 100 || gtk_widget_get_height (widget) < 100) &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  return gtk_widget_get_width (widget) >= 100;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *audit_path = NULL;
  g_autofree char *store_path = NULL;
  guint n_stored = 0;

  f->dir = g_dir_make_tmp ("rtcc-plate-filters-XXXXXX", &error);
  g_assert_no_error (error);
  audit_path = g_build_filename (f->dir, "audit.db", NULL);
  f->audit = rtcc_audit_log_open (audit_path, &error);
  g_assert_no_error (error);

  store_path = g_build_filename (f->dir, "events.db", NULL);
  rtcc_sqlite_event_store_new_async (store_path, NULL, rtcc_test_store_result, &result);
  f->store = rtcc_sqlite_event_store_new_finish (rtcc_test_wait_result (&result, 20000), &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  for (guint i = 0; i < G_N_ELEMENTS (reads); i++)
    g_ptr_array_add (batch, make_read (i));
  rtcc_event_store_insert_async (f->store, batch, NULL, rtcc_test_store_result, &result);
  g_assert_true (rtcc_event_store_insert_finish (f->store, rtcc_test_wait_result (&result, 20000), &n_stored, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_stored, ==, G_N_ELEMENTS (reads));

  /* Tiles from nowhere: the map projects without drawing any. */
  f->config = rtcc_config_new (NULL, FALSE);
  rtcc_config_set_override (f->config, "RTCC_MAP_TILE_URL", "http://127.0.0.1:9/{z}/{x}/{y}.png");
  f->map = RTCC_MAP_VIEW (rtcc_map_view_new ());
  rtcc_map_view_set_config (f->map, f->config);
  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 1000, 700);
  gtk_window_set_child (f->window, GTK_WIDGET (f->map));
  gtk_window_present (f->window);
  /* Zoom 16 around the reads: the view spans about ±890 m by ±620 m. */
  g_assert_true (layer_allocated (GTK_WIDGET (rtcc_map_view_get_area_layer (f->map))));
  {
    g_autoptr(RtccEventBuilder) b = rtcc_event_builder_new (RTCC_SOURCE_FLOCK, RTCC_EVENT_TYPE_LPR_READ, "c");
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
    g_autoptr(RtccEvent) centre = NULL;

    rtcc_event_builder_set_occurred_at (b, now);
    rtcc_event_builder_set_location (b, CENTER_LAT, CENTER_LON);
    centre = rtcc_event_builder_end (g_steal_pointer (&b), &error);
    g_assert_no_error (error);
    rtcc_map_view_center_on_event (f->map, centre);
  }

  f->dialog = rtcc_plate_search_dialog_new (NULL, f->store, f->audit, "op1");
  g_object_ref_sink (f->dialog);
  rtcc_plate_search_dialog_set_map_view (f->dialog, f->map);
  rtcc_plate_search_dialog_set_query (f->dialog, "ABC1234", NULL, "Robbery follow-up", "C-7");
  /* Misreads would widen the search; these tests are about place and vehicle. */
  gtk_window_present (GTK_WINDOW (f->dialog));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GDir) d = NULL;
  const char *name;

  gtk_window_destroy (GTK_WINDOW (f->dialog));
  g_clear_object (&f->dialog);
  gtk_window_destroy (f->window);
  g_clear_object (&f->config);
  rtcc_event_store_close (f->store);
  g_clear_object (&f->store);
  g_clear_object (&f->audit);
  d = g_dir_open (f->dir, 0, NULL);
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);

      g_remove (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(char **) a, *(char **) b);
}

/* Runs the search and returns the vendor ids found, sorted, joined by spaces. */
static char *
search (Fixture *f)
{
  GListModel *results = rtcc_plate_search_dialog_get_results (f->dialog);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);

  g_assert_true (rtcc_plate_search_dialog_search (f->dialog));
  while (rtcc_plate_search_dialog_get_searching (f->dialog))
    g_main_context_iteration (NULL, TRUE);
  for (guint i = 0; i < g_list_model_get_n_items (results); i++)
    {
      g_autoptr(RtccEvent) read = g_list_model_get_item (results, i);

      g_ptr_array_add (ids, g_strdup (rtcc_event_get_vendor_id (read)));
    }
  g_ptr_array_sort (ids, compare_strings);
  g_ptr_array_add (ids, NULL);
  return g_strjoinv (" ", (char **) ids->pdata);
}

static char *
last_audit_terms (Fixture *f)
{
  RtccAuditFilter filter = { .action = RTCC_AUDIT_ACTION_PLATE_SEARCH };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) records = NULL;
  g_autoptr(RtccAuditRecord) record = NULL;

  rtcc_audit_log_query_async (f->audit, &filter, NULL, rtcc_test_store_result, &result);
  records = rtcc_audit_log_query_finish (f->audit, rtcc_test_wait_result (&result, 20000), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (records), >, 0);
  record = g_list_model_get_item (records, 0);
  return g_strdup (rtcc_audit_record_get_query_terms (record));
}

static void
test_anywhere (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *found = search (f);

  /* Everything of the plate, located or not; never the other plate. */
  g_assert_cmpstr (found, ==, "east-450 ne-100 north-200 nowhere south-800 west-3000");
}

static void
test_radius (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *found = NULL;
  g_autofree char *terms = NULL;
  g_autoptr(GError) error = NULL;
  RtccGeoArea area;

  /* The radius mode wants a centre first, and says so. */
  rtcc_plate_search_dialog_set_area_mode (f->dialog, RTCC_PLATE_AREA_RADIUS);
  g_assert_false (rtcc_plate_search_dialog_get_area (f->dialog, &area, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED);
  g_assert_false (rtcc_plate_search_dialog_search (f->dialog));
  g_assert_nonnull (strstr (rtcc_plate_search_dialog_get_status (f->dialog), "centre"));

  rtcc_plate_search_dialog_set_radius (f->dialog, CENTER_LAT, CENTER_LON, 500);
  g_assert_cmpint (rtcc_plate_search_dialog_get_area_mode (f->dialog), ==, RTCC_PLATE_AREA_RADIUS);
  found = search (f);
  g_assert_cmpstr (found, ==, "east-450 ne-100 north-200");
  /* What was left out is counted, and the record names the circle. */
  g_assert_nonnull (strstr (rtcc_plate_search_dialog_get_status (f->dialog), " 3 more reads"));
  terms = last_audit_terms (f);
  g_assert_nonnull (strstr (terms, "area=circle:41.878100,-87.629800,500m"));

  /* 449 m leaves out the read 450 m away: the distance decides, not the box. */
  g_clear_pointer (&found, g_free);
  rtcc_plate_search_dialog_set_radius (f->dialog, CENTER_LAT, CENTER_LON, 449);
  found = search (f);
  g_assert_cmpstr (found, ==, "ne-100 north-200");

  /* The map shows the circle searched. */
  rtcc_area_layer_get_area (rtcc_map_view_get_area_layer (f->map), &area);
  g_assert_cmpint (area.kind, ==, RTCC_GEO_AREA_CIRCLE);
  g_assert_cmpfloat (area.radius_m, ==, 449);
}

static void
test_drawn_box (Fixture       *f,
                gconstpointer  data)
{
  RtccAreaLayer *layer = rtcc_map_view_get_area_layer (f->map);
  ShumateViewport *viewport = shumate_layer_get_viewport (SHUMATE_LAYER (layer));
  g_autofree char *found = NULL;
  g_autofree char *terms = NULL;
  g_autoptr(GError) error = NULL;
  double cx, cy, nx, ny, ex, ey, lat, lon;
  RtccGeoArea area, shown;

  /* Nothing drawn yet: the mode cannot search. */
  rtcc_plate_search_dialog_set_area_mode (f->dialog, RTCC_PLATE_AREA_DRAWN);
  g_assert_false (rtcc_plate_search_dialog_get_area (f->dialog, &area, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED);
  rtcc_plate_search_dialog_set_area_mode (f->dialog, RTCC_PLATE_AREA_ANYWHERE);

  /* A box around the centre, the read 200 m north and the one 450 m
   * east, dragged as the operator would: the handlers the gesture calls. */
  shumate_viewport_location_to_widget_coords (viewport, GTK_WIDGET (layer), CENTER_LAT, CENTER_LON, &cx, &cy);
  rtcc_geo_destination (CENTER_LAT, CENTER_LON, 0, 200, &lat, &lon);
  shumate_viewport_location_to_widget_coords (viewport, GTK_WIDGET (layer), lat, lon, &nx, &ny);
  rtcc_geo_destination (CENTER_LAT, CENTER_LON, 90, 450, &lat, &lon);
  shumate_viewport_location_to_widget_coords (viewport, GTK_WIDGET (layer), lat, lon, &ex, &ey);

  rtcc_plate_search_dialog_draw_area (f->dialog);
  g_assert_cmpint (rtcc_area_layer_get_mode (layer), ==, RTCC_AREA_LAYER_DRAW_BOX);
  rtcc_area_layer_drag_begin (layer, cx - 20, ny - 20);
  rtcc_area_layer_drag_update (layer, ex, cy);
  g_assert_true (rtcc_area_layer_drag_end (layer, ex + 20, cy + 20));

  /* The dialog took the box and switched to it. */
  g_assert_cmpint (rtcc_plate_search_dialog_get_area_mode (f->dialog), ==, RTCC_PLATE_AREA_DRAWN);
  g_assert_true (rtcc_plate_search_dialog_get_area (f->dialog, &area, NULL));
  rtcc_area_layer_get_area (layer, &shown);
  g_assert_cmpint (area.kind, ==, RTCC_GEO_AREA_BOX);
  g_assert_cmpfloat (area.south, ==, shown.south);
  g_assert_cmpfloat (area.west, ==, shown.west);
  g_assert_cmpfloat (area.north, ==, shown.north);
  g_assert_cmpfloat (area.east, ==, shown.east);
  g_assert_cmpfloat (area.west, <, CENTER_LON);
  g_assert_cmpfloat (area.south, <, CENTER_LAT);

  found = search (f);
  g_assert_cmpstr (found, ==, "east-450 ne-100 north-200");
  terms = last_audit_terms (f);
  g_assert_nonnull (strstr (terms, "area=box:"));

  /* Escape while drawing again keeps the box. */
  rtcc_plate_search_dialog_draw_area (f->dialog);
  rtcc_area_layer_cancel (layer);
  g_assert_cmpint (rtcc_area_layer_get_mode (layer), ==, RTCC_AREA_LAYER_SHOW);
  g_assert_nonnull (strstr (rtcc_plate_search_dialog_get_status (f->dialog), "cancelled"));
  g_assert_true (rtcc_plate_search_dialog_get_area (f->dialog, &area, NULL));
  g_assert_cmpfloat (area.north, ==, shown.north);
}

static void
test_visible_area (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *found = NULL;
  RtccGeoArea area;

  rtcc_plate_search_dialog_set_area_mode (f->dialog, RTCC_PLATE_AREA_VISIBLE);
  g_assert_true (rtcc_plate_search_dialog_get_area (f->dialog, &area, NULL));
  g_assert_cmpint (area.kind, ==, RTCC_GEO_AREA_BOX);
  g_assert_true (rtcc_geo_area_contains (&area, CENTER_LAT, CENTER_LON));
  found = search (f);
  /* 800 m south and 3 km west are off the screen. */
  g_assert_cmpstr (found, ==, "east-450 ne-100 north-200");
}

static void
test_vehicle (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *found = NULL;
  g_autofree char *terms = NULL;

  /* Any case matches; a read with no vehicle recognised does not. */
  rtcc_plate_search_dialog_set_vehicle (f->dialog, "SILVER", "toyota", NULL, NULL);
  found = search (f);
  g_assert_cmpstr (found, ==, "north-200 nowhere south-800 west-3000");
  terms = last_audit_terms (f);
  g_assert_nonnull (strstr (terms, "color=Silver make=Toyota"));

  g_clear_pointer (&found, g_free);
  rtcc_plate_search_dialog_set_vehicle (f->dialog, "silver", "Toyota", "camry", "Sedan");
  found = search (f);
  g_assert_cmpstr (found, ==, "north-200 nowhere south-800");

  /* With an area too, both must hold. */
  g_clear_pointer (&found, g_free);
  rtcc_plate_search_dialog_set_radius (f->dialog, CENTER_LAT, CENTER_LON, 500);
  found = search (f);
  g_assert_cmpstr (found, ==, "north-200");

  /* A value not in the lists means any. */
  g_clear_pointer (&found, g_free);
  rtcc_plate_search_dialog_set_vehicle (f->dialog, "plaid", NULL, NULL, NULL);
  found = search (f);
  g_assert_cmpstr (found, ==, "east-450 ne-100 north-200");
}

static void
test_track (Fixture       *f,
            gconstpointer  data)
{
  RtccTrackLayer *track = rtcc_map_view_get_track_layer (f->map);
  g_autofree char *found = search (f);

  g_assert_cmpstr (found, ==, "east-450 ne-100 north-200 nowhere south-800 west-3000");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->dialog), "plate-search.show-track", NULL));
  /* Five located reads, oldest first; the one placed nowhere is left out. */
  g_assert_cmpuint (rtcc_track_layer_get_n_points (track), ==, 5);
  g_assert_cmpstr (rtcc_event_get_vendor_id (rtcc_track_layer_get_read (track, 0)), ==, "north-200");
  g_assert_cmpstr (rtcc_event_get_vendor_id (rtcc_track_layer_get_read (track, 1)), ==, "east-450");
  g_assert_cmpstr (rtcc_event_get_vendor_id (rtcc_track_layer_get_read (track, 2)), ==, "south-800");
  g_assert_cmpstr (rtcc_event_get_vendor_id (rtcc_track_layer_get_read (track, 3)), ==, "west-3000");
  g_assert_cmpstr (rtcc_event_get_vendor_id (rtcc_track_layer_get_read (track, 4)), ==, "ne-100");
  g_assert_nonnull (strstr (rtcc_plate_search_dialog_get_status (f->dialog), "5 reads"));

  /* The map was fitted: every point of the track is on screen, once the
   * new layer has its size. */
  g_assert_true (layer_allocated (GTK_WIDGET (track)));
  for (guint i = 0; i < 5; i++)
    {
      graphene_point_t p;

      g_assert_true (rtcc_track_layer_get_point (track, i, &p));
      g_assert_cmpfloat (p.x, >=, 0);
      g_assert_cmpfloat (p.y, >=, 0);
      g_assert_cmpfloat (p.x, <=, gtk_widget_get_width (GTK_WIDGET (track)));
      g_assert_cmpfloat (p.y, <=, gtk_widget_get_height (GTK_WIDGET (track)));
    }

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->dialog), "plate-search.clear-track", NULL));
  g_assert_cmpuint (rtcc_track_layer_get_n_points (track), ==, 0);

  /* With the dialog gone, the map itself clears the track. */
  rtcc_map_view_show_track (f->map, rtcc_plate_search_dialog_get_results (f->dialog));
  g_assert_cmpuint (rtcc_track_layer_get_n_points (track), ==, 5);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->map), "map.clear-track", NULL));
  g_assert_cmpuint (rtcc_track_layer_get_n_points (track), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/plates/filters/anywhere", test_anywhere);
  ADD ("/plates/filters/radius", test_radius);
  ADD ("/plates/filters/drawn-box", test_drawn_box);
  ADD ("/plates/filters/visible-area", test_visible_area);
  ADD ("/plates/filters/vehicle", test_vehicle);
  ADD ("/plates/filters/track", test_track);

#undef ADD

  return g_test_run ();
}
