/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
/* The memory backend keeps the tests away from the user's dconf. */
#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>

#include "rtcc-enums.h"

static GSettingsSchema *
lookup_schema (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  GSettingsSchema *schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, FALSE);
  if (schema == NULL)
    g_error ("Schema %s is not compiled in GSETTINGS_SCHEMA_DIR=%s", APP_ID,
             g_getenv ("GSETTINGS_SCHEMA_DIR"));
  return schema;
}

static void
assert_range (GSettingsSchema *schema,
              const char      *key,
              guint32          min,
              guint32          max,
              guint32          def)
{
  g_autoptr(GSettingsSchemaKey) skey = g_settings_schema_get_key (schema, key);
  g_autoptr(GVariant) range = g_settings_schema_key_get_range (skey);
  g_autoptr(GVariant) dflt = g_settings_schema_key_get_default_value (skey);
  g_autoptr(GVariant) bounds = NULL;
  const char *kind = NULL;
  guint32 lo, hi;

  g_variant_get (range, "(&sv)", &kind, &bounds);
  g_assert_cmpstr (kind, ==, "range");
  g_variant_get (bounds, "(uu)", &lo, &hi);
  g_assert_cmpuint (lo, ==, min);
  g_assert_cmpuint (hi, ==, max);
  g_assert_cmpuint (g_variant_get_uint32 (dflt), ==, def);

  /* GSettings itself must refuse values outside the range. */
  if (min > 0)
    {
      g_autoptr(GVariant) below = g_variant_ref_sink (g_variant_new_uint32 (min - 1));
      g_assert_false (g_settings_schema_key_range_check (skey, below));
    }
  {
    g_autoptr(GVariant) above = g_variant_ref_sink (g_variant_new_uint32 (max + 1));
    g_autoptr(GVariant) edge = g_variant_ref_sink (g_variant_new_uint32 (max));
    g_assert_false (g_settings_schema_key_range_check (skey, above));
    g_assert_true (g_settings_schema_key_range_check (skey, edge));
  }
}

static void
test_settings_cjis_limits (void)
{
  g_autoptr(GSettingsSchema) schema = lookup_schema ();

  /* CJIS: lock after at most 30 idle minutes, lock accounts after at most
   * 5 failed sign-ins, for at least 10 minutes. Defaults sit at the limit. */
  assert_range (schema, "session-idle-lock-minutes", 1, 30, 30);
  assert_range (schema, "signin-max-attempts", 1, 5, 5);
  assert_range (schema, "lockout-minutes", 10, 1440, 10);
}

static void
test_settings_defaults (void)
{
  g_autoptr(GSettingsSchema) schema = lookup_schema ();
  g_autoptr(GSettingsBackend) backend = g_memory_settings_backend_new ();
  g_autoptr(GSettings) settings = g_settings_new_full (schema, backend, NULL);

  assert_range (schema, "health-interval-seconds", 10, 3600, 60);
  assert_range (schema, "event-retention-days", 1, 3650, 365);
  g_assert_true (g_settings_get_boolean (settings, "alert-sound"));
  g_assert_true (g_settings_get_boolean (settings, "desktop-notifications"));
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));
  g_assert_cmpstr (g_settings_schema_get_path (schema), ==, "/com/g3ti/Rtcc/");

  /* Values written through the memory backend read back unchanged. */
  g_assert_true (g_settings_set_int (settings, "window-width", 1920));
  g_assert_true (g_settings_set_double (settings, "map-zoom", 15.5));
  g_assert_true (g_settings_set_uint (settings, "session-idle-lock-minutes", 15));
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 1920);
  g_assert_cmpfloat (g_settings_get_double (settings, "map-zoom"), ==, 15.5);
  g_assert_cmpuint (g_settings_get_uint (settings, "session-idle-lock-minutes"), ==, 15);
}

static void
test_settings_map_bounds (void)
{
  g_autoptr(GSettingsSchema) schema = lookup_schema ();
  const struct { const char *key; double bad; double good; } cases[] = {
    { "map-latitude", 90.0, 41.88 },
    { "map-latitude", -86.0, -33.87 },
    { "map-longitude", 180.5, -87.65 },
    { "map-zoom", 0.0, 12.0 },
    { "map-zoom", 25.0, 20.0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GSettingsSchemaKey) skey = g_settings_schema_get_key (schema, cases[i].key);
      g_autoptr(GVariant) bad = g_variant_ref_sink (g_variant_new_double (cases[i].bad));
      g_autoptr(GVariant) good = g_variant_ref_sink (g_variant_new_double (cases[i].good));

      g_assert_false (g_settings_schema_key_range_check (skey, bad));
      g_assert_true (g_settings_schema_key_range_check (skey, good));
    }
}

