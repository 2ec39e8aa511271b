/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccCli"

#include "config.h"

#include <stdio.h>

#include <gio/gunixinputstream.h>

#include <glib/gi18n.h>

#include "rtcc-cli.h"
#include "rtcc-integrations.h"
#include "rtcc-json.h"

/**
 * rtcc_cli_normalize:
 *
 * `rtcc-cli normalize --source NAME FILE`: one vendor document in, one
 * normalized event per line out. Bad items go to stderr by index with the
 * reason while the good ones are still printed; exit status 1 if any
 * failed.
 */
int
rtcc_cli_normalize (int    argc,
                    char **argv)
{
  g_autofree char *source_name = NULL;
  const GOptionEntry entries[] = {
    { "source", 's', 0, G_OPTION_ARG_STRING, &source_name,
      N_("The vendor that sent the document (milestone, flock, shotspotter, onesolution, ness, bwc, hotsheets)"),
      N_("NAME") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = rtcc_cli_option_context_new (
    _("FILE — Print a vendor document as normalized events, one JSON object per line ('-' reads standard input)."),
    entries);
  g_autoptr(RtccConfig) config = NULL;
  g_autoptr(RtccIntegration) integration = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GPtrArray) item_errors = NULL;
  g_autofree char *text = NULL;
  gsize length = 0;
  int source;
  int exit_status;

  if (!rtcc_cli_parse_options_positional (context, "rtcc-cli normalize", &argc, &argv, 1, &exit_status))
    return exit_status;
  if (source_name == NULL)
    return rtcc_cli_usage_error ("rtcc-cli normalize", _("--source is required"));
  if (!rtcc_enum_from_nick (RTCC_TYPE_SOURCE, source_name, &source) || source == RTCC_SOURCE_SYSTEM)
    return rtcc_cli_usage_error ("rtcc-cli normalize", _("Unknown source “%s”"), source_name);
  if (argc != 2)
    return rtcc_cli_usage_error ("rtcc-cli normalize", _("Give exactly one FILE"));

  if (g_str_equal (argv[1], "-"))
    {
      g_autoptr(GInputStream) in = g_unix_input_stream_new (0, FALSE);
      g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();

      if (g_output_stream_splice (out, in, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, &error) < 0)
        return rtcc_cli_failure ("rtcc-cli normalize", _("Could not read standard input: %s"), error->message);
      length = g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out));
      text = g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (out));
    }
  else if (!g_file_get_contents (argv[1], &text, &length, &error))
    return rtcc_cli_failure ("rtcc-cli normalize", "%s", error->message);

  if (!(node = rtcc_json_parse (text ? text : "", length, &error)))
    return rtcc_cli_failure ("rtcc-cli normalize", _("%s: %s"), argv[1], error->message);

  /* Normalizing needs no vendor connection: an unconfigured integration does. */
  config = rtcc_config_new (NULL, FALSE);
  integration = rtcc_integrations_create (source, config);
  events = rtcc_integration_normalize (integration, node, &item_errors, &error);
  if (events == NULL)
    return rtcc_cli_failure ("rtcc-cli normalize", _("%s: %s"), argv[1], error->message);

  for (guint i = 0; i < events->len; i++)
    {
      g_autofree char *line = rtcc_event_to_json_string (g_ptr_array_index (events, i));
      printf ("%s\n", line);
    }
  fflush (stdout);
  for (guint i = 0; item_errors != NULL && i < item_errors->len; i++)
    fprintf (stderr, "%s: %s\n", argv[1], ((GError *) g_ptr_array_index (item_errors, i))->message);

  return item_errors != NULL && item_errors->len > 0 ? RTCC_CLI_EXIT_FAILURE : RTCC_CLI_EXIT_OK;
}
