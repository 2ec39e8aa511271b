/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ness/rtcc-ness-integration.h"
#include "onesolution/rtcc-onesolution-integration.h"

G_BEGIN_DECLS

#define RTCC_TYPE_CASE_WINDOW (rtcc_case_window_get_type ())
G_DECLARE_FINAL_TYPE (RtccCaseWindow, rtcc_case_window, RTCC, CASE_WINDOW, AdwWindow)

RtccCaseWindow *rtcc_case_window_new             (RtccOnesolutionIntegration *rms,
                                                  RtccNessIntegration        *ness,
                                                  const char                 *case_number);
gboolean        rtcc_case_window_is_busy         (RtccCaseWindow             *self);
const char     *rtcc_case_window_get_summary     (RtccCaseWindow             *self);
const char     *rtcc_case_window_get_status_text (RtccCaseWindow             *self);
GListModel     *rtcc_case_window_get_incidents   (RtccCaseWindow             *self);
GListModel     *rtcc_case_window_get_persons     (RtccCaseWindow             *self);
GtkWindow      *rtcc_case_window_open_incident   (RtccCaseWindow             *self,
                                                  guint                       position);

G_END_DECLS
