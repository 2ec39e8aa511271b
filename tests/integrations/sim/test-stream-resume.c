/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "rtcc-integrations.h"
#include "flock/rtcc-flock-integration.h"
#include "milestone/rtcc-milestone-integration.h"
#include "sim-fixture.h"

/* A dropped event stream, against the simulator: Flock resumes by cursor
 * (and asks the REST catch-up too) and Milestone resumes its event
 * session; no plate hit or camera event of the gap is lost or doubled. */

#define WAIT_MS 20000

typedef struct
{
  RtccSource  source;
  const char *vendor;
  const char *id_prefix; /* event id = prefix + the vendor's id */
  const char *inject;    /* JSON for POST /admin/inject */
} StreamCase;

typedef struct
{
  RtccSimServer   *sim;
  SoupSession     *session;
  RtccConfig      *config;
  RtccIntegration *integration;
  GHashTable      *counts;   /* event id → times the "event" signal carried it */
} Fixture;

static void
on_event (RtccIntegration *integration,
          RtccEvent       *event,
          Fixture         *f)
{
  const char *id = rtcc_event_get_id (event);

  g_hash_table_insert (f->counts, g_strdup (id),
                       GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (f->counts, id)) + 1));
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  const StreamCase *c = data;
  g_autoptr(GPtrArray) env = NULL;
  RtccServiceClient *client;

  f->sim = sim_fixture_start_full (23, 0, 10000);
  f->session = soup_session_new ();
  f->config = rtcc_config_new (NULL, FALSE);
  env = rtcc_sim_server_get_env (f->sim);
  for (guint i = 0; i < env->len; i++)
    {
      const char *line = g_ptr_array_index (env, i);
      const char *eq = strchr (line, '=');
      g_autofree char *key = g_strndup (line, eq - line);

      rtcc_config_set_override (f->config, key, eq + 1);
    }
  f->counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  f->integration = rtcc_integrations_create (c->source, f->config);
  client = rtcc_base_integration_get_client (RTCC_BASE_INTEGRATION (f->integration));
  g_assert_nonnull (client);
  rtcc_service_client_set_retry_policy (client, 2, 20, 100);
  g_signal_connect (f->integration, "event", G_CALLBACK (on_event), f);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  rtcc_integration_stop (f->integration);
  g_signal_handlers_disconnect_by_data (f->integration, f);
  g_clear_object (&f->integration);
  g_clear_object (&f->config);
  g_clear_object (&f->session);
  rtcc_sim_server_stop (f->sim);
  g_clear_object (&f->sim);
  g_clear_pointer (&f->counts, g_hash_table_unref);
}

static char *
inject (Fixture          *f,
        const StreamCase *c)
{
  g_autoptr(JsonNode) node = sim_fixture_inject (f->sim, f->session, c->inject);
  const char *id;

  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  id = json_object_get_string_member_with_default (json_node_get_object (node), "id", NULL);
  g_assert_nonnull (id);
  return g_strconcat (c->id_prefix, id, NULL);
}

