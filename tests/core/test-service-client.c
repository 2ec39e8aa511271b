/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <libsoup/soup.h>

#include "rtcc-json.h"
#include "rtcc-service-client.h"

/* A vendor on loopback whose every path answers in its own way. */
typedef struct
{
  SoupServer  *server;
  char        *base;
  guint        hits_401;
  guint        hits_429;
  guint        hits_500;
  guint        hits_flaky;
  guint        token_requests;
  guint        token_serial;
  gint64       last_429_us;
  gint64       retry_gap_us;
  GPtrArray   *paused;
  char        *last_auth;
} Vendor;

static gboolean
unpause_slow (gpointer user_data)
{
  SoupServerMessage *msg = user_data;

  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, "{\"slow\": true}", 14);
  soup_server_message_unpause (msg);
  g_object_unref (msg);
  return G_SOURCE_REMOVE;
}

static void
write_truncated (SoupServerMessage *msg)
{
  GIOStream *io = soup_server_message_steal_connection (msg);
  GOutputStream *out = g_io_stream_get_output_stream (io);
  const char *raw = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                    "Content-Length: 200\r\nConnection: close\r\n\r\n{\"alerts\": [{\"alertId\": \"SS-1\"";

  g_output_stream_write_all (out, raw, strlen (raw), NULL, NULL, NULL);
  g_output_stream_flush (out, NULL, NULL);
  g_io_stream_close (io, NULL, NULL);
  g_object_unref (io);
}

