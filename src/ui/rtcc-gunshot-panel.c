/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccGunshotPanel"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "rtcc-application.h"
#include "rtcc-audit-record.h"
#include "rtcc-gunshot-panel.h"
#include "rtcc-service-client.h"
#include "rtcc-time.h"
#include "rtcc-window.h"

/* Longer notes are refused rather than cut, so nothing is lost silently. */
#define MAX_NOTES_CHARS 4000

/**
 * RtccGunshotPanel:
 *
 * The gunshot part of the detail pane: rounds, confidence, address, how
 * long ago the sensors heard it (counting up every second), the audio
 * clip, and the acknowledgment with notes that is sent to ShotSpotter,
 * audited, kept in the history and stops the marker's pulse.
 *
 * The integration, store, audit log and map layer come from the
 * application and window the panel lives in unless set explicitly.
 */
struct _RtccGunshotPanel
{
  GtkWidget                   parent_instance;

  RtccEvent                  *event;
  RtccShotspotterIntegration *integration;
  RtccEventStore             *store;
  RtccAuditLog               *audit;
  RtccEventLayer             *layer;
  char                       *operator_id;
  GCancellable               *cancellable;   /* work for the shown event */
  GtkMediaStream             *audio;
  RtccAcknowledgment         *ack;
  char                       *age_text;
  guint                       age_id;
  gboolean                    busy;
  gboolean                    acked_elsewhere; /* a 409 the history cannot explain */

  GtkWidget                  *box;
  GtkLabel                   *age_label;
  GtkLabel                   *rounds_label;
  GtkLabel                   *confidence_label;
  GtkLabel                   *address_label;
  AdwActionRow               *audio_row;
  AdwActionRow               *ack_row;
  GtkMediaControls           *media_controls;
  GtkWidget                  *audio_button;
};

G_DEFINE_FINAL_TYPE (RtccGunshotPanel, rtcc_gunshot_panel, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_EVENT,
  PROP_AGE_TEXT,
  PROP_ACK_TEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* What the panel works with ----------------------------------------------- */

static RtccApplication *
find_application (RtccGunshotPanel *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkApplication *application = GTK_IS_WINDOW (root) ? gtk_window_get_application (GTK_WINDOW (root)) : NULL;

  return RTCC_IS_APPLICATION (application) ? RTCC_APPLICATION (application) : NULL;
}

static RtccShotspotterIntegration *
get_integration (RtccGunshotPanel *self)
{
  RtccApplication *application;
  RtccRegistry *registry;
  RtccIntegration *integration;

  if (self->integration != NULL)
    return self->integration;
  application = find_application (self);
  registry = application != NULL ? rtcc_application_get_registry (application) : NULL;
  integration = registry != NULL ? rtcc_registry_get_for_source (registry, RTCC_SOURCE_SHOTSPOTTER) : NULL;
  return RTCC_IS_SHOTSPOTTER_INTEGRATION (integration) ? RTCC_SHOTSPOTTER_INTEGRATION (integration) : NULL;
}

static RtccEventStore *
get_store (RtccGunshotPanel *self)
{
  RtccApplication *application;

  if (self->store != NULL)
    return self->store;
  application = find_application (self);
  return application != NULL ? rtcc_application_get_store (application) : NULL;
}

static RtccAuditLog *
get_audit (RtccGunshotPanel *self)
{
  RtccApplication *application;

  if (self->audit != NULL)
    return self->audit;
  application = find_application (self);
  return application != NULL ? rtcc_application_get_audit_log (application) : NULL;
}

static RtccEventLayer *
get_layer (RtccGunshotPanel *self)
{
  GtkRoot *root;

  if (self->layer != NULL)
    return self->layer;
  root = gtk_widget_get_root (GTK_WIDGET (self));
  if (!RTCC_IS_WINDOW (root))
    return NULL;
  return rtcc_map_view_get_event_layer (rtcc_window_get_map_view (RTCC_WINDOW (root)));
}

static const char *
get_operator_id (RtccGunshotPanel *self)
{
  RtccApplication *application;
  RtccConfig *config;
  const char *id = NULL;

  if (self->operator_id != NULL)
    return self->operator_id;
  application = find_application (self);
  config = application != NULL ? rtcc_application_get_config (application) : NULL;
  if (config != NULL)
    id = rtcc_config_get (config, "NESS_OPERATOR_ID");
  /* The same identity the CLI records for its acknowledgments. */
  return id != NULL && *id != '\0' ? id : g_get_user_name ();
}

static const char *
alert_id (RtccEvent *event)
{
  const char *id = rtcc_event_get_attribute_string (event, "alert_id");

  return id != NULL && *id != '\0' ? id : rtcc_event_get_vendor_id (event);
}

/* Age ---------------------------------------------------------------------- */

/**
 * rtcc_gunshot_panel_format_age:
 * @age: time since the detection
 *
 * Returns: (transfer full): "detected 42 s ago" and the like
 */
char *
rtcc_gunshot_panel_format_age (GTimeSpan age)
{
  /* Plain unsigned formats, so translators see whole strings. */
  guint64 s = (guint64) MAX (age, 0) / G_TIME_SPAN_SECOND;

  if (s < 60)
    return g_strdup_printf (_("detected %u s ago"), (guint) s);
  if (s < 3600)
    return g_strdup_printf (_("detected %u min %02u s ago"), (guint) (s / 60), (guint) (s % 60));
  if (s < 48 * 3600)
    return g_strdup_printf (_("detected %u h %02u min ago"), (guint) (s / 3600), (guint) ((s % 3600) / 60));
  return g_strdup_printf (_("detected %u days ago"), (guint) MIN (s / 86400, G_MAXUINT));
}

/**
 * rtcc_gunshot_panel_refresh_age:
 *
 * Updates the age readout from the clock; the panel calls it every second.
 */
void
rtcc_gunshot_panel_refresh_age (RtccGunshotPanel *self)
{
  GDateTime *occurred;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *text = NULL;

  g_return_if_fail (RTCC_IS_GUNSHOT_PANEL (self));

  occurred = self->event != NULL ? rtcc_event_get_occurred_at (self->event) : NULL;
  if (occurred != NULL)
    {
      now = g_date_time_new_now_utc ();
      text = rtcc_gunshot_panel_format_age (g_date_time_difference (now, occurred));
    }
  else if (self->event != NULL)
    text = g_strdup (_("Detection time not given"));

  if (g_strcmp0 (text, self->age_text) == 0)
    return;
  g_free (self->age_text);
  self->age_text = g_steal_pointer (&text);
  gtk_label_set_label (self->age_label, self->age_text != NULL ? self->age_text : "");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AGE_TEXT]);
}

