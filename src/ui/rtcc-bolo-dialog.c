/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccBoloDialog"

#include "config.h"

#include <glib/gi18n.h>

#include "rtcc-bolo-dialog.h"
#include "rtcc-plate.h"
#include "rtcc-time.h"

/**
 * RtccBoloDialog:
 *
 * The HotSheets BOLOs: the active list, cancelling one with a reason, and
 * the form that issues a new one. What HotSheets refuses (422) is shown
 * under each field it names, with the form kept as typed. Every create
 * and cancel is written to the audit log.
 */
struct _RtccBoloDialog
{
  AdwWindow                 parent_instance;

  RtccHotsheetsIntegration *hotsheets;
  RtccAuditLog             *audit;
  char                     *operator_id;
  GListStore               *active;
  GtkSingleSelection       *selection;
  GCancellable             *cancellable;
  gboolean                  busy;

  GtkColumnView            *active_view;
  GtkLabel                 *active_status;
  GtkDropDown              *subject_dropdown;
  GtkLabel                 *form_status;
  GtkEntry                 *entries[RTCC_BOLO_N_FIELDS];
  GtkLabel                 *errors[RTCC_BOLO_N_FIELDS];
  GtkEntry                 *check_plate_entry;
  GtkEntry                 *check_state_entry;
  GtkEntry                 *check_last_entry;
  GtkEntry                 *check_first_entry;
  GtkEntry                 *check_dob_entry;
  GtkLabel                 *check_result;
};

G_DEFINE_FINAL_TYPE (RtccBoloDialog, rtcc_bolo_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* HotSheets' names for the form's fields, as its 422 answer gives them. */
static const char * const field_names[RTCC_BOLO_N_FIELDS] = {
  "vehicle.plate", "vehicle.state", "vehicle.make", "vehicle.model", "vehicle.color",
  "person.lastName", "person.firstName", "person.dob",
  "reason", "caseNumber", "cautions",
};

static const char * const field_ids[RTCC_BOLO_N_FIELDS] = {
  "plate", "state", "make", "model", "color", "last", "first", "dob", "reason", "case", "cautions",
};

static gboolean
is_person (RtccBoloDialog *self)
{
  return gtk_drop_down_get_selected (self->subject_dropdown) == 1;
}

static char *
field_text (RtccBoloDialog *self,
            RtccBoloField   field)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->entries[field]))));
}

static void
set_busy (RtccBoloDialog *self,
          gboolean        busy)
{
  if (self->busy == busy)
    return;
  self->busy = busy;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "bolo.create", !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "bolo.cancel-selected", !busy);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
set_field_error (RtccBoloDialog *self,
                 RtccBoloField   field,
                 const char     *message)
{
  gtk_label_set_text (self->errors[field], message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->errors[field]), message != NULL);
  if (message != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->entries[field]), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->entries[field]), "error");
}

static void
clear_errors (RtccBoloDialog *self)
{
  for (guint i = 0; i < RTCC_BOLO_N_FIELDS; i++)
    set_field_error (self, i, NULL);
  gtk_label_set_text (self->form_status, "");
}

static void
update_subject (RtccBoloDialog *self)
{
  gboolean person = is_person (self);

  for (guint i = 0; i < RTCC_BOLO_N_FIELDS; i++)
    {
      gboolean vehicle_field = i <= RTCC_BOLO_FIELD_COLOR;
      gboolean person_field = i >= RTCC_BOLO_FIELD_LAST_NAME && i <= RTCC_BOLO_FIELD_DOB;
      gboolean visible = !(vehicle_field && person) && !(person_field && !person);
      GtkWidget *box = gtk_widget_get_parent (GTK_WIDGET (self->entries[i]));

      gtk_widget_set_visible (box, visible);
      gtk_widget_set_visible (gtk_widget_get_prev_sibling (box), visible);
    }
}

/* Active list */

static void
list_active_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(RtccBoloDialog) self = user_data;
  g_autoptr(GPtrArray) bolos = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  bolos = rtcc_hotsheets_integration_list_active_finish (RTCC_HOTSHEETS_INTEGRATION (object), result, &error);
  if (bolos == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      text = g_strdup_printf (_("The active BOLOs could not be listed: %s"), error->message);
      gtk_label_set_text (self->active_status, text);
      return;
    }
  g_list_store_splice (self->active, 0, g_list_model_get_n_items (G_LIST_MODEL (self->active)),
                       bolos->pdata, bolos->len);
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u active BOLO", "%u active BOLOs", bolos->len), bolos->len);
  gtk_label_set_text (self->active_status, text);
}

