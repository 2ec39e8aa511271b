/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccEvent"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "rtcc-event.h"
#include "rtcc-json.h"
#include "rtcc-json-reader.h"
#include "rtcc-time.h"

/* Text from vendors is shown on screen and written to the store; longer
 * values than this are cut, not refused, so one bad field loses no event. */
#define MAX_TEXT_BYTES 1024

struct _RtccEvent
{
  GObject        parent_instance;

  char          *id;
  RtccSource     source;
  RtccEventType  type;
  RtccPriority   priority;
  GDateTime     *occurred_at;
  GDateTime     *received_at;
  guint          version;
  gboolean       has_location;
  double         lat;
  double         lon;
  char          *address;
  char          *title;
  JsonObject    *attributes;
};

struct _RtccEventBuilder
{
  RtccEvent *event;
  char      *vendor_id;
};

G_DEFINE_FINAL_TYPE (RtccEvent, rtcc_event, G_TYPE_OBJECT)

static RtccEventBuilder *
rtcc_event_builder_copy (RtccEventBuilder *builder)
{
  g_return_val_if_reached (NULL);
}

G_DEFINE_BOXED_TYPE (RtccEventBuilder, rtcc_event_builder,
                     rtcc_event_builder_copy, rtcc_event_builder_free)

static void
rtcc_event_finalize (GObject *object)
{
  RtccEvent *self = (RtccEvent *) object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->occurred_at, g_date_time_unref);
  g_clear_pointer (&self->received_at, g_date_time_unref);
  g_clear_pointer (&self->address, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->attributes, json_object_unref);

  G_OBJECT_CLASS (rtcc_event_parent_class)->finalize (object);
}

static void
rtcc_event_class_init (RtccEventClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rtcc_event_finalize;
}

static void
rtcc_event_init (RtccEvent *self)
{
  self->priority = RTCC_PRIORITY_NORMAL;
  self->version = 1;
  self->attributes = json_object_new ();
}

static char *
clean_text (const char *text)
{
  g_autofree char *valid = NULL;
  const char *end;

  if (text == NULL)
    return NULL;
  valid = g_utf8_make_valid (text, -1);
  if (strlen (valid) <= MAX_TEXT_BYTES)
    return g_steal_pointer (&valid);

  /* Cut on a character boundary. */
  end = g_utf8_find_prev_char (valid, valid + MAX_TEXT_BYTES);
  return g_strndup (valid, end - valid);
}

/**
 * rtcc_event_builder_new:
 * @source: where the event comes from
 * @type: what it is
 * @vendor_id: the vendor's own identifier; the event id becomes
 *   `source:vendor_id`
 *
 * Events are immutable once built; a builder collects the fields.
 *
 * Returns: (transfer full): a new builder
 */
RtccEventBuilder *
rtcc_event_builder_new (RtccSource     source,
                        RtccEventType  type,
                        const char    *vendor_id)
{
  RtccEventBuilder *builder = g_new0 (RtccEventBuilder, 1);

  builder->event = g_object_new (RTCC_TYPE_EVENT, NULL);
  builder->event->source = source;
  builder->event->type = type;
  builder->vendor_id = clean_text (vendor_id);
  return builder;
}

void
rtcc_event_builder_free (RtccEventBuilder *builder)
{
  if (builder == NULL)
    return;
  g_clear_object (&builder->event);
  g_free (builder->vendor_id);
  g_free (builder);
}

void
rtcc_event_builder_set_priority (RtccEventBuilder *builder,
                                 RtccPriority      priority)
{
  builder->event->priority = priority;
}

void
rtcc_event_builder_set_occurred_at (RtccEventBuilder *builder,
                                    GDateTime        *time)
{
  g_clear_pointer (&builder->event->occurred_at, g_date_time_unref);
  if (time != NULL)
    builder->event->occurred_at = g_date_time_to_utc (time);
}

