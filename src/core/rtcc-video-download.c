/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccVideoDownload"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "rtcc-json.h"
#include "rtcc-video-download.h"

#define CHUNK_BYTES      (256 * 1024)
#define ERROR_BODY_BYTES (64 * 1024)

G_DEFINE_QUARK (rtcc-download-error-quark, rtcc_download_error)

/* Media (clips, body-worn recordings) can be gigabytes: they go from the
 * socket to a ".part" file beside the destination in chunks, and only a
 * complete, verified file is renamed into place. Anything else removes
 * the partial file. */
typedef struct
{
  char                 *uri;
  GFile                *destination;
  GFile                *part;
  char                 *expected_sha256;
  RtccDownloadProgress  progress;
  gpointer              progress_data;
  gboolean              authorize;
  gboolean              refreshed_token;

  SoupMessage          *message;
  GInputStream         *input;
  GOutputStream        *output;
  GChecksum            *checksum;
  GBytes               *chunk;
  goffset               received;
  goffset               total;
  GError               *failure;
} DownloadData;

static void
download_data_free (gpointer p)
{
  DownloadData *data = p;

  g_free (data->uri);
  g_clear_object (&data->destination);
  g_clear_object (&data->part);
  g_free (data->expected_sha256);
  g_clear_object (&data->message);
  g_clear_object (&data->input);
  g_clear_object (&data->output);
  g_clear_pointer (&data->checksum, g_checksum_free);
  g_clear_pointer (&data->chunk, g_bytes_unref);
  g_clear_error (&data->failure);
  g_free (data);
}

static void start_request (GTask *task);
static void read_next (GTask *task);

static void
part_deleted_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DownloadData *data = g_task_get_task_data (task);

  g_file_delete_finish (G_FILE (object), result, NULL);
  g_task_return_error (task, g_steal_pointer (&data->failure));
}

static void
output_closed_after_failure_cb (GObject      *object,
                                GAsyncResult *result,
                                gpointer      user_data)
{
  GTask *task = user_data;
  DownloadData *data = g_task_get_task_data (task);

  g_output_stream_close_finish (G_OUTPUT_STREAM (object), result, NULL);
  g_file_delete_async (data->part, G_PRIORITY_DEFAULT, NULL, part_deleted_cb, task);
}

/* Takes @error; removes the partial file before returning it. */
static void
fail (GTask  *task,
      GError *error)
{
  DownloadData *data = g_task_get_task_data (task);

  g_clear_error (&data->failure);
  data->failure = error;
  if (data->input != NULL)
    g_input_stream_close_async (data->input, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
  if (data->output != NULL && !g_output_stream_is_closed (data->output))
    /* Not cancellable: the close must happen for the delete to work. */
    g_output_stream_close_async (data->output, G_PRIORITY_DEFAULT, NULL,
                                 output_closed_after_failure_cb, task);
  else if (data->output != NULL)
    g_file_delete_async (data->part, G_PRIORITY_DEFAULT, NULL, part_deleted_cb, task);
  else
    {
      g_task_return_error (task, g_steal_pointer (&data->failure));
      g_object_unref (task);
    }
}

static void
moved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DownloadData *data = g_task_get_task_data (task);
  GError *error = NULL;

  if (!g_file_move_finish (G_FILE (object), result, &error))
    {
      g_autofree char *path = g_file_get_parse_name (data->destination);
      GError *wrapped = g_error_new (error->domain, error->code, _("Could not save %s: %s"),
                                     path, error->message);
      g_error_free (error);
      fail (g_steal_pointer (&task), wrapped);
      return;
    }
  g_task_return_int (task, data->received);
}

