/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

#define RTCC_TYPE_REQUEST (rtcc_request_get_type ())
G_DECLARE_FINAL_TYPE (RtccRequest, rtcc_request, RTCC, REQUEST, GObject)

/**
 * RtccRequest:
 *
 * One call to a vendor: method, path below the base URL, query, headers,
 * body and policies. Once answered it also holds the answer (status,
 * headers, body), so a caller can read a vendor's error body, such as the
 * field errors of a 422.
 */
RtccRequest        *rtcc_request_new                  (const char   *method,
                                                       const char   *path);
const char         *rtcc_request_get_method           (RtccRequest  *self);
const char         *rtcc_request_get_path             (RtccRequest  *self);
void                rtcc_request_add_query            (RtccRequest  *self,
                                                       const char   *name,
                                                       const char   *value);
char               *rtcc_request_dup_path_and_query   (RtccRequest  *self);
void                rtcc_request_add_header           (RtccRequest  *self,
                                                       const char   *name,
                                                       const char   *value);
void                rtcc_request_set_json_body        (RtccRequest  *self,
                                                       JsonNode     *body);
void                rtcc_request_set_form_body        (RtccRequest  *self,
                                                       GHashTable   *fields);
void                rtcc_request_set_timeout_ms       (RtccRequest  *self,
                                                       guint         timeout_ms);
guint               rtcc_request_get_timeout_ms       (RtccRequest  *self);
void                rtcc_request_set_retry            (RtccRequest  *self,
                                                       gboolean      retry);
gboolean            rtcc_request_get_retry            (RtccRequest  *self);
void                rtcc_request_set_sensitive        (RtccRequest  *self,
                                                       gboolean      sensitive);
gboolean            rtcc_request_get_sensitive        (RtccRequest  *self);

/* The answer, once there is one. */
guint               rtcc_request_get_status           (RtccRequest  *self);
SoupMessageHeaders *rtcc_request_get_response_headers (RtccRequest  *self);
GBytes             *rtcc_request_get_response_body    (RtccRequest  *self);
JsonNode           *rtcc_request_get_response_json    (RtccRequest  *self);
guint               rtcc_request_get_attempts         (RtccRequest  *self);

G_END_DECLS
