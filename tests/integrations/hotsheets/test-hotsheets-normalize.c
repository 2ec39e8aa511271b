/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "rtcc-json.h"
#include "rtcc-time.h"
#include "flock/rtcc-flock-normalize.h"
#include "hotsheets/rtcc-bolo-cross-check.h"
#include "hotsheets/rtcc-hotsheets-normalize.h"

static JsonNode *
load (const char *name)
{
  g_autofree char *path = g_build_filename (g_getenv ("RTCC_TEST_DATA"), "hotsheets", name, NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *node;

  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  node = rtcc_json_parse (text, -1, &error);
  g_assert_no_error (error);
  return node;
}

static const char *
error_message (GPtrArray *errors,
               guint      i)
{
  return ((GError *) g_ptr_array_index (errors, i))->message;
}

static gboolean
attribute_is_null (RtccEvent  *event,
                   const char *name)
{
  JsonObject *attrs = rtcc_event_get_attributes (event);

  return json_object_has_member (attrs, name) && JSON_NODE_HOLDS_NULL (json_object_get_member (attrs, name));
}

static void
test_active_list (void)
{
  g_autoptr(JsonNode) doc = load ("bolos-active.json");
  g_autoptr(GPtrArray) errors = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *when = NULL;
  RtccEvent *vehicle, *person, *unicode, *noplate;
  double lat;

  events = rtcc_hotsheets_normalize_document (doc, &errors, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 4);
  g_assert_cmpuint (errors->len, ==, 5);

  vehicle = g_ptr_array_index (events, 0);
  g_assert_cmpstr (rtcc_event_get_id (vehicle), ==, "hotsheets:B-100");
  g_assert_cmpint (rtcc_event_get_event_type (vehicle), ==, RTCC_EVENT_TYPE_BOLO_CREATED);
  g_assert_cmpint (rtcc_event_get_priority (vehicle), ==, RTCC_PRIORITY_NORMAL);
  g_assert_cmpuint (rtcc_event_get_version (vehicle), ==, 1);
  g_assert_cmpstr (rtcc_event_get_title (vehicle), ==, "BOLO: vehicle ABC1234 (IL) — stolen");
  g_assert_false (rtcc_event_get_location (vehicle, NULL, NULL));
  g_assert_cmpstr (rtcc_event_get_attribute_string (vehicle, "bolo_id"), ==, "B-100");
  g_assert_cmpstr (rtcc_event_get_attribute_string (vehicle, "subject"), ==, "vehicle");
  g_assert_cmpstr (rtcc_event_get_attribute_string (vehicle, "plate_number"), ==, "ABC1234");
  g_assert_cmpstr (rtcc_event_get_attribute_string (vehicle, "plate_state"), ==, "IL");
  g_assert_cmpstr (rtcc_event_get_attribute_string (vehicle, "reason"), ==, "stolen");
  g_assert_cmpstr (rtcc_event_get_attribute_string (vehicle, "expires_at"), ==, "2026-11-29T18:00:00Z");
  g_assert_true (attribute_is_null (vehicle, "name"));
  g_assert_true (attribute_is_null (vehicle, "dob"));
  when = rtcc_time_format_iso (rtcc_event_get_occurred_at (vehicle));
  g_assert_cmpstr (when, ==, "2026-11-22T18:00:00Z");

  person = g_ptr_array_index (events, 1);
  g_assert_cmpstr (rtcc_event_get_id (person), ==, "hotsheets:101");
  g_assert_cmpstr (rtcc_event_get_title (person), ==, "BOLO: DOE, JOHN (1980-01-01)");
  g_assert_cmpint (rtcc_event_get_priority (person), ==, RTCC_PRIORITY_HIGH);
  g_assert_cmpstr (rtcc_event_get_attribute_string (person, "name"), ==, "DOE, JOHN");
  g_assert_cmpstr (rtcc_event_get_attribute_string (person, "dob"), ==, "1980-01-01");
  g_assert_cmpstr (rtcc_event_get_attribute_string (person, "case_number"), ==, "991");
  g_assert_true (attribute_is_null (person, "plate_number"));
  g_assert_true (attribute_is_null (person, "expires_at"));
  g_assert_cmpstr (rtcc_event_get_attribute_string (person, "description"), ==, "6'1\", beard");

  unicode = g_ptr_array_index (events, 2);
  g_assert_cmpstr (rtcc_event_get_title (unicode), ==, "BOLO: MUÑOZ-ŁUKASIK, ZOË");
  g_assert_true (rtcc_event_get_location (unicode, &lat, NULL));
  g_assert_cmpfloat (lat, ==, 41.87);
  g_assert_cmpstr (rtcc_event_get_address (unicode), ==, "Union Station");

  noplate = g_ptr_array_index (events, 3);
  g_assert_cmpstr (rtcc_event_get_title (noplate), ==, "BOLO: vehicle without plate");
  g_assert_true (attribute_is_null (noplate, "plate_number"));

  g_assert_true (g_str_has_prefix (error_message (errors, 0), "item 4: "));
  g_assert_nonnull (strstr (error_message (errors, 0), "vehicle or person"));
  g_assert_true (g_str_has_prefix (error_message (errors, 1), "item 5: "));
  g_assert_true (g_str_has_prefix (error_message (errors, 2), "item 6: "));
  g_assert_nonnull (strstr (error_message (errors, 2), "id"));
  g_assert_true (g_str_has_prefix (error_message (errors, 3), "item 7: "));
  g_assert_nonnull (strstr (error_message (errors, 3), "issuedAt"));
  g_assert_true (g_str_has_prefix (error_message (errors, 4), "item 8: "));
}

static void
test_changes (void)
{
  g_autoptr(JsonNode) doc = load ("changes.json");
  g_autoptr(GPtrArray) errors = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autofree char *cursor = NULL;
  g_autofree char *when = NULL;
  RtccEvent *created, *cancelled, *expired;

  events = rtcc_hotsheets_normalize_document (doc, &errors, &cursor, NULL);
  g_assert_cmpuint (events->len, ==, 3);
  g_assert_cmpuint (errors->len, ==, 2);
  g_assert_cmpstr (cursor, ==, "k-5");

  created = g_ptr_array_index (events, 0);
  g_assert_cmpint (rtcc_event_get_event_type (created), ==, RTCC_EVENT_TYPE_BOLO_CREATED);
  g_assert_cmpstr (rtcc_event_get_attribute_string (created, "plate_number"), ==, "KID777");
  g_assert_cmpstr (rtcc_event_get_title (created), ==, "BOLO: vehicle KID777 (WI) — stolen");

  /* Same id, higher version: the cancellation replaces the BOLO's row. */
  cancelled = g_ptr_array_index (events, 1);
  g_assert_cmpstr (rtcc_event_get_id (cancelled), ==, "hotsheets:B-100");
  g_assert_cmpint (rtcc_event_get_event_type (cancelled), ==, RTCC_EVENT_TYPE_BOLO_CANCELLED);
  g_assert_cmpuint (rtcc_event_get_version (cancelled), ==, 2);
  g_assert_cmpint (rtcc_event_get_priority (cancelled), ==, RTCC_PRIORITY_LOW);
  g_assert_cmpstr (rtcc_event_get_attribute_string (cancelled, "status"), ==, "cancelled");
  when = rtcc_time_format_iso (rtcc_event_get_occurred_at (cancelled));
  g_assert_cmpstr (when, ==, "2026-11-23T03:05:00Z");
  g_clear_pointer (&when, g_free);

  /* The op decides even when the BOLO still says active. */
  expired = g_ptr_array_index (events, 2);
  g_assert_cmpint (rtcc_event_get_event_type (expired), ==, RTCC_EVENT_TYPE_BOLO_CANCELLED);
  g_assert_cmpstr (rtcc_event_get_attribute_string (expired, "status"), ==, "expired");
  when = rtcc_time_format_iso (rtcc_event_get_occurred_at (expired));
  g_assert_cmpstr (when, ==, "2026-11-23T03:10:00Z");

  g_assert_true (g_str_has_prefix (error_message (errors, 0), "item 3: "));
  g_assert_nonnull (strstr (error_message (errors, 0), "exploded"));
  g_assert_true (g_str_has_prefix (error_message (errors, 1), "item 4: "));
  g_assert_nonnull (strstr (error_message (errors, 1), "bolo"));
}

static void
test_single_and_matches (void)
{
  g_autoptr(JsonNode) single = load ("bolo-single.json");
  g_autoptr(JsonNode) matches = load ("matches.json");
  g_autoptr(GPtrArray) events = NULL;
  g_autofree char *cursor = NULL;

  events = rtcc_hotsheets_normalize_document (single, NULL, &cursor, NULL);
  g_assert_cmpuint (events->len, ==, 1);
  g_assert_null (cursor);
  g_assert_cmpstr (rtcc_event_get_title (g_ptr_array_index (events, 0)), ==,
                   "BOLO: vehicle ZZZ999 (IN) — hit and run");
  g_assert_cmpstr (rtcc_event_get_attribute_string (g_ptr_array_index (events, 0), "vehicle_color"), ==, "blue");
  g_assert_true (attribute_is_null (g_ptr_array_index (events, 0), "vehicle_make"));
  g_clear_pointer (&events, g_ptr_array_unref);

  events = rtcc_hotsheets_normalize_document (matches, NULL, NULL, NULL);
  g_assert_cmpuint (events->len, ==, 1);
  g_assert_cmpstr (rtcc_event_get_id (g_ptr_array_index (events, 0)), ==, "hotsheets:B-100");
}

static void
test_wrong_documents (void)
{
  static const char *docs[] = {
    "[]", "\"bolos\"", "null", "{\"bolos\": {}}", "{\"bolo\": 12}", "{\"something\": []}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (docs); i++)
    {
      g_autoptr(JsonNode) node = rtcc_json_parse (docs[i], -1, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) events = rtcc_hotsheets_normalize_document (node, NULL, NULL, &error);

      g_assert_null (events);
      g_assert_error (error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_WRONG_SHAPE);
    }
}

static void
test_field_errors (void)
{
  g_autoptr(JsonNode) doc = load ("errors-422.json");
  g_autoptr(GHashTable) fields = rtcc_hotsheets_parse_field_errors (doc);
  g_autoptr(GHashTable) none = rtcc_hotsheets_parse_field_errors (NULL);

  g_assert_cmpuint (g_hash_table_size (fields), ==, 3);
  g_assert_cmpstr (g_hash_table_lookup (fields, "vehicle.plate"), ==, "Plate is required for a vehicle BOLO");
  g_assert_cmpstr (g_hash_table_lookup (fields, "reason"), ==,
                   "Reason is too short; Reason must not be only digits");
  g_assert_cmpstr (g_hash_table_lookup (fields, ""), ==, "Check the form");
  g_assert_cmpuint (g_hash_table_size (none), ==, 0);
}

static void
test_hostile (void)
{
  /* Two thousand BOLOs, some with huge or markup-laden fields: all read,
   * fields cut to size, text kept as data. */
  GString *s = g_string_new ("{\"changes\": [");
  g_autofree char *big = g_strnfill (50000, 'x');
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GPtrArray) errors = NULL;
  g_autofree char *cursor = NULL;
  RtccEvent *first, *second;

  for (guint i = 0; i < 2000; i++)
    g_string_append_printf (s, "%s{\"op\": \"created\", \"bolo\": {\"id\": %u, \"subjectType\": \"person\","
                               " \"issuedAt\": \"2026-11-23T05:00:00Z\", \"reason\": \"%s\","
                               " \"person\": {\"lastName\": \"%s\", \"firstName\": \"J\\u00f6\", \"dob\": \"1990-01-01\"}}}",
                            i ? "," : "", i, i % 100 == 0 ? big : "<b>wanted</b>",
                            i % 100 == 0 ? big : "O'Brien\\\"; DROP TABLE bolos;--");
  g_string_append (s, "], \"cursor\": 42}");
  node = rtcc_json_parse (s->str, s->len, NULL);
  g_string_free (s, TRUE);
  g_assert_nonnull (node);
  events = rtcc_hotsheets_normalize_document (node, &errors, &cursor, NULL);
  g_assert_cmpuint (events->len, ==, 2000);
  g_assert_cmpuint (errors->len, ==, 0);
  /* A cursor sent as a number is still a cursor. */
  g_assert_cmpstr (cursor, ==, "42");
  first = g_ptr_array_index (events, 0);
  g_assert_cmpuint (strlen (rtcc_event_get_attribute_string (first, "reason")), <=, 1024);
  g_assert_cmpuint (strlen (rtcc_event_get_title (first)), <=, 1024);
  second = g_ptr_array_index (events, 1);
  g_assert_cmpstr (rtcc_event_get_attribute_string (second, "reason"), ==, "<b>wanted</b>");
  g_assert_cmpstr (rtcc_event_get_attribute_string (second, "name"), ==, "O'BRIEN\"; DROP TABLE BOLOS;--, JÖ");
}

static RtccEvent *
make_read (const char *plate,
           const char *state)
{
  g_autofree char *json = g_strdup_printf ("{\"id\": \"R-x\", \"capturedAt\": \"2026-11-23T05:00:00Z\","
                                           " \"plate\": {\"value\": \"%s\"}%s%s%s}",
                                           plate, state ? ", \"state\": {\"value\": \"" : "",
                                           state ? state : "", state ? "\"}" : "");
  g_autoptr(JsonNode) node = rtcc_json_parse (json, -1, NULL);
  g_autoptr(GError) error = NULL;
  RtccEvent *event = rtcc_flock_normalize_read (json_node_get_object (node), NULL, &error);

  g_assert_no_error (error);
  return event;
}

static void
test_cross_check (void)
{
  static const struct { const char *plate; const char *state; const char *matches; } cases[] = {
    { "ABC1234", "IL", "B-100" },        /* exact */
    { "A8C1234", "IL", "B-100" },        /* B/8 misread */
    { "ABC123", NULL, "B-100" },         /* a character lost, state unknown */
    { "ABC1234", "WI", "" },             /* another state's plate */
    { "ABC1299", "IL", "" },             /* another plate */
    { "KID777", "WI", "B-200" },
    { "KID777", "IL", "" },
    { "K1D777", NULL, "B-200" },         /* I/1 */
    { "ZZZ999", "IN", "B-300,B-301" },   /* two BOLOs on one plate; one gives no state */
  };
  g_autoptr(JsonNode) active_doc = load ("bolos-active.json");
  g_autoptr(JsonNode) changes_doc = load ("changes.json");
  g_autoptr(JsonNode) single_doc = load ("bolo-single.json");
  g_autoptr(JsonNode) nostate = rtcc_json_parse ("{\"bolo\": {\"id\": \"B-301\", \"subjectType\": \"vehicle\","
                                                 " \"issuedAt\": \"2026-11-23T04:00:00Z\","
                                                 " \"vehicle\": {\"plate\": \"ZZZ999\"}}}", -1, NULL);
  g_autoptr(GPtrArray) bolos = g_ptr_array_new_with_free_func (g_object_unref);
  JsonNode *docs[] = { active_doc, changes_doc, single_doc, nostate };
  g_autoptr(RtccEvent) not_lpr = NULL;
  g_autoptr(GPtrArray) empty = NULL;

  /* Everything the fixtures give, cancellations and person BOLOs included:
   * they must never match. */
  for (guint d = 0; d < G_N_ELEMENTS (docs); d++)
    {
      g_autoptr(GPtrArray) events = rtcc_hotsheets_normalize_document (docs[d], NULL, NULL, NULL);
      g_ptr_array_extend_and_steal (bolos, g_steal_pointer (&events));
    }

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(RtccEvent) read = make_read (cases[i].plate, cases[i].state);
      g_autoptr(GPtrArray) found = rtcc_bolo_cross_check (bolos, read);
      GString *ids = g_string_new (NULL);
      g_autofree char *got = NULL;

      for (guint k = 0; k < found->len; k++)
        g_string_append_printf (ids, "%s%s", k ? "," : "",
                                rtcc_event_get_attribute_string (g_ptr_array_index (found, k), "bolo_id"));
      got = g_string_free (ids, FALSE);
      g_test_message ("cross-check %s (%s)", cases[i].plate, cases[i].state);
      g_assert_cmpstr (got, ==, cases[i].matches);
    }

  /* B-100 is cancelled in the changes feed; that event alone never matches. */
  for (guint i = 0; i < bolos->len; i++)
    if (rtcc_event_get_event_type (g_ptr_array_index (bolos, i)) == RTCC_EVENT_TYPE_BOLO_CANCELLED)
      {
        g_autoptr(GPtrArray) only = g_ptr_array_new ();
        g_autoptr(RtccEvent) read = make_read ("ABC1234", "IL");
        g_autoptr(GPtrArray) found = NULL;

        g_ptr_array_add (only, g_ptr_array_index (bolos, i));
        found = rtcc_bolo_cross_check (only, read);
        g_assert_cmpuint (found->len, ==, 0);
      }

  /* A BOLO is not a plate read. */
  not_lpr = g_object_ref (g_ptr_array_index (bolos, 0));
  empty = rtcc_bolo_cross_check (bolos, not_lpr);
  g_assert_cmpuint (empty->len, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/hotsheets/normalize/active-list", test_active_list);
  g_test_add_func ("/hotsheets/normalize/changes", test_changes);
  g_test_add_func ("/hotsheets/normalize/single-and-matches", test_single_and_matches);
  g_test_add_func ("/hotsheets/normalize/wrong-documents", test_wrong_documents);
  g_test_add_func ("/hotsheets/normalize/field-errors", test_field_errors);
  g_test_add_func ("/hotsheets/normalize/hostile", test_hostile);
  g_test_add_func ("/hotsheets/cross-check", test_cross_check);

  return g_test_run ();
}
