/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccClipExportDialog"

#include "config.h"

#include <errno.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gst/gst.h>

#include "rtcc-clip-export-dialog.h"
#include "rtcc-snapshot.h"
#include "rtcc-time.h"
#include "rtcc-util.h"

/* What the dialog offers when nothing else is known. */
#define DEFAULT_SPAN_MINUTES 5
/* Milestone's own progress is most of the wait; the download the rest. */
#define EXPORT_SHARE 0.8

/**
 * RtccClipExportDialog:
 *
 * Exports a recorded clip of one camera from Milestone: the analyst
 * picks a UTC range, watches the progress, may cancel (the partial file
 * goes), then plays the clip in place and saves a copy where the case
 * needs it. The export lives in a temporary file under
 * `$XDG_CACHE_HOME/rtcc/exports` that is removed with the dialog, so
 * video does not pile up on a shared workstation. Every export is
 * audited (`video_export`: camera and range, never the video).
 */
struct _RtccClipExportDialog
{
  AdwWindow                 parent_instance;

  AdwToastOverlay          *toasts;
  AdwWindowTitle           *window_title;
  GtkWidget                *range_list;
  AdwEntryRow              *start_row;
  AdwEntryRow              *end_row;
  GtkProgressBar           *progress_bar;
  GtkLabel                 *status_label;
  GtkWidget                *player_box;
  GtkPicture               *picture;
  GtkButton                *pause_button;
  GtkScale                 *seek_scale;
  GtkAdjustment            *seek_adjustment;
  GtkLabel                 *time_label;
  GtkWidget                *cancel_button;
  GtkWidget                *export_button;
  GtkWidget                *save_button;
  GtkWidget                *play_button;

  RtccMilestoneIntegration *milestone;
  RtccAuditLog             *audit;
  char                     *operator_id;
  char                     *camera_id;
  char                     *camera_name;
  GDateTime                *start;      /* of the export under way or done */
  GDateTime                *end;
  RtccClipExportState       state;
  double                    fraction;
  char                     *message;
  GFile                    *file;       /* the temporary export */
  GCancellable             *cancellable;
  GtkFileChooserNative     *chooser;
  RtccClipPlayer           *player;
  gboolean                  play_when_done;
  gboolean                  watching_shutdown;
  gboolean                  disposed;
};

G_DEFINE_FINAL_TYPE (RtccClipExportDialog, rtcc_clip_export_dialog, ADW_TYPE_WINDOW)

G_DEFINE_ENUM_TYPE (RtccClipExportState, rtcc_clip_export_state,
                    G_DEFINE_ENUM_VALUE (RTCC_CLIP_EXPORT_STATE_IDLE, "idle"),
                    G_DEFINE_ENUM_VALUE (RTCC_CLIP_EXPORT_STATE_EXPORTING, "exporting"),
                    G_DEFINE_ENUM_VALUE (RTCC_CLIP_EXPORT_STATE_DONE, "done"),
                    G_DEFINE_ENUM_VALUE (RTCC_CLIP_EXPORT_STATE_FAILED, "failed"))

enum {
  PROP_0,
  PROP_STATE,
  PROP_FRACTION,
  PROP_MESSAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static char *
format_entry_time (GDateTime *time)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (time);

  return g_date_time_format (utc, "%Y-%m-%d %H:%M:%S");
}

/* Accepts what the entry shows and ISO 8601 as pasted from elsewhere;
 * a time without a zone is UTC, as the label says. */
static GDateTime *
parse_entry_time (const char *text)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autofree char *iso = g_strstrip (g_strdup (text));

  for (char *p = iso; *p != '\0'; p++)
    if (*p == ' ')
      {
        *p = 'T';
        break;
      }
  return g_date_time_new_from_iso8601 (iso, utc);
}

