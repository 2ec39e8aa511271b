/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccPlateSearch"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "rtcc-geo-area.h"
#include "rtcc-map-view.h"
#include "rtcc-plate.h"
#include "rtcc-plate-markup.h"
#include "rtcc-plate-search-dialog.h"
#include "rtcc-time.h"

/* Reads asked of Flock per request; the store is asked for as many. */
#define MAX_READS 500
/* A misread search asks Flock once per character; longer plates are
 * searched as typed. */
#define MAX_MISREAD_CHARS 10
/* Flock filters neither by place nor by vehicle: with such filters set,
 * more reads are asked for so those kept here are not just a few. The
 * store's plate index is far more selective than any area, so it is
 * searched by plate and its reads filtered here too. */
#define MAX_FILTERED_READS 2000

/**
 * RtccPlateSearchDialog:
 *
 * Searches past plate reads in the local history and at Flock, merged by
 * read id. A reason is required: it goes to Flock with the request and to
 * the audit log, and results are shown only once the search is on record.
 */
struct _RtccPlateSearchDialog
{
  AdwWindow             parent_instance;

  RtccFlockIntegration *flock;
  RtccEventStore       *store;
  RtccAuditLog         *audit;
  char                 *operator_id;
  RtccMapView          *map_view;         /* weak */

  RtccGeoArea           drawn_area;       /* box, or anywhere until drawn */
  gboolean              have_centre;
  double                centre_lat, centre_lon;

  GListStore           *results;
  GtkSortListModel     *sorted;
  GCancellable         *cancellable;
  char                 *searched_plate;   /* normalized, for highlights */
  gboolean              searched_misreads;
  gboolean              searching;

  GtkEntry             *plate_entry;
  GtkEntry             *state_entry;
  GtkDropDown          *range_dropdown;
  GtkSwitch            *misread_switch;
  GtkEntry             *reason_entry;
  GtkEntry             *case_entry;
  GtkDropDown          *area_dropdown;
  GtkWidget            *draw_button;
  GtkWidget            *radius_box;
  GtkSpinButton        *radius_spin;
  GtkLabel             *area_label;
  GtkDropDown          *color_dropdown;
  GtkDropDown          *make_dropdown;
  GtkEntry             *model_entry;
  GtkDropDown          *type_dropdown;
  GtkSpinner           *spinner;
  GtkLabel             *status_label;
  GtkColumnView        *column_view;
};

G_DEFINE_FINAL_TYPE (RtccPlateSearchDialog, rtcc_plate_search_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_SEARCHING,
  N_PROPS
};

enum {
  SHOW_TRACK,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

typedef struct
{
  char         *plate;
  char         *state;
  char         *reason;
  char         *case_number;
  GDateTime    *from;
  GDateTime    *to;
  RtccPlateMatch mode;
  GPtrArray    *patterns;      /* asked of Flock, one at a time */
  guint         next_pattern;
  GHashTable   *seen;          /* event id */
  GPtrArray    *reads;
  RtccGeoArea   area;
  char         *color;
  char         *make;
  char         *model;
  char         *type;
  guint         n_filtered_out;
  GError       *vendor_error;
  char         *store_problem;
  gboolean      cancelled;
} Search;

static void
search_free (Search *search)
{
  g_free (search->plate);
  g_free (search->state);
  g_free (search->reason);
  g_free (search->case_number);
  g_free (search->color);
  g_free (search->make);
  g_free (search->model);
  g_free (search->type);
  g_clear_pointer (&search->from, g_date_time_unref);
  g_clear_pointer (&search->to, g_date_time_unref);
  g_clear_pointer (&search->patterns, g_ptr_array_unref);
  g_clear_pointer (&search->seen, g_hash_table_unref);
  g_clear_pointer (&search->reads, g_ptr_array_unref);
  g_clear_error (&search->vendor_error);
  g_free (search->store_problem);
  g_free (search);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Search, search_free)

static char *
entry_text (GtkEntry *entry)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
}

static void
set_status (RtccPlateSearchDialog *self,
            const char            *text)
{
  /* A search outlives a closed dialog until it is on record. */
  if (self->status_label != NULL)
    gtk_label_set_text (self->status_label, text);
}

static void
update_actions (RtccPlateSearchDialog *self)
{
  gboolean have_results = g_list_model_get_n_items (G_LIST_MODEL (self->results)) > 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "plate-search.search",
                                 !self->searching && rtcc_plate_search_dialog_can_search (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "plate-search.cancel", self->searching);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "plate-search.show-track", !self->searching && have_results);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "plate-search.export",
                                 !self->searching && have_results && self->audit != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "plate-search.clear-track", self->map_view != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "plate-search.draw-area", self->map_view != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "plate-search.pick-centre", self->map_view != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "plate-search.centre-on-event", self->map_view != NULL);
}

static void
set_searching (RtccPlateSearchDialog *self,
               gboolean               searching)
{
  if (self->searching == searching)
    return;
  self->searching = searching;
  if (self->spinner != NULL)
    gtk_spinner_set_spinning (self->spinner, searching);
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCHING]);
}

/* Each character replaced by `*` in turn: `*` matches any run, so the
 * patterns together find every read rtcc_plate_misread_match() allows
 * (a look-alike, a missing or an extra character). */
static GPtrArray *
misread_patterns (const char *plate)
{
  GPtrArray *patterns = g_ptr_array_new_with_free_func (g_free);
  glong n = g_utf8_strlen (plate, -1);

  g_ptr_array_add (patterns, g_strdup (plate));
  for (glong i = 0; i < n; i++)
    {
      const char *at = g_utf8_offset_to_pointer (plate, i);

      g_ptr_array_add (patterns, g_strdup_printf ("%.*s*%s", (int) (at - plate), plate, g_utf8_next_char (at)));
    }
  return patterns;
}

/* Vehicle values are compared without case: Flock sends "silver", an
 * operator picks "Silver". A read whose vehicle was not recognised does
 * not match a vehicle filter: nothing says it is that vehicle. */
static gboolean
attribute_matches (RtccEvent  *read,
                   const char *name,
                   const char *wanted)
{
  const char *value;

  if (wanted == NULL)
    return TRUE;
  value = rtcc_event_get_attribute_string (read, name);
  return value != NULL && g_ascii_strcasecmp (value, wanted) == 0;
}

static gboolean
read_matches_filters (Search    *search,
                      RtccEvent *read)
{
  double lat, lon;

  if (search->area.kind != RTCC_GEO_AREA_ANYWHERE &&
      (!rtcc_event_get_location (read, &lat, &lon) || !rtcc_geo_area_contains (&search->area, lat, lon)))
    return FALSE;
  return attribute_matches (read, "vehicle_color", search->color) &&
         attribute_matches (read, "vehicle_make", search->make) &&
         attribute_matches (read, "vehicle_model", search->model) &&
         attribute_matches (read, "vehicle_type", search->type);
}

