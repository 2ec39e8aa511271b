/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccSim"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gstdio.h>

#include "rtcc-sim-private.h"

#define USEC ((gint64) G_USEC_PER_SEC)
#define TILE_CACHE_MAX 512
#define MS_SESSION_GRACE (30 * USEC)

G_DEFINE_QUARK (rtcc-sim-error-quark, rtcc_sim_error)

typedef enum
{
  FAULT_NONE,
  FAULT_TIMEOUT,
  FAULT_SLOW,
  FAULT_REFUSED,
  FAULT_401,
  FAULT_403,
  FAULT_429,
  FAULT_500,
  FAULT_503,
  FAULT_MALFORMED,
  FAULT_TRUNCATED,
  FAULT_WRONG_TYPES,
  FAULT_STREAM_DROP,
  FAULT_TOKEN_EXPIRY,
  FAULT_RTSP_STOP,
} FaultKind;

static const char *fault_names[] = {
  "none", "timeout", "slow", "refused", "401", "403", "429", "500", "503",
  "malformed", "truncated", "wrong_types", "stream_drop", "token_expiry", "rtsp_stop",
};

static const char *vendor_names[] = {
  "milestone", "flock", "shotspotter", "onesolution", "ness", "bwc", "hotsheets",
};

struct _SimFault
{
  SimVendor vendor;
  FaultKind kind;
  guint     retry_after;
  guint     delay_ms;
  int       count;      /* < 0: until cleared */
};

typedef struct
{
  SimVendor vendor;
  gint64    expires_at;
} SimToken;

typedef struct
{
  RtccSimServer           *server;
  SoupWebsocketConnection *conn;
  GSocket                 *socket;
  SimVendor                vendor;
  guint64                  cursor;
  char                    *session;
  gboolean                 subscribed;
  gboolean                 dropped;
} SimWsClient;

typedef struct
{
  char        *id;
  gpointer     owner;             /* the SimWsClient holding it, or NULL */
  gint64       disconnected_at;   /* when the owner went */
  guint64      last_seq;
} SimMsSession;

typedef struct
{
  RtccSimServer     *server;
  SoupServerMessage *msg;
  char              *path;
  GHashTable        *query;
  guint              source;
  gboolean           gone;      /* the client hung up while we held it */
} SimHeld;

struct _RtccSimServer
{
  GObject       parent_instance;

  guint32       seed;
  GMutex        lock;          /* guards the settings below and start state */
  GCond         cond;
  double        rate;
  guint         backfill_days;
  guint         heartbeat_ms;
  gint          verbose;       /* atomic */
  guint         port;
  gboolean      running;
  gboolean      start_done;
  GError       *start_error;

  GThread      *thread;
  GMainContext *context;
  GMainLoop    *loop;

  /* Simulator thread only. */
  SoupServer   *soup;
  SimWorld     *world;
  char         *base_url;
  SimFault     *faults[SIM_N_VENDORS];
  GPtrArray    *held;          /* SimHeld */
  GHashTable   *tokens;        /* token -> SimToken */
  GHashTable   *media_urls;    /* token -> "id\nexpires" */
  GPtrArray    *clients;       /* SimWsClient */
  GHashTable   *ms_sessions;   /* id -> SimMsSession */
  GHashTable   *exports;       /* id -> SimExport */
  GHashTable   *tiles;         /* "z/x/y" -> GBytes */
  GQueue        tile_order;
  GRand        *timing;
  double        acc[8];
  guint         tick_source;
  guint         heartbeat_source;
  gpointer      media;         /* owned by the media routes */
  guint         ticks;
};

G_DEFINE_FINAL_TYPE (RtccSimServer, rtcc_sim_server, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SEED,
  PROP_RATE,
  PROP_PORT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Timers belong to the simulator's context, never the caller's default
 * context: that is what keeps the two threads independent. */
static guint
sim_timeout_add (RtccSimServer *self,
                 guint          msec,
                 GSourceFunc    func,
                 gpointer       data)
{
  GSource *source = g_timeout_source_new (msec);
  guint id;

  g_source_set_callback (source, func, data, NULL);
  id = g_source_attach (source, self->context);
  g_source_unref (source);
  return id;
}

static void
sim_source_remove (RtccSimServer *self,
                   guint         *id)
{
  if (*id != 0)
    {
      GSource *source = g_main_context_find_source_by_id (self->context, *id);
      if (source)
        g_source_destroy (source);
      *id = 0;
    }
}

static void handle_vendor (RtccSimServer *self, SoupServerMessage *msg, const char *path, GHashTable *query, gboolean after_hold);

const char *
sim_vendor_name (SimVendor vendor)
{
  g_return_val_if_fail (vendor < SIM_N_VENDORS, NULL);
  return vendor_names[vendor];
}

static int
vendor_from_name (const char *name)
{
  for (guint i = 0; i < SIM_N_VENDORS; i++)
    if (g_strcmp0 (name, vendor_names[i]) == 0)
      return (int) i;
  return -1;
}

/* Replies --------------------------------------------------------------- */

static FaultKind
body_fault (SimRequest *req)
{
  SimFault *f = req->admin ? NULL : req->server->faults[req->vendor];

  if (f == NULL || req->admin)
    return FAULT_NONE;
  if (f->kind == FAULT_MALFORMED || f->kind == FAULT_TRUNCATED || f->kind == FAULT_WRONG_TYPES)
    return f->kind;
  return FAULT_NONE;
}

static void
fault_consume (RtccSimServer *self,
               SimVendor      vendor)
{
  SimFault *f = self->faults[vendor];

  if (f != NULL && f->count > 0 && --f->count == 0)
    g_clear_pointer (&self->faults[vendor], g_free);
}

static void
wrong_types (JsonNode *node)
{
  /* Numbers and booleans become strings, string arrays one joined string:
   * what a careless vendor release does to a schema. */
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *o = json_node_get_object (node);
      g_autoptr(GList) members = json_object_get_members (o);

      for (GList *l = members; l; l = l->next)
        {
          JsonNode *m = json_object_get_member (o, l->data);

          if (JSON_NODE_HOLDS_VALUE (m) && json_node_get_value_type (m) != G_TYPE_STRING)
            {
              g_autofree char *text = NULL;
              GType t = json_node_get_value_type (m);

              if (t == G_TYPE_BOOLEAN)
                text = g_strdup (json_node_get_boolean (m) ? "yes" : "no");
              else if (t == G_TYPE_INT64)
                text = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (m));
              else
                {
                  char buf[G_ASCII_DTOSTR_BUF_SIZE];
                  text = g_strdup (g_ascii_dtostr (buf, sizeof buf, json_node_get_double (m)));
                }
              json_object_set_string_member (o, l->data, text);
            }
          else if (JSON_NODE_HOLDS_ARRAY (m))
            {
              JsonArray *a = json_node_get_array (m);
              gboolean all_strings = json_array_get_length (a) > 0;

              for (guint i = 0; i < json_array_get_length (a); i++)
                {
                  JsonNode *e = json_array_get_element (a, i);
                  if (!JSON_NODE_HOLDS_VALUE (e) || json_node_get_value_type (e) != G_TYPE_STRING)
                    all_strings = FALSE;
                  wrong_types (e);
                }
              if (all_strings)
                {
                  GString *joined = g_string_new (NULL);
                  for (guint i = 0; i < json_array_get_length (a); i++)
                    g_string_append_printf (joined, "%s%s", i ? "," : "", json_array_get_string_element (a, i));
                  json_object_set_string_member (o, l->data, joined->str);
                  g_string_free (joined, TRUE);
                }
            }
          else
            wrong_types (m);
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *a = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (a); i++)
        wrong_types (json_array_get_element (a, i));
    }
}

static void
reply_raw_truncated (SimRequest *req,
                     guint       status,
                     const char *content_type,
                     const char *body,
                     gsize       len)
{
  g_autoptr(GIOStream) stream = soup_server_message_steal_connection (req->msg);
  g_autofree char *head = NULL;
  GOutputStream *out;

  /* Announce the whole length, send half, hang up: the client sees the
   * body end early, as when a proxy drops a connection mid-transfer. */
  head = g_strdup_printf ("HTTP/1.1 %u %s\r\nContent-Type: %s\r\nContent-Length: %" G_GSIZE_FORMAT "\r\n"
                          "%sConnection: close\r\n\r\n",
                          status, soup_status_get_phrase (status), content_type, len,
                          req->vendor == SIM_VENDOR_NESS ? "Cache-Control: no-store\r\n" : "");
  out = g_io_stream_get_output_stream (stream);
  g_output_stream_write_all (out, head, strlen (head), NULL, NULL, NULL);
  g_output_stream_write_all (out, body, len / 2, NULL, NULL, NULL);
  g_output_stream_flush (out, NULL, NULL);
  g_io_stream_close (stream, NULL, NULL);
  soup_server_message_set_status (req->msg, status, NULL);
}

