/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "sim-fixture.h"

static RtccSimServer *sim;
static SoupSession *session;

static const char *ss_headers[] = { "Authorization", "Bearer sim-shotspotter-key", NULL };
#define ALERTS "/shotspotter/agencies/SIM-AGENCY/alerts?limit=20"

static SimResponse *
get_alerts (guint timeout_s)
{
  g_autofree char *url = sim_fixture_url (sim, ALERTS);
  return sim_fixture_request (session, "GET", url, ss_headers, NULL, NULL, timeout_s);
}

static void
assert_healthy (void)
{
  g_autoptr(SimResponse) r = get_alerts (5);

  g_assert_cmpuint (r->status, ==, 200);
  g_assert_nonnull (r->json);
}

static void
test_status_faults (void)
{
  static const guint codes[] = { 401, 403, 429, 500, 503 };

  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    {
      g_autofree char *fault = g_strdup_printf ("{\"vendor\": \"shotspotter\", \"fault\": \"%u\", \"retry_after\": 7}", codes[i]);
      g_autoptr(SimResponse) r = NULL;
      JsonObject *err;

      sim_fixture_set_fault (sim, session, fault);
      r = get_alerts (5);
      g_assert_cmpuint (r->status, ==, codes[i]);
      err = json_object_get_object_member (sim_response_object (r), "error");
      g_assert_nonnull (json_object_get_string_member (err, "message"));
      if (codes[i] == 429 || codes[i] == 503)
        g_assert_cmpstr (soup_message_headers_get_one (r->headers, "Retry-After"), ==, "7");
      sim_fixture_clear_faults (sim, session);
      assert_healthy ();
    }
}

static void
test_fault_per_vendor (void)
{
  g_autofree char *url = sim_fixture_url (sim, "/hotsheets/bolos");
  const char *hs[] = { "Authorization", "Bearer sim-hotsheets-key", "X-Agency-Id", "SIM-AGENCY", NULL };
  g_autoptr(SimResponse) other = NULL;
  g_autoptr(SimResponse) hit = NULL;

  sim_fixture_set_fault (sim, session, "{\"vendor\": \"shotspotter\", \"fault\": \"500\"}");
  other = sim_fixture_get (session, url, hs);
  hit = get_alerts (5);
  g_assert_cmpuint (other->status, ==, 200);
  g_assert_cmpuint (hit->status, ==, 500);
  sim_fixture_clear_faults (sim, session);
}

static void
test_fault_count (void)
{
  sim_fixture_set_fault (sim, session, "{\"vendor\": \"shotspotter\", \"fault\": \"503\", \"count\": 2}");
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(SimResponse) r = get_alerts (5);
      g_assert_cmpuint (r->status, ==, 503);
    }
  assert_healthy ();
  {
    g_autofree char *url = sim_fixture_url (sim, "/admin/faults");
    g_autoptr(SimResponse) r = sim_fixture_get (session, url, NULL);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (sim_response_object (r), "faults")), ==, 0);
  }
}

