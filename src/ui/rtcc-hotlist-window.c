/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccHotlists"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "rtcc-hotlist-csv.h"
#include "rtcc-util.h"
#include "rtcc-hotlist-entry-item.h"
#include "rtcc-hotlist-item.h"
#include "rtcc-hotlist-window.h"
#include "rtcc-plate-markup.h"
#include "rtcc-time.h"

/**
 * RtccHotlistWindow:
 *
 * The agency's Flock hotlists: browse the plates on each, add one with a
 * reason, remove one after a confirmation (with an undo), and import a
 * CSV file of plates one by one. Every change is audited, the failed ones
 * too; without the audit log the window only shows the lists.
 */
struct _RtccHotlistWindow
{
  AdwWindow             parent_instance;

  RtccFlockIntegration *flock;
  RtccAuditLog         *audit;
  char                 *operator_id;

  GListStore           *hotlists;        /* RtccHotlistItem */
  GtkSingleSelection   *hotlist_selection;
  GListStore           *entries;         /* RtccHotlistEntryItem */
  GtkCustomFilter      *filter;
  GtkSingleSelection   *entry_selection;
  char                 *filter_text;     /* case-folded */
  GListStore           *import_rows;     /* RtccHotlistCsvRow */

  GCancellable         *cancellable;     /* the window's life */
  GCancellable         *load_cancellable;
  GCancellable         *import_cancellable;
  char                 *hotlist_id;      /* the list shown */
  char                 *message;         /* the message page's text */
  guint                 loads;
  gboolean              sending;
  gboolean              importing;
  gboolean              busy;

  /* What the last removal took off, for its undo. */
  RtccFlockHotlistEntry *removed;
  char                 *removed_hotlist_id;
  AdwMessageDialog     *confirm;
  AdwToast             *undo_toast;       /* weak */

  guint                 import_next;
  guint                 import_added;
  guint                 import_failed;
  guint                 import_total;

  AdwToastOverlay      *toast_overlay;
  GtkStack             *main_stack;
  GtkListView          *sidebar;
  GtkStack             *content_stack;
  GtkSpinner           *spinner;
  GtkLabel             *loading_label;
  AdwStatusPage        *message_page;
  GtkWidget            *retry_button;
  GtkLabel             *list_title;
  GtkSearchEntry       *filter_entry;
  GtkStack             *entries_stack;
  GtkColumnView        *column_view;
  AdwStatusPage        *empty_page;
  GtkLabel             *count_label;
  GtkLabel             *form_title;
  GtkLabel             *form_status;
  GtkEntry             *plate_entry;
  GtkEntry             *state_entry;
  GtkEntry             *reason_entry;
  GtkEntry             *case_entry;
  GtkEntry             *expiry_entry;
  GtkLabel             *plate_error;
  GtkLabel             *state_error;
  GtkLabel             *reason_error;
  GtkLabel             *case_error;
  GtkLabel             *expiry_error;
  GtkLabel             *import_title;
  GtkLabel             *import_status;
  GtkProgressBar       *import_progress;
  GtkColumnView        *import_view;
  GtkButton            *import_button;
  GtkWidget            *import_cancel_button;
};

G_DEFINE_FINAL_TYPE (RtccHotlistWindow, rtcc_hotlist_window, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The names Flock gives the fields, for its 4xx answers. */
static const char * const vendor_fields[RTCC_HOTLIST_N_FIELDS] = {
  "plate", "state", "reason", "caseNumber", "expiresAt",
};

static void load_entries (RtccHotlistWindow *self);

static GtkEntry *
field_entry (RtccHotlistWindow *self,
             RtccHotlistField   field)
{
  GtkEntry *entries[] = { self->plate_entry, self->state_entry, self->reason_entry,
                          self->case_entry, self->expiry_entry };

  return entries[field];
}

static GtkLabel *
field_error (RtccHotlistWindow *self,
             RtccHotlistField   field)
{
  GtkLabel *errors[] = { self->plate_error, self->state_error, self->reason_error,
                         self->case_error, self->expiry_error };

  return errors[field];
}

static RtccHotlistItem *
find_hotlist (RtccHotlistWindow *self,
              const char        *hotlist_id,
              guint             *position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->hotlists));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RtccHotlistItem) item = g_list_model_get_item (G_LIST_MODEL (self->hotlists), i);

      if (g_strcmp0 (rtcc_hotlist_item_get_id (item), hotlist_id) == 0)
        {
          if (position != NULL)
            *position = i;
          return item;   /* the store holds a reference */
        }
    }
  return NULL;
}

static const char *
hotlist_name (RtccHotlistWindow *self,
              const char        *hotlist_id)
{
  RtccHotlistItem *item = find_hotlist (self, hotlist_id, NULL);

  if (item != NULL)
    return rtcc_hotlist_item_get_name (item);
  return hotlist_id != NULL ? hotlist_id : "";
}

static gboolean
find_entry (RtccHotlistWindow *self,
            const char        *plate,
            guint             *position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->entries));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RtccHotlistEntryItem) item = g_list_model_get_item (G_LIST_MODEL (self->entries), i);

      if (g_strcmp0 (rtcc_hotlist_entry_item_get_entry (item)->plate, plate) == 0)
        {
          *position = i;
          return TRUE;
        }
    }
  return FALSE;
}

static AdwToast *
toast (RtccHotlistWindow *self,
       const char        *text,
       const char        *button,
       const char        *action)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);
  AdwToast *t;

  if (self->toast_overlay == NULL)
    return NULL;
  /* Toast titles are markup; what the vendor says is not. */
  t = adw_toast_new (escaped);
  adw_toast_set_timeout (t, button != NULL ? 10 : 5);
  if (button != NULL)
    {
      adw_toast_set_button_label (t, button);
      adw_toast_set_action_name (t, action);
    }
  adw_toast_overlay_add_toast (self->toast_overlay, t);
  return t;
}

static void
update_busy (RtccHotlistWindow *self)
{
  gboolean busy = self->loads > 0 || self->sending || self->importing;
  gboolean can_change = self->flock != NULL && self->audit != NULL && self->hotlist_id != NULL;
  gboolean have_valid = FALSE;
  guint n_rows;

  /* Closed: what is still on its way only needs its audit record. */
  if (self->toast_overlay == NULL)
    return;
  if (self->import_rows != NULL)
    {
      n_rows = g_list_model_get_n_items (G_LIST_MODEL (self->import_rows));
      for (guint i = 0; i < n_rows && !have_valid; i++)
        {
          g_autoptr(RtccHotlistCsvRow) row = g_list_model_get_item (G_LIST_MODEL (self->import_rows), i);

          have_valid = rtcc_hotlist_csv_row_is_valid (row) &&
                       rtcc_hotlist_csv_row_get_result (row) == RTCC_HOTLIST_CSV_ROW_PENDING;
        }
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "hotlists.refresh", self->flock != NULL && !self->importing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "hotlists.add", can_change && !self->importing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "hotlists.submit", can_change && !self->sending);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "hotlists.import", can_change && !self->importing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "hotlists.import-start",
                                 can_change && !self->importing && have_valid);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "hotlists.import-cancel", self->importing);
  gtk_widget_set_visible (GTK_WIDGET (self->import_button), have_valid && !self->importing);
  gtk_widget_set_visible (self->import_cancel_button, self->importing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "hotlists.back", !self->importing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "hotlists.remove-selected",
                                 can_change && !self->sending && self->entry_selection != NULL &&
                                 gtk_single_selection_get_selected_item (self->entry_selection) != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "hotlists.undo-remove",
                                 self->removed != NULL && self->audit != NULL && !self->sending);

  gtk_spinner_set_spinning (self->spinner, self->loads > 0);
  if (self->busy == busy)
    return;
  self->busy = busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
show_loading (RtccHotlistWindow *self,
              const char        *text)
{
  gtk_label_set_text (self->loading_label, text);
  gtk_stack_set_visible_child_name (self->content_stack, "loading");
}

static void
show_message (RtccHotlistWindow *self,
              const char        *title,
              const char        *description,
              gboolean           retry)
{
  /* The status page's description is markup. */
  g_autofree char *escaped = description != NULL ? g_markup_escape_text (description, -1) : NULL;

  g_free (self->message);
  self->message = g_strdup_printf ("%s %s", title, description != NULL ? description : "");
  adw_status_page_set_icon_name (self->message_page, retry ? "dialog-warning-symbolic" : "view-list-symbolic");
  adw_status_page_set_title (self->message_page, title);
  adw_status_page_set_description (self->message_page, escaped);
  gtk_widget_set_visible (self->retry_button, retry);
  gtk_stack_set_visible_child_name (self->content_stack, "message");
}

static void
update_entries_view (RtccHotlistWindow *self)
{
  guint total = g_list_model_get_n_items (G_LIST_MODEL (self->entries));
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->entry_selection));
  g_autofree char *count = NULL;

  if (self->count_label == NULL)
    return;
  if (shown == total)
    count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u plate", "%u plates", total), total);
  else
    count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u plate", "%u of %u plates", total),
                             shown, total);
  gtk_label_set_text (self->count_label, count);

  if (shown > 0)
    gtk_stack_set_visible_child_name (self->entries_stack, "list");
  else
    {
      if (total == 0)
        {
          adw_status_page_set_title (self->empty_page, _("No Plates on This Hotlist"));
          adw_status_page_set_description (self->empty_page,
                                           self->audit != NULL ? _("Add a plate or import a CSV file.") : NULL);
        }
      else
        {
          adw_status_page_set_title (self->empty_page, _("No Matching Plates"));
          adw_status_page_set_description (self->empty_page, _("Try another filter."));
        }
      gtk_stack_set_visible_child_name (self->entries_stack, "empty");
    }
  update_busy (self);
}

/* Loading */

