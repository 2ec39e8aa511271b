/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccBwcWindow"

#include "config.h"

#include <glib/gi18n.h>

#include "rtcc-bwc-assignment-item.h"
#include "rtcc-bwc-window.h"
#include "rtcc-util.h"
#include "rtcc-video-download.h"

/* Incident numbers as the RMS writes them (2026-900001) and as other
 * agencies' systems do: letters, digits and dashes, nothing to escape. */
#define INCIDENT_MAX 32

/**
 * RtccBwcWindow:
 *
 * Body-worn camera recordings: listed by officer and day or by incident,
 * played in place, downloaded with the vendor's checksum verified, and
 * linked to or unlinked from incidents (audited); and which officer
 * carries which camera.
 */
struct _RtccBwcWindow
{
  AdwWindow           parent_instance;

  AdwToastOverlay    *toast_overlay;
  AdwViewStack       *view_stack;
  GtkEntry           *officer_entry;
  GtkEntry           *date_entry;
  GtkEntry           *incident_entry;
  GtkButton          *search_button;
  GtkStack           *list_stack;
  GtkSpinner         *list_spinner;
  GtkColumnView      *recordings_view;
  AdwStatusPage      *empty_page;
  AdwStatusPage      *error_page;
  GtkLabel           *recording_title;
  GtkPicture         *picture;
  GtkBox             *player_status_box;
  GtkSpinner         *player_spinner;
  GtkLabel           *player_status_label;
  GtkButton          *play_button;
  GtkScale           *seek_scale;
  GtkAdjustment      *seek_adjustment;
  GtkLabel           *time_label;
  GtkBox             *download_box;
  GtkProgressBar     *download_progress;
  GtkLabel           *download_label;
  GtkStack           *assignments_stack;
  GtkSpinner         *assignments_spinner;
  GtkColumnView      *assignments_view;
  AdwStatusPage      *assignments_error_page;

  RtccBwcIntegration *bwc;
  RtccAuditLog       *audit;
  char               *operator_id;
  RtccBwcPlayer      *player;

  GListStore         *recordings;
  GtkSingleSelection *selection;
  GListStore         *assignments;

  GCancellable       *list_cancellable;
  GCancellable       *assignments_cancellable;
  GCancellable       *download_cancellable;
  GCancellable       *cancellable;       /* everything else, until dispose */

  char               *list_error;
  char               *incident_filter;   /* the incident searched for, or NULL */
  char               *download_result;
  gboolean            download_ok;
  gboolean            loading;
  gboolean            loading_assignments;
  guint               busy;              /* links and unlinks under way */
  gboolean            updating_scale;
};

G_DEFINE_FINAL_TYPE (RtccBwcWindow, rtcc_bwc_window, ADW_TYPE_WINDOW)

static void update_actions (RtccBwcWindow *self);

/**
 * rtcc_bwc_incident_number_is_valid:
 * @incident: (nullable): what the analyst typed
 *
 * Returns: whether @incident looks like an incident number
 */
gboolean
rtcc_bwc_incident_number_is_valid (const char *incident)
{
  gsize len;

  if (incident == NULL || !g_ascii_isalnum (incident[0]))
    return FALSE;
  len = strlen (incident);
  if (len > INCIDENT_MAX)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalnum (incident[i]) && incident[i] != '-')
      return FALSE;
  return TRUE;
}

/* Work that ends after the window closed has nowhere to show. */
static gboolean
is_closed (RtccBwcWindow *self)
{
  return self->toast_overlay == NULL;
}

static void
toast (RtccBwcWindow *self,
       const char    *text)
{
  AdwToast *t;

  if (is_closed (self))
    return;
  t = adw_toast_new (text);

  adw_toast_set_timeout (t, 6);
  adw_toast_overlay_add_toast (self->toast_overlay, t);
}

static char *
format_clock (gint64 ms)
{
  gint64 s = MAX (ms, 0) / 1000;

  if (s >= 3600)
    return g_strdup_printf ("%lld:%02lld:%02lld", (long long) (s / 3600), (long long) (s / 60 % 60),
                            (long long) (s % 60));
  return g_strdup_printf ("%lld:%02lld", (long long) (s / 60), (long long) (s % 60));
}

/* Recordings list */

typedef enum
{
  COLUMN_OFFICER,
  COLUMN_STARTED,
  COLUMN_DURATION,
  COLUMN_CATEGORY,
  COLUMN_INCIDENTS,
  COLUMN_SIZE,
} Column;

static char *
column_text (RtccBwcRecording *recording,
             Column            column)
{
  RtccEvent *event = rtcc_bwc_recording_get_event (recording);

  switch (column)
    {
    case COLUMN_OFFICER:
      {
        const char *officer = rtcc_bwc_recording_get_officer (recording);
        const char *id = rtcc_event_get_attribute_string (event, "officer_id");

        if (officer != NULL && id != NULL && g_strcmp0 (officer, id) != 0)
          return g_strdup_printf ("%s (%s)", officer, id);
        return g_strdup (officer != NULL ? officer : "—");
      }
    case COLUMN_STARTED:
      return g_date_time_format (rtcc_event_get_occurred_at (event), "%Y-%m-%d %H:%M:%S");
    case COLUMN_DURATION:
      return rtcc_bwc_format_duration (rtcc_bwc_recording_get_duration_s (recording));
    case COLUMN_CATEGORY:
      return g_strdup (rtcc_bwc_recording_get_category (recording) ? rtcc_bwc_recording_get_category (recording) : "—");
    case COLUMN_SIZE:
      {
        gint64 size = rtcc_bwc_recording_get_size_bytes (recording);

        return size >= 0 ? g_format_size (size) : g_strdup ("—");
      }
    case COLUMN_INCIDENTS:
    default:
      return rtcc_bwc_recording_dup_incidents_text (recording);
    }
}

static void
setup_label_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);
}

static void
bind_recording_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   gpointer                  user_data)
{
  RtccBwcRecording *recording = gtk_list_item_get_item (item);
  GtkWidget *label = gtk_list_item_get_child (item);
  Column column = GPOINTER_TO_INT (user_data);

  if (column == COLUMN_INCIDENTS)
    {
      /* Linking and unlinking change this cell in place. */
      GBinding *binding = g_object_bind_property (recording, "incidents-text", label, "label", G_BINDING_SYNC_CREATE);
      g_object_set_data (G_OBJECT (label), "rtcc-binding", binding);
    }
  else
    {
      g_autofree char *text = column_text (recording, column);
      gtk_label_set_label (GTK_LABEL (label), text);
    }
}

