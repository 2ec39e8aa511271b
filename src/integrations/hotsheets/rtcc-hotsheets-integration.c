/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccHotsheets"

#include "config.h"

#include <glib/gi18n.h>

#include "rtcc-hotsheets-integration.h"

struct _RtccHotsheetsIntegration
{
  RtccBaseIntegration parent_instance;
};

G_DEFINE_FINAL_TYPE (RtccHotsheetsIntegration, rtcc_hotsheets_integration, RTCC_TYPE_BASE_INTEGRATION)

static gboolean
rtcc_hotsheets_integration_configure (RtccBaseIntegration  *self,
                                      RtccConfig           *config,
                                      RtccServiceClient    *client,
                                      GError              **error)
{
  const char *key, *agency;

  if (!(key = rtcc_base_integration_require (self, config, "HOTSHEETS_API_KEY", error)) ||
      !(agency = rtcc_base_integration_require (self, config, "HOTSHEETS_AGENCY_ID", error)))
    return FALSE;
  rtcc_service_client_set_bearer_token (client, key);
  rtcc_service_client_add_default_header (client, "X-Agency-Id", agency, FALSE);
  rtcc_service_client_set_credential_hint (client, "HOTSHEETS_API_KEY");
  return TRUE;
}

static void
rtcc_hotsheets_integration_class_init (RtccHotsheetsIntegrationClass *klass_)
{
  RtccBaseIntegrationClass *klass = RTCC_BASE_INTEGRATION_CLASS (klass_);

  klass->source = RTCC_SOURCE_HOTSHEETS;
  klass->url_key = "HOTSHEETS_API_URL";
  klass->health_path = "/bolos?status=active";
  klass->health_member = "bolos";
  klass->configure = rtcc_hotsheets_integration_configure;
}

static void
rtcc_hotsheets_integration_init (RtccHotsheetsIntegration *self)
{
}

/**
 * rtcc_hotsheets_integration_new:
 * @config: the workstation's configuration
 *
 * Returns: (transfer full): the Hotsheets integration, disabled when
 *   HOTSHEETS_API_URL is not set
 */
RtccIntegration *
rtcc_hotsheets_integration_new (RtccConfig *config)
{
  return g_object_new (RTCC_TYPE_HOTSHEETS_INTEGRATION, "config", config, NULL);
}
