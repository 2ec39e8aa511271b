/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccPersonRow"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "rtcc-json.h"
#include "rtcc-person-row.h"
#include "rtcc-session-window.h"

/* Lookups per case: a case with more persons is rare and each lookup is
 * an audited RMS request. */
#define MAX_PERSONS 100

/**
 * RtccPersonItem:
 *
 * One person of an RMS case, as the RMS gave it: the item of the persons
 * lists of the case and incident windows.
 */
struct _RtccPersonItem
{
  GObject  parent_instance;
  char    *id;
  char    *role;
  char    *last_name;
  char    *first_name;
  char    *middle_name;
  char    *dob;
};

G_DEFINE_FINAL_TYPE (RtccPersonItem, rtcc_person_item, G_TYPE_OBJECT)

static void
rtcc_person_item_finalize (GObject *object)
{
  RtccPersonItem *self = RTCC_PERSON_ITEM (object);

  g_free (self->id);
  g_free (self->role);
  g_free (self->last_name);
  g_free (self->first_name);
  g_free (self->middle_name);
  g_free (self->dob);
  G_OBJECT_CLASS (rtcc_person_item_parent_class)->finalize (object);
}

static void
rtcc_person_item_class_init (RtccPersonItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rtcc_person_item_finalize;
}

static void
rtcc_person_item_init (RtccPersonItem *self)
{
}

/* @role: (transfer full) (nullable) */
static RtccPersonItem *
person_item_new (JsonObject *person,
                 char       *role)
{
  RtccPersonItem *self = g_object_new (RTCC_TYPE_PERSON_ITEM, NULL);

  self->id = rtcc_json_dup_string_lenient (person, "personId");
  self->last_name = g_strdup (rtcc_json_get_string (person, "lastName"));
  self->first_name = g_strdup (rtcc_json_get_string (person, "firstName"));
  self->middle_name = g_strdup (rtcc_json_get_string (person, "middleName"));
  self->dob = g_strdup (rtcc_json_get_string (person, "dob"));
  self->role = role;
  if (self->id == NULL)
    self->id = g_strdup ("—");
  return self;
}

/**
 * rtcc_person_item_get_id:
 *
 * Returns: the RMS person id, "—" when the RMS gave none
 */
const char *
rtcc_person_item_get_id (RtccPersonItem *self)
{
  g_return_val_if_fail (RTCC_IS_PERSON_ITEM (self), NULL);
  return self->id;
}

/**
 * rtcc_person_item_get_role:
 *
 * Returns: (nullable): the person's roles in the case, comma-separated
 */
const char *
rtcc_person_item_get_role (RtccPersonItem *self)
{
  g_return_val_if_fail (RTCC_IS_PERSON_ITEM (self), NULL);
  return self->role;
}

/**
 * rtcc_person_item_get_last_name:
 *
 * Returns: (nullable): the last name
 */
const char *
rtcc_person_item_get_last_name (RtccPersonItem *self)
{
  g_return_val_if_fail (RTCC_IS_PERSON_ITEM (self), NULL);
  return self->last_name;
}

/**
 * rtcc_person_item_get_first_name:
 *
 * Returns: (nullable): the first name
 */
const char *
rtcc_person_item_get_first_name (RtccPersonItem *self)
{
  g_return_val_if_fail (RTCC_IS_PERSON_ITEM (self), NULL);
  return self->first_name;
}

/**
 * rtcc_person_item_get_middle_name:
 *
 * Returns: (nullable): the middle name
 */
const char *
rtcc_person_item_get_middle_name (RtccPersonItem *self)
{
  g_return_val_if_fail (RTCC_IS_PERSON_ITEM (self), NULL);
  return self->middle_name;
}

/**
 * rtcc_person_item_get_dob:
 *
 * Returns: (nullable): the date of birth as the RMS wrote it
 */
const char *
rtcc_person_item_get_dob (RtccPersonItem *self)
{
  g_return_val_if_fail (RTCC_IS_PERSON_ITEM (self), NULL);
  return self->dob;
}

/**
 * rtcc_person_item_open_query:
 * @ness: (nullable): the NESS integration
 * @parent: the window the dialog belongs to
 *
 * Opens the NCIC query dialog with the person's name and date of birth.
 *
 * Returns: (transfer none): the dialog
 */
