/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccEventLayer"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "rtcc-event-layer.h"
#include "rtcc-event-layer-private.h"

/*
 * The layer draws every event itself, copying pre-rendered symbols into one
 * cairo node, so thousands of events cost thousands of pixel copies, not
 * thousands of widgets with their own layout, CSS and render nodes.
 *
 * Events sit in a sparse grid of web-mercator cells, each cell one packed
 * array of what a frame needs (position, time, type), so a frame reads only
 * the cells under the viewport, from contiguous memory. A slot array with
 * stable indexes holds the event itself and where it sits in its cell, and
 * a third array maps model positions to slots, so items-changed is applied
 * incrementally.
 */

#define NO_SLOT         G_MAXUINT32
#define GRID_LEVEL      14                  /* cells of ~2 km: a city is a few hundred */
#define GRID_SIZE       (1u << GRID_LEVEL)
#define CLUSTER_CELL    48.0                /* px */
#define HEAT_CELL       16.0                /* px */
#define MARKER_SIZE     22                  /* px, logical */
#define MARKER_RADIUS   (MARKER_SIZE / 2.0)
#define CULL_MARGIN     32.0                /* px, so half-visible markers are drawn */
#define HIT_SLOP        4.0                 /* px beyond a marker's edge still picks it */
#define PULSE_PERIOD_US (1200 * G_TIME_SPAN_MILLISECOND)
#define N_CLUSTER_SIZES 5
#define N_PRIORITIES    (RTCC_PRIORITY_CRITICAL + 1)
#define N_TYPES         (RTCC_EVENT_TYPE_INTEGRATION_STATUS + 1)
#define MAX_LABELS      512

enum
{
  ENTRY_ACKED = 1 << 0,
};

typedef struct
{
  RtccEvent *event;         /* strong; NULL while the slot is free */
  guint32    cell;          /* grid key */
  guint32    pos;           /* index in the cell, or the next free slot */
} Entry;

typedef struct
{
  float      dx;            /* position inside the grid cell, 0..1 */
  float      dy;
  guint32    slot;
  guint8     type;
  guint8     priority;
  guint8     flags;
  guint8     padding;
  gint64     occurred_us;
  gint64     received_us;
} CellItem;

typedef struct
{
  guint32    len;
  guint32    cap;
  CellItem   items[];
} Cell;

typedef struct
{
  float   x;                /* widget coordinates */
  float   y;
  float   radius;
  guint32 slot;             /* the event, or a cluster's most urgent member */
  guint32 count;            /* 1 for a single marker */
  guint8  priority;
  guint8  pulsing;
  guint8  type;
  guint8  selected;         /* holds the selected event */
} DrawnItem;

typedef struct
{
  double  sum_x;            /* world px */
  double  sum_y;
  guint32 count;
  guint32 top_slot;
  guint8  top_priority;
  guint8  top_type;
  guint8  pulsing;
  guint8  selected;
  guint8  done;
} ClusterCell;

typedef struct
{
  double world;             /* world size in px at this zoom */
  double cx;                /* viewport centre, world px */
  double cy;
  double cos_r;
  double sin_r;
  double half_w;
  double half_h;
} Transform;

struct _RtccEventLayer
{
  ShumateLayer         parent_instance;

  GListModel          *model;
  gulong               items_changed_id;

  GArray              *entries;      /* Entry, by slot */
  guint32              free_head;
  GArray              *order;        /* guint32 slot per model position */
  GHashTable          *grid;         /* cell key -> Cell */
  gsize                grid_bytes;
  guint                n_located;

  GHashTable          *acked;        /* event ids */
  RtccEvent           *selected;
  guint32              selected_slot;

  GTimeSpan            pulse_duration;
  gint64               since_us;
  gint64               until_us;
  gboolean             heat;
  RtccEventType        heat_type;
  gint64               heat_since_us;
  double               cluster_max_zoom;

  GArray              *drawn;        /* DrawnItem */
  GArray              *cells;        /* ClusterCell or float, scratch */
  gboolean             layout_valid;
  RtccEventLayerStats  stats;
  guint                tick_id;

  int                  surface_scale;
  cairo_surface_t     *symbols[N_TYPES][N_PRIORITIES];
  GHashTable          *clusters;     /* "size/priority/label" -> cairo_surface_t */
};

G_DEFINE_FINAL_TYPE (RtccEventLayer, rtcc_event_layer, SHUMATE_TYPE_LAYER)

enum {
  PROP_0,
  PROP_MODEL,
  PROP_SELECTED_EVENT,
  PROP_PULSE_DURATION,
  PROP_CLUSTER_MAX_ZOOM,
  PROP_HEAT_MODE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  EVENT_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const double cluster_radii[N_CLUSTER_SIZES] = { 14, 17, 20, 23, 26 };

/* Chosen to stay apart on both light and dark map styles. */
static const GdkRGBA priority_colors[N_PRIORITIES] = {
  { 0.42f, 0.50f, 0.60f, 1.0f },    /* low: slate */
  { 0.21f, 0.52f, 0.89f, 1.0f },    /* normal: blue */
  { 1.00f, 0.47f, 0.00f, 1.0f },    /* high: orange */
  { 0.88f, 0.11f, 0.14f, 1.0f },    /* critical: red */
};

static const char *symbol_names[N_TYPES] = {
  [RTCC_EVENT_TYPE_CAMERA_ALERT] = "camera",
  [RTCC_EVENT_TYPE_LPR_READ] = "plate-small",
  [RTCC_EVENT_TYPE_LPR_HIT] = "plate",
  [RTCC_EVENT_TYPE_GUNSHOT] = "burst",
  [RTCC_EVENT_TYPE_INCIDENT_CREATED] = "triangle",
  [RTCC_EVENT_TYPE_INCIDENT_UPDATED] = "triangle",
  [RTCC_EVENT_TYPE_BOLO_CREATED] = "diamond",
  [RTCC_EVENT_TYPE_BOLO_CANCELLED] = "diamond-struck",
  [RTCC_EVENT_TYPE_BWC_RECORDING] = "record",
  [RTCC_EVENT_TYPE_INTEGRATION_STATUS] = "dot",
};

static inline Entry *
entry_at (RtccEventLayer *self,
          guint32         slot)
{
  return &g_array_index (self->entries, Entry, slot);
}

static gint64
date_time_to_us (GDateTime *dt)
{
  if (dt == NULL)
    return 0;
  return g_date_time_to_unix (dt) * G_USEC_PER_SEC + g_date_time_get_microsecond (dt);
}

static void
project (double  lat,
         double  lon,
         double *x,
         double *y)
{
  double s;

  /* Web mercator stops at +-85.0511 degrees; clamp rather than overflow. */
  lat = CLAMP (lat, -85.0511287798, 85.0511287798);
  s = sin (lat * G_PI / 180.0);
  *x = (lon + 180.0) / 360.0;
  *y = 0.5 - log ((1.0 + s) / (1.0 - s)) / (4.0 * G_PI);
  *x = CLAMP (*x, 0.0, 1.0);
  *y = CLAMP (*y, 0.0, 1.0);
}

static void
unproject (double  x,
           double  y,
           double *lat,
           double *lon)
{
  *lon = x * 360.0 - 180.0;
  *lat = atan (sinh (G_PI * (1.0 - 2.0 * y))) * 180.0 / G_PI;
}

static guint32
cell_for (double x,
          double y)
{
  guint32 gx = (guint32) MIN (x * GRID_SIZE, GRID_SIZE - 1);
  guint32 gy = (guint32) MIN (y * GRID_SIZE, GRID_SIZE - 1);

  return gx * GRID_SIZE + gy;
}

static void
transform_init (RtccEventLayer *self,
                Transform      *t)
{
  ShumateViewport *viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  ShumateMapSource *source = shumate_viewport_get_reference_map_source (viewport);
  double tile_size = source != NULL ? shumate_map_source_get_tile_size (source) : 256.0;
  double rotation = shumate_viewport_get_rotation (viewport);
  double x, y;

  project (shumate_location_get_latitude (SHUMATE_LOCATION (viewport)),
           shumate_location_get_longitude (SHUMATE_LOCATION (viewport)),
           &x, &y);
  t->world = tile_size * exp2 (shumate_viewport_get_zoom_level (viewport));
  t->cx = x * t->world;
  t->cy = y * t->world;
  t->cos_r = cos (rotation);
  t->sin_r = sin (rotation);
  t->half_w = gtk_widget_get_width (GTK_WIDGET (self)) / 2.0;
  t->half_h = gtk_widget_get_height (GTK_WIDGET (self)) / 2.0;
}

static inline void
world_to_widget (const Transform *t,
                 double           wx,
                 double           wy,
                 double          *x,
                 double          *y)
{
  double dx = wx - t->cx;
  double dy = wy - t->cy;

  *x = dx * t->cos_r - dy * t->sin_r + t->half_w;
  *y = dx * t->sin_r + dy * t->cos_r + t->half_h;
}

static inline void
widget_to_world (const Transform *t,
                 double           x,
                 double           y,
                 double          *wx,
                 double          *wy)
{
  double dx = x - t->half_w;
  double dy = y - t->half_h;

  *wx = dx * t->cos_r + dy * t->sin_r + t->cx;
  *wy = -dx * t->sin_r + dy * t->cos_r + t->cy;
}

static void
invalidate (RtccEventLayer *self)
{
  self->layout_valid = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Grid and slots */

static inline CellItem *
item_for_slot (RtccEventLayer *self,
               guint32         slot)
{
  const Entry *e = entry_at (self, slot);
  Cell *cell = g_hash_table_lookup (self->grid, GUINT_TO_POINTER (e->cell));

  return &cell->items[e->pos];
}

static inline void
cell_origin (guint32  key,
             double  *gx,
             double  *gy)
{
  *gx = key / GRID_SIZE;
  *gy = key % GRID_SIZE;
}

static void
grid_link (RtccEventLayer *self,
           guint32         slot,
           const CellItem *item)
{
  Entry *e = entry_at (self, slot);
  gpointer key = GUINT_TO_POINTER (e->cell);
  Cell *cell = g_hash_table_lookup (self->grid, key);

  if (cell == NULL || cell->len == cell->cap)
    {
      gboolean fresh = cell == NULL;
      guint32 cap = fresh ? 4 : cell->cap * 2;

      if (!fresh)
        self->grid_bytes -= sizeof (Cell) + (gsize) cell->cap * sizeof (CellItem);
      cell = g_realloc (cell, sizeof (Cell) + (gsize) cap * sizeof (CellItem));
      if (fresh)
        cell->len = 0;
      cell->cap = cap;
      self->grid_bytes += sizeof (Cell) + (gsize) cap * sizeof (CellItem);
      g_hash_table_insert (self->grid, key, cell);
    }

  e->pos = cell->len;
  cell->items[cell->len++] = *item;
}

static void
grid_unlink (RtccEventLayer *self,
             guint32         slot)
{
  Entry *e = entry_at (self, slot);
  gpointer key = GUINT_TO_POINTER (e->cell);
  Cell *cell = g_hash_table_lookup (self->grid, key);
  guint32 last = --cell->len;

  /* Swap the last item into the hole; only its slot learns a new index. */
  if (e->pos != last)
    {
      cell->items[e->pos] = cell->items[last];
      entry_at (self, cell->items[e->pos].slot)->pos = e->pos;
    }

  if (cell->len == 0)
    {
      self->grid_bytes -= sizeof (Cell) + (gsize) cell->cap * sizeof (CellItem);
      g_hash_table_remove (self->grid, key);
      g_free (cell);
    }
  else if (cell->cap > 8 && cell->len < cell->cap / 4)
    {
      guint32 cap = cell->cap / 2;

      self->grid_bytes -= sizeof (Cell) + (gsize) cell->cap * sizeof (CellItem);
      cell = g_realloc (cell, sizeof (Cell) + (gsize) cap * sizeof (CellItem));
      cell->cap = cap;
      self->grid_bytes += sizeof (Cell) + (gsize) cap * sizeof (CellItem);
      g_hash_table_insert (self->grid, key, cell);
    }
}

static void
set_selected_internal (RtccEventLayer *self,
                       RtccEvent      *event)
{
  if (!g_set_object (&self->selected, event))
    return;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_EVENT]);
}

