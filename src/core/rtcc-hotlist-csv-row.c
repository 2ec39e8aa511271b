/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccHotlistCsv"

#include "config.h"

#include "rtcc-hotlist-csv-row.h"
#include "rtcc-util.h"

/**
 * RtccHotlistCsvRow:
 *
 * One row of a hotlist import: the fields as read, the problem that keeps
 * it from being sent, and once sent, what the vendor said. The status is
 * a property so that the preview list follows the import as it runs.
 */
struct _RtccHotlistCsvRow
{
  GObject                  parent_instance;

  guint                    line;
  char                    *plate;
  char                    *state;
  char                    *reason;
  char                    *case_number;
  char                    *expiry;
  GDateTime               *expires_at;
  char                    *problem;
  int                      problem_code;
  RtccHotlistCsvRowResult  result;
  char                    *status;
};

G_DEFINE_FINAL_TYPE (RtccHotlistCsvRow, rtcc_hotlist_csv_row, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_LINE,
  PROP_PLATE,
  PROP_STATE,
  PROP_REASON,
  PROP_CASE_NUMBER,
  PROP_EXPIRY,
  PROP_STATUS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
rtcc_hotlist_csv_row_finalize (GObject *object)
{
  RtccHotlistCsvRow *self = RTCC_HOTLIST_CSV_ROW (object);

  g_free (self->plate);
  g_free (self->state);
  g_free (self->reason);
  g_free (self->case_number);
  g_free (self->expiry);
  g_clear_pointer (&self->expires_at, g_date_time_unref);
  g_free (self->problem);
  g_free (self->status);

  G_OBJECT_CLASS (rtcc_hotlist_csv_row_parent_class)->finalize (object);
}

static void
rtcc_hotlist_csv_row_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  RtccHotlistCsvRow *self = RTCC_HOTLIST_CSV_ROW (object);

  switch (prop_id)
    {
    case PROP_LINE:
      g_value_set_uint (value, self->line);
      break;

    case PROP_PLATE:
      g_value_set_string (value, self->plate);
      break;

    case PROP_STATE:
      g_value_set_string (value, self->state);
      break;

    case PROP_REASON:
      g_value_set_string (value, self->reason);
      break;

    case PROP_CASE_NUMBER:
      g_value_set_string (value, self->case_number);
      break;

    case PROP_EXPIRY:
      g_value_set_string (value, self->expiry);
      break;

    case PROP_STATUS:
      g_value_set_string (value, rtcc_hotlist_csv_row_get_status (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rtcc_hotlist_csv_row_class_init (RtccHotlistCsvRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = rtcc_hotlist_csv_row_finalize;
  object_class->get_property = rtcc_hotlist_csv_row_get_property;

  properties[PROP_LINE] = g_param_spec_uint ("line", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_PLATE] = g_param_spec_string ("plate", NULL, NULL, NULL, flags);
  properties[PROP_STATE] = g_param_spec_string ("state", NULL, NULL, NULL, flags);
  properties[PROP_REASON] = g_param_spec_string ("reason", NULL, NULL, NULL, flags);
  properties[PROP_CASE_NUMBER] = g_param_spec_string ("case-number", NULL, NULL, NULL, flags);
  properties[PROP_EXPIRY] = g_param_spec_string ("expiry", NULL, NULL, NULL, flags);
  /**
   * RtccHotlistCsvRow:status:
   *
   * The row's problem, or what became of it once imported.
   */
  properties[PROP_STATUS] = g_param_spec_string ("status", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rtcc_hotlist_csv_row_init (RtccHotlistCsvRow *self)
{
  self->problem_code = -1;
}

/**
 * rtcc_hotlist_csv_row_new:
 * @line: the file line the row starts on, from 1
 *
 * Returns: (transfer full): an empty row
 */
RtccHotlistCsvRow *
rtcc_hotlist_csv_row_new (guint line)
{
  RtccHotlistCsvRow *self = g_object_new (RTCC_TYPE_HOTLIST_CSV_ROW, NULL);

  self->line = line;
  return self;
}

/**
 * rtcc_hotlist_csv_row_set_fields:
 * @self: a #RtccHotlistCsvRow
 * @plate: (nullable): normalized plate, or as read when it is bad
 * @state: (nullable): the state code
 * @reason: (nullable): why the plate is listed
 * @case_number: (nullable): the case
 * @expiry: (nullable): the expiry as read
 * @expires_at: (nullable): the expiry as a time, when it is good
 *
 * Sets what the row says; used by the parser.
 */
void
rtcc_hotlist_csv_row_set_fields (RtccHotlistCsvRow *self,
                                 const char        *plate,
                                 const char        *state,
                                 const char        *reason,
                                 const char        *case_number,
                                 const char        *expiry,
                                 GDateTime         *expires_at)
{
  g_return_if_fail (RTCC_IS_HOTLIST_CSV_ROW (self));

  rtcc_set_str (&self->plate, plate);
  rtcc_set_str (&self->state, state);
  rtcc_set_str (&self->reason, reason);
  rtcc_set_str (&self->case_number, case_number);
  rtcc_set_str (&self->expiry, expiry);
  g_clear_pointer (&self->expires_at, g_date_time_unref);
  self->expires_at = expires_at != NULL ? g_date_time_ref (expires_at) : NULL;
}

guint
rtcc_hotlist_csv_row_get_line (RtccHotlistCsvRow *self)
{
  g_return_val_if_fail (RTCC_IS_HOTLIST_CSV_ROW (self), 0);
  return self->line;
}

const char *
rtcc_hotlist_csv_row_get_plate (RtccHotlistCsvRow *self)
{
  g_return_val_if_fail (RTCC_IS_HOTLIST_CSV_ROW (self), NULL);
  return self->plate;
}

const char *
rtcc_hotlist_csv_row_get_state (RtccHotlistCsvRow *self)
{
  g_return_val_if_fail (RTCC_IS_HOTLIST_CSV_ROW (self), NULL);
  return self->state;
}

const char *
rtcc_hotlist_csv_row_get_reason (RtccHotlistCsvRow *self)
{
  g_return_val_if_fail (RTCC_IS_HOTLIST_CSV_ROW (self), NULL);
  return self->reason;
}

const char *
rtcc_hotlist_csv_row_get_case_number (RtccHotlistCsvRow *self)
{
  g_return_val_if_fail (RTCC_IS_HOTLIST_CSV_ROW (self), NULL);
  return self->case_number;
}

const char *
rtcc_hotlist_csv_row_get_expiry (RtccHotlistCsvRow *self)
{
  g_return_val_if_fail (RTCC_IS_HOTLIST_CSV_ROW (self), NULL);
  return self->expiry;
}

/**
 * rtcc_hotlist_csv_row_get_expires_at:
 * @self: a #RtccHotlistCsvRow
 *
 * Returns: (transfer none) (nullable): when the entry lapses
 */
GDateTime *
rtcc_hotlist_csv_row_get_expires_at (RtccHotlistCsvRow *self)
{
  g_return_val_if_fail (RTCC_IS_HOTLIST_CSV_ROW (self), NULL);
  return self->expires_at;
}

/**
 * rtcc_hotlist_csv_row_get_problem:
 * @self: a #RtccHotlistCsvRow
 *
 * Returns: (nullable): why the row cannot be imported, for the operator
 */
const char *
rtcc_hotlist_csv_row_get_problem (RtccHotlistCsvRow *self)
{
  g_return_val_if_fail (RTCC_IS_HOTLIST_CSV_ROW (self), NULL);
  return self->problem;
}

/**
 * rtcc_hotlist_csv_row_get_problem_code:
 * @self: a #RtccHotlistCsvRow
 *
 * Returns: the #RtccHotlistCsvError of the problem, or -1 for a good row
 */
int
rtcc_hotlist_csv_row_get_problem_code (RtccHotlistCsvRow *self)
{
  g_return_val_if_fail (RTCC_IS_HOTLIST_CSV_ROW (self), -1);
  return self->problem_code;
}

/**
 * rtcc_hotlist_csv_row_set_problem:
 * @self: a #RtccHotlistCsvRow
 * @code: an #RtccHotlistCsvError
 * @problem: the message for the operator
 *
 * Marks the row as not importable. Only the first problem is kept: it is
 * the one on the leftmost field, where the operator starts fixing.
 */
void
rtcc_hotlist_csv_row_set_problem (RtccHotlistCsvRow *self,
                                  int                code,
                                  const char        *problem)
{
  g_return_if_fail (RTCC_IS_HOTLIST_CSV_ROW (self));
  g_return_if_fail (problem != NULL);

  if (self->problem != NULL)
    return;
  self->problem = g_strdup (problem);
  self->problem_code = code;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

/**
 * rtcc_hotlist_csv_row_is_valid:
 * @self: a #RtccHotlistCsvRow
 *
 * Returns: whether the row can be sent
 */
gboolean
rtcc_hotlist_csv_row_is_valid (RtccHotlistCsvRow *self)
{
  g_return_val_if_fail (RTCC_IS_HOTLIST_CSV_ROW (self), FALSE);
  return self->problem == NULL;
}

RtccHotlistCsvRowResult
rtcc_hotlist_csv_row_get_result (RtccHotlistCsvRow *self)
{
  g_return_val_if_fail (RTCC_IS_HOTLIST_CSV_ROW (self), RTCC_HOTLIST_CSV_ROW_PENDING);
  return self->result;
}

/**
 * rtcc_hotlist_csv_row_get_status:
 * @self: a #RtccHotlistCsvRow
 *
 * Returns: the problem, else the import's outcome, else ""
 */
const char *
rtcc_hotlist_csv_row_get_status (RtccHotlistCsvRow *self)
{
  g_return_val_if_fail (RTCC_IS_HOTLIST_CSV_ROW (self), NULL);

  if (self->status != NULL)
    return self->status;
  if (self->problem != NULL)
    return self->problem;
  return "";
}

/**
 * rtcc_hotlist_csv_row_set_result:
 * @self: a #RtccHotlistCsvRow
 * @result: what became of the row
 * @status: (nullable): for the operator, e.g. the vendor's refusal
 */
void
rtcc_hotlist_csv_row_set_result (RtccHotlistCsvRow       *self,
                                 RtccHotlistCsvRowResult  result,
                                 const char              *status)
{
  g_return_if_fail (RTCC_IS_HOTLIST_CSV_ROW (self));

  self->result = result;
  if (rtcc_set_str (&self->status, status))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}
