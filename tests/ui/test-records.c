/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <adwaita.h>

#include "rtcc-audit-log.h"
#include "rtcc-audit-window.h"
#include "rtcc-demo.h"
#include "rtcc-detail-field.h"
#include "rtcc-incident-window.h"
#include "rtcc-ness-dialog.h"
#include "rtcc-signin-window.h"
#include "rtcc-event-list.h"
#include "rtcc-window.h"
#include "ness/rtcc-ness-integration.h"
#include "rtcc-ui-test-util.h"

#define TRAINING_ORI "IL0160000"

typedef struct
{
  char                *dir;
  char                *audit_path;
  RtccConfig          *config;
  GObject             *simulator;
  RtccAuditLog        *audit;
  RtccNessIntegration *ness;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gboolean with_simulator = GPOINTER_TO_INT (data);

  f->dir = g_dir_make_tmp ("rtcc-records-XXXXXX", &error);
  g_assert_no_error (error);
  f->config = rtcc_config_new (NULL, FALSE);
  if (with_simulator)
    {
      f->simulator = rtcc_demo_start (f->config, 1, &error);
      g_assert_no_error (error);
    }
  else
    {
      rtcc_config_set_override (f->config, "NESS_OPERATOR_ID", "OP-1001");
      rtcc_config_set_override (f->config, "NESS_ORI", TRAINING_ORI);
    }
  f->audit_path = g_build_filename (f->dir, "audit.db", NULL);
  f->audit = rtcc_audit_log_open (f->audit_path, &error);
  g_assert_no_error (error);
  f->ness = RTCC_NESS_INTEGRATION (rtcc_ness_integration_new (f->config));
  rtcc_ness_integration_set_audit_log (f->ness, f->audit);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->ness);
  g_clear_object (&f->audit);
  g_clear_object (&f->simulator);
  g_clear_object (&f->config);
  rtcc_test_remove_tree (f->dir);
  g_free (f->audit_path);
  g_free (f->dir);
}

static void
query_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GListModel *
query_audit (RtccAuditLog *audit,
             const char   *action)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  RtccAuditFilter filter = { .action = action };
  GListModel *records;

  rtcc_audit_log_query_async (audit, &filter, NULL, query_cb, &result);
  rtcc_test_run_until (rtcc_test_is_set, &result, 10000);
  records = rtcc_audit_log_query_finish (audit, result, &error);
  g_assert_no_error (error);
  return records;
}

