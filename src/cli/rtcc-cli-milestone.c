/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccCli"

#include "config.h"

#include <stdio.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "milestone/rtcc-milestone-integration.h"
#include "rtcc-audit-log.h"
#include "rtcc-cli.h"
#include "rtcc-integrations.h"
#include "rtcc-json.h"
#include "rtcc-time.h"

#define PROGRAM "rtcc-cli milestone"

static RtccMilestoneIntegration *
open_integration (const char *program,
                  int        *exit_status)
{
  RtccIntegration *integration = rtcc_cli_open_integration (RTCC_SOURCE_MILESTONE, program, exit_status);

  return integration != NULL ? RTCC_MILESTONE_INTEGRATION (integration) : NULL;
}

static const char *
state_label (RtccCameraState state)
{
  switch (state)
    {
    case RTCC_CAMERA_STATE_RESPONDING: return _("responding");
    case RTCC_CAMERA_STATE_NOT_RESPONDING: return _("not responding");
    case RTCC_CAMERA_STATE_DISABLED: return _("disabled");
    case RTCC_CAMERA_STATE_UNKNOWN:
    default: return _("unknown");
    }
}

/* Refused before anything is sent, so a typo in -o costs no vendor call
 * and never clobbers evidence saved earlier. */
static gboolean
check_output (const char *program,
              const char *path,
              gboolean    force,
              int        *exit_status)
{
  if (path == NULL || *path == '\0')
    {
      *exit_status = rtcc_cli_usage_error (program, _("-o FILE is required: say where to write the file"));
      return FALSE;
    }
  if (!force && g_file_test (path, G_FILE_TEST_EXISTS))
    {
      *exit_status = rtcc_cli_usage_error (program, _("“%s” already exists; choose another file or add --force to replace it"),
                                           path);
      return FALSE;
    }
  return TRUE;
}

static GDateTime *
parse_time_option (const char  *program,
                   const char  *option,
                   const char  *text,
                   int         *exit_status)
{
  g_autoptr(GError) error = NULL;
  GDateTime *time = rtcc_time_parse_iso (text, &error);

  if (time == NULL)
    *exit_status = rtcc_cli_usage_error (program, _("%s “%s” is not an ISO 8601 time such as 2026-11-23T04:12:00Z: %s"),
                                         option, text, error->message);
  return time;
}

typedef struct
{
  GPtrArray *cameras;   /* RtccCamera, replaced in place by those with a status */
  guint      pending;
  guint      failed;
} StatusData;

typedef struct
{
  StatusData *data;
  guint       index;
} StatusCall;

static void
status_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  StatusCall *call = user_data;
  g_autoptr(RtccCameraStatus) status = NULL;
  g_autoptr(GError) error = NULL;

  status = rtcc_milestone_integration_get_status_finish (RTCC_MILESTONE_INTEGRATION (object), result, &error);
  if (status != NULL)
    {
      RtccCamera *camera = g_ptr_array_index (call->data->cameras, call->index);

      call->data->cameras->pdata[call->index] = rtcc_camera_with_status (camera, status);
      g_object_unref (camera);
    }
  else
    call->data->failed++;
  call->data->pending--;
  g_free (call);
}

