/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccBoloMatch"

#include "config.h"

#include <glib/gi18n.h>

#include "rtcc-bolo-match-dialog.h"
#include "rtcc-plate-markup.h"

/**
 * RtccBoloMatchDialog:
 *
 * A plate read that may be a BOLO's vehicle: both records side by side,
 * the plate characters that differ highlighted, and the operator's
 * decision (confirm or dismiss) written to the audit log.
 */
struct _RtccBoloMatchDialog
{
  AdwWindow     parent_instance;

  RtccEvent    *bolo;
  RtccEvent    *read;
  RtccAuditLog *audit;
  char         *operator_id;
  gboolean      deciding;

  GtkLabel     *summary_label;
  GtkLabel     *error_label;
  GtkLabel     *bolo_plate;
  GtkLabel     *read_plate;
  GtkLabel     *bolo_state;
  GtkLabel     *read_state;
  GtkLabel     *bolo_vehicle;
  GtkLabel     *read_vehicle;
  GtkLabel     *bolo_detail;
  GtkLabel     *read_detail;
  GtkLabel     *bolo_time;
  GtkLabel     *read_time;
};

G_DEFINE_FINAL_TYPE (RtccBoloMatchDialog, rtcc_bolo_match_dialog, ADW_TYPE_WINDOW)

enum {
  DECIDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
attr (RtccEvent  *event,
      const char *name)
{
  const char *value = rtcc_event_get_attribute_string (event, name);

  return value != NULL ? value : "";
}

static char *
vehicle_text (RtccEvent *event)
{
  return g_strstrip (g_strdup_printf ("%s %s %s", attr (event, "vehicle_color"), attr (event, "vehicle_make"),
                                      attr (event, "vehicle_model")));
}

static char *
time_text (GDateTime *time)
{
  g_autoptr(GDateTime) local = NULL;

  if (time == NULL)
    return g_strdup ("");
  local = g_date_time_to_local (time);
  return g_date_time_format (local, "%Y-%m-%d %H:%M:%S");
}

static void
fill (RtccBoloMatchDialog *self)
{
  const char *bolo_plate = rtcc_event_get_attribute_string (self->bolo, "plate_number");
  const char *read_plate = rtcc_event_get_attribute_string (self->read, "plate_number");
  g_autofree char *bolo_markup = rtcc_plate_markup (NULL, bolo_plate);
  g_autofree char *read_markup = rtcc_plate_markup (bolo_plate, read_plate);
  g_autofree char *bolo_vehicle = vehicle_text (self->bolo);
  g_autofree char *read_vehicle = vehicle_text (self->read);
  g_autofree char *bolo_time = time_text (rtcc_event_get_occurred_at (self->bolo));
  g_autofree char *read_time = time_text (rtcc_event_get_occurred_at (self->read));
  g_autofree char *summary = NULL;
  g_autofree char *bolo_detail = NULL;
  const char *camera = rtcc_event_get_attribute_string (self->read, "camera_name");

  if (g_strcmp0 (bolo_plate, read_plate) == 0)
    summary = g_strdup_printf (_("Plate %s was read, and BOLO %s is out for it."), read_plate != NULL ? read_plate : "",
                               attr (self->bolo, "bolo_id"));
  else
    summary = g_strdup_printf (_("Plate %s was read; it may be a misread of %s, under BOLO %s. Compare the highlighted characters."),
                               read_plate != NULL ? read_plate : "", bolo_plate != NULL ? bolo_plate : "",
                               attr (self->bolo, "bolo_id"));
  gtk_label_set_text (self->summary_label, summary);

  gtk_label_set_markup (self->bolo_plate, bolo_markup);
  gtk_label_set_markup (self->read_plate, read_markup);
  gtk_label_set_text (self->bolo_state, attr (self->bolo, "plate_state"));
  gtk_label_set_text (self->read_state, attr (self->read, "plate_state"));
  gtk_label_set_text (self->bolo_vehicle, bolo_vehicle);
  gtk_label_set_text (self->read_vehicle, read_vehicle);
  bolo_detail = g_strdup_printf ("%s — %s", attr (self->bolo, "bolo_id"), attr (self->bolo, "reason"));
  gtk_label_set_text (self->bolo_detail, bolo_detail);
  gtk_label_set_text (self->read_detail, camera != NULL ? camera : attr (self->read, "camera_id"));
  gtk_label_set_text (self->bolo_time, bolo_time);
  gtk_label_set_text (self->read_time, read_time);
}

static void
audit_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RtccBoloMatchDialog *self = g_task_get_source_object (task);
  gboolean confirmed = GPOINTER_TO_INT (g_task_get_task_data (task));
  g_autoptr(GError) error = NULL;

