/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccSnapshot"

#include "config.h"

#include <glib/gi18n.h>

#include "rtcc-snapshot.h"

/* Room for the name on every file system, with the time and place after. */
#define MAX_NAME_CHARS 80
#define JPEG_QUALITY "92"

/**
 * rtcc_snapshot_safe_name:
 * @camera_name: (nullable): a camera's name, as the VMS gives it
 *
 * The name made fit for the start of a file name: valid UTF-8, at most
 * 80 characters, with path separators, control characters and a leading
 * dot turned into underscores; "camera" when empty.
 *
 * Returns: (transfer full): the name
 */
char *
rtcc_snapshot_safe_name (const char *camera_name)
{
  g_autofree char *valid = NULL;
  char *name;

  valid = g_utf8_make_valid (camera_name != NULL ? camera_name : "", -1);
  g_strstrip (valid);
  if (*valid == '\0')
    return g_strdup ("camera");
  name = g_utf8_substring (valid, 0, MIN (g_utf8_strlen (valid, -1), MAX_NAME_CHARS));
  for (char *p = name; *p != '\0'; p++)
    if (*p == '/' || *p == '\\' || (guchar) *p < 0x20 || *p == 0x7f || (p == name && *p == '.'))
      *p = '_';
  return name;
}

/**
 * rtcc_snapshot_suggest_name:
 * @camera_name: (nullable): the camera's name
 * @time: when the picture was taken
 * @has_location: whether @latitude and @longitude are known
 *
 * The file name offered when a still is saved:
 * `<camera-name>_<YYYYMMDD-HHMMSSZ>_<lat>_<lon>.jpg`, with the place left
 * out when unknown; the name is made safe by rtcc_snapshot_safe_name().
 *
 * Returns: (transfer full): a file name, without a folder
 */
char *
rtcc_snapshot_suggest_name (const char *camera_name,
                            GDateTime  *time,
                            gboolean    has_location,
                            double      latitude,
                            double      longitude)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autofree char *name = NULL;
  g_autofree char *stamp = NULL;
  GString *file = g_string_new (NULL);

  g_return_val_if_fail (time != NULL, NULL);

  name = rtcc_snapshot_safe_name (camera_name);
  utc = g_date_time_to_utc (time);
  stamp = g_date_time_format (utc, "%Y%m%d-%H%M%SZ");
  g_string_append_printf (file, "%s_%s", name, stamp);
  if (has_location)
    {
      char lat[G_ASCII_DTOSTR_BUF_SIZE];
      char lon[G_ASCII_DTOSTR_BUF_SIZE];

      g_string_append_printf (file, "_%s_%s",
                              g_ascii_formatd (lat, sizeof lat, "%.5f", latitude),
                              g_ascii_formatd (lon, sizeof lon, "%.5f", longitude));
    }
  g_string_append (file, ".jpg");
  return g_string_free (file, FALSE);
}

typedef struct
{
  GBytes    *pixels;   /* the frame as GDK downloads it: 32-bit, native ARGB */
  int        width;
  int        height;
  gsize      stride;
  char      *camera_id;
  char      *camera_name;
  char      *source;
  GDateTime *time;
  gboolean   has_location;
  double     latitude;
  double     longitude;
} EncodeData;

static void
encode_data_free (gpointer p)
{
  EncodeData *data = p;

  g_clear_pointer (&data->pixels, g_bytes_unref);
  g_free (data->camera_id);
  g_free (data->camera_name);
  g_free (data->source);
  g_clear_pointer (&data->time, g_date_time_unref);
  g_free (data);
}

static void
encode_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  EncodeData *data = task_data;
  const guint8 *in = g_bytes_get_data (data->pixels, NULL);
  gsize out_stride = (gsize) data->width * 3;
  g_autofree guint8 *rgb = g_malloc (out_stride * data->height);
  g_autoptr(GBytes) rgb_bytes = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GBytes) jpeg = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *buffer = NULL;
  gsize size = 0;
  RtccJpegMetadata metadata = {
    data->camera_id, data->camera_name, data->source, data->time,
    data->has_location, data->latitude, data->longitude,
  };
  GBytes *result;

  /* Video is opaque: premultiplied or not, the colour bytes are the same. */
  for (int y = 0; y < data->height; y++)
    {
      const guint8 *src = in + y * data->stride;
      guint8 *dst = rgb + y * out_stride;

      for (int x = 0; x < data->width; x++, src += 4, dst += 3)
        {
#if G_BYTE_ORDER == G_LITTLE_ENDIAN
          dst[0] = src[2];
          dst[1] = src[1];
          dst[2] = src[0];
#else
          dst[0] = src[1];
          dst[1] = src[2];
          dst[2] = src[3];
#endif
        }
    }
  rgb_bytes = g_bytes_new_take (g_steal_pointer (&rgb), out_stride * data->height);
  pixbuf = gdk_pixbuf_new_from_bytes (rgb_bytes, GDK_COLORSPACE_RGB, FALSE, 8,
                                      data->width, data->height, out_stride);
  if (!gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, "jpeg", &error, "quality", JPEG_QUALITY, NULL))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                               _("Could not make a JPEG of the frame: %s"), error->message);
      return;
    }
  jpeg = g_bytes_new_take (g_steal_pointer (&buffer), size);
  result = rtcc_jpeg_add_metadata (jpeg, &metadata, &error);
  if (result == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, result, (GDestroyNotify) g_bytes_unref);
}