/**
 * rtcc_bolo_dialog_refresh:
 * @self: a #RtccBoloDialog
 *
 * Lists the active BOLOs again.
 */
void
rtcc_bolo_dialog_refresh (RtccBoloDialog *self)
{
  g_return_if_fail (RTCC_IS_BOLO_DIALOG (self));

  if (self->hotsheets == NULL)
    {
      gtk_label_set_text (self->active_status, _("HotSheets is not configured. Set HOTSHEETS_API_URL in Preferences."));
      return;
    }
  gtk_label_set_text (self->active_status, _("Listing the active BOLOs…"));
  rtcc_hotsheets_integration_list_active_async (self->hotsheets, self->cancellable, list_active_cb,
                                                g_object_ref (self));
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  rtcc_bolo_dialog_refresh (RTCC_BOLO_DIALOG (widget));
}

/* Audit: every create and cancel, with its outcome. */

static void
audit_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(RtccBoloDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (rtcc_audit_log_append_finish (RTCC_AUDIT_LOG (object), result, &error) <= 0)
    {
      g_autofree char *text = g_strdup_printf (_("The BOLO change was made but could not be audited: %s"),
                                               error->message);

      g_warning ("A BOLO change could not be audited: %s", error->message);
      if (self->form_status != NULL)
        {
          gtk_label_set_text (self->form_status, text);
          gtk_label_set_text (self->active_status, text);
        }
    }
}

static void
audit (RtccBoloDialog *self,
       const char     *action,
       const char     *reason,
       const char     *terms,
       const GError   *error)
{
  g_autoptr(RtccAuditRecord) record = rtcc_audit_record_new (self->operator_id, action);

  rtcc_audit_record_set_integration (record, "hotsheets");
  rtcc_audit_record_set_purpose_reason (record, reason);
  rtcc_audit_record_set_query_terms (record, terms);
  rtcc_audit_record_set_outcome (record, error == NULL ? RTCC_AUDIT_OUTCOME_SUCCESS : RTCC_AUDIT_OUTCOME_FAILURE);
  if (error != NULL)
    rtcc_audit_record_set_outcome_detail (record, error->message);
  rtcc_audit_log_append_async (self->audit, record, NULL, audit_cb, g_object_ref (self));
}

/* Cancel */

typedef struct
{
  RtccBoloDialog *self;
  char           *bolo_id;
  char           *reason;
} CancelData;

static void
cancel_data_free (CancelData *data)
{
  g_clear_object (&data->self);
  g_free (data->bolo_id);
  g_free (data->reason);
  g_free (data);
}

static void
cancel_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  CancelData *data = user_data;
  RtccBoloDialog *self = data->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *terms = g_strdup_printf ("bolo=%s", data->bolo_id);

  set_busy (self, FALSE);
  rtcc_hotsheets_integration_cancel_bolo_finish (RTCC_HOTSHEETS_INTEGRATION (object), result, &error);
  audit (self, RTCC_AUDIT_ACTION_BOLO_CANCEL, data->reason, terms, error);
  if (self->active_status == NULL)
    ;
  else if (error != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("BOLO %s was not cancelled: %s"), data->bolo_id, error->message);

      gtk_label_set_text (self->active_status, text);
    }
  else
    rtcc_bolo_dialog_refresh (self);
  cancel_data_free (data);
}

static void
on_cancel_reason_changed (GtkEditable     *entry,
                          AdwMessageDialog *dialog)
{
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "confirm", *reason != '\0');
}

static void
on_cancel_response (AdwMessageDialog *dialog,
                    const char       *response,
                    RtccBoloDialog   *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  RtccEvent *bolo = g_object_get_data (G_OBJECT (dialog), "bolo");
  CancelData *data;

  if (!g_str_equal (response, "confirm") || bolo == NULL || self->hotsheets == NULL || self->audit == NULL)
    return;
  data = g_new0 (CancelData, 1);
  data->self = g_object_ref (self);
  data->bolo_id = g_strdup (rtcc_event_get_attribute_string (bolo, "bolo_id"));
  data->reason = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  set_busy (self, TRUE);
  /* No cancellable: once asked, a change runs to its audit record, even
   * when the dialog closes first (HotSheets may already have made it). */
  rtcc_hotsheets_integration_cancel_bolo_async (self->hotsheets, data->bolo_id, data->reason, NULL,
                                                cancel_cb, data);
}

