/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccBwcPlayer"

#include "config.h"

#include <glib/gi18n.h>
#include <gst/app/gstappsink.h>
#include <gst/gst.h>
#include <gst/video/video.h>

#include "rtcc-bwc-player.h"
#include "rtcc-util.h"

/* How often the position is read for the seek bar. */
#define TICK_MS 200
/* Renewals in a row without a frame between them before giving up: a
 * vendor whose fresh links fail at once is broken, not expiring. */
#define MAX_RENEWALS_WITHOUT_PROGRESS 3
#define SOURCE_TIMEOUT_S 60

#define VIDEO_SINK_DESCRIPTION \
  "videoconvert ! video/x-raw,format=BGRA ! appsink name=sink max-buffers=2 drop=false"

/**
 * RtccBwcPlayer:
 *
 * Plays one body-worn camera recording over HTTP with its own GStreamer
 * pipeline, frames going to a #RtccVideoPaintable. The vendor's links
 * expire. When the expiry time passes the player fetches a new link for
 * the next request (a seek restarts the pipeline on it, at the target);
 * when the vendor refuses a link anyway (403 or 410) it fetches a new one
 * and carries on from where it was, playing or paused as it was.
 */

/* What the streaming thread shares with the player for one pipeline. */
typedef struct
{
  GWeakRef      player;
  GMutex        lock;
  GdkTexture   *pending;
  gboolean      queued;
  GMainContext *context;
  gpointer      owner;   /* the pipeline this feed belongs to, for identity */
} Feed;

struct _RtccBwcPlayer
{
  GObject             parent_instance;

  RtccBwcIntegration *bwc;
  RtccVideoPaintable *paintable;
  GCancellable       *cancellable;

  char               *recording_id;
  char               *uri;
  char               *pipeline_uri;   /* the link the pipeline was built with */
  GDateTime          *expires_at;
  char               *error;
  RtccBwcPlayerState  state;

  GstElement         *pipeline;
  Feed               *feed;
  gboolean            want_playing;
  gboolean            prerolled;
  gint64              resume_ms;      /* where to seek once prerolled, or -1 */
  gint64              position_ms;
  gint64              duration_ms;
  guint               renewals;
  guint               renewals_in_a_row;
  guint64             frames;
  guint               tick_id;
  guint               expiry_id;
};