static guint32
add_item (RtccEventLayer *self,
          gpointer        item)
{
  g_autoptr(GObject) owned = item;
  RtccEvent *event;
  CellItem ci = { 0 };
  double lat, lon, x, y;
  guint32 slot;
  Entry *e;

  if (!RTCC_IS_EVENT (owned))
    return NO_SLOT;
  event = RTCC_EVENT (owned);
  if (!rtcc_event_get_location (event, &lat, &lon) || !isfinite (lat) || !isfinite (lon))
    return NO_SLOT;

  if (self->free_head != NO_SLOT)
    {
      slot = self->free_head;
      self->free_head = entry_at (self, slot)->pos;
    }
  else
    {
      slot = self->entries->len;
      g_array_set_size (self->entries, slot + 1);
    }

  project (lat, lon, &x, &y);
  e = entry_at (self, slot);
  e->cell = cell_for (x, y);
  e->event = RTCC_EVENT (g_steal_pointer (&owned));

  ci.dx = (float) (x * GRID_SIZE - (double) (e->cell / GRID_SIZE));
  ci.dy = (float) (y * GRID_SIZE - (double) (e->cell % GRID_SIZE));
  ci.slot = slot;
  ci.occurred_us = date_time_to_us (rtcc_event_get_occurred_at (event));
  ci.received_us = date_time_to_us (rtcc_event_get_received_at (event));
  ci.type = (guint8) MIN ((guint) rtcc_event_get_event_type (event), N_TYPES - 1);
  ci.priority = (guint8) MIN ((guint) rtcc_event_get_priority (event), N_PRIORITIES - 1);
  if (g_hash_table_contains (self->acked, rtcc_event_get_id (event)))
    ci.flags |= ENTRY_ACKED;
  grid_link (self, slot, &ci);
  self->n_located++;

  /* A newer version of the selected event keeps the selection. */
  if (self->selected != NULL &&
      g_strcmp0 (rtcc_event_get_id (self->selected), rtcc_event_get_id (event)) == 0)
    {
      self->selected_slot = slot;
      set_selected_internal (self, event);
    }

  return slot;
}

static void
remove_slot (RtccEventLayer *self,
             guint32         slot)
{
  Entry *e = entry_at (self, slot);

  grid_unlink (self, slot);
  e = entry_at (self, slot);
  g_clear_object (&e->event);
  e->pos = self->free_head;
  self->free_head = slot;
  self->n_located--;
  if (self->selected_slot == slot)
    self->selected_slot = NO_SLOT;
}

static void
clear_all (RtccEventLayer *self)
{
  GHashTableIter iter;
  gpointer cell;

  for (guint i = 0; i < self->entries->len; i++)
    g_clear_object (&entry_at (self, i)->event);
  g_array_set_size (self->entries, 0);
  g_array_set_size (self->order, 0);
  /* Cells move on realloc, so the table has no destroy function. */
  g_hash_table_iter_init (&iter, self->grid);
  while (g_hash_table_iter_next (&iter, NULL, &cell))
    g_free (cell);
  g_hash_table_remove_all (self->grid);
  self->grid_bytes = 0;
  self->free_head = NO_SLOT;
  self->n_located = 0;
  self->selected_slot = NO_SLOT;
}

static void
on_items_changed (GListModel     *model,
                  guint           position,
                  guint           removed,
                  guint           added,
                  RtccEventLayer *self)
{
  g_autofree guint32 *slots = NULL;

  if (position + removed > self->order->len)
    {
      /* The model broke the GListModel contract; resync from scratch. */
      g_warning ("Model reported %u removals at %u but held %u items; resyncing",
                 removed, position, self->order->len);
      clear_all (self);
      position = 0;
      removed = 0;
      added = g_list_model_get_n_items (model);
    }

  for (guint i = 0; i < removed; i++)
    {
      guint32 slot = g_array_index (self->order, guint32, position + i);
      if (slot != NO_SLOT)
        remove_slot (self, slot);
    }
  if (removed > 0)
    g_array_remove_range (self->order, position, removed);

  if (added > 0)
    {
      slots = g_new (guint32, added);
      for (guint i = 0; i < added; i++)
        slots[i] = add_item (self, g_list_model_get_item (model, position + i));
      g_array_insert_vals (self->order, position, slots, added);
    }

  invalidate (self);
}

/* Textures */

static void
path_symbol (cairo_t       *cr,
             RtccEventType  type,
             double         c)
{
  switch (type)
    {
    case RTCC_EVENT_TYPE_GUNSHOT:
      for (int i = 0; i < 16; i++)
        {
          double a = i * G_PI / 8.0 - G_PI / 2.0;
          double r = (i % 2 == 0) ? c - 1.5 : c * 0.45;
          if (i == 0)
            cairo_move_to (cr, c + r * cos (a), c + r * sin (a));
          else
            cairo_line_to (cr, c + r * cos (a), c + r * sin (a));
        }
      cairo_close_path (cr);
      break;

    case RTCC_EVENT_TYPE_LPR_HIT:
      cairo_rectangle (cr, c - 9, c - 6, 18, 12);
      break;

    case RTCC_EVENT_TYPE_LPR_READ:
      cairo_rectangle (cr, c - 7, c - 4.5, 14, 9);
      break;

    case RTCC_EVENT_TYPE_CAMERA_ALERT:
      cairo_rectangle (cr, c - 8, c - 5, 11, 10);
      cairo_move_to (cr, c + 3, c - 1.5);
      cairo_line_to (cr, c + 8.5, c - 5);
      cairo_line_to (cr, c + 8.5, c + 5);
      cairo_line_to (cr, c + 3, c + 1.5);
      cairo_close_path (cr);
      break;

    case RTCC_EVENT_TYPE_INCIDENT_CREATED:
    case RTCC_EVENT_TYPE_INCIDENT_UPDATED:
      cairo_move_to (cr, c, c - 8.5);
      cairo_line_to (cr, c + 9, c + 7);
      cairo_line_to (cr, c - 9, c + 7);
      cairo_close_path (cr);
      break;

    case RTCC_EVENT_TYPE_BOLO_CREATED:
    case RTCC_EVENT_TYPE_BOLO_CANCELLED:
      cairo_move_to (cr, c, c - 9);
      cairo_line_to (cr, c + 9, c);
      cairo_line_to (cr, c, c + 9);
      cairo_line_to (cr, c - 9, c);
      cairo_close_path (cr);
      break;

    case RTCC_EVENT_TYPE_BWC_RECORDING:
      cairo_arc (cr, c, c, 8, 0, 2 * G_PI);
      break;

    case RTCC_EVENT_TYPE_INTEGRATION_STATUS:
    default:
      cairo_arc (cr, c, c, 5, 0, 2 * G_PI);
      break;
    }
}