static void
update_ui (RtccClipExportDialog *self)
{
  gboolean exporting = self->state == RTCC_CLIP_EXPORT_STATE_EXPORTING;
  gboolean done = self->state == RTCC_CLIP_EXPORT_STATE_DONE;
  GtkWidget *widget = GTK_WIDGET (self);

  /* Not insensitive: that would take the focus from under the entry. */
  gtk_editable_set_editable (GTK_EDITABLE (self->start_row), !exporting);
  gtk_editable_set_editable (GTK_EDITABLE (self->end_row), !exporting);
  gtk_widget_action_set_enabled (widget, "clip.export", !exporting && self->milestone != NULL);
  gtk_widget_action_set_enabled (widget, "clip.cancel", exporting);
  gtk_widget_action_set_enabled (widget, "clip.play", done);
  gtk_widget_action_set_enabled (widget, "clip.save", done);
  gtk_widget_set_visible (self->cancel_button, exporting);
  gtk_widget_set_visible (self->play_button, done);
  gtk_widget_set_visible (self->save_button, done);
  gtk_button_set_label (GTK_BUTTON (self->export_button),
                        self->state == RTCC_CLIP_EXPORT_STATE_FAILED ? _("_Try Again")
                        : done ? _("_Export Again") : _("_Export"));
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), exporting || done);
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), self->message != NULL);
  gtk_label_set_label (self->status_label, self->message != NULL ? self->message : "");
  if (self->state == RTCC_CLIP_EXPORT_STATE_FAILED)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
  if (!done)
    gtk_widget_set_visible (self->player_box, FALSE);
}

