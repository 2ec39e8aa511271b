/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccEventFeed"

#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "rtcc-event-feed.h"
#include "rtcc-event-row.h"
#include "rtcc-util.h"

/* How often "2 min ago" is brought up to date. */
#define REFRESH_SECONDS 30

/**
 * RtccEventFeed:
 *
 * The side column: the live events, newest first, filtered by source and
 * by a search over title and address, above the detail of the selected
 * event.
 */
struct _RtccEventFeed
{
  GtkWidget           parent_instance;

  GListModel         *model;
  GtkCustomFilter    *filter;
  GtkFilterListModel *filtered;
  GtkSingleSelection *selection;
  GDateTime          *now;
  int                 source;
  char               *search;        /* as typed */
  char               *folded_search; /* case-folded, NULL when empty */
  guint               refresh_id;

  GtkPaned           *paned;
  GtkSearchEntry     *search_entry;
  GtkDropDown        *source_dropdown;
  GtkStack           *list_stack;
  GtkListView        *list_view;
  AdwStatusPage      *empty_page;
  GtkLabel           *count_label;
  RtccEventDetail    *detail;
};

G_DEFINE_FINAL_TYPE (RtccEventFeed, rtcc_event_feed, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MODEL,
  PROP_NOW,
  PROP_SELECTED_EVENT,
  PROP_SOURCE_FILTER,
  PROP_SEARCH_TEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
contains_folded (const char *haystack,
                 const char *folded_needle)
{
  g_autofree char *folded = NULL;

  if (haystack == NULL)
    return FALSE;
  folded = g_utf8_casefold (haystack, -1);
  return strstr (folded, folded_needle) != NULL;
}

/**
 * rtcc_event_feed_event_matches:
 * @source: an #RtccSource, or %RTCC_EVENT_FEED_ALL_SOURCES
 * @folded_search: (nullable): search text folded with g_utf8_casefold()
 *
 * Returns: whether the feed shows @event under these filters
 */
gboolean
rtcc_event_feed_event_matches (RtccEvent  *event,
                               int         source,
                               const char *folded_search)
{
  if (source != RTCC_EVENT_FEED_ALL_SOURCES && (int) rtcc_event_get_source (event) != source)
    return FALSE;
  if (folded_search == NULL || *folded_search == '\0')
    return TRUE;
  return contains_folded (rtcc_event_get_title (event), folded_search) ||
         contains_folded (rtcc_event_get_address (event), folded_search);
}

static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  RtccEventFeed *self = user_data;

  return rtcc_event_feed_event_matches (item, self->source, self->folded_search);
}

static void
update_empty_state (RtccEventFeed *self)
{
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
  guint total = self->model != NULL ? g_list_model_get_n_items (self->model) : 0;
  g_autofree char *count = NULL;

  if (shown > 0)
    gtk_stack_set_visible_child_name (self->list_stack, "list");
  else
    {
      if (total == 0)
        {
          adw_status_page_set_title (self->empty_page, _("Waiting for Events"));
          adw_status_page_set_description (self->empty_page,
                                           _("Events from the connected integrations appear here as they arrive."));
        }
      else
        {
          adw_status_page_set_title (self->empty_page, _("No Matching Events"));
          adw_status_page_set_description (self->empty_page,
                                           _("Change the source or the search to see more events."));
        }
      gtk_stack_set_visible_child_name (self->list_stack, "empty");
    }

  if (shown == total)
    count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u event", "%u events", total), total);
  else
    /* Translators: "12 of 240 events" */
    count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u event", "%u of %u events", total),
                             shown, total);
  gtk_label_set_label (self->count_label, count);
}

static void
on_filtered_items_changed (RtccEventFeed *self,
                           guint          position,
                           guint          removed,
                           guint          added)
{
  GtkAdjustment *vadj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->list_view));

  /* The newest event goes on top; an analyst watching the top of the
   * feed keeps watching it instead of being pushed down by each arrival. */
  if (position == 0 && added > 0 && vadj != NULL && gtk_adjustment_get_value (vadj) < 1.0)
    gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", 0);

  update_empty_state (self);
}

