/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "rtcc-audit-record.h"

G_BEGIN_DECLS

typedef enum
{
  RTCC_AUDIT_EXPORT_JSON,
  RTCC_AUDIT_EXPORT_CSV,
} RtccAuditExportFormat;

/**
 * RtccAuditVerifyResult:
 * @n_verified: records whose hash and link were checked and held
 * @last_seq: the seq of the newest record checked, 0 for an empty log
 * @last_hash: its hash, or the genesis hash
 * @first_bad_seq: on tampering, the first seq that does not hold, else 0
 *
 * Filled by rtcc_audit_log_verify_finish() whether or not the log holds.
 */
typedef struct
{
  guint64 n_verified;
  gint64  last_seq;
  char    last_hash[65];
  gint64  first_bad_seq;
} RtccAuditVerifyResult;

/**
 * RtccAuditFilter:
 * @operator_id: (nullable): only this operator
 * @action: (nullable): only this action
 * @integration: (nullable): only this integration
 * @since: (nullable): records at or after this time
 * @until: (nullable): records before this time
 * @limit: at most this many records, newest first; 0 for no limit
 *
 * What the audit viewer asks for. Copied by rtcc_audit_log_query_async().
 */
typedef struct
{
  const char *operator_id;
  const char *action;
  const char *integration;
  GDateTime  *since;
  GDateTime  *until;
  guint       limit;
} RtccAuditFilter;

#define RTCC_TYPE_AUDIT_LOG (rtcc_audit_log_get_type ())
G_DECLARE_FINAL_TYPE (RtccAuditLog, rtcc_audit_log, RTCC, AUDIT_LOG, GObject)

RtccAuditLog *rtcc_audit_log_open             (const char             *path,
                                               GError                **error);
const char   *rtcc_audit_log_get_path         (RtccAuditLog           *self);
char         *rtcc_audit_log_dup_anchor_path  (RtccAuditLog           *self);

void          rtcc_audit_log_append_async     (RtccAuditLog           *self,
                                               RtccAuditRecord        *record,
                                               GCancellable           *cancellable,
                                               GAsyncReadyCallback     callback,
                                               gpointer                user_data);
gint64        rtcc_audit_log_append_finish    (RtccAuditLog           *self,
                                               GAsyncResult           *result,
                                               GError                **error);

void          rtcc_audit_log_verify_async     (RtccAuditLog           *self,
                                               GCancellable           *cancellable,
                                               GAsyncReadyCallback     callback,
                                               gpointer                user_data);
gboolean      rtcc_audit_log_verify_finish    (RtccAuditLog           *self,
                                               GAsyncResult           *result,
                                               RtccAuditVerifyResult  *out_result,
                                               GError                **error);

void          rtcc_audit_log_query_async      (RtccAuditLog           *self,
                                               const RtccAuditFilter  *filter,
                                               GCancellable           *cancellable,
                                               GAsyncReadyCallback     callback,
                                               gpointer                user_data);
GListModel   *rtcc_audit_log_query_finish     (RtccAuditLog           *self,
                                               GAsyncResult           *result,
                                               GError                **error);

void          rtcc_audit_log_export_async     (RtccAuditLog           *self,
                                               GDateTime              *since,
                                               RtccAuditExportFormat   format,
                                               GOutputStream          *stream,
                                               GCancellable           *cancellable,
                                               GAsyncReadyCallback     callback,
                                               gpointer                user_data);
gint64        rtcc_audit_log_export_finish    (RtccAuditLog           *self,
                                               GAsyncResult           *result,
                                               GError                **error);

char         *rtcc_audit_csv_quote            (const char             *value);

G_END_DECLS