static GdkTexture *
texture_from_surface (cairo_surface_t *surface)
{
  g_autoptr(GBytes) bytes = NULL;
  int width = cairo_image_surface_get_width (surface);
  int height = cairo_image_surface_get_height (surface);
  int stride = cairo_image_surface_get_stride (surface);

  cairo_surface_flush (surface);
  bytes = g_bytes_new (cairo_image_surface_get_data (surface), (gsize) stride * height);
  /* Cairo's ARGB32 is premultiplied native-endian, which is GDK's default. */
  return gdk_memory_texture_new (width, height, GDK_MEMORY_DEFAULT, bytes, stride);
}

static cairo_surface_t *
create_surface (double size,
                int    scale)
{
  int px = (int) ceil (size * scale);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, px, px);

  /* Drawn in logical pixels, painted at device resolution. */
  cairo_surface_set_device_scale (surface, scale, scale);
  return surface;
}

static cairo_surface_t *
draw_symbol (RtccEventType type,
             RtccPriority  priority,
             int           scale)
{
  cairo_surface_t *surface = create_surface (MARKER_SIZE, scale);
  cairo_t *cr = cairo_create (surface);
  const GdkRGBA *fill = &priority_colors[CLAMP ((int) priority, 0, N_PRIORITIES - 1)];
  double c = MARKER_RADIUS;

  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);

  /* A dark halo, then the fill, then a white rim: readable on any tile. */
  path_symbol (cr, type, c);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.45);
  cairo_set_line_width (cr, 3.5);
  cairo_stroke_preserve (cr);
  gdk_cairo_set_source_rgba (cr, fill);
  cairo_fill_preserve (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_set_line_width (cr, 1.5);
  cairo_stroke (cr);

  if (type == RTCC_EVENT_TYPE_BWC_RECORDING)
    {
      cairo_arc (cr, c, c, 3, 0, 2 * G_PI);
      cairo_fill (cr);
    }
  else if (type == RTCC_EVENT_TYPE_LPR_HIT)
    {
      cairo_rectangle (cr, c - 5, c - 1, 10, 2);
      cairo_fill (cr);
    }
  else if (type == RTCC_EVENT_TYPE_BOLO_CANCELLED)
    {
      cairo_move_to (cr, c - 6, c + 6);
      cairo_line_to (cr, c + 6, c - 6);
      cairo_set_line_width (cr, 2);
      cairo_stroke (cr);
    }

  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

/**
 * rtcc_event_layer_render_symbol:
 * @type: the event type
 * @priority: the priority, which gives the fill colour
 * @scale: the device scale (1 or 2)
 *
 * Draws the marker the layer uses for @type and @priority, for a legend.
 *
 * Returns: (transfer full): a texture of 22×22 logical pixels
 */
GdkTexture *
rtcc_event_layer_render_symbol (RtccEventType type,
                                RtccPriority  priority,
                                int           scale)
{
  cairo_surface_t *surface = draw_symbol (type, priority, CLAMP (scale, 1, 4));
  GdkTexture *texture = texture_from_surface (surface);

  cairo_surface_destroy (surface);
  return texture;
}

static guint
cluster_size_index (guint32 count)
{
  guint i = (guint) floor (log10 ((double) MAX (count, 2)) * 1.5);

  return MIN (i, N_CLUSTER_SIZES - 1);
}

static double
cluster_surface_size (guint size_index)
{
  return ceil (cluster_radii[size_index] * 2 + 4);
}

static void
drop_surfaces (RtccEventLayer *self)
{
  for (guint t = 0; t < N_TYPES; t++)
    for (guint p = 0; p < N_PRIORITIES; p++)
      g_clear_pointer (&self->symbols[t][p], cairo_surface_destroy);
  if (self->clusters != NULL)
    g_hash_table_remove_all (self->clusters);
  self->surface_scale = 0;
}

static void
ensure_surfaces (RtccEventLayer *self)
{
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));

  if (scale == self->surface_scale)
    return;
  drop_surfaces (self);
  for (guint t = 0; t < N_TYPES; t++)
    for (guint p = 0; p < N_PRIORITIES; p++)
      self->symbols[t][p] = draw_symbol (t, p, scale);
  self->surface_scale = scale;
}

/* Cluster discs with their count, drawn once per size, priority and label:
 * the frame then only copies pixels, which text shaping would not allow. */
static cairo_surface_t *
get_cluster_surface (RtccEventLayer *self,
                     guint32         count,
                     guint           priority)
{
  guint s = cluster_size_index (count);
  double size = cluster_surface_size (s);
  char label[16];
  char key[32];
  cairo_surface_t *surface;
  cairo_t *cr;
  PangoLayout *layout;
  PangoRectangle ink;
  g_autoptr(PangoFontDescription) font = NULL;

  if (count < 1000)
    g_snprintf (label, sizeof label, "%u", count);
  else if (count < 10000)
    g_snprintf (label, sizeof label, "%.1fk", count / 1000.0);
  else
    g_snprintf (label, sizeof label, "%uk", count / 1000);
  g_snprintf (key, sizeof key, "%u/%u/%s", s, priority, label);

  surface = g_hash_table_lookup (self->clusters, key);
  if (surface != NULL)
    return surface;

  if (g_hash_table_size (self->clusters) >= MAX_LABELS)
    g_hash_table_remove_all (self->clusters);

  surface = create_surface (size, self->surface_scale);
  cr = cairo_create (surface);
  cairo_arc (cr, size / 2.0, size / 2.0, cluster_radii[s], 0, 2 * G_PI);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.35);
  cairo_set_line_width (cr, 4);
  cairo_stroke_preserve (cr);
  gdk_cairo_set_source_rgba (cr, &priority_colors[priority]);
  cairo_fill_preserve (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_set_line_width (cr, 2);
  cairo_stroke (cr);

  layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), label);
  font = pango_font_description_from_string ("Sans Bold 9");
  pango_layout_set_font_description (layout, font);
  pango_layout_get_pixel_extents (layout, &ink, NULL);
  cairo_move_to (cr, round ((size - ink.width) / 2.0 - ink.x), round ((size - ink.height) / 2.0 - ink.y));
  pango_cairo_show_layout (cr, layout);
  g_object_unref (layout);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  g_hash_table_insert (self->clusters, g_strdup (key), surface);
  return surface;
}

/* Layout: culling and clustering */

typedef struct
{
  double x0, y0, x1, y1;    /* world px bounds to visit */
} WorldRect;

static void
visible_world_rect (RtccEventLayer  *self,
                    const Transform *t,
                    WorldRect       *r)
{
  double w = t->half_w * 2, h = t->half_h * 2;
  double corners[4][2] = { { -CULL_MARGIN, -CULL_MARGIN }, { w + CULL_MARGIN, -CULL_MARGIN },
                           { -CULL_MARGIN, h + CULL_MARGIN }, { w + CULL_MARGIN, h + CULL_MARGIN } };

  r->x0 = r->y0 = G_MAXDOUBLE;
  r->x1 = r->y1 = -G_MAXDOUBLE;
  for (guint i = 0; i < 4; i++)
    {
      double wx, wy;
      widget_to_world (t, corners[i][0], corners[i][1], &wx, &wy);
      r->x0 = MIN (r->x0, wx);
      r->y0 = MIN (r->y0, wy);
      r->x1 = MAX (r->x1, wx);
      r->y1 = MAX (r->y1, wy);
    }
}

typedef void (*VisitFunc) (RtccEventLayer  *self,
                           const Transform *t,
                           const CellItem  *item,
                           double           wx,
                           double           wy,
                           double           x,
                           double           y,
                           gpointer         data);

static inline gboolean
passes_filter (RtccEventLayer *self,
               const CellItem *item)
{
  return item->occurred_us >= self->since_us && item->occurred_us <= self->until_us;
}

