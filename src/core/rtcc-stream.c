/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccStream"

#include "config.h"

#include <glib/gi18n.h>

#include "rtcc-stream.h"
#include "rtcc-util.h"

/* No vendor sends a single message larger than this. */
#define MAX_MESSAGE_BYTES (16 * 1024 * 1024)

/**
 * RtccStream:
 *
 * A vendor's WebSocket event stream that stays up: it signs in through
 * the service client, reconnects with backoff after a drop or a silent
 * connection (no message, not even a heartbeat, within the idle timeout),
 * and asks the caller for the path each time so that the vendor's cursor
 * resumes where the last connection stopped.
 */
struct _RtccStream
{
  GObject                  parent_instance;

  RtccServiceClient       *client;
  RtccStreamPathFunc       path_func;
  gpointer                 path_data;
  GDestroyNotify           path_destroy;

  SoupWebsocketConnection *connection;
  GCancellable            *cancellable;
  guint                    reconnect_id;
  guint                    idle_id;
  guint                    idle_timeout_s;
  guint                    first_backoff_ms;
  guint                    max_backoff_ms;
  guint                    backoff_ms;
  gint64                   connect_started_us;
  gboolean                 running;
  guint                    connections;
  char                    *problem;
};

G_DEFINE_FINAL_TYPE (RtccStream, rtcc_stream, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CONNECTED,
  PROP_PROBLEM,
  N_PROPS
};

enum {
  MESSAGE,
  OPENED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void connect_now (RtccStream *self);

static void
set_problem (RtccStream *self,
             const char *problem)
{
  if (rtcc_set_str (&self->problem, problem))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROBLEM]);
}

static void
drop_connection (RtccStream *self)
{
  g_clear_handle_id (&self->idle_id, g_source_remove);
  if (self->connection != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->connection, self);
      if (soup_websocket_connection_get_state (self->connection) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (self->connection, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
      g_clear_object (&self->connection);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTED]);
    }
}

