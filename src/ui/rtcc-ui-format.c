/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccUi"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "rtcc-time.h"
#include "rtcc-ui-format.h"

/**
 * rtcc_ui_status_label:
 *
 * Returns: the word the dashboard shows for @status
 */
const char *
rtcc_ui_status_label (RtccIntegrationStatus status)
{
  switch (status)
    {
    case RTCC_INTEGRATION_STATUS_ONLINE: return _("Online");
    case RTCC_INTEGRATION_STATUS_DEGRADED: return _("Degraded");
    case RTCC_INTEGRATION_STATUS_OFFLINE: return _("Offline");
    case RTCC_INTEGRATION_STATUS_DISABLED: return _("Disabled");
    default: return _("Unknown");
    }
}

/**
 * rtcc_ui_status_css_class:
 *
 * Returns: the style class of the coloured dot for @status (style.css)
 */
const char *
rtcc_ui_status_css_class (RtccIntegrationStatus status)
{
  switch (status)
    {
    case RTCC_INTEGRATION_STATUS_ONLINE: return "status-online";
    case RTCC_INTEGRATION_STATUS_DEGRADED: return "status-degraded";
    case RTCC_INTEGRATION_STATUS_OFFLINE: return "status-offline";
    case RTCC_INTEGRATION_STATUS_DISABLED:
    default: return "status-disabled";
    }
}

const char *
rtcc_ui_priority_css_class (RtccPriority priority)
{
  switch (priority)
    {
    case RTCC_PRIORITY_LOW: return "priority-low";
    case RTCC_PRIORITY_HIGH: return "priority-high";
    case RTCC_PRIORITY_CRITICAL: return "priority-critical";
    case RTCC_PRIORITY_NORMAL:
    default: return "priority-normal";
    }
}

const char *
rtcc_ui_priority_label (RtccPriority priority)
{
  switch (priority)
    {
    case RTCC_PRIORITY_LOW: return _("Low");
    case RTCC_PRIORITY_HIGH: return _("High");
    case RTCC_PRIORITY_CRITICAL: return _("Critical");
    case RTCC_PRIORITY_NORMAL:
    default: return _("Normal");
    }
}

/**
 * rtcc_ui_event_type_icon_name:
 *
 * Returns: a symbolic icon from the Adwaita icon theme, so the app needs
 *   no icons of its own to tell event types apart
 */
const char *
rtcc_ui_event_type_icon_name (RtccEventType type)
{
  switch (type)
    {
    case RTCC_EVENT_TYPE_CAMERA_ALERT: return "camera-web-symbolic";
    case RTCC_EVENT_TYPE_LPR_READ: return "camera-photo-symbolic";
    case RTCC_EVENT_TYPE_LPR_HIT: return "dialog-warning-symbolic";
    case RTCC_EVENT_TYPE_GUNSHOT: return "audio-volume-high-symbolic";
    case RTCC_EVENT_TYPE_INCIDENT_CREATED:
    case RTCC_EVENT_TYPE_INCIDENT_UPDATED: return "document-edit-symbolic";
    case RTCC_EVENT_TYPE_BOLO_CREATED:
    case RTCC_EVENT_TYPE_BOLO_CANCELLED: return "system-search-symbolic";
    case RTCC_EVENT_TYPE_BWC_RECORDING: return "camera-video-symbolic";
    case RTCC_EVENT_TYPE_INTEGRATION_STATUS: return "network-wired-symbolic";
    default: return "dialog-information-symbolic";
    }
}

const char *
rtcc_ui_event_type_label (RtccEventType type)
{
  switch (type)
    {
    case RTCC_EVENT_TYPE_CAMERA_ALERT: return _("Camera alert");
    case RTCC_EVENT_TYPE_LPR_READ: return _("Plate read");
    case RTCC_EVENT_TYPE_LPR_HIT: return _("Plate hit");
    case RTCC_EVENT_TYPE_GUNSHOT: return _("Gunshot");
    case RTCC_EVENT_TYPE_INCIDENT_CREATED: return _("Incident created");
    case RTCC_EVENT_TYPE_INCIDENT_UPDATED: return _("Incident updated");
    case RTCC_EVENT_TYPE_BOLO_CREATED: return _("BOLO issued");
    case RTCC_EVENT_TYPE_BOLO_CANCELLED: return _("BOLO cancelled");
    case RTCC_EVENT_TYPE_BWC_RECORDING: return _("Body camera recording");
    case RTCC_EVENT_TYPE_INTEGRATION_STATUS: return _("Integration status");
    default: return _("Event");
    }
}

/**
 * rtcc_ui_format_latency:
 * @last_check: (nullable): when the integration was last checked
 *
 * A latency of zero before any check means "not measured", not "instant".
 *
 * Returns: (transfer full): "120 ms", or "—" when there is no measure
 */
char *
rtcc_ui_format_latency (double     latency_ms,
                        GDateTime *last_check)
{
  if (last_check == NULL || !isfinite (latency_ms) || latency_ms <= 0)
    return g_strdup ("—");
  return g_strdup_printf (_("%.0f ms"), latency_ms);
}

/**
 * rtcc_ui_format_time:
 * @time: (nullable): a moment
 *
 * Returns: (transfer full) (nullable): the moment in local time with its
 *   zone, then as recorded in UTC: "2026-11-22 22:12:09 CST
 *   (2026-11-23T04:12:09Z)"
 */
char *
rtcc_ui_format_time (GDateTime *time)
{
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *iso = NULL;

  if (time == NULL)
    return NULL;
  local = g_date_time_to_local (time);
  shown = g_date_time_format (local, "%Y-%m-%d %H:%M:%S %Z");
  iso = rtcc_time_format_iso (time);
  return g_strdup_printf ("%s (%s)", shown, iso);
}

/**
 * rtcc_ui_format_last_check:
 * @last_check: (nullable): when the last check ended
 * @now: the present
 *
 * Returns: (transfer full): "2 min ago", or "Never"
 */
char *
rtcc_ui_format_last_check (GDateTime *last_check,
                           GDateTime *now)
{
  if (last_check == NULL)
    return g_strdup (_("Never"));
  return rtcc_time_format_ago (last_check, now);
}
