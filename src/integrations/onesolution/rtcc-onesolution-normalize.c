/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccOnesolution"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "rtcc-json.h"
#include "rtcc-normalize.h"
#include "rtcc-onesolution-normalize.h"
#include "rtcc-time.h"

/* Incident types that put lives at risk go to the top of the feed. */
static const char * const high_priority_codes[] = {
  "HOMI", "SHOT", "ROBB", "ASLT", "AGGB", "KIDN", "CARJ", "SEXA", "ARSN",
};

static RtccPriority
priority_for (const char *code)
{
  if (code == NULL)
    return RTCC_PRIORITY_NORMAL;
  for (guint i = 0; i < G_N_ELEMENTS (high_priority_codes); i++)
    if (g_ascii_strcasecmp (code, high_priority_codes[i]) == 0)
      return RTCC_PRIORITY_HIGH;
  return RTCC_PRIORITY_NORMAL;
}

/* `units` is a list of unit call signs; numbers are accepted as text and
 * anything else in it is dropped rather than failing the incident. */
static JsonNode *
units_node (JsonObject *incident)
{
  JsonArray *units = rtcc_json_get_array (incident, "units");
  JsonArray *out = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  for (guint i = 0; units != NULL && i < json_array_get_length (units); i++)
    {
      JsonNode *unit = json_array_get_element (units, i);

      if (!JSON_NODE_HOLDS_VALUE (unit))
        continue;
      if (json_node_get_value_type (unit) == G_TYPE_STRING)
        {
          const char *text = json_node_get_string (unit);
          if (text != NULL && *text != '\0')
            json_array_add_string_element (out, text);
        }
      else if (json_node_get_value_type (unit) == G_TYPE_INT64)
        {
          g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (unit));
          json_array_add_string_element (out, text);
        }
    }
  json_node_take_array (node, out);
  return node;
}

/* Builds everything but the version, so that the changes feed only counts
 * an update that could be read. */
static RtccEventBuilder *
incident_builder (JsonObject     *incident,
                  RtccEventType   type,
                  char          **number_out,
                  GError        **error)
{
  g_autoptr(RtccEventBuilder) b = NULL;
  g_autoptr(GDateTime) at = NULL;
  g_autofree char *number = rtcc_json_dup_string_lenient (incident, "incidentNumber");
  g_autofree char *code = NULL;
  g_autofree char *description = NULL;
  g_autofree char *title = NULL;
  g_autofree char *reported = NULL;
  g_autoptr(JsonNode) units = NULL;
  g_autoptr(JsonNode) type_node = NULL;
  JsonObject *type_obj, *location;
  JsonObject *type_out;
  const char *type_text;
  double lat, lon;
  gboolean has_lat, has_lon;

  if (number == NULL || *number == '\0')
    {
      g_set_error (error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_MISSING_FIELD, _("“incidentNumber” is missing"));
      return NULL;
    }
  if (strlen (number) > 64)
    {
      g_set_error (error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_INVALID_VALUE,
                   _("“incidentNumber” is longer than 64 characters"));
      return NULL;
    }
  if (!(at = rtcc_time_parse_iso (rtcc_json_get_string (incident, "reportedAt"), error)))
    {
      g_prefix_error (error, _("incident %s: “reportedAt”: "), number);
      return NULL;
    }

  /* The type is {code, description}; a bare string is taken as the code. */
  if ((type_obj = rtcc_json_get_object (incident, "type")) != NULL)
    {
      code = rtcc_json_dup_string_lenient (type_obj, "code");
      description = g_strdup (rtcc_json_get_string (type_obj, "description"));
    }
  else if ((type_text = rtcc_json_get_string (incident, "type")) != NULL)
    code = g_strdup (type_text);

  b = rtcc_event_builder_new (RTCC_SOURCE_ONESOLUTION, type, number);
  rtcc_event_builder_set_occurred_at (b, at);
  rtcc_event_builder_set_priority (b, priority_for (code));
  if (description != NULL && *description != '\0')
    title = g_strdup_printf ("%s — %s", description, number);
  else if (code != NULL && *code != '\0')
    title = g_strdup_printf ("%s — %s", code, number);
  else
    title = g_strdup_printf (_("Incident %s"), number);
  rtcc_event_builder_set_title (b, title);

  if ((location = rtcc_json_get_object (incident, "location")) != NULL)
    {
      rtcc_event_builder_set_address (b, rtcc_json_get_string (location, "address"));
      has_lat = rtcc_json_get_double (location, "lat", &lat, NULL);
      has_lon = rtcc_json_get_double (location, "lon", &lon, NULL);
      /* A half or out-of-range position is no position: the map must not
       * show the incident at the wrong place. */
      if (has_lat && has_lon && lat >= -90.0 && lat <= 90.0 && lon >= -180.0 && lon <= 180.0 &&
          !(lat == 0.0 && lon == 0.0))
        rtcc_event_builder_set_location (b, lat, lon);
    }

  rtcc_event_builder_set_string (b, "incident_number", number);
  type_out = json_object_new ();
  if (code != NULL)
    json_object_set_string_member (type_out, "code", code);
  else
    json_object_set_null_member (type_out, "code");
  if (description != NULL)
    json_object_set_string_member (type_out, "description", description);
  else
    json_object_set_null_member (type_out, "description");
  type_node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (type_node, type_out);
  rtcc_event_builder_set_member (b, "incident_type", type_node);
  reported = rtcc_time_format_iso (at);
  rtcc_event_builder_set_string (b, "reported_at", reported);
  units = units_node (incident);
  rtcc_event_builder_set_member (b, "responding_units", units);
  if (rtcc_json_get_string (incident, "status") != NULL)
    rtcc_event_builder_set_string (b, "status", rtcc_json_get_string (incident, "status"));
  else
    rtcc_event_builder_set_member (b, "status", NULL);
  {
    g_autofree char *case_number = rtcc_json_dup_string_lenient (incident, "caseNumber");
    if (case_number != NULL && *case_number != '\0')
      rtcc_event_builder_set_string (b, "case_number", case_number);
    else
      rtcc_event_builder_set_member (b, "case_number", NULL);
  }

  if (number_out != NULL)
    *number_out = g_steal_pointer (&number);
  return g_steal_pointer (&b);
}