static void
output_closed_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask *task = user_data;
  DownloadData *data = g_task_get_task_data (task);
  GError *error = NULL;
  const char *sum;

  if (!g_output_stream_close_finish (G_OUTPUT_STREAM (object), result, &error))
    {
      fail (task, error);
      return;
    }
  sum = g_checksum_get_string (data->checksum);
  if (data->expected_sha256 != NULL && g_ascii_strcasecmp (sum, data->expected_sha256) != 0)
    {
      fail (task, g_error_new (RTCC_DOWNLOAD_ERROR, RTCC_DOWNLOAD_ERROR_CHECKSUM,
                               _("The downloaded file does not match the vendor's checksum "
                                 "(SHA-256 %.12s…, expected %.12s…); it was deleted. Try again."),
                               sum, data->expected_sha256));
      return;
    }
  g_file_move_async (data->part, data->destination, G_FILE_COPY_OVERWRITE, G_PRIORITY_DEFAULT,
                     g_task_get_cancellable (task), NULL, NULL, moved_cb, task);
}

static void
written_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GTask *task = user_data;
  DownloadData *data = g_task_get_task_data (task);
  GError *error = NULL;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, &error))
    {
      fail (task, error);
      return;
    }
  data->received += g_bytes_get_size (data->chunk);
  g_clear_pointer (&data->chunk, g_bytes_unref);
  if (data->progress != NULL)
    data->progress (data->received, data->total, data->progress_data);
  read_next (task);
}

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GTask *task = user_data;
  DownloadData *data = g_task_get_task_data (task);
  GError *error = NULL;
  GBytes *chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);

  if (chunk == NULL)
    {
      fail (task, error);
      return;
    }
  if (g_bytes_get_size (chunk) == 0)
    {
      g_bytes_unref (chunk);
      if (data->total > 0 && data->received < data->total)
        {
          fail (task, g_error_new (RTCC_DOWNLOAD_ERROR, RTCC_DOWNLOAD_ERROR_INCOMPLETE,
                                   _("The download stopped after %lld of %lld bytes; it was deleted. Try again."),
                                   (long long) data->received, (long long) data->total));
          return;
        }
      g_output_stream_close_async (data->output, G_PRIORITY_DEFAULT, g_task_get_cancellable (task),
                                   output_closed_cb, task);
      return;
    }
  data->chunk = chunk;
  g_checksum_update (data->checksum, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
  g_output_stream_write_all_async (data->output, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk),
                                   G_PRIORITY_DEFAULT, g_task_get_cancellable (task), written_cb, task);
}

static void
read_next (GTask *task)
{
  DownloadData *data = g_task_get_task_data (task);

  g_input_stream_read_bytes_async (data->input, CHUNK_BYTES, G_PRIORITY_DEFAULT,
                                   g_task_get_cancellable (task), read_cb, task);
}

static void
part_opened_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GTask *task = user_data;
  DownloadData *data = g_task_get_task_data (task);
  GError *error = NULL;
  GFileOutputStream *output = g_file_replace_finish (G_FILE (object), result, &error);

  if (output == NULL)
    {
      g_autofree char *path = g_file_get_parse_name (data->destination);
      GError *wrapped = g_error_new (error->domain, error->code, _("Could not write %s: %s"),
                                     path, error->message);
      /* Cancelled just as the file was made, the stream is dropped but the
       * file stays: remove it all the same (there may be none). */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_error_free (error);
          g_clear_error (&data->failure);
          data->failure = wrapped;
          g_file_delete_async (data->part, G_PRIORITY_DEFAULT, NULL, part_deleted_cb, task);
          return;
        }
      g_error_free (error);
      fail (task, wrapped);
      return;
    }
  data->output = G_OUTPUT_STREAM (output);
  read_next (task);
}

