/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccCameraModel"

#include "config.h"

#include "rtcc-camera-model.h"
#include "rtcc-event.h"
#include "rtcc-util.h"

/* Milestone has no call for the status of every camera: each is read on
 * its own, this many at a time, so a pass over hundreds of cameras does
 * not crowd out the analyst's own requests. */
#define STATUS_PARALLEL 4
/* Changes arrive as events ("not responding / responding again") and a
 * view that loses its stream rereads its camera at once, so the full pass
 * only reconciles what an event stream outage missed. Every 30 s it would
 * be one request per camera per 30 s all shift, whether or not anyone
 * watches video. */
#define DEFAULT_STATUS_INTERVAL_MS (5 * 60 * 1000)

/**
 * RtccCameraModel:
 *
 * The Milestone cameras as a #GListModel sorted by name, shared by the
 * video wall's list and the map's camera layer so both show the same
 * listing. It lists again whenever Milestone comes back online.
 *
 * The listing says only whether a camera is enabled; whether it responds
 * and records comes from its status. The model reads every camera's
 * status after a listing and then again every status interval, and at
 * once for a camera whose "not responding" or "responding again" event
 * arrives. A changed status replaces that one item.
 */
struct _RtccCameraModel
{
  GObject                   parent_instance;

  RtccMilestoneIntegration *milestone;
  GPtrArray                *cameras;   /* of RtccCamera, sorted by name */
  GHashTable               *by_id;     /* id -> RtccCamera, borrowed */
  GCancellable             *cancellable;
  char                     *error;

  GCancellable             *status_cancellable;
  GQueue                    status_queue;    /* camera ids still to read this pass */
  guint                     status_in_flight;
  guint                     status_interval_ms;
  guint                     status_timeout_id;
};

static void rtcc_camera_model_list_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RtccCameraModel, rtcc_camera_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, rtcc_camera_model_list_iface_init))

enum {
  PROP_0,
  PROP_LOADING,
  PROP_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GType
rtcc_camera_model_get_item_type (GListModel *model)
{
  return RTCC_TYPE_CAMERA;
}

static guint
rtcc_camera_model_get_n_items (GListModel *model)
{
  return RTCC_CAMERA_MODEL (model)->cameras->len;
}

static gpointer
rtcc_camera_model_get_item (GListModel *model,
                            guint       position)
{
  RtccCameraModel *self = RTCC_CAMERA_MODEL (model);

  if (position >= self->cameras->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->cameras, position));
}

static void
rtcc_camera_model_list_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = rtcc_camera_model_get_item_type;
  iface->get_n_items = rtcc_camera_model_get_n_items;
  iface->get_item = rtcc_camera_model_get_item;
}

static int
compare_by_name (gconstpointer a,
                 gconstpointer b)
{
  RtccCamera *ca = *(RtccCamera **) a;
  RtccCamera *cb = *(RtccCamera **) b;
  int cmp = g_utf8_collate (rtcc_camera_get_name (ca), rtcc_camera_get_name (cb));

  return cmp != 0 ? cmp : g_strcmp0 (rtcc_camera_get_id (ca), rtcc_camera_get_id (cb));
}

static gpointer
copy_object (gconstpointer object,
             gpointer      user_data)
{
  return g_object_ref ((gpointer) object);
}

static void
set_error (RtccCameraModel *self,
           const char      *error)
{
  if (rtcc_set_str (&self->error, error))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

static void status_next (RtccCameraModel *self);

static gboolean
find_position (RtccCameraModel *self,
               const char      *camera_id,
               guint           *position)
{
  RtccCamera *camera = g_hash_table_lookup (self->by_id, camera_id);

  return camera != NULL && g_ptr_array_find (self->cameras, camera, position);
}

static void
apply_status (RtccCameraModel        *self,
              const char             *camera_id,
              const RtccCameraStatus *status)
{
  RtccCamera *old;
  RtccCamera *updated;
  guint position;

  if (!find_position (self, camera_id, &position))
    return;
  old = g_ptr_array_index (self->cameras, position);
  if (rtcc_camera_get_state (old) == status->state &&
      rtcc_camera_get_recording (old) == status->recording)
    return;
  g_debug ("Camera %s is now %d%s", camera_id, status->state, status->recording ? ", recording" : "");
  updated = rtcc_camera_with_status (old, status);
  g_hash_table_replace (self->by_id, (gpointer) rtcc_camera_get_id (updated), updated);
  /* Frees old, whose id the table no longer borrows. */
  g_ptr_array_index (self->cameras, position) = updated;
  g_object_unref (old);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 1);
}

