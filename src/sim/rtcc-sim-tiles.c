/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccSim"

#include "config.h"

#include <math.h>

#include <cairo.h>

#include "rtcc-sim-private.h"

#define TILE 256
#define LAKE_X 900.0   /* address units east of State St where the lake starts */

typedef struct
{
  double z2;     /* 2^z * 256 */
  double ox;     /* tile origin in world pixels */
  double oy;
  double m_per_px;
} TileFrame;

static void
to_px (const TileFrame *f,
       double           lat,
       double           lon,
       double          *px,
       double          *py)
{
  double s = sin (lat * G_PI / 180.0);

  *px = (lon + 180.0) / 360.0 * f->z2 - f->ox;
  *py = (0.5 - log ((1 + s) / (1 - s)) / (4 * G_PI)) * f->z2 - f->oy;
}

static void
units_px (const TileFrame *f,
          double           x,
          double           y,
          double          *px,
          double          *py)
{
  to_px (f, sim_world_lat_for_units (y), sim_world_lon_for_units (x), px, py);
}

static void
rect_units (cairo_t         *cr,
            const TileFrame *f,
            double           x0,
            double           y0,
            double           x1,
            double           y1)
{
  double ax, ay, bx, by;

  units_px (f, x0, y0, &ax, &ay);
  units_px (f, x1, y1, &bx, &by);
  cairo_rectangle (cr, MIN (ax, bx), MIN (ay, by), fabs (bx - ax), fabs (by - ay));
}

static void
draw_label (cairo_t    *cr,
            const char *text,
            double      px,
            double      py,
            gboolean    vertical)
{
  cairo_text_extents_t ext;

  cairo_save (cr);
  cairo_translate (cr, px, py);
  if (vertical)
    cairo_rotate (cr, -G_PI / 2);
  cairo_text_extents (cr, text, &ext);
  cairo_move_to (cr, -ext.width / 2 - ext.x_bearing, -ext.height / 2 - ext.y_bearing);
  cairo_text_path (cr, text);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_set_line_width (cr, 3);
  cairo_stroke_preserve (cr);
  cairo_set_source_rgb (cr, 0.25, 0.25, 0.28);
  cairo_fill (cr);
  cairo_restore (cr);
}

