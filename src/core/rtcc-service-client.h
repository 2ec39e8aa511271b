/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "rtcc-request.h"

G_BEGIN_DECLS

#define RTCC_HTTP_ERROR (rtcc_http_error_quark ())

/**
 * RtccHttpError:
 *
 * What went wrong talking to a vendor. Cancellation is reported as
 * %G_IO_ERROR_CANCELLED.
 */
typedef enum
{
  RTCC_HTTP_ERROR_NOT_CONFIGURED, /* no base URL */
  RTCC_HTTP_ERROR_CONNECTION,     /* refused, unreachable, TLS */
  RTCC_HTTP_ERROR_TIMEOUT,        /* no answer in time */
  RTCC_HTTP_ERROR_UNAUTHORIZED,   /* 401, still after one token refresh */
  RTCC_HTTP_ERROR_FORBIDDEN,      /* 403 */
  RTCC_HTTP_ERROR_NOT_FOUND,      /* 404 */
  RTCC_HTTP_ERROR_CONFLICT,       /* 409 */
  RTCC_HTTP_ERROR_BAD_REQUEST,    /* 400, 422 and other 4xx */
  RTCC_HTTP_ERROR_RATE_LIMITED,   /* 429, still after the retries */
  RTCC_HTTP_ERROR_SERVER,         /* 5xx, still after the retries */
  RTCC_HTTP_ERROR_MALFORMED,      /* the body is not the JSON promised */
  RTCC_HTTP_ERROR_TRUNCATED,      /* the body stops mid-document */
  RTCC_HTTP_ERROR_TOO_LARGE,      /* the body is over the size limit */
  RTCC_HTTP_ERROR_CIRCUIT_OPEN,   /* too many failures; waiting to probe */
} RtccHttpError;

typedef enum
{
  RTCC_CIRCUIT_CLOSED,
  RTCC_CIRCUIT_OPEN,
  RTCC_CIRCUIT_HALF_OPEN,
} RtccCircuitState;

GType rtcc_circuit_state_get_type (void) G_GNUC_CONST;

#define RTCC_TYPE_SERVICE_CLIENT (rtcc_service_client_get_type ())
G_DECLARE_FINAL_TYPE (RtccServiceClient, rtcc_service_client, RTCC, SERVICE_CLIENT, GObject)

GQuark             rtcc_http_error_quark                   (void);

RtccServiceClient *rtcc_service_client_new                 (const char          *display_name,
                                                            const char          *base_url);
const char        *rtcc_service_client_get_display_name    (RtccServiceClient   *self);
GUri              *rtcc_service_client_get_base_uri        (RtccServiceClient   *self);
SoupSession       *rtcc_service_client_get_session         (RtccServiceClient   *self);
char              *rtcc_service_client_build_uri           (RtccServiceClient   *self,
                                                            const char          *path,
                                                            gboolean             websocket);

/* Authentication */
void               rtcc_service_client_set_credential_hint (RtccServiceClient   *self,
                                                            const char          *config_key);
void               rtcc_service_client_add_default_header  (RtccServiceClient   *self,
                                                            const char          *name,
                                                            const char          *value,
                                                            gboolean             secret);
void               rtcc_service_client_set_bearer_token    (RtccServiceClient   *self,
                                                            const char          *token);
void               rtcc_service_client_set_token_endpoint  (RtccServiceClient   *self,
                                                            const char          *path,
                                                            GHashTable          *form_fields);
void               rtcc_service_client_invalidate_token    (RtccServiceClient   *self);

/* Policies */
void               rtcc_service_client_set_default_timeout (RtccServiceClient   *self,
                                                            guint                timeout_ms);
void               rtcc_service_client_set_retry_policy    (RtccServiceClient   *self,
                                                            guint                max_attempts,
                                                            guint                base_delay_ms,
                                                            guint                max_delay_ms);
void               rtcc_service_client_set_circuit_policy  (RtccServiceClient   *self,
                                                            guint                failure_threshold,
                                                            guint                probe_interval_ms);
void               rtcc_service_client_set_debug           (RtccServiceClient   *self,
                                                            gboolean             debug);

/* Calls */
void               rtcc_service_client_send_async          (RtccServiceClient   *self,
                                                            RtccRequest         *request,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
void               rtcc_service_client_send_bytes_async    (RtccServiceClient   *self,
                                                            RtccRequest         *request,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
JsonNode          *rtcc_service_client_send_json_finish    (RtccServiceClient   *self,
                                                            GAsyncResult        *result,
                                                            GError             **error);
GBytes            *rtcc_service_client_send_bytes_finish   (RtccServiceClient   *self,
                                                            GAsyncResult        *result,
                                                            GError             **error);
void               rtcc_service_client_authorize_async     (RtccServiceClient   *self,
                                                            SoupMessage         *message,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
gboolean           rtcc_service_client_authorize_finish    (RtccServiceClient   *self,
                                                            GAsyncResult        *result,
                                                            GError             **error);

/* Statistics for health */
double             rtcc_service_client_get_latency_ms      (RtccServiceClient   *self);
guint              rtcc_service_client_get_errors_24h      (RtccServiceClient   *self);
guint              rtcc_service_client_get_consecutive_failures (RtccServiceClient *self);
RtccCircuitState   rtcc_service_client_get_circuit_state   (RtccServiceClient   *self);
const char        *rtcc_service_client_get_last_error      (RtccServiceClient   *self);
void               rtcc_service_client_record_failure      (RtccServiceClient   *self,
                                                            const GError        *error);
void               rtcc_service_client_record_success      (RtccServiceClient   *self,
                                                            double               latency_ms);

G_END_DECLS
