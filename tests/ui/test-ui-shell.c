/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <adwaita.h>

#include "rtcc-application.h"
#include "rtcc-demo.h"
#include "rtcc-detail-field.h"
#include "rtcc-event-detail.h"
#include "rtcc-event-feed.h"
#include "rtcc-event-list.h"
#include "rtcc-event-row.h"
#include "rtcc-fake-integration.h"
#include "rtcc-health-monitor.h"
#include "rtcc-health-summary.h"
#include "rtcc-preferences-window.h"
#include "rtcc-screenshot.h"
#include "rtcc-status-dashboard.h"
#include "rtcc-time.h"
#include "rtcc-ui-format.h"
#include "rtcc-window.h"
#include "rtcc-ui-test-util.h"

typedef struct
{
  RtccRegistry        *registry;
  RtccFakeIntegration *fakes[3];
  RtccHealthMonitor   *monitor;
  RtccEventList       *events;
  RtccConfig          *config;
  char                *dir;
} Fixture;

static void
collect_labels (GtkWidget *widget,
                GString   *out)
{
  if (!gtk_widget_get_visible (widget))
    return;
  if (GTK_IS_LABEL (widget))
    {
      g_string_append (out, gtk_label_get_label (GTK_LABEL (widget)));
      g_string_append_c (out, '\n');
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_labels (child, out);
}

static char *
labels_of (GtkWidget *widget)
{
  GString *out = g_string_new (NULL);

  collect_labels (widget, out);
  return g_string_free (out, FALSE);
}

static RtccEvent *
make_event (RtccSource     source,
            RtccEventType  type,
            const char    *vendor_id,
            const char    *title,
            const char    *address,
            int            minutes_ago)
{
  g_autoptr(RtccEventBuilder) builder = rtcc_event_builder_new (source, type, vendor_id);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) at = g_date_time_add_minutes (now, -minutes_ago);
  g_autoptr(GError) error = NULL;
  RtccEvent *event;

  rtcc_event_builder_set_occurred_at (builder, at);
  rtcc_event_builder_set_priority (builder, RTCC_PRIORITY_HIGH);
  rtcc_event_builder_set_title (builder, title);
  if (address != NULL)
    rtcc_event_builder_set_address (builder, address);
  rtcc_event_builder_set_location (builder, 41.8815, -87.6557);
  if (type == RTCC_EVENT_TYPE_GUNSHOT)
    {
      rtcc_event_builder_set_int (builder, "round_count", 4);
      rtcc_event_builder_set_double (builder, "confidence", 0.97);
      rtcc_event_builder_set_string (builder, "alert_id", vendor_id);
    }
  event = rtcc_event_builder_end (g_steal_pointer (&builder), &error);
  g_assert_no_error (error);
  return event;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  static const RtccSource sources[] = {
    RTCC_SOURCE_MILESTONE, RTCC_SOURCE_FLOCK, RTCC_SOURCE_SHOTSPOTTER,
  };
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  f->registry = rtcc_registry_new ();
  for (guint i = 0; i < G_N_ELEMENTS (sources); i++)
    {
      f->fakes[i] = rtcc_fake_integration_new (sources[i]);
      rtcc_registry_add (f->registry, RTCC_INTEGRATION (f->fakes[i]));
    }
  f->monitor = rtcc_health_monitor_new (f->registry);
  f->events = rtcc_event_list_new (RTCC_APPLICATION_MAX_EVENTS);
  f->dir = g_dir_make_tmp ("rtcc-ui-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "rtcc.conf", NULL);
  f->config = rtcc_config_new (path, FALSE);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "rtcc.conf", NULL);

  g_remove (path);
  g_rmdir (f->dir);
  g_free (f->dir);
  g_clear_object (&f->config);
  g_clear_object (&f->events);
  g_clear_object (&f->monitor);
  for (guint i = 0; i < G_N_ELEMENTS (f->fakes); i++)
    g_clear_object (&f->fakes[i]);
  g_clear_object (&f->registry);
}

