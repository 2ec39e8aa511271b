/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gst/gst.h>
#include <gtk/gtk.h>

G_BEGIN_DECLS

#define RTCC_TYPE_VIDEO_PAINTABLE (rtcc_video_paintable_get_type ())
G_DECLARE_FINAL_TYPE (RtccVideoPaintable, rtcc_video_paintable, RTCC, VIDEO_PAINTABLE, GObject)

RtccVideoPaintable *rtcc_video_paintable_new         (void);
void                rtcc_video_paintable_set_texture (RtccVideoPaintable *self,
                                                      GdkTexture         *texture);
GdkTexture         *rtcc_video_paintable_get_texture (RtccVideoPaintable *self);
GdkTexture         *rtcc_video_paintable_texture_from_sample (GstSample *sample);

G_END_DECLS
