/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccMapView"

#include "config.h"

#include <math.h>

#include <adwaita.h>
#include <glib/gi18n.h>
#include <shumate/shumate.h>

#include "rtcc-area-layer.h"
#include "rtcc-camera-layer.h"
#include "rtcc-event-layer.h"
#include "rtcc-track-layer.h"
#include "rtcc-map-controls.h"
#include "rtcc-map-view.h"
#include "rtcc-mbtiles-source.h"

/* Where the map opens before any event asks for a place. */
#define HOME_LAT 41.8815
#define HOME_LON (-87.6557)
#define HOME_ZOOM 14.0

/**
 * RtccMapView:
 *
 * The map in the centre of the window. Tiles come only from what the
 * operator configured (a tile URL template or an MBTiles file): a
 * workstation in a crime centre must not reach public tile servers.
 */
struct _RtccMapView
{
  GtkWidget         parent_instance;

  RtccConfig       *config;
  gboolean          has_tiles;

  GtkOverlay       *overlay;
  ShumateSimpleMap *map;
  AdwStatusPage    *no_tiles_page;
  RtccMapControls  *controls;

  GListModel       *events;
  RtccEventLayer   *layer;
  RtccEvent        *selected;
  GListModel       *cameras;
  RtccCameraLayer  *camera_layer;
  RtccTrackLayer   *track_layer;
  RtccAreaLayer    *area_layer;
  GtkWidget        *clear_track_button;
};

G_DEFINE_FINAL_TYPE (RtccMapView, rtcc_map_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONFIG,
  PROP_HAS_TILES,
  PROP_SELECTED_EVENT,
  N_PROPS
};

enum {
  EVENT_ACTIVATED,
  CAMERA_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
on_layer_activated (RtccEventLayer *layer,
                    RtccEvent      *event,
                    RtccMapView    *self)
{
  g_signal_emit (self, signals[EVENT_ACTIVATED], 0, event);
}

static void
on_camera_activated (RtccCameraLayer *layer,
                     const char      *camera_id,
                     RtccMapView     *self)
{
  g_signal_emit (self, signals[CAMERA_ACTIVATED], 0, camera_id);
}

/* Cameras go above the events: that layer only takes clicks on its dots. */
static void
attach_camera_layer (RtccMapView *self)
{
  ShumateViewport *viewport = shumate_simple_map_get_viewport (self->map);

  if (self->camera_layer != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->camera_layer, self);
      /* After a map swap the old layer went away with the old map. */
      if (gtk_widget_get_ancestor (GTK_WIDGET (self->camera_layer), SHUMATE_TYPE_SIMPLE_MAP) == GTK_WIDGET (self->map))
        shumate_simple_map_remove_overlay_layer (self->map, SHUMATE_LAYER (self->camera_layer));
      g_clear_object (&self->camera_layer);
    }
  if (self->cameras == NULL)
    return;
  self->camera_layer = g_object_ref_sink (rtcc_camera_layer_new (viewport));
  rtcc_camera_layer_set_model (self->camera_layer, self->cameras);
  g_signal_connect (self->camera_layer, "camera-activated", G_CALLBACK (on_camera_activated), self);
  /* Cameras are context: events are drawn over them. */
  if (self->layer != NULL &&
      gtk_widget_get_ancestor (GTK_WIDGET (self->layer), SHUMATE_TYPE_SIMPLE_MAP) == GTK_WIDGET (self->map))
    shumate_map_insert_layer_behind (shumate_simple_map_get_map (self->map),
                                     SHUMATE_LAYER (self->camera_layer), SHUMATE_LAYER (self->layer));
  else
    shumate_simple_map_add_overlay_layer (self->map, SHUMATE_LAYER (self->camera_layer));
}

/* The layer belongs to one map's viewport: a new map gets a new layer
 * with the same events and selection. */
