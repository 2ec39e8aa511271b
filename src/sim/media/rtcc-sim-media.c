/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccSimMedia"

#include "config.h"

#include <math.h>
#include <string.h>

#include <cairo.h>
#include <glib/gi18n.h>
#include <gdk-pixbuf/gdk-pixbuf.h>

#include "rtcc-sim-media-private.h"

G_DEFINE_QUARK (rtcc-sim-media-error-quark, rtcc_sim_media_error)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (cairo_surface_t, cairo_surface_destroy)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (cairo_t, cairo_destroy)

#define PLATE_IMAGE_WIDTH  640
#define PLATE_IMAGE_HEIGHT 360
#define PLATE_MAX_CHARS    10
#define LABEL_MAX_CHARS    64

/* ------------------------------------------------------------------ */
/* GStreamer set-up shared by the clip renderer and the RTSP server   */

/**
 * _rtcc_sim_media_ensure_gst:
 *
 * Initializes GStreamer once per process, whichever thread asks first;
 * later callers get the same answer.
 */
gboolean
_rtcc_sim_media_ensure_gst (GError **error)
{
  static gsize initialized = 0;
  static GError *init_error = NULL;

  if (g_once_init_enter (&initialized))
    {
      GError *local_error = NULL;

      if (!gst_init_check (NULL, NULL, &local_error))
        init_error = local_error;
      g_once_init_leave (&initialized, 1);
    }

  if (init_error != NULL)
    {
      g_set_error (error, RTCC_SIM_MEDIA_ERROR, RTCC_SIM_MEDIA_ERROR_INIT,
                   _("GStreamer could not be initialized: %s"), init_error->message);
      return FALSE;
    }
  return TRUE;
}

static const struct
{
  const char *element;
  const char *package;
} element_packages[] = {
  { "capsfilter", "libgstreamer1.0-0" },
  { "filesink", "libgstreamer1.0-0" },
  { "queue", "libgstreamer1.0-0" },
  { "videotestsrc", "gstreamer1.0-plugins-base" },
  { "videoconvert", "gstreamer1.0-plugins-base" },
  { "textoverlay", "gstreamer1.0-plugins-base" },
  { "x264enc", "gstreamer1.0-plugins-ugly" },
  { "mp4mux", "gstreamer1.0-plugins-good" },
  { "rtph264pay", "gstreamer1.0-plugins-good" },
  { "h264parse", "gstreamer1.0-plugins-bad" },
};

static void
set_missing_element_error (const char  *factory,
                           GError     **error)
{
  const char *package = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (element_packages); i++)
    if (strcmp (element_packages[i].element, factory) == 0)
      package = element_packages[i].package;

  if (package != NULL)
    g_set_error (error, RTCC_SIM_MEDIA_ERROR, RTCC_SIM_MEDIA_ERROR_MISSING_ELEMENT,
                 _("The GStreamer element “%s” is missing. Install the Debian package %s."),
                 factory, package);
  else
    g_set_error (error, RTCC_SIM_MEDIA_ERROR, RTCC_SIM_MEDIA_ERROR_MISSING_ELEMENT,
                 _("The GStreamer element “%s” is missing. Install the GStreamer plugin "
                   "package that provides it."), factory);
}

/**
 * _rtcc_sim_media_make_element:
 * @factory: an element factory name such as "x264enc"
 * @name: (nullable): the element's name in its bin
 *
 * Returns: (transfer floating) (nullable): the element, or %NULL with
 *   %RTCC_SIM_MEDIA_ERROR_MISSING_ELEMENT naming the package to install
 */
GstElement *
_rtcc_sim_media_make_element (const char  *factory,
                              const char  *name,
                              GError     **error)
{
  GstElement *element = gst_element_factory_make (factory, name);

  if (element == NULL)
    set_missing_element_error (factory, error);
  return element;
}

/**
 * _rtcc_sim_media_check_elements:
 * @factories: %NULL-terminated element factory names
 *
 * For pipelines GStreamer builds later, from a description: finds out
 * now, with a message that says what to install.
 *
 * Returns: %TRUE when every element is installed
 */
