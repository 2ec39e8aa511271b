/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccPersonSearch"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "rtcc-detail-field.h"
#include "rtcc-json.h"
#include "rtcc-person-search-dialog.h"
#include "rtcc-session-window.h"

/*
 * One person found by the search, as the RMS gave it: the list's item.
 * Private to the dialog. Person records are CJI-adjacent: they live in
 * memory only, for as long as the dialog shows them.
 */
#define RTCC_TYPE_PERSON_RESULT (rtcc_person_result_get_type ())
G_DECLARE_FINAL_TYPE (RtccPersonResult, rtcc_person_result, RTCC, PERSON_RESULT, GObject)

struct _RtccPersonResult
{
  GObject     parent_instance;
  JsonObject *person;
};

G_DEFINE_FINAL_TYPE (RtccPersonResult, rtcc_person_result, G_TYPE_OBJECT)

static void
rtcc_person_result_finalize (GObject *object)
{
  g_clear_pointer (&RTCC_PERSON_RESULT (object)->person, json_object_unref);
  G_OBJECT_CLASS (rtcc_person_result_parent_class)->finalize (object);
}

static void
rtcc_person_result_class_init (RtccPersonResultClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rtcc_person_result_finalize;
}

static void
rtcc_person_result_init (RtccPersonResult *self)
{
}

/**
 * RtccPersonSearchDialog:
 *
 * Searches RMS persons by last name (required by the RMS), first name and
 * date of birth, by spelling or by sound (the RMS's phonetic option).
 * Selecting a person looks the full record up; from there the NCIC query
 * dialog opens with the person filled in. Every lookup is audited by the
 * integration; nothing of a person is logged or written to disk.
 */
struct _RtccPersonSearchDialog
{
  AdwWindow                   parent_instance;

  RtccOnesolutionIntegration *rms;
  RtccNessIntegration        *ness;

  GListStore                 *results;
  GtkSingleSelection         *selection;
  GListStore                 *details;
  JsonObject                 *person;      /* the record shown */
  GCancellable               *cancellable;
  GCancellable               *detail_cancellable;
  guint                       busy;

  GtkEntry                   *last_entry;
  GtkEntry                   *first_entry;
  GtkEntry                   *dob_entry;
  GtkSwitch                  *phonetic_switch;
  GtkSpinner                 *spinner;
  GtkLabel                   *status_label;
  GtkColumnView              *column_view;
  GtkListBox                 *details_list;
  GtkLabel                   *details_placeholder;
};

G_DEFINE_FINAL_TYPE (RtccPersonSearchDialog, rtcc_person_search_dialog, ADW_TYPE_WINDOW)

static char *
entry_text (GtkEntry *entry)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
}

static void
set_status (RtccPersonSearchDialog *self,
            const char             *text)
{
  if (self->status_label != NULL)
    gtk_label_set_text (self->status_label, text);
}