static void
test_ness_validation (Fixture       *f,
                      gconstpointer  data)
{
  RtccNessDialog *dialog = rtcc_ness_dialog_new (f->ness);
  g_autoptr(RtccNessQuery) query = rtcc_ness_query_new (RTCC_NESS_QUERY_WANTED);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *purposes = rtcc_ness_dialog_get_purposes (dialog);
  GtkWidget *send;

  gtk_window_present (GTK_WINDOW (dialog));
  rtcc_test_run_for (100);
  send = rtcc_test_find_button (GTK_WIDGET (dialog), "ness.send");
  g_assert_nonnull (send);

  /* Nine NCIC codes and "none chosen"; the FBI's R is never offered. */
  g_assert_cmpuint (g_list_model_get_n_items (purposes), ==, 10);
  for (guint i = 0; i < g_list_model_get_n_items (purposes); i++)
    {
      const char *item = gtk_string_list_get_string (GTK_STRING_LIST (purposes), i);

      g_assert_false (g_str_has_prefix (item, "R "));
      g_assert_false (g_str_has_prefix (item, "R—"));
      g_assert_false (g_str_has_prefix (item, "R —"));
    }

  rtcc_ness_dialog_set_person (dialog, "DOE", "JOHN", "1980-01-01");
  g_assert_false (rtcc_ness_dialog_can_send (dialog));
  g_assert_false (gtk_widget_is_sensitive (send));

  rtcc_ness_dialog_set_purpose (dialog, "C", NULL);
  g_assert_false (rtcc_ness_dialog_can_send (dialog));
  g_assert_false (gtk_widget_is_sensitive (send));

  rtcc_ness_dialog_set_purpose (dialog, NULL, "Robbery 2026-000123");
  g_assert_false (rtcc_ness_dialog_can_send (dialog));

  /* R cannot even be chosen: asking for it leaves no purpose. */
  rtcc_ness_dialog_set_purpose (dialog, "R", "Robbery 2026-000123");
  g_assert_false (rtcc_ness_dialog_can_send (dialog));
  g_assert_false (gtk_widget_is_sensitive (send));

  rtcc_ness_dialog_set_purpose (dialog, "C", "Robbery 2026-000123");
  g_assert_true (rtcc_ness_dialog_can_send (dialog));
  g_assert_true (gtk_widget_is_sensitive (send));

  /* A malformed date of birth turns it off again. */
  rtcc_ness_dialog_set_person (dialog, "DOE", "JOHN", "01/01/1980");
  g_assert_false (rtcc_ness_dialog_can_send (dialog));
  g_assert_false (gtk_widget_is_sensitive (send));

  /* A plate query needs a plate and state, not a name. */
  rtcc_ness_dialog_set_kind (dialog, RTCC_NESS_QUERY_REGISTRATION);
  g_assert_false (rtcc_ness_dialog_can_send (dialog));
  rtcc_ness_dialog_set_plate (dialog, "ABC1234", "IL");
  g_assert_true (rtcc_ness_dialog_can_send (dialog));

  /* The integration refuses what the dialog would not send, too. */
  rtcc_ness_query_set_name (query, "DOE", "JOHN", NULL);
  rtcc_ness_query_set_person (query, "1980-01-01", NULL, NULL);
  rtcc_ness_query_set_purpose (query, "R", "reason");
  rtcc_ness_integration_query_async (f->ness, query, NULL, query_cb, &result);
  rtcc_test_run_until (rtcc_test_is_set, &result, 5000);
  g_assert_null (rtcc_ness_integration_query_finish (f->ness, result, &error));
  g_assert_error (error, RTCC_NESS_ERROR, RTCC_NESS_ERROR_PURPOSE_RESERVED);

  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_ness_fill_from_event (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(RtccEventBuilder) plate = rtcc_event_builder_new (RTCC_SOURCE_FLOCK, RTCC_EVENT_TYPE_LPR_HIT, "R-1");
  g_autoptr(RtccEventBuilder) person = rtcc_event_builder_new (RTCC_SOURCE_HOTSHEETS, RTCC_EVENT_TYPE_BOLO_CREATED, "B-1");
  g_autoptr(RtccEventBuilder) gunshot = rtcc_event_builder_new (RTCC_SOURCE_SHOTSPOTTER, RTCC_EVENT_TYPE_GUNSHOT, "S-1");
  g_autoptr(RtccEvent) plate_event = NULL;
  g_autoptr(RtccEvent) person_event = NULL;
  g_autoptr(RtccEvent) gunshot_event = NULL;
  RtccNessDialog *dialog = rtcc_ness_dialog_new (f->ness);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  rtcc_event_builder_set_occurred_at (plate, now);
  rtcc_event_builder_set_occurred_at (person, now);
  rtcc_event_builder_set_occurred_at (gunshot, now);
  rtcc_event_builder_set_string (plate, "plate_number", "XYZ789");
  rtcc_event_builder_set_string (plate, "plate_state", "IL");
  plate_event = rtcc_event_builder_end (g_steal_pointer (&plate), &error);
  g_assert_no_error (error);
  rtcc_event_builder_set_string (person, "subject", "person");
  rtcc_event_builder_set_string (person, "last_name", "DOE");
  rtcc_event_builder_set_string (person, "first_name", "JOHN");
  rtcc_event_builder_set_string (person, "dob", "1980-01-01");
  person_event = rtcc_event_builder_end (g_steal_pointer (&person), &error);
  g_assert_no_error (error);
  gunshot_event = rtcc_event_builder_end (g_steal_pointer (&gunshot), &error);
  g_assert_no_error (error);

  g_assert_true (rtcc_ness_event_has_subject (plate_event));
  g_assert_true (rtcc_ness_event_has_subject (person_event));
  g_assert_false (rtcc_ness_event_has_subject (gunshot_event));

  g_assert_true (rtcc_ness_dialog_fill_from_event (dialog, plate_event));
  g_assert_cmpint (rtcc_ness_dialog_get_kind (dialog), ==, RTCC_NESS_QUERY_REGISTRATION);
  rtcc_ness_dialog_set_purpose (dialog, "C", "LPR hit follow-up");
  g_assert_true (rtcc_ness_dialog_can_send (dialog));

  g_assert_true (rtcc_ness_dialog_fill_from_event (dialog, person_event));
  g_assert_cmpint (rtcc_ness_dialog_get_kind (dialog), ==, RTCC_NESS_QUERY_WANTED);
  g_assert_true (rtcc_ness_dialog_can_send (dialog));
  g_assert_false (rtcc_ness_dialog_fill_from_event (dialog, gunshot_event));

  gtk_window_destroy (GTK_WINDOW (dialog));
}

static gboolean
dialog_idle (gpointer data)
{
  return !rtcc_ness_dialog_is_busy (data);
}

static void
test_ness_hit (Fixture       *f,
               gconstpointer  data)
{
  RtccNessDialog *dialog = rtcc_ness_dialog_new (f->ness);
  g_autoptr(GListModel) records = NULL;
  g_autoptr(RtccAuditRecord) pending = NULL;
  g_autoptr(RtccAuditRecord) outcome = NULL;
  RtccNessResult *result;

  gtk_window_present (GTK_WINDOW (dialog));
  rtcc_ness_dialog_set_person (dialog, "DOE", "JOHN", "1980-01-01");
  rtcc_ness_dialog_set_purpose (dialog, "C", "Robbery 2026-000123, suspect stopped");
  g_assert_true (rtcc_ness_dialog_can_send (dialog));
  rtcc_ness_dialog_send (dialog);
  g_assert_true (rtcc_ness_dialog_is_busy (dialog));
  rtcc_test_run_until (dialog_idle, dialog, 15000);

  g_assert_cmpstr (rtcc_ness_dialog_get_error_text (dialog), ==, "");
  g_assert_nonnull (strstr (rtcc_ness_dialog_get_warning_text (dialog),
                            "A hit is not probable cause: confirm with the originating agency "
                            "(ORI " TRAINING_ORI ") within 10 minutes (urgent) or 1 hour (routine) "
                            "before acting."));
  g_assert_nonnull (strstr (rtcc_ness_dialog_get_result_text (dialog), "W000000001"));
  g_assert_nonnull (strstr (rtcc_ness_dialog_get_result_text (dialog), "ARMED ROBBERY"));
  result = rtcc_ness_dialog_get_result (dialog);
  g_assert_nonnull (result);
  g_assert_cmpuint (rtcc_ness_result_count (result), ==, 1);

  /* Pending before it was sent, then its outcome, naming the pending one. */
  records = query_audit (f->audit, RTCC_AUDIT_ACTION_QUERY);
  g_assert_cmpuint (g_list_model_get_n_items (records), ==, 2);
  outcome = g_list_model_get_item (records, 0);
  pending = g_list_model_get_item (records, 1);
  g_assert_cmpint (rtcc_audit_record_get_outcome (pending), ==, RTCC_AUDIT_OUTCOME_PENDING);
  g_assert_cmpstr (rtcc_audit_record_get_purpose_code (pending), ==, "C");
  g_assert_cmpstr (rtcc_audit_record_get_integration (pending), ==, "ness");
  g_assert_cmpint (rtcc_audit_record_get_outcome (outcome), ==, RTCC_AUDIT_OUTCOME_SUCCESS);
  g_assert_cmpint (rtcc_audit_record_get_refers_to (outcome), ==, rtcc_audit_record_get_seq (pending));

  /* Closing wipes the answer: the labels and the result's own buffers. */
  rtcc_ness_result_ref (result);
  gtk_window_close (GTK_WINDOW (dialog));
  g_assert_cmpuint (rtcc_ness_result_count (result), ==, 0);
  g_assert_null (result->message_key);
  g_assert_false (result->requires_confirmation);
  rtcc_ness_result_unref (result);
}

static void
test_ness_new_query_clears (Fixture       *f,
                            gconstpointer  data)
{
  RtccNessDialog *dialog = rtcc_ness_dialog_new (f->ness);
  RtccNessResult *first;

  gtk_window_present (GTK_WINDOW (dialog));
  rtcc_ness_dialog_set_person (dialog, "DOE", "JOHN", "1980-01-01");
  rtcc_ness_dialog_set_purpose (dialog, "C", "Robbery 2026-000123");
  rtcc_ness_dialog_send (dialog);
  rtcc_test_run_until (dialog_idle, dialog, 15000);
  first = rtcc_ness_result_ref (rtcc_ness_dialog_get_result (dialog));
  g_assert_cmpuint (rtcc_ness_result_count (first), ==, 1);

  /* The next query wipes the last answer as it starts. */
  rtcc_ness_dialog_set_person (dialog, "NOBODY", "NEVER", "1901-02-03");
  rtcc_ness_dialog_send (dialog);
  g_assert_cmpuint (rtcc_ness_result_count (first), ==, 0);
  g_assert_cmpstr (rtcc_ness_dialog_get_result_text (dialog), ==, "");
  g_assert_cmpstr (rtcc_ness_dialog_get_warning_text (dialog), ==, "");
  rtcc_test_run_until (dialog_idle, dialog, 15000);
  g_assert_cmpuint (rtcc_ness_result_count (rtcc_ness_dialog_get_result (dialog)), ==, 0);
  g_assert_cmpstr (rtcc_ness_dialog_get_warning_text (dialog), ==, "");
  rtcc_ness_result_unref (first);

  /* Closed with a query under way: the late answer is dropped unseen. */
  rtcc_ness_dialog_set_person (dialog, "DOE", "JOHN", "1980-01-01");
  rtcc_ness_dialog_send (dialog);
  g_assert_true (rtcc_ness_dialog_is_busy (dialog));
  g_object_ref (dialog);
  gtk_window_close (GTK_WINDOW (dialog));
  g_assert_false (rtcc_ness_dialog_is_busy (dialog));
  rtcc_test_run_for (1500);
  g_assert_null (rtcc_ness_dialog_get_result (dialog));
  g_assert_cmpstr (rtcc_ness_dialog_get_result_text (dialog), ==, "");
  g_object_unref (dialog);
}

static void
append_record (RtccAuditLog *audit,
               const char   *operator_id,
               const char   *action)
{
  g_autoptr(RtccAuditRecord) record = rtcc_audit_record_new (operator_id, action);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  rtcc_audit_record_set_outcome (record, RTCC_AUDIT_OUTCOME_SUCCESS);
  rtcc_audit_log_append_async (audit, record, NULL, query_cb, &result);
  rtcc_test_run_until (rtcc_test_is_set, &result, 10000);
  g_assert_cmpint (rtcc_audit_log_append_finish (audit, result, &error), >, 0);
  g_assert_no_error (error);
}

static gboolean
viewer_idle (gpointer data)
{
  return !rtcc_audit_window_is_busy (data);
}

static void
test_audit_viewer (Fixture       *f,
                   gconstpointer  data)
{
  RtccAuditWindow *viewer;
  GListModel *shown;
  g_autoptr(GListModel) views = NULL;
  g_autoptr(RtccAuditRecord) first = NULL;
  g_autoptr(RtccAuditRecord) view = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;

  append_record (f->audit, "OP-1001", RTCC_AUDIT_ACTION_LOGON);
  append_record (f->audit, "OP-2002", RTCC_AUDIT_ACTION_LOGON_FAILED);
  append_record (f->audit, "OP-1001", RTCC_AUDIT_ACTION_ACKNOWLEDGE);

  viewer = rtcc_audit_window_new (f->audit, "OP-1001", TRAINING_ORI);
  gtk_window_present (GTK_WINDOW (viewer));
  rtcc_test_run_until (viewer_idle, viewer, 10000);

  /* Opening it was recorded first, so the list already holds that record. */
  shown = rtcc_audit_window_get_records (viewer);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 4);
  first = g_list_model_get_item (shown, 0);
  g_assert_cmpstr (rtcc_audit_record_get_action (first), ==, RTCC_AUDIT_ACTION_AUDIT_VIEW);
  g_assert_cmpstr (rtcc_audit_record_get_operator (first), ==, "OP-1001");
  g_assert_cmpstr (rtcc_audit_record_get_ori (first), ==, TRAINING_ORI);
  g_assert_cmpstr (rtcc_audit_window_get_status_text (viewer), ==, "4 records");

  /* Each query is recorded too, with what it asked for. */
  rtcc_audit_window_set_filter (viewer, "OP-2002", NULL, NULL, 24);
  rtcc_audit_window_refresh (viewer);
  rtcc_test_run_until (viewer_idle, viewer, 10000);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 1);
  {
    g_autoptr(RtccAuditRecord) only = g_list_model_get_item (shown, 0);
    g_assert_cmpstr (rtcc_audit_record_get_action (only), ==, RTCC_AUDIT_ACTION_LOGON_FAILED);
  }
  views = query_audit (f->audit, RTCC_AUDIT_ACTION_AUDIT_VIEW);
  g_assert_cmpuint (g_list_model_get_n_items (views), ==, 2);
  view = g_list_model_get_item (views, 0);
  g_assert_nonnull (strstr (rtcc_audit_record_get_query_terms (view), "operator=OP-2002"));
  g_assert_nonnull (strstr (rtcc_audit_record_get_query_terms (view), "since="));

  rtcc_audit_window_set_filter (viewer, NULL, RTCC_AUDIT_ACTION_LOGON, NULL, 0);
  rtcc_audit_window_refresh (viewer);
  rtcc_test_run_until (viewer_idle, viewer, 10000);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 1);

  /* An intact log verifies, every record counted. */
  rtcc_audit_window_verify (viewer);
  rtcc_test_run_until (viewer_idle, viewer, 10000);
  g_assert_cmpstr (rtcc_audit_window_get_status_text (viewer), ==, "Chain intact: 6 records verified");

  /* Export is recorded before and after, and writes the records. */
  path = g_build_filename (f->dir, "export.csv", NULL);
  file = g_file_new_for_path (path);
  rtcc_audit_window_export_to_file (viewer, file);
  rtcc_test_run_until (viewer_idle, viewer, 10000);
  g_assert_true (g_str_has_prefix (rtcc_audit_window_get_status_text (viewer), "Exported 7 records"));
  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (contents, "logon_failed"));
  g_assert_nonnull (strstr (contents, "OP-2002"));
  g_clear_object (&views);
  views = query_audit (f->audit, RTCC_AUDIT_ACTION_AUDIT_EXPORT);
  g_assert_cmpuint (g_list_model_get_n_items (views), ==, 2);

  gtk_window_destroy (GTK_WINDOW (viewer));
}

