/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccAuditWindow"

#include "config.h"

#include <glib/gi18n.h>

#include "rtcc-audit-window.h"

/**
 * RtccAuditWindow:
 *
 * The audit log for the agency's auditor and the CJIS officer: records
 * filtered by operator, action, integration and time, a check of the
 * hash chain, and an export. Looking at the log is itself audited, and
 * the record of it is written before any result is shown.
 */
struct _RtccAuditWindow
{
  AdwWindow      parent_instance;

  RtccAuditLog  *audit;
  char          *operator_id;
  char          *ori;
  GListStore    *records;
  GCancellable  *cancellable;
  guint          busy;
  GtkFileChooserNative *chooser;

  GtkEntry      *operator_entry;
  GtkDropDown   *action_dropdown;
  GtkDropDown   *integration_dropdown;
  GtkDropDown   *range_dropdown;
  GtkSpinner    *spinner;
  GtkLabel      *status_label;
  GtkColumnView *column_view;
};

G_DEFINE_FINAL_TYPE (RtccAuditWindow, rtcc_audit_window, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_AUDIT_LOG,
  PROP_OPERATOR_ID,
  PROP_ORI,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Position 0 of each filter is "any". */
static const char * const actions[] = {
  NULL,
  RTCC_AUDIT_ACTION_QUERY, RTCC_AUDIT_ACTION_RMS_LOOKUP, RTCC_AUDIT_ACTION_PLATE_SEARCH,
  RTCC_AUDIT_ACTION_LOGON, RTCC_AUDIT_ACTION_LOGON_FAILED, RTCC_AUDIT_ACTION_LOGOFF,
  RTCC_AUDIT_ACTION_SESSION_LOCK, RTCC_AUDIT_ACTION_SESSION_UNLOCK,
  RTCC_AUDIT_ACTION_BOLO_CREATE, RTCC_AUDIT_ACTION_BOLO_CANCEL,
  RTCC_AUDIT_ACTION_HOTLIST_ADD, RTCC_AUDIT_ACTION_HOTLIST_REMOVE, RTCC_AUDIT_ACTION_HOTLIST_IMPORT,
  RTCC_AUDIT_ACTION_ACKNOWLEDGE, RTCC_AUDIT_ACTION_EXPORT,
  RTCC_AUDIT_ACTION_EVIDENCE_LINK, RTCC_AUDIT_ACTION_EVIDENCE_UNLINK,
  RTCC_AUDIT_ACTION_AUDIT_VIEW, RTCC_AUDIT_ACTION_AUDIT_EXPORT,
  RTCC_AUDIT_ACTION_SETTINGS_CHANGE,
};

static const char * const integrations[] = {
  NULL, "ness", "onesolution", "hotsheets", "flock", "milestone", "shotspotter", "bwc",
};

static const guint range_hours[] = { 0, 1, 24, 24 * 7, 24 * 30, 24 * 365 };

typedef enum
{
  COLUMN_SEQ,
  COLUMN_TIME,
  COLUMN_OPERATOR,
  COLUMN_ORI,
  COLUMN_ACTION,
  COLUMN_INTEGRATION,
  COLUMN_PURPOSE,
  COLUMN_REASON,
  COLUMN_TERMS,
  COLUMN_OUTCOME,
  COLUMN_DETAIL,
  N_COLUMNS
} Column;

static const char *
column_title (Column column)
{
  switch (column)
    {
    case COLUMN_SEQ: return _("Seq");
    case COLUMN_TIME: return _("Time (UTC)");
    case COLUMN_OPERATOR: return _("Operator");
    case COLUMN_ORI: return _("ORI");
    case COLUMN_ACTION: return _("Action");
    case COLUMN_INTEGRATION: return _("Integration");
    case COLUMN_PURPOSE: return _("Purpose");
    case COLUMN_REASON: return _("Reason");
    case COLUMN_TERMS: return _("Query");
    case COLUMN_OUTCOME: return _("Outcome");
    case COLUMN_DETAIL: return _("Detail");
    default: g_assert_not_reached ();
    }
}

static char *
format_time (GDateTime *time)
{
  g_autofree char *base = NULL;

  if (time == NULL)
    return g_strdup ("");
  base = g_date_time_format (time, "%Y-%m-%d %H:%M:%S");
  /* The log keeps hundredths of a second; so does the view. */
  return g_strdup_printf ("%s.%02d", base, g_date_time_get_microsecond (time) / 10000);
}

static char *
cell_text (RtccAuditRecord *record,
           Column           column)
{
  switch (column)
    {
    case COLUMN_SEQ:
      return g_strdup_printf ("%" G_GINT64_FORMAT, rtcc_audit_record_get_seq (record));
    case COLUMN_TIME:
      return format_time (rtcc_audit_record_get_time (record));
    case COLUMN_OPERATOR:
      return g_strdup (rtcc_audit_record_get_operator (record));
    case COLUMN_ORI:
      return g_strdup (rtcc_audit_record_get_ori (record));
    case COLUMN_ACTION:
      return g_strdup (rtcc_audit_record_get_action (record));
    case COLUMN_INTEGRATION:
      return g_strdup (rtcc_audit_record_get_integration (record));
    case COLUMN_PURPOSE:
      return g_strdup (rtcc_audit_record_get_purpose_code (record));
    case COLUMN_REASON:
      return g_strdup (rtcc_audit_record_get_purpose_reason (record));
    case COLUMN_TERMS:
      return g_strdup (rtcc_audit_record_get_query_terms (record));
    case COLUMN_OUTCOME:
      if (rtcc_audit_record_get_refers_to (record) > 0)
        return g_strdup_printf (_("%s (of %lld)"),
                                rtcc_audit_outcome_to_string (rtcc_audit_record_get_outcome (record)),
                                (long long) rtcc_audit_record_get_refers_to (record));
      return g_strdup (rtcc_audit_outcome_to_string (rtcc_audit_record_get_outcome (record)));
    case COLUMN_DETAIL:
      return g_strdup (rtcc_audit_record_get_outcome_detail (record));
    default:
      g_assert_not_reached ();
    }
}

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 40);
  gtk_list_item_set_child (item, label);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  Column column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "rtcc-column"));
  RtccAuditRecord *record = gtk_list_item_get_item (item);
  g_autofree char *text = cell_text (record, column);
  GtkWidget *label = gtk_list_item_get_child (item);

  gtk_label_set_label (GTK_LABEL (label), text != NULL ? text : "");
  /* Long query terms and reasons are cut in the cell, whole in the tooltip. */
  gtk_widget_set_tooltip_text (label, text != NULL && g_utf8_strlen (text, -1) > 40 ? text : NULL);
}