/**
 * sim_reply_json:
 * @req: the request
 * @status: HTTP status
 * @node: (transfer full): the body
 *
 * Answers with @node, spoiled as the vendor's active fault says.
 */
void
sim_reply_json (SimRequest *req,
                guint       status,
                JsonNode   *node)
{
  g_autoptr(JsonNode) owned = node;
  g_autofree char *body = NULL;
  FaultKind fault = body_fault (req);

  if (fault == FAULT_WRONG_TYPES)
    wrong_types (owned);
  body = json_to_string (owned, FALSE);

  if (fault == FAULT_TRUNCATED)
    {
      reply_raw_truncated (req, status, "application/json", body, strlen (body));
      return;
    }
  if (fault == FAULT_MALFORMED)
    {
      /* Keep a plausible start, then break the syntax. */
      gsize keep = strlen (body) * 2 / 3;
      g_autofree char *broken = g_strdup_printf ("%.*s,,\"}{ <html>", (int) keep, body);
      g_free (body);
      body = g_steal_pointer (&broken);
    }
  soup_server_message_set_status (req->msg, status, NULL);
  soup_server_message_set_response (req->msg, "application/json", SOUP_MEMORY_COPY, body, strlen (body));
}

void
sim_reply_error (SimRequest *req,
                 guint       status,
                 const char *code,
                 const char *message)
{
  JsonObject *o = json_object_new ();
  JsonObject *err = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  if (req->vendor == SIM_VENDOR_MILESTONE)
    {
      JsonArray *details = json_array_new ();
      JsonObject *d = json_object_new ();

      json_object_set_int_member (err, "httpCode", status);
      json_object_set_string_member (d, "errorText", message);
      json_array_add_object_element (details, d);
      json_object_set_array_member (err, "details", details);
    }
  else
    {
      json_object_set_string_member (err, "code", code);
      json_object_set_string_member (err, "message", message);
    }
  json_object_set_object_member (o, "error", err);
  json_node_take_object (node, o);
  /* Error bodies stay well formed: a fault spoils one thing at a time. */
  {
    g_autofree char *body = json_to_string (node, FALSE);
    soup_server_message_set_status (req->msg, status, NULL);
    soup_server_message_set_response (req->msg, "application/json", SOUP_MEMORY_COPY, body, strlen (body));
  }
  json_node_unref (node);
}

void
sim_reply_bytes (SimRequest *req,
                 guint       status,
                 const char *content_type,
                 GBytes     *bytes)
{
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  if (body_fault (req) == FAULT_TRUNCATED)
    {
      reply_raw_truncated (req, status, content_type, data, len);
      return;
    }
  soup_server_message_set_status (req->msg, status, NULL);
  soup_server_message_set_response (req->msg, content_type, SOUP_MEMORY_COPY, data, len);
}

