/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <sqlite3.h>

#include <string.h>

#include <glib/gstdio.h>

#include "rtcc-mbtiles-source.h"

static const guchar tile_png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 1, 2, 3, 4 };

static char *
make_file (const char *dir,
           const char *name,
           const char *sql)
{
  char *path = g_build_filename (dir, name, NULL);
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  if (sql != NULL && sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s", message);
  sqlite3_close (db);
  return path;
}

static void
add_tile (const char *path,
          int         zoom,
          int         column,
          int         tms_row)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "INSERT INTO tiles VALUES (?, ?, ?, ?)", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int (stmt, 1, zoom);
  sqlite3_bind_int (stmt, 2, column);
  sqlite3_bind_int (stmt, 3, tms_row);
  sqlite3_bind_blob (stmt, 4, tile_png, sizeof tile_png, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

static void
got_tile (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GBytes *
fetch (RtccMbtilesSource  *source,
       int                 x,
       int                 y,
       int                 zoom,
       GError            **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  shumate_data_source_get_tile_data_async (SHUMATE_DATA_SOURCE (source), x, y, zoom,
                                           NULL, got_tile, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return shumate_data_source_get_tile_data_finish (SHUMATE_DATA_SOURCE (source), result, error);
}

static void
test_mbtiles_tiles (void)
{
  g_autofree char *dir = g_dir_make_tmp ("rtcc-mbtiles-XXXXXX", NULL);
  g_autofree char *path = make_file (dir, "city.mbtiles",
    "CREATE TABLE metadata (name TEXT, value TEXT);"
    "CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB);"
    "INSERT INTO metadata VALUES ('name', 'Synthetic city'), ('format', 'png'),"
    " ('minzoom', '1'), ('maxzoom', '16');");
  g_autoptr(RtccMbtilesSource) source = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  /* Zoom 1 has rows 0 and 1; TMS row 1 is the northern one, map row 0. */
  add_tile (path, 1, 0, 1);
  source = rtcc_mbtiles_source_new (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rtcc_mbtiles_source_get_name (source), ==, "Synthetic city");
  g_assert_cmpuint (rtcc_mbtiles_source_get_min_zoom (source), ==, 1);
  g_assert_cmpuint (rtcc_mbtiles_source_get_max_zoom (source), ==, 16);

  bytes = fetch (source, 0, 0, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), tile_png, sizeof tile_png);

  g_assert_null (fetch (source, 0, 1, 1, &error));
  g_assert_error (error, RTCC_MBTILES_ERROR, RTCC_MBTILES_ERROR_NO_TILE);
  g_clear_error (&error);

  /* Out of the world: refused before any query. */
  g_assert_null (fetch (source, 5, 0, 1, &error));
  g_assert_error (error, RTCC_MBTILES_ERROR, RTCC_MBTILES_ERROR_NO_TILE);
  g_clear_error (&error);
  g_assert_null (fetch (source, 0, 0, 99, &error));
  g_assert_error (error, RTCC_MBTILES_ERROR, RTCC_MBTILES_ERROR_NO_TILE);

  g_clear_object (&source);
  g_remove (path);
  g_rmdir (dir);
}

static void
test_mbtiles_bad_files (void)
{
  g_autofree char *dir = g_dir_make_tmp ("rtcc-mbtiles-XXXXXX", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.mbtiles", NULL);
  g_autofree char *empty = make_file (dir, "empty.mbtiles", "CREATE TABLE other (a);");
  g_autofree char *vector = make_file (dir, "vector.mbtiles",
    "CREATE TABLE metadata (name TEXT, value TEXT);"
    "CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB);"
    "INSERT INTO metadata VALUES ('format', 'pbf'), ('maxzoom', 'lots');");
  g_autofree char *text = g_build_filename (dir, "notes.mbtiles", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_null (rtcc_mbtiles_source_new (missing, &error));
  g_assert_error (error, RTCC_MBTILES_ERROR, RTCC_MBTILES_ERROR_OPEN);
  g_assert_nonnull (strstr (error->message, "RTCC_MAP_MBTILES"));
  g_clear_error (&error);

  g_assert_null (rtcc_mbtiles_source_new (empty, &error));
  g_assert_error (error, RTCC_MBTILES_ERROR, RTCC_MBTILES_ERROR_NOT_MBTILES);
  g_clear_error (&error);

  g_assert_null (rtcc_mbtiles_source_new (vector, &error));
  g_assert_error (error, RTCC_MBTILES_ERROR, RTCC_MBTILES_ERROR_UNSUPPORTED);
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (text, "not a database at all, just text\n", -1, NULL));
  g_assert_null (rtcc_mbtiles_source_new (text, &error));
  g_assert_error (error, RTCC_MBTILES_ERROR, RTCC_MBTILES_ERROR_NOT_MBTILES);

  g_remove (empty);
  g_remove (vector);
  g_remove (text);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ui/mbtiles/tiles", test_mbtiles_tiles);
  g_test_add_func ("/ui/mbtiles/bad-files", test_mbtiles_bad_files);

  return g_test_run ();
}
