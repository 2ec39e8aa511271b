/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rtcc-audit-log.h"
#include "rtcc-base-integration.h"
#include "rtcc-ness-query.h"
#include "rtcc-ness-result.h"

G_BEGIN_DECLS

#define RTCC_TYPE_NESS_INTEGRATION (rtcc_ness_integration_get_type ())
G_DECLARE_FINAL_TYPE (RtccNessIntegration, rtcc_ness_integration, RTCC, NESS_INTEGRATION, RtccBaseIntegration)

RtccIntegration *rtcc_ness_integration_new           (RtccConfig          *config);
void             rtcc_ness_integration_set_audit_log (RtccNessIntegration *self,
                                                      RtccAuditLog        *audit_log);
RtccAuditLog    *rtcc_ness_integration_get_audit_log (RtccNessIntegration *self);
void             rtcc_ness_integration_query_async   (RtccNessIntegration *self,
                                                      const RtccNessQuery *query,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
RtccNessResult  *rtcc_ness_integration_query_finish  (RtccNessIntegration *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);

G_END_DECLS
