/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccNess"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "rtcc-json.h"
#include "rtcc-ness-integration.h"

struct _RtccNessIntegration
{
  RtccBaseIntegration  parent_instance;

  RtccAuditLog        *audit_log;
};

enum {
  PROP_0,
  PROP_AUDIT_LOG,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

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
rtcc_ness_integration_finalize (GObject *object)
{
  RtccNessIntegration *self = RTCC_NESS_INTEGRATION (object);

  g_clear_object (&self->audit_log);
  G_OBJECT_CLASS (rtcc_ness_integration_parent_class)->finalize (object);
}

static void
rtcc_ness_integration_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  RtccNessIntegration *self = RTCC_NESS_INTEGRATION (object);

  switch (prop_id)
    {
    case PROP_AUDIT_LOG:
      g_value_set_object (value, self->audit_log);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rtcc_ness_integration_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  RtccNessIntegration *self = RTCC_NESS_INTEGRATION (object);

  switch (prop_id)
    {
    case PROP_AUDIT_LOG:
      rtcc_ness_integration_set_audit_log (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rtcc_ness_integration_class_init (RtccNessIntegrationClass *klass_)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass_);
  RtccBaseIntegrationClass *klass = RTCC_BASE_INTEGRATION_CLASS (klass_);

  object_class->finalize = rtcc_ness_integration_finalize;
  object_class->get_property = rtcc_ness_integration_get_property;
  object_class->set_property = rtcc_ness_integration_set_property;

  klass->source = RTCC_SOURCE_NESS;
  klass->url_key = "NESS_API_URL";
  klass->health_path = "/health";
  klass->configure = rtcc_ness_integration_configure;
  klass->normalize = rtcc_ness_integration_normalize;

  /**
   * RtccNessIntegration:audit-log:
   *
   * Where every query is recorded before it is sent. Without one, no
   * query is sent.
   */
  properties[PROP_AUDIT_LOG] =
    g_param_spec_object ("audit-log", NULL, NULL, RTCC_TYPE_AUDIT_LOG,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rtcc_ness_integration_init (RtccNessIntegration *self)
{
}

/**
 * rtcc_ness_integration_new:
 * @config: the workstation's configuration
 *
 * Returns: (transfer full): the NESS integration, disabled when
 *   NESS_API_URL is not set
 */
RtccIntegration *
rtcc_ness_integration_new (RtccConfig *config)
{
  return g_object_new (RTCC_TYPE_NESS_INTEGRATION, "config", config, NULL);
}

/**
 * rtcc_ness_integration_set_audit_log:
 * @audit_log: (nullable): the workstation's audit log
 */
void
rtcc_ness_integration_set_audit_log (RtccNessIntegration *self,
                                     RtccAuditLog        *audit_log)
{
  g_return_if_fail (RTCC_IS_NESS_INTEGRATION (self));
  g_return_if_fail (audit_log == NULL || RTCC_IS_AUDIT_LOG (audit_log));

  if (g_set_object (&self->audit_log, audit_log))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUDIT_LOG]);
}

/**
 * rtcc_ness_integration_get_audit_log:
 *
 * Returns: (transfer none) (nullable): the audit log queries are recorded in
 */
RtccAuditLog *
rtcc_ness_integration_get_audit_log (RtccNessIntegration *self)
{
  g_return_val_if_fail (RTCC_IS_NESS_INTEGRATION (self), NULL);
  return self->audit_log;
}

/*
 * A query: validate, record it pending, send, read, record the outcome,
 * return. Each step only runs when the one before it succeeded.
 */

typedef struct
{
  RtccNessQuery   *query;
  RtccAuditRecord *pending;
  gint64           pending_seq;
  RtccRequest     *request;
  RtccNessResult  *result;
  GError          *error;
} QueryData;

static void
query_data_free (gpointer p)
{
  QueryData *data = p;

  rtcc_ness_query_free (data->query);
  g_clear_object (&data->pending);
  g_clear_object (&data->request);
  g_clear_pointer (&data->result, rtcc_ness_result_unref);
  g_clear_error (&data->error);
  g_free (data);
}

/* The gateway's refusals name their cause in error.code; the analyst
 * needs to know which step to take, not the HTTP status. */
static GError *
map_gateway_error (RtccRequest *request,
                   GError      *error)
{
  guint status = rtcc_request_get_status (request);
  JsonNode *body = rtcc_request_get_response_json (request);
  JsonObject *err = NULL;
  const char *code = NULL, *message = NULL;
  g_autofree char *said = NULL;

  if (body != NULL && JSON_NODE_HOLDS_OBJECT (body) &&
      (err = rtcc_json_get_object (json_node_get_object (body), "error")) != NULL)
    {
      code = rtcc_json_get_string (err, "code");
      message = rtcc_json_get_string (err, "message");
    }
  said = message != NULL ? g_utf8_make_valid (message, MIN (strlen (message), 300)) : g_strdup ("");

  if (status == 400 && g_strcmp0 (code, "PURPOSE_REQUIRED") == 0)
    {
      g_error_free (error);
      return g_error_new (RTCC_NESS_ERROR, RTCC_NESS_ERROR_PURPOSE_REQUIRED,
                          _("NESS refused the query because it has no purpose (PURPOSE_REQUIRED): %s "
                            "Choose a purpose code and give a reason."), said);
    }
  if (status == 400 && g_strcmp0 (code, "INVALID_PURPOSE") == 0)
    {
      g_error_free (error);
      return g_error_new (RTCC_NESS_ERROR, RTCC_NESS_ERROR_INVALID_PURPOSE,
                          _("NESS refused the purpose code (INVALID_PURPOSE): %s "
                            "Choose one of C, D, F, H, I, J, S, V or X."), said);
    }
  if (status == 403 && g_strcmp0 (code, "OPERATOR_NOT_CERTIFIED") == 0)
    {
      g_error_free (error);
      return g_error_new (RTCC_NESS_ERROR, RTCC_NESS_ERROR_OPERATOR_NOT_CERTIFIED,
                          _("NESS says the operator is not certified for NCIC queries "
                            "(OPERATOR_NOT_CERTIFIED): %s Check NESS_OPERATOR_ID, or ask the "
                            "agency’s CJIS officer about the certification."), said);
    }
  return error;
}

/* The outcome names what happened in counts and codes only: the answer
 * itself is CJI and never reaches the log. */
static char *
failure_detail (RtccRequest  *request,
                const GError *error)
{
  guint status = request != NULL ? rtcc_request_get_status (request) : 0;
  JsonNode *body = request != NULL ? rtcc_request_get_response_json (request) : NULL;
  JsonObject *err;
  const char *code = NULL;

  if (body != NULL && JSON_NODE_HOLDS_OBJECT (body) &&
      (err = rtcc_json_get_object (json_node_get_object (body), "error")) != NULL)
    code = rtcc_json_get_string (err, "code");
  if (status != 0 && code != NULL && strlen (code) <= 64)
    return g_strdup_printf ("HTTP %u %s", status, code);
  if (status != 0 && SOUP_STATUS_IS_SUCCESSFUL (status))
    return g_strdup (_("unreadable answer"));
  if (status != 0)
    return g_strdup_printf ("HTTP %u", status);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_strdup (_("cancelled"));
  return g_strdup (_("no answer"));
}

static void
outcome_written_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  QueryData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (rtcc_audit_log_append_finish (RTCC_AUDIT_LOG (object), result, &error) <= 0)
    {
      /* The pending record proves the query was made; without its outcome
       * the answer is not shown either, so the log never lags the screen. */
      if (data->result != NULL)
        rtcc_ness_result_clear (data->result);
      g_task_return_new_error (task, RTCC_NESS_ERROR, RTCC_NESS_ERROR_AUDIT,
                               _("The answer was received but its outcome could not be written to "
                                 "the audit log, so it is withheld: %s"),
                               error != NULL ? error->message : _("unknown error"));
      return;
    }
  if (data->error != NULL)
    g_task_return_error (task, g_steal_pointer (&data->error));
  else
    g_task_return_pointer (task, g_steal_pointer (&data->result),
                           (GDestroyNotify) rtcc_ness_result_unref);
}

static void
answer_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RtccNessIntegration *self = g_task_get_source_object (task);
  QueryData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rtcc_service_client_send_json_finish (RTCC_SERVICE_CLIENT (object), result, &error);
  g_autoptr(RtccAuditRecord) outcome = NULL;
  g_autofree char *detail = NULL;