static void
test_settings_time_filter (void)
{
  g_autoptr(GSettingsSchema) schema = lookup_schema ();
  g_autoptr(GSettingsSchemaKey) skey = g_settings_schema_get_key (schema, "time-filter");
  g_autoptr(GVariant) range = g_settings_schema_key_get_range (skey);
  g_autoptr(GVariant) values = NULL;
  g_autoptr(GVariant) week = g_variant_ref_sink (g_variant_new_string ("week"));
  g_autoptr(GSettingsBackend) backend = g_memory_settings_backend_new ();
  g_autoptr(GSettings) settings = g_settings_new_full (schema, backend, NULL);
  g_autofree const char **nicks = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  const char *kind = NULL;
  const char * const expected[] = { "last-hour", "shift", "day", "custom", NULL };

  g_variant_get (range, "(&sv)", &kind, &values);
  g_assert_cmpstr (kind, ==, "enum");
  nicks = g_variant_get_strv (values, NULL);
  g_assert_cmpstrv (nicks, expected);
  g_assert_false (g_settings_schema_key_range_check (skey, week));

  before = g_settings_get_string (settings, "time-filter");
  g_assert_cmpstr (before, ==, "shift");
  g_assert_true (g_settings_set_enum (settings, "time-filter", 3));
  after = g_settings_get_string (settings, "time-filter");
  g_assert_cmpstr (after, ==, "custom");
}

static void
test_settings_sources_match_core (void)
{
  g_autoptr(GSettingsSchema) schema = lookup_schema ();
  g_autoptr(GSettingsSchemaKey) skey = g_settings_schema_get_key (schema, "feed-source-filter");
  g_autoptr(GVariant) range = g_settings_schema_key_get_range (skey);
  g_autoptr(GVariant) values = NULL;
  g_autoptr(GVariant) unknown = NULL;
  g_autoptr(GVariant) some = NULL;
  g_autofree const char **choices = NULL;
  GEnumClass *klass = g_type_class_ref (RTCC_TYPE_SOURCE);
  const char *kind = NULL;
  const char * const shotspotter_flock[] = { "shotspotter", "flock", NULL };
  const char * const bogus[] = { "shotspotter", "twitter", NULL };

  /* The filter's choices are exactly the sources the event model knows. */
  g_variant_get (range, "(&sv)", &kind, &values);
  g_assert_cmpstr (kind, ==, "enum");
  choices = g_variant_get_strv (values, NULL);
  g_assert_cmpuint (g_strv_length ((char **) choices), ==, klass->n_values);
  for (guint i = 0; i < klass->n_values; i++)
    g_assert_true (g_strv_contains (choices, klass->values[i].value_nick));
  g_type_class_unref (klass);

  some = g_variant_ref_sink (g_variant_new_strv (shotspotter_flock, -1));
  unknown = g_variant_ref_sink (g_variant_new_strv (bogus, -1));
  g_assert_true (g_settings_schema_key_range_check (skey, some));
  g_assert_false (g_settings_schema_key_range_check (skey, unknown));
}

static void
test_settings_keys_documented (void)
{
  g_autoptr(GSettingsSchema) schema = lookup_schema ();
  g_auto(GStrv) keys = g_settings_schema_list_keys (schema);
  const char * const required[] = {
    "window-width", "window-height", "window-maximized", "feed-paned-position",
    "detail-paned-position", "map-latitude", "map-longitude", "map-zoom",
    "feed-source-filter", "health-interval-seconds", "alert-sound",
    "desktop-notifications", "session-idle-lock-minutes", "signin-max-attempts",
    "lockout-minutes", "event-retention-days", "time-filter",
  };

  for (guint i = 0; i < G_N_ELEMENTS (required); i++)
    g_assert_true (g_settings_schema_has_key (schema, required[i]));

  /* Preferences and dconf-editor show these; an empty one is a bug. */
  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autoptr(GSettingsSchemaKey) skey = g_settings_schema_get_key (schema, keys[i]);
      const char *summary = g_settings_schema_key_get_summary (skey);
      const char *description = g_settings_schema_key_get_description (skey);

      if (summary == NULL || *summary == '\0' || description == NULL || *description == '\0')
        g_error ("Key %s lacks a summary or a description", keys[i]);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/settings/cjis-limits", test_settings_cjis_limits);
  g_test_add_func ("/settings/defaults", test_settings_defaults);
  g_test_add_func ("/settings/map-bounds", test_settings_map_bounds);
  g_test_add_func ("/settings/time-filter", test_settings_time_filter);
  g_test_add_func ("/settings/sources-match-core", test_settings_sources_match_core);
  g_test_add_func ("/settings/keys-documented", test_settings_keys_documented);

  return g_test_run ();
}
