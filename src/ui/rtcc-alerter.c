/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccAlerter"

#include "config.h"

#include <glib/gi18n.h>
#include <gtk/gtk.h>

#include "rtcc-alerter.h"
#include "rtcc-seen-set.h"
#include "rtcc-ui-format.h"

/* How many event ids are remembered to tell a vendor update from a new
 * alert; far more than arrive in the few minutes an alert stays new. */
#define MAX_SEEN 8192

#define ALERT_SOUND_RESOURCE "/com/g3ti/Rtcc/sounds/alert.wav"

/**
 * RtccAlerter:
 *
 * Turns a new gunshot or plate hit into a desktop notification and an
 * alert sound, so the analyst hears about it even while looking
 * elsewhere. Old events caught up at start-up and vendor updates of an
 * alert already shown stay quiet.
 */
struct _RtccAlerter
{
  GObject        parent_instance;

  GApplication  *application;  /* weak: the application owns the alerter */
  GSettings     *settings;
  RtccSeenSet   *seen;         /* event ids already alerted on */
  GtkMediaStream *sound;
  gint64         last_sound_us;
  guint          sound_interval_ms;
  guint          n_alerts;
  guint          n_sounds;
};

G_DEFINE_FINAL_TYPE (RtccAlerter, rtcc_alerter, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SOUND_INTERVAL_MS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  ALERT,
  SOUND,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
setting_enabled (RtccAlerter *self,
                 const char  *key)
{
  g_autoptr(GSettingsSchema) schema = NULL;

  if (self->settings == NULL)
    return TRUE;
  g_object_get (self->settings, "settings-schema", &schema, NULL);
  if (!g_settings_schema_has_key (schema, key))
    return TRUE;
  return g_settings_get_boolean (self->settings, key);
}

static gboolean
is_alert_type (RtccEvent *event)
{
  RtccEventType type = rtcc_event_get_event_type (event);

  return type == RTCC_EVENT_TYPE_GUNSHOT || type == RTCC_EVENT_TYPE_LPR_HIT;
}

static gboolean
is_recent (RtccEvent *event)
{
  GDateTime *occurred = rtcc_event_get_occurred_at (event);
  GDateTime *received = rtcc_event_get_received_at (event);
  g_autoptr(GDateTime) now = NULL;

  /* A vendor that gives no time is taken at its word that this is live. */
  if (occurred == NULL)
    return TRUE;
  if (received == NULL)
    received = now = g_date_time_new_now_utc ();
  return g_date_time_difference (received, occurred) < RTCC_ALERTER_MAX_AGE_SECONDS * G_TIME_SPAN_SECOND;
}

static gboolean
remember (RtccAlerter *self,
          const char  *id)
{
  return rtcc_seen_set_add (self->seen, id, 1);
}

static gboolean
window_has_focus (RtccAlerter *self)
{
  GtkWindow *window;

  if (!GTK_IS_APPLICATION (self->application))
    return FALSE;
  window = gtk_application_get_active_window (GTK_APPLICATION (self->application));
  return window != NULL && gtk_window_is_active (window);
}

static void
on_sound_error (GtkMediaStream *stream,
                GParamSpec     *pspec,
                RtccAlerter    *self)
{
  const GError *error = gtk_media_stream_get_error (stream);

  /* A workstation without audio output still gets the notification. */
  if (error != NULL)
    g_debug ("The alert sound cannot play: %s", error->message);
}

static void
play_sound (RtccAlerter *self)
{
  gint64 now = g_get_monotonic_time ();

  if (self->last_sound_us != 0 &&
      now - self->last_sound_us < (gint64) self->sound_interval_ms * 1000)
    return;
  self->last_sound_us = now;
  self->n_sounds++;

  if (self->sound == NULL)
    {
      self->sound = gtk_media_file_new_for_resource (ALERT_SOUND_RESOURCE);
      g_signal_connect (self->sound, "notify::error", G_CALLBACK (on_sound_error), self);
    }
  if (gtk_media_stream_get_error (self->sound) == NULL)
    {
      /* A burst of alerts restarts the tone rather than queueing them. */
      if (gtk_media_stream_is_seekable (self->sound))
        gtk_media_stream_seek (self->sound, 0);
      gtk_media_stream_play (self->sound);
    }
  g_signal_emit (self, signals[SOUND], 0);
}

/**
 * rtcc_alerter_build_notification:
 * @event: a gunshot or plate hit
 *
 * The notification names what happened and where, and its "Show"
 * button (and a click on it) opens the event with `app.show-event`.
 *
 * Returns: (transfer full): the notification
 */
GNotification *
rtcc_alerter_build_notification (RtccEvent *event)
{
  RtccEventType type;
  const char *title;
  const char *address;
  g_autoptr(GNotification) notification = NULL;
  g_autoptr(GIcon) icon = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *when = NULL;
  g_autofree char *body = NULL;
  GVariant *target;

  g_return_val_if_fail (RTCC_IS_EVENT (event), NULL);

  type = rtcc_event_get_event_type (event);
  title = rtcc_event_get_title (event);
  if (title == NULL || *title == '\0')
    title = rtcc_ui_event_type_label (type);
  address = rtcc_event_get_address (event);
  if (address == NULL || *address == '\0')
    address = _("No address given");
  if (rtcc_event_get_occurred_at (event) != NULL)
    {
      local = g_date_time_to_local (rtcc_event_get_occurred_at (event));
      when = g_date_time_format (local, "%H:%M:%S");
      body = g_strdup_printf (_("%s at %s"), address, when);
    }
  else
    body = g_strdup (address);

  notification = g_notification_new (title);
  g_notification_set_body (notification, body);
  icon = g_themed_icon_new (rtcc_ui_event_type_icon_name (type));
  g_notification_set_icon (notification, icon);
  g_notification_set_priority (notification,
                               rtcc_event_get_priority (event) == RTCC_PRIORITY_CRITICAL
                                 ? G_NOTIFICATION_PRIORITY_URGENT
                                 : G_NOTIFICATION_PRIORITY_HIGH);
  target = g_variant_new_string (rtcc_event_get_id (event));
  g_notification_set_default_action_and_target_value (notification, "app.show-event", target);
  target = g_variant_new_string (rtcc_event_get_id (event));
  g_notification_add_button_with_target_value (notification, _("Show"), "app.show-event", target);
  return g_steal_pointer (&notification);
}

/**
 * rtcc_alerter_is_new_alert:
 * @event: an event from an integration
 *
 * Whether @event is a gunshot or plate hit that the analyst has not been
 * told about: its first version, seen for the first time, and received
 * within %RTCC_ALERTER_MAX_AGE_SECONDS of when it happened. Does not
 * remember @event.
 */
gboolean
rtcc_alerter_is_new_alert (RtccAlerter *self,
                           RtccEvent   *event)
{
  g_return_val_if_fail (RTCC_IS_ALERTER (self), FALSE);
  g_return_val_if_fail (RTCC_IS_EVENT (event), FALSE);

  return is_alert_type (event) &&
         rtcc_event_get_version (event) <= 1 &&
         !rtcc_seen_set_contains (self->seen, rtcc_event_get_id (event)) &&
         is_recent (event);
}

/**
 * rtcc_alerter_handle_event:
 * @event: an event from an integration, in arrival order
 *
 * Notifies and plays the alert sound if @event is a new alert, as the
 * `desktop-notifications` and `alert-sound` settings allow; the sound
 * plays at most once per sound interval.
 *
 * Returns: %TRUE if @event was a new alert
 */
gboolean
rtcc_alerter_handle_event (RtccAlerter *self,
                           RtccEvent   *event)
{
  g_autoptr(GNotification) notification = NULL;
  gboolean is_new;

  g_return_val_if_fail (RTCC_IS_ALERTER (self), FALSE);
  g_return_val_if_fail (RTCC_IS_EVENT (event), FALSE);

  if (!is_alert_type (event))
    return FALSE;
  is_new = rtcc_alerter_is_new_alert (self, event);
  /* Old alerts are remembered too, so that their updates stay quiet. */
  remember (self, rtcc_event_get_id (event));
  if (!is_new)
    return FALSE;

  self->n_alerts++;

  /* In the focused window the feed row and the pulsing marker already
   * say it; the desktop notification is for an analyst looking away. */
  if (setting_enabled (self, "desktop-notifications") && !window_has_focus (self))
    {
      notification = rtcc_alerter_build_notification (event);
      if (self->application != NULL && g_application_get_is_registered (self->application) &&
          !g_application_get_is_remote (self->application))
        g_application_send_notification (self->application, rtcc_event_get_id (event), notification);
    }
  if (setting_enabled (self, "alert-sound"))
    play_sound (self);

  g_signal_emit (self, signals[ALERT], 0, event, notification);
  return TRUE;
}

static void
rtcc_alerter_dispose (GObject *object)
{
  RtccAlerter *self = RTCC_ALERTER (object);

  if (self->sound != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->sound, self);
      gtk_media_stream_pause (self->sound);
      g_clear_object (&self->sound);
    }
  g_clear_weak_pointer (&self->application);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (rtcc_alerter_parent_class)->dispose (object);
}

