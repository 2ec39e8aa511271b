/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "rtcc-event.h"

G_BEGIN_DECLS

#define RTCC_TYPE_EVENT_LIST (rtcc_event_list_get_type ())
G_DECLARE_FINAL_TYPE (RtccEventList, rtcc_event_list, RTCC, EVENT_LIST, GObject)

/**
 * RtccEventList:
 *
 * The live feed: a #GListModel of #RtccEvent, newest occurrence first,
 * one item per event id (a higher version replaces the item in place),
 * holding at most a fixed number of events.
 */
RtccEventList *rtcc_event_list_new         (guint          max_items);
gboolean       rtcc_event_list_add         (RtccEventList *self,
                                            RtccEvent     *event);
RtccEvent     *rtcc_event_list_lookup      (RtccEventList *self,
                                            const char    *id);
void           rtcc_event_list_clear       (RtccEventList *self);

G_END_DECLS