static gboolean
search_is_filtered (Search *search)
{
  return search->area.kind != RTCC_GEO_AREA_ANYWHERE || search->color != NULL || search->make != NULL ||
         search->model != NULL || search->type != NULL;
}

static void
add_read (Search    *search,
          RtccEvent *read)
{
  const char *plate = rtcc_event_get_attribute_string (read, "plate_number");
  const char *state = rtcc_event_get_attribute_string (read, "plate_state");

  if (g_hash_table_contains (search->seen, rtcc_event_get_id (read)))
    return;
  /* The wildcards find more than misreads (`ABC*` also finds ABC999),
   * and the store knows no state: keep what the operator asked for. */
  if (search->mode == RTCC_PLATE_MATCH_MISREAD && !rtcc_plate_misread_match (search->plate, plate))
    return;
  if (search->state != NULL && state != NULL && *state != '\0' && g_ascii_strcasecmp (search->state, state) != 0)
    return;
  if (!read_matches_filters (search, read))
    {
      search->n_filtered_out++;
      /* Seen, so the same read from the other source is not counted twice. */
      g_hash_table_add (search->seen, g_strdup (rtcc_event_get_id (read)));
      return;
    }
  g_hash_table_add (search->seen, g_strdup (rtcc_event_get_id (read)));
  g_ptr_array_add (search->reads, g_object_ref (read));
}

static void search_next_pattern (GTask *task);

static void
audit_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RtccPlateSearchDialog *self = g_task_get_source_object (task);
  Search *search = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) status = g_string_new (NULL);
  guint n_misreads = 0;

  set_searching (self, FALSE);
  if (rtcc_audit_log_append_finish (RTCC_AUDIT_LOG (object), result, &error) <= 0)
    {
      g_autofree char *text = g_strdup_printf (_("The search could not be audited, so no results are shown: %s"),
                                               error->message);
      set_status (self, text);
      return;
    }
  if (search->cancelled || self->column_view == NULL)
    {
      set_status (self, _("Search cancelled."));
      return;
    }

  g_clear_pointer (&self->searched_plate, g_free);
  self->searched_plate = g_strdup (search->plate);
  self->searched_misreads = search->mode == RTCC_PLATE_MATCH_MISREAD;
  for (guint i = 0; i < search->reads->len; i++)
    if (self->searched_misreads &&
        g_strcmp0 (rtcc_event_get_attribute_string (g_ptr_array_index (search->reads, i), "plate_number"),
                   search->plate) != 0)
      n_misreads++;
  g_list_store_splice (self->results, 0, g_list_model_get_n_items (G_LIST_MODEL (self->results)),
                       search->reads->pdata, search->reads->len);

  if (search->reads->len == 0)
    g_string_append (status, _("No reads found."));
  else
    g_string_append_printf (status,
                            g_dngettext (GETTEXT_PACKAGE, "%u read found", "%u reads found", search->reads->len),
                            search->reads->len);
  if (n_misreads > 0)
    g_string_append_printf (status, g_dngettext (GETTEXT_PACKAGE, ", %u a likely misread.", ", %u likely misreads.",
                                                 n_misreads), n_misreads);
  else if (search->reads->len > 0)
    g_string_append_c (status, '.');
  if (search->n_filtered_out > 0)
    g_string_append_printf (status,
                            g_dngettext (GETTEXT_PACKAGE,
                                         " %u more read of this plate was outside the area or not the vehicle described.",
                                         " %u more reads of this plate were outside the area or not the vehicle described.",
                                         search->n_filtered_out),
                            search->n_filtered_out);
  if (search_is_filtered (search) && self->flock != NULL && search->vendor_error == NULL)
    g_string_append (status, _(" Flock cannot filter by area or vehicle, so its reads were filtered here."));
  if (search->vendor_error != NULL)
    g_string_append_printf (status, _(" Flock did not answer, so only the local history was searched: %s"),
                            search->vendor_error->message);
  if (search->store_problem != NULL)
    g_string_append_printf (status, _(" The local history could not be searched: %s"), search->store_problem);
  set_status (self, status->str);
  update_actions (self);
}

static void
finish_search (GTask *task)
{
  RtccPlateSearchDialog *self = g_task_get_source_object (task);
  Search *search = g_task_get_task_data (task);
  g_autoptr(RtccAuditRecord) record = NULL;
  g_autoptr(GString) terms = g_string_new (NULL);
  g_autofree char *from = rtcc_time_format_iso (search->from);
  g_autofree char *to = rtcc_time_format_iso (search->to);

  g_string_append_printf (terms, "plate=%s", search->plate);
  if (search->state != NULL)
    g_string_append_printf (terms, " state=%s", search->state);
  if (search->case_number != NULL)
    g_string_append_printf (terms, " case=%s", search->case_number);
  g_string_append_printf (terms, " from=%s to=%s", from, to);
  if (search->mode == RTCC_PLATE_MATCH_MISREAD)
    g_string_append (terms, " misreads=true");
  /* Fixed English and C-locale numbers: the audit log is read by tools. */
  if (search->area.kind == RTCC_GEO_AREA_BOX)
    {
      char s[G_ASCII_DTOSTR_BUF_SIZE], w[G_ASCII_DTOSTR_BUF_SIZE], n[G_ASCII_DTOSTR_BUF_SIZE], e[G_ASCII_DTOSTR_BUF_SIZE];

      g_string_append_printf (terms, " area=box:%s,%s,%s,%s",
                              g_ascii_formatd (s, sizeof s, "%.6f", search->area.south),
                              g_ascii_formatd (w, sizeof w, "%.6f", search->area.west),
                              g_ascii_formatd (n, sizeof n, "%.6f", search->area.north),
                              g_ascii_formatd (e, sizeof e, "%.6f", search->area.east));
    }
  else if (search->area.kind == RTCC_GEO_AREA_CIRCLE)
    {
      char lat[G_ASCII_DTOSTR_BUF_SIZE], lon[G_ASCII_DTOSTR_BUF_SIZE], r[G_ASCII_DTOSTR_BUF_SIZE];

      g_string_append_printf (terms, " area=circle:%s,%s,%sm",
                              g_ascii_formatd (lat, sizeof lat, "%.6f", search->area.lat),
                              g_ascii_formatd (lon, sizeof lon, "%.6f", search->area.lon),
                              g_ascii_formatd (r, sizeof r, "%.0f", search->area.radius_m));
    }
  if (search->color != NULL)
    g_string_append_printf (terms, " color=%s", search->color);
  if (search->make != NULL)
    g_string_append_printf (terms, " make=%s", search->make);
  if (search->model != NULL)
    g_string_append_printf (terms, " model=%s", search->model);
  if (search->type != NULL)
    g_string_append_printf (terms, " type=%s", search->type);
  g_string_append_printf (terms, " results=%u", search->reads->len);

  record = rtcc_audit_record_new (self->operator_id, RTCC_AUDIT_ACTION_PLATE_SEARCH);
  rtcc_audit_record_set_integration (record, "flock");
  rtcc_audit_record_set_purpose_reason (record, search->reason);
  rtcc_audit_record_set_query_terms (record, terms->str);
  if (search->cancelled)
    {
      /* Flock may already have the request; the record says so. */
      rtcc_audit_record_set_outcome (record, RTCC_AUDIT_OUTCOME_FAILURE);
      rtcc_audit_record_set_outcome_detail (record, "cancelled by the operator");
    }
  else if (search->vendor_error != NULL)
    {
      rtcc_audit_record_set_outcome (record, RTCC_AUDIT_OUTCOME_FAILURE);
      rtcc_audit_record_set_outcome_detail (record, search->vendor_error->message);
    }
  else
    rtcc_audit_record_set_outcome (record, RTCC_AUDIT_OUTCOME_SUCCESS);

  /* Not the search's cancellable: a cancelled search is still recorded. */
  rtcc_audit_log_append_async (self->audit, record, NULL, audit_cb, g_object_ref (task));
}