static void
rtcc_alerter_finalize (GObject *object)
{
  RtccAlerter *self = RTCC_ALERTER (object);

  g_clear_pointer (&self->seen, rtcc_seen_set_free);

  G_OBJECT_CLASS (rtcc_alerter_parent_class)->finalize (object);
}

static void
rtcc_alerter_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  RtccAlerter *self = RTCC_ALERTER (object);

  switch (prop_id)
    {
    case PROP_SOUND_INTERVAL_MS:
      g_value_set_uint (value, self->sound_interval_ms);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rtcc_alerter_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  RtccAlerter *self = RTCC_ALERTER (object);

  switch (prop_id)
    {
    case PROP_SOUND_INTERVAL_MS:
      rtcc_alerter_set_sound_interval_ms (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rtcc_alerter_class_init (RtccAlerterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rtcc_alerter_dispose;
  object_class->finalize = rtcc_alerter_finalize;
  object_class->get_property = rtcc_alerter_get_property;
  object_class->set_property = rtcc_alerter_set_property;

  properties[PROP_SOUND_INTERVAL_MS] =
    g_param_spec_uint ("sound-interval-ms", NULL, NULL,
                       0, 600000, RTCC_ALERTER_SOUND_INTERVAL_MS,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RtccAlerter::alert:
   * @event: the new alert
   * @notification: (nullable): the notification sent, or %NULL when
   *   notifications are off or the window has the focus
   */
  signals[ALERT] =
    g_signal_new ("alert", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, RTCC_TYPE_EVENT, G_TYPE_NOTIFICATION);

  /**
   * RtccAlerter::sound:
   *
   * The alert sound was started.
   */
  signals[SOUND] =
    g_signal_new ("sound", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
rtcc_alerter_init (RtccAlerter *self)
{
  self->seen = rtcc_seen_set_new (MAX_SEEN);
  self->sound_interval_ms = RTCC_ALERTER_SOUND_INTERVAL_MS;
}

/**
 * rtcc_alerter_new:
 * @application: (nullable): where notifications are sent from
 * @settings: (nullable): the app's settings, for `alert-sound` and
 *   `desktop-notifications`; %NULL when the schema is not installed
 *
 * Returns: (transfer full): a new alerter
 */
RtccAlerter *
rtcc_alerter_new (GApplication *application,
                  GSettings    *settings)
{
  RtccAlerter *self;

  g_return_val_if_fail (application == NULL || G_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  self = g_object_new (RTCC_TYPE_ALERTER, NULL);
  g_set_weak_pointer (&self->application, application);
  g_set_object (&self->settings, settings);
  return self;
}

guint
rtcc_alerter_get_sound_interval_ms (RtccAlerter *self)
{
  g_return_val_if_fail (RTCC_IS_ALERTER (self), 0);
  return self->sound_interval_ms;
}

/**
 * rtcc_alerter_set_sound_interval_ms:
 * @interval_ms: the shortest time between two alert sounds
 */
void
rtcc_alerter_set_sound_interval_ms (RtccAlerter *self,
                                    guint        interval_ms)
{
  g_return_if_fail (RTCC_IS_ALERTER (self));

  if (self->sound_interval_ms == interval_ms)
    return;
  self->sound_interval_ms = interval_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOUND_INTERVAL_MS]);
}

/**
 * rtcc_alerter_get_n_alerts:
 *
 * Returns: how many new alerts were raised
 */
guint
rtcc_alerter_get_n_alerts (RtccAlerter *self)
{
  g_return_val_if_fail (RTCC_IS_ALERTER (self), 0);
  return self->n_alerts;
}

/**
 * rtcc_alerter_get_n_sounds:
 *
 * Returns: how many times the alert sound was started
 */
guint
rtcc_alerter_get_n_sounds (RtccAlerter *self)
{
  g_return_val_if_fail (RTCC_IS_ALERTER (self), 0);
  return self->n_sounds;
}
