/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccFlock"

#include "config.h"

#include <glib/gi18n.h>

#include "rtcc-flock-normalize.h"
#include "rtcc-json.h"
#include "rtcc-normalize.h"
#include "rtcc-plate.h"
#include "rtcc-time.h"

G_DEFINE_BOXED_TYPE (RtccFlockHotlist, rtcc_flock_hotlist,
                     rtcc_flock_hotlist_copy, rtcc_flock_hotlist_free)
G_DEFINE_BOXED_TYPE (RtccFlockHotlistEntry, rtcc_flock_hotlist_entry,
                     rtcc_flock_hotlist_entry_copy, rtcc_flock_hotlist_entry_free)

RtccFlockHotlist *
rtcc_flock_hotlist_copy (const RtccFlockHotlist *hotlist)
{
  RtccFlockHotlist *copy = g_new0 (RtccFlockHotlist, 1);

  copy->id = g_strdup (hotlist->id);
  copy->name = g_strdup (hotlist->name);
  copy->type = g_strdup (hotlist->type);
  copy->entry_count = hotlist->entry_count;
  return copy;
}

void
rtcc_flock_hotlist_free (RtccFlockHotlist *hotlist)
{
  if (hotlist == NULL)
    return;
  g_free (hotlist->id);
  g_free (hotlist->name);
  g_free (hotlist->type);
  g_free (hotlist);
}

RtccFlockHotlistEntry *
rtcc_flock_hotlist_entry_copy (const RtccFlockHotlistEntry *entry)
{
  RtccFlockHotlistEntry *copy = g_new0 (RtccFlockHotlistEntry, 1);

  copy->plate = g_strdup (entry->plate);
  copy->state = g_strdup (entry->state);
  copy->reason = g_strdup (entry->reason);
  copy->case_number = g_strdup (entry->case_number);
  copy->expires_at = entry->expires_at ? g_date_time_ref (entry->expires_at) : NULL;
  copy->created_at = entry->created_at ? g_date_time_ref (entry->created_at) : NULL;
  copy->created_by = g_strdup (entry->created_by);
  return copy;
}

void
rtcc_flock_hotlist_entry_free (RtccFlockHotlistEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->plate);
  g_free (entry->state);
  g_free (entry->reason);
  g_free (entry->case_number);
  g_clear_pointer (&entry->expires_at, g_date_time_unref);
  g_clear_pointer (&entry->created_at, g_date_time_unref);
  g_free (entry->created_by);
  g_free (entry);
}

/* Flock sends `{"value": ..., "confidence": ...}` for plate and state; a
 * bare string is accepted too, as older firmware sends one. */
static char *
dup_value (JsonObject *object,
           const char *member,
           double     *confidence,
           gboolean   *has_confidence)
{
  JsonObject *inner = rtcc_json_get_object (object, member);

  *has_confidence = FALSE;
  if (inner == NULL)
    return rtcc_json_dup_string_lenient (object, member);
  if (rtcc_json_get_double (inner, "confidence", confidence, NULL) &&
      *confidence >= 0.0 && *confidence <= 1.0)
    *has_confidence = TRUE;
  return rtcc_json_dup_string_lenient (inner, "value");
}

static void
set_confidence (RtccEventBuilder *b,
                const char       *name,
                double            value,
                gboolean          has)
{
  if (has)
    rtcc_event_builder_set_double (b, name, value);
  else
    rtcc_event_builder_set_member (b, name, NULL);
}

/* "silver Toyota Camry", from whatever the camera recognised. */
static char *
describe_vehicle (const char *color,
                  const char *make,
                  const char *model)
{
  const char *parts[] = { color, make, model };
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    if (parts[i] != NULL && *parts[i] != '\0')
      g_string_append_printf (s, "%s%s", s->len ? " " : "", parts[i]);
  if (s->len == 0)
    {
      g_string_free (s, TRUE);
      return NULL;
    }
  return g_string_free (s, FALSE);
}

