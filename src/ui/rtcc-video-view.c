/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccVideoView"

#include "config.h"

#include <glib/gi18n.h>
#include <gst/app/gstappsink.h>
#include <gst/gst.h>
#include <gst/video/video.h>

#include "rtcc-util.h"
#include "rtcc-video-view.h"

/* The stream counts as lost when no frame came for this long. */
#define DEFAULT_STALL_MS 3000
/* A new connection gets longer: the server may start an encoder first. */
#define CONNECT_FACTOR 3
#define WATCHDOG_MS 250
#define BACKOFF_MIN_MS 500
#define BACKOFF_MAX_MS 8000

#define PIPELINE_DESCRIPTION \
  "rtspsrc name=src latency=50 protocols=tcp ! rtph264depay ! h264parse ! avdec_h264 " \
  "! videoconvert ! video/x-raw,format=BGRA ! appsink name=sink sync=false max-buffers=1 drop=true"

/* What the streaming thread shares with the widget for one connection.
 * The widget may go away first, hence the weak reference; a connection
 * replaced by a newer one is told apart by pointer. */
typedef struct
{
  GWeakRef     view;
  GMutex       lock;
  GdkTexture  *pending;      /* newest frame not yet shown */
  gboolean     queued;       /* a main-context delivery is on its way */
  gint64       pending_delay_us;
  gint64       last_sample_at;  /* monotonic: the newest decoded frame */
  guint64      dropped;      /* decoded frames replaced before they were shown */
  GMainContext *context;
} Feed;

struct _RtccVideoView
{
  GtkWidget           parent_instance;

  GtkOverlay         *overlay;
  GtkPicture         *picture;
  GtkLabel           *name_label;
  GtkLabel           *latency_label;
  GtkBox             *status_box;
  GtkSpinner         *spinner;
  GtkLabel           *status_label;
  GtkWidget          *controls;

  RtccVideoPaintable *paintable;

  char               *camera_id;
  char               *camera_name;
  char               *uri;
  RtccVideoState      state;

  GstElement         *pipeline;
  Feed               *feed;
  gint64              started_at;   /* monotonic, this connection */
  gint64              last_frame_at;
  gint64              first_frame_ms;
  gint64              live_delay_us;
  guint64             frames;
  guint64             dropped;         /* this connection */
  guint64             dropped_before;  /* earlier connections since play */
  guint               reconnects;
  guint               stall_ms;
  guint               backoff_ms;
  guint               watchdog_id;
  guint               reconnect_id;
};

G_DEFINE_FINAL_TYPE (RtccVideoView, rtcc_video_view, GTK_TYPE_WIDGET)

G_DEFINE_ENUM_TYPE (RtccVideoState, rtcc_video_state,
                    G_DEFINE_ENUM_VALUE (RTCC_VIDEO_STATE_IDLE, "idle"),
                    G_DEFINE_ENUM_VALUE (RTCC_VIDEO_STATE_CONNECTING, "connecting"),
                    G_DEFINE_ENUM_VALUE (RTCC_VIDEO_STATE_PLAYING, "playing"),
                    G_DEFINE_ENUM_VALUE (RTCC_VIDEO_STATE_RECONNECTING, "reconnecting"))

enum {
  PROP_0,
  PROP_CAMERA_ID,
  PROP_CAMERA_NAME,
  PROP_STATE,
  PROP_FIRST_FRAME_MS,
  PROP_PAINTABLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SNAPSHOT,
  EXPORT_CLIP,
  N_SIGNALS
};

static guint signals[N_SIGNALS];
static gint pending_teardowns;

static void start_pipeline (RtccVideoView *self);
static void stream_lost    (RtccVideoView *self);
static void update_actions (RtccVideoView *self);

static Feed *
feed_new (RtccVideoView *view)
{
  Feed *feed = g_atomic_rc_box_new0 (Feed);

  g_weak_ref_init (&feed->view, view);
  g_mutex_init (&feed->lock);
  feed->context = g_main_context_ref_thread_default ();
  return feed;
}

