/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void     rtcc_screenshot_save_async  (GtkWidget            *widget,
                                      const char           *path,
                                      guint                 min_frames,
                                      guint                 min_ms,
                                      GCancellable         *cancellable,
                                      GAsyncReadyCallback   callback,
                                      gpointer              user_data);
gboolean rtcc_screenshot_save_finish (GtkWidget            *widget,
                                      GAsyncResult         *result,
                                      GError              **error);
gboolean rtcc_screenshot_render      (GtkWidget            *widget,
                                      const char           *path,
                                      GError              **error);

G_END_DECLS
