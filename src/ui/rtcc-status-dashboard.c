/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccStatusDashboard"

#include "config.h"

#include <glib/gi18n.h>

#include "rtcc-integration.h"
#include "rtcc-status-dashboard.h"
#include "rtcc-ui-format.h"

#define REFRESH_SECONDS 30

typedef enum
{
  COLUMN_NAME,
  COLUMN_STATUS,
  COLUMN_MESSAGE,
  COLUMN_LAST_CHECK,
  COLUMN_LATENCY,
  COLUMN_ERRORS,
  N_COLUMNS
} Column;

/**
 * RtccStatusDashboard:
 *
 * One row per integration: status, message, last check, latency and
 * errors, kept current from the integrations' property notifications, and
 * a "Check Now" that runs every health check at once.
 */
struct _RtccStatusDashboard
{
  AdwWindow           parent_instance;

  GListModel         *integrations;
  RtccHealthMonitor  *monitor;
  GCancellable       *cancellable;
  GDateTime          *now;
  guint               refresh_id;
  gboolean            checking;

  AdwToastOverlay    *toast_overlay;
  GtkColumnView      *column_view;
  GtkStack           *check_icon_stack;
  GtkSpinner         *spinner;
};

G_DEFINE_FINAL_TYPE (RtccStatusDashboard, rtcc_status_dashboard, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_INTEGRATIONS,
  PROP_HEALTH_MONITOR,
  PROP_CHECKING,
  PROP_NOW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const status_classes[] = {
  "status-online", "status-degraded", "status-offline", "status-disabled",
};

static const char *
column_title (Column column)
{
  switch (column)
    {
    case COLUMN_NAME: return _("Integration");
    case COLUMN_STATUS: return _("Status");
    case COLUMN_MESSAGE: return _("Message");
    case COLUMN_LAST_CHECK: return _("Last Check");
    case COLUMN_LATENCY: return _("Latency");
    case COLUMN_ERRORS: return _("Errors (24 h)");
    case N_COLUMNS:
    default: return "";
    }
}

static void
update_cell (RtccStatusDashboard *self,
             GtkListItem         *list_item,
             Column               column)
{
  RtccIntegration *integration = gtk_list_item_get_item (list_item);
  GtkWidget *child = gtk_list_item_get_child (list_item);
  GtkLabel *label;
  g_autofree char *text = NULL;

  if (integration == NULL || child == NULL)
    return;

  if (column == COLUMN_STATUS)
    {
      RtccIntegrationStatus status = rtcc_integration_get_status (integration);
      GtkWidget *dot = gtk_widget_get_first_child (child);

      label = GTK_LABEL (gtk_widget_get_next_sibling (dot));
      for (guint i = 0; i < G_N_ELEMENTS (status_classes); i++)
        gtk_widget_remove_css_class (dot, status_classes[i]);
      gtk_widget_add_css_class (dot, rtcc_ui_status_css_class (status));
      gtk_label_set_label (label, rtcc_ui_status_label (status));
      return;
    }

  label = GTK_LABEL (child);
  switch (column)
    {
    case COLUMN_NAME:
      text = rtcc_integration_dup_display_name (integration);
      break;
    case COLUMN_MESSAGE:
      text = rtcc_integration_dup_status_message (integration);
      gtk_widget_set_tooltip_text (child, text);
      break;
    case COLUMN_LAST_CHECK:
      {
        g_autoptr(GDateTime) last = rtcc_integration_dup_last_check (integration);
        text = rtcc_ui_format_last_check (last, self->now);
      }
      break;
    case COLUMN_LATENCY:
      {
        g_autoptr(GDateTime) last = rtcc_integration_dup_last_check (integration);
        text = rtcc_ui_format_latency (rtcc_integration_get_latency_ms (integration), last);
      }
      break;
    case COLUMN_ERRORS:
      text = g_strdup_printf ("%u", rtcc_integration_get_errors_24h (integration));
      break;
    case COLUMN_STATUS:
    case N_COLUMNS:
    default:
      g_assert_not_reached ();
    }
  gtk_label_set_label (label, text != NULL ? text : "");
}

typedef struct
{
  RtccStatusDashboard *self;
  GtkListItem         *list_item;
  Column               column;
} CellUpdate;

static void
on_cell_source_notify (CellUpdate *update)
{
  update_cell (update->self, update->list_item, update->column);
}

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            RtccStatusDashboard      *self)
{
  Column column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "rtcc-column"));
  GtkWidget *child;

  if (column == COLUMN_STATUS)
    {
      GtkWidget *dot = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
      GtkWidget *label = gtk_label_new (NULL);

      child = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
      gtk_widget_add_css_class (dot, "status-dot");
      gtk_widget_set_valign (dot, GTK_ALIGN_CENTER);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_box_append (GTK_BOX (child), dot);
      gtk_box_append (GTK_BOX (child), label);
    }
  else
    {
      child = gtk_label_new (NULL);
      gtk_label_set_xalign (GTK_LABEL (child), column == COLUMN_LATENCY || column == COLUMN_ERRORS ? 1 : 0);
      gtk_label_set_ellipsize (GTK_LABEL (child), column == COLUMN_MESSAGE ? PANGO_ELLIPSIZE_END
                                                                           : PANGO_ELLIPSIZE_NONE);
      if (column == COLUMN_LATENCY || column == COLUMN_ERRORS || column == COLUMN_LAST_CHECK)
        gtk_widget_add_css_class (child, "numeric");
      if (column == COLUMN_NAME)
        gtk_widget_add_css_class (child, "heading");
      if (column == COLUMN_MESSAGE)
        gtk_widget_add_css_class (child, "dim-label");
    }
  gtk_list_item_set_child (list_item, child);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           RtccStatusDashboard      *self)
{
  Column column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "rtcc-column"));
  GObject *item = gtk_list_item_get_item (list_item);
  CellUpdate *update = g_new0 (CellUpdate, 1);
  gulong item_handler, clock_handler;

  update->self = self;
  update->list_item = list_item;
  update->column = column;

  /* Any property may change what a cell shows (the latency column reads
   * last-check too), and integrations notify rarely. */
  item_handler = g_signal_connect_data (item, "notify", G_CALLBACK (on_cell_source_notify),
                                        update, (GClosureNotify) (void (*) (void)) g_free,
                                        G_CONNECT_SWAPPED);
  clock_handler = g_signal_connect_swapped (self, "notify::now", G_CALLBACK (on_cell_source_notify), update);
  g_object_set_data (G_OBJECT (list_item), "rtcc-item-handler", GSIZE_TO_POINTER (item_handler));
  g_object_set_data (G_OBJECT (list_item), "rtcc-clock-handler", GSIZE_TO_POINTER (clock_handler));
  update_cell (self, list_item, column);
}

