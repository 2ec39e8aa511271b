/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "rtcc-audit-log.h"
#include "rtcc-bolo-dialog.h"
#include "rtcc-bolo-match-dialog.h"
#include "rtcc-bolo-watch.h"
#include "rtcc-demo.h"
#include "rtcc-plate.h"
#include "rtcc-plate-markup.h"
#include "rtcc-plate-search-dialog.h"
#ifdef RTCC_HAVE_SIM
#include "rtcc-sim-server.h"
#include "rtcc-ui-test-util.h"
#endif

const char *__asan_default_options (void);

/* The fast unwinder stops at the first library built without frame
 * pointers, and then lsan.supp cannot see who allocated. Read only by
 * sanitizer builds. */
const char *
__asan_default_options (void)
{
  return "fast_unwind_on_malloc=0";
}

typedef struct
{
  char         *dir;
  RtccAuditLog *audit;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  fixture->dir = g_dir_make_tmp ("rtcc-plates-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "audit.db", NULL);
  fixture->audit = rtcc_audit_log_open (path, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->audit);
  rtcc_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

/* The audit records of one action, newest first. */
static GListModel *
query_audit (RtccAuditLog *audit,
             const char   *action)
{
  RtccAuditFilter filter = { .action = action };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *records;

  rtcc_audit_log_query_async (audit, &filter, NULL, rtcc_test_store_result, &result);
  records = rtcc_audit_log_query_finish (audit, rtcc_test_wait_result (&result, 20000), &error);
  g_assert_no_error (error);
  return records;
}

static RtccEvent *
make_event (RtccEventType  type,
            const char    *vendor_id,
            const char    *plate,
            const char    *state,
            const char    *bolo_id)
{
  g_autoptr(RtccEventBuilder) builder =
    rtcc_event_builder_new (type == RTCC_EVENT_TYPE_LPR_READ ? RTCC_SOURCE_FLOCK : RTCC_SOURCE_HOTSHEETS,
                            type, vendor_id);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GError) error = NULL;
  RtccEvent *event;

  rtcc_event_builder_set_occurred_at (builder, now);
  if (plate != NULL)
    rtcc_event_builder_set_string (builder, "plate_number", plate);
  if (state != NULL)
    rtcc_event_builder_set_string (builder, "plate_state", state);
  if (bolo_id != NULL)
    {
      rtcc_event_builder_set_string (builder, "bolo_id", bolo_id);
      rtcc_event_builder_set_string (builder, "subject", "vehicle");
      rtcc_event_builder_set_string (builder, "reason", "Armed robbery");
    }
  else
    rtcc_event_builder_set_string (builder, "camera_name", "MADISON & RACINE EB");
  event = rtcc_event_builder_end (g_steal_pointer (&builder), &error);
  g_assert_no_error (error);
  return event;
}

static void
test_search_requires_reason (Fixture       *fixture,
                             gconstpointer  data)
{
  RtccPlateSearchDialog *dialog = rtcc_plate_search_dialog_new (NULL, NULL, fixture->audit, "op1");
  g_autoptr(GListModel) records = NULL;

  rtcc_plate_search_dialog_set_query (dialog, "ABC1234", "IL", NULL, "C-1");
  g_assert_false (rtcc_plate_search_dialog_can_search (dialog));
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (dialog), "plate-search.search", NULL) &&
                  rtcc_plate_search_dialog_get_searching (dialog));
  g_assert_false (rtcc_plate_search_dialog_search (dialog));
  g_assert_false (rtcc_plate_search_dialog_get_searching (dialog));
  g_assert_nonnull (strstr (rtcc_plate_search_dialog_get_status (dialog), "reason"));

  /* Blanks are no reason, and `*` alone is no plate. */
  rtcc_plate_search_dialog_set_query (dialog, "ABC1234", NULL, "   ", NULL);
  g_assert_false (rtcc_plate_search_dialog_can_search (dialog));
  rtcc_plate_search_dialog_set_query (dialog, "**", NULL, "Robbery follow-up", NULL);
  g_assert_false (rtcc_plate_search_dialog_can_search (dialog));
  rtcc_plate_search_dialog_set_query (dialog, "ABC1234", NULL, "Robbery follow-up", NULL);
  g_assert_true (rtcc_plate_search_dialog_can_search (dialog));

  records = query_audit (fixture->audit, RTCC_AUDIT_ACTION_PLATE_SEARCH);
  g_assert_cmpuint (g_list_model_get_n_items (records), ==, 0);
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* Without an audit log nothing can be searched at all. */
  dialog = rtcc_plate_search_dialog_new (NULL, NULL, NULL, "op1");
  rtcc_plate_search_dialog_set_query (dialog, "ABC1234", NULL, "Robbery follow-up", NULL);
  g_assert_false (rtcc_plate_search_dialog_can_search (dialog));
  g_assert_false (rtcc_plate_search_dialog_search (dialog));
  g_assert_nonnull (strstr (rtcc_plate_search_dialog_get_status (dialog), "audit log"));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

