/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "sim-fixture.h"

static RtccSimServer *sim;
static SoupSession *session;
static char *ms_token;

static void
wait_ms (guint ms)
{
  GMainLoop *loop = g_main_loop_new (NULL, FALSE);

  g_timeout_add (ms, (GSourceFunc) g_main_loop_quit, loop);
  g_main_loop_run (loop);
  g_main_loop_unref (loop);
}

/* A training camera: it responds, whatever the seed. */
static const char *
first_camera (void)
{
  return "5eed0000-0000-4000-8000-000000000001";
}

static void
test_snapshot (void)
{
  const char *auth[] = { "Authorization", ms_token, NULL };
  g_autofree char *path = g_strdup_printf ("/milestone/rest/v1/cameras/%s/snapshot?time=2026-11-23T04:12:09Z", first_camera ());
  g_autofree char *url = sim_fixture_url (sim, path);
  g_autoptr(SimResponse) r = sim_fixture_get (session, url, auth);
  g_autoptr(SimResponse) unauth = sim_fixture_get (session, url, NULL);
  const guint8 *data;
  gsize len;

  g_assert_cmpuint (r->status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_content_type (r->headers, NULL), ==, "image/jpeg");
  data = g_bytes_get_data (r->body, &len);
  g_assert_cmpuint (len, >, 1000);
  g_assert_cmpuint (data[0], ==, 0xff);
  g_assert_cmpuint (data[1], ==, 0xd8);
  g_assert_cmpuint (unauth->status, ==, 401);
}

static void
test_audio_and_plate (void)
{
  const char *ss[] = { "Authorization", "Bearer sim-shotspotter-key", NULL };
  const char *flock[] = { "Authorization", "Bearer sim-flock-key", "X-Agency-Id", "SIM-AGENCY", NULL };
  g_autofree char *audio = sim_fixture_url (sim, "/shotspotter/agencies/SIM-AGENCY/alerts/SS-TRAINING-0001/audio");
  g_autofree char *lookup = sim_fixture_url (sim, "/flock/reads/lookup");
  g_autoptr(SimResponse) wav = sim_fixture_get (session, audio, ss);
  g_autoptr(SimResponse) reads = sim_fixture_post_json (session, lookup, flock, "{\"plate\": \"ABC1234\", \"reason\": \"test\"}");
  const char *image_url = json_object_get_string_member (
    json_array_get_object_element (json_object_get_array_member (sim_response_object (reads), "reads"), 0), "imageUrl");
  g_autoptr(SimResponse) jpeg = sim_fixture_get (session, image_url, flock);

  g_assert_cmpuint (wav->status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_content_type (wav->headers, NULL), ==, "audio/wav");
  g_assert_cmpmem (g_bytes_get_data (wav->body, NULL), 4, "RIFF", 4);
  g_assert_cmpuint (jpeg->status, ==, 200);
  g_assert_cmpuint (((const guint8 *) g_bytes_get_data (jpeg->body, NULL))[0], ==, 0xff);
}

static void
test_export (void)
{
  const char *auth[] = { "Authorization", ms_token, NULL };
  g_autofree char *url = sim_fixture_url (sim, "/milestone/rest/v1/exports");
  g_autofree char *body = g_strdup_printf ("{\"cameraId\": \"%s\", \"start\": \"2026-11-23T04:12:00Z\", "
                                           "\"end\": \"2026-11-23T04:12:03Z\", \"format\": \"mp4\"}", first_camera ());
  g_autoptr(SimResponse) r = sim_fixture_post_json (session, url, auth, body);
  g_autoptr(SimResponse) bad = sim_fixture_post_json (session, url, auth, "{\"cameraId\": \"x\", \"start\": \"a\"}");
  JsonObject *data;
  g_autofree char *id = NULL;
  g_autofree char *download = NULL;
  double last_progress = 0;

  g_assert_cmpuint (r->status, ==, 202);
  data = json_object_get_object_member (sim_response_object (r), "data");
  g_assert_cmpstr (json_object_get_string_member (data, "state"), ==, "InProgress");
  id = g_strdup (json_object_get_string_member (data, "id"));
  g_assert_cmpuint (bad->status, ==, 404);

  for (guint i = 0; i < 200 && download == NULL; i++)
    {
      g_autofree char *path = g_strdup_printf ("/milestone/rest/v1/exports/%s", id);
      g_autofree char *poll = sim_fixture_url (sim, path);
      g_autoptr(SimResponse) p = sim_fixture_get (session, poll, auth);
      JsonObject *d = json_object_get_object_member (sim_response_object (p), "data");
      const char *state = json_object_get_string_member (d, "state");

      g_assert_cmpstr (state, !=, "Failed");
      g_assert_cmpfloat (json_object_get_double_member (d, "progress"), >=, last_progress);
      last_progress = json_object_get_double_member (d, "progress");
      if (g_str_equal (state, "Completed"))
        download = g_strdup (json_object_get_string_member (d, "downloadUri"));
      else
        wait_ms (100);
    }
  g_assert_nonnull (download);
  g_assert_cmpfloat (last_progress, ==, 100.0);
  {
    const char *range[] = { "Authorization", ms_token, "Range", "bytes=0-99", NULL };
    g_autoptr(SimResponse) mp4 = sim_fixture_get (session, download, auth);
    g_autoptr(SimResponse) part = sim_fixture_get (session, download, range);

    g_assert_cmpuint (mp4->status, ==, 200);
    g_assert_cmpstr (soup_message_headers_get_content_type (mp4->headers, NULL), ==, "video/mp4");
    g_assert_cmpmem ((const char *) g_bytes_get_data (mp4->body, NULL) + 4, 4, "ftyp", 4);
    g_assert_cmpuint (part->status, ==, 206);
    g_assert_cmpuint (g_bytes_get_size (part->body), ==, 100);
  }
}

