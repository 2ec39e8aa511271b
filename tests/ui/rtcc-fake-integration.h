/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rtcc-integration.h"

G_BEGIN_DECLS

#define RTCC_TYPE_FAKE_INTEGRATION (rtcc_fake_integration_get_type ())
G_DECLARE_FINAL_TYPE (RtccFakeIntegration, rtcc_fake_integration, RTCC, FAKE_INTEGRATION, GObject)

RtccFakeIntegration *rtcc_fake_integration_new        (RtccSource             source);
void                 rtcc_fake_integration_set_status (RtccFakeIntegration   *self,
                                                       RtccIntegrationStatus  status,
                                                       const char            *message);
guint                rtcc_fake_integration_get_checks (RtccFakeIntegration   *self);

G_END_DECLS