static void
set_busy (RtccAuditWindow *self,
          gboolean         busy)
{
  if (busy)
    self->busy++;
  else if (self->busy > 0)
    self->busy--;
  gtk_spinner_set_spinning (self->spinner, self->busy > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "audit.refresh", self->busy == 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "audit.verify", self->busy == 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "audit.export", self->busy == 0);
}

static void
set_status (RtccAuditWindow *self,
            const char      *text,
            gboolean         problem)
{
  gtk_label_set_label (self->status_label, text);
  if (problem)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
}

static const char *
blank_to_null (const char *text)
{
  return text != NULL && *text != '\0' ? text : NULL;
}

/* What the filter asked for, as the audit_view record's terms. */
static char *
describe_filter (const RtccAuditFilter *filter)
{
  GString *out = g_string_new (NULL);

  if (filter->operator_id != NULL)
    g_string_append_printf (out, "operator=%s ", filter->operator_id);
  if (filter->action != NULL)
    g_string_append_printf (out, "action=%s ", filter->action);
  if (filter->integration != NULL)
    g_string_append_printf (out, "integration=%s ", filter->integration);
  if (filter->since != NULL)
    {
      g_autofree char *since = g_date_time_format_iso8601 (filter->since);
      g_string_append_printf (out, "since=%s ", since);
    }
  if (out->len == 0)
    g_string_append (out, "all");
  else
    g_string_truncate (out, out->len - 1);
  return g_string_free (out, FALSE);
}

typedef struct
{
  RtccAuditFilter filter;
  char           *operator_id;
  char           *action;
  char           *integration;
} FilterData;

