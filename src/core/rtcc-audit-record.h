/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define RTCC_AUDIT_ERROR (rtcc_audit_error_quark ())

/**
 * RtccAuditError:
 *
 * What went wrong with the audit log. %RTCC_AUDIT_ERROR_TAMPERED is only
 * ever reported by verification, with a message naming the first bad seq.
 */
typedef enum
{
  RTCC_AUDIT_ERROR_CORRUPT,   /* not an audit database, or damaged */
  RTCC_AUDIT_ERROR_BUSY,      /* another program holds the database */
  RTCC_AUDIT_ERROR_IO,        /* disk full, permissions, write failed */
  RTCC_AUDIT_ERROR_TAMPERED,  /* the chain or the anchor does not hold */
  RTCC_AUDIT_ERROR_INVALID,   /* a record the log refuses to store */
} RtccAuditError;

/* Actions the workstation records. The action is an open string so a new
 * kind of access can be audited without a schema change; these are the
 * spellings everyone must use for the known ones. */
#define RTCC_AUDIT_ACTION_LOGON            "logon"
#define RTCC_AUDIT_ACTION_LOGON_FAILED     "logon_failed"
#define RTCC_AUDIT_ACTION_LOGOFF           "logoff"
#define RTCC_AUDIT_ACTION_SESSION_LOCK     "session_lock"
#define RTCC_AUDIT_ACTION_SESSION_UNLOCK   "session_unlock"
#define RTCC_AUDIT_ACTION_QUERY            "query"
#define RTCC_AUDIT_ACTION_RMS_LOOKUP       "rms_lookup"
#define RTCC_AUDIT_ACTION_PLATE_SEARCH     "plate_search"
#define RTCC_AUDIT_ACTION_BOLO_CREATE      "bolo_create"
#define RTCC_AUDIT_ACTION_BOLO_CANCEL      "bolo_cancel"
#define RTCC_AUDIT_ACTION_HOTLIST_ADD      "hotlist_add"
#define RTCC_AUDIT_ACTION_HOTLIST_REMOVE   "hotlist_remove"
#define RTCC_AUDIT_ACTION_HOTLIST_IMPORT   "hotlist_import"
#define RTCC_AUDIT_ACTION_ACKNOWLEDGE      "acknowledge"
#define RTCC_AUDIT_ACTION_EXPORT           "export"
#define RTCC_AUDIT_ACTION_EVIDENCE_LINK    "evidence_link"
#define RTCC_AUDIT_ACTION_EVIDENCE_UNLINK  "evidence_unlink"
#define RTCC_AUDIT_ACTION_AUDIT_VIEW       "audit_view"
#define RTCC_AUDIT_ACTION_AUDIT_EXPORT     "audit_export"
#define RTCC_AUDIT_ACTION_SETTINGS_CHANGE  "settings_change"

/* The hash of the record before the first one. */
#define RTCC_AUDIT_GENESIS_HASH "0000000000000000000000000000000000000000000000000000000000000000"

/* Longer values are refused rather than cut: a cut record would no longer
 * say what was asked. Query terms may hold a whole III request. */
#define RTCC_AUDIT_MAX_FIELD_BYTES  1024
#define RTCC_AUDIT_MAX_TERMS_BYTES  (64 * 1024)

typedef enum
{
  RTCC_AUDIT_OUTCOME_SUCCESS,
  RTCC_AUDIT_OUTCOME_FAILURE,
  RTCC_AUDIT_OUTCOME_PENDING,
} RtccAuditOutcome;

/**
 * RtccAuditField:
 *
 * The hashed fields, in the fixed order of the canonical serialization
 * (and of the export). The hash itself is not one of them.
 */
typedef enum
{
  RTCC_AUDIT_FIELD_SEQ,
  RTCC_AUDIT_FIELD_TIME,
  RTCC_AUDIT_FIELD_OPERATOR,
  RTCC_AUDIT_FIELD_ORI,
  RTCC_AUDIT_FIELD_ACTION,
  RTCC_AUDIT_FIELD_INTEGRATION,
  RTCC_AUDIT_FIELD_PURPOSE_CODE,
  RTCC_AUDIT_FIELD_PURPOSE_REASON,
  RTCC_AUDIT_FIELD_QUERY_TERMS,
  RTCC_AUDIT_FIELD_OUTCOME,
  RTCC_AUDIT_FIELD_OUTCOME_DETAIL,
  RTCC_AUDIT_FIELD_REQUESTOR,
  RTCC_AUDIT_FIELD_SECONDARY_RECIPIENT,
  RTCC_AUDIT_FIELD_REFERS_TO,
  RTCC_AUDIT_FIELD_PREV_HASH,
  RTCC_AUDIT_N_FIELDS
} RtccAuditField;

#define RTCC_TYPE_AUDIT_OUTCOME (rtcc_audit_outcome_get_type ())
#define RTCC_TYPE_AUDIT_RECORD (rtcc_audit_record_get_type ())
G_DECLARE_FINAL_TYPE (RtccAuditRecord, rtcc_audit_record, RTCC, AUDIT_RECORD, GObject)

