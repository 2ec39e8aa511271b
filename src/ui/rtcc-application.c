/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccApplication"

#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>

#include "rtcc-alerter.h"
#include "rtcc-application.h"
#include "rtcc-audit-log.h"
#include "rtcc-bolo-watch.h"
#include "rtcc-audit-window.h"
#include "rtcc-case-window.h"
#include "rtcc-incident-window.h"
#include "rtcc-ness-dialog.h"
#include "rtcc-demo.h"
#include "rtcc-integrations.h"
#include "rtcc-sqlite-event-store.h"
#include "ness/rtcc-ness-integration.h"
#include "onesolution/rtcc-onesolution-integration.h"
#include "hotsheets/rtcc-hotsheets-integration.h"
#include "rtcc-preferences-window.h"
#include "rtcc-screenshot.h"
#include "rtcc-signin-window.h"
#include "rtcc-window.h"
#include "rtcc-session-window.h"

/* Events are written to the store in batches gathered this long. */
#define STORE_FLUSH_MS 100

/* Screenshots wait this long for tiles, lists and fonts to settle. */
#define SCREENSHOT_FRAMES 10
#define SCREENSHOT_MS 500
/* In demo mode the map tiles and the first live events need longer. */
#define SCREENSHOT_DEMO_MS 6000
#define SCREENSHOT_WIDTH 1440
#define SCREENSHOT_HEIGHT 900

static const char * const views[] = {
  "map", "feed", "dashboard", "preferences", "shortcuts", "about", "video-wall", "clip-export",
  "plate-search", "plate-track", "bolos", "hotlists", "ness", "audit", "signin", "incident",
  "incident-search", "person-search", "case", "bwc", NULL
};

/**
 * RtccApplication:
 *
 * Owns what lives as long as the workstation runs: the configuration,
 * the registry of integrations, the health monitor and the live event
 * list fed from every integration.
 */
struct _RtccApplication
{
  AdwApplication     parent_instance;

  RtccConfig        *config;
  RtccRegistry      *registry;
  RtccHealthMonitor *monitor;
  RtccEventList     *events;
  RtccEventStore    *store;
  GPtrArray         *pending;      /* events waiting for the store */
  guint              flush_id;
  RtccAuditLog      *audit;
  RtccAlerter       *alerter;
  RtccBoloWatch     *bolo_watch;
  GSettings         *settings;
  GObject           *simulator;
  GCancellable      *cancellable;

  gboolean           demo;
  char              *screenshot;
  gboolean           screenshot_deferred;
  char              *view;
  guint              seed;
  int                exit_status;
  char              *demo_problem;
  char              *operator_id;  /* the signed-in operator */
  RtccSigninWindow  *signin;       /* weak: GTK owns its windows */
};

G_DEFINE_FINAL_TYPE (RtccApplication, rtcc_application, ADW_TYPE_APPLICATION)

/**
 * rtcc_application_lookup_settings:
 *
 * GSettings aborts on a schema it does not know, so the app looks first:
 * it must start even where the schema is not installed.
 *
 * Returns: (transfer full) (nullable): the `com.g3ti.Rtcc` settings
 */
GSettings *
rtcc_application_lookup_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source == NULL)
    return NULL;
  schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema == NULL)
    return NULL;
  return g_settings_new_full (schema, NULL, NULL);
}

static void
insert_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* The live feed already shows the events; a store that cannot write
   * says so and keeps the rest of the workstation running. */
  if (!rtcc_event_store_insert_finish (RTCC_EVENT_STORE (object), result, NULL, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Events could not be saved to the history: %s", error->message);
}

static gboolean
flush_pending (gpointer user_data)
{
  RtccApplication *self = user_data;
  g_autoptr(GPtrArray) batch = g_steal_pointer (&self->pending);

  self->flush_id = 0;
  self->pending = g_ptr_array_new_with_free_func (g_object_unref);
  if (self->store != NULL && batch->len > 0)
    rtcc_event_store_insert_async (self->store, batch, NULL, insert_cb, NULL);
  return G_SOURCE_REMOVE;
}

static void
take_event (RtccApplication *self,
            RtccEvent       *event)
{
  rtcc_event_list_add (self->events, event);
  g_ptr_array_add (self->pending, g_object_ref (event));
  if (self->flush_id == 0 && self->store != NULL)
    self->flush_id = g_timeout_add (STORE_FLUSH_MS, flush_pending, self);
}

static void
on_registry_event (RtccRegistry    *registry,
                   RtccIntegration *integration,
                   RtccEvent       *event,
                   RtccApplication *self)
{
  take_event (self, event);
  rtcc_alerter_handle_event (self->alerter, event);
  rtcc_bolo_watch_handle_event (self->bolo_watch, event);
}

static void
on_monitor_event (RtccHealthMonitor *monitor,
                  RtccEvent         *event,
                  RtccApplication   *self)
{
  take_event (self, event);
}

static void
list_active_bolos_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(RtccApplication) self = user_data;
  g_autoptr(GPtrArray) bolos = NULL;
  g_autoptr(GError) error = NULL;

  bolos = rtcc_hotsheets_integration_list_active_finish (RTCC_HOTSHEETS_INTEGRATION (object), result, &error);
  /* Without the listing, BOLOs created from now on are still watched. */
  if (bolos == NULL)
    g_debug ("Active BOLOs not listed: %s", error->message);
  else if (self->bolo_watch != NULL)
    rtcc_bolo_watch_set_active (self->bolo_watch, bolos);
}

