/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccEventRow"

#include "config.h"

#include <glib/gi18n.h>

#include "rtcc-event-row.h"
#include "rtcc-time.h"
#include "rtcc-ui-format.h"
#include "rtcc-util.h"

/**
 * RtccEventRow:
 *
 * One row of the event feed: type icon, title, address, source, how long
 * ago, and the priority as a coloured bar.
 */
struct _RtccEventRow
{
  GtkWidget  parent_instance;

  RtccEvent *event;
  GDateTime *now;
  char      *time_text;

  GtkWidget *box;
  GtkWidget *priority_bar;
  GtkImage  *icon;
  GtkLabel  *title_label;
  GtkLabel  *time_label;
  GtkLabel  *address_label;
  GtkLabel  *source_label;
};

G_DEFINE_FINAL_TYPE (RtccEventRow, rtcc_event_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_EVENT,
  PROP_NOW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const priority_classes[] = {
  "priority-low", "priority-normal", "priority-high", "priority-critical",
};

static void
update_time (RtccEventRow *self)
{
  g_autoptr(GDateTime) fallback = NULL;
  g_autofree char *text = NULL;
  GDateTime *now = self->now;

  if (self->event == NULL)
    {
      gtk_label_set_label (self->time_label, "");
      g_clear_pointer (&self->time_text, g_free);
      return;
    }
  if (now == NULL)
    now = fallback = g_date_time_new_now_utc ();
  text = rtcc_time_format_ago (rtcc_event_get_occurred_at (self->event), now);
  gtk_label_set_label (self->time_label, text);
  rtcc_set_str (&self->time_text, text);
}

static void
update (RtccEventRow *self)
{
  RtccEvent *event = self->event;
  const char *address;
  g_autofree char *source = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (priority_classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self), priority_classes[i]);

  if (event == NULL)
    {
      gtk_label_set_label (self->title_label, "");
      gtk_label_set_label (self->address_label, "");
      gtk_label_set_label (self->source_label, "");
      gtk_image_clear (self->icon);
      update_time (self);
      return;
    }

  gtk_widget_add_css_class (GTK_WIDGET (self),
                            rtcc_ui_priority_css_class (rtcc_event_get_priority (event)));
  gtk_image_set_from_icon_name (self->icon,
                                rtcc_ui_event_type_icon_name (rtcc_event_get_event_type (event)));
  /* No tooltip here: setting one asks the X server where the pointer is,
   * and rows are rebound for every event that arrives. The type is in the
   * source line below. */
  gtk_label_set_label (self->title_label,
                       rtcc_event_get_title (event) != NULL
                         ? rtcc_event_get_title (event)
                         : rtcc_ui_event_type_label (rtcc_event_get_event_type (event)));

  address = rtcc_event_get_address (event);
  gtk_label_set_label (self->address_label, address != NULL ? address : _("No address"));
  if (address == NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->address_label), "dim-label");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->address_label), "dim-label");

  /* Translators: source · event type · priority, e.g.
   * "ShotSpotter · Gunshot · High priority" */
  source = g_strdup_printf (_("%s · %s · %s priority"),
                            rtcc_source_display_name (rtcc_event_get_source (event)),
                            rtcc_ui_event_type_label (rtcc_event_get_event_type (event)),
                            rtcc_ui_priority_label (rtcc_event_get_priority (event)));
  gtk_label_set_label (self->source_label, source);

  update_time (self);
}

static void
rtcc_event_row_dispose (GObject *object)
{
  RtccEventRow *self = RTCC_EVENT_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), RTCC_TYPE_EVENT_ROW);
  g_clear_object (&self->event);

  G_OBJECT_CLASS (rtcc_event_row_parent_class)->dispose (object);
}

static void
rtcc_event_row_finalize (GObject *object)
{
  RtccEventRow *self = RTCC_EVENT_ROW (object);

  g_clear_pointer (&self->now, g_date_time_unref);
  g_free (self->time_text);

  G_OBJECT_CLASS (rtcc_event_row_parent_class)->finalize (object);
}

