/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccCli"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "rtcc-cli.h"
#include "rtcc-health-monitor.h"
#include "rtcc-integrations.h"
#include "rtcc-json.h"
#include "rtcc-time.h"

static const char *
status_label (RtccIntegrationStatus status)
{
  switch (status)
    {
    case RTCC_INTEGRATION_STATUS_ONLINE: return _("Online");
    case RTCC_INTEGRATION_STATUS_DEGRADED: return _("Degraded");
    case RTCC_INTEGRATION_STATUS_OFFLINE: return _("Offline");
    case RTCC_INTEGRATION_STATUS_DISABLED:
    default: return _("Disabled");
    }
}

static void
print_table (RtccHealthMonitor *monitor)
{
  GListModel *model = G_LIST_MODEL (rtcc_health_monitor_get_registry (monitor));

  printf (_("Overall: %s\n\n"), rtcc_overall_health_to_string (rtcc_health_monitor_get_overall (monitor)));
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(RtccIntegration) integration = g_list_model_get_item (model, i);
      g_autofree char *name = rtcc_integration_dup_display_name (integration);
      g_autofree char *message = rtcc_integration_dup_status_message (integration);
      RtccIntegrationStatus status = rtcc_integration_get_status (integration);
      g_autofree char *latency = status == RTCC_INTEGRATION_STATUS_DISABLED
        ? g_strdup ("—")
        : g_strdup_printf ("%.0f ms", rtcc_integration_get_latency_ms (integration));

      printf ("%-20s %-9s %8s  %3u %s  %s\n", name, status_label (status), latency,
              rtcc_integration_get_errors_24h (integration), _("errors"),
              message ? message : "");
    }
}

/**
 * rtcc_cli_health:
 *
 * `rtcc-cli health [--json]`: checks every configured integration once.
 * Exit status 0 healthy, 1 degraded, 2 unhealthy.
 */
int
rtcc_cli_health (int    argc,
                 char **argv)
{
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the health document as JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = rtcc_cli_option_context_new (
    _("Check every configured integration and print the workstation's health."), entries);
  g_autoptr(RtccConfig) config = NULL;
  g_autoptr(RtccRegistry) registry = NULL;
  g_autoptr(RtccHealthMonitor) monitor = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  int exit_status;

  if (!rtcc_cli_parse_options (context, "rtcc-cli health", &argc, &argv, &exit_status))
    return exit_status;
  if (argc > 1)
    return rtcc_cli_usage_error ("rtcc-cli health", _("Unexpected argument “%s”"), argv[1]);

  config = rtcc_cli_get_config ();
  registry = rtcc_integrations_create_registry (config);
  monitor = rtcc_health_monitor_new (registry);
  rtcc_health_monitor_check_all_async (monitor, NULL, rtcc_cli_store_result, &result);
  rtcc_health_monitor_check_all_finish (monitor, rtcc_cli_wait (&result), NULL);

  if (json)
    {
      g_autoptr(JsonNode) node = rtcc_health_monitor_to_json (monitor);
      g_autofree char *text = rtcc_json_to_string (node, TRUE);
      printf ("%s\n", text);
    }
  else
    print_table (monitor);

  switch (rtcc_health_monitor_get_overall (monitor))
    {
    case RTCC_OVERALL_HEALTHY: return 0;
    case RTCC_OVERALL_DEGRADED: return 1;
    case RTCC_OVERALL_UNHEALTHY:
    default: return 2;
    }
}
