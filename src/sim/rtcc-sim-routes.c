/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccSim"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gstdio.h>

#include "rtcc-sim-private.h"

#define USEC ((gint64) G_USEC_PER_SEC)
#define TOKEN_LIFETIME_S 3600
#define MEDIA_URL_LIFETIME_S 300

static const char *certified_operators[] = { "OP-1001", "OP-1002", "OP-1003" };

/* Helpers ----------------------------------------------------------------- */

typedef struct
{
  char  **parts;
  guint   n;
  const char *method;
} Route;

static void
route_init (Route      *r,
            SimRequest *req)
{
  const char *sub = req->sub[0] == '/' ? req->sub + 1 : req->sub;

  r->parts = g_strsplit (sub, "/", 0);
  r->n = g_strv_length (r->parts);
  /* A trailing slash is not a segment of its own. */
  if (r->n > 0 && r->parts[r->n - 1][0] == '\0')
    {
      g_free (r->parts[r->n - 1]);
      r->parts[--r->n] = NULL;
    }
  r->method = soup_server_message_get_method (req->msg);
}

static void
route_clear (Route *r)
{
  g_strfreev (r->parts);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Route, route_clear)

/* Does the path match? "*" matches any one segment. */
static gboolean
route_is (Route      *r,
          const char *method,
          ...)
{
  va_list ap;
  const char *seg;
  guint i = 0;
  gboolean ok = TRUE;

  if (method && !g_str_equal (method, r->method))
    return FALSE;
  va_start (ap, method);
  while ((seg = va_arg (ap, const char *)) != NULL)
    {
      if (i >= r->n || (!g_str_equal (seg, "*") && !g_str_equal (seg, r->parts[i])))
        ok = FALSE;
      i++;
    }
  va_end (ap);
  return ok && i == r->n;
}

static JsonNode *
wrap (const char *key,
      JsonNode   *value)
{
  JsonObject *o = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_member (o, key, value);
  json_node_take_object (node, o);
  return node;
}

static JsonNode *
wrap_array (const char *key,
            JsonArray  *array)
{
  JsonNode *n = json_node_new (JSON_NODE_ARRAY);

  json_node_take_array (n, array);
  return wrap (key, n);
}

static void
not_found (SimRequest *req,
           const char *what)
{
  g_autofree char *m = g_strdup_printf ("%s was not found.", what);
  sim_reply_error (req, 404, "NOT_FOUND", m);
}

static void
no_route (SimRequest *req)
{
  sim_reply_error (req, 404, "NOT_FOUND", "No such endpoint; see the vendor's API reference.");
}

static gboolean
header_is (SimRequest *req,
           const char *name,
           const char *expected)
{
  return g_strcmp0 (sim_request_header (req, name), expected) == 0;
}

static gboolean
require_bearer_key (SimRequest *req,
                    const char *key,
                    const char *vendor_label,
                    const char *variable)
{
  const char *auth = sim_request_header (req, "Authorization");
  g_autofree char *expected = g_strdup_printf ("Bearer %s", key);

  if (g_strcmp0 (auth, expected) != 0)
    {
      g_autofree char *m = g_strdup_printf ("%s refused the API key. Check %s.", vendor_label, variable);
      sim_reply_error (req, 401, "UNAUTHORIZED", m);
      return FALSE;
    }
  return TRUE;
}

static gboolean
require_agency (SimRequest *req)
{
  const char *agency = sim_request_header (req, "X-Agency-Id");

  if (agency == NULL)
    {
      sim_reply_error (req, 400, "AGENCY_REQUIRED", "The X-Agency-Id header is required.");
      return FALSE;
    }
  if (!g_str_equal (agency, SIM_AGENCY_ID))
    {
      sim_reply_error (req, 403, "FORBIDDEN", "This API key does not belong to that agency.");
      return FALSE;
    }
  return TRUE;
}

static gboolean
is_upgrade (SimRequest *req)
{
  const char *upgrade = sim_request_header (req, "Upgrade");
  return upgrade && g_ascii_strcasecmp (upgrade, "websocket") == 0;
}

static void
stream_endpoint (SimRequest *req)
{
  /* Leave the status unset: the server then completes the upgrade. */
  if (!is_upgrade (req))
    sim_reply_error (req, 400, "UPGRADE_REQUIRED", "This endpoint is a WebSocket; connect with an upgrade request.");
}

static gboolean
parse_uint_param (SimRequest *req,
                  const char *name,
                  guint64     def,
                  guint64     max,
                  guint64    *out)
{
  const char *v = sim_request_query (req, name);
  guint64 n;

  if (v == NULL || *v == '\0')
    {
      *out = def;
      return TRUE;
    }
  if (!g_ascii_string_to_unsigned (v, 10, 0, max, &n, NULL))
    {
      g_autofree char *m = g_strdup_printf ("\"%s\" must be a whole number between 0 and %" G_GUINT64_FORMAT ".", name, max);
      sim_reply_error (req, 400, "BAD_PARAMETER", m);
      return FALSE;
    }
  *out = n;
  return TRUE;
}

static gboolean
parse_time_param (SimRequest *req,
                  const char *name,
                  gint64     *out,
                  gint64      def)
{
  const char *v = sim_request_query (req, name);

  *out = def;
  if (v == NULL || *v == '\0')
    return TRUE;
  if (!sim_time_parse (v, out))
    {
      g_autofree char *m = g_strdup_printf ("\"%s\" must be an ISO 8601 time such as 2026-11-23T04:12:09Z.", name);
      sim_reply_error (req, 400, "BAD_PARAMETER", m);
      return FALSE;
    }
  return TRUE;
}

static char *
normalize_plate (const char *plate)
{
  GString *s = g_string_new (NULL);

  for (const char *p = plate; p && *p; p++)
    if (*p != ' ' && *p != '-')
      g_string_append_c (s, g_ascii_toupper (*p));
  return g_string_free (s, FALSE);
}

static const char *
obj_string (JsonObject *o,
            const char *key)
{
  JsonNode *n;

  if (o == NULL || !json_object_has_member (o, key))
    return NULL;
  n = json_object_get_member (o, key);
  if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (n);
}

static JsonObject *
obj_object (JsonObject *o,
            const char *key)
{
  JsonNode *n;

  if (o == NULL || !json_object_has_member (o, key))
    return NULL;
  n = json_object_get_member (o, key);
  return JSON_NODE_HOLDS_OBJECT (n) ? json_node_get_object (n) : NULL;
}

static JsonNode *
body_or_400 (SimRequest *req)
{
  g_autoptr(GError) error = NULL;
  JsonNode *body = sim_request_body_json (req, &error);

  if (body == NULL)
    {
      g_autofree char *m = g_strdup_printf ("The request body is not valid JSON: %s", error->message);
      sim_reply_error (req, 400, "BAD_REQUEST", m);
    }
  return body;
}

static GHashTable *
form_body (SimRequest *req)
{
  SoupMessageBody *body = soup_server_message_get_request_body (req->msg);
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *text = NULL;

  bytes = soup_message_body_flatten (body);
  text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  return soup_form_decode (text);
}

/* Milestone -------------------------------------------------------------- */

static void
milestone_token (SimRequest *req)
{
  g_autoptr(GHashTable) form = form_body (req);
  const char *grant = g_hash_table_lookup (form, "grant_type");
  const char *user = g_hash_table_lookup (form, "username");
  const char *password = g_hash_table_lookup (form, "password");
  const char *client = g_hash_table_lookup (form, "client_id");
  const char *secret = g_hash_table_lookup (form, "client_secret");
  g_autofree char *token = NULL;
  JsonObject *o;
  JsonNode *node;

  if (g_strcmp0 (grant, "password") != 0 || g_strcmp0 (client, "GrantValidatorClient") != 0)
    {
      sim_reply_error (req, 400, "invalid_request",
                       "Use grant_type=password and client_id=GrantValidatorClient.");
      return;
    }
  if (g_strcmp0 (user, SIM_MILESTONE_USER) != 0 || g_strcmp0 (password, SIM_MILESTONE_PASSWORD) != 0 ||
      (secret != NULL && !g_str_equal (secret, SIM_MILESTONE_KEY)))
    {
      sim_reply_error (req, 401, "invalid_grant",
                       "Milestone refused the user name, password or client secret. Check MILESTONE_USERNAME, "
                       "MILESTONE_PASSWORD and MILESTONE_API_KEY.");
      return;
    }
  token = sim_server_issue_token (req->server, SIM_VENDOR_MILESTONE, TOKEN_LIFETIME_S);
  o = json_object_new ();
  json_object_set_string_member (o, "access_token", token);
  json_object_set_int_member (o, "expires_in", TOKEN_LIFETIME_S);
  json_object_set_string_member (o, "token_type", "Bearer");
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, o);
  sim_reply_json (req, 200, node);
}

