/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccEventList"

#include "config.h"

#include "rtcc-event-list.h"

struct _RtccEventList
{
  GObject     parent_instance;

  GSequence  *events;     /* RtccEvent, newest occurred_at first */
  GHashTable *by_id;      /* id -> GSequenceIter */
  guint       max_items;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RtccEventList, rtcc_event_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
get_item_type (GListModel *model)
{
  return RTCC_TYPE_EVENT;
}

static guint
get_n_items (GListModel *model)
{
  return g_sequence_get_length (RTCC_EVENT_LIST (model)->events);
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  RtccEventList *self = RTCC_EVENT_LIST (model);
  GSequenceIter *iter = g_sequence_get_iter_at_pos (self->events, position);

  if (g_sequence_iter_is_end (iter))
    return NULL;
  return g_object_ref (g_sequence_get (iter));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b,
                      gpointer      user_data)
{
  RtccEvent *ea = (RtccEvent *) a;
  RtccEvent *eb = (RtccEvent *) b;
  int cmp = g_date_time_compare (rtcc_event_get_occurred_at (eb), rtcc_event_get_occurred_at (ea));

  if (cmp != 0)
    return cmp;
  return g_strcmp0 (rtcc_event_get_id (ea), rtcc_event_get_id (eb));
}

static void
rtcc_event_list_finalize (GObject *object)
{
  RtccEventList *self = RTCC_EVENT_LIST (object);

  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->events, g_sequence_free);

  G_OBJECT_CLASS (rtcc_event_list_parent_class)->finalize (object);
}

static void
rtcc_event_list_class_init (RtccEventListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rtcc_event_list_finalize;
}

static void
rtcc_event_list_init (RtccEventList *self)
{
  self->events = g_sequence_new (g_object_unref);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
}

/**
 * rtcc_event_list_new:
 * @max_items: how many events to keep; the oldest go first
 *
 * Returns: (transfer full): an empty list
 */
RtccEventList *
rtcc_event_list_new (guint max_items)
{
  RtccEventList *self = g_object_new (RTCC_TYPE_EVENT_LIST, NULL);

  self->max_items = MAX (max_items, 1);
  return self;
}

static void
remove_iter (RtccEventList *self,
             GSequenceIter *iter)
{
  RtccEvent *old = g_sequence_get (iter);
  guint pos = g_sequence_iter_get_position (iter);

  g_hash_table_remove (self->by_id, rtcc_event_get_id (old));
  g_sequence_remove (iter);
  g_list_model_items_changed (G_LIST_MODEL (self), pos, 1, 0);
}

/**
 * rtcc_event_list_add:
 * @event: (transfer none): the event
 *
 * Adds @event, or replaces the item with the same id when @event has a
 * higher version. An older or equal version of a known event is ignored,
 * so an event delivered twice shows once.
 *
 * Returns: %TRUE if the list changed
 */
gboolean
rtcc_event_list_add (RtccEventList *self,
                     RtccEvent     *event)
{
  GSequenceIter *iter;
  guint pos;

  g_return_val_if_fail (RTCC_IS_EVENT_LIST (self), FALSE);
  g_return_val_if_fail (RTCC_IS_EVENT (event), FALSE);

  iter = g_hash_table_lookup (self->by_id, rtcc_event_get_id (event));
  if (iter != NULL)
    {
      RtccEvent *old = g_sequence_get (iter);
      if (rtcc_event_get_version (event) <= rtcc_event_get_version (old))
        return FALSE;
      remove_iter (self, iter);
    }

  /* Full, and older than everything held: not worth a row. */
  if ((guint) g_sequence_get_length (self->events) >= self->max_items)
    {
      GSequenceIter *last = g_sequence_iter_prev (g_sequence_get_end_iter (self->events));
      if (compare_newest_first (event, g_sequence_get (last), NULL) > 0)
        return FALSE;
      remove_iter (self, last);
    }

  iter = g_sequence_insert_sorted (self->events, g_object_ref (event), compare_newest_first, NULL);
  g_hash_table_insert (self->by_id, (gpointer) rtcc_event_get_id (event), iter);
  pos = g_sequence_iter_get_position (iter);
  g_list_model_items_changed (G_LIST_MODEL (self), pos, 0, 1);
  return TRUE;
}

/**
 * rtcc_event_list_lookup:
 *
 * Returns: (transfer none) (nullable): the held version of event @id
 */
RtccEvent *
rtcc_event_list_lookup (RtccEventList *self,
                        const char    *id)
{
  GSequenceIter *iter = g_hash_table_lookup (self->by_id, id);

  return iter != NULL ? g_sequence_get (iter) : NULL;
}

void
rtcc_event_list_clear (RtccEventList *self)
{
  guint n = g_sequence_get_length (self->events);

  g_hash_table_remove_all (self->by_id);
  g_sequence_remove_range (g_sequence_get_begin_iter (self->events),
                           g_sequence_get_end_iter (self->events));
  if (n > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, n, 0);
}
