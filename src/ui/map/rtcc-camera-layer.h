/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <shumate/shumate.h>

#include "milestone/rtcc-camera.h"

G_BEGIN_DECLS

/* Points on a wedge's arc, from one edge of the field of view to the other. */
#define RTCC_CAMERA_LAYER_ARC_POINTS 9

#define RTCC_TYPE_CAMERA_LAYER (rtcc_camera_layer_get_type ())
G_DECLARE_FINAL_TYPE (RtccCameraLayer, rtcc_camera_layer, RTCC, CAMERA_LAYER, ShumateLayer)

RtccCameraLayer *rtcc_camera_layer_new             (ShumateViewport    *viewport);
void             rtcc_camera_layer_set_model       (RtccCameraLayer    *self,
                                                    GListModel         *cameras);
GListModel      *rtcc_camera_layer_get_model       (RtccCameraLayer    *self);
void             rtcc_camera_layer_set_highlighted (RtccCameraLayer    *self,
                                                    const char * const *camera_ids);
gboolean         rtcc_camera_layer_is_highlighted  (RtccCameraLayer    *self,
                                                    const char         *camera_id);
gboolean         rtcc_camera_layer_get_wedge       (RtccCameraLayer    *self,
                                                    RtccCamera         *camera,
                                                    graphene_point_t   *apex,
                                                    graphene_point_t    arc[RTCC_CAMERA_LAYER_ARC_POINTS]);
RtccCamera      *rtcc_camera_layer_pick            (RtccCameraLayer    *self,
                                                    double              x,
                                                    double              y);
guint            rtcc_camera_layer_get_n_drawn     (RtccCameraLayer    *self);

void             rtcc_geo_destination              (double              lat,
                                                    double              lon,
                                                    double              bearing_deg,
                                                    double              distance_m,
                                                    double             *dest_lat,
                                                    double             *dest_lon);

G_END_DECLS
