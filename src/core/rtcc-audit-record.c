/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccAudit"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "rtcc-audit-record.h"
#include "rtcc-time.h"
#include "rtcc-util.h"

/* Bumping this changes every hash: old logs would no longer verify. */
#define CANONICAL_HEADER "RTCC-AUDIT-1\n"

struct _RtccAuditRecord
{
  GObject           parent_instance;

  gint64            seq;
  GDateTime        *time;
  RtccAuditOutcome  outcome;
  gint64            refers_to;
  char             *text[RTCC_AUDIT_N_FIELDS]; /* only the free-text fields are used */
  char             *hash;
};

G_DEFINE_FINAL_TYPE (RtccAuditRecord, rtcc_audit_record, G_TYPE_OBJECT)
G_DEFINE_QUARK (rtcc-audit-error-quark, rtcc_audit_error)

static const GEnumValue outcome_values[] = {
  { RTCC_AUDIT_OUTCOME_SUCCESS, "RTCC_AUDIT_OUTCOME_SUCCESS", "success" },
  { RTCC_AUDIT_OUTCOME_FAILURE, "RTCC_AUDIT_OUTCOME_FAILURE", "failure" },
  { RTCC_AUDIT_OUTCOME_PENDING, "RTCC_AUDIT_OUTCOME_PENDING", "pending" },
  { 0, NULL, NULL }
};

GType
rtcc_audit_outcome_get_type (void)
{
  static gsize type_id = 0;

  if (g_once_init_enter (&type_id))
    g_once_init_leave (&type_id, g_enum_register_static ("RtccAuditOutcome", outcome_values));
  return type_id;
}

static const char * const field_names[RTCC_AUDIT_N_FIELDS] = {
  "seq", "time", "operator", "ori", "action", "integration", "purpose_code",
  "purpose_reason", "query_terms", "outcome", "outcome_detail", "requestor",
  "secondary_recipient", "refers_to", "prev_hash",
};

enum {
  PROP_0,
  PROP_SEQ,
  PROP_TIME,
  PROP_OPERATOR,
  PROP_ORI,
  PROP_ACTION,
  PROP_INTEGRATION,
  PROP_PURPOSE_CODE,
  PROP_PURPOSE_REASON,
  PROP_QUERY_TERMS,
  PROP_OUTCOME,
  PROP_OUTCOME_DETAIL,
  PROP_REQUESTOR,
  PROP_SECONDARY_RECIPIENT,
  PROP_REFERS_TO,
  PROP_PREV_HASH,
  PROP_HASH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The string properties map one to one onto text fields. */
static const struct {
  guint          prop;
  RtccAuditField field;
} text_props[] = {
  { PROP_OPERATOR, RTCC_AUDIT_FIELD_OPERATOR },
  { PROP_ORI, RTCC_AUDIT_FIELD_ORI },
  { PROP_ACTION, RTCC_AUDIT_FIELD_ACTION },
  { PROP_INTEGRATION, RTCC_AUDIT_FIELD_INTEGRATION },
  { PROP_PURPOSE_CODE, RTCC_AUDIT_FIELD_PURPOSE_CODE },
  { PROP_PURPOSE_REASON, RTCC_AUDIT_FIELD_PURPOSE_REASON },
  { PROP_QUERY_TERMS, RTCC_AUDIT_FIELD_QUERY_TERMS },
  { PROP_OUTCOME_DETAIL, RTCC_AUDIT_FIELD_OUTCOME_DETAIL },
  { PROP_REQUESTOR, RTCC_AUDIT_FIELD_REQUESTOR },
  { PROP_SECONDARY_RECIPIENT, RTCC_AUDIT_FIELD_SECONDARY_RECIPIENT },
  { PROP_PREV_HASH, RTCC_AUDIT_FIELD_PREV_HASH },
};

static void
rtcc_audit_record_finalize (GObject *object)
{
  RtccAuditRecord *self = (RtccAuditRecord *) object;

  g_clear_pointer (&self->time, g_date_time_unref);
  for (guint i = 0; i < RTCC_AUDIT_N_FIELDS; i++)
    g_clear_pointer (&self->text[i], g_free);
  g_clear_pointer (&self->hash, g_free);

  G_OBJECT_CLASS (rtcc_audit_record_parent_class)->finalize (object);
}

static void
rtcc_audit_record_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  RtccAuditRecord *self = RTCC_AUDIT_RECORD (object);

