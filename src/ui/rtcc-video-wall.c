/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccVideoWall"

#include "config.h"

#include <glib/gi18n.h>

#include "milestone/rtcc-camera-geometry.h"
#include "rtcc-video-wall.h"

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
}

static void
rtcc_video_wall_init (RtccVideoWall *self)
{
  self->layout = 0;
  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < RTCC_VIDEO_WALL_MAX_TILES; i++)
    {
      GtkDropTarget *drop = gtk_drop_target_new (G_TYPE_STRING, GDK_ACTION_COPY);

      self->tiles[i] = g_object_ref_sink (RTCC_VIDEO_VIEW (rtcc_video_view_new ()));
      g_signal_connect (self->tiles[i], "notify::state", G_CALLBACK (on_tile_state), self);
      g_signal_connect (drop, "drop", G_CALLBACK (on_drop), self);
      gtk_widget_add_controller (GTK_WIDGET (self->tiles[i]), GTK_EVENT_CONTROLLER (drop));
    }
  rtcc_video_wall_set_layout (self, 4);
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
