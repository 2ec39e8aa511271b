/* SPDX-License-Identifier: GPL-3.0-or-later */
#define _GNU_SOURCE /* memmem */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <sqlite3.h>

#include "ness/rtcc-ness-integration.h"
#include "rtcc-json.h"

/* Values only the gateway's answers hold: none may reach a file or a log. */
static const char * const answer_marks[] = {
  "W9QZX41170", "ZQXOFFENSE-ALPHA", "ZQXCAUTION-ECHO", "FBIZQX55312", "ZQXCHARGE-FOXTROT",
  "ZQXLICENSEE BRAVO", "1ZQXVIN00000CHARLIE", "ZQXOWNER DELTA", "ZQXSTREET GOLF",
};

typedef enum
{
  ANSWER_OK,
  ANSWER_NOT_CERTIFIED,
  ANSWER_PURPOSE_REQUIRED,
  ANSWER_INVALID_PURPOSE,
  ANSWER_SERVER_ERROR,
} AnswerMode;

typedef struct
{
  SoupServer *server;
  char       *base;
  char       *dir;
  char       *db;
  AnswerMode  mode;
  guint       n_received;
  char       *path;
  char       *body;
  char       *ori;
  char       *operator_id;
  char       *purpose;
  char       *reason;
  char       *auth;
  char       *audit_at_arrival;   /* "rows|last outcome|last terms" */
} Fake;

static GString *captured_log;

static GLogWriterOutput
capture_writer (GLogLevelFlags   level,
                const GLogField *fields,
                gsize            n_fields,
                gpointer         user_data)
{
  if (captured_log != NULL)
    {
      for (gsize i = 0; i < n_fields; i++)
        if (g_str_equal (fields[i].key, "MESSAGE") && fields[i].length < 0)
          g_string_append_printf (captured_log, "%s\n", (const char *) fields[i].value);
      if (!(level & (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_ERROR | G_LOG_LEVEL_WARNING)))
        return G_LOG_WRITER_HANDLED;
    }
  return g_log_writer_default (level, fields, n_fields, user_data);
}

static char *
audit_summary (const char *db_path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *summary = NULL;
  gint64 rows = 0;

  if (!g_file_test (db_path, G_FILE_TEST_EXISTS))
    return g_strdup ("0||");
  g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT (SELECT count(*) FROM audit_records), outcome, query_terms "
                                       "FROM audit_records ORDER BY seq DESC LIMIT 1", -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      rows = sqlite3_column_int64 (stmt, 0);
      summary = g_strdup_printf ("%" G_GINT64_FORMAT "|%s|%s", rows, sqlite3_column_text (stmt, 1),
                                 sqlite3_column_text (stmt, 2) ? (const char *) sqlite3_column_text (stmt, 2) : "");
    }
  else
    summary = g_strdup ("0||");
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return summary;
}

static char *
audit_rows (const char *db_path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  GString *rows = g_string_new (NULL);

  g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT seq, action, operator, ori, integration, purpose_code, "
                                       "purpose_reason, query_terms, outcome, outcome_detail, refers_to "
                                       "FROM audit_records ORDER BY seq", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      for (int i = 0; i < 11; i++)
        g_string_append_printf (rows, "%s%s", i ? "|" : "",
                                sqlite3_column_text (stmt, i) ? (const char *) sqlite3_column_text (stmt, i) : "");
      g_string_append_c (rows, '\n');
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return g_string_free (rows, FALSE);
}

static void
reply (SoupServerMessage *msg,
       guint              status,
       const char        *body)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Cache-Control", "no-store");
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, body, strlen (body));
}

#define SET(field, value) G_STMT_START { g_free (field); field = g_strdup (value); } G_STMT_END