static void
entries_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(RtccHotlistWindow) self = user_data;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  RtccHotlistItem *hotlist;

  entries = rtcc_flock_integration_list_hotlist_entries_finish (RTCC_FLOCK_INTEGRATION (object), result, &error);
  self->loads--;
  /* Replaced by the load of another list, or the window closed. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      update_busy (self);
      return;
    }
  if (entries == NULL)
    {
      show_message (self, _("The Plates Could Not Be Loaded"), error->message, TRUE);
      update_busy (self);
      return;
    }
  for (guint i = 0; i < entries->len; i++)
    g_ptr_array_add (items, rtcc_hotlist_entry_item_new (g_ptr_array_index (entries, i)));
  g_list_store_splice (self->entries, 0, g_list_model_get_n_items (G_LIST_MODEL (self->entries)),
                       items->pdata, items->len);
  /* What the list holds now is the better count. */
  if ((hotlist = find_hotlist (self, self->hotlist_id, NULL)) != NULL)
    rtcc_hotlist_item_set_entry_count (hotlist, entries->len);
  gtk_stack_set_visible_child_name (self->content_stack, "entries");
  update_entries_view (self);
}

static void
load_entries (RtccHotlistWindow *self)
{
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  if (self->hotlist_id == NULL || self->flock == NULL)
    return;

  self->load_cancellable = g_cancellable_new ();
  self->loads++;
  gtk_label_set_text (self->list_title, hotlist_name (self, self->hotlist_id));
  show_loading (self, _("Loading the plates…"));
  update_busy (self);
  rtcc_flock_integration_list_hotlist_entries_async (self->flock, self->hotlist_id, self->load_cancellable,
                                                     entries_cb, g_object_ref (self));
}

static void
on_hotlist_selected (RtccHotlistWindow *self)
{
  RtccHotlistItem *item = gtk_single_selection_get_selected_item (self->hotlist_selection);
  const char *id = item != NULL ? rtcc_hotlist_item_get_id (item) : NULL;

  if (id == NULL || g_strcmp0 (id, self->hotlist_id) == 0)
    return;
  g_free (self->hotlist_id);
  self->hotlist_id = g_strdup (id);
  g_list_store_remove_all (self->entries);
  load_entries (self);
}

static void
hotlists_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(RtccHotlistWindow) self = user_data;
  g_autoptr(GPtrArray) hotlists = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *previous = NULL;
  guint position = 0;

  hotlists = rtcc_flock_integration_list_hotlists_finish (RTCC_FLOCK_INTEGRATION (object), result, &error);
  self->loads--;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      update_busy (self);
      return;
    }
  if (hotlists == NULL)
    {
      show_message (self, _("The Hotlists Could Not Be Loaded"), error->message, TRUE);
      update_busy (self);
      return;
    }
  previous = g_steal_pointer (&self->hotlist_id);
  for (guint i = 0; i < hotlists->len; i++)
    g_ptr_array_add (items, rtcc_hotlist_item_new (g_ptr_array_index (hotlists, i)));
  g_list_store_splice (self->hotlists, 0, g_list_model_get_n_items (G_LIST_MODEL (self->hotlists)),
                       items->pdata, items->len);
  if (hotlists->len == 0)
    {
      show_message (self, _("No Hotlists"), _("Flock has no hotlists for this agency."), FALSE);
      update_busy (self);
      return;
    }
  /* A reload keeps the list the analyst was looking at. */
  if (previous == NULL || find_hotlist (self, previous, &position) == NULL)
    position = 0;
  gtk_single_selection_set_selected (self->hotlist_selection, position);
  on_hotlist_selected (self);
  update_busy (self);
}

/**
 * rtcc_hotlist_window_refresh:
 * @self: a #RtccHotlistWindow
 *
 * Reloads the hotlists, then the plates of the one shown.
 */
void
rtcc_hotlist_window_refresh (RtccHotlistWindow *self)
{
  g_return_if_fail (RTCC_IS_HOTLIST_WINDOW (self));

  if (self->flock == NULL)
    {
      show_message (self, _("Flock Is Not Set Up"),
                    _("Hotlists are kept at Flock. Enter FLOCK_API_URL and FLOCK_API_KEY in Preferences."), FALSE);
      update_busy (self);
      return;
    }
  self->loads++;
  show_loading (self, _("Loading the hotlists…"));
  update_busy (self);
  rtcc_flock_integration_list_hotlists_async (self->flock, self->cancellable, hotlists_cb, g_object_ref (self));
}

/* Changes: each goes to Flock, then to the audit log, then to the view. */

typedef enum
{
  OP_ADD,
  OP_REMOVE,
  OP_UNDO,
  OP_IMPORT,
} OpKind;

typedef struct
{
  RtccHotlistWindow     *self;
  OpKind                 kind;
  char                  *hotlist_id;
  RtccFlockHotlistEntry *entry;     /* as sent, or as listed for a removal */
  char                  *reason;    /* why, for the audit record */
  RtccFlockHotlistEntry *added;
  GError                *error;
  RtccHotlistCsvRow     *row;
} Op;

static void
op_free (Op *op)
{
  g_clear_object (&op->self);
  g_free (op->hotlist_id);
  rtcc_flock_hotlist_entry_free (op->entry);
  g_free (op->reason);
  rtcc_flock_hotlist_entry_free (op->added);
  g_clear_error (&op->error);
  g_clear_object (&op->row);
  g_free (op);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Op, op_free)

static Op *
op_new (RtccHotlistWindow           *self,
        OpKind                       kind,
        const char                  *hotlist_id,
        const RtccFlockHotlistEntry *entry,
        const char                  *reason)
{
  Op *op = g_new0 (Op, 1);

  op->self = g_object_ref (self);
  op->kind = kind;
  op->hotlist_id = g_strdup (hotlist_id);
  op->entry = rtcc_flock_hotlist_entry_copy (entry);
  op->reason = g_strdup (reason);
  return op;
}

static void finish_op (Op     *op,
                       GError *audit_error);

static void
audit_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(Op) op = user_data;
  g_autoptr(GError) error = NULL;

  if (rtcc_audit_log_append_finish (RTCC_AUDIT_LOG (object), result, &error) > 0)
    g_clear_error (&error);
  finish_op (op, error);
}

static void
audit_op (Op *op)
{
  RtccHotlistWindow *self = op->self;
  const char *action = op->kind == OP_REMOVE ? RTCC_AUDIT_ACTION_HOTLIST_REMOVE
                     : op->kind == OP_IMPORT ? RTCC_AUDIT_ACTION_HOTLIST_IMPORT
                     : RTCC_AUDIT_ACTION_HOTLIST_ADD;
  g_autoptr(RtccAuditRecord) record = rtcc_audit_record_new (self->operator_id, action);
  g_autoptr(GString) terms = g_string_new (NULL);

  g_string_append_printf (terms, "hotlist=%s plate=%s", op->hotlist_id, op->entry->plate);
  if (op->entry->state != NULL)
    g_string_append_printf (terms, " state=%s", op->entry->state);
  if (op->entry->case_number != NULL)
    g_string_append_printf (terms, " case=%s", op->entry->case_number);
  if (op->entry->expires_at != NULL)
    {
      g_autofree char *expires = rtcc_time_format_iso (op->entry->expires_at);

      g_string_append_printf (terms, " expires=%s", expires);
    }
  if (op->kind == OP_REMOVE && op->entry->reason != NULL)
    g_string_append_printf (terms, " listed_for=%s", op->entry->reason);
  if (op->kind == OP_UNDO)
    g_string_append (terms, " undo=true");
  if (op->row != NULL)
    g_string_append_printf (terms, " line=%u", rtcc_hotlist_csv_row_get_line (op->row));

  rtcc_audit_record_set_integration (record, "flock");
  rtcc_audit_record_set_purpose_reason (record, op->reason);
  rtcc_audit_record_set_query_terms (record, terms->str);
  rtcc_audit_record_set_outcome (record, op->error == NULL ? RTCC_AUDIT_OUTCOME_SUCCESS : RTCC_AUDIT_OUTCOME_FAILURE);
  if (op->error != NULL)
    rtcc_audit_record_set_outcome_detail (record, op->error->message);
  /* Not the window's cancellable: a change made is recorded even if the
   * window is closed meanwhile. */
  rtcc_audit_log_append_async (self->audit, record, NULL, audit_cb, op);
}

static void
add_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  Op *op = user_data;

  op->added = rtcc_flock_integration_add_hotlist_entry_finish (RTCC_FLOCK_INTEGRATION (object), result, &op->error);
  audit_op (op);
}

static void
remove_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Op *op = user_data;

  rtcc_flock_integration_remove_hotlist_entry_finish (RTCC_FLOCK_INTEGRATION (object), result, &op->error);
  audit_op (op);
}

static void
send_op (Op *op)
{
  RtccHotlistWindow *self = op->self;

  /* No cancellable: once asked, a change runs to its audit record. */
  if (op->kind == OP_REMOVE)
    rtcc_flock_integration_remove_hotlist_entry_async (self->flock, op->hotlist_id, op->entry->plate, NULL,
                                                       remove_cb, op);
  else
    rtcc_flock_integration_add_hotlist_entry_async (self->flock, op->hotlist_id, op->entry, NULL, add_cb, op);
}

/* The entry goes into the list shown, and the sidebar count follows. */
static void
show_added (RtccHotlistWindow           *self,
            const char                  *hotlist_id,
            const RtccFlockHotlistEntry *entry)
{
  RtccHotlistItem *hotlist = find_hotlist (self, hotlist_id, NULL);
  g_autoptr(RtccHotlistEntryItem) item = NULL;
  guint position;

  if (hotlist != NULL && rtcc_hotlist_item_get_entry_count (hotlist) >= 0)
    rtcc_hotlist_item_set_entry_count (hotlist, rtcc_hotlist_item_get_entry_count (hotlist) + 1);
  if (g_strcmp0 (hotlist_id, self->hotlist_id) != 0 || self->count_label == NULL)
    return;
  if (find_entry (self, entry->plate, &position))
    g_list_store_remove (self->entries, position);
  item = rtcc_hotlist_entry_item_new (entry);
  g_list_store_insert (self->entries, 0, item);
  gtk_stack_set_visible_child_name (self->content_stack, "entries");
  update_entries_view (self);
}