  if (node != NULL)
    data->result = rtcc_ness_result_new_from_json (data->query->kind, node, &error);
  else
    error = map_gateway_error (data->request, g_steal_pointer (&error));

  if (data->result != NULL)
    {
      guint n = rtcc_ness_result_count (data->result);

      if (data->query->kind == RTCC_NESS_QUERY_WANTED)
        detail = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u hit", "%u hits", n), n);
      else
        detail = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u record", "%u records", n), n);
      outcome = rtcc_audit_record_new_outcome (data->pending, data->pending_seq,
                                               RTCC_AUDIT_OUTCOME_SUCCESS, detail);
    }
  else
    {
      detail = failure_detail (data->request, error);
      outcome = rtcc_audit_record_new_outcome (data->pending, data->pending_seq,
                                               RTCC_AUDIT_OUTCOME_FAILURE, detail);
      data->error = g_steal_pointer (&error);
    }
  /* The answer's bytes and the parser's copy are not kept past this
   * point: only the result, which the view wipes, holds it. */
  rtcc_ness_wipe_json (node);
  if (data->request != NULL)
    rtcc_ness_wipe_bytes (rtcc_request_get_response_body (data->request));
  g_clear_object (&data->request);
  rtcc_audit_log_append_async (self->audit_log, outcome, NULL, outcome_written_cb, g_steal_pointer (&task));
}

