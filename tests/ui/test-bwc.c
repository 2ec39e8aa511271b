/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <adwaita.h>
#include <libsoup/soup.h>

#include "bwc/rtcc-bwc-integration.h"
#include "rtcc-audit-log.h"
#include "rtcc-bwc-window.h"
#include "rtcc-config.h"
#include "rtcc-demo.h"
#include "rtcc-screenshot.h"
#include "rtcc-sim-server.h"
#include "rtcc-window.h"
#include "rtcc-ui-test-sim.h"
#include "rtcc-ui-test-util.h"

/* One simulator for the whole program: starting one costs a second. */
static RtccSimServer *sim;
static RtccIntegration *bwc;
static SoupSession *session;
static char *dir;
static RtccAuditLog *audit;
static RtccConfig *config;

static gboolean
not_loading (gpointer data)
{
  return !rtcc_bwc_window_is_loading (data);
}

static gboolean
assignments_loaded (gpointer data)
{
  return !rtcc_bwc_window_is_loading_assignments (data);
}

static RtccBwcWindow *
open_window (void)
{
  RtccBwcWindow *window = rtcc_bwc_window_new (RTCC_BWC_INTEGRATION (bwc), audit, "analyst1");

  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (rtcc_test_wait_until (not_loading, window, 20000));
  return window;
}

static GtkWidget *
find_widget (GtkWidget *widget,
             GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type) && gtk_widget_get_mapped (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GDate *
today_utc (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_new_dmy (g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                         g_date_time_get_year (now));
}

/* Opens on today's recordings; an officer's day lists only theirs; a day
 * without any shows the empty page; assignments come with the window. */
static void
test_list_by_officer (void)
{
  RtccBwcWindow *window = open_window ();
  GListModel *rows = rtcc_bwc_window_get_recordings (window);
  g_autoptr(GDate) today = today_utc ();
  g_autoptr(GDate) long_ago = g_date_new_dmy (1, 1, 2001);
  g_autoptr(RtccBwcRecording) first = NULL;
  g_autofree char *officer = NULL;
  guint n_all;

  g_assert_null (rtcc_bwc_window_get_list_error (window));
  n_all = g_list_model_get_n_items (rows);
  g_assert_cmpuint (n_all, >, 0);
  for (guint i = 1; i < n_all; i++)
    {
      g_autoptr(RtccBwcRecording) newer = g_list_model_get_item (rows, i - 1);
      g_autoptr(RtccBwcRecording) older = g_list_model_get_item (rows, i);

      g_assert_cmpint (g_date_time_compare (rtcc_event_get_occurred_at (rtcc_bwc_recording_get_event (newer)),
                                            rtcc_event_get_occurred_at (rtcc_bwc_recording_get_event (older))), >=, 0);
    }
  first = g_list_model_get_item (rows, 0);
  officer = g_strdup (rtcc_event_get_attribute_string (rtcc_bwc_recording_get_event (first), "officer_id"));
  g_assert_nonnull (officer);

  rtcc_bwc_window_search_officer (window, officer, today);
  g_assert_true (rtcc_bwc_window_is_loading (window));
  g_assert_true (rtcc_test_wait_until (not_loading, window, 20000));
  g_assert_cmpuint (g_list_model_get_n_items (rows), >=, 1);
  g_assert_cmpuint (g_list_model_get_n_items (rows), <=, n_all);
  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(RtccBwcRecording) row = g_list_model_get_item (rows, i);
      GDateTime *at = rtcc_event_get_occurred_at (rtcc_bwc_recording_get_event (row));

      g_assert_cmpstr (rtcc_event_get_attribute_string (rtcc_bwc_recording_get_event (row), "officer_id"), ==, officer);
      g_assert_cmpint (g_date_time_get_day_of_month (at), ==, g_date_get_day (today));
    }

  rtcc_bwc_window_search_officer (window, officer, long_ago);
  g_assert_true (rtcc_test_wait_until (not_loading, window, 20000));
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 0);
  g_assert_null (rtcc_bwc_window_get_list_error (window));
  g_assert_nonnull (find_widget (GTK_WIDGET (window), ADW_TYPE_STATUS_PAGE));

  g_assert_true (rtcc_test_wait_until (assignments_loaded, window, 20000));
  g_assert_cmpuint (g_list_model_get_n_items (rtcc_bwc_window_get_assignments (window)), ==, 40);
  if (g_getenv ("RTCC_TEST_SCREENSHOTS") != NULL)
    {
      g_autofree char *png = g_build_filename (g_getenv ("RTCC_TEST_SCREENSHOTS"), "bwc-assignments.png", NULL);

      adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (find_widget (GTK_WIDGET (window), ADW_TYPE_VIEW_STACK)),
                                             "assignments");
      rtcc_test_run_for (500);
      g_assert_true (rtcc_screenshot_render (GTK_WIDGET (window), png, NULL));
    }

  /* Hostile input is refused before anything is sent. */
  g_assert_false (rtcc_bwc_window_search_incident (window, "../../etc"));
  g_assert_false (rtcc_bwc_window_search_incident (window, ""));
  g_assert_false (rtcc_bwc_incident_number_is_valid ("2026-1 OR 1=1"));
  g_assert_true (rtcc_bwc_incident_number_is_valid ("2026-900001"));

  gtk_window_destroy (GTK_WINDOW (window));
}

