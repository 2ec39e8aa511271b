/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccBwcAssignmentItem"

#include "config.h"

#include "rtcc-bwc-assignment-item.h"

/**
 * RtccBwcAssignmentItem:
 *
 * One row of the assignments list: list models hold objects, and an
 * assignment is a boxed struct.
 */
struct _RtccBwcAssignmentItem
{
  GObject            parent_instance;

  RtccBwcAssignment *assignment;
};

G_DEFINE_FINAL_TYPE (RtccBwcAssignmentItem, rtcc_bwc_assignment_item, G_TYPE_OBJECT)

static void
rtcc_bwc_assignment_item_finalize (GObject *object)
{
  RtccBwcAssignmentItem *self = RTCC_BWC_ASSIGNMENT_ITEM (object);

  g_clear_pointer (&self->assignment, rtcc_bwc_assignment_free);

  G_OBJECT_CLASS (rtcc_bwc_assignment_item_parent_class)->finalize (object);
}

static void
rtcc_bwc_assignment_item_class_init (RtccBwcAssignmentItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rtcc_bwc_assignment_item_finalize;
}

static void
rtcc_bwc_assignment_item_init (RtccBwcAssignmentItem *self)
{
}

/**
 * rtcc_bwc_assignment_item_new:
 * @assignment: copied
 *
 * Returns: (transfer full): the row
 */
RtccBwcAssignmentItem *
rtcc_bwc_assignment_item_new (const RtccBwcAssignment *assignment)
{
  RtccBwcAssignmentItem *self;

  g_return_val_if_fail (assignment != NULL, NULL);

  self = g_object_new (RTCC_TYPE_BWC_ASSIGNMENT_ITEM, NULL);
  self->assignment = rtcc_bwc_assignment_copy (assignment);
  return self;
}

/**
 * rtcc_bwc_assignment_item_get_assignment:
 *
 * Returns: (transfer none): the assignment
 */
const RtccBwcAssignment *
rtcc_bwc_assignment_item_get_assignment (RtccBwcAssignmentItem *self)
{
  g_return_val_if_fail (RTCC_IS_BWC_ASSIGNMENT_ITEM (self), NULL);
  return self->assignment;
}
