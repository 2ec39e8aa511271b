/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccSeenSet"

#include "config.h"

#include "rtcc-seen-set.h"

/**
 * RtccSeenSet:
 *
 * The ids a stream and its catch-up have delivered lately, with the
 * version seen of each, so that an event delivered by both, or replayed
 * after a reconnection, is passed on once. Bounded: the oldest ids are
 * forgotten first.
 */
struct _RtccSeenSet
{
  GHashTable *versions;   /* key (owned by order) -> version */
  GQueue      order;      /* keys, oldest first */
  guint       max_items;
};

/**
 * rtcc_seen_set_new:
 * @max_items: how many ids to remember
 *
 * Returns: (transfer full): an empty set
 */
RtccSeenSet *
rtcc_seen_set_new (guint max_items)
{
  RtccSeenSet *self = g_new0 (RtccSeenSet, 1);

  self->versions = g_hash_table_new (g_str_hash, g_str_equal);
  g_queue_init (&self->order);
  self->max_items = MAX (max_items, 1);
  return self;
}

void
rtcc_seen_set_clear (RtccSeenSet *self)
{
  g_hash_table_remove_all (self->versions);
  g_queue_clear_full (&self->order, g_free);
}

void
rtcc_seen_set_free (RtccSeenSet *self)
{
  if (self == NULL)
    return;
  rtcc_seen_set_clear (self);
  g_hash_table_unref (self->versions);
  g_free (self);
}

/**
 * rtcc_seen_set_add:
 * @key: an event id
 * @version: its version (1 for sources without versions)
 *
 * Returns: %TRUE if @key is new, or comes with a higher version than seen
 */
gboolean
rtcc_seen_set_add (RtccSeenSet *self,
                   const char  *key,
                   guint        version)
{
  gpointer stored_key, stored_version;
  char *copy;

  if (g_hash_table_lookup_extended (self->versions, key, &stored_key, &stored_version))
    {
      if (GPOINTER_TO_UINT (stored_version) >= version)
        return FALSE;
      g_hash_table_insert (self->versions, stored_key, GUINT_TO_POINTER (version));
      return TRUE;
    }

  copy = g_strdup (key);
  g_hash_table_insert (self->versions, copy, GUINT_TO_POINTER (version));
  g_queue_push_tail (&self->order, copy);
  while (self->order.length > self->max_items)
    {
      char *oldest = g_queue_pop_head (&self->order);

      g_hash_table_remove (self->versions, oldest);
      g_free (oldest);
    }
  return TRUE;
}

gboolean
rtcc_seen_set_contains (RtccSeenSet *self,
                        const char  *key)
{
  return g_hash_table_contains (self->versions, key);
}

guint
rtcc_seen_set_size (RtccSeenSet *self)
{
  return self->order.length;
}
