/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccMapControls"

#include "config.h"

#include <glib/gi18n.h>

#include "rtcc-gunshot-history.h"
#include "rtcc-map-controls.h"
#include "rtcc-ui-format.h"

/* "The last hour" moves with the clock; the range is moved this often. */
#define REFRESH_SECONDS 30

/**
 * RtccMapControls:
 *
 * The small toolbar floating over the map: how far back the map reaches,
 * a gunshot heat map over that period, and a legend of the symbols.
 */
struct _RtccMapControls
{
  GtkWidget          parent_instance;

  RtccEventLayer    *layer;
  RtccMapTimeFilter  time_filter;
  gboolean           heat_map;
  guint              refresh_id;

  GtkWidget         *box;
  GtkToggleButton   *hour_button;
  GtkToggleButton   *shift_button;
  GtkToggleButton   *day_button;
  GtkToggleButton   *all_button;
  GtkGrid           *legend_grid;
  GtkGrid           *priority_grid;
  GtkPopover        *history_popover;
  GtkSpinner        *history_spinner;
  GCancellable      *history_cancellable;
};

G_DEFINE_FINAL_TYPE (RtccMapControls, rtcc_map_controls, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_LAYER,
  PROP_TIME_FILTER,
  PROP_HEAT_MAP,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GtkToggleButton *
button_for (RtccMapControls   *self,
            RtccMapTimeFilter  filter)
{
  switch (filter)
    {
    case RTCC_MAP_TIME_FILTER_HOUR:
      return self->hour_button;
    case RTCC_MAP_TIME_FILTER_SHIFT:
      return self->shift_button;
    case RTCC_MAP_TIME_FILTER_DAY:
      return self->day_button;
    case RTCC_MAP_TIME_FILTER_ALL:
    default:
      return self->all_button;
    }
}

static void
on_time_toggled (RtccMapControls *self,
                 GtkToggleButton *button)
{
  /* The group also untoggles the previous button; only the new one counts. */
  if (!gtk_toggle_button_get_active (button))
    return;
  if (button == self->hour_button)
    rtcc_map_controls_set_time_filter (self, RTCC_MAP_TIME_FILTER_HOUR);
  else if (button == self->shift_button)
    rtcc_map_controls_set_time_filter (self, RTCC_MAP_TIME_FILTER_SHIFT);
  else if (button == self->day_button)
    rtcc_map_controls_set_time_filter (self, RTCC_MAP_TIME_FILTER_DAY);
  else
    rtcc_map_controls_set_time_filter (self, RTCC_MAP_TIME_FILTER_ALL);
}

static gboolean
refresh_cb (gpointer user_data)
{
  rtcc_map_controls_apply (user_data);
  return G_SOURCE_CONTINUE;
}

static void
update_refresh (RtccMapControls *self)
{
  gboolean moving = self->layer != NULL && self->time_filter != RTCC_MAP_TIME_FILTER_ALL;

  if (moving && self->refresh_id == 0)
    self->refresh_id = g_timeout_add_seconds (REFRESH_SECONDS, refresh_cb, self);
  else if (!moving)
    g_clear_handle_id (&self->refresh_id, g_source_remove);
}

static void
add_legend_row (GtkGrid    *grid,
                int         row,
                GdkTexture *texture,
                const char *label)
{
  GtkWidget *picture = gtk_picture_new_for_paintable (GDK_PAINTABLE (texture));
  GtkWidget *text = gtk_label_new (label);

  gtk_picture_set_can_shrink (GTK_PICTURE (picture), FALSE);
  gtk_widget_set_size_request (picture, 22, 22);
  gtk_label_set_xalign (GTK_LABEL (text), 0);
  gtk_grid_attach (grid, picture, 0, row, 1, 1);
  gtk_grid_attach (grid, text, 1, row, 1, 1);
}

static void
build_legend (RtccMapControls *self)
{
  static const RtccPriority priorities[] = {
    RTCC_PRIORITY_CRITICAL, RTCC_PRIORITY_HIGH, RTCC_PRIORITY_NORMAL, RTCC_PRIORITY_LOW,
  };
  int scale = MAX (1, gtk_widget_get_scale_factor (GTK_WIDGET (self)));
  const RtccEventLayerLegendItem *items;
  guint n_items = 0;

  items = rtcc_event_layer_get_legend (&n_items);
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(GdkTexture) texture =
        rtcc_event_layer_render_symbol (items[i].type, RTCC_PRIORITY_NORMAL, scale);

      add_legend_row (self->legend_grid, (int) i, texture, items[i].label);
    }

  /* The fill colour is the priority, shown on the gunshot symbol. */
  for (guint i = 0; i < G_N_ELEMENTS (priorities); i++)
    {
      g_autoptr(GdkTexture) texture =
        rtcc_event_layer_render_symbol (RTCC_EVENT_TYPE_GUNSHOT, priorities[i], scale);

      add_legend_row (self->priority_grid, (int) i, texture, rtcc_ui_priority_label (priorities[i]));
    }
}

