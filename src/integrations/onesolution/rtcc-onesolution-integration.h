/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rtcc-base-integration.h"

G_BEGIN_DECLS

#define RTCC_TYPE_ONESOLUTION_INTEGRATION (rtcc_onesolution_integration_get_type ())
G_DECLARE_FINAL_TYPE (RtccOnesolutionIntegration, rtcc_onesolution_integration, RTCC, ONESOLUTION_INTEGRATION, RtccBaseIntegration)

RtccIntegration *rtcc_onesolution_integration_new (RtccConfig *config);

G_END_DECLS
