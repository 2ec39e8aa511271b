/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccIncidentSearch"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "rtcc-case-window.h"
#include "rtcc-incident-search-dialog.h"
#include "rtcc-incident-window.h"
#include "rtcc-json.h"
#include "rtcc-session-window.h"

/**
 * RtccIncidentSearchDialog:
 *
 * Looks an RMS incident up by number, or searches incidents by type,
 * status, date range and address, which the RMS filters, and by the map's
 * visible area, which it cannot: that filter is applied here, to each page
 * the RMS returns, and the status line says so. Every request is audited
 * by the integration before its results arrive.
 */
struct _RtccIncidentSearchDialog
{
  AdwWindow                   parent_instance;

  RtccOnesolutionIntegration *rms;
  RtccNessIntegration        *ness;

  GListStore                 *results;
  GtkSortListModel           *sorted;
  GtkSingleSelection         *selection;
  GCancellable               *cancellable;
  gboolean                    searching;
  gboolean                    have_area;
  double                      area[4];     /* south, west, north, east */
  GtkWidget                  *map_view;    /* weak; asked for its area at each search */

  /* The search the pages belong to. */
  char                       *type;
  char                       *status;
  GDateTime                  *from;
  GDateTime                  *to;
  char                       *address;
  gboolean                    in_area;
  guint                       page;
  guint                       total;

  GtkEntry                   *number_entry;
  GtkEntry                   *case_entry;
  GtkEntry                   *type_entry;
  GtkDropDown                *status_dropdown;
  GtkEntry                   *from_entry;
  GtkEntry                   *to_entry;
  GtkEntry                   *address_entry;
  GtkCheckButton             *area_check;
  GtkSpinner                 *spinner;
  GtkLabel                   *status_label;
  GtkLabel                   *page_label;
  GtkColumnView              *column_view;
};

G_DEFINE_FINAL_TYPE (RtccIncidentSearchDialog, rtcc_incident_search_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_SEARCHING,
  N_PROPS
};

enum {
  SHOW_ON_MAP,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* The statuses the RMS knows; the first, "any", sends none. */
static const char *statuses[] = { NULL, "open", "pending", "closed" };

static char *
entry_text (GtkEntry *entry)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
}

static void
set_status (RtccIncidentSearchDialog *self,
            const char               *text)
{
  if (self->status_label != NULL)
    gtk_label_set_text (self->status_label, text);
}

static guint
n_pages (RtccIncidentSearchDialog *self)
{
  return (self->total + RTCC_INCIDENT_SEARCH_PAGE_SIZE - 1) / RTCC_INCIDENT_SEARCH_PAGE_SIZE;
}

static void
update_actions (RtccIncidentSearchDialog *self)
{
  g_autofree char *number = NULL;
  g_autofree char *case_number = NULL;
  gboolean have_results, ready;

  /* A search may finish after the window went. */
  if (self->number_entry == NULL)
    return;
  number = entry_text (self->number_entry);
  case_number = entry_text (self->case_entry);
  have_results = g_list_model_get_n_items (G_LIST_MODEL (self->results)) > 0;
  ready = self->rms != NULL && !self->searching;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "incident-search.search", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "incident-search.cancel", self->searching);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "incident-search.open-number", self->rms != NULL && *number != '\0');
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "incident-search.open-case", self->rms != NULL && *case_number != '\0');
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "incident-search.previous-page", ready && self->page > 1);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "incident-search.next-page", ready && self->page > 0 && self->page < n_pages (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "incident-search.open-selected", have_results);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "incident-search.show-on-map", !self->searching && have_results);
  gtk_widget_set_sensitive (GTK_WIDGET (self->area_check), self->have_area || self->map_view != NULL);
}

static void
set_searching (RtccIncidentSearchDialog *self,
               gboolean                  searching)
{
  self->searching = searching;
  if (self->spinner != NULL)
    gtk_spinner_set_spinning (self->spinner, searching);
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCHING]);
}

/* A date typed as YYYY-MM-DD, local midnight; @end_of_day moves it to the
 * day's last second so that "to" includes the day named. */
