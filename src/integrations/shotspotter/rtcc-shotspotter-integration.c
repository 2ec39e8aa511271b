/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccShotspotter"

#include "config.h"

#include <glib/gi18n.h>

#include "rtcc-shotspotter-integration.h"
#include "rtcc-shotspotter-normalize.h"

struct _RtccShotspotterIntegration
{
  RtccBaseIntegration parent_instance;
};

G_DEFINE_FINAL_TYPE (RtccShotspotterIntegration, rtcc_shotspotter_integration, RTCC_TYPE_BASE_INTEGRATION)

static gboolean
rtcc_shotspotter_integration_configure (RtccBaseIntegration  *self,
                                        RtccConfig           *config,
                                        RtccServiceClient    *client,
                                        GError              **error)
{
  const char *key, *agency;

  if (!(key = rtcc_base_integration_require (self, config, "SHOTSPOTTER_API_KEY", error)) ||
      !(agency = rtcc_base_integration_require (self, config, "SHOTSPOTTER_AGENCY_ID", error)))
    return FALSE;
  rtcc_service_client_set_bearer_token (client, key);
  rtcc_service_client_set_credential_hint (client, "SHOTSPOTTER_API_KEY");
  return TRUE;
}

static RtccRequest *
rtcc_shotspotter_integration_health_request (RtccBaseIntegration *self)
{
  RtccConfig *config = rtcc_base_integration_get_config (self);
  g_autofree char *agency = g_uri_escape_string (rtcc_config_get (config, "SHOTSPOTTER_AGENCY_ID"),
                                                 NULL, FALSE);
  g_autofree char *path = g_strdup_printf ("/agencies/%s/alerts", agency);
  RtccRequest *request = rtcc_request_new ("GET", path);

  rtcc_request_add_query (request, "limit", "1");
  return request;
}
static GPtrArray *
rtcc_shotspotter_integration_normalize (RtccBaseIntegration  *self,
                                        JsonNode             *document,
                                        GPtrArray           **item_errors,
                                        GError              **error)
{
  return rtcc_shotspotter_normalize_document (document, item_errors, NULL, error);
}

static void
rtcc_shotspotter_integration_class_init (RtccShotspotterIntegrationClass *klass_)
{
  RtccBaseIntegrationClass *klass = RTCC_BASE_INTEGRATION_CLASS (klass_);

  klass->source = RTCC_SOURCE_SHOTSPOTTER;
  klass->url_key = "SHOTSPOTTER_API_URL";
  klass->health_member = "alerts";
  klass->configure = rtcc_shotspotter_integration_configure;
  klass->health_request = rtcc_shotspotter_integration_health_request;
  klass->normalize = rtcc_shotspotter_integration_normalize;
}

static void
rtcc_shotspotter_integration_init (RtccShotspotterIntegration *self)
{
}

/**
 * rtcc_shotspotter_integration_new:
 * @config: the workstation's configuration
 *
 * Returns: (transfer full): the Shotspotter integration, disabled when
 *   SHOTSPOTTER_API_URL is not set
 */
RtccIntegration *
rtcc_shotspotter_integration_new (RtccConfig *config)
{
  return g_object_new (RTCC_TYPE_SHOTSPOTTER_INTEGRATION, "config", config, NULL);
}
