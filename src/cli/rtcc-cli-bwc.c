/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccCli"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "bwc/rtcc-bwc-integration.h"
#include "rtcc-audit-log.h"
#include "rtcc-cli.h"
#include "rtcc-integrations.h"
#include "rtcc-json.h"
#include "rtcc-time.h"

#define PROGRAM "rtcc-cli bwc"

static RtccBwcIntegration *
open_integration (const char *program,
                  int        *exit_status)
{
  RtccIntegration *integration = rtcc_cli_open_integration (RTCC_SOURCE_BWC, program, exit_status);

  return integration != NULL ? RTCC_BWC_INTEGRATION (integration) : NULL;
}

static GDate *
parse_date (const char *text)
{
  GDate *date;
  guint y, m, d;
  char tail;

  if (text == NULL || sscanf (text, "%4u-%2u-%2u%c", &y, &m, &d, &tail) != 3 || strlen (text) != 10 ||
      !g_date_valid_dmy (d, m, y))
    return NULL;
  date = g_date_new_dmy (d, m, y);
  return date;
}

static GPtrArray *
list_recordings (RtccBwcIntegration *bwc,
                 const char         *officer,
                 GDate              *date,
                 GError            **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  rtcc_bwc_integration_list_recordings_async (bwc, officer, date, NULL, NULL, rtcc_cli_store_result, &result);
  return rtcc_bwc_integration_list_recordings_finish (bwc, rtcc_cli_wait (&result), NULL, error);
}

static int
cmd_recordings (int    argc,
                char **argv)
{
  g_autofree char *officer = NULL;
  g_autofree char *date_text = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "officer", 0, 0, G_OPTION_ARG_STRING, &officer, N_("The officer's ID (required)"), N_("ID") },
    { "date", 0, 0, G_OPTION_ARG_STRING, &date_text, N_("The day recorded (required)"), N_("YYYY-MM-DD") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print normalized events, one JSON object per line"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = rtcc_cli_option_context_new (_("List an officer's body-worn camera recordings of one day."), entries);
  g_autoptr(RtccBwcIntegration) bwc = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDate) date = NULL;
  int exit_status;

  if (!rtcc_cli_parse_options (context, PROGRAM " recordings", &argc, &argv, &exit_status))
    return exit_status;
  if (officer == NULL || *g_strstrip (officer) == '\0')
    return rtcc_cli_usage_error (PROGRAM " recordings", _("--officer is required"));
  if (date_text == NULL)
    return rtcc_cli_usage_error (PROGRAM " recordings", _("--date is required"));
  if (!(date = parse_date (date_text)))
    return rtcc_cli_usage_error (PROGRAM " recordings", _("--date “%s” is not a day written YYYY-MM-DD"), date_text);
  if (!(bwc = open_integration (PROGRAM " recordings", &exit_status)))
    return exit_status;

  if (!(events = list_recordings (bwc, officer, date, &error)))
    return rtcc_cli_failure (PROGRAM " recordings", "%s", error->message);
  for (guint i = 0; i < events->len; i++)
    {
      RtccEvent *event = g_ptr_array_index (events, i);

      if (json)
        {
          g_autofree char *line = rtcc_event_to_json_string (event);
          printf ("%s\n", line);
        }
      else
        {
          g_autofree char *when = rtcc_time_format_iso (rtcc_event_get_occurred_at (event));
          const char *incident = rtcc_event_get_attribute_string (event, "incident_id");
          const char *category = rtcc_event_get_attribute_string (event, "category");
          gint64 duration = 0;

          rtcc_event_get_attribute_int (event, "duration_s", &duration);
          printf ("%-24s %s  %5" G_GINT64_FORMAT " s  %-16s %s\n",
                  rtcc_event_get_attribute_string (event, "recording_id"), when, duration,
                  category ? category : "", incident ? incident : "");
        }
    }
  if (!json)
    printf (g_dngettext (GETTEXT_PACKAGE, "%u recording\n", "%u recordings\n", events->len), events->len);
  return RTCC_CLI_EXIT_OK;
}