static gboolean
age_tick (gpointer user_data)
{
  rtcc_gunshot_panel_refresh_age (user_data);
  return G_SOURCE_CONTINUE;
}

/* Acknowledgment state ------------------------------------------------------ */

static char *
describe_ack (const RtccAcknowledgment *ack)
{
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *when = NULL;

  if (ack->acknowledged_at == NULL)
    return g_strdup_printf (_("Acknowledged by %s"), ack->operator_id);
  local = g_date_time_to_local (ack->acknowledged_at);
  when = g_date_time_format (local, "%Y-%m-%d %H:%M:%S");
  return g_strdup_printf (_("Acknowledged by %s at %s"), ack->operator_id, when);
}

static void
set_ack_text (RtccGunshotPanel *self,
              const char       *text)
{
  adw_action_row_set_subtitle (self->ack_row, text != NULL ? text : "");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACK_TEXT]);
}

static void
update_actions (RtccGunshotPanel *self)
{
  gboolean have = self->event != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "gunshot.acknowledge",
                                 have && self->ack == NULL && !self->acked_elsewhere && !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "gunshot.load-audio",
                                 have && self->audio == NULL);
}

static void
show_ack (RtccGunshotPanel         *self,
          const RtccAcknowledgment *ack)
{
  g_autofree char *text = NULL;
  RtccEventLayer *layer;

  g_clear_pointer (&self->ack, rtcc_acknowledgment_free);
  if (ack != NULL)
    {
      self->ack = rtcc_acknowledgment_copy (ack);
      text = describe_ack (ack);
      layer = get_layer (self);
      if (layer != NULL && self->event != NULL)
        rtcc_event_layer_set_acknowledged (layer, rtcc_event_get_id (self->event), TRUE);
    }
  set_ack_text (self, text != NULL ? text : _("Not acknowledged"));
  update_actions (self);
}

