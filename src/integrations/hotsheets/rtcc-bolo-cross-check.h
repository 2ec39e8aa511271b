/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rtcc-event.h"

G_BEGIN_DECLS

GPtrArray *rtcc_bolo_cross_check (GPtrArray *active_bolos,
                                  RtccEvent *lpr_event);

G_END_DECLS
