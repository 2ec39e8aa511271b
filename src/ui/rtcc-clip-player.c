/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccClipPlayer"

#include "config.h"

#include <glib/gi18n.h>
#include <gst/app/gstappsink.h>
#include <gst/gst.h>

#include "rtcc-clip-player.h"
#include "rtcc-util.h"

#define POSITION_POLL_MS 200
/* Debian 12 has no gtk4paintablesink: playbin decodes into an appsink
 * whose frames go to the same paintable the live views use. */
#define VIDEO_SINK_DESCRIPTION \
  "videoconvert ! video/x-raw,format=BGRA ! appsink name=sink sync=true max-buffers=2"

/**
 * RtccClipPlayer:
 *
 * Plays an exported clip from a local file, with pause and seek, into
 * an #RtccVideoPaintable. Sound, if any, is dropped: a control room has
 * many workstations and clips are watched, not listened to.
 */
struct _RtccClipPlayer
{
  GObject             parent_instance;

  RtccVideoPaintable *paintable;
  GstElement         *playbin;
  GWeakRef           *sink_ref;     /* shared with the streaming thread */
  char               *error;
  gboolean            playing;
  gint64              position;
  gint64              duration;
  guint64             frames;
  guint               poll_id;
};

G_DEFINE_FINAL_TYPE (RtccClipPlayer, rtcc_clip_player, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PAINTABLE,
  PROP_PLAYING,
  PROP_POSITION,
  PROP_DURATION,
  PROP_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  GWeakRef   *player;
  GdkTexture *texture;
} Delivery;

static GWeakRef *
weak_ref_share (GWeakRef *ref)
{
  return g_atomic_rc_box_acquire (ref);
}

static void
weak_ref_release (gpointer ref)
{
  g_atomic_rc_box_release_full (ref, (GDestroyNotify) g_weak_ref_clear);
}

static gboolean
deliver_cb (gpointer user_data)
{
  Delivery *delivery = user_data;
  g_autoptr(RtccClipPlayer) self = g_weak_ref_get (delivery->player);

  if (self != NULL && self->sink_ref == delivery->player)
    {
      rtcc_video_paintable_set_texture (self->paintable, delivery->texture);
      self->frames++;
    }
  return G_SOURCE_REMOVE;
}

static void
delivery_free (gpointer p)
{
  Delivery *delivery = p;

  weak_ref_release (delivery->player);
  g_clear_object (&delivery->texture);
  g_free (delivery);
}

static void
deliver (GWeakRef  *ref,
         GstSample *sample)
{
  GdkTexture *texture = rtcc_video_paintable_texture_from_sample (sample);
  Delivery *delivery;

  if (texture == NULL)
    return;
  delivery = g_new0 (Delivery, 1);
  delivery->player = weak_ref_share (ref);
  delivery->texture = texture;
  g_idle_add_full (G_PRIORITY_DEFAULT, deliver_cb, delivery, delivery_free);
}

/* Streaming thread. */
static GstFlowReturn
on_new_sample (GstAppSink *sink,
               gpointer    user_data)
{
  g_autoptr(GstSample) sample = gst_app_sink_pull_sample (sink);

  if (sample != NULL)
    deliver (user_data, sample);
  return GST_FLOW_OK;
}

/* A paused clip shows the frame it stopped on, and after a seek the
 * frame it went to. */
static GstFlowReturn
on_new_preroll (GstAppSink *sink,
                gpointer    user_data)
{
  g_autoptr(GstSample) sample = gst_app_sink_pull_preroll (sink);

  if (sample != NULL)
    deliver (user_data, sample);
  return GST_FLOW_OK;
}

static void
set_playing (RtccClipPlayer *self,
             gboolean        playing)
{
  if (self->playing == playing)
    return;
  self->playing = playing;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYING]);
}

static void
query_times (RtccClipPlayer *self)
{
  gint64 value;

  if (self->playbin == NULL)
    return;
  if (gst_element_query_duration (self->playbin, GST_FORMAT_TIME, &value) && value != self->duration)
    {
      self->duration = value;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DURATION]);
    }
  if (gst_element_query_position (self->playbin, GST_FORMAT_TIME, &value) && value != self->position)
    {
      self->position = value;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION]);
    }
}

static gboolean
poll_cb (gpointer user_data)
{
  query_times (user_data);
  return G_SOURCE_CONTINUE;
}

static gboolean
on_bus_message (GstBus     *bus,
                GstMessage *message,
                gpointer    user_data)
{
  g_autoptr(RtccClipPlayer) self = g_weak_ref_get (user_data);

  if (self == NULL || self->sink_ref != user_data)
    return G_SOURCE_CONTINUE;

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_ERROR:
      {
        g_autoptr(GError) error = NULL;

        gst_message_parse_error (message, &error, NULL);
        g_info ("Clip playback error from %s: %s", GST_OBJECT_NAME (GST_MESSAGE_SRC (message)), error->message);
        g_free (self->error);
        self->error = g_strdup_printf (_("The clip cannot be played: %s"), error->message);
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
        gst_element_set_state (self->playbin, GST_STATE_PAUSED);
        set_playing (self, FALSE);
      }
      break;
    case GST_MESSAGE_EOS:
      /* Stay on the last frame, ready to be sought back. */
      gst_element_set_state (self->playbin, GST_STATE_PAUSED);
      query_times (self);
      if (self->duration > 0 && self->position != self->duration)
        {
          self->position = self->duration;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION]);
        }
      set_playing (self, FALSE);
      break;
    case GST_MESSAGE_DURATION_CHANGED:
    case GST_MESSAGE_ASYNC_DONE:
      query_times (self);
      break;
    default:
      break;
    }
  return G_SOURCE_CONTINUE;
}

