/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccCli"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "onesolution/rtcc-onesolution-integration.h"
#include "rtcc-audit-log.h"
#include "rtcc-cli.h"
#include "rtcc-json.h"
#include "rtcc-time.h"

/* Every lookup is audited before it prints, so the integration gets the
 * workstation's audit log and the operator the CLI runs as. */
static RtccOnesolutionIntegration *
open_rms (const char    *program,
          RtccAuditLog **log_out,
          int           *exit_status)
{
  RtccConfig *config = rtcc_cli_get_config ();
  g_autofree char *db = rtcc_cli_default_audit_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(RtccIntegration) integration = NULL;
  RtccAuditLog *log;

  if (rtcc_config_get (config, "ONESOLUTION_API_URL") == NULL)
    {
      *exit_status = rtcc_cli_failure (program, _("OneSolution is not configured. Set ONESOLUTION_API_URL, "
                                                  "ONESOLUTION_API_KEY and ONESOLUTION_AGENCY_ORI."));
      return NULL;
    }
  if ((log = rtcc_audit_log_open (db, &error)) == NULL)
    {
      *exit_status = rtcc_cli_failure (program, "%s", error->message);
      return NULL;
    }
  integration = rtcc_onesolution_integration_new (config);
  rtcc_onesolution_integration_set_audit_log (RTCC_ONESOLUTION_INTEGRATION (integration), log);
  rtcc_onesolution_integration_set_operator_id (RTCC_ONESOLUTION_INTEGRATION (integration),
                                                rtcc_cli_operator_id ());
  *log_out = log;
  return RTCC_ONESOLUTION_INTEGRATION (g_steal_pointer (&integration));
}

static void
print_json (JsonNode *node)
{
  g_autofree char *text = rtcc_json_to_string (node, TRUE);

  printf ("%s\n", text);
}

static void
print_line (const char *label,
            const char *value)
{
  if (value != NULL && *value != '\0')
    printf ("  %-14s %s\n", label, value);
}

static char *
units_text (RtccEvent *event)
{
  JsonArray *units = rtcc_json_get_array (rtcc_event_get_attributes (event), "responding_units");
  GString *text = g_string_new (NULL);

  for (guint i = 0; units != NULL && i < json_array_get_length (units); i++)
    {
      if (i > 0)
        g_string_append (text, ", ");
      g_string_append (text, json_array_get_string_element (units, i));
    }
  return g_string_free (text, FALSE);
}

static void
print_incident (RtccEvent *event)
{
  JsonObject *type = rtcc_json_get_object (rtcc_event_get_attributes (event), "incident_type");
  g_autofree char *type_text = NULL;
  g_autofree char *units = units_text (event);

  if (type != NULL)
    type_text = g_strjoin (" ", rtcc_json_get_string (type, "code") ?: "",
                           rtcc_json_get_string (type, "description") ?: "", NULL);
  printf ("%s\n", rtcc_event_get_title (event));
  print_line (_("Type:"), type_text);
  print_line (_("Status:"), rtcc_event_get_attribute_string (event, "status"));
  print_line (_("Reported:"), rtcc_event_get_attribute_string (event, "reported_at"));
  print_line (_("Address:"), rtcc_event_get_address (event));
  print_line (_("Units:"), units);
  print_line (_("Case:"), rtcc_event_get_attribute_string (event, "case_number"));
}

/* Persons and cases are printed member by member, as the RMS sent them:
 * their shape is the vendor's, and nothing is left out. */
static void
print_object (JsonObject *obj,
              int         indent)
{
  g_autoptr(GList) members = json_object_get_members (obj);

  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *node = json_object_get_member (obj, l->data);

      if (JSON_NODE_HOLDS_NULL (node))
        continue;
      if (JSON_NODE_HOLDS_VALUE (node))
        {
          g_autofree char *text = json_node_get_value_type (node) == G_TYPE_STRING
            ? g_strdup (json_node_get_string (node)) : rtcc_json_to_string (node, FALSE);
          printf ("%*s%s: %s\n", indent, "", (const char *) l->data, text);
        }
      else
        {
          g_autofree char *text = rtcc_json_to_string (node, FALSE);
          printf ("%*s%s: %s\n", indent, "", (const char *) l->data, text);
        }
    }
}

