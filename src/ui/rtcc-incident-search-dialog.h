/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rtcc-map-view.h"
#include "ness/rtcc-ness-integration.h"
#include "onesolution/rtcc-onesolution-integration.h"

G_BEGIN_DECLS

/* Incidents asked of the RMS per page. */
#define RTCC_INCIDENT_SEARCH_PAGE_SIZE 50

#define RTCC_TYPE_INCIDENT_SEARCH_DIALOG (rtcc_incident_search_dialog_get_type ())
G_DECLARE_FINAL_TYPE (RtccIncidentSearchDialog, rtcc_incident_search_dialog, RTCC, INCIDENT_SEARCH_DIALOG, AdwWindow)

RtccIncidentSearchDialog *rtcc_incident_search_dialog_new            (RtccOnesolutionIntegration *rms,
                                                                      RtccNessIntegration        *ness);
void                      rtcc_incident_search_dialog_set_map_area   (RtccIncidentSearchDialog   *self,
                                                                      double                      south,
                                                                      double                      west,
                                                                      double                      north,
                                                                      double                      east);
void                      rtcc_incident_search_dialog_set_map_view   (RtccIncidentSearchDialog   *self,
                                                                      RtccMapView                *map_view);
void                      rtcc_incident_search_dialog_set_query      (RtccIncidentSearchDialog   *self,
                                                                      const char                 *type,
                                                                      const char                 *status,
                                                                      const char                 *from,
                                                                      const char                 *to,
                                                                      const char                 *address,
                                                                      gboolean                    in_map_area);
gboolean                  rtcc_incident_search_dialog_search         (RtccIncidentSearchDialog   *self);
gboolean                  rtcc_incident_search_dialog_go_to_page     (RtccIncidentSearchDialog   *self,
                                                                      guint                       page);
gboolean                  rtcc_incident_search_dialog_get_searching  (RtccIncidentSearchDialog   *self);
guint                     rtcc_incident_search_dialog_get_page       (RtccIncidentSearchDialog   *self);
guint                     rtcc_incident_search_dialog_get_n_pages    (RtccIncidentSearchDialog   *self);
GListModel               *rtcc_incident_search_dialog_get_results    (RtccIncidentSearchDialog   *self);
const char               *rtcc_incident_search_dialog_get_status     (RtccIncidentSearchDialog   *self);
GtkWindow                *rtcc_incident_search_dialog_open_incident  (RtccIncidentSearchDialog   *self,
                                                                      const char                 *number);
GtkWindow                *rtcc_incident_search_dialog_open_case      (RtccIncidentSearchDialog   *self,
                                                                      const char                 *case_number);

G_END_DECLS
