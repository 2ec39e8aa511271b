/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccNess"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "rtcc-json.h"
#include "rtcc-ness-result.h"

G_DEFINE_BOXED_TYPE (RtccNessResult, rtcc_ness_result, rtcc_ness_result_ref, rtcc_ness_result_unref)

#define wipe rtcc_ness_wipe_string

static void
wipe_cb (gpointer p)
{
  char *text = p;

  wipe (&text);
}

static GPtrArray *
new_string_array (void)
{
  return g_ptr_array_new_with_free_func (wipe_cb);
}

static void
hit_free (gpointer p)
{
  RtccNessHit *hit = p;

  wipe (&hit->nic);
  wipe (&hit->ori);
  wipe (&hit->offense);
  wipe (&hit->warrant_date);
  wipe (&hit->extradition);
  wipe (&hit->caution);
  wipe (&hit->notice);
  g_free (hit);
}

static void
arrest_free (gpointer p)
{
  RtccNessArrest *arrest = p;

  wipe (&arrest->date);
  wipe (&arrest->charge);
  wipe (&arrest->disposition);
  g_free (arrest);
}

static void
record_free (RtccNessRecord *record)
{
  wipe (&record->fbi_number);
  g_clear_pointer (&record->state_ids, g_ptr_array_unref);
  g_clear_pointer (&record->arrests, g_ptr_array_unref);
  g_free (record);
}

static void
license_free (RtccNessLicense *license)
{
  wipe (&license->status);
  wipe (&license->license_class);
  wipe (&license->expires);
  wipe (&license->name);
  wipe (&license->dob);
  g_clear_pointer (&license->restrictions, g_ptr_array_unref);
  g_free (license);
}

static void
registration_free (RtccNessRegistration *registration)
{
  wipe (&registration->plate);
  wipe (&registration->state);
  wipe (&registration->vin);
  wipe (&registration->year);
  wipe (&registration->make);
  wipe (&registration->model);
  wipe (&registration->color);
  wipe (&registration->owner_name);
  wipe (&registration->owner_address);
  wipe (&registration->expires);
  registration->stolen = FALSE;
  g_free (registration);
}

/**
 * rtcc_ness_confirmation_notice:
 * @ori: (nullable): the originating agency of the hit
 *
 * Returns: (transfer full): the notice every hit carries
 */
char *
rtcc_ness_confirmation_notice (const char *ori)
{
  return g_strdup_printf (_("A hit is not probable cause: confirm with the originating agency "
                            "(ORI %s) within 10 minutes (urgent) or 1 hour (routine) before acting."),
                          ori != NULL && *ori != '\0' ? ori : _("unknown"));
}

/**
 * rtcc_ness_wipe_json:
 * @node: (nullable): a parsed answer
 *
 * Overwrites every string value in @node, so that the parser's copy of
 * the answer does not outlive the result read from it. The node stays
 * valid, with strings of NULs.
 */
void
rtcc_ness_wipe_json (JsonNode *node)
{
  if (node == NULL)
    return;
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObjectIter iter;
        JsonNode *member;

        json_object_iter_init (&iter, json_node_get_object (node));
        while (json_object_iter_next (&iter, NULL, &member))
          rtcc_ness_wipe_json (member);
      }
      break;
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);

        for (guint i = 0; i < json_array_get_length (array); i++)
          rtcc_ness_wipe_json (json_array_get_element (array, i));
      }
      break;
    case JSON_NODE_VALUE:
      if (json_node_get_value_type (node) == G_TYPE_STRING && json_node_get_string (node) != NULL)
        {
          char *text = (char *) json_node_get_string (node);
          explicit_bzero (text, strlen (text));
        }
      break;
    case JSON_NODE_NULL:
    default:
      break;
    }
}

/**
 * rtcc_ness_wipe_bytes:
 * @bytes: (nullable): an answer's body, read into memory this process owns
 *
 * Overwrites the body once it has been read: nobody may look at it again.
 */
void
rtcc_ness_wipe_bytes (GBytes *bytes)
{
  gsize length = 0;
  gpointer data;

  if (bytes == NULL)
    return;
  data = (gpointer) g_bytes_get_data (bytes, &length);
  if (data != NULL && length > 0)
    explicit_bzero (data, length);
}

/* Gateways send numbers where text is documented; both are read. */
static char *
dup_text (JsonObject *obj,
          const char *member)
{
  return obj != NULL ? rtcc_json_dup_string_lenient (obj, member) : NULL;
}