static void
milestone_camera_status (SimRequest *req,
                         SimCamera  *c)
{
  JsonObject *o = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *now = sim_time_iso_milestone (g_get_real_time ());

  json_object_set_string_member (o, "id", c->id);
  json_object_set_string_member (o, "state", !c->enabled ? "Disabled" : c->responding ? "Responding" : "NotResponding");
  json_object_set_boolean_member (o, "recording", c->enabled && c->responding && c->recording);
  json_object_set_string_member (o, "lastUpdated", now);
  json_node_take_object (node, o);
  sim_reply_json (req, 200, wrap ("data", node));
}

static void
milestone_streams (SimRequest *req,
                   SimCamera  *c)
{
  JsonArray *a = json_array_new ();
  g_autofree char *uri = c->enabled ? sim_media_rtsp_uri (req->server, c->id) : NULL;

  /* Without an RTSP server in this build a camera lists no stream. */
  if (uri)
    {
      JsonObject *s = json_object_new ();
      json_object_set_string_member (s, "name", "Video stream 1");
      json_object_set_boolean_member (s, "liveDefault", TRUE);
      json_object_set_string_member (s, "rtspUri", uri);
      json_array_add_object_element (a, s);
    }
  sim_reply_json (req, 200, wrap_array ("array", a));
}

void
sim_route_milestone (SimRequest *req)
{
  g_auto(Route) r;
  SimWorld *w = req->world;

  route_init (&r, req);
  if (route_is (&r, "POST", "IDP", "connect", "token", NULL))
    {
      milestone_token (req);
      return;
    }
  if (!sim_server_check_token (req->server, SIM_VENDOR_MILESTONE, sim_request_header (req, "Authorization")))
    {
      sim_reply_error (req, 401, "UNAUTHORIZED", "The access token is missing, unknown or expired. Sign in again.");
      return;
    }
  if (route_is (&r, "GET", "ws", "events", "v1", NULL))
    stream_endpoint (req);
  else if (route_is (&r, "GET", "rest", "v1", "cameras", NULL))
    {
      JsonArray *a = json_array_new ();
      for (guint i = 0; i < w->cameras->len; i++)
        json_array_add_element (a, sim_world_camera_json (w, g_ptr_array_index (w->cameras, i)));
      sim_reply_json (req, 200, wrap_array ("array", a));
    }
  else if (r.n >= 4 && route_is (&r, "GET", "rest", "v1", "cameras", "*", NULL))
    {
      SimCamera *c = sim_world_find_camera (w, r.parts[3]);
      if (c)
        sim_reply_json (req, 200, wrap ("data", sim_world_camera_json (w, c)));
      else
        not_found (req, "The camera");
    }
  else if (route_is (&r, "GET", "rest", "v1", "cameras", "*", "status", NULL) ||
           route_is (&r, "GET", "rest", "v1", "cameras", "*", "streams", NULL))
    {
      SimCamera *c = sim_world_find_camera (w, r.parts[3]);
      if (c == NULL)
        not_found (req, "The camera");
      else if (g_str_equal (r.parts[4], "status"))
        milestone_camera_status (req, c);
      else
        milestone_streams (req, c);
    }
  else if (route_is (&r, "GET", "rest", "v1", "events", NULL))
    {
      gint64 from;
      JsonArray *a;

      if (sim_request_query (req, "from") == NULL)
        {
          sim_reply_error (req, 400, "BAD_PARAMETER", "\"from\" is required: GET /rest/v1/events?from=ISO.");
          return;
        }
      if (!parse_time_param (req, "from", &from, 0))
        return;
      a = json_array_new ();
      for (guint i = 0; i < w->ms_log->len; i++)
        {
          SimLogEntry *e = g_ptr_array_index (w->ms_log, i);
          if (e->time >= from && json_array_get_length (a) < 5000)
            json_array_add_element (a, json_node_copy (e->node));
        }
      sim_reply_json (req, 200, wrap_array ("array", a));
    }
  else
    no_route (req);
}

/* Flock ------------------------------------------------------------------ */

static void
flock_lookup (SimRequest *req)
{
  g_autoptr(JsonNode) body = body_or_400 (req);
  JsonObject *o;
  const char *plate, *state, *reason, *page_id;
  g_autofree char *pattern_text = NULL;
  g_autoptr(GPatternSpec) pattern = NULL;
  gint64 start = G_MININT64, end = G_MAXINT64, page_size = 100;
  guint64 offset = 0, matched = 0;
  JsonArray *reads;
  JsonObject *result;
  JsonNode *node;
  SimWorld *w = req->world;

  if (body == NULL)
    return;
  o = json_node_get_object (body);
  plate = obj_string (o, "plate");
  state = obj_string (o, "state");
  reason = obj_string (o, "reason");
  page_id = obj_string (o, "pageId");
  if (reason == NULL || *reason == '\0')
    {
      sim_reply_error (req, 400, "REASON_REQUIRED", "A reason is required for every plate search.");
      return;
    }
  if (plate == NULL || *plate == '\0' || strlen (plate) > 16)
    {
      sim_reply_error (req, 400, "BAD_REQUEST", "\"plate\" is required: up to 16 characters, * as a wildcard.");
      return;
    }
  if ((obj_string (o, "startDate") && !sim_time_parse (obj_string (o, "startDate"), &start)) ||
      (obj_string (o, "endDate") && !sim_time_parse (obj_string (o, "endDate"), &end)))
    {
      sim_reply_error (req, 400, "BAD_REQUEST", "startDate and endDate must be ISO 8601 times.");
      return;
    }
  if (json_object_has_member (o, "pageSize"))
    {
      JsonNode *ps = json_object_get_member (o, "pageSize");
      if (!JSON_NODE_HOLDS_VALUE (ps) || json_node_get_value_type (ps) != G_TYPE_INT64 ||
          json_node_get_int (ps) < 1 || json_node_get_int (ps) > 1000)
        {
          sim_reply_error (req, 400, "BAD_REQUEST", "\"pageSize\" must be a whole number from 1 to 1000.");
          return;
        }
      page_size = json_node_get_int (ps);
    }
  if (page_id && !g_ascii_string_to_unsigned (page_id, 10, 0, G_MAXUINT32, &offset, NULL))
    {
      sim_reply_error (req, 400, "BAD_REQUEST", "\"pageId\" is not one this server handed out.");
      return;
    }
  pattern_text = normalize_plate (plate);
  pattern = g_pattern_spec_new (pattern_text);

  reads = json_array_new ();
  result = json_object_new ();
  /* Newest first, as Flock lists them. */
  for (guint i = w->reads->len; i > 0; i--)
    {
      SimRead *rd = g_ptr_array_index (w->reads, i - 1);
      SimVehicle *v = g_ptr_array_index (w->vehicles, rd->vehicle);

      if (rd->time < start || rd->time > end)
        continue;
      if (state && *state && g_ascii_strcasecmp (state, v->state) != 0)
        continue;
      if (!g_pattern_spec_match_string (pattern, v->plate))
        continue;
      if (matched++ < offset)
        continue;
      if ((gint64) json_array_get_length (reads) == page_size)
        {
          g_autofree char *next = g_strdup_printf ("%" G_GUINT64_FORMAT, offset + page_size);
          json_object_set_string_member (result, "nextPageId", next);
          break;
        }
      json_array_add_element (reads, sim_world_read_json (w, rd));
    }
  json_object_set_array_member (result, "reads", reads);
  if (!json_object_has_member (result, "nextPageId"))
    json_object_set_null_member (result, "nextPageId");
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, result);
  sim_reply_json (req, 200, node);
}

