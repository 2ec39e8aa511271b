/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <sys/wait.h>

#include <glib/gstdio.h>

#include <string.h>

#include "rtcc-json.h"

static const char *cli_path;

/* Runs rtcc-cli with a clean environment: no vendor configured. */
static int
run (char       **out,
     char       **err,
     const char  *first,
     ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) env = g_get_environ ();
  g_autofree char *home = g_dir_make_tmp ("rtcc-cli-XXXXXX", NULL);
  int status = -1;
  va_list args;

  g_ptr_array_add (argv, (char *) cli_path);
  g_ptr_array_add (argv, (char *) first);
  va_start (args, first);
  for (const char *a = va_arg (args, const char *); a != NULL; a = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) a);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  env = g_environ_setenv (env, "XDG_CONFIG_HOME", home, TRUE);
  env = g_environ_setenv (env, "XDG_DATA_HOME", home, TRUE);
  for (char **e = env; *e != NULL; e++)
    if (strstr (*e, "_API_URL=") != NULL)
      **e = '#';
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, env, G_SPAWN_DEFAULT, NULL, NULL,
                               out, err, &status, &error));
  g_assert_no_error (error);
  g_rmdir (home);
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

static char *
fixture (const char *vendor,
         const char *name)
{
  return g_build_filename (g_getenv ("RTCC_TEST_DATA"), vendor, name, NULL);
}

static void
test_normalize_prints_good_reports_bad (void)
{
  g_autofree char *path = fixture ("shotspotter", "alerts-list.json");
  g_autofree char *out = NULL, *err = NULL;
  g_auto(GStrv) lines = NULL;
  int status = run (&out, &err, "normalize", "--source", "shotspotter", path, NULL);

  g_assert_cmpint (status, ==, 1);
  lines = g_strsplit (g_strstrip (out), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 3);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = rtcc_json_parse (lines[i], -1, &error);
      JsonObject *obj;

      g_assert_no_error (error);
      obj = json_node_get_object (node);
      g_assert_cmpstr (json_object_get_string_member (obj, "source"), ==, "shotspotter");
      g_assert_cmpstr (json_object_get_string_member (obj, "type"), ==, "gunshot");
      g_assert_true (json_object_has_member (obj, "location"));
      g_assert_true (json_object_has_member (obj, "attributes"));
    }
  g_assert_nonnull (strstr (err, "item 3: "));
  g_assert_nonnull (strstr (err, "item 6: not an object"));
}

static void
test_normalize_clean_document (void)
{
  g_autofree char *path = fixture ("shotspotter", "stream-update.json");
  g_autofree char *out = NULL, *err = NULL;
  int status = run (&out, &err, "normalize", "--source", "shotspotter", path, NULL);

  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "\"version\":2"));
  g_assert_cmpstr (err, ==, "");
}

static void
test_normalize_refusals (void)
{
  g_autofree char *path = fixture ("shotspotter", "heartbeat.json");
  g_autofree char *out = NULL, *err = NULL;

  g_assert_cmpint (run (&out, &err, "normalize", "--source", "ness", path, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "never turned into stored events"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (&out, &err, "normalize", "--source", "atlantis", path, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "Unknown source"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (&out, &err, "normalize", path, NULL), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (&out, &err, "normalize", "--source", "shotspotter", "/nonexistent.json", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "nonexistent"));
}

static void
test_health_json_all_disabled (void)
{
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *components;
  int status = run (&out, &err, "health", "--json", NULL);

  g_assert_cmpint (status, ==, 0);
  node = rtcc_json_parse (out, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "status"), ==, "healthy");
  components = json_object_get_object_member (json_node_get_object (node), "components");
  g_assert_cmpuint (json_object_get_size (components), ==, 7);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (components, "flock"),
                                                  "status"), ==, "disabled");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_assert_cmpint (argc, ==, 2);
  cli_path = argv[1];

  g_test_add_func ("/cli/normalize/good-and-bad", test_normalize_prints_good_reports_bad);
  g_test_add_func ("/cli/normalize/clean", test_normalize_clean_document);
  g_test_add_func ("/cli/normalize/refusals", test_normalize_refusals);
  g_test_add_func ("/cli/health/json-all-disabled", test_health_json_all_disabled);

  return g_test_run ();
}
