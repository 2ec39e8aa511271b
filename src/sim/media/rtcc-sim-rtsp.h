/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define RTCC_TYPE_SIM_RTSP (rtcc_sim_rtsp_get_type ())
G_DECLARE_FINAL_TYPE (RtccSimRtsp, rtcc_sim_rtsp, RTCC, SIM_RTSP, GObject)

RtccSimRtsp *rtcc_sim_rtsp_new         (GMainContext  *context);
gboolean     rtcc_sim_rtsp_start       (RtccSimRtsp   *self,
                                        guint          port,
                                        GError       **error);
guint        rtcc_sim_rtsp_get_port    (RtccSimRtsp   *self);
void         rtcc_sim_rtsp_add_camera  (RtccSimRtsp   *self,
                                        const char    *camera_id,
                                        const char    *label);
char        *rtcc_sim_rtsp_get_uri     (RtccSimRtsp   *self,
                                        const char    *camera_id);
void         rtcc_sim_rtsp_set_stopped (RtccSimRtsp   *self,
                                        const char    *camera_id,
                                        gboolean       stopped);
void         rtcc_sim_rtsp_stop        (RtccSimRtsp   *self);

G_END_DECLS
