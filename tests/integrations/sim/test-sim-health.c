/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <sys/wait.h>

#include <glib/gstdio.h>

#include "rtcc-base-integration.h"
#include "rtcc-health-monitor.h"
#include "rtcc-integrations.h"
#include "sim-fixture.h"

/* The seven integrations against the vendor simulator, through the same
 * registry and health monitor the workstation uses: what the dashboard and
 * `rtcc-cli health` show when everything answers, when a credential is
 * wrong, when a vendor fails, and once it recovers. */

static const char *cli_path;

typedef struct
{
  RtccSimServer     *sim;
  SoupSession       *session;
  RtccConfig        *config;
  RtccRegistry      *registry;
  RtccHealthMonitor *monitor;
} Fixture;

static void
apply_env (RtccConfig    *config,
           RtccSimServer *sim)
{
  g_autoptr(GPtrArray) env = rtcc_sim_server_get_env (sim);

  for (guint i = 0; i < env->len; i++)
    {
      const char *line = g_ptr_array_index (env, i);
      const char *eq = strchr (line, '=');
      g_autofree char *key = NULL;

      g_assert_nonnull (eq);
      key = g_strndup (line, eq - line);
      rtcc_config_set_override (config, key, eq + 1);
    }
}

/* Failures should come back in well under a second, not after the
 * production timeouts and retry delays. */
static void
speed_up (RtccRegistry *registry)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (registry)); i++)
    {
      g_autoptr(RtccIntegration) integration = g_list_model_get_item (G_LIST_MODEL (registry), i);
      RtccServiceClient *client = rtcc_base_integration_get_client (RTCC_BASE_INTEGRATION (integration));

      if (client == NULL)
        continue;
      rtcc_service_client_set_default_timeout (client, 10000);
      rtcc_service_client_set_retry_policy (client, 2, 20, 100);
      rtcc_service_client_set_circuit_policy (client, 50, 100);
    }
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->sim = sim_fixture_start_full (7, 0, 10000);
  f->session = soup_session_new ();
  f->config = rtcc_config_new (NULL, FALSE);
  apply_env (f->config, f->sim);
  f->registry = rtcc_integrations_create_registry (f->config);
  speed_up (f->registry);
  f->monitor = rtcc_health_monitor_new (f->registry);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->monitor);
  g_clear_object (&f->registry);
  g_clear_object (&f->config);
  g_clear_object (&f->session);
  rtcc_sim_server_stop (f->sim);
  g_clear_object (&f->sim);
}

static void
check_all (RtccHealthMonitor *monitor)
{
  gboolean checking = TRUE;

  rtcc_health_monitor_check_all_async (monitor, NULL, NULL, NULL);
  while (checking)
    {
      g_main_context_iteration (NULL, TRUE);
      g_object_get (monitor, "checking", &checking, NULL);
    }
}

static void
check_one_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  gboolean *done = user_data;

  rtcc_integration_check_health_finish (RTCC_INTEGRATION (object), result, NULL);
  *done = TRUE;
}