gboolean
_rtcc_sim_media_check_elements (const char * const  *factories,
                                GError             **error)
{
  for (guint i = 0; factories[i] != NULL; i++)
    {
      g_autoptr(GstElementFactory) found = gst_element_factory_find (factories[i]);

      if (found == NULL)
        {
          set_missing_element_error (factories[i], error);
          return FALSE;
        }
    }
  return TRUE;
}

/**
 * _rtcc_sim_media_format_clock:
 * @unix_us: microseconds since 1970 UTC
 *
 * Returns: the burned-in clock, `2026-11-23 04:12:09.123 UTC`, so that
 *   latency can be read off a frame to the millisecond
 */
char *
_rtcc_sim_media_format_clock (gint64 unix_us)
{
  g_autoptr(GDateTime) dt = NULL;
  g_autofree char *seconds = NULL;

  unix_us = MAX (unix_us, 0);
  dt = g_date_time_new_from_unix_utc (unix_us / G_USEC_PER_SEC);
  if (dt == NULL)
    return g_strdup ("----------  --:--:--.--- UTC");
  seconds = g_date_time_format (dt, "%F %T");
  return g_strdup_printf ("%s.%03d UTC", seconds, (int) ((unix_us % G_USEC_PER_SEC) / 1000));
}

/**
 * _rtcc_sim_media_clean_label:
 * @label: (nullable): text from the world model or a request
 * @max_chars: the most characters to keep
 *
 * Returns: valid UTF-8 without control characters and at most
 *   @max_chars characters long (an ellipsis marks the cut)
 */
char *
_rtcc_sim_media_clean_label (const char *label,
                             guint       max_chars)
{
  g_autofree char *valid = g_utf8_make_valid (label != NULL ? label : "", -1);
  GString *out = g_string_new (NULL);
  guint n = 0;

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (n == max_chars)
        {
          g_string_append (out, "…");
          break;
        }
      if (g_unichar_iscntrl (c))
        c = ' ';
      g_string_append_unichar (out, c);
      n++;
    }
  return g_string_free (out, FALSE);
}

/* ------------------------------------------------------------------ */
/* Pictures                                                           */

static gboolean
check_surface (cairo_surface_t  *surface,
               GError          **error)
{
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, RTCC_SIM_MEDIA_ERROR, RTCC_SIM_MEDIA_ERROR_ENCODE,
                   _("Could not create a picture to draw on: %s"),
                   cairo_status_to_string (cairo_surface_status (surface)));
      return FALSE;
    }
  return TRUE;
}

static GBytes *
encode_jpeg (cairo_surface_t  *surface,
             GError          **error)
{
  int width = cairo_image_surface_get_width (surface);
  int height = cairo_image_surface_get_height (surface);
  int stride = cairo_image_surface_get_stride (surface);
  const guint8 *data;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GError) local_error = NULL;
  guint8 *pixels;
  int rowstride;
  char *buffer = NULL;
  gsize length = 0;

  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);

  pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  if (pixbuf == NULL)
    {
      g_set_error (error, RTCC_SIM_MEDIA_ERROR, RTCC_SIM_MEDIA_ERROR_ENCODE,
                   _("Not enough memory for a %d×%d picture"), width, height);
      return NULL;
    }
  pixels = gdk_pixbuf_get_pixels (pixbuf);
  rowstride = gdk_pixbuf_get_rowstride (pixbuf);

  /* Every scene is painted opaque, so cairo's premultiplied pixels are
   * plain RGB and need no division by alpha. */
  for (int y = 0; y < height; y++)
    {
      const guint32 *src = (const guint32 *) (data + (gsize) y * stride);
      guint8 *dst = pixels + (gsize) y * rowstride;

      for (int x = 0; x < width; x++)
        {
          dst[3 * x + 0] = (src[x] >> 16) & 0xff;
          dst[3 * x + 1] = (src[x] >> 8) & 0xff;
          dst[3 * x + 2] = src[x] & 0xff;
        }
    }

  if (!gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &length, "jpeg", &local_error,
                                  "quality", "85", NULL))
    {
      g_set_error (error, RTCC_SIM_MEDIA_ERROR, RTCC_SIM_MEDIA_ERROR_ENCODE,
                   _("Could not encode the picture as JPEG: %s"), local_error->message);
      return NULL;
    }
  return g_bytes_new_take (buffer, length);
}

