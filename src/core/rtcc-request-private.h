/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rtcc-request.h"

G_BEGIN_DECLS

GBytes *_rtcc_request_get_body      (RtccRequest         *self,
                                     const char         **content_type);
void    _rtcc_request_apply_headers (RtccRequest         *self,
                                     SoupMessageHeaders  *headers);
void    _rtcc_request_set_answer    (RtccRequest         *self,
                                     guint                status,
                                     SoupMessageHeaders  *headers,
                                     GBytes              *body);
void    _rtcc_request_count_attempt (RtccRequest         *self);

G_END_DECLS
