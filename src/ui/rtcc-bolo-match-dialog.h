/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rtcc-audit-log.h"
#include "rtcc-event.h"

G_BEGIN_DECLS

#define RTCC_TYPE_BOLO_MATCH_DIALOG (rtcc_bolo_match_dialog_get_type ())
G_DECLARE_FINAL_TYPE (RtccBoloMatchDialog, rtcc_bolo_match_dialog, RTCC, BOLO_MATCH_DIALOG, AdwWindow)

RtccBoloMatchDialog *rtcc_bolo_match_dialog_new      (RtccEvent           *bolo,
                                                      RtccEvent           *read,
                                                      RtccAuditLog        *audit,
                                                      const char          *operator_id);
RtccEvent           *rtcc_bolo_match_dialog_get_bolo (RtccBoloMatchDialog *self);
RtccEvent           *rtcc_bolo_match_dialog_get_read (RtccBoloMatchDialog *self);
void                 rtcc_bolo_match_dialog_decide   (RtccBoloMatchDialog *self,
                                                      gboolean             confirmed);

G_END_DECLS
