/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/**
 * RtccJsonMemberFunc:
 * @name: the member's name
 * @value: (transfer full): its value
 * @user_data: as given
 *
 * Returns: %FALSE to stop reading
 */
typedef gboolean (*RtccJsonMemberFunc) (const char *name,
                                        JsonNode   *value,
                                        gpointer    user_data);

JsonNode *rtcc_json_read_quick         (const char         *data,
                                        gsize               length);
gboolean  rtcc_json_read_quick_members (const char         *data,
                                        gsize               length,
                                        RtccJsonMemberFunc  func,
                                        gpointer            user_data);

G_END_DECLS