static char *
data_dir (RtccApplication *self)
{
  const char *dir = rtcc_config_get (self->config, "RTCC_DATA_DIR");

  /* Demo sessions keep their own history, away from real events. */
  if (dir != NULL)
    return self->demo ? g_build_filename (dir, "demo", NULL) : g_strdup (dir);
  return self->demo ? g_build_filename (g_get_user_data_dir (), "rtcc", "demo", NULL)
                    : g_build_filename (g_get_user_data_dir (), "rtcc", NULL);
}

static void
store_open_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(RtccApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  RtccEventStore *store = rtcc_sqlite_event_store_new_finish (result, &error);

  if (store == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("The event history is not available: %s", error->message);
      return;
    }
  self->store = store;
  if (self->pending->len > 0 && self->flush_id == 0)
    self->flush_id = g_idle_add (flush_pending, self);
}

static void
open_history (RtccApplication *self)
{
  g_autofree char *dir = data_dir (self);
  g_autofree char *events_path = g_build_filename (dir, "events.db", NULL);
  g_autofree char *audit_path = g_build_filename (dir, "audit.db", NULL);
  g_autoptr(GError) error = NULL;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_warning ("Could not create the data folder %s", dir);
      return;
    }

  rtcc_sqlite_event_store_new_async (events_path, self->cancellable, store_open_cb,
                                     g_object_ref (self));

  /* RMS and NESS refuse to run without an audit trail. */
  self->audit = rtcc_audit_log_open (audit_path, &error);
  if (self->audit == NULL)
    {
      g_warning ("The audit log is not available, so RMS and NESS queries are refused: %s",
                 error->message);
      return;
    }
  rtcc_ness_integration_set_audit_log (
    RTCC_NESS_INTEGRATION (rtcc_registry_get_for_source (self->registry, RTCC_SOURCE_NESS)),
    self->audit);
  rtcc_onesolution_integration_set_audit_log (
    RTCC_ONESOLUTION_INTEGRATION (rtcc_registry_get_for_source (self->registry, RTCC_SOURCE_ONESOLUTION)),
    self->audit);
}

static void
load_secrets_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* Without a keyring the workstation still runs on the environment and
   * the file; the message names no secret. */
  if (!rtcc_config_load_secrets_finish (RTCC_CONFIG (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_info ("%s", error->message);
}

static guint
health_interval (RtccApplication *self)
{
  if (self->settings != NULL)
    {
      g_autoptr(GSettingsSchema) schema = NULL;

      g_object_get (self->settings, "settings-schema", &schema, NULL);
      if (g_settings_schema_has_key (schema, "health-interval-seconds"))
        return g_settings_get_uint (self->settings, "health-interval-seconds");
    }
  return (guint) CLAMP (rtcc_config_get_int (self->config, "RTCC_HEALTH_INTERVAL", 60), 10, 3600);
}

static void
on_interval_changed (RtccApplication *self)
{
  rtcc_health_monitor_set_interval (self->monitor, health_interval (self));
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  RtccApplication *self = user_data;
  RtccPreferencesWindow *preferences = rtcc_preferences_window_new (self->config, self->settings);
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));

  gtk_window_set_transient_for (GTK_WINDOW (preferences), parent);
  gtk_window_set_modal (GTK_WINDOW (preferences), TRUE);
  gtk_window_present (GTK_WINDOW (preferences));
}

static GtkWindow *
show_about (RtccApplication *self)
{
  const char *developers[] = { "G3TI", NULL };
  GtkWidget *about = adw_about_window_new ();

  adw_about_window_set_application_name (ADW_ABOUT_WINDOW (about), _("RTCC-UIP Workstation"));
  adw_about_window_set_application_icon (ADW_ABOUT_WINDOW (about), APP_ID);
  adw_about_window_set_version (ADW_ABOUT_WINDOW (about), PACKAGE_VERSION);
  adw_about_window_set_developer_name (ADW_ABOUT_WINDOW (about), "G3TI");
  adw_about_window_set_developers (ADW_ABOUT_WINDOW (about), developers);
  adw_about_window_set_comments (ADW_ABOUT_WINDOW (about),
                                 _("Real-time crime centre workstation: cameras, plate readers, gunshot detection, records and NCIC queries in one window."));
  adw_about_window_set_license_type (ADW_ABOUT_WINDOW (about), GTK_LICENSE_GPL_3_0);
  adw_about_window_set_copyright (ADW_ABOUT_WINDOW (about), "© 2026 G3TI");
  gtk_window_set_transient_for (GTK_WINDOW (about),
                                gtk_application_get_active_window (GTK_APPLICATION (self)));
  gtk_window_present (GTK_WINDOW (about));
  return GTK_WINDOW (about);
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  show_about (user_data);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static RtccWindow *
find_main_window (RtccApplication *self)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (RTCC_IS_WINDOW (l->data))
      return l->data;
  return NULL;
}

