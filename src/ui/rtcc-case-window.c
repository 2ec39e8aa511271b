/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccCaseWindow"

#include "config.h"

#include <glib/gi18n.h>

#include "rtcc-case-window.h"
#include "rtcc-incident-window.h"
#include "rtcc-json.h"
#include "rtcc-ness-dialog.h"
#include "rtcc-person-row.h"
#include "rtcc-session-window.h"

/**
 * RtccCaseWindow:
 *
 * An RMS case: its status, investigator, linked incidents (each opens in
 * the incident window) and persons (each looked up in the RMS, with the
 * NCIC query a click away). Every lookup is audited by the integration.
 */
struct _RtccCaseWindow
{
  AdwWindow                   parent_instance;

  RtccOnesolutionIntegration *rms;
  RtccNessIntegration        *ness;
  char                       *case_number;
  GtkStringList              *incidents;
  GListStore                 *persons;
  GCancellable               *cancellable;
  guint                       busy;

  AdwWindowTitle             *window_title;
  GtkSpinner                 *spinner;
  GtkLabel                   *status_label;
  GtkLabel                   *summary_label;
  GtkListBox                 *incidents_list;
  GtkListBox                 *persons_list;
};

G_DEFINE_FINAL_TYPE (RtccCaseWindow, rtcc_case_window, ADW_TYPE_WINDOW)

static void
set_busy (RtccCaseWindow *self,
          gboolean        busy)
{
  if (busy)
    self->busy++;
  else if (self->busy > 0)
    self->busy--;
  gtk_spinner_set_spinning (self->spinner, self->busy > 0);
}

static void
show_problem (RtccCaseWindow *self,
              const char     *message)
{
  g_autofree char *text = NULL;
  const char *old = gtk_label_get_label (self->status_label);

  /* Several lookups may fail; keep every reason. */
  text = *old != '\0' ? g_strdup_printf ("%s\n%s", old, message) : g_strdup (message);
  gtk_label_set_label (self->status_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), TRUE);
}

static GtkWidget *
create_incident_row (gpointer item,
                     gpointer user_data)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), gtk_string_object_get_string (item));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Open the incident"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  return row;
}

static void
on_incident_activated (GtkListBox     *list,
                       GtkListBoxRow  *row,
                       RtccCaseWindow *self)
{
  rtcc_case_window_open_incident (self, gtk_list_box_row_get_index (row));
}

static void
query_person (RtccPersonItem *person,
              gpointer        user_data)
{
  RtccCaseWindow *self = user_data;

  rtcc_person_item_open_query (person, self->ness, GTK_WINDOW (self));
}

static GtkWidget *
create_person_row (gpointer item,
                   gpointer user_data)
{
  RtccCaseWindow *self = user_data;

  return rtcc_person_row_new (item, FALSE, self->ness != NULL && rtcc_person_item_get_last_name (item) != NULL,
                              query_person, G_OBJECT (self));
}

static void
person_found (GObject        *owner,
              RtccPersonItem *person,
              const GError   *error)
{
  RtccCaseWindow *self = RTCC_CASE_WINDOW (owner);

  set_busy (self, FALSE);
  if (person == NULL)
    show_problem (self, error->message);
  else
    g_list_store_append (self->persons, person);
}

static void
look_up_persons (RtccCaseWindow *self,
                 JsonArray      *persons)
{
  guint n = rtcc_person_item_look_up_all (self->rms, persons, self->cancellable, G_OBJECT (self), person_found);

  for (guint i = 0; i < n; i++)
    set_busy (self, TRUE);
}

static void
case_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(RtccCaseWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) found = rtcc_onesolution_integration_get_case_finish (RTCC_ONESOLUTION_INTEGRATION (object), result, &error);
  g_autoptr(GString) text = NULL;
  JsonObject *investigator;
  JsonArray *incidents;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);
  if (found == NULL)
    {
      gtk_label_set_label (self->summary_label, "");
      show_problem (self, error->message);
      return;
    }
  text = g_string_new (NULL);
  g_string_append_printf (text, _("Case %s, %s"),
                          rtcc_json_get_string (found, "caseNumber") ?: self->case_number,
                          rtcc_json_get_string (found, "status") ?: _("status unknown"));
  if ((investigator = rtcc_json_get_object (found, "assignedInvestigator")) != NULL)
    g_string_append_printf (text, _("\nInvestigator: %s (badge %s)"),
                            rtcc_json_get_string (investigator, "name") ?: "—",
                            rtcc_json_get_string (investigator, "badge") ?: "—");
  gtk_label_set_label (self->summary_label, text->str);

  incidents = rtcc_json_get_array (found, "incidents");
  for (guint i = 0; incidents != NULL && i < json_array_get_length (incidents); i++)
    {
      JsonNode *node = json_array_get_element (incidents, i);

      /* A number, or an incident object as some RMS versions send. */
      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        gtk_string_list_append (self->incidents, json_node_get_string (node));
      else if (JSON_NODE_HOLDS_OBJECT (node) &&
               rtcc_json_get_string (json_node_get_object (node), "incidentNumber") != NULL)
        gtk_string_list_append (self->incidents, rtcc_json_get_string (json_node_get_object (node), "incidentNumber"));
    }
  look_up_persons (self, rtcc_json_get_array (found, "persons"));
}

