/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccHttp"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "rtcc-json.h"
#include "rtcc-request-private.h"
#include "rtcc-service-client.h"
#include "rtcc-util.h"

#define DEFAULT_TIMEOUT_MS       15000
#define DEFAULT_MAX_ATTEMPTS     3
#define DEFAULT_BASE_DELAY_MS    250
#define DEFAULT_MAX_DELAY_MS     8000
#define DEFAULT_FAILURE_THRESHOLD 5
#define DEFAULT_PROBE_INTERVAL_MS 15000
#define MAX_PROBE_INTERVAL_MS    120000
/* Waiting longer than this for a Retry-After would leave the analyst with
 * nothing; the caller gets the error and the time to try again instead. */
#define MAX_RETRY_AFTER_S        30
/* Tokens are renewed this long before they expire. */
#define TOKEN_MARGIN_US          (60 * G_USEC_PER_SEC)
#define READ_CHUNK               65536
#define MAX_BYTES_BODY           (256 * 1024 * 1024)
#define TRACE_BODY_MAX           2048
#define ERRORS_WINDOW_US         (24 * G_TIME_SPAN_HOUR)

G_DEFINE_QUARK (rtcc-http-error-quark, rtcc_http_error)

G_DEFINE_ENUM_TYPE (RtccCircuitState, rtcc_circuit_state,
  G_DEFINE_ENUM_VALUE (RTCC_CIRCUIT_CLOSED, "closed"),
  G_DEFINE_ENUM_VALUE (RTCC_CIRCUIT_OPEN, "open"),
  G_DEFINE_ENUM_VALUE (RTCC_CIRCUIT_HALF_OPEN, "half-open"))

struct _RtccServiceClient
{
  GObject           parent_instance;

  char             *display_name;
  GUri             *base_uri;
  SoupSession      *session;
  char             *credential_hint;

  GPtrArray        *default_headers;   /* alternating name, value */
  GHashTable       *secret_values;     /* values never to print */
  char             *static_bearer;

  char             *token_path;
  GHashTable       *token_form;
  char             *access_token;
  gint64            token_expires_us;  /* monotonic */
  GPtrArray        *token_waiters;     /* GTask */
  gboolean          token_fetching;
  GCancellable     *token_cancellable;
  GSource          *token_timeout;

  guint             default_timeout_ms;
  guint             max_attempts;
  guint             base_delay_ms;
  guint             max_delay_ms;
  guint             failure_threshold;
  guint             probe_interval_ms;
  guint             current_probe_ms;

  RtccCircuitState  circuit;
  gint64            circuit_opened_us;
  gboolean          probe_in_flight;

  double            latency_ms;
  GQueue            error_times;       /* gint64 real time µs, oldest first */
  guint             consecutive_failures;
  char             *last_error;
  gboolean          debug;
};

G_DEFINE_FINAL_TYPE (RtccServiceClient, rtcc_service_client, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_LATENCY_MS,
  PROP_ERRORS_24H,
  PROP_CIRCUIT_STATE,
  PROP_LAST_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  RtccRequest  *request;
  GCancellable *attempt_cancellable;
  GSource      *timeout_source;
  GSource      *retry_source;
  gulong        cancel_handler;
  GCancellable *user_cancellable;
  SoupMessage  *message;
  GByteArray   *buffer;
  GInputStream *stream;
  gint64        started_us;
  guint         attempt;
  gboolean      timed_out;
  gboolean      refreshed_token;
  gboolean      is_probe;
  gboolean      want_bytes;
} SendData;

static void send_attempt (GTask *task);
static void token_fetch_clear (RtccServiceClient *self);

static void
send_data_clear_attempt (SendData *data)
{
  if (data->timeout_source != NULL)
    {
      g_source_destroy (data->timeout_source);
      g_clear_pointer (&data->timeout_source, g_source_unref);
    }
  g_clear_object (&data->attempt_cancellable);
  g_clear_object (&data->message);
  g_clear_object (&data->stream);
  g_clear_pointer (&data->buffer, g_byte_array_unref);
}

static void
send_data_free (gpointer p)
{
  SendData *data = p;

  send_data_clear_attempt (data);
  if (data->retry_source != NULL)
    {
      g_source_destroy (data->retry_source);
      g_clear_pointer (&data->retry_source, g_source_unref);
    }
  if (data->cancel_handler != 0)
    g_cancellable_disconnect (data->user_cancellable, data->cancel_handler);
  g_clear_object (&data->user_cancellable);
  g_clear_object (&data->request);
  g_free (data);
}

static void
rtcc_service_client_finalize (GObject *object)
{
  RtccServiceClient *self = RTCC_SERVICE_CLIENT (object);

  g_free (self->display_name);
  g_clear_pointer (&self->base_uri, g_uri_unref);
  g_clear_object (&self->session);
  g_free (self->credential_hint);
  g_ptr_array_unref (self->default_headers);
  g_hash_table_unref (self->secret_values);
  g_free (self->static_bearer);
  g_free (self->token_path);
  g_clear_pointer (&self->token_form, g_hash_table_unref);
  g_free (self->access_token);
  g_ptr_array_unref (self->token_waiters);
  token_fetch_clear (self);
  g_queue_clear (&self->error_times);
  g_free (self->last_error);

  G_OBJECT_CLASS (rtcc_service_client_parent_class)->finalize (object);
}

