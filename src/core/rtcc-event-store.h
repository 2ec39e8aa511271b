/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "rtcc-event.h"
#include "rtcc-event-query.h"

G_BEGIN_DECLS

#define RTCC_STORE_ERROR (rtcc_store_error_quark ())

/**
 * RtccStoreError:
 * @RTCC_STORE_ERROR_CORRUPT: the file is not a database, or it is damaged
 * @RTCC_STORE_ERROR_BUSY: another process held the database locked for
 *   longer than the store waits
 * @RTCC_STORE_ERROR_IO: the disk refused (full, read-only, gone)
 * @RTCC_STORE_ERROR_ALREADY_ACKNOWLEDGED: someone acknowledged the event first
 * @RTCC_STORE_ERROR_NOT_FOUND: no event with that id
 * @RTCC_STORE_ERROR_INVALID: the request itself is wrong (empty plate
 *   pattern, inverted time range, a database from a newer release...)
 * @RTCC_STORE_ERROR_CLOSED: the store was closed
 */
typedef enum
{
  RTCC_STORE_ERROR_CORRUPT,
  RTCC_STORE_ERROR_BUSY,
  RTCC_STORE_ERROR_IO,
  RTCC_STORE_ERROR_ALREADY_ACKNOWLEDGED,
  RTCC_STORE_ERROR_NOT_FOUND,
  RTCC_STORE_ERROR_INVALID,
  RTCC_STORE_ERROR_CLOSED,
} RtccStoreError;

/**
 * RtccPlateMatch:
 * @RTCC_PLATE_MATCH_EXACT: the normalized plate, as given
 * @RTCC_PLATE_MATCH_WILDCARD: `*` stands for any run of characters
 * @RTCC_PLATE_MATCH_MISREAD: the plate, or one that differs by one
 *   look-alike character (O/0/D/Q, B/8, I/1/L, S/5, Z/2, G/6) or by one
 *   missing or extra character, as cameras misread them
 */
typedef enum
{
  RTCC_PLATE_MATCH_EXACT,
  RTCC_PLATE_MATCH_WILDCARD,
  RTCC_PLATE_MATCH_MISREAD,
} RtccPlateMatch;

#define RTCC_TYPE_PLATE_MATCH (rtcc_plate_match_get_type ())
GType rtcc_plate_match_get_type (void) G_GNUC_CONST;

/* Plates are at most this long once normalized; longer input is refused. */
#define RTCC_PLATE_MAX_LENGTH 16

/**
 * RtccAcknowledgment:
 * @event_id: the acknowledged event
 * @operator_id: who acknowledged it
 * @notes: (nullable): what they wrote
 * @acknowledged_at: when, in UTC
 */
typedef struct
{
  char      *event_id;
  char      *operator_id;
  char      *notes;
  GDateTime *acknowledged_at;
} RtccAcknowledgment;

#define RTCC_TYPE_ACKNOWLEDGMENT (rtcc_acknowledgment_get_type ())
GType               rtcc_acknowledgment_get_type (void) G_GNUC_CONST;
RtccAcknowledgment *rtcc_acknowledgment_new      (const char         *event_id,
                                                  const char         *operator_id,
                                                  const char         *notes,
                                                  GDateTime          *acknowledged_at);
RtccAcknowledgment *rtcc_acknowledgment_copy     (const RtccAcknowledgment *ack);
void                rtcc_acknowledgment_free     (RtccAcknowledgment *ack);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RtccAcknowledgment, rtcc_acknowledgment_free)

/**
 * RtccEvidenceLink:
 * @event_id: the event (an incident, a gunshot...)
 * @kind: what the evidence is, e.g. "bwc_recording" or "clip"
 * @ref: the evidence's identifier in its own system
 * @linked_at: when the link was made, in UTC
 */
typedef struct
{
  char      *event_id;
  char      *kind;
  char      *ref;
  GDateTime *linked_at;
} RtccEvidenceLink;

#define RTCC_TYPE_EVIDENCE_LINK (rtcc_evidence_link_get_type ())
GType             rtcc_evidence_link_get_type (void) G_GNUC_CONST;
RtccEvidenceLink *rtcc_evidence_link_new      (const char       *event_id,
                                               const char       *kind,
                                               const char       *ref,
                                               GDateTime        *linked_at);
RtccEvidenceLink *rtcc_evidence_link_copy     (const RtccEvidenceLink *link);
void              rtcc_evidence_link_free     (RtccEvidenceLink *link);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RtccEvidenceLink, rtcc_evidence_link_free)

#define RTCC_TYPE_EVENT_STORE (rtcc_event_store_get_type ())
G_DECLARE_INTERFACE (RtccEventStore, rtcc_event_store, RTCC, EVENT_STORE, GObject)

/**
 * RtccEventStoreInterface:
 *
 * The event history. Every call is asynchronous and never blocks the
 * caller's main loop; the SQLite backend is the embedded default and a
 * shared server backend can implement the same calls.
 */
struct _RtccEventStoreInterface
{
  GTypeInterface parent_iface;

