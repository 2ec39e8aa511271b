/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "sim-fixture.h"

static RtccSimServer *sim;
static SoupSession *session;

static const char *ss_headers[] = { "Authorization", "Bearer sim-shotspotter-key", NULL };
static const char *flock_headers[] = { "Authorization", "Bearer sim-flock-key", "X-Agency-Id", "SIM-AGENCY", NULL };

static char *
ws_url (const char *path)
{
  g_autofree char *http = sim_fixture_url (sim, path);
  return g_strconcat ("ws", http + 4, NULL);
}

/* Next message that is not a heartbeat. */
static JsonNode *
next_event (SimWs *ws,
            guint  timeout_ms)
{
  for (;;)
    {
      JsonNode *n = sim_ws_next (ws, timeout_ms);
      if (n == NULL)
        return NULL;
      if (!g_str_equal (json_object_get_string_member_with_default (json_node_get_object (n), "kind", ""), "heartbeat"))
        return n;
      json_node_unref (n);
    }
}

static char *
inject_gunshot (void)
{
  g_autoptr(JsonNode) n = sim_fixture_inject (sim, session, "{\"kind\": \"gunshot\"}");
  return g_strdup (json_object_get_string_member (json_node_get_object (n), "alertId"));
}

static void
test_shotspotter_stream_resume (void)
{
  g_autofree char *url = ws_url ("/shotspotter/agencies/SIM-AGENCY/alerts/stream");
  g_autoptr(GError) error = NULL;
  g_autoptr(SimWs) ws = sim_ws_connect (session, url, ss_headers, &error);
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(JsonNode) beat = NULL;
  g_autofree char *id1 = NULL, *id2 = NULL, *id3 = NULL, *cursor = NULL;
  JsonObject *o;

  g_assert_no_error (error);
  id1 = inject_gunshot ();
  first = next_event (ws, 3000);
  g_assert_nonnull (first);
  o = json_node_get_object (first);
  g_assert_cmpstr (json_object_get_string_member (o, "kind"), ==, "alert");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (o, "alert"), "alertId"), ==, id1);
  cursor = g_strdup (json_object_get_string_member (o, "cursor"));

  /* Heartbeats carry the cursor. */
  beat = sim_ws_next (ws, 3000);
  g_assert_nonnull (beat);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (beat), "kind"), ==, "heartbeat");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (beat), "cursor"), ==, cursor);

  /* The stream drops mid-message while an alert goes out. */
  sim_fixture_set_fault (sim, session, "{\"vendor\": \"shotspotter\", \"fault\": \"stream_drop\"}");
  id2 = inject_gunshot ();
  g_assert_null (next_event (ws, 3000));
  g_assert_true (sim_ws_is_closed (ws));
  sim_fixture_clear_faults (sim, session);
  id3 = inject_gunshot ();

  /* Reconnect with the last cursor: both missed alerts, in order. */
  {
    g_autofree char *resume = g_strdup_printf ("%s?cursor=%s", url, cursor);
    g_autoptr(SimWs) ws2 = sim_ws_connect (session, resume, ss_headers, &error);
    g_autoptr(JsonNode) a = NULL;
    g_autoptr(JsonNode) b = NULL;

    g_assert_no_error (error);
    a = next_event (ws2, 3000);
    b = next_event (ws2, 3000);
    g_assert_nonnull (a);
    g_assert_nonnull (b);
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_node_get_object (a), "alert"), "alertId"), ==, id2);
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_node_get_object (b), "alert"), "alertId"), ==, id3);
  }
}

static void
test_shotspotter_review_update (void)
{
  g_autofree char *url = ws_url ("/shotspotter/agencies/SIM-AGENCY/alerts/stream");
  g_autoptr(GError) error = NULL;
  g_autoptr(SimWs) ws = sim_ws_connect (session, url, ss_headers, &error);
  g_autofree char *id = inject_gunshot ();
  g_autoptr(JsonNode) raw = next_event (ws, 3000);
  g_autoptr(JsonNode) review = sim_fixture_inject (sim, session, "{\"kind\": \"gunshot_review\"}");
  g_autoptr(JsonNode) update = next_event (ws, 3000);
  JsonObject *alert;

  g_assert_no_error (error);
  g_assert_nonnull (raw);
  g_assert_nonnull (update);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (update), "kind"), ==, "update");
  alert = json_object_get_object_member (json_node_get_object (update), "alert");
  g_assert_cmpstr (json_object_get_string_member (alert, "alertId"), ==, id);
  g_assert_cmpint (json_object_get_int_member (alert, "revision"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (alert, "reviewStatus"), ==, "reviewed");
}

