/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define RTCC_TYPE_DETAIL_FIELD (rtcc_detail_field_get_type ())
G_DECLARE_FINAL_TYPE (RtccDetailField, rtcc_detail_field, RTCC, DETAIL_FIELD, GObject)

RtccDetailField *rtcc_detail_field_new       (const char      *name,
                                              const char      *value);
const char      *rtcc_detail_field_get_name  (RtccDetailField *self);
const char      *rtcc_detail_field_get_value (RtccDetailField *self);

G_END_DECLS
