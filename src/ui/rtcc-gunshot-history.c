/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccGunshotHistory"

#include "config.h"

#include <glib/gi18n.h>

#include "rtcc-application.h"
#include "rtcc-gunshot-history.h"
#include "rtcc-window.h"

/* Enough for a month of a large city's gunshots in one view. */
#define MAX_VENDOR_ALERTS 5000

G_DEFINE_QUARK (rtcc-gunshot-history-error-quark, rtcc_gunshot_history_error)

typedef struct
{
  RtccEventStore             *store;
  RtccShotspotterIntegration *vendor;
  RtccEventList              *events;
  GDateTime                  *since;
  GDateTime                  *until;
  double                      south, west, north, east;
  guint                       n_from_store;
  guint                       n_from_vendor;
  GError                     *partial;
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_clear_object (&data->store);
  g_clear_object (&data->vendor);
  g_clear_object (&data->events);
  g_clear_pointer (&data->since, g_date_time_unref);
  g_clear_pointer (&data->until, g_date_time_unref);
  g_clear_error (&data->partial);
  g_free (data);
}

static gboolean
in_area (LoadData  *data,
         RtccEvent *event)
{
  double lat, lon;

  if (!rtcc_event_get_location (event, &lat, &lon))
    return FALSE;
  return lat >= data->south && lat <= data->north && lon >= data->west && lon <= data->east;
}

static void
finish_task (GTask *task)
{
  LoadData *data = g_task_get_task_data (task);

  /* The results that did arrive are on the map already; the error says
   * which part is missing. */
  if (data->partial != NULL)
    g_task_return_error (task, g_steal_pointer (&data->partial));
  else
    g_task_return_boolean (task, TRUE);
}

static void
insert_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LoadData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!rtcc_event_store_insert_finish (RTCC_EVENT_STORE (object), result, NULL, &error)
      && data->partial == NULL)
    data->partial = g_error_new (RTCC_GUNSHOT_HISTORY_ERROR, RTCC_GUNSHOT_HISTORY_ERROR_PARTIAL,
                                 _("The ShotSpotter alerts are shown but could not be saved: %s"),
                                 error->message);
  finish_task (task);
}

static void
list_alerts_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LoadData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) alerts = NULL;
  g_autoptr(GPtrArray) kept = NULL;
  GCancellable *cancellable;

  alerts = rtcc_shotspotter_integration_list_alerts_finish (RTCC_SHOTSPOTTER_INTEGRATION (object),
                                                            result, &error);
  if (alerts == NULL)
    {
      if (data->partial == NULL)
        data->partial = g_error_new (RTCC_GUNSHOT_HISTORY_ERROR, RTCC_GUNSHOT_HISTORY_ERROR_PARTIAL,
                                     _("ShotSpotter could not be asked for older alerts: %s"),
                                     error->message);
      finish_task (task);
      return;
    }

  kept = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < alerts->len; i++)
    {
      RtccEvent *event = g_ptr_array_index (alerts, i);

      if (!in_area (data, event))
        continue;
      g_ptr_array_add (kept, g_object_ref (event));
      rtcc_event_list_add (data->events, event);
    }
  data->n_from_vendor = kept->len;

  if (data->store == NULL || kept->len == 0)
    {
      finish_task (task);
      return;
    }
  cancellable = g_task_get_cancellable (task);
  rtcc_event_store_insert_async (data->store, kept, cancellable, insert_cb, g_steal_pointer (&task));
}

/* The vendor is asked only for what lies before the oldest stored
 * gunshot: the store holds everything after it, as events were stored as
 * they arrived. */
static void
ask_vendor (GTask     *task_in,
            GDateTime *until)
{
  g_autoptr(GTask) task = task_in;
  LoadData *data = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  if (data->vendor == NULL || g_date_time_compare (data->since, until) >= 0)
    {
      finish_task (task);
      return;
    }
  rtcc_shotspotter_integration_list_alerts_async (data->vendor, data->since, until,
                                                  MAX_VENDOR_ALERTS, cancellable,
                                                  list_alerts_cb, g_steal_pointer (&task));
}

