/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rtcc-base-integration.h"

G_BEGIN_DECLS

#define RTCC_TYPE_HOTSHEETS_INTEGRATION (rtcc_hotsheets_integration_get_type ())
G_DECLARE_FINAL_TYPE (RtccHotsheetsIntegration, rtcc_hotsheets_integration, RTCC, HOTSHEETS_INTEGRATION, RtccBaseIntegration)

RtccIntegration *rtcc_hotsheets_integration_new (RtccConfig *config);

G_END_DECLS