/**
 * rtcc_snapshot_encode_async:
 * @frame: the frame to save, e.g. the last one a live view showed
 * @metadata: what the file says about itself
 *
 * Encodes @frame as a JPEG on a worker thread and writes @metadata into
 * it (see rtcc_jpeg_add_metadata()).
 */
void
rtcc_snapshot_encode_async (GdkTexture             *frame,
                            const RtccJpegMetadata *metadata,
                            GCancellable           *cancellable,
                            GAsyncReadyCallback     callback,
                            gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;
  EncodeData *data;
  guint8 *pixels;

  g_return_if_fail (GDK_IS_TEXTURE (frame));
  g_return_if_fail (metadata != NULL && metadata->time != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, rtcc_snapshot_encode_async);

  data = g_new0 (EncodeData, 1);
  data->width = gdk_texture_get_width (frame);
  data->height = gdk_texture_get_height (frame);
  data->stride = (gsize) data->width * 4;
  /* Downloading may need the renderer, which lives on this thread; the
   * slow part, compressing, goes to the worker. */
  pixels = g_malloc (data->stride * data->height);
  gdk_texture_download (frame, pixels, data->stride);
  data->pixels = g_bytes_new_take (pixels, data->stride * data->height);
  data->camera_id = g_strdup (metadata->camera_id);
  data->camera_name = g_strdup (metadata->camera_name);
  data->source = g_strdup (metadata->source);
  data->time = g_date_time_ref (metadata->time);
  data->has_location = metadata->has_location;
  data->latitude = metadata->latitude;
  data->longitude = metadata->longitude;
  g_task_set_task_data (task, data, encode_data_free);
  g_task_run_in_thread (task, encode_thread);
}

/**
 * rtcc_snapshot_encode_finish:
 *
 * Returns: (transfer full): the JPEG file's bytes, or %NULL with @error set
 */
GBytes *
rtcc_snapshot_encode_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rtcc_snapshot_encode_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct
{
  GtkFileChooserNative *chooser;
  GBytes               *jpeg;
  GFile                *file;
} SaveData;

static void
save_data_free (gpointer p)
{
  SaveData *data = p;

  if (data->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (data->chooser));
  g_clear_object (&data->chooser);
  g_clear_pointer (&data->jpeg, g_bytes_unref);
  g_clear_object (&data->file);
  g_free (data);
}

static void
written_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SaveData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    {
      g_autofree char *name = g_file_get_parse_name (data->file);

      g_task_return_new_error (task, error->domain, error->code,
                               _("Could not write %s: %s"), name, error->message);
      return;
    }
  g_task_return_pointer (task, g_object_ref (data->file), g_object_unref);
}

static void
chooser_response_cb (GtkNativeDialog *dialog,
                     int              response,
                     gpointer         user_data)
{
  g_autoptr(GTask) task = user_data;
  SaveData *data = g_task_get_task_data (task);

  g_signal_handlers_disconnect_by_func (dialog, chooser_response_cb, user_data);
  if (response != GTK_RESPONSE_ACCEPT)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The picture was not saved"));
      return;
    }
  data->file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  if (data->file == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("The chosen place is not a local file"));
      return;
    }
  g_file_replace_contents_bytes_async (data->file, data->jpeg, NULL, FALSE,
                                       G_FILE_CREATE_REPLACE_DESTINATION,
                                       g_task_get_cancellable (task), written_cb,
                                       g_object_ref (task));
}

/**
 * rtcc_snapshot_save_async:
 * @parent: (nullable): the window the file chooser belongs to
 * @jpeg: the file's bytes
 * @suggested_name: the name the chooser offers
 *
 * Asks where to save @jpeg and writes it there. Dismissing the chooser
 * finishes with %G_IO_ERROR_CANCELLED.
 */
