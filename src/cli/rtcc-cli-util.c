/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccCli"

#include "config.h"

#include <stdio.h>

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "rtcc-cli.h"
#include "rtcc-base-integration.h"
#include "rtcc-integrations.h"

static void
print_commands (FILE                 *out,
                const char           *program,
                const char           *description,
                const RtccCliCommand *commands,
                gsize                 n_commands)
{
  fprintf (out, _("Usage: %s COMMAND [OPTION…]\n\n"), program);
  fprintf (out, "%s\n\n", description);
  fprintf (out, "%s\n", _("Commands:"));
  for (gsize i = 0; i < n_commands; i++)
    fprintf (out, "  %-12s %s\n", commands[i].name, _(commands[i].summary));
  fprintf (out, _("\nRun “%s COMMAND --help” for the options of a command.\n"), program);
}

/**
 * rtcc_cli_dispatch:
 * @program: the words typed so far, for messages (`rtcc-cli`, `rtcc-cli audit`)
 * @description: one sentence shown by `--help`
 * @commands: the table to pick from
 * @argc: argument count; argv[1] names the command
 * @argv: the arguments
 *
 * Runs the command named by argv[1] with the arguments after it, so
 * commands nest: `rtcc-cli audit verify` is `audit` picking `verify` from
 * its own table.
 *
 * Returns: the command's exit status, or %RTCC_CLI_EXIT_USAGE
 */
int
rtcc_cli_dispatch (const char            *program,
                   const char            *description,
                   const RtccCliCommand  *commands,
                   gsize                  n_commands,
                   int                    argc,
                   char                 **argv)
{
  const char *name = argc > 1 ? argv[1] : NULL;

  if (name == NULL)
    {
      print_commands (stderr, program, description, commands, n_commands);
      return RTCC_CLI_EXIT_USAGE;
    }
  if (g_str_equal (name, "--help") || g_str_equal (name, "-h") || g_str_equal (name, "help"))
    {
      print_commands (stdout, program, description, commands, n_commands);
      return RTCC_CLI_EXIT_OK;
    }

  for (gsize i = 0; i < n_commands; i++)
    if (g_str_equal (commands[i].name, name))
      {
        g_autofree char *prgname = g_strdup_printf ("%s %s", program, name);

        /* GOptionContext shows the program name in its usage line, and
         * commands take their name for messages from it. */
        g_set_prgname (prgname);
        return commands[i].run (argc - 1, argv + 1);
      }

  if (name[0] == '-')
    return rtcc_cli_usage_error (program, _("unknown option “%s” before the command"), name);
  return rtcc_cli_usage_error (program, _("unknown command “%s”"), name);
}

/**
 * rtcc_cli_option_context_new:
 * @summary: what it does, shown by `--help`
 * @entries: its options
 *
 * Returns: (transfer full): an option context for one (sub)command
 */
GOptionContext *
rtcc_cli_option_context_new (const char         *summary,
                             const GOptionEntry *entries)
{
  GOptionContext *context = g_option_context_new (NULL);

  g_option_context_set_summary (context, summary);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  return context;
}

/**
 * rtcc_cli_parse_options_positional:
 * @max_positional: how many arguments the command takes besides options
 * @exit_status: (out): set when %FALSE is returned
 *
 * Parses options and refuses arguments beyond @max_positional; the ones
 * taken are left in @argv after the command name.
 *
 * Returns: %TRUE to go on
 */
gboolean
rtcc_cli_parse_options_positional (GOptionContext   *context,
                                   const char       *program,
                                   int              *argc,
                                   char           ***argv,
                                   int               max_positional,
                                   int              *exit_status)
{
  g_autoptr(GError) error = NULL;

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      *exit_status = rtcc_cli_usage_error (program, "%s", error->message);
      return FALSE;
    }
  if (*argc > 1 + max_positional)
    {
      *exit_status = rtcc_cli_usage_error (program, _("unexpected argument “%s”"),
                                           (*argv)[1 + max_positional]);
      return FALSE;
    }
  return TRUE;
}

/**
 * rtcc_cli_parse_options:
 * @exit_status: (out): set when %FALSE is returned
 *
 * Parses options and refuses arguments left over, for commands that take
 * none besides their options.
 *
 * Returns: %TRUE to go on
 */
gboolean
rtcc_cli_parse_options (GOptionContext   *context,
                        const char       *program,
                        int              *argc,
                        char           ***argv,
                        int              *exit_status)
{
  return rtcc_cli_parse_options_positional (context, program, argc, argv, 0, exit_status);
}

/**
 * rtcc_cli_usage_error:
 *
 * Prints the problem and where to find the usage on stderr.
 *
 * Returns: %RTCC_CLI_EXIT_USAGE
 */
int
rtcc_cli_usage_error (const char *program,
                      const char *format,
                      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  fprintf (stderr, "%s: %s\n", program, message);
  fprintf (stderr, _("Run “%s --help” for usage.\n"), program);
  return RTCC_CLI_EXIT_USAGE;
}