static GError *
status_error (RtccServiceClient *client,
              guint              status,
              GBytes            *body)
{
  g_autoptr(JsonNode) node = body ? rtcc_json_parse_bytes (body, NULL) : NULL;
  JsonObject *obj = node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  JsonObject *err = rtcc_json_get_object (obj, "error");
  const char *said = rtcc_json_get_string (err, "message");
  const char *name = rtcc_service_client_get_display_name (client);
  g_autofree char *detail = NULL;

  if (said == NULL)
    said = rtcc_json_get_string (obj, "error");
  if (said == NULL)
    said = rtcc_json_get_string (obj, "message");
  detail = said ? g_strdup_printf (": %.300s", said) : g_strdup ("");

  if (status == SOUP_STATUS_FORBIDDEN || status == 410)
    return g_error_new (RTCC_DOWNLOAD_ERROR, RTCC_DOWNLOAD_ERROR_EXPIRED,
                        _("The %s download link has expired (%u)%s."), name, status, detail);
  if (status == SOUP_STATUS_UNAUTHORIZED)
    return g_error_new (RTCC_HTTP_ERROR, RTCC_HTTP_ERROR_UNAUTHORIZED,
                        _("%s refused the credentials for the download (401)%s."), name, detail);
  if (status == SOUP_STATUS_NOT_FOUND)
    return g_error_new (RTCC_HTTP_ERROR, RTCC_HTTP_ERROR_NOT_FOUND,
                        _("%s has no such file (404)%s."), name, detail);
  if (status >= 500)
    return g_error_new (RTCC_HTTP_ERROR, RTCC_HTTP_ERROR_SERVER,
                        _("%s had a server error during the download (%u)%s."), name, status, detail);
  return g_error_new (RTCC_HTTP_ERROR, RTCC_HTTP_ERROR_BAD_REQUEST,
                      _("%s refused the download (%u)%s."), name, status, detail);
}

static void
error_body_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GTask *task = user_data;
  RtccServiceClient *client = g_task_get_source_object (task);
  DownloadData *data = g_task_get_task_data (task);
  g_autoptr(GBytes) body = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, NULL);
  GError *error = status_error (client, soup_message_get_status (data->message), body);

  if (!g_error_matches (error, RTCC_DOWNLOAD_ERROR, RTCC_DOWNLOAD_ERROR_EXPIRED))
    rtcc_service_client_record_failure (client, error);
  fail (task, error);
}

static void
sent_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GTask *task = user_data;
  RtccServiceClient *client = g_task_get_source_object (task);
  DownloadData *data = g_task_get_task_data (task);
  GError *error = NULL;
  GInputStream *input = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  guint status;

  if (input == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          GError *wrapped = g_error_new (RTCC_HTTP_ERROR, RTCC_HTTP_ERROR_CONNECTION,
                                         _("Could not download from %s: %s"),
                                         rtcc_service_client_get_display_name (client), error->message);
          g_error_free (error);
          rtcc_service_client_record_failure (client, wrapped);
          error = wrapped;
        }
      fail (task, error);
      return;
    }
  data->input = input;
  status = soup_message_get_status (data->message);

  if (status == SOUP_STATUS_UNAUTHORIZED && data->authorize && !data->refreshed_token)
    {
      /* The token may have expired mid-session: sign in again once. */
      data->refreshed_token = TRUE;
      g_input_stream_close_async (input, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
      g_clear_object (&data->input);
      rtcc_service_client_invalidate_token (client);
      start_request (task);
      return;
    }
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_input_stream_read_bytes_async (input, ERROR_BODY_BYTES, G_PRIORITY_DEFAULT,
                                       g_task_get_cancellable (task), error_body_cb, task);
      return;
    }

  data->total = soup_message_headers_get_content_length (soup_message_get_response_headers (data->message));
  if (data->total <= 0)
    data->total = -1;
  data->checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_file_replace_async (data->part, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                        G_PRIORITY_DEFAULT, g_task_get_cancellable (task), part_opened_cb, task);
}

static void
authorized_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GTask *task = user_data;
  DownloadData *data = g_task_get_task_data (task);
  GError *error = NULL;

  if (!rtcc_service_client_authorize_finish (RTCC_SERVICE_CLIENT (object), result, &error))
    {
      fail (task, error);
      return;
    }
  soup_session_send_async (rtcc_service_client_get_session (RTCC_SERVICE_CLIENT (object)),
                           data->message, G_PRIORITY_DEFAULT, g_task_get_cancellable (task),
                           sent_cb, task);
}

