/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <gio/gio.h>

/* The top of the source tree comes from meson as the first argument. */
static const char *top_dir;

/* Calls that mark a string for translation, in C and in GtkBuilder files. */
#define C_MARKERS "(^|[^A-Za-z0-9_])(N?C?_|g_dn?gettext|g_dpgettext2?|g_dcgettext|ngettext)\\s*\\("
#define UI_MARKERS "translatable=\"(yes|true)\""

static GPtrArray *
read_potfiles (const char  *path,
               GError     **error)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);

  if (!g_file_get_contents (path, &text, NULL, error))
    return NULL;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);

      if (*line != '\0' && *line != '#')
        g_ptr_array_add (files, g_strdup (line));
    }
  return g_steal_pointer (&files);
}

static gboolean
has_translatable_strings (const char  *path,
                          GRegex      *c_regex,
                          GRegex      *ui_regex,
                          GError     **error)
{
  g_autofree char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, error))
    return FALSE;
  if (g_str_has_suffix (path, ".ui"))
    return g_regex_match (ui_regex, text, 0, NULL);
  return g_regex_match (c_regex, text, 0, NULL);
}

/* g_ptr_array_sort() hands over pointers to the elements. */
static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static gboolean
scan_dir (const char  *top,
          const char  *rel,
          GRegex      *c_regex,
          GRegex      *ui_regex,
          GPtrArray   *found,
          GError     **error)
{
  g_autofree char *path = g_build_filename (top, rel, NULL);
  g_autoptr(GDir) dir = g_dir_open (path, 0, error);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (dir == NULL)
    return FALSE;
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  /* Sorted, so that a failure reads the same on every machine. */
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      const char *child = g_ptr_array_index (names, i);
      g_autofree char *child_rel = g_strconcat (rel, "/", child, NULL);
      g_autofree char *child_path = g_build_filename (top, child_rel, NULL);

      if (g_file_test (child_path, G_FILE_TEST_IS_DIR))
        {
          if (!scan_dir (top, child_rel, c_regex, ui_regex, found, error))
            return FALSE;
        }
      else if (g_str_has_suffix (child, ".c") || g_str_has_suffix (child, ".ui"))
        {
          g_autoptr(GError) local_error = NULL;

          if (has_translatable_strings (child_path, c_regex, ui_regex, &local_error))
            g_ptr_array_add (found, g_steal_pointer (&child_rel));
          else if (local_error != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
        }
    }
  return TRUE;
}

/* Returns the files under @top/src that mark strings for translation but
 * are not in @potfiles, and the entries of @potfiles that do not exist. */
static gboolean
check_potfiles (const char  *top,
                const char  *potfiles,
                GPtrArray  **unlisted,
                GPtrArray  **missing,
                GError     **error)
{
  g_autoptr(GPtrArray) listed = read_potfiles (potfiles, error);
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GRegex) c_regex = g_regex_new (C_MARKERS, G_REGEX_MULTILINE, 0, NULL);
  g_autoptr(GRegex) ui_regex = g_regex_new (UI_MARKERS, 0, 0, NULL);

  if (listed == NULL)
    return FALSE;
  if (!scan_dir (top, "src", c_regex, ui_regex, found, error))
    return FALSE;

  *unlisted = g_ptr_array_new_with_free_func (g_free);
  *missing = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < found->len; i++)
    if (!g_ptr_array_find_with_equal_func (listed, found->pdata[i], g_str_equal, NULL))
      g_ptr_array_add (*unlisted, g_strdup (found->pdata[i]));
  for (guint i = 0; i < listed->len; i++)
    {
      g_autofree char *path = g_build_filename (top, listed->pdata[i], NULL);

      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
        g_ptr_array_add (*missing, g_strdup (listed->pdata[i]));
    }
  return TRUE;
}

static char *
join (GPtrArray *files)
{
  g_ptr_array_add (files, NULL);
  return g_strjoinv (", ", (char **) files->pdata);
}

static void
test_potfiles_complete (void)
{
  g_autofree char *potfiles = g_build_filename (top_dir, "po", "POTFILES.in", NULL);
  g_autoptr(GPtrArray) unlisted = NULL;
  g_autoptr(GPtrArray) missing = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (check_potfiles (top_dir, potfiles, &unlisted, &missing, &error));
  g_assert_no_error (error);
  if (unlisted->len > 0)
    {
      g_autofree char *names = join (unlisted);
      g_error ("Add to po/POTFILES.in, or their strings are never translated: %s", names);
    }
  if (missing->len > 0)
    {
      g_autofree char *names = join (missing);
      g_error ("po/POTFILES.in lists files that do not exist: %s", names);
    }
}

static void
write_file (const char *top,
            const char *rel,
            const char *text)
{
  g_autofree char *path = g_build_filename (top, rel, NULL);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
test_potfiles_detects_gaps (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("rtcc-potfiles-XXXXXX", &error);
  g_autofree char *potfiles = NULL;
  g_autoptr(GPtrArray) unlisted = NULL;
  g_autoptr(GPtrArray) missing = NULL;

  g_assert_no_error (error);
  write_file (tmp, "src/core/listed.c", "x = _(\"Listed\");\n");
  write_file (tmp, "src/ui/rtcc-window.c", "label = _ (\"Unlisted\");\n");
  write_file (tmp, "src/ui/rtcc-window.ui", "<property name=\"label\" translatable=\"yes\">Map</property>\n");
  write_file (tmp, "src/ui/plural.c", "g_dngettext (GETTEXT_PACKAGE, \"%d hit\", \"%d hits\", n);\n");
  /* Neither of these marks anything: a lookalike name and a plain string. */
  write_file (tmp, "src/cli/plain.c", "g_print (\"Plain\");\nmy_ (1);\nN_x (2);\n");
  write_file (tmp, "src/sim/plain.ui", "<property name=\"label\">Map</property>\n");
  write_file (tmp, "po/POTFILES.in", "# comment\nsrc/core/listed.c\n\nsrc/core/gone.c\n");
  potfiles = g_build_filename (tmp, "po", "POTFILES.in", NULL);

  g_assert_true (check_potfiles (tmp, potfiles, &unlisted, &missing, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (unlisted->len, ==, 3);
  g_assert_cmpstr (unlisted->pdata[0], ==, "src/ui/plural.c");
  g_assert_cmpstr (unlisted->pdata[1], ==, "src/ui/rtcc-window.c");
  g_assert_cmpstr (unlisted->pdata[2], ==, "src/ui/rtcc-window.ui");
  g_assert_cmpuint (missing->len, ==, 1);
  g_assert_cmpstr (missing->pdata[0], ==, "src/core/gone.c");

  remove_tree (tmp);
}

static void
test_potfiles_missing_list (void)
{
  g_autoptr(GPtrArray) unlisted = NULL;
  g_autoptr(GPtrArray) missing = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (check_potfiles (top_dir, "/nonexistent/POTFILES.in", &unlisted, &missing, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_assert_null (unlisted);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  if (argc < 2)
    {
      g_printerr ("Usage: %s SOURCE-DIR\n", argv[0]);
      return 1;
    }
  top_dir = argv[1];

  g_test_add_func ("/potfiles/complete", test_potfiles_complete);
  g_test_add_func ("/potfiles/detects-gaps", test_potfiles_detects_gaps);
  g_test_add_func ("/potfiles/missing-list", test_potfiles_missing_list);

  return g_test_run ();
}
