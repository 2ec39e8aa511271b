/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccFlock"

#include "config.h"

#include <glib/gi18n.h>

#include "rtcc-flock-integration.h"

struct _RtccFlockIntegration
{
  RtccBaseIntegration parent_instance;
};

G_DEFINE_FINAL_TYPE (RtccFlockIntegration, rtcc_flock_integration, RTCC_TYPE_BASE_INTEGRATION)

static gboolean
rtcc_flock_integration_configure (RtccBaseIntegration  *self,
                                  RtccConfig           *config,
                                  RtccServiceClient    *client,
                                  GError              **error)
{
  const char *key, *agency;

  if (!(key = rtcc_base_integration_require (self, config, "FLOCK_API_KEY", error)) ||
      !(agency = rtcc_base_integration_require (self, config, "FLOCK_AGENCY_ID", error)))
    return FALSE;
  rtcc_service_client_set_bearer_token (client, key);
  rtcc_service_client_add_default_header (client, "X-Agency-Id", agency, FALSE);
  rtcc_service_client_set_credential_hint (client, "FLOCK_API_KEY");
  return TRUE;
}

static void
rtcc_flock_integration_class_init (RtccFlockIntegrationClass *klass_)
{
  RtccBaseIntegrationClass *klass = RTCC_BASE_INTEGRATION_CLASS (klass_);

  klass->source = RTCC_SOURCE_FLOCK;
  klass->url_key = "FLOCK_API_URL";
  klass->health_path = "/hotlists";
  klass->health_member = "hotlists";
  klass->configure = rtcc_flock_integration_configure;
}

static void
rtcc_flock_integration_init (RtccFlockIntegration *self)
{
}

/**
 * rtcc_flock_integration_new:
 * @config: the workstation's configuration
 *
 * Returns: (transfer full): the Flock integration, disabled when
 *   FLOCK_API_URL is not set
 */
RtccIntegration *
rtcc_flock_integration_new (RtccConfig *config)
{
  return g_object_new (RTCC_TYPE_FLOCK_INTEGRATION, "config", config, NULL);
}