typedef struct
{
  RtccAuditLog *audit;
  guint         records_when_shown;
  gboolean      shown;
} ShownCheck;

/* Results must only appear once the search is on record. */
static void
on_results_changed (GListModel *model,
                    guint       position,
                    guint       removed,
                    guint       added,
                    ShownCheck *check)
{
  g_autoptr(GListModel) records = NULL;

  if (added == 0 || check->shown)
    return;
  check->shown = TRUE;
  records = query_audit (check->audit, RTCC_AUDIT_ACTION_PLATE_SEARCH);
  check->records_when_shown = g_list_model_get_n_items (records);
}

#ifdef RTCC_HAVE_SIM
static void
inject_read (RtccSimServer *sim,
             const char    *plate)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *base = rtcc_sim_server_get_base_url (sim, "admin");
  g_autofree char *url = g_strconcat (base, "/inject", NULL);
  g_autofree char *body = g_strdup_printf ("{\"kind\": \"lpr_read\", \"plate\": \"%s\", \"state\": \"IL\"}", plate);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
  g_autoptr(GBytes) request = g_bytes_new (body, strlen (body));
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;

  soup_message_set_request_body_from_bytes (msg, "application/json", request);
  answer = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (msg)));
}
#endif

static void
test_search_misreads_against_simulator (Fixture       *fixture,
                                        gconstpointer  data)
{
#ifdef RTCC_HAVE_SIM
  g_autoptr(RtccConfig) config = rtcc_config_new (NULL, FALSE);
  g_autoptr(GObject) sim = NULL;
  g_autoptr(RtccIntegration) flock = NULL;
  g_autoptr(GListModel) records = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = NULL;
  RtccPlateSearchDialog *dialog;
  RtccAuditRecord *record;
  GListModel *results;
  ShownCheck check = { fixture->audit, 0, FALSE };
  guint n_exact = 0, n_lookalike = 0;

  sim = rtcc_demo_start (config, 1, &error);
  g_assert_no_error (error);
  /* B and 8 look alike to plate cameras. */
  inject_read (RTCC_SIM_SERVER (sim), "A8C1234");
  inject_read (RTCC_SIM_SERVER (sim), "XYZ9876");
  flock = rtcc_flock_integration_new (config);

  dialog = rtcc_plate_search_dialog_new (RTCC_FLOCK_INTEGRATION (flock), NULL, fixture->audit, "op1");
  results = rtcc_plate_search_dialog_get_results (dialog);
  g_signal_connect (results, "items-changed", G_CALLBACK (on_results_changed), &check);
  rtcc_plate_search_dialog_set_query (dialog, "abc-1234", "il", "Robbery follow-up", "C-TRAINING-0001");
  g_assert_true (rtcc_plate_search_dialog_search (dialog));
  g_assert_true (rtcc_plate_search_dialog_get_searching (dialog));
  while (rtcc_plate_search_dialog_get_searching (dialog))
    g_main_context_iteration (NULL, TRUE);

  g_assert_true (check.shown);
  g_assert_cmpuint (check.records_when_shown, ==, 1);
  for (guint i = 0; i < g_list_model_get_n_items (results); i++)
    {
      g_autoptr(RtccEvent) read = g_list_model_get_item (results, i);
      const char *plate = rtcc_event_get_attribute_string (read, "plate_number");

      if (g_str_equal (plate, "ABC1234"))
        n_exact++;
      else if (g_str_equal (plate, "A8C1234"))
        n_lookalike++;
      else
        g_assert_true (rtcc_plate_misread_match ("ABC1234", plate));
    }
  /* The three training reads, and the look-alike just injected. */
  g_assert_cmpuint (n_exact, >=, 3);
  g_assert_cmpuint (n_lookalike, ==, 1);
  g_assert_nonnull (strstr (rtcc_plate_search_dialog_get_status (dialog), "misread"));

  records = query_audit (fixture->audit, RTCC_AUDIT_ACTION_PLATE_SEARCH);
  g_assert_cmpuint (g_list_model_get_n_items (records), ==, 1);
  record = g_list_model_get_item (records, 0);
  g_assert_cmpstr (rtcc_audit_record_get_purpose_reason (record), ==, "Robbery follow-up");
  g_assert_cmpstr (rtcc_audit_record_get_operator (record), ==, "op1");
  g_assert_cmpstr (rtcc_audit_record_get_integration (record), ==, "flock");
  g_assert_nonnull (strstr (rtcc_audit_record_get_query_terms (record), "plate=ABC1234"));
  g_assert_nonnull (strstr (rtcc_audit_record_get_query_terms (record), "case=C-TRAINING-0001"));
  g_assert_cmpint (rtcc_audit_record_get_outcome (record), ==, RTCC_AUDIT_OUTCOME_SUCCESS);
  g_object_unref (record);

  csv = rtcc_plate_search_dialog_build_csv (dialog);
  g_assert_true (g_str_has_prefix (csv, "\"time\",\"plate\""));
  g_assert_nonnull (strstr (csv, "\"A8C1234\",\"IL\""));
  g_assert_nonnull (strstr (csv, "\"yes\""));

  g_signal_handlers_disconnect_by_data (results, &check);
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_clear_object (&flock);
  g_clear_object (&sim);
#else
  g_test_skip ("Built without the simulator");
#endif
}