JsonNode *
sim_request_body_json (SimRequest  *req,
                       GError     **error)
{
  SoupMessageBody *body = soup_server_message_get_request_body (req->msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  if (len > 1024 * 1024)
    {
      g_set_error_literal (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
                           "The request body is larger than 1 MiB.");
      return NULL;
    }
  if (len == 0 || !json_parser_load_from_data (parser, data, len, error))
    {
      if (error && *error == NULL)
        g_set_error_literal (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
                             "The request body is empty; a JSON object was expected.");
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error_literal (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
                           "The request body must be a JSON object.");
      return NULL;
    }
  return json_node_ref (json_parser_get_root (parser));
}

const char *
sim_request_header (SimRequest *req,
                    const char *name)
{
  return soup_message_headers_get_one (soup_server_message_get_request_headers (req->msg), name);
}

const char *
sim_request_query (SimRequest *req,
                   const char *name)
{
  return req->query ? g_hash_table_lookup (req->query, name) : NULL;
}

/* Tokens ------------------------------------------------------------------ */

guint
sim_server_token_lifetime (RtccSimServer *self,
                           SimVendor      vendor,
                           guint          lifetime_s)
{
  /* An early-expiry fault makes new tokens die after two seconds while
   * still promising the full lifetime. */
  if (self->faults[vendor] && self->faults[vendor]->kind == FAULT_TOKEN_EXPIRY)
    return 2;
  return lifetime_s;
}

char *
sim_server_issue_token (RtccSimServer *self,
                        SimVendor      vendor,
                        guint          lifetime_s)
{
  SimToken *t = g_new0 (SimToken, 1);
  g_autofree char *uuid = g_uuid_string_random ();
  char *token = g_strdup_printf ("sim-%s-%s", vendor_names[vendor], uuid);

  t->vendor = vendor;
  t->expires_at = g_get_real_time () + (gint64) sim_server_token_lifetime (self, vendor, lifetime_s) * USEC;
  g_hash_table_insert (self->tokens, g_strdup (token), t);
  return token;
}

gboolean
sim_server_check_token (RtccSimServer *self,
                        SimVendor      vendor,
                        const char    *authorization)
{
  SimToken *t;

  if (authorization == NULL || !g_str_has_prefix (authorization, "Bearer "))
    return FALSE;
  t = g_hash_table_lookup (self->tokens, authorization + 7);
  return t != NULL && t->vendor == vendor && t->expires_at > g_get_real_time ();
}

char *
sim_server_issue_media_url (RtccSimServer *self,
                            const char    *recording_id,
                            gint64         expires_at)
{
  g_autofree char *uuid = g_uuid_string_random ();

  g_hash_table_insert (self->media_urls, g_strdup (uuid),
                       g_strdup_printf ("%s\n%" G_GINT64_FORMAT, recording_id, expires_at));
  return g_strdup_printf ("%s/bwc/media/%s", self->base_url, uuid);
}

char *
sim_server_lookup_media_url (RtccSimServer *self,
                             const char    *token,
                             gint64        *expires_at)
{
  const char *v = g_hash_table_lookup (self->media_urls, token);
  const char *nl;

  if (v == NULL || (nl = strchr (v, '\n')) == NULL)
    return NULL;
  *expires_at = g_ascii_strtoll (nl + 1, NULL, 10);
  return g_strndup (v, nl - v);
}

GHashTable *
sim_server_get_exports (RtccSimServer *self)
{
  return self->exports;
}

SimWorld *
sim_server_get_world (RtccSimServer *self)
{
  return self->world;
}

gpointer *
sim_server_media_slot (RtccSimServer *self)
{
  return &self->media;
}

GMainContext *
sim_server_get_context (RtccSimServer *self)
{
  return self->context;
}

guint32
sim_server_get_seed_internal (RtccSimServer *self)
{
  return self->seed;
}

/* Streams ----------------------------------------------------------------- */

static void
client_free (SimWsClient *c)
{
  g_signal_handlers_disconnect_by_data (c->conn, c);
  if (soup_websocket_connection_get_state (c->conn) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (c->conn, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, NULL);
  g_clear_object (&c->conn);
  g_clear_object (&c->socket);
  g_free (c->session);
  g_free (c);
}

static void
client_send_node (SimWsClient *c,
                  JsonNode    *node)
{
  g_autofree char *text = json_to_string (node, FALSE);

  if (!c->dropped && soup_websocket_connection_get_state (c->conn) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_send_text (c->conn, text);
}

static void
client_release_session (SimWsClient *c)
{
  SimMsSession *s = c->session ? g_hash_table_lookup (c->server->ms_sessions, c->session) : NULL;

  /* Only the current owner may mark a session as left: an old dropped
   * connection closing late must not orphan a resumed session. */
  if (s && s->owner == c)
    {
      s->owner = NULL;
      s->disconnected_at = g_get_real_time ();
    }
}

static void
client_drop (SimWsClient *c)
{
  /* A text frame announcing 200 bytes, 40 of them sent, then the write
   * side shut: the client sees the stream end mid-message. */
  guint8 frame[4 + 40] = { 0x81, 126, 0, 200 };
  memset (frame + 4, '{', 40);

  if (c->dropped)
    return;
  c->dropped = TRUE;
  client_release_session (c);
  if (c->socket)
    {
      g_socket_send (c->socket, (const char *) frame, sizeof frame, NULL, NULL);
      g_socket_shutdown (c->socket, FALSE, TRUE, NULL);
    }
}

static gboolean
maybe_drop_stream (RtccSimServer *self,
                   SimWsClient   *c)
{
  SimFault *f = self->faults[c->vendor];

  if (f == NULL || f->kind != FAULT_STREAM_DROP || c->dropped)
    return FALSE;
  client_drop (c);
  fault_consume (self, c->vendor);
  return TRUE;
}

static void
client_send_entry (SimWsClient *c,
                   SimLogEntry *e)
{
  RtccSimServer *self = c->server;

  if (c->dropped || maybe_drop_stream (self, c))
    return;

  if (c->vendor == SIM_VENDOR_SHOTSPOTTER)
    {
      g_autoptr(JsonNode) copy = json_node_copy (e->node);
      g_autofree char *cursor = g_strdup_printf ("%" G_GUINT64_FORMAT, e->seq);
      json_object_set_string_member (json_node_get_object (copy), "cursor", cursor);
      client_send_node (c, copy);
    }
  else if (c->vendor == SIM_VENDOR_MILESTONE)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
      JsonObject *o = json_object_new ();
      JsonArray *events = json_array_new ();

      json_array_add_element (events, json_node_copy (e->node));
      json_object_set_array_member (o, "events", events);
      json_node_take_object (node, o);
      client_send_node (c, node);
      if (c->session)
        {
          SimMsSession *s = g_hash_table_lookup (self->ms_sessions, c->session);
          if (s && s->owner == c)
            s->last_seq = e->seq;
        }
    }
  else
    client_send_node (c, e->node);
  c->cursor = e->seq;
}

static void
client_replay (SimWsClient *c,
               GPtrArray   *log,
               guint64      after)
{
  for (guint i = 0; i < log->len; i++)
    {
      SimLogEntry *e = g_ptr_array_index (log, i);
      if (e->seq > after)
        client_send_entry (c, e);
    }
}

void
sim_server_publish (RtccSimServer *self,
                    SimVendor      vendor,
                    SimLogEntry   *entry)
{
  if (entry == NULL)
    return;
  for (guint i = 0; i < self->clients->len; i++)
    {
      SimWsClient *c = g_ptr_array_index (self->clients, i);
      if (c->vendor == vendor && (vendor != SIM_VENDOR_MILESTONE || c->subscribed))
        client_send_entry (c, entry);
    }
}

static void
on_client_closed (SoupWebsocketConnection *conn,
                  SimWsClient             *c)
{
  RtccSimServer *self = c->server;

  client_release_session (c);
  g_ptr_array_remove (self->clients, c);
}

static void
ms_reply (SimWsClient *c,
          gint64       command_id,
          guint        status,
          const char  *session,
          const char  *error)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  JsonObject *o = json_object_new ();
  JsonObject *data = json_object_new ();

  json_object_set_int_member (o, "commandId", command_id);
  json_object_set_int_member (o, "status", status);
  if (session)
    json_object_set_string_member (data, "sessionId", session);
  if (error)
    json_object_set_string_member (data, "error", error);
  json_object_set_object_member (o, "data", data);
  json_node_take_object (node, o);
  client_send_node (c, node);
}

static void
ms_handle_command (SimWsClient *c,
                   const char  *text,
                   gsize        len)
{
  RtccSimServer *self = c->server;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *o, *data;
  const char *command;
  gint64 id;

  if (!json_parser_load_from_data (parser, text, len, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      ms_reply (c, 0, 400, NULL, "The command is not a JSON object.");
      return;
    }
  o = json_node_get_object (json_parser_get_root (parser));
  command = sim_json_string (o, "command", "");
  id = sim_json_int (o, "commandId", 0);
  data = json_object_has_member (o, "data") && JSON_NODE_HOLDS_OBJECT (json_object_get_member (o, "data"))
         ? json_object_get_object_member (o, "data") : NULL;

  if (g_str_equal (command, "startSession"))
    {
      const char *sid = data ? sim_json_string (data, "sessionId", "") : "";
      const char *eid = data ? sim_json_string (data, "eventId", "") : "";
      SimMsSession *s = *sid ? g_hash_table_lookup (self->ms_sessions, sid) : NULL;
      gint64 now = g_get_real_time ();

      if (s && s->owner == NULL && now - s->disconnected_at <= MS_SESSION_GRACE)
        {
          guint64 after = s->last_seq;

          /* Resume: replay everything after the client's last event. */
          for (guint i = 0; *eid && i < self->world->ms_log->len; i++)
            {
              SimLogEntry *e = g_ptr_array_index (self->world->ms_log, i);
              if (g_str_equal (e->id, eid))
                after = e->seq;
            }
          client_release_session (c);
          s->owner = c;
          s->disconnected_at = 0;
          g_free (c->session);
          c->session = g_strdup (s->id);
          c->subscribed = TRUE;
          ms_reply (c, id, 200, s->id, NULL);
          client_replay (c, self->world->ms_log, after);
          return;
        }
      client_release_session (c);
      s = g_new0 (SimMsSession, 1);
      s->id = g_uuid_string_random ();
      s->owner = c;
      s->last_seq = self->world->next_seq;
      g_hash_table_replace (self->ms_sessions, s->id, s);
      g_free (c->session);
      c->session = g_strdup (s->id);
      ms_reply (c, id, 201, s->id, NULL);
    }
  else if (g_str_equal (command, "addSubscription"))
    {
      if (c->session == NULL)
        {
          ms_reply (c, id, 409, NULL, "Start a session before adding a subscription.");
          return;
        }
      c->subscribed = TRUE;
      ms_reply (c, id, 200, c->session, NULL);
    }
  else
    ms_reply (c, id, 400, NULL, "Unknown command.");
}

static void
on_client_message (SoupWebsocketConnection *conn,
                   int                      type,
                   GBytes                  *message,
                   SimWsClient             *c)
{
  gsize len;
  const char *data = g_bytes_get_data (message, &len);

  if (c->vendor == SIM_VENDOR_MILESTONE && type == SOUP_WEBSOCKET_DATA_TEXT)
    ms_handle_command (c, data, len);
}

static void
websocket_cb (SoupServer              *server,
              SoupServerMessage       *msg,
              const char              *path,
              SoupWebsocketConnection *conn,
              gpointer                 user_data)
{
  RtccSimServer *self = user_data;
  SimWsClient *c = g_new0 (SimWsClient, 1);
  const char *query = g_uri_get_query (soup_server_message_get_uri (msg));
  g_autoptr(GHashTable) params = query ? soup_form_decode (query) : NULL;
  const char *cursor = params ? g_hash_table_lookup (params, "cursor") : NULL;

  c->server = self;
  c->conn = g_object_ref (conn);
  c->socket = soup_server_message_get_socket (msg) ? g_object_ref (soup_server_message_get_socket (msg)) : NULL;
  if (g_str_has_prefix (path, "/milestone"))
    c->vendor = SIM_VENDOR_MILESTONE;
  else if (g_str_has_prefix (path, "/flock"))
    c->vendor = SIM_VENDOR_FLOCK;
  else
    c->vendor = SIM_VENDOR_SHOTSPOTTER;
  g_ptr_array_add (self->clients, c);
  g_signal_connect (conn, "message", G_CALLBACK (on_client_message), c);
  g_signal_connect (conn, "closed", G_CALLBACK (on_client_closed), c);
  soup_websocket_connection_set_keepalive_interval (conn, 0);

  /* Without a cursor a stream starts now; with one it replays first. */
  if (c->vendor == SIM_VENDOR_SHOTSPOTTER)
    {
      if (cursor && *cursor)
        client_replay (c, self->world->ss_log, g_ascii_strtoull (cursor, NULL, 10));
      else
        c->cursor = self->world->next_seq;
    }
  else if (c->vendor == SIM_VENDOR_FLOCK)
    {
      if (cursor && *cursor)
        client_replay (c, self->world->hit_log, g_ascii_strtoull (cursor, NULL, 10));
      else
        c->cursor = self->world->next_seq;
    }
}

static gboolean
heartbeat_cb (gpointer data)
{
  RtccSimServer *self = data;

  for (guint i = 0; i < self->clients->len; i++)
    {
      SimWsClient *c = g_ptr_array_index (self->clients, i);
      g_autoptr(JsonNode) node = NULL;
      JsonObject *o;
      g_autofree char *cursor = NULL;

      if (c->vendor != SIM_VENDOR_SHOTSPOTTER || c->dropped || maybe_drop_stream (self, c))
        continue;
      node = json_node_new (JSON_NODE_OBJECT);
      o = json_object_new ();
      cursor = g_strdup_printf ("%" G_GUINT64_FORMAT, c->cursor);
      json_object_set_string_member (o, "kind", "heartbeat");
      json_object_set_string_member (o, "cursor", cursor);
      json_node_take_object (node, o);
      client_send_node (c, node);
    }
  return G_SOURCE_CONTINUE;
}

/* Live generation ----------------------------------------------------------- */

static const struct { SimLiveKind kind; SimVendor vendor; double per_second; const char *name; } live_kinds[] = {
  { SIM_LIVE_GUNSHOT, SIM_VENDOR_SHOTSPOTTER, 1.0 / 45, "gunshot" },
  { SIM_LIVE_GUNSHOT_REVIEW, SIM_VENDOR_SHOTSPOTTER, 1.0 / 90, "gunshot_review" },
  { SIM_LIVE_LPR_READ, SIM_VENDOR_FLOCK, 1.0 / 3, "lpr_read" },
  { SIM_LIVE_LPR_HIT, SIM_VENDOR_FLOCK, 1.0 / 60, "lpr_hit" },
  { SIM_LIVE_INCIDENT, SIM_VENDOR_ONESOLUTION, 1.0 / 40, "incident" },
  { SIM_LIVE_BOLO, SIM_VENDOR_HOTSHEETS, 1.0 / 120, "bolo" },
  { SIM_LIVE_MOTION, SIM_VENDOR_MILESTONE, 1.0 / 10, "motion" },
  { SIM_LIVE_BWC_RECORDING, SIM_VENDOR_BWC, 1.0 / 90, "bwc_recording" },
};

static JsonNode *
generate_and_publish (RtccSimServer *self,
                      guint          k,
                      JsonObject    *params)
{
  SimLogEntry *entry = NULL;
  JsonNode *node = sim_world_generate (self->world, live_kinds[k].kind, g_get_real_time (), params, &entry);

  sim_server_publish (self, live_kinds[k].vendor, entry);
  if (live_kinds[k].kind == SIM_LIVE_MOTION && node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      const char *type = sim_json_string (json_node_get_object (node), "type", "");
      const char *source = sim_json_string (json_node_get_object (node), "source", "");
      SimCamera *c = g_str_has_prefix (source, "cameras/") ? sim_world_find_camera (self->world, source + 8) : NULL;

      if (c != NULL && (g_str_equal (type, "CameraNotResponding") || g_str_equal (type, "CameraResponding")))
        sim_media_rtsp_set_camera_live (self, c->id, c->enabled && c->responding);
    }
  return node;
}

/* Forget what can no longer be used, so a simulator left running for days
 * does not grow without bound. */
static void
prune (RtccSimServer *self)
{
  gint64 now = g_get_real_time ();
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->tokens);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (((SimToken *) value)->expires_at < now)
      g_hash_table_iter_remove (&iter);

  g_hash_table_iter_init (&iter, self->media_urls);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *nl = strchr (value, '\n');
      if (nl == NULL || g_ascii_strtoll (nl + 1, NULL, 10) < now)
        g_hash_table_iter_remove (&iter);
    }

  g_hash_table_iter_init (&iter, self->ms_sessions);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      SimMsSession *s = value;
      if (s->owner == NULL && now - s->disconnected_at > MS_SESSION_GRACE)
        g_hash_table_iter_remove (&iter);
    }
}

