/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccCaseWindow"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "rtcc-case-window.h"
#include "rtcc-incident-window.h"
#include "rtcc-json.h"
#include "rtcc-ness-dialog.h"

/* Lookups per case: a case with more persons is rare and each lookup is
 * an audited RMS request. */
#define MAX_PERSONS 100

/*
 * One person of the case: the persons list's item. Private to the window.
 */
#define RTCC_TYPE_CASE_PERSON (rtcc_case_person_get_type ())
G_DECLARE_FINAL_TYPE (RtccCasePerson, rtcc_case_person, RTCC, CASE_PERSON, GObject)

struct _RtccCasePerson
{
  GObject  parent_instance;
  char    *id;
  char    *role;
  char    *last_name;
  char    *first_name;
  char    *dob;
};

G_DEFINE_FINAL_TYPE (RtccCasePerson, rtcc_case_person, G_TYPE_OBJECT)

static void
rtcc_case_person_finalize (GObject *object)
{
  RtccCasePerson *self = RTCC_CASE_PERSON (object);

  g_free (self->id);
  g_free (self->role);
  g_free (self->last_name);
  g_free (self->first_name);
  g_free (self->dob);
  G_OBJECT_CLASS (rtcc_case_person_parent_class)->finalize (object);
}

static void
rtcc_case_person_class_init (RtccCasePersonClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rtcc_case_person_finalize;
}

static void
rtcc_case_person_init (RtccCasePerson *self)
{
}

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
query_clicked (GtkButton      *button,
               RtccCaseWindow *self)
{
  RtccCasePerson *person = g_object_get_data (G_OBJECT (button), "rtcc-person");
  RtccNessDialog *dialog = rtcc_ness_dialog_new (self->ness);

  rtcc_ness_dialog_set_kind (dialog, RTCC_NESS_QUERY_WANTED);
  rtcc_ness_dialog_set_person (dialog, person->last_name, person->first_name, person->dob);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (self));
  /* One of the session's windows: hidden when it locks, closed with its parent. */
  gtk_window_set_application (GTK_WINDOW (dialog), gtk_window_get_application (GTK_WINDOW (self)));
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  gtk_window_present (GTK_WINDOW (dialog));
}

static GtkWidget *
create_person_row (gpointer item,
                   gpointer user_data)
{
  RtccCaseWindow *self = user_data;
  RtccCasePerson *person = item;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button = gtk_button_new_with_label (_("Run NCIC queries…"));
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;

  title = g_strdup_printf ("%s, %s", person->last_name ? person->last_name : "—",
                           person->first_name ? person->first_name : "—");
  subtitle = g_strdup_printf (_("%s · born %s · %s"), person->role ? person->role : _("no role"),
                              person->dob ? person->dob : _("unknown"), person->id);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_object_set_data (G_OBJECT (button), "rtcc-person", person);
  g_signal_connect_object (button, "clicked", G_CALLBACK (query_clicked), self, 0);
  gtk_widget_set_sensitive (button, self->ness != NULL && person->last_name != NULL);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  return row;
}

typedef struct
{
  RtccCaseWindow *self;
  char           *role;
} PersonLookup;

static void
person_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  PersonLookup *lookup = user_data;
  g_autoptr(RtccCaseWindow) self = lookup->self;
  g_autofree char *role = lookup->role;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) person = NULL;
  g_autoptr(RtccCasePerson) item = NULL;

  g_free (lookup);
  person = rtcc_onesolution_integration_get_person_finish (RTCC_ONESOLUTION_INTEGRATION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);
  if (person == NULL)
    {
      show_problem (self, error->message);
      return;
    }
  item = g_object_new (RTCC_TYPE_CASE_PERSON, NULL);
  item->id = rtcc_json_dup_string_lenient (person, "personId");
  item->last_name = g_strdup (rtcc_json_get_string (person, "lastName"));
  item->first_name = g_strdup (rtcc_json_get_string (person, "firstName"));
  item->dob = g_strdup (rtcc_json_get_string (person, "dob"));
  item->role = g_steal_pointer (&role);
  if (item->id == NULL)
    item->id = g_strdup ("—");
  g_list_store_append (self->persons, item);
}

static void
free_string (gpointer p)
{
  g_string_free (p, TRUE);
}

static void
look_up_persons (RtccCaseWindow *self,
                 JsonArray      *persons)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) roles = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, free_string);

  /* A person in several of the case's incidents is looked up once, with
   * every role. */
  for (guint i = 0; persons != NULL && i < json_array_get_length (persons) && ids->len < MAX_PERSONS; i++)
    {
      JsonNode *node = json_array_get_element (persons, i);
      JsonObject *entry = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      g_autofree char *id = entry != NULL ? rtcc_json_dup_string_lenient (entry, "personId") : NULL;
      const char *role = entry != NULL ? rtcc_json_get_string (entry, "role") : NULL;
      GString *known;

      if (id == NULL || *id == '\0')
        continue;
      if ((known = g_hash_table_lookup (roles, id)) == NULL)
        {
          known = g_string_new (role);
          g_ptr_array_add (ids, g_strdup (id));
          g_hash_table_insert (roles, g_ptr_array_index (ids, ids->len - 1), known);
        }
      else if (role != NULL && !strstr (known->str, role))
        g_string_append_printf (known, known->len ? ", %s" : "%s", role);
    }
  for (guint i = 0; i < ids->len; i++)
    {
      GString *role = g_hash_table_lookup (roles, g_ptr_array_index (ids, i));
      PersonLookup *lookup = g_new0 (PersonLookup, 1);

      lookup->self = g_object_ref (self);
      lookup->role = role->len > 0 ? g_strdup (role->str) : NULL;
      set_busy (self, TRUE);
      rtcc_onesolution_integration_get_person_async (self->rms, g_ptr_array_index (ids, i), self->cancellable,
                                                     person_cb, lookup);
    }
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
  self->persons = g_list_store_new (RTCC_TYPE_CASE_PERSON);
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
  gtk_window_set_transient_for (window, GTK_WINDOW (self));
  /* One of the session's windows: hidden when it locks, closed with its parent. */
  gtk_window_set_application (window, gtk_window_get_application (GTK_WINDOW (self)));
  gtk_window_set_destroy_with_parent (window, TRUE);
  gtk_window_present (window);
  return window;
}
