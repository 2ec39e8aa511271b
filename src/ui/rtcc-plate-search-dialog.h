/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rtcc-audit-log.h"
#include "rtcc-event-store.h"
#include "flock/rtcc-flock-integration.h"

G_BEGIN_DECLS

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

G_END_DECLS
