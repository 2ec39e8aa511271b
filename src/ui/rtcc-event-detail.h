/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "rtcc-event.h"
#include "rtcc-gunshot-panel.h"

G_BEGIN_DECLS

#define RTCC_TYPE_EVENT_DETAIL (rtcc_event_detail_get_type ())
G_DECLARE_FINAL_TYPE (RtccEventDetail, rtcc_event_detail, RTCC, EVENT_DETAIL, GtkWidget)

GtkWidget  *rtcc_event_detail_new            (void);
RtccEvent  *rtcc_event_detail_get_event      (RtccEventDetail *self);
void        rtcc_event_detail_set_event      (RtccEventDetail *self,
                                              RtccEvent       *event);
GListModel *rtcc_event_detail_get_fields     (RtccEventDetail *self);
GListModel *rtcc_event_detail_get_attributes (RtccEventDetail *self);
char       *rtcc_event_detail_format_json_value (JsonNode     *node);

RtccGunshotPanel *rtcc_event_detail_get_gunshot_panel (RtccEventDetail *self);

G_END_DECLS