static void
unbind_recording_cb (GtkSignalListItemFactory *factory,
                     GtkListItem              *item,
                     gpointer                  user_data)
{
  GtkWidget *label = gtk_list_item_get_child (item);
  GBinding *binding = g_object_steal_data (G_OBJECT (label), "rtcc-binding");

  if (binding != NULL)
    g_binding_unbind (binding);
}

static void
add_column (GtkColumnView *view,
            const char    *title,
            GCallback      bind,
            GCallback      unbind,
            int            column,
            gboolean       expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *c;

  g_signal_connect (factory, "setup", G_CALLBACK (setup_label_cb), NULL);
  g_signal_connect (factory, "bind", bind, GINT_TO_POINTER (column));
  if (unbind != NULL)
    g_signal_connect (factory, "unbind", unbind, GINT_TO_POINTER (column));
  c = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_resizable (c, TRUE);
  gtk_column_view_column_set_expand (c, expand);
  gtk_column_view_append_column (view, c);
  g_object_unref (c);
}

static void
show_list_state (RtccBwcWindow *self)
{
  const char *page;

  gtk_spinner_set_spinning (self->list_spinner, self->loading);
  if (self->loading)
    page = "loading";
  else if (self->list_error != NULL)
    page = "error";
  else if (g_list_model_get_n_items (G_LIST_MODEL (self->recordings)) == 0)
    page = "empty";
  else
    page = "list";
  gtk_stack_set_visible_child_name (self->list_stack, page);
}

typedef struct
{
  RtccBwcWindow *self;
  char          *incident;
} ListOp;

static void
list_op_free (ListOp *op)
{
  g_object_unref (op->self);
  g_free (op->incident);
  g_free (op);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ListOp, list_op_free)

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b)
{
  RtccEvent *ea = rtcc_bwc_recording_get_event (*(RtccBwcRecording **) a);
  RtccEvent *eb = rtcc_bwc_recording_get_event (*(RtccBwcRecording **) b);

  return g_date_time_compare (rtcc_event_get_occurred_at (eb), rtcc_event_get_occurred_at (ea));
}

static void
list_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(ListOp) op = user_data;
  RtccBwcWindow *self = op->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = rtcc_bwc_integration_list_recordings_finish (RTCC_BWC_INTEGRATION (object), result,
                                                                             NULL, &error);
  g_autoptr(GPtrArray) rows = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->loading = FALSE;
  if (events == NULL)
    {
      rtcc_set_str (&self->list_error, error->message);
      adw_status_page_set_description (self->error_page, error->message);
      show_list_state (self);
      return;
    }
  rows = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < events->len; i++)
    {
      g_autoptr(RtccBwcRecording) row = rtcc_bwc_recording_new (g_ptr_array_index (events, i));

      if (op->incident == NULL || rtcc_bwc_recording_has_incident (row, op->incident))
        g_ptr_array_add (rows, g_steal_pointer (&row));
    }
  /* Newest first: the analyst usually wants what just happened. */
  g_ptr_array_sort (rows, compare_newest_first);
  g_list_store_splice (self->recordings, 0, g_list_model_get_n_items (G_LIST_MODEL (self->recordings)),
                       rows->pdata, rows->len);
  show_list_state (self);
}

static void
start_listing (RtccBwcWindow *self,
               const char    *officer_id,
               GDate         *date,
               const char    *incident)
{
  ListOp *op;

  g_cancellable_cancel (self->list_cancellable);
  g_clear_object (&self->list_cancellable);
  self->list_cancellable = g_cancellable_new ();
  g_clear_pointer (&self->list_error, g_free);
  rtcc_set_str (&self->incident_filter, incident);
  g_list_store_remove_all (self->recordings);
  if (incident != NULL)
    adw_status_page_set_description (self->empty_page, _("No recording is linked to this incident."));
  else
    adw_status_page_set_description (self->empty_page, _("This officer made no recording that day. Try another day or officer."));
  self->loading = TRUE;
  show_list_state (self);

  op = g_new0 (ListOp, 1);
  op->self = g_object_ref (self);
  op->incident = g_strdup (incident);
  rtcc_bwc_integration_list_recordings_async (self->bwc, incident != NULL ? NULL : officer_id, date, NULL,
                                              self->list_cancellable, list_cb, op);
}

static GDate *
today_utc (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_new_dmy (g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                         g_date_time_get_year (now));
}

static void
set_date_entry (RtccBwcWindow *self,
                GDate         *date)
{
  char text[16] = "";

  if (date != NULL && g_date_valid (date))
    g_date_strftime (text, sizeof text, "%Y-%m-%d", date);
  gtk_editable_set_text (GTK_EDITABLE (self->date_entry), text);
}

/* An empty entry means any day; anything else must be a real day. */
static gboolean
parse_date_entry (RtccBwcWindow  *self,
                  GDate         **out)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->date_entry));
  unsigned y, m, d;
  char tail;

  *out = NULL;
  if (*text == '\0')
    return TRUE;
  if (sscanf (text, "%4u-%2u-%2u%c", &y, &m, &d, &tail) != 3 || !g_date_valid_dmy (d, m, y))
    return FALSE;
  *out = g_date_new_dmy (d, m, y);
  return TRUE;
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  RtccBwcWindow *self = RTCC_BWC_WINDOW (widget);
  g_autofree char *officer = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->officer_entry))));
  g_autofree char *incident = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->incident_entry))));
  GDate *date = NULL;

  if (*incident != '\0')
    {
      if (!rtcc_bwc_window_search_incident (self, incident))
        toast (self, _("An incident number has letters, digits and dashes only, such as 2026-900001."));
      return;
    }
  if (!parse_date_entry (self, &date))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->date_entry), "error");
      toast (self, _("Enter the day as YYYY-MM-DD, or leave it empty for any day."));
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->date_entry), "error");
  rtcc_bwc_window_search_officer (self, *officer != '\0' ? officer : NULL, date);
  g_clear_pointer (&date, g_date_free);
}

/* Assignments */