void
rtcc_event_builder_set_received_at (RtccEventBuilder *builder,
                                    GDateTime        *time)
{
  g_clear_pointer (&builder->event->received_at, g_date_time_unref);
  if (time != NULL)
    builder->event->received_at = g_date_time_to_utc (time);
}

void
rtcc_event_builder_set_version (RtccEventBuilder *builder,
                                guint             version)
{
  builder->event->version = version;
}

void
rtcc_event_builder_set_location (RtccEventBuilder *builder,
                                 double            lat,
                                 double            lon)
{
  builder->event->has_location = TRUE;
  builder->event->lat = lat;
  builder->event->lon = lon;
}

void
rtcc_event_builder_set_address (RtccEventBuilder *builder,
                                const char       *address)
{
  g_free (builder->event->address);
  builder->event->address = clean_text (address);
}

void
rtcc_event_builder_set_title (RtccEventBuilder *builder,
                              const char       *title)
{
  g_free (builder->event->title);
  builder->event->title = clean_text (title);
}

void
rtcc_event_builder_set_string (RtccEventBuilder *builder,
                               const char       *name,
                               const char       *value)
{
  g_autofree char *clean = clean_text (value);

  if (clean == NULL)
    json_object_set_null_member (builder->event->attributes, name);
  else
    json_object_set_string_member (builder->event->attributes, name, clean);
}

void
rtcc_event_builder_set_int (RtccEventBuilder *builder,
                            const char       *name,
                            gint64            value)
{
  json_object_set_int_member (builder->event->attributes, name, value);
}

void
rtcc_event_builder_set_double (RtccEventBuilder *builder,
                               const char       *name,
                               double            value)
{
  json_object_set_double_member (builder->event->attributes, name, value);
}

void
rtcc_event_builder_set_boolean (RtccEventBuilder *builder,
                                const char       *name,
                                gboolean          value)
{
  json_object_set_boolean_member (builder->event->attributes, name, value);
}

/**
 * rtcc_event_builder_set_member:
 * @value: (transfer none) (nullable): a node, copied
 */
void
rtcc_event_builder_set_member (RtccEventBuilder *builder,
                               const char       *name,
                               JsonNode         *value)
{
  json_object_set_member (builder->event->attributes, name,
                          value != NULL ? json_node_copy (value) : json_node_new (JSON_NODE_NULL));
}

static const char *
default_title (RtccEventType type)
{
  switch (type)
    {
    case RTCC_EVENT_TYPE_CAMERA_ALERT: return _("Camera alert");
    case RTCC_EVENT_TYPE_LPR_READ: return _("Plate read");
    case RTCC_EVENT_TYPE_LPR_HIT: return _("Plate hit");
    case RTCC_EVENT_TYPE_GUNSHOT: return _("Gunshot");
    case RTCC_EVENT_TYPE_INCIDENT_CREATED: return _("New incident");
    case RTCC_EVENT_TYPE_INCIDENT_UPDATED: return _("Incident updated");
    case RTCC_EVENT_TYPE_BOLO_CREATED: return _("BOLO issued");
    case RTCC_EVENT_TYPE_BOLO_CANCELLED: return _("BOLO cancelled");
    case RTCC_EVENT_TYPE_BWC_RECORDING: return _("Body-worn camera recording");
    case RTCC_EVENT_TYPE_INTEGRATION_STATUS: return _("Integration status");
    default: return _("Event");
    }
}

/**
 * rtcc_event_builder_end:
 * @builder: (transfer full): the builder, freed
 * @error: return location for a #GError in %RTCC_JSON_ERROR
 *
 * Checks the fields: an identifier, a time of occurrence, a location on
 * Earth if any, a version of 1 or more.
 *
 * Returns: (transfer full): the event, or %NULL with @error set
 */
