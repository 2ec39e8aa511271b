/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "sim-fixture.h"

static SoupSession *session;

static void
test_env (void)
{
  static const char *names[] = {
    "MILESTONE_API_URL", "MILESTONE_API_KEY", "MILESTONE_USERNAME", "MILESTONE_PASSWORD",
    "FLOCK_API_URL", "FLOCK_API_KEY", "FLOCK_AGENCY_ID", "SHOTSPOTTER_API_URL", "SHOTSPOTTER_API_KEY",
    "SHOTSPOTTER_AGENCY_ID", "ONESOLUTION_API_URL", "ONESOLUTION_API_KEY", "ONESOLUTION_AGENCY_ORI",
    "NESS_API_URL", "NESS_API_KEY", "NESS_ORI", "NESS_OPERATOR_ID", "BWC_API_URL", "BWC_API_KEY",
    "BWC_AGENCY_ID", "HOTSHEETS_API_URL", "HOTSHEETS_API_KEY", "HOTSHEETS_AGENCY_ID",
    "RTCC_MAP_TILE_URL", "RTCC_SIM_ADMIN_URL",
  };
  g_autoptr(RtccSimServer) sim = sim_fixture_start_full (1, 0, 10000);
  g_autofree char *port = g_strdup_printf (":%u/", rtcc_sim_server_get_port (sim));
  g_autoptr(GPtrArray) env = rtcc_sim_server_get_env (sim);
  g_autofree char *tiles = g_strdup_printf ("http://127.0.0.1:%u/tiles/{z}/{x}/{y}.png", rtcc_sim_server_get_port (sim));

  g_assert_cmpuint (env->len, ==, G_N_ELEMENTS (names));
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      const char *value = sim_fixture_env (sim, names[i]);
      g_assert_nonnull (value);
      g_assert_cmpuint (strlen (value), >, 0);
      if (g_str_has_suffix (names[i], "_URL"))
        {
          g_assert_true (g_str_has_prefix (value, "http://127.0.0.1:"));
          g_assert_nonnull (strstr (value, port));
        }
    }
  g_assert_cmpstr (sim_fixture_env (sim, "SHOTSPOTTER_API_URL") + strlen (sim_fixture_env (sim, "SHOTSPOTTER_API_URL")) - 12, ==, "/shotspotter");
  g_assert_cmpstr (sim_fixture_env (sim, "RTCC_MAP_TILE_URL"), ==, tiles);
}

static void
test_loopback_only (void)
{
  g_autoptr(RtccSimServer) sim = sim_fixture_start_full (1, 0, 10000);
  g_autofree char *contents = NULL;
  g_autofree char *needle = g_strdup_printf (":%04X", rtcc_sim_server_get_port (sim));
  g_autofree char *expected = g_strdup_printf ("0100007F%s", needle);
  g_auto(GStrv) lines = NULL;
  gboolean found = FALSE;

  g_assert_true (g_file_get_contents ("/proc/net/tcp", &contents, NULL, NULL));
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 1; lines[i]; i++)
    {
      char local[64];
      unsigned st;
      if (sscanf (lines[i], " %*d: %63s %*s %x", local, &st) == 2 && st == 0x0A && g_str_has_suffix (local, needle))
        {
          /* 0100007F is 127.0.0.1 in the kernel's byte order. */
          g_assert_cmpstr (local, ==, expected);
          found = TRUE;
        }
    }
  g_assert_true (found);
  /* Not on IPv6 either. */
  g_clear_pointer (&contents, g_free);
  if (g_file_get_contents ("/proc/net/tcp6", &contents, NULL, NULL))
    {
      g_autofree char *needle6 = g_strdup_printf (":%04X 00000000000000000000000000000000:0000 0A", rtcc_sim_server_get_port (sim));
      g_assert_null (strstr (contents, needle6));
    }
}

static JsonArray *
cameras (RtccSimServer *sim,
         JsonNode     **keep)
{
  g_autofree char *token = sim_fixture_milestone_token (sim, session);
  g_autofree char *url = sim_fixture_url (sim, "/milestone/rest/v1/cameras");
  const char *auth[] = { "Authorization", token, NULL };
  g_autoptr(SimResponse) r = sim_fixture_get (session, url, auth);

  g_assert_cmpuint (r->status, ==, 200);
  *keep = json_node_ref (r->json);
  return json_object_get_array_member (json_node_get_object (*keep), "array");
}