static void
attach_layer (RtccMapView *self)
{
  ShumateViewport *viewport = shumate_simple_map_get_viewport (self->map);

  if (self->layer != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->layer, self);
      g_clear_object (&self->layer);
    }
  if (self->events == NULL)
    {
      rtcc_map_controls_set_layer (self->controls, NULL);
      return;
    }

  self->layer = g_object_ref_sink (rtcc_event_layer_new (viewport));
  rtcc_event_layer_set_model (self->layer, self->events);
  g_object_set (self->layer, "selected-event", self->selected, NULL);
  g_signal_connect (self->layer, "event-activated", G_CALLBACK (on_layer_activated), self);
  shumate_simple_map_add_overlay_layer (self->map, SHUMATE_LAYER (self->layer));
  if (self->cameras != NULL)
    attach_camera_layer (self);
  rtcc_map_controls_set_layer (self->controls, self->layer);
}

static void
set_has_tiles (RtccMapView *self,
               gboolean     has_tiles)
{
  if (self->has_tiles == has_tiles)
    return;
  self->has_tiles = has_tiles;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_TILES]);
}

static void
center_home (RtccMapView *self)
{
  shumate_viewport_set_zoom_level (shumate_simple_map_get_viewport (self->map), HOME_ZOOM);
  shumate_map_center_on (shumate_simple_map_get_map (self->map), HOME_LAT, HOME_LON);
}

static void
update_source (RtccMapView *self)
{
  const char *url = self->config != NULL ? rtcc_config_get (self->config, "RTCC_MAP_TILE_URL") : NULL;
  const char *mbtiles = self->config != NULL ? rtcc_config_get (self->config, "RTCC_MAP_MBTILES") : NULL;

  if (url != NULL && *url != '\0')
    {
      g_autoptr(ShumateRasterRenderer) renderer =
        shumate_raster_renderer_new_full_from_url ("rtcc-configured",
                                                   _("Configured tiles"),
                                                   NULL, NULL,
                                                   0, 19, 256,
                                                   SHUMATE_MAP_PROJECTION_MERCATOR,
                                                   url);

      shumate_simple_map_set_map_source (self->map, SHUMATE_MAP_SOURCE (renderer));
      gtk_widget_set_visible (GTK_WIDGET (self->no_tiles_page), FALSE);
      set_has_tiles (self, TRUE);
      return;
    }

  if (mbtiles != NULL && *mbtiles != '\0')
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RtccMbtilesSource) file = rtcc_mbtiles_source_new (mbtiles, &error);

      if (file != NULL)
        {
          const char *name = rtcc_mbtiles_source_get_name (file);
          g_autoptr(ShumateRasterRenderer) renderer =
            shumate_raster_renderer_new_full ("rtcc-mbtiles",
                                              name != NULL ? name : _("Map file"),
                                              NULL, NULL,
                                              rtcc_mbtiles_source_get_min_zoom (file),
                                              rtcc_mbtiles_source_get_max_zoom (file),
                                              256, SHUMATE_MAP_PROJECTION_MERCATOR,
                                              SHUMATE_DATA_SOURCE (file));

          shumate_simple_map_set_map_source (self->map, SHUMATE_MAP_SOURCE (renderer));
          gtk_widget_set_visible (GTK_WIDGET (self->no_tiles_page), FALSE);
          set_has_tiles (self, TRUE);
          return;
        }
      adw_status_page_set_description (self->no_tiles_page, error->message);
    }
  else
    adw_status_page_set_description (self->no_tiles_page,
                                     _("No map tiles configured. Set RTCC_MAP_TILE_URL or RTCC_MAP_MBTILES."));

  /* libshumate cannot take a map source away again; a fresh map without
   * one stops every tile request of the old source. */
  if (shumate_simple_map_get_map_source (self->map) != NULL)
    {
      ShumateSimpleMap *map = shumate_simple_map_new ();

      gtk_widget_set_hexpand (GTK_WIDGET (map), TRUE);
      gtk_widget_set_vexpand (GTK_WIDGET (map), TRUE);
      gtk_widget_set_focusable (GTK_WIDGET (map), TRUE);
      gtk_overlay_set_child (self->overlay, GTK_WIDGET (map));
      self->map = map;
      center_home (self);
      attach_layer (self);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->no_tiles_page), TRUE);
  set_has_tiles (self, FALSE);
}

