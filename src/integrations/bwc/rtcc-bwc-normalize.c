/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccBwc"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "rtcc-bwc-normalize.h"
#include "rtcc-json.h"
#include "rtcc-normalize.h"
#include "rtcc-time.h"

/* Longer than a day is no body-worn recording: a battery lasts a shift. */
#define MAX_DURATION_S (24 * 60 * 60)
/* Earliest plausible start (2000-01-01): catches milliseconds sent as
 * seconds the other way round, and zeros. */
#define MIN_EPOCH_S    G_GINT64_CONSTANT (946684800)
#define MAX_EPOCH_S    G_GINT64_CONSTANT (4102444800)

G_DEFINE_BOXED_TYPE (RtccBwcAssignment, rtcc_bwc_assignment,
                     rtcc_bwc_assignment_copy, rtcc_bwc_assignment_free)

RtccBwcAssignment *
rtcc_bwc_assignment_copy (const RtccBwcAssignment *assignment)
{
  RtccBwcAssignment *copy = g_new0 (RtccBwcAssignment, 1);

  copy->device_serial = g_strdup (assignment->device_serial);
  copy->officer_id = g_strdup (assignment->officer_id);
  copy->officer_name = g_strdup (assignment->officer_name);
  copy->unit = g_strdup (assignment->unit);
  copy->assigned_at = assignment->assigned_at ? g_date_time_ref (assignment->assigned_at) : NULL;
  copy->dock_status = g_strdup (assignment->dock_status);
  copy->battery = assignment->battery;
  return copy;
}

void
rtcc_bwc_assignment_free (RtccBwcAssignment *assignment)
{
  if (assignment == NULL)
    return;
  g_free (assignment->device_serial);
  g_free (assignment->officer_id);
  g_free (assignment->officer_name);
  g_free (assignment->unit);
  g_clear_pointer (&assignment->assigned_at, g_date_time_unref);
  g_free (assignment->dock_status);
  g_free (assignment);
}

/**
 * rtcc_bwc_assignment_new_from_json:
 * @object: one item of `GET /assignments`
 *
 * Returns: (transfer full) (nullable): the assignment, or %NULL with @error
 */
RtccBwcAssignment *
rtcc_bwc_assignment_new_from_json (JsonObject  *object,
                                   GError     **error)
{
  g_autoptr(RtccBwcAssignment) a = g_new0 (RtccBwcAssignment, 1);
  g_autoptr(GError) local_error = NULL;
  const char *assigned;
  double battery;

  a->device_serial = rtcc_json_dup_string_lenient (object, "deviceSerial");
  a->officer_id = rtcc_json_dup_string_lenient (object, "officerId");
  if (a->device_serial == NULL || a->officer_id == NULL)
    {
      g_set_error (error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_MISSING_FIELD,
                   _("An assignment needs “deviceSerial” and “officerId”"));
      return NULL;
    }
  a->officer_name = g_strdup (rtcc_json_get_string (object, "officerName"));
  a->unit = rtcc_json_dup_string_lenient (object, "unit");
  a->dock_status = g_strdup (rtcc_json_get_string (object, "dockStatus"));
  if ((assigned = rtcc_json_get_string (object, "assignedAt")) != NULL &&
      !(a->assigned_at = rtcc_time_parse_iso (assigned, error)))
    return NULL;
  a->battery = -1;
  if (rtcc_json_get_double (object, "battery", &battery, &local_error))
    {
      if (!isfinite (battery) || battery < 0.0 || battery > 1.0)
        {
          g_set_error (error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_INVALID_VALUE,
                       _("“battery” must be a charge from 0 to 1"));
          return NULL;
        }
      a->battery = battery;
    }
  else if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  return g_steal_pointer (&a);
}

static RtccEvent *
assignment_item (JsonObject  *item,
                 gpointer     user_data,
                 GError     **error)
{
  /* rtcc_normalize_array() is typed for events; the assignment travels in
   * its place as a plain pointer, freed by the array. */
  return (RtccEvent *) rtcc_bwc_assignment_new_from_json (item, error);
}

/**
 * rtcc_bwc_assignments_from_json:
 * @document: `{"data": [assignment...]}`
 * @item_errors: (out) (optional) (element-type GError): items skipped
 *
 * Returns: (transfer container) (element-type RtccBwcAssignment) (nullable):
 *   the assignments, or %NULL with @error
 */
GPtrArray *
rtcc_bwc_assignments_from_json (JsonNode   *document,
                                GPtrArray **item_errors,
                                GError    **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) rtcc_bwc_assignment_free);
  g_autoptr(GPtrArray) errors = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
  JsonArray *data = NULL;

  if (document != NULL && JSON_NODE_HOLDS_OBJECT (document))
    data = rtcc_json_get_array (json_node_get_object (document), "data");
  if (data == NULL)
    {
      g_set_error (error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_WRONG_SHAPE,
                   _("The body-worn camera service did not send a list of assignments"));
      return NULL;
    }
  rtcc_normalize_array (data, assignment_item, NULL, list, errors);
  if (item_errors != NULL)
    *item_errors = g_steal_pointer (&errors);
  return g_steal_pointer (&list);
}

