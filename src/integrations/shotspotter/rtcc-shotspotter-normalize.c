/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccShotspotter"

#include "config.h"

#include <glib/gi18n.h>

#include "rtcc-json.h"
#include "rtcc-normalize.h"
#include "rtcc-shotspotter-normalize.h"
#include "rtcc-time.h"

/* Ten rounds or more is an active-shooter pattern: the top priority. */
#define CRITICAL_ROUNDS 10

static char *
make_title (const char *type,
            gint64      rounds)
{
  if (g_strcmp0 (type, "Single_Gunshot") == 0)
    return g_strdup (_("Single gunshot"));
  if (g_strcmp0 (type, "Multiple_Gunshots") == 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Multiple gunshots (%d round)",
                                         "Multiple gunshots (%d rounds)", rounds),
                            (int) rounds);
  if (g_strcmp0 (type, "Gunshot_or_Firecracker") == 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Gunshot or firecracker (%d round)",
                                         "Gunshot or firecracker (%d rounds)", rounds),
                            (int) rounds);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Possible gunshot (%d round)",
                                       "Possible gunshots (%d rounds)", rounds),
                          (int) rounds);
}

static RtccPriority
priority_for (const char *type,
              gint64      rounds)
{
  if (rounds >= CRITICAL_ROUNDS)
    return RTCC_PRIORITY_CRITICAL;
  if (g_strcmp0 (type, "Multiple_Gunshots") == 0 || g_strcmp0 (type, "Single_Gunshot") == 0)
    return RTCC_PRIORITY_HIGH;
  return RTCC_PRIORITY_NORMAL;
}

/**
 * rtcc_shotspotter_normalize_alert:
 * @alert: a ShotSpotter alert object
 *
 * Local time with offset becomes UTC; `revision` becomes the version, so
 * a reviewed alert updates the same event; a missing confidence stays
 * null rather than being guessed.
 *
 * Returns: (transfer full) (nullable): a `gunshot` event
 */
RtccEvent *
rtcc_shotspotter_normalize_alert (JsonObject  *alert,
                                  gpointer     user_data,
                                  GError     **error)
{
  g_autoptr(RtccEventBuilder) b = NULL;
  g_autoptr(GDateTime) at = NULL;
  g_autofree char *id = rtcc_json_dup_string_lenient (alert, "alertId");
  g_autofree char *title = NULL;
  const char *type = rtcc_json_get_string (alert, "type");
  gint64 rounds = 1, revision = 1, count;
  double lat, lon, confidence;
  gboolean has_lat, has_lon;

  if (id == NULL || *id == '\0')
    {
      g_set_error (error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_MISSING_FIELD, _("“alertId” is missing"));
      return NULL;
    }
  if (!rtcc_json_get_int (alert, "rounds", &rounds, error) && error != NULL && *error != NULL)
    return NULL;
  if (rounds < 0 || rounds > 10000)
    {
      g_set_error (error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_INVALID_VALUE,
                   _("alert %s has %lld rounds"), id, (long long) rounds);
      return NULL;
    }
  if (!rtcc_json_get_int (alert, "revision", &revision, error) && error != NULL && *error != NULL)
    return NULL;
  if (revision < 1)
    revision = 1;

  if (!(at = rtcc_time_parse_iso (rtcc_json_get_string (alert, "datetime"), error)))
    return NULL;

  b = rtcc_event_builder_new (RTCC_SOURCE_SHOTSPOTTER, RTCC_EVENT_TYPE_GUNSHOT, id);
  rtcc_event_builder_set_occurred_at (b, at);
  rtcc_event_builder_set_version (b, (guint) MIN (revision, G_MAXUINT));
  rtcc_event_builder_set_priority (b, priority_for (type, rounds));
  title = make_title (type, rounds);
  rtcc_event_builder_set_title (b, title);
  rtcc_event_builder_set_address (b, rtcc_json_get_string (alert, "address"));

  has_lat = rtcc_json_get_double (alert, "latitude", &lat, error);
  if (!has_lat && error != NULL && *error != NULL)
    return NULL;
  has_lon = rtcc_json_get_double (alert, "longitude", &lon, error);
  if (!has_lon && error != NULL && *error != NULL)
    return NULL;
  if (has_lat && has_lon)
    rtcc_event_builder_set_location (b, lat, lon);

  rtcc_event_builder_set_string (b, "alert_id", id);
  rtcc_event_builder_set_string (b, "alert_type", type);
  rtcc_event_builder_set_int (b, "round_count", rounds);
  if (rtcc_json_get_double (alert, "confidence", &confidence, NULL) &&
      confidence >= 0.0 && confidence <= 1.0)
    rtcc_event_builder_set_double (b, "confidence", confidence);
  else
    rtcc_event_builder_set_member (b, "confidence", NULL);
  rtcc_event_builder_set_string (b, "audio_url", rtcc_json_get_string (alert, "audioUri"));
  rtcc_event_builder_set_string (b, "review_status", rtcc_json_get_string (alert, "reviewStatus"));
  if (rtcc_json_get_string (alert, "beat") != NULL)
    rtcc_event_builder_set_string (b, "beat", rtcc_json_get_string (alert, "beat"));
  if (rtcc_json_get_string (alert, "district") != NULL)
    rtcc_event_builder_set_string (b, "district", rtcc_json_get_string (alert, "district"));
  if (rtcc_json_get_int (alert, "sensorsTriggered", &count, NULL))
    rtcc_event_builder_set_int (b, "sensors_triggered", count);
  if (rtcc_json_get_int (alert, "shooters", &count, NULL))
    rtcc_event_builder_set_int (b, "shooters", count);

  return rtcc_event_builder_end (g_steal_pointer (&b), error);
}