RtccEvent *
rtcc_event_builder_end (RtccEventBuilder  *builder,
                        GError           **error)
{
  g_autoptr(RtccEventBuilder) b = builder;
  RtccEvent *ev = b->event;

  if (b->vendor_id == NULL || *b->vendor_id == '\0')
    {
      g_set_error (error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_MISSING_FIELD,
                   _("The event has no identifier"));
      return NULL;
    }
  if (ev->occurred_at == NULL)
    {
      g_set_error (error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_MISSING_FIELD,
                   _("Event %s has no time"), b->vendor_id);
      return NULL;
    }
  if (ev->has_location &&
      (!isfinite (ev->lat) || !isfinite (ev->lon) ||
       ev->lat < -90.0 || ev->lat > 90.0 || ev->lon < -180.0 || ev->lon > 180.0))
    {
      g_set_error (error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_INVALID_VALUE,
                   _("Event %s has a location off the Earth (%.4f, %.4f)"),
                   b->vendor_id, ev->lat, ev->lon);
      return NULL;
    }
  if (ev->version < 1)
    {
      g_set_error (error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_INVALID_VALUE,
                   _("Event %s has version 0"), b->vendor_id);
      return NULL;
    }

  ev->id = g_strdup_printf ("%s:%s", rtcc_source_to_string (ev->source), b->vendor_id);
  if (ev->received_at == NULL)
    ev->received_at = g_date_time_new_now_utc ();
  if (ev->title == NULL)
    ev->title = g_strdup (default_title (ev->type));

  return g_steal_pointer (&b->event);
}

const char *
rtcc_event_get_id (RtccEvent *self)
{
  g_return_val_if_fail (RTCC_IS_EVENT (self), NULL);
  return self->id;
}

/**
 * rtcc_event_get_vendor_id:
 *
 * Returns: the part of the id after `source:`
 */
const char *
rtcc_event_get_vendor_id (RtccEvent *self)
{
  const char *colon;

  g_return_val_if_fail (RTCC_IS_EVENT (self), NULL);
  colon = strchr (self->id, ':');
  return colon != NULL ? colon + 1 : self->id;
}

RtccSource
rtcc_event_get_source (RtccEvent *self)
{
  return self->source;
}

RtccEventType
rtcc_event_get_event_type (RtccEvent *self)
{
  return self->type;
}

RtccPriority
rtcc_event_get_priority (RtccEvent *self)
{
  return self->priority;
}

GDateTime *
rtcc_event_get_occurred_at (RtccEvent *self)
{
  return self->occurred_at;
}

GDateTime *
rtcc_event_get_received_at (RtccEvent *self)
{
  return self->received_at;
}

guint
rtcc_event_get_version (RtccEvent *self)
{
  return self->version;
}

gboolean
rtcc_event_get_location (RtccEvent *self,
                         double    *lat,
                         double    *lon)
{
  if (!self->has_location)
    return FALSE;
  if (lat != NULL)
    *lat = self->lat;
  if (lon != NULL)
    *lon = self->lon;
  return TRUE;
}

const char *
rtcc_event_get_address (RtccEvent *self)
{
  return self->address;
}

const char *
rtcc_event_get_title (RtccEvent *self)
{
  return self->title;
}

/**
 * rtcc_event_get_attributes:
 *
 * Returns: (transfer none): the typed attributes; do not change them
 */
JsonObject *
rtcc_event_get_attributes (RtccEvent *self)
{
  return self->attributes;
}

const char *
rtcc_event_get_attribute_string (RtccEvent  *self,
                                 const char *name)
{
  return rtcc_json_get_string (self->attributes, name);
}

gboolean
rtcc_event_get_attribute_double (RtccEvent  *self,
                                 const char *name,
                                 double     *value)
{
  return rtcc_json_get_double (self->attributes, name, value, NULL);
}

gboolean
rtcc_event_get_attribute_int (RtccEvent  *self,
                              const char *name,
                              gint64     *value)
{
  return rtcc_json_get_int (self->attributes, name, value, NULL);
}

/**
 * rtcc_event_to_json:
 *
 * Returns: (transfer full): the normalized JSON object of the event model
 */
