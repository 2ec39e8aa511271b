/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "milestone/rtcc-camera.h"
#include "milestone/rtcc-milestone-normalize.h"
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

static GHashTable *
load_cameras (void)
{
  g_autoptr(JsonNode) doc = load ("cameras.json");
  g_autoptr(GPtrArray) cameras = rtcc_camera_list_from_json (doc, NULL, NULL);
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);

  for (guint i = 0; i < cameras->len; i++)
    {
      RtccCamera *c = g_ptr_array_index (cameras, i);
      g_hash_table_insert (table, g_strdup (rtcc_camera_get_id (c)), g_object_ref (c));
    }
  return table;
}

static void
test_push_with_cameras (void)
{
  g_autoptr(JsonNode) doc = load ("events-push.json");
  g_autoptr(GHashTable) cameras = load_cameras ();
  RtccMilestoneContext context = { cameras, "https://vms.example/api" };
  g_autoptr(GPtrArray) errors = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = rtcc_milestone_normalize_document (doc, &context, &errors, &error);
  g_autofree char *when = NULL;
  RtccEvent *e;
  double lat, lon;

  g_assert_no_error (error);
  /* Five shown types; the plate read is left out quietly; five refused. */
  g_assert_cmpuint (events->len, ==, 5);
  g_assert_cmpuint (errors->len, ==, 5);

  e = g_ptr_array_index (events, 0);
  g_assert_cmpstr (rtcc_event_get_id (e), ==, "milestone:e0000001-0000-0000-0000-000000000001");
  g_assert_cmpint (rtcc_event_get_event_type (e), ==, RTCC_EVENT_TYPE_CAMERA_ALERT);
  g_assert_cmpint (rtcc_event_get_priority (e), ==, RTCC_PRIORITY_NORMAL);
  g_assert_cmpstr (rtcc_event_get_attribute_string (e, "alert_type"), ==, "motion");
  g_assert_cmpstr (rtcc_event_get_attribute_string (e, "camera_id"), ==, "6d1b2f1e-0001-4a4a-9a9a-000000000001");
  g_assert_cmpstr (rtcc_event_get_attribute_string (e, "camera_name"), ==, "Madison & Racine NE");
  g_assert_cmpstr (rtcc_event_get_attribute_string (e, "description"), ==, "Motion in zone 2");
  g_assert_cmpstr (rtcc_event_get_title (e), ==, "Motion on Madison & Racine NE");
  g_assert_true (rtcc_event_get_location (e, &lat, &lon));
  g_assert_cmpfloat (lat, ==, 41.8815);
  g_assert_cmpfloat (lon, ==, -87.6557);
  when = rtcc_time_format_iso (rtcc_event_get_occurred_at (e));
  g_assert_cmpstr (when, ==, "2026-11-23T04:12:09.123Z");
  g_assert_cmpstr (rtcc_event_get_attribute_string (e, "thumbnail_url"), ==,
                   "https://vms.example/api/rest/v1/cameras/6d1b2f1e-0001-4a4a-9a9a-000000000001/snapshot"
                   "?time=2026-11-23T04:12:09.123Z");
  g_assert_null (rtcc_event_get_attribute_string (e, "recording_url"));
  g_assert_true (json_object_has_member (rtcc_event_get_attributes (e), "recording_url"));

  /* Local time with offset becomes UTC; analytics is high priority. */
  e = g_ptr_array_index (events, 1);
  g_clear_pointer (&when, g_free);
  when = rtcc_time_format_iso (rtcc_event_get_occurred_at (e));
  g_assert_cmpstr (when, ==, "2026-11-23T04:13:00Z");
  g_assert_cmpstr (rtcc_event_get_attribute_string (e, "alert_type"), ==, "analytics");
  g_assert_cmpint (rtcc_event_get_priority (e), ==, RTCC_PRIORITY_HIGH);
  g_assert_cmpstr (rtcc_event_get_attribute_string (e, "camera_name"), ==, "Ñandú Plaza — 北 entrance");

  /* A camera not in the table: no name, no place, the id in the title. */
  e = g_ptr_array_index (events, 2);
  g_assert_cmpstr (rtcc_event_get_attribute_string (e, "alert_type"), ==, "manual");
  g_assert_null (rtcc_event_get_attribute_string (e, "camera_name"));
  g_assert_false (rtcc_event_get_location (e, NULL, NULL));
  g_assert_cmpstr (rtcc_event_get_title (e), ==, "Manual alarm on ffffffff-ffff-ffff-ffff-ffffffffffff");

  /* Camera status changes: our "status" alert type at normal priority;
   * a camera placed nowhere gives no location. */
  e = g_ptr_array_index (events, 3);
  g_assert_cmpstr (rtcc_event_get_attribute_string (e, "alert_type"), ==, "status");
  g_assert_cmpstr (rtcc_event_get_attribute_string (e, "vendor_type"), ==, "CameraNotResponding");
  g_assert_cmpint (rtcc_event_get_priority (e), ==, RTCC_PRIORITY_NORMAL);
  g_assert_cmpstr (rtcc_event_get_title (e), ==, "Camera Lobby camera is not responding");
  g_assert_false (rtcc_event_get_location (e, NULL, NULL));
  e = g_ptr_array_index (events, 4);
  g_assert_cmpstr (rtcc_event_get_title (e), ==, "Camera Lobby camera is responding again");

  g_assert_nonnull (strstr (((GError *) g_ptr_array_index (errors, 0))->message, "hardware/aa"));
  g_assert_true (g_str_has_prefix (((GError *) g_ptr_array_index (errors, 0))->message, "item 6: "));
  g_assert_true (g_str_has_prefix (((GError *) g_ptr_array_index (errors, 1))->message, "item 7: "));
  g_assert_nonnull (strstr (((GError *) g_ptr_array_index (errors, 2))->message, "yesterday"));
  g_assert_nonnull (strstr (((GError *) g_ptr_array_index (errors, 3))->message, "“id”"));
  g_assert_true (g_str_has_prefix (((GError *) g_ptr_array_index (errors, 4))->message, "item 10: "));
}