  for (guint i = 0; i < G_N_ELEMENTS (text_props); i++)
    if (text_props[i].prop == prop_id)
      {
        g_value_set_string (value, self->text[text_props[i].field]);
        return;
      }

  switch (prop_id)
    {
    case PROP_SEQ:
      g_value_set_int64 (value, self->seq);
      break;
    case PROP_TIME:
      g_value_set_boxed (value, self->time);
      break;
    case PROP_OUTCOME:
      g_value_set_enum (value, self->outcome);
      break;
    case PROP_REFERS_TO:
      g_value_set_int64 (value, self->refers_to);
      break;
    case PROP_HASH:
      g_value_set_string (value, self->hash);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static GParamSpec *
text_pspec (const char *name)
{
  return g_param_spec_string (name, NULL, NULL, NULL,
                              G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
}

static void
rtcc_audit_record_class_init (RtccAuditRecordClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = rtcc_audit_record_finalize;
  object_class->get_property = rtcc_audit_record_get_property;

  /* Read-only as properties, so the audit viewer can bind columns to them;
   * records are changed only through the setters, before they are stored. */
  properties[PROP_SEQ] = g_param_spec_int64 ("seq", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_TIME] = g_param_spec_boxed ("time", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_OPERATOR] = text_pspec ("operator");
  properties[PROP_ORI] = text_pspec ("ori");
  properties[PROP_ACTION] = text_pspec ("action");
  properties[PROP_INTEGRATION] = text_pspec ("integration");
  properties[PROP_PURPOSE_CODE] = text_pspec ("purpose-code");
  properties[PROP_PURPOSE_REASON] = text_pspec ("purpose-reason");
  properties[PROP_QUERY_TERMS] = text_pspec ("query-terms");
  properties[PROP_OUTCOME] = g_param_spec_enum ("outcome", NULL, NULL, RTCC_TYPE_AUDIT_OUTCOME,
                                                RTCC_AUDIT_OUTCOME_SUCCESS, flags);
  properties[PROP_OUTCOME_DETAIL] = text_pspec ("outcome-detail");
  properties[PROP_REQUESTOR] = text_pspec ("requestor");
  properties[PROP_SECONDARY_RECIPIENT] = text_pspec ("secondary-recipient");
  properties[PROP_REFERS_TO] = g_param_spec_int64 ("refers-to", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_PREV_HASH] = text_pspec ("prev-hash");
  properties[PROP_HASH] = text_pspec ("hash");
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rtcc_audit_record_init (RtccAuditRecord *self)
{
  self->outcome = RTCC_AUDIT_OUTCOME_SUCCESS;
}

/**
 * rtcc_audit_outcome_to_string:
 *
 * Returns: `success`, `failure` or `pending`, as records and exports spell it
 */
const char *
rtcc_audit_outcome_to_string (RtccAuditOutcome outcome)
{
  for (guint i = 0; outcome_values[i].value_nick != NULL; i++)
    if (outcome_values[i].value == (int) outcome)
      return outcome_values[i].value_nick;
  return NULL;
}

/**
 * rtcc_audit_outcome_from_string:
 * @outcome: (out): the outcome, set only on success
 *
 * Returns: %TRUE if @text is one of the outcome words
 */
gboolean
rtcc_audit_outcome_from_string (const char       *text,
                                RtccAuditOutcome *outcome)
{
  for (guint i = 0; outcome_values[i].value_nick != NULL; i++)
    if (g_strcmp0 (outcome_values[i].value_nick, text) == 0)
      {
        *outcome = outcome_values[i].value;
        return TRUE;
      }
  return FALSE;
}

/**
 * rtcc_audit_field_name:
 *
 * Returns: the member name used in the canonical serialization, the
 *   database and the exports (`purpose_code`, `prev_hash`...)
 */
const char *
rtcc_audit_field_name (RtccAuditField field)
{
  g_return_val_if_fail (field < RTCC_AUDIT_N_FIELDS, NULL);
  return field_names[field];
}

/**
 * rtcc_audit_hash_fields:
 * @fields: every hashed field as text, %NULL where absent
 *
 * Hashes the canonical serialization: a header line, then per field its
 * name, a colon and either `-` (absent) or the byte length, a colon and
 * the bytes, then a newline. Lengths make it unambiguous whatever the
 * values hold, and absent stays distinct from empty. docs/cli.md spells it
 * out so an auditor can recompute hashes from an export.
 *
 * Returns: (transfer full): the SHA-256, 64 lower-case hex digits
 */
char *
rtcc_audit_hash_fields (const char * const fields[RTCC_AUDIT_N_FIELDS])
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);

  g_checksum_update (sum, (const guchar *) CANONICAL_HEADER, strlen (CANONICAL_HEADER));
  for (guint i = 0; i < RTCC_AUDIT_N_FIELDS; i++)
    {
      char prefix[64];

      if (fields[i] == NULL)
        g_snprintf (prefix, sizeof prefix, "%s:-", field_names[i]);
      else
        g_snprintf (prefix, sizeof prefix, "%s:%" G_GSIZE_FORMAT ":", field_names[i], strlen (fields[i]));
      g_checksum_update (sum, (const guchar *) prefix, strlen (prefix));
      if (fields[i] != NULL)
        g_checksum_update (sum, (const guchar *) fields[i], strlen (fields[i]));
      g_checksum_update (sum, (const guchar *) "\n", 1);
    }
  return g_strdup (g_checksum_get_string (sum));
}

static void
set_text (RtccAuditRecord *self,
          RtccAuditField   field,
          guint            prop,
          const char      *value)
{
  /* Empty and absent mean the same to a reader; store them one way. */
  if (value != NULL && *value == '\0')
    value = NULL;
  if (rtcc_set_str (&self->text[field], value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

/**
 * rtcc_audit_record_new:
 * @operator_id: who acted: the certified operator id or login name
 * @action: what was done, one of the `RTCC_AUDIT_ACTION_*` words or a new
 *   word of lower-case letters, digits and underscores
 *
 * The time defaults to the moment the log stores the record.
 *
 * Returns: (transfer full): a record with outcome success
 */
RtccAuditRecord *
rtcc_audit_record_new (const char *operator_id,
                       const char *action)
{
  RtccAuditRecord *self = g_object_new (RTCC_TYPE_AUDIT_RECORD, NULL);

  set_text (self, RTCC_AUDIT_FIELD_OPERATOR, PROP_OPERATOR, operator_id);
  set_text (self, RTCC_AUDIT_FIELD_ACTION, PROP_ACTION, action);
  return self;
}

/**
 * rtcc_audit_record_new_outcome:
 * @pending: the record written before the query was sent
 * @pending_seq: the seq the log gave @pending
 * @outcome: how the query ended
 * @detail: (nullable): a message, such as the vendor's error
 *
 * The outcome of a pending query is a second record, never an edit of
 * the first. It repeats who, what and why, but not the query terms: the
 * reference to @pending_seq is enough and CJI is written once.
 *
 * Returns: (transfer full): the outcome record
 */
RtccAuditRecord *
rtcc_audit_record_new_outcome (RtccAuditRecord  *pending,
                               gint64            pending_seq,
                               RtccAuditOutcome  outcome,
                               const char       *detail)
{
  static const RtccAuditField kept[] = {
    RTCC_AUDIT_FIELD_ORI, RTCC_AUDIT_FIELD_INTEGRATION, RTCC_AUDIT_FIELD_PURPOSE_CODE,
    RTCC_AUDIT_FIELD_PURPOSE_REASON, RTCC_AUDIT_FIELD_REQUESTOR,
    RTCC_AUDIT_FIELD_SECONDARY_RECIPIENT,
  };
  RtccAuditRecord *self;

  g_return_val_if_fail (RTCC_IS_AUDIT_RECORD (pending), NULL);

  self = rtcc_audit_record_new (pending->text[RTCC_AUDIT_FIELD_OPERATOR],
                                pending->text[RTCC_AUDIT_FIELD_ACTION]);
  for (guint i = 0; i < G_N_ELEMENTS (kept); i++)
    self->text[kept[i]] = g_strdup (pending->text[kept[i]]);
  self->outcome = outcome;
  self->text[RTCC_AUDIT_FIELD_OUTCOME_DETAIL] = g_strdup (detail);
  self->refers_to = pending_seq;
  return self;
}

/**
 * rtcc_audit_record_copy:
 *
 * Returns: (transfer full): an independent copy, stored fields included
 */
RtccAuditRecord *
rtcc_audit_record_copy (RtccAuditRecord *self)
{
  RtccAuditRecord *copy;

  g_return_val_if_fail (RTCC_IS_AUDIT_RECORD (self), NULL);

  copy = g_object_new (RTCC_TYPE_AUDIT_RECORD, NULL);
  copy->seq = self->seq;
  copy->time = self->time != NULL ? g_date_time_ref (self->time) : NULL;
  copy->outcome = self->outcome;
  copy->refers_to = self->refers_to;
  for (guint i = 0; i < RTCC_AUDIT_N_FIELDS; i++)
    copy->text[i] = g_strdup (self->text[i]);
  copy->hash = g_strdup (self->hash);
  return copy;
}

/**
 * rtcc_audit_record_get_seq:
 *
 * Returns: the seq the log stored the record under, or 0 if not stored
 */
gint64
rtcc_audit_record_get_seq (RtccAuditRecord *self)
{
  g_return_val_if_fail (RTCC_IS_AUDIT_RECORD (self), 0);
  return self->seq;
}

/**
 * rtcc_audit_record_get_time:
 *
 * Returns: (transfer none) (nullable): the time, in UTC to the hundredth
 *   of a second; %NULL until set or stored
 */
GDateTime *
rtcc_audit_record_get_time (RtccAuditRecord *self)
{
  g_return_val_if_fail (RTCC_IS_AUDIT_RECORD (self), NULL);
  return self->time;
}

/**
 * rtcc_audit_record_set_time:
 * @time: (nullable): when it happened; kept to the hundredth of a second,
 *   which is what the record carries and hashes
 */
void
rtcc_audit_record_set_time (RtccAuditRecord *self,
                            GDateTime       *time)
{
  g_return_if_fail (RTCC_IS_AUDIT_RECORD (self));

  g_clear_pointer (&self->time, g_date_time_unref);
  if (time != NULL)
    {
      g_autofree char *text = rtcc_time_format_audit (time);

      self->time = rtcc_time_parse_iso (text, NULL);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIME]);
}

/* Getters return (nullable) (transfer none) text; setters copy, and treat
 * an empty string as absent. */
#define TEXT_ACCESSORS(name, FIELD, PROP)                                  \
  const char *                                                             \
  rtcc_audit_record_get_##name (RtccAuditRecord *self)                     \
  {                                                                        \
    g_return_val_if_fail (RTCC_IS_AUDIT_RECORD (self), NULL);              \
    return self->text[RTCC_AUDIT_FIELD_##FIELD];                           \
  }                                                                        \
  void                                                                     \
  rtcc_audit_record_set_##name (RtccAuditRecord *self,                     \
                                const char      *value)                    \
  {                                                                        \
    g_return_if_fail (RTCC_IS_AUDIT_RECORD (self));                        \
    set_text (self, RTCC_AUDIT_FIELD_##FIELD, PROP_##PROP, value);         \
  }

TEXT_ACCESSORS (operator, OPERATOR, OPERATOR)
TEXT_ACCESSORS (ori, ORI, ORI)
TEXT_ACCESSORS (action, ACTION, ACTION)
TEXT_ACCESSORS (integration, INTEGRATION, INTEGRATION)
TEXT_ACCESSORS (purpose_code, PURPOSE_CODE, PURPOSE_CODE)
TEXT_ACCESSORS (purpose_reason, PURPOSE_REASON, PURPOSE_REASON)
TEXT_ACCESSORS (query_terms, QUERY_TERMS, QUERY_TERMS)
TEXT_ACCESSORS (outcome_detail, OUTCOME_DETAIL, OUTCOME_DETAIL)
TEXT_ACCESSORS (requestor, REQUESTOR, REQUESTOR)
TEXT_ACCESSORS (secondary_recipient, SECONDARY_RECIPIENT, SECONDARY_RECIPIENT)

#undef TEXT_ACCESSORS

RtccAuditOutcome
rtcc_audit_record_get_outcome (RtccAuditRecord *self)
{
  g_return_val_if_fail (RTCC_IS_AUDIT_RECORD (self), RTCC_AUDIT_OUTCOME_FAILURE);
  return self->outcome;
}

/**
 * rtcc_audit_record_set_outcome:
 *
 * A query sent to another system is recorded as pending first; its end is
 * a second record (rtcc_audit_record_new_outcome()), never a change.
 */
void
rtcc_audit_record_set_outcome (RtccAuditRecord  *self,
                               RtccAuditOutcome  outcome)
{
  g_return_if_fail (RTCC_IS_AUDIT_RECORD (self));

  if (self->outcome == outcome)
    return;
  self->outcome = outcome;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OUTCOME]);
}

/**
 * rtcc_audit_record_get_refers_to:
 *
 * Returns: the seq of the pending record this one gives the outcome of,
 *   or 0
 */
gint64
rtcc_audit_record_get_refers_to (RtccAuditRecord *self)
{
  g_return_val_if_fail (RTCC_IS_AUDIT_RECORD (self), 0);
  return self->refers_to;
}

void
rtcc_audit_record_set_refers_to (RtccAuditRecord *self,
                                 gint64           seq)
{
  g_return_if_fail (RTCC_IS_AUDIT_RECORD (self));

  if (self->refers_to == seq)
    return;
  self->refers_to = seq;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REFERS_TO]);
}

/**
 * rtcc_audit_record_get_prev_hash:
 *
 * Returns: (nullable): the hash of the record before, once stored
 */
const char *
rtcc_audit_record_get_prev_hash (RtccAuditRecord *self)
{
  g_return_val_if_fail (RTCC_IS_AUDIT_RECORD (self), NULL);
  return self->text[RTCC_AUDIT_FIELD_PREV_HASH];
}

/**
 * rtcc_audit_record_get_hash:
 *
 * Returns: (nullable): this record's hash, once stored
 */
const char *
rtcc_audit_record_get_hash (RtccAuditRecord *self)
{
  g_return_val_if_fail (RTCC_IS_AUDIT_RECORD (self), NULL);
  return self->hash;
}

static gboolean
check_text (RtccAuditRecord  *self,
            RtccAuditField    field,
            gsize             max_bytes,
            GError          **error)
{
  const char *value = self->text[field];

  if (value == NULL)
    return TRUE;
  if (!g_utf8_validate (value, -1, NULL))
    {
      g_set_error (error, RTCC_AUDIT_ERROR, RTCC_AUDIT_ERROR_INVALID,
                   _("The audit record’s %s is not valid UTF-8 text"), field_names[field]);
      return FALSE;
    }
  if (strlen (value) > max_bytes)
    {
      g_set_error (error, RTCC_AUDIT_ERROR, RTCC_AUDIT_ERROR_INVALID,
                   _("The audit record’s %s is longer than %zu bytes"),
                   field_names[field], max_bytes);
      return FALSE;
    }
  return TRUE;
}

/**
 * rtcc_audit_record_validate:
 * @error: return location for a %RTCC_AUDIT_ERROR_INVALID error
 *
 * Checks what the log requires before storing: an operator and an action,
 * text that is valid UTF-8 and not over the limits, an NCIC purpose code
 * when one is given (R is refused: it is reserved for the FBI), and an
 * outcome record that refers to an earlier one and is not itself pending.
 *
 * Returns: %TRUE if the record can be stored
 */
gboolean
rtcc_audit_record_validate (RtccAuditRecord  *self,
                            GError          **error)
{
  const char *action = self->text[RTCC_AUDIT_FIELD_ACTION];
  const char *code = self->text[RTCC_AUDIT_FIELD_PURPOSE_CODE];

  g_return_val_if_fail (RTCC_IS_AUDIT_RECORD (self), FALSE);

  if (self->text[RTCC_AUDIT_FIELD_OPERATOR] == NULL)
    {
      g_set_error_literal (error, RTCC_AUDIT_ERROR, RTCC_AUDIT_ERROR_INVALID,
                           _("An audit record needs an operator. Set NESS_OPERATOR_ID or sign in."));
      return FALSE;
    }
  if (action == NULL)
    {
      g_set_error_literal (error, RTCC_AUDIT_ERROR, RTCC_AUDIT_ERROR_INVALID,
                           _("An audit record needs an action"));
      return FALSE;
    }
  if (strlen (action) > 64 || strspn (action, "abcdefghijklmnopqrstuvwxyz0123456789_") != strlen (action))
    {
      g_set_error_literal (error, RTCC_AUDIT_ERROR, RTCC_AUDIT_ERROR_INVALID,
                           _("An audit action is a word of lower-case letters, digits and underscores"));
      return FALSE;
    }

  for (guint i = 0; i < RTCC_AUDIT_N_FIELDS; i++)
    if (!check_text (self, i,
                     i == RTCC_AUDIT_FIELD_QUERY_TERMS ? RTCC_AUDIT_MAX_TERMS_BYTES
                                                       : RTCC_AUDIT_MAX_FIELD_BYTES,
                     error))
      return FALSE;

  if (code != NULL)
    {
      if (g_str_equal (code, "R"))
        {
          g_set_error_literal (error, RTCC_AUDIT_ERROR, RTCC_AUDIT_ERROR_INVALID,
                               _("Purpose code R is reserved for the FBI and cannot be used"));
          return FALSE;
        }
      if (strlen (code) != 1 || strchr ("CDFHIJSVX", code[0]) == NULL)
        {
          g_set_error (error, RTCC_AUDIT_ERROR, RTCC_AUDIT_ERROR_INVALID,
                       _("“%.8s” is not an NCIC purpose code (C, D, F, H, I, J, S, V or X)"), code);
          return FALSE;
        }
    }

  if (self->refers_to < 0)
    {
      g_set_error_literal (error, RTCC_AUDIT_ERROR, RTCC_AUDIT_ERROR_INVALID,
                           _("An outcome record must refer to a stored record"));
      return FALSE;
    }
  if (self->refers_to > 0 && self->outcome == RTCC_AUDIT_OUTCOME_PENDING)
    {
      g_set_error_literal (error, RTCC_AUDIT_ERROR, RTCC_AUDIT_ERROR_INVALID,
                           _("An outcome record cannot itself be pending"));
      return FALSE;
    }
  return TRUE;
}

/**
 * rtcc_audit_record_dup_fields:
 *
 * Returns: (transfer full): the hashed fields as text, in #RtccAuditField
 *   order, %NULL where absent; free with rtcc_audit_fields_free(), not
 *   g_strfreev(), which would stop at the first absent field
 */
char **
rtcc_audit_record_dup_fields (RtccAuditRecord *self)
{
  char **fields = g_new0 (char *, RTCC_AUDIT_N_FIELDS + 1);

  for (guint i = 0; i < RTCC_AUDIT_N_FIELDS; i++)
    fields[i] = g_strdup (self->text[i]);
  fields[RTCC_AUDIT_FIELD_SEQ] = self->seq > 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, self->seq) : NULL;
  fields[RTCC_AUDIT_FIELD_TIME] = self->time != NULL ? rtcc_time_format_audit (self->time) : NULL;
  fields[RTCC_AUDIT_FIELD_OUTCOME] = g_strdup (rtcc_audit_outcome_to_string (self->outcome));
  fields[RTCC_AUDIT_FIELD_REFERS_TO] = self->refers_to > 0
    ? g_strdup_printf ("%" G_GINT64_FORMAT, self->refers_to) : NULL;
  return fields;
}