static void
lookup_ack_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(RtccGunshotPanel) self = user_data;
  g_autoptr(RtccAcknowledgment) ack = NULL;
  g_autoptr(GError) error = NULL;

  if (!rtcc_event_store_get_acknowledgment_finish (RTCC_EVENT_STORE (object), result, &ack, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Acknowledgment lookup failed: %s", error->message);
      return;
    }
  if (ack != NULL)
    show_ack (self, ack);
}

/* Showing an event ---------------------------------------------------------- */

static void
clear_audio (RtccGunshotPanel *self)
{
  if (self->audio != NULL)
    gtk_media_stream_pause (self->audio);
  gtk_media_controls_set_media_stream (self->media_controls, NULL);
  g_clear_object (&self->audio);
  gtk_widget_set_visible (GTK_WIDGET (self->media_controls), FALSE);
  gtk_widget_set_visible (self->audio_button, TRUE);
  adw_action_row_set_subtitle (self->audio_row, "");
}

static void
fill (RtccGunshotPanel *self)
{
  RtccEvent *event = self->event;
  g_autofree char *rounds = NULL;
  g_autofree char *confidence = NULL;
  gint64 n = 0;
  double c = 0;
  RtccEventStore *store;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->busy = FALSE;
  self->acked_elsewhere = FALSE;
  clear_audio (self);
  g_clear_pointer (&self->ack, rtcc_acknowledgment_free);
  g_clear_handle_id (&self->age_id, g_source_remove);

  if (event != NULL && rtcc_event_get_attribute_int (event, "round_count", &n))
    rounds = g_strdup_printf ("%" G_GINT64_FORMAT, n);
  if (event != NULL && rtcc_event_get_attribute_double (event, "confidence", &c))
    confidence = g_strdup_printf ("%.0f %%", CLAMP (c, 0.0, 1.0) * 100.0);
  gtk_label_set_label (self->rounds_label, rounds != NULL ? rounds : _("Unknown"));
  gtk_label_set_label (self->confidence_label, confidence != NULL ? confidence : _("Unknown"));
  gtk_label_set_label (self->address_label,
                       event != NULL && rtcc_event_get_address (event) != NULL
                         ? rtcc_event_get_address (event) : _("No address given"));

  rtcc_gunshot_panel_refresh_age (self);
  if (event != NULL)
    self->age_id = g_timeout_add (1000, age_tick, self);

  set_ack_text (self, event != NULL ? _("Not acknowledged") : NULL);
  store = event != NULL ? get_store (self) : NULL;
  if (store != NULL)
    rtcc_event_store_get_acknowledgment_async (store, rtcc_event_get_id (event), self->cancellable,
                                               lookup_ack_cb, g_object_ref (self));
  update_actions (self);
}

/* Audio --------------------------------------------------------------------- */

static void
audio_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RtccGunshotPanel *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GInputStream) input = NULL;

  bytes = rtcc_shotspotter_integration_get_audio_finish (RTCC_SHOTSPOTTER_INTEGRATION (object), result, &error);
  /* The clip belongs to the event it was fetched for, not to whatever the
   * panel shows now. */
  if (self->event != g_task_get_task_data (task))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               _("Another event was selected before the recording arrived."));
      return;
    }
  if (bytes == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        adw_action_row_set_subtitle (self->audio_row, error->message);
      update_actions (self);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (g_bytes_get_size (bytes) == 0)
    {
      adw_action_row_set_subtitle (self->audio_row, _("ShotSpotter sent an empty recording."));
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               _("ShotSpotter sent an empty recording."));
      return;
    }

  /* Played from memory: the clip is evidence and is not left in a file. */
  input = g_memory_input_stream_new_from_bytes (bytes);
  clear_audio (self);
  self->audio = gtk_media_file_new_for_input_stream (input);
  gtk_media_controls_set_media_stream (self->media_controls, self->audio);
  gtk_widget_set_visible (GTK_WIDGET (self->media_controls), TRUE);
  gtk_widget_set_visible (self->audio_button, FALSE);
  {
    g_autofree char *size = g_format_size (g_bytes_get_size (bytes));
    g_autofree char *subtitle = g_strdup_printf (_("Sensor recording, %s"), size);

    adw_action_row_set_subtitle (self->audio_row, subtitle);
  }
  update_actions (self);
  g_task_return_boolean (task, TRUE);
}