static void
feed_clear (Feed *feed)
{
  g_weak_ref_clear (&feed->view);
  g_clear_object (&feed->pending);
  g_mutex_clear (&feed->lock);
  g_main_context_unref (feed->context);
}

static Feed *
feed_ref (Feed *feed)
{
  return g_atomic_rc_box_acquire (feed);
}

static void
feed_unref (gpointer feed)
{
  g_atomic_rc_box_release_full (feed, (GDestroyNotify) feed_clear);
}

/* The view a callback belongs to, or NULL when that connection is over. */
static RtccVideoView *
feed_get_view (Feed *feed)
{
  RtccVideoView *view = g_weak_ref_get (&feed->view);

  if (view != NULL && view->feed != feed)
    g_clear_object (&view);
  return view;
}

static void
update_overlay (RtccVideoView *self)
{
  gboolean busy = self->state == RTCC_VIDEO_STATE_CONNECTING ||
                  self->state == RTCC_VIDEO_STATE_RECONNECTING;

  if (self->state == RTCC_VIDEO_STATE_RECONNECTING)
    gtk_label_set_label (self->status_label, _("Stream lost — reconnecting…"));
  else if (self->state == RTCC_VIDEO_STATE_CONNECTING)
    gtk_label_set_label (self->status_label, _("Connecting…"));
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_widget_set_visible (GTK_WIDGET (self->status_box),
                          busy || (self->state == RTCC_VIDEO_STATE_IDLE &&
                                   *gtk_label_get_label (self->status_label) != '\0'));
}

static void
set_state (RtccVideoView  *self,
           RtccVideoState  state)
{
  if (self->state == state)
    return;
  self->state = state;
  update_overlay (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
show_frame (RtccVideoView *self,
            GdkTexture    *texture,
            gint64         delay_us,
            guint64        dropped)
{
  gint64 now = g_get_monotonic_time ();

  rtcc_video_paintable_set_texture (self->paintable, texture);
  self->live_delay_us = delay_us;
  self->dropped = dropped;
  self->last_frame_at = now;
  self->frames++;
  if (self->state != RTCC_VIDEO_STATE_PLAYING)
    {
      g_autofree char *text = NULL;

      self->first_frame_ms = (now - self->started_at) / 1000;
      self->backoff_ms = BACKOFF_MIN_MS;
      /* Translators: how long the stream took to show its first picture */
      text = g_strdup_printf (_("First frame in %lld ms"), (long long) self->first_frame_ms);
      gtk_label_set_label (self->latency_label, text);
      gtk_widget_set_visible (GTK_WIDGET (self->latency_label), TRUE);
      g_debug ("First frame after %" G_GINT64_FORMAT " ms", self->first_frame_ms);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIRST_FRAME_MS]);
      set_state (self, RTCC_VIDEO_STATE_PLAYING);
      update_actions (self);
    }
}

static gboolean
deliver_frame (gpointer user_data)
{
  Feed *feed = user_data;
  g_autoptr(RtccVideoView) view = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  gint64 delay_us;
  guint64 dropped;

  g_mutex_lock (&feed->lock);
  texture = g_steal_pointer (&feed->pending);
  feed->queued = FALSE;
  delay_us = feed->pending_delay_us;
  dropped = feed->dropped;
  g_mutex_unlock (&feed->lock);

  view = feed_get_view (feed);
  if (view != NULL && texture != NULL)
    show_frame (view, texture, delay_us, dropped);
  return G_SOURCE_REMOVE;
}

/* How old a decoded frame is: the pipeline's running time now less the
 * frame's, which rtspsrc stamped when its first packet arrived. A client
 * that cannot keep up (decoding, converting) sees this grow. */
static gint64
sample_delay_us (GstAppSink *sink,
                 GstSample  *sample)
{
  g_autoptr(GstClock) clock = gst_element_get_clock (GST_ELEMENT (sink));
  GstBuffer *buffer = gst_sample_get_buffer (sample);
  const GstSegment *segment = gst_sample_get_segment (sample);
  GstClockTime now, frame;

  if (clock == NULL || buffer == NULL || segment == NULL || !GST_BUFFER_PTS_IS_VALID (buffer))
    return -1;
  frame = gst_segment_to_running_time (segment, GST_FORMAT_TIME, GST_BUFFER_PTS (buffer));
  now = gst_clock_get_time (clock) - gst_element_get_base_time (GST_ELEMENT (sink));
  if (!GST_CLOCK_TIME_IS_VALID (frame))
    return -1;
  return GST_CLOCK_DIFF (frame, now) / GST_USECOND;
}