static RtccWindow *
new_window (Fixture *f)
{
  RtccWindow *window = rtcc_window_new (NULL, f->config, G_LIST_MODEL (f->registry),
                                        f->monitor, G_LIST_MODEL (f->events));

  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
  gtk_window_present (GTK_WINDOW (window));
  rtcc_test_run_for (200);
  return window;
}

static void
test_window_health_indicator (Fixture       *f,
                              gconstpointer  data)
{
  RtccWindow *window = new_window (f);
  RtccHealthSummary *summary = rtcc_window_get_health_summary (window);
  g_autofree char *text = NULL;

  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (window)));
  g_assert_cmpstr (rtcc_health_summary_get_label (summary), ==, "All systems online");
  text = labels_of (rtcc_window_get_health_button (window));
  g_assert_nonnull (strstr (text, "All systems online"));

  rtcc_fake_integration_set_status (f->fakes[1], RTCC_INTEGRATION_STATUS_DEGRADED, "Slow answers");
  g_assert_cmpstr (rtcc_health_summary_get_label (summary), ==, "1 degraded");
  g_assert_cmpint (rtcc_health_summary_get_worst (summary), ==, RTCC_INTEGRATION_STATUS_DEGRADED);

  rtcc_fake_integration_set_status (f->fakes[2], RTCC_INTEGRATION_STATUS_OFFLINE, "Refused");
  g_assert_cmpstr (rtcc_health_summary_get_label (summary), ==, "1 offline, 1 degraded");
  g_assert_cmpstr (rtcc_health_summary_get_css_class (summary), ==, "status-offline");
  g_clear_pointer (&text, g_free);
  text = labels_of (rtcc_window_get_health_button (window));
  g_assert_nonnull (strstr (text, "1 offline, 1 degraded"));
  g_assert_true (gtk_widget_has_css_class (gtk_widget_get_first_child (
                   gtk_button_get_child (GTK_BUTTON (rtcc_window_get_health_button (window)))),
                 "status-offline"));

  /* Disabled integrations are not problems. */
  rtcc_fake_integration_set_status (f->fakes[1], RTCC_INTEGRATION_STATUS_DISABLED, NULL);
  rtcc_fake_integration_set_status (f->fakes[2], RTCC_INTEGRATION_STATUS_DISABLED, NULL);
  g_assert_cmpstr (rtcc_health_summary_get_label (summary), ==, "All systems online");

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_dashboard_rows (Fixture       *f,
                     gconstpointer  data)
{
  RtccWindow *window = new_window (f);
  RtccStatusDashboard *dashboard = rtcc_window_show_dashboard (window);
  g_autofree char *text = NULL;
  GListModel *model;
  guint checks_before;

  g_assert_true (rtcc_window_show_dashboard (window) == dashboard);
  rtcc_test_run_for (300);
  model = G_LIST_MODEL (gtk_column_view_get_model (rtcc_status_dashboard_get_column_view (dashboard)));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 3);

  text = labels_of (GTK_WIDGET (rtcc_status_dashboard_get_column_view (dashboard)));
  g_assert_nonnull (strstr (text, "Milestone XProtect"));
  g_assert_nonnull (strstr (text, "Flock Safety LPR"));
  g_assert_nonnull (strstr (text, "ShotSpotter"));
  g_assert_nonnull (strstr (text, "Never"));
  g_assert_null (strstr (text, "Offline"));

  rtcc_fake_integration_set_status (f->fakes[2], RTCC_INTEGRATION_STATUS_OFFLINE,
                                    "ShotSpotter refused the API key (401)");
  rtcc_test_run_for (100);
  g_clear_pointer (&text, g_free);
  text = labels_of (GTK_WIDGET (rtcc_status_dashboard_get_column_view (dashboard)));
  g_assert_nonnull (strstr (text, "Offline"));
  g_assert_nonnull (strstr (text, "ShotSpotter refused the API key (401)"));

  /* Check Now runs every check and fills Last check and Latency. */
  checks_before = rtcc_fake_integration_get_checks (f->fakes[0]);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dashboard), "win.check-now", NULL));
  while (rtcc_status_dashboard_get_checking (dashboard))
    g_main_context_iteration (NULL, TRUE);
  rtcc_test_run_for (100);
  g_assert_cmpuint (rtcc_fake_integration_get_checks (f->fakes[0]), >, checks_before);
  g_clear_pointer (&text, g_free);
  text = labels_of (GTK_WIDGET (rtcc_status_dashboard_get_column_view (dashboard)));
  g_assert_nonnull (strstr (text, "120 ms"));
  g_assert_nonnull (strstr (text, "just now"));

  gtk_window_destroy (GTK_WINDOW (window));
  rtcc_test_run_for (50);
}