/**
 * rtcc_gunshot_panel_load_audio_async:
 *
 * Fetches the alert's audio clip and puts it behind the media controls.
 */
void
rtcc_gunshot_panel_load_audio_async (RtccGunshotPanel    *self,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  RtccShotspotterIntegration *integration;

  g_return_if_fail (RTCC_IS_GUNSHOT_PANEL (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rtcc_gunshot_panel_load_audio_async);

  integration = get_integration (self);
  if (self->event == NULL || integration == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                               _("ShotSpotter is not configured, so the audio cannot be fetched."));
      return;
    }
  g_task_set_task_data (task, self->event, NULL);
  adw_action_row_set_subtitle (self->audio_row, _("Fetching the recording…"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "gunshot.load-audio", FALSE);
  rtcc_shotspotter_integration_get_audio_async (integration, alert_id (self->event),
                                                cancellable != NULL ? cancellable : self->cancellable,
                                                audio_cb, g_steal_pointer (&task));
}

gboolean
rtcc_gunshot_panel_load_audio_finish (RtccGunshotPanel  *self,
                                      GAsyncResult      *result,
                                      GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rtcc_gunshot_panel_load_audio_async, FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
load_audio_done (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* The row's subtitle already says what went wrong. */
  if (!rtcc_gunshot_panel_load_audio_finish (RTCC_GUNSHOT_PANEL (object), result, &error))
    g_debug ("Audio not loaded: %s", error->message);
}

static void
load_audio_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  rtcc_gunshot_panel_load_audio_async (RTCC_GUNSHOT_PANEL (widget), NULL, load_audio_done, NULL);
}

/* Acknowledging ------------------------------------------------------------- */

typedef struct
{
  RtccEvent          *event;
  char               *notes;
  char               *operator_id;
  RtccAuditLog       *audit;
  RtccEventStore     *store;
  GDateTime          *at;
  GError             *vendor_error;
  RtccAcknowledgment *ack;
} AckData;

static void
ack_data_free (AckData *data)
{
  g_clear_object (&data->event);
  g_free (data->notes);
  g_free (data->operator_id);
  g_clear_object (&data->audit);
  g_clear_object (&data->store);
  g_clear_pointer (&data->at, g_date_time_unref);
  g_clear_error (&data->vendor_error);
  g_clear_pointer (&data->ack, rtcc_acknowledgment_free);
  g_free (data);
}

static void
ack_finish_task (GTask *task)
{
  RtccGunshotPanel *self = g_task_get_source_object (task);
  AckData *data = g_task_get_task_data (task);

  self->busy = FALSE;
  /* The panel may show another event by now; only its own result shows. */
  if (self->event == data->event)
    {
      if (data->ack != NULL)
        show_ack (self, data->ack);
      else if (g_error_matches (data->vendor_error, RTCC_HTTP_ERROR, RTCC_HTTP_ERROR_CONFLICT))
        {
          RtccEventLayer *layer = get_layer (self);

          /* Someone acknowledged it from another workstation or the vendor's
           * console; ShotSpotter's word is enough to stop the pulse. */
          self->acked_elsewhere = TRUE;
          if (layer != NULL)
            rtcc_event_layer_set_acknowledged (layer, rtcc_event_get_id (data->event), TRUE);
          set_ack_text (self, _("Already acknowledged in ShotSpotter by another user"));
        }
      else if (data->vendor_error != NULL)
        set_ack_text (self, data->vendor_error->message);
      update_actions (self);
    }
  if (data->vendor_error != NULL)
    g_task_return_error (task, g_steal_pointer (&data->vendor_error));
  else
    g_task_return_pointer (task, rtcc_acknowledgment_copy (data->ack),
                           (GDestroyNotify) rtcc_acknowledgment_free);
}

static void
store_lookup_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AckData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  RtccAcknowledgment *ack = NULL;

  if (rtcc_event_store_get_acknowledgment_finish (RTCC_EVENT_STORE (object), result, &ack, &error))
    data->ack = ack;
  else
    g_debug ("Acknowledgment lookup failed: %s", error->message);
  ack_finish_task (task);
}

