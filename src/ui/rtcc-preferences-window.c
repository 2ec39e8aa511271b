/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccPreferencesWindow"

#include "config.h"

#include <glib/gi18n.h>

#include "rtcc-enums.h"
#include "rtcc-preferences-window.h"

typedef enum
{
  FIELD_URL,
  FIELD_SECRET,
  FIELD_ID,
} FieldKind;

typedef struct
{
  const char *key;
  FieldKind   kind;
  const char *title;   /* translated where shown */
} Field;

typedef struct
{
  RtccSource  source;
  Field       fields[5];
} Vendor;

/* What each vendor needs, in the names its documentation uses. */
static const Vendor vendors[] = {
  { RTCC_SOURCE_MILESTONE, {
      { "MILESTONE_API_URL", FIELD_URL, N_("Server URL") },
      { "MILESTONE_USERNAME", FIELD_ID, N_("Username") },
      { "MILESTONE_PASSWORD", FIELD_SECRET, N_("Password") },
      { "MILESTONE_API_KEY", FIELD_SECRET, N_("Client Secret") },
    } },
  { RTCC_SOURCE_FLOCK, {
      { "FLOCK_API_URL", FIELD_URL, N_("Server URL") },
      { "FLOCK_API_KEY", FIELD_SECRET, N_("API Key") },
      { "FLOCK_AGENCY_ID", FIELD_ID, N_("Agency ID") },
    } },
  { RTCC_SOURCE_SHOTSPOTTER, {
      { "SHOTSPOTTER_API_URL", FIELD_URL, N_("Server URL") },
      { "SHOTSPOTTER_API_KEY", FIELD_SECRET, N_("API Key") },
      { "SHOTSPOTTER_AGENCY_ID", FIELD_ID, N_("Agency ID") },
    } },
  { RTCC_SOURCE_ONESOLUTION, {
      { "ONESOLUTION_API_URL", FIELD_URL, N_("Server URL") },
      { "ONESOLUTION_API_KEY", FIELD_SECRET, N_("API Key") },
      { "ONESOLUTION_AGENCY_ORI", FIELD_ID, N_("Agency ORI") },
    } },
  { RTCC_SOURCE_NESS, {
      { "NESS_API_URL", FIELD_URL, N_("Server URL") },
      { "NESS_API_KEY", FIELD_SECRET, N_("API Key") },
      { "NESS_ORI", FIELD_ID, N_("ORI") },
      { "NESS_OPERATOR_ID", FIELD_ID, N_("Operator ID") },
    } },
  { RTCC_SOURCE_BWC, {
      { "BWC_API_URL", FIELD_URL, N_("Server URL") },
      { "BWC_API_KEY", FIELD_SECRET, N_("API Key") },
      { "BWC_AGENCY_ID", FIELD_ID, N_("Agency ID") },
    } },
  { RTCC_SOURCE_HOTSHEETS, {
      { "HOTSHEETS_API_URL", FIELD_URL, N_("Server URL") },
      { "HOTSHEETS_API_KEY", FIELD_SECRET, N_("API Key") },
      { "HOTSHEETS_AGENCY_ID", FIELD_ID, N_("Agency ID") },
    } },
};

static const Field map_fields[] = {
  { "RTCC_MAP_TILE_URL", FIELD_URL, N_("Tile URL Template") },
  { "RTCC_MAP_MBTILES", FIELD_ID, N_("MBTiles File") },
};

/**
 * RtccPreferencesWindow:
 *
 * Vendor URLs, credentials and identifiers, and the general settings.
 * Values the environment sets are shown read-only, since a restart would
 * bring them back whatever is typed here.
 */
struct _RtccPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  RtccConfig           *config;
  GSettings            *settings;
  GHashTable           *rows;     /* key -> GtkWidget, owned by the tree */
  GCancellable         *cancellable;

  AdwPreferencesPage   *integrations_page;
  AdwPreferencesPage   *general_page;
  AdwPreferencesGroup  *alerts_group;
  AdwPreferencesGroup  *map_group;
  AdwActionRow         *interval_row;
  AdwActionRow         *sound_row;
  AdwActionRow         *notifications_row;
  GtkSpinButton        *interval_spin;
  GtkSwitch            *sound_switch;
  GtkSwitch            *notifications_switch;
};

G_DEFINE_FINAL_TYPE (RtccPreferencesWindow, rtcc_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_CONFIG,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
show_toast (RtccPreferencesWindow *self,
            const char            *message)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, 6);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), toast);
}

static void
store_secret_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(RtccPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!rtcc_config_store_secret_finish (RTCC_CONFIG (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_toast (self, error->message);
      return;
    }
  show_toast (self, _("Saved in the keyring"));
}

static void
save_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(RtccPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!rtcc_config_save_finish (RTCC_CONFIG (object), result, &error))
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      message = g_strdup_printf (_("Settings could not be saved: %s"), error->message);
      show_toast (self, message);
      return;
    }
  show_toast (self, _("Settings saved"));
}

