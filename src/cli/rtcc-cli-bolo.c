/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccCli"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "rtcc-plate.h"
#include "hotsheets/rtcc-hotsheets-integration.h"
#include "rtcc-audit-log.h"
#include "rtcc-cli.h"
#include "rtcc-integrations.h"
#include "rtcc-json.h"
#include "rtcc-time.h"

#define PROGRAM "rtcc-cli bolo"

static RtccHotsheetsIntegration *
open_integration (const char *program,
                  int        *exit_status)
{
  RtccIntegration *integration = rtcc_cli_open_integration (RTCC_SOURCE_HOTSHEETS, program, exit_status);

  return integration != NULL ? RTCC_HOTSHEETS_INTEGRATION (integration) : NULL;
}

static void
print_bolos (GPtrArray *bolos,
             gboolean   json)
{
  for (guint i = 0; i < bolos->len; i++)
    {
      RtccEvent *bolo = g_ptr_array_index (bolos, i);

      if (json)
        {
          g_autofree char *line = rtcc_event_to_json_string (bolo);
          printf ("%s\n", line);
        }
      else
        {
          const char *subject = rtcc_event_get_attribute_string (bolo, "subject");
          const char *plate = rtcc_event_get_attribute_string (bolo, "plate_number");
          const char *state = rtcc_event_get_attribute_string (bolo, "plate_state");
          const char *name = rtcc_event_get_attribute_string (bolo, "name");
          const char *dob = rtcc_event_get_attribute_string (bolo, "dob");
          const char *reason = rtcc_event_get_attribute_string (bolo, "reason");
          const char *cautions = rtcc_event_get_attribute_string (bolo, "cautions");
          const char *expires = rtcc_event_get_attribute_string (bolo, "expires_at");
          g_autofree char *who = NULL;

          if (g_strcmp0 (subject, "vehicle") == 0)
            who = g_strdup_printf ("%s %s", plate ? plate : "?", state ? state : "");
          else
            who = g_strdup_printf ("%s %s", name ? name : "?", dob ? dob : "");
          printf ("%-16s %-8s %-30s %s", rtcc_event_get_attribute_string (bolo, "bolo_id"),
                  subject ? subject : "", who, reason ? reason : "");
          if (expires != NULL)
            printf (_("  (until %s)"), expires);
          if (cautions != NULL)
            printf (_("  CAUTION: %s"), cautions);
          printf ("\n");
        }
    }
}

static int
cmd_active (int    argc,
            char **argv)
{
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print bolo_created events, one JSON object per line"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = rtcc_cli_option_context_new (_("List the active BOLOs."), entries);
  g_autoptr(RtccHotsheetsIntegration) hs = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) bolos = NULL;
  g_autoptr(GError) error = NULL;
  int exit_status;

  if (!rtcc_cli_parse_options (context, PROGRAM " active", &argc, &argv, &exit_status))
    return exit_status;
  if (!(hs = open_integration (PROGRAM " active", &exit_status)))
    return exit_status;

  rtcc_hotsheets_integration_list_active_async (hs, NULL, rtcc_cli_store_result, &result);
  if (!(bolos = rtcc_hotsheets_integration_list_active_finish (hs, rtcc_cli_wait (&result), &error)))
    return rtcc_cli_failure (PROGRAM " active", "%s", error->message);
  print_bolos (bolos, json);
  if (!json)
    printf (g_dngettext (GETTEXT_PACKAGE, "%u active BOLO\n", "%u active BOLOs\n", bolos->len), bolos->len);
  return RTCC_CLI_EXIT_OK;
}