void
rtcc_snapshot_save_async (GtkWindow           *parent,
                          GBytes              *jpeg,
                          const char          *suggested_name,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  const char *pictures = g_get_user_special_dir (G_USER_DIRECTORY_PICTURES);
  SaveData *data;

  g_return_if_fail (jpeg != NULL);
  g_return_if_fail (suggested_name != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, rtcc_snapshot_save_async);
  data = g_new0 (SaveData, 1);
  data->jpeg = g_bytes_ref (jpeg);
  data->chooser = gtk_file_chooser_native_new (_("Save Snapshot"), parent,
                                               GTK_FILE_CHOOSER_ACTION_SAVE,
                                               _("_Save"), _("_Cancel"));
  g_task_set_task_data (task, data, save_data_free);

  gtk_file_filter_set_name (filter, _("JPEG images"));
  gtk_file_filter_add_mime_type (filter, "image/jpeg");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (data->chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (data->chooser), TRUE);
  if (pictures != NULL && g_file_test (pictures, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GFile) folder = g_file_new_for_path (pictures);

      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (data->chooser), folder, NULL);
    }
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (data->chooser), suggested_name);
  g_signal_connect (data->chooser, "response", G_CALLBACK (chooser_response_cb), g_object_ref (task));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (data->chooser));
}

/**
 * rtcc_snapshot_save_finish:
 *
 * Returns: (transfer full): the file written, or %NULL with @error set
 */
GFile *
rtcc_snapshot_save_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rtcc_snapshot_save_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct
{
  char      *camera_id;
  char      *camera_name;
  GDateTime *time;
  gboolean   has_location;
  double     latitude;
  double     longitude;
} CaptureData;

static void
capture_data_free (gpointer p)
{
  CaptureData *data = p;

  g_free (data->camera_id);
  g_free (data->camera_name);
  g_clear_pointer (&data->time, g_date_time_unref);
  g_free (data);
}

static void
encoded_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  GBytes *jpeg = rtcc_snapshot_encode_finish (result, &error);

  if (jpeg == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, jpeg, (GDestroyNotify) g_bytes_unref);
}

static void
vms_snapshot_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CaptureData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) picture = NULL;
  RtccJpegMetadata metadata = {
    data->camera_id, data->camera_name, "Milestone snapshot", data->time,
    data->has_location, data->latitude, data->longitude,
  };
  GBytes *jpeg;

  picture = rtcc_milestone_integration_get_snapshot_finish (RTCC_MILESTONE_INTEGRATION (object), result, &error);
  if (picture == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  jpeg = rtcc_jpeg_add_metadata (picture, &metadata, &error);
  if (jpeg == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, jpeg, (GDestroyNotify) g_bytes_unref);
}

/**
 * rtcc_snapshot_capture_async:
 * @milestone: (nullable): the VMS, needed when @frame is %NULL
 * @frame: (nullable): the frame a live view shows, or %NULL to ask the
 *   VMS for a picture of the camera now
 * @metadata: the camera, time and place to write into the file; its
 *   source is filled in here
 *
 * Makes the JPEG file of a snapshot, with its metadata, without saving
 * it anywhere.
 */
void
rtcc_snapshot_capture_async (RtccMilestoneIntegration *milestone,
                             GdkTexture               *frame,
                             const RtccJpegMetadata   *metadata,
                             GCancellable             *cancellable,
                             GAsyncReadyCallback       callback,
                             gpointer                  user_data)
{
  g_autoptr(GTask) task = NULL;
  CaptureData *data;

  g_return_if_fail (milestone == NULL || RTCC_IS_MILESTONE_INTEGRATION (milestone));
  g_return_if_fail (frame == NULL || GDK_IS_TEXTURE (frame));
  g_return_if_fail (metadata != NULL && metadata->time != NULL && metadata->camera_id != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, rtcc_snapshot_capture_async);
  data = g_new0 (CaptureData, 1);
  data->camera_id = g_strdup (metadata->camera_id);
  data->camera_name = g_strdup (metadata->camera_name);
  data->time = g_date_time_ref (metadata->time);
  data->has_location = metadata->has_location;
  data->latitude = metadata->latitude;
  data->longitude = metadata->longitude;
  g_task_set_task_data (task, data, capture_data_free);

  if (frame != NULL)
    {
      RtccJpegMetadata live = *metadata;

      live.source = "live view";
      rtcc_snapshot_encode_async (frame, &live, cancellable, encoded_cb, g_steal_pointer (&task));
    }
  else if (milestone == NULL)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                             _("Milestone XProtect is not configured. Set MILESTONE_API_URL in Preferences."));
  else
    /* No time: the VMS's picture of now, which the metadata's time
     * stands for closely enough (the request takes well under a second). */
    rtcc_milestone_integration_get_snapshot_async (milestone, metadata->camera_id, NULL, cancellable,
                                                   vms_snapshot_cb, g_steal_pointer (&task));
}

/**
 * rtcc_snapshot_capture_finish:
 *
 * Returns: (transfer full): the JPEG file's bytes, or %NULL with @error set
 */
GBytes *
rtcc_snapshot_capture_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rtcc_snapshot_capture_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
