/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rtcc-config.h"
#include "rtcc-integration.h"
#include "rtcc-service-client.h"

G_BEGIN_DECLS

#define RTCC_TYPE_BASE_INTEGRATION (rtcc_base_integration_get_type ())
G_DECLARE_DERIVABLE_TYPE (RtccBaseIntegration, rtcc_base_integration,
                          RTCC, BASE_INTEGRATION, GObject)

/**
 * RtccBaseIntegrationClass:
 * @source: the vendor, set in class_init
 * @url_key: the setting with the vendor's base URL, e.g. `FLOCK_API_URL`
 * @health_path: the cheap GET that proves the vendor answers, used by the
 *   default @health_request
 * @health_member: the array member its answer must hold, checked by the
 *   default @health_answer
 * @configure: set up authentication on the service client from the
 *   configuration; fail with %RTCC_INTEGRATION_ERROR_MISCONFIGURED when a
 *   required setting is missing
 * @health_request: the cheap call that proves the vendor answers
 * @health_answer: check the answer to it is of the vendor's shape
 * @start: open the event stream (the base class has started the client)
 * @stop: close it
 * @normalize: see #RtccIntegrationInterface
 *
 * Holds what every vendor shares: configuration, the service client, and
 * the status properties of #RtccIntegration, so that a vendor is only its
 * own calls and its normalizer.
 */
struct _RtccBaseIntegrationClass
{
  GObjectClass parent_class;

  RtccSource   source;
  const char  *url_key;
  const char  *health_path;
  const char  *health_member;

  gboolean     (*configure)      (RtccBaseIntegration  *self,
                                  RtccConfig           *config,
                                  RtccServiceClient    *client,
                                  GError              **error);
  RtccRequest *(*health_request) (RtccBaseIntegration  *self);
  gboolean     (*health_answer)  (RtccBaseIntegration  *self,
                                  JsonNode             *answer,
                                  GError              **error);
  void         (*start)          (RtccBaseIntegration  *self);
  void         (*stop)           (RtccBaseIntegration  *self);
  GPtrArray   *(*normalize)      (RtccBaseIntegration  *self,
                                  JsonNode             *document,
                                  GPtrArray           **item_errors,
                                  GError              **error);

  gpointer padding[8];
};

RtccConfig        *rtcc_base_integration_get_config   (RtccBaseIntegration   *self);
RtccServiceClient *rtcc_base_integration_get_client   (RtccBaseIntegration   *self);
gboolean           rtcc_base_integration_is_enabled   (RtccBaseIntegration   *self);
gboolean           rtcc_base_integration_is_started   (RtccBaseIntegration   *self);
void               rtcc_base_integration_reconfigure  (RtccBaseIntegration   *self);
void               rtcc_base_integration_set_status   (RtccBaseIntegration   *self,
                                                       RtccIntegrationStatus  status,
                                                       const char            *message);
void               rtcc_base_integration_report_error (RtccBaseIntegration   *self,
                                                       const GError          *error);
RtccIntegrationStatus rtcc_base_integration_status_for_error (const GError   *error);
GCancellable      *rtcc_base_integration_get_cancellable (RtccBaseIntegration *self);
RtccServiceClient *rtcc_base_integration_client_or_error (RtccBaseIntegration *self,
                                                       GTask               *task);
const char        *rtcc_base_integration_require      (RtccBaseIntegration   *self,
                                                       RtccConfig            *config,
                                                       const char            *key,
                                                       GError               **error);
void               rtcc_base_integration_set_stream_problem (RtccBaseIntegration *self,
                                                       const char            *message);

G_END_DECLS
