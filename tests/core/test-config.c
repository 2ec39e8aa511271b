/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "rtcc-config.h"

static char *
write_conf (const char *dir,
            const char *text)
{
  char *path = g_build_filename (dir, "rtcc.conf", NULL);

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  return path;
}

static void
test_precedence (void)
{
  g_autofree char *dir = g_dir_make_tmp ("rtcc-config-XXXXXX", NULL);
  g_autofree char *path = write_conf (dir,
    "[rtcc]\nFLOCK_API_URL=http://file.example\nFLOCK_AGENCY_ID=from-file\nLOG_LEVEL=info\n");
  g_autoptr(RtccConfig) config = NULL;

  g_setenv ("FLOCK_API_URL", "http://env.example", TRUE);
  g_setenv ("FLOCK_AGENCY_ID", "", TRUE);
  config = rtcc_config_new (path, TRUE);

  g_assert_cmpstr (rtcc_config_get (config, "FLOCK_API_URL"), ==, "http://env.example");
  g_assert_cmpint (rtcc_config_get_origin (config, "FLOCK_API_URL"), ==, RTCC_CONFIG_ORIGIN_ENVIRONMENT);
  /* An empty environment variable does not hide the file. */
  g_assert_cmpstr (rtcc_config_get (config, "FLOCK_AGENCY_ID"), ==, "from-file");
  g_assert_cmpint (rtcc_config_get_origin (config, "FLOCK_AGENCY_ID"), ==, RTCC_CONFIG_ORIGIN_FILE);
  rtcc_config_set_override (config, "FLOCK_API_URL", "http://127.0.0.1:1");
  g_assert_cmpstr (rtcc_config_get (config, "FLOCK_API_URL"), ==, "http://127.0.0.1:1");
  rtcc_config_set_override (config, "FLOCK_API_URL", NULL);
  g_assert_cmpstr (rtcc_config_get (config, "FLOCK_API_URL"), ==, "http://env.example");
  g_assert_null (rtcc_config_get (config, "NESS_API_URL"));

  g_unsetenv ("FLOCK_API_URL");
  g_unsetenv ("FLOCK_AGENCY_ID");
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_secrets_not_kept_in_file (void)
{
  g_autofree char *dir = g_dir_make_tmp ("rtcc-config-XXXXXX", NULL);
  g_autofree char *path = write_conf (dir, "[rtcc]\nNESS_API_KEY=file-secret-123\nNESS_ORI=IL0160000\n");
  g_autoptr(RtccConfig) config = NULL;
  g_autofree char *saved = NULL;

  g_test_expect_message ("RtccConfig", G_LOG_LEVEL_WARNING, "*NESS_API_KEY*keyring*");
  config = rtcc_config_new (path, FALSE);
  g_test_assert_expected_messages ();

  /* Honoured for this run, but never written back. */
  g_assert_cmpstr (rtcc_config_get (config, "NESS_API_KEY"), ==, "file-secret-123");
  rtcc_config_set (config, "NESS_OPERATOR_ID", "OP1234");
  g_assert_true (rtcc_config_save (config, NULL));
  g_assert_true (g_file_get_contents (path, &saved, NULL, NULL));
  g_assert_null (strstr (saved, "file-secret-123"));
  g_assert_nonnull (strstr (saved, "NESS_OPERATOR_ID=OP1234"));
  g_assert_nonnull (strstr (saved, "NESS_ORI=IL0160000"));

  g_unlink (path);
  g_rmdir (dir);
}

static void
test_unreadable_file_ignored (void)
{
  g_autofree char *dir = g_dir_make_tmp ("rtcc-config-XXXXXX", NULL);
  g_autofree char *path = write_conf (dir, "\xff\xfe not a key file [[[");
  g_autoptr(RtccConfig) config = NULL;

  g_test_expect_message ("RtccConfig", G_LOG_LEVEL_WARNING, "Ignoring the settings file*");
  config = rtcc_config_new (path, FALSE);
  g_test_assert_expected_messages ();
  g_assert_null (rtcc_config_get (config, "FLOCK_API_URL"));
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_parse_error_keeps_secret_out_of_log (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;

  if (g_test_subprocess ())
    {
      g_autoptr(RtccConfig) config = NULL;

      /* The warning is expected; only its text is under test. */
      g_log_set_always_fatal (G_LOG_FATAL_MASK);
      dir = g_dir_make_tmp ("rtcc-config-XXXXXX", NULL);
      /* A colon for an equals sign: the key file parser quotes the line. */
      path = write_conf (dir, "[rtcc]\nNESS_API_KEY: leaked-secret-4567\n");
      config = rtcc_config_new (path, FALSE);
      g_assert_null (rtcc_config_get (config, "NESS_API_KEY"));
      g_unlink (path);
      g_rmdir (dir);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDIN);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("*Ignoring the settings file*");
  g_test_trap_assert_stderr_unmatched ("*leaked-secret-4567*");
}

static void
test_values (void)
{
  g_autoptr(RtccConfig) config = rtcc_config_new (NULL, FALSE);
  g_autofree char *r1 = rtcc_config_redact ("FLOCK_API_KEY", "abcdefghijklmnop");
  g_autofree char *r2 = rtcc_config_redact ("FLOCK_API_KEY", "short");
  g_autofree char *r3 = rtcc_config_redact ("FLOCK_API_URL", "http://x");

  rtcc_config_set_override (config, "INTEGRATION_DEBUG", "true");
  rtcc_config_set_override (config, "RTCC_HEALTH_INTERVAL", "30");
  rtcc_config_set_override (config, "LOG_LEVEL", "banana");
  g_assert_true (rtcc_config_get_boolean (config, "INTEGRATION_DEBUG", FALSE));
  g_assert_false (rtcc_config_get_boolean (config, "MISSING", FALSE));
  g_assert_true (rtcc_config_get_boolean (config, "LOG_LEVEL", TRUE));
  g_assert_cmpint (rtcc_config_get_int (config, "RTCC_HEALTH_INTERVAL", 60), ==, 30);
  g_assert_cmpint (rtcc_config_get_int (config, "LOG_LEVEL", 60), ==, 60);
  g_assert_true (rtcc_config_is_secret_key ("MILESTONE_PASSWORD"));
  g_assert_false (rtcc_config_is_secret_key ("MILESTONE_USERNAME"));
  g_assert_cmpstr (r1, ==, "••••op");
  g_assert_cmpstr (r2, ==, "••••");
  g_assert_cmpstr (r3, ==, "http://x");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/config/precedence", test_precedence);
  g_test_add_func ("/config/secrets-not-kept-in-file", test_secrets_not_kept_in_file);
  g_test_add_func ("/config/unreadable-file-ignored", test_unreadable_file_ignored);
  g_test_add_func ("/config/parse-error-keeps-secret-out-of-log",
                   test_parse_error_keeps_secret_out_of_log);
  g_test_add_func ("/config/values", test_values);

  return g_test_run ();
}