JsonNode *
rtcc_event_to_json (RtccEvent *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new_immutable ();
  g_autofree char *occurred = rtcc_time_format_iso (self->occurred_at);
  g_autofree char *received = rtcc_time_format_iso (self->received_at);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, self->id);
  json_builder_set_member_name (b, "source");
  json_builder_add_string_value (b, rtcc_source_to_string (self->source));
  json_builder_set_member_name (b, "type");
  json_builder_add_string_value (b, rtcc_event_type_to_string (self->type));
  json_builder_set_member_name (b, "priority");
  json_builder_add_string_value (b, rtcc_priority_to_string (self->priority));
  json_builder_set_member_name (b, "occurred_at");
  json_builder_add_string_value (b, occurred);
  json_builder_set_member_name (b, "received_at");
  json_builder_add_string_value (b, received);
  json_builder_set_member_name (b, "version");
  json_builder_add_int_value (b, self->version);
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
  json_builder_set_member_name (b, "address");
  if (self->address != NULL)
    json_builder_add_string_value (b, self->address);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "title");
  json_builder_add_string_value (b, self->title);
  json_builder_set_member_name (b, "attributes");
  {
    JsonNode *attrs = json_node_new (JSON_NODE_OBJECT);
    json_node_set_object (attrs, self->attributes);
    json_builder_add_value (b, attrs);
  }
  json_builder_end_object (b);

  return json_builder_get_root (b);
}

char *
rtcc_event_to_json_string (RtccEvent *self)
{
  g_autoptr(JsonNode) node = rtcc_event_to_json (self);

  return rtcc_json_to_string (node, FALSE);
}

/* The members of an event document that make the event. */
typedef struct
{
  JsonNode *id;
  JsonNode *source;
  JsonNode *type;
  JsonNode *priority;
  JsonNode *occurred_at;
  JsonNode *received_at;
  JsonNode *version;
  JsonNode *location;
  JsonNode *address;
  JsonNode *title;
  JsonNode *attributes;
} EventFields;

static const struct
{
  const char *name;
  gsize       offset;
} event_fields[] = {
  { "id", G_STRUCT_OFFSET (EventFields, id) },
  { "source", G_STRUCT_OFFSET (EventFields, source) },
  { "type", G_STRUCT_OFFSET (EventFields, type) },
  { "priority", G_STRUCT_OFFSET (EventFields, priority) },
  { "occurred_at", G_STRUCT_OFFSET (EventFields, occurred_at) },
  { "received_at", G_STRUCT_OFFSET (EventFields, received_at) },
  { "version", G_STRUCT_OFFSET (EventFields, version) },
  { "location", G_STRUCT_OFFSET (EventFields, location) },
  { "address", G_STRUCT_OFFSET (EventFields, address) },
  { "title", G_STRUCT_OFFSET (EventFields, title) },
  { "attributes", G_STRUCT_OFFSET (EventFields, attributes) },
};

static JsonNode **
event_field (EventFields *fields,
             const char  *name)
{
  for (gsize i = 0; i < G_N_ELEMENTS (event_fields); i++)
    if (strcmp (event_fields[i].name, name) == 0)
      return G_STRUCT_MEMBER_P (fields, event_fields[i].offset);
  return NULL;
}

static RtccEvent *event_from_fields (const EventFields  *fields,
                                     gboolean            keep_attributes,
                                     GError            **error);

/**
 * rtcc_event_new_from_json:
 * @node: a normalized event as rtcc_event_to_json() writes it
 * @error: return location for a #GError in %RTCC_JSON_ERROR
 *
 * Returns: (transfer full): the event, or %NULL with @error set
 */
RtccEvent *
rtcc_event_new_from_json (JsonNode  *node,
                          GError   **error)
{
  EventFields fields = { 0 };
  JsonObject *obj;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_WRONG_SHAPE,
                   _("An event must be a JSON object"));
      return NULL;
    }
  obj = json_node_get_object (node);
  for (gsize i = 0; i < G_N_ELEMENTS (event_fields); i++)
    G_STRUCT_MEMBER (JsonNode *, &fields, event_fields[i].offset) =
      json_object_get_member (obj, event_fields[i].name);
  return event_from_fields (&fields, FALSE, error);
}