static void
on_config_changed (RtccMapView *self,
                   const char  *key)
{
  if (g_strcmp0 (key, "RTCC_MAP_TILE_URL") == 0 || g_strcmp0 (key, "RTCC_MAP_MBTILES") == 0)
    update_source (self);
}

static void
rtcc_map_view_dispose (GObject *object)
{
  RtccMapView *self = RTCC_MAP_VIEW (object);

  if (self->config != NULL)
    g_signal_handlers_disconnect_by_data (self->config, self);
  g_clear_object (&self->config);
  if (self->layer != NULL)
    g_signal_handlers_disconnect_by_data (self->layer, self);
  g_clear_object (&self->layer);
  if (self->camera_layer != NULL)
    g_signal_handlers_disconnect_by_data (self->camera_layer, self);
  g_clear_object (&self->camera_layer);
  g_clear_object (&self->track_layer);
  g_clear_object (&self->area_layer);
  g_clear_object (&self->cameras);
  g_clear_object (&self->events);
  g_clear_object (&self->selected);
  gtk_widget_dispose_template (GTK_WIDGET (self), RTCC_TYPE_MAP_VIEW);

  G_OBJECT_CLASS (rtcc_map_view_parent_class)->dispose (object);
}

static void
rtcc_map_view_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  RtccMapView *self = RTCC_MAP_VIEW (object);

  switch (prop_id)
    {
    case PROP_CONFIG:
      g_value_set_object (value, self->config);
      break;
    case PROP_HAS_TILES:
      g_value_set_boolean (value, self->has_tiles);
      break;
    case PROP_SELECTED_EVENT:
      g_value_set_object (value, self->selected);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rtcc_map_view_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  RtccMapView *self = RTCC_MAP_VIEW (object);

  switch (prop_id)
    {
    case PROP_CONFIG:
      rtcc_map_view_set_config (self, g_value_get_object (value));
      break;
    case PROP_SELECTED_EVENT:
      rtcc_map_view_set_selected_event (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
clear_track_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  rtcc_map_view_clear_track (RTCC_MAP_VIEW (widget));
}

static void
rtcc_map_view_class_init (RtccMapViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rtcc_map_view_dispose;
  object_class->get_property = rtcc_map_view_get_property;
  object_class->set_property = rtcc_map_view_set_property;

  properties[PROP_CONFIG] =
    g_param_spec_object ("config", NULL, NULL, RTCC_TYPE_CONFIG,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_HAS_TILES] =
    g_param_spec_boolean ("has-tiles", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SELECTED_EVENT] =
    g_param_spec_object ("selected-event", NULL, NULL, RTCC_TYPE_EVENT,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RtccMapView::event-activated:
   * @event: the event whose marker the analyst clicked
   */
  signals[EVENT_ACTIVATED] =
    g_signal_new ("event-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, RTCC_TYPE_EVENT);
  /**
   * RtccMapView::camera-activated:
   * @camera_id: the camera whose dot was clicked
   */
  signals[CAMERA_ACTIVATED] =
    g_signal_new ("camera-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (SHUMATE_TYPE_SIMPLE_MAP);
  g_type_ensure (RTCC_TYPE_MAP_CONTROLS);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/g3ti/Rtcc/rtcc-map-view.ui");
  gtk_widget_class_bind_template_child (widget_class, RtccMapView, overlay);
  gtk_widget_class_bind_template_child (widget_class, RtccMapView, controls);
  gtk_widget_class_bind_template_child (widget_class, RtccMapView, map);
  gtk_widget_class_bind_template_child (widget_class, RtccMapView, no_tiles_page);
  gtk_widget_class_bind_template_child (widget_class, RtccMapView, clear_track_button);
  gtk_widget_class_install_action (widget_class, "map.clear-track", NULL, clear_track_action);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "rtcc-map-view");
}

static void
rtcc_map_view_init (RtccMapView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  center_home (self);
  update_source (self);
}

GtkWidget *
rtcc_map_view_new (void)
{
  return g_object_new (RTCC_TYPE_MAP_VIEW, NULL);
}

/**
 * rtcc_map_view_get_config:
 *
 * Returns: (transfer none) (nullable): where the tile settings come from
 */
RtccConfig *
rtcc_map_view_get_config (RtccMapView *self)
{
  g_return_val_if_fail (RTCC_IS_MAP_VIEW (self), NULL);
  return self->config;
}

/**
 * rtcc_map_view_set_config:
 * @config: (nullable): the configuration with RTCC_MAP_TILE_URL and
 *   RTCC_MAP_MBTILES; the map follows changes to them
 */
void
rtcc_map_view_set_config (RtccMapView *self,
                          RtccConfig  *config)
{
  g_return_if_fail (RTCC_IS_MAP_VIEW (self));

  if (self->config == config)
    return;
  if (self->config != NULL)
    g_signal_handlers_disconnect_by_data (self->config, self);
  g_set_object (&self->config, config);
  if (self->config != NULL)
    g_signal_connect_swapped (self->config, "changed", G_CALLBACK (on_config_changed), self);
  update_source (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONFIG]);
}

/**
 * rtcc_map_view_get_has_tiles:
 *
 * Returns: whether a tile source is configured
 */
gboolean
rtcc_map_view_get_has_tiles (RtccMapView *self)
{
  g_return_val_if_fail (RTCC_IS_MAP_VIEW (self), FALSE);
  return self->has_tiles;
}

void
rtcc_map_view_focus (RtccMapView *self)
{
  g_return_if_fail (RTCC_IS_MAP_VIEW (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->map));
}

/**
 * rtcc_map_view_set_events:
 * @events: (nullable): a #GListModel of #RtccEvent to draw
 *
 * Events with a location are drawn by one #RtccEventLayer that culls to
 * the view and clusters at low zoom.
 */
void
rtcc_map_view_set_events (RtccMapView *self,
                          GListModel  *events)
{
  g_return_if_fail (RTCC_IS_MAP_VIEW (self));

  if (!g_set_object (&self->events, events))
    return;
  attach_layer (self);
}

/**
 * rtcc_map_view_get_event_layer:
 *
 * Returns: (transfer none) (nullable): the layer drawing the events
 */
RtccEventLayer *
rtcc_map_view_get_event_layer (RtccMapView *self)
{
  g_return_val_if_fail (RTCC_IS_MAP_VIEW (self), NULL);
  return self->layer;
}

/**
 * rtcc_map_view_set_selected_event:
 * @event: (nullable): the event to highlight, e.g. the one selected in
 *   the feed
 */
void
rtcc_map_view_set_selected_event (RtccMapView *self,
                                  RtccEvent   *event)
{
  g_return_if_fail (RTCC_IS_MAP_VIEW (self));

  if (!g_set_object (&self->selected, event))
    return;
  if (self->layer != NULL)
    g_object_set (self->layer, "selected-event", event, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_EVENT]);
}

/**
 * rtcc_map_view_center_on_event:
 *
 * Centres the map on @event, if it has a location, zooming in to street
 * level when the map is further out.
 */
void
rtcc_map_view_center_on_event (RtccMapView *self,
                               RtccEvent   *event)
{
  ShumateViewport *viewport;
  double lat, lon;

  g_return_if_fail (RTCC_IS_MAP_VIEW (self));
  if (event == NULL || !rtcc_event_get_location (event, &lat, &lon))
    return;
  viewport = shumate_simple_map_get_viewport (self->map);
  if (shumate_viewport_get_zoom_level (viewport) < 16.0)
    shumate_viewport_set_zoom_level (viewport, 16.0);
  shumate_map_center_on (shumate_simple_map_get_map (self->map), lat, lon);
}

/**
 * rtcc_map_view_set_cameras:
 * @cameras: (nullable): a #GListModel of #RtccCamera to draw with their
 *   fields of view
 */
void
rtcc_map_view_set_cameras (RtccMapView *self,
                           GListModel  *cameras)
{
  g_return_if_fail (RTCC_IS_MAP_VIEW (self));

  if (!g_set_object (&self->cameras, cameras))
    return;
  attach_camera_layer (self);
}

/**
 * rtcc_map_view_get_camera_layer:
 *
 * Returns: (transfer none) (nullable): the layer drawing the cameras
 */
RtccCameraLayer *
rtcc_map_view_get_camera_layer (RtccMapView *self)
{
  g_return_val_if_fail (RTCC_IS_MAP_VIEW (self), NULL);
  return self->camera_layer;
}

/**
 * rtcc_map_view_get_controls:
 *
 * Returns: (transfer none): the time filter, heat map and legend controls
 */
RtccMapControls *
rtcc_map_view_get_controls (RtccMapView *self)
{
  g_return_val_if_fail (RTCC_IS_MAP_VIEW (self), NULL);
  return self->controls;
}

/* The track and area layers sit on top of the others. A map swapped for
 * another (tiles reconfigured) takes its layers with it: they are made
 * anew on the new map's viewport, with what they showed. */
static gboolean
on_current_map (RtccMapView *self,
                gpointer     layer)
{
  return layer != NULL && gtk_widget_get_ancestor (GTK_WIDGET (layer), SHUMATE_TYPE_SIMPLE_MAP) == GTK_WIDGET (self->map);
}

static void
on_track_changed (RtccMapView *self)
{
  if (self->clear_track_button != NULL)
    gtk_widget_set_visible (self->clear_track_button,
                            self->track_layer != NULL && rtcc_track_layer_get_n_points (self->track_layer) > 0);
}

/**
 * rtcc_map_view_get_track_layer:
 *
 * Returns: (transfer none) (nullable): the layer drawing a plate's track,
 *   made on first use; %NULL once the view is disposed
 */
RtccTrackLayer *
rtcc_map_view_get_track_layer (RtccMapView *self)
{
  g_return_val_if_fail (RTCC_IS_MAP_VIEW (self), NULL);

  if (self->map == NULL)
    return NULL;
  if (!on_current_map (self, self->track_layer))
    {
      g_clear_object (&self->track_layer);
      self->track_layer = g_object_ref_sink (rtcc_track_layer_new (shumate_simple_map_get_viewport (self->map)));
      /* The track outlives the search dialog: the map offers to clear it. */
      g_signal_connect_object (self->track_layer, "notify::n-points", G_CALLBACK (on_track_changed),
                               self, G_CONNECT_SWAPPED);
      /* Beneath a search area, so the box never hides the line. */
      if (on_current_map (self, self->area_layer))
        shumate_map_insert_layer_behind (shumate_simple_map_get_map (self->map),
                                         SHUMATE_LAYER (self->track_layer), SHUMATE_LAYER (self->area_layer));
      else
        shumate_simple_map_add_overlay_layer (self->map, SHUMATE_LAYER (self->track_layer));
    }
  return self->track_layer;
}

/**
 * rtcc_map_view_get_area_layer:
 *
 * Returns: (transfer none) (nullable): the layer that shows a search area
 *   and lets the operator draw one, made on first use; %NULL once the view
 *   is disposed
 */
RtccAreaLayer *
rtcc_map_view_get_area_layer (RtccMapView *self)
{
  g_return_val_if_fail (RTCC_IS_MAP_VIEW (self), NULL);

  if (self->map == NULL)
    return NULL;
  if (!on_current_map (self, self->area_layer))
    {
      RtccGeoArea area;

      rtcc_geo_area_set_anywhere (&area);
      if (self->area_layer != NULL)
        rtcc_area_layer_get_area (self->area_layer, &area);
      g_clear_object (&self->area_layer);
      self->area_layer = g_object_ref_sink (rtcc_area_layer_new (shumate_simple_map_get_viewport (self->map)));
      rtcc_area_layer_set_area (self->area_layer, &area);
      shumate_simple_map_add_overlay_layer (self->map, SHUMATE_LAYER (self->area_layer));
    }
  return self->area_layer;
}

/**
 * rtcc_map_view_show_track:
 * @track: a #GListModel of #RtccEvent, the reads of one plate in any order
 *
 * Draws the located reads as a track in time order, and centres and
 * zooms the map so the whole track is in view.
 *
 * Returns: how many reads the track goes through
 */
guint
rtcc_map_view_show_track (RtccMapView *self,
                          GListModel  *track)
{
  RtccTrackLayer *layer;
  double south, west, north, east, zoom, width, height;
  ShumateViewport *viewport;
  guint n;

  g_return_val_if_fail (RTCC_IS_MAP_VIEW (self), 0);
  g_return_val_if_fail (G_IS_LIST_MODEL (track), 0);

  if ((layer = rtcc_map_view_get_track_layer (self)) == NULL)
    return 0;
  n = rtcc_track_layer_set_reads (layer, track);
  if (!rtcc_track_layer_get_bounds (layer, &south, &west, &north, &east))
    return 0;

  /* A margin for the end markers and their numbers; a map not yet laid
   * out is fitted as if it had the window's usual size. */
  width = gtk_widget_get_width (GTK_WIDGET (self));
  height = gtk_widget_get_height (GTK_WIDGET (self));
  if (width < 200 || height < 200)
    width = height = 600;
  viewport = shumate_simple_map_get_viewport (self->map);
  zoom = rtcc_geo_fit_zoom (south, west, north, east, width - 160, height - 200,
                            shumate_viewport_get_min_zoom_level (viewport), 17.0);
  shumate_viewport_set_zoom_level (viewport, floor (zoom * 4) / 4);
  shumate_map_center_on (shumate_simple_map_get_map (self->map), (south + north) / 2, (west + east) / 2);
  return n;
}

/**
 * rtcc_map_view_clear_track:
 *
 * Removes the plate track from the map.
 */
void
rtcc_map_view_clear_track (RtccMapView *self)
{
  g_return_if_fail (RTCC_IS_MAP_VIEW (self));

  if (self->track_layer != NULL)
    rtcc_track_layer_clear (self->track_layer);
}

/**
 * rtcc_map_view_get_visible_area:
 * @area: (out caller-allocates): the box the map shows now
 *
 * Returns: %FALSE when the map has no size or projection yet
 */
gboolean
rtcc_map_view_get_visible_area (RtccMapView *self,
                                RtccGeoArea *area)
{
  ShumateViewport *viewport;
  GtkWidget *map;
  double lat[4], lon[4];
  double south, west, north, east;
  double w, h;

  g_return_val_if_fail (RTCC_IS_MAP_VIEW (self), FALSE);
  g_return_val_if_fail (area != NULL, FALSE);

  if (self->map == NULL)
    return FALSE;
  viewport = shumate_simple_map_get_viewport (self->map);
  map = GTK_WIDGET (shumate_simple_map_get_map (self->map));
  w = gtk_widget_get_width (map);
  h = gtk_widget_get_height (map);
  if (w <= 0 || h <= 0 || shumate_viewport_get_reference_map_source (viewport) == NULL)
    return FALSE;
  /* All four corners: a rotated map shows more than two corners span. */
  shumate_viewport_widget_coords_to_location (viewport, map, 0, 0, &lat[0], &lon[0]);
  shumate_viewport_widget_coords_to_location (viewport, map, w, 0, &lat[1], &lon[1]);
  shumate_viewport_widget_coords_to_location (viewport, map, w, h, &lat[2], &lon[2]);
  shumate_viewport_widget_coords_to_location (viewport, map, 0, h, &lat[3], &lon[3]);
  south = north = lat[0];
  west = east = lon[0];
  for (guint i = 1; i < 4; i++)
    {
      south = MIN (south, lat[i]);
      west = MIN (west, lon[i]);
      north = MAX (north, lat[i]);
      east = MAX (east, lon[i]);
    }
  return rtcc_geo_area_set_box (area, CLAMP (south, -90, 90), CLAMP (west, -180, 180),
                                CLAMP (north, -90, 90), CLAMP (east, -180, 180));
}