typedef struct
{
  RtccCameraModel *model;    /* strong */
  char            *camera_id;
  gboolean         in_pass;  /* counts against STATUS_PARALLEL */
} StatusRead;

static void
status_read_free (StatusRead *read)
{
  g_object_unref (read->model);
  g_free (read->camera_id);
  g_free (read);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StatusRead, status_read_free)

static gboolean
status_timeout_cb (gpointer user_data)
{
  RtccCameraModel *self = user_data;

  self->status_timeout_id = 0;
  rtcc_camera_model_refresh_status (self);
  return G_SOURCE_REMOVE;
}

static void
status_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(StatusRead) read = user_data;
  g_autoptr(RtccCameraStatus) status = NULL;
  g_autoptr(GError) error = NULL;
  RtccCameraModel *self = read->model;

  status = rtcc_milestone_integration_get_status_finish (RTCC_MILESTONE_INTEGRATION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (status != NULL)
    apply_status (self, read->camera_id, status);
  else
    /* The old status stays: a failed read says nothing about the camera. */
    g_debug ("Could not read a camera status: %s", error->message);
  if (read->in_pass)
    {
      self->status_in_flight--;
      status_next (self);
    }
}

static void
read_status (RtccCameraModel *self,
             const char      *camera_id,
             gboolean         in_pass)
{
  StatusRead *read = g_new0 (StatusRead, 1);

  read->model = g_object_ref (self);
  read->camera_id = g_strdup (camera_id);
  read->in_pass = in_pass;
  if (in_pass)
    self->status_in_flight++;
  rtcc_milestone_integration_get_status_async (self->milestone, camera_id, self->status_cancellable,
                                               status_cb, read);
}

/* Keeps STATUS_PARALLEL reads going; when the pass is over, waits for
 * the interval before the next. */
static void
status_next (RtccCameraModel *self)
{
  while (self->status_in_flight < STATUS_PARALLEL && !g_queue_is_empty (&self->status_queue))
    {
      g_autofree char *camera_id = g_queue_pop_head (&self->status_queue);

      if (g_hash_table_contains (self->by_id, camera_id))
        read_status (self, camera_id, TRUE);
    }
  if (self->status_in_flight == 0 && g_queue_is_empty (&self->status_queue) &&
      self->status_timeout_id == 0 && self->milestone != NULL)
    self->status_timeout_id = g_timeout_add (self->status_interval_ms, status_timeout_cb, self);
}

static void
on_event (RtccCameraModel *self,
          RtccEvent       *event)
{
  const char *camera_id;

  if (rtcc_event_get_event_type (event) != RTCC_EVENT_TYPE_CAMERA_ALERT ||
      g_strcmp0 (rtcc_event_get_attribute_string (event, "alert_type"), "status") != 0)
    return;
  camera_id = rtcc_event_get_attribute_string (event, "camera_id");
  if (camera_id != NULL && g_hash_table_contains (self->by_id, camera_id))
    rtcc_camera_model_refresh_camera (self, camera_id);
}

static void
list_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(RtccCameraModel) self = user_data;
  g_autoptr(GPtrArray) cameras = NULL;
  g_autoptr(GError) error = NULL;

  cameras = rtcc_milestone_integration_list_cameras_finish (RTCC_MILESTONE_INTEGRATION (object),
                                                            result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cancellable);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
  if (cameras == NULL)
    {
      g_info ("Could not list the cameras: %s", error->message);
      set_error (self, error->message);
      return;
    }
  set_error (self, NULL);
  rtcc_camera_model_set_cameras (self, cameras);
  rtcc_camera_model_refresh_status (self);
}

static void
on_status_changed (RtccCameraModel *self)
{
  RtccIntegrationStatus status = rtcc_integration_get_status (RTCC_INTEGRATION (self->milestone));

  if (status == RTCC_INTEGRATION_STATUS_ONLINE || status == RTCC_INTEGRATION_STATUS_DEGRADED)
    if (self->cameras->len == 0 || self->error != NULL)
      rtcc_camera_model_refresh (self);
}

static void
rtcc_camera_model_dispose (GObject *object)
{
  RtccCameraModel *self = RTCC_CAMERA_MODEL (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->status_cancellable);
  g_clear_object (&self->status_cancellable);
  g_clear_handle_id (&self->status_timeout_id, g_source_remove);
  g_queue_clear_full (&self->status_queue, g_free);
  g_clear_object (&self->milestone);

  G_OBJECT_CLASS (rtcc_camera_model_parent_class)->dispose (object);
}