static void
on_selected_item_notify (RtccEventFeed *self)
{
  RtccEvent *event = gtk_single_selection_get_selected_item (self->selection);

  rtcc_event_detail_set_event (self->detail, event);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_EVENT]);
}

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           RtccEventFeed            *self)
{
  GtkWidget *row = rtcc_event_row_new ();

  /* All rows share the feed's clock, so they agree on "ago" and refresh
   * together. */
  g_object_bind_property (self, "now", row, "now", G_BINDING_SYNC_CREATE);
  gtk_list_item_set_child (item, row);
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          RtccEventFeed            *self)
{
  rtcc_event_row_set_event (RTCC_EVENT_ROW (gtk_list_item_get_child (item)),
                            gtk_list_item_get_item (item));
}

static void
unbind_row (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            RtccEventFeed            *self)
{
  rtcc_event_row_set_event (RTCC_EVENT_ROW (gtk_list_item_get_child (item)), NULL);
}

static void
set_now (RtccEventFeed *self,
         GDateTime     *now)
{
  g_clear_pointer (&self->now, g_date_time_unref);
  self->now = g_date_time_ref (now);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NOW]);
}

/**
 * rtcc_event_feed_refresh_times:
 *
 * Brings every row's "ago" text up to date now.
 */
void
rtcc_event_feed_refresh_times (RtccEventFeed *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  g_return_if_fail (RTCC_IS_EVENT_FEED (self));
  set_now (self, now);
}

static gboolean
refresh_cb (gpointer user_data)
{
  rtcc_event_feed_refresh_times (user_data);
  return G_SOURCE_CONTINUE;
}

static void
on_search_changed (RtccEventFeed  *self,
                   GtkSearchEntry *entry)
{
  rtcc_event_feed_set_search_text (self, gtk_editable_get_text (GTK_EDITABLE (entry)));
}

static void
on_stop_search (RtccEventFeed  *self,
                GtkSearchEntry *entry)
{
  if (self->search != NULL && *self->search != '\0')
    gtk_editable_set_text (GTK_EDITABLE (entry), "");
  else
    rtcc_event_feed_clear_selection (self);
}

static void
on_source_selected (RtccEventFeed *self,
                    GParamSpec    *pspec,
                    GtkDropDown   *dropdown)
{
  guint selected = gtk_drop_down_get_selected (dropdown);

  rtcc_event_feed_set_source_filter (self,
                                     selected == 0 || selected == GTK_INVALID_LIST_POSITION
                                       ? RTCC_EVENT_FEED_ALL_SOURCES
                                       : (int) selected - 1);
}

static void
rtcc_event_feed_dispose (GObject *object)
{
  RtccEventFeed *self = RTCC_EVENT_FEED (object);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  if (self->filtered != NULL)
    g_signal_handlers_disconnect_by_data (self->filtered, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), RTCC_TYPE_EVENT_FEED);
  g_clear_object (&self->selection);
  g_clear_object (&self->filtered);
  g_clear_object (&self->filter);
  g_clear_object (&self->model);

  G_OBJECT_CLASS (rtcc_event_feed_parent_class)->dispose (object);
}

static void
rtcc_event_feed_finalize (GObject *object)
{
  RtccEventFeed *self = RTCC_EVENT_FEED (object);

  g_clear_pointer (&self->now, g_date_time_unref);
  g_free (self->search);
  g_free (self->folded_search);

  G_OBJECT_CLASS (rtcc_event_feed_parent_class)->finalize (object);
}

