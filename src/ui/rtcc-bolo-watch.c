/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccBoloWatch"

#include "config.h"

#include "hotsheets/rtcc-bolo-cross-check.h"
#include "rtcc-bolo-watch.h"

/* Read ids already matched are remembered this many at most: a read
 * comes again on a stream's catch-up, and must not alert twice. */
#define MAX_REMEMBERED_READS 4096

/**
 * RtccBoloWatch:
 *
 * Keeps the active BOLOs from the HotSheets listing and the
 * `bolo_created` / `bolo_cancelled` events that follow it, and checks
 * every plate read against them with rtcc_bolo_cross_check().
 */
struct _RtccBoloWatch
{
  GObject     parent_instance;

  GHashTable *active;        /* bolo_id → RtccEvent (bolo_created) */
  GHashTable *matched;       /* "read id\nbolo id" */
};

G_DEFINE_FINAL_TYPE (RtccBoloWatch, rtcc_bolo_watch, G_TYPE_OBJECT)

enum {
  MATCH,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
rtcc_bolo_watch_finalize (GObject *object)
{
  RtccBoloWatch *self = RTCC_BOLO_WATCH (object);

  g_clear_pointer (&self->active, g_hash_table_unref);
  g_clear_pointer (&self->matched, g_hash_table_unref);

  G_OBJECT_CLASS (rtcc_bolo_watch_parent_class)->finalize (object);
}

static void
rtcc_bolo_watch_class_init (RtccBoloWatchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rtcc_bolo_watch_finalize;

  /**
   * RtccBoloWatch::match:
   * @self: the watch
   * @bolo: the active BOLO (`bolo_created`)
   * @read: the `lpr_read` or `lpr_hit` that may be its vehicle
   *
   * A plate read matches an active vehicle BOLO, exactly or as a likely
   * misread.
   */
  signals[MATCH] =
    g_signal_new ("match", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, RTCC_TYPE_EVENT, RTCC_TYPE_EVENT);
}

static void
rtcc_bolo_watch_init (RtccBoloWatch *self)
{
  self->active = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->matched = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/**
 * rtcc_bolo_watch_new:
 *
 * Returns: (transfer full): a watch with no active BOLO
 */
RtccBoloWatch *
rtcc_bolo_watch_new (void)
{
  return g_object_new (RTCC_TYPE_BOLO_WATCH, NULL);
}

static void
add_bolo (RtccBoloWatch *self,
          RtccEvent     *bolo)
{
  const char *id = rtcc_event_get_attribute_string (bolo, "bolo_id");

  if (id != NULL && *id != '\0')
    g_hash_table_replace (self->active, g_strdup (id), g_object_ref (bolo));
}

/**
 * rtcc_bolo_watch_set_active:
 * @self: a #RtccBoloWatch
 * @bolos: (element-type RtccEvent): the active BOLOs, as HotSheets lists
 *   them
 *
 * Replaces the active BOLOs; events then keep the list fresh.
 */
void
rtcc_bolo_watch_set_active (RtccBoloWatch *self,
                            GPtrArray     *bolos)
{
  g_return_if_fail (RTCC_IS_BOLO_WATCH (self));
  g_return_if_fail (bolos != NULL);

  g_hash_table_remove_all (self->active);
  for (guint i = 0; i < bolos->len; i++)
    {
      RtccEvent *bolo = g_ptr_array_index (bolos, i);

      if (RTCC_IS_EVENT (bolo) && rtcc_event_get_event_type (bolo) == RTCC_EVENT_TYPE_BOLO_CREATED)
        add_bolo (self, bolo);
    }
}

/**
 * rtcc_bolo_watch_get_n_active:
 * @self: a #RtccBoloWatch
 *
 * Returns: how many BOLOs are active
 */
guint
rtcc_bolo_watch_get_n_active (RtccBoloWatch *self)
{
  g_return_val_if_fail (RTCC_IS_BOLO_WATCH (self), 0);

  return g_hash_table_size (self->active);
}

/**
 * rtcc_bolo_watch_handle_event:
 * @self: a #RtccBoloWatch
 * @event: any event from the feed
 *
 * Follows BOLO creation and cancellation, and checks plate reads,
 * emitting #RtccBoloWatch::match once per read and BOLO.
 *
 * Returns: how many matches @event raised
 */
guint
rtcc_bolo_watch_handle_event (RtccBoloWatch *self,
                              RtccEvent     *event)
{
  g_autoptr(GPtrArray) bolos = NULL;
  g_autoptr(GPtrArray) matches = NULL;
  guint n = 0;

  g_return_val_if_fail (RTCC_IS_BOLO_WATCH (self), 0);
  g_return_val_if_fail (RTCC_IS_EVENT (event), 0);

  switch (rtcc_event_get_event_type (event))
    {
    case RTCC_EVENT_TYPE_BOLO_CREATED:
      add_bolo (self, event);
      return 0;

    case RTCC_EVENT_TYPE_BOLO_CANCELLED:
      {
        const char *id = rtcc_event_get_attribute_string (event, "bolo_id");

        if (id != NULL)
          g_hash_table_remove (self->active, id);
        return 0;
      }

    case RTCC_EVENT_TYPE_LPR_READ:
    case RTCC_EVENT_TYPE_LPR_HIT:
      break;

    default:
      return 0;
    }

  {
    GHashTableIter iter;
    gpointer bolo;

    bolos = g_ptr_array_new ();
    g_hash_table_iter_init (&iter, self->active);
    while (g_hash_table_iter_next (&iter, NULL, &bolo))
      g_ptr_array_add (bolos, bolo);
  }
  matches = rtcc_bolo_cross_check (bolos, event);
  for (guint i = 0; i < matches->len; i++)
    {
      RtccEvent *bolo = g_ptr_array_index (matches, i);
      g_autofree char *key = g_strdup_printf ("%s\n%s", rtcc_event_get_id (event),
                                              rtcc_event_get_attribute_string (bolo, "bolo_id"));

      if (g_hash_table_contains (self->matched, key))
        continue;
      if (g_hash_table_size (self->matched) >= MAX_REMEMBERED_READS)
        g_hash_table_remove_all (self->matched);
      g_hash_table_add (self->matched, g_steal_pointer (&key));
      n++;
      g_signal_emit (self, signals[MATCH], 0, bolo, event);
    }
  return n;
}