static void
filter_data_free (gpointer p)
{
  FilterData *data = p;

  g_free (data->operator_id);
  g_free (data->action);
  g_free (data->integration);
  g_clear_pointer (&data->filter.since, g_date_time_unref);
  g_free (data);
}

static FilterData *
read_filter (RtccAuditWindow *self)
{
  FilterData *data = g_new0 (FilterData, 1);
  guint action = gtk_drop_down_get_selected (self->action_dropdown);
  guint integration = gtk_drop_down_get_selected (self->integration_dropdown);
  guint range = gtk_drop_down_get_selected (self->range_dropdown);
  g_autofree char *operator_id = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->operator_entry))));

  data->operator_id = g_strdup (blank_to_null (operator_id));
  data->action = g_strdup (action < G_N_ELEMENTS (actions) ? actions[action] : NULL);
  data->integration = g_strdup (integration < G_N_ELEMENTS (integrations) ? integrations[integration] : NULL);
  if (range < G_N_ELEMENTS (range_hours) && range_hours[range] > 0)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      data->filter.since = g_date_time_add_hours (now, -(gint) range_hours[range]);
    }
  data->filter.operator_id = data->operator_id;
  data->filter.action = data->action;
  data->filter.integration = data->integration;
  /* The newest ten thousand: an auditor who needs more exports. */
  data->filter.limit = 10000;
  return data;
}

static void
query_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(RtccAuditWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) records = rtcc_audit_log_query_finish (RTCC_AUDIT_LOG (object), result, &error);

  set_busy (self, FALSE);
  if (records == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_status (self, error->message, TRUE);
      return;
    }
  g_list_store_remove_all (self->records);
  for (guint i = 0; i < g_list_model_get_n_items (records); i++)
    {
      g_autoptr(GObject) record = g_list_model_get_item (records, i);
      g_list_store_append (self->records, record);
    }
  {
    guint n = g_list_model_get_n_items (G_LIST_MODEL (self->records));
    g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u record", "%u records", n), n);
    set_status (self, text, FALSE);
  }
}

static void
view_written_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RtccAuditWindow *self = g_task_get_source_object (task);
  FilterData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (rtcc_audit_log_append_finish (RTCC_AUDIT_LOG (object), result, &error) <= 0)
    {
      /* No record of the look, no look. */
      set_busy (self, FALSE);
      g_list_store_remove_all (self->records);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *text = g_strdup_printf (_("Viewing the audit log could not be recorded, so nothing is shown: %s"),
                                                   error != NULL ? error->message : _("unknown error"));
          set_status (self, text, TRUE);
        }
      return;
    }
  rtcc_audit_log_query_async (self->audit, &data->filter, self->cancellable, query_cb, g_object_ref (self));
}

/**
 * rtcc_audit_window_refresh:
 *
 * Records an audit_view with the filter, then lists the records it
 * selects, newest first.
 */
void
rtcc_audit_window_refresh (RtccAuditWindow *self)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(RtccAuditRecord) view = NULL;
  g_autofree char *terms = NULL;
  FilterData *data;

  g_return_if_fail (RTCC_IS_AUDIT_WINDOW (self));

  if (self->audit == NULL)
    {
      set_status (self, _("The audit log is not open. Check the data folder and restart the workstation."), TRUE);
      return;
    }
  data = read_filter (self);
  task = g_task_new (self, self->cancellable, NULL, NULL);
  g_task_set_source_tag (task, rtcc_audit_window_refresh);
  g_task_set_task_data (task, data, filter_data_free);

  terms = describe_filter (&data->filter);
  view = rtcc_audit_record_new (self->operator_id, RTCC_AUDIT_ACTION_AUDIT_VIEW);
  rtcc_audit_record_set_ori (view, self->ori);
  rtcc_audit_record_set_query_terms (view, terms);
  rtcc_audit_record_set_outcome (view, RTCC_AUDIT_OUTCOME_SUCCESS);
  set_busy (self, TRUE);
  set_status (self, _("Loading…"), FALSE);
  rtcc_audit_log_append_async (self->audit, view, self->cancellable, view_written_cb, g_steal_pointer (&task));
}