static GPtrArray *
read_strings (JsonObject *obj,
              const char *member)
{
  JsonArray *array = obj != NULL ? rtcc_json_get_array (obj, member) : NULL;
  GPtrArray *out = new_string_array ();

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      if (JSON_NODE_HOLDS_VALUE (item) && json_node_get_value_type (item) == G_TYPE_STRING)
        g_ptr_array_add (out, g_strdup (json_node_get_string (item)));
    }
  return out;
}

static char *
address_line (JsonNode *node)
{
  JsonObject *obj;
  GString *line;
  static const char * const parts[] = { "street", "line1", "line2", "city", "state", "zip" };

  if (node == NULL)
    return NULL;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  obj = json_node_get_object (node);
  line = g_string_new (NULL);
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      const char *part = rtcc_json_get_string (obj, parts[i]);
      if (part == NULL || *part == '\0')
        continue;
      if (line->len > 0)
        g_string_append (line, ", ");
      g_string_append (line, part);
    }
  if (line->len == 0)
    {
      g_string_free (line, TRUE);
      return NULL;
    }
  return g_string_free (line, FALSE);
}

static void
read_hits (RtccNessResult *self,
           JsonObject     *answer)
{
  JsonArray *hits = rtcc_json_get_array (answer, "hits");
  gboolean confirm = FALSE;

  for (guint i = 0; hits != NULL && i < json_array_get_length (hits); i++)
    {
      JsonNode *node = json_array_get_element (hits, i);
      JsonObject *obj;
      RtccNessHit *hit;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      obj = json_node_get_object (node);
      hit = g_new0 (RtccNessHit, 1);
      hit->nic = dup_text (obj, "nic");
      hit->ori = dup_text (obj, "ori");
      hit->offense = dup_text (obj, "offense");
      hit->warrant_date = dup_text (obj, "warrantDate");
      hit->extradition = dup_text (obj, "extradition");
      hit->caution = dup_text (obj, "caution");
      hit->notice = rtcc_ness_confirmation_notice (hit->ori);
      g_ptr_array_add (self->hits, hit);
    }
  /* A hit always needs confirmation, whatever the flag says. */
  rtcc_json_get_bool (answer, "requiresConfirmation", &confirm, NULL);
  self->requires_confirmation = confirm || self->hits->len > 0;
}

static void
read_record (RtccNessResult *self,
             JsonObject     *answer)
{
  JsonObject *obj = rtcc_json_get_object (answer, "record");
  JsonArray *arrests;

  if (obj == NULL)
    return;
  self->record = g_new0 (RtccNessRecord, 1);
  self->record->fbi_number = dup_text (obj, "fbiNumber");
  self->record->state_ids = read_strings (obj, "stateIds");
  self->record->arrests = g_ptr_array_new_with_free_func (arrest_free);
  arrests = rtcc_json_get_array (obj, "arrests");
  for (guint i = 0; arrests != NULL && i < json_array_get_length (arrests); i++)
    {
      JsonNode *node = json_array_get_element (arrests, i);
      RtccNessArrest *arrest;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      arrest = g_new0 (RtccNessArrest, 1);
      arrest->date = dup_text (json_node_get_object (node), "date");
      arrest->charge = dup_text (json_node_get_object (node), "charge");
      arrest->disposition = dup_text (json_node_get_object (node), "disposition");
      g_ptr_array_add (self->record->arrests, arrest);
    }
}

static void
read_license (RtccNessResult *self,
              JsonObject     *answer)
{
  JsonObject *obj = rtcc_json_get_object (answer, "license");

  if (obj == NULL)
    return;
  self->license = g_new0 (RtccNessLicense, 1);
  self->license->status = dup_text (obj, "status");
  self->license->license_class = dup_text (obj, "class");
  self->license->expires = dup_text (obj, "expires");
  self->license->name = dup_text (obj, "name");
  self->license->dob = dup_text (obj, "dob");
  self->license->restrictions = read_strings (obj, "restrictions");
}

static void
read_registration (RtccNessResult *self,
                   JsonObject     *answer)
{
  JsonObject *obj = rtcc_json_get_object (answer, "registration");
  JsonObject *owner;
  RtccNessRegistration *r;

  if (obj == NULL)
    return;
  r = self->registration = g_new0 (RtccNessRegistration, 1);
  r->plate = dup_text (obj, "plate");
  r->state = dup_text (obj, "state");
  r->vin = dup_text (obj, "vin");
  r->year = dup_text (obj, "year");
  r->make = dup_text (obj, "make");
  r->model = dup_text (obj, "model");
  r->color = dup_text (obj, "color");
  r->expires = dup_text (obj, "expires");
  rtcc_json_get_bool (obj, "stolen", &r->stolen, NULL);
  if ((owner = rtcc_json_get_object (obj, "owner")) != NULL)
    {
      r->owner_name = dup_text (owner, "name");
      r->owner_address = address_line (json_object_get_member (owner, "address"));
    }
}

