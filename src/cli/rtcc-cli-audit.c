/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccCli"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <gio/gunixoutputstream.h>
#include <glib/gi18n.h>

#include "rtcc-audit-log.h"
#include "rtcc-cli.h"
#include "rtcc-time.h"

/* Opening would create an empty log; a mistyped --db must fail instead. */
static RtccAuditLog *
open_existing (const char  *program,
               const char  *db_option,
               int         *exit_status)
{
  g_autofree char *path = db_option != NULL ? g_strdup (db_option) : rtcc_cli_default_audit_db ();
  g_autoptr(GError) error = NULL;
  RtccAuditLog *log;

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      *exit_status = rtcc_cli_failure (program,
                                       _("No audit log at %s. Give its path with --db, "
                                         "or set RTCC_DATA_DIR to the workstation’s data folder."),
                                       path);
      return NULL;
    }

  log = rtcc_audit_log_open (path, &error);
  if (log == NULL)
    *exit_status = rtcc_cli_failure (program, "%s", error->message);
  return log;
}

static int
audit_verify (int    argc,
              char **argv)
{
  g_autofree char *program = g_strdup (g_get_prgname ());
  g_autofree char *db = NULL;
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db,
      N_("The audit database (default: $RTCC_DATA_DIR/audit.db or $XDG_DATA_HOME/rtcc/audit.db)"),
      N_("PATH") },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    rtcc_cli_option_context_new (_("Recompute every hash of the audit log’s chain and check it "
                                   "against the anchor file.\n\nExit status: 0 if the log is intact, "
                                   "1 if it was tampered with or could not be read, 2 on a usage error."),
                                 entries);
  g_autoptr(RtccAuditLog) log = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  RtccAuditVerifyResult counts = { 0 };
  int status = RTCC_CLI_EXIT_OK;

  if (!rtcc_cli_parse_options (context, program, &argc, &argv, &status))
    return status;
  if ((log = open_existing (program, db, &status)) == NULL)
    return status;

  rtcc_audit_log_verify_async (log, NULL, rtcc_cli_store_result, &result);
  if (!rtcc_audit_log_verify_finish (log, rtcc_cli_wait (&result), &counts, &error))
    {
      if (!g_error_matches (error, RTCC_AUDIT_ERROR, RTCC_AUDIT_ERROR_TAMPERED))
        return rtcc_cli_failure (program, "%s", error->message);

      printf ("%s\n", error->message);
      printf (g_dngettext (GETTEXT_PACKAGE,
                           "%llu record before it verified.\n",
                           "%llu records before it verified.\n",
                           counts.n_verified),
              (unsigned long long) counts.n_verified);
      return RTCC_CLI_EXIT_FAILURE;
    }

  printf (g_dngettext (GETTEXT_PACKAGE,
                       "Audit log verified: %llu record, chain intact\n",
                       "Audit log verified: %llu records, chain intact\n",
                       counts.n_verified),
          (unsigned long long) counts.n_verified);
  return RTCC_CLI_EXIT_OK;
}

/* Accepts a full ISO 8601 time with a zone, or a plain date taken as UTC
 * midnight, which is what an auditor usually types. */
static GDateTime *
parse_since (const char  *text,
             GError     **error)
{
  int y, m, d;
  char end;

  if (sscanf (text, "%4d-%2d-%2d%c", &y, &m, &d, &end) == 3 && strlen (text) == 10)
    {
      GDateTime *date = g_date_time_new_utc (y, m, d, 0, 0, 0);

      if (date != NULL)
        return date;
    }
  return rtcc_time_parse_iso (text, error);
}

static GOutputStream *
open_output (const char  *output,
             GError     **error)
{
  g_autoptr(GFile) file = NULL;

  if (output == NULL || g_str_equal (output, "-"))
    return g_unix_output_stream_new (STDOUT_FILENO, FALSE);

  /* The export holds query terms, which are CJI: only the owner may read it. */
  file = g_file_new_for_commandline_arg (output);
  return G_OUTPUT_STREAM (g_file_replace (file, NULL, FALSE,
                                          G_FILE_CREATE_PRIVATE | G_FILE_CREATE_REPLACE_DESTINATION,
                                          NULL, error));
}

static gint64
append_record (RtccAuditLog     *log,
               RtccAuditRecord  *record,
               GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  rtcc_audit_log_append_async (log, record, NULL, rtcc_cli_store_result, &result);
  return rtcc_audit_log_append_finish (log, rtcc_cli_wait (&result), error);
}

