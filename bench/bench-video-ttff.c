/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bench-video-ttff: time to first frame of a live camera. Starts the
 * simulator in this process and, alternating on the same camera stream:
 *   - app: an RtccVideoView, the widget the video wall uses, from
 *     rtcc_video_view_play() until its first frame reaches the paintable
 *     on the main loop (the view's own "first-frame-ms" clock starts a
 *     few microseconds later, so the bench times it from outside);
 *   - bare: `gst-launch-1.0 rtspsrc location=URI ! decodebin ! fakesink`,
 *     built with gst_parse_launch() in this process with a handoff on
 *     fakesink for the first buffer. That is the same pipeline
 *     gst-launch-1.0 builds, without the cost of starting a process and
 *     loading the plugin registry, so the comparison is of the pipelines.
 *     (The real `gst-launch-1.0 ... ! fakesink num-buffers=1` takes 2.4 to
 *     3.4 s to exit on the simulator, and reports 1.6 s from PLAYING to
 *     EOS: start-up and the end-of-stream round trip, not the first frame.)
 *     Its fakesink syncs to the clock (sync=true) with rtspsrc's default
 *     2 s latency, which could hold the first buffer back;
 *   - fast: the same with `fakesink sync=false`: the first decoded frame
 *     as soon as the bare elements produce it, which is what the app's
 *     appsink does. PASS is judged against this one, the stricter
 *     baseline. (Measured, the two barely differ: a live pipeline renders
 *     its first buffer at once.)
 * Each round waits for the server to stop the previous session's encoder
 * so that every attempt starts the camera cold, as a click on the wall
 * does. Prints median and p95 of each, the ratios app/bare and app/fast,
 * and PASS when the median of app is at most 1.2 times that of fast.
 *
 * Usage: bench-video-ttff [--rounds N] [--camera ID]   (default 20 rounds)
 * Needs a display: bench/run-video-ttff runs it under Xvfb.
 */
#define G_LOG_DOMAIN "RtccBenchVideoTtff"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <gst/gst.h>
#include <gtk/gtk.h>

#include "milestone/rtcc-milestone-integration.h"
#include "rtcc-config.h"
#include "rtcc-demo.h"
#include "rtcc-sim-server.h"
#include "rtcc-video-view.h"

#define TRAINING_T001 "5eed0000-0000-4000-8000-000000000001"
#define TARGET_RATIO  1.2
/* A round that shows nothing in this long counts as failed. */
#define ROUND_TIMEOUT_US (15 * G_USEC_PER_SEC)
/* Long enough for the server to notice the teardown and stop the
 * encoder, so the next attempt starts it again. */
#define COOL_DOWN_MS 700

typedef struct
{
  gboolean  done;
  char     *uri;
  GError   *error;
} StreamResult;

static void
streams_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  StreamResult *r = user_data;

  r->uri = rtcc_milestone_integration_get_streams_finish (RTCC_MILESTONE_INTEGRATION (object), result, &r->error);
  r->done = TRUE;
}

static void
spin_for_ms (guint ms)
{
  gint64 until = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < until)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
}

static gboolean
spin_until (gboolean *flag,
            gint64    deadline)
{
  while (!g_atomic_int_get (flag))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (200);
    }
  return TRUE;
}

static void
on_first_frame (RtccVideoView *view,
                GParamSpec    *pspec,
                gint64        *shown_at)
{
  if (rtcc_video_view_get_first_frame_ms (view) >= 0 && *shown_at == 0)
    *shown_at = g_get_monotonic_time ();
}

/* The app's path: the widget the wall plays cameras in. */
static gint64
measure_app (RtccVideoView *view,
             const char    *uri)
{
  gint64 shown_at = 0;
  gint64 started;
  gulong id;
  gboolean ok;

  id = g_signal_connect (view, "notify::first-frame-ms", G_CALLBACK (on_first_frame), &shown_at);
  started = g_get_monotonic_time ();
  rtcc_video_view_play (view, TRAINING_T001, "CAM T001", uri);
  while (shown_at == 0 && g_get_monotonic_time () - started < ROUND_TIMEOUT_US)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (200);
  ok = shown_at != 0;
  g_signal_handler_disconnect (view, id);
  rtcc_video_view_stop (view);
  while (rtcc_video_view_get_pending_teardowns () > 0)
    spin_for_ms (5);
  return ok ? shown_at - started : -1;
}