static int
rms_incident (int    argc,
              char **argv)
{
  g_autofree char *program = g_strdup (g_get_prgname ());
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the incident as a normalized event in JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = rtcc_cli_option_context_new (_("NUMBER — Look up one RMS incident."), entries);
  g_autoptr(RtccOnesolutionIntegration) rms = NULL;
  g_autoptr(RtccAuditLog) log = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RtccEvent) event = NULL;
  int status;

  if (!rtcc_cli_parse_options_positional (context, program, &argc, &argv, 1, &status))
    return status;
  if (argc < 2)
    return rtcc_cli_usage_error (program, _("give the incident number"));
  if ((rms = open_rms (program, &log, &status)) == NULL)
    return status;

  rtcc_onesolution_integration_get_incident_async (rms, argv[1], NULL, rtcc_cli_store_result, &result);
  if (!(event = rtcc_onesolution_integration_get_incident_finish (rms, rtcc_cli_wait (&result), &error)))
    return rtcc_cli_failure (program, "%s", error->message);
  if (json)
    {
      g_autoptr(JsonNode) node = rtcc_event_to_json (event);
      print_json (node);
    }
  else
    print_incident (event);
  return RTCC_CLI_EXIT_OK;
}

static GDateTime *
parse_time (const char  *text,
            GError     **error)
{
  int y, m, d;
  char end;

  if (strlen (text) == 10 && sscanf (text, "%4d-%2d-%2d%c", &y, &m, &d, &end) == 3)
    {
      GDateTime *date = g_date_valid_dmy (d, m, y) ? g_date_time_new_utc (y, m, d, 0, 0, 0) : NULL;
      if (date != NULL)
        return date;
    }
  return rtcc_time_parse_iso (text, error);
}

static int
rms_incidents (int    argc,
               char **argv)
{
  g_autofree char *program = g_strdup (g_get_prgname ());
  g_autofree char *type = NULL, *state = NULL, *from = NULL, *to = NULL, *address = NULL;
  int page = 0, page_size = 0;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "type", 0, 0, G_OPTION_ARG_STRING, &type, N_("Incident type code, e.g. ROBB"), N_("CODE") },
    { "status", 0, 0, G_OPTION_ARG_STRING, &state, N_("Status, e.g. open"), N_("STATUS") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("Reported at or after (ISO 8601 or YYYY-MM-DD)"), N_("TIME") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("Reported before (ISO 8601 or YYYY-MM-DD)"), N_("TIME") },
    { "address", 0, 0, G_OPTION_ARG_STRING, &address, N_("Part of the address"), N_("TEXT") },
    { "page", 0, 0, G_OPTION_ARG_INT, &page, N_("Page, from 1"), N_("N") },
    { "page-size", 0, 0, G_OPTION_ARG_INT, &page_size, N_("Incidents per page, up to 500"), N_("N") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print {\"results\": [events], \"total\", \"page\"}"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = rtcc_cli_option_context_new (_("Search RMS incidents."), entries);
  g_autoptr(RtccOnesolutionIntegration) rms = NULL;
  g_autoptr(RtccAuditLog) log = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GDateTime) from_time = NULL;
  g_autoptr(GDateTime) to_time = NULL;
  guint total = 0, got_page = 0;
  int status;

  if (!rtcc_cli_parse_options (context, program, &argc, &argv, &status))
    return status;
  if (page < 0 || page_size < 0)
    return rtcc_cli_usage_error (program, _("--page and --page-size must be positive"));
  if (from != NULL && !(from_time = parse_time (from, &error)))
    return rtcc_cli_usage_error (program, "--from: %s", error->message);
  if (to != NULL && !(to_time = parse_time (to, &error)))
    return rtcc_cli_usage_error (program, "--to: %s", error->message);
  if ((rms = open_rms (program, &log, &status)) == NULL)
    return status;

  rtcc_onesolution_integration_search_incidents_async (rms, type, state, from_time, to_time, address,
                                                       page, page_size, NULL, rtcc_cli_store_result, &result);
  events = rtcc_onesolution_integration_search_incidents_finish (rms, rtcc_cli_wait (&result),
                                                                 &total, &got_page, &error);
  if (events == NULL)
    {
      if (g_error_matches (error, RTCC_ONESOLUTION_ERROR, RTCC_ONESOLUTION_ERROR_INVALID_QUERY))
        return rtcc_cli_usage_error (program, "%s", error->message);
      return rtcc_cli_failure (program, "%s", error->message);
    }

  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "results");
      json_builder_begin_array (b);
      for (guint i = 0; i < events->len; i++)
        json_builder_add_value (b, rtcc_event_to_json (g_ptr_array_index (events, i)));
      json_builder_end_array (b);
      json_builder_set_member_name (b, "total");
      json_builder_add_int_value (b, total);
      json_builder_set_member_name (b, "page");
      json_builder_add_int_value (b, got_page);
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      print_json (root);
      return RTCC_CLI_EXIT_OK;
    }

  for (guint i = 0; i < events->len; i++)
    {
      RtccEvent *event = g_ptr_array_index (events, i);

      printf ("%-14s %-8s %-20s %s\n", rtcc_event_get_vendor_id (event),
              rtcc_event_get_attribute_string (event, "status") ?: "",
              rtcc_event_get_attribute_string (event, "reported_at") ?: "",
              rtcc_event_get_title (event));
    }
  printf (_("Page %u: %u of %u incidents\n"), got_page, events->len, total);
  return RTCC_CLI_EXIT_OK;
}

