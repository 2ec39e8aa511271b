/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rtcc-clip-export-dialog.h"

#include "rtcc-event.h"
#include "rtcc-event-store.h"
#include "rtcc-ness-dialog.h"
#include "bwc/rtcc-bwc-integration.h"
#include "milestone/rtcc-milestone-integration.h"
#include "ness/rtcc-ness-integration.h"
#include "onesolution/rtcc-onesolution-integration.h"
#include "shotspotter/rtcc-shotspotter-integration.h"

G_BEGIN_DECLS

#define RTCC_TYPE_INCIDENT_WINDOW (rtcc_incident_window_get_type ())
G_DECLARE_FINAL_TYPE (RtccIncidentWindow, rtcc_incident_window, RTCC, INCIDENT_WINDOW, AdwWindow)

RtccIncidentWindow *rtcc_incident_window_new             (RtccOnesolutionIntegration *rms,
                                                          RtccNessIntegration        *ness,
                                                          RtccEvent                  *incident);
RtccEvent          *rtcc_incident_window_get_incident    (RtccIncidentWindow         *self);
gboolean            rtcc_incident_window_is_busy         (RtccIncidentWindow         *self);
GListModel         *rtcc_incident_window_get_persons     (RtccIncidentWindow         *self);
GListModel         *rtcc_incident_window_get_fields      (RtccIncidentWindow         *self);
const char         *rtcc_incident_window_get_case_text   (RtccIncidentWindow         *self);
const char         *rtcc_incident_window_get_status_text (RtccIncidentWindow         *self);
RtccNessDialog     *rtcc_incident_window_query_person    (RtccIncidentWindow         *self,
                                                          guint                       position);
RtccIncidentWindow *rtcc_incident_window_new_for_number  (RtccOnesolutionIntegration *rms,
                                                          RtccNessIntegration        *ness,
                                                          const char                 *number);
GtkWindow          *rtcc_incident_window_open_case       (RtccIncidentWindow         *self);
void                rtcc_incident_window_set_related     (RtccIncidentWindow         *self,
                                                          RtccEventStore             *store,
                                                          RtccBwcIntegration         *bwc,
                                                          RtccMilestoneIntegration   *milestone,
                                                          RtccShotspotterIntegration *shotspotter);
GListModel         *rtcc_incident_window_get_recordings  (RtccIncidentWindow         *self);
GListModel         *rtcc_incident_window_get_cameras     (RtccIncidentWindow         *self);
GListModel         *rtcc_incident_window_get_gunshots    (RtccIncidentWindow         *self);
gboolean            rtcc_incident_window_show_gunshot    (RtccIncidentWindow         *self,
                                                          guint                       position);
RtccClipExportDialog *rtcc_incident_window_export_camera_clip (RtccIncidentWindow    *self,
                                                          guint                       position);

G_END_DECLS
