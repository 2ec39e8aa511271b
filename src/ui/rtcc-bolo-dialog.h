/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rtcc-audit-log.h"
#include "hotsheets/rtcc-hotsheets-integration.h"

G_BEGIN_DECLS

/**
 * RtccBoloField:
 *
 * The fields of the new-BOLO form, each with its own error line.
 */
typedef enum
{
  RTCC_BOLO_FIELD_PLATE,
  RTCC_BOLO_FIELD_STATE,
  RTCC_BOLO_FIELD_MAKE,
  RTCC_BOLO_FIELD_MODEL,
  RTCC_BOLO_FIELD_COLOR,
  RTCC_BOLO_FIELD_LAST_NAME,
  RTCC_BOLO_FIELD_FIRST_NAME,
  RTCC_BOLO_FIELD_DOB,
  RTCC_BOLO_FIELD_REASON,
  RTCC_BOLO_FIELD_CASE,
  RTCC_BOLO_FIELD_CAUTIONS,
  RTCC_BOLO_N_FIELDS
} RtccBoloField;

#define RTCC_TYPE_BOLO_DIALOG (rtcc_bolo_dialog_get_type ())
G_DECLARE_FINAL_TYPE (RtccBoloDialog, rtcc_bolo_dialog, RTCC, BOLO_DIALOG, AdwWindow)

RtccBoloDialog *rtcc_bolo_dialog_new              (RtccHotsheetsIntegration *hotsheets,
                                                   RtccAuditLog             *audit,
                                                   const char               *operator_id);
void            rtcc_bolo_dialog_set_person       (RtccBoloDialog           *self,
                                                   gboolean                  person);
void            rtcc_bolo_dialog_set_field        (RtccBoloDialog           *self,
                                                   RtccBoloField             field,
                                                   const char               *text);
const char     *rtcc_bolo_dialog_get_field        (RtccBoloDialog           *self,
                                                   RtccBoloField             field);
const char     *rtcc_bolo_dialog_get_field_error  (RtccBoloDialog           *self,
                                                   RtccBoloField             field);
const char     *rtcc_bolo_dialog_get_form_status  (RtccBoloDialog           *self);
gboolean        rtcc_bolo_dialog_create           (RtccBoloDialog           *self);
gboolean        rtcc_bolo_dialog_get_busy         (RtccBoloDialog           *self);
void            rtcc_bolo_dialog_refresh          (RtccBoloDialog           *self);
GListModel     *rtcc_bolo_dialog_get_active       (RtccBoloDialog           *self);
void            rtcc_bolo_dialog_check_plate      (RtccBoloDialog           *self,
                                                   const char               *plate,
                                                   const char               *state);
const char     *rtcc_bolo_dialog_get_check_result (RtccBoloDialog           *self);

G_END_DECLS
