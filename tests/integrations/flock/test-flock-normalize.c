/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "rtcc-json.h"
#include "rtcc-time.h"
#include "flock/rtcc-flock-normalize.h"

static JsonNode *
load (const char *name)
{
  g_autofree char *path = g_build_filename (g_getenv ("RTCC_TEST_DATA"), "flock", name, NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *node;

  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  node = rtcc_json_parse (text, -1, &error);
  g_assert_no_error (error);
  return node;
}

static gboolean
attribute_is_null (RtccEvent  *event,
                   const char *name)
{
  JsonObject *attrs = rtcc_event_get_attributes (event);

  return json_object_has_member (attrs, name) && JSON_NODE_HOLDS_NULL (json_object_get_member (attrs, name));
}

static const char *
error_message (GPtrArray *errors,
               guint      i)
{
  return ((GError *) g_ptr_array_index (errors, i))->message;
}

static void
test_reads_page (void)
{
  g_autoptr(JsonNode) doc = load ("reads-page.json");
  g_autoptr(GPtrArray) errors = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autofree char *cursor = NULL;
  g_autofree char *when = NULL;
  g_autoptr(GError) error = NULL;
  RtccEvent *first, *second, *third;
  double d, lon;

  events = rtcc_flock_normalize_document (doc, &errors, &cursor, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 3);
  g_assert_cmpuint (errors->len, ==, 6);
  g_assert_cmpstr (cursor, ==, "p-2");

  first = g_ptr_array_index (events, 0);
  g_assert_cmpstr (rtcc_event_get_id (first), ==, "flock:R-1001");
  g_assert_cmpint (rtcc_event_get_event_type (first), ==, RTCC_EVENT_TYPE_LPR_READ);
  g_assert_cmpint (rtcc_event_get_priority (first), ==, RTCC_PRIORITY_LOW);
  g_assert_cmpstr (rtcc_event_get_title (first), ==, "ABC1234 (IL) — silver Toyota Camry");
  when = rtcc_time_format_iso (rtcc_event_get_occurred_at (first));
  g_assert_cmpstr (when, ==, "2026-11-23T04:10:00Z");
  g_assert_true (rtcc_event_get_location (first, &d, &lon));
  g_assert_cmpfloat (d, ==, 41.88);
  g_assert_cmpfloat (lon, ==, -87.66);
  g_assert_cmpstr (rtcc_event_get_attribute_string (first, "plate_number"), ==, "ABC1234");
  g_assert_cmpstr (rtcc_event_get_attribute_string (first, "plate_state"), ==, "IL");
  g_assert_true (rtcc_event_get_attribute_double (first, "plate_confidence", &d));
  g_assert_cmpfloat (d, ==, 0.93);
  g_assert_cmpstr (rtcc_event_get_attribute_string (first, "vehicle_make"), ==, "Toyota");
  g_assert_cmpstr (rtcc_event_get_attribute_string (first, "vehicle_model"), ==, "Camry");
  g_assert_cmpstr (rtcc_event_get_attribute_string (first, "vehicle_color"), ==, "silver");
  g_assert_cmpstr (rtcc_event_get_attribute_string (first, "camera_id"), ==, "D-17");
  g_assert_cmpstr (rtcc_event_get_attribute_string (first, "camera_name"), ==, "Madison & Ashland NB");
  g_assert_cmpstr (rtcc_event_get_attribute_string (first, "image_url"), ==,
                   "https://flock.example/images/R-1001.jpg");
  g_assert_false (json_object_has_member (rtcc_event_get_attributes (first), "somethingNew"));

  /* Numbers as strings, a bare state string, null vehicle fields, unicode. */
  second = g_ptr_array_index (events, 1);
  g_assert_cmpstr (rtcc_event_get_id (second), ==, "flock:1002");
  g_assert_cmpstr (rtcc_event_get_attribute_string (second, "plate_number"), ==, "XYZ987");
  g_assert_cmpstr (rtcc_event_get_attribute_string (second, "plate_state"), ==, "IN");
  g_assert_true (rtcc_event_get_attribute_double (second, "plate_confidence", &d));
  g_assert_cmpfloat (d, ==, 0.88);
  g_assert_true (attribute_is_null (second, "vehicle_make"));
  g_assert_true (attribute_is_null (second, "vehicle_model"));
  g_assert_true (attribute_is_null (second, "image_url"));
  g_assert_cmpstr (rtcc_event_get_attribute_string (second, "camera_id"), ==, "18");
  g_assert_cmpstr (rtcc_event_get_attribute_string (second, "camera_name"), ==, "Ñandú Av — 5 E");
  g_assert_cmpstr (rtcc_event_get_title (second), ==, "XYZ987 (IN) — red");
  g_assert_true (rtcc_event_get_location (second, &d, NULL));
  g_assert_cmpfloat (d, ==, 41.8901);

  /* Hostile text is kept as data, never interpreted; no location, no state,
   * no vehicle; a confidence out of range is dropped, not trusted. */
  third = g_ptr_array_index (events, 2);
  g_assert_cmpstr (rtcc_event_get_attribute_string (third, "plate_number"), ==, "<SCRIPT>ALERT(1)</SCRIPT>");
  g_assert_cmpstr (rtcc_event_get_title (third), ==, "<SCRIPT>ALERT(1)</SCRIPT>");
  g_assert_false (rtcc_event_get_location (third, NULL, NULL));
  g_assert_true (attribute_is_null (third, "plate_state"));
  g_assert_true (attribute_is_null (third, "plate_confidence"));
  g_assert_true (attribute_is_null (third, "vehicle_color"));
  g_assert_nonnull (strstr (rtcc_event_get_attribute_string (third, "camera_name"), "DROP TABLE"));

  /* Each bad item named by index, with the reason. */
  g_assert_true (g_str_has_prefix (error_message (errors, 0), "item 3: "));
  g_assert_nonnull (strstr (error_message (errors, 0), "no plate"));
  g_assert_true (g_str_has_prefix (error_message (errors, 1), "item 4: "));
  g_assert_true (g_str_has_prefix (error_message (errors, 2), "item 5: "));
  g_assert_true (g_str_has_prefix (error_message (errors, 3), "item 6: "));
  g_assert_nonnull (strstr (error_message (errors, 3), "lat"));
  g_assert_true (g_str_has_prefix (error_message (errors, 4), "item 7: "));
  g_assert_nonnull (strstr (error_message (errors, 4), "off the Earth"));
  g_assert_true (g_str_has_prefix (error_message (errors, 5), "item 8: "));
  g_assert_nonnull (strstr (error_message (errors, 5), "id"));
}

static JsonObject *
match_of (RtccEvent *event)
{
  return json_object_get_object_member (rtcc_event_get_attributes (event), "hotlist_match");
}

static void
test_hits_page (void)
{
  g_autoptr(JsonNode) doc = load ("hits-page.json");
  g_autoptr(GPtrArray) errors = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autofree char *cursor = NULL;
  RtccEvent *stolen, *amber, *wanted, *custom;
  JsonObject *match;
  JsonArray *sources;

  events = rtcc_flock_normalize_document (doc, &errors, &cursor, NULL);
  g_assert_cmpuint (events->len, ==, 4);
  g_assert_cmpuint (errors->len, ==, 1);
  g_assert_cmpstr (cursor, ==, "h-9");
  g_assert_true (g_str_has_prefix (error_message (errors, 0), "item 3: "));
  g_assert_nonnull (strstr (error_message (errors, 0), "no read"));

  stolen = g_ptr_array_index (events, 0);
  g_assert_cmpstr (rtcc_event_get_id (stolen), ==, "flock:hit-H-1");
  g_assert_cmpint (rtcc_event_get_event_type (stolen), ==, RTCC_EVENT_TYPE_LPR_HIT);
  g_assert_cmpint (rtcc_event_get_priority (stolen), ==, RTCC_PRIORITY_HIGH);
  g_assert_cmpstr (rtcc_event_get_title (stolen), ==, "Hotlist hit: ABC1234 — Stolen vehicles");
  g_assert_cmpstr (rtcc_event_get_attribute_string (stolen, "plate_number"), ==, "ABC1234");
  g_assert_cmpstr (rtcc_event_get_attribute_string (stolen, "read_id"), ==, "R-2001");
  g_assert_true (rtcc_event_get_location (stolen, NULL, NULL));
  match = match_of (stolen);
  g_assert_cmpstr (json_object_get_string_member (match, "hotlist_id"), ==, "HL-1");
  g_assert_cmpstr (json_object_get_string_member (match, "hotlist_name"), ==, "Stolen vehicles");
  g_assert_cmpstr (json_object_get_string_member (match, "hotlist_type"), ==, "stolen");
  g_assert_cmpstr (json_object_get_string_member (match, "entry_plate"), ==, "ABC1234");
  g_assert_cmpstr (json_object_get_string_member (match, "reason"), ==, "Stolen 11/20");
  g_assert_cmpstr (json_object_get_string_member (match, "case_number"), ==, "C-2026-0042");
  sources = json_object_get_array_member (match, "sources");
  g_assert_cmpuint (json_array_get_length (sources), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (sources, 0), "name"), ==, "NCIC");
  g_assert_true (json_object_get_null_member (json_array_get_object_element (sources, 1), "reason"));

  amber = g_ptr_array_index (events, 1);
  g_assert_cmpstr (rtcc_event_get_id (amber), ==, "flock:hit-2");
  g_assert_cmpint (rtcc_event_get_priority (amber), ==, RTCC_PRIORITY_CRITICAL);
  g_assert_cmpstr (json_object_get_string_member (match_of (amber), "case_number"), ==, "4242");
  g_assert_true (attribute_is_null (amber, "vehicle_make"));

  wanted = g_ptr_array_index (events, 2);
  g_assert_cmpint (rtcc_event_get_priority (wanted), ==, RTCC_PRIORITY_CRITICAL);
  g_assert_true (json_object_get_null_member (match_of (wanted), "reason"));

  custom = g_ptr_array_index (events, 3);
  g_assert_cmpint (rtcc_event_get_priority (custom), ==, RTCC_PRIORITY_HIGH);
  g_assert_cmpstr (rtcc_event_get_title (custom), ==, "Hotlist hit: CST44");
  g_assert_false (rtcc_event_get_location (custom, NULL, NULL));
}