static int
cmd_create (int    argc,
            char **argv)
{
  g_autofree char *vehicle = NULL;
  g_autofree char *state = NULL;
  g_autofree char *make = NULL;
  g_autofree char *model = NULL;
  g_autofree char *color = NULL;
  gboolean person = FALSE;
  g_autofree char *last = NULL;
  g_autofree char *first = NULL;
  g_autofree char *dob = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *cautions = NULL;
  g_autofree char *case_number = NULL;
  g_autofree char *expires_text = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "vehicle", 0, 0, G_OPTION_ARG_STRING, &vehicle, N_("A vehicle BOLO for this plate"), N_("PLATE") },
    { "state", 0, 0, G_OPTION_ARG_STRING, &state, N_("The plate's state (required with --vehicle)"), N_("ST") },
    { "make", 0, 0, G_OPTION_ARG_STRING, &make, N_("The vehicle's make"), N_("MAKE") },
    { "model", 0, 0, G_OPTION_ARG_STRING, &model, N_("The vehicle's model"), N_("MODEL") },
    { "color", 0, 0, G_OPTION_ARG_STRING, &color, N_("The vehicle's color"), N_("COLOR") },
    { "person", 0, 0, G_OPTION_ARG_NONE, &person, N_("A person BOLO (needs --last, --first, --dob)"), NULL },
    { "last", 0, 0, G_OPTION_ARG_STRING, &last, N_("The person's last name"), N_("NAME") },
    { "first", 0, 0, G_OPTION_ARG_STRING, &first, N_("The person's first name"), N_("NAME") },
    { "dob", 0, 0, G_OPTION_ARG_STRING, &dob, N_("The person's date of birth"), N_("YYYY-MM-DD") },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why the BOLO is issued (required)"), N_("TEXT") },
    { "cautions", 0, 0, G_OPTION_ARG_STRING, &cautions, N_("Officer safety cautions"), N_("TEXT") },
    { "case", 0, 0, G_OPTION_ARG_STRING, &case_number, N_("The case number"), N_("N") },
    { "expires", 0, 0, G_OPTION_ARG_STRING, &expires_text, N_("When the BOLO lapses"), N_("ISO") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the new BOLO as a bolo_created event"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    rtcc_cli_option_context_new (_("Issue a BOLO for a vehicle (--vehicle PLATE --state ST) or a person "
                                   "(--person --last --first --dob). Audited."), entries);
  g_autoptr(RtccHotsheetsIntegration) hs = NULL;
  g_autoptr(RtccAuditLog) audit = NULL;
  g_autoptr(RtccAuditRecord) record = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GHashTable) field_errors = NULL;
  g_autoptr(RtccEvent) bolo = NULL;
  g_autoptr(GDateTime) expires = NULL;
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) audit_error = NULL;
  g_autoptr(GString) terms = g_string_new (NULL);
  g_autofree char *plate = NULL;
  int exit_status;

  if (!rtcc_cli_parse_options (context, PROGRAM " create", &argc, &argv, &exit_status))
    return exit_status;
  if ((vehicle != NULL) == person)
    return rtcc_cli_usage_error (PROGRAM " create", _("Give either --vehicle PLATE or --person"));
  if (rtcc_cli_is_blank (reason))
    return rtcc_cli_usage_error (PROGRAM " create", _("--reason is required"));
  if (vehicle != NULL)
    {
      if (!(plate = rtcc_plate_normalize (vehicle)) || strchr (plate, '*') != NULL)
        return rtcc_cli_usage_error (PROGRAM " create", _("--vehicle takes a whole plate"));
      if (rtcc_cli_is_blank (state))
        return rtcc_cli_usage_error (PROGRAM " create", _("--state is required with --vehicle"));
      if (last || first || dob)
        return rtcc_cli_usage_error (PROGRAM " create", _("--last, --first and --dob go with --person, not --vehicle"));
    }
  else
    {
      if (rtcc_cli_is_blank (last) || rtcc_cli_is_blank (first) || dob == NULL)
        return rtcc_cli_usage_error (PROGRAM " create", _("--person needs --last, --first and --dob"));
      if (!rtcc_cli_is_date (dob))
        return rtcc_cli_usage_error (PROGRAM " create", _("--dob “%s” is not a date written YYYY-MM-DD"), dob);
      if (state || make || model || color)
        return rtcc_cli_usage_error (PROGRAM " create", _("--state, --make, --model and --color go with --vehicle"));
    }
  if (expires_text != NULL)
    {
      if (!(expires = rtcc_time_parse_iso (expires_text, &error)))
        return rtcc_cli_usage_error (PROGRAM " create", _("--expires “%s” is not an ISO 8601 time: %s"),
                                     expires_text, error->message);
    }
  if (!(hs = open_integration (PROGRAM " create", &exit_status)))
    return exit_status;
  if (!(audit = rtcc_cli_open_audit_log (&error)))
    return rtcc_cli_failure (PROGRAM " create", _("The audit log cannot be written, so nothing was sent: %s"),
                             error->message);

  json_object_set_string_member (body, "subjectType", vehicle ? "vehicle" : "person");
  json_object_set_string_member (body, "reason", reason);
  if (vehicle != NULL)
    {
      JsonObject *v = json_object_new ();

      json_object_set_string_member (v, "plate", plate);
      json_object_set_string_member (v, "state", state);
      if (make)
        json_object_set_string_member (v, "make", make);
      if (model)
        json_object_set_string_member (v, "model", model);
      if (color)
        json_object_set_string_member (v, "color", color);
      json_object_set_object_member (body, "vehicle", v);
      g_string_append_printf (terms, "subject=vehicle plate=%s state=%s", plate, state);
    }
  else
    {
      JsonObject *p = json_object_new ();

      json_object_set_string_member (p, "lastName", last);
      json_object_set_string_member (p, "firstName", first);
      json_object_set_string_member (p, "dob", dob);
      json_object_set_object_member (body, "person", p);
      g_string_append_printf (terms, "subject=person last=%s first=%s dob=%s", last, first, dob);
    }
  if (cautions)
    json_object_set_string_member (body, "cautions", cautions);
  if (case_number)
    {
      json_object_set_string_member (body, "caseNumber", case_number);
      g_string_append_printf (terms, " case=%s", case_number);
    }
  if (expires)
    {
      g_autofree char *iso = rtcc_time_format_iso (expires);
      json_object_set_string_member (body, "expiresAt", iso);
      g_string_append_printf (terms, " expires=%s", iso);
    }

  rtcc_hotsheets_integration_create_bolo_async (hs, body, NULL, rtcc_cli_store_result, &result);
  bolo = rtcc_hotsheets_integration_create_bolo_finish (hs, rtcc_cli_wait (&result), &field_errors, &error);

  if (bolo != NULL)
    g_string_append_printf (terms, " bolo=%s", rtcc_event_get_attribute_string (bolo, "bolo_id"));
  record = rtcc_audit_record_new (rtcc_cli_operator_id (), RTCC_AUDIT_ACTION_BOLO_CREATE);
  rtcc_audit_record_set_integration (record, "hotsheets");
  rtcc_audit_record_set_purpose_reason (record, reason);
  rtcc_audit_record_set_query_terms (record, terms->str);
  rtcc_audit_record_set_outcome (record, bolo != NULL ? RTCC_AUDIT_OUTCOME_SUCCESS : RTCC_AUDIT_OUTCOME_FAILURE);
  if (bolo == NULL)
    rtcc_audit_record_set_outcome_detail (record, error->message);
  if (!rtcc_cli_append_audit (audit, record, &audit_error))
    return rtcc_cli_failure (PROGRAM " create", _("The BOLO could not be audited: %s"), audit_error->message);

  if (bolo == NULL)
    {
      if (field_errors != NULL && g_hash_table_size (field_errors) > 0)
        {
          g_autoptr(GList) names = g_list_sort (g_hash_table_get_keys (field_errors), (GCompareFunc) g_strcmp0);

          fprintf (stderr, _("%s: HotSheets refused the BOLO; correct these fields and try again:\n"), PROGRAM " create");
          for (GList *l = names; l != NULL; l = l->next)
            {
              const char *field = l->data;
              const char *message = g_hash_table_lookup (field_errors, field);

              if (*field != '\0')
                fprintf (stderr, "%s: %s\n", field, message);
              else
                fprintf (stderr, "%s\n", message);
            }
          return RTCC_CLI_EXIT_FAILURE;
        }
      return rtcc_cli_failure (PROGRAM " create", "%s", error->message);
    }
  if (json)
    {
      g_autofree char *line = rtcc_event_to_json_string (bolo);
      printf ("%s\n", line);
    }
  else
    printf (_("BOLO %s issued\n"), rtcc_event_get_attribute_string (bolo, "bolo_id"));
  return RTCC_CLI_EXIT_OK;
}

