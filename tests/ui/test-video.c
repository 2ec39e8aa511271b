/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <adwaita.h>
#include <libsoup/soup.h>

#include "milestone/rtcc-camera-geometry.h"
#include "milestone/rtcc-milestone-integration.h"
#include "rtcc-camera-layer.h"
#include "rtcc-camera-model.h"
#include "rtcc-config.h"
#include "rtcc-demo.h"
#include "rtcc-screenshot.h"
#include "rtcc-sim-server.h"
#include "rtcc-sim-world.h"
#include "rtcc-video-view.h"
#include "rtcc-video-wall.h"
#include "rtcc-window.h"
#include "rtcc-ui-test-sim.h"
#include "rtcc-ui-test-util.h"

#define TRAINING_T001 "5eed0000-0000-4000-8000-000000000001"
#define TRAINING_T002 "5eed0000-0000-4000-8000-000000000002"
#define TRAINING_T003 "5eed0000-0000-4000-8000-000000000003"

/* One simulator for the whole program: starting one costs a second. */
static RtccSimServer *sim;
static RtccIntegration *milestone;
static RtccCameraModel *cameras;
static SoupSession *session;

static gboolean
has_cameras (gpointer data)
{
  return g_list_model_get_n_items (G_LIST_MODEL (cameras)) > 0;
}

typedef struct
{
  gboolean  done;
  char     *uri;
  GError   *error;
} StreamResult;

static void
streams_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  StreamResult *r = user_data;

  r->uri = rtcc_milestone_integration_get_streams_finish (RTCC_MILESTONE_INTEGRATION (object), result, &r->error);
  r->done = TRUE;
}

static char *
stream_uri (const char *camera_id)
{
  StreamResult r = { 0 };

  rtcc_milestone_integration_get_streams_async (RTCC_MILESTONE_INTEGRATION (milestone), camera_id,
                                                NULL, streams_done, &r);
  g_assert_true (rtcc_test_wait_until (rtcc_test_is_done, &r.done, 20000));
  g_assert_no_error (r.error);
  g_assert_nonnull (r.uri);
  g_assert_true (g_str_has_prefix (r.uri, "rtsp://127.0.0.1:"));
  return r.uri;
}

static gboolean
is_playing (gpointer view)
{
  return rtcc_video_view_get_state (view) == RTCC_VIDEO_STATE_PLAYING &&
         rtcc_video_view_get_frame_count (view) >= 3;
}

static gboolean
is_reconnecting (gpointer view)
{
  return rtcc_video_view_get_state (view) == RTCC_VIDEO_STATE_RECONNECTING;
}

static gboolean
teardowns_done (gpointer data)
{
  return rtcc_video_view_get_pending_teardowns () == 0;
}

/* Whether @text is on screen in @widget: a label showing it whose
 * ancestors are all visible. */
static gboolean
shows_text (GtkWidget  *widget,
            const char *text)
{
  if (!gtk_widget_get_visible (widget))
    return FALSE;
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (shows_text (child, text))
      return TRUE;
  return FALSE;
}