static gboolean
tick_cb (gpointer data)
{
  RtccSimServer *self = data;
  double rate;

  if (++self->ticks % 60 == 0)
    prune (self);

  g_mutex_lock (&self->lock);
  rate = self->rate;
  g_mutex_unlock (&self->lock);

  for (guint k = 0; k < G_N_ELEMENTS (live_kinds); k++)
    {
      self->acc[k] += rate * live_kinds[k].per_second * g_rand_double_range (self->timing, 0.5, 1.5);
      while (self->acc[k] >= 1.0)
        {
          JsonNode *n;
          self->acc[k] -= 1.0;
          n = generate_and_publish (self, k, NULL);
          g_clear_pointer (&n, json_node_unref);
        }
    }
  return G_SOURCE_CONTINUE;
}

/* Held requests (timeout and slow faults) ----------------------------------- */

static void
held_disconnected (SoupServerMessage *msg,
                   SimHeld           *h)
{
  h->gone = TRUE;
}

static void
held_free (SimHeld *h)
{
  sim_source_remove (h->server, &h->source);
  if (h->msg)
    g_signal_handlers_disconnect_by_data (h->msg, h);
  g_clear_object (&h->msg);
  g_clear_pointer (&h->query, g_hash_table_unref);
  g_free (h->path);
  g_free (h);
}

static void
held_release (SimHeld *h)
{
  RtccSimServer *self = h->server;
  SoupServerMessage *msg = g_object_ref (h->msg);

  h->source = 0;
  if (h->gone)
    {
      g_object_unref (msg);
      return;
    }
  handle_vendor (self, msg, h->path, h->query, TRUE);
  soup_server_message_unpause (msg);
  g_object_unref (msg);
}


static void
release_held (RtccSimServer *self,
              int            vendor)
{
  for (guint i = self->held->len; i > 0; i--)
    {
      SimHeld *h = g_ptr_array_index (self->held, i - 1);
      const char *p = h->path + 1;

      if (vendor < 0 || g_str_has_prefix (p, vendor_names[vendor]))
        {
          held_release (h);
          g_ptr_array_remove_index_fast (self->held, i - 1);
        }
    }
}

static gboolean
slow_cb (gpointer data)
{
  SimHeld *h = data;

  held_release (h);
  g_ptr_array_remove_fast (h->server->held, h);
  return G_SOURCE_REMOVE;
}

/* Dispatch ------------------------------------------------------------------ */

static void
handle_vendor (RtccSimServer     *self,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gboolean           after_hold)
{
  SimRequest req = { .msg = msg, .path = path, .query = query, .server = self, .world = self->world };
  SimFault *f;
  int v = -1;

  for (guint i = 0; i < SIM_N_VENDORS; i++)
    {
      gsize n = strlen (vendor_names[i]);
      if (path[0] == '/' && strncmp (path + 1, vendor_names[i], n) == 0 &&
          (path[n + 1] == '\0' || path[n + 1] == '/'))
        v = (int) i;
    }
  g_assert (v >= 0);
  req.vendor = v;
  req.sub = path + 1 + strlen (vendor_names[v]);

  if (v == SIM_VENDOR_NESS)
    soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Cache-Control", "no-store");

  f = self->faults[v];
  if (f != NULL && !after_hold)
    {
      gboolean is_stream = g_str_has_suffix (path, "/stream") || g_str_has_suffix (path, "/ws/events/v1");

      switch (f->kind)
        {
        case FAULT_REFUSED:
          {
            g_autoptr(GIOStream) stream = soup_server_message_steal_connection (msg);
            fault_consume (self, v);
            g_io_stream_close (stream, NULL, NULL);
            /* A status keeps libsoup from treating it as a WebSocket upgrade;
             * nothing is written on a stolen connection. */
            soup_server_message_set_status (msg, 503, NULL);
          }
          return;

        case FAULT_TIMEOUT:
        case FAULT_SLOW:
          if (!is_stream)
            {
              SimHeld *h = g_new0 (SimHeld, 1);

              h->server = self;
              h->msg = g_object_ref (msg);
              h->path = g_strdup (path);
              h->query = query ? g_hash_table_ref (query) : NULL;
              /* libsoup tears the message down when the client goes. */
              g_signal_connect (msg, "disconnected", G_CALLBACK (held_disconnected), h);
              g_signal_connect (msg, "finished", G_CALLBACK (held_disconnected), h);
              soup_server_message_pause (msg);
              if (f->kind == FAULT_SLOW)
                h->source = sim_timeout_add (self, f->delay_ms, slow_cb, h);
              g_ptr_array_add (self->held, h);
              fault_consume (self, v);
              return;
            }
          break;

        case FAULT_401:
        case FAULT_403:
        case FAULT_429:
        case FAULT_500:
        case FAULT_503:
          {
            static const guint codes[] = { [FAULT_401] = 401, [FAULT_403] = 403, [FAULT_429] = 429,
                                           [FAULT_500] = 500, [FAULT_503] = 503 };
            static const char *texts[] = {
              [FAULT_401] = "The credentials were refused or have expired.",
              [FAULT_403] = "This account may not use this resource.",
              [FAULT_429] = "Too many requests; retry later.",
              [FAULT_500] = "Internal server error.",
              [FAULT_503] = "The service is temporarily unavailable.",
            };
            static const char *ids[] = {
              [FAULT_401] = "UNAUTHORIZED", [FAULT_403] = "FORBIDDEN", [FAULT_429] = "RATE_LIMITED",
              [FAULT_500] = "INTERNAL_ERROR", [FAULT_503] = "UNAVAILABLE",
            };
            FaultKind kind = f->kind;

            if (kind == FAULT_429 || kind == FAULT_503)
              {
                g_autofree char *ra = g_strdup_printf ("%u", f->retry_after);
                soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", ra);
              }
            fault_consume (self, v);
            sim_reply_error (&req, codes[kind], ids[kind], texts[kind]);
          }
          return;

        case FAULT_MALFORMED:
        case FAULT_TRUNCATED:
        case FAULT_WRONG_TYPES:
          if (!is_stream)
            {
              /* Consumed after the answer is written, below. */
              break;
            }
          break;

        case FAULT_TOKEN_EXPIRY:
          if (v != SIM_VENDOR_MILESTONE && v != SIM_VENDOR_BWC)
            {
              fault_consume (self, v);
              sim_reply_error (&req, 401, "UNAUTHORIZED", "The API key has expired.");
              return;
            }
          break;

        case FAULT_NONE:
        case FAULT_STREAM_DROP:
        case FAULT_RTSP_STOP:
        default:
          break;
        }
    }

  if (sim_media_route (&req))
    ;
  else
    {
      static void (*routes[SIM_N_VENDORS]) (SimRequest *) = {
        [SIM_VENDOR_MILESTONE] = sim_route_milestone,
        [SIM_VENDOR_FLOCK] = sim_route_flock,
        [SIM_VENDOR_SHOTSPOTTER] = sim_route_shotspotter,
        [SIM_VENDOR_ONESOLUTION] = sim_route_onesolution,
        [SIM_VENDOR_NESS] = sim_route_ness,
        [SIM_VENDOR_BWC] = sim_route_bwc,
        [SIM_VENDOR_HOTSHEETS] = sim_route_hotsheets,
      };

      routes[v] (&req);
    }

  f = self->faults[v];
  if (f && (f->kind == FAULT_MALFORMED || f->kind == FAULT_TRUNCATED || f->kind == FAULT_WRONG_TYPES))
    fault_consume (self, v);

  if (g_atomic_int_get (&self->verbose))
    {
      guint status = soup_server_message_get_status (msg);
      g_autofree char *outcome = status ? g_strdup_printf ("%u", status) : g_strdup ("(answered later)");

      g_message ("%s %s %s -> %s", vendor_names[v], soup_server_message_get_method (msg),
                 /* Paths of person and NESS lookups can carry CJI: log the vendor only. */
                 v == SIM_VENDOR_NESS || v == SIM_VENDOR_ONESOLUTION ? "(path withheld)" : path,
                 outcome);
    }
}

