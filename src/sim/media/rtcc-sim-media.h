/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define RTCC_SIM_MEDIA_ERROR (rtcc_sim_media_error_quark ())

/**
 * RtccSimMediaError:
 * @RTCC_SIM_MEDIA_ERROR_INVALID_ARGUMENT: a name, plate, size or duration
 *   the simulator cannot draw
 * @RTCC_SIM_MEDIA_ERROR_INIT: GStreamer could not be initialized
 * @RTCC_SIM_MEDIA_ERROR_MISSING_ELEMENT: a GStreamer element is not
 *   installed; the message names the Debian package that provides it
 * @RTCC_SIM_MEDIA_ERROR_ENCODE: a picture could not be encoded
 * @RTCC_SIM_MEDIA_ERROR_PIPELINE: a GStreamer pipeline failed while running
 * @RTCC_SIM_MEDIA_ERROR_IO: a file could not be written or moved in place
 * @RTCC_SIM_MEDIA_ERROR_BIND: the RTSP server could not listen
 *
 * Errors of the simulator's media: pictures, sound, clips and live video.
 */
typedef enum
{
  RTCC_SIM_MEDIA_ERROR_INVALID_ARGUMENT,
  RTCC_SIM_MEDIA_ERROR_INIT,
  RTCC_SIM_MEDIA_ERROR_MISSING_ELEMENT,
  RTCC_SIM_MEDIA_ERROR_ENCODE,
  RTCC_SIM_MEDIA_ERROR_PIPELINE,
  RTCC_SIM_MEDIA_ERROR_IO,
  RTCC_SIM_MEDIA_ERROR_BIND,
} RtccSimMediaError;

/* Limits the simulator holds its callers to, so hostile requests cannot
 * make it allocate without bound. */
#define RTCC_SIM_MEDIA_MAX_WIDTH       3840
#define RTCC_SIM_MEDIA_MAX_HEIGHT      2160
#define RTCC_SIM_MEDIA_MIN_SIDE        16
#define RTCC_SIM_MEDIA_MAX_ROUNDS      64
#define RTCC_SIM_MEDIA_MAX_CLIP_S      3600
#define RTCC_SIM_MEDIA_WAV_RATE        16000

/**
 * RtccSimProgressFunc:
 * @fraction: how much is done, from 0.0 to 1.0
 * @user_data: the data given with the function
 */
typedef void (*RtccSimProgressFunc) (double   fraction,
                                     gpointer user_data);

GQuark    rtcc_sim_media_error_quark        (void);

GBytes   *rtcc_sim_media_snapshot_jpeg      (const char           *camera_name,
                                             GDateTime            *time,
                                             guint32               seed,
                                             guint                 width,
                                             guint                 height,
                                             GError              **error);
GBytes   *rtcc_sim_media_plate_jpeg         (const char           *plate,
                                             const char           *state,
                                             GError              **error);
GBytes   *rtcc_sim_media_gunshot_wav        (guint                 rounds,
                                             guint32               seed);
void      rtcc_sim_media_render_clip_async  (const char           *label,
                                             GDateTime            *start,
                                             guint                 duration_s,
                                             const char           *path,
                                             RtccSimProgressFunc   progress,
                                             gpointer              progress_data,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
gboolean  rtcc_sim_media_render_clip_finish (GAsyncResult         *result,
                                             GError              **error);

G_END_DECLS
