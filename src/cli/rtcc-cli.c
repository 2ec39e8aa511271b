/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccCli"

#include "config.h"

#include <locale.h>
#include <signal.h>
#include <stdio.h>

#include <glib/gi18n.h>

#include "rtcc-cli.h"

/*
 * The commands. To add one, say `frobnicate`:
 *   1. write src/cli/rtcc-cli-frobnicate.c with
 *      `int rtcc_cli_frobnicate (int argc, char **argv)`, parsing its
 *      options with rtcc_cli_option_context_new() and
 *      rtcc_cli_parse_options() (or, if it has subcommands, calling
 *      rtcc_cli_dispatch() on its own table, as rtcc-cli-audit.c does);
 *   2. declare it in rtcc-cli.h and list the file in src/cli/meson.build;
 *   3. add its row below and its section to docs/cli.md.
 * Exit statuses are the RtccCliExit values: 0 done, 1 failed, 2 usage.
 */
static const RtccCliCommand commands[] = {
  { "audit", N_("Verify and export the CJIS audit log"), rtcc_cli_audit },
  { "bolo", N_("HotSheets BOLOs: list, issue, cancel, check"), rtcc_cli_bolo },
  { "bwc", N_("Body-worn camera recordings, links and downloads"), rtcc_cli_bwc },
  { "flock", N_("Flock plate searches and hotlists"), rtcc_cli_flock },
  { "health", N_("Check every configured integration and print the health"), rtcc_cli_health },
  { "milestone", N_("Milestone cameras: list, status, snapshot, export"), rtcc_cli_milestone },
  { "normalize", N_("Print a vendor document as normalized events"), rtcc_cli_normalize },
  { "shotspotter", N_("ShotSpotter gunshot alerts: list, show, acknowledge"), rtcc_cli_shotspotter },
  { "rms", N_("Look up incidents, persons and cases in the RMS (audited)"), rtcc_cli_rms },
  { "ness", N_("Run NCIC, III and Nlets queries through NESS (audited)"), rtcc_cli_ness },
};

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* A reader that goes away (`| head`) must turn into a write error, so
   * an audited export still gets its failure outcome recorded. */
  signal (SIGPIPE, SIG_IGN);

  if (argc > 1 && g_str_equal (argv[1], "--version"))
    {
      printf ("rtcc-cli %s\n", PACKAGE_VERSION);
      return RTCC_CLI_EXIT_OK;
    }

  return rtcc_cli_dispatch ("rtcc-cli",
                            _("Headless tools for the RTCC-UIP Workstation."),
                            commands, G_N_ELEMENTS (commands), argc, argv);
}