typedef struct
{
  gint64   first_at;
  gboolean done;
} Handoff;

/* Streaming thread. */
static void
on_handoff (GstElement *sink,
            GstBuffer  *buffer,
            GstPad     *pad,
            Handoff    *handoff)
{
  if (!g_atomic_int_get (&handoff->done))
    {
      handoff->first_at = g_get_monotonic_time ();
      g_atomic_int_set (&handoff->done, TRUE);
    }
}

/* gst-launch-1.0's pipeline, in process. */
static gint64
measure_bare (const char *uri,
              gboolean    sync)
{
  g_autofree char *description = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstElement) sink = NULL;
  g_autofree char *quoted = g_strescape (uri, NULL);
  Handoff handoff = { 0 };
  gint64 started;
  gboolean ok;

  started = g_get_monotonic_time ();
  description = g_strdup_printf ("rtspsrc location=\"%s\" ! decodebin ! fakesink name=sink signal-handoffs=true%s",
                                 quoted, sync ? "" : " sync=false");
  pipeline = gst_parse_launch (description, &error);
  if (pipeline == NULL)
    {
      g_printerr ("bare pipeline: %s\n", error->message);
      return -1;
    }
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  g_signal_connect (sink, "handoff", G_CALLBACK (on_handoff), &handoff);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  ok = spin_until (&handoff.done, started + ROUND_TIMEOUT_US);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  return ok ? handoff.first_at - started : -1;
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

static double
percentile_ms (GArray *sorted,
               double  q)
{
  /* Nearest rank: the value at or above q of the samples. */
  guint k = (guint) MAX (1.0, q * sorted->len + 0.999999) - 1;

  return g_array_index (sorted, gint64, MIN (k, sorted->len - 1)) / 1000.0;
}

