/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccBwc"

#include "config.h"

#include <glib/gi18n.h>

#include "rtcc-video-download.h"
#include "rtcc-bwc-integration.h"
#include "rtcc-bwc-normalize.h"
#include "rtcc-json.h"
#include "rtcc-seen-set.h"
#include "rtcc-time.h"
#include "rtcc-util.h"

#define DEFAULT_POLL_SECONDS 30
/* A vendor that hands out cursors in a circle must not keep us paging. */
#define MAX_PAGES            1000
#define MAX_LIST_EVENTS      20000
#define SEEN_IDS_MAX         8192

G_DEFINE_QUARK (rtcc-bwc-error-quark, rtcc_bwc_error)

struct _RtccBwcIntegration
{
  RtccBaseIntegration  parent_instance;

  char                *cursor;
  guint                poll_interval_ms;
  guint                poll_id;
  gboolean             poll_in_flight;
  GHashTable          *checksums;       /* recording id → sha256 */
  RtccSeenSet         *seen;
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

static GPtrArray *
rtcc_bwc_integration_normalize (RtccBaseIntegration  *self,
                                JsonNode             *document,
                                GPtrArray           **item_errors,
                                GError              **error)
{
  return rtcc_bwc_normalize_document (document, item_errors, NULL, error);
}

static void
report_bad_items (RtccBwcIntegration *self,
                  GPtrArray          *errors,
                  const char         *what)
{
  RtccServiceClient *client = rtcc_base_integration_get_client (RTCC_BASE_INTEGRATION (self));

  for (guint i = 0; errors != NULL && i < errors->len; i++)
    {
      GError *error = g_ptr_array_index (errors, i);
      g_warning ("Skipped a body-worn camera %s: %s", what, error->message);
      if (client != NULL)
        rtcc_service_client_record_failure (client, error);
    }
}

static char *
recording_path (const char *recording_id,
                const char *rest)
{
  g_autofree char *escaped = g_uri_escape_string (recording_id ? recording_id : "", NULL, FALSE);

  return g_strdup_printf ("/recordings/%s%s", escaped, rest);
}

static void
remember_checksums (RtccBwcIntegration *self,
                    GPtrArray          *events)
{
  for (guint i = 0; i < events->len; i++)
    {
      RtccEvent *event = g_ptr_array_index (events, i);
      const char *sha = rtcc_event_get_attribute_string (event, "sha256");

      if (sha != NULL)
        g_hash_table_replace (self->checksums, g_strdup (rtcc_event_get_vendor_id (event)), g_strdup (sha));
    }
}

/* Recordings: pages through meta.next */

typedef struct
{
  char      *officer_id;
  char      *date;
  char      *since;
  char      *cursor;
  guint      pages;
  GPtrArray *events;
} ListData;

static void
list_data_free (gpointer p)
{
  ListData *data = p;

  g_free (data->officer_id);
  g_free (data->date);
  g_free (data->since);
  g_free (data->cursor);
  g_ptr_array_unref (data->events);
  g_free (data);
}

static void list_next_page (GTask *task);

static void
list_page_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RtccBwcIntegration *self = g_task_get_source_object (task);
  ListData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rtcc_service_client_send_json_finish (RTCC_SERVICE_CLIENT (object), result, &error);
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GPtrArray) errors = NULL;
  g_autofree char *next = NULL;
  g_autofree char *poll_cursor = NULL;

  if (node != NULL)
    events = rtcc_bwc_normalize_document (node, &errors, &next, &error);
  if (events == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  report_bad_items (self, errors, "recording");
  remember_checksums (self, events);
  for (guint i = 0; i < events->len && data->events->len < MAX_LIST_EVENTS; i++)
    g_ptr_array_add (data->events, g_object_ref (g_ptr_array_index (events, i)));

  /* Where to poll from later: the vendor's own cursor when it gives one,
   * else the last page's position. */
  poll_cursor = rtcc_json_dup_string_lenient (rtcc_json_get_object (json_node_get_object (node), "meta"),
                                              "cursor");
  rtcc_set_str (&data->cursor, poll_cursor ? poll_cursor : next ? next : data->since);

  data->pages++;
  if (next != NULL && *next != '\0' && g_strcmp0 (next, data->since) != 0 &&
      data->pages < MAX_PAGES && data->events->len < MAX_LIST_EVENTS)
    {
      rtcc_set_str (&data->since, next);
      list_next_page (g_steal_pointer (&task));
      return;
    }
  g_task_return_pointer (task, g_ptr_array_ref (data->events), (GDestroyNotify) g_ptr_array_unref);
}