static void
flock_add_entry (SimRequest *req,
                 SimHotlist *h)
{
  g_autoptr(JsonNode) body = body_or_400 (req);
  JsonObject *o;
  const char *plate, *state, *reason, *expires;
  g_autofree char *norm = NULL;
  SimHotlistEntry *e;
  gint64 expires_at = 0;

  if (body == NULL)
    return;
  o = json_node_get_object (body);
  plate = obj_string (o, "plate");
  state = obj_string (o, "state");
  reason = obj_string (o, "reason");
  expires = obj_string (o, "expiresAt");
  if (plate == NULL || strlen (plate) < 2 || strlen (plate) > 10 || reason == NULL || *reason == '\0')
    {
      sim_reply_error (req, 400, "BAD_REQUEST", "\"plate\" (2 to 10 characters) and \"reason\" are required.");
      return;
    }
  if (state && strlen (state) != 2)
    {
      sim_reply_error (req, 400, "BAD_REQUEST", "\"state\" must be a two-letter code.");
      return;
    }
  if (expires && !sim_time_parse (expires, &expires_at))
    {
      sim_reply_error (req, 400, "BAD_REQUEST", "\"expiresAt\" must be an ISO 8601 time.");
      return;
    }
  norm = normalize_plate (plate);
  for (guint i = 0; i < h->entries->len; i++)
    if (g_str_equal (((SimHotlistEntry *) g_ptr_array_index (h->entries, i))->plate, norm))
      {
        sim_reply_error (req, 409, "CONFLICT", "That plate is already on this hotlist.");
        return;
      }
  e = g_new0 (SimHotlistEntry, 1);
  e->plate = g_steal_pointer (&norm);
  e->state = g_ascii_strup (state ? state : "IL", -1);
  e->reason = g_strdup (reason);
  e->case_number = g_strdup (obj_string (o, "caseNumber"));
  e->expires_at = expires_at;
  e->created_at = g_get_real_time ();
  g_ptr_array_add (h->entries, e);
  /* Make the plate drive past readers like any other. */
  sim_world_add_vehicle (req->world, e->plate, e->state, NULL, NULL, NULL);
  sim_reply_json (req, 201, wrap ("entry", sim_world_hotlist_entry_json (e)));
}

void
sim_route_flock (SimRequest *req)
{
  g_auto(Route) r;
  SimWorld *w = req->world;

  route_init (&r, req);
  if (!require_bearer_key (req, SIM_FLOCK_KEY, "Flock", "FLOCK_API_KEY") || !require_agency (req))
    return;

  if (route_is (&r, "GET", "hits", "stream", NULL))
    stream_endpoint (req);
  else if (route_is (&r, NULL, "reads", "lookup", NULL))
    {
      if (g_str_equal (r.method, "POST"))
        flock_lookup (req);
      else
        sim_reply_error (req, 405, "METHOD_NOT_ALLOWED", "Use POST.");
    }
  else if (route_is (&r, "GET", "hotlists", NULL))
    {
      JsonArray *a = json_array_new ();
      for (guint i = 0; i < w->hotlists->len; i++)
        {
          SimHotlist *h = g_ptr_array_index (w->hotlists, i);
          JsonObject *o = json_object_new ();
          json_object_set_string_member (o, "id", h->id);
          json_object_set_string_member (o, "name", h->name);
          json_object_set_string_member (o, "type", h->type);
          json_object_set_int_member (o, "entryCount", h->entries->len);
          json_array_add_object_element (a, o);
        }
      sim_reply_json (req, 200, wrap_array ("hotlists", a));
    }
  else if (route_is (&r, NULL, "hotlists", "*", "entries", NULL))
    {
      SimHotlist *h = sim_world_find_hotlist (w, r.parts[1]);

      if (h == NULL)
        not_found (req, "The hotlist");
      else if (g_str_equal (r.method, "GET"))
        {
          JsonArray *a = json_array_new ();
          for (guint i = 0; i < h->entries->len; i++)
            json_array_add_element (a, sim_world_hotlist_entry_json (g_ptr_array_index (h->entries, i)));
          sim_reply_json (req, 200, wrap_array ("entries", a));
        }
      else if (g_str_equal (r.method, "POST"))
        flock_add_entry (req, h);
      else
        sim_reply_error (req, 405, "METHOD_NOT_ALLOWED", "Use GET or POST.");
    }
  else if (route_is (&r, "DELETE", "hotlists", "*", "entries", "*", NULL))
    {
      SimHotlist *h = sim_world_find_hotlist (w, r.parts[1]);
      g_autofree char *plate = normalize_plate (r.parts[3]);

      if (h == NULL)
        {
          not_found (req, "The hotlist");
          return;
        }
      for (guint i = 0; i < h->entries->len; i++)
        if (g_str_equal (((SimHotlistEntry *) g_ptr_array_index (h->entries, i))->plate, plate))
          {
            g_ptr_array_remove_index (h->entries, i);
            soup_server_message_set_status (req->msg, 204, NULL);
            return;
          }
      not_found (req, "That plate on this hotlist");
    }
  else if (route_is (&r, "GET", "hits", NULL))
    {
      guint64 since;
      JsonArray *a;
      JsonObject *o;
      JsonNode *node;
      guint64 last;

      if (!parse_uint_param (req, "since", 0, G_MAXUINT64, &since))
        return;
      a = json_array_new ();
      last = since;
      for (guint i = 0; i < w->hit_log->len; i++)
        {
          SimLogEntry *e = g_ptr_array_index (w->hit_log, i);
          if (e->seq > since && json_array_get_length (a) < 500)
            {
              json_array_add_element (a, json_node_copy (e->node));
              last = e->seq;
            }
        }
      if (json_array_get_length (a) == 0 && since == 0)
        last = w->next_seq;
      o = json_object_new ();
      json_object_set_array_member (o, "hits", a);
      {
        g_autofree char *cursor = g_strdup_printf ("%" G_GUINT64_FORMAT, last);
        json_object_set_string_member (o, "cursor", cursor);
      }
      node = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (node, o);
      sim_reply_json (req, 200, node);
    }
  else
    no_route (req);
}

/* ShotSpotter ------------------------------------------------------------ */

static void
shotspotter_list (SimRequest *req)
{
  SimWorld *w = req->world;
  gint64 since, until;
  guint64 limit, cursor;
  guint64 matched = 0;
  JsonArray *a;
  JsonObject *o;
  JsonNode *node;

  if (!parse_time_param (req, "since", &since, G_MININT64) ||
      !parse_time_param (req, "until", &until, G_MAXINT64) ||
      !parse_uint_param (req, "limit", 100, 1000, &limit) ||
      !parse_uint_param (req, "cursor", 0, G_MAXUINT32, &cursor))
    return;
  if (limit == 0)
    limit = 100;
  a = json_array_new ();
  o = json_object_new ();
  for (guint i = 0; i < w->alerts->len; i++)
    {
      SimAlert *al = g_ptr_array_index (w->alerts, i);

      if (al->time < since || al->time > until)
        continue;
      if (matched++ < cursor)
        continue;
      if (json_array_get_length (a) == limit)
        {
          g_autofree char *next = g_strdup_printf ("%" G_GUINT64_FORMAT, cursor + limit);
          json_object_set_string_member (o, "nextCursor", next);
          break;
        }
      json_array_add_element (a, sim_world_alert_json (w, al, FALSE));
    }
  json_object_set_array_member (o, "alerts", a);
  if (!json_object_has_member (o, "nextCursor"))
    json_object_set_null_member (o, "nextCursor");
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, o);
  sim_reply_json (req, 200, node);
}

