/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <adwaita.h>

#include "rtcc-application.h"
#include "rtcc-event-list.h"
#include "rtcc-gunshot-history.h"
#include "rtcc-map-controls.h"
#include "rtcc-sqlite-event-store.h"
#include "shotspotter/rtcc-shotspotter-integration.h"
#include "sim-fixture.h"
#include "rtcc-ui-test-util.h"

typedef struct
{
  RtccSimServer              *sim;
  SoupSession                *session;
  RtccConfig                 *config;
  RtccShotspotterIntegration *vendor;
  RtccEventStore             *store;
  char                       *dir;
  GDateTime                  *now;
  GDateTime                  *since;
  GPtrArray                  *vendor_alerts; /* the whole day, unfiltered */
  double                      south, west, north, east;
} Fixture;

static RtccEvent *
make_gunshot (const char *vendor_id,
              GDateTime  *now,
              GTimeSpan   age,
              double      lat,
              double      lon)
{
  g_autoptr(RtccEventBuilder) builder =
    rtcc_event_builder_new (RTCC_SOURCE_SHOTSPOTTER, RTCC_EVENT_TYPE_GUNSHOT, vendor_id);
  g_autoptr(GDateTime) at = g_date_time_add (now, -age);
  g_autoptr(GError) error = NULL;
  RtccEvent *event;

  rtcc_event_builder_set_occurred_at (builder, at);
  rtcc_event_builder_set_received_at (builder, at);
  rtcc_event_builder_set_priority (builder, RTCC_PRIORITY_HIGH);
  rtcc_event_builder_set_title (builder, "Single gunshot");
  rtcc_event_builder_set_location (builder, lat, lon);
  rtcc_event_builder_set_string (builder, "alert_id", vendor_id);
  rtcc_event_builder_set_int (builder, "round_count", 1);
  event = rtcc_event_builder_end (g_steal_pointer (&builder), &error);
  g_assert_no_error (error);
  return event;
}

static gboolean
inside (Fixture   *f,
        RtccEvent *event)
{
  double lat, lon;

  g_assert_true (rtcc_event_get_location (event, &lat, &lon));
  return lat >= f->south && lat <= f->north && lon >= f->west && lon <= f->east;
}