static void
handler (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  Fake *fake = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);

  if (g_str_equal (path, "/health"))
    {
      reply (msg, 200, "{\"status\": \"ok\"}");
      return;
    }

  fake->n_received++;
  SET (fake->path, path);
  g_free (fake->body);
  fake->body = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  SET (fake->ori, soup_message_headers_get_one (headers, "X-ORI"));
  SET (fake->operator_id, soup_message_headers_get_one (headers, "X-Operator-Id"));
  SET (fake->purpose, soup_message_headers_get_one (headers, "X-Purpose-Code"));
  SET (fake->reason, soup_message_headers_get_one (headers, "X-Purpose-Reason"));
  SET (fake->auth, soup_message_headers_get_one (headers, "Authorization"));
  /* The query must already be on record, committed, when it arrives. */
  g_free (fake->audit_at_arrival);
  fake->audit_at_arrival = audit_summary (fake->db);

  switch (fake->mode)
    {
    case ANSWER_NOT_CERTIFIED:
      reply (msg, 403, "{\"error\": {\"code\": \"OPERATOR_NOT_CERTIFIED\", \"message\": \"Operator op-4411 is not certified.\"}}");
      return;
    case ANSWER_PURPOSE_REQUIRED:
      reply (msg, 400, "{\"error\": {\"code\": \"PURPOSE_REQUIRED\", \"message\": \"X-Purpose-Code is required.\"}}");
      return;
    case ANSWER_INVALID_PURPOSE:
      reply (msg, 400, "{\"error\": {\"code\": \"INVALID_PURPOSE\", \"message\": \"Purpose Q is not accepted.\"}}");
      return;
    case ANSWER_SERVER_ERROR:
      reply (msg, 500, "{\"error\": {\"code\": \"INTERNAL\", \"message\": \"Switch down.\"}}");
      return;
    case ANSWER_OK:
    default:
      break;
    }

  if (g_str_equal (path, "/ncic/wanted"))
    reply (msg, 200, "{\"messageKey\": \"QW\", \"hits\": [{\"nic\": \"W9QZX41170\", \"ori\": \"TX1010000\","
                     " \"offense\": \"ZQXOFFENSE-ALPHA\", \"warrantDate\": \"2026-01-02\", \"extradition\": \"full\","
                     " \"caution\": \"ZQXCAUTION-ECHO\"}, 17, {\"nic\": \"W2\"}], \"requiresConfirmation\": true}");
  else if (g_str_equal (path, "/iii/history"))
    reply (msg, 200, "{\"messageKey\": \"QH\", \"record\": {\"fbiNumber\": \"FBIZQX55312\", \"stateIds\": [\"IL123\"],"
                     " \"arrests\": [{\"date\": \"2019-03-04\", \"charge\": \"ZQXCHARGE-FOXTROT\", \"disposition\": \"convicted\"}]}}");
  else if (g_str_equal (path, "/dmv/license"))
    reply (msg, 200, "{\"messageKey\": \"DQ\", \"license\": {\"status\": \"SUSPENDED\", \"class\": \"D\","
                     " \"expires\": \"2028-01-01\", \"name\": \"ZQXLICENSEE BRAVO\", \"dob\": \"1990-04-12\","
                     " \"restrictions\": [\"B\"]}}");
  else if (g_str_equal (path, "/dmv/registration"))
    reply (msg, 200, "{\"messageKey\": \"RQ\", \"registration\": {\"plate\": \"AB123\", \"state\": \"IL\","
                     " \"vin\": \"1ZQXVIN00000CHARLIE\", \"year\": 2019, \"make\": \"TOYT\", \"model\": \"CAM\","
                     " \"color\": \"BLK\", \"owner\": {\"name\": \"ZQXOWNER DELTA\", \"address\": {\"street\":"
                     " \"ZQXSTREET GOLF\", \"city\": \"CHICAGO\"}}, \"expires\": \"2027-06-30\", \"stolen\": true}}");
  else
    reply (msg, 404, "{\"error\": {\"message\": \"no such query\"}}");
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *child = g_build_filename (dir, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (dir);
}

static void
fake_start (Fake *fake)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data_dir = NULL;
  GSList *uris;

  fake->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (fake->server, NULL, handler, fake, NULL);
  soup_server_listen_local (fake->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (fake->server);
  fake->base = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  fake->dir = g_dir_make_tmp ("rtcc-ness-XXXXXX", &error);
  g_assert_no_error (error);
  data_dir = g_build_filename (fake->dir, "data", NULL);
  fake->db = g_build_filename (data_dir, "audit.db", NULL);
}

static void
fake_stop (Fake *fake)
{
  soup_server_disconnect (fake->server);
  g_clear_object (&fake->server);
  remove_tree (fake->dir);
  g_free (fake->base);
  g_free (fake->dir);
  g_free (fake->db);
  g_free (fake->path);
  g_free (fake->body);
  g_free (fake->ori);
  g_free (fake->operator_id);
  g_free (fake->purpose);
  g_free (fake->reason);
  g_free (fake->auth);
  g_free (fake->audit_at_arrival);
}

static RtccConfig *
make_config (Fake *fake)
{
  g_autofree char *path = g_build_filename (fake->dir, "config", "rtcc.conf", NULL);
  RtccConfig *config = rtcc_config_new (path, FALSE);

  rtcc_config_set_override (config, "NESS_API_URL", fake->base);
  rtcc_config_set_override (config, "NESS_API_KEY", "ness-key-0123456789");
  rtcc_config_set_override (config, "NESS_OPERATOR_ID", "op-4411");
  rtcc_config_set_override (config, "NESS_ORI", "IL0160000");
  return config;
}

static RtccNessIntegration *
make_ness (Fake          *fake,
           RtccConfig    *config,
           RtccAuditLog **log_out)
{
  g_autoptr(GError) error = NULL;
  RtccIntegration *ness = rtcc_ness_integration_new (config);

  *log_out = rtcc_audit_log_open (fake->db, &error);
  g_assert_no_error (error);
  rtcc_ness_integration_set_audit_log (RTCC_NESS_INTEGRATION (ness), *log_out);
  return RTCC_NESS_INTEGRATION (ness);
}