G_DEFINE_FINAL_TYPE (RtccBwcPlayer, rtcc_bwc_player, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (RtccBwcPlayerState, rtcc_bwc_player_state,
                    G_DEFINE_ENUM_VALUE (RTCC_BWC_PLAYER_IDLE, "idle"),
                    G_DEFINE_ENUM_VALUE (RTCC_BWC_PLAYER_LOADING, "loading"),
                    G_DEFINE_ENUM_VALUE (RTCC_BWC_PLAYER_PAUSED, "paused"),
                    G_DEFINE_ENUM_VALUE (RTCC_BWC_PLAYER_PLAYING, "playing"),
                    G_DEFINE_ENUM_VALUE (RTCC_BWC_PLAYER_RENEWING, "renewing"),
                    G_DEFINE_ENUM_VALUE (RTCC_BWC_PLAYER_ENDED, "ended"),
                    G_DEFINE_ENUM_VALUE (RTCC_BWC_PLAYER_FAILED, "failed"))

enum {
  PROP_0,
  PROP_STATE,
  PROP_POSITION_MS,
  PROP_DURATION_MS,
  PROP_RENEWALS,
  PROP_ERROR,
  PROP_PAINTABLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void renew_link    (RtccBwcPlayer *self);
static void renew_link_at (RtccBwcPlayer *self,
                           gint64         resume_ms);

static Feed *
feed_new (RtccBwcPlayer *player,
          gpointer       owner)
{
  Feed *feed = g_atomic_rc_box_new0 (Feed);

  g_weak_ref_init (&feed->player, player);
  g_mutex_init (&feed->lock);
  feed->context = g_main_context_ref_thread_default ();
  feed->owner = owner;
  return feed;
}

static void
feed_clear (Feed *feed)
{
  g_weak_ref_clear (&feed->player);
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

/* The player a callback belongs to, or NULL when that pipeline is gone. */
static RtccBwcPlayer *
feed_get_player (Feed *feed)
{
  RtccBwcPlayer *player = g_weak_ref_get (&feed->player);

  if (player != NULL && player->feed != feed)
    g_clear_object (&player);
  return player;
}

static void
set_state (RtccBwcPlayer      *self,
           RtccBwcPlayerState  state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
fail (RtccBwcPlayer *self,
      const char    *message)
{
  if (rtcc_set_str (&self->error, message))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
  set_state (self, RTCC_BWC_PLAYER_FAILED);
}

static gboolean
deliver_frame (gpointer user_data)
{
  Feed *feed = user_data;
  g_autoptr(RtccBwcPlayer) self = NULL;
  g_autoptr(GdkTexture) texture = NULL;

  g_mutex_lock (&feed->lock);
  texture = g_steal_pointer (&feed->pending);
  feed->queued = FALSE;
  g_mutex_unlock (&feed->lock);

  self = feed_get_player (feed);
  if (self == NULL || texture == NULL)
    return G_SOURCE_REMOVE;
  rtcc_video_paintable_set_texture (self->paintable, texture);
  self->frames++;
  self->renewals_in_a_row = 0;
  return G_SOURCE_REMOVE;
}

/* Streaming thread: keeps the newest frame and wakes the main context
 * once however many arrive before it runs. */
static GstFlowReturn
on_new_sample (GstAppSink *sink,
               gpointer    user_data)
{
  Feed *feed = user_data;
  g_autoptr(GstSample) sample = gst_app_sink_pull_sample (sink);
  g_autoptr(GdkTexture) texture = NULL;
  gboolean wake;

  if (sample == NULL || (texture = rtcc_video_paintable_texture_from_sample (sample)) == NULL)
    return GST_FLOW_OK;

  g_mutex_lock (&feed->lock);
  g_set_object (&feed->pending, texture);
  wake = !feed->queued;
  feed->queued = TRUE;
  g_mutex_unlock (&feed->lock);

  if (wake)
    {
      g_autoptr(GSource) source = g_idle_source_new ();

      g_source_set_callback (source, deliver_frame, feed_ref (feed), feed_unref);
      g_source_set_static_name (source, "[rtcc] recording frame");
      g_source_attach (source, feed->context);
    }
  return GST_FLOW_OK;
}

/* A paused pipeline renders its preroll frame through this one. */
static GstFlowReturn
on_new_preroll (GstAppSink *sink,
                gpointer    user_data)
{
  Feed *feed = user_data;
  g_autoptr(GstSample) sample = gst_app_sink_pull_preroll (sink);
  g_autoptr(GdkTexture) texture = NULL;
  gboolean wake;

  if (sample == NULL || (texture = rtcc_video_paintable_texture_from_sample (sample)) == NULL)
    return GST_FLOW_OK;
  g_mutex_lock (&feed->lock);
  g_set_object (&feed->pending, texture);
  wake = !feed->queued;
  feed->queued = TRUE;
  g_mutex_unlock (&feed->lock);
  if (wake)
    g_main_context_invoke_full (feed->context, G_PRIORITY_DEFAULT, deliver_frame, feed_ref (feed), feed_unref);
  return GST_FLOW_OK;
}

static gpointer
stop_pipeline_thread (gpointer data)
{
  GstElement *pipeline = data;

  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (pipeline);
  return NULL;
}

/* An HTTP source stopping mid-request can take a moment: not on the main
 * context, which may be the very one serving the request. */
static void
teardown_pipeline (RtccBwcPlayer *self)
{
  g_autoptr(GstBus) bus = NULL;

  if (self->pipeline == NULL)
    return;
  bus = gst_element_get_bus (self->pipeline);
  gst_bus_remove_watch (bus);
  g_weak_ref_set (&self->feed->player, NULL);
  g_clear_pointer (&self->feed, feed_unref);
  self->prerolled = FALSE;
  g_thread_unref (g_thread_new ("rtcc-bwc-stop", stop_pipeline_thread, g_steal_pointer (&self->pipeline)));
}

static void
update_position (RtccBwcPlayer *self)
{
  gint64 position = -1, duration = -1;

  if (self->pipeline == NULL || !self->prerolled)
    return;
  if (gst_element_query_position (self->pipeline, GST_FORMAT_TIME, &position) && position >= 0 &&
      position / GST_MSECOND != self->position_ms)
    {
      self->position_ms = position / GST_MSECOND;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION_MS]);
    }
  if (gst_element_query_duration (self->pipeline, GST_FORMAT_TIME, &duration) && duration > 0 &&
      duration / GST_MSECOND != self->duration_ms)
    {
      self->duration_ms = duration / GST_MSECOND;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DURATION_MS]);
    }
}

