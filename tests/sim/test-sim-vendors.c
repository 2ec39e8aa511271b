/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "sim-fixture.h"

static RtccSimServer *sim;
static SoupSession *session;

#define URL(path) g_autofree char *url = sim_fixture_url (sim, path)

static const char *flock_headers[] = { "Authorization", "Bearer sim-flock-key", "X-Agency-Id", "SIM-AGENCY", NULL };
static const char *ss_headers[] = { "Authorization", "Bearer sim-shotspotter-key", NULL };
static const char *os_headers[] = { "X-API-Key", "sim-onesolution-key", "X-ORI", "IL0160000", NULL };
static const char *hs_headers[] = { "Authorization", "Bearer sim-hotsheets-key", "X-Agency-Id", "SIM-AGENCY", NULL };
static const char *ness_headers[] = {
  "Authorization", "Bearer sim-ness-key", "X-ORI", "IL0160000", "X-Operator-Id", "OP-1001",
  "X-Purpose-Code", "C", "X-Purpose-Reason", "Robbery investigation 2026-900001", NULL
};

static void
assert_member_type (JsonObject *o,
                    const char *name,
                    GType       type)
{
  JsonNode *n;

  g_assert_true (json_object_has_member (o, name));
  n = json_object_get_member (o, name);
  if (type == JSON_TYPE_OBJECT)
    g_assert_true (JSON_NODE_HOLDS_OBJECT (n));
  else if (type == JSON_TYPE_ARRAY)
    g_assert_true (JSON_NODE_HOLDS_ARRAY (n));
  else
    {
      g_assert_true (JSON_NODE_HOLDS_VALUE (n));
      if (type == G_TYPE_DOUBLE)
        g_assert_true (json_node_get_value_type (n) == G_TYPE_DOUBLE || json_node_get_value_type (n) == G_TYPE_INT64);
      else
        g_assert_true (json_node_get_value_type (n) == type);
    }
}

static void
assert_error_message (SimResponse *r,
                      guint        status)
{
  JsonObject *o = sim_response_object (r);
  JsonObject *err;

  g_assert_cmpuint (r->status, ==, status);
  err = json_object_get_object_member (o, "error");
  g_assert_nonnull (err);
  g_assert_cmpuint (strlen (json_object_get_string_member (err, "message")), >, 10);
}

/* Milestone ---------------------------------------------------------------- */

static void
test_milestone (void)
{
  g_autofree char *token = sim_fixture_milestone_token (sim, session);
  const char *auth[] = { "Authorization", token, NULL };
  const char *bad[] = { "Authorization", "Bearer nope", NULL };
  g_autoptr(SimResponse) cams = NULL;
  JsonArray *array;
  JsonObject *cam, *err;
  g_autofree char *cam_url = NULL, *status_url = NULL, *streams_url = NULL;
  guint empty = 0;

  {
    URL ("/milestone/IDP/connect/token");
    g_autoptr(SimResponse) r = sim_fixture_request (session, "POST", url, NULL, "application/x-www-form-urlencoded",
                                                    "grant_type=password&username=analyst&password=wrong"
                                                    "&client_id=GrantValidatorClient", 10);
    g_assert_cmpuint (r->status, ==, 401);
    err = json_object_get_object_member (sim_response_object (r), "error");
    g_assert_cmpint (json_object_get_int_member (err, "httpCode"), ==, 401);
    g_assert_nonnull (json_array_get_object_element (json_object_get_array_member (err, "details"), 0));
  }
  {
    URL ("/milestone/rest/v1/cameras");
    g_autoptr(SimResponse) r = sim_fixture_get (session, url, bad);
    g_assert_cmpuint (r->status, ==, 401);
    cams = sim_fixture_get (session, url, auth);
  }
  g_assert_cmpuint (cams->status, ==, 200);
  array = json_object_get_array_member (sim_response_object (cams), "array");
  g_assert_cmpuint (json_array_get_length (array), >=, 200);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *c = json_array_get_object_element (array, i);
      const char *wkt = json_object_get_string_member (c, "gisPoint");

      assert_member_type (c, "id", G_TYPE_STRING);
      assert_member_type (c, "coverageDirection", G_TYPE_DOUBLE);
      assert_member_type (c, "coverageFieldOfView", G_TYPE_DOUBLE);
      assert_member_type (c, "coverageDepth", G_TYPE_DOUBLE);
      assert_member_type (c, "enabled", G_TYPE_BOOLEAN);
      assert_member_type (c, "relations", JSON_TYPE_OBJECT);
      g_assert_cmpuint (strlen (json_object_get_string_member (c, "id")), ==, 36);
      if (g_str_equal (wkt, "POINT EMPTY"))
        empty++;
      else
        {
          double lon, lat;
          g_assert_cmpint (sscanf (wkt, "POINT (%lf %lf)", &lon, &lat), ==, 2);
          /* Longitude first. */
          g_assert_cmpfloat (lon, <, -87.5);
          g_assert_cmpfloat (lat, >, 41.7);
        }
      g_assert_cmpfloat (json_object_get_double_member (c, "coverageDirection"), >=, 0);
      g_assert_cmpfloat (json_object_get_double_member (c, "coverageDirection"), <, 1);
    }
  g_assert_cmpuint (empty, >, 0);

  cam = json_array_get_object_element (array, 0);
  cam_url = sim_fixture_url (sim, "/milestone/rest/v1/cameras/");
  {
    g_autofree char *u = g_strconcat (cam_url, json_object_get_string_member (cam, "id"), NULL);
    g_autoptr(SimResponse) r = sim_fixture_get (session, u, auth);
    JsonObject *data = json_object_get_object_member (sim_response_object (r), "data");
    g_assert_cmpstr (json_object_get_string_member (data, "id"), ==, json_object_get_string_member (cam, "id"));
  }
  {
    g_autofree char *u = g_strconcat (cam_url, json_object_get_string_member (cam, "id"), "/status", NULL);
    g_autoptr(SimResponse) r = sim_fixture_get (session, u, auth);
    JsonObject *data = json_object_get_object_member (sim_response_object (r), "data");
    const char *last = json_object_get_string_member (data, "lastUpdated");
    const char *state = json_object_get_string_member (data, "state");

    g_assert_true (g_str_equal (state, "Responding") || g_str_equal (state, "NotResponding") || g_str_equal (state, "Disabled"));
    assert_member_type (data, "recording", G_TYPE_BOOLEAN);
    /* Seven fractional digits, then Z. */
    g_assert_cmpuint (strlen (last), ==, strlen ("2026-11-23T04:12:09.1234567Z"));
  }
  {
    g_autofree char *u = g_strconcat (cam_url, json_object_get_string_member (cam, "id"), "/streams", NULL);
    g_autoptr(SimResponse) r = sim_fixture_get (session, u, auth);
    assert_member_type (sim_response_object (r), "array", JSON_TYPE_ARRAY);
  }
  {
    g_autofree char *u = g_strconcat (cam_url, "00000000-0000-0000-0000-000000000000", NULL);
    g_autoptr(SimResponse) r = sim_fixture_get (session, u, auth);
    g_assert_cmpuint (r->status, ==, 404);
    err = json_object_get_object_member (sim_response_object (r), "error");
    g_assert_cmpint (json_object_get_int_member (err, "httpCode"), ==, 404);
  }
  {
    URL ("/milestone/rest/v1/events?from=2000-01-01T00:00:00Z");
    g_autoptr(SimResponse) r = sim_fixture_get (session, url, auth);
    JsonArray *events = json_object_get_array_member (sim_response_object (r), "array");
    JsonObject *ev;

    g_assert_cmpuint (json_array_get_length (events), >, 0);
    ev = json_array_get_object_element (events, 0);
    g_assert_true (g_str_has_prefix (json_object_get_string_member (ev, "source"), "cameras/"));
    assert_member_type (ev, "data", JSON_TYPE_OBJECT);
  }
  {
    URL ("/milestone/rest/v1/events?from=yesterday");
    g_autoptr(SimResponse) r = sim_fixture_get (session, url, auth);
    g_assert_cmpuint (r->status, ==, 400);
  }
}

