/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "flock/rtcc-flock-normalize.h"

G_BEGIN_DECLS

#define RTCC_TYPE_HOTLIST_ENTRY_ITEM (rtcc_hotlist_entry_item_get_type ())
G_DECLARE_FINAL_TYPE (RtccHotlistEntryItem, rtcc_hotlist_entry_item, RTCC, HOTLIST_ENTRY_ITEM, GObject)

RtccHotlistEntryItem        *rtcc_hotlist_entry_item_new       (const RtccFlockHotlistEntry *entry);
const RtccFlockHotlistEntry *rtcc_hotlist_entry_item_get_entry (RtccHotlistEntryItem        *self);
gboolean                     rtcc_hotlist_entry_item_matches   (RtccHotlistEntryItem        *self,
                                                                const char                  *folded_text);

G_END_DECLS