static void
test_catch_up_without_context (void)
{
  g_autoptr(JsonNode) doc = load ("events-catchup.json");
  g_autoptr(JsonNode) answer = load ("command-answer.json");
  g_autoptr(GPtrArray) events = rtcc_milestone_normalize_document (doc, NULL, NULL, NULL);
  g_autoptr(GPtrArray) none = NULL;
  g_autoptr(JsonNode) json = NULL;
  g_autofree char *text = NULL;
  RtccEvent *e;

  g_assert_cmpuint (events->len, ==, 2);
  e = g_ptr_array_index (events, 0);
  g_assert_null (rtcc_event_get_attribute_string (e, "thumbnail_url"));
  g_assert_cmpstr (rtcc_event_get_title (e), ==, "Motion on 6d1b2f1e-0001-4a4a-9a9a-000000000001");
  json = rtcc_event_to_json (e);
  text = rtcc_json_to_string (json, FALSE);
  g_assert_nonnull (strstr (text, "\"source\":\"milestone\",\"type\":\"camera_alert\""));
  g_assert_nonnull (strstr (text, "\"location\":null"));

  none = rtcc_milestone_normalize_document (answer, NULL, NULL, NULL);
  g_assert_cmpuint (none->len, ==, 0);
}

static void
test_single_event (void)
{
  g_autoptr(JsonNode) node = rtcc_json_parse ("{\"id\": \"x1\", \"time\": \"2026-11-23T04:12:09.9999999Z\","
                                              " \"type\": \"ManualAlarm\", \"source\": \"cameras/c1\"}", -1, NULL);
  g_autoptr(JsonNode) unknown = rtcc_json_parse ("{\"id\": \"x2\", \"time\": \"2026-11-23T04:12:09Z\","
                                                 " \"type\": \"DoorForced\", \"source\": \"cameras/c1\"}", -1, NULL);
  g_autoptr(GPtrArray) events = rtcc_milestone_normalize_document (node, NULL, NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(RtccEvent) refused = NULL;

  g_assert_cmpuint (events->len, ==, 1);
  g_assert_cmpint (g_date_time_get_microsecond (rtcc_event_get_occurred_at (g_ptr_array_index (events, 0))), ==, 999999);

  refused = rtcc_milestone_normalize_event (json_node_get_object (unknown), NULL, &error);
  g_assert_null (refused);
  g_assert_error (error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (error->message, "DoorForced"));
}

static void
test_wrong_documents (void)
{
  static const char *docs[] = {
    "[]", "null", "{\"alerts\": []}", "{\"events\": {}}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (docs); i++)
    {
      g_autoptr(JsonNode) node = rtcc_json_parse (docs[i], -1, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) events = rtcc_milestone_normalize_document (node, NULL, NULL, &error);

      g_assert_null (events);
      g_assert_error (error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_WRONG_SHAPE);
    }
}

static void
test_hostile (void)
{
  /* A huge source and description, and thousands of events: no crash,
   * text cut to size. */
  GString *s = g_string_new ("{\"events\": [");
  g_autofree char *big = g_strnfill (100000, 'z');
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GPtrArray) errors = NULL;

  for (guint i = 0; i < 5000; i++)
    g_string_append_printf (s, "%s{\"id\": \"h%u\", \"time\": \"2026-11-23T04:00:00Z\", \"type\": \"MotionStarted\","
                               " \"source\": \"cameras/%s\", \"data\": {\"description\": \"%s\"}}",
                            i ? "," : "", i, i == 0 ? big : "c", i == 1 ? big : "d");
  g_string_append (s, "]}");
  node = rtcc_json_parse (s->str, s->len, NULL);
  g_string_free (s, TRUE);
  events = rtcc_milestone_normalize_document (node, NULL, &errors, NULL);
  g_assert_cmpuint (events->len, ==, 5000);
  g_assert_cmpuint (strlen (rtcc_event_get_attribute_string (g_ptr_array_index (events, 0), "camera_id")), <=, 1024);
  g_assert_cmpuint (strlen (rtcc_event_get_title (g_ptr_array_index (events, 0))), <=, 1024);
  g_assert_cmpuint (strlen (rtcc_event_get_attribute_string (g_ptr_array_index (events, 1), "description")), <=, 1024);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/milestone/normalize/push-with-cameras", test_push_with_cameras);
  g_test_add_func ("/milestone/normalize/catch-up-without-context", test_catch_up_without_context);
  g_test_add_func ("/milestone/normalize/single-event", test_single_event);
  g_test_add_func ("/milestone/normalize/wrong-documents", test_wrong_documents);
  g_test_add_func ("/milestone/normalize/hostile", test_hostile);

  return g_test_run ();
}
