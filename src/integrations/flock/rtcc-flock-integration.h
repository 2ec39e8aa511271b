/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rtcc-base-integration.h"
#include "rtcc-flock-normalize.h"

G_BEGIN_DECLS

#define RTCC_FLOCK_ERROR (rtcc_flock_error_quark ())

/**
 * RtccFlockError:
 * @RTCC_FLOCK_ERROR_REASON_REQUIRED: a search or hotlist change without
 *   the reason Flock and the audit log need
 * @RTCC_FLOCK_ERROR_INVALID_ARGUMENT: an empty plate or hotlist
 *
 * Refusals made before anything is sent. What the vendor refuses comes in
 * %RTCC_HTTP_ERROR.
 */
typedef enum
{
  RTCC_FLOCK_ERROR_REASON_REQUIRED,
  RTCC_FLOCK_ERROR_INVALID_ARGUMENT,
} RtccFlockError;

#define RTCC_TYPE_FLOCK_INTEGRATION (rtcc_flock_integration_get_type ())
G_DECLARE_FINAL_TYPE (RtccFlockIntegration, rtcc_flock_integration, RTCC, FLOCK_INTEGRATION, RtccBaseIntegration)

GQuark                 rtcc_flock_error_quark                          (void);

RtccIntegration       *rtcc_flock_integration_new                      (RtccConfig                  *config);
const char            *rtcc_flock_integration_get_cursor               (RtccFlockIntegration        *self);

void                   rtcc_flock_integration_search_reads_async       (RtccFlockIntegration        *self,
                                                                        const char                  *plate,
                                                                        const char                  *state,
                                                                        GDateTime                   *from,
                                                                        GDateTime                   *to,
                                                                        const char                  *reason,
                                                                        const char                  *case_number,
                                                                        guint                        max_reads,
                                                                        GCancellable                *cancellable,
                                                                        GAsyncReadyCallback          callback,
                                                                        gpointer                     user_data);
GPtrArray             *rtcc_flock_integration_search_reads_finish      (RtccFlockIntegration        *self,
                                                                        GAsyncResult                *result,
                                                                        GError                     **error);
void                   rtcc_flock_integration_list_hotlists_async      (RtccFlockIntegration        *self,
                                                                        GCancellable                *cancellable,
                                                                        GAsyncReadyCallback          callback,
                                                                        gpointer                     user_data);
GPtrArray             *rtcc_flock_integration_list_hotlists_finish     (RtccFlockIntegration        *self,
                                                                        GAsyncResult                *result,
                                                                        GError                     **error);
void                   rtcc_flock_integration_list_hotlist_entries_async (RtccFlockIntegration      *self,
                                                                        const char                  *hotlist_id,
                                                                        GCancellable                *cancellable,
                                                                        GAsyncReadyCallback          callback,
                                                                        gpointer                     user_data);
GPtrArray             *rtcc_flock_integration_list_hotlist_entries_finish (RtccFlockIntegration     *self,
                                                                        GAsyncResult                *result,
                                                                        GError                     **error);
void                   rtcc_flock_integration_add_hotlist_entry_async  (RtccFlockIntegration        *self,
                                                                        const char                  *hotlist_id,
                                                                        const RtccFlockHotlistEntry *entry,
                                                                        GCancellable                *cancellable,
                                                                        GAsyncReadyCallback          callback,
                                                                        gpointer                     user_data);
RtccFlockHotlistEntry *rtcc_flock_integration_add_hotlist_entry_finish (RtccFlockIntegration        *self,
                                                                        GAsyncResult                *result,
                                                                        GError                     **error);
void                   rtcc_flock_integration_remove_hotlist_entry_async (RtccFlockIntegration      *self,
                                                                        const char                  *hotlist_id,
                                                                        const char                  *plate,
                                                                        GCancellable                *cancellable,
                                                                        GAsyncReadyCallback          callback,
                                                                        gpointer                     user_data);
gboolean               rtcc_flock_integration_remove_hotlist_entry_finish (RtccFlockIntegration     *self,
                                                                        GAsyncResult                *result,
                                                                        GError                     **error);

G_END_DECLS