/* Admin ----------------------------------------------------------------------- */

/* Admin input comes from scripts and people: a member of the wrong type is
 * a 400, never a json-glib critical. */
static gboolean
member_is (JsonObject *o,
           const char *key,
           GType       type)
{
  JsonNode *n;

  if (!json_object_has_member (o, key))
    return TRUE;
  n = json_object_get_member (o, key);
  if (JSON_NODE_HOLDS_NULL (n))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (n))
    return FALSE;
  if (type == G_TYPE_DOUBLE)
    return json_node_get_value_type (n) == G_TYPE_DOUBLE || json_node_get_value_type (n) == G_TYPE_INT64;
  return json_node_get_value_type (n) == type;
}

static JsonNode *
fault_json (SimFault *f)
{
  JsonObject *o = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (o, "vendor", vendor_names[f->vendor]);
  json_object_set_string_member (o, "fault", fault_names[f->kind]);
  json_object_set_int_member (o, "retry_after", f->retry_after);
  json_object_set_int_member (o, "delay_ms", f->delay_ms);
  if (f->count >= 0)
    json_object_set_int_member (o, "count", f->count);
  else
    json_object_set_null_member (o, "count");
  json_node_take_object (node, o);
  return node;
}

static void
drop_streams (RtccSimServer *self,
              SimVendor      vendor)
{
  for (guint i = 0; i < self->clients->len; i++)
    {
      SimWsClient *c = g_ptr_array_index (self->clients, i);
      if (c->vendor == vendor)
        maybe_drop_stream (self, c);
    }
}

static void
clear_fault (RtccSimServer *self,
             int            vendor)
{
  for (guint i = 0; i < SIM_N_VENDORS; i++)
    if (vendor < 0 || (int) i == vendor)
      {
        if (self->faults[i] && self->faults[i]->kind == FAULT_RTSP_STOP)
          sim_media_rtsp_stop (self, FALSE);
        g_clear_pointer (&self->faults[i], g_free);
      }
  release_held (self, vendor);
}

static void
admin_set_fault (RtccSimServer *self,
                 SimRequest    *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) body = sim_request_body_json (req, &error);
  JsonObject *o;
  const char *vendor_name, *fault_name;
  int vendor, kind = -1;
  SimFault *f;

  if (body == NULL)
    {
      sim_reply_error (req, 400, "BAD_REQUEST", error->message);
      return;
    }
  o = json_node_get_object (body);
  if (!member_is (o, "retry_after", G_TYPE_INT64) || !member_is (o, "delay_ms", G_TYPE_INT64) ||
      !member_is (o, "count", G_TYPE_INT64))
    {
      sim_reply_error (req, 400, "BAD_REQUEST", "\"retry_after\", \"delay_ms\" and \"count\" must be whole numbers.");
      return;
    }
  vendor_name = sim_json_string (o, "vendor", NULL);
  fault_name = sim_json_string (o, "fault", NULL);
  vendor = vendor_from_name (vendor_name);
  for (guint i = 1; fault_name && i < G_N_ELEMENTS (fault_names); i++)
    if (g_str_equal (fault_name, fault_names[i]))
      kind = (int) i;
  if (vendor < 0)
    {
      sim_reply_error (req, 400, "BAD_VENDOR",
                       "\"vendor\" must be one of milestone, flock, shotspotter, onesolution, ness, bwc, hotsheets.");
      return;
    }
  if (kind < 0)
    {
      sim_reply_error (req, 400, "BAD_FAULT",
                       "\"fault\" must be one of timeout, slow, refused, 401, 403, 429, 500, 503, malformed, "
                       "truncated, wrong_types, stream_drop, token_expiry, rtsp_stop.");
      return;
    }
  if (kind == FAULT_RTSP_STOP && vendor != SIM_VENDOR_MILESTONE)
    {
      sim_reply_error (req, 400, "BAD_FAULT", "rtsp_stop applies to milestone only.");
      return;
    }
  /* Clear first: clearing an earlier rtsp_stop restarts the streams. */
  clear_fault (self, vendor);
  if (kind == FAULT_RTSP_STOP && !sim_media_rtsp_stop (self, TRUE))
    {
      sim_reply_error (req, 422, "UNSUPPORTED", "This build of the simulator has no RTSP server.");
      return;
    }

  f = g_new0 (SimFault, 1);
  f->vendor = vendor;
  f->kind = kind;
  f->retry_after = (guint) CLAMP (sim_json_int (o, "retry_after", 2), 0, 86400);
  f->delay_ms = (guint) CLAMP (sim_json_int (o, "delay_ms", 3000), 0, 600000);
  f->count = sim_json_int (o, "count", -1) < 0 ? -1 : (int) CLAMP (sim_json_int (o, "count", -1), 1, G_MAXINT);
  self->faults[vendor] = f;

  if (kind == FAULT_TOKEN_EXPIRY)
    {
      GHashTableIter iter;
      SimToken *t;

      /* Tokens already handed out stop working now. */
      g_hash_table_iter_init (&iter, self->tokens);
      while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &t))
        if (t->vendor == (SimVendor) vendor)
          t->expires_at = 0;
    }
  sim_reply_json (req, 201, fault_json (f));
  if (kind == FAULT_STREAM_DROP)
    drop_streams (self, vendor);
}

static void
admin_list_faults (RtccSimServer *self,
                   SimRequest    *req)
{
  JsonObject *o = json_object_new ();
  JsonArray *a = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  for (guint i = 0; i < SIM_N_VENDORS; i++)
    if (self->faults[i])
      json_array_add_element (a, fault_json (self->faults[i]));
  json_object_set_array_member (o, "faults", a);
  json_node_take_object (node, o);
  sim_reply_json (req, 200, node);
}

static void
admin_inject (RtccSimServer *self,
              SimRequest    *req)
{
  static const struct { const char *kind; guint index; SimVendor vendor; } kinds[] = {
    { "gunshot", 0, SIM_VENDOR_SHOTSPOTTER }, { "gunshot_review", 1, SIM_VENDOR_SHOTSPOTTER },
    { "lpr_read", 2, SIM_VENDOR_FLOCK }, { "lpr_hit", 3, SIM_VENDOR_FLOCK },
    { "incident", 4, SIM_VENDOR_ONESOLUTION }, { "bolo", 5, SIM_VENDOR_HOTSHEETS },
    { "motion", 6, SIM_VENDOR_MILESTONE }, { "bwc_recording", 7, SIM_VENDOR_BWC },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) body = sim_request_body_json (req, &error);
  JsonObject *o;
  const char *kind, *vendor;
  JsonNode *result;

  if (body == NULL)
    {
      sim_reply_error (req, 400, "BAD_REQUEST", error->message);
      return;
    }
  o = json_node_get_object (body);
  if (!member_is (o, "lat", G_TYPE_DOUBLE) || !member_is (o, "lon", G_TYPE_DOUBLE) ||
      !member_is (o, "rounds", G_TYPE_INT64) || !member_is (o, "plate", G_TYPE_STRING) ||
      !member_is (o, "state", G_TYPE_STRING) || !member_is (o, "type", G_TYPE_STRING) ||
      !member_is (o, "camera_id", G_TYPE_STRING))
    {
      sim_reply_error (req, 400, "BAD_REQUEST",
                       "lat and lon must be numbers, rounds a whole number, plate, state, type and camera_id strings.");
      return;
    }
  if (json_object_has_member (o, "lat") != json_object_has_member (o, "lon"))
    {
      sim_reply_error (req, 400, "BAD_LOCATION", "Give both lat and lon, or neither.");
      return;
    }
  kind = sim_json_string (o, "kind", "");
  vendor = sim_json_string (o, "vendor", NULL);
  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    if (g_str_equal (kind, kinds[k].kind))
      {
        if (vendor && !g_str_equal (vendor, vendor_names[kinds[k].vendor]))
          {
            g_autofree char *m = g_strdup_printf ("\"%s\" events come from %s, not from the vendor given.",
                                                  kind, vendor_names[kinds[k].vendor]);
            sim_reply_error (req, 400, "BAD_VENDOR", m);
            return;
          }
        if ((json_object_has_member (o, "lat") || json_object_has_member (o, "lon")) &&
            (sim_json_double (o, "lat", 0) < -90 ||
             sim_json_double (o, "lat", 0) > 90 ||
             sim_json_double (o, "lon", 0) < -180 ||
             sim_json_double (o, "lon", 0) > 180))
          {
            sim_reply_error (req, 400, "BAD_LOCATION", "lat must be within -90..90 and lon within -180..180.");
            return;
          }
        if (sim_json_string (o, "plate", NULL) && strlen (sim_json_string (o, "plate", NULL)) > 10)
          {
            sim_reply_error (req, 400, "BAD_PLATE", "plate must be a string of at most 10 characters.");
            return;
          }
        result = generate_and_publish (self, kinds[k].index, o);
        if (result == NULL)
          {
            sim_reply_error (req, 409, "NOTHING_TO_REVIEW", "There is no raw alert left to review.");
            return;
          }
        sim_reply_json (req, 201, result);
        return;
      }
  sim_reply_error (req, 400, "BAD_KIND",
                   "\"kind\" must be one of gunshot, gunshot_review, lpr_read, lpr_hit, incident, bolo, motion, bwc_recording.");
}