static gboolean
reconnect_cb (gpointer user_data)
{
  RtccStream *self = user_data;

  self->reconnect_id = 0;
  connect_now (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_reconnect (RtccStream *self,
                    const char *why)
{
  g_autoptr(RtccStream) hold = g_object_ref (self);
  g_autofree char *problem = NULL;

  /* The notifications below may reach a handler that stops the stream or
   * drops the last reference to it. */
  drop_connection (self);
  if (!self->running || self->reconnect_id != 0)
    return;

  problem = g_strdup_printf (_("%s; reconnecting in %.1f s"), why, self->backoff_ms / 1000.0);
  set_problem (self, problem);
  if (!self->running || self->reconnect_id != 0)
    return;
  g_debug ("%s stream: %s", rtcc_service_client_get_display_name (self->client), problem);
  self->reconnect_id = g_timeout_add (self->backoff_ms, reconnect_cb, self);
  self->backoff_ms = MIN (self->backoff_ms * 2, self->max_backoff_ms);
}

static gboolean
idle_cb (gpointer user_data)
{
  RtccStream *self = user_data;
  g_autofree char *why = g_strdup_printf (_("The %s stream went silent"),
                                          rtcc_service_client_get_display_name (self->client));

  self->idle_id = 0;
  schedule_reconnect (self, why);
  return G_SOURCE_REMOVE;
}

static void
arm_idle (RtccStream *self)
{
  g_clear_handle_id (&self->idle_id, g_source_remove);
  if (self->idle_timeout_s > 0)
    self->idle_id = g_timeout_add_seconds (self->idle_timeout_s, idle_cb, self);
}

static void
on_message (SoupWebsocketConnection *connection,
            int                      type,
            GBytes                  *message,
            RtccStream              *self)
{
  arm_idle (self);
  if (type != SOUP_WEBSOCKET_DATA_TEXT)
    return;
  g_signal_emit (self, signals[MESSAGE], 0, message);
}

static void
on_closed (SoupWebsocketConnection *connection,
           RtccStream              *self)
{
  g_autofree char *why = NULL;
  gushort code = soup_websocket_connection_get_close_code (connection);

  if (code != 0 && code != SOUP_WEBSOCKET_CLOSE_NORMAL && code != SOUP_WEBSOCKET_CLOSE_GOING_AWAY)
    why = g_strdup_printf (_("The %s stream closed (code %u)"),
                           rtcc_service_client_get_display_name (self->client), code);
  else
    why = g_strdup_printf (_("The %s stream was dropped"),
                           rtcc_service_client_get_display_name (self->client));
  schedule_reconnect (self, why);
}

static void
on_error (SoupWebsocketConnection *connection,
          GError                  *error,
          RtccStream              *self)
{
  g_debug ("%s stream error: %s", rtcc_service_client_get_display_name (self->client), error->message);
}

static void
connect_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(RtccStream) self = user_data;
  g_autoptr(GError) error = NULL;
  SoupWebsocketConnection *connection;

  connection = soup_session_websocket_connect_finish (SOUP_SESSION (object), result, &error);
  if (connection == NULL)
    {
      g_autoptr(GError) counted = NULL;
      g_autofree char *why = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || !self->running)
        return;
      why = g_strdup_printf (_("Could not open the %s stream: %s"),
                             rtcc_service_client_get_display_name (self->client), error->message);
      counted = g_error_new_literal (RTCC_HTTP_ERROR, RTCC_HTTP_ERROR_CONNECTION, why);
      rtcc_service_client_record_failure (self->client, counted);
      schedule_reconnect (self, why);
      return;
    }

  if (!self->running)
    {
      soup_websocket_connection_close (connection, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
      g_object_unref (connection);
      return;
    }

  self->connection = connection;
  self->connections++;
  self->backoff_ms = self->first_backoff_ms;
  soup_websocket_connection_set_max_incoming_payload_size (connection, MAX_MESSAGE_BYTES);
  /* Our own watchdog decides when a quiet stream is dead. */
  soup_websocket_connection_set_keepalive_interval (connection, 0);
  g_signal_connect (connection, "message", G_CALLBACK (on_message), self);
  g_signal_connect (connection, "closed", G_CALLBACK (on_closed), self);
  g_signal_connect (connection, "error", G_CALLBACK (on_error), self);
  rtcc_service_client_record_success (self->client,
                                      (g_get_monotonic_time () - self->connect_started_us) / 1000.0);
  set_problem (self, NULL);
  /* A handler of those notifications may have stopped the stream. */
  if (!self->running || self->connection != connection)
    return;
  arm_idle (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTED]);
  g_signal_emit (self, signals[OPENED], 0);
}

static void
authorized_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(SoupMessage) message = user_data;
  RtccStream *self = g_object_get_data (G_OBJECT (message), "rtcc-stream");
  g_autoptr(GError) error = NULL;

  if (!rtcc_service_client_authorize_finish (RTCC_SERVICE_CLIENT (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && self->running)
        schedule_reconnect (self, error->message);
      g_object_unref (self);
      return;
    }
  soup_session_websocket_connect_async (rtcc_service_client_get_session (self->client), message,
                                        NULL, NULL, G_PRIORITY_DEFAULT, self->cancellable,
                                        connect_cb, self);
}

static void
connect_now (RtccStream *self)
{
  g_autofree char *path = self->path_func (self->path_data);
  g_autofree char *uri = rtcc_service_client_build_uri (self->client, path, TRUE);
  SoupMessage *message;

  if (!self->running)
    return;
  message = uri != NULL ? soup_message_new (SOUP_METHOD_GET, uri) : NULL;
  if (message == NULL)
    {
      set_problem (self, _("The stream address is not valid"));
      return;
    }
  self->connect_started_us = g_get_monotonic_time ();
  g_object_set_data_full (G_OBJECT (message), "rtcc-stream", NULL, NULL);
  g_object_set_data (G_OBJECT (message), "rtcc-stream", self);
  g_object_ref (self);
  rtcc_service_client_authorize_async (self->client, message, self->cancellable,
                                       authorized_cb, message);
}

static void
rtcc_stream_dispose (GObject *object)
{
  RtccStream *self = RTCC_STREAM (object);

  rtcc_stream_stop (self);
  G_OBJECT_CLASS (rtcc_stream_parent_class)->dispose (object);
}

