/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "rtcc-event.h"

G_BEGIN_DECLS

/**
 * RtccMilestoneContext:
 * @cameras: (nullable) (element-type utf8 RtccCamera): camera id to
 *   camera, to fill names and positions
 * @base_url: (nullable): the vendor's base URL, to build snapshot links
 *
 * What the normalizer may know beyond the document itself.
 */
typedef struct
{
  GHashTable *cameras;
  const char *base_url;
} RtccMilestoneContext;

RtccEvent *rtcc_milestone_normalize_event    (JsonObject                 *event,
                                              gpointer                    context,
                                              GError                    **error);
GPtrArray *rtcc_milestone_normalize_document (JsonNode                   *document,
                                              const RtccMilestoneContext *context,
                                              GPtrArray                 **item_errors,
                                              GError                    **error);

G_END_DECLS