static int
cmd_assignments (int    argc,
                 char **argv)
{
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print one JSON array"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = rtcc_cli_option_context_new (_("List which officer carries which body-worn camera."), entries);
  g_autoptr(RtccBwcIntegration) bwc = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) assignments = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  int exit_status;

  if (!rtcc_cli_parse_options (context, PROGRAM " assignments", &argc, &argv, &exit_status))
    return exit_status;
  if (!(bwc = open_integration (PROGRAM " assignments", &exit_status)))
    return exit_status;

  rtcc_bwc_integration_list_assignments_async (bwc, NULL, rtcc_cli_store_result, &result);
  assignments = rtcc_bwc_integration_list_assignments_finish (bwc, rtcc_cli_wait (&result), &error);
  if (assignments == NULL)
    return rtcc_cli_failure (PROGRAM " assignments", "%s", error->message);

  json_builder_begin_array (b);
  if (!json)
    printf ("%-14s %-10s %-24s %-8s %-10s %s\n", _("DEVICE"), _("OFFICER"), _("NAME"), _("UNIT"), _("DOCK"), _("BATTERY"));
  for (guint i = 0; i < assignments->len; i++)
    {
      RtccBwcAssignment *a = g_ptr_array_index (assignments, i);
      g_autofree char *assigned = a->assigned_at ? rtcc_time_format_iso (a->assigned_at) : NULL;

      if (json)
        {
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "device_serial");
          json_builder_add_string_value (b, a->device_serial);
          json_builder_set_member_name (b, "officer_id");
          json_builder_add_string_value (b, a->officer_id);
          json_builder_set_member_name (b, "officer_name");
          json_builder_add_string_value (b, a->officer_name);
          json_builder_set_member_name (b, "unit");
          json_builder_add_string_value (b, a->unit);
          json_builder_set_member_name (b, "assigned_at");
          json_builder_add_string_value (b, assigned);
          json_builder_set_member_name (b, "dock_status");
          json_builder_add_string_value (b, a->dock_status);
          json_builder_set_member_name (b, "battery");
          if (a->battery >= 0)
            json_builder_add_double_value (b, a->battery);
          else
            json_builder_add_null_value (b);
          json_builder_end_object (b);
        }
      else
        {
          g_autofree char *battery = a->battery >= 0 ? g_strdup_printf ("%.0f%%", a->battery * 100.0) : g_strdup ("—");

          printf ("%-14s %-10s %-24s %-8s %-10s %s\n", a->device_serial, a->officer_id,
                  a->officer_name ? a->officer_name : "", a->unit ? a->unit : "",
                  a->dock_status ? a->dock_status : "", battery);
        }
    }
  json_builder_end_array (b);
  if (json)
    {
      g_autoptr(JsonNode) root = json_builder_get_root (b);
      g_autofree char *text = rtcc_json_to_string (root, TRUE);
      printf ("%s\n", text);
    }
  else
    printf (g_dngettext (GETTEXT_PACKAGE, "%u assignment\n", "%u assignments\n", assignments->len), assignments->len);
  return RTCC_CLI_EXIT_OK;
}

