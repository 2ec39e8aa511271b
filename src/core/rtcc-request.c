/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccRequest"

#include "config.h"

#include <string.h>

#include "rtcc-json.h"
#include "rtcc-request-private.h"

struct _RtccRequest
{
  GObject             parent_instance;

  char               *method;
  char               *path;
  GPtrArray          *query;        /* alternating name, value */
  GPtrArray          *headers;      /* alternating name, value */
  GBytes             *body;
  char               *content_type;
  guint               timeout_ms;
  int                 retry;        /* -1: by method */
  gboolean            sensitive;

  guint               status;
  SoupMessageHeaders *response_headers;
  GBytes             *response_body;
  JsonNode           *response_json;
  gboolean            response_parsed;
  guint               attempts;
};

G_DEFINE_FINAL_TYPE (RtccRequest, rtcc_request, G_TYPE_OBJECT)

/* CJI answers must not linger in freed memory: overwrite what we own. */
static void
wipe_bytes (GBytes *bytes)
{
  gsize len = 0;
  gpointer data;

  if (bytes == NULL)
    return;
  data = (gpointer) g_bytes_get_data (bytes, &len);
  if (data != NULL && len > 0)
    explicit_bzero (data, len);
}

static void
rtcc_request_finalize (GObject *object)
{
  RtccRequest *self = RTCC_REQUEST (object);

  if (self->sensitive)
    {
      wipe_bytes (self->response_body);
      wipe_bytes (self->body);
    }

  g_free (self->method);
  g_free (self->path);
  g_ptr_array_unref (self->query);
  g_ptr_array_unref (self->headers);
  g_clear_pointer (&self->body, g_bytes_unref);
  g_free (self->content_type);
  g_clear_pointer (&self->response_headers, soup_message_headers_unref);
  g_clear_pointer (&self->response_body, g_bytes_unref);
  g_clear_pointer (&self->response_json, json_node_unref);

  G_OBJECT_CLASS (rtcc_request_parent_class)->finalize (object);
}

static void
rtcc_request_class_init (RtccRequestClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rtcc_request_finalize;
}

static void
rtcc_request_init (RtccRequest *self)
{
  self->query = g_ptr_array_new_with_free_func (g_free);
  self->headers = g_ptr_array_new_with_free_func (g_free);
  self->retry = -1;
}

/**
 * rtcc_request_new:
 * @method: an HTTP method
 * @path: the path below the vendor's base URL, starting with `/`; segments
 *   taken from user input must be escaped with g_uri_escape_string()
 *
 * Returns: (transfer full): a new request
 */
RtccRequest *
rtcc_request_new (const char *method,
                  const char *path)
{
  RtccRequest *self = g_object_new (RTCC_TYPE_REQUEST, NULL);

  self->method = g_strdup (method);
  self->path = g_strdup (path);
  return self;
}

const char *
rtcc_request_get_method (RtccRequest *self)
{
  return self->method;
}

const char *
rtcc_request_get_path (RtccRequest *self)
{
  return self->path;
}

/**
 * rtcc_request_add_query:
 * @value: (nullable): the value; %NULL or empty leaves the parameter out
 */
void
rtcc_request_add_query (RtccRequest *self,
                        const char  *name,
                        const char  *value)
{
  if (value == NULL || *value == '\0')
    return;
  g_ptr_array_add (self->query, g_strdup (name));
  g_ptr_array_add (self->query, g_strdup (value));
}

/**
 * rtcc_request_dup_path_and_query:
 *
 * Returns: (transfer full): the path with its escaped query string
 */
char *
rtcc_request_dup_path_and_query (RtccRequest *self)
{
  GString *s = g_string_new (self->path);

  for (guint i = 0; i + 1 < self->query->len; i += 2)
    {
      g_string_append_c (s, i == 0 && strchr (self->path, '?') == NULL ? '?' : '&');
      g_string_append_uri_escaped (s, g_ptr_array_index (self->query, i), NULL, FALSE);
      g_string_append_c (s, '=');
      g_string_append_uri_escaped (s, g_ptr_array_index (self->query, i + 1), NULL, FALSE);
    }
  return g_string_free (s, FALSE);
}

void
rtcc_request_add_header (RtccRequest *self,
                         const char  *name,
                         const char  *value)
{
  g_ptr_array_add (self->headers, g_strdup (name));
  g_ptr_array_add (self->headers, g_strdup (value));
}

/**
 * rtcc_request_set_json_body:
 * @body: (transfer none): the document to send
 */
void
rtcc_request_set_json_body (RtccRequest *self,
                            JsonNode    *body)
{
  char *text = rtcc_json_to_string (body, FALSE);

  g_clear_pointer (&self->body, g_bytes_unref);
  self->body = g_bytes_new_take (text, strlen (text));
  g_free (self->content_type);
  self->content_type = g_strdup ("application/json");
}

