/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "onesolution/rtcc-onesolution-normalize.h"
#include "rtcc-json.h"
#include "rtcc-time.h"

static JsonNode *
load (const char *name)
{
  g_autofree char *path = g_build_filename (g_getenv ("RTCC_TEST_DATA"), "onesolution", name, NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *node;

  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  node = rtcc_json_parse (text, -1, &error);
  g_assert_no_error (error);
  return node;
}

static char *
attribute_json (RtccEvent  *event,
                const char *name)
{
  return rtcc_json_to_string (json_object_get_member (rtcc_event_get_attributes (event), name), FALSE);
}

static void
test_single_incident (void)
{
  g_autoptr(JsonNode) doc = load ("incident.json");
  g_autoptr(GPtrArray) errors = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *when = NULL;
  g_autofree char *units = NULL;
  g_autofree char *type = NULL;
  RtccEvent *event;
  double lat, lon;

  events = rtcc_onesolution_normalize_document (doc, NULL, &errors, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 1);
  g_assert_cmpuint (errors->len, ==, 0);

  event = g_ptr_array_index (events, 0);
  g_assert_cmpstr (rtcc_event_get_id (event), ==, "onesolution:2026-000123");
  g_assert_cmpint (rtcc_event_get_source (event), ==, RTCC_SOURCE_ONESOLUTION);
  g_assert_cmpint (rtcc_event_get_event_type (event), ==, RTCC_EVENT_TYPE_INCIDENT_CREATED);
  g_assert_cmpint (rtcc_event_get_priority (event), ==, RTCC_PRIORITY_HIGH);
  g_assert_cmpuint (rtcc_event_get_version (event), ==, 1);
  g_assert_cmpstr (rtcc_event_get_title (event), ==, "Robbery — 2026-000123");
  g_assert_cmpstr (rtcc_event_get_address (event), ==, "1200 W MADISON ST");
  g_assert_true (rtcc_event_get_location (event, &lat, &lon));
  g_assert_cmpfloat_with_epsilon (lat, 41.8815, 1e-9);
  g_assert_cmpfloat_with_epsilon (lon, -87.6557, 1e-9);

  /* Local time with its offset becomes UTC. */
  when = rtcc_time_format_iso (rtcc_event_get_occurred_at (event));
  g_assert_cmpstr (when, ==, "2026-11-23T04:10:00Z");
  g_assert_cmpstr (rtcc_event_get_attribute_string (event, "reported_at"), ==, "2026-11-23T04:10:00Z");
  g_assert_cmpstr (rtcc_event_get_attribute_string (event, "incident_number"), ==, "2026-000123");
  g_assert_cmpstr (rtcc_event_get_attribute_string (event, "status"), ==, "open");
  g_assert_cmpstr (rtcc_event_get_attribute_string (event, "case_number"), ==, "C-2026-0042");

  /* Unit numbers are read as text; objects in the list are dropped. */
  units = attribute_json (event, "responding_units");
  g_assert_cmpstr (units, ==, "[\"1A23\",\"1A24\",\"1130\"]");
  type = attribute_json (event, "incident_type");
  g_assert_cmpstr (type, ==, "{\"code\":\"ROBB\",\"description\":\"Robbery\"}");
}

static void
test_search_results_with_bad_items (void)
{
  g_autoptr(JsonNode) doc = load ("search-results.json");
  g_autoptr(GPtrArray) errors = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *units = NULL;
  RtccEvent *event;
  double lat, lon;

  events = rtcc_onesolution_normalize_document (doc, NULL, &errors, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 3);
  g_assert_cmpuint (errors->len, ==, 3);

  /* Coordinates sent as strings, a null case number, no units. */
  event = g_ptr_array_index (events, 0);
  g_assert_cmpstr (rtcc_event_get_vendor_id (event), ==, "2026-000200");
  g_assert_cmpint (rtcc_event_get_priority (event), ==, RTCC_PRIORITY_NORMAL);
  g_assert_true (rtcc_event_get_location (event, &lat, &lon));
  g_assert_cmpfloat_with_epsilon (lat, 41.8807, 1e-9);
  g_assert_null (rtcc_event_get_attribute_string (event, "case_number"));
  g_assert_true (json_object_has_member (rtcc_event_get_attributes (event), "case_number"));
  units = attribute_json (event, "responding_units");
  g_assert_cmpstr (units, ==, "[]");

  /* A numeric incident number and a bare type code; no location. */
  event = g_ptr_array_index (events, 1);
  g_assert_cmpstr (rtcc_event_get_vendor_id (event), ==, "2026000201");
  g_assert_cmpstr (rtcc_event_get_title (event), ==, "THEFT — 2026000201");
  g_assert_false (rtcc_event_get_location (event, &lat, &lon));

  /* Unicode passes through; an impossible latitude is no location. */
  event = g_ptr_array_index (events, 2);
  g_assert_cmpstr (rtcc_event_get_title (event), ==, "Homicide — ÉLAN 殺人 — 2026-000203");
  g_assert_false (rtcc_event_get_location (event, &lat, &lon));
  g_assert_cmpstr (rtcc_event_get_attribute_string (event, "reported_at"), ==, "2026-11-21T22:59:59Z");

  /* Each skipped item is named by its index, with the reason. */
  g_assert_nonnull (strstr (((GError *) g_ptr_array_index (errors, 0))->message, "item 2"));
  g_assert_nonnull (strstr (((GError *) g_ptr_array_index (errors, 0))->message, "reportedAt"));
  g_assert_nonnull (strstr (((GError *) g_ptr_array_index (errors, 1))->message, "incidentNumber"));
  g_assert_nonnull (strstr (((GError *) g_ptr_array_index (errors, 2))->message, "item 4"));
}

static void
test_changes_versions_rise (void)
{
  g_autoptr(JsonNode) doc = load ("changes.json");
  g_autoptr(GHashTable) versions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) errors = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cursor = NULL;
  g_autofree char *units = NULL;
  RtccEvent *event;

  events = rtcc_onesolution_normalize_document (doc, versions, &errors, &cursor, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cursor, ==, "ch-3");
  g_assert_cmpuint (events->len, ==, 3);
  g_assert_cmpuint (errors->len, ==, 2);

  event = g_ptr_array_index (events, 0);
  g_assert_cmpint (rtcc_event_get_event_type (event), ==, RTCC_EVENT_TYPE_INCIDENT_CREATED);
  g_assert_cmpuint (rtcc_event_get_version (event), ==, 1);
  event = g_ptr_array_index (events, 1);
  g_assert_cmpstr (rtcc_event_get_id (event), ==, "onesolution:2026-000300");
  g_assert_cmpint (rtcc_event_get_event_type (event), ==, RTCC_EVENT_TYPE_INCIDENT_UPDATED);
  g_assert_cmpuint (rtcc_event_get_version (event), ==, 2);
  units = attribute_json (event, "responding_units");
  g_assert_cmpstr (units, ==, "[\"2B10\",\"2B11\"]");

  /* An update of an incident created before our cursor starts at 2. */
  event = g_ptr_array_index (events, 2);
  g_assert_cmpstr (rtcc_event_get_vendor_id (event), ==, "2026-000100");
  g_assert_cmpuint (rtcc_event_get_version (event), ==, 2);

  /* The counters live on across pages: the same page again only rises. */
  again = rtcc_onesolution_normalize_document (doc, versions, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rtcc_event_get_version (g_ptr_array_index (again, 0)), ==, 3);
  g_assert_cmpuint (rtcc_event_get_version (g_ptr_array_index (again, 1)), ==, 4);
  g_assert_cmpuint (rtcc_event_get_version (g_ptr_array_index (again, 2)), ==, 3);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (versions, "2026-000300")), ==, 4);
}

