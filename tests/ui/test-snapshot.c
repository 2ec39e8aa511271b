/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <time.h>
#include <utime.h>

#include <adwaita.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "milestone/rtcc-milestone-integration.h"
#include "rtcc-audit-log.h"
#include "rtcc-camera-model.h"
#include "rtcc-clip-export-dialog.h"
#include "rtcc-config.h"
#include "rtcc-demo.h"
#include "rtcc-jpeg-metadata.h"
#include "rtcc-sim-server.h"
#include "rtcc-snapshot.h"
#include "rtcc-video-view.h"
#include "rtcc-video-wall.h"
#include "rtcc-ui-test-sim.h"
#include "rtcc-ui-test-util.h"

#define TRAINING_T001 "5eed0000-0000-4000-8000-000000000001"

static RtccSimServer *sim;
static RtccIntegration *milestone;
static RtccCameraModel *cameras;
static SoupSession *session;
static char *cache_dir;

static gboolean
has_cameras (gpointer data)
{
  return g_list_model_get_n_items (G_LIST_MODEL (cameras)) > 0;
}

/* A minimal EXIF reader, independent of the writer ------------------------ */

typedef struct
{
  const guint8 *tiff;
  gsize         len;
} Tiff;

static guint
be16 (const guint8 *p)
{
  return (p[0] << 8) | p[1];
}

static guint32
be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

/* The value bytes of @tag in the IFD at @ifd, or NULL. */
static const guint8 *
ifd_find (const Tiff *t,
          guint32     ifd,
          guint       tag,
          guint      *type,
          guint32    *count)
{
  guint n;

  g_assert_cmpuint (ifd + 2, <=, t->len);
  n = be16 (t->tiff + ifd);
  g_assert_cmpuint (ifd + 2 + 12 * n + 4, <=, t->len);
  for (guint i = 0; i < n; i++)
    {
      const guint8 *e = t->tiff + ifd + 2 + 12 * i;
      guint sizes[] = { 0, 1, 1, 2, 4, 8, 0, 1 };
      gsize size;

      if (be16 (e) != tag)
        continue;
      *type = be16 (e + 2);
      *count = be32 (e + 4);
      g_assert_cmpuint (*type, <, G_N_ELEMENTS (sizes));
      size = (gsize) sizes[*type] * *count;
      if (size <= 4)
        return e + 8;
      g_assert_cmpuint (be32 (e + 8) + size, <=, t->len);
      g_assert_cmpuint (be32 (e + 8) % 2, ==, 0);
      return t->tiff + be32 (e + 8);
    }
  return NULL;
}

static const char *
ifd_string (const Tiff *t,
            guint32     ifd,
            guint       tag)
{
  guint type;
  guint32 count;
  const guint8 *value = ifd_find (t, ifd, tag, &type, &count);

  g_assert_nonnull (value);
  g_assert_cmpuint (type, ==, 2);
  g_assert_cmpuint (value[count - 1], ==, 0);
  return (const char *) value;
}

static guint32
ifd_pointer (const Tiff *t,
             guint32     ifd,
             guint       tag)
{
  guint type;
  guint32 count;
  const guint8 *value = ifd_find (t, ifd, tag, &type, &count);

  if (value == NULL)
    return 0;
  g_assert_cmpuint (type, ==, 4);
  return be32 (value);
}

/* Degrees from three rationals, checking each is what it should be. */
static double
ifd_dms (const Tiff *t,
         guint32     ifd,
         guint       tag,
         guint32     want[6])
{
  guint type;
  guint32 count;
  const guint8 *value = ifd_find (t, ifd, tag, &type, &count);

  g_assert_nonnull (value);
  g_assert_cmpuint (type, ==, 5);
  g_assert_cmpuint (count, ==, 3);
  for (guint i = 0; i < 6; i++)
    g_assert_cmpuint (be32 (value + 4 * i), ==, want[i]);
  return (double) be32 (value) / be32 (value + 4) +
         (double) be32 (value + 8) / be32 (value + 12) / 60.0 +
         (double) be32 (value + 16) / be32 (value + 20) / 3600.0;
}

typedef struct
{
  Tiff     tiff;
  char    *comment;
  guint    n_exif;
  gboolean jfif_first;
} Parsed;

