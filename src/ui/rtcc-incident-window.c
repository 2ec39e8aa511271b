/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccIncidentWindow"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "rtcc-case-window.h"
#include "rtcc-application.h"
#include "rtcc-bwc-recording.h"
#include "rtcc-clip-export-dialog.h"
#include "rtcc-detail-field.h"
#include "rtcc-gunshot-history.h"
#include "rtcc-incident-window.h"
#include "rtcc-json.h"
#include "rtcc-person-row.h"
#include "rtcc-time.h"
#include "rtcc-ui-format.h"
#include "rtcc-window.h"
#include "rtcc-session-window.h"
#include "milestone/rtcc-camera-geometry.h"

/* "Nearby" for gunshots: within this distance and time of the incident. */
#define GUNSHOT_RADIUS_M 500.0
#define GUNSHOT_WINDOW_S (60 * 60)
/* Cameras beyond this cannot see a street address in practice. */
#define CAMERA_RANGE_M 1000.0

/**
 * RtccIncidentWindow:
 *
 * An RMS incident: its fields, its case and the case's persons, each
 * looked up in the RMS (which audits every lookup), with a button that
 * opens the NCIC query for that person.
 */
struct _RtccIncidentWindow
{
  AdwWindow                   parent_instance;

  RtccOnesolutionIntegration *rms;
  RtccNessIntegration        *ness;
  RtccEvent                  *incident;
  GListStore                 *fields;
  GListStore                 *persons;
  GCancellable               *cancellable;
  guint                       busy;

  AdwWindowTitle             *window_title;
  GtkSpinner                 *spinner;
  GtkLabel                   *status_label;
  GtkListBox                 *fields_list;
  GtkLabel                   *case_label;
  GtkListBox                 *persons_list;

  /* Related material, from the other integrations and the store. */
  gboolean                    related_set;
  gboolean                    looked_up;
  RtccEventStore             *store;
  RtccBwcIntegration         *bwc;
  RtccMilestoneIntegration   *milestone;
  RtccShotspotterIntegration *shotspotter;
  GListStore                 *recordings;
  GListStore                 *cameras;
  GListStore                 *gunshots;
  RtccEventList              *gunshot_history;
  GtkListBox                 *recordings_list;
  GtkLabel                   *recordings_label;
  GtkListBox                 *cameras_list;
  GtkLabel                   *cameras_label;
  GtkListBox                 *gunshots_list;
  GtkLabel                   *gunshots_label;
};

G_DEFINE_FINAL_TYPE (RtccIncidentWindow, rtcc_incident_window, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_RMS,
  PROP_NESS,
  PROP_INCIDENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_busy (RtccIncidentWindow *self,
          gboolean            busy)
{
  if (busy)
    self->busy++;
  else if (self->busy > 0)
    self->busy--;
  gtk_spinner_set_spinning (self->spinner, self->busy > 0);
}

static void
show_problem (RtccIncidentWindow *self,
              const char         *message)
{
  g_autofree char *text = NULL;
  const char *old = gtk_label_get_label (self->status_label);

  /* Several lookups may fail; keep every reason. */
  text = *old != '\0' ? g_strdup_printf ("%s\n%s", old, message) : g_strdup (message);
  gtk_label_set_label (self->status_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), TRUE);
}

static void
add_field (RtccIncidentWindow *self,
           const char         *name,
           const char         *value)
{
  g_autoptr(RtccDetailField) field = NULL;

  if (value == NULL || *value == '\0')
    return;
  field = rtcc_detail_field_new (name, value);
  g_list_store_append (self->fields, field);
}

static char *
attribute_text (RtccEvent  *event,
                const char *name)
{
  JsonObject *attributes = rtcc_event_get_attributes (event);
  JsonNode *node = attributes != NULL ? json_object_get_member (attributes, name) : NULL;
  g_autoptr(GString) out = NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  out = g_string_new (NULL);
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      /* incident_type: {code, description} */
      JsonObject *o = json_node_get_object (node);
      const char *code = rtcc_json_get_string (o, "code");
      const char *description = rtcc_json_get_string (o, "description");

      if (description != NULL)
        g_string_append (out, description);
      if (code != NULL)
        g_string_append_printf (out, out->len ? " (%s)" : "%s", code);
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *a = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (a); i++)
        {
          JsonNode *element = json_array_get_element (a, i);

          if (JSON_NODE_HOLDS_VALUE (element) && json_node_get_value_type (element) == G_TYPE_STRING)
            g_string_append_printf (out, "%s%s", out->len ? ", " : "", json_node_get_string (element));
        }
    }
  return out->len > 0 ? g_string_free (g_steal_pointer (&out), FALSE) : NULL;
}

