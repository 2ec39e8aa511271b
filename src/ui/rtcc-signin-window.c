/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccSigninWindow"

#include "config.h"

#include <glib/gi18n.h>

#include "rtcc-signin-window.h"

/* Operator ids are short codes; anything longer is not one. */
#define MAX_OPERATOR_CHARS 64

/**
 * RtccSigninWindow:
 *
 * The operator's sign-in under the CJIS rules: the use notice, an audited
 * logon or logon_failed for every attempt, a lockout after too many
 * failures in a row, and the idle lock of the windows it watches, which
 * asks for the same operator again (audited session_lock and
 * session_unlock). The window lives as long as the application and is
 * shown again whenever the session locks.
 */
struct _RtccSigninWindow
{
  AdwWindow     parent_instance;

  RtccConfig   *config;
  RtccAuditLog *audit;
  GSettings    *settings;

  char         *operator_id;     /* the session's operator, once signed in */
  gboolean      session_locked;
  gboolean      busy;
  guint         failures;
  gint64        locked_until;    /* monotonic µs; 0 when not locked out */
  gint64        last_input;      /* monotonic µs */
  guint         idle_ms;         /* 0: from the settings */
  guint         idle_id;

  GtkLabel     *title_label;
  GtkLabel     *notice_label;
  AdwEntryRow  *operator_row;
  GtkLabel     *error_label;
};

G_DEFINE_FINAL_TYPE (RtccSigninWindow, rtcc_signin_window, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_CONFIG,
  PROP_AUDIT_LOG,
  PROP_SETTINGS,
  N_PROPS
};

