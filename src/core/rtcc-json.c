/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccJson"

#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "rtcc-json.h"

G_DEFINE_QUARK (rtcc-json-error-quark, rtcc_json_error)

/* json-glib reports an early end of input as "unexpected end of file" but
 * does so through different codes across versions: a document that opens
 * more brackets than it closes is treated as cut short. */
static gboolean
looks_truncated (const char *data,
                 gsize       length)
{
  int depth = 0;
  gboolean in_string = FALSE;
  gboolean escaped = FALSE;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (escaped)
            escaped = FALSE;
          else if (c == '\\')
            escaped = TRUE;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }
      if (c == '"')
        in_string = TRUE;
      else if (c == '{' || c == '[')
        depth++;
      else if (c == '}' || c == ']')
        depth--;
    }
  return in_string || depth > 0;
}

/**
 * rtcc_json_parse:
 * @data: the text
 * @length: its length, or -1 if nul-terminated
 * @error: return location for a #GError in %RTCC_JSON_ERROR
 *
 * Parses a vendor document, telling a malformed body from a truncated
 * one and refusing documents over %RTCC_JSON_MAX_DOCUMENT_BYTES.
 *
 * Returns: (transfer full): the root node, or %NULL with @error set
 */
JsonNode *
rtcc_json_parse (const char  *data,
                 gssize       length,
                 GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize len;

  if (data == NULL)
    {
      g_set_error (error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_MALFORMED, _("Empty answer"));
      return NULL;
    }
  len = length < 0 ? strlen (data) : (gsize) length;
  if (len > RTCC_JSON_MAX_DOCUMENT_BYTES)
    {
      g_set_error (error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_TOO_LARGE,
                   _("The answer is %zu bytes, over the limit of %d MiB"),
                   len, RTCC_JSON_MAX_DOCUMENT_BYTES / (1024 * 1024));
      return NULL;
    }
  if (len == 0)
    {
      g_set_error (error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_TRUNCATED, _("Empty answer"));
      return NULL;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, len, &local_error))
    {
      if (looks_truncated (data, len))
        g_set_error (error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_TRUNCATED,
                     _("The answer was cut short after %zu bytes"), len);
      else
        g_set_error (error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_MALFORMED,
                     _("The answer is not valid JSON: %s"), local_error->message);
      return NULL;
    }
  if (json_parser_get_root (parser) == NULL)
    {
      g_set_error (error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_TRUNCATED, _("Empty answer"));
      return NULL;
    }
  return json_node_copy (json_parser_get_root (parser));
}

JsonNode *
rtcc_json_parse_bytes (GBytes  *bytes,
                       GError **error)
{
  gsize len = 0;
  const char *data = bytes != NULL ? g_bytes_get_data (bytes, &len) : NULL;

  if (data == NULL)
    data = "";
  return rtcc_json_parse (data, len, error);
}

char *
rtcc_json_to_string (JsonNode *node,
                     gboolean  pretty)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();

  json_generator_set_root (gen, node);
  json_generator_set_pretty (gen, pretty);
  return json_generator_to_data (gen, NULL);
}

static JsonNode *
get_member (JsonObject *object,
            const char *member)
{
  JsonNode *node;

  if (object == NULL)
    return NULL;
  node = json_object_get_member (object, member);
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  return node;
}

/* A member's node, or NULL when it is absent or null: what every getter
 * below treats as absent. */
static JsonNode *
present (JsonNode *node)
{
  return node != NULL && !JSON_NODE_HOLDS_NULL (node) ? node : NULL;
}

/**
 * rtcc_json_get_object:
 *
 * Returns: (transfer none) (nullable): the member if it is an object
 */
JsonObject *
rtcc_json_get_object (JsonObject *object,
                      const char *member)
{
  return rtcc_json_node_get_object (get_member (object, member));
}

/**
 * rtcc_json_node_get_object:
 * @node: (nullable): a member's value
 *
 * Returns: (transfer none) (nullable): the value if it is an object
 */
