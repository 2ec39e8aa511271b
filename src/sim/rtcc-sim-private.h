/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>
#include <json-glib/json-glib.h>

#include "rtcc-sim-server.h"
#include "rtcc-sim-world.h"

G_BEGIN_DECLS

/* Shared between the files of the simulator server; everything here runs
 * on the simulator thread. */

typedef enum
{
  SIM_VENDOR_MILESTONE,
  SIM_VENDOR_FLOCK,
  SIM_VENDOR_SHOTSPOTTER,
  SIM_VENDOR_ONESOLUTION,
  SIM_VENDOR_NESS,
  SIM_VENDOR_BWC,
  SIM_VENDOR_HOTSHEETS,
  SIM_N_VENDORS
} SimVendor;

/* Demo credentials; documented in docs/simulator.md. */
#define SIM_MILESTONE_KEY      "sim-milestone-key"
#define SIM_MILESTONE_USER     "analyst"
#define SIM_MILESTONE_PASSWORD "sim-analyst-password"
#define SIM_FLOCK_KEY          "sim-flock-key"
#define SIM_SHOTSPOTTER_KEY    "sim-shotspotter-key"
#define SIM_ONESOLUTION_KEY    "sim-onesolution-key"
#define SIM_NESS_KEY           "sim-ness-key"
#define SIM_NESS_OPERATOR      "OP-1001"
#define SIM_BWC_KEY            "sim-bwc-secret"
#define SIM_HOTSHEETS_KEY      "sim-hotsheets-key"

typedef struct _SimFault SimFault;

typedef struct
{
  SoupServerMessage *msg;
  const char        *path;
  GHashTable        *query;
  SimVendor          vendor;
  const char        *sub;       /* path under the vendor prefix */
  RtccSimServer     *server;
  SimWorld          *world;
  gboolean           admin;     /* admin answers never carry faults */
} SimRequest;

const char *sim_vendor_name           (SimVendor vendor);

/* Answers. These honour the active fault for the vendor (malformed,
 * truncated, wrong types). */
void        sim_reply_json            (SimRequest  *req,
                                       guint        status,
                                       JsonNode    *node);
void        sim_reply_error           (SimRequest  *req,
                                       guint        status,
                                       const char  *code,
                                       const char  *message);
void        sim_reply_bytes           (SimRequest  *req,
                                       guint        status,
                                       const char  *content_type,
                                       GBytes      *bytes);
JsonNode   *sim_request_body_json     (SimRequest  *req,
                                       GError     **error);
const char *sim_request_header        (SimRequest  *req,
                                       const char  *name);
const char *sim_request_query         (SimRequest  *req,
                                       const char  *name);
char       *sim_server_issue_token    (RtccSimServer *self,
                                       SimVendor      vendor,
                                       guint          lifetime_s);
gboolean    sim_server_check_token    (RtccSimServer *self,
                                       SimVendor      vendor,
                                       const char    *authorization);
guint       sim_server_token_lifetime (RtccSimServer *self,
                                       SimVendor      vendor,
                                       guint          lifetime_s);
char       *sim_server_issue_media_url (RtccSimServer *self,
                                        const char    *recording_id,
                                        gint64         expires_at);
char       *sim_server_lookup_media_url (RtccSimServer *self,
                                         const char    *token,
                                         gint64        *expires_at);
void        sim_server_publish        (RtccSimServer *self,
                                       SimVendor      vendor,
                                       SimLogEntry   *entry);

/* Vendor routes (rtcc-sim-routes.c) */
void        sim_route_milestone       (SimRequest *req);
void        sim_route_flock           (SimRequest *req);
void        sim_route_shotspotter     (SimRequest *req);
void        sim_route_onesolution     (SimRequest *req);
void        sim_route_ness            (SimRequest *req);
void        sim_route_bwc             (SimRequest *req);
void        sim_route_hotsheets       (SimRequest *req);
gboolean    sim_route_authorize       (SimRequest *req);

/* URIs of a camera's live stream; NULL without an RTSP server. */
char       *sim_media_rtsp_uri        (RtccSimServer *self,
                                       const char    *camera_id);

/* Media routes (rtcc-sim-media-routes.c); FALSE when not a media path. */
gboolean    sim_media_route           (SimRequest *req);
void        sim_media_shutdown        (RtccSimServer *self);
/* Stops or restarts every RTSP stream; FALSE when there is no RTSP server. */
void        sim_media_rtsp_set_camera_live (RtccSimServer *self,
                                        const char    *camera_id,
                                        gboolean       live);
gboolean    sim_media_rtsp_stop       (RtccSimServer *self,
                                       gboolean       stopped);

/* Storage for the media routes' state, which the server frees through
 * sim_media_shutdown(). */
gpointer   *sim_server_media_slot     (RtccSimServer *self);
GMainContext *sim_server_get_context  (RtccSimServer *self);
SimWorld   *sim_server_get_world      (RtccSimServer *self);
guint32     sim_server_get_seed_internal (RtccSimServer *self);
void        sim_media_start           (RtccSimServer *self);

/* Milestone exports live with the media routes when available. */
typedef struct
{
  char   *id;
  char   *camera_id;
  gint64  start;
  gint64  end;
  char   *state;
  double  progress;
  char   *error;
  char   *path;
} SimExport;

GHashTable *sim_server_get_exports    (RtccSimServer *self);

/* Map tiles (rtcc-sim-tiles.c) */
GBytes     *sim_tiles_render          (int          z,
                                       int          x,
                                       int          y,
                                       GError     **error);

G_END_DECLS