static gboolean
signin_idle (gpointer data)
{
  return !rtcc_signin_window_is_busy (data);
}

static void
on_signed_in (RtccSigninWindow *signin,
              const char       *operator_id,
              gboolean          unlocked,
              GString          *log)
{
  g_string_append_printf (log, "%s:%s;", unlocked ? "unlocked" : "signed-in", operator_id);
}

static void
on_locked (RtccSigninWindow *signin,
           GString          *log)
{
  g_string_append (log, "locked;");
}

static void
test_signin_lockout (Fixture       *f,
                     gconstpointer  data)
{
  RtccSigninWindow *signin = rtcc_signin_window_new (f->config, f->audit, NULL);
  g_autoptr(GString) log = g_string_new (NULL);
  g_autoptr(GListModel) failed = NULL;
  g_autoptr(GListModel) logons = NULL;

  g_signal_connect (signin, "signed-in", G_CALLBACK (on_signed_in), log);
  gtk_window_present (GTK_WINDOW (signin));
  g_assert_true (g_str_has_prefix (rtcc_signin_window_get_notice_text (signin),
                                   "This system contains Criminal Justice Information. Use is monitored "
                                   "and must be for an authorised purpose"));

  /* Blank is not an attempt. */
  rtcc_signin_window_submit (signin, "   ");
  g_assert_cmpstr (rtcc_signin_window_get_error_text (signin), ==, "Enter your operator ID.");

  for (guint i = 1; i <= 4; i++)
    {
      rtcc_signin_window_submit (signin, "OP-9999");
      rtcc_test_run_until (signin_idle, signin, 5000);
      g_assert_false (rtcc_signin_window_is_locked_out (signin));
      g_assert_nonnull (strstr (rtcc_signin_window_get_error_text (signin), "not recognised"));
    }
  rtcc_signin_window_submit (signin, "OP-9999\x1b[2J");
  rtcc_test_run_until (signin_idle, signin, 5000);
  g_assert_true (rtcc_signin_window_is_locked_out (signin));
  g_assert_nonnull (strstr (rtcc_signin_window_get_error_text (signin), "locked for 10 minutes"));

  /* Locked out: even the right operator is refused, and that is recorded. */
  rtcc_signin_window_submit (signin, "OP-1001");
  rtcc_test_run_until (signin_idle, signin, 5000);
  g_assert_null (rtcc_signin_window_get_operator_id (signin));
  g_assert_nonnull (strstr (rtcc_signin_window_get_error_text (signin), "Too many failed sign-ins"));
  g_assert_cmpstr (log->str, ==, "");

  failed = query_audit (f->audit, RTCC_AUDIT_ACTION_LOGON_FAILED);
  g_assert_cmpuint (g_list_model_get_n_items (failed), ==, 6);
  {
    g_autoptr(RtccAuditRecord) last = g_list_model_get_item (failed, 0);
    g_autoptr(RtccAuditRecord) fifth = g_list_model_get_item (failed, 1);

    g_assert_cmpstr (rtcc_audit_record_get_outcome_detail (last), ==, "locked out");
    g_assert_cmpint (rtcc_audit_record_get_outcome (last), ==, RTCC_AUDIT_OUTCOME_FAILURE);
    /* A hostile id is recorded as invalid, never as typed. */
    g_assert_cmpstr (rtcc_audit_record_get_operator (fifth), ==, "(invalid)");
    g_assert_nonnull (strstr (rtcc_audit_record_get_outcome_detail (fifth), "locked out for 10 minutes"));
  }
  logons = query_audit (f->audit, RTCC_AUDIT_ACTION_LOGON);
  g_assert_cmpuint (g_list_model_get_n_items (logons), ==, 0);

  gtk_window_destroy (GTK_WINDOW (signin));
}

