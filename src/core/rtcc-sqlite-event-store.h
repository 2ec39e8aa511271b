/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "rtcc-event-store.h"

G_BEGIN_DECLS

#define RTCC_TYPE_SQLITE_EVENT_STORE (rtcc_sqlite_event_store_get_type ())
G_DECLARE_FINAL_TYPE (RtccSqliteEventStore, rtcc_sqlite_event_store, RTCC, SQLITE_EVENT_STORE, GObject)

RtccEventStore *rtcc_sqlite_event_store_new          (const char            *path,
                                                      GError               **error);
void            rtcc_sqlite_event_store_new_async    (const char            *path,
                                                      GCancellable          *cancellable,
                                                      GAsyncReadyCallback    callback,
                                                      gpointer               user_data);
RtccEventStore *rtcc_sqlite_event_store_new_finish   (GAsyncResult          *result,
                                                      GError               **error);
const char     *rtcc_sqlite_event_store_get_path     (RtccSqliteEventStore  *self);
guint           rtcc_sqlite_event_store_get_busy_timeout (RtccSqliteEventStore *self);

G_END_DECLS