static void
check_one (RtccIntegration *integration)
{
  gboolean done = FALSE;

  rtcc_integration_check_health_async (integration, NULL, check_one_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static const char *
component_status (JsonNode   *health,
                  const char *id)
{
  JsonObject *components = json_object_get_object_member (json_node_get_object (health), "components");

  return json_object_get_string_member (json_object_get_object_member (components, id), "status");
}

/* Up: healthy, or degraded only because a loaded machine (or a sanitizer
 * build) answered over the 2 s the dashboard calls slow. */
static gboolean
component_up (JsonNode   *health,
              const char *id)
{
  JsonObject *components = json_object_get_object_member (json_node_get_object (health), "components");
  JsonObject *component = json_object_get_object_member (components, id);
  const char *status = json_object_get_string_member (component, "status");
  const char *message = json_object_get_string_member_with_default (component, "message", "");

  if (g_str_equal (status, "healthy"))
    return TRUE;
  g_test_message ("%s: %s, %s", id, status, message);
  return g_str_equal (status, "degraded") && strstr (message, "slowly") != NULL;
}

static gboolean
integration_up (RtccIntegration *integration)
{
  g_autofree char *message = rtcc_integration_dup_status_message (integration);

  if (rtcc_integration_get_status (integration) == RTCC_INTEGRATION_STATUS_ONLINE)
    return TRUE;
  g_test_message ("%s: %d, %s", rtcc_integration_get_id (integration),
                  rtcc_integration_get_status (integration), message);
  return rtcc_integration_get_status (integration) == RTCC_INTEGRATION_STATUS_DEGRADED &&
         message != NULL && strstr (message, "slowly") != NULL;
}

static gboolean
all_up (JsonNode *health)
{
  gboolean up = TRUE;

  for (guint i = 0; i < 7; i++)
    up = component_up (health, (const char *[]) { "milestone", "flock", "shotspotter", "onesolution",
                                                  "ness", "bwc", "hotsheets" }[i]) && up;
  return up;
}

static const char *ids[] = { "milestone", "flock", "shotspotter", "onesolution", "ness", "bwc", "hotsheets" };

static void
test_all_online (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(JsonNode) health = NULL;

  check_all (f->monitor);
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      RtccIntegration *integration = rtcc_registry_lookup (f->registry, ids[i]);
      g_autofree char *message = rtcc_integration_dup_status_message (integration);

      g_test_message ("%s: %s", ids[i], message ? message : "");
      g_assert_true (integration_up (integration));
      g_assert_nonnull (rtcc_integration_dup_last_check (integration));
    }

  health = rtcc_health_monitor_to_json (f->monitor);
  g_assert_true (all_up (health));
  if (rtcc_health_monitor_get_overall (f->monitor) == RTCC_OVERALL_HEALTHY)
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (health), "status"), ==, "healthy");
  else
    g_assert_cmpint (rtcc_health_monitor_get_overall (f->monitor), ==, RTCC_OVERALL_DEGRADED);
}

/* Per vendor: its name on the fault endpoint and a setting whose wrong
 * value the simulator refuses. */
static const struct {
  const char *id;
  const char *vendor;
  const char *key;
} vendors[] = {
  { "milestone", "milestone", "MILESTONE_PASSWORD" },
  { "flock", "flock", "FLOCK_API_KEY" },
  { "shotspotter", "shotspotter", "SHOTSPOTTER_API_KEY" },
  { "onesolution", "onesolution", "ONESOLUTION_API_KEY" },
  { "ness", "ness", "NESS_API_KEY" },
  { "bwc", "bwc", "BWC_API_KEY" },
  { "hotsheets", "hotsheets", "HOTSHEETS_API_KEY" },
};

static void
test_wrong_key (Fixture       *f,
                gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (vendors); i++)
    {
      RtccIntegration *integration = rtcc_registry_lookup (f->registry, vendors[i].id);
      g_autofree char *message = NULL;
      g_autofree char *right = g_strdup (rtcc_config_get (f->config, vendors[i].key));
      g_autoptr(JsonNode) health = NULL;

      g_assert_nonnull (right);
      rtcc_config_set_override (f->config, vendors[i].key, "not-the-key");
      speed_up (f->registry);
      check_one (integration);
      message = rtcc_integration_dup_status_message (integration);
      g_test_message ("%s, wrong %s: %s", vendors[i].id, vendors[i].key, message);
      g_assert_cmpint (rtcc_integration_get_status (integration), ==, RTCC_INTEGRATION_STATUS_OFFLINE);
      g_assert_nonnull (message);
      /* The analyst is told which setting to fix, never its value. */
      g_assert_nonnull (strstr (message, vendors[i].key));
      g_assert_null (strstr (message, "not-the-key"));
      /* The vendor's sentence ends inside ours: one full stop, not two. */
      g_assert_null (strstr (message, ".."));

      health = rtcc_health_monitor_to_json (f->monitor);
      g_assert_cmpstr (component_status (health, vendors[i].id), ==, "unhealthy");

      rtcc_config_set_override (f->config, vendors[i].key, right);
      speed_up (f->registry);
      check_one (integration);
      g_assert_true (integration_up (integration));
    }
}