typedef struct
{
  gboolean    done;
  GListModel *records;
} Query;

static void
query_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Query *q = user_data;
  g_autoptr(GError) error = NULL;

  q->records = rtcc_audit_log_query_finish (RTCC_AUDIT_LOG (object), result, &error);
  g_assert_no_error (error);
  q->done = TRUE;
}

static guint
count_audit (const char *action,
             const char *terms)
{
  RtccAuditFilter filter = { .action = action };
  Query q = { 0 };
  guint n = 0;

  rtcc_audit_log_query_async (audit, &filter, NULL, query_done, &q);
  g_assert_true (rtcc_test_wait_until (rtcc_test_is_done, &q.done, 5000));
  for (guint i = 0; i < g_list_model_get_n_items (q.records); i++)
    {
      g_autoptr(RtccAuditRecord) record = g_list_model_get_item (q.records, i);

      if (g_strcmp0 (rtcc_audit_record_get_query_terms (record), terms) == 0 &&
          rtcc_audit_record_get_outcome (record) == RTCC_AUDIT_OUTCOME_SUCCESS &&
          g_strcmp0 (rtcc_audit_record_get_operator (record), "analyst1") == 0)
        n++;
    }
  g_object_unref (q.records);
  return n;
}

static gboolean
not_busy (gpointer data)
{
  return !rtcc_bwc_window_is_busy (data);
}