static void
unbind_cell (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             RtccStatusDashboard      *self)
{
  GObject *item = gtk_list_item_get_item (list_item);
  gulong item_handler = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (list_item), "rtcc-item-handler"));
  gulong clock_handler = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (list_item), "rtcc-clock-handler"));

  /* The clock handler first: the item handler's closure owns the shared
   * update data. */
  if (clock_handler != 0)
    g_signal_handler_disconnect (self, clock_handler);
  if (item_handler != 0 && item != NULL)
    g_signal_handler_disconnect (item, item_handler);
  g_object_set_data (G_OBJECT (list_item), "rtcc-item-handler", NULL);
  g_object_set_data (G_OBJECT (list_item), "rtcc-clock-handler", NULL);
}

static void
add_columns (RtccStatusDashboard *self)
{
  for (int i = 0; i < N_COLUMNS; i++)
    {
      g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) column = NULL;

      g_object_set_data (G_OBJECT (factory), "rtcc-column", GINT_TO_POINTER (i));
      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), self);
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), self);
      g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cell), self);
      column = gtk_column_view_column_new (column_title (i), g_object_ref (factory));
      gtk_column_view_column_set_resizable (column, TRUE);
      if (i == COLUMN_MESSAGE)
        gtk_column_view_column_set_expand (column, TRUE);
      if (i == COLUMN_NAME)
        gtk_column_view_column_set_fixed_width (column, 190);
      gtk_column_view_append_column (self->column_view, column);
    }
}

static void
set_checking (RtccStatusDashboard *self,
              gboolean             checking)
{
  if (self->checking == checking)
    return;
  self->checking = checking;
  gtk_spinner_set_spinning (self->spinner, checking);
  gtk_stack_set_visible_child_name (self->check_icon_stack, checking ? "busy" : "idle");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.check-now",
                                 !checking && self->monitor != NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHECKING]);
}

static void
check_all_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(RtccStatusDashboard) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!rtcc_health_monitor_check_all_finish (RTCC_HEALTH_MONITOR (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
    }
  set_checking (self, FALSE);
}

/**
 * rtcc_status_dashboard_check_now:
 *
 * Runs every integration's health check; the rows update as answers come.
 */
void
rtcc_status_dashboard_check_now (RtccStatusDashboard *self)
{
  g_return_if_fail (RTCC_IS_STATUS_DASHBOARD (self));

  if (self->monitor == NULL || self->checking)
    return;
  set_checking (self, TRUE);
  rtcc_health_monitor_check_all_async (self->monitor, self->cancellable,
                                       check_all_cb, g_object_ref (self));
}

static void
check_now_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  rtcc_status_dashboard_check_now (RTCC_STATUS_DASHBOARD (widget));
}

static void
set_now (RtccStatusDashboard *self)
{
  g_clear_pointer (&self->now, g_date_time_unref);
  self->now = g_date_time_new_now_utc ();
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NOW]);
}

static gboolean
refresh_cb (gpointer user_data)
{
  set_now (user_data);
  return G_SOURCE_CONTINUE;
}

static void
rtcc_status_dashboard_constructed (GObject *object)
{
  RtccStatusDashboard *self = RTCC_STATUS_DASHBOARD (object);
  g_autoptr(GtkNoSelection) selection = NULL;

  G_OBJECT_CLASS (rtcc_status_dashboard_parent_class)->constructed (object);

  selection = gtk_no_selection_new (self->integrations != NULL ? g_object_ref (self->integrations) : NULL);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (selection));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.check-now", self->monitor != NULL);
}