static void
set_rgb (cairo_t *cr,
         guint32  rgb,
         double   light)
{
  cairo_set_source_rgb (cr,
                        light * ((rgb >> 16) & 0xff) / 255.0,
                        light * ((rgb >> 8) & 0xff) / 255.0,
                        light * (rgb & 0xff) / 255.0);
}

static void
rounded_rectangle (cairo_t *cr,
                   double   x,
                   double   y,
                   double   w,
                   double   h,
                   double   r)
{
  r = MIN (r, MIN (w, h) / 2);
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - r, y + r, r, -G_PI / 2, 0);
  cairo_arc (cr, x + w - r, y + h - r, r, 0, G_PI / 2);
  cairo_arc (cr, x + r, y + h - r, r, G_PI / 2, G_PI);
  cairo_arc (cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

/* Text on a dark band, so it stays readable over any scene. */
static void
draw_label (cairo_t    *cr,
            const char *text,
            double      x,
            double      baseline,
            double      size,
            gboolean    align_right)
{
  cairo_text_extents_t ext;
  double pad = size * 0.3;

  cairo_select_font_face (cr, "Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
  cairo_set_font_size (cr, size);
  cairo_text_extents (cr, text, &ext);
  if (align_right)
    x -= ext.x_advance;

  cairo_set_source_rgba (cr, 0, 0, 0, 0.6);
  cairo_rectangle (cr, x - pad, baseline - size - pad * 0.5, ext.x_advance + 2 * pad, size * 1.3 + pad);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_move_to (cr, x, baseline);
  cairo_show_text (cr, text);
}

/* Daylight from the hour, so night-time snapshots look like night. */
static double
daylight_for (GDateTime *time)
{
  double hour = g_date_time_get_hour (time) + g_date_time_get_minute (time) / 60.0;

  if (hour < 6 || hour > 18)
    return 0.35;
  return 0.35 + 0.65 * sin (G_PI * (hour - 6) / 12);
}

static void
draw_street_scene (cairo_t   *cr,
                   guint      width,
                   guint      height,
                   guint32    seed,
                   GDateTime *time)
{
  static const guint32 car_colors[] = {
    0xc0c0c8, 0x202028, 0xf4f4f0, 0x8a1c1c, 0x1c3a8a, 0x2f5d3a, 0x9a9a9a, 0xd0a020,
  };
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  double s = height / 360.0;
  double light = daylight_for (time);
  double horizon = height * 0.45;
  double road_top = height * 0.62;
  double road_h = height * 0.28;
  /* Within the hour, with microseconds: shapes move smoothly between
   * any two requests, and double precision is never the limit. */
  double t = (g_date_time_to_unix (time) % 3600) + g_date_time_get_microsecond (time) / 1e6;
  guint n_cars;
  cairo_pattern_t *sky;

  sky = cairo_pattern_create_linear (0, 0, 0, horizon);
  cairo_pattern_add_color_stop_rgb (sky, 0, 0.25 * light, 0.45 * light, 0.85 * light);
  cairo_pattern_add_color_stop_rgb (sky, 1, 0.7 * light, 0.8 * light, 0.95 * light);
  cairo_set_source (cr, sky);
  cairo_paint (cr);
  cairo_pattern_destroy (sky);

  /* Buildings: fixed per camera, from the seed. */
  for (double x = 0; x < width; )
    {
      double w = (40 + g_rand_double_range (rand, 0, 80)) * s;
      double h = (60 + g_rand_double_range (rand, 0, 120)) * s;
      guint32 shade = 0x505058 + (g_rand_int_range (rand, 0, 6) * 0x0a0a0a);

      set_rgb (cr, shade, light);
      cairo_rectangle (cr, x, road_top - h, w - 3 * s, h);
      cairo_fill (cr);
      /* Windows, lit at night. */
      set_rgb (cr, light < 0.5 ? 0xf0d070 : 0x9ab0c8, light < 0.5 ? 1.0 : light);
      for (double wy = road_top - h + 8 * s; wy < road_top - 16 * s; wy += 18 * s)
        for (double wx = x + 6 * s; wx < x + w - 14 * s; wx += 14 * s)
          {
            cairo_rectangle (cr, wx, wy, 7 * s, 9 * s);
            cairo_fill (cr);
          }
      x += w;
    }

  /* Sidewalk and road. */
  set_rgb (cr, 0x8a8a84, light);
  cairo_rectangle (cr, 0, road_top - 10 * s, width, height - road_top + 10 * s);
  cairo_fill (cr);
  set_rgb (cr, 0x3a3a3e, light);
  cairo_rectangle (cr, 0, road_top, width, road_h);
  cairo_fill (cr);
  set_rgb (cr, 0xe8e8e0, light);
  cairo_set_line_width (cr, 3 * s);
  {
    double dashes[] = { 24 * s, 18 * s };
    cairo_set_dash (cr, dashes, 2, 0);
    cairo_move_to (cr, 0, road_top + road_h / 2);
    cairo_line_to (cr, width, road_top + road_h / 2);
    cairo_stroke (cr);
    cairo_set_dash (cr, NULL, 0, 0);
  }

  /* Cars: two lanes, opposite directions, each car its own speed. */
  n_cars = g_rand_int_range (rand, 3, 7);
  for (guint i = 0; i < n_cars; i++)
    {
      gboolean eastbound = i % 2 == 0;
      double car_w = (70 + g_rand_double_range (rand, 0, 30)) * s;
      double car_h = road_h * 0.3;
      double speed = (60 + g_rand_double_range (rand, 0, 90)) * s;
      double span = width + car_w * 2;
      double pos = fmod (g_rand_double_range (rand, 0, span) + speed * t, span) - car_w;
      double x = eastbound ? pos : width - pos - car_w;
      double y = road_top + (eastbound ? road_h * 0.6 : road_h * 0.1);

      set_rgb (cr, car_colors[g_rand_int_range (rand, 0, G_N_ELEMENTS (car_colors))], MAX (light, 0.5));
      rounded_rectangle (cr, x, y, car_w, car_h, 6 * s);
      cairo_fill (cr);
      cairo_set_source_rgb (cr, 0.1, 0.1, 0.12);
      cairo_arc (cr, x + car_w * 0.2, y + car_h, car_h * 0.22, 0, 2 * G_PI);
      cairo_arc (cr, x + car_w * 0.8, y + car_h, car_h * 0.22, 0, 2 * G_PI);
      cairo_fill (cr);
      if (light < 0.5)
        {
          cairo_set_source_rgb (cr, 1, 1, 0.8);
          cairo_arc (cr, eastbound ? x + car_w : x, y + car_h * 0.4, car_h * 0.15, 0, 2 * G_PI);
          cairo_fill (cr);
        }
    }

  /* A pedestrian walking the sidewalk, bobbing as people do. */
  {
    double speed = (20 + g_rand_double_range (rand, 0, 20)) * s;
    double x = fmod (g_rand_double_range (rand, 0, width) + speed * t, width);
    double y = road_top - 14 * s - fabs (sin (t * 6)) * 3 * s;

    cairo_set_source_rgb (cr, 0.85, 0.3, 0.2);
    cairo_arc (cr, x, y - 18 * s, 5 * s, 0, 2 * G_PI);
    cairo_fill (cr);
    rounded_rectangle (cr, x - 5 * s, y - 13 * s, 10 * s, 16 * s, 3 * s);
    cairo_fill (cr);
  }
}

/**
 * rtcc_sim_media_snapshot_jpeg:
 * @camera_name: the camera's name, burned into the picture
 * @time: when the picture is of; the moving shapes and the burned-in
 *   clock follow it, and the daylight follows its hour
 * @seed: the camera's seed: the same camera always shows the same street
 * @width: picture width, from %RTCC_SIM_MEDIA_MIN_SIDE to
 *   %RTCC_SIM_MEDIA_MAX_WIDTH
 * @height: picture height, from %RTCC_SIM_MEDIA_MIN_SIDE to
 *   %RTCC_SIM_MEDIA_MAX_HEIGHT
 *
 * Draws a camera's view of its street at @time. The same arguments give
 * the same bytes. Safe to call from any thread.
 *
 * Returns: (transfer full) (nullable): a JPEG file's bytes
 */
GBytes *
rtcc_sim_media_snapshot_jpeg (const char  *camera_name,
                              GDateTime   *time,
                              guint32      seed,
                              guint        width,
                              guint        height,
                              GError     **error)
{
  g_autoptr(cairo_surface_t) surface = NULL;
  g_autoptr(cairo_t) cr = NULL;
  g_autoptr(GDateTime) utc = NULL;
  g_autofree char *name = NULL;
  g_autofree char *clock = NULL;
  double s;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (camera_name == NULL || !g_utf8_validate (camera_name, -1, NULL))
    {
      g_set_error_literal (error, RTCC_SIM_MEDIA_ERROR, RTCC_SIM_MEDIA_ERROR_INVALID_ARGUMENT,
                           _("A snapshot needs a camera name in UTF-8"));
      return NULL;
    }
  if (time == NULL)
    {
      g_set_error_literal (error, RTCC_SIM_MEDIA_ERROR, RTCC_SIM_MEDIA_ERROR_INVALID_ARGUMENT,
                           _("A snapshot needs the time it is of"));
      return NULL;
    }
  if (width < RTCC_SIM_MEDIA_MIN_SIDE || height < RTCC_SIM_MEDIA_MIN_SIDE ||
      width > RTCC_SIM_MEDIA_MAX_WIDTH || height > RTCC_SIM_MEDIA_MAX_HEIGHT)
    {
      g_set_error (error, RTCC_SIM_MEDIA_ERROR, RTCC_SIM_MEDIA_ERROR_INVALID_ARGUMENT,
                   _("A snapshot of %u×%u pixels cannot be drawn; sizes go from %u×%u to %u×%u"),
                   width, height, RTCC_SIM_MEDIA_MIN_SIDE, RTCC_SIM_MEDIA_MIN_SIDE,
                   RTCC_SIM_MEDIA_MAX_WIDTH, RTCC_SIM_MEDIA_MAX_HEIGHT);
      return NULL;
    }

  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  if (!check_surface (surface, error))
    return NULL;
  cr = cairo_create (surface);

  utc = g_date_time_to_utc (time);
  draw_street_scene (cr, width, height, seed, utc);

  s = height / 360.0;
  name = _rtcc_sim_media_clean_label (camera_name, LABEL_MAX_CHARS);
  clock = _rtcc_sim_media_format_clock (g_date_time_to_unix (utc) * G_USEC_PER_SEC +
                                        g_date_time_get_microsecond (utc));
  draw_label (cr, name, 10 * s, 26 * s, 17 * s, FALSE);
  draw_label (cr, clock, width - 10 * s, height - 10 * s, 15 * s, TRUE);

  return encode_jpeg (surface, error);
}

static const struct
{
  const char *code;
  const char *name;
} state_names[] = {
  { "AL", "ALABAMA" }, { "AK", "ALASKA" }, { "AZ", "ARIZONA" }, { "AR", "ARKANSAS" },
  { "CA", "CALIFORNIA" }, { "CO", "COLORADO" }, { "CT", "CONNECTICUT" },
  { "DE", "DELAWARE" }, { "DC", "DISTRICT OF COLUMBIA" }, { "FL", "FLORIDA" },
  { "GA", "GEORGIA" }, { "HI", "HAWAII" }, { "ID", "IDAHO" }, { "IL", "ILLINOIS" },
  { "IN", "INDIANA" }, { "IA", "IOWA" }, { "KS", "KANSAS" }, { "KY", "KENTUCKY" },
  { "LA", "LOUISIANA" }, { "ME", "MAINE" }, { "MD", "MARYLAND" },
  { "MA", "MASSACHUSETTS" }, { "MI", "MICHIGAN" }, { "MN", "MINNESOTA" },
  { "MS", "MISSISSIPPI" }, { "MO", "MISSOURI" }, { "MT", "MONTANA" },
  { "NE", "NEBRASKA" }, { "NV", "NEVADA" }, { "NH", "NEW HAMPSHIRE" },
  { "NJ", "NEW JERSEY" }, { "NM", "NEW MEXICO" }, { "NY", "NEW YORK" },
  { "NC", "NORTH CAROLINA" }, { "ND", "NORTH DAKOTA" }, { "OH", "OHIO" },
  { "OK", "OKLAHOMA" }, { "OR", "OREGON" }, { "PA", "PENNSYLVANIA" },
  { "RI", "RHODE ISLAND" }, { "SC", "SOUTH CAROLINA" }, { "SD", "SOUTH DAKOTA" },
  { "TN", "TENNESSEE" }, { "TX", "TEXAS" }, { "UT", "UTAH" }, { "VT", "VERMONT" },
  { "VA", "VIRGINIA" }, { "WA", "WASHINGTON" }, { "WV", "WEST VIRGINIA" },
  { "WI", "WISCONSIN" }, { "WY", "WYOMING" },
};

/* Plates carry letters, digits, spaces and dashes, nothing else. */
static char *
normalize_plate (const char  *plate,
                 GError     **error)
{
  g_autoptr(GString) out = g_string_new (NULL);
  gboolean has_alnum = FALSE;

  if (plate == NULL || strlen (plate) > 4 * PLATE_MAX_CHARS)
    goto bad;
  for (const char *p = plate; *p != '\0'; p++)
    {
      char c = g_ascii_toupper (*p);

      if (g_ascii_isalnum (c))
        has_alnum = TRUE;
      else if (c != ' ' && c != '-')
        goto bad;
      g_string_append_c (out, c);
    }
  g_strstrip (out->str);
  out->len = strlen (out->str);
  if (!has_alnum || out->len > PLATE_MAX_CHARS)
    goto bad;
  return g_string_free (g_steal_pointer (&out), FALSE);

bad:
  g_set_error (error, RTCC_SIM_MEDIA_ERROR, RTCC_SIM_MEDIA_ERROR_INVALID_ARGUMENT,
               _("A licence plate holds 1 to %d letters, digits, spaces or dashes"),
               PLATE_MAX_CHARS);
  return NULL;
}

static void
draw_centered (cairo_t    *cr,
               const char *text,
               double      cx,
               double      baseline,
               double      size,
               double      max_width)
{
  cairo_text_extents_t ext;

  cairo_set_font_size (cr, size);
  cairo_text_extents (cr, text, &ext);
  /* Shrink long plates and state names to fit, as plate makers do. */
  if (ext.x_advance > max_width)
    {
      size *= max_width / ext.x_advance;
      cairo_set_font_size (cr, size);
      cairo_text_extents (cr, text, &ext);
    }
  cairo_move_to (cr, cx - ext.x_advance / 2, baseline);
  cairo_show_text (cr, text);
}

/**
 * rtcc_sim_media_plate_jpeg:
 * @plate: the plate text: letters, digits, spaces and dashes, at most ten
 * @state: (nullable): a two-letter state code; %NULL or "" for a plate
 *   whose state band is unreadable
 *
 * Draws the rear of a car with its licence plate, as an LPR camera would
 * capture it. Safe to call from any thread.
 *
 * Returns: (transfer full) (nullable): a JPEG file's bytes
 */
GBytes *
rtcc_sim_media_plate_jpeg (const char  *plate,
                           const char  *state,
                           GError     **error)
{
  static const guint32 body_colors[] = {
    0xb8b8c0, 0x24242c, 0xe8e8e4, 0x7a1818, 0x1a3470, 0x2a5234, 0x6a6a6a, 0x8a6a40,
  };
  g_autofree char *text = NULL;
  g_autofree char *state_code = NULL;
  const char *state_name = NULL;
  g_autoptr(cairo_surface_t) surface = NULL;
  g_autoptr(cairo_t) cr = NULL;
  double w = PLATE_IMAGE_WIDTH, h = PLATE_IMAGE_HEIGHT;
  double pw = w * 0.45, ph = pw / 2, px = (w - pw) / 2, py = h * 0.5;
  guint32 body;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  text = normalize_plate (plate, error);
  if (text == NULL)
    return NULL;

  if (state != NULL && state[0] != '\0')
    {
      if (strlen (state) != 2 || !g_ascii_isalpha (state[0]) || !g_ascii_isalpha (state[1]))
        {
          g_set_error_literal (error, RTCC_SIM_MEDIA_ERROR, RTCC_SIM_MEDIA_ERROR_INVALID_ARGUMENT,
                               _("A plate’s state is a two-letter code such as IL"));
          return NULL;
        }
      state_code = g_ascii_strup (state, -1);
      state_name = state_code;
      for (guint i = 0; i < G_N_ELEMENTS (state_names); i++)
        if (strcmp (state_names[i].code, state_code) == 0)
          state_name = state_names[i].name;
    }

  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, PLATE_IMAGE_WIDTH, PLATE_IMAGE_HEIGHT);
  if (!check_surface (surface, error))
    return NULL;
  cr = cairo_create (surface);

  /* The same plate is always on the same car. */
  body = body_colors[g_str_hash (text) % G_N_ELEMENTS (body_colors)];
  set_rgb (cr, body, 1.0);
  cairo_paint (cr);
  set_rgb (cr, body, 0.75);
  cairo_rectangle (cr, 0, h * 0.12, w, h * 0.06);
  cairo_fill (cr);

  /* Tail lights and bumper. */
  cairo_set_source_rgb (cr, 0.75, 0.08, 0.08);
  rounded_rectangle (cr, w * 0.03, h * 0.25, w * 0.2, h * 0.16, 8);
  cairo_fill (cr);
  rounded_rectangle (cr, w * 0.77, h * 0.25, w * 0.2, h * 0.16, 8);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 0.12, 0.12, 0.13);
  cairo_rectangle (cr, 0, h * 0.86, w, h * 0.14);
  cairo_fill (cr);

  /* The plate: 12 by 6 inches, white, with a dark rim. */
  cairo_set_source_rgb (cr, 0.08, 0.08, 0.1);
  rounded_rectangle (cr, px - 6, py - 6, pw + 12, ph + 12, 12);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 0.97, 0.97, 0.95);
  rounded_rectangle (cr, px, py, pw, ph, 8);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 0.55, 0.55, 0.58);
  cairo_arc (cr, px + pw * 0.2, py + ph * 0.12, 4, 0, 2 * G_PI);
  cairo_arc (cr, px + pw * 0.8, py + ph * 0.12, 4, 0, 2 * G_PI);
  cairo_fill (cr);

  cairo_select_font_face (cr, "Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
  if (state_name != NULL)
    {
      cairo_set_source_rgb (cr, 0.1, 0.2, 0.55);
      draw_centered (cr, state_name, w / 2, py + ph * 0.26, ph * 0.17, pw * 0.5);
    }
  cairo_set_source_rgb (cr, 0.05, 0.05, 0.1);
  draw_centered (cr, text, w / 2, py + ph * 0.8, ph * 0.5, pw * 0.9);

  return encode_jpeg (surface, error);
}