static void
test_single_documents (void)
{
  g_autoptr(JsonNode) hit = load ("hit-stream.json");
  g_autoptr(JsonNode) read = load ("read-single.json");
  g_autoptr(GPtrArray) events = NULL;
  g_autofree char *cursor = NULL;
  g_autofree char *when = NULL;
  g_autoptr(JsonNode) heartbeat = rtcc_json_parse ("{\"type\": \"heartbeat\", \"cursor\": \"h-11\"}", -1, NULL);

  events = rtcc_flock_normalize_document (hit, NULL, &cursor, NULL);
  g_assert_cmpuint (events->len, ==, 1);
  g_assert_cmpstr (cursor, ==, "h-10");
  g_assert_cmpstr (rtcc_event_get_id (g_ptr_array_index (events, 0)), ==, "flock:hit-H-10");
  g_clear_pointer (&events, g_ptr_array_unref);
  g_clear_pointer (&cursor, g_free);

  events = rtcc_flock_normalize_document (read, NULL, &cursor, NULL);
  g_assert_cmpuint (events->len, ==, 1);
  g_assert_null (cursor);
  /* Local time with offset becomes UTC; a plate typed with a space is one plate. */
  when = rtcc_time_format_iso (rtcc_event_get_occurred_at (g_ptr_array_index (events, 0)));
  g_assert_cmpstr (when, ==, "2026-11-23T04:10:00Z");
  g_assert_cmpstr (rtcc_event_get_title (g_ptr_array_index (events, 0)), ==, "DEF5678 (IL) — Ford");
  g_clear_pointer (&events, g_ptr_array_unref);

  events = rtcc_flock_normalize_document (heartbeat, NULL, &cursor, NULL);
  g_assert_cmpuint (events->len, ==, 0);
  g_assert_cmpstr (cursor, ==, "h-11");
}

