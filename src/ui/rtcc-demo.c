/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccDemo"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "rtcc-demo.h"

#ifdef RTCC_HAVE_SIM
#include "rtcc-sim-server.h"
#endif

G_DEFINE_QUARK (rtcc-demo-error-quark, rtcc_demo_error)

/**
 * rtcc_demo_is_available:
 *
 * Returns: whether this build has the in-process simulator
 */
gboolean
rtcc_demo_is_available (void)
{
#ifdef RTCC_HAVE_SIM
  return TRUE;
#else
  return FALSE;
#endif
}

static gboolean
is_setting_name (const char *name,
                 gsize       length)
{
  if (length == 0 || length > 64 || g_ascii_isdigit (name[0]))
    return FALSE;
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isupper (name[i]) && !g_ascii_isdigit (name[i]) && name[i] != '_')
      return FALSE;
  return TRUE;
}

/**
 * rtcc_demo_apply_env:
 * @config: the configuration to point at the simulator
 * @lines: (element-type utf8): "NAME=value" lines, as the simulator gives
 *   them
 *
 * Sets each line as an override, above the environment and the file, so
 * demo mode never reaches a real vendor by accident. Nothing is applied
 * unless every line is well formed.
 *
 * Returns: %TRUE on success
 */
gboolean
rtcc_demo_apply_env (RtccConfig  *config,
                     GPtrArray   *lines,
                     GError     **error)
{
  g_return_val_if_fail (RTCC_IS_CONFIG (config), FALSE);
  g_return_val_if_fail (lines != NULL, FALSE);

  for (guint i = 0; i < lines->len; i++)
    {
      const char *line = g_ptr_array_index (lines, i);
      const char *eq = line != NULL ? strchr (line, '=') : NULL;

      if (eq == NULL || !is_setting_name (line, eq - line) || !g_utf8_validate (eq + 1, -1, NULL))
        {
          g_set_error (error, RTCC_DEMO_ERROR, RTCC_DEMO_ERROR_MALFORMED,
                       _("The simulator gave a setting that is not NAME=value (line %u)"), i + 1);
          return FALSE;
        }
    }

  for (guint i = 0; i < lines->len; i++)
    {
      const char *line = g_ptr_array_index (lines, i);
      const char *eq = strchr (line, '=');
      g_autofree char *name = g_strndup (line, eq - line);

      rtcc_config_set_override (config, name, eq + 1);
    }
  return TRUE;
}

/**
 * rtcc_demo_start:
 * @config: the configuration to point at the simulator
 * @seed: the simulator's world seed
 *
 * Starts the vendor simulator in this process on loopback and points
 * every integration at it.
 *
 * Returns: (transfer full) (nullable): the running simulator; keep it as
 *   long as the demo runs
 */
GObject *
rtcc_demo_start (RtccConfig  *config,
                 guint        seed,
                 GError     **error)
{
  g_return_val_if_fail (RTCC_IS_CONFIG (config), NULL);

#ifdef RTCC_HAVE_SIM
  {
    g_autoptr(RtccSimServer) server = rtcc_sim_server_new (seed);
    g_autoptr(GPtrArray) env = NULL;
    g_autoptr(GError) local_error = NULL;

    if (!rtcc_sim_server_start (server, 0, &local_error))
      {
        g_set_error (error, RTCC_DEMO_ERROR, RTCC_DEMO_ERROR_FAILED,
                     _("The demo simulator did not start: %s"), local_error->message);
        return NULL;
      }
    env = rtcc_sim_server_get_env (server);
    if (!rtcc_demo_apply_env (config, env, error))
      return NULL;
    return G_OBJECT (g_steal_pointer (&server));
  }
#else
  g_set_error_literal (error, RTCC_DEMO_ERROR, RTCC_DEMO_ERROR_UNAVAILABLE,
                       _("Demo simulator not available in this build"));
  return NULL;
#endif
}

/**
 * rtcc_demo_dup_admin_url:
 * @simulator: (nullable): what rtcc_demo_start() returned
 *
 * Returns: (transfer full) (nullable): the simulator's admin base URL,
 *   for injecting events, or %NULL without a simulator
 */
char *
rtcc_demo_dup_admin_url (GObject *simulator)
{
#ifdef RTCC_HAVE_SIM
  if (RTCC_IS_SIM_SERVER (simulator) && rtcc_sim_server_is_running (RTCC_SIM_SERVER (simulator)))
    return rtcc_sim_server_get_base_url (RTCC_SIM_SERVER (simulator), "admin");
#endif
  return NULL;
}
