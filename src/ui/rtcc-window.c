/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccWindow"

#include "config.h"

#include <glib/gi18n.h>

#include "milestone/rtcc-milestone-integration.h"
#include "rtcc-video-wall.h"
#include "rtcc-application.h"
#include "rtcc-audit-window.h"
#include "rtcc-incident-search-dialog.h"
#include "rtcc-bwc-window.h"
#include "rtcc-incident-window.h"
#include "rtcc-person-search-dialog.h"
#include "rtcc-ness-dialog.h"
#include "rtcc-window.h"
#include "rtcc-session-window.h"

/* Width the feed column opens with, beside the map. */
#define FEED_WIDTH 460

/**
 * RtccWindow:
 *
 * The workstation's main window: the health indicator in the header, the
 * map in the centre and the event feed with its detail pane beside it.
 */
struct _RtccWindow
{
  AdwApplicationWindow  parent_instance;

  RtccConfig           *config;
  GListModel           *integrations;
  RtccHealthMonitor    *monitor;
  GListModel           *events;
  RtccHealthSummary    *summary;
  RtccStatusDashboard  *dashboard;   /* weak */
  RtccCameraModel      *cameras;
  RtccVideoWall        *video_wall;  /* weak */
  gboolean              feed_placed;

  AdwToastOverlay      *toast_overlay;
  GtkWidget            *health_button;
  GtkWidget            *health_dot;
  GtkLabel             *health_label;
  GtkPaned             *main_paned;
  RtccMapView          *map_view;
  RtccEventFeed        *feed;
  RtccEvent            *match_bolo;  /* the last BOLO match, for its toast */
  RtccEvent            *match_read;
};

G_DEFINE_FINAL_TYPE (RtccWindow, rtcc_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_CONFIG,
  PROP_INTEGRATIONS,
  PROP_HEALTH_MONITOR,
  PROP_EVENTS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const status_classes[] = {
  "status-online", "status-degraded", "status-offline", "status-disabled",
};

static void
update_health_indicator (RtccWindow *self)
{
  const char *label = rtcc_health_summary_get_label (self->summary);
  g_autofree char *tooltip = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (status_classes); i++)
    gtk_widget_remove_css_class (self->health_dot, status_classes[i]);
  gtk_widget_add_css_class (self->health_dot, rtcc_health_summary_get_css_class (self->summary));
  gtk_label_set_label (self->health_label, label);

  /* Translators: the tooltip of the header's health indicator */
  tooltip = g_strdup_printf (_("%s — open the integration status (Ctrl+D)"), label);
  gtk_widget_set_tooltip_text (self->health_button, tooltip);
}

/**
 * rtcc_window_show_dashboard:
 *
 * Presents the status dashboard, opening it if needed.
 *
 * Returns: (transfer none): the dashboard
 */
RtccStatusDashboard *
rtcc_window_show_dashboard (RtccWindow *self)
{
  g_return_val_if_fail (RTCC_IS_WINDOW (self), NULL);

  if (self->dashboard == NULL)
    {
      self->dashboard = rtcc_status_dashboard_new (self->integrations, self->monitor);
      g_object_add_weak_pointer (G_OBJECT (self->dashboard), (gpointer *) &self->dashboard);
      gtk_window_set_transient_for (GTK_WINDOW (self->dashboard), GTK_WINDOW (self));
      gtk_window_set_hide_on_close (GTK_WINDOW (self->dashboard), FALSE);
    }
  gtk_window_present (GTK_WINDOW (self->dashboard));
  return self->dashboard;
}

static void
show_dashboard_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  rtcc_window_show_dashboard (RTCC_WINDOW (widget));
}

static void
check_all_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(RtccWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!rtcc_health_monitor_check_all_finish (RTCC_HEALTH_MONITOR (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    rtcc_window_add_toast (self, adw_toast_new (error->message));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.check-now", TRUE);
}

static void
check_now_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  RtccWindow *self = RTCC_WINDOW (widget);

  if (self->dashboard != NULL)
    {
      rtcc_status_dashboard_check_now (self->dashboard);
      return;
    }
  if (self->monitor == NULL)
    return;
  gtk_widget_action_set_enabled (widget, "win.check-now", FALSE);
  rtcc_window_add_toast (self, adw_toast_new (_("Checking every integration…")));
  rtcc_health_monitor_check_all_async (self->monitor, NULL, check_all_cb, g_object_ref (self));
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  rtcc_event_feed_focus_search (RTCC_WINDOW (widget)->feed);
}

static void
focus_map_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  rtcc_map_view_focus (RTCC_WINDOW (widget)->map_view);
}