static void
bind_assignment_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *item,
                    gpointer                  user_data)
{
  const RtccBwcAssignment *a = rtcc_bwc_assignment_item_get_assignment (gtk_list_item_get_item (item));
  GtkWidget *label = gtk_list_item_get_child (item);
  g_autofree char *text = NULL;

  switch (GPOINTER_TO_INT (user_data))
    {
    case 0:
      text = a->officer_name != NULL ? g_strdup_printf ("%s (%s)", a->officer_name, a->officer_id)
                                     : g_strdup (a->officer_id);
      break;
    case 1:
      text = g_strdup (a->device_serial);
      break;
    case 2:
      text = g_strdup (a->unit != NULL ? a->unit : "—");
      break;
    case 3:
      if (g_strcmp0 (a->dock_status, "docked") == 0)
        text = g_strdup (C_("dock status", "Docked"));
      else if (g_strcmp0 (a->dock_status, "in_field") == 0)
        text = g_strdup (C_("dock status", "In the field"));
      else if (g_strcmp0 (a->dock_status, "uploading") == 0)
        text = g_strdup (C_("dock status", "Uploading"));
      else
        text = g_strdup (a->dock_status != NULL ? a->dock_status : "—");
      break;
    default:
      break;
    }
  gtk_label_set_label (GTK_LABEL (label), text != NULL ? text : "");
}

static void
setup_battery_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *bar = gtk_level_bar_new_for_interval (0, 1);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_widget_set_size_request (bar, 80, -1);
  gtk_widget_set_valign (bar, GTK_ALIGN_CENTER);
  /* Low is the state worth seeing: swap the default offsets' meaning. */
  gtk_level_bar_add_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_LOW, 0.2);
  gtk_level_bar_add_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_HIGH, 0.5);
  gtk_label_set_width_chars (GTK_LABEL (label), 5);
  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_widget_add_css_class (label, "numeric");
  gtk_box_append (GTK_BOX (box), bar);
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_item_set_child (item, box);
}

static void
bind_battery_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 gpointer                  user_data)
{
  const RtccBwcAssignment *a = rtcc_bwc_assignment_item_get_assignment (gtk_list_item_get_item (item));
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *bar = gtk_widget_get_first_child (box);
  GtkWidget *label = gtk_widget_get_next_sibling (bar);
  g_autofree char *text = NULL;

  gtk_widget_set_visible (bar, a->battery >= 0);
  if (a->battery >= 0)
    {
      gtk_level_bar_set_value (GTK_LEVEL_BAR (bar), CLAMP (a->battery, 0, 1));
      text = g_strdup_printf ("%d %%", (int) (CLAMP (a->battery, 0, 1) * 100 + 0.5));
    }
  gtk_label_set_label (GTK_LABEL (label), text != NULL ? text : C_("battery", "Unknown"));
}

static void
assignments_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(RtccBwcWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = rtcc_bwc_integration_list_assignments_finish (RTCC_BWC_INTEGRATION (object), result,
                                                                            &error);
  g_autoptr(GPtrArray) rows = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->loading_assignments = FALSE;
  gtk_spinner_set_spinning (self->assignments_spinner, FALSE);
  if (list == NULL)
    {
      adw_status_page_set_description (self->assignments_error_page, error->message);
      gtk_stack_set_visible_child_name (self->assignments_stack, "error");
      return;
    }
  rows = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < list->len; i++)
    g_ptr_array_add (rows, rtcc_bwc_assignment_item_new (g_ptr_array_index (list, i)));
  g_list_store_splice (self->assignments, 0, g_list_model_get_n_items (G_LIST_MODEL (self->assignments)),
                       rows->pdata, rows->len);
  gtk_stack_set_visible_child_name (self->assignments_stack, "list");
}

static void
refresh_assignments (RtccBwcWindow *self)
{
  g_cancellable_cancel (self->assignments_cancellable);
  g_clear_object (&self->assignments_cancellable);
  self->assignments_cancellable = g_cancellable_new ();
  self->loading_assignments = TRUE;
  /* The old rows stay visible while they refresh, unless there are none. */
  if (g_list_model_get_n_items (G_LIST_MODEL (self->assignments)) == 0)
    {
      gtk_spinner_set_spinning (self->assignments_spinner, TRUE);
      gtk_stack_set_visible_child_name (self->assignments_stack, "loading");
    }
  rtcc_bwc_integration_list_assignments_async (self->bwc, self->assignments_cancellable, assignments_cb,
                                               g_object_ref (self));
}

/* Activating an officer lists their recordings of the day shown. */
static void
assignment_activated_cb (RtccBwcWindow *self,
                         guint          position)
{
  g_autoptr(RtccBwcAssignmentItem) item =
    g_list_model_get_item (G_LIST_MODEL (gtk_column_view_get_model (self->assignments_view)), position);
  GDate *date = NULL;

  if (item == NULL)
    return;
  gtk_editable_set_text (GTK_EDITABLE (self->officer_entry), rtcc_bwc_assignment_item_get_assignment (item)->officer_id);
  gtk_editable_set_text (GTK_EDITABLE (self->incident_entry), "");
  if (!parse_date_entry (self, &date))
    date = today_utc ();
  adw_view_stack_set_visible_child_name (self->view_stack, "recordings");
  rtcc_bwc_window_search_officer (self, rtcc_bwc_assignment_item_get_assignment (item)->officer_id, date);
  g_date_free (date);
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  RtccBwcWindow *self = RTCC_BWC_WINDOW (widget);

  refresh_assignments (self);
  gtk_widget_activate_action (widget, "bwc.search", NULL);
}

/* Playback */

static void
update_player (RtccBwcWindow *self)
{
  RtccBwcPlayerState state = rtcc_bwc_player_get_state (self->player);
  const char *text = NULL;
  gboolean busy = FALSE;

  switch (state)
    {
    case RTCC_BWC_PLAYER_LOADING:
      text = _("Loading the recording…");
      busy = TRUE;
      break;
    case RTCC_BWC_PLAYER_RENEWING:
      text = _("The link to the recording expired — getting a new one…");
      busy = TRUE;
      break;
    case RTCC_BWC_PLAYER_FAILED:
      text = rtcc_bwc_player_get_error (self->player);
      break;
    case RTCC_BWC_PLAYER_IDLE:
    case RTCC_BWC_PLAYER_PAUSED:
    case RTCC_BWC_PLAYER_PLAYING:
    case RTCC_BWC_PLAYER_ENDED:
    default:
      break;
    }
  gtk_label_set_label (self->player_status_label, text != NULL ? text : "");
  gtk_spinner_set_spinning (self->player_spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->player_spinner), busy);
  gtk_widget_set_visible (GTK_WIDGET (self->player_status_box), text != NULL);
  gtk_button_set_icon_name (self->play_button, state == RTCC_BWC_PLAYER_PLAYING ? "media-playback-pause-symbolic"
                                                                                : "media-playback-start-symbolic");
  gtk_widget_set_sensitive (GTK_WIDGET (self->seek_scale),
                            rtcc_bwc_player_get_duration_ms (self->player) > 0 && state != RTCC_BWC_PLAYER_FAILED);
  update_actions (self);
}

