/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccVideoWall"

#include "config.h"

#include <glib/gi18n.h>

#include "milestone/rtcc-camera-geometry.h"
#include "rtcc-application.h"
#include "rtcc-clip-export-dialog.h"
#include "rtcc-snapshot.h"
#include "rtcc-video-wall.h"
#include "rtcc-session-window.h"

/* Cameras farther than this cannot show a spot in a city. */
#define SEE_MAX_DISTANCE_M 1000.0

/**
 * RtccVideoWall:
 *
 * A window of 1, 4 or 9 live views beside the list of Milestone
 * cameras. Cameras go to a view by drag and drop or by a double-click,
 * which takes the next free view. The nine views always exist; a smaller
 * layout only shows (and plays) the first ones, so switching back and
 * forth keeps what the first views show.
 */
struct _RtccVideoWall
{
  AdwWindow        parent_instance;

  GtkListView     *camera_list;
  GtkLabel        *list_message;
  GtkGrid         *grid;
  AdwToastOverlay *toasts;

  RtccCameraModel *cameras;
  RtccVideoView   *tiles[RTCC_VIDEO_WALL_MAX_TILES];
  GCancellable    *lookups[RTCC_VIDEO_WALL_MAX_TILES];
  gboolean         offline[RTCC_VIDEO_WALL_MAX_TILES];  /* showing "camera offline" */
  int              layout;
  guint            next_tile;     /* where a double-click goes when all are taken */
};

G_DEFINE_FINAL_TYPE (RtccVideoWall, rtcc_video_wall, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_LAYOUT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  RtccVideoWall *wall;   /* strong */
  guint          tile;
  char          *camera_id;
  char          *camera_name;
} StreamLookup;

static void
stream_lookup_free (StreamLookup *lookup)
{
  g_object_unref (lookup->wall);
  g_free (lookup->camera_id);
  g_free (lookup->camera_name);
  g_free (lookup);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StreamLookup, stream_lookup_free)

static const char *
camera_state_label (RtccCamera *camera)
{
  if (!rtcc_camera_get_enabled (camera))
    return _("Disabled");
  switch (rtcc_camera_get_state (camera))
    {
    case RTCC_CAMERA_STATE_RESPONDING:
      /* Translators: a camera's status in the video wall's list */
      return rtcc_camera_get_recording (camera) ? _("Online, recording") : _("Online, not recording");
    case RTCC_CAMERA_STATE_NOT_RESPONDING:
      return _("Offline: not responding");
    case RTCC_CAMERA_STATE_DISABLED:
      return _("Disabled");
    case RTCC_CAMERA_STATE_UNKNOWN:
    default:
      /* The listing says only whether the camera is enabled; its status
       * comes with the next status pass. */
      return _("Enabled, status not read yet");
    }
}

static const char *
camera_state_class (RtccCamera *camera)
{
  if (!rtcc_camera_get_enabled (camera))
    return "camera-disabled";
  switch (rtcc_camera_get_state (camera))
    {
    case RTCC_CAMERA_STATE_RESPONDING:
      return "camera-responding";
    case RTCC_CAMERA_STATE_NOT_RESPONDING:
      return "camera-not-responding";
    case RTCC_CAMERA_STATE_DISABLED:
      return "camera-disabled";
    case RTCC_CAMERA_STATE_UNKNOWN:
    default:
      return "camera-unknown";
    }
}

/* Why a camera cannot be played, or NULL while it may be. */
static const char *
camera_offline_reason (RtccCamera *camera)
{
  if (!rtcc_camera_get_enabled (camera) || rtcc_camera_get_state (camera) == RTCC_CAMERA_STATE_DISABLED)
    return _("Camera offline: it is disabled in Milestone XProtect.");
  if (rtcc_camera_get_state (camera) == RTCC_CAMERA_STATE_NOT_RESPONDING)
    return _("Camera offline: Milestone XProtect reports that it is not responding. The view starts again when it responds.");
  return NULL;
}

static void
show_offline (RtccVideoWall *self,
              guint          index,
              RtccCamera    *camera,
              const char    *reason)
{
  g_cancellable_cancel (self->lookups[index]);
  g_clear_object (&self->lookups[index]);
  self->offline[index] = TRUE;
  /* Stops the stream and its reconnection attempts. */
  rtcc_video_view_set_message (self->tiles[index], rtcc_camera_get_id (camera),
                               rtcc_camera_get_name (camera), reason);
}

