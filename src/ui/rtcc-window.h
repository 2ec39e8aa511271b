/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rtcc-bolo-dialog.h"
#include "rtcc-bolo-match-dialog.h"
#include "rtcc-bwc-window.h"
#include "rtcc-config.h"
#include "rtcc-event-feed.h"
#include "rtcc-health-monitor.h"
#include "rtcc-health-summary.h"
#include "rtcc-hotlist-window.h"
#include "rtcc-incident-search-dialog.h"
#include "rtcc-map-view.h"
#include "rtcc-plate-search-dialog.h"
#include "rtcc-ness-dialog.h"
#include "rtcc-person-search-dialog.h"
#include "rtcc-registry.h"
#include "rtcc-status-dashboard.h"
#include "rtcc-video-wall.h"

G_BEGIN_DECLS

#define RTCC_TYPE_WINDOW (rtcc_window_get_type ())
G_DECLARE_FINAL_TYPE (RtccWindow, rtcc_window, RTCC, WINDOW, AdwApplicationWindow)

RtccWindow          *rtcc_window_new                (GtkApplication *application,
                                                     RtccConfig     *config,
                                                     GListModel     *integrations,
                                                     RtccHealthMonitor *monitor,
                                                     GListModel     *events);
RtccEventFeed       *rtcc_window_get_feed           (RtccWindow     *self);
RtccMapView         *rtcc_window_get_map_view       (RtccWindow     *self);
RtccHealthSummary   *rtcc_window_get_health_summary (RtccWindow     *self);
GtkWidget           *rtcc_window_get_health_button  (RtccWindow     *self);
RtccStatusDashboard *rtcc_window_show_dashboard     (RtccWindow     *self);
RtccBwcWindow       *rtcc_window_show_bwc           (RtccWindow     *self,
                                                     const char     *incident);
RtccNessDialog      *rtcc_window_show_ness_dialog   (RtccWindow     *self,
                                                     RtccEvent      *event);
void                 rtcc_window_add_toast          (RtccWindow     *self,
                                                     AdwToast       *toast);
RtccVideoWall       *rtcc_window_show_video_wall    (RtccWindow     *self);
guint                rtcc_window_show_cameras_for_event (RtccWindow *self,
                                                     RtccEvent      *event);
RtccPlateSearchDialog *rtcc_window_show_plate_search (RtccWindow    *self);
RtccBoloDialog      *rtcc_window_show_bolos         (RtccWindow     *self);
RtccHotlistWindow   *rtcc_window_show_hotlists      (RtccWindow     *self);
RtccIncidentSearchDialog *rtcc_window_show_incident_search (RtccWindow *self);
void                 rtcc_window_show_events        (RtccWindow     *self,
                                                     GListModel     *events);
RtccPersonSearchDialog *rtcc_window_show_person_search (RtccWindow  *self);
RtccBoloMatchDialog *rtcc_window_show_bolo_match    (RtccWindow     *self,
                                                     RtccEvent      *bolo,
                                                     RtccEvent      *read);
void                 rtcc_window_notify_bolo_match  (RtccWindow     *self,
                                                     RtccEvent      *bolo,
                                                     RtccEvent      *read);

G_END_DECLS
