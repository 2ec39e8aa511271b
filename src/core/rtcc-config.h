/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define RTCC_TYPE_CONFIG (rtcc_config_get_type ())
G_DECLARE_FINAL_TYPE (RtccConfig, rtcc_config, RTCC, CONFIG, GObject)

/**
 * RtccConfigOrigin:
 *
 * Where a value came from, highest precedence first.
 */
typedef enum
{
  RTCC_CONFIG_ORIGIN_NONE,
  RTCC_CONFIG_ORIGIN_OVERRIDE,    /* set by the program, e.g. demo mode */
  RTCC_CONFIG_ORIGIN_ENVIRONMENT,
  RTCC_CONFIG_ORIGIN_KEYRING,
  RTCC_CONFIG_ORIGIN_FILE,
} RtccConfigOrigin;

RtccConfig       *rtcc_config_new               (const char          *keyfile_path,
                                                 gboolean             use_environment);
RtccConfig       *rtcc_config_new_default       (void);
const char       *rtcc_config_get_path          (RtccConfig          *self);
const char       *rtcc_config_get               (RtccConfig          *self,
                                                 const char          *key);
RtccConfigOrigin  rtcc_config_get_origin        (RtccConfig          *self,
                                                 const char          *key);
gboolean          rtcc_config_get_boolean       (RtccConfig          *self,
                                                 const char          *key,
                                                 gboolean             fallback);
gint64            rtcc_config_get_int           (RtccConfig          *self,
                                                 const char          *key,
                                                 gint64               fallback);
void              rtcc_config_set_override      (RtccConfig          *self,
                                                 const char          *key,
                                                 const char          *value);
void              rtcc_config_set               (RtccConfig          *self,
                                                 const char          *key,
                                                 const char          *value);
gboolean          rtcc_config_save              (RtccConfig          *self,
                                                 GError             **error);
void              rtcc_config_save_async        (RtccConfig          *self,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean          rtcc_config_save_finish       (RtccConfig          *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);
gboolean          rtcc_config_is_secret_key     (const char          *key);
void              rtcc_config_store_secret_async (RtccConfig         *self,
                                                 const char          *key,
                                                 const char          *value,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean          rtcc_config_store_secret_finish (RtccConfig        *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);
void              rtcc_config_load_secrets_async (RtccConfig         *self,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean          rtcc_config_load_secrets_finish (RtccConfig        *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);
const char * const *rtcc_config_list_known_keys (void);
char             *rtcc_config_redact            (const char          *key,
                                                 const char          *value);

G_END_DECLS