static int
cmp_double (gconstpointer a,
            gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static GPtrArray *
query_store (Fixture *f)
{
  g_autoptr(RtccEventQuery) query = rtcc_event_query_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *events;

  rtcc_event_query_add_type (query, RTCC_EVENT_TYPE_GUNSHOT);
  rtcc_event_query_set_time_range (query, f->since, f->now);
  rtcc_event_query_set_bbox (query, f->south, f->west, f->north, f->east);
  rtcc_event_query_set_limit (query, RTCC_EVENT_QUERY_MAX_LIMIT);
  rtcc_event_store_query_async (f->store, query, NULL, rtcc_test_store_result, &result);
  events = rtcc_event_store_query_finish (f->store, rtcc_test_wait_result (&result, 60000), &error);
  g_assert_no_error (error);
  return events;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GPtrArray) env = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) lons = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *path = NULL;
  double south = 90, north = -90, west = 180;

  /* A day of vendor history, live generation off. */
  f->sim = sim_fixture_start_full (7, 1, 10000);
  f->session = soup_session_new ();
  f->config = rtcc_config_new (NULL, FALSE);
  env = rtcc_sim_server_get_env (f->sim);
  for (guint i = 0; i < env->len; i++)
    {
      g_auto(GStrv) kv = g_strsplit (g_ptr_array_index (env, i), "=", 2);

      if (g_str_has_prefix (kv[0], "SHOTSPOTTER_") && kv[1] != NULL)
        rtcc_config_set_override (f->config, kv[0], kv[1]);
    }
  f->vendor = RTCC_SHOTSPOTTER_INTEGRATION (rtcc_shotspotter_integration_new (f->config));
  rtcc_integration_start (RTCC_INTEGRATION (f->vendor));
  rtcc_test_run_for (300);

  f->now = g_date_time_new_now_utc ();
  f->since = g_date_time_add_days (f->now, -2);
  rtcc_shotspotter_integration_list_alerts_async (f->vendor, f->since, f->now, 5000, NULL,
                                                  rtcc_test_store_result, &result);
  f->vendor_alerts = rtcc_shotspotter_integration_list_alerts_finish (f->vendor, rtcc_test_wait_result (&result, 60000), &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  g_assert_cmpuint (f->vendor_alerts->len, >=, 10);

  /* The western half of where the vendor's gunshots fell: some in, some out. */
  for (guint i = 0; i < f->vendor_alerts->len; i++)
    {
      double lat, lon;

      g_assert_true (rtcc_event_get_location (g_ptr_array_index (f->vendor_alerts, i), &lat, &lon));
      south = MIN (south, lat);
      north = MAX (north, lat);
      west = MIN (west, lon);
      g_array_append_val (lons, lon);
    }
  g_array_sort (lons, cmp_double);
  f->south = south - 0.001;
  f->north = north + 0.001;
  f->west = west - 0.001;
  f->east = g_array_index (lons, double, lons->len / 2);

  f->dir = g_dir_make_tmp ("rtcc-history-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "events.db", NULL);
  rtcc_sqlite_event_store_new_async (path, NULL, rtcc_test_store_result, &result);
  f->store = rtcc_sqlite_event_store_new_finish (rtcc_test_wait_result (&result, 60000), &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "events.db", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  rtcc_integration_stop (RTCC_INTEGRATION (f->vendor));
  rtcc_event_store_close (f->store);
  g_clear_object (&f->store);
  g_clear_object (&f->vendor);
  g_clear_object (&f->config);
  g_clear_object (&f->session);
  g_clear_object (&f->sim);
  g_clear_pointer (&f->vendor_alerts, g_ptr_array_unref);
  g_clear_pointer (&f->now, g_date_time_unref);
  g_clear_pointer (&f->since, g_date_time_unref);
  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (f->dir);
  g_clear_pointer (&f->dir, g_free);
}

static void
insert (Fixture   *f,
        GPtrArray *events)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  rtcc_event_store_insert_async (f->store, events, NULL, rtcc_test_store_result, &result);
  g_assert_true (rtcc_event_store_insert_finish (f->store, rtcc_test_wait_result (&result, 60000), NULL, &error));
  g_assert_no_error (error);
}

static void
test_store_then_vendor (Fixture       *f,
                        gconstpointer  data)
{
  double mid_lat = (f->south + f->north) / 2, mid_lon = (f->west + f->east) / 2;
  g_autoptr(RtccEventList) list = rtcc_event_list_new (10000);
  g_autoptr(GPtrArray) stored = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) oldest = g_date_time_add_hours (f->now, -6);
  guint n_store = 0, n_vendor = 0, n_older_in = 0, n_older_out = 0, n_newer_in = 0;

  g_ptr_array_add (stored, make_gunshot ("STORE-OLD", f->now, 6 * G_TIME_SPAN_HOUR, mid_lat, mid_lon));
  g_ptr_array_add (stored, make_gunshot ("STORE-NEW", f->now, 30 * G_TIME_SPAN_MINUTE, mid_lat, mid_lon));
  g_ptr_array_add (stored, make_gunshot ("STORE-OUT", f->now, 3 * G_TIME_SPAN_HOUR, f->north + 0.05, mid_lon));
  insert (f, stored);

  rtcc_gunshot_history_load_async (f->store, f->vendor, list, f->since, f->now,
                                   f->south, f->west, f->north, f->east,
                                   NULL, rtcc_test_store_result, &result);
  g_assert_true (rtcc_gunshot_history_load_finish (rtcc_test_wait_result (&result, 60000), &n_store, &n_vendor, &error));
  g_assert_no_error (error);

  g_assert_nonnull (rtcc_event_list_lookup (list, "shotspotter:STORE-OLD"));
  g_assert_nonnull (rtcc_event_list_lookup (list, "shotspotter:STORE-NEW"));
  g_assert_null (rtcc_event_list_lookup (list, "shotspotter:STORE-OUT"));
  g_assert_cmpuint (n_store, ==, 2);

  for (guint i = 0; i < f->vendor_alerts->len; i++)
    {
      RtccEvent *alert = g_ptr_array_index (f->vendor_alerts, i);
      gboolean older = g_date_time_compare (rtcc_event_get_occurred_at (alert), oldest) < 0;
      RtccEvent *shown = rtcc_event_list_lookup (list, rtcc_event_get_id (alert));

      if (older && inside (f, alert))
        {
          g_assert_nonnull (shown);
          n_older_in++;
        }
      else
        {
          /* Outside the box, or covered by the store: not asked for. */
          g_assert_null (shown);
          if (older)
            n_older_out++;
          else if (inside (f, alert))
            n_newer_in++;
        }
    }
  /* The world must exercise every branch for the test to mean anything. */
  g_assert_cmpuint (n_older_in, >, 0);
  g_assert_cmpuint (n_older_out, >, 0);
  g_assert_cmpuint (n_newer_in, >, 0);
  g_assert_cmpuint (n_vendor, ==, n_older_in);

  /* The vendor's answers were kept: next time the store has them. */
  after = query_store (f);
  g_assert_cmpuint (after->len, ==, 2 + n_older_in);
  for (guint i = 0; i < f->vendor_alerts->len; i++)
    {
      RtccEvent *alert = g_ptr_array_index (f->vendor_alerts, i);
      gboolean found = FALSE;

      if (g_date_time_compare (rtcc_event_get_occurred_at (alert), oldest) >= 0 || !inside (f, alert))
        continue;
      for (guint j = 0; j < after->len && !found; j++)
        found = g_strcmp0 (rtcc_event_get_id (g_ptr_array_index (after, j)), rtcc_event_get_id (alert)) == 0;
      g_assert_true (found);
    }
}