static void
focus_feed_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  rtcc_event_feed_focus_list (RTCC_WINDOW (widget)->feed);
}

/**
 * rtcc_window_show_ness_dialog:
 * @event: (nullable): an event whose person or plate fills the query
 *
 * Opens a new NCIC query dialog for this window.
 *
 * Returns: (transfer none): the dialog
 */
RtccNessDialog *
rtcc_window_show_ness_dialog (RtccWindow *self,
                              RtccEvent  *event)
{
  RtccNessIntegration *ness = NULL;
  RtccNessDialog *dialog;
  guint n;

  g_return_val_if_fail (RTCC_IS_WINDOW (self), NULL);

  n = g_list_model_get_n_items (self->integrations);
  for (guint i = 0; i < n && ness == NULL; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (self->integrations, i);

      if (RTCC_IS_NESS_INTEGRATION (item))
        ness = RTCC_NESS_INTEGRATION (item);
    }
  dialog = rtcc_ness_dialog_new (ness);
  if (event != NULL)
    rtcc_ness_dialog_fill_from_event (dialog, event);
  rtcc_session_window_present (GTK_WINDOW (dialog), GTK_WINDOW (self));
  return dialog;
}

static void
audit_log_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  RtccWindow *self = RTCC_WINDOW (widget);
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));
  RtccAuditWindow *viewer;

  if (!RTCC_IS_APPLICATION (application) ||
      rtcc_application_get_audit_log (RTCC_APPLICATION (application)) == NULL)
    {
      rtcc_window_add_toast (self, adw_toast_new (_("The audit log is not open. Check the data folder and restart the workstation.")));
      return;
    }
  viewer = rtcc_audit_window_new (rtcc_application_get_audit_log (RTCC_APPLICATION (application)),
                                  rtcc_application_get_operator_id (RTCC_APPLICATION (application)),
                                  self->config ? rtcc_config_get (self->config, "NESS_ORI") : NULL);
  rtcc_session_window_present (GTK_WINDOW (viewer), GTK_WINDOW (self));
}

static GObject *
find_integration (RtccWindow *self,
                  GType       type)
{
  guint n = g_list_model_get_n_items (self->integrations);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (self->integrations, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (item, type))
        return item;
    }
  return NULL;
}

static void
open_incident_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  RtccWindow *self = RTCC_WINDOW (widget);
  RtccEvent *event = rtcc_event_feed_get_selected_event (self->feed);
  RtccIncidentWindow *incident;

  if (event == NULL || (rtcc_event_get_event_type (event) != RTCC_EVENT_TYPE_INCIDENT_CREATED &&
                        rtcc_event_get_event_type (event) != RTCC_EVENT_TYPE_INCIDENT_UPDATED))
    return;
  /* The registry holds the integrations for the window's whole life. */
  incident = rtcc_incident_window_new (
    (RtccOnesolutionIntegration *) find_integration (self, RTCC_TYPE_ONESOLUTION_INTEGRATION),
    (RtccNessIntegration *) find_integration (self, RTCC_TYPE_NESS_INTEGRATION),
    event);
  rtcc_session_window_present (GTK_WINDOW (incident), GTK_WINDOW (self));
}

/**
 * rtcc_window_show_bwc:
 * @incident: (nullable): list the recordings linked to this incident
 *
 * Opens the body-worn camera window, on today's recordings or on
 * @incident's.
 *
 * Returns: (transfer none) (nullable): the window, or %NULL without the
 *   integration (a toast says so)
 */
RtccBwcWindow *
rtcc_window_show_bwc (RtccWindow *self,
                      const char *incident)
{
  RtccBwcIntegration *bwc = (RtccBwcIntegration *) find_integration (self, RTCC_TYPE_BWC_INTEGRATION);
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));
  RtccApplication *rtcc = RTCC_IS_APPLICATION (application) ? RTCC_APPLICATION (application) : NULL;
  RtccBwcWindow *window;

  if (bwc == NULL)
    {
      rtcc_window_add_toast (self, adw_toast_new (_("The body-worn camera integration is not configured. Set it up in Preferences.")));
      return NULL;
    }
  window = rtcc_bwc_window_new (bwc, rtcc != NULL ? rtcc_application_get_audit_log (rtcc) : NULL,
                                rtcc != NULL ? rtcc_application_get_operator_id (rtcc) : NULL);
  if (incident != NULL)
    rtcc_bwc_window_search_incident (window, incident);
  rtcc_session_window_present (GTK_WINDOW (window), GTK_WINDOW (self));
  return window;
}