static void
test_stream_auth (void)
{
  g_autofree char *url = ws_url ("/shotspotter/agencies/SIM-AGENCY/alerts/stream");
  const char *bad[] = { "Authorization", "Bearer wrong", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(SimWs) ws = sim_ws_connect (session, url, bad, &error);

  g_assert_null (ws);
  g_assert_nonnull (error);
  g_clear_error (&error);

  /* A refused connection on a stream path is a connection error too. */
  sim_fixture_set_fault (sim, session, "{\"vendor\": \"shotspotter\", \"fault\": \"refused\"}");
  {
    g_autoptr(SimWs) ws2 = sim_ws_connect (session, url, ss_headers, &error);
    g_assert_null (ws2);
    g_assert_nonnull (error);
  }
  sim_fixture_clear_faults (sim, session);
}

static JsonObject *
ms_command (SimWs      *ws,
            const char *text,
            JsonNode  **keep)
{
  sim_ws_send (ws, text);
  *keep = sim_ws_next (ws, 3000);
  g_assert_nonnull (*keep);
  return json_node_get_object (*keep);
}

static void
test_milestone_session_resume (void)
{
  g_autofree char *token = sim_fixture_milestone_token (sim, session);
  const char *auth[] = { "Authorization", token, NULL };
  g_autofree char *url = ws_url ("/milestone/ws/events/v1");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) r1 = NULL, r2 = NULL, r3 = NULL, ev = NULL;
  g_autofree char *session_id = NULL, *event_id = NULL;
  g_autofree char *m1 = NULL, *m2 = NULL;
  JsonObject *o;

  {
    g_autoptr(SimWs) ws = sim_ws_connect (session, url, auth, &error);
    g_assert_no_error (error);
    o = ms_command (ws, "{\"command\": \"startSession\", \"commandId\": 1, \"data\": {\"sessionId\": \"\", \"eventId\": \"\"}}", &r1);
    g_assert_cmpint (json_object_get_int_member (o, "commandId"), ==, 1);
    g_assert_cmpint (json_object_get_int_member (o, "status"), ==, 201);
    session_id = g_strdup (json_object_get_string_member (json_object_get_object_member (o, "data"), "sessionId"));
    o = ms_command (ws, "{\"command\": \"addSubscription\", \"commandId\": 2, \"data\": {\"filters\": [{\"modifier\": \"include\", "
                        "\"resourceTypes\": [\"cameras\"], \"sourceIds\": [\"*\"], \"eventTypes\": [\"*\"]}]}}", &r2);
    g_assert_cmpint (json_object_get_int_member (o, "status"), ==, 200);

    json_node_unref (sim_fixture_inject (sim, session, "{\"kind\": \"motion\"}"));
    ev = sim_ws_next (ws, 3000);
    g_assert_nonnull (ev);
    event_id = g_strdup (json_object_get_string_member (
      json_array_get_object_element (json_object_get_array_member (json_node_get_object (ev), "events"), 0), "id"));

    /* The stream drops while the next event goes out; one more follows. */
    sim_fixture_set_fault (sim, session, "{\"vendor\": \"milestone\", \"fault\": \"stream_drop\"}");
    {
      g_autoptr(JsonNode) a = sim_fixture_inject (sim, session, "{\"kind\": \"motion\"}");
      m1 = g_strdup (json_object_get_string_member (json_node_get_object (a), "id"));
    }
    g_assert_null (sim_ws_next (ws, 3000));
    g_assert_true (sim_ws_is_closed (ws));
    sim_fixture_clear_faults (sim, session);
    {
      g_autoptr(JsonNode) b = sim_fixture_inject (sim, session, "{\"kind\": \"motion\"}");
      m2 = g_strdup (json_object_get_string_member (json_node_get_object (b), "id"));
    }
  }

  {
    g_autoptr(SimWs) ws = sim_ws_connect (session, url, auth, &error);
    g_autofree char *cmd = g_strdup_printf ("{\"command\": \"startSession\", \"commandId\": 1, \"data\": "
                                            "{\"sessionId\": \"%s\", \"eventId\": \"%s\"}}", session_id, event_id);
    g_autoptr(JsonNode) e1 = NULL, e2 = NULL;

    g_assert_no_error (error);
    o = ms_command (ws, cmd, &r3);
    g_assert_cmpint (json_object_get_int_member (o, "status"), ==, 200);
    e1 = sim_ws_next (ws, 3000);
    e2 = sim_ws_next (ws, 3000);
    g_assert_nonnull (e1);
    g_assert_nonnull (e2);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (
      json_object_get_array_member (json_node_get_object (e1), "events"), 0), "id"), ==, m1);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (
      json_object_get_array_member (json_node_get_object (e2), "events"), 0), "id"), ==, m2);
  }

  /* Camera status changes come through the same stream, and show in the
   * camera's status. */
  {
    g_autoptr(SimWs) ws = sim_ws_connect (session, url, auth, &error);
    g_autoptr(JsonNode) r = NULL, s = NULL, ev2 = NULL;
    g_autofree char *status_url = sim_fixture_url (sim, "/milestone/rest/v1/cameras/5eed0000-0000-4000-8000-000000000002/status");
    g_autoptr(SimResponse) st = NULL;

    ms_command (ws, "{\"command\": \"startSession\", \"commandId\": 1, \"data\": {\"sessionId\": \"\", \"eventId\": \"\"}}", &r);
    ms_command (ws, "{\"command\": \"addSubscription\", \"commandId\": 2, \"data\": {\"filters\": []}}", &s);
    json_node_unref (sim_fixture_inject (sim, session, "{\"kind\": \"motion\", \"type\": \"CameraNotResponding\", "
                                                       "\"camera_id\": \"5eed0000-0000-4000-8000-000000000002\"}"));
    ev2 = sim_ws_next (ws, 3000);
    g_assert_nonnull (ev2);
    o = json_array_get_object_element (json_object_get_array_member (json_node_get_object (ev2), "events"), 0);
    g_assert_cmpstr (json_object_get_string_member (o, "type"), ==, "CameraNotResponding");
    g_assert_cmpstr (json_object_get_string_member (o, "source"), ==, "cameras/5eed0000-0000-4000-8000-000000000002");
    st = sim_fixture_get (session, status_url, auth);
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (sim_response_object (st), "data"), "state"),
                     ==, "NotResponding");
  }

  /* Hostile commands get an error answer, and the stream stays usable. */
  {
    g_autoptr(SimWs) ws = sim_ws_connect (session, url, auth, &error);
    static const char *hostile[] = {
      "not json", "[1, 2]", "{\"command\": {}, \"commandId\": \"x\"}",
      "{\"command\": \"startSession\", \"commandId\": 3, \"data\": {\"sessionId\": [], \"eventId\": 5}}",
      "{\"command\": \"addSubscription\", \"commandId\": 4}",
    };
    static const int expected[] = { 400, 400, 400, 201, 200 };

    g_assert_no_error (error);
    for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
      {
        g_autoptr(JsonNode) r = NULL;
        o = ms_command (ws, hostile[i], &r);
        g_assert_cmpint (json_object_get_int_member (o, "status"), ==, expected[i]);
      }
  }

  /* An unknown session starts afresh. */
  {
    g_autoptr(SimWs) ws = sim_ws_connect (session, url, auth, &error);
    g_autoptr(JsonNode) r = NULL;
    o = ms_command (ws, "{\"command\": \"startSession\", \"commandId\": 7, \"data\": {\"sessionId\": \"gone\", \"eventId\": \"\"}}", &r);
    g_assert_cmpint (json_object_get_int_member (o, "status"), ==, 201);
    g_assert_cmpint (json_object_get_int_member (o, "commandId"), ==, 7);
  }
}