static int
link_or_unlink (int      argc,
                char   **argv,
                gboolean link)
{
  const char *program = link ? PROGRAM " link" : PROGRAM " unlink";
  const GOptionEntry entries[] = {
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    rtcc_cli_option_context_new (link ? _("RECORDING INCIDENT — Link a recording to an RMS incident. Audited.")
                                      : _("RECORDING INCIDENT — Remove a recording's link to an incident. Audited."),
                                 entries);
  g_autoptr(RtccBwcIntegration) bwc = NULL;
  g_autoptr(RtccAuditLog) audit = NULL;
  g_autoptr(RtccAuditRecord) record = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) audit_error = NULL;
  g_autofree char *terms = NULL;
  gboolean done;
  int exit_status;

  if (!rtcc_cli_parse_options_positional (context, program, &argc, &argv, 2, &exit_status))
    return exit_status;
  if (argc != 3 || *argv[1] == '\0' || *argv[2] == '\0')
    return rtcc_cli_usage_error (program, _("Give the recording ID and the incident number"));
  if (!(bwc = open_integration (program, &exit_status)))
    return exit_status;
  if (!(audit = rtcc_cli_open_audit_log (&error)))
    return rtcc_cli_failure (program, _("The audit log cannot be written, so nothing was sent: %s"), error->message);

  if (link)
    {
      rtcc_bwc_integration_link_incident_async (bwc, argv[1], argv[2], NULL, rtcc_cli_store_result, &result);
      done = rtcc_bwc_integration_link_incident_finish (bwc, rtcc_cli_wait (&result), &error);
    }
  else
    {
      rtcc_bwc_integration_unlink_incident_async (bwc, argv[1], argv[2], NULL, rtcc_cli_store_result, &result);
      done = rtcc_bwc_integration_unlink_incident_finish (bwc, rtcc_cli_wait (&result), &error);
    }

  terms = g_strdup_printf ("recording=%s incident=%s", argv[1], argv[2]);
  record = rtcc_audit_record_new (rtcc_cli_operator_id (),
                                  link ? RTCC_AUDIT_ACTION_EVIDENCE_LINK : RTCC_AUDIT_ACTION_EVIDENCE_UNLINK);
  rtcc_audit_record_set_integration (record, "bwc");
  rtcc_audit_record_set_query_terms (record, terms);
  rtcc_audit_record_set_outcome (record, done ? RTCC_AUDIT_OUTCOME_SUCCESS : RTCC_AUDIT_OUTCOME_FAILURE);
  if (!done)
    rtcc_audit_record_set_outcome_detail (record, error->message);
  if (!rtcc_cli_append_audit (audit, record, &audit_error))
    return rtcc_cli_failure (program, _("The change could not be audited: %s"), audit_error->message);

  if (!done)
    return rtcc_cli_failure (program, "%s", error->message);
  if (link)
    printf (_("Recording %s linked to incident %s\n"), argv[1], argv[2]);
  else
    printf (_("Recording %s no longer linked to incident %s\n"), argv[1], argv[2]);
  return RTCC_CLI_EXIT_OK;
}

static int
cmd_link (int    argc,
          char **argv)
{
  return link_or_unlink (argc, argv, TRUE);
}

static int
cmd_unlink (int    argc,
            char **argv)
{
  return link_or_unlink (argc, argv, FALSE);
}

static void
download_progress (goffset  received,
                   goffset  total,
                   gpointer user_data)
{
  if (total > 0)
    {
      fputc ('\r', stderr);
      fprintf (stderr, _("Downloading… %3.0f%%"), 100.0 * (double) received / (double) total);
    }
  else
    {
      fputc ('\r', stderr);
      fprintf (stderr, _("Downloading… %lld bytes"), (long long) received);
    }
  fflush (stderr);
}

static gboolean
is_sha256 (const char *text)
{
  if (strlen (text) != 64)
    return FALSE;
  for (const char *p = text; *p; p++)
    if (!g_ascii_isxdigit (*p))
      return FALSE;
  return TRUE;
}

