/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccHotsheets"

#include "config.h"

#include <glib/gi18n.h>

#include "rtcc-plate.h"
#include "rtcc-hotsheets-normalize.h"
#include "rtcc-json.h"
#include "rtcc-normalize.h"
#include "rtcc-time.h"

/* A cancellation is a later state of the same BOLO: a higher version, so
 * it replaces the issued row in the feed and the store keeps both. */
#define VERSION_ISSUED    1
#define VERSION_CANCELLED 2

static gboolean
is_ended (const char *word)
{
  return g_strcmp0 (word, "cancelled") == 0 || g_strcmp0 (word, "canceled") == 0 ||
         g_strcmp0 (word, "expired") == 0;
}

static char *
dup_text (JsonObject *object,
          const char *member)
{
  g_autofree char *text = rtcc_json_dup_string_lenient (object, member);

  if (text == NULL || *g_strstrip (text) == '\0')
    return NULL;
  return g_steal_pointer (&text);
}

/* "DOE, JOHN" as records are written, from whichever parts are known. */
static char *
person_name (const char *last,
             const char *first)
{
  g_autofree char *ulast = last ? g_utf8_strup (last, -1) : NULL;
  g_autofree char *ufirst = first ? g_utf8_strup (first, -1) : NULL;

  if (ulast != NULL && ufirst != NULL)
    return g_strdup_printf ("%s, %s", ulast, ufirst);
  if (ulast != NULL)
    return g_steal_pointer (&ulast);
  return g_steal_pointer (&ufirst);
}

static gboolean
set_time_attribute (RtccEventBuilder  *b,
                    const char        *name,
                    JsonObject        *object,
                    const char        *member,
                    GDateTime        **out,
                    GError           **error)
{
  const char *text = rtcc_json_get_string (object, member);
  g_autoptr(GDateTime) at = NULL;
  g_autofree char *iso = NULL;

  if (text == NULL)
    {
      rtcc_event_builder_set_member (b, name, NULL);
      return TRUE;
    }
  if (!(at = rtcc_time_parse_iso (text, error)))
    return FALSE;
  iso = rtcc_time_format_iso (at);
  rtcc_event_builder_set_string (b, name, iso);
  if (out != NULL)
    *out = g_steal_pointer (&at);
  return TRUE;
}

