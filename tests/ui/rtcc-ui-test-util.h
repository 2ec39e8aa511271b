/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Helpers the window tests share. They spin the calling thread's default
 * main context, where the windows and the integrations answer, so a test
 * reads top to bottom. */

typedef gboolean (*RtccTestCondition) (gpointer data);

void       rtcc_test_run_for              (guint              ms);
gboolean   rtcc_test_wait_until           (RtccTestCondition  condition,
                                           gpointer           data,
                                           guint              timeout_ms);
void       rtcc_test_run_until            (RtccTestCondition  condition,
                                           gpointer           data,
                                           guint              timeout_ms);

GAsyncResult *rtcc_test_wait_result      (GAsyncResult     **result,
                                           guint              timeout_ms);

gboolean   rtcc_test_is_set               (gpointer           data);
gboolean   rtcc_test_is_done              (gpointer           data);
void       rtcc_test_store_result         (GObject           *object,
                                           GAsyncResult      *result,
                                           gpointer           user_data);

GtkWidget *rtcc_test_find_button          (GtkWidget         *widget,
                                           const char        *action_name);
void       rtcc_test_remove_tree          (const char        *path);
void       rtcc_test_skip_without_display (void);

G_END_DECLS