static void
rtcc_service_client_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  RtccServiceClient *self = RTCC_SERVICE_CLIENT (object);

  switch (prop_id)
    {
    case PROP_LATENCY_MS:
      g_value_set_double (value, self->latency_ms);
      break;
    case PROP_ERRORS_24H:
      g_value_set_uint (value, rtcc_service_client_get_errors_24h (self));
      break;
    case PROP_CIRCUIT_STATE:
      g_value_set_enum (value, self->circuit);
      break;
    case PROP_LAST_ERROR:
      g_value_set_string (value, self->last_error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rtcc_service_client_class_init (RtccServiceClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rtcc_service_client_finalize;
  object_class->get_property = rtcc_service_client_get_property;

  properties[PROP_LATENCY_MS] =
    g_param_spec_double ("latency-ms", NULL, NULL, 0, G_MAXDOUBLE, 0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ERRORS_24H] =
    g_param_spec_uint ("errors-24h", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CIRCUIT_STATE] =
    g_param_spec_enum ("circuit-state", NULL, NULL,
                       rtcc_circuit_state_get_type (), RTCC_CIRCUIT_CLOSED,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_LAST_ERROR] =
    g_param_spec_string ("last-error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rtcc_service_client_init (RtccServiceClient *self)
{
  self->default_headers = g_ptr_array_new_with_free_func (g_free);
  self->secret_values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->token_waiters = g_ptr_array_new ();
  self->default_timeout_ms = DEFAULT_TIMEOUT_MS;
  self->max_attempts = DEFAULT_MAX_ATTEMPTS;
  self->base_delay_ms = DEFAULT_BASE_DELAY_MS;
  self->max_delay_ms = DEFAULT_MAX_DELAY_MS;
  self->failure_threshold = DEFAULT_FAILURE_THRESHOLD;
  self->probe_interval_ms = DEFAULT_PROBE_INTERVAL_MS;
  self->current_probe_ms = DEFAULT_PROBE_INTERVAL_MS;
  self->session = soup_session_new_with_options ("max-conns-per-host", 8,
                                                 "user-agent", "RTCC-UIP-Workstation/" PACKAGE_VERSION,
                                                 NULL);
  g_queue_init (&self->error_times);
}

/**
 * rtcc_service_client_new:
 * @display_name: the vendor's name as the analyst knows it, used in messages
 * @base_url: (nullable): the vendor's base URL; %NULL or an invalid URL
 *   makes every call fail with %RTCC_HTTP_ERROR_NOT_CONFIGURED
 *
 * Returns: (transfer full): a new client with its own #SoupSession
 */
RtccServiceClient *
rtcc_service_client_new (const char *display_name,
                         const char *base_url)
{
  RtccServiceClient *self = g_object_new (RTCC_TYPE_SERVICE_CLIENT, NULL);

  self->display_name = g_strdup (display_name);
  if (base_url != NULL)
    {
      g_autoptr(GUri) uri = g_uri_parse (base_url, SOUP_HTTP_URI_FLAGS, NULL);

      if (uri != NULL && g_uri_get_host (uri) != NULL &&
          (g_strcmp0 (g_uri_get_scheme (uri), "http") == 0 ||
           g_strcmp0 (g_uri_get_scheme (uri), "https") == 0))
        {
          /* Paths are appended to the base, so it must not end in '/'. */
          g_autofree char *path = g_strdup (g_uri_get_path (uri));
          gsize len = strlen (path);

          while (len > 0 && path[len - 1] == '/')
            path[--len] = '\0';
          self->base_uri = g_uri_build (SOUP_HTTP_URI_FLAGS, g_uri_get_scheme (uri), NULL,
                                        g_uri_get_host (uri), g_uri_get_port (uri),
                                        path, NULL, NULL);
        }
    }
  return self;
}

const char *
rtcc_service_client_get_display_name (RtccServiceClient *self)
{
  return self->display_name;
}

/**
 * rtcc_service_client_get_base_uri:
 *
 * Returns: (transfer none) (nullable): the base URI
 */
GUri *
rtcc_service_client_get_base_uri (RtccServiceClient *self)
{
  return self->base_uri;
}

/**
 * rtcc_service_client_get_session:
 *
 * Returns: (transfer none): the session, for WebSocket connections
 */
SoupSession *
rtcc_service_client_get_session (RtccServiceClient *self)
{
  return self->session;
}

/**
 * rtcc_service_client_build_uri:
 * @path: a path below the base, with its query
 * @websocket: use ws/wss instead of http/https
 *
 * Returns: (transfer full) (nullable): the absolute URI
 */
char *
rtcc_service_client_build_uri (RtccServiceClient *self,
                               const char        *path,
                               gboolean           websocket)
{
  const char *scheme;
  g_autofree char *base = NULL;

  if (self->base_uri == NULL)
    return NULL;
  scheme = g_uri_get_scheme (self->base_uri);
  if (websocket)
    scheme = g_str_equal (scheme, "https") ? "wss" : "ws";
  base = g_uri_join (G_URI_FLAGS_NONE, scheme, NULL, g_uri_get_host (self->base_uri),
                     g_uri_get_port (self->base_uri), g_uri_get_path (self->base_uri),
                     NULL, NULL);
  return g_strconcat (base, path, NULL);
}

/**
 * rtcc_service_client_set_credential_hint:
 * @config_key: the setting to check when the vendor refuses us, e.g.
 *   `SHOTSPOTTER_API_KEY`
 */
void
rtcc_service_client_set_credential_hint (RtccServiceClient *self,
                                         const char        *config_key)
{
  rtcc_set_str (&self->credential_hint, config_key);
}

/**
 * rtcc_service_client_add_default_header:
 * @secret: whether @value must never be printed in traces
 *
 * Sent with every request, e.g. `X-API-Key` or `X-Agency-Id`.
 */
void
rtcc_service_client_add_default_header (RtccServiceClient *self,
                                        const char        *name,
                                        const char        *value,
                                        gboolean           secret)
{
  if (value == NULL)
    return;
  g_ptr_array_add (self->default_headers, g_strdup (name));
  g_ptr_array_add (self->default_headers, g_strdup (value));
  if (secret)
    g_hash_table_add (self->secret_values, g_strdup (value));
}

/**
 * rtcc_service_client_set_bearer_token:
 *
 * A fixed `Authorization: Bearer` credential, such as an API key.
 */
void
rtcc_service_client_set_bearer_token (RtccServiceClient *self,
                                      const char        *token)
{
  rtcc_set_str (&self->static_bearer, token);
  if (token != NULL)
    g_hash_table_add (self->secret_values, g_strdup (token));
}

/**
 * rtcc_service_client_set_token_endpoint:
 * @path: the token endpoint below the base URL
 * @form_fields: (element-type utf8 utf8): the form posted to it; copied
 *
 * Tokens are fetched on first use, renewed a minute before `expires_in`
 * runs out, and fetched again once when a call answers 401.
 */
void
rtcc_service_client_set_token_endpoint (RtccServiceClient *self,
                                        const char        *path,
                                        GHashTable        *form_fields)
{
  GHashTableIter iter;
  gpointer key, value;

  rtcc_set_str (&self->token_path, path);
  g_clear_pointer (&self->token_form, g_hash_table_unref);
  self->token_form = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_hash_table_iter_init (&iter, form_fields);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_hash_table_insert (self->token_form, g_strdup (key), g_strdup (value));
      if (g_str_equal (key, "password") || g_str_equal (key, "client_secret"))
        g_hash_table_add (self->secret_values, g_strdup (value));
    }
  rtcc_service_client_invalidate_token (self);
}

void
rtcc_service_client_invalidate_token (RtccServiceClient *self)
{
  g_clear_pointer (&self->access_token, g_free);
  self->token_expires_us = 0;
}

void
rtcc_service_client_set_default_timeout (RtccServiceClient *self,
                                         guint              timeout_ms)
{
  self->default_timeout_ms = MAX (timeout_ms, 1);
}

/**
 * rtcc_service_client_set_retry_policy:
 * @max_attempts: attempts in all, 1 for no retries
 * @base_delay_ms: the first backoff; it doubles with each attempt
 * @max_delay_ms: the longest backoff
 */
void
rtcc_service_client_set_retry_policy (RtccServiceClient *self,
                                      guint              max_attempts,
                                      guint              base_delay_ms,
                                      guint              max_delay_ms)
{
  self->max_attempts = MAX (max_attempts, 1);
  self->base_delay_ms = base_delay_ms;
  self->max_delay_ms = MAX (max_delay_ms, base_delay_ms);
}

/**
 * rtcc_service_client_set_circuit_policy:
 * @failure_threshold: failed requests in a row that open the circuit
 * @probe_interval_ms: how long to wait before one probe request; it
 *   doubles while probes fail, up to two minutes
 */
void
rtcc_service_client_set_circuit_policy (RtccServiceClient *self,
                                        guint              failure_threshold,
                                        guint              probe_interval_ms)
{
  self->failure_threshold = MAX (failure_threshold, 1);
  self->probe_interval_ms = MAX (probe_interval_ms, 1);
  self->current_probe_ms = self->probe_interval_ms;
}

void
rtcc_service_client_set_debug (RtccServiceClient *self,
                               gboolean           debug)
{
  self->debug = debug;
}

/* Statistics */

static void
prune_errors (RtccServiceClient *self)
{
  gint64 cutoff = g_get_real_time () - ERRORS_WINDOW_US;

  while (!g_queue_is_empty (&self->error_times) &&
         GPOINTER_TO_SIZE (g_queue_peek_head (&self->error_times)) < (gsize) cutoff)
    g_queue_pop_head (&self->error_times);
}

double
rtcc_service_client_get_latency_ms (RtccServiceClient *self)
{
  return self->latency_ms;
}

/**
 * rtcc_service_client_get_errors_24h:
 *
 * Returns: failed requests in the last 24 hours (cancellations and the
 *   vendor's answers to bad queries, such as 404, do not count)
 */
guint
rtcc_service_client_get_errors_24h (RtccServiceClient *self)
{
  prune_errors (self);
  return g_queue_get_length (&self->error_times);
}

guint
rtcc_service_client_get_consecutive_failures (RtccServiceClient *self)
{
  return self->consecutive_failures;
}

RtccCircuitState
rtcc_service_client_get_circuit_state (RtccServiceClient *self)
{
  return self->circuit;
}

/**
 * rtcc_service_client_get_last_error:
 *
 * Returns: (nullable): the message of the last failure
 */
const char *
rtcc_service_client_get_last_error (RtccServiceClient *self)
{
  return self->last_error;
}

static void
set_circuit (RtccServiceClient *self,
             RtccCircuitState   state)
{
  if (self->circuit == state)
    return;
  self->circuit = state;
  if (state == RTCC_CIRCUIT_OPEN)
    self->circuit_opened_us = g_get_monotonic_time ();
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CIRCUIT_STATE]);
}

/**
 * rtcc_service_client_record_success:
 *
 * Also used by streams (WebSocket connects) so that the health figures
 * cover everything the integration does with the vendor.
 */
void
rtcc_service_client_record_success (RtccServiceClient *self,
                                    double             latency_ms)
{
  self->consecutive_failures = 0;
  self->current_probe_ms = self->probe_interval_ms;
  self->latency_ms = latency_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LATENCY_MS]);
  set_circuit (self, RTCC_CIRCUIT_CLOSED);
}

