/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/**
 * RtccCameraState:
 *
 * Milestone's camera states; UNKNOWN until a status has been read.
 */
typedef enum
{
  RTCC_CAMERA_STATE_UNKNOWN,
  RTCC_CAMERA_STATE_RESPONDING,
  RTCC_CAMERA_STATE_NOT_RESPONDING,
  RTCC_CAMERA_STATE_DISABLED,
} RtccCameraState;

#define RTCC_TYPE_CAMERA_STATE (rtcc_camera_state_get_type ())
GType rtcc_camera_state_get_type (void) G_GNUC_CONST;

#define RTCC_TYPE_CAMERA_STATUS (rtcc_camera_status_get_type ())
typedef struct _RtccCameraStatus RtccCameraStatus;

/**
 * RtccCameraStatus:
 * @state: responding, not responding or disabled
 * @recording: whether the recording server is recording it now
 * @last_updated: (nullable): when Milestone last updated the status
 */
struct _RtccCameraStatus
{
  RtccCameraState  state;
  gboolean         recording;
  GDateTime       *last_updated;
};

GType             rtcc_camera_status_get_type  (void) G_GNUC_CONST;
RtccCameraStatus *rtcc_camera_status_new_from_json (JsonObject        *status,
                                                    GError           **error);
RtccCameraStatus *rtcc_camera_status_copy      (const RtccCameraStatus *status);
void              rtcc_camera_status_free      (RtccCameraStatus  *status);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RtccCameraStatus, rtcc_camera_status_free)

#define RTCC_TYPE_CAMERA (rtcc_camera_get_type ())
G_DECLARE_FINAL_TYPE (RtccCamera, rtcc_camera, RTCC, CAMERA, GObject)

gboolean          rtcc_wkt_parse_point         (const char        *wkt,
                                                gboolean          *has_point,
                                                double            *lat,
                                                double            *lon,
                                                GError           **error);

RtccCamera       *rtcc_camera_new_from_json    (JsonObject        *camera,
                                                GError           **error);
RtccCamera       *rtcc_camera_with_status      (RtccCamera        *self,
                                                const RtccCameraStatus *status);
GPtrArray        *rtcc_camera_list_from_json   (JsonNode          *document,
                                                GPtrArray        **item_errors,
                                                GError           **error);

const char       *rtcc_camera_get_id           (RtccCamera        *self);
const char       *rtcc_camera_get_name         (RtccCamera        *self);
gboolean          rtcc_camera_get_enabled      (RtccCamera        *self);
gboolean          rtcc_camera_get_location     (RtccCamera        *self,
                                                double            *lat,
                                                double            *lon);
double            rtcc_camera_get_direction_deg (RtccCamera       *self);
double            rtcc_camera_get_fov_deg      (RtccCamera        *self);
double            rtcc_camera_get_depth_m      (RtccCamera        *self);
gboolean          rtcc_camera_get_has_coverage (RtccCamera        *self);
gboolean          rtcc_camera_get_recording_enabled (RtccCamera   *self);
RtccCameraState   rtcc_camera_get_state        (RtccCamera        *self);
gboolean          rtcc_camera_get_recording    (RtccCamera        *self);
GDateTime        *rtcc_camera_get_last_updated (RtccCamera        *self);
JsonNode         *rtcc_camera_to_json          (RtccCamera        *self);

G_END_DECLS
