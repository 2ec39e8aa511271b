/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define RTCC_JPEG_ERROR (rtcc_jpeg_error_quark ())

typedef enum
{
  RTCC_JPEG_ERROR_INVALID,   /* not a JPEG, or a damaged one */
  RTCC_JPEG_ERROR_TOO_LARGE, /* the metadata does not fit a JPEG segment */
} RtccJpegError;

/**
 * RtccJpegMetadata:
 * @camera_id: (nullable): the VMS id of the camera
 * @camera_name: (nullable): its name as the analyst sees it
 * @source: (nullable): where the picture came from, e.g. "live view"
 * @time: when the picture was taken; written in UTC
 * @has_location: whether @latitude and @longitude hold the camera's place
 * @latitude: WGS 84 degrees, north positive
 * @longitude: WGS 84 degrees, east positive
 *
 * What a saved still says about itself, so that it can stand as evidence
 * apart from the workstation.
 */
typedef struct
{
  const char *camera_id;
  const char *camera_name;
  const char *source;
  GDateTime  *time;
  gboolean    has_location;
  double      latitude;
  double      longitude;
} RtccJpegMetadata;

GQuark  rtcc_jpeg_error_quark   (void);

GBytes *rtcc_jpeg_add_metadata  (GBytes                 *jpeg,
                                 const RtccJpegMetadata *metadata,
                                 GError                **error);
char   *rtcc_jpeg_describe      (const RtccJpegMetadata *metadata);

G_END_DECLS
