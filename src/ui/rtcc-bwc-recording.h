/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "rtcc-event.h"

G_BEGIN_DECLS

#define RTCC_TYPE_BWC_RECORDING (rtcc_bwc_recording_get_type ())
G_DECLARE_FINAL_TYPE (RtccBwcRecording, rtcc_bwc_recording, RTCC, BWC_RECORDING, GObject)

RtccBwcRecording *rtcc_bwc_recording_new             (RtccEvent        *event);
RtccEvent        *rtcc_bwc_recording_get_event       (RtccBwcRecording *self);
const char       *rtcc_bwc_recording_get_id          (RtccBwcRecording *self);
const char       *rtcc_bwc_recording_get_officer     (RtccBwcRecording *self);
gint64            rtcc_bwc_recording_get_duration_s  (RtccBwcRecording *self);
gint64            rtcc_bwc_recording_get_size_bytes  (RtccBwcRecording *self);
const char       *rtcc_bwc_recording_get_category    (RtccBwcRecording *self);
const char      **rtcc_bwc_recording_get_incidents   (RtccBwcRecording *self);
char             *rtcc_bwc_recording_dup_incidents_text (RtccBwcRecording *self);
gboolean          rtcc_bwc_recording_has_incident    (RtccBwcRecording *self,
                                                      const char       *incident);
void              rtcc_bwc_recording_add_incident    (RtccBwcRecording *self,
                                                      const char       *incident);
void              rtcc_bwc_recording_remove_incident (RtccBwcRecording *self,
                                                      const char       *incident);

G_END_DECLS
