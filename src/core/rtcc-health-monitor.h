/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "rtcc-registry.h"

G_BEGIN_DECLS

typedef enum
{
  RTCC_OVERALL_HEALTHY,
  RTCC_OVERALL_DEGRADED,
  RTCC_OVERALL_UNHEALTHY,
} RtccOverallHealth;

#define RTCC_TYPE_HEALTH_MONITOR (rtcc_health_monitor_get_type ())
G_DECLARE_FINAL_TYPE (RtccHealthMonitor, rtcc_health_monitor, RTCC, HEALTH_MONITOR, GObject)

RtccHealthMonitor *rtcc_health_monitor_new              (RtccRegistry        *registry);
RtccRegistry      *rtcc_health_monitor_get_registry     (RtccHealthMonitor   *self);
void               rtcc_health_monitor_set_interval     (RtccHealthMonitor   *self,
                                                         guint                seconds);
void               rtcc_health_monitor_start            (RtccHealthMonitor   *self);
void               rtcc_health_monitor_stop             (RtccHealthMonitor   *self);
void               rtcc_health_monitor_check_all_async  (RtccHealthMonitor   *self,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
gboolean           rtcc_health_monitor_check_all_finish (RtccHealthMonitor   *self,
                                                         GAsyncResult        *result,
                                                         GError             **error);
GType              rtcc_overall_health_get_type         (void) G_GNUC_CONST;
RtccOverallHealth  rtcc_health_monitor_get_overall      (RtccHealthMonitor   *self);
const char        *rtcc_overall_health_to_string        (RtccOverallHealth    health);
JsonNode          *rtcc_health_monitor_to_json          (RtccHealthMonitor   *self);

G_END_DECLS
