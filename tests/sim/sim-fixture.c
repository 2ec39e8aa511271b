/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccSimFixture"

#include "config.h"

#include <string.h>

#include "sim-fixture.h"

/**
 * sim_fixture_start_full:
 * @seed: world seed
 * @backfill_days: days of history
 * @heartbeat_ms: ShotSpotter heartbeat interval
 *
 * Starts a simulator on a free loopback port with live generation off
 * (rate 0), so tests see only what they inject.
 *
 * Returns: (transfer full): a running simulator
 */
RtccSimServer *
sim_fixture_start_full (guint32 seed,
                        guint   backfill_days,
                        guint   heartbeat_ms)
{
  g_autoptr(GError) error = NULL;
  RtccSimServer *sim = rtcc_sim_server_new (seed);

  rtcc_sim_server_set_rate (sim, 0);
  rtcc_sim_server_set_backfill_days (sim, backfill_days);
  rtcc_sim_server_set_heartbeat_interval (sim, heartbeat_ms);
  rtcc_sim_server_start (sim, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rtcc_sim_server_get_port (sim), >, 0);
  return sim;
}

RtccSimServer *
sim_fixture_start (guint32 seed)
{
  return sim_fixture_start_full (seed, 1, 10000);
}

char *
sim_fixture_url (RtccSimServer *sim,
                 const char    *path)
{
  g_autofree char *root = rtcc_sim_server_get_base_url (sim, NULL);
  return g_strconcat (root, path, NULL);
}

const char *
sim_fixture_env (RtccSimServer *sim,
                 const char    *name)
{
  g_autoptr(GPtrArray) env = rtcc_sim_server_get_env (sim);
  gsize n = strlen (name);

  for (guint i = 0; i < env->len; i++)
    {
      const char *line = g_ptr_array_index (env, i);
      if (strncmp (line, name, n) == 0 && line[n] == '=')
        return g_intern_string (line + n + 1);
    }
  return NULL;
}

typedef struct
{
  GBytes  *bytes;
  GError  *error;
  gboolean done;
} SendState;

static void
send_done (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  SendState *st = data;

  st->bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &st->error);
  st->done = TRUE;
}

static gboolean
cancel_cb (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

SimResponse *
sim_fixture_request (SoupSession        *session,
                     const char         *method,
                     const char         *url,
                     const char *const  *headers,
                     const char         *content_type,
                     const char         *body,
                     guint               timeout_s)
{
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  SimResponse *r = g_new0 (SimResponse, 1);
  SendState st = { 0 };
  gint64 start = g_get_monotonic_time ();
  guint timer = 0;

  g_assert_nonnull (msg);
  for (guint i = 0; headers && headers[i] && headers[i + 1]; i += 2)
    soup_message_headers_replace (soup_message_get_request_headers (msg), headers[i], headers[i + 1]);
  if (body)
    {
      g_autoptr(GBytes) b = g_bytes_new (body, strlen (body));
      soup_message_set_request_body_from_bytes (msg, content_type ? content_type : "application/json", b);
    }
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, cancellable, send_done, &st);
  /* The client gives up after timeout_s, as the workstation would. */
  if (timeout_s > 0)
    timer = g_timeout_add (timeout_s * 1000, cancel_cb, cancellable);
  while (!st.done)
    g_main_context_iteration (NULL, TRUE);
  if (timer && !g_cancellable_is_cancelled (cancellable))
    g_source_remove (timer);
  r->elapsed_us = g_get_monotonic_time () - start;
  r->error = st.error;
  r->body = st.bytes;
  if (st.error == NULL)
    {
      r->status = soup_message_get_status (msg);
      r->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
      if (r->body && g_bytes_get_size (r->body) > 0)
        {
          g_autoptr(JsonParser) parser = json_parser_new ();
          if (json_parser_load_from_data (parser, g_bytes_get_data (r->body, NULL),
                                          g_bytes_get_size (r->body), &r->json_error))
            r->json = json_node_ref (json_parser_get_root (parser));
        }
    }
  return r;
}

SimResponse *
sim_fixture_get (SoupSession       *session,
                 const char        *url,
                 const char *const *headers)
{
  return sim_fixture_request (session, "GET", url, headers, NULL, NULL, 10);
}

SimResponse *
sim_fixture_post_json (SoupSession       *session,
                       const char        *url,
                       const char *const *headers,
                       const char        *json)
{
  return sim_fixture_request (session, "POST", url, headers, "application/json", json, 10);
}

void
sim_response_free (SimResponse *r)
{
  if (r == NULL)
    return;
  g_clear_error (&r->error);
  g_clear_error (&r->json_error);
  g_clear_pointer (&r->body, g_bytes_unref);
  g_clear_pointer (&r->json, json_node_unref);
  g_clear_pointer (&r->headers, soup_message_headers_unref);
  g_free (r);
}

JsonObject *
sim_response_object (SimResponse *r)
{
  g_assert_no_error (r->error);
  g_assert_nonnull (r->json);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (r->json));
  return json_node_get_object (r->json);
}

char *
sim_fixture_milestone_token (RtccSimServer *sim,
                             SoupSession   *session)
{
  g_autofree char *url = sim_fixture_url (sim, "/milestone/IDP/connect/token");
  g_autoptr(SimResponse) r =
    sim_fixture_request (session, "POST", url, NULL, "application/x-www-form-urlencoded",
                         "grant_type=password&username=analyst&password=sim-analyst-password"
                         "&client_id=GrantValidatorClient&client_secret=sim-milestone-key", 10);

  g_assert_cmpuint (r->status, ==, 200);
  return g_strdup_printf ("Bearer %s", json_object_get_string_member (sim_response_object (r), "access_token"));
}