static void
rtcc_status_dashboard_dispose (GObject *object)
{
  RtccStatusDashboard *self = RTCC_STATUS_DASHBOARD (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  /* Unbinding the rows needs the model; drop it before the references. */
  if (self->column_view != NULL)
    gtk_column_view_set_model (self->column_view, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), RTCC_TYPE_STATUS_DASHBOARD);
  g_clear_object (&self->integrations);
  g_clear_object (&self->monitor);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (rtcc_status_dashboard_parent_class)->dispose (object);
}

static void
rtcc_status_dashboard_finalize (GObject *object)
{
  RtccStatusDashboard *self = RTCC_STATUS_DASHBOARD (object);

  g_clear_pointer (&self->now, g_date_time_unref);

  G_OBJECT_CLASS (rtcc_status_dashboard_parent_class)->finalize (object);
}

static void
rtcc_status_dashboard_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  RtccStatusDashboard *self = RTCC_STATUS_DASHBOARD (object);

  switch (prop_id)
    {
    case PROP_INTEGRATIONS:
      g_value_set_object (value, self->integrations);
      break;
    case PROP_HEALTH_MONITOR:
      g_value_set_object (value, self->monitor);
      break;
    case PROP_CHECKING:
      g_value_set_boolean (value, self->checking);
      break;
    case PROP_NOW:
      g_value_set_boxed (value, self->now);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rtcc_status_dashboard_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  RtccStatusDashboard *self = RTCC_STATUS_DASHBOARD (object);

  switch (prop_id)
    {
    case PROP_INTEGRATIONS:
      self->integrations = g_value_dup_object (value);
      break;
    case PROP_HEALTH_MONITOR:
      self->monitor = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rtcc_status_dashboard_class_init (RtccStatusDashboardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = rtcc_status_dashboard_constructed;
  object_class->dispose = rtcc_status_dashboard_dispose;
  object_class->finalize = rtcc_status_dashboard_finalize;
  object_class->get_property = rtcc_status_dashboard_get_property;
  object_class->set_property = rtcc_status_dashboard_set_property;

  properties[PROP_INTEGRATIONS] =
    g_param_spec_object ("integrations", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HEALTH_MONITOR] =
    g_param_spec_object ("health-monitor", NULL, NULL, RTCC_TYPE_HEALTH_MONITOR,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CHECKING] =
    g_param_spec_boolean ("checking", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_NOW] =
    g_param_spec_boxed ("now", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/g3ti/Rtcc/rtcc-status-dashboard.ui");
  gtk_widget_class_bind_template_child (widget_class, RtccStatusDashboard, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, RtccStatusDashboard, column_view);
  gtk_widget_class_bind_template_child (widget_class, RtccStatusDashboard, check_icon_stack);
  gtk_widget_class_bind_template_child (widget_class, RtccStatusDashboard, spinner);
  gtk_widget_class_install_action (widget_class, "win.check-now", NULL, check_now_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.check-now", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

static void
rtcc_status_dashboard_init (RtccStatusDashboard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->now = g_date_time_new_now_utc ();
  add_columns (self);
  self->refresh_id = g_timeout_add_seconds (REFRESH_SECONDS, refresh_cb, self);
}

/**
 * rtcc_status_dashboard_new:
 * @integrations: a #GListModel of #RtccIntegration, such as the registry
 * @monitor: (nullable): runs "Check Now"; without one the button is off
 *
 * Returns: (transfer full): the dashboard window
 */
RtccStatusDashboard *
rtcc_status_dashboard_new (GListModel        *integrations,
                           RtccHealthMonitor *monitor)
{
  return g_object_new (RTCC_TYPE_STATUS_DASHBOARD,
                       "integrations", integrations,
                       "health-monitor", monitor,
                       NULL);
}

/**
 * rtcc_status_dashboard_get_integrations:
 *
 * Returns: (transfer none): the integrations shown
 */
GListModel *
rtcc_status_dashboard_get_integrations (RtccStatusDashboard *self)
{
  g_return_val_if_fail (RTCC_IS_STATUS_DASHBOARD (self), NULL);
  return self->integrations;
}

/**
 * rtcc_status_dashboard_get_health_monitor:
 *
 * Returns: (transfer none) (nullable): the monitor "Check Now" uses
 */
RtccHealthMonitor *
rtcc_status_dashboard_get_health_monitor (RtccStatusDashboard *self)
{
  g_return_val_if_fail (RTCC_IS_STATUS_DASHBOARD (self), NULL);
  return self->monitor;
}

gboolean
rtcc_status_dashboard_get_checking (RtccStatusDashboard *self)
{
  g_return_val_if_fail (RTCC_IS_STATUS_DASHBOARD (self), FALSE);
  return self->checking;
}

/**
 * rtcc_status_dashboard_get_column_view:
 *
 * Returns: (transfer none): the table
 */
GtkColumnView *
rtcc_status_dashboard_get_column_view (RtccStatusDashboard *self)
{
  g_return_val_if_fail (RTCC_IS_STATUS_DASHBOARD (self), NULL);
  return self->column_view;
}