static void
set_state (RtccClipExportDialog *self,
           RtccClipExportState   state,
           const char           *message)
{
  gboolean changed = self->state != state;

  self->state = state;
  if (rtcc_set_str (&self->message, message))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);
  update_ui (self);
  if (changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_fraction (RtccClipExportDialog *self,
              double                fraction,
              const char           *text)
{
  g_autofree char *label = NULL;

  /* Progress never goes back: the download starting must not look like
   * a restart. */
  fraction = CLAMP (MAX (fraction, self->fraction), 0.0, 1.0);
  label = g_strdup_printf ("%s %d %%", text, (int) (fraction * 100 + 0.5));
  gtk_progress_bar_set_fraction (self->progress_bar, fraction);
  gtk_progress_bar_set_text (self->progress_bar, label);
  if (fraction != self->fraction)
    {
      self->fraction = fraction;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
    }
}

static void
remove_file (GFile *file)
{
  g_autoptr(GError) error = NULL;

  /* A local unlink: quick, and it must be done before the dialog goes. */
  if (!g_file_delete (file, NULL, &error) && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    g_warning ("Could not remove a temporary clip export: %s", error->message);
}

static void
audit_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (rtcc_audit_log_append_finish (RTCC_AUDIT_LOG (object), result, &error) <= 0)
    g_warning ("Could not write the audit record of a clip export: %s", error->message);
}

static void
audit_export (RtccClipExportDialog *self,
              gboolean              success,
              const char           *detail)
{
  g_autoptr(RtccAuditRecord) record = NULL;
  g_autofree char *start = NULL;
  g_autofree char *end = NULL;
  g_autofree char *terms = NULL;

  if (self->audit == NULL)
    return;
  start = rtcc_time_format_iso (self->start);
  end = rtcc_time_format_iso (self->end);
  terms = g_strdup_printf ("camera=%s start=%s end=%s", self->camera_id, start, end);
  record = rtcc_audit_record_new (self->operator_id != NULL ? self->operator_id : g_get_user_name (),
                                  RTCC_AUDIT_ACTION_VIDEO_EXPORT);
  rtcc_audit_record_set_integration (record, "milestone");
  rtcc_audit_record_set_query_terms (record, terms);
  rtcc_audit_record_set_outcome (record, success ? RTCC_AUDIT_OUTCOME_SUCCESS : RTCC_AUDIT_OUTCOME_FAILURE);
  if (detail != NULL)
    rtcc_audit_record_set_outcome_detail (record, detail);
  rtcc_audit_log_append_async (self->audit, record, NULL, audit_cb, NULL);
}

/* Called by the integration while the dialog holds a reference. */
static void
export_progress (RtccExportPhase phase,
                 double          fraction,
                 gpointer        user_data)
{
  RtccClipExportDialog *self = user_data;

  if (self->disposed || self->state != RTCC_CLIP_EXPORT_STATE_EXPORTING)
    return;
  if (fraction < 0)
    {
      gtk_progress_bar_pulse (self->progress_bar);
      return;
    }
  if (phase == RTCC_EXPORT_PHASE_EXPORTING)
    set_fraction (self, EXPORT_SHARE * fraction, _("Milestone is cutting the clip…"));
  else
    set_fraction (self, EXPORT_SHARE + (1.0 - EXPORT_SHARE) * fraction, _("Downloading the clip…"));
}

static void
export_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(RtccClipExportDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  goffset size;

  size = rtcc_milestone_integration_export_clip_finish (RTCC_MILESTONE_INTEGRATION (object), result, &error);
  if (error != NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    audit_export (self, FALSE, "cancelled by the operator");
  else
    audit_export (self, error == NULL, error != NULL ? error->message : NULL);

  if (self->disposed)
    return;
  g_clear_object (&self->cancellable);
  if (error != NULL)
    {
      /* The integration removes what it had written; make sure. */
      remove_file (self->file);
      g_clear_object (&self->file);
      self->fraction = 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_state (self, RTCC_CLIP_EXPORT_STATE_FAILED, _("The export was cancelled; nothing was kept."));
      else
        set_state (self, RTCC_CLIP_EXPORT_STATE_FAILED, error->message);
      return;
    }
  {
    g_autofree char *text = NULL;
    g_autofree char *bytes = g_format_size (size);

    set_fraction (self, 1.0, _("Done"));
    /* Translators: the size of the exported clip, e.g. "2.1 MB" */
    text = g_strdup_printf (_("The clip is ready (%s). Play it here, or save a copy."), bytes);
    set_state (self, RTCC_CLIP_EXPORT_STATE_DONE, text);
    if (self->play_when_done)
      rtcc_clip_export_dialog_play (self);
  }
}

/* Exports left by a crash or a killed session: a day is longer than any
 * dialog stays open. */
static void
sweep_old_exports (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  gint64 limit = g_get_real_time () / G_USEC_PER_SEC - 24 * 3600;
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      GStatBuf info;

      if ((g_str_has_suffix (name, ".mp4") || g_str_has_suffix (name, ".part")) && g_stat (path, &info) == 0 &&
          S_ISREG (info.st_mode) && info.st_mtime < limit)
        g_remove (path);
    }
}

static GFile *
new_export_file (RtccClipExportDialog  *self,
                 GError               **error)
{
  g_autofree char *dir = g_build_filename (g_get_user_cache_dir (), "rtcc", "exports", NULL);
  g_autofree char *safe = rtcc_snapshot_safe_name (self->camera_name != NULL ? self->camera_name : self->camera_id);
  g_autoptr(GDateTime) utc = g_date_time_to_utc (self->start);
  g_autofree char *stamp = g_date_time_format (utc, "%Y%m%d-%H%M%SZ");
  g_autofree char *name = NULL;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not create the folder for exports, %s: %s"), dir, g_strerror (saved));
      return NULL;
    }
  sweep_old_exports (dir);
  /* Random, so that two dialogs for the same range do not collide. */
  name = g_strdup_printf ("%s_%s_%08x.mp4", safe, stamp, g_random_int ());
  return g_file_new_build_filename (dir, name, NULL);
}

/**
 * rtcc_clip_export_dialog_start:
 *
 * Checks the range and asks Milestone for the clip, as the Export
 * button does.
 *
 * Returns: %TRUE when the export started; otherwise the dialog says why
 */