static void
verify_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(RtccAuditWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  RtccAuditVerifyResult verified = { 0 };
  g_autofree char *text = NULL;

  set_busy (self, FALSE);
  if (rtcc_audit_log_verify_finish (RTCC_AUDIT_LOG (object), result, &verified, &error))
    {
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "Chain intact: %llu record verified",
                                           "Chain intact: %llu records verified",
                                           verified.n_verified),
                              (unsigned long long) verified.n_verified);
      set_status (self, text, FALSE);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  else if (verified.first_bad_seq > 0)
    {
      text = g_strdup_printf (_("Chain broken at record %lld: %s"),
                              (long long) verified.first_bad_seq, error->message);
      set_status (self, text, TRUE);
    }
  else
    set_status (self, error->message, TRUE);
}

/**
 * rtcc_audit_window_verify:
 *
 * Checks the whole hash chain and shows how many records held, or the
 * first record that does not.
 */
void
rtcc_audit_window_verify (RtccAuditWindow *self)
{
  g_return_if_fail (RTCC_IS_AUDIT_WINDOW (self));

  if (self->audit == NULL)
    return;
  set_busy (self, TRUE);
  set_status (self, _("Verifying…"), FALSE);
  rtcc_audit_log_verify_async (self->audit, self->cancellable, verify_cb, g_object_ref (self));
}

typedef struct
{
  GFile           *file;
  RtccAuditRecord *pending;
  gint64           pending_seq;
  gint64           n_exported;
  GError          *error;
} ExportData;

static void
export_data_free (gpointer p)
{
  ExportData *data = p;

  g_clear_object (&data->file);
  g_clear_object (&data->pending);
  g_clear_error (&data->error);
  g_free (data);
}

static void
export_outcome_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RtccAuditWindow *self = g_task_get_source_object (task);
  ExportData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  set_busy (self, FALSE);
  if (rtcc_audit_log_append_finish (RTCC_AUDIT_LOG (object), result, &error) <= 0)
    text = g_strdup_printf (_("The export’s outcome could not be recorded: %s"),
                            error != NULL ? error->message : _("unknown error"));
  else if (data->error != NULL)
    text = g_strdup_printf (_("The export failed: %s"), data->error->message);
  else
    {
      g_autofree char *name = g_file_get_parse_name (data->file);
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Exported %lld record to %s",
                                           "Exported %lld records to %s", data->n_exported),
                              (long long) data->n_exported, name);
    }
  set_status (self, text, error != NULL || data->error != NULL);
}

static void
export_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RtccAuditWindow *self = g_task_get_source_object (task);
  ExportData *data = g_task_get_task_data (task);
  g_autoptr(RtccAuditRecord) outcome = NULL;
  g_autofree char *detail = NULL;

  data->n_exported = rtcc_audit_log_export_finish (RTCC_AUDIT_LOG (object), result, &data->error);
  if (data->error == NULL)
    detail = g_strdup_printf ("%" G_GINT64_FORMAT " records", data->n_exported);
  outcome = rtcc_audit_record_new_outcome (data->pending, data->pending_seq,
                                           data->error ? RTCC_AUDIT_OUTCOME_FAILURE : RTCC_AUDIT_OUTCOME_SUCCESS,
                                           data->error ? _("write failed") : detail);
  rtcc_audit_log_append_async (self->audit, outcome, NULL, export_outcome_cb, g_steal_pointer (&task));
}

