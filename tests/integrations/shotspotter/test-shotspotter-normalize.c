/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "rtcc-json.h"
#include "rtcc-time.h"
#include "shotspotter/rtcc-shotspotter-normalize.h"

static JsonNode *
load (const char *name)
{
  g_autofree char *path = g_build_filename (g_getenv ("RTCC_TEST_DATA"), "shotspotter", name, NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *node;

  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  node = rtcc_json_parse (text, -1, &error);
  g_assert_no_error (error);
  return node;
}

static void
test_list (void)
{
  g_autoptr(JsonNode) doc = load ("alerts-list.json");
  g_autoptr(GPtrArray) errors = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autofree char *cursor = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *when = NULL;
  RtccEvent *first, *second, *third;
  double d;
  gint64 n;

  events = rtcc_shotspotter_normalize_document (doc, &errors, &cursor, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 3);
  g_assert_cmpuint (errors->len, ==, 4);
  g_assert_cmpstr (cursor, ==, "c-42");

  first = g_ptr_array_index (events, 0);
  g_assert_cmpstr (rtcc_event_get_id (first), ==, "shotspotter:SS-2026-000123");
  g_assert_cmpint (rtcc_event_get_event_type (first), ==, RTCC_EVENT_TYPE_GUNSHOT);
  g_assert_cmpint (rtcc_event_get_priority (first), ==, RTCC_PRIORITY_HIGH);
  g_assert_cmpstr (rtcc_event_get_title (first), ==, "Multiple gunshots (4 rounds)");
  when = rtcc_time_format_iso (rtcc_event_get_occurred_at (first));
  g_assert_cmpstr (when, ==, "2026-11-23T04:12:09Z");
  g_assert_true (rtcc_event_get_attribute_int (first, "round_count", &n));
  g_assert_cmpint (n, ==, 4);
  g_assert_true (rtcc_event_get_attribute_double (first, "confidence", &d));
  g_assert_cmpfloat (d, ==, 0.97);
  g_assert_cmpstr (rtcc_event_get_attribute_string (first, "audio_url"), ==,
                   "https://ss.example/agencies/A1/alerts/SS-2026-000123/audio");

  /* Numbers as strings, missing confidence, revision as version. */
  second = g_ptr_array_index (events, 1);
  g_assert_cmpuint (rtcc_event_get_version (second), ==, 2);
  g_assert_cmpstr (rtcc_event_get_title (second), ==, "Single gunshot");
  g_assert_false (rtcc_event_get_attribute_double (second, "confidence", &d));
  g_assert_true (rtcc_event_get_location (second, &d, NULL));
  g_assert_cmpfloat (d, ==, 41.8790);

  third = g_ptr_array_index (events, 2);
  g_assert_cmpint (rtcc_event_get_priority (third), ==, RTCC_PRIORITY_NORMAL);
  g_assert_cmpstr (rtcc_event_get_address (third), ==, "Ñandú Plaza — 5 E");

  /* Each bad item named by index, with the reason. */
  g_assert_true (g_str_has_prefix (((GError *) g_ptr_array_index (errors, 0))->message, "item 3: "));
  g_assert_nonnull (strstr (((GError *) g_ptr_array_index (errors, 0))->message, "rounds"));
  g_assert_true (g_str_has_prefix (((GError *) g_ptr_array_index (errors, 1))->message, "item 4: "));
  g_assert_nonnull (strstr (((GError *) g_ptr_array_index (errors, 2))->message, "alertId"));
  g_assert_true (g_str_has_prefix (((GError *) g_ptr_array_index (errors, 3))->message, "item 6: "));
}

static void
test_stream_messages (void)
{
  g_autoptr(JsonNode) update = load ("stream-update.json");
  g_autoptr(JsonNode) heartbeat = load ("heartbeat.json");
  g_autoptr(JsonNode) detail = load ("alert-detail.json");
  g_autoptr(GPtrArray) events = NULL;
  g_autofree char *cursor = NULL;
  gint64 n;

  events = rtcc_shotspotter_normalize_document (update, NULL, &cursor, NULL);
  g_assert_cmpuint (events->len, ==, 1);
  g_assert_cmpstr (cursor, ==, "c-43");
  g_assert_cmpuint (rtcc_event_get_version (g_ptr_array_index (events, 0)), ==, 2);
  g_assert_true (rtcc_event_get_attribute_int (g_ptr_array_index (events, 0), "round_count", &n));
  g_assert_cmpint (n, ==, 6);
  g_clear_pointer (&events, g_ptr_array_unref);
  g_clear_pointer (&cursor, g_free);

  events = rtcc_shotspotter_normalize_document (heartbeat, NULL, &cursor, NULL);
  g_assert_cmpuint (events->len, ==, 0);
  g_assert_cmpstr (cursor, ==, "c-44");
  g_clear_pointer (&events, g_ptr_array_unref);

  events = rtcc_shotspotter_normalize_document (detail, NULL, NULL, NULL);
  g_assert_cmpuint (events->len, ==, 1);
  g_assert_cmpint (rtcc_event_get_priority (g_ptr_array_index (events, 0)), ==, RTCC_PRIORITY_CRITICAL);
  g_assert_true (rtcc_event_get_attribute_int (g_ptr_array_index (events, 0), "sensors_triggered", &n));
  g_assert_cmpint (n, ==, 14);
}

static void
test_wrong_documents (void)
{
  static const char *docs[] = {
    "[]", "42", "{\"kind\": \"gossip\"}", "{\"something\": []}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (docs); i++)
    {
      g_autoptr(JsonNode) node = rtcc_json_parse (docs[i], -1, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) events = rtcc_shotspotter_normalize_document (node, NULL, NULL, &error);

      g_assert_null (events);
      g_assert_error (error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_WRONG_SHAPE);
    }
}

static void
test_hostile_sizes (void)
{
  /* Ten thousand alerts with a huge address each: all read, none crash. */
  GString *s = g_string_new ("{\"alerts\": [");
  g_autofree char *big = g_strnfill (20000, 'x');
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GPtrArray) errors = NULL;

  for (guint i = 0; i < 10000; i++)
    g_string_append_printf (s, "%s{\"alertId\": %u, \"type\": \"Single_Gunshot\", \"rounds\": 1,"
                               " \"latitude\": 41.8, \"longitude\": -87.6, \"address\": \"%s\","
                               " \"datetime\": \"2026-11-23T05:00:00Z\"}",
                            i ? "," : "", i, i % 1000 == 0 ? big : "1 N STATE ST");
  g_string_append (s, "]}");
  node = rtcc_json_parse (s->str, s->len, NULL);
  g_string_free (s, TRUE);
  events = rtcc_shotspotter_normalize_document (node, &errors, NULL, NULL);
  g_assert_cmpuint (events->len, ==, 10000);
  g_assert_cmpuint (errors->len, ==, 0);
  g_assert_cmpuint (strlen (rtcc_event_get_address (g_ptr_array_index (events, 0))), <=, 1024);
  g_assert_cmpstr (rtcc_event_get_id (g_ptr_array_index (events, 9999)), ==, "shotspotter:9999");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/shotspotter/normalize/list", test_list);
  g_test_add_func ("/shotspotter/normalize/stream-messages", test_stream_messages);
  g_test_add_func ("/shotspotter/normalize/wrong-documents", test_wrong_documents);
  g_test_add_func ("/shotspotter/normalize/hostile-sizes", test_hostile_sizes);

  return g_test_run ();
}
