/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccSim"

#include "config.h"

#include <string.h>

#include "rtcc-sim-private.h"

/* Built when the simulator's media library is not part of the build:
 * media endpoints answer 501 with a message saying why, and cameras list
 * no RTSP stream. */

static gboolean
is_media_path (SimRequest *req)
{
  const char *s = req->sub;

  switch (req->vendor)
    {
    case SIM_VENDOR_MILESTONE:
      return g_str_has_prefix (s, "/rest/v1/exports") ||
             (g_str_has_prefix (s, "/rest/v1/cameras/") && g_str_has_suffix (s, "/snapshot"));
    case SIM_VENDOR_SHOTSPOTTER:
      return g_str_has_suffix (s, "/audio");
    case SIM_VENDOR_FLOCK:
      return g_str_has_prefix (s, "/reads/") && g_str_has_suffix (s, "/image");
    case SIM_VENDOR_BWC:
      return g_str_has_prefix (s, "/media/");
    case SIM_VENDOR_ONESOLUTION:
    case SIM_VENDOR_NESS:
    case SIM_VENDOR_HOTSHEETS:
    case SIM_N_VENDORS:
    default:
      return FALSE;
    }
}

gboolean
sim_media_route (SimRequest *req)
{
  if (!is_media_path (req))
    return FALSE;
  sim_reply_error (req, 501, "NOT_IMPLEMENTED",
                   "This build of the simulator has no media library (src/sim/media); media endpoints are off.");
  return TRUE;
}

void
sim_media_start (RtccSimServer *self)
{
}

void
sim_media_shutdown (RtccSimServer *self)
{
}

void
sim_media_rtsp_set_camera_live (RtccSimServer *self,
                                const char    *camera_id,
                                gboolean       live)
{
}

gboolean
sim_media_rtsp_stop (RtccSimServer *self,
                     gboolean       stopped)
{
  return FALSE;
}

char *
sim_media_rtsp_uri (RtccSimServer *self,
                    const char    *camera_id)
{
  return NULL;
}
