/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccNessDialog"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "rtcc-ness-dialog.h"

/**
 * RtccNessDialog:
 *
 * A national query (QW, QH, DQ, RQ) under the CJIS rules: Send stays off
 * until the query names what its kind needs, a purpose code (never R)
 * and a reason; the answer is shown here only, never stored, logged or
 * copied unless the analyst presses Copy, and it is wiped when the
 * dialog closes or the next query starts.
 */
struct _RtccNessDialog
{
  AdwWindow            parent_instance;

  RtccNessIntegration *ness;
  RtccNessResult      *result;
  GCancellable        *cancellable;
  GtkStringList       *purposes;

  AdwComboRow         *kind_row;
  GtkWidget           *person_group;
  AdwEntryRow         *last_row;
  AdwEntryRow         *first_row;
  AdwEntryRow         *dob_row;
  GtkWidget           *license_group;
  AdwEntryRow         *license_number_row;
  AdwEntryRow         *license_state_row;
  GtkWidget           *vehicle_group;
  AdwEntryRow         *plate_row;
  AdwEntryRow         *plate_state_row;
  AdwComboRow         *purpose_row;
  AdwEntryRow         *reason_row;
  GtkLabel            *hint_label;
  GtkSpinner          *spinner;
  GtkLabel            *error_label;
  GtkWidget           *results_box;
  GtkWidget           *warning_box;
  GtkLabel            *warning_label;
  GtkLabel            *summary_label;
  GtkLabel            *result_label;
};