static void
test_determinism (void)
{
  g_autoptr(RtccSimServer) a = sim_fixture_start_full (5, 0, 10000);
  g_autoptr(RtccSimServer) b = sim_fixture_start_full (5, 0, 10000);
  g_autoptr(RtccSimServer) c = sim_fixture_start_full (6, 0, 10000);
  g_autoptr(JsonNode) ka = NULL, kb = NULL, kc = NULL;
  JsonArray *ca = cameras (a, &ka), *cb = cameras (b, &kb), *cc = cameras (c, &kc);
  g_autoptr(JsonNode) na = json_node_new (JSON_NODE_ARRAY), nb = json_node_new (JSON_NODE_ARRAY), nc = json_node_new (JSON_NODE_ARRAY);
  g_autofree char *sa = NULL, *sb = NULL, *sc = NULL;
  g_autoptr(GPtrArray) ids = rtcc_sim_server_list_camera_ids (a);

  json_node_set_array (na, ca);
  json_node_set_array (nb, cb);
  json_node_set_array (nc, cc);
  sa = json_to_string (na, FALSE);
  sb = json_to_string (nb, FALSE);
  sc = json_to_string (nc, FALSE);
  g_assert_cmpstr (sa, ==, sb);
  g_assert_cmpstr (sa, !=, sc);
  g_assert_cmpuint (ids->len, ==, json_array_get_length (ca));
  g_assert_cmpstr (g_ptr_array_index (ids, 0), ==, json_object_get_string_member (json_array_get_object_element (ca, 0), "id"));
}

static double
bearing_turns (double lat1, double lon1, double lat2, double lon2)
{
  double dy = (lat2 - lat1) * 111320.0;
  double dx = (lon2 - lon1) * 111320.0 * cos (lat1 * G_PI / 180.0);
  double b = atan2 (dx, dy) / (2 * G_PI);
  return b < 0 ? b + 1 : b;
}

