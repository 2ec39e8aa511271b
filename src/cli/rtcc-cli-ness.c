/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccCli"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "ness/rtcc-ness-integration.h"
#include "rtcc-audit-log.h"
#include "rtcc-cli.h"
#include "rtcc-json.h"

typedef struct
{
  char *last;
  char *first;
  char *middle;
  char *dob;
  char *sex;
  char *race;
  char *number;
  char *state;
  char *plate;
  char *purpose;
  char *reason;
  gboolean json;
} Options;

static void
options_clear (Options *o)
{
  rtcc_ness_wipe_string (&o->last);
  rtcc_ness_wipe_string (&o->first);
  rtcc_ness_wipe_string (&o->middle);
  rtcc_ness_wipe_string (&o->dob);
  rtcc_ness_wipe_string (&o->sex);
  rtcc_ness_wipe_string (&o->race);
  rtcc_ness_wipe_string (&o->number);
  rtcc_ness_wipe_string (&o->state);
  rtcc_ness_wipe_string (&o->plate);
  rtcc_ness_wipe_string (&o->purpose);
  rtcc_ness_wipe_string (&o->reason);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Options, options_clear)

static void
print_field (const char *label,
             const char *value)
{
  if (value != NULL && *value != '\0')
    printf ("  %-14s %s\n", label, value);
}

static void
print_strings (const char *label,
               GPtrArray  *values)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; values != NULL && i < values->len; i++)
    {
      if (i > 0)
        g_string_append (text, ", ");
      g_string_append (text, g_ptr_array_index (values, i));
    }
  print_field (label, text->str);
}

static void
print_result (RtccNessResult *result)
{
  switch (result->kind)
    {
    case RTCC_NESS_QUERY_WANTED:
      if (result->hits->len == 0)
        printf (_("QW: no hits\n"));
      else
        printf (g_dngettext (GETTEXT_PACKAGE, "QW: %u hit\n", "QW: %u hits\n", result->hits->len),
                result->hits->len);
      for (guint i = 0; i < result->hits->len; i++)
        {
          RtccNessHit *hit = g_ptr_array_index (result->hits, i);

          printf (_("Hit %u\n"), i + 1);
          print_field (_("NIC:"), hit->nic);
          print_field (_("ORI:"), hit->ori);
          print_field (_("Offense:"), hit->offense);
          print_field (_("Warrant date:"), hit->warrant_date);
          print_field (_("Extradition:"), hit->extradition);
          print_field (_("Caution:"), hit->caution);
          printf ("  %s\n", hit->notice);
        }
      break;

    case RTCC_NESS_QUERY_HISTORY:
      if (result->record == NULL)
        {
          printf (_("QH: no record\n"));
          break;
        }
      printf (_("QH: record\n"));
      print_field (_("FBI number:"), result->record->fbi_number);
      print_strings (_("State ids:"), result->record->state_ids);
      for (guint i = 0; i < result->record->arrests->len; i++)
        {
          RtccNessArrest *arrest = g_ptr_array_index (result->record->arrests, i);
          printf ("  %s  %s  %s\n", arrest->date ?: "", arrest->charge ?: "", arrest->disposition ?: "");
        }
      break;

    case RTCC_NESS_QUERY_LICENSE:
      if (result->license == NULL)
        {
          printf (_("DQ: no licence found\n"));
          break;
        }
      printf (_("DQ: licence\n"));
      print_field (_("Status:"), result->license->status);
      print_field (_("Class:"), result->license->license_class);
      print_field (_("Expires:"), result->license->expires);
      print_field (_("Name:"), result->license->name);
      print_field (_("Born:"), result->license->dob);
      print_strings (_("Restrictions:"), result->license->restrictions);
      break;

    case RTCC_NESS_QUERY_REGISTRATION:
      if (result->registration == NULL)
        {
          printf (_("RQ: no registration found\n"));
          break;
        }
      printf (_("RQ: registration\n"));
      print_field (_("Plate:"), result->registration->plate);
      print_field (_("State:"), result->registration->state);
      print_field (_("VIN:"), result->registration->vin);
      print_field (_("Year:"), result->registration->year);
      print_field (_("Make:"), result->registration->make);
      print_field (_("Model:"), result->registration->model);
      print_field (_("Color:"), result->registration->color);
      print_field (_("Owner:"), result->registration->owner_name);
      print_field (_("Address:"), result->registration->owner_address);
      print_field (_("Expires:"), result->registration->expires);
      if (result->registration->stolen)
        printf ("  %s\n", _("REPORTED STOLEN. A hit is not probable cause: confirm with the originating "
                            "agency within 10 minutes (urgent) or 1 hour (routine) before acting."));
      break;

    default:
      break;
    }
}

