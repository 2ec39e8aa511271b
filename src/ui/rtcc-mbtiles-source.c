/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccMbtilesSource"

#include "config.h"

#include <errno.h>

#include <sqlite3.h>

#include <glib/gi18n.h>

#include "rtcc-mbtiles-source.h"

/**
 * RtccMbtilesSource:
 *
 * Raster map tiles from an MBTiles file (SQLite, TMS rows), so a centre
 * can run its map with no tile server at all.
 */
struct _RtccMbtilesSource
{
  ShumateDataSource  parent_instance;

  sqlite3           *db;      /* serialized mode: shared by worker threads */
  char              *name;
  guint              min_zoom;
  guint              max_zoom;
};

G_DEFINE_FINAL_TYPE (RtccMbtilesSource, rtcc_mbtiles_source, SHUMATE_TYPE_DATA_SOURCE)
G_DEFINE_QUARK (rtcc-mbtiles-error-quark, rtcc_mbtiles_error)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

typedef struct
{
  int x;
  int y;
  int zoom;
} TileRequest;

static void
fetch_tile (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  RtccMbtilesSource *self = source_object;
  TileRequest *request = task_data;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  /* MBTiles counts rows from the south (TMS); the map from the north. */
  gint64 row = ((gint64) 1 << request->zoom) - 1 - request->y;

  if (sqlite3_prepare_v2 (self->db,
                          "SELECT tile_data FROM tiles "
                          "WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      g_task_return_new_error (task, RTCC_MBTILES_ERROR, RTCC_MBTILES_ERROR_NOT_MBTILES,
                               _("The MBTiles file cannot be read: %s"), sqlite3_errmsg (self->db));
      return;
    }
  sqlite3_bind_int (stmt, 1, request->zoom);
  sqlite3_bind_int (stmt, 2, request->x);
  sqlite3_bind_int64 (stmt, 3, row);

  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_bytes (stmt, 0) > 0)
    {
      const void *blob = sqlite3_column_blob (stmt, 0);
      int length = sqlite3_column_bytes (stmt, 0);

      g_task_return_pointer (task, g_bytes_new (blob, length), (GDestroyNotify) g_bytes_unref);
      return;
    }
  g_task_return_new_error (task, RTCC_MBTILES_ERROR, RTCC_MBTILES_ERROR_NO_TILE,
                           _("The MBTiles file has no tile %d/%d/%d"),
                           request->zoom, request->x, request->y);
}

static void
rtcc_mbtiles_source_get_tile_data_async (ShumateDataSource   *source,
                                         int                  x,
                                         int                  y,
                                         int                  zoom_level,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (source, cancellable, callback, user_data);
  TileRequest *request = g_new0 (TileRequest, 1);

  g_task_set_source_tag (task, rtcc_mbtiles_source_get_tile_data_async);
  request->x = x;
  request->y = y;
  request->zoom = zoom_level;
  g_task_set_task_data (task, request, g_free);

  if (zoom_level < 0 || zoom_level > 30 || x < 0 || y < 0 ||
      (gint64) x >= ((gint64) 1 << zoom_level) || (gint64) y >= ((gint64) 1 << zoom_level))
    {
      g_task_return_new_error (task, RTCC_MBTILES_ERROR, RTCC_MBTILES_ERROR_NO_TILE,
                               _("The MBTiles file has no tile %d/%d/%d"), zoom_level, x, y);
      return;
    }
  g_task_run_in_thread (task, fetch_tile);
}

static GBytes *
rtcc_mbtiles_source_get_tile_data_finish (ShumateDataSource  *source,
                                          GAsyncResult       *result,
                                          GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, source), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rtcc_mbtiles_source_get_tile_data_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
rtcc_mbtiles_source_finalize (GObject *object)
{
  RtccMbtilesSource *self = RTCC_MBTILES_SOURCE (object);

  g_clear_pointer (&self->db, sqlite3_close_v2);
  g_free (self->name);

  G_OBJECT_CLASS (rtcc_mbtiles_source_parent_class)->finalize (object);
}

static void
rtcc_mbtiles_source_class_init (RtccMbtilesSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  ShumateDataSourceClass *source_class = SHUMATE_DATA_SOURCE_CLASS (klass);

  object_class->finalize = rtcc_mbtiles_source_finalize;
  source_class->get_tile_data_async = rtcc_mbtiles_source_get_tile_data_async;
  source_class->get_tile_data_finish = rtcc_mbtiles_source_get_tile_data_finish;
}

