/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccHotlistCsv"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "rtcc-hotlist-csv.h"
#include "rtcc-util.h"
#include "rtcc-plate.h"

/* Any one field longer than this is refused before it is looked at. */
#define MAX_FIELD_BYTES 1024

G_DEFINE_QUARK (rtcc-hotlist-csv-error-quark, rtcc_hotlist_csv_error)

enum {
  COL_PLATE,
  COL_STATE,
  COL_REASON,
  COL_CASE,
  COL_EXPIRY,
  N_COLS
};

static gboolean
has_control (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c) || c == 0x2028 || c == 0x2029)
        return TRUE;
    }
  return FALSE;
}

/**
 * rtcc_hotlist_check_plate:
 * @text: (nullable): the plate as typed
 * @error: the reason it cannot be listed
 *
 * A hotlist takes a whole plate: two to ten letters and digits, once
 * spaces and dashes are dropped.
 *
 * Returns: (transfer full) (nullable): the normalized plate
 */
char *
rtcc_hotlist_check_plate (const char  *text,
                          GError     **error)
{
  g_autofree char *plate = NULL;
  glong n;

  if (rtcc_str_is_blank (text) || !(plate = rtcc_plate_normalize (text)))
    {
      g_set_error (error, RTCC_HOTLIST_CSV_ERROR, RTCC_HOTLIST_CSV_ERROR_MISSING_PLATE, _("Enter the plate."));
      return NULL;
    }
  n = g_utf8_strlen (plate, -1);
  if (n > RTCC_HOTLIST_PLATE_MAX_CHARS)
    {
      g_set_error (error, RTCC_HOTLIST_CSV_ERROR, RTCC_HOTLIST_CSV_ERROR_TOO_LONG,
                   _("A plate has at most %d characters."), RTCC_HOTLIST_PLATE_MAX_CHARS);
      return NULL;
    }
  for (const char *p = plate; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p))
      {
        g_set_error (error, RTCC_HOTLIST_CSV_ERROR, RTCC_HOTLIST_CSV_ERROR_BAD_PLATE,
                     _("A plate has only letters and digits, and no wildcards."));
        return NULL;
      }
  if (n < 2)
    {
      g_set_error (error, RTCC_HOTLIST_CSV_ERROR, RTCC_HOTLIST_CSV_ERROR_BAD_PLATE,
                   _("A plate has at least two characters."));
      return NULL;
    }
  return g_steal_pointer (&plate);
}

/**
 * rtcc_hotlist_check_state:
 * @text: (nullable): the state as typed
 * @error: the reason it is refused
 *
 * Returns: (transfer full) (nullable): the two upper-case letters
 */
char *
rtcc_hotlist_check_state (const char  *text,
                          GError     **error)
{
  g_autofree char *state = g_strstrip (g_strdup (text != NULL ? text : ""));

  if (strlen (state) != 2 || !g_ascii_isalpha (state[0]) || !g_ascii_isalpha (state[1]))
    {
      g_set_error (error, RTCC_HOTLIST_CSV_ERROR, RTCC_HOTLIST_CSV_ERROR_BAD_STATE,
                   *state == '\0' ? _("Enter the state: two letters, e.g. IL.")
                                  : _("The state is two letters, e.g. IL."));
      return NULL;
    }
  return g_ascii_strup (state, -1);
}

static gboolean
check_text (const char  *text,
            int          max_chars,
            GError     **error)
{
  if (g_utf8_strlen (text, -1) > max_chars)
    {
      g_set_error (error, RTCC_HOTLIST_CSV_ERROR, RTCC_HOTLIST_CSV_ERROR_TOO_LONG,
                   _("Keep it to %d characters."), max_chars);
      return FALSE;
    }
  if (has_control (text))
    {
      g_set_error (error, RTCC_HOTLIST_CSV_ERROR, RTCC_HOTLIST_CSV_ERROR_BAD_ROW,
                   _("Line breaks and control characters are not allowed."));
      return FALSE;
    }
  return TRUE;
}

/**
 * rtcc_hotlist_check_reason:
 * @text: (nullable): why the plate is listed
 * @error: the reason it is refused
 *
 * Returns: whether the reason can go to the vendor and the audit log
 */
gboolean
rtcc_hotlist_check_reason (const char  *text,
                           GError     **error)
{
  if (rtcc_str_is_blank (text))
    {
      g_set_error (error, RTCC_HOTLIST_CSV_ERROR, RTCC_HOTLIST_CSV_ERROR_MISSING_REASON,
                   _("Give the reason for listing the plate; it is audited."));
      return FALSE;
    }
  return check_text (text, RTCC_HOTLIST_REASON_MAX_CHARS, error);
}