typedef struct
{
  char *plate;
  char *state;
  char *vehicle;
} ReadSummary;

static void
read_summary_clear (ReadSummary *summary)
{
  g_clear_pointer (&summary->plate, g_free);
  g_clear_pointer (&summary->state, g_free);
  g_clear_pointer (&summary->vehicle, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ReadSummary, read_summary_clear)

/* Fills what reads and hits share: time, place, plate and vehicle. A
 * hit's read may come without an id of its own. */
static gboolean
fill_read (RtccEventBuilder  *b,
           JsonObject        *read,
           const char        *read_id,
           ReadSummary       *summary,
           GError           **error)
{
  g_autoptr(GDateTime) at = NULL;
  g_autofree char *raw_plate = NULL;
  g_autofree char *state = NULL;
  g_autofree char *camera_id = NULL;
  JsonObject *vehicle = rtcc_json_get_object (read, "vehicle");
  JsonObject *device = rtcc_json_get_object (read, "device");
  JsonObject *location = rtcc_json_get_object (device, "location");
  const char *make = rtcc_json_get_string (vehicle, "make");
  const char *model = rtcc_json_get_string (vehicle, "model");
  const char *color = rtcc_json_get_string (vehicle, "color");
  double plate_conf = 0, state_conf = 0, lat, lon;
  gboolean has_plate_conf, has_state_conf, has_lat, has_lon;

  raw_plate = dup_value (read, "plate", &plate_conf, &has_plate_conf);
  summary->plate = rtcc_plate_normalize (raw_plate);
  if (summary->plate == NULL)
    {
      if (read_id != NULL)
        g_set_error (error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_MISSING_FIELD,
                     _("read %s has no plate"), read_id);
      else
        g_set_error (error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_MISSING_FIELD,
                     _("the read has no plate"));
      return FALSE;
    }
  if (!(at = rtcc_time_parse_iso (rtcc_json_get_string (read, "capturedAt"), error)))
    return FALSE;

  state = dup_value (read, "state", &state_conf, &has_state_conf);
  if (state != NULL && *state != '\0')
    summary->state = g_utf8_strup (state, -1);
  summary->vehicle = describe_vehicle (color, make, model);

  has_lat = rtcc_json_get_double (location, "lat", &lat, error);
  if (!has_lat && error != NULL && *error != NULL)
    return FALSE;
  has_lon = rtcc_json_get_double (location, "lon", &lon, error);
  if (!has_lon && error != NULL && *error != NULL)
    return FALSE;
  if (has_lat && has_lon)
    rtcc_event_builder_set_location (b, lat, lon);

  rtcc_event_builder_set_occurred_at (b, at);
  rtcc_event_builder_set_string (b, "read_id", read_id);
  rtcc_event_builder_set_string (b, "plate_number", summary->plate);
  rtcc_event_builder_set_string (b, "plate_state", summary->state);
  set_confidence (b, "plate_confidence", plate_conf, has_plate_conf);
  set_confidence (b, "state_confidence", state_conf, has_state_conf);
  rtcc_event_builder_set_string (b, "vehicle_make", make);
  rtcc_event_builder_set_string (b, "vehicle_model", model);
  rtcc_event_builder_set_string (b, "vehicle_color", color);
  rtcc_event_builder_set_string (b, "vehicle_type", rtcc_json_get_string (vehicle, "type"));
  camera_id = rtcc_json_dup_string_lenient (device, "id");
  rtcc_event_builder_set_string (b, "camera_id", camera_id);
  rtcc_event_builder_set_string (b, "camera_name", rtcc_json_get_string (device, "name"));
  rtcc_event_builder_set_string (b, "image_url", rtcc_json_get_string (read, "imageUrl"));
  rtcc_event_builder_set_string (b, "direction", rtcc_json_get_string (read, "direction"));
  /* The camera's name is where the read happened, as far as the analyst is concerned. */
  rtcc_event_builder_set_address (b, rtcc_json_get_string (device, "name"));
  return TRUE;
}

/**
 * rtcc_flock_normalize_read:
 * @read: a Flock plate read
 *
 * The plate is normalized (upper case, no separators); vehicle fields the
 * camera did not recognise stay null.
 *
 * Returns: (transfer full) (nullable): an `lpr_read` event
 */
RtccEvent *
rtcc_flock_normalize_read (JsonObject  *read,
                           gpointer     user_data,
                           GError     **error)
{
  g_autoptr(RtccEventBuilder) b = NULL;
  g_auto(ReadSummary) summary = { 0 };
  g_autofree char *id = rtcc_json_dup_string_lenient (read, "id");
  g_autofree char *title = NULL;

  if (id == NULL || *id == '\0')
    {
      g_set_error (error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_MISSING_FIELD, _("“id” is missing"));
      return NULL;
    }
  b = rtcc_event_builder_new (RTCC_SOURCE_FLOCK, RTCC_EVENT_TYPE_LPR_READ, id);
  if (!fill_read (b, read, id, &summary, error))
    return NULL;

  rtcc_event_builder_set_priority (b, RTCC_PRIORITY_LOW);
  if (summary.state != NULL && summary.vehicle != NULL)
    /* Translators: plate, state and vehicle, e.g. "ABC1234 (IL) — silver Toyota Camry" */
    title = g_strdup_printf (_("%s (%s) — %s"), summary.plate, summary.state, summary.vehicle);
  else if (summary.state != NULL)
    title = g_strdup_printf (_("%s (%s)"), summary.plate, summary.state);
  else if (summary.vehicle != NULL)
    title = g_strdup_printf (_("%s — %s"), summary.plate, summary.vehicle);
  else
    title = g_strdup (summary.plate);
  rtcc_event_builder_set_title (b, title);
  return rtcc_event_builder_end (g_steal_pointer (&b), error);
}

static RtccPriority
priority_for_hotlist (const char *type)
{
  /* A child in danger or an armed suspect outranks a stolen car. */
  if (g_strcmp0 (type, "amber_alert") == 0 || g_strcmp0 (type, "wanted") == 0)
    return RTCC_PRIORITY_CRITICAL;
  return RTCC_PRIORITY_HIGH;
}

/* Nested vendor text gets the cleaning the event builder gives attributes:
 * valid UTF-8, at most 1 KiB. */
static void
add_text (JsonBuilder *jb,
          const char  *value)
{
  g_autofree char *valid = NULL;
  g_autofree char *cut = NULL;

  if (value == NULL)
    {
      json_builder_add_null_value (jb);
      return;
    }
  valid = g_utf8_make_valid (value, -1);
  cut = g_utf8_substring (valid, 0, MIN (g_utf8_strlen (valid, -1), 1024));
  json_builder_add_string_value (jb, cut);
}

static JsonNode *
build_match (JsonObject *hotlist,
             JsonObject *entry,
             JsonArray  *sources)
{
  g_autoptr(JsonBuilder) jb = json_builder_new ();
  g_autofree char *hotlist_id = rtcc_json_dup_string_lenient (hotlist, "id");
  g_autofree char *entry_plate = rtcc_plate_normalize (rtcc_json_get_string (entry, "plate"));
  g_autofree char *case_number = rtcc_json_dup_string_lenient (entry, "caseNumber");
  const struct { const char *name; const char *value; } members[] = {
    { "hotlist_id", hotlist_id },
    { "hotlist_name", rtcc_json_get_string (hotlist, "name") },
    { "hotlist_type", rtcc_json_get_string (hotlist, "type") },
    { "entry_plate", entry_plate },
    { "reason", rtcc_json_get_string (entry, "reason") },
    { "case_number", case_number },
  };
  guint n = sources ? json_array_get_length (sources) : 0;

  json_builder_begin_object (jb);
  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    {
      json_builder_set_member_name (jb, members[i].name);
      add_text (jb, members[i].value);
    }
  json_builder_set_member_name (jb, "sources");
  json_builder_begin_array (jb);
  /* Hit sources are a short list (NCIC, state, local); more is noise. */
  for (guint i = 0; i < MIN (n, 32); i++)
    {
      JsonNode *node = json_array_get_element (sources, i);
      JsonObject *source;
      g_autofree char *name = NULL;
      g_autofree char *reason = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      source = json_node_get_object (node);
      name = rtcc_json_dup_string_lenient (source, "name");
      reason = rtcc_json_dup_string_lenient (source, "reason");
      json_builder_begin_object (jb);
      json_builder_set_member_name (jb, "name");
      add_text (jb, name);
      json_builder_set_member_name (jb, "reason");
      add_text (jb, reason);
      json_builder_end_object (jb);
    }
  json_builder_end_array (jb);
  json_builder_end_object (jb);
  return json_builder_get_root (jb);
}

/**
 * rtcc_flock_normalize_hit:
 * @hit: a Flock hotlist hit
 *
 * The read it carries gives time, place and plate; the hotlist, the entry
 * and the sources go to the `hotlist_match` attribute.
 *
 * Returns: (transfer full) (nullable): an `lpr_hit` event
 */
RtccEvent *
rtcc_flock_normalize_hit (JsonObject  *hit,
                          gpointer     user_data,
                          GError     **error)
{
  g_autoptr(RtccEventBuilder) b = NULL;
  g_auto(ReadSummary) summary = { 0 };
  g_autoptr(JsonNode) match = NULL;
  g_autofree char *id = rtcc_json_dup_string_lenient (hit, "id");
  g_autofree char *vendor_id = NULL;
  g_autofree char *read_id = NULL;
  g_autofree char *title = NULL;
  JsonObject *read = rtcc_json_get_object (hit, "read");
  JsonObject *hotlist = rtcc_json_get_object (hit, "hotlist");
  JsonObject *entry = rtcc_json_get_object (hit, "entry");
  const char *hotlist_name = rtcc_json_get_string (hotlist, "name");

  if (id == NULL || *id == '\0')
    {
      g_set_error (error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_MISSING_FIELD, _("“id” is missing"));
      return NULL;
    }
  if (read == NULL)
    {
      g_set_error (error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_MISSING_FIELD,
                   _("hit %s has no read"), id);
      return NULL;
    }
  read_id = rtcc_json_dup_string_lenient (read, "id");

  vendor_id = g_strconcat ("hit-", id, NULL);
  b = rtcc_event_builder_new (RTCC_SOURCE_FLOCK, RTCC_EVENT_TYPE_LPR_HIT, vendor_id);
  if (!fill_read (b, read, read_id, &summary, error))
    return NULL;

  rtcc_event_builder_set_string (b, "hit_id", id);
  rtcc_event_builder_set_priority (b, priority_for_hotlist (rtcc_json_get_string (hotlist, "type")));
  match = build_match (hotlist, entry, rtcc_json_get_array (hit, "sources"));
  rtcc_event_builder_set_member (b, "hotlist_match", match);
  if (hotlist_name != NULL && *hotlist_name != '\0')
    /* Translators: plate and hotlist, e.g. "Hotlist hit: ABC1234 — Stolen vehicles" */
    title = g_strdup_printf (_("Hotlist hit: %s — %s"), summary.plate, hotlist_name);
  else
    title = g_strdup_printf (_("Hotlist hit: %s"), summary.plate);
  rtcc_event_builder_set_title (b, title);
  return rtcc_event_builder_end (g_steal_pointer (&b), error);
}

/**
 * rtcc_flock_normalize_document:
 * @document: a reads page, a hits page, one read, one hit or a stream
 *   message
 * @item_errors: (out) (optional) (element-type GError): items skipped
 * @cursor: (out) (optional) (nullable): `nextPageId` of a reads page, the
 *   `cursor` of a hits page or of a streamed hit
 *
 * Returns: (transfer container) (element-type RtccEvent): the events, or
 *   %NULL with @error for a document that is none of these
 */
GPtrArray *
rtcc_flock_normalize_document (JsonNode   *document,
                               GPtrArray **item_errors,
                               char      **cursor,
                               GError    **error)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) errors = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
  JsonObject *obj;
  JsonArray *items;

  if (cursor != NULL)
    *cursor = NULL;
  if (document == NULL || !JSON_NODE_HOLDS_OBJECT (document))
    {
      g_set_error (error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_WRONG_SHAPE,
                   _("A Flock document must be a JSON object"));
      return NULL;
    }
  obj = json_node_get_object (document);

  if ((items = rtcc_json_get_array (obj, "reads")) != NULL)
    {
      rtcc_normalize_array (items, rtcc_flock_normalize_read, NULL, events, errors);
      if (cursor != NULL)
        *cursor = rtcc_json_dup_string_lenient (obj, "nextPageId");
    }
  else if ((items = rtcc_json_get_array (obj, "hits")) != NULL)
    {
      rtcc_normalize_array (items, rtcc_flock_normalize_hit, NULL, events, errors);
      if (cursor != NULL)
        *cursor = rtcc_json_dup_string_lenient (obj, "cursor");
    }
  else if (json_object_has_member (obj, "read") || json_object_has_member (obj, "hotlist"))
    {
      rtcc_normalize_one (document, 0, rtcc_flock_normalize_hit, NULL, events, errors);
      if (cursor != NULL)
        *cursor = rtcc_json_dup_string_lenient (obj, "cursor");
    }
  else if (json_object_has_member (obj, "plate") || json_object_has_member (obj, "capturedAt"))
    rtcc_normalize_one (document, 0, rtcc_flock_normalize_read, NULL, events, errors);
  else if (g_strcmp0 (rtcc_json_get_string (obj, "type"), "heartbeat") == 0 ||
           g_strcmp0 (rtcc_json_get_string (obj, "kind"), "heartbeat") == 0)
    {
      /* Keep-alives carry the cursor, so a quiet stream still resumes right. */
      if (cursor != NULL)
        *cursor = rtcc_json_dup_string_lenient (obj, "cursor");
    }
  else
    {
      g_set_error (error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_WRONG_SHAPE,
                   _("Not a Flock read, hit, page of either, or stream message"));
      return NULL;
    }

  if (item_errors != NULL)
    *item_errors = g_steal_pointer (&errors);
  return g_steal_pointer (&events);
}

