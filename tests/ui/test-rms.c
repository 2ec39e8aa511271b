/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>
#include <adwaita.h>

#include "rtcc-audit-log.h"
#include "rtcc-case-window.h"
#include "rtcc-demo.h"
#include "rtcc-detail-field.h"
#include "rtcc-incident-search-dialog.h"
#include "rtcc-incident-window.h"
#include "rtcc-person-search-dialog.h"
#include "rtcc-registry.h"
#include "rtcc-window.h"
#include "rtcc-event-list.h"
#include "rtcc-json.h"
#include "bwc/rtcc-bwc-integration.h"
#include "milestone/rtcc-camera-geometry.h"
#include "milestone/rtcc-milestone-integration.h"
#include "shotspotter/rtcc-shotspotter-integration.h"
#include "rtcc-ui-test-util.h"

/* The simulator's training robbery, its case, suspect and gunshot. */
#define TRAINING_INCIDENT "2026-900001"
#define TRAINING_THEFT    "2026-900002"
#define TRAINING_CASE     "C-TRAINING-0001"
#define TRAINING_PERSON   "P-TRAINING-0001"
#define TRAINING_GUNSHOT  "SS-TRAINING-0001"

typedef struct
{
  char                       *dir;
  RtccConfig                 *config;
  GObject                    *simulator;
  RtccAuditLog               *audit;
  RtccOnesolutionIntegration *rms;
  RtccNessIntegration        *ness;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *audit_path = NULL;

  f->dir = g_dir_make_tmp ("rtcc-rms-XXXXXX", &error);
  g_assert_no_error (error);
  f->config = rtcc_config_new (NULL, FALSE);
  if (GPOINTER_TO_INT (data))
    {
      f->simulator = rtcc_demo_start (f->config, 1, &error);
      g_assert_no_error (error);
    }
  audit_path = g_build_filename (f->dir, "audit.db", NULL);
  f->audit = rtcc_audit_log_open (audit_path, &error);
  g_assert_no_error (error);
  f->rms = RTCC_ONESOLUTION_INTEGRATION (rtcc_onesolution_integration_new (f->config));
  rtcc_onesolution_integration_set_audit_log (f->rms, f->audit);
  f->ness = RTCC_NESS_INTEGRATION (rtcc_ness_integration_new (f->config));
  rtcc_ness_integration_set_audit_log (f->ness, f->audit);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_clear_object (&f->rms);
  g_clear_object (&f->ness);
  g_clear_object (&f->audit);
  g_clear_object (&f->simulator);
  g_clear_object (&f->config);
  dir = g_dir_open (f->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);

      g_remove (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
}

static guint
count_rms_lookups (RtccAuditLog *audit)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) records = NULL;
  RtccAuditFilter filter = { .action = RTCC_AUDIT_ACTION_RMS_LOOKUP };

  rtcc_audit_log_query_async (audit, &filter, NULL, rtcc_test_store_result, &result);
  rtcc_test_run_until (rtcc_test_is_set, &result, 10000);
  records = rtcc_audit_log_query_finish (audit, result, &error);
  g_assert_no_error (error);
  return g_list_model_get_n_items (records);
}

static gboolean
search_done (gpointer data)
{
  return !rtcc_incident_search_dialog_get_searching (data);
}

static const char *
type_code (RtccEvent *incident)
{
  JsonObject *attributes = rtcc_event_get_attributes (incident);
  JsonObject *type = rtcc_json_get_object (attributes, "incident_type");

  return type != NULL ? rtcc_json_get_string (type, "code") : NULL;
}

static RtccEvent *
find_incident (GListModel *incidents,
               const char *number)
{
  for (guint i = 0; i < g_list_model_get_n_items (incidents); i++)
    {
      g_autoptr(RtccEvent) incident = g_list_model_get_item (incidents, i);

      if (g_strcmp0 (rtcc_event_get_attribute_string (incident, "incident_number"), number) == 0)
        return incident;
    }
  return NULL;
}