static void
streams_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(StreamLookup) lookup = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  RtccVideoView *tile;

  uri = rtcc_milestone_integration_get_streams_finish (RTCC_MILESTONE_INTEGRATION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&lookup->wall->lookups[lookup->tile]);
  tile = lookup->wall->tiles[lookup->tile];
  if (g_strcmp0 (rtcc_video_view_get_camera_id (tile), lookup->camera_id) != 0)
    return;
  if (uri == NULL)
    {
      g_info ("No live stream for a camera: %s", error->message);
      rtcc_video_view_set_message (tile, lookup->camera_id, lookup->camera_name, error->message);
      return;
    }
  rtcc_video_view_play (tile, lookup->camera_id, lookup->camera_name, uri);
}

static void
play_in_tile (RtccVideoWall *self,
              guint          index,
              RtccCamera    *camera)
{
  RtccMilestoneIntegration *milestone = rtcc_camera_model_get_milestone (self->cameras);
  const char *reason = camera_offline_reason (camera);
  StreamLookup *lookup;

  g_cancellable_cancel (self->lookups[index]);
  g_clear_object (&self->lookups[index]);
  self->offline[index] = FALSE;
  if (reason != NULL && milestone != NULL)
    {
      show_offline (self, index, camera, reason);
      return;
    }

  if (milestone == NULL)
    {
      rtcc_video_view_set_message (self->tiles[index], rtcc_camera_get_id (camera),
                                   rtcc_camera_get_name (camera),
                                   _("Milestone XProtect is not configured. Set MILESTONE_API_URL in Preferences."));
      return;
    }
  rtcc_video_view_set_message (self->tiles[index], rtcc_camera_get_id (camera),
                               rtcc_camera_get_name (camera), _("Asking Milestone for the stream…"));

  lookup = g_new0 (StreamLookup, 1);
  lookup->wall = g_object_ref (self);
  lookup->tile = index;
  lookup->camera_id = g_strdup (rtcc_camera_get_id (camera));
  lookup->camera_name = g_strdup (rtcc_camera_get_name (camera));
  self->lookups[index] = g_cancellable_new ();
  rtcc_milestone_integration_get_streams_async (milestone, lookup->camera_id, self->lookups[index],
                                                streams_cb, lookup);
}


/* Snapshots and clips ------------------------------------------------------ */

static void
show_toast (RtccVideoWall *self,
            const char    *text,
            gboolean       error)
{
  AdwToast *toast;

  /* Closed meanwhile: the toasts went with the window. */
  if (self->toasts == NULL)
    return;
  toast = adw_toast_new (text);
  /* A failure stays until read; a success goes by itself. */
  adw_toast_set_timeout (toast, error ? 0 : 5);
  adw_toast_overlay_add_toast (self->toasts, toast);
}

static void
snapshot_saved_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(RtccVideoWall) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = rtcc_snapshot_save_finish (result, &error);
  g_autofree char *text = NULL;

  if (file == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_toast (self, error->message, TRUE);
      return;
    }
  {
    g_autofree char *name = g_file_get_basename (file);

    text = g_strdup_printf (_("Snapshot saved as %s"), name);
    show_toast (self, text, FALSE);
  }
}

typedef struct
{
  RtccVideoWall *wall;   /* strong */
  char          *name;   /* the file name to offer */
} SnapshotJob;

static void
snapshot_job_free (SnapshotJob *job)
{
  g_object_unref (job->wall);
  g_free (job->name);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SnapshotJob, snapshot_job_free)

static void
snapshot_captured_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(SnapshotJob) job = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) jpeg = rtcc_snapshot_capture_finish (result, &error);

  if (jpeg == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("No snapshot: %s"), error->message);

      show_toast (job->wall, text, TRUE);
      return;
    }
  /* Closed while the camera answered: nothing to save it from. */
  if (job->wall->toasts == NULL)
    return;
  rtcc_snapshot_save_async (GTK_WINDOW (job->wall), jpeg, job->name, NULL,
                            snapshot_saved_cb, g_object_ref (job->wall));
}