static void
cancel_selected_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  RtccBoloDialog *self = RTCC_BOLO_DIALOG (widget);
  RtccEvent *bolo = gtk_single_selection_get_selected_item (self->selection);
  GtkWidget *dialog;
  GtkWidget *entry;

  if (bolo == NULL)
    {
      gtk_label_set_text (self->active_status, _("Select the BOLO to cancel first."));
      return;
    }
  if (self->audit == NULL)
    {
      gtk_label_set_text (self->active_status, _("The audit log is not available, so BOLOs cannot be changed."));
      return;
    }
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Cancel BOLO?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("BOLO %s will no longer be active for any agency. Give the reason; it is sent to HotSheets and audited."),
                                  rtcc_event_get_attribute_string (bolo, "bolo_id"));
  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Reason, e.g. vehicle recovered"));
  gtk_entry_set_max_length (GTK_ENTRY (entry), 2000);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "keep", _("_Keep Active"),
                                    "confirm", _("_Cancel BOLO"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "confirm", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "confirm", FALSE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  g_object_set_data_full (G_OBJECT (dialog), "bolo", g_object_ref (bolo), g_object_unref);
  g_signal_connect (entry, "changed", G_CALLBACK (on_cancel_reason_changed), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_cancel_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Create */

static void
create_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RtccBoloDialog *self = g_task_get_source_object (task);
  /* Kept from the request: the form may be gone or changed by now. */
  const char * const *request = g_task_get_task_data (task);
  const char *terms = request[0];
  const char *reason = request[1];
  g_autoptr(GHashTable) field_errors = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RtccEvent) bolo = NULL;
  g_autofree char *full_terms = NULL;

  set_busy (self, FALSE);
  bolo = rtcc_hotsheets_integration_create_bolo_finish (RTCC_HOTSHEETS_INTEGRATION (object), result,
                                                        &field_errors, &error);
  full_terms = bolo != NULL ? g_strdup_printf ("%s bolo=%s", terms, rtcc_event_get_attribute_string (bolo, "bolo_id"))
                            : g_strdup (terms);
  audit (self, RTCC_AUDIT_ACTION_BOLO_CREATE, reason, full_terms, error);
  /* Closed meanwhile: the create is on record, there is no form to fill. */
  if (self->form_status == NULL)
    return;

  if (bolo == NULL)
    {
      g_autoptr(GString) other = g_string_new (NULL);

      if (field_errors != NULL)
        {
          GHashTableIter iter;
          gpointer key, value;

          g_hash_table_iter_init (&iter, field_errors);
          while (g_hash_table_iter_next (&iter, &key, &value))
            {
              guint i;

              for (i = 0; i < RTCC_BOLO_N_FIELDS; i++)
                if (g_str_equal (field_names[i], key))
                  break;
              if (i < RTCC_BOLO_N_FIELDS)
                set_field_error (self, i, value);
              else
                g_string_append_printf (other, " %s", (const char *) value);
            }
        }
      if (field_errors != NULL && g_hash_table_size (field_errors) > 0)
        {
          g_autofree char *text = g_strdup_printf (_("HotSheets refused the BOLO; correct the marked fields and issue it again.%s"),
                                                   other->str);
          gtk_label_set_text (self->form_status, text);
        }
      else
        {
          g_autofree char *text = g_strdup_printf (_("The BOLO was not issued: %s"), error->message);
          gtk_label_set_text (self->form_status, text);
        }
      gtk_widget_add_css_class (GTK_WIDGET (self->form_status), "error");
      return;
    }

  {
    g_autofree char *text = g_strdup_printf (_("BOLO %s issued."), rtcc_event_get_attribute_string (bolo, "bolo_id"));

    gtk_widget_remove_css_class (GTK_WIDGET (self->form_status), "error");
    gtk_label_set_text (self->form_status, text);
  }
  for (guint i = 0; i < RTCC_BOLO_N_FIELDS; i++)
    gtk_editable_set_text (GTK_EDITABLE (self->entries[i]), "");
  rtcc_bolo_dialog_refresh (self);
}

static void
set_optional (JsonObject *object,
              const char *member,
              const char *value)
{
  if (value != NULL && *value != '\0')
    json_object_set_string_member (object, member, value);
}

/**
 * rtcc_bolo_dialog_create:
 * @self: a #RtccBoloDialog
 *
 * Sends the form to HotSheets. What HotSheets refuses appears under the
 * fields it names and the form stays as typed.
 *
 * Returns: %FALSE, with the reason under the form, when nothing was sent
 */
