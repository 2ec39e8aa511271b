/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bench-video-soak: nine live views at once, for minutes. Starts rtcc-sim
 * as a separate process (so that its nine encoders do not count as the
 * workstation's CPU), opens nine RtccVideoView widgets in a 3x3 grid under
 * the GTK main loop, plays nine different cameras, and samples every view
 * five times a second:
 *   - live delay: how old the newest frame was when it reached the view
 *     (rtcc_video_view_get_live_delay_us(): from its arrival in rtspsrc
 *     to the end of decoding); a workstation that falls behind sees it grow;
 *   - frames shown, frames dropped (decoded, then replaced before the main
 *     loop showed them) and reconnections. A view shows at most one frame
 *     per paint of the window, so "shown" is bounded by the paint rate,
 *     printed too; with the software renderer on a loaded machine that
 *     rate, not the pipelines, is the limit (--hidden leaves painting out).
 * Reports, per stream, the mean delay over the first and the last window
 * (a minute, or a third of a shorter run), the slope of delay over time,
 * frames per second and drops; then the process's CPU time per stream,
 * less an idle baseline measured with the same nine empty views in the
 * same run. PASS when no stream's delay grows by more than 100 ms from
 * the first window to the last and every stream kept playing.
 *
 * Usage: bench-video-soak [--seconds N] [--sim PATH]   (default 300 s)
 * Needs a display: bench/run-video-soak runs it under Xvfb.
 */
#define G_LOG_DOMAIN "RtccBenchVideoSoak"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include <gtk/gtk.h>

#include "milestone/rtcc-milestone-integration.h"
#include "rtcc-config.h"
#include "rtcc-demo.h"
#include "rtcc-video-view.h"

#define N_STREAMS       9
#define SAMPLE_MS       200
#define MAX_GROWTH_MS   100.0
#define WINDOW_MAX_S    60.0

typedef struct
{
  double t_s;
  double delay_ms;
} Sample;

typedef struct
{
  RtccVideoView *view;
  char          *camera_id;
  char          *uri;
  GArray        *samples;   /* of Sample */
  guint64        frames0;
  guint64        dropped0;
  guint          reconnects0;
} Stream;

typedef struct
{
  gboolean   done;
  GPtrArray *cameras;
  char      *uri;
  GError    *error;
} Answer;

static void
list_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Answer *a = user_data;

  a->cameras = rtcc_milestone_integration_list_cameras_finish (RTCC_MILESTONE_INTEGRATION (object), result, &a->error);
  a->done = TRUE;
}

static void
streams_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Answer *a = user_data;

  a->uri = rtcc_milestone_integration_get_streams_finish (RTCC_MILESTONE_INTEGRATION (object), result, &a->error);
  a->done = TRUE;
}

static gboolean
spin_until (gboolean *flag,
            guint     timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (!*flag)
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
  return TRUE;
}