static void
store_ack_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GCancellable *cancellable = g_task_get_cancellable (G_TASK (user_data));
  g_autoptr(GTask) task = user_data;
  AckData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  data->ack = rtcc_event_store_acknowledge_finish (RTCC_EVENT_STORE (object), result, &error);
  if (data->ack == NULL && g_error_matches (error, RTCC_STORE_ERROR, RTCC_STORE_ERROR_ALREADY_ACKNOWLEDGED))
    {
      rtcc_event_store_get_acknowledgment_async (data->store, rtcc_event_get_id (data->event),
                                                 cancellable,
                                                 store_lookup_cb, g_steal_pointer (&task));
      return;
    }
  if (data->ack == NULL)
    {
      /* ShotSpotter holds the acknowledgment; the history only mirrors it. */
      g_warning ("The acknowledgment could not be saved to the history: %s", error->message);
      data->ack = rtcc_acknowledgment_new (rtcc_event_get_id (data->event), data->operator_id,
                                           data->notes, data->at);
    }
  ack_finish_task (task);
}

static void
audit_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  GCancellable *cancellable = g_task_get_cancellable (G_TASK (user_data));
  g_autoptr(GTask) task = user_data;
  AckData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  gboolean conflict;

  if (rtcc_audit_log_append_finish (RTCC_AUDIT_LOG (object), result, &error) <= 0)
    {
      RtccGunshotPanel *self = g_task_get_source_object (task);

      self->busy = FALSE;
      update_actions (self);
      g_task_return_new_error (task, error->domain, error->code,
                               _("The acknowledgment was sent but could not be audited: %s"),
                               error->message);
      return;
    }

  conflict = g_error_matches (data->vendor_error, RTCC_HTTP_ERROR, RTCC_HTTP_ERROR_CONFLICT);
  if (data->store == NULL || (data->vendor_error != NULL && !conflict))
    {
      if (data->vendor_error == NULL)
        data->ack = rtcc_acknowledgment_new (rtcc_event_get_id (data->event), data->operator_id,
                                             data->notes, data->at);
      ack_finish_task (task);
      return;
    }
  /* On a 409 the history may know who was first. */
  if (conflict)
    rtcc_event_store_get_acknowledgment_async (data->store, rtcc_event_get_id (data->event),
                                               cancellable,
                                               store_lookup_cb, g_steal_pointer (&task));
  else
    rtcc_event_store_acknowledge_async (data->store, rtcc_event_get_id (data->event),
                                        data->operator_id, data->notes,
                                        cancellable,
                                        store_ack_cb, g_steal_pointer (&task));
}

static void
vendor_ack_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GCancellable *cancellable = g_task_get_cancellable (G_TASK (user_data));
  g_autoptr(GTask) task = user_data;
  AckData *data = g_task_get_task_data (task);
  g_autoptr(RtccAuditRecord) record = NULL;
  g_autofree char *terms = NULL;

  data->at = rtcc_shotspotter_integration_acknowledge_finish (RTCC_SHOTSPOTTER_INTEGRATION (object),
                                                              result, &data->vendor_error);

  /* Written whatever the outcome, before the result is shown. */
  terms = g_strdup_printf ("alert=%s notes=%s", alert_id (data->event), data->notes);
  record = rtcc_audit_record_new (data->operator_id, RTCC_AUDIT_ACTION_ACKNOWLEDGE);
  rtcc_audit_record_set_integration (record, "shotspotter");
  rtcc_audit_record_set_query_terms (record, terms);
  rtcc_audit_record_set_outcome (record, data->at != NULL ? RTCC_AUDIT_OUTCOME_SUCCESS
                                                          : RTCC_AUDIT_OUTCOME_FAILURE);
  if (data->vendor_error != NULL)
    rtcc_audit_record_set_outcome_detail (record, data->vendor_error->message);
  rtcc_audit_log_append_async (data->audit, record, cancellable,
                               audit_cb, g_steal_pointer (&task));
}

/**
 * rtcc_gunshot_panel_acknowledge_async:
 * @notes: the analyst's notes; required
 *
 * Acknowledges the shown alert in ShotSpotter, writes the audit record,
 * keeps the acknowledgment in the history and stops the marker's pulse.
 * An alert someone else acknowledged first fails with
 * %RTCC_HTTP_ERROR_CONFLICT and the panel shows who, when the history
 * knows it.
 */
