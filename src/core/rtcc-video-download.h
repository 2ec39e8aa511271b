/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "rtcc-service-client.h"

G_BEGIN_DECLS

#define RTCC_DOWNLOAD_ERROR (rtcc_download_error_quark ())

typedef enum
{
  RTCC_DOWNLOAD_ERROR_EXPIRED,   /* 403 or 410: the link no longer works */
  RTCC_DOWNLOAD_ERROR_CHECKSUM,  /* the file is not the one the vendor listed */
  RTCC_DOWNLOAD_ERROR_INCOMPLETE /* the body stopped before its length */
} RtccDownloadError;

/**
 * RtccDownloadProgress:
 * @received: bytes written so far
 * @total: the size announced by the vendor, or -1
 * @user_data: the caller's data
 */
typedef void (*RtccDownloadProgress) (goffset  received,
                                      goffset  total,
                                      gpointer user_data);

GQuark   rtcc_download_error_quark  (void);

void     rtcc_video_download_async  (RtccServiceClient    *client,
                                     const char           *uri,
                                     GFile                *destination,
                                     const char           *expected_sha256,
                                     RtccDownloadProgress  progress,
                                     gpointer              progress_data,
                                     GCancellable         *cancellable,
                                     GAsyncReadyCallback   callback,
                                     gpointer              user_data);
goffset  rtcc_video_download_finish (RtccServiceClient    *client,
                                     GAsyncResult         *result,
                                     GError              **error);

G_END_DECLS
