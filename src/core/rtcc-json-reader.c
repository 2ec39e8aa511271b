/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccJson"

#include "config.h"

#include <math.h>
#include <string.h>

#include "rtcc-json-reader.h"

/* A strict JSON reader for documents this program wrote itself, such as
 * the events of the history: json-glib's parser goes through a general
 * purpose scanner, one character and one allocation at a time, and
 * decoding hundreds of stored events for one plate search took most of
 * the search's time in it. This reader accepts only plain RFC 8259 JSON
 * and gives up on anything else (deep nesting, numbers out of range,
 * NUL characters, lone surrogates, bad UTF-8), leaving it to
 * rtcc_json_parse(), which then explains what is wrong. */

#define MAX_DEPTH 64

typedef struct
{
  const char *p;
  const char *end;
  GString    *scratch;
} Reader;

static JsonNode *read_value (Reader *r,
                             int     depth);

/* Sets @r to read @length bytes of @data; returns the scratch buffer it
 * reads strings into, for the caller to free. */
static GString *
reader_init (Reader     *r,
             const char *data,
             gsize       length)
{
  r->p = data;
  r->end = data + length;
  r->scratch = g_string_sized_new (64);
  return r->scratch;
}

static inline void
skip_space (Reader *r)
{
  while (r->p < r->end && (*r->p == ' ' || *r->p == '\n' || *r->p == '\r' || *r->p == '\t'))
    r->p++;
}

static int
hex4 (const char *s)
{
  int v = 0;

  for (int i = 0; i < 4; i++)
    {
      int d = g_ascii_xdigit_value (s[i]);

      if (d < 0)
        return -1;
      v = v * 16 + d;
    }
  return v;
}

/* Reads a string after its opening quote into r->scratch. */
static gboolean
read_string (Reader *r)
{
  const char *run = r->p;

  g_string_truncate (r->scratch, 0);
  while (r->p < r->end)
    {
      guchar c = *r->p;

      if (c == '"')
        {
          g_string_append_len (r->scratch, run, r->p - run);
          r->p++;
          return g_utf8_validate_len (r->scratch->str, r->scratch->len, NULL);
        }
      if (c < 0x20)
        return FALSE;
      if (c != '\\')
        {
          r->p++;
          continue;
        }

      g_string_append_len (r->scratch, run, r->p - run);
      if (r->end - r->p < 2)
        return FALSE;
      switch (r->p[1])
        {
        case '"': g_string_append_c (r->scratch, '"'); break;
        case '\\': g_string_append_c (r->scratch, '\\'); break;
        case '/': g_string_append_c (r->scratch, '/'); break;
        case 'b': g_string_append_c (r->scratch, '\b'); break;
        case 'f': g_string_append_c (r->scratch, '\f'); break;
        case 'n': g_string_append_c (r->scratch, '\n'); break;
        case 'r': g_string_append_c (r->scratch, '\r'); break;
        case 't': g_string_append_c (r->scratch, '\t'); break;
        case 'u':
          {
            int u, lo;

            if (r->end - r->p < 6 || (u = hex4 (r->p + 2)) <= 0)
              return FALSE;
            r->p += 4;
            if (u >= 0xDC00 && u <= 0xDFFF)
              return FALSE;
            if (u >= 0xD800 && u <= 0xDBFF)
              {
                if (r->end - r->p < 8 || r->p[2] != '\\' || r->p[3] != 'u' ||
                    (lo = hex4 (r->p + 4)) < 0xDC00 || lo > 0xDFFF)
                  return FALSE;
                u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
                r->p += 6;
              }
            g_string_append_unichar (r->scratch, u);
          }
          break;
        default:
          return FALSE;
        }
      r->p += 2;
      run = r->p;
    }
  return FALSE;
}