static void
vendor_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Search *search = g_task_get_task_data (task);
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;

  found = rtcc_flock_integration_search_reads_finish (RTCC_FLOCK_INTEGRATION (object), result, &error);
  if (found == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        search->cancelled = TRUE;
      else
        search->vendor_error = g_steal_pointer (&error);
      finish_search (task);
      return;
    }
  for (guint i = 0; i < found->len; i++)
    add_read (search, g_ptr_array_index (found, i));
  search_next_pattern (task);
}

static void
search_next_pattern (GTask *task)
{
  RtccPlateSearchDialog *self = g_task_get_source_object (task);
  Search *search = g_task_get_task_data (task);

  if (self->flock == NULL || search->next_pattern >= search->patterns->len)
    {
      finish_search (task);
      return;
    }
  rtcc_flock_integration_search_reads_async (self->flock,
                                             g_ptr_array_index (search->patterns, search->next_pattern++),
                                             search->state, search->from, search->to,
                                             search->reason, search->case_number,
                                             search_is_filtered (search) ? MAX_FILTERED_READS : MAX_READS,
                                             g_task_get_cancellable (task), vendor_cb, g_object_ref (task));
}

static void
store_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Search *search = g_task_get_task_data (task);
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;

  found = rtcc_event_store_search_plates_finish (RTCC_EVENT_STORE (object), result, &error);
  if (found == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          search->cancelled = TRUE;
          finish_search (task);
          return;
        }
      /* Flock still has the reads: a broken local history only narrows
       * the search, and the status line says so. */
      search->store_problem = g_strdup (error->message);
    }
  else
    for (guint i = 0; i < found->len; i++)
      add_read (search, g_ptr_array_index (found, i));
  search_next_pattern (task);
}

static GDateTime *
range_start (RtccPlateSearchDialog *self,
             GDateTime             *now)
{
  static const int days[] = { 1, 7, 30, 365 };
  guint selected = gtk_drop_down_get_selected (self->range_dropdown);

  if (selected >= G_N_ELEMENTS (days))
    selected = 1;
  return g_date_time_add_days (now, -days[selected]);
}

/* The first item of each vehicle list is "Any". */
static char *
dropdown_value (GtkDropDown *dropdown)
{
  GtkStringObject *item = gtk_drop_down_get_selected_item (dropdown);

  if (gtk_drop_down_get_selected (dropdown) == 0 || item == NULL)
    return NULL;
  return g_strdup (gtk_string_object_get_string (item));
}

static RtccMapView *
map_view (RtccPlateSearchDialog *self)
{
  return self->map_view;
}

/* NULL without a map, or once the main window is going away. */
static RtccAreaLayer *
area_layer (RtccPlateSearchDialog *self)
{
  return self->map_view != NULL ? rtcc_map_view_get_area_layer (self->map_view) : NULL;
}

/* What the map shows for the chosen mode: the box or circle a search
 * would use, or nothing. */
static void
update_area (RtccPlateSearchDialog *self)
{
  RtccPlateAreaMode mode;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  RtccGeoArea area;

  if (self->area_dropdown == NULL)
    return;
  mode = gtk_drop_down_get_selected (self->area_dropdown);
  gtk_widget_set_visible (self->draw_button, mode == RTCC_PLATE_AREA_DRAWN);
  gtk_widget_set_visible (self->radius_box, mode == RTCC_PLATE_AREA_RADIUS);

  if (mode == RTCC_PLATE_AREA_VISIBLE)
    {
      /* The visible area is taken when the search starts: the map may
       * still move. */
      rtcc_geo_area_set_anywhere (&area);
      text = g_strdup (_("Reads within what the map shows when you search."));
    }
  else if (!rtcc_plate_search_dialog_get_area (self, &area, &error))
    text = g_strdup (error->message);
  else if (area.kind != RTCC_GEO_AREA_ANYWHERE)
    text = rtcc_geo_area_describe (&area);
  gtk_label_set_text (self->area_label, text != NULL ? text : "");
  if (area_layer (self) != NULL)
    rtcc_area_layer_set_area (area_layer (self), &area);
}

/**
 * rtcc_plate_search_dialog_get_area:
 * @self: a #RtccPlateSearchDialog
 * @area: (out caller-allocates): where the next search looks
 * @error: why the chosen mode gives no area yet
 *
 * Resolves the area mode: the map's visible box now, the box drawn, or
 * the circle of the radius around the centre picked.
 *
 * Returns: %FALSE with @error set when the mode needs something not yet
 *   chosen (a drawn box, a centre) or a map the dialog does not have
 */
gboolean
rtcc_plate_search_dialog_get_area (RtccPlateSearchDialog  *self,
                                   RtccGeoArea            *area,
                                   GError                **error)
{
  g_return_val_if_fail (RTCC_IS_PLATE_SEARCH_DIALOG (self), FALSE);
  g_return_val_if_fail (area != NULL, FALSE);

  rtcc_geo_area_set_anywhere (area);
  if (self->area_dropdown == NULL)
    return TRUE;
  switch ((RtccPlateAreaMode) gtk_drop_down_get_selected (self->area_dropdown))
    {
    case RTCC_PLATE_AREA_VISIBLE:
      if (map_view (self) == NULL || !rtcc_map_view_get_visible_area (map_view (self), area))
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                               _("The map shows no area yet. Open the main window’s map, or choose another area."));
          return FALSE;
        }
      return TRUE;

    case RTCC_PLATE_AREA_DRAWN:
      if (self->drawn_area.kind != RTCC_GEO_AREA_BOX)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                               _("No area drawn yet. Press “Draw on Map…” and drag a box on the map."));
          return FALSE;
        }
      *area = self->drawn_area;
      return TRUE;

    case RTCC_PLATE_AREA_RADIUS:
      if (!self->have_centre)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                               _("No centre yet. Press “Pick on Map…” and click the map, or use the selected event."));
          return FALSE;
        }
      if (!rtcc_geo_area_set_circle (area, self->centre_lat, self->centre_lon,
                                     gtk_spin_button_get_value (self->radius_spin)))
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("The radius must be between 10 m and 50 km around a place on the map."));
          return FALSE;
        }
      return TRUE;

    case RTCC_PLATE_AREA_ANYWHERE:
    default:
      return TRUE;
    }
}