enum {
  SIGNED_IN,
  LOCKED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static guint
setting (RtccSigninWindow *self,
         const char       *key,
         guint             fallback)
{
  g_autoptr(GSettingsSchema) schema = NULL;

  if (self->settings == NULL)
    return fallback;
  g_object_get (self->settings, "settings-schema", &schema, NULL);
  if (schema == NULL || !g_settings_schema_has_key (schema, key))
    return fallback;
  return g_settings_get_uint (self->settings, key);
}

static guint
max_attempts (RtccSigninWindow *self)
{
  /* CJIS allows at most five, whatever the settings say. */
  return CLAMP (setting (self, "signin-max-attempts", RTCC_SIGNIN_MAX_ATTEMPTS), 1, RTCC_SIGNIN_MAX_ATTEMPTS);
}

static guint
lockout_minutes (RtccSigninWindow *self)
{
  return MAX (setting (self, "lockout-minutes", RTCC_SIGNIN_LOCKOUT_MINUTES), RTCC_SIGNIN_LOCKOUT_MINUTES);
}

static guint
idle_ms (RtccSigninWindow *self)
{
  if (self->idle_ms > 0)
    return self->idle_ms;
  return CLAMP (setting (self, "session-idle-lock-minutes", RTCC_SIGNIN_IDLE_MINUTES), 1, RTCC_SIGNIN_IDLE_MINUTES) * 60 * 1000;
}

static void
show_error (RtccSigninWindow *self,
            const char       *message)
{
  gtk_label_set_label (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
update_state (RtccSigninWindow *self)
{
  gtk_label_set_label (self->title_label, self->session_locked ? _("Session Locked") : _("Sign In"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "signin.submit", !self->busy);
}

static gboolean
is_valid_operator (const char *text)
{
  if (!g_utf8_validate (text, -1, NULL) || g_utf8_strlen (text, -1) > MAX_OPERATOR_CHARS)
    return FALSE;
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c) || g_unichar_isspace (c))
        return FALSE;
    }
  return TRUE;
}

typedef struct
{
  RtccSigninWindow *self;
  char             *operator_id;
  gboolean          accepted;
} Attempt;

static void
attempt_free (Attempt *attempt)
{
  g_object_unref (attempt->self);
  g_free (attempt->operator_id);
  g_free (attempt);
}

static void
accept (RtccSigninWindow *self,
        const char       *operator_id)
{
  gboolean was_locked = self->session_locked;

  g_free (self->operator_id);
  self->operator_id = g_strdup (operator_id);
  self->session_locked = FALSE;
  self->failures = 0;
  self->last_input = g_get_monotonic_time ();
  gtk_editable_set_text (GTK_EDITABLE (self->operator_row), "");
  show_error (self, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
  g_signal_emit (self, signals[SIGNED_IN], 0, self->operator_id, was_locked);
}

static void
attempt_written_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Attempt *attempt = user_data;
  RtccSigninWindow *self = attempt->self;
  g_autoptr(GError) error = NULL;

  self->busy = FALSE;
  if (rtcc_audit_log_append_finish (RTCC_AUDIT_LOG (object), result, &error) <= 0)
    {
      g_autofree char *text = NULL;

      /* A sign-in that is not on record does not happen. */
      text = g_strdup_printf (_("The sign-in could not be written to the audit log, so it was refused: %s"),
                              error != NULL ? error->message : _("unknown error"));
      show_error (self, text);
    }
  else if (attempt->accepted)
    accept (self, attempt->operator_id);
  update_state (self);
  attempt_free (attempt);
}

static void
record (RtccSigninWindow *self,
        const char       *operator_id,
        const char       *action,
        RtccAuditOutcome  outcome,
        const char       *detail,
        gboolean          accepted)
{
  g_autoptr(RtccAuditRecord) entry = rtcc_audit_record_new (operator_id, action);
  Attempt *attempt;

  rtcc_audit_record_set_ori (entry, rtcc_config_get (self->config, "NESS_ORI"));
  rtcc_audit_record_set_outcome (entry, outcome);
  if (detail != NULL)
    rtcc_audit_record_set_outcome_detail (entry, detail);

  if (self->audit == NULL)
    {
      g_warning ("No audit log is open: the %s of an operator is not recorded", action);
      if (accepted)
        accept (self, operator_id);
      return;
    }
  attempt = g_new0 (Attempt, 1);
  attempt->self = g_object_ref (self);
  attempt->operator_id = g_strdup (operator_id);
  attempt->accepted = accepted;
  self->busy = TRUE;
  update_state (self);
  rtcc_audit_log_append_async (self->audit, entry, NULL, attempt_written_cb, attempt);
}

/**
 * rtcc_signin_window_submit:
 * @operator_id: what the operator typed
 *
 * Tries to sign in (or unlock a locked session) as @operator_id. It
 * must match NESS_OPERATOR_ID when that is set, and the locked session's
 * operator on unlock; otherwise any operator id signs in. Every attempt is
 * audited; success is announced by #RtccSigninWindow::signed-in only once
 * its record is written.
 */
void
rtcc_signin_window_submit (RtccSigninWindow *self,
                           const char       *operator_id)
{
  g_autofree char *id = NULL;
  g_autofree char *detail = NULL;
  const char *expected;
  gint64 now = g_get_monotonic_time ();
  guint max = max_attempts (self);
  guint minutes = lockout_minutes (self);

  g_return_if_fail (RTCC_IS_SIGNIN_WINDOW (self));

  if (self->busy)
    return;
  id = g_strstrip (g_strdup (operator_id != NULL ? operator_id : ""));
  if (*id == '\0')
    {
      show_error (self, _("Enter your operator ID."));
      return;
    }
  if (!is_valid_operator (id))
    {
      g_free (id);
      id = g_strdup ("(invalid)");
    }

  if (self->locked_until > now)
    {
      guint left = (guint) ((self->locked_until - now + 59 * G_USEC_PER_SEC) / (60 * G_USEC_PER_SEC));
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "Too many failed sign-ins. Sign-in is locked for %u more minute.",
                                                            "Too many failed sign-ins. Sign-in is locked for %u more minutes.",
                                                            left), left);