/**
 * rtcc_shotspotter_normalize_document:
 * @document: an alerts list answer, one alert, or a stream message
 * @item_errors: (out) (optional) (element-type GError): items skipped
 * @cursor: (out) (optional) (nullable): the document's cursor
 *   (`nextCursor` or a stream message's `cursor`)
 *
 * Returns: (transfer container) (element-type RtccEvent): the events; a
 *   heartbeat gives none; %NULL with @error for any other document
 */
GPtrArray *
rtcc_shotspotter_normalize_document (JsonNode   *document,
                                     GPtrArray **item_errors,
                                     char      **cursor,
                                     GError    **error)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) errors = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
  JsonObject *obj;
  JsonArray *alerts;
  const char *kind;

  if (cursor != NULL)
    *cursor = NULL;
  if (document == NULL || !JSON_NODE_HOLDS_OBJECT (document))
    {
      g_set_error (error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_WRONG_SHAPE,
                   _("A ShotSpotter document must be a JSON object"));
      return NULL;
    }
  obj = json_node_get_object (document);

  if ((alerts = rtcc_json_get_array (obj, "alerts")) != NULL)
    {
      rtcc_normalize_array (alerts, rtcc_shotspotter_normalize_alert, NULL, events, errors);
      if (cursor != NULL)
        *cursor = g_strdup (rtcc_json_get_string (obj, "nextCursor"));
    }
  else if ((kind = rtcc_json_get_string (obj, "kind")) != NULL)
    {
      if (cursor != NULL)
        *cursor = g_strdup (rtcc_json_get_string (obj, "cursor"));
      if (g_str_equal (kind, "alert") || g_str_equal (kind, "update"))
        rtcc_normalize_one (json_object_get_member (obj, "alert"), 0,
                            rtcc_shotspotter_normalize_alert, NULL, events, errors);
      else if (!g_str_equal (kind, "heartbeat"))
        {
          g_set_error (error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_WRONG_SHAPE,
                       _("Unknown ShotSpotter stream message “%.32s”"), kind);
          return NULL;
        }
    }
  else if (json_object_has_member (obj, "alertId"))
    rtcc_normalize_one (document, 0, rtcc_shotspotter_normalize_alert, NULL, events, errors);
  else
    {
      g_set_error (error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_WRONG_SHAPE,
                   _("Not a ShotSpotter alert, alert list or stream message"));
      return NULL;
    }

  if (item_errors != NULL)
    *item_errors = g_steal_pointer (&errors);
  return g_steal_pointer (&events);
}