static void
rtcc_event_feed_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  RtccEventFeed *self = RTCC_EVENT_FEED (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      g_value_set_object (value, self->model);
      break;
    case PROP_NOW:
      g_value_set_boxed (value, self->now);
      break;
    case PROP_SELECTED_EVENT:
      g_value_set_object (value, rtcc_event_feed_get_selected_event (self));
      break;
    case PROP_SOURCE_FILTER:
      g_value_set_int (value, self->source);
      break;
    case PROP_SEARCH_TEXT:
      g_value_set_string (value, self->search);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rtcc_event_feed_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  RtccEventFeed *self = RTCC_EVENT_FEED (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      rtcc_event_feed_set_model (self, g_value_get_object (value));
      break;
    case PROP_SOURCE_FILTER:
      rtcc_event_feed_set_source_filter (self, g_value_get_int (value));
      break;
    case PROP_SEARCH_TEXT:
      rtcc_event_feed_set_search_text (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rtcc_event_feed_class_init (RtccEventFeedClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rtcc_event_feed_dispose;
  object_class->finalize = rtcc_event_feed_finalize;
  object_class->get_property = rtcc_event_feed_get_property;
  object_class->set_property = rtcc_event_feed_set_property;

  properties[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_NOW] =
    g_param_spec_boxed ("now", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SELECTED_EVENT] =
    g_param_spec_object ("selected-event", NULL, NULL, RTCC_TYPE_EVENT,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SOURCE_FILTER] =
    g_param_spec_int ("source-filter", NULL, NULL,
                      RTCC_EVENT_FEED_ALL_SOURCES, RTCC_N_VENDOR_SOURCES - 1,
                      RTCC_EVENT_FEED_ALL_SOURCES,
                      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SEARCH_TEXT] =
    g_param_spec_string ("search-text", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (RTCC_TYPE_EVENT_DETAIL);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/g3ti/Rtcc/rtcc-event-feed.ui");
  gtk_widget_class_bind_template_child (widget_class, RtccEventFeed, paned);
  gtk_widget_class_bind_template_child (widget_class, RtccEventFeed, search_entry);
  gtk_widget_class_bind_template_child (widget_class, RtccEventFeed, source_dropdown);
  gtk_widget_class_bind_template_child (widget_class, RtccEventFeed, list_stack);
  gtk_widget_class_bind_template_child (widget_class, RtccEventFeed, list_view);
  gtk_widget_class_bind_template_child (widget_class, RtccEventFeed, empty_page);
  gtk_widget_class_bind_template_child (widget_class, RtccEventFeed, count_label);
  gtk_widget_class_bind_template_child (widget_class, RtccEventFeed, detail);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search);
  gtk_widget_class_bind_template_callback (widget_class, on_source_selected);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "rtcc-event-feed");
}

static void
rtcc_event_feed_init (RtccEventFeed *self)
{
  g_autoptr(GtkStringList) sources = gtk_string_list_new (NULL);
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  self->source = RTCC_EVENT_FEED_ALL_SOURCES;
  self->now = g_date_time_ref (now);

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_string_list_append (sources, _("All sources"));
  for (int i = 0; i < RTCC_N_VENDOR_SOURCES; i++)
    gtk_string_list_append (sources, rtcc_source_display_name ((RtccSource) i));
  gtk_drop_down_set_model (self->source_dropdown, G_LIST_MODEL (sources));
  gtk_drop_down_set_selected (self->source_dropdown, 0);

  self->filter = gtk_custom_filter_new (filter_func, self, NULL);
  self->filtered = gtk_filter_list_model_new (NULL, g_object_ref (GTK_FILTER (self->filter)));
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->filtered)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_swapped (self->selection, "notify::selected-item",
                            G_CALLBACK (on_selected_item_notify), self);
  g_signal_connect_swapped (self->filtered, "items-changed",
                            G_CALLBACK (on_filtered_items_changed), self);

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row), self);
  gtk_list_view_set_factory (self->list_view, factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));

  gtk_paned_set_position (self->paned, 420);
  self->refresh_id = g_timeout_add_seconds (REFRESH_SECONDS, refresh_cb, self);
  update_empty_state (self);
}