gboolean
rtcc_bolo_dialog_create (RtccBoloDialog *self)
{
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(GTask) task = NULL;
  g_autoptr(GString) terms = g_string_new (NULL);
  char *text[RTCC_BOLO_N_FIELDS] = { NULL };
  char **request;
  gboolean person;

  g_return_val_if_fail (RTCC_IS_BOLO_DIALOG (self), FALSE);

  if (self->busy)
    return FALSE;
  clear_errors (self);
  if (self->hotsheets == NULL || self->audit == NULL)
    {
      gtk_label_set_text (self->form_status, self->audit == NULL
                          ? _("The audit log is not available, so BOLOs cannot be issued.")
                          : _("HotSheets is not configured. Set HOTSHEETS_API_URL in Preferences."));
      return FALSE;
    }
  /* The reason is what the audit record needs; the rest HotSheets
   * judges, so its rules live in one place. */
  {
    g_autofree char *reason = field_text (self, RTCC_BOLO_FIELD_REASON);

    if (*reason == '\0')
      {
        set_field_error (self, RTCC_BOLO_FIELD_REASON, _("A reason is required: it is sent to HotSheets and audited."));
        return FALSE;
      }
  }
  for (guint i = 0; i < RTCC_BOLO_N_FIELDS; i++)
    text[i] = field_text (self, i);

  person = is_person (self);
  json_object_set_string_member (body, "subjectType", person ? "person" : "vehicle");
  json_object_set_string_member (body, "reason", text[RTCC_BOLO_FIELD_REASON]);
  set_optional (body, "caseNumber", text[RTCC_BOLO_FIELD_CASE]);
  set_optional (body, "cautions", text[RTCC_BOLO_FIELD_CAUTIONS]);
  if (!person)
    {
      JsonObject *vehicle = json_object_new ();
      g_autofree char *plate = rtcc_plate_normalize (text[RTCC_BOLO_FIELD_PLATE]);
      g_autofree char *state = g_ascii_strup (text[RTCC_BOLO_FIELD_STATE], -1);

      json_object_set_string_member (vehicle, "plate", plate != NULL ? plate : "");
      json_object_set_string_member (vehicle, "state", state);
      set_optional (vehicle, "make", text[RTCC_BOLO_FIELD_MAKE]);
      set_optional (vehicle, "model", text[RTCC_BOLO_FIELD_MODEL]);
      set_optional (vehicle, "color", text[RTCC_BOLO_FIELD_COLOR]);
      json_object_set_object_member (body, "vehicle", vehicle);
      g_string_append_printf (terms, "subject=vehicle plate=%s state=%s", plate != NULL ? plate : "", state);
    }
  else
    {
      JsonObject *subject = json_object_new ();

      json_object_set_string_member (subject, "lastName", text[RTCC_BOLO_FIELD_LAST_NAME]);
      json_object_set_string_member (subject, "firstName", text[RTCC_BOLO_FIELD_FIRST_NAME]);
      json_object_set_string_member (subject, "dob", text[RTCC_BOLO_FIELD_DOB]);
      json_object_set_object_member (body, "person", subject);
      g_string_append_printf (terms, "subject=person last=%s first=%s dob=%s", text[RTCC_BOLO_FIELD_LAST_NAME],
                              text[RTCC_BOLO_FIELD_FIRST_NAME], text[RTCC_BOLO_FIELD_DOB]);
    }
  if (*text[RTCC_BOLO_FIELD_CASE] != '\0')
    g_string_append_printf (terms, " case=%s", text[RTCC_BOLO_FIELD_CASE]);
  request = g_new0 (char *, 3);
  request[0] = g_string_free (g_steal_pointer (&terms), FALSE);
  request[1] = g_strdup (text[RTCC_BOLO_FIELD_REASON]);
  for (guint i = 0; i < RTCC_BOLO_N_FIELDS; i++)
    g_free (text[i]);

  /* No cancellable, as for a cancel: the create runs to its audit record. */
  task = g_task_new (self, NULL, NULL, NULL);
  g_task_set_source_tag (task, rtcc_bolo_dialog_create);
  g_task_set_task_data (task, request, (GDestroyNotify) g_strfreev);
  set_busy (self, TRUE);
  gtk_widget_remove_css_class (GTK_WIDGET (self->form_status), "error");
  gtk_label_set_text (self->form_status, _("Sending to HotSheets…"));
  rtcc_hotsheets_integration_create_bolo_async (self->hotsheets, body, NULL, create_cb,
                                                g_steal_pointer (&task));
  return TRUE;
}