static gboolean
error_counts_for_circuit (const GError *error)
{
  if (error->domain != RTCC_HTTP_ERROR)
    return FALSE;
  switch ((RtccHttpError) error->code)
    {
    case RTCC_HTTP_ERROR_CONNECTION:
    case RTCC_HTTP_ERROR_TIMEOUT:
    case RTCC_HTTP_ERROR_SERVER:
      return TRUE;
    default:
      return FALSE;
    }
}

static gboolean
error_counts_for_statistics (const GError *error)
{
  if (error->domain != RTCC_HTTP_ERROR)
    return !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  switch ((RtccHttpError) error->code)
    {
    case RTCC_HTTP_ERROR_NOT_FOUND:
    case RTCC_HTTP_ERROR_CONFLICT:
    case RTCC_HTTP_ERROR_BAD_REQUEST:
    case RTCC_HTTP_ERROR_CIRCUIT_OPEN:
      return FALSE;
    default:
      return TRUE;
    }
}

/**
 * rtcc_service_client_record_failure:
 *
 * Counts @error in the statistics and, for failures of the vendor itself
 * (no connection, timeouts, server errors), towards opening the circuit.
 */
void
rtcc_service_client_record_failure (RtccServiceClient *self,
                                    const GError      *error)
{
  if (!error_counts_for_statistics (error))
    return;

  g_queue_push_tail (&self->error_times, GSIZE_TO_POINTER ((gsize) g_get_real_time ()));
  prune_errors (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERRORS_24H]);
  if (rtcc_set_str (&self->last_error, error->message))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ERROR]);

  if (!error_counts_for_circuit (error))
    return;
  self->consecutive_failures++;
  if (self->circuit == RTCC_CIRCUIT_HALF_OPEN)
    {
      self->current_probe_ms = MIN (self->current_probe_ms * 2, MAX_PROBE_INTERVAL_MS);
      self->circuit_opened_us = g_get_monotonic_time ();
      self->circuit = RTCC_CIRCUIT_CLOSED; /* so that set_circuit notifies */
      set_circuit (self, RTCC_CIRCUIT_OPEN);
    }
  else if (self->consecutive_failures >= self->failure_threshold)
    set_circuit (self, RTCC_CIRCUIT_OPEN);
}

/* Messages */

static char *
vendor_message (JsonNode *body)
{
  JsonObject *obj, *err;
  JsonArray *arr;
  const char *text;
  GString *joined;

  if (body == NULL || !JSON_NODE_HOLDS_OBJECT (body))
    return NULL;
  obj = json_node_get_object (body);

  if ((err = rtcc_json_get_object (obj, "error")) != NULL)
    {
      if ((text = rtcc_json_get_string (err, "message")) != NULL)
        return g_strdup (text);
      if ((arr = rtcc_json_get_array (err, "details")) != NULL && json_array_get_length (arr) > 0)
        {
          JsonNode *first = json_array_get_element (arr, 0);
          if (JSON_NODE_HOLDS_OBJECT (first) &&
              (text = rtcc_json_get_string (json_node_get_object (first), "errorText")) != NULL)
            return g_strdup (text);
        }
    }
  if ((text = rtcc_json_get_string (obj, "error")) != NULL)
    return g_strdup (text);
  if ((text = rtcc_json_get_string (obj, "message")) != NULL)
    return g_strdup (text);
  if ((text = rtcc_json_get_string (obj, "detail")) != NULL)
    return g_strdup (text);
  if ((arr = rtcc_json_get_array (obj, "errors")) != NULL)
    {
      joined = g_string_new (NULL);
      for (guint i = 0; i < json_array_get_length (arr); i++)
        {
          JsonNode *item = json_array_get_element (arr, i);
          JsonObject *io;
          if (!JSON_NODE_HOLDS_OBJECT (item))
            continue;
          io = json_node_get_object (item);
          if (joined->len > 0)
            g_string_append (joined, "; ");
          if (rtcc_json_get_string (io, "field") != NULL)
            g_string_append_printf (joined, "%s: ", rtcc_json_get_string (io, "field"));
          g_string_append (joined, rtcc_json_get_string (io, "message") ?: _("invalid"));
        }
      if (joined->len > 0)
        return g_string_free (joined, FALSE);
      g_string_free (joined, TRUE);
    }
  return NULL;
}

