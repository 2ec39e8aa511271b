/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <adwaita.h>

#include "rtcc-audit-log.h"
#include "rtcc-demo.h"
#include "rtcc-hotlist-csv.h"
#include "rtcc-hotlist-entry-item.h"
#include "rtcc-hotlist-item.h"
#include "rtcc-hotlist-window.h"
#include "rtcc-screenshot.h"
#include "flock/rtcc-flock-integration.h"
#include "rtcc-ui-test-util.h"

#define OPERATOR "OP-2040"

typedef struct
{
  char                 *dir;
  char                 *audit_path;
  RtccConfig           *config;
  GObject              *simulator;
  RtccAuditLog         *audit;
  RtccFlockIntegration *flock;
  RtccHotlistWindow    *window;
} Fixture;

static gboolean
is_idle (gpointer data)
{
  return !rtcc_hotlist_window_get_busy (data);
}

/* Lets a change start (the busy flag goes up at once), then waits for
 * Flock and the audit log to answer. */
static void
wait_idle (RtccHotlistWindow *window)
{
  rtcc_test_run_until (is_idle, window, 30000);
  rtcc_test_run_for (20);
}

/* With RTCC_TEST_SCREENSHOTS set to a folder, the pages are saved there
 * as PNG for a look at them. */
static void
maybe_shoot (GtkWidget  *widget,
             const char *name)
{
  const char *dir = g_getenv ("RTCC_TEST_SCREENSHOTS");
  g_autofree char *file = g_strconcat (name, ".png", NULL);
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  if (dir == NULL)
    return;
  rtcc_test_run_for (400);
  path = g_build_filename (dir, file, NULL);
  rtcc_screenshot_render (widget, path, &error);
  g_assert_no_error (error);
}

static GListModel *
query_audit (RtccAuditLog *audit,
             const char   *action)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  RtccAuditFilter filter = { .action = action };
  GListModel *records;

  rtcc_audit_log_query_async (audit, &filter, NULL, rtcc_test_store_result, &result);
  rtcc_test_run_until (rtcc_test_is_set, &result, 10000);
  records = rtcc_audit_log_query_finish (audit, result, &error);
  g_assert_no_error (error);
  return records;
}

static const RtccFlockHotlistEntry *
find_entry (RtccHotlistWindow *window,
            const char        *plate)
{
  GListModel *entries = rtcc_hotlist_window_get_entries (window);

  for (guint i = 0; i < g_list_model_get_n_items (entries); i++)
    {
      g_autoptr(RtccHotlistEntryItem) item = g_list_model_get_item (entries, i);

      if (g_strcmp0 (rtcc_hotlist_entry_item_get_entry (item)->plate, plate) == 0)
        return rtcc_hotlist_entry_item_get_entry (item);   /* the store keeps it */
    }
  return NULL;
}