static void
export_pending_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RtccAuditWindow *self = g_task_get_source_object (task);
  ExportData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autofree char *base = NULL;
  RtccAuditExportFormat format;
  g_autoptr(GDateTime) since = NULL;
  guint range;

  data->pending_seq = rtcc_audit_log_append_finish (RTCC_AUDIT_LOG (object), result, &error);
  if (data->pending_seq <= 0)
    {
      g_autofree char *text = g_strdup_printf (_("The export could not be recorded, so nothing was written: %s"),
                                               error != NULL ? error->message : _("unknown error"));
      set_busy (self, FALSE);
      set_status (self, text, TRUE);
      return;
    }
  stream = g_file_replace (data->file, NULL, FALSE, G_FILE_CREATE_PRIVATE, NULL, &data->error);
  if (stream == NULL)
    {
      g_autoptr(RtccAuditRecord) outcome =
        rtcc_audit_record_new_outcome (data->pending, data->pending_seq, RTCC_AUDIT_OUTCOME_FAILURE,
                                       _("could not create the file"));
      rtcc_audit_log_append_async (self->audit, outcome, NULL, export_outcome_cb, g_steal_pointer (&task));
      return;
    }
  base = g_file_get_basename (data->file);
  format = base != NULL && g_str_has_suffix (base, ".csv") ? RTCC_AUDIT_EXPORT_CSV : RTCC_AUDIT_EXPORT_JSON;
  range = gtk_drop_down_get_selected (self->range_dropdown);
  if (range < G_N_ELEMENTS (range_hours) && range_hours[range] > 0)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      since = g_date_time_add_hours (now, -(gint) range_hours[range]);
    }
  rtcc_audit_log_export_async (self->audit, since, format, G_OUTPUT_STREAM (stream), self->cancellable,
                               export_done_cb, g_steal_pointer (&task));
}

/**
 * rtcc_audit_window_export_to_file:
 * @file: where to write; a `.csv` name gives CSV, anything else JSON
 *
 * Exports the records of the chosen time range, recorded as an
 * audit_export before the file is written and with its outcome after.
 */
void
rtcc_audit_window_export_to_file (RtccAuditWindow *self,
                                  GFile           *file)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *name = NULL;
  ExportData *data;

  g_return_if_fail (RTCC_IS_AUDIT_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->audit == NULL)
    return;
  data = g_new0 (ExportData, 1);
  data->file = g_object_ref (file);
  task = g_task_new (self, self->cancellable, NULL, NULL);
  g_task_set_source_tag (task, rtcc_audit_window_export_to_file);
  g_task_set_task_data (task, data, export_data_free);

  name = g_file_get_basename (file);
  data->pending = rtcc_audit_record_new (self->operator_id, RTCC_AUDIT_ACTION_AUDIT_EXPORT);
  rtcc_audit_record_set_ori (data->pending, self->ori);
  rtcc_audit_record_set_query_terms (data->pending, name);
  rtcc_audit_record_set_outcome (data->pending, RTCC_AUDIT_OUTCOME_PENDING);
  set_busy (self, TRUE);
  set_status (self, _("Exporting…"), FALSE);
  rtcc_audit_log_append_async (self->audit, data->pending, NULL, export_pending_cb, g_steal_pointer (&task));
}

static void
chooser_response (GtkNativeDialog *chooser,
                  int              response,
                  RtccAuditWindow *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        rtcc_audit_window_export_to_file (self, file);
    }
  g_clear_object (&self->chooser);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  RtccAuditWindow *self = RTCC_AUDIT_WINDOW (widget);
  g_autoptr(GtkFileFilter) csv = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) json = gtk_file_filter_new ();

  if (self->chooser != NULL)
    return;
  self->chooser = gtk_file_chooser_native_new (_("Export Audit Log"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_file_filter_set_name (csv, _("CSV (spreadsheets)"));
  gtk_file_filter_add_pattern (csv, "*.csv");
  gtk_file_filter_set_name (json, _("JSON (one record per line)"));
  gtk_file_filter_add_pattern (json, "*.json");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), csv);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), json);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), "audit-log.csv");
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect (self->chooser, "response", G_CALLBACK (chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  rtcc_audit_window_refresh (RTCC_AUDIT_WINDOW (widget));
}

static void
verify_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  rtcc_audit_window_verify (RTCC_AUDIT_WINDOW (widget));
}

static void
rtcc_audit_window_constructed (GObject *object)
{
  RtccAuditWindow *self = RTCC_AUDIT_WINDOW (object);

  G_OBJECT_CLASS (rtcc_audit_window_parent_class)->constructed (object);
  /* Opening the viewer is an access to the log: recorded, then shown. */
  rtcc_audit_window_refresh (self);
}