static void
fill_incident (RtccIncidentWindow *self)
{
  static const struct {
    const char *attribute;
    const char *label;
  } rows[] = {
    { "incident_number", N_("Number") },
    { "incident_type", N_("Type") },
    { "status", N_("Status") },
    { "reported_at", N_("Reported") },
    { "responding_units", N_("Responding units") },
    { "case_number", N_("Case") },
  };
  const char *number = rtcc_event_get_attribute_string (self->incident, "incident_number");

  g_list_store_remove_all (self->fields);
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autofree char *value = attribute_text (self->incident, rows[i].attribute);

      /* Times in local time, as everywhere else; the RMS's own text when
       * it is not a time. */
      if (value != NULL && g_str_has_suffix (rows[i].attribute, "_at"))
        {
          g_autoptr(GDateTime) when = rtcc_time_parse_iso (value, NULL);

          if (when != NULL)
            {
              g_free (value);
              value = rtcc_ui_format_time (when);
            }
        }
      add_field (self, _(rows[i].label), value);
      if (i == 2)
        add_field (self, _("Address"), rtcc_event_get_address (self->incident));
    }
  adw_window_title_set_subtitle (self->window_title, number != NULL ? number : "");
}

static GtkWidget *
create_field_row (gpointer item,
                  gpointer user_data)
{
  RtccDetailField *field = item;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *value = gtk_label_new (rtcc_detail_field_get_value (field));

  /* RMS strings are text, never markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), rtcc_detail_field_get_name (field));
  gtk_label_set_selectable (GTK_LABEL (value), TRUE);
  gtk_label_set_wrap (GTK_LABEL (value), TRUE);
  gtk_label_set_xalign (GTK_LABEL (value), 1);
  gtk_label_set_max_width_chars (GTK_LABEL (value), 40);
  gtk_widget_set_hexpand (value, TRUE);
  gtk_widget_add_css_class (value, "dim-label");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), value);
  return row;
}

static void
query_person (RtccPersonItem *person,
              gpointer        user_data)
{
  RtccIncidentWindow *self = user_data;
  guint position;

  if (g_list_store_find (self->persons, person, &position))
    rtcc_incident_window_query_person (self, position);
}

static GtkWidget *
create_person_row (gpointer item,
                   gpointer user_data)
{
  RtccIncidentWindow *self = user_data;

  return rtcc_person_row_new (item, TRUE, self->ness != NULL, query_person, G_OBJECT (self));
}

static void
person_found (GObject        *owner,
              RtccPersonItem *person,
              const GError   *error)
{
  RtccIncidentWindow *self = RTCC_INCIDENT_WINDOW (owner);

  set_busy (self, FALSE);
  if (person == NULL)
    show_problem (self, error->message);
  else
    g_list_store_append (self->persons, person);
}

static void
case_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(RtccIncidentWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) found = rtcc_onesolution_integration_get_case_finish (RTCC_ONESOLUTION_INTEGRATION (object), result, &error);
  g_autoptr(GString) text = NULL;
  JsonObject *investigator;
  guint n;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);
  if (found == NULL)
    {
      show_problem (self, error->message);
      return;
    }
  text = g_string_new (NULL);
  g_string_append_printf (text, _("Case %s, %s"),
                          rtcc_json_get_string (found, "caseNumber") ?: "—",
                          rtcc_json_get_string (found, "status") ?: _("status unknown"));
  if ((investigator = rtcc_json_get_object (found, "assignedInvestigator")) != NULL)
    g_string_append_printf (text, _("\nInvestigator: %s (badge %s)"),
                            rtcc_json_get_string (investigator, "name") ?: "—",
                            rtcc_json_get_string (investigator, "badge") ?: "—");
  gtk_label_set_label (self->case_label, text->str);

  n = rtcc_person_item_look_up_all (self->rms, rtcc_json_get_array (found, "persons"), self->cancellable,
                                    G_OBJECT (self), person_found);
  for (guint i = 0; i < n; i++)
    set_busy (self, TRUE);
}

/* The main window that opened this one, directly or through a search. */
static RtccWindow *
find_main_window (RtccIncidentWindow *self)
{
  GtkWindow *window = GTK_WINDOW (self);

  for (guint i = 0; window != NULL && i < 8; i++, window = gtk_window_get_transient_for (window))
    if (RTCC_IS_WINDOW (window))
      return RTCC_WINDOW (window);
  return NULL;
}

static gboolean
window_has_action (RtccWindow *window,
                   const char *name)
{
  GtkWidgetClass *klass;
  const char *action_name;
  g_autofree char *prefixed = g_strconcat ("win.", name, NULL);

  if (window == NULL)
    return FALSE;
  if (g_action_group_has_action (G_ACTION_GROUP (window), name))
    return TRUE;
  /* Actions installed on the class are not in the window's action map. */
  klass = GTK_WIDGET_GET_CLASS (window);
  for (guint i = 0; gtk_widget_class_query_action (klass, i, NULL, &action_name, NULL, NULL); i++)
    if (g_str_equal (action_name, prefixed))
      return TRUE;
  return FALSE;
}

/* An empty boxed list draws a stray line: the note says what is missing. */
static void
on_related_changed (GListModel *model,
                    guint       position,
                    guint       removed,
                    guint       added,
                    GtkWidget  *list)
{
  gtk_widget_set_visible (list, g_list_model_get_n_items (model) > 0);
}

static void
set_note (GtkLabel   *label,
          const char *text)
{
  gtk_label_set_text (label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL && *text != '\0');
}

static GtkWidget *
create_recording_row (gpointer item,
                      gpointer user_data)
{
  RtccEvent *recording = item;
  GtkWidget *row = adw_action_row_new ();
  const char *officer = rtcc_event_get_attribute_string (recording, "officer_name");
  JsonObject *attributes = rtcc_event_get_attributes (recording);
  gint64 duration = 0;
  g_autoptr(GDateTime) local = g_date_time_to_local (rtcc_event_get_occurred_at (recording));
  g_autofree char *start = g_date_time_format (local, "%Y-%m-%d %H:%M");
  g_autofree char *subtitle = NULL;

  if (attributes != NULL)
    rtcc_json_get_int (attributes, "duration_s", &duration, NULL);
  subtitle = g_strdup_printf (_("Started %s · %d min %02d s"), start, (int) (duration / 60), (int) (duration % 60));
  if (officer == NULL)
    officer = rtcc_event_get_attribute_string (recording, "officer_id");
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), officer != NULL ? officer : _("Unknown officer"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  return row;
}

/* A camera that has the place in view may have recorded what happened:
 * its clip around the incident's time, exported and audited like any. */
static RtccClipExportDialog *
export_clip (RtccIncidentWindow *self,
             RtccCamera         *camera)
{
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));
  RtccClipExportDialog *dialog;

  if (camera == NULL || self->milestone == NULL)
    return NULL;
  dialog = rtcc_clip_export_dialog_new (self->milestone, rtcc_camera_get_id (camera),
                                        rtcc_camera_get_name (camera));
  if (rtcc_event_get_occurred_at (self->incident) != NULL)
    rtcc_clip_export_dialog_set_around (dialog, rtcc_event_get_occurred_at (self->incident));
  if (RTCC_IS_APPLICATION (application))
    rtcc_clip_export_dialog_set_audit (dialog,
                                       rtcc_application_get_audit_log (RTCC_APPLICATION (application)),
                                       rtcc_application_get_operator_id (RTCC_APPLICATION (application)));
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  rtcc_session_window_present (GTK_WINDOW (dialog), GTK_WINDOW (self));
  return dialog;
}

