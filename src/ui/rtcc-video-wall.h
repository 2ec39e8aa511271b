/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rtcc-camera-model.h"
#include "rtcc-clip-export-dialog.h"
#include "rtcc-video-view.h"

G_BEGIN_DECLS

#define RTCC_VIDEO_WALL_MAX_TILES 9

#define RTCC_TYPE_VIDEO_WALL (rtcc_video_wall_get_type ())
G_DECLARE_FINAL_TYPE (RtccVideoWall, rtcc_video_wall, RTCC, VIDEO_WALL, AdwWindow)

RtccVideoWall   *rtcc_video_wall_new           (GtkApplication  *application,
                                                RtccCameraModel *cameras);
RtccCameraModel *rtcc_video_wall_get_cameras   (RtccVideoWall   *self);
void             rtcc_video_wall_set_layout    (RtccVideoWall   *self,
                                                guint            n_tiles);
guint            rtcc_video_wall_get_layout    (RtccVideoWall   *self);
RtccVideoView   *rtcc_video_wall_get_tile      (RtccVideoWall   *self,
                                                guint            index);
int              rtcc_video_wall_open_camera   (RtccVideoWall   *self,
                                                const char      *camera_id,
                                                int              tile);
guint            rtcc_video_wall_open_cameras  (RtccVideoWall   *self,
                                                const char * const *camera_ids);
void             rtcc_video_wall_show_first_cameras (RtccVideoWall *self,
                                                guint            n_cameras);
RtccClipExportDialog *rtcc_video_wall_export_clip (RtccVideoWall *self,
                                                const char      *camera_id);

GStrv            rtcc_cameras_that_see         (GPtrArray       *cameras,
                                                double           lat,
                                                double           lon,
                                                guint            max_cameras,
                                                guint           *n_in_view);

G_END_DECLS
