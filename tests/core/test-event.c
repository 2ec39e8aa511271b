/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include "rtcc-event.h"
#include "rtcc-json.h"
#include "rtcc-time.h"

static RtccEvent *
make_gunshot (void)
{
  g_autoptr(RtccEventBuilder) b = rtcc_event_builder_new (RTCC_SOURCE_SHOTSPOTTER,
                                                         RTCC_EVENT_TYPE_GUNSHOT,
                                                         "SS-2026-000123");
  g_autoptr(GDateTime) at = rtcc_time_parse_iso ("2026-11-22T22:12:09.12-06:00", NULL);
  g_autoptr(GError) error = NULL;
  RtccEvent *ev;

  g_assert_nonnull (at);
  rtcc_event_builder_set_priority (b, RTCC_PRIORITY_HIGH);
  rtcc_event_builder_set_occurred_at (b, at);
  rtcc_event_builder_set_location (b, 41.8815, -87.6557);
  rtcc_event_builder_set_address (b, "1200 W MADISON ST");
  rtcc_event_builder_set_title (b, "Multiple gunshots (4 rounds)");
  rtcc_event_builder_set_string (b, "alert_id", "SS-2026-000123");
  rtcc_event_builder_set_int (b, "round_count", 4);
  rtcc_event_builder_set_double (b, "confidence", 0.97);
  ev = rtcc_event_builder_end (g_steal_pointer (&b), &error);
  g_assert_no_error (error);
  return ev;
}

static void
test_event_json_shape (void)
{
  g_autoptr(RtccEvent) ev = make_gunshot ();
  g_autoptr(JsonNode) node = rtcc_event_to_json (ev);
  JsonObject *obj = json_node_get_object (node);
  JsonObject *loc = json_object_get_object_member (obj, "location");
  JsonObject *attrs = json_object_get_object_member (obj, "attributes");

  g_assert_cmpstr (json_object_get_string_member (obj, "id"), ==, "shotspotter:SS-2026-000123");
  g_assert_cmpstr (json_object_get_string_member (obj, "source"), ==, "shotspotter");
  g_assert_cmpstr (json_object_get_string_member (obj, "type"), ==, "gunshot");
  g_assert_cmpstr (json_object_get_string_member (obj, "priority"), ==, "high");
  /* Local time with offset becomes UTC, hundredths kept. */
  g_assert_cmpstr (json_object_get_string_member (obj, "occurred_at"), ==, "2026-11-23T04:12:09.12Z");
  g_assert_cmpint (json_object_get_int_member (obj, "version"), ==, 1);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (loc, "lat"), 41.8815, 1e-9);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (loc, "lon"), -87.6557, 1e-9);
  g_assert_cmpstr (json_object_get_string_member (obj, "address"), ==, "1200 W MADISON ST");
  g_assert_cmpint (json_object_get_int_member (attrs, "round_count"), ==, 4);
  g_assert_cmpstr (rtcc_event_get_vendor_id (ev), ==, "SS-2026-000123");
}

static void
test_event_round_trip (void)
{
  g_autoptr(RtccEvent) ev = make_gunshot ();
  g_autoptr(JsonNode) node = rtcc_event_to_json (ev);
  g_autoptr(GError) error = NULL;
  g_autoptr(RtccEvent) back = rtcc_event_new_from_json (node, &error);
  g_autoptr(RtccEvent) v2 = NULL;

  g_assert_no_error (error);
  g_assert_true (rtcc_event_equal_content (ev, back));
  g_assert_true (g_date_time_equal (rtcc_event_get_received_at (ev), rtcc_event_get_received_at (back)) ||
                 ABS (g_date_time_difference (rtcc_event_get_received_at (ev),
                                              rtcc_event_get_received_at (back))) < 1000);

  v2 = rtcc_event_with_version (ev, 2);
  g_assert_cmpuint (rtcc_event_get_version (v2), ==, 2);
  g_assert_cmpuint (rtcc_event_get_version (ev), ==, 1);
}

/* Reading an event from its text gives what reading it from json-glib's
 * tree gives: the same event, or the same error. */