/* ShotSpotter -------------------------------------------------------------- */

static void
test_shotspotter (void)
{
  GHashTable *seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *cursor = NULL;
  guint pages = 0, total = 0;

  {
    URL ("/shotspotter/agencies/SIM-AGENCY/alerts");
    const char *bad[] = { "Authorization", "Bearer wrong", NULL };
    g_autoptr(SimResponse) r = sim_fixture_get (session, url, bad);
    assert_error_message (r, 401);
  }
  {
    URL ("/shotspotter/agencies/OTHER/alerts");
    g_autoptr(SimResponse) r = sim_fixture_get (session, url, ss_headers);
    assert_error_message (r, 403);
  }
  /* Page through everything; no alert twice, none lost. */
  do
    {
      g_autofree char *path = g_strdup_printf ("/shotspotter/agencies/SIM-AGENCY/alerts?limit=7%s%s",
                                               cursor ? "&cursor=" : "", cursor ? cursor : "");
      URL (path);
      g_autoptr(SimResponse) r = sim_fixture_get (session, url, ss_headers);
      JsonObject *o = sim_response_object (r);
      JsonArray *alerts = json_object_get_array_member (o, "alerts");

      g_assert_cmpuint (json_array_get_length (alerts), <=, 7);
      for (guint i = 0; i < json_array_get_length (alerts); i++)
        {
          JsonObject *a = json_array_get_object_element (alerts, i);
          const char *dt = json_object_get_string_member (a, "datetime");

          assert_member_type (a, "rounds", G_TYPE_INT64);
          assert_member_type (a, "latitude", G_TYPE_DOUBLE);
          assert_member_type (a, "longitude", G_TYPE_DOUBLE);
          assert_member_type (a, "revision", G_TYPE_INT64);
          assert_member_type (a, "audioUri", G_TYPE_STRING);
          /* Local time with an offset, not Z. */
          g_assert_true (dt[strlen (dt) - 3] == ':' && (dt[strlen (dt) - 6] == '-' || dt[strlen (dt) - 6] == '+'));
          g_assert_true (g_hash_table_add (seen, g_strdup (json_object_get_string_member (a, "alertId"))));
          total++;
        }
      g_clear_pointer (&cursor, g_free);
      if (!json_object_get_null_member (o, "nextCursor"))
        cursor = g_strdup (json_object_get_string_member (o, "nextCursor"));
      pages++;
    }
  while (cursor);
  g_assert_cmpuint (pages, >, 2);
  g_assert_true (g_hash_table_contains (seen, "SS-TRAINING-0001"));
  {
    URL ("/shotspotter/agencies/SIM-AGENCY/alerts?limit=1000");
    g_autoptr(SimResponse) r = sim_fixture_get (session, url, ss_headers);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (sim_response_object (r), "alerts")), ==, total);
  }
  {
    /* A window in the future holds nothing. */
    URL ("/shotspotter/agencies/SIM-AGENCY/alerts?since=2099-01-01T00:00:00Z");
    g_autoptr(SimResponse) r = sim_fixture_get (session, url, ss_headers);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (sim_response_object (r), "alerts")), ==, 0);
  }
  {
    URL ("/shotspotter/agencies/SIM-AGENCY/alerts?limit=lots");
    g_autoptr(SimResponse) r = sim_fixture_get (session, url, ss_headers);
    assert_error_message (r, 400);
  }
  {
    URL ("/shotspotter/agencies/SIM-AGENCY/alerts/SS-TRAINING-0001");
    g_autoptr(SimResponse) r = sim_fixture_get (session, url, ss_headers);
    JsonObject *a = sim_response_object (r);
    assert_member_type (a, "sensorsTriggered", G_TYPE_INT64);
    assert_member_type (a, "shooters", JSON_TYPE_ARRAY);
    assert_member_type (a, "incidentRefs", JSON_TYPE_ARRAY);
    g_assert_cmpstr (json_object_get_string_member (a, "address"), ==, "1200 W MADISON ST");
  }
  {
    JsonNode *shot = sim_fixture_inject (sim, session, "{\"kind\": \"gunshot\", \"rounds\": 3}");
    const char *id = json_object_get_string_member (json_node_get_object (shot), "alertId");
    g_autofree char *path = g_strdup_printf ("/shotspotter/agencies/SIM-AGENCY/alerts/%s/acknowledge", id);
    URL (path);
    g_autoptr(SimResponse) r1 = sim_fixture_post_json (session, url, ss_headers, "{\"notes\": \"on scene\", \"operator\": \"a1\"}");
    g_autoptr(SimResponse) r2 = sim_fixture_post_json (session, url, ss_headers, "{\"notes\": \"again\", \"operator\": \"a1\"}");
    g_autoptr(SimResponse) r3 = sim_fixture_post_json (session, url, ss_headers, "{\"notes\": 5}");

    g_assert_cmpint (json_object_get_int_member (json_node_get_object (shot), "rounds"), ==, 3);
    g_assert_cmpuint (r1->status, ==, 200);
    g_assert_true (json_object_get_boolean_member (sim_response_object (r1), "acknowledged"));
    assert_member_type (sim_response_object (r1), "acknowledgedAt", G_TYPE_STRING);
    assert_error_message (r2, 409);
    assert_error_message (r3, 400);
    json_node_unref (shot);
  }
  {
    URL ("/shotspotter/agencies/SIM-AGENCY/alerts/SS-NOPE");
    g_autoptr(SimResponse) r = sim_fixture_get (session, url, ss_headers);
    assert_error_message (r, 404);
  }
  g_hash_table_unref (seen);
}