/**
 * rtcc_plate_search_dialog_set_area_mode:
 * @self: a #RtccPlateSearchDialog
 * @mode: where searches look
 */
void
rtcc_plate_search_dialog_set_area_mode (RtccPlateSearchDialog *self,
                                        RtccPlateAreaMode      mode)
{
  g_return_if_fail (RTCC_IS_PLATE_SEARCH_DIALOG (self));
  g_return_if_fail (mode <= RTCC_PLATE_AREA_RADIUS);

  gtk_drop_down_set_selected (self->area_dropdown, mode);
}

/**
 * rtcc_plate_search_dialog_get_area_mode:
 * @self: a #RtccPlateSearchDialog
 *
 * Returns: where searches look
 */
RtccPlateAreaMode
rtcc_plate_search_dialog_get_area_mode (RtccPlateSearchDialog *self)
{
  g_return_val_if_fail (RTCC_IS_PLATE_SEARCH_DIALOG (self), RTCC_PLATE_AREA_ANYWHERE);

  return gtk_drop_down_get_selected (self->area_dropdown);
}

/**
 * rtcc_plate_search_dialog_set_radius:
 * @self: a #RtccPlateSearchDialog
 * @lat: the centre
 * @lon: the centre
 * @radius_m: metres
 *
 * Searches within @radius_m of a point from now on.
 */
void
rtcc_plate_search_dialog_set_radius (RtccPlateSearchDialog *self,
                                     double                 lat,
                                     double                 lon,
                                     double                 radius_m)
{
  g_return_if_fail (RTCC_IS_PLATE_SEARCH_DIALOG (self));

  self->have_centre = isfinite (lat) && isfinite (lon);
  self->centre_lat = lat;
  self->centre_lon = lon;
  gtk_spin_button_set_value (self->radius_spin, radius_m);
  gtk_drop_down_set_selected (self->area_dropdown, RTCC_PLATE_AREA_RADIUS);
  update_area (self);
}

/**
 * rtcc_plate_search_dialog_set_vehicle:
 * @self: a #RtccPlateSearchDialog
 * @color: (nullable): a colour from the list, any case; %NULL for any
 * @make: (nullable): a make from the list, any case; %NULL for any
 * @model: (nullable): a model; %NULL for any
 * @type: (nullable): a body type from the list, any case; %NULL for any
 *
 * Fills the vehicle filters. A value not in its list selects "Any".
 */
void
rtcc_plate_search_dialog_set_vehicle (RtccPlateSearchDialog *self,
                                      const char            *color,
                                      const char            *make,
                                      const char            *model,
                                      const char            *type)
{
  struct { GtkDropDown *dropdown; const char *value; } lists[3];

  g_return_if_fail (RTCC_IS_PLATE_SEARCH_DIALOG (self));

  lists[0].dropdown = self->color_dropdown;
  lists[0].value = color;
  lists[1].dropdown = self->make_dropdown;
  lists[1].value = make;
  lists[2].dropdown = self->type_dropdown;
  lists[2].value = type;

  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    {
      GListModel *items = gtk_drop_down_get_model (lists[i].dropdown);
      guint selected = 0;

      for (guint k = 1; lists[i].value != NULL && k < g_list_model_get_n_items (items); k++)
        if (g_ascii_strcasecmp (gtk_string_list_get_string (GTK_STRING_LIST (items), k), lists[i].value) == 0)
          selected = k;
      gtk_drop_down_set_selected (lists[i].dropdown, selected);
    }
  gtk_editable_set_text (GTK_EDITABLE (self->model_entry), model != NULL ? model : "");
}

static void
disconnect_area_layer (RtccPlateSearchDialog *self)
{
  if (area_layer (self) != NULL)
    g_signal_handlers_disconnect_by_data (area_layer (self), self);
}

static void
on_area_drawn (RtccAreaLayer         *layer,
               RtccPlateSearchDialog *self)
{
  disconnect_area_layer (self);
  rtcc_area_layer_get_area (layer, &self->drawn_area);
  gtk_drop_down_set_selected (self->area_dropdown, RTCC_PLATE_AREA_DRAWN);
  update_area (self);
  gtk_window_present (GTK_WINDOW (self));
}

static void
on_point_picked (RtccAreaLayer         *layer,
                 double                 lat,
                 double                 lon,
                 RtccPlateSearchDialog *self)
{
  disconnect_area_layer (self);
  rtcc_plate_search_dialog_set_radius (self, lat, lon, gtk_spin_button_get_value (self->radius_spin));
  gtk_window_present (GTK_WINDOW (self));
}

static void
on_area_cancelled (RtccAreaLayer         *layer,
                   RtccPlateSearchDialog *self)
{
  disconnect_area_layer (self);
  update_area (self);
  set_status (self, _("Choosing an area on the map was cancelled."));
  gtk_window_present (GTK_WINDOW (self));
}

static void
start_choosing (RtccPlateSearchDialog *self,
                RtccAreaLayerMode      mode)
{
  RtccAreaLayer *layer;
  GtkRoot *root;

  if ((layer = area_layer (self)) == NULL)
    return;
  g_signal_handlers_disconnect_by_data (layer, self);
  g_signal_connect_object (layer, "area-drawn", G_CALLBACK (on_area_drawn), self, 0);
  g_signal_connect_object (layer, "point-picked", G_CALLBACK (on_point_picked), self, 0);
  g_signal_connect_object (layer, "cancelled", G_CALLBACK (on_area_cancelled), self, 0);
  rtcc_area_layer_set_mode (layer, mode);
  set_status (self, mode == RTCC_AREA_LAYER_DRAW_BOX
                    ? _("Drag a box on the map. Escape cancels.")
                    : _("Click the centre on the map. Escape cancels."));
  /* The map is in the main window: bring it forward to draw on. */
  root = gtk_widget_get_root (GTK_WIDGET (map_view (self)));
  if (GTK_IS_WINDOW (root))
    gtk_window_present (GTK_WINDOW (root));
}

/**
 * rtcc_plate_search_dialog_draw_area:
 * @self: a #RtccPlateSearchDialog
 *
 * Puts the map in draw mode: the box dragged next becomes the search
 * area. Does nothing without a map.
 */
void
rtcc_plate_search_dialog_draw_area (RtccPlateSearchDialog *self)
{
  g_return_if_fail (RTCC_IS_PLATE_SEARCH_DIALOG (self));

  start_choosing (self, RTCC_AREA_LAYER_DRAW_BOX);
}

static void
draw_area_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  rtcc_plate_search_dialog_draw_area (RTCC_PLATE_SEARCH_DIALOG (widget));
}