gboolean
rtcc_clip_export_dialog_start (RtccClipExportDialog *self)
{
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) end = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (RTCC_IS_CLIP_EXPORT_DIALOG (self), FALSE);

  if (self->state == RTCC_CLIP_EXPORT_STATE_EXPORTING)
    return FALSE;
  if (self->milestone == NULL)
    {
      set_state (self, RTCC_CLIP_EXPORT_STATE_FAILED,
                 _("Milestone XProtect is not configured. Set MILESTONE_API_URL in Preferences."));
      return FALSE;
    }
  start = parse_entry_time (gtk_editable_get_text (GTK_EDITABLE (self->start_row)));
  end = parse_entry_time (gtk_editable_get_text (GTK_EDITABLE (self->end_row)));
  if (start == NULL || end == NULL)
    {
      set_state (self, RTCC_CLIP_EXPORT_STATE_FAILED,
                 _("Write the start and end as YYYY-MM-DD HH:MM:SS, in UTC."));
      return FALSE;
    }
  if (g_date_time_compare (start, end) >= 0)
    {
      set_state (self, RTCC_CLIP_EXPORT_STATE_FAILED, _("The end must come after the start."));
      return FALSE;
    }

  rtcc_clip_player_close (self->player);
  if (self->file != NULL)
    remove_file (self->file);
  g_clear_object (&self->file);
  g_clear_pointer (&self->start, g_date_time_unref);
  g_clear_pointer (&self->end, g_date_time_unref);
  self->start = g_steal_pointer (&start);
  self->end = g_steal_pointer (&end);
  self->file = new_export_file (self, &error);
  if (self->file == NULL)
    {
      set_state (self, RTCC_CLIP_EXPORT_STATE_FAILED, error->message);
      return FALSE;
    }

  self->fraction = 0;
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_progress_bar_set_text (self->progress_bar, _("Asking Milestone for the clip…"));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
  self->cancellable = g_cancellable_new ();
  set_state (self, RTCC_CLIP_EXPORT_STATE_EXPORTING, NULL);
  g_debug ("Exporting a clip to %s", g_file_peek_path (self->file));
  rtcc_milestone_integration_export_clip_async (self->milestone, self->camera_id, self->start, self->end,
                                                self->file, export_progress, self, self->cancellable,
                                                export_cb, g_object_ref (self));
  return TRUE;
}

/**
 * rtcc_clip_export_dialog_cancel:
 *
 * Cancels the export under way; what was written of it is removed.
 */
void
rtcc_clip_export_dialog_cancel (RtccClipExportDialog *self)
{
  g_return_if_fail (RTCC_IS_CLIP_EXPORT_DIALOG (self));

  g_cancellable_cancel (self->cancellable);
}

static char *
format_clock (gint64 ns)
{
  gint64 seconds = ns / GST_SECOND;

  return g_strdup_printf ("%" G_GINT64_FORMAT ":%02d", seconds / 60, (int) (seconds % 60));
}

static void
update_position (RtccClipExportDialog *self)
{
  gint64 position = rtcc_clip_player_get_position (self->player);
  gint64 duration = rtcc_clip_player_get_duration (self->player);
  g_autofree char *now = format_clock (position);
  g_autofree char *total = format_clock (duration);
  g_autofree char *text = g_strdup_printf ("%s / %s", now, total);

  gtk_adjustment_set_upper (self->seek_adjustment, MAX ((double) duration / GST_SECOND, 1.0));
  gtk_adjustment_set_value (self->seek_adjustment, (double) position / GST_SECOND);
  gtk_label_set_label (self->time_label, text);
}

