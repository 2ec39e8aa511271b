/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccMilestone"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "rtcc-camera.h"
#include "rtcc-json.h"
#include "rtcc-milestone-normalize.h"
#include "rtcc-normalize.h"
#include "rtcc-time.h"

#define SOURCE_PREFIX "cameras/"

typedef struct
{
  const char   *vendor_type;
  const char   *alert_type;
  RtccPriority  priority;
} AlertKind;

/* "status" for a camera going down or coming back is our extension of
 * the event model's alert types (motion, analytics, manual): the analyst
 * must see a camera drop in the feed, at normal priority. */
static const AlertKind kinds[] = {
  { "MotionStarted", "motion", RTCC_PRIORITY_NORMAL },
  { "AnalyticsEvent", "analytics", RTCC_PRIORITY_HIGH },
  { "ManualAlarm", "manual", RTCC_PRIORITY_HIGH },
  { "CameraNotResponding", "status", RTCC_PRIORITY_NORMAL },
  { "CameraResponding", "status", RTCC_PRIORITY_NORMAL },
};

static const AlertKind *
find_kind (const char *type)
{
  for (guint i = 0; type != NULL && i < G_N_ELEMENTS (kinds); i++)
    if (g_str_equal (kinds[i].vendor_type, type))
      return &kinds[i];
  return NULL;
}

static char *
make_title (const char *type,
            const char *camera)
{
  if (g_str_equal (type, "MotionStarted"))
    return g_strdup_printf (_("Motion on %s"), camera);
  if (g_str_equal (type, "AnalyticsEvent"))
    return g_strdup_printf (_("Video analytics alert on %s"), camera);
  if (g_str_equal (type, "ManualAlarm"))
    return g_strdup_printf (_("Manual alarm on %s"), camera);
  if (g_str_equal (type, "CameraNotResponding"))
    return g_strdup_printf (_("Camera %s is not responding"), camera);
  return g_strdup_printf (_("Camera %s is responding again"), camera);
}

/**
 * rtcc_milestone_normalize_event:
 * @event: one Milestone event object
 * @context: (nullable): an #RtccMilestoneContext
 *
 * The camera comes from `source` (`cameras/<GUID>`); the context's camera
 * table gives its name and position. The event's id is Milestone's GUID.
 *
 * Returns: (transfer full) (nullable): a `camera_alert` event, or %NULL
 *   with @error (%RTCC_JSON_ERROR_INVALID_VALUE for a type this
 *   workstation does not show)
 */
