/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccPlateMarkup"

#include "config.h"

#include "rtcc-plate.h"
#include "rtcc-plate-markup.h"

/**
 * rtcc_plate_markup:
 * @reference: (nullable): the plate looked for; %NULL highlights nothing
 * @plate: (nullable): the plate shown
 *
 * Pango markup of @plate in a fixed-width face, with the characters that
 * differ from @reference (rtcc_plate_diff_positions()) in bold red and
 * underlined, so a misread stands out without relying on colour alone.
 *
 * Returns: (transfer full): the markup, escaped
 */
char *
rtcc_plate_markup (const char *reference,
                   const char *plate)
{
  g_autoptr(GString) markup = g_string_new ("<tt>");
  g_autoptr(GArray) diff = NULL;
  guint d = 0;
  guint i = 0;

  if (plate == NULL || !g_utf8_validate (plate, -1, NULL))
    return g_strdup ("");
  diff = reference != NULL ? rtcc_plate_diff_positions (reference, plate)
                           : g_array_new (FALSE, FALSE, sizeof (guint));
  /* The positions count characters of the normalized plate, which is
   * what reads and BOLOs carry. */
  for (const char *p = plate; *p != '\0'; p = g_utf8_next_char (p), i++)
    {
      g_autofree char *ch = g_markup_escape_text (p, g_utf8_next_char (p) - p);

      if (d < diff->len && g_array_index (diff, guint, d) == i)
        {
          g_string_append_printf (markup, "<span weight=\"bold\" foreground=\"#e01b24\" underline=\"single\">%s</span>", ch);
          d++;
        }
      else
        g_string_append (markup, ch);
    }
  g_string_append (markup, "</tt>");
  return g_string_free (g_steal_pointer (&markup), FALSE);
}