static gboolean
parse_day (const char  *text,
           gboolean     end_of_day,
           GDateTime  **out,
           GError     **error)
{
  int y, m, d;
  char tail;
  g_autoptr(GDateTime) day = NULL;

  *out = NULL;
  if (*text == '\0')
    return TRUE;
  if (strlen (text) != 10 || sscanf (text, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 ||
      !g_date_valid_dmy (d, m, y))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("“%s” is not a date. Write it as YYYY-MM-DD, for example 2026-11-22."), text);
      return FALSE;
    }
  day = g_date_time_new_local (y, m, d, 0, 0, 0);
  *out = end_of_day ? g_date_time_add_seconds (day, 24 * 60 * 60 - 1) : g_date_time_ref (day);
  return TRUE;
}

static gboolean
in_area (RtccIncidentSearchDialog *self,
         RtccEvent                *incident)
{
  double lat, lon;

  return rtcc_event_get_location (incident, &lat, &lon) &&
         lat >= self->area[0] && lat <= self->area[2] &&
         lon >= self->area[1] && lon <= self->area[3];
}

static void
search_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(RtccIncidentSearchDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) incidents = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  guint total = 0, page = 0, kept = 0;

  incidents = rtcc_onesolution_integration_search_incidents_finish (RTCC_ONESOLUTION_INTEGRATION (object), result,
                                                                   &total, &page, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      if (self->status_label != NULL)
        {
          set_status (self, _("Search cancelled."));
          set_searching (self, FALSE);
        }
      return;
    }
  if (self->status_label == NULL)
    return;
  if (incidents == NULL)
    {
      set_status (self, error->message);
      set_searching (self, FALSE);
      return;
    }

  self->total = total;
  self->page = page > 0 ? page : 1;
  g_list_store_remove_all (self->results);
  for (guint i = 0; i < incidents->len; i++)
    {
      RtccEvent *incident = g_ptr_array_index (incidents, i);

      if (self->in_area && !in_area (self, incident))
        continue;
      g_list_store_append (self->results, incident);
      kept++;
    }

  if (total == 0)
    g_string_append (text, _("No incident matches."));
  else
    g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u incident matches at the RMS.",
                                               "%u incidents match at the RMS.", total), total);
  if (self->in_area)
    {
      g_string_append_c (text, ' ');
      /* The RMS has no place filter: the operator must know the count
       * above is not what the list shows. */
      g_string_append_printf (text, _("The RMS cannot filter by map area; %u of this page’s %u lie in the visible area."),
                              kept, incidents->len);
    }
  set_status (self, text->str);
  if (self->page_label != NULL)
    {
      g_autofree char *page_text = g_strdup_printf (_("Page %u of %u"), self->page, MAX (n_pages (self), 1));

      gtk_label_set_text (self->page_label, page_text);
    }
  set_searching (self, FALSE);
}

static void
send_page (RtccIncidentSearchDialog *self,
           guint                     page)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  set_status (self, _("Searching the RMS…"));
  set_searching (self, TRUE);
  rtcc_onesolution_integration_search_incidents_async (self->rms, self->type, self->status, self->from, self->to,
                                                       self->address, page, RTCC_INCIDENT_SEARCH_PAGE_SIZE,
                                                       self->cancellable, search_cb, g_object_ref (self));
}

/**
 * rtcc_incident_search_dialog_search:
 *
 * Sends the form's search for its first page.
 *
 * Returns: whether the search was sent; if not, the status says why
 */