static void
bwc_recordings_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  rtcc_window_show_bwc (RTCC_WINDOW (widget), NULL);
}

/* For other windows (an incident's) to show its recordings. */
static void
bwc_for_incident_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  rtcc_window_show_bwc (RTCC_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

/* Fills the query from the selected event when it names a person or a
 * plate, so the detail pane's button and Ctrl+Shift+N agree. */
static void
ness_query_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  RtccWindow *self = RTCC_WINDOW (widget);

  rtcc_window_show_ness_dialog (self, rtcc_event_feed_get_selected_event (self->feed));
}

static void
clear_selection_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  rtcc_event_feed_clear_selection (RTCC_WINDOW (widget)->feed);
}

static void
video_wall_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  rtcc_window_show_video_wall (RTCC_WINDOW (widget));
}

static void
cameras_for_event_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  RtccWindow *self = RTCC_WINDOW (widget);

  rtcc_window_show_cameras_for_event (self, rtcc_event_feed_get_selected_event (self->feed));
}

/* A camera alert's clip: the minutes around it, from its camera. */
static void
export_clip_for_event_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  RtccWindow *self = RTCC_WINDOW (widget);
  RtccEvent *event = rtcc_event_feed_get_selected_event (self->feed);
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));
  RtccClipExportDialog *dialog;
  const char *camera_id;
  RtccCamera *camera;

  camera_id = event != NULL ? rtcc_event_get_attribute_string (event, "camera_id") : NULL;
  if (camera_id == NULL)
    return;
  camera = rtcc_camera_model_lookup (self->cameras, camera_id);
  dialog = rtcc_clip_export_dialog_new (rtcc_camera_model_get_milestone (self->cameras), camera_id,
                                        camera != NULL ? rtcc_camera_get_name (camera) : NULL);
  if (rtcc_event_get_occurred_at (event) != NULL)
    rtcc_clip_export_dialog_set_around (dialog, rtcc_event_get_occurred_at (event));
  if (RTCC_IS_APPLICATION (application))
    rtcc_clip_export_dialog_set_audit (dialog,
                                       rtcc_application_get_audit_log (RTCC_APPLICATION (application)),
                                       rtcc_application_get_operator_id (RTCC_APPLICATION (application)));
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  rtcc_session_window_present (GTK_WINDOW (dialog), GTK_WINDOW (self));
}

static void
open_camera (RtccWindow *self,
             const char *camera_id)
{
  rtcc_video_wall_open_camera (rtcc_window_show_video_wall (self), camera_id, -1);
}

static RtccMilestoneIntegration *
find_milestone (GListModel *integrations)
{
  guint n = integrations != NULL ? g_list_model_get_n_items (integrations) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) integration = g_list_model_get_item (integrations, i);

      if (RTCC_IS_MILESTONE_INTEGRATION (integration))
        return RTCC_MILESTONE_INTEGRATION (integration);
    }
  return NULL;
}

static void
on_show_track (RtccWindow *self,
               GListModel *track)
{
  g_autoptr(RtccEvent) first = g_list_model_get_item (track, 0);

  /* The reads join the live list, so the map draws them with the rest
   * and the feed's selection walks the track from its oldest read. */
  if (RTCC_IS_EVENT_LIST (self->events))
    for (guint i = 0; i < g_list_model_get_n_items (track); i++)
      {
        g_autoptr(RtccEvent) read = g_list_model_get_item (track, i);

        rtcc_event_list_add (RTCC_EVENT_LIST (self->events), read);
      }
  if (first != NULL)
    rtcc_event_feed_select_event (self->feed, first);
  gtk_window_present (GTK_WINDOW (self));
}

/**
 * rtcc_window_show_events:
 * @events: a #GListModel of #RtccEvent, the first to select
 *
 * Adds events found elsewhere (searches, related material) to the live
 * list, so the map draws them, and selects the first in the feed.
 */
