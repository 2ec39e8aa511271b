/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "rtcc-event.h"

G_BEGIN_DECLS

#define RTCC_TYPE_EVENT_ROW (rtcc_event_row_get_type ())
G_DECLARE_FINAL_TYPE (RtccEventRow, rtcc_event_row, RTCC, EVENT_ROW, GtkWidget)

GtkWidget  *rtcc_event_row_new           (void);
RtccEvent  *rtcc_event_row_get_event     (RtccEventRow *self);
void        rtcc_event_row_set_event     (RtccEventRow *self,
                                          RtccEvent    *event);
GDateTime  *rtcc_event_row_get_now       (RtccEventRow *self);
void        rtcc_event_row_set_now       (RtccEventRow *self,
                                          GDateTime    *now);
const char *rtcc_event_row_get_time_text (RtccEventRow *self);

G_END_DECLS
