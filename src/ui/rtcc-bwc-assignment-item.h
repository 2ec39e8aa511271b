/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "bwc/rtcc-bwc-normalize.h"

G_BEGIN_DECLS

#define RTCC_TYPE_BWC_ASSIGNMENT_ITEM (rtcc_bwc_assignment_item_get_type ())
G_DECLARE_FINAL_TYPE (RtccBwcAssignmentItem, rtcc_bwc_assignment_item, RTCC, BWC_ASSIGNMENT_ITEM, GObject)

RtccBwcAssignmentItem   *rtcc_bwc_assignment_item_new            (const RtccBwcAssignment *assignment);
const RtccBwcAssignment *rtcc_bwc_assignment_item_get_assignment (RtccBwcAssignmentItem   *self);

G_END_DECLS