void
rtcc_window_show_events (RtccWindow *self,
                         GListModel *events)
{
  g_return_if_fail (RTCC_IS_WINDOW (self));
  g_return_if_fail (G_IS_LIST_MODEL (events));

  on_show_track (self, events);
}

/**
 * rtcc_window_show_plate_search:
 * @self: a #RtccWindow
 *
 * Opens a plate search on the application's Flock integration, history
 * and audit log.
 *
 * Returns: (transfer none): the dialog
 */
RtccPlateSearchDialog *
rtcc_window_show_plate_search (RtccWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  RtccApplication *rtcc = RTCC_IS_APPLICATION (app) ? RTCC_APPLICATION (app) : NULL;
  RtccRegistry *registry = rtcc != NULL ? rtcc_application_get_registry (rtcc) : NULL;
  RtccIntegration *flock = registry != NULL ? rtcc_registry_get_for_source (registry, RTCC_SOURCE_FLOCK) : NULL;
  RtccPlateSearchDialog *dialog;

  dialog = rtcc_plate_search_dialog_new (RTCC_IS_FLOCK_INTEGRATION (flock) ? RTCC_FLOCK_INTEGRATION (flock) : NULL,
                                         rtcc != NULL ? rtcc_application_get_store (rtcc) : NULL,
                                         rtcc != NULL ? rtcc_application_get_audit_log (rtcc) : NULL,
                                         rtcc != NULL ? rtcc_application_get_operator_id (rtcc) : NULL);
  rtcc_plate_search_dialog_set_map_view (dialog, self->map_view);
  g_signal_connect_object (dialog, "show-track", G_CALLBACK (on_show_track), self, G_CONNECT_SWAPPED);
  rtcc_session_window_present (GTK_WINDOW (dialog), GTK_WINDOW (self));
  return dialog;
}

/**
 * rtcc_window_show_bolos:
 * @self: a #RtccWindow
 *
 * Opens the HotSheets BOLOs: the active list and the new-BOLO form.
 *
 * Returns: (transfer none): the dialog
 */
RtccBoloDialog *
rtcc_window_show_bolos (RtccWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  RtccApplication *rtcc = RTCC_IS_APPLICATION (app) ? RTCC_APPLICATION (app) : NULL;
  RtccRegistry *registry = rtcc != NULL ? rtcc_application_get_registry (rtcc) : NULL;
  RtccIntegration *hotsheets = registry != NULL ? rtcc_registry_get_for_source (registry, RTCC_SOURCE_HOTSHEETS) : NULL;
  RtccBoloDialog *dialog;

  dialog = rtcc_bolo_dialog_new (RTCC_IS_HOTSHEETS_INTEGRATION (hotsheets) ? RTCC_HOTSHEETS_INTEGRATION (hotsheets) : NULL,
                                 rtcc != NULL ? rtcc_application_get_audit_log (rtcc) : NULL,
                                 rtcc != NULL ? rtcc_application_get_operator_id (rtcc) : NULL);
  rtcc_session_window_present (GTK_WINDOW (dialog), GTK_WINDOW (self));
  return dialog;
}

/**
 * rtcc_window_show_hotlists:
 * @self: a #RtccWindow
 *
 * Opens the Flock hotlists: browse, add, remove and import plates.
 *
 * Returns: (transfer none): the window
 */
RtccHotlistWindow *
rtcc_window_show_hotlists (RtccWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  RtccApplication *rtcc = RTCC_IS_APPLICATION (app) ? RTCC_APPLICATION (app) : NULL;
  RtccRegistry *registry = rtcc != NULL ? rtcc_application_get_registry (rtcc) : NULL;
  RtccIntegration *flock = registry != NULL ? rtcc_registry_get_for_source (registry, RTCC_SOURCE_FLOCK) : NULL;
  RtccHotlistWindow *hotlists;

  hotlists = rtcc_hotlist_window_new (RTCC_IS_FLOCK_INTEGRATION (flock) ? RTCC_FLOCK_INTEGRATION (flock) : NULL,
                                      rtcc != NULL ? rtcc_application_get_audit_log (rtcc) : NULL,
                                      rtcc != NULL ? rtcc_application_get_operator_id (rtcc) : NULL);
  rtcc_session_window_present (GTK_WINDOW (hotlists), GTK_WINDOW (self));
  return hotlists;
}

static void
hotlists_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  rtcc_window_show_hotlists (RTCC_WINDOW (widget));
}

static void
bolos_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  rtcc_window_show_bolos (RTCC_WINDOW (widget));
}

