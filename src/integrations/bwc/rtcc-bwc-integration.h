/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rtcc-base-integration.h"
#include "rtcc-bwc-normalize.h"

G_BEGIN_DECLS

#define RTCC_BWC_ERROR (rtcc_bwc_error_quark ())

typedef enum
{
  RTCC_BWC_ERROR_NO_CHECKSUM,  /* no vendor checksum known to verify a download */
  RTCC_BWC_ERROR_URL_EXPIRED,  /* the vendor keeps handing out expired links */
  RTCC_BWC_ERROR_BAD_ANSWER,   /* an answer of the wrong shape */
} RtccBwcError;

/**
 * RtccBwcProgress:
 * @received: bytes saved so far
 * @total: the recording's size, or -1
 * @user_data: the caller's data
 */
typedef void (*RtccBwcProgress) (goffset  received,
                                 goffset  total,
                                 gpointer user_data);

#define RTCC_TYPE_BWC_INTEGRATION (rtcc_bwc_integration_get_type ())
G_DECLARE_FINAL_TYPE (RtccBwcIntegration, rtcc_bwc_integration, RTCC, BWC_INTEGRATION, RtccBaseIntegration)

GQuark           rtcc_bwc_error_quark                         (void);

RtccIntegration *rtcc_bwc_integration_new                     (RtccConfig          *config);

void             rtcc_bwc_integration_list_recordings_async   (RtccBwcIntegration  *self,
                                                               const char          *officer_id,
                                                               GDate               *date,
                                                               const char          *since,
                                                               GCancellable        *cancellable,
                                                               GAsyncReadyCallback  callback,
                                                               gpointer             user_data);
GPtrArray       *rtcc_bwc_integration_list_recordings_finish  (RtccBwcIntegration  *self,
                                                               GAsyncResult        *result,
                                                               char               **cursor,
                                                               GError             **error);
void             rtcc_bwc_integration_get_recording_url_async (RtccBwcIntegration  *self,
                                                               const char          *recording_id,
                                                               GCancellable        *cancellable,
                                                               GAsyncReadyCallback  callback,
                                                               gpointer             user_data);
char            *rtcc_bwc_integration_get_recording_url_finish (RtccBwcIntegration *self,
                                                               GAsyncResult        *result,
                                                               GDateTime          **expires_at,
                                                               GError             **error);
void             rtcc_bwc_integration_list_assignments_async  (RtccBwcIntegration  *self,
                                                               GCancellable        *cancellable,
                                                               GAsyncReadyCallback  callback,
                                                               gpointer             user_data);
GPtrArray       *rtcc_bwc_integration_list_assignments_finish (RtccBwcIntegration  *self,
                                                               GAsyncResult        *result,
                                                               GError             **error);
void             rtcc_bwc_integration_link_incident_async     (RtccBwcIntegration  *self,
                                                               const char          *recording_id,
                                                               const char          *incident_id,
                                                               GCancellable        *cancellable,
                                                               GAsyncReadyCallback  callback,
                                                               gpointer             user_data);
gboolean         rtcc_bwc_integration_link_incident_finish    (RtccBwcIntegration  *self,
                                                               GAsyncResult        *result,
                                                               GError             **error);
void             rtcc_bwc_integration_unlink_incident_async   (RtccBwcIntegration  *self,
                                                               const char          *recording_id,
                                                               const char          *incident_id,
                                                               GCancellable        *cancellable,
                                                               GAsyncReadyCallback  callback,
                                                               gpointer             user_data);
gboolean         rtcc_bwc_integration_unlink_incident_finish  (RtccBwcIntegration  *self,
                                                               GAsyncResult        *result,
                                                               GError             **error);
void             rtcc_bwc_integration_download_recording_async (RtccBwcIntegration *self,
                                                               const char          *recording_id,
                                                               const char          *expected_sha256,
                                                               GFile               *destination,
                                                               RtccBwcProgress      progress,
                                                               gpointer             progress_data,
                                                               GCancellable        *cancellable,
                                                               GAsyncReadyCallback  callback,
                                                               gpointer             user_data);
goffset          rtcc_bwc_integration_download_recording_finish (RtccBwcIntegration *self,
                                                               GAsyncResult        *result,
                                                               GError             **error);

const char      *rtcc_bwc_integration_get_cursor              (RtccBwcIntegration  *self);
void             rtcc_bwc_integration_set_poll_interval       (RtccBwcIntegration  *self,
                                                               guint                interval_ms);

G_END_DECLS