/**
 * rtcc_audit_fields_free:
 * @fields: (nullable): from rtcc_audit_record_dup_fields()
 */
void
rtcc_audit_fields_free (char **fields)
{
  if (fields == NULL)
    return;
  for (guint i = 0; i < RTCC_AUDIT_N_FIELDS; i++)
    g_free (fields[i]);
  g_free (fields);
}

static gboolean
parse_seq (const char *text,
           gint64     *value)
{
  char *end = NULL;
  gint64 v;

  if (text == NULL || !g_ascii_isdigit (text[0]))
    return FALSE;
  v = g_ascii_strtoll (text, &end, 10);
  if (*end != '\0' || v <= 0)
    return FALSE;
  *value = v;
  return TRUE;
}

/**
 * rtcc_audit_record_new_from_fields:
 * @fields: the stored fields as text, in #RtccAuditField order
 * @hash: the stored hash
 * @error: return location for a %RTCC_AUDIT_ERROR_CORRUPT error
 *
 * Builds a stored record as read back from the database. It does not
 * check the hash: that is the job of verification.
 *
 * Returns: (transfer full) (nullable): the record
 */
RtccAuditRecord *
rtcc_audit_record_new_from_fields (const char * const   fields[RTCC_AUDIT_N_FIELDS],
                                   const char          *hash,
                                   GError             **error)
{
  g_autoptr(RtccAuditRecord) self = g_object_new (RTCC_TYPE_AUDIT_RECORD, NULL);

  if (!parse_seq (fields[RTCC_AUDIT_FIELD_SEQ], &self->seq) ||
      (fields[RTCC_AUDIT_FIELD_REFERS_TO] != NULL &&
       !parse_seq (fields[RTCC_AUDIT_FIELD_REFERS_TO], &self->refers_to)) ||
      !rtcc_audit_outcome_from_string (fields[RTCC_AUDIT_FIELD_OUTCOME], &self->outcome) ||
      (self->time = rtcc_time_parse_iso (fields[RTCC_AUDIT_FIELD_TIME], NULL)) == NULL)
    {
      g_set_error (error, RTCC_AUDIT_ERROR, RTCC_AUDIT_ERROR_CORRUPT,
                   _("Audit record %.20s is damaged (bad seq, time or outcome). "
                     "Run “rtcc-cli audit verify”."),
                   fields[RTCC_AUDIT_FIELD_SEQ] != NULL ? fields[RTCC_AUDIT_FIELD_SEQ] : "?");
      return NULL;
    }

  for (guint i = 0; i < G_N_ELEMENTS (text_props); i++)
    self->text[text_props[i].field] = g_strdup (fields[text_props[i].field]);
  self->hash = g_strdup (hash);
  return g_steal_pointer (&self);
}