  self->deciding = FALSE;
  if (rtcc_audit_log_append_finish (RTCC_AUDIT_LOG (object), result, &error) <= 0)
    {
      if (self->error_label == NULL)
        return;
      g_autofree char *text = g_strdup_printf (_("The decision could not be audited, so it was not taken: %s"),
                                               error->message);

      gtk_label_set_text (self->error_label, text);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }
  g_signal_emit (self, signals[DECIDED], 0, confirmed);
  gtk_window_close (GTK_WINDOW (self));
}

/**
 * rtcc_bolo_match_dialog_decide:
 * @self: a #RtccBoloMatchDialog
 * @confirmed: whether the read is the BOLO's vehicle
 *
 * Records the decision in the audit log, then emits
 * #RtccBoloMatchDialog::decided and closes.
 */
void
rtcc_bolo_match_dialog_decide (RtccBoloMatchDialog *self,
                               gboolean             confirmed)
{
  g_autoptr(RtccAuditRecord) record = NULL;
  g_autoptr(GTask) task = NULL;
  g_autofree char *terms = NULL;

  g_return_if_fail (RTCC_IS_BOLO_MATCH_DIALOG (self));

  if (self->deciding)
    return;
  if (self->audit == NULL)
    {
      gtk_label_set_text (self->error_label,
                          _("The audit log is not available, so the decision cannot be recorded. Check the data folder and restart."));
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }
  self->deciding = TRUE;
  task = g_task_new (self, NULL, NULL, NULL);
  g_task_set_source_tag (task, rtcc_bolo_match_dialog_decide);
  g_task_set_task_data (task, GINT_TO_POINTER (confirmed), NULL);

  terms = g_strdup_printf ("bolo_match bolo=%s read=%s plate=%s decision=%s", attr (self->bolo, "bolo_id"),
                           rtcc_event_get_id (self->read), attr (self->read, "plate_number"),
                           confirmed ? "confirmed" : "dismissed");
  record = rtcc_audit_record_new (self->operator_id, RTCC_AUDIT_ACTION_ACKNOWLEDGE);
  rtcc_audit_record_set_integration (record, "hotsheets");
  rtcc_audit_record_set_query_terms (record, terms);
  rtcc_audit_record_set_outcome (record, RTCC_AUDIT_OUTCOME_SUCCESS);
  rtcc_audit_log_append_async (self->audit, record, NULL, audit_cb, g_steal_pointer (&task));
}

static void
confirm_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  rtcc_bolo_match_dialog_decide (RTCC_BOLO_MATCH_DIALOG (widget), TRUE);
}

static void
dismiss_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  rtcc_bolo_match_dialog_decide (RTCC_BOLO_MATCH_DIALOG (widget), FALSE);
}

static void
rtcc_bolo_match_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), RTCC_TYPE_BOLO_MATCH_DIALOG);

  G_OBJECT_CLASS (rtcc_bolo_match_dialog_parent_class)->dispose (object);
}

static void
rtcc_bolo_match_dialog_finalize (GObject *object)
{
  RtccBoloMatchDialog *self = RTCC_BOLO_MATCH_DIALOG (object);

  g_clear_object (&self->bolo);
  g_clear_object (&self->read);
  g_clear_object (&self->audit);
  g_free (self->operator_id);

  G_OBJECT_CLASS (rtcc_bolo_match_dialog_parent_class)->finalize (object);
}