static void
visit_cell (RtccEventLayer  *self,
            const Transform *t,
            guint32          key,
            const Cell      *cell,
            VisitFunc        func,
            gpointer         data)
{
  double w = t->half_w * 2, h = t->half_h * 2;
  double scale = t->world / GRID_SIZE;
  double gx, gy, ox, oy;

  cell_origin (key, &gx, &gy);
  ox = gx * scale;
  oy = gy * scale;

  for (guint32 i = 0; i < cell->len; i++)
    {
      const CellItem *item = &cell->items[i];
      double wx, wy, x, y;

      if (!passes_filter (self, item))
        continue;
      wx = ox + item->dx * scale;
      wy = oy + item->dy * scale;
      world_to_widget (t, wx, wy, &x, &y);
      if (x < -CULL_MARGIN || y < -CULL_MARGIN || x > w + CULL_MARGIN || y > h + CULL_MARGIN)
        continue;
      func (self, t, item, wx, wy, x, y, data);
    }
}

/* Visits every located, time-filtered event within the widget (plus a
 * margin), walking only the grid cells under it. */
static void
visit_visible (RtccEventLayer  *self,
               const Transform *t,
               VisitFunc        func,
               gpointer         data)
{
  WorldRect r;
  gint64 gx0, gy0, gx1, gy1;

  if (self->n_located == 0 || t->half_w <= 0 || t->half_h <= 0)
    return;

  visible_world_rect (self, t, &r);
  gx0 = CLAMP ((gint64) floor (r.x0 / t->world * GRID_SIZE), 0, GRID_SIZE - 1);
  gy0 = CLAMP ((gint64) floor (r.y0 / t->world * GRID_SIZE), 0, GRID_SIZE - 1);
  gx1 = CLAMP ((gint64) floor (r.x1 / t->world * GRID_SIZE), 0, GRID_SIZE - 1);
  gy1 = CLAMP ((gint64) floor (r.y1 / t->world * GRID_SIZE), 0, GRID_SIZE - 1);

  if ((guint64) (gx1 - gx0 + 1) * (guint64) (gy1 - gy0 + 1) > g_hash_table_size (self->grid))
    {
      /* Zoomed out: fewer occupied cells than cells in view. */
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, self->grid);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          guint32 cell = GPOINTER_TO_UINT (key);
          gint64 gx = cell / GRID_SIZE, gy = cell % GRID_SIZE;

          if (gx < gx0 || gx > gx1 || gy < gy0 || gy > gy1)
            continue;
          visit_cell (self, t, cell, value, func, data);
        }
      return;
    }

  for (gint64 gx = gx0; gx <= gx1; gx++)
    for (gint64 gy = gy0; gy <= gy1; gy++)
      {
        guint32 key = (guint32) (gx * GRID_SIZE + gy);
        const Cell *cell = g_hash_table_lookup (self->grid, GUINT_TO_POINTER (key));
        if (cell != NULL)
          visit_cell (self, t, key, cell, func, data);
      }
}

typedef struct
{
  gint64  now_us;
  gint64  cell_x0;          /* cluster or heat grid origin, in cells */
  gint64  cell_y0;
  guint   cols;
  guint   rows;
} LayoutState;

static inline gboolean
item_pulses (RtccEventLayer *self,
             const CellItem *item,
             gint64          now_us)
{
  return item->type == RTCC_EVENT_TYPE_GUNSHOT &&
         !(item->flags & ENTRY_ACKED) &&
         now_us - item->received_us < self->pulse_duration;
}

static void
add_single (RtccEventLayer  *self,
            const Transform *t,
            const CellItem  *ci,
            double           wx,
            double           wy,
            double           x,
            double           y,
            gpointer         data)
{
  LayoutState *state = data;
  DrawnItem item = {
    .x = (float) x, .y = (float) y, .radius = (float) MARKER_RADIUS,
    .slot = ci->slot, .count = 1, .priority = ci->priority, .type = ci->type,
    .pulsing = item_pulses (self, ci, state->now_us),
    .selected = ci->slot == self->selected_slot,
  };

  g_array_append_val (self->drawn, item);
}

static void
add_to_cluster (RtccEventLayer  *self,
                const Transform *t,
                const CellItem  *ci,
                double           wx,
                double           wy,
                double           x,
                double           y,
                gpointer         data)
{
  LayoutState *state = data;
  gint64 cx = (gint64) floor (wx / CLUSTER_CELL) - state->cell_x0;
  gint64 cy = (gint64) floor (wy / CLUSTER_CELL) - state->cell_y0;
  ClusterCell *cell;

  if (cx < 0 || cy < 0 || cx >= state->cols || cy >= state->rows)
    return;
  cell = &g_array_index (self->cells, ClusterCell, cy * state->cols + cx);
  if (cell->count == 0 || ci->priority > cell->top_priority)
    {
      cell->top_slot = ci->slot;
      cell->top_priority = ci->priority;
      cell->top_type = ci->type;
    }
  cell->count++;
  cell->sum_x += wx;
  cell->sum_y += wy;
  cell->pulsing |= item_pulses (self, ci, state->now_us);
  cell->selected |= ci->slot == self->selected_slot;
}

static void
add_heat (RtccEventLayer  *self,
          const Transform *t,
          const CellItem  *ci,
          double           wx,
          double           wy,
          double           x,
          double           y,
          gpointer         data)
{
  LayoutState *state = data;
  gint64 cx = (gint64) floor (x / HEAT_CELL) - state->cell_x0;
  gint64 cy = (gint64) floor (y / HEAT_CELL) - state->cell_y0;

  if (ci->type != self->heat_type || ci->occurred_us < self->heat_since_us)
    return;
  if (cx < 0 || cy < 0 || cx >= state->cols || cy >= state->rows)
    return;
  g_array_index (self->cells, float, cy * state->cols + cx) += 1.0f;
}

static int
compare_cell_count (gconstpointer a,
                    gconstpointer b,
                    gpointer      user_data)
{
  GArray *cells = user_data;
  guint32 ca = g_array_index (cells, ClusterCell, *(const guint *) a).count;
  guint32 cb = g_array_index (cells, ClusterCell, *(const guint *) b).count;

  return ca < cb ? 1 : ca > cb ? -1 : 0;
}

/* A plain grid shows its cells as rows of clusters over dense areas. The
 * biggest cells absorb neighbours whose centre is within a cell of theirs,
 * once each, so merges do not chain across the city. */
static void
merge_close_cells (RtccEventLayer    *self,
                   const LayoutState *state)
{
  g_autoptr(GArray) busy = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint i = 0; i < self->cells->len; i++)
    if (g_array_index (self->cells, ClusterCell, i).count > 0)
      g_array_append_val (busy, i);
  g_qsort_with_data (busy->data, busy->len, sizeof (guint), compare_cell_count, self->cells);

  for (guint k = 0; k < busy->len; k++)
    {
      guint i = g_array_index (busy, guint, k);
      ClusterCell *cell = &g_array_index (self->cells, ClusterCell, i);
      int col = (int) (i % state->cols), row = (int) (i / state->cols);
      double ox, oy;

      if (cell->count == 0)
        continue;
      ox = cell->sum_x / cell->count;
      oy = cell->sum_y / cell->count;
      cell->done = TRUE;

      for (int dy = -1; dy <= 1; dy++)
        for (int dx = -1; dx <= 1; dx++)
          {
            int c = col + dx, r = row + dy;
            ClusterCell *other;
            double nx, ny;

            if ((dx == 0 && dy == 0) || c < 0 || r < 0 || c >= (int) state->cols || r >= (int) state->rows)
              continue;
            other = &g_array_index (self->cells, ClusterCell, (guint) r * state->cols + (guint) c);
            if (other->count == 0 || other->done)
              continue;
            nx = other->sum_x / other->count - ox;
            ny = other->sum_y / other->count - oy;
            if (nx * nx + ny * ny >= CLUSTER_CELL * CLUSTER_CELL)
              continue;
            if (other->top_priority > cell->top_priority)
              {
                cell->top_priority = other->top_priority;
                cell->top_slot = other->top_slot;
                cell->top_type = other->top_type;
              }
            cell->count += other->count;
            cell->sum_x += other->sum_x;
            cell->sum_y += other->sum_y;
            cell->pulsing |= other->pulsing;
            cell->selected |= other->selected;
            other->count = 0;
          }
    }
}

