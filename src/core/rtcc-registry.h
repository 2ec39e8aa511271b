/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "rtcc-integration.h"

G_BEGIN_DECLS

#define RTCC_TYPE_REGISTRY (rtcc_registry_get_type ())
G_DECLARE_FINAL_TYPE (RtccRegistry, rtcc_registry, RTCC, REGISTRY, GObject)

RtccRegistry    *rtcc_registry_new         (void);
void             rtcc_registry_add         (RtccRegistry    *self,
                                            RtccIntegration *integration);
RtccIntegration *rtcc_registry_lookup      (RtccRegistry    *self,
                                            const char      *id);
RtccIntegration *rtcc_registry_get_for_source (RtccRegistry *self,
                                            RtccSource       source);
void             rtcc_registry_start_all   (RtccRegistry    *self);
void             rtcc_registry_stop_all    (RtccRegistry    *self);

G_END_DECLS