static void
test_timeout (void)
{
  g_autoptr(SimResponse) r = NULL;

  sim_fixture_set_fault (sim, session, "{\"vendor\": \"shotspotter\", \"fault\": \"timeout\"}");
  r = get_alerts (1);
  /* The client gave up: no answer came. */
  g_assert_cmpuint (r->status, ==, 0);
  g_assert_error (r->error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (r->elapsed_us, >=, 900000);
  sim_fixture_clear_faults (sim, session);
  assert_healthy ();
}

static void
test_slow (void)
{
  g_autoptr(SimResponse) r = NULL;

  sim_fixture_set_fault (sim, session, "{\"vendor\": \"shotspotter\", \"fault\": \"slow\", \"delay_ms\": 600}");
  r = get_alerts (5);
  g_assert_cmpuint (r->status, ==, 200);
  g_assert_cmpint (r->elapsed_us, >=, 550000);
  sim_fixture_clear_faults (sim, session);
}

static void
test_refused (void)
{
  g_autoptr(SimResponse) r = NULL;

  sim_fixture_set_fault (sim, session, "{\"vendor\": \"shotspotter\", \"fault\": \"refused\"}");
  r = get_alerts (5);
  g_assert_cmpuint (r->status, ==, 0);
  g_assert_nonnull (r->error);
  sim_fixture_clear_faults (sim, session);
  assert_healthy ();
}

static void
test_malformed (void)
{
  g_autoptr(SimResponse) r = NULL;

  sim_fixture_set_fault (sim, session, "{\"vendor\": \"shotspotter\", \"fault\": \"malformed\"}");
  r = get_alerts (5);
  g_assert_cmpuint (r->status, ==, 200);
  g_assert_null (r->json);
  g_assert_nonnull (r->json_error);
  sim_fixture_clear_faults (sim, session);
  assert_healthy ();
}

static void
test_truncated (void)
{
  g_autoptr(SimResponse) r = NULL;

  sim_fixture_set_fault (sim, session, "{\"vendor\": \"shotspotter\", \"fault\": \"truncated\"}");
  r = get_alerts (5);
  /* Either the transfer fails or what arrived does not parse. */
  g_assert_true (r->error != NULL || r->json == NULL);
  sim_fixture_clear_faults (sim, session);
  assert_healthy ();
}

static void
test_wrong_types (void)
{
  g_autoptr(SimResponse) r = NULL;
  JsonObject *alert;

  sim_fixture_set_fault (sim, session, "{\"vendor\": \"shotspotter\", \"fault\": \"wrong_types\"}");
  r = get_alerts (5);
  alert = json_array_get_object_element (json_object_get_array_member (sim_response_object (r), "alerts"), 0);
  g_assert_true (json_node_get_value_type (json_object_get_member (alert, "rounds")) == G_TYPE_STRING);
  g_assert_true (json_node_get_value_type (json_object_get_member (alert, "latitude")) == G_TYPE_STRING);
  sim_fixture_clear_faults (sim, session);
}

static void
test_token_expiry (void)
{
  g_autofree char *token = sim_fixture_milestone_token (sim, session);
  g_autofree char *url = sim_fixture_url (sim, "/milestone/rest/v1/cameras");
  const char *auth[] = { "Authorization", token, NULL };
  g_autoptr(SimResponse) before = sim_fixture_get (session, url, auth);
  g_autoptr(SimResponse) after = NULL;
  g_autoptr(SimResponse) fresh = NULL;
  g_autofree char *token2 = NULL;

  g_assert_cmpuint (before->status, ==, 200);
  sim_fixture_set_fault (sim, session, "{\"vendor\": \"milestone\", \"fault\": \"token_expiry\"}");
  after = sim_fixture_get (session, url, auth);
  g_assert_cmpuint (after->status, ==, 401);
  /* A new token works, at first. */
  token2 = sim_fixture_milestone_token (sim, session);
  {
    const char *auth2[] = { "Authorization", token2, NULL };
    fresh = sim_fixture_get (session, url, auth2);
    g_assert_cmpuint (fresh->status, ==, 200);
  }
  sim_fixture_clear_faults (sim, session);
}

static void
test_admin_validation (void)
{
  g_autofree char *url = sim_fixture_url (sim, "/admin/faults");
  g_autoptr(SimResponse) r1 = sim_fixture_post_json (session, url, NULL, "{\"vendor\": \"acme\", \"fault\": \"500\"}");
  g_autoptr(SimResponse) r2 = sim_fixture_post_json (session, url, NULL, "{\"vendor\": \"ness\", \"fault\": \"explode\"}");
  g_autoptr(SimResponse) r3 = sim_fixture_post_json (session, url, NULL, "{");
  g_autoptr(SimResponse) r4 = NULL;
  g_autoptr(SimResponse) r5 = NULL;
  g_autoptr(SimResponse) r6 = NULL;
  g_autofree char *del = sim_fixture_url (sim, "/admin/faults?vendor=ness");

  g_assert_cmpuint (r1->status, ==, 400);
  g_assert_cmpuint (r2->status, ==, 400);
  g_assert_cmpuint (r3->status, ==, 400);
  {
    static const char *hostile[] = {
      "{\"vendor\": \"ness\", \"fault\": \"500\", \"count\": {}}",
      "{\"vendor\": \"ness\", \"fault\": \"429\", \"retry_after\": \"soon\"}",
      "{\"vendor\": 7, \"fault\": [\"500\"]}",
      "{\"vendor\": \"milestone\", \"fault\": \"rtsp_stop\", \"delay_ms\": 1.5}",
      "\"just a string\"",
    };
    for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
      {
        g_autoptr(SimResponse) r = sim_fixture_post_json (session, url, NULL, hostile[i]);
        g_assert_cmpuint (r->status, ==, 400);
      }
  }
  {
    g_autofree char *inject = sim_fixture_url (sim, "/admin/inject");
    static const char *hostile[] = {
      "{\"kind\": \"gunshot\", \"lat\": \"north\", \"lon\": 1}",
      "{\"kind\": \"gunshot\", \"lat\": 41.9}",
      "{\"kind\": \"gunshot\", \"rounds\": {\"n\": 3}}",
      "{\"kind\": \"lpr_hit\", \"plate\": 1234567}",
      "{\"kind\": \"lpr_read\", \"plate\": \"WAYTOOLONGPLATE\"}",
      "{\"kind\": [\"motion\"]}",
    };
    for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
      {
        g_autoptr(SimResponse) r = sim_fixture_post_json (session, inject, NULL, hostile[i]);
        g_assert_cmpuint (r->status, ==, 400);
      }
  }
  sim_fixture_set_fault (sim, session, "{\"vendor\": \"ness\", \"fault\": \"malformed\"}");
  sim_fixture_set_fault (sim, session, "{\"vendor\": \"bwc\", \"fault\": \"500\"}");
  /* The admin API itself is never spoiled. */
  r4 = sim_fixture_get (session, url, NULL);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (sim_response_object (r4), "faults")), ==, 2);
  r5 = sim_fixture_request (session, "DELETE", del, NULL, NULL, NULL, 5);
  g_assert_cmpuint (r5->status, ==, 204);
  r6 = sim_fixture_get (session, url, NULL);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (sim_response_object (r6), "faults")), ==, 1);
  sim_fixture_clear_faults (sim, session);
}

