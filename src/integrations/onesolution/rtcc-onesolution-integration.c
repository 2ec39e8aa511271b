/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccOnesolution"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "rtcc-json.h"
#include "rtcc-onesolution-integration.h"
#include "rtcc-onesolution-normalize.h"
#include "rtcc-time.h"
#include "rtcc-util.h"

/* The RMS pages its searches; more than this in one page is a mistake. */
#define MAX_PAGE_SIZE 500

struct _RtccOnesolutionIntegration
{
  RtccBaseIntegration  parent_instance;

  RtccAuditLog        *audit_log;
  char                *operator_id;
  guint                poll_interval_ms;
  guint                poll_source;
  gboolean             poll_in_flight;
  char                *cursor;
  GHashTable          *versions;   /* incident number → last version sent */
};

enum {
  PROP_0,
  PROP_AUDIT_LOG,
  PROP_POLL_INTERVAL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (RtccOnesolutionIntegration, rtcc_onesolution_integration, RTCC_TYPE_BASE_INTEGRATION)

G_DEFINE_QUARK (rtcc-onesolution-error-quark, rtcc_onesolution_error)

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

static GPtrArray *
rtcc_onesolution_integration_normalize (RtccBaseIntegration  *self,
                                        JsonNode             *document,
                                        GPtrArray           **item_errors,
                                        GError              **error)
{
  /* Outside the feed there is no order to version by: every document is
   * read as it stands. */
  return rtcc_onesolution_normalize_document (document, NULL, item_errors, NULL, error);
}

static void
report_bad_items (RtccOnesolutionIntegration *self,
                  GPtrArray                  *errors)
{
  RtccServiceClient *client = rtcc_base_integration_get_client (RTCC_BASE_INTEGRATION (self));

  for (guint i = 0; errors != NULL && i < errors->len; i++)
    {
      GError *error = g_ptr_array_index (errors, i);
      g_warning ("Skipped a OneSolution incident: %s", error->message);
      if (client != NULL)
        rtcc_service_client_record_failure (client, error);
    }
}

/*
 * Changes feed
 */

static void
poll_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(RtccOnesolutionIntegration) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rtcc_service_client_send_json_finish (RTCC_SERVICE_CLIENT (object), result, &error);
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GPtrArray) errors = NULL;
  g_autofree char *cursor = NULL;

  self->poll_in_flight = FALSE;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (node != NULL)
    {
      if (JSON_NODE_HOLDS_OBJECT (node) && !json_object_has_member (json_node_get_object (node), "changes"))
        g_set_error (&error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_WRONG_SHAPE,
                     _("OneSolution did not send a changes feed"));
      else
        events = rtcc_onesolution_normalize_document (node, self->versions, &errors, &cursor, &error);
    }
  if (events == NULL)
    {
      rtcc_base_integration_report_error (RTCC_BASE_INTEGRATION (self), error);
      return;
    }
  report_bad_items (self, errors);
  for (guint i = 0; i < events->len; i++)
    rtcc_integration_emit_event (RTCC_INTEGRATION (self), g_ptr_array_index (events, i));
  /* A page that was read moves the cursor; a missing cursor keeps the
   * old one, so the next poll asks again rather than skipping. */
  if (cursor != NULL && *cursor != '\0')
    rtcc_set_str (&self->cursor, cursor);
}

/**
 * rtcc_onesolution_integration_poll_now:
 *
 * Asks the changes feed for what happened after the cursor, emitting an
 * event per change. Does nothing while a poll is under way or when the
 * integration is not configured.
 */
void
rtcc_onesolution_integration_poll_now (RtccOnesolutionIntegration *self)
{
  RtccBaseIntegration *base = RTCC_BASE_INTEGRATION (self);
  RtccServiceClient *client = rtcc_base_integration_get_client (base);
  g_autoptr(RtccRequest) request = NULL;

  g_return_if_fail (RTCC_IS_ONESOLUTION_INTEGRATION (self));

  if (client == NULL || self->poll_in_flight)
    return;
  request = rtcc_request_new ("GET", "/incidents/changes");
  if (self->cursor != NULL)
    rtcc_request_add_query (request, "cursor", self->cursor);
  self->poll_in_flight = TRUE;
  rtcc_service_client_send_async (client, request, rtcc_base_integration_get_cancellable (base),
                                  poll_cb, g_object_ref (self));
}