static void
update_layout (RtccEventLayer *self)
{
  Transform t;
  LayoutState state = { .now_us = g_get_real_time () };
  ShumateViewport *viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));

  g_array_set_size (self->drawn, 0);
  self->stats.markers = 0;
  self->stats.clusters = 0;
  self->stats.clustered_events = 0;
  self->stats.pulsing = 0;
  self->stats.heat_cells = 0;
  self->layout_valid = TRUE;

  transform_init (self, &t);
  if (t.half_w <= 0 || t.half_h <= 0)
    return;

  if (self->heat)
    {
      /* Counts per screen cell; drawn in snapshot after smoothing. */
      state.cell_x0 = -1;
      state.cell_y0 = -1;
      state.cols = (guint) ceil (t.half_w * 2 / HEAT_CELL) + 2;
      state.rows = (guint) ceil (t.half_h * 2 / HEAT_CELL) + 2;
      g_array_set_size (self->cells, 0);
      g_array_set_size (self->cells, (state.cols * state.rows * sizeof (float) + sizeof (ClusterCell) - 1) / sizeof (ClusterCell));
      visit_visible (self, &t, add_heat, &state);
      return;
    }

  if (shumate_viewport_get_zoom_level (viewport) >= self->cluster_max_zoom)
    {
      visit_visible (self, &t, add_single, &state);
    }
  else
    {
      WorldRect r;

      visible_world_rect (self, &t, &r);
      state.cell_x0 = (gint64) floor (r.x0 / CLUSTER_CELL);
      state.cell_y0 = (gint64) floor (r.y0 / CLUSTER_CELL);
      state.cols = (guint) ((gint64) floor (r.x1 / CLUSTER_CELL) - state.cell_x0 + 1);
      state.rows = (guint) ((gint64) floor (r.y1 / CLUSTER_CELL) - state.cell_y0 + 1);
      g_array_set_size (self->cells, 0);
      g_array_set_size (self->cells, state.cols * state.rows);
      visit_visible (self, &t, add_to_cluster, &state);
      merge_close_cells (self, &state);

      for (guint i = 0; i < self->cells->len; i++)
        {
          const ClusterCell *cell = &g_array_index (self->cells, ClusterCell, i);
          double x, y;

          if (cell->count == 0)
            continue;
          world_to_widget (&t, cell->sum_x / cell->count, cell->sum_y / cell->count, &x, &y);
          if (cell->count == 1)
            {
              DrawnItem item = {
                .x = (float) x, .y = (float) y, .radius = (float) MARKER_RADIUS,
                .slot = cell->top_slot, .count = 1, .priority = cell->top_priority,
                .type = cell->top_type, .pulsing = cell->pulsing,
                .selected = cell->selected,
              };
              g_array_append_val (self->drawn, item);
              continue;
            }
          {
            DrawnItem item = {
              .x = (float) x, .y = (float) y,
              .radius = (float) cluster_radii[cluster_size_index (cell->count)],
              .slot = cell->top_slot, .count = cell->count,
              .priority = cell->top_priority, .pulsing = cell->pulsing,
              .selected = cell->selected,
            };
            g_array_append_val (self->drawn, item);
          }
        }
    }

  for (guint i = 0; i < self->drawn->len; i++)
    {
      const DrawnItem *item = &g_array_index (self->drawn, DrawnItem, i);

      if (item->count > 1)
        {
          self->stats.clusters++;
          self->stats.clustered_events += item->count;
        }
      else
        self->stats.markers++;
      if (item->pulsing)
        self->stats.pulsing++;
    }
}

/* Drawing */

static GdkRGBA
heat_color (float v)
{
  static const float stops[4][4] = {
    { 0.00f, 0.20f, 0.40f, 1.00f },
    { 0.35f, 0.10f, 0.80f, 0.30f },
    { 0.65f, 1.00f, 0.85f, 0.10f },
    { 1.00f, 0.90f, 0.10f, 0.10f },
  };
  /* Fades in from nothing, so the edge of sparse areas is soft. */
  GdkRGBA c = { 0, 0, 0, 0.75f * sqrtf (v) };

  for (guint i = 1; i < 4; i++)
    {
      if (v <= stops[i][0])
        {
          float f = (v - stops[i - 1][0]) / (stops[i][0] - stops[i - 1][0]);
          c.red = stops[i - 1][1] + f * (stops[i][1] - stops[i - 1][1]);
          c.green = stops[i - 1][2] + f * (stops[i][2] - stops[i - 1][2]);
          c.blue = stops[i - 1][3] + f * (stops[i][3] - stops[i - 1][3]);
          return c;
        }
    }
  c.red = stops[3][1];
  c.green = stops[3][2];
  c.blue = stops[3][3];
  return c;
}

static void
snapshot_heat (RtccEventLayer *self,
               GtkSnapshot    *snapshot)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  guint cols = (guint) ceil (width / HEAT_CELL) + 2;
  guint rows = (guint) ceil (height / HEAT_CELL) + 2;
  cairo_surface_t *image;
  cairo_t *cr;
  guchar *data;
  int stride;
  const float *counts = (const float *) (gpointer) self->cells->data;
  g_autofree float *smooth = NULL;
  float max = 0;

  if (self->cells->len * sizeof (ClusterCell) < (gsize) cols * rows * sizeof (float))
    return;

  /* A 3x3 binomial kernel turns dots into a density surface. */
  smooth = g_new0 (float, (gsize) cols * rows);
  for (guint y = 0; y < rows; y++)
    for (guint x = 0; x < cols; x++)
      {
        float sum = 0;
        for (int dy = -1; dy <= 1; dy++)
          for (int dx = -1; dx <= 1; dx++)
            {
              int xx = (int) x + dx, yy = (int) y + dy;
              if (xx < 0 || yy < 0 || xx >= (int) cols || yy >= (int) rows)
                continue;
              sum += counts[yy * cols + xx] * (float) ((2 - ABS (dx)) * (2 - ABS (dy)));
            }
        smooth[y * cols + x] = sum / 16.0f;
        max = MAX (max, smooth[y * cols + x]);
      }

  if (max <= 0)
    return;

  /* One pixel per cell, then scaled up with bilinear filtering: a smooth
   * surface instead of visible squares, for the cost of a small image. */
  image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, cols, rows);
  data = cairo_image_surface_get_data (image);
  stride = cairo_image_surface_get_stride (image);
  for (guint y = 0; y < rows; y++)
    for (guint x = 0; x < cols; x++)
      {
        float v = smooth[y * cols + x] / max;
        guint32 *px = (guint32 *) (gpointer) (data + (gsize) y * stride) + x;
        GdkRGBA color;

        if (v < 0.005f)
          {
            *px = 0;
            continue;
          }
        color = heat_color (v);
        /* Premultiplied native-endian ARGB, as cairo wants it. */
        *px = ((guint32) (color.alpha * 255) << 24) |
              ((guint32) (color.red * color.alpha * 255) << 16) |
              ((guint32) (color.green * color.alpha * 255) << 8) |
              (guint32) (color.blue * color.alpha * 255);
        self->stats.heat_cells++;
      }
  cairo_surface_mark_dirty (image);

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  cairo_scale (cr, HEAT_CELL, HEAT_CELL);
  /* Cell (0,0) of the grid sits one cell left of and above the widget. */
  cairo_set_source_surface (cr, image, -1, -1);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_BILINEAR);
  cairo_paint (cr);
  cairo_destroy (cr);
  cairo_surface_destroy (image);
}

/* The pulse redraws on a low-priority timer, not on every frame: a frame
 * clock that never rests starves the idle work of the rest of the map
 * (libshumate schedules its tile loads at idle priority), and a dozen
 * frames a second is plenty for a ring that draws the eye. */
#define PULSE_INTERVAL_MS 80

static gboolean
pulse_tick (gpointer user_data)
{
  RtccEventLayer *self = RTCC_EVENT_LAYER (user_data);
  GtkWidget *widget = GTK_WIDGET (self);

  /* The last frame drew no pulsing marker: stop waking up every frame. */
  if (self->stats.pulsing == 0)
    {
      self->tick_id = 0;
      return G_SOURCE_REMOVE;
    }
  gtk_widget_queue_draw (widget);
  return G_SOURCE_CONTINUE;
}

