/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "milestone/rtcc-milestone-integration.h"
#include "rtcc-audit-log.h"
#include "rtcc-clip-player.h"

G_BEGIN_DECLS

/* Audit action of a clip exported from the VMS. */
#define RTCC_AUDIT_ACTION_VIDEO_EXPORT "video_export"

/**
 * RtccClipExportState:
 * @RTCC_CLIP_EXPORT_STATE_IDLE: the range is being chosen
 * @RTCC_CLIP_EXPORT_STATE_EXPORTING: the VMS is cutting or sending the clip
 * @RTCC_CLIP_EXPORT_STATE_DONE: the clip is in the temporary file
 * @RTCC_CLIP_EXPORT_STATE_FAILED: the export failed or was cancelled
 */
typedef enum
{
  RTCC_CLIP_EXPORT_STATE_IDLE,
  RTCC_CLIP_EXPORT_STATE_EXPORTING,
  RTCC_CLIP_EXPORT_STATE_DONE,
  RTCC_CLIP_EXPORT_STATE_FAILED,
} RtccClipExportState;

#define RTCC_TYPE_CLIP_EXPORT_STATE (rtcc_clip_export_state_get_type ())
GType rtcc_clip_export_state_get_type (void) G_GNUC_CONST;

#define RTCC_TYPE_CLIP_EXPORT_DIALOG (rtcc_clip_export_dialog_get_type ())
G_DECLARE_FINAL_TYPE (RtccClipExportDialog, rtcc_clip_export_dialog, RTCC, CLIP_EXPORT_DIALOG, AdwWindow)

RtccClipExportDialog *rtcc_clip_export_dialog_new         (RtccMilestoneIntegration *milestone,
                                                           const char               *camera_id,
                                                           const char               *camera_name);
void                  rtcc_clip_export_dialog_set_range   (RtccClipExportDialog     *self,
                                                           GDateTime                *start,
                                                           GDateTime                *end);
void                  rtcc_clip_export_dialog_set_around  (RtccClipExportDialog     *self,
                                                           GDateTime                *time);
void                  rtcc_clip_export_dialog_set_camera_name (RtccClipExportDialog *self,
                                                           const char               *camera_name);
const char           *rtcc_clip_export_dialog_get_camera_id (RtccClipExportDialog   *self);
void                  rtcc_clip_export_dialog_set_play_when_done (RtccClipExportDialog *self,
                                                           gboolean                  play);
void                  rtcc_clip_export_dialog_set_audit   (RtccClipExportDialog     *self,
                                                           RtccAuditLog             *audit,
                                                           const char               *operator_id);
gboolean              rtcc_clip_export_dialog_start       (RtccClipExportDialog     *self);
void                  rtcc_clip_export_dialog_cancel      (RtccClipExportDialog     *self);
void                  rtcc_clip_export_dialog_play        (RtccClipExportDialog     *self);
RtccClipExportState   rtcc_clip_export_dialog_get_state   (RtccClipExportDialog     *self);
double                rtcc_clip_export_dialog_get_fraction (RtccClipExportDialog    *self);
const char           *rtcc_clip_export_dialog_get_message (RtccClipExportDialog     *self);
GFile                *rtcc_clip_export_dialog_get_file    (RtccClipExportDialog     *self);
RtccClipPlayer       *rtcc_clip_export_dialog_get_player  (RtccClipExportDialog     *self);

G_END_DECLS