static void
show_event_action (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  RtccApplication *self = user_data;
  const char *id = g_variant_get_string (parameter, NULL);
  RtccEvent *event = self->events != NULL ? rtcc_event_list_lookup (self->events, id) : NULL;
  RtccWindow *window = find_main_window (self);

  if (window == NULL)
    {
      g_application_activate (G_APPLICATION (self));
      window = find_main_window (self);
    }
  if (window == NULL)
    return;
  /* The feed keeps the newest events; an old notification may outlive
   * its event there. */
  if (event != NULL)
    {
      rtcc_event_feed_select_event (rtcc_window_get_feed (window), event);
      rtcc_map_view_center_on_event (rtcc_window_get_map_view (window), event);
    }
  /* A notification never opens what the sign-in or a lock hides: the
   * alert waits selected behind it. */
  if (self->signin != NULL && (rtcc_signin_window_get_operator_id (self->signin) == NULL ||
                               rtcc_signin_window_is_session_locked (self->signin)))
    gtk_window_present (GTK_WINDOW (self->signin));
  else
    gtk_window_present (GTK_WINDOW (window));
}

static const GActionEntry app_actions[] = {
  { "show-event", show_event_action, "s", NULL, NULL, { 0 } },
  { "preferences", preferences_action, NULL, NULL, NULL, { 0 } },
  { "about", about_action, NULL, NULL, NULL, { 0 } },
  { "quit", quit_action, NULL, NULL, NULL, { 0 } },
};

static void
set_accels (RtccApplication *self)
{
  static const struct {
    const char *action;
    const char *accels[3];
  } accels[] = {
    { "app.preferences", { "<Control>comma", NULL } },
    { "app.quit", { "<Control>q", NULL } },
    { "win.show-help-overlay", { "<Control>question", "<Control><Shift>slash", NULL } },
    { "win.check-now", { "F5", NULL } },
    { "win.show-dashboard", { "<Control>d", NULL } },
    { "win.search", { "<Control>f", NULL } },
    { "win.plate-search", { "<Control><Shift>p", NULL } },
    { "win.bolos", { "<Control><Shift>b", NULL } },
    { "win.hotlists", { "<Control><Shift>h", NULL } },
    { "win.focus-map", { "<Control>1", NULL } },
    { "win.focus-feed", { "<Control>2", NULL } },
    { "win.video-wall", { "<Control><Shift>v", NULL } },
    { "win.cameras-for-event", { "<Control><Shift>c", NULL } },
    { "win.ness-query", { "<Control><Shift>n", NULL } },
    { "win.audit-log", { "<Control><Shift>a", NULL } },
    { "win.rms-incidents", { "<Control><Shift>r", NULL } },
    { "win.rms-persons", { "<Control><Shift>e", NULL } },
    { "win.bwc-recordings", { "<Control><Shift>k", NULL } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self), accels[i].action, accels[i].accels);
}

static void
rtcc_application_startup (GApplication *application)
{
  RtccApplication *self = RTCC_APPLICATION (application);
  g_autoptr(GError) error = NULL;

  G_APPLICATION_CLASS (rtcc_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);
  set_accels (self);

  self->settings = rtcc_application_lookup_settings ();
  self->config = rtcc_config_new_default ();
  self->cancellable = g_cancellable_new ();
  rtcc_config_load_secrets_async (self->config, self->cancellable, load_secrets_cb, NULL);

  if (self->demo)
    {
      self->simulator = rtcc_demo_start (self->config, self->seed, &error);
      if (self->simulator == NULL)
        self->demo_problem = g_strdup (error->message);
    }

  self->registry = rtcc_integrations_create_registry (self->config);
  self->events = rtcc_event_list_new (RTCC_APPLICATION_MAX_EVENTS);
  self->pending = g_ptr_array_new_with_free_func (g_object_unref);
  self->alerter = rtcc_alerter_new (G_APPLICATION (self), self->settings);
  self->bolo_watch = rtcc_bolo_watch_new ();
  g_signal_connect (self->registry, "event", G_CALLBACK (on_registry_event), self);
  open_history (self);

  self->monitor = rtcc_health_monitor_new (self->registry);
  g_signal_connect (self->monitor, "event", G_CALLBACK (on_monitor_event), self);
  rtcc_health_monitor_set_interval (self->monitor, health_interval (self));
  if (self->settings != NULL)
    g_signal_connect_swapped (self->settings, "changed::health-interval-seconds",
                              G_CALLBACK (on_interval_changed), self);

  rtcc_registry_start_all (self->registry);
  rtcc_health_monitor_start (self->monitor);

  {
    RtccIntegration *hotsheets = rtcc_registry_get_for_source (self->registry, RTCC_SOURCE_HOTSHEETS);

    if (RTCC_IS_HOTSHEETS_INTEGRATION (hotsheets) &&
        rtcc_integration_get_status (hotsheets) != RTCC_INTEGRATION_STATUS_DISABLED)
      rtcc_hotsheets_integration_list_active_async (RTCC_HOTSHEETS_INTEGRATION (hotsheets), self->cancellable,
                                                    list_active_bolos_cb, g_object_ref (self));
  }
}

