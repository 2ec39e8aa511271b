/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccCli"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "flock/rtcc-flock-integration.h"
#include "rtcc-plate.h"
#include "rtcc-audit-log.h"
#include "rtcc-cli.h"
#include "rtcc-integrations.h"
#include "rtcc-json.h"
#include "rtcc-time.h"

#define PROGRAM "rtcc-cli flock"

static RtccFlockIntegration *
open_integration (const char *program,
                  int        *exit_status)
{
  RtccIntegration *integration = rtcc_cli_open_integration (RTCC_SOURCE_FLOCK, program, exit_status);

  return integration != NULL ? RTCC_FLOCK_INTEGRATION (integration) : NULL;
}

/* A fuzzy search asks Flock once per position of the plate; real plates
 * have at most eight or so characters, and this keeps the fan-out small. */
#define MAX_FUZZY_CHARS 10

static gboolean
parse_time_option (const char  *program,
                   const char  *option,
                   const char  *text,
                   GDateTime  **out,
                   int         *exit_status)
{
  g_autoptr(GError) error = NULL;

  if (text == NULL)
    return TRUE;
  if (!(*out = rtcc_time_parse_iso (text, &error)))
    {
      *exit_status = rtcc_cli_usage_error (program, _("%s “%s” is not an ISO 8601 time such as 2026-11-23T04:12:00Z: %s"),
                                           option, text, error->message);
      return FALSE;
    }
  return TRUE;
}

/* One `*` in place of each character in turn: since `*` matches any run of
 * characters, pattern i finds a look-alike at i, a character missing at i
 * and extra characters there, which is every misread
 * rtcc_plate_misread_match() allows. */
static GPtrArray *
fuzzy_patterns (const char *plate)
{
  GPtrArray *patterns = g_ptr_array_new_with_free_func (g_free);
  glong n = g_utf8_strlen (plate, -1);

  for (glong i = 0; i < n; i++)
    {
      const char *at = g_utf8_offset_to_pointer (plate, i);
      const char *next = g_utf8_next_char (at);

      g_ptr_array_add (patterns, g_strdup_printf ("%.*s*%s", (int) (at - plate), plate, next));
    }
  return patterns;
}

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b)
{
  RtccEvent *ea = *(RtccEvent **) a;
  RtccEvent *eb = *(RtccEvent **) b;

  return g_date_time_compare (rtcc_event_get_occurred_at (eb), rtcc_event_get_occurred_at (ea));
}

