/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "bwc/rtcc-bwc-integration.h"
#include "rtcc-audit-log.h"
#include "rtcc-bwc-player.h"
#include "rtcc-bwc-recording.h"

G_BEGIN_DECLS

#define RTCC_TYPE_BWC_WINDOW (rtcc_bwc_window_get_type ())
G_DECLARE_FINAL_TYPE (RtccBwcWindow, rtcc_bwc_window, RTCC, BWC_WINDOW, AdwWindow)

RtccBwcWindow    *rtcc_bwc_window_new                 (RtccBwcIntegration *bwc,
                                                       RtccAuditLog       *audit,
                                                       const char         *operator_id);
void              rtcc_bwc_window_search_officer      (RtccBwcWindow      *self,
                                                       const char         *officer_id,
                                                       GDate              *date);
gboolean          rtcc_bwc_window_search_incident     (RtccBwcWindow      *self,
                                                       const char         *incident);
gboolean          rtcc_bwc_window_is_loading          (RtccBwcWindow      *self);
const char       *rtcc_bwc_window_get_list_error      (RtccBwcWindow      *self);
GListModel       *rtcc_bwc_window_get_recordings      (RtccBwcWindow      *self);
GListModel       *rtcc_bwc_window_get_assignments     (RtccBwcWindow      *self);
gboolean          rtcc_bwc_window_is_loading_assignments (RtccBwcWindow   *self);
void              rtcc_bwc_window_select              (RtccBwcWindow      *self,
                                                       guint               position);
RtccBwcRecording *rtcc_bwc_window_get_selected        (RtccBwcWindow      *self);
RtccBwcPlayer    *rtcc_bwc_window_get_player          (RtccBwcWindow      *self);
void              rtcc_bwc_window_download_to         (RtccBwcWindow      *self,
                                                       GFile              *destination);
void              rtcc_bwc_window_cancel_download     (RtccBwcWindow      *self);
gboolean          rtcc_bwc_window_is_downloading      (RtccBwcWindow      *self);
const char       *rtcc_bwc_window_get_download_result (RtccBwcWindow      *self,
                                                       gboolean           *succeeded);
gboolean          rtcc_bwc_window_link                (RtccBwcWindow      *self,
                                                       const char         *incident);
void              rtcc_bwc_window_unlink              (RtccBwcWindow      *self,
                                                       const char         *incident);
gboolean          rtcc_bwc_window_is_busy             (RtccBwcWindow      *self);
gboolean          rtcc_bwc_incident_number_is_valid   (const char         *incident);

G_END_DECLS