static void
shotspotter_ack (SimRequest *req,
                 SimAlert   *a)
{
  g_autoptr(JsonNode) body = body_or_400 (req);
  JsonObject *o, *out;
  JsonNode *node;
  g_autofree char *at = NULL;

  if (body == NULL)
    return;
  o = json_node_get_object (body);
  if ((json_object_has_member (o, "notes") && obj_string (o, "notes") == NULL) ||
      (json_object_has_member (o, "operator") && obj_string (o, "operator") == NULL))
    {
      sim_reply_error (req, 400, "BAD_REQUEST", "\"notes\" and \"operator\" must be strings.");
      return;
    }
  if (a->acknowledged)
    {
      sim_reply_error (req, 409, "ALREADY_ACKNOWLEDGED", "This alert was already acknowledged.");
      return;
    }
  a->acknowledged = TRUE;
  a->acknowledged_at = g_get_real_time ();
  at = sim_time_iso_ms (a->acknowledged_at);
  out = json_object_new ();
  json_object_set_boolean_member (out, "acknowledged", TRUE);
  json_object_set_string_member (out, "acknowledgedAt", at);
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, out);
  sim_reply_json (req, 200, node);
}

void
sim_route_shotspotter (SimRequest *req)
{
  g_auto(Route) r;
  SimWorld *w = req->world;

  route_init (&r, req);
  if (!require_bearer_key (req, SIM_SHOTSPOTTER_KEY, "ShotSpotter", "SHOTSPOTTER_API_KEY"))
    return;
  if (r.n < 2 || !g_str_equal (r.parts[0], "agencies"))
    {
      no_route (req);
      return;
    }
  if (!g_str_equal (r.parts[1], SIM_AGENCY_ID))
    {
      sim_reply_error (req, 403, "FORBIDDEN", "This API key does not belong to that agency. Check SHOTSPOTTER_AGENCY_ID.");
      return;
    }
  if (route_is (&r, "GET", "agencies", "*", "alerts", "stream", NULL))
    stream_endpoint (req);
  else if (route_is (&r, "GET", "agencies", "*", "alerts", NULL))
    shotspotter_list (req);
  else if (route_is (&r, "GET", "agencies", "*", "alerts", "*", NULL))
    {
      SimAlert *a = sim_world_find_alert (w, r.parts[3]);
      if (a)
        sim_reply_json (req, 200, sim_world_alert_json (w, a, TRUE));
      else
        not_found (req, "The alert");
    }
  else if (route_is (&r, "POST", "agencies", "*", "alerts", "*", "acknowledge", NULL))
    {
      SimAlert *a = sim_world_find_alert (w, r.parts[3]);
      if (a)
        shotspotter_ack (req, a);
      else
        not_found (req, "The alert");
    }
  else
    no_route (req);
}

/* OneSolution ------------------------------------------------------------ */

static char *
soundex (const char *name)
{
  static const char codes[] = "01230120022455012623010202";
  char out[5] = "0000";
  int n = 0;
  char last = 0;

  for (const char *p = name; p && *p && n < 4; p++)
    {
      char c = g_ascii_toupper (*p), code;
      if (c < 'A' || c > 'Z')
        continue;
      code = codes[c - 'A'];
      if (n == 0)
        out[n++] = c;
      else if (code != '0' && code != last)
        out[n++] = code;
      if (c != 'H' && c != 'W')
        last = code;
    }
  return g_strdup (out);
}

static gboolean
case_match (const char *text,
            const char *query)
{
  return query == NULL || *query == '\0' || g_ascii_strcasecmp (text, query) == 0;
}

static void
onesolution_incidents (SimRequest *req)
{
  SimWorld *w = req->world;
  const char *type = sim_request_query (req, "type");
  const char *status = sim_request_query (req, "status");
  const char *address = sim_request_query (req, "address");
  gint64 from, to;
  guint64 page, page_size, total = 0;
  JsonArray *a;
  JsonObject *o;
  JsonNode *node;
  g_autofree char *addr_up = address ? g_ascii_strup (address, -1) : NULL;

  if (!parse_time_param (req, "from", &from, G_MININT64) ||
      !parse_time_param (req, "to", &to, G_MAXINT64) ||
      !parse_uint_param (req, "page", 1, G_MAXUINT32, &page) ||
      !parse_uint_param (req, "pageSize", 50, 500, &page_size))
    return;
  if (page == 0 || page_size == 0)
    {
      sim_reply_error (req, 400, "BAD_PARAMETER", "\"page\" and \"pageSize\" count from 1.");
      return;
    }
  a = json_array_new ();
  for (guint i = w->incidents->len; i > 0; i--)
    {
      SimIncident *inc = g_ptr_array_index (w->incidents, i - 1);

      if (!case_match (inc->type_code, type) || !case_match (inc->status, status) ||
          inc->reported_at < from || inc->reported_at > to ||
          (addr_up && strstr (inc->address, addr_up) == NULL))
        continue;
      if (total >= (page - 1) * page_size && total < page * page_size)
        json_array_add_element (a, sim_world_incident_json (w, inc));
      total++;
    }
  o = json_object_new ();
  json_object_set_array_member (o, "results", a);
  json_object_set_int_member (o, "total", total);
  json_object_set_int_member (o, "page", page);
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, o);
  sim_reply_json (req, 200, node);
}

static void
onesolution_persons (SimRequest *req)
{
  SimWorld *w = req->world;
  const char *last = sim_request_query (req, "lastName");
  const char *first = sim_request_query (req, "firstName");
  const char *dob = sim_request_query (req, "dob");
  gboolean phonetic = g_strcmp0 (sim_request_query (req, "phonetic"), "true") == 0;
  g_autofree char *last_sx = NULL;
  JsonArray *a;
  JsonObject *o;
  JsonNode *node;

  if (last == NULL || *last == '\0')
    {
      sim_reply_error (req, 400, "BAD_PARAMETER", "\"lastName\" is required for a person search.");
      return;
    }
  last_sx = soundex (last);
  a = json_array_new ();
  for (guint i = 0; i < w->persons->len && json_array_get_length (a) < 200; i++)
    {
      SimPerson *p = g_ptr_array_index (w->persons, i);
      gboolean ok;

      if (phonetic)
        {
          g_autofree char *sx = soundex (p->last);
          ok = g_str_equal (sx, last_sx);
        }
      else
        ok = g_ascii_strcasecmp (p->last, last) == 0;
      if (ok && case_match (p->first, first) && case_match (p->dob, dob))
        json_array_add_element (a, sim_world_person_json (w, p));
    }
  o = json_object_new ();
  json_object_set_int_member (o, "total", json_array_get_length (a));
  json_object_set_array_member (o, "results", a);
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, o);
  sim_reply_json (req, 200, node);
}

static void
onesolution_case (SimRequest *req,
                  const char *number)
{
  SimWorld *w = req->world;
  JsonArray *incidents = json_array_new ();
  JsonArray *persons = json_array_new ();
  JsonObject *o, *inv;
  JsonNode *node;
  gboolean open = FALSE;
  guint32 hash = g_str_hash (number);
  static const char *investigators[] = { "Det. A. RIVERA", "Det. M. KOWALSKI", "Det. J. CHEN", "Det. L. OKAFOR" };

  for (guint i = 0; i < w->incidents->len; i++)
    {
      SimIncident *inc = g_ptr_array_index (w->incidents, i);
      if (g_strcmp0 (inc->case_number, number) != 0)
        continue;
      json_array_add_string_element (incidents, inc->number);
      open |= !g_str_equal (inc->status, "closed");
      for (guint k = 0; k < inc->persons->len; k++)
        {
          SimPerson *p = g_ptr_array_index (w->persons, g_array_index (inc->persons, guint, k));
          JsonObject *po = json_object_new ();
          json_object_set_string_member (po, "personId", p->id);
          json_object_set_string_member (po, "role", g_ptr_array_index (inc->roles, k));
          json_array_add_object_element (persons, po);
        }
    }
  if (json_array_get_length (incidents) == 0)
    {
      json_array_unref (incidents);
      json_array_unref (persons);
      not_found (req, "The case");
      return;
    }
  o = json_object_new ();
  inv = json_object_new ();
  json_object_set_string_member (o, "caseNumber", number);
  json_object_set_string_member (o, "status", open ? "open" : "closed");
  json_object_set_string_member (inv, "name", investigators[hash % G_N_ELEMENTS (investigators)]);
  json_object_set_string_member (inv, "badge", hash % 2 ? "20417" : "18830");
  json_object_set_object_member (o, "assignedInvestigator", inv);
  json_object_set_array_member (o, "incidents", incidents);
  json_object_set_array_member (o, "persons", persons);
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, o);
  sim_reply_json (req, 200, wrap ("case", node));
}