static int
cmd_search (int    argc,
            char **argv)
{
  g_autofree char *state = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *case_number = NULL;
  g_autofree char *from_text = NULL;
  g_autofree char *to_text = NULL;
  gboolean fuzzy = FALSE;
  gboolean json = FALSE;
  int max = 500;
  const GOptionEntry entries[] = {
    { "state", 0, 0, G_OPTION_ARG_STRING, &state, N_("The issuing state, e.g. IL"), N_("ST") },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why the search is made (required; audited)"), N_("TEXT") },
    { "case", 0, 0, G_OPTION_ARG_STRING, &case_number, N_("The case number it serves"), N_("N") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from_text, N_("Reads at or after this time"), N_("ISO") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to_text, N_("Reads at or before this time"), N_("ISO") },
    { "fuzzy", 0, 0, G_OPTION_ARG_NONE, &fuzzy, N_("Also find likely misreads (O/0, B/8, one character missing or extra)"), NULL },
    { "max", 0, 0, G_OPTION_ARG_INT, &max, N_("At most this many reads per request (default 500)"), N_("N") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print normalized events, one JSON object per line"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    rtcc_cli_option_context_new (_("PLATE — Search past plate reads. A reason is required and the search is audited. "
                                   "`*` in PLATE matches any characters."), entries);
  g_autoptr(RtccFlockIntegration) flock = NULL;
  g_autoptr(RtccAuditLog) audit = NULL;
  g_autoptr(RtccAuditRecord) record = NULL;
  g_autoptr(GDateTime) from = NULL;
  g_autoptr(GDateTime) to = NULL;
  g_autoptr(GPtrArray) patterns = NULL;
  g_autoptr(GPtrArray) reads = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) audit_error = NULL;
  g_autoptr(GString) terms = g_string_new (NULL);
  g_autofree char *plate = NULL;
  guint n_misreads = 0;
  int exit_status;

  if (!rtcc_cli_parse_options_positional (context, PROGRAM " search", &argc, &argv, 1, &exit_status))
    return exit_status;
  if (argc != 2 || !(plate = rtcc_plate_normalize (argv[1])))
    return rtcc_cli_usage_error (PROGRAM " search", _("Give the plate to search for"));
  if (rtcc_cli_is_blank (reason))
    return rtcc_cli_usage_error (PROGRAM " search",
                                 _("--reason is required: Flock refuses a search without one and the audit log records it"));
  if (max <= 0)
    return rtcc_cli_usage_error (PROGRAM " search", _("--max takes a positive number"));
  if (!parse_time_option (PROGRAM " search", "--from", from_text, &from, &exit_status) ||
      !parse_time_option (PROGRAM " search", "--to", to_text, &to, &exit_status))
    return exit_status;
  if (from != NULL && to != NULL && g_date_time_compare (from, to) > 0)
    return rtcc_cli_usage_error (PROGRAM " search", _("--from must not come after --to"));
  if (fuzzy && strchr (plate, '*') != NULL)
    return rtcc_cli_usage_error (PROGRAM " search", _("--fuzzy takes a whole plate, without `*`"));
  if (fuzzy && g_utf8_strlen (plate, -1) > MAX_FUZZY_CHARS)
    return rtcc_cli_usage_error (PROGRAM " search", _("--fuzzy takes plates of at most %d characters"), MAX_FUZZY_CHARS);
  if (!(flock = open_integration (PROGRAM " search", &exit_status)))
    return exit_status;
  if (!(audit = rtcc_cli_open_audit_log (&error)))
    return rtcc_cli_failure (PROGRAM " search", _("The audit log cannot be written, so nothing was searched: %s"),
                             error->message);

  if (fuzzy)
    patterns = fuzzy_patterns (plate);
  else
    {
      patterns = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_add (patterns, g_strdup (plate));
    }

  for (guint p = 0; p < patterns->len && error == NULL; p++)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GPtrArray) found = NULL;

      rtcc_flock_integration_search_reads_async (flock, g_ptr_array_index (patterns, p), state, from, to,
                                                 reason, case_number, max, NULL, rtcc_cli_store_result, &result);
      if (!(found = rtcc_flock_integration_search_reads_finish (flock, rtcc_cli_wait (&result), &error)))
        break;
      for (guint i = 0; i < found->len; i++)
        {
          RtccEvent *read = g_ptr_array_index (found, i);
          const char *read_plate = rtcc_event_get_attribute_string (read, "plate_number");

          if (g_hash_table_contains (seen, rtcc_event_get_id (read)))
            continue;
          /* The wildcards find more than misreads (`ABC*` also finds
           * ABC999); only what the matcher accepts is kept. */
          if (fuzzy && !rtcc_plate_misread_match (plate, read_plate))
            continue;
          g_hash_table_add (seen, g_strdup (rtcc_event_get_id (read)));
          g_ptr_array_add (reads, g_object_ref (read));
        }
    }
  g_ptr_array_sort (reads, compare_newest_first);

  g_string_append_printf (terms, "plate=%s", plate);
  if (state != NULL)
    g_string_append_printf (terms, " state=%s", state);
  if (case_number != NULL)
    g_string_append_printf (terms, " case=%s", case_number);
  if (from_text != NULL)
    g_string_append_printf (terms, " from=%s", from_text);
  if (to_text != NULL)
    g_string_append_printf (terms, " to=%s", to_text);
  if (fuzzy)
    g_string_append (terms, " fuzzy=true");
  record = rtcc_audit_record_new (rtcc_cli_operator_id (), RTCC_AUDIT_ACTION_PLATE_SEARCH);
  rtcc_audit_record_set_integration (record, "flock");
  rtcc_audit_record_set_purpose_reason (record, reason);
  rtcc_audit_record_set_query_terms (record, terms->str);
  rtcc_audit_record_set_outcome (record, error == NULL ? RTCC_AUDIT_OUTCOME_SUCCESS : RTCC_AUDIT_OUTCOME_FAILURE);
  if (error != NULL)
    rtcc_audit_record_set_outcome_detail (record, error->message);
  /* Results are shown only once the search is on record. */
  if (!rtcc_cli_append_audit (audit, record, &audit_error))
    return rtcc_cli_failure (PROGRAM " search", _("The search could not be audited, so no results are shown: %s"),
                             audit_error->message);
  if (error != NULL)
    return rtcc_cli_failure (PROGRAM " search", "%s", error->message);

  for (guint i = 0; i < reads->len; i++)
    {
      RtccEvent *read = g_ptr_array_index (reads, i);
      const char *read_plate = rtcc_event_get_attribute_string (read, "plate_number");
      gboolean misread = fuzzy && g_strcmp0 (read_plate, plate) != 0;

      n_misreads += misread;
      if (json)
        {
          g_autoptr(JsonNode) node = rtcc_event_to_json (read);
          g_autofree char *line = NULL;

          if (fuzzy)
            json_object_set_boolean_member (json_node_get_object (node), "misread", misread);
          line = rtcc_json_to_string (node, FALSE);
          printf ("%s\n", line);
        }
      else
        {
          g_autofree char *when = rtcc_time_format_iso (rtcc_event_get_occurred_at (read));
          const char *read_state = rtcc_event_get_attribute_string (read, "plate_state");
          const char *camera = rtcc_event_get_attribute_string (read, "camera_name");
          const char *make = rtcc_event_get_attribute_string (read, "vehicle_make");
          const char *color = rtcc_event_get_attribute_string (read, "vehicle_color");

          printf ("%-10s %-3s %s  %-30s %s %s", read_plate ? read_plate : "", read_state ? read_state : "",
                  when, camera ? camera : "", color ? color : "", make ? make : "");
          if (misread)
            printf (_("  [misread of %s]"), plate);
          printf ("\n");
        }
    }
  if (!json)
    {
      printf (g_dngettext (GETTEXT_PACKAGE, "%u read", "%u reads", reads->len), reads->len);
      if (fuzzy)
        printf (g_dngettext (GETTEXT_PACKAGE, ", %u matched as a misread", ", %u matched as misreads", n_misreads),
                n_misreads);
      printf ("\n");
    }
  return RTCC_CLI_EXIT_OK;
}