/* Walks the segments up to the image data, as any JPEG reader does. */
static void
parse_jpeg (GBytes *jpeg,
            Parsed *out)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (jpeg, &len);
  gsize pos = 2;
  gboolean first = TRUE;

  memset (out, 0, sizeof *out);
  g_assert_cmpuint (len, >, 4);
  g_assert_cmpuint (data[0], ==, 0xff);
  g_assert_cmpuint (data[1], ==, 0xd8);
  while (pos + 4 <= len && data[pos] == 0xff && (data[pos + 1] >= 0xe0 || data[pos + 1] == 0xfe))
    {
      guint marker = data[pos + 1];
      guint seg = be16 (data + pos + 2);

      g_assert_cmpuint (seg, >=, 2);
      g_assert_cmpuint (pos + 2 + seg, <=, len);
      if (first && marker == 0xe0)
        out->jfif_first = memcmp (data + pos + 4, "JFIF", 5) == 0;
      if (marker == 0xe1 && memcmp (data + pos + 4, "Exif\0\0", 6) == 0)
        {
          out->n_exif++;
          out->tiff.tiff = data + pos + 10;
          out->tiff.len = seg - 8;
          g_assert_cmpmem (out->tiff.tiff, 4, "MM\0\x2a", 4);
        }
      if (marker == 0xfe && out->comment == NULL)
        out->comment = g_strndup ((const char *) data + pos + 4, seg - 2);
      first = FALSE;
      pos += 2 + seg;
    }
  /* Image data follows, and the file ends as a JPEG does. */
  g_assert_cmpuint (data[pos], ==, 0xff);
  g_assert_cmpuint (data[len - 2], ==, 0xff);
  g_assert_cmpuint (data[len - 1], ==, 0xd9);
}

static GBytes *
small_jpeg (int width,
            int height)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  g_autoptr(GError) error = NULL;
  char *buffer = NULL;
  gsize size = 0;

  gdk_pixbuf_fill (pixbuf, 0x3366ccff);
  g_assert_true (gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, "jpeg", &error, NULL));
  g_assert_no_error (error);
  return g_bytes_new_take (buffer, size);
}

static GdkPixbuf *
decode (GBytes *jpeg)
{
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new_with_type ("jpeg", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (gdk_pixbuf_loader_write_bytes (loader, jpeg, &error));
  g_assert_no_error (error);
  g_assert_true (gdk_pixbuf_loader_close (loader, &error));
  g_assert_no_error (error);
  return g_object_ref (gdk_pixbuf_loader_get_pixbuf (loader));
}

static void
check_exif (GBytes     *jpeg,
            const char *camera_name,
            const char *date_time)
{
  Parsed parsed;
  guint32 exif, gps;
  g_autofree char *expect = g_strdup_printf ("Camera: %s", camera_name);

  parse_jpeg (jpeg, &parsed);
  g_assert_cmpuint (parsed.n_exif, ==, 1);
  g_assert_nonnull (parsed.comment);
  g_assert_true (g_str_has_prefix (parsed.comment, expect));
  g_assert_true (g_str_has_prefix (ifd_string (&parsed.tiff, 8, 0x010E), expect));
  exif = ifd_pointer (&parsed.tiff, 8, 0x8769);
  g_assert_cmpuint (exif, >, 8);
  if (date_time != NULL)
    g_assert_cmpstr (ifd_string (&parsed.tiff, exif, 0x9003), ==, date_time);
  g_assert_cmpstr (ifd_string (&parsed.tiff, exif, 0x9011), ==, "+00:00");
  gps = ifd_pointer (&parsed.tiff, 8, 0x8825);
  g_assert_cmpuint (gps, >, 8);
  g_free (parsed.comment);
}

static void
test_metadata_round_trip (void)
{
  g_autoptr(GBytes) plain = small_jpeg (32, 24);
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("-05:00");
  /* 22:04:05 in New York is 03:04:05 UTC the next day. */
  g_autoptr(GDateTime) time = g_date_time_new (zone, 2026, 11, 25, 22, 4, 5);
  RtccJpegMetadata metadata = {
    .camera_id = TRAINING_T001,
    .camera_name = "Main St / 5th Ave",
    .source = "live view",
    .time = time,
    .has_location = TRUE,
    .latitude = 40.712776,
    .longitude = -74.005974,
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) jpeg = rtcc_jpeg_add_metadata (plain, &metadata, &error);
  g_autoptr(GBytes) again = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  Parsed parsed;
  guint32 exif, gps;
  guint type, count;
  const guint8 *value;
  /* 40.712776° = 40° 42' 45.994"; 74.005974° = 74° 0' 21.506" */
  guint32 lat[6] = { 40, 1, 42, 1, 45994, 1000 };
  guint32 lon[6] = { 74, 1, 0, 1, 21506, 1000 };

  g_assert_no_error (error);
  g_assert_nonnull (jpeg);
  parse_jpeg (jpeg, &parsed);
  g_assert_true (parsed.jfif_first);
  g_assert_cmpuint (parsed.n_exif, ==, 1);
  g_assert_cmpstr (parsed.comment, ==,
                   "Camera: Main St / 5th Ave (id " TRAINING_T001 "); Time: 2026-11-26T03:04:05Z; "
                   "Location: 40.712776, -74.005974; Source: live view");
  g_assert_cmpstr (ifd_string (&parsed.tiff, 8, 0x010E), ==, parsed.comment);
  g_assert_cmpstr (ifd_string (&parsed.tiff, 8, 0x0132), ==, "2026:11:26 03:04:05");

  exif = ifd_pointer (&parsed.tiff, 8, 0x8769);
  g_assert_cmpstr (ifd_string (&parsed.tiff, exif, 0x9003), ==, "2026:11:26 03:04:05");
  g_assert_cmpstr (ifd_string (&parsed.tiff, exif, 0x9011), ==, "+00:00");
  value = ifd_find (&parsed.tiff, exif, 0x9000, &type, &count);
  g_assert_cmpmem (value, 4, "0231", 4);

  gps = ifd_pointer (&parsed.tiff, 8, 0x8825);
  value = ifd_find (&parsed.tiff, gps, 0x0000, &type, &count);
  g_assert_cmpuint (value[0], ==, 2);
  g_assert_cmpuint (value[1], ==, 3);
  g_assert_cmpstr (ifd_string (&parsed.tiff, gps, 0x0001), ==, "N");
  g_assert_cmpstr (ifd_string (&parsed.tiff, gps, 0x0003), ==, "W");
  g_assert_cmpfloat_with_epsilon (ifd_dms (&parsed.tiff, gps, 0x0002, lat), 40.712776, 1e-6);
  g_assert_cmpfloat_with_epsilon (ifd_dms (&parsed.tiff, gps, 0x0004, lon), 74.005974, 1e-6);
  g_assert_cmpstr (ifd_string (&parsed.tiff, gps, 0x001D), ==, "2026:11:26");
  g_free (parsed.comment);

  /* The picture itself is untouched. */
  pixbuf = decode (jpeg);
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, 32);
  g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, 24);

  /* Writing again replaces the EXIF rather than adding a second one. */
  metadata.camera_name = "Second";
  metadata.latitude = -33.8688;
  metadata.longitude = 151.2093;
  again = rtcc_jpeg_add_metadata (jpeg, &metadata, &error);
  g_assert_no_error (error);
  parse_jpeg (again, &parsed);
  g_assert_cmpuint (parsed.n_exif, ==, 1);
  gps = ifd_pointer (&parsed.tiff, 8, 0x8825);
  g_assert_cmpstr (ifd_string (&parsed.tiff, gps, 0x0001), ==, "S");
  g_assert_cmpstr (ifd_string (&parsed.tiff, gps, 0x0003), ==, "E");
  g_assert_true (g_str_has_prefix (ifd_string (&parsed.tiff, 8, 0x010E), "Camera: Second"));
  g_free (parsed.comment);
}

