/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "rtcc-integrations.h"
#include "shotspotter/rtcc-shotspotter-integration.h"
#include "sim-fixture.h"

/* Every simulator fault against a running ShotSpotter integration: the
 * stream drops, the vendor misbehaves while it reconnects, gunshots keep
 * coming; the dashboard must say what is wrong, and once the vendor is
 * back every gunshot of the outage must reach the feed exactly once.
 * (The simulator holds, slows, garbles and truncates REST answers only:
 * under those faults the stream reconnects at once and the REST side is
 * what the health check sees.) */

#define WAIT_MS 20000

typedef struct
{
  const char           *name;
  const char           *fault;          /* JSON for POST /admin/faults */
  RtccIntegrationStatus status;         /* what a health check shows */
  const char           *reason;         /* a word of the status message */
  guint                 timeout_ms;     /* request timeout for this case */
} FaultCase;

typedef struct
{
  RtccSimServer   *sim;
  SoupSession     *session;
  RtccConfig      *config;
  RtccIntegration *ss;
  GHashTable      *versions;   /* event id → GArray of versions, in arrival order */
  GPtrArray       *statuses;   /* "status: message" of every change */
} Fixture;

static void
on_event (RtccIntegration *integration,
          RtccEvent       *event,
          Fixture         *f)
{
  GArray *seen = g_hash_table_lookup (f->versions, rtcc_event_get_id (event));
  guint version = rtcc_event_get_version (event);

  if (seen == NULL)
    {
      seen = g_array_new (FALSE, FALSE, sizeof (guint));
      g_hash_table_insert (f->versions, g_strdup (rtcc_event_get_id (event)), seen);
    }
  g_array_append_val (seen, version);
}

static void
on_status (RtccIntegration *integration,
           GParamSpec      *pspec,
           Fixture         *f)
{
  g_autofree char *message = rtcc_integration_dup_status_message (integration);
  GEnumClass *klass = g_type_class_ref (RTCC_TYPE_INTEGRATION_STATUS);
  GEnumValue *value = g_enum_get_value (klass, rtcc_integration_get_status (integration));

  g_ptr_array_add (f->statuses, g_strdup_printf ("%s: %s", value->value_nick, message ? message : ""));
  g_type_class_unref (klass);
}

static void
apply_env (RtccConfig    *config,
           RtccSimServer *sim)
{
  g_autoptr(GPtrArray) env = rtcc_sim_server_get_env (sim);

  for (guint i = 0; i < env->len; i++)
    {
      const char *line = g_ptr_array_index (env, i);
      const char *eq = strchr (line, '=');
      g_autofree char *key = g_strndup (line, eq - line);

      rtcc_config_set_override (config, key, eq + 1);
    }
}