static void
snapshot_tile (RtccVideoWall *self,
               RtccVideoView *tile,
               gboolean       from_vms)
{
  const char *camera_id = rtcc_video_view_get_camera_id (tile);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  RtccJpegMetadata metadata = { 0 };
  GdkTexture *frame = NULL;
  RtccCamera *camera;
  SnapshotJob *job;

  if (camera_id == NULL)
    return;
  camera = rtcc_camera_model_lookup (self->cameras, camera_id);
  metadata.camera_id = camera_id;
  metadata.camera_name = rtcc_video_view_get_camera_name (tile);
  metadata.time = now;
  if (camera != NULL)
    metadata.has_location = rtcc_camera_get_location (camera, &metadata.latitude, &metadata.longitude);
  if (!from_vms)
    {
      /* The frame on screen, not a new request: what the analyst saw. */
      frame = rtcc_video_paintable_get_texture (rtcc_video_view_get_paintable (tile));
      if (frame == NULL)
        {
          show_toast (self, _("No snapshot: the view has no picture yet. Try “Snapshot from VMS”."), TRUE);
          return;
        }
    }
  job = g_new0 (SnapshotJob, 1);
  job->wall = g_object_ref (self);
  job->name = rtcc_snapshot_suggest_name (metadata.camera_name, now, metadata.has_location,
                                          metadata.latitude, metadata.longitude);
  rtcc_snapshot_capture_async (rtcc_camera_model_get_milestone (self->cameras), frame, &metadata, NULL,
                               snapshot_captured_cb, job);
}

static void
on_tile_snapshot (RtccVideoView *tile,
                  gboolean       from_vms,
                  RtccVideoWall *self)
{
  snapshot_tile (self, tile, from_vms);
}

static void
on_tile_export_clip (RtccVideoView *tile,
                     RtccVideoWall *self)
{
  if (rtcc_video_view_get_camera_id (tile) != NULL)
    rtcc_video_wall_export_clip (self, rtcc_video_view_get_camera_id (tile));
}

/* The view with the keyboard focus, else the first one with a camera. */
static RtccVideoView *
current_tile (RtccVideoWall *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  for (int i = 0; i < self->layout; i++)
    if (focus != NULL && (focus == GTK_WIDGET (self->tiles[i]) ||
                          gtk_widget_is_ancestor (focus, GTK_WIDGET (self->tiles[i]))) &&
        rtcc_video_view_get_camera_id (self->tiles[i]) != NULL)
      return self->tiles[i];
  for (int i = 0; i < self->layout; i++)
    if (rtcc_video_view_get_camera_id (self->tiles[i]) != NULL)
      return self->tiles[i];
  return NULL;
}

static void
snapshot_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  RtccVideoWall *self = RTCC_VIDEO_WALL (widget);
  RtccVideoView *tile = current_tile (self);

  if (tile != NULL)
    snapshot_tile (self, tile, FALSE);
}

static void
export_clip_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  RtccVideoWall *self = RTCC_VIDEO_WALL (widget);
  const char *camera_id = g_variant_get_string (parameter, NULL);

  if (*camera_id == '\0')
    {
      RtccVideoView *tile = current_tile (self);

      camera_id = tile != NULL ? rtcc_video_view_get_camera_id (tile) : NULL;
    }
  if (camera_id != NULL)
    rtcc_video_wall_export_clip (self, camera_id);
}

static gboolean
unparent_idle (gpointer data)
{
  g_autoptr(GtkWidget) popover = data;

  if (gtk_widget_get_parent (popover) != NULL)
    gtk_widget_unparent (popover);
  return G_SOURCE_REMOVE;
}

/* Unparenting inside its own "closed" would free the popover mid-signal. */
static void
on_row_menu_closed (GtkPopover *popover)
{
  g_idle_add (unparent_idle, g_object_ref (popover));
}

static void
on_row_menu (GtkGestureClick *gesture,
             int              n_press,
             double           x,
             double           y,
             gpointer         user_data)
{
  GtkWidget *box = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));
  const char *camera_id = g_object_get_data (G_OBJECT (box), "camera-id");
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenuItem) item = NULL;
  GtkWidget *popover;

  if (camera_id == NULL)
    return;
  item = g_menu_item_new (_("Export Clip…"), NULL);
  g_menu_item_set_action_and_target (item, "wall.export-clip", "s", camera_id);
  g_menu_append_item (menu, item);
  popover = gtk_popover_menu_new_from_model (G_MENU_MODEL (menu));
  gtk_widget_set_parent (popover, box);
  gtk_popover_set_pointing_to (GTK_POPOVER (popover), &(GdkRectangle) { x, y, 1, 1 });
  gtk_popover_set_has_arrow (GTK_POPOVER (popover), FALSE);
  g_signal_connect (popover, "closed", G_CALLBACK (on_row_menu_closed), NULL);
  gtk_popover_popup (GTK_POPOVER (popover));
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