      show_error (self, text);
      record (self, id, self->session_locked ? RTCC_AUDIT_ACTION_SESSION_UNLOCK : RTCC_AUDIT_ACTION_LOGON_FAILED,
              RTCC_AUDIT_OUTCOME_FAILURE, "locked out", FALSE);
      return;
    }

  expected = self->session_locked ? self->operator_id : rtcc_config_get (self->config, "NESS_OPERATOR_ID");
  if (expected == NULL || *expected == '\0' || g_strcmp0 (id, expected) == 0)
    {
      record (self, id, self->session_locked ? RTCC_AUDIT_ACTION_SESSION_UNLOCK : RTCC_AUDIT_ACTION_LOGON,
              RTCC_AUDIT_OUTCOME_SUCCESS, NULL, TRUE);
      return;
    }

  self->failures++;
  if (self->failures >= max)
    {
      g_autofree char *text = NULL;

      self->failures = 0;
      self->locked_until = now + (gint64) minutes * 60 * G_USEC_PER_SEC;
      detail = g_strdup_printf ("unknown operator; locked out for %u minutes", minutes);
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "The operator ID was not recognised. After %u failed sign-ins, sign-in is locked for %u minutes.",
                                           "The operator ID was not recognised. After %u failed sign-ins, sign-in is locked for %u minutes.",
                                           max), max, minutes);
      show_error (self, text);
    }
  else
    {
      guint left = max - self->failures;
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "The operator ID was not recognised. %u attempt left before sign-in locks.",
                                                            "The operator ID was not recognised. %u attempts left before sign-in locks.",
                                                            left), left);

      detail = g_strdup ("unknown operator");
      show_error (self, text);
    }
  record (self, id, self->session_locked ? RTCC_AUDIT_ACTION_SESSION_UNLOCK : RTCC_AUDIT_ACTION_LOGON_FAILED,
          RTCC_AUDIT_OUTCOME_FAILURE, detail, FALSE);
}

static void
submit_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  RtccSigninWindow *self = RTCC_SIGNIN_WINDOW (widget);

  rtcc_signin_window_submit (self, gtk_editable_get_text (GTK_EDITABLE (self->operator_row)));
}

static void
lock_written_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (rtcc_audit_log_append_finish (RTCC_AUDIT_LOG (object), result, &error) <= 0)
    g_warning ("The session lock could not be written to the audit log: %s",
               error != NULL ? error->message : "unknown error");
}

/**
 * rtcc_signin_window_lock:
 *
 * Locks the signed-in session: records session_lock, emits
 * #RtccSigninWindow::locked so the application hides what the session
 * showed, and asks for the operator again.
 */
void
rtcc_signin_window_lock (RtccSigninWindow *self)
{
  g_autoptr(RtccAuditRecord) entry = NULL;

  g_return_if_fail (RTCC_IS_SIGNIN_WINDOW (self));

  if (self->operator_id == NULL || self->session_locked)
    return;
  self->session_locked = TRUE;
  if (self->audit != NULL)
    {
      entry = rtcc_audit_record_new (self->operator_id, RTCC_AUDIT_ACTION_SESSION_LOCK);
      rtcc_audit_record_set_ori (entry, rtcc_config_get (self->config, "NESS_ORI"));
      rtcc_audit_record_set_outcome (entry, RTCC_AUDIT_OUTCOME_SUCCESS);
      rtcc_audit_record_set_outcome_detail (entry, "idle");
      rtcc_audit_log_append_async (self->audit, entry, NULL, lock_written_cb, NULL);
    }
  show_error (self, NULL);
  update_state (self);
  g_signal_emit (self, signals[LOCKED], 0);
  gtk_window_present (GTK_WINDOW (self));
}

static gboolean
check_idle (gpointer user_data)
{
  RtccSigninWindow *self = user_data;

  if (self->operator_id != NULL && !self->session_locked &&
      g_get_monotonic_time () - self->last_input >= (gint64) idle_ms (self) * 1000)
    rtcc_signin_window_lock (self);
  return G_SOURCE_CONTINUE;
}

static void
restart_idle_timer (RtccSigninWindow *self)
{
  guint period = MIN (idle_ms (self) / 4, 15000);

  g_clear_handle_id (&self->idle_id, g_source_remove);
  self->idle_id = g_timeout_add (MAX (period, 10), check_idle, self);
}

static void
on_input (RtccSigninWindow *self)
{
  self->last_input = g_get_monotonic_time ();
}

static gboolean
on_key_pressed (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                RtccSigninWindow      *self)
{
  on_input (self);
  return GDK_EVENT_PROPAGATE;
}