gboolean
rtcc_incident_search_dialog_search (RtccIncidentSearchDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) from = NULL;
  g_autoptr(GDateTime) to = NULL;
  g_autofree char *from_text = NULL;
  g_autofree char *to_text = NULL;
  g_autofree char *type = NULL;
  g_autofree char *address = NULL;
  guint status;

  g_return_val_if_fail (RTCC_IS_INCIDENT_SEARCH_DIALOG (self), FALSE);

  if (self->rms == NULL || self->searching)
    return FALSE;
  from_text = entry_text (self->from_entry);
  to_text = entry_text (self->to_entry);
  if (!parse_day (from_text, FALSE, &from, &error) || !parse_day (to_text, TRUE, &to, &error))
    {
      set_status (self, error->message);
      return FALSE;
    }
  if (from != NULL && to != NULL && g_date_time_compare (from, to) > 0)
    {
      set_status (self, _("The range ends before it starts. Swap the dates."));
      return FALSE;
    }
  type = g_ascii_strup (gtk_editable_get_text (GTK_EDITABLE (self->type_entry)), -1);
  g_strstrip (type);
  address = entry_text (self->address_entry);
  status = gtk_drop_down_get_selected (self->status_dropdown);

  g_free (self->type);
  self->type = *type != '\0' ? g_steal_pointer (&type) : NULL;
  g_free (self->address);
  self->address = *address != '\0' ? g_steal_pointer (&address) : NULL;
  g_free (self->status);
  self->status = g_strdup (status < G_N_ELEMENTS (statuses) ? statuses[status] : NULL);
  g_clear_pointer (&self->from, g_date_time_unref);
  self->from = g_steal_pointer (&from);
  g_clear_pointer (&self->to, g_date_time_unref);
  self->to = g_steal_pointer (&to);
  self->in_area = gtk_check_button_get_active (self->area_check);
  /* The map may have moved since the dialog opened. */
  if (self->in_area && self->map_view != NULL)
    {
      RtccGeoArea area;

      if (rtcc_map_view_get_visible_area (RTCC_MAP_VIEW (self->map_view), &area))
        rtcc_incident_search_dialog_set_map_area (self, area.south, area.west, area.north, area.east);
    }
  if (self->in_area && !self->have_area)
    {
      set_status (self, _("The map shows no area yet. Open the map with tiles, or clear “Visible map area”."));
      return FALSE;
    }
  self->total = 0;
  self->page = 0;
  send_page (self, 1);
  return TRUE;
}

/**
 * rtcc_incident_search_dialog_go_to_page:
 * @page: the page, from 1
 *
 * Asks the RMS for another page of the last search.
 *
 * Returns: whether the page was asked for
 */
gboolean
rtcc_incident_search_dialog_go_to_page (RtccIncidentSearchDialog *self,
                                        guint                     page)
{
  g_return_val_if_fail (RTCC_IS_INCIDENT_SEARCH_DIALOG (self), FALSE);

  if (self->rms == NULL || self->searching || self->page == 0 || page < 1 || page > n_pages (self))
    return FALSE;
  send_page (self, page);
  return TRUE;
}

static void
present_child (RtccIncidentSearchDialog *self,
               GtkWindow                *window)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  /* The main window's child, so it outlives the search that found it. */
  rtcc_session_window_present (window, parent != NULL ? parent : GTK_WINDOW (self));
}

/**
 * rtcc_incident_search_dialog_open_incident:
 * @number: an incident number
 *
 * Opens the incident window, which looks the incident up.
 *
 * Returns: (transfer none) (nullable): the window
 */
GtkWindow *
rtcc_incident_search_dialog_open_incident (RtccIncidentSearchDialog *self,
                                           const char               *number)
{
  RtccIncidentWindow *window;

  g_return_val_if_fail (RTCC_IS_INCIDENT_SEARCH_DIALOG (self), NULL);

  if (self->rms == NULL || number == NULL || *number == '\0')
    return NULL;
  window = rtcc_incident_window_new_for_number (self->rms, self->ness, number);
  present_child (self, GTK_WINDOW (window));
  return GTK_WINDOW (window);
}

/**
 * rtcc_incident_search_dialog_open_case:
 * @case_number: a case number
 *
 * Opens the case window, which looks the case up.
 *
 * Returns: (transfer none) (nullable): the window
 */
GtkWindow *
rtcc_incident_search_dialog_open_case (RtccIncidentSearchDialog *self,
                                       const char               *case_number)
{
  RtccCaseWindow *window;

  g_return_val_if_fail (RTCC_IS_INCIDENT_SEARCH_DIALOG (self), NULL);

  if (self->rms == NULL || case_number == NULL || *case_number == '\0')
    return NULL;
  window = rtcc_case_window_new (self->rms, self->ness, case_number);
  present_child (self, GTK_WINDOW (window));
  return GTK_WINDOW (window);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  rtcc_incident_search_dialog_search (RTCC_INCIDENT_SEARCH_DIALOG (widget));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  g_cancellable_cancel (RTCC_INCIDENT_SEARCH_DIALOG (widget)->cancellable);
}

static void
page_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  RtccIncidentSearchDialog *self = RTCC_INCIDENT_SEARCH_DIALOG (widget);

  rtcc_incident_search_dialog_go_to_page (self, g_str_equal (action_name, "incident-search.next-page")
                                                ? self->page + 1 : self->page - 1);
}

static void
open_number_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  RtccIncidentSearchDialog *self = RTCC_INCIDENT_SEARCH_DIALOG (widget);
  g_autofree char *number = entry_text (self->number_entry);

  rtcc_incident_search_dialog_open_incident (self, number);
}

