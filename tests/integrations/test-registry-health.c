/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <libsoup/soup.h>

#include "rtcc-event-list.h"
#include "rtcc-health-monitor.h"
#include "rtcc-integrations.h"
#include "rtcc-json.h"

/* A ShotSpotter look-alike whose answer the test chooses. */
typedef struct
{
  SoupServer *server;
  char       *base;
  const char *answer;
  guint       status;
  char       *last_auth;
} Fake;

static void
fake_handler (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  Fake *fake = user_data;

  g_free (fake->last_auth);
  fake->last_auth = g_strdup (soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                            "Authorization"));
  if (!g_str_equal (path, "/agencies/A1/alerts"))
    {
      soup_server_message_set_status (msg, 404, NULL);
      return;
    }
  soup_server_message_set_status (msg, fake->status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC,
                                    fake->answer, strlen (fake->answer));
}

static void
fake_start (Fake *fake)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  fake->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (fake->server, NULL, fake_handler, fake, NULL);
  soup_server_listen_local (fake->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (fake->server);
  fake->base = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  fake->status = 200;
  fake->answer = "{\"alerts\": [], \"nextCursor\": null}";
}

static void
fake_stop (Fake *fake)
{
  soup_server_disconnect (fake->server);
  g_clear_object (&fake->server);
  g_clear_pointer (&fake->base, g_free);
  g_clear_pointer (&fake->last_auth, g_free);
}

static void
check_all (RtccHealthMonitor *monitor)
{
  gboolean done = FALSE;

  rtcc_health_monitor_check_all_async (monitor, NULL, NULL, NULL);
  /* Wait on the "checking" flag rather than a callback so the
   * monitor's own bookkeeping is what the test observes. */
  while (!done)
    {
      gboolean checking;
      g_main_context_iteration (NULL, TRUE);
      g_object_get (monitor, "checking", &checking, NULL);
      done = !checking;
    }
}

static void
test_all_disabled_without_urls (void)
{
  g_autoptr(RtccConfig) config = rtcc_config_new (NULL, FALSE);
  g_autoptr(RtccRegistry) registry = rtcc_integrations_create_registry (config);
  g_autoptr(RtccHealthMonitor) monitor = rtcc_health_monitor_new (registry);
  g_autoptr(JsonNode) json = NULL;
  JsonObject *components;
  static const char *ids[] = { "milestone", "flock", "shotspotter", "onesolution", "ness", "bwc", "hotsheets" };

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (registry)), ==, 7);
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      RtccIntegration *integration = rtcc_registry_lookup (registry, ids[i]);
      g_autofree char *message = NULL;

      g_assert_nonnull (integration);
      g_assert_cmpint (rtcc_integration_get_status (integration), ==, RTCC_INTEGRATION_STATUS_DISABLED);
      message = rtcc_integration_dup_status_message (integration);
      g_assert_nonnull (strstr (message, "_API_URL"));
    }

  check_all (monitor);
  json = rtcc_health_monitor_to_json (monitor);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (json), "status"), ==, "healthy");
  components = json_object_get_object_member (json_node_get_object (json), "components");
  g_assert_cmpuint (json_object_get_size (components), ==, 7);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (components, "ness"), "status"),
                   ==, "disabled");
}

static void
test_missing_key_is_offline_with_reason (void)
{
  g_autoptr(RtccConfig) config = rtcc_config_new (NULL, FALSE);
  g_autoptr(RtccIntegration) ss = NULL;
  g_autofree char *message = NULL;

  rtcc_config_set_override (config, "SHOTSPOTTER_API_URL", "http://127.0.0.1:9");
  ss = rtcc_integrations_create (RTCC_SOURCE_SHOTSPOTTER, config);
  g_assert_cmpint (rtcc_integration_get_status (ss), ==, RTCC_INTEGRATION_STATUS_OFFLINE);
  message = rtcc_integration_dup_status_message (ss);
  g_assert_nonnull (strstr (message, "SHOTSPOTTER_API_KEY"));
}

static void
on_event (RtccHealthMonitor *monitor,
          RtccEvent         *event,
          GPtrArray         *events)
{
  g_ptr_array_add (events, g_object_ref (event));
}

