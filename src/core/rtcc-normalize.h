/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "rtcc-event.h"

G_BEGIN_DECLS

/**
 * RtccItemNormalizer:
 * @item: one object of a vendor list
 * @user_data: the caller's data
 * @error: return location for why @item cannot be read
 *
 * Returns: (transfer full) (nullable): the event, or %NULL with @error set
 */
typedef RtccEvent *(*RtccItemNormalizer) (JsonObject  *item,
                                          gpointer     user_data,
                                          GError     **error);

void rtcc_normalize_array (JsonArray          *items,
                           RtccItemNormalizer  normalizer,
                           gpointer            user_data,
                           GPtrArray          *events,
                           GPtrArray          *item_errors);
void rtcc_normalize_one   (JsonNode           *item,
                           guint               index,
                           RtccItemNormalizer  normalizer,
                           gpointer            user_data,
                           GPtrArray          *events,
                           GPtrArray          *item_errors);

G_END_DECLS