/* Link, find by incident, unlink: the row follows and both are audited. */
static void
test_link_unlink (void)
{
  RtccBwcWindow *window = open_window ();
  GListModel *rows = rtcc_bwc_window_get_recordings (window);
  RtccBwcRecording *selected;
  g_autoptr(RtccBwcRecording) found = NULL;
  g_autofree char *id = NULL;
  g_autofree char *terms = NULL;
  g_autofree char *text = NULL;

  g_assert_cmpuint (g_list_model_get_n_items (rows), >, 1);
  rtcc_bwc_window_select (window, 1);
  selected = rtcc_bwc_window_get_selected (window);
  id = g_strdup (rtcc_bwc_recording_get_id (selected));
  terms = g_strdup_printf ("recording=%s incident=2026-777001", id);
  g_assert_false (rtcc_bwc_recording_has_incident (selected, "2026-777001"));

  g_assert_false (rtcc_bwc_window_link (window, "not an incident"));
  g_assert_true (rtcc_bwc_window_link (window, "2026-777001"));
  g_assert_true (rtcc_test_wait_until (not_busy, window, 10000));
  g_assert_true (rtcc_bwc_recording_has_incident (selected, "2026-777001"));
  text = rtcc_bwc_recording_dup_incidents_text (selected);
  g_assert_nonnull (strstr (text, "2026-777001"));
  g_assert_cmpuint (count_audit (RTCC_AUDIT_ACTION_EVIDENCE_LINK, terms), ==, 1);

  /* The vendor has the link: the incident's list finds the recording. */
  g_assert_true (rtcc_bwc_window_search_incident (window, "2026-777001"));
  g_assert_true (rtcc_test_wait_until (not_loading, window, 20000));
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 1);
  found = g_list_model_get_item (rows, 0);
  g_assert_cmpstr (rtcc_bwc_recording_get_id (found), ==, id);

  rtcc_bwc_window_select (window, 0);
  rtcc_bwc_window_unlink (window, "2026-777001");
  g_assert_true (rtcc_test_wait_until (not_busy, window, 10000));
  g_assert_false (rtcc_bwc_recording_has_incident (found, "2026-777001"));
  g_assert_cmpuint (count_audit (RTCC_AUDIT_ACTION_EVIDENCE_UNLINK, terms), ==, 1);

  rtcc_bwc_window_search_incident (window, "2026-777001");
  g_assert_true (rtcc_test_wait_until (not_loading, window, 20000));
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 0);

  gtk_window_destroy (GTK_WINDOW (window));
}

static AdwMessageDialog *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

static gboolean
is_drawn (gpointer data)
{
  return gtk_widget_get_mapped (data) && gtk_widget_get_width (data) > 0;
}

static void
shoot (GtkWidget  *widget,
       const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *png = NULL;

  if (g_getenv ("RTCC_TEST_SCREENSHOTS") == NULL)
    return;
  png = g_build_filename (g_getenv ("RTCC_TEST_SCREENSHOTS"), name, NULL);
  g_assert_true (rtcc_test_wait_until (is_drawn, widget, 5000));
  rtcc_test_run_for (300);
  rtcc_screenshot_render (widget, png, &error);
  g_assert_no_error (error);
}

/* The buttons' way: the link dialog takes only an incident number, and
 * unlinking asks first. */
static void
test_link_dialogs (void)
{
  RtccBwcWindow *window = open_window ();
  RtccBwcRecording *selected;
  AdwMessageDialog *dialog;
  GtkEditable *entry;

  rtcc_bwc_window_select (window, 2);
  selected = rtcc_bwc_window_get_selected (window);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "bwc.link", NULL));
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "link"));
  gtk_editable_set_text (entry, "2026 777004; DROP");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "link"));
  gtk_editable_set_text (entry, "2026-777004");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "link"));
  shoot (GTK_WIDGET (dialog), "bwc-link.png");
  /* The dialog's buttons close it after responding; here the test does. */
  adw_message_dialog_response (dialog, "link");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_true (rtcc_test_wait_until (not_busy, window, 10000));
  g_assert_true (rtcc_bwc_recording_has_incident (selected, "2026-777004"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "bwc.unlink", NULL));
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  shoot (GTK_WIDGET (dialog), "bwc-unlink.png");
  /* Cancel changes nothing. */
  adw_message_dialog_response (dialog, "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));
  rtcc_test_run_for (200);
  g_assert_false (rtcc_bwc_window_is_busy (window));
  g_assert_true (rtcc_bwc_recording_has_incident (selected, "2026-777004"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "bwc.unlink", NULL));
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (adw_message_dialog_get_extra_child (dialog)),
                              g_strv_length ((char **) rtcc_bwc_recording_get_incidents (selected)) - 1);
  adw_message_dialog_response (dialog, "unlink");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_true (rtcc_test_wait_until (not_busy, window, 10000));
  g_assert_false (rtcc_bwc_recording_has_incident (selected, "2026-777004"));

  gtk_window_destroy (GTK_WINDOW (window));
}