/**
 * rtcc_window_show_incident_search:
 * @self: a #RtccWindow
 *
 * Opens an RMS incident search; its results can join the map and feed.
 *
 * Returns: (transfer none): the dialog
 */
RtccIncidentSearchDialog *
rtcc_window_show_incident_search (RtccWindow *self)
{
  RtccIncidentSearchDialog *dialog;

  dialog = rtcc_incident_search_dialog_new (
    (RtccOnesolutionIntegration *) find_integration (self, RTCC_TYPE_ONESOLUTION_INTEGRATION),
    (RtccNessIntegration *) find_integration (self, RTCC_TYPE_NESS_INTEGRATION));
  rtcc_incident_search_dialog_set_map_view (dialog, self->map_view);
  g_signal_connect_object (dialog, "show-on-map", G_CALLBACK (on_show_track), self, G_CONNECT_SWAPPED);
  rtcc_session_window_present (GTK_WINDOW (dialog), GTK_WINDOW (self));
  return dialog;
}

/**
 * rtcc_window_show_person_search:
 * @self: a #RtccWindow
 *
 * Opens an RMS person search.
 *
 * Returns: (transfer none): the dialog
 */
RtccPersonSearchDialog *
rtcc_window_show_person_search (RtccWindow *self)
{
  RtccPersonSearchDialog *dialog;

  dialog = rtcc_person_search_dialog_new (
    (RtccOnesolutionIntegration *) find_integration (self, RTCC_TYPE_ONESOLUTION_INTEGRATION),
    (RtccNessIntegration *) find_integration (self, RTCC_TYPE_NESS_INTEGRATION));
  rtcc_session_window_present (GTK_WINDOW (dialog), GTK_WINDOW (self));
  return dialog;
}

static void
rms_incidents_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  rtcc_window_show_incident_search (RTCC_WINDOW (widget));
}

static void
rms_persons_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  rtcc_window_show_person_search (RTCC_WINDOW (widget));
}

static void
plate_search_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  rtcc_window_show_plate_search (RTCC_WINDOW (widget));
}

/**
 * rtcc_window_show_bolo_match:
 * @self: a #RtccWindow
 * @bolo: the active BOLO
 * @read: the plate read that may be its vehicle
 *
 * Returns: (transfer none): the dialog comparing the two
 */
RtccBoloMatchDialog *
rtcc_window_show_bolo_match (RtccWindow *self,
                             RtccEvent  *bolo,
                             RtccEvent  *read)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  RtccApplication *rtcc = RTCC_IS_APPLICATION (app) ? RTCC_APPLICATION (app) : NULL;
  RtccBoloMatchDialog *dialog;

  dialog = rtcc_bolo_match_dialog_new (bolo, read, rtcc != NULL ? rtcc_application_get_audit_log (rtcc) : NULL,
                                       rtcc != NULL ? rtcc_application_get_operator_id (rtcc) : NULL);
  rtcc_session_window_present (GTK_WINDOW (dialog), GTK_WINDOW (self));
  return dialog;
}

static void
review_bolo_match_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  RtccWindow *self = RTCC_WINDOW (widget);

  if (self->match_bolo != NULL && self->match_read != NULL)
    rtcc_window_show_bolo_match (self, self->match_bolo, self->match_read);
}

/**
 * rtcc_window_notify_bolo_match:
 * @self: a #RtccWindow
 * @bolo: the active BOLO
 * @read: the plate read that may be its vehicle
 *
 * Tells the operator with a toast that stays until reviewed or closed.
 */
void
rtcc_window_notify_bolo_match (RtccWindow *self,
                               RtccEvent  *bolo,
                               RtccEvent  *read)
{
  const char *plate = rtcc_event_get_attribute_string (read, "plate_number");
  const char *bolo_id = rtcc_event_get_attribute_string (bolo, "bolo_id");
  g_autofree char *title = NULL;
  AdwToast *toast;

  g_return_if_fail (RTCC_IS_WINDOW (self));

  g_set_object (&self->match_bolo, bolo);
  g_set_object (&self->match_read, read);
  title = g_strdup_printf (_("Plate %s may match BOLO %s"), plate != NULL ? plate : "?", bolo_id != NULL ? bolo_id : "?");
  toast = adw_toast_new (title);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_set_timeout (toast, 0);
  adw_toast_set_button_label (toast, _("_Review"));
  adw_toast_set_action_name (toast, "win.review-bolo-match");
  rtcc_window_add_toast (self, toast);
}

