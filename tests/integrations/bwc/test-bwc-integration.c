/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "bwc/rtcc-bwc-integration.h"
#include "rtcc-video-download.h"
#include "rtcc-json.h"
#include "rtcc-time.h"

/* A body-worn camera service stand-in: client-credentials tokens, three
 * pages of recordings, signed media links that can expire, incident
 * links. */
typedef struct
{
  SoupServer *server;
  char       *base;
  guint       token_requests;
  GPtrArray  *recordings;          /* JSON text, in order */
  GPtrArray  *list_queries;        /* query strings seen */
  GBytes     *media;
  char       *media_sha;
  guint       url_requests;
  guint       media_requests;
  gboolean    first_url_expired;
  gboolean    first_media_forbidden;
  gboolean    always_expired;
  GHashTable *links;               /* "rec/incident" */
} Fake;

static void
reply_json (SoupServerMessage *msg,
            guint              status,
            const char        *text)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, text, strlen (text));
}

static void
add_recording (Fake       *fake,
               const char *id,
               const char *sha)
{
  g_ptr_array_add (fake->recordings,
                   g_strdup_printf ("{\"id\": \"%s\", \"officerId\": \"O-1\", \"officerName\": \"Ofc. Ada\","
                                    " \"deviceSerial\": \"X6-1\", \"startedAt\": %u, \"durationSeconds\": 312,"
                                    " \"contentType\": \"video/mp4\", \"sizeBytes\": 1, \"sha256\": \"%s\","
                                    " \"incidentIds\": [], \"gps\": null}",
                                    id, 1763870000 + fake->recordings->len * 60, sha));
}

/* Cursors are positions: "p<N>" for the next page, "c-<N>" to poll from. */
static void
recordings_page (Fake              *fake,
                 SoupServerMessage *msg,
                 GHashTable        *query)
{
  const char *since = query ? g_hash_table_lookup (query, "since") : NULL;
  const char *q = g_uri_get_query (soup_server_message_get_uri (msg));
  guint from = 0, to;
  GString *s = g_string_new ("{\"data\": [");

  g_ptr_array_add (fake->list_queries, g_strdup (q ? q : ""));
  if (since != NULL)
    from = (guint) g_ascii_strtoull (since + (since[0] == 'p' ? 1 : 2), NULL, 10);
  to = MIN (from + 2, fake->recordings->len);
  for (guint i = from; i < to; i++)
    g_string_append_printf (s, "%s%s", i > from ? "," : "", (char *) g_ptr_array_index (fake->recordings, i));
  if (to < fake->recordings->len)
    g_string_append_printf (s, "], \"meta\": {\"next\": \"p%u\"}}", to);
  else
    g_string_append_printf (s, "], \"meta\": {\"next\": null, \"cursor\": \"c-%u\"}}", to);
  reply_json (msg, 200, s->str);
  g_string_free (s, TRUE);
}

