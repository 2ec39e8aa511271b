/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "rtcc-plate.h"

static void
test_normalize (void)
{
  static const struct { const char *in; const char *out; } cases[] = {
    { "ABC1234", "ABC1234" },
    { "abc1234", "ABC1234" },
    { "abc-1234", "ABC1234" },
    { " ab c.12-34 ", "ABC1234" },
    { "ABC\t1234\n", "ABC1234" },
    { "a_b_c", "ABC" },
    { "---", NULL },
    { "", NULL },
    { " . - ", NULL },
    { NULL, NULL },
    { "ñ-123", "Ñ123" },
    { "AB\xe2\x80\x8b" "C", "ABC" },    /* zero-width space */
    { "AB\xff" "C", "AB\xef\xbf\xbd" "C" }, /* invalid byte repaired */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = rtcc_plate_normalize (cases[i].in);
      g_test_message ("normalize case %u", i);
      g_assert_cmpstr (got, ==, cases[i].out);
    }
}

static void
test_lookalike (void)
{
  static const char *classes[] = { "O0DQ", "B8", "I1L", "S5", "Z2", "G6" };
  static const char *loners = "ACEFHJKMNPRTUVWXY34679";

  for (guint c = 0; c < G_N_ELEMENTS (classes); c++)
    for (const char *x = classes[c]; *x; x++)
      {
        for (const char *y = classes[c]; *y; y++)
          g_assert_true (rtcc_plate_chars_lookalike (*x, *y));
        for (const char *y = loners; *y; y++)
          if (strchr (classes[c], *y) == NULL)
            g_assert_false (rtcc_plate_chars_lookalike (*x, *y));
      }
  /* Classes do not leak into each other. */
  g_assert_false (rtcc_plate_chars_lookalike ('O', 'B'));
  g_assert_false (rtcc_plate_chars_lookalike ('1', 'S'));
  g_assert_false (rtcc_plate_chars_lookalike ('Z', 'G'));
  g_assert_cmpuint (rtcc_plate_lookalike_class ('A'), ==, 'A');
}

static void
test_misread_match (void)
{
  static const struct { const char *a; const char *b; gboolean match; } cases[] = {
    { "ABC1234", "ABC1234", TRUE },
    { "ABC1234", "abc-1234", TRUE },
    { "ABC1234", "A8C1234", TRUE },     /* B/8 */
    { "ABC1234", "ABC I234", TRUE },    /* 1/I */
    { "ABC1234", "ABCL234", TRUE },     /* 1/L */
    { "OBC1234", "0BC1234", TRUE },     /* O/0 */
    { "DBC1234", "QBC1234", TRUE },     /* D/Q, same class */
    { "S0Z6", "50Z6", TRUE },
    { "S0Z6", "S0Z6", TRUE },
    { "S0Z6", "S02G", FALSE },          /* two substitutions */
    { "ABC1234", "A8C12E4", FALSE },    /* one look-alike, one not */
    { "ABC1234", "ABC1235", FALSE },    /* 4/5 do not look alike */
    { "ABC1234", "XBC1234", FALSE },
    { "ABC1234", "BC1234", TRUE },      /* first missing */
    { "ABC1234", "ABC123", TRUE },      /* last missing */
    { "ABC1234", "ABC124", TRUE },      /* middle missing */
    { "ABC1234", "ABCX1234", TRUE },    /* one extra */
    { "ABC1234", "ABC12345", TRUE },
    { "ABC1234", "ABC12", FALSE },      /* two missing */
    { "ABC1234", "XABC1234X", FALSE },  /* two extra */
    { "ABC1234", "A8C123", FALSE },     /* substitution and missing */
    { "ABC1234", "ACB1234", FALSE },    /* transposition is two edits */
    { "A", "", FALSE },
    { "A", NULL, FALSE },
    { NULL, NULL, FALSE },
    { "--", "--", FALSE },
    { "A", "B", FALSE },
    { "A", "AB", TRUE },
    { "Ñ12", "Ñ12", TRUE },
    { "Ñ12", "N12", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("match %u: %s / %s", i, cases[i].a, cases[i].b);
      g_assert_cmpint (rtcc_plate_misread_match (cases[i].a, cases[i].b), ==, cases[i].match);
      /* Symmetric by definition. */
      g_assert_cmpint (rtcc_plate_misread_match (cases[i].b, cases[i].a), ==, cases[i].match);
    }
}

static char *
positions_string (GArray *positions)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < positions->len; i++)
    g_string_append_printf (s, "%s%u", i ? "," : "", g_array_index (positions, guint, i));
  return g_string_free (s, FALSE);
}

static void
test_diff_positions (void)
{
  static const struct { const char *a; const char *b; const char *positions; } cases[] = {
    { "ABC1234", "ABC1234", "" },
    { "ABC1234", "A8C1234", "1" },
    { "ABC1234", "abc-1z34", "4" },
    { "ABC1234", "ABCX1234", "3" },      /* the extra character */
    { "ABC1234", "ABC124", "" },         /* a gap has no position in b */
    { "ABC1234", "XBC123Y", "0,6" },
    { "ABC1234", "ABC12345", "7" },
    { NULL, "ABC", "0,1,2" },
    { "ABC", NULL, "" },
    { "", "", "" },
    { "ÑAB", "ÑA8", "2" },
  };
  g_autofree char *long_a = g_strnfill (200, 'A');
  g_autofree char *long_b = g_strnfill (201, 'A');
  g_autoptr(GArray) long_diff = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GArray) positions = rtcc_plate_diff_positions (cases[i].a, cases[i].b);
      g_autofree char *got = positions_string (positions);
      g_test_message ("diff %u: %s / %s", i, cases[i].a, cases[i].b);
      g_assert_cmpstr (got, ==, cases[i].positions);
    }

  /* Hostile lengths stay linear and still say where they differ. */
  long_b[100] = 'B';
  long_diff = rtcc_plate_diff_positions (long_a, long_b);
  g_assert_cmpuint (long_diff->len, ==, 2);
  g_assert_cmpuint (g_array_index (long_diff, guint, 0), ==, 100);
  g_assert_cmpuint (g_array_index (long_diff, guint, 1), ==, 200);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/plate/normalize", test_normalize);
  g_test_add_func ("/plate/lookalike", test_lookalike);
  g_test_add_func ("/plate/misread-match", test_misread_match);
  g_test_add_func ("/plate/diff-positions", test_diff_positions);

  return g_test_run ();
}