static int
audit_export (int    argc,
              char **argv)
{
  g_autofree char *program = g_strdup (g_get_prgname ());
  g_autofree char *db = NULL;
  g_autofree char *since_text = NULL;
  g_autofree char *format_text = NULL;
  g_autofree char *output = NULL;
  const GOptionEntry entries[] = {
    { "since", 0, 0, G_OPTION_ARG_STRING, &since_text,
      N_("Only records at or after this time (ISO 8601, or a date in UTC)"), N_("ISO") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_text,
      N_("json (the default) or csv"), N_("FORMAT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("Write to FILE, readable only by you (default: standard output)"), N_("FILE") },
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db,
      N_("The audit database (default: $RTCC_DATA_DIR/audit.db or $XDG_DATA_HOME/rtcc/audit.db)"),
      N_("PATH") },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    rtcc_cli_option_context_new (_("Write every field of the audit records, hashes included, for "
                                   "the agency’s auditor. The export is itself audited (audit_export).\n\n"
                                   "Exit status: 0 when written, 1 on failure, 2 on a usage error."),
                                 entries);
  g_autoptr(RtccAuditLog) log = NULL;
  g_autoptr(RtccAuditRecord) pending = NULL;
  g_autoptr(RtccAuditRecord) outcome = NULL;
  g_autoptr(GOutputStream) stream = NULL;
  g_autoptr(GDateTime) since = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) outcome_error = NULL;
  g_autofree char *terms = NULL;
  g_autofree char *detail = NULL;
  RtccAuditExportFormat format = RTCC_AUDIT_EXPORT_JSON;
  gint64 pending_seq;
  gint64 count = -1;
  int status = RTCC_CLI_EXIT_OK;

  if (!rtcc_cli_parse_options (context, program, &argc, &argv, &status))
    return status;

  if (format_text == NULL || g_ascii_strcasecmp (format_text, "json") == 0)
    format = RTCC_AUDIT_EXPORT_JSON;
  else if (g_ascii_strcasecmp (format_text, "csv") == 0)
    format = RTCC_AUDIT_EXPORT_CSV;
  else
    return rtcc_cli_usage_error (program, _("unknown format “%s”: use json or csv"), format_text);

  if (since_text != NULL && (since = parse_since (since_text, &error)) == NULL)
    return rtcc_cli_usage_error (program, _("--since: %s"), error->message);

  if ((log = open_existing (program, db, &status)) == NULL)
    return status;

  /* The export is recorded before a single record leaves the log. */
  terms = g_strdup_printf ("format=%s since=%s output=%s",
                           format == RTCC_AUDIT_EXPORT_JSON ? "json" : "csv",
                           since_text != NULL ? since_text : "all",
                           output != NULL ? output : "stdout");
  pending = rtcc_audit_record_new (rtcc_cli_operator_id (), RTCC_AUDIT_ACTION_AUDIT_EXPORT);
  rtcc_audit_record_set_ori (pending, rtcc_config_get (rtcc_cli_get_config (), "NESS_ORI"));
  rtcc_audit_record_set_integration (pending, "rtcc-cli");
  rtcc_audit_record_set_query_terms (pending, terms);
  rtcc_audit_record_set_outcome (pending, RTCC_AUDIT_OUTCOME_PENDING);
  pending_seq = append_record (log, pending, &error);
  if (pending_seq == 0)
    return rtcc_cli_failure (program, _("Not exporting: the export could not be audited: %s"),
                             error->message);

  stream = open_output (output, &error);
  if (stream != NULL)
    {
      rtcc_audit_log_export_async (log, since, format, stream, NULL, rtcc_cli_store_result, &result);
      count = rtcc_audit_log_export_finish (log, rtcc_cli_wait (&result), &error);
      if (count >= 0 && !g_output_stream_close (stream, NULL, &error))
        count = -1;
    }

  if (count >= 0)
    {
      detail = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lld record exported",
                                             "%lld records exported", count),
                                (long long) count);
      outcome = rtcc_audit_record_new_outcome (pending, pending_seq, RTCC_AUDIT_OUTCOME_SUCCESS, detail);
    }
  else
    outcome = rtcc_audit_record_new_outcome (pending, pending_seq, RTCC_AUDIT_OUTCOME_FAILURE,
                                             error->message);
  if (append_record (log, outcome, &outcome_error) == 0)
    g_printerr (_("%s: could not record the export’s outcome: %s\n"), program, outcome_error->message);

  if (count < 0)
    return rtcc_cli_failure (program, "%s", error->message);

  /* stdout may be the export itself, so the summary goes to stderr. */
  g_printerr (_("%s (audit record %lld)\n"), detail, (long long) pending_seq);
  return outcome_error == NULL ? RTCC_CLI_EXIT_OK : RTCC_CLI_EXIT_FAILURE;
}

static const RtccCliCommand subcommands[] = {
  { "verify", N_("Prove the hash chain: any edit or deletion is found"), audit_verify },
  { "export", N_("Write the records as JSON or CSV for an auditor"), audit_export },
};

/**
 * rtcc_cli_audit:
 *
 * `rtcc-cli audit SUBCOMMAND`: verify and export the CJIS audit log.
 */
int
rtcc_cli_audit (int    argc,
                char **argv)
{
  g_autofree char *program = g_strdup (g_get_prgname ());

  return rtcc_cli_dispatch (program, _("Verify and export the CJIS audit log."),
                            subcommands, G_N_ELEMENTS (subcommands), argc, argv);
}
