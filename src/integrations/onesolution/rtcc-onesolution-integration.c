/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccOnesolution"

#include "config.h"

#include <glib/gi18n.h>

#include "rtcc-onesolution-integration.h"

struct _RtccOnesolutionIntegration
{
  RtccBaseIntegration parent_instance;
};

G_DEFINE_FINAL_TYPE (RtccOnesolutionIntegration, rtcc_onesolution_integration, RTCC_TYPE_BASE_INTEGRATION)

static gboolean
rtcc_onesolution_integration_configure (RtccBaseIntegration  *self,
                                        RtccConfig           *config,
                                        RtccServiceClient    *client,
                                        GError              **error)
{
  const char *key, *ori;

  if (!(key = rtcc_base_integration_require (self, config, "ONESOLUTION_API_KEY", error)) ||
      !(ori = rtcc_base_integration_require (self, config, "ONESOLUTION_AGENCY_ORI", error)))
    return FALSE;
  rtcc_service_client_add_default_header (client, "X-API-Key", key, TRUE);
  rtcc_service_client_add_default_header (client, "X-ORI", ori, FALSE);
  rtcc_service_client_set_credential_hint (client, "ONESOLUTION_API_KEY");
  return TRUE;
}

static void
rtcc_onesolution_integration_class_init (RtccOnesolutionIntegrationClass *klass_)
{
  RtccBaseIntegrationClass *klass = RTCC_BASE_INTEGRATION_CLASS (klass_);

  klass->source = RTCC_SOURCE_ONESOLUTION;
  klass->url_key = "ONESOLUTION_API_URL";
  klass->health_path = "/incidents?pageSize=1";
  klass->health_member = "results";
  klass->configure = rtcc_onesolution_integration_configure;
}

static void
rtcc_onesolution_integration_init (RtccOnesolutionIntegration *self)
{
}

/**
 * rtcc_onesolution_integration_new:
 * @config: the workstation's configuration
 *
 * Returns: (transfer full): the Onesolution integration, disabled when
 *   ONESOLUTION_API_URL is not set
 */
RtccIntegration *
rtcc_onesolution_integration_new (RtccConfig *config)
{
  return g_object_new (RTCC_TYPE_ONESOLUTION_INTEGRATION, "config", config, NULL);
}