static void build_world (RtccSimServer *self);

static void
admin_reset (RtccSimServer *self,
             SimRequest    *req)
{
  JsonObject *o = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  clear_fault (self, -1);
  g_ptr_array_set_size (self->clients, 0);
  g_hash_table_remove_all (self->ms_sessions);
  g_hash_table_remove_all (self->tokens);
  g_hash_table_remove_all (self->media_urls);
  build_world (self);
  json_object_set_boolean_member (o, "reset", TRUE);
  json_object_set_int_member (o, "seed", self->seed);
  json_node_take_object (node, o);
  sim_reply_json (req, 200, node);
}

static void
handle_admin (RtccSimServer     *self,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query)
{
  /* Admin answers never carry faults. */
  SimRequest req = { .msg = msg, .path = path, .query = query, .vendor = SIM_VENDOR_FLOCK,
                     .sub = path + 6, .server = self, .world = self->world, .admin = TRUE };
  const char *method = soup_server_message_get_method (msg);

  if (g_str_equal (path, "/admin/faults") || g_str_equal (path, "/admin/faults/"))
    {
      if (g_str_equal (method, "POST"))
        admin_set_fault (self, &req);
      else if (g_str_equal (method, "DELETE"))
        {
          const char *vendor = query ? g_hash_table_lookup (query, "vendor") : NULL;
          int v = vendor ? vendor_from_name (vendor) : -1;

          if (vendor && v < 0)
            sim_reply_error (&req, 400, "BAD_VENDOR", "Unknown vendor.");
          else
            {
              clear_fault (self, v);
              soup_server_message_set_status (msg, 204, NULL);
            }
        }
      else if (g_str_equal (method, "GET"))
        admin_list_faults (self, &req);
      else
        sim_reply_error (&req, 405, "METHOD_NOT_ALLOWED", "Use GET, POST or DELETE.");
    }
  else if (g_str_equal (path, "/admin/inject") && g_str_equal (method, "POST"))
    admin_inject (self, &req);
  else if (g_str_equal (path, "/admin/reset") && g_str_equal (method, "POST"))
    admin_reset (self, &req);
  else if ((g_str_equal (path, "/admin") || g_str_equal (path, "/admin/")) && g_str_equal (method, "GET"))
    {
      JsonObject *o = json_object_new ();
      JsonNode *node = json_node_new (JSON_NODE_OBJECT);

      json_object_set_int_member (o, "seed", self->seed);
      json_object_set_int_member (o, "port", self->port);
      json_object_set_int_member (o, "cameras", self->world->cameras->len);
      json_object_set_int_member (o, "alerts", self->world->alerts->len);
      json_object_set_int_member (o, "reads", self->world->reads->len);
      json_object_set_int_member (o, "streamClients", self->clients->len);
      json_node_take_object (node, o);
      sim_reply_json (&req, 200, node);
    }
  else
    sim_reply_error (&req, 404, "NOT_FOUND", "No such admin endpoint.");
}

static gboolean
parse_tile_path (const char *path,
                 int        *z,
                 int        *x,
                 int        *y)
{
  g_auto(GStrv) parts = g_strsplit (path, "/", -1);
  guint64 v[3];
  g_autofree char *ybase = NULL;

  /* "", "tiles", z, x, "y.png" */
  if (g_strv_length (parts) != 5 || !g_str_has_suffix (parts[4], ".png"))
    return FALSE;
  ybase = g_strndup (parts[4], strlen (parts[4]) - 4);
  if (!g_ascii_string_to_unsigned (parts[2], 10, 0, 22, &v[0], NULL) ||
      !g_ascii_string_to_unsigned (parts[3], 10, 0, (1u << v[0]) - 1, &v[1], NULL) ||
      !g_ascii_string_to_unsigned (ybase, 10, 0, (1u << v[0]) - 1, &v[2], NULL))
    return FALSE;
  *z = (int) v[0];
  *x = (int) v[1];
  *y = (int) v[2];
  return TRUE;
}

static void
handle_tile (RtccSimServer     *self,
             SoupServerMessage *msg,
             const char        *path)
{
  int z, x, y;
  GBytes *png;
  g_autoptr(GError) error = NULL;

  if (!parse_tile_path (path, &z, &x, &y))
    {
      const char *m = "{\"error\": {\"code\": \"NOT_FOUND\", \"message\": \"Tiles are /tiles/{z}/{x}/{y}.png with 0 <= z <= 22.\"}}";
      soup_server_message_set_status (msg, 404, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, m, strlen (m));
      return;
    }
  {
    g_autofree char *key = g_strdup_printf ("%d/%d/%d", z, x, y);

    png = g_hash_table_lookup (self->tiles, key);
    if (png == NULL)
      {
        png = sim_tiles_render (z, x, y, &error);
        if (png == NULL)
          {
            g_autofree char *m = g_strdup_printf ("{\"error\": {\"code\": \"RENDER\", \"message\": \"%s\"}}", "Tile rendering failed.");
            g_warning ("Tile %s: %s", key, error->message);
            soup_server_message_set_status (msg, 500, NULL);
            soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, m, strlen (m));
            return;
          }
        g_hash_table_insert (self->tiles, g_strdup (key), png);
        g_queue_push_tail (&self->tile_order, g_strdup (key));
        /* Bounded cache: forget the oldest tile. */
        while (g_queue_get_length (&self->tile_order) > TILE_CACHE_MAX)
          {
            g_autofree char *old = g_queue_pop_head (&self->tile_order);
            g_hash_table_remove (self->tiles, old);
          }
      }
  }
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Cache-Control", "max-age=86400");
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "image/png", SOUP_MEMORY_COPY,
                                    g_bytes_get_data (png, NULL), g_bytes_get_size (png));
}

static void
server_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  RtccSimServer *self = user_data;

  if (g_str_equal (path, "/admin") || g_str_has_prefix (path, "/admin/"))
    handle_admin (self, msg, path, query);
  else if (g_str_has_prefix (path, "/tiles/"))
    handle_tile (self, msg, path);
  else
    {
      for (guint i = 0; i < SIM_N_VENDORS; i++)
        {
          gsize n = strlen (vendor_names[i]);
          if (path[0] == '/' && strncmp (path + 1, vendor_names[i], n) == 0 &&
              (path[n + 1] == '\0' || path[n + 1] == '/'))
            {
              handle_vendor (self, msg, path, query, FALSE);
              return;
            }
        }
      {
        const char *m = "{\"error\": {\"code\": \"NOT_FOUND\", \"message\": \"Unknown path. Vendors live under /milestone, /flock, /shotspotter, /onesolution, /ness, /bwc and /hotsheets.\"}}";
        soup_server_message_set_status (msg, 404, NULL);
        soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, m, strlen (m));
      }
    }
}

/* Thread ---------------------------------------------------------------------- */

static void
build_world (RtccSimServer *self)
{
  guint days;

  g_mutex_lock (&self->lock);
  days = self->backfill_days;
  g_mutex_unlock (&self->lock);
  g_clear_pointer (&self->world, sim_world_free);
  self->world = sim_world_new (self->seed, self->base_url, g_get_real_time (), days);
  g_hash_table_remove_all (self->exports);
}

static void
ms_session_free (SimMsSession *s)
{
  g_free (s->id);
  g_free (s);
}