static gboolean
tick_cb (gpointer user_data)
{
  update_position (user_data);
  return G_SOURCE_CONTINUE;
}

static gboolean
is_link_refused (GError *error)
{
  /* souphttpsrc reports 401/403 as not-authorized; a 410 Gone, and a
   * 403 on some versions, as a failed open or read. */
  return error->domain == GST_RESOURCE_ERROR &&
         (error->code == GST_RESOURCE_ERROR_NOT_AUTHORIZED ||
          error->code == GST_RESOURCE_ERROR_OPEN_READ ||
          error->code == GST_RESOURCE_ERROR_READ ||
          error->code == GST_RESOURCE_ERROR_NOT_FOUND);
}

static gboolean
on_bus_message (GstBus     *bus,
                GstMessage *message,
                gpointer    user_data)
{
  Feed *feed = user_data;
  g_autoptr(RtccBwcPlayer) self = feed_get_player (feed);

  if (self == NULL || GST_MESSAGE_SRC (message) == NULL)
    return G_SOURCE_CONTINUE;

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_ERROR:
      {
        g_autoptr(GError) error = NULL;
        g_autofree char *text = NULL;
        g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
        gboolean expired = self->expires_at != NULL && g_date_time_compare (self->expires_at, now) <= 0;

        gst_message_parse_error (message, &error, NULL);
        /* The link is a bearer credential: log the element, never the URI. */
        g_info ("Recording playback error from %s: %s", GST_OBJECT_NAME (GST_MESSAGE_SRC (message)), error->message);
        /* playbin's HTTP source is "source": what fails there is the
         * transfer, which a fresh link may well cure. */
        if ((expired || is_link_refused (error) ||
             g_strcmp0 (GST_OBJECT_NAME (GST_MESSAGE_SRC (message)), "source") == 0) &&
            self->renewals_in_a_row < MAX_RENEWALS_WITHOUT_PROGRESS)
          {
            renew_link (self);
            break;
          }
        teardown_pipeline (self);
        text = g_strdup_printf (_("The recording cannot be played: %s"), error->message);
        fail (self, text);
      }
      break;
    case GST_MESSAGE_EOS:
      update_position (self);
      set_state (self, RTCC_BWC_PLAYER_ENDED);
      self->want_playing = FALSE;
      break;
    case GST_MESSAGE_ASYNC_DONE:
      if (!self->prerolled)
        {
          self->prerolled = TRUE;
          if (self->resume_ms > 0)
            {
              gst_element_seek_simple (self->pipeline, GST_FORMAT_TIME,
                                       GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_ACCURATE,
                                       self->resume_ms * GST_MSECOND);
              self->resume_ms = -1;
            }
          if (self->want_playing)
            gst_element_set_state (self->pipeline, GST_STATE_PLAYING);
          else
            set_state (self, RTCC_BWC_PLAYER_PAUSED);
        }
      update_position (self);
      break;
    case GST_MESSAGE_STATE_CHANGED:
      if (GST_MESSAGE_SRC (message) == GST_OBJECT (self->pipeline))
        {
          GstState new_state;

          gst_message_parse_state_changed (message, NULL, &new_state, NULL);
          if (new_state == GST_STATE_PLAYING)
            set_state (self, RTCC_BWC_PLAYER_PLAYING);
          else if (new_state == GST_STATE_PAUSED && self->prerolled && !self->want_playing &&
                   self->state != RTCC_BWC_PLAYER_ENDED)
            set_state (self, RTCC_BWC_PLAYER_PAUSED);
        }
      break;
    default:
      break;
    }
  return G_SOURCE_CONTINUE;
}

