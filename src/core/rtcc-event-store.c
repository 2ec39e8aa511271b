/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccEventStore"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "rtcc-event-store.h"
#include "rtcc-plate.h"

G_DEFINE_QUARK (rtcc-store-error-quark, rtcc_store_error)
G_DEFINE_INTERFACE (RtccEventStore, rtcc_event_store, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (RtccPlateMatch, rtcc_plate_match,
  G_DEFINE_ENUM_VALUE (RTCC_PLATE_MATCH_EXACT, "exact"),
  G_DEFINE_ENUM_VALUE (RTCC_PLATE_MATCH_WILDCARD, "wildcard"),
  G_DEFINE_ENUM_VALUE (RTCC_PLATE_MATCH_MISREAD, "misread"))

G_DEFINE_BOXED_TYPE (RtccAcknowledgment, rtcc_acknowledgment,
                     rtcc_acknowledgment_copy, rtcc_acknowledgment_free)
G_DEFINE_BOXED_TYPE (RtccEvidenceLink, rtcc_evidence_link,
                     rtcc_evidence_link_copy, rtcc_evidence_link_free)

static void
rtcc_event_store_default_init (RtccEventStoreInterface *iface)
{
}

/**
 * rtcc_acknowledgment_new:
 * @notes: (nullable): the operator's notes
 *
 * Returns: (transfer full): a new acknowledgment record
 */
RtccAcknowledgment *
rtcc_acknowledgment_new (const char *event_id,
                         const char *operator_id,
                         const char *notes,
                         GDateTime  *acknowledged_at)
{
  RtccAcknowledgment *ack = g_new0 (RtccAcknowledgment, 1);

  ack->event_id = g_strdup (event_id);
  ack->operator_id = g_strdup (operator_id);
  ack->notes = g_strdup (notes);
  ack->acknowledged_at = acknowledged_at != NULL ? g_date_time_ref (acknowledged_at) : NULL;
  return ack;
}

RtccAcknowledgment *
rtcc_acknowledgment_copy (const RtccAcknowledgment *ack)
{
  return rtcc_acknowledgment_new (ack->event_id, ack->operator_id, ack->notes, ack->acknowledged_at);
}

void
rtcc_acknowledgment_free (RtccAcknowledgment *ack)
{
  if (ack == NULL)
    return;
  g_free (ack->event_id);
  g_free (ack->operator_id);
  g_free (ack->notes);
  g_clear_pointer (&ack->acknowledged_at, g_date_time_unref);
  g_free (ack);
}

/**
 * rtcc_evidence_link_new:
 *
 * Returns: (transfer full): a new evidence link record
 */
RtccEvidenceLink *
rtcc_evidence_link_new (const char *event_id,
                        const char *kind,
                        const char *ref,
                        GDateTime  *linked_at)
{
  RtccEvidenceLink *link = g_new0 (RtccEvidenceLink, 1);

  link->event_id = g_strdup (event_id);
  link->kind = g_strdup (kind);
  link->ref = g_strdup (ref);
  link->linked_at = linked_at != NULL ? g_date_time_ref (linked_at) : NULL;
  return link;
}

RtccEvidenceLink *
rtcc_evidence_link_copy (const RtccEvidenceLink *link)
{
  return rtcc_evidence_link_new (link->event_id, link->kind, link->ref, link->linked_at);
}

void
rtcc_evidence_link_free (RtccEvidenceLink *link)
{
  if (link == NULL)
    return;
  g_free (link->event_id);
  g_free (link->kind);
  g_free (link->ref);
  g_clear_pointer (&link->linked_at, g_date_time_unref);
  g_free (link);
}

/**
 * rtcc_plate_search_key:
 * @plate: (nullable): a plate as typed or read, e.g. "abc-1234"
 *
 * Plates are compared in one form: ASCII upper case letters and digits,
 * without the spaces, dashes and dots that vendors and people add.
 *
 * Returns: (transfer full) (nullable): the normalized plate, or %NULL if
 *   nothing is left or it is longer than %RTCC_PLATE_MAX_LENGTH
 */
char *
rtcc_plate_search_key (const char *plate)
{
  GString *out;

  if (plate == NULL)
    return NULL;

  out = g_string_sized_new (RTCC_PLATE_MAX_LENGTH + 1);
  for (const char *p = plate; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (out, g_ascii_toupper (*p));
      if (out->len > RTCC_PLATE_MAX_LENGTH)
        break;
    }
  if (out->len == 0 || out->len > RTCC_PLATE_MAX_LENGTH)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}

static char
skeleton_char (char c)
{
  switch (c)
    {
    case 'O': case '0': case 'D': case 'Q': return '0';
    case 'B': case '8': return '8';
    case 'I': case '1': case 'L': return '1';
    case 'S': case '5': return '5';
    case 'Z': case '2': return '2';
    case 'G': case '6': return '6';
    default: return c;
    }
}

/**
 * rtcc_plate_skeleton:
 * @plate: a normalized plate
 *
 * Maps each group of characters that cameras confuse (O/0/D/Q, B/8,
 * I/1/L, S/5, Z/2, G/6) to one character, so that misreads of a plate
 * share its skeleton and one index lookup finds them.
 *
 * Returns: (transfer full): the skeleton, as long as @plate
 */
char *
rtcc_plate_skeleton (const char *plate)
{
  char *skel = g_strdup (plate);

  for (char *p = skel; *p != '\0'; p++)
    *p = skeleton_char (*p);
  return skel;
}

/**
 * rtcc_plate_is_misread_of:
 * @a: a normalized plate
 * @b: another normalized plate
 *
 * Returns: %TRUE if the plates are equal, differ in one place by a
 *   look-alike character, or differ by one missing or extra character
 */
gboolean
rtcc_plate_is_misread_of (const char *a,
                          const char *b)
{
  /* One rule for the whole workstation: the store's search, the plate
   * dialogs and the BOLO cross-check must agree on what a misread is. */
  return rtcc_plate_misread_match (a, b);
}

/**
 * rtcc_event_store_insert_async:
 * @self: a store
 * @events: (element-type RtccEvent): the events to store, in any order
 * @cancellable: (nullable): a #GCancellable
 *
 * Stores events. An event whose id is new is added; one with a higher
 * version than the stored one replaces it as current, the old version
 * going to the history; the same or a lower version is ignored, so
 * replays after a reconnection never duplicate anything.
 */
void
rtcc_event_store_insert_async (RtccEventStore      *self,
                               GPtrArray           *events,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (RTCC_IS_EVENT_STORE (self));
  g_return_if_fail (events != NULL);
  RTCC_EVENT_STORE_GET_IFACE (self)->insert_async (self, events, cancellable, callback, user_data);
}

/**
 * rtcc_event_store_insert_finish:
 * @n_stored: (out) (optional): how many events were new or newer
 * @error: return location for a #GError in %RTCC_STORE_ERROR
 *
 * Returns: %TRUE if the batch was stored; on error none of it was
 */
gboolean
rtcc_event_store_insert_finish (RtccEventStore  *self,
                                GAsyncResult    *result,
                                guint           *n_stored,
                                GError         **error)
{
  g_return_val_if_fail (RTCC_IS_EVENT_STORE (self), FALSE);
  return RTCC_EVENT_STORE_GET_IFACE (self)->insert_finish (self, result, n_stored, error);
}

/**
 * rtcc_event_store_query_async:
 * @query: what to find; the store keeps a reference until it is done
 *
 * Finds current versions of events, newest first.
 */
void
rtcc_event_store_query_async (RtccEventStore      *self,
                              RtccEventQuery      *query,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (RTCC_IS_EVENT_STORE (self));
  g_return_if_fail (RTCC_IS_EVENT_QUERY (query));
  RTCC_EVENT_STORE_GET_IFACE (self)->query_async (self, query, cancellable, callback, user_data);
}

/**
 * rtcc_event_store_query_finish:
 *
 * Returns: (transfer container) (element-type RtccEvent): the events,
 *   newest first, or %NULL with @error set
 */
GPtrArray *
rtcc_event_store_query_finish (RtccEventStore  *self,
                               GAsyncResult    *result,
                               GError         **error)
{
  g_return_val_if_fail (RTCC_IS_EVENT_STORE (self), NULL);
  return RTCC_EVENT_STORE_GET_IFACE (self)->query_finish (self, result, error);
}

/**
 * rtcc_event_store_get_history_async:
 * @event_id: a full event id, e.g. "shotspotter:SS-2026-000123"
 *
 * Reads every stored version of one event.
 */
void
rtcc_event_store_get_history_async (RtccEventStore      *self,
                                    const char          *event_id,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_return_if_fail (RTCC_IS_EVENT_STORE (self));
  g_return_if_fail (event_id != NULL);
  RTCC_EVENT_STORE_GET_IFACE (self)->get_history_async (self, event_id, cancellable, callback, user_data);
}

/**
 * rtcc_event_store_get_history_finish:
 *
 * Returns: (transfer container) (element-type RtccEvent): the versions,
 *   oldest first, the current one last; %RTCC_STORE_ERROR_NOT_FOUND if the
 *   event is unknown
 */
GPtrArray *
rtcc_event_store_get_history_finish (RtccEventStore  *self,
                                     GAsyncResult    *result,
                                     GError         **error)
{
  g_return_val_if_fail (RTCC_IS_EVENT_STORE (self), NULL);
  return RTCC_EVENT_STORE_GET_IFACE (self)->get_history_finish (self, result, error);
}

/**
 * rtcc_event_store_acknowledge_async:
 * @operator_id: who acknowledges
 * @notes: (nullable): what they note
 *
 * Records that an operator acknowledged an event. Only the first
 * acknowledgment counts: a second one fails with
 * %RTCC_STORE_ERROR_ALREADY_ACKNOWLEDGED, naming who and when.
 */
void
rtcc_event_store_acknowledge_async (RtccEventStore      *self,
                                    const char          *event_id,
                                    const char          *operator_id,
                                    const char          *notes,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_return_if_fail (RTCC_IS_EVENT_STORE (self));
  g_return_if_fail (event_id != NULL);
  RTCC_EVENT_STORE_GET_IFACE (self)->acknowledge_async (self, event_id, operator_id, notes,
                                                        cancellable, callback, user_data);
}

/**
 * rtcc_event_store_acknowledge_finish:
 *
 * Returns: (transfer full): the acknowledgment as recorded, or %NULL with
 *   @error set
 */
RtccAcknowledgment *
rtcc_event_store_acknowledge_finish (RtccEventStore  *self,
                                     GAsyncResult    *result,
                                     GError         **error)
{
  g_return_val_if_fail (RTCC_IS_EVENT_STORE (self), NULL);
  return RTCC_EVENT_STORE_GET_IFACE (self)->acknowledge_finish (self, result, error);
}

void
rtcc_event_store_get_acknowledgment_async (RtccEventStore      *self,
                                           const char          *event_id,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  g_return_if_fail (RTCC_IS_EVENT_STORE (self));
  g_return_if_fail (event_id != NULL);
  RTCC_EVENT_STORE_GET_IFACE (self)->get_acknowledgment_async (self, event_id, cancellable,
                                                               callback, user_data);
}

/**
 * rtcc_event_store_get_acknowledgment_finish:
 * @ack: (out) (transfer full) (nullable): the acknowledgment, or %NULL if
 *   the event is not acknowledged
 *
 * Returns: %TRUE if the lookup worked (acknowledged or not)
 */
gboolean
rtcc_event_store_get_acknowledgment_finish (RtccEventStore      *self,
                                            GAsyncResult        *result,
                                            RtccAcknowledgment **ack,
                                            GError             **error)
{
  g_return_val_if_fail (RTCC_IS_EVENT_STORE (self), FALSE);
  return RTCC_EVENT_STORE_GET_IFACE (self)->get_acknowledgment_finish (self, result, ack, error);
}

/**
 * rtcc_event_store_search_plates_async:
 * @pattern: a plate; any case, spaces and dashes ignored; `*` wildcards in
 *   %RTCC_PLATE_MATCH_WILDCARD mode
 * @from: (nullable): earliest read, included
 * @to: (nullable): latest read, excluded
 * @limit: most reads to return, 1 to %RTCC_EVENT_QUERY_MAX_LIMIT
 *
 * Searches past plate reads and hits, newest first.
 */
void
rtcc_event_store_search_plates_async (RtccEventStore      *self,
                                      const char          *pattern,
                                      RtccPlateMatch       mode,
                                      GDateTime           *from,
                                      GDateTime           *to,
                                      guint                limit,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_return_if_fail (RTCC_IS_EVENT_STORE (self));
  RTCC_EVENT_STORE_GET_IFACE (self)->search_plates_async (self, pattern, mode, from, to, limit,
                                                          cancellable, callback, user_data);
}

/**
 * rtcc_event_store_search_plates_finish:
 *
 * Returns: (transfer container) (element-type RtccEvent): the reads,
 *   newest first, or %NULL with @error set
 */
GPtrArray *
rtcc_event_store_search_plates_finish (RtccEventStore  *self,
                                       GAsyncResult    *result,
                                       GError         **error)
{
  g_return_val_if_fail (RTCC_IS_EVENT_STORE (self), NULL);
  return RTCC_EVENT_STORE_GET_IFACE (self)->search_plates_finish (self, result, error);
}

/**
 * rtcc_event_store_link_evidence_async:
 * @kind: what the evidence is, e.g. "bwc_recording"
 * @ref: its identifier in its own system
 *
 * Links evidence to a stored event; linking twice is harmless.
 */
void
rtcc_event_store_link_evidence_async (RtccEventStore      *self,
                                      const char          *event_id,
                                      const char          *kind,
                                      const char          *ref,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_return_if_fail (RTCC_IS_EVENT_STORE (self));
  RTCC_EVENT_STORE_GET_IFACE (self)->link_evidence_async (self, event_id, kind, ref,
                                                          cancellable, callback, user_data);
}

gboolean
rtcc_event_store_link_evidence_finish (RtccEventStore  *self,
                                       GAsyncResult    *result,
                                       GError         **error)
{
  g_return_val_if_fail (RTCC_IS_EVENT_STORE (self), FALSE);
  return RTCC_EVENT_STORE_GET_IFACE (self)->link_evidence_finish (self, result, error);
}

/**
 * rtcc_event_store_unlink_evidence_async:
 *
 * Removes a link; %RTCC_STORE_ERROR_NOT_FOUND if there was none.
 */
void
rtcc_event_store_unlink_evidence_async (RtccEventStore      *self,
                                        const char          *event_id,
                                        const char          *kind,
                                        const char          *ref,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_return_if_fail (RTCC_IS_EVENT_STORE (self));
  RTCC_EVENT_STORE_GET_IFACE (self)->unlink_evidence_async (self, event_id, kind, ref,
                                                            cancellable, callback, user_data);
}

gboolean
rtcc_event_store_unlink_evidence_finish (RtccEventStore  *self,
                                         GAsyncResult    *result,
                                         GError         **error)
{
  g_return_val_if_fail (RTCC_IS_EVENT_STORE (self), FALSE);
  return RTCC_EVENT_STORE_GET_IFACE (self)->unlink_evidence_finish (self, result, error);
}

void
rtcc_event_store_list_evidence_async (RtccEventStore      *self,
                                      const char          *event_id,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_return_if_fail (RTCC_IS_EVENT_STORE (self));
  RTCC_EVENT_STORE_GET_IFACE (self)->list_evidence_async (self, event_id, cancellable,
                                                          callback, user_data);
}

/**
 * rtcc_event_store_list_evidence_finish:
 *
 * Returns: (transfer container) (element-type RtccEvidenceLink): the links,
 *   oldest first
 */
GPtrArray *
rtcc_event_store_list_evidence_finish (RtccEventStore  *self,
                                       GAsyncResult    *result,
                                       GError         **error)
{
  g_return_val_if_fail (RTCC_IS_EVENT_STORE (self), NULL);
  return RTCC_EVENT_STORE_GET_IFACE (self)->list_evidence_finish (self, result, error);
}

/**
 * rtcc_event_store_purge_async:
 * @older_than: events that occurred before this time are removed, with
 *   their history, acknowledgments and evidence links
 *
 * Applies the retention period.
 */
void
rtcc_event_store_purge_async (RtccEventStore      *self,
                              GDateTime           *older_than,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (RTCC_IS_EVENT_STORE (self));
  g_return_if_fail (older_than != NULL);
  RTCC_EVENT_STORE_GET_IFACE (self)->purge_async (self, older_than, cancellable, callback, user_data);
}

/**
 * rtcc_event_store_purge_finish:
 * @n_removed: (out) (optional): how many events were removed
 */
gboolean
rtcc_event_store_purge_finish (RtccEventStore  *self,
                               GAsyncResult    *result,
                               guint64         *n_removed,
                               GError         **error)
{
  g_return_val_if_fail (RTCC_IS_EVENT_STORE (self), FALSE);
  return RTCC_EVENT_STORE_GET_IFACE (self)->purge_finish (self, result, n_removed, error);
}

/**
 * rtcc_event_store_close:
 *
 * Finishes the writes already requested, then closes the store; later
 * calls fail with %RTCC_STORE_ERROR_CLOSED. Safe to call twice.
 */
void
rtcc_event_store_close (RtccEventStore *self)
{
  g_return_if_fail (RTCC_IS_EVENT_STORE (self));
  RTCC_EVENT_STORE_GET_IFACE (self)->close (self);
}
