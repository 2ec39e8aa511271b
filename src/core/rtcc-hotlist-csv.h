/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "rtcc-hotlist-csv-row.h"

G_BEGIN_DECLS

#define RTCC_HOTLIST_CSV_ERROR (rtcc_hotlist_csv_error_quark ())

/* A file with more rows is refused whole: it is a bulk load for the
 * vendor, not an analyst's list. */
#define RTCC_HOTLIST_CSV_MAX_ROWS     10000
#define RTCC_HOTLIST_CSV_MAX_BYTES    (8 * 1024 * 1024)
#define RTCC_HOTLIST_PLATE_MAX_CHARS  10
#define RTCC_HOTLIST_REASON_MAX_CHARS 500
#define RTCC_HOTLIST_CASE_MAX_CHARS   64

/**
 * RtccHotlistCsvError:
 * @RTCC_HOTLIST_CSV_ERROR_TOO_LARGE: the file is over
 *   %RTCC_HOTLIST_CSV_MAX_BYTES
 * @RTCC_HOTLIST_CSV_ERROR_TOO_MANY_ROWS: more than
 *   %RTCC_HOTLIST_CSV_MAX_ROWS rows
 * @RTCC_HOTLIST_CSV_ERROR_NOT_TEXT: not UTF-8 text
 * @RTCC_HOTLIST_CSV_ERROR_BAD_HEADER: no header row naming plate, state
 *   and reason
 * @RTCC_HOTLIST_CSV_ERROR_UNTERMINATED_QUOTE: a quoted field never ends
 * @RTCC_HOTLIST_CSV_ERROR_MISSING_PLATE: a row or form without a plate
 * @RTCC_HOTLIST_CSV_ERROR_BAD_PLATE: a plate with wildcards or characters
 *   no plate carries
 * @RTCC_HOTLIST_CSV_ERROR_BAD_STATE: not a two-letter state code
 * @RTCC_HOTLIST_CSV_ERROR_MISSING_REASON: no reason for listing the plate
 * @RTCC_HOTLIST_CSV_ERROR_BAD_DATE: an expiry that is not a date, or not
 *   in the future
 * @RTCC_HOTLIST_CSV_ERROR_DUPLICATE: the plate is already on an earlier row
 * @RTCC_HOTLIST_CSV_ERROR_TOO_LONG: a field over its length limit
 * @RTCC_HOTLIST_CSV_ERROR_BAD_ROW: more fields than the header names, or
 *   control characters in a field
 *
 * The first five refuse the whole file; the others are reported per row
 * (rtcc_hotlist_csv_row_get_problem_code()) and by the entry form.
 */
typedef enum
{
  RTCC_HOTLIST_CSV_ERROR_TOO_LARGE,
  RTCC_HOTLIST_CSV_ERROR_TOO_MANY_ROWS,
  RTCC_HOTLIST_CSV_ERROR_NOT_TEXT,
  RTCC_HOTLIST_CSV_ERROR_BAD_HEADER,
  RTCC_HOTLIST_CSV_ERROR_UNTERMINATED_QUOTE,
  RTCC_HOTLIST_CSV_ERROR_MISSING_PLATE,
  RTCC_HOTLIST_CSV_ERROR_BAD_PLATE,
  RTCC_HOTLIST_CSV_ERROR_BAD_STATE,
  RTCC_HOTLIST_CSV_ERROR_MISSING_REASON,
  RTCC_HOTLIST_CSV_ERROR_BAD_DATE,
  RTCC_HOTLIST_CSV_ERROR_DUPLICATE,
  RTCC_HOTLIST_CSV_ERROR_TOO_LONG,
  RTCC_HOTLIST_CSV_ERROR_BAD_ROW,
} RtccHotlistCsvError;

GQuark      rtcc_hotlist_csv_error_quark    (void);

char       *rtcc_hotlist_check_plate        (const char  *text,
                                             GError     **error);
char       *rtcc_hotlist_check_state        (const char  *text,
                                             GError     **error);
gboolean    rtcc_hotlist_check_reason       (const char  *text,
                                             GError     **error);
gboolean    rtcc_hotlist_check_case         (const char  *text,
                                             GError     **error);
gboolean    rtcc_hotlist_check_expiry       (const char  *text,
                                             GDateTime   *now,
                                             GDateTime  **expires_at,
                                             GError     **error);

GPtrArray  *rtcc_hotlist_csv_parse          (const char  *data,
                                             gsize        length,
                                             GDateTime   *now,
                                             GError     **error);
guint       rtcc_hotlist_csv_count_valid    (GPtrArray   *rows);

G_END_DECLS