static void
pick_centre_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  start_choosing (RTCC_PLATE_SEARCH_DIALOG (widget), RTCC_AREA_LAYER_PICK_POINT);
}

static void
centre_on_event_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  RtccPlateSearchDialog *self = RTCC_PLATE_SEARCH_DIALOG (widget);
  g_autoptr(RtccEvent) event = NULL;
  double lat, lon;

  if (map_view (self) != NULL)
    g_object_get (map_view (self), "selected-event", &event, NULL);
  if (event == NULL || !rtcc_event_get_location (event, &lat, &lon))
    {
      set_status (self, _("No event with a location is selected in the main window. Select one, or pick a centre on the map."));
      return;
    }
  rtcc_plate_search_dialog_set_radius (self, lat, lon, gtk_spin_button_get_value (self->radius_spin));
}

static void
clear_track_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  RtccPlateSearchDialog *self = RTCC_PLATE_SEARCH_DIALOG (widget);

  if (map_view (self) != NULL)
    rtcc_map_view_clear_track (map_view (self));
}

/**
 * rtcc_plate_search_dialog_set_map_view:
 * @self: a #RtccPlateSearchDialog
 * @map_view: (nullable): the map to draw tracks on and choose areas from
 *
 * Without a map, the map-based areas cannot be chosen and "Show Track"
 * only emits #RtccPlateSearchDialog::show-track.
 */
void
rtcc_plate_search_dialog_set_map_view (RtccPlateSearchDialog *self,
                                       RtccMapView           *map_view)
{
  g_return_if_fail (RTCC_IS_PLATE_SEARCH_DIALOG (self));
  g_return_if_fail (map_view == NULL || RTCC_IS_MAP_VIEW (map_view));

  disconnect_area_layer (self);
  g_set_weak_pointer (&self->map_view, map_view);
  update_area (self);
  update_actions (self);
}

/**
 * rtcc_plate_search_dialog_can_search:
 * @self: a #RtccPlateSearchDialog
 *
 * Returns: whether a plate and a reason are filled in and the dialog has
 *   somewhere to audit the search
 */
gboolean
rtcc_plate_search_dialog_can_search (RtccPlateSearchDialog *self)
{
  g_autofree char *plate = NULL;
  g_autofree char *reason = NULL;

  g_return_val_if_fail (RTCC_IS_PLATE_SEARCH_DIALOG (self), FALSE);

  /* Closed: the form is gone. */
  if (self->plate_entry == NULL)
    return FALSE;
  plate = rtcc_plate_normalize (gtk_editable_get_text (GTK_EDITABLE (self->plate_entry)));
  reason = entry_text (self->reason_entry);
  return self->audit != NULL && plate != NULL && *plate != '\0' && strspn (plate, "*") != strlen (plate) &&
         *reason != '\0';
}

/**
 * rtcc_plate_search_dialog_search:
 * @self: a #RtccPlateSearchDialog
 *
 * Starts the search the form describes, replacing the previous results
 * when it is on record.
 *
 * Returns: %FALSE, with the reason in the status line, when the form
 *   does not allow a search
 */
gboolean
rtcc_plate_search_dialog_search (RtccPlateSearchDialog *self)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(Search) search = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *state = NULL;
  g_autofree char *case_number = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (RTCC_IS_PLATE_SEARCH_DIALOG (self), FALSE);

  if (self->searching)
    return FALSE;
  if (self->audit == NULL)
    {
      set_status (self, _("The audit log is not available, so plate searches are refused. Check the data folder’s permissions and restart."));
      return FALSE;
    }
  if (!rtcc_plate_search_dialog_can_search (self))
    {
      set_status (self, _("Enter a plate and the reason for the search: Flock and the audit log require one."));
      return FALSE;
    }

  search = g_new0 (Search, 1);
  if (!rtcc_plate_search_dialog_get_area (self, &search->area, &error))
    {
      set_status (self, error->message);
      return FALSE;
    }
  search->color = dropdown_value (self->color_dropdown);
  search->make = dropdown_value (self->make_dropdown);
  search->type = dropdown_value (self->type_dropdown);
  search->model = entry_text (self->model_entry);
  if (*search->model == '\0')
    g_clear_pointer (&search->model, g_free);
  search->plate = rtcc_plate_normalize (gtk_editable_get_text (GTK_EDITABLE (self->plate_entry)));
  search->reason = entry_text (self->reason_entry);
  state = entry_text (self->state_entry);
  if (*state != '\0')
    search->state = g_ascii_strup (state, -1);
  case_number = entry_text (self->case_entry);
  if (*case_number != '\0')
    search->case_number = g_steal_pointer (&case_number);
  search->to = g_date_time_ref (now);
  search->from = range_start (self, now);
  search->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  search->reads = g_ptr_array_new_with_free_func (g_object_unref);

  if (strchr (search->plate, '*') != NULL)
    search->mode = RTCC_PLATE_MATCH_WILDCARD;
  else if (gtk_switch_get_active (self->misread_switch) &&
           g_utf8_strlen (search->plate, -1) <= MAX_MISREAD_CHARS)
    search->mode = RTCC_PLATE_MATCH_MISREAD;
  else
    search->mode = RTCC_PLATE_MATCH_EXACT;
  /* The area the results come from stays on the map with them. */
  if (area_layer (self) != NULL)
    rtcc_area_layer_set_area (area_layer (self), &search->area);
  if (search->mode == RTCC_PLATE_MATCH_MISREAD)
    search->patterns = misread_patterns (search->plate);
  else
    {
      search->patterns = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_add (search->patterns, g_strdup (search->plate));
    }

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  task = g_task_new (self, self->cancellable, NULL, NULL);
  g_task_set_source_tag (task, rtcc_plate_search_dialog_search);
  g_task_set_task_data (task, g_steal_pointer (&search), (GDestroyNotify) search_free);

  set_searching (self, TRUE);
  set_status (self, _("Searching the local history and Flock…"));
  if (self->store != NULL)
    {
      Search *s = g_task_get_task_data (task);

      rtcc_event_store_search_plates_async (self->store, s->plate, s->mode, s->from, s->to,
                                            search_is_filtered (s) ? RTCC_EVENT_QUERY_MAX_LIMIT : MAX_READS,
                                            self->cancellable, store_cb, g_object_ref (task));
    }
  else
    search_next_pattern (task);
  return TRUE;
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  rtcc_plate_search_dialog_search (RTCC_PLATE_SEARCH_DIALOG (widget));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  g_cancellable_cancel (RTCC_PLATE_SEARCH_DIALOG (widget)->cancellable);
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
show_track_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  RtccPlateSearchDialog *self = RTCC_PLATE_SEARCH_DIALOG (widget);
  g_autoptr(GListStore) track = g_list_store_new (RTCC_TYPE_EVENT);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->results));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RtccEvent) read = g_list_model_get_item (G_LIST_MODEL (self->results), i);

      if (rtcc_event_get_location (read, NULL, NULL))
        g_list_store_insert_sorted (track, read, compare_time, NULL);
    }
  if (g_list_model_get_n_items (G_LIST_MODEL (track)) == 0)
    {
      set_status (self, _("None of these reads has a location to draw."));
      return;
    }
  g_signal_emit (self, signals[SHOW_TRACK], 0, track);
  if (map_view (self) != NULL)
    {
      guint n = rtcc_map_view_show_track (map_view (self), G_LIST_MODEL (track));
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "The track through %u read is on the map.",
                                                            "The track through %u reads is on the map.", n), n);

      set_status (self, text);
    }
}