static int
cmd_download (int    argc,
              char **argv)
{
  g_autofree char *output = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *officer = NULL;
  g_autofree char *date_text = NULL;
  gboolean force = FALSE;
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Where to write the recording (required)"), N_("FILE") },
    { "sha256", 0, 0, G_OPTION_ARG_STRING, &sha256, N_("The vendor's checksum of the recording"), N_("HEX") },
    { "officer", 0, 0, G_OPTION_ARG_STRING, &officer, N_("Look the checksum up in this officer's recordings…"), N_("ID") },
    { "date", 0, 0, G_OPTION_ARG_STRING, &date_text, N_("…of this day"), N_("YYYY-MM-DD") },
    { "force", 0, 0, G_OPTION_ARG_NONE, &force, N_("Replace FILE if it exists"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    rtcc_cli_option_context_new (_("RECORDING — Download a recording, verified against the vendor's SHA-256. "
                                   "The checksum comes from --sha256, or from the listing of --officer on --date."),
                                 entries);
  g_autoptr(RtccBwcIntegration) bwc = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDate) date = NULL;
  gboolean show_progress = isatty (STDERR_FILENO);
  goffset size;
  int exit_status;

  if (!rtcc_cli_parse_options_positional (context, PROGRAM " download", &argc, &argv, 1, &exit_status))
    return exit_status;
  if (argc != 2 || *argv[1] == '\0')
    return rtcc_cli_usage_error (PROGRAM " download", _("Give the recording ID"));
  if (output == NULL || *output == '\0')
    return rtcc_cli_usage_error (PROGRAM " download", _("-o FILE is required: say where to write the recording"));
  if (!force && g_file_test (output, G_FILE_TEST_EXISTS))
    return rtcc_cli_usage_error (PROGRAM " download", _("“%s” already exists; choose another file or add --force to replace it"),
                                 output);
  if (sha256 != NULL && !is_sha256 (sha256))
    return rtcc_cli_usage_error (PROGRAM " download", _("--sha256 takes the 64 hexadecimal digits of a SHA-256"));
  if (sha256 == NULL && (officer == NULL || date_text == NULL))
    return rtcc_cli_usage_error (PROGRAM " download",
                                 _("A download is only kept when its checksum matches: give --sha256, "
                                   "or --officer and --date so it can be looked up"));
  if (sha256 == NULL && !(date = parse_date (date_text)))
    return rtcc_cli_usage_error (PROGRAM " download", _("--date “%s” is not a day written YYYY-MM-DD"), date_text);
  if (!(bwc = open_integration (PROGRAM " download", &exit_status)))
    return exit_status;

  /* The integration remembers the checksums of what it listed. */
  if (sha256 == NULL)
    {
      g_autoptr(GPtrArray) events = list_recordings (bwc, officer, date, &error);
      gboolean found = FALSE;

      if (events == NULL)
        return rtcc_cli_failure (PROGRAM " download", "%s", error->message);
      for (guint i = 0; i < events->len && !found; i++)
        found = g_strcmp0 (rtcc_event_get_attribute_string (g_ptr_array_index (events, i), "recording_id"),
                           argv[1]) == 0;
      if (!found)
        return rtcc_cli_failure (PROGRAM " download",
                                 _("Recording %s is not among officer %s’s recordings of %s; check the ID with "
                                   "“rtcc-cli bwc recordings”"), argv[1], officer, date_text);
    }

  file = g_file_new_for_commandline_arg (output);
  rtcc_bwc_integration_download_recording_async (bwc, argv[1], sha256, file,
                                                 show_progress ? download_progress : NULL, NULL,
                                                 NULL, rtcc_cli_store_result, &result);
  size = rtcc_bwc_integration_download_recording_finish (bwc, rtcc_cli_wait (&result), &error);
  if (show_progress)
    fprintf (stderr, "\n");
  if (size < 0)
    return rtcc_cli_failure (PROGRAM " download", "%s", error->message);
  printf (_("Saved %s (%lld bytes, SHA-256 verified)\n"), output, (long long) size);
  return RTCC_CLI_EXIT_OK;
}

static const RtccCliCommand subcommands[] = {
  { "recordings", N_("List an officer's recordings of one day"), cmd_recordings },
  { "assignments", N_("List which officer carries which camera"), cmd_assignments },
  { "link", N_("Link a recording to an incident (audited)"), cmd_link },
  { "unlink", N_("Unlink a recording from an incident (audited)"), cmd_unlink },
  { "download", N_("Download a recording, SHA-256 verified"), cmd_download },
};

/**
 * rtcc_cli_bwc:
 *
 * `rtcc-cli bwc recordings|assignments|link|unlink|download`.
 */
int
rtcc_cli_bwc (int    argc,
              char **argv)
{
  g_autofree char *program = g_strdup (g_get_prgname ());

  return rtcc_cli_dispatch (program, _("Body-worn camera recordings."), subcommands,
                            G_N_ELEMENTS (subcommands), argc, argv);
}