/* Streaming thread: keep only the newest frame, and wake the main
 * context once however many frames arrive before it runs. */
static GstFlowReturn
on_new_sample (GstAppSink *sink,
               gpointer    user_data)
{
  Feed *feed = user_data;
  g_autoptr(GstSample) sample = gst_app_sink_pull_sample (sink);
  g_autoptr(GdkTexture) texture = NULL;
  gint64 delay_us;
  gboolean wake;

  if (sample == NULL)
    return GST_FLOW_OK;
  texture = rtcc_video_paintable_texture_from_sample (sample);
  if (texture == NULL)
    return GST_FLOW_OK;
  delay_us = sample_delay_us (sink, sample);

  g_mutex_lock (&feed->lock);
  if (feed->pending != NULL)
    feed->dropped++;
  g_set_object (&feed->pending, texture);
  feed->pending_delay_us = delay_us;
  feed->last_sample_at = g_get_monotonic_time ();
  wake = !feed->queued;
  feed->queued = TRUE;
  g_mutex_unlock (&feed->lock);

  if (wake)
    {
      g_autoptr(GSource) source = g_idle_source_new ();

      g_source_set_priority (source, G_PRIORITY_DEFAULT);
      g_source_set_callback (source, deliver_frame, feed_ref (feed), feed_unref);
      g_source_set_static_name (source, "[rtcc] video frame");
      g_source_attach (source, feed->context);
    }
  return GST_FLOW_OK;
}

static gboolean
on_bus_message (GstBus     *bus,
                GstMessage *message,
                gpointer    user_data)
{
  g_autoptr(RtccVideoView) self = feed_get_view (user_data);

  if (self == NULL)
    return G_SOURCE_CONTINUE;

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_ERROR:
      {
        g_autoptr(GError) error = NULL;

        gst_message_parse_error (message, &error, NULL);
        /* The URI may carry credentials: log the element, not the location. */
        g_info ("Video stream error from %s: %s",
                GST_OBJECT_NAME (GST_MESSAGE_SRC (message)), error->message);
        stream_lost (self);
      }
      break;
    case GST_MESSAGE_EOS:
      g_info ("Video stream ended");
      stream_lost (self);
      break;
    default:
      break;
    }
  return G_SOURCE_CONTINUE;
}

static gpointer
stop_pipeline_thread (gpointer data)
{
  GstElement *pipeline = data;

  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (pipeline);
  g_atomic_int_dec_and_test (&pending_teardowns);
  return NULL;
}

/* Setting NULL waits for an RTSP TEARDOWN, which can take seconds with a
 * dead server (or never come, when the server answers on this very main
 * context): it runs on a thread of its own. */
static void
teardown_pipeline (RtccVideoView *self)
{
  g_autoptr(GstBus) bus = NULL;

  if (self->pipeline == NULL)
    return;

  bus = gst_element_get_bus (self->pipeline);
  gst_bus_remove_watch (bus);
  self->dropped_before += self->dropped;
  self->dropped = 0;
  g_weak_ref_set (&self->feed->view, NULL);
  g_clear_pointer (&self->feed, feed_unref);

  g_atomic_int_inc (&pending_teardowns);
  g_thread_unref (g_thread_new ("rtcc-video-stop", stop_pipeline_thread,
                                g_steal_pointer (&self->pipeline)));
}

