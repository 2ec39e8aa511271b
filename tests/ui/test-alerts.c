/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>

#include <glib/gstdio.h>
#include <adwaita.h>

#include "rtcc-alerter.h"
#include "rtcc-application.h"
#include "rtcc-audit-log.h"
#include "rtcc-event-detail.h"
#include "rtcc-event-layer.h"
#include "rtcc-event-list.h"
#include "rtcc-gunshot-panel.h"
#include "rtcc-map-controls.h"
#include "rtcc-screenshot.h"
#include "rtcc-service-client.h"
#include "rtcc-sqlite-event-store.h"
#include "rtcc-window.h"
#include "shotspotter/rtcc-shotspotter-integration.h"
#include "sim-fixture.h"
#include "rtcc-ui-test-util.h"

#define WIDTH 800
#define HEIGHT 600
#define CENTER_LAT 41.8815
#define CENTER_LON (-87.6557)

static RtccEvent *
make_event (RtccEventType type,
            const char   *vendor_id,
            GTimeSpan     age,
            guint         version)
{
  RtccSource source = type == RTCC_EVENT_TYPE_GUNSHOT ? RTCC_SOURCE_SHOTSPOTTER
                    : type == RTCC_EVENT_TYPE_LPR_HIT ? RTCC_SOURCE_FLOCK
                    : RTCC_SOURCE_MILESTONE;
  g_autoptr(RtccEventBuilder) builder = rtcc_event_builder_new (source, type, vendor_id);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) at = g_date_time_add (now, -age);
  g_autoptr(GError) error = NULL;
  RtccEvent *event;

  rtcc_event_builder_set_occurred_at (builder, at);
  rtcc_event_builder_set_received_at (builder, now);
  rtcc_event_builder_set_version (builder, version);
  rtcc_event_builder_set_priority (builder, RTCC_PRIORITY_HIGH);
  rtcc_event_builder_set_title (builder, "Multiple gunshots (4 rounds)");
  rtcc_event_builder_set_address (builder, "1200 W MADISON ST");
  rtcc_event_builder_set_location (builder, CENTER_LAT, CENTER_LON);
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

/* Alerter ------------------------------------------------------------------- */

static void
count_alert (RtccAlerter   *alerter,
             RtccEvent     *event,
             GNotification *notification,
             GPtrArray     *seen)
{
  g_ptr_array_add (seen, g_object_ref (event));
  g_assert_nonnull (notification);
}

static void
test_alerter_new_only (void)
{
  g_autoptr(GSettings) settings = rtcc_application_lookup_settings ();
  g_autoptr(RtccAlerter) alerter = NULL;
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(RtccEvent) fresh = make_event (RTCC_EVENT_TYPE_GUNSHOT, "SS-1", 2 * G_TIME_SPAN_SECOND, 1);
  g_autoptr(RtccEvent) update = make_event (RTCC_EVENT_TYPE_GUNSHOT, "SS-1", 30 * G_TIME_SPAN_SECOND, 2);
  g_autoptr(RtccEvent) old = make_event (RTCC_EVENT_TYPE_GUNSHOT, "SS-2", G_TIME_SPAN_HOUR, 1);
  g_autoptr(RtccEvent) old_again = make_event (RTCC_EVENT_TYPE_GUNSHOT, "SS-2", 0, 1);
  g_autoptr(RtccEvent) camera = make_event (RTCC_EVENT_TYPE_CAMERA_ALERT, "CAM-1", 0, 1);
  g_autoptr(RtccEvent) hit = make_event (RTCC_EVENT_TYPE_LPR_HIT, "HIT-1", 10 * G_TIME_SPAN_SECOND, 1);
  g_autoptr(RtccEvent) first_seen_v2 = make_event (RTCC_EVENT_TYPE_GUNSHOT, "SS-3", 0, 2);

  g_assert_nonnull (settings);
  g_settings_set_boolean (settings, "desktop-notifications", TRUE);
  g_settings_set_boolean (settings, "alert-sound", FALSE);
  alerter = rtcc_alerter_new (NULL, settings);
  g_signal_connect (alerter, "alert", G_CALLBACK (count_alert), seen);

  g_assert_true (rtcc_alerter_is_new_alert (alerter, fresh));
  g_assert_true (rtcc_alerter_handle_event (alerter, fresh));
  /* The vendor's update of the same alert stays quiet. */
  g_assert_false (rtcc_alerter_handle_event (alerter, update));
  g_assert_false (rtcc_alerter_handle_event (alerter, fresh));
  /* History caught up at start-up is not news, nor is it later. */
  g_assert_false (rtcc_alerter_handle_event (alerter, old));
  g_assert_false (rtcc_alerter_handle_event (alerter, old_again));
  g_assert_false (rtcc_alerter_handle_event (alerter, camera));
  g_assert_false (rtcc_alerter_handle_event (alerter, first_seen_v2));
  g_assert_true (rtcc_alerter_handle_event (alerter, hit));

  g_assert_cmpuint (seen->len, ==, 2);
  g_assert_true (g_ptr_array_index (seen, 0) == fresh);
  g_assert_true (g_ptr_array_index (seen, 1) == hit);
  g_assert_cmpuint (rtcc_alerter_get_n_alerts (alerter), ==, 2);
  g_assert_cmpuint (rtcc_alerter_get_n_sounds (alerter), ==, 0);
}