static void
rtcc_event_row_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  RtccEventRow *self = RTCC_EVENT_ROW (object);

  switch (prop_id)
    {
    case PROP_EVENT:
      g_value_set_object (value, self->event);
      break;
    case PROP_NOW:
      g_value_set_boxed (value, self->now);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rtcc_event_row_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  RtccEventRow *self = RTCC_EVENT_ROW (object);

  switch (prop_id)
    {
    case PROP_EVENT:
      rtcc_event_row_set_event (self, g_value_get_object (value));
      break;
    case PROP_NOW:
      rtcc_event_row_set_now (self, g_value_get_boxed (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rtcc_event_row_class_init (RtccEventRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rtcc_event_row_dispose;
  object_class->finalize = rtcc_event_row_finalize;
  object_class->get_property = rtcc_event_row_get_property;
  object_class->set_property = rtcc_event_row_set_property;

  properties[PROP_EVENT] =
    g_param_spec_object ("event", NULL, NULL, RTCC_TYPE_EVENT,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_NOW] =
    g_param_spec_boxed ("now", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/g3ti/Rtcc/rtcc-event-row.ui");
  gtk_widget_class_bind_template_child (widget_class, RtccEventRow, box);
  gtk_widget_class_bind_template_child (widget_class, RtccEventRow, priority_bar);
  gtk_widget_class_bind_template_child (widget_class, RtccEventRow, icon);
  gtk_widget_class_bind_template_child (widget_class, RtccEventRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, RtccEventRow, time_label);
  gtk_widget_class_bind_template_child (widget_class, RtccEventRow, address_label);
  gtk_widget_class_bind_template_child (widget_class, RtccEventRow, source_label);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "rtcc-event-row");
}

static void
rtcc_event_row_init (RtccEventRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
rtcc_event_row_new (void)
{
  return g_object_new (RTCC_TYPE_EVENT_ROW, NULL);
}

/**
 * rtcc_event_row_get_event:
 *
 * Returns: (transfer none) (nullable): the event shown
 */
RtccEvent *
rtcc_event_row_get_event (RtccEventRow *self)
{
  g_return_val_if_fail (RTCC_IS_EVENT_ROW (self), NULL);
  return self->event;
}

/**
 * rtcc_event_row_set_event:
 * @event: (nullable): the event to show
 */
void
rtcc_event_row_set_event (RtccEventRow *self,
                          RtccEvent    *event)
{
  g_return_if_fail (RTCC_IS_EVENT_ROW (self));
  g_return_if_fail (event == NULL || RTCC_IS_EVENT (event));

  if (!g_set_object (&self->event, event))
    return;
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EVENT]);
}

/**
 * rtcc_event_row_get_now:
 *
 * Returns: (transfer none) (nullable): the time "ago" is measured from
 */
GDateTime *
rtcc_event_row_get_now (RtccEventRow *self)
{
  g_return_val_if_fail (RTCC_IS_EVENT_ROW (self), NULL);
  return self->now;
}

/**
 * rtcc_event_row_set_now:
 * @now: (nullable): the time "ago" is measured from; %NULL for the clock
 *
 * The feed sets this on every row at once every 30 s, so all rows agree.
 */
void
rtcc_event_row_set_now (RtccEventRow *self,
                        GDateTime    *now)
{
  g_return_if_fail (RTCC_IS_EVENT_ROW (self));

  if (self->now == now)
    return;
  g_clear_pointer (&self->now, g_date_time_unref);
  if (now != NULL)
    self->now = g_date_time_ref (now);
  update_time (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NOW]);
}

/**
 * rtcc_event_row_get_time_text:
 *
 * Returns: (nullable): the "2 min ago" text shown
 */
const char *
rtcc_event_row_get_time_text (RtccEventRow *self)
{
  g_return_val_if_fail (RTCC_IS_EVENT_ROW (self), NULL);
  return self->time_text;
}
