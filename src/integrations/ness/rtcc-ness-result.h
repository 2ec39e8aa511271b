/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "rtcc-ness-query.h"

G_BEGIN_DECLS

/**
 * RtccNessHit:
 * @nic: the NCIC record number
 * @ori: the originating agency, to contact for confirmation
 * @offense: the offense
 * @warrant_date: the warrant's date
 * @extradition: the extradition limits
 * @caution: caution indicators
 * @notice: the confirmation notice every hit must show
 */
typedef struct
{
  char *nic;
  char *ori;
  char *offense;
  char *warrant_date;
  char *extradition;
  char *caution;
  char *notice;
} RtccNessHit;

/**
 * RtccNessArrest:
 */
typedef struct
{
  char *date;
  char *charge;
  char *disposition;
} RtccNessArrest;

/**
 * RtccNessRecord:
 * @fbi_number: the FBI number
 * @state_ids: (element-type utf8): state identification numbers
 * @arrests: (element-type RtccNessArrest): the arrest cycles
 */
typedef struct
{
  char      *fbi_number;
  GPtrArray *state_ids;
  GPtrArray *arrests;
} RtccNessRecord;

/**
 * RtccNessLicense:
 * @restrictions: (element-type utf8): restriction codes
 */
typedef struct
{
  char      *status;
  char      *license_class;
  char      *expires;
  char      *name;
  char      *dob;
  GPtrArray *restrictions;
} RtccNessLicense;

/**
 * RtccNessRegistration:
 * @owner_name: the owner's `name`
 * @owner_address: the owner's `address`, as one line
 */
typedef struct
{
  char     *plate;
  char     *state;
  char     *vin;
  char     *year;
  char     *make;
  char     *model;
  char     *color;
  char     *owner_name;
  char     *owner_address;
  char     *expires;
  gboolean  stolen;
} RtccNessRegistration;

/**
 * RtccNessResult:
 * @kind: the query it answers
 * @message_key: the gateway's message key (QW, QH, DQ, RQ)
 * @hits: (element-type RtccNessHit): QW hits
 * @requires_confirmation: every hit must be confirmed before acting
 * @record: (nullable): the QH record, %NULL when there is none
 * @license: (nullable): the DQ answer
 * @registration: (nullable): the RQ answer
 *
 * A national query's answer. It lives in memory only, never in a cache,
 * the store, a file or a log; rtcc_ness_result_clear() wipes it when its
 * view closes. Reference counted.
 */
typedef struct
{
  RtccNessQueryKind     kind;
  char                 *message_key;
  GPtrArray            *hits;
  gboolean              requires_confirmation;
  RtccNessRecord       *record;
  RtccNessLicense      *license;
  RtccNessRegistration *registration;

  /*< private >*/
  gatomicrefcount       ref_count;
} RtccNessResult;

#define RTCC_TYPE_NESS_RESULT (rtcc_ness_result_get_type ())

GType            rtcc_ness_result_get_type      (void) G_GNUC_CONST;
RtccNessResult  *rtcc_ness_result_new_from_json (RtccNessQueryKind   kind,
                                                 JsonNode           *answer,
                                                 GError            **error);
RtccNessResult  *rtcc_ness_result_ref           (RtccNessResult     *self);
void             rtcc_ness_result_unref         (RtccNessResult     *self);
void             rtcc_ness_result_clear         (RtccNessResult     *self);
guint            rtcc_ness_result_count         (RtccNessResult     *self);
JsonNode        *rtcc_ness_result_to_json       (RtccNessResult     *self);
char            *rtcc_ness_confirmation_notice  (const char         *ori);
void             rtcc_ness_wipe_json            (JsonNode           *node);
void             rtcc_ness_wipe_bytes           (GBytes             *bytes);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RtccNessResult, rtcc_ness_result_unref)

G_END_DECLS
