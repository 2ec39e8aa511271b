/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <shumate/shumate.h>

#include "rtcc-geo-area.h"

G_BEGIN_DECLS

typedef enum
{
  RTCC_AREA_LAYER_SHOW,
  RTCC_AREA_LAYER_DRAW_BOX,
  RTCC_AREA_LAYER_PICK_POINT,
} RtccAreaLayerMode;

#define RTCC_TYPE_AREA_LAYER (rtcc_area_layer_get_type ())
G_DECLARE_FINAL_TYPE (RtccAreaLayer, rtcc_area_layer, RTCC, AREA_LAYER, ShumateLayer)

RtccAreaLayer     *rtcc_area_layer_new         (ShumateViewport   *viewport);
void               rtcc_area_layer_set_area    (RtccAreaLayer     *self,
                                                const RtccGeoArea *area);
void               rtcc_area_layer_get_area    (RtccAreaLayer     *self,
                                                RtccGeoArea       *area);
void               rtcc_area_layer_set_mode    (RtccAreaLayer     *self,
                                                RtccAreaLayerMode  mode);
RtccAreaLayerMode  rtcc_area_layer_get_mode    (RtccAreaLayer     *self);
void               rtcc_area_layer_drag_begin  (RtccAreaLayer     *self,
                                                double             x,
                                                double             y);
void               rtcc_area_layer_drag_update (RtccAreaLayer     *self,
                                                double             x,
                                                double             y);
gboolean           rtcc_area_layer_drag_end    (RtccAreaLayer     *self,
                                                double             x,
                                                double             y);
gboolean           rtcc_area_layer_pick        (RtccAreaLayer     *self,
                                                double             x,
                                                double             y);
void               rtcc_area_layer_cancel      (RtccAreaLayer     *self);

G_END_DECLS
