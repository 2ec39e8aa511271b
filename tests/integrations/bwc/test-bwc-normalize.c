/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "bwc/rtcc-bwc-normalize.h"
#include "rtcc-json.h"
#include "rtcc-time.h"

static JsonNode *
load (const char *name)
{
  g_autofree char *path = g_build_filename (g_getenv ("RTCC_TEST_DATA"), "bwc", name, NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *node;

  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  node = rtcc_json_parse (text, -1, &error);
  g_assert_no_error (error);
  return node;
}

static void
test_durations (void)
{
  static const struct { gint64 s; const char *text; } cases[] = {
    { 0, "0 s" }, { 45, "45 s" }, { 59, "59 s" }, { 60, "1 min" }, { 312, "5 min 12 s" },
    { 3599, "59 min 59 s" }, { 3600, "1 h" }, { 3900, "1 h 5 min" }, { 3959, "1 h 5 min" }, { -5, "0 s" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = rtcc_bwc_format_duration (cases[i].s);
      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

static void
test_page (void)
{
  g_autoptr(JsonNode) doc = load ("recordings.json");
  g_autoptr(GPtrArray) errors = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *next = NULL;
  g_autoptr(GPtrArray) events = rtcc_bwc_normalize_document (doc, &errors, &next, &error);
  g_autofree char *when = NULL;
  JsonArray *incidents;
  RtccEvent *e;
  double lat, lon;
  gint64 n;

  g_assert_no_error (error);
  g_assert_cmpstr (next, ==, "c-200");
  g_assert_cmpuint (events->len, ==, 4);
  g_assert_cmpuint (errors->len, ==, 5);

  e = g_ptr_array_index (events, 0);
  g_assert_cmpstr (rtcc_event_get_id (e), ==, "bwc:REC-0001");
  g_assert_cmpint (rtcc_event_get_event_type (e), ==, RTCC_EVENT_TYPE_BWC_RECORDING);
  g_assert_cmpstr (rtcc_event_get_title (e), ==, "Recording by Ofc. María Núñez (5 min 12 s)");
  when = rtcc_time_format_iso (rtcc_event_get_occurred_at (e));
  g_assert_cmpstr (when, ==, "2025-11-23T03:53:20Z");
  g_assert_cmpstr (rtcc_event_get_attribute_string (e, "started_at"), ==, "2025-11-23T03:53:20Z");
  g_assert_cmpstr (rtcc_event_get_attribute_string (e, "recording_id"), ==, "REC-0001");
  g_assert_cmpstr (rtcc_event_get_attribute_string (e, "officer_id"), ==, "O-117");
  g_assert_cmpstr (rtcc_event_get_attribute_string (e, "incident_id"), ==, "2026-000123");
  /* Every linked incident too, for the recordings window. */
  incidents = json_object_get_array_member (rtcc_event_get_attributes (e), "incident_ids");
  g_assert_cmpuint (json_array_get_length (incidents), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (incidents, 1), ==, "2026-000124");
  g_assert_true (rtcc_event_get_attribute_int (e, "duration_s", &n));
  g_assert_cmpint (n, ==, 312);
  g_assert_true (rtcc_event_get_attribute_int (e, "size_bytes", &n));
  g_assert_cmpint (n, ==, 104857600);
  g_assert_cmpstr (rtcc_event_get_attribute_string (e, "sha256"), ==,
                   "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
  g_assert_true (rtcc_event_get_location (e, &lat, &lon));
  g_assert_cmpfloat (lat, ==, 41.8815);

  /* Numbers as strings, ids as numbers, no incidents, no GPS. */
  e = g_ptr_array_index (events, 1);
  g_assert_cmpstr (rtcc_event_get_id (e), ==, "bwc:2");
  g_assert_cmpstr (rtcc_event_get_attribute_string (e, "officer_id"), ==, "118");
  g_assert_cmpstr (rtcc_event_get_title (e), ==, "Recording by Ofc. Lee (45 s)");
  g_assert_null (rtcc_event_get_attribute_string (e, "incident_id"));
  g_assert_true (json_object_has_member (rtcc_event_get_attributes (e), "incident_id"));
  incidents = json_object_get_array_member (rtcc_event_get_attributes (e), "incident_ids");
  g_assert_cmpuint (json_array_get_length (incidents), ==, 0);
  g_assert_false (rtcc_event_get_location (e, NULL, NULL));
  g_assert_true (rtcc_event_get_attribute_int (e, "size_bytes", &n));
  g_assert_cmpint (n, ==, 2048);

  /* No officer name: the id instead; GPS as strings. */
  e = g_ptr_array_index (events, 2);
  g_assert_cmpstr (rtcc_event_get_title (e), ==, "Recording by O-119 (1 h 5 min)");
  g_assert_true (rtcc_event_get_location (e, &lat, &lon));
  g_assert_cmpfloat (lon, ==, -87.7);

  /* A GPS fix off the Earth loses the position, not the recording. */
  e = g_ptr_array_index (events, 3);
  g_assert_cmpstr (rtcc_event_get_vendor_id (e), ==, "REC-0009");
  g_assert_false (rtcc_event_get_location (e, NULL, NULL));

  g_assert_nonnull (strstr (((GError *) g_ptr_array_index (errors, 0))->message, "recording REC-0004"));
  g_assert_nonnull (strstr (((GError *) g_ptr_array_index (errors, 1))->message, "epoch seconds"));
  g_assert_nonnull (strstr (((GError *) g_ptr_array_index (errors, 2))->message, "-3 s"));
  g_assert_nonnull (strstr (((GError *) g_ptr_array_index (errors, 3))->message, "“id”"));
  g_assert_nonnull (strstr (((GError *) g_ptr_array_index (errors, 4))->message, "startedAt"));
}

static void
test_single_and_last_page (void)
{
  g_autoptr(JsonNode) single = load ("recording-single.json");
  g_autoptr(JsonNode) last = rtcc_json_parse ("{\"data\": [], \"meta\": {\"next\": null}}", -1, NULL);
  g_autoptr(JsonNode) no_meta = rtcc_json_parse ("{\"data\": []}", -1, NULL);
  g_autoptr(GPtrArray) events = NULL;
  g_autofree char *stale = g_strdup ("stale");
  char *next = stale;

  events = rtcc_bwc_normalize_document (single, NULL, NULL, NULL);
  g_assert_cmpuint (events->len, ==, 1);
  g_assert_cmpstr (rtcc_event_get_attribute_string (g_ptr_array_index (events, 0), "incident_id"), ==, "12345");
  g_clear_pointer (&events, g_ptr_array_unref);

  events = rtcc_bwc_normalize_document (last, NULL, &next, NULL);
  g_assert_cmpuint (events->len, ==, 0);
  g_assert_null (next);
  g_clear_pointer (&events, g_ptr_array_unref);
  events = rtcc_bwc_normalize_document (no_meta, NULL, &next, NULL);
  g_assert_cmpuint (events->len, ==, 0);
  g_assert_null (next);
}

static void
test_assignments (void)
{
  g_autoptr(JsonNode) doc = load ("assignments.json");
  g_autoptr(GPtrArray) errors = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = rtcc_bwc_assignments_from_json (doc, &errors, &error);
  RtccBwcAssignment *a;
  g_autoptr(RtccBwcAssignment) copy = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpuint (errors->len, ==, 2);
  a = g_ptr_array_index (list, 0);
  g_assert_cmpstr (a->officer_name, ==, "Ofc. María Núñez");
  g_assert_cmpstr (a->dock_status, ==, "in_field");
  g_assert_cmpfloat (a->battery, ==, 0.8);
  g_assert_nonnull (a->assigned_at);
  a = g_ptr_array_index (list, 1);
  g_assert_cmpstr (a->officer_id, ==, "118");
  g_assert_null (a->officer_name);
  g_assert_null (a->assigned_at);
  g_assert_cmpfloat (a->battery, ==, 0.35);
  copy = rtcc_bwc_assignment_copy (a);
  g_assert_cmpstr (copy->device_serial, ==, "X6-0043");
  g_assert_nonnull (strstr (((GError *) g_ptr_array_index (errors, 0))->message, "battery"));
}

static void
test_wrong_documents (void)
{
  static const char *docs[] = { "[]", "true", "{\"recordings\": []}", "{\"data\": \"x\"}" };

  for (guint i = 0; i < G_N_ELEMENTS (docs); i++)
    {
      g_autoptr(JsonNode) node = rtcc_json_parse (docs[i], -1, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(GError) error2 = NULL;
      g_autoptr(GPtrArray) events = rtcc_bwc_normalize_document (node, NULL, NULL, &error);
      g_autoptr(GPtrArray) list = rtcc_bwc_assignments_from_json (node, NULL, &error2);

      g_assert_null (events);
      g_assert_error (error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_WRONG_SHAPE);
      g_assert_null (list);
      g_assert_error (error2, RTCC_JSON_ERROR, RTCC_JSON_ERROR_WRONG_SHAPE);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bwc/normalize/durations", test_durations);
  g_test_add_func ("/bwc/normalize/page", test_page);
  g_test_add_func ("/bwc/normalize/single-and-last-page", test_single_and_last_page);
  g_test_add_func ("/bwc/normalize/assignments", test_assignments);
  g_test_add_func ("/bwc/normalize/wrong-documents", test_wrong_documents);

  return g_test_run ();
}