static void
update_grid (RtccVideoWall *self)
{
  int columns = self->layout == 9 ? 3 : self->layout == 4 ? 2 : 1;

  for (guint i = 0; i < RTCC_VIDEO_WALL_MAX_TILES; i++)
    if (gtk_widget_get_parent (GTK_WIDGET (self->tiles[i])) != NULL)
      gtk_grid_remove (self->grid, GTK_WIDGET (self->tiles[i]));

  for (int i = 0; i < self->layout; i++)
    gtk_grid_attach (self->grid, GTK_WIDGET (self->tiles[i]), i % columns, i / columns, 1, 1);

  /* Hidden views must not keep pulling video. */
  for (guint i = self->layout; i < RTCC_VIDEO_WALL_MAX_TILES; i++)
    {
      g_cancellable_cancel (self->lookups[i]);
      g_clear_object (&self->lookups[i]);
      rtcc_video_view_stop (self->tiles[i]);
    }
  if (self->next_tile >= (guint) self->layout)
    self->next_tile = 0;
}

static gboolean
on_drop (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         RtccVideoWall *self)
{
  GtkWidget *tile = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (target));

  if (!G_VALUE_HOLDS_STRING (value))
    return FALSE;
  for (guint i = 0; i < RTCC_VIDEO_WALL_MAX_TILES; i++)
    if (GTK_WIDGET (self->tiles[i]) == tile)
      return rtcc_video_wall_open_camera (self, g_value_get_string (value), i) >= 0;
  return FALSE;
}

static GdkContentProvider *
on_drag_prepare (GtkDragSource *source,
                 double         x,
                 double         y,
                 GtkListItem   *item)
{
  RtccCamera *camera = gtk_list_item_get_item (item);

  if (camera == NULL)
    return NULL;
  return gdk_content_provider_new_typed (G_TYPE_STRING, rtcc_camera_get_id (camera));
}

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           RtccVideoWall            *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *dot = gtk_image_new_from_icon_name ("camera-web-symbolic");
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *status = gtk_label_new (NULL);
  GtkGesture *menu_click;
  GtkDragSource *drag = gtk_drag_source_new ();

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (status), 0);
  gtk_widget_add_css_class (status, "caption");
  gtk_widget_add_css_class (status, "dim-label");
  gtk_box_append (GTK_BOX (texts), name);
  gtk_box_append (GTK_BOX (texts), status);
  gtk_box_append (GTK_BOX (box), dot);
  gtk_box_append (GTK_BOX (box), texts);
  gtk_widget_set_margin_top (box, 4);
  gtk_widget_set_margin_bottom (box, 4);

  gtk_drag_source_set_actions (drag, GDK_ACTION_COPY);
  g_signal_connect (drag, "prepare", G_CALLBACK (on_drag_prepare), item);
  gtk_widget_add_controller (box, GTK_EVENT_CONTROLLER (drag));
  menu_click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (menu_click), GDK_BUTTON_SECONDARY);
  g_signal_connect (menu_click, "pressed", G_CALLBACK (on_row_menu), NULL);
  gtk_widget_add_controller (box, GTK_EVENT_CONTROLLER (menu_click));

  g_object_set_data (G_OBJECT (box), "dot", dot);
  g_object_set_data (G_OBJECT (box), "name", name);
  g_object_set_data (G_OBJECT (box), "status", status);
  gtk_list_item_set_child (item, box);
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          RtccVideoWall            *self)
{
  RtccCamera *camera = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *dot = g_object_get_data (G_OBJECT (box), "dot");
  const char *classes[] = { "camera-status", camera_state_class (camera), NULL };
  double lat, lon;
  g_autofree char *status = NULL;

  gtk_label_set_label (g_object_get_data (G_OBJECT (box), "name"), rtcc_camera_get_name (camera));
  if (rtcc_camera_get_location (camera, &lat, &lon))
    status = g_strdup (camera_state_label (camera));
  else
    /* Translators: a camera status, then a note that it is not on the map */
    status = g_strdup_printf (_("%s · no position"), camera_state_label (camera));
  gtk_label_set_label (g_object_get_data (G_OBJECT (box), "status"), status);
  gtk_widget_set_css_classes (dot, classes);
  gtk_widget_set_tooltip_text (box, rtcc_camera_get_id (camera));
  g_object_set_data_full (G_OBJECT (box), "camera-id", g_strdup (rtcc_camera_get_id (camera)), g_free);
}

static void
on_activate (GtkListView   *list,
             guint          position,
             RtccVideoWall *self)
{
  g_autoptr(RtccCamera) camera = g_list_model_get_item (G_LIST_MODEL (self->cameras), position);

  if (camera != NULL)
    rtcc_video_wall_open_camera (self, rtcc_camera_get_id (camera), -1);
}

