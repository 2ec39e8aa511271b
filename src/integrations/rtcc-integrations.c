/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccIntegrations"

#include "config.h"

#include "rtcc-integrations.h"

#include "bwc/rtcc-bwc-integration.h"
#include "flock/rtcc-flock-integration.h"
#include "hotsheets/rtcc-hotsheets-integration.h"
#include "milestone/rtcc-milestone-integration.h"
#include "ness/rtcc-ness-integration.h"
#include "onesolution/rtcc-onesolution-integration.h"
#include "shotspotter/rtcc-shotspotter-integration.h"

/* The seven integrations, in the order the dashboard lists them. Adding a
 * vendor is one folder and one row here; core never names a vendor. */
static const struct
{
  RtccSource        source;
  RtccIntegration *(*create) (RtccConfig *config);
} integrations[] = {
  { RTCC_SOURCE_MILESTONE, rtcc_milestone_integration_new },
  { RTCC_SOURCE_FLOCK, rtcc_flock_integration_new },
  { RTCC_SOURCE_SHOTSPOTTER, rtcc_shotspotter_integration_new },
  { RTCC_SOURCE_ONESOLUTION, rtcc_onesolution_integration_new },
  { RTCC_SOURCE_NESS, rtcc_ness_integration_new },
  { RTCC_SOURCE_BWC, rtcc_bwc_integration_new },
  { RTCC_SOURCE_HOTSHEETS, rtcc_hotsheets_integration_new },
};

/**
 * rtcc_integrations_create:
 * @source: a vendor
 * @config: the configuration
 *
 * Returns: (transfer full) (nullable): the vendor's integration
 */
RtccIntegration *
rtcc_integrations_create (RtccSource  source,
                          RtccConfig *config)
{
  for (guint i = 0; i < G_N_ELEMENTS (integrations); i++)
    if (integrations[i].source == source)
      return integrations[i].create (config);
  return NULL;
}

/**
 * rtcc_integrations_create_registry:
 * @config: the configuration every integration reads
 *
 * Returns: (transfer full): a registry holding all seven integrations
 */
RtccRegistry *
rtcc_integrations_create_registry (RtccConfig *config)
{
  RtccRegistry *registry = rtcc_registry_new ();

  for (guint i = 0; i < G_N_ELEMENTS (integrations); i++)
    {
      g_autoptr(RtccIntegration) integration = integrations[i].create (config);
      rtcc_registry_add (registry, integration);
    }
  return registry;
}