static void
update_time (RtccBwcWindow *self)
{
  gint64 position = rtcc_bwc_player_get_position_ms (self->player);
  gint64 duration = rtcc_bwc_player_get_duration_ms (self->player);
  g_autofree char *pos_text = format_clock (position);
  g_autofree char *dur_text = format_clock (duration);
  g_autofree char *text = g_strdup_printf ("%s / %s", pos_text, dur_text);

  self->updating_scale = TRUE;
  gtk_adjustment_set_upper (self->seek_adjustment, MAX (duration, 1));
  gtk_adjustment_set_value (self->seek_adjustment, position);
  self->updating_scale = FALSE;
  gtk_label_set_label (self->time_label, text);
  gtk_widget_set_sensitive (GTK_WIDGET (self->seek_scale),
                            duration > 0 && rtcc_bwc_player_get_state (self->player) != RTCC_BWC_PLAYER_FAILED);
}

static gboolean
seek_changed_cb (RtccBwcWindow *self,
                 GtkScrollType  scroll,
                 double         value,
                 GtkRange      *range)
{
  if (self->updating_scale)
    return FALSE;
  rtcc_bwc_player_seek (self->player, (gint64) value);
  return FALSE;
}

static void
toggle_play_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  RtccBwcWindow *self = RTCC_BWC_WINDOW (widget);

  if (rtcc_bwc_player_get_state (self->player) == RTCC_BWC_PLAYER_PLAYING)
    rtcc_bwc_player_pause (self->player);
  else
    rtcc_bwc_player_play (self->player);
}

static void
selection_changed_cb (RtccBwcWindow *self)
{
  RtccBwcRecording *recording = rtcc_bwc_window_get_selected (self);
  g_autofree char *title = NULL;
  g_autofree char *started = NULL;

  if (recording == NULL)
    {
      rtcc_bwc_player_stop (self->player);
      gtk_label_set_label (self->recording_title, _("Select a recording to play it"));
      update_actions (self);
      return;
    }
  if (g_strcmp0 (rtcc_bwc_player_get_recording_id (self->player), rtcc_bwc_recording_get_id (recording)) == 0)
    return;
  started = column_text (recording, COLUMN_STARTED);
  /* Translators: a recording: who made it, and when (UTC) */
  title = g_strdup_printf (_("%s — %s UTC"), rtcc_bwc_recording_get_officer (recording), started);
  gtk_label_set_label (self->recording_title, title);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->recording_title), rtcc_bwc_recording_get_id (recording));
  rtcc_bwc_player_open (self->player, rtcc_bwc_recording_get_id (recording));
  update_actions (self);
}

/* Download */

static void
download_progress_cb (goffset  received,
                      goffset  total,
                      gpointer user_data)
{
  RtccBwcWindow *self = user_data;
  g_autofree char *got = NULL;

  if (is_closed (self))
    return;
  got = g_format_size (received);
  if (total > 0)
    {
      g_autofree char *all = g_format_size (total);
      g_autofree char *text = g_strdup_printf (_("%s of %s"), got, all);

      gtk_progress_bar_set_fraction (self->download_progress, CLAMP ((double) received / total, 0, 1));
      gtk_progress_bar_set_text (self->download_progress, text);
    }
  else
    {
      gtk_progress_bar_pulse (self->download_progress);
      gtk_progress_bar_set_text (self->download_progress, got);
    }
}

static void
finish_download (RtccBwcWindow *self,
                 gboolean       ok,
                 const char    *text)
{
  g_clear_object (&self->download_cancellable);
  self->download_ok = ok;
  rtcc_set_str (&self->download_result, text);
  if (is_closed (self))
    return;
  gtk_widget_set_visible (GTK_WIDGET (self->download_box), FALSE);
  gtk_label_set_label (self->download_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->download_label), TRUE);
  if (ok)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->download_label), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->download_label), "success");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->download_label), "success");
      gtk_widget_add_css_class (GTK_WIDGET (self->download_label), "error");
    }
  update_actions (self);
}

typedef struct
{
  RtccBwcWindow    *self;
  RtccBwcRecording *recording;
  GFile            *file;
} DownloadOp;

static void
download_op_free (DownloadOp *op)
{
  g_object_unref (op->self);
  g_object_unref (op->recording);
  g_object_unref (op->file);
  g_free (op);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DownloadOp, download_op_free)

static void
download_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(DownloadOp) op = user_data;
  g_autoptr(GError) error = NULL;
  goffset size = rtcc_bwc_integration_download_recording_finish (RTCC_BWC_INTEGRATION (object), result, &error);
  g_autofree char *name = g_file_get_parse_name (op->file);
  g_autofree char *text = NULL;

  if (size >= 0)
    {
      g_autofree char *size_text = g_format_size (size);

      text = g_strdup_printf (_("Saved %s to %s. Its SHA-256 matches the vendor’s."), size_text, name);
      finish_download (op->self, TRUE, text);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    finish_download (op->self, FALSE, _("Download cancelled; nothing was saved."));
  else if (g_error_matches (error, RTCC_DOWNLOAD_ERROR, RTCC_DOWNLOAD_ERROR_CHECKSUM))
    {
      text = g_strdup_printf (_("Not saved — the file does not match the vendor’s checksum: %s"), error->message);
      finish_download (op->self, FALSE, text);
    }
  else
    {
      text = g_strdup_printf (_("The download failed: %s"), error->message);
      finish_download (op->self, FALSE, text);
    }
}

/* The vendor's checksum as of now: a recording still uploading from its
 * dock, or transcoded since it was listed, has a new one. */
static void
checksum_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  DownloadOp *op = user_data;
  RtccBwcWindow *self = op->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = rtcc_bwc_integration_list_recordings_finish (RTCC_BWC_INTEGRATION (object), result,
                                                                             NULL, &error);
  const char *id = rtcc_bwc_recording_get_id (op->recording);
  const char *sha = rtcc_event_get_attribute_string (rtcc_bwc_recording_get_event (op->recording), "sha256");

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      finish_download (self, FALSE, _("Download cancelled; nothing was saved."));
      download_op_free (op);
      return;
    }
  if (events == NULL)
    g_info ("Downloading with the checksum listed earlier: %s", error->message);
  for (guint i = 0; events != NULL && i < events->len; i++)
    if (g_strcmp0 (rtcc_event_get_vendor_id (g_ptr_array_index (events, i)), id) == 0)
      sha = rtcc_event_get_attribute_string (g_ptr_array_index (events, i), "sha256");
  /* The task holds the window, so the progress callback's pointer lives. */
  rtcc_bwc_integration_download_recording_async (self->bwc, id, sha, op->file, download_progress_cb, self,
                                                 self->download_cancellable, download_cb, op);
}

