/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "bwc/rtcc-bwc-integration.h"
#include "rtcc-video-paintable.h"

G_BEGIN_DECLS

/**
 * RtccBwcPlayerState:
 * @RTCC_BWC_PLAYER_IDLE: nothing loaded
 * @RTCC_BWC_PLAYER_LOADING: fetching a link or the first frame
 * @RTCC_BWC_PLAYER_PAUSED: loaded and paused
 * @RTCC_BWC_PLAYER_PLAYING: playing
 * @RTCC_BWC_PLAYER_RENEWING: the link expired; a new one is on its way
 * @RTCC_BWC_PLAYER_ENDED: played to the end
 * @RTCC_BWC_PLAYER_FAILED: cannot play; see rtcc_bwc_player_get_error()
 */
typedef enum
{
  RTCC_BWC_PLAYER_IDLE,
  RTCC_BWC_PLAYER_LOADING,
  RTCC_BWC_PLAYER_PAUSED,
  RTCC_BWC_PLAYER_PLAYING,
  RTCC_BWC_PLAYER_RENEWING,
  RTCC_BWC_PLAYER_ENDED,
  RTCC_BWC_PLAYER_FAILED,
} RtccBwcPlayerState;

#define RTCC_TYPE_BWC_PLAYER_STATE (rtcc_bwc_player_state_get_type ())
GType rtcc_bwc_player_state_get_type (void) G_GNUC_CONST;

#define RTCC_TYPE_BWC_PLAYER (rtcc_bwc_player_get_type ())
G_DECLARE_FINAL_TYPE (RtccBwcPlayer, rtcc_bwc_player, RTCC, BWC_PLAYER, GObject)

RtccBwcPlayer      *rtcc_bwc_player_new              (RtccBwcIntegration *bwc);
void                rtcc_bwc_player_open             (RtccBwcPlayer      *self,
                                                      const char         *recording_id);
void                rtcc_bwc_player_stop             (RtccBwcPlayer      *self);
void                rtcc_bwc_player_play             (RtccBwcPlayer      *self);
void                rtcc_bwc_player_pause            (RtccBwcPlayer      *self);
void                rtcc_bwc_player_seek             (RtccBwcPlayer      *self,
                                                      gint64              position_ms);
const char         *rtcc_bwc_player_get_recording_id (RtccBwcPlayer      *self);
RtccBwcPlayerState  rtcc_bwc_player_get_state        (RtccBwcPlayer      *self);
gint64              rtcc_bwc_player_get_position_ms  (RtccBwcPlayer      *self);
gint64              rtcc_bwc_player_get_duration_ms  (RtccBwcPlayer      *self);
guint               rtcc_bwc_player_get_renewals     (RtccBwcPlayer      *self);
guint64             rtcc_bwc_player_get_frame_count  (RtccBwcPlayer      *self);
const char         *rtcc_bwc_player_get_error        (RtccBwcPlayer      *self);
RtccVideoPaintable *rtcc_bwc_player_get_paintable    (RtccBwcPlayer      *self);

G_END_DECLS