static char *
short_text (const char *text)
{
  g_autofree char *valid = NULL;
  g_autofree char *head = NULL;
  gsize len;

  if (text == NULL)
    return NULL;
  valid = g_utf8_make_valid (text, -1);
  /* Our messages end the sentence the vendor's text sits in; its own
   * full stop would make it "error..". */
  g_strchomp (valid);
  len = strlen (valid);
  while (len > 0 && valid[len - 1] == '.')
    valid[--len] = '\0';
  if (len == 0)
    return NULL;
  if (g_utf8_strlen (valid, -1) <= 300)
    return g_steal_pointer (&valid);
  head = g_utf8_substring (valid, 0, 300);
  return g_strconcat (head, "…", NULL);
}

static GError *
error_for_status (RtccServiceClient *self,
                  RtccRequest       *request,
                  guint              status,
                  guint              retry_after_s)
{
  g_autofree char *raw = vendor_message (rtcc_request_get_response_json (request));
  g_autofree char *said = short_text (raw);
  g_autofree char *detail = said != NULL ? g_strdup_printf (": %s", said) : g_strdup ("");
  const char *name = self->display_name;
  const char *hint = self->credential_hint;

  switch (status)
    {
    case SOUP_STATUS_UNAUTHORIZED:
      if (hint != NULL)
        return g_error_new (RTCC_HTTP_ERROR, RTCC_HTTP_ERROR_UNAUTHORIZED,
                            _("%s refused the credentials (401)%s. Check %s in Preferences."),
                            name, detail, hint);
      return g_error_new (RTCC_HTTP_ERROR, RTCC_HTTP_ERROR_UNAUTHORIZED,
                          _("%s refused the credentials (401)%s."), name, detail);
    case SOUP_STATUS_FORBIDDEN:
      return g_error_new (RTCC_HTTP_ERROR, RTCC_HTTP_ERROR_FORBIDDEN,
                          _("%s denied access (403)%s."), name, detail);
    case SOUP_STATUS_NOT_FOUND:
      return g_error_new (RTCC_HTTP_ERROR, RTCC_HTTP_ERROR_NOT_FOUND,
                          _("%s has no such record (404)%s."), name, detail);
    case SOUP_STATUS_CONFLICT:
      return g_error_new (RTCC_HTTP_ERROR, RTCC_HTTP_ERROR_CONFLICT,
                          _("%s refused the change (409)%s."), name, detail);
    case 429:
      return g_error_new (RTCC_HTTP_ERROR, RTCC_HTTP_ERROR_RATE_LIMITED,
                          _("%s is limiting requests (429); try again in %u s."),
                          name, MAX (retry_after_s, 1));
    default:
      break;
    }
  if (status >= 500)
    {
      if (retry_after_s > 0)
        return g_error_new (RTCC_HTTP_ERROR, RTCC_HTTP_ERROR_SERVER,
                            _("%s is unavailable (%u)%s; try again in %u s."),
                            name, status, detail, retry_after_s);
      return g_error_new (RTCC_HTTP_ERROR, RTCC_HTTP_ERROR_SERVER,
                          _("%s had a server error (%u)%s."), name, status, detail);
    }
  return g_error_new (RTCC_HTTP_ERROR, RTCC_HTTP_ERROR_BAD_REQUEST,
                      _("%s refused the request (%u)%s."), name, status, detail);
}

static GError *
error_for_transport (RtccServiceClient *self,
                     SendData          *data,
                     const GError      *error,
                     guint              timeout_ms)
{
  if (data->timed_out)
    return g_error_new (RTCC_HTTP_ERROR, RTCC_HTTP_ERROR_TIMEOUT,
                        _("%s did not answer within %.1f s."),
                        self->display_name, timeout_ms / 1000.0);
  /* Closed before the status line, the vendor did not answer at all: that
   * is a connection failure, not a body cut short. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT) &&
      data->message != NULL && soup_message_get_status (data->message) != SOUP_STATUS_NONE)
    return g_error_new (RTCC_HTTP_ERROR, RTCC_HTTP_ERROR_TRUNCATED,
                        _("%s's answer was cut short (%s)."), self->display_name, error->message);
  return g_error_new (RTCC_HTTP_ERROR, RTCC_HTTP_ERROR_CONNECTION,
                      _("Could not reach %s at %s: %s. Check the URL in Preferences and the network."),
                      self->display_name,
                      self->base_uri ? g_uri_get_host (self->base_uri) : "?",
                      error->message);
}

/* Traces */

static char *
redact (RtccServiceClient *self,
        const char        *text)
{
  GString *s = g_string_new (text);
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, self->secret_values);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (key != NULL && strlen (key) >= 4)
      g_string_replace (s, key, "[redacted]", 0);
  if (self->access_token != NULL)
    g_string_replace (s, self->access_token, "[redacted]", 0);
  return g_string_free (s, FALSE);
}

static void
trace_request (RtccServiceClient *self,
               RtccRequest       *request,
               SoupMessage       *message,
               guint              attempt)
{
  g_autofree char *uri = NULL;
  g_autofree char *shown = NULL;
  const char *content_type;
  GBytes *body;

  if (!self->debug)
    return;
  if (rtcc_request_get_sensitive (request))
    {
      /* Paths carry CJI too (/hotlists/H1/entries/<plate>): only the
       * first segment names the call. */
      const char *path = rtcc_request_get_path (request);
      const char *cut = path[0] != '\0' ? strpbrk (path + 1, "/?") : NULL;

      uri = g_strdup_printf ("%s%.*s%s [path and query withheld]",
                             self->base_uri ? g_uri_get_path (self->base_uri) : "",
                             cut != NULL ? (int) (cut - path) : (int) strlen (path), path,
                             cut != NULL ? "/…" : "");
    }
  else
    uri = g_uri_to_string (soup_message_get_uri (message));
  shown = redact (self, uri);
  g_message ("> %s %s (attempt %u)", soup_message_get_method (message), shown, attempt);

  {
    SoupMessageHeadersIter iter;
    const char *name, *value;

    soup_message_headers_iter_init (&iter, soup_message_get_request_headers (message));
    while (soup_message_headers_iter_next (&iter, &name, &value))
      {
        g_autofree char *v = NULL;
        if (g_ascii_strcasecmp (name, "Authorization") == 0 ||
            g_ascii_strcasecmp (name, "X-API-Key") == 0)
          v = g_strdup ("[redacted]");
        else
          v = redact (self, value);
        g_message ("  %s: %s", name, v);
      }
  }

  body = _rtcc_request_get_body (request, &content_type);
  if (body != NULL && !rtcc_request_get_sensitive (request))
    {
      gsize len;
      const char *data = g_bytes_get_data (body, &len);
      g_autofree char *text = g_strndup (data, MIN (len, TRACE_BODY_MAX));
      g_autofree char *clean = redact (self, text);
      g_message ("  body: %s%s", clean, len > TRACE_BODY_MAX ? "…" : "");
    }
}

