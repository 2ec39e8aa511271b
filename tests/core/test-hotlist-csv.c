/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "rtcc-hotlist-csv.h"

static GDateTime *
test_now (void)
{
  return g_date_time_new_local (2026, 11, 26, 12, 0, 0);
}

static GPtrArray *
parse (const char  *text,
       GError     **error)
{
  g_autoptr(GDateTime) now = test_now ();

  return rtcc_hotlist_csv_parse (text, strlen (text), now, error);
}

static RtccHotlistCsvRow *
row_at (GPtrArray *rows,
        guint      i)
{
  g_assert_cmpuint (i, <, rows->len);
  return g_ptr_array_index (rows, i);
}

static void
test_quotes_crlf_bom (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  RtccHotlistCsvRow *row;

  rows = parse ("\xEF\xBB\xBFplate,state,reason,case,expiry\r\n"
                "abc-1234,il,\"Stolen, red \"\"Civic\"\"\",C-1,2026-12-31\r\n"
                "\r\n"
                "  XYZ 987 , IN ,Wanted driver,,\r\n"
                ",,,,\r\n"
                "\"K9\"\"X\",WI,odd plate,,\r\n",
                &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 3);

  row = row_at (rows, 0);
  g_assert_true (rtcc_hotlist_csv_row_is_valid (row));
  g_assert_cmpuint (rtcc_hotlist_csv_row_get_line (row), ==, 2);
  g_assert_cmpstr (rtcc_hotlist_csv_row_get_plate (row), ==, "ABC1234");
  g_assert_cmpstr (rtcc_hotlist_csv_row_get_state (row), ==, "IL");
  g_assert_cmpstr (rtcc_hotlist_csv_row_get_reason (row), ==, "Stolen, red \"Civic\"");
  g_assert_cmpstr (rtcc_hotlist_csv_row_get_case_number (row), ==, "C-1");
  g_assert_nonnull (rtcc_hotlist_csv_row_get_expires_at (row));
  g_assert_cmpint (g_date_time_get_day_of_month (rtcc_hotlist_csv_row_get_expires_at (row)), ==, 31);

  row = row_at (rows, 1);
  g_assert_true (rtcc_hotlist_csv_row_is_valid (row));
  g_assert_cmpuint (rtcc_hotlist_csv_row_get_line (row), ==, 4);
  g_assert_cmpstr (rtcc_hotlist_csv_row_get_plate (row), ==, "XYZ987");
  g_assert_cmpstr (rtcc_hotlist_csv_row_get_state (row), ==, "IN");
  g_assert_null (rtcc_hotlist_csv_row_get_case_number (row));
  g_assert_null (rtcc_hotlist_csv_row_get_expires_at (row));

  /* A quote inside a plate is no plate character. */
  row = row_at (rows, 2);
  g_assert_cmpuint (rtcc_hotlist_csv_row_get_line (row), ==, 6);
  g_assert_cmpint (rtcc_hotlist_csv_row_get_problem_code (row), ==, RTCC_HOTLIST_CSV_ERROR_BAD_PLATE);
  g_assert_cmpuint (rtcc_hotlist_csv_count_valid (rows), ==, 2);
}

static void
test_columns_any_order (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = parse ("Reason,Plate,State\nAmber alert,AB12,CA\n", &error);

  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_cmpstr (rtcc_hotlist_csv_row_get_plate (row_at (rows, 0)), ==, "AB12");
  g_assert_cmpstr (rtcc_hotlist_csv_row_get_reason (row_at (rows, 0)), ==, "Amber alert");
}

