/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccTime"

#include "config.h"

#include <glib/gi18n.h>

#include "rtcc-json.h"
#include "rtcc-time.h"

/**
 * rtcc_time_parse_iso:
 * @text: an ISO 8601 date and time with a zone (Z or an offset)
 * @error: return location for a #GError
 *
 * Accepts any number of fractional digits (Milestone sends seven).
 *
 * Returns: (transfer full): the time in UTC, or %NULL with @error set
 */
GDateTime *
rtcc_time_parse_iso (const char  *text,
                     GError     **error)
{
  g_autoptr(GDateTime) parsed = NULL;

  if (text == NULL || *text == '\0')
    {
      g_set_error (error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_INVALID_VALUE,
                   _("Missing date and time"));
      return NULL;
    }

  /* Without a zone GLib would assume local time; vendors must say theirs. */
  parsed = g_date_time_new_from_iso8601 (text, NULL);
  if (parsed == NULL)
    {
      g_set_error (error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_INVALID_VALUE,
                   _("“%.64s” is not an ISO 8601 date and time with a zone"), text);
      return NULL;
    }
  return g_date_time_to_utc (parsed);
}

/**
 * rtcc_time_format_iso:
 * @time: a time
 *
 * Formats in UTC with a `Z`, keeping milliseconds when there are any and
 * dropping trailing zeros: `2026-11-23T04:12:09.12Z`.
 *
 * Returns: (transfer full): the text
 */
char *
rtcc_time_format_iso (GDateTime *time)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (time);
  g_autofree char *base = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S");
  int ms = g_date_time_get_microsecond (utc) / 1000;
  char frac[8];

  if (ms == 0)
    return g_strdup_printf ("%sZ", base);

  g_snprintf (frac, sizeof frac, "%03d", ms);
  for (int i = 2; i > 0 && frac[i] == '0'; i--)
    frac[i] = '\0';
  return g_strdup_printf ("%s.%sZ", base, frac);
}

/**
 * rtcc_time_format_audit:
 * @time: a time
 *
 * Returns: (transfer full): UTC to the hundredth of a second, always two
 *   digits, as audit records carry it: `2026-11-23T04:12:09.12Z`
 */
char *
rtcc_time_format_audit (GDateTime *time)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (time);
  g_autofree char *base = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S");

  return g_strdup_printf ("%s.%02dZ", base, g_date_time_get_microsecond (utc) / 10000);
}

GDateTime *
rtcc_time_from_unix_usec (gint64 usec)
{
  g_autoptr(GDateTime) secs = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);

  if (secs == NULL)
    return NULL;
  return g_date_time_add (secs, usec % G_USEC_PER_SEC);
}

gint64
rtcc_time_to_unix_usec (GDateTime *time)
{
  return g_date_time_to_unix (time) * G_USEC_PER_SEC + g_date_time_get_microsecond (time);
}

/**
 * rtcc_time_format_ago:
 * @time: a past time
 * @now: the present
 *
 * Returns: (transfer full): "just now", "2 min ago", "3 h ago", "2 days ago"
 */
char *
rtcc_time_format_ago (GDateTime *time,
                      GDateTime *now)
{
  GTimeSpan span = g_date_time_difference (now, time);
  gint64 secs = span / G_USEC_PER_SEC;

  if (secs < 10)
    return g_strdup (_("just now"));
  if (secs < 60)
    return g_strdup_printf (_("%d s ago"), (int) secs);
  if (secs < 3600)
    return g_strdup_printf (_("%d min ago"), (int) (secs / 60));
  if (secs < 86400)
    return g_strdup_printf (_("%d h ago"), (int) (secs / 3600));
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day ago", "%d days ago",
                                       secs / 86400),
                          (int) (secs / 86400));
}