static gboolean
poll_timeout_cb (gpointer user_data)
{
  rtcc_onesolution_integration_poll_now (user_data);
  return G_SOURCE_CONTINUE;
}

static void
schedule_polls (RtccOnesolutionIntegration *self)
{
  g_clear_handle_id (&self->poll_source, g_source_remove);
  if (!rtcc_base_integration_is_started (RTCC_BASE_INTEGRATION (self)))
    return;
  self->poll_source = g_timeout_add (self->poll_interval_ms, poll_timeout_cb, self);
  g_source_set_name_by_id (self->poll_source, "[rtcc] onesolution changes poll");
}

static void
rtcc_onesolution_integration_start (RtccBaseIntegration *base)
{
  RtccOnesolutionIntegration *self = RTCC_ONESOLUTION_INTEGRATION (base);

  /* The first poll runs at once, so the feed does not wait a whole
   * interval to fill. */
  rtcc_onesolution_integration_poll_now (self);
  self->poll_source = g_timeout_add (self->poll_interval_ms, poll_timeout_cb, self);
  g_source_set_name_by_id (self->poll_source, "[rtcc] onesolution changes poll");
}

static void
rtcc_onesolution_integration_stop (RtccBaseIntegration *base)
{
  RtccOnesolutionIntegration *self = RTCC_ONESOLUTION_INTEGRATION (base);

  g_clear_handle_id (&self->poll_source, g_source_remove);
}

/*
 * Object
 */

static void
rtcc_onesolution_integration_finalize (GObject *object)
{
  RtccOnesolutionIntegration *self = RTCC_ONESOLUTION_INTEGRATION (object);

  g_clear_handle_id (&self->poll_source, g_source_remove);
  g_clear_object (&self->audit_log);
  g_free (self->operator_id);
  g_free (self->cursor);
  g_hash_table_unref (self->versions);
  G_OBJECT_CLASS (rtcc_onesolution_integration_parent_class)->finalize (object);
}