static void
test_metadata_hostile (void)
{
  g_autoptr(GBytes) plain = small_jpeg (8, 8);
  g_autoptr(GDateTime) time = g_date_time_new_utc (2026, 1, 2, 3, 4, 5);
  g_autoptr(GString) huge = g_string_new (NULL);
  RtccJpegMetadata metadata = { .camera_id = "x", .camera_name = "a\nb\x01" "c\xff", .time = time };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) jpeg = NULL;
  g_autoptr(GBytes) not_jpeg = g_bytes_new_static ("GIF89a....", 10);
  g_autoptr(GBytes) cut = NULL;
  Parsed parsed;
  gsize len;
  const guint8 *data = g_bytes_get_data (plain, &len);

  /* Control characters and bad UTF-8 from the VMS do not reach the file. */
  jpeg = rtcc_jpeg_add_metadata (plain, &metadata, &error);
  g_assert_no_error (error);
  parse_jpeg (jpeg, &parsed);
  g_assert_null (strpbrk (parsed.comment, "\n\x01"));
  g_assert_true (g_utf8_validate (parsed.comment, -1, NULL));
  for (const char *p = ifd_string (&parsed.tiff, 8, 0x010E); *p != '\0'; p++)
    g_assert_true (*p >= 0x20 && *p < 0x7f);
  /* No location, no GPS IFD. */
  g_assert_cmpuint (ifd_pointer (&parsed.tiff, 8, 0x8825), ==, 0);
  g_free (parsed.comment);
  g_clear_pointer (&jpeg, g_bytes_unref);

  /* A name of 100 000 characters is cut, not written past 64 KiB. */
  for (int i = 0; i < 100000; i++)
    g_string_append_c (huge, 'N');
  metadata.camera_name = huge->str;
  jpeg = rtcc_jpeg_add_metadata (plain, &metadata, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (jpeg), <, len + 4096);
  g_clear_pointer (&jpeg, g_bytes_unref);
  metadata.camera_name = "cam";

  jpeg = rtcc_jpeg_add_metadata (not_jpeg, &metadata, &error);
  g_assert_error (error, RTCC_JPEG_ERROR, RTCC_JPEG_ERROR_INVALID);
  g_assert_null (jpeg);
  g_clear_error (&error);

  /* Headers that claim more than the file holds. */
  cut = g_bytes_new (data, 8);
  jpeg = rtcc_jpeg_add_metadata (cut, &metadata, &error);
  g_assert_error (error, RTCC_JPEG_ERROR, RTCC_JPEG_ERROR_INVALID);
  g_assert_null (jpeg);
  g_clear_error (&error);

  metadata.has_location = TRUE;
  metadata.latitude = 95.0;
  jpeg = rtcc_jpeg_add_metadata (plain, &metadata, &error);
  g_assert_error (error, RTCC_JPEG_ERROR, RTCC_JPEG_ERROR_INVALID);
  g_assert_null (jpeg);
}