/**
 * rtcc_signin_window_watch:
 * @window: a window whose input keeps the session open
 *
 * Locks the session after the idle time without pointer or key input on
 * any watched window (`session-idle-lock-minutes`, 30 by default).
 */
void
rtcc_signin_window_watch (RtccSigninWindow *self,
                          GtkWindow        *window)
{
  GtkEventController *motion, *key;

  g_return_if_fail (RTCC_IS_SIGNIN_WINDOW (self));
  g_return_if_fail (GTK_IS_WINDOW (window));

  /* Each window is watched once; a second call would double the work. */
  if (g_object_get_data (G_OBJECT (window), "rtcc-signin-watched") != NULL)
    return;
  g_object_set_data (G_OBJECT (window), "rtcc-signin-watched", GINT_TO_POINTER (TRUE));
  motion = gtk_event_controller_motion_new ();
  gtk_event_controller_set_propagation_phase (motion, GTK_PHASE_CAPTURE);
  g_signal_connect_object (motion, "motion", G_CALLBACK (on_input), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (window), motion);
  key = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (key, GTK_PHASE_CAPTURE);
  g_signal_connect_object (key, "key-pressed", G_CALLBACK (on_key_pressed), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (window), key);
  self->last_input = g_get_monotonic_time ();
  if (self->idle_id == 0)
    restart_idle_timer (self);
}

/**
 * rtcc_signin_window_set_idle_timeout:
 * @ms: idle time before the lock, 0 for the setting
 *
 * Overrides the idle time, for tests and kiosks.
 */
void
rtcc_signin_window_set_idle_timeout (RtccSigninWindow *self,
                                     guint             ms)
{
  g_return_if_fail (RTCC_IS_SIGNIN_WINDOW (self));
  self->idle_ms = ms;
  if (self->idle_id != 0)
    restart_idle_timer (self);
}

static gboolean
rtcc_signin_window_close_request (GtkWindow *window)
{
  RtccSigninWindow *self = RTCC_SIGNIN_WINDOW (window);
  GtkApplication *application = gtk_window_get_application (window);

  /* Closing the sign-in of a session not open, or locked, ends the app:
   * there is nothing else it may show. */
  if ((self->operator_id == NULL || self->session_locked) && application != NULL)
    {
      g_application_quit (G_APPLICATION (application));
      return TRUE;
    }
  return GTK_WINDOW_CLASS (rtcc_signin_window_parent_class)->close_request (window);
}

static void
rtcc_signin_window_dispose (GObject *object)
{
  RtccSigninWindow *self = RTCC_SIGNIN_WINDOW (object);

  g_clear_handle_id (&self->idle_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), RTCC_TYPE_SIGNIN_WINDOW);
  g_clear_object (&self->config);
  g_clear_object (&self->audit);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (rtcc_signin_window_parent_class)->dispose (object);
}

static void
rtcc_signin_window_finalize (GObject *object)
{
  RtccSigninWindow *self = RTCC_SIGNIN_WINDOW (object);

  g_free (self->operator_id);
  G_OBJECT_CLASS (rtcc_signin_window_parent_class)->finalize (object);
}

