/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "rtcc-audit-log.h"
#include "rtcc-config.h"
#include "rtcc-integration.h"

G_BEGIN_DECLS

/* Exit statuses shared by every command; docs/cli.md lists them. */
typedef enum
{
  RTCC_CLI_EXIT_OK      = 0,
  RTCC_CLI_EXIT_FAILURE = 1,
  RTCC_CLI_EXIT_USAGE   = 2,
} RtccCliExit;

/**
 * RtccCliFunc:
 * @argc: the number of arguments
 * @argv: the arguments; argv[0] is the command's own name (`audit`)
 *
 * The full command (`rtcc-cli audit`) is the program name, g_get_prgname().
 *
 * Returns: an exit status
 */
typedef int (*RtccCliFunc) (int    argc,
                            char **argv);

/**
 * RtccCliCommand:
 * @name: the word typed on the command line
 * @summary: one line for the list of commands (marked with N_())
 * @run: the command
 *
 * One row of a command table: the top-level table in rtcc-cli.c, or a
 * command's own table of subcommands, as `audit` has.
 */
typedef struct
{
  const char  *name;
  const char  *summary;
  RtccCliFunc  run;
} RtccCliCommand;

int              rtcc_cli_dispatch           (const char            *program,
                                              const char            *description,
                                              const RtccCliCommand  *commands,
                                              gsize                  n_commands,
                                              int                    argc,
                                              char                 **argv);
GOptionContext  *rtcc_cli_option_context_new (const char            *summary,
                                              const GOptionEntry    *entries);
gboolean         rtcc_cli_parse_options      (GOptionContext        *context,
                                              const char            *program,
                                              int                   *argc,
                                              char                ***argv,
                                              int                   *exit_status);
gboolean         rtcc_cli_parse_options_positional (GOptionContext  *context,
                                              const char            *program,
                                              int                   *argc,
                                              char                ***argv,
                                              int                    max_positional,
                                              int                   *exit_status);
int              rtcc_cli_usage_error        (const char            *program,
                                              const char            *format,
                                              ...) G_GNUC_PRINTF (2, 3);
int              rtcc_cli_failure            (const char            *program,
                                              const char            *format,
                                              ...) G_GNUC_PRINTF (2, 3);
GAsyncResult    *rtcc_cli_wait               (GAsyncResult         **slot);
void             rtcc_cli_store_result       (GObject               *object,
                                              GAsyncResult          *result,
                                              gpointer               user_data);
RtccConfig      *rtcc_cli_get_config         (void);
char            *rtcc_cli_default_audit_db   (void);
const char      *rtcc_cli_operator_id        (void);

RtccIntegration *rtcc_cli_open_integration   (RtccSource             source,
                                              const char            *program,
                                              int                   *exit_status);
RtccAuditLog    *rtcc_cli_open_audit_log     (GError               **error);
gboolean         rtcc_cli_append_audit       (RtccAuditLog          *audit,
                                              RtccAuditRecord       *record,
                                              GError               **error);
gboolean         rtcc_cli_is_blank           (char                  *text);
gboolean         rtcc_cli_is_date            (const char            *text);

/* Commands: one file each, one row in the table of rtcc-cli.c. */
int              rtcc_cli_audit              (int                    argc,
                                              char                 **argv);
int              rtcc_cli_bolo               (int                    argc,
                                              char                 **argv);
int              rtcc_cli_bwc                (int                    argc,
                                              char                 **argv);
int              rtcc_cli_flock              (int                    argc,
                                              char                 **argv);
int              rtcc_cli_health             (int                    argc,
                                              char                 **argv);
int              rtcc_cli_milestone          (int                    argc,
                                              char                 **argv);
int              rtcc_cli_normalize          (int                    argc,
                                              char                 **argv);
int              rtcc_cli_shotspotter        (int                    argc,
                                              char                 **argv);
int              rtcc_cli_rms                (int                    argc,
                                              char                 **argv);
int              rtcc_cli_ness               (int                    argc,
                                              char                 **argv);

G_END_DECLS