/**
 * rtcc_onesolution_normalize_incident:
 * @incident: a OneSolution incident object
 *
 * Local time with offset becomes UTC; the type keeps both its code and
 * its description; the title reads “Robbery — 2026-000123”. A looked-up
 * or listed incident has no history of its own, so it is version 1.
 *
 * Returns: (transfer full) (nullable): an `incident_created` event
 */
RtccEvent *
rtcc_onesolution_normalize_incident (JsonObject  *incident,
                                     gpointer     user_data,
                                     GError     **error)
{
  RtccEventBuilder *b = incident_builder (incident, RTCC_EVENT_TYPE_INCIDENT_CREATED, NULL, error);

  if (b == NULL)
    return NULL;
  rtcc_event_builder_set_version (b, 1);
  return rtcc_event_builder_end (b, error);
}

/* OneSolution sends no revision with its changes. The feed is ordered, so
 * its order gives the version: a created incident is 1 and every later
 * change of it one more; an update of an incident created before our
 * cursor starts at 2. The counter lives in @versions, owned by the
 * integration, so it rises across polls. */
static RtccEvent *
normalize_change (JsonObject  *change,
                  gpointer     user_data,
                  GError     **error)
{
  GHashTable *versions = user_data;
  g_autoptr(RtccEventBuilder) b = NULL;
  g_autofree char *number = NULL;
  const char *op = rtcc_json_get_string (change, "op");
  JsonObject *incident = rtcc_json_get_object (change, "incident");
  gboolean created;
  guint version;
  RtccEvent *event;

  if (op == NULL || (!g_str_equal (op, "created") && !g_str_equal (op, "updated")))
    {
      g_set_error (error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_INVALID_VALUE,
                   _("change “op” must be “created” or “updated”"));
      return NULL;
    }
  if (incident == NULL)
    {
      g_set_error (error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_MISSING_FIELD, _("change has no “incident”"));
      return NULL;
    }
  created = g_str_equal (op, "created");
  b = incident_builder (incident,
                        created ? RTCC_EVENT_TYPE_INCIDENT_CREATED : RTCC_EVENT_TYPE_INCIDENT_UPDATED,
                        &number, error);
  if (b == NULL)
    return NULL;

  version = versions != NULL ? GPOINTER_TO_UINT (g_hash_table_lookup (versions, number)) : 0;
  if (version == 0)
    version = created ? 1 : 2;
  else if (version < G_MAXUINT)
    version++;
  rtcc_event_builder_set_version (b, version);
  event = rtcc_event_builder_end (g_steal_pointer (&b), error);
  if (event != NULL && versions != NULL)
    g_hash_table_insert (versions, g_steal_pointer (&number), GUINT_TO_POINTER (version));
  return event;
}

/**
 * rtcc_onesolution_normalize_document:
 * @document: one incident (`{"incident": …}`), a search answer
 *   (`{"results": […]}`) or a changes-feed page (`{"changes": […]}`)
 * @versions: (nullable) (element-type utf8 guint): the per-incident change
 *   counters of the changes feed, updated in place
 * @item_errors: (out) (optional) (element-type GError): items skipped
 * @cursor: (out) (optional) (nullable): the changes feed's cursor
 *
 * Returns: (transfer container) (element-type RtccEvent): the events, or
 *   %NULL with @error for a document of another shape
 */
GPtrArray *
rtcc_onesolution_normalize_document (JsonNode    *document,
                                     GHashTable  *versions,
                                     GPtrArray  **item_errors,
                                     char       **cursor,
                                     GError     **error)
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
                   _("A OneSolution document must be a JSON object"));
      return NULL;
    }
  obj = json_node_get_object (document);

  if ((items = rtcc_json_get_array (obj, "changes")) != NULL)
    {
      rtcc_normalize_array (items, normalize_change, versions, events, errors);
      if (cursor != NULL)
        *cursor = rtcc_json_dup_string_lenient (obj, "cursor");
    }
  else if ((items = rtcc_json_get_array (obj, "results")) != NULL)
    rtcc_normalize_array (items, rtcc_onesolution_normalize_incident, NULL, events, errors);
  else if (json_object_has_member (obj, "incident"))
    rtcc_normalize_one (json_object_get_member (obj, "incident"), 0,
                        rtcc_onesolution_normalize_incident, NULL, events, errors);
  else if (json_object_has_member (obj, "incidentNumber"))
    rtcc_normalize_one (document, 0, rtcc_onesolution_normalize_incident, NULL, events, errors);
  else
    {
      g_set_error (error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_WRONG_SHAPE,
                   _("Not a OneSolution incident, search answer or changes feed"));
      return NULL;
    }

  if (item_errors != NULL)
    *item_errors = g_steal_pointer (&errors);
  return g_steal_pointer (&events);
}
