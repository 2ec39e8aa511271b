/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * RtccSource:
 *
 * The seven systems the workstation integrates. The GEnumValue nicks
 * ("milestone", "flock", ...) are the names used in JSON and on screen.
 */
typedef enum
{
  RTCC_SOURCE_MILESTONE,
  RTCC_SOURCE_FLOCK,
  RTCC_SOURCE_SHOTSPOTTER,
  RTCC_SOURCE_ONESOLUTION,
  RTCC_SOURCE_NESS,
  RTCC_SOURCE_BWC,
  RTCC_SOURCE_HOTSHEETS,
  RTCC_SOURCE_SYSTEM,
} RtccSource;

#define RTCC_N_VENDOR_SOURCES 7

typedef enum
{
  RTCC_EVENT_TYPE_CAMERA_ALERT,
  RTCC_EVENT_TYPE_LPR_READ,
  RTCC_EVENT_TYPE_LPR_HIT,
  RTCC_EVENT_TYPE_GUNSHOT,
  RTCC_EVENT_TYPE_INCIDENT_CREATED,
  RTCC_EVENT_TYPE_INCIDENT_UPDATED,
  RTCC_EVENT_TYPE_BOLO_CREATED,
  RTCC_EVENT_TYPE_BOLO_CANCELLED,
  RTCC_EVENT_TYPE_BWC_RECORDING,
  RTCC_EVENT_TYPE_INTEGRATION_STATUS,
} RtccEventType;

typedef enum
{
  RTCC_PRIORITY_LOW,
  RTCC_PRIORITY_NORMAL,
  RTCC_PRIORITY_HIGH,
  RTCC_PRIORITY_CRITICAL,
} RtccPriority;

/**
 * RtccIntegrationStatus:
 *
 * Shown as Online, Degraded, Offline and Disabled; written in the health
 * JSON as healthy, degraded, unhealthy and disabled.
 */
typedef enum
{
  RTCC_INTEGRATION_STATUS_ONLINE,
  RTCC_INTEGRATION_STATUS_DEGRADED,
  RTCC_INTEGRATION_STATUS_OFFLINE,
  RTCC_INTEGRATION_STATUS_DISABLED,
} RtccIntegrationStatus;

#define RTCC_TYPE_SOURCE (rtcc_source_get_type ())
#define RTCC_TYPE_EVENT_TYPE (rtcc_event_type_get_type ())
#define RTCC_TYPE_PRIORITY (rtcc_priority_get_type ())
#define RTCC_TYPE_INTEGRATION_STATUS (rtcc_integration_status_get_type ())

GType        rtcc_source_get_type             (void) G_GNUC_CONST;
GType        rtcc_event_type_get_type         (void) G_GNUC_CONST;
GType        rtcc_priority_get_type           (void) G_GNUC_CONST;
GType        rtcc_integration_status_get_type (void) G_GNUC_CONST;

const char  *rtcc_enum_to_nick    (GType enum_type,
                                   int   value);
gboolean     rtcc_enum_from_nick  (GType       enum_type,
                                   const char *nick,
                                   int        *value);

const char  *rtcc_source_to_string            (RtccSource source);
const char  *rtcc_source_display_name         (RtccSource source);
const char  *rtcc_event_type_to_string        (RtccEventType type);
const char  *rtcc_priority_to_string          (RtccPriority priority);
const char  *rtcc_integration_status_to_string (RtccIntegrationStatus status);
const char  *rtcc_integration_status_health_word (RtccIntegrationStatus status);

G_END_DECLS
