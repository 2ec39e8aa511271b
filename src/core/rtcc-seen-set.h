/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _RtccSeenSet RtccSeenSet;

RtccSeenSet *rtcc_seen_set_new   (guint        max_items);
void         rtcc_seen_set_free  (RtccSeenSet *self);
gboolean     rtcc_seen_set_add   (RtccSeenSet *self,
                                  const char  *key,
                                  guint        version);
void         rtcc_seen_set_clear (RtccSeenSet *self);
gboolean     rtcc_seen_set_contains (RtccSeenSet *self,
                                  const char  *key);
guint        rtcc_seen_set_size  (RtccSeenSet *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RtccSeenSet, rtcc_seen_set_free)

G_END_DECLS
