/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rtcc-base-integration.h"

G_BEGIN_DECLS

#define RTCC_TYPE_SHOTSPOTTER_INTEGRATION (rtcc_shotspotter_integration_get_type ())
G_DECLARE_FINAL_TYPE (RtccShotspotterIntegration, rtcc_shotspotter_integration, RTCC, SHOTSPOTTER_INTEGRATION, RtccBaseIntegration)

RtccIntegration *rtcc_shotspotter_integration_new (RtccConfig *config);

G_END_DECLS