static gboolean
dob_valid (const char *text)
{
  int y, m, d;
  char tail;

  return strlen (text) == 10 && text[4] == '-' && text[7] == '-' &&
         sscanf (text, "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3 && g_date_valid_dmy (d, m, y);
}

static void
update_actions (RtccPersonSearchDialog *self)
{
  /* A lookup may finish after the window went. */
  if (self->last_entry == NULL)
    return;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "person-search.search",
                                 self->busy == 0 && rtcc_person_search_dialog_can_search (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "person-search.query-ncic",
                                 self->person != NULL && self->ness != NULL);
}

static void
set_busy (RtccPersonSearchDialog *self,
          gboolean                busy)
{
  if (busy)
    self->busy++;
  else if (self->busy > 0)
    self->busy--;
  if (self->spinner != NULL)
    gtk_spinner_set_spinning (self->spinner, self->busy > 0);
  update_actions (self);
}

/**
 * rtcc_person_search_dialog_can_search:
 *
 * Returns: whether the form holds a search the RMS accepts: a last name,
 *   and a date of birth, if any, written YYYY-MM-DD
 */
gboolean
rtcc_person_search_dialog_can_search (RtccPersonSearchDialog *self)
{
  g_autofree char *last = NULL;
  g_autofree char *dob = NULL;

  g_return_val_if_fail (RTCC_IS_PERSON_SEARCH_DIALOG (self), FALSE);

  last = entry_text (self->last_entry);
  dob = entry_text (self->dob_entry);
  return self->rms != NULL && *last != '\0' && (*dob == '\0' || dob_valid (dob));
}

static void
clear_details (RtccPersonSearchDialog *self)
{
  g_cancellable_cancel (self->detail_cancellable);
  g_clear_object (&self->detail_cancellable);
  g_clear_pointer (&self->person, json_object_unref);
  g_list_store_remove_all (self->details);
  if (self->details_placeholder != NULL)
    gtk_widget_set_visible (GTK_WIDGET (self->details_placeholder), TRUE);
  update_actions (self);
}

static void
search_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(RtccPersonSearchDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) persons = NULL;
  guint n = 0;

  persons = rtcc_onesolution_integration_search_persons_finish (RTCC_ONESOLUTION_INTEGRATION (object), result, &error);
  if (self->status_label == NULL)
    return;
  set_busy (self, FALSE);
  if (persons == NULL)
    {
      set_status (self, g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ? _("Search cancelled.") : error->message);
      return;
    }
  for (guint i = 0; i < json_array_get_length (persons); i++)
    {
      JsonNode *node = json_array_get_element (persons, i);
      g_autoptr(RtccPersonResult) item = NULL;

      /* A record without an id cannot be opened: the RMS sent it broken. */
      if (!JSON_NODE_HOLDS_OBJECT (node) || rtcc_json_get_string (json_node_get_object (node), "personId") == NULL)
        continue;
      item = g_object_new (RTCC_TYPE_PERSON_RESULT, NULL);
      item->person = json_object_ref (json_node_get_object (node));
      g_list_store_append (self->results, item);
      n++;
    }
  if (n == 0)
    set_status (self, _("No person matches. Try the sound-alike search, or fewer fields."));
  else if (n == 1)
    set_status (self, _("One person found."));
  else
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u person found. Select one to see the record.",
                                                            "%u persons found. Select one to see the record.", n), n);
      set_status (self, text);
    }
  /* One match is the person looked for: show the record straight away. */
  gtk_single_selection_set_selected (self->selection, n == 1 ? 0 : GTK_INVALID_LIST_POSITION);
}

/**
 * rtcc_person_search_dialog_search:
 *
 * Sends the form's search to the RMS.
 *
 * Returns: whether the search was sent
 */
gboolean
rtcc_person_search_dialog_search (RtccPersonSearchDialog *self)
{
  g_autofree char *last = NULL;
  g_autofree char *first = NULL;
  g_autofree char *dob = NULL;

  g_return_val_if_fail (RTCC_IS_PERSON_SEARCH_DIALOG (self), FALSE);

  if (self->busy > 0 || !rtcc_person_search_dialog_can_search (self))
    return FALSE;
  last = g_ascii_strup (gtk_editable_get_text (GTK_EDITABLE (self->last_entry)), -1);
  first = g_ascii_strup (gtk_editable_get_text (GTK_EDITABLE (self->first_entry)), -1);
  dob = entry_text (self->dob_entry);
  g_strstrip (last);
  g_strstrip (first);

  clear_details (self);
  g_list_store_remove_all (self->results);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  set_status (self, _("Searching the RMS…"));
  set_busy (self, TRUE);
  rtcc_onesolution_integration_search_persons_async (self->rms, last, *first ? first : NULL, *dob ? dob : NULL,
                                                     gtk_switch_get_active (self->phonetic_switch),
                                                     self->cancellable, search_cb, g_object_ref (self));
  return TRUE;
}