/**
 * rtcc_hotlist_check_case:
 * @text: (nullable): the case number, optional
 * @error: the reason it is refused
 *
 * Returns: whether the case number is blank or acceptable
 */
gboolean
rtcc_hotlist_check_case (const char  *text,
                         GError     **error)
{
  if (rtcc_str_is_blank (text))
    return TRUE;
  return check_text (text, RTCC_HOTLIST_CASE_MAX_CHARS, error);
}

/**
 * rtcc_hotlist_check_expiry:
 * @text: (nullable): a date, YYYY-MM-DD, or blank for none
 * @now: (nullable): the current time, for tests; %NULL for the clock
 * @expires_at: (out) (transfer full) (optional) (nullable): the end of
 *   that day, local time; %NULL when blank
 * @error: the reason it is refused
 *
 * An entry lapses at the end of its expiry date, which must not have
 * passed.
 *
 * Returns: whether the expiry is blank or a date still to come
 */
gboolean
rtcc_hotlist_check_expiry (const char  *text,
                           GDateTime   *now,
                           GDateTime  **expires_at,
                           GError     **error)
{
  g_autofree char *date = g_strstrip (g_strdup (text != NULL ? text : ""));
  g_autoptr(GDateTime) end = NULL;
  g_autoptr(GDateTime) clock = NULL;
  guint y, m, d;
  char tail;

  if (expires_at != NULL)
    *expires_at = NULL;
  if (*date == '\0')
    return TRUE;
  if (strlen (date) != 10 || date[4] != '-' || date[7] != '-' ||
      strspn (date, "0123456789") != 4 || strspn (date + 5, "0123456789") != 2 ||
      strspn (date + 8, "0123456789") != 2 ||
      sscanf (date, "%4u-%2u-%2u%c", &y, &m, &d, &tail) != 3 ||
      !g_date_valid_dmy (d, m, y))
    {
      g_set_error (error, RTCC_HOTLIST_CSV_ERROR, RTCC_HOTLIST_CSV_ERROR_BAD_DATE,
                   _("Write the expiry date as YYYY-MM-DD."));
      return FALSE;
    }
  end = g_date_time_new_local (y, m, d, 23, 59, 59);
  if (now == NULL)
    now = clock = g_date_time_new_now_local ();
  if (end == NULL || g_date_time_compare (end, now) <= 0)
    {
      g_set_error (error, RTCC_HOTLIST_CSV_ERROR, RTCC_HOTLIST_CSV_ERROR_BAD_DATE,
                   _("The expiry date has passed; choose a date from today on."));
      return FALSE;
    }
  if (expires_at != NULL)
    *expires_at = g_steal_pointer (&end);
  return TRUE;
}

/* CSV records */

typedef struct
{
  const char *p;
  const char *end;
  guint       line;      /* the line the reader is on */
} Reader;

/* One record, RFC 4180 with the usual tolerances: CR, LF or CRLF ends a
 * line, quotes double inside quoted fields, and text after a closing
 * quote is kept. Returns FALSE at the end of the data. */
static gboolean
read_record (Reader     *reader,
             GPtrArray  *fields,
             guint      *start_line,
             GError    **error)
{
  g_autoptr(GString) field = g_string_new (NULL);
  gboolean quoted = FALSE;

  g_ptr_array_set_size (fields, 0);
  if (reader->p >= reader->end)
    return FALSE;
  *start_line = reader->line;

  while (reader->p < reader->end)
    {
      char c = *reader->p++;

      if (quoted)
        {
          if (c == '"')
            {
              if (reader->p < reader->end && *reader->p == '"')
                {
                  g_string_append_c (field, '"');
                  reader->p++;
                }
              else
                quoted = FALSE;
            }
          else if (c == '\r' || c == '\n')
            {
              if (c == '\r' && reader->p < reader->end && *reader->p == '\n')
                reader->p++;
              reader->line++;
              g_string_append_c (field, '\n');
            }
          else
            g_string_append_c (field, c);
        }
      else if (c == '"' && field->len == 0)
        quoted = TRUE;
      else if (c == ',')
        {
          g_ptr_array_add (fields, g_string_free (g_steal_pointer (&field), FALSE));
          field = g_string_new (NULL);
        }
      else if (c == '\r' || c == '\n')
        {
          if (c == '\r' && reader->p < reader->end && *reader->p == '\n')
            reader->p++;
          reader->line++;
          break;
        }
      else
        g_string_append_c (field, c);
    }

  if (quoted)
    {
      g_set_error (error, RTCC_HOTLIST_CSV_ERROR, RTCC_HOTLIST_CSV_ERROR_UNTERMINATED_QUOTE,
                   _("Line %u: a quoted field is never closed. Check the quotes and try again."), *start_line);
      return FALSE;
    }
  g_ptr_array_add (fields, g_string_free (g_steal_pointer (&field), FALSE));
  return TRUE;
}