/* Flock -------------------------------------------------------------------- */

static void
test_flock (void)
{
  {
    URL ("/flock/hotlists");
    const char *no_agency[] = { "Authorization", "Bearer sim-flock-key", NULL };
    const char *bad[] = { "Authorization", "Bearer x", "X-Agency-Id", "SIM-AGENCY", NULL };
    g_autoptr(SimResponse) r1 = sim_fixture_get (session, url, no_agency);
    g_autoptr(SimResponse) r2 = sim_fixture_get (session, url, bad);
    g_autoptr(SimResponse) r3 = sim_fixture_get (session, url, flock_headers);
    JsonArray *lists;
    gboolean stolen = FALSE;

    assert_error_message (r1, 400);
    assert_error_message (r2, 401);
    lists = json_object_get_array_member (sim_response_object (r3), "hotlists");
    for (guint i = 0; i < json_array_get_length (lists); i++)
      {
        JsonObject *h = json_array_get_object_element (lists, i);
        assert_member_type (h, "entryCount", G_TYPE_INT64);
        stolen |= g_str_equal (json_object_get_string_member (h, "name"), "Stolen vehicles");
      }
    g_assert_true (stolen);
  }
  {
    URL ("/flock/reads/lookup");
    g_autoptr(SimResponse) r1 = sim_fixture_post_json (session, url, flock_headers, "{\"plate\": \"ABC1234\"}");
    g_autoptr(SimResponse) r2 = sim_fixture_post_json (session, url, flock_headers,
                                                       "{\"plate\": \"ABC1234\", \"state\": \"IL\", \"reason\": \"training\"}");
    g_autoptr(SimResponse) r3 = sim_fixture_post_json (session, url, flock_headers,
                                                       "{\"plate\": \"ABC12*\", \"reason\": \"training\", \"pageSize\": 2}");
    g_autoptr(SimResponse) r4 = sim_fixture_post_json (session, url, flock_headers, "{\"plate\": [1], \"reason\": \"x\"}");
    g_autoptr(SimResponse) r5 = sim_fixture_post_json (session, url, flock_headers, "not json");
    JsonArray *reads;
    JsonObject *read;

    assert_error_message (r1, 400);
    reads = json_object_get_array_member (sim_response_object (r2), "reads");
    g_assert_cmpuint (json_array_get_length (reads), >=, 3);
    read = json_array_get_object_element (reads, 0);
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (read, "plate"), "value"), ==, "ABC1234");
    assert_member_type (json_object_get_object_member (read, "plate"), "confidence", G_TYPE_DOUBLE);
    assert_member_type (json_object_get_object_member (read, "device"), "location", JSON_TYPE_OBJECT);
    assert_member_type (read, "vehicle", JSON_TYPE_OBJECT);
    assert_member_type (read, "capturedAt", G_TYPE_STRING);
    g_assert_true (json_object_get_null_member (sim_response_object (r2), "nextPageId"));
    /* Wildcard, paged by two. */
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (sim_response_object (r3), "reads")), ==, 2);
    g_assert_false (json_object_get_null_member (sim_response_object (r3), "nextPageId"));
    {
      g_autofree char *body = g_strdup_printf ("{\"plate\": \"ABC12*\", \"reason\": \"training\", \"pageSize\": 2, \"pageId\": \"%s\"}",
                                               json_object_get_string_member (sim_response_object (r3), "nextPageId"));
      g_autoptr(SimResponse) r = sim_fixture_post_json (session, url, flock_headers, body);
      JsonArray *page2 = json_object_get_array_member (sim_response_object (r), "reads");
      g_assert_cmpuint (json_array_get_length (page2), >=, 1);
      g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (page2, 0), "id"), !=,
                       json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (sim_response_object (r3), "reads"), 0), "id"));
    }
    assert_error_message (r4, 400);
    assert_error_message (r5, 400);
  }
  {
    URL ("/flock/hotlists/hl-stolen/entries");
    g_autofree char *del = sim_fixture_url (sim, "/flock/hotlists/hl-stolen/entries/ZZZ9999");
    g_autoptr(SimResponse) list = sim_fixture_get (session, url, flock_headers);
    g_autoptr(SimResponse) add = sim_fixture_post_json (session, url, flock_headers,
                                                        "{\"plate\": \"ZZZ9999\", \"state\": \"IL\", \"reason\": \"Stolen\", \"caseNumber\": \"C-1\", \"expiresAt\": \"2030-01-01T00:00:00Z\"}");
    g_autoptr(SimResponse) dup = sim_fixture_post_json (session, url, flock_headers,
                                                        "{\"plate\": \"ZZZ9999\", \"state\": \"IL\", \"reason\": \"Stolen\"}");
    g_autoptr(SimResponse) bad = sim_fixture_post_json (session, url, flock_headers, "{\"state\": \"IL\"}");
    g_autoptr(SimResponse) d1 = sim_fixture_request (session, "DELETE", del, flock_headers, NULL, NULL, 10);
    g_autoptr(SimResponse) d2 = sim_fixture_request (session, "DELETE", del, flock_headers, NULL, NULL, 10);
    JsonArray *entries = json_object_get_array_member (sim_response_object (list), "entries");
    gboolean training = FALSE;

    for (guint i = 0; i < json_array_get_length (entries); i++)
      training |= g_str_equal (json_object_get_string_member (json_array_get_object_element (entries, i), "plate"), "ABC1234");
    g_assert_true (training);
    g_assert_cmpuint (add->status, ==, 201);
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (sim_response_object (add), "entry"), "plate"), ==, "ZZZ9999");
    assert_error_message (dup, 409);
    assert_error_message (bad, 400);
    g_assert_cmpuint (d1->status, ==, 204);
    assert_error_message (d2, 404);
  }
  {
    URL ("/flock/hits?since=0");
    g_autoptr(SimResponse) r = sim_fixture_get (session, url, flock_headers);
    JsonObject *o = sim_response_object (r);
    JsonArray *hits = json_object_get_array_member (o, "hits");
    JsonObject *hit;

    g_assert_cmpuint (json_array_get_length (hits), >=, 3);
    hit = json_array_get_object_element (hits, 0);
    assert_member_type (hit, "read", JSON_TYPE_OBJECT);
    assert_member_type (hit, "hotlist", JSON_TYPE_OBJECT);
    assert_member_type (hit, "entry", JSON_TYPE_OBJECT);
    assert_member_type (hit, "sources", JSON_TYPE_ARRAY);
    assert_member_type (o, "cursor", G_TYPE_STRING);
    {
      g_autofree char *next = g_strdup_printf ("/flock/hits?since=%s", json_object_get_string_member (o, "cursor"));
      g_autofree char *u2 = sim_fixture_url (sim, next);
      g_autoptr(SimResponse) empty = sim_fixture_get (session, u2, flock_headers);
      JsonNode *hit2 = sim_fixture_inject (sim, session, "{\"vendor\": \"flock\", \"kind\": \"lpr_hit\"}");
      g_autoptr(SimResponse) one = sim_fixture_get (session, u2, flock_headers);

      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (sim_response_object (empty), "hits")), ==, 0);
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (sim_response_object (one), "hits")), ==, 1);
      json_node_unref (hit2);
    }
  }
}