static RtccHotlistItem *
find_hotlist (RtccHotlistWindow *window,
              const char        *id)
{
  GListModel *hotlists = rtcc_hotlist_window_get_hotlists (window);

  for (guint i = 0; i < g_list_model_get_n_items (hotlists); i++)
    {
      g_autoptr(RtccHotlistItem) item = g_list_model_get_item (hotlists, i);

      if (g_str_equal (rtcc_hotlist_item_get_id (item), id))
        return item;
    }
  return NULL;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("rtcc-hotlists-XXXXXX", &error);
  g_assert_no_error (error);
  f->config = rtcc_config_new (NULL, FALSE);
  f->simulator = rtcc_demo_start (f->config, 3, &error);
  g_assert_no_error (error);
  f->audit_path = g_build_filename (f->dir, "audit.db", NULL);
  f->audit = rtcc_audit_log_open (f->audit_path, &error);
  g_assert_no_error (error);
  f->flock = RTCC_FLOCK_INTEGRATION (rtcc_flock_integration_new (f->config));
  f->window = g_object_ref_sink (rtcc_hotlist_window_new (f->flock, f->audit, OPERATOR));
  gtk_window_present (GTK_WINDOW (f->window));
  wait_idle (f->window);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *wal = g_strconcat (f->audit_path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (f->audit_path, "-shm", NULL);
  g_autofree char *anchor = rtcc_audit_log_dup_anchor_path (f->audit);

  gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_object (&f->window);
  rtcc_test_run_for (50);
  g_clear_object (&f->flock);
  g_clear_object (&f->audit);
  g_clear_object (&f->simulator);
  g_clear_object (&f->config);
  g_remove (f->audit_path);
  g_remove (wal);
  g_remove (shm);
  if (anchor != NULL)
    g_remove (anchor);
  g_rmdir (f->dir);
  g_free (f->audit_path);
  g_free (f->dir);
}

static void
test_list (Fixture       *f,
           gconstpointer  data)
{
  GListModel *hotlists = rtcc_hotlist_window_get_hotlists (f->window);
  GListModel *entries = rtcc_hotlist_window_get_entries (f->window);
  RtccHotlistItem *custom;
  g_autoptr(RtccHotlistEntryItem) first = NULL;
  g_autofree char *subtitle = NULL;

  /* The simulator's four lists; the first is shown. */
  g_assert_cmpuint (g_list_model_get_n_items (hotlists), ==, 4);
  g_assert_cmpstr (rtcc_hotlist_window_get_hotlist_id (f->window), ==, "hl-stolen");
  g_assert_cmpstr (rtcc_hotlist_window_get_page (f->window), ==, "entries");
  g_assert_cmpuint (g_list_model_get_n_items (entries), >=, 25);
  g_assert_nonnull (find_entry (f->window, "ABC1234"));
  g_assert_cmpstr (find_entry (f->window, "ABC1234")->case_number, ==, "C-TRAINING-0001");
  g_assert_nonnull (find_entry (f->window, "ABC1234")->created_at);

  custom = find_hotlist (f->window, "hl-custom");
  g_assert_nonnull (custom);
  g_assert_cmpstr (rtcc_hotlist_item_get_source (custom), ==, "Agency list");
  g_assert_true (rtcc_hotlist_window_select_hotlist (f->window, "hl-custom"));
  g_assert_true (rtcc_hotlist_window_get_busy (f->window));
  g_assert_cmpstr (rtcc_hotlist_window_get_page (f->window), ==, "loading");
  wait_idle (f->window);
  g_assert_cmpstr (rtcc_hotlist_window_get_hotlist_id (f->window), ==, "hl-custom");
  g_assert_cmpuint (g_list_model_get_n_items (entries), ==, 8);
  subtitle = rtcc_hotlist_item_dup_subtitle (custom);
  g_assert_cmpstr (subtitle, ==, "Agency list · 8 plates");

  /* The filter narrows the view, not the list. */
  first = g_list_model_get_item (entries, 0);
  rtcc_hotlist_window_set_filter (f->window, "no plate reads like this");
  g_assert_cmpstr (rtcc_hotlist_window_get_page (f->window), ==, "empty");
  rtcc_hotlist_window_set_filter (f->window, rtcc_hotlist_entry_item_get_entry (first)->plate);
  g_assert_cmpstr (rtcc_hotlist_window_get_page (f->window), ==, "entries");
  g_assert_true (rtcc_hotlist_entry_item_matches (first, "vehicle of"));
  rtcc_hotlist_window_set_filter (f->window, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (entries), ==, 8);

  g_assert_false (rtcc_hotlist_window_select_hotlist (f->window, "hl-none"));
}

static void
test_add (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(GListModel) records = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) later = g_date_time_add_days (now, 20);
  g_autofree char *expiry = g_date_time_format (later, "%Y-%m-%d");
  RtccAuditRecord *record;
  const RtccFlockHotlistEntry *entry;

  rtcc_hotlist_window_select_hotlist (f->window, "hl-custom");
  wait_idle (f->window);
  rtcc_hotlist_window_show_form (f->window);
  g_assert_cmpstr (rtcc_hotlist_window_get_page (f->window), ==, "add");

  /* Every field says what is wrong with it, and nothing is sent. */
  rtcc_hotlist_window_set_field (f->window, RTCC_HOTLIST_FIELD_PLATE, "QA*77");
  rtcc_hotlist_window_set_field (f->window, RTCC_HOTLIST_FIELD_STATE, "I1");
  rtcc_hotlist_window_set_field (f->window, RTCC_HOTLIST_FIELD_REASON, "   ");
  rtcc_hotlist_window_set_field (f->window, RTCC_HOTLIST_FIELD_EXPIRY, "2020-01-01");
  g_assert_false (rtcc_hotlist_window_submit (f->window));
  g_assert_false (rtcc_hotlist_window_get_busy (f->window));
  g_assert_nonnull (rtcc_hotlist_window_get_field_error (f->window, RTCC_HOTLIST_FIELD_PLATE));
  g_assert_nonnull (rtcc_hotlist_window_get_field_error (f->window, RTCC_HOTLIST_FIELD_STATE));
  g_assert_nonnull (rtcc_hotlist_window_get_field_error (f->window, RTCC_HOTLIST_FIELD_REASON));
  g_assert_null (rtcc_hotlist_window_get_field_error (f->window, RTCC_HOTLIST_FIELD_CASE));
  g_assert_nonnull (strstr (rtcc_hotlist_window_get_field_error (f->window, RTCC_HOTLIST_FIELD_EXPIRY), "passed"));
  g_assert_cmpstr (rtcc_hotlist_window_get_field (f->window, RTCC_HOTLIST_FIELD_PLATE), ==, "QA*77");
  maybe_shoot (GTK_WIDGET (f->window), "hotlists-form");

  rtcc_hotlist_window_set_field (f->window, RTCC_HOTLIST_FIELD_PLATE, "qa-7731");
  rtcc_hotlist_window_set_field (f->window, RTCC_HOTLIST_FIELD_STATE, "in");
  rtcc_hotlist_window_set_field (f->window, RTCC_HOTLIST_FIELD_REASON, "Seen at two burglaries");
  rtcc_hotlist_window_set_field (f->window, RTCC_HOTLIST_FIELD_CASE, "C-2026-0042");
  rtcc_hotlist_window_set_field (f->window, RTCC_HOTLIST_FIELD_EXPIRY, expiry);
  g_assert_true (rtcc_hotlist_window_submit (f->window));
  g_assert_true (rtcc_hotlist_window_get_busy (f->window));
  wait_idle (f->window);

  g_assert_cmpstr (rtcc_hotlist_window_get_page (f->window), ==, "entries");
  entry = find_entry (f->window, "QA7731");
  g_assert_nonnull (entry);
  g_assert_cmpstr (entry->state, ==, "IN");
  g_assert_cmpstr (entry->reason, ==, "Seen at two burglaries");
  g_assert_cmpstr (entry->case_number, ==, "C-2026-0042");
  g_assert_nonnull (entry->expires_at);
  g_assert_cmpint (rtcc_hotlist_item_get_entry_count (find_hotlist (f->window, "hl-custom")), ==, 9);
  g_assert_cmpstr (rtcc_hotlist_window_get_field (f->window, RTCC_HOTLIST_FIELD_PLATE), ==, "");

  records = query_audit (f->audit, RTCC_AUDIT_ACTION_HOTLIST_ADD);
  g_assert_cmpuint (g_list_model_get_n_items (records), ==, 1);
  record = g_list_model_get_item (records, 0);
  g_assert_cmpstr (rtcc_audit_record_get_operator (record), ==, OPERATOR);
  g_assert_cmpstr (rtcc_audit_record_get_integration (record), ==, "flock");
  g_assert_cmpstr (rtcc_audit_record_get_purpose_reason (record), ==, "Seen at two burglaries");
  g_assert_nonnull (strstr (rtcc_audit_record_get_query_terms (record), "hotlist=hl-custom plate=QA7731 state=IN"));
  g_assert_nonnull (strstr (rtcc_audit_record_get_query_terms (record), "case=C-2026-0042"));
  g_assert_cmpint (rtcc_audit_record_get_outcome (record), ==, RTCC_AUDIT_OUTCOME_SUCCESS);
  g_object_unref (record);
  g_clear_object (&records);

  /* Flock refuses the same plate twice: the form stays filled, the plate
   * field says why, and the attempt is on record. */
  rtcc_hotlist_window_show_form (f->window);
  rtcc_hotlist_window_set_field (f->window, RTCC_HOTLIST_FIELD_PLATE, "QA7731");
  rtcc_hotlist_window_set_field (f->window, RTCC_HOTLIST_FIELD_STATE, "IN");
  rtcc_hotlist_window_set_field (f->window, RTCC_HOTLIST_FIELD_REASON, "Again");
  g_assert_true (rtcc_hotlist_window_submit (f->window));
  wait_idle (f->window);
  g_assert_cmpstr (rtcc_hotlist_window_get_page (f->window), ==, "add");
  g_assert_cmpstr (rtcc_hotlist_window_get_field (f->window, RTCC_HOTLIST_FIELD_REASON), ==, "Again");
  g_assert_nonnull (rtcc_hotlist_window_get_field_error (f->window, RTCC_HOTLIST_FIELD_PLATE));
  g_assert_nonnull (strstr (rtcc_hotlist_window_get_form_status (f->window), "already"));
  records = query_audit (f->audit, RTCC_AUDIT_ACTION_HOTLIST_ADD);
  g_assert_cmpuint (g_list_model_get_n_items (records), ==, 2);
  record = g_list_model_get_item (records, 0);   /* newest first */
  g_assert_cmpint (rtcc_audit_record_get_outcome (record), ==, RTCC_AUDIT_OUTCOME_FAILURE);
  g_assert_nonnull (rtcc_audit_record_get_outcome_detail (record));
  g_object_unref (record);
}

