/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "milestone/rtcc-camera.h"
#include "milestone/rtcc-milestone-integration.h"

G_BEGIN_DECLS

#define RTCC_TYPE_CAMERA_MODEL (rtcc_camera_model_get_type ())
G_DECLARE_FINAL_TYPE (RtccCameraModel, rtcc_camera_model, RTCC, CAMERA_MODEL, GObject)

RtccCameraModel          *rtcc_camera_model_new             (RtccMilestoneIntegration *milestone);
RtccMilestoneIntegration *rtcc_camera_model_get_milestone   (RtccCameraModel          *self);
void                      rtcc_camera_model_refresh         (RtccCameraModel          *self);
void                      rtcc_camera_model_set_cameras     (RtccCameraModel          *self,
                                                             GPtrArray                *cameras);
RtccCamera               *rtcc_camera_model_lookup          (RtccCameraModel          *self,
                                                             const char               *camera_id);
GPtrArray                *rtcc_camera_model_to_array        (RtccCameraModel          *self);
gboolean                  rtcc_camera_model_get_loading     (RtccCameraModel          *self);
const char               *rtcc_camera_model_get_error       (RtccCameraModel          *self);
void                      rtcc_camera_model_refresh_status  (RtccCameraModel          *self);
void                      rtcc_camera_model_refresh_camera  (RtccCameraModel          *self,
                                                             const char               *camera_id);
void                      rtcc_camera_model_set_status_interval (RtccCameraModel      *self,
                                                             guint                     interval_ms);

G_END_DECLS