static void
handler (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  Vendor *v = user_data;
  SoupMessageHeaders *req = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *resp = soup_server_message_get_response_headers (msg);
  const char *auth = soup_message_headers_get_one (req, "Authorization");

  g_free (v->last_auth);
  v->last_auth = g_strdup (auth);

#define ANSWER(status, body) \
  G_STMT_START { \
    soup_server_message_set_status (msg, status, NULL); \
    soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, body, strlen (body)); \
  } G_STMT_END

  if (g_str_equal (path, "/api/ok"))
    ANSWER (200, "{\"alerts\": [], \"nextCursor\": null}");
  else if (g_str_equal (path, "/api/empty"))
    soup_server_message_set_status (msg, 204, NULL);
  else if (g_str_equal (path, "/api/slow"))
    {
      soup_server_message_pause (msg);
      g_timeout_add (300, unpause_slow, g_object_ref (msg));
    }
  else if (g_str_equal (path, "/api/hang"))
    {
      soup_server_message_pause (msg);
      g_ptr_array_add (v->paused, g_object_ref (msg));
    }
  else if (g_str_equal (path, "/token-hang"))
    {
      v->token_requests++;
      soup_server_message_pause (msg);
      g_ptr_array_add (v->paused, g_object_ref (msg));
    }
  else if (g_str_equal (path, "/api/malformed"))
    ANSWER (200, "<html><body>Gateway</body></html>");
  else if (g_str_equal (path, "/api/truncated"))
    write_truncated (msg);
  else if (g_str_equal (path, "/api/500"))
    {
      v->hits_500++;
      ANSWER (500, "{\"error\": {\"message\": \"database unavailable\"}}");
    }
  else if (g_str_equal (path, "/api/flaky"))
    {
      /* Fails twice, then works: retries must hide it. */
      if (++v->hits_flaky <= 2)
        ANSWER (503, "{\"message\": \"warming up\"}");
      else
        ANSWER (200, "{\"ok\": true}");
    }
  else if (g_str_equal (path, "/api/429"))
    {
      gint64 now = g_get_monotonic_time ();
      if (v->hits_429++ == 0)
        {
          v->last_429_us = now;
          soup_message_headers_replace (resp, "Retry-After", "1");
          ANSWER (429, "{\"message\": \"slow down\"}");
        }
      else
        {
          v->retry_gap_us = now - v->last_429_us;
          ANSWER (200, "{\"ok\": true}");
        }
    }
  else if (g_str_equal (path, "/api/429-long"))
    {
      v->hits_429++;
      soup_message_headers_replace (resp, "Retry-After", "600");
      ANSWER (429, "{\"message\": \"come back later\"}");
    }
  else if (g_str_equal (path, "/api/429-date"))
    {
      /* A date so far ahead that its seconds do not fit in 32 bits. */
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      g_autoptr(GDateTime) when = g_date_time_add_seconds (now, (gdouble) G_MAXUINT32 + 3.0);
      g_autofree char *date = soup_date_time_to_string (when, SOUP_DATE_HTTP);

      v->hits_429++;
      soup_message_headers_replace (resp, "Retry-After", date);
      ANSWER (429, "{\"message\": \"come back much later\"}");
    }
  else if (g_str_equal (path, "/api/429-wait"))
    {
      v->hits_429++;
      soup_message_headers_replace (resp, "Retry-After", "20");
      ANSWER (429, "{\"message\": \"slow down\"}");
    }
  else if (g_str_equal (path, "/token"))
    {
      g_autofree char *body = NULL;
      SoupMessageBody *rb = soup_server_message_get_request_body (msg);
      g_autoptr(GBytes) bytes = soup_message_body_flatten (rb);
      g_autofree char *form = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
      g_autoptr(GHashTable) fields = soup_form_decode (form);

      v->token_requests++;
      if (g_strcmp0 (g_hash_table_lookup (fields, "password"), "s3cret-password") != 0)
        {
          ANSWER (400, "{\"error\": \"invalid_grant\"}");
          return;
        }
      body = g_strdup_printf ("{\"access_token\": \"tok-%u\", \"expires_in\": 3600, \"token_type\": \"Bearer\"}",
                              ++v->token_serial);
      ANSWER (200, body);
    }
  else if (g_str_equal (path, "/api/needs-token"))
    {
      g_autofree char *want = g_strdup_printf ("Bearer tok-%u", v->token_serial);
      /* The first token is treated as expired early. */
      if (auth == NULL || v->token_serial < 2 || !g_str_equal (auth, want))
        {
          v->hits_401++;
          ANSWER (401, "{\"error\": {\"httpCode\": 401, \"details\": [{\"errorText\": \"Token expired\"}]}}");
        }
      else
        ANSWER (200, "{\"array\": []}");
    }
  else if (g_str_equal (path, "/api/always-401"))
    {
      v->hits_401++;
      ANSWER (401, "{\"error\": {\"code\": \"BAD_KEY\", \"message\": \"API key not recognised\"}}");
    }
  else if (g_str_equal (path, "/api/422"))
    ANSWER (422, "{\"errors\": [{\"field\": \"vehicle.plate\", \"message\": \"is required\"}]}");
  else if (g_str_equal (path, "/api/huge"))
    {
      gsize n = 70 * 1024 * 1024;
      char *big = g_malloc (n);
      memset (big, ' ', n);
      big[0] = '[';
      big[n - 1] = ']';
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, big, n);
    }
  else
    ANSWER (404, "{\"message\": \"no such path\"}");
#undef ANSWER
}