static void
rtcc_clip_player_dispose (GObject *object)
{
  rtcc_clip_player_close (RTCC_CLIP_PLAYER (object));

  G_OBJECT_CLASS (rtcc_clip_player_parent_class)->dispose (object);
}

static void
rtcc_clip_player_finalize (GObject *object)
{
  RtccClipPlayer *self = RTCC_CLIP_PLAYER (object);

  g_clear_object (&self->paintable);
  g_free (self->error);

  G_OBJECT_CLASS (rtcc_clip_player_parent_class)->finalize (object);
}

static void
rtcc_clip_player_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  RtccClipPlayer *self = RTCC_CLIP_PLAYER (object);

  switch (prop_id)
    {
    case PROP_PAINTABLE:
      g_value_set_object (value, self->paintable);
      break;
    case PROP_PLAYING:
      g_value_set_boolean (value, self->playing);
      break;
    case PROP_POSITION:
      g_value_set_int64 (value, self->position);
      break;
    case PROP_DURATION:
      g_value_set_int64 (value, self->duration);
      break;
    case PROP_ERROR:
      g_value_set_string (value, self->error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rtcc_clip_player_class_init (RtccClipPlayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  gst_init (NULL, NULL);

  object_class->dispose = rtcc_clip_player_dispose;
  object_class->finalize = rtcc_clip_player_finalize;
  object_class->get_property = rtcc_clip_player_get_property;

  properties[PROP_PAINTABLE] =
    g_param_spec_object ("paintable", NULL, NULL, RTCC_TYPE_VIDEO_PAINTABLE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_PLAYING] =
    g_param_spec_boolean ("playing", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_POSITION] =
    g_param_spec_int64 ("position", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_DURATION] =
    g_param_spec_int64 ("duration", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ERROR] =
    g_param_spec_string ("error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rtcc_clip_player_init (RtccClipPlayer *self)
{
  self->paintable = rtcc_video_paintable_new ();
}

/**
 * rtcc_clip_player_new:
 *
 * Returns: (transfer full): a player with no clip
 */
RtccClipPlayer *
rtcc_clip_player_new (void)
{
  return g_object_new (RTCC_TYPE_CLIP_PLAYER, NULL);
}

/**
 * rtcc_clip_player_open:
 * @file: a local video file, e.g. an MP4 export
 * @error: return location for a #GError
 *
 * Opens @file paused on its first frame.
 *
 * Returns: %TRUE when the pipeline could be built
 */
gboolean
rtcc_clip_player_open (RtccClipPlayer  *self,
                       GFile           *file,
                       GError         **error)
{
  g_autoptr(GstElement) playbin = NULL;
  g_autoptr(GstElement) video_sink = NULL;
  g_autoptr(GstElement) audio_sink = NULL;
  g_autoptr(GstElement) sink = NULL;
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *uri = NULL;
  GstAppSinkCallbacks callbacks = { .new_sample = on_new_sample, .new_preroll = on_new_preroll };

  g_return_val_if_fail (RTCC_IS_CLIP_PLAYER (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  rtcc_clip_player_close (self);

  playbin = gst_element_factory_make ("playbin", NULL);
  video_sink = gst_parse_bin_from_description (VIDEO_SINK_DESCRIPTION, TRUE, &local_error);
  audio_sink = gst_element_factory_make ("fakesink", NULL);
  if (playbin == NULL || video_sink == NULL || audio_sink == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("This workstation cannot play clips: %s. Install the GStreamer “base” and “good” plugins."),
                   local_error != NULL ? local_error->message : _("playbin is missing"));
      return FALSE;
    }
  gst_object_ref_sink (playbin);
  sink = gst_bin_get_by_name (GST_BIN (video_sink), "sink");

  self->sink_ref = g_atomic_rc_box_new0 (GWeakRef);
  g_weak_ref_init (self->sink_ref, self);
  gst_app_sink_set_callbacks (GST_APP_SINK (sink), &callbacks, weak_ref_share (self->sink_ref), weak_ref_release);

  uri = g_file_get_uri (file);
  g_object_set (playbin,
                "uri", uri,
                "video-sink", g_steal_pointer (&video_sink),
                "audio-sink", g_steal_pointer (&audio_sink),
                NULL);
  bus = gst_element_get_bus (playbin);
  gst_bus_add_watch_full (bus, G_PRIORITY_DEFAULT, on_bus_message, weak_ref_share (self->sink_ref), weak_ref_release);
  self->playbin = g_steal_pointer (&playbin);
  self->poll_id = g_timeout_add (POSITION_POLL_MS, poll_cb, self);

  if (gst_element_set_state (self->playbin, GST_STATE_PAUSED) == GST_STATE_CHANGE_FAILURE)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("The clip cannot be opened"));
      rtcc_clip_player_close (self);
      return FALSE;
    }
  return TRUE;
}

/**
 * rtcc_clip_player_close:
 *
 * Stops playback and lets go of the file.
 */
void
rtcc_clip_player_close (RtccClipPlayer *self)
{
  g_return_if_fail (RTCC_IS_CLIP_PLAYER (self));

  g_clear_handle_id (&self->poll_id, g_source_remove);
  if (self->playbin != NULL)
    {
      g_autoptr(GstBus) bus = gst_element_get_bus (self->playbin);

      gst_bus_remove_watch (bus);
      /* A local file stops at once; no thread needed as for RTSP. */
      gst_element_set_state (self->playbin, GST_STATE_NULL);
      gst_clear_object (&self->playbin);
    }
  if (self->sink_ref != NULL)
    {
      g_weak_ref_set (self->sink_ref, NULL);
      g_clear_pointer (&self->sink_ref, weak_ref_release);
    }
  if (self->paintable != NULL)
    rtcc_video_paintable_set_texture (self->paintable, NULL);
  self->position = self->duration = 0;
  self->frames = 0;
  set_playing (self, FALSE);
}

/**
 * rtcc_clip_player_play:
 *
 * Plays from the current position; from the start when at the end.
 */
void
rtcc_clip_player_play (RtccClipPlayer *self)
{
  g_return_if_fail (RTCC_IS_CLIP_PLAYER (self));

  if (self->playbin == NULL)
    return;
  if (self->duration > 0 && self->position >= self->duration)
    rtcc_clip_player_seek (self, 0);
  if (gst_element_set_state (self->playbin, GST_STATE_PLAYING) != GST_STATE_CHANGE_FAILURE)
    set_playing (self, TRUE);
}

/**
 * rtcc_clip_player_pause:
 */
void
rtcc_clip_player_pause (RtccClipPlayer *self)
{
  g_return_if_fail (RTCC_IS_CLIP_PLAYER (self));

  if (self->playbin == NULL)
    return;
  gst_element_set_state (self->playbin, GST_STATE_PAUSED);
  set_playing (self, FALSE);
}

/**
 * rtcc_clip_player_seek:
 * @position_ns: where to go, in nanoseconds from the start
 */
void
rtcc_clip_player_seek (RtccClipPlayer *self,
                       gint64          position_ns)
{
  g_return_if_fail (RTCC_IS_CLIP_PLAYER (self));

  if (self->playbin == NULL)
    return;
  position_ns = CLAMP (position_ns, 0, self->duration > 0 ? self->duration : G_MAXINT64);
  if (!gst_element_seek_simple (self->playbin, GST_FORMAT_TIME,
                                GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_ACCURATE, position_ns))
    {
      g_info ("The clip refused a seek");
      return;
    }
  self->position = position_ns;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION]);
}

/**
 * rtcc_clip_player_get_playing:
 *
 * Returns: whether the clip is playing rather than paused
 */
gboolean
rtcc_clip_player_get_playing (RtccClipPlayer *self)
{
  g_return_val_if_fail (RTCC_IS_CLIP_PLAYER (self), FALSE);
  return self->playing;
}

/**
 * rtcc_clip_player_get_position:
 *
 * Returns: the position in nanoseconds
 */
gint64
rtcc_clip_player_get_position (RtccClipPlayer *self)
{
  g_return_val_if_fail (RTCC_IS_CLIP_PLAYER (self), 0);
  return self->position;
}

/**
 * rtcc_clip_player_get_duration:
 *
 * Returns: the clip's length in nanoseconds, 0 until known
 */
gint64
rtcc_clip_player_get_duration (RtccClipPlayer *self)
{
  g_return_val_if_fail (RTCC_IS_CLIP_PLAYER (self), 0);
  return self->duration;
}

/**
 * rtcc_clip_player_get_frame_count:
 *
 * Returns: frames shown since the clip was opened
 */
guint64
rtcc_clip_player_get_frame_count (RtccClipPlayer *self)
{
  g_return_val_if_fail (RTCC_IS_CLIP_PLAYER (self), 0);
  return self->frames;
}

/**
 * rtcc_clip_player_get_error:
 *
 * Returns: (nullable): why the clip stopped playing, if it failed
 */
const char *
rtcc_clip_player_get_error (RtccClipPlayer *self)
{
  g_return_val_if_fail (RTCC_IS_CLIP_PLAYER (self), NULL);
  return self->error;
}

/**
 * rtcc_clip_player_get_paintable:
 *
 * Returns: (transfer none): the paintable showing the clip
 */
RtccVideoPaintable *
rtcc_clip_player_get_paintable (RtccClipPlayer *self)
{
  g_return_val_if_fail (RTCC_IS_CLIP_PLAYER (self), NULL);
  return self->paintable;
}
