/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccMilestone"

#include "config.h"

#include <glib/gi18n.h>

#include "rtcc-milestone-integration.h"

struct _RtccMilestoneIntegration
{
  RtccBaseIntegration parent_instance;
};

G_DEFINE_FINAL_TYPE (RtccMilestoneIntegration, rtcc_milestone_integration, RTCC_TYPE_BASE_INTEGRATION)

static gboolean
rtcc_milestone_integration_configure (RtccBaseIntegration  *self,
                                      RtccConfig           *config,
                                      RtccServiceClient    *client,
                                      GError              **error)
{
  g_autoptr(GHashTable) form = g_hash_table_new (g_str_hash, g_str_equal);
  const char *user, *password, *key;

  if (!(user = rtcc_base_integration_require (self, config, "MILESTONE_USERNAME", error)) ||
      !(password = rtcc_base_integration_require (self, config, "MILESTONE_PASSWORD", error)))
    return FALSE;
  key = rtcc_config_get (config, "MILESTONE_API_KEY");

  /* XProtect's identity provider: resource-owner password grant. */
  g_hash_table_insert (form, (char *) "grant_type", (char *) "password");
  g_hash_table_insert (form, (char *) "username", (char *) user);
  g_hash_table_insert (form, (char *) "password", (char *) password);
  g_hash_table_insert (form, (char *) "client_id", (char *) "GrantValidatorClient");
  if (key != NULL)
    g_hash_table_insert (form, (char *) "client_secret", (char *) key);
  rtcc_service_client_set_token_endpoint (client, "/IDP/connect/token", form);
  rtcc_service_client_set_credential_hint (client, "MILESTONE_USERNAME and MILESTONE_PASSWORD");
  return TRUE;
}

static void
rtcc_milestone_integration_class_init (RtccMilestoneIntegrationClass *klass_)
{
  RtccBaseIntegrationClass *klass = RTCC_BASE_INTEGRATION_CLASS (klass_);

  klass->source = RTCC_SOURCE_MILESTONE;
  klass->url_key = "MILESTONE_API_URL";
  klass->health_path = "/rest/v1/cameras";
  klass->health_member = "array";
  klass->configure = rtcc_milestone_integration_configure;
}

static void
rtcc_milestone_integration_init (RtccMilestoneIntegration *self)
{
}

/**
 * rtcc_milestone_integration_new:
 * @config: the workstation's configuration
 *
 * Returns: (transfer full): the Milestone integration, disabled when
 *   MILESTONE_API_URL is not set
 */
RtccIntegration *
rtcc_milestone_integration_new (RtccConfig *config)
{
  return g_object_new (RTCC_TYPE_MILESTONE_INTEGRATION, "config", config, NULL);
}