static void
test_health_follows_vendor (void)
{
  g_autoptr(RtccConfig) config = rtcc_config_new (NULL, FALSE);
  g_autoptr(RtccRegistry) registry = NULL;
  g_autoptr(RtccHealthMonitor) monitor = NULL;
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(JsonNode) json = NULL;
  RtccIntegration *ss;
  JsonObject *component;
  g_autofree char *message = NULL;
  Fake fake = { 0 };

  fake_start (&fake);
  rtcc_config_set_override (config, "SHOTSPOTTER_API_URL", fake.base);
  rtcc_config_set_override (config, "SHOTSPOTTER_API_KEY", "ss-key-0123456789");
  rtcc_config_set_override (config, "SHOTSPOTTER_AGENCY_ID", "A1");
  registry = rtcc_integrations_create_registry (config);
  monitor = rtcc_health_monitor_new (registry);
  g_signal_connect (monitor, "event", G_CALLBACK (on_event), events);
  ss = rtcc_registry_lookup (registry, "shotspotter");

  check_all (monitor);
  g_assert_cmpint (rtcc_integration_get_status (ss), ==, RTCC_INTEGRATION_STATUS_ONLINE);
  g_assert_cmpstr (fake.last_auth, ==, "Bearer ss-key-0123456789");
  g_assert_cmpint (rtcc_health_monitor_get_overall (monitor), ==, RTCC_OVERALL_HEALTHY);
  /* Coming online at start is expected: no event for the feed. */
  g_assert_cmpuint (events->len, ==, 0);

  /* A vendor that answers with the wrong document is degraded, with why. */
  fake.answer = "{\"unexpected\": true}";
  check_all (monitor);
  g_assert_cmpint (rtcc_integration_get_status (ss), ==, RTCC_INTEGRATION_STATUS_DEGRADED);
  message = rtcc_integration_dup_status_message (ss);
  g_assert_nonnull (strstr (message, "alerts"));
  g_assert_cmpint (rtcc_health_monitor_get_overall (monitor), ==, RTCC_OVERALL_DEGRADED);
  g_assert_cmpuint (events->len, ==, 1);
  g_assert_cmpint (rtcc_event_get_event_type (g_ptr_array_index (events, 0)), ==,
                   RTCC_EVENT_TYPE_INTEGRATION_STATUS);
  g_assert_cmpstr (rtcc_event_get_attribute_string (g_ptr_array_index (events, 0), "status"), ==, "degraded");

  /* A refused key takes it offline and names the setting. */
  fake.status = 401;
  fake.answer = "{\"message\": \"invalid key\"}";
  check_all (monitor);
  g_clear_pointer (&message, g_free);
  message = rtcc_integration_dup_status_message (ss);
  g_assert_cmpint (rtcc_integration_get_status (ss), ==, RTCC_INTEGRATION_STATUS_OFFLINE);
  g_assert_nonnull (strstr (message, "SHOTSPOTTER_API_KEY"));
  g_assert_cmpint (rtcc_health_monitor_get_overall (monitor), ==, RTCC_OVERALL_UNHEALTHY);

  json = rtcc_health_monitor_to_json (monitor);
  component = json_object_get_object_member (json_object_get_object_member (json_node_get_object (json),
                                                                             "components"), "shotspotter");
  g_assert_cmpstr (json_object_get_string_member (component, "status"), ==, "unhealthy");
  g_assert_true (json_object_has_member (component, "latency_ms"));
  g_assert_cmpint (json_object_get_int_member (component, "errors_24h"), >=, 2);
  g_assert_nonnull (json_object_get_string_member (component, "last_check"));
  g_assert_cmpuint (events->len, ==, 2);

  /* Back to normal. */
  fake.status = 200;
  fake.answer = "{\"alerts\": []}";
  check_all (monitor);
  g_assert_cmpint (rtcc_integration_get_status (ss), ==, RTCC_INTEGRATION_STATUS_ONLINE);
  /* Recovering is news. */
  g_assert_cmpuint (events->len, ==, 3);
  g_assert_cmpstr (rtcc_event_get_attribute_string (g_ptr_array_index (events, 2), "status"), ==, "online");

  fake_stop (&fake);
}

static void
count_idle (GObject    *object,
            GParamSpec *pspec,
            gpointer    user_data)
{
  guint *idle = user_data;
  gboolean checking;

  g_object_get (object, "checking", &checking, NULL);
  if (!checking)
    (*idle)++;
}

static void
sweep_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  guint *done = user_data;

  g_assert_true (rtcc_health_monitor_check_all_finish (RTCC_HEALTH_MONITOR (object), result, NULL));
  (*done)++;
}