static void
test_suggest_name (void)
{
  g_autoptr(GDateTime) time = g_date_time_new_utc (2026, 11, 26, 3, 4, 5);
  g_autofree char *name = rtcc_snapshot_suggest_name ("Main St / 5th\tAve\\x", time, TRUE, 40.7127761, -74.0059744);
  g_autofree char *hidden = rtcc_snapshot_suggest_name ("../..", time, FALSE, 0, 0);
  g_autofree char *empty = rtcc_snapshot_suggest_name ("  ", time, FALSE, 0, 0);

  g_assert_cmpstr (name, ==, "Main St _ 5th_Ave_x_20261126-030405Z_40.71278_-74.00597.jpg");
  g_assert_cmpstr (hidden, ==, "_._.._20261126-030405Z.jpg");
  g_assert_cmpstr (empty, ==, "camera_20261126-030405Z.jpg");
}

typedef struct
{
  gboolean  done;
  GBytes   *jpeg;
  GError   *error;
} CaptureResult;

static void
capture_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  CaptureResult *r = user_data;

  r->jpeg = rtcc_snapshot_capture_finish (result, &r->error);
  r->done = TRUE;
}

static void
streams_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  char **uri = user_data;

  *uri = rtcc_milestone_integration_get_streams_finish (RTCC_MILESTONE_INTEGRATION (object), result, NULL);
  if (*uri == NULL)
    *uri = g_strdup ("");
}

static gboolean
has_string (gpointer data)
{
  return *(char **) data != NULL;
}

static gboolean
is_playing (gpointer view)
{
  return rtcc_video_view_get_state (view) == RTCC_VIDEO_STATE_PLAYING &&
         rtcc_video_view_get_frame_count (view) >= 3;
}

static gboolean
teardowns_done (gpointer data)
{
  return rtcc_video_view_get_pending_teardowns () == 0;
}

static void
count_snapshot (RtccVideoView *view,
                gboolean       from_vms,
                guint         *requests)
{
  /* The menu's VMS entry asks for the VMS; the button for the frame. */
  g_assert_true (from_vms == (*requests == 0));
  (*requests)++;
}

static void
test_snapshot_live_view (void)
{
  guint requests = 0;
  g_autofree char *uri = NULL;
  GtkWidget *window = gtk_window_new ();
  RtccVideoView *view = RTCC_VIDEO_VIEW (rtcc_video_view_new ());
  RtccCamera *camera = rtcc_camera_model_lookup (cameras, TRAINING_T001);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autofree char *stamp = g_date_time_format (now, "%Y:%m:%d %H:%M:%S");
  CaptureResult r = { 0 };
  RtccJpegMetadata metadata = { .camera_id = TRAINING_T001, .time = now };
  GdkTexture *frame;

  g_assert_nonnull (camera);
  metadata.camera_name = rtcc_camera_get_name (camera);
  g_assert_true (rtcc_camera_get_location (camera, &metadata.latitude, &metadata.longitude));
  metadata.has_location = TRUE;

  rtcc_milestone_integration_get_streams_async (RTCC_MILESTONE_INTEGRATION (milestone), TRAINING_T001,
                                                NULL, streams_done, &uri);
  g_assert_true (rtcc_test_wait_until (has_string, &uri, 5000));
  g_assert_true (g_str_has_prefix (uri, "rtsp://"));
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (view));
  gtk_window_present (GTK_WINDOW (window));
  rtcc_video_view_set_stall_timeout (view, 3000);
  /* Without a frame there is nothing to take from the view. */
  rtcc_video_view_play (view, TRAINING_T001, metadata.camera_name, uri);
  g_signal_connect (view, "snapshot", G_CALLBACK (count_snapshot), &requests);
  gtk_widget_activate_action (GTK_WIDGET (view), "video.snapshot", NULL);
  g_assert_cmpuint (requests, ==, 0);
  gtk_widget_activate_action (GTK_WIDGET (view), "video.snapshot-vms", NULL);
  g_assert_cmpuint (requests, ==, 1);
  g_assert_true (rtcc_test_wait_until (is_playing, view, 20000));
  gtk_widget_activate_action (GTK_WIDGET (view), "video.snapshot", NULL);
  g_assert_cmpuint (requests, ==, 2);

  /* The frame on screen, not a new request. */
  frame = rtcc_video_paintable_get_texture (rtcc_video_view_get_paintable (view));
  g_assert_nonnull (frame);
  g_object_ref (frame);
  rtcc_snapshot_capture_async (NULL, frame, &metadata, NULL, capture_done, &r);
  g_assert_true (rtcc_test_wait_until (rtcc_test_is_done, &r.done, 10000));
  g_assert_no_error (r.error);
  check_exif (r.jpeg, metadata.camera_name, stamp);
  g_assert_cmpuint (g_bytes_get_size (r.jpeg), >, 2000);
  g_assert_cmpuint (g_bytes_get_size (r.jpeg), <, 4 * 1024 * 1024);
  pixbuf = decode (r.jpeg);
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, gdk_texture_get_width (frame));
  g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, gdk_texture_get_height (frame));
  g_object_unref (frame);
  g_bytes_unref (r.jpeg);

  rtcc_video_view_stop (view);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_true (rtcc_test_wait_until (teardowns_done, NULL, 5000));
}