void
rtcc_gunshot_panel_acknowledge_async (RtccGunshotPanel    *self,
                                      const char          *notes,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *trimmed = NULL;
  RtccShotspotterIntegration *integration;
  RtccAuditLog *audit;
  AckData *data;

  g_return_if_fail (RTCC_IS_GUNSHOT_PANEL (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rtcc_gunshot_panel_acknowledge_async);

  trimmed = g_strstrip (g_strdup (notes != NULL ? notes : ""));
  if (self->event == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("Select a gunshot alert to acknowledge."));
      return;
    }
  if (*trimmed == '\0' || !g_utf8_validate (trimmed, -1, NULL))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("Write notes on what was done before acknowledging."));
      return;
    }
  if (g_utf8_strlen (trimmed, -1) > MAX_NOTES_CHARS)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("The notes are longer than %d characters. Shorten them."),
                               MAX_NOTES_CHARS);
      return;
    }
  integration = get_integration (self);
  if (integration == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                               _("ShotSpotter is not configured. Set SHOTSPOTTER_API_URL in Preferences."));
      return;
    }
  audit = get_audit (self);
  if (audit == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                               _("The audit log is not available, so the acknowledgment was not sent."));
      return;
    }

  data = g_new0 (AckData, 1);
  data->event = g_object_ref (self->event);
  data->notes = g_steal_pointer (&trimmed);
  data->operator_id = g_strdup (get_operator_id (self));
  data->audit = g_object_ref (audit);
  data->store = get_store (self) != NULL ? g_object_ref (get_store (self)) : NULL;
  g_task_set_task_data (task, data, (GDestroyNotify) ack_data_free);

  self->busy = TRUE;
  update_actions (self);
  set_ack_text (self, _("Acknowledging…"));
  rtcc_shotspotter_integration_acknowledge_async (integration, alert_id (data->event), data->notes,
                                                  data->operator_id, cancellable,
                                                  vendor_ack_cb, g_steal_pointer (&task));
}

/**
 * rtcc_gunshot_panel_acknowledge_finish:
 *
 * Returns: (transfer full): the acknowledgment as recorded
 */
RtccAcknowledgment *
rtcc_gunshot_panel_acknowledge_finish (RtccGunshotPanel  *self,
                                       GAsyncResult      *result,
                                       GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rtcc_gunshot_panel_acknowledge_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
dialog_ack_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  RtccGunshotPanel *self = RTCC_GUNSHOT_PANEL (object);
  g_autoptr(RtccAcknowledgment) ack = NULL;
  g_autoptr(GError) error = NULL;
  GtkRoot *root;

  ack = rtcc_gunshot_panel_acknowledge_finish (self, result, &error);
  if (ack != NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->event == NULL)
    return;
  root = gtk_widget_get_root (GTK_WIDGET (self));
  if (RTCC_IS_WINDOW (root))
    rtcc_window_add_toast (RTCC_WINDOW (root), adw_toast_new (error->message));
  set_ack_text (self, error->message);
}

static void
notes_changed (GtkTextBuffer    *buffer,
               AdwMessageDialog *dialog)
{
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  adw_message_dialog_set_response_enabled (dialog, "acknowledge", *g_strstrip (text) != '\0');
}

static void
dialog_response (AdwMessageDialog *dialog,
                 const char       *response,
                 RtccGunshotPanel *self)
{
  GtkTextBuffer *buffer = g_object_get_data (G_OBJECT (dialog), "notes");
  GtkTextIter start, end;
  g_autofree char *notes = NULL;

  if (!g_str_equal (response, "acknowledge"))
    return;
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  notes = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  rtcc_gunshot_panel_acknowledge_async (self, notes, self->cancellable, dialog_ack_cb, NULL);
}

