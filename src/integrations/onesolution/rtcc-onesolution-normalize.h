/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "rtcc-event.h"

G_BEGIN_DECLS

RtccEvent *rtcc_onesolution_normalize_incident (JsonObject  *incident,
                                                gpointer     user_data,
                                                GError     **error);
GPtrArray *rtcc_onesolution_normalize_document (JsonNode    *document,
                                                GHashTable  *versions,
                                                GPtrArray  **item_errors,
                                                char       **cursor,
                                                GError     **error);

G_END_DECLS
