/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define RTCC_JSON_ERROR (rtcc_json_error_quark ())

typedef enum
{
  RTCC_JSON_ERROR_MALFORMED,      /* not JSON at all */
  RTCC_JSON_ERROR_TRUNCATED,      /* JSON that stops mid-document */
  RTCC_JSON_ERROR_TOO_LARGE,      /* over the size limit */
  RTCC_JSON_ERROR_WRONG_SHAPE,    /* valid JSON, not the document expected */
  RTCC_JSON_ERROR_MISSING_FIELD,  /* a required member absent or null */
  RTCC_JSON_ERROR_INVALID_VALUE,  /* a member of the wrong type or range */
} RtccJsonError;

/* Larger answers are refused before parsing: no vendor document is this big. */
#define RTCC_JSON_MAX_DOCUMENT_BYTES (64 * 1024 * 1024)

GQuark      rtcc_json_error_quark      (void);

JsonNode   *rtcc_json_parse            (const char  *data,
                                        gssize       length,
                                        GError     **error);
JsonNode   *rtcc_json_parse_bytes      (GBytes      *bytes,
                                        GError     **error);
char       *rtcc_json_to_string        (JsonNode    *node,
                                        gboolean     pretty);

JsonObject *rtcc_json_get_object       (JsonObject  *object,
                                        const char  *member);
JsonArray  *rtcc_json_get_array        (JsonObject  *object,
                                        const char  *member);
const char *rtcc_json_get_string       (JsonObject  *object,
                                        const char  *member);
char       *rtcc_json_dup_string_lenient (JsonObject *object,
                                        const char  *member);
gboolean    rtcc_json_get_double       (JsonObject  *object,
                                        const char  *member,
                                        double      *value,
                                        GError     **error);
gboolean    rtcc_json_get_int          (JsonObject  *object,
                                        const char  *member,
                                        gint64      *value,
                                        GError     **error);
gboolean    rtcc_json_get_bool         (JsonObject  *object,
                                        const char  *member,
                                        gboolean    *value,
                                        GError     **error);
const char *rtcc_json_require_string   (JsonObject  *object,
                                        const char  *member,
                                        GError     **error);

/* The same for a member already looked up (NULL or null: absent). */
JsonObject *rtcc_json_node_get_object  (JsonNode    *node);
const char *rtcc_json_node_get_string  (JsonNode    *node);
gboolean    rtcc_json_node_get_int     (JsonNode    *node,
                                        const char  *member,
                                        gint64      *value,
                                        GError     **error);
const char *rtcc_json_node_require_string (JsonNode *node,
                                        const char  *member,
                                        GError     **error);

G_END_DECLS