static void
add_detail (RtccPersonSearchDialog *self,
            const char             *name,
            const char             *value)
{
  g_autoptr(RtccDetailField) field = NULL;

  if (value == NULL || *value == '\0')
    return;
  field = rtcc_detail_field_new (name, value);
  g_list_store_append (self->details, field);
}

/* Joins an array of strings, or of objects whose named members are
 * joined with spaces. */
static char *
join_array (JsonArray          *array,
            const char * const *members)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      g_autoptr(GString) one = g_string_new (NULL);

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        g_string_append (one, json_node_get_string (node));
      else if (JSON_NODE_HOLDS_OBJECT (node))
        for (guint k = 0; members[k] != NULL; k++)
          {
            g_autofree char *value = rtcc_json_dup_string_lenient (json_node_get_object (node), members[k]);

            if (value != NULL && *value != '\0')
              g_string_append_printf (one, one->len ? " %s" : "%s", value);
          }
      if (one->len > 0)
        g_string_append_printf (out, out->len ? "\n%s" : "%s", one->str);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
fill_details (RtccPersonSearchDialog *self)
{
  static const char * const address_members[] = { "address", "city", "state", "zip", NULL };
  static const char * const identifier_members[] = { "type", "value", "state", NULL };
  JsonObject *p = self->person;
  g_autofree char *name = NULL;
  g_autofree char *height = NULL;
  g_autofree char *weight = NULL;
  g_autofree char *addresses = NULL;
  g_autofree char *aliases = NULL;
  g_autofree char *identifiers = NULL;
  g_autofree char *id = rtcc_json_dup_string_lenient (p, "personId");
  gint64 value;

  name = g_strdup_printf ("%s, %s%s%s", rtcc_json_get_string (p, "lastName") ?: "—",
                          rtcc_json_get_string (p, "firstName") ?: "—",
                          rtcc_json_get_string (p, "middleName") ? " " : "",
                          rtcc_json_get_string (p, "middleName") ?: "");
  if (rtcc_json_get_int (p, "heightCm", &value, NULL) && value > 0)
    height = g_strdup_printf (_("%d cm"), (int) value);
  if (rtcc_json_get_int (p, "weightKg", &value, NULL) && value > 0)
    weight = g_strdup_printf (_("%d kg"), (int) value);
  addresses = join_array (rtcc_json_get_array (p, "addresses"), address_members);
  aliases = join_array (rtcc_json_get_array (p, "aliases"), (const char * const[]) { NULL });
  identifiers = join_array (rtcc_json_get_array (p, "identifiers"), identifier_members);

  g_list_store_remove_all (self->details);
  add_detail (self, _("Name"), name);
  add_detail (self, _("Born"), rtcc_json_get_string (p, "dob"));
  add_detail (self, _("Sex"), rtcc_json_get_string (p, "sex"));
  add_detail (self, _("Race"), rtcc_json_get_string (p, "race"));
  add_detail (self, _("Height"), height);
  add_detail (self, _("Weight"), weight);
  add_detail (self, _("Addresses"), addresses);
  add_detail (self, _("Aliases"), aliases);
  add_detail (self, _("Identifiers"), identifiers);
  add_detail (self, _("RMS person"), id);
  gtk_widget_set_visible (GTK_WIDGET (self->details_placeholder), FALSE);
}

static void
person_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(RtccPersonSearchDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) person = NULL;

  person = rtcc_onesolution_integration_get_person_finish (RTCC_ONESOLUTION_INTEGRATION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->status_label == NULL)
    {
      set_busy (self, FALSE);
      return;
    }
  set_busy (self, FALSE);
  if (person == NULL)
    {
      set_status (self, error->message);
      return;
    }
  self->person = g_steal_pointer (&person);
  fill_details (self);
  update_actions (self);
}

/**
 * rtcc_person_search_dialog_select:
 * @position: a result's position
 *
 * Selects a result and looks its full record up in the RMS.
 */