static void
trace_answer (RtccServiceClient *self,
              RtccRequest       *request,
              guint              status,
              GBytes            *body,
              double             ms,
              gboolean           token_answer)
{
  gsize len = body ? g_bytes_get_size (body) : 0;

  if (!self->debug)
    return;
  g_message ("< %u in %.0f ms, %zu bytes", status, ms, len);
  if (len > 0 && !token_answer && (request == NULL || !rtcc_request_get_sensitive (request)))
    {
      g_autofree char *text = g_strndup (g_bytes_get_data (body, NULL), MIN (len, TRACE_BODY_MAX));
      g_autofree char *clean = redact (self, text);
      g_message ("  answer: %s%s", clean, len > TRACE_BODY_MAX ? "…" : "");
    }
}

/* Tokens */

static void
token_waiters_complete (RtccServiceClient *self,
                        const GError      *error)
{
  g_autoptr(GPtrArray) waiters = g_steal_pointer (&self->token_waiters);

  self->token_waiters = g_ptr_array_new ();
  self->token_fetching = FALSE;
  for (guint i = 0; i < waiters->len; i++)
    {
      GTask *task = g_ptr_array_index (waiters, i);
      GSource *cancel_source = g_task_get_task_data (task);

      if (cancel_source != NULL)
        g_source_destroy (cancel_source);
      if (error != NULL)
        g_task_return_error (task, g_error_copy (error));
      else
        g_task_return_boolean (task, TRUE);
      g_object_unref (task);
    }
}

static gboolean
token_waiter_cancelled_cb (GCancellable *cancellable,
                           gpointer      user_data)
{
  GTask *task = user_data;
  RtccServiceClient *self = g_task_get_source_object (task);

  /* The sign-in goes on for the other waiters; this one leaves now. */
  if (g_ptr_array_remove (self->token_waiters, task))
    {
      g_task_return_error_if_cancelled (task);
      g_object_unref (task);
    }
  return G_SOURCE_REMOVE;
}

static void
cancel_source_free (gpointer data)
{
  GSource *source = data;

  g_source_destroy (source);
  g_source_unref (source);
}

static gboolean
token_timeout_cb (gpointer user_data)
{
  RtccServiceClient *self = user_data;

  g_cancellable_cancel (self->token_cancellable);
  return G_SOURCE_REMOVE;
}

static void
token_fetch_clear (RtccServiceClient *self)
{
  if (self->token_timeout != NULL)
    {
      g_source_destroy (self->token_timeout);
      g_clear_pointer (&self->token_timeout, g_source_unref);
    }
  g_clear_object (&self->token_cancellable);
}

static void
token_read_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(RtccServiceClient) self = user_data;
  SoupSession *session = SOUP_SESSION (object);
  SoupMessage *message = soup_session_get_async_result_message (session, result);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (session, result, &error);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) final = NULL;
  guint status;

  token_fetch_clear (self);
  if (body == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT) ||
          g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        final = g_error_new (RTCC_HTTP_ERROR, RTCC_HTTP_ERROR_TIMEOUT,
                             _("%s did not answer the sign-in in time."), self->display_name);
      else
        final = g_error_new (RTCC_HTTP_ERROR, RTCC_HTTP_ERROR_CONNECTION,
                             _("Could not reach %s to sign in: %s. Check the URL in Preferences and the network."),
                             self->display_name, error->message);
      rtcc_service_client_record_failure (self, final);
      token_waiters_complete (self, final);
      return;
    }

  status = soup_message_get_status (message);
  trace_answer (self, NULL, status, body, 0, TRUE);
  node = rtcc_json_parse_bytes (body, NULL);

  if (status == SOUP_STATUS_OK && node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *obj = json_node_get_object (node);
      const char *token = rtcc_json_get_string (obj, "access_token");
      gint64 expires_in = 3600;

      rtcc_json_get_int (obj, "expires_in", &expires_in, NULL);
      if (token != NULL && *token != '\0')
        {
          rtcc_set_str (&self->access_token, token);
          self->token_expires_us = g_get_monotonic_time () + CLAMP (expires_in, 1, 86400 * 30) * G_USEC_PER_SEC;
          token_waiters_complete (self, NULL);
          return;
        }
      final = g_error_new (RTCC_HTTP_ERROR, RTCC_HTTP_ERROR_MALFORMED,
                           _("%s's sign-in answer has no access token."), self->display_name);
    }
  else if (status == SOUP_STATUS_UNAUTHORIZED || status == SOUP_STATUS_BAD_REQUEST ||
           status == SOUP_STATUS_FORBIDDEN)
    {
      g_autofree char *raw = vendor_message (node);
      g_autofree char *said = short_text (raw);
      final = g_error_new (RTCC_HTTP_ERROR, RTCC_HTTP_ERROR_UNAUTHORIZED,
                           _("%s refused the sign-in (%u)%s%s. Check %s in Preferences."),
                           self->display_name, status, said ? ": " : "", said ? said : "",
                           self->credential_hint ? self->credential_hint : _("the credentials"));
    }
  else if (status >= 500)
    final = g_error_new (RTCC_HTTP_ERROR, RTCC_HTTP_ERROR_SERVER,
                         _("%s could not sign us in (%u)."), self->display_name, status);
  else
    final = g_error_new (RTCC_HTTP_ERROR, RTCC_HTTP_ERROR_MALFORMED,
                         _("%s sent an unreadable sign-in answer (%u)."), self->display_name, status);

  rtcc_service_client_record_failure (self, final);
  token_waiters_complete (self, final);
}

