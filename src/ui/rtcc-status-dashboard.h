/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rtcc-health-monitor.h"

G_BEGIN_DECLS

#define RTCC_TYPE_STATUS_DASHBOARD (rtcc_status_dashboard_get_type ())
G_DECLARE_FINAL_TYPE (RtccStatusDashboard, rtcc_status_dashboard, RTCC, STATUS_DASHBOARD, AdwWindow)

RtccStatusDashboard *rtcc_status_dashboard_new                (GListModel          *integrations,
                                                               RtccHealthMonitor   *monitor);
GListModel          *rtcc_status_dashboard_get_integrations   (RtccStatusDashboard *self);
RtccHealthMonitor   *rtcc_status_dashboard_get_health_monitor (RtccStatusDashboard *self);
gboolean             rtcc_status_dashboard_get_checking       (RtccStatusDashboard *self);
GtkColumnView       *rtcc_status_dashboard_get_column_view    (RtccStatusDashboard *self);
void                 rtcc_status_dashboard_check_now          (RtccStatusDashboard *self);

G_END_DECLS
