/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

/* The manifest path comes from meson as the first argument. */
static const char *manifest_path;

/* Everything the sandbox may ask for, each for a reason given in
 * flatpak/README.md; a new permission has to be argued there and here. */
static const char * const allowed_finish_args[] = {
  "--share=network",
  "--share=ipc",
  "--socket=wayland",
  "--socket=fallback-x11",
  "--device=dri",
  "--socket=pulseaudio",
  "--talk-name=org.freedesktop.secrets",
  NULL
};

static const char *
get_string (JsonObject *obj,
            const char *member)
{
  JsonNode *node = json_object_get_member (obj, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
expect_string (JsonObject  *obj,
               const char  *member,
               const char  *expected,
               GError     **error)
{
  const char *value = get_string (obj, member);

  if (g_strcmp0 (value, expected) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "“%s” must be “%s”, not “%s”", member, expected,
                   value != NULL ? value : "(missing or not text)");
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_sources (const char  *module_name,
               JsonArray   *sources,
               GError     **error)
{
  for (guint i = 0; i < json_array_get_length (sources); i++)
    {
      JsonNode *node = json_array_get_element (sources, i);
      JsonObject *source;
      const char *type;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "Source %u of module %s is not an object", i, module_name);
          return FALSE;
        }
      source = json_node_get_object (node);
      type = get_string (source, "type");

      /* A branch moves under the build; a tag or commit names one tree. */
      if (g_strcmp0 (type, "git") == 0
          && get_string (source, "tag") == NULL
          && get_string (source, "commit") == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "The git source of module %s needs a tag or a commit", module_name);
          return FALSE;
        }
      if ((g_strcmp0 (type, "archive") == 0 || g_strcmp0 (type, "file") == 0)
          && get_string (source, "sha256") == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "The %s source of module %s needs a sha256", type, module_name);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
check_modules (JsonObject  *root,
               GError     **error)
{
  JsonNode *node = json_object_get_member (root, "modules");
  JsonArray *modules;
  JsonObject *last = NULL;
  guint n;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node)
      || json_array_get_length (json_node_get_array (node)) == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "“modules” must be a list of modules");
      return FALSE;
    }
  modules = json_node_get_array (node);
  n = json_array_get_length (modules);

  for (guint i = 0; i < n; i++)
    {
      JsonNode *mnode = json_array_get_element (modules, i);
      JsonObject *module;
      JsonNode *sources;
      const char *name;

      /* Modules kept in other files would escape this check. */
      if (!JSON_NODE_HOLDS_OBJECT (mnode))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "Module %u is not an object; keep modules inline", i);
          return FALSE;
        }
      module = json_node_get_object (mnode);
      name = get_string (module, "name");
      if (name == NULL || *name == '\0')
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "Module %u has no name", i);
          return FALSE;
        }
      sources = json_object_get_member (module, "sources");
      if (sources == NULL || !JSON_NODE_HOLDS_ARRAY (sources))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "Module %s has no list of sources", name);
          return FALSE;
        }
      if (!check_sources (name, json_node_get_array (sources), error))
        return FALSE;
      last = module;
    }

  /* flatpak-builder builds in order: the app goes after what it links. */
  if (g_strcmp0 (get_string (last, "name"), "rtcc") != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "The last module must be rtcc, not %s", get_string (last, "name"));
      return FALSE;
    }
  if (!expect_string (last, "buildsystem", "meson", error))
    {
      g_prefix_error (error, "Module rtcc: ");
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_finish_args (JsonObject  *root,
                   GError     **error)
{
  JsonNode *node = json_object_get_member (root, "finish-args");
  JsonArray *args;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "“finish-args” must be a list of permissions");
      return FALSE;
    }
  args = json_node_get_array (node);

  for (guint i = 0; i < json_array_get_length (args); i++)
    {
      JsonNode *anode = json_array_get_element (args, i);
      const char *arg;

      if (!JSON_NODE_HOLDS_VALUE (anode)
          || json_node_get_value_type (anode) != G_TYPE_STRING)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "Permission %u is not text", i);
          return FALSE;
        }
      arg = json_node_get_string (anode);

      if (g_str_has_prefix (arg, "--filesystem"))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                       "%.64s opens the user’s files to the app; exports go through "
                       "the file chooser portal instead", arg);
          return FALSE;
        }
      if (!g_strv_contains (allowed_finish_args, arg))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                       "%.64s is not a permission the workstation uses; argue it in "
                       "flatpak/README.md first", arg);
          return FALSE;
        }
    }

  /* Without these the workstation cannot show a window or reach a vendor. */
  for (guint i = 0; i < 2; i++)
    {
      const char *needed = i == 0 ? "--share=network" : "--socket=wayland";
      gboolean found = FALSE;

      for (guint j = 0; j < json_array_get_length (args) && !found; j++)
        found = g_strcmp0 (json_array_get_string_element (args, j), needed) == 0;
      if (!found)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "“finish-args” lacks %s", needed);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