static void
rtcc_window_constructed (GObject *object)
{
  RtccWindow *self = RTCC_WINDOW (object);

  G_OBJECT_CLASS (rtcc_window_parent_class)->constructed (object);

  self->summary = rtcc_health_summary_new (self->integrations);
  g_signal_connect_object (self->summary, "notify::label",
                           G_CALLBACK (update_health_indicator), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->summary, "notify::css-class",
                           G_CALLBACK (update_health_indicator), self, G_CONNECT_SWAPPED);
  update_health_indicator (self);

  rtcc_event_feed_set_model (self->feed, self->events);
  rtcc_map_view_set_config (self->map_view, self->config);
  rtcc_map_view_set_events (self->map_view, self->events);
  /* One selection: the feed's row and the map's marker follow each other. */
  g_object_bind_property (self->feed, "selected-event", self->map_view, "selected-event",
                          G_BINDING_SYNC_CREATE);
  g_signal_connect_object (self->map_view, "event-activated",
                           G_CALLBACK (rtcc_event_feed_select_event), self->feed, G_CONNECT_SWAPPED);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.check-now", self->monitor != NULL);

  /* One camera listing for the map and the video wall. */
  self->cameras = rtcc_camera_model_new (find_milestone (self->integrations));
  rtcc_map_view_set_cameras (self->map_view, G_LIST_MODEL (self->cameras));
  g_signal_connect_object (self->map_view, "camera-activated",
                           G_CALLBACK (open_camera), self, G_CONNECT_SWAPPED);
}

static void
rtcc_window_size_allocate (GtkWidget *widget,
                           int        width,
                           int        height,
                           int        baseline)
{
  RtccWindow *self = RTCC_WINDOW (widget);

  /* The paned measures from the map's side; give the feed its width on
   * the first allocation, then leave it to the analyst. Set before the
   * children are allocated, so this frame already uses it. */
  if (!self->feed_placed && width > FEED_WIDTH * 2)
    {
      self->feed_placed = TRUE;
      gtk_paned_set_position (self->main_paned, width - FEED_WIDTH);
    }

  GTK_WIDGET_CLASS (rtcc_window_parent_class)->size_allocate (widget, width, height, baseline);
}

static void
rtcc_window_dispose (GObject *object)
{
  RtccWindow *self = RTCC_WINDOW (object);

  if (self->dashboard != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->dashboard), (gpointer *) &self->dashboard);
      gtk_window_destroy (GTK_WINDOW (self->dashboard));
      self->dashboard = NULL;
    }
  if (self->video_wall != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->video_wall), (gpointer *) &self->video_wall);
      gtk_window_destroy (GTK_WINDOW (self->video_wall));
      self->video_wall = NULL;
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), RTCC_TYPE_WINDOW);
  g_clear_object (&self->cameras);
  g_clear_object (&self->summary);
  g_clear_object (&self->config);
  g_clear_object (&self->integrations);
  g_clear_object (&self->monitor);
  g_clear_object (&self->events);
  g_clear_object (&self->match_bolo);
  g_clear_object (&self->match_read);

  G_OBJECT_CLASS (rtcc_window_parent_class)->dispose (object);
}