static void
rtcc_mbtiles_source_init (RtccMbtilesSource *self)
{
  self->min_zoom = 0;
  self->max_zoom = 19;
}

static char *
read_metadata (sqlite3    *db,
               const char *name)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (sqlite3_prepare_v2 (db, "SELECT value FROM metadata WHERE name = ?", -1, &stmt, NULL) != SQLITE_OK)
    return NULL;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW || sqlite3_column_text (stmt, 0) == NULL)
    return NULL;
  return g_utf8_make_valid ((const char *) sqlite3_column_text (stmt, 0), -1);
}

static guint
parse_zoom (const char *text,
            guint       fallback)
{
  guint64 value;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 0, 30, &value, NULL))
    return fallback;
  return (guint) value;
}

/**
 * rtcc_mbtiles_source_new:
 * @path: an MBTiles file of raster tiles (PNG or JPEG)
 *
 * Opens @path read-only and reads its metadata; tiles are read on worker
 * threads as the map asks for them.
 *
 * Returns: (transfer full) (nullable): the source, or %NULL with @error
 */
RtccMbtilesSource *
rtcc_mbtiles_source_new (const char  *path,
                         GError     **error)
{
  g_autoptr(RtccMbtilesSource) self = NULL;
  g_autoptr(sqlite3_stmt) check = NULL;
  g_autofree char *format = NULL;
  g_autofree char *min_zoom = NULL;
  g_autofree char *max_zoom = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (RTCC_TYPE_MBTILES_SOURCE, NULL);
  /* Read-only: the map may sit on read-only media, and is never changed. */
  if (sqlite3_open_v2 (path, &self->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_FULLMUTEX, NULL) != SQLITE_OK)
    {
      g_set_error (error, RTCC_MBTILES_ERROR, RTCC_MBTILES_ERROR_OPEN,
                   _("The map file “%s” cannot be opened: %s. Check RTCC_MAP_MBTILES."),
                   path, self->db != NULL ? sqlite3_errmsg (self->db) : g_strerror (ENOMEM));
      return NULL;
    }

  if (sqlite3_prepare_v2 (self->db, "SELECT 1 FROM tiles LIMIT 1", -1, &check, NULL) != SQLITE_OK)
    {
      g_set_error (error, RTCC_MBTILES_ERROR, RTCC_MBTILES_ERROR_NOT_MBTILES,
                   _("The map file “%s” is not an MBTiles file (%s). Check RTCC_MAP_MBTILES."),
                   path, sqlite3_errmsg (self->db));
      return NULL;
    }

  format = read_metadata (self->db, "format");
  if (format != NULL && (g_ascii_strcasecmp (format, "pbf") == 0 || g_ascii_strcasecmp (format, "mvt") == 0))
    {
      g_set_error (error, RTCC_MBTILES_ERROR, RTCC_MBTILES_ERROR_UNSUPPORTED,
                   _("The map file “%s” holds vector tiles; the workstation draws PNG or JPEG tiles only."),
                   path);
      return NULL;
    }

  self->name = read_metadata (self->db, "name");
  min_zoom = read_metadata (self->db, "minzoom");
  max_zoom = read_metadata (self->db, "maxzoom");
  self->min_zoom = parse_zoom (min_zoom, 0);
  self->max_zoom = MAX (parse_zoom (max_zoom, 19), self->min_zoom);
  return g_steal_pointer (&self);
}

guint
rtcc_mbtiles_source_get_min_zoom (RtccMbtilesSource *self)
{
  g_return_val_if_fail (RTCC_IS_MBTILES_SOURCE (self), 0);
  return self->min_zoom;
}

guint
rtcc_mbtiles_source_get_max_zoom (RtccMbtilesSource *self)
{
  g_return_val_if_fail (RTCC_IS_MBTILES_SOURCE (self), 0);
  return self->max_zoom;
}

/**
 * rtcc_mbtiles_source_get_name:
 *
 * Returns: (nullable): the map's name from the file's metadata
 */
const char *
rtcc_mbtiles_source_get_name (RtccMbtilesSource *self)
{
  g_return_val_if_fail (RTCC_IS_MBTILES_SOURCE (self), NULL);
  return self->name;
}
