/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rtcc-audit-log.h"
#include "rtcc-event-store.h"
#include "flock/rtcc-flock-integration.h"
#include "rtcc-geo-area.h"
#include "rtcc-map-view.h"

G_BEGIN_DECLS

/* In the order of the dialog's area list. */
typedef enum
{
  RTCC_PLATE_AREA_ANYWHERE,
  RTCC_PLATE_AREA_VISIBLE,
  RTCC_PLATE_AREA_DRAWN,
  RTCC_PLATE_AREA_RADIUS,
} RtccPlateAreaMode;

#define RTCC_TYPE_PLATE_SEARCH_DIALOG (rtcc_plate_search_dialog_get_type ())
G_DECLARE_FINAL_TYPE (RtccPlateSearchDialog, rtcc_plate_search_dialog, RTCC, PLATE_SEARCH_DIALOG, AdwWindow)

RtccPlateSearchDialog *rtcc_plate_search_dialog_new           (RtccFlockIntegration  *flock,
                                                               RtccEventStore        *store,
                                                               RtccAuditLog          *audit,
                                                               const char            *operator_id);
void                   rtcc_plate_search_dialog_set_query     (RtccPlateSearchDialog *self,
                                                               const char            *plate,
                                                               const char            *state,
                                                               const char            *reason,
                                                               const char            *case_number);
gboolean               rtcc_plate_search_dialog_can_search    (RtccPlateSearchDialog *self);
gboolean               rtcc_plate_search_dialog_search        (RtccPlateSearchDialog *self);
gboolean               rtcc_plate_search_dialog_get_searching (RtccPlateSearchDialog *self);
GListModel            *rtcc_plate_search_dialog_get_results   (RtccPlateSearchDialog *self);
const char            *rtcc_plate_search_dialog_get_status    (RtccPlateSearchDialog *self);
char                  *rtcc_plate_search_dialog_build_csv     (RtccPlateSearchDialog *self);
void                   rtcc_plate_search_dialog_set_map_view  (RtccPlateSearchDialog *self,
                                                               RtccMapView           *map_view);
void                   rtcc_plate_search_dialog_set_area_mode (RtccPlateSearchDialog *self,
                                                               RtccPlateAreaMode      mode);
RtccPlateAreaMode      rtcc_plate_search_dialog_get_area_mode (RtccPlateSearchDialog *self);
gboolean               rtcc_plate_search_dialog_get_area      (RtccPlateSearchDialog *self,
                                                               RtccGeoArea           *area,
                                                               GError               **error);
void                   rtcc_plate_search_dialog_set_radius    (RtccPlateSearchDialog *self,
                                                               double                 lat,
                                                               double                 lon,
                                                               double                 radius_m);
void                   rtcc_plate_search_dialog_draw_area     (RtccPlateSearchDialog *self);
void                   rtcc_plate_search_dialog_set_vehicle   (RtccPlateSearchDialog *self,
                                                               const char            *color,
                                                               const char            *make,
                                                               const char            *model,
                                                               const char            *type);

G_END_DECLS