/* OneSolution -------------------------------------------------------------- */

static void
test_onesolution (void)
{
  {
    URL ("/onesolution/incidents/2026-900001");
    const char *bad[] = { "X-API-Key", "nope", "X-ORI", "IL0160000", NULL };
    const char *ori[] = { "X-API-Key", "sim-onesolution-key", "X-ORI", "XX0000000", NULL };
    g_autoptr(SimResponse) r1 = sim_fixture_get (session, url, bad);
    g_autoptr(SimResponse) r2 = sim_fixture_get (session, url, ori);
    g_autoptr(SimResponse) r3 = sim_fixture_get (session, url, os_headers);
    JsonObject *inc;

    assert_error_message (r1, 401);
    assert_error_message (r2, 403);
    inc = json_object_get_object_member (sim_response_object (r3), "incident");
    g_assert_cmpstr (json_object_get_string_member (inc, "incidentNumber"), ==, "2026-900001");
    assert_member_type (inc, "type", JSON_TYPE_OBJECT);
    assert_member_type (inc, "location", JSON_TYPE_OBJECT);
    assert_member_type (inc, "units", JSON_TYPE_ARRAY);
    assert_member_type (inc, "persons", JSON_TYPE_ARRAY);
    g_assert_cmpstr (json_object_get_string_member (inc, "caseNumber"), ==, "C-TRAINING-0001");
  }
  {
    URL ("/onesolution/incidents?page=2&pageSize=10");
    g_autoptr(SimResponse) r = sim_fixture_get (session, url, os_headers);
    JsonObject *o = sim_response_object (r);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "results")), ==, 10);
    g_assert_cmpint (json_object_get_int_member (o, "page"), ==, 2);
    g_assert_cmpint (json_object_get_int_member (o, "total"), >, 20);
  }
  {
    URL ("/onesolution/persons?lastName=DOE&firstName=JOHN&dob=1980-01-01");
    g_autofree char *u2 = sim_fixture_url (sim, "/onesolution/persons?firstName=JOHN");
    g_autofree char *u3 = sim_fixture_url (sim, "/onesolution/persons/P-TRAINING-0001");
    g_autofree char *u4 = sim_fixture_url (sim, "/onesolution/cases/C-TRAINING-0001");
    g_autofree char *u5 = sim_fixture_url (sim, "/onesolution/persons?lastName=DOH&phonetic=true");
    g_autoptr(SimResponse) r = sim_fixture_get (session, url, os_headers);
    g_autoptr(SimResponse) r2 = sim_fixture_get (session, u2, os_headers);
    g_autoptr(SimResponse) r3 = sim_fixture_get (session, u3, os_headers);
    g_autoptr(SimResponse) r4 = sim_fixture_get (session, u4, os_headers);
    g_autoptr(SimResponse) r5 = sim_fixture_get (session, u5, os_headers);
    JsonArray *results = json_object_get_array_member (sim_response_object (r), "results");
    JsonObject *person, *kase;

    g_assert_cmpuint (json_array_get_length (results), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (results, 0), "personId"), ==, "P-TRAINING-0001");
    assert_error_message (r2, 400);
    person = json_object_get_object_member (sim_response_object (r3), "person");
    g_assert_cmpstr (json_object_get_string_member (person, "dob"), ==, "1980-01-01");
    assert_member_type (person, "identifiers", JSON_TYPE_ARRAY);
    assert_member_type (person, "heightCm", G_TYPE_INT64);
    kase = json_object_get_object_member (sim_response_object (r4), "case");
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (kase, "incidents")), ==, 2);
    /* DOH sounds like DOE. */
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (sim_response_object (r5), "results")), >=, 1);
  }
  {
    URL ("/onesolution/incidents/changes?cursor=0");
    g_autoptr(SimResponse) r = sim_fixture_get (session, url, os_headers);
    JsonObject *o = sim_response_object (r);
    JsonObject *change = json_array_get_object_element (json_object_get_array_member (o, "changes"), 0);
    g_autofree char *path = g_strdup_printf ("/onesolution/incidents/changes?cursor=%s", json_object_get_string_member (o, "cursor"));
    g_autofree char *u2 = sim_fixture_url (sim, path);
    JsonNode *injected;
    g_autoptr(SimResponse) after = NULL;

    g_assert_nonnull (change);
    assert_member_type (change, "op", G_TYPE_STRING);
    assert_member_type (change, "incident", JSON_TYPE_OBJECT);
    injected = sim_fixture_inject (sim, session, "{\"kind\": \"incident\"}");
    after = sim_fixture_get (session, u2, os_headers);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (sim_response_object (after), "changes")), ==, 1);
    json_node_unref (injected);
  }
}

