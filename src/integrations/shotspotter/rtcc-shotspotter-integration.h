/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rtcc-base-integration.h"

G_BEGIN_DECLS

#define RTCC_TYPE_SHOTSPOTTER_INTEGRATION (rtcc_shotspotter_integration_get_type ())
G_DECLARE_FINAL_TYPE (RtccShotspotterIntegration, rtcc_shotspotter_integration, RTCC, SHOTSPOTTER_INTEGRATION, RtccBaseIntegration)

RtccIntegration *rtcc_shotspotter_integration_new              (RtccConfig                 *config);

void             rtcc_shotspotter_integration_list_alerts_async (RtccShotspotterIntegration *self,
                                                                 GDateTime                  *since,
                                                                 GDateTime                  *until,
                                                                 guint                       max_alerts,
                                                                 GCancellable               *cancellable,
                                                                 GAsyncReadyCallback         callback,
                                                                 gpointer                    user_data);
GPtrArray       *rtcc_shotspotter_integration_list_alerts_finish (RtccShotspotterIntegration *self,
                                                                 GAsyncResult               *result,
                                                                 GError                    **error);
void             rtcc_shotspotter_integration_get_alert_async   (RtccShotspotterIntegration *self,
                                                                 const char                 *alert_id,
                                                                 GCancellable               *cancellable,
                                                                 GAsyncReadyCallback         callback,
                                                                 gpointer                    user_data);
RtccEvent       *rtcc_shotspotter_integration_get_alert_finish  (RtccShotspotterIntegration *self,
                                                                 GAsyncResult               *result,
                                                                 GError                    **error);
void             rtcc_shotspotter_integration_get_audio_async   (RtccShotspotterIntegration *self,
                                                                 const char                 *alert_id,
                                                                 GCancellable               *cancellable,
                                                                 GAsyncReadyCallback         callback,
                                                                 gpointer                    user_data);
GBytes          *rtcc_shotspotter_integration_get_audio_finish  (RtccShotspotterIntegration *self,
                                                                 GAsyncResult               *result,
                                                                 GError                    **error);
void             rtcc_shotspotter_integration_acknowledge_async (RtccShotspotterIntegration *self,
                                                                 const char                 *alert_id,
                                                                 const char                 *notes,
                                                                 const char                 *operator_id,
                                                                 GCancellable               *cancellable,
                                                                 GAsyncReadyCallback         callback,
                                                                 gpointer                    user_data);
GDateTime       *rtcc_shotspotter_integration_acknowledge_finish (RtccShotspotterIntegration *self,
                                                                 GAsyncResult               *result,
                                                                 GError                    **error);
const char      *rtcc_shotspotter_integration_get_cursor        (RtccShotspotterIntegration *self);

G_END_DECLS
