/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccMilestone"

#include "config.h"

#include <math.h>

#include "rtcc-camera-geometry.h"

/* Mean Earth radius (IUGG); the error against the ellipsoid is well under
 * a metre at the few hundred metres a camera sees. */
#define EARTH_RADIUS_M 6371008.8
/* A point this close to the lens is in view whatever the bearing: the
 * bearing of a point on the camera itself means nothing. */
#define AT_CAMERA_M    0.5

static inline double
rad (double deg)
{
  return deg * G_PI / 180.0;
}

static inline double
deg (double rad)
{
  return rad * 180.0 / G_PI;
}

/**
 * rtcc_geo_distance_m:
 *
 * Returns: the great-circle (haversine) distance in metres
 */
double
rtcc_geo_distance_m (double lat1,
                     double lon1,
                     double lat2,
                     double lon2)
{
  double dlat = rad (lat2 - lat1);
  double dlon = rad (lon2 - lon1);
  double a = sin (dlat / 2) * sin (dlat / 2) +
             cos (rad (lat1)) * cos (rad (lat2)) * sin (dlon / 2) * sin (dlon / 2);

  return 2 * EARTH_RADIUS_M * atan2 (sqrt (a), sqrt (MAX (0.0, 1 - a)));
}

/**
 * rtcc_geo_bearing_deg:
 *
 * Returns: the initial bearing from the first point to the second, in
 *   degrees clockwise from north, in [0, 360)
 */
double
rtcc_geo_bearing_deg (double lat1,
                      double lon1,
                      double lat2,
                      double lon2)
{
  double dlon = rad (lon2 - lon1);
  double y = sin (dlon) * cos (rad (lat2));
  double x = cos (rad (lat1)) * sin (rad (lat2)) - sin (rad (lat1)) * cos (rad (lat2)) * cos (dlon);
  double b = fmod (deg (atan2 (y, x)) + 360.0, 360.0);

  return b >= 360.0 ? 0.0 : b;
}

/**
 * rtcc_geo_angle_between_deg:
 *
 * Returns: the smaller angle between two bearings, in [0, 180]; 350° and
 *   10° are 20° apart, not 340°
 */
double
rtcc_geo_angle_between_deg (double a_deg,
                            double b_deg)
{
  double d = fmod (fabs (a_deg - b_deg), 360.0);

  return d > 180.0 ? 360.0 - d : d;
}

/**
 * rtcc_geo_wedge_covers:
 * @lat: the camera's latitude
 * @lon: the camera's longitude
 * @direction_deg: where it looks, clockwise from north
 * @fov_deg: its horizontal angle of view
 * @depth_m: how far it sees
 * @point_lat: the point's latitude
 * @point_lon: the point's longitude
 *
 * Returns: whether the point lies in the wedge, edges included
 */
gboolean
rtcc_geo_wedge_covers (double lat,
                       double lon,
                       double direction_deg,
                       double fov_deg,
                       double depth_m,
                       double point_lat,
                       double point_lon)
{
  double distance, bearing;

  if (!(depth_m > 0.0) || !(fov_deg > 0.0))
    return FALSE;
  distance = rtcc_geo_distance_m (lat, lon, point_lat, point_lon);
  if (distance > depth_m)
    return FALSE;
  if (distance < AT_CAMERA_M || fov_deg >= 360.0)
    return TRUE;
  bearing = rtcc_geo_bearing_deg (lat, lon, point_lat, point_lon);
  /* A hair of tolerance so that a point on the edge counts despite rounding. */
  return rtcc_geo_angle_between_deg (bearing, direction_deg) <= fov_deg / 2.0 + 1e-9;
}

/**
 * rtcc_camera_covers:
 *
 * Returns: whether @camera, placed and with a known field of view, sees
 *   the point
 */
gboolean
rtcc_camera_covers (RtccCamera *camera,
                    double      lat,
                    double      lon)
{
  double clat, clon;

  if (!rtcc_camera_get_location (camera, &clat, &clon) || !rtcc_camera_get_has_coverage (camera))
    return FALSE;
  return rtcc_geo_wedge_covers (clat, clon, rtcc_camera_get_direction_deg (camera),
                                rtcc_camera_get_fov_deg (camera), rtcc_camera_get_depth_m (camera),
                                lat, lon);
}

void
rtcc_camera_match_free (RtccCameraMatch *match)
{
  if (match == NULL)
    return;
  g_clear_object (&match->camera);
  g_free (match);
}

static int
compare_matches (gconstpointer a,
                 gconstpointer b)
{
  const RtccCameraMatch *x = *(RtccCameraMatch * const *) a;
  const RtccCameraMatch *y = *(RtccCameraMatch * const *) b;

  if (x->in_view != y->in_view)
    return x->in_view ? -1 : 1;
  if (x->distance_m != y->distance_m)
    return x->distance_m < y->distance_m ? -1 : 1;
  /* Same distance: a stable order, so the grid does not reshuffle. */
  return g_strcmp0 (rtcc_camera_get_id (x->camera), rtcc_camera_get_id (y->camera));
}

/**
 * rtcc_camera_rank_for_location:
 * @cameras: (element-type RtccCamera): the cameras to consider
 * @lat: the place of interest
 * @lon: the place of interest
 * @max_distance_m: cameras farther than this are left out, whether or not
 *   their view reaches (none reaches this far in practice)
 *
 * The cameras an analyst wants for a spot: those that see it, nearest
 * first, then the nearest ones that do not (they may be turned, or see
 * the approach). Cameras placed nowhere and disabled cameras are left
 * out: they cannot show the spot.
 *
 * Returns: (transfer full) (element-type RtccCameraMatch): the ranking
 */
GPtrArray *
rtcc_camera_rank_for_location (GPtrArray *cameras,
                               double     lat,
                               double     lon,
                               double     max_distance_m)
{
  GPtrArray *matches = g_ptr_array_new_with_free_func ((GDestroyNotify) rtcc_camera_match_free);

  for (guint i = 0; cameras != NULL && i < cameras->len; i++)
    {
      RtccCamera *camera = g_ptr_array_index (cameras, i);
      RtccCameraMatch *match;
      double clat, clon, distance;

      if (!rtcc_camera_get_enabled (camera) || !rtcc_camera_get_location (camera, &clat, &clon))
        continue;
      distance = rtcc_geo_distance_m (clat, clon, lat, lon);
      if (distance > max_distance_m)
        continue;
      match = g_new0 (RtccCameraMatch, 1);
      match->camera = g_object_ref (camera);
      match->distance_m = distance;
      match->bearing_deg = rtcc_geo_bearing_deg (clat, clon, lat, lon);
      match->in_view = rtcc_camera_covers (camera, lat, lon);
      g_ptr_array_add (matches, match);
    }
  g_ptr_array_sort (matches, compare_matches);
  return matches;
}