static void
check_training (guint32 seed)
{
  g_autoptr(RtccSimServer) sim = sim_fixture_start_full (seed, 0, 10000);
  const char *ss[] = { "Authorization", "Bearer sim-shotspotter-key", NULL };
  const char *flock[] = { "Authorization", "Bearer sim-flock-key", "X-Agency-Id", "SIM-AGENCY", NULL };
  const char *hs[] = { "Authorization", "Bearer sim-hotsheets-key", "X-Agency-Id", "SIM-AGENCY", NULL };
  const char *ness[] = { "Authorization", "Bearer sim-ness-key", "X-ORI", "IL0160000", "X-Operator-Id", "OP-1001",
                         "X-Purpose-Code", "C", "X-Purpose-Reason", "training", NULL };
  g_autofree char *alert_url = sim_fixture_url (sim, "/shotspotter/agencies/SIM-AGENCY/alerts/SS-TRAINING-0001");
  g_autoptr(SimResponse) alert = sim_fixture_get (session, alert_url, ss);
  JsonObject *a = sim_response_object (alert);
  double lat = json_object_get_double_member (a, "latitude"), lon = json_object_get_double_member (a, "longitude");
  g_autoptr(JsonNode) keep = NULL;
  JsonArray *cams = cameras (sim, &keep);
  guint covering = 0;

  g_assert_cmpstr (json_object_get_string_member (a, "address"), ==, "1200 W MADISON ST");
  /* Cameras whose field of view holds the spot. */
  for (guint i = 0; i < json_array_get_length (cams); i++)
    {
      JsonObject *c = json_array_get_object_element (cams, i);
      double clat, clon, dir, fov, depth, b, diff, dist;

      if (sscanf (json_object_get_string_member (c, "gisPoint"), "POINT (%lf %lf)", &clon, &clat) != 2)
        continue;
      dir = json_object_get_double_member (c, "coverageDirection");
      fov = json_object_get_double_member (c, "coverageFieldOfView");
      depth = json_object_get_double_member (c, "coverageDepth");
      b = bearing_turns (clat, clon, lat, lon);
      diff = fabs (b - dir);
      diff = MIN (diff, 1 - diff);
      dist = hypot ((lat - clat) * 111320.0, (lon - clon) * 111320.0 * cos (clat * G_PI / 180.0));
      if (diff <= fov / 2 && dist <= depth)
        covering++;
    }
  g_assert_cmpuint (covering, >=, 2);

  {
    g_autofree char *url = sim_fixture_url (sim, "/flock/reads/lookup");
    g_autoptr(SimResponse) r = sim_fixture_post_json (session, url, flock,
                                                      "{\"plate\": \"ABC1234\", \"state\": \"IL\", \"reason\": \"training\"}");
    JsonArray *reads = json_object_get_array_member (sim_response_object (r), "reads");
    GHashTable *devices = g_hash_table_new (g_str_hash, g_str_equal);

    for (guint i = 0; i < json_array_get_length (reads); i++)
      g_hash_table_add (devices, (gpointer) json_object_get_string_member (
        json_object_get_object_member (json_array_get_object_element (reads, i), "device"), "id"));
    g_assert_cmpuint (g_hash_table_size (devices), >=, 3);
    g_hash_table_unref (devices);
  }
  {
    g_autofree char *url = sim_fixture_url (sim, "/hotsheets/bolos/check/plate?plate=ABC1234&state=IL");
    g_autoptr(SimResponse) r = sim_fixture_get (session, url, hs);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (sim_response_object (r), "matches")), >=, 1);
  }
  {
    g_autofree char *url = sim_fixture_url (sim, "/flock/hotlists/hl-stolen/entries");
    g_autoptr(SimResponse) r = sim_fixture_get (session, url, flock);
    g_assert_nonnull (strstr (g_bytes_get_data (r->body, NULL), "\"ABC1234\""));
  }
  {
    static const struct { const char *path, *body, *key, *member; } q[] = {
      { "/ness/ncic/wanted", "{\"name\": {\"last\": \"DOE\", \"first\": \"JOHN\"}, \"dob\": \"1980-01-01\"}", "QW", "hits" },
      { "/ness/iii/history", "{\"name\": {\"last\": \"DOE\", \"first\": \"JOHN\"}, \"dob\": \"1980-01-01\"}", "QH", "record" },
      { "/ness/dmv/license", "{\"licenseNumber\": \"D000-1980-0101\", \"state\": \"IL\"}", "DQ", "license" },
      { "/ness/dmv/registration", "{\"plate\": \"ABC1234\", \"state\": \"IL\"}", "RQ", "registration" },
    };
    for (guint i = 0; i < G_N_ELEMENTS (q); i++)
      {
        g_autofree char *url = sim_fixture_url (sim, q[i].path);
        g_autoptr(SimResponse) r = sim_fixture_post_json (session, url, ness, q[i].body);
        JsonObject *o = sim_response_object (r);
        JsonNode *m = json_object_get_member (o, q[i].member);

        g_assert_cmpstr (json_object_get_string_member (o, "messageKey"), ==, q[i].key);
        g_assert_false (JSON_NODE_HOLDS_NULL (m));
        if (JSON_NODE_HOLDS_ARRAY (m))
          g_assert_cmpuint (json_array_get_length (json_node_get_array (m)), ==, 1);
      }
  }
  {
    const char *os[] = { "X-API-Key", "sim-onesolution-key", "X-ORI", "IL0160000", NULL };
    g_autofree char *url = sim_fixture_url (sim, "/onesolution/cases/C-TRAINING-0001");
    g_autoptr(SimResponse) r = sim_fixture_get (session, url, os);
    g_assert_cmpuint (r->status, ==, 200);
  }
}

static void
test_training (void)
{
  check_training (3);
  check_training (4000000000u);
}