GtkWidget *
rtcc_event_feed_new (void)
{
  return g_object_new (RTCC_TYPE_EVENT_FEED, NULL);
}

/**
 * rtcc_event_feed_get_model:
 *
 * Returns: (transfer none) (nullable): all events, before filtering
 */
GListModel *
rtcc_event_feed_get_model (RtccEventFeed *self)
{
  g_return_val_if_fail (RTCC_IS_EVENT_FEED (self), NULL);
  return self->model;
}

/**
 * rtcc_event_feed_set_model:
 * @events: (nullable): a #GListModel of #RtccEvent, newest first
 */
void
rtcc_event_feed_set_model (RtccEventFeed *self,
                           GListModel    *events)
{
  g_return_if_fail (RTCC_IS_EVENT_FEED (self));
  g_return_if_fail (events == NULL || G_IS_LIST_MODEL (events));

  if (!g_set_object (&self->model, events))
    return;
  gtk_filter_list_model_set_model (self->filtered, events);
  update_empty_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
}

/**
 * rtcc_event_feed_get_shown:
 *
 * Returns: (transfer none): the events the list shows after filtering
 */
GListModel *
rtcc_event_feed_get_shown (RtccEventFeed *self)
{
  g_return_val_if_fail (RTCC_IS_EVENT_FEED (self), NULL);
  return G_LIST_MODEL (self->filtered);
}

int
rtcc_event_feed_get_source_filter (RtccEventFeed *self)
{
  g_return_val_if_fail (RTCC_IS_EVENT_FEED (self), RTCC_EVENT_FEED_ALL_SOURCES);
  return self->source;
}

/**
 * rtcc_event_feed_set_source_filter:
 * @source: an #RtccSource of a vendor, or %RTCC_EVENT_FEED_ALL_SOURCES
 */
void
rtcc_event_feed_set_source_filter (RtccEventFeed *self,
                                   int            source)
{
  g_return_if_fail (RTCC_IS_EVENT_FEED (self));

  if (source < RTCC_EVENT_FEED_ALL_SOURCES || source >= RTCC_N_VENDOR_SOURCES)
    source = RTCC_EVENT_FEED_ALL_SOURCES;
  if (self->source == source)
    return;
  self->source = source;
  gtk_drop_down_set_selected (self->source_dropdown, (guint) (source + 1));
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOURCE_FILTER]);
}

const char *
rtcc_event_feed_get_search_text (RtccEventFeed *self)
{
  g_return_val_if_fail (RTCC_IS_EVENT_FEED (self), NULL);
  return self->search;
}

/**
 * rtcc_event_feed_set_search_text:
 * @text: (nullable): words to find in titles and addresses, any case
 */
void
rtcc_event_feed_set_search_text (RtccEventFeed *self,
                                 const char    *text)
{
  g_autofree char *stripped = NULL;
  GtkFilterChange change = GTK_FILTER_CHANGE_DIFFERENT;

  g_return_if_fail (RTCC_IS_EVENT_FEED (self));

  if (!rtcc_set_str (&self->search, text))
    return;

  stripped = g_strstrip (g_strdup (text != NULL ? text : ""));
  if (self->folded_search != NULL && *stripped != '\0')
    {
      g_autofree char *folded = g_utf8_casefold (stripped, -1);

      /* Typing on narrows the list, which the filter model can do
       * without looking at the events it already hid. */
      if (strstr (folded, self->folded_search) != NULL)
        change = GTK_FILTER_CHANGE_MORE_STRICT;
      else if (strstr (self->folded_search, folded) != NULL)
        change = GTK_FILTER_CHANGE_LESS_STRICT;
    }
  g_clear_pointer (&self->folded_search, g_free);
  if (*stripped != '\0')
    self->folded_search = g_utf8_casefold (stripped, -1);

  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)), self->search) != 0)
    {
      /* The entry reports a cleared text at once, in the middle of
       * set_text(); keep it from calling back into this function. */
      g_signal_handlers_block_by_func (self->search_entry, on_search_changed, self);
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), self->search != NULL ? self->search : "");
      g_signal_handlers_unblock_by_func (self->search_entry, on_search_changed, self);
    }
  gtk_filter_changed (GTK_FILTER (self->filter), change);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCH_TEXT]);
}