static void
report (const char *name,
        GArray     *values,
        double     *median,
        double     *p95)
{
  g_array_sort (values, compare_gint64);
  *median = percentile_ms (values, 0.5);
  *p95 = percentile_ms (values, 0.95);
  printf ("%-5s n=%-3u median=%8.1f ms  p95=%8.1f ms  min=%8.1f ms  max=%8.1f ms\n", name, values->len,
          *median, *p95, g_array_index (values, gint64, 0) / 1000.0,
          g_array_index (values, gint64, values->len - 1) / 1000.0);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RtccSimServer) sim = NULL;
  g_autoptr(RtccConfig) config = NULL;
  g_autoptr(RtccIntegration) milestone = NULL;
  g_autoptr(GPtrArray) env = NULL;
  g_autoptr(GArray) app_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) bare_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) fast_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *camera = g_strdup (TRAINING_T001);
  StreamResult streams = { 0 };
  GtkWidget *window;
  RtccVideoView *view;
  int rounds = 20;
  guint failed = 0;
  double app_median, app_p95, bare_median, bare_p95, fast_median, fast_p95, ratio, ratio_p95;
  GOptionEntry entries[] = {
    { "rounds", 'n', 0, G_OPTION_ARG_INT, &rounds, "Rounds of each pipeline", "N" },
    { "camera", 0, 0, G_OPTION_ARG_STRING, &camera, "Camera id", "ID" },
    { NULL }
  };
  g_autoptr(GOptionContext) options = g_option_context_new ("- time to first frame, app vs gst-launch");

  g_option_context_add_main_entries (options, entries, NULL);
  if (!g_option_context_parse (options, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  rounds = CLAMP (rounds, 1, 1000);
  if (!gtk_init_check ())
    {
      g_printerr ("bench-video-ttff needs a display; run bench/run-video-ttff\n");
      return 1;
    }
  gst_init (NULL, NULL);

  sim = rtcc_sim_server_new (1);
  rtcc_sim_server_set_rate (sim, 0);
  rtcc_sim_server_set_backfill_days (sim, 0);
  if (!rtcc_sim_server_start (sim, 0, &error))
    {
      g_printerr ("simulator: %s\n", error->message);
      return 1;
    }
  env = rtcc_sim_server_get_env (sim);
  config = rtcc_config_new (NULL, FALSE);
  if (!rtcc_demo_apply_env (config, env, &error))
    {
      g_printerr ("settings: %s\n", error->message);
      return 1;
    }
  milestone = rtcc_milestone_integration_new (config);
  rtcc_milestone_integration_get_streams_async (RTCC_MILESTONE_INTEGRATION (milestone), camera, NULL,
                                                streams_done, &streams);
  if (!spin_until (&streams.done, g_get_monotonic_time () + 10 * G_USEC_PER_SEC) || streams.uri == NULL)
    {
      g_printerr ("no stream for the camera: %s\n", streams.error != NULL ? streams.error->message : "timed out");
      return 1;
    }

  window = gtk_window_new ();
  view = RTCC_VIDEO_VIEW (rtcc_video_view_new ());
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (view));
  gtk_window_set_default_size (GTK_WINDOW (window), 640, 360);
  gtk_window_present (GTK_WINDOW (window));
  rtcc_video_view_set_stall_timeout (view, 5000);

  /* One unmeasured round of each: plugin loading, first connections. */
  measure_app (view, streams.uri);
  spin_for_ms (COOL_DOWN_MS);
  measure_bare (streams.uri, FALSE);
  spin_for_ms (COOL_DOWN_MS);

  for (int i = 0; i < rounds; i++)
    {
      /* Rotate the order, so none always follows the same one. */
      for (int k = 0; k < 3; k++)
        {
          int which = (i + k) % 3;
          GArray *into = which == 0 ? app_us : which == 1 ? fast_us : bare_us;
          gint64 us = which == 0 ? measure_app (view, streams.uri) : measure_bare (streams.uri, which == 2);

          if (us < 0)
            failed++;
          else
            g_array_append_val (into, us);
          spin_for_ms (COOL_DOWN_MS);
        }
    }

  printf ("bench-video-ttff: %d rounds on one simulator camera (640x360 H.264 15 fps, GOP 30), %u failed\n",
          rounds, failed);
  printf ("bare = rtspsrc ! decodebin ! fakesink (gst-launch-1.0's pipeline, in process, first buffer)\n");
  printf ("fast = the same with fakesink sync=false (never waits for the clock, as the app's appsink)\n");
  printf ("app  = RtccVideoView, from play() to the first frame on the main loop\n");
  if (app_us->len == 0 || bare_us->len == 0 || fast_us->len == 0)
    {
      printf ("FAIL: no samples\n");
      return 1;
    }
  report ("bare", bare_us, &bare_median, &bare_p95);
  report ("fast", fast_us, &fast_median, &fast_p95);
  report ("app", app_us, &app_median, &app_p95);
  printf ("ratio app/bare: median %.2f, p95 %.2f\n", app_median / bare_median, app_p95 / bare_p95);
  ratio = app_median / fast_median;
  ratio_p95 = app_p95 / fast_p95;
  printf ("ratio app/fast: median %.2f, p95 %.2f (target <= %.1f on the median)\n", ratio, ratio_p95, TARGET_RATIO);
  printf ("%s\n", ratio <= TARGET_RATIO && failed == 0 ? "PASS" : "FAIL");

  gtk_window_destroy (GTK_WINDOW (window));
  while (rtcc_video_view_get_pending_teardowns () > 0)
    spin_for_ms (5);
  rtcc_sim_server_stop (sim);
  g_free (streams.uri);
  return ratio <= TARGET_RATIO && failed == 0 ? 0 : 1;
}