static int
cmd_hotlists (int    argc,
              char **argv)
{
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print one JSON array"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = rtcc_cli_option_context_new (_("List the agency's hotlists."), entries);
  g_autoptr(RtccFlockIntegration) flock = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) hotlists = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  int exit_status;

  if (!rtcc_cli_parse_options (context, PROGRAM " hotlists", &argc, &argv, &exit_status))
    return exit_status;
  if (!(flock = open_integration (PROGRAM " hotlists", &exit_status)))
    return exit_status;

  rtcc_flock_integration_list_hotlists_async (flock, NULL, rtcc_cli_store_result, &result);
  if (!(hotlists = rtcc_flock_integration_list_hotlists_finish (flock, rtcc_cli_wait (&result), &error)))
    return rtcc_cli_failure (PROGRAM " hotlists", "%s", error->message);

  json_builder_begin_array (b);
  if (!json)
    printf ("%-24s %-30s %-12s %s\n", _("ID"), _("NAME"), _("TYPE"), _("ENTRIES"));
  for (guint i = 0; i < hotlists->len; i++)
    {
      RtccFlockHotlist *h = g_ptr_array_index (hotlists, i);

      if (json)
        {
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "id");
          json_builder_add_string_value (b, h->id);
          json_builder_set_member_name (b, "name");
          json_builder_add_string_value (b, h->name);
          json_builder_set_member_name (b, "type");
          json_builder_add_string_value (b, h->type);
          json_builder_set_member_name (b, "entry_count");
          if (h->entry_count >= 0)
            json_builder_add_int_value (b, h->entry_count);
          else
            json_builder_add_null_value (b);
          json_builder_end_object (b);
        }
      else
        {
          g_autofree char *count = h->entry_count >= 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, h->entry_count)
                                                       : g_strdup ("—");

          printf ("%-24s %-30s %-12s %s\n", h->id, h->name ? h->name : "", h->type ? h->type : "", count);
        }
    }
  json_builder_end_array (b);
  if (json)
    {
      g_autoptr(JsonNode) root = json_builder_get_root (b);
      g_autofree char *text = rtcc_json_to_string (root, TRUE);
      printf ("%s\n", text);
    }
  else
    printf (g_dngettext (GETTEXT_PACKAGE, "%u hotlist\n", "%u hotlists\n", hotlists->len), hotlists->len);
  return RTCC_CLI_EXIT_OK;
}