static void
list_next_page (GTask *task)
{
  RtccBwcIntegration *self = g_task_get_source_object (task);
  ListData *data = g_task_get_task_data (task);
  RtccServiceClient *client = rtcc_base_integration_client_or_error (RTCC_BASE_INTEGRATION (self), task);
  g_autoptr(RtccRequest) request = NULL;

  if (client == NULL)
    {
      g_object_unref (task);
      return;
    }
  request = rtcc_request_new ("GET", "/recordings");
  rtcc_request_add_query (request, "officerId", data->officer_id);
  rtcc_request_add_query (request, "date", data->date);
  rtcc_request_add_query (request, "since", data->since);
  rtcc_service_client_send_async (client, request, g_task_get_cancellable (task), list_page_cb, task);
}

/**
 * rtcc_bwc_integration_list_recordings_async:
 * @officer_id: (nullable): only this officer's recordings
 * @date: (nullable): only recordings of this day
 * @since: (nullable): a cursor from an earlier listing
 *
 * Recordings, following the vendor's pages to the end.
 */
void
rtcc_bwc_integration_list_recordings_async (RtccBwcIntegration  *self,
                                            const char          *officer_id,
                                            GDate               *date,
                                            const char          *since,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  ListData *data = g_new0 (ListData, 1);

  g_task_set_source_tag (task, rtcc_bwc_integration_list_recordings_async);
  data->officer_id = g_strdup (officer_id);
  if (date != NULL && g_date_valid (date))
    {
      data->date = g_malloc (16);
      g_date_strftime (data->date, 16, "%Y-%m-%d", date);
    }
  data->since = g_strdup (since);
  data->events = g_ptr_array_new_with_free_func (g_object_unref);
  g_task_set_task_data (task, data, list_data_free);
  list_next_page (task);
}

/**
 * rtcc_bwc_integration_list_recordings_finish:
 * @cursor: (out) (optional) (nullable): where to continue from later
 *
 * Returns: (transfer container) (element-type RtccEvent): `bwc_recording`
 *   events
 */
GPtrArray *
rtcc_bwc_integration_list_recordings_finish (RtccBwcIntegration  *self,
                                             GAsyncResult        *result,
                                             char               **cursor,
                                             GError             **error)
{
  ListData *data;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rtcc_bwc_integration_list_recordings_async, NULL);
  data = g_task_get_task_data (G_TASK (result));
  if (cursor != NULL)
    *cursor = g_task_had_error (G_TASK (result)) ? NULL : g_strdup (data->cursor);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Polling for new recordings */

static gboolean mark_seen (RtccBwcIntegration *self, const char *id);
static void schedule_poll (RtccBwcIntegration *self);

static void
poll_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  RtccBwcIntegration *self = RTCC_BWC_INTEGRATION (object);
  g_autoptr(GError) error = NULL;
  g_autofree char *cursor = NULL;
  g_autoptr(GPtrArray) events = rtcc_bwc_integration_list_recordings_finish (self, result, &cursor, &error);

  self->poll_in_flight = FALSE;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (events == NULL)
    rtcc_base_integration_report_error (RTCC_BASE_INTEGRATION (self), error);
  else
    {
      for (guint i = 0; i < events->len; i++)
        {
          RtccEvent *event = g_ptr_array_index (events, i);
          if (mark_seen (self, rtcc_event_get_vendor_id (event)))
            rtcc_integration_emit_event (RTCC_INTEGRATION (self), event);
        }
      if (cursor != NULL)
        rtcc_set_str (&self->cursor, cursor);
    }
  schedule_poll (self);
}

static void
poll_now (RtccBwcIntegration *self)
{
  RtccBaseIntegration *base = RTCC_BASE_INTEGRATION (self);

  if (self->poll_in_flight || !rtcc_base_integration_is_started (base))
    return;
  self->poll_in_flight = TRUE;
  rtcc_bwc_integration_list_recordings_async (self, NULL, NULL, self->cursor,
                                              rtcc_base_integration_get_cancellable (base),
                                              poll_cb, NULL);
}

