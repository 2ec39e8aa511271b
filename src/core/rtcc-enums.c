/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccEnums"

#include "config.h"

#include <glib/gi18n.h>

#include "rtcc-enums.h"

G_DEFINE_ENUM_TYPE (RtccSource, rtcc_source,
  G_DEFINE_ENUM_VALUE (RTCC_SOURCE_MILESTONE, "milestone"),
  G_DEFINE_ENUM_VALUE (RTCC_SOURCE_FLOCK, "flock"),
  G_DEFINE_ENUM_VALUE (RTCC_SOURCE_SHOTSPOTTER, "shotspotter"),
  G_DEFINE_ENUM_VALUE (RTCC_SOURCE_ONESOLUTION, "onesolution"),
  G_DEFINE_ENUM_VALUE (RTCC_SOURCE_NESS, "ness"),
  G_DEFINE_ENUM_VALUE (RTCC_SOURCE_BWC, "bwc"),
  G_DEFINE_ENUM_VALUE (RTCC_SOURCE_HOTSHEETS, "hotsheets"),
  G_DEFINE_ENUM_VALUE (RTCC_SOURCE_SYSTEM, "system"))

G_DEFINE_ENUM_TYPE (RtccEventType, rtcc_event_type,
  G_DEFINE_ENUM_VALUE (RTCC_EVENT_TYPE_CAMERA_ALERT, "camera_alert"),
  G_DEFINE_ENUM_VALUE (RTCC_EVENT_TYPE_LPR_READ, "lpr_read"),
  G_DEFINE_ENUM_VALUE (RTCC_EVENT_TYPE_LPR_HIT, "lpr_hit"),
  G_DEFINE_ENUM_VALUE (RTCC_EVENT_TYPE_GUNSHOT, "gunshot"),
  G_DEFINE_ENUM_VALUE (RTCC_EVENT_TYPE_INCIDENT_CREATED, "incident_created"),
  G_DEFINE_ENUM_VALUE (RTCC_EVENT_TYPE_INCIDENT_UPDATED, "incident_updated"),
  G_DEFINE_ENUM_VALUE (RTCC_EVENT_TYPE_BOLO_CREATED, "bolo_created"),
  G_DEFINE_ENUM_VALUE (RTCC_EVENT_TYPE_BOLO_CANCELLED, "bolo_cancelled"),
  G_DEFINE_ENUM_VALUE (RTCC_EVENT_TYPE_BWC_RECORDING, "bwc_recording"),
  G_DEFINE_ENUM_VALUE (RTCC_EVENT_TYPE_INTEGRATION_STATUS, "integration_status"))

G_DEFINE_ENUM_TYPE (RtccPriority, rtcc_priority,
  G_DEFINE_ENUM_VALUE (RTCC_PRIORITY_LOW, "low"),
  G_DEFINE_ENUM_VALUE (RTCC_PRIORITY_NORMAL, "normal"),
  G_DEFINE_ENUM_VALUE (RTCC_PRIORITY_HIGH, "high"),
  G_DEFINE_ENUM_VALUE (RTCC_PRIORITY_CRITICAL, "critical"))

G_DEFINE_ENUM_TYPE (RtccIntegrationStatus, rtcc_integration_status,
  G_DEFINE_ENUM_VALUE (RTCC_INTEGRATION_STATUS_ONLINE, "online"),
  G_DEFINE_ENUM_VALUE (RTCC_INTEGRATION_STATUS_DEGRADED, "degraded"),
  G_DEFINE_ENUM_VALUE (RTCC_INTEGRATION_STATUS_OFFLINE, "offline"),
  G_DEFINE_ENUM_VALUE (RTCC_INTEGRATION_STATUS_DISABLED, "disabled"))

/**
 * rtcc_enum_to_nick:
 * @enum_type: a registered enum #GType
 * @value: a value of it
 *
 * Returns: (transfer none): the nick of @value, or "unknown"
 */
const char *
rtcc_enum_to_nick (GType enum_type,
                   int   value)
{
  GEnumClass *klass = g_type_class_ref (enum_type);
  GEnumValue *ev = g_enum_get_value (klass, value);
  const char *nick = ev != NULL ? ev->value_nick : "unknown";

  /* Enum classes of static types are never finalized, so the nick stays. */
  g_type_class_unref (klass);
  return nick;
}

/**
 * rtcc_enum_from_nick:
 * @enum_type: a registered enum #GType
 * @nick: (nullable): the nick to look up
 * @value: (out): the value found
 *
 * Returns: %TRUE if @nick names a value of @enum_type
 */
gboolean
rtcc_enum_from_nick (GType       enum_type,
                     const char *nick,
                     int        *value)
{
  GEnumClass *klass;
  GEnumValue *ev;

  if (nick == NULL)
    return FALSE;

  klass = g_type_class_ref (enum_type);
  ev = g_enum_get_value_by_nick (klass, nick);
  if (ev != NULL && value != NULL)
    *value = ev->value;
  g_type_class_unref (klass);
  return ev != NULL;
}

const char *
rtcc_source_to_string (RtccSource source)
{
  return rtcc_enum_to_nick (RTCC_TYPE_SOURCE, source);
}

const char *
rtcc_source_display_name (RtccSource source)
{
  switch (source)
    {
    case RTCC_SOURCE_MILESTONE: return _("Milestone XProtect");
    case RTCC_SOURCE_FLOCK: return _("Flock Safety LPR");
    case RTCC_SOURCE_SHOTSPOTTER: return _("ShotSpotter");
    case RTCC_SOURCE_ONESOLUTION: return _("OneSolution RMS");
    case RTCC_SOURCE_NESS: return _("NESS (NCIC)");
    case RTCC_SOURCE_BWC: return _("Body-worn cameras");
    case RTCC_SOURCE_HOTSHEETS: return _("HotSheets");
    case RTCC_SOURCE_SYSTEM: return _("Workstation");
    default: return _("Unknown");
    }
}

const char *
rtcc_event_type_to_string (RtccEventType type)
{
  return rtcc_enum_to_nick (RTCC_TYPE_EVENT_TYPE, type);
}

const char *
rtcc_priority_to_string (RtccPriority priority)
{
  return rtcc_enum_to_nick (RTCC_TYPE_PRIORITY, priority);
}

const char *
rtcc_integration_status_to_string (RtccIntegrationStatus status)
{
  return rtcc_enum_to_nick (RTCC_TYPE_INTEGRATION_STATUS, status);
}

/**
 * rtcc_integration_status_health_word:
 * @status: a status
 *
 * Returns: the word the health JSON uses: healthy, degraded, unhealthy or
 *   disabled
 */
const char *
rtcc_integration_status_health_word (RtccIntegrationStatus status)
{
  switch (status)
    {
    case RTCC_INTEGRATION_STATUS_ONLINE: return "healthy";
    case RTCC_INTEGRATION_STATUS_DEGRADED: return "degraded";
    case RTCC_INTEGRATION_STATUS_OFFLINE: return "unhealthy";
    case RTCC_INTEGRATION_STATUS_DISABLED: return "disabled";
    default: return "unhealthy";
    }
}