/**
 * rtcc_request_set_form_body:
 * @fields: (element-type utf8 utf8): form fields
 */
void
rtcc_request_set_form_body (RtccRequest *self,
                            GHashTable  *fields)
{
  char *text = soup_form_encode_hash (fields);

  g_clear_pointer (&self->body, g_bytes_unref);
  self->body = g_bytes_new_take (text, strlen (text));
  g_free (self->content_type);
  self->content_type = g_strdup ("application/x-www-form-urlencoded");
}

void
rtcc_request_set_timeout_ms (RtccRequest *self,
                             guint        timeout_ms)
{
  self->timeout_ms = timeout_ms;
}

/**
 * rtcc_request_get_timeout_ms:
 *
 * Returns: the timeout, or 0 for the client's default
 */
guint
rtcc_request_get_timeout_ms (RtccRequest *self)
{
  return self->timeout_ms;
}

/**
 * rtcc_request_set_retry:
 *
 * Whether a failed attempt may be sent again. By default requests that
 * change nothing (GET, HEAD, PUT, DELETE) are retried after server errors
 * and timeouts; every request is retried after 429 and 503, which say the
 * vendor did not act on it.
 */
void
rtcc_request_set_retry (RtccRequest *self,
                        gboolean     retry)
{
  self->retry = retry;
}

gboolean
rtcc_request_get_retry (RtccRequest *self)
{
  if (self->retry >= 0)
    return self->retry;
  return g_str_equal (self->method, "GET") || g_str_equal (self->method, "HEAD") ||
         g_str_equal (self->method, "PUT") || g_str_equal (self->method, "DELETE");
}

/**
 * rtcc_request_set_sensitive:
 *
 * A sensitive request (CJI: NESS queries, person searches) never has its
 * body, query or answer written to debug traces, and its body and answer
 * are overwritten when the request is freed, so the answer must be read
 * as the parsed JSON, not kept as bytes.
 */
void
rtcc_request_set_sensitive (RtccRequest *self,
                            gboolean     sensitive)
{
  self->sensitive = sensitive;
}

gboolean
rtcc_request_get_sensitive (RtccRequest *self)
{
  return self->sensitive;
}

/**
 * rtcc_request_get_status:
 *
 * Returns: the HTTP status of the last answer, or 0 before one arrived
 */
guint
rtcc_request_get_status (RtccRequest *self)
{
  return self->status;
}

/**
 * rtcc_request_get_response_headers:
 *
 * Returns: (transfer none) (nullable): the headers of the last answer
 */
SoupMessageHeaders *
rtcc_request_get_response_headers (RtccRequest *self)
{
  return self->response_headers;
}

/**
 * rtcc_request_get_response_body:
 *
 * Returns: (transfer none) (nullable): the body of the last answer
 */
GBytes *
rtcc_request_get_response_body (RtccRequest *self)
{
  return self->response_body;
}

/**
 * rtcc_request_get_response_json:
 *
 * Returns: (transfer none) (nullable): the body of the last answer parsed
 *   as JSON, or %NULL if it was not JSON
 */
JsonNode *
rtcc_request_get_response_json (RtccRequest *self)
{
  if (!self->response_parsed && self->response_body != NULL)
    {
      self->response_parsed = TRUE;
      self->response_json = rtcc_json_parse_bytes (self->response_body, NULL);
    }
  return self->response_json;
}

guint
rtcc_request_get_attempts (RtccRequest *self)
{
  return self->attempts;
}

/* Private, for the service client. */

GBytes *
_rtcc_request_get_body (RtccRequest  *self,
                        const char  **content_type)
{
  *content_type = self->content_type;
  return self->body;
}

void
_rtcc_request_apply_headers (RtccRequest        *self,
                             SoupMessageHeaders *headers)
{
  for (guint i = 0; i + 1 < self->headers->len; i += 2)
    soup_message_headers_replace (headers, g_ptr_array_index (self->headers, i),
                                  g_ptr_array_index (self->headers, i + 1));
}

void
_rtcc_request_set_answer (RtccRequest        *self,
                          guint               status,
                          SoupMessageHeaders *headers,
                          GBytes             *body)
{
  self->attempts++;
  self->status = status;
  g_clear_pointer (&self->response_headers, soup_message_headers_unref);
  if (headers != NULL)
    self->response_headers = soup_message_headers_ref (headers);
  if (self->sensitive)
    wipe_bytes (self->response_body);
  g_clear_pointer (&self->response_body, g_bytes_unref);
  if (body != NULL)
    self->response_body = g_bytes_ref (body);
  g_clear_pointer (&self->response_json, json_node_unref);
  self->response_parsed = FALSE;
}

void
_rtcc_request_count_attempt (RtccRequest *self)
{
  self->attempts++;
}