static void
test_signin_and_idle_lock (Fixture       *f,
                           gconstpointer  data)
{
  RtccSigninWindow *signin = rtcc_signin_window_new (f->config, f->audit, NULL);
  GtkWidget *main_window = gtk_window_new ();
  g_autoptr(GString) log = g_string_new (NULL);
  g_autoptr(GListModel) records = NULL;
  gint64 end;

  g_signal_connect (signin, "signed-in", G_CALLBACK (on_signed_in), log);
  g_signal_connect (signin, "locked", G_CALLBACK (on_locked), log);
  gtk_window_present (GTK_WINDOW (signin));

  rtcc_signin_window_submit (signin, "  OP-1001 ");
  /* Not signed in until the logon is on record. */
  g_assert_cmpstr (log->str, ==, "");
  rtcc_test_run_until (signin_idle, signin, 5000);
  g_assert_cmpstr (log->str, ==, "signed-in:OP-1001;");
  g_assert_cmpstr (rtcc_signin_window_get_operator_id (signin), ==, "OP-1001");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (signin)));

  gtk_window_present (GTK_WINDOW (main_window));
  rtcc_signin_window_set_idle_timeout (signin, 200);
  rtcc_signin_window_watch (signin, GTK_WINDOW (main_window));
  end = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (!rtcc_signin_window_is_session_locked (signin))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      g_main_context_iteration (NULL, TRUE);
    }
  g_assert_cmpstr (log->str, ==, "signed-in:OP-1001;locked;");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (signin)));

  /* Only the session's operator unlocks it. */
  rtcc_signin_window_set_idle_timeout (signin, 60000);
  rtcc_signin_window_submit (signin, "OP-2002");
  rtcc_test_run_until (signin_idle, signin, 5000);
  g_assert_true (rtcc_signin_window_is_session_locked (signin));
  rtcc_signin_window_submit (signin, "OP-1001");
  rtcc_test_run_until (signin_idle, signin, 5000);
  g_assert_false (rtcc_signin_window_is_session_locked (signin));
  g_assert_cmpstr (log->str, ==, "signed-in:OP-1001;locked;unlocked:OP-1001;");

  records = query_audit (f->audit, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (records), ==, 4);
  {
    static const char * const expected[] = {
      RTCC_AUDIT_ACTION_SESSION_UNLOCK, RTCC_AUDIT_ACTION_SESSION_UNLOCK,
      RTCC_AUDIT_ACTION_SESSION_LOCK, RTCC_AUDIT_ACTION_LOGON,
    };
    static const RtccAuditOutcome outcomes[] = {
      RTCC_AUDIT_OUTCOME_SUCCESS, RTCC_AUDIT_OUTCOME_FAILURE,
      RTCC_AUDIT_OUTCOME_SUCCESS, RTCC_AUDIT_OUTCOME_SUCCESS,
    };

    for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
      {
        g_autoptr(RtccAuditRecord) record = g_list_model_get_item (records, i);

        g_assert_cmpstr (rtcc_audit_record_get_action (record), ==, expected[i]);
        g_assert_cmpint (rtcc_audit_record_get_outcome (record), ==, outcomes[i]);
        g_assert_cmpstr (rtcc_audit_record_get_ori (record), ==, TRAINING_ORI);
      }
  }

  gtk_window_destroy (GTK_WINDOW (main_window));
  gtk_window_destroy (GTK_WINDOW (signin));
}