static void
query_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LoadData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) stored = NULL;
  GDateTime *oldest = NULL;

  stored = rtcc_event_store_query_finish (RTCC_EVENT_STORE (object), result, &error);
  if (stored == NULL)
    {
      data->partial = g_error_new (RTCC_GUNSHOT_HISTORY_ERROR, RTCC_GUNSHOT_HISTORY_ERROR_PARTIAL,
                                   _("The event store could not be searched: %s"),
                                   error->message);
      ask_vendor (g_steal_pointer (&task), data->until);
      return;
    }

  for (guint i = 0; i < stored->len; i++)
    {
      RtccEvent *event = g_ptr_array_index (stored, i);
      GDateTime *at = rtcc_event_get_occurred_at (event);

      rtcc_event_list_add (data->events, event);
      if (oldest == NULL || g_date_time_compare (at, oldest) < 0)
        oldest = at;
    }
  data->n_from_store = stored->len;

  /* A full page means the store may hold more than it returned, so its
   * oldest answer is not the oldest stored: let the vendor fill the rest. */
  if (stored->len >= RTCC_EVENT_QUERY_MAX_LIMIT)
    oldest = NULL;
  ask_vendor (g_steal_pointer (&task), oldest != NULL ? oldest : data->until);
}

/**
 * rtcc_gunshot_history_load_async:
 * @store: (nullable): the event store, asked first
 * @vendor: (nullable): ShotSpotter, asked for the part the store lacks
 * @events: the list the map and feed show; every result is added to it
 * @since: start of the range
 * @until: end of the range
 * @south: (in): the area's southern edge, and so on for the others
 * @cancellable: (nullable): a #GCancellable
 *
 * Brings the gunshots of a time range and area onto the map: the store's
 * first, then ShotSpotter's alerts from @since to the oldest stored one.
 * The vendor's alerts are written to @store so the next look is local.
 */