static void
test_search_closed_midway_is_audited (Fixture       *fixture,
                                      gconstpointer  data)
{
#ifdef RTCC_HAVE_SIM
  g_autoptr(RtccConfig) config = rtcc_config_new (NULL, FALSE);
  g_autoptr(GObject) sim = NULL;
  g_autoptr(RtccIntegration) flock = NULL;
  g_autoptr(GListModel) records = NULL;
  g_autoptr(GError) error = NULL;
  RtccPlateSearchDialog *dialog;
  RtccAuditRecord *record;

  sim = rtcc_demo_start (config, 1, &error);
  g_assert_no_error (error);
  flock = rtcc_flock_integration_new (config);
  dialog = rtcc_plate_search_dialog_new (RTCC_FLOCK_INTEGRATION (flock), NULL, fixture->audit, "op1");
  gtk_window_present (GTK_WINDOW (dialog));
  rtcc_plate_search_dialog_set_query (dialog, "ABC1234", NULL, "Robbery follow-up", NULL);
  g_assert_true (rtcc_plate_search_dialog_search (dialog));
  /* Flock may already have the request: closing must still leave a record. */
  gtk_window_close (GTK_WINDOW (dialog));
  do
    {
      g_clear_object (&records);
      g_main_context_iteration (NULL, FALSE);
      records = query_audit (fixture->audit, RTCC_AUDIT_ACTION_PLATE_SEARCH);
    }
  while (g_list_model_get_n_items (records) == 0);
  record = g_list_model_get_item (records, 0);
  g_assert_cmpint (rtcc_audit_record_get_outcome (record), ==, RTCC_AUDIT_OUTCOME_FAILURE);
  g_assert_cmpstr (rtcc_audit_record_get_outcome_detail (record), ==, "cancelled by the operator");
  g_object_unref (record);
  g_clear_object (&flock);
  g_clear_object (&sim);
#else
  g_test_skip ("Built without the simulator");
#endif
}

static void
on_match (RtccBoloWatch *watch,
          RtccEvent     *bolo,
          RtccEvent     *read,
          GPtrArray     *seen)
{
  g_ptr_array_add (seen, g_strdup_printf ("%s %s", rtcc_event_get_attribute_string (bolo, "bolo_id"),
                                          rtcc_event_get_attribute_string (read, "plate_number")));
}

