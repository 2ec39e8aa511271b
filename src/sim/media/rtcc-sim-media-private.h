/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gst/gst.h>

#include "rtcc-sim-media.h"

G_BEGIN_DECLS

gboolean    _rtcc_sim_media_ensure_gst      (GError      **error);
GstElement *_rtcc_sim_media_make_element    (const char   *factory,
                                             const char   *name,
                                             GError      **error);
gboolean    _rtcc_sim_media_check_elements  (const char * const  *factories,
                                             GError             **error);
char       *_rtcc_sim_media_format_clock    (gint64        unix_us);
char       *_rtcc_sim_media_clean_label     (const char   *label,
                                             guint         max_chars);

G_END_DECLS
