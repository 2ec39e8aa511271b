/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rtcc-seen-set.h"

static void
test_versions (void)
{
  g_autoptr(RtccSeenSet) set = rtcc_seen_set_new (10);

  g_assert_true (rtcc_seen_set_add (set, "shotspotter:SS-1", 1));
  g_assert_false (rtcc_seen_set_add (set, "shotspotter:SS-1", 1));
  /* A reviewed alert is news once. */
  g_assert_true (rtcc_seen_set_add (set, "shotspotter:SS-1", 2));
  g_assert_false (rtcc_seen_set_add (set, "shotspotter:SS-1", 2));
  g_assert_false (rtcc_seen_set_add (set, "shotspotter:SS-1", 1));
  g_assert_true (rtcc_seen_set_contains (set, "shotspotter:SS-1"));
  g_assert_false (rtcc_seen_set_contains (set, "shotspotter:SS-2"));
  g_assert_cmpuint (rtcc_seen_set_size (set), ==, 1);
}

static void
test_bounded (void)
{
  g_autoptr(RtccSeenSet) set = rtcc_seen_set_new (3);

  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *id = g_strdup_printf ("flock:hit-%u", i);
      g_assert_true (rtcc_seen_set_add (set, id, 1));
    }
  /* The oldest two are forgotten first, the newest three kept. */
  g_assert_cmpuint (rtcc_seen_set_size (set), ==, 3);
  g_assert_false (rtcc_seen_set_contains (set, "flock:hit-0"));
  g_assert_false (rtcc_seen_set_contains (set, "flock:hit-1"));
  g_assert_true (rtcc_seen_set_contains (set, "flock:hit-4"));
  g_assert_false (rtcc_seen_set_add (set, "flock:hit-2", 1));
  g_assert_true (rtcc_seen_set_add (set, "flock:hit-0", 1));

  rtcc_seen_set_clear (set);
  g_assert_cmpuint (rtcc_seen_set_size (set), ==, 0);
  g_assert_true (rtcc_seen_set_add (set, "flock:hit-4", 1));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/seen-set/versions", test_versions);
  g_test_add_func ("/seen-set/bounded", test_bounded);

  return g_test_run ();
}