static void
test_view_live_and_lost (void)
{
  g_autofree char *uri = stream_uri (TRAINING_T001);
  GtkWidget *window = gtk_window_new ();
  RtccVideoView *view = RTCC_VIDEO_VIEW (rtcc_video_view_new ());
  GdkTexture *frame;
  guint reconnects;

  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (view));
  gtk_window_set_default_size (GTK_WINDOW (window), 320, 240);
  gtk_window_present (GTK_WINDOW (window));
  /* Slow builds (sanitizers) need the default time to connect. */
  rtcc_video_view_set_stall_timeout (view, 3000);

  g_assert_cmpint (rtcc_video_view_get_state (view), ==, RTCC_VIDEO_STATE_IDLE);
  rtcc_video_view_play (view, TRAINING_T001, "CAM T001", uri);
  g_assert_cmpint (rtcc_video_view_get_state (view), ==, RTCC_VIDEO_STATE_CONNECTING);
  g_assert_cmpstr (rtcc_video_view_get_camera_id (view), ==, TRAINING_T001);

  g_assert_true (rtcc_test_wait_until (is_playing, view, 20000));
  g_assert_cmpint (rtcc_video_view_get_first_frame_ms (view), >=, 0);
  g_assert_cmpint (rtcc_video_view_get_first_frame_ms (view), <, 10000);
  g_assert_true (shows_text (GTK_WIDGET (view), "CAM T001"));
  g_assert_false (shows_text (GTK_WIDGET (view), "Stream lost — reconnecting…"));
  frame = rtcc_video_paintable_get_texture (rtcc_video_view_get_paintable (view));
  g_assert_nonnull (frame);
  g_assert_cmpint (gdk_texture_get_width (frame), >, 0);
  g_assert_cmpint (gdk_paintable_get_intrinsic_height (GDK_PAINTABLE (rtcc_video_view_get_paintable (view))),
                   ==, gdk_texture_get_height (frame));

  /* The server stops every stream: the view says so over the last frame. */
  rtcc_test_sim_admin (sim, session, "POST", "faults", "{\"vendor\": \"milestone\", \"fault\": \"rtsp_stop\"}");
  g_assert_true (rtcc_test_wait_until (is_reconnecting, view, 5000));
  g_assert_true (shows_text (GTK_WIDGET (view), "Stream lost — reconnecting…"));
  g_assert_nonnull (rtcc_video_paintable_get_texture (rtcc_video_view_get_paintable (view)));
  g_assert_cmpint (rtcc_video_view_get_first_frame_ms (view), >=, 0);
  reconnects = rtcc_video_view_get_reconnects (view);

  /* Streams come back: the view reconnects by itself. */
  rtcc_test_sim_admin (sim, session, "DELETE", "faults?vendor=milestone", NULL);
  g_assert_true (rtcc_test_wait_until (is_playing, view, 20000));
  g_assert_cmpuint (rtcc_video_view_get_reconnects (view), >=, MAX (reconnects, 1));
  g_assert_false (shows_text (GTK_WIDGET (view), "Stream lost — reconnecting…"));

  rtcc_video_view_stop (view);
  g_assert_cmpint (rtcc_video_view_get_state (view), ==, RTCC_VIDEO_STATE_IDLE);
  g_assert_null (rtcc_video_paintable_get_texture (rtcc_video_view_get_paintable (view)));
  g_assert_null (rtcc_video_view_get_camera_id (view));
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_true (rtcc_test_wait_until (teardowns_done, NULL, 5000));
}

/* Frames that keep coming while the main loop is busy (a slow paint)
 * are not a lost stream. */
static void
test_view_busy_main_loop (void)
{
  g_autofree char *uri = stream_uri (TRAINING_T002);
  g_autoptr(RtccVideoView) view = g_object_ref_sink (RTCC_VIDEO_VIEW (rtcc_video_view_new ()));
  gint64 until;

  rtcc_video_view_play (view, TRAINING_T002, NULL, uri);
  g_assert_true (rtcc_test_wait_until (is_playing, view, 30000));
  rtcc_video_view_set_stall_timeout (view, 1500);
  /* Longer than the stall timeout without running the main loop: the
   * watchdog runs before the frames waiting for delivery. */
  g_usleep (2500 * 1000);
  until = g_get_monotonic_time () + 500 * 1000;
  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpint (rtcc_video_view_get_state (view), ==, RTCC_VIDEO_STATE_PLAYING);
  g_assert_cmpuint (rtcc_video_view_get_reconnects (view), ==, 0);
  rtcc_video_view_stop (view);
  g_assert_true (rtcc_test_wait_until (teardowns_done, NULL, 5000));
}

static void
test_view_bad_uri (void)
{
  g_autoptr(RtccVideoView) view = g_object_ref_sink (RTCC_VIDEO_VIEW (rtcc_video_view_new ()));

  rtcc_video_view_set_stall_timeout (view, 500);
  /* Nothing listens on the discard port: a refused connection. */
  rtcc_video_view_play (view, "x", "\"; rm -rf / <b>hostile</b>", "rtsp://127.0.0.1:9/live/none");
  g_assert_true (rtcc_test_wait_until (is_reconnecting, view, 5000));
  g_assert_cmpuint (rtcc_video_view_get_frame_count (view), ==, 0);
  g_assert_cmpint (rtcc_video_view_get_first_frame_ms (view), ==, -1);
  rtcc_video_view_stop (view);
  g_assert_true (rtcc_test_wait_until (teardowns_done, NULL, 5000));
}

static guint
count_views (GtkWidget *widget)
{
  guint n = RTCC_IS_VIDEO_VIEW (widget) && gtk_widget_get_visible (widget) ? 1 : 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_views (child);
  return n;
}

