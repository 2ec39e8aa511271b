/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccSimMedia"

#include "config.h"

#include <errno.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "rtcc-sim-media-private.h"

/* Small and fast: a ten-second clip renders in well under a second. */
#define CLIP_WIDTH       320
#define CLIP_HEIGHT      180
#define CLIP_FPS         15
#define CLIP_LABEL_CHARS 64
#define PROGRESS_MS      100

typedef struct
{
  GstElement          *pipeline;
  char                *markup_label;
  gint64               start_us;
  guint                n_frames;
  char                *path;
  char                *part_path;
  char                *moov_path;
  RtccSimProgressFunc  progress;
  gpointer             progress_data;
  GMainContext        *context;
  GSource             *bus_source;
  GSource             *timer_source;
  GSource             *cancel_source;
  gint                 frames_encoded;  /* atomic: written by the streaming thread */
  double               last_fraction;
} ClipRender;

static void
clip_render_stop (ClipRender *render)
{
  if (render->bus_source != NULL)
    {
      g_source_destroy (render->bus_source);
      g_clear_pointer (&render->bus_source, g_source_unref);
    }
  if (render->timer_source != NULL)
    {
      g_source_destroy (render->timer_source);
      g_clear_pointer (&render->timer_source, g_source_unref);
    }
  if (render->cancel_source != NULL)
    {
      g_source_destroy (render->cancel_source);
      g_clear_pointer (&render->cancel_source, g_source_unref);
    }
  if (render->pipeline != NULL)
    {
      gst_element_set_state (render->pipeline, GST_STATE_NULL);
      gst_clear_object (&render->pipeline);
    }
  /* Whatever did not make it to @path is a partial file: never leave it. */
  if (render->part_path != NULL)
    g_unlink (render->part_path);
  if (render->moov_path != NULL)
    g_unlink (render->moov_path);
}

static void
clip_render_free (gpointer data)
{
  ClipRender *render = data;

  clip_render_stop (render);
  g_free (render->markup_label);
  g_free (render->path);
  g_free (render->part_path);
  g_free (render->moov_path);
  g_clear_pointer (&render->context, g_main_context_unref);
  g_free (render);
}

static void
report_progress (ClipRender *render,
                 double      fraction)
{
  fraction = CLAMP (fraction, 0.0, 1.0);
  if (render->progress == NULL || fraction <= render->last_fraction)
    return;
  render->last_fraction = fraction;
  render->progress (fraction, render->progress_data);
}

/* The clock on each frame is the clip's own time, start plus the
 * frame's timestamp, not the time of rendering. */
static GstPadProbeReturn
on_overlay_buffer (GstPad          *pad,
                   GstPadProbeInfo *info,
                   gpointer         user_data)
{
  ClipRender *render = user_data;
  GstBuffer *buffer = GST_PAD_PROBE_INFO_BUFFER (info);
  GstElement *overlay = gst_pad_get_parent_element (pad);
  gint64 offset_us = 0;
  g_autofree char *clock = NULL;
  g_autofree char *text = NULL;

  if (GST_BUFFER_PTS_IS_VALID (buffer))
    offset_us = GST_BUFFER_PTS (buffer) / GST_USECOND;
  clock = _rtcc_sim_media_format_clock (render->start_us + offset_us);
  text = g_strdup_printf ("%s\n%s", render->markup_label, clock);
  g_object_set (overlay, "text", text, NULL);
  gst_object_unref (overlay);

  return GST_PAD_PROBE_OK;
}

static GstPadProbeReturn
on_encoded_buffer (GstPad          *pad,
                   GstPadProbeInfo *info,
                   gpointer         user_data)
{
  ClipRender *render = user_data;

  g_atomic_int_inc (&render->frames_encoded);
  return GST_PAD_PROBE_OK;
}

/* The muxer's output is bytes, so a time query on the pipeline says
 * nothing useful; the encoder's frame count is the honest measure. */
static gboolean
on_progress_timer (gpointer user_data)
{
  GTask *task = user_data;
  ClipRender *render = g_task_get_task_data (task);
  guint done = (guint) g_atomic_int_get (&render->frames_encoded);

  /* 1.0 is kept for when the file is in place. */
  report_progress (render, MIN (0.99, (double) done / render->n_frames));
  return G_SOURCE_CONTINUE;
}

static void
finish_with_error (GTask  *task,
                   GError *error)
{
  ClipRender *render = g_task_get_task_data (task);

  clip_render_stop (render);
  g_task_return_error (task, error);
  g_object_unref (task);
}

