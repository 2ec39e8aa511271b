/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccTrackLayer"

#include "config.h"

#include <math.h>

#include "rtcc-track-layer.h"

#define DOT_RADIUS     4.0
#define END_RADIUS     8.5
/* Segments shorter than this get no arrowhead: it would hide the line. */
#define MIN_ARROW_PX   28.0
#define ARROW_PX       7.0
/* Beyond this many points numbers crowd the line; ends stay marked. */
#define MAX_NUMBERED   40

/**
 * RtccTrackLayer:
 *
 * Draws one plate's reads as a track: a line through the readers in the
 * order of the reads, arrowheads pointing the way the vehicle went, a
 * numbered dot per read, the first read a green square and the last a red
 * one. Only segments
 * and dots that cross the view are drawn. The layer takes no clicks, so
 * the events and cameras below stay usable.
 */
struct _RtccTrackLayer
{
  ShumateLayer  parent_instance;

  GPtrArray    *reads;    /* RtccEvent with a location, oldest first */
  GArray       *coords;   /* lat, lon pairs, as reads */
  guint         n_drawn;
};

G_DEFINE_FINAL_TYPE (RtccTrackLayer, rtcc_track_layer, SHUMATE_TYPE_LAYER)

enum {
  PROP_0,
  PROP_N_POINTS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
project (RtccTrackLayer   *self,
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
segment_visible (const graphene_point_t *a,
                 const graphene_point_t *b,
                 double                  margin,
                 int                     width,
                 int                     height)
{
  return MAX (a->x, b->x) >= -margin && MIN (a->x, b->x) <= width + margin &&
         MAX (a->y, b->y) >= -margin && MIN (a->y, b->y) <= height + margin;
}

static void
draw_arrow (cairo_t                *cr,
            const graphene_point_t *a,
            const graphene_point_t *b)
{
  double dx = b->x - a->x, dy = b->y - a->y;
  double length = hypot (dx, dy);
  double ux, uy, mx, my;

  if (length < MIN_ARROW_PX)
    return;
  ux = dx / length;
  uy = dy / length;
  mx = a->x + dx / 2 + ux * ARROW_PX / 2;
  my = a->y + dy / 2 + uy * ARROW_PX / 2;
  cairo_move_to (cr, mx, my);
  cairo_line_to (cr, mx - ux * ARROW_PX * 1.6 - uy * ARROW_PX, my - uy * ARROW_PX * 1.6 + ux * ARROW_PX);
  cairo_line_to (cr, mx - ux * ARROW_PX * 1.6 + uy * ARROW_PX, my - uy * ARROW_PX * 1.6 - ux * ARROW_PX);
  cairo_close_path (cr);
  cairo_set_source_rgb (cr, 0.38, 0.21, 0.51);
  cairo_fill_preserve (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_set_line_width (cr, 1.0);
  cairo_stroke (cr);
}

static void
draw_label (GtkWidget              *widget,
            cairo_t                *cr,
            const graphene_point_t *at,
            const char             *text,
            gboolean                centred)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, text);
  PangoFontDescription *font = pango_font_description_from_string ("Sans Bold 8");
  int w, h;

  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  pango_layout_get_pixel_size (layout, &w, &h);
  if (centred)
    cairo_move_to (cr, at->x - w / 2.0, at->y - h / 2.0);
  else
    {
      /* Beside the dot, with a halo so streets under it do not hide it. */
      cairo_move_to (cr, at->x + DOT_RADIUS + 2, at->y - h - 1);
      pango_cairo_layout_path (cr, layout);
      cairo_set_source_rgba (cr, 1, 1, 1, 0.9);
      cairo_set_line_width (cr, 3.0);
      cairo_stroke (cr);
      cairo_move_to (cr, at->x + DOT_RADIUS + 2, at->y - h - 1);
      cairo_set_source_rgb (cr, 0.25, 0.12, 0.35);
    }
  pango_cairo_show_layout (cr, layout);
}

static void
rtcc_track_layer_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  RtccTrackLayer *self = RTCC_TRACK_LAYER (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  guint n = self->reads->len;
  g_autofree graphene_point_t *points = NULL;
  g_autofree gboolean *located = NULL;
  cairo_t *cr;

  self->n_drawn = 0;
  if (n == 0 || width <= 0 || height <= 0)
    return;

  points = g_new (graphene_point_t, n);
  located = g_new (gboolean, n);
  for (guint i = 0; i < n; i++)
    located[i] = project (self, g_array_index (self->coords, double, 2 * i),
                          g_array_index (self->coords, double, 2 * i + 1), &points[i]);

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);

  /* A white casing under the line keeps it readable on any tile. */
  for (int pass = 0; pass < 2; pass++)
    {
      for (guint i = 1; i < n; i++)
        if (located[i - 1] && located[i] && segment_visible (&points[i - 1], &points[i], 4, width, height))
          {
            cairo_move_to (cr, points[i - 1].x, points[i - 1].y);
            cairo_line_to (cr, points[i].x, points[i].y);
          }
      if (pass == 0)
        {
          cairo_set_source_rgba (cr, 1, 1, 1, 0.85);
          cairo_set_line_width (cr, 6.0);
        }
      else
        {
          cairo_set_source_rgb (cr, 0.57, 0.25, 0.75);
          cairo_set_line_width (cr, 3.0);
        }
      cairo_stroke (cr);
    }