static void
save_response_cb (GtkNativeDialog *dialog,
                  int              response,
                  gpointer         user_data)
{
  g_autoptr(RtccBwcWindow) self = user_data;
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  if (file != NULL)
    rtcc_bwc_window_download_to (self, file);
}

static void
download_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  RtccBwcWindow *self = RTCC_BWC_WINDOW (widget);
  RtccBwcRecording *recording = rtcc_bwc_window_get_selected (self);
  GtkFileChooserNative *chooser;
  g_autofree char *name = NULL;

  if (recording == NULL)
    return;
  chooser = gtk_file_chooser_native_new (_("Save Recording"), GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  name = g_strdup_printf ("%s.mp4", rtcc_bwc_recording_get_id (recording));
  /* Vendor ids are not file names: keep what is safe. */
  g_strcanon (name, G_CSET_A_2_Z G_CSET_a_2_z G_CSET_DIGITS "-_.", '_');
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_signal_connect (chooser, "response", G_CALLBACK (save_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
cancel_download_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  rtcc_bwc_window_cancel_download (RTCC_BWC_WINDOW (widget));
}

/* Links to incidents */

typedef struct
{
  RtccBwcWindow    *self;
  RtccBwcRecording *recording;
  char             *incident;
  gboolean          link;
  GError           *error;
} LinkOp;

static void
link_op_free (LinkOp *op)
{
  g_object_unref (op->self);
  g_object_unref (op->recording);
  g_free (op->incident);
  g_clear_error (&op->error);
  g_free (op);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LinkOp, link_op_free)

static void
link_audited_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(LinkOp) op = user_data;
  RtccBwcWindow *self = op->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  self->busy--;
  if (op->error == NULL)
    {
      if (op->link)
        rtcc_bwc_recording_add_incident (op->recording, op->incident);
      else
        rtcc_bwc_recording_remove_incident (op->recording, op->incident);
    }
  if (rtcc_audit_log_append_finish (RTCC_AUDIT_LOG (object), result, &error) <= 0)
    text = g_strdup_printf (_("The change was made but could not be audited: %s"), error->message);
  else if (op->error != NULL)
    text = g_strdup (op->error->message);
  else if (op->link)
    text = g_strdup_printf (_("Linked to incident %s"), op->incident);
  else
    text = g_strdup_printf (_("No longer linked to incident %s"), op->incident);
  toast (self, text);
  if (!is_closed (self))
    update_actions (self);
}

static void
link_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  LinkOp *op = user_data;
  RtccBwcWindow *self = op->self;
  g_autoptr(RtccAuditRecord) record = NULL;
  g_autofree char *terms = NULL;
  gboolean done;

  if (op->link)
    done = rtcc_bwc_integration_link_incident_finish (RTCC_BWC_INTEGRATION (object), result, &op->error);
  else
    done = rtcc_bwc_integration_unlink_incident_finish (RTCC_BWC_INTEGRATION (object), result, &op->error);

  /* Success or not, the attempt goes on record, as the CLI's does. */
  terms = g_strdup_printf ("recording=%s incident=%s", rtcc_bwc_recording_get_id (op->recording), op->incident);
  record = rtcc_audit_record_new (self->operator_id,
                                  op->link ? RTCC_AUDIT_ACTION_EVIDENCE_LINK : RTCC_AUDIT_ACTION_EVIDENCE_UNLINK);
  rtcc_audit_record_set_integration (record, "bwc");
  rtcc_audit_record_set_query_terms (record, terms);
  rtcc_audit_record_set_outcome (record, done ? RTCC_AUDIT_OUTCOME_SUCCESS : RTCC_AUDIT_OUTCOME_FAILURE);
  if (!done)
    rtcc_audit_record_set_outcome_detail (record, op->error->message);
  rtcc_audit_log_append_async (self->audit, record, NULL, link_audited_cb, op);
}

static gboolean
start_link (RtccBwcWindow *self,
            const char    *incident,
            gboolean       link)
{
  RtccBwcRecording *recording = rtcc_bwc_window_get_selected (self);
  LinkOp *op;

  if (recording == NULL)
    return FALSE;
  if (self->audit == NULL)
    {
      toast (self, _("The audit log is not open, so links cannot be changed. Check the data folder and restart the workstation."));
      return FALSE;
    }
  if (!rtcc_bwc_incident_number_is_valid (incident))
    {
      toast (self, _("An incident number has letters, digits and dashes only, such as 2026-900001."));
      return FALSE;
    }
  op = g_new0 (LinkOp, 1);
  op->self = g_object_ref (self);
  op->recording = g_object_ref (recording);
  op->incident = g_strdup (incident);
  op->link = link;
  self->busy++;
  update_actions (self);
  if (link)
    rtcc_bwc_integration_link_incident_async (self->bwc, rtcc_bwc_recording_get_id (recording), incident,
                                              self->cancellable, link_done_cb, op);
  else
    rtcc_bwc_integration_unlink_incident_async (self->bwc, rtcc_bwc_recording_get_id (recording), incident,
                                                self->cancellable, link_done_cb, op);
  return TRUE;
}

static void
link_entry_changed_cb (GtkEditable      *entry,
                       AdwMessageDialog *dialog)
{
  const char *text = gtk_editable_get_text (entry);

  adw_message_dialog_set_response_enabled (dialog, "link", rtcc_bwc_incident_number_is_valid (text));
}

static void
link_response_cb (AdwMessageDialog *dialog,
                  const char       *response,
                  RtccBwcWindow    *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));

  if (g_str_equal (response, "link"))
    rtcc_bwc_window_link (self, gtk_editable_get_text (entry));
}

