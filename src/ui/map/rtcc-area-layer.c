/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccAreaLayer"

#include "config.h"

#include <math.h>

#include "rtcc-area-layer.h"

/* A drag shorter than this is a slip of the hand, not a box. */
#define MIN_BOX_PX 6.0
#define CIRCLE_STEPS 72

/**
 * RtccAreaLayer:
 *
 * Shows the area a search is limited to (a box, or a circle around a
 * point) and lets the operator choose one on the map: in draw mode a drag
 * draws a box, in pick mode a click picks a centre, Escape cancels. Out
 * of those modes the layer takes no input, so the map pans as usual.
 */
struct _RtccAreaLayer
{
  ShumateLayer       parent_instance;

  RtccGeoArea        area;
  RtccAreaLayerMode  mode;
  gboolean           dragging;
  double             start_x, start_y, end_x, end_y;
  GtkEventController *shortcuts;
};

G_DEFINE_FINAL_TYPE (RtccAreaLayer, rtcc_area_layer, SHUMATE_TYPE_LAYER)

enum {
  AREA_DRAWN,
  POINT_PICKED,
  CANCELLED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
project (RtccAreaLayer    *self,
         double            lat,
         double            lon,
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

static gboolean
unproject (RtccAreaLayer *self,
           double         x,
           double         y,
           double        *lat,
           double        *lon)
{
  ShumateViewport *viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));

  if (viewport == NULL || shumate_viewport_get_reference_map_source (viewport) == NULL)
    return FALSE;
  shumate_viewport_widget_coords_to_location (viewport, GTK_WIDGET (self), x, y, lat, lon);
  return isfinite (*lat) && isfinite (*lon);
}

static void
style_area (cairo_t *cr)
{
  cairo_set_source_rgba (cr, 0.21, 0.52, 0.89, 0.12);
  cairo_fill_preserve (cr);
  cairo_set_source_rgba (cr, 0.11, 0.38, 0.75, 0.9);
  cairo_set_line_width (cr, 2.0);
  cairo_set_dash (cr, (double[]) { 6.0, 4.0 }, 2, 0);
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);
}