static void
test_event_from_text (void)
{
  g_autoptr(RtccEvent) ev = make_gunshot ();
  g_autofree char *json = rtcc_event_to_json_string (ev);
  const char *documents[] = {
    json,
    /* Unknown members, members in another order, a repeated name (the last
     * counts), nulls where a member may be absent. */
    "{\"zzz\":[1,{\"a\":2}],\"type\":\"gunshot\",\"id\":\"shotspotter:A\",\"source\":\"shotspotter\","
    "\"occurred_at\":\"2026-01-02T03:04:05Z\",\"title\":\"one\",\"title\":\"two\",\"priority\":null,"
    "\"location\":null,\"attributes\":{\"n\":1,\"nested\":{\"deep\":[true,false,null]}}}",
    /* Numbers as text are taken for the version. */
    "{\"id\":\"flock:r1\",\"source\":\"flock\",\"type\":\"lpr_read\",\"occurred_at\":\"2026-01-02T03:04:05Z\","
    "\"version\":\"3\",\"location\":{\"lat\":\"41.5\",\"lon\":-87.5}}",
    /* Wrong shapes and values, each with json-glib's message. */
    "{\"id\":7,\"source\":\"flock\",\"type\":\"lpr_read\",\"occurred_at\":\"2026-01-02T03:04:05Z\"}",
    "{\"source\":\"flock\",\"type\":\"lpr_read\",\"occurred_at\":\"2026-01-02T03:04:05Z\"}",
    "{\"id\":\"flock:r1\",\"source\":\"milestone\",\"type\":\"lpr_read\",\"occurred_at\":\"2026-01-02T03:04:05Z\"}",
    "{\"id\":\"flock:r1\",\"source\":\"flock\",\"type\":\"lpr_read\",\"occurred_at\":\"yesterday\"}",
    "{\"id\":\"flock:r1\",\"source\":\"flock\",\"type\":\"lpr_read\",\"occurred_at\":\"2026-01-02T03:04:05Z\","
    "\"version\":0}",
    "{\"id\":\"flock:r1\",\"source\":\"flock\",\"type\":\"lpr_read\",\"occurred_at\":\"2026-01-02T03:04:05Z\","
    "\"location\":{\"lat\":91,\"lon\":0}}",
    /* Not for the quick reader: json-glib reads or refuses them. */
    "[1,2]",
    "{\"id\":\"flock:r1\",",
    "{\"id\":\"flock:r1\",\"source\":\"flock\",\"type\":\"lpr_read\",\"occurred_at\":\"2026-01-02T03:04:05Z\","
    "\"attributes\":{\"big\":123456789012345678901234567890}}",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (documents); i++)
    {
      g_autoptr(GError) tree_error = NULL;
      g_autoptr(GError) text_error = NULL;
      g_autoptr(JsonNode) node = rtcc_json_parse (documents[i], -1, &tree_error);
      g_autoptr(RtccEvent) from_tree = node != NULL ? rtcc_event_new_from_json (node, &tree_error) : NULL;
      g_autoptr(RtccEvent) from_text = rtcc_event_new_from_json_text (documents[i], strlen (documents[i]),
                                                                      &text_error);

      g_test_message ("document %" G_GSIZE_FORMAT, i);
      if (from_tree == NULL)
        {
          g_assert_null (from_text);
          g_assert_nonnull (text_error);
          g_assert_cmpstr (text_error->message, ==, tree_error->message);
          g_assert_true (text_error->domain == tree_error->domain && text_error->code == tree_error->code);
          continue;
        }
      g_assert_no_error (text_error);
      g_assert_nonnull (from_text);
      g_assert_true (rtcc_event_equal_content (from_text, from_tree));
      g_assert_cmpuint (rtcc_event_get_version (from_text), ==, rtcc_event_get_version (from_tree));
      {
        g_autofree char *a = rtcc_event_to_json_string (from_text);
        g_autofree char *b = rtcc_event_to_json_string (from_tree);

        /* Received times differ only where the document has none. */
        if (strstr (documents[i], "received_at") != NULL)
          g_assert_cmpstr (a, ==, b);
      }
    }

  /* The text's event outlives the text. */
  {
    g_autofree char *copy = g_strdup (json);
    g_autoptr(RtccEvent) back = rtcc_event_new_from_json_text (copy, strlen (copy), NULL);
    g_autofree char *again = NULL;
    gint64 rounds = 0;

    g_clear_pointer (&copy, g_free);
    g_assert_nonnull (back);
    again = rtcc_event_to_json_string (back);
    g_assert_cmpstr (again, ==, json);
    g_assert_true (rtcc_event_get_attribute_int (back, "round_count", &rounds));
    g_assert_cmpint (rounds, ==, 4);
  }
}

static void
test_event_null_location (void)
{
  g_autoptr(RtccEventBuilder) b = rtcc_event_builder_new (RTCC_SOURCE_ONESOLUTION,
                                                         RTCC_EVENT_TYPE_INCIDENT_CREATED,
                                                         "2026-000123");
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(RtccEvent) ev = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *obj;

  rtcc_event_builder_set_occurred_at (b, now);
  ev = rtcc_event_builder_end (g_steal_pointer (&b), NULL);
  g_assert_nonnull (ev);
  node = rtcc_event_to_json (ev);
  obj = json_node_get_object (node);
  g_assert_true (json_object_has_member (obj, "location"));
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (obj, "location")));
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (obj, "address")));
  g_assert_cmpstr (rtcc_event_get_title (ev), ==, "New incident");
}