static void
ensure_token_async (RtccServiceClient   *self,
                    gboolean             force,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *uri = NULL;
  g_autoptr(SoupMessage) message = NULL;
  g_autofree char *form = NULL;

  g_task_set_source_tag (task, ensure_token_async);

  if (self->token_path == NULL ||
      (!force && self->access_token != NULL &&
       g_get_monotonic_time () < self->token_expires_us - TOKEN_MARGIN_US))
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }

  g_ptr_array_add (self->token_waiters, task);
  if (cancellable != NULL)
    {
      /* A source, not a "cancelled" handler: the waiter must not complete
       * from inside the emission, where disconnecting would deadlock. */
      GSource *cancel_source = g_cancellable_source_new (cancellable);

      g_source_set_callback (cancel_source, G_SOURCE_FUNC (token_waiter_cancelled_cb), task, NULL);
      g_source_attach (cancel_source, g_main_context_get_thread_default ());
      g_task_set_task_data (task, cancel_source, cancel_source_free);
    }
  if (self->token_fetching)
    return;
  self->token_fetching = TRUE;
  rtcc_service_client_invalidate_token (self);

  uri = rtcc_service_client_build_uri (self, self->token_path, FALSE);
  message = soup_message_new (SOUP_METHOD_POST, uri);
  if (message == NULL)
    {
      g_autoptr(GError) error = g_error_new (RTCC_HTTP_ERROR, RTCC_HTTP_ERROR_NOT_CONFIGURED,
                                             _("%s has no valid URL."), self->display_name);
      token_waiters_complete (self, error);
      return;
    }
  form = soup_form_encode_hash (self->token_form);
  {
    gsize form_len = strlen (form);
    g_autoptr(GBytes) form_bytes = g_bytes_new_take (g_steal_pointer (&form), form_len);
    soup_message_set_request_body_from_bytes (message, "application/x-www-form-urlencoded",
                                              form_bytes);
  }
  soup_message_headers_replace (soup_message_get_request_headers (message), "Accept", "application/json");
  if (self->debug)
    g_message ("> POST %s (sign-in; form withheld)", uri);
  /* Shared by several waiters: none of their cancellables may stop it,
   * only its own timeout. */
  self->token_cancellable = g_cancellable_new ();
  self->token_timeout = g_timeout_source_new (self->default_timeout_ms);
  g_source_set_callback (self->token_timeout, token_timeout_cb, self, NULL);
  g_source_attach (self->token_timeout, g_main_context_get_thread_default ());
  soup_session_send_and_read_async (self->session, message, G_PRIORITY_DEFAULT,
                                    self->token_cancellable, token_read_cb, g_object_ref (self));
}

static gboolean
ensure_token_finish (RtccServiceClient  *self,
                     GAsyncResult       *result,
                     GError            **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
apply_auth (RtccServiceClient  *self,
            SoupMessageHeaders *headers)
{
  for (guint i = 0; i + 1 < self->default_headers->len; i += 2)
    soup_message_headers_replace (headers, g_ptr_array_index (self->default_headers, i),
                                  g_ptr_array_index (self->default_headers, i + 1));
  if (self->access_token != NULL)
    {
      g_autofree char *value = g_strdup_printf ("Bearer %s", self->access_token);
      soup_message_headers_replace (headers, "Authorization", value);
    }
  else if (self->static_bearer != NULL)
    {
      g_autofree char *value = g_strdup_printf ("Bearer %s", self->static_bearer);
      soup_message_headers_replace (headers, "Authorization", value);
    }
}

/* Sending */

static guint
parse_retry_after (SoupMessageHeaders *headers)
{
  const char *value = headers ? soup_message_headers_get_one (headers, "Retry-After") : NULL;
  guint64 secs;

  if (value == NULL)
    return 0;
  if (g_ascii_string_to_unsigned (value, 10, 0, 86400, &secs, NULL))
    return (guint) secs;
  {
    g_autoptr(GDateTime) when = soup_date_time_new_from_http_string (value);
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
    GTimeSpan span;

    if (when == NULL)
      return 0;
    span = g_date_time_difference (when, now);
    if (span <= 0)
      return 0;
    /* Capped like the seconds form, so a far date cannot wrap to a short wait. */
    return (guint) MIN ((span + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC, 86400);
  }
}

static guint
backoff_ms (RtccServiceClient *self,
            guint              attempt)
{
  guint64 delay = self->base_delay_ms;

  for (guint i = 1; i < attempt && delay < self->max_delay_ms; i++)
    delay *= 2;
  delay = MIN (delay, self->max_delay_ms);
  /* Jitter spreads the retries of many workstations after an outage. */
  return (guint) (delay / 2 + g_random_int_range (0, (gint32) (delay / 2) + 1));
}

static gboolean
retry_cb (gpointer user_data)
{
  GTask *task = user_data;
  SendData *data = g_task_get_task_data (task);

  g_clear_pointer (&data->retry_source, g_source_unref);
  send_attempt (g_object_ref (task));
  return G_SOURCE_REMOVE;
}

static void
schedule_retry (GTask *task,
                guint  delay_ms)
{
  SendData *data = g_task_get_task_data (task);
  RtccServiceClient *self = g_task_get_source_object (task);

  if (self->debug)
    g_message ("  retrying in %u ms", delay_ms);
  data->retry_source = g_timeout_source_new (delay_ms);
  g_source_set_callback (data->retry_source, retry_cb, g_object_ref (task), g_object_unref);
  g_source_attach (data->retry_source, g_main_context_get_thread_default ());
}

static void
finish_with_error (GTask  *task,
                   GError *error)
{
  RtccServiceClient *self = g_task_get_source_object (task);
  SendData *data = g_task_get_task_data (task);

  if (data->is_probe)
    self->probe_in_flight = FALSE;
  rtcc_service_client_record_failure (self, error);
  g_task_return_error (task, error);
}

static void
finish_with_body (GTask  *task,
                  guint   status,
                  GBytes *body)
{
  RtccServiceClient *self = g_task_get_source_object (task);
  SendData *data = g_task_get_task_data (task);
  double ms = (g_get_monotonic_time () - data->started_us) / 1000.0;

  if (data->is_probe)
    self->probe_in_flight = FALSE;

  if (data->want_bytes)
    {
      rtcc_service_client_record_success (self, ms);
      g_task_return_pointer (task, g_bytes_ref (body), (GDestroyNotify) g_bytes_unref);
      return;
    }

  if (status == SOUP_STATUS_NO_CONTENT || g_bytes_get_size (body) == 0)
    {
      rtcc_service_client_record_success (self, ms);
      g_task_return_pointer (task, json_node_new (JSON_NODE_NULL), (GDestroyNotify) json_node_unref);
      return;
    }

  {
    g_autoptr(GError) parse_error = NULL;
    JsonNode *node = rtcc_json_parse_bytes (body, &parse_error);

    if (node == NULL)
      {
        GError *error;
        if (g_error_matches (parse_error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_TRUNCATED))
          error = g_error_new (RTCC_HTTP_ERROR, RTCC_HTTP_ERROR_TRUNCATED,
                               _("%s's answer was cut short after %zu bytes."),
                               self->display_name, g_bytes_get_size (body));
        else if (g_error_matches (parse_error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_TOO_LARGE))
          error = g_error_new (RTCC_HTTP_ERROR, RTCC_HTTP_ERROR_TOO_LARGE,
                               _("%s sent too large an answer: %s"),
                               self->display_name, parse_error->message);
        else
          error = g_error_new (RTCC_HTTP_ERROR, RTCC_HTTP_ERROR_MALFORMED,
                               _("%s sent an answer that is not valid JSON."), self->display_name);
        /* It answered, so the circuit stays closed; the figures still count it. */
        self->latency_ms = ms;
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LATENCY_MS]);
        finish_with_error (task, error);
        return;
      }
    rtcc_service_client_record_success (self, ms);
    g_task_return_pointer (task, node, (GDestroyNotify) json_node_unref);
  }
}