static void
test_vendor_offline (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(RtccEventList) list = rtcc_event_list_new (10000);
  g_autoptr(GPtrArray) stored = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  guint n_store = 0, n_vendor = 99;

  g_ptr_array_add (stored, make_gunshot ("STORE-A", f->now, 5 * G_TIME_SPAN_HOUR,
                                         (f->south + f->north) / 2, (f->west + f->east) / 2));
  insert (f, stored);
  sim_fixture_set_fault (f->sim, f->session, "{\"vendor\": \"shotspotter\", \"fault\": \"malformed\"}");

  rtcc_gunshot_history_load_async (f->store, f->vendor, list, f->since, f->now,
                                   f->south, f->west, f->north, f->east,
                                   NULL, rtcc_test_store_result, &result);
  g_assert_false (rtcc_gunshot_history_load_finish (rtcc_test_wait_result (&result, 60000), &n_store, &n_vendor, &error));
  g_assert_error (error, RTCC_GUNSHOT_HISTORY_ERROR, RTCC_GUNSHOT_HISTORY_ERROR_PARTIAL);
  g_assert_true (g_str_has_prefix (error->message, "ShotSpotter"));
  /* The store's answer is on the map all the same. */
  g_assert_cmpuint (n_store, ==, 1);
  g_assert_cmpuint (n_vendor, ==, 0);
  g_assert_nonnull (rtcc_event_list_lookup (list, "shotspotter:STORE-A"));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
  sim_fixture_clear_faults (f->sim, f->session);
}

static void
test_invalid (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(RtccEventList) list = rtcc_event_list_new (10);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  /* A range that ends before it starts, and an inverted box. */
  rtcc_gunshot_history_load_async (f->store, f->vendor, list, f->now, f->since,
                                   f->south, f->west, f->north, f->east,
                                   NULL, rtcc_test_store_result, &result);
  g_assert_false (rtcc_gunshot_history_load_finish (rtcc_test_wait_result (&result, 60000), NULL, NULL, &error));
  g_assert_error (error, RTCC_GUNSHOT_HISTORY_ERROR, RTCC_GUNSHOT_HISTORY_ERROR_INVALID);
  g_clear_error (&error);
  g_clear_object (&result);
  rtcc_gunshot_history_load_async (f->store, f->vendor, list, f->since, f->now,
                                   f->north, f->west, f->south, f->east,
                                   NULL, rtcc_test_store_result, &result);
  g_assert_false (rtcc_gunshot_history_load_finish (rtcc_test_wait_result (&result, 60000), NULL, NULL, &error));
  g_assert_error (error, RTCC_GUNSHOT_HISTORY_ERROR, RTCC_GUNSHOT_HISTORY_ERROR_INVALID);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
}

static GtkWidget *
find_spinner (GtkWidget *widget)
{
  if (GTK_IS_SPINNER (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_spinner (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
test_controls_action (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *controls = rtcc_map_controls_new ();
  GtkWidget *spinner;
  gint64 deadline;

  gtk_window_set_child (GTK_WINDOW (window), controls);
  spinner = find_spinner (controls);
  g_assert_nonnull (spinner);
  g_assert_false (gtk_widget_get_visible (spinner));

  /* The popover's buttons name this action with the period in hours. */
  g_assert_true (gtk_widget_activate_action (controls, "map-controls.history", "i", 24));
  g_assert_true (gtk_widget_get_visible (spinner));
  /* Outside the main window there is no map to read: the spinner stops. */
  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (gtk_widget_get_visible (spinner) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (gtk_widget_get_visible (spinner));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/history/store-then-vendor", Fixture, NULL, fixture_set_up, test_store_then_vendor, fixture_tear_down);
  g_test_add ("/history/vendor-offline", Fixture, NULL, fixture_set_up, test_vendor_offline, fixture_tear_down);
  g_test_add ("/history/invalid", Fixture, NULL, fixture_set_up, test_invalid, fixture_tear_down);
  g_test_add_func ("/history/controls-action", test_controls_action);
  return g_test_run ();
}