static void
test_row_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *long_reason = g_strnfill (501, 'r');
  g_autofree char *text = NULL;
  static const struct { guint line; int code; } expected[] = {
    { 2, RTCC_HOTLIST_CSV_ERROR_MISSING_PLATE },
    { 3, RTCC_HOTLIST_CSV_ERROR_BAD_STATE },
    { 4, RTCC_HOTLIST_CSV_ERROR_BAD_STATE },
    { 5, RTCC_HOTLIST_CSV_ERROR_MISSING_REASON },
    { 6, RTCC_HOTLIST_CSV_ERROR_BAD_DATE },
    { 7, RTCC_HOTLIST_CSV_ERROR_BAD_DATE },
    { 8, RTCC_HOTLIST_CSV_ERROR_BAD_DATE },
    { 9, -1 },
    { 10, RTCC_HOTLIST_CSV_ERROR_DUPLICATE },
    { 11, RTCC_HOTLIST_CSV_ERROR_TOO_LONG },
    { 12, RTCC_HOTLIST_CSV_ERROR_TOO_LONG },
    { 13, RTCC_HOTLIST_CSV_ERROR_BAD_PLATE },
    { 14, RTCC_HOTLIST_CSV_ERROR_BAD_ROW },
    { 15, RTCC_HOTLIST_CSV_ERROR_BAD_ROW },
  };

  text = g_strdup_printf ("plate,state,reason,case,expiry\n"
                          ",IL,no plate,,\n"              /* 2 */
                          "AAA111,Illinois,bad state,,\n" /* 3 */
                          "AAA112,,no state,,\n"          /* 4 */
                          "AAA113,IL,  ,,\n"              /* 5 */
                          "AAA114,IL,date,,2026-02-30\n"  /* 6 */
                          "AAA115,IL,date,,12/31/2026\n"  /* 7 */
                          "AAA116,IL,past,,2026-11-25\n"  /* 8 */
                          "DUP1,IL,first,,2026-11-26\n"   /* 9: today is still to come */
                          "dup-1,WI,again,,\n"            /* 10 */
                          "ABCDEFGHIJK,IL,long plate,,\n" /* 11 */
                          "AAA117,IL,%s,,\n"              /* 12 */
                          "ABC*,IL,wildcard,,\n"          /* 13 */
                          "AAA118,IL,reason,case,2027-01-01,extra\n" /* 14 */
                          "AAA119,IL,\"two\nlines\",,\n", /* 15 */
                          long_reason);
  rows = parse (text, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      RtccHotlistCsvRow *row = row_at (rows, i);

      g_test_message ("line %u: %s", expected[i].line, rtcc_hotlist_csv_row_get_status (row));
      g_assert_cmpuint (rtcc_hotlist_csv_row_get_line (row), ==, expected[i].line);
      g_assert_cmpint (rtcc_hotlist_csv_row_get_problem_code (row), ==, expected[i].code);
      g_assert_cmpint (rtcc_hotlist_csv_row_is_valid (row), ==, expected[i].code == -1);
      if (expected[i].code != -1)
        g_assert_cmpstr (rtcc_hotlist_csv_row_get_status (row), !=, "");
    }
  g_assert_cmpstr (rtcc_hotlist_csv_row_get_status (row_at (rows, 8)), ==, "The plate is already on line 9.");
  g_assert_cmpuint (rtcc_hotlist_csv_count_valid (rows), ==, 1);
}

/* A row refused for another reason does not keep its plate from a
 * later, valid row. */
static void
test_duplicate_of_refused_row (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = parse ("plate,state,reason\n"
                                     "KEY123,Illinois,bad state\n"
                                     "KEY123,IL,fixed\n"
                                     "KEY123,IL,again\n", &error);

  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 3);
  g_assert_false (rtcc_hotlist_csv_row_is_valid (row_at (rows, 0)));
  g_assert_true (rtcc_hotlist_csv_row_is_valid (row_at (rows, 1)));
  g_assert_cmpint (rtcc_hotlist_csv_row_get_problem_code (row_at (rows, 2)), ==, RTCC_HOTLIST_CSV_ERROR_DUPLICATE);
  g_assert_cmpstr (rtcc_hotlist_csv_row_get_status (row_at (rows, 2)), ==, "The plate is already on line 3.");
}

static void
test_hostile (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GString) huge = g_string_new ("plate,state,reason\nAB1,IL,\"");
  static const char nul[] = "plate,state,reason\nAB\0C,IL,x\n";
  static const char latin1[] = "plate,state,reason\nAB1,IL,caf\xe9\n";

  /* A field of a megabyte is refused, not kept. */
  for (int i = 0; i < 1024 * 1024; i++)
    g_string_append_c (huge, 'x');
  g_string_append (huge, "\"\nCD2,IL,ok\n");
  rows = rtcc_hotlist_csv_parse (huge->str, huge->len, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_cmpint (rtcc_hotlist_csv_row_get_problem_code (row_at (rows, 0)), ==, RTCC_HOTLIST_CSV_ERROR_TOO_LONG);
  g_assert_null (rtcc_hotlist_csv_row_get_reason (row_at (rows, 0)));
  g_assert_true (rtcc_hotlist_csv_row_is_valid (row_at (rows, 1)));
  g_clear_pointer (&rows, g_ptr_array_unref);

  rows = rtcc_hotlist_csv_parse (nul, sizeof nul - 1, NULL, &error);
  g_assert_error (error, RTCC_HOTLIST_CSV_ERROR, RTCC_HOTLIST_CSV_ERROR_NOT_TEXT);
  g_assert_null (rows);
  g_clear_error (&error);

  rows = rtcc_hotlist_csv_parse (latin1, sizeof latin1 - 1, NULL, &error);
  g_assert_error (error, RTCC_HOTLIST_CSV_ERROR, RTCC_HOTLIST_CSV_ERROR_NOT_TEXT);
  g_clear_error (&error);

  rows = parse ("plate,state,reason\nAB1,IL,\"never closed\n", &error);
  g_assert_error (error, RTCC_HOTLIST_CSV_ERROR, RTCC_HOTLIST_CSV_ERROR_UNTERMINATED_QUOTE);
  g_assert_nonnull (strstr (error->message, "Line 2"));
  g_assert_null (rows);
  g_clear_error (&error);

  /* Markup, bidi overrides and right-to-left text are kept as text. */
  rows = parse ("plate,state,reason\n<b>1</b>,IL,x\nAB2,IL,<span>\xe2\x80\xae\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d</span>\n",
                &error);
  g_assert_no_error (error);
  g_assert_cmpint (rtcc_hotlist_csv_row_get_problem_code (row_at (rows, 0)), ==, RTCC_HOTLIST_CSV_ERROR_BAD_PLATE);
  g_assert_true (rtcc_hotlist_csv_row_is_valid (row_at (rows, 1)));
  g_clear_pointer (&rows, g_ptr_array_unref);

  rows = rtcc_hotlist_csv_parse ("", 0, NULL, &error);
  g_assert_error (error, RTCC_HOTLIST_CSV_ERROR, RTCC_HOTLIST_CSV_ERROR_BAD_HEADER);
  g_clear_error (&error);

  rows = parse ("plate,reason\nAB1,x\n", &error);
  g_assert_error (error, RTCC_HOTLIST_CSV_ERROR, RTCC_HOTLIST_CSV_ERROR_BAD_HEADER);
  g_clear_error (&error);

  rows = parse ("plate,state,reason,plate\n", &error);
  g_assert_error (error, RTCC_HOTLIST_CSV_ERROR, RTCC_HOTLIST_CSV_ERROR_BAD_HEADER);
  g_clear_error (&error);

  /* A header alone is an empty import, not an error. */
  rows = parse ("plate,state,reason\r\n\r\n", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 0);
}