static void
handle_answer (GTask  *task,
               guint   status,
               GBytes *body)
{
  RtccServiceClient *self = g_task_get_source_object (task);
  SendData *data = g_task_get_task_data (task);
  SoupMessageHeaders *headers = soup_message_get_response_headers (data->message);
  double ms = (g_get_monotonic_time () - data->started_us) / 1000.0;
  guint retry_after;

  _rtcc_request_set_answer (data->request, status, headers, body);
  trace_answer (self, data->request, status, body, ms, FALSE);
  send_data_clear_attempt (data);

  if (SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      finish_with_body (task, status, body);
      return;
    }

  if (status == SOUP_STATUS_UNAUTHORIZED && self->token_path != NULL && !data->refreshed_token)
    {
      /* The token may have expired early: fetch a new one once. */
      data->refreshed_token = TRUE;
      rtcc_service_client_invalidate_token (self);
      send_attempt (g_object_ref (task));
      return;
    }

  retry_after = parse_retry_after (headers);
  if ((status == 429 || status == SOUP_STATUS_SERVICE_UNAVAILABLE ||
       (status >= 500 && rtcc_request_get_retry (data->request))) &&
      data->attempt < self->max_attempts && retry_after <= MAX_RETRY_AFTER_S)
    {
      guint delay = MAX (retry_after * 1000, backoff_ms (self, data->attempt));
      schedule_retry (task, delay);
      return;
    }

  finish_with_error (task, error_for_status (self, data->request, status, retry_after));
}

static void
read_chunk_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RtccServiceClient *self = g_task_get_source_object (task);
  SendData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  guint timeout_ms = rtcc_request_get_timeout_ms (data->request) ?: self->default_timeout_ms;
  gsize limit = data->want_bytes ? MAX_BYTES_BODY : RTCC_JSON_MAX_DOCUMENT_BYTES;

  if (chunk == NULL)
    {
      if (g_cancellable_is_cancelled (g_task_get_cancellable (task)))
        {
          if (data->is_probe)
            self->probe_in_flight = FALSE;
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      {
        GError *final = error_for_transport (self, data, error, timeout_ms);
        _rtcc_request_count_attempt (data->request);
        send_data_clear_attempt (data);
        finish_with_error (task, final);
      }
      return;
    }

  if (g_bytes_get_size (chunk) > 0)
    {
      if (data->buffer->len + g_bytes_get_size (chunk) > limit)
        {
          _rtcc_request_count_attempt (data->request);
          send_data_clear_attempt (data);
          finish_with_error (task, g_error_new (RTCC_HTTP_ERROR, RTCC_HTTP_ERROR_TOO_LARGE,
                                                _("%s sent more than %zu MiB; the answer was refused."),
                                                self->display_name, limit / (1024 * 1024)));
          return;
        }
      g_byte_array_append (data->buffer, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
      g_input_stream_read_bytes_async (data->stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                       data->attempt_cancellable, read_chunk_cb,
                                       g_steal_pointer (&task));
      return;
    }

  {
    guint status = soup_message_get_status (data->message);
    goffset expected = soup_message_headers_get_content_length (
      soup_message_get_response_headers (data->message));
    g_autoptr(GBytes) body = g_byte_array_free_to_bytes (g_steal_pointer (&data->buffer));

    if (expected > 0 && (goffset) g_bytes_get_size (body) < expected)
      {
        _rtcc_request_set_answer (data->request, status,
                                  soup_message_get_response_headers (data->message), body);
        send_data_clear_attempt (data);
        finish_with_error (task, g_error_new (RTCC_HTTP_ERROR, RTCC_HTTP_ERROR_TRUNCATED,
                                              _("%s's answer was cut short after %zu of %lld bytes."),
                                              self->display_name, g_bytes_get_size (body),
                                              (long long) expected));
        return;
      }
    handle_answer (task, status, body);
  }
}

static void
send_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RtccServiceClient *self = g_task_get_source_object (task);
  SendData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  GInputStream *stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  guint timeout_ms = rtcc_request_get_timeout_ms (data->request) ?: self->default_timeout_ms;

  if (stream == NULL)
    {
      GError *final;

      if (g_cancellable_is_cancelled (g_task_get_cancellable (task)))
        {
          if (data->is_probe)
            self->probe_in_flight = FALSE;
          send_data_clear_attempt (data);
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      final = error_for_transport (self, data, error, timeout_ms);
      if (self->debug)
        g_message ("< %s", final->message);
      _rtcc_request_count_attempt (data->request);
      send_data_clear_attempt (data);
      if (rtcc_request_get_retry (data->request) && data->attempt < self->max_attempts)
        {
          g_error_free (final);
          schedule_retry (task, backoff_ms (self, data->attempt));
          return;
        }
      finish_with_error (task, final);
      return;
    }

  data->stream = stream;
  data->buffer = g_byte_array_new ();
  g_input_stream_read_bytes_async (stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   data->attempt_cancellable, read_chunk_cb,
                                   g_steal_pointer (&task));
}

static gboolean
timeout_cb (gpointer user_data)
{
  SendData *data = user_data;

  data->timed_out = TRUE;
  g_clear_pointer (&data->timeout_source, g_source_unref);
  g_cancellable_cancel (data->attempt_cancellable);
  return G_SOURCE_REMOVE;
}

static void
token_for_attempt_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RtccServiceClient *self = RTCC_SERVICE_CLIENT (object);
  SendData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *uri = NULL;
  const char *content_type = NULL;
  GBytes *body;
  guint timeout_ms;

  if (!ensure_token_finish (self, result, &error))
    {
      if (data->is_probe)
        self->probe_in_flight = FALSE;
      /* Failures were counted where the token was fetched. */
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    {
      if (data->is_probe)
        self->probe_in_flight = FALSE;
      return;
    }

  data->attempt++;
  path = rtcc_request_dup_path_and_query (data->request);
  uri = rtcc_service_client_build_uri (self, path, FALSE);
  data->message = soup_message_new (rtcc_request_get_method (data->request), uri);
  if (data->message == NULL)
    {
      finish_with_error (task,
                         g_error_new (RTCC_HTTP_ERROR, RTCC_HTTP_ERROR_BAD_REQUEST,
                                      _("The request path is not valid for %s."), self->display_name));
      return;
    }

  soup_message_headers_replace (soup_message_get_request_headers (data->message),
                                "Accept", data->want_bytes ? "*/*" : "application/json");
  apply_auth (self, soup_message_get_request_headers (data->message));
  _rtcc_request_apply_headers (data->request, soup_message_get_request_headers (data->message));
  body = _rtcc_request_get_body (data->request, &content_type);
  if (body != NULL)
    soup_message_set_request_body_from_bytes (data->message, content_type, body);

  trace_request (self, data->request, data->message, data->attempt);

  data->timed_out = FALSE;
  data->started_us = g_get_monotonic_time ();
  data->attempt_cancellable = g_cancellable_new ();
  timeout_ms = rtcc_request_get_timeout_ms (data->request) ?: self->default_timeout_ms;
  data->timeout_source = g_timeout_source_new (timeout_ms);
  g_source_set_callback (data->timeout_source, timeout_cb, data, NULL);
  g_source_attach (data->timeout_source, g_main_context_get_thread_default ());

  soup_session_send_async (self->session, data->message, G_PRIORITY_DEFAULT,
                           data->attempt_cancellable, send_cb, g_steal_pointer (&task));
}

static void
send_attempt (GTask *task)
{
  RtccServiceClient *self = g_task_get_source_object (task);
  SendData *data = g_task_get_task_data (task);

  if (g_task_return_error_if_cancelled (task))
    {
      if (data->is_probe)
        self->probe_in_flight = FALSE;
      g_object_unref (task);
      return;
    }
  ensure_token_async (self, FALSE, g_task_get_cancellable (task), token_for_attempt_cb, task);
}

static void
on_user_cancelled (GCancellable *cancellable,
                   gpointer      user_data)
{
  SendData *data = user_data;

  if (data->attempt_cancellable != NULL)
    g_cancellable_cancel (data->attempt_cancellable);
  /* Waiting out a backoff or Retry-After: end the wait now, and let the
   * retry find the cancellation instead of completing from this handler. */
  if (data->retry_source != NULL)
    g_source_set_ready_time (data->retry_source, 0);
}

static void
send_common (RtccServiceClient   *self,
             RtccRequest         *request,
             gboolean             want_bytes,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  GTask *task;
  SendData *data;

  g_return_if_fail (RTCC_IS_SERVICE_CLIENT (self));
  g_return_if_fail (RTCC_IS_REQUEST (request));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rtcc_service_client_send_async);
  data = g_new0 (SendData, 1);
  data->request = g_object_ref (request);
  data->want_bytes = want_bytes;
  g_task_set_task_data (task, data, send_data_free);

  if (self->base_uri == NULL)
    {
      g_task_return_new_error (task, RTCC_HTTP_ERROR, RTCC_HTTP_ERROR_NOT_CONFIGURED,
                               _("%s has no valid URL. Set it in Preferences."), self->display_name);
      g_object_unref (task);
      return;
    }

  if (self->circuit != RTCC_CIRCUIT_CLOSED)
    {
      gint64 waited_ms = (g_get_monotonic_time () - self->circuit_opened_us) / 1000;

      if (self->circuit == RTCC_CIRCUIT_OPEN && waited_ms >= self->current_probe_ms &&
          !self->probe_in_flight)
        {
          set_circuit (self, RTCC_CIRCUIT_HALF_OPEN);
          data->is_probe = TRUE;
          self->probe_in_flight = TRUE;
        }
      else if (self->circuit == RTCC_CIRCUIT_HALF_OPEN && !self->probe_in_flight)
        {
          data->is_probe = TRUE;
          self->probe_in_flight = TRUE;
        }
      else
        {
          gint64 left_s = MAX (0, ((gint64) self->current_probe_ms - waited_ms + 999) / 1000);
          g_task_return_new_error (task, RTCC_HTTP_ERROR, RTCC_HTTP_ERROR_CIRCUIT_OPEN,
                                   _("%s is offline after %u failed requests; trying again in %lld s. Last error: %s"),
                                   self->display_name, self->consecutive_failures, (long long) left_s,
                                   self->last_error ? self->last_error : _("unknown"));
          g_object_unref (task);
          return;
        }
    }

  /* No retries for a probe: one answer decides. */
  if (data->is_probe)
    data->attempt = self->max_attempts - 1;

  if (cancellable != NULL)
    {
      data->user_cancellable = g_object_ref (cancellable);
      data->cancel_handler = g_cancellable_connect (cancellable, G_CALLBACK (on_user_cancelled),
                                                    data, NULL);
    }

  send_attempt (task);
}