/* Vendors may prepare a recording on its first request, which can take
 * longer than souphttpsrc's 15 s default. */
static void
source_setup_cb (GstElement *playbin,
                 GstElement *source,
                 gpointer    user_data)
{
  if (g_object_class_find_property (G_OBJECT_GET_CLASS (source), "timeout") != NULL)
    g_object_set (source, "timeout", (guint) SOURCE_TIMEOUT_S, NULL);
}

static void
start_pipeline (RtccBwcPlayer *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstElement) sink = NULL;
  g_autoptr(GstBus) bus = NULL;
  GstElement *video_bin;
  GstAppSinkCallbacks callbacks = { .new_sample = on_new_sample, .new_preroll = on_new_preroll };

  teardown_pipeline (self);

  pipeline = gst_element_factory_make ("playbin", NULL);
  video_bin = gst_parse_bin_from_description (VIDEO_SINK_DESCRIPTION, TRUE, &error);
  if (pipeline == NULL || video_bin == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("This workstation cannot play recordings: %s. Install the GStreamer “base”, “good” and “libav” plugins."),
                                               error != NULL ? error->message : _("playbin is missing"));
      if (video_bin != NULL)
        gst_object_unref (gst_object_ref_sink (video_bin));
      g_clear_pointer (&pipeline, gst_object_unref);
      fail (self, text);
      return;
    }
  gst_object_ref_sink (pipeline);
  sink = gst_bin_get_by_name (GST_BIN (video_bin), "sink");
  g_object_set (pipeline, "uri", self->uri, "video-sink", video_bin, NULL);
  rtcc_set_str (&self->pipeline_uri, self->uri);
  g_signal_connect (pipeline, "source-setup", G_CALLBACK (source_setup_cb), NULL);

  self->feed = feed_new (self, pipeline);
  gst_app_sink_set_callbacks (GST_APP_SINK (sink), &callbacks, feed_ref (self->feed), feed_unref);
  bus = gst_element_get_bus (pipeline);
  gst_bus_add_watch_full (bus, G_PRIORITY_DEFAULT, on_bus_message, feed_ref (self->feed), feed_unref);

  self->pipeline = g_steal_pointer (&pipeline);
  self->prerolled = FALSE;
  /* Paused first: the position to resume from is sought before playing. */
  if (gst_element_set_state (self->pipeline, GST_STATE_PAUSED) == GST_STATE_CHANGE_FAILURE)
    {
      teardown_pipeline (self);
      fail (self, _("The recording cannot be played: the video pipeline did not start."));
      return;
    }
  if (self->tick_id == 0)
    self->tick_id = g_timeout_add (TICK_MS, tick_cb, self);
}

static void refresh_link (RtccBwcPlayer *self);
static void store_link   (RtccBwcPlayer *self,
                          char          *uri,
                          GDateTime     *expires_at);

static gboolean
expiry_cb (gpointer user_data)
{
  RtccBwcPlayer *self = user_data;

  self->expiry_id = 0;
  /* Nothing to renew for a player that stopped or failed meanwhile. */
  if (self->pipeline != NULL)
    refresh_link (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_expiry (RtccBwcPlayer *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  GTimeSpan left;

  g_clear_handle_id (&self->expiry_id, g_source_remove);
  if (self->expires_at == NULL)
    return;
  left = g_date_time_difference (self->expires_at, now);
  /* At least a second: a link that comes back already expired (a clock
   * ahead of the vendor's) is renewed once a second, not once a turn of
   * the main loop. */
  self->expiry_id = g_timeout_add ((guint) CLAMP (left / 1000, 1000, G_MAXINT), expiry_cb, self);
}

static void
url_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(RtccBwcPlayer) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) expires_at = NULL;
  g_autofree char *uri = rtcc_bwc_integration_get_recording_url_finish (RTCC_BWC_INTEGRATION (object), result,
                                                                       &expires_at, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (uri == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("The body-worn camera service gave no link to the recording: %s"),
                                               error->message);
      teardown_pipeline (self);
      fail (self, text);
      return;
    }
  store_link (self, g_steal_pointer (&uri), g_steal_pointer (&expires_at));
  start_pipeline (self);
}

