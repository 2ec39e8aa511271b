/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "rtcc-event.h"

G_BEGIN_DECLS

/* Events older than this when they arrive are history being caught up,
 * not something happening now. */
#define RTCC_ALERTER_MAX_AGE_SECONDS 180

/* At most one alert sound in this many milliseconds. */
#define RTCC_ALERTER_SOUND_INTERVAL_MS 2000

#define RTCC_TYPE_ALERTER (rtcc_alerter_get_type ())
G_DECLARE_FINAL_TYPE (RtccAlerter, rtcc_alerter, RTCC, ALERTER, GObject)

RtccAlerter *rtcc_alerter_new                   (GApplication *application,
                                                 GSettings    *settings);
gboolean     rtcc_alerter_handle_event          (RtccAlerter  *self,
                                                 RtccEvent    *event);
gboolean     rtcc_alerter_is_new_alert          (RtccAlerter  *self,
                                                 RtccEvent    *event);
guint        rtcc_alerter_get_sound_interval_ms (RtccAlerter  *self);
void         rtcc_alerter_set_sound_interval_ms (RtccAlerter  *self,
                                                 guint         interval_ms);
guint        rtcc_alerter_get_n_alerts          (RtccAlerter  *self);
guint        rtcc_alerter_get_n_sounds          (RtccAlerter  *self);
GNotification *rtcc_alerter_build_notification  (RtccEvent    *event);

G_END_DECLS