static int
cmd_cancel (int    argc,
            char **argv)
{
  g_autofree char *reason = NULL;
  const GOptionEntry entries[] = {
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why the BOLO is cancelled (required)"), N_("TEXT") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = rtcc_cli_option_context_new (_("ID — Cancel an active BOLO. Audited."), entries);
  g_autoptr(RtccHotsheetsIntegration) hs = NULL;
  g_autoptr(RtccAuditLog) audit = NULL;
  g_autoptr(RtccAuditRecord) record = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) audit_error = NULL;
  g_autofree char *terms = NULL;
  gboolean cancelled;
  int exit_status;

  if (!rtcc_cli_parse_options_positional (context, PROGRAM " cancel", &argc, &argv, 1, &exit_status))
    return exit_status;
  if (argc != 2 || rtcc_cli_is_blank (argv[1]))
    return rtcc_cli_usage_error (PROGRAM " cancel", _("Give the BOLO ID (see “rtcc-cli bolo active”)"));
  if (rtcc_cli_is_blank (reason))
    return rtcc_cli_usage_error (PROGRAM " cancel", _("--reason is required"));
  if (!(hs = open_integration (PROGRAM " cancel", &exit_status)))
    return exit_status;
  if (!(audit = rtcc_cli_open_audit_log (&error)))
    return rtcc_cli_failure (PROGRAM " cancel", _("The audit log cannot be written, so nothing was sent: %s"),
                             error->message);

  rtcc_hotsheets_integration_cancel_bolo_async (hs, argv[1], reason, NULL, rtcc_cli_store_result, &result);
  cancelled = rtcc_hotsheets_integration_cancel_bolo_finish (hs, rtcc_cli_wait (&result), &error);

  terms = g_strdup_printf ("bolo=%s", argv[1]);
  record = rtcc_audit_record_new (rtcc_cli_operator_id (), RTCC_AUDIT_ACTION_BOLO_CANCEL);
  rtcc_audit_record_set_integration (record, "hotsheets");
  rtcc_audit_record_set_purpose_reason (record, reason);
  rtcc_audit_record_set_query_terms (record, terms);
  rtcc_audit_record_set_outcome (record, cancelled ? RTCC_AUDIT_OUTCOME_SUCCESS : RTCC_AUDIT_OUTCOME_FAILURE);
  if (!cancelled)
    rtcc_audit_record_set_outcome_detail (record, error->message);
  if (!rtcc_cli_append_audit (audit, record, &audit_error))
    return rtcc_cli_failure (PROGRAM " cancel", _("The cancellation could not be audited: %s"), audit_error->message);

  if (!cancelled)
    return rtcc_cli_failure (PROGRAM " cancel", "%s", error->message);
  printf (_("BOLO %s cancelled\n"), argv[1]);
  return RTCC_CLI_EXIT_OK;
}