static void
open_case_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  RtccIncidentSearchDialog *self = RTCC_INCIDENT_SEARCH_DIALOG (widget);
  g_autofree char *case_number = entry_text (self->case_entry);

  rtcc_incident_search_dialog_open_case (self, case_number);
}

static void
on_number_activate (RtccIncidentSearchDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "incident-search.open-number", NULL);
}

static void
on_case_activate (RtccIncidentSearchDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "incident-search.open-case", NULL);
}

static void
open_position (RtccIncidentSearchDialog *self,
               guint                     position)
{
  g_autoptr(RtccEvent) incident = g_list_model_get_item (G_LIST_MODEL (self->sorted), position);

  if (incident != NULL)
    rtcc_incident_search_dialog_open_incident (self, rtcc_event_get_attribute_string (incident, "incident_number"));
}

static void
open_selected_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  RtccIncidentSearchDialog *self = RTCC_INCIDENT_SEARCH_DIALOG (widget);
  guint position = gtk_single_selection_get_selected (self->selection);

  if (position != GTK_INVALID_LIST_POSITION)
    open_position (self, position);
}

static void
on_activate (GtkColumnView            *view,
             guint                     position,
             RtccIncidentSearchDialog *self)
{
  open_position (self, position);
}

static int
compare_time (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  return g_date_time_compare (rtcc_event_get_occurred_at ((RtccEvent *) a),
                              rtcc_event_get_occurred_at ((RtccEvent *) b));
}

static void
show_on_map_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  RtccIncidentSearchDialog *self = RTCC_INCIDENT_SEARCH_DIALOG (widget);
  g_autoptr(GListStore) located = g_list_store_new (RTCC_TYPE_EVENT);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->results));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RtccEvent) incident = g_list_model_get_item (G_LIST_MODEL (self->results), i);
      double lat, lon;

      if (rtcc_event_get_location (incident, &lat, &lon))
        g_list_store_insert_sorted (located, incident, compare_time, NULL);
    }
  if (g_list_model_get_n_items (G_LIST_MODEL (located)) == 0)
    {
      set_status (self, _("None of these incidents has a location to show."));
      return;
    }
  g_signal_emit (self, signals[SHOW_ON_MAP], 0, located);
}

static char *
type_text (RtccEvent *incident)
{
  JsonObject *attributes = rtcc_event_get_attributes (incident);
  JsonNode *node = attributes != NULL ? json_object_get_member (attributes, "incident_type") : NULL;
  JsonObject *type;
  const char *code, *description;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return g_strdup ("");
  type = json_node_get_object (node);
  code = rtcc_json_get_string (type, "code");
  description = rtcc_json_get_string (type, "description");
  if (description != NULL && code != NULL)
    return g_strdup_printf ("%s (%s)", description, code);
  return g_strdup (description != NULL ? description : code != NULL ? code : "");
}

static void
setup_label (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);
}

static void
bind_column (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  user_data)
{
  RtccEvent *incident = gtk_list_item_get_item (item);
  const char *column = user_data;
  g_autofree char *text = NULL;

  if (g_str_equal (column, "time"))
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (rtcc_event_get_occurred_at (incident));

      text = g_date_time_format (local, "%Y-%m-%d %H:%M");
    }
  else if (g_str_equal (column, "type"))
    text = type_text (incident);
  else if (g_str_equal (column, "address"))
    text = g_strdup (rtcc_event_get_address (incident));
  else
    text = g_strdup (rtcc_event_get_attribute_string (incident, column));
  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), text != NULL ? text : "");
}

static int
compare_attribute (gconstpointer a,
                   gconstpointer b,
                   gpointer      user_data)
{
  return g_strcmp0 (rtcc_event_get_attribute_string ((RtccEvent *) a, user_data),
                    rtcc_event_get_attribute_string ((RtccEvent *) b, user_data));
}

static int
compare_address (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  return g_strcmp0 (rtcc_event_get_address ((RtccEvent *) a), rtcc_event_get_address ((RtccEvent *) b));
}