static RtccEvent *
normalize_bolo (JsonObject  *bolo,
                const char  *op,
                GError     **error)
{
  g_autoptr(RtccEventBuilder) b = NULL;
  g_autoptr(GDateTime) issued = NULL;
  g_autoptr(GDateTime) expires = NULL;
  g_autoptr(GDateTime) at = NULL;
  g_autofree char *id = rtcc_json_dup_string_lenient (bolo, "id");
  g_autofree char *subject_type = dup_text (bolo, "subjectType");
  g_autofree char *status = dup_text (bolo, "status");
  g_autofree char *reason = dup_text (bolo, "reason");
  g_autofree char *cautions = dup_text (bolo, "cautions");
  g_autofree char *case_number = dup_text (bolo, "caseNumber");
  g_autofree char *plate = NULL;
  g_autofree char *state = NULL;
  g_autofree char *name = NULL;
  g_autofree char *dob = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *title = NULL;
  g_autofree char *last = NULL;
  g_autofree char *first = NULL;
  JsonObject *vehicle = rtcc_json_get_object (bolo, "vehicle");
  JsonObject *person = rtcc_json_get_object (bolo, "person");
  JsonObject *location = rtcc_json_get_object (bolo, "location");
  gboolean ended = is_ended (op) || is_ended (status);
  gboolean is_vehicle;
  double lat, lon;

  if (id == NULL || *id == '\0')
    {
      g_set_error (error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_MISSING_FIELD, _("“id” is missing"));
      return NULL;
    }
  if (subject_type == NULL)
    subject_type = g_strdup (vehicle != NULL ? "vehicle" : person != NULL ? "person" : NULL);
  if (g_strcmp0 (subject_type, "vehicle") != 0 && g_strcmp0 (subject_type, "person") != 0)
    {
      g_set_error (error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_INVALID_VALUE,
                   _("BOLO %s has no vehicle or person subject"), id);
      return NULL;
    }
  is_vehicle = g_str_equal (subject_type, "vehicle");

  b = rtcc_event_builder_new (RTCC_SOURCE_HOTSHEETS,
                              ended ? RTCC_EVENT_TYPE_BOLO_CANCELLED : RTCC_EVENT_TYPE_BOLO_CREATED, id);
  if (!set_time_attribute (b, "issued_at", bolo, "issuedAt", &issued, error) ||
      !set_time_attribute (b, "expires_at", bolo, "expiresAt", &expires, error))
    return NULL;

  /* When it happened: issue time, or for an end the vendor's own time of
   * it, an expiry's date, or failing all that the moment we learnt of it. */
  if (!ended)
    at = issued ? g_date_time_ref (issued) : NULL;
  else
    {
      const char *text = rtcc_json_get_string (bolo, "cancelledAt") ?: rtcc_json_get_string (bolo, "updatedAt");
      if (text != NULL && !(at = rtcc_time_parse_iso (text, error)))
        return NULL;
      if (at == NULL && g_strcmp0 (op ? op : status, "expired") == 0 && expires != NULL)
        at = g_date_time_ref (expires);
      if (at == NULL)
        at = g_date_time_new_now_utc ();
    }
  if (at == NULL)
    {
      g_set_error (error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_MISSING_FIELD,
                   _("BOLO %s has no “issuedAt”"), id);
      return NULL;
    }
  rtcc_event_builder_set_occurred_at (b, at);
  rtcc_event_builder_set_version (b, ended ? VERSION_CANCELLED : VERSION_ISSUED);

  if (vehicle != NULL)
    {
      g_autofree char *raw_state = dup_text (vehicle, "state");
      g_autofree char *raw_plate = rtcc_json_dup_string_lenient (vehicle, "plate");

      plate = rtcc_plate_normalize (raw_plate);
      state = raw_state ? g_utf8_strup (raw_state, -1) : NULL;
    }
  if (person != NULL)
    {
      last = dup_text (person, "lastName");
      first = dup_text (person, "firstName");
      name = person_name (last, first);
      dob = dup_text (person, "dob");
    }

  rtcc_event_builder_set_string (b, "bolo_id", id);
  rtcc_event_builder_set_string (b, "subject", subject_type);
  rtcc_event_builder_set_string (b, "status", ended ? (is_ended (status) ? status : op) : (status ? status : "active"));
  rtcc_event_builder_set_string (b, "plate_number", plate);
  rtcc_event_builder_set_string (b, "plate_state", state);
  rtcc_event_builder_set_string (b, "vehicle_make", rtcc_json_get_string (vehicle, "make"));
  rtcc_event_builder_set_string (b, "vehicle_model", rtcc_json_get_string (vehicle, "model"));
  rtcc_event_builder_set_string (b, "vehicle_color", rtcc_json_get_string (vehicle, "color"));
  rtcc_event_builder_set_string (b, "name", name);
  rtcc_event_builder_set_string (b, "last_name", last);
  rtcc_event_builder_set_string (b, "first_name", first);
  rtcc_event_builder_set_string (b, "dob", dob);
  rtcc_event_builder_set_string (b, "description", rtcc_json_get_string (person, "description"));
  rtcc_event_builder_set_string (b, "reason", reason);
  rtcc_event_builder_set_string (b, "cautions", cautions);
  rtcc_event_builder_set_string (b, "case_number", case_number);
  rtcc_event_builder_set_string (b, "issued_by", rtcc_json_get_string (bolo, "issuedBy"));

  /* BOLOs are about a subject, not a place; a location only when given. */
  if (rtcc_json_get_double (location, "lat", &lat, NULL) &&
      rtcc_json_get_double (location, "lon", &lon, NULL))
    rtcc_event_builder_set_location (b, lat, lon);
  rtcc_event_builder_set_address (b, rtcc_json_get_string (location, "address"));

  if (is_vehicle)
    {
      const char *shown = plate ? plate : _("without plate");
      if (state != NULL)
        /* Translators: "vehicle ABC1234 (IL)" */
        subject = g_strdup_printf (_("vehicle %s (%s)"), shown, state);
      else
        subject = g_strdup_printf (_("vehicle %s"), shown);
    }
  else if (dob != NULL)
    subject = g_strdup_printf ("%s (%s)", name ? name : _("unnamed person"), dob);
  else
    subject = g_strdup (name ? name : _("unnamed person"));

  if (is_vehicle && reason != NULL)
    title = g_strdup_printf (ended ? _("BOLO ended: %s — %s") : _("BOLO: %s — %s"), subject, reason);
  else
    title = g_strdup_printf (ended ? _("BOLO ended: %s") : _("BOLO: %s"), subject);
  rtcc_event_builder_set_title (b, title);

  if (ended)
    rtcc_event_builder_set_priority (b, RTCC_PRIORITY_LOW);
  else if (cautions != NULL)
    /* A caution (armed, dangerous) is what an officer must hear first. */
    rtcc_event_builder_set_priority (b, RTCC_PRIORITY_HIGH);
  else
    rtcc_event_builder_set_priority (b, RTCC_PRIORITY_NORMAL);

  return rtcc_event_builder_end (g_steal_pointer (&b), error);
}