/* A check names a plate or a person, so it is on record like any query. */
static int
finish_check (const char   *program,
              RtccAuditLog *audit,
              const char   *terms,
              GPtrArray    *matches,
              GError       *error,
              gboolean      json)
{
  g_autoptr(RtccAuditRecord) record = NULL;
  g_autoptr(GError) audit_error = NULL;

  record = rtcc_audit_record_new (rtcc_cli_operator_id (), RTCC_AUDIT_ACTION_QUERY);
  rtcc_audit_record_set_integration (record, "hotsheets");
  rtcc_audit_record_set_query_terms (record, terms);
  rtcc_audit_record_set_outcome (record, matches != NULL ? RTCC_AUDIT_OUTCOME_SUCCESS : RTCC_AUDIT_OUTCOME_FAILURE);
  if (matches == NULL)
    rtcc_audit_record_set_outcome_detail (record, error->message);
  if (!rtcc_cli_append_audit (audit, record, &audit_error))
    return rtcc_cli_failure (program, _("The check could not be audited, so no results are shown: %s"),
                             audit_error->message);

  if (matches == NULL)
    return rtcc_cli_failure (program, "%s", error->message);
  print_bolos (matches, json);
  if (!json)
    {
      if (matches->len == 0)
        printf ("%s\n", _("No active BOLO matches"));
      else
        printf (g_dngettext (GETTEXT_PACKAGE, "%u matching BOLO\n", "%u matching BOLOs\n", matches->len), matches->len);
    }
  return RTCC_CLI_EXIT_OK;
}