  void        (*insert_async)            (RtccEventStore       *self,
                                          GPtrArray            *events,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
  gboolean    (*insert_finish)           (RtccEventStore       *self,
                                          GAsyncResult         *result,
                                          guint                *n_stored,
                                          GError              **error);
  void        (*query_async)             (RtccEventStore       *self,
                                          RtccEventQuery       *query,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
  GPtrArray  *(*query_finish)            (RtccEventStore       *self,
                                          GAsyncResult         *result,
                                          GError              **error);
  void        (*get_history_async)       (RtccEventStore       *self,
                                          const char           *event_id,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
  GPtrArray  *(*get_history_finish)      (RtccEventStore       *self,
                                          GAsyncResult         *result,
                                          GError              **error);
  void        (*acknowledge_async)       (RtccEventStore       *self,
                                          const char           *event_id,
                                          const char           *operator_id,
                                          const char           *notes,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
  RtccAcknowledgment *(*acknowledge_finish) (RtccEventStore    *self,
                                          GAsyncResult         *result,
                                          GError              **error);
  void        (*get_acknowledgment_async)  (RtccEventStore     *self,
                                          const char           *event_id,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
  gboolean    (*get_acknowledgment_finish) (RtccEventStore     *self,
                                          GAsyncResult         *result,
                                          RtccAcknowledgment  **ack,
                                          GError              **error);
  void        (*search_plates_async)     (RtccEventStore       *self,
                                          const char           *pattern,
                                          RtccPlateMatch        mode,
                                          GDateTime            *from,
                                          GDateTime            *to,
                                          guint                 limit,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
  GPtrArray  *(*search_plates_finish)    (RtccEventStore       *self,
                                          GAsyncResult         *result,
                                          GError              **error);
  void        (*link_evidence_async)     (RtccEventStore       *self,
                                          const char           *event_id,
                                          const char           *kind,
                                          const char           *ref,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
  gboolean    (*link_evidence_finish)    (RtccEventStore       *self,
                                          GAsyncResult         *result,
                                          GError              **error);
  void        (*unlink_evidence_async)   (RtccEventStore       *self,
                                          const char           *event_id,
                                          const char           *kind,
                                          const char           *ref,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
  gboolean    (*unlink_evidence_finish)  (RtccEventStore       *self,
                                          GAsyncResult         *result,
                                          GError              **error);
  void        (*list_evidence_async)     (RtccEventStore       *self,
                                          const char           *event_id,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
  GPtrArray  *(*list_evidence_finish)    (RtccEventStore       *self,
                                          GAsyncResult         *result,
                                          GError              **error);
  void        (*purge_async)             (RtccEventStore       *self,
                                          GDateTime            *older_than,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
  gboolean    (*purge_finish)            (RtccEventStore       *self,
                                          GAsyncResult         *result,
                                          guint64              *n_removed,
                                          GError              **error);
  void        (*close)                   (RtccEventStore       *self);
};

GQuark      rtcc_store_error_quark                  (void);

char       *rtcc_plate_search_key                    (const char           *plate);
char       *rtcc_plate_skeleton                     (const char           *plate);
gboolean    rtcc_plate_is_misread_of                (const char           *a,
                                                     const char           *b);

void        rtcc_event_store_insert_async           (RtccEventStore       *self,
                                                     GPtrArray            *events,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
gboolean    rtcc_event_store_insert_finish          (RtccEventStore       *self,
                                                     GAsyncResult         *result,
                                                     guint                *n_stored,
                                                     GError              **error);
void        rtcc_event_store_query_async            (RtccEventStore       *self,
                                                     RtccEventQuery       *query,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
GPtrArray  *rtcc_event_store_query_finish           (RtccEventStore       *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);
void        rtcc_event_store_get_history_async      (RtccEventStore       *self,
                                                     const char           *event_id,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
GPtrArray  *rtcc_event_store_get_history_finish     (RtccEventStore       *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);
void        rtcc_event_store_acknowledge_async      (RtccEventStore       *self,
                                                     const char           *event_id,
                                                     const char           *operator_id,
                                                     const char           *notes,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
RtccAcknowledgment *rtcc_event_store_acknowledge_finish (RtccEventStore   *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);
void        rtcc_event_store_get_acknowledgment_async  (RtccEventStore    *self,
                                                     const char           *event_id,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
gboolean    rtcc_event_store_get_acknowledgment_finish (RtccEventStore    *self,
                                                     GAsyncResult         *result,
                                                     RtccAcknowledgment  **ack,
                                                     GError              **error);
void        rtcc_event_store_search_plates_async    (RtccEventStore       *self,
                                                     const char           *pattern,
                                                     RtccPlateMatch        mode,
                                                     GDateTime            *from,
                                                     GDateTime            *to,
                                                     guint                 limit,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
GPtrArray  *rtcc_event_store_search_plates_finish   (RtccEventStore       *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);
void        rtcc_event_store_link_evidence_async    (RtccEventStore       *self,
                                                     const char           *event_id,
                                                     const char           *kind,
                                                     const char           *ref,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
gboolean    rtcc_event_store_link_evidence_finish   (RtccEventStore       *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);
void        rtcc_event_store_unlink_evidence_async  (RtccEventStore       *self,
                                                     const char           *event_id,
                                                     const char           *kind,
                                                     const char           *ref,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
gboolean    rtcc_event_store_unlink_evidence_finish (RtccEventStore       *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);
void        rtcc_event_store_list_evidence_async    (RtccEventStore       *self,
                                                     const char           *event_id,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
GPtrArray  *rtcc_event_store_list_evidence_finish   (RtccEventStore       *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);
void        rtcc_event_store_purge_async            (RtccEventStore       *self,
                                                     GDateTime            *older_than,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
gboolean    rtcc_event_store_purge_finish           (RtccEventStore       *self,
                                                     GAsyncResult         *result,
                                                     guint64              *n_removed,
                                                     GError              **error);
void        rtcc_event_store_close                  (RtccEventStore       *self);

G_END_DECLS
