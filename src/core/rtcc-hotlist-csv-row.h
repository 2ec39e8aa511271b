/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * RtccHotlistCsvRowResult:
 * @RTCC_HOTLIST_CSV_ROW_PENDING: not sent (yet)
 * @RTCC_HOTLIST_CSV_ROW_ADDED: the vendor listed the plate
 * @RTCC_HOTLIST_CSV_ROW_FAILED: the vendor refused it, or it was not sent
 *   because of the row's problem or a cancelled import
 */
typedef enum
{
  RTCC_HOTLIST_CSV_ROW_PENDING,
  RTCC_HOTLIST_CSV_ROW_ADDED,
  RTCC_HOTLIST_CSV_ROW_FAILED,
} RtccHotlistCsvRowResult;

#define RTCC_TYPE_HOTLIST_CSV_ROW (rtcc_hotlist_csv_row_get_type ())
G_DECLARE_FINAL_TYPE (RtccHotlistCsvRow, rtcc_hotlist_csv_row, RTCC, HOTLIST_CSV_ROW, GObject)

RtccHotlistCsvRow       *rtcc_hotlist_csv_row_new              (guint                    line);
guint                    rtcc_hotlist_csv_row_get_line         (RtccHotlistCsvRow       *self);
const char              *rtcc_hotlist_csv_row_get_plate        (RtccHotlistCsvRow       *self);
const char              *rtcc_hotlist_csv_row_get_state        (RtccHotlistCsvRow       *self);
const char              *rtcc_hotlist_csv_row_get_reason       (RtccHotlistCsvRow       *self);
const char              *rtcc_hotlist_csv_row_get_case_number  (RtccHotlistCsvRow       *self);
const char              *rtcc_hotlist_csv_row_get_expiry       (RtccHotlistCsvRow       *self);
GDateTime               *rtcc_hotlist_csv_row_get_expires_at   (RtccHotlistCsvRow       *self);
void                     rtcc_hotlist_csv_row_set_fields       (RtccHotlistCsvRow       *self,
                                                                const char              *plate,
                                                                const char              *state,
                                                                const char              *reason,
                                                                const char              *case_number,
                                                                const char              *expiry,
                                                                GDateTime               *expires_at);
const char              *rtcc_hotlist_csv_row_get_problem      (RtccHotlistCsvRow       *self);
int                      rtcc_hotlist_csv_row_get_problem_code (RtccHotlistCsvRow       *self);
void                     rtcc_hotlist_csv_row_set_problem      (RtccHotlistCsvRow       *self,
                                                                int                      code,
                                                                const char              *problem);
gboolean                 rtcc_hotlist_csv_row_is_valid         (RtccHotlistCsvRow       *self);
RtccHotlistCsvRowResult  rtcc_hotlist_csv_row_get_result       (RtccHotlistCsvRow       *self);
const char              *rtcc_hotlist_csv_row_get_status       (RtccHotlistCsvRow       *self);
void                     rtcc_hotlist_csv_row_set_result       (RtccHotlistCsvRow       *self,
                                                                RtccHotlistCsvRowResult  result,
                                                                const char              *status);

G_END_DECLS