static void
test_watch_matches_lookalike (void)
{
  g_autoptr(RtccBoloWatch) watch = rtcc_bolo_watch_new ();
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) listed = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(RtccEvent) bolo = make_event (RTCC_EVENT_TYPE_BOLO_CREATED, "BOLO-1", "ABC1234", "IL", "BOLO-1");
  g_autoptr(RtccEvent) other = make_event (RTCC_EVENT_TYPE_BOLO_CREATED, "BOLO-2", "ZZZ9999", "IL", "BOLO-2");
  g_autoptr(RtccEvent) cancelled = make_event (RTCC_EVENT_TYPE_BOLO_CANCELLED, "BOLO-1-c", "ABC1234", "IL", "BOLO-1");
  g_autoptr(RtccEvent) lookalike = make_event (RTCC_EVENT_TYPE_LPR_READ, "r1", "A8C1234", "IL", NULL);
  g_autoptr(RtccEvent) elsewhere = make_event (RTCC_EVENT_TYPE_LPR_READ, "r2", "A8C1234", "WI", NULL);
  g_autoptr(RtccEvent) unrelated = make_event (RTCC_EVENT_TYPE_LPR_READ, "r3", "QRS5555", "IL", NULL);
  g_autoptr(RtccEvent) later = make_event (RTCC_EVENT_TYPE_LPR_READ, "r4", "ABC1234", "IL", NULL);

  g_signal_connect (watch, "match", G_CALLBACK (on_match), seen);

  /* Before any BOLO is known, nothing matches. */
  g_assert_cmpuint (rtcc_bolo_watch_handle_event (watch, lookalike), ==, 0);

  g_ptr_array_add (listed, g_object_ref (other));
  rtcc_bolo_watch_set_active (watch, listed);
  g_assert_cmpuint (rtcc_bolo_watch_get_n_active (watch), ==, 1);
  g_assert_cmpuint (rtcc_bolo_watch_handle_event (watch, bolo), ==, 0);
  g_assert_cmpuint (rtcc_bolo_watch_get_n_active (watch), ==, 2);

  g_assert_cmpuint (rtcc_bolo_watch_handle_event (watch, lookalike), ==, 1);
  g_assert_cmpuint (seen->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (seen, 0), ==, "BOLO-1 A8C1234");
  /* The same read again (a stream catch-up) does not alert twice. */
  g_assert_cmpuint (rtcc_bolo_watch_handle_event (watch, lookalike), ==, 0);
  /* Another state is another car; another plate is no match. */
  g_assert_cmpuint (rtcc_bolo_watch_handle_event (watch, elsewhere), ==, 0);
  g_assert_cmpuint (rtcc_bolo_watch_handle_event (watch, unrelated), ==, 0);

  g_assert_cmpuint (rtcc_bolo_watch_handle_event (watch, cancelled), ==, 0);
  g_assert_cmpuint (rtcc_bolo_watch_get_n_active (watch), ==, 1);
  g_assert_cmpuint (rtcc_bolo_watch_handle_event (watch, later), ==, 0);
  g_assert_cmpuint (seen->len, ==, 1);
}

static void
on_decided (RtccBoloMatchDialog *dialog,
            gboolean             confirmed,
            int                 *decision)
{
  *decision = confirmed;
}

