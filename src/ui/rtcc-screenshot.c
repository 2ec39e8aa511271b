/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccScreenshot"

#include "config.h"

#include <glib/gi18n.h>

#include "rtcc-screenshot.h"

typedef struct
{
  char   *path;
  guint   min_frames;
  gint64  min_usec;
  guint   frames;
  gint64  started;
  guint   tick_id;
  guint   empty_frames;
} Shot;

/* A frame whose layout is still pending renders nothing; a busy feed can
 * keep a relayout queued for a while, so try at this many frames. */
#define MAX_EMPTY_FRAMES 120

static void
shot_free (gpointer data)
{
  Shot *shot = data;

  g_free (shot->path);
  g_free (shot);
}

/**
 * rtcc_screenshot_render:
 * @widget: a mapped widget, usually a window
 * @path: where to write the PNG
 *
 * Renders @widget as it is now with its window's renderer. A window is
 * rendered through its content, which leaves out the client-side
 * shadow, so the image has the size of the window's content.
 *
 * Returns: %TRUE if the PNG was written
 */
gboolean
rtcc_screenshot_render (GtkWidget   *widget,
                        const char  *path,
                        GError     **error)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GtkWidget *target = widget;
  GskRenderer *renderer;
  GtkNative *native;
  int width, height;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (GTK_IS_WINDOW (widget) && gtk_window_get_child (GTK_WINDOW (widget)) != NULL &&
      gtk_window_get_titlebar (GTK_WINDOW (widget)) == NULL)
    target = gtk_window_get_child (GTK_WINDOW (widget));

  native = gtk_widget_get_native (widget);
  renderer = native != NULL ? gtk_native_get_renderer (native) : NULL;
  width = gtk_widget_get_width (target);
  height = gtk_widget_get_height (target);
  if (renderer == NULL || width <= 0 || height <= 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("The window is not on screen, so it cannot be captured. Check that a display is available."));
      return FALSE;
    }

  paintable = gtk_widget_paintable_new (target);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PENDING,
                   _("The window drew nothing to capture"));
      return FALSE;
    }

  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (!gdk_texture_save_to_png (texture, path))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Could not write the screenshot to “%s”. Check that the folder exists and is writable."),
                   path);
      return FALSE;
    }
  return TRUE;
}

static void
after_paint_cb (GdkFrameClock *clock,
                GTask         *task)
{
  g_autoptr(GTask) hold = g_object_ref (task);   /* outlives the disconnection */
  Shot *shot = g_task_get_task_data (task);
  GtkWidget *widget = g_object_get_data (G_OBJECT (task), "rtcc-widget");
  GError *error = NULL;

  if (!rtcc_screenshot_render (widget, shot->path, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PENDING) &&
      ++shot->empty_frames < MAX_EMPTY_FRAMES)
    {
      /* A relayout still pending: wait for the next paint. */
      g_clear_error (&error);
      gtk_widget_queue_draw (widget);
      return;
    }
  g_signal_handlers_disconnect_by_func (clock, after_paint_cb, task);
  if (error == NULL)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  GTask *task = user_data;
  Shot *shot = g_task_get_task_data (task);
  gint64 now = g_get_monotonic_time ();

  /* Cancellation is seen at the next frame: a frame is at most a few
   * tens of milliseconds away while the widget is shown. */
  if (g_task_return_error_if_cancelled (task))
    {
      shot->tick_id = 0;
      return G_SOURCE_REMOVE;
    }
  if (shot->started == 0)
    shot->started = now;
  shot->frames++;

  /* Tiles, lists and fonts settle over a few frames. */
  if (shot->frames < shot->min_frames || now - shot->started < shot->min_usec)
    {
      gtk_widget_queue_draw (widget);
      return G_SOURCE_CONTINUE;
    }

  /* Render right after this frame's paint: live video invalidates the
   * widgets between frames, and an invalidated widget has nothing to
   * capture until it is painted again. */
  shot->tick_id = 0;
  g_object_set_data_full (G_OBJECT (task), "rtcc-widget", g_object_ref (widget), g_object_unref);
  g_signal_connect_data (clock, "after-paint", G_CALLBACK (after_paint_cb), g_object_ref (task),
                         (GClosureNotify) (void (*) (void)) g_object_unref, 0);
  gtk_widget_queue_draw (widget);
  return G_SOURCE_REMOVE;
}

/**
 * rtcc_screenshot_save_async:
 * @widget: the widget to capture, usually a window about to be shown
 * @path: where to write the PNG
 * @min_frames: frames to let pass first
 * @min_ms: and milliseconds, at least
 *
 * Waits until @widget has drawn @min_frames frames and @min_ms have
 * passed, then writes it as a PNG.
 */
void
rtcc_screenshot_save_async (GtkWidget           *widget,
                            const char          *path,
                            guint                min_frames,
                            guint                min_ms,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Shot *shot;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (path != NULL);

  task = g_task_new (widget, cancellable, callback, user_data);
  g_task_set_source_tag (task, rtcc_screenshot_save_async);
  shot = g_new0 (Shot, 1);
  shot->path = g_strdup (path);
  shot->min_frames = MAX (min_frames, 1);
  shot->min_usec = (gint64) min_ms * 1000;
  g_task_set_task_data (task, shot, shot_free);

  /* The tick callback holds the task until it returns. */
  shot->tick_id = gtk_widget_add_tick_callback (widget, tick_cb, g_object_ref (task), g_object_unref);
  gtk_widget_queue_draw (widget);
}

gboolean
rtcc_screenshot_save_finish (GtkWidget     *widget,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, widget), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rtcc_screenshot_save_async, FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
