/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rtcc-event.h"

G_BEGIN_DECLS

#define RTCC_TYPE_BOLO_WATCH (rtcc_bolo_watch_get_type ())
G_DECLARE_FINAL_TYPE (RtccBoloWatch, rtcc_bolo_watch, RTCC, BOLO_WATCH, GObject)

RtccBoloWatch *rtcc_bolo_watch_new          (void);
void           rtcc_bolo_watch_set_active   (RtccBoloWatch *self,
                                             GPtrArray     *bolos);
guint          rtcc_bolo_watch_get_n_active (RtccBoloWatch *self);
guint          rtcc_bolo_watch_handle_event (RtccBoloWatch *self,
                                             RtccEvent     *event);

G_END_DECLS
