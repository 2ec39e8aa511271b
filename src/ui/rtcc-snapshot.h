/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "milestone/rtcc-milestone-integration.h"
#include "rtcc-jpeg-metadata.h"

G_BEGIN_DECLS

char   *rtcc_snapshot_safe_name     (const char             *camera_name);
char   *rtcc_snapshot_suggest_name  (const char             *camera_name,
                                     GDateTime              *time,
                                     gboolean                has_location,
                                     double                  latitude,
                                     double                  longitude);
void    rtcc_snapshot_encode_async  (GdkTexture             *frame,
                                     const RtccJpegMetadata *metadata,
                                     GCancellable           *cancellable,
                                     GAsyncReadyCallback     callback,
                                     gpointer                user_data);
GBytes *rtcc_snapshot_encode_finish (GAsyncResult           *result,
                                     GError                **error);
void    rtcc_snapshot_capture_async (RtccMilestoneIntegration *milestone,
                                     GdkTexture             *frame,
                                     const RtccJpegMetadata *metadata,
                                     GCancellable           *cancellable,
                                     GAsyncReadyCallback     callback,
                                     gpointer                user_data);
GBytes *rtcc_snapshot_capture_finish (GAsyncResult          *result,
                                     GError                **error);
void    rtcc_snapshot_save_async    (GtkWindow              *parent,
                                     GBytes                 *jpeg,
                                     const char             *suggested_name,
                                     GCancellable           *cancellable,
                                     GAsyncReadyCallback     callback,
                                     gpointer                user_data);
GFile  *rtcc_snapshot_save_finish   (GAsyncResult           *result,
                                     GError                **error);

G_END_DECLS