static void
test_wrong_documents (void)
{
  static const char *docs[] = {
    "[]", "42", "null", "{\"kind\": \"gossip\"}", "{\"something\": []}", "{\"reads\": 7}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (docs); i++)
    {
      g_autoptr(JsonNode) node = rtcc_json_parse (docs[i], -1, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) events = rtcc_flock_normalize_document (node, NULL, NULL, &error);

      g_assert_null (events);
      g_assert_error (error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_WRONG_SHAPE);
    }
}

static void
test_hotlists (void)
{
  g_autoptr(JsonNode) lists_doc = load ("hotlists.json");
  g_autoptr(JsonNode) entries_doc = load ("entries.json");
  g_autoptr(GPtrArray) errors = NULL;
  g_autoptr(GPtrArray) lists = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(JsonNode) wrong = rtcc_json_parse ("{\"lists\": []}", -1, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) none = NULL;
  RtccFlockHotlist *hl;
  RtccFlockHotlistEntry *entry;
  g_autofree char *when = NULL;

  lists = rtcc_flock_parse_hotlists (lists_doc, &errors, NULL);
  g_assert_cmpuint (lists->len, ==, 3);
  g_assert_cmpuint (errors->len, ==, 1);
  g_assert_true (g_str_has_prefix (error_message (errors, 0), "item 3: "));
  hl = g_ptr_array_index (lists, 0);
  g_assert_cmpstr (hl->name, ==, "Stolen vehicles");
  g_assert_cmpint (hl->entry_count, ==, 12);
  hl = g_ptr_array_index (lists, 1);
  g_assert_cmpstr (hl->id, ==, "2");
  g_assert_cmpstr (hl->type, ==, "amber_alert");
  g_assert_cmpint (hl->entry_count, ==, 3);
  hl = g_ptr_array_index (lists, 2);
  g_assert_cmpstr (hl->type, ==, "custom");
  g_assert_cmpint (hl->entry_count, ==, -1);
  g_clear_pointer (&errors, g_ptr_array_unref);

  entries = rtcc_flock_parse_hotlist_entries (entries_doc, &errors, NULL);
  g_assert_cmpuint (entries->len, ==, 2);
  g_assert_cmpuint (errors->len, ==, 2);
  entry = g_ptr_array_index (entries, 0);
  g_assert_cmpstr (entry->plate, ==, "ABC1234");
  g_assert_cmpstr (entry->state, ==, "IL");
  when = rtcc_time_format_iso (entry->expires_at);
  g_assert_cmpstr (when, ==, "2026-12-31T00:00:00Z");
  entry = g_ptr_array_index (entries, 1);
  g_assert_null (entry->state);
  g_assert_cmpstr (entry->case_number, ==, "77");
  g_assert_null (entry->expires_at);

  none = rtcc_flock_parse_hotlists (wrong, NULL, &error);
  g_assert_null (none);
  g_assert_error (error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_WRONG_SHAPE);
}

static void
test_hostile_sizes (void)
{
  /* Five thousand hits with huge fields: all read, fields cut, none crash. */
  GString *s = g_string_new ("{\"hits\": [");
  g_autofree char *big = g_strnfill (20000, 'x');
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GPtrArray) errors = NULL;
  JsonObject *match;

  for (guint i = 0; i < 5000; i++)
    g_string_append_printf (s, "%s{\"id\": %u, \"read\": {\"id\": %u, \"capturedAt\": \"2026-11-23T05:00:00Z\","
                               " \"plate\": {\"value\": \"P%u\"}, \"device\": {\"name\": \"%s\"}},"
                               " \"hotlist\": {\"id\": 1, \"name\": \"%s\", \"type\": \"stolen\"}}",
                            i ? "," : "", i, i, i, i % 500 == 0 ? big : "cam",
                            i % 500 == 0 ? big : "Stolen");
  g_string_append (s, "]}");
  node = rtcc_json_parse (s->str, s->len, NULL);
  g_string_free (s, TRUE);
  events = rtcc_flock_normalize_document (node, &errors, NULL, NULL);
  g_assert_cmpuint (events->len, ==, 5000);
  g_assert_cmpuint (errors->len, ==, 0);
  match = match_of (g_ptr_array_index (events, 0));
  g_assert_cmpuint (strlen (json_object_get_string_member (match, "hotlist_name")), <=, 1024);
  g_assert_cmpuint (strlen (rtcc_event_get_attribute_string (g_ptr_array_index (events, 0), "camera_name")), <=, 1024);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/flock/normalize/reads-page", test_reads_page);
  g_test_add_func ("/flock/normalize/hits-page", test_hits_page);
  g_test_add_func ("/flock/normalize/single-documents", test_single_documents);
  g_test_add_func ("/flock/normalize/wrong-documents", test_wrong_documents);
  g_test_add_func ("/flock/normalize/hotlists", test_hotlists);
  g_test_add_func ("/flock/normalize/hostile-sizes", test_hostile_sizes);

  return g_test_run ();
}