static int
cmd_cameras (int    argc,
             char **argv)
{
  gboolean json = FALSE;
  gboolean no_status = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print one JSON array of cameras"), NULL },
    { "no-status", 0, 0, G_OPTION_ARG_NONE, &no_status, N_("Do not ask each camera's status (state stays null)"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = rtcc_cli_option_context_new (_("List the cameras with position, view and state."), entries);
  g_autoptr(RtccMilestoneIntegration) ms = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) cameras = NULL;
  g_autoptr(GError) error = NULL;
  StatusData data = { 0, };
  int exit_status;

  if (!rtcc_cli_parse_options (context, PROGRAM " cameras", &argc, &argv, &exit_status))
    return exit_status;
  if (!(ms = open_integration (PROGRAM " cameras", &exit_status)))
    return exit_status;

  rtcc_milestone_integration_list_cameras_async (ms, NULL, rtcc_cli_store_result, &result);
  cameras = rtcc_milestone_integration_list_cameras_finish (ms, rtcc_cli_wait (&result), &error);
  if (cameras == NULL)
    return rtcc_cli_failure (PROGRAM " cameras", "%s", error->message);

  /* The state comes from one status call per camera; they run together
   * so a few hundred cameras take seconds, not minutes. */
  data.cameras = cameras;
  if (!no_status)
    {
      for (guint i = 0; i < cameras->len; i++)
        {
          StatusCall *call = g_new0 (StatusCall, 1);

          call->data = &data;
          call->index = i;
          data.pending++;
          rtcc_milestone_integration_get_status_async (ms, rtcc_camera_get_id (g_ptr_array_index (cameras, i)),
                                                       NULL, status_cb, call);
        }
      while (data.pending > 0)
        g_main_context_iteration (NULL, TRUE);
    }

  if (json)
    {
      g_autoptr(JsonArray) array = json_array_new ();
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);
      g_autofree char *text = NULL;

      for (guint i = 0; i < cameras->len; i++)
        json_array_add_element (array, rtcc_camera_to_json (g_ptr_array_index (cameras, i)));
      json_node_set_array (root, array);
      text = rtcc_json_to_string (root, TRUE);
      printf ("%s\n", text);
    }
  else
    {
      printf ("%-38s %-30s %-14s %-22s %s\n", _("ID"), _("NAME"), _("STATE"), _("LOCATION"), _("VIEW"));
      for (guint i = 0; i < cameras->len; i++)
        {
          RtccCamera *camera = g_ptr_array_index (cameras, i);
          g_autofree char *where = NULL;
          g_autofree char *view = NULL;
          double lat, lon;

          where = rtcc_camera_get_location (camera, &lat, &lon)
                  ? g_strdup_printf ("%.5f,%.5f", lat, lon) : g_strdup ("—");
          view = rtcc_camera_get_has_coverage (camera)
                 ? g_strdup_printf (_("%.0f° ±%.0f° %.0f m"), rtcc_camera_get_direction_deg (camera),
                                    rtcc_camera_get_fov_deg (camera) / 2.0, rtcc_camera_get_depth_m (camera))
                 : g_strdup ("—");
          printf ("%-38s %-30s %-14s %-22s %s\n", rtcc_camera_get_id (camera), rtcc_camera_get_name (camera),
                  rtcc_camera_get_enabled (camera) ? state_label (rtcc_camera_get_state (camera)) : _("disabled"),
                  where, view);
        }
      printf (g_dngettext (GETTEXT_PACKAGE, "%u camera\n", "%u cameras\n", cameras->len), cameras->len);
    }
  if (data.failed > 0)
    fprintf (stderr, g_dngettext (GETTEXT_PACKAGE,
                                  "%s: the status of %u camera could not be read; its state is unknown\n",
                                  "%s: the status of %u cameras could not be read; their state is unknown\n",
                                  data.failed),
             PROGRAM " cameras", data.failed);
  return RTCC_CLI_EXIT_OK;
}

static int
cmd_status (int    argc,
            char **argv)
{
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the status as JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = rtcc_cli_option_context_new (_("ID — Whether a camera responds and records now."), entries);
  g_autoptr(RtccMilestoneIntegration) ms = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(RtccCameraStatus) status = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *updated = NULL;
  int exit_status;

  if (!rtcc_cli_parse_options_positional (context, PROGRAM " status", &argc, &argv, 1, &exit_status))
    return exit_status;
  if (argc != 2)
    return rtcc_cli_usage_error (PROGRAM " status", _("Give the camera ID (see “rtcc-cli milestone cameras”)"));
  if (!(ms = open_integration (PROGRAM " status", &exit_status)))
    return exit_status;

  rtcc_milestone_integration_get_status_async (ms, argv[1], NULL, rtcc_cli_store_result, &result);
  status = rtcc_milestone_integration_get_status_finish (ms, rtcc_cli_wait (&result), &error);
  if (status == NULL)
    return rtcc_cli_failure (PROGRAM " status", "%s", error->message);

  updated = status->last_updated ? rtcc_time_format_iso (status->last_updated) : NULL;
  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;
      /* The words of rtcc_camera_to_json(), so scripts need one vocabulary. */
      const char *word = status->state == RTCC_CAMERA_STATE_RESPONDING ? "responding"
                         : status->state == RTCC_CAMERA_STATE_NOT_RESPONDING ? "not_responding"
                         : status->state == RTCC_CAMERA_STATE_DISABLED ? "disabled" : NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_string_value (b, argv[1]);
      json_builder_set_member_name (b, "state");
      if (word != NULL)
        json_builder_add_string_value (b, word);
      else
        json_builder_add_null_value (b);
      json_builder_set_member_name (b, "recording");
      json_builder_add_boolean_value (b, status->recording);
      json_builder_set_member_name (b, "last_updated");
      if (updated != NULL)
        json_builder_add_string_value (b, updated);
      else
        json_builder_add_null_value (b);
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      text = rtcc_json_to_string (root, FALSE);
      printf ("%s\n", text);
    }
  else
    {
      printf (_("Camera %s: %s, %s"), argv[1], state_label (status->state),
              status->recording ? _("recording") : _("not recording"));
      if (updated != NULL)
        printf (_(" (as of %s)"), updated);
      printf ("\n");
    }
  return RTCC_CLI_EXIT_OK;
}

