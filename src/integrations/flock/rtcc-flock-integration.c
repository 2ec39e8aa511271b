/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccFlock"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "rtcc-flock-integration.h"
#include "rtcc-json.h"
#include "rtcc-seen-set.h"
#include "rtcc-plate.h"
#include "rtcc-stream.h"
#include "rtcc-time.h"
#include "rtcc-util.h"

/* Flock's largest page. */
#define PAGE_SIZE           100
/* A catch-up that needs more pages than this is a vendor loop, not news. */
#define MAX_CATCH_UP_PAGES  50
/* Hits remembered to drop the ones the stream and the catch-up both send. */
#define MAX_SEEN_HITS       10000
/* A failed catch-up is tried again after this, doubling up to the max. */
#define RETRY_FIRST_S       2
#define RETRY_MAX_S         60

struct _RtccFlockIntegration
{
  RtccBaseIntegration  parent_instance;

  RtccStream          *stream;
  char                *cursor;
  /* Bumped by every stream message that moves the cursor, so a catch-up
   * answer that is older than the stream never moves it back. */
  guint64              cursor_generation;
  gboolean             catching_up;
  gboolean             caught_up;      /* a catch-up has succeeded since start */
  guint                retry_id;
  guint                retry_s;

  RtccSeenSet         *seen;
};

G_DEFINE_FINAL_TYPE (RtccFlockIntegration, rtcc_flock_integration, RTCC_TYPE_BASE_INTEGRATION)

G_DEFINE_QUARK (rtcc-flock-error-quark, rtcc_flock_error)

static void catch_up (RtccFlockIntegration *self);

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

static GPtrArray *
rtcc_flock_integration_normalize (RtccBaseIntegration  *self,
                                  JsonNode             *document,
                                  GPtrArray           **item_errors,
                                  GError              **error)
{
  return rtcc_flock_normalize_document (document, item_errors, NULL, error);
}

static void
report_bad_items (RtccFlockIntegration *self,
                  GPtrArray            *errors)
{
  RtccServiceClient *client = rtcc_base_integration_get_client (RTCC_BASE_INTEGRATION (self));

  for (guint i = 0; errors != NULL && i < errors->len; i++)
    {
      GError *error = g_ptr_array_index (errors, i);
      g_warning ("Skipped a Flock item: %s", error->message);
      if (client != NULL)
        rtcc_service_client_record_failure (client, error);
    }
}

/* Returns whether the hit is new, remembering it. */
static gboolean
remember_hit (RtccFlockIntegration *self,
              const char           *event_id)
{
  return rtcc_seen_set_add (self->seen, event_id, 1);
}

static void
emit_new_hits (RtccFlockIntegration *self,
               GPtrArray            *events)
{
  for (guint i = 0; i < events->len; i++)
    {
      RtccEvent *event = g_ptr_array_index (events, i);

      if (remember_hit (self, rtcc_event_get_id (event)))
        rtcc_integration_emit_event (RTCC_INTEGRATION (self), event);
    }
}

static char *
stream_path (gpointer user_data)
{
  RtccFlockIntegration *self = user_data;
  g_autofree char *cursor = NULL;

  if (self->cursor == NULL)
    return g_strdup ("/hits/stream");
  cursor = g_uri_escape_string (self->cursor, NULL, FALSE);
  return g_strdup_printf ("/hits/stream?cursor=%s", cursor);
}

static void
on_stream_message (RtccStream           *stream,
                   GBytes               *message,
                   RtccFlockIntegration *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rtcc_json_parse_bytes (message, &error);
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GPtrArray) errors = NULL;
  g_autofree char *cursor = NULL;

  if (node != NULL)
    events = rtcc_flock_normalize_document (node, &errors, &cursor, &error);
  if (events == NULL)
    {
      g_autoptr(GPtrArray) one = g_ptr_array_new ();
      g_ptr_array_add (one, error);
      report_bad_items (self, one);
      return;
    }
  report_bad_items (self, errors);
  emit_new_hits (self, events);
  /* Only a message that was read moves the cursor, so nothing is skipped. */
  if (cursor != NULL && rtcc_set_str (&self->cursor, cursor))
    self->cursor_generation++;
}