static void
export_camera_clip (GtkButton          *button,
                    RtccIncidentWindow *self)
{
  export_clip (self, g_object_get_data (G_OBJECT (button), "camera"));
}

/**
 * rtcc_incident_window_export_camera_clip:
 * @position: a row of rtcc_incident_window_get_cameras()
 *
 * Opens the clip export for that camera around the incident's time, as
 * the row's button does.
 *
 * Returns: (transfer none) (nullable): the export dialog, or %NULL
 *   without such a camera or without Milestone
 */
RtccClipExportDialog *
rtcc_incident_window_export_camera_clip (RtccIncidentWindow *self,
                                         guint               position)
{
  g_autoptr(RtccCamera) camera = NULL;

  g_return_val_if_fail (RTCC_IS_INCIDENT_WINDOW (self), NULL);

  camera = g_list_model_get_item (G_LIST_MODEL (self->cameras), position);
  return export_clip (self, camera);
}

static GtkWidget *
create_camera_row (gpointer item,
                   gpointer user_data)
{
  RtccIncidentWindow *self = user_data;
  RtccCamera *camera = item;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *export;
  double lat, lon, camera_lat, camera_lon;
  g_autofree char *subtitle = NULL;

  if (rtcc_event_get_location (self->incident, &lat, &lon) && rtcc_camera_get_location (camera, &camera_lat, &camera_lon))
    subtitle = g_strdup_printf (_("Has the place in view, %.0f m away"),
                                rtcc_geo_distance_m (camera_lat, camera_lon, lat, lon));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), rtcc_camera_get_name (camera) ?: rtcc_camera_get_id (camera));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle != NULL ? subtitle : "");

  export = gtk_button_new_from_icon_name ("document-save-symbolic");
  gtk_widget_set_valign (export, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (export, "flat");
  gtk_widget_set_tooltip_text (export, _("Export this camera’s clip around the incident’s time"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (export), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Export Clip"), -1);
  g_object_set_data_full (G_OBJECT (export), "camera", g_object_ref (camera), g_object_unref);
  g_signal_connect (export, "clicked", G_CALLBACK (export_camera_clip), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), export);
  return row;
}

static GtkWidget *
create_gunshot_row (gpointer item,
                    gpointer user_data)
{
  RtccIncidentWindow *self = user_data;
  RtccEvent *gunshot = item;
  GtkWidget *row = adw_action_row_new ();
  double lat, lon, shot_lat, shot_lon;
  g_autoptr(GDateTime) local = g_date_time_to_local (rtcc_event_get_occurred_at (gunshot));
  g_autofree char *when = g_date_time_format (local, "%Y-%m-%d %H:%M:%S");
  g_autofree char *subtitle = NULL;

  if (rtcc_event_get_location (self->incident, &lat, &lon) && rtcc_event_get_location (gunshot, &shot_lat, &shot_lon))
    subtitle = g_strdup_printf (_("%s · %.0f m away"), when, rtcc_geo_distance_m (lat, lon, shot_lat, shot_lon));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), rtcc_event_get_title (gunshot));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle != NULL ? subtitle : when);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("find-location-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_widget_set_tooltip_text (row, _("Show on the map"));
  return row;
}