static void
changes_feed (SimRequest *req,
              GPtrArray  *log)
{
  guint64 cursor, last;
  JsonArray *a;
  JsonObject *o;
  JsonNode *node;
  g_autofree char *cursor_text = NULL;

  if (!parse_uint_param (req, "cursor", 0, G_MAXUINT64, &cursor))
    return;
  a = json_array_new ();
  last = cursor;
  for (guint i = 0; i < log->len; i++)
    {
      SimLogEntry *e = g_ptr_array_index (log, i);
      if (e->seq > cursor && json_array_get_length (a) < 500)
        {
          json_array_add_element (a, json_node_copy (e->node));
          last = e->seq;
        }
    }
  o = json_object_new ();
  json_object_set_array_member (o, "changes", a);
  cursor_text = g_strdup_printf ("%" G_GUINT64_FORMAT, last);
  json_object_set_string_member (o, "cursor", cursor_text);
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, o);
  sim_reply_json (req, 200, node);
}

void
sim_route_onesolution (SimRequest *req)
{
  g_auto(Route) r;
  SimWorld *w = req->world;

  route_init (&r, req);
  if (!header_is (req, "X-API-Key", SIM_ONESOLUTION_KEY))
    {
      sim_reply_error (req, 401, "UNAUTHORIZED", "OneSolution refused the API key. Check ONESOLUTION_API_KEY.");
      return;
    }
  if (!header_is (req, "X-ORI", SIM_ORI))
    {
      sim_reply_error (req, 403, "FORBIDDEN", "The X-ORI header does not name this agency. Check ONESOLUTION_AGENCY_ORI.");
      return;
    }
  if (route_is (&r, "GET", "incidents", "changes", NULL))
    changes_feed (req, w->incident_log);
  else if (route_is (&r, "GET", "incidents", NULL))
    onesolution_incidents (req);
  else if (route_is (&r, "GET", "incidents", "*", NULL))
    {
      SimIncident *inc = sim_world_find_incident (w, r.parts[1]);
      if (inc)
        sim_reply_json (req, 200, wrap ("incident", sim_world_incident_json (w, inc)));
      else
        not_found (req, "The incident");
    }
  else if (route_is (&r, "GET", "persons", NULL))
    onesolution_persons (req);
  else if (route_is (&r, "GET", "persons", "*", NULL))
    {
      SimPerson *p = sim_world_find_person (w, r.parts[1]);
      if (p)
        sim_reply_json (req, 200, wrap ("person", sim_world_person_json (w, p)));
      else
        not_found (req, "The person");
    }
  else if (route_is (&r, "GET", "cases", "*", NULL))
    onesolution_case (req, r.parts[1]);
  else
    no_route (req);
}

/* NESS -------------------------------------------------------------------- */

static void
ness_error (SimRequest *req,
            guint       status,
            const char *code,
            const char *message)
{
  sim_reply_error (req, status, code, message);
}

static gboolean
ness_check_headers (SimRequest *req)
{
  static const char *required[] = { "X-ORI", "X-Operator-Id", "X-Purpose-Code", "X-Purpose-Reason" };
  const char *purpose, *operator_id;
  gboolean certified = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (required); i++)
    {
      const char *v = sim_request_header (req, required[i]);
      gboolean blank = TRUE;

      for (const char *c = v; c && *c; c++)
        blank &= g_ascii_isspace (*c);
      if (blank)
        {
          g_autofree char *m = g_strdup_printf ("The %s header is required on every NCIC query.", required[i]);
          ness_error (req, 400, "PURPOSE_REQUIRED", m);
          return FALSE;
        }
    }
  purpose = sim_request_header (req, "X-Purpose-Code");
  if (strlen (purpose) != 1 || strchr ("CDFHIJSVX", purpose[0]) == NULL)
    {
      ness_error (req, 400, "INVALID_PURPOSE",
                  g_str_equal (purpose, "R") ? "Purpose code R is reserved for the FBI and is refused."
                                             : "The purpose code must be one of C, D, F, H, I, J, S, V, X.");
      return FALSE;
    }
  if (!header_is (req, "X-ORI", SIM_ORI))
    {
      ness_error (req, 403, "ORI_NOT_AUTHORIZED", "The ORI is not authorised on this gateway. Check NESS_ORI.");
      return FALSE;
    }
  operator_id = sim_request_header (req, "X-Operator-Id");
  for (guint i = 0; i < G_N_ELEMENTS (certified_operators); i++)
    certified |= g_str_equal (operator_id, certified_operators[i]);
  if (!certified)
    {
      ness_error (req, 403, "OPERATOR_NOT_CERTIFIED",
                  "The operator is not certified for NCIC access. Check NESS_OPERATOR_ID.");
      return FALSE;
    }
  return TRUE;
}

static gboolean
ness_name_dob (SimRequest   *req,
               JsonObject   *o,
               const char  **last,
               const char  **first,
               const char  **dob)
{
  JsonObject *name = obj_object (o, "name");
  gint64 ignored;

  *last = obj_string (name, "last");
  *first = obj_string (name, "first");
  *dob = obj_string (o, "dob");
  if (*last == NULL || **last == '\0')
    {
      ness_error (req, 400, "BAD_REQUEST", "\"name.last\" is required.");
      return FALSE;
    }
  if (*dob == NULL || strlen (*dob) != 10 || !sim_time_parse (*dob, &ignored))
    {
      ness_error (req, 400, "BAD_REQUEST", "\"dob\" is required as YYYY-MM-DD.");
      return FALSE;
    }
  return TRUE;
}

static JsonNode *
message (const char *key,
         const char *member,
         JsonNode   *value)
{
  JsonObject *o = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (o, "messageKey", key);
  if (value)
    json_object_set_member (o, member, value);
  else
    json_object_set_null_member (o, member);
  json_node_take_object (node, o);
  return node;
}

static void
ness_wanted (SimRequest *req,
             JsonObject *o)
{
  SimWorld *w = req->world;
  const char *last, *first, *dob;
  JsonArray *hits;
  JsonNode *node;

  if (!ness_name_dob (req, o, &last, &first, &dob))
    return;
  hits = json_array_new ();
  for (guint i = 0; i < w->persons->len; i++)
    {
      SimPerson *p = g_ptr_array_index (w->persons, i);
      JsonObject *h;

      if (!p->warrant || g_ascii_strcasecmp (p->last, last) != 0 || !case_match (p->first, first) ||
          !g_str_equal (p->dob, dob))
        continue;
      h = json_object_new ();
      json_object_set_string_member (h, "nic", p->warrant_nic);
      json_object_set_string_member (h, "ori", "IL0160000");
      json_object_set_string_member (h, "offense", p->warrant_offense);
      json_object_set_string_member (h, "warrantDate", p->warrant_date);
      json_object_set_string_member (h, "extradition", "Full extradition");
      json_object_set_string_member (h, "caution", "Armed and dangerous");
      json_array_add_object_element (hits, h);
    }
  node = message ("QW", "hits", NULL);
  json_object_set_boolean_member (json_node_get_object (node), "requiresConfirmation", json_array_get_length (hits) > 0);
  json_object_set_array_member (json_node_get_object (node), "hits", hits);
  sim_reply_json (req, 200, node);
}

