/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccHotsheets"

#include "config.h"

#include "rtcc-plate.h"
#include "rtcc-bolo-cross-check.h"

/**
 * rtcc_bolo_cross_check:
 * @active_bolos: (element-type RtccEvent): `bolo_created` events
 * @lpr_event: an `lpr_read` or `lpr_hit` event
 *
 * The vehicle BOLOs the read may be about. Plates match allowing one
 * misread (see rtcc_plate_misread_match()), since a camera's misread must
 * not hide a BOLO; states must agree when both are known, since the same
 * plate in another state is another car. Cancelled BOLOs and person BOLOs
 * never match.
 *
 * Returns: (transfer container) (element-type RtccEvent): the matching
 *   BOLOs, in the order given; empty when none
 */
GPtrArray *
rtcc_bolo_cross_check (GPtrArray *active_bolos,
                       RtccEvent *lpr_event)
{
  GPtrArray *matches = g_ptr_array_new_with_free_func (g_object_unref);
  RtccEventType lpr_type;
  const char *plate, *state;

  g_return_val_if_fail (RTCC_IS_EVENT (lpr_event), matches);

  lpr_type = rtcc_event_get_event_type (lpr_event);
  if (active_bolos == NULL ||
      (lpr_type != RTCC_EVENT_TYPE_LPR_READ && lpr_type != RTCC_EVENT_TYPE_LPR_HIT))
    return matches;
  plate = rtcc_event_get_attribute_string (lpr_event, "plate_number");
  state = rtcc_event_get_attribute_string (lpr_event, "plate_state");
  if (plate == NULL)
    return matches;

  for (guint i = 0; i < active_bolos->len; i++)
    {
      RtccEvent *bolo = g_ptr_array_index (active_bolos, i);
      const char *bolo_plate, *bolo_state;

      if (!RTCC_IS_EVENT (bolo) ||
          rtcc_event_get_event_type (bolo) != RTCC_EVENT_TYPE_BOLO_CREATED ||
          g_strcmp0 (rtcc_event_get_attribute_string (bolo, "subject"), "vehicle") != 0)
        continue;
      bolo_plate = rtcc_event_get_attribute_string (bolo, "plate_number");
      bolo_state = rtcc_event_get_attribute_string (bolo, "plate_state");
      if (!rtcc_plate_misread_match (bolo_plate, plate))
        continue;
      if (state != NULL && *state != '\0' && bolo_state != NULL && *bolo_state != '\0' &&
          g_ascii_strcasecmp (state, bolo_state) != 0)
        continue;
      g_ptr_array_add (matches, g_object_ref (bolo));
    }
  return matches;
}