static void
rtcc_area_layer_snapshot (GtkWidget   *widget,
                          GtkSnapshot *snapshot)
{
  RtccAreaLayer *self = RTCC_AREA_LAYER (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  cairo_t *cr;

  if (width <= 0 || height <= 0 || (self->area.kind == RTCC_GEO_AREA_ANYWHERE && !self->dragging))
    return;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (self->dragging)
    {
      cairo_rectangle (cr, MIN (self->start_x, self->end_x), MIN (self->start_y, self->end_y),
                       fabs (self->end_x - self->start_x), fabs (self->end_y - self->start_y));
      style_area (cr);
    }
  else if (self->area.kind == RTCC_GEO_AREA_BOX)
    {
      graphene_point_t corners[4];

      /* Four corners, not two: the map may be rotated. */
      if (project (self, self->area.north, self->area.west, &corners[0]) &&
          project (self, self->area.north, self->area.east, &corners[1]) &&
          project (self, self->area.south, self->area.east, &corners[2]) &&
          project (self, self->area.south, self->area.west, &corners[3]))
        {
          cairo_move_to (cr, corners[0].x, corners[0].y);
          for (guint i = 1; i < 4; i++)
            cairo_line_to (cr, corners[i].x, corners[i].y);
          cairo_close_path (cr);
          style_area (cr);
        }
    }
  else if (self->area.kind == RTCC_GEO_AREA_CIRCLE)
    {
      graphene_point_t centre, p;
      gboolean ok = project (self, self->area.lat, self->area.lon, &centre);

      /* A polygon of ground points, so the circle is round on the ground
       * whatever the projection does to it. */
      for (guint i = 0; ok && i < CIRCLE_STEPS; i++)
        {
          double bearing = 2 * G_PI * i / CIRCLE_STEPS;
          double dlat = self->area.radius_m * cos (bearing) / 111320.0;
          double dlon = self->area.radius_m * sin (bearing) /
                        (111320.0 * MAX (cos (self->area.lat * G_PI / 180.0), 1e-6));

          if (!(ok = project (self, self->area.lat + dlat, self->area.lon + dlon, &p)))
            break;
          if (i == 0)
            cairo_move_to (cr, p.x, p.y);
          else
            cairo_line_to (cr, p.x, p.y);
        }
      if (ok)
        {
          cairo_close_path (cr);
          style_area (cr);
          cairo_arc (cr, centre.x, centre.y, 4.0, 0, 2 * G_PI);
          cairo_set_source_rgb (cr, 0.11, 0.38, 0.75);
          cairo_fill (cr);
        }
      else
        cairo_new_path (cr);
    }
  cairo_destroy (cr);
}

/* Only while choosing does the layer stand between the pointer and the
 * map; otherwise panning and the markers below work as always. */
static gboolean
rtcc_area_layer_contains (GtkWidget *widget,
                          double     x,
                          double     y)
{
  return RTCC_AREA_LAYER (widget)->mode != RTCC_AREA_LAYER_SHOW;
}

/**
 * rtcc_area_layer_drag_begin:
 * @x: widget coordinates where the drag starts
 * @y: widget coordinates where the drag starts
 *
 * What the layer's drag gesture calls; tests call it too.
 */
void
rtcc_area_layer_drag_begin (RtccAreaLayer *self,
                            double         x,
                            double         y)
{
  g_return_if_fail (RTCC_IS_AREA_LAYER (self));

  if (self->mode != RTCC_AREA_LAYER_DRAW_BOX)
    return;
  self->dragging = TRUE;
  self->start_x = self->end_x = x;
  self->start_y = self->end_y = y;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * rtcc_area_layer_drag_update:
 * @x: widget coordinates of the pointer now
 * @y: widget coordinates of the pointer now
 */
void
rtcc_area_layer_drag_update (RtccAreaLayer *self,
                             double         x,
                             double         y)
{
  g_return_if_fail (RTCC_IS_AREA_LAYER (self));

  if (!self->dragging)
    return;
  self->end_x = x;
  self->end_y = y;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * rtcc_area_layer_drag_end:
 * @x: widget coordinates where the drag ends
 * @y: widget coordinates where the drag ends
 *
 * Makes the dragged box the area, leaves draw mode and emits
 * #RtccAreaLayer::area-drawn.
 *
 * Returns: whether a box was drawn; a tiny drag draws none and the layer
 *   stays in draw mode for another try
 */
gboolean
rtcc_area_layer_drag_end (RtccAreaLayer *self,
                          double         x,
                          double         y)
{
  double lat1, lon1, lat2, lon2;
  RtccGeoArea area;

  g_return_val_if_fail (RTCC_IS_AREA_LAYER (self), FALSE);

  if (!self->dragging)
    return FALSE;
  self->dragging = FALSE;
  self->end_x = x;
  self->end_y = y;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  if (fabs (self->end_x - self->start_x) < MIN_BOX_PX || fabs (self->end_y - self->start_y) < MIN_BOX_PX)
    return FALSE;
  if (!unproject (self, self->start_x, self->start_y, &lat1, &lon1) ||
      !unproject (self, self->end_x, self->end_y, &lat2, &lon2) ||
      !rtcc_geo_area_set_box (&area, lat1, lon1, lat2, lon2))
    return FALSE;
  self->area = area;
  rtcc_area_layer_set_mode (self, RTCC_AREA_LAYER_SHOW);
  g_signal_emit (self, signals[AREA_DRAWN], 0);
  return TRUE;
}

/**
 * rtcc_area_layer_pick:
 * @x: widget coordinates clicked
 * @y: widget coordinates clicked
 *
 * In pick mode, leaves it and emits #RtccAreaLayer::point-picked with
 * the place clicked; the caller decides the radius.
 *
 * Returns: whether a point was picked
 */
gboolean
rtcc_area_layer_pick (RtccAreaLayer *self,
                      double         x,
                      double         y)
{
  double lat, lon;

  g_return_val_if_fail (RTCC_IS_AREA_LAYER (self), FALSE);

  if (self->mode != RTCC_AREA_LAYER_PICK_POINT || !unproject (self, x, y, &lat, &lon))
    return FALSE;
  rtcc_area_layer_set_mode (self, RTCC_AREA_LAYER_SHOW);
  g_signal_emit (self, signals[POINT_PICKED], 0, lat, lon);
  return TRUE;
}

/**
 * rtcc_area_layer_cancel:
 *
 * Leaves draw or pick mode without changing the area, as Escape does,
 * and emits #RtccAreaLayer::cancelled.
 */
void
rtcc_area_layer_cancel (RtccAreaLayer *self)
{
  g_return_if_fail (RTCC_IS_AREA_LAYER (self));

  if (self->mode == RTCC_AREA_LAYER_SHOW)
    return;
  self->dragging = FALSE;
  rtcc_area_layer_set_mode (self, RTCC_AREA_LAYER_SHOW);
  g_signal_emit (self, signals[CANCELLED], 0);
}

static void
on_drag_begin (GtkGestureDrag *gesture,
               double          x,
               double          y,
               RtccAreaLayer  *self)
{
  if (self->mode != RTCC_AREA_LAYER_DRAW_BOX)
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  /* Claimed, so the map under the layer does not pan while drawing. */
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  rtcc_area_layer_drag_begin (self, x, y);
}

static void
on_drag_update (GtkGestureDrag *gesture,
                double          dx,
                double          dy,
                RtccAreaLayer  *self)
{
  rtcc_area_layer_drag_update (self, self->start_x + dx, self->start_y + dy);
}

static void
on_drag_end (GtkGestureDrag *gesture,
             double          dx,
             double          dy,
             RtccAreaLayer  *self)
{
  rtcc_area_layer_drag_end (self, self->start_x + dx, self->start_y + dy);
}

static void
on_click_released (GtkGestureClick *gesture,
                   int              n_press,
                   double           x,
                   double           y,
                   RtccAreaLayer   *self)
{
  if (rtcc_area_layer_pick (self, x, y))
    gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

static gboolean
on_escape (GtkWidget *widget,
           GVariant  *args,
           gpointer   user_data)
{
  RtccAreaLayer *self = RTCC_AREA_LAYER (widget);

  if (self->mode == RTCC_AREA_LAYER_SHOW)
    return FALSE;
  rtcc_area_layer_cancel (self);
  return TRUE;
}

static void
on_viewport_notify (RtccAreaLayer *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
rtcc_area_layer_constructed (GObject *object)
{
  RtccAreaLayer *self = RTCC_AREA_LAYER (object);
  ShumateViewport *viewport;

  G_OBJECT_CLASS (rtcc_area_layer_parent_class)->constructed (object);

  viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  if (viewport != NULL)
    g_signal_connect_object (viewport, "notify", G_CALLBACK (on_viewport_notify), self, G_CONNECT_SWAPPED);
}

static void
rtcc_area_layer_class_init (RtccAreaLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = rtcc_area_layer_constructed;
  widget_class->snapshot = rtcc_area_layer_snapshot;
  widget_class->contains = rtcc_area_layer_contains;

  /**
   * RtccAreaLayer::area-drawn:
   *
   * A box was drawn; rtcc_area_layer_get_area() has it.
   */
  signals[AREA_DRAWN] =
    g_signal_new ("area-drawn", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  /**
   * RtccAreaLayer::point-picked:
   * @lat: the place clicked
   * @lon: the place clicked
   */
  signals[POINT_PICKED] =
    g_signal_new ("point-picked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_DOUBLE, G_TYPE_DOUBLE);

  /**
   * RtccAreaLayer::cancelled:
   *
   * Drawing or picking was given up; the area is unchanged.
   */
  signals[CANCELLED] =
    g_signal_new ("cancelled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_css_name (widget_class, "rtcc-area-layer");
}

static void
rtcc_area_layer_init (RtccAreaLayer *self)
{
  GtkGesture *drag = gtk_gesture_drag_new ();
  GtkGesture *click = gtk_gesture_click_new ();
  GtkShortcut *escape;

  rtcc_geo_area_set_anywhere (&self->area);

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), GDK_BUTTON_PRIMARY);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (on_drag_begin), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (on_drag_update), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (on_drag_end), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect (click, "released", G_CALLBACK (on_click_released), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  /* Escape must work wherever focus is in the window: the layer itself
   * is never focused. */
  self->shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (self->shortcuts), GTK_SHORTCUT_SCOPE_GLOBAL);
  /* Before the window's own Escape (clear the selection) while choosing;
   * otherwise on_escape() lets the key go on. */
  gtk_event_controller_set_propagation_phase (self->shortcuts, GTK_PHASE_CAPTURE);
  escape = gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                             gtk_callback_action_new (on_escape, NULL, NULL));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (self->shortcuts), escape);
  gtk_widget_add_controller (GTK_WIDGET (self), self->shortcuts);
}

/**
 * rtcc_area_layer_new:
 * @viewport: the map's viewport
 *
 * Returns: (transfer floating): a layer showing no area
 */
RtccAreaLayer *
rtcc_area_layer_new (ShumateViewport *viewport)
{
  return g_object_new (RTCC_TYPE_AREA_LAYER, "viewport", viewport, NULL);
}

/**
 * rtcc_area_layer_set_area:
 * @area: (nullable): the area to show; %NULL for none
 */
void
rtcc_area_layer_set_area (RtccAreaLayer     *self,
                          const RtccGeoArea *area)
{
  g_return_if_fail (RTCC_IS_AREA_LAYER (self));

  if (area != NULL)
    self->area = *area;
  else
    rtcc_geo_area_set_anywhere (&self->area);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * rtcc_area_layer_get_area:
 * @area: (out caller-allocates): the area shown
 */
void
rtcc_area_layer_get_area (RtccAreaLayer *self,
                          RtccGeoArea   *area)
{
  g_return_if_fail (RTCC_IS_AREA_LAYER (self));
  g_return_if_fail (area != NULL);

  *area = self->area;
}

/**
 * rtcc_area_layer_set_mode:
 * @mode: whether the layer only shows the area, or takes a drag or a click
 *   to choose one
 */
void
rtcc_area_layer_set_mode (RtccAreaLayer     *self,
                          RtccAreaLayerMode  mode)
{
  g_return_if_fail (RTCC_IS_AREA_LAYER (self));

  self->mode = mode;
  if (mode != RTCC_AREA_LAYER_DRAW_BOX)
    self->dragging = FALSE;
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), mode == RTCC_AREA_LAYER_SHOW ? NULL : "crosshair");
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * rtcc_area_layer_get_mode:
 *
 * Returns: what the layer does with input
 */
RtccAreaLayerMode
rtcc_area_layer_get_mode (RtccAreaLayer *self)
{
  g_return_val_if_fail (RTCC_IS_AREA_LAYER (self), RTCC_AREA_LAYER_SHOW);
  return self->mode;
}
