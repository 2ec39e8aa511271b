/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccPlate"

#include "config.h"

#include <string.h>

#include "rtcc-plate.h"

/* Plates are a handful of characters; a longer text is not a plate, and
 * comparing it character by character keeps the work bounded. */
#define MAX_ALIGN_CHARS 64

/**
 * rtcc_plate_normalize:
 * @plate: (nullable): a plate as read or typed, e.g. "abc-12 34"
 *
 * Plates are stored and compared upper case without separators, so "ABC
 * 1234", "abc-1234" and "ABC.1234" are one plate. Invalid UTF-8 is
 * repaired rather than refused, as readers do send garbage.
 *
 * Returns: (transfer full) (nullable): the plate, or %NULL when nothing
 *   is left of it
 */
char *
rtcc_plate_normalize (const char *plate)
{
  g_autofree char *valid = NULL;
  g_autofree char *upper = NULL;
  GString *out;

  if (plate == NULL)
    return NULL;
  valid = g_utf8_make_valid (plate, -1);
  upper = g_utf8_strup (valid, -1);
  out = g_string_sized_new (strlen (upper));
  for (const char *p = upper; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '-' || c == '.' || c == '_' || g_unichar_isspace (c) || g_unichar_iscntrl (c) ||
          g_unichar_type (c) == G_UNICODE_FORMAT)
        continue;
      g_string_append_unichar (out, c);
    }
  if (out->len == 0)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}

/**
 * rtcc_plate_lookalike_class:
 * @c: an upper-case plate character
 *
 * Readers confuse these shapes: O/0/D/Q, B/8, I/1/L, S/5, Z/2, G/6.
 *
 * Returns: one representative of @c's class, or @c itself
 */
gunichar
rtcc_plate_lookalike_class (gunichar c)
{
  switch (c)
    {
    case 'O': case '0': case 'D': case 'Q':
      return '0';
    case 'B': case '8':
      return '8';
    case 'I': case '1': case 'L':
      return '1';
    case 'S': case '5':
      return '5';
    case 'Z': case '2':
      return '2';
    case 'G': case '6':
      return '6';
    default:
      return c;
    }
}

/**
 * rtcc_plate_chars_lookalike:
 *
 * Returns: whether @a and @b are the same character or one of the pairs
 *   a reader confuses
 */
gboolean
rtcc_plate_chars_lookalike (gunichar a,
                            gunichar b)
{
  return a == b || rtcc_plate_lookalike_class (a) == rtcc_plate_lookalike_class (b);
}

static gunichar *
to_ucs4 (const char *plate,
         glong      *len)
{
  g_autofree char *norm = rtcc_plate_normalize (plate);

  *len = 0;
  if (norm == NULL)
    return NULL;
  return g_utf8_to_ucs4_fast (norm, -1, len);
}

/* One character of the longer plate left out gives the shorter one. */
static gboolean
one_extra (const gunichar *longer,
           glong           long_len,
           const gunichar *shorter,
           glong           short_len)
{
  glong i = 0;

  if (long_len != short_len + 1)
    return FALSE;
  while (i < short_len && longer[i] == shorter[i])
    i++;
  for (glong j = i; j < short_len; j++)
    if (longer[j + 1] != shorter[j])
      return FALSE;
  return TRUE;
}

/**
 * rtcc_plate_misread_match:
 * @a: (nullable): a plate
 * @b: (nullable): another plate
 *
 * True when @b could be a misread of @a: the same plate once normalized,
 * one character swapped for a look-alike (O for 0, B for 8...), or one
 * character missing or extra. Two changes are a different plate: looser
 * matching would flood the analyst with false hits.
 *
 * Returns: whether the plates match, allowing one misread
 */
gboolean
rtcc_plate_misread_match (const char *a,
                          const char *b)
{
  g_autofree gunichar *ua = NULL;
  g_autofree gunichar *ub = NULL;
  glong la, lb;
  guint substitutions = 0;

  ua = to_ucs4 (a, &la);
  ub = to_ucs4 (b, &lb);
  if (ua == NULL || ub == NULL)
    return FALSE;

  if (la == lb)
    {
      for (glong i = 0; i < la; i++)
        {
          if (ua[i] == ub[i])
            continue;
          if (!rtcc_plate_chars_lookalike (ua[i], ub[i]) || ++substitutions > 1)
            return FALSE;
        }
      return TRUE;
    }
  /* A one-character plate that loses it is no plate. */
  if (MIN (la, lb) == 0)
    return FALSE;
  if (la > lb)
    return one_extra (ua, la, ub, lb);
  return one_extra (ub, lb, ua, la);
}

/**
 * rtcc_plate_diff_positions:
 * @a: (nullable): the plate looked for
 * @b: (nullable): the plate shown
 *
 * The characters of @b (normalized) to highlight against @a: those that
 * differ in the best alignment of the two (fewest edits), plus extra
 * characters. A missing character has no position in @b and is not
 * listed. Plates over 64 characters are compared position by position.
 *
 * Returns: (transfer full) (element-type guint): character positions in
 *   the normalized @b, in increasing order
 */
GArray *
rtcc_plate_diff_positions (const char *a,
                           const char *b)
{
  GArray *positions = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree gunichar *ua = NULL;
  g_autofree gunichar *ub = NULL;
  g_autofree guint *cost = NULL;
  glong la, lb, i, j;
  GArray *reversed;

  ua = to_ucs4 (a, &la);
  ub = to_ucs4 (b, &lb);
  if (ub == NULL)
    return positions;
  if (ua == NULL || la > MAX_ALIGN_CHARS || lb > MAX_ALIGN_CHARS)
    {
      for (i = 0; i < lb; i++)
        if (i >= la || ua[i] != ub[i])
          {
            guint pos = (guint) i;
            g_array_append_val (positions, pos);
          }
      return positions;
    }

  /* Edit distance table, then walk back from the end to find which
   * characters of @b were substituted or inserted. */
#define COST(x, y) cost[(x) * (lb + 1) + (y)]
  cost = g_new (guint, (la + 1) * (lb + 1));
  for (i = 0; i <= la; i++)
    COST (i, 0) = (guint) i;
  for (j = 0; j <= lb; j++)
    COST (0, j) = (guint) j;
  for (i = 1; i <= la; i++)
    for (j = 1; j <= lb; j++)
      {
        guint sub = COST (i - 1, j - 1) + (ua[i - 1] == ub[j - 1] ? 0 : 1);
        guint del = COST (i - 1, j) + 1;
        guint ins = COST (i, j - 1) + 1;
        COST (i, j) = MIN (sub, MIN (del, ins));
      }

  reversed = g_array_new (FALSE, FALSE, sizeof (guint));
  i = la;
  j = lb;
  while (i > 0 || j > 0)
    {
      if (i > 0 && j > 0 &&
          COST (i, j) == COST (i - 1, j - 1) + (ua[i - 1] == ub[j - 1] ? 0 : 1))
        {
          if (ua[i - 1] != ub[j - 1])
            {
              guint pos = (guint) (j - 1);
              g_array_append_val (reversed, pos);
            }
          i--, j--;
        }
      else if (j > 0 && COST (i, j) == COST (i, j - 1) + 1)
        {
          guint pos = (guint) (j - 1);
          g_array_append_val (reversed, pos);
          j--;
        }
      else
        i--;
    }
#undef COST
  for (guint k = reversed->len; k > 0; k--)
    g_array_append_val (positions, g_array_index (reversed, guint, k - 1));
  g_array_unref (reversed);
  return positions;
}