static cairo_status_t
append_png (void                *closure,
            const unsigned char *data,
            unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/**
 * sim_tiles_render:
 * @z: zoom
 * @x: tile column
 * @y: tile row
 * @error: return location for a #GError
 *
 * Renders a 256x256 Web Mercator tile of the simulated city.
 *
 * Returns: (transfer full): PNG data, or %NULL with @error set
 */
GBytes *
sim_tiles_render (int      z,
                  int      x,
                  int      y,
                  GError **error)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, TILE, TILE);
  cairo_t *cr = cairo_create (surface);
  GByteArray *png = g_byte_array_new ();
  TileFrame f;
  double xmin = SIM_NS_MIN * SIM_GRID_STEP - 100, xmax = SIM_NS_MAX * SIM_GRID_STEP + 100;
  double ymin = SIM_EW_MIN * SIM_GRID_STEP - 100, ymax = SIM_EW_MAX * SIM_GRID_STEP + 100;
  double street_w, river_w;
  cairo_status_t status;

  f.z2 = ldexp (TILE, z);
  f.ox = (double) x * TILE;
  f.oy = (double) y * TILE;
  f.m_per_px = 156543.03392 * cos (SIM_CENTER_LAT * G_PI / 180.0) / ldexp (1, z);
  street_w = MAX (0.6, 14.0 / f.m_per_px);
  river_w = MAX (1.0, 60.0 / f.m_per_px);

  /* Land, then the lake to the east. */
  cairo_set_source_rgb (cr, 0.949, 0.937, 0.914);
  cairo_paint (cr);
  {
    double lx, ly;
    units_px (&f, LAKE_X, 0, &lx, &ly);
    if (lx < TILE)
      {
        cairo_rectangle (cr, MAX (0, lx), 0, TILE, TILE);
        cairo_set_source_rgb (cr, 0.667, 0.827, 0.875);
        cairo_fill (cr);
      }
  }

  /* City blocks. */
  cairo_set_source_rgb (cr, 0.878, 0.863, 0.835);
  for (int i = SIM_NS_MIN; i < SIM_NS_MAX; i++)
    for (int j = SIM_EW_MIN; j < SIM_EW_MAX; j++)
      rect_units (cr, &f, i * SIM_GRID_STEP + 12, j * SIM_GRID_STEP + 12,
                  (i + 1) * SIM_GRID_STEP - 12, (j + 1) * SIM_GRID_STEP - 12);
  cairo_fill (cr);

  /* The park. */
  rect_units (cr, &f, 420, -1180, 780, 180);
  cairo_set_source_rgb (cr, 0.765, 0.878, 0.678);
  cairo_fill (cr);

  /* The river: a north-south stretch and a branch to the lake. */
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  for (double yy = ymin; yy <= ymax; yy += 20)
    {
      double px, py;
      units_px (&f, sim_world_river_x (yy), yy, &px, &py);
      if (yy == ymin)
        cairo_move_to (cr, px, py);
      else
        cairo_line_to (cr, px, py);
    }
  {
    double by = sim_world_river_branch_y (), px, py;
    units_px (&f, sim_world_river_x (by), by, &px, &py);
    cairo_move_to (cr, px, py);
    units_px (&f, LAKE_X, by, &px, &py);
    cairo_line_to (cr, px, py);
  }
  cairo_set_source_rgb (cr, 0.612, 0.769, 0.855);
  cairo_set_line_width (cr, river_w);
  cairo_stroke (cr);

  /* Streets: casing, then fill. */
  for (int pass = 0; pass < 2; pass++)
    {
      for (int i = SIM_NS_MIN; i <= SIM_NS_MAX; i++)
        {
          double ax, ay, bx, by;
          units_px (&f, i * SIM_GRID_STEP, ymin, &ax, &ay);
          units_px (&f, i * SIM_GRID_STEP, ymax, &bx, &by);
          cairo_move_to (cr, ax, ay);
          cairo_line_to (cr, bx, by);
        }
      for (int j = SIM_EW_MIN; j <= SIM_EW_MAX; j++)
        {
          double ax, ay, bx, by;
          units_px (&f, xmin, j * SIM_GRID_STEP, &ax, &ay);
          units_px (&f, MIN (xmax, LAKE_X), j * SIM_GRID_STEP, &bx, &by);
          cairo_move_to (cr, ax, ay);
          cairo_line_to (cr, bx, by);
        }
      if (pass == 0)
        {
          cairo_set_source_rgb (cr, 0.75, 0.73, 0.70);
          cairo_set_line_width (cr, street_w + 1.5);
        }
      else
        {
          cairo_set_source_rgb (cr, 1, 1, 1);
          cairo_set_line_width (cr, street_w);
        }
      cairo_stroke (cr);
    }

  /* Names once they fit: one label per street and block. */
  if (z >= 15)
    {
      cairo_select_font_face (cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
      cairo_set_font_size (cr, z >= 17 ? 12 : 10);
      for (int i = SIM_NS_MIN; i <= SIM_NS_MAX; i++)
        for (int j = SIM_EW_MIN; j < SIM_EW_MAX; j++)
          {
            double px, py;
            units_px (&f, i * SIM_GRID_STEP, j * SIM_GRID_STEP + SIM_GRID_STEP / 2.0, &px, &py);
            if (px > -20 && px < TILE + 20 && py > -150 && py < TILE + 150)
              draw_label (cr, sim_world_ns_street (i), px, py, TRUE);
          }
      for (int j = SIM_EW_MIN; j <= SIM_EW_MAX; j++)
        for (int i = SIM_NS_MIN; i < SIM_NS_MAX; i++)
          {
            double px, py;
            units_px (&f, i * SIM_GRID_STEP + SIM_GRID_STEP / 2.0, j * SIM_GRID_STEP, &px, &py);
            if (py > -20 && py < TILE + 20 && px > -150 && px < TILE + 150)
              draw_label (cr, sim_world_ew_street (j), px, py, FALSE);
          }
    }

  cairo_destroy (cr);
  status = cairo_surface_write_to_png_stream (surface, append_png, png);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, RTCC_SIM_ERROR, RTCC_SIM_ERROR_STATE, "Could not encode the tile: %s",
                   cairo_status_to_string (status));
      g_byte_array_unref (png);
      return NULL;
    }
  return g_byte_array_free_to_bytes (png);
}