static gboolean
watchdog_cb (gpointer user_data)
{
  RtccVideoView *self = user_data;
  gint64 now = g_get_monotonic_time ();
  gint64 last_sample_at;

  if (self->pipeline == NULL)
    return G_SOURCE_CONTINUE;
  /* A frame decoded but not yet shown counts: a main loop slow to paint
   * (software rendering on a loaded machine) is not a lost stream. */
  g_mutex_lock (&self->feed->lock);
  last_sample_at = self->feed->last_sample_at;
  g_mutex_unlock (&self->feed->lock);
  if (self->state == RTCC_VIDEO_STATE_PLAYING &&
      now - MAX (self->last_frame_at, last_sample_at) > (gint64) self->stall_ms * 1000)
    {
      g_info ("No video frame for %u ms", self->stall_ms);
      stream_lost (self);
    }
  else if (self->state != RTCC_VIDEO_STATE_PLAYING && last_sample_at == 0 &&
           now - self->started_at > (gint64) self->stall_ms * CONNECT_FACTOR * 1000)
    {
      g_info ("No first video frame after %u ms", self->stall_ms * CONNECT_FACTOR);
      stream_lost (self);
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
reconnect_cb (gpointer user_data)
{
  RtccVideoView *self = user_data;

  self->reconnect_id = 0;
  self->reconnects++;
  start_pipeline (self);
  return G_SOURCE_REMOVE;
}

/* Keeps the last frame on screen under the notice, and tries again later
 * and later so that a dead camera does not hammer the server. */
static void
stream_lost (RtccVideoView *self)
{
  teardown_pipeline (self);
  set_state (self, RTCC_VIDEO_STATE_RECONNECTING);
  if (self->reconnect_id == 0 && self->uri != NULL)
    {
      self->reconnect_id = g_timeout_add (self->backoff_ms, reconnect_cb, self);
      self->backoff_ms = MIN (self->backoff_ms * 2, BACKOFF_MAX_MS);
    }
}

static void
start_pipeline (RtccVideoView *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstElement) src = NULL;
  g_autoptr(GstElement) sink = NULL;
  g_autoptr(GstBus) bus = NULL;
  GstAppSinkCallbacks callbacks = { .new_sample = on_new_sample };

  teardown_pipeline (self);

  pipeline = gst_parse_launch (PIPELINE_DESCRIPTION, &error);
  if (pipeline == NULL || error != NULL)
    {
      g_autofree char *text = NULL;

      g_warning ("Cannot build the video pipeline: %s", error != NULL ? error->message : "?");
      text = g_strdup_printf (_("This workstation cannot play the stream: %s. Install the GStreamer “good”, “bad” and “libav” plugins."),
                              error != NULL ? error->message : _("unknown problem"));
      if (pipeline != NULL)
        gst_element_set_state (pipeline, GST_STATE_NULL);
      gtk_label_set_label (self->status_label, text);
      set_state (self, RTCC_VIDEO_STATE_IDLE);
      update_overlay (self);
      return;
    }
  src = gst_bin_get_by_name (GST_BIN (pipeline), "src");
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  g_object_set (src,
                "location", self->uri,
                "tcp-timeout", (guint64) self->stall_ms * CONNECT_FACTOR * 1000,
                NULL);

  self->feed = feed_new (self);
  gst_app_sink_set_callbacks (GST_APP_SINK (sink), &callbacks, feed_ref (self->feed), feed_unref);
  bus = gst_element_get_bus (pipeline);
  gst_bus_add_watch_full (bus, G_PRIORITY_DEFAULT, on_bus_message, feed_ref (self->feed), feed_unref);

  self->pipeline = g_steal_pointer (&pipeline);
  self->started_at = g_get_monotonic_time ();
  if (self->watchdog_id == 0)
    self->watchdog_id = g_timeout_add (WATCHDOG_MS, watchdog_cb, self);

  if (gst_element_set_state (self->pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      stream_lost (self);
      return;
    }
  if (self->state != RTCC_VIDEO_STATE_RECONNECTING)
    set_state (self, RTCC_VIDEO_STATE_CONNECTING);
}

/* A still from the view needs a frame; one from the VMS and a clip only
 * a camera. */
static void
update_actions (RtccVideoView *self)
{
  gboolean has_frame = rtcc_video_paintable_get_texture (self->paintable) != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "video.snapshot",
                                 self->camera_id != NULL && has_frame);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "video.snapshot-vms", self->camera_id != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "video.export-clip", self->camera_id != NULL);
  gtk_widget_set_visible (self->controls, self->camera_id != NULL);
}