static GtkColumnViewColumn *
add_column (RtccIncidentSearchDialog *self,
            const char               *title,
            const char               *column_name,
            GCompareDataFunc          compare,
            gpointer                  compare_data,
            gboolean                  expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *column;

  g_signal_connect (factory, "setup", G_CALLBACK (setup_label), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_column), (gpointer) column_name);
  column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (column, expand);
  gtk_column_view_column_set_resizable (column, TRUE);
  if (compare != NULL)
    {
      g_autoptr(GtkSorter) sorter = GTK_SORTER (gtk_custom_sorter_new (compare, compare_data, NULL));

      gtk_column_view_column_set_sorter (column, sorter);
    }
  gtk_column_view_append_column (self->column_view, column);
  g_object_unref (column);
  return column;
}

static void
on_form_changed (RtccIncidentSearchDialog *self)
{
  update_actions (self);
}

static gboolean
rtcc_incident_search_dialog_close_request (GtkWindow *window)
{
  g_cancellable_cancel (RTCC_INCIDENT_SEARCH_DIALOG (window)->cancellable);

  return GTK_WINDOW_CLASS (rtcc_incident_search_dialog_parent_class)->close_request (window);
}

static void
rtcc_incident_search_dialog_dispose (GObject *object)
{
  RtccIncidentSearchDialog *self = RTCC_INCIDENT_SEARCH_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), RTCC_TYPE_INCIDENT_SEARCH_DIALOG);

  G_OBJECT_CLASS (rtcc_incident_search_dialog_parent_class)->dispose (object);
}

static void
rtcc_incident_search_dialog_finalize (GObject *object)
{
  RtccIncidentSearchDialog *self = RTCC_INCIDENT_SEARCH_DIALOG (object);

  g_clear_weak_pointer (&self->map_view);
  g_clear_object (&self->rms);
  g_clear_object (&self->ness);
  g_clear_object (&self->results);
  g_clear_object (&self->sorted);
  g_clear_object (&self->selection);
  g_clear_object (&self->cancellable);
  g_free (self->type);
  g_free (self->status);
  g_free (self->address);
  g_clear_pointer (&self->from, g_date_time_unref);
  g_clear_pointer (&self->to, g_date_time_unref);

  G_OBJECT_CLASS (rtcc_incident_search_dialog_parent_class)->finalize (object);
}