static void
count_sound (RtccAlerter *alerter,
             guint       *n)
{
  (*n)++;
}

static void
test_alerter_rate_limit (void)
{
  g_autoptr(GSettings) settings = rtcc_application_lookup_settings ();
  g_autoptr(RtccAlerter) alerter = NULL;
  guint sounds = 0;

  g_settings_set_boolean (settings, "desktop-notifications", FALSE);
  g_settings_set_boolean (settings, "alert-sound", TRUE);
  alerter = rtcc_alerter_new (NULL, settings);
  g_assert_cmpuint (rtcc_alerter_get_sound_interval_ms (alerter), ==, 2000);
  rtcc_alerter_set_sound_interval_ms (alerter, 400);
  g_signal_connect (alerter, "sound", G_CALLBACK (count_sound), &sounds);

  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *id = g_strdup_printf ("BURST-%u", i);
      g_autoptr(RtccEvent) event = make_event (RTCC_EVENT_TYPE_GUNSHOT, id, 0, 1);

      g_assert_true (rtcc_alerter_handle_event (alerter, event));
    }
  g_assert_cmpuint (rtcc_alerter_get_n_alerts (alerter), ==, 5);
  g_assert_cmpuint (sounds, ==, 1);

  rtcc_test_run_for (450);
  {
    g_autoptr(RtccEvent) later = make_event (RTCC_EVENT_TYPE_LPR_HIT, "LATER", 0, 1);

    g_assert_true (rtcc_alerter_handle_event (alerter, later));
  }
  g_assert_cmpuint (sounds, ==, 2);
  g_assert_cmpuint (rtcc_alerter_get_n_sounds (alerter), ==, 2);

  /* Switched off, no sound at all. */
  g_settings_set_boolean (settings, "alert-sound", FALSE);
  rtcc_test_run_for (450);
  {
    g_autoptr(RtccEvent) quiet = make_event (RTCC_EVENT_TYPE_GUNSHOT, "QUIET", 0, 1);

    g_assert_true (rtcc_alerter_handle_event (alerter, quiet));
  }
  g_assert_cmpuint (sounds, ==, 2);
}