void
rtcc_person_search_dialog_select (RtccPersonSearchDialog *self,
                                  guint                   position)
{
  g_return_if_fail (RTCC_IS_PERSON_SEARCH_DIALOG (self));

  gtk_single_selection_set_selected (self->selection, position);
}

static void
on_selected (RtccPersonSearchDialog *self)
{
  g_autoptr(RtccPersonResult) item = NULL;
  g_autofree char *id = NULL;

  clear_details (self);
  item = g_list_model_get_item (G_LIST_MODEL (self->results), gtk_single_selection_get_selected (self->selection));
  if (item == NULL || self->rms == NULL)
    return;
  id = rtcc_json_dup_string_lenient (item->person, "personId");
  self->detail_cancellable = g_cancellable_new ();
  set_busy (self, TRUE);
  rtcc_onesolution_integration_get_person_async (self->rms, id, self->detail_cancellable, person_cb, g_object_ref (self));
}

/**
 * rtcc_person_search_dialog_query_ncic:
 *
 * Opens the NCIC query dialog with the shown person's name and date of
 * birth.
 *
 * Returns: (transfer none) (nullable): the dialog, or %NULL when no
 *   record is shown
 */
RtccNessDialog *
rtcc_person_search_dialog_query_ncic (RtccPersonSearchDialog *self)
{
  RtccNessDialog *dialog;

  g_return_val_if_fail (RTCC_IS_PERSON_SEARCH_DIALOG (self), NULL);

  if (self->person == NULL)
    return NULL;
  dialog = rtcc_ness_dialog_new (self->ness);
  rtcc_ness_dialog_set_kind (dialog, RTCC_NESS_QUERY_WANTED);
  rtcc_ness_dialog_set_person (dialog, rtcc_json_get_string (self->person, "lastName"),
                               rtcc_json_get_string (self->person, "firstName"),
                               rtcc_json_get_string (self->person, "dob"));
  rtcc_session_window_present (GTK_WINDOW (dialog), GTK_WINDOW (self));
  return dialog;
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  rtcc_person_search_dialog_search (RTCC_PERSON_SEARCH_DIALOG (widget));
}

static void
query_ncic_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  rtcc_person_search_dialog_query_ncic (RTCC_PERSON_SEARCH_DIALOG (widget));
}

static void
setup_label (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);
}

static void
bind_column (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  user_data)
{
  RtccPersonResult *result = gtk_list_item_get_item (item);
  const char *member = user_data;
  g_autofree char *text = NULL;

  if (g_str_equal (member, "name"))
    text = g_strdup_printf ("%s, %s%s%s", rtcc_json_get_string (result->person, "lastName") ?: "—",
                            rtcc_json_get_string (result->person, "firstName") ?: "—",
                            rtcc_json_get_string (result->person, "middleName") ? " " : "",
                            rtcc_json_get_string (result->person, "middleName") ?: "");
  else
    text = rtcc_json_dup_string_lenient (result->person, member);
  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), text != NULL ? text : "");
}

static void
add_column (RtccPersonSearchDialog *self,
            const char             *title,
            const char             *member,
            gboolean                expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *column;

  g_signal_connect (factory, "setup", G_CALLBACK (setup_label), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_column), (gpointer) member);
  column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (column, expand);
  gtk_column_view_column_set_resizable (column, TRUE);
  gtk_column_view_append_column (self->column_view, column);
  g_object_unref (column);
}

static GtkWidget *
create_detail_row (gpointer item,
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
  gtk_label_set_justify (GTK_LABEL (value), GTK_JUSTIFY_RIGHT);
  gtk_widget_set_hexpand (value, TRUE);
  gtk_widget_add_css_class (value, "dim-label");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), value);
  return row;
}

static void
on_form_changed (RtccPersonSearchDialog *self)
{
  g_autofree char *dob = entry_text (self->dob_entry);

  if (*dob != '\0' && !dob_valid (dob))
    gtk_widget_add_css_class (GTK_WIDGET (self->dob_entry), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->dob_entry), "error");
  update_actions (self);
}

