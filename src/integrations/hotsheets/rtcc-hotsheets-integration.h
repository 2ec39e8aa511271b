/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rtcc-base-integration.h"

G_BEGIN_DECLS

#define RTCC_HOTSHEETS_ERROR (rtcc_hotsheets_error_quark ())

/**
 * RtccHotsheetsError:
 * @RTCC_HOTSHEETS_ERROR_INVALID_BOLO: HotSheets refused a new BOLO (422);
 *   the per-field messages come from the create call's finish
 * @RTCC_HOTSHEETS_ERROR_NOT_ACTIVE: the BOLO to cancel is no longer
 *   active (409)
 * @RTCC_HOTSHEETS_ERROR_INVALID_ARGUMENT: refused before sending: a
 *   required value is empty
 */
typedef enum
{
  RTCC_HOTSHEETS_ERROR_INVALID_BOLO,
  RTCC_HOTSHEETS_ERROR_NOT_ACTIVE,
  RTCC_HOTSHEETS_ERROR_INVALID_ARGUMENT,
} RtccHotsheetsError;

#define RTCC_TYPE_HOTSHEETS_INTEGRATION (rtcc_hotsheets_integration_get_type ())
G_DECLARE_FINAL_TYPE (RtccHotsheetsIntegration, rtcc_hotsheets_integration, RTCC, HOTSHEETS_INTEGRATION, RtccBaseIntegration)

GQuark           rtcc_hotsheets_error_quark                       (void);

RtccIntegration *rtcc_hotsheets_integration_new                   (RtccConfig                *config);
void             rtcc_hotsheets_integration_set_poll_interval     (RtccHotsheetsIntegration  *self,
                                                                   guint                      interval_ms);
guint            rtcc_hotsheets_integration_get_poll_interval     (RtccHotsheetsIntegration  *self);
const char      *rtcc_hotsheets_integration_get_cursor            (RtccHotsheetsIntegration  *self);

void             rtcc_hotsheets_integration_list_active_async     (RtccHotsheetsIntegration  *self,
                                                                   GCancellable              *cancellable,
                                                                   GAsyncReadyCallback        callback,
                                                                   gpointer                   user_data);
GPtrArray       *rtcc_hotsheets_integration_list_active_finish    (RtccHotsheetsIntegration  *self,
                                                                   GAsyncResult              *result,
                                                                   GError                   **error);
void             rtcc_hotsheets_integration_create_bolo_async     (RtccHotsheetsIntegration  *self,
                                                                   JsonObject                *bolo,
                                                                   GCancellable              *cancellable,
                                                                   GAsyncReadyCallback        callback,
                                                                   gpointer                   user_data);
RtccEvent       *rtcc_hotsheets_integration_create_bolo_finish    (RtccHotsheetsIntegration  *self,
                                                                   GAsyncResult              *result,
                                                                   GHashTable               **field_errors,
                                                                   GError                   **error);
void             rtcc_hotsheets_integration_cancel_bolo_async     (RtccHotsheetsIntegration  *self,
                                                                   const char                *bolo_id,
                                                                   const char                *reason,
                                                                   GCancellable              *cancellable,
                                                                   GAsyncReadyCallback        callback,
                                                                   gpointer                   user_data);
gboolean         rtcc_hotsheets_integration_cancel_bolo_finish    (RtccHotsheetsIntegration  *self,
                                                                   GAsyncResult              *result,
                                                                   GError                   **error);
void             rtcc_hotsheets_integration_check_plate_async     (RtccHotsheetsIntegration  *self,
                                                                   const char                *plate,
                                                                   const char                *state,
                                                                   GCancellable              *cancellable,
                                                                   GAsyncReadyCallback        callback,
                                                                   gpointer                   user_data);
GPtrArray       *rtcc_hotsheets_integration_check_plate_finish    (RtccHotsheetsIntegration  *self,
                                                                   GAsyncResult              *result,
                                                                   GError                   **error);
void             rtcc_hotsheets_integration_check_person_async    (RtccHotsheetsIntegration  *self,
                                                                   const char                *last_name,
                                                                   const char                *first_name,
                                                                   const char                *dob,
                                                                   GCancellable              *cancellable,
                                                                   GAsyncReadyCallback        callback,
                                                                   gpointer                   user_data);
GPtrArray       *rtcc_hotsheets_integration_check_person_finish   (RtccHotsheetsIntegration  *self,
                                                                   GAsyncResult              *result,
                                                                   GError                   **error);

G_END_DECLS