static void
link_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  RtccBwcWindow *self = RTCC_BWC_WINDOW (widget);
  GtkWidget *dialog, *entry;

  if (rtcc_bwc_window_get_selected (self) == NULL)
    return;
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Link to Incident"),
                                   _("The link is made at the body-worn camera service and recorded in the audit log."));
  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Incident number, such as 2026-900001"));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_entry_set_max_length (GTK_ENTRY (entry), INCIDENT_MAX);
  if (self->incident_filter != NULL)
    gtk_editable_set_text (GTK_EDITABLE (entry), self->incident_filter);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "link", _("_Link"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "link", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "link");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (entry, "changed", G_CALLBACK (link_entry_changed_cb), dialog);
  link_entry_changed_cb (GTK_EDITABLE (entry), ADW_MESSAGE_DIALOG (dialog));
  g_signal_connect_object (dialog, "response", G_CALLBACK (link_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
unlink_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    RtccBwcWindow    *self)
{
  GtkDropDown *choice = GTK_DROP_DOWN (adw_message_dialog_get_extra_child (dialog));
  GtkStringObject *item = gtk_drop_down_get_selected_item (choice);

  if (g_str_equal (response, "unlink") && item != NULL)
    rtcc_bwc_window_unlink (self, gtk_string_object_get_string (item));
}

static void
unlink_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  RtccBwcWindow *self = RTCC_BWC_WINDOW (widget);
  RtccBwcRecording *recording = rtcc_bwc_window_get_selected (self);
  const char **incidents;
  GtkWidget *dialog, *choice;
  g_autofree char *body = NULL;

  if (recording == NULL)
    return;
  incidents = rtcc_bwc_recording_get_incidents (recording);
  if (incidents[0] == NULL)
    {
      toast (self, _("This recording is not linked to any incident."));
      return;
    }
  choice = gtk_drop_down_new_from_strings (incidents);
  /* The incident being looked at is the likely one to unlink. */
  for (guint i = 0; self->incident_filter != NULL && incidents[i] != NULL; i++)
    if (g_str_equal (incidents[i], self->incident_filter))
      gtk_drop_down_set_selected (GTK_DROP_DOWN (choice), i);
  body = g_strdup_printf (_("The recording by %s stays with the vendor; only its link to the incident is removed, "
                            "and the change is recorded in the audit log."),
                          rtcc_bwc_recording_get_officer (recording));
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Unlink from Incident?"), body);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), choice);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "unlink", _("_Unlink"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "unlink", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (unlink_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
update_actions (RtccBwcWindow *self)
{
  RtccBwcRecording *recording = rtcc_bwc_window_get_selected (self);
  gboolean selected = recording != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "bwc.toggle-play",
                                 selected && rtcc_bwc_player_get_state (self->player) != RTCC_BWC_PLAYER_FAILED);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "bwc.download", selected && self->download_cancellable == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "bwc.cancel-download", self->download_cancellable != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "bwc.link", selected && self->busy == 0 && self->audit != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "bwc.unlink",
                                 selected && self->busy == 0 && self->audit != NULL &&
                                 rtcc_bwc_recording_get_incidents (recording)[0] != NULL);
}

static void
rtcc_bwc_window_dispose (GObject *object)
{
  RtccBwcWindow *self = RTCC_BWC_WINDOW (object);

  g_cancellable_cancel (self->list_cancellable);
  g_cancellable_cancel (self->assignments_cancellable);
  g_cancellable_cancel (self->download_cancellable);
  g_cancellable_cancel (self->cancellable);
  if (self->player != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->player, self);
      rtcc_bwc_player_stop (self->player);
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), RTCC_TYPE_BWC_WINDOW);

  G_OBJECT_CLASS (rtcc_bwc_window_parent_class)->dispose (object);
}

static void
rtcc_bwc_window_finalize (GObject *object)
{
  RtccBwcWindow *self = RTCC_BWC_WINDOW (object);

  g_clear_object (&self->player);
  g_clear_object (&self->bwc);
  g_clear_object (&self->audit);
  g_clear_object (&self->recordings);
  g_clear_object (&self->selection);
  g_clear_object (&self->assignments);
  g_clear_object (&self->list_cancellable);
  g_clear_object (&self->assignments_cancellable);
  g_clear_object (&self->download_cancellable);
  g_clear_object (&self->cancellable);
  g_free (self->operator_id);
  g_free (self->list_error);
  g_free (self->incident_filter);
  g_free (self->download_result);

  G_OBJECT_CLASS (rtcc_bwc_window_parent_class)->finalize (object);
}