G_DEFINE_FINAL_TYPE (RtccNessDialog, rtcc_ness_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_NESS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Position 0 is "no purpose chosen", so Send starts insensitive. R is
 * the FBI's own and is never offered. */
static const char * const purpose_codes[] = {
  NULL, "C", "D", "F", "H", "I", "J", "S", "V", "X",
};

static const char *
purpose_label (guint i)
{
  switch (i)
    {
    case 0: return _("Choose a purpose");
    case 1: return _("C — Criminal justice");
    case 2: return _("D — Domestic violence and stalking");
    case 3: return _("F — Firearms");
    case 4: return _("H — Housing");
    case 5: return _("I — Authorised non-criminal justice");
    case 6: return _("J — Criminal justice employment");
    case 7: return _("S — National security");
    case 8: return _("V — Visa");
    case 9: return _("X — Exigent circumstances");
    default: g_assert_not_reached ();
    }
}

static const char *
entry_text (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static const char *
chosen_purpose (RtccNessDialog *self)
{
  guint i = adw_combo_row_get_selected (self->purpose_row);

  return i < G_N_ELEMENTS (purpose_codes) ? purpose_codes[i] : NULL;
}

static RtccNessQuery *
build_query (RtccNessDialog *self)
{
  RtccNessQueryKind kind = rtcc_ness_dialog_get_kind (self);
  RtccNessQuery *query = rtcc_ness_query_new (kind);

  switch (kind)
    {
    case RTCC_NESS_QUERY_WANTED:
    case RTCC_NESS_QUERY_HISTORY:
      rtcc_ness_query_set_name (query, entry_text (self->last_row), entry_text (self->first_row), NULL);
      rtcc_ness_query_set_person (query, entry_text (self->dob_row), NULL, NULL);
      break;
    case RTCC_NESS_QUERY_LICENSE:
      rtcc_ness_query_set_license (query, entry_text (self->license_number_row),
                                   entry_text (self->license_state_row));
      break;
    case RTCC_NESS_QUERY_REGISTRATION:
      rtcc_ness_query_set_plate (query, entry_text (self->plate_row), entry_text (self->plate_state_row));
      break;
    default:
      g_assert_not_reached ();
    }
  rtcc_ness_query_set_purpose (query, chosen_purpose (self), entry_text (self->reason_row));
  return query;
}

static gboolean
validate (RtccNessDialog  *self,
          GError         **error)
{
  g_autoptr(RtccNessQuery) query = NULL;
  RtccConfig *config;

  if (self->ness == NULL)
    {
      g_set_error_literal (error, RTCC_NESS_ERROR, RTCC_NESS_ERROR_NOT_CONFIGURED,
                           _("NESS is not part of this workstation’s integrations."));
      return FALSE;
    }
  config = rtcc_base_integration_get_config (RTCC_BASE_INTEGRATION (self->ness));
  query = build_query (self);
  return rtcc_ness_query_validate (query,
                                   config ? rtcc_config_get (config, "NESS_OPERATOR_ID") : NULL,
                                   config ? rtcc_config_get (config, "NESS_ORI") : NULL,
                                   error);
}

static void
update_state (RtccNessDialog *self)
{
  g_autoptr(GError) error = NULL;
  gboolean busy = self->cancellable != NULL;
  gboolean valid = validate (self, &error);
  RtccNessQueryKind kind = rtcc_ness_dialog_get_kind (self);
  gboolean person = kind == RTCC_NESS_QUERY_WANTED || kind == RTCC_NESS_QUERY_HISTORY;

  gtk_widget_set_visible (self->person_group, person);
  gtk_widget_set_visible (self->license_group, kind == RTCC_NESS_QUERY_LICENSE);
  gtk_widget_set_visible (self->vehicle_group, kind == RTCC_NESS_QUERY_REGISTRATION);

  /* The validator's message names the missing piece, so the analyst sees
   * why Send is off without pressing it. */
  if (busy)
    gtk_label_set_label (self->hint_label, _("Sending…"));
  else
    gtk_label_set_label (self->hint_label, valid ? _("Ready to send.") : error->message);
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "ness.send", valid && !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "ness.copy", self->result != NULL);
}

/* The labels held the answer: empty them before the result's own
 * buffers are wiped, so nothing of it remains on screen. */
static void
clear_result (RtccNessDialog *self)
{
  gtk_label_set_label (self->warning_label, "");
  gtk_label_set_label (self->summary_label, "");
  gtk_label_set_label (self->result_label, "");
  gtk_widget_set_visible (self->results_box, FALSE);
  if (self->result != NULL)
    {
      rtcc_ness_result_clear (self->result);
      g_clear_pointer (&self->result, rtcc_ness_result_unref);
    }
}

static void
show_error (RtccNessDialog *self,
            const char     *message)
{
  gtk_label_set_label (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
append_field (GString    *out,
              const char *name,
              const char *value)
{
  if (value == NULL || *value == '\0')
    return;
  g_string_append_printf (out, "%s: %s\n", name, value);
}

static void
append_strings (GString    *out,
                const char *name,
                GPtrArray  *values)
{
  g_autoptr(GString) joined = g_string_new (NULL);

  if (values == NULL || values->len == 0)
    return;
  for (guint i = 0; i < values->len; i++)
    {
      if (i > 0)
        g_string_append (joined, ", ");
      g_string_append (joined, g_ptr_array_index (values, i));
    }
  append_field (out, name, joined->str);
  explicit_bzero (joined->str, joined->len);
}

static char *
format_summary (RtccNessResult *result)
{
  guint n = rtcc_ness_result_count (result);

  switch (result->kind)
    {
    case RTCC_NESS_QUERY_WANTED:
      if (n == 0)
        return g_strdup (_("QW: no wanted-person record found"));
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "QW: %u wanted-person hit",
                                           "QW: %u wanted-person hits", n), n);
    case RTCC_NESS_QUERY_HISTORY:
      return g_strdup (n ? _("QH: criminal history record found") : _("QH: no criminal history record found"));
    case RTCC_NESS_QUERY_LICENSE:
      return g_strdup (n ? _("DQ: driver licence found") : _("DQ: no driver licence found"));
    case RTCC_NESS_QUERY_REGISTRATION:
      if (n && result->registration->stolen)
        return g_strdup (_("RQ: registration found — vehicle reported STOLEN"));
      return g_strdup (n ? _("RQ: registration found") : _("RQ: no registration found"));
    default:
      return g_strdup ("");
    }
}

static void
format_answer (RtccNessResult *result,
               GString        *out,
               GString        *warning)
{
  switch (result->kind)
    {
    case RTCC_NESS_QUERY_WANTED:
      for (guint i = 0; i < result->hits->len; i++)
        {
          RtccNessHit *hit = g_ptr_array_index (result->hits, i);
          g_autofree char *notice = rtcc_ness_confirmation_notice (hit->ori);

          if (i > 0)
            g_string_append_c (out, '\n');
          append_field (out, _("NIC"), hit->nic);
          append_field (out, _("Offence"), hit->offense);
          append_field (out, _("Warrant date"), hit->warrant_date);
          append_field (out, _("Extradition"), hit->extradition);
          append_field (out, _("Caution"), hit->caution);
          append_field (out, _("Originating agency (ORI)"), hit->ori);
          /* Every hit says it, with its own ORI; the gateway's own
           * wording comes too when it differs. */
          if (strstr (warning->str, notice) == NULL)
            g_string_append_printf (warning, "%s%s", warning->len ? "\n" : "", notice);
          if (hit->notice != NULL && *hit->notice != '\0' && strstr (warning->str, hit->notice) == NULL)
            g_string_append_printf (warning, "\n%s", hit->notice);
        }
      break;
    case RTCC_NESS_QUERY_HISTORY:
      if (result->record != NULL)
        {
          append_field (out, _("FBI number"), result->record->fbi_number);
          append_strings (out, _("State ids"), result->record->state_ids);
          for (guint i = 0; result->record->arrests != NULL && i < result->record->arrests->len; i++)
            {
              RtccNessArrest *arrest = g_ptr_array_index (result->record->arrests, i);

              g_string_append_printf (out, "%s  %s  %s\n",
                                      arrest->date ? arrest->date : "—",
                                      arrest->charge ? arrest->charge : "—",
                                      arrest->disposition ? arrest->disposition : "—");
            }
          g_string_append_printf (warning, "%s",
                                  _("Criminal history is for the stated purpose only: do not share it "
                                    "beyond the requestor recorded with this query."));
        }
      break;
    case RTCC_NESS_QUERY_LICENSE:
      if (result->license != NULL)
        {
          append_field (out, _("Name"), result->license->name);
          append_field (out, _("Date of birth"), result->license->dob);
          append_field (out, _("Status"), result->license->status);
          append_field (out, _("Class"), result->license->license_class);
          append_field (out, _("Expires"), result->license->expires);
          append_strings (out, _("Restrictions"), result->license->restrictions);
        }
      break;
    case RTCC_NESS_QUERY_REGISTRATION:
      if (result->registration != NULL)
        {
          RtccNessRegistration *r = result->registration;

          append_field (out, _("Plate"), r->plate);
          append_field (out, _("State"), r->state);
          append_field (out, _("VIN"), r->vin);
          append_field (out, _("Year"), r->year);
          append_field (out, _("Make"), r->make);
          append_field (out, _("Model"), r->model);
          append_field (out, _("Colour"), r->color);
          append_field (out, _("Owner"), r->owner_name);
          append_field (out, _("Address"), r->owner_address);
          append_field (out, _("Expires"), r->expires);
          if (r->stolen)
            {
              g_autofree char *notice = rtcc_ness_confirmation_notice (NULL);

              g_string_append_printf (warning, "%s %s", _("Reported stolen."), notice);
            }
        }
      break;
    default:
      break;
    }
  /* The trailing newline is the formatter's, not the answer's. */
  if (out->len > 0 && out->str[out->len - 1] == '\n')
    g_string_truncate (out, out->len - 1);
}

static void
show_result (RtccNessDialog *self)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GString) warning = g_string_new (NULL);
  g_autofree char *summary = format_summary (self->result);

  format_answer (self->result, out, warning);
  gtk_label_set_label (self->summary_label, summary);
  gtk_label_set_label (self->result_label, out->str);
  gtk_widget_set_visible (GTK_WIDGET (self->result_label), out->len > 0);
  gtk_label_set_label (self->warning_label, warning->str);
  gtk_widget_set_visible (self->warning_box, warning->len > 0);
  gtk_widget_set_visible (self->results_box, TRUE);
  /* The label keeps its own copy; ours is wiped, not just freed. */
  explicit_bzero (out->str, out->len);
  explicit_bzero (warning->str, warning->len);
}