static void
create_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  rtcc_bolo_dialog_create (RTCC_BOLO_DIALOG (widget));
}

/* Checks: a plate or a person against the active BOLOs, audited as a
 * query before the answer is shown. */

typedef struct
{
  GPtrArray *matches;
  GError    *error;
} CheckData;

static void
check_data_free (CheckData *data)
{
  g_clear_pointer (&data->matches, g_ptr_array_unref);
  g_clear_error (&data->error);
  g_free (data);
}

static void
check_audit_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RtccBoloDialog *self = g_task_get_source_object (task);
  CheckData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) text = g_string_new (NULL);

  set_busy (self, FALSE);
  if (self->check_result == NULL)
    return;
  if (rtcc_audit_log_append_finish (RTCC_AUDIT_LOG (object), result, &error) <= 0)
    g_string_printf (text, _("The check could not be audited, so its answer is not shown: %s"), error->message);
  else if (data->error != NULL)
    g_string_printf (text, _("The check failed: %s"), data->error->message);
  else if (data->matches->len == 0)
    g_string_assign (text, _("No active BOLO matches."));
  else
    for (guint i = 0; i < data->matches->len; i++)
      {
        RtccEvent *bolo = g_ptr_array_index (data->matches, i);
        const char *who = rtcc_event_get_attribute_string (bolo, "plate_number");

        if (who == NULL)
          who = rtcc_event_get_attribute_string (bolo, "name");
        g_string_append_printf (text, "%s%s — %s — %s", i > 0 ? "\n" : "",
                                rtcc_event_get_attribute_string (bolo, "bolo_id"), who != NULL ? who : "",
                                rtcc_event_get_attribute_string (bolo, "reason"));
      }
  gtk_label_set_text (self->check_result, text->str);
}

static void
check_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RtccBoloDialog *self = g_task_get_source_object (task);
  const char *terms = g_object_get_data (G_OBJECT (task), "terms");
  CheckData *data = g_new0 (CheckData, 1);
  g_autoptr(RtccAuditRecord) record = NULL;

  if (g_task_get_source_tag (task) == rtcc_hotsheets_integration_check_plate_async)
    data->matches = rtcc_hotsheets_integration_check_plate_finish (RTCC_HOTSHEETS_INTEGRATION (object), result,
                                                                   &data->error);
  else
    data->matches = rtcc_hotsheets_integration_check_person_finish (RTCC_HOTSHEETS_INTEGRATION (object), result,
                                                                    &data->error);
  g_task_set_task_data (task, data, (GDestroyNotify) check_data_free);

  record = rtcc_audit_record_new (self->operator_id, RTCC_AUDIT_ACTION_QUERY);
  rtcc_audit_record_set_integration (record, "hotsheets");
  rtcc_audit_record_set_query_terms (record, terms);
  rtcc_audit_record_set_outcome (record, data->error == NULL ? RTCC_AUDIT_OUTCOME_SUCCESS : RTCC_AUDIT_OUTCOME_FAILURE);
  if (data->error != NULL)
    rtcc_audit_record_set_outcome_detail (record, data->error->message);
  rtcc_audit_log_append_async (self->audit, record, NULL, check_audit_cb, g_steal_pointer (&task));
}

static gboolean
check_ready (RtccBoloDialog *self)
{
  if (self->busy)
    return FALSE;
  if (self->hotsheets == NULL || self->audit == NULL)
    {
      gtk_label_set_text (self->check_result, self->audit == NULL
                          ? _("The audit log is not available, so checks are refused.")
                          : _("HotSheets is not configured. Set HOTSHEETS_API_URL in Preferences."));
      return FALSE;
    }
  return TRUE;
}

