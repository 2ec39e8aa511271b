/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccMilestone"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "rtcc-camera.h"
#include "rtcc-json.h"
#include "rtcc-normalize.h"
#include "rtcc-time.h"

/**
 * RtccCamera:
 *
 * A Milestone camera as the workstation uses it: identity, position and
 * field of view for the map, and the last status read. Immutable: a new
 * status gives a new object (rtcc_camera_with_status()), so a camera can
 * be shared between the map, the cache and worker code without locks.
 */
struct _RtccCamera
{
  GObject          parent_instance;

  char            *id;
  char            *name;
  gboolean         enabled;
  gboolean         has_location;
  double           lat;
  double           lon;
  gboolean         has_coverage;
  double           direction_deg;
  double           fov_deg;
  double           depth_m;
  gboolean         recording_enabled;
  RtccCameraStatus status;
};

G_DEFINE_FINAL_TYPE (RtccCamera, rtcc_camera, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (RtccCameraState, rtcc_camera_state,
  G_DEFINE_ENUM_VALUE (RTCC_CAMERA_STATE_UNKNOWN, "unknown"),
  G_DEFINE_ENUM_VALUE (RTCC_CAMERA_STATE_RESPONDING, "responding"),
  G_DEFINE_ENUM_VALUE (RTCC_CAMERA_STATE_NOT_RESPONDING, "not-responding"),
  G_DEFINE_ENUM_VALUE (RTCC_CAMERA_STATE_DISABLED, "disabled"))

G_DEFINE_BOXED_TYPE (RtccCameraStatus, rtcc_camera_status,
                     rtcc_camera_status_copy, rtcc_camera_status_free)

static void
rtcc_camera_finalize (GObject *object)
{
  RtccCamera *self = RTCC_CAMERA (object);

  g_free (self->id);
  g_free (self->name);
  g_clear_pointer (&self->status.last_updated, g_date_time_unref);
  G_OBJECT_CLASS (rtcc_camera_parent_class)->finalize (object);
}

static void
rtcc_camera_class_init (RtccCameraClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rtcc_camera_finalize;
}

static void
rtcc_camera_init (RtccCamera *self)
{
}

RtccCameraStatus *
rtcc_camera_status_copy (const RtccCameraStatus *status)
{
  RtccCameraStatus *copy = g_new0 (RtccCameraStatus, 1);

  copy->state = status->state;
  copy->recording = status->recording;
  copy->last_updated = status->last_updated ? g_date_time_ref (status->last_updated) : NULL;
  return copy;
}

void
rtcc_camera_status_free (RtccCameraStatus *status)
{
  if (status == NULL)
    return;
  g_clear_pointer (&status->last_updated, g_date_time_unref);
  g_free (status);
}

/**
 * rtcc_camera_status_new_from_json:
 * @status: the `data` object of `GET /rest/v1/cameras/{id}/status`
 *
 * `lastUpdated` carries Milestone's seven fractional digits; an unknown
 * state word is refused rather than shown as something it is not.
 *
 * Returns: (transfer full) (nullable): the status, or %NULL with @error
 */
RtccCameraStatus *
rtcc_camera_status_new_from_json (JsonObject  *status,
                                  GError     **error)
{
  g_autoptr(RtccCameraStatus) result = g_new0 (RtccCameraStatus, 1);
  const char *state = rtcc_json_get_string (status, "state");
  const char *updated = rtcc_json_get_string (status, "lastUpdated");
  g_autoptr(GError) local_error = NULL;

  if (state == NULL)
    {
      g_set_error (error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_MISSING_FIELD,
                   _("The camera status has no “state”"));
      return NULL;
    }
  if (g_str_equal (state, "Responding"))
    result->state = RTCC_CAMERA_STATE_RESPONDING;
  else if (g_str_equal (state, "NotResponding"))
    result->state = RTCC_CAMERA_STATE_NOT_RESPONDING;
  else if (g_str_equal (state, "Disabled"))
    result->state = RTCC_CAMERA_STATE_DISABLED;
  else
    {
      g_set_error (error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_INVALID_VALUE,
                   _("Unknown camera state “%.32s”"), state);
      return NULL;
    }
  if (!rtcc_json_get_bool (status, "recording", &result->recording, &local_error) &&
      local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (updated != NULL && !(result->last_updated = rtcc_time_parse_iso (updated, error)))
    return NULL;
  return g_steal_pointer (&result);
}

static const char *
skip_spaces (const char *p)
{
  while (g_ascii_isspace (*p))
    p++;
  return p;
}

static gboolean
read_number (const char **p,
             double      *value)
{
  char *end = NULL;

  *value = g_ascii_strtod (*p, &end);
  if (end == *p || !isfinite (*value))
    return FALSE;
  *p = end;
  return TRUE;
}

/**
 * rtcc_wkt_parse_point:
 * @wkt: a WKT point such as `POINT (-87.6557 41.8815)`, longitude first
 * @has_point: (out): %FALSE for `POINT EMPTY`
 * @lat: (out): the latitude
 * @lon: (out): the longitude
 *
 * Extra spaces and any letter case are tolerated; anything else, and a
 * position off the Earth, is refused.
 *
 * Returns: %TRUE if @wkt is a point or an empty point
 */
gboolean
rtcc_wkt_parse_point (const char  *wkt,
                      gboolean    *has_point,
                      double      *lat,
                      double      *lon,
                      GError     **error)
{
  const char *p;
  double x, y;

  *has_point = FALSE;
  if (wkt == NULL)
    goto bad;
  p = skip_spaces (wkt);
  if (g_ascii_strncasecmp (p, "POINT", 5) != 0)
    goto bad;
  p = skip_spaces (p + 5);
  if (g_ascii_strncasecmp (p, "EMPTY", 5) == 0)
    {
      if (*skip_spaces (p + 5) != '\0')
        goto bad;
      return TRUE;
    }
  if (*p != '(')
    goto bad;
  p = skip_spaces (p + 1);
  if (!read_number (&p, &x) || !g_ascii_isspace (*p))
    goto bad;
  p = skip_spaces (p);
  if (!read_number (&p, &y))
    goto bad;
  p = skip_spaces (p);
  if (*p != ')' || *skip_spaces (p + 1) != '\0')
    goto bad;
  if (x < -180.0 || x > 180.0 || y < -90.0 || y > 90.0)
    {
      g_set_error (error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_INVALID_VALUE,
                   _("The camera position “%.64s” is off the Earth (longitude comes first)"), wkt);
      return FALSE;
    }
  *has_point = TRUE;
  *lon = x;
  *lat = y;
  return TRUE;

bad:
  g_set_error (error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_INVALID_VALUE,
               _("The camera position “%.64s” is not a WKT point such as “POINT (-87.65 41.88)”"),
               wkt ? wkt : "");
  return FALSE;
}

/* Milestone gives angles as fractions of a full turn, clockwise from north. */
static gboolean
read_turn_fraction (JsonObject  *camera,
                    const char  *member,
                    double      *degrees,
                    gboolean    *present,
                    GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  double fraction;

  if (!rtcc_json_get_double (camera, member, &fraction, &local_error))
    {
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      return TRUE;
    }
  if (!isfinite (fraction))
    {
      g_set_error (error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_INVALID_VALUE,
                   _("“%s” is not a finite number"), member);
      return FALSE;
    }
  *degrees = fraction * 360.0;
  *present = TRUE;
  return TRUE;
}

/**
 * rtcc_camera_new_from_json:
 * @camera: a Milestone camera object
 *
 * The name is `displayName` when the operator set one, else `name`.
 *
 * Returns: (transfer full) (nullable): the camera, or %NULL with @error
 */
RtccCamera *
rtcc_camera_new_from_json (JsonObject  *camera,
                           GError     **error)
{
  g_autoptr(RtccCamera) self = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *id = rtcc_json_dup_string_lenient (camera, "id");
  const char *name = rtcc_json_get_string (camera, "displayName");
  const char *wkt;
  gboolean has_direction = FALSE, has_fov = FALSE;
  double depth;

  if (id == NULL || *id == '\0')
    {
      g_set_error (error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_MISSING_FIELD,
                   _("The camera has no “id”"));
      return NULL;
    }
  self = g_object_new (RTCC_TYPE_CAMERA, NULL);
  self->id = g_steal_pointer (&id);
  if (name == NULL || *name == '\0')
    name = rtcc_json_get_string (camera, "name");
  self->name = g_utf8_make_valid (name != NULL && *name != '\0' ? name : self->id, -1);

  self->enabled = TRUE;
  if (!rtcc_json_get_bool (camera, "enabled", &self->enabled, &local_error) && local_error != NULL)
    goto fail;
  self->recording_enabled = FALSE;
  if (!rtcc_json_get_bool (camera, "recordingEnabled", &self->recording_enabled, &local_error) &&
      local_error != NULL)
    goto fail;

  if ((wkt = rtcc_json_get_string (camera, "gisPoint")) != NULL)
    {
      if (!rtcc_wkt_parse_point (wkt, &self->has_location, &self->lat, &self->lon, &local_error))
        goto fail;
    }
  else if (json_object_has_member (camera, "gisPoint") &&
           !JSON_NODE_HOLDS_NULL (json_object_get_member (camera, "gisPoint")))
    {
      g_set_error (&local_error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_INVALID_VALUE,
                   _("“gisPoint” is not text"));
      goto fail;
    }

  if (!read_turn_fraction (camera, "coverageDirection", &self->direction_deg, &has_direction, &local_error) ||
      !read_turn_fraction (camera, "coverageFieldOfView", &self->fov_deg, &has_fov, &local_error))
    goto fail;
  self->direction_deg = fmod (self->direction_deg, 360.0);
  if (self->direction_deg < 0)
    self->direction_deg += 360.0;
  if (self->fov_deg < 0.0 || self->fov_deg > 360.0)
    {
      g_set_error (&local_error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_INVALID_VALUE,
                   _("“coverageFieldOfView” must be between 0 and 1 turn"));
      goto fail;
    }
  if (rtcc_json_get_double (camera, "coverageDepth", &depth, &local_error))
    {
      if (!isfinite (depth) || depth < 0.0)
        {
          g_set_error (&local_error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_INVALID_VALUE,
                       _("“coverageDepth” must be a distance in metres"));
          goto fail;
        }
      self->depth_m = depth;
    }
  else if (local_error != NULL)
    goto fail;
  self->has_coverage = has_direction && has_fov && self->fov_deg > 0.0 && self->depth_m > 0.0;

  return g_steal_pointer (&self);

fail:
  g_propagate_prefixed_error (error, g_steal_pointer (&local_error), _("camera %s: "), self->id);
  return NULL;
}

/**
 * rtcc_camera_with_status:
 * @status: a status read from Milestone
 *
 * Returns: (transfer full): a copy of @self carrying @status
 */
RtccCamera *
rtcc_camera_with_status (RtccCamera             *self,
                         const RtccCameraStatus *status)
{
  RtccCamera *copy = g_object_new (RTCC_TYPE_CAMERA, NULL);

  copy->id = g_strdup (self->id);
  copy->name = g_strdup (self->name);
  copy->enabled = self->enabled;
  copy->has_location = self->has_location;
  copy->lat = self->lat;
  copy->lon = self->lon;
  copy->has_coverage = self->has_coverage;
  copy->direction_deg = self->direction_deg;
  copy->fov_deg = self->fov_deg;
  copy->depth_m = self->depth_m;
  copy->recording_enabled = self->recording_enabled;
  copy->status.state = status->state;
  copy->status.recording = status->recording;
  copy->status.last_updated = status->last_updated ? g_date_time_ref (status->last_updated) : NULL;
  return copy;
}

static RtccCamera *
camera_item (JsonObject  *item,
             gpointer     user_data,
             GError     **error)
{
  /* rtcc_normalize_array() is typed for events; the camera travels in
   * its place as a plain GObject pointer. */
  return (RtccCamera *) rtcc_camera_new_from_json (item, error);
}

/**
 * rtcc_camera_list_from_json:
 * @document: `{"array": [camera...]}` or `{"data": camera}`
 * @item_errors: (out) (optional) (element-type GError): cameras skipped
 *
 * Returns: (transfer container) (element-type RtccCamera) (nullable): the
 *   cameras, or %NULL with @error when @document is of neither shape
 */
GPtrArray *
rtcc_camera_list_from_json (JsonNode   *document,
                            GPtrArray **item_errors,
                            GError    **error)
{
  g_autoptr(GPtrArray) cameras = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) errors = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
  JsonObject *obj;
  JsonArray *array;

  if (document == NULL || !JSON_NODE_HOLDS_OBJECT (document))
    {
      g_set_error (error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_WRONG_SHAPE,
                   _("A Milestone camera answer must be a JSON object"));
      return NULL;
    }
  obj = json_node_get_object (document);
  if ((array = rtcc_json_get_array (obj, "array")) != NULL)
    rtcc_normalize_array (array, (RtccItemNormalizer) camera_item, NULL, cameras, errors);
  else if (rtcc_json_get_object (obj, "data") != NULL)
    rtcc_normalize_one (json_object_get_member (obj, "data"), 0, (RtccItemNormalizer) camera_item,
                        NULL, cameras, errors);
  else
    {
      g_set_error (error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_WRONG_SHAPE,
                   _("Milestone sent neither a camera list nor a camera"));
      return NULL;
    }
  if (item_errors != NULL)
    *item_errors = g_steal_pointer (&errors);
  return g_steal_pointer (&cameras);
}

const char *
rtcc_camera_get_id (RtccCamera *self)
{
  return self->id;
}

const char *
rtcc_camera_get_name (RtccCamera *self)
{
  return self->name;
}

gboolean
rtcc_camera_get_enabled (RtccCamera *self)
{
  return self->enabled;
}

/**
 * rtcc_camera_get_location:
 * @lat: (out) (optional): the latitude
 * @lon: (out) (optional): the longitude
 *
 * Returns: %FALSE for a camera placed nowhere (`POINT EMPTY`)
 */
gboolean
rtcc_camera_get_location (RtccCamera *self,
                          double     *lat,
                          double     *lon)
{
  if (!self->has_location)
    return FALSE;
  if (lat != NULL)
    *lat = self->lat;
  if (lon != NULL)
    *lon = self->lon;
  return TRUE;
}

/**
 * rtcc_camera_get_direction_deg:
 *
 * Returns: where the camera looks, in degrees clockwise from north, [0, 360)
 */
double
rtcc_camera_get_direction_deg (RtccCamera *self)
{
  return self->direction_deg;
}

double
rtcc_camera_get_fov_deg (RtccCamera *self)
{
  return self->fov_deg;
}

double
rtcc_camera_get_depth_m (RtccCamera *self)
{
  return self->depth_m;
}

/**
 * rtcc_camera_get_has_coverage:
 *
 * Returns: whether Milestone gave a direction, an angle and a depth, so
 *   that the field of view can be drawn and tested
 */
gboolean
rtcc_camera_get_has_coverage (RtccCamera *self)
{
  return self->has_coverage;
}

gboolean
rtcc_camera_get_recording_enabled (RtccCamera *self)
{
  return self->recording_enabled;
}

RtccCameraState
rtcc_camera_get_state (RtccCamera *self)
{
  return self->status.state;
}

gboolean
rtcc_camera_get_recording (RtccCamera *self)
{
  return self->status.recording;
}

/**
 * rtcc_camera_get_last_updated:
 *
 * Returns: (transfer none) (nullable): when the status was last updated
 */
GDateTime *
rtcc_camera_get_last_updated (RtccCamera *self)
{
  return self->status.last_updated;
}

static const char *
state_word (RtccCameraState state)
{
  switch (state)
    {
    case RTCC_CAMERA_STATE_RESPONDING: return "responding";
    case RTCC_CAMERA_STATE_NOT_RESPONDING: return "not_responding";
    case RTCC_CAMERA_STATE_DISABLED: return "disabled";
    case RTCC_CAMERA_STATE_UNKNOWN:
    default: return NULL;
    }
}

/**
 * rtcc_camera_to_json:
 *
 * The shape `rtcc-cli` prints: `id`, `name`, `enabled`, `state` (null
 * until a status is known), `location` ({lat, lon} or null),
 * `direction_deg`, `fov_deg`, `depth_m`.
 *
 * Returns: (transfer full): the camera as JSON
 */
JsonNode *
rtcc_camera_to_json (RtccCamera *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  const char *state = state_word (self->status.state);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, self->id);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, self->name);
  json_builder_set_member_name (b, "enabled");
  json_builder_add_boolean_value (b, self->enabled);
  json_builder_set_member_name (b, "state");
  if (state != NULL)
    json_builder_add_string_value (b, state);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "location");
  if (self->has_location)
    {
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "lat");
      json_builder_add_double_value (b, self->lat);
      json_builder_set_member_name (b, "lon");
      json_builder_add_double_value (b, self->lon);
      json_builder_end_object (b);
    }
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "direction_deg");
  json_builder_add_double_value (b, self->direction_deg);
  json_builder_set_member_name (b, "fov_deg");
  json_builder_add_double_value (b, self->fov_deg);
  json_builder_set_member_name (b, "depth_m");
  json_builder_add_double_value (b, self->depth_m);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}
