/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "rtcc-video-paintable.h"

G_BEGIN_DECLS

#define RTCC_TYPE_CLIP_PLAYER (rtcc_clip_player_get_type ())
G_DECLARE_FINAL_TYPE (RtccClipPlayer, rtcc_clip_player, RTCC, CLIP_PLAYER, GObject)

RtccClipPlayer     *rtcc_clip_player_new           (void);
gboolean            rtcc_clip_player_open          (RtccClipPlayer *self,
                                                    GFile          *file,
                                                    GError        **error);
void                rtcc_clip_player_close         (RtccClipPlayer *self);
void                rtcc_clip_player_play          (RtccClipPlayer *self);
void                rtcc_clip_player_pause         (RtccClipPlayer *self);
void                rtcc_clip_player_seek          (RtccClipPlayer *self,
                                                    gint64          position_ns);
gboolean            rtcc_clip_player_get_playing   (RtccClipPlayer *self);
gint64              rtcc_clip_player_get_position  (RtccClipPlayer *self);
gint64              rtcc_clip_player_get_duration  (RtccClipPlayer *self);
guint64             rtcc_clip_player_get_frame_count (RtccClipPlayer *self);
const char         *rtcc_clip_player_get_error     (RtccClipPlayer *self);
RtccVideoPaintable *rtcc_clip_player_get_paintable (RtccClipPlayer *self);

G_END_DECLS