static void
check_plate_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  RtccBoloDialog *self = RTCC_BOLO_DIALOG (widget);
  g_autofree char *plate = NULL;
  g_autofree char *state = NULL;
  GTask *task;

  if (!check_ready (self))
    return;
  plate = rtcc_plate_normalize (gtk_editable_get_text (GTK_EDITABLE (self->check_plate_entry)));
  state = g_ascii_strup (gtk_editable_get_text (GTK_EDITABLE (self->check_state_entry)), -1);
  g_strstrip (state);
  if (plate == NULL || *plate == '\0')
    {
      gtk_label_set_text (self->check_result, _("Enter the plate to check."));
      return;
    }
  task = g_task_new (self, self->cancellable, NULL, NULL);
  g_task_set_source_tag (task, rtcc_hotsheets_integration_check_plate_async);
  g_object_set_data_full (G_OBJECT (task), "terms",
                          g_strdup_printf ("bolo_check plate=%s state=%s", plate, state), g_free);
  set_busy (self, TRUE);
  gtk_label_set_text (self->check_result, _("Checking…"));
  rtcc_hotsheets_integration_check_plate_async (self->hotsheets, plate, *state != '\0' ? state : NULL,
                                                self->cancellable, check_cb, task);
}

static void
check_person_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  RtccBoloDialog *self = RTCC_BOLO_DIALOG (widget);
  g_autofree char *last = NULL;
  g_autofree char *first = NULL;
  g_autofree char *dob = NULL;
  GTask *task;

  if (!check_ready (self))
    return;
  last = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->check_last_entry))));
  first = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->check_first_entry))));
  dob = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->check_dob_entry))));
  if (*last == '\0')
    {
      gtk_label_set_text (self->check_result, _("Enter at least the last name to check."));
      return;
    }
  task = g_task_new (self, self->cancellable, NULL, NULL);
  g_task_set_source_tag (task, rtcc_hotsheets_integration_check_person_async);
  g_object_set_data_full (G_OBJECT (task), "terms",
                          g_strdup_printf ("bolo_check last=%s first=%s dob=%s", last, first, dob), g_free);
  set_busy (self, TRUE);
  gtk_label_set_text (self->check_result, _("Checking…"));
  rtcc_hotsheets_integration_check_person_async (self->hotsheets, last, *first != '\0' ? first : NULL,
                                                 *dob != '\0' ? dob : NULL, self->cancellable, check_cb, task);
}

/* Columns */

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
bind_attribute (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  user_data)
{
  RtccEvent *bolo = gtk_list_item_get_item (item);
  const char *value = rtcc_event_get_attribute_string (bolo, user_data);

  /* A person BOLO has a name where a vehicle BOLO has a plate. */
  if (value == NULL && g_str_equal (user_data, "plate_number"))
    value = rtcc_event_get_attribute_string (bolo, "name");
  if (value != NULL && g_str_equal (user_data, "expires_at"))
    {
      g_autoptr(GDateTime) time = rtcc_time_parse_iso (value, NULL);
      g_autoptr(GDateTime) local = time != NULL ? g_date_time_to_local (time) : NULL;
      g_autofree char *text = local != NULL ? g_date_time_format (local, "%Y-%m-%d %H:%M") : NULL;

      gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), text != NULL ? text : value);
      return;
    }
  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), value != NULL ? value : "");
}

static void
add_column (RtccBoloDialog *self,
            const char     *title,
            const char     *attribute,
            gboolean        expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *column;

  g_signal_connect (factory, "setup", G_CALLBACK (setup_label), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_attribute), (gpointer) attribute);
  column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (column, expand);
  gtk_column_view_column_set_resizable (column, TRUE);
  gtk_column_view_append_column (self->active_view, column);
  g_object_unref (column);
}

static gboolean
rtcc_bolo_dialog_close_request (GtkWindow *window)
{
  g_cancellable_cancel (RTCC_BOLO_DIALOG (window)->cancellable);

  return GTK_WINDOW_CLASS (rtcc_bolo_dialog_parent_class)->close_request (window);
}

static void
rtcc_bolo_dialog_dispose (GObject *object)
{
  RtccBoloDialog *self = RTCC_BOLO_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), RTCC_TYPE_BOLO_DIALOG);

  G_OBJECT_CLASS (rtcc_bolo_dialog_parent_class)->dispose (object);
}

static void
rtcc_bolo_dialog_finalize (GObject *object)
{
  RtccBoloDialog *self = RTCC_BOLO_DIALOG (object);

  g_clear_object (&self->hotsheets);
  g_clear_object (&self->audit);
  g_clear_object (&self->active);
  g_clear_object (&self->selection);
  g_clear_object (&self->cancellable);
  g_free (self->operator_id);

  G_OBJECT_CLASS (rtcc_bolo_dialog_parent_class)->finalize (object);
}