static void
show_removed (RtccHotlistWindow *self,
              const char        *hotlist_id,
              const char        *plate)
{
  RtccHotlistItem *hotlist = find_hotlist (self, hotlist_id, NULL);
  guint position;

  if (hotlist != NULL && rtcc_hotlist_item_get_entry_count (hotlist) > 0)
    rtcc_hotlist_item_set_entry_count (hotlist, rtcc_hotlist_item_get_entry_count (hotlist) - 1);
  if (g_strcmp0 (hotlist_id, self->hotlist_id) != 0 || self->count_label == NULL)
    return;
  if (find_entry (self, plate, &position))
    g_list_store_remove (self->entries, position);
  update_entries_view (self);
}

/* Add form */

static void
set_field_error (RtccHotlistWindow *self,
                 RtccHotlistField   field,
                 const char        *message)
{
  GtkLabel *label = field_error (self, field);
  GtkWidget *entry = GTK_WIDGET (field_entry (self, field));

  gtk_label_set_text (label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
  if (message != NULL)
    gtk_widget_add_css_class (entry, "error");
  else
    gtk_widget_remove_css_class (entry, "error");
}

static void
set_form_status (RtccHotlistWindow *self,
                 const char        *text,
                 gboolean           error)
{
  gtk_label_set_text (self->form_status, text != NULL ? text : "");
  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (self->form_status), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->form_status), "error");
}

static char *
field_text (RtccHotlistWindow *self,
            RtccHotlistField   field)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (field_entry (self, field)))));
}

/* Flock names the fields it refuses, either `"state" must be ...` or, as a
 * list, `state: ...; reason: ...`. Each part goes under its field. */
static gboolean
show_vendor_field_errors (RtccHotlistWindow *self,
                          const GError      *error)
{
  g_auto(GStrv) parts = NULL;
  gboolean any = FALSE;

  if (g_error_matches (error, RTCC_HTTP_ERROR, RTCC_HTTP_ERROR_CONFLICT))
    {
      set_field_error (self, RTCC_HOTLIST_FIELD_PLATE, _("This plate is already on the hotlist."));
      return TRUE;
    }
  if (!g_error_matches (error, RTCC_HTTP_ERROR, RTCC_HTTP_ERROR_BAD_REQUEST))
    return FALSE;

  parts = g_strsplit (error->message, "; ", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    for (guint f = 0; f < RTCC_HOTLIST_N_FIELDS; f++)
      {
        g_autofree char *quoted = g_strdup_printf ("\"%s\"", vendor_fields[f]);
        g_autofree char *labelled = g_strdup_printf ("%s: ", vendor_fields[f]);
        const char *at;
        g_autofree char *text = NULL;

        if ((at = strstr (parts[i], quoted)) != NULL)
          text = g_strdup (at);
        else if ((at = strstr (parts[i], labelled)) != NULL &&
                 (at == parts[i] || at[-1] == ' ' || at[-1] == '('))
          text = g_strdup (at + strlen (labelled));
        else
          continue;
        set_field_error (self, f, g_strstrip (text));
        any = TRUE;
        break;
      }
  return any;
}

static void
finish_add (Op     *op,
            GError *audit_error)
{
  RtccHotlistWindow *self = op->self;
  const char *name = hotlist_name (self, op->hotlist_id);

  self->sending = FALSE;
  if (op->error == NULL)
    show_added (self, op->hotlist_id, op->added);
  if (self->form_status == NULL)
    return;   /* closed meanwhile; the change is on record */

  if (op->error != NULL)
    {
      g_autofree char *text = NULL;

      if (show_vendor_field_errors (self, op->error))
        text = g_strdup_printf (_("Flock refused the plate; correct the marked fields and add it again. (%s)"),
                                op->error->message);
      else
        text = g_strdup_printf (_("The plate was not added: %s"), op->error->message);
      if (audit_error != NULL)
        {
          g_autofree char *more = g_strdup_printf (_("%s The attempt could not be audited: %s"), text,
                                                   audit_error->message);

          g_free (text);
          text = g_steal_pointer (&more);
        }
      set_form_status (self, text, TRUE);
      update_busy (self);
      return;
    }

  for (guint f = 0; f < RTCC_HOTLIST_N_FIELDS; f++)
    gtk_editable_set_text (GTK_EDITABLE (field_entry (self, f)), "");
  set_form_status (self, NULL, FALSE);
  gtk_stack_set_visible_child_name (self->main_stack, "browse");
  if (audit_error != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("%s is on %s, but the change could not be audited: %s"),
                                               op->added->plate, name, audit_error->message);

      toast (self, text, NULL, NULL);
    }
  else
    {
      g_autofree char *text = g_strdup_printf (_("%s added to %s"), op->added->plate, name);

      toast (self, text, NULL, NULL);
    }
  update_busy (self);
}

/**
 * rtcc_hotlist_window_submit:
 * @self: a #RtccHotlistWindow
 *
 * Checks the add-plate form field by field and, when it holds, sends the
 * plate to the hotlist shown. The form keeps its text until Flock has
 * listed the plate.
 *
 * Returns: whether the plate was sent
 */
gboolean
rtcc_hotlist_window_submit (RtccHotlistWindow *self)
{
  g_autofree char *raw_plate = NULL;
  g_autofree char *raw_state = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *case_number = NULL;
  g_autofree char *expiry = NULL;
  g_autofree char *plate = NULL;
  g_autofree char *state = NULL;
  g_autoptr(GDateTime) expires_at = NULL;
  g_autoptr(GError) error = NULL;
  RtccFlockHotlistEntry entry = { 0, };
  gboolean ok = TRUE;

  g_return_val_if_fail (RTCC_IS_HOTLIST_WINDOW (self), FALSE);

  if (self->sending)
    return FALSE;
  for (guint f = 0; f < RTCC_HOTLIST_N_FIELDS; f++)
    set_field_error (self, f, NULL);
  set_form_status (self, NULL, FALSE);
  if (self->flock == NULL || self->audit == NULL || self->hotlist_id == NULL)
    {
      set_form_status (self, self->audit == NULL
                             ? _("The audit log is not available, so hotlists cannot be changed. Check the data folder’s permissions and restart.")
                             : _("Choose a hotlist first."), TRUE);
      return FALSE;
    }

  raw_plate = field_text (self, RTCC_HOTLIST_FIELD_PLATE);
  raw_state = field_text (self, RTCC_HOTLIST_FIELD_STATE);
  reason = field_text (self, RTCC_HOTLIST_FIELD_REASON);
  case_number = field_text (self, RTCC_HOTLIST_FIELD_CASE);
  expiry = field_text (self, RTCC_HOTLIST_FIELD_EXPIRY);

  if (!(plate = rtcc_hotlist_check_plate (raw_plate, &error)))
    {
      set_field_error (self, RTCC_HOTLIST_FIELD_PLATE, error->message);
      g_clear_error (&error);
      ok = FALSE;
    }
  if (!(state = rtcc_hotlist_check_state (raw_state, &error)))
    {
      set_field_error (self, RTCC_HOTLIST_FIELD_STATE, error->message);
      g_clear_error (&error);
      ok = FALSE;
    }
  if (!rtcc_hotlist_check_reason (reason, &error))
    {
      set_field_error (self, RTCC_HOTLIST_FIELD_REASON, error->message);
      g_clear_error (&error);
      ok = FALSE;
    }
  if (!rtcc_hotlist_check_case (case_number, &error))
    {
      set_field_error (self, RTCC_HOTLIST_FIELD_CASE, error->message);
      g_clear_error (&error);
      ok = FALSE;
    }
  if (!rtcc_hotlist_check_expiry (expiry, NULL, &expires_at, &error))
    {
      set_field_error (self, RTCC_HOTLIST_FIELD_EXPIRY, error->message);
      g_clear_error (&error);
      ok = FALSE;
    }
  if (!ok)
    {
      set_form_status (self, _("Correct the marked fields."), TRUE);
      return FALSE;
    }

  /* Shown as it will be listed. */
  gtk_editable_set_text (GTK_EDITABLE (self->plate_entry), plate);
  gtk_editable_set_text (GTK_EDITABLE (self->state_entry), state);
  entry.plate = plate;
  entry.state = state;
  entry.reason = reason;
  entry.case_number = *case_number != '\0' ? case_number : NULL;
  entry.expires_at = expires_at;
  self->sending = TRUE;
  set_form_status (self, _("Adding the plate…"), FALSE);
  update_busy (self);
  send_op (op_new (self, OP_ADD, self->hotlist_id, &entry, reason));
  return TRUE;
}

/**
 * rtcc_hotlist_window_show_form:
 * @self: a #RtccHotlistWindow
 *
 * Shows the add-plate form for the hotlist shown.
 */
void
rtcc_hotlist_window_show_form (RtccHotlistWindow *self)
{
  g_autofree char *title = NULL;

  g_return_if_fail (RTCC_IS_HOTLIST_WINDOW (self));

  title = g_strdup_printf (_("Add a Plate to %s"), hotlist_name (self, self->hotlist_id));
  gtk_label_set_text (self->form_title, title);
  gtk_stack_set_visible_child_name (self->main_stack, "add");
  gtk_widget_grab_focus (GTK_WIDGET (self->plate_entry));
}

/* Remove and undo */

