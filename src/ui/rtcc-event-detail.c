/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccEventDetail"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "rtcc-detail-field.h"
#include "rtcc-event-detail.h"
#include "rtcc-gunshot-panel.h"
#include "rtcc-json.h"
#include "rtcc-ness-dialog.h"
#include "rtcc-time.h"
#include "rtcc-ui-format.h"

/* Attribute values longer than this are cut in the pane; Copy as JSON
 * still gives all of it. */
#define MAX_VALUE_CHARS 2000

/**
 * RtccEventDetail:
 *
 * Everything about the selected event: its fields and attributes as
 * name/value rows, and a button to copy it as normalized JSON.
 */
struct _RtccEventDetail
{
  GtkWidget   parent_instance;

  RtccEvent  *event;
  GListStore *fields;
  GListStore *attributes;

  GtkStack   *stack;
  GtkImage   *icon;
  GtkLabel   *title_label;
  GtkListBox *fields_list;
  GtkWidget  *attributes_heading;
  GtkWidget  *cameras_button;
  GtkListBox *attributes_list;
  RtccGunshotPanel *gunshot_panel;
  GtkWidget  *ness_button;
  GtkWidget  *clip_button;
  GtkWidget  *incident_button;
};

G_DEFINE_FINAL_TYPE (RtccEventDetail, rtcc_event_detail, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_EVENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/**
 * rtcc_event_detail_format_json_value:
 * @node: (nullable): an attribute value
 *
 * Returns: (transfer full): the value as the analyst reads it: strings
 *   as they are, lists of strings joined, other structures as JSON
 */
char *
rtcc_event_detail_format_json_value (JsonNode *node)
{
  g_autofree char *text = NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return g_strdup ("—");

  if (JSON_NODE_HOLDS_VALUE (node))
    {
      GType type = json_node_get_value_type (node);

      if (type == G_TYPE_STRING)
        text = g_strdup (json_node_get_string (node));
      else if (type == G_TYPE_BOOLEAN)
        text = g_strdup (json_node_get_boolean (node) ? _("Yes") : _("No"));
      else if (type == G_TYPE_INT64)
        text = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
      else if (type == G_TYPE_DOUBLE)
        text = g_strdup_printf ("%g", json_node_get_double (node));
      else
        text = rtcc_json_to_string (node, FALSE);
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      guint n = json_array_get_length (array);
      g_autoptr(GString) joined = g_string_new (NULL);
      gboolean all_scalar = TRUE;

      for (guint i = 0; i < n && all_scalar; i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          g_autofree char *part = NULL;

          if (!JSON_NODE_HOLDS_VALUE (element))
            {
              all_scalar = FALSE;
              break;
            }
          part = rtcc_event_detail_format_json_value (element);
          if (i > 0)
            g_string_append (joined, ", ");
          g_string_append (joined, part);
        }
      if (n == 0)
        text = g_strdup (_("None"));
      else if (all_scalar)
        text = g_string_free (g_steal_pointer (&joined), FALSE);
      else
        text = rtcc_json_to_string (node, FALSE);
    }
  else
    text = rtcc_json_to_string (node, FALSE);

  if (text == NULL)
    return g_strdup ("—");
  if (g_utf8_strlen (text, -1) > MAX_VALUE_CHARS)
    {
      g_autofree char *cut = g_utf8_substring (text, 0, MAX_VALUE_CHARS);
      return g_strconcat (cut, "…", NULL);
    }
  return g_steal_pointer (&text);
}

static GtkWidget *
create_field_row (gpointer item,
                  gpointer user_data)
{
  RtccDetailField *field = item;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *value = gtk_label_new (rtcc_detail_field_get_value (field));

  /* Vendor strings are shown as text, never as markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), rtcc_detail_field_get_name (field));
  gtk_label_set_selectable (GTK_LABEL (value), TRUE);
  gtk_label_set_wrap (GTK_LABEL (value), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (value), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (value), 1);
  gtk_label_set_justify (GTK_LABEL (value), GTK_JUSTIFY_RIGHT);
  gtk_label_set_max_width_chars (GTK_LABEL (value), 40);
  gtk_widget_set_hexpand (value, TRUE);
  gtk_widget_add_css_class (value, "dim-label");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), value);
  return row;
}

static void
add_field (GListStore *store,
           const char *name,
           const char *value)
{
  g_autoptr(RtccDetailField) field = NULL;

  if (value == NULL || *value == '\0')
    return;
  field = rtcc_detail_field_new (name, value);
  g_list_store_append (store, field);
}

static void
fill (RtccEventDetail *self)
{
  RtccEvent *event = self->event;
  g_autofree char *occurred = NULL;
  g_autofree char *received = NULL;
  g_autofree char *version = NULL;
  g_autofree char *location = NULL;
  JsonObject *attributes;
  double lat, lon;

  g_list_store_remove_all (self->fields);
  g_list_store_remove_all (self->attributes);
  gtk_widget_set_visible (GTK_WIDGET (self->gunshot_panel),
                          event != NULL && rtcc_event_get_event_type (event) == RTCC_EVENT_TYPE_GUNSHOT);
  rtcc_gunshot_panel_set_event (self->gunshot_panel,
                                gtk_widget_get_visible (GTK_WIDGET (self->gunshot_panel)) ? event : NULL);

  if (event == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "detail.copy-json", FALSE);
      return;
    }

  gtk_image_set_from_icon_name (self->icon,
                                rtcc_ui_event_type_icon_name (rtcc_event_get_event_type (event)));
  gtk_label_set_label (self->title_label,
                       rtcc_event_get_title (event) != NULL
                         ? rtcc_event_get_title (event)
                         : rtcc_ui_event_type_label (rtcc_event_get_event_type (event)));

  occurred = rtcc_ui_format_time (rtcc_event_get_occurred_at (event));
  received = rtcc_ui_format_time (rtcc_event_get_received_at (event));
  version = g_strdup_printf ("%u", rtcc_event_get_version (event));
  if (rtcc_event_get_location (event, &lat, &lon))
    location = g_strdup_printf ("%.5f, %.5f", lat, lon);

  add_field (self->fields, _("Type"), rtcc_ui_event_type_label (rtcc_event_get_event_type (event)));
  add_field (self->fields, _("Priority"), rtcc_ui_priority_label (rtcc_event_get_priority (event)));
  add_field (self->fields, _("Source"), rtcc_source_display_name (rtcc_event_get_source (event)));
  add_field (self->fields, _("Address"), rtcc_event_get_address (event));
  add_field (self->fields, _("Location"), location != NULL ? location : _("Not given"));
  add_field (self->fields, _("Occurred"), occurred);
  add_field (self->fields, _("Received"), received);
  add_field (self->fields, _("Version"), version);
  add_field (self->fields, _("ID"), rtcc_event_get_id (event));

  attributes = rtcc_event_get_attributes (event);
  if (attributes != NULL)
    {
      g_autoptr(GList) names = json_object_get_members (attributes);

      names = g_list_sort (names, (GCompareFunc) g_strcmp0);
      for (const GList *l = names; l != NULL; l = l->next)
        {
          g_autofree char *value =
            rtcc_event_detail_format_json_value (json_object_get_member (attributes, l->data));
          g_autoptr(RtccDetailField) field = rtcc_detail_field_new (l->data, value);

          g_list_store_append (self->attributes, field);
        }
    }
  gtk_widget_set_visible (self->attributes_heading,
                          g_list_model_get_n_items (G_LIST_MODEL (self->attributes)) > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->attributes_list),
                          g_list_model_get_n_items (G_LIST_MODEL (self->attributes)) > 0);

  /* Only a place can be looked at by cameras. */
  gtk_widget_set_visible (self->cameras_button, location != NULL);
  gtk_widget_set_visible (self->ness_button, rtcc_ness_event_has_subject (event));
  gtk_widget_set_visible (self->clip_button,
                          rtcc_event_get_event_type (event) == RTCC_EVENT_TYPE_CAMERA_ALERT &&
                          rtcc_event_get_attribute_string (event, "camera_id") != NULL);
  gtk_widget_set_visible (self->incident_button,
                          rtcc_event_get_event_type (event) == RTCC_EVENT_TYPE_INCIDENT_CREATED ||
                          rtcc_event_get_event_type (event) == RTCC_EVENT_TYPE_INCIDENT_UPDATED);
  gtk_stack_set_visible_child_name (self->stack, "event");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "detail.copy-json", TRUE);
}