static void
rtcc_application_shutdown (GApplication *application)
{
  RtccApplication *self = RTCC_APPLICATION (application);

  g_cancellable_cancel (self->cancellable);
  if (self->monitor != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->monitor, self);
      rtcc_health_monitor_stop (self->monitor);
    }
  if (self->registry != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->registry, self);
      rtcc_registry_stop_all (self->registry);
    }
  /* What arrived last is written before the store closes. */
  g_clear_handle_id (&self->flush_id, g_source_remove);
  if (self->store != NULL)
    {
      if (self->pending != NULL && self->pending->len > 0)
        flush_pending (self);
      rtcc_event_store_close (self->store);
    }

  G_APPLICATION_CLASS (rtcc_application_parent_class)->shutdown (application);
}

static void
screenshot_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(RtccApplication) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!rtcc_screenshot_save_finish (GTK_WIDGET (object), result, &error))
    {
      g_printerr (_("Could not take the screenshot: %s\n"), error->message);
      self->exit_status = 1;
    }
  g_application_quit (G_APPLICATION (self));
}

static void
demo_inject_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(RtccPlateSearchDialog) dialog = user_data;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;

  /* Without the look-alike the search still shows the training reads. */
  if (!(answer = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error)))
    g_debug ("The demo look-alike read was not injected: %s", error->message);
  rtcc_plate_search_dialog_search (dialog);
}

/* The demo view searches the training plate, as an analyst would after
 * its hit; a camera's misread of it (8 for B) is read first, so the view
 * shows what the misread search finds. */
static GtkWindow *
show_plate_search (RtccApplication *self,
                   RtccWindow      *window)
{
  RtccPlateSearchDialog *dialog = rtcc_window_show_plate_search (window);
  g_autofree char *admin = rtcc_demo_dup_admin_url (self->simulator);

  if (self->demo)
    rtcc_plate_search_dialog_set_query (dialog, "ABC1234", "IL", _("Demo: plate hit follow-up"), "C-TRAINING-0001");
  if (admin != NULL)
    {
      static const char body[] = "{\"kind\": \"lpr_read\", \"plate\": \"A8C1234\", \"state\": \"IL\"}";
      g_autofree char *url = g_strconcat (admin, "/inject", NULL);
      g_autoptr(SoupSession) session = soup_session_new ();
      g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
      g_autoptr(GBytes) request = g_bytes_new_static (body, sizeof body - 1);

      soup_message_set_request_body_from_bytes (msg, "application/json", request);
      soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, demo_inject_cb,
                                        g_object_ref (dialog));
    }
  else if (self->demo)
    rtcc_plate_search_dialog_search (dialog);
  return GTK_WINDOW (dialog);
}

static void
start_screenshot (RtccApplication *self,
                  GtkWindow       *shown)
{
  /* Without the window frame the image has exactly the window's
   * size, whatever the window manager or its absence. */
  if (gtk_window_get_titlebar (shown) == NULL)
    gtk_window_set_decorated (shown, FALSE);
  /* The application stays up until the image is written. */
  g_application_hold (G_APPLICATION (self));
  rtcc_screenshot_save_async (GTK_WIDGET (shown), self->screenshot,
                              SCREENSHOT_FRAMES,
                              self->demo ? SCREENSHOT_DEMO_MS : SCREENSHOT_MS, NULL,
                              screenshot_cb, g_object_ref (self));
  g_application_release (G_APPLICATION (self));
}

/* The plate-track view: the demo search's reads drawn on the map, once
 * the search is on record. */
static gboolean
show_track_idle (gpointer data)
{
  GtkWindow *dialog = data;
  GtkWindow *window = gtk_window_get_transient_for (dialog);
  RtccApplication *self = RTCC_APPLICATION (g_application_get_default ());

  gtk_widget_activate_action (GTK_WIDGET (dialog), "plate-search.show-track", NULL);
  gtk_window_close (dialog);
  if (self->screenshot_deferred)
    {
      if (window != NULL)
        start_screenshot (self, window);
      /* Held by show_plate_track() until the screenshot is under way. */
      g_application_release (G_APPLICATION (self));
    }
  return G_SOURCE_REMOVE;
}

/* The results arrive just after the search stops: show them once they did. */
static void
on_track_search_done (RtccPlateSearchDialog *dialog)
{
  if (rtcc_plate_search_dialog_get_searching (dialog))
    return;
  g_signal_handlers_disconnect_by_func (dialog, on_track_search_done, NULL);
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, show_track_idle, g_object_ref (dialog), g_object_unref);
}

static GtkWindow *
show_plate_track (RtccApplication *self,
                  RtccWindow      *window)
{
  GtkWindow *dialog = show_plate_search (self, window);

  /* Only the demo searches by itself. */
  if (!self->demo)
    return dialog;
  if (self->screenshot != NULL)
    {
      self->screenshot_deferred = TRUE;
      g_application_hold (G_APPLICATION (self));
    }
  g_signal_connect (dialog, "notify::searching", G_CALLBACK (on_track_search_done), NULL);
  return GTK_WINDOW (window);
}

/* The view plays the newest recording of the day, as an analyst would. */
static void
bwc_view_listed_cb (GListModel    *model,
                    guint          position,
                    guint          removed,
                    guint          added,
                    RtccBwcWindow *window)
{
  if (added > 0 && rtcc_bwc_window_get_selected (window) == NULL)
    rtcc_bwc_window_select (window, 0);
}

