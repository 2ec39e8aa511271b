/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccNess"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "rtcc-ness-query.h"

/* Longer values are no name, number or reason a person typed; 256
 * characters of UTF-8 also stay within an audit field's 1024 bytes. */
#define MAX_FIELD_CHARS  64
#define MAX_REASON_CHARS 256

G_DEFINE_QUARK (rtcc-ness-error-quark, rtcc_ness_error)
G_DEFINE_BOXED_TYPE (RtccNessQuery, rtcc_ness_query, rtcc_ness_query_copy, rtcc_ness_query_free)

/* Registered so the query dialog can list the kinds in a dropdown. */
GType
rtcc_ness_query_kind_get_type (void)
{
  static gsize type_id;

  if (g_once_init_enter (&type_id))
    {
      static const GEnumValue values[] = {
        { RTCC_NESS_QUERY_WANTED, "RTCC_NESS_QUERY_WANTED", "wanted" },
        { RTCC_NESS_QUERY_HISTORY, "RTCC_NESS_QUERY_HISTORY", "history" },
        { RTCC_NESS_QUERY_LICENSE, "RTCC_NESS_QUERY_LICENSE", "license" },
        { RTCC_NESS_QUERY_REGISTRATION, "RTCC_NESS_QUERY_REGISTRATION", "registration" },
        { 0, NULL, NULL }
      };
      g_once_init_leave (&type_id, g_enum_register_static (g_intern_static_string ("RtccNessQueryKind"), values));
    }
  return type_id;
}

/**
 * rtcc_ness_wipe_string:
 * @text: a string to overwrite, free and set to %NULL
 *
 * Query terms and answers are CJI: their bytes are overwritten before the
 * memory goes back to the allocator, where a later dump could find them.
 */
void
rtcc_ness_wipe_string (char **text)
{
  if (*text == NULL)
    return;
  explicit_bzero (*text, strlen (*text));
  g_clear_pointer (text, g_free);
}

static void
set_field (char       **field,
           const char  *value)
{
  char *copy = value != NULL ? g_strstrip (g_strdup (value)) : NULL;

  rtcc_ness_wipe_string (field);
  if (copy != NULL && *copy == '\0')
    g_clear_pointer (&copy, g_free);
  *field = copy;
}

/**
 * rtcc_ness_query_new:
 * @kind: what is asked
 *
 * Returns: (transfer full): an empty query of @kind
 */
RtccNessQuery *
rtcc_ness_query_new (RtccNessQueryKind kind)
{
  RtccNessQuery *self = g_new0 (RtccNessQuery, 1);

  self->kind = kind;
  return self;
}

/**
 * rtcc_ness_query_copy:
 *
 * Returns: (transfer full): an independent copy
 */
RtccNessQuery *
rtcc_ness_query_copy (const RtccNessQuery *self)
{
  RtccNessQuery *copy = rtcc_ness_query_new (self->kind);

  copy->last_name = g_strdup (self->last_name);
  copy->first_name = g_strdup (self->first_name);
  copy->middle_name = g_strdup (self->middle_name);
  copy->dob = g_strdup (self->dob);
  copy->sex = g_strdup (self->sex);
  copy->race = g_strdup (self->race);
  copy->license_number = g_strdup (self->license_number);
  copy->license_state = g_strdup (self->license_state);
  copy->plate = g_strdup (self->plate);
  copy->plate_state = g_strdup (self->plate_state);
  copy->purpose_code = g_strdup (self->purpose_code);
  copy->purpose_reason = g_strdup (self->purpose_reason);
  return copy;
}

/**
 * rtcc_ness_query_free:
 *
 * Wipes and frees the query.
 */