/**
 * rtcc_bwc_format_duration:
 * @seconds: a length of time
 *
 * Returns: (transfer full): "45 s", "5 min 12 s" or "1 h 5 min"
 */
char *
rtcc_bwc_format_duration (gint64 seconds)
{
  seconds = MAX (seconds, 0);
  if (seconds < 60)
    return g_strdup_printf (_("%d s"), (int) seconds);
  if (seconds < 3600)
    {
      if (seconds % 60 == 0)
        return g_strdup_printf (_("%d min"), (int) (seconds / 60));
      return g_strdup_printf (_("%d min %d s"), (int) (seconds / 60), (int) (seconds % 60));
    }
  if ((seconds / 60) % 60 == 0)
    return g_strdup_printf (_("%d h"), (int) (seconds / 3600));
  return g_strdup_printf (_("%d h %d min"), (int) (seconds / 3600), (int) ((seconds / 60) % 60));
}

static char *
first_incident (JsonObject *recording)
{
  JsonArray *ids = rtcc_json_get_array (recording, "incidentIds");

  for (guint i = 0; ids != NULL && i < json_array_get_length (ids); i++)
    {
      JsonNode *node = json_array_get_element (ids, i);

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING &&
          *json_node_get_string (node) != '\0')
        return g_strdup (json_node_get_string (node));
      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
        return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
    }
  return NULL;
}

/* Every linked incident, for views that show them all; ids of the wrong
 * type are left out as first_incident() leaves them out. */
static JsonNode *
all_incidents (JsonObject *recording)
{
  JsonArray *ids = rtcc_json_get_array (recording, "incidentIds");
  JsonArray *out = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  for (guint i = 0; ids != NULL && i < json_array_get_length (ids); i++)
    {
      JsonNode *id = json_array_get_element (ids, i);

      if (JSON_NODE_HOLDS_VALUE (id) && json_node_get_value_type (id) == G_TYPE_STRING &&
          *json_node_get_string (id) != '\0')
        json_array_add_string_element (out, json_node_get_string (id));
      else if (JSON_NODE_HOLDS_VALUE (id) && json_node_get_value_type (id) == G_TYPE_INT64)
        {
          g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (id));
          json_array_add_string_element (out, text);
        }
    }
  json_node_take_array (node, out);
  return node;
}

/**
 * rtcc_bwc_normalize_recording:
 * @recording: one body-worn camera recording
 *
 * `startedAt` (epoch seconds) becomes the UTC time of the event; the
 * first linked incident becomes `incident_id`; the GPS fix, when there is
 * one, the location. The checksum and size ride along as attributes so a
 * download can be verified.
 *
 * Returns: (transfer full) (nullable): a `bwc_recording` event
 */