static void
rtcc_bolo_dialog_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  RtccBoloDialog *self = RTCC_BOLO_DIALOG (object);

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
rtcc_bolo_dialog_class_init (RtccBoloDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rtcc_bolo_dialog_dispose;
  object_class->finalize = rtcc_bolo_dialog_finalize;
  object_class->get_property = rtcc_bolo_dialog_get_property;
  GTK_WINDOW_CLASS (klass)->close_request = rtcc_bolo_dialog_close_request;

  /**
   * RtccBoloDialog:busy:
   *
   * Whether a create or cancel is waiting for HotSheets.
   */
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/g3ti/Rtcc/rtcc-bolo-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, RtccBoloDialog, active_view);
  gtk_widget_class_bind_template_child (widget_class, RtccBoloDialog, active_status);
  gtk_widget_class_bind_template_child (widget_class, RtccBoloDialog, subject_dropdown);
  gtk_widget_class_bind_template_child (widget_class, RtccBoloDialog, form_status);
  for (guint i = 0; i < RTCC_BOLO_N_FIELDS; i++)
    {
      g_autofree char *entry = g_strdup_printf ("%s_entry", field_ids[i]);
      g_autofree char *error = g_strdup_printf ("%s_error", field_ids[i]);

      gtk_widget_class_bind_template_child_full (widget_class, g_intern_string (entry), FALSE,
                                                 G_STRUCT_OFFSET (RtccBoloDialog, entries) + i * sizeof (gpointer));
      gtk_widget_class_bind_template_child_full (widget_class, g_intern_string (error), FALSE,
                                                 G_STRUCT_OFFSET (RtccBoloDialog, errors) + i * sizeof (gpointer));
    }

  gtk_widget_class_bind_template_child (widget_class, RtccBoloDialog, check_plate_entry);
  gtk_widget_class_bind_template_child (widget_class, RtccBoloDialog, check_state_entry);
  gtk_widget_class_bind_template_child (widget_class, RtccBoloDialog, check_last_entry);
  gtk_widget_class_bind_template_child (widget_class, RtccBoloDialog, check_first_entry);
  gtk_widget_class_bind_template_child (widget_class, RtccBoloDialog, check_dob_entry);
  gtk_widget_class_bind_template_child (widget_class, RtccBoloDialog, check_result);

  gtk_widget_class_install_action (widget_class, "bolo.check-plate", NULL, check_plate_action);
  gtk_widget_class_install_action (widget_class, "bolo.check-person", NULL, check_person_action);
  gtk_widget_class_install_action (widget_class, "bolo.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "bolo.cancel-selected", NULL, cancel_selected_action);
  gtk_widget_class_install_action (widget_class, "bolo.create", NULL, create_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
rtcc_bolo_dialog_init (RtccBoloDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->active = g_list_store_new (RTCC_TYPE_EVENT);
  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->active)));
  gtk_column_view_set_model (self->active_view, GTK_SELECTION_MODEL (self->selection));
  add_column (self, _("BOLO"), "bolo_id", FALSE);
  add_column (self, _("Subject"), "subject", FALSE);
  add_column (self, _("Plate or name"), "plate_number", FALSE);
  add_column (self, _("Reason"), "reason", TRUE);
  add_column (self, _("Expires"), "expires_at", FALSE);

  g_signal_connect_swapped (self->subject_dropdown, "notify::selected", G_CALLBACK (update_subject), self);
  update_subject (self);
}

/**
 * rtcc_bolo_dialog_new:
 * @hotsheets: (nullable): the HotSheets integration
 * @audit: (nullable): the audit log; without it nothing can be changed
 * @operator_id: who the audit records name
 *
 * Returns: (transfer full): a new dialog, listing the active BOLOs
 */
RtccBoloDialog *
rtcc_bolo_dialog_new (RtccHotsheetsIntegration *hotsheets,
                      RtccAuditLog             *audit,
                      const char               *operator_id)
{
  RtccBoloDialog *self = g_object_new (RTCC_TYPE_BOLO_DIALOG, NULL);

  g_set_object (&self->hotsheets, hotsheets);
  g_set_object (&self->audit, audit);
  self->operator_id = g_strdup (operator_id != NULL ? operator_id : g_get_user_name ());
  rtcc_bolo_dialog_refresh (self);
  return self;
}

/**
 * rtcc_bolo_dialog_set_person:
 * @self: a #RtccBoloDialog
 * @person: %TRUE for a person BOLO, %FALSE for a vehicle
 */