static void
finish_remove (Op     *op,
               GError *audit_error)
{
  RtccHotlistWindow *self = op->self;
  const char *name = hotlist_name (self, op->hotlist_id);
  g_autofree char *text = NULL;

  self->sending = FALSE;
  if (op->error != NULL)
    {
      text = g_strdup_printf (_("%s was not removed: %s"), op->entry->plate, op->error->message);
      /* Gone already: the list shown is out of date. */
      if (g_error_matches (op->error, RTCC_HTTP_ERROR, RTCC_HTTP_ERROR_NOT_FOUND))
        show_removed (self, op->hotlist_id, op->entry->plate);
      toast (self, text, NULL, NULL);
      update_busy (self);
      return;
    }

  show_removed (self, op->hotlist_id, op->entry->plate);
  g_clear_pointer (&self->removed, rtcc_flock_hotlist_entry_free);
  self->removed = rtcc_flock_hotlist_entry_copy (op->entry);
  g_free (self->removed_hotlist_id);
  self->removed_hotlist_id = g_strdup (op->hotlist_id);
  if (audit_error != NULL)
    text = g_strdup_printf (_("%s removed from %s, but the change could not be audited: %s"),
                            op->entry->plate, name, audit_error->message);
  else
    text = g_strdup_printf (_("%s removed from %s"), op->entry->plate, name);
  if (self->undo_toast != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->undo_toast), (gpointer *) &self->undo_toast);
  self->undo_toast = toast (self, text, _("_Undo"), "hotlists.undo-remove");
  if (self->undo_toast != NULL)
    g_object_add_weak_pointer (G_OBJECT (self->undo_toast), (gpointer *) &self->undo_toast);
  update_busy (self);
}

static void
finish_undo (Op     *op,
             GError *audit_error)
{
  RtccHotlistWindow *self = op->self;
  const char *name = hotlist_name (self, op->hotlist_id);
  g_autofree char *text = NULL;

  self->sending = FALSE;
  if (op->error != NULL)
    text = g_strdup_printf (_("%s could not be put back on %s: %s"), op->entry->plate, name, op->error->message);
  else
    {
      show_added (self, op->hotlist_id, op->added);
      if (audit_error != NULL)
        text = g_strdup_printf (_("%s is back on %s, but the change could not be audited: %s"),
                                op->entry->plate, name, audit_error->message);
      else
        text = g_strdup_printf (_("%s is back on %s"), op->entry->plate, name);
    }
  toast (self, text, NULL, NULL);
  update_busy (self);
}

static void
confirm_response (AdwMessageDialog *dialog,
                  const char       *response,
                  gpointer          user_data)
{
  Op *asked = user_data;
  RtccHotlistWindow *self = asked->self;
  GtkEditable *reason = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (reason)));

  if (self->confirm == dialog)
    self->confirm = NULL;
  if (!g_str_equal (response, "remove") || rtcc_str_is_blank (text) || self->sending)
    return;
  self->sending = TRUE;
  update_busy (self);
  send_op (op_new (self, OP_REMOVE, asked->hotlist_id, asked->entry, text));
}

static void
free_asked (gpointer  data,
            GClosure *closure)
{
  op_free (data);
}

static void
on_reason_changed (GtkEditable      *reason,
                   AdwMessageDialog *dialog)
{
  adw_message_dialog_set_response_enabled (dialog, "remove", !rtcc_str_is_blank (gtk_editable_get_text (reason)));
}

/**
 * rtcc_hotlist_window_remove_entry:
 * @self: a #RtccHotlistWindow
 * @plate: a plate on the hotlist shown
 *
 * Asks the operator to confirm the removal, naming the plate and the
 * hotlist, with the reason for it; the plate comes off when the dialog
 * answers "remove".
 *
 * Returns: (transfer none) (nullable): the confirmation dialog, or %NULL
 *   when the plate is not shown or changes are not possible
 */
AdwMessageDialog *
rtcc_hotlist_window_remove_entry (RtccHotlistWindow *self,
                                  const char        *plate)
{
  g_autoptr(RtccHotlistEntryItem) item = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  const char *name;
  GtkWidget *reason;
  AdwMessageDialog *dialog;
  guint position;

  g_return_val_if_fail (RTCC_IS_HOTLIST_WINDOW (self), NULL);

  if (self->flock == NULL || self->audit == NULL || self->sending || plate == NULL ||
      !find_entry (self, plate, &position))
    return NULL;
  item = g_list_model_get_item (G_LIST_MODEL (self->entries), position);
  name = hotlist_name (self, self->hotlist_id);

  heading = g_strdup_printf (_("Remove %s from %s?"), plate, name);
  body = g_strdup_printf (_("Flock will no longer alert on %s for this hotlist. Give the reason; it is audited."),
                          plate);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), heading, body));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "remove", _("_Remove"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "remove", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  adw_message_dialog_set_response_enabled (dialog, "remove", FALSE);
  reason = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (reason), _("Reason for removing, e.g. vehicle recovered"));
  gtk_entry_set_max_length (GTK_ENTRY (reason), RTCC_HOTLIST_REASON_MAX_CHARS);
  adw_message_dialog_set_extra_child (dialog, reason);
  g_signal_connect_object (reason, "changed", G_CALLBACK (on_reason_changed), dialog, 0);
  /* The dialog owns what it asks about, answered or not. */
  g_signal_connect_data (dialog, "response", G_CALLBACK (confirm_response),
                         op_new (self, OP_REMOVE, self->hotlist_id, rtcc_hotlist_entry_item_get_entry (item), NULL),
                         free_asked, 0);
  self->confirm = dialog;
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

/**
 * rtcc_hotlist_window_undo_remove:
 * @self: a #RtccHotlistWindow
 *
 * Puts the last removed plate back on its hotlist with the same fields.
 *
 * Returns: whether there was a removal to undo
 */
gboolean
rtcc_hotlist_window_undo_remove (RtccHotlistWindow *self)
{
  g_autoptr(RtccFlockHotlistEntry) entry = NULL;
  g_autofree char *hotlist_id = NULL;

  g_return_val_if_fail (RTCC_IS_HOTLIST_WINDOW (self), FALSE);

  if (self->removed == NULL || self->flock == NULL || self->audit == NULL || self->sending)
    return FALSE;
  entry = g_steal_pointer (&self->removed);
  hotlist_id = g_steal_pointer (&self->removed_hotlist_id);
  /* Its button would do nothing now. */
  if (self->undo_toast != NULL)
    adw_toast_dismiss (self->undo_toast);
  self->sending = TRUE;
  update_busy (self);
  send_op (op_new (self, OP_UNDO, hotlist_id, entry, entry->reason != NULL ? entry->reason : _("Undo of a removal")));
  return TRUE;
}

/* Import */

static void
set_import_status (RtccHotlistWindow *self,
                   const char        *text)
{
  if (self->import_status != NULL)
    gtk_label_set_text (self->import_status, text);
}

static void import_next (RtccHotlistWindow *self);

static void
finish_import_row (Op     *op,
                   GError *audit_error)
{
  RtccHotlistWindow *self = op->self;

  if (op->error != NULL)
    {
      self->import_failed++;
      rtcc_hotlist_csv_row_set_result (op->row, RTCC_HOTLIST_CSV_ROW_FAILED, op->error->message);
    }
  else
    {
      self->import_added++;
      rtcc_hotlist_csv_row_set_result (op->row, RTCC_HOTLIST_CSV_ROW_ADDED, _("Added"));
      show_added (self, op->hotlist_id, op->added);
    }
  if (audit_error != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Import stopped: the change could not be audited: %s"),
                                               audit_error->message);

      /* Nothing more is sent that could not be on record. */
      g_cancellable_cancel (self->import_cancellable);
      set_import_status (self, text);
    }
  import_next (self);
}

static void
finish_op (Op     *op,
           GError *audit_error)
{
  switch (op->kind)
    {
    case OP_ADD:
      finish_add (op, audit_error);
      break;

    case OP_REMOVE:
      finish_remove (op, audit_error);
      break;

    case OP_UNDO:
      finish_undo (op, audit_error);
      break;

    case OP_IMPORT:
      finish_import_row (op, audit_error);
      break;

    default:
      g_assert_not_reached ();
    }
}

static void
import_done (RtccHotlistWindow *self,
             gboolean           cancelled)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->import_rows));
  guint not_sent = 0;
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RtccHotlistCsvRow) row = g_list_model_get_item (G_LIST_MODEL (self->import_rows), i);

      if (rtcc_hotlist_csv_row_get_result (row) != RTCC_HOTLIST_CSV_ROW_PENDING)
        continue;
      if (rtcc_hotlist_csv_row_is_valid (row))
        {
          rtcc_hotlist_csv_row_set_result (row, RTCC_HOTLIST_CSV_ROW_FAILED, _("Not sent: the import was stopped"));
          not_sent++;
        }
      else
        rtcc_hotlist_csv_row_set_result (row, RTCC_HOTLIST_CSV_ROW_FAILED, rtcc_hotlist_csv_row_get_problem (row));
      self->import_failed++;
    }

  self->importing = FALSE;
  g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u plate added to %s.", "%u plates added to %s.",
                                             self->import_added),
                          self->import_added, hotlist_name (self, self->hotlist_id));
  if (self->import_failed > 0)
    g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, " %u row not imported; its reason is marked.",
                                               " %u rows not imported; the reasons are marked.",
                                               self->import_failed),
                            self->import_failed);
  if (cancelled && not_sent > 0)
    g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, " %u was not sent because the import was stopped.",
                                               " %u were not sent because the import was stopped.", not_sent),
                            not_sent);
  if (self->import_status != NULL && !g_str_has_prefix (gtk_label_get_text (self->import_status), _("Import stopped")))
    set_import_status (self, text->str);
  if (self->import_progress != NULL)
    {
      gtk_progress_bar_set_fraction (self->import_progress, 1.0);
      gtk_progress_bar_set_text (self->import_progress, NULL);
      gtk_widget_set_visible (GTK_WIDGET (self->import_progress), FALSE);
    }
  update_busy (self);
}