static void
test_snapshot_vms (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  CaptureResult r = { 0 };
  RtccJpegMetadata metadata = {
    .camera_id = TRAINING_T001, .camera_name = "VMS cam", .time = now,
    .has_location = TRUE, .latitude = 40.0, .longitude = -75.5,
  };
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  Parsed parsed;

  rtcc_snapshot_capture_async (RTCC_MILESTONE_INTEGRATION (milestone), NULL, &metadata, NULL, capture_done, &r);
  g_assert_true (rtcc_test_wait_until (rtcc_test_is_done, &r.done, 10000));
  g_assert_no_error (r.error);
  check_exif (r.jpeg, "VMS cam", NULL);
  parse_jpeg (r.jpeg, &parsed);
  g_assert_nonnull (strstr (parsed.comment, "Source: Milestone snapshot"));
  g_free (parsed.comment);
  pixbuf = decode (r.jpeg);
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), >, 0);
  g_bytes_unref (r.jpeg);

  /* Without the VMS, the reason. */
  memset (&r, 0, sizeof r);
  rtcc_snapshot_capture_async (NULL, NULL, &metadata, NULL, capture_done, &r);
  g_assert_true (rtcc_test_wait_until (rtcc_test_is_done, &r.done, 1000));
  g_assert_error (r.error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED);
  g_assert_nonnull (strstr (r.error->message, "MILESTONE_API_URL"));
  g_clear_error (&r.error);
}

/* Clip export ---------------------------------------------------------------- */

static char *
exports_dir (void)
{
  return g_build_filename (cache_dir, "rtcc", "exports", NULL);
}

static guint
count_exports (void)
{
  g_autofree char *dir = exports_dir ();
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (listing != NULL && g_dir_read_name (listing) != NULL)
    n++;
  return n;
}

static gboolean
export_settled (gpointer dialog)
{
  RtccClipExportState state = rtcc_clip_export_dialog_get_state (dialog);

  return state == RTCC_CLIP_EXPORT_STATE_DONE || state == RTCC_CLIP_EXPORT_STATE_FAILED;
}

static void
record_fraction (RtccClipExportDialog *dialog,
                 GParamSpec           *pspec,
                 GArray               *fractions)
{
  double fraction = rtcc_clip_export_dialog_get_fraction (dialog);

  g_array_append_val (fractions, fraction);
}

static RtccClipExportDialog *
new_dialog (int start_s_ago,
            int end_s_ago)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) start = g_date_time_add_seconds (now, -start_s_ago);
  g_autoptr(GDateTime) end = g_date_time_add_seconds (now, -end_s_ago);
  RtccClipExportDialog *dialog = rtcc_clip_export_dialog_new (RTCC_MILESTONE_INTEGRATION (milestone),
                                                              TRAINING_T001, "CAM / T001");

  rtcc_clip_export_dialog_set_range (dialog, start, end);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

static gboolean
has_frames (gpointer player)
{
  return rtcc_clip_player_get_frame_count (player) > 0 && rtcc_clip_player_get_duration (player) > 0;
}

static gboolean
has_played_on (gpointer player)
{
  return rtcc_clip_player_get_position (player) > GST_SECOND / 2;
}

typedef struct
{
  gboolean    done;
  GListModel *records;
} QueryResult;

static void
query_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  QueryResult *r = user_data;

  r->records = rtcc_audit_log_query_finish (RTCC_AUDIT_LOG (object), result, NULL);
  r->done = TRUE;
}

