/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "rtcc-audit-log.h"
#include "flock/rtcc-flock-integration.h"

G_BEGIN_DECLS

/**
 * RtccHotlistField:
 *
 * The fields of the add-plate form, in the order they are shown.
 */
typedef enum
{
  RTCC_HOTLIST_FIELD_PLATE,
  RTCC_HOTLIST_FIELD_STATE,
  RTCC_HOTLIST_FIELD_REASON,
  RTCC_HOTLIST_FIELD_CASE,
  RTCC_HOTLIST_FIELD_EXPIRY,
  RTCC_HOTLIST_N_FIELDS
} RtccHotlistField;

#define RTCC_TYPE_HOTLIST_WINDOW (rtcc_hotlist_window_get_type ())
G_DECLARE_FINAL_TYPE (RtccHotlistWindow, rtcc_hotlist_window, RTCC, HOTLIST_WINDOW, AdwWindow)

RtccHotlistWindow *rtcc_hotlist_window_new              (RtccFlockIntegration *flock,
                                                         RtccAuditLog         *audit,
                                                         const char           *operator_id);
void               rtcc_hotlist_window_refresh          (RtccHotlistWindow    *self);
gboolean           rtcc_hotlist_window_get_busy         (RtccHotlistWindow    *self);
GListModel        *rtcc_hotlist_window_get_hotlists     (RtccHotlistWindow    *self);
gboolean           rtcc_hotlist_window_select_hotlist   (RtccHotlistWindow    *self,
                                                         const char           *hotlist_id);
const char        *rtcc_hotlist_window_get_hotlist_id   (RtccHotlistWindow    *self);
GListModel        *rtcc_hotlist_window_get_entries      (RtccHotlistWindow    *self);
void               rtcc_hotlist_window_set_filter       (RtccHotlistWindow    *self,
                                                         const char           *text);
const char        *rtcc_hotlist_window_get_page         (RtccHotlistWindow    *self);
const char        *rtcc_hotlist_window_get_message      (RtccHotlistWindow    *self);

void               rtcc_hotlist_window_show_form        (RtccHotlistWindow    *self);
void               rtcc_hotlist_window_set_field        (RtccHotlistWindow    *self,
                                                         RtccHotlistField      field,
                                                         const char           *text);
const char        *rtcc_hotlist_window_get_field        (RtccHotlistWindow    *self,
                                                         RtccHotlistField      field);
const char        *rtcc_hotlist_window_get_field_error  (RtccHotlistWindow    *self,
                                                         RtccHotlistField      field);
gboolean           rtcc_hotlist_window_submit           (RtccHotlistWindow    *self);
const char        *rtcc_hotlist_window_get_form_status  (RtccHotlistWindow    *self);

AdwMessageDialog  *rtcc_hotlist_window_remove_entry     (RtccHotlistWindow    *self,
                                                         const char           *plate);
gboolean           rtcc_hotlist_window_undo_remove      (RtccHotlistWindow    *self);

void               rtcc_hotlist_window_import_file      (RtccHotlistWindow    *self,
                                                         GFile                *file);
gboolean           rtcc_hotlist_window_preview_csv      (RtccHotlistWindow    *self,
                                                         GBytes               *contents,
                                                         GError              **error);
GListModel        *rtcc_hotlist_window_get_import_rows  (RtccHotlistWindow    *self);
gboolean           rtcc_hotlist_window_start_import     (RtccHotlistWindow    *self);
void               rtcc_hotlist_window_cancel_import    (RtccHotlistWindow    *self);
void               rtcc_hotlist_window_get_import_counts (RtccHotlistWindow   *self,
                                                         guint                *added,
                                                         guint                *failed);
const char        *rtcc_hotlist_window_get_import_status (RtccHotlistWindow   *self);

G_END_DECLS