static void
acknowledge_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  RtccGunshotPanel *self = RTCC_GUNSHOT_PANEL (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog;
  GtkWidget *scroller;
  GtkWidget *view;
  GtkTextBuffer *buffer;

  if (self->event == NULL)
    return;
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Acknowledge Alert?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("Write what was done about “%s”. The notes go to ShotSpotter and the audit log."),
                                  rtcc_event_get_title (self->event) != NULL
                                    ? rtcc_event_get_title (self->event) : alert_id (self->event));
  view = gtk_text_view_new ();
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 6);
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Notes"), -1);
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), view);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scroller), 96);
  gtk_widget_add_css_class (scroller, "card");
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), scroller);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "acknowledge", _("_Acknowledge"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "acknowledge",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "acknowledge", FALSE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  g_object_set_data (G_OBJECT (dialog), "notes", buffer);
  g_signal_connect (buffer, "changed", G_CALLBACK (notes_changed), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (dialog_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (view);
}

/* GObject ------------------------------------------------------------------- */

static void
rtcc_gunshot_panel_dispose (GObject *object)
{
  RtccGunshotPanel *self = RTCC_GUNSHOT_PANEL (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->age_id, g_source_remove);
  /* Answers still on their way find no event and leave the widgets alone. */
  g_clear_object (&self->event);
  if (self->audio != NULL)
    gtk_media_stream_pause (self->audio);
  gtk_widget_dispose_template (GTK_WIDGET (self), RTCC_TYPE_GUNSHOT_PANEL);
  g_clear_object (&self->audio);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->event);
  g_clear_object (&self->integration);
  g_clear_object (&self->store);
  g_clear_object (&self->audit);
  g_clear_object (&self->layer);
  g_clear_pointer (&self->ack, rtcc_acknowledgment_free);

  G_OBJECT_CLASS (rtcc_gunshot_panel_parent_class)->dispose (object);
}

static void
rtcc_gunshot_panel_finalize (GObject *object)
{
  RtccGunshotPanel *self = RTCC_GUNSHOT_PANEL (object);

  g_free (self->operator_id);
  g_free (self->age_text);

  G_OBJECT_CLASS (rtcc_gunshot_panel_parent_class)->finalize (object);
}

static void
rtcc_gunshot_panel_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  RtccGunshotPanel *self = RTCC_GUNSHOT_PANEL (object);

  switch (prop_id)
    {
    case PROP_EVENT:
      g_value_set_object (value, self->event);
      break;
    case PROP_AGE_TEXT:
      g_value_set_string (value, self->age_text);
      break;
    case PROP_ACK_TEXT:
      g_value_set_string (value, rtcc_gunshot_panel_get_ack_text (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rtcc_gunshot_panel_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  RtccGunshotPanel *self = RTCC_GUNSHOT_PANEL (object);

  switch (prop_id)
    {
    case PROP_EVENT:
      rtcc_gunshot_panel_set_event (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rtcc_gunshot_panel_class_init (RtccGunshotPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rtcc_gunshot_panel_dispose;
  object_class->finalize = rtcc_gunshot_panel_finalize;
  object_class->get_property = rtcc_gunshot_panel_get_property;
  object_class->set_property = rtcc_gunshot_panel_set_property;

  properties[PROP_EVENT] =
    g_param_spec_object ("event", NULL, NULL, RTCC_TYPE_EVENT,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_AGE_TEXT] =
    g_param_spec_string ("age-text", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ACK_TEXT] =
    g_param_spec_string ("ack-text", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/g3ti/Rtcc/rtcc-gunshot-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, RtccGunshotPanel, box);
  gtk_widget_class_bind_template_child (widget_class, RtccGunshotPanel, age_label);
  gtk_widget_class_bind_template_child (widget_class, RtccGunshotPanel, rounds_label);
  gtk_widget_class_bind_template_child (widget_class, RtccGunshotPanel, confidence_label);
  gtk_widget_class_bind_template_child (widget_class, RtccGunshotPanel, address_label);
  gtk_widget_class_bind_template_child (widget_class, RtccGunshotPanel, audio_row);
  gtk_widget_class_bind_template_child (widget_class, RtccGunshotPanel, ack_row);
  gtk_widget_class_bind_template_child (widget_class, RtccGunshotPanel, media_controls);
  gtk_widget_class_bind_template_child (widget_class, RtccGunshotPanel, audio_button);
  gtk_widget_class_install_action (widget_class, "gunshot.load-audio", NULL, load_audio_action);
  gtk_widget_class_install_action (widget_class, "gunshot.acknowledge", NULL, acknowledge_action);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "rtcc-gunshot-panel");
}

static void
rtcc_gunshot_panel_init (RtccGunshotPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  fill (self);
}

GtkWidget *
rtcc_gunshot_panel_new (void)
{
  return g_object_new (RTCC_TYPE_GUNSHOT_PANEL, NULL);
}

/**
 * rtcc_gunshot_panel_get_event:
 *
 * Returns: (transfer none) (nullable): the gunshot shown
 */
RtccEvent *
rtcc_gunshot_panel_get_event (RtccGunshotPanel *self)
{
  g_return_val_if_fail (RTCC_IS_GUNSHOT_PANEL (self), NULL);
  return self->event;
}

/**
 * rtcc_gunshot_panel_set_event:
 * @event: (nullable): a gunshot event
 */
void
rtcc_gunshot_panel_set_event (RtccGunshotPanel *self,
                              RtccEvent        *event)
{
  g_return_if_fail (RTCC_IS_GUNSHOT_PANEL (self));
  g_return_if_fail (event == NULL || RTCC_IS_EVENT (event));

  /* A new version of the same alert keeps its audio and acknowledgment. */
  if (self->event != NULL && event != NULL &&
      g_strcmp0 (rtcc_event_get_id (self->event), rtcc_event_get_id (event)) == 0)
    {
      g_set_object (&self->event, event);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EVENT]);
      return;
    }
  if (!g_set_object (&self->event, event))
    return;
  fill (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EVENT]);
}

/**
 * rtcc_gunshot_panel_set_integration:
 * @integration: (nullable): ShotSpotter, instead of the application's
 */
void
rtcc_gunshot_panel_set_integration (RtccGunshotPanel           *self,
                                    RtccShotspotterIntegration *integration)
{
  g_return_if_fail (RTCC_IS_GUNSHOT_PANEL (self));
  g_set_object (&self->integration, integration);
}

/**
 * rtcc_gunshot_panel_set_store:
 * @store: (nullable): the history, instead of the application's
 */
void
rtcc_gunshot_panel_set_store (RtccGunshotPanel *self,
                              RtccEventStore   *store)
{
  g_return_if_fail (RTCC_IS_GUNSHOT_PANEL (self));
  g_set_object (&self->store, store);
}

/**
 * rtcc_gunshot_panel_set_audit_log:
 * @audit: (nullable): the audit log, instead of the application's
 */
void
rtcc_gunshot_panel_set_audit_log (RtccGunshotPanel *self,
                                  RtccAuditLog     *audit)
{
  g_return_if_fail (RTCC_IS_GUNSHOT_PANEL (self));
  g_set_object (&self->audit, audit);
}

/**
 * rtcc_gunshot_panel_set_layer:
 * @layer: (nullable): the map layer, instead of the window's
 */
void
rtcc_gunshot_panel_set_layer (RtccGunshotPanel *self,
                              RtccEventLayer   *layer)
{
  g_return_if_fail (RTCC_IS_GUNSHOT_PANEL (self));
  g_set_object (&self->layer, layer);
}

/**
 * rtcc_gunshot_panel_set_operator_id:
 * @operator_id: (nullable): who acknowledges, instead of the configured
 *   operator
 */
void
rtcc_gunshot_panel_set_operator_id (RtccGunshotPanel *self,
                                    const char       *operator_id)
{
  g_return_if_fail (RTCC_IS_GUNSHOT_PANEL (self));
  g_free (self->operator_id);
  self->operator_id = g_strdup (operator_id);
}

/**
 * rtcc_gunshot_panel_get_age_text:
 *
 * Returns: (nullable): the age readout as shown
 */
const char *
rtcc_gunshot_panel_get_age_text (RtccGunshotPanel *self)
{
  g_return_val_if_fail (RTCC_IS_GUNSHOT_PANEL (self), NULL);
  return self->age_text;
}

/**
 * rtcc_gunshot_panel_get_ack_text:
 *
 * Returns: the acknowledgment line as shown
 */
const char *
rtcc_gunshot_panel_get_ack_text (RtccGunshotPanel *self)
{
  g_return_val_if_fail (RTCC_IS_GUNSHOT_PANEL (self), NULL);
  return adw_action_row_get_subtitle (self->ack_row);
}

/**
 * rtcc_gunshot_panel_get_audio_stream:
 *
 * Returns: (transfer none) (nullable): the loaded audio clip
 */
GtkMediaStream *
rtcc_gunshot_panel_get_audio_stream (RtccGunshotPanel *self)
{
  g_return_val_if_fail (RTCC_IS_GUNSHOT_PANEL (self), NULL);
  return self->audio;
}