static void
rtcc_bwc_window_class_init (RtccBwcWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rtcc_bwc_window_dispose;
  object_class->finalize = rtcc_bwc_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/com/g3ti/Rtcc/rtcc-bwc-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RtccBwcWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, RtccBwcWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, RtccBwcWindow, officer_entry);
  gtk_widget_class_bind_template_child (widget_class, RtccBwcWindow, date_entry);
  gtk_widget_class_bind_template_child (widget_class, RtccBwcWindow, incident_entry);
  gtk_widget_class_bind_template_child (widget_class, RtccBwcWindow, search_button);
  gtk_widget_class_bind_template_child (widget_class, RtccBwcWindow, list_stack);
  gtk_widget_class_bind_template_child (widget_class, RtccBwcWindow, list_spinner);
  gtk_widget_class_bind_template_child (widget_class, RtccBwcWindow, recordings_view);
  gtk_widget_class_bind_template_child (widget_class, RtccBwcWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, RtccBwcWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, RtccBwcWindow, recording_title);
  gtk_widget_class_bind_template_child (widget_class, RtccBwcWindow, picture);
  gtk_widget_class_bind_template_child (widget_class, RtccBwcWindow, player_status_box);
  gtk_widget_class_bind_template_child (widget_class, RtccBwcWindow, player_spinner);
  gtk_widget_class_bind_template_child (widget_class, RtccBwcWindow, player_status_label);
  gtk_widget_class_bind_template_child (widget_class, RtccBwcWindow, play_button);
  gtk_widget_class_bind_template_child (widget_class, RtccBwcWindow, seek_scale);
  gtk_widget_class_bind_template_child (widget_class, RtccBwcWindow, seek_adjustment);
  gtk_widget_class_bind_template_child (widget_class, RtccBwcWindow, time_label);
  gtk_widget_class_bind_template_child (widget_class, RtccBwcWindow, download_box);
  gtk_widget_class_bind_template_child (widget_class, RtccBwcWindow, download_progress);
  gtk_widget_class_bind_template_child (widget_class, RtccBwcWindow, download_label);
  gtk_widget_class_bind_template_child (widget_class, RtccBwcWindow, assignments_stack);
  gtk_widget_class_bind_template_child (widget_class, RtccBwcWindow, assignments_spinner);
  gtk_widget_class_bind_template_child (widget_class, RtccBwcWindow, assignments_view);
  gtk_widget_class_bind_template_child (widget_class, RtccBwcWindow, assignments_error_page);
  gtk_widget_class_bind_template_callback (widget_class, assignment_activated_cb);

  gtk_widget_class_install_action (widget_class, "bwc.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "bwc.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "bwc.toggle-play", NULL, toggle_play_action);
  gtk_widget_class_install_action (widget_class, "bwc.download", NULL, download_action);
  gtk_widget_class_install_action (widget_class, "bwc.cancel-download", NULL, cancel_download_action);
  gtk_widget_class_install_action (widget_class, "bwc.link", NULL, link_action);
  gtk_widget_class_install_action (widget_class, "bwc.unlink", NULL, unlink_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "bwc.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
rtcc_bwc_window_init (RtccBwcWindow *self)
{
  g_autoptr(GtkSingleSelection) assignments_selection = NULL;
  GtkListItemFactory *factory;
  GtkColumnViewColumn *column;
  g_autoptr(GDate) today = today_utc ();

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->recordings = g_list_store_new (RTCC_TYPE_BWC_RECORDING);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->recordings)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_column_view_set_model (self->recordings_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_swapped (self->selection, "notify::selected-item", G_CALLBACK (selection_changed_cb), self);

  add_column (self->recordings_view, _("Officer"), G_CALLBACK (bind_recording_cb), NULL, COLUMN_OFFICER, TRUE);
  add_column (self->recordings_view, _("Started (UTC)"), G_CALLBACK (bind_recording_cb), NULL, COLUMN_STARTED, FALSE);
  add_column (self->recordings_view, _("Duration"), G_CALLBACK (bind_recording_cb), NULL, COLUMN_DURATION, FALSE);
  add_column (self->recordings_view, _("Category"), G_CALLBACK (bind_recording_cb), NULL, COLUMN_CATEGORY, FALSE);
  add_column (self->recordings_view, _("Incidents"), G_CALLBACK (bind_recording_cb), G_CALLBACK (unbind_recording_cb),
              COLUMN_INCIDENTS, TRUE);
  add_column (self->recordings_view, _("Size"), G_CALLBACK (bind_recording_cb), NULL, COLUMN_SIZE, FALSE);

  self->assignments = g_list_store_new (RTCC_TYPE_BWC_ASSIGNMENT_ITEM);
  assignments_selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->assignments)));
  gtk_column_view_set_model (self->assignments_view, GTK_SELECTION_MODEL (assignments_selection));
  add_column (self->assignments_view, _("Officer"), G_CALLBACK (bind_assignment_cb), NULL, 0, TRUE);
  add_column (self->assignments_view, _("Device"), G_CALLBACK (bind_assignment_cb), NULL, 1, FALSE);
  add_column (self->assignments_view, _("Unit"), G_CALLBACK (bind_assignment_cb), NULL, 2, FALSE);
  add_column (self->assignments_view, _("Dock"), G_CALLBACK (bind_assignment_cb), NULL, 3, FALSE);
  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_battery_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_battery_cb), NULL);
  column = gtk_column_view_column_new (_("Battery"), factory);
  gtk_column_view_append_column (self->assignments_view, column);
  g_object_unref (column);

  g_signal_connect_swapped (self->seek_scale, "change-value", G_CALLBACK (seek_changed_cb), self);
  set_date_entry (self, today);
  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->search_button));
  adw_status_page_set_description (self->empty_page, _("Enter an officer and a day, or an incident number."));
  gtk_stack_set_visible_child_name (self->list_stack, "empty");
}

/**
 * rtcc_bwc_window_new:
 * @bwc: the body-worn camera integration
 * @audit: (nullable): where links and unlinks are recorded; without it
 *   they are refused
 * @operator_id: (nullable): who is signed in
 *
 * Opens on the recordings of the day (UTC), before any officer is chosen,
 * and lists the assignments.
 *
 * Returns: (transfer full): the window
 */
RtccBwcWindow *
rtcc_bwc_window_new (RtccBwcIntegration *bwc,
                     RtccAuditLog       *audit,
                     const char         *operator_id)
{
  RtccBwcWindow *self;

  g_return_val_if_fail (RTCC_IS_BWC_INTEGRATION (bwc), NULL);
  g_return_val_if_fail (audit == NULL || RTCC_IS_AUDIT_LOG (audit), NULL);

  self = g_object_new (RTCC_TYPE_BWC_WINDOW, NULL);
  self->bwc = g_object_ref (bwc);
  self->audit = audit != NULL ? g_object_ref (audit) : NULL;
  self->operator_id = g_strdup (operator_id);
  self->player = rtcc_bwc_player_new (bwc);
  gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (rtcc_bwc_player_get_paintable (self->player)));
  g_signal_connect_swapped (self->player, "notify::state", G_CALLBACK (update_player), self);
  g_signal_connect_swapped (self->player, "notify::position-ms", G_CALLBACK (update_time), self);
  g_signal_connect_swapped (self->player, "notify::duration-ms", G_CALLBACK (update_time), self);
  g_signal_connect_swapped (self->player, "notify::error", G_CALLBACK (update_player), self);
  update_player (self);
  refresh_assignments (self);
  {
    g_autoptr(GDate) today = today_utc ();
    start_listing (self, NULL, today, NULL);
  }
  return self;
}

/**
 * rtcc_bwc_window_search_officer:
 * @officer_id: (nullable): whose recordings; %NULL for everyone's
 * @date: (nullable): the UTC day they started; %NULL for any day
 *
 * Lists recordings, replacing what the list showed.
 */
void
rtcc_bwc_window_search_officer (RtccBwcWindow *self,
                                const char    *officer_id,
                                GDate         *date)
{
  g_return_if_fail (RTCC_IS_BWC_WINDOW (self));

  gtk_editable_set_text (GTK_EDITABLE (self->officer_entry), officer_id != NULL ? officer_id : "");
  gtk_editable_set_text (GTK_EDITABLE (self->incident_entry), "");
  set_date_entry (self, date);
  start_listing (self, officer_id, date, NULL);
}

/**
 * rtcc_bwc_window_search_incident:
 * @incident: an incident number
 *
 * Lists the recordings linked to @incident, whoever made them.
 *
 * Returns: %FALSE when @incident is not an incident number
 */
gboolean
rtcc_bwc_window_search_incident (RtccBwcWindow *self,
                                 const char    *incident)
{
  g_return_val_if_fail (RTCC_IS_BWC_WINDOW (self), FALSE);

  if (!rtcc_bwc_incident_number_is_valid (incident))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->incident_entry), "error");
      return FALSE;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->incident_entry), "error");
  gtk_editable_set_text (GTK_EDITABLE (self->incident_entry), incident);
  adw_view_stack_set_visible_child_name (self->view_stack, "recordings");
  start_listing (self, NULL, NULL, incident);
  return TRUE;
}

gboolean
rtcc_bwc_window_is_loading (RtccBwcWindow *self)
{
  g_return_val_if_fail (RTCC_IS_BWC_WINDOW (self), FALSE);
  return self->loading;
}

