/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rtcc-event.h"
#include "ness/rtcc-ness-integration.h"

G_BEGIN_DECLS

#define RTCC_TYPE_NESS_DIALOG (rtcc_ness_dialog_get_type ())
G_DECLARE_FINAL_TYPE (RtccNessDialog, rtcc_ness_dialog, RTCC, NESS_DIALOG, AdwWindow)

RtccNessDialog    *rtcc_ness_dialog_new              (RtccNessIntegration *ness);
void               rtcc_ness_dialog_set_kind         (RtccNessDialog      *self,
                                                      RtccNessQueryKind    kind);
RtccNessQueryKind  rtcc_ness_dialog_get_kind         (RtccNessDialog      *self);
void               rtcc_ness_dialog_set_person       (RtccNessDialog      *self,
                                                      const char          *last_name,
                                                      const char          *first_name,
                                                      const char          *dob);
void               rtcc_ness_dialog_set_license      (RtccNessDialog      *self,
                                                      const char          *number,
                                                      const char          *state);
void               rtcc_ness_dialog_set_plate        (RtccNessDialog      *self,
                                                      const char          *plate,
                                                      const char          *state);
void               rtcc_ness_dialog_set_purpose      (RtccNessDialog      *self,
                                                      const char          *code,
                                                      const char          *reason);
gboolean           rtcc_ness_dialog_fill_from_event  (RtccNessDialog      *self,
                                                      RtccEvent           *event);
gboolean           rtcc_ness_dialog_can_send         (RtccNessDialog      *self);
void               rtcc_ness_dialog_send             (RtccNessDialog      *self);
gboolean           rtcc_ness_dialog_is_busy          (RtccNessDialog      *self);
GListModel        *rtcc_ness_dialog_get_purposes     (RtccNessDialog      *self);
RtccNessResult    *rtcc_ness_dialog_get_result       (RtccNessDialog      *self);
const char        *rtcc_ness_dialog_get_result_text  (RtccNessDialog      *self);
const char        *rtcc_ness_dialog_get_warning_text (RtccNessDialog      *self);
const char        *rtcc_ness_dialog_get_error_text   (RtccNessDialog      *self);

gboolean           rtcc_ness_event_has_subject       (RtccEvent           *event);

G_END_DECLS