static gboolean
record_is_empty (GPtrArray *fields)
{
  for (guint i = 0; i < fields->len; i++)
    if (!rtcc_str_is_blank (g_ptr_array_index (fields, i)))
      return FALSE;
  return TRUE;
}

static gboolean
read_header (GPtrArray  *fields,
             int        *columns,
             GError    **error)
{
  static const struct { const char *name; int col; } names[] = {
    { "plate", COL_PLATE }, { "state", COL_STATE }, { "reason", COL_REASON },
    { "case", COL_CASE }, { "case_number", COL_CASE }, { "casenumber", COL_CASE },
    { "expiry", COL_EXPIRY }, { "expires", COL_EXPIRY }, { "expires_at", COL_EXPIRY },
    { "expiresat", COL_EXPIRY },
  };
  int index[N_COLS] = { -1, -1, -1, -1, -1 };

  for (guint i = 0; i < fields->len; i++)
    {
      g_autofree char *name = g_ascii_strdown (g_strstrip ((char *) g_ptr_array_index (fields, i)), -1);

      for (guint k = 0; k < G_N_ELEMENTS (names); k++)
        if (g_str_equal (name, names[k].name))
          {
            if (index[names[k].col] >= 0)
              {
                g_set_error (error, RTCC_HOTLIST_CSV_ERROR, RTCC_HOTLIST_CSV_ERROR_BAD_HEADER,
                             _("The header names the column “%s” twice."), names[k].name);
                return FALSE;
              }
            index[names[k].col] = i;
          }
    }
  if (index[COL_PLATE] < 0 || index[COL_STATE] < 0 || index[COL_REASON] < 0)
    {
      g_set_error (error, RTCC_HOTLIST_CSV_ERROR, RTCC_HOTLIST_CSV_ERROR_BAD_HEADER,
                   _("The first line must name the columns: plate,state,reason,case,expiry (case and expiry may be left out)."));
      return FALSE;
    }
  memcpy (columns, index, sizeof index);
  return TRUE;
}

static const char *
column (GPtrArray *fields,
        int        index)
{
  if (index < 0 || (guint) index >= fields->len)
    return "";
  return g_strstrip ((char *) g_ptr_array_index (fields, index));
}

static RtccHotlistCsvRow *
make_row (GPtrArray   *fields,
          guint        line,
          const int   *columns,
          guint        n_header,
          GHashTable  *seen,
          GDateTime   *now)
{
  g_autoptr(RtccHotlistCsvRow) row = rtcc_hotlist_csv_row_new (line);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) expires_at = NULL;
  g_autofree char *plate = NULL;
  g_autofree char *state = NULL;
  const char *raw_plate = column (fields, columns[COL_PLATE]);
  const char *raw_state = column (fields, columns[COL_STATE]);
  const char *reason = column (fields, columns[COL_REASON]);
  const char *case_number = column (fields, columns[COL_CASE]);
  const char *expiry = column (fields, columns[COL_EXPIRY]);
  gboolean long_field = FALSE;

  for (guint i = 0; i < fields->len; i++)
    if (strlen (g_ptr_array_index (fields, i)) > MAX_FIELD_BYTES)
      long_field = TRUE;

  if (long_field)
    {
      /* Nothing of a field this long is kept, not even for the preview. */
      rtcc_hotlist_csv_row_set_problem (row, RTCC_HOTLIST_CSV_ERROR_TOO_LONG,
                                        _("A field is too long to be a hotlist entry."));
      return g_steal_pointer (&row);
    }
  if (fields->len > n_header)
    rtcc_hotlist_csv_row_set_problem (row, RTCC_HOTLIST_CSV_ERROR_BAD_ROW,
                                      _("More fields than the header names; quote fields that hold commas."));

  if (!(plate = rtcc_hotlist_check_plate (raw_plate, &error)))
    {
      rtcc_hotlist_csv_row_set_problem (row, error->code, error->message);
      g_clear_error (&error);
    }
  if (!(state = rtcc_hotlist_check_state (raw_state, &error)))
    {
      rtcc_hotlist_csv_row_set_problem (row, error->code, error->message);
      g_clear_error (&error);
    }
  if (!rtcc_hotlist_check_reason (reason, &error) ||
      !rtcc_hotlist_check_case (case_number, &error) ||
      !rtcc_hotlist_check_expiry (expiry, now, &expires_at, &error))
    {
      rtcc_hotlist_csv_row_set_problem (row, error->code, error->message);
      g_clear_error (&error);
    }
  /* Only a row that will be sent claims its plate: a later, valid row of
   * the same plate must not be refused for one that never goes. */
  if (plate != NULL && rtcc_hotlist_csv_row_is_valid (row))
    {
      guint first = GPOINTER_TO_UINT (g_hash_table_lookup (seen, plate));

      if (first != 0)
        {
          g_autofree char *text = g_strdup_printf (_("The plate is already on line %u."), first);

          rtcc_hotlist_csv_row_set_problem (row, RTCC_HOTLIST_CSV_ERROR_DUPLICATE, text);
        }
      else
        g_hash_table_insert (seen, g_strdup (plate), GUINT_TO_POINTER (line));
    }

  rtcc_hotlist_csv_row_set_fields (row, plate != NULL ? plate : raw_plate, state != NULL ? state : raw_state,
                                   reason, *case_number != '\0' ? case_number : NULL,
                                   *expiry != '\0' ? expiry : NULL, expires_at);
  return g_steal_pointer (&row);
}