static void
history_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(RtccMapControls) self = user_data;
  g_autoptr(GError) error = NULL;

  /* The toast tells the analyst about failures; nothing more to do here. */
  if (!rtcc_gunshot_history_show_finish (result, &error)
      && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("Gunshot history incomplete: %s", error->message);
  if (self->history_cancellable == g_task_get_cancellable (G_TASK (result)))
    {
      g_clear_object (&self->history_cancellable);
      gtk_spinner_stop (self->history_spinner);
      gtk_widget_set_visible (GTK_WIDGET (self->history_spinner), FALSE);
    }
}

static void
history_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  RtccMapControls *self = RTCC_MAP_CONTROLS (widget);

  gtk_popover_popdown (self->history_popover);
  /* A newer choice replaces the one still loading. */
  g_cancellable_cancel (self->history_cancellable);
  g_clear_object (&self->history_cancellable);
  self->history_cancellable = g_cancellable_new ();
  gtk_widget_set_visible (GTK_WIDGET (self->history_spinner), TRUE);
  gtk_spinner_start (self->history_spinner);
  rtcc_gunshot_history_show_async (widget, g_variant_get_int32 (parameter),
                                   self->history_cancellable, history_cb, g_object_ref (self));
}

static void
rtcc_map_controls_dispose (GObject *object)
{
  RtccMapControls *self = RTCC_MAP_CONTROLS (object);

  g_cancellable_cancel (self->history_cancellable);
  g_clear_object (&self->history_cancellable);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), RTCC_TYPE_MAP_CONTROLS);
  g_clear_object (&self->layer);

  G_OBJECT_CLASS (rtcc_map_controls_parent_class)->dispose (object);
}

static void
rtcc_map_controls_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  RtccMapControls *self = RTCC_MAP_CONTROLS (object);

  switch (prop_id)
    {
    case PROP_LAYER:
      g_value_set_object (value, self->layer);
      break;
    case PROP_TIME_FILTER:
      g_value_set_uint (value, self->time_filter);
      break;
    case PROP_HEAT_MAP:
      g_value_set_boolean (value, self->heat_map);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rtcc_map_controls_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  RtccMapControls *self = RTCC_MAP_CONTROLS (object);

  switch (prop_id)
    {
    case PROP_LAYER:
      rtcc_map_controls_set_layer (self, g_value_get_object (value));
      break;
    case PROP_TIME_FILTER:
      rtcc_map_controls_set_time_filter (self, g_value_get_uint (value));
      break;
    case PROP_HEAT_MAP:
      rtcc_map_controls_set_heat_map (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rtcc_map_controls_class_init (RtccMapControlsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rtcc_map_controls_dispose;
  object_class->get_property = rtcc_map_controls_get_property;
  object_class->set_property = rtcc_map_controls_set_property;

  properties[PROP_LAYER] =
    g_param_spec_object ("layer", NULL, NULL, RTCC_TYPE_EVENT_LAYER,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_TIME_FILTER] =
    g_param_spec_uint ("time-filter", NULL, NULL,
                       RTCC_MAP_TIME_FILTER_HOUR, RTCC_MAP_TIME_FILTER_ALL, RTCC_MAP_TIME_FILTER_ALL,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_HEAT_MAP] =
    g_param_spec_boolean ("heat-map", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/g3ti/Rtcc/rtcc-map-controls.ui");
  gtk_widget_class_bind_template_child (widget_class, RtccMapControls, box);
  gtk_widget_class_bind_template_child (widget_class, RtccMapControls, hour_button);
  gtk_widget_class_bind_template_child (widget_class, RtccMapControls, shift_button);
  gtk_widget_class_bind_template_child (widget_class, RtccMapControls, day_button);
  gtk_widget_class_bind_template_child (widget_class, RtccMapControls, all_button);
  gtk_widget_class_bind_template_child (widget_class, RtccMapControls, legend_grid);
  gtk_widget_class_bind_template_child (widget_class, RtccMapControls, priority_grid);
  gtk_widget_class_bind_template_child (widget_class, RtccMapControls, history_popover);
  gtk_widget_class_bind_template_child (widget_class, RtccMapControls, history_spinner);
  gtk_widget_class_bind_template_callback (widget_class, on_time_toggled);
  gtk_widget_class_install_action (widget_class, "map-controls.history", "i", history_action);
  gtk_widget_class_install_property_action (widget_class, "map-controls.heat-map", "heat-map");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "rtcc-map-controls");
}

static void
rtcc_map_controls_init (RtccMapControls *self)
{
  self->time_filter = RTCC_MAP_TIME_FILTER_ALL;
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_toggle_button_set_active (self->all_button, TRUE);
  build_legend (self);
}

GtkWidget *
rtcc_map_controls_new (void)
{
  return g_object_new (RTCC_TYPE_MAP_CONTROLS, NULL);
}

/**
 * rtcc_map_controls_get_layer:
 *
 * Returns: (transfer none) (nullable): the layer the controls drive
 */
RtccEventLayer *
rtcc_map_controls_get_layer (RtccMapControls *self)
{
  g_return_val_if_fail (RTCC_IS_MAP_CONTROLS (self), NULL);
  return self->layer;
}

/**
 * rtcc_map_controls_set_layer:
 * @layer: (nullable): the layer to drive
 *
 * Applies the chosen period and heat map to @layer at once, so a layer
 * made for a new map looks like the one it replaces.
 */
void
rtcc_map_controls_set_layer (RtccMapControls *self,
                             RtccEventLayer  *layer)
{
  g_return_if_fail (RTCC_IS_MAP_CONTROLS (self));
  g_return_if_fail (layer == NULL || RTCC_IS_EVENT_LAYER (layer));

  if (!g_set_object (&self->layer, layer))
    return;
  rtcc_map_controls_apply (self);
  update_refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAYER]);
}

RtccMapTimeFilter
rtcc_map_controls_get_time_filter (RtccMapControls *self)
{
  g_return_val_if_fail (RTCC_IS_MAP_CONTROLS (self), RTCC_MAP_TIME_FILTER_ALL);
  return self->time_filter;
}

/**
 * rtcc_map_controls_set_time_filter:
 * @filter: how far back the map reaches
 */
void
rtcc_map_controls_set_time_filter (RtccMapControls   *self,
                                   RtccMapTimeFilter  filter)
{
  g_return_if_fail (RTCC_IS_MAP_CONTROLS (self));
  g_return_if_fail (filter <= RTCC_MAP_TIME_FILTER_ALL);

  if (self->time_filter == filter)
    return;
  self->time_filter = filter;
  gtk_toggle_button_set_active (button_for (self, filter), TRUE);
  rtcc_map_controls_apply (self);
  update_refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIME_FILTER]);
}

