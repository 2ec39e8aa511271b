/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccHotlists"

#include "config.h"

#include <string.h>

#include "rtcc-hotlist-entry-item.h"

/**
 * RtccHotlistEntryItem:
 *
 * One plate on a hotlist, as a list model item for the hotlist window.
 */
struct _RtccHotlistEntryItem
{
  GObject                parent_instance;

  RtccFlockHotlistEntry *entry;
};

G_DEFINE_FINAL_TYPE (RtccHotlistEntryItem, rtcc_hotlist_entry_item, G_TYPE_OBJECT)

static void
rtcc_hotlist_entry_item_finalize (GObject *object)
{
  RtccHotlistEntryItem *self = RTCC_HOTLIST_ENTRY_ITEM (object);

  g_clear_pointer (&self->entry, rtcc_flock_hotlist_entry_free);

  G_OBJECT_CLASS (rtcc_hotlist_entry_item_parent_class)->finalize (object);
}

static void
rtcc_hotlist_entry_item_class_init (RtccHotlistEntryItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rtcc_hotlist_entry_item_finalize;
}

static void
rtcc_hotlist_entry_item_init (RtccHotlistEntryItem *self)
{
}

/**
 * rtcc_hotlist_entry_item_new:
 * @entry: the entry, copied
 *
 * Returns: (transfer full): a new item
 */
RtccHotlistEntryItem *
rtcc_hotlist_entry_item_new (const RtccFlockHotlistEntry *entry)
{
  RtccHotlistEntryItem *self;

  g_return_val_if_fail (entry != NULL, NULL);

  self = g_object_new (RTCC_TYPE_HOTLIST_ENTRY_ITEM, NULL);
  self->entry = rtcc_flock_hotlist_entry_copy (entry);
  return self;
}

/**
 * rtcc_hotlist_entry_item_get_entry:
 * @self: a #RtccHotlistEntryItem
 *
 * Returns: (transfer none): the entry
 */
const RtccFlockHotlistEntry *
rtcc_hotlist_entry_item_get_entry (RtccHotlistEntryItem *self)
{
  g_return_val_if_fail (RTCC_IS_HOTLIST_ENTRY_ITEM (self), NULL);
  return self->entry;
}

static gboolean
contains (const char *value,
          const char *folded_text)
{
  g_autofree char *folded = NULL;

  if (value == NULL)
    return FALSE;
  folded = g_utf8_casefold (value, -1);
  return strstr (folded, folded_text) != NULL;
}

/**
 * rtcc_hotlist_entry_item_matches:
 * @self: a #RtccHotlistEntryItem
 * @folded_text: what the filter holds, passed through g_utf8_casefold()
 *
 * Returns: whether the plate, state, reason or case contain the text
 */
gboolean
rtcc_hotlist_entry_item_matches (RtccHotlistEntryItem *self,
                                 const char           *folded_text)
{
  g_return_val_if_fail (RTCC_IS_HOTLIST_ENTRY_ITEM (self), FALSE);

  if (folded_text == NULL || *folded_text == '\0')
    return TRUE;
  return contains (self->entry->plate, folded_text) || contains (self->entry->state, folded_text) ||
         contains (self->entry->reason, folded_text) || contains (self->entry->case_number, folded_text);
}