static void
recordings_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(RtccIncidentWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) recordings = NULL;
  const char *number;

  recordings = rtcc_bwc_integration_list_recordings_finish (RTCC_BWC_INTEGRATION (object), result, NULL, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);
  if (recordings == NULL)
    {
      set_note (self->recordings_label, error->message);
      return;
    }
  number = rtcc_event_get_attribute_string (self->incident, "incident_number");
  for (guint i = 0; i < recordings->len; i++)
    {
      RtccEvent *recording = g_ptr_array_index (recordings, i);
      g_autoptr(RtccBwcRecording) row = rtcc_bwc_recording_new (recording);

      /* A recording may be linked to several incidents, this one among them. */
      if (number != NULL && rtcc_bwc_recording_has_incident (row, number))
        g_list_store_append (self->recordings, recording);
    }
  if (g_list_model_get_n_items (G_LIST_MODEL (self->recordings)) == 0)
    set_note (self->recordings_label, _("No body-worn recording of that day is linked to this incident."));
  else if (!window_has_action (find_main_window (self), "bwc-for-incident"))
    set_note (self->recordings_label, _("Play them from the body-worn camera view."));
  else
    set_note (self->recordings_label, NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "incident.recordings",
                                 g_list_model_get_n_items (G_LIST_MODEL (self->recordings)) > 0 &&
                                 window_has_action (find_main_window (self), "bwc-for-incident"));
}

static void
rank_cameras (RtccIncidentWindow *self,
              GPtrArray          *cameras)
{
  g_autoptr(GPtrArray) ranked = NULL;
  double lat, lon;

  if (!rtcc_event_get_location (self->incident, &lat, &lon))
    return;
  ranked = rtcc_camera_rank_for_location (cameras, lat, lon, CAMERA_RANGE_M);
  for (guint i = 0; i < ranked->len; i++)
    {
      RtccCameraMatch *match = g_ptr_array_index (ranked, i);

      if (match->in_view)
        g_list_store_append (self->cameras, match->camera);
    }
  if (g_list_model_get_n_items (G_LIST_MODEL (self->cameras)) == 0)
    set_note (self->cameras_label, _("No camera has this place in its field of view."));
  else
    set_note (self->cameras_label, NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "incident.cameras",
                                 g_list_model_get_n_items (G_LIST_MODEL (self->cameras)) > 0 &&
                                 find_main_window (self) != NULL);
}

static void
cameras_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(RtccIncidentWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cameras = NULL;

  cameras = rtcc_milestone_integration_list_cameras_finish (RTCC_MILESTONE_INTEGRATION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);
  if (cameras == NULL)
    set_note (self->cameras_label, error->message);
  else
    rank_cameras (self, cameras);
}

static void
gunshots_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(RtccIncidentWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok = rtcc_gunshot_history_load_finish (result, NULL, NULL, &error);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->gunshot_history));
  double lat, lon;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);
  rtcc_event_get_location (self->incident, &lat, &lon);
  /* The history is a square around the place; nearby is a circle. */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RtccEvent) gunshot = g_list_model_get_item (G_LIST_MODEL (self->gunshot_history), i);
      double shot_lat, shot_lon;

      if (rtcc_event_get_location (gunshot, &shot_lat, &shot_lon) &&
          rtcc_geo_distance_m (lat, lon, shot_lat, shot_lon) <= GUNSHOT_RADIUS_M)
        g_list_store_append (self->gunshots, gunshot);
    }
  if (!ok)
    set_note (self->gunshots_label, error->message);
  else if (g_list_model_get_n_items (G_LIST_MODEL (self->gunshots)) == 0)
    set_note (self->gunshots_label, _("No gunshot within 500 m and an hour of the incident."));
  else
    set_note (self->gunshots_label, NULL);
}

static void
load_related (RtccIncidentWindow *self)
{
  const char *number = rtcc_event_get_attribute_string (self->incident, "incident_number");
  GDateTime *at = rtcc_event_get_occurred_at (self->incident);
  gboolean located;
  double lat, lon;

  g_list_store_remove_all (self->recordings);
  g_list_store_remove_all (self->cameras);
  g_list_store_remove_all (self->gunshots);
  located = rtcc_event_get_location (self->incident, &lat, &lon);

  if (self->bwc == NULL)
    set_note (self->recordings_label, _("The body-worn camera system is not part of this workstation’s integrations."));
  else if (number != NULL && at != NULL)
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (at);
      g_autoptr(GDate) day = g_date_new_dmy (g_date_time_get_day_of_month (local),
                                             g_date_time_get_month (local), g_date_time_get_year (local));

      /* The vendor lists by day; the link to the incident is checked here. */
      set_note (self->recordings_label, _("Looking for recordings…"));
      set_busy (self, TRUE);
      rtcc_bwc_integration_list_recordings_async (self->bwc, NULL, day, NULL, self->cancellable,
                                                  recordings_cb, g_object_ref (self));
    }

  if (!located)
    {
      set_note (self->cameras_label, _("The incident has no location for cameras to look at."));
      set_note (self->gunshots_label, _("The incident has no location to search around."));
      return;
    }

  if (self->milestone == NULL)
    set_note (self->cameras_label, _("Milestone XProtect is not part of this workstation’s integrations."));
  else
    {
      GHashTable *known = rtcc_milestone_integration_get_cameras (self->milestone);

      if (known != NULL && g_hash_table_size (known) > 0)
        {
          g_autoptr(GPtrArray) cameras = g_ptr_array_new ();
          GHashTableIter iter;
          gpointer camera;

          g_hash_table_iter_init (&iter, known);
          while (g_hash_table_iter_next (&iter, NULL, &camera))
            g_ptr_array_add (cameras, camera);
          rank_cameras (self, cameras);
        }
      else
        {
          set_busy (self, TRUE);
          rtcc_milestone_integration_list_cameras_async (self->milestone, self->cancellable, cameras_cb,
                                                         g_object_ref (self));
        }
    }

  if (self->store == NULL && self->shotspotter == NULL)
    set_note (self->gunshots_label, _("Neither the history nor ShotSpotter is available on this workstation."));
  else
    {
      g_autoptr(GDateTime) since = g_date_time_add_seconds (at, -GUNSHOT_WINDOW_S);
      g_autoptr(GDateTime) until = g_date_time_add_seconds (at, GUNSHOT_WINDOW_S);
      double dlat = GUNSHOT_RADIUS_M / 111320.0;
      double dlon = GUNSHOT_RADIUS_M / (111320.0 * MAX (cos (lat * G_PI / 180.0), 0.01));

      g_clear_object (&self->gunshot_history);
      self->gunshot_history = rtcc_event_list_new (1000);
      set_busy (self, TRUE);
      rtcc_gunshot_history_load_async (self->store, self->shotspotter, self->gunshot_history, since, until,
                                       lat - dlat, lon - dlon, lat + dlat, lon + dlon, self->cancellable,
                                       gunshots_cb, g_object_ref (self));
    }
}