void
rtcc_ness_query_free (RtccNessQuery *self)
{
  if (self == NULL)
    return;
  rtcc_ness_wipe_string (&self->last_name);
  rtcc_ness_wipe_string (&self->first_name);
  rtcc_ness_wipe_string (&self->middle_name);
  rtcc_ness_wipe_string (&self->dob);
  rtcc_ness_wipe_string (&self->sex);
  rtcc_ness_wipe_string (&self->race);
  rtcc_ness_wipe_string (&self->license_number);
  rtcc_ness_wipe_string (&self->license_state);
  rtcc_ness_wipe_string (&self->plate);
  rtcc_ness_wipe_string (&self->plate_state);
  rtcc_ness_wipe_string (&self->purpose_code);
  rtcc_ness_wipe_string (&self->purpose_reason);
  g_free (self);
}

/**
 * rtcc_ness_query_set_name:
 * @last_name: (nullable): the last name
 * @first_name: (nullable): the first name
 * @middle_name: (nullable): the middle name
 *
 * Names are sent in upper case, as NCIC holds them.
 */
void
rtcc_ness_query_set_name (RtccNessQuery *self,
                          const char    *last_name,
                          const char    *first_name,
                          const char    *middle_name)
{
  g_autofree char *last = last_name ? g_utf8_strup (last_name, -1) : NULL;
  g_autofree char *first = first_name ? g_utf8_strup (first_name, -1) : NULL;
  g_autofree char *middle = middle_name ? g_utf8_strup (middle_name, -1) : NULL;

  set_field (&self->last_name, last);
  set_field (&self->first_name, first);
  set_field (&self->middle_name, middle);
  rtcc_ness_wipe_string (&last);
  rtcc_ness_wipe_string (&first);
  rtcc_ness_wipe_string (&middle);
}

/**
 * rtcc_ness_query_set_person:
 * @dob: (nullable): the date of birth, `YYYY-MM-DD`
 * @sex: (nullable): the NCIC sex code
 * @race: (nullable): the NCIC race code
 */
void
rtcc_ness_query_set_person (RtccNessQuery *self,
                            const char    *dob,
                            const char    *sex,
                            const char    *race)
{
  set_field (&self->dob, dob);
  set_field (&self->sex, sex);
  set_field (&self->race, race);
}

/* Plates and licence numbers are written many ways; NCIC wants them in
 * upper case without spaces or dashes. */
static char *
compact_upper (const char *text)
{
  GString *out;

  if (text == NULL)
    return NULL;
  out = g_string_new (NULL);
  for (const char *p = text; *p != '\0'; p++)
    if (*p != ' ' && *p != '-' && *p != '\t')
      g_string_append_c (out, g_ascii_toupper (*p));
  return g_string_free (out, FALSE);
}

/**
 * rtcc_ness_query_set_license:
 * @number: (nullable): the licence number
 * @state: (nullable): the issuing state, two letters
 */
void
rtcc_ness_query_set_license (RtccNessQuery *self,
                             const char    *number,
                             const char    *state)
{
  g_autofree char *n = compact_upper (number);
  g_autofree char *s = compact_upper (state);

  set_field (&self->license_number, n);
  set_field (&self->license_state, s);
}

/**
 * rtcc_ness_query_set_plate:
 * @plate: (nullable): the plate
 * @state: (nullable): the registering state, two letters
 */
void
rtcc_ness_query_set_plate (RtccNessQuery *self,
                           const char    *plate,
                           const char    *state)
{
  g_autofree char *p = compact_upper (plate);
  g_autofree char *s = compact_upper (state);

  set_field (&self->plate, p);
  set_field (&self->plate_state, s);
}

/**
 * rtcc_ness_query_set_purpose:
 * @code: (nullable): the NCIC purpose code; case does not matter
 * @reason: (nullable): the reason in words
 */
void
rtcc_ness_query_set_purpose (RtccNessQuery *self,
                             const char    *code,
                             const char    *reason)
{
  g_autofree char *c = code ? g_ascii_strup (code, -1) : NULL;

  set_field (&self->purpose_code, c);
  set_field (&self->purpose_reason, reason);
}