static void
vendor_setup (Vendor        *v,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  memset (v, 0, sizeof *v);
  v->paused = g_ptr_array_new_with_free_func (g_object_unref);
  v->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (v->server, NULL, handler, v, NULL);
  soup_server_listen_local (v->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (v->server);
  v->base = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
}

static void
vendor_teardown (Vendor        *v,
                 gconstpointer  data)
{
  for (guint i = 0; i < v->paused->len; i++)
    {
      SoupServerMessage *msg = g_ptr_array_index (v->paused, i);
      soup_server_message_set_status (msg, 500, NULL);
      soup_server_message_unpause (msg);
    }
  g_ptr_array_unref (v->paused);
  soup_server_disconnect (v->server);
  g_object_unref (v->server);
  g_free (v->base);
  g_free (v->last_auth);
  /* Let pending closes run. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

typedef struct
{
  gboolean  done;
  JsonNode *node;
  GBytes   *bytes;
  GError   *error;
} Result;

static void
json_cb (GObject      *object,
         GAsyncResult *res,
         gpointer      user_data)
{
  Result *r = user_data;

  r->node = rtcc_service_client_send_json_finish (RTCC_SERVICE_CLIENT (object), res, &r->error);
  r->done = TRUE;
}

static JsonNode *
fetch (RtccServiceClient *client,
       const char        *method,
       const char        *path,
       guint              timeout_ms,
       GError           **error)
{
  g_autoptr(RtccRequest) request = rtcc_request_new (method, path);
  Result r = { 0 };

  if (timeout_ms > 0)
    rtcc_request_set_timeout_ms (request, timeout_ms);
  rtcc_service_client_send_async (client, request, NULL, json_cb, &r);
  while (!r.done)
    g_main_context_iteration (NULL, TRUE);
  if (r.error != NULL)
    g_propagate_error (error, r.error);
  return r.node;
}

static RtccServiceClient *
make_client (Vendor *v)
{
  RtccServiceClient *client = rtcc_service_client_new ("TestVendor", v->base);

  rtcc_service_client_set_retry_policy (client, 3, 20, 100);
  rtcc_service_client_set_credential_hint (client, "TEST_API_KEY");
  return client;
}

static void
test_ok (Vendor *v, gconstpointer data)
{
  g_autoptr(RtccServiceClient) client = make_client (v);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  rtcc_service_client_set_bearer_token (client, "key-123456789");
  node = fetch (client, "GET", "/api/ok", 0, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  g_assert_true (json_object_has_member (json_node_get_object (node), "alerts"));
  g_assert_cmpstr (v->last_auth, ==, "Bearer key-123456789");
  g_assert_cmpuint (rtcc_service_client_get_errors_24h (client), ==, 0);
  g_assert_cmpfloat (rtcc_service_client_get_latency_ms (client), >, 0.0);

  g_clear_pointer (&node, json_node_unref);
  node = fetch (client, "GET", "/api/empty", 0, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_NULL (node));
}

static void
test_slow_within_timeout (Vendor *v, gconstpointer data)
{
  g_autoptr(RtccServiceClient) client = make_client (v);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = fetch (client, "GET", "/api/slow", 2000, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  g_assert_cmpfloat (rtcc_service_client_get_latency_ms (client), >=, 250.0);
}

static void
test_timeout (Vendor *v, gconstpointer data)
{
  g_autoptr(RtccServiceClient) client = make_client (v);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  gint64 start = g_get_monotonic_time ();

  rtcc_service_client_set_retry_policy (client, 1, 10, 10);
  node = fetch (client, "GET", "/api/hang", 200, &error);
  g_assert_null (node);
  g_assert_error (error, RTCC_HTTP_ERROR, RTCC_HTTP_ERROR_TIMEOUT);
  g_assert_nonnull (strstr (error->message, "TestVendor"));
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
  g_assert_cmpuint (rtcc_service_client_get_errors_24h (client), ==, 1);
}

static void
test_token_refresh_on_401 (Vendor *v, gconstpointer data)
{
  g_autoptr(RtccServiceClient) client = make_client (v);
  g_autoptr(GHashTable) form = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  g_hash_table_insert (form, "grant_type", "password");
  g_hash_table_insert (form, "username", "analyst");
  g_hash_table_insert (form, "password", "s3cret-password");
  rtcc_service_client_set_token_endpoint (client, "/token", form);

  node = fetch (client, "GET", "/api/needs-token", 0, &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);
  /* First token refused, one refresh, then success. */
  g_assert_cmpuint (v->token_requests, ==, 2);
  g_assert_cmpuint (v->hits_401, ==, 1);
  g_assert_cmpstr (v->last_auth, ==, "Bearer tok-2");

  /* The token is reused while valid. */
  g_clear_pointer (&node, json_node_unref);
  node = fetch (client, "GET", "/api/needs-token", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (v->token_requests, ==, 2);
}

static void
test_401_after_refresh_fails (Vendor *v, gconstpointer data)
{
  g_autoptr(RtccServiceClient) client = make_client (v);
  g_autoptr(GHashTable) form = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  g_hash_table_insert (form, "password", "s3cret-password");
  rtcc_service_client_set_token_endpoint (client, "/token", form);
  node = fetch (client, "GET", "/api/always-401", 0, &error);
  g_assert_null (node);
  g_assert_error (error, RTCC_HTTP_ERROR, RTCC_HTTP_ERROR_UNAUTHORIZED);
  /* Exactly one refresh, not a loop. */
  g_assert_cmpuint (v->hits_401, ==, 2);
  g_assert_cmpuint (v->token_requests, ==, 2);
  g_assert_nonnull (strstr (error->message, "API key not recognised"));
  g_assert_nonnull (strstr (error->message, "TEST_API_KEY"));
}

static void
test_bad_sign_in (Vendor *v, gconstpointer data)
{
  g_autoptr(RtccServiceClient) client = make_client (v);
  g_autoptr(GHashTable) form = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  g_hash_table_insert (form, "password", "wrong");
  rtcc_service_client_set_token_endpoint (client, "/token", form);
  node = fetch (client, "GET", "/api/ok", 0, &error);
  g_assert_null (node);
  g_assert_error (error, RTCC_HTTP_ERROR, RTCC_HTTP_ERROR_UNAUTHORIZED);
  g_assert_nonnull (strstr (error->message, "invalid_grant"));
}

static void
test_retry_after (Vendor *v, gconstpointer data)
{
  g_autoptr(RtccServiceClient) client = make_client (v);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = fetch (client, "GET", "/api/429", 5000, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  g_assert_cmpuint (v->hits_429, ==, 2);
  /* No request before Retry-After said. */
  g_assert_cmpint (v->retry_gap_us, >=, 1 * G_USEC_PER_SEC);
}

static void
test_retry_after_too_long (Vendor *v, gconstpointer data)
{
  g_autoptr(RtccServiceClient) client = make_client (v);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = fetch (client, "POST", "/api/429-long", 0, &error);

  g_assert_null (node);
  g_assert_error (error, RTCC_HTTP_ERROR, RTCC_HTTP_ERROR_RATE_LIMITED);
  g_assert_nonnull (strstr (error->message, "600 s"));
  g_assert_cmpuint (v->hits_429, ==, 1);
}

static void
test_retry_after_far_date (Vendor *v, gconstpointer data)
{
  g_autoptr(RtccServiceClient) client = make_client (v);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = fetch (client, "GET", "/api/429-date", 0, &error);

  /* Too far ahead to wait for: no retry, and no wrapped-around delay. */
  g_assert_null (node);
  g_assert_error (error, RTCC_HTTP_ERROR, RTCC_HTTP_ERROR_RATE_LIMITED);
  g_assert_cmpuint (v->hits_429, ==, 1);
  g_assert_nonnull (strstr (error->message, "86400 s"));
}

static void
test_cancel_during_retry_wait (Vendor *v, gconstpointer data)
{
  g_autoptr(RtccServiceClient) client = make_client (v);
  g_autoptr(RtccRequest) request = rtcc_request_new ("GET", "/api/429-wait");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  gint64 started = g_get_monotonic_time ();
  Result r = { 0 };

  rtcc_service_client_send_async (client, request, cancellable, json_cb, &r);
  while (v->hits_429 == 0)
    g_main_context_iteration (NULL, TRUE);
  g_timeout_add_once (100, (GSourceOnceFunc) g_cancellable_cancel, cancellable);
  while (!r.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (r.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&r.error);
  /* The caller hears of its cancellation now, not when Retry-After ends. */
  g_assert_cmpint (g_get_monotonic_time () - started, <, 5 * G_USEC_PER_SEC);
  g_assert_cmpuint (v->hits_429, ==, 1);
}

static void
test_server_error_retried (Vendor *v, gconstpointer data)
{
  g_autoptr(RtccServiceClient) client = make_client (v);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(RtccRequest) post = NULL;
  Result r = { 0 };

  node = fetch (client, "GET", "/api/500", 0, &error);
  g_assert_null (node);
  g_assert_error (error, RTCC_HTTP_ERROR, RTCC_HTTP_ERROR_SERVER);
  g_assert_nonnull (strstr (error->message, "database unavailable"));
  g_assert_cmpuint (v->hits_500, ==, 3);

  /* A POST that may have acted is not sent again after a 500. */
  post = rtcc_request_new ("POST", "/api/500");
  rtcc_service_client_send_async (client, post, NULL, json_cb, &r);
  while (!r.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (r.error, RTCC_HTTP_ERROR, RTCC_HTTP_ERROR_SERVER);
  g_clear_error (&r.error);
  g_assert_cmpuint (v->hits_500, ==, 4);
  g_assert_cmpuint (rtcc_request_get_status (post), ==, 500);

  g_clear_pointer (&node, json_node_unref);
  g_clear_error (&error);
  node = fetch (client, "GET", "/api/flaky", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (v->hits_flaky, ==, 3);
}

static void
test_malformed_and_truncated (Vendor *v, gconstpointer data)
{
  g_autoptr(RtccServiceClient) client = make_client (v);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  node = fetch (client, "GET", "/api/malformed", 0, &error);
  g_assert_null (node);
  g_assert_error (error, RTCC_HTTP_ERROR, RTCC_HTTP_ERROR_MALFORMED);
  g_clear_error (&error);

  node = fetch (client, "GET", "/api/truncated", 0, &error);
  g_assert_null (node);
  g_assert_error (error, RTCC_HTTP_ERROR, RTCC_HTTP_ERROR_TRUNCATED);
  g_clear_error (&error);

  node = fetch (client, "GET", "/api/huge", 20000, &error);
  g_assert_null (node);
  g_assert_error (error, RTCC_HTTP_ERROR, RTCC_HTTP_ERROR_TOO_LARGE);
  g_assert_cmpuint (rtcc_service_client_get_errors_24h (client), ==, 3);
  /* The vendor answered each time: the circuit stays closed. */
  g_assert_cmpint (rtcc_service_client_get_circuit_state (client), ==, RTCC_CIRCUIT_CLOSED);
}

static void
test_field_errors_kept (Vendor *v, gconstpointer data)
{
  g_autoptr(RtccServiceClient) client = make_client (v);
  g_autoptr(RtccRequest) request = rtcc_request_new ("POST", "/api/422");
  JsonObject *body;
  Result r = { 0 };

  rtcc_service_client_send_async (client, request, NULL, json_cb, &r);
  while (!r.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (r.error, RTCC_HTTP_ERROR, RTCC_HTTP_ERROR_BAD_REQUEST);
  g_assert_nonnull (strstr (r.error->message, "vehicle.plate: is required"));
  g_clear_error (&r.error);
  g_assert_cmpuint (rtcc_request_get_status (request), ==, 422);
  body = json_node_get_object (rtcc_request_get_response_json (request));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (body, "errors")), ==, 1);
  /* A refused form is the analyst's to fix, not a vendor failure. */
  g_assert_cmpuint (rtcc_service_client_get_errors_24h (client), ==, 0);
}

static guint
free_port (void)
{
  g_autoptr(GSocket) sock = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) addr = g_inet_socket_address_new (lo, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_assert_true (g_socket_bind (sock, addr, TRUE, NULL));
  bound = g_socket_get_local_address (sock, NULL);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static void
test_connection_refused_opens_circuit (Vendor *v, gconstpointer data)
{
  g_autofree char *base = g_strdup_printf ("http://127.0.0.1:%u", free_port ());
  g_autoptr(RtccServiceClient) client = rtcc_service_client_new ("TestVendor", base);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  rtcc_service_client_set_retry_policy (client, 1, 10, 10);
  rtcc_service_client_set_circuit_policy (client, 3, 200);

  for (guint i = 0; i < 3; i++)
    {
      node = fetch (client, "GET", "/api/ok", 1000, &error);
      g_assert_null (node);
      g_assert_error (error, RTCC_HTTP_ERROR, RTCC_HTTP_ERROR_CONNECTION);
      g_clear_error (&error);
    }
  g_assert_cmpint (rtcc_service_client_get_circuit_state (client), ==, RTCC_CIRCUIT_OPEN);

  /* While open, calls fail at once without touching the network. */
  node = fetch (client, "GET", "/api/ok", 1000, &error);
  g_assert_error (error, RTCC_HTTP_ERROR, RTCC_HTTP_ERROR_CIRCUIT_OPEN);
  g_assert_nonnull (strstr (error->message, "trying again"));
  g_clear_error (&error);
  g_assert_cmpuint (rtcc_service_client_get_errors_24h (client), ==, 3);
}

static void
test_circuit_probes_back (Vendor *v, gconstpointer data)
{
  g_autoptr(RtccServiceClient) client = make_client (v);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  GMainLoop *loop;

  rtcc_service_client_set_retry_policy (client, 1, 10, 10);
  rtcc_service_client_set_circuit_policy (client, 2, 150);
  for (guint i = 0; i < 2; i++)
    {
      node = fetch (client, "GET", "/api/500", 0, &error);
      g_clear_error (&error);
    }
  g_assert_cmpint (rtcc_service_client_get_circuit_state (client), ==, RTCC_CIRCUIT_OPEN);

  loop = g_main_loop_new (NULL, FALSE);
  g_timeout_add_once (200, (GSourceOnceFunc) g_main_loop_quit, loop);
  g_main_loop_run (loop);
  g_main_loop_unref (loop);

  node = fetch (client, "GET", "/api/ok", 0, &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);
  g_assert_cmpint (rtcc_service_client_get_circuit_state (client), ==, RTCC_CIRCUIT_CLOSED);
  g_assert_cmpuint (rtcc_service_client_get_consecutive_failures (client), ==, 0);
}

static void
test_cancel (Vendor *v, gconstpointer data)
{
  g_autoptr(RtccServiceClient) client = make_client (v);
  g_autoptr(RtccRequest) request = rtcc_request_new ("GET", "/api/hang");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Result r = { 0 };

  rtcc_service_client_send_async (client, request, cancellable, json_cb, &r);
  g_timeout_add_once (50, (GSourceOnceFunc) g_cancellable_cancel, cancellable);
  while (!r.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (r.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&r.error);
  g_assert_cmpuint (rtcc_service_client_get_errors_24h (client), ==, 0);
}

static void
test_cancel_while_signing_in (Vendor *v, gconstpointer data)
{
  g_autoptr(RtccServiceClient) client = make_client (v);
  g_autoptr(GHashTable) form = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(RtccRequest) request = rtcc_request_new ("GET", "/api/ok");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  gint64 started;
  Result r = { 0 };

  g_hash_table_insert (form, "password", "s3cret-password");
  rtcc_service_client_set_token_endpoint (client, "/token-hang", form);
  rtcc_service_client_send_async (client, request, cancellable, json_cb, &r);
  while (v->token_requests == 0)
    g_main_context_iteration (NULL, TRUE);

  started = g_get_monotonic_time ();
  g_cancellable_cancel (cancellable);
  while (!r.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (r.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&r.error);
  /* Not held until the vendor's sign-in answers or times out. */
  g_assert_cmpint (g_get_monotonic_time () - started, <, 2 * G_USEC_PER_SEC);
  g_assert_cmpuint (rtcc_service_client_get_errors_24h (client), ==, 0);
}

static void
test_not_configured (void)
{
  g_autoptr(RtccServiceClient) client = rtcc_service_client_new ("TestVendor", "not a url");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = fetch (client, "GET", "/x", 0, &error);

  g_assert_null (node);
  g_assert_error (error, RTCC_HTTP_ERROR, RTCC_HTTP_ERROR_NOT_CONFIGURED);
}

static void
test_debug_trace_redacts (Vendor *v, gconstpointer data)
{
  if (g_test_subprocess ())
    {
      g_autoptr(RtccServiceClient) client = make_client (v);
      g_autoptr(GHashTable) form = g_hash_table_new (g_str_hash, g_str_equal);
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = NULL;

      g_hash_table_insert (form, "password", "s3cret-password");
      rtcc_service_client_set_token_endpoint (client, "/token", form);
      rtcc_service_client_add_default_header (client, "X-API-Key", "super-secret-key-value", TRUE);
      rtcc_service_client_set_debug (client, TRUE);
      node = fetch (client, "GET", "/api/needs-token", 0, &error);
      g_assert_no_error (error);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDIN);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("*> GET*/api/needs-token*");
  g_test_trap_assert_stderr_unmatched ("*super-secret-key-value*");
  g_test_trap_assert_stderr_unmatched ("*s3cret-password*");
  g_test_trap_assert_stderr_unmatched ("*tok-2*");
}

static void
test_debug_trace_withholds_sensitive_path (Vendor *v, gconstpointer data)
{
  if (g_test_subprocess ())
    {
      g_autoptr(RtccServiceClient) client = make_client (v);
      g_autoptr(RtccRequest) request = rtcc_request_new ("DELETE", "/api/hotlists/H1/entries/PLATE7XK2");
      Result r = { 0 };

      rtcc_request_add_query (request, "reason", "case-4471");
      rtcc_request_set_sensitive (request, TRUE);
      rtcc_service_client_set_debug (client, TRUE);
      rtcc_service_client_send_async (client, request, NULL, json_cb, &r);
      while (!r.done)
        g_main_context_iteration (NULL, TRUE);
      g_assert_error (r.error, RTCC_HTTP_ERROR, RTCC_HTTP_ERROR_NOT_FOUND);
      g_clear_error (&r.error);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDIN);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("*> DELETE*");
  /* A plate in the path is as sensitive as one in the query. */
  g_test_trap_assert_stderr_unmatched ("*PLATE7XK2*");
  g_test_trap_assert_stderr_unmatched ("*case-4471*");
}

static void
test_websocket_uri (void)
{
  g_autoptr(RtccServiceClient) client = rtcc_service_client_new ("V", "https://vendor.example:8443/api/");
  g_autofree char *ws = rtcc_service_client_build_uri (client, "/ws/events/v1", TRUE);
  g_autofree char *http = rtcc_service_client_build_uri (client, "/cameras", FALSE);

  g_assert_cmpstr (ws, ==, "wss://vendor.example:8443/api/ws/events/v1");
  g_assert_cmpstr (http, ==, "https://vendor.example:8443/api/cameras");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, fn) g_test_add ("/service-client/" name, Vendor, NULL, vendor_setup, fn, vendor_teardown)
  ADD ("ok", test_ok);
  ADD ("slow-within-timeout", test_slow_within_timeout);
  ADD ("timeout", test_timeout);
  ADD ("token-refresh-on-401", test_token_refresh_on_401);
  ADD ("401-after-refresh-fails", test_401_after_refresh_fails);
  ADD ("bad-sign-in", test_bad_sign_in);
  ADD ("retry-after", test_retry_after);
  ADD ("retry-after-too-long", test_retry_after_too_long);
  ADD ("retry-after-far-date", test_retry_after_far_date);
  ADD ("cancel-during-retry-wait", test_cancel_during_retry_wait);
  ADD ("server-error-retried", test_server_error_retried);
  ADD ("malformed-and-truncated", test_malformed_and_truncated);
  ADD ("field-errors-kept", test_field_errors_kept);
  ADD ("connection-refused-opens-circuit", test_connection_refused_opens_circuit);
  ADD ("circuit-probes-back", test_circuit_probes_back);
  ADD ("cancel", test_cancel);
  ADD ("cancel-while-signing-in", test_cancel_while_signing_in);
  ADD ("debug-trace-redacts", test_debug_trace_redacts);
  ADD ("debug-trace-withholds-sensitive-path", test_debug_trace_withholds_sensitive_path);
#undef ADD
  g_test_add_func ("/service-client/not-configured", test_not_configured);
  g_test_add_func ("/service-client/websocket-uri", test_websocket_uri);

  return g_test_run ();
}
