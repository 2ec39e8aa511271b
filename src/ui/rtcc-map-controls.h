/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "rtcc-event-layer.h"

G_BEGIN_DECLS

/**
 * RtccMapTimeFilter:
 * @RTCC_MAP_TIME_FILTER_HOUR: events of the last hour
 * @RTCC_MAP_TIME_FILTER_SHIFT: events of the last shift (8 hours)
 * @RTCC_MAP_TIME_FILTER_DAY: events of the last 24 hours
 * @RTCC_MAP_TIME_FILTER_ALL: every event the workstation holds
 *
 * How far back the map reaches.
 */
typedef enum
{
  RTCC_MAP_TIME_FILTER_HOUR,
  RTCC_MAP_TIME_FILTER_SHIFT,
  RTCC_MAP_TIME_FILTER_DAY,
  RTCC_MAP_TIME_FILTER_ALL,
} RtccMapTimeFilter;

#define RTCC_MAP_SHIFT_HOURS 8

#define RTCC_TYPE_MAP_CONTROLS (rtcc_map_controls_get_type ())
G_DECLARE_FINAL_TYPE (RtccMapControls, rtcc_map_controls, RTCC, MAP_CONTROLS, GtkWidget)

GtkWidget         *rtcc_map_controls_new             (void);
RtccEventLayer    *rtcc_map_controls_get_layer       (RtccMapControls   *self);
void               rtcc_map_controls_set_layer       (RtccMapControls   *self,
                                                      RtccEventLayer    *layer);
RtccMapTimeFilter  rtcc_map_controls_get_time_filter (RtccMapControls   *self);
void               rtcc_map_controls_set_time_filter (RtccMapControls   *self,
                                                      RtccMapTimeFilter  filter);
gboolean           rtcc_map_controls_get_heat_map    (RtccMapControls   *self);
void               rtcc_map_controls_set_heat_map    (RtccMapControls   *self,
                                                      gboolean           heat_map);
GDateTime         *rtcc_map_controls_dup_since       (RtccMapControls   *self);
void               rtcc_map_controls_apply           (RtccMapControls   *self);

G_END_DECLS
