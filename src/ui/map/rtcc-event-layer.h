/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <shumate/shumate.h>

#include "rtcc-event.h"

G_BEGIN_DECLS

#define RTCC_TYPE_EVENT_LAYER (rtcc_event_layer_get_type ())
G_DECLARE_FINAL_TYPE (RtccEventLayer, rtcc_event_layer, RTCC, EVENT_LAYER, ShumateLayer)

/**
 * RtccEventLayerLegendItem:
 * @type: the event type
 * @symbol_name: a stable name for the symbol drawn ("burst", "plate", ...)
 * @label: the translated name to show next to the symbol
 *
 * One row of the map legend; the fill colour comes from the priority,
 * see rtcc_event_layer_get_priority_color().
 */
typedef struct
{
  RtccEventType  type;
  const char    *symbol_name;
  const char    *label;
} RtccEventLayerLegendItem;

/**
 * RtccEventLayerStats:
 * @markers: single events drawn in the last frame
 * @clusters: clusters drawn in the last frame
 * @clustered_events: events drawn inside those clusters
 * @pulsing: pulsing gunshot markers drawn in the last frame
 * @heat_cells: heat map cells drawn in the last frame
 * @snapshot_us: time spent building the last frame, in microseconds
 *
 * What the last snapshot drew; for the benchmark, tests and debugging.
 */
typedef struct
{
  guint  markers;
  guint  clusters;
  guint  clustered_events;
  guint  pulsing;
  guint  heat_cells;
  gint64 snapshot_us;
} RtccEventLayerStats;

RtccEventLayer *rtcc_event_layer_new                  (ShumateViewport  *viewport);
void            rtcc_event_layer_set_model            (RtccEventLayer   *self,
                                                       GListModel       *model);
GListModel     *rtcc_event_layer_get_model            (RtccEventLayer   *self);
void            rtcc_event_layer_set_selected_event   (RtccEventLayer   *self,
                                                       RtccEvent        *event);
RtccEvent      *rtcc_event_layer_get_selected_event   (RtccEventLayer   *self);
void            rtcc_event_layer_set_acknowledged     (RtccEventLayer   *self,
                                                       const char       *event_id,
                                                       gboolean          acknowledged);
gboolean        rtcc_event_layer_get_acknowledged     (RtccEventLayer   *self,
                                                       const char       *event_id);
void            rtcc_event_layer_set_pulse_duration   (RtccEventLayer   *self,
                                                       GTimeSpan         duration);
GTimeSpan       rtcc_event_layer_get_pulse_duration   (RtccEventLayer   *self);
void            rtcc_event_layer_set_time_range       (RtccEventLayer   *self,
                                                       GDateTime        *since,
                                                       GDateTime        *until);
void            rtcc_event_layer_set_heat_mode        (RtccEventLayer   *self,
                                                       RtccEventType     type,
                                                       GDateTime        *since);
void            rtcc_event_layer_unset_heat_mode      (RtccEventLayer   *self);
gboolean        rtcc_event_layer_get_heat_mode        (RtccEventLayer   *self);
void            rtcc_event_layer_set_cluster_max_zoom (RtccEventLayer   *self,
                                                       double            zoom);
double          rtcc_event_layer_get_cluster_max_zoom (RtccEventLayer   *self);
RtccEvent      *rtcc_event_layer_pick                 (RtccEventLayer   *self,
                                                       double            x,
                                                       double            y,
                                                       guint            *cluster_size);
gboolean        rtcc_event_layer_activate_at          (RtccEventLayer   *self,
                                                       double            x,
                                                       double            y);
gboolean        rtcc_event_layer_is_animating         (RtccEventLayer   *self);
void            rtcc_event_layer_get_stats            (RtccEventLayer   *self,
                                                       RtccEventLayerStats *stats);
gint64          rtcc_event_layer_get_last_snapshot_us (RtccEventLayer   *self);
gsize           rtcc_event_layer_get_memory_size      (RtccEventLayer   *self);
guint           rtcc_event_layer_get_n_located        (RtccEventLayer   *self);

const RtccEventLayerLegendItem *rtcc_event_layer_get_legend          (guint        *n_items);
void                            rtcc_event_layer_get_priority_color  (RtccPriority  priority,
                                                                      GdkRGBA      *color);
GdkTexture                     *rtcc_event_layer_render_symbol       (RtccEventType type,
                                                                      RtccPriority  priority,
                                                                      int           scale);

G_END_DECLS