  for (guint i = 1; i < n; i++)
    if (located[i - 1] && located[i] && segment_visible (&points[i - 1], &points[i], ARROW_PX * 2, width, height))
      draw_arrow (cr, &points[i - 1], &points[i]);

  for (guint i = 0; i < n; i++)
    {
      gboolean end = i == 0 || i == n - 1;
      double radius = end ? END_RADIUS : DOT_RADIUS;

      if (!located[i] || !segment_visible (&points[i], &points[i], radius + 20, width, height))
        continue;
      self->n_drawn++;
      cairo_new_sub_path (cr);
      if (end)
        {
          /* Squares, so the ends never pass for event clusters (round). */
          double x = points[i].x - radius, y = points[i].y - radius, r = 3.0, d = 2 * radius;

          cairo_arc (cr, x + d - r, y + r, r, -G_PI / 2, 0);
          cairo_arc (cr, x + d - r, y + d - r, r, 0, G_PI / 2);
          cairo_arc (cr, x + r, y + d - r, r, G_PI / 2, G_PI);
          cairo_arc (cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
          cairo_close_path (cr);
        }
      else
        cairo_arc (cr, points[i].x, points[i].y, radius, 0, 2 * G_PI);
      if (i == n - 1 && n > 1)
        cairo_set_source_rgb (cr, 0.75, 0.11, 0.16);
      else if (i == 0)
        cairo_set_source_rgb (cr, 0.15, 0.64, 0.25);
      else
        cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_fill_preserve (cr);
      cairo_set_source_rgb (cr, 0.57, 0.25, 0.75);
      cairo_set_line_width (cr, end ? 2.5 : 2.0);
      cairo_stroke (cr);

      if (end || n <= MAX_NUMBERED)
        {
          g_autofree char *number = g_strdup_printf ("%u", i + 1);

          if (end)
            {
              cairo_set_source_rgb (cr, 1, 1, 1);
              draw_label (widget, cr, &points[i], number, TRUE);
            }
          else
            draw_label (widget, cr, &points[i], number, FALSE);
        }
    }
  cairo_destroy (cr);
}

/* Clicks go through to the layers below. */
static gboolean
rtcc_track_layer_contains (GtkWidget *widget,
                           double     x,
                           double     y)
{
  return FALSE;
}

static void
on_viewport_notify (RtccTrackLayer *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
rtcc_track_layer_constructed (GObject *object)
{
  RtccTrackLayer *self = RTCC_TRACK_LAYER (object);
  ShumateViewport *viewport;

  G_OBJECT_CLASS (rtcc_track_layer_parent_class)->constructed (object);

  viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  if (viewport != NULL)
    g_signal_connect_object (viewport, "notify", G_CALLBACK (on_viewport_notify), self, G_CONNECT_SWAPPED);
}

static void
rtcc_track_layer_finalize (GObject *object)
{
  RtccTrackLayer *self = RTCC_TRACK_LAYER (object);

  g_clear_pointer (&self->reads, g_ptr_array_unref);
  g_clear_pointer (&self->coords, g_array_unref);

  G_OBJECT_CLASS (rtcc_track_layer_parent_class)->finalize (object);
}

static void
rtcc_track_layer_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  RtccTrackLayer *self = RTCC_TRACK_LAYER (object);

  switch (prop_id)
    {
    case PROP_N_POINTS:
      g_value_set_uint (value, self->reads->len);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rtcc_track_layer_class_init (RtccTrackLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = rtcc_track_layer_constructed;
  object_class->finalize = rtcc_track_layer_finalize;
  object_class->get_property = rtcc_track_layer_get_property;
  widget_class->snapshot = rtcc_track_layer_snapshot;
  widget_class->contains = rtcc_track_layer_contains;

  /**
   * RtccTrackLayer:n-points:
   *
   * How many located reads the track goes through; 0 when cleared.
   */
  properties[PROP_N_POINTS] =
    g_param_spec_uint ("n-points", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "rtcc-track-layer");
}

static void
rtcc_track_layer_init (RtccTrackLayer *self)
{
  self->reads = g_ptr_array_new_with_free_func (g_object_unref);
  self->coords = g_array_new (FALSE, FALSE, sizeof (double));
}

/**
 * rtcc_track_layer_new:
 * @viewport: the map's viewport
 *
 * Returns: (transfer floating): a layer without a track
 */
RtccTrackLayer *
rtcc_track_layer_new (ShumateViewport *viewport)
{
  return g_object_new (RTCC_TYPE_TRACK_LAYER, "viewport", viewport, NULL);
}

/* Oldest first; reads of the same instant keep a fixed order by id, so
 * the track does not change shape between two draws of the same data. */
static int
compare_reads (gconstpointer a,
               gconstpointer b)
{
  RtccEvent *ea = *(RtccEvent **) a;
  RtccEvent *eb = *(RtccEvent **) b;
  int order = g_date_time_compare (rtcc_event_get_occurred_at (ea), rtcc_event_get_occurred_at (eb));

  return order != 0 ? order : g_strcmp0 (rtcc_event_get_id (ea), rtcc_event_get_id (eb));
}

/**
 * rtcc_track_layer_set_reads:
 * @reads: (nullable): a #GListModel of #RtccEvent in any order
 *
 * Draws the reads that have a location as a track, ordered by the time
 * they were read. The layer keeps its own sorted copy: later changes to
 * @reads do not move the track.
 *
 * Returns: how many reads the track goes through
 */
guint
rtcc_track_layer_set_reads (RtccTrackLayer *self,
                            GListModel     *reads)
{
  guint n;

  g_return_val_if_fail (RTCC_IS_TRACK_LAYER (self), 0);
  g_return_val_if_fail (reads == NULL || G_IS_LIST_MODEL (reads), 0);

  g_ptr_array_set_size (self->reads, 0);
  g_array_set_size (self->coords, 0);
  n = reads != NULL ? g_list_model_get_n_items (reads) : 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (reads, i);
      double lat, lon;

      if (RTCC_IS_EVENT (item) && rtcc_event_get_location (RTCC_EVENT (item), &lat, &lon) &&
          isfinite (lat) && isfinite (lon))
        g_ptr_array_add (self->reads, g_steal_pointer (&item));
    }
  g_ptr_array_sort (self->reads, compare_reads);
  for (guint i = 0; i < self->reads->len; i++)
    {
      double latlon[2];

      rtcc_event_get_location (g_ptr_array_index (self->reads, i), &latlon[0], &latlon[1]);
      g_array_append_vals (self->coords, latlon, 2);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_POINTS]);
  return self->reads->len;
}

/**
 * rtcc_track_layer_clear:
 *
 * Removes the track.
 */
void
rtcc_track_layer_clear (RtccTrackLayer *self)
{
  g_return_if_fail (RTCC_IS_TRACK_LAYER (self));

  rtcc_track_layer_set_reads (self, NULL);
}

/**
 * rtcc_track_layer_get_n_points:
 *
 * Returns: how many reads the track goes through
 */
guint
rtcc_track_layer_get_n_points (RtccTrackLayer *self)
{
  g_return_val_if_fail (RTCC_IS_TRACK_LAYER (self), 0);
  return self->reads->len;
}

/**
 * rtcc_track_layer_get_read:
 * @index: 0 for the oldest read
 *
 * Returns: (transfer none) (nullable): the read at @index in time order
 */
RtccEvent *
rtcc_track_layer_get_read (RtccTrackLayer *self,
                           guint           index)
{
  g_return_val_if_fail (RTCC_IS_TRACK_LAYER (self), NULL);
  return index < self->reads->len ? g_ptr_array_index (self->reads, index) : NULL;
}

/**
 * rtcc_track_layer_get_point:
 * @index: 0 for the oldest read
 * @point: (out caller-allocates): where it is drawn, in widget pixels
 *
 * Returns: %FALSE when there is no such point or the map has no
 *   projection yet
 */
gboolean
rtcc_track_layer_get_point (RtccTrackLayer   *self,
                            guint             index,
                            graphene_point_t *point)
{
  g_return_val_if_fail (RTCC_IS_TRACK_LAYER (self), FALSE);
  g_return_val_if_fail (point != NULL, FALSE);

  if (index >= self->reads->len)
    return FALSE;
  return project (self, g_array_index (self->coords, double, 2 * index),
                  g_array_index (self->coords, double, 2 * index + 1), point);
}

/**
 * rtcc_track_layer_get_bounds:
 * @south: (out) (optional):
 * @west: (out) (optional):
 * @north: (out) (optional):
 * @east: (out) (optional):
 *
 * Returns: %FALSE when there is no track; else the box around it
 */
gboolean
rtcc_track_layer_get_bounds (RtccTrackLayer *self,
                             double         *south,
                             double         *west,
                             double         *north,
                             double         *east)
{
  double s = 90, w = 180, n = -90, e = -180;

  g_return_val_if_fail (RTCC_IS_TRACK_LAYER (self), FALSE);

  if (self->reads->len == 0)
    return FALSE;
  for (guint i = 0; i < self->reads->len; i++)
    {
      double lat = g_array_index (self->coords, double, 2 * i);
      double lon = g_array_index (self->coords, double, 2 * i + 1);

      s = MIN (s, lat);
      n = MAX (n, lat);
      w = MIN (w, lon);
      e = MAX (e, lon);
    }
  if (south != NULL)
    *south = s;
  if (west != NULL)
    *west = w;
  if (north != NULL)
    *north = n;
  if (east != NULL)
    *east = e;
  return TRUE;
}

/**
 * rtcc_track_layer_get_n_drawn:
 *
 * Returns: points drawn in the last frame; those off the view are not
 */
guint
rtcc_track_layer_get_n_drawn (RtccTrackLayer *self)
{
  g_return_val_if_fail (RTCC_IS_TRACK_LAYER (self), 0);
  return self->n_drawn;
}
