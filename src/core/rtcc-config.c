/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccConfig"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#if HAVE_LIBSECRET
#include <libsecret/secret.h>
#endif

#include "rtcc-config.h"

/* The key file keeps every setting in one group, under the same names as
 * the environment variables, so an operator can move between the two. */
#define GROUP "rtcc"

struct _RtccConfig
{
  GObject     parent_instance;

  char       *path;
  gboolean    use_environment;
  GKeyFile   *keyfile;
  GHashTable *overrides;   /* key -> value */
  GHashTable *secrets;     /* key -> value, from the keyring */
  GHashTable *file_values; /* key -> value, a copy of the key file's group */
};

G_DEFINE_FINAL_TYPE (RtccConfig, rtcc_config, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char * const known_keys[] = {
  "MILESTONE_API_URL", "MILESTONE_API_KEY", "MILESTONE_USERNAME", "MILESTONE_PASSWORD",
  "FLOCK_API_URL", "FLOCK_API_KEY", "FLOCK_AGENCY_ID",
  "SHOTSPOTTER_API_URL", "SHOTSPOTTER_API_KEY", "SHOTSPOTTER_AGENCY_ID",
  "ONESOLUTION_API_URL", "ONESOLUTION_API_KEY", "ONESOLUTION_AGENCY_ORI",
  "NESS_API_URL", "NESS_API_KEY", "NESS_ORI", "NESS_OPERATOR_ID",
  "BWC_API_URL", "BWC_API_KEY", "BWC_AGENCY_ID",
  "HOTSHEETS_API_URL", "HOTSHEETS_API_KEY", "HOTSHEETS_AGENCY_ID",
  "LOG_LEVEL", "INTEGRATION_DEBUG",
  "RTCC_MAP_MBTILES", "RTCC_MAP_TILE_URL", "RTCC_DATA_DIR",
  "RTCC_HEALTH_INTERVAL", "RTCC_HEALTH_PORT",
  NULL
};

#if HAVE_LIBSECRET
static const SecretSchema *
get_secret_schema (void)
{
  static const SecretSchema schema = {
    "com.g3ti.Rtcc.Credential", SECRET_SCHEMA_NONE,
    {
      { "key", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };
  return &schema;
}
#endif

static void
rtcc_config_finalize (GObject *object)
{
  RtccConfig *self = (RtccConfig *) object;

  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->keyfile, g_key_file_unref);
  g_clear_pointer (&self->overrides, g_hash_table_unref);
  g_clear_pointer (&self->secrets, g_hash_table_unref);
  g_clear_pointer (&self->file_values, g_hash_table_unref);

  G_OBJECT_CLASS (rtcc_config_parent_class)->finalize (object);
}

static void
rtcc_config_class_init (RtccConfigClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rtcc_config_finalize;

  /**
   * RtccConfig::changed:
   * @key: the setting that changed
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
rtcc_config_init (RtccConfig *self)
{
  self->keyfile = g_key_file_new ();
  self->overrides = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->secrets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->file_values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

static void
copy_file_values (RtccConfig *self)
{
  g_auto(GStrv) keys = g_key_file_get_keys (self->keyfile, GROUP, NULL, NULL);

  g_hash_table_remove_all (self->file_values);
  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    {
      char *value = g_key_file_get_string (self->keyfile, GROUP, keys[i], NULL);
      if (value != NULL)
        g_hash_table_replace (self->file_values, g_strdup (keys[i]), value);
    }
}

/**
 * rtcc_config_new:
 * @keyfile_path: (nullable): the key file to read and save, or %NULL for
 *   none
 * @use_environment: whether environment variables override the file
 *
 * A missing key file is not an error; an unreadable one is logged and
 * ignored, so a bad file never stops the workstation from starting.
 *
 * Returns: (transfer full): the configuration
 */
RtccConfig *
rtcc_config_new (const char *keyfile_path,
                 gboolean    use_environment)
{
  RtccConfig *self = g_object_new (RTCC_TYPE_CONFIG, NULL);
  g_autoptr(GError) error = NULL;

  self->path = g_strdup (keyfile_path);
  self->use_environment = use_environment;

  if (self->path != NULL &&
      !g_key_file_load_from_file (self->keyfile, self->path, G_KEY_FILE_KEEP_COMMENTS, &error) &&
      !g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    {
      /* GLib quotes the offending line, which may hold a secret. */
      if (error->domain == G_KEY_FILE_ERROR)
        g_warning ("Ignoring the settings file %s: it is not a valid key file", self->path);
      else
        g_warning ("Ignoring the settings file %s: %s", self->path, error->message);
    }

  /* Secrets never belong in the file; drop any that were put there by hand. */
  for (guint i = 0; known_keys[i] != NULL; i++)
    if (rtcc_config_is_secret_key (known_keys[i]) &&
        g_key_file_has_key (self->keyfile, GROUP, known_keys[i], NULL))
      {
        g_autofree char *value = g_key_file_get_string (self->keyfile, GROUP, known_keys[i], NULL);
        g_warning ("%s was found in %s; secrets belong in the keyring or the environment",
                   known_keys[i], self->path);
        /* Still honour it for this run, in memory only. */
        if (value != NULL)
          g_hash_table_replace (self->secrets, g_strdup (known_keys[i]), g_steal_pointer (&value));
        g_key_file_remove_key (self->keyfile, GROUP, known_keys[i], NULL);
      }
  copy_file_values (self);

  return self;
}

/**
 * rtcc_config_new_default:
 *
 * Returns: (transfer full): the user's configuration: the environment over
 *   `$XDG_CONFIG_HOME/rtcc/rtcc.conf`
 */
RtccConfig *
rtcc_config_new_default (void)
{
  g_autofree char *path = g_build_filename (g_get_user_config_dir (), "rtcc", "rtcc.conf", NULL);

  return rtcc_config_new (path, TRUE);
}

const char *
rtcc_config_get_path (RtccConfig *self)
{
  return self->path;
}

/**
 * rtcc_config_get:
 * @key: a setting such as `SHOTSPOTTER_API_URL`
 *
 * Empty values count as unset.
 *
 * Returns: (nullable): the value, or %NULL
 */
const char *
rtcc_config_get (RtccConfig *self,
                 const char *key)
{
  const char *value;

  g_return_val_if_fail (RTCC_IS_CONFIG (self), NULL);

  value = g_hash_table_lookup (self->overrides, key);
  if (value != NULL)
    return *value ? value : NULL;

  if (self->use_environment)
    {
      value = g_getenv (key);
      if (value != NULL && *value)
        return value;
    }

  value = g_hash_table_lookup (self->secrets, key);
  if (value != NULL && *value)
    return value;

  value = g_hash_table_lookup (self->file_values, key);
  return value != NULL && *value ? value : NULL;
}

RtccConfigOrigin
rtcc_config_get_origin (RtccConfig *self,
                        const char *key)
{
  const char *value = g_hash_table_lookup (self->overrides, key);

  if (value != NULL)
    return *value ? RTCC_CONFIG_ORIGIN_OVERRIDE : RTCC_CONFIG_ORIGIN_NONE;
  if (self->use_environment && g_getenv (key) != NULL && *g_getenv (key))
    return RTCC_CONFIG_ORIGIN_ENVIRONMENT;
  value = g_hash_table_lookup (self->secrets, key);
  if (value != NULL && *value)
    return RTCC_CONFIG_ORIGIN_KEYRING;
  if (g_key_file_has_key (self->keyfile, GROUP, key, NULL))
    return RTCC_CONFIG_ORIGIN_FILE;
  return RTCC_CONFIG_ORIGIN_NONE;
}

/**
 * rtcc_config_get_boolean:
 *
 * `true`, `1`, `yes` and `on` are true, as operators write them.
 */
gboolean
rtcc_config_get_boolean (RtccConfig *self,
                         const char *key,
                         gboolean    fallback)
{
  const char *value = rtcc_config_get (self, key);

  if (value == NULL)
    return fallback;
  if (g_ascii_strcasecmp (value, "true") == 0 || g_ascii_strcasecmp (value, "yes") == 0 ||
      g_ascii_strcasecmp (value, "on") == 0 || g_strcmp0 (value, "1") == 0)
    return TRUE;
  if (g_ascii_strcasecmp (value, "false") == 0 || g_ascii_strcasecmp (value, "no") == 0 ||
      g_ascii_strcasecmp (value, "off") == 0 || g_strcmp0 (value, "0") == 0)
    return FALSE;
  return fallback;
}

gint64
rtcc_config_get_int (RtccConfig *self,
                     const char *key,
                     gint64      fallback)
{
  const char *value = rtcc_config_get (self, key);
  gint64 result;

  if (value == NULL || !g_ascii_string_to_signed (value, 10, G_MININT64, G_MAXINT64, &result, NULL))
    return fallback;
  return result;
}

/**
 * rtcc_config_set_override:
 * @value: (nullable): the value, or %NULL to remove the override
 *
 * Overrides win over everything and are never saved: demo mode and tests
 * point the integrations at the simulator this way.
 */
void
rtcc_config_set_override (RtccConfig *self,
                          const char *key,
                          const char *value)
{
  if (value == NULL)
    g_hash_table_remove (self->overrides, key);
  else
    g_hash_table_replace (self->overrides, g_strdup (key), g_strdup (value));
  g_signal_emit (self, signals[CHANGED], g_quark_from_string (key), key);
}

/**
 * rtcc_config_set:
 * @value: (nullable): the value, or %NULL to remove it
 *
 * Sets a value in the key file (not saved until rtcc_config_save()).
 * Secrets are refused here: use rtcc_config_store_secret_async().
 */
void
rtcc_config_set (RtccConfig *self,
                 const char *key,
                 const char *value)
{
  g_return_if_fail (!rtcc_config_is_secret_key (key));

  if (value == NULL || *value == '\0')
    g_key_file_remove_key (self->keyfile, GROUP, key, NULL);
  else
    g_key_file_set_string (self->keyfile, GROUP, key, value);
  copy_file_values (self);
  g_signal_emit (self, signals[CHANGED], g_quark_from_string (key), key);
}

gboolean
rtcc_config_save (RtccConfig  *self,
                  GError     **error)
{
  g_autofree char *dir = NULL;

  if (self->path == NULL)
    return TRUE;
  dir = g_path_get_dirname (self->path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                   _("Could not create the folder %s for the settings"), dir);
      return FALSE;
    }
  return g_key_file_save_to_file (self->keyfile, self->path, error);
}

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  RtccConfig *self = source_object;
  GError *error = NULL;

  if (rtcc_config_save (self, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * rtcc_config_save_async:
 *
 * Writes the key file on a worker thread.
 */
void
rtcc_config_save_async (RtccConfig          *self,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, rtcc_config_save_async);
  g_task_run_in_thread (task, save_thread);
}

gboolean
rtcc_config_save_finish (RtccConfig    *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rtcc_config_save_async, FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * rtcc_config_is_secret_key:
 *
 * Returns: %TRUE for keys, passwords and tokens, which go to the keyring
 *   and are redacted wherever they would be shown
 */
gboolean
rtcc_config_is_secret_key (const char *key)
{
  return key != NULL &&
         (g_str_has_suffix (key, "_API_KEY") || g_str_has_suffix (key, "_PASSWORD") ||
          g_str_has_suffix (key, "_TOKEN") || g_str_has_suffix (key, "_SECRET"));
}

#if HAVE_LIBSECRET
static void
store_secret_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (secret_password_store_finish (result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}
#endif

/**
 * rtcc_config_store_secret_async:
 *
 * Keeps @value in memory at once and stores it in the keyring. Without a
 * keyring the value lasts for this session and the call fails with a
 * message saying so.
 */
void
rtcc_config_store_secret_async (RtccConfig          *self,
                                const char          *key,
                                const char          *value,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, rtcc_config_store_secret_async);
  g_hash_table_replace (self->secrets, g_strdup (key), g_strdup (value != NULL ? value : ""));
  g_signal_emit (self, signals[CHANGED], g_quark_from_string (key), key);

#if HAVE_LIBSECRET
  {
    g_autofree char *label = g_strdup_printf ("RTCC-UIP Workstation: %s", key);

    if (value == NULL || *value == '\0')
      {
        secret_password_clear (get_secret_schema (), cancellable, NULL, NULL, "key", key, NULL);
        g_task_return_boolean (task, TRUE);
        return;
      }
    secret_password_store (get_secret_schema (), SECRET_COLLECTION_DEFAULT, label, value,
                           cancellable, store_secret_cb, g_steal_pointer (&task),
                           "key", key, NULL);
  }
#else
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("No keyring is available; %s is kept for this session only"), key);
#endif
}

gboolean
rtcc_config_store_secret_finish (RtccConfig    *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

#if HAVE_LIBSECRET
typedef struct
{
  guint pending;
  char *first_error;
} LoadSecrets;

static void
load_secrets_free (gpointer data)
{
  LoadSecrets *state = data;

  g_free (state->first_error);
  g_free (state);
}

typedef struct
{
  GTask *task;
  char  *key;
} LookupOne;

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  LookupOne *one = user_data;
  RtccConfig *self = g_task_get_source_object (one->task);
  LoadSecrets *state = g_task_get_task_data (one->task);
  g_autoptr(GError) error = NULL;
  char *value = secret_password_lookup_finish (result, &error);

  if (value != NULL)
    {
      g_hash_table_replace (self->secrets, g_strdup (one->key), g_strdup (value));
      secret_password_free (value);
      g_signal_emit (self, signals[CHANGED], g_quark_from_string (one->key), one->key);
    }
  else if (error != NULL && state->first_error == NULL)
    state->first_error = g_strdup (error->message);

  if (--state->pending == 0)
    {
      if (state->first_error != NULL)
        g_task_return_new_error (one->task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                                 _("The keyring could not be read: %s"), state->first_error);
      else
        g_task_return_boolean (one->task, TRUE);
    }
  g_object_unref (one->task);
  g_free (one->key);
  g_free (one);
}
#endif

/**
 * rtcc_config_load_secrets_async:
 *
 * Looks up every secret key in the keyring without blocking.
 */
void
rtcc_config_load_secrets_async (RtccConfig          *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, rtcc_config_load_secrets_async);
#if HAVE_LIBSECRET
  {
    LoadSecrets *state = g_new0 (LoadSecrets, 1);

    g_task_set_task_data (task, state, load_secrets_free);
    for (guint i = 0; known_keys[i] != NULL; i++)
      if (rtcc_config_is_secret_key (known_keys[i]))
        state->pending++;
    for (guint i = 0; known_keys[i] != NULL; i++)
      if (rtcc_config_is_secret_key (known_keys[i]))
        {
          LookupOne *one = g_new0 (LookupOne, 1);
          one->task = g_object_ref (task);
          one->key = g_strdup (known_keys[i]);
          secret_password_lookup (get_secret_schema (), cancellable, lookup_cb, one,
                                  "key", known_keys[i], NULL);
        }
  }
#else
  g_task_return_boolean (task, TRUE);
#endif
}

gboolean
rtcc_config_load_secrets_finish (RtccConfig    *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * rtcc_config_list_known_keys:
 *
 * Returns: (transfer none): the settings the workstation reads
 */
const char * const *
rtcc_config_list_known_keys (void)
{
  return known_keys;
}

/**
 * rtcc_config_redact:
 *
 * Returns: (transfer full): @value fit to show or log: secrets become
 *   `••••` with their last two characters when long enough
 */
char *
rtcc_config_redact (const char *key,
                    const char *value)
{
  gsize len;

  if (value == NULL)
    return NULL;
  if (!rtcc_config_is_secret_key (key))
    return g_strdup (value);
  len = strlen (value);
  if (len < 12)
    return g_strdup ("••••");
  return g_strdup_printf ("••••%s", value + len - 2);
}