/* NESS --------------------------------------------------------------------- */

static void
test_ness (void)
{
  URL ("/ness/ncic/wanted");
  const char *doe = "{\"name\": {\"last\": \"DOE\", \"first\": \"JOHN\"}, \"dob\": \"1980-01-01\", \"sex\": \"M\"}";

  {
    const char *no_purpose[] = { "Authorization", "Bearer sim-ness-key", "X-ORI", "IL0160000", "X-Operator-Id", "OP-1001", NULL };
    g_autoptr(SimResponse) r = sim_fixture_post_json (session, url, no_purpose, doe);
    JsonObject *err = json_object_get_object_member (sim_response_object (r), "error");
    g_assert_cmpuint (r->status, ==, 400);
    g_assert_cmpstr (json_object_get_string_member (err, "code"), ==, "PURPOSE_REQUIRED");
    g_assert_cmpstr (soup_message_headers_get_one (r->headers, "Cache-Control"), ==, "no-store");
  }
  {
    const char *reserved[] = { "Authorization", "Bearer sim-ness-key", "X-ORI", "IL0160000", "X-Operator-Id", "OP-1001",
                               "X-Purpose-Code", "R", "X-Purpose-Reason", "x", NULL };
    g_autoptr(SimResponse) r = sim_fixture_post_json (session, url, reserved, doe);
    g_assert_cmpuint (r->status, ==, 400);
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (sim_response_object (r), "error"), "code"), ==, "INVALID_PURPOSE");
  }
  {
    const char *codes = "CDFHIJSVX";
    for (const char *c = codes; *c; c++)
      {
        char code[2] = { *c, 0 };
        const char *h[] = { "Authorization", "Bearer sim-ness-key", "X-ORI", "IL0160000", "X-Operator-Id", "OP-1001",
                            "X-Purpose-Code", code, "X-Purpose-Reason", "x", NULL };
        g_autoptr(SimResponse) r = sim_fixture_post_json (session, url, h, doe);
        g_assert_cmpuint (r->status, ==, 200);
      }
  }
  {
    const char *uncertified[] = { "Authorization", "Bearer sim-ness-key", "X-ORI", "IL0160000", "X-Operator-Id", "OP-9999",
                                  "X-Purpose-Code", "C", "X-Purpose-Reason", "x", NULL };
    g_autoptr(SimResponse) r = sim_fixture_post_json (session, url, uncertified, doe);
    g_assert_cmpuint (r->status, ==, 403);
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (sim_response_object (r), "error"), "code"), ==, "OPERATOR_NOT_CERTIFIED");
    g_assert_cmpstr (soup_message_headers_get_one (r->headers, "Cache-Control"), ==, "no-store");
  }
  {
    g_autoptr(SimResponse) r = sim_fixture_post_json (session, url, ness_headers, doe);
    JsonObject *o = sim_response_object (r);
    JsonArray *hits = json_object_get_array_member (o, "hits");

    g_assert_cmpstr (json_object_get_string_member (o, "messageKey"), ==, "QW");
    g_assert_cmpuint (json_array_get_length (hits), ==, 1);
    g_assert_true (json_object_get_boolean_member (o, "requiresConfirmation"));
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (hits, 0), "nic"), ==, "W000000001");
    g_assert_cmpstr (soup_message_headers_get_one (r->headers, "Cache-Control"), ==, "no-store");
  }
  {
    g_autoptr(SimResponse) r = sim_fixture_post_json (session, url, ness_headers, "{\"name\": {\"first\": \"X\"}}");
    assert_error_message (r, 400);
  }
  {
    g_autofree char *u = sim_fixture_url (sim, "/ness/iii/history");
    g_autoptr(SimResponse) r = sim_fixture_post_json (session, u, ness_headers, doe);
    JsonObject *rec = json_object_get_object_member (sim_response_object (r), "record");
    g_assert_cmpstr (json_object_get_string_member (sim_response_object (r), "messageKey"), ==, "QH");
    g_assert_cmpstr (json_object_get_string_member (rec, "fbiNumber"), ==, "123456AB1");
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (rec, "arrests")), >=, 1);
  }
  {
    g_autofree char *u = sim_fixture_url (sim, "/ness/dmv/license");
    g_autoptr(SimResponse) r = sim_fixture_post_json (session, u, ness_headers, "{\"licenseNumber\": \"D000-1980-0101\", \"state\": \"IL\"}");
    JsonObject *lic = json_object_get_object_member (sim_response_object (r), "license");
    g_assert_cmpstr (json_object_get_string_member (sim_response_object (r), "messageKey"), ==, "DQ");
    g_assert_cmpstr (json_object_get_string_member (lic, "status"), ==, "SUSPENDED");
    assert_member_type (lic, "restrictions", JSON_TYPE_ARRAY);
  }
  {
    g_autofree char *u = sim_fixture_url (sim, "/ness/dmv/registration");
    g_autoptr(SimResponse) r = sim_fixture_post_json (session, u, ness_headers, "{\"plate\": \"ABC1234\", \"state\": \"IL\"}");
    g_autoptr(SimResponse) none = sim_fixture_post_json (session, u, ness_headers, "{\"plate\": \"QQQ0000\", \"state\": \"IL\"}");
    JsonObject *reg = json_object_get_object_member (sim_response_object (r), "registration");
    g_assert_cmpstr (json_object_get_string_member (sim_response_object (r), "messageKey"), ==, "RQ");
    g_assert_cmpstr (json_object_get_string_member (reg, "make"), ==, "Toyota");
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (reg, "owner"), "lastName"), ==, "DOE");
    g_assert_true (json_object_get_boolean_member (reg, "stolen"));
    g_assert_true (json_object_get_null_member (sim_response_object (none), "registration"));
  }
  {
    g_autofree char *u = sim_fixture_url (sim, "/ness/health");
    const char *key_only[] = { "Authorization", "Bearer sim-ness-key", NULL };
    g_autoptr(SimResponse) r = sim_fixture_get (session, u, key_only);
    g_autoptr(SimResponse) r2 = sim_fixture_get (session, u, NULL);
    g_assert_cmpstr (json_object_get_string_member (sim_response_object (r), "status"), ==, "ok");
    g_assert_cmpstr (soup_message_headers_get_one (r->headers, "Cache-Control"), ==, "no-store");
    assert_error_message (r2, 401);
  }
}