static void
export_free (SimExport *e)
{
  if (e->path)
    g_unlink (e->path);
  g_free (e->id);
  g_free (e->camera_id);
  g_free (e->state);
  g_free (e->error);
  g_free (e->path);
  g_free (e);
}

static gpointer
sim_thread (gpointer data)
{
  RtccSimServer *self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = NULL;
  static const char *ws_paths[] = {
    "/milestone/ws/events/v1",
    "/shotspotter/agencies/" SIM_AGENCY_ID "/alerts/stream",
    "/flock/hits/stream",
  };
  GSList *listeners;
  guint heartbeat_ms;

  g_main_context_push_thread_default (self->context);

  self->soup = soup_server_new ("server-header", "rtcc-sim", NULL);
  address = g_inet_socket_address_new (loopback, self->port);
  if (!soup_server_listen (self->soup, address, 0, &error))
    {
      g_mutex_lock (&self->lock);
      self->start_error = g_error_new (RTCC_SIM_ERROR, RTCC_SIM_ERROR_LISTEN,
                                       "The simulator could not listen on 127.0.0.1:%u: %s",
                                       self->port, error->message);
      self->start_done = TRUE;
      g_cond_broadcast (&self->cond);
      g_mutex_unlock (&self->lock);
      g_clear_object (&self->soup);
      g_main_context_pop_thread_default (self->context);
      return NULL;
    }
  self->held = g_ptr_array_new_with_free_func ((GDestroyNotify) held_free);
  self->tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->media_urls = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->clients = g_ptr_array_new_with_free_func ((GDestroyNotify) client_free);
  self->ms_sessions = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) ms_session_free);
  self->exports = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) export_free);
  self->tiles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_bytes_unref);
  g_queue_init (&self->tile_order);
  self->timing = g_rand_new_with_seed (self->seed + 2);

  listeners = soup_server_get_listeners (self->soup);
  if (listeners)
    {
      g_autoptr(GSocketAddress) local = g_socket_get_local_address (listeners->data, NULL);
      if (local)
        self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local));
    }
  g_slist_free (listeners);
  self->base_url = g_strdup_printf ("http://127.0.0.1:%u", self->port);

  build_world (self);
  sim_media_start (self);

  soup_server_add_handler (self->soup, NULL, server_cb, self, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (ws_paths); i++)
    {
      soup_server_add_handler (self->soup, ws_paths[i], server_cb, self, NULL);
      soup_server_add_websocket_handler (self->soup, ws_paths[i], NULL, NULL, websocket_cb, self, NULL);
    }

  g_mutex_lock (&self->lock);
  heartbeat_ms = self->heartbeat_ms;
  self->running = TRUE;
  self->start_done = TRUE;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);

  self->tick_source = sim_timeout_add (self, 1000, tick_cb, self);
  self->heartbeat_source = sim_timeout_add (self, heartbeat_ms, heartbeat_cb, self);

  g_main_loop_run (self->loop);

  sim_source_remove (self, &self->tick_source);
  sim_source_remove (self, &self->heartbeat_source);
  /* Answer held requests before the sockets go. */
  clear_fault (self, -1);
  sim_media_shutdown (self);
  g_ptr_array_set_size (self->clients, 0);
  soup_server_disconnect (self->soup);
  /* Let closing connections finish on this context, but never spin on a
   * source that stays ready. */
  for (guint i = 0; i < 1000 && g_main_context_iteration (self->context, FALSE); i++)
    ;
  g_clear_object (&self->soup);
  g_clear_pointer (&self->held, g_ptr_array_unref);
  g_clear_pointer (&self->tokens, g_hash_table_unref);
  g_clear_pointer (&self->media_urls, g_hash_table_unref);
  g_clear_pointer (&self->clients, g_ptr_array_unref);
  g_clear_pointer (&self->ms_sessions, g_hash_table_unref);
  g_clear_pointer (&self->exports, g_hash_table_unref);
  g_clear_pointer (&self->tiles, g_hash_table_unref);
  g_queue_clear_full (&self->tile_order, g_free);
  g_clear_pointer (&self->timing, g_rand_free);
  g_clear_pointer (&self->world, sim_world_free);
  g_clear_pointer (&self->base_url, g_free);

  g_main_context_pop_thread_default (self->context);
  return NULL;
}

/* Sync calls onto the simulator thread ------------------------------------------ */

typedef struct
{
  GMutex         lock;
  GCond          cond;
  gboolean       done;
  RtccSimServer *self;
  gpointer       result;
  gpointer     (*func) (RtccSimServer *self);
} SyncCall;

static gboolean
sync_call_cb (gpointer data)
{
  SyncCall *call = data;
  gpointer result = call->func (call->self);

  g_mutex_lock (&call->lock);
  call->result = result;
  call->done = TRUE;
  g_cond_signal (&call->cond);
  g_mutex_unlock (&call->lock);
  return G_SOURCE_REMOVE;
}

static gpointer
run_on_sim_thread (RtccSimServer *self,
                   gpointer     (*func) (RtccSimServer *self))
{
  SyncCall call = { .self = self, .func = func };

  if (g_main_context_is_owner (self->context))
    return func (self);
  g_mutex_init (&call.lock);
  g_cond_init (&call.cond);
  g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, sync_call_cb, &call, NULL);
  g_mutex_lock (&call.lock);
  while (!call.done)
    g_cond_wait (&call.cond, &call.lock);
  g_mutex_unlock (&call.lock);
  g_mutex_clear (&call.lock);
  g_cond_clear (&call.cond);
  return call.result;
}

static gpointer
list_camera_ids_cb (RtccSimServer *self)
{
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < self->world->cameras->len; i++)
    g_ptr_array_add (ids, g_strdup (((SimCamera *) g_ptr_array_index (self->world->cameras, i))->id));
  return ids;
}

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

/* GObject ------------------------------------------------------------------------ */

