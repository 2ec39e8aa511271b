/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "rtcc-event-detail.h"
#include "rtcc-event.h"

G_BEGIN_DECLS

/* The source filter's value for "every source". */
#define RTCC_EVENT_FEED_ALL_SOURCES (-1)

#define RTCC_TYPE_EVENT_FEED (rtcc_event_feed_get_type ())
G_DECLARE_FINAL_TYPE (RtccEventFeed, rtcc_event_feed, RTCC, EVENT_FEED, GtkWidget)

GtkWidget       *rtcc_event_feed_new                (void);
GListModel      *rtcc_event_feed_get_model          (RtccEventFeed *self);
void             rtcc_event_feed_set_model          (RtccEventFeed *self,
                                                     GListModel    *events);
GListModel      *rtcc_event_feed_get_shown          (RtccEventFeed *self);
int              rtcc_event_feed_get_source_filter  (RtccEventFeed *self);
void             rtcc_event_feed_set_source_filter  (RtccEventFeed *self,
                                                     int            source);
const char      *rtcc_event_feed_get_search_text    (RtccEventFeed *self);
void             rtcc_event_feed_set_search_text    (RtccEventFeed *self,
                                                     const char    *text);
RtccEvent       *rtcc_event_feed_get_selected_event (RtccEventFeed *self);
gboolean         rtcc_event_feed_select_position    (RtccEventFeed *self,
                                                     guint          position);
void             rtcc_event_feed_clear_selection    (RtccEventFeed *self);
gboolean         rtcc_event_feed_select_event       (RtccEventFeed *self,
                                                     RtccEvent     *event);
RtccEventDetail *rtcc_event_feed_get_detail         (RtccEventFeed *self);
void             rtcc_event_feed_focus_search       (RtccEventFeed *self);
void             rtcc_event_feed_focus_list         (RtccEventFeed *self);
GDateTime       *rtcc_event_feed_get_now            (RtccEventFeed *self);
void             rtcc_event_feed_refresh_times      (RtccEventFeed *self);
gboolean         rtcc_event_feed_event_matches      (RtccEvent     *event,
                                                     int            source,
                                                     const char    *folded_search);

G_END_DECLS