/* Windows opened from searches get their sources from the application. */
static void
take_related_from_application (RtccIncidentWindow *self)
{
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));
  RtccRegistry *registry;
  RtccIntegration *integration;

  if (self->related_set || !RTCC_IS_APPLICATION (application))
    return;
  registry = rtcc_application_get_registry (RTCC_APPLICATION (application));
  if (registry == NULL)
    return;
  integration = rtcc_registry_get_for_source (registry, RTCC_SOURCE_BWC);
  self->bwc = RTCC_IS_BWC_INTEGRATION (integration) ? g_object_ref (RTCC_BWC_INTEGRATION (integration)) : NULL;
  integration = rtcc_registry_get_for_source (registry, RTCC_SOURCE_MILESTONE);
  self->milestone = RTCC_IS_MILESTONE_INTEGRATION (integration) ? g_object_ref (RTCC_MILESTONE_INTEGRATION (integration)) : NULL;
  integration = rtcc_registry_get_for_source (registry, RTCC_SOURCE_SHOTSPOTTER);
  self->shotspotter = RTCC_IS_SHOTSPOTTER_INTEGRATION (integration) ? g_object_ref (RTCC_SHOTSPOTTER_INTEGRATION (integration)) : NULL;
  g_set_object (&self->store, rtcc_application_get_store (RTCC_APPLICATION (application)));
  self->related_set = TRUE;
}

static void
recordings_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  RtccIncidentWindow *self = RTCC_INCIDENT_WINDOW (widget);
  RtccWindow *main_window = find_main_window (self);
  const char *number = rtcc_event_get_attribute_string (self->incident, "incident_number");

  if (main_window != NULL && number != NULL)
    gtk_widget_activate_action (GTK_WIDGET (main_window), "win.bwc-for-incident", "s", number);
}

static void
on_recording_activated (GtkListBox         *list,
                        GtkListBoxRow      *row,
                        RtccIncidentWindow *self)
{
  if (gtk_widget_is_sensitive (GTK_WIDGET (self)) &&
      window_has_action (find_main_window (self), "bwc-for-incident"))
    recordings_action (GTK_WIDGET (self), "incident.recordings", NULL);
}

static void
cameras_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  RtccIncidentWindow *self = RTCC_INCIDENT_WINDOW (widget);
  RtccWindow *main_window = find_main_window (self);

  if (main_window != NULL)
    rtcc_window_show_cameras_for_event (main_window, self->incident);
}

static void
on_gunshot_activated (GtkListBox         *list,
                      GtkListBoxRow      *row,
                      RtccIncidentWindow *self)
{
  rtcc_incident_window_show_gunshot (self, gtk_list_box_row_get_index (row));
}

static void
incident_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(RtccIncidentWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(RtccEvent) incident = rtcc_onesolution_integration_get_incident_finish (RTCC_ONESOLUTION_INTEGRATION (object), result, &error);
  const char *case_number;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);
  if (incident == NULL)
    show_problem (self, error->message);
  else
    {
      g_set_object (&self->incident, incident);
      fill_incident (self);
    }

  self->looked_up = TRUE;
  take_related_from_application (self);
  load_related (self);

  case_number = rtcc_event_get_attribute_string (self->incident, "case_number");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "incident.open-case", case_number != NULL);
  if (case_number == NULL)
    {
      gtk_label_set_label (self->case_label, _("No case is linked to this incident."));
      return;
    }
  set_busy (self, TRUE);
  rtcc_onesolution_integration_get_case_async (self->rms, case_number, self->cancellable, case_cb,
                                               g_object_ref (self));
}