/* Refusals of the query itself are usage errors: the analyst fixes the
 * command line. Everything after sending is a failure. */
static gboolean
is_refusal (const GError *error)
{
  if (error->domain != RTCC_NESS_ERROR)
    return FALSE;
  switch ((RtccNessError) error->code)
    {
    case RTCC_NESS_ERROR_PURPOSE_REQUIRED:
    case RTCC_NESS_ERROR_INVALID_PURPOSE:
    case RTCC_NESS_ERROR_PURPOSE_RESERVED:
    case RTCC_NESS_ERROR_REASON_REQUIRED:
    case RTCC_NESS_ERROR_MISSING_FIELD:
    case RTCC_NESS_ERROR_INVALID_FIELD:
      return TRUE;
    default:
      return FALSE;
    }
}

static int
run_query (RtccNessQueryKind   kind,
           const char         *summary,
           const GOptionEntry *fields,
           Options            *o,
           int                 argc,
           char              **argv)
{
  g_autofree char *program = g_strdup (g_get_prgname ());
  const GOptionEntry common[] = {
    { "purpose", 0, 0, G_OPTION_ARG_STRING, &o->purpose,
      N_("NCIC purpose code: C, D, F, H, I, J, S, V or X (required)"), N_("CODE") },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &o->reason, N_("Why, in words (required)"), N_("TEXT") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &o->json, N_("Print the answer in JSON, in the gateway’s field names"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = rtcc_cli_option_context_new (summary, fields);
  g_autoptr(RtccNessQuery) query = rtcc_ness_query_new (kind);
  g_autoptr(RtccIntegration) integration = NULL;
  g_autoptr(RtccAuditLog) log = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RtccNessResult) answer = NULL;
  g_autofree char *db = NULL;
  RtccConfig *config = rtcc_cli_get_config ();
  int status;

  g_option_context_add_main_entries (context, common, GETTEXT_PACKAGE);
  if (!rtcc_cli_parse_options (context, program, &argc, &argv, &status))
    return status;

  rtcc_ness_query_set_name (query, o->last, o->first, o->middle);
  rtcc_ness_query_set_person (query, o->dob, o->sex, o->race);
  if (kind == RTCC_NESS_QUERY_LICENSE)
    rtcc_ness_query_set_license (query, o->number, o->state);
  if (kind == RTCC_NESS_QUERY_REGISTRATION)
    rtcc_ness_query_set_plate (query, o->plate, o->state);
  rtcc_ness_query_set_purpose (query, o->purpose, o->reason);

  /* Refused here before the audit log is even opened: nothing was asked. */
  if (!rtcc_ness_query_validate (query, rtcc_config_get (config, "NESS_OPERATOR_ID"),
                                 rtcc_config_get (config, "NESS_ORI"), &error))
    {
      if (is_refusal (error))
        return rtcc_cli_usage_error (program, "%s", error->message);
      return rtcc_cli_failure (program, "%s", error->message);
    }
  if (rtcc_config_get (config, "NESS_API_URL") == NULL)
    return rtcc_cli_failure (program, _("NESS is not configured. Set NESS_API_URL and NESS_API_KEY."));

  db = rtcc_cli_default_audit_db ();
  if ((log = rtcc_audit_log_open (db, &error)) == NULL)
    return rtcc_cli_failure (program, _("No query was sent: %s"), error->message);
  integration = rtcc_ness_integration_new (config);
  rtcc_ness_integration_set_audit_log (RTCC_NESS_INTEGRATION (integration), log);

  rtcc_ness_integration_query_async (RTCC_NESS_INTEGRATION (integration), query, NULL,
                                     rtcc_cli_store_result, &result);
  answer = rtcc_ness_integration_query_finish (RTCC_NESS_INTEGRATION (integration),
                                               rtcc_cli_wait (&result), &error);
  if (answer == NULL)
    {
      if (is_refusal (error) && error->code != RTCC_NESS_ERROR_PURPOSE_REQUIRED &&
          error->code != RTCC_NESS_ERROR_INVALID_PURPOSE)
        return rtcc_cli_usage_error (program, "%s", error->message);
      return rtcc_cli_failure (program, "%s", error->message);
    }

  if (o->json)
    {
      g_autoptr(JsonNode) node = rtcc_ness_result_to_json (answer);
      g_autofree char *text = rtcc_json_to_string (node, TRUE);

      printf ("%s\n", text);
      rtcc_ness_wipe_string (&text);
    }
  else
    print_result (answer);
  fflush (stdout);
  rtcc_ness_result_clear (answer);
  return RTCC_CLI_EXIT_OK;
}

static int
ness_person (RtccNessQueryKind  kind,
             const char        *summary,
             int                argc,
             char             **argv)
{
  g_auto(Options) o = { 0 };
  const GOptionEntry fields[] = {
    { "last", 0, 0, G_OPTION_ARG_STRING, &o.last, N_("Last name (required)"), N_("NAME") },
    { "first", 0, 0, G_OPTION_ARG_STRING, &o.first, N_("First name (required)"), N_("NAME") },
    { "middle", 0, 0, G_OPTION_ARG_STRING, &o.middle, N_("Middle name"), N_("NAME") },
    { "dob", 0, 0, G_OPTION_ARG_STRING, &o.dob, N_("Date of birth, YYYY-MM-DD (required)"), N_("DATE") },
    { "sex", 0, 0, G_OPTION_ARG_STRING, &o.sex, N_("Sex code"), N_("CODE") },
    { "race", 0, 0, G_OPTION_ARG_STRING, &o.race, N_("Race code"), N_("CODE") },
    { NULL }
  };

  return run_query (kind, summary, fields, &o, argc, argv);
}

static int
ness_wanted (int    argc,
             char **argv)
{
  return ness_person (RTCC_NESS_QUERY_WANTED,
                      _("Wanted-person query (QW) by name and date of birth."), argc, argv);
}

static int
ness_history (int    argc,
              char **argv)
{
  return ness_person (RTCC_NESS_QUERY_HISTORY,
                      _("Criminal history query (QH) by name and date of birth."), argc, argv);
}

static int
ness_license (int    argc,
              char **argv)
{
  g_auto(Options) o = { 0 };
  const GOptionEntry fields[] = {
    { "number", 0, 0, G_OPTION_ARG_STRING, &o.number, N_("Licence number (required)"), N_("NUMBER") },
    { "state", 0, 0, G_OPTION_ARG_STRING, &o.state, N_("Issuing state, two letters (required)"), N_("ST") },
    { NULL }
  };

  return run_query (RTCC_NESS_QUERY_LICENSE, _("Driver licence query (DQ)."), fields, &o, argc, argv);
}

static int
ness_registration (int    argc,
                   char **argv)
{
  g_auto(Options) o = { 0 };
  const GOptionEntry fields[] = {
    { "plate", 0, 0, G_OPTION_ARG_STRING, &o.plate, N_("Plate (required)"), N_("PLATE") },
    { "state", 0, 0, G_OPTION_ARG_STRING, &o.state, N_("Registering state, two letters (required)"), N_("ST") },
    { NULL }
  };

  return run_query (RTCC_NESS_QUERY_REGISTRATION, _("Vehicle registration query (RQ)."), fields, &o, argc, argv);
}

static const RtccCliCommand ness_commands[] = {
  { "wanted", N_("Wanted-person query (QW)"), ness_wanted },
  { "history", N_("Criminal history query (QH)"), ness_history },
  { "license", N_("Driver licence query (DQ)"), ness_license },
  { "registration", N_("Vehicle registration query (RQ)"), ness_registration },
};

/**
 * rtcc_cli_ness:
 *
 * `rtcc-cli ness wanted|history|license|registration`: national queries
 * through the NESS gateway, with a purpose code and a reason, audited
 * before they are sent. Answers are printed, never stored.
 */
int
rtcc_cli_ness (int    argc,
               char **argv)
{
  return rtcc_cli_dispatch ("rtcc-cli ness", _("Run national (NCIC, III, Nlets) queries through NESS. Every "
                                               "query needs --purpose and --reason and is written to the "
                                               "audit log before it is sent."),
                            ness_commands, G_N_ELEMENTS (ness_commands), argc, argv);
}