static gboolean
set_flag (gpointer flag)
{
  *(gboolean *) flag = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop as the application does: blocking, by priority. */
static void
spin_for_ms (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, set_flag, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static double
cpu_seconds_self (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

/* utime + stime of another process, from /proc/PID/stat. */
static double
cpu_seconds_of (const char *pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/stat", pid);
  g_autofree char *text = NULL;
  g_auto(GStrv) fields = NULL;
  const char *after;

  if (pid == NULL || !g_file_get_contents (path, &text, NULL, NULL))
    return -1;
  /* The command name may hold spaces; fields count from after it. */
  after = strrchr (text, ')');
  if (after == NULL)
    return -1;
  fields = g_strsplit (after + 2, " ", 0);
  if (g_strv_length (fields) < 13)
    return -1;
  return (g_ascii_strtod (fields[11], NULL) + g_ascii_strtod (fields[12], NULL)) / sysconf (_SC_CLK_TCK);
}

static void
on_after_paint (GdkFrameClock *clock,
                guint64       *paints)
{
  (*paints)++;
}

static gboolean
sample_cb (gpointer user_data)
{
  GPtrArray *streams = user_data;
  double t = g_get_monotonic_time () / 1e6;

  for (guint i = 0; i < streams->len; i++)
    {
      Stream *s = g_ptr_array_index (streams, i);
      gint64 delay = rtcc_video_view_get_live_delay_us (s->view);
      Sample sample = { t, delay / 1000.0 };

      if (delay >= 0 && rtcc_video_view_get_state (s->view) == RTCC_VIDEO_STATE_PLAYING)
        g_array_append_val (s->samples, sample);
    }
  return G_SOURCE_CONTINUE;
}

static double
window_mean (GArray *samples,
             double  from,
             double  to)
{
  double sum = 0;
  guint n = 0;

  for (guint i = 0; i < samples->len; i++)
    {
      Sample *s = &g_array_index (samples, Sample, i);

      if (s->t_s >= from && s->t_s < to)
        {
          sum += s->delay_ms;
          n++;
        }
    }
  return n > 0 ? sum / n : -1;
}

/* Least squares, in ms per minute. */
static double
slope_ms_per_min (GArray *samples)
{
  double st = 0, sd = 0, stt = 0, std = 0;
  guint n = samples->len;

  if (n < 2)
    return 0;
  for (guint i = 0; i < n; i++)
    {
      Sample *s = &g_array_index (samples, Sample, i);

      st += s->t_s;
      sd += s->delay_ms;
      stt += s->t_s * s->t_s;
      std += s->t_s * s->delay_ms;
    }
  if (n * stt - st * st <= 0)
    return 0;
  return (n * std - st * sd) / (n * stt - st * st) * 60.0;
}

static void
stream_free (gpointer data)
{
  Stream *s = data;

  g_free (s->camera_id);
  g_free (s->uri);
  g_array_unref (s->samples);
  g_free (s);
}

static gboolean
all_playing (GPtrArray *streams)
{
  for (guint i = 0; i < streams->len; i++)
    {
      Stream *s = g_ptr_array_index (streams, i);

      if (rtcc_video_view_get_state (s->view) != RTCC_VIDEO_STATE_PLAYING)
        return FALSE;
    }
  return TRUE;
}

static char *
default_sim_path (const char *argv0)
{
  g_autofree char *dir = g_path_get_dirname (argv0);

  return g_build_filename (dir, "..", "src", "sim", "rtcc-sim", NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) sim = NULL;
  g_autoptr(GDataInputStream) sim_out = NULL;
  g_autoptr(GPtrArray) env = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) streams = g_ptr_array_new_with_free_func (stream_free);
  g_autoptr(RtccConfig) config = NULL;
  g_autoptr(RtccIntegration) milestone = NULL;
  g_autofree char *sim_path = NULL;
  Answer listing = { 0 };
  GtkWidget *window, *grid;
  int seconds = 300;
  double idle_s, idle_cpu, idle_rate, run_cpu, run_wall, sim_cpu0, sim_cpu1, t0, t1, window_s;
  double worst_growth = 0;
  guint stalled = 0;
  gint64 start;
  guint sample_id;
  gboolean pass = TRUE;
  gboolean hidden = FALSE;
  guint64 paints = 0;
  guint64 paints0 = 0;
  GdkFrameClock *frame_clock = NULL;
  const char *sim_pid;
  GOptionEntry entries[] = {
    { "seconds", 's', 0, G_OPTION_ARG_INT, &seconds, "How long to play the nine streams", "N" },
    { "sim", 0, 0, G_OPTION_ARG_FILENAME, &sim_path, "The rtcc-sim program", "PATH" },
    { "hidden", 0, 0, G_OPTION_ARG_NONE, &hidden, "Do not show the window: pipelines and delivery without painting", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) options = g_option_context_new ("- nine live views for a while");

  g_option_context_add_main_entries (options, entries, NULL);
  if (!g_option_context_parse (options, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  seconds = CLAMP (seconds, 5, 24 * 3600);
  if (sim_path == NULL)
    sim_path = default_sim_path (argv[0]);
  if (!gtk_init_check ())
    {
      g_printerr ("bench-video-soak needs a display; run bench/run-video-soak\n");
      return 1;
    }

  sim = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, sim_path, "--port", "0", "--rate", "0",
                          "--backfill", "0", "--print-env", NULL);
  if (sim == NULL)
    {
      g_printerr ("cannot start %s: %s\n", sim_path, error->message);
      return 1;
    }
  sim_pid = g_subprocess_get_identifier (sim);
  sim_out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (sim));
  for (;;)
    {
      g_autofree char *line = g_data_input_stream_read_line_utf8 (sim_out, NULL, NULL, &error);

      if (line == NULL)
        {
          g_printerr ("rtcc-sim ended before listing its settings\n");
          return 1;
        }
      g_ptr_array_add (env, g_strdup (line));
      if (g_str_has_prefix (line, "RTCC_SIM_ADMIN_URL="))
        break;
    }

  config = rtcc_config_new (NULL, FALSE);
  if (!rtcc_demo_apply_env (config, env, &error))
    {
      g_printerr ("settings: %s\n", error->message);
      return 1;
    }
  milestone = rtcc_milestone_integration_new (config);
  rtcc_milestone_integration_list_cameras_async (RTCC_MILESTONE_INTEGRATION (milestone), NULL, list_done, &listing);
  if (!spin_until (&listing.done, 15000) || listing.cameras == NULL)
    {
      g_printerr ("cannot list the cameras: %s\n", listing.error ? listing.error->message : "timed out");
      return 1;
    }
  for (guint i = 0; i < listing.cameras->len && streams->len < N_STREAMS; i++)
    {
      RtccCamera *camera = g_ptr_array_index (listing.cameras, i);
      Answer answer = { 0 };
      Stream *s;

      if (!rtcc_camera_get_enabled (camera))
        continue;
      rtcc_milestone_integration_get_streams_async (RTCC_MILESTONE_INTEGRATION (milestone),
                                                    rtcc_camera_get_id (camera), NULL, streams_done, &answer);
      if (!spin_until (&answer.done, 10000) || answer.uri == NULL)
        {
          g_clear_error (&answer.error);
          continue;
        }
      s = g_new0 (Stream, 1);
      s->camera_id = g_strdup (rtcc_camera_get_id (camera));
      s->uri = answer.uri;
      s->samples = g_array_new (FALSE, FALSE, sizeof (Sample));
      g_ptr_array_add (streams, s);
    }
  g_ptr_array_unref (listing.cameras);
  if (streams->len < N_STREAMS)
    {
      g_printerr ("only %u cameras with a stream\n", streams->len);
      return 1;
    }

  window = gtk_window_new ();
  grid = gtk_grid_new ();
  gtk_grid_set_row_homogeneous (GTK_GRID (grid), TRUE);
  gtk_grid_set_column_homogeneous (GTK_GRID (grid), TRUE);
  for (guint i = 0; i < N_STREAMS; i++)
    {
      Stream *s = g_ptr_array_index (streams, i);

      s->view = RTCC_VIDEO_VIEW (rtcc_video_view_new ());
      gtk_grid_attach (GTK_GRID (grid), GTK_WIDGET (s->view), i % 3, i / 3, 1, 1);
    }
  gtk_window_set_child (GTK_WINDOW (window), grid);
  gtk_window_set_default_size (GTK_WINDOW (window), 960, 540);
  if (!hidden)
    gtk_window_present (GTK_WINDOW (window));

  /* Idle baseline: the same window and views, nothing playing. */
  spin_for_ms (1000);
  idle_s = CLAMP (seconds / 10, 5, 30);
  t0 = g_get_monotonic_time () / 1e6;
  idle_cpu = cpu_seconds_self ();
  spin_for_ms (idle_s * 1000);
  idle_cpu = cpu_seconds_self () - idle_cpu;
  idle_rate = idle_cpu / (g_get_monotonic_time () / 1e6 - t0);

  for (guint i = 0; i < N_STREAMS; i++)
    {
      Stream *s = g_ptr_array_index (streams, i);
      g_autofree char *name = g_strdup_printf ("Stream %u", i + 1);

      rtcc_video_view_play (s->view, s->camera_id, name, s->uri);
    }
  start = g_get_monotonic_time ();
  while (!all_playing (streams) && g_get_monotonic_time () - start < 60 * G_USEC_PER_SEC)
    spin_for_ms (50);
  if (!all_playing (streams))
    {
      g_printerr ("not every stream started within a minute\n");
      pass = FALSE;
    }
  /* Let the first seconds' connection work settle. */
  spin_for_ms (2000);
  if (!hidden && (frame_clock = gtk_widget_get_frame_clock (window)) != NULL)
    g_signal_connect (frame_clock, "after-paint", G_CALLBACK (on_after_paint), &paints);

  for (guint i = 0; i < N_STREAMS; i++)
    {
      Stream *s = g_ptr_array_index (streams, i);

      s->frames0 = rtcc_video_view_get_frame_count (s->view);
      s->dropped0 = rtcc_video_view_get_dropped_frames (s->view);
      s->reconnects0 = rtcc_video_view_get_reconnects (s->view);
    }
  paints0 = paints;
  sim_cpu0 = cpu_seconds_of (sim_pid);
  run_cpu = cpu_seconds_self ();
  t0 = g_get_monotonic_time () / 1e6;
  sample_id = g_timeout_add (SAMPLE_MS, sample_cb, streams);
  spin_for_ms (seconds * 1000);
  g_source_remove (sample_id);
  paints -= paints0;
  if (frame_clock != NULL)
    g_signal_handlers_disconnect_by_data (frame_clock, &paints);
  t1 = g_get_monotonic_time () / 1e6;
  run_cpu = cpu_seconds_self () - run_cpu;
  sim_cpu1 = cpu_seconds_of (sim_pid);
  run_wall = t1 - t0;
  window_s = MIN (WINDOW_MAX_S, run_wall / 3);

  printf ("bench-video-soak: %u live views (640x360 H.264 15 fps each) for %.0f s; windows of %.0f s\n",
          N_STREAMS, run_wall, window_s);
  printf ("delay = newest frame's age at the view (rtspsrc arrival to decoded), sampled every %u ms\n", SAMPLE_MS);
  printf ("shown, decoded = frames per second; dropped = decoded, then replaced by a newer one before the main loop showed it\n");
  if (hidden)
    printf ("window not shown (--hidden): frames go to the views' paintables, nothing is painted\n");
  else
    printf ("window painted %.1f times a second\n", paints / (g_get_monotonic_time () / 1e6 - t0));
  printf ("stream  first ms  last ms  growth ms  slope ms/min  shown  decoded  dropped  reconnects\n");
  for (guint i = 0; i < N_STREAMS; i++)
    {
      Stream *s = g_ptr_array_index (streams, i);
      double first = window_mean (s->samples, t0, t0 + window_s);
      double last = window_mean (s->samples, t1 - window_s, t1 + 1);
      double growth = last - first;
      double fps = (rtcc_video_view_get_frame_count (s->view) - s->frames0) / run_wall;
      guint64 dropped = rtcc_video_view_get_dropped_frames (s->view) - s->dropped0;
      guint reconnects = rtcc_video_view_get_reconnects (s->view) - s->reconnects0;

      /* A stream that stopped decoding is a failure whatever its delay;
       * one shown slowly is the display's limit, reported as such. */
      if (first < 0 || last < 0 || fps + dropped / run_wall < 1.0)
        {
          pass = FALSE;
          stalled++;
          printf ("%6u  stalled: %.1f frames/s shown, %" G_GUINT64_FORMAT " dropped, %u reconnects\n",
                  i + 1, fps, dropped, reconnects);
          continue;
        }
      worst_growth = MAX (worst_growth, growth);
      printf ("%6u  %8.1f  %7.1f  %9.1f  %12.2f  %5.1f  %7.1f  %7" G_GUINT64_FORMAT "  %10u\n", i + 1, first, last,
              growth, slope_ms_per_min (s->samples), fps, fps + dropped / run_wall, dropped, reconnects);
    }
  printf ("cpu: idle baseline %.1f%% of a core (%.0f s, nine empty views); playing %.1f%%; "
          "per stream %.1f%% of a core\n",
          idle_rate * 100, idle_s, run_cpu / run_wall * 100,
          MAX (0.0, run_cpu / run_wall - idle_rate) / N_STREAMS * 100);
  if (sim_cpu0 >= 0 && sim_cpu1 >= 0)
    printf ("cpu of rtcc-sim (nine encoders, separate process): %.1f%% of a core\n",
            (sim_cpu1 - sim_cpu0) / run_wall * 100);
  if (worst_growth > MAX_GROWTH_MS)
    pass = FALSE;
  printf ("worst growth %.1f ms (target <= %.0f ms); %u of %u streams stalled\n%s\n", worst_growth,
          MAX_GROWTH_MS, stalled, N_STREAMS, pass ? "PASS" : "FAIL");

  gtk_window_destroy (GTK_WINDOW (window));
  while (rtcc_video_view_get_pending_teardowns () > 0)
    spin_for_ms (5);
  g_subprocess_send_signal (sim, SIGTERM);
  g_subprocess_wait (sim, NULL, NULL);
  return pass ? 0 : 1;
}
