/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccCameraLayer"

#include "config.h"

#include <math.h>

#include "rtcc-camera-layer.h"

#define EARTH_RADIUS_M 6371008.8
#define DOT_RADIUS     4.5
#define PICK_RADIUS    10.0   /* px around a dot that still picks it */
/* Below this many pixels of depth a wedge is noise; only the dot is drawn. */
#define MIN_WEDGE_PX   6.0
/* Below this zoom only highlighted cameras show their view: the city
 * overview belongs to the events. */
#define WEDGE_MIN_ZOOM 15.0

/**
 * RtccCameraLayer:
 *
 * Draws the Milestone cameras on the map: a dot where each camera stands
 * and its field of view as a translucent wedge, projected through the
 * viewport at the current zoom. Cameras placed nowhere are not drawn.
 * Only clicks near a dot are taken, so the event layer below still gets
 * every other click.
 */
struct _RtccCameraLayer
{
  ShumateLayer  parent_instance;

  GListModel   *cameras;
  GHashTable   *highlighted;   /* set of camera ids */
  guint         n_drawn;
};

G_DEFINE_FINAL_TYPE (RtccCameraLayer, rtcc_camera_layer, SHUMATE_TYPE_LAYER)

enum {
  CAMERA_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static inline double
deg2rad (double deg)
{
  return deg * G_PI / 180.0;
}

static inline double
rad2deg (double rad)
{
  return rad * 180.0 / G_PI;
}

/**
 * rtcc_geo_destination:
 * @lat: start
 * @lon: start
 * @bearing_deg: initial bearing, clockwise from north
 * @distance_m: how far to go along the great circle
 * @dest_lat: (out): where that ends
 * @dest_lon: (out): where that ends
 *
 * The point @distance_m from the start on @bearing_deg, on a sphere;
 * over a camera's few hundred metres the error is centimetres.
 */
void
rtcc_geo_destination (double  lat,
                      double  lon,
                      double  bearing_deg,
                      double  distance_m,
                      double *dest_lat,
                      double *dest_lon)
{
  double d = distance_m / EARTH_RADIUS_M;
  double phi1 = deg2rad (lat);
  double lambda1 = deg2rad (lon);
  double theta = deg2rad (bearing_deg);
  double phi2 = asin (sin (phi1) * cos (d) + cos (phi1) * sin (d) * cos (theta));
  double lambda2 = lambda1 + atan2 (sin (theta) * sin (d) * cos (phi1),
                                    cos (d) - sin (phi1) * sin (phi2));

  *dest_lat = rad2deg (phi2);
  *dest_lon = fmod (rad2deg (lambda2) + 540.0, 360.0) - 180.0;
}

static gboolean
project (RtccCameraLayer *self,
         double           lat,
         double           lon,
         graphene_point_t *point)
{
  ShumateViewport *viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  double x, y;

  if (viewport == NULL || shumate_viewport_get_reference_map_source (viewport) == NULL)
    return FALSE;
  shumate_viewport_location_to_widget_coords (viewport, GTK_WIDGET (self), lat, lon, &x, &y);
  point->x = x;
  point->y = y;
  return isfinite (x) && isfinite (y);
}

/**
 * rtcc_camera_layer_get_wedge:
 * @camera: a camera
 * @apex: (out caller-allocates): where the camera stands, in widget pixels
 * @arc: (out caller-allocates): the far edge of its view, left to right
 *   as the camera looks
 *
 * Projects the camera's field of view through the viewport as it is now.
 *
 * Returns: %FALSE when the camera has no position or the map no
 *   projection yet
 */
gboolean
rtcc_camera_layer_get_wedge (RtccCameraLayer  *self,
                             RtccCamera       *camera,
                             graphene_point_t *apex,
                             graphene_point_t  arc[RTCC_CAMERA_LAYER_ARC_POINTS])
{
  double lat, lon, direction, fov, depth;

  g_return_val_if_fail (RTCC_IS_CAMERA_LAYER (self), FALSE);
  g_return_val_if_fail (RTCC_IS_CAMERA (camera), FALSE);

  if (!rtcc_camera_get_location (camera, &lat, &lon) || !project (self, lat, lon, apex))
    return FALSE;
  direction = rtcc_camera_get_direction_deg (camera);
  fov = CLAMP (rtcc_camera_get_fov_deg (camera), 0.0, 360.0);
  depth = MAX (rtcc_camera_get_depth_m (camera), 0.0);
  for (guint i = 0; i < RTCC_CAMERA_LAYER_ARC_POINTS; i++)
    {
      double bearing = direction - fov / 2 + fov * i / (RTCC_CAMERA_LAYER_ARC_POINTS - 1);
      double plat, plon;

      rtcc_geo_destination (lat, lon, bearing, depth, &plat, &plon);
      if (!project (self, plat, plon, &arc[i]))
        return FALSE;
    }
  return TRUE;
}

static gboolean
on_screen (const graphene_point_t *p,
           double                  margin,
           int                     width,
           int                     height)
{
  return p->x >= -margin && p->y >= -margin && p->x <= width + margin && p->y <= height + margin;
}

static void
rtcc_camera_layer_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  RtccCameraLayer *self = RTCC_CAMERA_LAYER (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  guint n = self->cameras != NULL ? g_list_model_get_n_items (self->cameras) : 0;
  double zoom, radius;
  cairo_t *cr;

  self->n_drawn = 0;
  if (n == 0 || width <= 0 || height <= 0)
    return;

  /* Hundreds of cameras at city zoom: small dots, so events stay readable. */
  zoom = shumate_viewport_get_zoom_level (shumate_layer_get_viewport (SHUMATE_LAYER (self)));
  radius = zoom >= 16.0 ? DOT_RADIUS : DOT_RADIUS - 1.5;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  /* Two passes: highlighted cameras last, so nothing covers them. */
  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < n; i++)
      {
        g_autoptr(RtccCamera) camera = g_list_model_get_item (self->cameras, i);
        gboolean highlighted = g_hash_table_contains (self->highlighted, rtcc_camera_get_id (camera));
        graphene_point_t apex, arc[RTCC_CAMERA_LAYER_ARC_POINTS];
        double reach;

        if (highlighted != (pass == 1))
          continue;
        if (!rtcc_camera_layer_get_wedge (self, camera, &apex, arc))
          continue;
        reach = graphene_point_distance (&apex, &arc[RTCC_CAMERA_LAYER_ARC_POINTS / 2], NULL, NULL);
        if (!on_screen (&apex, reach + radius, width, height))
          continue;
        self->n_drawn++;

        if (reach >= MIN_WEDGE_PX && rtcc_camera_get_has_coverage (camera) &&
            (highlighted || zoom >= WEDGE_MIN_ZOOM))
          {
            cairo_move_to (cr, apex.x, apex.y);
            for (guint k = 0; k < RTCC_CAMERA_LAYER_ARC_POINTS; k++)
              cairo_line_to (cr, arc[k].x, arc[k].y);
            cairo_close_path (cr);
            if (highlighted)
              cairo_set_source_rgba (cr, 1.0, 0.55, 0.0, 0.35);
            else
              cairo_set_source_rgba (cr, 0.21, 0.52, 0.89, 0.16);
            cairo_fill_preserve (cr);
            if (highlighted)
              cairo_set_source_rgba (cr, 0.9, 0.4, 0.0, 0.9);
            else
              cairo_set_source_rgba (cr, 0.21, 0.52, 0.89, 0.45);
            cairo_set_line_width (cr, highlighted ? 2.0 : 1.0);
            cairo_stroke (cr);
          }

        cairo_arc (cr, apex.x, apex.y, highlighted ? DOT_RADIUS + 1.5 : radius, 0, 2 * G_PI);
        if (!rtcc_camera_get_enabled (camera) ||
            rtcc_camera_get_state (camera) == RTCC_CAMERA_STATE_NOT_RESPONDING)
          cairo_set_source_rgb (cr, 0.55, 0.55, 0.55);
        else if (highlighted)
          cairo_set_source_rgb (cr, 0.9, 0.4, 0.0);
        else
          cairo_set_source_rgb (cr, 0.11, 0.38, 0.75);
        cairo_fill_preserve (cr);
        cairo_set_source_rgb (cr, 1, 1, 1);
        cairo_set_line_width (cr, highlighted ? 1.5 : 1.0);
        cairo_stroke (cr);
      }
  cairo_destroy (cr);
}