static void
rtcc_person_search_dialog_dispose (GObject *object)
{
  RtccPersonSearchDialog *self = RTCC_PERSON_SEARCH_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->detail_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), RTCC_TYPE_PERSON_SEARCH_DIALOG);
  /* Person records leave memory with the window. */
  g_clear_pointer (&self->person, json_object_unref);
  if (self->results != NULL)
    g_list_store_remove_all (self->results);
  if (self->details != NULL)
    g_list_store_remove_all (self->details);

  G_OBJECT_CLASS (rtcc_person_search_dialog_parent_class)->dispose (object);
}

static void
rtcc_person_search_dialog_finalize (GObject *object)
{
  RtccPersonSearchDialog *self = RTCC_PERSON_SEARCH_DIALOG (object);

  g_clear_object (&self->rms);
  g_clear_object (&self->ness);
  g_clear_object (&self->results);
  g_clear_object (&self->selection);
  g_clear_object (&self->details);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->detail_cancellable);

  G_OBJECT_CLASS (rtcc_person_search_dialog_parent_class)->finalize (object);
}

static void
rtcc_person_search_dialog_class_init (RtccPersonSearchDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rtcc_person_search_dialog_dispose;
  object_class->finalize = rtcc_person_search_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/com/g3ti/Rtcc/rtcc-person-search-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, RtccPersonSearchDialog, last_entry);
  gtk_widget_class_bind_template_child (widget_class, RtccPersonSearchDialog, first_entry);
  gtk_widget_class_bind_template_child (widget_class, RtccPersonSearchDialog, dob_entry);
  gtk_widget_class_bind_template_child (widget_class, RtccPersonSearchDialog, phonetic_switch);
  gtk_widget_class_bind_template_child (widget_class, RtccPersonSearchDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, RtccPersonSearchDialog, status_label);
  gtk_widget_class_bind_template_child (widget_class, RtccPersonSearchDialog, column_view);
  gtk_widget_class_bind_template_child (widget_class, RtccPersonSearchDialog, details_list);
  gtk_widget_class_bind_template_child (widget_class, RtccPersonSearchDialog, details_placeholder);

  gtk_widget_class_install_action (widget_class, "person-search.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "person-search.query-ncic", NULL, query_ncic_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
rtcc_person_search_dialog_init (RtccPersonSearchDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->results = g_list_store_new (RTCC_TYPE_PERSON_RESULT);
  self->details = g_list_store_new (RTCC_TYPE_DETAIL_FIELD);
  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->results)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  add_column (self, _("Name"), "name", TRUE);
  add_column (self, _("Born"), "dob", FALSE);
  add_column (self, _("Sex"), "sex", FALSE);
  add_column (self, _("Race"), "race", FALSE);
  add_column (self, _("RMS person"), "personId", FALSE);
  gtk_list_box_bind_model (self->details_list, G_LIST_MODEL (self->details), create_detail_row, NULL, NULL);
  g_signal_connect_swapped (self->selection, "notify::selected", G_CALLBACK (on_selected), self);

  for (GtkEntry **e = (GtkEntry *[]) { self->last_entry, self->first_entry, self->dob_entry, NULL }; *e; e++)
    {
      g_signal_connect_swapped (*e, "changed", G_CALLBACK (on_form_changed), self);
      g_signal_connect_swapped (*e, "activate", G_CALLBACK (rtcc_person_search_dialog_search), self);
    }
  set_status (self, _("Enter at least a last name. Each search is recorded in the audit log."));
  update_actions (self);
}

/**
 * rtcc_person_search_dialog_new:
 * @rms: (nullable): the OneSolution RMS integration
 * @ness: (nullable): the NESS integration, for the NCIC queries
 *
 * Returns: (transfer full): the dialog
 */