/**
 * rtcc_flock_parse_hotlist:
 * @object: one hotlist of `GET /hotlists`
 *
 * Returns: (transfer full) (nullable): the hotlist
 */
RtccFlockHotlist *
rtcc_flock_parse_hotlist (JsonObject  *object,
                          GError     **error)
{
  g_autoptr(RtccFlockHotlist) hotlist = g_new0 (RtccFlockHotlist, 1);
  const char *name = rtcc_json_get_string (object, "name");

  hotlist->id = rtcc_json_dup_string_lenient (object, "id");
  if (hotlist->id == NULL || *hotlist->id == '\0')
    {
      g_set_error (error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_MISSING_FIELD, _("“id” is missing"));
      return NULL;
    }
  hotlist->name = g_utf8_make_valid (name ? name : hotlist->id, -1);
  hotlist->type = g_strdup (rtcc_json_get_string (object, "type") ?: "custom");
  hotlist->entry_count = -1;
  if (!rtcc_json_get_int (object, "entryCount", &hotlist->entry_count, NULL) ||
      hotlist->entry_count < 0)
    hotlist->entry_count = -1;
  return g_steal_pointer (&hotlist);
}

/**
 * rtcc_flock_parse_hotlist_entry:
 * @object: one entry of a hotlist
 *
 * Returns: (transfer full) (nullable): the entry
 */
