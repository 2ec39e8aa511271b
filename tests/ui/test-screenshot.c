/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <gio/gio.h>

/* Runs the built `rtcc` as a user would, so the command line, the
 * window and the capture are tested together. */

static const char *
binary (void)
{
  const char *path = g_getenv ("RTCC_BINARY");

  g_assert_nonnull (path);
  return path;
}

static gboolean
have_display (void)
{
  return g_getenv ("DISPLAY") != NULL || g_getenv ("WAYLAND_DISPLAY") != NULL;
}

static int
run_rtcc (const char * const  *args,
          char               **err_out)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) envp = g_get_environ ();
  g_autoptr(GError) error = NULL;
  int status = -1;

  g_ptr_array_add (argv, (char *) binary ());
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  envp = g_environ_setenv (envp, "GSETTINGS_BACKEND", "memory", TRUE);
  /* No keyring or session bus in the test: the app must cope. */
  envp = g_environ_unsetenv (envp, "DBUS_SESSION_BUS_ADDRESS");
  g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_DEFAULT,
                NULL, NULL, NULL, err_out, &status, &error);
  g_assert_no_error (error);
  return status;
}

static void
png_size (const char *path,
          guint32    *width,
          guint32    *height,
          gsize      *length)
{
  g_autofree char *data = NULL;
  static const guchar signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &data, length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (*length, >, 24);
  g_assert_cmpmem (data, 8, signature, 8);
  g_assert_cmpmem (data + 12, 4, "IHDR", 4);
  *width = GUINT32_FROM_BE (*(guint32 *) (data + 16));
  *height = GUINT32_FROM_BE (*(guint32 *) (data + 20));
}

static void
shoot (const char *view,
       guint32    *width,
       guint32    *height)
{
  g_autofree char *dir = g_dir_make_tmp ("rtcc-shot-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "shot.png", NULL);
  g_autofree char *err = NULL;
  const char *args[] = { "--screenshot", path, "--view", view, NULL };
  g_autoptr(GError) error = NULL;
  gsize length;
  int status;

  status = run_rtcc (args, &err);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("rtcc --screenshot failed: %s\n%s", error->message, err);
  png_size (path, width, height, &length);
  g_assert_cmpuint (length, >, 1000);
  g_remove (path);
  g_rmdir (dir);
}

static void
test_screenshot_main (void)
{
  guint32 width, height;

  if (!have_display ())
    {
      g_test_skip ("No display: run under xvfb-run");
      return;
    }
  shoot ("map", &width, &height);
  g_assert_cmpuint (width, ==, 1440);
  g_assert_cmpuint (height, ==, 900);
}

static void
test_screenshot_dialogs (void)
{
  const char *views[] = { "dashboard", "preferences", "shortcuts", "about" };

  if (!have_display ())
    {
      g_test_skip ("No display: run under xvfb-run");
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    {
      guint32 width, height;

      shoot (views[i], &width, &height);
      g_assert_cmpuint (width, >, 200);
      g_assert_cmpuint (height, >, 200);
    }
}

static void
test_bad_arguments (void)
{
  const char *bad_view[] = { "--view", "cockpit", NULL };
  const char *unwritable[] = { "--screenshot", "/nonexistent-dir/shot.png", NULL };
  g_autofree char *err = NULL;
  int status;

  status = run_rtcc (bad_view, &err);
  g_assert_false (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (err, "Unknown view “cockpit”"));

  if (!have_display ())
    return;
  g_clear_pointer (&err, g_free);
  status = run_rtcc (unwritable, &err);
  g_assert_false (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (err, "Could not take the screenshot"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ui/screenshot/main", test_screenshot_main);
  g_test_add_func ("/ui/screenshot/dialogs", test_screenshot_dialogs);
  g_test_add_func ("/ui/screenshot/bad-arguments", test_bad_arguments);

  return g_test_run ();
}