static void
test_remove_undo (Fixture       *f,
                  gconstpointer  data)
{
  GListModel *entries = rtcc_hotlist_window_get_entries (f->window);
  g_autoptr(GListModel) records = NULL;
  g_autoptr(RtccHotlistEntryItem) item = NULL;
  g_autoptr(RtccFlockHotlistEntry) listed = NULL;
  AdwMessageDialog *dialog;
  RtccAuditRecord *record;
  const RtccFlockHotlistEntry *back;
  guint before;

  rtcc_hotlist_window_select_hotlist (f->window, "hl-wanted");
  wait_idle (f->window);
  before = g_list_model_get_n_items (entries);
  g_assert_cmpuint (before, >, 0);
  item = g_list_model_get_item (entries, 0);
  listed = rtcc_flock_hotlist_entry_copy (rtcc_hotlist_entry_item_get_entry (item));

  g_assert_null (rtcc_hotlist_window_remove_entry (f->window, "NOT0NLIST"));

  /* Cancelled: nothing leaves the list. */
  dialog = rtcc_hotlist_window_remove_entry (f->window, listed->plate);
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "cancel");
  rtcc_test_run_for (50);
  g_assert_nonnull (find_entry (f->window, listed->plate));

  dialog = rtcc_hotlist_window_remove_entry (f->window, listed->plate);
  g_assert_nonnull (strstr (adw_message_dialog_get_heading (dialog), listed->plate));
  g_assert_nonnull (strstr (adw_message_dialog_get_heading (dialog), "Wanted persons"));
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "remove"));
  gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog)), "Warrant served");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "remove"));
  maybe_shoot (GTK_WIDGET (dialog), "hotlists-remove");
  adw_message_dialog_response (dialog, "remove");
  g_assert_true (rtcc_hotlist_window_get_busy (f->window));
  wait_idle (f->window);

  g_assert_null (find_entry (f->window, listed->plate));
  g_assert_cmpuint (g_list_model_get_n_items (entries), ==, before - 1);
  records = query_audit (f->audit, RTCC_AUDIT_ACTION_HOTLIST_REMOVE);
  g_assert_cmpuint (g_list_model_get_n_items (records), ==, 1);
  record = g_list_model_get_item (records, 0);
  g_assert_cmpstr (rtcc_audit_record_get_purpose_reason (record), ==, "Warrant served");
  g_assert_nonnull (strstr (rtcc_audit_record_get_query_terms (record), listed->plate));
  g_assert_cmpint (rtcc_audit_record_get_outcome (record), ==, RTCC_AUDIT_OUTCOME_SUCCESS);
  g_object_unref (record);
  g_clear_object (&records);

  /* Flock no longer has it either. */
  rtcc_hotlist_window_refresh (f->window);
  wait_idle (f->window);
  g_assert_cmpstr (rtcc_hotlist_window_get_hotlist_id (f->window), ==, "hl-wanted");
  g_assert_null (find_entry (f->window, listed->plate));

  /* The toast's undo puts it back as it was. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "hotlists.undo-remove", NULL);
  g_assert_true (rtcc_hotlist_window_get_busy (f->window));
  wait_idle (f->window);
  back = find_entry (f->window, listed->plate);
  g_assert_nonnull (back);
  g_assert_cmpstr (back->reason, ==, listed->reason);
  g_assert_cmpstr (back->case_number, ==, listed->case_number);
  g_assert_cmpstr (back->state, ==, listed->state);
  g_assert_cmpuint (g_list_model_get_n_items (entries), ==, before);
  maybe_shoot (GTK_WIDGET (f->window), "hotlists-undo");
  g_assert_false (rtcc_hotlist_window_undo_remove (f->window));

  records = query_audit (f->audit, RTCC_AUDIT_ACTION_HOTLIST_ADD);
  g_assert_cmpuint (g_list_model_get_n_items (records), ==, 1);
  record = g_list_model_get_item (records, 0);
  g_assert_nonnull (strstr (rtcc_audit_record_get_query_terms (record), "undo=true"));
  g_assert_cmpstr (rtcc_audit_record_get_purpose_reason (record), ==, listed->reason);
  g_object_unref (record);
}

static void
test_import (Fixture       *f,
             gconstpointer  data)
{
  static const char csv[] =
    "\xEF\xBB\xBFplate,state,reason,case,expiry\r\n"
    "IMP001,IL,\"Burglary, north side\",C-1,\r\n"
    "IMP002,Illinois,bad state,,\r\n"
    "\r\n"
    "imp-003,WI,\"Said \"\"armed\"\"\",,\r\n"
    "IMP001,IL,duplicate,,\r\n"
    "IMP004,IN,Stolen plates,C-4,2099-01-01\r\n";
  g_autoptr(GBytes) bytes = g_bytes_new_static (csv, sizeof csv - 1);
  g_autoptr(GBytes) junk = g_bytes_new_static ("\xff\xfe\x00", 3);
  g_autoptr(GListModel) records = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *rows = rtcc_hotlist_window_get_import_rows (f->window);
  guint added = 0, failed = 0;

  rtcc_hotlist_window_select_hotlist (f->window, "hl-custom");
  wait_idle (f->window);

  g_assert_false (rtcc_hotlist_window_preview_csv (f->window, junk, &error));
  g_assert_error (error, RTCC_HOTLIST_CSV_ERROR, RTCC_HOTLIST_CSV_ERROR_NOT_TEXT);

  g_assert_true (rtcc_hotlist_window_preview_csv (f->window, bytes, NULL));
  g_assert_cmpstr (rtcc_hotlist_window_get_page (f->window), ==, "import");
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 5);
  g_assert_nonnull (strstr (rtcc_hotlist_window_get_import_status (f->window), "2 have problems"));
  maybe_shoot (GTK_WIDGET (f->window), "hotlists-preview");

  g_assert_true (rtcc_hotlist_window_start_import (f->window));
  g_assert_true (rtcc_hotlist_window_get_busy (f->window));
  wait_idle (f->window);

  rtcc_hotlist_window_get_import_counts (f->window, &added, &failed);
  g_assert_cmpuint (added, ==, 3);
  g_assert_cmpuint (failed, ==, 2);
  g_assert_nonnull (strstr (rtcc_hotlist_window_get_import_status (f->window), "3 plates added"));
  maybe_shoot (GTK_WIDGET (f->window), "hotlists-summary");
  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(RtccHotlistCsvRow) row = g_list_model_get_item (rows, i);
      gboolean good = rtcc_hotlist_csv_row_is_valid (row);

      g_assert_cmpint (rtcc_hotlist_csv_row_get_result (row), ==,
                       good ? RTCC_HOTLIST_CSV_ROW_ADDED : RTCC_HOTLIST_CSV_ROW_FAILED);
      g_assert_cmpstr (rtcc_hotlist_csv_row_get_status (row), !=, "");
    }
  g_assert_nonnull (find_entry (f->window, "IMP001"));
  g_assert_cmpstr (find_entry (f->window, "IMP001")->reason, ==, "Burglary, north side");
  g_assert_nonnull (find_entry (f->window, "IMP003"));
  g_assert_cmpstr (find_entry (f->window, "IMP003")->reason, ==, "Said \"armed\"");
  g_assert_nonnull (find_entry (f->window, "IMP004"));
  g_assert_null (find_entry (f->window, "IMP002"));
  g_assert_false (rtcc_hotlist_window_start_import (f->window));

  records = query_audit (f->audit, RTCC_AUDIT_ACTION_HOTLIST_IMPORT);
  g_assert_cmpuint (g_list_model_get_n_items (records), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(RtccAuditRecord) record = g_list_model_get_item (records, i);

      g_assert_cmpint (rtcc_audit_record_get_outcome (record), ==, RTCC_AUDIT_OUTCOME_SUCCESS);
      g_assert_nonnull (strstr (rtcc_audit_record_get_query_terms (record), "hotlist=hl-custom plate=IMP00"));
    }

  /* Rows Flock refuses are reported with its reason. */
  g_assert_true (rtcc_hotlist_window_preview_csv (f->window, bytes, NULL));
  g_assert_true (rtcc_hotlist_window_start_import (f->window));
  wait_idle (f->window);
  rtcc_hotlist_window_get_import_counts (f->window, &added, &failed);
  g_assert_cmpuint (added, ==, 0);
  g_assert_cmpuint (failed, ==, 5);
  {
    g_autoptr(RtccHotlistCsvRow) row = g_list_model_get_item (rows, 0);

    g_assert_nonnull (strstr (rtcc_hotlist_csv_row_get_status (row), "already"));
  }
}

