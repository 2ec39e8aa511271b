/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "rtcc-enums.h"

G_BEGIN_DECLS

#define RTCC_TYPE_HEALTH_SUMMARY (rtcc_health_summary_get_type ())
G_DECLARE_FINAL_TYPE (RtccHealthSummary, rtcc_health_summary, RTCC, HEALTH_SUMMARY, GObject)

RtccHealthSummary     *rtcc_health_summary_new           (GListModel        *integrations);
GListModel            *rtcc_health_summary_get_model     (RtccHealthSummary *self);
void                   rtcc_health_summary_set_model     (RtccHealthSummary *self,
                                                          GListModel        *integrations);
guint                  rtcc_health_summary_get_n_status  (RtccHealthSummary *self,
                                                          RtccIntegrationStatus status);
RtccIntegrationStatus  rtcc_health_summary_get_worst     (RtccHealthSummary *self);
const char            *rtcc_health_summary_get_label     (RtccHealthSummary *self);
const char            *rtcc_health_summary_get_css_class (RtccHealthSummary *self);

G_END_DECLS
