/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rtcc-base-integration.h"
#include "rtcc-camera.h"

G_BEGIN_DECLS

#define RTCC_MILESTONE_ERROR (rtcc_milestone_error_quark ())

typedef enum
{
  RTCC_MILESTONE_ERROR_EXPORT_FAILED, /* Milestone could not make the clip */
  RTCC_MILESTONE_ERROR_NO_STREAM,     /* the camera has no live stream */
  RTCC_MILESTONE_ERROR_BAD_ANSWER,    /* an answer of the wrong shape */
} RtccMilestoneError;

/**
 * RtccExportPhase:
 * @RTCC_EXPORT_PHASE_EXPORTING: Milestone is cutting the clip
 * @RTCC_EXPORT_PHASE_DOWNLOADING: the clip is being saved
 */
typedef enum
{
  RTCC_EXPORT_PHASE_EXPORTING,
  RTCC_EXPORT_PHASE_DOWNLOADING,
} RtccExportPhase;

/**
 * RtccExportProgress:
 * @phase: what is under way
 * @fraction: how far it is, 0 to 1, or -1 when unknown
 * @user_data: the caller's data
 */
typedef void (*RtccExportProgress) (RtccExportPhase phase,
                                    double          fraction,
                                    gpointer        user_data);

#define RTCC_TYPE_MILESTONE_INTEGRATION (rtcc_milestone_integration_get_type ())
G_DECLARE_FINAL_TYPE (RtccMilestoneIntegration, rtcc_milestone_integration, RTCC, MILESTONE_INTEGRATION, RtccBaseIntegration)

GQuark            rtcc_milestone_error_quark                    (void);

RtccIntegration  *rtcc_milestone_integration_new                (RtccConfig               *config);

void              rtcc_milestone_integration_list_cameras_async (RtccMilestoneIntegration *self,
                                                                 GCancellable             *cancellable,
                                                                 GAsyncReadyCallback       callback,
                                                                 gpointer                  user_data);
GPtrArray        *rtcc_milestone_integration_list_cameras_finish (RtccMilestoneIntegration *self,
                                                                 GAsyncResult             *result,
                                                                 GError                  **error);
void              rtcc_milestone_integration_get_camera_async   (RtccMilestoneIntegration *self,
                                                                 const char               *camera_id,
                                                                 GCancellable             *cancellable,
                                                                 GAsyncReadyCallback       callback,
                                                                 gpointer                  user_data);
RtccCamera       *rtcc_milestone_integration_get_camera_finish  (RtccMilestoneIntegration *self,
                                                                 GAsyncResult             *result,
                                                                 GError                  **error);
void              rtcc_milestone_integration_get_status_async   (RtccMilestoneIntegration *self,
                                                                 const char               *camera_id,
                                                                 GCancellable             *cancellable,
                                                                 GAsyncReadyCallback       callback,
                                                                 gpointer                  user_data);
RtccCameraStatus *rtcc_milestone_integration_get_status_finish  (RtccMilestoneIntegration *self,
                                                                 GAsyncResult             *result,
                                                                 GError                  **error);
void              rtcc_milestone_integration_get_streams_async  (RtccMilestoneIntegration *self,
                                                                 const char               *camera_id,
                                                                 GCancellable             *cancellable,
                                                                 GAsyncReadyCallback       callback,
                                                                 gpointer                  user_data);
char             *rtcc_milestone_integration_get_streams_finish (RtccMilestoneIntegration *self,
                                                                 GAsyncResult             *result,
                                                                 GError                  **error);
void              rtcc_milestone_integration_get_snapshot_async (RtccMilestoneIntegration *self,
                                                                 const char               *camera_id,
                                                                 GDateTime                *time,
                                                                 GCancellable             *cancellable,
                                                                 GAsyncReadyCallback       callback,
                                                                 gpointer                  user_data);
GBytes           *rtcc_milestone_integration_get_snapshot_finish (RtccMilestoneIntegration *self,
                                                                 GAsyncResult             *result,
                                                                 GError                  **error);
void              rtcc_milestone_integration_export_clip_async  (RtccMilestoneIntegration *self,
                                                                 const char               *camera_id,
                                                                 GDateTime                *start,
                                                                 GDateTime                *end,
                                                                 GFile                    *destination,
                                                                 RtccExportProgress        progress,
                                                                 gpointer                  progress_data,
                                                                 GCancellable             *cancellable,
                                                                 GAsyncReadyCallback       callback,
                                                                 gpointer                  user_data);
goffset           rtcc_milestone_integration_export_clip_finish (RtccMilestoneIntegration *self,
                                                                 GAsyncResult             *result,
                                                                 GError                  **error);

GHashTable       *rtcc_milestone_integration_get_cameras        (RtccMilestoneIntegration *self);
const char       *rtcc_milestone_integration_get_session_id     (RtccMilestoneIntegration *self);
void              rtcc_milestone_integration_set_poll_interval  (RtccMilestoneIntegration *self,
                                                                 guint                     interval_ms);

G_END_DECLS