static gboolean
incident_idle (gpointer data)
{
  return !rtcc_incident_window_is_busy (data);
}

static void
test_incident_window (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(RtccEventBuilder) builder = rtcc_event_builder_new (RTCC_SOURCE_ONESOLUTION, RTCC_EVENT_TYPE_INCIDENT_CREATED, "2026-900001");
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(RtccEvent) event = NULL;
  g_autoptr(RtccIntegration) rms = rtcc_onesolution_integration_new (f->config);
  g_autoptr(GListModel) lookups = NULL;
  g_autoptr(GError) error = NULL;
  RtccIncidentWindow *window;
  RtccNessDialog *dialog;

  rtcc_onesolution_integration_set_audit_log (RTCC_ONESOLUTION_INTEGRATION (rms), f->audit);
  rtcc_event_builder_set_occurred_at (builder, now);
  rtcc_event_builder_set_string (builder, "incident_number", "2026-900001");
  event = rtcc_event_builder_end (g_steal_pointer (&builder), &error);
  g_assert_no_error (error);

  window = rtcc_incident_window_new (RTCC_ONESOLUTION_INTEGRATION (rms), f->ness, event);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (rtcc_incident_window_is_busy (window));
  rtcc_test_run_until (incident_idle, window, 20000);

  g_assert_cmpstr (rtcc_incident_window_get_status_text (window), ==, "");
  /* The reported time in local time with its zone, then the RMS's UTC. */
  {
    GListModel *fields = rtcc_incident_window_get_fields (window);
    const char *reported = NULL;

    for (guint i = 0; i < g_list_model_get_n_items (fields); i++)
      {
        g_autoptr(RtccDetailField) field = g_list_model_get_item (fields, i);

        if (g_str_equal (rtcc_detail_field_get_name (field), "Reported"))
          reported = rtcc_detail_field_get_value (field);
      }
    g_assert_nonnull (reported);
    g_assert_true (g_regex_match_simple ("^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d \\S+ "
                                         "\\(\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z\\)$", reported, 0, 0));
  }
  g_assert_nonnull (strstr (rtcc_incident_window_get_case_text (window), "C-TRAINING-0001"));
  g_assert_cmpuint (g_list_model_get_n_items (rtcc_incident_window_get_persons (window)), ==, 1);

  /* The incident, the case and the person: each lookup is on record. */
  lookups = query_audit (f->audit, RTCC_AUDIT_ACTION_RMS_LOOKUP);
  g_assert_cmpuint (g_list_model_get_n_items (lookups), >=, 3);

  dialog = rtcc_incident_window_query_person (window, 0);
  g_assert_nonnull (dialog);
  g_assert_cmpint (rtcc_ness_dialog_get_kind (dialog), ==, RTCC_NESS_QUERY_WANTED);
  g_assert_false (rtcc_ness_dialog_can_send (dialog));
  rtcc_ness_dialog_set_purpose (dialog, "C", "Robbery 2026-900001 suspect");
  g_assert_true (rtcc_ness_dialog_can_send (dialog));
  g_assert_null (rtcc_incident_window_query_person (window, 5));

  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (window));
}