/**
 * rtcc_hotlist_csv_parse:
 * @data: the file's bytes
 * @length: their number
 * @now: (nullable): the current time, to check expiry dates; %NULL for
 *   the clock
 * @error: why the whole file is refused
 *
 * Reads a hotlist import: a header row naming the columns plate, state,
 * reason, case and expiry (any order; case and expiry optional), then one
 * entry per row. Quoted fields, doubled quotes, CRLF, a UTF-8 byte order
 * mark and empty lines are accepted. A row that cannot be imported is
 * kept with its problem, so the preview can show it.
 *
 * Returns: (transfer container) (element-type RtccHotlistCsvRow) (nullable):
 *   the rows, in file order
 */
GPtrArray *
rtcc_hotlist_csv_parse (const char  *data,
                        gsize        length,
                        GDateTime   *now,
                        GError     **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GDateTime) clock = NULL;
  Reader reader;
  int columns[N_COLS] = { -1, -1, -1, -1, -1 };
  gboolean have_header = FALSE;
  guint n_header = 0;
  guint line = 0;
  GError *read_error = NULL;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (length > RTCC_HOTLIST_CSV_MAX_BYTES)
    {
      g_set_error (error, RTCC_HOTLIST_CSV_ERROR, RTCC_HOTLIST_CSV_ERROR_TOO_LARGE,
                   _("The file is larger than %d MB; split it into smaller files."),
                   RTCC_HOTLIST_CSV_MAX_BYTES / (1024 * 1024));
      return NULL;
    }
  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    {
      data += 3;
      length -= 3;
    }
  if (length > 0 && !g_utf8_validate_len (data, length, NULL))
    {
      g_set_error (error, RTCC_HOTLIST_CSV_ERROR, RTCC_HOTLIST_CSV_ERROR_NOT_TEXT,
                   _("The file is not UTF-8 text. Save it as “CSV UTF-8” and try again."));
      return NULL;
    }
  if (now == NULL)
    now = clock = g_date_time_new_now_local ();

  reader.p = data;
  reader.end = data + length;
  reader.line = 1;
  while (read_record (&reader, fields, &line, &read_error))
    {
      if (record_is_empty (fields))
        continue;
      if (!have_header)
        {
          if (!read_header (fields, columns, error))
            return NULL;
          have_header = TRUE;
          n_header = fields->len;
          continue;
        }
      if (rows->len >= RTCC_HOTLIST_CSV_MAX_ROWS)
        {
          g_set_error (error, RTCC_HOTLIST_CSV_ERROR, RTCC_HOTLIST_CSV_ERROR_TOO_MANY_ROWS,
                       _("The file has more than %d rows; split it into smaller files."),
                       RTCC_HOTLIST_CSV_MAX_ROWS);
          return NULL;
        }
      g_ptr_array_add (rows, make_row (fields, line, columns, n_header, seen, now));
    }
  if (read_error != NULL)
    {
      g_propagate_error (error, read_error);
      return NULL;
    }
  if (!have_header)
    {
      g_set_error (error, RTCC_HOTLIST_CSV_ERROR, RTCC_HOTLIST_CSV_ERROR_BAD_HEADER,
                   _("The file is empty. The first line must name the columns: plate,state,reason,case,expiry."));
      return NULL;
    }
  return g_steal_pointer (&rows);
}

/**
 * rtcc_hotlist_csv_count_valid:
 * @rows: (element-type RtccHotlistCsvRow): parsed rows
 *
 * Returns: how many rows can be sent
 */
guint
rtcc_hotlist_csv_count_valid (GPtrArray *rows)
{
  guint n = 0;

  g_return_val_if_fail (rows != NULL, 0);

  for (guint i = 0; i < rows->len; i++)
    if (rtcc_hotlist_csv_row_is_valid (g_ptr_array_index (rows, i)))
      n++;
  return n;
}
