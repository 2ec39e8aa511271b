/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void rtcc_session_window_present (GtkWindow *window,
                                  GtkWindow *parent);

G_END_DECLS