static void
on_registry_event (RtccRegistry    *registry,
                   RtccIntegration *integration,
                   RtccEvent       *event,
                   RtccEventList   *events)
{
  rtcc_event_list_add (events, event);
}

static void
add_sample_events (Fixture *f)
{
  g_autoptr(RtccEvent) gunshot = make_event (RTCC_SOURCE_SHOTSPOTTER, RTCC_EVENT_TYPE_GUNSHOT,
                                             "SS-1", "Multiple gunshots (4 rounds)",
                                             "1200 W MADISON ST", 2);
  g_autoptr(RtccEvent) plate = make_event (RTCC_SOURCE_FLOCK, RTCC_EVENT_TYPE_LPR_HIT,
                                           "F-1", "Plate hit ABC1234", "400 S ASHLAND AVE", 5);
  g_autoptr(RtccEvent) camera = make_event (RTCC_SOURCE_MILESTONE, RTCC_EVENT_TYPE_CAMERA_ALERT,
                                            "M-1", "Motion at Madison & Ashland", NULL, 9);

  /* Through the integrations' signal, as the application feeds its list. */
  g_signal_connect (f->registry, "event", G_CALLBACK (on_registry_event), f->events);
  rtcc_integration_emit_event (RTCC_INTEGRATION (f->fakes[2]), gunshot);
  rtcc_integration_emit_event (RTCC_INTEGRATION (f->fakes[1]), plate);
  rtcc_integration_emit_event (RTCC_INTEGRATION (f->fakes[0]), camera);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->events)), ==, 3);
}

