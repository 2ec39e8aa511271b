/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <gdk-pixbuf/gdk-pixbuf.h>

/* The icons folder comes from meson as the first argument. */
static const char *icons_dir;

typedef struct
{
  char      *view_box;
  GPtrArray *colours;   /* every fill, stroke and stop colour used */
  gboolean   has_raster;
} SvgFacts;

static void
svg_facts_clear (SvgFacts *facts)
{
  g_clear_pointer (&facts->view_box, g_free);
  g_clear_pointer (&facts->colours, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SvgFacts, svg_facts_clear)

static void
collect_colours (SvgFacts   *facts,
                 const char *value)
{
  g_autoptr(GRegex) regex = g_regex_new ("#[0-9a-fA-F]{3,8}\\b|rgba?\\([^)]*\\)", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;

  g_regex_match (regex, value, 0, &match);
  while (g_match_info_matches (match))
    {
      g_autofree char *colour = g_match_info_fetch (match, 0);

      g_ptr_array_add (facts->colours, g_ascii_strdown (colour, -1));
      g_match_info_next (match, NULL);
    }
}

static void
on_start_element (GMarkupParseContext  *context,
                  const char           *element,
                  const char          **names,
                  const char          **values,
                  gpointer              user_data,
                  GError              **error)
{
  SvgFacts *facts = user_data;

  if (g_str_equal (element, "image"))
    facts->has_raster = TRUE;

  for (guint i = 0; names[i] != NULL; i++)
    {
      if (g_str_equal (element, "svg") && g_str_equal (names[i], "viewBox"))
        facts->view_box = g_strdup (values[i]);
      else if (g_str_equal (names[i], "fill") || g_str_equal (names[i], "stroke")
               || g_str_equal (names[i], "stop-color") || g_str_equal (names[i], "style")
               || g_str_equal (names[i], "color"))
        collect_colours (facts, values[i]);
    }
}

static void
read_svg (const char *path,
          SvgFacts   *facts)
{
  static const GMarkupParser parser = { on_start_element, NULL, NULL, NULL, NULL };
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gsize len = 0;

  g_file_get_contents (path, &text, &len, &error);
  g_assert_no_error (error);

  facts->colours = g_ptr_array_new_with_free_func (g_free);
  context = g_markup_parse_context_new (&parser, G_MARKUP_IGNORE_QUALIFIED, facts, NULL);
  g_markup_parse_context_parse (context, text, len, &error);
  g_assert_no_error (error);
  g_markup_parse_context_end_parse (context, &error);
  g_assert_no_error (error);
}

/* Renders @path at @size and returns how many pixels are not transparent. */
static guint
render_and_count (const char *path,
                  int         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new_from_file_at_size (path, size, size, &error);
  const guint8 *pixels;
  int stride;
  guint opaque = 0;

  /* The SVG loader comes from librsvg2-common (tools/deps.txt). */
  g_assert_no_error (error);
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, size);
  g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, size);
  g_assert_true (gdk_pixbuf_get_has_alpha (pixbuf));

  pixels = gdk_pixbuf_read_pixels (pixbuf);
  stride = gdk_pixbuf_get_rowstride (pixbuf);
  for (int y = 0; y < size; y++)
    for (int x = 0; x < size; x++)
      if (pixels[y * stride + x * 4 + 3] > 0)
        opaque++;
  return opaque;
}

static void
test_icon_scalable (void)
{
  g_autofree char *path = g_build_filename (icons_dir, "hicolor", "scalable", "apps",
                                            APP_ID ".svg", NULL);
  g_auto(SvgFacts) facts = { 0 };
  guint opaque;

  read_svg (path, &facts);
  g_assert_cmpstr (facts.view_box, ==, "0 0 128 128");
  g_assert_false (facts.has_raster);

  /* A full-colour icon: more than the one grey of a symbolic one. */
  g_assert_cmpuint (facts.colours->len, >, 3);

  /* GNOME icons leave a margin and fill most of what is inside it. */
  opaque = render_and_count (path, 128);
  g_assert_cmpuint (opaque, >, 128 * 128 / 2);
  g_assert_cmpuint (opaque, <, 128 * 128);
}

static void
test_icon_symbolic (void)
{
  g_autofree char *path = g_build_filename (icons_dir, "hicolor", "symbolic", "apps",
                                            APP_ID "-symbolic.svg", NULL);
  g_auto(SvgFacts) facts = { 0 };

  read_svg (path, &facts);
  g_assert_cmpstr (facts.view_box, ==, "0 0 16 16");
  g_assert_false (facts.has_raster);

  /* GTK recolours symbolic icons only when they are drawn in this grey. */
  g_assert_cmpuint (facts.colours->len, >, 0);
  for (guint i = 0; i < facts.colours->len; i++)
    g_assert_cmpstr (g_ptr_array_index (facts.colours, i), ==, "#2e3436");

  g_assert_cmpuint (render_and_count (path, 16), >, 16 * 16 / 4);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  if (argc < 2)
    {
      g_printerr ("Usage: %s ICONS-DIR\n", argv[0]);
      return 1;
    }
  icons_dir = argv[1];

  g_test_add_func ("/icons/scalable", test_icon_scalable);
  g_test_add_func ("/icons/symbolic", test_icon_symbolic);

  return g_test_run ();
}