static void
test_row_limit (void)
{
  g_autoptr(GString) text = g_string_new ("plate,state,reason\n");
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < RTCC_HOTLIST_CSV_MAX_ROWS; i++)
    g_string_append_printf (text, "P%u,IL,bulk\n", i);
  rows = rtcc_hotlist_csv_parse (text->str, text->len, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, RTCC_HOTLIST_CSV_MAX_ROWS);
  g_assert_cmpuint (rtcc_hotlist_csv_count_valid (rows), ==, RTCC_HOTLIST_CSV_MAX_ROWS);
  g_clear_pointer (&rows, g_ptr_array_unref);

  g_string_append (text, "P10001,IL,bulk\n");
  rows = rtcc_hotlist_csv_parse (text->str, text->len, NULL, &error);
  g_assert_error (error, RTCC_HOTLIST_CSV_ERROR, RTCC_HOTLIST_CSV_ERROR_TOO_MANY_ROWS);
  g_assert_null (rows);
  g_clear_error (&error);

  rows = rtcc_hotlist_csv_parse (text->str, RTCC_HOTLIST_CSV_MAX_BYTES + 1, NULL, &error);
  g_assert_error (error, RTCC_HOTLIST_CSV_ERROR, RTCC_HOTLIST_CSV_ERROR_TOO_LARGE);
}

static void
test_checks (void)
{
  g_autoptr(GDateTime) now = test_now ();
  g_autoptr(GDateTime) expires = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *plate = rtcc_hotlist_check_plate (" abc-123 ", &error);
  g_autofree char *state = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (plate, ==, "ABC123");
  state = rtcc_hotlist_check_state ("wi ", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (state, ==, "WI");
  g_assert_null (rtcc_hotlist_check_state ("W1", &error));
  g_assert_error (error, RTCC_HOTLIST_CSV_ERROR, RTCC_HOTLIST_CSV_ERROR_BAD_STATE);
  g_clear_error (&error);
  g_assert_true (rtcc_hotlist_check_expiry ("", now, &expires, &error));
  g_assert_null (expires);
  g_assert_false (rtcc_hotlist_check_expiry (" 026-01-01", now, &expires, &error));
  g_assert_error (error, RTCC_HOTLIST_CSV_ERROR, RTCC_HOTLIST_CSV_ERROR_BAD_DATE);
  g_clear_error (&error);
  g_assert_true (rtcc_hotlist_check_expiry ("2027-03-01", now, &expires, &error));
  g_assert_cmpint (g_date_time_get_year (expires), ==, 2027);
  g_assert_true (rtcc_hotlist_check_case (NULL, &error));
  g_assert_false (rtcc_hotlist_check_reason ("\t", &error));
  g_assert_error (error, RTCC_HOTLIST_CSV_ERROR, RTCC_HOTLIST_CSV_ERROR_MISSING_REASON);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/hotlist-csv/quotes-crlf-bom", test_quotes_crlf_bom);
  g_test_add_func ("/hotlist-csv/columns-any-order", test_columns_any_order);
  g_test_add_func ("/hotlist-csv/row-errors", test_row_errors);
  g_test_add_func ("/hotlist-csv/duplicate-of-refused-row", test_duplicate_of_refused_row);
  g_test_add_func ("/hotlist-csv/hostile", test_hostile);
  g_test_add_func ("/hotlist-csv/row-limit", test_row_limit);
  g_test_add_func ("/hotlist-csv/checks", test_checks);

  return g_test_run ();
}