static void
ness_history (SimRequest *req,
              JsonObject *o)
{
  SimWorld *w = req->world;
  const char *last, *first, *dob;

  if (!ness_name_dob (req, o, &last, &first, &dob))
    return;
  for (guint i = 0; i < w->persons->len; i++)
    {
      SimPerson *p = g_ptr_array_index (w->persons, i);
      JsonObject *rec;
      JsonArray *state_ids, *arrests;
      JsonNode *node;
      guint32 h;

      if (!p->history || g_ascii_strcasecmp (p->last, last) != 0 || !case_match (p->first, first) ||
          !g_str_equal (p->dob, dob))
        continue;
      h = g_str_hash (p->id);
      rec = json_object_new ();
      state_ids = json_array_new ();
      arrests = json_array_new ();
      json_object_set_string_member (rec, "fbiNumber", p->fbi_number);
      {
        g_autofree char *sid = g_strdup_printf ("IL%08u", h % 100000000);
        json_array_add_string_element (state_ids, sid);
      }
      json_object_set_array_member (rec, "stateIds", state_ids);
      for (guint k = 0; k < 1 + h % 4; k++)
        {
          static const char *charges[] = { "BURGLARY", "BATTERY", "THEFT", "UNLAWFUL USE OF A WEAPON", "ROBBERY" };
          static const char *dispositions[] = { "CONVICTED", "DISMISSED", "PENDING", "CONVICTED" };
          JsonObject *ar = json_object_new ();
          g_autofree char *date = g_strdup_printf ("%04u-%02u-%02u", 2005 + (h >> (k * 3)) % 20, 1 + (h >> k) % 12, 1 + (h >> (k + 2)) % 28);

          json_object_set_string_member (ar, "date", date);
          json_object_set_string_member (ar, "charge", charges[(h >> k) % G_N_ELEMENTS (charges)]);
          json_object_set_string_member (ar, "disposition", dispositions[(h >> (k + 1)) % G_N_ELEMENTS (dispositions)]);
          json_array_add_object_element (arrests, ar);
        }
      json_object_set_array_member (rec, "arrests", arrests);
      node = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (node, rec);
      sim_reply_json (req, 200, message ("QH", "record", node));
      return;
    }
  sim_reply_json (req, 200, message ("QH", "record", NULL));
}

static void
ness_license (SimRequest *req,
              JsonObject *o)
{
  SimWorld *w = req->world;
  const char *number = obj_string (o, "licenseNumber");
  const char *state = obj_string (o, "state");

  if (number == NULL || *number == '\0' || state == NULL || strlen (state) != 2)
    {
      ness_error (req, 400, "BAD_REQUEST", "\"licenseNumber\" and a two-letter \"state\" are required.");
      return;
    }
  for (guint i = 0; i < w->persons->len; i++)
    {
      SimPerson *p = g_ptr_array_index (w->persons, i);
      JsonObject *l;
      JsonNode *node;
      g_autofree char *name = NULL;

      if (g_ascii_strcasecmp (p->dl_number, number) != 0 || g_ascii_strcasecmp (state, "IL") != 0)
        continue;
      l = json_object_new ();
      name = g_strdup_printf ("%s, %s", p->last, p->first);
      json_object_set_string_member (l, "status", p->dl_status);
      json_object_set_string_member (l, "class", p->dl_class);
      json_object_set_string_member (l, "expires", p->dl_expires);
      json_object_set_string_member (l, "name", name);
      json_object_set_string_member (l, "dob", p->dob);
      json_object_set_array_member (l, "restrictions", json_array_new ());
      if (p->height_cm > 185)
        json_array_add_string_element (json_object_get_array_member (l, "restrictions"), "B - corrective lenses");
      node = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (node, l);
      sim_reply_json (req, 200, message ("DQ", "license", node));
      return;
    }
  sim_reply_json (req, 200, message ("DQ", "license", NULL));
}

static void
ness_registration (SimRequest *req,
                   JsonObject *o)
{
  SimWorld *w = req->world;
  const char *plate = obj_string (o, "plate");
  const char *state = obj_string (o, "state");
  g_autofree char *norm = NULL;
  int vi;

  if (plate == NULL || *plate == '\0' || state == NULL || strlen (state) != 2)
    {
      ness_error (req, 400, "BAD_REQUEST", "\"plate\" and a two-letter \"state\" are required.");
      return;
    }
  norm = normalize_plate (plate);
  vi = sim_world_find_vehicle (w, norm, state);
  if (vi >= 0)
    {
      SimVehicle *v = g_ptr_array_index (w->vehicles, vi);
      SimPerson *owner = g_ptr_array_index (w->persons, MIN (v->owner, w->persons->len - 1));
      JsonObject *reg = json_object_new ();
      JsonObject *own = json_object_new ();
      JsonNode *node;
      g_autofree char *expires = g_strdup_printf ("%u-%02u-01", 2026 + v->year % 3, 1 + v->year % 12);

      json_object_set_string_member (reg, "plate", v->plate);
      json_object_set_string_member (reg, "state", v->state);
      json_object_set_string_member (reg, "vin", v->vin);
      json_object_set_int_member (reg, "year", v->year);
      json_object_set_string_member (reg, "make", v->make);
      json_object_set_string_member (reg, "model", v->model);
      json_object_set_string_member (reg, "color", v->color);
      json_object_set_string_member (own, "lastName", owner->last);
      json_object_set_string_member (own, "firstName", owner->first);
      json_object_set_string_member (own, "dob", owner->dob);
      json_object_set_string_member (own, "address", owner->address);
      json_object_set_object_member (reg, "owner", own);
      json_object_set_string_member (reg, "expires", expires);
      json_object_set_boolean_member (reg, "stolen", v->stolen);
      node = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (node, reg);
      sim_reply_json (req, 200, message ("RQ", "registration", node));
      return;
    }
  sim_reply_json (req, 200, message ("RQ", "registration", NULL));
}

void
sim_route_ness (SimRequest *req)
{
  g_auto(Route) r;
  g_autoptr(JsonNode) body = NULL;
  JsonObject *o;

  route_init (&r, req);
  if (!require_bearer_key (req, SIM_NESS_KEY, "NESS", "NESS_API_KEY"))
    return;
  /* Our extension: a health probe that touches no CJI. */
  if (route_is (&r, "GET", "health", NULL))
    {
      JsonObject *h = json_object_new ();
      JsonNode *node = json_node_new (JSON_NODE_OBJECT);
      json_object_set_string_member (h, "status", "ok");
      json_node_take_object (node, h);
      sim_reply_json (req, 200, node);
      return;
    }
  if (!route_is (&r, "POST", "ncic", "wanted", NULL) && !route_is (&r, "POST", "iii", "history", NULL) &&
      !route_is (&r, "POST", "dmv", "license", NULL) && !route_is (&r, "POST", "dmv", "registration", NULL))
    {
      no_route (req);
      return;
    }
  if (!ness_check_headers (req) || (body = body_or_400 (req)) == NULL)
    return;
  o = json_node_get_object (body);
  if (g_str_equal (r.parts[0], "ncic"))
    ness_wanted (req, o);
  else if (g_str_equal (r.parts[0], "iii"))
    ness_history (req, o);
  else if (g_str_equal (r.parts[1], "license"))
    ness_license (req, o);
  else
    ness_registration (req, o);
}

/* Body-worn cameras -------------------------------------------------------- */

static void
bwc_token (SimRequest *req)
{
  g_autoptr(GHashTable) form = form_body (req);
  g_autofree char *token = NULL;
  JsonObject *o;
  JsonNode *node;

  if (g_strcmp0 (g_hash_table_lookup (form, "grant_type"), "client_credentials") != 0)
    {
      sim_reply_error (req, 400, "unsupported_grant_type", "Use grant_type=client_credentials.");
      return;
    }
  if (g_strcmp0 (g_hash_table_lookup (form, "client_id"), SIM_AGENCY_ID) != 0 ||
      g_strcmp0 (g_hash_table_lookup (form, "client_secret"), SIM_BWC_KEY) != 0)
    {
      sim_reply_error (req, 401, "invalid_client",
                       "The evidence service refused the client credentials. Check BWC_AGENCY_ID and BWC_API_KEY.");
      return;
    }
  token = sim_server_issue_token (req->server, SIM_VENDOR_BWC, TOKEN_LIFETIME_S);
  o = json_object_new ();
  json_object_set_string_member (o, "access_token", token);
  json_object_set_string_member (o, "token_type", "Bearer");
  json_object_set_int_member (o, "expires_in", TOKEN_LIFETIME_S);
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, o);
  sim_reply_json (req, 200, node);
}