static void
rtcc_event_layer_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  RtccEventLayer *self = RTCC_EVENT_LAYER (widget);
  gint64 start = g_get_monotonic_time ();
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  gint64 frame_time = clock != NULL ? gdk_frame_clock_get_frame_time (clock) : start;
  double phase = (double) (frame_time % PULSE_PERIOD_US) / PULSE_PERIOD_US;

  update_layout (self);

  if (self->heat)
    {
      snapshot_heat (self, snapshot);
    }
  else
    {
      int width = gtk_widget_get_width (widget);
      int height = gtk_widget_get_height (widget);
      cairo_t *cr;

      ensure_surfaces (self);

      /* One cairo node for all markers: every one is a copy of a cached
       * image surface, which costs far less than a render node each. */
      cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

      /* Most urgent last, so it lands on top. */
      for (guint p = 0; p < N_PRIORITIES; p++)
        for (guint i = 0; i < self->drawn->len; i++)
          {
            const DrawnItem *item = &g_array_index (self->drawn, DrawnItem, i);
            cairo_surface_t *surface;
            double half;

            if (item->priority != p)
              continue;

            if (item->pulsing)
              {
                GdkRGBA ring = priority_colors[item->priority];
                ring.alpha = (float) (1.0 - phase);
                gdk_cairo_set_source_rgba (cr, &ring);
                cairo_set_line_width (cr, 3);
                cairo_new_sub_path (cr);
                cairo_arc (cr, item->x, item->y, item->radius + 2 + 16 * phase, 0, 2 * G_PI);
                cairo_stroke (cr);
              }

            if (item->count == 1)
              {
                surface = self->symbols[item->type][item->priority];
                half = MARKER_RADIUS;
              }
            else
              {
                surface = get_cluster_surface (self, item->count, item->priority);
                half = cluster_surface_size (cluster_size_index (item->count)) / 2.0;
              }
            /* Whole pixels keep pixman on its plain copy path. */
            cairo_set_source_surface (cr, surface, round (item->x - half), round (item->y - half));
            cairo_paint (cr);
          }

      /* The selected event, or the cluster holding it, on top of all. */
      for (guint i = 0; i < self->drawn->len; i++)
        {
          const DrawnItem *item = &g_array_index (self->drawn, DrawnItem, i);
          double radius;

          if (!item->selected)
            continue;
          radius = (item->count > 1 ? item->radius : MARKER_RADIUS) + 3.5;
          cairo_new_sub_path (cr);
          cairo_arc (cr, round (item->x), round (item->y), radius, 0, 2 * G_PI);
          cairo_set_source_rgba (cr, 0, 0, 0, 0.6);
          cairo_set_line_width (cr, 5);
          cairo_stroke_preserve (cr);
          cairo_set_source_rgb (cr, 0.96, 0.83, 0.18);
          cairo_set_line_width (cr, 3);
          cairo_stroke (cr);
          break;
        }

      cairo_destroy (cr);
    }

  if (self->stats.pulsing > 0 && self->tick_id == 0)
    self->tick_id = g_timeout_add_full (G_PRIORITY_LOW, PULSE_INTERVAL_MS, pulse_tick, self, NULL);

  self->stats.snapshot_us = g_get_monotonic_time () - start;
}

/* Input */

static gboolean
zoom_to_cluster (RtccEventLayer  *self,
                 const DrawnItem *item)
{
  ShumateViewport *viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  double zoom = shumate_viewport_get_zoom_level (viewport);
  double max_zoom = shumate_viewport_get_max_zoom_level (viewport);
  double wx, wy, lat, lon;
  Transform t;

  transform_init (self, &t);
  widget_to_world (&t, item->x, item->y, &wx, &wy);
  unproject (wx / t.world, wy / t.world, &lat, &lon);
  shumate_location_set_location (SHUMATE_LOCATION (viewport), lat, lon);
  /* Far enough to split the cluster, at least up to where clustering stops. */
  shumate_viewport_set_zoom_level (viewport, MIN (MAX (zoom + 2, floor (zoom) + 1), max_zoom));
  return TRUE;
}

static const DrawnItem *
pick_item (RtccEventLayer *self,
           double          x,
           double          y)
{
  const DrawnItem *best = NULL;
  double best_d2 = G_MAXDOUBLE;

  if (!self->layout_valid)
    update_layout (self);

  for (guint i = 0; i < self->drawn->len; i++)
    {
      const DrawnItem *item = &g_array_index (self->drawn, DrawnItem, i);
      double dx = item->x - x, dy = item->y - y;
      double d2 = dx * dx + dy * dy;
      double reach = item->radius + HIT_SLOP;

      if (d2 > reach * reach)
        continue;
      /* Same distance: the marker drawn on top (more urgent) wins. */
      if (d2 < best_d2 || (d2 == best_d2 && best != NULL && item->priority > best->priority))
        {
          best = item;
          best_d2 = d2;
        }
    }
  return best;
}