static void
copy_json_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  RtccEventDetail *self = RTCC_EVENT_DETAIL (widget);
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;

  if (self->event == NULL)
    return;
  node = rtcc_event_to_json (self->event);
  text = rtcc_json_to_string (node, TRUE);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text);
}

static void
rtcc_event_detail_dispose (GObject *object)
{
  RtccEventDetail *self = RTCC_EVENT_DETAIL (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), RTCC_TYPE_EVENT_DETAIL);
  g_clear_object (&self->event);
  g_clear_object (&self->fields);
  g_clear_object (&self->attributes);

  G_OBJECT_CLASS (rtcc_event_detail_parent_class)->dispose (object);
}

static void
rtcc_event_detail_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  RtccEventDetail *self = RTCC_EVENT_DETAIL (object);

  switch (prop_id)
    {
    case PROP_EVENT:
      g_value_set_object (value, self->event);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rtcc_event_detail_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  RtccEventDetail *self = RTCC_EVENT_DETAIL (object);

  switch (prop_id)
    {
    case PROP_EVENT:
      rtcc_event_detail_set_event (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rtcc_event_detail_class_init (RtccEventDetailClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rtcc_event_detail_dispose;
  object_class->get_property = rtcc_event_detail_get_property;
  object_class->set_property = rtcc_event_detail_set_property;

  properties[PROP_EVENT] =
    g_param_spec_object ("event", NULL, NULL, RTCC_TYPE_EVENT,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/g3ti/Rtcc/rtcc-event-detail.ui");
  gtk_widget_class_bind_template_child (widget_class, RtccEventDetail, stack);
  gtk_widget_class_bind_template_child (widget_class, RtccEventDetail, icon);
  gtk_widget_class_bind_template_child (widget_class, RtccEventDetail, title_label);
  gtk_widget_class_bind_template_child (widget_class, RtccEventDetail, fields_list);
  gtk_widget_class_bind_template_child (widget_class, RtccEventDetail, attributes_heading);
  gtk_widget_class_bind_template_child (widget_class, RtccEventDetail, cameras_button);
  gtk_widget_class_bind_template_child (widget_class, RtccEventDetail, attributes_list);
  gtk_widget_class_bind_template_child (widget_class, RtccEventDetail, gunshot_panel);
  gtk_widget_class_bind_template_child (widget_class, RtccEventDetail, ness_button);
  gtk_widget_class_bind_template_child (widget_class, RtccEventDetail, clip_button);
  gtk_widget_class_bind_template_child (widget_class, RtccEventDetail, incident_button);
  gtk_widget_class_install_action (widget_class, "detail.copy-json", NULL, copy_json_action);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "rtcc-event-detail");
  g_type_ensure (RTCC_TYPE_GUNSHOT_PANEL);
}

static void
rtcc_event_detail_init (RtccEventDetail *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->fields = g_list_store_new (RTCC_TYPE_DETAIL_FIELD);
  self->attributes = g_list_store_new (RTCC_TYPE_DETAIL_FIELD);
  gtk_list_box_bind_model (self->fields_list, G_LIST_MODEL (self->fields),
                           create_field_row, NULL, NULL);
  gtk_list_box_bind_model (self->attributes_list, G_LIST_MODEL (self->attributes),
                           create_field_row, NULL, NULL);
  fill (self);
}

GtkWidget *
rtcc_event_detail_new (void)
{
  return g_object_new (RTCC_TYPE_EVENT_DETAIL, NULL);
}

/**
 * rtcc_event_detail_get_event:
 *
 * Returns: (transfer none) (nullable): the event shown
 */
RtccEvent *
rtcc_event_detail_get_event (RtccEventDetail *self)
{
  g_return_val_if_fail (RTCC_IS_EVENT_DETAIL (self), NULL);
  return self->event;
}

/**
 * rtcc_event_detail_set_event:
 * @event: (nullable): the event to show, or %NULL for none
 */
void
rtcc_event_detail_set_event (RtccEventDetail *self,
                             RtccEvent       *event)
{
  g_return_if_fail (RTCC_IS_EVENT_DETAIL (self));
  g_return_if_fail (event == NULL || RTCC_IS_EVENT (event));

  if (!g_set_object (&self->event, event))
    return;
  fill (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EVENT]);
}

/**
 * rtcc_event_detail_get_fields:
 *
 * Returns: (transfer none): the #RtccDetailField rows of the event's own
 *   fields (type, priority, source, address...)
 */
GListModel *
rtcc_event_detail_get_fields (RtccEventDetail *self)
{
  g_return_val_if_fail (RTCC_IS_EVENT_DETAIL (self), NULL);
  return G_LIST_MODEL (self->fields);
}

/**
 * rtcc_event_detail_get_attributes:
 *
 * Returns: (transfer none): the #RtccDetailField rows of its attributes,
 *   sorted by name
 */
GListModel *
rtcc_event_detail_get_attributes (RtccEventDetail *self)
{
  g_return_val_if_fail (RTCC_IS_EVENT_DETAIL (self), NULL);
  return G_LIST_MODEL (self->attributes);
}

/**
 * rtcc_event_detail_get_gunshot_panel:
 *
 * Returns: (transfer none): the gunshot part, shown for gunshot events
 */
RtccGunshotPanel *
rtcc_event_detail_get_gunshot_panel (RtccEventDetail *self)
{
  g_return_val_if_fail (RTCC_IS_EVENT_DETAIL (self), NULL);
  return self->gunshot_panel;
}