static JsonNode *
read_number (Reader *r)
{
  const char *start = r->p;
  gboolean is_int = TRUE;
  char buf[64];
  char *endp = NULL;
  gsize len;

  if (r->p < r->end && *r->p == '-')
    r->p++;
  if (r->p >= r->end || !g_ascii_isdigit (*r->p))
    return NULL;
  if (*r->p == '0')
    r->p++;
  else
    while (r->p < r->end && g_ascii_isdigit (*r->p))
      r->p++;
  if (r->p < r->end && *r->p == '.')
    {
      is_int = FALSE;
      r->p++;
      if (r->p >= r->end || !g_ascii_isdigit (*r->p))
        return NULL;
      while (r->p < r->end && g_ascii_isdigit (*r->p))
        r->p++;
    }
  if (r->p < r->end && (*r->p == 'e' || *r->p == 'E'))
    {
      is_int = FALSE;
      r->p++;
      if (r->p < r->end && (*r->p == '+' || *r->p == '-'))
        r->p++;
      if (r->p >= r->end || !g_ascii_isdigit (*r->p))
        return NULL;
      while (r->p < r->end && g_ascii_isdigit (*r->p))
        r->p++;
    }

  /* Copied out: the document need not end with a NUL. */
  len = r->p - start;
  if (len >= sizeof buf)
    return NULL;
  memcpy (buf, start, len);
  buf[len] = '\0';

  if (is_int)
    {
      gint64 v;

      /* Integers past 64 bits are left to json-glib. */
      if (!g_ascii_string_to_signed (buf, 10, G_MININT64, G_MAXINT64, &v, NULL))
        return NULL;
      return json_node_init_int (json_node_alloc (), v);
    }
  else
    {
      double v = g_ascii_strtod (buf, &endp);

      if (endp != buf + len || !isfinite (v))
        return NULL;
      return json_node_init_double (json_node_alloc (), v);
    }
}

static gboolean
read_literal (Reader     *r,
              const char *word)
{
  gsize len = strlen (word);

  if ((gsize) (r->end - r->p) < len || memcmp (r->p, word, len) != 0)
    return FALSE;
  r->p += len;
  return TRUE;
}

static JsonNode *
read_object (Reader *r,
             int     depth)
{
  g_autoptr(JsonObject) object = json_object_new ();

  r->p++;
  skip_space (r);
  if (r->p < r->end && *r->p == '}')
    {
      r->p++;
      return json_node_init_object (json_node_alloc (), object);
    }
  for (;;)
    {
      g_autofree char *name = NULL;
      JsonNode *value;

      skip_space (r);
      if (r->p >= r->end || *r->p != '"')
        return NULL;
      r->p++;
      if (!read_string (r))
        return NULL;
      name = g_strndup (r->scratch->str, r->scratch->len);
      skip_space (r);
      if (r->p >= r->end || *r->p != ':')
        return NULL;
      r->p++;
      if ((value = read_value (r, depth + 1)) == NULL)
        return NULL;
      /* A repeated name keeps its last value, as with json-glib. */
      json_object_set_member (object, name, value);
      skip_space (r);
      if (r->p >= r->end)
        return NULL;
      if (*r->p == '}')
        {
          r->p++;
          return json_node_init_object (json_node_alloc (), object);
        }
      if (*r->p != ',')
        return NULL;
      r->p++;
    }
}

static JsonNode *
read_array (Reader *r,
            int     depth)
{
  g_autoptr(JsonArray) array = json_array_new ();

  r->p++;
  skip_space (r);
  if (r->p < r->end && *r->p == ']')
    {
      r->p++;
      return json_node_init_array (json_node_alloc (), array);
    }
  for (;;)
    {
      JsonNode *value;

      if ((value = read_value (r, depth + 1)) == NULL)
        return NULL;
      json_array_add_element (array, value);
      skip_space (r);
      if (r->p >= r->end)
        return NULL;
      if (*r->p == ']')
        {
          r->p++;
          return json_node_init_array (json_node_alloc (), array);
        }
      if (*r->p != ',')
        return NULL;
      r->p++;
    }
}