check_manifest (JsonNode  *root_node,
                GError   **error)
{
  JsonObject *root;
  const char *app_id;
  const char *version;
  gint64 major;
  char *end = NULL;

  if (root_node == NULL || !JSON_NODE_HOLDS_OBJECT (root_node))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "A manifest must be a JSON object");
      return FALSE;
    }
  root = json_node_get_object (root_node);

  /* flatpak-builder takes either spelling; both must then agree. */
  app_id = get_string (root, "app-id");
  if (app_id == NULL)
    app_id = get_string (root, "id");
  else if (get_string (root, "id") != NULL
           && g_strcmp0 (get_string (root, "id"), app_id) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "The app id is given twice and disagrees: “%s” and “%s”",
                   app_id, get_string (root, "id"));
      return FALSE;
    }
  if (g_strcmp0 (app_id, "com.g3ti.Rtcc") != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "The app id must be com.g3ti.Rtcc, not “%s”",
                   app_id != NULL ? app_id : "(missing)");
      return FALSE;
    }

  if (!expect_string (root, "command", "rtcc", error)
      || !expect_string (root, "runtime", "org.gnome.Platform", error)
      || !expect_string (root, "sdk", "org.gnome.Sdk", error))
    return FALSE;

  /* libadwaita 1.2 arrived with GNOME 43. */
  version = get_string (root, "runtime-version");
  major = version != NULL ? g_ascii_strtoll (version, &end, 10) : 0;
  if (version == NULL || end == version || major < 43)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "“runtime-version” must be GNOME 43 or newer, not “%s”",
                   version != NULL ? version : "(missing)");
      return FALSE;
    }

  return check_modules (root, error) && check_finish_args (root, error);
}

static JsonNode *
load_manifest (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_file (parser, manifest_path, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static JsonNode *
parse_text (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static JsonObject *
find_module (JsonNode   *root,
             const char *name)
{
  JsonArray *modules = json_object_get_array_member (json_node_get_object (root), "modules");

  for (guint i = 0; i < json_array_get_length (modules); i++)
    {
      JsonObject *module = json_array_get_object_element (modules, i);

      if (g_strcmp0 (json_object_get_string_member (module, "name"), name) == 0)
        return module;
    }
  return NULL;
}

static void
assert_rejected (JsonNode   *root,
                 GQuark      domain,
                 int         code,
                 const char *fragment)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (check_manifest (root, &error));
  g_assert_error (error, domain, code);
  if (strstr (error->message, fragment) == NULL)
    g_error ("“%s” does not mention “%s”", error->message, fragment);
}

static void
test_manifest_valid (void)
{
  g_autoptr(JsonNode) root = load_manifest ();
  g_autoptr(GError) error = NULL;
  JsonObject *shumate;
  JsonObject *source;

  g_assert_true (check_manifest (root, &error));
  g_assert_no_error (error);

  /* The map library is built lean: no docs or bindings the app never loads. */
  shumate = find_module (root, "libshumate");
  g_assert_nonnull (shumate);
  source = json_array_get_object_element (json_object_get_array_member (shumate, "sources"), 0);
  g_assert_cmpstr (json_object_get_string_member (source, "type"), ==, "git");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (source, "tag"), "1.1."));
  g_assert_false (json_object_has_member (source, "commit"));
  g_assert_nonnull (find_module (root, "gst-rtsp-server"));
}

static void
test_manifest_rejects_filesystem (void)
{
  const char *grants[] = { "--filesystem=host", "--filesystem=home", "--filesystem=xdg-download" };

  for (guint i = 0; i < G_N_ELEMENTS (grants); i++)
    {
      g_autoptr(JsonNode) root = load_manifest ();
      JsonArray *args = json_object_get_array_member (json_node_get_object (root), "finish-args");

      json_array_add_string_element (args, grants[i]);
      assert_rejected (root, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED, grants[i]);
    }
}

static void
test_manifest_rejects_unlisted_permissions (void)
{
  const char *grants[] = { "--socket=session-bus", "--device=all",
                           "--talk-name=org.freedesktop.Flatpak", "--socket=x11" };

  for (guint i = 0; i < G_N_ELEMENTS (grants); i++)
    {
      g_autoptr(JsonNode) root = load_manifest ();
      JsonArray *args = json_object_get_array_member (json_node_get_object (root), "finish-args");

      json_array_add_string_element (args, grants[i]);
      assert_rejected (root, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED, grants[i]);
    }
}

