/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rtcc-event-layer.h"

G_BEGIN_DECLS

/* Internal checks for the tests: the grid, the slot array and the model
 * order must describe the same events. */
gboolean rtcc_event_layer_verify_index (RtccEventLayer  *self,
                                        GError         **error);

G_END_DECLS