static void
test_overlapping_sweeps (void)
{
  g_autoptr(RtccConfig) config = rtcc_config_new (NULL, FALSE);
  g_autoptr(RtccRegistry) registry = NULL;
  g_autoptr(RtccHealthMonitor) monitor = NULL;
  guint idle = 0;
  guint done = 0;
  gboolean checking;
  Fake fake = { 0 };

  fake_start (&fake);
  rtcc_config_set_override (config, "SHOTSPOTTER_API_URL", fake.base);
  rtcc_config_set_override (config, "SHOTSPOTTER_API_KEY", "ss-key-0123456789");
  rtcc_config_set_override (config, "SHOTSPOTTER_AGENCY_ID", "A1");
  registry = rtcc_integrations_create_registry (config);
  monitor = rtcc_health_monitor_new (registry);
  g_signal_connect (monitor, "notify::checking", G_CALLBACK (count_idle), &idle);

  /* F5 pressed while the timer's sweep is still out: the monitor is busy
   * until both are back, and says it is idle exactly once. */
  rtcc_health_monitor_check_all_async (monitor, NULL, sweep_done, &done);
  rtcc_health_monitor_check_all_async (monitor, NULL, sweep_done, &done);
  g_object_get (monitor, "checking", &checking, NULL);
  g_assert_true (checking);
  while (done < 2)
    g_main_context_iteration (NULL, TRUE);
  g_object_get (monitor, "checking", &checking, NULL);
  g_assert_false (checking);
  g_assert_cmpuint (idle, ==, 1);

  fake_stop (&fake);
}

static void
test_reconfigure_on_change (void)
{
  g_autoptr(RtccConfig) config = rtcc_config_new (NULL, FALSE);
  g_autoptr(RtccIntegration) flock = rtcc_integrations_create (RTCC_SOURCE_FLOCK, config);

  g_assert_cmpint (rtcc_integration_get_status (flock), ==, RTCC_INTEGRATION_STATUS_DISABLED);
  rtcc_config_set_override (config, "FLOCK_API_URL", "http://127.0.0.1:9");
  rtcc_config_set_override (config, "FLOCK_API_KEY", "k");
  rtcc_config_set_override (config, "FLOCK_AGENCY_ID", "ag");
  g_assert_cmpint (rtcc_integration_get_status (flock), ==, RTCC_INTEGRATION_STATUS_OFFLINE);
  rtcc_config_set_override (config, "FLOCK_API_URL", NULL);
  g_assert_cmpint (rtcc_integration_get_status (flock), ==, RTCC_INTEGRATION_STATUS_DISABLED);
}

static void
test_event_list_versions (void)
{
  g_autoptr(RtccEventList) list = rtcc_event_list_new (3);
  g_autoptr(GDateTime) base = g_date_time_new_utc (2026, 11, 23, 4, 0, 0);

  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *id = g_strdup_printf ("A%u", i);
      g_autoptr(RtccEventBuilder) b = rtcc_event_builder_new (RTCC_SOURCE_SHOTSPOTTER,
                                                             RTCC_EVENT_TYPE_GUNSHOT, id);
      g_autoptr(GDateTime) at = g_date_time_add_minutes (base, i);
      g_autoptr(RtccEvent) ev = NULL;

      rtcc_event_builder_set_occurred_at (b, at);
      ev = rtcc_event_builder_end (g_steal_pointer (&b), NULL);
      g_assert_true (rtcc_event_list_add (list, ev));
      /* The same version again is a replay. */
      g_assert_false (rtcc_event_list_add (list, ev));
    }
  /* Capped at three, newest first. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 3);
  {
    g_autoptr(RtccEvent) first = g_list_model_get_item (G_LIST_MODEL (list), 0);
    g_autoptr(RtccEvent) v2 = rtcc_event_with_version (first, 2);

    g_assert_cmpstr (rtcc_event_get_id (first), ==, "shotspotter:A3");
    g_assert_null (rtcc_event_list_lookup (list, "shotspotter:A0"));
    g_assert_true (rtcc_event_list_add (list, v2));
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 3);
    g_assert_cmpuint (rtcc_event_get_version (rtcc_event_list_lookup (list, "shotspotter:A3")), ==, 2);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/integrations/all-disabled-without-urls", test_all_disabled_without_urls);
  g_test_add_func ("/integrations/missing-key-is-offline", test_missing_key_is_offline_with_reason);
  g_test_add_func ("/integrations/health-follows-vendor", test_health_follows_vendor);
  g_test_add_func ("/integrations/reconfigure-on-change", test_reconfigure_on_change);
  g_test_add_func ("/integrations/overlapping-sweeps", test_overlapping_sweeps);
  g_test_add_func ("/core/event-list-versions", test_event_list_versions);

  return g_test_run ();
}