static void
import_next (RtccHotlistWindow *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->import_rows));
  guint sent = self->import_added + self->import_failed;

  if (self->import_progress != NULL && self->import_total > 0)
    {
      g_autofree char *text = g_strdup_printf (_("%u of %u"), sent, self->import_total);

      gtk_progress_bar_set_fraction (self->import_progress, (double) sent / self->import_total);
      gtk_progress_bar_set_text (self->import_progress, text);
    }
  if (g_cancellable_is_cancelled (self->import_cancellable))
    {
      import_done (self, TRUE);
      return;
    }
  while (self->import_next < n)
    {
      g_autoptr(RtccHotlistCsvRow) row = g_list_model_get_item (G_LIST_MODEL (self->import_rows), self->import_next++);
      RtccFlockHotlistEntry entry = { 0, };
      Op *op;

      if (!rtcc_hotlist_csv_row_is_valid (row) ||
          rtcc_hotlist_csv_row_get_result (row) != RTCC_HOTLIST_CSV_ROW_PENDING)
        continue;
      entry.plate = (char *) rtcc_hotlist_csv_row_get_plate (row);
      entry.state = (char *) rtcc_hotlist_csv_row_get_state (row);
      entry.reason = (char *) rtcc_hotlist_csv_row_get_reason (row);
      entry.case_number = (char *) rtcc_hotlist_csv_row_get_case_number (row);
      entry.expires_at = rtcc_hotlist_csv_row_get_expires_at (row);
      op = op_new (self, OP_IMPORT, self->hotlist_id, &entry, entry.reason);
      op->row = g_object_ref (row);
      rtcc_hotlist_csv_row_set_result (row, RTCC_HOTLIST_CSV_ROW_PENDING, _("Sending…"));
      send_op (op);
      return;
    }
  import_done (self, FALSE);
}

/**
 * rtcc_hotlist_window_start_import:
 * @self: a #RtccHotlistWindow
 *
 * Sends the previewed rows without problems to the hotlist shown, one at
 * a time, each audited as it is answered.
 *
 * Returns: whether the import started
 */
gboolean
rtcc_hotlist_window_start_import (RtccHotlistWindow *self)
{
  guint n;

  g_return_val_if_fail (RTCC_IS_HOTLIST_WINDOW (self), FALSE);

  if (self->importing || self->flock == NULL || self->audit == NULL || self->hotlist_id == NULL)
    return FALSE;
  n = g_list_model_get_n_items (G_LIST_MODEL (self->import_rows));
  self->import_total = 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RtccHotlistCsvRow) row = g_list_model_get_item (G_LIST_MODEL (self->import_rows), i);

      if (rtcc_hotlist_csv_row_get_result (row) == RTCC_HOTLIST_CSV_ROW_PENDING)
        self->import_total++;
    }
  if (self->import_total == 0)
    return FALSE;

  g_clear_object (&self->import_cancellable);
  self->import_cancellable = g_cancellable_new ();
  self->import_next = 0;
  self->import_added = 0;
  self->import_failed = 0;
  self->importing = TRUE;
  gtk_widget_set_visible (GTK_WIDGET (self->import_progress), TRUE);
  gtk_progress_bar_set_fraction (self->import_progress, 0);
  set_import_status (self, _("Importing… Each plate is sent to Flock and audited in turn."));
  update_busy (self);
  import_next (self);
  return TRUE;
}

/**
 * rtcc_hotlist_window_cancel_import:
 * @self: a #RtccHotlistWindow
 *
 * Stops the import after the plate being sent; the rest are not sent.
 */
void
rtcc_hotlist_window_cancel_import (RtccHotlistWindow *self)
{
  g_return_if_fail (RTCC_IS_HOTLIST_WINDOW (self));

  if (self->importing)
    g_cancellable_cancel (self->import_cancellable);
}

static void
show_preview (RtccHotlistWindow *self,
              GPtrArray         *rows)
{
  guint valid = rtcc_hotlist_csv_count_valid (rows);
  guint bad = rows->len - valid;
  g_autofree char *title = g_strdup_printf (_("Import into %s"), hotlist_name (self, self->hotlist_id));
  g_autofree char *button = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "_Import %u Valid Row",
                                                          "_Import %u Valid Rows", valid), valid);
  g_autoptr(GString) status = g_string_new (NULL);

  g_list_store_splice (self->import_rows, 0, g_list_model_get_n_items (G_LIST_MODEL (self->import_rows)),
                       rows->pdata, rows->len);
  self->import_added = self->import_failed = 0;
  g_string_append_printf (status, g_dngettext (GETTEXT_PACKAGE, "%u row read", "%u rows read", rows->len), rows->len);
  if (bad > 0)
    g_string_append_printf (status, g_dngettext (GETTEXT_PACKAGE, "; %u has a problem and will not be imported.",
                                                 "; %u have problems and will not be imported.", bad), bad);
  else
    g_string_append_c (status, '.');
  gtk_label_set_text (self->import_title, title);
  set_import_status (self, status->str);
  gtk_button_set_label (self->import_button, button);
  gtk_widget_set_visible (GTK_WIDGET (self->import_progress), FALSE);
  gtk_stack_set_visible_child_name (self->main_stack, "import");
  update_busy (self);
}

/**
 * rtcc_hotlist_window_preview_csv:
 * @self: a #RtccHotlistWindow
 * @contents: a CSV file's bytes
 * @error: why the whole file is refused
 *
 * Reads a CSV file (see rtcc_hotlist_csv_parse()) and shows its rows,
 * with their problems, ready to import into the hotlist shown.
 *
 * Returns: whether the file could be read
 */
gboolean
rtcc_hotlist_window_preview_csv (RtccHotlistWindow  *self,
                                 GBytes             *contents,
                                 GError            **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  gsize length;
  const char *data;

  g_return_val_if_fail (RTCC_IS_HOTLIST_WINDOW (self), FALSE);
  g_return_val_if_fail (contents != NULL, FALSE);

  if (self->importing)
    return FALSE;
  if (self->hotlist_id == NULL)
    {
      g_set_error (error, RTCC_FLOCK_ERROR, RTCC_FLOCK_ERROR_INVALID_ARGUMENT, _("Choose a hotlist first."));
      return FALSE;
    }
  data = g_bytes_get_data (contents, &length);
  if (!(rows = rtcc_hotlist_csv_parse (data, length, NULL, error)))
    return FALSE;
  show_preview (self, rows);
  return TRUE;
}

static void
parse_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  GBytes *contents = task_data;
  GError *error = NULL;
  gsize length;
  const char *data = g_bytes_get_data (contents, &length);
  GPtrArray *rows = rtcc_hotlist_csv_parse (data, length, NULL, &error);

  if (rows == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, rows, (GDestroyNotify) g_ptr_array_unref);
}

static void
parsed_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  RtccHotlistWindow *self = RTCC_HOTLIST_WINDOW (object);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;

  rows = g_task_propagate_pointer (G_TASK (result), &error);
  self->loads--;
  update_busy (self);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->toast_overlay == NULL)
    return;
  if (rows == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("The file was not imported: %s"), error->message);

      toast (self, text, NULL, NULL);
      return;
    }
  if (self->hotlist_id != NULL && !self->importing)
    show_preview (self, rows);
}

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(RtccHotlistWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) contents = g_file_load_bytes_finish (G_FILE (object), result, NULL, &error);
  g_autoptr(GTask) task = NULL;

  if (contents == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("The file could not be read: %s"), error->message);

      self->loads--;
      update_busy (self);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, text, NULL, NULL);
      return;
    }
  /* Ten thousand rows are quick to read, but not quick enough to do it
   * between two frames. */
  task = g_task_new (self, self->cancellable, parsed_cb, NULL);
  g_task_set_source_tag (task, loaded_cb);
  g_task_set_task_data (task, g_steal_pointer (&contents), (GDestroyNotify) g_bytes_unref);
  g_task_run_in_thread (task, parse_thread);
}

static void
sized_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(RtccHotlistWindow) self = user_data;
  g_autoptr(GFileInfo) info = g_file_query_info_finish (G_FILE (object), result, NULL);

  if (g_cancellable_is_cancelled (self->cancellable))
    {
      self->loads--;
      update_busy (self);
      return;
    }
  /* Refused before a huge file is read into memory. */
  if (info != NULL && g_file_info_get_size (info) > RTCC_HOTLIST_CSV_MAX_BYTES)
    {
      self->loads--;
      update_busy (self);
      toast (self, _("The file is larger than 8 MB; split it into smaller files."), NULL, NULL);
    }
  else
    g_file_load_bytes_async (G_FILE (object), self->cancellable, loaded_cb, g_object_ref (self));
}

/**
 * rtcc_hotlist_window_import_file:
 * @self: a #RtccHotlistWindow
 * @file: a CSV file
 *
 * Reads @file in the background and previews its rows, as the Import CSV
 * button does once a file is chosen. Problems reading it are shown in a
 * toast.
 */
