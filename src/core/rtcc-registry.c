/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccRegistry"

#include "config.h"

#include "rtcc-registry.h"

struct _RtccRegistry
{
  GObject    parent_instance;
  GPtrArray *items;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RtccRegistry, rtcc_registry, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  EVENT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GType
get_item_type (GListModel *model)
{
  return RTCC_TYPE_INTEGRATION;
}

static guint
get_n_items (GListModel *model)
{
  return RTCC_REGISTRY (model)->items->len;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  RtccRegistry *self = RTCC_REGISTRY (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static void
rtcc_registry_dispose (GObject *object)
{
  RtccRegistry *self = RTCC_REGISTRY (object);

  rtcc_registry_stop_all (self);
  for (guint i = 0; i < self->items->len; i++)
    g_signal_handlers_disconnect_by_data (g_ptr_array_index (self->items, i), self);
  g_ptr_array_set_size (self->items, 0);

  G_OBJECT_CLASS (rtcc_registry_parent_class)->dispose (object);
}

static void
rtcc_registry_finalize (GObject *object)
{
  g_ptr_array_unref (RTCC_REGISTRY (object)->items);
  G_OBJECT_CLASS (rtcc_registry_parent_class)->finalize (object);
}

static void
rtcc_registry_class_init (RtccRegistryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rtcc_registry_dispose;
  object_class->finalize = rtcc_registry_finalize;

  /**
   * RtccRegistry::event:
   * @integration: the integration that sent it
   * @event: the normalized event
   *
   * Every integration's #RtccIntegration::event, in one place.
   */
  signals[EVENT] =
    g_signal_new ("event", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, RTCC_TYPE_INTEGRATION, RTCC_TYPE_EVENT);
}

static void
rtcc_registry_init (RtccRegistry *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
}

RtccRegistry *
rtcc_registry_new (void)
{
  return g_object_new (RTCC_TYPE_REGISTRY, NULL);
}

static void
on_integration_event (RtccIntegration *integration,
                      RtccEvent       *event,
                      RtccRegistry    *self)
{
  g_signal_emit (self, signals[EVENT], 0, integration, event);
}

/**
 * rtcc_registry_add:
 * @integration: (transfer none): an integration whose id is not yet held
 */
void
rtcc_registry_add (RtccRegistry    *self,
                   RtccIntegration *integration)
{
  g_return_if_fail (RTCC_IS_REGISTRY (self));
  g_return_if_fail (RTCC_IS_INTEGRATION (integration));
  g_return_if_fail (rtcc_registry_lookup (self, rtcc_integration_get_id (integration)) == NULL);

  g_ptr_array_add (self->items, g_object_ref (integration));
  g_signal_connect (integration, "event", G_CALLBACK (on_integration_event), self);
  g_list_model_items_changed (G_LIST_MODEL (self), self->items->len - 1, 0, 1);
}

/**
 * rtcc_registry_lookup:
 * @id: an integration id such as "shotspotter"
 *
 * Returns: (transfer none) (nullable): the integration
 */
RtccIntegration *
rtcc_registry_lookup (RtccRegistry *self,
                      const char   *id)
{
  for (guint i = 0; i < self->items->len; i++)
    {
      RtccIntegration *integration = g_ptr_array_index (self->items, i);
      if (g_strcmp0 (rtcc_integration_get_id (integration), id) == 0)
        return integration;
    }
  return NULL;
}

/**
 * rtcc_registry_get_for_source:
 *
 * Returns: (transfer none) (nullable): the integration for @source
 */
RtccIntegration *
rtcc_registry_get_for_source (RtccRegistry *self,
                              RtccSource    source)
{
  return rtcc_registry_lookup (self, rtcc_source_to_string (source));
}

void
rtcc_registry_start_all (RtccRegistry *self)
{
  for (guint i = 0; i < self->items->len; i++)
    rtcc_integration_start (g_ptr_array_index (self->items, i));
}

void
rtcc_registry_stop_all (RtccRegistry *self)
{
  for (guint i = 0; i < self->items->len; i++)
    rtcc_integration_stop (g_ptr_array_index (self->items, i));
}