GQuark            rtcc_audit_error_quark                   (void);
GType             rtcc_audit_outcome_get_type              (void) G_GNUC_CONST;
const char       *rtcc_audit_outcome_to_string             (RtccAuditOutcome   outcome);
gboolean          rtcc_audit_outcome_from_string           (const char        *text,
                                                            RtccAuditOutcome  *outcome);

const char       *rtcc_audit_field_name                    (RtccAuditField     field);
char             *rtcc_audit_hash_fields                   (const char * const fields[RTCC_AUDIT_N_FIELDS]);

RtccAuditRecord  *rtcc_audit_record_new                    (const char        *operator_id,
                                                            const char        *action);
RtccAuditRecord  *rtcc_audit_record_new_outcome            (RtccAuditRecord   *pending,
                                                            gint64             pending_seq,
                                                            RtccAuditOutcome   outcome,
                                                            const char        *detail);
RtccAuditRecord  *rtcc_audit_record_copy                   (RtccAuditRecord   *self);

gint64            rtcc_audit_record_get_seq                (RtccAuditRecord   *self);
GDateTime        *rtcc_audit_record_get_time               (RtccAuditRecord   *self);
void              rtcc_audit_record_set_time               (RtccAuditRecord   *self,
                                                            GDateTime         *time);
const char       *rtcc_audit_record_get_operator           (RtccAuditRecord   *self);
void              rtcc_audit_record_set_operator           (RtccAuditRecord   *self,
                                                            const char        *operator_id);
const char       *rtcc_audit_record_get_ori                (RtccAuditRecord   *self);
void              rtcc_audit_record_set_ori                (RtccAuditRecord   *self,
                                                            const char        *ori);
const char       *rtcc_audit_record_get_action             (RtccAuditRecord   *self);
void              rtcc_audit_record_set_action             (RtccAuditRecord   *self,
                                                            const char        *action);
const char       *rtcc_audit_record_get_integration        (RtccAuditRecord   *self);
void              rtcc_audit_record_set_integration        (RtccAuditRecord   *self,
                                                            const char        *integration);
const char       *rtcc_audit_record_get_purpose_code       (RtccAuditRecord   *self);
void              rtcc_audit_record_set_purpose_code       (RtccAuditRecord   *self,
                                                            const char        *purpose_code);
const char       *rtcc_audit_record_get_purpose_reason     (RtccAuditRecord   *self);
void              rtcc_audit_record_set_purpose_reason     (RtccAuditRecord   *self,
                                                            const char        *purpose_reason);
const char       *rtcc_audit_record_get_query_terms        (RtccAuditRecord   *self);
void              rtcc_audit_record_set_query_terms        (RtccAuditRecord   *self,
                                                            const char        *query_terms);
RtccAuditOutcome  rtcc_audit_record_get_outcome            (RtccAuditRecord   *self);
void              rtcc_audit_record_set_outcome            (RtccAuditRecord   *self,
                                                            RtccAuditOutcome   outcome);
const char       *rtcc_audit_record_get_outcome_detail     (RtccAuditRecord   *self);
void              rtcc_audit_record_set_outcome_detail     (RtccAuditRecord   *self,
                                                            const char        *detail);
const char       *rtcc_audit_record_get_requestor          (RtccAuditRecord   *self);
void              rtcc_audit_record_set_requestor          (RtccAuditRecord   *self,
                                                            const char        *requestor);
const char       *rtcc_audit_record_get_secondary_recipient (RtccAuditRecord  *self);
void              rtcc_audit_record_set_secondary_recipient (RtccAuditRecord  *self,
                                                            const char        *recipient);
gint64            rtcc_audit_record_get_refers_to          (RtccAuditRecord   *self);
void              rtcc_audit_record_set_refers_to          (RtccAuditRecord   *self,
                                                            gint64             seq);
const char       *rtcc_audit_record_get_prev_hash          (RtccAuditRecord   *self);
const char       *rtcc_audit_record_get_hash               (RtccAuditRecord   *self);

gboolean          rtcc_audit_record_validate               (RtccAuditRecord   *self,
                                                            GError           **error);
char            **rtcc_audit_record_dup_fields             (RtccAuditRecord   *self);
void              rtcc_audit_fields_free                   (char             **fields);
RtccAuditRecord  *rtcc_audit_record_new_from_fields        (const char * const fields[RTCC_AUDIT_N_FIELDS],
                                                            const char        *hash,
                                                            GError           **error);
JsonNode         *rtcc_audit_record_to_json                (RtccAuditRecord   *self);
JsonNode         *rtcc_audit_fields_to_json                (const char * const fields[RTCC_AUDIT_N_FIELDS],
                                                            const char        *hash);

/* Used by RtccAuditLog when it stores the record. */
void              rtcc_audit_record_set_stored             (RtccAuditRecord   *self,
                                                            gint64             seq,
                                                            GDateTime         *time,
                                                            const char        *prev_hash,
                                                            const char        *hash);

G_END_DECLS
