/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "milestone/rtcc-camera-geometry.h"
#include "rtcc-json.h"

#define CAM_LAT 41.8815
#define CAM_LON -87.6557

/* The point @distance_m from (lat, lon) along @bearing_deg, on the sphere:
 * written independently of the code under test, the standard "destination
 * point" formula. */
static void
destination (double  lat,
             double  lon,
             double  bearing_deg,
             double  distance_m,
             double *out_lat,
             double *out_lon)
{
  const double r = 6371008.8;
  double d = distance_m / r, b = bearing_deg * G_PI / 180.0;
  double p1 = lat * G_PI / 180.0, l1 = lon * G_PI / 180.0;
  double p2 = asin (sin (p1) * cos (d) + cos (p1) * sin (d) * cos (b));
  double l2 = l1 + atan2 (sin (b) * sin (d) * cos (p1), cos (d) - sin (p1) * sin (p2));

  *out_lat = p2 * 180.0 / G_PI;
  *out_lon = l2 * 180.0 / G_PI;
}

static void
test_distance_and_bearing (void)
{
  static const struct {
    double lat1, lon1, lat2, lon2;
    double distance_m, distance_tol;
    double bearing, bearing_tol;
  } cases[] = {
    /* One degree along a meridian and along the equator. */
    { 0, 0, 1, 0, 111195.08, 0.5, 0, 1e-9 },
    { 0, 0, 0, 1, 111195.08, 0.5, 90, 1e-9 },
    { 0, 0, -1, 0, 111195.08, 0.5, 180, 1e-9 },
    { 0, 0, 0, -1, 111195.08, 0.5, 270, 1e-9 },
    /* Big Ben to the Statue of Liberty: 5574.8 km, 288.33°. */
    { 51.5007, -0.1246, 40.6892, -74.0445, 5574800, 1500, 288.3303, 0.01 },
    /* Across the antimeridian the short way round. */
    { 0, 179.5, 0, -179.5, 111195.08, 0.5, 90, 1e-9 },
    /* A few metres in Chicago. */
    { 41.8815, -87.6557, 41.8820, -87.6557, 55.6, 0.1, 0, 1e-9 },
    /* The same point. */
    { 41.8815, -87.6557, 41.8815, -87.6557, 0, 1e-9, 0, 1e-9 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      double d = rtcc_geo_distance_m (cases[i].lat1, cases[i].lon1, cases[i].lat2, cases[i].lon2);
      double b = rtcc_geo_bearing_deg (cases[i].lat1, cases[i].lon1, cases[i].lat2, cases[i].lon2);

      g_test_message ("case %u: %.3f m, %.4f°", i, d, b);
      g_assert_cmpfloat_with_epsilon (d, cases[i].distance_m, cases[i].distance_tol);
      g_assert_cmpfloat_with_epsilon (b, cases[i].bearing, cases[i].bearing_tol);
      g_assert_cmpfloat (b, >=, 0.0);
      g_assert_cmpfloat (b, <, 360.0);
    }
}

static void
test_angle_between (void)
{
  static const double cases[][3] = {
    { 10, 350, 20 }, { 350, 10, 20 }, { 0, 180, 180 }, { 90, 270, 180 },
    { 0, 0, 0 }, { 359.5, 0.5, 1 }, { 720, 10, 10 }, { 45, 90, 45 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpfloat_with_epsilon (rtcc_geo_angle_between_deg (cases[i][0], cases[i][1]), cases[i][2], 1e-9);
}

static void
test_wedge (void)
{
  static const struct {
    double   direction, fov, depth;
    double   bearing, distance;
    gboolean covered;
  } cases[] = {
    { 90, 60, 60, 90, 50, TRUE },     /* straight ahead */
    { 90, 60, 60, 90, 70, FALSE },    /* beyond the depth */
    { 90, 60, 60, 0, 50, FALSE },     /* to the side */
    { 90, 60, 60, 119, 40, TRUE },    /* just inside the edge */
    { 90, 60, 60, 121, 40, FALSE },   /* just outside it */
    { 90, 60, 60, 61, 40, TRUE },
    { 90, 60, 60, 59, 40, FALSE },
    { 350, 40, 100, 5, 50, TRUE },    /* the wedge spans north: 330..10 */
    { 350, 40, 100, 335, 50, TRUE },
    { 350, 40, 100, 9.5, 50, TRUE },
    { 350, 40, 100, 11, 50, FALSE },
    { 350, 40, 100, 325, 50, FALSE },
    { 0, 30, 100, 359, 80, TRUE },    /* looking north, point just west of it */
    { 0, 30, 100, 16, 80, FALSE },
    { 270, 360, 30, 90, 29, TRUE },   /* a dome sees all round */
    { 270, 360, 30, 90, 31, FALSE },
    { 90, 60, 60, 270, 0.1, TRUE },   /* on the camera itself */
    { 90, 60, 0, 90, 1, FALSE },      /* no depth: sees nothing */
    { 90, 0, 60, 90, 10, FALSE },     /* no angle: sees nothing */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      double lat, lon;

      destination (CAM_LAT, CAM_LON, cases[i].bearing, cases[i].distance, &lat, &lon);
      g_test_message ("wedge case %u", i);
      g_assert_cmpint (rtcc_geo_wedge_covers (CAM_LAT, CAM_LON, cases[i].direction, cases[i].fov,
                                              cases[i].depth, lat, lon), ==, cases[i].covered);
    }
}

static RtccCamera *
make_camera (const char *id,
             gboolean    enabled,
             double      bearing_from_point,
             double      distance,
             double      direction_turns,
             double      fov_turns,
             double      depth,
             double      point_lat,
             double      point_lon)
{
  g_autofree char *json = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  char lat_text[G_ASCII_DTOSTR_BUF_SIZE], lon_text[G_ASCII_DTOSTR_BUF_SIZE];
  double lat, lon;
  RtccCamera *camera;

  if (distance >= 0)
    {
      destination (point_lat, point_lon, bearing_from_point, distance, &lat, &lon);
      g_ascii_dtostr (lat_text, sizeof lat_text, lat);
      g_ascii_dtostr (lon_text, sizeof lon_text, lon);
      json = g_strdup_printf ("{\"id\": \"%s\", \"name\": \"%s\", \"enabled\": %s, \"gisPoint\": \"POINT (%s %s)\","
                              " \"coverageDirection\": %g, \"coverageFieldOfView\": %g, \"coverageDepth\": %g}",
                              id, id, enabled ? "true" : "false", lon_text, lat_text,
                              direction_turns, fov_turns, depth);
    }
  else
    json = g_strdup_printf ("{\"id\": \"%s\", \"gisPoint\": \"POINT EMPTY\"}", id);
  node = rtcc_json_parse (json, -1, &error);
  g_assert_no_error (error);
  camera = rtcc_camera_new_from_json (json_node_get_object (node), &error);
  g_assert_no_error (error);
  return camera;
}

static void
test_rank (void)
{
  g_autoptr(GPtrArray) cameras = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) ranked = NULL;
  const double plat = 41.88, plon = -87.65;
  RtccCameraMatch *m;

  /* A: 40 m south of the point, looking north (0): sees it.
   * B: 20 m west, looking east (0.25 turn): sees it, nearer.
   * C: 10 m east, looking east, away from it: nearest, but blind to it.
   * D: 250 m north looking south with a deep view: sees it from far.
   * E: 500 m away: beyond the 300 m limit.
   * F: placed nowhere. G: disabled, 5 m away. H: 100 m, no coverage data. */
  g_ptr_array_add (cameras, make_camera ("A", TRUE, 180, 40, 0.0, 0.1667, 60, plat, plon));
  g_ptr_array_add (cameras, make_camera ("B", TRUE, 270, 20, 0.25, 0.1667, 60, plat, plon));
  g_ptr_array_add (cameras, make_camera ("C", TRUE, 90, 10, 0.25, 0.1667, 60, plat, plon));
  g_ptr_array_add (cameras, make_camera ("D", TRUE, 0, 250, 0.5, 0.05, 400, plat, plon));
  g_ptr_array_add (cameras, make_camera ("E", TRUE, 45, 500, 0.625, 0.5, 1000, plat, plon));
  g_ptr_array_add (cameras, make_camera ("F", TRUE, 0, -1, 0, 0, 0, plat, plon));
  g_ptr_array_add (cameras, make_camera ("G", FALSE, 0, 5, 0.5, 0.5, 60, plat, plon));
  g_ptr_array_add (cameras, make_camera ("H", TRUE, 135, 100, 0, 0, 0, plat, plon));

  ranked = rtcc_camera_rank_for_location (cameras, plat, plon, 300);
  g_assert_cmpuint (ranked->len, ==, 5);
  m = g_ptr_array_index (ranked, 0);
  g_assert_cmpstr (rtcc_camera_get_id (m->camera), ==, "B");
  g_assert_true (m->in_view);
  g_assert_cmpfloat_with_epsilon (m->distance_m, 20, 0.01);
  g_assert_cmpfloat_with_epsilon (m->bearing_deg, 90, 0.01);
  m = g_ptr_array_index (ranked, 1);
  g_assert_cmpstr (rtcc_camera_get_id (m->camera), ==, "A");
  g_assert_true (m->in_view);
  g_assert_cmpfloat_with_epsilon (m->bearing_deg, 0, 0.01);
  m = g_ptr_array_index (ranked, 2);
  g_assert_cmpstr (rtcc_camera_get_id (m->camera), ==, "D");
  g_assert_true (m->in_view);
  m = g_ptr_array_index (ranked, 3);
  g_assert_cmpstr (rtcc_camera_get_id (m->camera), ==, "C");
  g_assert_false (m->in_view);
  m = g_ptr_array_index (ranked, 4);
  g_assert_cmpstr (rtcc_camera_get_id (m->camera), ==, "H");
  g_assert_false (m->in_view);

  g_assert_true (rtcc_camera_covers (g_ptr_array_index (cameras, 0), plat, plon));
  g_assert_false (rtcc_camera_covers (g_ptr_array_index (cameras, 5), plat, plon));

  g_clear_pointer (&ranked, g_ptr_array_unref);
  ranked = rtcc_camera_rank_for_location (cameras, plat, plon, 15);
  g_assert_cmpuint (ranked->len, ==, 1);
  g_clear_pointer (&ranked, g_ptr_array_unref);
  ranked = rtcc_camera_rank_for_location (NULL, plat, plon, 15);
  g_assert_cmpuint (ranked->len, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/milestone/geometry/distance-and-bearing", test_distance_and_bearing);
  g_test_add_func ("/milestone/geometry/angle-between", test_angle_between);
  g_test_add_func ("/milestone/geometry/wedge", test_wedge);
  g_test_add_func ("/milestone/geometry/rank", test_rank);

  return g_test_run ();
}