/* Keeps the members that make an event, as json-glib would: the last of
 * a repeated name. */
static gboolean
collect_field (const char *name,
               JsonNode   *value,
               gpointer    user_data)
{
  JsonNode **slot = event_field (user_data, name);

  if (slot == NULL)
    {
      json_node_unref (value);
      return TRUE;
    }
  g_clear_pointer (slot, json_node_unref);
  *slot = value;
  return TRUE;
}

static void
event_fields_clear (EventFields *fields)
{
  for (gsize i = 0; i < G_N_ELEMENTS (event_fields); i++)
    g_clear_pointer ((JsonNode **) G_STRUCT_MEMBER_P (fields, event_fields[i].offset), json_node_unref);
}

/**
 * rtcc_event_new_from_json_text:
 * @text: a normalized event as rtcc_event_to_json_string() writes it
 * @length: its length in bytes
 * @error: return location for a #GError in %RTCC_JSON_ERROR
 *
 * rtcc_event_new_from_json() from the text, for reading many events back
 * (the history): rtcc_json_read_quick_members() takes the document's
 * members without building a tree of it, and the event keeps the
 * attributes object as read instead of copying it, which together halve
 * the cost of an event. A document that reader does not take goes
 * through rtcc_json_parse(), which says what is wrong with it.
 *
 * Returns: (transfer full): the event, or %NULL with @error set
 */
RtccEvent *
rtcc_event_new_from_json_text (const char  *text,
                               gsize        length,
                               GError     **error)
{
  g_autoptr(JsonNode) node = NULL;
  EventFields fields = { 0 };
  RtccEvent *event;

  g_return_val_if_fail (text != NULL, NULL);

  if (length <= RTCC_JSON_MAX_DOCUMENT_BYTES && rtcc_json_read_quick_members (text, length, collect_field, &fields))
    {
      /* The attributes were read for this event alone and have no
       * parent: the event keeps them. */
      event = event_from_fields (&fields, TRUE, error);
      event_fields_clear (&fields);
      return event;
    }
  event_fields_clear (&fields);
  if ((node = rtcc_json_parse (text, length, error)) == NULL)
    return NULL;
  return rtcc_event_new_from_json (node, error);
}