static void
test_match_dialog_records_decision (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autoptr(RtccEvent) bolo = make_event (RTCC_EVENT_TYPE_BOLO_CREATED, "BOLO-1", "ABC1234", "IL", "BOLO-1");
  g_autoptr(RtccEvent) read = make_event (RTCC_EVENT_TYPE_LPR_READ, "r1", "A8C1234", "IL", NULL);
  g_autoptr(GListModel) records = NULL;
  g_autofree char *markup = rtcc_plate_markup ("ABC1234", "A8C1234");
  g_autofree char *hostile = rtcc_plate_markup ("ABC1234", "<b>&");
  RtccBoloMatchDialog *dialog;
  RtccAuditRecord *record;
  int decision = -1;

  /* Only the differing character is marked, and markup is escaped. */
  g_assert_cmpstr (markup, ==, "<tt>A<span weight=\"bold\" foreground=\"#e01b24\" underline=\"single\">8</span>C1234</tt>");
  g_assert_nonnull (strstr (hostile, "&lt;"));
  g_assert_null (strstr (hostile, "<b>"));

  dialog = rtcc_bolo_match_dialog_new (bolo, read, fixture->audit, "op1");
  g_object_ref_sink (dialog);
  g_signal_connect (dialog, "decided", G_CALLBACK (on_decided), &decision);
  gtk_window_present (GTK_WINDOW (dialog));
  rtcc_bolo_match_dialog_decide (dialog, TRUE);
  while (decision == -1)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (decision, ==, TRUE);

  records = query_audit (fixture->audit, RTCC_AUDIT_ACTION_ACKNOWLEDGE);
  g_assert_cmpuint (g_list_model_get_n_items (records), ==, 1);
  record = g_list_model_get_item (records, 0);
  g_assert_nonnull (strstr (rtcc_audit_record_get_query_terms (record), "bolo=BOLO-1"));
  g_assert_nonnull (strstr (rtcc_audit_record_get_query_terms (record), "decision=confirmed"));
  g_object_unref (record);
  g_object_unref (dialog);
}

static void
wait_not_busy (RtccBoloDialog *dialog)
{
  while (rtcc_bolo_dialog_get_busy (dialog))
    g_main_context_iteration (NULL, TRUE);
}