/**
 * rtcc_preferences_window_apply:
 * @key: a setting such as `FLOCK_API_URL`
 * @value: (nullable): its new value; empty or %NULL clears it
 *
 * What the Apply button of a row does: secrets go to the keyring, other
 * values to the configuration file. The outcome is shown as a toast.
 */
void
rtcc_preferences_window_apply (RtccPreferencesWindow *self,
                               const char            *key,
                               const char            *value)
{
  g_return_if_fail (RTCC_IS_PREFERENCES_WINDOW (self));
  g_return_if_fail (key != NULL);

  if (self->config == NULL)
    return;

  if (value != NULL)
    value = g_strstrip (g_strdup (value));
  else
    value = g_strdup ("");

  if (rtcc_config_is_secret_key (key))
    rtcc_config_store_secret_async (self->config, key, value, self->cancellable,
                                    store_secret_cb, g_object_ref (self));
  else
    {
      rtcc_config_set (self->config, key, *value != '\0' ? value : NULL);
      rtcc_config_save_async (self->config, self->cancellable, save_cb, g_object_ref (self));
    }
  g_free ((char *) value);
}

static void
on_entry_apply (AdwEntryRow           *row,
                RtccPreferencesWindow *self)
{
  const char *key = g_object_get_data (G_OBJECT (row), "rtcc-key");

  rtcc_preferences_window_apply (self, key, gtk_editable_get_text (GTK_EDITABLE (row)));
}

static GtkWidget *
create_row (RtccPreferencesWindow *self,
            const Field           *field)
{
  RtccConfigOrigin origin = self->config != NULL ? rtcc_config_get_origin (self->config, field->key)
                                                 : RTCC_CONFIG_ORIGIN_NONE;
  const char *value = self->config != NULL ? rtcc_config_get (self->config, field->key) : NULL;
  GtkWidget *row;

  if (origin == RTCC_CONFIG_ORIGIN_ENVIRONMENT || origin == RTCC_CONFIG_ORIGIN_OVERRIDE)
    {
      g_autofree char *subtitle = NULL;
      g_autofree char *shown = rtcc_config_redact (field->key, value);
      GtkWidget *label = gtk_label_new (shown);

      if (origin == RTCC_CONFIG_ORIGIN_ENVIRONMENT)
        subtitle = g_strdup_printf (_("Set by the environment variable %s"), field->key);
      else
        subtitle = g_strdup_printf (_("Set by demo mode (%s)"), field->key);

      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(field->title));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_label_set_selectable (GTK_LABEL (label), field->kind != FIELD_SECRET);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 32);
      gtk_widget_add_css_class (label, "dim-label");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
    }
  else
    {
      if (field->kind == FIELD_SECRET)
        row = adw_password_entry_row_new ();
      else
        row = adw_entry_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(field->title));
      gtk_editable_set_text (GTK_EDITABLE (row), value != NULL ? value : "");
      adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (row), TRUE);
      if (field->kind == FIELD_URL)
        gtk_widget_set_tooltip_text (row, field->key);
      g_signal_connect (row, "apply", G_CALLBACK (on_entry_apply), self);
    }

  g_object_set_data_full (G_OBJECT (row), "rtcc-key", g_strdup (field->key), g_free);
  g_hash_table_replace (self->rows, (gpointer) field->key, row);
  return row;
}

static void
build_integrations (RtccPreferencesWindow *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (vendors); i++)
    {
      const Vendor *vendor = &vendors[i];
      AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());

      adw_preferences_group_set_title (group, rtcc_source_display_name (vendor->source));
      for (guint j = 0; j < G_N_ELEMENTS (vendor->fields) && vendor->fields[j].key != NULL; j++)
        adw_preferences_group_add (group, create_row (self, &vendor->fields[j]));
      adw_preferences_page_add (self->integrations_page, group);
    }

  for (guint i = 0; i < G_N_ELEMENTS (map_fields); i++)
    adw_preferences_group_add (self->map_group, create_row (self, &map_fields[i]));
}

static gboolean
settings_have_key (GSettings  *settings,
                   const char *key)
{
  g_autoptr(GSettingsSchema) schema = NULL;

  if (settings == NULL)
    return FALSE;
  g_object_get (settings, "settings-schema", &schema, NULL);
  return schema != NULL && g_settings_schema_has_key (schema, key);
}