static void
test_bwc_media (void)
{
  g_autofree char *token = sim_fixture_bwc_token (sim, session);
  const char *auth[] = { "Authorization", token, NULL };
  g_autofree char *list_url = sim_fixture_url (sim, "/bwc/recordings");
  g_autoptr(SimResponse) list = sim_fixture_get (session, list_url, auth);
  const char *id = json_object_get_string_member (
    json_array_get_object_element (json_object_get_array_member (sim_response_object (list), "data"), 0), "id");
  g_autofree char *path = g_strdup_printf ("/bwc/recordings/%s/url", id);
  g_autofree char *url_url = sim_fixture_url (sim, path);
  g_autoptr(SimResponse) u = sim_fixture_get (session, url_url, auth);
  const char *media = json_object_get_string_member (sim_response_object (u), "url");
  const char *range[] = { "Range", "bytes=10-19", NULL };
  g_autoptr(SimResponse) full = sim_fixture_request (session, "GET", media, NULL, NULL, NULL, 30);
  g_autoptr(SimResponse) part = sim_fixture_get (session, media, range);

  g_assert_cmpuint (full->status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_content_type (full->headers, NULL), ==, "video/mp4");
  g_assert_cmpmem ((const char *) g_bytes_get_data (full->body, NULL) + 4, 4, "ftyp", 4);
  g_assert_cmpuint (part->status, ==, 206);
  g_assert_cmpmem (g_bytes_get_data (part->body, NULL), 10, (const char *) g_bytes_get_data (full->body, NULL) + 10, 10);

  /* URLs handed out under an early-expiry fault stop working. */
  sim_fixture_set_fault (sim, session, "{\"vendor\": \"bwc\", \"fault\": \"token_expiry\"}");
  {
    g_autofree char *t2 = sim_fixture_bwc_token (sim, session);
    const char *auth2[] = { "Authorization", t2, NULL };
    g_autoptr(SimResponse) u2 = sim_fixture_get (session, url_url, auth2);
    const char *short_url = json_object_get_string_member (sim_response_object (u2), "url");
    g_autoptr(SimResponse) expired = NULL;

    sim_fixture_clear_faults (sim, session);
    wait_ms (2200);
    expired = sim_fixture_get (session, short_url, NULL);
    g_assert_cmpuint (expired->status, ==, 403);
  }
}

static void
test_rtsp_streams (void)
{
  const char *auth[] = { "Authorization", ms_token, NULL };
  g_autofree char *path = g_strdup_printf ("/milestone/rest/v1/cameras/%s/streams", first_camera ());
  g_autofree char *url = sim_fixture_url (sim, path);
  g_autoptr(SimResponse) r = sim_fixture_get (session, url, auth);
  JsonObject *s = json_array_get_object_element (json_object_get_array_member (sim_response_object (r), "array"), 0);
  g_autofree char *suffix = g_strdup_printf ("/live/%s", first_camera ());

  g_assert_nonnull (s);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (s, "rtspUri"), "rtsp://127.0.0.1:"));
  g_assert_true (g_str_has_suffix (json_object_get_string_member (s, "rtspUri"), suffix));
  g_assert_true (json_object_get_boolean_member (s, "liveDefault"));
  sim_fixture_set_fault (sim, session, "{\"vendor\": \"milestone\", \"fault\": \"rtsp_stop\"}");
  sim_fixture_clear_faults (sim, session);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  sim = sim_fixture_start_full (21, 1, 10000);
  session = soup_session_new ();
  ms_token = sim_fixture_milestone_token (sim, session);

  g_test_add_func ("/sim/media/snapshot", test_snapshot);
  g_test_add_func ("/sim/media/audio-and-plate", test_audio_and_plate);
  g_test_add_func ("/sim/media/export", test_export);
  g_test_add_func ("/sim/media/bwc", test_bwc_media);
  g_test_add_func ("/sim/media/rtsp", test_rtsp_streams);
  ret = g_test_run ();

  g_free (ms_token);
  g_object_unref (session);
  g_object_unref (sim);
  return ret;
}