/**
 * rtcc_camera_layer_pick:
 * @x: widget coordinates
 * @y: widget coordinates
 *
 * Returns: (transfer none) (nullable): the camera whose dot is nearest
 *   to (@x, @y) within a few pixels
 */
RtccCamera *
rtcc_camera_layer_pick (RtccCameraLayer *self,
                        double           x,
                        double           y)
{
  RtccCamera *best = NULL;
  double best_distance = PICK_RADIUS;
  guint n;

  g_return_val_if_fail (RTCC_IS_CAMERA_LAYER (self), NULL);

  n = self->cameras != NULL ? g_list_model_get_n_items (self->cameras) : 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RtccCamera) camera = g_list_model_get_item (self->cameras, i);
      graphene_point_t p;
      double lat, lon, distance;

      if (!rtcc_camera_get_location (camera, &lat, &lon) || !project (self, lat, lon, &p))
        continue;
      distance = hypot (p.x - x, p.y - y);
      if (distance <= best_distance)
        {
          best_distance = distance;
          best = camera;   /* the model holds it */
        }
    }
  return best;
}

/* Only the dots belong to this layer; elsewhere the pointer reaches the
 * layers below. */
static gboolean
rtcc_camera_layer_contains (GtkWidget *widget,
                            double     x,
                            double     y)
{
  return rtcc_camera_layer_pick (RTCC_CAMERA_LAYER (widget), x, y) != NULL;
}

static void
on_click_released (GtkGestureClick *gesture,
                   int              n_press,
                   double           x,
                   double           y,
                   RtccCameraLayer *self)
{
  RtccCamera *camera = rtcc_camera_layer_pick (self, x, y);

  if (camera == NULL)
    return;
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  g_signal_emit (self, signals[CAMERA_ACTIVATED], 0, rtcc_camera_get_id (camera));
}