static void
rtcc_bolo_match_dialog_class_init (RtccBoloMatchDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rtcc_bolo_match_dialog_dispose;
  object_class->finalize = rtcc_bolo_match_dialog_finalize;

  /**
   * RtccBoloMatchDialog::decided:
   * @self: the dialog
   * @confirmed: whether the operator confirmed the match
   *
   * The decision is on record.
   */
  signals[DECIDED] =
    g_signal_new ("decided", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_BOOLEAN);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/g3ti/Rtcc/rtcc-bolo-match-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, RtccBoloMatchDialog, summary_label);
  gtk_widget_class_bind_template_child (widget_class, RtccBoloMatchDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, RtccBoloMatchDialog, bolo_plate);
  gtk_widget_class_bind_template_child (widget_class, RtccBoloMatchDialog, read_plate);
  gtk_widget_class_bind_template_child (widget_class, RtccBoloMatchDialog, bolo_state);
  gtk_widget_class_bind_template_child (widget_class, RtccBoloMatchDialog, read_state);
  gtk_widget_class_bind_template_child (widget_class, RtccBoloMatchDialog, bolo_vehicle);
  gtk_widget_class_bind_template_child (widget_class, RtccBoloMatchDialog, read_vehicle);
  gtk_widget_class_bind_template_child (widget_class, RtccBoloMatchDialog, bolo_detail);
  gtk_widget_class_bind_template_child (widget_class, RtccBoloMatchDialog, read_detail);
  gtk_widget_class_bind_template_child (widget_class, RtccBoloMatchDialog, bolo_time);
  gtk_widget_class_bind_template_child (widget_class, RtccBoloMatchDialog, read_time);

  gtk_widget_class_install_action (widget_class, "bolo-match.confirm", NULL, confirm_action);
  gtk_widget_class_install_action (widget_class, "bolo-match.dismiss", NULL, dismiss_action);
}

static void
rtcc_bolo_match_dialog_init (RtccBoloMatchDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * rtcc_bolo_match_dialog_new:
 * @bolo: the active BOLO
 * @read: the plate read that may be its vehicle
 * @audit: (nullable): where the decision is recorded; without it the
 *   dialog refuses to decide
 * @operator_id: who the audit record names
 *
 * Returns: (transfer full): a new dialog
 */
RtccBoloMatchDialog *
rtcc_bolo_match_dialog_new (RtccEvent    *bolo,
                            RtccEvent    *read,
                            RtccAuditLog *audit,
                            const char   *operator_id)
{
  RtccBoloMatchDialog *self;

  g_return_val_if_fail (RTCC_IS_EVENT (bolo), NULL);
  g_return_val_if_fail (RTCC_IS_EVENT (read), NULL);

  self = g_object_new (RTCC_TYPE_BOLO_MATCH_DIALOG, NULL);
  self->bolo = g_object_ref (bolo);
  self->read = g_object_ref (read);
  g_set_object (&self->audit, audit);
  self->operator_id = g_strdup (operator_id != NULL ? operator_id : g_get_user_name ());
  fill (self);
  return self;
}

/**
 * rtcc_bolo_match_dialog_get_bolo:
 * @self: a #RtccBoloMatchDialog
 *
 * Returns: (transfer none): the BOLO
 */
RtccEvent *
rtcc_bolo_match_dialog_get_bolo (RtccBoloMatchDialog *self)
{
  g_return_val_if_fail (RTCC_IS_BOLO_MATCH_DIALOG (self), NULL);
  return self->bolo;
}

/**
 * rtcc_bolo_match_dialog_get_read:
 * @self: a #RtccBoloMatchDialog
 *
 * Returns: (transfer none): the plate read
 */
RtccEvent *
rtcc_bolo_match_dialog_get_read (RtccBoloMatchDialog *self)
{
  g_return_val_if_fail (RTCC_IS_BOLO_MATCH_DIALOG (self), NULL);
  return self->read;
}
