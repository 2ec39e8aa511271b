/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <gst/app/gstappsink.h>
#include <gst/gst.h>

#include "rtcc-sim-media.h"
#include "rtcc-sim-rtsp.h"

/* A viewer as the workstation's video grid would be: depayload, parse,
 * decode, hand frames to the application. */
typedef struct
{
  GstElement *pipeline;
  GstElement *sink;
  guint       frames;
  gboolean    eos;
  gboolean    error;
  int         width;
  int         height;
} Viewer;

static Viewer *
viewer_new (const char *uri,
            const char *protocols)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GstElement) src = NULL;
  Viewer *viewer = g_new0 (Viewer, 1);

  viewer->pipeline = gst_parse_launch ("rtspsrc name=src latency=100 ! rtph264depay ! h264parse "
                                       "! avdec_h264 ! appsink name=sink sync=false "
                                       "max-buffers=4 drop=true", &error);
  g_assert_no_error (error);
  src = gst_bin_get_by_name (GST_BIN (viewer->pipeline), "src");
  g_object_set (src, "location", uri, "tcp-timeout", (guint64) 5 * G_USEC_PER_SEC, NULL);
  if (protocols != NULL)
    gst_util_set_object_arg (G_OBJECT (src), "protocols", protocols);
  viewer->sink = gst_bin_get_by_name (GST_BIN (viewer->pipeline), "sink");
  gst_element_set_state (viewer->pipeline, GST_STATE_PLAYING);
  return viewer;
}

static void
viewer_free (Viewer *viewer)
{
  gst_element_set_state (viewer->pipeline, GST_STATE_NULL);
  gst_object_unref (viewer->sink);
  gst_object_unref (viewer->pipeline);
  g_free (viewer);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Viewer, viewer_free)

/* Pulls what has arrived without blocking: the server answers on this
 * thread's main context, which must keep turning. */
static void
viewer_poll (Viewer *viewer)
{
  g_autoptr(GstBus) bus = gst_element_get_bus (viewer->pipeline);
  GstSample *sample;
  GstMessage *message;

  while ((sample = gst_app_sink_try_pull_sample (GST_APP_SINK (viewer->sink), 0)) != NULL)
    {
      GstStructure *s = gst_caps_get_structure (gst_sample_get_caps (sample), 0);

      gst_structure_get_int (s, "width", &viewer->width);
      gst_structure_get_int (s, "height", &viewer->height);
      viewer->frames++;
      gst_sample_unref (sample);
    }
  if (gst_app_sink_is_eos (GST_APP_SINK (viewer->sink)))
    viewer->eos = TRUE;
  while ((message = gst_bus_pop_filtered (bus, GST_MESSAGE_EOS | GST_MESSAGE_ERROR)) != NULL)
    {
      if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_EOS)
        viewer->eos = TRUE;
      else
        viewer->error = TRUE;
      gst_message_unref (message);
    }
}

typedef gboolean (*Condition) (Viewer *viewer);

/* Turns the main context until every viewer meets the condition; FALSE on
 * timeout. */
static gboolean
wait_for (Viewer    **viewers,
          guint       n_viewers,
          Condition   condition,
          guint       timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (g_get_monotonic_time () < deadline)
    {
      gboolean all = TRUE;

      while (g_main_context_iteration (NULL, FALSE))
        ;
      for (guint i = 0; i < n_viewers; i++)
        {
          viewer_poll (viewers[i]);
          if (!condition (viewers[i]))
            all = FALSE;
        }
      if (all)
        return TRUE;
      g_usleep (10 * 1000);
    }
  return FALSE;
}

static gboolean
has_ten_frames (Viewer *viewer)
{
  return viewer->frames >= 10;
}

static gboolean
has_ended (Viewer *viewer)
{
  return viewer->eos || viewer->error;
}