static void
rtcc_incident_search_dialog_get_property (GObject    *object,
                                          guint       prop_id,
                                          GValue     *value,
                                          GParamSpec *pspec)
{
  RtccIncidentSearchDialog *self = RTCC_INCIDENT_SEARCH_DIALOG (object);

  switch (prop_id)
    {
    case PROP_SEARCHING:
      g_value_set_boolean (value, self->searching);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rtcc_incident_search_dialog_class_init (RtccIncidentSearchDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rtcc_incident_search_dialog_dispose;
  object_class->finalize = rtcc_incident_search_dialog_finalize;
  object_class->get_property = rtcc_incident_search_dialog_get_property;
  GTK_WINDOW_CLASS (klass)->close_request = rtcc_incident_search_dialog_close_request;

  /**
   * RtccIncidentSearchDialog:searching:
   *
   * Whether a search is under way.
   */
  properties[PROP_SEARCHING] =
    g_param_spec_boolean ("searching", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RtccIncidentSearchDialog::show-on-map:
   * @self: the dialog
   * @incidents: (type GListModel): the located incidents, oldest first
   *
   * The operator asked to see the results on the map.
   */
  signals[SHOW_ON_MAP] =
    g_signal_new ("show-on-map", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_LIST_MODEL);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/g3ti/Rtcc/rtcc-incident-search-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, RtccIncidentSearchDialog, number_entry);
  gtk_widget_class_bind_template_child (widget_class, RtccIncidentSearchDialog, case_entry);
  gtk_widget_class_bind_template_child (widget_class, RtccIncidentSearchDialog, type_entry);
  gtk_widget_class_bind_template_child (widget_class, RtccIncidentSearchDialog, status_dropdown);
  gtk_widget_class_bind_template_child (widget_class, RtccIncidentSearchDialog, from_entry);
  gtk_widget_class_bind_template_child (widget_class, RtccIncidentSearchDialog, to_entry);
  gtk_widget_class_bind_template_child (widget_class, RtccIncidentSearchDialog, address_entry);
  gtk_widget_class_bind_template_child (widget_class, RtccIncidentSearchDialog, area_check);
  gtk_widget_class_bind_template_child (widget_class, RtccIncidentSearchDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, RtccIncidentSearchDialog, status_label);
  gtk_widget_class_bind_template_child (widget_class, RtccIncidentSearchDialog, page_label);
  gtk_widget_class_bind_template_child (widget_class, RtccIncidentSearchDialog, column_view);

  gtk_widget_class_install_action (widget_class, "incident-search.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "incident-search.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "incident-search.previous-page", NULL, page_action);
  gtk_widget_class_install_action (widget_class, "incident-search.next-page", NULL, page_action);
  gtk_widget_class_install_action (widget_class, "incident-search.open-number", NULL, open_number_action);
  gtk_widget_class_install_action (widget_class, "incident-search.open-case", NULL, open_case_action);
  gtk_widget_class_install_action (widget_class, "incident-search.open-selected", NULL, open_selected_action);
  gtk_widget_class_install_action (widget_class, "incident-search.show-on-map", NULL, show_on_map_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
rtcc_incident_search_dialog_init (RtccIncidentSearchDialog *self)
{
  GtkColumnViewColumn *time_column;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->results = g_list_store_new (RTCC_TYPE_EVENT);
  self->sorted = gtk_sort_list_model_new (G_LIST_MODEL (g_object_ref (self->results)),
                                          g_object_ref (gtk_column_view_get_sorter (self->column_view)));
  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->sorted)));
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

  add_column (self, _("Number"), "incident_number", compare_attribute, (gpointer) "incident_number", FALSE);
  add_column (self, _("Type"), "type", NULL, NULL, TRUE);
  add_column (self, _("Status"), "status", compare_attribute, (gpointer) "status", FALSE);
  time_column = add_column (self, _("Reported"), "time", compare_time, NULL, FALSE);
  add_column (self, _("Address"), "address", compare_address, NULL, TRUE);
  gtk_column_view_sort_by_column (self->column_view, time_column, GTK_SORT_DESCENDING);
  g_signal_connect (self->column_view, "activate", G_CALLBACK (on_activate), self);

  g_signal_connect_swapped (self->number_entry, "changed", G_CALLBACK (on_form_changed), self);
  g_signal_connect_swapped (self->case_entry, "changed", G_CALLBACK (on_form_changed), self);
  g_signal_connect_swapped (self->number_entry, "activate", G_CALLBACK (on_number_activate), self);
  g_signal_connect_swapped (self->case_entry, "activate", G_CALLBACK (on_case_activate), self);
  for (GtkEntry **e = (GtkEntry *[]) { self->type_entry, self->from_entry, self->to_entry, self->address_entry, NULL }; *e; e++)
    g_signal_connect_swapped (*e, "activate", G_CALLBACK (rtcc_incident_search_dialog_search), self);
  set_status (self, _("Open an incident by number, or search by type, status, dates and address."));
  gtk_label_set_text (self->page_label, "");
  update_actions (self);
}

/**
 * rtcc_incident_search_dialog_new:
 * @rms: (nullable): the OneSolution RMS integration
 * @ness: (nullable): the NESS integration, for the persons of opened incidents
 *
 * Returns: (transfer full): the dialog
 */
RtccIncidentSearchDialog *
rtcc_incident_search_dialog_new (RtccOnesolutionIntegration *rms,
                                 RtccNessIntegration        *ness)
{
  RtccIncidentSearchDialog *self;

  g_return_val_if_fail (rms == NULL || RTCC_IS_ONESOLUTION_INTEGRATION (rms), NULL);
  g_return_val_if_fail (ness == NULL || RTCC_IS_NESS_INTEGRATION (ness), NULL);

  self = g_object_new (RTCC_TYPE_INCIDENT_SEARCH_DIALOG, NULL);
  self->rms = rms != NULL ? g_object_ref (rms) : NULL;
  self->ness = ness != NULL ? g_object_ref (ness) : NULL;
  if (rms == NULL)
    set_status (self, _("OneSolution RMS is not part of this workstation’s integrations."));
  update_actions (self);
  return self;
}

/**
 * rtcc_incident_search_dialog_set_map_area:
 *
 * Gives the map's visible area, in degrees, for the "Visible map area"
 * filter.
 */
void
rtcc_incident_search_dialog_set_map_area (RtccIncidentSearchDialog *self,
                                          double                    south,
                                          double                    west,
                                          double                    north,
                                          double                    east)
{
  g_return_if_fail (RTCC_IS_INCIDENT_SEARCH_DIALOG (self));

  self->have_area = south <= north && west <= east;
  self->area[0] = south;
  self->area[1] = west;
  self->area[2] = north;
  self->area[3] = east;
  update_actions (self);
}

/**
 * rtcc_incident_search_dialog_set_map_view:
 * @map_view: (nullable): the map whose visible area the filter uses
 *
 * The map is asked for its area at each search, so a search follows the
 * map as the operator pans it.
 */
void
rtcc_incident_search_dialog_set_map_view (RtccIncidentSearchDialog *self,
                                          RtccMapView              *map_view)
{
  g_return_if_fail (RTCC_IS_INCIDENT_SEARCH_DIALOG (self));
  g_return_if_fail (map_view == NULL || RTCC_IS_MAP_VIEW (map_view));

  g_set_weak_pointer (&self->map_view, GTK_WIDGET (map_view));
  update_actions (self);
}

/**
 * rtcc_incident_search_dialog_set_query:
 * @type: (nullable): an RMS incident type code
 * @status: (nullable): open, pending or closed
 * @from: (nullable): first day, YYYY-MM-DD
 * @to: (nullable): last day, YYYY-MM-DD
 * @address: (nullable): part of the address
 * @in_map_area: whether to keep only incidents in the map's visible area
 *
 * Fills the search form.
 */
void
rtcc_incident_search_dialog_set_query (RtccIncidentSearchDialog *self,
                                       const char               *type,
                                       const char               *status,
                                       const char               *from,
                                       const char               *to,
                                       const char               *address,
                                       gboolean                  in_map_area)
{
  guint selected = 0;

  g_return_if_fail (RTCC_IS_INCIDENT_SEARCH_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->type_entry), type ? type : "");
  gtk_editable_set_text (GTK_EDITABLE (self->from_entry), from ? from : "");
  gtk_editable_set_text (GTK_EDITABLE (self->to_entry), to ? to : "");
  gtk_editable_set_text (GTK_EDITABLE (self->address_entry), address ? address : "");
  for (guint i = 1; status != NULL && i < G_N_ELEMENTS (statuses); i++)
    if (g_ascii_strcasecmp (status, statuses[i]) == 0)
      selected = i;
  gtk_drop_down_set_selected (self->status_dropdown, selected);
  gtk_check_button_set_active (self->area_check, in_map_area && (self->have_area || self->map_view != NULL));
}