RtccEvent *
rtcc_milestone_normalize_event (JsonObject  *event,
                                gpointer     context,
                                GError     **error)
{
  const RtccMilestoneContext *ctx = context;
  g_autoptr(RtccEventBuilder) b = NULL;
  g_autoptr(GDateTime) at = NULL;
  g_autofree char *id = rtcc_json_dup_string_lenient (event, "id");
  g_autofree char *title = NULL;
  g_autofree char *camera_id = NULL;
  const char *type = rtcc_json_get_string (event, "type");
  const char *source = rtcc_json_get_string (event, "source");
  const char *description = NULL;
  const AlertKind *kind;
  RtccCamera *camera = NULL;
  double lat, lon;

  if (id == NULL || *id == '\0')
    {
      g_set_error (error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_MISSING_FIELD, _("“id” is missing"));
      return NULL;
    }
  if (type == NULL)
    {
      g_set_error (error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_MISSING_FIELD,
                   _("event %s has no “type”"), id);
      return NULL;
    }
  if ((kind = find_kind (type)) == NULL)
    {
      g_set_error (error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_INVALID_VALUE,
                   _("event %s is of a type not shown here (“%.40s”)"), id, type);
      return NULL;
    }
  if (source == NULL || !g_str_has_prefix (source, SOURCE_PREFIX) ||
      source[strlen (SOURCE_PREFIX)] == '\0' || strchr (source + strlen (SOURCE_PREFIX), '/') != NULL)
    {
      g_set_error (error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_INVALID_VALUE,
                   _("event %s does not come from a camera (source “%.64s”)"), id,
                   source ? source : "");
      return NULL;
    }
  camera_id = g_strdup (source + strlen (SOURCE_PREFIX));
  if (!(at = rtcc_time_parse_iso (rtcc_json_get_string (event, "time"), error)))
    return NULL;

  if (ctx != NULL && ctx->cameras != NULL)
    camera = g_hash_table_lookup (ctx->cameras, camera_id);

  b = rtcc_event_builder_new (RTCC_SOURCE_MILESTONE, RTCC_EVENT_TYPE_CAMERA_ALERT, id);
  rtcc_event_builder_set_occurred_at (b, at);
  rtcc_event_builder_set_priority (b, kind->priority);
  title = make_title (type, camera ? rtcc_camera_get_name (camera) : camera_id);
  rtcc_event_builder_set_title (b, title);
  if (camera != NULL && rtcc_camera_get_location (camera, &lat, &lon))
    rtcc_event_builder_set_location (b, lat, lon);

  rtcc_event_builder_set_string (b, "camera_id", camera_id);
  rtcc_event_builder_set_string (b, "camera_name", camera ? rtcc_camera_get_name (camera) : NULL);
  rtcc_event_builder_set_string (b, "alert_type", kind->alert_type);
  rtcc_event_builder_set_string (b, "vendor_type", type);
  if (ctx != NULL && ctx->base_url != NULL)
    {
      g_autofree char *escaped = g_uri_escape_string (camera_id, NULL, FALSE);
      g_autofree char *iso = rtcc_time_format_iso (at);
      g_autofree char *url = g_strdup_printf ("%s/rest/v1/cameras/%s/snapshot?time=%s",
                                              ctx->base_url, escaped, iso);
      rtcc_event_builder_set_string (b, "thumbnail_url", url);
    }
  else
    rtcc_event_builder_set_string (b, "thumbnail_url", NULL);
  /* Milestone has no link to recorded video: a clip is an export. */
  rtcc_event_builder_set_string (b, "recording_url", NULL);
  description = rtcc_json_get_string (rtcc_json_get_object (event, "data"), "description");
  if (description != NULL)
    rtcc_event_builder_set_string (b, "description", description);

  return rtcc_event_builder_end (g_steal_pointer (&b), error);
}

/**
 * rtcc_milestone_normalize_document:
 * @document: a stream push `{"events": [...]}`, a catch-up answer
 *   `{"array": [...]}`, one event, or a command answer (no events)
 * @context: (nullable): names, positions and the base URL
 * @item_errors: (out) (optional) (element-type GError): events skipped
 *
 * Returns: (transfer container) (element-type RtccEvent): the events, or
 *   %NULL with @error for a document of none of these shapes
 */
GPtrArray *
rtcc_milestone_normalize_document (JsonNode                   *document,
                                   const RtccMilestoneContext *context,
                                   GPtrArray                 **item_errors,
                                   GError                    **error)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) errors = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
  JsonObject *obj;
  JsonArray *array;
  gpointer ctx = (gpointer) context;

  if (document == NULL || !JSON_NODE_HOLDS_OBJECT (document))
    {
      g_set_error (error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_WRONG_SHAPE,
                   _("A Milestone document must be a JSON object"));
      return NULL;
    }
  obj = json_node_get_object (document);

  if ((array = rtcc_json_get_array (obj, "events")) != NULL ||
      (array = rtcc_json_get_array (obj, "array")) != NULL)
    {
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *item = json_array_get_element (array, i);
          const char *type = JSON_NODE_HOLDS_OBJECT (item)
                               ? rtcc_json_get_string (json_node_get_object (item), "type") : NULL;

          /* The subscription asks for every event type; those the feed
           * does not show are left out quietly, not counted as faults. */
          if (type != NULL && find_kind (type) == NULL)
            continue;
          rtcc_normalize_one (item, i, rtcc_milestone_normalize_event, ctx, events, errors);
        }
    }
  else if (json_object_has_member (obj, "commandId"))
    ; /* a command answer carries no events */
  else if (json_object_has_member (obj, "source") && json_object_has_member (obj, "type"))
    rtcc_normalize_one (document, 0, rtcc_milestone_normalize_event, ctx, events, errors);
  else
    {
      g_set_error (error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_WRONG_SHAPE,
                   _("Not a Milestone event, event list or stream message"));
      return NULL;
    }

  if (item_errors != NULL)
    *item_errors = g_steal_pointer (&errors);
  return g_steal_pointer (&events);
}