/* BWC ---------------------------------------------------------------------- */

static void
test_bwc (void)
{
  g_autofree char *token = sim_fixture_bwc_token (sim, session);
  const char *auth[] = { "Authorization", token, NULL };
  const char *rec_id;
  g_autoptr(SimResponse) list = NULL;

  {
    URL ("/bwc/oauth2/token");
    g_autoptr(SimResponse) r = sim_fixture_request (session, "POST", url, NULL, "application/x-www-form-urlencoded",
                                                    "grant_type=client_credentials&client_id=SIM-AGENCY&client_secret=bad", 10);
    assert_error_message (r, 401);
  }
  {
    URL ("/bwc/recordings");
    g_autoptr(SimResponse) r = sim_fixture_get (session, url, NULL);
    assert_error_message (r, 401);
    list = sim_fixture_get (session, url, auth);
  }
  {
    JsonObject *o = sim_response_object (list);
    JsonArray *data = json_object_get_array_member (o, "data");
    JsonObject *rec = json_array_get_object_element (data, 0);

    g_assert_nonnull (rec);
    assert_member_type (rec, "startedAt", G_TYPE_INT64);
    assert_member_type (rec, "durationSeconds", G_TYPE_INT64);
    assert_member_type (rec, "incidentIds", JSON_TYPE_ARRAY);
    assert_member_type (o, "meta", JSON_TYPE_OBJECT);
    rec_id = json_object_get_string_member (rec, "id");
    g_assert_true (json_object_has_member (json_object_get_object_member (o, "meta"), "next"));
  }
  {
    URL ("/bwc/assignments");
    g_autoptr(SimResponse) r = sim_fixture_get (session, url, auth);
    JsonObject *a = json_array_get_object_element (json_object_get_array_member (sim_response_object (r), "data"), 0);
    const char *dock = json_object_get_string_member (a, "dockStatus");
    assert_member_type (a, "battery", G_TYPE_DOUBLE);
    g_assert_true (g_str_equal (dock, "docked") || g_str_equal (dock, "in_field") || g_str_equal (dock, "uploading"));
  }
  {
    g_autofree char *path = g_strdup_printf ("/bwc/recordings/%s/url", rec_id);
    URL (path);
    g_autoptr(SimResponse) r = sim_fixture_get (session, url, auth);
    assert_member_type (sim_response_object (r), "url", G_TYPE_STRING);
    assert_member_type (sim_response_object (r), "expiresAt", G_TYPE_STRING);
  }
  {
    g_autofree char *path = g_strdup_printf ("/bwc/recordings/%s/incidents", rec_id);
    g_autofree char *upath = g_strdup_printf ("/bwc/recordings/%s/incidents/2026-900001", rec_id);
    URL (path);
    g_autofree char *unlink_url = sim_fixture_url (sim, upath);
    g_autoptr(SimResponse) l1 = sim_fixture_post_json (session, url, auth, "{\"incidentId\": \"2026-900001\"}");
    g_autoptr(SimResponse) l2 = sim_fixture_post_json (session, url, auth, "{\"incidentId\": \"2026-900001\"}");
    g_autoptr(SimResponse) u1 = sim_fixture_request (session, "DELETE", unlink_url, auth, NULL, NULL, 10);
    g_autoptr(SimResponse) u2 = sim_fixture_request (session, "DELETE", unlink_url, auth, NULL, NULL, 10);

    g_assert_cmpuint (l1->status, ==, 201);
    assert_error_message (l2, 409);
    g_assert_cmpuint (u1->status, ==, 204);
    assert_error_message (u2, 404);
  }
  {
    JsonNode *rec = sim_fixture_inject (sim, session, "{\"kind\": \"bwc_recording\"}");
    JsonObject *meta = json_object_get_object_member (sim_response_object (list), "meta");
    g_autofree char *path = g_strdup_printf ("/bwc/recordings?since=%s", json_object_get_string_member (meta, "cursor"));
    URL (path);
    g_autoptr(SimResponse) r = sim_fixture_get (session, url, auth);
    JsonArray *data = json_object_get_array_member (sim_response_object (r), "data");

    g_assert_cmpuint (json_array_get_length (data), >=, 1);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (data, json_array_get_length (data) - 1), "id"), ==,
                     json_object_get_string_member (json_node_get_object (rec), "id"));
    json_node_unref (rec);
  }
}