/* Cells starting with = + - @ are read as formulas by spreadsheets; a
 * quote in front keeps a hostile vendor value text. */
static void
append_csv_field (GString    *csv,
                  const char *value)
{
  if (value == NULL)
    value = "";
  g_string_append_c (csv, '"');
  if (strchr ("=+-@", value[0]) != NULL && value[0] != '\0')
    g_string_append_c (csv, '\'');
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (csv, '"');
      g_string_append_c (csv, *p);
    }
  g_string_append_c (csv, '"');
}

static char *
vehicle_text (RtccEvent *read)
{
  const char *parts[] = {
    rtcc_event_get_attribute_string (read, "vehicle_color"),
    rtcc_event_get_attribute_string (read, "vehicle_make"),
    rtcc_event_get_attribute_string (read, "vehicle_model"),
  };
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    if (parts[i] != NULL && *parts[i] != '\0')
      {
        if (text->len > 0)
          g_string_append_c (text, ' ');
        g_string_append (text, parts[i]);
      }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static gboolean
is_misread (RtccPlateSearchDialog *self,
            RtccEvent             *read)
{
  return self->searched_misreads &&
         g_strcmp0 (rtcc_event_get_attribute_string (read, "plate_number"), self->searched_plate) != 0;
}

/**
 * rtcc_plate_search_dialog_build_csv:
 * @self: a #RtccPlateSearchDialog
 *
 * Returns: (transfer full): the results in their shown order as CSV, with
 *   a header line
 */
char *
rtcc_plate_search_dialog_build_csv (RtccPlateSearchDialog *self)
{
  GString *csv = g_string_new ("\"time\",\"plate\",\"state\",\"vehicle\",\"camera\",\"misread\",\"id\"\r\n");
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->sorted));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RtccEvent) read = g_list_model_get_item (G_LIST_MODEL (self->sorted), i);
      g_autofree char *time = rtcc_time_format_iso (rtcc_event_get_occurred_at (read));
      g_autofree char *vehicle = vehicle_text (read);
      const char *camera = rtcc_event_get_attribute_string (read, "camera_name");

      append_csv_field (csv, time);
      g_string_append_c (csv, ',');
      append_csv_field (csv, rtcc_event_get_attribute_string (read, "plate_number"));
      g_string_append_c (csv, ',');
      append_csv_field (csv, rtcc_event_get_attribute_string (read, "plate_state"));
      g_string_append_c (csv, ',');
      append_csv_field (csv, vehicle);
      g_string_append_c (csv, ',');
      append_csv_field (csv, camera != NULL ? camera : rtcc_event_get_attribute_string (read, "camera_id"));
      g_string_append_c (csv, ',');
      append_csv_field (csv, is_misread (self, read) ? "yes" : "no");
      g_string_append_c (csv, ',');
      append_csv_field (csv, rtcc_event_get_id (read));
      g_string_append (csv, "\r\n");
    }
  return g_string_free (csv, FALSE);
}

typedef struct
{
  GFile *file;
  GBytes *csv;
} Export;

static void
export_free (Export *export)
{
  g_clear_object (&export->file);
  g_clear_pointer (&export->csv, g_bytes_unref);
  g_free (export);
}

static void
write_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(RtccPlateSearchDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    text = g_strdup_printf (_("The CSV file could not be written: %s"), error->message);
  else
    {
      g_autofree char *name = g_file_get_basename (G_FILE (object));

      text = g_strdup_printf (_("Exported to %s."), name);
    }
  set_status (self, text);
}

static void
export_audit_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RtccPlateSearchDialog *self = g_task_get_source_object (task);
  Export *export = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (rtcc_audit_log_append_finish (RTCC_AUDIT_LOG (object), result, &error) <= 0)
    {
      g_autofree char *text = g_strdup_printf (_("The export could not be audited, so nothing was written: %s"),
                                               error->message);
      set_status (self, text);
      return;
    }
  g_file_replace_contents_bytes_async (export->file, export->csv, NULL, FALSE, G_FILE_CREATE_PRIVATE,
                                       NULL, write_cb, g_object_ref (self));
}

static void
export_to (RtccPlateSearchDialog *self,
           GFile                 *file)
{
  g_autoptr(RtccAuditRecord) record = NULL;
  g_autoptr(GTask) task = g_task_new (self, NULL, NULL, NULL);
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *terms = NULL;
  Export *export = g_new0 (Export, 1);
  char *csv;

  export->file = g_object_ref (file);
  csv = rtcc_plate_search_dialog_build_csv (self);
  export->csv = g_bytes_new_take (csv, strlen (csv));
  g_task_set_source_tag (task, export_to);
  g_task_set_task_data (task, export, (GDestroyNotify) export_free);

  terms = g_strdup_printf ("plate_search_csv plate=%s rows=%u file=%s", self->searched_plate,
                           g_list_model_get_n_items (G_LIST_MODEL (self->results)), name);
  record = rtcc_audit_record_new (self->operator_id, RTCC_AUDIT_ACTION_EXPORT);
  rtcc_audit_record_set_integration (record, "flock");
  rtcc_audit_record_set_query_terms (record, terms);
  rtcc_audit_record_set_outcome (record, RTCC_AUDIT_OUTCOME_SUCCESS);
  rtcc_audit_log_append_async (self->audit, record, NULL, export_audit_cb, g_object_ref (task));
}