static int
cmd_check_plate (int    argc,
                 char **argv)
{
  g_autofree char *state = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "state", 0, 0, G_OPTION_ARG_STRING, &state, N_("The plate's state"), N_("ST") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print matches as events, one JSON object per line"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = rtcc_cli_option_context_new (_("PLATE — Check a plate against the active BOLOs."), entries);
  g_autoptr(RtccHotsheetsIntegration) hs = NULL;
  g_autoptr(RtccAuditLog) audit = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) matches = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *plate = NULL;
  g_autofree char *terms = NULL;
  int exit_status;

  if (!rtcc_cli_parse_options_positional (context, PROGRAM " check-plate", &argc, &argv, 1, &exit_status))
    return exit_status;
  if (argc != 2 || !(plate = rtcc_plate_normalize (argv[1])))
    return rtcc_cli_usage_error (PROGRAM " check-plate", _("Give the plate to check"));
  if (state != NULL && rtcc_cli_is_blank (state))
    g_clear_pointer (&state, g_free);
  if (!(hs = open_integration (PROGRAM " check-plate", &exit_status)))
    return exit_status;
  if (!(audit = rtcc_cli_open_audit_log (&error)))
    return rtcc_cli_failure (PROGRAM " check-plate", _("The audit log cannot be written, so nothing was sent: %s"),
                             error->message);

  rtcc_hotsheets_integration_check_plate_async (hs, plate, state, NULL, rtcc_cli_store_result, &result);
  matches = rtcc_hotsheets_integration_check_plate_finish (hs, rtcc_cli_wait (&result), &error);
  terms = state ? g_strdup_printf ("bolo check plate=%s state=%s", plate, state)
                : g_strdup_printf ("bolo check plate=%s", plate);
  return finish_check (PROGRAM " check-plate", audit, terms, matches, error, json);
}

static int
cmd_check_person (int    argc,
                  char **argv)
{
  g_autofree char *last = NULL;
  g_autofree char *first = NULL;
  g_autofree char *dob = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "last", 0, 0, G_OPTION_ARG_STRING, &last, N_("Last name (required)"), N_("NAME") },
    { "first", 0, 0, G_OPTION_ARG_STRING, &first, N_("First name (required)"), N_("NAME") },
    { "dob", 0, 0, G_OPTION_ARG_STRING, &dob, N_("Date of birth (required)"), N_("YYYY-MM-DD") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print matches as events, one JSON object per line"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = rtcc_cli_option_context_new (_("Check a person against the active BOLOs."), entries);
  g_autoptr(RtccHotsheetsIntegration) hs = NULL;
  g_autoptr(RtccAuditLog) audit = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) matches = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *terms = NULL;
  int exit_status;

  if (!rtcc_cli_parse_options (context, PROGRAM " check-person", &argc, &argv, &exit_status))
    return exit_status;
  if (rtcc_cli_is_blank (last) || rtcc_cli_is_blank (first) || dob == NULL)
    return rtcc_cli_usage_error (PROGRAM " check-person", _("--last, --first and --dob are required"));
  if (!rtcc_cli_is_date (dob))
    return rtcc_cli_usage_error (PROGRAM " check-person", _("--dob “%s” is not a date written YYYY-MM-DD"), dob);
  if (!(hs = open_integration (PROGRAM " check-person", &exit_status)))
    return exit_status;
  if (!(audit = rtcc_cli_open_audit_log (&error)))
    return rtcc_cli_failure (PROGRAM " check-person", _("The audit log cannot be written, so nothing was sent: %s"),
                             error->message);

  rtcc_hotsheets_integration_check_person_async (hs, last, first, dob, NULL, rtcc_cli_store_result, &result);
  matches = rtcc_hotsheets_integration_check_person_finish (hs, rtcc_cli_wait (&result), &error);
  terms = g_strdup_printf ("bolo check last=%s first=%s dob=%s", last, first, dob);
  return finish_check (PROGRAM " check-person", audit, terms, matches, error, json);
}

static const RtccCliCommand subcommands[] = {
  { "active", N_("List the active BOLOs"), cmd_active },
  { "create", N_("Issue a vehicle or person BOLO (audited)"), cmd_create },
  { "cancel", N_("Cancel a BOLO (audited)"), cmd_cancel },
  { "check-plate", N_("Check a plate against the active BOLOs"), cmd_check_plate },
  { "check-person", N_("Check a person against the active BOLOs"), cmd_check_person },
};

/**
 * rtcc_cli_bolo:
 *
 * `rtcc-cli bolo active|create|cancel|check-plate|check-person`.
 */
int
rtcc_cli_bolo (int    argc,
               char **argv)
{
  g_autofree char *program = g_strdup (g_get_prgname ());

  return rtcc_cli_dispatch (program, _("HotSheets BOLOs: list, issue, cancel, check."), subcommands,
                            G_N_ELEMENTS (subcommands), argc, argv);
}
