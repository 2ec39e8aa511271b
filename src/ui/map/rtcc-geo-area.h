/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  RTCC_GEO_AREA_ANYWHERE,
  RTCC_GEO_AREA_BOX,
  RTCC_GEO_AREA_CIRCLE,
} RtccGeoAreaKind;

/**
 * RtccGeoArea:
 * @kind: which of the fields below mean something
 * @south: the box, or the box around the circle, in degrees
 * @west: see @south
 * @north: see @south
 * @east: see @south
 * @lat: the circle's centre
 * @lon: the circle's centre
 * @radius_m: the circle's radius in metres
 *
 * Where a search looks: anywhere, a latitude/longitude box, or a circle
 * on the ground. A plain struct, copied by value. Distances are
 * rtcc_geo_distance_m()'s haversine.
 */
typedef struct
{
  RtccGeoAreaKind kind;
  double          south, west, north, east;
  double          lat, lon, radius_m;
} RtccGeoArea;

/* A search radius beyond this is a city, not a place: use a box. */
#define RTCC_GEO_AREA_MAX_RADIUS_M 50000.0

void     rtcc_geo_area_set_anywhere (RtccGeoArea       *area);
gboolean rtcc_geo_area_set_box      (RtccGeoArea       *area,
                                     double             lat1,
                                     double             lon1,
                                     double             lat2,
                                     double             lon2);
gboolean rtcc_geo_area_set_circle   (RtccGeoArea       *area,
                                     double             lat,
                                     double             lon,
                                     double             radius_m);
gboolean rtcc_geo_area_contains     (const RtccGeoArea *area,
                                     double             lat,
                                     double             lon);
char    *rtcc_geo_area_describe     (const RtccGeoArea *area);
double   rtcc_geo_fit_zoom          (double             south,
                                     double             west,
                                     double             north,
                                     double             east,
                                     double             width,
                                     double             height,
                                     double             min_zoom,
                                     double             max_zoom);

G_END_DECLS