static void
test_export_complete (void)
{
  g_autofree char *audit_path = g_build_filename (cache_dir, "audit.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(RtccAuditLog) audit = rtcc_audit_log_open (audit_path, &error);
  g_autoptr(GArray) fractions = g_array_new (FALSE, FALSE, sizeof (double));
  RtccClipExportDialog *dialog = new_dialog (40, 28);
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autofree char *dir = exports_dir ();
  g_autofree char *stale = g_build_filename (dir, "old_20200101-000000Z_00000000.mp4.part", NULL);
  g_autofree char *fresh = g_build_filename (dir, "other-dialog.mp4", NULL);
  RtccClipPlayer *player;
  RtccAuditFilter filter = { .action = RTCC_AUDIT_ACTION_VIDEO_EXPORT };
  QueryResult q = { 0 };
  RtccAuditRecord *record;

  g_assert_no_error (error);
  /* A crash's leftovers from two days ago are swept; a fresh file stays. */
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (stale, "x", 1, NULL));
  g_assert_true (g_file_set_contents (fresh, "x", 1, NULL));
  {
    struct utimbuf times = { .actime = time (NULL) - 2 * 86400, .modtime = time (NULL) - 2 * 86400 };

    g_assert_cmpint (g_utime (stale, &times), ==, 0);
  }
  rtcc_clip_export_dialog_set_audit (dialog, audit, "analyst7");
  g_signal_connect (dialog, "notify::fraction", G_CALLBACK (record_fraction), fractions);
  g_assert_cmpint (rtcc_clip_export_dialog_get_state (dialog), ==, RTCC_CLIP_EXPORT_STATE_IDLE);
  /* Through the Export button's action, as a click would. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "clip.export", NULL));
  g_assert_cmpint (rtcc_clip_export_dialog_get_state (dialog), ==, RTCC_CLIP_EXPORT_STATE_EXPORTING);
  g_assert_true (rtcc_test_wait_until (export_settled, dialog, 60000));
  g_assert_cmpstr (NULL, ==, rtcc_clip_export_dialog_get_state (dialog) == RTCC_CLIP_EXPORT_STATE_DONE
                             ? NULL : rtcc_clip_export_dialog_get_message (dialog));

  /* Progress went up, never back, and ended full. */
  g_assert_cmpuint (fractions->len, >=, 3);
  for (guint i = 1; i < fractions->len; i++)
    g_assert_cmpfloat (g_array_index (fractions, double, i), >=, g_array_index (fractions, double, i - 1));
  g_assert_cmpfloat (rtcc_clip_export_dialog_get_fraction (dialog), ==, 1.0);
  g_assert_false (g_file_test (stale, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (fresh, G_FILE_TEST_EXISTS));
  g_remove (fresh);

  /* An MP4 in the cache, with the camera's name made safe for a path. */
  file = g_object_ref (rtcc_clip_export_dialog_get_file (dialog));
  g_assert_true (g_str_has_prefix (g_file_peek_path (file), dir));
  g_assert_true (g_str_has_suffix (g_file_peek_path (file), ".mp4"));
  g_assert_null (strchr (g_file_peek_path (file) + strlen (dir) + 1, '/'));
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_file_info_get_size (info), >, 1000);

  /* Play, pause and seek in the dialog. */
  player = rtcc_clip_export_dialog_get_player (dialog);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "clip.play", NULL));
  /* Sanitizers slow the decoder's start a great deal. */
  if (!rtcc_test_wait_until (has_frames, player, 30000))
    g_error ("No frame from the clip: %" G_GUINT64_FORMAT " frames, duration %" G_GINT64_FORMAT ", %s",
             rtcc_clip_player_get_frame_count (player), rtcc_clip_player_get_duration (player),
             rtcc_clip_player_get_error (player));
  g_assert_cmpint (rtcc_clip_player_get_duration (player), >, 5 * GST_SECOND);
  g_assert_true (rtcc_test_wait_until (has_played_on, player, 30000));
  g_assert_true (rtcc_clip_player_get_playing (player));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "clip.toggle-pause", NULL));
  g_assert_false (rtcc_clip_player_get_playing (player));
  rtcc_clip_player_seek (player, 3 * GST_SECOND);
  g_assert_cmpint (rtcc_clip_player_get_position (player), ==, 3 * GST_SECOND);

  /* The export is in the audit log: camera and range, outcome. */
  rtcc_audit_log_query_async (audit, &filter, NULL, query_done, &q);
  g_assert_true (rtcc_test_wait_until (rtcc_test_is_done, &q.done, 5000));
  g_assert_nonnull (q.records);
  g_assert_cmpuint (g_list_model_get_n_items (q.records), ==, 1);
  record = g_list_model_get_item (q.records, 0);
  g_assert_cmpstr (rtcc_audit_record_get_action (record), ==, "video_export");
  g_assert_true (g_str_has_prefix (rtcc_audit_record_get_query_terms (record), "camera=" TRAINING_T001 " start="));
  g_assert_cmpint (rtcc_audit_record_get_outcome (record), ==, RTCC_AUDIT_OUTCOME_SUCCESS);
  g_object_unref (record);
  g_object_unref (q.records);

  /* Closing the dialog removes the temporary export. */
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_false (g_file_query_exists (file, NULL));
  g_assert_cmpuint (count_exports (), ==, 0);
}

static gboolean
has_progress (gpointer dialog)
{
  return rtcc_clip_export_dialog_get_fraction (dialog) > 0.05 || export_settled (dialog);
}