/**
 * rtcc_ness_query_kind_message_key:
 *
 * Returns: the NCIC message key: QW, QH, DQ or RQ
 */
const char *
rtcc_ness_query_kind_message_key (RtccNessQueryKind kind)
{
  switch (kind)
    {
    case RTCC_NESS_QUERY_WANTED: return "QW";
    case RTCC_NESS_QUERY_HISTORY: return "QH";
    case RTCC_NESS_QUERY_LICENSE: return "DQ";
    case RTCC_NESS_QUERY_REGISTRATION: return "RQ";
    default: g_return_val_if_reached (NULL);
    }
}

/**
 * rtcc_ness_query_kind_path:
 *
 * Returns: the gateway path the query is posted to
 */
const char *
rtcc_ness_query_kind_path (RtccNessQueryKind kind)
{
  switch (kind)
    {
    case RTCC_NESS_QUERY_WANTED: return "/ncic/wanted";
    case RTCC_NESS_QUERY_HISTORY: return "/iii/history";
    case RTCC_NESS_QUERY_LICENSE: return "/dmv/license";
    case RTCC_NESS_QUERY_REGISTRATION: return "/dmv/registration";
    default: g_return_val_if_reached (NULL);
    }
}

static gboolean
is_plain_text (const char *text,
               guint       max_chars)
{
  if (!g_utf8_validate (text, -1, NULL) || g_utf8_strlen (text, -1) > max_chars)
    return FALSE;
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

static gboolean
is_alnum (const char *text,
          guint       max_chars)
{
  gsize len = strlen (text);

  if (len == 0 || len > max_chars)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalnum (text[i]))
      return FALSE;
  return TRUE;
}

static gboolean
is_state (const char *text)
{
  return strlen (text) == 2 && g_ascii_isupper (text[0]) && g_ascii_isupper (text[1]);
}

static gboolean
is_date (const char *text)
{
  int y, m, d;
  char end;

  return strlen (text) == 10 && text[4] == '-' && text[7] == '-' &&
         sscanf (text, "%4d-%2d-%2d%c", &y, &m, &d, &end) == 3 &&
         y >= 1900 && g_date_valid_dmy (d, m, y);
}

