/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rtcc-base-integration.h"

G_BEGIN_DECLS

#define RTCC_TYPE_FLOCK_INTEGRATION (rtcc_flock_integration_get_type ())
G_DECLARE_FINAL_TYPE (RtccFlockIntegration, rtcc_flock_integration, RTCC, FLOCK_INTEGRATION, RtccBaseIntegration)

RtccIntegration *rtcc_flock_integration_new (RtccConfig *config);

G_END_DECLS
