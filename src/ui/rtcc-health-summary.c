/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccHealthSummary"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "rtcc-health-summary.h"
#include "rtcc-integration.h"
#include "rtcc-ui-format.h"
#include "rtcc-util.h"

/**
 * RtccHealthSummary:
 *
 * What the header's health indicator says: counts of integrations per
 * status over a #GListModel of #RtccIntegration, kept current as
 * integrations change status or the list changes.
 */
struct _RtccHealthSummary
{
  GObject     parent_instance;

  GListModel *model;
  GPtrArray  *watched;   /* RtccIntegration with a notify::status handler */
  guint       counts[RTCC_INTEGRATION_STATUS_DISABLED + 1];
  RtccIntegrationStatus worst;
  char       *label;
};

G_DEFINE_FINAL_TYPE (RtccHealthSummary, rtcc_health_summary, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_MODEL,
  PROP_LABEL,
  PROP_CSS_CLASS,
  PROP_WORST,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
recount (RtccHealthSummary *self)
{
  guint n = self->model != NULL ? g_list_model_get_n_items (self->model) : 0;
  guint *c = self->counts;
  RtccIntegrationStatus worst = RTCC_INTEGRATION_STATUS_DISABLED;
  g_autofree char *label = NULL;

  memset (self->counts, 0, sizeof self->counts);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RtccIntegration) integration = g_list_model_get_item (self->model, i);
      RtccIntegrationStatus status = rtcc_integration_get_status (integration);

      if (status <= RTCC_INTEGRATION_STATUS_DISABLED)
        c[status]++;
    }

  if (c[RTCC_INTEGRATION_STATUS_OFFLINE] > 0)
    worst = RTCC_INTEGRATION_STATUS_OFFLINE;
  else if (c[RTCC_INTEGRATION_STATUS_DEGRADED] > 0)
    worst = RTCC_INTEGRATION_STATUS_DEGRADED;
  else if (c[RTCC_INTEGRATION_STATUS_ONLINE] > 0)
    worst = RTCC_INTEGRATION_STATUS_ONLINE;

  if (c[RTCC_INTEGRATION_STATUS_OFFLINE] > 0 && c[RTCC_INTEGRATION_STATUS_DEGRADED] > 0)
    /* Translators: the first part is "N offline", the second "N degraded" */
    label = g_strdup_printf (_("%u offline, %u degraded"),
                             c[RTCC_INTEGRATION_STATUS_OFFLINE],
                             c[RTCC_INTEGRATION_STATUS_DEGRADED]);
  else if (c[RTCC_INTEGRATION_STATUS_OFFLINE] > 0)
    label = g_strdup_printf (_("%u offline"), c[RTCC_INTEGRATION_STATUS_OFFLINE]);
  else if (c[RTCC_INTEGRATION_STATUS_DEGRADED] > 0)
    label = g_strdup_printf (_("%u degraded"), c[RTCC_INTEGRATION_STATUS_DEGRADED]);
  else if (c[RTCC_INTEGRATION_STATUS_ONLINE] > 0)
    label = g_strdup (_("All systems online"));
  else
    label = g_strdup (_("No integrations configured"));

  if (rtcc_set_str (&self->label, label))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LABEL]);
  if (worst != self->worst)
    {
      self->worst = worst;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORST]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CSS_CLASS]);
    }
}

static void
on_status_notify (RtccHealthSummary *self)
{
  recount (self);
}

static void
unwatch_all (RtccHealthSummary *self)
{
  for (guint i = 0; i < self->watched->len; i++)
    g_signal_handlers_disconnect_by_data (g_ptr_array_index (self->watched, i), self);
  g_ptr_array_set_size (self->watched, 0);
}

static void
rewatch (RtccHealthSummary *self)
{
  guint n = self->model != NULL ? g_list_model_get_n_items (self->model) : 0;

  /* Lists of integrations are short: watching them all afresh is simpler
   * than tracking positions. */
  unwatch_all (self);
  for (guint i = 0; i < n; i++)
    {
      RtccIntegration *integration = g_list_model_get_item (self->model, i);

      g_signal_connect_swapped (integration, "notify::status",
                                G_CALLBACK (on_status_notify), self);
      g_ptr_array_add (self->watched, integration);
    }
  recount (self);
}

static void
on_items_changed (RtccHealthSummary *self)
{
  rewatch (self);
}

static void
rtcc_health_summary_dispose (GObject *object)
{
  RtccHealthSummary *self = RTCC_HEALTH_SUMMARY (object);

  unwatch_all (self);
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_clear_object (&self->model);

  G_OBJECT_CLASS (rtcc_health_summary_parent_class)->dispose (object);
}

