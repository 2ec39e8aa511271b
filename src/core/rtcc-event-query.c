/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccEventQuery"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "rtcc-event-query.h"
#include "rtcc-event-store.h"
#include "rtcc-util.h"

/* Longer search text is cut: titles and addresses are at most 1 KiB. */
#define MAX_TEXT_CHARS 256

struct _RtccEventQuery
{
  GObject       parent_instance;

  GDateTime    *from;
  GDateTime    *to;
  GArray       *sources;
  GArray       *types;
  RtccPriority  min_priority;
  gboolean      has_bbox;
  double        south;
  double        west;
  double        north;
  double        east;
  char         *text;
  guint         limit;
  guint         offset;
};

G_DEFINE_FINAL_TYPE (RtccEventQuery, rtcc_event_query, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_MIN_PRIORITY,
  PROP_TEXT,
  PROP_LIMIT,
  PROP_OFFSET,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
rtcc_event_query_finalize (GObject *object)
{
  RtccEventQuery *self = (RtccEventQuery *) object;

  g_clear_pointer (&self->from, g_date_time_unref);
  g_clear_pointer (&self->to, g_date_time_unref);
  g_clear_pointer (&self->sources, g_array_unref);
  g_clear_pointer (&self->types, g_array_unref);
  g_clear_pointer (&self->text, g_free);

  G_OBJECT_CLASS (rtcc_event_query_parent_class)->finalize (object);
}

static void
rtcc_event_query_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  RtccEventQuery *self = RTCC_EVENT_QUERY (object);

  switch (prop_id)
    {
    case PROP_MIN_PRIORITY:
      g_value_set_enum (value, self->min_priority);
      break;
    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;
    case PROP_LIMIT:
      g_value_set_uint (value, self->limit);
      break;
    case PROP_OFFSET:
      g_value_set_uint (value, self->offset);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rtcc_event_query_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  RtccEventQuery *self = RTCC_EVENT_QUERY (object);

  switch (prop_id)
    {
    case PROP_MIN_PRIORITY:
      rtcc_event_query_set_min_priority (self, g_value_get_enum (value));
      break;
    case PROP_TEXT:
      rtcc_event_query_set_text (self, g_value_get_string (value));
      break;
    case PROP_LIMIT:
      rtcc_event_query_set_limit (self, g_value_get_uint (value));
      break;
    case PROP_OFFSET:
      rtcc_event_query_set_offset (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rtcc_event_query_class_init (RtccEventQueryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rtcc_event_query_finalize;
  object_class->get_property = rtcc_event_query_get_property;
  object_class->set_property = rtcc_event_query_set_property;

  properties[PROP_MIN_PRIORITY] =
    g_param_spec_enum ("min-priority", NULL, NULL,
                       RTCC_TYPE_PRIORITY, RTCC_PRIORITY_LOW,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_LIMIT] =
    g_param_spec_uint ("limit", NULL, NULL, 1, RTCC_EVENT_QUERY_MAX_LIMIT, 500,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_OFFSET] =
    g_param_spec_uint ("offset", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rtcc_event_query_init (RtccEventQuery *self)
{
  self->sources = g_array_new (FALSE, FALSE, sizeof (int));
  self->types = g_array_new (FALSE, FALSE, sizeof (int));
  self->min_priority = RTCC_PRIORITY_LOW;
  self->limit = 500;
}

/**
 * rtcc_event_query_new:
 *
 * A query that matches every event, newest first, 500 at a time. Each
 * setter narrows it.
 *
 * Returns: (transfer full): a new query
 */
RtccEventQuery *
rtcc_event_query_new (void)
{
  return g_object_new (RTCC_TYPE_EVENT_QUERY, NULL);
}

/**
 * rtcc_event_query_set_time_range:
 * @from: (nullable): earliest time of occurrence, included
 * @to: (nullable): latest time of occurrence, excluded
 */
void
rtcc_event_query_set_time_range (RtccEventQuery *self,
                                 GDateTime      *from,
                                 GDateTime      *to)
{
  g_return_if_fail (RTCC_IS_EVENT_QUERY (self));

  g_clear_pointer (&self->from, g_date_time_unref);
  g_clear_pointer (&self->to, g_date_time_unref);
  if (from != NULL)
    self->from = g_date_time_ref (from);
  if (to != NULL)
    self->to = g_date_time_ref (to);
}

GDateTime *
rtcc_event_query_get_from (RtccEventQuery *self)
{
  g_return_val_if_fail (RTCC_IS_EVENT_QUERY (self), NULL);
  return self->from;
}

GDateTime *
rtcc_event_query_get_to (RtccEventQuery *self)
{
  g_return_val_if_fail (RTCC_IS_EVENT_QUERY (self), NULL);
  return self->to;
}

static void
add_unique (GArray *array,
            int     value)
{
  for (guint i = 0; i < array->len; i++)
    if (g_array_index (array, int, i) == value)
      return;
  g_array_append_val (array, value);
}

/**
 * rtcc_event_query_add_source:
 *
 * Restricts the query to the sources added so far; with none added, every
 * source matches.
 */
void
rtcc_event_query_add_source (RtccEventQuery *self,
                             RtccSource      source)
{
  g_return_if_fail (RTCC_IS_EVENT_QUERY (self));
  add_unique (self->sources, source);
}

/**
 * rtcc_event_query_get_sources:
 *
 * Returns: (transfer none) (element-type int): the sources, empty for all
 */
GArray *
rtcc_event_query_get_sources (RtccEventQuery *self)
{
  g_return_val_if_fail (RTCC_IS_EVENT_QUERY (self), NULL);
  return self->sources;
}

/**
 * rtcc_event_query_add_type:
 *
 * Restricts the query to the types added so far; with none added, every
 * type matches.
 */
void
rtcc_event_query_add_type (RtccEventQuery *self,
                           RtccEventType   type)
{
  g_return_if_fail (RTCC_IS_EVENT_QUERY (self));
  add_unique (self->types, type);
}

/**
 * rtcc_event_query_get_types:
 *
 * Returns: (transfer none) (element-type int): the types, empty for all
 */
GArray *
rtcc_event_query_get_types (RtccEventQuery *self)
{
  g_return_val_if_fail (RTCC_IS_EVENT_QUERY (self), NULL);
  return self->types;
}

void
rtcc_event_query_set_min_priority (RtccEventQuery *self,
                                   RtccPriority    priority)
{
  g_return_if_fail (RTCC_IS_EVENT_QUERY (self));

  if (self->min_priority == priority)
    return;
  self->min_priority = priority;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MIN_PRIORITY]);
}

RtccPriority
rtcc_event_query_get_min_priority (RtccEventQuery *self)
{
  g_return_val_if_fail (RTCC_IS_EVENT_QUERY (self), RTCC_PRIORITY_LOW);
  return self->min_priority;
}

/**
 * rtcc_event_query_set_bbox:
 *
 * Restricts the query to events located inside the box, edges included.
 * Events without a location never match a box. Checked by
 * rtcc_event_query_validate(), since a box that crosses the antimeridian
 * is not something a city needs.
 */
void
rtcc_event_query_set_bbox (RtccEventQuery *self,
                           double          south,
                           double          west,
                           double          north,
                           double          east)
{
  g_return_if_fail (RTCC_IS_EVENT_QUERY (self));

  self->has_bbox = TRUE;
  self->south = south;
  self->west = west;
  self->north = north;
  self->east = east;
}

gboolean
rtcc_event_query_get_bbox (RtccEventQuery *self,
                           double         *south,
                           double         *west,
                           double         *north,
                           double         *east)
{
  g_return_val_if_fail (RTCC_IS_EVENT_QUERY (self), FALSE);

  if (!self->has_bbox)
    return FALSE;
  if (south != NULL)
    *south = self->south;
  if (west != NULL)
    *west = self->west;
  if (north != NULL)
    *north = self->north;
  if (east != NULL)
    *east = self->east;
  return TRUE;
}

void
rtcc_event_query_clear_bbox (RtccEventQuery *self)
{
  g_return_if_fail (RTCC_IS_EVENT_QUERY (self));
  self->has_bbox = FALSE;
}

/**
 * rtcc_event_query_set_text:
 * @text: (nullable): text to find in the title or address, ignoring ASCII case
 */
void
rtcc_event_query_set_text (RtccEventQuery *self,
                           const char     *text)
{
  g_autofree char *clean = NULL;

  g_return_if_fail (RTCC_IS_EVENT_QUERY (self));

  if (text != NULL)
    {
      g_autofree char *valid = g_utf8_make_valid (text, -1);
      g_autofree char *stripped = g_strstrip (g_strdup (valid));

      if (*stripped != '\0')
        clean = g_utf8_substring (stripped, 0, MIN (g_utf8_strlen (stripped, -1), MAX_TEXT_CHARS));
    }
  if (rtcc_set_str (&self->text, clean))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
}

const char *
rtcc_event_query_get_text (RtccEventQuery *self)
{
  g_return_val_if_fail (RTCC_IS_EVENT_QUERY (self), NULL);
  return self->text;
}

/**
 * rtcc_event_query_set_limit:
 * @limit: how many events at most, 1 to %RTCC_EVENT_QUERY_MAX_LIMIT
 */
void
rtcc_event_query_set_limit (RtccEventQuery *self,
                            guint           limit)
{
  g_return_if_fail (RTCC_IS_EVENT_QUERY (self));

  limit = CLAMP (limit, 1, RTCC_EVENT_QUERY_MAX_LIMIT);
  if (self->limit == limit)
    return;
  self->limit = limit;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LIMIT]);
}

guint
rtcc_event_query_get_limit (RtccEventQuery *self)
{
  g_return_val_if_fail (RTCC_IS_EVENT_QUERY (self), 0);
  return self->limit;
}

/**
 * rtcc_event_query_set_offset:
 * @offset: how many matching events to skip, for paging
 */
void
rtcc_event_query_set_offset (RtccEventQuery *self,
                             guint           offset)
{
  g_return_if_fail (RTCC_IS_EVENT_QUERY (self));

  if (self->offset == offset)
    return;
  self->offset = offset;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OFFSET]);
}