static void
rtcc_onesolution_integration_get_property (GObject    *object,
                                           guint       prop_id,
                                           GValue     *value,
                                           GParamSpec *pspec)
{
  RtccOnesolutionIntegration *self = RTCC_ONESOLUTION_INTEGRATION (object);

  switch (prop_id)
    {
    case PROP_AUDIT_LOG:
      g_value_set_object (value, self->audit_log);
      break;
    case PROP_POLL_INTERVAL:
      g_value_set_uint (value, self->poll_interval_ms);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rtcc_onesolution_integration_set_property (GObject      *object,
                                           guint         prop_id,
                                           const GValue *value,
                                           GParamSpec   *pspec)
{
  RtccOnesolutionIntegration *self = RTCC_ONESOLUTION_INTEGRATION (object);

  switch (prop_id)
    {
    case PROP_AUDIT_LOG:
      rtcc_onesolution_integration_set_audit_log (self, g_value_get_object (value));
      break;
    case PROP_POLL_INTERVAL:
      rtcc_onesolution_integration_set_poll_interval (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rtcc_onesolution_integration_class_init (RtccOnesolutionIntegrationClass *klass_)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass_);
  RtccBaseIntegrationClass *klass = RTCC_BASE_INTEGRATION_CLASS (klass_);

  object_class->finalize = rtcc_onesolution_integration_finalize;
  object_class->get_property = rtcc_onesolution_integration_get_property;
  object_class->set_property = rtcc_onesolution_integration_set_property;

  klass->source = RTCC_SOURCE_ONESOLUTION;
  klass->url_key = "ONESOLUTION_API_URL";
  klass->health_path = "/incidents?pageSize=1";
  klass->health_member = "results";
  klass->configure = rtcc_onesolution_integration_configure;
  klass->normalize = rtcc_onesolution_integration_normalize;
  klass->start = rtcc_onesolution_integration_start;
  klass->stop = rtcc_onesolution_integration_stop;

  /**
   * RtccOnesolutionIntegration:audit-log:
   *
   * Where RMS lookups are recorded before their results are returned.
   * Without one, lookups are refused; the changes feed still runs.
   */
  properties[PROP_AUDIT_LOG] =
    g_param_spec_object ("audit-log", NULL, NULL, RTCC_TYPE_AUDIT_LOG,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /**
   * RtccOnesolutionIntegration:poll-interval:
   *
   * Milliseconds between two polls of the changes feed.
   */
  properties[PROP_POLL_INTERVAL] =
    g_param_spec_uint ("poll-interval", NULL, NULL, 10, 24 * 60 * 60 * 1000,
                       RTCC_ONESOLUTION_DEFAULT_POLL_MS,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rtcc_onesolution_integration_init (RtccOnesolutionIntegration *self)
{
  self->poll_interval_ms = RTCC_ONESOLUTION_DEFAULT_POLL_MS;
  self->versions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/**
 * rtcc_onesolution_integration_new:
 * @config: the workstation's configuration
 *
 * Returns: (transfer full): the OneSolution integration, disabled when
 *   ONESOLUTION_API_URL is not set
 */
RtccIntegration *
rtcc_onesolution_integration_new (RtccConfig *config)
{
  return g_object_new (RTCC_TYPE_ONESOLUTION_INTEGRATION, "config", config, NULL);
}

/**
 * rtcc_onesolution_integration_set_audit_log:
 * @audit_log: (nullable): the workstation's audit log
 */
void
rtcc_onesolution_integration_set_audit_log (RtccOnesolutionIntegration *self,
                                            RtccAuditLog               *audit_log)
{
  g_return_if_fail (RTCC_IS_ONESOLUTION_INTEGRATION (self));
  g_return_if_fail (audit_log == NULL || RTCC_IS_AUDIT_LOG (audit_log));

  if (g_set_object (&self->audit_log, audit_log))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUDIT_LOG]);
}

/**
 * rtcc_onesolution_integration_get_audit_log:
 *
 * Returns: (transfer none) (nullable): the audit log lookups are recorded in
 */
RtccAuditLog *
rtcc_onesolution_integration_get_audit_log (RtccOnesolutionIntegration *self)
{
  g_return_val_if_fail (RTCC_IS_ONESOLUTION_INTEGRATION (self), NULL);
  return self->audit_log;
}

/**
 * rtcc_onesolution_integration_set_operator_id:
 * @operator_id: (nullable): who the audit records name; %NULL for
 *   NESS_OPERATOR_ID from the configuration
 */
void
rtcc_onesolution_integration_set_operator_id (RtccOnesolutionIntegration *self,
                                              const char                 *operator_id)
{
  g_return_if_fail (RTCC_IS_ONESOLUTION_INTEGRATION (self));
  rtcc_set_str (&self->operator_id, operator_id);
}

/**
 * rtcc_onesolution_integration_set_poll_interval:
 * @interval_ms: milliseconds between polls of the changes feed
 */
void
rtcc_onesolution_integration_set_poll_interval (RtccOnesolutionIntegration *self,
                                                guint                       interval_ms)
{
  g_return_if_fail (RTCC_IS_ONESOLUTION_INTEGRATION (self));

  interval_ms = MAX (interval_ms, 10);
  if (self->poll_interval_ms == interval_ms)
    return;
  self->poll_interval_ms = interval_ms;
  if (self->poll_source != 0)
    schedule_polls (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POLL_INTERVAL]);
}

/**
 * rtcc_onesolution_integration_get_poll_interval:
 *
 * Returns: milliseconds between polls of the changes feed
 */
guint
rtcc_onesolution_integration_get_poll_interval (RtccOnesolutionIntegration *self)
{
  g_return_val_if_fail (RTCC_IS_ONESOLUTION_INTEGRATION (self), 0);
  return self->poll_interval_ms;
}

/**
 * rtcc_onesolution_integration_get_cursor:
 *
 * Returns: (nullable): the cursor of the last changes page read
 */
const char *
rtcc_onesolution_integration_get_cursor (RtccOnesolutionIntegration *self)
{
  g_return_val_if_fail (RTCC_IS_ONESOLUTION_INTEGRATION (self), NULL);
  return self->cursor;
}

/*
 * Lookups: send, read, audit, and only then return.
 */

typedef gpointer (*ParseFunc) (JsonNode  *answer,
                               gpointer   data,
                               GError   **error);

typedef struct
{
  RtccRequest     *request;
  char            *terms;
  ParseFunc        parse;
  gpointer         result;
  GDestroyNotify   result_free;
  GError          *error;
  guint            n_results;
  guint            total;
  guint            page;
} LookupData;

static void
lookup_data_free (gpointer p)
{
  LookupData *data = p;

  g_clear_object (&data->request);
  g_free (data->terms);
  if (data->result != NULL)
    data->result_free (data->result);
  g_clear_error (&data->error);
  g_free (data);
}

static void
lookup_audited_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LookupData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (rtcc_audit_log_append_finish (RTCC_AUDIT_LOG (object), result, &error) <= 0)
    {
      g_task_return_new_error (task, RTCC_ONESOLUTION_ERROR, RTCC_ONESOLUTION_ERROR_AUDIT,
                               _("The RMS lookup could not be written to the audit log, so its "
                                 "results are withheld: %s"),
                               error != NULL ? error->message : _("unknown error"));
      return;
    }
  if (data->error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&data->error));
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&data->result), data->result_free);
}