static void
pending_written_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RtccNessIntegration *self = g_task_get_source_object (task);
  QueryData *data = g_task_get_task_data (task);
  RtccConfig *config = rtcc_base_integration_get_config (RTCC_BASE_INTEGRATION (self));
  RtccServiceClient *client = rtcc_base_integration_get_client (RTCC_BASE_INTEGRATION (self));
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) body = NULL;
  RtccNessQuery *query = data->query;
  GCancellable *cancellable;

  data->pending_seq = rtcc_audit_log_append_finish (RTCC_AUDIT_LOG (object), result, &error);
  if (data->pending_seq <= 0)
    {
      g_task_return_new_error (task, RTCC_NESS_ERROR, RTCC_NESS_ERROR_AUDIT,
                               _("The query could not be written to the audit log, so it was not sent: %s"),
                               error != NULL ? error->message : _("unknown error"));
      return;
    }
  if (client == NULL || g_task_return_error_if_cancelled (task))
    {
      if (client == NULL)
        g_task_return_new_error (task, RTCC_INTEGRATION_ERROR, RTCC_INTEGRATION_ERROR_DISABLED,
                                 _("NESS was reconfigured while the query was recorded; send it again."));
      return;
    }

  data->request = rtcc_request_new ("POST", rtcc_ness_query_kind_path (query->kind));
  rtcc_request_add_header (data->request, "X-ORI", rtcc_config_get (config, "NESS_ORI"));
  rtcc_request_add_header (data->request, "X-Operator-Id", rtcc_config_get (config, "NESS_OPERATOR_ID"));
  rtcc_request_add_header (data->request, "X-Purpose-Code", query->purpose_code);
  rtcc_request_add_header (data->request, "X-Purpose-Reason", query->purpose_reason);
  body = rtcc_ness_query_to_json (query);
  rtcc_request_set_json_body (data->request, body);
  rtcc_request_set_sensitive (data->request, TRUE);
  rtcc_request_set_retry (data->request, FALSE);
  cancellable = g_task_get_cancellable (task);
  rtcc_service_client_send_async (client, data->request, cancellable, answer_cb, g_steal_pointer (&task));
}

/**
 * rtcc_ness_integration_query_async:
 * @query: the query; copied
 *
 * Sends a national query, under the CJIS rules: it is refused here, with
 * nothing sent, when rtcc_ness_query_validate() refuses it or no audit
 * log is set; it is recorded as pending in the audit log, and sent only
 * once that record is committed; it is sent once, never retried; its
 * outcome (success or failure, and how many hits) is recorded before
 * the answer is returned.
 */
void
rtcc_ness_integration_query_async (RtccNessIntegration *self,
                                   const RtccNessQuery *query,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  RtccConfig *config;
  const char *operator_id, *ori;
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *terms = NULL;
  QueryData *data;

  g_return_if_fail (RTCC_IS_NESS_INTEGRATION (self));
  g_return_if_fail (query != NULL);

  config = rtcc_base_integration_get_config (RTCC_BASE_INTEGRATION (self));
  operator_id = rtcc_config_get (config, "NESS_OPERATOR_ID");
  ori = rtcc_config_get (config, "NESS_ORI");
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rtcc_ness_integration_query_async);
  if (!rtcc_ness_query_validate (query, operator_id, ori, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (rtcc_base_integration_get_client (RTCC_BASE_INTEGRATION (self)) == NULL)
    {
      g_autofree char *message = rtcc_integration_dup_status_message (RTCC_INTEGRATION (self));
      g_task_return_new_error (task, RTCC_INTEGRATION_ERROR, RTCC_INTEGRATION_ERROR_DISABLED,
                               "%s", message ? message : _("NESS is not configured"));
      return;
    }
  if (self->audit_log == NULL)
    {
      g_task_return_new_error (task, RTCC_NESS_ERROR, RTCC_NESS_ERROR_AUDIT,
                               _("NESS queries are audited, and no audit log is open, so the query "
                                 "was not sent. Restart the workstation or check its data folder."));
      return;
    }

  data = g_new0 (QueryData, 1);
  data->query = rtcc_ness_query_copy (query);
  g_task_set_task_data (task, data, query_data_free);

  terms = rtcc_ness_query_dup_terms (query);
  data->pending = rtcc_audit_record_new (operator_id, RTCC_AUDIT_ACTION_QUERY);
  rtcc_audit_record_set_ori (data->pending, ori);
  rtcc_audit_record_set_integration (data->pending, "ness");
  rtcc_audit_record_set_purpose_code (data->pending, query->purpose_code);
  rtcc_audit_record_set_purpose_reason (data->pending, query->purpose_reason);
  rtcc_audit_record_set_query_terms (data->pending, terms);
  rtcc_audit_record_set_outcome (data->pending, RTCC_AUDIT_OUTCOME_PENDING);
  rtcc_ness_wipe_string (&terms);
  rtcc_audit_log_append_async (self->audit_log, data->pending, NULL, pending_written_cb,
                               g_steal_pointer (&task));
}

/**
 * rtcc_ness_integration_query_finish:
 *
 * Returns: (transfer full): the answer; call rtcc_ness_result_clear()
 *   when its view closes
 */
RtccNessResult *
rtcc_ness_integration_query_finish (RtccNessIntegration  *self,
                                    GAsyncResult         *result,
                                    GError              **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rtcc_ness_integration_query_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
