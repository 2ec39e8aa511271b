/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

JsonNode *rtcc_json_read_quick (const char *data,
                                gsize       length);

G_END_DECLS
