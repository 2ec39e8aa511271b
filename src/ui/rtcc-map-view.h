/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "rtcc-config.h"
#include "rtcc-area-layer.h"
#include "rtcc-camera-layer.h"
#include "rtcc-event-layer.h"
#include "rtcc-track-layer.h"
#include "rtcc-map-controls.h"

G_BEGIN_DECLS

#define RTCC_TYPE_MAP_VIEW (rtcc_map_view_get_type ())
G_DECLARE_FINAL_TYPE (RtccMapView, rtcc_map_view, RTCC, MAP_VIEW, GtkWidget)

GtkWidget  *rtcc_map_view_new             (void);
RtccConfig *rtcc_map_view_get_config      (RtccMapView *self);
void        rtcc_map_view_set_config      (RtccMapView *self,
                                           RtccConfig  *config);
gboolean    rtcc_map_view_get_has_tiles   (RtccMapView *self);
void        rtcc_map_view_focus           (RtccMapView *self);
void        rtcc_map_view_set_events      (RtccMapView *self,
                                           GListModel  *events);
RtccEventLayer *rtcc_map_view_get_event_layer (RtccMapView *self);
void        rtcc_map_view_set_selected_event (RtccMapView *self,
                                           RtccEvent   *event);
void        rtcc_map_view_center_on_event (RtccMapView *self,
                                           RtccEvent   *event);
void        rtcc_map_view_set_cameras     (RtccMapView *self,
                                           GListModel  *cameras);
RtccCameraLayer *rtcc_map_view_get_camera_layer (RtccMapView *self);

RtccMapControls *rtcc_map_view_get_controls (RtccMapView *self);

RtccTrackLayer *rtcc_map_view_get_track_layer  (RtccMapView *self);
guint           rtcc_map_view_show_track       (RtccMapView *self,
                                                GListModel  *track);
void            rtcc_map_view_clear_track      (RtccMapView *self);
RtccAreaLayer  *rtcc_map_view_get_area_layer   (RtccMapView *self);
gboolean        rtcc_map_view_get_visible_area (RtccMapView *self,
                                                RtccGeoArea *area);

G_END_DECLS