static void
request_link_full (RtccBwcPlayer       *self,
                   GAsyncReadyCallback  callback)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  rtcc_bwc_integration_get_recording_url_async (self->bwc, self->recording_id, self->cancellable,
                                                callback, g_object_ref (self));
}

static void
request_link (RtccBwcPlayer *self)
{
  request_link_full (self, url_cb);
}

static void
store_link (RtccBwcPlayer *self,
            char          *uri,
            GDateTime     *expires_at)
{
  g_free (self->uri);
  self->uri = uri;
  g_clear_pointer (&self->expires_at, g_date_time_unref);
  self->expires_at = expires_at;
  schedule_expiry (self);
}

static void
refreshed_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(RtccBwcPlayer) self = user_data;
  g_autoptr(GError) error = NULL;
  GDateTime *expires_at = NULL;
  char *uri = rtcc_bwc_integration_get_recording_url_finish (RTCC_BWC_INTEGRATION (object), result,
                                                            &expires_at, &error);

  if (uri == NULL)
    {
      /* Playing on needs no link; the next seek or error asks again. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_info ("Could not renew the link to a recording ahead of time: %s", error->message);
      return;
    }
  store_link (self, uri, expires_at);
}

/* The link expired: the transfer under way goes on (the vendor checks
 * links when a request starts), so a new link is fetched in the
 * background for the next request, a seek, without interrupting the
 * picture. */
static void
refresh_link (RtccBwcPlayer *self)
{
  if (self->recording_id == NULL)
    return;
  self->renewals++;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RENEWALS]);
  request_link_full (self, refreshed_cb);
}

/* Keeps the last frame on screen; playback resumes at @resume_ms. A link
 * fetched now, not one kept from earlier, which may be about to expire. */
static void
renew_link_at (RtccBwcPlayer *self,
               gint64         resume_ms)
{
  if (self->recording_id == NULL)
    return;
  self->resume_ms = resume_ms;
  if (self->state == RTCC_BWC_PLAYER_ENDED)
    self->want_playing = FALSE;
  self->renewals++;
  self->renewals_in_a_row++;
  g_debug ("Renewing the link to a recording at %" G_GINT64_FORMAT " ms", self->resume_ms);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RENEWALS]);
  teardown_pipeline (self);
  set_state (self, RTCC_BWC_PLAYER_RENEWING);
  request_link (self);
}

/* Keeps the place in the recording. */
static void
renew_link (RtccBwcPlayer *self)
{
  update_position (self);
  renew_link_at (self, self->prerolled ? self->position_ms : self->resume_ms);
}