gboolean
rtcc_bwc_window_is_loading_assignments (RtccBwcWindow *self)
{
  g_return_val_if_fail (RTCC_IS_BWC_WINDOW (self), FALSE);
  return self->loading_assignments;
}

/**
 * rtcc_bwc_window_get_list_error:
 *
 * Returns: (nullable): why the last listing failed, as shown
 */
const char *
rtcc_bwc_window_get_list_error (RtccBwcWindow *self)
{
  g_return_val_if_fail (RTCC_IS_BWC_WINDOW (self), NULL);
  return self->list_error;
}

/**
 * rtcc_bwc_window_get_recordings:
 *
 * Returns: (transfer none): the listed #RtccBwcRecording rows
 */
GListModel *
rtcc_bwc_window_get_recordings (RtccBwcWindow *self)
{
  g_return_val_if_fail (RTCC_IS_BWC_WINDOW (self), NULL);
  return G_LIST_MODEL (self->recordings);
}

/**
 * rtcc_bwc_window_get_assignments:
 *
 * Returns: (transfer none): the #RtccBwcAssignmentItem rows
 */
GListModel *
rtcc_bwc_window_get_assignments (RtccBwcWindow *self)
{
  g_return_val_if_fail (RTCC_IS_BWC_WINDOW (self), NULL);
  return G_LIST_MODEL (self->assignments);
}

/**
 * rtcc_bwc_window_select:
 * @position: a row, or %GTK_INVALID_LIST_POSITION for none
 *
 * Selects a recording, which starts playing it.
 */
void
rtcc_bwc_window_select (RtccBwcWindow *self,
                        guint          position)
{
  g_return_if_fail (RTCC_IS_BWC_WINDOW (self));
  gtk_single_selection_set_selected (self->selection, position);
}

/**
 * rtcc_bwc_window_get_selected:
 *
 * Returns: (transfer none) (nullable): the selected recording
 */
RtccBwcRecording *
rtcc_bwc_window_get_selected (RtccBwcWindow *self)
{
  g_return_val_if_fail (RTCC_IS_BWC_WINDOW (self), NULL);
  return gtk_single_selection_get_selected_item (self->selection);
}

/**
 * rtcc_bwc_window_get_player:
 *
 * Returns: (transfer none): the player
 */
RtccBwcPlayer *
rtcc_bwc_window_get_player (RtccBwcWindow *self)
{
  g_return_val_if_fail (RTCC_IS_BWC_WINDOW (self), NULL);
  return self->player;
}

/**
 * rtcc_bwc_window_download_to:
 * @destination: the file to write, replaced only by a verified download
 *
 * Downloads the selected recording, as "Download…" does once the analyst
 * chose a file.
 */
void
rtcc_bwc_window_download_to (RtccBwcWindow *self,
                             GFile         *destination)
{
  RtccBwcRecording *recording = rtcc_bwc_window_get_selected (self);
  g_autoptr(GDate) day = NULL;
  DownloadOp *op;
  GDateTime *at;

  g_return_if_fail (RTCC_IS_BWC_WINDOW (self));
  g_return_if_fail (G_IS_FILE (destination));

  if (recording == NULL || self->download_cancellable != NULL)
    return;
  self->download_cancellable = g_cancellable_new ();
  g_clear_pointer (&self->download_result, g_free);
  gtk_progress_bar_set_fraction (self->download_progress, 0);
  gtk_progress_bar_set_text (self->download_progress, _("Starting…"));
  gtk_widget_set_visible (GTK_WIDGET (self->download_box), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->download_label), FALSE);
  update_actions (self);

  op = g_new0 (DownloadOp, 1);
  op->self = g_object_ref (self);
  op->recording = g_object_ref (recording);
  op->file = g_object_ref (destination);
  at = rtcc_event_get_occurred_at (rtcc_bwc_recording_get_event (recording));
  day = g_date_new_dmy (g_date_time_get_day_of_month (at), g_date_time_get_month (at), g_date_time_get_year (at));
  rtcc_bwc_integration_list_recordings_async (self->bwc,
                                              rtcc_event_get_attribute_string (rtcc_bwc_recording_get_event (recording), "officer_id"),
                                              day, NULL, self->download_cancellable, checksum_cb, op);
}

/**
 * rtcc_bwc_window_cancel_download:
 *
 * Stops the download under way; its partial file is deleted.
 */
void
rtcc_bwc_window_cancel_download (RtccBwcWindow *self)
{
  g_return_if_fail (RTCC_IS_BWC_WINDOW (self));
  g_cancellable_cancel (self->download_cancellable);
}

gboolean
rtcc_bwc_window_is_downloading (RtccBwcWindow *self)
{
  g_return_val_if_fail (RTCC_IS_BWC_WINDOW (self), FALSE);
  return self->download_cancellable != NULL;
}

/**
 * rtcc_bwc_window_get_download_result:
 * @succeeded: (out) (optional): whether the last download was verified
 *
 * Returns: (nullable): what the window says about the last download
 */
const char *
rtcc_bwc_window_get_download_result (RtccBwcWindow *self,
                                     gboolean      *succeeded)
{
  g_return_val_if_fail (RTCC_IS_BWC_WINDOW (self), NULL);
  if (succeeded != NULL)
    *succeeded = self->download_ok;
  return self->download_result;
}

/**
 * rtcc_bwc_window_link:
 * @incident: the incident number
 *
 * Links the selected recording to @incident, audited; the row shows the
 * link once the vendor made it.
 *
 * Returns: %FALSE when nothing was sent (no selection, no audit log, or
 *   not an incident number)
 */
gboolean
rtcc_bwc_window_link (RtccBwcWindow *self,
                      const char    *incident)
{
  g_return_val_if_fail (RTCC_IS_BWC_WINDOW (self), FALSE);
  return start_link (self, incident, TRUE);
}

/**
 * rtcc_bwc_window_unlink:
 * @incident: an incident the selected recording is linked to
 *
 * What the confirmation dialog's Unlink does: audited, and the row
 * updated once the vendor removed the link.
 */
void
rtcc_bwc_window_unlink (RtccBwcWindow *self,
                        const char    *incident)
{
  g_return_if_fail (RTCC_IS_BWC_WINDOW (self));
  start_link (self, incident, FALSE);
}

/**
 * rtcc_bwc_window_is_busy:
 *
 * Returns: whether a link or unlink is under way
 */
gboolean
rtcc_bwc_window_is_busy (RtccBwcWindow *self)
{
  g_return_val_if_fail (RTCC_IS_BWC_WINDOW (self), FALSE);
  return self->busy > 0;
}