void
rtcc_hotlist_window_import_file (RtccHotlistWindow *self,
                                 GFile             *file)
{
  g_return_if_fail (RTCC_IS_HOTLIST_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  self->loads++;
  update_busy (self);
  g_file_query_info_async (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE, G_PRIORITY_DEFAULT,
                           self->cancellable, sized_cb, g_object_ref (self));
}

static void
chooser_response (GtkNativeDialog *chooser,
                  int              response,
                  gpointer         user_data)
{
  RtccHotlistWindow *self = user_data;

  if (response == GTK_RESPONSE_ACCEPT && self->toast_overlay != NULL)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        rtcc_hotlist_window_import_file (self, file);
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  RtccHotlistWindow *self = RTCC_HOTLIST_WINDOW (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) csv = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  gtk_file_filter_set_name (csv, _("CSV files"));
  gtk_file_filter_add_suffix (csv, "csv");
  gtk_file_filter_add_mime_type (csv, "text/csv");
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  chooser = gtk_file_chooser_native_new (_("Import Plates"), GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Open"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), csv);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
  /* The window may close while the chooser is open: the chooser keeps
   * it alive, and a closed one does nothing with the file. */
  g_signal_connect_data (chooser, "response", G_CALLBACK (chooser_response), g_object_ref (self),
                         (GClosureNotify) (void (*) (void)) g_object_unref, 0);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* Actions */

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  rtcc_hotlist_window_refresh (RTCC_HOTLIST_WINDOW (widget));
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  rtcc_hotlist_window_show_form (RTCC_HOTLIST_WINDOW (widget));
}

static void
submit_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  rtcc_hotlist_window_submit (RTCC_HOTLIST_WINDOW (widget));
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  gtk_stack_set_visible_child_name (RTCC_HOTLIST_WINDOW (widget)->main_stack, "browse");
}

static void
remove_selected_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  RtccHotlistWindow *self = RTCC_HOTLIST_WINDOW (widget);
  RtccHotlistEntryItem *item = gtk_single_selection_get_selected_item (self->entry_selection);

  if (item != NULL)
    rtcc_hotlist_window_remove_entry (self, rtcc_hotlist_entry_item_get_entry (item)->plate);
}

static void
undo_remove_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  rtcc_hotlist_window_undo_remove (RTCC_HOTLIST_WINDOW (widget));
}

static void
import_start_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  rtcc_hotlist_window_start_import (RTCC_HOTLIST_WINDOW (widget));
}

static void
import_cancel_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  rtcc_hotlist_window_cancel_import (RTCC_HOTLIST_WINDOW (widget));
}

/* Lists */

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

static char *
format_date (GDateTime *time,
             gboolean   with_time)
{
  g_autoptr(GDateTime) local = NULL;

  if (time == NULL)
    return g_strdup ("");
  local = g_date_time_to_local (time);
  return g_date_time_format (local, with_time ? "%Y-%m-%d %H:%M" : "%Y-%m-%d");
}

typedef enum
{
  COLUMN_PLATE,
  COLUMN_STATE,
  COLUMN_REASON,
  COLUMN_CASE,
  COLUMN_EXPIRES,
  COLUMN_ADDED,
} Column;

static void
bind_entry (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  const RtccFlockHotlistEntry *entry = rtcc_hotlist_entry_item_get_entry (gtk_list_item_get_item (item));
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (item));
  g_autofree char *text = NULL;

  switch (GPOINTER_TO_INT (user_data))
    {
    case COLUMN_PLATE:
      text = rtcc_plate_markup (NULL, entry->plate);
      gtk_label_set_markup (label, text);
      return;

    case COLUMN_STATE:
      text = g_strdup (entry->state);
      break;

    case COLUMN_REASON:
      text = g_strdup (entry->reason);
      break;

    case COLUMN_CASE:
      text = g_strdup (entry->case_number);
      break;

    case COLUMN_EXPIRES:
      text = entry->expires_at != NULL ? format_date (entry->expires_at, FALSE) : g_strdup (_("Never"));
      break;

    case COLUMN_ADDED:
      {
        g_autofree char *when = format_date (entry->created_at, TRUE);

        if (entry->created_by != NULL && *when != '\0')
          text = g_strdup_printf (_("%s by %s"), when, entry->created_by);
        else if (entry->created_by != NULL)
          text = g_strdup (entry->created_by);
        else
          text = g_steal_pointer (&when);
      }
      break;

    default:
      g_assert_not_reached ();
    }
  gtk_label_set_text (label, text != NULL ? text : "");
}

static int
compare_entries (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  const RtccFlockHotlistEntry *x = rtcc_hotlist_entry_item_get_entry ((RtccHotlistEntryItem *) a);
  const RtccFlockHotlistEntry *y = rtcc_hotlist_entry_item_get_entry ((RtccHotlistEntryItem *) b);

  switch (GPOINTER_TO_INT (user_data))
    {
    case COLUMN_PLATE:
      return g_strcmp0 (x->plate, y->plate);
    case COLUMN_STATE:
      return g_strcmp0 (x->state, y->state);
    case COLUMN_CASE:
      return g_strcmp0 (x->case_number, y->case_number);
    case COLUMN_EXPIRES:
      if (x->expires_at == NULL || y->expires_at == NULL)
        return (x->expires_at == NULL) - (y->expires_at == NULL);
      return g_date_time_compare (x->expires_at, y->expires_at);
    case COLUMN_ADDED:
      if (x->created_at == NULL || y->created_at == NULL)
        return (x->created_at == NULL) - (y->created_at == NULL);
      return g_date_time_compare (x->created_at, y->created_at);
    default:
      return g_strcmp0 (x->reason, y->reason);
    }
}

static void
add_entry_column (RtccHotlistWindow *self,
                  const char        *title,
                  Column             column,
                  gboolean           expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkColumnViewColumn) view_column = NULL;
  g_autoptr(GtkSorter) sorter = GTK_SORTER (gtk_custom_sorter_new (compare_entries, GINT_TO_POINTER (column), NULL));

  g_signal_connect (factory, "setup", G_CALLBACK (setup_label), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_entry), GINT_TO_POINTER (column));
  view_column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (view_column, expand);
  gtk_column_view_column_set_resizable (view_column, TRUE);
  gtk_column_view_column_set_sorter (view_column, sorter);
  gtk_column_view_append_column (self->column_view, view_column);
}

/* The import preview follows each row's status as the import runs, so
 * its cells are bound to the row's properties. */
static void
add_import_column (RtccHotlistWindow *self,
                   const char        *title,
                   const char        *property,
                   gboolean           expand)
{
  g_autofree char *xml = g_strdup_printf (
    "<?xml version='1.0' encoding='UTF-8'?>"
    "<interface><template class='GtkListItem'><property name='child'>"
    "<object class='GtkLabel'><property name='xalign'>0</property>"
    "<property name='ellipsize'>end</property>"
    "<binding name='label'><lookup name='%s' type='RtccHotlistCsvRow'>"
    "<lookup name='item'>GtkListItem</lookup></lookup></binding>"
    "</object></property></template></interface>", property);
  gsize length = strlen (xml);
  g_autoptr(GBytes) bytes = g_bytes_new_take (g_steal_pointer (&xml), length);
  g_autoptr(GtkColumnViewColumn) column = NULL;

  column = gtk_column_view_column_new (title, gtk_builder_list_item_factory_new_from_bytes (NULL, bytes));
  gtk_column_view_column_set_expand (column, expand);
  gtk_column_view_column_set_resizable (column, TRUE);
  gtk_column_view_append_column (self->import_view, column);
}

static void
update_status_label (RtccHotlistCsvRow *row,
                     GParamSpec        *pspec,
                     GtkLabel          *label)
{
  GtkWidget *widget = GTK_WIDGET (label);
  gboolean added = rtcc_hotlist_csv_row_get_result (row) == RTCC_HOTLIST_CSV_ROW_ADDED;
  gboolean failed = !rtcc_hotlist_csv_row_is_valid (row) ||
                    rtcc_hotlist_csv_row_get_result (row) == RTCC_HOTLIST_CSV_ROW_FAILED;

  gtk_label_set_text (label, rtcc_hotlist_csv_row_get_status (row));
  gtk_widget_set_tooltip_text (widget, rtcc_hotlist_csv_row_get_status (row));
  if (failed)
    gtk_widget_add_css_class (widget, "error");
  else
    gtk_widget_remove_css_class (widget, "error");
  if (added)
    gtk_widget_add_css_class (widget, "success");
  else
    gtk_widget_remove_css_class (widget, "success");
}

static void
bind_status (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  user_data)
{
  RtccHotlistCsvRow *row = gtk_list_item_get_item (item);
  GtkWidget *label = gtk_list_item_get_child (item);

  update_status_label (row, NULL, GTK_LABEL (label));
  g_signal_connect_object (row, "notify::status", G_CALLBACK (update_status_label), label, 0);
}

static void
unbind_status (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  g_signal_handlers_disconnect_by_func (gtk_list_item_get_item (item), update_status_label,
                                        gtk_list_item_get_child (item));
}

static void
setup_hotlist_row (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *subtitle = gtk_label_new (NULL);

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_label_set_ellipsize (GTK_LABEL (subtitle), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (subtitle, "caption");
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), subtitle);
  gtk_list_item_set_child (item, box);
}

static void
update_hotlist_row (GtkWidget       *box,
                    RtccHotlistItem *hotlist)
{
  GtkWidget *name = gtk_widget_get_first_child (box);
  g_autofree char *subtitle = rtcc_hotlist_item_dup_subtitle (hotlist);

  gtk_label_set_text (GTK_LABEL (name), rtcc_hotlist_item_get_name (hotlist));
  gtk_label_set_text (GTK_LABEL (gtk_widget_get_next_sibling (name)), subtitle);
}

static void
on_hotlist_changed (RtccHotlistItem *hotlist,
                    GParamSpec      *pspec,
                    GtkWidget       *box)
{
  update_hotlist_row (box, hotlist);
}

static void
bind_hotlist_row (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  gpointer                  user_data)
{
  GtkWidget *box = gtk_list_item_get_child (item);
  RtccHotlistItem *hotlist = gtk_list_item_get_item (item);

  update_hotlist_row (box, hotlist);
  g_signal_connect_object (hotlist, "notify::subtitle", G_CALLBACK (on_hotlist_changed), box, 0);
}

