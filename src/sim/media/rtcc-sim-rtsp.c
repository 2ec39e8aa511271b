/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccSimRtsp"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <gst/rtsp-server/rtsp-server.h>

#include "rtcc-sim-media-private.h"
#include "rtcc-sim-rtsp.h"

#define LISTEN_ADDRESS     "127.0.0.1"
#define LABEL_MAX_CHARS    64
#define CAMERA_ID_MAX      128
#define CLIENT_THREADS     4
/* Time for the end-of-stream (an RTCP BYE) to reach viewers before their
 * sessions are torn down. */
#define KICK_DELAY_MS      500
#define CLEANUP_INTERVAL_S 2

/* One encoder per watched camera, whatever the number of viewers: the
 * factory is shared. The clock is set on every frame by a pad probe, so
 * the launch line holds no text from the world model. */
#define LIVE_LAUNCH \
  "( videotestsrc name=scene is-live=true pattern=ball animation-mode=wall-time motion=wavy " \
  "  ! video/x-raw,width=640,height=360,framerate=15/1 " \
  "  ! textoverlay name=burnin font-desc=\"Sans Bold 14\" auto-resize=false " \
  "      valignment=top halignment=left line-alignment=left shaded-background=true " \
  "  ! videoconvert ! video/x-raw,format=I420 " \
  "  ! x264enc tune=zerolatency speed-preset=ultrafast key-int-max=30 bitrate=600 threads=1 " \
  "  ! video/x-h264,profile=constrained-baseline " \
  "  ! rtph264pay name=pay0 pt=96 config-interval=-1 )"

static const char * const live_elements[] = {
  "videotestsrc", "textoverlay", "videoconvert", "x264enc", "rtph264pay", NULL
};

/* A camera is shared with GStreamer's threads (the factory's
 * media-configure, the media's unprepared, the frame probe), so it is
 * reference counted and carries its own lock. */
typedef struct
{
  GMutex               lock;
  char                *id;
  char                *path;
  char                *markup_label;
  guint32              background;
  gboolean             stopped;
  GstRTSPMediaFactory *factory;
  GPtrArray           *medias;
} Camera;

struct _RtccSimRtsp
{
  GObject             parent_instance;

  GMainContext       *context;
  GstRTSPServer      *server;
  GstRTSPMountPoints *mounts;
  GstRTSPSessionPool *sessions;
  GSource            *listen_source;
  GSource            *cleanup_source;
  GPtrArray          *kick_sources;
  guint               port;

  GMutex              lock;
  GHashTable         *cameras;
};

G_DEFINE_FINAL_TYPE (RtccSimRtsp, rtcc_sim_rtsp, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_PORT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
camera_clear (Camera *camera)
{
  g_mutex_clear (&camera->lock);
  g_free (camera->id);
  g_free (camera->path);
  g_free (camera->markup_label);
  g_clear_object (&camera->factory);
  g_clear_pointer (&camera->medias, g_ptr_array_unref);
}

static Camera *
camera_ref (Camera *camera)
{
  return g_atomic_rc_box_acquire (camera);
}

static void
camera_unref (Camera *camera)
{
  g_atomic_rc_box_release_full (camera, (GDestroyNotify) camera_clear);
}

static gpointer
camera_ref_closure (gpointer camera)
{
  return camera_ref (camera);
}

static void
camera_unref_closure (gpointer  camera,
                      GClosure *closure)
{
  camera_unref (camera);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Camera, camera_unref)

static void
camera_set_label (Camera     *camera,
                  const char *label)
{
  g_autofree char *clean = _rtcc_sim_media_clean_label (label, LABEL_MAX_CHARS);

  /* textoverlay reads Pango markup; a label is text. */
  g_mutex_lock (&camera->lock);
  g_free (camera->markup_label);
  camera->markup_label = g_markup_escape_text (clean, -1);
  g_mutex_unlock (&camera->lock);
}

static GstPadProbeReturn
on_live_frame (GstPad          *pad,
               GstPadProbeInfo *info,
               gpointer         user_data)
{
  Camera *camera = user_data;
  GstElement *overlay = gst_pad_get_parent_element (pad);
  g_autofree char *clock = _rtcc_sim_media_format_clock (g_get_real_time ());
  g_autofree char *text = NULL;

  g_mutex_lock (&camera->lock);
  text = g_strdup_printf ("%s\n%s", camera->markup_label, clock);
  g_mutex_unlock (&camera->lock);

  if (overlay != NULL)
    {
      g_object_set (overlay, "text", text, NULL);
      gst_object_unref (overlay);
    }
  return GST_PAD_PROBE_OK;
}

static void
on_media_unprepared (GstRTSPMedia *media,
                     Camera       *camera)
{
  g_mutex_lock (&camera->lock);
  g_ptr_array_remove (camera->medias, media);
  g_mutex_unlock (&camera->lock);
  g_signal_handlers_disconnect_by_data (media, camera);
}

static void
on_media_configure (GstRTSPMediaFactory *factory,
                    GstRTSPMedia        *media,
                    Camera              *camera)
{
  g_autoptr(GstElement) bin = gst_rtsp_media_get_element (media);
  g_autoptr(GstElement) scene = gst_bin_get_by_name (GST_BIN (bin), "scene");
  g_autoptr(GstElement) burnin = gst_bin_get_by_name (GST_BIN (bin), "burnin");
  g_autoptr(GstPad) pad = NULL;

  if (scene != NULL)
    g_object_set (scene, "background-color", camera->background, NULL);
  if (burnin != NULL)
    {
      pad = gst_element_get_static_pad (burnin, "video_sink");
      gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, on_live_frame,
                         camera_ref (camera), (GDestroyNotify) camera_unref);
    }

  g_mutex_lock (&camera->lock);
  g_ptr_array_add (camera->medias, g_object_ref (media));
  g_mutex_unlock (&camera->lock);
  g_signal_connect_data (media, "unprepared", G_CALLBACK (on_media_unprepared),
                         camera_ref_closure (camera), camera_unref_closure, 0);
}