RtccEvent *
rtcc_bwc_normalize_recording (JsonObject  *recording,
                              gpointer     user_data,
                              GError     **error)
{
  g_autoptr(RtccEventBuilder) b = NULL;
  g_autoptr(GDateTime) at = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *id = rtcc_json_dup_string_lenient (recording, "id");
  g_autofree char *officer_id = rtcc_json_dup_string_lenient (recording, "officerId");
  g_autofree char *incident = NULL;
  g_autofree char *title = NULL;
  g_autofree char *duration_text = NULL;
  g_autofree char *started_iso = NULL;
  const char *officer_name = rtcc_json_get_string (recording, "officerName");
  JsonObject *gps = rtcc_json_get_object (recording, "gps");
  gint64 started = 0, duration = 0, size;
  double lat, lon;

  if (id == NULL || *id == '\0')
    {
      g_set_error (error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_MISSING_FIELD, _("“id” is missing"));
      return NULL;
    }
  if (!rtcc_json_get_int (recording, "startedAt", &started, &local_error))
    {
      if (local_error != NULL)
        g_propagate_prefixed_error (error, g_steal_pointer (&local_error), _("recording %s: "), id);
      else
        g_set_error (error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_MISSING_FIELD,
                     _("recording %s has no “startedAt”"), id);
      return NULL;
    }
  if (started < MIN_EPOCH_S || started > MAX_EPOCH_S)
    {
      g_set_error (error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_INVALID_VALUE,
                   _("recording %s starts at %lld, not a time in epoch seconds"), id, (long long) started);
      return NULL;
    }
  if (!rtcc_json_get_int (recording, "durationSeconds", &duration, &local_error) && local_error != NULL)
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error), _("recording %s: "), id);
      return NULL;
    }
  if (duration < 0 || duration > MAX_DURATION_S)
    {
      g_set_error (error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_INVALID_VALUE,
                   _("recording %s lasts %lld s"), id, (long long) duration);
      return NULL;
    }

  at = g_date_time_new_from_unix_utc (started);
  started_iso = rtcc_time_format_iso (at);
  duration_text = rtcc_bwc_format_duration (duration);
  title = g_strdup_printf (_("Recording by %s (%s)"),
                           officer_name && *officer_name ? officer_name
                             : officer_id ? officer_id : _("unknown officer"),
                           duration_text);
  incident = first_incident (recording);

  b = rtcc_event_builder_new (RTCC_SOURCE_BWC, RTCC_EVENT_TYPE_BWC_RECORDING, id);
  rtcc_event_builder_set_occurred_at (b, at);
  rtcc_event_builder_set_priority (b, RTCC_PRIORITY_LOW);
  rtcc_event_builder_set_title (b, title);
  /* A bad GPS fix loses the position, not the recording. */
  if (gps != NULL &&
      rtcc_json_get_double (gps, "lat", &lat, NULL) && rtcc_json_get_double (gps, "lon", &lon, NULL) &&
      isfinite (lat) && isfinite (lon) && lat >= -90.0 && lat <= 90.0 && lon >= -180.0 && lon <= 180.0)
    rtcc_event_builder_set_location (b, lat, lon);

  rtcc_event_builder_set_string (b, "recording_id", id);
  rtcc_event_builder_set_string (b, "officer_id", officer_id);
  rtcc_event_builder_set_string (b, "started_at", started_iso);
  rtcc_event_builder_set_int (b, "duration_s", duration);
  rtcc_event_builder_set_string (b, "incident_id", incident);
  if (rtcc_json_get_array (recording, "incidentIds") != NULL)
    {
      g_autoptr(JsonNode) incidents = all_incidents (recording);
      rtcc_event_builder_set_member (b, "incident_ids", incidents);
    }
  rtcc_event_builder_set_string (b, "officer_name", officer_name);
  rtcc_event_builder_set_string (b, "device_serial", rtcc_json_get_string (recording, "deviceSerial"));
  rtcc_event_builder_set_string (b, "category", rtcc_json_get_string (recording, "category"));
  rtcc_event_builder_set_string (b, "content_type", rtcc_json_get_string (recording, "contentType"));
  rtcc_event_builder_set_string (b, "sha256", rtcc_json_get_string (recording, "sha256"));
  if (rtcc_json_get_int (recording, "sizeBytes", &size, NULL) && size >= 0)
    rtcc_event_builder_set_int (b, "size_bytes", size);

  return rtcc_event_builder_end (g_steal_pointer (&b), error);
}

/**
 * rtcc_bwc_normalize_document:
 * @document: a recordings page `{"data": [...], "meta": {"next"}}`, one
 *   recording `{"data": {...}}`, or a bare recording
 * @item_errors: (out) (optional) (element-type GError): items skipped
 * @next: (out) (optional) (nullable): `meta.next`, the next page's cursor
 *
 * Returns: (transfer container) (element-type RtccEvent): the events, or
 *   %NULL with @error for a document of none of these shapes
 */
GPtrArray *
rtcc_bwc_normalize_document (JsonNode   *document,
                             GPtrArray **item_errors,
                             char      **next,
                             GError    **error)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) errors = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
  JsonObject *obj;
  JsonArray *data;

  if (next != NULL)
    *next = NULL;
  if (document == NULL || !JSON_NODE_HOLDS_OBJECT (document))
    {
      g_set_error (error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_WRONG_SHAPE,
                   _("A body-worn camera document must be a JSON object"));
      return NULL;
    }
  obj = json_node_get_object (document);

  if ((data = rtcc_json_get_array (obj, "data")) != NULL)
    {
      rtcc_normalize_array (data, rtcc_bwc_normalize_recording, NULL, events, errors);
      if (next != NULL)
        *next = rtcc_json_dup_string_lenient (rtcc_json_get_object (obj, "meta"), "next");
    }
  else if (rtcc_json_get_object (obj, "data") != NULL)
    rtcc_normalize_one (json_object_get_member (obj, "data"), 0, rtcc_bwc_normalize_recording,
                        NULL, events, errors);
  else if (json_object_has_member (obj, "id") && json_object_has_member (obj, "startedAt"))
    rtcc_normalize_one (document, 0, rtcc_bwc_normalize_recording, NULL, events, errors);
  else
    {
      g_set_error (error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_WRONG_SHAPE,
                   _("Not a body-worn camera recording or recording list"));
      return NULL;
    }

  if (item_errors != NULL)
    *item_errors = g_steal_pointer (&errors);
  return g_steal_pointer (&events);
}