static void
test_feed_filters (Fixture       *f,
                   gconstpointer  data)
{
  RtccWindow *window = new_window (f);
  RtccEventFeed *feed = rtcc_window_get_feed (window);
  GListModel *shown = rtcc_event_feed_get_shown (feed);
  g_autoptr(RtccEvent) first = NULL;
  g_autofree char *text = NULL;

  add_sample_events (f);
  /* Rows measure "ago" from the feed's clock, refreshed every 30 s. */
  rtcc_event_feed_refresh_times (feed);
  rtcc_test_run_for (100);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 3);
  text = labels_of (GTK_WIDGET (feed));
  g_assert_nonnull (strstr (text, "Multiple gunshots (4 rounds)"));
  g_assert_nonnull (strstr (text, "2 min ago"));
  g_assert_nonnull (strstr (text, "No address"));

  rtcc_event_feed_set_source_filter (feed, RTCC_SOURCE_FLOCK);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 1);
  first = g_list_model_get_item (shown, 0);
  g_assert_cmpint (rtcc_event_get_source (first), ==, RTCC_SOURCE_FLOCK);
  rtcc_test_run_for (100);
  g_clear_pointer (&text, g_free);
  text = labels_of (GTK_WIDGET (feed));
  g_assert_null (strstr (text, "Multiple gunshots"));
  g_assert_nonnull (strstr (text, "Plate hit ABC1234"));

  /* A source with no events shows the empty state, not a blank list. */
  rtcc_event_feed_set_source_filter (feed, RTCC_SOURCE_NESS);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 0);
  rtcc_test_run_for (50);
  g_clear_pointer (&text, g_free);
  text = labels_of (GTK_WIDGET (feed));
  g_assert_nonnull (strstr (text, "No Matching Events"));

  rtcc_event_feed_set_source_filter (feed, RTCC_EVENT_FEED_ALL_SOURCES);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 3);

  /* Search: any case, title or address; narrowing and widening. */
  rtcc_event_feed_set_search_text (feed, "madison");
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 2);
  rtcc_event_feed_set_search_text (feed, "madison st");
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 1);
  rtcc_event_feed_set_search_text (feed, "ASHLAND");
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 2);
  rtcc_event_feed_set_source_filter (feed, RTCC_SOURCE_MILESTONE);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 1);
  rtcc_event_feed_set_search_text (feed, "<b>&amp;%s%n");
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 0);
  rtcc_event_feed_set_search_text (feed, NULL);
  rtcc_event_feed_set_source_filter (feed, RTCC_EVENT_FEED_ALL_SOURCES);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 3);

  /* New events arrive into the filtered view too. */
  rtcc_event_feed_set_source_filter (feed, RTCC_SOURCE_SHOTSPOTTER);
  {
    g_autoptr(RtccEvent) late = make_event (RTCC_SOURCE_SHOTSPOTTER, RTCC_EVENT_TYPE_GUNSHOT,
                                            "SS-2", "Single gunshot", "1 N STATE ST", 0);
    rtcc_integration_emit_event (RTCC_INTEGRATION (f->fakes[2]), late);
  }
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 2);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_feed_many_and_hostile (Fixture       *f,
                            gconstpointer  data)
{
  RtccWindow *window = new_window (f);
  RtccEventFeed *feed = rtcc_window_get_feed (window);
  GListModel *shown = rtcc_event_feed_get_shown (feed);
  g_autoptr(RtccEvent) hostile = make_event (RTCC_SOURCE_HOTSHEETS, RTCC_EVENT_TYPE_BOLO_CREATED, "H-1",
                                             "<b>BOLO</b> &amp; <span foreground='red'>",
                                             "%s%s%n \\ 1 N STATE ST", 1);
  g_autofree char *text = NULL;

  for (guint i = 0; i < 3000; i++)
    {
      g_autofree char *id = g_strdup_printf ("F-%u", i);
      g_autofree char *title = g_strdup_printf ("Plate read %u", i);
      g_autoptr(RtccEvent) event = make_event (i % 2 ? RTCC_SOURCE_FLOCK : RTCC_SOURCE_MILESTONE,
                                               RTCC_EVENT_TYPE_LPR_READ, id, title,
                                               "400 S ASHLAND AVE", (int) (i % 600));
      rtcc_event_list_add (f->events, event);
    }
  rtcc_event_list_add (f->events, hostile);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 3001);

  /* Filtering thousands of events gives exact counts; how fast is a
   * matter for bench/, not for a test on a shared machine. */
  rtcc_event_feed_set_source_filter (feed, RTCC_SOURCE_FLOCK);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 1500);
  rtcc_event_feed_set_search_text (feed, "read 12");
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 55);

  /* Vendor text is shown as text: no markup, no format directives. */
  rtcc_event_feed_set_search_text (feed, NULL);
  rtcc_event_feed_set_source_filter (feed, RTCC_SOURCE_HOTSHEETS);
  g_assert_true (rtcc_event_feed_select_position (feed, 0));
  rtcc_test_run_for (100);
  text = labels_of (GTK_WIDGET (feed));
  g_assert_nonnull (strstr (text, "<b>BOLO</b> &amp; <span foreground='red'>"));
  g_assert_nonnull (strstr (text, "%s%s%n"));

  gtk_window_destroy (GTK_WINDOW (window));
}

