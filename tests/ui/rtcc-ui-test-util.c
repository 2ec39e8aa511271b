/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include "rtcc-ui-test-util.h"

static gboolean
quit_loop (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

/**
 * rtcc_test_run_for:
 * @ms: how long
 *
 * Runs the default main context for @ms milliseconds, so that what is
 * already under way (a redraw, an answer on its way) gets to happen.
 */
void
rtcc_test_run_for (guint ms)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);

  g_timeout_add (ms, quit_loop, loop);
  g_main_loop_run (loop);
}

/**
 * rtcc_test_wait_until:
 * @condition: checked between iterations
 * @data: for @condition
 * @timeout_ms: how long to wait at the most
 *
 * Iterates the default main context until @condition holds.
 *
 * Returns: %FALSE if @timeout_ms passed first
 */
gboolean
rtcc_test_wait_until (RtccTestCondition condition,
                      gpointer          data,
                      guint             timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      /* Not a busy loop: the simulator and the sanitizers want the cores. */
      g_usleep (1000);
    }
  return TRUE;
}

/**
 * rtcc_test_run_until:
 * @condition: checked between iterations
 * @data: for @condition
 * @timeout_ms: how long to wait at the most
 *
 * Like rtcc_test_wait_until(), but fails the test after @timeout_ms.
 */
void
rtcc_test_run_until (RtccTestCondition condition,
                     gpointer          data,
                     guint             timeout_ms)
{
  g_assert_true (rtcc_test_wait_until (condition, data, timeout_ms));
}

/**
 * rtcc_test_wait_result:
 * @result: where rtcc_test_store_result() puts the result
 * @timeout_ms: how long to wait before failing the test
 *
 * Returns: (transfer none): the result, once there
 */
GAsyncResult *
rtcc_test_wait_result (GAsyncResult **result,
                       guint          timeout_ms)
{
  rtcc_test_run_until (rtcc_test_is_set, result, timeout_ms);
  return *result;
}

/**
 * rtcc_test_is_set:
 * @data: a `gpointer *`
 *
 * A condition: the pointer at @data is no longer %NULL, as after
 * rtcc_test_store_result().
 */
gboolean
rtcc_test_is_set (gpointer data)
{
  return *(gpointer *) data != NULL;
}

/**
 * rtcc_test_is_done:
 * @data: a `gboolean *`
 *
 * A condition: the flag at @data is set.
 */
gboolean
rtcc_test_is_done (gpointer data)
{
  return *(gboolean *) data;
}

/**
 * rtcc_test_store_result:
 * @object: the source object
 * @result: the result
 * @user_data: a `GAsyncResult **` that is %NULL
 *
 * A #GAsyncReadyCallback that keeps a reference to @result in @user_data,
 * for the test to finish the call once rtcc_test_is_set() holds.
 */
void
rtcc_test_store_result (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/**
 * rtcc_test_find_button:
 * @widget: where to look
 * @action_name: the action the button activates
 *
 * Returns: (transfer none) (nullable): the first button under @widget,
 *   @widget included, that activates @action_name
 */
GtkWidget *
rtcc_test_find_button (GtkWidget  *widget,
                       const char *action_name)
{
  if (GTK_IS_BUTTON (widget) &&
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action_name) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = rtcc_test_find_button (child, action_name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/**
 * rtcc_test_remove_tree:
 * @path: a folder a test made
 *
 * Removes @path and all below it; what cannot be removed stays.
 */
void
rtcc_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        rtcc_test_remove_tree (child);
      else
        g_remove (child);
    }
  g_rmdir (path);
}

/**
 * rtcc_test_skip_without_display:
 *
 * The one test a window test adds when GTK has no display to open.
 */
void
rtcc_test_skip_without_display (void)
{
  g_test_skip ("No display to open windows on: run under xvfb-run");
}