char *
sim_fixture_bwc_token (RtccSimServer *sim,
                       SoupSession   *session)
{
  g_autofree char *url = sim_fixture_url (sim, "/bwc/oauth2/token");
  g_autoptr(SimResponse) r =
    sim_fixture_request (session, "POST", url, NULL, "application/x-www-form-urlencoded",
                         "grant_type=client_credentials&client_id=SIM-AGENCY&client_secret=sim-bwc-secret", 10);

  g_assert_cmpuint (r->status, ==, 200);
  return g_strdup_printf ("Bearer %s", json_object_get_string_member (sim_response_object (r), "access_token"));
}

void
sim_fixture_set_fault (RtccSimServer *sim,
                       SoupSession   *session,
                       const char    *json)
{
  g_autofree char *url = sim_fixture_url (sim, "/admin/faults");
  g_autoptr(SimResponse) r = sim_fixture_post_json (session, url, NULL, json);

  g_assert_cmpuint (r->status, ==, 201);
}

void
sim_fixture_clear_faults (RtccSimServer *sim,
                          SoupSession   *session)
{
  g_autofree char *url = sim_fixture_url (sim, "/admin/faults");
  g_autoptr(SimResponse) r = sim_fixture_request (session, "DELETE", url, NULL, NULL, NULL, 10);

  g_assert_cmpuint (r->status, ==, 204);
}

JsonNode *
sim_fixture_inject (RtccSimServer *sim,
                    SoupSession   *session,
                    const char    *json)
{
  g_autofree char *url = sim_fixture_url (sim, "/admin/inject");
  g_autoptr(SimResponse) r = sim_fixture_post_json (session, url, NULL, json);

  g_assert_cmpuint (r->status, ==, 201);
  g_assert_nonnull (r->json);
  return json_node_ref (r->json);
}

/* WebSocket ---------------------------------------------------------------- */

struct _SimWs
{
  SoupWebsocketConnection *conn;
  GQueue                   messages;
  gboolean                 closed;
};

static void
ws_message (SoupWebsocketConnection *conn,
            int                      type,
            GBytes                  *message,
            SimWs                   *ws)
{
  g_queue_push_tail (&ws->messages, g_bytes_ref (message));
}

static void
ws_closed (SoupWebsocketConnection *conn,
           SimWs                   *ws)
{
  ws->closed = TRUE;
}

static void
ws_error (SoupWebsocketConnection *conn,
          GError                  *error,
          SimWs                   *ws)
{
  ws->closed = TRUE;
}

typedef struct
{
  SoupWebsocketConnection *conn;
  GError                  *error;
  gboolean                 done;
} WsConnectState;

static void
ws_connect_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  WsConnectState *st = data;

  st->conn = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &st->error);
  st->done = TRUE;
}

SimWs *
sim_ws_connect (SoupSession        *session,
                const char         *url,
                const char *const  *headers,
                GError            **error)
{
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  WsConnectState st = { 0 };
  SimWs *ws;

  for (guint i = 0; headers && headers[i] && headers[i + 1]; i += 2)
    soup_message_headers_replace (soup_message_get_request_headers (msg), headers[i], headers[i + 1]);
  soup_session_websocket_connect_async (session, msg, NULL, NULL, G_PRIORITY_DEFAULT, NULL, ws_connect_done, &st);
  while (!st.done)
    g_main_context_iteration (NULL, TRUE);
  if (st.error)
    {
      g_propagate_error (error, st.error);
      return NULL;
    }
  ws = g_new0 (SimWs, 1);
  ws->conn = st.conn;
  g_queue_init (&ws->messages);
  g_signal_connect (ws->conn, "message", G_CALLBACK (ws_message), ws);
  g_signal_connect (ws->conn, "closed", G_CALLBACK (ws_closed), ws);
  g_signal_connect (ws->conn, "error", G_CALLBACK (ws_error), ws);
  return ws;
}

void
sim_ws_send (SimWs      *ws,
             const char *text)
{
  soup_websocket_connection_send_text (ws->conn, text);
}

static gboolean
timeout_flag (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

JsonNode *
sim_ws_next (SimWs *ws,
             guint  timeout_ms)
{
  gboolean timed_out = FALSE;
  guint source = g_timeout_add (timeout_ms, timeout_flag, &timed_out);
  JsonNode *node = NULL;

  while (g_queue_is_empty (&ws->messages) && !ws->closed && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (source);
  if (!g_queue_is_empty (&ws->messages))
    {
      g_autoptr(GBytes) bytes = g_queue_pop_head (&ws->messages);
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;

      json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
      g_assert_no_error (error);
      node = json_node_ref (json_parser_get_root (parser));
    }
  return node;
}

gboolean
sim_ws_is_closed (SimWs *ws)
{
  return ws->closed;
}

void
sim_ws_free (SimWs *ws)
{
  if (ws == NULL)
    return;
  g_signal_handlers_disconnect_by_data (ws->conn, ws);
  if (soup_websocket_connection_get_state (ws->conn) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (ws->conn, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  g_object_unref (ws->conn);
  g_queue_clear_full (&ws->messages, (GDestroyNotify) g_bytes_unref);
  g_free (ws);
}
