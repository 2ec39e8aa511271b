/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define RTCC_SIM_ERROR (rtcc_sim_error_quark ())

typedef enum
{
  RTCC_SIM_ERROR_LISTEN,
  RTCC_SIM_ERROR_STATE,
} RtccSimError;

GQuark rtcc_sim_error_quark (void);

#define RTCC_TYPE_SIM_SERVER (rtcc_sim_server_get_type ())
G_DECLARE_FINAL_TYPE (RtccSimServer, rtcc_sim_server, RTCC, SIM_SERVER, GObject)

RtccSimServer *rtcc_sim_server_new                (guint32         seed);
guint32        rtcc_sim_server_get_seed           (RtccSimServer  *self);
void           rtcc_sim_server_set_rate           (RtccSimServer  *self,
                                                   double          rate);
double         rtcc_sim_server_get_rate           (RtccSimServer  *self);
void           rtcc_sim_server_set_backfill_days  (RtccSimServer  *self,
                                                   guint           days);
void           rtcc_sim_server_set_heartbeat_interval (RtccSimServer *self,
                                                   guint           msec);
void           rtcc_sim_server_set_verbose        (RtccSimServer  *self,
                                                   gboolean        verbose);
gboolean       rtcc_sim_server_start              (RtccSimServer  *self,
                                                   guint           port,
                                                   GError        **error);
void           rtcc_sim_server_stop               (RtccSimServer  *self);
gboolean       rtcc_sim_server_is_running         (RtccSimServer  *self);
guint          rtcc_sim_server_get_port           (RtccSimServer  *self);
char          *rtcc_sim_server_get_base_url       (RtccSimServer  *self,
                                                   const char     *vendor);
GPtrArray     *rtcc_sim_server_get_env            (RtccSimServer  *self);
GPtrArray     *rtcc_sim_server_list_camera_ids    (RtccSimServer  *self);

G_END_DECLS