/**
 * rtcc_incident_search_dialog_get_searching:
 *
 * Returns: whether a search is under way
 */
gboolean
rtcc_incident_search_dialog_get_searching (RtccIncidentSearchDialog *self)
{
  g_return_val_if_fail (RTCC_IS_INCIDENT_SEARCH_DIALOG (self), FALSE);
  return self->searching;
}

/**
 * rtcc_incident_search_dialog_get_page:
 *
 * Returns: the page shown, from 1; 0 before the first search
 */
guint
rtcc_incident_search_dialog_get_page (RtccIncidentSearchDialog *self)
{
  g_return_val_if_fail (RTCC_IS_INCIDENT_SEARCH_DIALOG (self), 0);
  return self->page;
}

/**
 * rtcc_incident_search_dialog_get_n_pages:
 *
 * Returns: how many pages the RMS has for the last search
 */
guint
rtcc_incident_search_dialog_get_n_pages (RtccIncidentSearchDialog *self)
{
  g_return_val_if_fail (RTCC_IS_INCIDENT_SEARCH_DIALOG (self), 0);
  return n_pages (self);
}

/**
 * rtcc_incident_search_dialog_get_results:
 *
 * Returns: (transfer none): the incidents of the page shown, as RMS
 *   #RtccEvent<!-- -->s, in the order the RMS gave them
 */
GListModel *
rtcc_incident_search_dialog_get_results (RtccIncidentSearchDialog *self)
{
  g_return_val_if_fail (RTCC_IS_INCIDENT_SEARCH_DIALOG (self), NULL);
  return G_LIST_MODEL (self->results);
}

/**
 * rtcc_incident_search_dialog_get_status:
 *
 * Returns: (transfer none): the status line
 */
const char *
rtcc_incident_search_dialog_get_status (RtccIncidentSearchDialog *self)
{
  g_return_val_if_fail (RTCC_IS_INCIDENT_SEARCH_DIALOG (self), NULL);
  return gtk_label_get_text (self->status_label);
}