static void
test_fault_500_then_recovery (Fixture       *f,
                              gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (vendors); i++)
    {
      RtccIntegration *integration = rtcc_registry_lookup (f->registry, vendors[i].id);
      g_autofree char *fault = g_strdup_printf ("{\"vendor\": \"%s\", \"fault\": \"500\"}", vendors[i].vendor);
      g_autofree char *message = NULL;
      g_autoptr(JsonNode) health = NULL;

      sim_fixture_set_fault (f->sim, f->session, fault);
      check_one (integration);
      message = rtcc_integration_dup_status_message (integration);
      g_test_message ("%s, 500: %s", vendors[i].id, message);
      g_assert_cmpint (rtcc_integration_get_status (integration), ==, RTCC_INTEGRATION_STATUS_OFFLINE);
      g_assert_nonnull (message);
      g_assert_nonnull (strstr (message, "500"));
      g_assert_null (strstr (message, ".."));
      g_assert_cmpuint (rtcc_integration_get_errors_24h (integration), >, 0);

      /* One vendor down leaves the rest up and the whole not healthy. */
      check_all (f->monitor);
      health = rtcc_health_monitor_to_json (f->monitor);
      g_assert_cmpstr (component_status (health, vendors[i].id), ==, "unhealthy");
      for (guint j = 0; j < G_N_ELEMENTS (ids); j++)
        if (!g_str_equal (ids[j], vendors[i].id))
          g_assert_true (component_up (health, ids[j]));
      g_assert_cmpstr (json_object_get_string_member (json_node_get_object (health), "status"), !=, "healthy");

      sim_fixture_clear_faults (f->sim, f->session);
      check_one (integration);
      g_assert_true (integration_up (integration));
    }

  check_all (f->monitor);
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    g_assert_true (integration_up (rtcc_registry_lookup (f->registry, ids[i])));
}

static int
run_cli_health (RtccSimServer  *sim,
                char          **out)
{
  g_autoptr(GPtrArray) sim_env = rtcc_sim_server_get_env (sim);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) env = g_get_environ ();
  g_autofree char *home = g_dir_make_tmp ("rtcc-sim-health-XXXXXX", &error);
  const char *argv[] = { cli_path, "health", "--json", NULL };
  int status = -1;

  g_assert_no_error (error);
  env = g_environ_setenv (env, "XDG_CONFIG_HOME", home, TRUE);
  env = g_environ_setenv (env, "XDG_DATA_HOME", home, TRUE);
  env = g_environ_setenv (env, "XDG_CACHE_HOME", home, TRUE);
  for (guint i = 0; i < sim_env->len; i++)
    {
      const char *line = g_ptr_array_index (sim_env, i);
      const char *eq = strchr (line, '=');
      g_autofree char *key = g_strndup (line, eq - line);

      env = g_environ_setenv (env, key, eq + 1, TRUE);
    }
  g_assert_true (g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_DEFAULT, NULL, NULL,
                               out, NULL, &status, &error));
  g_assert_no_error (error);
  g_rmdir (home);
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

static void
test_cli_health (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *out_down = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonNode *root;
  int exit_status;

  if (cli_path == NULL)
    {
      g_test_skip ("rtcc-cli was not given on the command line");
      return;
    }

  exit_status = run_cli_health (f->sim, &out);
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_true (all_up (root));
  /* 0 healthy; 1 only when an answer was merely slow. */
  if (g_str_equal (json_object_get_string_member (json_node_get_object (root), "status"), "healthy"))
    g_assert_cmpint (exit_status, ==, 0);
  else
    g_assert_cmpint (exit_status, ==, 1);

  /* The exit status follows the vendors: one refusing makes it non-zero. */
  sim_fixture_set_fault (f->sim, f->session, "{\"vendor\": \"flock\", \"fault\": \"401\"}");
  /* One vendor of seven down makes the whole degraded, not unhealthy. */
  g_assert_cmpint (run_cli_health (f->sim, &out_down), ==, 1);
  g_assert_nonnull (strstr (out_down, "FLOCK_API_KEY"));
  g_assert_null (strstr (out_down, "sim-flock-key"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  if (argc > 1)
    cli_path = argv[1];

  g_test_add ("/sim-health/all-online", Fixture, NULL, fixture_setup, test_all_online, fixture_teardown);
  g_test_add ("/sim-health/wrong-key", Fixture, NULL, fixture_setup, test_wrong_key, fixture_teardown);
  g_test_add ("/sim-health/fault-500", Fixture, NULL, fixture_setup, test_fault_500_then_recovery, fixture_teardown);
  g_test_add ("/sim-health/cli", Fixture, NULL, fixture_setup, test_cli_health, fixture_teardown);
  return g_test_run ();
}