static void
update_list_message (RtccVideoWall *self)
{
  const char *error = rtcc_camera_model_get_error (self->cameras);
  const char *message = NULL;
  g_autofree char *text = NULL;

  if (rtcc_camera_model_get_milestone (self->cameras) == NULL)
    message = _("Milestone XProtect is not configured. Set MILESTONE_API_URL in Preferences.");
  else if (error != NULL)
    message = text = g_strdup_printf (_("Could not list the cameras: %s"), error);
  else if (rtcc_camera_model_get_loading (self->cameras) &&
           g_list_model_get_n_items (G_LIST_MODEL (self->cameras)) == 0)
    message = _("Listing the cameras…");
  gtk_label_set_label (self->list_message, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->list_message), message != NULL);
}

/* A camera's status changed: views of a camera gone offline say so and
 * stop trying; views of one that responds again play it again. */
static void
on_cameras_changed (RtccVideoWall *self)
{
  for (guint i = 0; i < (guint) self->layout; i++)
    {
      const char *camera_id = rtcc_video_view_get_camera_id (self->tiles[i]);
      RtccCamera *camera;
      const char *reason;

      if (camera_id == NULL)
        {
          self->offline[i] = FALSE;
          continue;
        }
      if ((camera = rtcc_camera_model_lookup (self->cameras, camera_id)) == NULL)
        continue;
      reason = camera_offline_reason (camera);
      if (reason != NULL && !self->offline[i])
        show_offline (self, i, camera, reason);
      else if (reason == NULL && self->offline[i] &&
               rtcc_camera_get_state (camera) == RTCC_CAMERA_STATE_RESPONDING)
        play_in_tile (self, i, camera);
    }
}

/* A lost stream may be a camera gone offline: ask now rather than at the
 * next status pass. */
static void
on_tile_state (RtccVideoView *tile,
               GParamSpec    *pspec,
               RtccVideoWall *self)
{
  const char *camera_id = rtcc_video_view_get_camera_id (tile);

  if (self->cameras != NULL && camera_id != NULL &&
      rtcc_video_view_get_state (tile) == RTCC_VIDEO_STATE_RECONNECTING)
    rtcc_camera_model_refresh_camera (self->cameras, camera_id);
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  rtcc_camera_model_refresh (RTCC_VIDEO_WALL (widget)->cameras);
}

static void
rtcc_video_wall_dispose (GObject *object)
{
  RtccVideoWall *self = RTCC_VIDEO_WALL (object);

  for (guint i = 0; i < RTCC_VIDEO_WALL_MAX_TILES; i++)
    {
      g_cancellable_cancel (self->lookups[i]);
      g_clear_object (&self->lookups[i]);
      if (self->tiles[i] != NULL)
        {
          g_signal_handlers_disconnect_by_data (self->tiles[i], self);
          rtcc_video_view_stop (self->tiles[i]);
          if (gtk_widget_get_parent (GTK_WIDGET (self->tiles[i])) != NULL)
            gtk_grid_remove (self->grid, GTK_WIDGET (self->tiles[i]));
        }
      g_clear_object (&self->tiles[i]);
    }
  if (self->cameras != NULL)
    g_signal_handlers_disconnect_by_data (self->cameras, self);
  g_clear_object (&self->cameras);
  /* Owned by the window as its content; snapshot answers arriving later
   * find it gone. */
  self->toasts = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (self), RTCC_TYPE_VIDEO_WALL);

  G_OBJECT_CLASS (rtcc_video_wall_parent_class)->dispose (object);
}

