/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *rtcc_plate_markup (const char *reference,
                         const char *plate);

G_END_DECLS