static GtkWindow *
show_view (RtccApplication *self,
           RtccWindow      *window)
{
  const char *view = self->view != NULL ? self->view : "map";

  if (g_str_equal (view, "feed"))
    rtcc_event_feed_focus_list (rtcc_window_get_feed (window));
  else if (g_str_equal (view, "dashboard"))
    return GTK_WINDOW (rtcc_window_show_dashboard (window));
  else if (g_str_equal (view, "preferences"))
    {
      RtccPreferencesWindow *preferences = rtcc_preferences_window_new (self->config, self->settings);

      gtk_window_set_transient_for (GTK_WINDOW (preferences), GTK_WINDOW (window));
      gtk_window_present (GTK_WINDOW (preferences));
      return GTK_WINDOW (preferences);
    }
  else if (g_str_equal (view, "shortcuts"))
    {
      GtkShortcutsWindow *overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window));

      if (overlay != NULL)
        {
          gtk_window_present (GTK_WINDOW (overlay));
          return GTK_WINDOW (overlay);
        }
    }
  else if (g_str_equal (view, "about"))
    return show_about (self);
  else if (g_str_equal (view, "video-wall"))
    {
      RtccVideoWall *wall = rtcc_window_show_video_wall (window);

      rtcc_video_wall_show_first_cameras (wall, rtcc_video_wall_get_layout (wall));
      return GTK_WINDOW (wall);
    }
  else if (g_str_equal (view, "clip-export"))
    {
      /* The simulator's first training camera: the demo exports half a
       * minute and plays it. */
      RtccVideoWall *wall = rtcc_window_show_video_wall (window);
      RtccClipExportDialog *dialog = rtcc_video_wall_export_clip (wall, "5eed0000-0000-4000-8000-000000000001");
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      g_autoptr(GDateTime) end = g_date_time_add_seconds (now, -60);
      g_autoptr(GDateTime) start = g_date_time_add_seconds (end, -30);

      rtcc_clip_export_dialog_set_range (dialog, start, end);
      rtcc_clip_export_dialog_set_play_when_done (dialog, TRUE);
      if (self->demo)
        rtcc_clip_export_dialog_start (dialog);
      return GTK_WINDOW (dialog);
    }
  else if (g_str_equal (view, "plate-search"))
    return show_plate_search (self, window);
  else if (g_str_equal (view, "plate-track"))
    return show_plate_track (self, window);
  else if (g_str_equal (view, "bolos"))
    return GTK_WINDOW (rtcc_window_show_bolos (window));
  else if (g_str_equal (view, "hotlists"))
    return GTK_WINDOW (rtcc_window_show_hotlists (window));
  else if (g_str_equal (view, "incident-search"))
    {
      /* In the demo, the open robberies the simulator knows. */
      RtccIncidentSearchDialog *dialog = rtcc_window_show_incident_search (window);

      if (self->demo)
        {
          rtcc_incident_search_dialog_set_query (dialog, "ROBB", NULL, NULL, NULL, NULL, FALSE);
          rtcc_incident_search_dialog_search (dialog);
        }
      return GTK_WINDOW (dialog);
    }
  else if (g_str_equal (view, "person-search"))
    {
      /* In the demo, the training person found by sound. */
      RtccPersonSearchDialog *dialog = rtcc_window_show_person_search (window);

      if (self->demo)
        {
          rtcc_person_search_dialog_set_query (dialog, "DOH", NULL, NULL, TRUE);
          rtcc_person_search_dialog_search (dialog);
        }
      return GTK_WINDOW (dialog);
    }
  else if (g_str_equal (view, "case"))
    {
      RtccCaseWindow *case_window = rtcc_case_window_new (
        RTCC_ONESOLUTION_INTEGRATION (rtcc_registry_get_for_source (self->registry, RTCC_SOURCE_ONESOLUTION)),
        RTCC_NESS_INTEGRATION (rtcc_registry_get_for_source (self->registry, RTCC_SOURCE_NESS)),
        "C-TRAINING-0001");

      rtcc_session_window_present (GTK_WINDOW (case_window), GTK_WINDOW (window));
      return GTK_WINDOW (case_window);
    }
  else if (g_str_equal (view, "audit"))
    {
      RtccAuditWindow *viewer = rtcc_audit_window_new (self->audit, rtcc_application_get_operator_id (self),
                                                       rtcc_config_get (self->config, "NESS_ORI"));

      rtcc_session_window_present (GTK_WINDOW (viewer), GTK_WINDOW (window));
      return GTK_WINDOW (viewer);
    }
  else if (g_str_equal (view, "incident"))
    {
      /* The simulator's training robbery, with its case and suspect. */
      g_autoptr(RtccEventBuilder) builder =
        rtcc_event_builder_new (RTCC_SOURCE_ONESOLUTION, RTCC_EVENT_TYPE_INCIDENT_CREATED, "2026-900001");
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      g_autoptr(RtccEvent) event = NULL;
      RtccIncidentWindow *incident;

      rtcc_event_builder_set_occurred_at (builder, now);
      rtcc_event_builder_set_string (builder, "incident_number", "2026-900001");
      event = rtcc_event_builder_end (g_steal_pointer (&builder), NULL);
      incident = rtcc_incident_window_new (
        RTCC_ONESOLUTION_INTEGRATION (rtcc_registry_get_for_source (self->registry, RTCC_SOURCE_ONESOLUTION)),
        RTCC_NESS_INTEGRATION (rtcc_registry_get_for_source (self->registry, RTCC_SOURCE_NESS)),
        event);
      rtcc_session_window_present (GTK_WINDOW (incident), GTK_WINDOW (window));
      return GTK_WINDOW (incident);
    }
  else if (g_str_equal (view, "bwc"))
    {
      RtccBwcWindow *bwc = rtcc_window_show_bwc (window, NULL);

      if (bwc == NULL)
        return GTK_WINDOW (window);
      g_signal_connect_object (rtcc_bwc_window_get_recordings (bwc), "items-changed",
                               G_CALLBACK (bwc_view_listed_cb), bwc, 0);
      return GTK_WINDOW (bwc);
    }
  else if (g_str_equal (view, "ness"))
    {
      /* The simulator's training person, who has a warrant: the view
       * shows a hit with its confirmation rule. */
      RtccNessDialog *dialog = rtcc_window_show_ness_dialog (window, NULL);

      gtk_window_set_default_size (GTK_WINDOW (dialog), 600, 980);
      rtcc_ness_dialog_set_person (dialog, "DOE", "JOHN", "1980-01-01");
      rtcc_ness_dialog_set_purpose (dialog, "C", _("Training query against the demo simulator"));
      if (self->demo)
        rtcc_ness_dialog_send (dialog);
      return GTK_WINDOW (dialog);
    }
  else
    rtcc_map_view_focus (rtcc_window_get_map_view (window));

  return GTK_WINDOW (window);
}