static void
rtcc_bwc_player_dispose (GObject *object)
{
  RtccBwcPlayer *self = RTCC_BWC_PLAYER (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_handle_id (&self->expiry_id, g_source_remove);
  teardown_pipeline (self);
  g_clear_object (&self->bwc);

  G_OBJECT_CLASS (rtcc_bwc_player_parent_class)->dispose (object);
}

static void
rtcc_bwc_player_finalize (GObject *object)
{
  RtccBwcPlayer *self = RTCC_BWC_PLAYER (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->paintable);
  g_clear_pointer (&self->expires_at, g_date_time_unref);
  g_free (self->recording_id);
  g_free (self->uri);
  g_free (self->pipeline_uri);
  g_free (self->error);

  G_OBJECT_CLASS (rtcc_bwc_player_parent_class)->finalize (object);
}

static void
rtcc_bwc_player_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  RtccBwcPlayer *self = RTCC_BWC_PLAYER (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_POSITION_MS:
      g_value_set_int64 (value, self->position_ms);
      break;
    case PROP_DURATION_MS:
      g_value_set_int64 (value, self->duration_ms);
      break;
    case PROP_RENEWALS:
      g_value_set_uint (value, self->renewals);
      break;
    case PROP_ERROR:
      g_value_set_string (value, self->error);
      break;
    case PROP_PAINTABLE:
      g_value_set_object (value, self->paintable);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rtcc_bwc_player_class_init (RtccBwcPlayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rtcc_bwc_player_dispose;
  object_class->finalize = rtcc_bwc_player_finalize;
  object_class->get_property = rtcc_bwc_player_get_property;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, RTCC_TYPE_BWC_PLAYER_STATE, RTCC_BWC_PLAYER_IDLE,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_POSITION_MS] =
    g_param_spec_int64 ("position-ms", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_DURATION_MS] =
    g_param_spec_int64 ("duration-ms", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_RENEWALS] =
    g_param_spec_uint ("renewals", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ERROR] =
    g_param_spec_string ("error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_PAINTABLE] =
    g_param_spec_object ("paintable", NULL, NULL, RTCC_TYPE_VIDEO_PAINTABLE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rtcc_bwc_player_init (RtccBwcPlayer *self)
{
  self->paintable = rtcc_video_paintable_new ();
  self->resume_ms = -1;
}

/**
 * rtcc_bwc_player_new:
 * @bwc: the integration that hands out links to recordings
 *
 * Returns: (transfer full): a new player
 */
RtccBwcPlayer *
rtcc_bwc_player_new (RtccBwcIntegration *bwc)
{
  RtccBwcPlayer *self;

  g_return_val_if_fail (RTCC_IS_BWC_INTEGRATION (bwc), NULL);

  self = g_object_new (RTCC_TYPE_BWC_PLAYER, NULL);
  self->bwc = g_object_ref (bwc);
  return self;
}

/**
 * rtcc_bwc_player_open:
 * @recording_id: the recording to play
 *
 * Fetches a link to the recording and starts playing it from the start.
 */
void
rtcc_bwc_player_open (RtccBwcPlayer *self,
                      const char    *recording_id)
{
  g_return_if_fail (RTCC_IS_BWC_PLAYER (self));
  g_return_if_fail (recording_id != NULL);

  rtcc_bwc_player_stop (self);
  self->recording_id = g_strdup (recording_id);
  self->want_playing = TRUE;
  set_state (self, RTCC_BWC_PLAYER_LOADING);
  request_link (self);
}

/**
 * rtcc_bwc_player_stop:
 *
 * Stops playback and forgets the recording.
 */
void
rtcc_bwc_player_stop (RtccBwcPlayer *self)
{
  g_return_if_fail (RTCC_IS_BWC_PLAYER (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->expiry_id, g_source_remove);
  g_clear_handle_id (&self->tick_id, g_source_remove);
  teardown_pipeline (self);
  g_clear_pointer (&self->recording_id, g_free);
  g_clear_pointer (&self->uri, g_free);
  g_clear_pointer (&self->pipeline_uri, g_free);
  g_clear_pointer (&self->expires_at, g_date_time_unref);
  if (rtcc_set_str (&self->error, NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
  rtcc_video_paintable_set_texture (self->paintable, NULL);
  self->want_playing = FALSE;
  self->resume_ms = -1;
  self->position_ms = 0;
  self->duration_ms = 0;
  self->renewals_in_a_row = 0;
  self->frames = 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION_MS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DURATION_MS]);
  set_state (self, RTCC_BWC_PLAYER_IDLE);
}

/**
 * rtcc_bwc_player_play:
 *
 * Plays on, or from the start once the recording has ended.
 */
void
rtcc_bwc_player_play (RtccBwcPlayer *self)
{
  g_return_if_fail (RTCC_IS_BWC_PLAYER (self));

  self->want_playing = TRUE;
  if (self->pipeline == NULL)
    return;
  if (self->state == RTCC_BWC_PLAYER_ENDED)
    gst_element_seek_simple (self->pipeline, GST_FORMAT_TIME, GST_SEEK_FLAG_FLUSH, 0);
  if (self->prerolled)
    gst_element_set_state (self->pipeline, GST_STATE_PLAYING);
}

/**
 * rtcc_bwc_player_pause:
 */
void
rtcc_bwc_player_pause (RtccBwcPlayer *self)
{
  g_return_if_fail (RTCC_IS_BWC_PLAYER (self));

  self->want_playing = FALSE;
  if (self->pipeline != NULL && self->prerolled)
    gst_element_set_state (self->pipeline, GST_STATE_PAUSED);
}

/**
 * rtcc_bwc_player_seek:
 * @position_ms: where to go, from the start of the recording
 *
 * Seeks exactly; the server answers the new position with an HTTP range.
 */
void
rtcc_bwc_player_seek (RtccBwcPlayer *self,
                      gint64         position_ms)
{
  g_return_if_fail (RTCC_IS_BWC_PLAYER (self));

  position_ms = MAX (position_ms, 0);
  if (self->duration_ms > 0)
    position_ms = MIN (position_ms, self->duration_ms);
  if (self->pipeline == NULL || !self->prerolled)
    {
      self->resume_ms = position_ms;
      return;
    }
  if (self->state == RTCC_BWC_PLAYER_ENDED)
    set_state (self, self->want_playing ? RTCC_BWC_PLAYER_PLAYING : RTCC_BWC_PLAYER_PAUSED);
  /* A seek makes a new request, which the old link would have refused:
   * the pipeline starts again on the renewed one, at the target. */
  if (g_strcmp0 (self->pipeline_uri, self->uri) != 0)
    {
      renew_link_at (self, position_ms);
      self->position_ms = position_ms;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION_MS]);
      return;
    }
  gst_element_seek_simple (self->pipeline, GST_FORMAT_TIME, GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_ACCURATE,
                           position_ms * GST_MSECOND);
  self->position_ms = position_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION_MS]);
}

const char *
rtcc_bwc_player_get_recording_id (RtccBwcPlayer *self)
{
  g_return_val_if_fail (RTCC_IS_BWC_PLAYER (self), NULL);
  return self->recording_id;
}

RtccBwcPlayerState
rtcc_bwc_player_get_state (RtccBwcPlayer *self)
{
  g_return_val_if_fail (RTCC_IS_BWC_PLAYER (self), RTCC_BWC_PLAYER_IDLE);
  return self->state;
}

/**
 * rtcc_bwc_player_get_position_ms:
 *
 * Returns: the position, read from the pipeline now
 */
gint64
rtcc_bwc_player_get_position_ms (RtccBwcPlayer *self)
{
  g_return_val_if_fail (RTCC_IS_BWC_PLAYER (self), 0);
  update_position (self);
  return self->position_ms;
}

gint64
rtcc_bwc_player_get_duration_ms (RtccBwcPlayer *self)
{
  g_return_val_if_fail (RTCC_IS_BWC_PLAYER (self), 0);
  return self->duration_ms;
}

/**
 * rtcc_bwc_player_get_renewals:
 *
 * Returns: how many times a link was renewed since the player was made
 */
guint
rtcc_bwc_player_get_renewals (RtccBwcPlayer *self)
{
  g_return_val_if_fail (RTCC_IS_BWC_PLAYER (self), 0);
  return self->renewals;
}

/**
 * rtcc_bwc_player_get_frame_count:
 *
 * Returns: frames shown since the recording was opened
 */
guint64
rtcc_bwc_player_get_frame_count (RtccBwcPlayer *self)
{
  g_return_val_if_fail (RTCC_IS_BWC_PLAYER (self), 0);
  return self->frames;
}

/**
 * rtcc_bwc_player_get_error:
 *
 * Returns: (nullable): why the recording cannot be played
 */
const char *
rtcc_bwc_player_get_error (RtccBwcPlayer *self)
{
  g_return_val_if_fail (RTCC_IS_BWC_PLAYER (self), NULL);
  return self->error;
}

/**
 * rtcc_bwc_player_get_paintable:
 *
 * Returns: (transfer none): where the frames go
 */
RtccVideoPaintable *
rtcc_bwc_player_get_paintable (RtccBwcPlayer *self)
{
  g_return_val_if_fail (RTCC_IS_BWC_PLAYER (self), NULL);
  return self->paintable;
}