static void
test_wall_layouts (void)
{
  RtccVideoWall *wall = rtcc_video_wall_new (NULL, cameras);
  static const int layouts[] = { 1, 9, 4 };
  int tile;

  g_assert_cmpuint (rtcc_video_wall_get_layout (wall), ==, 4);
  g_assert_cmpuint (count_views (GTK_WIDGET (wall)), ==, 4);
  for (guint i = 0; i < G_N_ELEMENTS (layouts); i++)
    {
      /* Through the toggle buttons' action, as a click would. */
      gtk_widget_activate_action (GTK_WIDGET (wall), "wall.layout", "i", layouts[i]);
      g_assert_cmpuint (rtcc_video_wall_get_layout (wall), ==, layouts[i]);
      g_assert_cmpuint (count_views (GTK_WIDGET (wall)), ==, layouts[i]);
      g_assert_nonnull (rtcc_video_wall_get_tile (wall, layouts[i] - 1));
      g_assert_null (rtcc_video_wall_get_tile (wall, layouts[i]));
    }

  /* A double-click fills the next free view; a camera shown stays put. */
  tile = rtcc_video_wall_open_camera (wall, TRAINING_T001, -1);
  g_assert_cmpint (tile, ==, 0);
  g_assert_cmpint (rtcc_video_wall_open_camera (wall, TRAINING_T002, -1), ==, 1);
  g_assert_cmpint (rtcc_video_wall_open_camera (wall, TRAINING_T001, -1), ==, 0);
  /* A drop names its view. */
  g_assert_cmpint (rtcc_video_wall_open_camera (wall, TRAINING_T003, 3), ==, 3);
  g_assert_cmpstr (rtcc_video_view_get_camera_id (rtcc_video_wall_get_tile (wall, 3)), ==, TRAINING_T003);
  g_assert_cmpint (rtcc_video_wall_open_camera (wall, "no-such-camera", -1), ==, -1);
  g_assert_cmpint (rtcc_video_wall_open_camera (wall, TRAINING_T003, 7), ==, -1);

  /* Going down to one view stops the others. */
  rtcc_video_wall_set_layout (wall, 1);
  g_assert_cmpstr (rtcc_video_view_get_camera_id (rtcc_video_wall_get_tile (wall, 0)), ==, TRAINING_T001);
  rtcc_video_wall_set_layout (wall, 4);
  g_assert_null (rtcc_video_view_get_camera_id (rtcc_video_wall_get_tile (wall, 1)));

  gtk_window_destroy (GTK_WINDOW (wall));
  g_assert_true (rtcc_test_wait_until (teardowns_done, NULL, 5000));
}

static RtccCamera *
find_camera (gboolean with_position)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (cameras)); i++)
    {
      g_autoptr(RtccCamera) camera = g_list_model_get_item (G_LIST_MODEL (cameras), i);
      double lat, lon;

      if (rtcc_camera_get_location (camera, &lat, &lon) == with_position)
        return camera;
    }
  return NULL;
}

