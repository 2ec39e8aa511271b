/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rtcc-service-client.h"

G_BEGIN_DECLS

#define RTCC_TYPE_STREAM (rtcc_stream_get_type ())
G_DECLARE_FINAL_TYPE (RtccStream, rtcc_stream, RTCC, STREAM, GObject)

/**
 * RtccStreamPathFunc:
 * @user_data: the caller's data
 *
 * Returns: (transfer full): the path and query of the next connection,
 *   carrying the vendor's resume cursor
 */
typedef char *(*RtccStreamPathFunc) (gpointer user_data);

RtccStream  *rtcc_stream_new              (RtccServiceClient  *client,
                                           RtccStreamPathFunc  path_func,
                                           gpointer            user_data,
                                           GDestroyNotify      destroy);
void         rtcc_stream_set_idle_timeout (RtccStream         *self,
                                           guint               seconds);
void         rtcc_stream_set_backoff      (RtccStream         *self,
                                           guint               first_ms,
                                           guint               max_ms);
void         rtcc_stream_start            (RtccStream         *self);
void         rtcc_stream_stop             (RtccStream         *self);
gboolean     rtcc_stream_send_text        (RtccStream         *self,
                                           const char         *text);
gboolean     rtcc_stream_get_connected    (RtccStream         *self);
const char  *rtcc_stream_get_problem      (RtccStream         *self);
guint        rtcc_stream_get_connections  (RtccStream         *self);

G_END_DECLS