static void
rtcc_video_wall_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  RtccVideoWall *self = RTCC_VIDEO_WALL (object);

  switch (prop_id)
    {
    case PROP_LAYOUT:
      g_value_set_int (value, self->layout);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rtcc_video_wall_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  RtccVideoWall *self = RTCC_VIDEO_WALL (object);

  switch (prop_id)
    {
    case PROP_LAYOUT:
      rtcc_video_wall_set_layout (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rtcc_video_wall_class_init (RtccVideoWallClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rtcc_video_wall_dispose;
  object_class->get_property = rtcc_video_wall_get_property;
  object_class->set_property = rtcc_video_wall_set_property;

  /**
   * RtccVideoWall:layout:
   *
   * How many views the wall shows: 1, 4 or 9.
   */
  properties[PROP_LAYOUT] =
    g_param_spec_int ("layout", NULL, NULL, 1, RTCC_VIDEO_WALL_MAX_TILES, 4,
                      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/g3ti/Rtcc/rtcc-video-wall.ui");
  gtk_widget_class_bind_template_child (widget_class, RtccVideoWall, camera_list);
  gtk_widget_class_bind_template_child (widget_class, RtccVideoWall, list_message);
  gtk_widget_class_bind_template_child (widget_class, RtccVideoWall, grid);
  gtk_widget_class_install_property_action (widget_class, "wall.layout", "layout");
  gtk_widget_class_install_action (widget_class, "wall.refresh", NULL, refresh_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_CONTROL_MASK, "wall.layout", "i", 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_4, GDK_CONTROL_MASK, "wall.layout", "i", 4);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_9, GDK_CONTROL_MASK, "wall.layout", "i", 9);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
  gtk_widget_class_install_action (widget_class, "wall.snapshot", NULL, snapshot_action);
  gtk_widget_class_install_action (widget_class, "wall.export-clip", "s", export_clip_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_S, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "wall.snapshot", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_E, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "wall.export-clip", "s", "");
}

static void
rtcc_video_wall_init (RtccVideoWall *self)
{
  g_autoptr(GtkWidget) content = NULL;

  self->layout = 0;
  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < RTCC_VIDEO_WALL_MAX_TILES; i++)
    {
      GtkDropTarget *drop = gtk_drop_target_new (G_TYPE_STRING, GDK_ACTION_COPY);

      self->tiles[i] = g_object_ref_sink (RTCC_VIDEO_VIEW (rtcc_video_view_new ()));
      g_signal_connect (self->tiles[i], "notify::state", G_CALLBACK (on_tile_state), self);
      g_signal_connect (drop, "drop", G_CALLBACK (on_drop), self);
      g_signal_connect (self->tiles[i], "snapshot", G_CALLBACK (on_tile_snapshot), self);
      g_signal_connect (self->tiles[i], "export-clip", G_CALLBACK (on_tile_export_clip), self);
      gtk_widget_add_controller (GTK_WIDGET (self->tiles[i]), GTK_EVENT_CONTROLLER (drop));
    }
  rtcc_video_wall_set_layout (self, 4);

  /* Snapshot and export results are told in toasts over the whole wall. */
  content = g_object_ref (adw_window_get_content (ADW_WINDOW (self)));
  adw_window_set_content (ADW_WINDOW (self), NULL);
  self->toasts = ADW_TOAST_OVERLAY (adw_toast_overlay_new ());
  adw_toast_overlay_set_child (self->toasts, content);
  adw_window_set_content (ADW_WINDOW (self), GTK_WIDGET (self->toasts));
}

/**
 * rtcc_video_wall_new:
 * @application: (nullable): the application the window belongs to
 * @cameras: the cameras to list and play
 *
 * Returns: (transfer full): a new wall of four empty views
 */
RtccVideoWall *
rtcc_video_wall_new (GtkApplication  *application,
                     RtccCameraModel *cameras)
{
  RtccVideoWall *self;
  GtkListItemFactory *factory;
  GtkSelectionModel *selection;

  g_return_val_if_fail (RTCC_IS_CAMERA_MODEL (cameras), NULL);

  self = g_object_new (RTCC_TYPE_VIDEO_WALL, "application", application, NULL);
  self->cameras = g_object_ref (cameras);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), self);
  selection = GTK_SELECTION_MODEL (gtk_single_selection_new (g_object_ref (G_LIST_MODEL (cameras))));
  gtk_single_selection_set_autoselect (GTK_SINGLE_SELECTION (selection), FALSE);
  gtk_list_view_set_factory (self->camera_list, factory);
  gtk_list_view_set_model (self->camera_list, selection);
  g_object_unref (factory);
  g_object_unref (selection);
  g_signal_connect (self->camera_list, "activate", G_CALLBACK (on_activate), self);

  g_signal_connect_swapped (cameras, "notify::loading", G_CALLBACK (update_list_message), self);
  g_signal_connect_swapped (cameras, "notify::error", G_CALLBACK (update_list_message), self);
  g_signal_connect_swapped (cameras, "items-changed", G_CALLBACK (on_cameras_changed), self);
  update_list_message (self);
  return self;
}

/**
 * rtcc_video_wall_get_cameras:
 *
 * Returns: (transfer none): the cameras listed beside the views
 */
RtccCameraModel *
rtcc_video_wall_get_cameras (RtccVideoWall *self)
{
  g_return_val_if_fail (RTCC_IS_VIDEO_WALL (self), NULL);
  return self->cameras;
}

/**
 * rtcc_video_wall_set_layout:
 * @n_tiles: 1, 4 or 9; other values take the next larger layout
 *
 * Shows that many views; views beyond it stop playing.
 */