/* HotSheets ---------------------------------------------------------------- */

static void
test_hotsheets (void)
{
  {
    URL ("/hotsheets/bolos?status=active");
    const char *bad[] = { "Authorization", "Bearer x", "X-Agency-Id", "SIM-AGENCY", NULL };
    g_autoptr(SimResponse) r0 = sim_fixture_get (session, url, bad);
    g_autoptr(SimResponse) r = sim_fixture_get (session, url, hs_headers);
    JsonArray *bolos = json_object_get_array_member (sim_response_object (r), "bolos");
    gboolean training = FALSE;

    assert_error_message (r0, 401);
    for (guint i = 0; i < json_array_get_length (bolos); i++)
      {
        JsonObject *b = json_array_get_object_element (bolos, i);
        g_assert_cmpstr (json_object_get_string_member (b, "status"), ==, "active");
        g_assert_true (json_object_has_member (b, "vehicle") && json_object_has_member (b, "person"));
        training |= g_str_equal (json_object_get_string_member (b, "id"), "BOLO-TRAINING-0001");
      }
    g_assert_true (training);
  }
  {
    URL ("/hotsheets/bolos/check/plate?plate=ABC-1234&state=IL");
    g_autoptr(SimResponse) r = sim_fixture_get (session, url, hs_headers);
    JsonArray *m = json_object_get_array_member (sim_response_object (r), "matches");
    g_assert_cmpuint (json_array_get_length (m), >=, 1);
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_array_get_object_element (m, 0), "vehicle"), "plate"), ==, "ABC1234");
  }
  {
    URL ("/hotsheets/bolos");
    g_autoptr(SimResponse) bad = sim_fixture_post_json (session, url, hs_headers, "{\"subjectType\": \"boat\"}");
    g_autoptr(SimResponse) ok = sim_fixture_post_json (session, url, hs_headers,
                                                       "{\"subjectType\": \"person\", \"reason\": \"Missing endangered\", "
                                                       "\"person\": {\"lastName\": \"Nowak\", \"firstName\": \"Anna\", \"dob\": \"1990-02-03\"}}");
    JsonArray *errors = json_object_get_array_member (sim_response_object (bad), "errors");
    JsonObject *bolo = json_object_get_object_member (sim_response_object (ok), "bolo");
    g_autofree char *cancel_path = g_strdup_printf ("/hotsheets/bolos/%s/cancel", json_object_get_string_member (bolo, "id"));
    g_autofree char *cancel = sim_fixture_url (sim, cancel_path);
    g_autofree char *check = sim_fixture_url (sim, "/hotsheets/bolos/check/person?lastName=NOWAK&firstName=ANNA&dob=1990-02-03");
    g_autoptr(SimResponse) c0 = sim_fixture_get (session, check, hs_headers);
    g_autoptr(SimResponse) c1 = sim_fixture_post_json (session, cancel, hs_headers, "{\"reason\": \"Found\"}");
    g_autoptr(SimResponse) c2 = sim_fixture_post_json (session, cancel, hs_headers, "{\"reason\": \"Found\"}");

    g_assert_cmpuint (bad->status, ==, 422);
    g_assert_cmpuint (json_array_get_length (errors), >=, 2);
    assert_member_type (json_array_get_object_element (errors, 0), "field", G_TYPE_STRING);
    g_assert_cmpuint (ok->status, ==, 201);
    g_assert_cmpstr (json_object_get_string_member (bolo, "subjectType"), ==, "person");
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (sim_response_object (c0), "matches")), ==, 1);
    g_assert_cmpuint (c1->status, ==, 200);
    assert_error_message (c2, 409);
  }
  {
    URL ("/hotsheets/bolos/changes?cursor=0");
    g_autoptr(SimResponse) r = sim_fixture_get (session, url, hs_headers);
    JsonArray *changes = json_object_get_array_member (sim_response_object (r), "changes");
    JsonObject *last = json_array_get_object_element (changes, json_array_get_length (changes) - 1);
    g_assert_cmpstr (json_object_get_string_member (last, "op"), ==, "cancelled");
    assert_member_type (last, "bolo", JSON_TYPE_OBJECT);
  }
}