static const char *
field_value (GListModel *fields,
             const char *name)
{
  for (guint i = 0; i < g_list_model_get_n_items (fields); i++)
    {
      g_autoptr(RtccDetailField) field = g_list_model_get_item (fields, i);
      if (g_strcmp0 (rtcc_detail_field_get_name (field), name) == 0)
        return rtcc_detail_field_get_value (field);
    }
  return NULL;
}

static void
test_selection_fills_detail (Fixture       *f,
                             gconstpointer  data)
{
  RtccWindow *window = new_window (f);
  RtccEventFeed *feed = rtcc_window_get_feed (window);
  RtccEventDetail *detail = rtcc_event_feed_get_detail (feed);
  g_autofree char *text = NULL;
  RtccEvent *selected;

  add_sample_events (f);
  g_assert_null (rtcc_event_detail_get_event (detail));

  rtcc_event_feed_set_source_filter (feed, RTCC_SOURCE_SHOTSPOTTER);
  g_assert_true (rtcc_event_feed_select_position (feed, 0));
  g_assert_false (rtcc_event_feed_select_position (feed, 5));
  selected = rtcc_event_feed_get_selected_event (feed);
  g_assert_nonnull (selected);
  g_assert_true (rtcc_event_detail_get_event (detail) == selected);

  g_assert_cmpstr (field_value (rtcc_event_detail_get_fields (detail), "Address"), ==, "1200 W MADISON ST");
  g_assert_cmpstr (field_value (rtcc_event_detail_get_fields (detail), "Source"), ==, "ShotSpotter");
  g_assert_cmpstr (field_value (rtcc_event_detail_get_fields (detail), "ID"), ==, "shotspotter:SS-1");
  g_assert_cmpstr (field_value (rtcc_event_detail_get_fields (detail), "Location"), ==, "41.88150, -87.65570");
  g_assert_cmpstr (field_value (rtcc_event_detail_get_attributes (detail), "round_count"), ==, "4");
  g_assert_cmpstr (field_value (rtcc_event_detail_get_attributes (detail), "confidence"), ==, "0.97");

  rtcc_test_run_for (100);
  text = labels_of (GTK_WIDGET (detail));
  g_assert_nonnull (strstr (text, "Multiple gunshots (4 rounds)"));
  g_assert_nonnull (strstr (text, "round_count"));

  /* For looking at the layout by eye: RTCC_TEST_SCREENSHOT_DIR=/tmp */
  if (g_getenv ("RTCC_TEST_SCREENSHOT_DIR") != NULL)
    {
      g_autofree char *png = g_build_filename (g_getenv ("RTCC_TEST_SCREENSHOT_DIR"),
                                               "ui-feed-selection.png", NULL);
      g_autoptr(GError) error = NULL;

      rtcc_event_feed_set_source_filter (feed, RTCC_EVENT_FEED_ALL_SOURCES);
      rtcc_test_run_for (200);
      rtcc_screenshot_render (GTK_WIDGET (window), png, &error);
      g_assert_no_error (error);
    }

  /* Copy as JSON puts the normalized event on the clipboard. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (detail), "detail.copy-json", NULL));

  rtcc_event_feed_clear_selection (feed);
  g_assert_null (rtcc_event_detail_get_event (detail));
  g_assert_cmpuint (g_list_model_get_n_items (rtcc_event_detail_get_fields (detail)), ==, 0);

  /* Escape clears the selection through the window's action. */
  rtcc_event_feed_select_position (feed, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.clear-selection", NULL));
  g_assert_null (rtcc_event_feed_get_selected_event (feed));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_detail_values (void)
{
  g_autoptr(JsonNode) text = json_node_new (JSON_NODE_VALUE);
  g_autoptr(JsonNode) list = NULL;
  g_autoptr(JsonNode) nested = NULL;
  g_autofree char *huge = g_strnfill (100000, 'x');
  g_autofree char *out = NULL;

  g_assert_cmpstr ((out = rtcc_event_detail_format_json_value (NULL)), ==, "—");
  g_clear_pointer (&out, g_free);

  json_node_set_string (text, huge);
  out = rtcc_event_detail_format_json_value (text);
  g_assert_cmpint (g_utf8_strlen (out, -1), ==, 2001);
  g_assert_true (g_str_has_suffix (out, "…"));
  g_clear_pointer (&out, g_free);

  list = json_from_string ("[\"1A23\", \"1A24\"]", NULL);
  out = rtcc_event_detail_format_json_value (list);
  g_assert_cmpstr (out, ==, "1A23, 1A24");
  g_clear_pointer (&out, g_free);

  nested = json_from_string ("{\"a\": [1, {\"b\": null}]}", NULL);
  out = rtcc_event_detail_format_json_value (nested);
  g_assert_nonnull (strstr (out, "\"b\""));
}

static void
test_preferences (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(RtccConfig) env_config = NULL;
  g_autofree char *path = g_build_filename (f->dir, "rtcc.conf", NULL);
  g_autofree char *saved = NULL;
  RtccPreferencesWindow *preferences;
  GtkWidget *row;

  g_setenv ("FLOCK_API_URL", "https://flock.example.test/api", TRUE);
  env_config = rtcc_config_new (path, TRUE);
  preferences = rtcc_preferences_window_new (env_config, NULL);
  gtk_window_present (GTK_WINDOW (preferences));
  rtcc_test_run_for (100);

  /* Set by the environment: read-only, and says where it comes from. */
  row = rtcc_preferences_window_get_row (preferences, "FLOCK_API_URL");
  g_assert_nonnull (row);
  g_assert_false (ADW_IS_ENTRY_ROW (row));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==,
                   "Set by the environment variable FLOCK_API_URL");

  /* Everything else is editable; secrets are password rows. */
  g_assert_true (ADW_IS_ENTRY_ROW (rtcc_preferences_window_get_row (preferences, "NESS_OPERATOR_ID")));
  g_assert_true (ADW_IS_PASSWORD_ENTRY_ROW (rtcc_preferences_window_get_row (preferences, "NESS_API_KEY")));
  g_assert_nonnull (rtcc_preferences_window_get_row (preferences, "HOTSHEETS_AGENCY_ID"));
  g_assert_nonnull (rtcc_preferences_window_get_row (preferences, "RTCC_MAP_TILE_URL"));

  /* Apply writes the key file. */
  row = rtcc_preferences_window_get_row (preferences, "NESS_OPERATOR_ID");
  gtk_editable_set_text (GTK_EDITABLE (row), "  OP-4471 ");
  g_signal_emit_by_name (row, "apply");
  g_assert_cmpstr (rtcc_config_get (env_config, "NESS_OPERATOR_ID"), ==, "OP-4471");
  while (!g_file_get_contents (path, &saved, NULL, NULL))
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (strstr (saved, "NESS_OPERATOR_ID=OP-4471"));

  gtk_window_destroy (GTK_WINDOW (preferences));
  rtcc_test_run_for (50);
  g_unsetenv ("FLOCK_API_URL");
}

static GtkWidget *
find_widget (GtkWidget *widget,
             GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
test_preferences_general (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GSettings) settings = rtcc_application_lookup_settings ();
  RtccPreferencesWindow *preferences;
  GtkSpinButton *spin;

  /* The tests compile the schema into the build directory. */
  if (settings == NULL)
    {
      g_test_skip ("The com.g3ti.Rtcc schema is not compiled in GSETTINGS_SCHEMA_DIR");
      return;
    }
  g_settings_set_uint (settings, "health-interval-seconds", 90);
  preferences = rtcc_preferences_window_new (f->config, settings);
  gtk_window_present (GTK_WINDOW (preferences));
  rtcc_test_run_for (50);

  spin = GTK_SPIN_BUTTON (find_widget (GTK_WIDGET (preferences), GTK_TYPE_SPIN_BUTTON));
  g_assert_nonnull (spin);
  g_assert_cmpfloat (gtk_spin_button_get_value (spin), ==, 90);
  gtk_spin_button_set_value (spin, 300);
  g_assert_cmpuint (g_settings_get_uint (settings, "health-interval-seconds"), ==, 300);
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (spin)));

  gtk_window_destroy (GTK_WINDOW (preferences));

  /* Without the schema the app still opens the window, rows switched off. */
  preferences = rtcc_preferences_window_new (f->config, NULL);
  gtk_window_present (GTK_WINDOW (preferences));
  rtcc_test_run_for (50);
  spin = GTK_SPIN_BUTTON (find_widget (GTK_WIDGET (preferences), GTK_TYPE_SPIN_BUTTON));
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (spin)));
  gtk_window_destroy (GTK_WINDOW (preferences));
  rtcc_test_run_for (50);
}