static GstRTSPMediaFactory *
make_factory (RtccSimRtsp *self,
              Camera      *camera)
{
  GstRTSPMediaFactory *factory = gst_rtsp_media_factory_new ();

  gst_rtsp_media_factory_set_launch (factory, LIVE_LAUNCH);
  gst_rtsp_media_factory_set_shared (factory, TRUE);
  /* RTP goes interleaved on the viewer's RTSP connection: nothing but the
   * loopback listener is ever bound, and GStreamer 1.22's UDP receive path
   * (udpsrc into a funnel) races when viewers come and go. Clients that
   * offer UDP first fall back to TCP on the 461 answer. */
  gst_rtsp_media_factory_set_protocols (factory, GST_RTSP_LOWER_TRANS_TCP);
  g_signal_connect_data (factory, "media-configure", G_CALLBACK (on_media_configure),
                         camera_ref_closure (camera), camera_unref_closure, 0);
  return factory;
}

/* ------------------------------------------------------------------ */
/* Tearing down the sessions of a stopped camera                      */

typedef struct
{
  RtccSimRtsp *self;    /* not a reference: dispose destroys pending kicks */
  Camera      *camera;
  GPtrArray   *medias;
} Kick;

static void
kick_free (gpointer data)
{
  Kick *kick = data;

  camera_unref (kick->camera);
  g_ptr_array_unref (kick->medias);
  g_free (kick);
}

static GstRTSPFilterResult
match_session_media (GstRTSPSession      *session,
                     GstRTSPSessionMedia *session_media,
                     gpointer             user_data)
{
  Kick *kick = user_data;
  GstRTSPMedia *media = gst_rtsp_session_media_get_media (session_media);
  gboolean stopped;
  int matched = 0;

  if (g_ptr_array_find (kick->medias, media, NULL))
    return GST_RTSP_FILTER_REF;

  /* A viewer that got in while the camera was being stopped. */
  g_mutex_lock (&kick->camera->lock);
  stopped = kick->camera->stopped;
  g_mutex_unlock (&kick->camera->lock);
  if (stopped &&
      gst_rtsp_session_media_matches (session_media, kick->camera->path, &matched) &&
      (gsize) matched == strlen (kick->camera->path))
    return GST_RTSP_FILTER_REF;

  return GST_RTSP_FILTER_KEEP;
}

static gboolean
session_is_kicked (GstRTSPSession *session,
                   Kick           *kick)
{
  GList *matches = gst_rtsp_session_filter (session, match_session_media, kick);
  gboolean kicked = matches != NULL;

  g_list_free_full (matches, g_object_unref);
  return kicked;
}

static GstRTSPFilterResult
match_client_session (GstRTSPClient  *client,
                      GstRTSPSession *session,
                      gpointer        user_data)
{
  return session_is_kicked (session, user_data) ? GST_RTSP_FILTER_REF : GST_RTSP_FILTER_KEEP;
}

