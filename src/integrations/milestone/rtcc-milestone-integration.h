/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rtcc-base-integration.h"

G_BEGIN_DECLS

#define RTCC_TYPE_MILESTONE_INTEGRATION (rtcc_milestone_integration_get_type ())
G_DECLARE_FINAL_TYPE (RtccMilestoneIntegration, rtcc_milestone_integration, RTCC, MILESTONE_INTEGRATION, RtccBaseIntegration)

RtccIntegration *rtcc_milestone_integration_new (RtccConfig *config);

G_END_DECLS