void
rtcc_gunshot_history_load_async (RtccEventStore             *store,
                                 RtccShotspotterIntegration *vendor,
                                 RtccEventList              *events,
                                 GDateTime                  *since,
                                 GDateTime                  *until,
                                 double                      south,
                                 double                      west,
                                 double                      north,
                                 double                      east,
                                 GCancellable               *cancellable,
                                 GAsyncReadyCallback         callback,
                                 gpointer                    user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(RtccEventQuery) query = NULL;
  g_autoptr(GError) error = NULL;
  LoadData *data;

  g_return_if_fail (store == NULL || RTCC_IS_EVENT_STORE (store));
  g_return_if_fail (vendor == NULL || RTCC_IS_SHOTSPOTTER_INTEGRATION (vendor));
  g_return_if_fail (RTCC_IS_EVENT_LIST (events));
  g_return_if_fail (since != NULL && until != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, rtcc_gunshot_history_load_async);

  if (g_date_time_compare (since, until) > 0 || !(south <= north) || !(west <= east)
      || south < -90 || north > 90 || west < -180 || east > 180)
    {
      g_task_return_new_error (task, RTCC_GUNSHOT_HISTORY_ERROR, RTCC_GUNSHOT_HISTORY_ERROR_INVALID,
                               _("The time range or map area is not valid"));
      return;
    }

  data = g_new0 (LoadData, 1);
  data->store = store != NULL ? g_object_ref (store) : NULL;
  data->vendor = vendor != NULL ? g_object_ref (vendor) : NULL;
  data->events = g_object_ref (events);
  data->since = g_date_time_ref (since);
  data->until = g_date_time_ref (until);
  data->south = south;
  data->west = west;
  data->north = north;
  data->east = east;
  g_task_set_task_data (task, data, (GDestroyNotify) load_data_free);

  if (store == NULL)
    {
      ask_vendor (g_steal_pointer (&task), data->until);
      return;
    }

  query = rtcc_event_query_new ();
  rtcc_event_query_add_type (query, RTCC_EVENT_TYPE_GUNSHOT);
  rtcc_event_query_set_time_range (query, since, until);
  rtcc_event_query_set_bbox (query, south, west, north, east);
  rtcc_event_query_set_limit (query, RTCC_EVENT_QUERY_MAX_LIMIT);
  if (!rtcc_event_query_validate (query, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  rtcc_event_store_query_async (store, query, cancellable, query_cb, g_steal_pointer (&task));
}

/**
 * rtcc_gunshot_history_load_finish:
 * @n_from_store: (out) (optional): gunshots the store held
 * @n_from_vendor: (out) (optional): gunshots ShotSpotter added
 *
 * The counts are set even on error: a failure of one part (vendor offline)
 * leaves the other part's results on the map.
 *
 * Returns: %TRUE if both parts answered
 */
gboolean
rtcc_gunshot_history_load_finish (GAsyncResult  *result,
                                  guint         *n_from_store,
                                  guint         *n_from_vendor,
                                  GError       **error)
{
  LoadData *data;

  g_return_val_if_fail (G_IS_TASK (result), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rtcc_gunshot_history_load_async, FALSE);

  data = g_task_get_task_data (G_TASK (result));
  if (n_from_store != NULL)
    *n_from_store = data != NULL ? data->n_from_store : 0;
  if (n_from_vendor != NULL)
    *n_from_vendor = data != NULL ? data->n_from_vendor : 0;
  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * rtcc_gunshot_history_visible_area:
 * @layer: a layer covering the whole map
 *
 * The area the map shows, from the locations of the layer's corners.
 *
 * Returns: %FALSE when the layer has no size yet
 */
gboolean
rtcc_gunshot_history_visible_area (ShumateLayer *layer,
                                   double       *south,
                                   double       *west,
                                   double       *north,
                                   double       *east)
{
  ShumateViewport *viewport;
  GtkWidget *widget = GTK_WIDGET (layer);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  double lat1, lon1, lat2, lon2;

  g_return_val_if_fail (SHUMATE_IS_LAYER (layer), FALSE);

  viewport = shumate_layer_get_viewport (layer);
  if (viewport == NULL || width <= 0 || height <= 0)
    return FALSE;
  shumate_viewport_widget_coords_to_location (viewport, widget, 0, 0, &lat1, &lon1);
  shumate_viewport_widget_coords_to_location (viewport, widget, width, height, &lat2, &lon2);
  *south = MIN (lat1, lat2);
  *north = MAX (lat1, lat2);
  *west = MIN (lon1, lon2);
  *east = MAX (lon1, lon2);
  return TRUE;
}

static void
show_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RtccWindow *window = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  guint n_store = 0, n_vendor = 0;
  AdwToast *toast;

  rtcc_gunshot_history_load_finish (result, &n_store, &n_vendor, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (error != NULL)
    title = g_strdup_printf (_("Gunshot history: %u stored, %u from ShotSpotter. %s"),
                             n_store, n_vendor, error->message);
  else
    title = g_strdup_printf (_("Gunshot history: %u stored, %u from ShotSpotter"),
                             n_store, n_vendor);
  toast = adw_toast_new (title);
  adw_toast_set_timeout (toast, error != NULL ? 0 : 5);
  rtcc_window_add_toast (window, toast);
  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * rtcc_gunshot_history_show_async:
 * @widget: a widget inside the main window
 * @hours: how far back from now
 *
 * Loads the gunshots of the last @hours in the area the window's map
 * shows and reports the counts in a toast.
 */
void
rtcc_gunshot_history_show_async (GtkWidget           *widget,
                                 int                  hours,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GDateTime) until = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) since = NULL;
  GtkRoot *root;
  RtccApplication *app;
  RtccEventLayer *layer;
  RtccIntegration *vendor;
  double south, west, north, east;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (hours > 0);

  task = g_task_new (widget, cancellable, callback, user_data);
  g_task_set_source_tag (task, rtcc_gunshot_history_show_async);

  root = gtk_widget_get_root (widget);
  if (!RTCC_IS_WINDOW (root) || gtk_window_get_application (GTK_WINDOW (root)) == NULL)
    {
      g_task_return_new_error (task, RTCC_GUNSHOT_HISTORY_ERROR, RTCC_GUNSHOT_HISTORY_ERROR_INVALID,
                               _("The gunshot history needs the main window"));
      return;
    }
  g_task_set_task_data (task, g_object_ref (root), g_object_unref);
  app = RTCC_APPLICATION (gtk_window_get_application (GTK_WINDOW (root)));
  layer = rtcc_map_view_get_event_layer (rtcc_window_get_map_view (RTCC_WINDOW (root)));
  if (layer == NULL
      || !rtcc_gunshot_history_visible_area (SHUMATE_LAYER (layer), &south, &west, &north, &east))
    {
      g_task_return_new_error (task, RTCC_GUNSHOT_HISTORY_ERROR, RTCC_GUNSHOT_HISTORY_ERROR_INVALID,
                               _("The map is not shown yet; open it and try again"));
      return;
    }
  vendor = rtcc_registry_get_for_source (rtcc_application_get_registry (app), RTCC_SOURCE_SHOTSPOTTER);
  since = g_date_time_add_hours (until, -hours);
  rtcc_gunshot_history_load_async (rtcc_application_get_store (app),
                                   RTCC_IS_SHOTSPOTTER_INTEGRATION (vendor)
                                     ? RTCC_SHOTSPOTTER_INTEGRATION (vendor) : NULL,
                                   rtcc_application_get_events (app),
                                   since, until, south, west, north, east,
                                   cancellable, show_cb, g_steal_pointer (&task));
}

gboolean
rtcc_gunshot_history_show_finish (GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rtcc_gunshot_history_show_async, FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
