/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "rtcc-config.h"

G_BEGIN_DECLS

#define RTCC_DEMO_ERROR (rtcc_demo_error_quark ())

typedef enum
{
  RTCC_DEMO_ERROR_UNAVAILABLE,   /* built without the simulator */
  RTCC_DEMO_ERROR_MALFORMED,     /* a setting line that is not NAME=value */
  RTCC_DEMO_ERROR_FAILED,        /* the simulator did not start */
} RtccDemoError;

GQuark    rtcc_demo_error_quark (void);
gboolean  rtcc_demo_is_available (void);
gboolean  rtcc_demo_apply_env   (RtccConfig  *config,
                                 GPtrArray   *lines,
                                 GError     **error);
GObject  *rtcc_demo_start       (RtccConfig  *config,
                                 guint        seed,
                                 GError     **error);
char     *rtcc_demo_dup_admin_url (GObject  *simulator);

G_END_DECLS