static RtccAuditRecord *
lookup_record (RtccOnesolutionIntegration *self,
               const char                 *terms)
{
  RtccConfig *config = rtcc_base_integration_get_config (RTCC_BASE_INTEGRATION (self));
  const char *operator_id = self->operator_id != NULL
    ? self->operator_id : rtcc_config_get (config, "NESS_OPERATOR_ID");
  RtccAuditRecord *record = rtcc_audit_record_new (operator_id, RTCC_AUDIT_ACTION_RMS_LOOKUP);

  rtcc_audit_record_set_ori (record, rtcc_config_get (config, "ONESOLUTION_AGENCY_ORI"));
  rtcc_audit_record_set_integration (record, "onesolution");
  rtcc_audit_record_set_query_terms (record, terms);
  return record;
}

static void
lookup_answer_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RtccOnesolutionIntegration *self = g_task_get_source_object (task);
  LookupData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rtcc_service_client_send_json_finish (RTCC_SERVICE_CLIENT (object), result, &error);
  g_autoptr(RtccAuditRecord) record = NULL;
  g_autofree char *detail = NULL;

  if (node != NULL)
    data->result = data->parse (node, data, &error);

  /* A failed or cancelled lookup was still asked of the RMS: it is
   * recorded too. */
  record = lookup_record (self, data->terms);
  if (data->result != NULL)
    {
      rtcc_audit_record_set_outcome (record, RTCC_AUDIT_OUTCOME_SUCCESS);
      detail = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u result", "%u results", data->n_results),
                                data->n_results);
    }
  else
    {
      rtcc_audit_record_set_outcome (record, RTCC_AUDIT_OUTCOME_FAILURE);
      detail = g_strdup (error->message);
      data->error = g_steal_pointer (&error);
    }
  rtcc_audit_record_set_outcome_detail (record, detail);
  rtcc_audit_log_append_async (self->audit_log, record, NULL, lookup_audited_cb, g_steal_pointer (&task));
}

/* Takes @request and the task. Refuses before sending when the lookup
 * could not be audited anyway. */
