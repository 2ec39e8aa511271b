/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "rtcc-enums.h"

G_BEGIN_DECLS

const char *rtcc_ui_status_label          (RtccIntegrationStatus  status);
const char *rtcc_ui_status_css_class      (RtccIntegrationStatus  status);
const char *rtcc_ui_priority_css_class    (RtccPriority           priority);
const char *rtcc_ui_priority_label        (RtccPriority           priority);
const char *rtcc_ui_event_type_icon_name  (RtccEventType          type);
const char *rtcc_ui_event_type_label      (RtccEventType          type);
char       *rtcc_ui_format_latency        (double                 latency_ms,
                                           GDateTime             *last_check);
char       *rtcc_ui_format_last_check     (GDateTime             *last_check,
                                           GDateTime             *now);
char       *rtcc_ui_format_time           (GDateTime             *time);

G_END_DECLS