gboolean
rtcc_map_controls_get_heat_map (RtccMapControls *self)
{
  g_return_val_if_fail (RTCC_IS_MAP_CONTROLS (self), FALSE);
  return self->heat_map;
}

/**
 * rtcc_map_controls_set_heat_map:
 * @heat_map: whether to draw gunshots of the chosen period as a heat map
 */
void
rtcc_map_controls_set_heat_map (RtccMapControls *self,
                                gboolean         heat_map)
{
  g_return_if_fail (RTCC_IS_MAP_CONTROLS (self));

  heat_map = !!heat_map;
  if (self->heat_map == heat_map)
    return;
  self->heat_map = heat_map;
  rtcc_map_controls_apply (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HEAT_MAP]);
}

/**
 * rtcc_map_controls_dup_since:
 *
 * Returns: (transfer full) (nullable): the start of the chosen period
 *   from now, or %NULL for all events
 */
GDateTime *
rtcc_map_controls_dup_since (RtccMapControls *self)
{
  g_autoptr(GDateTime) now = NULL;
  int hours;

  g_return_val_if_fail (RTCC_IS_MAP_CONTROLS (self), NULL);

  switch (self->time_filter)
    {
    case RTCC_MAP_TIME_FILTER_HOUR:
      hours = 1;
      break;
    case RTCC_MAP_TIME_FILTER_SHIFT:
      hours = RTCC_MAP_SHIFT_HOURS;
      break;
    case RTCC_MAP_TIME_FILTER_DAY:
      hours = 24;
      break;
    case RTCC_MAP_TIME_FILTER_ALL:
    default:
      return NULL;
    }
  now = g_date_time_new_now_utc ();
  return g_date_time_add_hours (now, -hours);
}

/**
 * rtcc_map_controls_apply:
 *
 * Sets the layer's time range and heat map from the controls, measured
 * from now.
 */
void
rtcc_map_controls_apply (RtccMapControls *self)
{
  g_autoptr(GDateTime) since = NULL;

  g_return_if_fail (RTCC_IS_MAP_CONTROLS (self));

  if (self->layer == NULL)
    return;
  since = rtcc_map_controls_dup_since (self);
  rtcc_event_layer_set_time_range (self->layer, since, NULL);
  if (self->heat_map)
    rtcc_event_layer_set_heat_mode (self->layer, RTCC_EVENT_TYPE_GUNSHOT, since);
  else if (rtcc_event_layer_get_heat_mode (self->layer))
    rtcc_event_layer_unset_heat_mode (self->layer);
}