static void
bind_general (RtccPreferencesWindow *self)
{
  struct {
    const char   *key;
    AdwActionRow *row;
    GObject      *widget;
    const char   *property;
  } bindings[] = {
    { "health-interval-seconds", self->interval_row, G_OBJECT (self->interval_spin), "value" },
    { "alert-sound", self->sound_row, G_OBJECT (self->sound_switch), "active" },
    { "desktop-notifications", self->notifications_row, G_OBJECT (self->notifications_switch), "active" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bindings); i++)
    {
      if (settings_have_key (self->settings, bindings[i].key))
        g_settings_bind (self->settings, bindings[i].key,
                         bindings[i].widget, bindings[i].property, G_SETTINGS_BIND_DEFAULT);
      else
        {
          /* Without the schema these choices cannot be kept: say so
           * rather than offer switches that do nothing. */
          gtk_widget_set_sensitive (GTK_WIDGET (bindings[i].row), FALSE);
          adw_action_row_set_subtitle (bindings[i].row,
                                       _("Unavailable: the settings schema com.g3ti.Rtcc is not installed"));
        }
    }
}

static void
rtcc_preferences_window_constructed (GObject *object)
{
  RtccPreferencesWindow *self = RTCC_PREFERENCES_WINDOW (object);

  G_OBJECT_CLASS (rtcc_preferences_window_parent_class)->constructed (object);

  build_integrations (self);
  bind_general (self);
}

static void
rtcc_preferences_window_dispose (GObject *object)
{
  RtccPreferencesWindow *self = RTCC_PREFERENCES_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), RTCC_TYPE_PREFERENCES_WINDOW);
  g_clear_pointer (&self->rows, g_hash_table_unref);
  g_clear_object (&self->config);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (rtcc_preferences_window_parent_class)->dispose (object);
}

static void
rtcc_preferences_window_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  RtccPreferencesWindow *self = RTCC_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONFIG:
      g_value_set_object (value, self->config);
      break;
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rtcc_preferences_window_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  RtccPreferencesWindow *self = RTCC_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONFIG:
      self->config = g_value_dup_object (value);
      break;
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rtcc_preferences_window_class_init (RtccPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = rtcc_preferences_window_constructed;
  object_class->dispose = rtcc_preferences_window_dispose;
  object_class->get_property = rtcc_preferences_window_get_property;
  object_class->set_property = rtcc_preferences_window_set_property;

  properties[PROP_CONFIG] =
    g_param_spec_object ("config", NULL, NULL, RTCC_TYPE_CONFIG,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/g3ti/Rtcc/rtcc-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RtccPreferencesWindow, integrations_page);
  gtk_widget_class_bind_template_child (widget_class, RtccPreferencesWindow, general_page);
  gtk_widget_class_bind_template_child (widget_class, RtccPreferencesWindow, alerts_group);
  gtk_widget_class_bind_template_child (widget_class, RtccPreferencesWindow, map_group);
  gtk_widget_class_bind_template_child (widget_class, RtccPreferencesWindow, interval_row);
  gtk_widget_class_bind_template_child (widget_class, RtccPreferencesWindow, sound_row);
  gtk_widget_class_bind_template_child (widget_class, RtccPreferencesWindow, notifications_row);
  gtk_widget_class_bind_template_child (widget_class, RtccPreferencesWindow, interval_spin);
  gtk_widget_class_bind_template_child (widget_class, RtccPreferencesWindow, sound_switch);
  gtk_widget_class_bind_template_child (widget_class, RtccPreferencesWindow, notifications_switch);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

static void
rtcc_preferences_window_init (RtccPreferencesWindow *self)
{
  self->rows = g_hash_table_new (g_str_hash, g_str_equal);
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * rtcc_preferences_window_new:
 * @config: the configuration to edit
 * @settings: (nullable): the `com.g3ti.Rtcc` settings, or %NULL when the
 *   schema is not installed
 *
 * Returns: (transfer full): the window
 */
RtccPreferencesWindow *
rtcc_preferences_window_new (RtccConfig *config,
                             GSettings  *settings)
{
  return g_object_new (RTCC_TYPE_PREFERENCES_WINDOW,
                       "config", config,
                       "settings", settings,
                       NULL);
}

/**
 * rtcc_preferences_window_get_config:
 *
 * Returns: (transfer none): the configuration edited
 */
RtccConfig *
rtcc_preferences_window_get_config (RtccPreferencesWindow *self)
{
  g_return_val_if_fail (RTCC_IS_PREFERENCES_WINDOW (self), NULL);
  return self->config;
}

/**
 * rtcc_preferences_window_get_row:
 * @key: a setting such as `NESS_OPERATOR_ID`
 *
 * Returns: (transfer none) (nullable): the row that shows @key: an
 *   #AdwEntryRow when editable, an #AdwActionRow when the environment
 *   sets it
 */
GtkWidget *
rtcc_preferences_window_get_row (RtccPreferencesWindow *self,
                                 const char            *key)
{
  g_return_val_if_fail (RTCC_IS_PREFERENCES_WINDOW (self), NULL);
  return self->rows != NULL ? g_hash_table_lookup (self->rows, key) : NULL;
}