static void
start_request (GTask *task)
{
  RtccServiceClient *client = g_task_get_source_object (task);
  DownloadData *data = g_task_get_task_data (task);

  g_clear_object (&data->message);
  data->message = soup_message_new (SOUP_METHOD_GET, data->uri);
  soup_message_headers_replace (soup_message_get_request_headers (data->message), "Accept", "*/*");
  if (data->authorize)
    rtcc_service_client_authorize_async (client, data->message, g_task_get_cancellable (task),
                                         authorized_cb, task);
  else
    soup_session_send_async (rtcc_service_client_get_session (client), data->message,
                             G_PRIORITY_DEFAULT, g_task_get_cancellable (task), sent_cb, task);
}

static gboolean
same_origin (GUri *a,
             GUri *b)
{
  return g_ascii_strcasecmp (g_uri_get_scheme (a), g_uri_get_scheme (b)) == 0 &&
         g_ascii_strcasecmp (g_uri_get_host (a), g_uri_get_host (b)) == 0 &&
         g_uri_get_port (a) == g_uri_get_port (b);
}

/**
 * rtcc_video_download_async:
 * @client: the vendor's service client
 * @uri: an absolute URL, or a path below the vendor's base URL
 * @destination: where the file goes; replaced only once complete
 * @expected_sha256: (nullable): the vendor's checksum, in hex
 * @progress: (nullable) (scope notified): called after each chunk
 *
 * Streams a media file to disk. The vendor's sign-in goes only to the
 * vendor's own host, never to a link elsewhere (signed storage URLs need
 * none). A link that has expired fails with
 * %RTCC_DOWNLOAD_ERROR_EXPIRED so the caller can ask for a new one.
 */
void
rtcc_video_download_async (RtccServiceClient    *client,
                           const char           *uri,
                           GFile                *destination,
                           const char           *expected_sha256,
                           RtccDownloadProgress  progress,
                           gpointer              progress_data,
                           GCancellable         *cancellable,
                           GAsyncReadyCallback   callback,
                           gpointer              user_data)
{
  GTask *task = g_task_new (client, cancellable, callback, user_data);
  DownloadData *data = g_new0 (DownloadData, 1);
  g_autoptr(GUri) parsed = NULL;
  g_autoptr(GFile) parent = NULL;
  g_autofree char *base = NULL;
  g_autofree char *part_name = NULL;

  g_task_set_source_tag (task, rtcc_video_download_async);
  g_task_set_task_data (task, data, download_data_free);
  data->destination = g_object_ref (destination);
  data->expected_sha256 = g_strdup (expected_sha256);
  data->progress = progress;
  data->progress_data = progress_data;

  if (uri != NULL && uri[0] == '/')
    {
      data->uri = rtcc_service_client_build_uri (client, uri, FALSE);
      data->authorize = TRUE;
    }
  else if (uri != NULL && (parsed = g_uri_parse (uri, SOUP_HTTP_URI_FLAGS, NULL)) != NULL &&
           g_uri_get_host (parsed) != NULL &&
           (g_strcmp0 (g_uri_get_scheme (parsed), "http") == 0 ||
            g_strcmp0 (g_uri_get_scheme (parsed), "https") == 0))
    {
      GUri *vendor = rtcc_service_client_get_base_uri (client);

      data->uri = g_strdup (uri);
      data->authorize = vendor != NULL && same_origin (parsed, vendor);
    }
  if (data->uri == NULL)
    {
      g_task_return_new_error (task, RTCC_HTTP_ERROR, RTCC_HTTP_ERROR_MALFORMED,
                               _("%s gave a download link that is not a web address: “%.80s”"),
                               rtcc_service_client_get_display_name (client), uri ? uri : "");
      g_object_unref (task);
      return;
    }

  parent = g_file_get_parent (destination);
  base = g_file_get_basename (destination);
  part_name = g_strconcat (".", base, ".part", NULL);
  data->part = parent ? g_file_get_child (parent, part_name) : g_file_new_for_path (part_name);
  start_request (task);
}

/**
 * rtcc_video_download_finish:
 *
 * Returns: the bytes written, or -1 with @error set
 */
goffset
rtcc_video_download_finish (RtccServiceClient  *client,
                            GAsyncResult       *result,
                            GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, client), -1);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rtcc_video_download_async, -1);
  return g_task_propagate_int (G_TASK (result), error);
}