static void
finish_with_success (GTask *task)
{
  ClipRender *render = g_task_get_task_data (task);
  int saved_errno;

  /* Stopping the pipeline first closes the file the muxer finished. */
  if (render->pipeline != NULL)
    {
      gst_element_set_state (render->pipeline, GST_STATE_NULL);
      gst_clear_object (&render->pipeline);
    }

  if (g_rename (render->part_path, render->path) != 0)
    {
      saved_errno = errno;
      finish_with_error (task, g_error_new (RTCC_SIM_MEDIA_ERROR, RTCC_SIM_MEDIA_ERROR_IO,
                                            _("Could not move the rendered clip to %s: %s"),
                                            render->path, g_strerror (saved_errno)));
      return;
    }

  report_progress (render, 1.0);
  clip_render_stop (render);
  g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

static GError *
error_from_message (GstMessage *message)
{
  g_autoptr(GError) gst_error = NULL;
  g_autofree char *debug = NULL;

  gst_message_parse_error (message, &gst_error, &debug);
  g_debug ("Clip pipeline error from %s: %s", GST_OBJECT_NAME (GST_MESSAGE_SRC (message)),
           debug != NULL ? debug : "(no details)");
  if (g_error_matches (gst_error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_OPEN_WRITE) ||
      g_error_matches (gst_error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_OPEN_READ_WRITE) ||
      g_error_matches (gst_error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_WRITE) ||
      g_error_matches (gst_error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NO_SPACE_LEFT))
    return g_error_new (RTCC_SIM_MEDIA_ERROR, RTCC_SIM_MEDIA_ERROR_IO,
                        _("Could not write the clip: %s"), gst_error->message);
  return g_error_new (RTCC_SIM_MEDIA_ERROR, RTCC_SIM_MEDIA_ERROR_PIPELINE,
                      _("Rendering the clip failed: %s"), gst_error->message);
}

static gboolean
on_bus_message (GstBus     *bus,
                GstMessage *message,
                gpointer    user_data)
{
  GTask *task = user_data;

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_EOS:
      finish_with_success (task);
      return G_SOURCE_REMOVE;

    case GST_MESSAGE_ERROR:
      finish_with_error (task, error_from_message (message));
      return G_SOURCE_REMOVE;

    default:
      return G_SOURCE_CONTINUE;
    }
}

static gboolean
on_cancelled (GCancellable *cancellable,
              gpointer      user_data)
{
  GTask *task = user_data;
  ClipRender *render = g_task_get_task_data (task);

  clip_render_stop (render);
  g_task_return_error_if_cancelled (task);
  g_object_unref (task);
  return G_SOURCE_REMOVE;
}

static gboolean
build_pipeline (ClipRender  *render,
                GError     **error)
{
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstCaps) caps = NULL;
  g_autoptr(GstPad) overlay_sink = NULL;
  g_autoptr(GstPad) encoder_src = NULL;
  GstElement *src = NULL, *filter = NULL, *overlay = NULL, *convert = NULL;
  GstElement *encoder = NULL, *mux = NULL, *sink = NULL;

  if (!(src = _rtcc_sim_media_make_element ("videotestsrc", "src", error)) ||
      !(filter = _rtcc_sim_media_make_element ("capsfilter", "filter", error)) ||
      !(overlay = _rtcc_sim_media_make_element ("textoverlay", "burnin", error)) ||
      !(convert = _rtcc_sim_media_make_element ("videoconvert", "convert", error)) ||
      !(encoder = _rtcc_sim_media_make_element ("x264enc", "encoder", error)) ||
      !(mux = _rtcc_sim_media_make_element ("mp4mux", "mux", error)) ||
      !(sink = _rtcc_sim_media_make_element ("filesink", "sink", error)))
    {
      /* Elements made before the missing one are floating: sink them. */
      GstElement *made[] = { src, filter, overlay, convert, encoder, mux };
      for (guint i = 0; i < G_N_ELEMENTS (made) && made[i] != NULL; i++)
        gst_object_unref (gst_object_ref_sink (made[i]));
      return FALSE;
    }

  pipeline = gst_object_ref_sink (gst_pipeline_new ("rtcc-sim-clip"));
  gst_bin_add_many (GST_BIN (pipeline), src, filter, overlay, convert, encoder, mux, sink, NULL);

  g_object_set (src,
                "num-buffers", (int) render->n_frames,
                "pattern", 18 /* ball */,
                "motion", 0 /* wavy */,
                "background-color", 0xff28343c,
                NULL);
  caps = gst_caps_new_simple ("video/x-raw",
                              "width", G_TYPE_INT, CLIP_WIDTH,
                              "height", G_TYPE_INT, CLIP_HEIGHT,
                              "framerate", GST_TYPE_FRACTION, CLIP_FPS, 1,
                              NULL);
  g_object_set (filter, "caps", caps, NULL);
  g_object_set (overlay,
                "font-desc", "Sans Bold 10",
                "auto-resize", FALSE,
                "valignment", 2 /* top */,
                "halignment", 0 /* left */,
                "line-alignment", 0 /* left */,
                "shaded-background", TRUE,
                NULL);
  gst_util_set_object_arg (G_OBJECT (encoder), "speed-preset", "ultrafast");
  gst_util_set_object_arg (G_OBJECT (encoder), "tune", "zerolatency");
  g_object_set (encoder,
                "key-int-max", CLIP_FPS * 2,
                "bitrate", 400,
                "threads", 2,
                NULL);
  g_object_set (mux,
                "faststart", TRUE,
                "faststart-file", render->moov_path,
                NULL);
  g_object_set (sink, "location", render->part_path, NULL);

  if (!gst_element_link_many (src, filter, overlay, convert, encoder, mux, sink, NULL))
    {
      g_set_error_literal (error, RTCC_SIM_MEDIA_ERROR, RTCC_SIM_MEDIA_ERROR_PIPELINE,
                           _("Could not link the clip pipeline: the installed GStreamer "
                             "elements do not fit together"));
      return FALSE;
    }

  overlay_sink = gst_element_get_static_pad (overlay, "video_sink");
  gst_pad_add_probe (overlay_sink, GST_PAD_PROBE_TYPE_BUFFER, on_overlay_buffer, render, NULL);
  encoder_src = gst_element_get_static_pad (encoder, "src");
  gst_pad_add_probe (encoder_src, GST_PAD_PROBE_TYPE_BUFFER, on_encoded_buffer, render, NULL);

  render->pipeline = g_steal_pointer (&pipeline);
  return TRUE;
}