static void
test_wrong_documents (void)
{
  static const char * const bad[] = {
    "[]", "42", "null", "{\"alerts\": []}", "{\"changes\": {}}", "{\"results\": \"x\"}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) doc = rtcc_json_parse (bad[i], -1, &error);
      g_autoptr(GPtrArray) events = NULL;

      g_assert_no_error (error);
      events = rtcc_onesolution_normalize_document (doc, NULL, NULL, NULL, &error);
      g_assert_null (events);
      g_assert_error (error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_WRONG_SHAPE);
    }
}

static void
test_hostile_items (void)
{
  g_autoptr(GString) huge = g_string_new ("{\"results\": [{\"incidentNumber\": \"");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) doc = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GPtrArray) errors = NULL;

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (huge, 'A');
  g_string_append (huge, "\", \"reportedAt\": \"2026-11-21T09:30:00Z\"},"
                   " {\"incidentNumber\": \"X\", \"reportedAt\": 12},"
                   " {\"incidentNumber\": \"Y\", \"reportedAt\": \"2026-11-21T09:30:00Z\","
                   "  \"type\": [1], \"location\": \"here\", \"units\": \"1A\", \"status\": 5}]}");
  doc = rtcc_json_parse (huge->str, -1, &error);
  g_assert_no_error (error);
  events = rtcc_onesolution_normalize_document (doc, NULL, &errors, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (errors->len, ==, 2);
  /* Wrong types in optional fields leave them out, not the incident. */
  g_assert_cmpuint (events->len, ==, 1);
  g_assert_cmpstr (rtcc_event_get_title (g_ptr_array_index (events, 0)), ==, "Incident Y");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/onesolution/normalize/incident", test_single_incident);
  g_test_add_func ("/onesolution/normalize/search-results", test_search_results_with_bad_items);
  g_test_add_func ("/onesolution/normalize/changes-versions", test_changes_versions_rise);
  g_test_add_func ("/onesolution/normalize/wrong-documents", test_wrong_documents);
  g_test_add_func ("/onesolution/normalize/hostile-items", test_hostile_items);

  return g_test_run ();
}