static void
bind_window_state (RtccApplication *self,
                   GtkWindow       *window)
{
  static const struct {
    const char *key;
    const char *property;
  } state[] = {
    { "window-width", "default-width" },
    { "window-height", "default-height" },
    { "window-maximized", "maximized" },
  };
  g_autoptr(GSettingsSchema) schema = NULL;

  if (self->settings == NULL)
    return;
  g_object_get (self->settings, "settings-schema", &schema, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (state); i++)
    if (g_settings_schema_has_key (schema, state[i].key))
      g_settings_bind (self->settings, state[i].key, window, state[i].property, G_SETTINGS_BIND_DEFAULT);
}

static void
on_signed_in (RtccSigninWindow *signin,
              const char       *operator_id,
              gboolean          unlocked,
              RtccApplication  *self)
{
  RtccWindow *window = find_main_window (self);

  rtcc_application_set_operator_id (self, operator_id);
  /* RMS lookups are audited under the operator who signed in. */
  rtcc_onesolution_integration_set_operator_id (
    RTCC_ONESOLUTION_INTEGRATION (rtcc_registry_get_for_source (self->registry, RTCC_SOURCE_ONESOLUTION)),
    operator_id);
  if (window == NULL)
    return;
  gtk_window_present (GTK_WINDOW (window));
  rtcc_signin_window_watch (signin, GTK_WINDOW (window));
  if (!unlocked && self->screenshot == NULL)
    show_view (self, window);
}

/* Whatever the session showed goes out of sight; NCIC answers are
 * closed, which wipes them. */
static void
on_locked (RtccSigninWindow *signin,
           RtccApplication  *self)
{
  g_autoptr(GList) windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));

  for (GList *l = windows; l != NULL; l = l->next)
    {
      if (l->data == (gpointer) signin)
        continue;
      if (RTCC_IS_NESS_DIALOG (l->data))
        gtk_window_close (l->data);
      else
        gtk_widget_set_visible (l->data, FALSE);
    }
}

/* Input in any of the session's windows (a query dialog, the audit
 * viewer) keeps it open, not only in the main window. */
static void
on_window_added (RtccApplication *self,
                 GtkWindow       *window)
{
  if (self->signin != NULL && window != GTK_WINDOW (self->signin) &&
      rtcc_signin_window_get_operator_id (self->signin) != NULL)
    rtcc_signin_window_watch (self->signin, window);
}

static GtkWindow *
start_signin (RtccApplication *self)
{
  const char *demo_operator = rtcc_config_get (self->config, "NESS_OPERATOR_ID");

  self->signin = rtcc_signin_window_new (self->config, self->audit, self->settings);
  g_object_add_weak_pointer (G_OBJECT (self->signin), (gpointer *) &self->signin);
  gtk_window_set_application (GTK_WINDOW (self->signin), GTK_APPLICATION (self));
  g_signal_connect_object (self->signin, "signed-in", G_CALLBACK (on_signed_in), self, 0);
  g_signal_connect_object (self->signin, "locked", G_CALLBACK (on_locked), self, 0);
  g_signal_connect (self, "window-added", G_CALLBACK (on_window_added), NULL);

  /* The demo signs in as the simulator's operator, on record like any
   * other sign-in, so `make run` opens on the map. */
  if (self->demo && self->screenshot == NULL && demo_operator != NULL)
    rtcc_signin_window_submit (self->signin, demo_operator);
  else
    gtk_window_present (GTK_WINDOW (self->signin));
  return GTK_WINDOW (self->signin);
}