/**
 * rtcc_service_client_send_async:
 * @request: what to send; it also receives the answer
 *
 * Sends @request with authentication, timeout, retries and the circuit
 * breaker. Finish with rtcc_service_client_send_json_finish() or
 * rtcc_service_client_send_bytes_finish() (call
 * rtcc_service_client_send_bytes_async() for the latter).
 */
void
rtcc_service_client_send_async (RtccServiceClient   *self,
                                RtccRequest         *request,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  send_common (self, request, FALSE, cancellable, callback, user_data);
}

/**
 * rtcc_service_client_send_bytes_async:
 *
 * Like rtcc_service_client_send_async() for media: the answer is not
 * parsed, and may be up to 256 MiB.
 */
void
rtcc_service_client_send_bytes_async (RtccServiceClient   *self,
                                      RtccRequest         *request,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  send_common (self, request, TRUE, cancellable, callback, user_data);
}

/**
 * rtcc_service_client_send_json_finish:
 *
 * Returns: (transfer full): the parsed answer (a JSON null node for an
 *   empty answer), or %NULL with @error set in %RTCC_HTTP_ERROR or
 *   %G_IO_ERROR_CANCELLED
 */
JsonNode *
rtcc_service_client_send_json_finish (RtccServiceClient  *self,
                                      GAsyncResult       *result,
                                      GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rtcc_service_client_send_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * rtcc_service_client_send_bytes_finish:
 *
 * Returns: (transfer full): the body, or %NULL with @error set
 */
GBytes *
rtcc_service_client_send_bytes_finish (RtccServiceClient  *self,
                                       GAsyncResult       *result,
                                       GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rtcc_service_client_send_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
authorize_token_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RtccServiceClient *self = RTCC_SERVICE_CLIENT (object);
  SoupMessage *message = g_task_get_task_data (task);
  GError *error = NULL;

  if (!ensure_token_finish (self, result, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  apply_auth (self, soup_message_get_request_headers (message));
  g_task_return_boolean (task, TRUE);
}

/**
 * rtcc_service_client_authorize_async:
 * @message: a message built by the caller, e.g. a WebSocket upgrade
 *
 * Adds the default headers and a valid bearer token to @message, signing
 * in first if needed.
 */
void
rtcc_service_client_authorize_async (RtccServiceClient   *self,
                                     SoupMessage         *message,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, rtcc_service_client_authorize_async);
  g_task_set_task_data (task, g_object_ref (message), g_object_unref);
  ensure_token_async (self, FALSE, cancellable, authorize_token_cb, task);
}

gboolean
rtcc_service_client_authorize_finish (RtccServiceClient  *self,
                                      GAsyncResult       *result,
                                      GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rtcc_service_client_authorize_async, FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
