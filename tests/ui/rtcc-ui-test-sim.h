/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

#include "rtcc-config.h"
#include "rtcc-sim-server.h"

G_BEGIN_DECLS

/* The in-process simulator the media window tests share, on the calling
 * thread's default main context: the tests call it only asynchronously. */

RtccSimServer *rtcc_test_sim_start (RtccConfig    **config);
void           rtcc_test_sim_stop  (RtccSimServer **sim);
void           rtcc_test_sim_admin (RtccSimServer  *sim,
                                    SoupSession    *session,
                                    const char     *method,
                                    const char     *path,
                                    const char     *json);

G_END_DECLS