static void
rtcc_window_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  RtccWindow *self = RTCC_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONFIG:
      g_value_set_object (value, self->config);
      break;
    case PROP_INTEGRATIONS:
      g_value_set_object (value, self->integrations);
      break;
    case PROP_HEALTH_MONITOR:
      g_value_set_object (value, self->monitor);
      break;
    case PROP_EVENTS:
      g_value_set_object (value, self->events);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rtcc_window_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  RtccWindow *self = RTCC_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONFIG:
      self->config = g_value_dup_object (value);
      break;
    case PROP_INTEGRATIONS:
      self->integrations = g_value_dup_object (value);
      break;
    case PROP_HEALTH_MONITOR:
      self->monitor = g_value_dup_object (value);
      break;
    case PROP_EVENTS:
      self->events = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rtcc_window_class_init (RtccWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = rtcc_window_constructed;
  object_class->dispose = rtcc_window_dispose;
  object_class->get_property = rtcc_window_get_property;
  object_class->set_property = rtcc_window_set_property;
  widget_class->size_allocate = rtcc_window_size_allocate;

  properties[PROP_CONFIG] =
    g_param_spec_object ("config", NULL, NULL, RTCC_TYPE_CONFIG,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_INTEGRATIONS] =
    g_param_spec_object ("integrations", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HEALTH_MONITOR] =
    g_param_spec_object ("health-monitor", NULL, NULL, RTCC_TYPE_HEALTH_MONITOR,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_EVENTS] =
    g_param_spec_object ("events", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (RTCC_TYPE_MAP_VIEW);
  g_type_ensure (RTCC_TYPE_EVENT_FEED);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/g3ti/Rtcc/rtcc-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RtccWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, RtccWindow, health_button);
  gtk_widget_class_bind_template_child (widget_class, RtccWindow, health_dot);
  gtk_widget_class_bind_template_child (widget_class, RtccWindow, health_label);
  gtk_widget_class_bind_template_child (widget_class, RtccWindow, main_paned);
  gtk_widget_class_bind_template_child (widget_class, RtccWindow, map_view);
  gtk_widget_class_bind_template_child (widget_class, RtccWindow, feed);

  gtk_widget_class_install_action (widget_class, "win.show-dashboard", NULL, show_dashboard_action);
  gtk_widget_class_install_action (widget_class, "win.check-now", NULL, check_now_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.focus-map", NULL, focus_map_action);
  gtk_widget_class_install_action (widget_class, "win.plate-search", NULL, plate_search_action);
  gtk_widget_class_install_action (widget_class, "win.review-bolo-match", NULL, review_bolo_match_action);
  gtk_widget_class_install_action (widget_class, "win.bolos", NULL, bolos_action);
  gtk_widget_class_install_action (widget_class, "win.hotlists", NULL, hotlists_action);
  gtk_widget_class_install_action (widget_class, "win.focus-feed", NULL, focus_feed_action);
  gtk_widget_class_install_action (widget_class, "win.clear-selection", NULL, clear_selection_action);
  gtk_widget_class_install_action (widget_class, "win.video-wall", NULL, video_wall_action);
  gtk_widget_class_install_action (widget_class, "win.cameras-for-event", NULL, cameras_for_event_action);
  gtk_widget_class_install_action (widget_class, "win.export-clip-for-event", NULL, export_clip_for_event_action);
  gtk_widget_class_install_action (widget_class, "win.ness-query", NULL, ness_query_action);
  gtk_widget_class_install_action (widget_class, "win.audit-log", NULL, audit_log_action);
  gtk_widget_class_install_action (widget_class, "win.open-incident", NULL, open_incident_action);
  gtk_widget_class_install_action (widget_class, "win.rms-incidents", NULL, rms_incidents_action);
  gtk_widget_class_install_action (widget_class, "win.rms-persons", NULL, rms_persons_action);
  gtk_widget_class_install_action (widget_class, "win.bwc-recordings", NULL, bwc_recordings_action);
  gtk_widget_class_install_action (widget_class, "win.bwc-for-incident", "s", bwc_for_incident_action);
  /* A binding, not an application accel: it runs only when the focused
   * widget (a search entry, say) did not use Escape itself. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.clear-selection", NULL);
}

static void
rtcc_window_init (RtccWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * rtcc_window_new:
 * @application: (nullable): the application
 * @config: (nullable): the configuration (map tiles)
 * @integrations: a #GListModel of #RtccIntegration, such as an #RtccRegistry
 * @monitor: (nullable): the health monitor behind "Check Now"
 * @events: a #GListModel of #RtccEvent, newest first
 *
 * Returns: (transfer full): the window
 */
RtccWindow *
rtcc_window_new (GtkApplication    *application,
                 RtccConfig        *config,
                 GListModel        *integrations,
                 RtccHealthMonitor *monitor,
                 GListModel        *events)
{
  return g_object_new (RTCC_TYPE_WINDOW,
                       "application", application,
                       "config", config,
                       "integrations", integrations,
                       "health-monitor", monitor,
                       "events", events,
                       NULL);
}

/**
 * rtcc_window_get_feed:
 *
 * Returns: (transfer none): the event feed
 */
RtccEventFeed *
rtcc_window_get_feed (RtccWindow *self)
{
  g_return_val_if_fail (RTCC_IS_WINDOW (self), NULL);
  return self->feed;
}

/**
 * rtcc_window_get_map_view:
 *
 * Returns: (transfer none): the map
 */
RtccMapView *
rtcc_window_get_map_view (RtccWindow *self)
{
  g_return_val_if_fail (RTCC_IS_WINDOW (self), NULL);
  return self->map_view;
}

/**
 * rtcc_window_get_health_summary:
 *
 * Returns: (transfer none): what the header's indicator shows
 */
RtccHealthSummary *
rtcc_window_get_health_summary (RtccWindow *self)
{
  g_return_val_if_fail (RTCC_IS_WINDOW (self), NULL);
  return self->summary;
}

/**
 * rtcc_window_get_health_button:
 *
 * Returns: (transfer none): the header's indicator button
 */
GtkWidget *
rtcc_window_get_health_button (RtccWindow *self)
{
  g_return_val_if_fail (RTCC_IS_WINDOW (self), NULL);
  return self->health_button;
}

/**
 * rtcc_window_add_toast:
 * @toast: (transfer full): the toast
 */
void
rtcc_window_add_toast (RtccWindow *self,
                       AdwToast   *toast)
{
  g_return_if_fail (RTCC_IS_WINDOW (self));
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/**
 * rtcc_window_show_video_wall:
 *
 * Opens the video wall, or raises it when it is open.
 *
 * Returns: (transfer none): the video wall
 */
RtccVideoWall *
rtcc_window_show_video_wall (RtccWindow *self)
{
  g_return_val_if_fail (RTCC_IS_WINDOW (self), NULL);

  if (self->video_wall == NULL)
    {
      self->video_wall = rtcc_video_wall_new (gtk_window_get_application (GTK_WINDOW (self)),
                                              self->cameras);
      g_object_add_weak_pointer (G_OBJECT (self->video_wall), (gpointer *) &self->video_wall);
    }
  gtk_window_present (GTK_WINDOW (self->video_wall));
  return self->video_wall;
}

static GStrv
strv_head (GStrv strv,
           guint n)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < n && strv[i] != NULL; i++)
    g_strv_builder_add (builder, strv[i]);
  return g_strv_builder_end (builder);
}

/**
 * rtcc_window_show_cameras_for_event:
 * @event: (nullable): an event with a location
 *
 * Highlights on the map the cameras whose view covers the event's place
 * and opens the best ones in the video wall (as many as it shows, more
 * when more cameras see the place).
 *
 * Returns: how many cameras were opened
 */
guint
rtcc_window_show_cameras_for_event (RtccWindow *self,
                                    RtccEvent  *event)
{
  g_autoptr(GPtrArray) cameras = NULL;
  g_auto(GStrv) ids = NULL;
  g_auto(GStrv) seeing = NULL;
  g_auto(GStrv) best = NULL;
  RtccCameraLayer *layer;
  RtccVideoWall *wall;
  guint n_in_view = 0;
  guint wanted;
  double lat, lon;

  g_return_val_if_fail (RTCC_IS_WINDOW (self), 0);

  if (event == NULL || !rtcc_event_get_location (event, &lat, &lon))
    {
      rtcc_window_add_toast (self, adw_toast_new (_("This event has no location for cameras to look at.")));
      return 0;
    }
  cameras = rtcc_camera_model_to_array (self->cameras);
  if (cameras->len == 0)
    {
      rtcc_window_add_toast (self, adw_toast_new (_("No cameras are listed yet. Check Milestone XProtect in the status dashboard.")));
      return 0;
    }

  ids = rtcc_cameras_that_see (cameras, lat, lon, RTCC_VIDEO_WALL_MAX_TILES, &n_in_view);
  if (ids[0] == NULL)
    {
      rtcc_window_add_toast (self, adw_toast_new (_("No camera stands within a kilometre of this place.")));
      return 0;
    }
  seeing = strv_head (ids, n_in_view);
  layer = rtcc_map_view_get_camera_layer (self->map_view);
  if (layer != NULL)
    rtcc_camera_layer_set_highlighted (layer, (const char * const *) seeing);
  if (n_in_view == 0)
    rtcc_window_add_toast (self, adw_toast_new (_("No camera has this place in view; showing the nearest ones.")));

  wall = rtcc_window_show_video_wall (self);
  wanted = MAX (rtcc_video_wall_get_layout (wall), n_in_view);
  wanted = MIN (wanted, g_strv_length (ids));
  best = strv_head (ids, wanted);
  return rtcc_video_wall_open_cameras (wall, (const char * const *) best);
}