static RtccEvent *
event_from_fields (const EventFields  *fields,
                   gboolean            keep_attributes,
                   GError            **error)
{
  g_autoptr(RtccEventBuilder) b = NULL;
  g_autoptr(GDateTime) occurred = NULL;
  g_autoptr(GDateTime) received = NULL;
  JsonObject *loc;
  JsonObject *attrs;
  const char *id, *colon, *source_nick, *type_nick, *priority_nick;
  int source, type, priority = RTCC_PRIORITY_NORMAL;
  gint64 version = 1;

  if (!(id = rtcc_json_node_require_string (fields->id, "id", error)) ||
      !(source_nick = rtcc_json_node_require_string (fields->source, "source", error)) ||
      !(type_nick = rtcc_json_node_require_string (fields->type, "type", error)))
    return NULL;
  if (!rtcc_enum_from_nick (RTCC_TYPE_SOURCE, source_nick, &source))
    {
      g_set_error (error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_INVALID_VALUE,
                   _("Unknown source “%.32s”"), source_nick);
      return NULL;
    }
  if (!rtcc_enum_from_nick (RTCC_TYPE_EVENT_TYPE, type_nick, &type))
    {
      g_set_error (error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_INVALID_VALUE,
                   _("Unknown event type “%.32s”"), type_nick);
      return NULL;
    }
  priority_nick = rtcc_json_node_get_string (fields->priority);
  if (priority_nick != NULL && !rtcc_enum_from_nick (RTCC_TYPE_PRIORITY, priority_nick, &priority))
    {
      g_set_error (error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_INVALID_VALUE,
                   _("Unknown priority “%.32s”"), priority_nick);
      return NULL;
    }

  colon = strchr (id, ':');
  if (colon == NULL || strncmp (id, source_nick, colon - id) != 0 ||
      (gsize) (colon - id) != strlen (source_nick))
    {
      g_set_error (error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_INVALID_VALUE,
                   _("Event id “%.64s” does not start with its source"), id);
      return NULL;
    }

  b = rtcc_event_builder_new (source, type, colon + 1);
  rtcc_event_builder_set_priority (b, priority);

  if (!(occurred = rtcc_time_parse_iso (rtcc_json_node_get_string (fields->occurred_at), error)))
    return NULL;
  rtcc_event_builder_set_occurred_at (b, occurred);
  if (rtcc_json_node_get_string (fields->received_at) != NULL)
    {
      if (!(received = rtcc_time_parse_iso (rtcc_json_node_get_string (fields->received_at), error)))
        return NULL;
      rtcc_event_builder_set_received_at (b, received);
    }

  if (rtcc_json_node_get_int (fields->version, "version", &version, error))
    {
      if (version < 1 || version > G_MAXUINT)
        {
          g_set_error (error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_INVALID_VALUE,
                       _("Event version %lld is out of range"), (long long) version);
          return NULL;
        }
      rtcc_event_builder_set_version (b, version);
    }
  else if (error != NULL && *error != NULL)
    return NULL;

  if ((loc = rtcc_json_node_get_object (fields->location)) != NULL)
    {
      double lat, lon;
      if (!rtcc_json_get_double (loc, "lat", &lat, error) ||
          !rtcc_json_get_double (loc, "lon", &lon, error))
        {
          if (error != NULL && *error == NULL)
            g_set_error (error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_MISSING_FIELD,
                         _("The location needs lat and lon"));
          return NULL;
        }
      rtcc_event_builder_set_location (b, lat, lon);
    }

  rtcc_event_builder_set_address (b, rtcc_json_node_get_string (fields->address));
  rtcc_event_builder_set_title (b, rtcc_json_node_get_string (fields->title));

  if ((attrs = rtcc_json_node_get_object (fields->attributes)) != NULL && keep_attributes)
    {
      json_object_unref (b->event->attributes);
      b->event->attributes = json_object_ref (attrs);
    }
  else if (attrs != NULL)
    {
      g_autoptr(GList) members = json_object_get_members (attrs);
      for (GList *l = members; l != NULL; l = l->next)
        rtcc_event_builder_set_member (b, l->data, json_object_get_member (attrs, l->data));
    }

  return rtcc_event_builder_end (g_steal_pointer (&b), error);
}

/**
 * rtcc_event_with_version:
 *
 * Returns: (transfer full): a copy of @self with another version number
 */
RtccEvent *
rtcc_event_with_version (RtccEvent *self,
                         guint      version)
{
  g_autoptr(JsonNode) node = rtcc_event_to_json (self);
  RtccEvent *copy = rtcc_event_new_from_json (node, NULL);

  g_return_val_if_fail (copy != NULL, NULL);
  copy->version = MAX (version, 1);
  return copy;
}

/**
 * rtcc_event_equal_content:
 *
 * Returns: %TRUE if both events say the same, apart from when they were
 *   received and their version
 */
gboolean
rtcc_event_equal_content (RtccEvent *a,
                          RtccEvent *b)
{
  g_autoptr(JsonNode) attrs_a = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonNode) attrs_b = json_node_new (JSON_NODE_OBJECT);

  if (g_strcmp0 (a->id, b->id) != 0 || a->type != b->type || a->priority != b->priority ||
      !g_date_time_equal (a->occurred_at, b->occurred_at) ||
      a->has_location != b->has_location ||
      (a->has_location && (a->lat != b->lat || a->lon != b->lon)) ||
      g_strcmp0 (a->address, b->address) != 0 || g_strcmp0 (a->title, b->title) != 0)
    return FALSE;

  json_node_set_object (attrs_a, a->attributes);
  json_node_set_object (attrs_b, b->attributes);
  return json_node_equal (attrs_a, attrs_b);
}