static void
rtcc_audit_window_dispose (GObject *object)
{
  RtccAuditWindow *self = RTCC_AUDIT_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->chooser, self);
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), RTCC_TYPE_AUDIT_WINDOW);
  g_clear_object (&self->records);
  g_clear_object (&self->audit);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (rtcc_audit_window_parent_class)->dispose (object);
}

static void
rtcc_audit_window_finalize (GObject *object)
{
  RtccAuditWindow *self = RTCC_AUDIT_WINDOW (object);

  g_free (self->operator_id);
  g_free (self->ori);
  G_OBJECT_CLASS (rtcc_audit_window_parent_class)->finalize (object);
}

static void
rtcc_audit_window_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  RtccAuditWindow *self = RTCC_AUDIT_WINDOW (object);

  switch (prop_id)
    {
    case PROP_AUDIT_LOG:
      g_value_set_object (value, self->audit);
      break;
    case PROP_OPERATOR_ID:
      g_value_set_string (value, self->operator_id);
      break;
    case PROP_ORI:
      g_value_set_string (value, self->ori);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rtcc_audit_window_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  RtccAuditWindow *self = RTCC_AUDIT_WINDOW (object);

  switch (prop_id)
    {
    case PROP_AUDIT_LOG:
      self->audit = g_value_dup_object (value);
      break;
    case PROP_OPERATOR_ID:
      self->operator_id = g_value_dup_string (value);
      break;
    case PROP_ORI:
      self->ori = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rtcc_audit_window_class_init (RtccAuditWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = rtcc_audit_window_constructed;
  object_class->dispose = rtcc_audit_window_dispose;
  object_class->finalize = rtcc_audit_window_finalize;
  object_class->get_property = rtcc_audit_window_get_property;
  object_class->set_property = rtcc_audit_window_set_property;

  properties[PROP_AUDIT_LOG] =
    g_param_spec_object ("audit-log", NULL, NULL, RTCC_TYPE_AUDIT_LOG,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_OPERATOR_ID] =
    g_param_spec_string ("operator-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ORI] =
    g_param_spec_string ("ori", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/g3ti/Rtcc/rtcc-audit-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RtccAuditWindow, operator_entry);
  gtk_widget_class_bind_template_child (widget_class, RtccAuditWindow, action_dropdown);
  gtk_widget_class_bind_template_child (widget_class, RtccAuditWindow, integration_dropdown);
  gtk_widget_class_bind_template_child (widget_class, RtccAuditWindow, range_dropdown);
  gtk_widget_class_bind_template_child (widget_class, RtccAuditWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, RtccAuditWindow, status_label);
  gtk_widget_class_bind_template_child (widget_class, RtccAuditWindow, column_view);
  gtk_widget_class_install_action (widget_class, "audit.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "audit.verify", NULL, verify_action);
  gtk_widget_class_install_action (widget_class, "audit.export", NULL, export_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

static GListModel *
strings_model (const char * const *values,
               guint               n,
               const char         *any)
{
  GtkStringList *list = gtk_string_list_new (NULL);

  gtk_string_list_append (list, any);
  for (guint i = 1; i < n; i++)
    gtk_string_list_append (list, values[i]);
  return G_LIST_MODEL (list);
}

static void
rtcc_audit_window_init (RtccAuditWindow *self)
{
  g_autoptr(GtkStringList) ranges = gtk_string_list_new (NULL);
  g_autoptr(GListModel) action_model = NULL;
  g_autoptr(GListModel) integration_model = NULL;
  g_autoptr(GtkNoSelection) selection = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->records = g_list_store_new (RTCC_TYPE_AUDIT_RECORD);

  action_model = strings_model (actions, G_N_ELEMENTS (actions), _("Any action"));
  gtk_drop_down_set_model (self->action_dropdown, action_model);
  integration_model = strings_model (integrations, G_N_ELEMENTS (integrations), _("Any integration"));
  gtk_drop_down_set_model (self->integration_dropdown, integration_model);
  gtk_string_list_append (ranges, _("All time"));
  gtk_string_list_append (ranges, _("Last hour"));
  gtk_string_list_append (ranges, _("Last 24 hours"));
  gtk_string_list_append (ranges, _("Last 7 days"));
  gtk_string_list_append (ranges, _("Last 30 days"));
  gtk_string_list_append (ranges, _("Last year"));
  gtk_drop_down_set_model (self->range_dropdown, G_LIST_MODEL (ranges));
  g_signal_connect_swapped (self->operator_entry, "activate", G_CALLBACK (rtcc_audit_window_refresh), self);

  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->records)));
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (selection));
  for (Column i = 0; i < N_COLUMNS; i++)
    {
      g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) column = NULL;

      g_object_set_data (G_OBJECT (factory), "rtcc-column", GINT_TO_POINTER (i));
      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), self);
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), self);
      column = gtk_column_view_column_new (column_title (i), g_object_ref (factory));
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_column_set_expand (column, i == COLUMN_TERMS);
      gtk_column_view_append_column (self->column_view, column);
    }
}

