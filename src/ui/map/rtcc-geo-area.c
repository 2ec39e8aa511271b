/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccGeoArea"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "rtcc-geo-area.h"
#include "milestone/rtcc-camera-geometry.h"

#define EARTH_RADIUS_M 6371008.8   /* as rtcc_geo_distance_m() uses */
/* Web Mercator stops here; a box beyond it cannot be drawn or fitted. */
#define MAX_MERCATOR_LAT 85.05112878

static inline double
deg2rad (double deg)
{
  return deg * G_PI / 180.0;
}

static gboolean
valid_lat_lon (double lat,
               double lon)
{
  return isfinite (lat) && isfinite (lon) && lat >= -90.0 && lat <= 90.0 && lon >= -180.0 && lon <= 180.0;
}

/**
 * rtcc_geo_area_set_anywhere:
 * @area: an area
 *
 * Makes @area match every place, and reads without a location too.
 */
void
rtcc_geo_area_set_anywhere (RtccGeoArea *area)
{
  g_return_if_fail (area != NULL);

  *area = (RtccGeoArea) { .kind = RTCC_GEO_AREA_ANYWHERE };
}

/**
 * rtcc_geo_area_set_box:
 * @area: an area
 * @lat1: one corner
 * @lon1: one corner
 * @lat2: the opposite corner
 * @lon2: the opposite corner
 *
 * Makes @area the box between two corners given in any order, as a drag
 * on the map gives them.
 *
 * Returns: %FALSE, leaving @area alone, when a corner is not a place on
 *   Earth or the box has no extent
 */
gboolean
rtcc_geo_area_set_box (RtccGeoArea *area,
                       double       lat1,
                       double       lon1,
                       double       lat2,
                       double       lon2)
{
  g_return_val_if_fail (area != NULL, FALSE);

  if (!valid_lat_lon (lat1, lon1) || !valid_lat_lon (lat2, lon2) || lat1 == lat2 || lon1 == lon2)
    return FALSE;
  *area = (RtccGeoArea) {
    .kind = RTCC_GEO_AREA_BOX,
    .south = MIN (lat1, lat2), .north = MAX (lat1, lat2),
    .west = MIN (lon1, lon2), .east = MAX (lon1, lon2),
  };
  return TRUE;
}

/**
 * rtcc_geo_area_set_circle:
 * @area: an area
 * @lat: the centre
 * @lon: the centre
 * @radius_m: metres, more than 0 and at most %RTCC_GEO_AREA_MAX_RADIUS_M
 *
 * Makes @area the circle of @radius_m around a point, with the box that
 * holds it, so a spatial index can narrow the search before the exact
 * distance decides.
 *
 * Returns: %FALSE, leaving @area alone, when the centre or radius is out
 *   of range
 */
gboolean
rtcc_geo_area_set_circle (RtccGeoArea *area,
                          double       lat,
                          double       lon,
                          double       radius_m)
{
  double dlat, dlon;

  g_return_val_if_fail (area != NULL, FALSE);

  if (!valid_lat_lon (lat, lon) || !isfinite (radius_m) || radius_m <= 0 ||
      radius_m > RTCC_GEO_AREA_MAX_RADIUS_M || fabs (lat) > MAX_MERCATOR_LAT)
    return FALSE;
  dlat = radius_m / EARTH_RADIUS_M * 180.0 / G_PI;
  /* The box is a little generous towards the poles; the distance test
   * after it is exact. */
  dlon = MIN (180.0, dlat / MAX (cos (deg2rad (fabs (lat) + dlat)), 1e-6));
  *area = (RtccGeoArea) {
    .kind = RTCC_GEO_AREA_CIRCLE,
    .lat = lat, .lon = lon, .radius_m = radius_m,
    .south = MAX (-90.0, lat - dlat), .north = MIN (90.0, lat + dlat),
    .west = MAX (-180.0, lon - dlon), .east = MIN (180.0, lon + dlon),
  };
  return TRUE;
}

/**
 * rtcc_geo_area_contains:
 * @area: an area
 * @lat: a point
 * @lon: a point
 *
 * Returns: whether the point lies in @area; borders count as inside
 */
gboolean
rtcc_geo_area_contains (const RtccGeoArea *area,
                        double             lat,
                        double             lon)
{
  g_return_val_if_fail (area != NULL, FALSE);

  if (area->kind == RTCC_GEO_AREA_ANYWHERE)
    return TRUE;
  if (!valid_lat_lon (lat, lon))
    return FALSE;
  if (lat < area->south || lat > area->north || lon < area->west || lon > area->east)
    return FALSE;
  if (area->kind == RTCC_GEO_AREA_CIRCLE)
    return rtcc_geo_distance_m (area->lat, area->lon, lat, lon) <= area->radius_m;
  return TRUE;
}

/**
 * rtcc_geo_area_describe:
 * @area: an area
 *
 * Returns: (transfer full): the area in words, for the status line and
 *   the audit record's query terms
 */
char *
rtcc_geo_area_describe (const RtccGeoArea *area)
{
  g_return_val_if_fail (area != NULL, NULL);

  switch (area->kind)
    {
    case RTCC_GEO_AREA_BOX:
      return g_strdup_printf (_("box %.5f,%.5f to %.5f,%.5f"), area->south, area->west, area->north, area->east);
    case RTCC_GEO_AREA_CIRCLE:
      return g_strdup_printf (_("%.0f m around %.5f,%.5f"), area->radius_m, area->lat, area->lon);
    case RTCC_GEO_AREA_ANYWHERE:
    default:
      return g_strdup (_("anywhere"));
    }
}

static double
mercator_y (double lat)
{
  double phi = deg2rad (CLAMP (lat, -MAX_MERCATOR_LAT, MAX_MERCATOR_LAT));

  return (1.0 - log (tan (phi) + 1.0 / cos (phi)) / G_PI) / 2.0;
}

/**
 * rtcc_geo_fit_zoom:
 * @width: the view in pixels, less any margin
 * @height: the view in pixels, less any margin
 * @min_zoom: the least zoom to return
 * @max_zoom: the most zoom to return, so one point is not shown at the
 *   street's gravel
 *
 * The largest Web Mercator zoom level (256-pixel tiles) at which the box
 * fits in @width × @height.
 *
 * Returns: the zoom level, between @min_zoom and @max_zoom
 */
double
rtcc_geo_fit_zoom (double south,
                   double west,
                   double north,
                   double east,
                   double width,
                   double height,
                   double min_zoom,
                   double max_zoom)
{
  double dx = fabs (east - west) / 360.0;
  double dy = fabs (mercator_y (south) - mercator_y (north));
  double zoom = max_zoom;

  if (!(width > 0) || !(height > 0))
    return min_zoom;
  if (dx > 0)
    zoom = MIN (zoom, log2 (width / (dx * 256.0)));
  if (dy > 0)
    zoom = MIN (zoom, log2 (height / (dy * 256.0)));
  if (!isfinite (zoom))
    return min_zoom;
  return CLAMP (zoom, min_zoom, max_zoom);
}