/**
 * rtcc_cli_failure:
 *
 * Prints the problem on stderr.
 *
 * Returns: %RTCC_CLI_EXIT_FAILURE
 */
int
rtcc_cli_failure (const char *program,
                  const char *format,
                  ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  fprintf (stderr, "%s: %s\n", program, message);
  return RTCC_CLI_EXIT_FAILURE;
}

/**
 * rtcc_cli_store_result:
 * @user_data: a `GAsyncResult **` to fill
 *
 * A #GAsyncReadyCallback for rtcc_cli_wait().
 */
void
rtcc_cli_store_result (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/**
 * rtcc_cli_wait:
 * @slot: where rtcc_cli_store_result() puts the result
 *
 * A command line tool has nothing else to do while it waits; running the
 * default main context lets the core's async APIs be used unchanged.
 *
 * Returns: (transfer none): the result, still owned by @slot
 */
GAsyncResult *
rtcc_cli_wait (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

/**
 * rtcc_cli_get_config:
 *
 * Returns: (transfer none): the user's configuration, read once
 */
RtccConfig *
rtcc_cli_get_config (void)
{
  static RtccConfig *config;

  if (config == NULL)
    config = rtcc_config_new_default ();
  return config;
}

/**
 * rtcc_cli_default_audit_db:
 *
 * Returns: (transfer full): `$RTCC_DATA_DIR/audit.db` when RTCC_DATA_DIR
 *   is set, else `$XDG_DATA_HOME/rtcc/audit.db`, where the app keeps it
 */
char *
rtcc_cli_default_audit_db (void)
{
  const char *data_dir = rtcc_config_get (rtcc_cli_get_config (), "RTCC_DATA_DIR");

  if (data_dir != NULL)
    return g_build_filename (data_dir, "audit.db", NULL);
  return g_build_filename (g_get_user_data_dir (), "rtcc", "audit.db", NULL);
}

/**
 * rtcc_cli_operator_id:
 *
 * Returns: who the CLI's own audit records name: NESS_OPERATOR_ID, or the
 *   login name
 */
const char *
rtcc_cli_operator_id (void)
{
  const char *id = rtcc_config_get (rtcc_cli_get_config (), "NESS_OPERATOR_ID");

  return id != NULL ? id : g_get_user_name ();
}

/**
 * rtcc_cli_open_integration:
 * @source: the vendor
 * @program: the command, for the message
 * @exit_status: (out): set when %NULL is returned
 *
 * Returns: (transfer full) (nullable): the vendor's integration on the
 *   CLI's configuration, or %NULL after printing why it is not configured
 */
RtccIntegration *
rtcc_cli_open_integration (RtccSource  source,
                           const char *program,
                           int        *exit_status)
{
  RtccIntegration *integration = rtcc_integrations_create (source, rtcc_cli_get_config ());

  if (!rtcc_base_integration_is_enabled (RTCC_BASE_INTEGRATION (integration)))
    {
      g_autofree char *message = rtcc_integration_dup_status_message (integration);
      *exit_status = rtcc_cli_failure (program, "%s", message);
      g_object_unref (integration);
      return NULL;
    }
  return integration;
}

/**
 * rtcc_cli_open_audit_log:
 *
 * Opens the default audit log, creating its folder.
 *
 * Returns: (transfer full) (nullable): the log
 */
RtccAuditLog *
rtcc_cli_open_audit_log (GError **error)
{
  g_autofree char *db = rtcc_cli_default_audit_db ();
  g_autofree char *dir = g_path_get_dirname (db);

  g_mkdir_with_parents (dir, 0700);
  return rtcc_audit_log_open (db, error);
}

/**
 * rtcc_cli_append_audit:
 *
 * Appends @record and waits until it is committed.
 *
 * Returns: %TRUE once the record is durable
 */
gboolean
rtcc_cli_append_audit (RtccAuditLog     *audit,
                       RtccAuditRecord  *record,
                       GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  rtcc_audit_log_append_async (audit, record, NULL, rtcc_cli_store_result, &result);
  return rtcc_audit_log_append_finish (audit, rtcc_cli_wait (&result), error) > 0;
}

/**
 * rtcc_cli_is_blank:
 * @text: (nullable): an option's value; stripped in place
 */
gboolean
rtcc_cli_is_blank (char *text)
{
  return text == NULL || *g_strstrip (text) == '\0';
}

/**
 * rtcc_cli_is_date:
 *
 * Returns: %TRUE for a real calendar date written YYYY-MM-DD
 */
gboolean
rtcc_cli_is_date (const char *text)
{
  guint y, m, d;
  char tail;

  return text != NULL && strlen (text) == 10 &&
         sscanf (text, "%4u-%2u-%2u%c", &y, &m, &d, &tail) == 3 &&
         g_date_valid_dmy (d, m, y);
}
