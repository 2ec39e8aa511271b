/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <shumate/shumate.h>

G_BEGIN_DECLS

#define RTCC_MBTILES_ERROR (rtcc_mbtiles_error_quark ())

typedef enum
{
  RTCC_MBTILES_ERROR_OPEN,         /* not a readable SQLite file */
  RTCC_MBTILES_ERROR_NOT_MBTILES,  /* no tiles table */
  RTCC_MBTILES_ERROR_UNSUPPORTED,  /* vector tiles, which this renderer cannot draw */
  RTCC_MBTILES_ERROR_NO_TILE,      /* the file has no tile there */
} RtccMbtilesError;

#define RTCC_TYPE_MBTILES_SOURCE (rtcc_mbtiles_source_get_type ())
G_DECLARE_FINAL_TYPE (RtccMbtilesSource, rtcc_mbtiles_source, RTCC, MBTILES_SOURCE, ShumateDataSource)

GQuark             rtcc_mbtiles_error_quark            (void);
RtccMbtilesSource *rtcc_mbtiles_source_new             (const char        *path,
                                                        GError           **error);
guint              rtcc_mbtiles_source_get_min_zoom    (RtccMbtilesSource *self);
guint              rtcc_mbtiles_source_get_max_zoom    (RtccMbtilesSource *self);
const char        *rtcc_mbtiles_source_get_name        (RtccMbtilesSource *self);

G_END_DECLS