static void
unbind_hotlist_row (GtkSignalListItemFactory *factory,
                    GtkListItem              *item,
                    gpointer                  user_data)
{
  g_signal_handlers_disconnect_by_func (gtk_list_item_get_item (item), on_hotlist_changed,
                                        gtk_list_item_get_child (item));
}

static void on_filter_changed (RtccHotlistWindow *self);

static gboolean
filter_entry_item (gpointer item,
                   gpointer user_data)
{
  RtccHotlistWindow *self = user_data;

  return rtcc_hotlist_entry_item_matches (item, self->filter_text);
}

/**
 * rtcc_hotlist_window_set_filter:
 * @self: a #RtccHotlistWindow
 * @text: (nullable): shows only the plates whose plate, state, reason or
 *   case contain it
 */
void
rtcc_hotlist_window_set_filter (RtccHotlistWindow *self,
                                const char        *text)
{
  g_return_if_fail (RTCC_IS_HOTLIST_WINDOW (self));

  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->filter_entry)), text != NULL ? text : "") != 0)
    {
      g_signal_handlers_block_by_func (self->filter_entry, on_filter_changed, self);
      gtk_editable_set_text (GTK_EDITABLE (self->filter_entry), text != NULL ? text : "");
      g_signal_handlers_unblock_by_func (self->filter_entry, on_filter_changed, self);
    }
  g_free (self->filter_text);
  self->filter_text = g_utf8_casefold (text != NULL ? text : "", -1);
  g_strstrip (self->filter_text);
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_entries_view (self);
}

static void
on_filter_changed (RtccHotlistWindow *self)
{
  rtcc_hotlist_window_set_filter (self, gtk_editable_get_text (GTK_EDITABLE (self->filter_entry)));
}

static void
on_field_activate (RtccHotlistWindow *self)
{
  rtcc_hotlist_window_submit (self);
}

static gboolean
rtcc_hotlist_window_close_request (GtkWindow *window)
{
  RtccHotlistWindow *self = RTCC_HOTLIST_WINDOW (window);

  /* Loads stop; a plate being sent still reaches the audit log. */
  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->load_cancellable);
  g_cancellable_cancel (self->import_cancellable);

  return GTK_WINDOW_CLASS (rtcc_hotlist_window_parent_class)->close_request (window);
}

static void
rtcc_hotlist_window_dispose (GObject *object)
{
  RtccHotlistWindow *self = RTCC_HOTLIST_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->load_cancellable);
  g_cancellable_cancel (self->import_cancellable);
  if (self->undo_toast != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->undo_toast), (gpointer *) &self->undo_toast);
  self->undo_toast = NULL;
  if (self->confirm != NULL)
    gtk_window_destroy (GTK_WINDOW (self->confirm));
  gtk_widget_dispose_template (GTK_WIDGET (self), RTCC_TYPE_HOTLIST_WINDOW);

  G_OBJECT_CLASS (rtcc_hotlist_window_parent_class)->dispose (object);
}

static void
rtcc_hotlist_window_finalize (GObject *object)
{
  RtccHotlistWindow *self = RTCC_HOTLIST_WINDOW (object);

  g_clear_object (&self->flock);
  g_clear_object (&self->audit);
  g_clear_object (&self->hotlists);
  g_clear_object (&self->hotlist_selection);
  g_clear_object (&self->entries);
  g_clear_object (&self->filter);
  g_clear_object (&self->entry_selection);
  g_clear_object (&self->import_rows);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_object (&self->import_cancellable);
  g_clear_pointer (&self->removed, rtcc_flock_hotlist_entry_free);
  g_free (self->removed_hotlist_id);
  g_free (self->operator_id);
  g_free (self->filter_text);
  g_free (self->hotlist_id);
  g_free (self->message);

  G_OBJECT_CLASS (rtcc_hotlist_window_parent_class)->finalize (object);
}

static void
rtcc_hotlist_window_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  RtccHotlistWindow *self = RTCC_HOTLIST_WINDOW (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rtcc_hotlist_window_class_init (RtccHotlistWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rtcc_hotlist_window_dispose;
  object_class->finalize = rtcc_hotlist_window_finalize;
  object_class->get_property = rtcc_hotlist_window_get_property;
  GTK_WINDOW_CLASS (klass)->close_request = rtcc_hotlist_window_close_request;

  /**
   * RtccHotlistWindow:busy:
   *
   * Whether a list is loading, a change is on its way or an import runs.
   */
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (RTCC_TYPE_HOTLIST_CSV_ROW);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/g3ti/Rtcc/rtcc-hotlist-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RtccHotlistWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, RtccHotlistWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, RtccHotlistWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, RtccHotlistWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, RtccHotlistWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, RtccHotlistWindow, loading_label);
  gtk_widget_class_bind_template_child (widget_class, RtccHotlistWindow, message_page);
  gtk_widget_class_bind_template_child (widget_class, RtccHotlistWindow, retry_button);
  gtk_widget_class_bind_template_child (widget_class, RtccHotlistWindow, list_title);
  gtk_widget_class_bind_template_child (widget_class, RtccHotlistWindow, filter_entry);
  gtk_widget_class_bind_template_child (widget_class, RtccHotlistWindow, entries_stack);
  gtk_widget_class_bind_template_child (widget_class, RtccHotlistWindow, column_view);
  gtk_widget_class_bind_template_child (widget_class, RtccHotlistWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, RtccHotlistWindow, count_label);
  gtk_widget_class_bind_template_child (widget_class, RtccHotlistWindow, form_title);
  gtk_widget_class_bind_template_child (widget_class, RtccHotlistWindow, form_status);
  gtk_widget_class_bind_template_child (widget_class, RtccHotlistWindow, plate_entry);
  gtk_widget_class_bind_template_child (widget_class, RtccHotlistWindow, state_entry);
  gtk_widget_class_bind_template_child (widget_class, RtccHotlistWindow, reason_entry);
  gtk_widget_class_bind_template_child (widget_class, RtccHotlistWindow, case_entry);
  gtk_widget_class_bind_template_child (widget_class, RtccHotlistWindow, expiry_entry);
  gtk_widget_class_bind_template_child (widget_class, RtccHotlistWindow, plate_error);
  gtk_widget_class_bind_template_child (widget_class, RtccHotlistWindow, state_error);
  gtk_widget_class_bind_template_child (widget_class, RtccHotlistWindow, reason_error);
  gtk_widget_class_bind_template_child (widget_class, RtccHotlistWindow, case_error);
  gtk_widget_class_bind_template_child (widget_class, RtccHotlistWindow, expiry_error);
  gtk_widget_class_bind_template_child (widget_class, RtccHotlistWindow, import_title);
  gtk_widget_class_bind_template_child (widget_class, RtccHotlistWindow, import_status);
  gtk_widget_class_bind_template_child (widget_class, RtccHotlistWindow, import_progress);
  gtk_widget_class_bind_template_child (widget_class, RtccHotlistWindow, import_view);
  gtk_widget_class_bind_template_child (widget_class, RtccHotlistWindow, import_button);
  gtk_widget_class_bind_template_child (widget_class, RtccHotlistWindow, import_cancel_button);

  gtk_widget_class_install_action (widget_class, "hotlists.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "hotlists.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "hotlists.submit", NULL, submit_action);
  gtk_widget_class_install_action (widget_class, "hotlists.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "hotlists.remove-selected", NULL, remove_selected_action);
  gtk_widget_class_install_action (widget_class, "hotlists.undo-remove", NULL, undo_remove_action);
  gtk_widget_class_install_action (widget_class, "hotlists.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "hotlists.import-start", NULL, import_start_action);
  gtk_widget_class_install_action (widget_class, "hotlists.import-cancel", NULL, import_cancel_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "hotlists.add", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "hotlists.remove-selected", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "hotlists.refresh", NULL);
}

static void
rtcc_hotlist_window_init (RtccHotlistWindow *self)
{
  GtkListItemFactory *factory;
  GtkSortListModel *sorted;
  GtkFilterListModel *filtered;
  g_autoptr(GtkNoSelection) import_selection = NULL;
  g_autoptr(GtkColumnViewColumn) status_column = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->filter_text = g_strdup ("");

  self->hotlists = g_list_store_new (RTCC_TYPE_HOTLIST_ITEM);
  self->hotlist_selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->hotlists)));
  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_hotlist_row), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_hotlist_row), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_hotlist_row), NULL);
  gtk_list_view_set_factory (self->sidebar, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->sidebar, GTK_SELECTION_MODEL (self->hotlist_selection));
  g_signal_connect_swapped (self->hotlist_selection, "notify::selected", G_CALLBACK (on_hotlist_selected), self);

  add_entry_column (self, _("Plate"), COLUMN_PLATE, FALSE);
  add_entry_column (self, _("State"), COLUMN_STATE, FALSE);
  add_entry_column (self, _("Reason"), COLUMN_REASON, TRUE);
  add_entry_column (self, _("Case"), COLUMN_CASE, FALSE);
  add_entry_column (self, _("Expires"), COLUMN_EXPIRES, FALSE);
  add_entry_column (self, _("Added"), COLUMN_ADDED, FALSE);

  self->entries = g_list_store_new (RTCC_TYPE_HOTLIST_ENTRY_ITEM);
  self->filter = gtk_custom_filter_new (filter_entry_item, self, NULL);
  filtered = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->entries)),
                                        GTK_FILTER (g_object_ref (self->filter)));
  sorted = gtk_sort_list_model_new (G_LIST_MODEL (filtered),
                                    g_object_ref (gtk_column_view_get_sorter (self->column_view)));
  self->entry_selection = gtk_single_selection_new (G_LIST_MODEL (sorted));
  gtk_single_selection_set_autoselect (self->entry_selection, FALSE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->entry_selection));
  g_signal_connect_swapped (self->entry_selection, "notify::selected", G_CALLBACK (update_busy), self);

  self->import_rows = g_list_store_new (RTCC_TYPE_HOTLIST_CSV_ROW);
  add_import_column (self, _("Line"), "line", FALSE);
  add_import_column (self, _("Plate"), "plate", FALSE);
  add_import_column (self, _("State"), "state", FALSE);
  add_import_column (self, _("Reason"), "reason", TRUE);
  add_import_column (self, _("Case"), "case-number", FALSE);
  add_import_column (self, _("Expires"), "expiry", FALSE);
  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_label), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_status), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_status), NULL);
  status_column = gtk_column_view_column_new (_("Problem or Result"), factory);
  gtk_column_view_column_set_expand (status_column, TRUE);
  gtk_column_view_column_set_resizable (status_column, TRUE);
  gtk_column_view_append_column (self->import_view, status_column);
  import_selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->import_rows)));
  gtk_column_view_set_model (self->import_view, GTK_SELECTION_MODEL (import_selection));

  g_signal_connect_swapped (self->filter_entry, "search-changed", G_CALLBACK (on_filter_changed), self);
  for (guint f = 0; f < RTCC_HOTLIST_N_FIELDS; f++)
    g_signal_connect_swapped (field_entry (self, f), "activate", G_CALLBACK (on_field_activate), self);
  update_busy (self);
}