static void
bwc_recordings (SimRequest *req)
{
  SimWorld *w = req->world;
  const char *officer = sim_request_query (req, "officerId");
  const char *date = sim_request_query (req, "date");
  guint64 since, last = 0;
  JsonArray *a;
  JsonObject *o, *meta;
  JsonNode *node;
  gboolean more = FALSE;
  gint64 day_start = 0;

  if (!parse_uint_param (req, "since", 0, G_MAXUINT64, &since))
    return;
  if (date && *date && (strlen (date) != 10 || !sim_time_parse (date, &day_start)))
    {
      sim_reply_error (req, 400, "BAD_PARAMETER", "\"date\" must be YYYY-MM-DD.");
      return;
    }
  a = json_array_new ();
  last = since;
  for (guint i = 0; i < w->recordings->len; i++)
    {
      SimRecording *rec = g_ptr_array_index (w->recordings, i);
      SimOfficer *off = g_ptr_array_index (w->officers, rec->officer);

      if (rec->seq <= since || (officer && *officer && !g_str_equal (officer, off->id)))
        continue;
      if (day_start && (rec->started_at < day_start || rec->started_at >= day_start + 24 * 3600 * USEC))
        continue;
      if (json_array_get_length (a) == 100)
        {
          more = TRUE;
          break;
        }
      json_array_add_element (a, sim_world_recording_json (w, rec));
      last = rec->seq;
    }
  o = json_object_new ();
  meta = json_object_new ();
  json_object_set_array_member (o, "data", a);
  {
    g_autofree char *cursor = g_strdup_printf ("%" G_GUINT64_FORMAT, last);
    if (more)
      json_object_set_string_member (meta, "next", cursor);
    else
      json_object_set_null_member (meta, "next");
    /* Our extension: where to poll from for newer recordings. */
    json_object_set_string_member (meta, "cursor", cursor);
  }
  json_object_set_object_member (o, "meta", meta);
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, o);
  sim_reply_json (req, 200, node);
}

static void
bwc_url (SimRequest   *req,
         SimRecording *rec)
{
  gint64 expires = g_get_real_time () +
                   sim_server_token_lifetime (req->server, SIM_VENDOR_BWC, MEDIA_URL_LIFETIME_S) * USEC;
  g_autofree char *url = NULL;
  g_autofree char *at = NULL;
  JsonObject *o;
  JsonNode *node;

  url = sim_server_issue_media_url (req->server, rec->id, expires);
  at = sim_time_iso_ms (expires);
  o = json_object_new ();
  json_object_set_string_member (o, "url", url);
  json_object_set_string_member (o, "expiresAt", at);
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, o);
  sim_reply_json (req, 200, node);
}

static void
bwc_link (SimRequest   *req,
          SimRecording *rec)
{
  g_autoptr(JsonNode) body = body_or_400 (req);
  const char *incident;

  if (body == NULL)
    return;
  incident = obj_string (json_node_get_object (body), "incidentId");
  if (incident == NULL || *incident == '\0' || strlen (incident) > 64)
    {
      sim_reply_error (req, 400, "BAD_REQUEST", "\"incidentId\" is required.");
      return;
    }
  for (guint i = 0; i < rec->incident_ids->len; i++)
    if (g_str_equal (g_ptr_array_index (rec->incident_ids, i), incident))
      {
        sim_reply_error (req, 409, "ALREADY_LINKED", "The recording is already linked to that incident.");
        return;
      }
  g_ptr_array_add (rec->incident_ids, g_strdup (incident));
  sim_reply_json (req, 201, wrap ("data", sim_world_recording_json (req->world, rec)));
}

void
sim_route_bwc (SimRequest *req)
{
  g_auto(Route) r;
  SimWorld *w = req->world;

  route_init (&r, req);
  if (route_is (&r, "POST", "oauth2", "token", NULL))
    {
      bwc_token (req);
      return;
    }
  if (!sim_server_check_token (req->server, SIM_VENDOR_BWC, sim_request_header (req, "Authorization")))
    {
      sim_reply_error (req, 401, "UNAUTHORIZED", "The access token is missing, unknown or expired.");
      return;
    }
  if (route_is (&r, "GET", "recordings", NULL))
    bwc_recordings (req);
  else if (route_is (&r, "GET", "assignments", NULL))
    {
      JsonArray *a = json_array_new ();
      for (guint i = 0; i < w->officers->len; i++)
        {
          SimOfficer *off = g_ptr_array_index (w->officers, i);
          JsonObject *o = json_object_new ();
          g_autofree char *at = sim_time_iso_ms (off->assigned_at);

          json_object_set_string_member (o, "deviceSerial", off->device_serial);
          json_object_set_string_member (o, "officerId", off->id);
          json_object_set_string_member (o, "officerName", off->name);
          json_object_set_string_member (o, "unit", off->unit);
          json_object_set_string_member (o, "assignedAt", at);
          json_object_set_string_member (o, "dockStatus", off->dock_status);
          json_object_set_double_member (o, "battery", off->battery);
          json_array_add_object_element (a, o);
        }
      sim_reply_json (req, 200, wrap_array ("data", a));
    }
  else if (r.n >= 2 && g_str_equal (r.parts[0], "recordings"))
    {
      SimRecording *rec = sim_world_find_recording (w, r.parts[1]);

      if (rec == NULL)
        not_found (req, "The recording");
      else if (route_is (&r, "GET", "recordings", "*", NULL))
        sim_reply_json (req, 200, wrap ("data", sim_world_recording_json (w, rec)));
      else if (route_is (&r, "GET", "recordings", "*", "url", NULL))
        bwc_url (req, rec);
      else if (route_is (&r, "POST", "recordings", "*", "incidents", NULL))
        bwc_link (req, rec);
      else if (route_is (&r, "DELETE", "recordings", "*", "incidents", "*", NULL))
        {
          for (guint i = 0; i < rec->incident_ids->len; i++)
            if (g_str_equal (g_ptr_array_index (rec->incident_ids, i), r.parts[3]))
              {
                g_ptr_array_remove_index (rec->incident_ids, i);
                soup_server_message_set_status (req->msg, 204, NULL);
                return;
              }
          not_found (req, "That incident link");
        }
      else
        no_route (req);
    }
  else
    no_route (req);
}

/* HotSheets ---------------------------------------------------------------- */

static void
hotsheets_add_error (JsonArray  *errors,
                     const char *field,
                     const char *message)
{
  JsonObject *e = json_object_new ();

  json_object_set_string_member (e, "field", field);
  json_object_set_string_member (e, "message", message);
  json_array_add_object_element (errors, e);
}

static void
hotsheets_create (SimRequest *req)
{
  SimWorld *w = req->world;
  g_autoptr(JsonNode) body = body_or_400 (req);
  JsonObject *o, *vo, *po;
  const char *subject, *reason, *expires;
  JsonArray *errors;
  gint64 expires_at = 0, now = g_get_real_time ();
  int vehicle = -1, person = -1;
  SimBolo *b;

  if (body == NULL)
    return;
  o = json_node_get_object (body);
  subject = obj_string (o, "subjectType");
  reason = obj_string (o, "reason");
  expires = obj_string (o, "expiresAt");
  vo = obj_object (o, "vehicle");
  po = obj_object (o, "person");
  errors = json_array_new ();
  if (g_strcmp0 (subject, "vehicle") != 0 && g_strcmp0 (subject, "person") != 0)
    hotsheets_add_error (errors, "subjectType", "Must be \"vehicle\" or \"person\".");
  if (reason == NULL || *reason == '\0')
    hotsheets_add_error (errors, "reason", "A reason is required.");
  else if (strlen (reason) > 2000)
    hotsheets_add_error (errors, "reason", "At most 2000 characters.");
  if (expires && (!sim_time_parse (expires, &expires_at) || expires_at <= now))
    hotsheets_add_error (errors, "expiresAt", "Must be an ISO 8601 time in the future.");
  if (g_strcmp0 (subject, "vehicle") == 0)
    {
      const char *plate = obj_string (vo, "plate");
      const char *state = obj_string (vo, "state");
      if (plate == NULL || strlen (plate) < 2 || strlen (plate) > 10)
        hotsheets_add_error (errors, "vehicle.plate", "A plate of 2 to 10 characters is required.");
      if (state == NULL || strlen (state) != 2)
        hotsheets_add_error (errors, "vehicle.state", "A two-letter state is required.");
    }
  if (g_strcmp0 (subject, "person") == 0)
    {
      gint64 ignored;
      if (obj_string (po, "lastName") == NULL || *obj_string (po, "lastName") == '\0')
        hotsheets_add_error (errors, "person.lastName", "A last name is required.");
      if (obj_string (po, "firstName") == NULL || *obj_string (po, "firstName") == '\0')
        hotsheets_add_error (errors, "person.firstName", "A first name is required.");
      if (obj_string (po, "dob") && !sim_time_parse (obj_string (po, "dob"), &ignored))
        hotsheets_add_error (errors, "person.dob", "Must be YYYY-MM-DD.");
    }
  if (json_array_get_length (errors) > 0)
    {
      JsonNode *n = json_node_new (JSON_NODE_ARRAY);
      json_node_take_array (n, errors);
      sim_reply_json (req, 422, wrap ("errors", n));
      return;
    }
  json_array_unref (errors);

  if (vo && g_str_equal (subject, "vehicle"))
    {
      g_autofree char *plate = normalize_plate (obj_string (vo, "plate"));
      g_autofree char *state = g_ascii_strup (obj_string (vo, "state"), -1);
      vehicle = sim_world_add_vehicle (w, plate, state, obj_string (vo, "make"), obj_string (vo, "model"),
                                       obj_string (vo, "color"));
    }
  else
    person = sim_world_add_person (w, obj_string (po, "lastName"), obj_string (po, "firstName"), obj_string (po, "dob"));
  b = sim_world_add_bolo (w, now, vehicle, person, reason, expires_at, obj_string (o, "issuedBy"),
                          obj_string (o, "cautions"), obj_string (o, "caseNumber"));
  sim_world_log_bolo_change (w, b, "created", now);
  sim_reply_json (req, 201, wrap ("bolo", sim_world_bolo_json (w, b)));
}