static void
test_admin_inject_validation (void)
{
  URL ("/admin/inject");
  g_autoptr(SimResponse) r1 = sim_fixture_post_json (session, url, NULL, "{\"kind\": \"meteor\"}");
  g_autoptr(SimResponse) r2 = sim_fixture_post_json (session, url, NULL, "{\"vendor\": \"ness\", \"kind\": \"gunshot\"}");
  g_autoptr(SimResponse) r3 = sim_fixture_post_json (session, url, NULL, "{\"kind\": \"gunshot\", \"lat\": 120, \"lon\": 0}");
  g_autoptr(SimResponse) r4 = sim_fixture_post_json (session, url, NULL, "[1, 2]");
  JsonNode *shot = sim_fixture_inject (sim, session,
                                       "{\"vendor\": \"shotspotter\", \"kind\": \"gunshot\", \"lat\": 41.88, \"lon\": -87.65, \"rounds\": 6}");
  JsonObject *a = json_node_get_object (shot);

  assert_error_message (r1, 400);
  assert_error_message (r2, 400);
  assert_error_message (r3, 400);
  assert_error_message (r4, 400);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (a, "latitude"), 41.88, 1e-9);
  g_assert_cmpint (json_object_get_int_member (a, "rounds"), ==, 6);
  json_node_unref (shot);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  sim = sim_fixture_start (42);
  session = soup_session_new ();

  g_test_add_func ("/sim/milestone", test_milestone);
  g_test_add_func ("/sim/shotspotter", test_shotspotter);
  g_test_add_func ("/sim/flock", test_flock);
  g_test_add_func ("/sim/onesolution", test_onesolution);
  g_test_add_func ("/sim/ness", test_ness);
  g_test_add_func ("/sim/bwc", test_bwc);
  g_test_add_func ("/sim/hotsheets", test_hotsheets);
  g_test_add_func ("/sim/admin/inject", test_admin_inject_validation);
  ret = g_test_run ();

  g_object_unref (session);
  rtcc_sim_server_stop (sim);
  g_object_unref (sim);
  return ret;
}