RtccNessDialog *
rtcc_person_item_open_query (RtccPersonItem      *self,
                             RtccNessIntegration *ness,
                             GtkWindow           *parent)
{
  RtccNessDialog *dialog;

  g_return_val_if_fail (RTCC_IS_PERSON_ITEM (self), NULL);
  g_return_val_if_fail (GTK_IS_WINDOW (parent), NULL);

  dialog = rtcc_ness_dialog_new (ness);
  rtcc_ness_dialog_set_kind (dialog, RTCC_NESS_QUERY_WANTED);
  rtcc_ness_dialog_set_person (dialog, self->last_name, self->first_name, self->dob);
  rtcc_session_window_present (GTK_WINDOW (dialog), parent);
  return dialog;
}

typedef struct
{
  GObject             *owner;
  RtccPersonFoundFunc  found;
  char                *role;
} PersonLookup;

static void
person_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  PersonLookup *lookup = user_data;
  g_autoptr(GObject) owner = lookup->owner;
  g_autofree char *role = lookup->role;
  RtccPersonFoundFunc found = lookup->found;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) person = NULL;
  g_autoptr(RtccPersonItem) item = NULL;

  g_free (lookup);
  person = rtcc_onesolution_integration_get_person_finish (RTCC_ONESOLUTION_INTEGRATION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (person != NULL)
    item = person_item_new (person, g_steal_pointer (&role));
  found (owner, item, error);
}

static void
free_string (gpointer p)
{
  g_string_free (p, TRUE);
}

/**
 * rtcc_person_item_look_up_all:
 * @rms: the RMS integration, which audits every lookup
 * @persons: (nullable): a case's "persons" array of {personId, role}
 * @cancellable: (nullable): cancels the lookups; @found is then not called
 * @owner: kept alive until each lookup has answered
 * @found: called with each person, or with the reason a lookup failed
 *
 * Looks up each person of a case in the RMS. A person in several of the
 * case's incidents is looked up once, with every role; entries without a
 * person id are skipped, and at most 100 persons are looked up.
 *
 * Returns: how many lookups were started, as many times as @found will be
 *   called unless @cancellable is cancelled
 */
guint
rtcc_person_item_look_up_all (RtccOnesolutionIntegration *rms,
                              JsonArray                  *persons,
                              GCancellable               *cancellable,
                              GObject                    *owner,
                              RtccPersonFoundFunc         found)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) roles = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, free_string);

  g_return_val_if_fail (RTCC_IS_ONESOLUTION_INTEGRATION (rms), 0);
  g_return_val_if_fail (G_IS_OBJECT (owner), 0);
  g_return_val_if_fail (found != NULL, 0);

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

      lookup->owner = g_object_ref (owner);
      lookup->found = found;
      lookup->role = role->len > 0 ? g_strdup (role->str) : NULL;
      rtcc_onesolution_integration_get_person_async (rms, g_ptr_array_index (ids, i), cancellable,
                                                     person_cb, lookup);
    }
  return ids->len;
}

static void
query_clicked (GtkButton *button,
               gpointer   owner)
{
  RtccPersonItem *person = g_object_get_data (G_OBJECT (button), "rtcc-person");
  RtccPersonQueryFunc query = g_object_get_data (G_OBJECT (button), "rtcc-person-query");

  query (person, owner);
}

/**
 * rtcc_person_row_new:
 * @person: the person
 * @with_middle_name: whether the title names the middle name too
 * @can_query: whether the NCIC button is sensitive
 * @query: called when the NCIC button is clicked
 * @owner: passed to @query; the button is connected for as long as it lives
 *
 * Returns: (transfer floating): a row with the person's name, roles, date
 *   of birth and RMS id, and a button that runs the NCIC queries
 */
GtkWidget *
rtcc_person_row_new (RtccPersonItem      *person,
                     gboolean             with_middle_name,
                     gboolean             can_query,
                     RtccPersonQueryFunc  query,
                     GObject             *owner)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button = gtk_button_new_with_label (_("Run NCIC queries…"));
  const char *middle = with_middle_name ? person->middle_name : NULL;
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;

  title = g_strdup_printf ("%s, %s%s%s", person->last_name ? person->last_name : "—",
                           person->first_name ? person->first_name : "—",
                           middle ? " " : "", middle ? middle : "");
  subtitle = g_strdup_printf (_("%s · born %s · %s"), person->role ? person->role : _("no role"),
                              person->dob ? person->dob : _("unknown"), person->id);
  /* Names come from the RMS: never markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_object_set_data (G_OBJECT (button), "rtcc-person", person);
  g_object_set_data (G_OBJECT (button), "rtcc-person-query", (gpointer) query);
  g_signal_connect_object (button, "clicked", G_CALLBACK (query_clicked), owner, 0);
  gtk_widget_set_sensitive (button, can_query);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  return row;
}