static void
rtcc_application_activate (GApplication *application)
{
  RtccApplication *self = RTCC_APPLICATION (application);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkWindow *shown;

  if (window != NULL)
    {
      /* A second launch must not show what a lock hides. */
      if (self->signin != NULL && (rtcc_signin_window_get_operator_id (self->signin) == NULL ||
                                   rtcc_signin_window_is_session_locked (self->signin)))
        window = GTK_WINDOW (self->signin);
      gtk_window_present (window);
      return;
    }

  window = GTK_WINDOW (rtcc_window_new (GTK_APPLICATION (self), self->config,
                                        G_LIST_MODEL (self->registry), self->monitor,
                                        G_LIST_MODEL (self->events)));
  if (self->screenshot == NULL)
    bind_window_state (self, window);
  else
    {
      /* The window's own margins vary with the display; sizing the
       * content gives images of the same size everywhere. */
      gtk_window_set_decorated (window, FALSE);
      gtk_window_set_default_size (window, SCREENSHOT_WIDTH, SCREENSHOT_HEIGHT);
      gtk_widget_set_size_request (gtk_window_get_child (window), SCREENSHOT_WIDTH, SCREENSHOT_HEIGHT);
    }
  g_signal_connect_object (self->bolo_watch, "match", G_CALLBACK (rtcc_window_notify_bolo_match),
                           window, G_CONNECT_SWAPPED);
  if (self->demo_problem != NULL)
    {
      AdwToast *toast = adw_toast_new (self->demo_problem);

      adw_toast_set_timeout (toast, 0);
      rtcc_window_add_toast (RTCC_WINDOW (window), toast);
    }

  /* Screenshots show the window itself, unless they are of the sign-in. */
  if (self->screenshot == NULL || g_strcmp0 (self->view, "signin") == 0)
    shown = start_signin (self);
  else
    {
      gtk_window_present (window);
      shown = show_view (self, RTCC_WINDOW (window));
    }

  /* The plate-track view takes its own once the track is drawn. */
  if (self->screenshot != NULL && !self->screenshot_deferred)
    start_screenshot (self, shown);
}

static int
rtcc_application_handle_local_options (GApplication *application,
                                       GVariantDict *options)
{
  RtccApplication *self = RTCC_APPLICATION (application);
  gint64 seed = 1;

  g_variant_dict_lookup (options, "demo", "b", &self->demo);
  g_variant_dict_lookup (options, "screenshot", "^ay", &self->screenshot);
  g_variant_dict_lookup (options, "view", "s", &self->view);
  if (g_variant_dict_lookup (options, "seed", "x", &seed) && (seed < 0 || seed > G_MAXUINT))
    {
      g_printerr (_("--seed must be a whole number from 0 to %u\n"), G_MAXUINT);
      return 2;
    }
  self->seed = (guint) seed;

  if (self->view != NULL && !g_strv_contains (views, self->view))
    {
      g_autofree char *known = g_strjoinv (", ", (char **) views);

      g_printerr (_("Unknown view “%s”. Choose one of: %s\n"), self->view, known);
      return 2;
    }
  if (self->screenshot != NULL && *self->screenshot == '\0')
    {
      g_printerr (_("--screenshot needs a file name\n"));
      return 2;
    }

  return G_APPLICATION_CLASS (rtcc_application_parent_class)->handle_local_options (application, options);
}

static void
rtcc_application_dispose (GObject *object)
{
  RtccApplication *self = RTCC_APPLICATION (object);

  g_clear_object (&self->monitor);
  g_clear_object (&self->registry);
  g_clear_object (&self->events);
  g_clear_object (&self->store);
  g_clear_object (&self->audit);
  g_clear_object (&self->alerter);
  g_clear_object (&self->bolo_watch);
  g_clear_pointer (&self->pending, g_ptr_array_unref);
  g_clear_object (&self->settings);
  g_clear_object (&self->simulator);
  g_clear_object (&self->config);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (rtcc_application_parent_class)->dispose (object);
}

static void
rtcc_application_finalize (GObject *object)
{
  RtccApplication *self = RTCC_APPLICATION (object);

  g_free (self->screenshot);
  g_free (self->view);
  g_free (self->demo_problem);
  g_free (self->operator_id);

  G_OBJECT_CLASS (rtcc_application_parent_class)->finalize (object);
}

static void
rtcc_application_class_init (RtccApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = rtcc_application_dispose;
  object_class->finalize = rtcc_application_finalize;
  app_class->startup = rtcc_application_startup;
  app_class->shutdown = rtcc_application_shutdown;
  app_class->activate = rtcc_application_activate;
  app_class->handle_local_options = rtcc_application_handle_local_options;
}

