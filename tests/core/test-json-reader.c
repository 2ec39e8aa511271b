/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "rtcc-json.h"
#include "rtcc-json-reader.h"

/* Reads @text both ways and checks that the trees are the same, down to
 * integers staying integers and doubles doubles. */
static void
assert_same_as_json_glib (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) quick = rtcc_json_read_quick (text, strlen (text));
  g_autoptr(JsonNode) full = rtcc_json_parse (text, -1, &error);
  g_autofree char *quick_text = NULL;
  g_autofree char *full_text = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (quick);
  g_assert_true (json_node_is_immutable (quick));
  quick_text = json_to_string (quick, FALSE);
  full_text = json_to_string (full, FALSE);
  g_assert_cmpstr (quick_text, ==, full_text);
  g_assert_true (json_node_equal (quick, full));
}

static void
test_json_reader_matches_json_glib (void)
{
  const char *documents[] = {
    "{\"id\":\"flock:r000000000\",\"source\":\"flock\",\"type\":\"lpr_read\",\"priority\":\"normal\","
    "\"occurred_at\":\"2026-01-01T00:00:00Z\",\"version\":1,"
    "\"location\":{\"lat\":42.007895316235434,\"lon\":-87.525078986400345},\"address\":null,"
    "\"title\":\"Plate read\",\"attributes\":{\"plate_number\":\"LA15923\",\"plate_confidence\":0.95243892780386097}}",
    " { \"a\" : [ 1 , -2 , 0 , 3.5 , -0.25 , 1e3 , 2E-2 , true , false , null , [ ] , { } ] } \n",
    "{\"esc\":\"q\\\" b\\\\ s\\/ \\b\\f\\n\\r\\t\",\"u\":\"\\u00e9\\u20ac\\ud83d\\ude93\",\"raw\":\"é€🚓\"}",
    "{\"big\":9223372036854775807,\"small\":-9223372036854775808,\"tiny\":5e-324}",
    "{\"dup\":1,\"dup\":\"two\"}",
    "\"just a string\"",
    "42",
    "[]",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (documents); i++)
    assert_same_as_json_glib (documents[i]);
}

static void
test_json_reader_declines (void)
{
  const char *documents[] = {
    "",
    "   ",
    "{",
    "{\"a\":1",
    "{\"a\":1,}",
    "[1,]",
    "{\"a\" 1}",
    "{a:1}",
    "{\"a\":01}",
    "{\"a\":1.}",
    "{\"a\":.5}",
    "{\"a\":+1}",
    "{\"a\":1e}",
    "{\"a\":NaN}",
    "{\"a\":1e999}",
    "{\"a\":92233720368547758070}",
    "{\"a\":tru}",
    "{\"a\":nul}",
    "{\"a\":\"\\x\"}",
    "{\"a\":\"\\u12\"}",
    "{\"a\":\"\\u0000\"}",
    "{\"a\":\"\\ud83d\"}",
    "{\"a\":\"\\ude93\"}",
    "{\"a\":\"tab\there\"}",
    "{\"a\":\"\xff\xfe\"}",
    "{\"a\":\"open",
    "{} {}",
    "{}x",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (documents); i++)
    {
      g_autoptr(JsonNode) node = rtcc_json_read_quick (documents[i], strlen (documents[i]));

      if (node != NULL)
        g_error ("Read a document it should decline: %s", documents[i]);
    }
  g_assert_null (rtcc_json_read_quick (NULL, 0));
}

/* Only @length bytes are read: a document need not end with a NUL. */
static void
test_json_reader_length (void)
{
  const char text[] = "{\"n\":12}345";
  g_autoptr(JsonNode) node = rtcc_json_read_quick (text, 8);
  g_autoptr(JsonNode) cut = rtcc_json_read_quick ("[1234", 3);
  g_autoptr(JsonNode) number = rtcc_json_read_quick ("12345", 2);

  g_assert_nonnull (node);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (node), "n"), ==, 12);
  g_assert_null (cut);
  g_assert_nonnull (number);
  g_assert_cmpint (json_node_get_int (number), ==, 12);
}

/* Nesting past the reader's depth is declined, not recursed into. */
static void
test_json_reader_deep (void)
{
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autoptr(GString) fine = g_string_new (NULL);
  g_autoptr(JsonNode) deep_node = NULL;
  g_autoptr(JsonNode) fine_node = NULL;

  for (int i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  for (int i = 0; i < 100000; i++)
    g_string_append_c (deep, ']');
  for (int i = 0; i < 32; i++)
    g_string_append (fine, "{\"a\":");
  g_string_append (fine, "1");
  for (int i = 0; i < 32; i++)
    g_string_append_c (fine, '}');

  deep_node = rtcc_json_read_quick (deep->str, deep->len);
  fine_node = rtcc_json_read_quick (fine->str, fine->len);
  g_assert_null (deep_node);
  g_assert_nonnull (fine_node);
}

static gboolean
add_member (const char *name,
            JsonNode   *value,
            gpointer    user_data)
{
  GString *out = user_data;
  g_autofree char *text = json_to_string (value, FALSE);

  g_assert_true (json_node_is_immutable (value));
  g_string_append_printf (out, "%s=%s;", name, text);
  json_node_unref (value);
  return TRUE;
}

static gboolean
stop_at_b (const char *name,
           JsonNode   *value,
           gpointer    user_data)
{
  json_node_unref (value);
  return strcmp (name, "b") != 0;
}

/* Members one at a time: each as the whole-tree reader reads it, in
 * order, repeated names too; what the tree reader declines, this declines
 * as well. */
static void
test_json_reader_members (void)
{
  const char *declined[] = { "[1]", "\"a\"", "{\"a\":1", "{\"a\":1}x", "{\"a\" 1}", "{\"a\":\"\\ud83d\"}", "" };
  g_autoptr(GString) out = g_string_new (NULL);
  const char *doc = " { \"a\" : [1,{\"x\":null}] , \"b\":\"t\\u00e9\", \"a\":-0.5,\"c\":{} } ";

  g_assert_true (rtcc_json_read_quick_members (doc, strlen (doc), add_member, out));
  g_assert_cmpstr (out->str, ==, "a=[1,{\"x\":null}];b=\"t\u00e9\";a=-0.5;c={};");
  g_string_truncate (out, 0);
  g_assert_true (rtcc_json_read_quick_members ("{}", 2, add_member, out));
  g_assert_cmpstr (out->str, ==, "");
  g_assert_false (rtcc_json_read_quick_members (doc, strlen (doc), stop_at_b, NULL));
  for (gsize i = 0; i < G_N_ELEMENTS (declined); i++)
    {
      g_string_truncate (out, 0);
      if (rtcc_json_read_quick_members (declined[i], strlen (declined[i]), add_member, out))
        g_error ("Read a document it should decline: %s", declined[i]);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/json-reader/members", test_json_reader_members);

  g_test_add_func ("/json-reader/matches-json-glib", test_json_reader_matches_json_glib);
  g_test_add_func ("/json-reader/declines", test_json_reader_declines);
  g_test_add_func ("/json-reader/length", test_json_reader_length);
  g_test_add_func ("/json-reader/deep", test_json_reader_deep);

  return g_test_run ();
}
