/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccHotsheets"

#include "config.h"

#include <glib/gi18n.h>

#include "rtcc-plate.h"
#include "rtcc-hotsheets-integration.h"
#include "rtcc-hotsheets-normalize.h"
#include "rtcc-json.h"
#include "rtcc-util.h"

/* HotSheets has no push channel; ten seconds keeps BOLOs current without
 * loading the vendor. */
#define DEFAULT_POLL_INTERVAL_MS 10000
#define MIN_POLL_INTERVAL_MS     100
/* A feed that keeps saying "more" this many times in a row is looping. */
#define MAX_DRAIN_PAGES          50

struct _RtccHotsheetsIntegration
{
  RtccBaseIntegration  parent_instance;

  char                *cursor;
  guint                poll_interval_ms;
  guint                poll_source;
  gboolean             polling;
  guint                drain_pages;
};

G_DEFINE_FINAL_TYPE (RtccHotsheetsIntegration, rtcc_hotsheets_integration, RTCC_TYPE_BASE_INTEGRATION)

G_DEFINE_QUARK (rtcc-hotsheets-error-quark, rtcc_hotsheets_error)

enum {
  PROP_0,
  PROP_POLL_INTERVAL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void poll_now (RtccHotsheetsIntegration *self);

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

static GPtrArray *
rtcc_hotsheets_integration_normalize (RtccBaseIntegration  *self,
                                      JsonNode             *document,
                                      GPtrArray           **item_errors,
                                      GError              **error)
{
  return rtcc_hotsheets_normalize_document (document, item_errors, NULL, error);
}

static void
report_bad_items (RtccHotsheetsIntegration *self,
                  GPtrArray                *errors)
{
  RtccServiceClient *client = rtcc_base_integration_get_client (RTCC_BASE_INTEGRATION (self));

  for (guint i = 0; errors != NULL && i < errors->len; i++)
    {
      GError *error = g_ptr_array_index (errors, i);
      g_warning ("Skipped a HotSheets BOLO: %s", error->message);
      if (client != NULL)
        rtcc_service_client_record_failure (client, error);
    }
}

/* Polling the changes feed */

static gboolean
poll_timeout_cb (gpointer user_data)
{
  RtccHotsheetsIntegration *self = user_data;

  self->poll_source = 0;
  poll_now (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_poll (RtccHotsheetsIntegration *self,
               guint                     delay_ms)
{
  g_clear_handle_id (&self->poll_source, g_source_remove);
  if (!rtcc_base_integration_is_started (RTCC_BASE_INTEGRATION (self)))
    return;
  if (delay_ms == 0)
    self->poll_source = g_idle_add (poll_timeout_cb, self);
  else
    self->poll_source = g_timeout_add (delay_ms, poll_timeout_cb, self);
}

static void
poll_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(RtccHotsheetsIntegration) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rtcc_service_client_send_json_finish (RTCC_SERVICE_CLIENT (object), result, &error);
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GPtrArray) errors = NULL;
  g_autofree char *next = NULL;
  gboolean more;

  self->polling = FALSE;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* Stopped; if started again meanwhile, that start found a poll in
       * flight and left it to us. */
      schedule_poll (self, 0);
      return;
    }
  if (node != NULL)
    {
      events = rtcc_hotsheets_normalize_document (node, &errors, &next, &error);
      if (events != NULL && !json_object_has_member (json_node_get_object (node), "changes"))
        {
          g_clear_pointer (&events, g_ptr_array_unref);
          g_set_error (&error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_WRONG_SHAPE,
                       _("HotSheets did not answer with a changes feed"));
        }
    }
  if (events == NULL)
    {
      rtcc_base_integration_report_error (RTCC_BASE_INTEGRATION (self), error);
      schedule_poll (self, self->poll_interval_ms);
      return;
    }

  report_bad_items (self, errors);
  for (guint i = 0; i < events->len; i++)
    rtcc_integration_emit_event (RTCC_INTEGRATION (self), g_ptr_array_index (events, i));