static int
cmd_snapshot (int    argc,
              char **argv)
{
  g_autofree char *output = NULL;
  g_autofree char *time_text = NULL;
  gboolean force = FALSE;
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Where to write the JPEG (required)"), N_("FILE") },
    { "time", 0, 0, G_OPTION_ARG_STRING, &time_text, N_("A recorded frame at this time instead of the live one"), N_("ISO") },
    { "force", 0, 0, G_OPTION_ARG_NONE, &force, N_("Replace FILE if it exists"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = rtcc_cli_option_context_new (_("ID — Save a camera's picture as a JPEG."), entries);
  g_autoptr(RtccMilestoneIntegration) ms = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GDateTime) time = NULL;
  g_autoptr(GBytes) jpeg = NULL;
  g_autoptr(GError) error = NULL;
  int exit_status;

  if (!rtcc_cli_parse_options_positional (context, PROGRAM " snapshot", &argc, &argv, 1, &exit_status))
    return exit_status;
  if (argc != 2)
    return rtcc_cli_usage_error (PROGRAM " snapshot", _("Give the camera ID (see “rtcc-cli milestone cameras”)"));
  if (!check_output (PROGRAM " snapshot", output, force, &exit_status))
    return exit_status;
  if (time_text != NULL && !(time = parse_time_option (PROGRAM " snapshot", "--time", time_text, &exit_status)))
    return exit_status;
  if (!(ms = open_integration (PROGRAM " snapshot", &exit_status)))
    return exit_status;

  rtcc_milestone_integration_get_snapshot_async (ms, argv[1], time, NULL, rtcc_cli_store_result, &result);
  jpeg = rtcc_milestone_integration_get_snapshot_finish (ms, rtcc_cli_wait (&result), &error);
  if (jpeg == NULL)
    return rtcc_cli_failure (PROGRAM " snapshot", "%s", error->message);
  if (!g_file_set_contents_full (output, g_bytes_get_data (jpeg, NULL), g_bytes_get_size (jpeg),
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
    return rtcc_cli_failure (PROGRAM " snapshot", _("The picture could not be saved: %s"), error->message);
  printf (_("Saved %s (%zu bytes)\n"), output, g_bytes_get_size (jpeg));
  return RTCC_CLI_EXIT_OK;
}

static void
export_progress (RtccExportPhase phase,
                 double          fraction,
                 gpointer        user_data)
{
  const char *what = phase == RTCC_EXPORT_PHASE_EXPORTING ? _("Exporting") : _("Downloading");

  if (fraction >= 0)
    fprintf (stderr, "\r%s… %3.0f%%", what, CLAMP (fraction, 0.0, 1.0) * 100.0);
  else
    fprintf (stderr, "\r%s…     ", what);
  fflush (stderr);
}

static int
cmd_export (int    argc,
            char **argv)
{
  g_autofree char *output = NULL;
  g_autofree char *start_text = NULL;
  g_autofree char *end_text = NULL;
  gboolean force = FALSE;
  const GOptionEntry entries[] = {
    { "start", 0, 0, G_OPTION_ARG_STRING, &start_text, N_("Start of the clip (required)"), N_("ISO") },
    { "end", 0, 0, G_OPTION_ARG_STRING, &end_text, N_("End of the clip (required)"), N_("ISO") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Where to write the MP4 (required)"), N_("FILE") },
    { "force", 0, 0, G_OPTION_ARG_NONE, &force, N_("Replace FILE if it exists"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = rtcc_cli_option_context_new (_("ID — Export recorded video as an MP4. The export is audited."), entries);
  g_autoptr(RtccMilestoneIntegration) ms = NULL;
  g_autoptr(RtccAuditLog) audit = NULL;
  g_autoptr(RtccAuditRecord) record = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) end = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) audit_error = NULL;
  g_autofree char *terms = NULL;
  gboolean show_progress = isatty (STDERR_FILENO);
  goffset size;
  int exit_status;

  if (!rtcc_cli_parse_options_positional (context, PROGRAM " export", &argc, &argv, 1, &exit_status))
    return exit_status;
  if (argc != 2)
    return rtcc_cli_usage_error (PROGRAM " export", _("Give the camera ID (see “rtcc-cli milestone cameras”)"));
  if (start_text == NULL || end_text == NULL)
    return rtcc_cli_usage_error (PROGRAM " export", _("--start and --end are required"));
  if (!(start = parse_time_option (PROGRAM " export", "--start", start_text, &exit_status)) ||
      !(end = parse_time_option (PROGRAM " export", "--end", end_text, &exit_status)))
    return exit_status;
  if (g_date_time_compare (start, end) >= 0)
    return rtcc_cli_usage_error (PROGRAM " export", _("--end must come after --start"));
  if (!check_output (PROGRAM " export", output, force, &exit_status))
    return exit_status;
  if (!(ms = open_integration (PROGRAM " export", &exit_status)))
    return exit_status;

  /* An export that cannot be audited is not made. */
  if (!(audit = rtcc_cli_open_audit_log (&error)))
    return rtcc_cli_failure (PROGRAM " export", _("The audit log cannot be written, so nothing was exported: %s"),
                             error->message);

  file = g_file_new_for_commandline_arg (output);
  rtcc_milestone_integration_export_clip_async (ms, argv[1], start, end, file,
                                                show_progress ? export_progress : NULL, NULL,
                                                NULL, rtcc_cli_store_result, &result);
  size = rtcc_milestone_integration_export_clip_finish (ms, rtcc_cli_wait (&result), &error);
  if (show_progress)
    fprintf (stderr, "\n");

  {
    g_autofree char *s = rtcc_time_format_iso (start);
    g_autofree char *e = rtcc_time_format_iso (end);
    terms = g_strdup_printf ("camera=%s start=%s end=%s file=%s", argv[1], s, e, output);
  }
  record = rtcc_audit_record_new (rtcc_cli_operator_id (), RTCC_AUDIT_ACTION_EXPORT);
  rtcc_audit_record_set_integration (record, "milestone");
  rtcc_audit_record_set_query_terms (record, terms);
  rtcc_audit_record_set_outcome (record, size >= 0 ? RTCC_AUDIT_OUTCOME_SUCCESS : RTCC_AUDIT_OUTCOME_FAILURE);
  if (size < 0)
    rtcc_audit_record_set_outcome_detail (record, error->message);
  if (!rtcc_cli_append_audit (audit, record, &audit_error))
    {
      /* The clip must not outlive a missing audit record. */
      if (size >= 0)
        g_file_delete (file, NULL, NULL);
      return rtcc_cli_failure (PROGRAM " export", _("The export could not be audited, so the clip was removed: %s"),
                               audit_error->message);
    }

  if (size < 0)
    return rtcc_cli_failure (PROGRAM " export", "%s", error->message);
  printf (_("Saved %s (%lld bytes)\n"), output, (long long) size);
  return RTCC_CLI_EXIT_OK;
}

static const RtccCliCommand subcommands[] = {
  { "cameras", N_("List the cameras"), cmd_cameras },
  { "status", N_("Show whether a camera responds and records"), cmd_status },
  { "snapshot", N_("Save a camera's picture as a JPEG"), cmd_snapshot },
  { "export", N_("Export recorded video as an MP4 (audited)"), cmd_export },
};

/**
 * rtcc_cli_milestone:
 *
 * `rtcc-cli milestone cameras|status|snapshot|export`.
 */
int
rtcc_cli_milestone (int    argc,
                    char **argv)
{
  g_autofree char *program = g_strdup (g_get_prgname ());

  return rtcc_cli_dispatch (program, _("Milestone XProtect cameras and video."), subcommands,
                            G_N_ELEMENTS (subcommands), argc, argv);
}