static void
rtcc_health_summary_finalize (GObject *object)
{
  RtccHealthSummary *self = RTCC_HEALTH_SUMMARY (object);

  g_ptr_array_unref (self->watched);
  g_free (self->label);

  G_OBJECT_CLASS (rtcc_health_summary_parent_class)->finalize (object);
}

static void
rtcc_health_summary_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  RtccHealthSummary *self = RTCC_HEALTH_SUMMARY (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      g_value_set_object (value, self->model);
      break;
    case PROP_LABEL:
      g_value_set_string (value, self->label);
      break;
    case PROP_CSS_CLASS:
      g_value_set_string (value, rtcc_health_summary_get_css_class (self));
      break;
    case PROP_WORST:
      g_value_set_enum (value, self->worst);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rtcc_health_summary_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  RtccHealthSummary *self = RTCC_HEALTH_SUMMARY (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      rtcc_health_summary_set_model (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rtcc_health_summary_class_init (RtccHealthSummaryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rtcc_health_summary_dispose;
  object_class->finalize = rtcc_health_summary_finalize;
  object_class->get_property = rtcc_health_summary_get_property;
  object_class->set_property = rtcc_health_summary_set_property;

  properties[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_LABEL] =
    g_param_spec_string ("label", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CSS_CLASS] =
    g_param_spec_string ("css-class", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_WORST] =
    g_param_spec_enum ("worst", NULL, NULL,
                       RTCC_TYPE_INTEGRATION_STATUS, RTCC_INTEGRATION_STATUS_DISABLED,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rtcc_health_summary_init (RtccHealthSummary *self)
{
  self->watched = g_ptr_array_new_with_free_func (g_object_unref);
  self->worst = RTCC_INTEGRATION_STATUS_DISABLED;
  self->label = g_strdup (_("No integrations configured"));
}

/**
 * rtcc_health_summary_new:
 * @integrations: (nullable): a #GListModel of #RtccIntegration
 *
 * Returns: (transfer full): a summary of @integrations
 */
RtccHealthSummary *
rtcc_health_summary_new (GListModel *integrations)
{
  return g_object_new (RTCC_TYPE_HEALTH_SUMMARY, "model", integrations, NULL);
}

/**
 * rtcc_health_summary_get_model:
 *
 * Returns: (transfer none) (nullable): the integrations summarised
 */
GListModel *
rtcc_health_summary_get_model (RtccHealthSummary *self)
{
  g_return_val_if_fail (RTCC_IS_HEALTH_SUMMARY (self), NULL);
  return self->model;
}

void
rtcc_health_summary_set_model (RtccHealthSummary *self,
                               GListModel        *integrations)
{
  g_return_if_fail (RTCC_IS_HEALTH_SUMMARY (self));
  g_return_if_fail (integrations == NULL || G_IS_LIST_MODEL (integrations));

  if (self->model == integrations)
    return;
  unwatch_all (self);
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_set_object (&self->model, integrations);
  if (self->model != NULL)
    g_signal_connect_swapped (self->model, "items-changed", G_CALLBACK (on_items_changed), self);
  rewatch (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
}

/**
 * rtcc_health_summary_get_n_status:
 *
 * Returns: how many integrations are in @status
 */
guint
rtcc_health_summary_get_n_status (RtccHealthSummary     *self,
                                  RtccIntegrationStatus  status)
{
  g_return_val_if_fail (RTCC_IS_HEALTH_SUMMARY (self), 0);
  g_return_val_if_fail (status <= RTCC_INTEGRATION_STATUS_DISABLED, 0);
  return self->counts[status];
}

/**
 * rtcc_health_summary_get_worst:
 *
 * Returns: offline if any integration is, else degraded if any is, else
 *   online if any is, else disabled
 */
RtccIntegrationStatus
rtcc_health_summary_get_worst (RtccHealthSummary *self)
{
  g_return_val_if_fail (RTCC_IS_HEALTH_SUMMARY (self), RTCC_INTEGRATION_STATUS_DISABLED);
  return self->worst;
}

/**
 * rtcc_health_summary_get_label:
 *
 * Returns: "All systems online", "2 degraded", "1 offline"...
 */
const char *
rtcc_health_summary_get_label (RtccHealthSummary *self)
{
  g_return_val_if_fail (RTCC_IS_HEALTH_SUMMARY (self), NULL);
  return self->label;
}

/**
 * rtcc_health_summary_get_css_class:
 *
 * Returns: the style class of the indicator's dot
 */
const char *
rtcc_health_summary_get_css_class (RtccHealthSummary *self)
{
  g_return_val_if_fail (RTCC_IS_HEALTH_SUMMARY (self), NULL);
  return rtcc_ui_status_css_class (self->worst);
}