static RtccEvent *
plate_hit (void)
{
  g_autoptr(RtccEventBuilder) builder = rtcc_event_builder_new (RTCC_SOURCE_FLOCK, RTCC_EVENT_TYPE_LPR_HIT, "R-77");
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GError) error = NULL;
  RtccEvent *event;

  rtcc_event_builder_set_occurred_at (builder, now);
  rtcc_event_builder_set_title (builder, "Hotlist hit XYZ789");
  rtcc_event_builder_set_string (builder, "plate_number", "XYZ789");
  rtcc_event_builder_set_string (builder, "plate_state", "IL");
  event = rtcc_event_builder_end (g_steal_pointer (&builder), &error);
  g_assert_no_error (error);
  return event;
}

static void
test_window_hooks (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(RtccRegistry) registry = rtcc_registry_new ();
  g_autoptr(RtccEventList) events = rtcc_event_list_new (100);
  g_autoptr(RtccEvent) event = plate_hit ();
  RtccWindow *window;
  RtccNessDialog *dialog;
  GtkWidget *detail, *button;

  rtcc_registry_add (registry, RTCC_INTEGRATION (f->ness));
  window = rtcc_window_new (NULL, f->config, G_LIST_MODEL (registry), NULL, G_LIST_MODEL (events));
  gtk_window_present (GTK_WINDOW (window));
  rtcc_event_list_add (events, event);
  rtcc_test_run_for (200);

  detail = GTK_WIDGET (rtcc_event_feed_get_detail (rtcc_window_get_feed (window)));
  button = rtcc_test_find_button (detail, "win.ness-query");
  g_assert_nonnull (button);
  g_assert_false (gtk_widget_get_visible (button));
  g_assert_false (gtk_widget_get_visible (rtcc_test_find_button (detail, "win.open-incident")));

  g_assert_true (rtcc_event_feed_select_event (rtcc_window_get_feed (window), event));
  rtcc_test_run_for (100);
  g_assert_true (gtk_widget_get_visible (button));
  g_assert_false (gtk_widget_get_visible (rtcc_test_find_button (detail, "win.open-incident")));

  /* The pane's button and Ctrl+Shift+N both fill the query from the selection. */
  dialog = rtcc_window_show_ness_dialog (window, rtcc_event_feed_get_selected_event (rtcc_window_get_feed (window)));
  g_assert_cmpint (rtcc_ness_dialog_get_kind (dialog), ==, RTCC_NESS_QUERY_REGISTRATION);
  g_assert_false (rtcc_ness_dialog_can_send (dialog));
  rtcc_ness_dialog_set_purpose (dialog, "C", "Hotlist hit follow-up");
  g_assert_true (rtcc_ness_dialog_can_send (dialog));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (window));
  gtk_window_destroy (GTK_WINDOW (dialog));

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  if (!gtk_init_check ())
    {
      g_test_add_func ("/records/display", rtcc_test_skip_without_display);
      return g_test_run ();
    }
  adw_init ();

  g_test_add ("/records/ness/validation", Fixture, GINT_TO_POINTER (FALSE),
              fixture_set_up, test_ness_validation, fixture_tear_down);
  g_test_add ("/records/ness/fill-from-event", Fixture, GINT_TO_POINTER (FALSE),
              fixture_set_up, test_ness_fill_from_event, fixture_tear_down);
  g_test_add ("/records/window/hooks", Fixture, GINT_TO_POINTER (FALSE),
              fixture_set_up, test_window_hooks, fixture_tear_down);
  g_test_add ("/records/audit/viewer", Fixture, GINT_TO_POINTER (FALSE),
              fixture_set_up, test_audit_viewer, fixture_tear_down);
  g_test_add ("/records/signin/lockout", Fixture, GINT_TO_POINTER (FALSE),
              fixture_set_up, test_signin_lockout, fixture_tear_down);
  g_test_add ("/records/signin/idle-lock", Fixture, GINT_TO_POINTER (FALSE),
              fixture_set_up, test_signin_and_idle_lock, fixture_tear_down);
  if (rtcc_demo_is_available ())
    {
      g_test_add ("/records/ness/hit", Fixture, GINT_TO_POINTER (TRUE),
                  fixture_set_up, test_ness_hit, fixture_tear_down);
      g_test_add ("/records/ness/new-query-clears", Fixture, GINT_TO_POINTER (TRUE),
                  fixture_set_up, test_ness_new_query_clears, fixture_tear_down);
      g_test_add ("/records/incident/window", Fixture, GINT_TO_POINTER (TRUE),
                  fixture_set_up, test_incident_window, fixture_tear_down);
    }

  return g_test_run ();
}
