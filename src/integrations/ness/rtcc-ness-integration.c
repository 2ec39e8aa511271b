/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccNess"

#include "config.h"

#include <glib/gi18n.h>

#include "rtcc-ness-integration.h"

struct _RtccNessIntegration
{
  RtccBaseIntegration parent_instance;
};

G_DEFINE_FINAL_TYPE (RtccNessIntegration, rtcc_ness_integration, RTCC_TYPE_BASE_INTEGRATION)

static gboolean
rtcc_ness_integration_configure (RtccBaseIntegration  *self,
                                 RtccConfig           *config,
                                 RtccServiceClient    *client,
                                 GError              **error)
{
  const char *key;

  /* ORI and operator are checked per query: the gateway's health needs
   * only the key, and no query leaves without them. */
  if (!(key = rtcc_base_integration_require (self, config, "NESS_API_KEY", error)))
    return FALSE;
  rtcc_service_client_set_bearer_token (client, key);
  rtcc_service_client_set_credential_hint (client, "NESS_API_KEY");
  /* CJI: a query is never sent twice behind the analyst's back. */
  rtcc_service_client_set_retry_policy (client, 1, 0, 0);
  return TRUE;
}

static GPtrArray *
rtcc_ness_integration_normalize (RtccBaseIntegration  *self,
                                 JsonNode             *document,
                                 GPtrArray           **item_errors,
                                 GError              **error)
{
  g_set_error (error, RTCC_INTEGRATION_ERROR, RTCC_INTEGRATION_ERROR_UNSUPPORTED,
               _("NESS answers are criminal justice information: they are shown, never turned into stored events"));
  return NULL;
}

static void
rtcc_ness_integration_class_init (RtccNessIntegrationClass *klass_)
{
  RtccBaseIntegrationClass *klass = RTCC_BASE_INTEGRATION_CLASS (klass_);

  klass->source = RTCC_SOURCE_NESS;
  klass->url_key = "NESS_API_URL";
  klass->health_path = "/health";
  klass->configure = rtcc_ness_integration_configure;
  klass->normalize = rtcc_ness_integration_normalize;
}

static void
rtcc_ness_integration_init (RtccNessIntegration *self)
{
}

/**
 * rtcc_ness_integration_new:
 * @config: the workstation's configuration
 *
 * Returns: (transfer full): the Ness integration, disabled when
 *   NESS_API_URL is not set
 */
RtccIntegration *
rtcc_ness_integration_new (RtccConfig *config)
{
  return g_object_new (RTCC_TYPE_NESS_INTEGRATION, "config", config, NULL);
}