static gboolean
wait_for_all (Fixture   *f,
              GPtrArray *ids)
{
  gint64 end = g_get_monotonic_time () + WAIT_MS * G_TIME_SPAN_MILLISECOND;

  for (;;)
    {
      gboolean all = TRUE;

      for (guint i = 0; i < ids->len && all; i++)
        all = g_hash_table_contains (f->counts, g_ptr_array_index (ids, i));
      if (all)
        return TRUE;
      if (g_get_monotonic_time () > end)
        {
          GHashTableIter iter;
          gpointer key;

          for (guint i = 0; i < ids->len; i++)
            g_test_message ("expected %s", (char *) g_ptr_array_index (ids, i));
          g_hash_table_iter_init (&iter, f->counts);
          while (g_hash_table_iter_next (&iter, &key, NULL))
            g_test_message ("received %s", (char *) key);
          return FALSE;
        }
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
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

static void
test_stream_drop (Fixture       *f,
                  gconstpointer  data)
{
  const StreamCase *c = data;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *session_before = NULL;

  rtcc_integration_start (f->integration);

  /* Once the first event arrives the stream is up and has a position. */
  g_ptr_array_add (ids, inject (f, c));
  g_assert_true (wait_for_all (f, ids));
  if (c->source == RTCC_SOURCE_MILESTONE)
    {
      session_before = g_strdup (rtcc_milestone_integration_get_session_id (RTCC_MILESTONE_INTEGRATION (f->integration)));
      g_assert_nonnull (session_before);
    }

  /* The next message breaks off mid-frame; the events that follow come
   * while the integration reconnects. */
  {
    g_autofree char *fault = g_strdup_printf ("{\"vendor\": \"%s\", \"fault\": \"stream_drop\", \"count\": 1}",
                                              c->vendor);
    sim_fixture_set_fault (f->sim, f->session, fault);
  }
  for (guint i = 0; i < 4; i++)
    g_ptr_array_add (ids, inject (f, c));
  g_assert_true (wait_for_all (f, ids));

  /* And the stream works again afterwards. */
  g_ptr_array_add (ids, inject (f, c));
  g_assert_true (wait_for_all (f, ids));
  spin_for (500);

  for (guint i = 0; i < ids->len; i++)
    {
      const char *id = g_ptr_array_index (ids, i);
      g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (f->counts, id)), ==, 1);
    }

  if (c->source == RTCC_SOURCE_MILESTONE)
    g_assert_cmpstr (rtcc_milestone_integration_get_session_id (RTCC_MILESTONE_INTEGRATION (f->integration)),
                     ==, session_before);
  if (c->source == RTCC_SOURCE_FLOCK)
    g_assert_nonnull (rtcc_flock_integration_get_cursor (RTCC_FLOCK_INTEGRATION (f->integration)));
}

/* Started while the vendor answers 500 to everything: what happens before
 * it comes back must still arrive, once. */
static void
test_start_during_outage (Fixture       *f,
                          gconstpointer  data)
{
  const StreamCase *c = data;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *fault = g_strdup_printf ("{\"vendor\": \"%s\", \"fault\": \"500\"}", c->vendor);

  sim_fixture_set_fault (f->sim, f->session, fault);
  rtcc_integration_start (f->integration);
  for (guint i = 0; i < 2; i++)
    g_ptr_array_add (ids, inject (f, c));
  spin_for (300);
  g_assert_cmpint (rtcc_integration_get_status (f->integration), !=, RTCC_INTEGRATION_STATUS_ONLINE);

  sim_fixture_clear_faults (f->sim, f->session);
  g_assert_true (wait_for_all (f, ids));
  g_ptr_array_add (ids, inject (f, c));
  g_assert_true (wait_for_all (f, ids));
  spin_for (500);
  for (guint i = 0; i < ids->len; i++)
    g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (f->counts, g_ptr_array_index (ids, i))), ==, 1);
}

static const StreamCase flock_case = {
  RTCC_SOURCE_FLOCK, "flock", "flock:hit-", "{\"vendor\": \"flock\", \"kind\": \"lpr_hit\"}"
};
static const StreamCase milestone_case = {
  RTCC_SOURCE_MILESTONE, "milestone", "milestone:", "{\"vendor\": \"milestone\", \"kind\": \"motion\"}"
};

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/stream-resume/flock-hits", Fixture, &flock_case,
              fixture_setup, test_stream_drop, fixture_teardown);
  g_test_add ("/stream-resume/milestone-session", Fixture, &milestone_case,
              fixture_setup, test_stream_drop, fixture_teardown);
  g_test_add ("/stream-resume/flock-start-during-outage", Fixture, &flock_case,
              fixture_setup, test_start_during_outage, fixture_teardown);
  g_test_add ("/stream-resume/milestone-start-during-outage", Fixture, &milestone_case,
              fixture_setup, test_start_during_outage, fixture_teardown);
  return g_test_run ();
}
