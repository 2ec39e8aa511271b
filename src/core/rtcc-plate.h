/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char     *rtcc_plate_normalize         (const char *plate);
gunichar  rtcc_plate_lookalike_class   (gunichar    c);
gboolean  rtcc_plate_chars_lookalike   (gunichar    a,
                                        gunichar    b);
gboolean  rtcc_plate_misread_match     (const char *a,
                                        const char *b);
GArray   *rtcc_plate_diff_positions    (const char *a,
                                        const char *b);

G_END_DECLS