/**
 * rtcc_audit_window_new:
 * @audit: (nullable): the audit log
 * @operator_id: (nullable): who looks, for the audit_view records
 * @ori: (nullable): the agency's ORI
 *
 * Returns: (transfer full): the viewer, already loading (and recording
 *   that it looked)
 */
RtccAuditWindow *
rtcc_audit_window_new (RtccAuditLog *audit,
                       const char   *operator_id,
                       const char   *ori)
{
  g_return_val_if_fail (audit == NULL || RTCC_IS_AUDIT_LOG (audit), NULL);
  return g_object_new (RTCC_TYPE_AUDIT_WINDOW,
                       "audit-log", audit,
                       "operator-id", operator_id,
                       "ori", ori,
                       NULL);
}

/**
 * rtcc_audit_window_set_filter:
 * @operator_id: (nullable): only this operator
 * @action: (nullable): only this action, one of the known ones
 * @integration: (nullable): only this integration
 * @hours: only the last this many hours, one of the offered ranges; 0 for all
 *
 * Sets the filter; rtcc_audit_window_refresh() applies it.
 */
void
rtcc_audit_window_set_filter (RtccAuditWindow *self,
                              const char      *operator_id,
                              const char      *action,
                              const char      *integration,
                              guint            hours)
{
  guint selected = 0;

  g_return_if_fail (RTCC_IS_AUDIT_WINDOW (self));

  gtk_editable_set_text (GTK_EDITABLE (self->operator_entry), operator_id ? operator_id : "");
  for (guint i = 1; i < G_N_ELEMENTS (actions); i++)
    if (g_strcmp0 (action, actions[i]) == 0)
      selected = i;
  gtk_drop_down_set_selected (self->action_dropdown, selected);
  selected = 0;
  for (guint i = 1; i < G_N_ELEMENTS (integrations); i++)
    if (g_strcmp0 (integration, integrations[i]) == 0)
      selected = i;
  gtk_drop_down_set_selected (self->integration_dropdown, selected);
  selected = 0;
  for (guint i = 1; i < G_N_ELEMENTS (range_hours); i++)
    if (hours == range_hours[i])
      selected = i;
  gtk_drop_down_set_selected (self->range_dropdown, selected);
}

/**
 * rtcc_audit_window_is_busy:
 *
 * Returns: whether a load, check or export is under way
 */
gboolean
rtcc_audit_window_is_busy (RtccAuditWindow *self)
{
  g_return_val_if_fail (RTCC_IS_AUDIT_WINDOW (self), FALSE);
  return self->busy > 0;
}

/**
 * rtcc_audit_window_get_records:
 *
 * Returns: (transfer none): the records listed, of #RtccAuditRecord
 */
GListModel *
rtcc_audit_window_get_records (RtccAuditWindow *self)
{
  g_return_val_if_fail (RTCC_IS_AUDIT_WINDOW (self), NULL);
  return G_LIST_MODEL (self->records);
}

/**
 * rtcc_audit_window_get_status_text:
 *
 * Returns: (transfer none): the status line: counts, the chain check's
 *   result, or what went wrong
 */
const char *
rtcc_audit_window_get_status_text (RtccAuditWindow *self)
{
  g_return_val_if_fail (RTCC_IS_AUDIT_WINDOW (self), NULL);
  return gtk_label_get_label (self->status_label);
}
