/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rtcc-config.h"

G_BEGIN_DECLS

#define RTCC_TYPE_PREFERENCES_WINDOW (rtcc_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (RtccPreferencesWindow, rtcc_preferences_window, RTCC, PREFERENCES_WINDOW, AdwPreferencesWindow)

RtccPreferencesWindow *rtcc_preferences_window_new         (RtccConfig            *config,
                                                            GSettings             *settings);
RtccConfig            *rtcc_preferences_window_get_config  (RtccPreferencesWindow *self);
GtkWidget             *rtcc_preferences_window_get_row     (RtccPreferencesWindow *self,
                                                            const char            *key);
void                   rtcc_preferences_window_apply       (RtccPreferencesWindow *self,
                                                            const char            *key,
                                                            const char            *value);

G_END_DECLS
