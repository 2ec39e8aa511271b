/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "rtcc-event.h"

G_BEGIN_DECLS

RtccEvent *rtcc_shotspotter_normalize_alert    (JsonObject  *alert,
                                                gpointer     user_data,
                                                GError     **error);
GPtrArray *rtcc_shotspotter_normalize_document (JsonNode    *document,
                                                GPtrArray  **item_errors,
                                                char       **cursor,
                                                GError     **error);

G_END_DECLS