/* The notification's "Show" button selects the alert and centres the map. */
static void
test_show_event_action (void)
{
  g_autoptr(RtccApplication) app = rtcc_application_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(RtccEvent) event = make_event (RTCC_EVENT_TYPE_GUNSHOT, "SHOW-2", 0, 1);
  g_autoptr(RtccEvent) other = make_event (RTCC_EVENT_TYPE_LPR_HIT, "SHOW-3", 0, 1);
  GtkWindow *window;
  RtccEventFeed *feed;

  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (rtcc_application_get_alerter (app));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "show-event"));
  rtcc_event_list_add (rtcc_application_get_events (app), event);
  rtcc_event_list_add (rtcc_application_get_events (app), other);

  /* With no window yet, the action opens one. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "show-event",
                                  g_variant_new_string (rtcc_event_get_id (event)));
  /* The main window exists behind the sign-in, which it must not skip. */
  window = NULL;
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    if (RTCC_IS_WINDOW (l->data))
      window = l->data;
  g_assert_true (RTCC_IS_WINDOW (window));
  g_assert_false (RTCC_IS_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app))));
  rtcc_test_run_for (300);
  feed = rtcc_window_get_feed (RTCC_WINDOW (window));
  g_assert_true (rtcc_event_feed_get_selected_event (feed) == event);

  g_action_group_activate_action (G_ACTION_GROUP (app), "show-event",
                                  g_variant_new_string (rtcc_event_get_id (other)));
  g_assert_true (rtcc_event_feed_get_selected_event (feed) == other);

  /* An id the feed no longer holds changes nothing. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "show-event",
                                  g_variant_new_string ("shotspotter:GONE"));
  g_assert_true (rtcc_event_feed_get_selected_event (feed) == other);

  gtk_window_destroy (window);
  rtcc_test_run_for (100);
  g_application_quit (G_APPLICATION (app));
}

/* Gunshot panel -------------------------------------------------------------- */

static guint
age_seconds (RtccGunshotPanel *panel)
{
  const char *text = rtcc_gunshot_panel_get_age_text (panel);
  guint seconds = G_MAXUINT;

  g_assert_nonnull (text);
  g_assert_cmpint (sscanf (text, "detected %u s ago", &seconds), ==, 1);
  return seconds;
}

static void
test_panel_age (void)
{
  GtkWidget *window = gtk_window_new ();
  RtccGunshotPanel *panel = RTCC_GUNSHOT_PANEL (rtcc_gunshot_panel_new ());
  g_autoptr(RtccEvent) event = NULL;
  guint first, later;
  char *text;

  text = rtcc_gunshot_panel_format_age (125 * G_TIME_SPAN_SECOND);
  g_assert_cmpstr (text, ==, "detected 2 min 05 s ago");
  g_free (text);
  text = rtcc_gunshot_panel_format_age (-5 * G_TIME_SPAN_SECOND);
  g_assert_cmpstr (text, ==, "detected 0 s ago");
  g_free (text);
  text = rtcc_gunshot_panel_format_age (3 * G_TIME_SPAN_HOUR + 7 * G_TIME_SPAN_MINUTE);
  g_assert_cmpstr (text, ==, "detected 3 h 07 min ago");
  g_free (text);

  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (panel));
  gtk_window_present (GTK_WINDOW (window));
  g_assert_null (rtcc_gunshot_panel_get_age_text (panel));
  event = make_event (RTCC_EVENT_TYPE_GUNSHOT, "AGE-1", 42 * G_TIME_SPAN_SECOND + 100 * G_TIME_SPAN_MILLISECOND, 1);
  rtcc_gunshot_panel_set_event (panel, event);
  first = age_seconds (panel);
  g_assert_cmpuint (first, >=, 42);
  g_assert_cmpuint (first, <=, 43);

  /* It counts up by itself, once a second (with slack for a loaded machine). */
  rtcc_test_run_for (2100);
  later = age_seconds (panel);
  g_assert_cmpuint (later, >=, first + 1);
  g_assert_cmpuint (later, <=, first + 4);

  rtcc_gunshot_panel_set_event (panel, NULL);
  g_assert_null (rtcc_gunshot_panel_get_age_text (panel));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The detail pane shows the gunshot part only for gunshots; the image is
 * kept in $RTCC_TEST_SCREENSHOT_DIR when set, to look at. */