static gboolean
poll_timeout_cb (gpointer user_data)
{
  RtccBwcIntegration *self = user_data;

  self->poll_id = 0;
  poll_now (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_poll (RtccBwcIntegration *self)
{
  if (self->poll_id != 0 || !rtcc_base_integration_is_started (RTCC_BASE_INTEGRATION (self)))
    return;
  self->poll_id = g_timeout_add (self->poll_interval_ms, poll_timeout_cb, self);
}

static gboolean
mark_seen (RtccBwcIntegration *self,
           const char         *id)
{
  return rtcc_seen_set_add (self->seen, id, 1);
}

static void
rtcc_bwc_integration_start (RtccBaseIntegration *base)
{
  RtccBwcIntegration *self = RTCC_BWC_INTEGRATION (base);

  if (self->poll_interval_ms == 0)
    self->poll_interval_ms = 1000 * CLAMP (rtcc_config_get_int (rtcc_base_integration_get_config (base),
                                                                "BWC_POLL_SECONDS", DEFAULT_POLL_SECONDS),
                                           1, 3600);
  poll_now (self);
}

static void
rtcc_bwc_integration_stop (RtccBaseIntegration *base)
{
  RtccBwcIntegration *self = RTCC_BWC_INTEGRATION (base);

  /* The base class cancels the poll in flight. */
  g_clear_handle_id (&self->poll_id, g_source_remove);
}

static void
rtcc_bwc_integration_finalize (GObject *object)
{
  RtccBwcIntegration *self = RTCC_BWC_INTEGRATION (object);

  g_clear_handle_id (&self->poll_id, g_source_remove);
  g_free (self->cursor);
  g_hash_table_unref (self->checksums);
  rtcc_seen_set_free (self->seen);
  G_OBJECT_CLASS (rtcc_bwc_integration_parent_class)->finalize (object);
}

static void
rtcc_bwc_integration_class_init (RtccBwcIntegrationClass *klass_)
{
  RtccBaseIntegrationClass *klass = RTCC_BASE_INTEGRATION_CLASS (klass_);

  G_OBJECT_CLASS (klass_)->finalize = rtcc_bwc_integration_finalize;
  klass->source = RTCC_SOURCE_BWC;
  klass->url_key = "BWC_API_URL";
  klass->health_path = "/assignments";
  klass->health_member = "data";
  klass->configure = rtcc_bwc_integration_configure;
  klass->normalize = rtcc_bwc_integration_normalize;
  klass->start = rtcc_bwc_integration_start;
  klass->stop = rtcc_bwc_integration_stop;
}

static void
rtcc_bwc_integration_init (RtccBwcIntegration *self)
{
  self->checksums = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->seen = rtcc_seen_set_new (SEEN_IDS_MAX);
}

/**
 * rtcc_bwc_integration_new:
 * @config: the workstation's configuration
 *
 * Returns: (transfer full): the body-worn camera integration, disabled
 *   when BWC_API_URL is not set
 */
RtccIntegration *
rtcc_bwc_integration_new (RtccConfig *config)
{
  return g_object_new (RTCC_TYPE_BWC_INTEGRATION, "config", config, NULL);
}

/**
 * rtcc_bwc_integration_get_cursor:
 *
 * Returns: (nullable): where the next poll for new recordings starts
 */
const char *
rtcc_bwc_integration_get_cursor (RtccBwcIntegration *self)
{
  return self->cursor;
}

/**
 * rtcc_bwc_integration_set_poll_interval:
 * @interval_ms: time between polls for new recordings; overrides
 *   BWC_POLL_SECONDS
 */
void
rtcc_bwc_integration_set_poll_interval (RtccBwcIntegration *self,
                                        guint               interval_ms)
{
  self->poll_interval_ms = MAX (interval_ms, 1);
}

/* Recording URL: renewed once when the vendor hands out one already
 * expired (a clock apart, or a link cached on its side). */

typedef struct
{
  char      *recording_id;
  gboolean   renewed;
  GDateTime *expires_at;
} UrlData;

static void
url_data_free (gpointer p)
{
  UrlData *data = p;

  g_free (data->recording_id);
  g_clear_pointer (&data->expires_at, g_date_time_unref);
  g_free (data);
}

static void url_request (GTask *task);

static void
url_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  UrlData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rtcc_service_client_send_json_finish (RTCC_SERVICE_CLIENT (object), result, &error);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  JsonObject *obj;
  const char *url, *expires;

  if (node == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  obj = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  if (rtcc_json_get_object (obj, "data") != NULL)
    obj = rtcc_json_get_object (obj, "data");
  url = rtcc_json_get_string (obj, "url");
  expires = rtcc_json_get_string (obj, "expiresAt");
  if (url == NULL || *url == '\0')
    {
      g_task_return_new_error (task, RTCC_BWC_ERROR, RTCC_BWC_ERROR_BAD_ANSWER,
                               _("The body-worn camera service sent no link to the recording"));
      return;
    }
  g_clear_pointer (&data->expires_at, g_date_time_unref);
  if (expires != NULL && !(data->expires_at = rtcc_time_parse_iso (expires, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (data->expires_at != NULL && g_date_time_compare (data->expires_at, now) <= 0)
    {
      if (!data->renewed)
        {
          data->renewed = TRUE;
          url_request (g_steal_pointer (&task));
          return;
        }
      g_task_return_new_error (task, RTCC_BWC_ERROR, RTCC_BWC_ERROR_URL_EXPIRED,
                               _("The body-worn camera service keeps sending links that have already "
                                 "expired. Check this computer's clock."));
      return;
    }
  g_task_return_pointer (task, g_strdup (url), g_free);
}

static void
url_request (GTask *task)
{
  RtccBwcIntegration *self = g_task_get_source_object (task);
  UrlData *data = g_task_get_task_data (task);
  RtccServiceClient *client = rtcc_base_integration_client_or_error (RTCC_BASE_INTEGRATION (self), task);
  g_autoptr(RtccRequest) request = NULL;
  g_autofree char *path = NULL;

  if (client == NULL)
    {
      g_object_unref (task);
      return;
    }
  path = recording_path (data->recording_id, "/url");
  request = rtcc_request_new ("GET", path);
  rtcc_service_client_send_async (client, request, g_task_get_cancellable (task), url_cb, task);
}

/**
 * rtcc_bwc_integration_get_recording_url_async:
 * @recording_id: the recording
 *
 * A link that plays the recording (HTTP ranges work) until it expires.
 */
void
rtcc_bwc_integration_get_recording_url_async (RtccBwcIntegration  *self,
                                              const char          *recording_id,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  UrlData *data = g_new0 (UrlData, 1);

  g_task_set_source_tag (task, rtcc_bwc_integration_get_recording_url_async);
  data->recording_id = g_strdup (recording_id);
  g_task_set_task_data (task, data, url_data_free);
  url_request (task);
}

/**
 * rtcc_bwc_integration_get_recording_url_finish:
 * @expires_at: (out) (optional) (nullable): when the link stops working
 *
 * Returns: (transfer full): the link
 */
char *
rtcc_bwc_integration_get_recording_url_finish (RtccBwcIntegration  *self,
                                               GAsyncResult        *result,
                                               GDateTime          **expires_at,
                                               GError             **error)
{
  UrlData *data;
  char *url;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rtcc_bwc_integration_get_recording_url_async, NULL);
  data = g_task_get_task_data (G_TASK (result));
  url = g_task_propagate_pointer (G_TASK (result), error);
  if (expires_at != NULL)
    *expires_at = url != NULL && data->expires_at ? g_date_time_ref (data->expires_at) : NULL;
  return url;
}

/* Assignments */

static void
assignments_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RtccBwcIntegration *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rtcc_service_client_send_json_finish (RTCC_SERVICE_CLIENT (object), result, &error);
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) errors = NULL;

  if (node != NULL)
    list = rtcc_bwc_assignments_from_json (node, &errors, &error);
  if (list == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  report_bad_items (self, errors, "assignment");
  g_task_return_pointer (task, g_steal_pointer (&list), (GDestroyNotify) g_ptr_array_unref);
}

/**
 * rtcc_bwc_integration_list_assignments_async:
 *
 * Which officer carries which camera, and the cameras' dock and battery.
 */
void
rtcc_bwc_integration_list_assignments_async (RtccBwcIntegration  *self,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(RtccRequest) request = NULL;
  RtccServiceClient *client;

  g_task_set_source_tag (task, rtcc_bwc_integration_list_assignments_async);
  if (!(client = rtcc_base_integration_client_or_error (RTCC_BASE_INTEGRATION (self), task)))
    return;
  request = rtcc_request_new ("GET", "/assignments");
  rtcc_service_client_send_async (client, request, cancellable, assignments_cb, g_steal_pointer (&task));
}

/**
 * rtcc_bwc_integration_list_assignments_finish:
 *
 * Returns: (transfer container) (element-type RtccBwcAssignment): the
 *   assignments
 */
GPtrArray *
rtcc_bwc_integration_list_assignments_finish (RtccBwcIntegration  *self,
                                              GAsyncResult        *result,
                                              GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rtcc_bwc_integration_list_assignments_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Incident links */

static void
link_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rtcc_service_client_send_json_finish (RTCC_SERVICE_CLIENT (object), result, &error);
  const char *incident = g_task_get_task_data (task);

  if (node != NULL)
    g_task_return_boolean (task, TRUE);
  else if (g_error_matches (error, RTCC_HTTP_ERROR, RTCC_HTTP_ERROR_CONFLICT))
    g_task_return_new_error (task, RTCC_HTTP_ERROR, RTCC_HTTP_ERROR_CONFLICT,
                             _("This recording is already linked to incident %s."), incident);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

/**
 * rtcc_bwc_integration_link_incident_async:
 * @recording_id: the recording
 * @incident_id: the RMS incident number
 *
 * A recording already linked fails with %RTCC_HTTP_ERROR_CONFLICT.
 */
void
rtcc_bwc_integration_link_incident_async (RtccBwcIntegration  *self,
                                          const char          *recording_id,
                                          const char          *incident_id,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(JsonBuilder) b = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(RtccRequest) request = NULL;
  g_autofree char *path = NULL;
  RtccServiceClient *client;

  g_task_set_source_tag (task, rtcc_bwc_integration_link_incident_async);
  g_task_set_task_data (task, g_strdup (incident_id), g_free);
  if (!(client = rtcc_base_integration_client_or_error (RTCC_BASE_INTEGRATION (self), task)))
    return;
  if (incident_id == NULL || *incident_id == '\0')
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("Enter the incident number to link"));
      return;
    }
  b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "incidentId");
  json_builder_add_string_value (b, incident_id);
  json_builder_end_object (b);
  body = json_builder_get_root (b);
  path = recording_path (recording_id, "/incidents");
  request = rtcc_request_new ("POST", path);
  rtcc_request_set_json_body (request, body);
  rtcc_service_client_send_async (client, request, cancellable, link_cb, g_steal_pointer (&task));
}

gboolean
rtcc_bwc_integration_link_incident_finish (RtccBwcIntegration  *self,
                                           GAsyncResult        *result,
                                           GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rtcc_bwc_integration_link_incident_async, FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
unlink_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  g_autoptr(JsonNode) node = rtcc_service_client_send_json_finish (RTCC_SERVICE_CLIENT (object), result, &error);

  if (node == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * rtcc_bwc_integration_unlink_incident_async:
 * @recording_id: the recording
 * @incident_id: the incident it is linked to
 */
void
rtcc_bwc_integration_unlink_incident_async (RtccBwcIntegration  *self,
                                            const char          *recording_id,
                                            const char          *incident_id,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(RtccRequest) request = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *tail = NULL;
  g_autofree char *path = NULL;
  RtccServiceClient *client;

  g_task_set_source_tag (task, rtcc_bwc_integration_unlink_incident_async);
  if (!(client = rtcc_base_integration_client_or_error (RTCC_BASE_INTEGRATION (self), task)))
    return;
  escaped = g_uri_escape_string (incident_id ? incident_id : "", NULL, FALSE);
  tail = g_strdup_printf ("/incidents/%s", escaped);
  path = recording_path (recording_id, tail);
  request = rtcc_request_new ("DELETE", path);
  rtcc_service_client_send_async (client, request, cancellable, unlink_cb, g_steal_pointer (&task));
}

gboolean
rtcc_bwc_integration_unlink_incident_finish (RtccBwcIntegration  *self,
                                             GAsyncResult        *result,
                                             GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rtcc_bwc_integration_unlink_incident_async, FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Download: link, then the file streamed to disk and checked against the
 * vendor's SHA-256; a link that expires on the way is renewed once. */

typedef struct
{
  char            *recording_id;
  char            *sha256;
  GFile           *destination;
  RtccBwcProgress  progress;
  gpointer         progress_data;
  gboolean         renewed;
} DownloadData;

static void
download_data_free (gpointer p)
{
  DownloadData *data = p;

  g_free (data->recording_id);
  g_free (data->sha256);
  g_clear_object (&data->destination);
  g_free (data);
}

static void download_url_cb (GObject *object, GAsyncResult *result, gpointer user_data);

static void
download_done_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RtccBwcIntegration *self = g_task_get_source_object (task);
  DownloadData *data = g_task_get_task_data (task);
  GError *error = NULL;
  goffset size = rtcc_video_download_finish (RTCC_SERVICE_CLIENT (object), result, &error);

  if (size >= 0)
    {
      g_task_return_int (task, size);
      return;
    }
  if (g_error_matches (error, RTCC_DOWNLOAD_ERROR, RTCC_DOWNLOAD_ERROR_EXPIRED) && !data->renewed)
    {
      GCancellable *cancellable = g_task_get_cancellable (task);

      data->renewed = TRUE;
      g_error_free (error);
      rtcc_bwc_integration_get_recording_url_async (self, data->recording_id, cancellable,
                                                    download_url_cb, g_steal_pointer (&task));
      return;
    }
  g_task_return_error (task, error);
}

static void
download_url_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RtccBwcIntegration *self = RTCC_BWC_INTEGRATION (object);
  DownloadData *data = g_task_get_task_data (task);
  GError *error = NULL;
  g_autofree char *url = rtcc_bwc_integration_get_recording_url_finish (self, result, NULL, &error);
  GCancellable *cancellable = g_task_get_cancellable (task);
  RtccServiceClient *client;

  if (url == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (!(client = rtcc_base_integration_client_or_error (RTCC_BASE_INTEGRATION (self), task)))
    return;
  rtcc_video_download_async (client, url, data->destination, data->sha256, data->progress,
                             data->progress_data, cancellable, download_done_cb, g_steal_pointer (&task));
}

/**
 * rtcc_bwc_integration_download_recording_async:
 * @recording_id: the recording
 * @expected_sha256: (nullable): the vendor's checksum; %NULL takes it from
 *   the recordings this integration has listed
 * @destination: the file to write; replaced only by a verified download
 * @progress: (nullable) (scope notified): called as chunks are saved
 *
 * A file whose SHA-256 differs from the vendor's is deleted and the
 * download fails with %RTCC_DOWNLOAD_ERROR_CHECKSUM.
 */
void
rtcc_bwc_integration_download_recording_async (RtccBwcIntegration  *self,
                                               const char          *recording_id,
                                               const char          *expected_sha256,
                                               GFile               *destination,
                                               RtccBwcProgress      progress,
                                               gpointer             progress_data,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  DownloadData *data;
  const char *sha = expected_sha256;

  g_task_set_source_tag (task, rtcc_bwc_integration_download_recording_async);
  if (sha == NULL && recording_id != NULL)
    sha = g_hash_table_lookup (self->checksums, recording_id);
  if (sha == NULL || *sha == '\0')
    {
      g_task_return_new_error (task, RTCC_BWC_ERROR, RTCC_BWC_ERROR_NO_CHECKSUM,
                               _("The recording's checksum is not known, so a download could not be "
                                 "verified. List the officer's recordings first."));
      return;
    }
  data = g_new0 (DownloadData, 1);
  data->recording_id = g_strdup (recording_id);
  data->sha256 = g_strdup (sha);
  data->destination = g_object_ref (destination);
  data->progress = progress;
  data->progress_data = progress_data;
  g_task_set_task_data (task, data, download_data_free);
  rtcc_bwc_integration_get_recording_url_async (self, recording_id, cancellable, download_url_cb,
                                                g_steal_pointer (&task));
}

/**
 * rtcc_bwc_integration_download_recording_finish:
 *
 * Returns: the bytes saved, or -1 with @error
 */
goffset
rtcc_bwc_integration_download_recording_finish (RtccBwcIntegration  *self,
                                                GAsyncResult        *result,
                                                GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), -1);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rtcc_bwc_integration_download_recording_async, -1);
  return g_task_propagate_int (G_TASK (result), error);
}