RtccFlockHotlistEntry *
rtcc_flock_parse_hotlist_entry (JsonObject  *object,
                                GError     **error)
{
  g_autoptr(RtccFlockHotlistEntry) entry = g_new0 (RtccFlockHotlistEntry, 1);
  g_autofree char *state = rtcc_json_dup_string_lenient (object, "state");
  g_autofree char *reason = rtcc_json_dup_string_lenient (object, "reason");
  const char *expires = rtcc_json_get_string (object, "expiresAt");
  const char *created;

  entry->plate = rtcc_plate_normalize (rtcc_json_get_string (object, "plate"));
  if (entry->plate == NULL)
    {
      g_set_error (error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_MISSING_FIELD, _("“plate” is missing"));
      return NULL;
    }
  entry->state = state && *state ? g_utf8_strup (state, -1) : NULL;
  entry->reason = reason ? g_utf8_make_valid (reason, -1) : NULL;
  entry->case_number = rtcc_json_dup_string_lenient (object, "caseNumber");
  if (expires != NULL && !(entry->expires_at = rtcc_time_parse_iso (expires, error)))
    return NULL;
  /* Only shown to the analyst: a bad time there costs the column, not
   * the entry. */
  if ((created = rtcc_json_get_string (object, "createdAt")) != NULL)
    entry->created_at = rtcc_time_parse_iso (created, NULL);
  entry->created_by = rtcc_json_dup_string_lenient (object, "createdBy");
  return g_steal_pointer (&entry);
}

