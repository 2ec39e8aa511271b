/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <gst/gst.h>

#include "rtcc-sim-media.h"
#include "rtcc-sim-rtsp.h"

/* A render that never ends is a bug; how fast it renders is measured
 * elsewhere, so the bound is loose enough for a loaded machine and the
 * sanitizers. */
#define RENDER_BUDGET_S 60

typedef struct
{
  GMainLoop *loop;
  GArray    *fractions;
  gboolean   done;
  gboolean   ok;
  GError    *error;
} Render;

static void
render_init (Render *r)
{
  memset (r, 0, sizeof *r);
  r->loop = g_main_loop_new (NULL, FALSE);
  r->fractions = g_array_new (FALSE, FALSE, sizeof (double));
}

static void
render_clear (Render *r)
{
  g_main_loop_unref (r->loop);
  g_array_unref (r->fractions);
  g_clear_error (&r->error);
}

static void
on_progress (double   fraction,
             gpointer user_data)
{
  Render *r = user_data;

  g_assert_false (r->done);
  g_array_append_val (r->fractions, fraction);
}

static void
on_rendered (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Render *r = user_data;

  g_assert_null (source);
  r->ok = rtcc_sim_media_render_clip_finish (result, &r->error);
  r->done = TRUE;
  g_main_loop_quit (r->loop);
}

static gboolean
on_timeout (gpointer user_data)
{
  g_error ("The clip render did not finish in time");
  return G_SOURCE_REMOVE;
}

static void
run_render (Render       *r,
            const char   *label,
            GDateTime    *start,
            guint         duration_s,
            const char   *path,
            GCancellable *cancellable)
{
  guint timeout = g_timeout_add_seconds (20, on_timeout, NULL);

  rtcc_sim_media_render_clip_async (label, start, duration_s, path, on_progress, r,
                                    cancellable, on_rendered, r);
  /* Nothing comes back before the main loop runs. */
  g_assert_false (r->done);
  g_main_loop_run (r->loop);
  g_source_remove (timeout);
}

static void
on_handoff (GstElement *sink,
            GstBuffer  *buffer,
            GstPad     *pad,
            gpointer    user_data)
{
  g_atomic_int_inc ((gint *) user_data);
}

static guint
count_decoded_frames (const char *path)
{
  const char *description = "filesrc name=src ! qtdemux ! h264parse ! avdec_h264 ! "
                            "video/x-raw,width=320,height=180 ! fakesink name=sink";
  g_autoptr(GError) error = NULL;
  g_autoptr(GstElement) pipeline = gst_parse_launch (description, &error);
  g_autoptr(GstElement) src = NULL;
  g_autoptr(GstElement) sink = NULL;
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GstMessage) message = NULL;
  gint frames = 0;

  g_assert_no_error (error);
  src = gst_bin_get_by_name (GST_BIN (pipeline), "src");
  g_object_set (src, "location", path, NULL);
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  g_object_set (sink, "signal-handoffs", TRUE, "sync", FALSE, NULL);
  g_signal_connect (sink, "handoff", G_CALLBACK (on_handoff), &frames);

  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  bus = gst_element_get_bus (pipeline);
  message = gst_bus_timed_pop_filtered (bus, 20 * GST_SECOND, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  g_assert_nonnull (message);
  if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR)
    {
      g_autoptr(GError) gst_error = NULL;
      gst_message_parse_error (message, &gst_error, NULL);
      g_error ("The clip does not play: %s", gst_error->message);
    }
  gst_element_set_state (pipeline, GST_STATE_NULL);
  return (guint) g_atomic_int_get (&frames);
}

