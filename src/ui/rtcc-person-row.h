/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

#include "rtcc-ness-dialog.h"
#include "ness/rtcc-ness-integration.h"
#include "onesolution/rtcc-onesolution-integration.h"

G_BEGIN_DECLS

#define RTCC_TYPE_PERSON_ITEM (rtcc_person_item_get_type ())
G_DECLARE_FINAL_TYPE (RtccPersonItem, rtcc_person_item, RTCC, PERSON_ITEM, GObject)

const char     *rtcc_person_item_get_id          (RtccPersonItem *self);
const char     *rtcc_person_item_get_role        (RtccPersonItem *self);
const char     *rtcc_person_item_get_last_name   (RtccPersonItem *self);
const char     *rtcc_person_item_get_first_name  (RtccPersonItem *self);
const char     *rtcc_person_item_get_middle_name (RtccPersonItem *self);
const char     *rtcc_person_item_get_dob         (RtccPersonItem *self);

RtccNessDialog *rtcc_person_item_open_query      (RtccPersonItem      *self,
                                                  RtccNessIntegration *ness,
                                                  GtkWindow           *parent);

/**
 * RtccPersonFoundFunc:
 * @owner: the window that asked
 * @person: (nullable): the person, or %NULL when the lookup failed
 * @error: (nullable): why it failed
 *
 * Called once for each lookup rtcc_person_item_look_up_all() started,
 * except for those cancelled.
 */
typedef void (*RtccPersonFoundFunc) (GObject        *owner,
                                     RtccPersonItem *person,
                                     const GError   *error);

guint           rtcc_person_item_look_up_all     (RtccOnesolutionIntegration *rms,
                                                  JsonArray                  *persons,
                                                  GCancellable               *cancellable,
                                                  GObject                    *owner,
                                                  RtccPersonFoundFunc         found);

/**
 * RtccPersonQueryFunc:
 * @person: the row's person
 * @owner: the window the row belongs to
 *
 * Called when the row's NCIC button is clicked.
 */
typedef void (*RtccPersonQueryFunc) (RtccPersonItem *person,
                                     gpointer        owner);

GtkWidget      *rtcc_person_row_new              (RtccPersonItem      *person,
                                                  gboolean             with_middle_name,
                                                  gboolean             can_query,
                                                  RtccPersonQueryFunc  query,
                                                  GObject             *owner);

G_END_DECLS