static void
test_manifest_rejects_wrong_identity (void)
{
  struct { const char *member; const char *value; const char *fragment; } cases[] = {
    { "app-id", "com.example.Other", "app id" },
    { "id", "com.example.Other", "app id" },
    { "command", "rtcc-cli", "command" },
    { "runtime", "org.kde.Platform", "runtime" },
    { "sdk", "org.freedesktop.Sdk", "sdk" },
    { "runtime-version", "42", "runtime-version" },
    { "runtime-version", "master", "runtime-version" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) root = load_manifest ();

      json_object_set_string_member (json_node_get_object (root), cases[i].member, cases[i].value);
      assert_rejected (root, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, cases[i].fragment);
    }
}

static void
test_manifest_rejects_bad_modules (void)
{
  g_autoptr(JsonNode) moved = load_manifest ();
  g_autoptr(JsonNode) branch = load_manifest ();
  g_autoptr(JsonNode) cmake = load_manifest ();
  g_autoptr(JsonNode) unpinned = load_manifest ();
  JsonArray *modules;
  JsonObject *source;

  /* The app built before the libraries it links. */
  modules = json_object_get_array_member (json_node_get_object (moved), "modules");
  json_array_add_element (modules, json_node_copy (json_array_get_element (modules, 0)));
  assert_rejected (moved, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "last module");

  source = json_array_get_object_element (json_object_get_array_member (find_module (branch, "libshumate"), "sources"), 0);
  json_object_remove_member (source, "tag");
  json_object_set_string_member (source, "branch", "main");
  assert_rejected (branch, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "tag or a commit");

  json_object_set_string_member (find_module (cmake, "rtcc"), "buildsystem", "cmake-ninja");
  assert_rejected (cmake, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "buildsystem");

  source = json_array_get_object_element (json_object_get_array_member (find_module (unpinned, "gst-rtsp-server"), "sources"), 0);
  json_object_set_string_member (source, "type", "archive");
  assert_rejected (unpinned, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "sha256");
}

static void
test_manifest_rejects_wrong_shapes (void)
{
  const struct { const char *json; const char *fragment; } cases[] = {
    { "[]", "JSON object" },
    { "\"com.g3ti.Rtcc\"", "JSON object" },
    { "{}", "app id" },
    { "{\"app-id\": 7}", "app id" },
    { "{\"app-id\": \"com.g3ti.Rtcc\", \"command\": \"rtcc\", \"runtime\": \"org.gnome.Platform\","
      " \"sdk\": \"org.gnome.Sdk\", \"runtime-version\": \"45\", \"modules\": \"rtcc\"}", "modules" },
    { "{\"app-id\": \"com.g3ti.Rtcc\", \"command\": \"rtcc\", \"runtime\": \"org.gnome.Platform\","
      " \"sdk\": \"org.gnome.Sdk\", \"runtime-version\": \"45\", \"modules\": [\"rtcc.json\"]}", "inline" },
    { "{\"app-id\": \"com.g3ti.Rtcc\", \"command\": \"rtcc\", \"runtime\": \"org.gnome.Platform\","
      " \"sdk\": \"org.gnome.Sdk\", \"runtime-version\": \"45\","
      " \"modules\": [{\"name\": \"rtcc\", \"buildsystem\": \"meson\", \"sources\": []}],"
      " \"finish-args\": [\"--share=network\", 1]}", "not text" },
    { "{\"app-id\": \"com.g3ti.Rtcc\", \"command\": \"rtcc\", \"runtime\": \"org.gnome.Platform\","
      " \"sdk\": \"org.gnome.Sdk\", \"runtime-version\": \"45\","
      " \"modules\": [{\"name\": \"rtcc\", \"buildsystem\": \"meson\", \"sources\": []}],"
      " \"finish-args\": [\"--socket=wayland\"]}", "--share=network" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) root = parse_text (cases[i].json);

      assert_rejected (root, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, cases[i].fragment);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  if (argc < 2)
    {
      g_printerr ("Usage: %s MANIFEST\n", argv[0]);
      return 1;
    }
  manifest_path = argv[1];

  g_test_add_func ("/flatpak/valid", test_manifest_valid);
  g_test_add_func ("/flatpak/rejects-filesystem", test_manifest_rejects_filesystem);
  g_test_add_func ("/flatpak/rejects-unlisted-permissions", test_manifest_rejects_unlisted_permissions);
  g_test_add_func ("/flatpak/rejects-wrong-identity", test_manifest_rejects_wrong_identity);
  g_test_add_func ("/flatpak/rejects-bad-modules", test_manifest_rejects_bad_modules);
  g_test_add_func ("/flatpak/rejects-wrong-shapes", test_manifest_rejects_wrong_shapes);

  return g_test_run ();
}