typedef struct
{
  RtccBwcPlayer *player;
  guint64        frames;
  gint64         target_ms;
} Watch;

static gboolean
playing_with_frames (gpointer data)
{
  Watch *w = data;

  return rtcc_bwc_player_get_state (w->player) == RTCC_BWC_PLAYER_PLAYING &&
         rtcc_bwc_player_get_frame_count (w->player) > w->frames &&
         rtcc_bwc_player_get_duration_ms (w->player) > 0;
}

/* Waits for playback, saying where the player stood when it did not come. */
static void
assert_plays (Watch *w,
              guint  timeout_ms)
{
  if (!rtcc_test_wait_until (playing_with_frames, w, timeout_ms))
    g_error ("Not playing after %u ms: state %d, %" G_GUINT64_FORMAT " frames, duration %" G_GINT64_FORMAT
             " ms, renewals %u, error %s", timeout_ms, rtcc_bwc_player_get_state (w->player),
             rtcc_bwc_player_get_frame_count (w->player), rtcc_bwc_player_get_duration_ms (w->player),
             rtcc_bwc_player_get_renewals (w->player), rtcc_bwc_player_get_error (w->player));
}

static gboolean
near_target (gpointer data)
{
  Watch *w = data;
  gint64 position = rtcc_bwc_player_get_position_ms (w->player);

  return rtcc_bwc_player_get_state (w->player) == RTCC_BWC_PLAYER_PLAYING &&
         position >= w->target_ms && position < w->target_ms + 2500;
}

