/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccBwc"

#include "config.h"

#include <glib/gi18n.h>

#include "rtcc-bwc-integration.h"

struct _RtccBwcIntegration
{
  RtccBaseIntegration parent_instance;
};

G_DEFINE_FINAL_TYPE (RtccBwcIntegration, rtcc_bwc_integration, RTCC_TYPE_BASE_INTEGRATION)

static gboolean
rtcc_bwc_integration_configure (RtccBaseIntegration  *self,
                                RtccConfig           *config,
                                RtccServiceClient    *client,
                                GError              **error)
{
  g_autoptr(GHashTable) form = g_hash_table_new (g_str_hash, g_str_equal);
  const char *agency, *key;

  if (!(agency = rtcc_base_integration_require (self, config, "BWC_AGENCY_ID", error)) ||
      !(key = rtcc_base_integration_require (self, config, "BWC_API_KEY", error)))
    return FALSE;
  g_hash_table_insert (form, (char *) "grant_type", (char *) "client_credentials");
  g_hash_table_insert (form, (char *) "client_id", (char *) agency);
  g_hash_table_insert (form, (char *) "client_secret", (char *) key);
  rtcc_service_client_set_token_endpoint (client, "/oauth2/token", form);
  rtcc_service_client_set_credential_hint (client, "BWC_AGENCY_ID and BWC_API_KEY");
  return TRUE;
}

static void
rtcc_bwc_integration_class_init (RtccBwcIntegrationClass *klass_)
{
  RtccBaseIntegrationClass *klass = RTCC_BASE_INTEGRATION_CLASS (klass_);

  klass->source = RTCC_SOURCE_BWC;
  klass->url_key = "BWC_API_URL";
  klass->health_path = "/assignments";
  klass->health_member = "data";
  klass->configure = rtcc_bwc_integration_configure;
}

static void
rtcc_bwc_integration_init (RtccBwcIntegration *self)
{
}

/**
 * rtcc_bwc_integration_new:
 * @config: the workstation's configuration
 *
 * Returns: (transfer full): the Bwc integration, disabled when
 *   BWC_API_URL is not set
 */
RtccIntegration *
rtcc_bwc_integration_new (RtccConfig *config)
{
  return g_object_new (RTCC_TYPE_BWC_INTEGRATION, "config", config, NULL);
}