static void
rtcc_camera_model_finalize (GObject *object)
{
  RtccCameraModel *self = RTCC_CAMERA_MODEL (object);

  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->cameras, g_ptr_array_unref);
  g_free (self->error);

  G_OBJECT_CLASS (rtcc_camera_model_parent_class)->finalize (object);
}

static void
rtcc_camera_model_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  RtccCameraModel *self = RTCC_CAMERA_MODEL (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, rtcc_camera_model_get_loading (self));
      break;
    case PROP_ERROR:
      g_value_set_string (value, self->error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rtcc_camera_model_class_init (RtccCameraModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rtcc_camera_model_dispose;
  object_class->finalize = rtcc_camera_model_finalize;
  object_class->get_property = rtcc_camera_model_get_property;

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ERROR] =
    g_param_spec_string ("error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rtcc_camera_model_init (RtccCameraModel *self)
{
  self->cameras = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->status_interval_ms = DEFAULT_STATUS_INTERVAL_MS;
  g_queue_init (&self->status_queue);
}

/**
 * rtcc_camera_model_new:
 * @milestone: (nullable): the integration to list cameras from; without
 *   it the model stays empty unless filled with
 *   rtcc_camera_model_set_cameras()
 *
 * Returns: (transfer full): a model that lists the cameras now and again
 *   whenever Milestone comes back online
 */
RtccCameraModel *
rtcc_camera_model_new (RtccMilestoneIntegration *milestone)
{
  RtccCameraModel *self;

  g_return_val_if_fail (milestone == NULL || RTCC_IS_MILESTONE_INTEGRATION (milestone), NULL);

  self = g_object_new (RTCC_TYPE_CAMERA_MODEL, NULL);
  if (milestone != NULL)
    {
      self->milestone = g_object_ref (milestone);
      g_signal_connect_object (milestone, "notify::status",
                               G_CALLBACK (on_status_changed), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (milestone, "event",
                               G_CALLBACK (on_event), self, G_CONNECT_SWAPPED);
      rtcc_camera_model_refresh (self);
    }
  return self;
}

/**
 * rtcc_camera_model_get_milestone:
 *
 * Returns: (transfer none) (nullable): the integration the cameras come from
 */
RtccMilestoneIntegration *
rtcc_camera_model_get_milestone (RtccCameraModel *self)
{
  g_return_val_if_fail (RTCC_IS_CAMERA_MODEL (self), NULL);
  return self->milestone;
}

/**
 * rtcc_camera_model_refresh:
 *
 * Lists the cameras again; the model changes when the answer comes.
 */
void
rtcc_camera_model_refresh (RtccCameraModel *self)
{
  g_return_if_fail (RTCC_IS_CAMERA_MODEL (self));

  if (self->milestone == NULL || self->cancellable != NULL)
    return;
  self->cancellable = g_cancellable_new ();
  rtcc_milestone_integration_list_cameras_async (self->milestone, self->cancellable,
                                                 list_cb, g_object_ref (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/**
 * rtcc_camera_model_set_cameras:
 * @cameras: (element-type RtccCamera): the cameras to hold
 *
 * Replaces the cameras, e.g. after a listing.
 */
void
rtcc_camera_model_set_cameras (RtccCameraModel *self,
                               GPtrArray       *cameras)
{
  g_autoptr(GPtrArray) old = NULL;
  g_autoptr(GHashTable) old_by_id = NULL;
  guint removed;

  g_return_if_fail (RTCC_IS_CAMERA_MODEL (self));
  g_return_if_fail (cameras != NULL);

  removed = self->cameras->len;
  /* A new listing knows nothing of the statuses: keep those read until
   * the next status pass reads them again. */
  old = g_steal_pointer (&self->cameras);
  old_by_id = g_steal_pointer (&self->by_id);
  self->cameras = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < cameras->len; i++)
    {
      RtccCamera *camera = g_ptr_array_index (cameras, i);
      RtccCamera *known = g_hash_table_lookup (old_by_id, rtcc_camera_get_id (camera));

      if (g_hash_table_contains (self->by_id, rtcc_camera_get_id (camera)))
        continue;
      if (known != NULL && known != camera &&
          rtcc_camera_get_state (camera) == RTCC_CAMERA_STATE_UNKNOWN &&
          rtcc_camera_get_state (known) != RTCC_CAMERA_STATE_UNKNOWN)
        {
          RtccCameraStatus status = {
            .state = rtcc_camera_get_state (known),
            .recording = rtcc_camera_get_recording (known),
            .last_updated = rtcc_camera_get_last_updated (known),
          };

          camera = rtcc_camera_with_status (camera, &status);
        }
      else
        g_object_ref (camera);
      g_ptr_array_add (self->cameras, camera);
      g_hash_table_insert (self->by_id, (gpointer) rtcc_camera_get_id (camera), camera);
    }
  g_ptr_array_sort (self->cameras, compare_by_name);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, self->cameras->len);
}

/**
 * rtcc_camera_model_lookup:
 *
 * Returns: (transfer none) (nullable): the camera with that id
 */
RtccCamera *
rtcc_camera_model_lookup (RtccCameraModel *self,
                          const char      *camera_id)
{
  g_return_val_if_fail (RTCC_IS_CAMERA_MODEL (self), NULL);

  if (camera_id == NULL)
    return NULL;
  return g_hash_table_lookup (self->by_id, camera_id);
}

/**
 * rtcc_camera_model_to_array:
 *
 * Returns: (transfer container) (element-type RtccCamera): the cameras,
 *   for rtcc_camera_rank_for_location()
 */
GPtrArray *
rtcc_camera_model_to_array (RtccCameraModel *self)
{
  g_return_val_if_fail (RTCC_IS_CAMERA_MODEL (self), NULL);
  return g_ptr_array_copy (self->cameras, copy_object, NULL);
}

/**
 * rtcc_camera_model_get_loading:
 *
 * Returns: whether a listing is under way
 */
gboolean
rtcc_camera_model_get_loading (RtccCameraModel *self)
{
  g_return_val_if_fail (RTCC_IS_CAMERA_MODEL (self), FALSE);
  return self->cancellable != NULL;
}

/**
 * rtcc_camera_model_get_error:
 *
 * Returns: (nullable): why the last listing failed
 */
const char *
rtcc_camera_model_get_error (RtccCameraModel *self)
{
  g_return_val_if_fail (RTCC_IS_CAMERA_MODEL (self), NULL);
  return self->error;
}

/**
 * rtcc_camera_model_refresh_status:
 *
 * Reads every camera's status again, now; then again after the status
 * interval. A pass under way starts over.
 */
void
rtcc_camera_model_refresh_status (RtccCameraModel *self)
{
  g_return_if_fail (RTCC_IS_CAMERA_MODEL (self));

  if (self->milestone == NULL)
    return;
  g_cancellable_cancel (self->status_cancellable);
  g_clear_object (&self->status_cancellable);
  self->status_cancellable = g_cancellable_new ();
  self->status_in_flight = 0;
  g_clear_handle_id (&self->status_timeout_id, g_source_remove);
  g_queue_clear_full (&self->status_queue, g_free);
  for (guint i = 0; i < self->cameras->len; i++)
    g_queue_push_tail (&self->status_queue,
                       g_strdup (rtcc_camera_get_id (g_ptr_array_index (self->cameras, i))));
  status_next (self);
}

/**
 * rtcc_camera_model_refresh_camera:
 * @camera_id: a camera of the model
 *
 * Reads that camera's status now, e.g. when its stream was lost or an
 * event says it stopped or started responding.
 */
void
rtcc_camera_model_refresh_camera (RtccCameraModel *self,
                                  const char      *camera_id)
{
  g_return_if_fail (RTCC_IS_CAMERA_MODEL (self));
  g_return_if_fail (camera_id != NULL);

  if (self->milestone == NULL || !g_hash_table_contains (self->by_id, camera_id))
    return;
  if (self->status_cancellable == NULL)
    self->status_cancellable = g_cancellable_new ();
  read_status (self, camera_id, FALSE);
}

/**
 * rtcc_camera_model_set_status_interval:
 * @interval_ms: the time between two reads of every camera's status
 */
void
rtcc_camera_model_set_status_interval (RtccCameraModel *self,
                                       guint            interval_ms)
{
  g_return_if_fail (RTCC_IS_CAMERA_MODEL (self));

  self->status_interval_ms = MAX (interval_ms, 10);
  /* A pass waiting for the old interval waits for the new one. */
  if (self->status_timeout_id != 0)
    {
      g_clear_handle_id (&self->status_timeout_id, g_source_remove);
      self->status_timeout_id = g_timeout_add (self->status_interval_ms, status_timeout_cb, self);
    }
}
