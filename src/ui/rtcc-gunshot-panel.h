/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "rtcc-audit-log.h"
#include "rtcc-event-layer.h"
#include "rtcc-event-store.h"
#include "rtcc-event.h"
#include "shotspotter/rtcc-shotspotter-integration.h"

G_BEGIN_DECLS

#define RTCC_TYPE_GUNSHOT_PANEL (rtcc_gunshot_panel_get_type ())
G_DECLARE_FINAL_TYPE (RtccGunshotPanel, rtcc_gunshot_panel, RTCC, GUNSHOT_PANEL, GtkWidget)

GtkWidget          *rtcc_gunshot_panel_new                (void);
RtccEvent          *rtcc_gunshot_panel_get_event          (RtccGunshotPanel           *self);
void                rtcc_gunshot_panel_set_event          (RtccGunshotPanel           *self,
                                                           RtccEvent                  *event);
void                rtcc_gunshot_panel_set_integration    (RtccGunshotPanel           *self,
                                                           RtccShotspotterIntegration *integration);
void                rtcc_gunshot_panel_set_store          (RtccGunshotPanel           *self,
                                                           RtccEventStore             *store);
void                rtcc_gunshot_panel_set_audit_log      (RtccGunshotPanel           *self,
                                                           RtccAuditLog               *audit);
void                rtcc_gunshot_panel_set_layer          (RtccGunshotPanel           *self,
                                                           RtccEventLayer             *layer);
void                rtcc_gunshot_panel_set_operator_id    (RtccGunshotPanel           *self,
                                                           const char                 *operator_id);
const char         *rtcc_gunshot_panel_get_age_text       (RtccGunshotPanel           *self);
const char         *rtcc_gunshot_panel_get_ack_text       (RtccGunshotPanel           *self);
GtkMediaStream     *rtcc_gunshot_panel_get_audio_stream   (RtccGunshotPanel           *self);
void                rtcc_gunshot_panel_refresh_age        (RtccGunshotPanel           *self);
char               *rtcc_gunshot_panel_format_age         (GTimeSpan                   age);
void                rtcc_gunshot_panel_load_audio_async   (RtccGunshotPanel           *self,
                                                           GCancellable               *cancellable,
                                                           GAsyncReadyCallback         callback,
                                                           gpointer                    user_data);
gboolean            rtcc_gunshot_panel_load_audio_finish  (RtccGunshotPanel           *self,
                                                           GAsyncResult               *result,
                                                           GError                    **error);
void                rtcc_gunshot_panel_acknowledge_async  (RtccGunshotPanel           *self,
                                                           const char                 *notes,
                                                           GCancellable               *cancellable,
                                                           GAsyncReadyCallback         callback,
                                                           gpointer                    user_data);
RtccAcknowledgment *rtcc_gunshot_panel_acknowledge_finish (RtccGunshotPanel           *self,
                                                           GAsyncResult               *result,
                                                           GError                    **error);

G_END_DECLS