static int
cmd_hotlist_add (int    argc,
                 char **argv)
{
  g_autofree char *state = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *case_number = NULL;
  g_autofree char *expires_text = NULL;
  const GOptionEntry entries[] = {
    { "state", 0, 0, G_OPTION_ARG_STRING, &state, N_("The issuing state (required)"), N_("ST") },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why the plate is listed (required; audited)"), N_("TEXT") },
    { "case", 0, 0, G_OPTION_ARG_STRING, &case_number, N_("The case number"), N_("N") },
    { "expires", 0, 0, G_OPTION_ARG_STRING, &expires_text, N_("When the entry lapses"), N_("ISO") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = rtcc_cli_option_context_new (_("HOTLIST PLATE — Put a plate on a hotlist. Audited."), entries);
  g_autoptr(RtccFlockIntegration) flock = NULL;
  g_autoptr(RtccAuditLog) audit = NULL;
  g_autoptr(RtccAuditRecord) record = NULL;
  g_autoptr(RtccFlockHotlistEntry) added = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GDateTime) expires = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) audit_error = NULL;
  g_autoptr(GString) terms = g_string_new (NULL);
  g_autofree char *plate = NULL;
  RtccFlockHotlistEntry entry = { 0, };
  int exit_status;

  if (!rtcc_cli_parse_options_positional (context, PROGRAM " hotlist-add", &argc, &argv, 2, &exit_status))
    return exit_status;
  if (argc != 3 || rtcc_cli_is_blank (argv[1]) || !(plate = rtcc_plate_normalize (argv[2])))
    return rtcc_cli_usage_error (PROGRAM " hotlist-add", _("Give the hotlist ID (see “rtcc-cli flock hotlists”) and the plate"));
  if (strchr (plate, '*') != NULL)
    return rtcc_cli_usage_error (PROGRAM " hotlist-add", _("A hotlist takes a whole plate, without `*`"));
  if (rtcc_cli_is_blank (state))
    return rtcc_cli_usage_error (PROGRAM " hotlist-add", _("--state is required"));
  if (rtcc_cli_is_blank (reason))
    return rtcc_cli_usage_error (PROGRAM " hotlist-add", _("--reason is required: the audit log records why a plate is listed"));
  if (!parse_time_option (PROGRAM " hotlist-add", "--expires", expires_text, &expires, &exit_status))
    return exit_status;
  if (!(flock = open_integration (PROGRAM " hotlist-add", &exit_status)))
    return exit_status;
  if (!(audit = rtcc_cli_open_audit_log (&error)))
    return rtcc_cli_failure (PROGRAM " hotlist-add", _("The audit log cannot be written, so nothing was sent: %s"),
                             error->message);

  entry.plate = plate;
  entry.state = state;
  entry.reason = reason;
  entry.case_number = case_number;
  entry.expires_at = expires;
  rtcc_flock_integration_add_hotlist_entry_async (flock, argv[1], &entry, NULL, rtcc_cli_store_result, &result);
  added = rtcc_flock_integration_add_hotlist_entry_finish (flock, rtcc_cli_wait (&result), &error);

  g_string_append_printf (terms, "hotlist=%s plate=%s state=%s", argv[1], plate, state);
  if (case_number != NULL)
    g_string_append_printf (terms, " case=%s", case_number);
  if (expires_text != NULL)
    g_string_append_printf (terms, " expires=%s", expires_text);
  record = rtcc_audit_record_new (rtcc_cli_operator_id (), RTCC_AUDIT_ACTION_HOTLIST_ADD);
  rtcc_audit_record_set_integration (record, "flock");
  rtcc_audit_record_set_purpose_reason (record, reason);
  rtcc_audit_record_set_query_terms (record, terms->str);
  rtcc_audit_record_set_outcome (record, added != NULL ? RTCC_AUDIT_OUTCOME_SUCCESS : RTCC_AUDIT_OUTCOME_FAILURE);
  if (added == NULL)
    rtcc_audit_record_set_outcome_detail (record, error->message);
  if (!rtcc_cli_append_audit (audit, record, &audit_error))
    return rtcc_cli_failure (PROGRAM " hotlist-add", _("The change could not be audited: %s"), audit_error->message);

  if (added == NULL)
    return rtcc_cli_failure (PROGRAM " hotlist-add", "%s", error->message);
  printf (_("%s (%s) added to hotlist %s\n"), added->plate, added->state ? added->state : state, argv[1]);
  return RTCC_CLI_EXIT_OK;
}