static void
handler (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  Fake *fake = user_data;
  const char *method = soup_server_message_get_method (msg);
  const char *auth = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Authorization");
  g_auto(GStrv) parts = g_strsplit (path + 1, "/", -1);
  guint n = g_strv_length (parts);

  if (g_str_equal (path, "/oauth2/token"))
    {
      SoupMessageBody *body = soup_server_message_get_request_body (msg);
      g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
      g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
      g_autoptr(GHashTable) form = soup_form_decode (text);

      fake->token_requests++;
      g_assert_cmpstr (g_hash_table_lookup (form, "grant_type"), ==, "client_credentials");
      g_assert_cmpstr (g_hash_table_lookup (form, "client_id"), ==, "AGENCY-9");
      g_assert_cmpstr (g_hash_table_lookup (form, "client_secret"), ==, "bwc-secret-key");
      reply_json (msg, 200, "{\"access_token\": \"bwc-token\", \"expires_in\": 3600}");
      return;
    }
  if (n == 2 && g_str_equal (parts[0], "media"))
    {
      /* Signed links need no sign-in, and must not receive ours. */
      g_assert_null (auth);
      fake->media_requests++;
      if (fake->first_media_forbidden && fake->media_requests == 1)
        {
          reply_json (msg, 403, "{\"error\": {\"code\": \"EXPIRED\", \"message\": \"The link has expired.\"}}");
          return;
        }
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "video/mp4", SOUP_MEMORY_COPY,
                                        g_bytes_get_data (fake->media, NULL), g_bytes_get_size (fake->media));
      return;
    }
  if (g_strcmp0 (auth, "Bearer bwc-token") != 0)
    {
      reply_json (msg, 401, "{\"error\": {\"message\": \"Bad token\"}}");
      return;
    }
  if (g_str_equal (path, "/recordings"))
    recordings_page (fake, msg, query);
  else if (g_str_equal (path, "/assignments"))
    reply_json (msg, 200, "{\"data\": [{\"deviceSerial\": \"X6-1\", \"officerId\": \"O-1\", \"battery\": 0.5}]}");
  else if (n == 3 && g_str_equal (parts[2], "url") && g_str_equal (parts[1], "EVIL"))
    reply_json (msg, 200, "{\"url\": \"file:///etc/passwd\", \"expiresAt\": \"2099-01-01T00:00:00Z\"}");
  else if (n == 3 && g_str_equal (parts[2], "url") && g_str_equal (parts[1], "JUNK"))
    reply_json (msg, 200, "{\"url\": 42, \"expiresAt\": \"never\"}");
  else if (n == 3 && g_str_equal (parts[2], "url"))
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      g_autoptr(GDateTime) expires = NULL;
      g_autofree char *iso = NULL;
      g_autofree char *body = NULL;

      fake->url_requests++;
      if (fake->always_expired || (fake->first_url_expired && fake->url_requests == 1))
        expires = g_date_time_add_seconds (now, -30);
      else
        expires = g_date_time_add_seconds (now, 300);
      iso = rtcc_time_format_iso (expires);
      /* An absolute link on another "host" name of the same server. */
      body = g_strdup_printf ("{\"url\": \"http://localhost:%d/media/%s?sig=%u\", \"expiresAt\": \"%s\"}",
                              g_uri_get_port (soup_server_message_get_uri (msg)), parts[1],
                              fake->url_requests, iso);
      reply_json (msg, 200, body);
    }
  else if (n == 3 && g_str_equal (parts[2], "incidents") && g_str_equal (method, "POST"))
    {
      SoupMessageBody *body = soup_server_message_get_request_body (msg);
      g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
      g_autoptr(JsonNode) node = rtcc_json_parse_bytes (bytes, NULL);
      g_autofree char *key = g_strdup_printf ("%s/%s", parts[1],
                                              json_object_get_string_member (json_node_get_object (node), "incidentId"));

      if (g_hash_table_contains (fake->links, key))
        reply_json (msg, 409, "{\"error\": {\"code\": \"ALREADY_LINKED\","
                              " \"message\": \"The recording is already linked to that incident.\"}}");
      else
        {
          g_hash_table_add (fake->links, g_steal_pointer (&key));
          reply_json (msg, 201, "{\"data\": {}}");
        }
    }
  else if (n == 4 && g_str_equal (parts[2], "incidents") && g_str_equal (method, "DELETE"))
    {
      g_autofree char *key = g_strdup_printf ("%s/%s", parts[1], parts[3]);

      if (g_hash_table_remove (fake->links, key))
        soup_server_message_set_status (msg, 204, NULL);
      else
        reply_json (msg, 404, "{\"error\": {\"message\": \"That incident link does not exist.\"}}");
    }
  else
    reply_json (msg, 404, "{\"error\": {\"message\": \"No such path\"}}");
}

static void
fake_start (Fake *fake)
{
  g_autoptr(GError) error = NULL;
  GByteArray *media = g_byte_array_new ();
  GSList *uris;

  for (guint i = 0; i < 600 * 1024; i++)
    g_byte_array_append (media, (const guint8 *) &(guint8) { (guint8) (i * 13 + 1) }, 1);
  fake->media = g_byte_array_free_to_bytes (media);
  fake->media_sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, fake->media);
  fake->recordings = g_ptr_array_new_with_free_func (g_free);
  fake->list_queries = g_ptr_array_new_with_free_func (g_free);
  fake->links = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 1; i <= 5; i++)
    {
      g_autofree char *id = g_strdup_printf ("REC-%u", i);
      /* REC-5's checksum does not match what the service sends. */
      add_recording (fake, id, i == 5 ? "00000000000000000000000000000000000000000000000000000000000000ff"
                                       : fake->media_sha);
    }
  fake->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (fake->server, NULL, handler, fake, NULL);
  soup_server_listen_local (fake->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (fake->server);
  fake->base = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
}

static void
fake_stop (Fake *fake)
{
  soup_server_disconnect (fake->server);
  g_clear_object (&fake->server);
  g_free (fake->base);
  g_ptr_array_unref (fake->recordings);
  g_ptr_array_unref (fake->list_queries);
  g_bytes_unref (fake->media);
  g_free (fake->media_sha);
  g_hash_table_unref (fake->links);
}