/* Playing, then a seek to the middle lands there (an HTTP range). */
static void
test_playback_seek (void)
{
  RtccBwcWindow *window = open_window ();
  Watch w = { rtcc_bwc_window_get_player (window), 0, 0 };

  rtcc_bwc_window_select (window, 0);
  /* The simulator renders the clip on first request. */
  assert_plays (&w, 120000);
  g_assert_cmpint (rtcc_bwc_player_get_duration_ms (w.player), >, 4000);

  w.target_ms = rtcc_bwc_player_get_duration_ms (w.player) / 2;
  rtcc_bwc_player_seek (w.player, w.target_ms);
  g_assert_true (rtcc_test_wait_until (near_target, &w, 10000));
  w.frames = rtcc_bwc_player_get_frame_count (w.player);
  assert_plays (&w, 30000);

  rtcc_bwc_player_pause (w.player);
  rtcc_test_run_for (500);
  g_assert_cmpint (rtcc_bwc_player_get_state (w.player), ==, RTCC_BWC_PLAYER_PAUSED);

  if (g_getenv ("RTCC_TEST_SCREENSHOTS") != NULL)
    {
      g_autofree char *png = g_build_filename (g_getenv ("RTCC_TEST_SCREENSHOTS"), "bwc.png", NULL);
      g_assert_true (rtcc_screenshot_render (GTK_WIDGET (window), png, NULL));
    }
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
renewed (gpointer data)
{
  Watch *w = data;

  return rtcc_bwc_player_get_renewals (w->player) >= 2;
}

/* Links that expire after 2 s: the player gets new ones without stopping
 * the picture, and a seek after expiry plays from its target on a new
 * link, without anyone doing anything. */
static void
test_url_expiry (void)
{
  RtccBwcWindow *window = open_window ();
  Watch w = { rtcc_bwc_window_get_player (window), 0, 0 };
  guint renewals;

  /* Rendered in an earlier test or now, before links get short. */
  rtcc_bwc_window_select (window, 0);
  assert_plays (&w, 120000);
  rtcc_bwc_player_stop (w.player);
  rtcc_bwc_window_select (window, GTK_INVALID_LIST_POSITION);

  rtcc_test_sim_admin (sim, session, "POST", "faults", "{\"vendor\": \"bwc\", \"fault\": \"token_expiry\"}");
  rtcc_bwc_window_select (window, 0);
  assert_plays (&w, 60000);
  g_assert_true (rtcc_test_wait_until (renewed, &w, 15000));
  w.frames = rtcc_bwc_player_get_frame_count (w.player);
  assert_plays (&w, 30000);

  /* Every link so far is dead: the seek goes through a new one (given
   * the normal lifetime, which a build under sanitizers needs to open the
   * file at the target). */
  rtcc_test_sim_admin (sim, session, "DELETE", "faults?vendor=bwc", NULL);
  renewals = rtcc_bwc_player_get_renewals (w.player);
  w.target_ms = rtcc_bwc_player_get_duration_ms (w.player) / 4;
  rtcc_bwc_player_seek (w.player, w.target_ms);
  g_assert_true (rtcc_test_wait_until (near_target, &w, 30000));
  g_assert_cmpuint (rtcc_bwc_player_get_renewals (w.player), >, renewals);
  w.frames = rtcc_bwc_player_get_frame_count (w.player);
  assert_plays (&w, 30000);
  g_assert_null (rtcc_bwc_player_get_error (w.player));

  gtk_window_destroy (GTK_WINDOW (window));
}

typedef struct
{
  gboolean   done;
  GPtrArray *events;
} Listing;

static void
listed (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  Listing *l = user_data;

  l->events = rtcc_bwc_integration_list_recordings_finish (RTCC_BWC_INTEGRATION (object), result, NULL, NULL);
  l->done = TRUE;
}

static char *
download_checksum (const char *id)
{
  Listing l = { 0 };
  char *sha = NULL;

  rtcc_bwc_integration_list_recordings_async (RTCC_BWC_INTEGRATION (bwc), NULL, NULL, NULL, NULL, listed, &l);
  g_assert_true (rtcc_test_wait_until (rtcc_test_is_done, &l.done, 20000));
  g_assert_nonnull (l.events);
  for (guint i = 0; i < l.events->len; i++)
    if (g_strcmp0 (rtcc_event_get_vendor_id (g_ptr_array_index (l.events, i)), id) == 0)
      sha = g_strdup (rtcc_event_get_attribute_string (g_ptr_array_index (l.events, i), "sha256"));
  g_ptr_array_unref (l.events);
  return sha;
}

static gboolean
not_downloading (gpointer data)
{
  return !rtcc_bwc_window_is_downloading (data);
}

static gboolean
dir_has_files (gpointer data)
{
  g_autoptr(GDir) d = g_dir_open (data, 0, NULL);

  return d != NULL && g_dir_read_name (d) != NULL;
}

/* A verified download, then one cancelled midway: nothing left behind. */
static void
test_download (void)
{
  RtccBwcWindow *window = open_window ();
  g_autofree char *down = g_build_filename (dir, "downloads", NULL);
  g_autofree char *path = g_build_filename (down, "recording.mp4", NULL);
  g_autofree char *cancelled = g_build_filename (down, "cancelled.mp4", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) cancelled_file = g_file_new_for_path (cancelled);
  g_autofree char *contents = NULL;
  g_autofree char *sha = NULL;
  g_autofree char *listed_sha = NULL;
  RtccBwcRecording *recording;
  Watch w = { rtcc_bwc_window_get_player (window), 0, 0 };
  gboolean ok = FALSE;
  gsize length;
  guint n;

  g_assert_cmpint (g_mkdir (down, 0700), ==, 0);

  /* Not played yet, so the simulator lists the full recording's checksum
   * but serves its clip: the mismatch is caught and nothing is kept. */
  n = g_list_model_get_n_items (rtcc_bwc_window_get_recordings (window));
  rtcc_bwc_window_select (window, n - 1);
  rtcc_bwc_player_stop (w.player);
  rtcc_bwc_window_download_to (window, file);
  g_assert_true (rtcc_test_wait_until (not_downloading, window, 60000));
  g_assert_nonnull (strstr (rtcc_bwc_window_get_download_result (window, &ok), "checksum"));
  g_assert_false (ok);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_false (dir_has_files (down));

  /* Played first, as an analyst does: the clip is the listed file. */
  rtcc_bwc_window_select (window, 0);
  assert_plays (&w, 120000);
  recording = rtcc_bwc_window_get_selected (window);
  rtcc_bwc_window_download_to (window, file);
  g_assert_true (rtcc_bwc_window_is_downloading (window));
  g_assert_true (rtcc_test_wait_until (not_downloading, window, 60000));
  g_assert_nonnull (rtcc_bwc_window_get_download_result (window, &ok));
  if (!ok)
    g_error ("%s", rtcc_bwc_window_get_download_result (window, NULL));
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
  g_assert_nonnull (strstr (rtcc_bwc_window_get_download_result (window, NULL), "matches"));
  g_assert_cmpuint (length, >, 0);
  /* The vendor's checksum of now, which the window checked against. */
  listed_sha = download_checksum (rtcc_bwc_recording_get_id (recording));
  g_assert_cmpstr (sha, ==, listed_sha);
  g_assert_cmpint (g_remove (path), ==, 0);

  /* Cancel as soon as the partial file exists. */
  rtcc_bwc_window_download_to (window, cancelled_file);
  g_assert_true (rtcc_test_wait_until (dir_has_files, down, 20000) || !rtcc_bwc_window_is_downloading (window));
  rtcc_bwc_window_cancel_download (window);
  g_assert_true (rtcc_test_wait_until (not_downloading, window, 10000));
  rtcc_test_run_for (200);
  if (rtcc_bwc_window_get_download_result (window, &ok) != NULL && ok)
    g_test_incomplete ("The download finished before it could be cancelled");
  else
    {
      g_autoptr(GDir) d = g_dir_open (down, 0, NULL);
      const char *left = g_dir_read_name (d);

      g_assert_cmpstr (left, ==, NULL);
    }

  g_rmdir (down);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A vendor failure is shown with its reason, and a retry recovers. */
static void
test_vendor_error (void)
{
  RtccBwcWindow *window = open_window ();
  g_autoptr(GDate) today = today_utc ();
  const char *error;

  rtcc_test_sim_admin (sim, session, "POST", "faults", "{\"vendor\": \"bwc\", \"fault\": \"500\"}");
  rtcc_bwc_window_search_officer (window, NULL, today);
  g_assert_true (rtcc_test_wait_until (not_loading, window, 30000));
  error = rtcc_bwc_window_get_list_error (window);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error, "500"));
  g_assert_cmpuint (g_list_model_get_n_items (rtcc_bwc_window_get_recordings (window)), ==, 0);
  rtcc_test_sim_admin (sim, session, "DELETE", "faults?vendor=bwc", NULL);

  rtcc_bwc_window_search_officer (window, NULL, today);
  g_assert_true (rtcc_test_wait_until (not_loading, window, 30000));
  g_assert_null (rtcc_bwc_window_get_list_error (window));
  g_assert_cmpuint (g_list_model_get_n_items (rtcc_bwc_window_get_recordings (window)), >, 0);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
linked (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (rtcc_bwc_integration_link_incident_finish (RTCC_BWC_INTEGRATION (object), result, &error));
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

static RtccBwcWindow *
find_bwc_window (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (RTCC_IS_BWC_WINDOW (window))
        return RTCC_BWC_WINDOW (window);
    }
  return NULL;
}

/* What the incident window calls: the main window's action opens this
 * window on the incident's recordings. */
static void
test_main_window_actions (void)
{
  g_autoptr(GListStore) integrations = g_list_store_new (RTCC_TYPE_INTEGRATION);
  g_autoptr(GListStore) events = g_list_store_new (RTCC_TYPE_EVENT);
  g_autoptr(RtccBwcRecording) row = NULL;
  RtccBwcWindow *shown, *first;
  RtccWindow *window;
  gboolean done = FALSE;
  Listing l = { 0 };
  const char *id;

  rtcc_bwc_integration_list_recordings_async (RTCC_BWC_INTEGRATION (bwc), NULL, NULL, NULL, NULL, listed, &l);
  g_assert_true (rtcc_test_wait_until (rtcc_test_is_done, &l.done, 20000));
  g_assert_cmpuint (l.events->len, >, 2);
  id = rtcc_event_get_vendor_id (g_ptr_array_index (l.events, 2));
  rtcc_bwc_integration_link_incident_async (RTCC_BWC_INTEGRATION (bwc), id, "2026-777002", NULL, linked, &done);
  g_assert_true (rtcc_test_wait_until (rtcc_test_is_done, &done, 10000));

  g_list_store_append (integrations, bwc);
  window = rtcc_window_new (NULL, config, G_LIST_MODEL (integrations), NULL, G_LIST_MODEL (events));
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.bwc-recordings", NULL));
  first = find_bwc_window ();
  g_assert_nonnull (first);
  g_assert_true (rtcc_test_wait_until (not_loading, first, 20000));
  gtk_window_destroy (GTK_WINDOW (first));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.bwc-for-incident", "s", "2026-777002"));
  shown = find_bwc_window ();
  g_assert_nonnull (shown);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (shown)) == GTK_WINDOW (window));
  g_assert_true (rtcc_test_wait_until (not_loading, shown, 20000));
  g_assert_cmpuint (g_list_model_get_n_items (rtcc_bwc_window_get_recordings (shown)), ==, 1);
  row = g_list_model_get_item (rtcc_bwc_window_get_recordings (shown), 0);
  g_assert_cmpstr (rtcc_bwc_recording_get_id (row), ==, id);
  /* Opened without the application's audit log: links are refused. */
  rtcc_bwc_window_select (shown, 0);
  g_assert_false (rtcc_bwc_window_link (shown, "2026-777003"));

  g_ptr_array_unref (l.events);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_null (find_bwc_window ());
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *audit_path = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  if (!gtk_init_check ())
    {
      g_test_add_func ("/ui/bwc/display", rtcc_test_skip_without_display);
      return g_test_run ();
    }
  adw_init ();

  sim = rtcc_test_sim_start (&config);
  bwc = rtcc_bwc_integration_new (config);
  session = soup_session_new ();
  dir = g_dir_make_tmp ("rtcc-bwc-XXXXXX", &error);
  g_assert_no_error (error);
  audit_path = g_build_filename (dir, "audit.db", NULL);
  audit = rtcc_audit_log_open (audit_path, &error);
  g_assert_no_error (error);
  /* Today (UTC) has recordings however soon after midnight this runs. */
  rtcc_test_sim_admin (sim, session, "POST", "inject", "{\"kind\": \"bwc_recording\"}");
  rtcc_test_sim_admin (sim, session, "POST", "inject", "{\"kind\": \"bwc_recording\"}");

  g_test_add_func ("/ui/bwc/list/officer-and-day", test_list_by_officer);
  g_test_add_func ("/ui/bwc/link-unlink", test_link_unlink);
  g_test_add_func ("/ui/bwc/link-dialogs", test_link_dialogs);
  g_test_add_func ("/ui/bwc/playback/seek", test_playback_seek);
  g_test_add_func ("/ui/bwc/playback/url-expiry", test_url_expiry);
  g_test_add_func ("/ui/bwc/download", test_download);
  g_test_add_func ("/ui/bwc/vendor-error", test_vendor_error);
  g_test_add_func ("/ui/bwc/main-window-actions", test_main_window_actions);
  status = g_test_run ();

  g_clear_object (&audit);
  g_clear_object (&bwc);
  g_clear_object (&config);
  g_clear_object (&session);
  rtcc_test_sim_stop (&sim);
  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;

    while (d != NULL && (name = g_dir_read_name (d)) != NULL)
      {
        g_autofree char *child = g_build_filename (dir, name, NULL);
        g_remove (child);
      }
  }
  g_rmdir (dir);
  g_free (dir);
  return status;
}