static void
rtcc_signin_window_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  RtccSigninWindow *self = RTCC_SIGNIN_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONFIG:
      g_value_set_object (value, self->config);
      break;
    case PROP_AUDIT_LOG:
      g_value_set_object (value, self->audit);
      break;
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rtcc_signin_window_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  RtccSigninWindow *self = RTCC_SIGNIN_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONFIG:
      self->config = g_value_dup_object (value);
      break;
    case PROP_AUDIT_LOG:
      self->audit = g_value_dup_object (value);
      break;
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rtcc_signin_window_class_init (RtccSigninWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = rtcc_signin_window_dispose;
  object_class->finalize = rtcc_signin_window_finalize;
  object_class->get_property = rtcc_signin_window_get_property;
  object_class->set_property = rtcc_signin_window_set_property;
  window_class->close_request = rtcc_signin_window_close_request;

  properties[PROP_CONFIG] =
    g_param_spec_object ("config", NULL, NULL, RTCC_TYPE_CONFIG,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_AUDIT_LOG] =
    g_param_spec_object ("audit-log", NULL, NULL, RTCC_TYPE_AUDIT_LOG,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RtccSigninWindow::signed-in:
   * @operator_id: who signed in
   * @unlocked: whether a locked session was unlocked
   *
   * Emitted once the sign-in is on record.
   */
  signals[SIGNED_IN] =
    g_signal_new ("signed-in", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_BOOLEAN);

  /**
   * RtccSigninWindow::locked:
   *
   * Emitted when the session locks; whatever it showed must be hidden.
   */
  signals[LOCKED] =
    g_signal_new ("locked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/g3ti/Rtcc/rtcc-signin-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RtccSigninWindow, title_label);
  gtk_widget_class_bind_template_child (widget_class, RtccSigninWindow, notice_label);
  gtk_widget_class_bind_template_child (widget_class, RtccSigninWindow, operator_row);
  gtk_widget_class_bind_template_child (widget_class, RtccSigninWindow, error_label);
  gtk_widget_class_install_action (widget_class, "signin.submit", NULL, submit_action);
}

static void
rtcc_signin_window_init (RtccSigninWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_swapped (self->operator_row, "entry-activated", G_CALLBACK (submit_action), self);
  update_state (self);
}

/**
 * rtcc_signin_window_new:
 * @config: the configuration (NESS_OPERATOR_ID, NESS_ORI)
 * @audit: (nullable): where sign-ins are recorded
 * @settings: (nullable): the application settings
 *
 * Returns: (transfer full): the sign-in window
 */
RtccSigninWindow *
rtcc_signin_window_new (RtccConfig   *config,
                        RtccAuditLog *audit,
                        GSettings    *settings)
{
  g_return_val_if_fail (RTCC_IS_CONFIG (config), NULL);
  return g_object_new (RTCC_TYPE_SIGNIN_WINDOW,
                       "config", config,
                       "audit-log", audit,
                       "settings", settings,
                       NULL);
}

/**
 * rtcc_signin_window_is_busy:
 *
 * Returns: whether an attempt is being recorded
 */
gboolean
rtcc_signin_window_is_busy (RtccSigninWindow *self)
{
  g_return_val_if_fail (RTCC_IS_SIGNIN_WINDOW (self), FALSE);
  return self->busy;
}

/**
 * rtcc_signin_window_is_locked_out:
 *
 * Returns: whether too many failures locked sign-in
 */
gboolean
rtcc_signin_window_is_locked_out (RtccSigninWindow *self)
{
  g_return_val_if_fail (RTCC_IS_SIGNIN_WINDOW (self), FALSE);
  return self->locked_until > g_get_monotonic_time ();
}

/**
 * rtcc_signin_window_is_session_locked:
 *
 * Returns: whether the signed-in session is locked
 */
gboolean
rtcc_signin_window_is_session_locked (RtccSigninWindow *self)
{
  g_return_val_if_fail (RTCC_IS_SIGNIN_WINDOW (self), FALSE);
  return self->session_locked;
}

/**
 * rtcc_signin_window_get_operator_id:
 *
 * Returns: (nullable): the session's operator, %NULL before sign-in
 */
const char *
rtcc_signin_window_get_operator_id (RtccSigninWindow *self)
{
  g_return_val_if_fail (RTCC_IS_SIGNIN_WINDOW (self), NULL);
  return self->operator_id;
}

/**
 * rtcc_signin_window_get_error_text:
 *
 * Returns: why the last attempt failed, empty otherwise
 */
const char *
rtcc_signin_window_get_error_text (RtccSigninWindow *self)
{
  g_return_val_if_fail (RTCC_IS_SIGNIN_WINDOW (self), NULL);
  return gtk_label_get_label (self->error_label);
}

/**
 * rtcc_signin_window_get_notice_text:
 *
 * Returns: the CJIS use notice shown
 */
const char *
rtcc_signin_window_get_notice_text (RtccSigninWindow *self)
{
  g_return_val_if_fail (RTCC_IS_SIGNIN_WINDOW (self), NULL);
  return gtk_label_get_label (self->notice_label);
}