static void
test_flock_hits_stream (void)
{
  g_autofree char *url = ws_url ("/flock/hits/stream");
  g_autoptr(GError) error = NULL;
  g_autoptr(SimWs) ws = sim_ws_connect (session, url, flock_headers, &error);
  g_autoptr(JsonNode) injected = NULL, got = NULL;

  g_assert_no_error (error);
  injected = sim_fixture_inject (sim, session, "{\"kind\": \"lpr_hit\", \"plate\": \"ABC1234\", \"state\": \"IL\"}");
  got = sim_ws_next (ws, 3000);
  g_assert_nonnull (got);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (got), "id"), ==,
                   json_object_get_string_member (json_node_get_object (injected), "id"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_node_get_object (got), "hotlist"), "name"),
                   ==, "Stolen vehicles");
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  sim = sim_fixture_start_full (7, 0, 300);
  session = soup_session_new ();

  g_test_add_func ("/sim/stream/shotspotter-resume", test_shotspotter_stream_resume);
  g_test_add_func ("/sim/stream/shotspotter-review", test_shotspotter_review_update);
  g_test_add_func ("/sim/stream/auth", test_stream_auth);
  g_test_add_func ("/sim/stream/milestone-resume", test_milestone_session_resume);
  g_test_add_func ("/sim/stream/flock-hits", test_flock_hits_stream);
  ret = g_test_run ();

  g_object_unref (session);
  g_object_unref (sim);
  return ret;
}