void
rtcc_video_wall_set_layout (RtccVideoWall *self,
                            guint          n_tiles)
{
  int layout;

  g_return_if_fail (RTCC_IS_VIDEO_WALL (self));

  layout = n_tiles <= 1 ? 1 : n_tiles <= 4 ? 4 : 9;
  if (self->layout == layout)
    return;
  self->layout = layout;
  update_grid (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAYOUT]);
}

/**
 * rtcc_video_wall_get_layout:
 *
 * Returns: how many views are shown: 1, 4 or 9
 */
guint
rtcc_video_wall_get_layout (RtccVideoWall *self)
{
  g_return_val_if_fail (RTCC_IS_VIDEO_WALL (self), 0);
  return self->layout;
}

/**
 * rtcc_video_wall_get_tile:
 * @index: a view, counted left to right and top to bottom
 *
 * Returns: (transfer none) (nullable): the view, or %NULL when @index is
 *   not shown in the current layout
 */
RtccVideoView *
rtcc_video_wall_get_tile (RtccVideoWall *self,
                          guint          index)
{
  g_return_val_if_fail (RTCC_IS_VIDEO_WALL (self), NULL);

  if (index >= (guint) self->layout)
    return NULL;
  return self->tiles[index];
}

/**
 * rtcc_video_wall_open_camera:
 * @camera_id: a camera of the wall's list
 * @tile: the view to play it in, or -1 for the next free one (the oldest
 *   filled one when all are taken)
 *
 * Asks Milestone for the camera's stream and plays it. A camera already
 * shown stays where it is.
 *
 * Returns: the view used, or -1 when the camera is unknown
 */
int
rtcc_video_wall_open_camera (RtccVideoWall *self,
                             const char    *camera_id,
                             int            tile)
{
  RtccCamera *camera;

  g_return_val_if_fail (RTCC_IS_VIDEO_WALL (self), -1);

  camera = rtcc_camera_model_lookup (self->cameras, camera_id);
  if (camera == NULL)
    {
      g_info ("No camera with the id that was dropped or asked for");
      return -1;
    }

  if (tile < 0)
    {
      for (int i = 0; i < self->layout; i++)
        if (g_strcmp0 (rtcc_video_view_get_camera_id (self->tiles[i]), camera_id) == 0)
          return i;
      for (int i = 0; i < self->layout && tile < 0; i++)
        if (rtcc_video_view_get_camera_id (self->tiles[i]) == NULL)
          tile = i;
      if (tile < 0)
        {
          tile = self->next_tile;
          self->next_tile = (self->next_tile + 1) % self->layout;
        }
    }
  if (tile >= self->layout)
    return -1;

  play_in_tile (self, tile, camera);
  return tile;
}

/**
 * rtcc_video_wall_open_cameras:
 * @camera_ids: cameras in order of preference
 *
 * Replaces what the views show with @camera_ids, best first, growing the
 * layout up to nine views so that all of them fit.
 *
 * Returns: how many cameras are now shown
 */
guint
rtcc_video_wall_open_cameras (RtccVideoWall      *self,
                              const char * const *camera_ids)
{
  guint n = 0;
  guint shown = 0;

  g_return_val_if_fail (RTCC_IS_VIDEO_WALL (self), 0);

  if (camera_ids != NULL)
    n = MIN (g_strv_length ((char **) camera_ids), RTCC_VIDEO_WALL_MAX_TILES);
  if (n > (guint) self->layout)
    rtcc_video_wall_set_layout (self, n);
  for (guint i = 0; i < (guint) self->layout; i++)
    {
      if (i < n && rtcc_video_wall_open_camera (self, camera_ids[i], i) >= 0)
        shown++;
      else if (i >= n)
        rtcc_video_view_stop (self->tiles[i]);
    }
  self->next_tile = 0;
  return shown;
}

/**
 * rtcc_cameras_that_see:
 * @cameras: (element-type RtccCamera): the cameras to choose from
 * @lat: the spot
 * @lon: the spot
 * @max_cameras: how many to return at most
 * @n_in_view: (out) (optional): how many of those returned have the spot
 *   in their field of view; they come first
 *
 * The cameras to put on the wall for a spot: those whose field of view
 * covers it, nearest first, then the nearest others within a kilometre.
 *
 * Returns: (transfer full): camera ids, best first
 */
GStrv
rtcc_cameras_that_see (GPtrArray *cameras,
                       double     lat,
                       double     lon,
                       guint      max_cameras,
                       guint     *n_in_view)
{
  guint in_view = 0;

  g_autoptr(GPtrArray) matches = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  matches = rtcc_camera_rank_for_location (cameras, lat, lon, SEE_MAX_DISTANCE_M);
  for (guint i = 0; i < matches->len && i < max_cameras; i++)
    {
      RtccCameraMatch *match = g_ptr_array_index (matches, i);

      g_strv_builder_add (builder, rtcc_camera_get_id (match->camera));
      if (match->in_view)
        in_view++;
    }
  if (n_in_view != NULL)
    *n_in_view = in_view;
  return g_strv_builder_end (builder);
}