/**
 * rtcc_audit_record_to_json:
 *
 * Every field, hashes included, members in the canonical order, `null`
 * where absent: the shape of one record in a JSON export.
 *
 * Returns: (transfer full): a JSON object node
 */
JsonNode *
rtcc_audit_record_to_json (RtccAuditRecord *self)
{
  char **fields = rtcc_audit_record_dup_fields (self);
  JsonNode *node = rtcc_audit_fields_to_json ((const char * const *) fields, self->hash);

  rtcc_audit_fields_free (fields);
  return node;
}

/**
 * rtcc_audit_fields_to_json:
 * @fields: stored fields as text, in #RtccAuditField order
 * @hash: (nullable): the stored hash
 *
 * Writes the fields as they are, even damaged ones, so an export shows an
 * auditor exactly what the database holds. Seq and refers_to become
 * numbers when they are numbers.
 *
 * Returns: (transfer full): a JSON object node
 */
JsonNode *
rtcc_audit_fields_to_json (const char * const  fields[RTCC_AUDIT_N_FIELDS],
                           const char         *hash)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  for (guint i = 0; i < RTCC_AUDIT_N_FIELDS; i++)
    {
      gint64 number;

      json_builder_set_member_name (builder, field_names[i]);
      if (fields[i] == NULL)
        json_builder_add_null_value (builder);
      else if ((i == RTCC_AUDIT_FIELD_SEQ || i == RTCC_AUDIT_FIELD_REFERS_TO) &&
               parse_seq (fields[i], &number))
        json_builder_add_int_value (builder, number);
      else
        json_builder_add_string_value (builder, fields[i]);
    }
  json_builder_set_member_name (builder, "hash");
  if (hash != NULL)
    json_builder_add_string_value (builder, hash);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/**
 * rtcc_audit_record_set_stored:
 *
 * For #RtccAuditLog: fills in what storing decides.
 */
void
rtcc_audit_record_set_stored (RtccAuditRecord *self,
                              gint64           seq,
                              GDateTime       *time,
                              const char      *prev_hash,
                              const char      *hash)
{
  self->seq = seq;
  g_clear_pointer (&self->time, g_date_time_unref);
  self->time = g_date_time_ref (time);
  g_free (self->text[RTCC_AUDIT_FIELD_PREV_HASH]);
  self->text[RTCC_AUDIT_FIELD_PREV_HASH] = g_strdup (prev_hash);
  g_free (self->hash);
  self->hash = g_strdup (hash);
}