/**
 * rtcc_hotsheets_normalize_bolo:
 * @bolo: a HotSheets BOLO
 *
 * An active BOLO becomes `bolo_created`; a cancelled or expired one
 * `bolo_cancelled`, with a higher version so it replaces the first.
 *
 * Returns: (transfer full) (nullable): the event
 */
RtccEvent *
rtcc_hotsheets_normalize_bolo (JsonObject  *bolo,
                               gpointer     user_data,
                               GError     **error)
{
  return normalize_bolo (bolo, NULL, error);
}

/**
 * rtcc_hotsheets_normalize_change:
 * @change: one `{"op", "bolo"}` of the changes feed
 *
 * Returns: (transfer full) (nullable): the event
 */
RtccEvent *
rtcc_hotsheets_normalize_change (JsonObject  *change,
                                 gpointer     user_data,
                                 GError     **error)
{
  const char *op = rtcc_json_get_string (change, "op");
  JsonObject *bolo = rtcc_json_get_object (change, "bolo");

  if (bolo == NULL)
    {
      g_set_error (error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_MISSING_FIELD, _("“bolo” is missing"));
      return NULL;
    }
  if (op != NULL && !g_str_equal (op, "created") && !g_str_equal (op, "updated") && !is_ended (op))
    {
      g_set_error (error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_INVALID_VALUE,
                   _("unknown change “%.32s”"), op);
      return NULL;
    }
  return normalize_bolo (bolo, op, error);
}

/**
 * rtcc_hotsheets_normalize_document:
 * @document: `{"bolos"}`, `{"bolo"}`, `{"matches"}` or the changes feed
 * @item_errors: (out) (optional) (element-type GError): items skipped
 * @cursor: (out) (optional) (nullable): the changes feed's cursor
 *
 * Returns: (transfer container) (element-type RtccEvent): the events, or
 *   %NULL with @error for any other document
 */
GPtrArray *
rtcc_hotsheets_normalize_document (JsonNode   *document,
                                   GPtrArray **item_errors,
                                   char      **cursor,
                                   GError    **error)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) errors = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
  JsonObject *obj;
  JsonArray *items;

  if (cursor != NULL)
    *cursor = NULL;
  if (document == NULL || !JSON_NODE_HOLDS_OBJECT (document))
    {
      g_set_error (error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_WRONG_SHAPE,
                   _("A HotSheets document must be a JSON object"));
      return NULL;
    }
  obj = json_node_get_object (document);

  if ((items = rtcc_json_get_array (obj, "bolos")) != NULL ||
      (items = rtcc_json_get_array (obj, "matches")) != NULL)
    rtcc_normalize_array (items, rtcc_hotsheets_normalize_bolo, NULL, events, errors);
  else if ((items = rtcc_json_get_array (obj, "changes")) != NULL)
    {
      rtcc_normalize_array (items, rtcc_hotsheets_normalize_change, NULL, events, errors);
      if (cursor != NULL)
        *cursor = rtcc_json_dup_string_lenient (obj, "cursor");
    }
  else if (rtcc_json_get_object (obj, "bolo") != NULL)
    rtcc_normalize_one (json_object_get_member (obj, "bolo"), 0, rtcc_hotsheets_normalize_bolo,
                        NULL, events, errors);
  else
    {
      g_set_error (error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_WRONG_SHAPE,
                   _("Not a HotSheets BOLO, BOLO list, match list or changes feed"));
      return NULL;
    }

  if (item_errors != NULL)
    *item_errors = g_steal_pointer (&errors);
  return g_steal_pointer (&events);
}

/**
 * rtcc_hotsheets_parse_field_errors:
 * @document: (nullable): a 422 answer, `{"errors": [{"field", "message"}]}`
 *
 * So that a form can show each problem next to its field. Errors without
 * a field are kept under the empty name; a second message for a field is
 * joined to the first.
 *
 * Returns: (transfer full) (element-type utf8 utf8): field → message; empty
 *   when the answer has none
 */
GHashTable *
rtcc_hotsheets_parse_field_errors (JsonNode *document)
{
  GHashTable *fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  JsonArray *errors;

  if (document == NULL || !JSON_NODE_HOLDS_OBJECT (document))
    return fields;
  errors = rtcc_json_get_array (json_node_get_object (document), "errors");
  for (guint i = 0; errors != NULL && i < MIN (json_array_get_length (errors), 256); i++)
    {
      JsonNode *node = json_array_get_element (errors, i);
      JsonObject *item;
      const char *field, *message, *before;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      item = json_node_get_object (node);
      field = rtcc_json_get_string (item, "field") ?: "";
      message = rtcc_json_get_string (item, "message") ?: _("invalid");
      before = g_hash_table_lookup (fields, field);
      g_hash_table_replace (fields, g_utf8_make_valid (field, -1),
                            before ? g_strconcat (before, "; ", message, NULL)
                                   : g_utf8_make_valid (message, -1));
    }
  return fields;
}