static void
test_event_rejects_bad_fields (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GError) error = NULL;
  RtccEventBuilder *b;

  b = rtcc_event_builder_new (RTCC_SOURCE_FLOCK, RTCC_EVENT_TYPE_LPR_READ, "");
  rtcc_event_builder_set_occurred_at (b, now);
  g_assert_null (rtcc_event_builder_end (b, &error));
  g_assert_error (error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_MISSING_FIELD);
  g_clear_error (&error);

  b = rtcc_event_builder_new (RTCC_SOURCE_FLOCK, RTCC_EVENT_TYPE_LPR_READ, "r1");
  g_assert_null (rtcc_event_builder_end (b, &error));
  g_assert_error (error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_MISSING_FIELD);
  g_clear_error (&error);

  b = rtcc_event_builder_new (RTCC_SOURCE_FLOCK, RTCC_EVENT_TYPE_LPR_READ, "r1");
  rtcc_event_builder_set_occurred_at (b, now);
  rtcc_event_builder_set_location (b, 91.0, 0.0);
  g_assert_null (rtcc_event_builder_end (b, &error));
  g_assert_error (error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_INVALID_VALUE);
  g_clear_error (&error);

  b = rtcc_event_builder_new (RTCC_SOURCE_FLOCK, RTCC_EVENT_TYPE_LPR_READ, "r1");
  rtcc_event_builder_set_occurred_at (b, now);
  rtcc_event_builder_set_location (b, NAN, 0.0);
  g_assert_null (rtcc_event_builder_end (b, &error));
  g_assert_error (error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_INVALID_VALUE);
}

static void
test_event_from_json_errors (void)
{
  static const char *bad[] = {
    "[]",
    "{}",
    "{\"id\": 5, \"source\": \"flock\", \"type\": \"lpr_read\"}",
    "{\"id\": \"flock:1\", \"source\": \"nowhere\", \"type\": \"lpr_read\", \"occurred_at\": \"2026-01-01T00:00:00Z\"}",
    "{\"id\": \"flock:1\", \"source\": \"flock\", \"type\": \"lpr_read\"}",
    "{\"id\": \"ness:1\", \"source\": \"flock\", \"type\": \"lpr_read\", \"occurred_at\": \"2026-01-01T00:00:00Z\"}",
    "{\"id\": \"flock:1\", \"source\": \"flock\", \"type\": \"lpr_read\", \"occurred_at\": \"yesterday\"}",
    "{\"id\": \"flock:1\", \"source\": \"flock\", \"type\": \"lpr_read\", \"occurred_at\": \"2026-01-01T00:00:00Z\", \"version\": 0}",
    "{\"id\": \"flock:1\", \"source\": \"flock\", \"type\": \"lpr_read\", \"occurred_at\": \"2026-01-01T00:00:00Z\", \"location\": {\"lat\": \"north\"}}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = rtcc_json_parse (bad[i], -1, &error);
      g_autoptr(RtccEvent) ev = NULL;

      g_assert_no_error (error);
      ev = rtcc_event_new_from_json (node, &error);
      g_test_message ("case %u: %s", i, error ? error->message : "(no error)");
      g_assert_null (ev);
      g_assert_error (error, RTCC_JSON_ERROR, error->code);
    }
}

static void
test_event_hostile_text (void)
{
  g_autoptr(RtccEventBuilder) b = rtcc_event_builder_new (RTCC_SOURCE_HOTSHEETS,
                                                         RTCC_EVENT_TYPE_BOLO_CREATED, "B1");
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(RtccEvent) ev = NULL;
  g_autofree char *huge = g_strnfill (100000, 'A');
  const char invalid[] = { 'O', 'K', (char) 0xff, (char) 0xfe, 0 };

  rtcc_event_builder_set_occurred_at (b, now);
  rtcc_event_builder_set_title (b, huge);
  rtcc_event_builder_set_address (b, invalid);
  rtcc_event_builder_set_string (b, "reason", "<script>alert(1)</script>");
  ev = rtcc_event_builder_end (g_steal_pointer (&b), NULL);
  g_assert_nonnull (ev);
  g_assert_cmpuint (strlen (rtcc_event_get_title (ev)), <=, 1024);
  g_assert_true (g_utf8_validate (rtcc_event_get_address (ev), -1, NULL));
  g_assert_cmpstr (rtcc_event_get_attribute_string (ev, "reason"), ==, "<script>alert(1)</script>");
}

