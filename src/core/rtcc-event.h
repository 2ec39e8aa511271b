/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "rtcc-enums.h"

G_BEGIN_DECLS

#define RTCC_TYPE_EVENT (rtcc_event_get_type ())
G_DECLARE_FINAL_TYPE (RtccEvent, rtcc_event, RTCC, EVENT, GObject)

#define RTCC_TYPE_EVENT_BUILDER (rtcc_event_builder_get_type ())
typedef struct _RtccEventBuilder RtccEventBuilder;

GType              rtcc_event_builder_get_type        (void) G_GNUC_CONST;
RtccEventBuilder  *rtcc_event_builder_new             (RtccSource         source,
                                                       RtccEventType      type,
                                                       const char        *vendor_id);
void               rtcc_event_builder_free            (RtccEventBuilder  *builder);
void               rtcc_event_builder_set_priority    (RtccEventBuilder  *builder,
                                                       RtccPriority       priority);
void               rtcc_event_builder_set_occurred_at (RtccEventBuilder  *builder,
                                                       GDateTime         *time);
void               rtcc_event_builder_set_received_at (RtccEventBuilder  *builder,
                                                       GDateTime         *time);
void               rtcc_event_builder_set_version     (RtccEventBuilder  *builder,
                                                       guint              version);
void               rtcc_event_builder_set_location    (RtccEventBuilder  *builder,
                                                       double             lat,
                                                       double             lon);
void               rtcc_event_builder_set_address     (RtccEventBuilder  *builder,
                                                       const char        *address);
void               rtcc_event_builder_set_title       (RtccEventBuilder  *builder,
                                                       const char        *title);
void               rtcc_event_builder_set_string      (RtccEventBuilder  *builder,
                                                       const char        *name,
                                                       const char        *value);
void               rtcc_event_builder_set_int         (RtccEventBuilder  *builder,
                                                       const char        *name,
                                                       gint64             value);
void               rtcc_event_builder_set_double      (RtccEventBuilder  *builder,
                                                       const char        *name,
                                                       double             value);
void               rtcc_event_builder_set_boolean     (RtccEventBuilder  *builder,
                                                       const char        *name,
                                                       gboolean           value);
void               rtcc_event_builder_set_member      (RtccEventBuilder  *builder,
                                                       const char        *name,
                                                       JsonNode          *value);
RtccEvent         *rtcc_event_builder_end             (RtccEventBuilder  *builder,
                                                       GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RtccEventBuilder, rtcc_event_builder_free)

const char        *rtcc_event_get_id                  (RtccEvent         *self);
const char        *rtcc_event_get_vendor_id           (RtccEvent         *self);
RtccSource         rtcc_event_get_source              (RtccEvent         *self);
RtccEventType      rtcc_event_get_event_type          (RtccEvent         *self);
RtccPriority       rtcc_event_get_priority            (RtccEvent         *self);
GDateTime         *rtcc_event_get_occurred_at         (RtccEvent         *self);
GDateTime         *rtcc_event_get_received_at         (RtccEvent         *self);
guint              rtcc_event_get_version             (RtccEvent         *self);
gboolean           rtcc_event_get_location            (RtccEvent         *self,
                                                       double            *lat,
                                                       double            *lon);
const char        *rtcc_event_get_address             (RtccEvent         *self);
const char        *rtcc_event_get_title               (RtccEvent         *self);
JsonObject        *rtcc_event_get_attributes          (RtccEvent         *self);
const char        *rtcc_event_get_attribute_string    (RtccEvent         *self,
                                                       const char        *name);
gboolean           rtcc_event_get_attribute_double    (RtccEvent         *self,
                                                       const char        *name,
                                                       double            *value);
gboolean           rtcc_event_get_attribute_int       (RtccEvent         *self,
                                                       const char        *name,
                                                       gint64            *value);

JsonNode          *rtcc_event_to_json                 (RtccEvent         *self);
char              *rtcc_event_to_json_string          (RtccEvent         *self);
RtccEvent         *rtcc_event_new_from_json           (JsonNode          *node,
                                                       GError           **error);
RtccEvent         *rtcc_event_new_from_json_text      (const char        *text,
                                                       gsize              length,
                                                       GError           **error);
RtccEvent         *rtcc_event_with_version            (RtccEvent         *self,
                                                       guint              version);
gboolean           rtcc_event_equal_content           (RtccEvent         *a,
                                                       RtccEvent         *b);

G_END_DECLS
