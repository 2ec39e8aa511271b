/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rtcc-audit-log.h"
#include "rtcc-base-integration.h"

G_BEGIN_DECLS

#define RTCC_ONESOLUTION_ERROR (rtcc_onesolution_error_quark ())

/**
 * RtccOnesolutionError:
 *
 * Lookups refused before anything is sent, or whose results are withheld
 * because the audit log could not record them. Transport and vendor
 * errors stay in %RTCC_HTTP_ERROR and %RTCC_JSON_ERROR.
 */
typedef enum
{
  RTCC_ONESOLUTION_ERROR_INVALID_QUERY, /* refused locally, nothing sent */
  RTCC_ONESOLUTION_ERROR_AUDIT,         /* not audited: results withheld */
} RtccOnesolutionError;

/* Polling the changes feed every 15 s keeps the feed current without
 * loading the RMS. */
#define RTCC_ONESOLUTION_DEFAULT_POLL_MS (15 * 1000)

#define RTCC_TYPE_ONESOLUTION_INTEGRATION (rtcc_onesolution_integration_get_type ())
G_DECLARE_FINAL_TYPE (RtccOnesolutionIntegration, rtcc_onesolution_integration, RTCC, ONESOLUTION_INTEGRATION, RtccBaseIntegration)

GQuark           rtcc_onesolution_error_quark                      (void);
RtccIntegration *rtcc_onesolution_integration_new                  (RtccConfig                 *config);

void             rtcc_onesolution_integration_set_audit_log        (RtccOnesolutionIntegration *self,
                                                                    RtccAuditLog               *audit_log);
RtccAuditLog    *rtcc_onesolution_integration_get_audit_log        (RtccOnesolutionIntegration *self);
void             rtcc_onesolution_integration_set_operator_id      (RtccOnesolutionIntegration *self,
                                                                    const char                 *operator_id);
void             rtcc_onesolution_integration_set_poll_interval    (RtccOnesolutionIntegration *self,
                                                                    guint                       interval_ms);
guint            rtcc_onesolution_integration_get_poll_interval    (RtccOnesolutionIntegration *self);
const char      *rtcc_onesolution_integration_get_cursor           (RtccOnesolutionIntegration *self);
void             rtcc_onesolution_integration_poll_now             (RtccOnesolutionIntegration *self);

void             rtcc_onesolution_integration_get_incident_async   (RtccOnesolutionIntegration *self,
                                                                    const char                 *number,
                                                                    GCancellable               *cancellable,
                                                                    GAsyncReadyCallback         callback,
                                                                    gpointer                    user_data);
RtccEvent       *rtcc_onesolution_integration_get_incident_finish  (RtccOnesolutionIntegration *self,
                                                                    GAsyncResult               *result,
                                                                    GError                    **error);
void             rtcc_onesolution_integration_search_incidents_async (RtccOnesolutionIntegration *self,
                                                                    const char                 *type,
                                                                    const char                 *status,
                                                                    GDateTime                  *from,
                                                                    GDateTime                  *to,
                                                                    const char                 *address,
                                                                    guint                       page,
                                                                    guint                       page_size,
                                                                    GCancellable               *cancellable,
                                                                    GAsyncReadyCallback         callback,
                                                                    gpointer                    user_data);
GPtrArray       *rtcc_onesolution_integration_search_incidents_finish (RtccOnesolutionIntegration *self,
                                                                    GAsyncResult               *result,
                                                                    guint                      *total,
                                                                    guint                      *page,
                                                                    GError                    **error);
void             rtcc_onesolution_integration_get_person_async     (RtccOnesolutionIntegration *self,
                                                                    const char                 *person_id,
                                                                    GCancellable               *cancellable,
                                                                    GAsyncReadyCallback         callback,
                                                                    gpointer                    user_data);
JsonObject      *rtcc_onesolution_integration_get_person_finish    (RtccOnesolutionIntegration *self,
                                                                    GAsyncResult               *result,
                                                                    GError                    **error);
void             rtcc_onesolution_integration_search_persons_async (RtccOnesolutionIntegration *self,
                                                                    const char                 *last_name,
                                                                    const char                 *first_name,
                                                                    const char                 *dob,
                                                                    gboolean                    phonetic,
                                                                    GCancellable               *cancellable,
                                                                    GAsyncReadyCallback         callback,
                                                                    gpointer                    user_data);
JsonArray       *rtcc_onesolution_integration_search_persons_finish (RtccOnesolutionIntegration *self,
                                                                    GAsyncResult               *result,
                                                                    GError                    **error);
void             rtcc_onesolution_integration_get_case_async       (RtccOnesolutionIntegration *self,
                                                                    const char                 *case_number,
                                                                    GCancellable               *cancellable,
                                                                    GAsyncReadyCallback         callback,
                                                                    gpointer                    user_data);
JsonObject      *rtcc_onesolution_integration_get_case_finish      (RtccOnesolutionIntegration *self,
                                                                    GAsyncResult               *result,
                                                                    GError                    **error);

G_END_DECLS
