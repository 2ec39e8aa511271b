/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccBwcRecording"

#include "config.h"

#include "rtcc-bwc-recording.h"

/**
 * RtccBwcRecording:
 *
 * One row of the recordings list: the vendor's recording as an event, and
 * the incidents it is linked to, which change as the analyst links and
 * unlinks them (the event itself is immutable).
 */
struct _RtccBwcRecording
{
  GObject    parent_instance;

  RtccEvent *event;
  GPtrArray *incidents;   /* NULL-terminated strings */
};

G_DEFINE_FINAL_TYPE (RtccBwcRecording, rtcc_bwc_recording, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_INCIDENTS_TEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
rtcc_bwc_recording_finalize (GObject *object)
{
  RtccBwcRecording *self = RTCC_BWC_RECORDING (object);

  g_clear_object (&self->event);
  g_clear_pointer (&self->incidents, g_ptr_array_unref);

  G_OBJECT_CLASS (rtcc_bwc_recording_parent_class)->finalize (object);
}

static void
rtcc_bwc_recording_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  RtccBwcRecording *self = RTCC_BWC_RECORDING (object);

  switch (prop_id)
    {
    case PROP_INCIDENTS_TEXT:
      g_value_take_string (value, rtcc_bwc_recording_dup_incidents_text (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rtcc_bwc_recording_class_init (RtccBwcRecordingClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rtcc_bwc_recording_finalize;
  object_class->get_property = rtcc_bwc_recording_get_property;

  properties[PROP_INCIDENTS_TEXT] =
    g_param_spec_string ("incidents-text", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rtcc_bwc_recording_init (RtccBwcRecording *self)
{
  self->incidents = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->incidents, NULL);
}

/**
 * rtcc_bwc_recording_new:
 * @event: a `bwc_recording` event
 *
 * Returns: (transfer full): the row
 */
RtccBwcRecording *
rtcc_bwc_recording_new (RtccEvent *event)
{
  RtccBwcRecording *self;
  JsonObject *attributes;
  JsonArray *ids;
  const char *first;

  g_return_val_if_fail (RTCC_IS_EVENT (event), NULL);

  self = g_object_new (RTCC_TYPE_BWC_RECORDING, NULL);
  self->event = g_object_ref (event);
  attributes = rtcc_event_get_attributes (event);
  ids = attributes != NULL && json_object_has_member (attributes, "incident_ids") &&
        JSON_NODE_HOLDS_ARRAY (json_object_get_member (attributes, "incident_ids"))
        ? json_object_get_array_member (attributes, "incident_ids") : NULL;
  for (guint i = 0; ids != NULL && i < json_array_get_length (ids); i++)
    {
      JsonNode *node = json_array_get_element (ids, i);

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        rtcc_bwc_recording_add_incident (self, json_node_get_string (node));
    }
  /* Events stored before all incidents were kept name only the first. */
  first = rtcc_event_get_attribute_string (event, "incident_id");
  if (ids == NULL && first != NULL)
    rtcc_bwc_recording_add_incident (self, first);
  return self;
}

/**
 * rtcc_bwc_recording_get_event:
 *
 * Returns: (transfer none): the recording as the vendor listed it
 */
RtccEvent *
rtcc_bwc_recording_get_event (RtccBwcRecording *self)
{
  g_return_val_if_fail (RTCC_IS_BWC_RECORDING (self), NULL);
  return self->event;
}

const char *
rtcc_bwc_recording_get_id (RtccBwcRecording *self)
{
  g_return_val_if_fail (RTCC_IS_BWC_RECORDING (self), NULL);
  return rtcc_event_get_vendor_id (self->event);
}

/**
 * rtcc_bwc_recording_get_officer:
 *
 * Returns: the officer's name, else their id, else %NULL
 */
const char *
rtcc_bwc_recording_get_officer (RtccBwcRecording *self)
{
  const char *name;

  g_return_val_if_fail (RTCC_IS_BWC_RECORDING (self), NULL);
  name = rtcc_event_get_attribute_string (self->event, "officer_name");
  if (name != NULL && *name != '\0')
    return name;
  return rtcc_event_get_attribute_string (self->event, "officer_id");
}

gint64
rtcc_bwc_recording_get_duration_s (RtccBwcRecording *self)
{
  gint64 value = 0;

  g_return_val_if_fail (RTCC_IS_BWC_RECORDING (self), 0);
  rtcc_event_get_attribute_int (self->event, "duration_s", &value);
  return value;
}

/**
 * rtcc_bwc_recording_get_size_bytes:
 *
 * Returns: the file's size, or -1 when the vendor did not say
 */
gint64
rtcc_bwc_recording_get_size_bytes (RtccBwcRecording *self)
{
  gint64 value = -1;

  g_return_val_if_fail (RTCC_IS_BWC_RECORDING (self), -1);
  if (!rtcc_event_get_attribute_int (self->event, "size_bytes", &value))
    return -1;
  return value;
}

const char *
rtcc_bwc_recording_get_category (RtccBwcRecording *self)
{
  g_return_val_if_fail (RTCC_IS_BWC_RECORDING (self), NULL);
  return rtcc_event_get_attribute_string (self->event, "category");
}

/**
 * rtcc_bwc_recording_get_incidents:
 *
 * Returns: (transfer none) (array zero-terminated=1): the linked incidents
 */
const char **
rtcc_bwc_recording_get_incidents (RtccBwcRecording *self)
{
  g_return_val_if_fail (RTCC_IS_BWC_RECORDING (self), NULL);
  return (const char **) self->incidents->pdata;
}

/**
 * rtcc_bwc_recording_dup_incidents_text:
 *
 * Returns: (transfer full): the linked incidents, comma separated
 */
char *
rtcc_bwc_recording_dup_incidents_text (RtccBwcRecording *self)
{
  g_return_val_if_fail (RTCC_IS_BWC_RECORDING (self), NULL);
  return g_strjoinv (", ", (char **) self->incidents->pdata);
}

gboolean
rtcc_bwc_recording_has_incident (RtccBwcRecording *self,
                                 const char       *incident)
{
  g_return_val_if_fail (RTCC_IS_BWC_RECORDING (self), FALSE);
  return incident != NULL && g_strv_contains ((const char * const *) self->incidents->pdata, incident);
}

/**
 * rtcc_bwc_recording_add_incident:
 * @incident: an incident the vendor now links the recording to
 */
void
rtcc_bwc_recording_add_incident (RtccBwcRecording *self,
                                 const char       *incident)
{
  g_return_if_fail (RTCC_IS_BWC_RECORDING (self));

  if (incident == NULL || *incident == '\0' || rtcc_bwc_recording_has_incident (self, incident))
    return;
  g_ptr_array_insert (self->incidents, self->incidents->len - 1, g_strdup (incident));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INCIDENTS_TEXT]);
}

/**
 * rtcc_bwc_recording_remove_incident:
 * @incident: an incident the vendor no longer links the recording to
 */
void
rtcc_bwc_recording_remove_incident (RtccBwcRecording *self,
                                    const char       *incident)
{
  g_return_if_fail (RTCC_IS_BWC_RECORDING (self));

  for (guint i = 0; incident != NULL && i + 1 < self->incidents->len; i++)
    if (g_str_equal (g_ptr_array_index (self->incidents, i), incident))
      {
        g_ptr_array_remove_index (self->incidents, i);
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INCIDENTS_TEXT]);
        return;
      }
}