static GstRTSPFilterResult
kick_client (GstRTSPServer *server,
             GstRTSPClient *client,
             gpointer       user_data)
{
  GList *sessions = gst_rtsp_client_session_filter (client, match_client_session, user_data);
  gboolean kicked = sessions != NULL;

  g_list_free_full (sessions, g_object_unref);
  return kicked ? GST_RTSP_FILTER_REMOVE : GST_RTSP_FILTER_KEEP;
}

static GstRTSPFilterResult
kick_pool_session (GstRTSPSessionPool *pool,
                   GstRTSPSession     *session,
                   gpointer            user_data)
{
  return session_is_kicked (session, user_data) ? GST_RTSP_FILTER_REMOVE : GST_RTSP_FILTER_KEEP;
}

static gboolean
on_kick (gpointer user_data)
{
  Kick *kick = user_data;
  RtccSimRtsp *self = kick->self;
  GList *kept;

  /* Closing the connection ends TCP-interleaved viewers at once; removing
   * the sessions ends UDP viewers' sessions and lets the shared media,
   * and its encoder, stop. */
  kept = gst_rtsp_server_client_filter (self->server, kick_client, kick);
  g_list_free_full (kept, g_object_unref);
  kept = gst_rtsp_session_pool_filter (self->sessions, kick_pool_session, kick);
  g_list_free_full (kept, g_object_unref);

  g_mutex_lock (&self->lock);
  g_ptr_array_remove (self->kick_sources, g_main_current_source ());
  g_mutex_unlock (&self->lock);
  return G_SOURCE_REMOVE;
}

static void
destroy_source (gpointer data)
{
  g_source_destroy (data);
  g_source_unref (data);
}

static gboolean
on_cleanup (gpointer user_data)
{
  RtccSimRtsp *self = user_data;

  /* Viewers that vanished without a TEARDOWN time out here, so their
   * encoders do not run for ever. */
  gst_rtsp_session_pool_cleanup (self->sessions);
  return G_SOURCE_CONTINUE;
}

/* ------------------------------------------------------------------ */