static void
on_stream_problem (RtccStream           *stream,
                   GParamSpec           *pspec,
                   RtccFlockIntegration *self)
{
  rtcc_base_integration_set_stream_problem (RTCC_BASE_INTEGRATION (self),
                                            rtcc_stream_get_problem (stream));
}

static void
on_stream_opened (RtccStream           *stream,
                  RtccFlockIntegration *self)
{
  /* The stream resumes by cursor; asking the REST side too covers a
   * vendor whose stream lost what it held while we were away, and a start
   * in an outage, when the first catch-up failed and the stream has no
   * cursor yet. */
  if (rtcc_stream_get_connections (stream) > 1 || !self->caught_up)
    catch_up (self);
}

/* Catch-up: GET /hits?since=C until a page brings nothing new. */

typedef struct
{
  guint    pages;
  guint64  generation;
  char    *since;
} CatchUp;

static void
catch_up_free (gpointer p)
{
  CatchUp *data = p;

  g_free (data->since);
  g_free (data);
}

static void catch_up_page (GTask *task);

static void
catch_up_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RtccFlockIntegration *self = g_task_get_source_object (task);
  CatchUp *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rtcc_service_client_send_json_finish (RTCC_SERVICE_CLIENT (object), result, &error);
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GPtrArray) errors = NULL;
  g_autofree char *next = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;
  if (node != NULL)
    events = rtcc_flock_normalize_document (node, &errors, &next, &error);
  if (events == NULL)
    {
      rtcc_base_integration_report_error (RTCC_BASE_INTEGRATION (self), error);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  report_bad_items (self, errors);
  emit_new_hits (self, events);

  if (next != NULL && data->generation == self->cursor_generation)
    {
      rtcc_set_str (&self->cursor, next);
      self->cursor_generation++;
      data->generation = self->cursor_generation;
    }
  if (next != NULL && g_strcmp0 (next, data->since) != 0 && events->len + (errors ? errors->len : 0) > 0 &&
      ++data->pages < MAX_CATCH_UP_PAGES)
    {
      rtcc_set_str (&data->since, next);
      catch_up_page (g_steal_pointer (&task));
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
catch_up_page (GTask *task)
{
  RtccFlockIntegration *self = g_task_get_source_object (task);
  CatchUp *data = g_task_get_task_data (task);
  RtccServiceClient *client = rtcc_base_integration_get_client (RTCC_BASE_INTEGRATION (self));
  g_autoptr(RtccRequest) request = rtcc_request_new ("GET", "/hits");

  if (client == NULL)
    {
      g_task_return_boolean (task, FALSE);
      g_object_unref (task);
      return;
    }
  rtcc_request_add_query (request, "since", data->since);
  rtcc_service_client_send_async (client, request, g_task_get_cancellable (task), catch_up_cb, task);
}

static gboolean
retry_cb (gpointer user_data)
{
  RtccFlockIntegration *self = user_data;

  self->retry_id = 0;
  catch_up (self);
  return G_SOURCE_REMOVE;
}

static void
catch_up_done (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  RtccFlockIntegration *self = RTCC_FLOCK_INTEGRATION (object);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  /* Errors were reported to the status as they came. */
  ok = g_task_propagate_boolean (G_TASK (result), &error);
  self->catching_up = FALSE;
  if (ok)
    {
      self->caught_up = TRUE;
      self->retry_s = RETRY_FIRST_S;
    }
  else if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
           rtcc_base_integration_is_started (RTCC_BASE_INTEGRATION (self)))
    {
      g_clear_handle_id (&self->retry_id, g_source_remove);
      self->retry_id = g_timeout_add_seconds (self->retry_s, retry_cb, self);
      self->retry_s = MIN (self->retry_s * 2, RETRY_MAX_S);
    }
  /* Stopped; if started again meanwhile, that start found a catch-up in
   * flight and left it to us. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
      rtcc_base_integration_is_started (RTCC_BASE_INTEGRATION (self)))
    catch_up (self);
}

static void
catch_up (RtccFlockIntegration *self)
{
  GTask *task;
  CatchUp *data;

  if (self->catching_up)
    return;
  g_clear_handle_id (&self->retry_id, g_source_remove);
  self->catching_up = TRUE;
  task = g_task_new (self, rtcc_base_integration_get_cancellable (RTCC_BASE_INTEGRATION (self)),
                     catch_up_done, NULL);
  g_task_set_source_tag (task, catch_up);
  data = g_new0 (CatchUp, 1);
  data->since = g_strdup (self->cursor);
  data->generation = self->cursor_generation;
  g_task_set_task_data (task, data, catch_up_free);
  catch_up_page (task);
}

static void
rtcc_flock_integration_start (RtccBaseIntegration *base)
{
  RtccFlockIntegration *self = RTCC_FLOCK_INTEGRATION (base);
  RtccServiceClient *client = rtcc_base_integration_get_client (base);

  self->stream = rtcc_stream_new (client, stream_path, self, NULL);
  g_signal_connect_object (self->stream, "message", G_CALLBACK (on_stream_message), self, 0);
  g_signal_connect_object (self->stream, "opened", G_CALLBACK (on_stream_opened), self, 0);
  g_signal_connect_object (self->stream, "notify::problem", G_CALLBACK (on_stream_problem), self, 0);
  self->caught_up = FALSE;
  self->retry_s = RETRY_FIRST_S;
  rtcc_stream_start (self->stream);
  catch_up (self);
}

static void
rtcc_flock_integration_stop (RtccBaseIntegration *base)
{
  RtccFlockIntegration *self = RTCC_FLOCK_INTEGRATION (base);

  if (self->stream != NULL)
    {
      rtcc_stream_stop (self->stream);
      g_signal_handlers_disconnect_by_data (self->stream, self);
      g_clear_object (&self->stream);
    }
  g_clear_handle_id (&self->retry_id, g_source_remove);
  rtcc_base_integration_set_stream_problem (base, NULL);
}

static void
rtcc_flock_integration_finalize (GObject *object)
{
  RtccFlockIntegration *self = RTCC_FLOCK_INTEGRATION (object);

  g_clear_object (&self->stream);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  g_free (self->cursor);
  rtcc_seen_set_free (self->seen);
  G_OBJECT_CLASS (rtcc_flock_integration_parent_class)->finalize (object);
}

static void
rtcc_flock_integration_class_init (RtccFlockIntegrationClass *klass_)
{
  RtccBaseIntegrationClass *klass = RTCC_BASE_INTEGRATION_CLASS (klass_);

  G_OBJECT_CLASS (klass_)->finalize = rtcc_flock_integration_finalize;
  klass->source = RTCC_SOURCE_FLOCK;
  klass->url_key = "FLOCK_API_URL";
  klass->health_path = "/hotlists";
  klass->health_member = "hotlists";
  klass->configure = rtcc_flock_integration_configure;
  klass->normalize = rtcc_flock_integration_normalize;
  klass->start = rtcc_flock_integration_start;
  klass->stop = rtcc_flock_integration_stop;
}

static void
rtcc_flock_integration_init (RtccFlockIntegration *self)
{
  /* The queue owns nothing: the table frees the keys they share. */
  self->seen = rtcc_seen_set_new (MAX_SEEN_HITS);
  self->retry_s = RETRY_FIRST_S;
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

/**
 * rtcc_flock_integration_get_cursor:
 *
 * Returns: (nullable): the cursor of the last hit read, from the stream or
 *   the catch-up
 */
const char *
rtcc_flock_integration_get_cursor (RtccFlockIntegration *self)
{
  g_return_val_if_fail (RTCC_IS_FLOCK_INTEGRATION (self), NULL);
  return self->cursor;
}

/* Plate search: POST /reads/lookup, following nextPageId. */

typedef struct
{
  JsonObject *body;
  guint       max_reads;
  char       *page_id;
  GPtrArray  *events;
} SearchData;

static void
search_data_free (gpointer p)
{
  SearchData *data = p;

  json_object_unref (data->body);
  g_free (data->page_id);
  g_ptr_array_unref (data->events);
  g_free (data);
}

static void search_next_page (GTask *task);

static void
search_page_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RtccFlockIntegration *self = g_task_get_source_object (task);
  SearchData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rtcc_service_client_send_json_finish (RTCC_SERVICE_CLIENT (object), result, &error);
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GPtrArray) errors = NULL;
  g_autofree char *next = NULL;

  if (node != NULL)
    events = rtcc_flock_normalize_document (node, &errors, &next, &error);
  if (events == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (!json_object_has_member (json_node_get_object (node), "reads"))
    {
      g_task_return_new_error (task, RTCC_JSON_ERROR, RTCC_JSON_ERROR_WRONG_SHAPE,
                               _("Flock did not answer the plate search with a list of reads"));
      return;
    }
  report_bad_items (self, errors);
  for (guint i = 0; i < events->len && data->events->len < data->max_reads; i++)
    g_ptr_array_add (data->events, g_object_ref (g_ptr_array_index (events, i)));

  /* A vendor that hands back the same page again would loop forever. */
  if (next != NULL && *next != '\0' && g_strcmp0 (next, data->page_id) != 0 &&
      events->len + errors->len > 0 && data->events->len < data->max_reads)
    {
      rtcc_set_str (&data->page_id, next);
      search_next_page (g_steal_pointer (&task));
      return;
    }
  g_task_return_pointer (task, g_ptr_array_ref (data->events), (GDestroyNotify) g_ptr_array_unref);
}

static void
search_next_page (GTask *task)
{
  RtccFlockIntegration *self = g_task_get_source_object (task);
  SearchData *data = g_task_get_task_data (task);
  RtccServiceClient *client = rtcc_base_integration_client_or_error (RTCC_BASE_INTEGRATION (self), task);
  g_autoptr(RtccRequest) request = NULL;
  g_autoptr(JsonNode) body = NULL;

  if (client == NULL)
    {
      g_object_unref (task);
      return;
    }
  json_object_set_int_member (data->body, "pageSize", MIN (PAGE_SIZE, data->max_reads - data->events->len));
  if (data->page_id != NULL)
    json_object_set_string_member (data->body, "pageId", data->page_id);
  else
    json_object_set_null_member (data->body, "pageId");
  body = json_node_init_object (json_node_alloc (), data->body);
  request = rtcc_request_new ("POST", "/reads/lookup");
  rtcc_request_set_json_body (request, body);
  /* Plates searched and the reason are investigative data. */
  rtcc_request_set_sensitive (request, TRUE);
  rtcc_service_client_send_async (client, request, g_task_get_cancellable (task), search_page_cb, task);
}

static void
set_optional_string (JsonObject *object,
                     const char *member,
                     const char *value)
{
  if (rtcc_str_is_blank (value))
    json_object_set_null_member (object, member);
  else
    json_object_set_string_member (object, member, value);
}

/**
 * rtcc_flock_integration_search_reads_async:
 * @plate: the plate; `*` matches any characters
 * @state: (nullable): the issuing state
 * @from: (nullable): the earliest read
 * @to: (nullable): the latest read
 * @reason: why the search is made; required by Flock and refused here,
 *   before sending, when empty
 * @case_number: (nullable): the case it serves
 * @max_reads: stop after this many
 *
 * Past reads of a plate, following Flock's pages.
 */
void
rtcc_flock_integration_search_reads_async (RtccFlockIntegration *self,
                                           const char           *plate,
                                           const char           *state,
                                           GDateTime            *from,
                                           GDateTime            *to,
                                           const char           *reason,
                                           const char           *case_number,
                                           guint                 max_reads,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *norm = rtcc_plate_normalize (plate);
  g_autofree char *from_iso = from ? rtcc_time_format_iso (from) : NULL;
  g_autofree char *to_iso = to ? rtcc_time_format_iso (to) : NULL;
  g_autofree char *reason_clean = NULL;
  SearchData *data;

  g_return_if_fail (RTCC_IS_FLOCK_INTEGRATION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rtcc_flock_integration_search_reads_async);
  if (rtcc_str_is_blank (reason))
    {
      g_task_return_new_error (task, RTCC_FLOCK_ERROR, RTCC_FLOCK_ERROR_REASON_REQUIRED,
                               _("Give a reason for the plate search: Flock requires one and the audit log records it."));
      return;
    }
  if (norm == NULL)
    {
      g_task_return_new_error (task, RTCC_FLOCK_ERROR, RTCC_FLOCK_ERROR_INVALID_ARGUMENT,
                               _("Enter a plate to search for."));
      return;
    }
  if (from != NULL && to != NULL && g_date_time_compare (from, to) > 0)
    {
      g_task_return_new_error (task, RTCC_FLOCK_ERROR, RTCC_FLOCK_ERROR_INVALID_ARGUMENT,
                               _("The search starts after it ends; swap the dates."));
      return;
    }

  reason_clean = g_utf8_make_valid (reason, -1);
  data = g_new0 (SearchData, 1);
  data->max_reads = MAX (max_reads, 1);
  data->events = g_ptr_array_new_with_free_func (g_object_unref);
  data->body = json_object_new ();
  json_object_set_string_member (data->body, "plate", norm);
  set_optional_string (data->body, "state", state);
  set_optional_string (data->body, "startDate", from_iso);
  set_optional_string (data->body, "endDate", to_iso);
  json_object_set_string_member (data->body, "reason", g_strstrip (reason_clean));
  set_optional_string (data->body, "caseNumber", case_number);
  g_task_set_task_data (task, data, search_data_free);
  search_next_page (g_steal_pointer (&task));
}

/**
 * rtcc_flock_integration_search_reads_finish:
 *
 * Returns: (transfer container) (element-type RtccEvent): the `lpr_read`
 *   events, in Flock's order
 */
GPtrArray *
rtcc_flock_integration_search_reads_finish (RtccFlockIntegration  *self,
                                            GAsyncResult          *result,
                                            GError               **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rtcc_flock_integration_search_reads_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Hotlists */

static void
list_hotlists_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RtccFlockIntegration *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rtcc_service_client_send_json_finish (RTCC_SERVICE_CLIENT (object), result, &error);
  g_autoptr(GPtrArray) errors = NULL;
  GPtrArray *items = NULL;

  if (node != NULL)
    {
      if (g_task_get_source_tag (task) == rtcc_flock_integration_list_hotlists_async)
        items = rtcc_flock_parse_hotlists (node, &errors, &error);
      else
        items = rtcc_flock_parse_hotlist_entries (node, &errors, &error);
    }
  if (items == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  report_bad_items (self, errors);
  g_task_return_pointer (task, items, (GDestroyNotify) g_ptr_array_unref);
}

/**
 * rtcc_flock_integration_list_hotlists_async:
 *
 * The agency's hotlists.
 */
void
rtcc_flock_integration_list_hotlists_async (RtccFlockIntegration *self,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(RtccRequest) request = NULL;
  RtccServiceClient *client;

  g_return_if_fail (RTCC_IS_FLOCK_INTEGRATION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rtcc_flock_integration_list_hotlists_async);
  if (!(client = rtcc_base_integration_client_or_error (RTCC_BASE_INTEGRATION (self), task)))
    return;
  request = rtcc_request_new ("GET", "/hotlists");
  rtcc_service_client_send_async (client, request, cancellable, list_hotlists_cb, g_steal_pointer (&task));
}

/**
 * rtcc_flock_integration_list_hotlists_finish:
 *
 * Returns: (transfer container) (element-type RtccFlockHotlist): the hotlists
 */
GPtrArray *
rtcc_flock_integration_list_hotlists_finish (RtccFlockIntegration  *self,
                                             GAsyncResult          *result,
                                             GError               **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rtcc_flock_integration_list_hotlists_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static char *
entries_path (const char *hotlist_id,
              const char *plate)
{
  g_autofree char *id = g_uri_escape_string (hotlist_id, NULL, FALSE);
  g_autofree char *escaped_plate = plate ? g_uri_escape_string (plate, NULL, FALSE) : NULL;

  if (escaped_plate != NULL)
    return g_strdup_printf ("/hotlists/%s/entries/%s", id, escaped_plate);
  return g_strdup_printf ("/hotlists/%s/entries", id);
}

/**
 * rtcc_flock_integration_list_hotlist_entries_async:
 * @hotlist_id: the hotlist
 *
 * The plates on a hotlist.
 */
void
rtcc_flock_integration_list_hotlist_entries_async (RtccFlockIntegration *self,
                                                   const char           *hotlist_id,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(RtccRequest) request = NULL;
  g_autofree char *path = NULL;
  RtccServiceClient *client;

  g_return_if_fail (RTCC_IS_FLOCK_INTEGRATION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rtcc_flock_integration_list_hotlist_entries_async);
  if (rtcc_str_is_blank (hotlist_id))
    {
      g_task_return_new_error (task, RTCC_FLOCK_ERROR, RTCC_FLOCK_ERROR_INVALID_ARGUMENT,
                               _("Choose a hotlist."));
      return;
    }
  if (!(client = rtcc_base_integration_client_or_error (RTCC_BASE_INTEGRATION (self), task)))
    return;
  path = entries_path (hotlist_id, NULL);
  request = rtcc_request_new ("GET", path);
  rtcc_service_client_send_async (client, request, cancellable, list_hotlists_cb, g_steal_pointer (&task));
}

/**
 * rtcc_flock_integration_list_hotlist_entries_finish:
 *
 * Returns: (transfer container) (element-type RtccFlockHotlistEntry): the entries
 */
GPtrArray *
rtcc_flock_integration_list_hotlist_entries_finish (RtccFlockIntegration  *self,
                                                    GAsyncResult          *result,
                                                    GError               **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rtcc_flock_integration_list_hotlist_entries_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct
{
  RtccRequest           *request;
  RtccFlockHotlistEntry *sent;
} EntryData;

static void
entry_data_free (gpointer p)
{
  EntryData *data = p;

  g_clear_object (&data->request);
  rtcc_flock_hotlist_entry_free (data->sent);
  g_free (data);
}

static void
add_entry_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  EntryData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rtcc_service_client_send_json_finish (RTCC_SERVICE_CLIENT (object), result, &error);
  JsonObject *entry_obj = NULL;
  RtccFlockHotlistEntry *entry;

  if (node == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (JSON_NODE_HOLDS_OBJECT (node))
    entry_obj = rtcc_json_get_object (json_node_get_object (node), "entry");
  /* Created is what was asked; an answer without the entry still says so. */
  if (entry_obj == NULL || !(entry = rtcc_flock_parse_hotlist_entry (entry_obj, NULL)))
    entry = rtcc_flock_hotlist_entry_copy (data->sent);
  g_debug ("Hotlist entry added (HTTP %u)", rtcc_request_get_status (data->request));
  g_task_return_pointer (task, entry, (GDestroyNotify) rtcc_flock_hotlist_entry_free);
}

/**
 * rtcc_flock_integration_add_hotlist_entry_async:
 * @hotlist_id: the hotlist
 * @entry: the plate (normalized here) and why it is listed; a reason is
 *   required
 *
 * Puts a plate on a hotlist (Flock answers 201).
 */
void
rtcc_flock_integration_add_hotlist_entry_async (RtccFlockIntegration        *self,
                                                const char                  *hotlist_id,
                                                const RtccFlockHotlistEntry *entry,
                                                GCancellable                *cancellable,
                                                GAsyncReadyCallback          callback,
                                                gpointer                     user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(RtccRequest) request = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *path = NULL;
  g_autofree char *expires = NULL;
  JsonObject *obj;
  EntryData *data;
  RtccServiceClient *client;

  g_return_if_fail (RTCC_IS_FLOCK_INTEGRATION (self));
  g_return_if_fail (entry != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rtcc_flock_integration_add_hotlist_entry_async);
  if (rtcc_str_is_blank (hotlist_id))
    {
      g_task_return_new_error (task, RTCC_FLOCK_ERROR, RTCC_FLOCK_ERROR_INVALID_ARGUMENT,
                               _("Choose a hotlist."));
      return;
    }
  if (rtcc_str_is_blank (entry->reason))
    {
      g_task_return_new_error (task, RTCC_FLOCK_ERROR, RTCC_FLOCK_ERROR_REASON_REQUIRED,
                               _("Give a reason for listing the plate."));
      return;
    }
  data = g_new0 (EntryData, 1);
  data->sent = rtcc_flock_hotlist_entry_copy (entry);
  g_free (data->sent->plate);
  data->sent->plate = rtcc_plate_normalize (entry->plate);
  g_task_set_task_data (task, data, entry_data_free);
  if (data->sent->plate == NULL || strchr (data->sent->plate, '*') != NULL)
    {
      g_task_return_new_error (task, RTCC_FLOCK_ERROR, RTCC_FLOCK_ERROR_INVALID_ARGUMENT,
                               _("Enter the full plate to list, without wildcards."));
      return;
    }
  if (!(client = rtcc_base_integration_client_or_error (RTCC_BASE_INTEGRATION (self), task)))
    return;

  obj = json_object_new ();
  json_object_set_string_member (obj, "plate", data->sent->plate);
  set_optional_string (obj, "state", entry->state);
  json_object_set_string_member (obj, "reason", entry->reason);
  set_optional_string (obj, "caseNumber", entry->case_number);
  expires = entry->expires_at ? rtcc_time_format_iso (entry->expires_at) : NULL;
  set_optional_string (obj, "expiresAt", expires);
  body = json_node_init_object (json_node_alloc (), obj);
  json_object_unref (obj);

  path = entries_path (hotlist_id, NULL);
  request = rtcc_request_new ("POST", path);
  rtcc_request_set_json_body (request, body);
  rtcc_request_set_sensitive (request, TRUE);
  /* A create is not repeated on a server error: it may have been done. */
  rtcc_request_set_retry (request, FALSE);
  data->request = g_object_ref (request);
  rtcc_service_client_send_async (client, request, cancellable, add_entry_cb, g_steal_pointer (&task));
}

/**
 * rtcc_flock_integration_add_hotlist_entry_finish:
 *
 * Returns: (transfer full): the entry as Flock recorded it
 */
RtccFlockHotlistEntry *
rtcc_flock_integration_add_hotlist_entry_finish (RtccFlockIntegration  *self,
                                                 GAsyncResult          *result,
                                                 GError               **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rtcc_flock_integration_add_hotlist_entry_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
remove_entry_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rtcc_service_client_send_json_finish (RTCC_SERVICE_CLIENT (object), result, &error);

  if (node != NULL)
    g_task_return_boolean (task, TRUE);
  else if (g_error_matches (error, RTCC_HTTP_ERROR, RTCC_HTTP_ERROR_NOT_FOUND))
    g_task_return_new_error (task, RTCC_HTTP_ERROR, RTCC_HTTP_ERROR_NOT_FOUND,
                             _("Plate %s is not on this hotlist; it may have been removed already. %s"),
                             (const char *) g_task_get_task_data (task), error->message);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

/**
 * rtcc_flock_integration_remove_hotlist_entry_async:
 * @hotlist_id: the hotlist
 * @plate: the plate to take off it
 *
 * Flock answers 204; a plate not on the list fails with
 * %RTCC_HTTP_ERROR_NOT_FOUND.
 */
void
rtcc_flock_integration_remove_hotlist_entry_async (RtccFlockIntegration *self,
                                                   const char           *hotlist_id,
                                                   const char           *plate,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(RtccRequest) request = NULL;
  g_autofree char *path = NULL;
  char *norm = rtcc_plate_normalize (plate);
  RtccServiceClient *client;

  g_return_if_fail (RTCC_IS_FLOCK_INTEGRATION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rtcc_flock_integration_remove_hotlist_entry_async);
  g_task_set_task_data (task, norm, g_free);
  if (rtcc_str_is_blank (hotlist_id) || norm == NULL)
    {
      g_task_return_new_error (task, RTCC_FLOCK_ERROR, RTCC_FLOCK_ERROR_INVALID_ARGUMENT,
                               _("Choose a hotlist and a plate to remove."));
      return;
    }
  if (!(client = rtcc_base_integration_client_or_error (RTCC_BASE_INTEGRATION (self), task)))
    return;
  path = entries_path (hotlist_id, norm);
  request = rtcc_request_new ("DELETE", path);
  rtcc_request_set_sensitive (request, TRUE);
  rtcc_service_client_send_async (client, request, cancellable, remove_entry_cb, g_steal_pointer (&task));
}

/**
 * rtcc_flock_integration_remove_hotlist_entry_finish:
 *
 * Returns: %TRUE once the plate is off the list
 */
gboolean
rtcc_flock_integration_remove_hotlist_entry_finish (RtccFlockIntegration  *self,
                                                    GAsyncResult          *result,
                                                    GError               **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rtcc_flock_integration_remove_hotlist_entry_async, FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
