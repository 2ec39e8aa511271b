/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "rtcc-demo.h"
#include "rtcc-ui-test-sim.h"
#include "rtcc-ui-test-util.h"

/**
 * rtcc_test_sim_start:
 * @config: (out): a configuration that points every integration at it
 *
 * Starts the simulator with the training seed on a free port, its
 * background event stream off so that each test says what happens.
 *
 * Returns: (transfer full): the running simulator
 */
RtccSimServer *
rtcc_test_sim_start (RtccConfig **config)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) env = NULL;
  RtccSimServer *sim = rtcc_sim_server_new (1);

  rtcc_sim_server_set_rate (sim, 0);
  g_assert_true (rtcc_sim_server_start (sim, 0, &error));
  g_assert_no_error (error);
  env = rtcc_sim_server_get_env (sim);
  *config = rtcc_config_new (NULL, FALSE);
  g_assert_true (rtcc_demo_apply_env (*config, env, &error));
  g_assert_no_error (error);
  return sim;
}

/**
 * rtcc_test_sim_stop:
 * @sim: (inout) (transfer full): the simulator, cleared
 */
void
rtcc_test_sim_stop (RtccSimServer **sim)
{
  rtcc_sim_server_stop (*sim);
  g_clear_object (sim);
}

static void
admin_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, NULL);

  *(gboolean *) user_data = TRUE;
}

/**
 * rtcc_test_sim_admin:
 * @sim: the simulator
 * @session: for the request
 * @method: "POST", "DELETE", …
 * @path: below /admin/, e.g. "faults"
 * @json: (nullable): the request body
 *
 * Sends one request to the simulator's admin API and fails the test
 * unless it succeeds.
 */
void
rtcc_test_sim_admin (RtccSimServer *sim,
                     SoupSession   *session,
                     const char    *method,
                     const char    *path,
                     const char    *json)
{
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u/admin/%s", rtcc_sim_server_get_port (sim), path);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  gboolean done = FALSE;

  if (json != NULL)
    {
      g_autoptr(GBytes) body = g_bytes_new (json, strlen (json));

      soup_message_set_request_body_from_bytes (msg, "application/json", body);
    }
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, admin_done, &done);
  /* The simulator answers on this thread's main context, between its
   * status passes; under the sanitizers on a loaded machine an answer
   * can take seconds. */
  g_assert_true (rtcc_test_wait_until (rtcc_test_is_done, &done, 20000));
  g_assert_cmpuint (soup_message_get_status (msg), <, 300);
}