void
rtcc_bolo_dialog_set_person (RtccBoloDialog *self,
                             gboolean        person)
{
  g_return_if_fail (RTCC_IS_BOLO_DIALOG (self));
  gtk_drop_down_set_selected (self->subject_dropdown, person ? 1 : 0);
}

/**
 * rtcc_bolo_dialog_set_field:
 * @self: a #RtccBoloDialog
 * @field: which field
 * @text: (nullable): its new text
 */
void
rtcc_bolo_dialog_set_field (RtccBoloDialog *self,
                            RtccBoloField   field,
                            const char     *text)
{
  g_return_if_fail (RTCC_IS_BOLO_DIALOG (self));
  g_return_if_fail (field < RTCC_BOLO_N_FIELDS);
  gtk_editable_set_text (GTK_EDITABLE (self->entries[field]), text != NULL ? text : "");
}

/**
 * rtcc_bolo_dialog_get_field:
 * @self: a #RtccBoloDialog
 * @field: which field
 *
 * Returns: the field's text, as typed
 */
const char *
rtcc_bolo_dialog_get_field (RtccBoloDialog *self,
                            RtccBoloField   field)
{
  g_return_val_if_fail (RTCC_IS_BOLO_DIALOG (self), NULL);
  g_return_val_if_fail (field < RTCC_BOLO_N_FIELDS, NULL);
  return gtk_editable_get_text (GTK_EDITABLE (self->entries[field]));
}

/**
 * rtcc_bolo_dialog_get_field_error:
 * @self: a #RtccBoloDialog
 * @field: which field
 *
 * Returns: (nullable): the message shown under the field, if any
 */
const char *
rtcc_bolo_dialog_get_field_error (RtccBoloDialog *self,
                                  RtccBoloField   field)
{
  g_return_val_if_fail (RTCC_IS_BOLO_DIALOG (self), NULL);
  g_return_val_if_fail (field < RTCC_BOLO_N_FIELDS, NULL);
  if (!gtk_widget_get_visible (GTK_WIDGET (self->errors[field])))
    return NULL;
  return gtk_label_get_text (self->errors[field]);
}

/**
 * rtcc_bolo_dialog_get_form_status:
 * @self: a #RtccBoloDialog
 *
 * Returns: the line under the form: progress, success or refusal
 */
const char *
rtcc_bolo_dialog_get_form_status (RtccBoloDialog *self)
{
  g_return_val_if_fail (RTCC_IS_BOLO_DIALOG (self), NULL);
  return gtk_label_get_text (self->form_status);
}

/**
 * rtcc_bolo_dialog_get_busy:
 * @self: a #RtccBoloDialog
 *
 * Returns: whether a create or cancel waits for HotSheets
 */
gboolean
rtcc_bolo_dialog_get_busy (RtccBoloDialog *self)
{
  g_return_val_if_fail (RTCC_IS_BOLO_DIALOG (self), FALSE);
  return self->busy;
}

/**
 * rtcc_bolo_dialog_get_active:
 * @self: a #RtccBoloDialog
 *
 * Returns: (transfer none): the active BOLOs listed, as `bolo_created`
 *   #RtccEvent
 */
GListModel *
rtcc_bolo_dialog_get_active (RtccBoloDialog *self)
{
  g_return_val_if_fail (RTCC_IS_BOLO_DIALOG (self), NULL);
  return G_LIST_MODEL (self->active);
}

/**
 * rtcc_bolo_dialog_check_plate:
 * @self: a #RtccBoloDialog
 * @plate: the plate to check
 * @state: (nullable): its state
 *
 * Fills the check form and checks the plate against the active BOLOs;
 * #RtccBoloDialog:busy stays %TRUE until the answer is on record.
 */
void
rtcc_bolo_dialog_check_plate (RtccBoloDialog *self,
                              const char     *plate,
                              const char     *state)
{
  g_return_if_fail (RTCC_IS_BOLO_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->check_plate_entry), plate != NULL ? plate : "");
  gtk_editable_set_text (GTK_EDITABLE (self->check_state_entry), state != NULL ? state : "");
  check_plate_action (GTK_WIDGET (self), "bolo.check-plate", NULL);
}

/**
 * rtcc_bolo_dialog_get_check_result:
 * @self: a #RtccBoloDialog
 *
 * Returns: the answer of the last check, one matching BOLO a line
 */
const char *
rtcc_bolo_dialog_get_check_result (RtccBoloDialog *self)
{
  g_return_val_if_fail (RTCC_IS_BOLO_DIALOG (self), NULL);
  return gtk_label_get_text (self->check_result);
}