RtccPersonSearchDialog *
rtcc_person_search_dialog_new (RtccOnesolutionIntegration *rms,
                               RtccNessIntegration        *ness)
{
  RtccPersonSearchDialog *self;

  g_return_val_if_fail (rms == NULL || RTCC_IS_ONESOLUTION_INTEGRATION (rms), NULL);
  g_return_val_if_fail (ness == NULL || RTCC_IS_NESS_INTEGRATION (ness), NULL);

  self = g_object_new (RTCC_TYPE_PERSON_SEARCH_DIALOG, NULL);
  self->rms = rms != NULL ? g_object_ref (rms) : NULL;
  self->ness = ness != NULL ? g_object_ref (ness) : NULL;
  if (rms == NULL)
    set_status (self, _("OneSolution RMS is not part of this workstation’s integrations."));
  update_actions (self);
  return self;
}

/**
 * rtcc_person_search_dialog_set_query:
 * @last_name: (nullable): the last name
 * @first_name: (nullable): the first name
 * @dob: (nullable): the date of birth, YYYY-MM-DD
 * @phonetic: whether to search names that sound alike
 *
 * Fills the search form.
 */
void
rtcc_person_search_dialog_set_query (RtccPersonSearchDialog *self,
                                     const char             *last_name,
                                     const char             *first_name,
                                     const char             *dob,
                                     gboolean                phonetic)
{
  g_return_if_fail (RTCC_IS_PERSON_SEARCH_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->last_entry), last_name ? last_name : "");
  gtk_editable_set_text (GTK_EDITABLE (self->first_entry), first_name ? first_name : "");
  gtk_editable_set_text (GTK_EDITABLE (self->dob_entry), dob ? dob : "");
  gtk_switch_set_active (self->phonetic_switch, phonetic);
}

/**
 * rtcc_person_search_dialog_get_busy:
 *
 * Returns: whether a search or a record lookup is under way
 */
gboolean
rtcc_person_search_dialog_get_busy (RtccPersonSearchDialog *self)
{
  g_return_val_if_fail (RTCC_IS_PERSON_SEARCH_DIALOG (self), FALSE);
  return self->busy > 0;
}

/**
 * rtcc_person_search_dialog_get_n_results:
 *
 * Returns: how many persons the last search found
 */
guint
rtcc_person_search_dialog_get_n_results (RtccPersonSearchDialog *self)
{
  g_return_val_if_fail (RTCC_IS_PERSON_SEARCH_DIALOG (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->results));
}

/**
 * rtcc_person_search_dialog_dup_result_id:
 * @position: a result's position
 *
 * Returns: (transfer full) (nullable): the RMS person id of that result
 */
char *
rtcc_person_search_dialog_dup_result_id (RtccPersonSearchDialog *self,
                                         guint                   position)
{
  g_autoptr(RtccPersonResult) item = NULL;

  g_return_val_if_fail (RTCC_IS_PERSON_SEARCH_DIALOG (self), NULL);

  item = g_list_model_get_item (G_LIST_MODEL (self->results), position);
  return item != NULL ? rtcc_json_dup_string_lenient (item->person, "personId") : NULL;
}

/**
 * rtcc_person_search_dialog_get_details:
 *
 * Returns: (transfer none): the selected person's record, as
 *   #RtccDetailField<!-- -->s; empty until it is looked up
 */
GListModel *
rtcc_person_search_dialog_get_details (RtccPersonSearchDialog *self)
{
  g_return_val_if_fail (RTCC_IS_PERSON_SEARCH_DIALOG (self), NULL);
  return G_LIST_MODEL (self->details);
}

/**
 * rtcc_person_search_dialog_get_status:
 *
 * Returns: (transfer none): the status line
 */
const char *
rtcc_person_search_dialog_get_status (RtccPersonSearchDialog *self)
{
  g_return_val_if_fail (RTCC_IS_PERSON_SEARCH_DIALOG (self), NULL);
  return gtk_label_get_text (self->status_label);
}