static void
update_playing (RtccClipExportDialog *self)
{
  gboolean playing = rtcc_clip_player_get_playing (self->player);

  gtk_button_set_icon_name (self->pause_button,
                            playing ? "media-playback-pause-symbolic" : "media-playback-start-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->pause_button), playing ? _("Pause") : _("Play"));
}

static void
update_player_error (RtccClipExportDialog *self)
{
  const char *error = rtcc_clip_player_get_error (self->player);

  if (error != NULL)
    adw_toast_overlay_add_toast (self->toasts, adw_toast_new (error));
}

static gboolean
on_seek (GtkRange             *range,
         GtkScrollType         scroll,
         double                value,
         RtccClipExportDialog *self)
{
  rtcc_clip_player_seek (self->player, (gint64) (value * GST_SECOND));
  return FALSE;
}

/**
 * rtcc_clip_export_dialog_play:
 *
 * Opens the finished export in the dialog's player and plays it.
 */
void
rtcc_clip_export_dialog_play (RtccClipExportDialog *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (RTCC_IS_CLIP_EXPORT_DIALOG (self));

  if (self->state != RTCC_CLIP_EXPORT_STATE_DONE || self->file == NULL)
    return;
  if (rtcc_clip_player_get_duration (self->player) == 0 &&
      !rtcc_clip_player_open (self->player, self->file, &error))
    {
      adw_toast_overlay_add_toast (self->toasts, adw_toast_new (error->message));
      return;
    }
  gtk_widget_set_visible (self->player_box, TRUE);
  rtcc_clip_player_play (self->player);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  rtcc_clip_export_dialog_start (RTCC_CLIP_EXPORT_DIALOG (widget));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  rtcc_clip_export_dialog_cancel (RTCC_CLIP_EXPORT_DIALOG (widget));
}

static void
play_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  rtcc_clip_export_dialog_play (RTCC_CLIP_EXPORT_DIALOG (widget));
}

static void
toggle_pause_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  RtccClipExportDialog *self = RTCC_CLIP_EXPORT_DIALOG (widget);

  if (rtcc_clip_player_get_playing (self->player))
    rtcc_clip_player_pause (self->player);
  else
    rtcc_clip_player_play (self->player);
}

static void
copy_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(RtccClipExportDialog) self = user_data;
  GFile *destination = g_object_get_data (G_OBJECT (self), "rtcc-last-saved");
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (!g_file_copy_finish (G_FILE (object), result, &error))
    text = g_strdup_printf (_("Could not save the clip: %s"), error->message);
  else
    {
      g_autofree char *name = destination != NULL ? g_file_get_parse_name (destination) : NULL;

      text = g_strdup_printf (_("Saved to %s"), name != NULL ? name : "");
    }
  if (!self->disposed)
    adw_toast_overlay_add_toast (self->toasts, adw_toast_new (text));
}