static void
test_import_file (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "plates.csv", NULL);
  g_autofree char *huge_path = g_build_filename (f->dir, "huge.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) huge = g_file_new_for_path (huge_path);
  g_autoptr(GError) error = NULL;
  g_autofree char *zeros = g_malloc0 (RTCC_HOTLIST_CSV_MAX_BYTES + 1);
  GListModel *rows = rtcc_hotlist_window_get_import_rows (f->window);

  rtcc_hotlist_window_select_hotlist (f->window, "hl-custom");
  wait_idle (f->window);

  /* Too big to read: refused before it is loaded; the page stays. */
  g_file_set_contents (huge_path, zeros, RTCC_HOTLIST_CSV_MAX_BYTES + 1, &error);
  g_assert_no_error (error);
  rtcc_hotlist_window_import_file (f->window, huge);
  g_assert_true (rtcc_hotlist_window_get_busy (f->window));
  wait_idle (f->window);
  g_assert_cmpstr (rtcc_hotlist_window_get_page (f->window), ==, "entries");
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 0);

  g_file_set_contents (path, "plate,state,reason\nFIL001,IL,one\nFIL002,IL,two\n", -1, &error);
  g_assert_no_error (error);
  rtcc_hotlist_window_import_file (f->window, file);
  wait_idle (f->window);
  g_assert_cmpstr (rtcc_hotlist_window_get_page (f->window), ==, "import");
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 2);
  g_remove (path);
  g_remove (huge_path);
}