static void
test_map_placeholder (Fixture       *f,
                      gconstpointer  data)
{
  RtccWindow *window = new_window (f);
  RtccMapView *map = rtcc_window_get_map_view (window);
  g_autofree char *text = labels_of (GTK_WIDGET (map));

  g_assert_false (rtcc_map_view_get_has_tiles (map));
  g_assert_nonnull (strstr (text, "No map tiles configured. Set RTCC_MAP_TILE_URL or RTCC_MAP_MBTILES."));

  /* A loopback template that nothing serves: the map must accept it and
   * drop the placeholder, without reaching any other server. */
  rtcc_config_set (f->config, "RTCC_MAP_TILE_URL", "http://127.0.0.1:9/{z}/{x}/{y}.png");
  g_assert_true (rtcc_map_view_get_has_tiles (map));
  g_clear_pointer (&text, g_free);
  text = labels_of (GTK_WIDGET (map));
  g_assert_null (strstr (text, "No map tiles configured"));

  rtcc_config_set (f->config, "RTCC_MAP_TILE_URL", NULL);
  g_assert_false (rtcc_map_view_get_has_tiles (map));

  /* A map file that cannot be used says why, in place of the map. */
  rtcc_config_set (f->config, "RTCC_MAP_MBTILES", "/nonexistent/city.mbtiles");
  g_assert_false (rtcc_map_view_get_has_tiles (map));
  g_clear_pointer (&text, g_free);
  text = labels_of (GTK_WIDGET (map));
  g_assert_nonnull (strstr (text, "“/nonexistent/city.mbtiles” cannot be opened"));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_formats (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) before = g_date_time_add_minutes (now, -2);
  g_autofree char *a = rtcc_ui_format_latency (120.4, now);
  g_autofree char *b = rtcc_ui_format_latency (120, NULL);
  g_autofree char *c = rtcc_ui_format_latency (NAN, now);
  g_autofree char *d = rtcc_ui_format_last_check (NULL, now);
  g_autofree char *e = rtcc_ui_format_last_check (before, now);

  g_assert_cmpstr (a, ==, "120 ms");
  g_assert_cmpstr (b, ==, "—");
  g_assert_cmpstr (c, ==, "—");
  g_assert_cmpstr (d, ==, "Never");
  g_assert_cmpstr (e, ==, "2 min ago");
  g_assert_cmpstr (rtcc_ui_status_label (RTCC_INTEGRATION_STATUS_DEGRADED), ==, "Degraded");
  g_assert_cmpstr (rtcc_ui_status_css_class (RTCC_INTEGRATION_STATUS_OFFLINE), ==, "status-offline");
  g_assert_cmpstr (rtcc_ui_priority_css_class (RTCC_PRIORITY_CRITICAL), ==, "priority-critical");
}

