/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Allocations that libraries keep for the life of the process by design;
 * read only by sanitizer builds. Leaks in our own code stay reported. */
const char *__lsan_default_suppressions (void);
const char *__asan_default_options (void);

const char *
__lsan_default_suppressions (void)
{
  return "leak:libfontconfig.so\n"   /* fontconfig's configuration and font cache */
         "leak:g_intern_string\n"    /* GLib's quark table */
         "leak:_dl_init\n";          /* library constructors, e.g. GLib's quark blocks */
}

/* The fast unwinder stops at the first library built without frame
 * pointers, and then the suppressions above cannot see who allocated. */
const char *
__asan_default_options (void)
{
  return "fast_unwind_on_malloc=0";
}