static void
test_tiles (void)
{
  g_autoptr(RtccSimServer) sim = sim_fixture_start_full (1, 0, 10000);
  /* Tile holding the city centre at z15, and one far away. */
  int z = 15, x = (int) floor ((-87.6298 + 180) / 360 * (1 << z));
  double lat = 41.8781 * G_PI / 180;
  int y = (int) floor ((1 - log (tan (lat) + 1 / cos (lat)) / G_PI) / 2 * (1 << z));
  g_autofree char *path = g_strdup_printf ("/tiles/%d/%d/%d.png", z, x, y);
  g_autofree char *url = sim_fixture_url (sim, path);
  g_autofree char *far = sim_fixture_url (sim, "/tiles/3/1/1.png");
  g_autofree char *bad = sim_fixture_url (sim, "/tiles/3/9/1.png");
  g_autoptr(SimResponse) r = sim_fixture_get (session, url, NULL);
  g_autoptr(SimResponse) r2 = sim_fixture_get (session, url, NULL);
  g_autoptr(SimResponse) rf = sim_fixture_get (session, far, NULL);
  g_autoptr(SimResponse) rb = sim_fixture_get (session, bad, NULL);
  const guint8 *png;
  gsize len;

  g_assert_cmpuint (r->status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_content_type (r->headers, NULL), ==, "image/png");
  png = g_bytes_get_data (r->body, &len);
  g_assert_cmpuint (len, >, 1000);
  g_assert_cmpmem (png, 8, "\x89PNG\r\n\x1a\n", 8);
  /* IHDR: 256 x 256. */
  g_assert_cmpuint ((png[16] << 24) | (png[17] << 16) | (png[18] << 8) | png[19], ==, 256);
  g_assert_cmpuint ((png[20] << 24) | (png[21] << 16) | (png[22] << 8) | png[23], ==, 256);
  /* Cached: the same bytes again. */
  g_assert_true (g_bytes_equal (r->body, r2->body));
  /* The city tile has streets; the far one is plainer, so smaller. */
  g_assert_cmpuint (g_bytes_get_size (rf->body), <, len);
  g_assert_cmpuint (rb->status, ==, 404);
  {
    static const char *hostile[] = {
      "/tiles/a/b/c.png", "/tiles/99999999999999999999/0/0.png", "/tiles/23/0/0.png",
      "/tiles/1/0/0.jpg", "/tiles/1/-1/0.png", "/tiles/1/0/0/0.png", "/tiles/1/0/.png",
    };
    for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
      {
        g_autofree char *u = sim_fixture_url (sim, hostile[i]);
        g_autoptr(SimResponse) h = sim_fixture_get (session, u, NULL);
        g_assert_cmpuint (h->status, ==, 404);
        g_assert_nonnull (h->json);
      }
  }
}

static void
test_start_twice (void)
{
  g_autoptr(RtccSimServer) sim = sim_fixture_start_full (1, 0, 10000);
  g_autoptr(RtccSimServer) other = rtcc_sim_server_new (1);
  g_autoptr(GError) error = NULL;

  g_assert_false (rtcc_sim_server_start (sim, 0, &error));
  g_assert_error (error, RTCC_SIM_ERROR, RTCC_SIM_ERROR_STATE);
  g_clear_error (&error);
  /* The port is taken. */
  g_assert_false (rtcc_sim_server_start (other, rtcc_sim_server_get_port (sim), &error));
  g_assert_error (error, RTCC_SIM_ERROR, RTCC_SIM_ERROR_LISTEN);
  rtcc_sim_server_stop (sim);
  g_assert_cmpuint (rtcc_sim_server_get_port (sim), ==, 0);
  rtcc_sim_server_stop (sim);
}

static void
test_live_generation (void)
{
  g_autoptr(RtccSimServer) sim = sim_fixture_start_full (9, 0, 10000);
  g_autofree char *url = sim_fixture_url (sim, "/admin");
  g_autoptr(SimResponse) before = sim_fixture_get (session, url, NULL);
  g_autoptr(SimResponse) after = NULL;
  gint64 reads_before = json_object_get_int_member (sim_response_object (before), "reads");

  /* At 60x, reads arrive about every 50 ms. */
  rtcc_sim_server_set_rate (sim, 60);
  {
    GMainLoop *loop = g_main_loop_new (NULL, FALSE);
    g_timeout_add (2500, (GSourceFunc) g_main_loop_quit, loop);
    g_main_loop_run (loop);
    g_main_loop_unref (loop);
  }
  rtcc_sim_server_set_rate (sim, 0);
  after = sim_fixture_get (session, url, NULL);
  g_assert_cmpint (json_object_get_int_member (sim_response_object (after), "reads"), >, reads_before + 10);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  session = soup_session_new ();

  g_test_add_func ("/sim/world/env", test_env);
  g_test_add_func ("/sim/world/loopback-only", test_loopback_only);
  g_test_add_func ("/sim/world/determinism", test_determinism);
  g_test_add_func ("/sim/world/training", test_training);
  g_test_add_func ("/sim/world/tiles", test_tiles);
  g_test_add_func ("/sim/world/start-twice", test_start_twice);
  g_test_add_func ("/sim/world/live", test_live_generation);
  ret = g_test_run ();

  g_object_unref (session);
  return ret;
}