/**
 * rtcc_event_feed_get_selected_event:
 *
 * Returns: (transfer none) (nullable): the event whose detail is shown
 */
RtccEvent *
rtcc_event_feed_get_selected_event (RtccEventFeed *self)
{
  g_return_val_if_fail (RTCC_IS_EVENT_FEED (self), NULL);
  return gtk_single_selection_get_selected_item (self->selection);
}

/**
 * rtcc_event_feed_select_position:
 * @position: a position in the filtered list
 *
 * Returns: %TRUE if there is an event at @position
 */
gboolean
rtcc_event_feed_select_position (RtccEventFeed *self,
                                 guint          position)
{
  g_return_val_if_fail (RTCC_IS_EVENT_FEED (self), FALSE);

  if (position >= g_list_model_get_n_items (G_LIST_MODEL (self->filtered)))
    return FALSE;
  gtk_single_selection_set_selected (self->selection, position);
  return TRUE;
}

/**
 * rtcc_event_feed_select_event:
 * @event: an event, e.g. one clicked on the map
 *
 * Selects the row of @event's id and scrolls to it. An event the filters
 * hide clears them first, so a click on the map always finds its row.
 *
 * Returns: %TRUE if the row was found
 */
gboolean
rtcc_event_feed_select_event (RtccEventFeed *self,
                              RtccEvent     *event)
{
  GListModel *model = G_LIST_MODEL (self->filtered);
  const char *id;

  g_return_val_if_fail (RTCC_IS_EVENT_FEED (self), FALSE);
  g_return_val_if_fail (RTCC_IS_EVENT (event), FALSE);

  id = rtcc_event_get_id (event);
  for (int attempt = 0; attempt < 2; attempt++)
    {
      guint n = g_list_model_get_n_items (model);

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(RtccEvent) item = g_list_model_get_item (model, i);

          if (g_strcmp0 (rtcc_event_get_id (item), id) == 0)
            {
              gtk_single_selection_set_selected (self->selection, i);
              gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", i);
              return TRUE;
            }
        }
      rtcc_event_feed_set_search_text (self, "");
      rtcc_event_feed_set_source_filter (self, RTCC_EVENT_FEED_ALL_SOURCES);
    }
  return FALSE;
}

void
rtcc_event_feed_clear_selection (RtccEventFeed *self)
{
  g_return_if_fail (RTCC_IS_EVENT_FEED (self));
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
}

/**
 * rtcc_event_feed_get_detail:
 *
 * Returns: (transfer none): the detail pane
 */
RtccEventDetail *
rtcc_event_feed_get_detail (RtccEventFeed *self)
{
  g_return_val_if_fail (RTCC_IS_EVENT_FEED (self), NULL);
  return self->detail;
}

void
rtcc_event_feed_focus_search (RtccEventFeed *self)
{
  g_return_if_fail (RTCC_IS_EVENT_FEED (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

void
rtcc_event_feed_focus_list (RtccEventFeed *self)
{
  g_return_if_fail (RTCC_IS_EVENT_FEED (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
}

/**
 * rtcc_event_feed_get_now:
 *
 * Returns: (transfer none): the time the rows' "ago" is measured from
 */
GDateTime *
rtcc_event_feed_get_now (RtccEventFeed *self)
{
  g_return_val_if_fail (RTCC_IS_EVENT_FEED (self), NULL);
  return self->now;
}