static guint
open_first_responding (RtccVideoWall *self,
                       guint          n_cameras)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) ids = NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->cameras));
  guint found = 0;

  for (guint i = 0; i < n && found < n_cameras; i++)
    {
      g_autoptr(RtccCamera) camera = g_list_model_get_item (G_LIST_MODEL (self->cameras), i);

      if (rtcc_camera_get_enabled (camera) &&
          rtcc_camera_get_state (camera) != RTCC_CAMERA_STATE_NOT_RESPONDING)
        {
          g_strv_builder_add (builder, rtcc_camera_get_id (camera));
          found++;
        }
    }
  ids = g_strv_builder_end (builder);
  return rtcc_video_wall_open_cameras (self, (const char * const *) ids);
}

static void
on_first_listing (RtccVideoWall *self)
{
  guint wanted = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (self), "rtcc-wanted"));

  if (g_list_model_get_n_items (G_LIST_MODEL (self->cameras)) == 0)
    return;
  g_signal_handlers_disconnect_by_func (self->cameras, on_first_listing, self);
  open_first_responding (self, wanted);
}

/**
 * rtcc_video_wall_show_first_cameras:
 * @n_cameras: how many to show
 *
 * Shows the first responding cameras of the list, once it is listed; for
 * a first look at the wall (demo mode, screenshots).
 */
void
rtcc_video_wall_show_first_cameras (RtccVideoWall *self,
                                    guint          n_cameras)
{
  g_return_if_fail (RTCC_IS_VIDEO_WALL (self));

  if (g_list_model_get_n_items (G_LIST_MODEL (self->cameras)) > 0)
    {
      open_first_responding (self, n_cameras);
      return;
    }
  g_object_set_data (G_OBJECT (self), "rtcc-wanted", GUINT_TO_POINTER (n_cameras));
  g_signal_connect_object (self->cameras, "items-changed", G_CALLBACK (on_first_listing),
                           self, G_CONNECT_SWAPPED);
}

static void
name_dialog_when_listed (RtccClipExportDialog *dialog,
                         guint                 position,
                         guint                 removed,
                         guint                 added,
                         RtccCameraModel      *cameras)
{
  RtccCamera *camera = rtcc_camera_model_lookup (cameras, rtcc_clip_export_dialog_get_camera_id (dialog));

  if (camera == NULL)
    return;
  g_signal_handlers_disconnect_by_func (cameras, name_dialog_when_listed, dialog);
  rtcc_clip_export_dialog_set_camera_name (dialog, rtcc_camera_get_name (camera));
}

/**
 * rtcc_video_wall_export_clip:
 * @camera_id: a camera of the wall's list
 *
 * Opens the clip export dialog for the camera, offering its last five
 * minutes; exports are audited in the application's log.
 *
 * Returns: (transfer none): the dialog, shown over the wall
 */
RtccClipExportDialog *
rtcc_video_wall_export_clip (RtccVideoWall *self,
                             const char    *camera_id)
{
  RtccClipExportDialog *dialog;
  GtkApplication *application;
  RtccCamera *camera;

  g_return_val_if_fail (RTCC_IS_VIDEO_WALL (self), NULL);
  g_return_val_if_fail (camera_id != NULL, NULL);

  camera = rtcc_camera_model_lookup (self->cameras, camera_id);
  dialog = rtcc_clip_export_dialog_new (rtcc_camera_model_get_milestone (self->cameras), camera_id,
                                        camera != NULL ? rtcc_camera_get_name (camera) : NULL);
  application = gtk_window_get_application (GTK_WINDOW (self));
  if (RTCC_IS_APPLICATION (application))
    rtcc_clip_export_dialog_set_audit (dialog,
                                       rtcc_application_get_audit_log (RTCC_APPLICATION (application)),
                                       rtcc_application_get_operator_id (RTCC_APPLICATION (application)));
  /* Opened before the cameras are listed, e.g. for a screenshot. */
  if (camera == NULL)
    g_signal_connect_object (self->cameras, "items-changed", G_CALLBACK (name_dialog_when_listed),
                             dialog, G_CONNECT_SWAPPED);
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  rtcc_session_window_present (GTK_WINDOW (dialog), GTK_WINDOW (self));
  return dialog;
}
