/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "rtcc-event.h"

G_BEGIN_DECLS

RtccEvent  *rtcc_hotsheets_normalize_bolo         (JsonObject  *bolo,
                                                   gpointer     user_data,
                                                   GError     **error);
RtccEvent  *rtcc_hotsheets_normalize_change       (JsonObject  *change,
                                                   gpointer     user_data,
                                                   GError     **error);
GPtrArray  *rtcc_hotsheets_normalize_document     (JsonNode    *document,
                                                   GPtrArray  **item_errors,
                                                   char       **cursor,
                                                   GError     **error);
GHashTable *rtcc_hotsheets_parse_field_errors     (JsonNode    *document);

G_END_DECLS
