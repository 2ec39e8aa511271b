/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "rtcc-video-paintable.h"

G_BEGIN_DECLS

/**
 * RtccVideoState:
 * @RTCC_VIDEO_STATE_IDLE: no stream
 * @RTCC_VIDEO_STATE_CONNECTING: waiting for the first frame
 * @RTCC_VIDEO_STATE_PLAYING: frames are arriving
 * @RTCC_VIDEO_STATE_RECONNECTING: the stream was lost; a new one is on its way
 */
typedef enum
{
  RTCC_VIDEO_STATE_IDLE,
  RTCC_VIDEO_STATE_CONNECTING,
  RTCC_VIDEO_STATE_PLAYING,
  RTCC_VIDEO_STATE_RECONNECTING,
} RtccVideoState;

#define RTCC_TYPE_VIDEO_STATE (rtcc_video_state_get_type ())
GType rtcc_video_state_get_type (void) G_GNUC_CONST;

#define RTCC_TYPE_VIDEO_VIEW (rtcc_video_view_get_type ())
G_DECLARE_FINAL_TYPE (RtccVideoView, rtcc_video_view, RTCC, VIDEO_VIEW, GtkWidget)

GtkWidget          *rtcc_video_view_new                (void);
void                rtcc_video_view_play               (RtccVideoView *self,
                                                        const char    *camera_id,
                                                        const char    *camera_name,
                                                        const char    *uri);
void                rtcc_video_view_stop               (RtccVideoView *self);
void                rtcc_video_view_set_message        (RtccVideoView *self,
                                                        const char    *camera_id,
                                                        const char    *camera_name,
                                                        const char    *message);
const char         *rtcc_video_view_get_camera_id      (RtccVideoView *self);
const char         *rtcc_video_view_get_camera_name    (RtccVideoView *self);
RtccVideoState      rtcc_video_view_get_state          (RtccVideoView *self);
gint64              rtcc_video_view_get_first_frame_ms (RtccVideoView *self);
guint64             rtcc_video_view_get_frame_count    (RtccVideoView *self);
guint               rtcc_video_view_get_reconnects     (RtccVideoView *self);
gint64              rtcc_video_view_get_live_delay_us  (RtccVideoView *self);
guint64             rtcc_video_view_get_dropped_frames (RtccVideoView *self);
RtccVideoPaintable *rtcc_video_view_get_paintable      (RtccVideoView *self);
void                rtcc_video_view_set_stall_timeout  (RtccVideoView *self,
                                                        guint          msec);
guint               rtcc_video_view_get_pending_teardowns (void);

G_END_DECLS
