/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "milestone/rtcc-camera.h"
#include "rtcc-json.h"
#include "rtcc-time.h"

static JsonNode *
load (const char *name)
{
  g_autofree char *path = g_build_filename (g_getenv ("RTCC_TEST_DATA"), "milestone", name, NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *node;

  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  node = rtcc_json_parse (text, -1, &error);
  g_assert_no_error (error);
  return node;
}

static void
test_wkt (void)
{
  static const struct {
    const char *wkt;
    gboolean    ok;
    gboolean    has_point;
    double      lat, lon;
  } cases[] = {
    { "POINT (-87.6557 41.8815)", TRUE, TRUE, 41.8815, -87.6557 },
    { "POINT(-87.6557 41.8815)", TRUE, TRUE, 41.8815, -87.6557 },
    { "  point   (   2.35    48.85   )  ", TRUE, TRUE, 48.85, 2.35 },
    { "POINT (\t151.2093\t-33.8688\t)", TRUE, TRUE, -33.8688, 151.2093 },
    { "POINT (180 -90)", TRUE, TRUE, -90, 180 },
    { "POINT (1e1 2e1)", TRUE, TRUE, 20, 10 },
    { "POINT EMPTY", TRUE, FALSE, 0, 0 },
    { "  POINT   empty ", TRUE, FALSE, 0, 0 },
    { "POINT (-87.65, 41.88)", FALSE, FALSE, 0, 0 },
    { "POINT (-87.65)", FALSE, FALSE, 0, 0 },
    { "POINT (-87.65 41.88 12.0)", FALSE, FALSE, 0, 0 },
    { "POINT (-87.65 41.88", FALSE, FALSE, 0, 0 },
    { "POINT (-87.65 41.88) extra", FALSE, FALSE, 0, 0 },
    { "POINT EMPTY (1 2)", FALSE, FALSE, 0, 0 },
    { "LINESTRING (1 2, 3 4)", FALSE, FALSE, 0, 0 },
    { "POINT (41.88 -187.65)", FALSE, FALSE, 0, 0 },
    { "POINT (nan 1)", FALSE, FALSE, 0, 0 },
    { "POINT (inf 1)", FALSE, FALSE, 0, 0 },
    { "POINT (abc def)", FALSE, FALSE, 0, 0 },
    { "", FALSE, FALSE, 0, 0 },
    { "POINT", FALSE, FALSE, 0, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gboolean has_point = TRUE;
      double lat = 0, lon = 0;
      gboolean ok = rtcc_wkt_parse_point (cases[i].wkt, &has_point, &lat, &lon, &error);

      g_test_message ("WKT “%s”", cases[i].wkt);
      g_assert_cmpint (ok, ==, cases[i].ok);
      if (!ok)
        {
          g_assert_error (error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_INVALID_VALUE);
          g_assert_false (has_point);
          continue;
        }
      g_assert_no_error (error);
      g_assert_cmpint (has_point, ==, cases[i].has_point);
      if (has_point)
        {
          g_assert_cmpfloat_with_epsilon (lat, cases[i].lat, 1e-9);
          g_assert_cmpfloat_with_epsilon (lon, cases[i].lon, 1e-9);
        }
    }
  g_assert_false (rtcc_wkt_parse_point (NULL, &(gboolean){ 0 }, &(double){ 0 }, &(double){ 0 }, NULL));
}

static void
test_camera_list (void)
{
  g_autoptr(JsonNode) doc = load ("cameras.json");
  g_autoptr(GPtrArray) errors = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cameras = rtcc_camera_list_from_json (doc, &errors, &error);
  RtccCamera *c;
  double lat, lon;

  g_assert_no_error (error);
  g_assert_cmpuint (cameras->len, ==, 3);
  g_assert_cmpuint (errors->len, ==, 6);

  c = g_ptr_array_index (cameras, 0);
  g_assert_cmpstr (rtcc_camera_get_id (c), ==, "6d1b2f1e-0001-4a4a-9a9a-000000000001");
  g_assert_cmpstr (rtcc_camera_get_name (c), ==, "Madison & Racine NE");
  g_assert_true (rtcc_camera_get_enabled (c));
  g_assert_true (rtcc_camera_get_location (c, &lat, &lon));
  g_assert_cmpfloat (lat, ==, 41.8815);
  g_assert_cmpfloat (lon, ==, -87.6557);
  g_assert_cmpfloat_with_epsilon (rtcc_camera_get_direction_deg (c), 90.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (rtcc_camera_get_fov_deg (c), 60.012, 1e-9);
  g_assert_cmpfloat (rtcc_camera_get_depth_m (c), ==, 60.0);
  g_assert_true (rtcc_camera_get_has_coverage (c));
  g_assert_true (rtcc_camera_get_recording_enabled (c));
  g_assert_cmpint (rtcc_camera_get_state (c), ==, RTCC_CAMERA_STATE_UNKNOWN);

  /* Empty display name falls back to name; numbers and booleans as strings. */
  c = g_ptr_array_index (cameras, 1);
  g_assert_cmpstr (rtcc_camera_get_name (c), ==, "Lobby camera");
  g_assert_false (rtcc_camera_get_enabled (c));
  g_assert_false (rtcc_camera_get_location (c, NULL, NULL));
  g_assert_cmpfloat (rtcc_camera_get_direction_deg (c), ==, 180.0);
  g_assert_cmpfloat (rtcc_camera_get_fov_deg (c), ==, 90.0);
  g_assert_cmpfloat (rtcc_camera_get_depth_m (c), ==, 25.0);
  g_assert_true (rtcc_camera_get_recording_enabled (c));

  /* Unicode name, extra spaces, a direction past a full turn, nulls. */
  c = g_ptr_array_index (cameras, 2);
  g_assert_cmpstr (rtcc_camera_get_name (c), ==, "Ñandú Plaza — 北 entrance");
  g_assert_true (rtcc_camera_get_location (c, &lat, &lon));
  g_assert_cmpfloat (lon, ==, -87.63);
  g_assert_cmpfloat_with_epsilon (rtcc_camera_get_direction_deg (c), 270.0, 1e-9);
  g_assert_false (rtcc_camera_get_has_coverage (c));
  g_assert_false (rtcc_camera_get_recording_enabled (c));

  /* Each refusal names the item and the reason. */
  g_assert_true (g_str_has_prefix (((GError *) g_ptr_array_index (errors, 0))->message, "item 3: camera 6d1b2f1e-0004"));
  g_assert_nonnull (strstr (((GError *) g_ptr_array_index (errors, 0))->message, "not a WKT point"));
  g_assert_nonnull (strstr (((GError *) g_ptr_array_index (errors, 1))->message, "off the Earth"));
  g_assert_nonnull (strstr (((GError *) g_ptr_array_index (errors, 2))->message, "“id”"));
  g_assert_true (g_str_has_prefix (((GError *) g_ptr_array_index (errors, 3))->message, "item 6: "));
  g_assert_nonnull (strstr (((GError *) g_ptr_array_index (errors, 4))->message, "camera 7: "));
  g_assert_nonnull (strstr (((GError *) g_ptr_array_index (errors, 4))->message, "coverageFieldOfView"));
  g_assert_nonnull (strstr (((GError *) g_ptr_array_index (errors, 5))->message, "coverageDepth"));
}

static void
test_status_and_json (void)
{
  g_autoptr(JsonNode) cams = load ("cameras.json");
  g_autoptr(JsonNode) doc = load ("camera-status.json");
  g_autoptr(GPtrArray) cameras = rtcc_camera_list_from_json (cams, NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(RtccCameraStatus) status = NULL;
  g_autoptr(RtccCamera) with = NULL;
  g_autoptr(JsonNode) json = NULL;
  g_autoptr(JsonNode) json_empty = NULL;
  g_autofree char *text = NULL;
  g_autofree char *text_empty = NULL;

  status = rtcc_camera_status_new_from_json (json_object_get_object_member (json_node_get_object (doc), "data"),
                                             &error);
  g_assert_no_error (error);
  g_assert_cmpint (status->state, ==, RTCC_CAMERA_STATE_NOT_RESPONDING);
  g_assert_false (status->recording);
  /* Seven fractional digits: kept to the microsecond GLib holds. */
  g_assert_cmpint (g_date_time_get_microsecond (status->last_updated), ==, 123456);
  g_assert_cmpint (g_date_time_get_second (status->last_updated), ==, 9);

  with = rtcc_camera_with_status (g_ptr_array_index (cameras, 0), status);
  g_assert_cmpint (rtcc_camera_get_state (with), ==, RTCC_CAMERA_STATE_NOT_RESPONDING);
  g_assert_cmpint (rtcc_camera_get_state (g_ptr_array_index (cameras, 0)), ==, RTCC_CAMERA_STATE_UNKNOWN);
  g_assert_cmpstr (rtcc_camera_get_name (with), ==, "Madison & Racine NE");
  g_assert_true (rtcc_camera_get_last_updated (with) == status->last_updated);

  json = rtcc_camera_to_json (with);
  text = rtcc_json_to_string (json, FALSE);
  {
    JsonObject *o = json_node_get_object (json);
    JsonObject *loc = json_object_get_object_member (o, "location");

    g_assert_cmpuint (json_object_get_size (o), ==, 8);
    g_assert_cmpstr (json_object_get_string_member (o, "id"), ==, "6d1b2f1e-0001-4a4a-9a9a-000000000001");
    g_assert_cmpstr (json_object_get_string_member (o, "name"), ==, "Madison & Racine NE");
    g_assert_true (json_object_get_boolean_member (o, "enabled"));
    g_assert_cmpstr (json_object_get_string_member (o, "state"), ==, "not_responding");
    g_assert_cmpfloat (json_object_get_double_member (loc, "lat"), ==, 41.8815);
    g_assert_cmpfloat (json_object_get_double_member (loc, "lon"), ==, -87.6557);
    g_assert_cmpfloat (json_object_get_double_member (o, "direction_deg"), ==, 90.0);
    g_assert_cmpfloat_with_epsilon (json_object_get_double_member (o, "fov_deg"), 60.012, 1e-9);
    g_assert_cmpfloat (json_object_get_double_member (o, "depth_m"), ==, 60.0);
    g_assert_true (g_str_has_prefix (text, "{\"id\":"));
  }
  json_empty = rtcc_camera_to_json (g_ptr_array_index (cameras, 1));
  text_empty = rtcc_json_to_string (json_empty, FALSE);
  g_assert_nonnull (strstr (text_empty, "\"state\":null,\"location\":null"));
}

static void
test_bad_statuses (void)
{
  static const char *docs[] = {
    "{\"recording\": true}",
    "{\"state\": \"Exploded\"}",
    "{\"state\": \"Responding\", \"recording\": \"maybe\"}",
    "{\"state\": \"Responding\", \"lastUpdated\": \"2026-11-23T04:12:09.1234567\"}",
    "{\"state\": 3}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (docs); i++)
    {
      g_autoptr(JsonNode) node = rtcc_json_parse (docs[i], -1, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(RtccCameraStatus) status = rtcc_camera_status_new_from_json (json_node_get_object (node), &error);

      g_assert_null (status);
      g_assert_error (error, RTCC_JSON_ERROR, error->code);
      g_assert_cmpstr (error->message, !=, "");
    }
}

static void
test_wrong_documents (void)
{
  static const char *docs[] = { "[]", "\"x\"", "{\"cameras\": []}", "{\"array\": {}}" };

  for (guint i = 0; i < G_N_ELEMENTS (docs); i++)
    {
      g_autoptr(JsonNode) node = rtcc_json_parse (docs[i], -1, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) cameras = rtcc_camera_list_from_json (node, NULL, &error);

      g_assert_null (cameras);
      g_assert_error (error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_WRONG_SHAPE);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/milestone/camera/wkt", test_wkt);
  g_test_add_func ("/milestone/camera/list", test_camera_list);
  g_test_add_func ("/milestone/camera/status-and-json", test_status_and_json);
  g_test_add_func ("/milestone/camera/bad-statuses", test_bad_statuses);
  g_test_add_func ("/milestone/camera/wrong-documents", test_wrong_documents);

  return g_test_run ();
}