static void
test_demo_env (void)
{
  g_autoptr(RtccConfig) config = rtcc_config_new (NULL, FALSE);
  g_autoptr(GPtrArray) good = g_ptr_array_new ();
  g_autoptr(GPtrArray) bad = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (good, (char *) "FLOCK_API_URL=http://127.0.0.1:4010/flock");
  g_ptr_array_add (good, (char *) "FLOCK_API_KEY=demo=key");
  g_assert_true (rtcc_demo_apply_env (config, good, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (rtcc_config_get (config, "FLOCK_API_URL"), ==, "http://127.0.0.1:4010/flock");
  g_assert_cmpstr (rtcc_config_get (config, "FLOCK_API_KEY"), ==, "demo=key");
  g_assert_cmpint (rtcc_config_get_origin (config, "FLOCK_API_URL"), ==, RTCC_CONFIG_ORIGIN_OVERRIDE);

  /* All or nothing: one bad line applies none. */
  g_ptr_array_add (bad, (char *) "NESS_API_URL=http://127.0.0.1:1/ness");
  g_ptr_array_add (bad, (char *) "lower=case");
  g_assert_false (rtcc_demo_apply_env (config, bad, &error));
  g_assert_error (error, RTCC_DEMO_ERROR, RTCC_DEMO_ERROR_MALFORMED);
  g_assert_null (rtcc_config_get (config, "NESS_API_URL"));
  g_clear_error (&error);

  g_ptr_array_set_size (bad, 0);
  g_ptr_array_add (bad, (char *) "NO_EQUALS_SIGN");
  g_assert_false (rtcc_demo_apply_env (config, bad, &error));
  g_assert_error (error, RTCC_DEMO_ERROR, RTCC_DEMO_ERROR_MALFORMED);
  g_clear_error (&error);

  if (!rtcc_demo_is_available ())
    {
      g_assert_null (rtcc_demo_start (config, 1, &error));
      g_assert_error (error, RTCC_DEMO_ERROR, RTCC_DEMO_ERROR_UNAVAILABLE);
      g_assert_cmpstr (error->message, ==, "Demo simulator not available in this build");
    }
}

static void
on_css_error (GtkCssProvider *provider,
              GtkCssSection  *section,
              const GError   *error)
{
  g_autofree char *where = gtk_css_section_to_string (section);

  g_error ("style.css: %s: %s", where, error->message);
}

/* The application loads style.css by itself; the tests load it by hand,
 * which also proves it parses. */
static void
load_style (void)
{
  g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();

  g_signal_connect (provider, "parsing-error", G_CALLBACK (on_css_error), NULL);
  gtk_css_provider_load_from_resource (provider, "/com/g3ti/Rtcc/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ui/format", test_formats);
  g_test_add_func ("/ui/demo/env", test_demo_env);

  if (!gtk_init_check ())
    {
      g_test_add_func ("/ui/display", rtcc_test_skip_without_display);
      return g_test_run ();
    }
  adw_init ();
  load_style ();

  g_test_add_func ("/ui/detail/values", test_detail_values);
  g_test_add ("/ui/window/health-indicator", Fixture, NULL,
              fixture_set_up, test_window_health_indicator, fixture_tear_down);
  g_test_add ("/ui/window/map-placeholder", Fixture, NULL,
              fixture_set_up, test_map_placeholder, fixture_tear_down);
  g_test_add ("/ui/dashboard/rows", Fixture, NULL,
              fixture_set_up, test_dashboard_rows, fixture_tear_down);
  g_test_add ("/ui/feed/filters", Fixture, NULL,
              fixture_set_up, test_feed_filters, fixture_tear_down);
  g_test_add ("/ui/feed/many-and-hostile", Fixture, NULL,
              fixture_set_up, test_feed_many_and_hostile, fixture_tear_down);
  g_test_add ("/ui/feed/selection", Fixture, NULL,
              fixture_set_up, test_selection_fills_detail, fixture_tear_down);
  g_test_add ("/ui/preferences/integrations", Fixture, NULL,
              fixture_set_up, test_preferences, fixture_tear_down);
  g_test_add ("/ui/preferences/general", Fixture, NULL,
              fixture_set_up, test_preferences_general, fixture_tear_down);

  return g_test_run ();
}