static void
test_import_cancel (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GString) csv = g_string_new ("plate,state,reason\n");
  g_autoptr(GBytes) bytes = NULL;
  guint added = 0, failed = 0;

  for (guint i = 0; i < 40; i++)
    g_string_append_printf (csv, "CXL%03u,IL,bulk\n", i);
  bytes = g_bytes_new (csv->str, csv->len);
  rtcc_hotlist_window_select_hotlist (f->window, "hl-amber");
  wait_idle (f->window);
  g_assert_true (rtcc_hotlist_window_preview_csv (f->window, bytes, NULL));
  g_assert_true (rtcc_hotlist_window_start_import (f->window));
  rtcc_hotlist_window_cancel_import (f->window);
  wait_idle (f->window);
  rtcc_hotlist_window_get_import_counts (f->window, &added, &failed);
  /* The plate on its way when the operator stopped still arrives. */
  g_assert_cmpuint (added, <=, 1);
  g_assert_cmpuint (added + failed, ==, 40);
  g_assert_nonnull (strstr (rtcc_hotlist_window_get_import_status (f->window), "stopped"));
}

static void
test_without_flock_or_audit (void)
{
  g_autoptr(RtccHotlistWindow) window = g_object_ref_sink (rtcc_hotlist_window_new (NULL, NULL, OPERATOR));
  g_autoptr(RtccConfig) config = rtcc_config_new (NULL, FALSE);
  g_autoptr(RtccIntegration) flock = NULL;
  g_autoptr(RtccHotlistWindow) offline = NULL;

  g_assert_cmpstr (rtcc_hotlist_window_get_page (window), ==, "message");
  g_assert_nonnull (strstr (rtcc_hotlist_window_get_message (window), "FLOCK_API_URL"));
  g_assert_false (rtcc_hotlist_window_submit (window));
  g_assert_null (rtcc_hotlist_window_remove_entry (window, "ABC1234"));
  gtk_window_destroy (GTK_WINDOW (window));

  /* Nothing listens there: the error page says why and offers a retry. */
  rtcc_config_set_override (config, "FLOCK_API_URL", "http://127.0.0.1:9/api");
  rtcc_config_set_override (config, "FLOCK_API_KEY", "flock-key-0123456789");
  rtcc_config_set_override (config, "FLOCK_AGENCY_ID", "AG-1");
  flock = rtcc_flock_integration_new (config);
  offline = g_object_ref_sink (rtcc_hotlist_window_new (RTCC_FLOCK_INTEGRATION (flock), NULL, OPERATOR));
  wait_idle (offline);
  g_assert_cmpstr (rtcc_hotlist_window_get_page (offline), ==, "message");
  g_assert_nonnull (strstr (rtcc_hotlist_window_get_message (offline), "Could Not Be Loaded"));
  gtk_window_destroy (GTK_WINDOW (offline));
}

