/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define RTCC_NESS_ERROR (rtcc_ness_error_quark ())

/**
 * RtccNessError:
 *
 * Why a NESS query was refused, here before sending or by the gateway,
 * or why its answer is withheld. Transport errors stay in
 * %RTCC_HTTP_ERROR.
 */
typedef enum
{
  RTCC_NESS_ERROR_NOT_CONFIGURED,         /* no operator id or ORI */
  RTCC_NESS_ERROR_PURPOSE_REQUIRED,       /* no purpose code (here or the gateway's 400) */
  RTCC_NESS_ERROR_INVALID_PURPOSE,        /* not an NCIC code (here or the gateway's 400) */
  RTCC_NESS_ERROR_PURPOSE_RESERVED,       /* R: FBI only */
  RTCC_NESS_ERROR_REASON_REQUIRED,        /* no reason in words */
  RTCC_NESS_ERROR_MISSING_FIELD,          /* a field the query kind needs */
  RTCC_NESS_ERROR_INVALID_FIELD,          /* a field of the wrong form */
  RTCC_NESS_ERROR_OPERATOR_NOT_CERTIFIED, /* the gateway's 403 */
  RTCC_NESS_ERROR_AUDIT,                  /* not audited: not sent, or answer withheld */
  RTCC_NESS_ERROR_INVALID_ANSWER,         /* the gateway's answer is not of its kind */
} RtccNessError;

/**
 * RtccNessQueryKind:
 * @RTCC_NESS_QUERY_WANTED: QW, wanted person by name and date of birth
 * @RTCC_NESS_QUERY_HISTORY: QH, III criminal history by name and date of birth
 * @RTCC_NESS_QUERY_LICENSE: DQ, driver licence by number and state
 * @RTCC_NESS_QUERY_REGISTRATION: RQ, vehicle registration by plate and state
 */
typedef enum
{
  RTCC_NESS_QUERY_WANTED,
  RTCC_NESS_QUERY_HISTORY,
  RTCC_NESS_QUERY_LICENSE,
  RTCC_NESS_QUERY_REGISTRATION,
} RtccNessQueryKind;

/**
 * RtccNessQuery:
 * @kind: what is asked
 * @last_name: QW, QH: required
 * @first_name: QW, QH: required
 * @middle_name: QW, QH: optional
 * @dob: QW, QH: required, `YYYY-MM-DD`
 * @sex: QW, QH: optional
 * @race: QW, QH: optional
 * @license_number: DQ: required
 * @license_state: DQ: required, two letters
 * @plate: RQ: required
 * @plate_state: RQ: required, two letters
 * @purpose_code: one of C, D, F, H, I, J, S, V, X
 * @purpose_reason: why, in words
 *
 * A national query as the analyst filled it in. Set the fields with the
 * setters, which copy; rtcc_ness_query_free() wipes them.
 */
typedef struct
{
  RtccNessQueryKind  kind;
  char              *last_name;
  char              *first_name;
  char              *middle_name;
  char              *dob;
  char              *sex;
  char              *race;
  char              *license_number;
  char              *license_state;
  char              *plate;
  char              *plate_state;
  char              *purpose_code;
  char              *purpose_reason;
} RtccNessQuery;

#define RTCC_TYPE_NESS_QUERY (rtcc_ness_query_get_type ())
#define RTCC_TYPE_NESS_QUERY_KIND (rtcc_ness_query_kind_get_type ())

GQuark          rtcc_ness_error_quark             (void);
GType           rtcc_ness_query_get_type          (void) G_GNUC_CONST;
GType           rtcc_ness_query_kind_get_type     (void) G_GNUC_CONST;
RtccNessQuery  *rtcc_ness_query_new               (RtccNessQueryKind  kind);
RtccNessQuery  *rtcc_ness_query_copy              (const RtccNessQuery *self);
void            rtcc_ness_query_free              (RtccNessQuery     *self);
void            rtcc_ness_query_set_name          (RtccNessQuery     *self,
                                                   const char        *last_name,
                                                   const char        *first_name,
                                                   const char        *middle_name);
void            rtcc_ness_query_set_person        (RtccNessQuery     *self,
                                                   const char        *dob,
                                                   const char        *sex,
                                                   const char        *race);
void            rtcc_ness_query_set_license       (RtccNessQuery     *self,
                                                   const char        *number,
                                                   const char        *state);
void            rtcc_ness_query_set_plate         (RtccNessQuery     *self,
                                                   const char        *plate,
                                                   const char        *state);
void            rtcc_ness_query_set_purpose       (RtccNessQuery     *self,
                                                   const char        *code,
                                                   const char        *reason);
gboolean        rtcc_ness_query_validate          (const RtccNessQuery *self,
                                                   const char        *operator_id,
                                                   const char        *ori,
                                                   GError           **error);
const char     *rtcc_ness_query_kind_message_key  (RtccNessQueryKind  kind);
const char     *rtcc_ness_query_kind_path         (RtccNessQueryKind  kind);
JsonNode       *rtcc_ness_query_to_json           (const RtccNessQuery *self);
char           *rtcc_ness_query_dup_terms         (const RtccNessQuery *self);
void            rtcc_ness_wipe_string             (char             **text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RtccNessQuery, rtcc_ness_query_free)

G_END_DECLS