static void
lookup_send (GTask          *task_,
             RtccRequest    *request_,
             char           *terms,
             ParseFunc       parse,
             GDestroyNotify  result_free)
{
  g_autoptr(GTask) task = task_;
  g_autoptr(RtccRequest) request = request_;
  RtccOnesolutionIntegration *self = g_task_get_source_object (task);
  RtccServiceClient *client = rtcc_base_integration_get_client (RTCC_BASE_INTEGRATION (self));
  LookupData *data = g_new0 (LookupData, 1);
  GCancellable *cancellable;

  data->terms = terms;
  data->parse = parse;
  data->result_free = result_free;
  data->request = g_object_ref (request);
  g_task_set_task_data (task, data, lookup_data_free);

  if (client == NULL)
    {
      g_autofree char *message = rtcc_integration_dup_status_message (RTCC_INTEGRATION (self));
      g_task_return_new_error (task, RTCC_INTEGRATION_ERROR, RTCC_INTEGRATION_ERROR_DISABLED,
                               "%s", message ? message : _("OneSolution is not configured"));
      return;
    }
  if (self->audit_log == NULL)
    {
      g_task_return_new_error (task, RTCC_ONESOLUTION_ERROR, RTCC_ONESOLUTION_ERROR_AUDIT,
                               _("RMS lookups are audited, and no audit log is open. "
                                 "Restart the workstation or check its data folder."));
      return;
    }
  cancellable = g_task_get_cancellable (task);
  rtcc_service_client_send_async (client, request, cancellable, lookup_answer_cb, g_steal_pointer (&task));
}

static GError *
wrong_shape (const char *what)
{
  return g_error_new (RTCC_JSON_ERROR, RTCC_JSON_ERROR_WRONG_SHAPE,
                      _("OneSolution did not send %s"), what);
}

static char *
escape_segment (const char *text)
{
  return g_uri_escape_string (text, NULL, FALSE);
}

static gboolean
check_key (GTask       *task,
           const char  *value,
           const char  *label)
{
  if (value == NULL || *value == '\0' || strlen (value) > 128 ||
      !g_utf8_validate (value, -1, NULL))
    {
      g_task_return_new_error (task, RTCC_ONESOLUTION_ERROR, RTCC_ONESOLUTION_ERROR_INVALID_QUERY,
                               _("Give a %s (up to 128 characters)."), label);
      g_object_unref (task);
      return FALSE;
    }
  return TRUE;
}

/* get_incident */

static gpointer
parse_incident (JsonNode  *answer,
                gpointer   data_,
                GError   **error)
{
  LookupData *data = data_;
  JsonObject *incident;
  RtccEvent *event;

  if (!JSON_NODE_HOLDS_OBJECT (answer) ||
      (incident = rtcc_json_get_object (json_node_get_object (answer), "incident")) == NULL)
    {
      g_propagate_error (error, wrong_shape (_("an incident")));
      return NULL;
    }
  event = rtcc_onesolution_normalize_incident (incident, NULL, error);
  if (event != NULL)
    data->n_results = 1;
  return event;
}

/**
 * rtcc_onesolution_integration_get_incident_async:
 * @number: the incident number, e.g. `2026-000123`
 *
 * Looks up one incident. The lookup is written to the audit log before
 * the result is returned.
 */
void
rtcc_onesolution_integration_get_incident_async (RtccOnesolutionIntegration *self,
                                                 const char                 *number,
                                                 GCancellable               *cancellable,
                                                 GAsyncReadyCallback         callback,
                                                 gpointer                    user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;

  g_task_set_source_tag (task, rtcc_onesolution_integration_get_incident_async);
  if (!check_key (task, number, _("incident number")))
    return;
  escaped = escape_segment (number);
  path = g_strdup_printf ("/incidents/%s", escaped);
  lookup_send (task, rtcc_request_new ("GET", path), g_strdup_printf ("incident %s", number),
               parse_incident, g_object_unref);
}

/**
 * rtcc_onesolution_integration_get_incident_finish:
 *
 * Returns: (transfer full): the incident as an `incident_created` event
 */