typedef gpointer (*ParseFunc) (JsonObject *object, GError **error);

static GPtrArray *
parse_list (JsonNode        *document,
            const char      *member,
            ParseFunc        parse,
            GDestroyNotify   free_func,
            GPtrArray      **item_errors,
            GError         **error)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (free_func);
  g_autoptr(GPtrArray) errors = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
  JsonArray *array = NULL;

  if (document != NULL && JSON_NODE_HOLDS_OBJECT (document))
    array = rtcc_json_get_array (json_node_get_object (document), member);
  else if (document != NULL && JSON_NODE_HOLDS_ARRAY (document))
    array = json_node_get_array (document);
  if (array == NULL)
    {
      g_set_error (error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_WRONG_SHAPE,
                   _("Flock did not send a list of “%s”"), member);
      return NULL;
    }
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      g_autoptr(GError) item_error = NULL;
      gpointer item = NULL;

      if (JSON_NODE_HOLDS_OBJECT (node))
        item = parse (json_node_get_object (node), &item_error);
      else
        g_set_error (&item_error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_WRONG_SHAPE, _("not an object"));
      if (item != NULL)
        g_ptr_array_add (items, item);
      else
        g_ptr_array_add (errors, g_error_new (item_error->domain, item_error->code,
                                              _("item %u: %s"), i, item_error->message));
    }
  if (item_errors != NULL)
    *item_errors = g_steal_pointer (&errors);
  return g_steal_pointer (&items);
}

/**
 * rtcc_flock_parse_hotlists:
 * @document: the answer to `GET /hotlists`
 * @item_errors: (out) (optional) (element-type GError): items skipped
 *
 * Returns: (transfer container) (element-type RtccFlockHotlist): the hotlists
 */
GPtrArray *
rtcc_flock_parse_hotlists (JsonNode   *document,
                           GPtrArray **item_errors,
                           GError    **error)
{
  return parse_list (document, "hotlists", (ParseFunc) rtcc_flock_parse_hotlist,
                     (GDestroyNotify) rtcc_flock_hotlist_free, item_errors, error);
}

/**
 * rtcc_flock_parse_hotlist_entries:
 * @document: the answer to `GET /hotlists/{id}/entries`
 * @item_errors: (out) (optional) (element-type GError): items skipped
 *
 * Returns: (transfer container) (element-type RtccFlockHotlistEntry): the entries
 */
GPtrArray *
rtcc_flock_parse_hotlist_entries (JsonNode   *document,
                                  GPtrArray **item_errors,
                                  GError    **error)
{
  return parse_list (document, "entries", (ParseFunc) rtcc_flock_parse_hotlist_entry,
                     (GDestroyNotify) rtcc_flock_hotlist_entry_free, item_errors, error);
}