static void
test_bolo_form_keeps_fields_on_422 (Fixture       *fixture,
                                    gconstpointer  data)
{
#ifdef RTCC_HAVE_SIM
  g_autoptr(RtccConfig) config = rtcc_config_new (NULL, FALSE);
  g_autoptr(GObject) sim = NULL;
  g_autoptr(RtccIntegration) hotsheets = NULL;
  g_autoptr(GListModel) records = NULL;
  g_autoptr(GError) error = NULL;
  RtccAuditRecord *record;
  RtccBoloDialog *dialog;

  sim = rtcc_demo_start (config, 1, &error);
  g_assert_no_error (error);
  hotsheets = rtcc_hotsheets_integration_new (config);
  dialog = rtcc_bolo_dialog_new (RTCC_HOTSHEETS_INTEGRATION (hotsheets), fixture->audit, "op1");

  /* No reason: refused before anything is sent, and nothing audited. */
  rtcc_bolo_dialog_set_field (dialog, RTCC_BOLO_FIELD_PLATE, "Q");
  rtcc_bolo_dialog_set_field (dialog, RTCC_BOLO_FIELD_STATE, "IL");
  g_assert_false (rtcc_bolo_dialog_create (dialog));
  g_assert_nonnull (rtcc_bolo_dialog_get_field_error (dialog, RTCC_BOLO_FIELD_REASON));

  /* A one-character plate: HotSheets answers 422 for vehicle.plate. */
  rtcc_bolo_dialog_set_field (dialog, RTCC_BOLO_FIELD_MAKE, "Honda");
  rtcc_bolo_dialog_set_field (dialog, RTCC_BOLO_FIELD_REASON, "Hit and run");
  rtcc_bolo_dialog_set_field (dialog, RTCC_BOLO_FIELD_CASE, "C-77");
  g_assert_true (rtcc_bolo_dialog_create (dialog));
  wait_not_busy (dialog);
  g_assert_nonnull (rtcc_bolo_dialog_get_field_error (dialog, RTCC_BOLO_FIELD_PLATE));
  g_assert_nonnull (strstr (rtcc_bolo_dialog_get_field_error (dialog, RTCC_BOLO_FIELD_PLATE), "plate"));
  g_assert_null (rtcc_bolo_dialog_get_field_error (dialog, RTCC_BOLO_FIELD_REASON));
  g_assert_cmpstr (rtcc_bolo_dialog_get_field (dialog, RTCC_BOLO_FIELD_PLATE), ==, "Q");
  g_assert_cmpstr (rtcc_bolo_dialog_get_field (dialog, RTCC_BOLO_FIELD_MAKE), ==, "Honda");
  g_assert_cmpstr (rtcc_bolo_dialog_get_field (dialog, RTCC_BOLO_FIELD_REASON), ==, "Hit and run");
  g_assert_cmpstr (rtcc_bolo_dialog_get_field (dialog, RTCC_BOLO_FIELD_CASE), ==, "C-77");
  g_assert_nonnull (strstr (rtcc_bolo_dialog_get_form_status (dialog), "refused"));

  /* Corrected, it is issued and the form empties. */
  rtcc_bolo_dialog_set_field (dialog, RTCC_BOLO_FIELD_PLATE, "QRS 123");
  g_assert_true (rtcc_bolo_dialog_create (dialog));
  wait_not_busy (dialog);
  g_assert_null (rtcc_bolo_dialog_get_field_error (dialog, RTCC_BOLO_FIELD_PLATE));
  g_assert_nonnull (strstr (rtcc_bolo_dialog_get_form_status (dialog), "issued"));
  g_assert_cmpstr (rtcc_bolo_dialog_get_field (dialog, RTCC_BOLO_FIELD_PLATE), ==, "");

  /* Both attempts are on record, the refusal as a failure. */
  do
    {
      g_clear_object (&records);
      g_main_context_iteration (NULL, FALSE);
      records = query_audit (fixture->audit, RTCC_AUDIT_ACTION_BOLO_CREATE);
    }
  while (g_list_model_get_n_items (records) < 2);
  g_assert_cmpuint (g_list_model_get_n_items (records), ==, 2);
  record = g_list_model_get_item (records, 0);
  g_assert_cmpint (rtcc_audit_record_get_outcome (record), ==, RTCC_AUDIT_OUTCOME_SUCCESS);
  g_assert_nonnull (strstr (rtcc_audit_record_get_query_terms (record), "plate=QRS123"));
  g_assert_nonnull (strstr (rtcc_audit_record_get_query_terms (record), "bolo="));
  g_object_unref (record);
  record = g_list_model_get_item (records, 1);
  g_assert_cmpint (rtcc_audit_record_get_outcome (record), ==, RTCC_AUDIT_OUTCOME_FAILURE);
  g_assert_cmpstr (rtcc_audit_record_get_purpose_reason (record), ==, "Hit and run");
  g_object_unref (record);

  /* A plate check answers with the training BOLO, once on record. */
  rtcc_bolo_dialog_check_plate (dialog, "ABC1234", "IL");
  wait_not_busy (dialog);
  g_assert_nonnull (strstr (rtcc_bolo_dialog_get_check_result (dialog), "BOLO-TRAINING-0001"));
  g_clear_object (&records);
  records = query_audit (fixture->audit, RTCC_AUDIT_ACTION_QUERY);
  g_assert_cmpuint (g_list_model_get_n_items (records), ==, 1);
  record = g_list_model_get_item (records, 0);
  g_assert_cmpstr (rtcc_audit_record_get_integration (record), ==, "hotsheets");
  g_assert_nonnull (strstr (rtcc_audit_record_get_query_terms (record), "plate=ABC1234"));
  g_object_unref (record);

  gtk_window_destroy (GTK_WINDOW (dialog));
  g_clear_object (&hotsheets);
  g_clear_object (&sim);
#else
  g_test_skip ("Built without the simulator");
#endif
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/plates/watch/lookalike", test_watch_matches_lookalike);
  if (!gtk_init_check ())
    return g_test_run ();
  adw_init ();

  g_test_add ("/plates/search/requires-reason", Fixture, NULL,
              fixture_set_up, test_search_requires_reason, fixture_tear_down);
  g_test_add ("/plates/search/misreads", Fixture, NULL,
              fixture_set_up, test_search_misreads_against_simulator, fixture_tear_down);
  g_test_add ("/plates/search/closed-midway", Fixture, NULL,
              fixture_set_up, test_search_closed_midway_is_audited, fixture_tear_down);
  g_test_add ("/plates/bolo-dialog/422", Fixture, NULL,
              fixture_set_up, test_bolo_form_keeps_fields_on_422, fixture_tear_down);
  g_test_add ("/plates/match-dialog/decision", Fixture, NULL,
              fixture_set_up, test_match_dialog_records_decision, fixture_tear_down);

  return g_test_run ();
}