RtccEvent *
rtcc_onesolution_integration_get_incident_finish (RtccOnesolutionIntegration  *self,
                                                  GAsyncResult                *result,
                                                  GError                     **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rtcc_onesolution_integration_get_incident_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* search_incidents */

static gpointer
parse_incidents (JsonNode  *answer,
                 gpointer   data_,
                 GError   **error)
{
  LookupData *data = data_;
  g_autoptr(GPtrArray) errors = NULL;
  GPtrArray *events;
  JsonObject *obj;
  gint64 value;

  if (!JSON_NODE_HOLDS_OBJECT (answer) ||
      rtcc_json_get_array ((obj = json_node_get_object (answer)), "results") == NULL)
    {
      g_propagate_error (error, wrong_shape (_("a list of incidents")));
      return NULL;
    }
  events = rtcc_onesolution_normalize_document (answer, NULL, &errors, NULL, error);
  if (events == NULL)
    return NULL;
  for (guint i = 0; i < errors->len; i++)
    g_debug ("Skipped a OneSolution search result: %s", ((GError *) g_ptr_array_index (errors, i))->message);
  data->n_results = events->len;
  data->total = rtcc_json_get_int (obj, "total", &value, NULL) && value >= 0
    ? (guint) MIN (value, G_MAXUINT) : events->len;
  data->page = rtcc_json_get_int (obj, "page", &value, NULL) && value >= 1
    ? (guint) MIN (value, G_MAXUINT) : 1;
  return events;
}

/**
 * rtcc_onesolution_integration_search_incidents_async:
 * @type: (nullable): an incident type code, e.g. `ROBB`
 * @status: (nullable): e.g. `open`
 * @from: (nullable): reported at or after
 * @to: (nullable): reported before
 * @address: (nullable): part of the address
 * @page: the page, from 1; 0 for the first
 * @page_size: results per page, up to 500; 0 for the vendor's default
 *
 * Searches incidents. Audited before the results are returned.
 */
void
rtcc_onesolution_integration_search_incidents_async (RtccOnesolutionIntegration *self,
                                                     const char                 *type,
                                                     const char                 *status,
                                                     GDateTime                  *from,
                                                     GDateTime                  *to,
                                                     const char                 *address,
                                                     guint                       page,
                                                     guint                       page_size,
                                                     GCancellable               *cancellable,
                                                     GAsyncReadyCallback         callback,
                                                     gpointer                    user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  RtccRequest *request;
  g_autofree char *from_text = from != NULL ? rtcc_time_format_iso (from) : NULL;
  g_autofree char *to_text = to != NULL ? rtcc_time_format_iso (to) : NULL;
  g_autofree char *page_text = page > 0 ? g_strdup_printf ("%u", page) : NULL;
  g_autofree char *size_text = page_size > 0 ? g_strdup_printf ("%u", page_size) : NULL;
  GString *terms = g_string_new ("incidents");

  g_task_set_source_tag (task, rtcc_onesolution_integration_search_incidents_async);
  if (page_size > MAX_PAGE_SIZE)
    {
      g_string_free (terms, TRUE);
      g_task_return_new_error (task, RTCC_ONESOLUTION_ERROR, RTCC_ONESOLUTION_ERROR_INVALID_QUERY,
                               _("A page holds at most %u incidents."), MAX_PAGE_SIZE);
      g_object_unref (task);
      return;
    }
  if (from != NULL && to != NULL && g_date_time_compare (from, to) > 0)
    {
      g_string_free (terms, TRUE);
      g_task_return_new_error (task, RTCC_ONESOLUTION_ERROR, RTCC_ONESOLUTION_ERROR_INVALID_QUERY,
                               _("The search starts after it ends: swap “from” and “to”."));
      g_object_unref (task);
      return;
    }

  request = rtcc_request_new ("GET", "/incidents");
#define ADD(name, value) \
  G_STMT_START { \
    if ((value) != NULL && *(value) != '\0') \
      { \
        rtcc_request_add_query (request, name, value); \
        g_string_append_printf (terms, " %s=%s", name, value); \
      } \
  } G_STMT_END
  ADD ("type", type);
  ADD ("status", status);
  ADD ("from", from_text);
  ADD ("to", to_text);
  ADD ("address", address);
  ADD ("page", page_text);
  ADD ("pageSize", size_text);
#undef ADD
  lookup_send (task, request, g_string_free (terms, FALSE), parse_incidents,
               (GDestroyNotify) g_ptr_array_unref);
}

/**
 * rtcc_onesolution_integration_search_incidents_finish:
 * @total: (out) (optional): how many incidents match in all
 * @page: (out) (optional): which page this is
 *
 * Returns: (transfer container) (element-type RtccEvent): the page's
 *   incidents; unreadable ones are left out
 */
GPtrArray *
rtcc_onesolution_integration_search_incidents_finish (RtccOnesolutionIntegration  *self,
                                                      GAsyncResult                *result,
                                                      guint                       *total,
                                                      guint                       *page,
                                                      GError                     **error)
{
  LookupData *data;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rtcc_onesolution_integration_search_incidents_async, NULL);
  data = g_task_get_task_data (G_TASK (result));
  if (total != NULL)
    *total = data != NULL ? data->total : 0;
  if (page != NULL)
    *page = data != NULL ? data->page : 0;
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Persons and cases: shown in dialogs as the RMS sends them. */

static gpointer
parse_member_object (JsonNode    *answer,
                     LookupData  *data,
                     const char  *member,
                     const char  *key,
                     const char  *what,
                     GError     **error)
{
  JsonObject *obj;

  if (!JSON_NODE_HOLDS_OBJECT (answer))
    {
      g_propagate_error (error, wrong_shape (what));
      return NULL;
    }
  obj = json_node_get_object (answer);
  /* The member wraps the record; a bare record is accepted too. */
  if (rtcc_json_get_object (obj, member) != NULL)
    obj = rtcc_json_get_object (obj, member);
  if (!json_object_has_member (obj, key))
    {
      g_propagate_error (error, wrong_shape (what));
      return NULL;
    }
  data->n_results = 1;
  return json_object_ref (obj);
}

static gpointer
parse_person (JsonNode  *answer,
              gpointer   data,
              GError   **error)
{
  return parse_member_object (answer, data, "person", "personId", _("a person"), error);
}

static gpointer
parse_case (JsonNode  *answer,
            gpointer   data,
            GError   **error)
{
  return parse_member_object (answer, data, "case", "caseNumber", _("a case"), error);
}

static gpointer
parse_persons (JsonNode  *answer,
               gpointer   data_,
               GError   **error)
{
  LookupData *data = data_;
  JsonObject *obj;
  JsonArray *list, *out;

  if (!JSON_NODE_HOLDS_OBJECT (answer) ||
      ((list = rtcc_json_get_array ((obj = json_node_get_object (answer)), "results")) == NULL &&
       (list = rtcc_json_get_array (obj, "persons")) == NULL))
    {
      g_propagate_error (error, wrong_shape (_("a list of persons")));
      return NULL;
    }
  /* Only objects with an id can be opened; anything else is dropped. */
  out = json_array_new ();
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonNode *item = json_array_get_element (list, i);
      if (JSON_NODE_HOLDS_OBJECT (item) &&
          json_object_has_member (json_node_get_object (item), "personId"))
        json_array_add_element (out, json_node_copy (item));
    }
  data->n_results = json_array_get_length (out);
  return out;
}