static void
test_incident_search_type (Fixture       *f,
                           gconstpointer  data)
{
  RtccIncidentSearchDialog *dialog = rtcc_incident_search_dialog_new (f->rms, f->ness);
  GListModel *results = rtcc_incident_search_dialog_get_results (dialog);
  guint audited = count_rms_lookups (f->audit);
  guint n;

  gtk_window_present (GTK_WINDOW (dialog));
  rtcc_incident_search_dialog_set_query (dialog, "robb", NULL, NULL, NULL, NULL, FALSE);
  g_assert_true (rtcc_incident_search_dialog_search (dialog));
  g_assert_true (rtcc_incident_search_dialog_get_searching (dialog));
  rtcc_test_run_until (search_done, dialog, 20000);

  /* The type goes to the RMS, upper-cased as its codes are. */
  n = g_list_model_get_n_items (results);
  g_assert_cmpuint (n, >, 0);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RtccEvent) incident = g_list_model_get_item (results, i);

      g_assert_cmpstr (type_code (incident), ==, "ROBB");
    }
  g_assert_nonnull (find_incident (results, TRAINING_INCIDENT));
  g_assert_null (find_incident (results, TRAINING_THEFT));
  g_assert_cmpuint (rtcc_incident_search_dialog_get_page (dialog), ==, 1);
  g_assert_nonnull (strstr (rtcc_incident_search_dialog_get_status (dialog), "match"));
  g_assert_cmpuint (count_rms_lookups (f->audit), ==, audited + 1);

  /* A second type: the theft, and no robbery. */
  rtcc_incident_search_dialog_set_query (dialog, "MVT", NULL, NULL, NULL, NULL, FALSE);
  g_assert_true (rtcc_incident_search_dialog_search (dialog));
  rtcc_test_run_until (search_done, dialog, 20000);
  g_assert_nonnull (find_incident (results, TRAINING_THEFT));
  g_assert_null (find_incident (results, TRAINING_INCIDENT));
  g_assert_cmpuint (count_rms_lookups (f->audit), ==, audited + 2);

  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_incident_search_area (Fixture       *f,
                           gconstpointer  data)
{
  RtccIncidentSearchDialog *dialog = rtcc_incident_search_dialog_new (f->rms, f->ness);
  GListModel *results = rtcc_incident_search_dialog_get_results (dialog);
  g_autoptr(GListStore) shown = NULL;
  RtccEvent *robbery;
  double lat, lon;
  guint all;

  gtk_window_present (GTK_WINDOW (dialog));
  rtcc_incident_search_dialog_set_query (dialog, "ROBB", NULL, NULL, NULL, NULL, FALSE);
  rtcc_incident_search_dialog_search (dialog);
  rtcc_test_run_until (search_done, dialog, 20000);
  all = g_list_model_get_n_items (results);
  robbery = find_incident (results, TRAINING_INCIDENT);
  g_assert_nonnull (robbery);
  g_assert_true (rtcc_event_get_location (robbery, &lat, &lon));

  /* A few hundred metres around the robbery: the RMS cannot filter by
   * place, so the dialog does and says so. */
  rtcc_incident_search_dialog_set_map_area (dialog, lat - 0.002, lon - 0.002, lat + 0.002, lon + 0.002);
  rtcc_incident_search_dialog_set_query (dialog, "ROBB", NULL, NULL, NULL, NULL, TRUE);
  rtcc_incident_search_dialog_search (dialog);
  rtcc_test_run_until (search_done, dialog, 20000);
  g_assert_nonnull (find_incident (results, TRAINING_INCIDENT));
  g_assert_cmpuint (g_list_model_get_n_items (results), <=, all);
  for (guint i = 0; i < g_list_model_get_n_items (results); i++)
    {
      g_autoptr(RtccEvent) incident = g_list_model_get_item (results, i);
      double ilat, ilon;

      g_assert_true (rtcc_event_get_location (incident, &ilat, &ilon));
      g_assert_cmpfloat (fabs (ilat - lat), <=, 0.002);
      g_assert_cmpfloat (fabs (ilon - lon), <=, 0.002);
    }
  g_assert_nonnull (strstr (rtcc_incident_search_dialog_get_status (dialog), "map area"));

  /* An area far away holds none of them. */
  rtcc_incident_search_dialog_set_map_area (dialog, 10.0, 10.0, 10.1, 10.1);
  rtcc_incident_search_dialog_search (dialog);
  rtcc_test_run_until (search_done, dialog, 20000);
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 0);

  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_incident_search_validation (Fixture       *f,
                                 gconstpointer  data)
{
  RtccIncidentSearchDialog *dialog = rtcc_incident_search_dialog_new (f->rms, f->ness);
  RtccIncidentSearchDialog *without = rtcc_incident_search_dialog_new (NULL, NULL);
  g_autoptr(GtkWidget) map = g_object_ref_sink (rtcc_map_view_new ());

  gtk_window_present (GTK_WINDOW (dialog));
  rtcc_incident_search_dialog_set_query (dialog, NULL, NULL, "2026-13-01", NULL, NULL, FALSE);
  g_assert_false (rtcc_incident_search_dialog_search (dialog));
  g_assert_nonnull (strstr (rtcc_incident_search_dialog_get_status (dialog), "YYYY-MM-DD"));
  rtcc_incident_search_dialog_set_query (dialog, NULL, NULL, "2026-11-20", "2026-11-01", NULL, FALSE);
  g_assert_false (rtcc_incident_search_dialog_search (dialog));
  g_assert_nonnull (strstr (rtcc_incident_search_dialog_get_status (dialog), "ends before"));
  /* The visible area needs a map that shows one; this one has no tiles. */
  rtcc_incident_search_dialog_set_map_view (dialog, RTCC_MAP_VIEW (map));
  rtcc_incident_search_dialog_set_query (dialog, NULL, NULL, NULL, NULL, NULL, TRUE);
  g_assert_false (rtcc_incident_search_dialog_search (dialog));
  g_assert_nonnull (strstr (rtcc_incident_search_dialog_get_status (dialog), "no area"));
  g_assert_false (rtcc_incident_search_dialog_go_to_page (dialog, 2));
  g_assert_false (rtcc_incident_search_dialog_get_searching (dialog));
  /* Nothing was sent, so nothing was audited. */
  g_assert_cmpuint (count_rms_lookups (f->audit), ==, 0);

  g_assert_false (rtcc_incident_search_dialog_search (without));
  g_assert_nonnull (strstr (rtcc_incident_search_dialog_get_status (without), "OneSolution"));
  g_assert_null (rtcc_incident_search_dialog_open_incident (without, TRAINING_INCIDENT));

  gtk_window_destroy (GTK_WINDOW (without));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static gboolean
person_idle (gpointer data)
{
  return !rtcc_person_search_dialog_get_busy (data);
}

static void
test_person_search_form (Fixture       *f,
                         gconstpointer  data)
{
  RtccPersonSearchDialog *dialog = rtcc_person_search_dialog_new (f->rms, f->ness);
  GtkWidget *search, *query;

  gtk_window_present (GTK_WINDOW (dialog));
  rtcc_test_run_for (50);
  search = rtcc_test_find_button (GTK_WIDGET (dialog), "person-search.search");
  query = rtcc_test_find_button (GTK_WIDGET (dialog), "person-search.query-ncic");
  g_assert_nonnull (search);
  g_assert_nonnull (query);

  /* The RMS requires a last name: without one there is nothing to send. */
  g_assert_false (rtcc_person_search_dialog_can_search (dialog));
  g_assert_false (gtk_widget_is_sensitive (search));
  rtcc_person_search_dialog_set_query (dialog, "  ", "JOHN", "1980-01-01", FALSE);
  g_assert_false (gtk_widget_is_sensitive (search));
  rtcc_person_search_dialog_set_query (dialog, "DOE", "JOHN", NULL, FALSE);
  g_assert_true (gtk_widget_is_sensitive (search));
  /* A date of birth must be a real day, written YYYY-MM-DD. */
  rtcc_person_search_dialog_set_query (dialog, "DOE", NULL, "1980-02-30", FALSE);
  g_assert_false (gtk_widget_is_sensitive (search));
  rtcc_person_search_dialog_set_query (dialog, "DOE", NULL, "01/01/1980", FALSE);
  g_assert_false (gtk_widget_is_sensitive (search));
  g_assert_false (rtcc_person_search_dialog_search (dialog));
  rtcc_person_search_dialog_set_query (dialog, "DOE", NULL, "1980-01-01", FALSE);
  g_assert_true (gtk_widget_is_sensitive (search));
  /* No record shown, no NCIC query. */
  g_assert_false (gtk_widget_is_sensitive (query));
  g_assert_null (rtcc_person_search_dialog_query_ncic (dialog));

  gtk_window_destroy (GTK_WINDOW (dialog));
}

static const char *
detail (GListModel *details,
        const char *name)
{
  for (guint i = 0; i < g_list_model_get_n_items (details); i++)
    {
      g_autoptr(RtccDetailField) field = g_list_model_get_item (details, i);

      if (g_str_equal (rtcc_detail_field_get_name (field), name))
        return rtcc_detail_field_get_value (field);
    }
  return NULL;
}

static gboolean
has_person (RtccPersonSearchDialog *dialog,
            const char             *id)
{
  for (guint i = 0; i < rtcc_person_search_dialog_get_n_results (dialog); i++)
    {
      g_autofree char *found = rtcc_person_search_dialog_dup_result_id (dialog, i);

      if (g_strcmp0 (found, id) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
test_person_search_phonetic (Fixture       *f,
                             gconstpointer  data)
{
  RtccPersonSearchDialog *dialog = rtcc_person_search_dialog_new (f->rms, f->ness);
  GListModel *details = rtcc_person_search_dialog_get_details (dialog);
  guint audited = count_rms_lookups (f->audit);
  RtccNessDialog *ness;
  guint position = G_MAXUINT;

  gtk_window_present (GTK_WINDOW (dialog));

  /* DOH is spelt unlike DOE: not found by spelling... */
  rtcc_person_search_dialog_set_query (dialog, "doh", NULL, NULL, FALSE);
  g_assert_true (rtcc_person_search_dialog_search (dialog));
  rtcc_test_run_until (person_idle, dialog, 20000);
  g_assert_false (has_person (dialog, TRAINING_PERSON));

  /* ...but it sounds alike (Soundex D000). */
  rtcc_person_search_dialog_set_query (dialog, "doh", NULL, NULL, TRUE);
  g_assert_true (rtcc_person_search_dialog_search (dialog));
  rtcc_test_run_until (person_idle, dialog, 20000);
  g_assert_true (has_person (dialog, TRAINING_PERSON));
  /* One search each, and the record when it was the only match. */
  g_assert_cmpuint (count_rms_lookups (f->audit), ==,
                    audited + 2 + (rtcc_person_search_dialog_get_n_results (dialog) == 1));

  for (guint i = 0; i < rtcc_person_search_dialog_get_n_results (dialog); i++)
    {
      g_autofree char *id = rtcc_person_search_dialog_dup_result_id (dialog, i);

      if (g_strcmp0 (id, TRAINING_PERSON) == 0)
        position = i;
    }
  /* Several matches: the operator picks one, and its record is looked up. */
  if (rtcc_person_search_dialog_get_n_results (dialog) > 1)
    {
      g_assert_cmpuint (g_list_model_get_n_items (details), ==, 0);
      rtcc_person_search_dialog_select (dialog, position);
      rtcc_test_run_until (person_idle, dialog, 20000);
    }
  g_assert_cmpstr (detail (details, "Born"), ==, "1980-01-01");
  g_assert_cmpstr (detail (details, "RMS person"), ==, TRAINING_PERSON);
  g_assert_nonnull (strstr (detail (details, "Name"), "DOE, JOHN"));
  /* The record lookup is audited too. */
  g_assert_cmpuint (count_rms_lookups (f->audit), ==, audited + 3);

  /* With the date of birth only he matches, and his record shows at once. */
  rtcc_person_search_dialog_set_query (dialog, "doh", NULL, "1980-01-01", TRUE);
  g_assert_true (rtcc_person_search_dialog_search (dialog));
  g_assert_cmpuint (g_list_model_get_n_items (details), ==, 0);
  rtcc_test_run_until (person_idle, dialog, 20000);
  g_assert_cmpuint (rtcc_person_search_dialog_get_n_results (dialog), ==, 1);
  g_assert_cmpstr (detail (details, "RMS person"), ==, TRAINING_PERSON);
  g_assert_cmpuint (count_rms_lookups (f->audit), ==, audited + 5);

  ness = rtcc_person_search_dialog_query_ncic (dialog);
  g_assert_nonnull (ness);
  g_assert_cmpint (rtcc_ness_dialog_get_kind (ness), ==, RTCC_NESS_QUERY_WANTED);
  /* Filled in, but not sent without a purpose. */
  g_assert_false (rtcc_ness_dialog_can_send (ness));
  rtcc_ness_dialog_set_purpose (ness, "C", "Robbery 2026-900001 suspect");
  g_assert_true (rtcc_ness_dialog_can_send (ness));

  gtk_window_destroy (GTK_WINDOW (ness));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static gboolean
incident_idle_cb (gpointer data)
{
  return !rtcc_incident_window_is_busy (data);
}

static gboolean
case_idle (gpointer data)
{
  return !rtcc_case_window_is_busy (data);
}

static void
test_case_window (Fixture       *f,
                  gconstpointer  data)
{
  RtccCaseWindow *window = rtcc_case_window_new (f->rms, f->ness, TRAINING_CASE);
  RtccCaseWindow *missing = rtcc_case_window_new (f->rms, f->ness, "C-NO-SUCH-CASE");
  GListModel *incidents = rtcc_case_window_get_incidents (window);
  GtkWindow *incident;
  gboolean robbery = FALSE, theft = FALSE;

  gtk_window_present (GTK_WINDOW (window));
  rtcc_test_run_until (case_idle, window, 20000);
  rtcc_test_run_until (case_idle, missing, 20000);

  g_assert_cmpstr (rtcc_case_window_get_status_text (window), ==, "");
  g_assert_nonnull (strstr (rtcc_case_window_get_summary (window), TRAINING_CASE));
  g_assert_nonnull (strstr (rtcc_case_window_get_summary (window), "Investigator"));
  g_assert_cmpuint (g_list_model_get_n_items (incidents), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      const char *number = gtk_string_list_get_string (GTK_STRING_LIST (incidents), i);

      robbery |= g_str_equal (number, TRAINING_INCIDENT);
      theft |= g_str_equal (number, TRAINING_THEFT);
    }
  g_assert_true (robbery && theft);
  /* The suspect of one incident and complainant of the other: one person. */
  g_assert_cmpuint (g_list_model_get_n_items (rtcc_case_window_get_persons (window)), ==, 1);

  incident = rtcc_case_window_open_incident (window, 0);
  g_assert_true (RTCC_IS_INCIDENT_WINDOW (incident));
  g_assert_null (rtcc_case_window_open_incident (window, 7));
  rtcc_test_run_until (incident_idle_cb, incident, 20000);

  /* An unknown case says so and lists nothing. */
  g_assert_cmpstr (rtcc_case_window_get_status_text (missing), !=, "");
  g_assert_cmpuint (g_list_model_get_n_items (rtcc_case_window_get_incidents (missing)), ==, 0);

  gtk_window_destroy (incident);
  gtk_window_destroy (GTK_WINDOW (missing));
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
has_event (GListModel *events,
           const char *vendor_id)
{
  for (guint i = 0; i < g_list_model_get_n_items (events); i++)
    {
      g_autoptr(RtccEvent) event = g_list_model_get_item (events, i);

      if (g_strcmp0 (rtcc_event_get_vendor_id (event), vendor_id) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
test_incident_related (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(RtccIntegration) bwc = rtcc_bwc_integration_new (f->config);
  g_autoptr(RtccIntegration) milestone = rtcc_milestone_integration_new (f->config);
  g_autoptr(RtccIntegration) shotspotter = rtcc_shotspotter_integration_new (f->config);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) linked = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) recordings = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) robbery_time = NULL;
  g_autoptr(GDate) day = NULL;
  RtccIncidentWindow *window;
  RtccEvent *incident;
  double lat, lon;
  GListModel *cameras;
  const char *recording_id;
  GtkWindow *case_window;

  /* The robbery is five minutes before the training gunshot, 20 minutes
   * before start: link a recording of its day to it. */
  now = g_date_time_new_now_local ();
  robbery_time = g_date_time_add_minutes (now, -25);
  day = g_date_new_dmy (g_date_time_get_day_of_month (robbery_time), g_date_time_get_month (robbery_time),
                        g_date_time_get_year (robbery_time));
  rtcc_bwc_integration_list_recordings_async (RTCC_BWC_INTEGRATION (bwc), NULL, day, NULL, NULL, rtcc_test_store_result, &result);
  rtcc_test_run_until (rtcc_test_is_set, &result, 20000);
  recordings = rtcc_bwc_integration_list_recordings_finish (RTCC_BWC_INTEGRATION (bwc), result, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (recordings->len, >, 0);
  recording_id = rtcc_event_get_attribute_string (g_ptr_array_index (recordings, 0), "recording_id");
  /* One already linked to another incident where there is one, so the
   * robbery is its second incident and still found. */
  /* The newest such, so that recordings the simulator adds meanwhile
   * cannot push it off the first page the window lists. */
  for (guint i = 0; i < recordings->len; i++)
    if (rtcc_event_get_attribute_string (g_ptr_array_index (recordings, i), "incident_id") != NULL)
      {
        recording_id = rtcc_event_get_attribute_string (g_ptr_array_index (recordings, i), "recording_id");
        break;
      }
  rtcc_bwc_integration_link_incident_async (RTCC_BWC_INTEGRATION (bwc), recording_id, TRAINING_INCIDENT, NULL,
                                            rtcc_test_store_result, &linked);
  rtcc_test_run_until (rtcc_test_is_set, &linked, 20000);
  g_assert_true (rtcc_bwc_integration_link_incident_finish (RTCC_BWC_INTEGRATION (bwc), linked, &error));
  g_assert_no_error (error);

  window = rtcc_incident_window_new_for_number (f->rms, f->ness, TRAINING_INCIDENT);
  rtcc_incident_window_set_related (window, NULL, RTCC_BWC_INTEGRATION (bwc), RTCC_MILESTONE_INTEGRATION (milestone),
                                    RTCC_SHOTSPOTTER_INTEGRATION (shotspotter));
  gtk_window_present (GTK_WINDOW (window));
  rtcc_test_run_until (incident_idle_cb, window, 30000);
  g_assert_cmpstr (rtcc_incident_window_get_status_text (window), ==, "");

  incident = rtcc_incident_window_get_incident (window);
  g_assert_true (rtcc_event_get_location (incident, &lat, &lon));

  /* T001-T003 have the training place in view. */
  cameras = rtcc_incident_window_get_cameras (window);
  g_assert_cmpuint (g_list_model_get_n_items (cameras), >=, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *id = g_strdup_printf ("5eed0000-0000-4000-8000-00000000000%u", i + 1);
      gboolean found = FALSE;

      for (guint k = 0; k < g_list_model_get_n_items (cameras); k++)
        {
          g_autoptr(RtccCamera) camera = g_list_model_get_item (cameras, k);

          found |= g_str_equal (rtcc_camera_get_id (camera), id);
        }
      g_assert_true (found);
    }
  /* Best first: nearer cameras before farther ones. */
  for (guint k = 1; k < g_list_model_get_n_items (cameras); k++)
    {
      g_autoptr(RtccCamera) a = g_list_model_get_item (cameras, k - 1);
      g_autoptr(RtccCamera) b = g_list_model_get_item (cameras, k);
      double alat, alon, blat, blon;

      g_assert_true (rtcc_camera_get_location (a, &alat, &alon));
      g_assert_true (rtcc_camera_get_location (b, &blat, &blon));
      g_assert_cmpfloat (rtcc_geo_distance_m (alat, alon, lat, lon), <=, rtcc_geo_distance_m (blat, blon, lat, lon));
    }

  /* The nearest camera's clip around the incident's time, one click away. */
  {
    g_autoptr(RtccCamera) first = g_list_model_get_item (cameras, 0);
    RtccClipExportDialog *export = rtcc_incident_window_export_camera_clip (window, 0);

    g_assert_true (RTCC_IS_CLIP_EXPORT_DIALOG (export));
    g_assert_cmpstr (rtcc_clip_export_dialog_get_camera_id (export), ==, rtcc_camera_get_id (first));
    g_assert_null (rtcc_incident_window_export_camera_clip (window, g_list_model_get_n_items (cameras)));
    gtk_window_destroy (GTK_WINDOW (export));
  }

  /* The training gunshot is five minutes after the report, at the place. */
  g_assert_true (has_event (rtcc_incident_window_get_gunshots (window), TRAINING_GUNSHOT));
  for (guint i = 0; i < g_list_model_get_n_items (rtcc_incident_window_get_gunshots (window)); i++)
    {
      g_autoptr(RtccEvent) gunshot = g_list_model_get_item (rtcc_incident_window_get_gunshots (window), i);

      g_assert_cmpint (rtcc_event_get_event_type (gunshot), ==, RTCC_EVENT_TYPE_GUNSHOT);
    }
  /* Without a main window there is no map to show it on. */
  g_assert_false (rtcc_incident_window_show_gunshot (window, 0));

  g_assert_true (has_event (rtcc_incident_window_get_recordings (window), recording_id));

  case_window = rtcc_incident_window_open_case (window);
  g_assert_true (RTCC_IS_CASE_WINDOW (case_window));
  rtcc_test_run_until (case_idle, case_window, 20000);
  g_assert_nonnull (strstr (rtcc_case_window_get_summary (RTCC_CASE_WINDOW (case_window)), TRAINING_CASE));

  gtk_window_destroy (case_window);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_incident_search_pages_and_map (Fixture       *f,
                                    gconstpointer  data)
{
  g_autoptr(RtccRegistry) registry = rtcc_registry_new ();
  g_autoptr(RtccEventList) events = rtcc_event_list_new (1000);
  g_autoptr(RtccEvent) first_page_first = NULL;
  RtccIncidentSearchDialog *dialog;
  RtccWindow *window;
  GListModel *results;
  RtccEvent *selected;
  guint pages;

  rtcc_registry_add (registry, RTCC_INTEGRATION (f->rms));
  rtcc_registry_add (registry, RTCC_INTEGRATION (f->ness));
  window = rtcc_window_new (NULL, f->config, G_LIST_MODEL (registry), NULL, G_LIST_MODEL (events));
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.rms-persons", NULL));
  dialog = rtcc_window_show_incident_search (window);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (window));
  results = rtcc_incident_search_dialog_get_results (dialog);

  /* Every incident of the simulated days: more than one page. */
  g_assert_true (rtcc_incident_search_dialog_search (dialog));
  rtcc_test_run_until (search_done, dialog, 20000);
  pages = rtcc_incident_search_dialog_get_n_pages (dialog);
  g_assert_cmpuint (pages, >, 1);
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, RTCC_INCIDENT_SEARCH_PAGE_SIZE);
  first_page_first = g_list_model_get_item (results, 0);
  g_assert_false (rtcc_incident_search_dialog_go_to_page (dialog, pages + 1));
  g_assert_true (rtcc_incident_search_dialog_go_to_page (dialog, 2));
  rtcc_test_run_until (search_done, dialog, 20000);
  g_assert_cmpuint (rtcc_incident_search_dialog_get_page (dialog), ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (results), >, 0);
  g_assert_null (find_incident (results, rtcc_event_get_attribute_string (first_page_first, "incident_number")));

  /* Show on Map: the page joins the live list and the feed selects one. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (events)), ==, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "incident-search.show-on-map", NULL));
  rtcc_test_run_for (100);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (events)), >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (events)), <=, g_list_model_get_n_items (results));
  selected = rtcc_event_feed_get_selected_event (rtcc_window_get_feed (window));
  g_assert_nonnull (selected);
  g_assert_nonnull (find_incident (results, rtcc_event_get_attribute_string (selected, "incident_number")));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_incident_related_in_window (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(RtccIntegration) bwc = rtcc_bwc_integration_new (f->config);
  g_autoptr(RtccIntegration) shotspotter = rtcc_shotspotter_integration_new (f->config);
  g_autoptr(RtccRegistry) registry = rtcc_registry_new ();
  g_autoptr(RtccEventList) events = rtcc_event_list_new (1000);
  RtccIncidentWindow *incident;
  RtccWindow *window;
  RtccEvent *selected;
  GtkWidget *play;

  rtcc_registry_add (registry, RTCC_INTEGRATION (f->rms));
  window = rtcc_window_new (NULL, f->config, G_LIST_MODEL (registry), NULL, G_LIST_MODEL (events));
  gtk_window_present (GTK_WINDOW (window));
  incident = rtcc_incident_window_new_for_number (f->rms, f->ness, TRAINING_INCIDENT);
  rtcc_incident_window_set_related (incident, NULL, RTCC_BWC_INTEGRATION (bwc), NULL,
                                    RTCC_SHOTSPOTTER_INTEGRATION (shotspotter));
  gtk_window_set_transient_for (GTK_WINDOW (incident), GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (incident));
  rtcc_test_run_until (incident_idle_cb, incident, 30000);

  /* No body-worn camera view in this window to play recordings in. */
  play = rtcc_test_find_button (GTK_WIDGET (incident), "incident.recordings");
  g_assert_nonnull (play);
  g_assert_false (gtk_widget_is_sensitive (play));
  /* No video system: no cameras, and the section says why. */
  g_assert_cmpuint (g_list_model_get_n_items (rtcc_incident_window_get_cameras (incident)), ==, 0);
  g_assert_false (gtk_widget_is_sensitive (rtcc_test_find_button (GTK_WIDGET (incident), "incident.cameras")));

  /* Selecting a nearby gunshot puts it on the main window's map and feed. */
  g_assert_cmpuint (g_list_model_get_n_items (rtcc_incident_window_get_gunshots (incident)), >, 0);
  g_assert_true (rtcc_incident_window_show_gunshot (incident, 0));
  rtcc_test_run_for (50);
  selected = rtcc_event_feed_get_selected_event (rtcc_window_get_feed (window));
  g_assert_nonnull (selected);
  g_assert_cmpint (rtcc_event_get_event_type (selected), ==, RTCC_EVENT_TYPE_GUNSHOT);
  g_assert_false (rtcc_incident_window_show_gunshot (incident, 99));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Every window that shows records opens as one of the session's windows:
 * in the application, so that a locked session hides it, above the main
 * window and closed with it. */
static void
test_session_windows (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GtkApplication) app = gtk_application_new ("com.g3ti.Rtcc.TestSessionWindows",
                                                       G_APPLICATION_NON_UNIQUE);
  g_autoptr(RtccRegistry) registry = rtcc_registry_new ();
  g_autoptr(RtccEventList) events = rtcc_event_list_new (10);
  g_autoptr(GError) error = NULL;
  GtkWindow *opened[5];
  RtccWindow *window;

  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  window = rtcc_window_new (app, f->config, G_LIST_MODEL (registry), NULL, G_LIST_MODEL (events));
  opened[0] = GTK_WINDOW (rtcc_window_show_plate_search (window));
  opened[1] = GTK_WINDOW (rtcc_window_show_bolos (window));
  opened[2] = GTK_WINDOW (rtcc_window_show_hotlists (window));
  opened[3] = GTK_WINDOW (rtcc_window_show_incident_search (window));
  opened[4] = GTK_WINDOW (rtcc_window_show_person_search (window));
  for (guint i = 0; i < G_N_ELEMENTS (opened); i++)
    {
      g_test_message ("window %u", i);
      g_assert_true (gtk_window_get_application (opened[i]) == app);
      g_assert_true (gtk_window_get_transient_for (opened[i]) == GTK_WINDOW (window));
      g_assert_true (gtk_window_get_destroy_with_parent (opened[i]));
      g_assert_nonnull (g_list_find (gtk_application_get_windows (app), opened[i]));
    }
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_cmpuint (g_list_length (gtk_application_get_windows (app)), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  if (!gtk_init_check ())
    {
      g_test_add_func ("/rms/display", rtcc_test_skip_without_display);
      return g_test_run ();
    }
  adw_init ();

  g_test_add ("/rms/incident-search/validation", Fixture, GINT_TO_POINTER (FALSE),
              fixture_set_up, test_incident_search_validation, fixture_tear_down);
  g_test_add ("/rms/person-search/form", Fixture, GINT_TO_POINTER (FALSE),
              fixture_set_up, test_person_search_form, fixture_tear_down);
  g_test_add ("/rms/session-windows", Fixture, GINT_TO_POINTER (FALSE),
              fixture_set_up, test_session_windows, fixture_tear_down);
  if (rtcc_demo_is_available ())
    {
      g_test_add ("/rms/incident-search/type", Fixture, GINT_TO_POINTER (TRUE),
                  fixture_set_up, test_incident_search_type, fixture_tear_down);
      g_test_add ("/rms/incident-search/pages-and-map", Fixture, GINT_TO_POINTER (TRUE),
                  fixture_set_up, test_incident_search_pages_and_map, fixture_tear_down);
      g_test_add ("/rms/incident-search/area", Fixture, GINT_TO_POINTER (TRUE),
                  fixture_set_up, test_incident_search_area, fixture_tear_down);
      g_test_add ("/rms/person-search/phonetic", Fixture, GINT_TO_POINTER (TRUE),
                  fixture_set_up, test_person_search_phonetic, fixture_tear_down);
      g_test_add ("/rms/case/window", Fixture, GINT_TO_POINTER (TRUE),
                  fixture_set_up, test_case_window, fixture_tear_down);
      g_test_add ("/rms/incident/related-in-window", Fixture, GINT_TO_POINTER (TRUE),
                  fixture_set_up, test_incident_related_in_window, fixture_tear_down);
      g_test_add ("/rms/incident/related", Fixture, GINT_TO_POINTER (TRUE),
                  fixture_set_up, test_incident_related, fixture_tear_down);
    }

  return g_test_run ();
}