static void
on_click_released (GtkGestureClick *gesture,
                   int              n_press,
                   double           x,
                   double           y,
                   RtccEventLayer  *self)
{
  if (n_press != 1)
    return;
  if (rtcc_event_layer_activate_at (self, x, y))
    gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

/* GObject */

static void
on_viewport_notify (RtccEventLayer *self)
{
  invalidate (self);
}

static void
rtcc_event_layer_size_allocate (GtkWidget *widget,
                                int        width,
                                int        height,
                                int        baseline)
{
  RTCC_EVENT_LAYER (widget)->layout_valid = FALSE;
}

static void
rtcc_event_layer_constructed (GObject *object)
{
  RtccEventLayer *self = RTCC_EVENT_LAYER (object);
  ShumateViewport *viewport;

  G_OBJECT_CLASS (rtcc_event_layer_parent_class)->constructed (object);

  viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  if (viewport != NULL)
    g_signal_connect_object (viewport, "notify", G_CALLBACK (on_viewport_notify),
                             self, G_CONNECT_SWAPPED);
}

static void
rtcc_event_layer_dispose (GObject *object)
{
  RtccEventLayer *self = RTCC_EVENT_LAYER (object);

  if (self->tick_id != 0)
    {
      g_source_remove (self->tick_id);
      self->tick_id = 0;
    }
  rtcc_event_layer_set_model (self, NULL);
  g_clear_object (&self->selected);
  drop_surfaces (self);
  g_clear_pointer (&self->clusters, g_hash_table_unref);

  G_OBJECT_CLASS (rtcc_event_layer_parent_class)->dispose (object);
}

static void
rtcc_event_layer_finalize (GObject *object)
{
  RtccEventLayer *self = RTCC_EVENT_LAYER (object);

  clear_all (self);
  g_clear_pointer (&self->entries, g_array_unref);
  g_clear_pointer (&self->order, g_array_unref);
  g_clear_pointer (&self->grid, g_hash_table_unref);
  g_clear_pointer (&self->acked, g_hash_table_unref);
  g_clear_pointer (&self->drawn, g_array_unref);
  g_clear_pointer (&self->cells, g_array_unref);

  G_OBJECT_CLASS (rtcc_event_layer_parent_class)->finalize (object);
}

static void
rtcc_event_layer_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  RtccEventLayer *self = RTCC_EVENT_LAYER (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      g_value_set_object (value, self->model);
      break;
    case PROP_SELECTED_EVENT:
      g_value_set_object (value, self->selected);
      break;
    case PROP_PULSE_DURATION:
      g_value_set_int64 (value, self->pulse_duration);
      break;
    case PROP_CLUSTER_MAX_ZOOM:
      g_value_set_double (value, self->cluster_max_zoom);
      break;
    case PROP_HEAT_MODE:
      g_value_set_boolean (value, self->heat);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rtcc_event_layer_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  RtccEventLayer *self = RTCC_EVENT_LAYER (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      rtcc_event_layer_set_model (self, g_value_get_object (value));
      break;
    case PROP_SELECTED_EVENT:
      rtcc_event_layer_set_selected_event (self, g_value_get_object (value));
      break;
    case PROP_PULSE_DURATION:
      rtcc_event_layer_set_pulse_duration (self, g_value_get_int64 (value));
      break;
    case PROP_CLUSTER_MAX_ZOOM:
      rtcc_event_layer_set_cluster_max_zoom (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rtcc_event_layer_class_init (RtccEventLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = rtcc_event_layer_constructed;
  object_class->dispose = rtcc_event_layer_dispose;
  object_class->finalize = rtcc_event_layer_finalize;
  object_class->get_property = rtcc_event_layer_get_property;
  object_class->set_property = rtcc_event_layer_set_property;

  widget_class->snapshot = rtcc_event_layer_snapshot;
  widget_class->size_allocate = rtcc_event_layer_size_allocate;

  properties[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SELECTED_EVENT] =
    g_param_spec_object ("selected-event", NULL, NULL, RTCC_TYPE_EVENT,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_PULSE_DURATION] =
    g_param_spec_int64 ("pulse-duration", NULL, NULL, 0, G_MAXINT64, 5 * G_TIME_SPAN_MINUTE,
                        G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CLUSTER_MAX_ZOOM] =
    g_param_spec_double ("cluster-max-zoom", NULL, NULL, 0, 30, 16,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_HEAT_MODE] =
    g_param_spec_boolean ("heat-mode", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RtccEventLayer::event-activated:
   * @event: the event clicked on
   *
   * A single marker was clicked; it is now the selected event.
   */
  signals[EVENT_ACTIVATED] =
    g_signal_new ("event-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, RTCC_TYPE_EVENT);

  gtk_widget_class_set_css_name (widget_class, "rtcc-event-layer");
}

static void
rtcc_event_layer_init (RtccEventLayer *self)
{
  GtkGesture *click;

  self->entries = g_array_new (FALSE, TRUE, sizeof (Entry));
  self->order = g_array_new (FALSE, FALSE, sizeof (guint32));
  self->grid = g_hash_table_new (g_direct_hash, g_direct_equal);
  self->acked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->drawn = g_array_new (FALSE, FALSE, sizeof (DrawnItem));
  self->cells = g_array_new (FALSE, TRUE, sizeof (ClusterCell));
  self->clusters = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) cairo_surface_destroy);
  self->free_head = NO_SLOT;
  self->selected_slot = NO_SLOT;
  self->pulse_duration = 5 * G_TIME_SPAN_MINUTE;
  self->since_us = G_MININT64;
  self->until_us = G_MAXINT64;
  /* Below zoom 16 an 800 px view spans kilometres; a busy district then
   * has more events than free pixels. */
  self->cluster_max_zoom = 16;

  /* Markers are picked with the pointer; keyboard focus stays with the
   * map and the feed. */
  gtk_widget_set_focusable (GTK_WIDGET (self), FALSE);
  gtk_widget_set_focus_on_click (GTK_WIDGET (self), FALSE);

  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect (click, "released", G_CALLBACK (on_click_released), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
}

/* Public API */

/**
 * rtcc_event_layer_new:
 * @viewport: the map's viewport
 *
 * Returns: (transfer full): a layer to add to a #ShumateMap
 */
RtccEventLayer *
rtcc_event_layer_new (ShumateViewport *viewport)
{
  g_return_val_if_fail (SHUMATE_IS_VIEWPORT (viewport), NULL);

  return g_object_new (RTCC_TYPE_EVENT_LAYER, "viewport", viewport, NULL);
}

/**
 * rtcc_event_layer_set_model:
 * @model: (nullable): a #GListModel of #RtccEvent
 *
 * Shows the events of @model; items without a location, or that are not
 * events, are skipped. The layer follows items-changed.
 */
void
rtcc_event_layer_set_model (RtccEventLayer *self,
                            GListModel     *model)
{
  g_return_if_fail (RTCC_IS_EVENT_LAYER (self));
  g_return_if_fail (model == NULL || G_IS_LIST_MODEL (model));

  if (self->model == model)
    return;

  if (self->model != NULL)
    {
      g_clear_signal_handler (&self->items_changed_id, self->model);
      g_clear_object (&self->model);
    }
  clear_all (self);

  if (model != NULL)
    {
      self->model = g_object_ref (model);
      self->items_changed_id = g_signal_connect (model, "items-changed",
                                                 G_CALLBACK (on_items_changed), self);
      on_items_changed (model, 0, 0, g_list_model_get_n_items (model), self);
    }

  invalidate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
}

/**
 * rtcc_event_layer_get_model:
 *
 * Returns: (transfer none) (nullable): the model shown
 */
GListModel *
rtcc_event_layer_get_model (RtccEventLayer *self)
{
  g_return_val_if_fail (RTCC_IS_EVENT_LAYER (self), NULL);
  return self->model;
}

/**
 * rtcc_event_layer_set_selected_event:
 * @event: (nullable): the event to highlight
 *
 * Rings @event on the map, for example when it is selected in the feed.
 * The ring follows newer versions of the same event id.
 */
void
rtcc_event_layer_set_selected_event (RtccEventLayer *self,
                                     RtccEvent      *event)
{
  g_return_if_fail (RTCC_IS_EVENT_LAYER (self));
  g_return_if_fail (event == NULL || RTCC_IS_EVENT (event));

  self->selected_slot = NO_SLOT;
  if (event != NULL)
    {
      const char *id = rtcc_event_get_id (event);

      for (guint32 i = 0; i < self->entries->len; i++)
        {
          const Entry *e = entry_at (self, i);
          if (e->event != NULL &&
              (e->event == event || g_strcmp0 (rtcc_event_get_id (e->event), id) == 0))
            {
              self->selected_slot = i;
              break;
            }
        }
    }
  set_selected_internal (self, event);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * rtcc_event_layer_get_selected_event:
 *
 * Returns: (transfer none) (nullable): the highlighted event
 */
RtccEvent *
rtcc_event_layer_get_selected_event (RtccEventLayer *self)
{
  g_return_val_if_fail (RTCC_IS_EVENT_LAYER (self), NULL);
  return self->selected;
}

/**
 * rtcc_event_layer_set_acknowledged:
 * @event_id: a source-qualified event id
 * @acknowledged: whether an analyst acknowledged it
 *
 * Acknowledged gunshots stop pulsing. The state is kept by id, so it also
 * applies to events that arrive later or to newer versions.
 */
void
rtcc_event_layer_set_acknowledged (RtccEventLayer *self,
                                   const char     *event_id,
                                   gboolean        acknowledged)
{
  g_return_if_fail (RTCC_IS_EVENT_LAYER (self));
  g_return_if_fail (event_id != NULL);

  if (acknowledged)
    g_hash_table_add (self->acked, g_strdup (event_id));
  else
    g_hash_table_remove (self->acked, event_id);

  /* Rare and user-driven: a scan keeps per-event memory free of an id index. */
  for (guint32 i = 0; i < self->entries->len; i++)
    {
      Entry *e = entry_at (self, i);
      CellItem *ci;

      if (e->event == NULL || strcmp (rtcc_event_get_id (e->event), event_id) != 0)
        continue;
      ci = item_for_slot (self, i);
      if (acknowledged)
        ci->flags |= ENTRY_ACKED;
      else
        ci->flags &= ~ENTRY_ACKED;
    }
  invalidate (self);
}

/**
 * rtcc_event_layer_get_acknowledged:
 * @event_id: a source-qualified event id
 *
 * Returns: whether @event_id was marked acknowledged
 */
gboolean
rtcc_event_layer_get_acknowledged (RtccEventLayer *self,
                                   const char     *event_id)
{
  g_return_val_if_fail (RTCC_IS_EVENT_LAYER (self), FALSE);
  g_return_val_if_fail (event_id != NULL, FALSE);
  return g_hash_table_contains (self->acked, event_id);
}

/**
 * rtcc_event_layer_set_pulse_duration:
 * @duration: how long after reception an unacknowledged gunshot pulses
 *
 * Zero turns pulsing off.
 */
void
rtcc_event_layer_set_pulse_duration (RtccEventLayer *self,
                                     GTimeSpan       duration)
{
  g_return_if_fail (RTCC_IS_EVENT_LAYER (self));

  duration = MAX (duration, 0);
  if (self->pulse_duration == duration)
    return;
  self->pulse_duration = duration;
  invalidate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PULSE_DURATION]);
}

/**
 * rtcc_event_layer_get_pulse_duration:
 *
 * Returns: how long after reception an unacknowledged gunshot pulses
 */
GTimeSpan
rtcc_event_layer_get_pulse_duration (RtccEventLayer *self)
{
  g_return_val_if_fail (RTCC_IS_EVENT_LAYER (self), 0);
  return self->pulse_duration;
}

/**
 * rtcc_event_layer_set_time_range:
 * @since: (nullable): hide events that occurred before this
 * @until: (nullable): hide events that occurred after this
 *
 * %NULL leaves that end open.
 */
void
rtcc_event_layer_set_time_range (RtccEventLayer *self,
                                 GDateTime      *since,
                                 GDateTime      *until)
{
  g_return_if_fail (RTCC_IS_EVENT_LAYER (self));

  self->since_us = since != NULL ? date_time_to_us (since) : G_MININT64;
  self->until_us = until != NULL ? date_time_to_us (until) : G_MAXINT64;
  invalidate (self);
}

/**
 * rtcc_event_layer_set_heat_mode:
 * @type: the event type to aggregate, usually %RTCC_EVENT_TYPE_GUNSHOT
 * @since: (nullable): count events from this time on; %NULL for all
 *
 * Draws the density of @type events instead of markers. The time range
 * still applies.
 */
void
rtcc_event_layer_set_heat_mode (RtccEventLayer *self,
                                RtccEventType   type,
                                GDateTime      *since)
{
  gboolean was = FALSE;

  g_return_if_fail (RTCC_IS_EVENT_LAYER (self));
  g_return_if_fail ((guint) type < N_TYPES);

  was = self->heat;
  self->heat = TRUE;
  self->heat_type = type;
  self->heat_since_us = since != NULL ? date_time_to_us (since) : G_MININT64;
  invalidate (self);
  if (!was)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HEAT_MODE]);
}

/**
 * rtcc_event_layer_unset_heat_mode:
 *
 * Goes back to markers and clusters.
 */
void
rtcc_event_layer_unset_heat_mode (RtccEventLayer *self)
{
  g_return_if_fail (RTCC_IS_EVENT_LAYER (self));

  if (!self->heat)
    return;
  self->heat = FALSE;
  invalidate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HEAT_MODE]);
}

/**
 * rtcc_event_layer_get_heat_mode:
 *
 * Returns: whether the layer draws a heat map instead of markers
 */
gboolean
rtcc_event_layer_get_heat_mode (RtccEventLayer *self)
{
  g_return_val_if_fail (RTCC_IS_EVENT_LAYER (self), FALSE);
  return self->heat;
}

/**
 * rtcc_event_layer_set_cluster_max_zoom:
 * @zoom: the zoom level from which every event gets its own marker
 */
void
rtcc_event_layer_set_cluster_max_zoom (RtccEventLayer *self,
                                       double          zoom)
{
  g_return_if_fail (RTCC_IS_EVENT_LAYER (self));

  zoom = CLAMP (zoom, 0, 30);
  if (self->cluster_max_zoom == zoom)
    return;
  self->cluster_max_zoom = zoom;
  invalidate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLUSTER_MAX_ZOOM]);
}