static void
rtcc_stream_finalize (GObject *object)
{
  RtccStream *self = RTCC_STREAM (object);

  if (self->path_destroy != NULL)
    self->path_destroy (self->path_data);
  g_clear_object (&self->client);
  g_free (self->problem);

  G_OBJECT_CLASS (rtcc_stream_parent_class)->finalize (object);
}

static void
rtcc_stream_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  RtccStream *self = RTCC_STREAM (object);

  switch (prop_id)
    {
    case PROP_CONNECTED:
      g_value_set_boolean (value, rtcc_stream_get_connected (self));
      break;
    case PROP_PROBLEM:
      g_value_set_string (value, self->problem);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rtcc_stream_class_init (RtccStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rtcc_stream_dispose;
  object_class->finalize = rtcc_stream_finalize;
  object_class->get_property = rtcc_stream_get_property;

  properties[PROP_CONNECTED] =
    g_param_spec_boolean ("connected", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_PROBLEM] =
    g_param_spec_string ("problem", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RtccStream::message:
   * @text: a text message as the vendor sent it
   */
  signals[MESSAGE] =
    g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BYTES);

  /**
   * RtccStream::opened:
   *
   * A connection is up; protocols with a handshake (Milestone) send it now.
   */
  signals[OPENED] =
    g_signal_new ("opened", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
rtcc_stream_init (RtccStream *self)
{
  self->idle_timeout_s = 35;
  self->first_backoff_ms = 500;
  self->max_backoff_ms = 30000;
  self->backoff_ms = self->first_backoff_ms;
}

/**
 * rtcc_stream_new:
 * @client: the vendor's service client (session, base URL, sign-in)
 * @path_func: gives the path of each connection
 *
 * Returns: (transfer full): a stopped stream
 */
RtccStream *
rtcc_stream_new (RtccServiceClient  *client,
                 RtccStreamPathFunc  path_func,
                 gpointer            user_data,
                 GDestroyNotify      destroy)
{
  RtccStream *self = g_object_new (RTCC_TYPE_STREAM, NULL);

  self->client = g_object_ref (client);
  self->path_func = path_func;
  self->path_data = user_data;
  self->path_destroy = destroy;
  return self;
}

/**
 * rtcc_stream_set_idle_timeout:
 * @seconds: silence after which the connection counts as dead; 0 never
 */
void
rtcc_stream_set_idle_timeout (RtccStream *self,
                              guint       seconds)
{
  self->idle_timeout_s = seconds;
}

void
rtcc_stream_set_backoff (RtccStream *self,
                         guint       first_ms,
                         guint       max_ms)
{
  self->first_backoff_ms = MAX (first_ms, 1);
  self->max_backoff_ms = MAX (max_ms, self->first_backoff_ms);
  self->backoff_ms = self->first_backoff_ms;
}

void
rtcc_stream_start (RtccStream *self)
{
  if (self->running)
    return;
  self->running = TRUE;
  self->cancellable = g_cancellable_new ();
  self->backoff_ms = self->first_backoff_ms;
  connect_now (self);
}

void
rtcc_stream_stop (RtccStream *self)
{
  if (!self->running)
    return;
  self->running = FALSE;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->reconnect_id, g_source_remove);
  drop_connection (self);
  set_problem (self, NULL);
}

/**
 * rtcc_stream_send_text:
 *
 * Returns: %FALSE when not connected
 */
gboolean
rtcc_stream_send_text (RtccStream *self,
                       const char *text)
{
  if (!rtcc_stream_get_connected (self))
    return FALSE;
  soup_websocket_connection_send_text (self->connection, text);
  return TRUE;
}

gboolean
rtcc_stream_get_connected (RtccStream *self)
{
  return self->connection != NULL &&
         soup_websocket_connection_get_state (self->connection) == SOUP_WEBSOCKET_STATE_OPEN;
}

/**
 * rtcc_stream_get_problem:
 *
 * Returns: (nullable): why the stream is down, while it is
 */
const char *
rtcc_stream_get_problem (RtccStream *self)
{
  return self->problem;
}

/**
 * rtcc_stream_get_connections:
 *
 * Returns: how many connections were opened, the first one included
 */
guint
rtcc_stream_get_connections (RtccStream *self)
{
  return self->connections;
}