static void
snapshot_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  g_signal_emit (widget, signals[SNAPSHOT], 0, g_str_equal (action_name, "video.snapshot-vms"));
}

static void
export_clip_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  g_signal_emit (widget, signals[EXPORT_CLIP], 0);
}

static void
set_camera (RtccVideoView *self,
            const char    *camera_id,
            const char    *camera_name)
{
  if (rtcc_set_str (&self->camera_id, camera_id))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAMERA_ID]);
  if (rtcc_set_str (&self->camera_name, camera_name))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAMERA_NAME]);
  gtk_label_set_label (self->name_label, camera_name != NULL ? camera_name : "");
  gtk_widget_set_visible (GTK_WIDGET (self->name_label), camera_name != NULL && *camera_name != '\0');
  update_actions (self);
}

static void
rtcc_video_view_dispose (GObject *object)
{
  RtccVideoView *self = RTCC_VIDEO_VIEW (object);

  g_clear_handle_id (&self->watchdog_id, g_source_remove);
  g_clear_handle_id (&self->reconnect_id, g_source_remove);
  teardown_pipeline (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), RTCC_TYPE_VIDEO_VIEW);

  G_OBJECT_CLASS (rtcc_video_view_parent_class)->dispose (object);
}

static void
rtcc_video_view_finalize (GObject *object)
{
  RtccVideoView *self = RTCC_VIDEO_VIEW (object);

  g_clear_object (&self->paintable);
  g_free (self->camera_id);
  g_free (self->camera_name);
  g_free (self->uri);

  G_OBJECT_CLASS (rtcc_video_view_parent_class)->finalize (object);
}