/* Faststart puts the index (moov) before the media data (mdat). */
static void
assert_faststart (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_autoptr(GError) error = NULL;
  gsize offset = 0;
  gssize moov = -1, mdat = -1;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  while (offset + 8 <= length)
    {
      const guint8 *box = (const guint8 *) contents + offset;
      guint32 size = ((guint32) box[0] << 24) | (box[1] << 16) | (box[2] << 8) | box[3];

      if (memcmp (box + 4, "moov", 4) == 0)
        moov = offset;
      else if (memcmp (box + 4, "mdat", 4) == 0)
        mdat = offset;
      g_assert_cmpuint (size, >=, 8);
      offset += size;
    }
  g_assert_cmpint (moov, >=, 0);
  g_assert_cmpint (mdat, >, moov);
}

static void
test_clip_render (void)
{
  g_autofree char *dir = g_dir_make_tmp ("rtcc-sim-clip-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "clip.mp4", NULL);
  g_autofree char *part = g_strconcat (path, ".part", NULL);
  g_autoptr(GDateTime) start = g_date_time_new_utc (2026, 11, 23, 4, 12, 9.5);
  Render r;

  render_init (&r);
  run_render (&r, "Madison & Ashland <NB>", start, 3, path, NULL);
  g_assert_no_error (r.error);
  g_assert_true (r.ok);

  g_assert_cmpuint (r.fractions->len, >=, 1);
  for (guint i = 1; i < r.fractions->len; i++)
    g_assert_cmpfloat (g_array_index (r.fractions, double, i), >,
                       g_array_index (r.fractions, double, i - 1));
  g_assert_cmpfloat (g_array_index (r.fractions, double, r.fractions->len - 1), ==, 1.0);

  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_false (g_file_test (part, G_FILE_TEST_EXISTS));
  assert_faststart (path);
  /* 3 s at 15 frames a second. */
  g_assert_cmpuint (count_decoded_frames (path), ==, 45);

  g_unlink (path);
  g_rmdir (dir);
  render_clear (&r);
}

static void
test_clip_fast (void)
{
  g_autofree char *dir = g_dir_make_tmp ("rtcc-sim-clip-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "clip.mp4", NULL);
  g_autoptr(GDateTime) start = g_date_time_new_now_utc ();
  gint64 began = g_get_monotonic_time ();
  Render r;

  render_init (&r);
  run_render (&r, "Speed", start, 10, path, NULL);
  g_assert_no_error (r.error);
  g_assert_cmpint (g_get_monotonic_time () - began, <, RENDER_BUDGET_S * G_USEC_PER_SEC);
  g_assert_cmpuint (count_decoded_frames (path), ==, 150);

  g_unlink (path);
  g_rmdir (dir);
  render_clear (&r);
}

static void
on_progress_cancel (double   fraction,
                    gpointer user_data)
{
  GCancellable *cancellable = user_data;

  g_cancellable_cancel (cancellable);
}

static void
test_clip_cancel (void)
{
  g_autofree char *dir = g_dir_make_tmp ("rtcc-sim-clip-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "clip.mp4", NULL);
  g_autoptr(GDateTime) start = g_date_time_new_now_utc ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GDir) listing = NULL;
  guint timeout = g_timeout_add_seconds (20, on_timeout, NULL);
  Render r;

  render_init (&r);
  /* Long enough that it is still running when the first progress comes. */
  rtcc_sim_media_render_clip_async ("Cancel me", start, 3600, path, on_progress_cancel,
                                    cancellable, cancellable, on_rendered, &r);
  g_main_loop_run (r.loop);
  g_source_remove (timeout);

  g_assert_false (r.ok);
  g_assert_error (r.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* Neither the clip nor any partial file is left behind. */
  listing = g_dir_open (dir, 0, NULL);
  g_assert_null (g_dir_read_name (listing));

  g_rmdir (dir);
  render_clear (&r);
}

static void
test_clip_errors (void)
{
  g_autoptr(GDateTime) start = g_date_time_new_now_utc ();
  g_autofree char *dir = g_dir_make_tmp ("rtcc-sim-clip-XXXXXX", NULL);
  g_autofree char *missing = g_build_filename (dir, "no-such-folder", "clip.mp4", NULL);
  g_autofree char *path = g_build_filename (dir, "clip.mp4", NULL);
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();
  Render r;

  render_init (&r);
  run_render (&r, "Cam", start, 2, missing, NULL);
  g_assert_error (r.error, RTCC_SIM_MEDIA_ERROR, RTCC_SIM_MEDIA_ERROR_IO);
  g_assert_nonnull (strstr (r.error->message, "clip"));
  render_clear (&r);

  render_init (&r);
  run_render (&r, "Cam", start, 0, path, NULL);
  g_assert_error (r.error, RTCC_SIM_MEDIA_ERROR, RTCC_SIM_MEDIA_ERROR_INVALID_ARGUMENT);
  render_clear (&r);

  render_init (&r);
  run_render (&r, "Cam", start, RTCC_SIM_MEDIA_MAX_CLIP_S + 1, path, NULL);
  g_assert_error (r.error, RTCC_SIM_MEDIA_ERROR, RTCC_SIM_MEDIA_ERROR_INVALID_ARGUMENT);
  render_clear (&r);

  render_init (&r);
  run_render (&r, "bad \xff label", start, 2, path, NULL);
  g_assert_error (r.error, RTCC_SIM_MEDIA_ERROR, RTCC_SIM_MEDIA_ERROR_INVALID_ARGUMENT);
  render_clear (&r);

  render_init (&r);
  run_render (&r, "Cam", NULL, 2, path, NULL);
  g_assert_error (r.error, RTCC_SIM_MEDIA_ERROR, RTCC_SIM_MEDIA_ERROR_INVALID_ARGUMENT);
  render_clear (&r);

  render_init (&r);
  g_cancellable_cancel (cancelled);
  run_render (&r, "Cam", start, 2, path, cancelled);
  g_assert_error (r.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  render_clear (&r);

  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_rmdir (dir);
}

/* Without the H.264 encoder, both the clip and the live server say which
 * package to install. */
static void
test_missing_element (void)
{
  if (g_test_subprocess ())
    {
      GstRegistry *registry = gst_registry_get ();
      GstPluginFeature *feature = gst_registry_lookup_feature (registry, "x264enc");
      g_autofree char *dir = g_dir_make_tmp ("rtcc-sim-clip-XXXXXX", NULL);
      g_autofree char *path = g_build_filename (dir, "clip.mp4", NULL);
      g_autoptr(GDateTime) start = g_date_time_new_now_utc ();
      g_autoptr(RtccSimRtsp) rtsp = rtcc_sim_rtsp_new (NULL);
      g_autoptr(GError) error = NULL;
      Render r;

      g_assert_nonnull (feature);
      gst_registry_remove_feature (registry, feature);
      gst_object_unref (feature);

      render_init (&r);
      run_render (&r, "Cam", start, 2, path, NULL);
      g_assert_error (r.error, RTCC_SIM_MEDIA_ERROR, RTCC_SIM_MEDIA_ERROR_MISSING_ELEMENT);
      g_assert_nonnull (strstr (r.error->message, "x264enc"));
      g_assert_nonnull (strstr (r.error->message, "gstreamer1.0-plugins-ugly"));
      g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
      render_clear (&r);

      g_assert_false (rtcc_sim_rtsp_start (rtsp, 0, &error));
      g_assert_error (error, RTCC_SIM_MEDIA_ERROR, RTCC_SIM_MEDIA_ERROR_MISSING_ELEMENT);
      g_assert_nonnull (strstr (error->message, "gstreamer1.0-plugins-ugly"));
      g_assert_cmpuint (rtcc_sim_rtsp_get_port (rtsp), ==, 0);

      g_rmdir (dir);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  gst_init (&argc, &argv);

  g_test_add_func ("/sim-media/clip/render", test_clip_render);
  g_test_add_func ("/sim-media/clip/fast", test_clip_fast);
  g_test_add_func ("/sim-media/clip/cancel", test_clip_cancel);
  g_test_add_func ("/sim-media/clip/errors", test_clip_errors);
  g_test_add_func ("/sim-media/missing-element", test_missing_element);

  return g_test_run ();
}
