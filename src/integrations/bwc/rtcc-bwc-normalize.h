/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "rtcc-event.h"

G_BEGIN_DECLS

/**
 * RtccBwcAssignment:
 * @device_serial: the camera's serial number
 * @officer_id: who wears it
 * @officer_name: (nullable): the officer's name
 * @unit: (nullable): the officer's unit
 * @assigned_at: (nullable): since when
 * @dock_status: (nullable): `docked`, `in_field` or `uploading`
 * @battery: charge from 0 to 1, or -1 when unknown
 *
 * Which body-worn camera an officer carries.
 */
typedef struct
{
  char      *device_serial;
  char      *officer_id;
  char      *officer_name;
  char      *unit;
  GDateTime *assigned_at;
  char      *dock_status;
  double     battery;
} RtccBwcAssignment;

#define RTCC_TYPE_BWC_ASSIGNMENT (rtcc_bwc_assignment_get_type ())

GType              rtcc_bwc_assignment_get_type      (void) G_GNUC_CONST;
RtccBwcAssignment *rtcc_bwc_assignment_copy          (const RtccBwcAssignment *assignment);
void               rtcc_bwc_assignment_free          (RtccBwcAssignment *assignment);
RtccBwcAssignment *rtcc_bwc_assignment_new_from_json (JsonObject        *object,
                                                      GError           **error);
GPtrArray         *rtcc_bwc_assignments_from_json    (JsonNode          *document,
                                                      GPtrArray        **item_errors,
                                                      GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RtccBwcAssignment, rtcc_bwc_assignment_free)

char              *rtcc_bwc_format_duration          (gint64             seconds);
RtccEvent         *rtcc_bwc_normalize_recording      (JsonObject        *recording,
                                                      gpointer           user_data,
                                                      GError           **error);
GPtrArray         *rtcc_bwc_normalize_document       (JsonNode          *document,
                                                      GPtrArray        **item_errors,
                                                      char             **next,
                                                      GError           **error);

G_END_DECLS