static void
test_export_cancel (void)
{
  /* A long clip, so that the cancel comes while it is made. */
  RtccClipExportDialog *dialog = new_dialog (550, 10);
  g_autoptr(GFile) file = NULL;

  g_assert_true (rtcc_clip_export_dialog_start (dialog));
  file = g_object_ref (rtcc_clip_export_dialog_get_file (dialog));
  g_assert_true (rtcc_test_wait_until (has_progress, dialog, 30000));
  g_assert_cmpstr (rtcc_clip_export_dialog_get_message (dialog), ==, NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "clip.cancel", NULL));
  g_assert_true (rtcc_test_wait_until (export_settled, dialog, 10000));
  g_assert_cmpint (rtcc_clip_export_dialog_get_state (dialog), ==, RTCC_CLIP_EXPORT_STATE_FAILED);
  g_assert_nonnull (strstr (rtcc_clip_export_dialog_get_message (dialog), "cancelled"));
  /* Neither the clip nor a partial download is left. */
  g_assert_false (g_file_query_exists (file, NULL));
  g_assert_null (rtcc_clip_export_dialog_get_file (dialog));
  g_assert_cmpuint (count_exports (), ==, 0);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_export_faults (void)
{
  RtccClipExportDialog *dialog = new_dialog (60, 30);
  const char *message;

  /* Milestone answers 500 with its reason: the dialog shows it. */
  rtcc_test_sim_admin (sim, session, "POST", "faults", "{\"vendor\": \"milestone\", \"fault\": \"500\", \"count\": 1}");
  g_assert_true (rtcc_clip_export_dialog_start (dialog));
  g_assert_true (rtcc_test_wait_until (export_settled, dialog, 20000));
  rtcc_test_sim_admin (sim, session, "DELETE", "faults?vendor=milestone", NULL);
  g_assert_cmpint (rtcc_clip_export_dialog_get_state (dialog), ==, RTCC_CLIP_EXPORT_STATE_FAILED);
  message = rtcc_clip_export_dialog_get_message (dialog);
  g_assert_nonnull (strstr (message, "Internal server error"));
  g_assert_cmpuint (count_exports (), ==, 0);

  /* A range Milestone refuses: its own words. */
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
    g_autoptr(GDateTime) start = g_date_time_add_minutes (now, -30);

    rtcc_clip_export_dialog_set_range (dialog, start, now);
  }
  g_assert_true (rtcc_clip_export_dialog_start (dialog));
  g_assert_true (rtcc_test_wait_until (export_settled, dialog, 20000));
  g_assert_cmpint (rtcc_clip_export_dialog_get_state (dialog), ==, RTCC_CLIP_EXPORT_STATE_FAILED);
  g_assert_nonnull (strstr (rtcc_clip_export_dialog_get_message (dialog), "at most 10 minutes"));

  /* A range the analyst got wrong never reaches Milestone. */
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
    g_autoptr(GDateTime) start = g_date_time_add_minutes (now, -3);

    rtcc_clip_export_dialog_set_range (dialog, now, start);
  }
  g_assert_false (rtcc_clip_export_dialog_start (dialog));
  g_assert_cmpstr (rtcc_clip_export_dialog_get_message (dialog), ==, "The end must come after the start.");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
collect_rows (GtkWidget *widget,
              GPtrArray *rows)
{
  if (ADW_IS_ENTRY_ROW (widget))
    g_ptr_array_add (rows, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_rows (child, rows);
}

static void
test_export_around_event (void)
{
  RtccClipExportDialog *dialog = rtcc_clip_export_dialog_new (NULL, "cam", NULL);
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  g_autoptr(GDateTime) alert = g_date_time_new_utc (2026, 3, 4, 5, 6, 7);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) end = NULL;
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autofree char *start_iso = NULL;
  g_autofree char *end_iso = NULL;

  collect_rows (GTK_WIDGET (dialog), rows);
  g_assert_cmpuint (rows->len, ==, 2);
  /* Without Milestone the dialog says what to configure. */
  g_assert_nonnull (strstr (rtcc_clip_export_dialog_get_message (dialog), "MILESTONE_API_URL"));
  g_assert_false (rtcc_clip_export_dialog_start (dialog));

  rtcc_clip_export_dialog_set_around (dialog, alert);
  g_assert_cmpstr (gtk_editable_get_text (rows->pdata[0]), ==, "2026-03-04 05:04:07");
  g_assert_cmpstr (gtk_editable_get_text (rows->pdata[1]), ==, "2026-03-04 05:09:07");

  /* Milestone has not recorded the future: the end stops at now. */
  rtcc_clip_export_dialog_set_around (dialog, now);
  start_iso = g_strdelimit (g_strdup (gtk_editable_get_text (rows->pdata[0])), " ", 'T');
  end_iso = g_strdelimit (g_strdup (gtk_editable_get_text (rows->pdata[1])), " ", 'T');
  start = g_date_time_new_from_iso8601 (start_iso, utc);
  end = g_date_time_new_from_iso8601 (end_iso, utc);
  g_assert_cmpint (g_date_time_difference (now, end), <, 2 * G_TIME_SPAN_SECOND);
  g_assert_cmpint (g_date_time_difference (end, start), >=, 119 * G_TIME_SPAN_SECOND);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static RtccClipExportDialog *
find_dialog (GtkWindow *parent)
{
  g_autoptr(GListModel) toplevels = g_object_ref (gtk_window_get_toplevels ());

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (RTCC_IS_CLIP_EXPORT_DIALOG (window) &&
          gtk_window_get_transient_for (GTK_WINDOW (window)) == parent)
        return RTCC_CLIP_EXPORT_DIALOG (window);
    }
  return NULL;
}

