/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccSim"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <glib-unix.h>

#include "rtcc-sim-server.h"

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

int
main (int   argc,
      char *argv[])
{
  int port = 8787;
  gint64 seed = 1;
  double rate = 1.0;
  int backfill = 1;
  gboolean print_env = FALSE;
  gboolean verbose = FALSE;
  GOptionEntry entries[] = {
    { "port", 'p', 0, G_OPTION_ARG_INT, &port, "Port on 127.0.0.1 (0 picks a free one)", "N" },
    { "seed", 's', 0, G_OPTION_ARG_INT64, &seed, "Seed of the simulated world", "N" },
    { "rate", 'r', 0, G_OPTION_ARG_DOUBLE, &rate, "Live event rate multiplier (0 stops live events)", "X" },
    { "backfill", 'b', 0, G_OPTION_ARG_INT, &backfill, "Days of history to create", "DAYS" },
    { "print-env", 0, 0, G_OPTION_ARG_NONE, &print_env, "Print NAME=value lines for the workstation", NULL },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &verbose, "Log each request (never its credentials or CJI)", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- simulate the RTCC vendor APIs on loopback");
  g_autoptr(GError) error = NULL;
  g_autoptr(RtccSimServer) sim = NULL;
  g_autoptr(GMainLoop) loop = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("rtcc-sim: %s\n", error->message);
      return EXIT_FAILURE;
    }
  if (port < 0 || port > 65535 || seed < 0 || seed > G_MAXUINT32 || rate < 0 || rate > 1000 ||
      backfill < 0 || backfill > 365)
    {
      g_printerr ("rtcc-sim: --port must be 0..65535, --seed 0..4294967295, --rate 0..1000, --backfill 0..365.\n");
      return EXIT_FAILURE;
    }

  sim = rtcc_sim_server_new ((guint32) seed);
  rtcc_sim_server_set_rate (sim, rate);
  rtcc_sim_server_set_backfill_days (sim, (guint) backfill);
  rtcc_sim_server_set_verbose (sim, verbose);
  if (!rtcc_sim_server_start (sim, (guint) port, &error))
    {
      g_printerr ("rtcc-sim: %s\n", error->message);
      return EXIT_FAILURE;
    }

  if (print_env)
    {
      g_autoptr(GPtrArray) env = rtcc_sim_server_get_env (sim);
      for (guint i = 0; i < env->len; i++)
        printf ("%s\n", (const char *) g_ptr_array_index (env, i));
      fflush (stdout);
    }
  else
    {
      g_autofree char *url = rtcc_sim_server_get_base_url (sim, NULL);
      g_printerr ("rtcc-sim: serving %s (seed %u); --print-env lists the settings.\n",
                  url, (guint32) seed);
    }

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGINT, quit_cb, loop);
  g_unix_signal_add (SIGTERM, quit_cb, loop);
  g_main_loop_run (loop);
  rtcc_sim_server_stop (sim);
  return EXIT_SUCCESS;
}