JsonObject *
rtcc_json_node_get_object (JsonNode *node)
{
  node = present (node);
  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/**
 * rtcc_json_get_array:
 *
 * Returns: (transfer none) (nullable): the member if it is an array
 */
JsonArray *
rtcc_json_get_array (JsonObject *object,
                     const char *member)
{
  JsonNode *node = get_member (object, member);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

/**
 * rtcc_json_get_string:
 *
 * Returns: (transfer none) (nullable): the member if it is a string
 */
const char *
rtcc_json_get_string (JsonObject *object,
                      const char *member)
{
  return rtcc_json_node_get_string (get_member (object, member));
}

/**
 * rtcc_json_node_get_string:
 * @node: (nullable): a member's value
 *
 * Returns: (transfer none) (nullable): the value if it is a string
 */
const char *
rtcc_json_node_get_string (JsonNode *node)
{
  node = present (node);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/**
 * rtcc_json_dup_string_lenient:
 *
 * Vendors send identifiers as numbers or strings; either becomes text.
 *
 * Returns: (transfer full) (nullable): the member as text
 */
char *
rtcc_json_dup_string_lenient (JsonObject *object,
                              const char *member)
{
  JsonNode *node = get_member (object, member);
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  type = json_node_get_value_type (node);
  if (type == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  if (type == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  if (type == G_TYPE_DOUBLE)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];
      return g_strdup (g_ascii_dtostr (buf, sizeof buf, json_node_get_double (node)));
    }
  if (type == G_TYPE_BOOLEAN)
    return g_strdup (json_node_get_boolean (node) ? "true" : "false");
  return NULL;
}

/**
 * rtcc_json_get_double:
 * @object: (nullable): an object
 * @member: the member name
 * @value: (out): the number; left alone when absent
 * @error: set when the member is present but not a number
 *
 * Numbers sent as strings ("0.93") are accepted.
 *
 * Returns: %TRUE if the member was present and a number
 */
gboolean
rtcc_json_get_double (JsonObject  *object,
                      const char  *member,
                      double      *value,
                      GError     **error)
{
  JsonNode *node = get_member (object, member);
  GType type;

  if (node == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_VALUE (node))
    goto wrong;

  type = json_node_get_value_type (node);
  if (type == G_TYPE_DOUBLE || type == G_TYPE_INT64)
    {
      *value = json_node_get_double (node);
      return TRUE;
    }
  if (type == G_TYPE_STRING)
    {
      const char *s = json_node_get_string (node);
      char *end = NULL;
      double d;

      errno = 0;
      d = g_ascii_strtod (s, &end);
      if (end != s && *end == '\0' && errno == 0)
        {
          *value = d;
          return TRUE;
        }
    }

wrong:
  g_set_error (error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_INVALID_VALUE,
               _("“%s” is not a number"), member);
  return FALSE;
}

/**
 * rtcc_json_get_int:
 *
 * Like rtcc_json_get_double() for whole numbers; "12" and 12.0 are accepted.
 */
gboolean
rtcc_json_get_int (JsonObject  *object,
                   const char  *member,
                   gint64      *value,
                   GError     **error)
{
  return rtcc_json_node_get_int (get_member (object, member), member, value, error);
}

/**
 * rtcc_json_node_get_int:
 * @node: (nullable): the value of @member
 *
 * rtcc_json_get_int() for a member already looked up.
 */
gboolean
rtcc_json_node_get_int (JsonNode    *node,
                        const char  *member,
                        gint64      *value,
                        GError     **error)
{
  GType type;

  node = present (node);

  if (node == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_VALUE (node))
    goto wrong;

  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    {
      *value = json_node_get_int (node);
      return TRUE;
    }
  if (type == G_TYPE_DOUBLE)
    {
      double d = json_node_get_double (node);

      /* Casting a double outside gint64's range (or NaN) is undefined, so
       * range first; 2^63 itself is out of range, -2^63 is in. */
      if (d >= -9223372036854775808.0 && d < 9223372036854775808.0
          && d == (double) (gint64) d)
        {
          *value = (gint64) d;
          return TRUE;
        }
    }
  if (type == G_TYPE_STRING)
    {
      const char *s = json_node_get_string (node);
      char *end = NULL;
      gint64 v;

      errno = 0;
      v = g_ascii_strtoll (s, &end, 10);
      if (end != s && *end == '\0' && errno == 0)
        {
          *value = v;
          return TRUE;
        }
    }

wrong:
  g_set_error (error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_INVALID_VALUE,
               _("“%s” is not a whole number"), member);
  return FALSE;
}

gboolean
rtcc_json_get_bool (JsonObject  *object,
                    const char  *member,
                    gboolean    *value,
                    GError     **error)
{
  JsonNode *node = get_member (object, member);

  if (node == NULL)
    return FALSE;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    {
      *value = json_node_get_boolean (node);
      return TRUE;
    }
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      const char *s = json_node_get_string (node);
      if (g_ascii_strcasecmp (s, "true") == 0 || g_ascii_strcasecmp (s, "false") == 0)
        {
          *value = g_ascii_strcasecmp (s, "true") == 0;
          return TRUE;
        }
    }
  g_set_error (error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_INVALID_VALUE,
               _("“%s” is not true or false"), member);
  return FALSE;
}

/**
 * rtcc_json_require_string:
 *
 * Returns: (transfer none) (nullable): the member, or %NULL with
 *   %RTCC_JSON_ERROR_MISSING_FIELD or %RTCC_JSON_ERROR_INVALID_VALUE
 */
const char *
rtcc_json_require_string (JsonObject  *object,
                          const char  *member,
                          GError     **error)
{
  return rtcc_json_node_require_string (get_member (object, member), member, error);
}

/**
 * rtcc_json_node_require_string:
 * @node: (nullable): the value of @member
 *
 * rtcc_json_require_string() for a member already looked up.
 */
const char *
rtcc_json_node_require_string (JsonNode    *node,
                               const char  *member,
                               GError     **error)
{
  node = present (node);

  if (node == NULL)
    {
      g_set_error (error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_MISSING_FIELD,
                   _("“%s” is missing"), member);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_INVALID_VALUE,
                   _("“%s” is not text"), member);
      return NULL;
    }
  return json_node_get_string (node);
}