/**
 * rtcc_event_layer_get_cluster_max_zoom:
 *
 * Returns: the zoom level from which events are no longer clustered
 */
double
rtcc_event_layer_get_cluster_max_zoom (RtccEventLayer *self)
{
  g_return_val_if_fail (RTCC_IS_EVENT_LAYER (self), 0);
  return self->cluster_max_zoom;
}

/**
 * rtcc_event_layer_pick:
 * @x: widget x coordinate
 * @y: widget y coordinate
 * @cluster_size: (out) (optional): 1 for a single marker, the number of
 *   events for a cluster, 0 when nothing is there
 *
 * Finds the marker or cluster nearest to (@x, @y) within a few pixels of
 * its edge, as drawn for the current viewport.
 *
 * Returns: (transfer none) (nullable): the event, or a cluster's most
 *   urgent event
 */
RtccEvent *
rtcc_event_layer_pick (RtccEventLayer *self,
                       double          x,
                       double          y,
                       guint          *cluster_size)
{
  const DrawnItem *item;

  g_return_val_if_fail (RTCC_IS_EVENT_LAYER (self), NULL);

  item = pick_item (self, x, y);
  if (cluster_size != NULL)
    *cluster_size = item != NULL ? item->count : 0;
  return item != NULL ? entry_at (self, item->slot)->event : NULL;
}

/**
 * rtcc_event_layer_activate_at:
 * @x: widget x coordinate
 * @y: widget y coordinate
 *
 * Does what a click at (@x, @y) does: selects the event under it and
 * emits #RtccEventLayer::event-activated, or zooms in on a cluster.
 *
 * Returns: %TRUE if something was under the point
 */
gboolean
rtcc_event_layer_activate_at (RtccEventLayer *self,
                              double          x,
                              double          y)
{
  const DrawnItem *item;
  RtccEvent *event;

  g_return_val_if_fail (RTCC_IS_EVENT_LAYER (self), FALSE);

  item = pick_item (self, x, y);
  if (item == NULL)
    return FALSE;
  if (item->count > 1)
    return zoom_to_cluster (self, item);

  event = g_object_ref (entry_at (self, item->slot)->event);
  rtcc_event_layer_set_selected_event (self, event);
  g_signal_emit (self, signals[EVENT_ACTIVATED], 0, event);
  g_object_unref (event);
  return TRUE;
}

/**
 * rtcc_event_layer_is_animating:
 *
 * Returns: whether a pulse animation is running (a tick callback is set)
 */
gboolean
rtcc_event_layer_is_animating (RtccEventLayer *self)
{
  g_return_val_if_fail (RTCC_IS_EVENT_LAYER (self), FALSE);
  return self->tick_id != 0;
}

/**
 * rtcc_event_layer_get_stats:
 * @stats: (out caller-allocates): what the last frame drew
 */
void
rtcc_event_layer_get_stats (RtccEventLayer      *self,
                            RtccEventLayerStats *stats)
{
  g_return_if_fail (RTCC_IS_EVENT_LAYER (self));
  g_return_if_fail (stats != NULL);
  *stats = self->stats;
}

/**
 * rtcc_event_layer_get_last_snapshot_us:
 *
 * Returns: microseconds spent building the last frame's render nodes
 */
gint64
rtcc_event_layer_get_last_snapshot_us (RtccEventLayer *self)
{
  g_return_val_if_fail (RTCC_IS_EVENT_LAYER (self), 0);
  return self->stats.snapshot_us;
}

static gsize
array_capacity (gsize len)
{
  /* GArray grows to powers of two. */
  return len == 0 ? 0 : (gsize) 1 << g_bit_storage (len - 1);
}

/**
 * rtcc_event_layer_get_memory_size:
 *
 * Returns: bytes the layer holds for its events and indexes, not counting
 *   the events themselves (the model owns them) or the textures
 */
gsize
rtcc_event_layer_get_memory_size (RtccEventLayer *self)
{
  gsize grid_cells;

  g_return_val_if_fail (RTCC_IS_EVENT_LAYER (self), 0);

  /* GHashTable keeps keys, values and hashes in three arrays, at most
   * about twice the number of cells. */
  grid_cells = g_hash_table_size (self->grid);
  return array_capacity (self->entries->len) * sizeof (Entry) +
         array_capacity (self->order->len) * sizeof (guint32) +
         self->grid_bytes +
         array_capacity (grid_cells * 2) * (sizeof (gpointer) * 2 + sizeof (guint)) +
         array_capacity (self->drawn->len) * sizeof (DrawnItem) +
         array_capacity (self->cells->len) * sizeof (ClusterCell);
}

/**
 * rtcc_event_layer_get_n_located:
 *
 * Returns: how many events of the model have a location
 */
guint
rtcc_event_layer_get_n_located (RtccEventLayer *self)
{
  g_return_val_if_fail (RTCC_IS_EVENT_LAYER (self), 0);
  return self->n_located;
}

/**
 * rtcc_event_layer_get_legend:
 * @n_items: (out): the number of rows
 *
 * Returns: (array length=n_items) (transfer none): the types drawn on the
 *   map with their symbols, in legend order
 */
const RtccEventLayerLegendItem *
rtcc_event_layer_get_legend (guint *n_items)
{
  static RtccEventLayerLegendItem items[] = {
    { RTCC_EVENT_TYPE_GUNSHOT, NULL, N_("Gunshot") },
    { RTCC_EVENT_TYPE_LPR_HIT, NULL, N_("Plate hit") },
    { RTCC_EVENT_TYPE_LPR_READ, NULL, N_("Plate read") },
    { RTCC_EVENT_TYPE_CAMERA_ALERT, NULL, N_("Camera alert") },
    { RTCC_EVENT_TYPE_INCIDENT_CREATED, NULL, N_("Incident") },
    { RTCC_EVENT_TYPE_BOLO_CREATED, NULL, N_("BOLO") },
    { RTCC_EVENT_TYPE_BOLO_CANCELLED, NULL, N_("BOLO cancelled") },
    { RTCC_EVENT_TYPE_BWC_RECORDING, NULL, N_("Body camera recording") },
  };
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      for (guint i = 0; i < G_N_ELEMENTS (items); i++)
        {
          items[i].symbol_name = symbol_names[items[i].type];
          items[i].label = g_dgettext (GETTEXT_PACKAGE, items[i].label);
        }
      g_once_init_leave (&initialized, 1);
    }

  g_return_val_if_fail (n_items != NULL, NULL);
  *n_items = G_N_ELEMENTS (items);
  return items;
}

/**
 * rtcc_event_layer_get_priority_color:
 * @color: (out caller-allocates): the fill colour for @priority
 */
void
rtcc_event_layer_get_priority_color (RtccPriority  priority,
                                     GdkRGBA      *color)
{
  g_return_if_fail (color != NULL);
  *color = priority_colors[CLAMP ((int) priority, 0, N_PRIORITIES - 1)];
}

gboolean
rtcc_event_layer_verify_index (RtccEventLayer  *self,
                               GError         **error)
{
  GHashTableIter iter;
  gpointer key, value;
  guint linked = 0, ordered = 0;
  guint n_model = self->model != NULL ? g_list_model_get_n_items (self->model) : 0;

  g_hash_table_iter_init (&iter, self->grid);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const Cell *cell = value;

      if (cell->len == 0 || cell->len > cell->cap)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Grid cell %u holds %u of %u items",
                       GPOINTER_TO_UINT (key), cell->len, cell->cap);
          return FALSE;
        }
      for (guint32 i = 0; i < cell->len; i++)
        {
          guint32 slot = cell->items[i].slot;
          const Entry *e = slot < self->entries->len ? entry_at (self, slot) : NULL;

          if (e == NULL || e->event == NULL || e->cell != GPOINTER_TO_UINT (key) || e->pos != i)
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Grid cell %u has a bad item %u (slot %u)",
                           GPOINTER_TO_UINT (key), i, slot);
              return FALSE;
            }
          linked++;
        }
    }
  if (linked != self->n_located)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Grid links %u events, layer counts %u",
                   linked, self->n_located);
      return FALSE;
    }
  if (self->order->len != n_model)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Order holds %u positions, model %u",
                   self->order->len, n_model);
      return FALSE;
    }
  for (guint i = 0; i < n_model; i++)
    {
      guint32 slot = g_array_index (self->order, guint32, i);
      g_autoptr(GObject) item = g_list_model_get_item (self->model, i);

      if (slot == NO_SLOT)
        continue;
      if (entry_at (self, slot)->event != (gpointer) item)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Position %u maps to another event", i);
          return FALSE;
        }
      ordered++;
    }
  if (ordered != self->n_located)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Order maps %u events, layer counts %u",
                   ordered, self->n_located);
      return FALSE;
    }
  return TRUE;
}
