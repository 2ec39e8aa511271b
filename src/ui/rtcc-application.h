/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rtcc-alerter.h"
#include "rtcc-audit-log.h"
#include "rtcc-bolo-watch.h"
#include "rtcc-config.h"
#include "rtcc-event-store.h"
#include "rtcc-event-list.h"
#include "rtcc-health-monitor.h"
#include "rtcc-registry.h"

G_BEGIN_DECLS

/* How many events the live feed keeps in memory. */
#define RTCC_APPLICATION_MAX_EVENTS 5000

#define RTCC_TYPE_APPLICATION (rtcc_application_get_type ())
G_DECLARE_FINAL_TYPE (RtccApplication, rtcc_application, RTCC, APPLICATION, AdwApplication)

RtccApplication   *rtcc_application_new                (void);
RtccConfig        *rtcc_application_get_config         (RtccApplication *self);
RtccRegistry      *rtcc_application_get_registry       (RtccApplication *self);
RtccHealthMonitor *rtcc_application_get_health_monitor (RtccApplication *self);
RtccEventList     *rtcc_application_get_events         (RtccApplication *self);
RtccEventStore    *rtcc_application_get_store          (RtccApplication *self);
RtccAuditLog      *rtcc_application_get_audit_log      (RtccApplication *self);
RtccAlerter       *rtcc_application_get_alerter        (RtccApplication *self);
GSettings         *rtcc_application_get_settings       (RtccApplication *self);
int                rtcc_application_get_exit_status    (RtccApplication *self);
GSettings         *rtcc_application_lookup_settings    (void);
RtccAuditLog      *rtcc_application_get_audit_log      (RtccApplication *self);
RtccEventStore    *rtcc_application_get_store          (RtccApplication *self);
const char        *rtcc_application_get_operator_id    (RtccApplication *self);
RtccBoloWatch     *rtcc_application_get_bolo_watch     (RtccApplication *self);
void               rtcc_application_set_operator_id    (RtccApplication *self,
                                                        const char      *operator_id);

G_END_DECLS