/**
 * rtcc_hotlist_window_new:
 * @flock: (nullable): the Flock integration that keeps the hotlists
 * @audit: (nullable): the audit log; without it hotlists are read-only
 * @operator_id: who the audit records name
 *
 * Returns: (transfer full): a new hotlist window, loading the hotlists
 */
RtccHotlistWindow *
rtcc_hotlist_window_new (RtccFlockIntegration *flock,
                         RtccAuditLog         *audit,
                         const char           *operator_id)
{
  RtccHotlistWindow *self = g_object_new (RTCC_TYPE_HOTLIST_WINDOW, NULL);

  g_set_object (&self->flock, flock);
  g_set_object (&self->audit, audit);
  self->operator_id = g_strdup (operator_id != NULL ? operator_id : g_get_user_name ());
  if (audit == NULL)
    toast (self, _("The audit log is not available, so hotlists cannot be changed. Check the data folder’s permissions and restart."),
           NULL, NULL);
  rtcc_hotlist_window_refresh (self);
  return self;
}

/**
 * rtcc_hotlist_window_get_busy:
 * @self: a #RtccHotlistWindow
 *
 * Returns: whether a list is loading, a change is on its way or an
 *   import runs
 */
gboolean
rtcc_hotlist_window_get_busy (RtccHotlistWindow *self)
{
  g_return_val_if_fail (RTCC_IS_HOTLIST_WINDOW (self), FALSE);
  return self->busy;
}

/**
 * rtcc_hotlist_window_get_hotlists:
 * @self: a #RtccHotlistWindow
 *
 * Returns: (transfer none): the hotlists, as #RtccHotlistItem
 */
GListModel *
rtcc_hotlist_window_get_hotlists (RtccHotlistWindow *self)
{
  g_return_val_if_fail (RTCC_IS_HOTLIST_WINDOW (self), NULL);
  return G_LIST_MODEL (self->hotlists);
}

/**
 * rtcc_hotlist_window_select_hotlist:
 * @self: a #RtccHotlistWindow
 * @hotlist_id: a hotlist's id
 *
 * Shows that hotlist and loads its plates.
 *
 * Returns: whether the hotlist is known
 */
gboolean
rtcc_hotlist_window_select_hotlist (RtccHotlistWindow *self,
                                    const char        *hotlist_id)
{
  guint position;

  g_return_val_if_fail (RTCC_IS_HOTLIST_WINDOW (self), FALSE);

  if (find_hotlist (self, hotlist_id, &position) == NULL)
    return FALSE;
  gtk_single_selection_set_selected (self->hotlist_selection, position);
  return TRUE;
}

/**
 * rtcc_hotlist_window_get_hotlist_id:
 * @self: a #RtccHotlistWindow
 *
 * Returns: (nullable): the id of the hotlist shown
 */
const char *
rtcc_hotlist_window_get_hotlist_id (RtccHotlistWindow *self)
{
  g_return_val_if_fail (RTCC_IS_HOTLIST_WINDOW (self), NULL);
  return self->hotlist_id;
}

/**
 * rtcc_hotlist_window_get_entries:
 * @self: a #RtccHotlistWindow
 *
 * Returns: (transfer none): the plates on the hotlist shown, as
 *   #RtccHotlistEntryItem, unfiltered
 */
GListModel *
rtcc_hotlist_window_get_entries (RtccHotlistWindow *self)
{
  g_return_val_if_fail (RTCC_IS_HOTLIST_WINDOW (self), NULL);
  return G_LIST_MODEL (self->entries);
}

/**
 * rtcc_hotlist_window_get_page:
 * @self: a #RtccHotlistWindow
 *
 * Returns: what the window shows: "loading", "message", "entries", "empty",
 *   "add" or "import"
 */
const char *
rtcc_hotlist_window_get_page (RtccHotlistWindow *self)
{
  const char *main_page, *content;

  g_return_val_if_fail (RTCC_IS_HOTLIST_WINDOW (self), NULL);

  main_page = gtk_stack_get_visible_child_name (self->main_stack);
  if (!g_str_equal (main_page, "browse"))
    return main_page;
  content = gtk_stack_get_visible_child_name (self->content_stack);
  if (g_str_equal (content, "entries") && g_str_equal (gtk_stack_get_visible_child_name (self->entries_stack), "empty"))
    return "empty";
  return content;
}

/**
 * rtcc_hotlist_window_get_message:
 * @self: a #RtccHotlistWindow
 *
 * Returns: (nullable): the title and text of the last error or notice page
 */
const char *
rtcc_hotlist_window_get_message (RtccHotlistWindow *self)
{
  g_return_val_if_fail (RTCC_IS_HOTLIST_WINDOW (self), NULL);
  return self->message;
}

/**
 * rtcc_hotlist_window_set_field:
 * @self: a #RtccHotlistWindow
 * @field: a field of the add-plate form
 * @text: (nullable): what to fill in
 */
void
rtcc_hotlist_window_set_field (RtccHotlistWindow *self,
                               RtccHotlistField   field,
                               const char        *text)
{
  g_return_if_fail (RTCC_IS_HOTLIST_WINDOW (self));
  g_return_if_fail (field < RTCC_HOTLIST_N_FIELDS);

  gtk_editable_set_text (GTK_EDITABLE (field_entry (self, field)), text != NULL ? text : "");
}

/**
 * rtcc_hotlist_window_get_field:
 * @self: a #RtccHotlistWindow
 * @field: a field of the add-plate form
 *
 * Returns: what the field holds
 */
const char *
rtcc_hotlist_window_get_field (RtccHotlistWindow *self,
                               RtccHotlistField   field)
{
  g_return_val_if_fail (RTCC_IS_HOTLIST_WINDOW (self), NULL);
  g_return_val_if_fail (field < RTCC_HOTLIST_N_FIELDS, NULL);

  return gtk_editable_get_text (GTK_EDITABLE (field_entry (self, field)));
}

/**
 * rtcc_hotlist_window_get_field_error:
 * @self: a #RtccHotlistWindow
 * @field: a field of the add-plate form
 *
 * Returns: (nullable): the message shown under the field
 */
const char *
rtcc_hotlist_window_get_field_error (RtccHotlistWindow *self,
                                     RtccHotlistField   field)
{
  GtkLabel *label;

  g_return_val_if_fail (RTCC_IS_HOTLIST_WINDOW (self), NULL);
  g_return_val_if_fail (field < RTCC_HOTLIST_N_FIELDS, NULL);

  label = field_error (self, field);
  return gtk_widget_get_visible (GTK_WIDGET (label)) ? gtk_label_get_text (label) : NULL;
}

/**
 * rtcc_hotlist_window_get_form_status:
 * @self: a #RtccHotlistWindow
 *
 * Returns: the line under the add-plate form: progress or what went wrong
 */
const char *
rtcc_hotlist_window_get_form_status (RtccHotlistWindow *self)
{
  g_return_val_if_fail (RTCC_IS_HOTLIST_WINDOW (self), NULL);
  return gtk_label_get_text (self->form_status);
}

/**
 * rtcc_hotlist_window_get_import_rows:
 * @self: a #RtccHotlistWindow
 *
 * Returns: (transfer none): the previewed rows, as #RtccHotlistCsvRow
 */
GListModel *
rtcc_hotlist_window_get_import_rows (RtccHotlistWindow *self)
{
  g_return_val_if_fail (RTCC_IS_HOTLIST_WINDOW (self), NULL);
  return G_LIST_MODEL (self->import_rows);
}

/**
 * rtcc_hotlist_window_get_import_counts:
 * @self: a #RtccHotlistWindow
 * @added: (out) (optional): rows Flock listed
 * @failed: (out) (optional): rows not imported: refused by Flock, with a
 *   problem in the file, or not sent because the import was stopped
 */
void
rtcc_hotlist_window_get_import_counts (RtccHotlistWindow *self,
                                       guint             *added,
                                       guint             *failed)
{
  g_return_if_fail (RTCC_IS_HOTLIST_WINDOW (self));

  if (added != NULL)
    *added = self->import_added;
  if (failed != NULL)
    *failed = self->import_failed;
}

/**
 * rtcc_hotlist_window_get_import_status:
 * @self: a #RtccHotlistWindow
 *
 * Returns: the import page's summary line
 */
const char *
rtcc_hotlist_window_get_import_status (RtccHotlistWindow *self)
{
  g_return_val_if_fail (RTCC_IS_HOTLIST_WINDOW (self), NULL);
  return gtk_label_get_text (self->import_status);
}