static void
test_reset (void)
{
  g_autofree char *url = sim_fixture_url (sim, "/admin/reset");
  g_autoptr(SimResponse) r = NULL;

  sim_fixture_set_fault (sim, session, "{\"vendor\": \"shotspotter\", \"fault\": \"500\"}");
  r = sim_fixture_post_json (session, url, NULL, "{}");
  g_assert_cmpuint (r->status, ==, 200);
  assert_healthy ();
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  sim = sim_fixture_start_full (11, 0, 10000);
  session = soup_session_new_with_options ("timeout", 10, NULL);

  g_test_add_func ("/sim/fault/status", test_status_faults);
  g_test_add_func ("/sim/fault/per-vendor", test_fault_per_vendor);
  g_test_add_func ("/sim/fault/count", test_fault_count);
  g_test_add_func ("/sim/fault/timeout", test_timeout);
  g_test_add_func ("/sim/fault/slow", test_slow);
  g_test_add_func ("/sim/fault/refused", test_refused);
  g_test_add_func ("/sim/fault/malformed", test_malformed);
  g_test_add_func ("/sim/fault/truncated", test_truncated);
  g_test_add_func ("/sim/fault/wrong-types", test_wrong_types);
  g_test_add_func ("/sim/fault/token-expiry", test_token_expiry);
  g_test_add_func ("/sim/fault/admin", test_admin_validation);
  g_test_add_func ("/sim/fault/reset", test_reset);
  ret = g_test_run ();

  g_object_unref (session);
  g_object_unref (sim);
  return ret;
}