static RtccIntegration *
make_integration (Fake *fake)
{
  g_autoptr(RtccConfig) config = rtcc_config_new (NULL, FALSE);

  rtcc_config_set_override (config, "BWC_API_URL", fake->base);
  rtcc_config_set_override (config, "BWC_AGENCY_ID", "AGENCY-9");
  rtcc_config_set_override (config, "BWC_API_KEY", "bwc-secret-key");
  return rtcc_bwc_integration_new (config);
}

static void
got_result (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (*slot == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (*slot);
  return *slot;
}

static GPtrArray *
list_all (RtccBwcIntegration  *self,
          const char          *officer,
          GDate               *date,
          const char          *since,
          char               **cursor,
          GError             **error)
{
  g_autoptr(GAsyncResult) r = NULL;

  rtcc_bwc_integration_list_recordings_async (self, officer, date, since, NULL, got_result, &r);
  return rtcc_bwc_integration_list_recordings_finish (self, wait_result (&r), cursor, error);
}

static void
test_paging (void)
{
  Fake fake = { 0 };
  g_autoptr(RtccIntegration) bwc = NULL;
  RtccBwcIntegration *self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GPtrArray) more = NULL;
  g_autofree char *cursor = NULL;
  g_autofree char *cursor2 = NULL;
  g_autoptr(GDate) date = g_date_new_dmy (23, G_DATE_NOVEMBER, 2026);

  fake_start (&fake);
  bwc = make_integration (&fake);
  self = RTCC_BWC_INTEGRATION (bwc);

  events = list_all (self, "O-1", date, NULL, &cursor, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 5);
  g_assert_cmpuint (fake.list_queries->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (fake.list_queries, 0), ==, "officerId=O-1&date=2026-11-23");
  g_assert_cmpstr (g_ptr_array_index (fake.list_queries, 1), ==, "officerId=O-1&date=2026-11-23&since=p2");
  g_assert_cmpstr (g_ptr_array_index (fake.list_queries, 2), ==, "officerId=O-1&date=2026-11-23&since=p4");
  g_assert_cmpstr (cursor, ==, "c-5");
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *id = g_strdup_printf ("bwc:REC-%u", i + 1);
      g_assert_cmpstr (rtcc_event_get_id (g_ptr_array_index (events, i)), ==, id);
    }
  g_assert_cmpstr (rtcc_event_get_title (g_ptr_array_index (events, 0)), ==, "Recording by Ofc. Ada (5 min 12 s)");
  g_assert_cmpuint (fake.token_requests, ==, 1);

  /* From the cursor: nothing new, the same cursor back. */
  more = list_all (self, NULL, NULL, cursor, &cursor2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (more->len, ==, 0);
  g_assert_cmpstr (cursor2, ==, "c-5");

  {
    g_autoptr(GAsyncResult) r = NULL;
    g_autoptr(GPtrArray) list = NULL;

    rtcc_bwc_integration_list_assignments_async (self, NULL, got_result, &r);
    list = rtcc_bwc_integration_list_assignments_finish (self, wait_result (&r), &error);
    g_assert_no_error (error);
    g_assert_cmpuint (list->len, ==, 1);
    g_assert_cmpfloat (((RtccBwcAssignment *) g_ptr_array_index (list, 0))->battery, ==, 0.5);
  }
  fake_stop (&fake);
}

static void
test_links (void)
{
  Fake fake = { 0 };
  g_autoptr(RtccIntegration) bwc = NULL;
  RtccBwcIntegration *self;
  g_autoptr(GError) error = NULL;

  fake_start (&fake);
  bwc = make_integration (&fake);
  self = RTCC_BWC_INTEGRATION (bwc);

  for (guint round = 0; round < 2; round++)
    {
      g_autoptr(GAsyncResult) r = NULL;
      gboolean ok;

      rtcc_bwc_integration_link_incident_async (self, "REC-1", "2026-000123", NULL, got_result, &r);
      ok = rtcc_bwc_integration_link_incident_finish (self, wait_result (&r), &error);
      if (round == 0)
        {
          g_assert_no_error (error);
          g_assert_true (ok);
        }
      else
        {
          g_assert_false (ok);
          g_assert_error (error, RTCC_HTTP_ERROR, RTCC_HTTP_ERROR_CONFLICT);
          g_assert_nonnull (strstr (error->message, "already linked to incident 2026-000123"));
          g_clear_error (&error);
        }
    }
  for (guint round = 0; round < 2; round++)
    {
      g_autoptr(GAsyncResult) r = NULL;
      gboolean ok;

      rtcc_bwc_integration_unlink_incident_async (self, "REC-1", "2026-000123", NULL, got_result, &r);
      ok = rtcc_bwc_integration_unlink_incident_finish (self, wait_result (&r), &error);
      if (round == 0)
        {
          g_assert_no_error (error);
          g_assert_true (ok);
        }
      else
        {
          g_assert_error (error, RTCC_HTTP_ERROR, RTCC_HTTP_ERROR_NOT_FOUND);
          g_assert_nonnull (strstr (error->message, "does not exist"));
          g_clear_error (&error);
        }
    }
  fake_stop (&fake);
}