static void
chooser_response_cb (GtkNativeDialog      *dialog,
                     int                   response,
                     RtccClipExportDialog *self)
{
  g_autoptr(GFile) destination = NULL;

  if (response != GTK_RESPONSE_ACCEPT || self->file == NULL)
    return;
  destination = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  if (destination == NULL)
    return;
  g_object_set_data_full (G_OBJECT (self), "rtcc-last-saved", g_object_ref (destination), g_object_unref);
  g_file_copy_async (self->file, destination, G_FILE_COPY_OVERWRITE, G_PRIORITY_DEFAULT, NULL,
                     NULL, NULL, copy_cb, g_object_ref (self));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  RtccClipExportDialog *self = RTCC_CLIP_EXPORT_DIALOG (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *safe = rtcc_snapshot_safe_name (self->camera_name != NULL ? self->camera_name : self->camera_id);
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) end = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *name = NULL;
  const char *videos = g_get_user_special_dir (G_USER_DIRECTORY_VIDEOS);

  if (self->state != RTCC_CLIP_EXPORT_STATE_DONE)
    return;
  start = g_date_time_to_utc (self->start);
  end = g_date_time_to_utc (self->end);
  from = g_date_time_format (start, "%Y%m%d-%H%M%SZ");
  to = g_date_time_format (end, "%H%M%SZ");
  name = g_strdup_printf ("%s_%s_%s.mp4", safe, from, to);

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (_("Save Clip"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("MP4 videos"));
  gtk_file_filter_add_mime_type (filter, "video/mp4");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  if (videos != NULL && g_file_test (videos, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GFile) folder = g_file_new_for_path (videos);

      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (self->chooser), folder, NULL);
    }
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  g_signal_connect (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* GtkWindow focuses the first entry when shown; the range is usually
 * right as offered, so the focus goes to Export instead. */
static void
rtcc_clip_export_dialog_map (GtkWidget *widget)
{
  RtccClipExportDialog *self = RTCC_CLIP_EXPORT_DIALOG (widget);

  GTK_WIDGET_CLASS (rtcc_clip_export_dialog_parent_class)->map (widget);
  gtk_widget_grab_focus (self->export_button);

  /* Quitting does not destroy windows; the temporary export must go. */
  if (!self->watching_shutdown && g_application_get_default () != NULL)
    {
      self->watching_shutdown = TRUE;
      g_signal_connect_object (g_application_get_default (), "shutdown",
                               G_CALLBACK (gtk_window_destroy), self, G_CONNECT_SWAPPED);
    }
}

static void
rtcc_clip_export_dialog_dispose (GObject *object)
{
  RtccClipExportDialog *self = RTCC_CLIP_EXPORT_DIALOG (object);

  self->disposed = TRUE;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  if (self->player != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->player, self);
      rtcc_clip_player_close (self->player);
    }
  g_clear_object (&self->player);
  /* Saved copies are the analyst's; the temporary export goes. */
  if (self->file != NULL)
    remove_file (self->file);
  g_clear_object (&self->file);
  gtk_widget_dispose_template (GTK_WIDGET (self), RTCC_TYPE_CLIP_EXPORT_DIALOG);

  G_OBJECT_CLASS (rtcc_clip_export_dialog_parent_class)->dispose (object);
}

static void
rtcc_clip_export_dialog_finalize (GObject *object)
{
  RtccClipExportDialog *self = RTCC_CLIP_EXPORT_DIALOG (object);

  g_clear_object (&self->milestone);
  g_clear_object (&self->audit);
  g_free (self->operator_id);
  g_free (self->camera_id);
  g_free (self->camera_name);
  g_clear_pointer (&self->start, g_date_time_unref);
  g_clear_pointer (&self->end, g_date_time_unref);
  g_free (self->message);

  G_OBJECT_CLASS (rtcc_clip_export_dialog_parent_class)->finalize (object);
}

static void
rtcc_clip_export_dialog_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  RtccClipExportDialog *self = RTCC_CLIP_EXPORT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_FRACTION:
      g_value_set_double (value, self->fraction);
      break;
    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rtcc_clip_export_dialog_class_init (RtccClipExportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rtcc_clip_export_dialog_dispose;
  object_class->finalize = rtcc_clip_export_dialog_finalize;
  object_class->get_property = rtcc_clip_export_dialog_get_property;
  widget_class->map = rtcc_clip_export_dialog_map;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, RTCC_TYPE_CLIP_EXPORT_STATE, RTCC_CLIP_EXPORT_STATE_IDLE,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_FRACTION] =
    g_param_spec_double ("fraction", NULL, NULL, 0.0, 1.0, 0.0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_MESSAGE] =
    g_param_spec_string ("message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/g3ti/Rtcc/rtcc-clip-export-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, RtccClipExportDialog, toasts);
  gtk_widget_class_bind_template_child (widget_class, RtccClipExportDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, RtccClipExportDialog, range_list);
  gtk_widget_class_bind_template_child (widget_class, RtccClipExportDialog, start_row);
  gtk_widget_class_bind_template_child (widget_class, RtccClipExportDialog, end_row);
  gtk_widget_class_bind_template_child (widget_class, RtccClipExportDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, RtccClipExportDialog, status_label);
  gtk_widget_class_bind_template_child (widget_class, RtccClipExportDialog, player_box);
  gtk_widget_class_bind_template_child (widget_class, RtccClipExportDialog, picture);
  gtk_widget_class_bind_template_child (widget_class, RtccClipExportDialog, pause_button);
  gtk_widget_class_bind_template_child (widget_class, RtccClipExportDialog, seek_scale);
  gtk_widget_class_bind_template_child (widget_class, RtccClipExportDialog, seek_adjustment);
  gtk_widget_class_bind_template_child (widget_class, RtccClipExportDialog, time_label);
  gtk_widget_class_bind_template_child (widget_class, RtccClipExportDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, RtccClipExportDialog, export_button);
  gtk_widget_class_bind_template_child (widget_class, RtccClipExportDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, RtccClipExportDialog, play_button);

  gtk_widget_class_install_action (widget_class, "clip.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "clip.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "clip.play", NULL, play_action);
  gtk_widget_class_install_action (widget_class, "clip.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "clip.toggle-pause", NULL, toggle_pause_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_space, GDK_CONTROL_MASK, "clip.toggle-pause", NULL);
}

static void
rtcc_clip_export_dialog_init (RtccClipExportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->player = rtcc_clip_player_new ();
  gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (rtcc_clip_player_get_paintable (self->player)));
  g_signal_connect_swapped (self->player, "notify::position", G_CALLBACK (update_position), self);
  g_signal_connect_swapped (self->player, "notify::duration", G_CALLBACK (update_position), self);
  g_signal_connect_swapped (self->player, "notify::playing", G_CALLBACK (update_playing), self);
  g_signal_connect_swapped (self->player, "notify::error", G_CALLBACK (update_player_error), self);
  g_signal_connect (self->seek_scale, "change-value", G_CALLBACK (on_seek), self);
  update_position (self);
  update_playing (self);
  update_ui (self);
  /* The range is filled in already: Enter exports it. */
  gtk_window_set_default_widget (GTK_WINDOW (self), self->export_button);
}

/**
 * rtcc_clip_export_dialog_new:
 * @milestone: (nullable): the VMS; without it the dialog says it is not
 *   configured
 * @camera_id: the camera to export from
 * @camera_name: (nullable): its name, shown and used in file names
 *
 * Returns: (transfer full): a dialog offering the last five minutes
 */
RtccClipExportDialog *
rtcc_clip_export_dialog_new (RtccMilestoneIntegration *milestone,
                             const char               *camera_id,
                             const char               *camera_name)
{
  RtccClipExportDialog *self;
  g_autoptr(GDateTime) end = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) start = g_date_time_add_minutes (end, -DEFAULT_SPAN_MINUTES);

  g_return_val_if_fail (milestone == NULL || RTCC_IS_MILESTONE_INTEGRATION (milestone), NULL);
  g_return_val_if_fail (camera_id != NULL, NULL);

  self = g_object_new (RTCC_TYPE_CLIP_EXPORT_DIALOG, NULL);
  self->milestone = milestone != NULL ? g_object_ref (milestone) : NULL;
  self->camera_id = g_strdup (camera_id);
  self->camera_name = g_strdup (camera_name);
  adw_window_title_set_subtitle (self->window_title, camera_name != NULL ? camera_name : camera_id);
  rtcc_clip_export_dialog_set_range (self, start, end);
  if (milestone == NULL)
    set_state (self, RTCC_CLIP_EXPORT_STATE_IDLE,
               _("Milestone XProtect is not configured. Set MILESTONE_API_URL in Preferences."));
  update_ui (self);
  return self;
}