static int
cmd_hotlist_remove (int    argc,
                    char **argv)
{
  g_autofree char *reason = NULL;
  const GOptionEntry entries[] = {
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why the plate comes off (required; audited)"), N_("TEXT") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = rtcc_cli_option_context_new (_("HOTLIST PLATE — Take a plate off a hotlist. Audited."), entries);
  g_autoptr(RtccFlockIntegration) flock = NULL;
  g_autoptr(RtccAuditLog) audit = NULL;
  g_autoptr(RtccAuditRecord) record = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) audit_error = NULL;
  g_autofree char *plate = NULL;
  g_autofree char *terms = NULL;
  gboolean removed;
  int exit_status;

  if (!rtcc_cli_parse_options_positional (context, PROGRAM " hotlist-remove", &argc, &argv, 2, &exit_status))
    return exit_status;
  if (argc != 3 || rtcc_cli_is_blank (argv[1]) || !(plate = rtcc_plate_normalize (argv[2])))
    return rtcc_cli_usage_error (PROGRAM " hotlist-remove", _("Give the hotlist ID (see “rtcc-cli flock hotlists”) and the plate"));
  if (rtcc_cli_is_blank (reason))
    return rtcc_cli_usage_error (PROGRAM " hotlist-remove", _("--reason is required: the audit log records why a plate comes off"));
  if (!(flock = open_integration (PROGRAM " hotlist-remove", &exit_status)))
    return exit_status;
  if (!(audit = rtcc_cli_open_audit_log (&error)))
    return rtcc_cli_failure (PROGRAM " hotlist-remove", _("The audit log cannot be written, so nothing was sent: %s"),
                             error->message);

  rtcc_flock_integration_remove_hotlist_entry_async (flock, argv[1], plate, NULL, rtcc_cli_store_result, &result);
  removed = rtcc_flock_integration_remove_hotlist_entry_finish (flock, rtcc_cli_wait (&result), &error);

  terms = g_strdup_printf ("hotlist=%s plate=%s", argv[1], plate);
  record = rtcc_audit_record_new (rtcc_cli_operator_id (), RTCC_AUDIT_ACTION_HOTLIST_REMOVE);
  rtcc_audit_record_set_integration (record, "flock");
  rtcc_audit_record_set_purpose_reason (record, reason);
  rtcc_audit_record_set_query_terms (record, terms);
  rtcc_audit_record_set_outcome (record, removed ? RTCC_AUDIT_OUTCOME_SUCCESS : RTCC_AUDIT_OUTCOME_FAILURE);
  if (!removed)
    rtcc_audit_record_set_outcome_detail (record, error->message);
  if (!rtcc_cli_append_audit (audit, record, &audit_error))
    return rtcc_cli_failure (PROGRAM " hotlist-remove", _("The change could not be audited: %s"), audit_error->message);

  if (!removed)
    return rtcc_cli_failure (PROGRAM " hotlist-remove", "%s", error->message);
  printf (_("%s removed from hotlist %s\n"), plate, argv[1]);
  return RTCC_CLI_EXIT_OK;
}

static const RtccCliCommand subcommands[] = {
  { "search", N_("Search past plate reads (reason required; audited)"), cmd_search },
  { "hotlists", N_("List the hotlists"), cmd_hotlists },
  { "hotlist-add", N_("Put a plate on a hotlist (audited)"), cmd_hotlist_add },
  { "hotlist-remove", N_("Take a plate off a hotlist (audited)"), cmd_hotlist_remove },
};

/**
 * rtcc_cli_flock:
 *
 * `rtcc-cli flock search|hotlists|hotlist-add|hotlist-remove`.
 */
int
rtcc_cli_flock (int    argc,
                char **argv)
{
  g_autofree char *program = g_strdup (g_get_prgname ());

  return rtcc_cli_dispatch (program, _("Flock Safety plate reads and hotlists."), subcommands,
                            G_N_ELEMENTS (subcommands), argc, argv);
}