static void
test_rtsp_uri (void)
{
  g_autoptr(RtccSimRtsp) rtsp = rtcc_sim_rtsp_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *unknown = NULL;

  rtcc_sim_rtsp_add_camera (rtsp, "cam-1", "Camera 1");
  before = rtcc_sim_rtsp_get_uri (rtsp, "cam-1");
  g_assert_null (before);
  g_assert_cmpuint (rtcc_sim_rtsp_get_port (rtsp), ==, 0);

  g_assert_true (rtcc_sim_rtsp_start (rtsp, 0, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (rtcc_sim_rtsp_get_port (rtsp), >, 0);
  uri = rtcc_sim_rtsp_get_uri (rtsp, "cam-1");
  expected = g_strdup_printf ("rtsp://127.0.0.1:%u/live/cam-1", rtcc_sim_rtsp_get_port (rtsp));
  g_assert_cmpstr (uri, ==, expected);
  unknown = rtcc_sim_rtsp_get_uri (rtsp, "cam-2");
  g_assert_null (unknown);

  rtcc_sim_rtsp_stop (rtsp);
  g_assert_cmpuint (rtcc_sim_rtsp_get_port (rtsp), ==, 0);
}

static guint
count_threads (void)
{
  g_autofree char *status = NULL;
  const char *line;

  g_assert_true (g_file_get_contents ("/proc/self/status", &status, NULL, NULL));
  line = strstr (status, "\nThreads:");
  g_assert_nonnull (line);
  return (guint) g_ascii_strtoull (line + strlen ("\nThreads:"), NULL, 10);
}

static gboolean
wait_for_threads (guint at_most,
                  guint timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (g_get_monotonic_time () < deadline)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      if (count_threads () <= at_most)
        return TRUE;
      g_usleep (20 * 1000);
    }
  return FALSE;
}

static void
test_rtsp_stream (void)
{
  g_autoptr(RtccSimRtsp) rtsp = rtcc_sim_rtsp_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  g_autoptr(Viewer) plain = NULL;
  g_autoptr(Viewer) tcp = NULL;
  g_autoptr(Viewer) udp_only = NULL;
  guint threads;
  Viewer *both[2];

  g_assert_true (rtcc_sim_rtsp_start (rtsp, 0, &error));
  g_assert_no_error (error);

  /* Hundreds of cameras registered start nothing until someone watches. */
  threads = count_threads ();
  for (guint i = 0; i < 300; i++)
    {
      g_autofree char *id = g_strdup_printf ("cam-%03u", i);
      g_autofree char *label = g_strdup_printf ("Camera <%u> & co", i);
      rtcc_sim_rtsp_add_camera (rtsp, id, label);
    }
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (count_threads (), ==, threads);

  uri = rtcc_sim_rtsp_get_uri (rtsp, "cam-042");
  plain = viewer_new (uri, NULL);
  tcp = viewer_new (uri, "tcp");
  both[0] = plain;
  both[1] = tcp;
  g_assert_true (wait_for (both, 2, has_ten_frames, 15000));
  g_assert_cmpint (plain->width, ==, 640);
  g_assert_cmpint (plain->height, ==, 360);
  g_assert_false (plain->error);
  g_assert_false (tcp->error);

  /* Video comes interleaved on the RTSP connection: a viewer that will
   * only take UDP is told so, and gets nothing. */
  udp_only = viewer_new (uri, "udp");
  g_assert_true (wait_for (&udp_only, 1, has_ended, 5000));
  g_assert_true (udp_only->error);
  g_assert_cmpuint (udp_only->frames, ==, 0);
  g_clear_pointer (&udp_only, viewer_free);

  /* When the last viewer leaves, the encoder stops: only GStreamer's idle
   * pool threads may remain. */
  g_clear_pointer (&plain, viewer_free);
  g_clear_pointer (&tcp, viewer_free);
  g_assert_true (wait_for_threads (threads + 5, 5000));
}

static void
test_rtsp_stopped (void)
{
  g_autoptr(RtccSimRtsp) rtsp = rtcc_sim_rtsp_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *other_uri = NULL;
  g_autoptr(Viewer) plain = NULL;
  g_autoptr(Viewer) tcp = NULL;
  g_autoptr(Viewer) other = NULL;
  g_autoptr(Viewer) late = NULL;
  g_autoptr(Viewer) again = NULL;
  Viewer *viewers[3];
  gint64 stopped_at;

  g_assert_true (rtcc_sim_rtsp_start (rtsp, 0, &error));
  rtcc_sim_rtsp_add_camera (rtsp, "cam-1", "Stops");
  /* A prefix of the first id: stopping cam-1 must not touch it. */
  rtcc_sim_rtsp_add_camera (rtsp, "cam-10", "Keeps running");
  uri = rtcc_sim_rtsp_get_uri (rtsp, "cam-1");
  other_uri = rtcc_sim_rtsp_get_uri (rtsp, "cam-10");

  plain = viewer_new (uri, NULL);
  tcp = viewer_new (uri, "tcp");
  other = viewer_new (other_uri, NULL);
  viewers[0] = plain;
  viewers[1] = tcp;
  viewers[2] = other;
  g_assert_true (wait_for (viewers, 3, has_ten_frames, 15000));

  stopped_at = g_get_monotonic_time ();
  rtcc_sim_rtsp_set_stopped (rtsp, "cam-1", TRUE);
  rtcc_sim_rtsp_set_stopped (rtsp, "cam-1", TRUE);
  g_assert_true (wait_for (viewers, 2, has_ended, 5000));
  g_assert_cmpint (g_get_monotonic_time () - stopped_at, <, 5 * G_USEC_PER_SEC);

  /* The other camera plays on. */
  other->frames = 0;
  g_assert_true (wait_for (&other, 1, has_ten_frames, 5000));
  g_assert_false (has_ended (other));

  /* New viewers are refused while the camera is stopped. */
  late = viewer_new (uri, NULL);
  g_assert_true (wait_for (&late, 1, has_ended, 5000));
  g_assert_true (late->error);
  g_assert_cmpuint (late->frames, ==, 0);

  /* And welcome again once it runs. */
  rtcc_sim_rtsp_set_stopped (rtsp, "cam-1", FALSE);
  again = viewer_new (uri, NULL);
  g_assert_true (wait_for (&again, 1, has_ten_frames, 15000));

  /* Unknown cameras are ignored. */
  rtcc_sim_rtsp_set_stopped (rtsp, "no-such-camera", TRUE);
}

/* Every listening socket on @port in /proc/net/@table, as hex addresses. */
static GPtrArray *
listeners (const char *table,
           guint       port)
{
  g_autofree char *path = g_strdup_printf ("/proc/net/%s", table);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *port_hex = g_strdup_printf (":%04X", port);
  GPtrArray *found = g_ptr_array_new_with_free_func (g_free);

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return found;
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit_set (g_strstrip (lines[i]), " ", -1);
      g_autoptr(GPtrArray) words = g_ptr_array_new ();

      for (guint j = 0; fields[j] != NULL; j++)
        if (fields[j][0] != '\0')
          g_ptr_array_add (words, fields[j]);
      /* sl local_address rem_address st ...; 0A is LISTEN */
      if (words->len > 3 && g_str_has_suffix (g_ptr_array_index (words, 1), port_hex) &&
          strcmp (g_ptr_array_index (words, 3), "0A") == 0)
        {
          const char *local = g_ptr_array_index (words, 1);
          g_ptr_array_add (found, g_strndup (local, strlen (local) - strlen (port_hex)));
        }
    }
  return found;
}