static void
hotsheets_cancel (SimRequest *req,
                  SimBolo    *b)
{
  g_autoptr(JsonNode) body = body_or_400 (req);
  const char *reason;

  if (body == NULL)
    return;
  reason = obj_string (json_node_get_object (body), "reason");
  if (reason == NULL || *reason == '\0')
    {
      sim_reply_error (req, 400, "BAD_REQUEST", "A cancellation \"reason\" is required.");
      return;
    }
  if (!g_str_equal (b->status, "active"))
    {
      g_autofree char *m = g_strdup_printf ("The BOLO is %s, not active.", b->status);
      sim_reply_error (req, 409, "NOT_ACTIVE", m);
      return;
    }
  b->status = "cancelled";
  sim_world_log_bolo_change (req->world, b, "cancelled", g_get_real_time ());
  sim_reply_json (req, 200, wrap ("bolo", sim_world_bolo_json (req->world, b)));
}

static void
hotsheets_check (SimRequest *req,
                 gboolean    plate_check)
{
  SimWorld *w = req->world;
  JsonArray *a = json_array_new ();
  g_autofree char *plate = NULL;
  const char *state = sim_request_query (req, "state");
  const char *last = sim_request_query (req, "lastName");
  const char *first = sim_request_query (req, "firstName");
  const char *dob = sim_request_query (req, "dob");

  if (plate_check)
    {
      if (sim_request_query (req, "plate") == NULL || *sim_request_query (req, "plate") == '\0')
        {
          json_array_unref (a);
          sim_reply_error (req, 400, "BAD_PARAMETER", "\"plate\" is required.");
          return;
        }
      plate = normalize_plate (sim_request_query (req, "plate"));
    }
  else if (last == NULL || *last == '\0')
    {
      json_array_unref (a);
      sim_reply_error (req, 400, "BAD_PARAMETER", "\"lastName\" is required.");
      return;
    }
  for (guint i = 0; i < w->bolos->len; i++)
    {
      SimBolo *b = g_ptr_array_index (w->bolos, i);

      if (!g_str_equal (b->status, "active"))
        continue;
      if (plate_check && b->vehicle >= 0)
        {
          SimVehicle *v = g_ptr_array_index (w->vehicles, b->vehicle);
          if (g_str_equal (v->plate, plate) && case_match (v->state, state))
            json_array_add_element (a, sim_world_bolo_json (w, b));
        }
      else if (!plate_check && b->person >= 0)
        {
          SimPerson *p = g_ptr_array_index (w->persons, b->person);
          if (g_ascii_strcasecmp (p->last, last) == 0 && case_match (p->first, first) && case_match (p->dob, dob))
            json_array_add_element (a, sim_world_bolo_json (w, b));
        }
    }
  sim_reply_json (req, 200, wrap_array ("matches", a));
}

void
sim_route_hotsheets (SimRequest *req)
{
  g_auto(Route) r;
  SimWorld *w = req->world;

  route_init (&r, req);
  if (!require_bearer_key (req, SIM_HOTSHEETS_KEY, "HotSheets", "HOTSHEETS_API_KEY") || !require_agency (req))
    return;
  if (route_is (&r, "GET", "bolos", NULL))
    {
      const char *status = sim_request_query (req, "status");
      JsonArray *a;

      if (status && *status && !g_str_equal (status, "active") && !g_str_equal (status, "cancelled") &&
          !g_str_equal (status, "expired"))
        {
          sim_reply_error (req, 400, "BAD_PARAMETER", "\"status\" must be active, cancelled or expired.");
          return;
        }
      a = json_array_new ();
      for (guint i = 0; i < w->bolos->len; i++)
        {
          SimBolo *b = g_ptr_array_index (w->bolos, i);
          if (case_match (b->status, status))
            json_array_add_element (a, sim_world_bolo_json (w, b));
        }
      sim_reply_json (req, 200, wrap_array ("bolos", a));
    }
  else if (route_is (&r, "POST", "bolos", NULL))
    hotsheets_create (req);
  else if (route_is (&r, "GET", "bolos", "changes", NULL))
    changes_feed (req, w->bolo_log);
  else if (route_is (&r, "GET", "bolos", "check", "plate", NULL))
    hotsheets_check (req, TRUE);
  else if (route_is (&r, "GET", "bolos", "check", "person", NULL))
    hotsheets_check (req, FALSE);
  else if (route_is (&r, "GET", "bolos", "*", NULL) || route_is (&r, "POST", "bolos", "*", "cancel", NULL))
    {
      SimBolo *b = sim_world_find_bolo (w, r.parts[1]);
      if (b == NULL)
        not_found (req, "The BOLO");
      else if (r.n == 2)
        sim_reply_json (req, 200, wrap ("bolo", sim_world_bolo_json (w, b)));
      else
        hotsheets_cancel (req, b);
    }
  else
    no_route (req);
}

/**
 * sim_route_authorize:
 * @req: a request to a vendor
 *
 * Checks the vendor's credentials as its REST routes do, answering 401 or
 * 403 when they fail. Used by the media routes.
 *
 * Returns: %TRUE when the request may proceed
 */
gboolean
sim_route_authorize (SimRequest *req)
{
  switch (req->vendor)
    {
    case SIM_VENDOR_MILESTONE:
    case SIM_VENDOR_BWC:
      if (!sim_server_check_token (req->server, req->vendor, sim_request_header (req, "Authorization")))
        {
          sim_reply_error (req, 401, "UNAUTHORIZED", "The access token is missing, unknown or expired.");
          return FALSE;
        }
      return TRUE;
    case SIM_VENDOR_FLOCK:
      return require_bearer_key (req, SIM_FLOCK_KEY, "Flock", "FLOCK_API_KEY") && require_agency (req);
    case SIM_VENDOR_SHOTSPOTTER:
      return require_bearer_key (req, SIM_SHOTSPOTTER_KEY, "ShotSpotter", "SHOTSPOTTER_API_KEY");
    case SIM_VENDOR_HOTSHEETS:
      return require_bearer_key (req, SIM_HOTSHEETS_KEY, "HotSheets", "HOTSHEETS_API_KEY") && require_agency (req);
    case SIM_VENDOR_NESS:
      return require_bearer_key (req, SIM_NESS_KEY, "NESS", "NESS_API_KEY");
    case SIM_VENDOR_ONESOLUTION:
      if (!header_is (req, "X-API-Key", SIM_ONESOLUTION_KEY))
        {
          sim_reply_error (req, 401, "UNAUTHORIZED", "OneSolution refused the API key. Check ONESOLUTION_API_KEY.");
          return FALSE;
        }
      return TRUE;
    case SIM_N_VENDORS:
    default:
      g_assert_not_reached ();
    }
}