static void
test_time_formats (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) ms7 = rtcc_time_parse_iso ("2026-11-23T04:12:09.1234567Z", &error);
  g_autoptr(GDateTime) whole = rtcc_time_parse_iso ("2026-11-23T04:12:09Z", NULL);
  g_autoptr(GDateTime) no_zone = rtcc_time_parse_iso ("2026-11-23T04:12:09", NULL);
  g_autofree char *a = NULL, *b = NULL, *c = NULL;

  g_assert_no_error (error);
  a = rtcc_time_format_iso (ms7);
  b = rtcc_time_format_iso (whole);
  c = rtcc_time_format_audit (ms7);
  g_assert_cmpstr (a, ==, "2026-11-23T04:12:09.123Z");
  g_assert_cmpstr (b, ==, "2026-11-23T04:12:09Z");
  g_assert_cmpstr (c, ==, "2026-11-23T04:12:09.12Z");
  g_assert_null (no_zone);
}

static void
test_json_lenient (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rtcc_json_parse ("{\"a\": \"0.93\", \"b\": 4, \"c\": null, \"d\": \"x\", \"e\": \"12\"}", -1, &error);
  JsonObject *obj = json_node_get_object (node);
  double d = -1;
  gint64 i = -1;

  g_assert_no_error (error);
  g_assert_true (rtcc_json_get_double (obj, "a", &d, NULL));
  g_assert_cmpfloat (d, ==, 0.93);
  g_assert_true (rtcc_json_get_double (obj, "b", &d, NULL));
  g_assert_cmpfloat (d, ==, 4.0);
  g_assert_false (rtcc_json_get_double (obj, "c", &d, &error));
  g_assert_no_error (error);
  g_assert_false (rtcc_json_get_double (obj, "d", &d, &error));
  g_assert_error (error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  g_assert_true (rtcc_json_get_int (obj, "e", &i, NULL));
  g_assert_cmpint (i, ==, 12);
}

static void
test_json_int_out_of_range (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rtcc_json_parse ("{\"huge\": 1e300, \"edge\": 9223372036854775808.0,"
                                               " \"low\": -9223372036854775808.0, \"frac\": 2.5, \"whole\": 7.0}",
                                               -1, &error);
  JsonObject *obj = json_node_get_object (node);
  gint64 i = -1;

  g_assert_no_error (error);
  /* Numbers a gint64 cannot hold are wrong values, not garbage integers. */
  g_assert_false (rtcc_json_get_int (obj, "huge", &i, &error));
  g_assert_error (error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  g_assert_false (rtcc_json_get_int (obj, "edge", &i, &error));
  g_assert_error (error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  g_assert_cmpint (i, ==, -1);
  g_assert_true (rtcc_json_get_int (obj, "low", &i, NULL));
  g_assert_cmpint (i, ==, G_MININT64);
  g_assert_false (rtcc_json_get_int (obj, "frac", &i, &error));
  g_assert_error (error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  g_assert_true (rtcc_json_get_int (obj, "whole", &i, NULL));
  g_assert_cmpint (i, ==, 7);
}

static void
test_json_parse_errors (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (rtcc_json_parse ("{\"alerts\": [{\"alertId\": \"SS-1\", \"rou", -1, &error));
  g_assert_error (error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_TRUNCATED);
  g_clear_error (&error);
  g_assert_null (rtcc_json_parse ("<html>500 Internal Server Error</html>", -1, &error));
  g_assert_error (error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_MALFORMED);
  g_clear_error (&error);
  g_assert_null (rtcc_json_parse ("", 0, &error));
  g_assert_error (error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_TRUNCATED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/event/json-shape", test_event_json_shape);
  g_test_add_func ("/event/round-trip", test_event_round_trip);
  g_test_add_func ("/event/from-text", test_event_from_text);
  g_test_add_func ("/event/null-location", test_event_null_location);
  g_test_add_func ("/event/rejects-bad-fields", test_event_rejects_bad_fields);
  g_test_add_func ("/event/from-json-errors", test_event_from_json_errors);
  g_test_add_func ("/event/hostile-text", test_event_hostile_text);
  g_test_add_func ("/time/formats", test_time_formats);
  g_test_add_func ("/json/lenient", test_json_lenient);
  g_test_add_func ("/json/parse-errors", test_json_parse_errors);
  g_test_add_func ("/json/int-out-of-range", test_json_int_out_of_range);

  return g_test_run ();
}