static void
test_layer_wedge (void)
{
  g_autoptr(ShumateMapSourceRegistry) registry = shumate_map_source_registry_new_with_defaults ();
  g_autoptr(ShumateViewport) viewport = shumate_viewport_new ();
  g_autoptr(RtccCameraLayer) layer = NULL;
  RtccCamera *camera = rtcc_camera_model_lookup (cameras, TRAINING_T001);
  graphene_point_t apex, arc[RTCC_CAMERA_LAYER_ARC_POINTS];
  const double zoom = 17.0;
  double lat, lon, metres_per_px, depth_px;
  int min, nat;

  g_assert_nonnull (camera);
  g_assert_true (rtcc_camera_get_location (camera, &lat, &lon));
  /* T001 looks east (a quarter turn) over a quarter turn, 250 m deep. */
  g_assert_cmpfloat_with_epsilon (rtcc_camera_get_direction_deg (camera), 90.0, 0.01);
  g_assert_cmpfloat_with_epsilon (rtcc_camera_get_fov_deg (camera), 90.0, 0.01);
  g_assert_cmpfloat_with_epsilon (rtcc_camera_get_depth_m (camera), 250.0, 0.01);

  shumate_viewport_set_reference_map_source (viewport,
                                             shumate_map_source_registry_get_by_id (registry, SHUMATE_MAP_SOURCE_OSM_MAPNIK));
  shumate_viewport_set_max_zoom_level (viewport, 20);
  shumate_viewport_set_zoom_level (viewport, zoom);
  shumate_location_set_location (SHUMATE_LOCATION (viewport), lat, lon);
  layer = g_object_ref_sink (rtcc_camera_layer_new (viewport));
  gtk_widget_measure (GTK_WIDGET (layer), GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
  gtk_widget_measure (GTK_WIDGET (layer), GTK_ORIENTATION_VERTICAL, 800, &min, &nat, NULL, NULL);
  gtk_widget_size_allocate (GTK_WIDGET (layer), &(GtkAllocation) { 0, 0, 800, 600 }, -1);

  g_assert_true (rtcc_camera_layer_get_wedge (layer, camera, &apex, arc));
  g_assert_cmpfloat_with_epsilon (apex.x, 400, 0.5);
  g_assert_cmpfloat_with_epsilon (apex.y, 300, 0.5);

  /* Web Mercator at this latitude and zoom. */
  metres_per_px = cos (lat * G_PI / 180) * 2 * G_PI * 6378137.0 / (256 * exp2 (zoom));
  depth_px = 250.0 / metres_per_px;
  /* The middle of the arc lies straight east, one depth away. */
  g_assert_cmpfloat_with_epsilon (arc[RTCC_CAMERA_LAYER_ARC_POINTS / 2].x - apex.x, depth_px, depth_px * 0.01);
  g_assert_cmpfloat_with_epsilon (arc[RTCC_CAMERA_LAYER_ARC_POINTS / 2].y, apex.y, 0.5);
  /* The edges at 45° and 135°: north-east first, then south-east. */
  g_assert_cmpfloat_with_epsilon (arc[0].x - apex.x, depth_px / G_SQRT2, depth_px * 0.01);
  g_assert_cmpfloat_with_epsilon (apex.y - arc[0].y, depth_px / G_SQRT2, depth_px * 0.01);
  g_assert_cmpfloat_with_epsilon (arc[RTCC_CAMERA_LAYER_ARC_POINTS - 1].y - apex.y, depth_px / G_SQRT2, depth_px * 0.01);
  for (guint i = 0; i < RTCC_CAMERA_LAYER_ARC_POINTS; i++)
    g_assert_cmpfloat_with_epsilon (graphene_point_distance (&apex, &arc[i], NULL, NULL), depth_px, depth_px * 0.01);

  /* A click on the dot picks the camera; beside it, nothing. */
  rtcc_camera_layer_set_model (layer, G_LIST_MODEL (cameras));
  g_assert_true (rtcc_camera_layer_pick (layer, 402, 301) == camera);
  /* Only the dots take the pointer (an unmapped widget contains nothing, so ask the class). */
  g_assert_true (GTK_WIDGET_GET_CLASS (layer)->contains (GTK_WIDGET (layer), 402, 301));
  g_assert_false (GTK_WIDGET_GET_CLASS (layer)->contains (GTK_WIDGET (layer), 400 + depth_px / 2, 300));
  g_assert_null (rtcc_camera_layer_pick (layer, 400 + depth_px / 2, 300));

  /* Zooming out by one halves the wedge. */
  shumate_viewport_set_zoom_level (viewport, zoom - 1);
  g_assert_true (rtcc_camera_layer_get_wedge (layer, camera, &apex, arc));
  g_assert_cmpfloat_with_epsilon (arc[RTCC_CAMERA_LAYER_ARC_POINTS / 2].x - apex.x, depth_px / 2, depth_px * 0.01);

  /* A camera placed nowhere has no wedge. */
  camera = find_camera (FALSE);
  g_assert_nonnull (camera);
  g_assert_false (rtcc_camera_layer_get_wedge (layer, camera, &apex, arc));

  rtcc_camera_layer_set_highlighted (layer, (const char *[]) { TRAINING_T002, NULL });
  g_assert_true (rtcc_camera_layer_is_highlighted (layer, TRAINING_T002));
  g_assert_false (rtcc_camera_layer_is_highlighted (layer, TRAINING_T001));
  gtk_widget_unparent (GTK_WIDGET (layer));
}

static void
test_cameras_that_see (void)
{
  g_autoptr(GPtrArray) all = rtcc_camera_model_to_array (cameras);
  /* Where the simulator puts the training gunshot SS-TRAINING-0001. */
  double lat = sim_world_lat_for_units (0);
  double lon = sim_world_lon_for_units (-1130);
  g_auto(GStrv) ids = NULL;
  g_auto(GStrv) far = NULL;
  guint n_in_view = 0;

  ids = rtcc_cameras_that_see (all, lat, lon, 9, &n_in_view);
  g_assert_cmpuint (n_in_view, >=, 3);
  g_assert_cmpuint (g_strv_length (ids), ==, 9);
  /* The training cameras see it, so they come among the first. */
  for (guint i = 0; i < 3; i++)
    {
      const char *id = (const char *[]) { TRAINING_T001, TRAINING_T002, TRAINING_T003 }[i];
      gboolean found = FALSE;

      for (guint k = 0; k < n_in_view; k++)
        found |= g_str_equal (ids[k], id);
      g_assert_true (found);
      g_assert_true (rtcc_camera_covers (rtcc_camera_model_lookup (cameras, id), lat, lon));
    }
  for (guint k = n_in_view; ids[k] != NULL; k++)
    g_assert_false (rtcc_camera_covers (rtcc_camera_model_lookup (cameras, ids[k]), lat, lon));

  /* Out in the lake nothing is near. */
  far = rtcc_cameras_that_see (all, lat, lon + 1.0, 9, &n_in_view);
  g_assert_cmpuint (g_strv_length (far), ==, 0);
  g_assert_cmpuint (n_in_view, ==, 0);
}

typedef struct
{
  const char      *camera_id;
  RtccCameraState  state;
} CameraState;

static gboolean
camera_in_state (gpointer data)
{
  CameraState *want = data;
  RtccCamera *camera = rtcc_camera_model_lookup (cameras, want->camera_id);

  return camera != NULL && rtcc_camera_get_state (camera) == want->state;
}

static gboolean
first_statuses_read (gpointer data)
{
  for (guint i = 0; i < 12; i++)
    {
      g_autoptr(RtccCamera) camera = g_list_model_get_item (G_LIST_MODEL (cameras), i);

      if (rtcc_camera_get_enabled (camera) && rtcc_camera_get_state (camera) == RTCC_CAMERA_STATE_UNKNOWN)
        return FALSE;
    }
  return TRUE;
}

/* The status line under @name in the wall's camera list, if its row is
 * on screen. */
static const char *
row_status (GtkWidget  *widget,
            const char *name)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), name) == 0 &&
      GTK_IS_LABEL (gtk_widget_get_next_sibling (widget)))
    return gtk_label_get_label (GTK_LABEL (gtk_widget_get_next_sibling (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      const char *found = row_status (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

typedef struct
{
  GtkWidget  *wall;
  const char *name;
  const char *prefix;
} RowWait;

static gboolean
row_shows (gpointer data)
{
  RowWait *w = data;
  const char *status = row_status (w->wall, w->name);

  return status != NULL && g_str_has_prefix (status, w->prefix);
}

static gboolean
is_idle (gpointer view)
{
  return rtcc_video_view_get_state (view) == RTCC_VIDEO_STATE_IDLE;
}

static void
inject_camera (const char *type,
               const char *camera_id)
{
  g_autofree char *json = g_strdup_printf ("{\"kind\": \"motion\", \"type\": \"%s\", \"camera_id\": \"%s\"}",
                                           type, camera_id);

  rtcc_test_sim_admin (sim, session, "POST", "inject", json);
}

/* A status pass reads the simulator's 265 cameras four at a time; on a
 * loaded machine (or under the sanitizers) one pass takes seconds. */
#define STATUS_WAIT_MS 40000

/* The list shows each camera's status and follows it; a view of a camera
 * that goes offline says so and why, and stops reconnecting until the
 * camera responds again. The integration's event stream is not running
 * here: only the status reads can tell. */
static void
test_wall_camera_status (void)
{
  /* Short, but with pauses in which the simulator serves the rest. */
  const guint interval_ms = 1500;
  RtccVideoWall *wall;
  RtccVideoView *tile;
  RtccCamera *shown = NULL;
  RtccCamera *other = NULL;
  g_autofree char *shown_id = NULL;
  g_autofree char *shown_name = NULL;
  g_autofree char *other_id = NULL;
  CameraState want;
  RowWait row;
  guint reconnects;

  rtcc_camera_model_set_status_interval (cameras, interval_ms);
  rtcc_camera_model_refresh_status (cameras);
  g_assert_true (rtcc_test_wait_until (first_statuses_read, NULL, 30000));
  for (guint i = 0; i < 12 && (shown == NULL || other == NULL); i++)
    {
      g_autoptr(RtccCamera) camera = g_list_model_get_item (G_LIST_MODEL (cameras), i);

      if (rtcc_camera_get_state (camera) != RTCC_CAMERA_STATE_RESPONDING)
        continue;
      if (shown == NULL)
        shown = camera;
      else
        other = camera;
    }
  g_assert_nonnull (shown);
  g_assert_nonnull (other);
  /* Items are replaced when their status changes: keep the ids. */
  shown_id = g_strdup (rtcc_camera_get_id (shown));
  shown_name = g_strdup (rtcc_camera_get_name (shown));
  other_id = g_strdup (rtcc_camera_get_id (other));

  wall = rtcc_video_wall_new (NULL, cameras);
  gtk_window_present (GTK_WINDOW (wall));
  row = (RowWait) { GTK_WIDGET (wall), shown_name, "Online, recording" };
  g_assert_true (rtcc_test_wait_until (row_shows, &row, 5000));

  g_assert_cmpint (rtcc_video_wall_open_camera (wall, shown_id, 0), ==, 0);
  tile = rtcc_video_wall_get_tile (wall, 0);
  g_assert_true (rtcc_test_wait_until (is_playing, tile, 30000));

  /* The camera drops off the network. */
  inject_camera ("CameraNotResponding", shown_id);
  want = (CameraState) { shown_id, RTCC_CAMERA_STATE_NOT_RESPONDING };
  g_assert_true (rtcc_test_wait_until (camera_in_state, &want, STATUS_WAIT_MS));
  row.prefix = "Offline: not responding";
  g_assert_true (rtcc_test_wait_until (row_shows, &row, 2000));
  g_assert_true (rtcc_test_wait_until (is_idle, tile, 2000));
  g_assert_cmpstr (rtcc_video_view_get_camera_id (tile), ==, shown_id);
  g_assert_true (shows_text (GTK_WIDGET (tile),
                             "Camera offline: Milestone XProtect reports that it is not responding. "
                             "The view starts again when it responds."));
  /* And it stays that way: no reconnection loop. */
  reconnects = rtcc_video_view_get_reconnects (tile);
  g_assert_false (rtcc_test_wait_until (is_reconnecting, tile, 3 * interval_ms + 1000));
  g_assert_cmpuint (rtcc_video_view_get_reconnects (tile), ==, reconnects);
  g_assert_cmpint (rtcc_video_view_get_state (tile), ==, RTCC_VIDEO_STATE_IDLE);

  /* The simulator stopped the camera's video too, as a real camera that
   * drops off the network does: a view played anyway gets nothing. */
  {
    g_autofree char *uri = stream_uri (shown_id);
    g_autoptr(RtccVideoView) raw = g_object_ref_sink (RTCC_VIDEO_VIEW (rtcc_video_view_new ()));

    rtcc_video_view_set_stall_timeout (raw, 500);
    rtcc_video_view_play (raw, shown_id, NULL, uri);
    g_assert_true (rtcc_test_wait_until (is_reconnecting, raw, 5000));
    g_assert_cmpuint (rtcc_video_view_get_frame_count (raw), ==, 0);
    rtcc_video_view_stop (raw);
  }

  /* A camera nobody watches: only a status pass finds it. The pass the
   * timer would start is started here, from the top of the list where
   * the camera is, so the test need not wait out the rest of a pass over
   * 265 cameras (under the sanitizers, most of a minute). */
  inject_camera ("CameraNotResponding", other_id);
  rtcc_camera_model_refresh_status (cameras);
  want = (CameraState) { other_id, RTCC_CAMERA_STATE_NOT_RESPONDING };
  g_assert_true (rtcc_test_wait_until (camera_in_state, &want, STATUS_WAIT_MS));

  /* Back online: the list says so and the view plays again by itself. */
  inject_camera ("CameraResponding", shown_id);
  inject_camera ("CameraResponding", other_id);
  rtcc_camera_model_refresh_status (cameras);
  want = (CameraState) { shown_id, RTCC_CAMERA_STATE_RESPONDING };
  g_assert_true (rtcc_test_wait_until (camera_in_state, &want, STATUS_WAIT_MS));
  row.prefix = "Online, recording";
  g_assert_true (rtcc_test_wait_until (row_shows, &row, 2000));
  g_assert_true (rtcc_test_wait_until (is_playing, tile, 30000));
  want = (CameraState) { other_id, RTCC_CAMERA_STATE_RESPONDING };
  g_assert_true (rtcc_test_wait_until (camera_in_state, &want, STATUS_WAIT_MS));

  if (g_getenv ("RTCC_TEST_SCREENSHOTS") != NULL)
    {
      g_autofree char *png = g_build_filename (g_getenv ("RTCC_TEST_SCREENSHOTS"), "wall-camera-status.png", NULL);
      g_autoptr(GError) error = NULL;
      gint64 until;

      rtcc_video_wall_open_camera (wall, other_id, 1);
      inject_camera ("CameraNotResponding", other_id);
      want = (CameraState) { other_id, RTCC_CAMERA_STATE_NOT_RESPONDING };
      g_assert_true (rtcc_test_wait_until (camera_in_state, &want, STATUS_WAIT_MS));
      g_assert_true (rtcc_test_wait_until (is_idle, rtcc_video_wall_get_tile (wall, 1), 2000));
      /* Let the other views' frames and the list settle. */
      until = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;
      while (g_get_monotonic_time () < until)
        g_main_context_iteration (NULL, FALSE);
      rtcc_screenshot_render (GTK_WIDGET (wall), png, &error);
      g_assert_no_error (error);
      inject_camera ("CameraResponding", other_id);
    }

  rtcc_camera_model_set_status_interval (cameras, 30000);
  gtk_window_destroy (GTK_WINDOW (wall));
  g_assert_true (rtcc_test_wait_until (teardowns_done, NULL, 5000));
}

static gboolean
model_statuses_read (gpointer model)
{
  guint n = g_list_model_get_n_items (model);

  if (n == 0)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RtccCamera) camera = g_list_model_get_item (model, i);

      if (rtcc_camera_get_enabled (camera) && rtcc_camera_get_state (camera) == RTCC_CAMERA_STATE_UNKNOWN)
        return FALSE;
    }
  return TRUE;
}

typedef struct
{
  RtccCameraModel *model;
  const char      *camera_id;
  RtccCameraState  state;
} ModelState;

static gboolean
model_camera_in_state (gpointer data)
{
  ModelState *want = data;
  RtccCamera *camera = rtcc_camera_model_lookup (want->model, want->camera_id);

  return camera != NULL && rtcc_camera_get_state (camera) == want->state;
}

static gboolean
has_session (gpointer integration)
{
  return rtcc_milestone_integration_get_session_id (integration) != NULL;
}

/* With the event stream running, a camera's "not responding" event
 * updates the model at once, long before the next status pass. */
static void
test_model_status_events (void)
{
  g_autoptr(RtccCameraModel) model = rtcc_camera_model_new (RTCC_MILESTONE_INTEGRATION (milestone));
  ModelState want = { model, TRAINING_T003, RTCC_CAMERA_STATE_NOT_RESPONDING };

  /* One pass, then none for ten minutes. */
  rtcc_camera_model_set_status_interval (model, 600000);
  g_assert_true (rtcc_test_wait_until (model_statuses_read, model, 30000));
  g_assert_cmpint (rtcc_camera_get_state (rtcc_camera_model_lookup (model, TRAINING_T003)),
                   ==, RTCC_CAMERA_STATE_RESPONDING);

  rtcc_integration_start (milestone);
  g_assert_true (rtcc_test_wait_until (has_session, milestone, 10000));
  /* The subscription follows the session; events before it are not sent. */
  for (guint attempt = 0; attempt < 10 && !model_camera_in_state (&want); attempt++)
    {
      inject_camera ("CameraNotResponding", TRAINING_T003);
      rtcc_test_wait_until (model_camera_in_state, &want, 1000);
    }
  g_assert_true (model_camera_in_state (&want));

  want.state = RTCC_CAMERA_STATE_RESPONDING;
  inject_camera ("CameraResponding", TRAINING_T003);
  g_assert_true (rtcc_test_wait_until (model_camera_in_state, &want, 5000));
  rtcc_integration_stop (milestone);
}

static gboolean
window_has_cameras (gpointer window)
{
  RtccCameraLayer *layer = rtcc_map_view_get_camera_layer (rtcc_window_get_map_view (window));

  return layer != NULL && g_list_model_get_n_items (rtcc_camera_layer_get_model (layer)) > 0;
}

/* The detail pane's button, end to end: the window ranks its own camera
 * listing, highlights the cameras that see the spot and plays them. */
static void
test_window_cameras_for_event (void)
{
  g_autoptr(GListStore) integrations = g_list_store_new (RTCC_TYPE_INTEGRATION);
  g_autoptr(GListStore) events = g_list_store_new (RTCC_TYPE_EVENT);
  g_autoptr(RtccConfig) config = rtcc_config_new (NULL, FALSE);
  g_autoptr(GPtrArray) env = rtcc_sim_server_get_env (sim);
  g_autoptr(RtccEventBuilder) builder = NULL;
  g_autoptr(RtccEvent) gunshot = NULL;
  g_autoptr(RtccEvent) nowhere = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  RtccWindow *window;
  RtccCameraLayer *layer;
  RtccVideoWall *wall;
  guint opened;

  /* The simulator's map tiles, for a screenshot worth looking at. */
  g_assert_true (rtcc_demo_apply_env (config, env, &error));
  g_list_store_append (integrations, milestone);
  window = rtcc_window_new (NULL, config, G_LIST_MODEL (integrations), NULL, G_LIST_MODEL (events));
  gtk_window_set_default_size (GTK_WINDOW (window), 1440, 900);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (rtcc_test_wait_until (window_has_cameras, window, 10000));
  layer = rtcc_map_view_get_camera_layer (rtcc_window_get_map_view (window));

  builder = rtcc_event_builder_new (RTCC_SOURCE_SHOTSPOTTER, RTCC_EVENT_TYPE_GUNSHOT, "SS-TRAINING-0001");
  rtcc_event_builder_set_occurred_at (builder, now);
  rtcc_event_builder_set_location (builder, sim_world_lat_for_units (0), sim_world_lon_for_units (-1130));
  rtcc_event_builder_set_title (builder, "Multiple gunshots (4 rounds)");
  rtcc_event_builder_set_address (builder, "1200 W MADISON ST");
  gunshot = rtcc_event_builder_end (g_steal_pointer (&builder), &error);
  g_assert_no_error (error);
  g_list_store_append (events, gunshot);
  rtcc_event_feed_select_event (rtcc_window_get_feed (window), gunshot);

  opened = rtcc_window_show_cameras_for_event (window, gunshot);
  g_assert_cmpuint (opened, >=, 4);
  g_assert_true (rtcc_camera_layer_is_highlighted (layer, TRAINING_T001));
  g_assert_true (rtcc_camera_layer_is_highlighted (layer, TRAINING_T002));
  g_assert_true (rtcc_camera_layer_is_highlighted (layer, TRAINING_T003));
  wall = rtcc_window_show_video_wall (window);
  g_assert_cmpuint (rtcc_video_wall_get_layout (wall), >=, opened);
  if (g_getenv ("RTCC_TEST_SCREENSHOTS") != NULL)
    {
      const char *dir = g_getenv ("RTCC_TEST_SCREENSHOTS");
      g_autofree char *main_png = g_build_filename (dir, "cameras-for-event.png", NULL);
      g_autofree char *wall_png = g_build_filename (dir, "cameras-for-event-wall.png", NULL);
      gint64 until = g_get_monotonic_time () + 6 * G_USEC_PER_SEC;

      rtcc_map_view_center_on_event (rtcc_window_get_map_view (window), gunshot);
      while (g_get_monotonic_time () < until)
        g_main_context_iteration (NULL, FALSE);
      g_assert_true (rtcc_screenshot_render (GTK_WIDGET (window), main_png, NULL));
      g_assert_true (rtcc_screenshot_render (GTK_WIDGET (wall), wall_png, NULL));
    }
  for (guint i = 0; i < 3; i++)
    {
      const char *id = rtcc_video_view_get_camera_id (rtcc_video_wall_get_tile (wall, i));

      g_assert_true (rtcc_camera_covers (rtcc_camera_model_lookup (cameras, id),
                                         sim_world_lat_for_units (0), sim_world_lon_for_units (-1130)));
    }

  /* An event without a place opens nothing and leaves the wall as it was. */
  builder = rtcc_event_builder_new (RTCC_SOURCE_HOTSHEETS, RTCC_EVENT_TYPE_BOLO_CREATED, "B-1");
  rtcc_event_builder_set_occurred_at (builder, now);
  nowhere = rtcc_event_builder_end (g_steal_pointer (&builder), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rtcc_window_show_cameras_for_event (window, nowhere), ==, 0);
  g_assert_nonnull (rtcc_video_view_get_camera_id (rtcc_video_wall_get_tile (wall, 0)));

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_true (rtcc_test_wait_until (teardowns_done, NULL, 5000));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RtccConfig) config = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  if (!gtk_init_check ())
    {
      g_test_add_func ("/ui/video/display", rtcc_test_skip_without_display);
      return g_test_run ();
    }
  adw_init ();

  sim = rtcc_test_sim_start (&config);
  milestone = rtcc_milestone_integration_new (config);
  cameras = rtcc_camera_model_new (RTCC_MILESTONE_INTEGRATION (milestone));
  session = soup_session_new ();
  if (!rtcc_test_wait_until (has_cameras, NULL, 10000))
    g_error ("The simulator listed no cameras: %s", rtcc_camera_model_get_error (cameras));

  g_test_add_func ("/ui/video/view/live-and-lost", test_view_live_and_lost);
  g_test_add_func ("/ui/video/view/bad-uri", test_view_bad_uri);
  g_test_add_func ("/ui/video/view/busy-main-loop", test_view_busy_main_loop);
  g_test_add_func ("/ui/video/wall/layouts", test_wall_layouts);
  g_test_add_func ("/ui/video/wall/camera-status", test_wall_camera_status);
  g_test_add_func ("/ui/video/model/status-events", test_model_status_events);
  g_test_add_func ("/ui/video/layer/wedge", test_layer_wedge);
  g_test_add_func ("/ui/video/cameras-that-see", test_cameras_that_see);
  g_test_add_func ("/ui/video/window/cameras-for-event", test_window_cameras_for_event);
  status = g_test_run ();

  g_clear_object (&cameras);
  g_clear_object (&milestone);
  g_clear_object (&session);
  rtcc_test_sim_stop (&sim);
  return status;
}
