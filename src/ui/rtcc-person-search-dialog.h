/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rtcc-ness-dialog.h"
#include "ness/rtcc-ness-integration.h"
#include "onesolution/rtcc-onesolution-integration.h"

G_BEGIN_DECLS

#define RTCC_TYPE_PERSON_SEARCH_DIALOG (rtcc_person_search_dialog_get_type ())
G_DECLARE_FINAL_TYPE (RtccPersonSearchDialog, rtcc_person_search_dialog, RTCC, PERSON_SEARCH_DIALOG, AdwWindow)

RtccPersonSearchDialog *rtcc_person_search_dialog_new           (RtccOnesolutionIntegration *rms,
                                                                 RtccNessIntegration        *ness);
void                    rtcc_person_search_dialog_set_query     (RtccPersonSearchDialog     *self,
                                                                 const char                 *last_name,
                                                                 const char                 *first_name,
                                                                 const char                 *dob,
                                                                 gboolean                    phonetic);
gboolean                rtcc_person_search_dialog_can_search    (RtccPersonSearchDialog     *self);
gboolean                rtcc_person_search_dialog_search        (RtccPersonSearchDialog     *self);
gboolean                rtcc_person_search_dialog_get_busy      (RtccPersonSearchDialog     *self);
guint                   rtcc_person_search_dialog_get_n_results (RtccPersonSearchDialog     *self);
char                   *rtcc_person_search_dialog_dup_result_id (RtccPersonSearchDialog     *self,
                                                                 guint                       position);
void                    rtcc_person_search_dialog_select        (RtccPersonSearchDialog     *self,
                                                                 guint                       position);
GListModel             *rtcc_person_search_dialog_get_details   (RtccPersonSearchDialog     *self);
const char             *rtcc_person_search_dialog_get_status    (RtccPersonSearchDialog     *self);
RtccNessDialog         *rtcc_person_search_dialog_query_ncic    (RtccPersonSearchDialog     *self);

G_END_DECLS
