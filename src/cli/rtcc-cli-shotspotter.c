/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccCli"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "rtcc-audit-log.h"
#include "rtcc-cli.h"
#include "rtcc-integrations.h"
#include "rtcc-json.h"
#include "rtcc-time.h"
#include "shotspotter/rtcc-shotspotter-integration.h"

#define PROGRAM "rtcc-cli shotspotter"

static RtccShotspotterIntegration *
open_integration (int *exit_status)
{
  RtccIntegration *integration = rtcc_cli_open_integration (RTCC_SOURCE_SHOTSPOTTER, PROGRAM, exit_status);

  return integration != NULL ? RTCC_SHOTSPOTTER_INTEGRATION (integration) : NULL;
}

static void
print_event (RtccEvent *event,
             gboolean   json)
{
  if (json)
    {
      g_autofree char *line = rtcc_event_to_json_string (event);
      printf ("%s\n", line);
    }
  else
    {
      g_autofree char *when = rtcc_time_format_iso (rtcc_event_get_occurred_at (event));
      const char *address = rtcc_event_get_address (event);
      double conf;

      printf ("%-18s %s  %-34s %s", rtcc_event_get_vendor_id (event), when,
              rtcc_event_get_title (event), address ? address : "");
      if (rtcc_event_get_attribute_double (event, "confidence", &conf))
        printf ("  (%.0f%%)", conf * 100.0);
      if (rtcc_event_get_version (event) > 1)
        printf (_("  [revision %u]"), rtcc_event_get_version (event));
      printf ("\n");
    }
}