static void
rtcc_sim_rtsp_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  RtccSimRtsp *self = RTCC_SIM_RTSP (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_boxed (value, self->context);
      break;

    case PROP_PORT:
      g_value_set_uint (value, self->port);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rtcc_sim_rtsp_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  RtccSimRtsp *self = RTCC_SIM_RTSP (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_clear_pointer (&self->context, g_main_context_unref);
      self->context = g_value_dup_boxed (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rtcc_sim_rtsp_constructed (GObject *object)
{
  RtccSimRtsp *self = RTCC_SIM_RTSP (object);
  g_autoptr(GstRTSPThreadPool) threads = NULL;
  g_autoptr(GError) error = NULL;

  G_OBJECT_CLASS (rtcc_sim_rtsp_parent_class)->constructed (object);

  if (self->context == NULL)
    self->context = g_main_context_ref (g_main_context_default ());

  /* rtcc_sim_rtsp_start() reports the failure to the caller. */
  if (!_rtcc_sim_media_ensure_gst (&error))
    g_warning ("%s", error->message);

  self->server = gst_rtsp_server_new ();
  gst_rtsp_server_set_address (self->server, LISTEN_ADDRESS);
  self->mounts = gst_rtsp_server_get_mount_points (self->server);
  self->sessions = gst_rtsp_server_get_session_pool (self->server);
  /* Viewers of different cameras should not wait for each other's
   * encoder to start. */
  threads = gst_rtsp_server_get_thread_pool (self->server);
  gst_rtsp_thread_pool_set_max_threads (threads, CLIENT_THREADS);
}

static void
rtcc_sim_rtsp_dispose (GObject *object)
{
  RtccSimRtsp *self = RTCC_SIM_RTSP (object);
  GHashTableIter iter;
  gpointer value;

  rtcc_sim_rtsp_stop (self);

  /* Break the camera ↔ factory and camera ↔ media cycles. */
  g_mutex_lock (&self->lock);
  g_hash_table_iter_init (&iter, self->cameras);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Camera *camera = value;
      g_autoptr(GstRTSPMediaFactory) factory = NULL;
      g_autoptr(GPtrArray) medias = NULL;

      g_mutex_lock (&camera->lock);
      factory = g_steal_pointer (&camera->factory);
      medias = g_steal_pointer (&camera->medias);
      camera->medias = g_ptr_array_new_with_free_func (g_object_unref);
      g_mutex_unlock (&camera->lock);

      if (factory != NULL)
        g_signal_handlers_disconnect_by_data (factory, camera);
      for (guint i = 0; i < medias->len; i++)
        g_signal_handlers_disconnect_by_data (g_ptr_array_index (medias, i), camera);
    }
  g_hash_table_remove_all (self->cameras);
  g_mutex_unlock (&self->lock);

  G_OBJECT_CLASS (rtcc_sim_rtsp_parent_class)->dispose (object);
}

static void
rtcc_sim_rtsp_finalize (GObject *object)
{
  RtccSimRtsp *self = RTCC_SIM_RTSP (object);

  g_clear_object (&self->mounts);
  g_clear_object (&self->sessions);
  g_clear_object (&self->server);
  g_clear_pointer (&self->kick_sources, g_ptr_array_unref);
  g_clear_pointer (&self->cameras, g_hash_table_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (rtcc_sim_rtsp_parent_class)->finalize (object);
}

static void
rtcc_sim_rtsp_class_init (RtccSimRtspClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = rtcc_sim_rtsp_get_property;
  object_class->set_property = rtcc_sim_rtsp_set_property;
  object_class->constructed = rtcc_sim_rtsp_constructed;
  object_class->dispose = rtcc_sim_rtsp_dispose;
  object_class->finalize = rtcc_sim_rtsp_finalize;

  /**
   * RtccSimRtsp:context:
   *
   * The main context the server listens on; %NULL at construction means
   * the global default context.
   */
  properties[PROP_CONTEXT] =
    g_param_spec_boxed ("context", NULL, NULL,
                        G_TYPE_MAIN_CONTEXT,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * RtccSimRtsp:port:
   *
   * The TCP port the server listens on, 0 while stopped.
   */
  properties[PROP_PORT] =
    g_param_spec_uint ("port", NULL, NULL,
                       0, G_MAXUINT16, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rtcc_sim_rtsp_init (RtccSimRtsp *self)
{
  g_mutex_init (&self->lock);
  self->cameras = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                         (GDestroyNotify) camera_unref);
  self->kick_sources = g_ptr_array_new_with_free_func (destroy_source);
}

/**
 * rtcc_sim_rtsp_new:
 * @context: (nullable): the main context to listen on; %NULL for the
 *   global default context
 *
 * Creates the simulator's live video server. Viewers' RTSP requests are
 * answered on GStreamer's client threads; the listening socket and the
 * session clean-up run on @context, which must be iterated.
 *
 * Returns: (transfer full): a server, not yet listening
 */
RtccSimRtsp *
rtcc_sim_rtsp_new (GMainContext *context)
{
  return g_object_new (RTCC_TYPE_SIM_RTSP, "context", context, NULL);
}

/**
 * rtcc_sim_rtsp_start:
 * @port: the TCP port, or 0 to pick a free one
 *
 * Listens on 127.0.0.1 only: the simulator never serves the network.
 *
 * Returns: %TRUE when listening; see rtcc_sim_rtsp_get_port()
 */
gboolean
rtcc_sim_rtsp_start (RtccSimRtsp  *self,
                     guint         port,
                     GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *service = NULL;
  GSource *source;

  g_return_val_if_fail (RTCC_IS_SIM_RTSP (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->listen_source != NULL)
    return TRUE;
  if (!_rtcc_sim_media_ensure_gst (error) ||
      !_rtcc_sim_media_check_elements (live_elements, error))
    return FALSE;
  if (port > G_MAXUINT16)
    {
      g_set_error (error, RTCC_SIM_MEDIA_ERROR, RTCC_SIM_MEDIA_ERROR_INVALID_ARGUMENT,
                   _("Port %u is not a TCP port; use 1 to 65535, or 0 to pick a free one"), port);
      return FALSE;
    }

  service = g_strdup_printf ("%u", port);
  gst_rtsp_server_set_service (self->server, service);
  source = gst_rtsp_server_create_source (self->server, NULL, &local_error);
  if (source == NULL)
    {
      g_set_error (error, RTCC_SIM_MEDIA_ERROR, RTCC_SIM_MEDIA_ERROR_BIND,
                   _("Could not listen for RTSP on %s port %u: %s. Choose another port or 0."),
                   LISTEN_ADDRESS, port, local_error->message);
      return FALSE;
    }
  g_source_attach (source, self->context);
  self->listen_source = source;

  self->cleanup_source = g_timeout_source_new_seconds (CLEANUP_INTERVAL_S);
  g_source_set_callback (self->cleanup_source, on_cleanup, self, NULL);
  g_source_attach (self->cleanup_source, self->context);

  self->port = gst_rtsp_server_get_bound_port (self->server);
  g_debug ("Live video on rtsp://%s:%u/live/", LISTEN_ADDRESS, self->port);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PORT]);
  return TRUE;
}

/**
 * rtcc_sim_rtsp_get_port:
 *
 * Returns: the port listened on, 0 while stopped
 */
guint
rtcc_sim_rtsp_get_port (RtccSimRtsp *self)
{
  g_return_val_if_fail (RTCC_IS_SIM_RTSP (self), 0);

  return self->port;
}

/* Ids become URL paths: keep to characters that need no escaping. */
static gboolean
camera_id_is_valid (const char *camera_id)
{
  gsize length = camera_id != NULL ? strlen (camera_id) : 0;

  if (length == 0 || length > CAMERA_ID_MAX)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isalnum (camera_id[i]) && strchr ("-._~", camera_id[i]) == NULL)
      return FALSE;
  return TRUE;
}

/**
 * rtcc_sim_rtsp_add_camera:
 * @camera_id: the camera's id (letters, digits, `-._~`), the last part of
 *   its URI
 * @label: burned into the video above the clock; adding a camera again
 *   changes its label
 *
 * Makes a camera watchable. Its encoder runs only while someone watches,
 * so hundreds of cameras cost nothing until viewed.
 */
void
rtcc_sim_rtsp_add_camera (RtccSimRtsp *self,
                          const char  *camera_id,
                          const char  *label)
{
  Camera *camera;
  g_autoptr(GstRTSPMediaFactory) factory = NULL;

  g_return_if_fail (RTCC_IS_SIM_RTSP (self));
  g_return_if_fail (camera_id_is_valid (camera_id));

  g_mutex_lock (&self->lock);
  camera = g_hash_table_lookup (self->cameras, camera_id);
  if (camera != NULL)
    {
      camera_set_label (camera, label);
      g_mutex_unlock (&self->lock);
      return;
    }

  camera = g_atomic_rc_box_new0 (Camera);
  g_mutex_init (&camera->lock);
  camera->id = g_strdup (camera_id);
  camera->path = g_strconcat ("/live/", camera_id, NULL);
  camera->medias = g_ptr_array_new_with_free_func (g_object_unref);
  /* Each camera has its own dim background, so viewers can tell them apart. */
  camera->background = 0xff000000 | (g_str_hash (camera_id) & 0x3f3f3f);
  camera_set_label (camera, label);
  camera->factory = make_factory (self, camera);
  g_hash_table_insert (self->cameras, camera->id, camera);
  factory = g_object_ref (camera->factory);
  g_mutex_unlock (&self->lock);

  gst_rtsp_mount_points_add_factory (self->mounts, camera->path, g_steal_pointer (&factory));
}

/**
 * rtcc_sim_rtsp_get_uri:
 *
 * Returns: (transfer full) (nullable): `rtsp://127.0.0.1:PORT/live/<id>`,
 *   or %NULL for an unknown camera or while the server is stopped
 */
char *
rtcc_sim_rtsp_get_uri (RtccSimRtsp *self,
                       const char  *camera_id)
{
  gboolean known;

  g_return_val_if_fail (RTCC_IS_SIM_RTSP (self), NULL);

  if (camera_id == NULL)
    return NULL;
  g_mutex_lock (&self->lock);
  known = g_hash_table_contains (self->cameras, camera_id);
  g_mutex_unlock (&self->lock);
  if (!known || self->port == 0)
    return NULL;
  return g_strdup_printf ("rtsp://%s:%u/live/%s", LISTEN_ADDRESS, self->port, camera_id);
}

static gpointer
copy_object (gconstpointer object,
             gpointer      user_data)
{
  return g_object_ref ((gpointer) object);
}

/**
 * rtcc_sim_rtsp_set_stopped:
 * @stopped: %TRUE to stop the camera's stream, %FALSE to let it run again
 *
 * A fault: the camera's video ends for everyone watching (an end of
 * stream, then their sessions are torn down) and new viewers are refused
 * with 404 until the camera runs again.
 */
void
rtcc_sim_rtsp_set_stopped (RtccSimRtsp *self,
                           const char  *camera_id,
                           gboolean     stopped)
{
  g_autoptr(Camera) camera = NULL;
  g_autoptr(GstRTSPMediaFactory) old_factory = NULL;
  g_autoptr(GstRTSPMediaFactory) new_factory = NULL;
  g_autoptr(GPtrArray) medias = NULL;
  Kick *kick;
  GSource *source;

  g_return_if_fail (RTCC_IS_SIM_RTSP (self));
  g_return_if_fail (camera_id != NULL);

  g_mutex_lock (&self->lock);
  camera = g_hash_table_lookup (self->cameras, camera_id);
  if (camera != NULL)
    camera_ref (camera);
  g_mutex_unlock (&self->lock);
  if (camera == NULL)
    {
      g_debug ("No camera %s to stop or start", camera_id);
      return;
    }

  g_mutex_lock (&camera->lock);
  if (camera->stopped == !!stopped)
    {
      g_mutex_unlock (&camera->lock);
      return;
    }
  camera->stopped = !!stopped;
  if (stopped)
    {
      old_factory = g_steal_pointer (&camera->factory);
      medias = g_ptr_array_copy (camera->medias, copy_object, NULL);
      g_ptr_array_set_free_func (medias, g_object_unref);
    }
  else
    {
      /* A fresh factory, so no viewer lands on the old, ended media. */
      camera->factory = make_factory (self, camera);
      new_factory = g_object_ref (camera->factory);
    }
  g_mutex_unlock (&camera->lock);

  if (!stopped)
    {
      gst_rtsp_mount_points_add_factory (self->mounts, camera->path, g_steal_pointer (&new_factory));
      return;
    }

  gst_rtsp_mount_points_remove_factory (self->mounts, camera->path);
  if (old_factory != NULL)
    g_signal_handlers_disconnect_by_data (old_factory, camera);

  for (guint i = 0; i < medias->len; i++)
    {
      g_autoptr(GstElement) element = gst_rtsp_media_get_element (g_ptr_array_index (medias, i));
      gst_element_send_event (element, gst_event_new_eos ());
    }

  kick = g_new0 (Kick, 1);
  kick->self = self;
  kick->camera = camera_ref (camera);
  kick->medias = g_steal_pointer (&medias);
  source = g_timeout_source_new (KICK_DELAY_MS);
  g_source_set_callback (source, on_kick, kick, kick_free);
  g_mutex_lock (&self->lock);
  g_ptr_array_add (self->kick_sources, source);
  g_source_attach (source, self->context);
  g_mutex_unlock (&self->lock);
}

static GstRTSPFilterResult
remove_every_client (GstRTSPServer *server,
                     GstRTSPClient *client,
                     gpointer       user_data)
{
  return GST_RTSP_FILTER_REMOVE;
}

static GstRTSPFilterResult
remove_every_session (GstRTSPSessionPool *pool,
                      GstRTSPSession     *session,
                      gpointer            user_data)
{
  return GST_RTSP_FILTER_REMOVE;
}

/**
 * rtcc_sim_rtsp_stop:
 *
 * Stops listening and ends every viewer's session. Cameras stay
 * registered; rtcc_sim_rtsp_start() listens again.
 */
void
rtcc_sim_rtsp_stop (RtccSimRtsp *self)
{
  g_autoptr(GPtrArray) kicks = NULL;
  GList *kept;

  g_return_if_fail (RTCC_IS_SIM_RTSP (self));

  /* Pending kicks go: stopping ends every session anyway. */
  g_mutex_lock (&self->lock);
  kicks = g_steal_pointer (&self->kick_sources);
  self->kick_sources = g_ptr_array_new_with_free_func (destroy_source);
  g_mutex_unlock (&self->lock);
  g_clear_pointer (&kicks, g_ptr_array_unref);

  if (self->cleanup_source != NULL)
    {
      g_source_destroy (self->cleanup_source);
      g_clear_pointer (&self->cleanup_source, g_source_unref);
    }
  if (self->listen_source == NULL)
    return;

  g_source_destroy (self->listen_source);
  g_clear_pointer (&self->listen_source, g_source_unref);

  kept = gst_rtsp_server_client_filter (self->server, remove_every_client, NULL);
  g_list_free_full (kept, g_object_unref);
  kept = gst_rtsp_session_pool_filter (self->sessions, remove_every_session, NULL);
  g_list_free_full (kept, g_object_unref);

  self->port = 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PORT]);
}
