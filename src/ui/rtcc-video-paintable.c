/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccVideoPaintable"

#include "config.h"

#include <gst/video/video.h>

#include "rtcc-video-paintable.h"

/**
 * RtccVideoPaintable:
 *
 * The latest decoded frame of a video stream. A GtkPicture shows it;
 * only the contents are invalidated per frame, the size only when the
 * stream's resolution changes, so the layout is not redone 25 times a
 * second.
 */
struct _RtccVideoPaintable
{
  GObject     parent_instance;

  GdkTexture *texture;
};

static void rtcc_video_paintable_iface_init (GdkPaintableInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RtccVideoPaintable, rtcc_video_paintable, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GDK_TYPE_PAINTABLE, rtcc_video_paintable_iface_init))

static void
rtcc_video_paintable_snapshot (GdkPaintable *paintable,
                               GdkSnapshot  *snapshot,
                               double        width,
                               double        height)
{
  RtccVideoPaintable *self = RTCC_VIDEO_PAINTABLE (paintable);

  if (self->texture != NULL)
    gdk_paintable_snapshot (GDK_PAINTABLE (self->texture), snapshot, width, height);
}

static int
rtcc_video_paintable_get_intrinsic_width (GdkPaintable *paintable)
{
  RtccVideoPaintable *self = RTCC_VIDEO_PAINTABLE (paintable);

  return self->texture != NULL ? gdk_texture_get_width (self->texture) : 0;
}

static int
rtcc_video_paintable_get_intrinsic_height (GdkPaintable *paintable)
{
  RtccVideoPaintable *self = RTCC_VIDEO_PAINTABLE (paintable);

  return self->texture != NULL ? gdk_texture_get_height (self->texture) : 0;
}

static double
rtcc_video_paintable_get_intrinsic_aspect_ratio (GdkPaintable *paintable)
{
  RtccVideoPaintable *self = RTCC_VIDEO_PAINTABLE (paintable);

  if (self->texture == NULL || gdk_texture_get_height (self->texture) == 0)
    return 0.0;
  return (double) gdk_texture_get_width (self->texture) / gdk_texture_get_height (self->texture);
}

static void
rtcc_video_paintable_iface_init (GdkPaintableInterface *iface)
{
  iface->snapshot = rtcc_video_paintable_snapshot;
  iface->get_intrinsic_width = rtcc_video_paintable_get_intrinsic_width;
  iface->get_intrinsic_height = rtcc_video_paintable_get_intrinsic_height;
  iface->get_intrinsic_aspect_ratio = rtcc_video_paintable_get_intrinsic_aspect_ratio;
}

static void
rtcc_video_paintable_finalize (GObject *object)
{
  RtccVideoPaintable *self = RTCC_VIDEO_PAINTABLE (object);

  g_clear_object (&self->texture);

  G_OBJECT_CLASS (rtcc_video_paintable_parent_class)->finalize (object);
}

static void
rtcc_video_paintable_class_init (RtccVideoPaintableClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rtcc_video_paintable_finalize;
}

static void
rtcc_video_paintable_init (RtccVideoPaintable *self)
{
}

/**
 * rtcc_video_paintable_new:
 *
 * Returns: (transfer full): an empty paintable, of no size until a frame
 *   arrives
 */
RtccVideoPaintable *
rtcc_video_paintable_new (void)
{
  return g_object_new (RTCC_TYPE_VIDEO_PAINTABLE, NULL);
}

/**
 * rtcc_video_paintable_set_texture:
 * @texture: (nullable): the new frame, or %NULL to show nothing
 *
 * Shows @texture from the next frame the widget draws.
 */
void
rtcc_video_paintable_set_texture (RtccVideoPaintable *self,
                                  GdkTexture         *texture)
{
  gboolean resized;

  g_return_if_fail (RTCC_IS_VIDEO_PAINTABLE (self));
  g_return_if_fail (texture == NULL || GDK_IS_TEXTURE (texture));

  if (self->texture == texture)
    return;
  resized = self->texture == NULL || texture == NULL ||
            gdk_texture_get_width (self->texture) != gdk_texture_get_width (texture) ||
            gdk_texture_get_height (self->texture) != gdk_texture_get_height (texture);
  g_set_object (&self->texture, texture);
  if (resized)
    gdk_paintable_invalidate_size (GDK_PAINTABLE (self));
  gdk_paintable_invalidate_contents (GDK_PAINTABLE (self));
}

/**
 * rtcc_video_paintable_get_texture:
 *
 * Returns: (transfer none) (nullable): the frame shown now
 */
GdkTexture *
rtcc_video_paintable_get_texture (RtccVideoPaintable *self)
{
  g_return_val_if_fail (RTCC_IS_VIDEO_PAINTABLE (self), NULL);
  return self->texture;
}

typedef struct
{
  GstVideoFrame frame;
} MappedFrame;

static void
mapped_frame_free (gpointer data)
{
  MappedFrame *mapped = data;

  gst_video_frame_unmap (&mapped->frame);
  g_free (mapped);
}

/**
 * rtcc_video_paintable_texture_from_sample:
 * @sample: a decoded BGRA frame from an appsink
 *
 * Wraps the decoded buffer without copying it: the texture keeps the
 * buffer mapped until GTK is done with it.
 *
 * Returns: (transfer full) (nullable): a texture of the frame, or %NULL
 *   when the sample is not a BGRA video frame
 */
GdkTexture *
rtcc_video_paintable_texture_from_sample (GstSample *sample)
{
  GstCaps *caps = gst_sample_get_caps (sample);
  GstBuffer *buffer = gst_sample_get_buffer (sample);
  g_autoptr(GBytes) bytes = NULL;
  GstVideoInfo info;
  MappedFrame *mapped;
  gsize stride;
  int width, height;

  if (caps == NULL || buffer == NULL || !gst_video_info_from_caps (&info, caps))
    return NULL;
  if (GST_VIDEO_INFO_FORMAT (&info) != GST_VIDEO_FORMAT_BGRA)
    return NULL;

  mapped = g_new0 (MappedFrame, 1);
  if (!gst_video_frame_map (&mapped->frame, &info, buffer, GST_MAP_READ))
    {
      g_free (mapped);
      return NULL;
    }
  width = GST_VIDEO_FRAME_WIDTH (&mapped->frame);
  height = GST_VIDEO_FRAME_HEIGHT (&mapped->frame);
  stride = GST_VIDEO_FRAME_PLANE_STRIDE (&mapped->frame, 0);
  bytes = g_bytes_new_with_free_func (GST_VIDEO_FRAME_PLANE_DATA (&mapped->frame, 0),
                                      stride * height, mapped_frame_free, mapped);
  /* Video is opaque, so straight and premultiplied alpha are the same
   * here; premultiplied BGRA is what the renderers take without a copy. */
  return gdk_memory_texture_new (width, height, GDK_MEMORY_B8G8R8A8_PREMULTIPLIED, bytes, stride);
}