/**
 * rtcc_clip_export_dialog_set_range:
 * @start: the first moment of the clip
 * @end: the last
 *
 * Fills the range in; the analyst may still change it.
 */
void
rtcc_clip_export_dialog_set_range (RtccClipExportDialog *self,
                                   GDateTime            *start,
                                   GDateTime            *end)
{
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;

  g_return_if_fail (RTCC_IS_CLIP_EXPORT_DIALOG (self));
  g_return_if_fail (start != NULL && end != NULL);

  from = format_entry_time (start);
  to = format_entry_time (end);
  gtk_editable_set_text (GTK_EDITABLE (self->start_row), from);
  gtk_editable_set_text (GTK_EDITABLE (self->end_row), to);
}

/**
 * rtcc_clip_export_dialog_set_around:
 * @time: the moment of interest, e.g. an event's
 *
 * Offers the minutes around @time: two before, three after, but not
 * past now, which Milestone has not recorded yet.
 */
void
rtcc_clip_export_dialog_set_around (RtccClipExportDialog *self,
                                    GDateTime            *time)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) end = NULL;

  g_return_if_fail (RTCC_IS_CLIP_EXPORT_DIALOG (self));
  g_return_if_fail (time != NULL);

  start = g_date_time_add_minutes (time, -2);
  end = g_date_time_add_minutes (time, 3);
  if (g_date_time_compare (end, now) > 0)
    {
      g_date_time_unref (end);
      end = g_date_time_ref (now);
    }
  if (g_date_time_compare (start, end) >= 0)
    {
      g_date_time_unref (start);
      start = g_date_time_add_minutes (end, -DEFAULT_SPAN_MINUTES);
    }
  rtcc_clip_export_dialog_set_range (self, start, end);
}

