/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

GDateTime *rtcc_time_parse_iso     (const char  *text,
                                    GError     **error);
char      *rtcc_time_format_iso    (GDateTime   *time);
char      *rtcc_time_format_audit  (GDateTime   *time);
GDateTime *rtcc_time_from_unix_usec (gint64      usec);
gint64     rtcc_time_to_unix_usec  (GDateTime   *time);
char      *rtcc_time_format_ago    (GDateTime   *time,
                                    GDateTime   *now);

G_END_DECLS