static int
cmd_alerts (int    argc,
            char **argv)
{
  gboolean json = FALSE;
  double hours = 24;
  int max = 500;
  const GOptionEntry entries[] = {
    { "since", 0, 0, G_OPTION_ARG_DOUBLE, &hours, N_("How many hours back (default 24)"), N_("HOURS") },
    { "max", 0, 0, G_OPTION_ARG_INT, &max, N_("At most this many alerts (default 500)"), N_("N") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print normalized events, one JSON object per line"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = rtcc_cli_option_context_new (_("List the gunshot alerts of the last hours."), entries);
  g_autoptr(RtccShotspotterIntegration) ss = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) since = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  int exit_status;

  if (!rtcc_cli_parse_options (context, PROGRAM " alerts", &argc, &argv, &exit_status))
    return exit_status;
  if (hours <= 0 || hours > 24 * 366 || max <= 0)
    return rtcc_cli_usage_error (PROGRAM " alerts", _("--since takes 0 to 8784 hours and --max a positive number"));
  if (!(ss = open_integration (&exit_status)))
    return exit_status;

  since = g_date_time_add_seconds (now, -hours * 3600.0);
  rtcc_shotspotter_integration_list_alerts_async (ss, since, NULL, max, NULL, rtcc_cli_store_result, &result);
  events = rtcc_shotspotter_integration_list_alerts_finish (ss, rtcc_cli_wait (&result), &error);
  if (events == NULL)
    return rtcc_cli_failure (PROGRAM " alerts", "%s", error->message);
  for (guint i = 0; i < events->len; i++)
    print_event (g_ptr_array_index (events, i), json);
  if (!json)
    printf (g_dngettext (GETTEXT_PACKAGE, "%u alert\n", "%u alerts\n", events->len), events->len);
  return RTCC_CLI_EXIT_OK;
}

static int
cmd_alert (int    argc,
           char **argv)
{
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the normalized event as JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = rtcc_cli_option_context_new (_("ID — Show one alert with its details."), entries);
  g_autoptr(RtccShotspotterIntegration) ss = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(RtccEvent) event = NULL;
  g_autoptr(GError) error = NULL;
  int exit_status;

  if (!rtcc_cli_parse_options_positional (context, PROGRAM " alert", &argc, &argv, 1, &exit_status))
    return exit_status;
  if (argc != 2)
    return rtcc_cli_usage_error (PROGRAM " alert", _("Give the alert ID"));
  if (!(ss = open_integration (&exit_status)))
    return exit_status;

  rtcc_shotspotter_integration_get_alert_async (ss, argv[1], NULL, rtcc_cli_store_result, &result);
  event = rtcc_shotspotter_integration_get_alert_finish (ss, rtcc_cli_wait (&result), &error);
  if (event == NULL)
    return rtcc_cli_failure (PROGRAM " alert", "%s", error->message);
  if (json)
    print_event (event, TRUE);
  else
    {
      g_autoptr(JsonNode) node = rtcc_event_to_json (event);
      g_autofree char *text = rtcc_json_to_string (node, TRUE);
      printf ("%s\n", text);
    }
  return RTCC_CLI_EXIT_OK;
}

static int
cmd_ack (int    argc,
         char **argv)
{
  g_autofree char *notes = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "notes", 0, 0, G_OPTION_ARG_STRING, &notes, N_("The analyst's notes (required)"), N_("TEXT") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the result as JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = rtcc_cli_option_context_new (_("ID — Acknowledge an alert, with notes. The acknowledgment is audited."), entries);
  g_autoptr(RtccShotspotterIntegration) ss = NULL;
  g_autoptr(RtccAuditLog) audit = NULL;
  g_autoptr(RtccAuditRecord) record = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GDateTime) at = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) audit_error = NULL;
  g_autofree char *terms = NULL;
  int exit_status;

  if (!rtcc_cli_parse_options_positional (context, PROGRAM " ack", &argc, &argv, 1, &exit_status))
    return exit_status;
  if (argc != 2)
    return rtcc_cli_usage_error (PROGRAM " ack", _("Give the alert ID"));
  if (notes == NULL || *g_strstrip (notes) == '\0')
    return rtcc_cli_usage_error (PROGRAM " ack", _("--notes is required"));
  if (!(ss = open_integration (&exit_status)))
    return exit_status;

  /* Without an audit trail there is no acknowledgment. */
  if (!(audit = rtcc_cli_open_audit_log (&error)))
    return rtcc_cli_failure (PROGRAM " ack", _("The audit log cannot be written, so nothing was sent: %s"),
                             error->message);

  rtcc_shotspotter_integration_acknowledge_async (ss, argv[1], notes, rtcc_cli_operator_id (), NULL,
                                                  rtcc_cli_store_result, &result);
  at = rtcc_shotspotter_integration_acknowledge_finish (ss, rtcc_cli_wait (&result), &error);

  terms = g_strdup_printf ("alert=%s notes=%s", argv[1], notes);
  record = rtcc_audit_record_new (rtcc_cli_operator_id (), RTCC_AUDIT_ACTION_ACKNOWLEDGE);
  rtcc_audit_record_set_integration (record, "shotspotter");
  rtcc_audit_record_set_query_terms (record, terms);
  rtcc_audit_record_set_outcome (record, at != NULL ? RTCC_AUDIT_OUTCOME_SUCCESS : RTCC_AUDIT_OUTCOME_FAILURE);
  if (at == NULL)
    rtcc_audit_record_set_outcome_detail (record, error->message);
  if (!rtcc_cli_append_audit (audit, record, &audit_error))
    return rtcc_cli_failure (PROGRAM " ack", _("The acknowledgment could not be audited: %s"),
                             audit_error->message);

  if (at == NULL)
    return rtcc_cli_failure (PROGRAM " ack", "%s", error->message);
  {
    g_autofree char *when = rtcc_time_format_iso (at);
    if (json)
      printf ("{\"alertId\": \"%s\", \"acknowledged\": true, \"acknowledgedAt\": \"%s\"}\n", argv[1], when);
    else
      printf (_("Alert %s acknowledged at %s\n"), argv[1], when);
  }
  return RTCC_CLI_EXIT_OK;
}

static const RtccCliCommand subcommands[] = {
  { "alerts", N_("List recent gunshot alerts"), cmd_alerts },
  { "alert", N_("Show one alert with its details"), cmd_alert },
  { "ack", N_("Acknowledge an alert with notes"), cmd_ack },
};

/**
 * rtcc_cli_shotspotter:
 *
 * `rtcc-cli shotspotter alerts|alert|ack`.
 */
int
rtcc_cli_shotspotter (int    argc,
                      char **argv)
{
  g_autofree char *program = g_strdup (g_get_prgname ());

  return rtcc_cli_dispatch (program, _("ShotSpotter gunshot alerts."), subcommands,
                            G_N_ELEMENTS (subcommands), argc, argv);
}