static void
test_rtsp_loopback_only (void)
{
  g_autoptr(RtccSimRtsp) rtsp = rtcc_sim_rtsp_new (NULL);
  g_autoptr(RtccSimRtsp) second = rtcc_sim_rtsp_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) v4 = NULL;
  g_autoptr(GPtrArray) v6 = NULL;
  struct ifaddrs *addresses = NULL;
  guint port;

  g_assert_true (rtcc_sim_rtsp_start (rtsp, 0, &error));
  port = rtcc_sim_rtsp_get_port (rtsp);

  v4 = listeners ("tcp", port);
  v6 = listeners ("tcp6", port);
  g_assert_cmpuint (v4->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (v4, 0), ==, "0100007F");
  g_assert_cmpuint (v6->len, ==, 0);

  /* From any other address of this machine, nobody answers. */
  if (getifaddrs (&addresses) == 0)
    {
      for (struct ifaddrs *a = addresses; a != NULL; a = a->ifa_next)
        {
          struct sockaddr_in target;
          int fd;

          if (a->ifa_addr == NULL || a->ifa_addr->sa_family != AF_INET)
            continue;
          memcpy (&target, a->ifa_addr, sizeof target);
          if ((ntohl (target.sin_addr.s_addr) >> 24) == 127)
            continue;
          target.sin_port = htons (port);
          fd = socket (AF_INET, SOCK_STREAM, 0);
          g_assert_cmpint (fd, >=, 0);
          g_assert_cmpint (connect (fd, (struct sockaddr *) &target, sizeof target), ==, -1);
          close (fd);
        }
      freeifaddrs (addresses);
    }

  /* The port is taken: a second server says so. */
  g_assert_false (rtcc_sim_rtsp_start (second, port, &error));
  g_assert_error (error, RTCC_SIM_MEDIA_ERROR, RTCC_SIM_MEDIA_ERROR_BIND);
  g_clear_error (&error);
  g_assert_false (rtcc_sim_rtsp_start (second, 70000, &error));
  g_assert_error (error, RTCC_SIM_MEDIA_ERROR, RTCC_SIM_MEDIA_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* Stopped, the port is free again and the server can listen anew. */
  rtcc_sim_rtsp_stop (rtsp);
  g_assert_true (rtcc_sim_rtsp_start (second, port, &error));
  g_assert_no_error (error);
  g_assert_true (rtcc_sim_rtsp_start (rtsp, 0, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (rtcc_sim_rtsp_get_port (rtsp), !=, port);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  gst_init (&argc, &argv);

  g_test_add_func ("/sim-media/rtsp/uri", test_rtsp_uri);
  g_test_add_func ("/sim-media/rtsp/stream", test_rtsp_stream);
  g_test_add_func ("/sim-media/rtsp/stopped", test_rtsp_stopped);
  g_test_add_func ("/sim-media/rtsp/loopback-only", test_rtsp_loopback_only);

  return g_test_run ();
}
