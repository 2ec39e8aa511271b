/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "rtcc-enums.h"

G_BEGIN_DECLS

/* A page larger than this is cut to it: no view shows more at once. */
#define RTCC_EVENT_QUERY_MAX_LIMIT 10000

#define RTCC_TYPE_EVENT_QUERY (rtcc_event_query_get_type ())
G_DECLARE_FINAL_TYPE (RtccEventQuery, rtcc_event_query, RTCC, EVENT_QUERY, GObject)

RtccEventQuery *rtcc_event_query_new              (void);
void            rtcc_event_query_set_time_range   (RtccEventQuery  *self,
                                                   GDateTime       *from,
                                                   GDateTime       *to);
GDateTime      *rtcc_event_query_get_from         (RtccEventQuery  *self);
GDateTime      *rtcc_event_query_get_to           (RtccEventQuery  *self);
void            rtcc_event_query_add_source       (RtccEventQuery  *self,
                                                   RtccSource       source);
GArray         *rtcc_event_query_get_sources      (RtccEventQuery  *self);
void            rtcc_event_query_add_type         (RtccEventQuery  *self,
                                                   RtccEventType    type);
GArray         *rtcc_event_query_get_types        (RtccEventQuery  *self);
void            rtcc_event_query_set_min_priority (RtccEventQuery  *self,
                                                   RtccPriority     priority);
RtccPriority    rtcc_event_query_get_min_priority (RtccEventQuery  *self);
void            rtcc_event_query_set_bbox         (RtccEventQuery  *self,
                                                   double           south,
                                                   double           west,
                                                   double           north,
                                                   double           east);
gboolean        rtcc_event_query_get_bbox         (RtccEventQuery  *self,
                                                   double          *south,
                                                   double          *west,
                                                   double          *north,
                                                   double          *east);
void            rtcc_event_query_clear_bbox       (RtccEventQuery  *self);
void            rtcc_event_query_set_text         (RtccEventQuery  *self,
                                                   const char      *text);
const char     *rtcc_event_query_get_text         (RtccEventQuery  *self);
void            rtcc_event_query_set_limit        (RtccEventQuery  *self,
                                                   guint            limit);
guint           rtcc_event_query_get_limit        (RtccEventQuery  *self);
void            rtcc_event_query_set_offset       (RtccEventQuery  *self,
                                                   guint            offset);
guint           rtcc_event_query_get_offset       (RtccEventQuery  *self);
gboolean        rtcc_event_query_validate         (RtccEventQuery  *self,
                                                   GError         **error);

G_END_DECLS
