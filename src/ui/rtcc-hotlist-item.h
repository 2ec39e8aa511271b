/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "flock/rtcc-flock-normalize.h"

G_BEGIN_DECLS

#define RTCC_TYPE_HOTLIST_ITEM (rtcc_hotlist_item_get_type ())
G_DECLARE_FINAL_TYPE (RtccHotlistItem, rtcc_hotlist_item, RTCC, HOTLIST_ITEM, GObject)

RtccHotlistItem        *rtcc_hotlist_item_new             (const RtccFlockHotlist *hotlist);
const RtccFlockHotlist *rtcc_hotlist_item_get_hotlist     (RtccHotlistItem        *self);
const char             *rtcc_hotlist_item_get_id          (RtccHotlistItem        *self);
const char             *rtcc_hotlist_item_get_name        (RtccHotlistItem        *self);
const char             *rtcc_hotlist_item_get_source      (RtccHotlistItem        *self);
gint64                  rtcc_hotlist_item_get_entry_count (RtccHotlistItem        *self);
void                    rtcc_hotlist_item_set_entry_count (RtccHotlistItem        *self,
                                                           gint64                  count);
char                   *rtcc_hotlist_item_dup_subtitle    (RtccHotlistItem        *self);

G_END_DECLS