static void
test_panel_in_detail (void)
{
  const char *keep = g_getenv ("RTCC_TEST_SCREENSHOT_DIR");
  g_autofree char *path = NULL;
  GtkWidget *window = gtk_window_new ();
  RtccEventDetail *detail = RTCC_EVENT_DETAIL (rtcc_event_detail_new ());
  g_autoptr(RtccEvent) gunshot = make_event (RTCC_EVENT_TYPE_GUNSHOT, "SHOW-1", 42 * G_TIME_SPAN_SECOND, 1);
  g_autoptr(RtccEvent) camera = make_event (RTCC_EVENT_TYPE_CAMERA_ALERT, "CAM-9", 0, 1);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  RtccGunshotPanel *panel = rtcc_event_detail_get_gunshot_panel (detail);
  GStatBuf st;

  path = keep != NULL ? g_build_filename (keep, "gunshot-panel.png", NULL)
                      : g_build_filename (g_get_tmp_dir (), "rtcc-test-gunshot-panel.png", NULL);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (detail));
  gtk_window_set_default_size (GTK_WINDOW (window), 480, 720);
  gtk_window_set_decorated (GTK_WINDOW (window), FALSE);
  gtk_window_present (GTK_WINDOW (window));

  rtcc_event_detail_set_event (detail, camera);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (panel)));
  g_assert_null (rtcc_gunshot_panel_get_event (panel));
  rtcc_event_detail_set_event (detail, gunshot);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (panel)));
  g_assert_true (rtcc_gunshot_panel_get_event (panel) == gunshot);
  g_assert_true (g_str_has_prefix (rtcc_gunshot_panel_get_age_text (panel), "detected 4"));

  rtcc_screenshot_save_async (window, path, 5, 300, NULL, rtcc_test_store_result, &result);
  g_assert_true (rtcc_screenshot_save_finish (window, rtcc_test_wait_result (&result, 20000), &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_size, >, 1000);
  if (keep == NULL)
    g_remove (path);
  gtk_window_destroy (GTK_WINDOW (window));
}

typedef struct
{
  char      *vendor_id;  /* the injected alert, once known */
  GPtrArray *events;
  RtccEvent *event;
} Caught;

static void
on_event (RtccIntegration *integration,
          RtccEvent       *event,
          Caught          *caught)
{
  if (rtcc_event_get_event_type (event) == RTCC_EVENT_TYPE_GUNSHOT)
    g_ptr_array_add (caught->events, g_object_ref (event));
}

/* The simulator's stream also replays its training alerts; the test
 * waits for the one it injected. */
static gboolean
has_event (Caught *caught)
{
  for (guint i = 0; caught->event == NULL && i < caught->events->len; i++)
    {
      RtccEvent *event = g_ptr_array_index (caught->events, i);

      if (g_strcmp0 (rtcc_event_get_vendor_id (event), caught->vendor_id) == 0)
        caught->event = g_object_ref (event);
    }
  return caught->event != NULL;
}