/**
 * rtcc_clip_export_dialog_set_camera_name:
 * @camera_name: (nullable): the camera's name, once the list knows it
 */
void
rtcc_clip_export_dialog_set_camera_name (RtccClipExportDialog *self,
                                         const char           *camera_name)
{
  g_return_if_fail (RTCC_IS_CLIP_EXPORT_DIALOG (self));

  rtcc_set_str (&self->camera_name, camera_name);
  adw_window_title_set_subtitle (self->window_title, camera_name != NULL ? camera_name : self->camera_id);
}

/**
 * rtcc_clip_export_dialog_get_camera_id:
 *
 * Returns: the camera the dialog exports from
 */
const char *
rtcc_clip_export_dialog_get_camera_id (RtccClipExportDialog *self)
{
  g_return_val_if_fail (RTCC_IS_CLIP_EXPORT_DIALOG (self), NULL);
  return self->camera_id;
}

/**
 * rtcc_clip_export_dialog_set_play_when_done:
 * @play: whether a finished export starts playing by itself
 */
void
rtcc_clip_export_dialog_set_play_when_done (RtccClipExportDialog *self,
                                            gboolean              play)
{
  g_return_if_fail (RTCC_IS_CLIP_EXPORT_DIALOG (self));
  self->play_when_done = play;
}

/**
 * rtcc_clip_export_dialog_set_audit:
 * @audit: (nullable): the log exports are recorded in
 * @operator_id: (nullable): who exports
 */
void
rtcc_clip_export_dialog_set_audit (RtccClipExportDialog *self,
                                   RtccAuditLog         *audit,
                                   const char           *operator_id)
{
  g_return_if_fail (RTCC_IS_CLIP_EXPORT_DIALOG (self));

  g_set_object (&self->audit, audit);
  rtcc_set_str (&self->operator_id, operator_id);
}

/**
 * rtcc_clip_export_dialog_get_state:
 *
 * Returns: where the export is
 */
RtccClipExportState
rtcc_clip_export_dialog_get_state (RtccClipExportDialog *self)
{
  g_return_val_if_fail (RTCC_IS_CLIP_EXPORT_DIALOG (self), RTCC_CLIP_EXPORT_STATE_IDLE);
  return self->state;
}

/**
 * rtcc_clip_export_dialog_get_fraction:
 *
 * Returns: how far the export is, 0 to 1
 */
double
rtcc_clip_export_dialog_get_fraction (RtccClipExportDialog *self)
{
  g_return_val_if_fail (RTCC_IS_CLIP_EXPORT_DIALOG (self), 0);
  return self->fraction;
}

/**
 * rtcc_clip_export_dialog_get_message:
 *
 * Returns: (nullable): what the dialog tells the analyst: the result,
 *   or why the export failed, with Milestone's reason
 */
const char *
rtcc_clip_export_dialog_get_message (RtccClipExportDialog *self)
{
  g_return_val_if_fail (RTCC_IS_CLIP_EXPORT_DIALOG (self), NULL);
  return self->message;
}

/**
 * rtcc_clip_export_dialog_get_file:
 *
 * Returns: (transfer none) (nullable): the temporary file the export is
 *   written to, while there is one
 */
GFile *
rtcc_clip_export_dialog_get_file (RtccClipExportDialog *self)
{
  g_return_val_if_fail (RTCC_IS_CLIP_EXPORT_DIALOG (self), NULL);
  return self->file;
}

/**
 * rtcc_clip_export_dialog_get_player:
 *
 * Returns: (transfer none): the player of the finished export
 */
RtccClipPlayer *
rtcc_clip_export_dialog_get_player (RtccClipExportDialog *self)
{
  g_return_val_if_fail (RTCC_IS_CLIP_EXPORT_DIALOG (self), NULL);
  return self->player;
}