static void
rtcc_video_view_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  RtccVideoView *self = RTCC_VIDEO_VIEW (object);

  switch (prop_id)
    {
    case PROP_CAMERA_ID:
      g_value_set_string (value, self->camera_id);
      break;
    case PROP_CAMERA_NAME:
      g_value_set_string (value, self->camera_name);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_FIRST_FRAME_MS:
      g_value_set_int64 (value, self->first_frame_ms);
      break;
    case PROP_PAINTABLE:
      g_value_set_object (value, self->paintable);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rtcc_video_view_class_init (RtccVideoViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gst_init (NULL, NULL);

  object_class->dispose = rtcc_video_view_dispose;
  object_class->finalize = rtcc_video_view_finalize;
  object_class->get_property = rtcc_video_view_get_property;

  properties[PROP_CAMERA_ID] =
    g_param_spec_string ("camera-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CAMERA_NAME] =
    g_param_spec_string ("camera-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, RTCC_TYPE_VIDEO_STATE, RTCC_VIDEO_STATE_IDLE,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_FIRST_FRAME_MS] =
    g_param_spec_int64 ("first-frame-ms", NULL, NULL, -1, G_MAXINT64, -1,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_PAINTABLE] =
    g_param_spec_object ("paintable", NULL, NULL, RTCC_TYPE_VIDEO_PAINTABLE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RtccVideoView::snapshot:
   * @from_vms: %TRUE to ask the VMS for the still, %FALSE for the frame
   *   on screen
   *
   * The analyst asked for a still of the camera; whoever knows the
   * camera's place and the VMS saves it.
   */
  signals[SNAPSHOT] =
    g_signal_new ("snapshot", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
  /**
   * RtccVideoView::export-clip:
   *
   * The analyst asked to export a recorded clip of the camera.
   */
  signals[EXPORT_CLIP] =
    g_signal_new ("export-clip", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_install_action (widget_class, "video.snapshot", NULL, snapshot_action);
  gtk_widget_class_install_action (widget_class, "video.snapshot-vms", NULL, snapshot_action);
  gtk_widget_class_install_action (widget_class, "video.export-clip", NULL, export_clip_action);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/g3ti/Rtcc/rtcc-video-view.ui");
  gtk_widget_class_bind_template_child (widget_class, RtccVideoView, overlay);
  gtk_widget_class_bind_template_child (widget_class, RtccVideoView, picture);
  gtk_widget_class_bind_template_child (widget_class, RtccVideoView, name_label);
  gtk_widget_class_bind_template_child (widget_class, RtccVideoView, latency_label);
  gtk_widget_class_bind_template_child (widget_class, RtccVideoView, status_box);
  gtk_widget_class_bind_template_child (widget_class, RtccVideoView, spinner);
  gtk_widget_class_bind_template_child (widget_class, RtccVideoView, status_label);
  gtk_widget_class_bind_template_child (widget_class, RtccVideoView, controls);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "rtcc-video-view");
}

static void
rtcc_video_view_init (RtccVideoView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->paintable = rtcc_video_paintable_new ();
  self->stall_ms = DEFAULT_STALL_MS;
  self->backoff_ms = BACKOFF_MIN_MS;
  self->first_frame_ms = -1;
  self->live_delay_us = -1;
  gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (self->paintable));
  gtk_label_set_label (self->status_label, _("No camera"));
  update_overlay (self);
  update_actions (self);
}

/**
 * rtcc_video_view_new:
 *
 * Returns: (transfer floating): an empty video view
 */
GtkWidget *
rtcc_video_view_new (void)
{
  return g_object_new (RTCC_TYPE_VIDEO_VIEW, NULL);
}

/**
 * rtcc_video_view_play:
 * @camera_id: (nullable): the camera shown, for callers that track tiles
 * @camera_name: (nullable): the name shown over the picture
 * @uri: the RTSP URI of the live stream
 *
 * Plays @uri in place of whatever played before. A lost stream is
 * reconnected until rtcc_video_view_stop() or another play.
 */
void
rtcc_video_view_play (RtccVideoView *self,
                      const char    *camera_id,
                      const char    *camera_name,
                      const char    *uri)
{
  g_return_if_fail (RTCC_IS_VIDEO_VIEW (self));
  g_return_if_fail (uri != NULL);

  rtcc_video_view_stop (self);
  set_camera (self, camera_id, camera_name);
  self->uri = g_strdup (uri);
  self->backoff_ms = BACKOFF_MIN_MS;
  self->reconnects = 0;
  self->frames = 0;
  self->dropped_before = 0;
  self->live_delay_us = -1;
  start_pipeline (self);
}

/**
 * rtcc_video_view_stop:
 *
 * Stops the stream and clears the picture.
 */
void
rtcc_video_view_stop (RtccVideoView *self)
{
  g_return_if_fail (RTCC_IS_VIDEO_VIEW (self));

  g_clear_handle_id (&self->watchdog_id, g_source_remove);
  g_clear_handle_id (&self->reconnect_id, g_source_remove);
  teardown_pipeline (self);
  g_clear_pointer (&self->uri, g_free);
  rtcc_video_paintable_set_texture (self->paintable, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->latency_label), FALSE);
  gtk_label_set_label (self->status_label, _("No camera"));
  set_camera (self, NULL, NULL);
  if (self->first_frame_ms != -1)
    {
      self->first_frame_ms = -1;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIRST_FRAME_MS]);
    }
  set_state (self, RTCC_VIDEO_STATE_IDLE);
  update_overlay (self);
}

/**
 * rtcc_video_view_set_message:
 * @camera_id: (nullable): the camera the tile stands for
 * @camera_name: (nullable): its name
 * @message: (nullable): why there is no video, shown in the middle
 *
 * Stops any stream and shows @message instead, e.g. while the stream's
 * URI is asked for or when the camera has none.
 */
void
rtcc_video_view_set_message (RtccVideoView *self,
                             const char    *camera_id,
                             const char    *camera_name,
                             const char    *message)
{
  g_return_if_fail (RTCC_IS_VIDEO_VIEW (self));

  rtcc_video_view_stop (self);
  set_camera (self, camera_id, camera_name);
  gtk_label_set_label (self->status_label, message != NULL ? message : "");
  update_overlay (self);
}

/**
 * rtcc_video_view_get_camera_id:
 *
 * Returns: (nullable): the camera the view stands for
 */
const char *
rtcc_video_view_get_camera_id (RtccVideoView *self)
{
  g_return_val_if_fail (RTCC_IS_VIDEO_VIEW (self), NULL);
  return self->camera_id;
}

/**
 * rtcc_video_view_get_camera_name:
 *
 * Returns: (nullable): the camera's name shown over the picture
 */
const char *
rtcc_video_view_get_camera_name (RtccVideoView *self)
{
  g_return_val_if_fail (RTCC_IS_VIDEO_VIEW (self), NULL);
  return self->camera_name;
}

/**
 * rtcc_video_view_get_state:
 *
 * Returns: whether the view is idle, connecting, playing or reconnecting
 */
RtccVideoState
rtcc_video_view_get_state (RtccVideoView *self)
{
  g_return_val_if_fail (RTCC_IS_VIDEO_VIEW (self), RTCC_VIDEO_STATE_IDLE);
  return self->state;
}

/**
 * rtcc_video_view_get_first_frame_ms:
 *
 * Returns: milliseconds from the start of the current connection to its
 *   first frame, or -1 before that frame
 */
gint64
rtcc_video_view_get_first_frame_ms (RtccVideoView *self)
{
  g_return_val_if_fail (RTCC_IS_VIDEO_VIEW (self), -1);
  return self->first_frame_ms;
}

/**
 * rtcc_video_view_get_frame_count:
 *
 * Returns: frames shown since the last rtcc_video_view_play()
 */
guint64
rtcc_video_view_get_frame_count (RtccVideoView *self)
{
  g_return_val_if_fail (RTCC_IS_VIDEO_VIEW (self), 0);
  return self->frames;
}

/**
 * rtcc_video_view_get_reconnects:
 *
 * Returns: reconnection attempts since the last rtcc_video_view_play()
 */
guint
rtcc_video_view_get_reconnects (RtccVideoView *self)
{
  g_return_val_if_fail (RTCC_IS_VIDEO_VIEW (self), 0);
  return self->reconnects;
}

/**
 * rtcc_video_view_get_paintable:
 *
 * Returns: (transfer none): the paintable holding the latest frame
 */
RtccVideoPaintable *
rtcc_video_view_get_paintable (RtccVideoView *self)
{
  g_return_val_if_fail (RTCC_IS_VIDEO_VIEW (self), NULL);
  return self->paintable;
}

/**
 * rtcc_video_view_set_stall_timeout:
 * @msec: how long without a frame counts as a lost stream
 */
void
rtcc_video_view_set_stall_timeout (RtccVideoView *self,
                                   guint          msec)
{
  g_return_if_fail (RTCC_IS_VIDEO_VIEW (self));
  self->stall_ms = MAX (msec, 100);
}

/**
 * rtcc_video_view_get_pending_teardowns:
 *
 * Pipelines stop on threads of their own; shutdown and tests wait for
 * this to reach zero before leaving.
 *
 * Returns: pipelines still stopping
 */
guint
rtcc_video_view_get_pending_teardowns (void)
{
  return g_atomic_int_get (&pending_teardowns);
}

/**
 * rtcc_video_view_get_live_delay_us:
 *
 * How old the frame on screen was when it reached the view: from its
 * arrival in the RTSP source (the timestamp rtspsrc gives it) to the end
 * of decoding. It grows when this workstation cannot keep up with the
 * stream.
 *
 * Returns: microseconds, or -1 before the first frame
 */
gint64
rtcc_video_view_get_live_delay_us (RtccVideoView *self)
{
  g_return_val_if_fail (RTCC_IS_VIDEO_VIEW (self), -1);
  return self->live_delay_us;
}

/**
 * rtcc_video_view_get_dropped_frames:
 *
 * Returns: decoded frames since the last rtcc_video_view_play() that a
 *   newer frame replaced before the main loop could show them
 */
guint64
rtcc_video_view_get_dropped_frames (RtccVideoView *self)
{
  g_return_val_if_fail (RTCC_IS_VIDEO_VIEW (self), 0);
  return self->dropped_before + self->dropped;
}