static gboolean
spin_until (gboolean (*done) (Fixture *f, gconstpointer data),
            Fixture      *f,
            gconstpointer data,
            guint         timeout_ms)
{
  gint64 end = g_get_monotonic_time () + timeout_ms * G_TIME_SPAN_MILLISECOND;

  while (!done (f, data))
    {
      if (g_get_monotonic_time () > end)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  return TRUE;
}

static void
spin_for (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * G_TIME_SPAN_MILLISECOND;

  while (g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static gboolean
has_cursor (Fixture      *f,
            gconstpointer data)
{
  return rtcc_shotspotter_integration_get_cursor (RTCC_SHOTSPOTTER_INTEGRATION (f->ss)) != NULL;
}

static gboolean
has_all (Fixture      *f,
         gconstpointer data)
{
  GPtrArray *ids = (GPtrArray *) data;

  for (guint i = 0; i < ids->len; i++)
    if (!g_hash_table_contains (f->versions, g_ptr_array_index (ids, i)))
      return FALSE;
  return TRUE;
}

static void
check_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  gboolean *done = user_data;

  rtcc_integration_check_health_finish (RTCC_INTEGRATION (object), result, NULL);
  *done = TRUE;
}

static void
check_health (Fixture *f)
{
  gboolean done = FALSE;

  rtcc_integration_check_health_async (f->ss, NULL, check_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* Injects a gunshot and returns its event id. */
static char *
inject_gunshot (Fixture *f)
{
  g_autoptr(JsonNode) node = sim_fixture_inject (f->sim, f->session,
                                                 "{\"vendor\": \"shotspotter\", \"kind\": \"gunshot\"}");
  const char *alert_id;

  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  alert_id = json_object_get_string_member_with_default (json_node_get_object (node), "alertId", NULL);
  g_assert_nonnull (alert_id);
  return g_strconcat ("shotspotter:", alert_id, NULL);
}

static gboolean
no_faults_left (Fixture      *f,
                gconstpointer data)
{
  g_autofree char *url = sim_fixture_url (f->sim, "/admin/faults");
  g_autoptr(SimResponse) r = sim_fixture_get (f->session, url, NULL);
  JsonObject *o = sim_response_object (r);

  return json_array_get_length (json_object_get_array_member (o, "faults")) == 0;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  const FaultCase *c = data;
  RtccServiceClient *client;

  /* Frequent heartbeats keep the stream's cursor fresh and make a drop
   * fault bite at once. */
  f->sim = sim_fixture_start_full (11, 0, 150);
  f->session = soup_session_new ();
  f->config = rtcc_config_new (NULL, FALSE);
  apply_env (f->config, f->sim);
  f->versions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_array_unref);
  f->statuses = g_ptr_array_new_with_free_func (g_free);
  f->ss = rtcc_integrations_create (RTCC_SOURCE_SHOTSPOTTER, f->config);
  client = rtcc_base_integration_get_client (RTCC_BASE_INTEGRATION (f->ss));
  g_assert_nonnull (client);
  rtcc_service_client_set_default_timeout (client, c->timeout_ms);
  rtcc_service_client_set_retry_policy (client, 2, 20, 100);
  rtcc_service_client_set_circuit_policy (client, 5, 100);
  g_signal_connect (f->ss, "event", G_CALLBACK (on_event), f);
  g_signal_connect (f->ss, "notify::status", G_CALLBACK (on_status), f);
  g_signal_connect (f->ss, "notify::status-message", G_CALLBACK (on_status), f);
  if (c->fault != NULL)
    rtcc_integration_start (f->ss);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  rtcc_integration_stop (f->ss);
  g_signal_handlers_disconnect_by_data (f->ss, f);
  g_clear_object (&f->ss);
  g_clear_object (&f->config);
  g_clear_object (&f->session);
  rtcc_sim_server_stop (f->sim);
  g_clear_object (&f->sim);
  g_clear_pointer (&f->versions, g_hash_table_unref);
  g_clear_pointer (&f->statuses, g_ptr_array_unref);
}

/* Online, or degraded only because a loaded machine (or a sanitizer
 * build) answered over the 2 s the dashboard calls slow. */
static gboolean
is_up (RtccIntegration *integration)
{
  g_autofree char *message = rtcc_integration_dup_status_message (integration);
  RtccIntegrationStatus status = rtcc_integration_get_status (integration);

  if (status == RTCC_INTEGRATION_STATUS_ONLINE)
    return TRUE;
  g_test_message ("status %d: %s", status, message);
  return status == RTCC_INTEGRATION_STATUS_DEGRADED && message != NULL && strstr (message, "slowly") != NULL;
}

static gboolean
saw_status (Fixture              *f,
            RtccIntegrationStatus status,
            const char           *reason)
{
  GEnumClass *klass = g_type_class_ref (RTCC_TYPE_INTEGRATION_STATUS);
  g_autofree char *prefix = g_strdup_printf ("%s: ", g_enum_get_value (klass, status)->value_nick);
  gboolean found = FALSE;

  g_type_class_unref (klass);
  for (guint i = 0; i < f->statuses->len && !found; i++)
    {
      const char *line = g_ptr_array_index (f->statuses, i);
      found = g_str_has_prefix (line, prefix) && strstr (line, reason) != NULL;
    }
  return found;
}

static void
test_fault (Fixture       *f,
            gconstpointer  data)
{
  const FaultCase *c = data;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *message = NULL;

  g_assert_true (spin_until (has_cursor, f, NULL, WAIT_MS));
  check_health (f);
  g_assert_true (is_up (f->ss));

  /* Before: the stream delivers. */
  for (guint i = 0; i < 2; i++)
    g_ptr_array_add (ids, inject_gunshot (f));
  g_assert_true (spin_until (has_all, f, ids, WAIT_MS));

  /* The outage: the open stream drops, then the vendor answers every
   * reconnection and request with the fault. */
  sim_fixture_set_fault (f->sim, f->session,
                         "{\"vendor\": \"shotspotter\", \"fault\": \"stream_drop\", \"count\": 1}");
  g_assert_true (spin_until (no_faults_left, f, NULL, WAIT_MS));
  sim_fixture_set_fault (f->sim, f->session, c->fault);
  for (guint i = 0; i < 3; i++)
    g_ptr_array_add (ids, inject_gunshot (f));

  check_health (f);
  message = rtcc_integration_dup_status_message (f->ss);
  g_test_message ("%s: status %d, “%s”", c->name, rtcc_integration_get_status (f->ss), message);
  for (guint i = 0; i < f->statuses->len; i++)
    g_test_message ("  %s", (char *) g_ptr_array_index (f->statuses, i));
  g_assert_true (saw_status (f, c->status, c->reason));
  g_assert_cmpint (rtcc_integration_get_status (f->ss), !=, RTCC_INTEGRATION_STATUS_ONLINE);

  /* After: what the outage held back, and what comes next, arrive. */
  sim_fixture_clear_faults (f->sim, f->session);
  for (guint i = 0; i < 2; i++)
    g_ptr_array_add (ids, inject_gunshot (f));
  g_assert_true (spin_until (has_all, f, ids, WAIT_MS));
  /* Room for a late duplicate to show up: several heartbeats. */
  spin_for (600);

  for (guint i = 0; i < ids->len; i++)
    {
      GArray *seen = g_hash_table_lookup (f->versions, g_ptr_array_index (ids, i));

      g_assert_nonnull (seen);
      if (seen->len != 1)
        g_test_message ("%s arrived %u times", (char *) g_ptr_array_index (ids, i), seen->len);
      g_assert_cmpuint (seen->len, ==, 1);
    }
  /* Nothing else may come twice at the same version either. */
  {
    GHashTableIter iter;
    gpointer key, value;

    g_hash_table_iter_init (&iter, f->versions);
    while (g_hash_table_iter_next (&iter, &key, &value))
      {
        GArray *seen = value;
        for (guint i = 1; i < seen->len; i++)
          g_assert_cmpuint (g_array_index (seen, guint, i), >, g_array_index (seen, guint, i - 1));
      }
  }

  check_health (f);
  g_clear_pointer (&message, g_free);
  message = rtcc_integration_dup_status_message (f->ss);
  g_test_message ("after: status %d, “%s”", rtcc_integration_get_status (f->ss), message);
  g_assert_true (is_up (f->ss));
}

/* The workstation starts while ShotSpotter is down: neither the catch-up
 * nor the stream get through, so the stream has no cursor to resume from.
 * The gunshots of the outage (and the hour before) must still arrive. */
static void
test_start_during_outage (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);

  sim_fixture_set_fault (f->sim, f->session, "{\"vendor\": \"shotspotter\", \"fault\": \"500\"}");
  rtcc_integration_start (f->ss);
  for (guint i = 0; i < 2; i++)
    g_ptr_array_add (ids, inject_gunshot (f));
  /* The training gunshot of every seed, 20 minutes before the start. */
  g_ptr_array_add (ids, g_strdup ("shotspotter:SS-TRAINING-0001"));
  check_health (f);
  g_assert_cmpint (rtcc_integration_get_status (f->ss), ==, RTCC_INTEGRATION_STATUS_OFFLINE);
  spin_for (300);

  sim_fixture_clear_faults (f->sim, f->session);
  g_assert_true (spin_until (has_cursor, f, NULL, WAIT_MS));
  g_ptr_array_add (ids, inject_gunshot (f));
  if (!spin_until (has_all, f, ids, WAIT_MS))
    {
      for (guint i = 0; i < ids->len; i++)
        g_test_message ("%s: %s", (char *) g_ptr_array_index (ids, i),
                        g_hash_table_contains (f->versions, g_ptr_array_index (ids, i)) ? "arrived" : "missing");
      g_assert_not_reached ();
    }
  spin_for (600);
  for (guint i = 0; i < ids->len; i++)
    {
      GArray *seen = g_hash_table_lookup (f->versions, g_ptr_array_index (ids, i));
      g_assert_cmpuint (seen->len, ==, 1);
    }

  /* A reviewed alert is the same id at a higher version: it must still
   * reach the feed, once. */
  {
    g_autoptr(JsonNode) review = sim_fixture_inject (f->sim, f->session,
                                                     "{\"vendor\": \"shotspotter\", \"kind\": \"gunshot_review\"}");
    const char *alert_id = json_object_get_string_member (json_node_get_object (review), "alertId");
    g_autofree char *id = g_strconcat ("shotspotter:", alert_id, NULL);
    GArray *seen = g_hash_table_lookup (f->versions, id);
    gint64 end = g_get_monotonic_time () + WAIT_MS * G_TIME_SPAN_MILLISECOND;

    g_assert_nonnull (seen);
    while (seen->len < 2 && g_get_monotonic_time () < end)
      g_main_context_iteration (NULL, TRUE);
    spin_for (400);
    g_assert_cmpuint (seen->len, ==, 2);
    g_assert_cmpuint (g_array_index (seen, guint, 1), >, g_array_index (seen, guint, 0));
  }
  check_health (f);
  g_assert_true (is_up (f->ss));
}

static const FaultCase start_case = {
  "start-during-outage", NULL, RTCC_INTEGRATION_STATUS_OFFLINE, "500", 3000
};

static const FaultCase cases[] = {
  { "timeout", "{\"vendor\": \"shotspotter\", \"fault\": \"timeout\"}",
    RTCC_INTEGRATION_STATUS_OFFLINE, "did not answer", 700 },
  { "401", "{\"vendor\": \"shotspotter\", \"fault\": \"401\"}",
    RTCC_INTEGRATION_STATUS_OFFLINE, "SHOTSPOTTER_API_KEY", 3000 },
  { "429", "{\"vendor\": \"shotspotter\", \"fault\": \"429\", \"retry_after\": 1}",
    RTCC_INTEGRATION_STATUS_DEGRADED, "429", 3000 },
  { "500", "{\"vendor\": \"shotspotter\", \"fault\": \"500\"}",
    RTCC_INTEGRATION_STATUS_OFFLINE, "500", 3000 },
  { "malformed", "{\"vendor\": \"shotspotter\", \"fault\": \"malformed\"}",
    RTCC_INTEGRATION_STATUS_DEGRADED, "answer", 3000 },
  { "truncated", "{\"vendor\": \"shotspotter\", \"fault\": \"truncated\"}",
    RTCC_INTEGRATION_STATUS_DEGRADED, "cut short", 3000 },
  { "stream-drop", "{\"vendor\": \"shotspotter\", \"fault\": \"stream_drop\"}",
    RTCC_INTEGRATION_STATUS_DEGRADED, "stream", 3000 },
  { "refused", "{\"vendor\": \"shotspotter\", \"fault\": \"refused\"}",
    RTCC_INTEGRATION_STATUS_OFFLINE, "Could not reach ShotSpotter", 3000 },
  { "503", "{\"vendor\": \"shotspotter\", \"fault\": \"503\", \"retry_after\": 1}",
    RTCC_INTEGRATION_STATUS_OFFLINE, "503", 3000 },
  { "wrong-types", "{\"vendor\": \"shotspotter\", \"fault\": \"wrong_types\"}",
    RTCC_INTEGRATION_STATUS_DEGRADED, "stream", 3000 },
  { "token-expiry", "{\"vendor\": \"shotspotter\", \"fault\": \"token_expiry\"}",
    RTCC_INTEGRATION_STATUS_OFFLINE, "SHOTSPOTTER_API_KEY", 3000 },
  { "slow", "{\"vendor\": \"shotspotter\", \"fault\": \"slow\", \"delay_ms\": 2300}",
    RTCC_INTEGRATION_STATUS_DEGRADED, "slowly", 5000 },
};

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/shotspotter-faults/%s", cases[i].name);
      g_test_add (path, Fixture, &cases[i], fixture_setup, test_fault, fixture_teardown);
    }
  g_test_add ("/shotspotter-faults/start-during-outage", Fixture, &start_case,
              fixture_setup, test_start_during_outage, fixture_teardown);
  return g_test_run ();
}