static void
open_case_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  rtcc_incident_window_open_case (RTCC_INCIDENT_WINDOW (widget));
}

static void
rtcc_incident_window_constructed (GObject *object)
{
  RtccIncidentWindow *self = RTCC_INCIDENT_WINDOW (object);
  const char *number;

  G_OBJECT_CLASS (rtcc_incident_window_parent_class)->constructed (object);

  gtk_list_box_bind_model (self->persons_list, G_LIST_MODEL (self->persons), create_person_row, self, NULL);
  fill_incident (self);
  number = rtcc_event_get_attribute_string (self->incident, "incident_number");
  if (self->rms == NULL || number == NULL)
    {
      show_problem (self, self->rms == NULL ? _("OneSolution RMS is not part of this workstation’s integrations.")
                                            : _("The event names no incident number."));
      return;
    }
  /* The RMS has the current version; the event may be hours old. */
  set_busy (self, TRUE);
  rtcc_onesolution_integration_get_incident_async (self->rms, number, self->cancellable, incident_cb,
                                                   g_object_ref (self));
}

static void
rtcc_incident_window_dispose (GObject *object)
{
  RtccIncidentWindow *self = RTCC_INCIDENT_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), RTCC_TYPE_INCIDENT_WINDOW);
  g_clear_object (&self->rms);
  g_clear_object (&self->ness);
  g_clear_object (&self->incident);
  g_clear_object (&self->fields);
  g_clear_object (&self->persons);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_object (&self->bwc);
  g_clear_object (&self->milestone);
  g_clear_object (&self->shotspotter);
  g_clear_object (&self->recordings);
  g_clear_object (&self->cameras);
  g_clear_object (&self->gunshots);
  g_clear_object (&self->gunshot_history);

  G_OBJECT_CLASS (rtcc_incident_window_parent_class)->dispose (object);
}