static JsonNode *
read_value (Reader *r,
            int     depth)
{
  if (depth > MAX_DEPTH)
    return NULL;
  skip_space (r);
  if (r->p >= r->end)
    return NULL;

  switch (*r->p)
    {
    case '{':
      return read_object (r, depth);
    case '[':
      return read_array (r, depth);
    case '"':
      r->p++;
      if (!read_string (r))
        return NULL;
      return json_node_init_string (json_node_alloc (), r->scratch->str);
    case 't':
      return read_literal (r, "true") ? json_node_init_boolean (json_node_alloc (), TRUE) : NULL;
    case 'f':
      return read_literal (r, "false") ? json_node_init_boolean (json_node_alloc (), FALSE) : NULL;
    case 'n':
      return read_literal (r, "null") ? json_node_init_null (json_node_alloc ()) : NULL;
    default:
      return read_number (r);
    }
}

/**
 * rtcc_json_read_quick:
 * @data: the text
 * @length: its length in bytes
 *
 * Reads a well-formed JSON document quickly. Anything this reader does not
 * take gives %NULL without a message: parse such documents again with
 * rtcc_json_parse() for the reason. Like rtcc_json_parse(), the tree it
 * returns is immutable.
 *
 * Returns: (transfer full) (nullable): the root node, or %NULL
 */
JsonNode *
rtcc_json_read_quick (const char *data,
                      gsize       length)
{
  g_autoptr(GString) scratch = NULL;
  g_autoptr(JsonNode) root = NULL;
  Reader r;

  if (data == NULL)
    return NULL;
  scratch = reader_init (&r, data, length);
  if ((root = read_value (&r, 0)) == NULL)
    return NULL;
  skip_space (&r);
  if (r.p != r.end)
    return NULL;
  json_node_seal (root);
  return g_steal_pointer (&root);
}

/**
 * rtcc_json_read_quick_members:
 * @data: the text of a JSON object
 * @length: its length in bytes
 * @func: called with each member of the object, in order
 * @user_data: for @func
 *
 * Reads a JSON object as rtcc_json_read_quick() does, but hands each
 * member to @func instead of building the object, so that a reader which
 * wants a few known members of a document this program wrote (a stored
 * event) pays for no table of them. Each value is sealed and has no
 * parent; a repeated name is handed over again.
 *
 * Returns: %FALSE if this reader does not take the document (read it with
 *   rtcc_json_parse() for the reason) or @func returned %FALSE
 */
gboolean
rtcc_json_read_quick_members (const char         *data,
                              gsize               length,
                              RtccJsonMemberFunc  func,
                              gpointer            user_data)
{
  g_autoptr(GString) scratch = NULL;
  Reader r;

  if (data == NULL)
    return FALSE;
  scratch = reader_init (&r, data, length);
  skip_space (&r);
  if (r.p >= r.end || *r.p != '{')
    return FALSE;
  r.p++;
  skip_space (&r);
  if (r.p < r.end && *r.p == '}')
    r.p++;
  else
    for (;;)
      {
        g_autofree char *name = NULL;
        JsonNode *value;

        skip_space (&r);
        if (r.p >= r.end || *r.p != '"')
          return FALSE;
        r.p++;
        if (!read_string (&r))
          return FALSE;
        name = g_strndup (r.scratch->str, r.scratch->len);
        skip_space (&r);
        if (r.p >= r.end || *r.p != ':')
          return FALSE;
        r.p++;
        if ((value = read_value (&r, 1)) == NULL)
          return FALSE;
        json_node_seal (value);
        if (!func (name, value, user_data))
          return FALSE;
        skip_space (&r);
        if (r.p >= r.end)
          return FALSE;
        if (*r.p == '}')
          {
            r.p++;
            break;
          }
        if (*r.p != ',')
          return FALSE;
        r.p++;
      }
  skip_space (&r);
  return r.p == r.end;
}