  /* A full answer may be one of several: read on at once until the feed
   * is quiet, then wait. */
  more = next != NULL && g_strcmp0 (next, self->cursor) != 0 && events->len + errors->len > 0 &&
         ++self->drain_pages < MAX_DRAIN_PAGES;
  if (next != NULL)
    rtcc_set_str (&self->cursor, next);
  if (!more)
    self->drain_pages = 0;
  schedule_poll (self, more ? 0 : self->poll_interval_ms);
}

static void
poll_now (RtccHotsheetsIntegration *self)
{
  RtccBaseIntegration *base = RTCC_BASE_INTEGRATION (self);
  RtccServiceClient *client = rtcc_base_integration_get_client (base);
  g_autoptr(RtccRequest) request = NULL;

  if (client == NULL || self->polling || !rtcc_base_integration_is_started (base))
    return;
  self->polling = TRUE;
  request = rtcc_request_new ("GET", "/bolos/changes");
  rtcc_request_add_query (request, "cursor", self->cursor);
  rtcc_service_client_send_async (client, request, rtcc_base_integration_get_cancellable (base),
                                  poll_cb, g_object_ref (self));
}

static void
rtcc_hotsheets_integration_start (RtccBaseIntegration *base)
{
  poll_now (RTCC_HOTSHEETS_INTEGRATION (base));
}

static void
rtcc_hotsheets_integration_stop (RtccBaseIntegration *base)
{
  RtccHotsheetsIntegration *self = RTCC_HOTSHEETS_INTEGRATION (base);

  g_clear_handle_id (&self->poll_source, g_source_remove);
  self->drain_pages = 0;
}

