/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccDetailField"

#include "config.h"

#include "rtcc-detail-field.h"

/**
 * RtccDetailField:
 *
 * One name and value shown in the event detail pane; the items of its
 * #GListModel.
 */
struct _RtccDetailField
{
  GObject  parent_instance;

  char    *name;
  char    *value;
};

G_DEFINE_FINAL_TYPE (RtccDetailField, rtcc_detail_field, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_VALUE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
rtcc_detail_field_finalize (GObject *object)
{
  RtccDetailField *self = RTCC_DETAIL_FIELD (object);

  g_free (self->name);
  g_free (self->value);

  G_OBJECT_CLASS (rtcc_detail_field_parent_class)->finalize (object);
}

static void
rtcc_detail_field_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  RtccDetailField *self = RTCC_DETAIL_FIELD (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_VALUE:
      g_value_set_string (value, self->value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rtcc_detail_field_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  RtccDetailField *self = RTCC_DETAIL_FIELD (object);

  switch (prop_id)
    {
    case PROP_NAME:
      self->name = g_value_dup_string (value);
      break;
    case PROP_VALUE:
      self->value = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rtcc_detail_field_class_init (RtccDetailFieldClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rtcc_detail_field_finalize;
  object_class->get_property = rtcc_detail_field_get_property;
  object_class->set_property = rtcc_detail_field_set_property;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VALUE] =
    g_param_spec_string ("value", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rtcc_detail_field_init (RtccDetailField *self)
{
}

/**
 * rtcc_detail_field_new:
 * @name: what the value is, as the analyst reads it
 * @value: the value as text
 *
 * Returns: (transfer full): a field
 */
RtccDetailField *
rtcc_detail_field_new (const char *name,
                       const char *value)
{
  return g_object_new (RTCC_TYPE_DETAIL_FIELD, "name", name, "value", value, NULL);
}

const char *
rtcc_detail_field_get_name (RtccDetailField *self)
{
  g_return_val_if_fail (RTCC_IS_DETAIL_FIELD (self), NULL);
  return self->name;
}

const char *
rtcc_detail_field_get_value (RtccDetailField *self)
{
  g_return_val_if_fail (RTCC_IS_DETAIL_FIELD (self), NULL);
  return self->value;
}
