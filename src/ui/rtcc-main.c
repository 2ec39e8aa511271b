/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Rtcc"

#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>

#include "rtcc-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(RtccApplication) app = NULL;
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = rtcc_application_new ();
  status = g_application_run (G_APPLICATION (app), argc, argv);
  if (status == 0)
    status = rtcc_application_get_exit_status (app);
  return status;
}
