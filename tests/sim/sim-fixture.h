/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>
#include <json-glib/json-glib.h>

#include "rtcc-sim-server.h"

G_BEGIN_DECLS

/* Helpers for tests that talk to the simulator over the wire. They run
 * the calling thread's default main context until each answer arrives, so
 * a test reads top to bottom. */

typedef struct
{
  guint               status;     /* 0 on a transport error */
  GError             *error;      /* transport error, if any */
  GBytes             *body;
  JsonNode           *json;       /* NULL when the body is not JSON */
  GError             *json_error; /* why the body did not parse */
  SoupMessageHeaders *headers;
  gint64              elapsed_us;
} SimResponse;

RtccSimServer *sim_fixture_start       (guint32          seed);
RtccSimServer *sim_fixture_start_full  (guint32          seed,
                                        guint            backfill_days,
                                        guint            heartbeat_ms);
char          *sim_fixture_url         (RtccSimServer   *sim,
                                        const char      *path);
const char    *sim_fixture_env         (RtccSimServer   *sim,
                                        const char      *name);

/* @headers: NULL-terminated "Name", "value" pairs, or NULL. */
SimResponse   *sim_fixture_request     (SoupSession     *session,
                                        const char      *method,
                                        const char      *url,
                                        const char *const *headers,
                                        const char      *content_type,
                                        const char      *body,
                                        guint            timeout_s);
SimResponse   *sim_fixture_get         (SoupSession     *session,
                                        const char      *url,
                                        const char *const *headers);
SimResponse   *sim_fixture_post_json   (SoupSession     *session,
                                        const char      *url,
                                        const char *const *headers,
                                        const char      *json);
void           sim_response_free       (SimResponse     *response);
JsonObject    *sim_response_object     (SimResponse     *response);

char          *sim_fixture_milestone_token (RtccSimServer *sim,
                                            SoupSession   *session);
char          *sim_fixture_bwc_token   (RtccSimServer   *sim,
                                        SoupSession     *session);
/* POST /admin/faults with @json; asserts 201. */
void           sim_fixture_set_fault   (RtccSimServer   *sim,
                                        SoupSession     *session,
                                        const char      *json);
void           sim_fixture_clear_faults (RtccSimServer  *sim,
                                         SoupSession    *session);
JsonNode      *sim_fixture_inject      (RtccSimServer   *sim,
                                        SoupSession     *session,
                                        const char      *json);

/* WebSocket client that queues the text messages it receives. */
typedef struct _SimWs SimWs;

SimWs         *sim_ws_connect          (SoupSession     *session,
                                        const char      *url,
                                        const char *const *headers,
                                        GError         **error);
void           sim_ws_send             (SimWs           *ws,
                                        const char      *text);
/* Next message, or NULL when the stream closed or @timeout_ms passed. */
JsonNode      *sim_ws_next             (SimWs           *ws,
                                        guint            timeout_ms);
gboolean       sim_ws_is_closed        (SimWs           *ws);
void           sim_ws_free             (SimWs           *ws);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SimResponse, sim_response_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SimWs, sim_ws_free)

G_END_DECLS