static void
rtcc_hotsheets_integration_get_property (GObject    *object,
                                         guint       prop_id,
                                         GValue     *value,
                                         GParamSpec *pspec)
{
  RtccHotsheetsIntegration *self = RTCC_HOTSHEETS_INTEGRATION (object);

  switch (prop_id)
    {
    case PROP_POLL_INTERVAL:
      g_value_set_uint (value, self->poll_interval_ms);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rtcc_hotsheets_integration_set_property (GObject      *object,
                                         guint         prop_id,
                                         const GValue *value,
                                         GParamSpec   *pspec)
{
  RtccHotsheetsIntegration *self = RTCC_HOTSHEETS_INTEGRATION (object);

  switch (prop_id)
    {
    case PROP_POLL_INTERVAL:
      rtcc_hotsheets_integration_set_poll_interval (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rtcc_hotsheets_integration_dispose (GObject *object)
{
  RtccHotsheetsIntegration *self = RTCC_HOTSHEETS_INTEGRATION (object);

  g_clear_handle_id (&self->poll_source, g_source_remove);
  G_OBJECT_CLASS (rtcc_hotsheets_integration_parent_class)->dispose (object);
}

static void
rtcc_hotsheets_integration_finalize (GObject *object)
{
  RtccHotsheetsIntegration *self = RTCC_HOTSHEETS_INTEGRATION (object);

  g_free (self->cursor);
  G_OBJECT_CLASS (rtcc_hotsheets_integration_parent_class)->finalize (object);
}

static void
rtcc_hotsheets_integration_class_init (RtccHotsheetsIntegrationClass *klass_)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass_);
  RtccBaseIntegrationClass *klass = RTCC_BASE_INTEGRATION_CLASS (klass_);

  object_class->get_property = rtcc_hotsheets_integration_get_property;
  object_class->set_property = rtcc_hotsheets_integration_set_property;
  object_class->dispose = rtcc_hotsheets_integration_dispose;
  object_class->finalize = rtcc_hotsheets_integration_finalize;

  klass->source = RTCC_SOURCE_HOTSHEETS;
  klass->url_key = "HOTSHEETS_API_URL";
  klass->health_path = "/bolos?status=active";
  klass->health_member = "bolos";
  klass->configure = rtcc_hotsheets_integration_configure;
  klass->normalize = rtcc_hotsheets_integration_normalize;
  klass->start = rtcc_hotsheets_integration_start;
  klass->stop = rtcc_hotsheets_integration_stop;

  /**
   * RtccHotsheetsIntegration:poll-interval:
   *
   * Milliseconds between two reads of the changes feed.
   */
  properties[PROP_POLL_INTERVAL] =
    g_param_spec_uint ("poll-interval", NULL, NULL,
                       MIN_POLL_INTERVAL_MS, G_MAXUINT, DEFAULT_POLL_INTERVAL_MS,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rtcc_hotsheets_integration_init (RtccHotsheetsIntegration *self)
{
  self->poll_interval_ms = DEFAULT_POLL_INTERVAL_MS;
}

/**
 * rtcc_hotsheets_integration_new:
 * @config: the workstation's configuration
 *
 * Returns: (transfer full): the HotSheets integration, disabled when
 *   HOTSHEETS_API_URL is not set
 */
RtccIntegration *
rtcc_hotsheets_integration_new (RtccConfig *config)
{
  return g_object_new (RTCC_TYPE_HOTSHEETS_INTEGRATION, "config", config, NULL);
}

/**
 * rtcc_hotsheets_integration_set_poll_interval:
 * @interval_ms: milliseconds between two reads of the changes feed, at
 *   least 100
 *
 * Takes effect from the next wait.
 */
void
rtcc_hotsheets_integration_set_poll_interval (RtccHotsheetsIntegration *self,
                                              guint                     interval_ms)
{
  g_return_if_fail (RTCC_IS_HOTSHEETS_INTEGRATION (self));

  interval_ms = MAX (interval_ms, MIN_POLL_INTERVAL_MS);
  if (self->poll_interval_ms == interval_ms)
    return;
  self->poll_interval_ms = interval_ms;
  if (self->poll_source != 0)
    schedule_poll (self, interval_ms);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POLL_INTERVAL]);
}

/**
 * rtcc_hotsheets_integration_get_poll_interval:
 *
 * Returns: milliseconds between two reads of the changes feed
 */
guint
rtcc_hotsheets_integration_get_poll_interval (RtccHotsheetsIntegration *self)
{
  g_return_val_if_fail (RTCC_IS_HOTSHEETS_INTEGRATION (self), 0);
  return self->poll_interval_ms;
}

/**
 * rtcc_hotsheets_integration_get_cursor:
 *
 * Returns: (nullable): the changes feed's cursor after the last read
 */
const char *
rtcc_hotsheets_integration_get_cursor (RtccHotsheetsIntegration *self)
{
  g_return_val_if_fail (RTCC_IS_HOTSHEETS_INTEGRATION (self), NULL);
  return self->cursor;
}

/* Lists: active BOLOs and the two checks all answer a list of BOLOs. */

static void
list_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RtccHotsheetsIntegration *self = g_task_get_source_object (task);
  const char *member = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rtcc_service_client_send_json_finish (RTCC_SERVICE_CLIENT (object), result, &error);
  g_autoptr(GPtrArray) errors = NULL;
  GPtrArray *events = NULL;

  if (node != NULL && (!JSON_NODE_HOLDS_OBJECT (node) ||
                       rtcc_json_get_array (json_node_get_object (node), member) == NULL))
    g_set_error (&error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_WRONG_SHAPE,
                 _("HotSheets did not answer with a list of “%s”"), member);
  else if (node != NULL)
    events = rtcc_hotsheets_normalize_document (node, &errors, NULL, &error);
  if (events == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  report_bad_items (self, errors);
  g_task_return_pointer (task, events, (GDestroyNotify) g_ptr_array_unref);
}

static void
send_list (GTask       *task,
           RtccRequest *request,
           const char  *member)
{
  RtccHotsheetsIntegration *self = g_task_get_source_object (task);
  RtccServiceClient *client;

  g_task_set_task_data (task, (gpointer) member, NULL);
  if (!(client = rtcc_base_integration_client_or_error (RTCC_BASE_INTEGRATION (self), task)))
    {
      g_object_unref (task);
      return;
    }
  rtcc_service_client_send_async (client, request, g_task_get_cancellable (task), list_cb, task);
}

/**
 * rtcc_hotsheets_integration_list_active_async:
 *
 * The BOLOs in force now.
 */
void
rtcc_hotsheets_integration_list_active_async (RtccHotsheetsIntegration *self,
                                              GCancellable             *cancellable,
                                              GAsyncReadyCallback       callback,
                                              gpointer                  user_data)
{
  GTask *task;
  g_autoptr(RtccRequest) request = NULL;

  g_return_if_fail (RTCC_IS_HOTSHEETS_INTEGRATION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rtcc_hotsheets_integration_list_active_async);
  request = rtcc_request_new ("GET", "/bolos");
  rtcc_request_add_query (request, "status", "active");
  send_list (task, request, "bolos");
}

/**
 * rtcc_hotsheets_integration_list_active_finish:
 *
 * Returns: (transfer container) (element-type RtccEvent): `bolo_created` events
 */
GPtrArray *
rtcc_hotsheets_integration_list_active_finish (RtccHotsheetsIntegration  *self,
                                               GAsyncResult              *result,
                                               GError                   **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rtcc_hotsheets_integration_list_active_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * rtcc_hotsheets_integration_check_plate_async:
 * @plate: the plate, normalized before sending
 * @state: (nullable): its state
 *
 * The BOLOs HotSheets holds on a plate.
 */
void
rtcc_hotsheets_integration_check_plate_async (RtccHotsheetsIntegration *self,
                                              const char               *plate,
                                              const char               *state,
                                              GCancellable             *cancellable,
                                              GAsyncReadyCallback       callback,
                                              gpointer                  user_data)
{
  GTask *task;
  g_autoptr(RtccRequest) request = NULL;
  g_autofree char *norm = rtcc_plate_normalize (plate);

  g_return_if_fail (RTCC_IS_HOTSHEETS_INTEGRATION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rtcc_hotsheets_integration_check_plate_async);
  if (norm == NULL)
    {
      g_task_return_new_error (task, RTCC_HOTSHEETS_ERROR, RTCC_HOTSHEETS_ERROR_INVALID_ARGUMENT,
                               _("Enter a plate to check."));
      g_object_unref (task);
      return;
    }
  request = rtcc_request_new ("GET", "/bolos/check/plate");
  rtcc_request_add_query (request, "plate", norm);
  if (!rtcc_str_is_blank (state))
    rtcc_request_add_query (request, "state", state);
  send_list (task, request, "matches");
}

/**
 * rtcc_hotsheets_integration_check_plate_finish:
 *
 * Returns: (transfer container) (element-type RtccEvent): the matching BOLOs
 */
GPtrArray *
rtcc_hotsheets_integration_check_plate_finish (RtccHotsheetsIntegration  *self,
                                               GAsyncResult              *result,
                                               GError                   **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rtcc_hotsheets_integration_check_plate_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * rtcc_hotsheets_integration_check_person_async:
 * @last_name: required
 * @first_name: (nullable): first name
 * @dob: (nullable): date of birth, YYYY-MM-DD
 *
 * The BOLOs HotSheets holds on a person.
 */
void
rtcc_hotsheets_integration_check_person_async (RtccHotsheetsIntegration *self,
                                               const char               *last_name,
                                               const char               *first_name,
                                               const char               *dob,
                                               GCancellable             *cancellable,
                                               GAsyncReadyCallback       callback,
                                               gpointer                  user_data)
{
  GTask *task;
  g_autoptr(RtccRequest) request = NULL;

  g_return_if_fail (RTCC_IS_HOTSHEETS_INTEGRATION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rtcc_hotsheets_integration_check_person_async);
  if (rtcc_str_is_blank (last_name))
    {
      g_task_return_new_error (task, RTCC_HOTSHEETS_ERROR, RTCC_HOTSHEETS_ERROR_INVALID_ARGUMENT,
                               _("Enter at least the last name to check a person."));
      g_object_unref (task);
      return;
    }
  request = rtcc_request_new ("GET", "/bolos/check/person");
  rtcc_request_add_query (request, "lastName", last_name);
  if (!rtcc_str_is_blank (first_name))
    rtcc_request_add_query (request, "firstName", first_name);
  if (!rtcc_str_is_blank (dob))
    rtcc_request_add_query (request, "dob", dob);
  /* Names and dates of birth stay out of debug traces. */
  rtcc_request_set_sensitive (request, TRUE);
  send_list (task, request, "matches");
}

/**
 * rtcc_hotsheets_integration_check_person_finish:
 *
 * Returns: (transfer container) (element-type RtccEvent): the matching BOLOs
 */
GPtrArray *
rtcc_hotsheets_integration_check_person_finish (RtccHotsheetsIntegration  *self,
                                                GAsyncResult              *result,
                                                GError                   **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rtcc_hotsheets_integration_check_person_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Creating a BOLO */

typedef struct
{
  RtccRequest *request;
  GHashTable  *field_errors;
} CreateData;

static void
create_data_free (gpointer p)
{
  CreateData *data = p;

  g_clear_object (&data->request);
  g_clear_pointer (&data->field_errors, g_hash_table_unref);
  g_free (data);
}

static void
create_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CreateData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rtcc_service_client_send_json_finish (RTCC_SERVICE_CLIENT (object), result, &error);
  RtccEvent *event;

  if (node == NULL && rtcc_request_get_status (data->request) == 422)
    {
      GString *joined = g_string_new (NULL);
      const char *field, *message;
      g_autoptr(GList) names = NULL;

      data->field_errors = rtcc_hotsheets_parse_field_errors (rtcc_request_get_response_json (data->request));
      /* Sorted, so the same refusal always reads the same. */
      names = g_list_sort (g_hash_table_get_keys (data->field_errors), (GCompareFunc) g_strcmp0);
      for (GList *l = names; l != NULL; l = l->next)
        {
          field = l->data;
          message = g_hash_table_lookup (data->field_errors, field);
          if (joined->len > 0)
            g_string_append (joined, "; ");
          if (*field != '\0')
            g_string_append_printf (joined, "%s: ", field);
          g_string_append (joined, message);
        }
      if (joined->len == 0)
        g_string_append (joined, error->message);
      g_task_return_new_error (task, RTCC_HOTSHEETS_ERROR, RTCC_HOTSHEETS_ERROR_INVALID_BOLO,
                               _("HotSheets did not accept the BOLO: %s. Correct the fields and send it again."),
                               joined->str);
      g_string_free (joined, TRUE);
      return;
    }
  if (node == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (!JSON_NODE_HOLDS_OBJECT (node) || rtcc_json_get_object (json_node_get_object (node), "bolo") == NULL)
    {
      g_task_return_new_error (task, RTCC_JSON_ERROR, RTCC_JSON_ERROR_WRONG_SHAPE,
                               _("HotSheets accepted the BOLO but did not send it back; refresh the BOLO list."));
      return;
    }
  event = rtcc_hotsheets_normalize_bolo (rtcc_json_get_object (json_node_get_object (node), "bolo"), NULL, &error);
  if (event == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, event, g_object_unref);
}

/**
 * rtcc_hotsheets_integration_create_bolo_async:
 * @bolo: the BOLO in HotSheets' fields (`subjectType`, `reason`,
 *   `vehicle` or `person`, `expiresAt`, `cautions`, `caseNumber`)
 *
 * Issues a BOLO (HotSheets answers 201). Sent once: a create is never
 * repeated after a server error, as it may have been done.
 */
void
rtcc_hotsheets_integration_create_bolo_async (RtccHotsheetsIntegration *self,
                                              JsonObject               *bolo,
                                              GCancellable             *cancellable,
                                              GAsyncReadyCallback       callback,
                                              gpointer                  user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonNode) body = NULL;
  RtccServiceClient *client;
  CreateData *data;

  g_return_if_fail (RTCC_IS_HOTSHEETS_INTEGRATION (self));
  g_return_if_fail (bolo != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rtcc_hotsheets_integration_create_bolo_async);
  data = g_new0 (CreateData, 1);
  g_task_set_task_data (task, data, create_data_free);
  if (!(client = rtcc_base_integration_client_or_error (RTCC_BASE_INTEGRATION (self), task)))
    return;

  body = json_node_init_object (json_node_alloc (), bolo);
  data->request = rtcc_request_new ("POST", "/bolos");
  rtcc_request_set_json_body (data->request, body);
  rtcc_request_set_retry (data->request, FALSE);
  rtcc_request_set_sensitive (data->request, TRUE);
  rtcc_service_client_send_async (client, data->request, cancellable, create_cb, g_steal_pointer (&task));
}

/**
 * rtcc_hotsheets_integration_create_bolo_finish:
 * @field_errors: (out) (optional) (transfer full) (element-type utf8 utf8):
 *   on %RTCC_HOTSHEETS_ERROR_INVALID_BOLO, field → message, for the form
 *   to show next to each field; %NULL otherwise
 *
 * Returns: (transfer full): the `bolo_created` event of the new BOLO
 */
RtccEvent *
rtcc_hotsheets_integration_create_bolo_finish (RtccHotsheetsIntegration  *self,
                                               GAsyncResult              *result,
                                               GHashTable               **field_errors,
                                               GError                   **error)
{
  CreateData *data;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rtcc_hotsheets_integration_create_bolo_async, NULL);

  data = g_task_get_task_data (G_TASK (result));
  if (field_errors != NULL)
    *field_errors = data->field_errors ? g_hash_table_ref (data->field_errors) : NULL;
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Cancelling a BOLO */

static void
cancel_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rtcc_service_client_send_json_finish (RTCC_SERVICE_CLIENT (object), result, &error);

  if (node != NULL)
    g_task_return_boolean (task, TRUE);
  else if (g_error_matches (error, RTCC_HTTP_ERROR, RTCC_HTTP_ERROR_CONFLICT))
    g_task_return_new_error (task, RTCC_HOTSHEETS_ERROR, RTCC_HOTSHEETS_ERROR_NOT_ACTIVE,
                             _("BOLO %s is not active: it was already cancelled or has expired. %s"),
                             (const char *) g_task_get_task_data (task), error->message);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

/**
 * rtcc_hotsheets_integration_cancel_bolo_async:
 * @bolo_id: the BOLO
 * @reason: why it is cancelled; required
 *
 * A BOLO that is no longer active fails with
 * %RTCC_HOTSHEETS_ERROR_NOT_ACTIVE.
 */
void
rtcc_hotsheets_integration_cancel_bolo_async (RtccHotsheetsIntegration *self,
                                              const char               *bolo_id,
                                              const char               *reason,
                                              GCancellable             *cancellable,
                                              GAsyncReadyCallback       callback,
                                              gpointer                  user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonBuilder) b = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(RtccRequest) request = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;
  RtccServiceClient *client;

  g_return_if_fail (RTCC_IS_HOTSHEETS_INTEGRATION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rtcc_hotsheets_integration_cancel_bolo_async);
  g_task_set_task_data (task, g_strdup (bolo_id), g_free);
  if (rtcc_str_is_blank (bolo_id))
    {
      g_task_return_new_error (task, RTCC_HOTSHEETS_ERROR, RTCC_HOTSHEETS_ERROR_INVALID_ARGUMENT,
                               _("Choose the BOLO to cancel."));
      return;
    }
  if (rtcc_str_is_blank (reason))
    {
      g_task_return_new_error (task, RTCC_HOTSHEETS_ERROR, RTCC_HOTSHEETS_ERROR_INVALID_ARGUMENT,
                               _("Give a reason for cancelling the BOLO."));
      return;
    }
  if (!(client = rtcc_base_integration_client_or_error (RTCC_BASE_INTEGRATION (self), task)))
    return;

  b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "reason");
  json_builder_add_string_value (b, reason);
  json_builder_end_object (b);
  body = json_builder_get_root (b);

  escaped = g_uri_escape_string (bolo_id, NULL, FALSE);
  path = g_strdup_printf ("/bolos/%s/cancel", escaped);
  request = rtcc_request_new ("POST", path);
  rtcc_request_set_json_body (request, body);
  rtcc_service_client_send_async (client, request, cancellable, cancel_cb, g_steal_pointer (&task));
}

/**
 * rtcc_hotsheets_integration_cancel_bolo_finish:
 *
 * Returns: %TRUE once HotSheets has cancelled the BOLO
 */
gboolean
rtcc_hotsheets_integration_cancel_bolo_finish (RtccHotsheetsIntegration  *self,
                                               GAsyncResult              *result,
                                               GError                   **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rtcc_hotsheets_integration_cancel_bolo_async, FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