static RtccNessQuery *
full_query (RtccNessQueryKind kind)
{
  RtccNessQuery *query = rtcc_ness_query_new (kind);

  rtcc_ness_query_set_purpose (query, "C", "Robbery 2026-000123, suspect stopped");
  switch (kind)
    {
    case RTCC_NESS_QUERY_WANTED:
    case RTCC_NESS_QUERY_HISTORY:
      rtcc_ness_query_set_name (query, "Doe", "John", "Q");
      rtcc_ness_query_set_person (query, "1990-04-12", "M", "W");
      break;
    case RTCC_NESS_QUERY_LICENSE:
      rtcc_ness_query_set_license (query, "d123-4567-8901", "il");
      break;
    case RTCC_NESS_QUERY_REGISTRATION:
      rtcc_ness_query_set_plate (query, "ab 123", "IL");
      break;
    }
  return query;
}

static void
store_result (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static RtccNessResult *
run (RtccNessIntegration  *ness,
     RtccNessQuery        *query,
     GError              **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  rtcc_ness_integration_query_async (ness, query, NULL, store_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return rtcc_ness_integration_query_finish (ness, result, error);
}

/* Validation, with nothing sent. */

typedef void (*Breaker) (RtccNessQuery *query);

static void no_last (RtccNessQuery *q) { rtcc_ness_query_set_name (q, NULL, q->first_name, NULL); }
static void no_first (RtccNessQuery *q) { rtcc_ness_query_set_name (q, q->last_name, "  ", NULL); }
static void no_dob (RtccNessQuery *q) { rtcc_ness_query_set_person (q, NULL, NULL, NULL); }
static void bad_dob (RtccNessQuery *q) { rtcc_ness_query_set_person (q, "1990-02-30", NULL, NULL); }
static void us_dob (RtccNessQuery *q) { rtcc_ness_query_set_person (q, "04/12/1990", NULL, NULL); }
static void no_number (RtccNessQuery *q) { rtcc_ness_query_set_license (q, "", q->license_state); }
static void no_license_state (RtccNessQuery *q) { rtcc_ness_query_set_license (q, q->license_number, NULL); }
static void bad_state (RtccNessQuery *q) { rtcc_ness_query_set_license (q, q->license_number, "ILL"); }
static void bad_number (RtccNessQuery *q) { rtcc_ness_query_set_license (q, "D12;DROP", "IL"); }
static void no_plate (RtccNessQuery *q) { rtcc_ness_query_set_plate (q, NULL, q->plate_state); }
static void no_plate_state (RtccNessQuery *q) { rtcc_ness_query_set_plate (q, q->plate, ""); }
static void no_purpose (RtccNessQuery *q) { rtcc_ness_query_set_purpose (q, NULL, q->purpose_reason); }
static void reserved (RtccNessQuery *q) { rtcc_ness_query_set_purpose (q, "r", q->purpose_reason); }
static void unknown_purpose (RtccNessQuery *q) { rtcc_ness_query_set_purpose (q, "Q", q->purpose_reason); }
static void long_purpose (RtccNessQuery *q) { rtcc_ness_query_set_purpose (q, "CD", q->purpose_reason); }
static void no_reason (RtccNessQuery *q) { rtcc_ness_query_set_purpose (q, "C", " \t "); }
static void control_reason (RtccNessQuery *q) { rtcc_ness_query_set_purpose (q, "C", "why\x1b[2J"); }

typedef struct
{
  RtccNessQueryKind kind;
  Breaker           breaker;
  int               code;
} Refusal;

static const Refusal refusals[] = {
  { RTCC_NESS_QUERY_WANTED, no_last, RTCC_NESS_ERROR_MISSING_FIELD },
  { RTCC_NESS_QUERY_WANTED, no_first, RTCC_NESS_ERROR_MISSING_FIELD },
  { RTCC_NESS_QUERY_WANTED, no_dob, RTCC_NESS_ERROR_MISSING_FIELD },
  { RTCC_NESS_QUERY_WANTED, bad_dob, RTCC_NESS_ERROR_INVALID_FIELD },
  { RTCC_NESS_QUERY_WANTED, us_dob, RTCC_NESS_ERROR_INVALID_FIELD },
  { RTCC_NESS_QUERY_HISTORY, no_last, RTCC_NESS_ERROR_MISSING_FIELD },
  { RTCC_NESS_QUERY_HISTORY, no_first, RTCC_NESS_ERROR_MISSING_FIELD },
  { RTCC_NESS_QUERY_HISTORY, no_dob, RTCC_NESS_ERROR_MISSING_FIELD },
  { RTCC_NESS_QUERY_HISTORY, bad_dob, RTCC_NESS_ERROR_INVALID_FIELD },
  { RTCC_NESS_QUERY_LICENSE, no_number, RTCC_NESS_ERROR_MISSING_FIELD },
  { RTCC_NESS_QUERY_LICENSE, no_license_state, RTCC_NESS_ERROR_MISSING_FIELD },
  { RTCC_NESS_QUERY_LICENSE, bad_state, RTCC_NESS_ERROR_INVALID_FIELD },
  { RTCC_NESS_QUERY_LICENSE, bad_number, RTCC_NESS_ERROR_INVALID_FIELD },
  { RTCC_NESS_QUERY_REGISTRATION, no_plate, RTCC_NESS_ERROR_MISSING_FIELD },
  { RTCC_NESS_QUERY_REGISTRATION, no_plate_state, RTCC_NESS_ERROR_MISSING_FIELD },
  { RTCC_NESS_QUERY_WANTED, no_purpose, RTCC_NESS_ERROR_PURPOSE_REQUIRED },
  { RTCC_NESS_QUERY_HISTORY, reserved, RTCC_NESS_ERROR_PURPOSE_RESERVED },
  { RTCC_NESS_QUERY_LICENSE, reserved, RTCC_NESS_ERROR_PURPOSE_RESERVED },
  { RTCC_NESS_QUERY_REGISTRATION, no_purpose, RTCC_NESS_ERROR_PURPOSE_REQUIRED },
  { RTCC_NESS_QUERY_REGISTRATION, unknown_purpose, RTCC_NESS_ERROR_INVALID_PURPOSE },
  { RTCC_NESS_QUERY_REGISTRATION, long_purpose, RTCC_NESS_ERROR_INVALID_PURPOSE },
  { RTCC_NESS_QUERY_WANTED, no_reason, RTCC_NESS_ERROR_REASON_REQUIRED },
  { RTCC_NESS_QUERY_LICENSE, control_reason, RTCC_NESS_ERROR_INVALID_FIELD },
};

static void
test_validation (void)
{
  static const char accepted[] = "CDFHIJSVX";
  g_autoptr(GEnumClass) kinds = g_type_class_ref (RTCC_TYPE_NESS_QUERY_KIND);

  g_assert_cmpint (g_enum_get_value_by_nick (kinds, "registration")->value, ==, RTCC_NESS_QUERY_REGISTRATION);
  g_assert_cmpstr (rtcc_ness_query_kind_message_key (RTCC_NESS_QUERY_HISTORY), ==, "QH");

  for (RtccNessQueryKind kind = RTCC_NESS_QUERY_WANTED; kind <= RTCC_NESS_QUERY_REGISTRATION; kind++)
    {
      g_autoptr(RtccNessQuery) query = full_query (kind);
      g_autoptr(GError) error = NULL;

      g_assert_true (rtcc_ness_query_validate (query, "op-4411", "IL0160000", &error));
      g_assert_no_error (error);
      g_assert_false (rtcc_ness_query_validate (query, NULL, "IL0160000", &error));
      g_assert_error (error, RTCC_NESS_ERROR, RTCC_NESS_ERROR_NOT_CONFIGURED);
      g_assert_nonnull (strstr (error->message, "NESS_OPERATOR_ID"));
      g_clear_error (&error);
      g_assert_false (rtcc_ness_query_validate (query, "op-4411", "", &error));
      g_assert_error (error, RTCC_NESS_ERROR, RTCC_NESS_ERROR_NOT_CONFIGURED);
      g_assert_nonnull (strstr (error->message, "NESS_ORI"));
    }

  for (guint i = 0; accepted[i] != '\0'; i++)
    {
      g_autoptr(RtccNessQuery) query = full_query (RTCC_NESS_QUERY_WANTED);
      char code[2] = { accepted[i], '\0' };

      rtcc_ness_query_set_purpose (query, code, "reason");
      g_assert_true (rtcc_ness_query_validate (query, "op", "ORI", NULL));
    }

  for (guint i = 0; i < G_N_ELEMENTS (refusals); i++)
    {
      g_autoptr(RtccNessQuery) query = full_query (refusals[i].kind);
      g_autoptr(GError) error = NULL;

      refusals[i].breaker (query);
      g_assert_false (rtcc_ness_query_validate (query, "op-4411", "IL0160000", &error));
      g_assert_error (error, RTCC_NESS_ERROR, refusals[i].code);
      if (refusals[i].code == RTCC_NESS_ERROR_PURPOSE_RESERVED)
        g_assert_nonnull (strstr (error->message, "reserved for the FBI"));
    }
}

static void
test_wipe (void)
{
  static const char answer[] = "{\"messageKey\": \"QW\", \"hits\": [{\"nic\": \"W9QZX41170\", \"ori\": \"TX1\"}],"
                               " \"requiresConfirmation\": true}";
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rtcc_json_parse (answer, -1, &error);
  g_autoptr(RtccNessResult) result = NULL;
  g_autoptr(GBytes) bytes = g_bytes_new (answer, sizeof answer - 1);
  g_autofree char *text = NULL;
  const char *data;

  g_assert_no_error (error);
  result = rtcc_ness_result_new_from_json (RTCC_NESS_QUERY_WANTED, node, &error);
  g_assert_no_error (error);

  /* The parser's strings and the body are overwritten in place. */
  rtcc_ness_wipe_json (node);
  text = rtcc_json_to_string (node, FALSE);
  g_assert_null (strstr (text, "W9QZX41170"));
  g_assert_null (strstr (text, "TX1"));
  rtcc_ness_wipe_bytes (bytes);
  data = g_bytes_get_data (bytes, NULL);
  for (gsize i = 0; i < g_bytes_get_size (bytes); i++)
    g_assert_cmpint (data[i], ==, 0);

  /* The result read before holds its own copy until it is cleared. */
  g_assert_cmpstr (((RtccNessHit *) g_ptr_array_index (result->hits, 0))->nic, ==, "W9QZX41170");
  g_assert_cmpuint (rtcc_ness_result_count (result), ==, 1);
  rtcc_ness_result_clear (result);
  g_assert_cmpuint (rtcc_ness_result_count (result), ==, 0);
  g_assert_false (result->requires_confirmation);

  /* Answers of another kind, or without their member, are refused. */
  g_clear_pointer (&result, rtcc_ness_result_unref);
  g_clear_pointer (&node, json_node_unref);
  node = rtcc_json_parse ("{\"messageKey\": \"RQ\", \"registration\": null}", -1, NULL);
  result = rtcc_ness_result_new_from_json (RTCC_NESS_QUERY_WANTED, node, &error);
  g_assert_error (error, RTCC_NESS_ERROR, RTCC_NESS_ERROR_INVALID_ANSWER);
  g_clear_error (&error);
  result = rtcc_ness_result_new_from_json (RTCC_NESS_QUERY_REGISTRATION, node, &error);
  g_assert_no_error (error);
  g_assert_null (result->registration);
  g_clear_pointer (&result, rtcc_ness_result_unref);
  g_clear_pointer (&node, json_node_unref);
  node = rtcc_json_parse ("{\"messageKey\": \"QH\", \"record\": [1]}", -1, NULL);
  result = rtcc_ness_result_new_from_json (RTCC_NESS_QUERY_HISTORY, node, &error);
  g_assert_error (error, RTCC_NESS_ERROR, RTCC_NESS_ERROR_INVALID_ANSWER);
}

static void
test_refused_nothing_sent (void)
{
  g_autoptr(RtccConfig) config = NULL;
  g_autoptr(RtccAuditLog) log = NULL;
  g_autoptr(RtccNessIntegration) ness = NULL;
  Fake fake = { 0 };

  fake_start (&fake);
  config = make_config (&fake);
  ness = make_ness (&fake, config, &log);

  for (guint i = 0; i < G_N_ELEMENTS (refusals); i++)
    {
      g_autoptr(RtccNessQuery) query = full_query (refusals[i].kind);
      g_autoptr(GError) error = NULL;
      g_autoptr(RtccNessResult) result = NULL;

      refusals[i].breaker (query);
      result = run (ness, query, &error);
      g_assert_null (result);
      g_assert_error (error, RTCC_NESS_ERROR, refusals[i].code);
    }

  /* Without operator or ORI in the configuration, nothing is sent either. */
  rtcc_config_set_override (config, "NESS_ORI", NULL);
  {
    g_autoptr(RtccNessQuery) query = full_query (RTCC_NESS_QUERY_REGISTRATION);
    g_autoptr(GError) error = NULL;
    g_autoptr(RtccNessResult) result = run (ness, query, &error);

    g_assert_error (error, RTCC_NESS_ERROR, RTCC_NESS_ERROR_NOT_CONFIGURED);
  }

  g_assert_cmpuint (fake.n_received, ==, 0);
  {
    g_autofree char *summary = audit_summary (fake.db);
    g_assert_cmpstr (summary, ==, "0||");
  }
  fake_stop (&fake);
}

static void
test_each_kind_audited_around_sending (void)
{
  g_autoptr(RtccConfig) config = NULL;
  g_autoptr(RtccAuditLog) log = NULL;
  g_autoptr(RtccNessIntegration) ness = NULL;
  g_autofree char *rows = NULL;
  Fake fake = { 0 };

  fake_start (&fake);
  config = make_config (&fake);
  ness = make_ness (&fake, config, &log);

  {
    g_autoptr(RtccNessQuery) query = full_query (RTCC_NESS_QUERY_WANTED);
    g_autoptr(GError) error = NULL;
    g_autoptr(RtccNessResult) result = run (ness, query, &error);
    RtccNessHit *hit;

    g_assert_no_error (error);
    g_assert_cmpstr (fake.path, ==, "/ncic/wanted");
    g_assert_cmpstr (fake.body, ==, "{\"name\":{\"last\":\"DOE\",\"first\":\"JOHN\",\"middle\":\"Q\"},"
                                    "\"dob\":\"1990-04-12\",\"sex\":\"M\",\"race\":\"W\"}");
    g_assert_cmpstr (fake.ori, ==, "IL0160000");
    g_assert_cmpstr (fake.operator_id, ==, "op-4411");
    g_assert_cmpstr (fake.purpose, ==, "C");
    g_assert_cmpstr (fake.reason, ==, "Robbery 2026-000123, suspect stopped");
    g_assert_cmpstr (fake.auth, ==, "Bearer ness-key-0123456789");
    /* When the request arrived, the pending record was already committed. */
    g_assert_cmpstr (fake.audit_at_arrival, ==,
                     "1|pending|QW last=DOE first=JOHN middle=Q dob=1990-04-12 sex=M race=W");

    g_assert_cmpstr (result->message_key, ==, "QW");
    g_assert_true (result->requires_confirmation);
    g_assert_cmpuint (result->hits->len, ==, 2);
    hit = g_ptr_array_index (result->hits, 0);
    g_assert_cmpstr (hit->nic, ==, "W9QZX41170");
    g_assert_cmpstr (hit->ori, ==, "TX1010000");
    g_assert_cmpstr (hit->warrant_date, ==, "2026-01-02");
    g_assert_cmpstr (hit->notice, ==, "A hit is not probable cause: confirm with the originating agency "
                                      "(ORI TX1010000) within 10 minutes (urgent) or 1 hour (routine) before acting.");
    hit = g_ptr_array_index (result->hits, 1);
    g_assert_nonnull (strstr (hit->notice, "(ORI unknown)"));
  }
  {
    g_autoptr(RtccNessQuery) query = full_query (RTCC_NESS_QUERY_HISTORY);
    g_autoptr(GError) error = NULL;
    g_autoptr(RtccNessResult) result = run (ness, query, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (fake.path, ==, "/iii/history");
    g_assert_cmpstr (fake.audit_at_arrival, ==,
                     "3|pending|QH last=DOE first=JOHN middle=Q dob=1990-04-12 sex=M race=W");
    g_assert_nonnull (result->record);
    g_assert_cmpstr (result->record->fbi_number, ==, "FBIZQX55312");
    g_assert_cmpuint (result->record->arrests->len, ==, 1);
    g_assert_cmpstr (((RtccNessArrest *) g_ptr_array_index (result->record->arrests, 0))->charge, ==,
                     "ZQXCHARGE-FOXTROT");
  }
  {
    g_autoptr(RtccNessQuery) query = full_query (RTCC_NESS_QUERY_LICENSE);
    g_autoptr(GError) error = NULL;
    g_autoptr(RtccNessResult) result = run (ness, query, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (fake.path, ==, "/dmv/license");
    g_assert_cmpstr (fake.body, ==, "{\"licenseNumber\":\"D12345678901\",\"state\":\"IL\"}");
    g_assert_cmpstr (fake.audit_at_arrival, ==, "5|pending|DQ license=D12345678901 license_state=IL");
    g_assert_cmpstr (result->license->status, ==, "SUSPENDED");
    g_assert_cmpstr (result->license->license_class, ==, "D");
  }
  {
    g_autoptr(RtccNessQuery) query = full_query (RTCC_NESS_QUERY_REGISTRATION);
    g_autoptr(GError) error = NULL;
    g_autoptr(RtccNessResult) result = run (ness, query, &error);
    g_autoptr(JsonNode) json = NULL;
    g_autofree char *text = NULL;

    g_assert_no_error (error);
    g_assert_cmpstr (fake.path, ==, "/dmv/registration");
    g_assert_cmpstr (fake.body, ==, "{\"plate\":\"AB123\",\"state\":\"IL\"}");
    g_assert_cmpstr (fake.audit_at_arrival, ==, "7|pending|RQ plate=AB123 plate_state=IL");
    g_assert_cmpstr (result->registration->vin, ==, "1ZQXVIN00000CHARLIE");
    g_assert_cmpstr (result->registration->year, ==, "2019");
    g_assert_cmpstr (result->registration->owner_address, ==, "ZQXSTREET GOLF, CHICAGO");
    g_assert_true (result->registration->stolen);

    /* The wire format's names, for --json. */
    json = rtcc_ness_result_to_json (result);
    text = rtcc_json_to_string (json, FALSE);
    g_assert_cmpstr (text, ==, "{\"messageKey\":\"RQ\",\"registration\":{\"plate\":\"AB123\",\"state\":\"IL\","
                               "\"vin\":\"1ZQXVIN00000CHARLIE\",\"year\":\"2019\",\"make\":\"TOYT\",\"model\":\"CAM\","
                               "\"color\":\"BLK\",\"owner\":{\"name\":\"ZQXOWNER DELTA\",\"address\":"
                               "\"ZQXSTREET GOLF, CHICAGO\"},\"expires\":\"2027-06-30\",\"stolen\":true}}");

    /* Clearing leaves nothing of the answer behind. */
    rtcc_ness_result_clear (result);
    g_assert_null (result->registration);
    g_assert_null (result->message_key);
    g_assert_cmpuint (result->hits->len, ==, 0);
  }

  /* Pending before, outcome after, each outcome pointing at its query;
   * outcomes hold counts, never the answer. */
  rows = audit_rows (fake.db);
  g_assert_cmpstr (rows, ==,
    "1|query|op-4411|IL0160000|ness|C|Robbery 2026-000123, suspect stopped|QW last=DOE first=JOHN middle=Q dob=1990-04-12 sex=M race=W|pending||\n"
    "2|query|op-4411|IL0160000|ness|C|Robbery 2026-000123, suspect stopped||success|2 hits|1\n"
    "3|query|op-4411|IL0160000|ness|C|Robbery 2026-000123, suspect stopped|QH last=DOE first=JOHN middle=Q dob=1990-04-12 sex=M race=W|pending||\n"
    "4|query|op-4411|IL0160000|ness|C|Robbery 2026-000123, suspect stopped||success|1 record|3\n"
    "5|query|op-4411|IL0160000|ness|C|Robbery 2026-000123, suspect stopped|DQ license=D12345678901 license_state=IL|pending||\n"
    "6|query|op-4411|IL0160000|ness|C|Robbery 2026-000123, suspect stopped||success|1 record|5\n"
    "7|query|op-4411|IL0160000|ness|C|Robbery 2026-000123, suspect stopped|RQ plate=AB123 plate_state=IL|pending||\n"
    "8|query|op-4411|IL0160000|ness|C|Robbery 2026-000123, suspect stopped||success|1 record|7\n");
  g_assert_cmpuint (fake.n_received, ==, 4);
  fake_stop (&fake);
}

static void
test_audit_failure_blocks (void)
{
  g_autoptr(RtccConfig) config = NULL;
  g_autoptr(RtccAuditLog) log = NULL;
  g_autoptr(RtccNessIntegration) ness = NULL;
  g_autoptr(RtccNessQuery) query = full_query (RTCC_NESS_QUERY_WANTED);
  g_autoptr(GError) error = NULL;
  g_autoptr(RtccNessResult) result = NULL;
  g_autofree char *lock = NULL;
  Fake fake = { 0 };

  fake_start (&fake);
  config = make_config (&fake);
  ness = make_ness (&fake, config, &log);

  lock = g_strconcat (fake.db, ".lock", NULL);
  g_unlink (lock);
  g_assert_cmpint (g_mkdir (lock, 0700), ==, 0);
  result = run (ness, query, &error);
  g_assert_null (result);
  g_assert_error (error, RTCC_NESS_ERROR, RTCC_NESS_ERROR_AUDIT);
  g_assert_nonnull (strstr (error->message, "not sent"));
  g_assert_cmpuint (fake.n_received, ==, 0);
  g_rmdir (lock);

  /* No audit log at all: refused the same way. */
  rtcc_ness_integration_set_audit_log (ness, NULL);
  g_clear_error (&error);
  result = run (ness, query, &error);
  g_assert_error (error, RTCC_NESS_ERROR, RTCC_NESS_ERROR_AUDIT);
  g_assert_cmpuint (fake.n_received, ==, 0);
  fake_stop (&fake);
}

static void
test_gateway_refusals (void)
{
  static const struct { AnswerMode mode; int code; const char *detail; } cases[] = {
    { ANSWER_NOT_CERTIFIED, RTCC_NESS_ERROR_OPERATOR_NOT_CERTIFIED, "HTTP 403 OPERATOR_NOT_CERTIFIED" },
    { ANSWER_PURPOSE_REQUIRED, RTCC_NESS_ERROR_PURPOSE_REQUIRED, "HTTP 400 PURPOSE_REQUIRED" },
    { ANSWER_INVALID_PURPOSE, RTCC_NESS_ERROR_INVALID_PURPOSE, "HTTP 400 INVALID_PURPOSE" },
  };
  g_autoptr(RtccConfig) config = NULL;
  g_autoptr(RtccAuditLog) log = NULL;
  g_autoptr(RtccNessIntegration) ness = NULL;
  Fake fake = { 0 };

  fake_start (&fake);
  config = make_config (&fake);
  ness = make_ness (&fake, config, &log);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(RtccNessQuery) query = full_query (RTCC_NESS_QUERY_REGISTRATION);
      g_autoptr(GError) error = NULL;
      g_autoptr(RtccNessResult) result = NULL;
      g_autofree char *summary = NULL;
      g_autofree char *expected = NULL;

      fake.mode = cases[i].mode;
      result = run (ness, query, &error);
      g_assert_null (result);
      g_assert_error (error, RTCC_NESS_ERROR, cases[i].code);
      summary = audit_summary (fake.db);
      expected = g_strdup_printf ("%u|failure|", 2 * (i + 1));
      g_assert_cmpstr (summary, ==, expected);
    }
  g_assert_cmpuint (fake.n_received, ==, 3);

  /* A server error is not retried: the query went out once. */
  {
    g_autoptr(RtccNessQuery) query = full_query (RTCC_NESS_QUERY_WANTED);
    g_autoptr(GError) error = NULL;
    g_autoptr(RtccNessResult) result = NULL;

    fake.mode = ANSWER_SERVER_ERROR;
    result = run (ness, query, &error);
    g_assert_error (error, RTCC_HTTP_ERROR, RTCC_HTTP_ERROR_SERVER);
    g_assert_cmpuint (fake.n_received, ==, 4);
  }
  {
    g_autofree char *rows = audit_rows (fake.db);
    g_assert_nonnull (strstr (rows, "|failure|HTTP 403 OPERATOR_NOT_CERTIFIED|1\n"));
    g_assert_nonnull (strstr (rows, "|failure|HTTP 400 PURPOSE_REQUIRED|3\n"));
    g_assert_nonnull (strstr (rows, "|failure|HTTP 400 INVALID_PURPOSE|5\n"));
    g_assert_nonnull (strstr (rows, "|failure|HTTP 500 INTERNAL|7\n"));
  }
  fake_stop (&fake);
}

static void
test_unicode_reason (void)
{
  g_autoptr(RtccConfig) config = NULL;
  g_autoptr(RtccAuditLog) log = NULL;
  g_autoptr(RtccNessIntegration) ness = NULL;
  g_autoptr(RtccNessQuery) query = full_query (RTCC_NESS_QUERY_LICENSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(RtccNessResult) result = NULL;
  g_autoptr(GString) long_reason = g_string_new (NULL);
  Fake fake = { 0 };

  fake_start (&fake);
  config = make_config (&fake);
  ness = make_ness (&fake, config, &log);

  rtcc_ness_query_set_purpose (query, "X", "Vol à main armée — suspect en fuite");
  result = run (ness, query, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fake.purpose, ==, "X");
  g_assert_cmpstr (fake.reason, ==, "Vol à main armée — suspect en fuite");

  /* The longest reason allowed still fits the audit record. */
  for (guint i = 0; i < 256; i++)
    g_string_append (long_reason, "€");
  rtcc_ness_query_set_purpose (query, "C", long_reason->str);
  g_clear_pointer (&result, rtcc_ness_result_unref);
  result = run (ness, query, &error);
  g_assert_no_error (error);
  g_string_append (long_reason, "€");
  rtcc_ness_query_set_purpose (query, "C", long_reason->str);
  g_clear_pointer (&result, rtcc_ness_result_unref);
  result = run (ness, query, &error);
  g_assert_error (error, RTCC_NESS_ERROR, RTCC_NESS_ERROR_INVALID_FIELD);
  g_assert_cmpuint (fake.n_received, ==, 2);
  fake_stop (&fake);
}

static void
check_tree_clean (const char *dir,
                  guint      *n_files)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *child = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;
      gsize length = 0;

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        {
          check_tree_clean (child, n_files);
          continue;
        }
      g_assert_true (g_file_get_contents (child, &contents, &length, NULL));
      (*n_files)++;
      for (guint i = 0; i < G_N_ELEMENTS (answer_marks); i++)
        if (memmem (contents, length, answer_marks[i], strlen (answer_marks[i])) != NULL)
          g_error ("%s holds “%s” from a NESS answer", child, answer_marks[i]);
    }
}

static void
test_answers_never_written (void)
{
  g_autoptr(RtccConfig) config = NULL;
  g_autoptr(RtccAuditLog) log = NULL;
  g_autoptr(RtccNessIntegration) ness = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *wal = NULL;
  guint n_files = 0;
  Fake fake = { 0 };

  fake_start (&fake);
  config = make_config (&fake);
  rtcc_config_set (config, "NESS_API_URL", fake.base);
  g_assert_true (rtcc_config_save (config, &error));
  g_assert_no_error (error);
  ness = make_ness (&fake, config, &log);
  rtcc_service_client_set_debug (rtcc_base_integration_get_client (RTCC_BASE_INTEGRATION (ness)), TRUE);

  captured_log = g_string_new (NULL);
  for (RtccNessQueryKind kind = RTCC_NESS_QUERY_WANTED; kind <= RTCC_NESS_QUERY_REGISTRATION; kind++)
    {
      g_autoptr(RtccNessQuery) query = full_query (kind);
      g_autoptr(RtccNessResult) result = run (ness, query, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (rtcc_ness_result_count (result), >=, 1);
    }

  /* The traces show the calls, not the queries or the answers. */
  g_assert_nonnull (strstr (captured_log->str, "POST"));
  g_assert_null (strstr (captured_log->str, "1990-04-12"));
  for (guint i = 0; i < G_N_ELEMENTS (answer_marks); i++)
    g_assert_null (strstr (captured_log->str, answer_marks[i]));
  g_string_free (g_steal_pointer (&captured_log), TRUE);

  /* Everything written, WAL included: query terms may be there, the
   * answers may not. */
  wal = g_strconcat (fake.db, "-wal", NULL);
  check_tree_clean (fake.dir, &n_files);
  g_assert_cmpuint (n_files, >=, 3);
  {
    g_autofree char *rows = audit_rows (fake.db);
    g_assert_nonnull (strstr (rows, "RQ plate=AB123"));
  }
  g_clear_object (&log);
  g_clear_object (&ness);
  n_files = 0;
  check_tree_clean (fake.dir, &n_files);
  fake_stop (&fake);
}

int
main (int   argc,
      char *argv[])
{
  g_log_set_writer_func (capture_writer, NULL, NULL);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ness/query/validation", test_validation);
  g_test_add_func ("/ness/query/wipe", test_wipe);
  g_test_add_func ("/ness/query/refused-nothing-sent", test_refused_nothing_sent);
  g_test_add_func ("/ness/query/audited-around-sending", test_each_kind_audited_around_sending);
  g_test_add_func ("/ness/query/audit-failure-blocks", test_audit_failure_blocks);
  g_test_add_func ("/ness/query/gateway-refusals", test_gateway_refusals);
  g_test_add_func ("/ness/query/unicode-reason", test_unicode_reason);
  g_test_add_func ("/ness/query/answers-never-written", test_answers_never_written);

  return g_test_run ();
}