static void
query_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(RtccNessDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  RtccNessResult *answer = rtcc_ness_integration_query_finish (RTCC_NESS_INTEGRATION (object), result, &error);

  /* Closed while the answer was on its way: it is wiped unseen. */
  if (self->cancellable == NULL || g_cancellable_is_cancelled (self->cancellable))
    {
      if (answer != NULL)
        {
          rtcc_ness_result_clear (answer);
          rtcc_ness_result_unref (answer);
        }
      return;
    }
  g_clear_object (&self->cancellable);
  if (answer == NULL)
    show_error (self, error->message);
  else
    {
      self->result = answer;
      show_result (self);
    }
  update_state (self);
}

/**
 * rtcc_ness_dialog_send:
 *
 * Sends the query as filled in, if it is valid and none is under way.
 * The previous answer is wiped first.
 */
void
rtcc_ness_dialog_send (RtccNessDialog *self)
{
  g_autoptr(RtccNessQuery) query = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (RTCC_IS_NESS_DIALOG (self));

  if (self->cancellable != NULL)
    return;
  clear_result (self);
  show_error (self, NULL);
  if (!validate (self, &error))
    {
      show_error (self, error->message);
      update_state (self);
      return;
    }
  query = build_query (self);
  self->cancellable = g_cancellable_new ();
  rtcc_ness_integration_query_async (self->ness, query, self->cancellable, query_cb, g_object_ref (self));
  update_state (self);
}