/**
 * rtcc_onesolution_integration_get_person_async:
 * @person_id: the RMS person id
 *
 * Looks up one person. Audited before the result is returned.
 */
void
rtcc_onesolution_integration_get_person_async (RtccOnesolutionIntegration *self,
                                               const char                 *person_id,
                                               GCancellable               *cancellable,
                                               GAsyncReadyCallback         callback,
                                               gpointer                    user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;

  g_task_set_source_tag (task, rtcc_onesolution_integration_get_person_async);
  if (!check_key (task, person_id, _("person id")))
    return;
  escaped = escape_segment (person_id);
  path = g_strdup_printf ("/persons/%s", escaped);
  lookup_send (task, rtcc_request_new ("GET", path), g_strdup_printf ("person %s", person_id),
               parse_person, (GDestroyNotify) json_object_unref);
}

/**
 * rtcc_onesolution_integration_get_person_finish:
 *
 * Returns: (transfer full): the person object as the RMS sent it
 *   (`personId`, `lastName`, `dob`, `identifiers`…)
 */
JsonObject *
rtcc_onesolution_integration_get_person_finish (RtccOnesolutionIntegration  *self,
                                                GAsyncResult                *result,
                                                GError                     **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rtcc_onesolution_integration_get_person_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static gboolean
valid_date (const char *text)
{
  int y, m, d;
  char end;

  return text != NULL && strlen (text) == 10 &&
         sscanf (text, "%4d-%2d-%2d%c", &y, &m, &d, &end) == 3 &&
         g_date_valid_dmy (d, m, y);
}

/**
 * rtcc_onesolution_integration_search_persons_async:
 * @last_name: the last name; required, refused locally when empty
 * @first_name: (nullable): the first name
 * @dob: (nullable): the date of birth, `YYYY-MM-DD`
 * @phonetic: match names that sound alike
 *
 * Searches persons. Audited before the results are returned.
 */
void
rtcc_onesolution_integration_search_persons_async (RtccOnesolutionIntegration *self,
                                                   const char                 *last_name,
                                                   const char                 *first_name,
                                                   const char                 *dob,
                                                   gboolean                    phonetic,
                                                   GCancellable               *cancellable,
                                                   GAsyncReadyCallback         callback,
                                                   gpointer                    user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *trimmed = last_name != NULL ? g_strstrip (g_strdup (last_name)) : NULL;
  RtccRequest *request;
  GString *terms;

  g_task_set_source_tag (task, rtcc_onesolution_integration_search_persons_async);
  if (trimmed == NULL || *trimmed == '\0')
    {
      g_task_return_new_error (task, RTCC_ONESOLUTION_ERROR, RTCC_ONESOLUTION_ERROR_INVALID_QUERY,
                               _("A person search needs a last name."));
      g_object_unref (task);
      return;
    }
  if (!check_key (task, trimmed, _("last name")))
    return;
  if (dob != NULL && *dob != '\0' && !valid_date (dob))
    {
      g_task_return_new_error (task, RTCC_ONESOLUTION_ERROR, RTCC_ONESOLUTION_ERROR_INVALID_QUERY,
                               _("The date of birth must be a date written YYYY-MM-DD."));
      g_object_unref (task);
      return;
    }

  request = rtcc_request_new ("GET", "/persons");
  terms = g_string_new ("persons");
  rtcc_request_add_query (request, "lastName", trimmed);
  g_string_append_printf (terms, " lastName=%s", trimmed);
  if (first_name != NULL && *first_name != '\0')
    {
      rtcc_request_add_query (request, "firstName", first_name);
      g_string_append_printf (terms, " firstName=%s", first_name);
    }
  if (dob != NULL && *dob != '\0')
    {
      rtcc_request_add_query (request, "dob", dob);
      g_string_append_printf (terms, " dob=%s", dob);
    }
  if (phonetic)
    {
      rtcc_request_add_query (request, "phonetic", "true");
      g_string_append (terms, " phonetic=true");
    }
  lookup_send (task, request, g_string_free (terms, FALSE), parse_persons,
               (GDestroyNotify) json_array_unref);
}

/**
 * rtcc_onesolution_integration_search_persons_finish:
 *
 * Returns: (transfer full): the person objects found
 */
JsonArray *
rtcc_onesolution_integration_search_persons_finish (RtccOnesolutionIntegration  *self,
                                                    GAsyncResult                *result,
                                                    GError                     **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rtcc_onesolution_integration_search_persons_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * rtcc_onesolution_integration_get_case_async:
 * @case_number: e.g. `C-2026-0042`
 *
 * Looks up a case. Audited before the result is returned.
 */
void
rtcc_onesolution_integration_get_case_async (RtccOnesolutionIntegration *self,
                                             const char                 *case_number,
                                             GCancellable               *cancellable,
                                             GAsyncReadyCallback         callback,
                                             gpointer                    user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;

  g_task_set_source_tag (task, rtcc_onesolution_integration_get_case_async);
  if (!check_key (task, case_number, _("case number")))
    return;
  escaped = escape_segment (case_number);
  path = g_strdup_printf ("/cases/%s", escaped);
  lookup_send (task, rtcc_request_new ("GET", path), g_strdup_printf ("case %s", case_number),
               parse_case, (GDestroyNotify) json_object_unref);
}

/**
 * rtcc_onesolution_integration_get_case_finish:
 *
 * Returns: (transfer full): the case object as the RMS sent it (status,
 *   investigator, linked incidents and persons)
 */
JsonObject *
rtcc_onesolution_integration_get_case_finish (RtccOnesolutionIntegration  *self,
                                              GAsyncResult                *result,
                                              GError                     **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rtcc_onesolution_integration_get_case_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
