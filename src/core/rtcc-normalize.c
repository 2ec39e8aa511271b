/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccNormalize"

#include "config.h"

#include <glib/gi18n.h>

#include "rtcc-json.h"
#include "rtcc-normalize.h"

/**
 * rtcc_normalize_one:
 * @item: one element of a vendor list
 * @index: its position, named in the error
 * @events: (element-type RtccEvent): where the event goes
 * @item_errors: (nullable) (element-type GError): where a failure goes,
 *   its message starting with "item @index: "
 *
 * One bad item never stops the others: it is reported and skipped.
 */
void
rtcc_normalize_one (JsonNode           *item,
                    guint               index,
                    RtccItemNormalizer  normalizer,
                    gpointer            user_data,
                    GPtrArray          *events,
                    GPtrArray          *item_errors)
{
  g_autoptr(GError) error = NULL;
  RtccEvent *event = NULL;

  if (item == NULL || !JSON_NODE_HOLDS_OBJECT (item))
    g_set_error (&error, RTCC_JSON_ERROR, RTCC_JSON_ERROR_WRONG_SHAPE, _("not an object"));
  else
    event = normalizer (json_node_get_object (item), user_data, &error);

  if (event != NULL)
    {
      g_ptr_array_add (events, event);
      return;
    }
  if (item_errors != NULL)
    g_ptr_array_add (item_errors,
                     g_error_new (error->domain, error->code, _("item %u: %s"), index, error->message));
}

/**
 * rtcc_normalize_array:
 * @items: a vendor list
 *
 * Calls rtcc_normalize_one() on every element.
 */
void
rtcc_normalize_array (JsonArray          *items,
                      RtccItemNormalizer  normalizer,
                      gpointer            user_data,
                      GPtrArray          *events,
                      GPtrArray          *item_errors)
{
  guint n = json_array_get_length (items);

  for (guint i = 0; i < n; i++)
    rtcc_normalize_one (json_array_get_element (items, i), i, normalizer, user_data,
                        events, item_errors);
}
