/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rtcc-audit-log.h"

G_BEGIN_DECLS

#define RTCC_TYPE_AUDIT_WINDOW (rtcc_audit_window_get_type ())
G_DECLARE_FINAL_TYPE (RtccAuditWindow, rtcc_audit_window, RTCC, AUDIT_WINDOW, AdwWindow)

RtccAuditWindow *rtcc_audit_window_new             (RtccAuditLog    *audit,
                                                    const char      *operator_id,
                                                    const char      *ori);
void             rtcc_audit_window_set_filter      (RtccAuditWindow *self,
                                                    const char      *operator_id,
                                                    const char      *action,
                                                    const char      *integration,
                                                    guint            hours);
void             rtcc_audit_window_refresh         (RtccAuditWindow *self);
void             rtcc_audit_window_verify          (RtccAuditWindow *self);
void             rtcc_audit_window_export_to_file  (RtccAuditWindow *self,
                                                    GFile           *file);
gboolean         rtcc_audit_window_is_busy         (RtccAuditWindow *self);
GListModel      *rtcc_audit_window_get_records     (RtccAuditWindow *self);
const char      *rtcc_audit_window_get_status_text (RtccAuditWindow *self);

G_END_DECLS