static void
rtcc_case_window_dispose (GObject *object)
{
  RtccCaseWindow *self = RTCC_CASE_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), RTCC_TYPE_CASE_WINDOW);
  g_clear_object (&self->rms);
  g_clear_object (&self->ness);
  g_clear_object (&self->incidents);
  g_clear_object (&self->persons);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->case_number, g_free);

  G_OBJECT_CLASS (rtcc_case_window_parent_class)->dispose (object);
}

static void
rtcc_case_window_class_init (RtccCaseWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rtcc_case_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/com/g3ti/Rtcc/rtcc-case-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RtccCaseWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, RtccCaseWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, RtccCaseWindow, status_label);
  gtk_widget_class_bind_template_child (widget_class, RtccCaseWindow, summary_label);
  gtk_widget_class_bind_template_child (widget_class, RtccCaseWindow, incidents_list);
  gtk_widget_class_bind_template_child (widget_class, RtccCaseWindow, persons_list);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
rtcc_case_window_init (RtccCaseWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->incidents = gtk_string_list_new (NULL);
  self->persons = g_list_store_new (RTCC_TYPE_PERSON_ITEM);
  gtk_list_box_bind_model (self->incidents_list, G_LIST_MODEL (self->incidents), create_incident_row, NULL, NULL);
  gtk_list_box_bind_model (self->persons_list, G_LIST_MODEL (self->persons), create_person_row, self, NULL);
  g_signal_connect (self->incidents_list, "row-activated", G_CALLBACK (on_incident_activated), self);
}

/**
 * rtcc_case_window_new:
 * @rms: (nullable): the OneSolution RMS integration
 * @ness: (nullable): the NESS integration, for the persons' NCIC queries
 * @case_number: the case number
 *
 * Returns: (transfer full): the window, already looking the case up
 */
RtccCaseWindow *
rtcc_case_window_new (RtccOnesolutionIntegration *rms,
                      RtccNessIntegration        *ness,
                      const char                 *case_number)
{
  RtccCaseWindow *self;

  g_return_val_if_fail (rms == NULL || RTCC_IS_ONESOLUTION_INTEGRATION (rms), NULL);
  g_return_val_if_fail (ness == NULL || RTCC_IS_NESS_INTEGRATION (ness), NULL);
  g_return_val_if_fail (case_number != NULL, NULL);

  self = g_object_new (RTCC_TYPE_CASE_WINDOW, NULL);
  self->rms = rms != NULL ? g_object_ref (rms) : NULL;
  self->ness = ness != NULL ? g_object_ref (ness) : NULL;
  self->case_number = g_strdup (case_number);
  adw_window_title_set_subtitle (self->window_title, case_number);
  if (rms == NULL)
    {
      show_problem (self, _("OneSolution RMS is not part of this workstation’s integrations."));
      return self;
    }
  gtk_label_set_label (self->summary_label, _("Looking the case up…"));
  set_busy (self, TRUE);
  rtcc_onesolution_integration_get_case_async (rms, case_number, self->cancellable, case_cb, g_object_ref (self));
  return self;
}

/**
 * rtcc_case_window_is_busy:
 *
 * Returns: whether lookups are under way
 */
gboolean
rtcc_case_window_is_busy (RtccCaseWindow *self)
{
  g_return_val_if_fail (RTCC_IS_CASE_WINDOW (self), FALSE);
  return self->busy > 0;
}

/**
 * rtcc_case_window_get_summary:
 *
 * Returns: (transfer none): the case number, status and investigator shown
 */
const char *
rtcc_case_window_get_summary (RtccCaseWindow *self)
{
  g_return_val_if_fail (RTCC_IS_CASE_WINDOW (self), NULL);
  return gtk_label_get_label (self->summary_label);
}

/**
 * rtcc_case_window_get_status_text:
 *
 * Returns: (transfer none): what went wrong, empty when nothing did
 */
const char *
rtcc_case_window_get_status_text (RtccCaseWindow *self)
{
  g_return_val_if_fail (RTCC_IS_CASE_WINDOW (self), NULL);
  return gtk_label_get_label (self->status_label);
}

/**
 * rtcc_case_window_get_incidents:
 *
 * Returns: (transfer none): the linked incidents' numbers, as a #GtkStringList
 */
GListModel *
rtcc_case_window_get_incidents (RtccCaseWindow *self)
{
  g_return_val_if_fail (RTCC_IS_CASE_WINDOW (self), NULL);
  return G_LIST_MODEL (self->incidents);
}

/**
 * rtcc_case_window_get_persons:
 *
 * Returns: (transfer none): the case's persons found in the RMS
 */
GListModel *
rtcc_case_window_get_persons (RtccCaseWindow *self)
{
  g_return_val_if_fail (RTCC_IS_CASE_WINDOW (self), NULL);
  return G_LIST_MODEL (self->persons);
}

/**
 * rtcc_case_window_open_incident:
 * @position: the incident's position in the incidents list
 *
 * Opens that incident in the incident window.
 *
 * Returns: (transfer none) (nullable): the window
 */
GtkWindow *
rtcc_case_window_open_incident (RtccCaseWindow *self,
                                guint           position)
{
  const char *number;
  GtkWindow *window;

  g_return_val_if_fail (RTCC_IS_CASE_WINDOW (self), NULL);

  number = gtk_string_list_get_string (self->incidents, position);
  if (number == NULL || self->rms == NULL)
    return NULL;
  window = GTK_WINDOW (rtcc_incident_window_new_for_number (self->rms, self->ness, number));
  rtcc_session_window_present (window, GTK_WINDOW (self));
  return window;
}