/* ------------------------------------------------------------------ */
/* Sound                                                              */

static void
put_le32 (guint8  *p,
          guint32  v)
{
  v = GUINT32_TO_LE (v);
  memcpy (p, &v, 4);
}

static void
put_le16 (guint8  *p,
          guint16  v)
{
  v = GUINT16_TO_LE (v);
  memcpy (p, &v, 2);
}

/* One shot: a muzzle blast of broadband noise with a millisecond rise and
 * a fast decay, a low thump under it, and a weaker echo off a building. */
static void
add_shot (float  *samples,
          gsize   n_samples,
          gsize   at,
          double  amplitude,
          GRand  *rand)
{
  const double rate = RTCC_SIM_MEDIA_WAV_RATE;
  double echo_delay = g_rand_double_range (rand, 0.03, 0.06);
  double echo_gain = g_rand_double_range (rand, 0.12, 0.2);
  double thump_hz = g_rand_double_range (rand, 70, 140);
  gsize length = (gsize) (0.35 * rate);

  for (gsize k = 0; k < length && at + k < n_samples; k++)
    {
      double t = k / rate;
      double rise = MIN (1.0, t / 0.0005);
      double blast = rise * exp (-t / 0.025) * g_rand_double_range (rand, -1, 1);
      double thump = 0.35 * exp (-t / 0.04) * sin (2 * G_PI * thump_hz * t);
      double echo = 0;

      if (t > echo_delay)
        echo = echo_gain * exp (-(t - echo_delay) / 0.03) * g_rand_double_range (rand, -1, 1);
      samples[at + k] += amplitude * (0.8 * blast + thump + echo);
    }
}