/* A Flock stand-in that refuses every new entry the way Flock's API does,
 * naming the fields. */
static void
refusing_flock (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  const char *method = soup_server_message_get_method (msg);
  const char *body;
  guint status = 200;

  if (g_str_equal (path, "/hotlists"))
    body = "{\"hotlists\": [{\"id\": \"hl-x\", \"name\": \"Fake list\", \"type\": \"custom\", \"entryCount\": 0}]}";
  else if (g_str_equal (path, "/hotlists/hl-x/entries") && g_str_equal (method, "GET"))
    body = "{\"entries\": []}";
  else if (g_str_equal (path, "/hotlists/hl-x/entries"))
    {
      status = 422;
      body = "{\"errors\": [{\"field\": \"state\", \"message\": \"Unknown state code\"},"
             " {\"field\": \"expiresAt\", \"message\": \"More than a year ahead\"}]}";
    }
  else
    {
      status = 404;
      body = "{\"error\": {\"code\": \"NOT_FOUND\", \"message\": \"No such thing\"}}";
    }
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, body, strlen (body));
}

static void
test_vendor_field_errors (void)
{
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(RtccConfig) config = rtcc_config_new (NULL, FALSE);
  g_autoptr(RtccIntegration) flock = NULL;
  g_autoptr(RtccHotlistWindow) window = NULL;
  g_autoptr(RtccAuditLog) audit = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) records = NULL;
  g_autofree char *dir = g_dir_make_tmp ("rtcc-hotlists-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "audit.db", NULL);
  g_autofree char *anchor = NULL;
  g_autofree char *base = NULL;
  GSList *uris;

  soup_server_add_handler (server, NULL, refusing_flock, NULL, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  base = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  rtcc_config_set_override (config, "FLOCK_API_URL", base);
  rtcc_config_set_override (config, "FLOCK_API_KEY", "flock-key-0123456789");
  rtcc_config_set_override (config, "FLOCK_AGENCY_ID", "AG-7");
  flock = rtcc_flock_integration_new (config);
  audit = rtcc_audit_log_open (path, &error);
  g_assert_no_error (error);
  window = g_object_ref_sink (rtcc_hotlist_window_new (RTCC_FLOCK_INTEGRATION (flock), audit, OPERATOR));
  wait_idle (window);
  g_assert_cmpstr (rtcc_hotlist_window_get_page (window), ==, "empty");

  rtcc_hotlist_window_show_form (window);
  rtcc_hotlist_window_set_field (window, RTCC_HOTLIST_FIELD_PLATE, "ZZ9921");
  rtcc_hotlist_window_set_field (window, RTCC_HOTLIST_FIELD_STATE, "QQ");
  rtcc_hotlist_window_set_field (window, RTCC_HOTLIST_FIELD_REASON, "Tip from patrol");
  rtcc_hotlist_window_set_field (window, RTCC_HOTLIST_FIELD_EXPIRY, "2099-12-31");
  g_assert_true (rtcc_hotlist_window_submit (window));
  wait_idle (window);

  g_assert_cmpstr (rtcc_hotlist_window_get_page (window), ==, "add");
  g_assert_cmpstr (rtcc_hotlist_window_get_field_error (window, RTCC_HOTLIST_FIELD_STATE), ==, "Unknown state code");
  g_assert_cmpstr (rtcc_hotlist_window_get_field_error (window, RTCC_HOTLIST_FIELD_EXPIRY), ==, "More than a year ahead.");
  g_assert_null (rtcc_hotlist_window_get_field_error (window, RTCC_HOTLIST_FIELD_PLATE));
  g_assert_null (rtcc_hotlist_window_get_field_error (window, RTCC_HOTLIST_FIELD_REASON));
  g_assert_nonnull (strstr (rtcc_hotlist_window_get_form_status (window), "correct the marked fields"));
  g_assert_cmpstr (rtcc_hotlist_window_get_field (window, RTCC_HOTLIST_FIELD_PLATE), ==, "ZZ9921");
  g_assert_cmpstr (rtcc_hotlist_window_get_field (window, RTCC_HOTLIST_FIELD_REASON), ==, "Tip from patrol");

  records = query_audit (audit, RTCC_AUDIT_ACTION_HOTLIST_ADD);
  g_assert_cmpuint (g_list_model_get_n_items (records), ==, 1);
  {
    g_autoptr(RtccAuditRecord) record = g_list_model_get_item (records, 0);

    g_assert_cmpint (rtcc_audit_record_get_outcome (record), ==, RTCC_AUDIT_OUTCOME_FAILURE);
  }

  gtk_window_destroy (GTK_WINDOW (window));
  anchor = rtcc_audit_log_dup_anchor_path (audit);
  g_clear_object (&audit);
  g_remove (anchor);
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);

    g_remove (wal);
    g_remove (shm);
  }
  g_remove (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  if (!gtk_init_check ())
    {
      g_test_add_func ("/hotlists/display", rtcc_test_skip_without_display);
      return g_test_run ();
    }
  adw_init ();

  g_test_add_func ("/hotlists/without-flock-or-audit", test_without_flock_or_audit);
  g_test_add_func ("/hotlists/vendor-field-errors", test_vendor_field_errors);
  if (rtcc_demo_is_available ())
    {
      g_test_add ("/hotlists/list", Fixture, NULL, fixture_set_up, test_list, fixture_tear_down);
      g_test_add ("/hotlists/add", Fixture, NULL, fixture_set_up, test_add, fixture_tear_down);
      g_test_add ("/hotlists/remove-undo", Fixture, NULL, fixture_set_up, test_remove_undo, fixture_tear_down);
      g_test_add ("/hotlists/import", Fixture, NULL, fixture_set_up, test_import, fixture_tear_down);
      g_test_add ("/hotlists/import-file", Fixture, NULL, fixture_set_up, test_import_file, fixture_tear_down);
      g_test_add ("/hotlists/import-cancel", Fixture, NULL, fixture_set_up, test_import_cancel, fixture_tear_down);
    }
  return g_test_run ();
}
