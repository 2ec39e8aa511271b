/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>
#include <shumate/shumate.h>

#include "rtcc-event-list.h"
#include "rtcc-event-store.h"
#include "shotspotter/rtcc-shotspotter-integration.h"

G_BEGIN_DECLS

#define RTCC_GUNSHOT_HISTORY_ERROR (rtcc_gunshot_history_error_quark ())

typedef enum
{
  RTCC_GUNSHOT_HISTORY_ERROR_INVALID,
  RTCC_GUNSHOT_HISTORY_ERROR_PARTIAL,
} RtccGunshotHistoryError;

GQuark   rtcc_gunshot_history_error_quark  (void);

void     rtcc_gunshot_history_load_async   (RtccEventStore             *store,
                                            RtccShotspotterIntegration *vendor,
                                            RtccEventList              *events,
                                            GDateTime                  *since,
                                            GDateTime                  *until,
                                            double                      south,
                                            double                      west,
                                            double                      north,
                                            double                      east,
                                            GCancellable               *cancellable,
                                            GAsyncReadyCallback         callback,
                                            gpointer                    user_data);
gboolean rtcc_gunshot_history_load_finish  (GAsyncResult               *result,
                                            guint                      *n_from_store,
                                            guint                      *n_from_vendor,
                                            GError                    **error);
gboolean rtcc_gunshot_history_visible_area (ShumateLayer               *layer,
                                            double                     *south,
                                            double                     *west,
                                            double                     *north,
                                            double                     *east);
void     rtcc_gunshot_history_show_async   (GtkWidget                  *widget,
                                            int                         hours,
                                            GCancellable               *cancellable,
                                            GAsyncReadyCallback         callback,
                                            gpointer                    user_data);
gboolean rtcc_gunshot_history_show_finish  (GAsyncResult               *result,
                                            GError                    **error);

G_END_DECLS