/**
 * rtcc_sim_media_gunshot_wav:
 * @rounds: how many shots are heard; more than %RTCC_SIM_MEDIA_MAX_ROUNDS
 *   are cut to that
 * @seed: the alert's seed: the same seed gives the same recording
 *
 * Records a gunshot alert's audio as a sensor would: street noise, then
 * @rounds shots between 0.2 and 0.45 s apart, then the tail. At least
 * three seconds long. Safe to call from any thread.
 *
 * Returns: (transfer full): a WAV file's bytes, 16-bit PCM mono at
 *   %RTCC_SIM_MEDIA_WAV_RATE Hz
 */
GBytes *
rtcc_sim_media_gunshot_wav (guint   rounds,
                            guint32 seed)
{
  const double rate = RTCC_SIM_MEDIA_WAV_RATE;
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autofree float *samples = NULL;
  g_autofree double *times = NULL;
  double when, total_s, rumble = 0;
  gsize n_samples, data_bytes;
  guint8 *file;

  rounds = MIN (rounds, RTCC_SIM_MEDIA_MAX_ROUNDS);
  times = g_new0 (double, MAX (rounds, 1));
  when = g_rand_double_range (rand, 0.4, 0.8);
  for (guint i = 0; i < rounds; i++)
    {
      times[i] = when;
      when += g_rand_double_range (rand, 0.2, 0.45);
    }
  total_s = MAX (3.0, (rounds > 0 ? times[rounds - 1] : 0) + 1.2);
  n_samples = (gsize) (total_s * rate);
  samples = g_new0 (float, n_samples);

  /* Street noise: low rumble (integrated white noise) plus a little hiss. */
  for (gsize k = 0; k < n_samples; k++)
    {
      rumble = 0.995 * rumble + 0.05 * g_rand_double_range (rand, -1, 1);
      samples[k] = 0.03 * rumble + 0.006 * g_rand_double_range (rand, -1, 1);
    }

  for (guint i = 0; i < rounds; i++)
    add_shot (samples, n_samples, (gsize) (times[i] * rate),
              g_rand_double_range (rand, 0.7, 0.95), rand);

  data_bytes = n_samples * 2;
  file = g_malloc (44 + data_bytes);
  memcpy (file, "RIFF", 4);
  put_le32 (file + 4, 36 + data_bytes);
  memcpy (file + 8, "WAVEfmt ", 8);
  put_le32 (file + 16, 16);                  /* fmt chunk size */
  put_le16 (file + 20, 1);                   /* PCM */
  put_le16 (file + 22, 1);                   /* mono */
  put_le32 (file + 24, RTCC_SIM_MEDIA_WAV_RATE);
  put_le32 (file + 28, RTCC_SIM_MEDIA_WAV_RATE * 2);
  put_le16 (file + 32, 2);                   /* block align */
  put_le16 (file + 34, 16);                  /* bits per sample */
  memcpy (file + 36, "data", 4);
  put_le32 (file + 40, data_bytes);

  for (gsize k = 0; k < n_samples; k++)
    {
      double v = CLAMP (samples[k], -1.0, 1.0);
      put_le16 (file + 44 + 2 * k, (guint16) (gint16) lrint (v * 32767));
    }

  return g_bytes_new_take (file, 44 + data_bytes);
}