static void
count_progress (goffset  received,
                goffset  total,
                gpointer user_data)
{
  guint *calls = user_data;

  (*calls)++;
  g_assert_cmpint (received, <=, total);
}

static goffset
download (RtccBwcIntegration  *self,
          const char          *id,
          const char          *sha,
          GFile               *file,
          guint               *calls,
          GError             **error)
{
  g_autoptr(GAsyncResult) r = NULL;

  rtcc_bwc_integration_download_recording_async (self, id, sha, file, count_progress, calls,
                                                 NULL, got_result, &r);
  return rtcc_bwc_integration_download_recording_finish (self, wait_result (&r), error);
}

static void
test_downloads (void)
{
  Fake fake = { 0 };
  g_autoptr(RtccIntegration) bwc = NULL;
  RtccBwcIntegration *self;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("rtcc-bwc-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "rec.mp4", NULL);
  g_autofree char *part = g_build_filename (dir, ".rec.mp4.part", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GPtrArray) events = NULL;
  guint calls = 0;

  fake_start (&fake);
  bwc = make_integration (&fake);
  self = RTCC_BWC_INTEGRATION (bwc);

  /* Before any listing the checksum is unknown: refused, not unverified. */
  g_assert_cmpint (download (self, "REC-1", NULL, file, &calls, &error), ==, -1);
  g_assert_error (error, RTCC_BWC_ERROR, RTCC_BWC_ERROR_NO_CHECKSUM);
  g_clear_error (&error);
  g_assert_cmpuint (fake.url_requests, ==, 0);

  events = list_all (self, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  /* Good checksum: the file is whole and in place. */
  {
    g_autofree char *contents = NULL;
    gsize len;

    g_assert_cmpint (download (self, "REC-1", NULL, file, &calls, &error), ==,
                     (goffset) g_bytes_get_size (fake.media));
    g_assert_no_error (error);
    g_assert_cmpuint (calls, >=, 2);
    g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
    g_assert_cmpmem (contents, len, g_bytes_get_data (fake.media, NULL), g_bytes_get_size (fake.media));
    g_assert_false (g_file_test (part, G_FILE_TEST_EXISTS));
    g_assert_cmpuint (fake.url_requests, ==, 1);
    g_assert_cmpint (g_unlink (path), ==, 0);
  }

  /* Bad checksum: a clear error, nothing left on disk. */
  g_assert_cmpint (download (self, "REC-5", NULL, file, &calls, &error), ==, -1);
  g_assert_error (error, RTCC_DOWNLOAD_ERROR, RTCC_DOWNLOAD_ERROR_CHECKSUM);
  g_assert_nonnull (strstr (error->message, "checksum"));
  g_clear_error (&error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (part, G_FILE_TEST_EXISTS));

  /* An existing file is not replaced by a bad download. */
  g_assert_true (g_file_set_contents (path, "keep me", -1, NULL));
  g_assert_cmpint (download (self, "REC-5", NULL, file, &calls, &error), ==, -1);
  g_clear_error (&error);
  {
    g_autofree char *contents = NULL;
    g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
    g_assert_cmpstr (contents, ==, "keep me");
    g_assert_cmpint (g_unlink (path), ==, 0);
  }

  /* The link handed out has already expired: renewed once, quietly. */
  fake.url_requests = 0;
  fake.first_url_expired = TRUE;
  g_assert_cmpint (download (self, "REC-2", fake.media_sha, file, &calls, &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpuint (fake.url_requests, ==, 2);
  g_assert_cmpint (g_unlink (path), ==, 0);

  /* The link stops working (403) on the way: renewed once, quietly. */
  fake.url_requests = 0;
  fake.media_requests = 0;
  fake.first_url_expired = FALSE;
  fake.first_media_forbidden = TRUE;
  g_assert_cmpint (download (self, "REC-3", NULL, file, &calls, &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpuint (fake.url_requests, ==, 2);
  g_assert_cmpuint (fake.media_requests, ==, 2);
  g_assert_cmpint (g_unlink (path), ==, 0);

  /* Only expired links, ever: one renewal, then a clear error. */
  fake.url_requests = 0;
  fake.always_expired = TRUE;
  {
    g_autoptr(GAsyncResult) r = NULL;
    g_autoptr(GDateTime) expires = NULL;
    g_autofree char *url = NULL;

    rtcc_bwc_integration_get_recording_url_async (self, "REC-1", NULL, got_result, &r);
    url = rtcc_bwc_integration_get_recording_url_finish (self, wait_result (&r), &expires, &error);
    g_assert_null (url);
    g_assert_null (expires);
    g_assert_error (error, RTCC_BWC_ERROR, RTCC_BWC_ERROR_URL_EXPIRED);
    g_assert_cmpuint (fake.url_requests, ==, 2);
    g_clear_error (&error);
  }
  fake.always_expired = FALSE;
  {
    g_autoptr(GAsyncResult) r = NULL;
    g_autoptr(GDateTime) expires = NULL;
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
    g_autofree char *url = NULL;

    rtcc_bwc_integration_get_recording_url_async (self, "REC-1", NULL, got_result, &r);
    url = rtcc_bwc_integration_get_recording_url_finish (self, wait_result (&r), &expires, &error);
    g_assert_no_error (error);
    g_assert_true (g_str_has_prefix (url, "http://localhost:"));
    g_assert_nonnull (strstr (url, "/media/REC-1?sig="));
    g_assert_cmpint (g_date_time_compare (expires, now), >, 0);
  }

  /* Hostile answers: a link to a local file, a link of the wrong type. */
  g_assert_cmpint (download (self, "EVIL", fake.media_sha, file, &calls, &error), ==, -1);
  g_assert_error (error, RTCC_HTTP_ERROR, RTCC_HTTP_ERROR_MALFORMED);
  g_assert_nonnull (strstr (error->message, "not a web address"));
  g_clear_error (&error);
  g_assert_cmpint (download (self, "JUNK", fake.media_sha, file, &calls, &error), ==, -1);
  g_assert_error (error, RTCC_BWC_ERROR, RTCC_BWC_ERROR_BAD_ANSWER);
  g_clear_error (&error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  g_rmdir (dir);
  fake_stop (&fake);
}

static void
on_event (RtccIntegration *integration,
          RtccEvent       *event,
          GPtrArray       *seen)
{
  g_ptr_array_add (seen, g_strdup (rtcc_event_get_vendor_id (event)));
}

static void
wait_for (GPtrArray *seen,
          guint      count)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (seen->len < count && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (seen->len, >=, count);
}

static void
test_polling (void)
{
  Fake fake = { 0 };
  g_autoptr(RtccIntegration) bwc = NULL;
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  guint queries;
  gint64 end;

  fake_start (&fake);
  bwc = make_integration (&fake);
  rtcc_bwc_integration_set_poll_interval (RTCC_BWC_INTEGRATION (bwc), 40);
  g_signal_connect (bwc, "event", G_CALLBACK (on_event), seen);
  rtcc_integration_start (bwc);

  wait_for (seen, 5);
  add_recording (&fake, "REC-6", fake.media_sha);
  wait_for (seen, 6);
  g_assert_cmpstr (g_ptr_array_index (seen, 5), ==, "REC-6");
  g_assert_cmpstr (rtcc_bwc_integration_get_cursor (RTCC_BWC_INTEGRATION (bwc)), ==, "c-6");

  /* Later polls ask from the cursor and bring nothing twice. */
  end = g_get_monotonic_time () + 200 * 1000;
  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE), g_usleep (1000);
  g_assert_cmpuint (seen->len, ==, 6);
  g_assert_cmpstr (g_ptr_array_index (fake.list_queries, fake.list_queries->len - 1), ==, "since=c-6");

  /* Stopped: no more polls. */
  rtcc_integration_stop (bwc);
  queries = fake.list_queries->len;
  end = g_get_monotonic_time () + 150 * 1000;
  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE), g_usleep (1000);
  g_assert_cmpuint (fake.list_queries->len, ==, queries);
  fake_stop (&fake);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bwc/integration/paging", test_paging);
  g_test_add_func ("/bwc/integration/links", test_links);
  g_test_add_func ("/bwc/integration/downloads", test_downloads);
  g_test_add_func ("/bwc/integration/polling", test_polling);

  return g_test_run ();
}