static void
rtcc_incident_window_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  RtccIncidentWindow *self = RTCC_INCIDENT_WINDOW (object);

  switch (prop_id)
    {
    case PROP_RMS:
      g_value_set_object (value, self->rms);
      break;
    case PROP_NESS:
      g_value_set_object (value, self->ness);
      break;
    case PROP_INCIDENT:
      g_value_set_object (value, self->incident);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rtcc_incident_window_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  RtccIncidentWindow *self = RTCC_INCIDENT_WINDOW (object);

  switch (prop_id)
    {
    case PROP_RMS:
      self->rms = g_value_dup_object (value);
      break;
    case PROP_NESS:
      self->ness = g_value_dup_object (value);
      break;
    case PROP_INCIDENT:
      self->incident = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rtcc_incident_window_class_init (RtccIncidentWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = rtcc_incident_window_constructed;
  object_class->dispose = rtcc_incident_window_dispose;
  object_class->get_property = rtcc_incident_window_get_property;
  object_class->set_property = rtcc_incident_window_set_property;

  properties[PROP_RMS] =
    g_param_spec_object ("rms", NULL, NULL, RTCC_TYPE_ONESOLUTION_INTEGRATION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NESS] =
    g_param_spec_object ("ness", NULL, NULL, RTCC_TYPE_NESS_INTEGRATION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_INCIDENT] =
    g_param_spec_object ("incident", NULL, NULL, RTCC_TYPE_EVENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/g3ti/Rtcc/rtcc-incident-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RtccIncidentWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, RtccIncidentWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, RtccIncidentWindow, status_label);
  gtk_widget_class_bind_template_child (widget_class, RtccIncidentWindow, fields_list);
  gtk_widget_class_bind_template_child (widget_class, RtccIncidentWindow, case_label);
  gtk_widget_class_bind_template_child (widget_class, RtccIncidentWindow, persons_list);
  gtk_widget_class_bind_template_child (widget_class, RtccIncidentWindow, recordings_list);
  gtk_widget_class_bind_template_child (widget_class, RtccIncidentWindow, recordings_label);
  gtk_widget_class_bind_template_child (widget_class, RtccIncidentWindow, cameras_list);
  gtk_widget_class_bind_template_child (widget_class, RtccIncidentWindow, cameras_label);
  gtk_widget_class_bind_template_child (widget_class, RtccIncidentWindow, gunshots_list);
  gtk_widget_class_bind_template_child (widget_class, RtccIncidentWindow, gunshots_label);
  gtk_widget_class_install_action (widget_class, "incident.recordings", NULL, recordings_action);
  gtk_widget_class_install_action (widget_class, "incident.cameras", NULL, cameras_action);
  gtk_widget_class_install_action (widget_class, "incident.open-case", NULL, open_case_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
rtcc_incident_window_init (RtccIncidentWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "incident.open-case", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "incident.recordings", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "incident.cameras", FALSE);
  self->recordings = g_list_store_new (RTCC_TYPE_EVENT);
  self->cameras = g_list_store_new (RTCC_TYPE_CAMERA);
  self->gunshots = g_list_store_new (RTCC_TYPE_EVENT);
  gtk_list_box_bind_model (self->recordings_list, G_LIST_MODEL (self->recordings), create_recording_row, self, NULL);
  gtk_list_box_bind_model (self->cameras_list, G_LIST_MODEL (self->cameras), create_camera_row, self, NULL);
  gtk_list_box_bind_model (self->gunshots_list, G_LIST_MODEL (self->gunshots), create_gunshot_row, self, NULL);
  g_signal_connect (self->recordings, "items-changed", G_CALLBACK (on_related_changed), self->recordings_list);
  g_signal_connect (self->cameras, "items-changed", G_CALLBACK (on_related_changed), self->cameras_list);
  g_signal_connect (self->gunshots, "items-changed", G_CALLBACK (on_related_changed), self->gunshots_list);
  gtk_widget_set_visible (GTK_WIDGET (self->recordings_list), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->cameras_list), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->gunshots_list), FALSE);
  g_signal_connect (self->recordings_list, "row-activated", G_CALLBACK (on_recording_activated), self);
  g_signal_connect (self->gunshots_list, "row-activated", G_CALLBACK (on_gunshot_activated), self);
  self->cancellable = g_cancellable_new ();
  self->fields = g_list_store_new (RTCC_TYPE_DETAIL_FIELD);
  self->persons = g_list_store_new (RTCC_TYPE_PERSON_ITEM);
  gtk_list_box_bind_model (self->fields_list, G_LIST_MODEL (self->fields), create_field_row, NULL, NULL);
}

/**
 * rtcc_incident_window_new:
 * @rms: (nullable): the OneSolution RMS integration
 * @ness: (nullable): the NESS integration, for the persons' NCIC queries
 * @incident: an incident event
 *
 * Returns: (transfer full): the window, already looking the incident,
 *   its case and persons up
 */
RtccIncidentWindow *
rtcc_incident_window_new (RtccOnesolutionIntegration *rms,
                          RtccNessIntegration        *ness,
                          RtccEvent                  *incident)
{
  g_return_val_if_fail (rms == NULL || RTCC_IS_ONESOLUTION_INTEGRATION (rms), NULL);
  g_return_val_if_fail (ness == NULL || RTCC_IS_NESS_INTEGRATION (ness), NULL);
  g_return_val_if_fail (RTCC_IS_EVENT (incident), NULL);
  return g_object_new (RTCC_TYPE_INCIDENT_WINDOW, "rms", rms, "ness", ness, "incident", incident, NULL);
}

/**
 * rtcc_incident_window_is_busy:
 *
 * Returns: whether lookups are under way
 */
gboolean
rtcc_incident_window_is_busy (RtccIncidentWindow *self)
{
  g_return_val_if_fail (RTCC_IS_INCIDENT_WINDOW (self), FALSE);
  return self->busy > 0;
}

/**
 * rtcc_incident_window_get_persons:
 *
 * Returns: (transfer none): the case's persons found in the RMS
 */
GListModel *
rtcc_incident_window_get_persons (RtccIncidentWindow *self)
{
  g_return_val_if_fail (RTCC_IS_INCIDENT_WINDOW (self), NULL);
  return G_LIST_MODEL (self->persons);
}

/**
 * rtcc_incident_window_get_fields:
 *
 * Returns: (transfer none): the incident's fields as shown, a list of
 *   #RtccDetailField
 */
GListModel *
rtcc_incident_window_get_fields (RtccIncidentWindow *self)
{
  g_return_val_if_fail (RTCC_IS_INCIDENT_WINDOW (self), NULL);
  return G_LIST_MODEL (self->fields);
}

/**
 * rtcc_incident_window_get_case_text:
 *
 * Returns: (transfer none): the case summary shown
 */
const char *
rtcc_incident_window_get_case_text (RtccIncidentWindow *self)
{
  g_return_val_if_fail (RTCC_IS_INCIDENT_WINDOW (self), NULL);
  return gtk_label_get_label (self->case_label);
}

/**
 * rtcc_incident_window_get_status_text:
 *
 * Returns: (transfer none): what went wrong, empty when nothing did
 */
const char *
rtcc_incident_window_get_status_text (RtccIncidentWindow *self)
{
  g_return_val_if_fail (RTCC_IS_INCIDENT_WINDOW (self), NULL);
  return gtk_label_get_label (self->status_label);
}

/**
 * rtcc_incident_window_query_person:
 * @position: the person's position in the persons list
 *
 * Opens the NCIC query dialog with that person's name and date of birth.
 *
 * Returns: (transfer none) (nullable): the dialog
 */
RtccNessDialog *
rtcc_incident_window_query_person (RtccIncidentWindow *self,
                                   guint               position)
{
  g_autoptr(RtccPersonItem) person = NULL;

  g_return_val_if_fail (RTCC_IS_INCIDENT_WINDOW (self), NULL);

  person = g_list_model_get_item (G_LIST_MODEL (self->persons), position);
  if (person == NULL)
    return NULL;
  return rtcc_person_item_open_query (person, self->ness, GTK_WINDOW (self));
}

/**
 * rtcc_incident_window_new_for_number:
 * @rms: the OneSolution RMS integration
 * @ness: (nullable): the NESS integration, for the persons' NCIC queries
 * @number: an incident number
 *
 * Opens an incident known only by its number, as the searches give it.
 *
 * Returns: (transfer full): the window, already looking the incident up
 */
RtccIncidentWindow *
rtcc_incident_window_new_for_number (RtccOnesolutionIntegration *rms,
                                     RtccNessIntegration        *ness,
                                     const char                 *number)
{
  g_autoptr(RtccEventBuilder) builder = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(RtccEvent) event = NULL;

  g_return_val_if_fail (number != NULL, NULL);

  builder = rtcc_event_builder_new (RTCC_SOURCE_ONESOLUTION, RTCC_EVENT_TYPE_INCIDENT_UPDATED, number);
  rtcc_event_builder_set_occurred_at (builder, now);
  rtcc_event_builder_set_string (builder, "incident_number", number);
  event = rtcc_event_builder_end (g_steal_pointer (&builder), NULL);
  return rtcc_incident_window_new (rms, ness, event);
}

/**
 * rtcc_incident_window_open_case:
 *
 * Opens the incident's case in the case window.
 *
 * Returns: (transfer none) (nullable): the window, or %NULL when the
 *   incident has no case
 */
GtkWindow *
rtcc_incident_window_open_case (RtccIncidentWindow *self)
{
  const char *case_number;
  GtkWindow *window;

  g_return_val_if_fail (RTCC_IS_INCIDENT_WINDOW (self), NULL);

  case_number = rtcc_event_get_attribute_string (self->incident, "case_number");
  if (case_number == NULL || self->rms == NULL)
    return NULL;
  window = GTK_WINDOW (rtcc_case_window_new (self->rms, self->ness, case_number));
  rtcc_session_window_present (window, GTK_WINDOW (self));
  return window;
}

/**
 * rtcc_incident_window_set_related:
 * @store: (nullable): the event history, searched first for gunshots
 * @bwc: (nullable): the body-worn camera system
 * @milestone: (nullable): the video system, for the cameras that see the place
 * @shotspotter: (nullable): ShotSpotter, for gunshots the history lacks
 *
 * Gives the sources of the incident's related material. Without this the
 * window takes them from its application. Call it before the incident
 * is looked up, or it looks the material up again.
 */
void
rtcc_incident_window_set_related (RtccIncidentWindow         *self,
                                  RtccEventStore             *store,
                                  RtccBwcIntegration         *bwc,
                                  RtccMilestoneIntegration   *milestone,
                                  RtccShotspotterIntegration *shotspotter)
{
  g_return_if_fail (RTCC_IS_INCIDENT_WINDOW (self));

  g_set_object (&self->store, store);
  g_set_object (&self->bwc, bwc);
  g_set_object (&self->milestone, milestone);
  g_set_object (&self->shotspotter, shotspotter);
  self->related_set = TRUE;
  if (self->looked_up)
    load_related (self);
}

/**
 * rtcc_incident_window_get_recordings:
 *
 * Returns: (transfer none): the body-worn recordings linked to the incident
 */
GListModel *
rtcc_incident_window_get_recordings (RtccIncidentWindow *self)
{
  g_return_val_if_fail (RTCC_IS_INCIDENT_WINDOW (self), NULL);
  return G_LIST_MODEL (self->recordings);
}

/**
 * rtcc_incident_window_get_cameras:
 *
 * Returns: (transfer none): the #RtccCamera<!-- -->s that have the place in
 *   view, best first
 */
GListModel *
rtcc_incident_window_get_cameras (RtccIncidentWindow *self)
{
  g_return_val_if_fail (RTCC_IS_INCIDENT_WINDOW (self), NULL);
  return G_LIST_MODEL (self->cameras);
}

/**
 * rtcc_incident_window_get_gunshots:
 *
 * Returns: (transfer none): the gunshots within 500 m and an hour
 */
GListModel *
rtcc_incident_window_get_gunshots (RtccIncidentWindow *self)
{
  g_return_val_if_fail (RTCC_IS_INCIDENT_WINDOW (self), NULL);
  return G_LIST_MODEL (self->gunshots);
}

/**
 * rtcc_incident_window_show_gunshot:
 * @position: the gunshot's position in the gunshots list
 *
 * Selects the gunshot in the main window's feed and centres its map on it.
 *
 * Returns: whether a main window showed it
 */
gboolean
rtcc_incident_window_show_gunshot (RtccIncidentWindow *self,
                                   guint               position)
{
  g_autoptr(RtccEvent) gunshot = NULL;
  g_autoptr(GListStore) one = NULL;
  RtccWindow *main_window;

  g_return_val_if_fail (RTCC_IS_INCIDENT_WINDOW (self), FALSE);

  gunshot = g_list_model_get_item (G_LIST_MODEL (self->gunshots), position);
  main_window = find_main_window (self);
  if (gunshot == NULL || main_window == NULL)
    return FALSE;
  one = g_list_store_new (RTCC_TYPE_EVENT);
  g_list_store_append (one, gunshot);
  rtcc_window_show_events (main_window, G_LIST_MODEL (one));
  rtcc_map_view_center_on_event (rtcc_window_get_map_view (main_window), gunshot);
  return TRUE;
}

/**
 * rtcc_incident_window_get_incident:
 *
 * Returns: (transfer none): the incident shown, as the RMS last gave it
 */
RtccEvent *
rtcc_incident_window_get_incident (RtccIncidentWindow *self)
{
  g_return_val_if_fail (RTCC_IS_INCIDENT_WINDOW (self), NULL);
  return self->incident;
}
