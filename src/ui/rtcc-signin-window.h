/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rtcc-audit-log.h"
#include "rtcc-config.h"

G_BEGIN_DECLS

/* The CJIS defaults, used when the settings schema is not installed. */
#define RTCC_SIGNIN_MAX_ATTEMPTS     5
#define RTCC_SIGNIN_LOCKOUT_MINUTES  10
#define RTCC_SIGNIN_IDLE_MINUTES     30

#define RTCC_TYPE_SIGNIN_WINDOW (rtcc_signin_window_get_type ())
G_DECLARE_FINAL_TYPE (RtccSigninWindow, rtcc_signin_window, RTCC, SIGNIN_WINDOW, AdwWindow)

RtccSigninWindow *rtcc_signin_window_new                (RtccConfig       *config,
                                                         RtccAuditLog     *audit,
                                                         GSettings        *settings);
void              rtcc_signin_window_submit             (RtccSigninWindow *self,
                                                         const char       *operator_id);
void              rtcc_signin_window_watch              (RtccSigninWindow *self,
                                                         GtkWindow        *window);
void              rtcc_signin_window_lock               (RtccSigninWindow *self);
void              rtcc_signin_window_set_idle_timeout   (RtccSigninWindow *self,
                                                         guint             ms);
gboolean          rtcc_signin_window_is_busy            (RtccSigninWindow *self);
gboolean          rtcc_signin_window_is_locked_out      (RtccSigninWindow *self);
gboolean          rtcc_signin_window_is_session_locked  (RtccSigninWindow *self);
const char       *rtcc_signin_window_get_operator_id    (RtccSigninWindow *self);
const char       *rtcc_signin_window_get_error_text     (RtccSigninWindow *self);
const char       *rtcc_signin_window_get_notice_text    (RtccSigninWindow *self);

G_END_DECLS