/**
 * rtcc_sim_media_render_clip_async:
 * @label: burned into every frame, e.g. the camera's name
 * @start: the time of the clip's first frame; the burned-in clock counts
 *   on from it
 * @duration_s: clip length in seconds, 1 to %RTCC_SIM_MEDIA_MAX_CLIP_S
 * @path: the MP4 file to write; it appears only once complete
 * @progress: (nullable) (scope notified): called on the caller's
 *   thread-default main context with the fraction done, last with 1.0
 * @progress_data: data for @progress
 * @cancellable: (nullable): cancels the render and removes the partial file
 * @callback: called when the clip is written or has failed
 * @user_data: data for @callback
 *
 * Renders an H.264 MP4 (moov first, so it streams while downloading) of
 * a moving scene with @label and the clip's clock burned in. GStreamer does
 * the work on its own threads; progress and completion come back on the
 * thread-default main context of the caller.
 */
void
rtcc_sim_media_render_clip_async (const char          *label,
                                  GDateTime           *start,
                                  guint                duration_s,
                                  const char          *path,
                                  RtccSimProgressFunc  progress,
                                  gpointer             progress_data,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GstBus) bus = NULL;
  g_autofree char *clean_label = NULL;
  ClipRender *render;

  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, rtcc_sim_media_render_clip_async);
  g_task_set_name (task, "rtcc-sim-media-render-clip");

  if (label == NULL || !g_utf8_validate (label, -1, NULL) || start == NULL ||
      path == NULL || path[0] == '\0')
    {
      g_task_return_new_error (task, RTCC_SIM_MEDIA_ERROR, RTCC_SIM_MEDIA_ERROR_INVALID_ARGUMENT,
                               _("A clip needs a UTF-8 label, a start time and a file to write"));
      return;
    }
  if (duration_s == 0 || duration_s > RTCC_SIM_MEDIA_MAX_CLIP_S)
    {
      g_task_return_new_error (task, RTCC_SIM_MEDIA_ERROR, RTCC_SIM_MEDIA_ERROR_INVALID_ARGUMENT,
                               _("A clip of %u s cannot be rendered; lengths go from 1 to %u s"),
                               duration_s, RTCC_SIM_MEDIA_MAX_CLIP_S);
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;
  if (!_rtcc_sim_media_ensure_gst (&error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  render = g_new0 (ClipRender, 1);
  clean_label = _rtcc_sim_media_clean_label (label, CLIP_LABEL_CHARS);
  /* textoverlay reads Pango markup: a label with "<" or "&" is text. */
  render->markup_label = g_markup_escape_text (clean_label, -1);
  render->start_us = g_date_time_to_unix (start) * G_USEC_PER_SEC +
                     g_date_time_get_microsecond (start);
  render->n_frames = duration_s * CLIP_FPS;
  render->path = g_strdup (path);
  render->part_path = g_strconcat (path, ".part", NULL);
  render->moov_path = g_strconcat (path, ".moov", NULL);
  render->progress = progress;
  render->progress_data = progress_data;
  render->context = g_main_context_ref_thread_default ();
  g_task_set_task_data (task, render, clip_render_free);

  if (!build_pipeline (render, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  bus = gst_element_get_bus (render->pipeline);
  render->bus_source = gst_bus_create_watch (bus);
  g_source_set_callback (render->bus_source, G_SOURCE_FUNC (on_bus_message), task, NULL);
  g_source_attach (render->bus_source, render->context);

  render->timer_source = g_timeout_source_new (PROGRESS_MS);
  g_source_set_callback (render->timer_source, on_progress_timer, task, NULL);
  g_source_attach (render->timer_source, render->context);

  if (cancellable != NULL)
    {
      render->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (render->cancel_source, G_SOURCE_FUNC (on_cancelled), task, NULL);
      g_source_attach (render->cancel_source, render->context);
    }

  /* A failure to start (say, an unwritable folder) also posts an error on
   * the bus, which the watch turns into the task's error. */
  gst_element_set_state (render->pipeline, GST_STATE_PLAYING);

  /* The sources hold the task until it returns. */
  g_steal_pointer (&task);
}

/**
 * rtcc_sim_media_render_clip_finish:
 *
 * Returns: %TRUE when the clip is written at the path given
 */
gboolean
rtcc_sim_media_render_clip_finish (GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rtcc_sim_media_render_clip_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