guint
rtcc_event_query_get_offset (RtccEventQuery *self)
{
  g_return_val_if_fail (RTCC_IS_EVENT_QUERY (self), 0);
  return self->offset;
}

/**
 * rtcc_event_query_validate:
 * @error: return location for a #GError in %RTCC_STORE_ERROR
 *
 * Backends call this before running a query, so every backend refuses the
 * same nonsense with the same message.
 *
 * Returns: %TRUE if the query can run
 */
gboolean
rtcc_event_query_validate (RtccEventQuery  *self,
                           GError         **error)
{
  g_return_val_if_fail (RTCC_IS_EVENT_QUERY (self), FALSE);

  if (self->from != NULL && self->to != NULL && g_date_time_compare (self->from, self->to) > 0)
    {
      g_set_error (error, RTCC_STORE_ERROR, RTCC_STORE_ERROR_INVALID,
                   _("The time range ends before it starts; swap the two times"));
      return FALSE;
    }
  if (self->has_bbox &&
      (!isfinite (self->south) || !isfinite (self->north) ||
       !isfinite (self->west) || !isfinite (self->east) ||
       self->south < -90.0 || self->north > 90.0 || self->south > self->north ||
       self->west < -180.0 || self->east > 180.0 || self->west > self->east))
    {
      g_set_error (error, RTCC_STORE_ERROR, RTCC_STORE_ERROR_INVALID,
                   _("The map area (%.4f, %.4f)–(%.4f, %.4f) is not a valid box; "
                     "south must be below north and west left of east"),
                   self->south, self->west, self->north, self->east);
      return FALSE;
    }
  return TRUE;
}
