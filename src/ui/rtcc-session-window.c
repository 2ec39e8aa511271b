/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rtcc-session-window.h"

/**
 * rtcc_session_window_present:
 * @window: a window opened from @parent
 * @parent: the window it was opened from
 *
 * Presents @window as one of the session's windows: above @parent, in
 * @parent's application (so that a locked session hides it), and closed
 * with @parent. Every window that shows records opens through here.
 */
void
rtcc_session_window_present (GtkWindow *window,
                             GtkWindow *parent)
{
  GtkApplication *application;

  g_return_if_fail (GTK_IS_WINDOW (window));
  g_return_if_fail (GTK_IS_WINDOW (parent));

  application = gtk_window_get_application (parent);
  gtk_window_set_transient_for (window, parent);
  if (application != NULL)
    gtk_window_set_application (window, application);
  gtk_window_set_destroy_with_parent (window, TRUE);
  gtk_window_present (window);
}