static void
send_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  rtcc_ness_dialog_send (RTCC_NESS_DIALOG (widget));
}

/* Only on the analyst's explicit press: the clipboard is outside the
 * workstation's control once written. */
static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  RtccNessDialog *self = RTCC_NESS_DIALOG (widget);
  g_autofree char *text = NULL;

  if (self->result == NULL)
    return;
  text = g_strdup_printf ("%s\n%s\n%s", gtk_label_get_label (self->summary_label),
                          gtk_label_get_label (self->result_label),
                          gtk_label_get_label (self->warning_label));
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text);
  explicit_bzero (text, strlen (text));
}

static gboolean
rtcc_ness_dialog_close_request (GtkWindow *window)
{
  RtccNessDialog *self = RTCC_NESS_DIALOG (window);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  clear_result (self);
  return GTK_WINDOW_CLASS (rtcc_ness_dialog_parent_class)->close_request (window);
}

static void
rtcc_ness_dialog_dispose (GObject *object)
{
  RtccNessDialog *self = RTCC_NESS_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->result != NULL)
    {
      rtcc_ness_result_clear (self->result);
      g_clear_pointer (&self->result, rtcc_ness_result_unref);
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), RTCC_TYPE_NESS_DIALOG);
  g_clear_object (&self->ness);
  g_clear_object (&self->purposes);

  G_OBJECT_CLASS (rtcc_ness_dialog_parent_class)->dispose (object);
}