static void
rtcc_application_init (RtccApplication *self)
{
  static const GOptionEntry entries[] = {
    { "demo", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Start the built-in vendor simulator and connect every integration to it"), NULL },
    { "screenshot", 0, 0, G_OPTION_ARG_FILENAME, NULL,
      N_("Write a PNG of the window to FILE and exit"), N_("FILE") },
    { "view", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("Open a view: map, feed, dashboard, preferences, shortcuts, about, video-wall, clip-export, plate-search, plate-track, bolos, hotlists, ness, audit, signin, incident, incident-search, person-search, case or bwc"), N_("NAME") },
    { "seed", 0, 0, G_OPTION_ARG_INT64, NULL,
      N_("World seed for the demo simulator"), N_("N") },
    { NULL }
  };

  self->seed = 1;
  g_application_add_main_option_entries (G_APPLICATION (self), entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("The RTCC-UIP Workstation"));
}

/**
 * rtcc_application_new:
 *
 * Returns: (transfer full): the application
 */
RtccApplication *
rtcc_application_new (void)
{
  /* Several workstations may run side by side under test and in demo
   * mode; each owns its own simulator and state. */
  return g_object_new (RTCC_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_NON_UNIQUE,
                       "resource-base-path", "/com/g3ti/Rtcc",
                       NULL);
}

/**
 * rtcc_application_get_config:
 *
 * Returns: (transfer none) (nullable): the configuration, once started
 */
RtccConfig *
rtcc_application_get_config (RtccApplication *self)
{
  g_return_val_if_fail (RTCC_IS_APPLICATION (self), NULL);
  return self->config;
}

/**
 * rtcc_application_get_registry:
 *
 * Returns: (transfer none) (nullable): the integrations, once started
 */
RtccRegistry *
rtcc_application_get_registry (RtccApplication *self)
{
  g_return_val_if_fail (RTCC_IS_APPLICATION (self), NULL);
  return self->registry;
}

/**
 * rtcc_application_get_health_monitor:
 *
 * Returns: (transfer none) (nullable): the health monitor, once started
 */
RtccHealthMonitor *
rtcc_application_get_health_monitor (RtccApplication *self)
{
  g_return_val_if_fail (RTCC_IS_APPLICATION (self), NULL);
  return self->monitor;
}

/**
 * rtcc_application_get_events:
 *
 * Returns: (transfer none) (nullable): the live events, once started
 */
RtccEventList *
rtcc_application_get_events (RtccApplication *self)
{
  g_return_val_if_fail (RTCC_IS_APPLICATION (self), NULL);
  return self->events;
}

/**
 * rtcc_application_get_settings:
 *
 * Returns: (transfer none) (nullable): the settings, or %NULL when the
 *   schema is not installed
 */
GSettings *
rtcc_application_get_settings (RtccApplication *self)
{
  g_return_val_if_fail (RTCC_IS_APPLICATION (self), NULL);
  return self->settings;
}

/**
 * rtcc_application_get_exit_status:
 *
 * Returns: non-zero when a requested screenshot could not be written
 */
int
rtcc_application_get_exit_status (RtccApplication *self)
{
  g_return_val_if_fail (RTCC_IS_APPLICATION (self), 1);
  return self->exit_status;
}

/**
 * rtcc_application_get_store:
 *
 * Returns: (transfer none) (nullable): the event history, once it is open
 */
RtccEventStore *
rtcc_application_get_store (RtccApplication *self)
{
  g_return_val_if_fail (RTCC_IS_APPLICATION (self), NULL);
  return self->store;
}

/**
 * rtcc_application_get_audit_log:
 *
 * Returns: (transfer none) (nullable): the audit log, or %NULL when it
 *   could not be opened (then audited actions are refused)
 */
RtccAuditLog *
rtcc_application_get_audit_log (RtccApplication *self)
{
  g_return_val_if_fail (RTCC_IS_APPLICATION (self), NULL);
  return self->audit;
}

/**
 * rtcc_application_get_alerter:
 *
 * Returns: (transfer none) (nullable): what notifies new alerts, once started
 */
RtccAlerter *
rtcc_application_get_alerter (RtccApplication *self)
{
  g_return_val_if_fail (RTCC_IS_APPLICATION (self), NULL);
  return self->alerter;
}

/**
 * rtcc_application_get_operator_id:
 *
 * Returns: who audit records name: the signed-in operator, or until
 *   sign-in the configured NESS_OPERATOR_ID, or the login name
 */
const char *
rtcc_application_get_operator_id (RtccApplication *self)
{
  const char *id;

  g_return_val_if_fail (RTCC_IS_APPLICATION (self), NULL);
  if (self->operator_id != NULL)
    return self->operator_id;
  id = self->config != NULL ? rtcc_config_get (self->config, "NESS_OPERATOR_ID") : NULL;
  return id != NULL && *id != '\0' ? id : g_get_user_name ();
}

/**
 * rtcc_application_set_operator_id:
 * @operator_id: (nullable): the operator who signed in, %NULL on sign-out
 */
void
rtcc_application_set_operator_id (RtccApplication *self,
                                  const char      *operator_id)
{
  g_return_if_fail (RTCC_IS_APPLICATION (self));
  g_free (self->operator_id);
  self->operator_id = g_strdup (operator_id);
}

/**
 * rtcc_application_get_bolo_watch:
 *
 * Returns: (transfer none) (nullable): the watch that checks plate reads
 *   against the active BOLOs, once started
 */
RtccBoloWatch *
rtcc_application_get_bolo_watch (RtccApplication *self)
{
  g_return_val_if_fail (RTCC_IS_APPLICATION (self), NULL);
  return self->bolo_watch;
}
