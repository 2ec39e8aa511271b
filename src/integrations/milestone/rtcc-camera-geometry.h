/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rtcc-camera.h"

G_BEGIN_DECLS

/**
 * RtccCameraMatch:
 * @camera: a camera
 * @distance_m: great-circle distance from the camera to the point
 * @bearing_deg: initial bearing from the camera to the point, [0, 360)
 * @in_view: whether the point is inside the camera's field of view
 */
typedef struct
{
  RtccCamera *camera;
  double      distance_m;
  double      bearing_deg;
  gboolean    in_view;
} RtccCameraMatch;

void       rtcc_camera_match_free          (RtccCameraMatch *match);

double     rtcc_geo_distance_m             (double      lat1,
                                            double      lon1,
                                            double      lat2,
                                            double      lon2);
double     rtcc_geo_bearing_deg            (double      lat1,
                                            double      lon1,
                                            double      lat2,
                                            double      lon2);
double     rtcc_geo_angle_between_deg      (double      a_deg,
                                            double      b_deg);
gboolean   rtcc_geo_wedge_covers           (double      lat,
                                            double      lon,
                                            double      direction_deg,
                                            double      fov_deg,
                                            double      depth_m,
                                            double      point_lat,
                                            double      point_lon);
gboolean   rtcc_camera_covers              (RtccCamera *camera,
                                            double      lat,
                                            double      lon);
GPtrArray *rtcc_camera_rank_for_location   (GPtrArray  *cameras,
                                            double      lat,
                                            double      lon,
                                            double      max_distance_m);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RtccCameraMatch, rtcc_camera_match_free)

G_END_DECLS
