/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rtcc-base-integration.h"

G_BEGIN_DECLS

#define RTCC_TYPE_NESS_INTEGRATION (rtcc_ness_integration_get_type ())
G_DECLARE_FINAL_TYPE (RtccNessIntegration, rtcc_ness_integration, RTCC, NESS_INTEGRATION, RtccBaseIntegration)

RtccIntegration *rtcc_ness_integration_new (RtccConfig *config);

G_END_DECLS