/**
 * rtcc_ness_result_new_from_json:
 * @kind: the query that was sent
 * @answer: the gateway's answer
 *
 * Reads the answer into plain strings the view can wipe. An answer of
 * another message key than the query's is refused: showing it would
 * mislead.
 *
 * Returns: (transfer full) (nullable): the result
 */
RtccNessResult *
rtcc_ness_result_new_from_json (RtccNessQueryKind   kind,
                                JsonNode           *answer,
                                GError            **error)
{
  const char *expected = rtcc_ness_query_kind_message_key (kind);
  RtccNessResult *self;
  JsonObject *obj;
  const char *key;

  if (answer == NULL || !JSON_NODE_HOLDS_OBJECT (answer))
    {
      g_set_error_literal (error, RTCC_NESS_ERROR, RTCC_NESS_ERROR_INVALID_ANSWER,
                           _("NESS did not answer with a JSON object"));
      return NULL;
    }
  obj = json_node_get_object (answer);
  key = rtcc_json_get_string (obj, "messageKey");
  if (key != NULL && g_strcmp0 (key, expected) != 0)
    {
      g_autofree char *shown = g_utf8_make_valid (key, MIN (strlen (key), 8));
      g_set_error (error, RTCC_NESS_ERROR, RTCC_NESS_ERROR_INVALID_ANSWER,
                   _("NESS answered a %s query with message key “%s”"), expected, shown);
      return NULL;
    }
  switch (kind)
    {
    case RTCC_NESS_QUERY_WANTED:
      if (!json_object_has_member (obj, "hits") ||
          (rtcc_json_get_array (obj, "hits") == NULL &&
           !JSON_NODE_HOLDS_NULL (json_object_get_member (obj, "hits"))))
        {
          g_set_error_literal (error, RTCC_NESS_ERROR, RTCC_NESS_ERROR_INVALID_ANSWER,
                               _("NESS’s wanted-person answer has no list of hits"));
          return NULL;
        }
      break;
    case RTCC_NESS_QUERY_HISTORY:
    case RTCC_NESS_QUERY_LICENSE:
    case RTCC_NESS_QUERY_REGISTRATION:
      {
        const char *member = kind == RTCC_NESS_QUERY_HISTORY ? "record"
                             : kind == RTCC_NESS_QUERY_LICENSE ? "license" : "registration";
        JsonNode *node = json_object_get_member (obj, member);

        /* null means “no record”; anything but an object or null is wrong. */
        if (node == NULL || (!JSON_NODE_HOLDS_NULL (node) && !JSON_NODE_HOLDS_OBJECT (node)))
          {
            g_set_error (error, RTCC_NESS_ERROR, RTCC_NESS_ERROR_INVALID_ANSWER,
                         _("NESS’s %s answer has no “%s”"), expected, member);
            return NULL;
          }
      }
      break;
    default:
      break;
    }

  self = g_new0 (RtccNessResult, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->kind = kind;
  self->message_key = g_strdup (expected);
  self->hits = g_ptr_array_new_with_free_func (hit_free);
  read_hits (self, obj);
  read_record (self, obj);
  read_license (self, obj);
  read_registration (self, obj);
  return self;
}

/**
 * rtcc_ness_result_ref:
 *
 * Returns: (transfer full): @self
 */
RtccNessResult *
rtcc_ness_result_ref (RtccNessResult *self)
{
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * rtcc_ness_result_unref:
 *
 * Drops a reference; the last one wipes and frees the result.
 */
void
rtcc_ness_result_unref (RtccNessResult *self)
{
  if (self == NULL || !g_atomic_ref_count_dec (&self->ref_count))
    return;
  rtcc_ness_result_clear (self);
  g_ptr_array_unref (self->hits);
  g_free (self);
}

/**
 * rtcc_ness_result_clear:
 *
 * Overwrites every string of the answer and frees it, leaving an empty
 * result. The view calls it when it closes, so the answer does not linger
 * in memory until the last reference goes.
 */
void
rtcc_ness_result_clear (RtccNessResult *self)
{
  g_return_if_fail (self != NULL);

  wipe (&self->message_key);
  if (self->hits != NULL)
    g_ptr_array_set_size (self->hits, 0);
  self->requires_confirmation = FALSE;
  g_clear_pointer (&self->record, record_free);
  g_clear_pointer (&self->license, license_free);
  g_clear_pointer (&self->registration, registration_free);
}

/**
 * rtcc_ness_result_count:
 *
 * Returns: how many records the answer holds: the hits of a QW, else 1
 *   or 0. This count is all of the answer the audit log may hold.
 */
guint
rtcc_ness_result_count (RtccNessResult *self)
{
  switch (self->kind)
    {
    case RTCC_NESS_QUERY_WANTED: return self->hits->len;
    case RTCC_NESS_QUERY_HISTORY: return self->record != NULL;
    case RTCC_NESS_QUERY_LICENSE: return self->license != NULL;
    case RTCC_NESS_QUERY_REGISTRATION: return self->registration != NULL;
    default: return 0;
    }
}

static void
set_text (JsonBuilder *b,
          const char  *member,
          const char  *value)
{
  json_builder_set_member_name (b, member);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
set_strings (JsonBuilder *b,
             const char  *member,
             GPtrArray   *values)
{
  json_builder_set_member_name (b, member);
  json_builder_begin_array (b);
  for (guint i = 0; values != NULL && i < values->len; i++)
    json_builder_add_string_value (b, g_ptr_array_index (values, i));
  json_builder_end_array (b);
}

/**
 * rtcc_ness_result_to_json:
 *
 * The answer in the gateway's field names, plus the confirmation notice
 * on each hit, for `rtcc-cli ness --json`.
 *
 * Returns: (transfer full): the answer as JSON
 */
JsonNode *
rtcc_ness_result_to_json (RtccNessResult *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  set_text (b, "messageKey", self->message_key);
  switch (self->kind)
    {
    case RTCC_NESS_QUERY_WANTED:
      json_builder_set_member_name (b, "hits");
      json_builder_begin_array (b);
      for (guint i = 0; i < self->hits->len; i++)
        {
          RtccNessHit *hit = g_ptr_array_index (self->hits, i);

          json_builder_begin_object (b);
          set_text (b, "nic", hit->nic);
          set_text (b, "ori", hit->ori);
          set_text (b, "offense", hit->offense);
          set_text (b, "warrantDate", hit->warrant_date);
          set_text (b, "extradition", hit->extradition);
          set_text (b, "caution", hit->caution);
          set_text (b, "notice", hit->notice);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_set_member_name (b, "requiresConfirmation");
      json_builder_add_boolean_value (b, self->requires_confirmation);
      break;

    case RTCC_NESS_QUERY_HISTORY:
      json_builder_set_member_name (b, "record");
      if (self->record == NULL)
        json_builder_add_null_value (b);
      else
        {
          json_builder_begin_object (b);
          set_text (b, "fbiNumber", self->record->fbi_number);
          set_strings (b, "stateIds", self->record->state_ids);
          json_builder_set_member_name (b, "arrests");
          json_builder_begin_array (b);
          for (guint i = 0; i < self->record->arrests->len; i++)
            {
              RtccNessArrest *arrest = g_ptr_array_index (self->record->arrests, i);

              json_builder_begin_object (b);
              set_text (b, "date", arrest->date);
              set_text (b, "charge", arrest->charge);
              set_text (b, "disposition", arrest->disposition);
              json_builder_end_object (b);
            }
          json_builder_end_array (b);
          json_builder_end_object (b);
        }
      break;

    case RTCC_NESS_QUERY_LICENSE:
      json_builder_set_member_name (b, "license");
      if (self->license == NULL)
        json_builder_add_null_value (b);
      else
        {
          json_builder_begin_object (b);
          set_text (b, "status", self->license->status);
          set_text (b, "class", self->license->license_class);
          set_text (b, "expires", self->license->expires);
          set_text (b, "name", self->license->name);
          set_text (b, "dob", self->license->dob);
          set_strings (b, "restrictions", self->license->restrictions);
          json_builder_end_object (b);
        }
      break;

    case RTCC_NESS_QUERY_REGISTRATION:
      json_builder_set_member_name (b, "registration");
      if (self->registration == NULL)
        json_builder_add_null_value (b);
      else
        {
          RtccNessRegistration *r = self->registration;

          json_builder_begin_object (b);
          set_text (b, "plate", r->plate);
          set_text (b, "state", r->state);
          set_text (b, "vin", r->vin);
          set_text (b, "year", r->year);
          set_text (b, "make", r->make);
          set_text (b, "model", r->model);
          set_text (b, "color", r->color);
          json_builder_set_member_name (b, "owner");
          json_builder_begin_object (b);
          set_text (b, "name", r->owner_name);
          set_text (b, "address", r->owner_address);
          json_builder_end_object (b);
          set_text (b, "expires", r->expires);
          json_builder_set_member_name (b, "stolen");
          json_builder_add_boolean_value (b, r->stolen);
          json_builder_end_object (b);
        }
      break;

    default:
      break;
    }
  json_builder_end_object (b);
  return json_builder_get_root (b);
}
