/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rtcc-config.h"
#include "rtcc-registry.h"

G_BEGIN_DECLS

RtccRegistry    *rtcc_integrations_create_registry (RtccConfig *config);
RtccIntegration *rtcc_integrations_create          (RtccSource  source,
                                                    RtccConfig *config);

G_END_DECLS