static void
chooser_response (GtkNativeDialog *chooser,
                  int              response,
                  gpointer         user_data)
{
  RtccPlateSearchDialog *self = user_data;

  if (response == GTK_RESPONSE_ACCEPT && self->column_view != NULL)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        export_to (self, file);
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  RtccPlateSearchDialog *self = RTCC_PLATE_SEARCH_DIALOG (widget);
  GtkFileChooserNative *chooser;
  g_autofree char *name = g_strdup_printf ("plate-reads-%s.csv",
                                           self->searched_plate != NULL ? self->searched_plate : "search");

  /* Names from a plate keep only characters safe in a file name. */
  g_strcanon (name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-.", '_');
  chooser = gtk_file_chooser_native_new (_("Export Plate Reads"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  /* The window may close while the chooser is open: the chooser keeps
   * it alive, and a closed one does nothing with the file. */
  g_signal_connect_data (chooser, "response", G_CALLBACK (chooser_response), g_object_ref (self),
                         (GClosureNotify) (void (*) (void)) g_object_unref, 0);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* Columns */

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
bind_time (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  RtccEvent *read = gtk_list_item_get_item (item);
  g_autoptr(GDateTime) local = g_date_time_to_local (rtcc_event_get_occurred_at (read));
  g_autofree char *text = g_date_time_format (local, "%Y-%m-%d %H:%M:%S");

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), text);
}

static void
bind_plate (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  RtccPlateSearchDialog *self = user_data;
  RtccEvent *read = gtk_list_item_get_item (item);
  const char *plate = rtcc_event_get_attribute_string (read, "plate_number");
  g_autofree char *markup = rtcc_plate_markup (is_misread (self, read) ? self->searched_plate : NULL, plate);

  gtk_label_set_markup (GTK_LABEL (gtk_list_item_get_child (item)), markup);
}

static void
bind_attribute (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  user_data)
{
  RtccEvent *read = gtk_list_item_get_item (item);
  const char *name = user_data;
  const char *value = rtcc_event_get_attribute_string (read, name);

  if (value == NULL && g_str_equal (name, "camera_name"))
    value = rtcc_event_get_attribute_string (read, "camera_id");
  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), value != NULL ? value : "");
}

static void
bind_vehicle (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  g_autofree char *text = vehicle_text (gtk_list_item_get_item (item));

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), text);
}

static void
bind_badge (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  RtccPlateSearchDialog *self = user_data;
  GtkWidget *label = gtk_list_item_get_child (item);
  gboolean misread = is_misread (self, gtk_list_item_get_item (item));

  gtk_label_set_text (GTK_LABEL (label), misread ? _("misread") : "");
  if (misread)
    gtk_widget_add_css_class (label, "warning");
  else
    gtk_widget_remove_css_class (label, "warning");
}

static int
compare_attribute (gconstpointer a,
                   gconstpointer b,
                   gpointer      user_data)
{
  return g_strcmp0 (rtcc_event_get_attribute_string ((RtccEvent *) a, user_data),
                    rtcc_event_get_attribute_string ((RtccEvent *) b, user_data));
}

static GtkColumnViewColumn *
add_column (RtccPlateSearchDialog *self,
            const char            *title,
            GCallback              bind,
            gpointer               bind_data,
            GCompareDataFunc       compare,
            gpointer               compare_data,
            gboolean               expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *column;

  g_signal_connect (factory, "setup", G_CALLBACK (setup_label), NULL);
  g_signal_connect (factory, "bind", bind, bind_data);
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
on_form_changed (RtccPlateSearchDialog *self)
{
  update_actions (self);
}

/* The window goes, the search stops: what was sent is still audited. */
static gboolean
rtcc_plate_search_dialog_close_request (GtkWindow *window)
{
  g_cancellable_cancel (RTCC_PLATE_SEARCH_DIALOG (window)->cancellable);

  return GTK_WINDOW_CLASS (rtcc_plate_search_dialog_parent_class)->close_request (window);
}

static void
rtcc_plate_search_dialog_dispose (GObject *object)
{
  RtccPlateSearchDialog *self = RTCC_PLATE_SEARCH_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  /* The area belongs to this search: it leaves the map with the dialog;
   * the track stays until cleared. */
  if (area_layer (self) != NULL)
    {
      RtccAreaLayer *layer = area_layer (self);

      g_signal_handlers_disconnect_by_data (layer, self);
      rtcc_area_layer_set_area (layer, NULL);
      rtcc_area_layer_set_mode (layer, RTCC_AREA_LAYER_SHOW);
    }
  g_clear_weak_pointer (&self->map_view);
  gtk_widget_dispose_template (GTK_WIDGET (self), RTCC_TYPE_PLATE_SEARCH_DIALOG);

  G_OBJECT_CLASS (rtcc_plate_search_dialog_parent_class)->dispose (object);
}

static void
rtcc_plate_search_dialog_finalize (GObject *object)
{
  RtccPlateSearchDialog *self = RTCC_PLATE_SEARCH_DIALOG (object);

  g_clear_object (&self->flock);
  g_clear_object (&self->store);
  g_clear_object (&self->audit);
  g_clear_object (&self->results);
  g_clear_object (&self->sorted);
  g_clear_object (&self->cancellable);
  g_free (self->operator_id);
  g_free (self->searched_plate);

  G_OBJECT_CLASS (rtcc_plate_search_dialog_parent_class)->finalize (object);
}

static void
rtcc_plate_search_dialog_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  RtccPlateSearchDialog *self = RTCC_PLATE_SEARCH_DIALOG (object);

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
rtcc_plate_search_dialog_class_init (RtccPlateSearchDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rtcc_plate_search_dialog_dispose;
  object_class->finalize = rtcc_plate_search_dialog_finalize;
  object_class->get_property = rtcc_plate_search_dialog_get_property;
  GTK_WINDOW_CLASS (klass)->close_request = rtcc_plate_search_dialog_close_request;

  /**
   * RtccPlateSearchDialog:searching:
   *
   * Whether a search is under way.
   */
  properties[PROP_SEARCHING] =
    g_param_spec_boolean ("searching", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RtccPlateSearchDialog::show-track:
   * @self: the dialog
   * @track: (type GListModel): the located reads, oldest first
   *
   * The operator asked to see where the plate went.
   */
  signals[SHOW_TRACK] =
    g_signal_new ("show-track", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_LIST_MODEL);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/g3ti/Rtcc/rtcc-plate-search-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, RtccPlateSearchDialog, plate_entry);
  gtk_widget_class_bind_template_child (widget_class, RtccPlateSearchDialog, state_entry);
  gtk_widget_class_bind_template_child (widget_class, RtccPlateSearchDialog, range_dropdown);
  gtk_widget_class_bind_template_child (widget_class, RtccPlateSearchDialog, misread_switch);
  gtk_widget_class_bind_template_child (widget_class, RtccPlateSearchDialog, reason_entry);
  gtk_widget_class_bind_template_child (widget_class, RtccPlateSearchDialog, case_entry);
  gtk_widget_class_bind_template_child (widget_class, RtccPlateSearchDialog, area_dropdown);
  gtk_widget_class_bind_template_child (widget_class, RtccPlateSearchDialog, draw_button);
  gtk_widget_class_bind_template_child (widget_class, RtccPlateSearchDialog, radius_box);
  gtk_widget_class_bind_template_child (widget_class, RtccPlateSearchDialog, radius_spin);
  gtk_widget_class_bind_template_child (widget_class, RtccPlateSearchDialog, area_label);
  gtk_widget_class_bind_template_child (widget_class, RtccPlateSearchDialog, color_dropdown);
  gtk_widget_class_bind_template_child (widget_class, RtccPlateSearchDialog, make_dropdown);
  gtk_widget_class_bind_template_child (widget_class, RtccPlateSearchDialog, model_entry);
  gtk_widget_class_bind_template_child (widget_class, RtccPlateSearchDialog, type_dropdown);
  gtk_widget_class_bind_template_child (widget_class, RtccPlateSearchDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, RtccPlateSearchDialog, status_label);
  gtk_widget_class_bind_template_child (widget_class, RtccPlateSearchDialog, column_view);

  gtk_widget_class_install_action (widget_class, "plate-search.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "plate-search.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "plate-search.show-track", NULL, show_track_action);
  gtk_widget_class_install_action (widget_class, "plate-search.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "plate-search.clear-track", NULL, clear_track_action);
  gtk_widget_class_install_action (widget_class, "plate-search.draw-area", NULL, draw_area_action);
  gtk_widget_class_install_action (widget_class, "plate-search.pick-centre", NULL, pick_centre_action);
  gtk_widget_class_install_action (widget_class, "plate-search.centre-on-event", NULL, centre_on_event_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
rtcc_plate_search_dialog_init (RtccPlateSearchDialog *self)
{
  g_autoptr(GtkSingleSelection) selection = NULL;
  GtkColumnViewColumn *time_column;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->results = g_list_store_new (RTCC_TYPE_EVENT);
  self->sorted = gtk_sort_list_model_new (G_LIST_MODEL (g_object_ref (self->results)),
                                          g_object_ref (gtk_column_view_get_sorter (self->column_view)));
  selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->sorted)));
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (selection));

  time_column = add_column (self, _("Time"), G_CALLBACK (bind_time), NULL, compare_time, NULL, FALSE);
  add_column (self, _("Plate"), G_CALLBACK (bind_plate), self, compare_attribute, (gpointer) "plate_number", FALSE);
  add_column (self, _("State"), G_CALLBACK (bind_attribute), (gpointer) "plate_state",
              compare_attribute, (gpointer) "plate_state", FALSE);
  add_column (self, _("Vehicle"), G_CALLBACK (bind_vehicle), NULL, NULL, NULL, TRUE);
  add_column (self, _("Camera"), G_CALLBACK (bind_attribute), (gpointer) "camera_name",
              compare_attribute, (gpointer) "camera_name", TRUE);
  add_column (self, "", G_CALLBACK (bind_badge), self, NULL, NULL, FALSE);
  gtk_column_view_sort_by_column (self->column_view, time_column, GTK_SORT_DESCENDING);

  g_signal_connect_swapped (self->plate_entry, "changed", G_CALLBACK (on_form_changed), self);
  g_signal_connect_swapped (self->reason_entry, "changed", G_CALLBACK (on_form_changed), self);
  g_signal_connect_swapped (self->plate_entry, "activate", G_CALLBACK (rtcc_plate_search_dialog_search), self);
  g_signal_connect_swapped (self->reason_entry, "activate", G_CALLBACK (rtcc_plate_search_dialog_search), self);
  g_signal_connect_swapped (self->case_entry, "activate", G_CALLBACK (rtcc_plate_search_dialog_search), self);
  g_signal_connect_swapped (self->model_entry, "activate", G_CALLBACK (rtcc_plate_search_dialog_search), self);
  g_signal_connect_swapped (self->area_dropdown, "notify::selected", G_CALLBACK (update_area), self);
  g_signal_connect_swapped (self->radius_spin, "value-changed", G_CALLBACK (update_area), self);
  rtcc_geo_area_set_anywhere (&self->drawn_area);
  update_area (self);
  set_status (self, _("Enter a plate and the reason for the search."));
  update_actions (self);
}