static gboolean
require (const char  *value,
         const char  *message,
         GError     **error)
{
  if (value == NULL)
    {
      g_set_error_literal (error, RTCC_NESS_ERROR, RTCC_NESS_ERROR_MISSING_FIELD, message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_text (const char  *value,
            const char  *label,
            GError     **error)
{
  if (value != NULL && !is_plain_text (value, MAX_FIELD_CHARS))
    {
      g_set_error (error, RTCC_NESS_ERROR, RTCC_NESS_ERROR_INVALID_FIELD,
                   _("The %s must be plain text of at most %u characters."), label, MAX_FIELD_CHARS);
      return FALSE;
    }
  return TRUE;
}

static gboolean
validate_fields (const RtccNessQuery  *self,
                 GError              **error)
{
  const char *key = rtcc_ness_query_kind_message_key (self->kind);

  switch (self->kind)
    {
    case RTCC_NESS_QUERY_WANTED:
    case RTCC_NESS_QUERY_HISTORY:
      if (!require (self->last_name, self->kind == RTCC_NESS_QUERY_WANTED
                      ? _("A wanted-person query (QW) needs the last name.")
                      : _("A criminal history query (QH) needs the last name."), error) ||
          !require (self->first_name, self->kind == RTCC_NESS_QUERY_WANTED
                      ? _("A wanted-person query (QW) needs the first name.")
                      : _("A criminal history query (QH) needs the first name."), error) ||
          !require (self->dob, self->kind == RTCC_NESS_QUERY_WANTED
                      ? _("A wanted-person query (QW) needs the date of birth.")
                      : _("A criminal history query (QH) needs the date of birth."), error))
        return FALSE;
      if (!check_text (self->last_name, _("last name"), error) ||
          !check_text (self->first_name, _("first name"), error) ||
          !check_text (self->middle_name, _("middle name"), error) ||
          !check_text (self->sex, _("sex"), error) ||
          !check_text (self->race, _("race"), error))
        return FALSE;
      if (!is_date (self->dob))
        {
          g_set_error (error, RTCC_NESS_ERROR, RTCC_NESS_ERROR_INVALID_FIELD,
                       _("The date of birth must be a real date written YYYY-MM-DD (%s query)."), key);
          return FALSE;
        }
      return TRUE;

    case RTCC_NESS_QUERY_LICENSE:
      if (!require (self->license_number, _("A driver licence query (DQ) needs the licence number."), error) ||
          !require (self->license_state, _("A driver licence query (DQ) needs the issuing state."), error))
        return FALSE;
      if (!is_alnum (self->license_number, 25))
        {
          g_set_error_literal (error, RTCC_NESS_ERROR, RTCC_NESS_ERROR_INVALID_FIELD,
                               _("A licence number is 1 to 25 letters and digits."));
          return FALSE;
        }
      if (!is_state (self->license_state))
        {
          g_set_error_literal (error, RTCC_NESS_ERROR, RTCC_NESS_ERROR_INVALID_FIELD,
                               _("The state is its two-letter code, such as IL."));
          return FALSE;
        }
      return TRUE;

    case RTCC_NESS_QUERY_REGISTRATION:
      if (!require (self->plate, _("A registration query (RQ) needs the plate."), error) ||
          !require (self->plate_state, _("A registration query (RQ) needs the plate’s state."), error))
        return FALSE;
      if (!is_alnum (self->plate, 10))
        {
          g_set_error_literal (error, RTCC_NESS_ERROR, RTCC_NESS_ERROR_INVALID_FIELD,
                               _("A plate is 1 to 10 letters and digits."));
          return FALSE;
        }
      if (!is_state (self->plate_state))
        {
          g_set_error_literal (error, RTCC_NESS_ERROR, RTCC_NESS_ERROR_INVALID_FIELD,
                               _("The state is its two-letter code, such as IL."));
          return FALSE;
        }
      return TRUE;

    default:
      g_set_error_literal (error, RTCC_NESS_ERROR, RTCC_NESS_ERROR_INVALID_FIELD,
                           _("Unknown kind of NESS query"));
      return FALSE;
    }
}

/**
 * rtcc_ness_query_validate:
 * @operator_id: (nullable): the certified operator (NESS_OPERATOR_ID)
 * @ori: (nullable): the agency's ORI (NESS_ORI)
 *
 * Everything the gateway would refuse is refused here first, so that a
 * query that cannot be answered never leaves the workstation: operator and
 * ORI, an NCIC purpose code other than the FBI's R, a reason, and the
 * fields the kind needs.
 *
 * Returns: %TRUE if the query may be sent
 */
gboolean
rtcc_ness_query_validate (const RtccNessQuery  *self,
                          const char           *operator_id,
                          const char           *ori,
                          GError              **error)
{
  static const char accepted[] = "CDFHIJSVX";
  const char *code = self->purpose_code;

  if (operator_id == NULL || *operator_id == '\0')
    {
      g_set_error_literal (error, RTCC_NESS_ERROR, RTCC_NESS_ERROR_NOT_CONFIGURED,
                           _("NESS queries need a certified operator. Set NESS_OPERATOR_ID in Preferences."));
      return FALSE;
    }
  if (ori == NULL || *ori == '\0')
    {
      g_set_error_literal (error, RTCC_NESS_ERROR, RTCC_NESS_ERROR_NOT_CONFIGURED,
                           _("NESS queries need the agency’s ORI. Set NESS_ORI in Preferences."));
      return FALSE;
    }
  if (code == NULL)
    {
      g_set_error_literal (error, RTCC_NESS_ERROR, RTCC_NESS_ERROR_PURPOSE_REQUIRED,
                           _("Choose a purpose code (C, D, F, H, I, J, S, V or X) before sending a NESS query."));
      return FALSE;
    }
  if (g_str_equal (code, "R"))
    {
      g_set_error_literal (error, RTCC_NESS_ERROR, RTCC_NESS_ERROR_PURPOSE_RESERVED,
                           _("Purpose code R is reserved for the FBI and cannot be used from a workstation. "
                             "Choose the code that fits the query."));
      return FALSE;
    }
  if (strlen (code) != 1 || strchr (accepted, code[0]) == NULL)
    {
      g_autofree char *shown = g_utf8_make_valid (code, MIN (strlen (code), 8));
      g_set_error (error, RTCC_NESS_ERROR, RTCC_NESS_ERROR_INVALID_PURPOSE,
                   _("“%s” is not an NCIC purpose code. Use C, D, F, H, I, J, S, V or X."), shown);
      return FALSE;
    }
  if (self->purpose_reason == NULL)
    {
      g_set_error_literal (error, RTCC_NESS_ERROR, RTCC_NESS_ERROR_REASON_REQUIRED,
                           _("Give the reason for this query in words; it is recorded with the purpose code."));
      return FALSE;
    }
  if (!is_plain_text (self->purpose_reason, MAX_REASON_CHARS))
    {
      g_set_error (error, RTCC_NESS_ERROR, RTCC_NESS_ERROR_INVALID_FIELD,
                   _("The reason must be plain text of at most %u characters."), MAX_REASON_CHARS);
      return FALSE;
    }
  return validate_fields (self, error);
}

static void
add_if (JsonBuilder *b,
        const char  *member,
        const char  *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (b, member);
  json_builder_add_string_value (b, value);
}

/**
 * rtcc_ness_query_to_json:
 *
 * Returns: (transfer full): the request body, in the gateway's field names
 */
JsonNode *
rtcc_ness_query_to_json (const RtccNessQuery *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  switch (self->kind)
    {
    case RTCC_NESS_QUERY_WANTED:
    case RTCC_NESS_QUERY_HISTORY:
      json_builder_set_member_name (b, "name");
      json_builder_begin_object (b);
      add_if (b, "last", self->last_name);
      add_if (b, "first", self->first_name);
      add_if (b, "middle", self->middle_name);
      json_builder_end_object (b);
      add_if (b, "dob", self->dob);
      add_if (b, "sex", self->sex);
      add_if (b, "race", self->race);
      break;
    case RTCC_NESS_QUERY_LICENSE:
      add_if (b, "licenseNumber", self->license_number);
      add_if (b, "state", self->license_state);
      break;
    case RTCC_NESS_QUERY_REGISTRATION:
      add_if (b, "plate", self->plate);
      add_if (b, "state", self->plate_state);
      break;
    default:
      break;
    }
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static void
append_term (GString    *terms,
             const char *name,
             const char *value)
{
  if (value != NULL)
    g_string_append_printf (terms, " %s=%s", name, value);
}

/**
 * rtcc_ness_query_dup_terms:
 *
 * Returns: (transfer full): the query terms as the audit log records
 *   them, e.g. `QW last=DOE first=JOHN dob=1990-04-12`
 */
char *
rtcc_ness_query_dup_terms (const RtccNessQuery *self)
{
  GString *terms = g_string_new (rtcc_ness_query_kind_message_key (self->kind));

  append_term (terms, "last", self->last_name);
  append_term (terms, "first", self->first_name);
  append_term (terms, "middle", self->middle_name);
  append_term (terms, "dob", self->dob);
  append_term (terms, "sex", self->sex);
  append_term (terms, "race", self->race);
  append_term (terms, "license", self->license_number);
  append_term (terms, "license_state", self->license_state);
  append_term (terms, "plate", self->plate);
  append_term (terms, "plate_state", self->plate_state);
  return g_string_free (terms, FALSE);
}
