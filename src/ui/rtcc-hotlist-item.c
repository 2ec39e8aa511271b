/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccHotlists"

#include "config.h"

#include <glib/gi18n.h>

#include "rtcc-hotlist-item.h"

/**
 * RtccHotlistItem:
 *
 * A Flock hotlist in the hotlist window's sidebar. The entry count
 * changes as plates are added and removed, and the row follows it.
 */
struct _RtccHotlistItem
{
  GObject           parent_instance;

  RtccFlockHotlist *hotlist;
};

G_DEFINE_FINAL_TYPE (RtccHotlistItem, rtcc_hotlist_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_SUBTITLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
rtcc_hotlist_item_finalize (GObject *object)
{
  RtccHotlistItem *self = RTCC_HOTLIST_ITEM (object);

  g_clear_pointer (&self->hotlist, rtcc_flock_hotlist_free);

  G_OBJECT_CLASS (rtcc_hotlist_item_parent_class)->finalize (object);
}

static void
rtcc_hotlist_item_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  RtccHotlistItem *self = RTCC_HOTLIST_ITEM (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, rtcc_hotlist_item_get_name (self));
      break;

    case PROP_SUBTITLE:
      g_value_take_string (value, rtcc_hotlist_item_dup_subtitle (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rtcc_hotlist_item_class_init (RtccHotlistItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rtcc_hotlist_item_finalize;
  object_class->get_property = rtcc_hotlist_item_get_property;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /**
   * RtccHotlistItem:subtitle:
   *
   * Where the list comes from and how many plates it holds.
   */
  properties[PROP_SUBTITLE] =
    g_param_spec_string ("subtitle", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rtcc_hotlist_item_init (RtccHotlistItem *self)
{
}

/**
 * rtcc_hotlist_item_new:
 * @hotlist: the hotlist, copied
 *
 * Returns: (transfer full): a new item
 */
RtccHotlistItem *
rtcc_hotlist_item_new (const RtccFlockHotlist *hotlist)
{
  RtccHotlistItem *self;

  g_return_val_if_fail (hotlist != NULL, NULL);

  self = g_object_new (RTCC_TYPE_HOTLIST_ITEM, NULL);
  self->hotlist = rtcc_flock_hotlist_copy (hotlist);
  return self;
}

/**
 * rtcc_hotlist_item_get_hotlist:
 * @self: a #RtccHotlistItem
 *
 * Returns: (transfer none): the hotlist
 */
const RtccFlockHotlist *
rtcc_hotlist_item_get_hotlist (RtccHotlistItem *self)
{
  g_return_val_if_fail (RTCC_IS_HOTLIST_ITEM (self), NULL);
  return self->hotlist;
}

const char *
rtcc_hotlist_item_get_id (RtccHotlistItem *self)
{
  g_return_val_if_fail (RTCC_IS_HOTLIST_ITEM (self), NULL);
  return self->hotlist->id;
}

/**
 * rtcc_hotlist_item_get_name:
 * @self: a #RtccHotlistItem
 *
 * Returns: the name, or the id of a list Flock sends unnamed
 */
const char *
rtcc_hotlist_item_get_name (RtccHotlistItem *self)
{
  g_return_val_if_fail (RTCC_IS_HOTLIST_ITEM (self), NULL);
  return self->hotlist->name != NULL && *self->hotlist->name != '\0' ? self->hotlist->name : self->hotlist->id;
}

/**
 * rtcc_hotlist_item_get_source:
 * @self: a #RtccHotlistItem
 *
 * Flock's own lists come from NCIC and the state; custom ones are the
 * agency's, which is what an analyst needs to know before editing.
 *
 * Returns: a translated source, e.g. "NCIC stolen"
 */
const char *
rtcc_hotlist_item_get_source (RtccHotlistItem *self)
{
  const char *type;

  g_return_val_if_fail (RTCC_IS_HOTLIST_ITEM (self), NULL);

  type = self->hotlist->type != NULL ? self->hotlist->type : "";
  if (g_str_equal (type, "stolen"))
    return _("NCIC stolen");
  if (g_str_equal (type, "wanted"))
    return _("NCIC wanted");
  if (g_str_equal (type, "amber_alert"))
    return _("AMBER Alert");
  return _("Agency list");
}

gint64
rtcc_hotlist_item_get_entry_count (RtccHotlistItem *self)
{
  g_return_val_if_fail (RTCC_IS_HOTLIST_ITEM (self), -1);
  return self->hotlist->entry_count;
}

/**
 * rtcc_hotlist_item_set_entry_count:
 * @self: a #RtccHotlistItem
 * @count: plates on the list, -1 when not known
 */
void
rtcc_hotlist_item_set_entry_count (RtccHotlistItem *self,
                                   gint64           count)
{
  g_return_if_fail (RTCC_IS_HOTLIST_ITEM (self));

  if (self->hotlist->entry_count == count)
    return;
  self->hotlist->entry_count = count;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUBTITLE]);
}

/**
 * rtcc_hotlist_item_dup_subtitle:
 * @self: a #RtccHotlistItem
 *
 * Returns: (transfer full): e.g. "NCIC stolen · 12 plates"
 */
char *
rtcc_hotlist_item_dup_subtitle (RtccHotlistItem *self)
{
  gint64 n;

  g_return_val_if_fail (RTCC_IS_HOTLIST_ITEM (self), NULL);

  n = self->hotlist->entry_count;
  if (n < 0)
    return g_strdup (rtcc_hotlist_item_get_source (self));
  n = MIN (n, G_MAXUINT);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %u plate", "%s · %u plates", (gulong) n),
                          rtcc_hotlist_item_get_source (self), (guint) n);
}