static void
on_viewport_notify (RtccCameraLayer *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
rtcc_camera_layer_constructed (GObject *object)
{
  RtccCameraLayer *self = RTCC_CAMERA_LAYER (object);
  ShumateViewport *viewport;

  G_OBJECT_CLASS (rtcc_camera_layer_parent_class)->constructed (object);

  viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  if (viewport != NULL)
    g_signal_connect_object (viewport, "notify", G_CALLBACK (on_viewport_notify),
                             self, G_CONNECT_SWAPPED);
}

static void
rtcc_camera_layer_dispose (GObject *object)
{
  RtccCameraLayer *self = RTCC_CAMERA_LAYER (object);

  if (self->cameras != NULL)
    g_signal_handlers_disconnect_by_data (self->cameras, self);
  g_clear_object (&self->cameras);

  G_OBJECT_CLASS (rtcc_camera_layer_parent_class)->dispose (object);
}

static void
rtcc_camera_layer_finalize (GObject *object)
{
  RtccCameraLayer *self = RTCC_CAMERA_LAYER (object);

  g_clear_pointer (&self->highlighted, g_hash_table_unref);

  G_OBJECT_CLASS (rtcc_camera_layer_parent_class)->finalize (object);
}

static void
rtcc_camera_layer_class_init (RtccCameraLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = rtcc_camera_layer_constructed;
  object_class->dispose = rtcc_camera_layer_dispose;
  object_class->finalize = rtcc_camera_layer_finalize;
  widget_class->snapshot = rtcc_camera_layer_snapshot;
  widget_class->contains = rtcc_camera_layer_contains;

  /**
   * RtccCameraLayer::camera-activated:
   * @camera_id: the camera clicked
   *
   * A camera's dot was clicked: the window opens it in the video wall.
   */
  signals[CAMERA_ACTIVATED] =
    g_signal_new ("camera-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_css_name (widget_class, "rtcc-camera-layer");
}

static void
rtcc_camera_layer_init (RtccCameraLayer *self)
{
  GtkGesture *click = gtk_gesture_click_new ();

  self->highlighted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect (click, "released", G_CALLBACK (on_click_released), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
}

/**
 * rtcc_camera_layer_new:
 * @viewport: the map's viewport
 *
 * Returns: (transfer floating): a layer without cameras
 */
RtccCameraLayer *
rtcc_camera_layer_new (ShumateViewport *viewport)
{
  return g_object_new (RTCC_TYPE_CAMERA_LAYER, "viewport", viewport, NULL);
}

/**
 * rtcc_camera_layer_set_model:
 * @cameras: (nullable): a #GListModel of #RtccCamera
 */
void
rtcc_camera_layer_set_model (RtccCameraLayer *self,
                             GListModel      *cameras)
{
  g_return_if_fail (RTCC_IS_CAMERA_LAYER (self));
  g_return_if_fail (cameras == NULL || G_IS_LIST_MODEL (cameras));

  if (self->cameras != NULL)
    g_signal_handlers_disconnect_by_data (self->cameras, self);
  if (!g_set_object (&self->cameras, cameras))
    return;
  if (cameras != NULL)
    g_signal_connect_swapped (cameras, "items-changed", G_CALLBACK (gtk_widget_queue_draw), self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * rtcc_camera_layer_get_model:
 *
 * Returns: (transfer none) (nullable): the cameras drawn
 */
GListModel *
rtcc_camera_layer_get_model (RtccCameraLayer *self)
{
  g_return_val_if_fail (RTCC_IS_CAMERA_LAYER (self), NULL);
  return self->cameras;
}

/**
 * rtcc_camera_layer_set_highlighted:
 * @camera_ids: (nullable): cameras to draw in the highlight colour, e.g.
 *   those that can see the selected event; %NULL for none
 */
void
rtcc_camera_layer_set_highlighted (RtccCameraLayer    *self,
                                   const char * const *camera_ids)
{
  g_return_if_fail (RTCC_IS_CAMERA_LAYER (self));

  g_hash_table_remove_all (self->highlighted);
  for (guint i = 0; camera_ids != NULL && camera_ids[i] != NULL; i++)
    g_hash_table_add (self->highlighted, g_strdup (camera_ids[i]));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * rtcc_camera_layer_is_highlighted:
 *
 * Returns: whether the camera is drawn highlighted
 */
gboolean
rtcc_camera_layer_is_highlighted (RtccCameraLayer *self,
                                  const char      *camera_id)
{
  g_return_val_if_fail (RTCC_IS_CAMERA_LAYER (self), FALSE);
  return camera_id != NULL && g_hash_table_contains (self->highlighted, camera_id);
}

/**
 * rtcc_camera_layer_get_n_drawn:
 *
 * Returns: cameras drawn in the last frame
 */
guint
rtcc_camera_layer_get_n_drawn (RtccCameraLayer *self)
{
  g_return_val_if_fail (RTCC_IS_CAMERA_LAYER (self), 0);
  return self->n_drawn;
}