/**
 * rtcc_plate_search_dialog_new:
 * @flock: (nullable): the Flock integration to search
 * @store: (nullable): the local history to search first
 * @audit: (nullable): the audit log; without it the dialog refuses to search
 * @operator_id: who the audit records name
 *
 * Returns: (transfer full): a new plate search dialog
 */
RtccPlateSearchDialog *
rtcc_plate_search_dialog_new (RtccFlockIntegration *flock,
                              RtccEventStore       *store,
                              RtccAuditLog         *audit,
                              const char           *operator_id)
{
  RtccPlateSearchDialog *self = g_object_new (RTCC_TYPE_PLATE_SEARCH_DIALOG, NULL);

  g_set_object (&self->flock, flock);
  g_set_object (&self->store, store);
  g_set_object (&self->audit, audit);
  self->operator_id = g_strdup (operator_id != NULL ? operator_id : g_get_user_name ());
  update_actions (self);
  if (audit == NULL)
    set_status (self, _("The audit log is not available, so plate searches are refused. Check the data folder’s permissions and restart."));
  return self;
}

/**
 * rtcc_plate_search_dialog_set_query:
 * @self: a #RtccPlateSearchDialog
 * @plate: (nullable): the plate, `*` for any characters
 * @state: (nullable): the issuing state
 * @reason: (nullable): why the search is made
 * @case_number: (nullable): the case it serves
 *
 * Fills the form, e.g. from a plate hit the operator is looking at.
 */
void
rtcc_plate_search_dialog_set_query (RtccPlateSearchDialog *self,
                                    const char            *plate,
                                    const char            *state,
                                    const char            *reason,
                                    const char            *case_number)
{
  g_return_if_fail (RTCC_IS_PLATE_SEARCH_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->plate_entry), plate != NULL ? plate : "");
  gtk_editable_set_text (GTK_EDITABLE (self->state_entry), state != NULL ? state : "");
  gtk_editable_set_text (GTK_EDITABLE (self->reason_entry), reason != NULL ? reason : "");
  gtk_editable_set_text (GTK_EDITABLE (self->case_entry), case_number != NULL ? case_number : "");
}

/**
 * rtcc_plate_search_dialog_get_searching:
 * @self: a #RtccPlateSearchDialog
 *
 * Returns: whether a search is under way
 */
gboolean
rtcc_plate_search_dialog_get_searching (RtccPlateSearchDialog *self)
{
  g_return_val_if_fail (RTCC_IS_PLATE_SEARCH_DIALOG (self), FALSE);

  return self->searching;
}

/**
 * rtcc_plate_search_dialog_get_results:
 * @self: a #RtccPlateSearchDialog
 *
 * Returns: (transfer none): the reads shown, as #RtccEvent, unsorted
 */
GListModel *
rtcc_plate_search_dialog_get_results (RtccPlateSearchDialog *self)
{
  g_return_val_if_fail (RTCC_IS_PLATE_SEARCH_DIALOG (self), NULL);

  return G_LIST_MODEL (self->results);
}

/**
 * rtcc_plate_search_dialog_get_status:
 * @self: a #RtccPlateSearchDialog
 *
 * Returns: the status line: progress, counts or what went wrong
 */
const char *
rtcc_plate_search_dialog_get_status (RtccPlateSearchDialog *self)
{
  g_return_val_if_fail (RTCC_IS_PLATE_SEARCH_DIALOG (self), NULL);

  return gtk_label_get_text (self->status_label);
}