static void
test_panel_acknowledge (void)
{
  g_autoptr(RtccSimServer) sim = sim_fixture_start (7);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(RtccConfig) config = rtcc_config_new (NULL, FALSE);
  g_autoptr(GPtrArray) env = rtcc_sim_server_get_env (sim);
  g_autoptr(RtccIntegration) integration = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("rtcc-alerts-XXXXXX", &error);
  g_autofree char *store_path = g_build_filename (dir, "events.db", NULL);
  g_autofree char *audit_path = g_build_filename (dir, "audit.db", NULL);
  g_autoptr(RtccAuditLog) audit = NULL;
  g_autoptr(RtccEventStore) store = NULL;
  g_autoptr(RtccEventList) list = rtcc_event_list_new (100);
  g_autoptr(ShumateViewport) viewport = shumate_viewport_new ();
  g_autoptr(RtccEventLayer) layer = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonNode) injected = NULL;
  g_autoptr(RtccAcknowledgment) ack = NULL;
  g_autoptr(GPtrArray) batch = NULL;
  g_autoptr(GListModel) records = NULL;
  g_autoptr(RtccAuditRecord) record = NULL;
  RtccAuditFilter filter = { .action = RTCC_AUDIT_ACTION_ACKNOWLEDGE };
  GtkWidget *window;
  RtccGunshotPanel *panel;
  Caught caught = { NULL, g_ptr_array_new_with_free_func (g_object_unref), NULL };

  g_assert_no_error (error);
  for (guint i = 0; i < env->len; i++)
    {
      g_auto(GStrv) kv = g_strsplit (g_ptr_array_index (env, i), "=", 2);

      if (g_str_has_prefix (kv[0], "SHOTSPOTTER_") && kv[1] != NULL)
        rtcc_config_set_override (config, kv[0], kv[1]);
    }
  integration = rtcc_shotspotter_integration_new (config);
  g_signal_connect (integration, "event", G_CALLBACK (on_event), &caught);
  rtcc_integration_start (integration);
  rtcc_test_run_for (300);
  injected = sim_fixture_inject (sim, session, "{\"kind\": \"gunshot\", \"rounds\": 3}");
  caught.vendor_id = g_strdup (json_object_get_string_member (json_node_get_object (injected), "alertId"));
  {
    gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

    while (!has_event (&caught) && g_get_monotonic_time () < deadline)
      g_main_context_iteration (NULL, TRUE);
  }
  g_assert_nonnull (caught.event);
  g_assert_cmpstr (rtcc_event_get_vendor_id (caught.event), ==,
                   json_object_get_string_member (json_node_get_object (injected), "alertId"));

  audit = rtcc_audit_log_open (audit_path, &error);
  g_assert_no_error (error);
  rtcc_sqlite_event_store_new_async (store_path, NULL, rtcc_test_store_result, &result);
  store = rtcc_sqlite_event_store_new_finish (rtcc_test_wait_result (&result, 20000), &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  batch = g_ptr_array_new ();
  g_ptr_array_add (batch, caught.event);
  rtcc_event_store_insert_async (store, batch, NULL, rtcc_test_store_result, &result);
  g_assert_true (rtcc_event_store_insert_finish (store, rtcc_test_wait_result (&result, 20000), NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  rtcc_event_list_add (list, caught.event);
  layer = g_object_ref_sink (rtcc_event_layer_new (viewport));
  rtcc_event_layer_set_model (layer, G_LIST_MODEL (list));
  g_assert_false (rtcc_event_layer_get_acknowledged (layer, rtcc_event_get_id (caught.event)));

  window = gtk_window_new ();
  panel = RTCC_GUNSHOT_PANEL (rtcc_gunshot_panel_new ());
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (panel));
  gtk_window_set_default_size (GTK_WINDOW (window), 480, 400);
  gtk_window_present (GTK_WINDOW (window));
  rtcc_gunshot_panel_set_integration (panel, RTCC_SHOTSPOTTER_INTEGRATION (integration));
  rtcc_gunshot_panel_set_store (panel, store);
  rtcc_gunshot_panel_set_audit_log (panel, audit);
  rtcc_gunshot_panel_set_layer (panel, layer);
  rtcc_gunshot_panel_set_operator_id (panel, "analyst7");
  rtcc_gunshot_panel_set_event (panel, caught.event);
  rtcc_test_run_for (200);
  g_assert_cmpstr (rtcc_gunshot_panel_get_ack_text (panel), ==, "Not acknowledged");

  /* Notes are required; nothing is sent or audited without them. */
  rtcc_gunshot_panel_acknowledge_async (panel, "   ", NULL, rtcc_test_store_result, &result);
  ack = rtcc_gunshot_panel_acknowledge_finish (panel, rtcc_test_wait_result (&result, 20000), &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_null (ack);
  g_clear_error (&error);
  g_clear_object (&result);

  /* The clip plays from memory. */
  rtcc_gunshot_panel_load_audio_async (panel, NULL, rtcc_test_store_result, &result);
  g_assert_true (rtcc_gunshot_panel_load_audio_finish (panel, rtcc_test_wait_result (&result, 20000), &error));
  g_assert_no_error (error);
  g_assert_true (GTK_IS_MEDIA_FILE (rtcc_gunshot_panel_get_audio_stream (panel)));
  g_assert_null (gtk_media_file_get_file (GTK_MEDIA_FILE (rtcc_gunshot_panel_get_audio_stream (panel))));
  g_assert_nonnull (gtk_media_file_get_input_stream (GTK_MEDIA_FILE (rtcc_gunshot_panel_get_audio_stream (panel))));
  g_clear_object (&result);

  rtcc_gunshot_panel_acknowledge_async (panel, "Units on scene, 3 casings found", NULL, rtcc_test_store_result, &result);
  ack = rtcc_gunshot_panel_acknowledge_finish (panel, rtcc_test_wait_result (&result, 20000), &error);
  g_assert_no_error (error);
  g_assert_nonnull (ack);
  g_assert_cmpstr (ack->operator_id, ==, "analyst7");
  g_assert_cmpstr (ack->event_id, ==, rtcc_event_get_id (caught.event));
  g_assert_true (rtcc_event_layer_get_acknowledged (layer, rtcc_event_get_id (caught.event)));
  g_assert_true (g_str_has_prefix (rtcc_gunshot_panel_get_ack_text (panel), "Acknowledged by analyst7 at "));
  g_clear_pointer (&ack, rtcc_acknowledgment_free);
  g_clear_object (&result);

  rtcc_audit_log_query_async (audit, &filter, NULL, rtcc_test_store_result, &result);
  records = rtcc_audit_log_query_finish (audit, rtcc_test_wait_result (&result, 20000), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (records), ==, 1);
  record = g_list_model_get_item (records, 0);
  g_assert_cmpstr (rtcc_audit_record_get_operator (record), ==, "analyst7");
  g_assert_cmpstr (rtcc_audit_record_get_integration (record), ==, "shotspotter");
  g_assert_cmpint (rtcc_audit_record_get_outcome (record), ==, RTCC_AUDIT_OUTCOME_SUCCESS);
  g_assert_nonnull (strstr (rtcc_audit_record_get_query_terms (record), "3 casings"));
  g_clear_object (&result);
  g_clear_object (&record);
  g_clear_object (&records);

  /* Shown again, the panel reads who acknowledged it from the history. */
  rtcc_gunshot_panel_set_event (panel, NULL);
  rtcc_gunshot_panel_set_event (panel, caught.event);
  {
    gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

    while (!g_str_has_prefix (rtcc_gunshot_panel_get_ack_text (panel), "Acknowledged by analyst7") &&
           g_get_monotonic_time () < deadline)
      g_main_context_iteration (NULL, TRUE);
  }
  g_assert_true (g_str_has_prefix (rtcc_gunshot_panel_get_ack_text (panel), "Acknowledged by analyst7"));

  /* A second acknowledgment meets the vendor's 409 and still says who. */
  rtcc_gunshot_panel_set_operator_id (panel, "analyst9");
  rtcc_gunshot_panel_acknowledge_async (panel, "again", NULL, rtcc_test_store_result, &result);
  ack = rtcc_gunshot_panel_acknowledge_finish (panel, rtcc_test_wait_result (&result, 20000), &error);
  g_assert_error (error, RTCC_HTTP_ERROR, RTCC_HTTP_ERROR_CONFLICT);
  g_assert_null (ack);
  g_clear_error (&error);
  g_clear_object (&result);
  g_assert_true (g_str_has_prefix (rtcc_gunshot_panel_get_ack_text (panel), "Acknowledged by analyst7"));

  rtcc_audit_log_query_async (audit, &filter, NULL, rtcc_test_store_result, &result);
  records = rtcc_audit_log_query_finish (audit, rtcc_test_wait_result (&result, 20000), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (records), ==, 2);
  record = g_list_model_get_item (records, 0);
  g_assert_cmpint (rtcc_audit_record_get_outcome (record), ==, RTCC_AUDIT_OUTCOME_FAILURE);
  g_clear_object (&result);

  /* A workstation without that history still learns it is acknowledged. */
  {
    RtccGunshotPanel *other = RTCC_GUNSHOT_PANEL (rtcc_gunshot_panel_new ());

    g_object_ref_sink (other);
    rtcc_event_layer_set_acknowledged (layer, rtcc_event_get_id (caught.event), FALSE);
    rtcc_gunshot_panel_set_integration (other, RTCC_SHOTSPOTTER_INTEGRATION (integration));
    rtcc_gunshot_panel_set_audit_log (other, audit);
    rtcc_gunshot_panel_set_layer (other, layer);
    rtcc_gunshot_panel_set_operator_id (other, "analyst3");
    rtcc_gunshot_panel_set_event (other, caught.event);
    rtcc_gunshot_panel_acknowledge_async (other, "seen on camera", NULL, rtcc_test_store_result, &result);
    ack = rtcc_gunshot_panel_acknowledge_finish (other, rtcc_test_wait_result (&result, 20000), &error);
    g_assert_error (error, RTCC_HTTP_ERROR, RTCC_HTTP_ERROR_CONFLICT);
    g_assert_null (ack);
    g_clear_error (&error);
    g_clear_object (&result);
    g_assert_cmpstr (rtcc_gunshot_panel_get_ack_text (other), ==,
                     "Already acknowledged in ShotSpotter by another user");
    g_assert_true (rtcc_event_layer_get_acknowledged (layer, rtcc_event_get_id (caught.event)));
    g_object_unref (other);
  }

  gtk_window_destroy (GTK_WINDOW (window));
  rtcc_integration_stop (integration);
  rtcc_event_store_close (store);
  g_clear_object (&caught.event);
  g_ptr_array_unref (caught.events);
  g_free (caught.vendor_id);
  rtcc_sim_server_stop (sim);
  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;

    while (d != NULL && (name = g_dir_read_name (d)) != NULL)
      {
        g_autofree char *path = g_build_filename (dir, name, NULL);
        g_remove (path);
      }
  }
  g_rmdir (dir);
}

/* Map controls --------------------------------------------------------------- */

static gboolean
is_allocated (GtkWidget *widget)
{
  return gtk_widget_get_width (widget) == WIDTH && gtk_widget_get_height (widget) == HEIGHT;
}

static guint
drawn_events (RtccEventLayer *layer)
{
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  GskRenderNode *node;
  RtccEventLayerStats stats;

  GTK_WIDGET_GET_CLASS (layer)->snapshot (GTK_WIDGET (layer), snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  g_clear_pointer (&node, gsk_render_node_unref);
  rtcc_event_layer_get_stats (layer, &stats);
  return stats.markers + stats.clustered_events;
}

static void
test_map_controls (void)
{
  g_autoptr(ShumateMapSourceRegistry) registry = shumate_map_source_registry_new_with_defaults ();
  ShumateMapSource *source = shumate_map_source_registry_get_by_id (registry, SHUMATE_MAP_SOURCE_OSM_MAPNIK);
  g_autoptr(ShumateViewport) viewport = shumate_viewport_new ();
  g_autoptr(RtccEventLayer) layer = NULL;
  g_autoptr(RtccEventList) list = rtcc_event_list_new (100);
  RtccMapControls *controls;
  GtkWidget *window;
  GtkWidget *box;
  static const struct { const char *id; GTimeSpan age; double x; } events[] = {
    { "M30", 30 * G_TIME_SPAN_MINUTE, 100 },
    { "H5", 5 * G_TIME_SPAN_HOUR, 300 },
    { "H20", 20 * G_TIME_SPAN_HOUR, 500 },
    { "D3", 72 * G_TIME_SPAN_HOUR, 700 },
  };
  gint64 deadline;

  shumate_viewport_set_reference_map_source (viewport, source);
  shumate_viewport_set_max_zoom_level (viewport, 19);
  shumate_viewport_set_zoom_level (viewport, 16);
  shumate_location_set_location (SHUMATE_LOCATION (viewport), CENTER_LAT, CENTER_LON);
  layer = g_object_ref_sink (rtcc_event_layer_new (viewport));
  rtcc_event_layer_set_model (layer, G_LIST_MODEL (list));

  window = gtk_window_new ();
  box = gtk_overlay_new ();
  gtk_window_set_decorated (GTK_WINDOW (window), FALSE);
  gtk_window_set_default_size (GTK_WINDOW (window), WIDTH, HEIGHT);
  gtk_overlay_set_child (GTK_OVERLAY (box), GTK_WIDGET (layer));
  controls = RTCC_MAP_CONTROLS (rtcc_map_controls_new ());
  gtk_overlay_add_overlay (GTK_OVERLAY (box), GTK_WIDGET (controls));
  gtk_window_set_child (GTK_WINDOW (window), box);
  gtk_window_present (GTK_WINDOW (window));
  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (!is_allocated (GTK_WIDGET (layer)) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_true (is_allocated (GTK_WIDGET (layer)));

  for (guint i = 0; i < G_N_ELEMENTS (events); i++)
    {
      g_autoptr(RtccEvent) event = NULL;
      g_autoptr(RtccEventBuilder) b = rtcc_event_builder_new (RTCC_SOURCE_SHOTSPOTTER, RTCC_EVENT_TYPE_GUNSHOT,
                                                              events[i].id);
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      g_autoptr(GDateTime) at = g_date_time_add (now, -events[i].age);
      double lat, lon;

      shumate_viewport_widget_coords_to_location (viewport, GTK_WIDGET (layer), events[i].x, 300, &lat, &lon);
      rtcc_event_builder_set_occurred_at (b, at);
      rtcc_event_builder_set_received_at (b, at);
      rtcc_event_builder_set_location (b, lat, lon);
      event = rtcc_event_builder_end (g_steal_pointer (&b), NULL);
      g_assert_true (rtcc_event_list_add (list, event));
    }

  /* Without a layer the controls only keep their state. */
  rtcc_map_controls_set_time_filter (controls, RTCC_MAP_TIME_FILTER_HOUR);
  g_assert_cmpuint (drawn_events (layer), ==, 4);
  rtcc_map_controls_set_time_filter (controls, RTCC_MAP_TIME_FILTER_ALL);

  rtcc_map_controls_set_layer (controls, layer);
  g_assert_cmpuint (drawn_events (layer), ==, 4);
  g_assert_null (rtcc_map_controls_dup_since (controls));

  rtcc_map_controls_set_time_filter (controls, RTCC_MAP_TIME_FILTER_HOUR);
  g_assert_cmpuint (drawn_events (layer), ==, 1);
  rtcc_map_controls_set_time_filter (controls, RTCC_MAP_TIME_FILTER_SHIFT);
  g_assert_cmpuint (drawn_events (layer), ==, 2);
  rtcc_map_controls_set_time_filter (controls, RTCC_MAP_TIME_FILTER_DAY);
  g_assert_cmpuint (drawn_events (layer), ==, 3);

  /* The buttons drive the same state. */
  gtk_widget_activate_action (GTK_WIDGET (controls), "map-controls.heat-map", NULL);
  g_assert_true (rtcc_map_controls_get_heat_map (controls));
  g_assert_true (rtcc_event_layer_get_heat_mode (layer));
  g_object_set (controls, "heat-map", FALSE, NULL);
  g_assert_false (rtcc_event_layer_get_heat_mode (layer));

  {
    GtkWidget *all = NULL;

    /* Find the "All" toggle by its label and click it like a user. */
    for (GtkWidget *w = gtk_widget_get_first_child (GTK_WIDGET (controls)); w != NULL;)
      {
        if (GTK_IS_TOGGLE_BUTTON (w) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (w)), "All") == 0)
          {
            all = w;
            break;
          }
        if (gtk_widget_get_first_child (w) != NULL)
          w = gtk_widget_get_first_child (w);
        else
          {
            while (w != NULL && gtk_widget_get_next_sibling (w) == NULL)
              w = gtk_widget_get_parent (w);
            w = w != NULL ? gtk_widget_get_next_sibling (w) : NULL;
          }
      }
    g_assert_nonnull (all);
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (all), TRUE);
    g_assert_cmpint (rtcc_map_controls_get_time_filter (controls), ==, RTCC_MAP_TIME_FILTER_ALL);
    g_assert_cmpuint (drawn_events (layer), ==, 4);
  }

  rtcc_map_controls_set_layer (controls, NULL);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/alerts/alerter/new-only", test_alerter_new_only);
  g_test_add_func ("/alerts/alerter/rate-limit", test_alerter_rate_limit);
  if (!gtk_init_check ())
    return g_test_run ();
  adw_init ();
  g_test_add_func ("/alerts/app/show-event", test_show_event_action);
  g_test_add_func ("/alerts/panel/age", test_panel_age);
  g_test_add_func ("/alerts/panel/in-detail", test_panel_in_detail);
  g_test_add_func ("/alerts/panel/acknowledge", test_panel_acknowledge);
  g_test_add_func ("/alerts/map-controls", test_map_controls);
  return g_test_run ();
}