static void
rtcc_sim_server_finalize (GObject *object)
{
  RtccSimServer *self = RTCC_SIM_SERVER (object);

  rtcc_sim_server_stop (self);
  g_clear_pointer (&self->loop, g_main_loop_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_error (&self->start_error);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  G_OBJECT_CLASS (rtcc_sim_server_parent_class)->finalize (object);
}

static void
rtcc_sim_server_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  RtccSimServer *self = RTCC_SIM_SERVER (object);

  switch (prop_id)
    {
    case PROP_SEED:
      g_value_set_uint (value, self->seed);
      break;
    case PROP_RATE:
      g_value_set_double (value, rtcc_sim_server_get_rate (self));
      break;
    case PROP_PORT:
      g_value_set_uint (value, rtcc_sim_server_get_port (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rtcc_sim_server_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  RtccSimServer *self = RTCC_SIM_SERVER (object);

  switch (prop_id)
    {
    case PROP_SEED:
      self->seed = g_value_get_uint (value);
      break;
    case PROP_RATE:
      rtcc_sim_server_set_rate (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rtcc_sim_server_class_init (RtccSimServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rtcc_sim_server_finalize;
  object_class->get_property = rtcc_sim_server_get_property;
  object_class->set_property = rtcc_sim_server_set_property;

  properties[PROP_SEED] =
    g_param_spec_uint ("seed", NULL, NULL, 0, G_MAXUINT32, 1,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RATE] =
    g_param_spec_double ("rate", NULL, NULL, 0, 1000, 1.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PORT] =
    g_param_spec_uint ("port", NULL, NULL, 0, G_MAXUINT16, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rtcc_sim_server_init (RtccSimServer *self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  self->rate = 1.0;
  self->backfill_days = 1;
  self->heartbeat_ms = 10000;
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
}

/**
 * rtcc_sim_server_new:
 * @seed: the seed the whole world derives from
 *
 * Returns: (transfer full): a simulator, not yet listening
 */
RtccSimServer *
rtcc_sim_server_new (guint32 seed)
{
  return g_object_new (RTCC_TYPE_SIM_SERVER, "seed", seed, NULL);
}

/**
 * rtcc_sim_server_get_seed:
 * @self: a simulator
 *
 * Returns: the seed the world derives from
 */
guint32
rtcc_sim_server_get_seed (RtccSimServer *self)
{
  g_return_val_if_fail (RTCC_IS_SIM_SERVER (self), 0);
  return self->seed;
}

/**
 * rtcc_sim_server_set_rate:
 * @self: a simulator
 * @rate: live events per minute multiplier; 0 stops live generation
 *
 * May be called from any thread, before or after start.
 */
void
rtcc_sim_server_set_rate (RtccSimServer *self,
                          double         rate)
{
  gboolean changed;

  g_return_if_fail (RTCC_IS_SIM_SERVER (self));
  rate = CLAMP (rate, 0, 1000);
  g_mutex_lock (&self->lock);
  changed = self->rate != rate;
  self->rate = rate;
  g_mutex_unlock (&self->lock);
  if (changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RATE]);
}

/**
 * rtcc_sim_server_get_rate:
 * @self: a simulator
 *
 * Returns: the live event rate multiplier
 */
double
rtcc_sim_server_get_rate (RtccSimServer *self)
{
  double rate;

  g_return_val_if_fail (RTCC_IS_SIM_SERVER (self), 0);
  g_mutex_lock (&self->lock);
  rate = self->rate;
  g_mutex_unlock (&self->lock);
  return rate;
}

/**
 * rtcc_sim_server_set_backfill_days:
 * @self: a simulator
 * @days: days of history to create at start (default 1)
 */
void
rtcc_sim_server_set_backfill_days (RtccSimServer *self,
                                   guint          days)
{
  g_return_if_fail (RTCC_IS_SIM_SERVER (self));
  g_mutex_lock (&self->lock);
  self->backfill_days = MIN (days, 365);
  g_mutex_unlock (&self->lock);
}

/**
 * rtcc_sim_server_set_heartbeat_interval:
 * @self: a simulator, not yet started
 * @msec: ShotSpotter stream heartbeat interval (default 10000)
 */
void
rtcc_sim_server_set_heartbeat_interval (RtccSimServer *self,
                                        guint          msec)
{
  g_return_if_fail (RTCC_IS_SIM_SERVER (self));
  g_mutex_lock (&self->lock);
  self->heartbeat_ms = MAX (msec, 10);
  g_mutex_unlock (&self->lock);
}

/**
 * rtcc_sim_server_set_verbose:
 * @self: a simulator
 * @verbose: whether to log one line per request
 *
 * The lines name vendor, method and status; never credentials, and no
 * paths for NESS and OneSolution, whose paths can carry CJI.
 */
void
rtcc_sim_server_set_verbose (RtccSimServer *self,
                             gboolean       verbose)
{
  g_return_if_fail (RTCC_IS_SIM_SERVER (self));
  g_atomic_int_set (&self->verbose, !!verbose);
}

/**
 * rtcc_sim_server_start:
 * @self: a simulator
 * @port: the TCP port on 127.0.0.1, or 0 for a free one
 * @error: return location for a #GError
 *
 * Starts the simulator thread and returns once it listens and its world
 * is built.
 *
 * Returns: %TRUE on success
 */
gboolean
rtcc_sim_server_start (RtccSimServer  *self,
                       guint           port,
                       GError        **error)
{
  g_return_val_if_fail (RTCC_IS_SIM_SERVER (self), FALSE);

  if (self->thread != NULL)
    {
      g_set_error_literal (error, RTCC_SIM_ERROR, RTCC_SIM_ERROR_STATE, "The simulator is already running.");
      return FALSE;
    }
  if (port > G_MAXUINT16)
    {
      g_set_error (error, RTCC_SIM_ERROR, RTCC_SIM_ERROR_LISTEN, "Port %u is out of range.", port);
      return FALSE;
    }
  g_mutex_lock (&self->lock);
  self->port = port;
  self->start_done = FALSE;
  g_clear_error (&self->start_error);
  g_mutex_unlock (&self->lock);

  self->thread = g_thread_new ("rtcc-sim", sim_thread, self);

  g_mutex_lock (&self->lock);
  while (!self->start_done)
    g_cond_wait (&self->cond, &self->lock);
  g_mutex_unlock (&self->lock);

  if (self->start_error)
    {
      g_thread_join (g_steal_pointer (&self->thread));
      g_propagate_error (error, g_steal_pointer (&self->start_error));
      return FALSE;
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PORT]);
  return TRUE;
}

/**
 * rtcc_sim_server_stop:
 * @self: a simulator
 *
 * Stops serving and joins the simulator thread. Safe to call twice.
 */
void
rtcc_sim_server_stop (RtccSimServer *self)
{
  g_return_if_fail (RTCC_IS_SIM_SERVER (self));

  if (self->thread == NULL)
    return;
  g_main_context_invoke (self->context, quit_cb, self->loop);
  g_thread_join (g_steal_pointer (&self->thread));
  g_mutex_lock (&self->lock);
  self->running = FALSE;
  g_mutex_unlock (&self->lock);
}

/**
 * rtcc_sim_server_is_running:
 * @self: a simulator
 *
 * Returns: %TRUE between a successful start and stop
 */
gboolean
rtcc_sim_server_is_running (RtccSimServer *self)
{
  gboolean running;

  g_return_val_if_fail (RTCC_IS_SIM_SERVER (self), FALSE);
  g_mutex_lock (&self->lock);
  running = self->running;
  g_mutex_unlock (&self->lock);
  return running;
}

/**
 * rtcc_sim_server_get_port:
 * @self: a simulator
 *
 * Returns: the TCP port on 127.0.0.1 it listens on, or 0 when stopped
 */
guint
rtcc_sim_server_get_port (RtccSimServer *self)
{
  guint port;

  g_return_val_if_fail (RTCC_IS_SIM_SERVER (self), 0);
  g_mutex_lock (&self->lock);
  port = self->running ? self->port : 0;
  g_mutex_unlock (&self->lock);
  return port;
}

/**
 * rtcc_sim_server_get_base_url:
 * @self: a running simulator
 * @vendor: (nullable): a vendor name such as "shotspotter", or %NULL
 *
 * Returns: (transfer full): the vendor's base URL (its `*_API_URL`), or the
 *   server's root without @vendor
 */
char *
rtcc_sim_server_get_base_url (RtccSimServer *self,
                              const char    *vendor)
{
  guint port = rtcc_sim_server_get_port (self);

  g_return_val_if_fail (port != 0, NULL);
  if (vendor == NULL)
    return g_strdup_printf ("http://127.0.0.1:%u", port);
  return g_strdup_printf ("http://127.0.0.1:%u/%s", port, vendor);
}

/**
 * rtcc_sim_server_get_env:
 * @self: a running simulator
 *
 * Returns: (transfer full) (element-type utf8): "NAME=value" for every
 *   variable the workstation reads to reach this simulator
 */
GPtrArray *
rtcc_sim_server_get_env (RtccSimServer *self)
{
  GPtrArray *env = g_ptr_array_new_with_free_func (g_free);
  guint port = rtcc_sim_server_get_port (self);
  const char *root = "http://127.0.0.1";

  g_return_val_if_fail (port != 0, env);
#define URL(name, vendor) g_ptr_array_add (env, g_strdup_printf ("%s=%s:%u/%s", name, root, port, vendor))
#define VAL(name, value) g_ptr_array_add (env, g_strdup_printf ("%s=%s", name, value))
  URL ("MILESTONE_API_URL", "milestone");
  VAL ("MILESTONE_API_KEY", SIM_MILESTONE_KEY);
  VAL ("MILESTONE_USERNAME", SIM_MILESTONE_USER);
  VAL ("MILESTONE_PASSWORD", SIM_MILESTONE_PASSWORD);
  URL ("FLOCK_API_URL", "flock");
  VAL ("FLOCK_API_KEY", SIM_FLOCK_KEY);
  VAL ("FLOCK_AGENCY_ID", SIM_AGENCY_ID);
  URL ("SHOTSPOTTER_API_URL", "shotspotter");
  VAL ("SHOTSPOTTER_API_KEY", SIM_SHOTSPOTTER_KEY);
  VAL ("SHOTSPOTTER_AGENCY_ID", SIM_AGENCY_ID);
  URL ("ONESOLUTION_API_URL", "onesolution");
  VAL ("ONESOLUTION_API_KEY", SIM_ONESOLUTION_KEY);
  VAL ("ONESOLUTION_AGENCY_ORI", SIM_ORI);
  URL ("NESS_API_URL", "ness");
  VAL ("NESS_API_KEY", SIM_NESS_KEY);
  VAL ("NESS_ORI", SIM_ORI);
  VAL ("NESS_OPERATOR_ID", SIM_NESS_OPERATOR);
  URL ("BWC_API_URL", "bwc");
  VAL ("BWC_API_KEY", SIM_BWC_KEY);
  VAL ("BWC_AGENCY_ID", SIM_AGENCY_ID);
  URL ("HOTSHEETS_API_URL", "hotsheets");
  VAL ("HOTSHEETS_API_KEY", SIM_HOTSHEETS_KEY);
  VAL ("HOTSHEETS_AGENCY_ID", SIM_AGENCY_ID);
  g_ptr_array_add (env, g_strdup_printf ("RTCC_MAP_TILE_URL=%s:%u/tiles/{z}/{x}/{y}.png", root, port));
  URL ("RTCC_SIM_ADMIN_URL", "admin");
#undef URL
#undef VAL
  return env;
}

/**
 * rtcc_sim_server_list_camera_ids:
 * @self: a running simulator
 *
 * Returns: (transfer full) (element-type utf8): the Milestone camera GUIDs,
 *   in the world's order
 */
GPtrArray *
rtcc_sim_server_list_camera_ids (RtccSimServer *self)
{
  g_return_val_if_fail (rtcc_sim_server_is_running (self), NULL);
  return run_on_sim_thread (self, list_camera_ids_cb);
}
