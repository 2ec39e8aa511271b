/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rtcc-base-integration.h"

G_BEGIN_DECLS

#define RTCC_TYPE_BWC_INTEGRATION (rtcc_bwc_integration_get_type ())
G_DECLARE_FINAL_TYPE (RtccBwcIntegration, rtcc_bwc_integration, RTCC, BWC_INTEGRATION, RtccBaseIntegration)

RtccIntegration *rtcc_bwc_integration_new (RtccConfig *config);

G_END_DECLS