static void
test_wall_opens_export (void)
{
  RtccVideoWall *wall = rtcc_video_wall_new (NULL, cameras);
  RtccCamera *camera = rtcc_camera_model_lookup (cameras, TRAINING_T001);
  RtccClipExportDialog *dialog;
  RtccVideoView *tile;

  gtk_window_present (GTK_WINDOW (wall));
  /* Nothing shown: the shortcut has no camera to export from. */
  gtk_widget_activate_action (GTK_WIDGET (wall), "wall.export-clip", "s", "");
  g_assert_null (find_dialog (GTK_WINDOW (wall)));

  /* The camera list's menu entry. */
  gtk_widget_activate_action (GTK_WIDGET (wall), "wall.export-clip", "s", TRAINING_T001);
  dialog = find_dialog (GTK_WINDOW (wall));
  g_assert_nonnull (dialog);
  g_assert_cmpstr (rtcc_clip_export_dialog_get_camera_id (dialog), ==, TRAINING_T001);
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (dialog)));
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* A view's menu entry, through the view's own action. */
  g_assert_cmpint (rtcc_video_wall_open_camera (wall, TRAINING_T001, 0), ==, 0);
  tile = rtcc_video_wall_get_tile (wall, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (tile), "video.export-clip", NULL));
  dialog = find_dialog (GTK_WINDOW (wall));
  g_assert_nonnull (dialog);
  g_assert_cmpstr (rtcc_clip_export_dialog_get_camera_id (dialog), ==, rtcc_camera_get_id (camera));
  gtk_window_destroy (GTK_WINDOW (dialog));

  gtk_window_destroy (GTK_WINDOW (wall));
  g_assert_true (rtcc_test_wait_until (teardowns_done, NULL, 5000));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RtccConfig) config = NULL;
  int status;

  /* Before GLib reads it: exports go to a folder of the test's own. */
  cache_dir = g_dir_make_tmp ("rtcc-test-snapshot-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_CACHE_HOME", cache_dir, TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ui/snapshot/metadata/round-trip", test_metadata_round_trip);
  g_test_add_func ("/ui/snapshot/metadata/hostile", test_metadata_hostile);
  g_test_add_func ("/ui/snapshot/suggest-name", test_suggest_name);
  if (!gtk_init_check ())
    {
      g_test_add_func ("/ui/snapshot/display", rtcc_test_skip_without_display);
      return g_test_run ();
    }
  adw_init ();

  sim = rtcc_test_sim_start (&config);
  milestone = rtcc_milestone_integration_new (config);
  /* Quick polls keep the export test short. */
  rtcc_milestone_integration_set_poll_interval (RTCC_MILESTONE_INTEGRATION (milestone), 100);
  cameras = rtcc_camera_model_new (RTCC_MILESTONE_INTEGRATION (milestone));
  session = soup_session_new ();
  if (!rtcc_test_wait_until (has_cameras, NULL, 10000))
    g_error ("The simulator listed no cameras: %s", rtcc_camera_model_get_error (cameras));

  g_test_add_func ("/ui/snapshot/live-view", test_snapshot_live_view);
  g_test_add_func ("/ui/snapshot/vms", test_snapshot_vms);
  g_test_add_func ("/ui/clip-export/complete", test_export_complete);
  g_test_add_func ("/ui/clip-export/cancel", test_export_cancel);
  g_test_add_func ("/ui/clip-export/faults", test_export_faults);
  g_test_add_func ("/ui/clip-export/around-event", test_export_around_event);
  g_test_add_func ("/ui/clip-export/from-wall", test_wall_opens_export);
  status = g_test_run ();

  g_clear_object (&cameras);
  g_clear_object (&milestone);
  g_clear_object (&session);
  rtcc_test_sim_stop (&sim);
  {
    g_autofree char *audit_path = g_build_filename (cache_dir, "audit.db", NULL);
    g_autofree char *anchor = g_strconcat (audit_path, ".anchor", NULL);
    g_autofree char *rtcc = g_build_filename (cache_dir, "rtcc", NULL);
    g_autofree char *exports = exports_dir ();

    g_remove (audit_path);
    g_remove (anchor);
    g_rmdir (exports);
    g_rmdir (rtcc);
    g_rmdir (cache_dir);
  }
  g_free (cache_dir);
  return status;
}
