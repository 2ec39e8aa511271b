/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "rtcc-event.h"

G_BEGIN_DECLS

/**
 * RtccFlockHotlist:
 * @id: the vendor's identifier
 * @name: as shown to the analyst, e.g. "Stolen vehicles"
 * @type: stolen, wanted, amber_alert or custom
 * @entry_count: plates on the list, -1 when not said
 */
typedef struct
{
  char   *id;
  char   *name;
  char   *type;
  gint64  entry_count;
} RtccFlockHotlist;

/**
 * RtccFlockHotlistEntry:
 * @plate: normalized plate
 * @state: (nullable): issuing state
 * @reason: (nullable): why the plate is listed
 * @case_number: (nullable): the case it belongs to
 * @expires_at: (nullable): when the entry lapses
 * @created_at: (nullable): when it was listed, as Flock says
 * @created_by: (nullable): who listed it, when Flock says
 */
typedef struct
{
  char      *plate;
  char      *state;
  char      *reason;
  char      *case_number;
  GDateTime *expires_at;
  GDateTime *created_at;
  char      *created_by;
} RtccFlockHotlistEntry;

#define RTCC_TYPE_FLOCK_HOTLIST (rtcc_flock_hotlist_get_type ())
#define RTCC_TYPE_FLOCK_HOTLIST_ENTRY (rtcc_flock_hotlist_entry_get_type ())

GType                  rtcc_flock_hotlist_get_type        (void) G_GNUC_CONST;
RtccFlockHotlist      *rtcc_flock_hotlist_copy            (const RtccFlockHotlist      *hotlist);
void                   rtcc_flock_hotlist_free            (RtccFlockHotlist            *hotlist);
GType                  rtcc_flock_hotlist_entry_get_type  (void) G_GNUC_CONST;
RtccFlockHotlistEntry *rtcc_flock_hotlist_entry_copy      (const RtccFlockHotlistEntry *entry);
void                   rtcc_flock_hotlist_entry_free      (RtccFlockHotlistEntry       *entry);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RtccFlockHotlist, rtcc_flock_hotlist_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RtccFlockHotlistEntry, rtcc_flock_hotlist_entry_free)

RtccEvent             *rtcc_flock_normalize_read          (JsonObject  *read,
                                                           gpointer     user_data,
                                                           GError     **error);
RtccEvent             *rtcc_flock_normalize_hit           (JsonObject  *hit,
                                                           gpointer     user_data,
                                                           GError     **error);
GPtrArray             *rtcc_flock_normalize_document      (JsonNode    *document,
                                                           GPtrArray  **item_errors,
                                                           char       **cursor,
                                                           GError     **error);
RtccFlockHotlist      *rtcc_flock_parse_hotlist           (JsonObject  *object,
                                                           GError     **error);
RtccFlockHotlistEntry *rtcc_flock_parse_hotlist_entry     (JsonObject  *object,
                                                           GError     **error);
GPtrArray             *rtcc_flock_parse_hotlists          (JsonNode    *document,
                                                           GPtrArray  **item_errors,
                                                           GError     **error);
GPtrArray             *rtcc_flock_parse_hotlist_entries   (JsonNode    *document,
                                                           GPtrArray  **item_errors,
                                                           GError     **error);

G_END_DECLS