static void
rtcc_ness_dialog_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  RtccNessDialog *self = RTCC_NESS_DIALOG (object);

  switch (prop_id)
    {
    case PROP_NESS:
      g_value_set_object (value, self->ness);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rtcc_ness_dialog_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  RtccNessDialog *self = RTCC_NESS_DIALOG (object);

  switch (prop_id)
    {
    case PROP_NESS:
      self->ness = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rtcc_ness_dialog_constructed (GObject *object)
{
  G_OBJECT_CLASS (rtcc_ness_dialog_parent_class)->constructed (object);
  update_state (RTCC_NESS_DIALOG (object));
}

static void
rtcc_ness_dialog_class_init (RtccNessDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = rtcc_ness_dialog_constructed;
  object_class->dispose = rtcc_ness_dialog_dispose;
  object_class->get_property = rtcc_ness_dialog_get_property;
  object_class->set_property = rtcc_ness_dialog_set_property;
  window_class->close_request = rtcc_ness_dialog_close_request;

  /**
   * RtccNessDialog:ness:
   *
   * The NESS integration that sends the query and audits it.
   */
  properties[PROP_NESS] =
    g_param_spec_object ("ness", NULL, NULL, RTCC_TYPE_NESS_INTEGRATION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/g3ti/Rtcc/rtcc-ness-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, RtccNessDialog, kind_row);
  gtk_widget_class_bind_template_child (widget_class, RtccNessDialog, person_group);
  gtk_widget_class_bind_template_child (widget_class, RtccNessDialog, last_row);
  gtk_widget_class_bind_template_child (widget_class, RtccNessDialog, first_row);
  gtk_widget_class_bind_template_child (widget_class, RtccNessDialog, dob_row);
  gtk_widget_class_bind_template_child (widget_class, RtccNessDialog, license_group);
  gtk_widget_class_bind_template_child (widget_class, RtccNessDialog, license_number_row);
  gtk_widget_class_bind_template_child (widget_class, RtccNessDialog, license_state_row);
  gtk_widget_class_bind_template_child (widget_class, RtccNessDialog, vehicle_group);
  gtk_widget_class_bind_template_child (widget_class, RtccNessDialog, plate_row);
  gtk_widget_class_bind_template_child (widget_class, RtccNessDialog, plate_state_row);
  gtk_widget_class_bind_template_child (widget_class, RtccNessDialog, purpose_row);
  gtk_widget_class_bind_template_child (widget_class, RtccNessDialog, reason_row);
  gtk_widget_class_bind_template_child (widget_class, RtccNessDialog, hint_label);
  gtk_widget_class_bind_template_child (widget_class, RtccNessDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, RtccNessDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, RtccNessDialog, results_box);
  gtk_widget_class_bind_template_child (widget_class, RtccNessDialog, warning_box);
  gtk_widget_class_bind_template_child (widget_class, RtccNessDialog, warning_label);
  gtk_widget_class_bind_template_child (widget_class, RtccNessDialog, summary_label);
  gtk_widget_class_bind_template_child (widget_class, RtccNessDialog, result_label);
  gtk_widget_class_install_action (widget_class, "ness.send", NULL, send_action);
  gtk_widget_class_install_action (widget_class, "ness.copy", NULL, copy_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
rtcc_ness_dialog_init (RtccNessDialog *self)
{
  g_autoptr(GtkStringList) kinds = NULL;
  AdwEntryRow *rows[7];

  gtk_widget_init_template (GTK_WIDGET (self));

  kinds = gtk_string_list_new (NULL);
  gtk_string_list_append (kinds, _("Wanted person (QW)"));
  gtk_string_list_append (kinds, _("Criminal history (QH)"));
  gtk_string_list_append (kinds, _("Driver licence (DQ)"));
  gtk_string_list_append (kinds, _("Vehicle registration (RQ)"));
  adw_combo_row_set_model (self->kind_row, G_LIST_MODEL (kinds));

  self->purposes = gtk_string_list_new (NULL);
  for (guint i = 0; i < G_N_ELEMENTS (purpose_codes); i++)
    gtk_string_list_append (self->purposes, purpose_label (i));
  adw_combo_row_set_model (self->purpose_row, G_LIST_MODEL (self->purposes));

  g_signal_connect_swapped (self->kind_row, "notify::selected", G_CALLBACK (update_state), self);
  g_signal_connect_swapped (self->purpose_row, "notify::selected", G_CALLBACK (update_state), self);
  rows[0] = self->last_row;
  rows[1] = self->first_row;
  rows[2] = self->dob_row;
  rows[3] = self->license_number_row;
  rows[4] = self->license_state_row;
  rows[5] = self->plate_row;
  rows[6] = self->plate_state_row;
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    g_signal_connect_swapped (rows[i], "changed", G_CALLBACK (update_state), self);
  g_signal_connect_swapped (self->reason_row, "changed", G_CALLBACK (update_state), self);
}

/**
 * rtcc_ness_dialog_new:
 * @ness: (nullable): the NESS integration
 *
 * Returns: (transfer full): a new dialog; without @ness it explains why
 *   nothing can be sent
 */
RtccNessDialog *
rtcc_ness_dialog_new (RtccNessIntegration *ness)
{
  g_return_val_if_fail (ness == NULL || RTCC_IS_NESS_INTEGRATION (ness), NULL);
  return g_object_new (RTCC_TYPE_NESS_DIALOG, "ness", ness, NULL);
}

/**
 * rtcc_ness_dialog_set_kind:
 *
 * Chooses the query kind and shows the fields it needs.
 */
void
rtcc_ness_dialog_set_kind (RtccNessDialog    *self,
                           RtccNessQueryKind  kind)
{
  g_return_if_fail (RTCC_IS_NESS_DIALOG (self));
  g_return_if_fail (kind <= RTCC_NESS_QUERY_REGISTRATION);
  adw_combo_row_set_selected (self->kind_row, kind);
}

/**
 * rtcc_ness_dialog_get_kind:
 *
 * Returns: the chosen query kind
 */
RtccNessQueryKind
rtcc_ness_dialog_get_kind (RtccNessDialog *self)
{
  guint selected;

  g_return_val_if_fail (RTCC_IS_NESS_DIALOG (self), RTCC_NESS_QUERY_WANTED);
  selected = adw_combo_row_get_selected (self->kind_row);
  return selected <= RTCC_NESS_QUERY_REGISTRATION ? (RtccNessQueryKind) selected : RTCC_NESS_QUERY_WANTED;
}

static void
set_entry (AdwEntryRow *row,
           const char  *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
}

/**
 * rtcc_ness_dialog_set_person:
 *
 * Fills the name and date of birth of a QW or QH.
 */
void
rtcc_ness_dialog_set_person (RtccNessDialog *self,
                             const char     *last_name,
                             const char     *first_name,
                             const char     *dob)
{
  g_return_if_fail (RTCC_IS_NESS_DIALOG (self));
  set_entry (self->last_row, last_name);
  set_entry (self->first_row, first_name);
  set_entry (self->dob_row, dob);
}

/**
 * rtcc_ness_dialog_set_license:
 *
 * Fills the licence number and state of a DQ.
 */
void
rtcc_ness_dialog_set_license (RtccNessDialog *self,
                              const char     *number,
                              const char     *state)
{
  g_return_if_fail (RTCC_IS_NESS_DIALOG (self));
  set_entry (self->license_number_row, number);
  set_entry (self->license_state_row, state);
}

/**
 * rtcc_ness_dialog_set_plate:
 *
 * Fills the plate and state of an RQ.
 */
void
rtcc_ness_dialog_set_plate (RtccNessDialog *self,
                            const char     *plate,
                            const char     *state)
{
  g_return_if_fail (RTCC_IS_NESS_DIALOG (self));
  set_entry (self->plate_row, plate);
  set_entry (self->plate_state_row, state);
}

/**
 * rtcc_ness_dialog_set_purpose:
 * @code: (nullable): one of the offered codes; anything else, R
 *   included, leaves no purpose chosen
 * @reason: (nullable): the reason in words
 */
void
rtcc_ness_dialog_set_purpose (RtccNessDialog *self,
                              const char     *code,
                              const char     *reason)
{
  guint selected = 0;

  g_return_if_fail (RTCC_IS_NESS_DIALOG (self));

  for (guint i = 1; code != NULL && i < G_N_ELEMENTS (purpose_codes); i++)
    if (g_ascii_strcasecmp (code, purpose_codes[i]) == 0)
      selected = i;
  adw_combo_row_set_selected (self->purpose_row, selected);
  set_entry (self->reason_row, reason);
}

/**
 * rtcc_ness_event_has_subject:
 * @event: (nullable): an event
 *
 * Returns: whether @event names a person (a person BOLO) or a plate (a
 *   plate read, a hit, a vehicle BOLO) that a national query can ask about
 */
gboolean
rtcc_ness_event_has_subject (RtccEvent *event)
{
  if (event == NULL)
    return FALSE;
  switch (rtcc_event_get_event_type (event))
    {
    case RTCC_EVENT_TYPE_LPR_READ:
    case RTCC_EVENT_TYPE_LPR_HIT:
      return rtcc_event_get_attribute_string (event, "plate_number") != NULL;
    case RTCC_EVENT_TYPE_BOLO_CREATED:
    case RTCC_EVENT_TYPE_BOLO_CANCELLED:
      return rtcc_event_get_attribute_string (event, "plate_number") != NULL ||
             rtcc_event_get_attribute_string (event, "last_name") != NULL;
    default:
      return FALSE;
    }
}

/**
 * rtcc_ness_dialog_fill_from_event:
 * @event: an event
 *
 * Fills the query from a person BOLO (QW by name and date of birth) or
 * a plate event (RQ by plate and state). The purpose and reason stay the
 * analyst's to give.
 *
 * Returns: whether @event had something to fill in
 */
gboolean
rtcc_ness_dialog_fill_from_event (RtccNessDialog *self,
                                  RtccEvent      *event)
{
  const char *plate, *last;

  g_return_val_if_fail (RTCC_IS_NESS_DIALOG (self), FALSE);
  g_return_val_if_fail (RTCC_IS_EVENT (event), FALSE);

  if (!rtcc_ness_event_has_subject (event))
    return FALSE;
  plate = rtcc_event_get_attribute_string (event, "plate_number");
  last = rtcc_event_get_attribute_string (event, "last_name");
  if (plate != NULL && (g_strcmp0 (rtcc_event_get_attribute_string (event, "subject"), "person") != 0 || last == NULL))
    {
      rtcc_ness_dialog_set_kind (self, RTCC_NESS_QUERY_REGISTRATION);
      rtcc_ness_dialog_set_plate (self, plate, rtcc_event_get_attribute_string (event, "plate_state"));
    }
  else
    {
      rtcc_ness_dialog_set_kind (self, RTCC_NESS_QUERY_WANTED);
      rtcc_ness_dialog_set_person (self, last, rtcc_event_get_attribute_string (event, "first_name"),
                                   rtcc_event_get_attribute_string (event, "dob"));
    }
  return TRUE;
}

/**
 * rtcc_ness_dialog_can_send:
 *
 * Returns: whether Send is enabled: the query is valid and none is under way
 */
gboolean
rtcc_ness_dialog_can_send (RtccNessDialog *self)
{
  g_return_val_if_fail (RTCC_IS_NESS_DIALOG (self), FALSE);
  return self->cancellable == NULL && validate (self, NULL);
}

/**
 * rtcc_ness_dialog_is_busy:
 *
 * Returns: whether a query is under way
 */
gboolean
rtcc_ness_dialog_is_busy (RtccNessDialog *self)
{
  g_return_val_if_fail (RTCC_IS_NESS_DIALOG (self), FALSE);
  return self->cancellable != NULL;
}

/**
 * rtcc_ness_dialog_get_purposes:
 *
 * Returns: (transfer none): the purpose dropdown's items, the first of
 *   which stands for "none chosen"
 */
GListModel *
rtcc_ness_dialog_get_purposes (RtccNessDialog *self)
{
  g_return_val_if_fail (RTCC_IS_NESS_DIALOG (self), NULL);
  return G_LIST_MODEL (self->purposes);
}

/**
 * rtcc_ness_dialog_get_result:
 *
 * For tests: the answer on screen, so a test can hold a reference and
 * see it wiped when the dialog closes.
 *
 * Returns: (transfer none) (nullable): the answer shown
 */
RtccNessResult *
rtcc_ness_dialog_get_result (RtccNessDialog *self)
{
  g_return_val_if_fail (RTCC_IS_NESS_DIALOG (self), NULL);
  return self->result;
}

/**
 * rtcc_ness_dialog_get_result_text:
 *
 * Returns: (transfer none): the answer as shown, empty when none is
 */
const char *
rtcc_ness_dialog_get_result_text (RtccNessDialog *self)
{
  g_return_val_if_fail (RTCC_IS_NESS_DIALOG (self), NULL);
  return gtk_label_get_label (self->result_label);
}

/**
 * rtcc_ness_dialog_get_warning_text:
 *
 * Returns: (transfer none): the confirmation warning shown with hits
 */
const char *
rtcc_ness_dialog_get_warning_text (RtccNessDialog *self)
{
  g_return_val_if_fail (RTCC_IS_NESS_DIALOG (self), NULL);
  return gtk_label_get_label (self->warning_label);
}

/**
 * rtcc_ness_dialog_get_error_text:
 *
 * Returns: (transfer none): why the last query failed, empty otherwise
 */
const char *
rtcc_ness_dialog_get_error_text (RtccNessDialog *self)
{
  g_return_val_if_fail (RTCC_IS_NESS_DIALOG (self), NULL);
  return gtk_label_get_label (self->error_label);
}