static int
rms_person (int    argc,
            char **argv)
{
  g_autofree char *program = g_strdup (g_get_prgname ());
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the person as the RMS sent it, in JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = rtcc_cli_option_context_new (_("ID — Look up one person in the RMS."), entries);
  g_autoptr(RtccOnesolutionIntegration) rms = NULL;
  g_autoptr(RtccAuditLog) log = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) person = NULL;
  int status;

  if (!rtcc_cli_parse_options_positional (context, program, &argc, &argv, 1, &status))
    return status;
  if (argc < 2)
    return rtcc_cli_usage_error (program, _("give the person id"));
  if ((rms = open_rms (program, &log, &status)) == NULL)
    return status;

  rtcc_onesolution_integration_get_person_async (rms, argv[1], NULL, rtcc_cli_store_result, &result);
  if (!(person = rtcc_onesolution_integration_get_person_finish (rms, rtcc_cli_wait (&result), &error)))
    return rtcc_cli_failure (program, "%s", error->message);
  if (json)
    {
      g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), person);
      print_json (node);
    }
  else
    print_object (person, 0);
  return RTCC_CLI_EXIT_OK;
}

static int
rms_persons (int    argc,
             char **argv)
{
  g_autofree char *program = g_strdup (g_get_prgname ());
  g_autofree char *last = NULL, *first = NULL, *dob = NULL;
  gboolean phonetic = FALSE, json = FALSE;
  const GOptionEntry entries[] = {
    { "last", 0, 0, G_OPTION_ARG_STRING, &last, N_("Last name (required)"), N_("NAME") },
    { "first", 0, 0, G_OPTION_ARG_STRING, &first, N_("First name"), N_("NAME") },
    { "dob", 0, 0, G_OPTION_ARG_STRING, &dob, N_("Date of birth, YYYY-MM-DD"), N_("DATE") },
    { "phonetic", 0, 0, G_OPTION_ARG_NONE, &phonetic, N_("Also match names that sound alike"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print {\"results\": [persons]} as the RMS sent them"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = rtcc_cli_option_context_new (_("Search persons in the RMS."), entries);
  g_autoptr(RtccOnesolutionIntegration) rms = NULL;
  g_autoptr(RtccAuditLog) log = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) persons = NULL;
  int status;

  if (!rtcc_cli_parse_options (context, program, &argc, &argv, &status))
    return status;
  if (last == NULL || *g_strstrip (last) == '\0')
    return rtcc_cli_usage_error (program, _("A person search needs a last name: give --last."));
  if ((rms = open_rms (program, &log, &status)) == NULL)
    return status;

  rtcc_onesolution_integration_search_persons_async (rms, last, first, dob, phonetic, NULL,
                                                     rtcc_cli_store_result, &result);
  if (!(persons = rtcc_onesolution_integration_search_persons_finish (rms, rtcc_cli_wait (&result), &error)))
    {
      if (g_error_matches (error, RTCC_ONESOLUTION_ERROR, RTCC_ONESOLUTION_ERROR_INVALID_QUERY))
        return rtcc_cli_usage_error (program, "%s", error->message);
      return rtcc_cli_failure (program, "%s", error->message);
    }
  if (json)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
      JsonObject *obj = json_object_new ();

      json_object_set_array_member (obj, "results", json_array_ref (persons));
      json_node_take_object (node, obj);
      print_json (node);
      return RTCC_CLI_EXIT_OK;
    }
  for (guint i = 0; i < json_array_get_length (persons); i++)
    {
      JsonObject *p = json_array_get_object_element (persons, i);
      g_autofree char *id = rtcc_json_dup_string_lenient (p, "personId");

      printf ("%-14s %s, %s %s  %s\n", id,
              rtcc_json_get_string (p, "lastName") ?: "",
              rtcc_json_get_string (p, "firstName") ?: "",
              rtcc_json_get_string (p, "middleName") ?: "",
              rtcc_json_get_string (p, "dob") ?: "");
    }
  printf (g_dngettext (GETTEXT_PACKAGE, "%u person\n", "%u persons\n", json_array_get_length (persons)),
          json_array_get_length (persons));
  return RTCC_CLI_EXIT_OK;
}

static int
rms_case (int    argc,
          char **argv)
{
  g_autofree char *program = g_strdup (g_get_prgname ());
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the case as the RMS sent it, in JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = rtcc_cli_option_context_new (_("NUMBER — Look up one RMS case."), entries);
  g_autoptr(RtccOnesolutionIntegration) rms = NULL;
  g_autoptr(RtccAuditLog) log = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) rms_case = NULL;
  int status;

  if (!rtcc_cli_parse_options_positional (context, program, &argc, &argv, 1, &status))
    return status;
  if (argc < 2)
    return rtcc_cli_usage_error (program, _("give the case number"));
  if ((rms = open_rms (program, &log, &status)) == NULL)
    return status;

  rtcc_onesolution_integration_get_case_async (rms, argv[1], NULL, rtcc_cli_store_result, &result);
  if (!(rms_case = rtcc_onesolution_integration_get_case_finish (rms, rtcc_cli_wait (&result), &error)))
    return rtcc_cli_failure (program, "%s", error->message);
  if (json)
    {
      g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), rms_case);
      print_json (node);
    }
  else
    print_object (rms_case, 0);
  return RTCC_CLI_EXIT_OK;
}

static const RtccCliCommand rms_commands[] = {
  { "incident", N_("Look up one incident"), rms_incident },
  { "incidents", N_("Search incidents"), rms_incidents },
  { "person", N_("Look up one person"), rms_person },
  { "persons", N_("Search persons by name"), rms_persons },
  { "case", N_("Look up one case"), rms_case },
};

/**
 * rtcc_cli_rms:
 *
 * `rtcc-cli rms incident|incidents|person|persons|case`: OneSolution RMS
 * lookups, each audited (action rms_lookup) before it prints.
 */
int
rtcc_cli_rms (int    argc,
              char **argv)
{
  return rtcc_cli_dispatch ("rtcc-cli rms", _("Look up incidents, persons and cases in the OneSolution RMS. "
                                              "Every lookup is written to the audit log."),
                            rms_commands, G_N_ELEMENTS (rms_commands), argc, argv);
}
