/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <shumate/shumate.h>

#include "rtcc-event.h"

G_BEGIN_DECLS

#define RTCC_TYPE_TRACK_LAYER (rtcc_track_layer_get_type ())
G_DECLARE_FINAL_TYPE (RtccTrackLayer, rtcc_track_layer, RTCC, TRACK_LAYER, ShumateLayer)

RtccTrackLayer *rtcc_track_layer_new          (ShumateViewport  *viewport);
guint           rtcc_track_layer_set_reads    (RtccTrackLayer   *self,
                                               GListModel       *reads);
void            rtcc_track_layer_clear        (RtccTrackLayer   *self);
guint           rtcc_track_layer_get_n_points (RtccTrackLayer   *self);
RtccEvent      *rtcc_track_layer_get_read     (RtccTrackLayer   *self,
                                               guint             index);
gboolean        rtcc_track_layer_get_point    (RtccTrackLayer   *self,
                                               guint             index,
                                               graphene_point_t *point);
gboolean        rtcc_track_layer_get_bounds   (RtccTrackLayer   *self,
                                               double           *south,
                                               double           *west,
                                               double           *north,
                                               double           *east);
guint           rtcc_track_layer_get_n_drawn  (RtccTrackLayer   *self);

G_END_DECLS
