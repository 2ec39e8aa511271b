/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The simulator's own model of a city. Deliberately independent of
 * src/core: the vendor JSON is written from these structs, so the
 * integrations are tested against the wire, not against themselves. All
 * of it is touched from the simulator thread only. */

#define SIM_CENTER_LAT   41.8781
#define SIM_CENTER_LON  -87.6298
/* Degrees per address unit: 800 units to the mile, as in Chicago. */
#define SIM_LAT_PER_UNIT (0.0144927 / 800.0)
#define SIM_LON_PER_UNIT (0.0194175 / 800.0)
#define SIM_GRID_STEP    200
#define SIM_NS_MIN       (-12)
#define SIM_NS_MAX       4
#define SIM_EW_MIN       (-8)
#define SIM_EW_MAX       8

#define SIM_AGENCY_ID     "SIM-AGENCY"
#define SIM_ORI           "IL0160000"
#define SIM_TRAINING_PLATE "ABC1234"
#define SIM_TRAINING_ALERT "SS-TRAINING-0001"

typedef struct
{
  char   *id;
  char   *hardware_id;
  char   *name;
  double  lat;
  double  lon;
  gboolean has_position;
  double  direction;       /* fraction of a turn, 0 = north */
  double  field_of_view;   /* fraction of a turn */
  double  depth;           /* metres */
  gboolean enabled;
  gboolean responding;
  gboolean recording;
} SimCamera;

typedef struct
{
  char   *id;
  char   *name;
  double  lat;
  double  lon;
  const char *direction;
} SimReader;

typedef struct
{
  char       *plate;
  char       *state;
  const char *make;
  const char *model;
  const char *color;
  const char *type;
  char       *vin;
  guint       year;
  guint       owner;       /* index into persons */
  gboolean    stolen;
} SimVehicle;

typedef struct
{
  char       *id;
  char       *last;
  char       *first;
  char       *middle;
  char       *dob;
  const char *sex;
  const char *race;
  guint       height_cm;
  guint       weight_kg;
  char       *address;
  char       *alias;
  char       *dl_number;
  const char *dl_status;
  const char *dl_class;
  char       *dl_expires;
  gboolean    warrant;
  char       *warrant_nic;
  const char *warrant_offense;
  char       *warrant_date;
  gboolean    history;
  char       *fbi_number;
} SimPerson;

typedef struct
{
  char *id;
  char *name;
  char *unit;
  char *device_serial;
  const char *dock_status;
  double battery;
  gint64 assigned_at;
} SimOfficer;

typedef struct
{
  char       *id;
  char       *name;
  const char *type;
  GPtrArray  *entries;     /* SimHotlistEntry */
} SimHotlist;

typedef struct
{
  char *plate;
  char *state;
  char *reason;
  char *case_number;
  gint64 expires_at;
  gint64 created_at;
} SimHotlistEntry;

typedef struct
{
  char       *id;
  gint64      time;
  guint       vehicle;
  guint       reader;
  double      plate_confidence;
  double      state_confidence;
  gboolean    vehicle_detected;
} SimRead;

typedef struct
{
  char       *id;
  const char *type;
  guint       rounds;
  double      confidence;   /* < 0: absent */
  double      lat;
  double      lon;
  char       *address;
  char       *beat;
  char       *district;
  gint64      time;
  gboolean    reviewed;
  guint       revision;
  gboolean    acknowledged;
  gint64      acknowledged_at;
} SimAlert;

typedef struct
{
  char       *number;
  const char *type_code;
  const char *type_description;
  const char *status;
  gint64      reported_at;
  char       *address;
  double      lat;
  double      lon;
  GPtrArray  *units;        /* char* */
  char       *narrative;
  GArray     *persons;      /* guint person index */
  GPtrArray  *roles;        /* const char* (static) */
  char       *case_number;
} SimIncident;

typedef struct
{
  char       *id;
  const char *subject_type;
  const char *status;
  char       *reason;
  gint64      issued_at;
  gint64      expires_at;
  char       *issued_by;
  int         vehicle;      /* -1 none */
  int         person;       /* -1 none */
  char       *cautions;
  char       *case_number;
} SimBolo;

typedef struct
{
  char       *id;
  guint       officer;
  gint64      started_at;
  guint       duration_s;
  guint64     size_bytes;
  char       *sha256;
  GPtrArray  *incident_ids;  /* char* */
  gboolean    has_gps;
  double      lat;
  double      lon;
  const char *category;
  guint64     seq;
} SimRecording;

/* One entry of a replayable feed (stream, changes feed, catch-up). */
typedef struct
{
  guint64   seq;
  gint64    time;
  char     *id;
  JsonNode *node;
} SimLogEntry;

typedef struct
{
  guint32    seed;
  char      *base_url;       /* http://127.0.0.1:PORT, for URLs in payloads */
  gint64     epoch;          /* start time, microseconds since 1970 */
  GRand     *rand;           /* live generation, seeded from the seed */

  GPtrArray *cameras;        /* SimCamera */
  GPtrArray *readers;        /* SimReader */
  GPtrArray *vehicles;       /* SimVehicle */
  GPtrArray *persons;        /* SimPerson */
  GPtrArray *officers;       /* SimOfficer */
  GPtrArray *hotlists;       /* SimHotlist */
  GPtrArray *reads;          /* SimRead, by time */
  GPtrArray *alerts;         /* SimAlert, by time */
  GPtrArray *incidents;      /* SimIncident */
  GPtrArray *bolos;          /* SimBolo */
  GPtrArray *recordings;     /* SimRecording, by seq */

  GPtrArray *ss_log;         /* ShotSpotter stream messages */
  GPtrArray *hit_log;        /* Flock hits */
  GPtrArray *ms_log;         /* Milestone events */
  GPtrArray *incident_log;   /* OneSolution changes */
  GPtrArray *bolo_log;       /* HotSheets changes */
  guint64    next_seq;
  guint      next_alert;
  guint      next_incident;
  guint      next_bolo;
  guint      next_read;
  guint      next_recording;
} SimWorld;

typedef enum
{
  SIM_LIVE_GUNSHOT,
  SIM_LIVE_GUNSHOT_REVIEW,
  SIM_LIVE_LPR_READ,
  SIM_LIVE_LPR_HIT,
  SIM_LIVE_INCIDENT,
  SIM_LIVE_BOLO,
  SIM_LIVE_MOTION,
  SIM_LIVE_BWC_RECORDING,
} SimLiveKind;

SimWorld   *sim_world_new               (guint32      seed,
                                         const char  *base_url,
                                         gint64       now,
                                         guint        backfill_days);
void        sim_world_free              (SimWorld    *world);

/* Street grid geometry, shared with the tile renderer. */
const char *sim_world_ns_street         (int          i);
const char *sim_world_ew_street         (int          j);
double      sim_world_lat_for_units     (double       units);
double      sim_world_lon_for_units     (double       units);
char       *sim_world_address_for       (double       lat,
                                         double       lon);
gboolean    sim_world_in_park           (double       x_units,
                                         double       y_units);
double      sim_world_river_x           (double       y_units);
double      sim_world_river_branch_y    (void);

/* Vendor JSON from the model. */
JsonNode   *sim_world_camera_json       (SimWorld    *world,
                                         SimCamera   *camera);
JsonNode   *sim_world_read_json         (SimWorld    *world,
                                         SimRead     *read);
JsonNode   *sim_world_alert_json        (SimWorld    *world,
                                         SimAlert    *alert,
                                         gboolean     detail);
JsonNode   *sim_world_incident_json     (SimWorld    *world,
                                         SimIncident *incident);
JsonNode   *sim_world_person_json       (SimWorld    *world,
                                         SimPerson   *person);
JsonNode   *sim_world_bolo_json         (SimWorld    *world,
                                         SimBolo     *bolo);
JsonNode   *sim_world_recording_json    (SimWorld    *world,
                                         SimRecording *recording);
JsonNode   *sim_world_hotlist_entry_json (SimHotlistEntry *entry);

SimCamera  *sim_world_find_camera       (SimWorld    *world,
                                         const char  *id);
SimAlert   *sim_world_find_alert        (SimWorld    *world,
                                         const char  *id);
SimIncident *sim_world_find_incident    (SimWorld    *world,
                                         const char  *number);
SimPerson  *sim_world_find_person       (SimWorld    *world,
                                         const char  *id);
SimBolo    *sim_world_find_bolo         (SimWorld    *world,
                                         const char  *id);
SimRecording *sim_world_find_recording  (SimWorld    *world,
                                         const char  *id);
SimHotlist *sim_world_find_hotlist      (SimWorld    *world,
                                         const char  *id);
int         sim_world_find_vehicle      (SimWorld    *world,
                                         const char  *plate,
                                         const char  *state);

/* Additions through the vendor APIs. */
int         sim_world_add_vehicle       (SimWorld    *world,
                                         const char  *plate,
                                         const char  *state,
                                         const char  *make,
                                         const char  *model,
                                         const char  *color);
int         sim_world_add_person        (SimWorld    *world,
                                         const char  *last,
                                         const char  *first,
                                         const char  *dob);
SimBolo    *sim_world_add_bolo          (SimWorld    *world,
                                         gint64       now,
                                         int          vehicle,
                                         int          person,
                                         const char  *reason,
                                         gint64       expires_at,
                                         const char  *issued_by,
                                         const char  *cautions,
                                         const char  *case_number);

/* Record a change in the model and its feed; the returned entry (owned
 * by the world) is what the server pushes to stream clients. */
SimLogEntry *sim_world_log_bolo_change  (SimWorld    *world,
                                         SimBolo     *bolo,
                                         const char  *op,
                                         gint64       now);

/* Live generation. @params may hold lat, lon, rounds, plate, state.
 * Returns the vendor JSON of what was created (full ref), and sets
 * @entry to the feed entry to push (may be NULL). */
JsonNode   *sim_world_generate          (SimWorld    *world,
                                         SimLiveKind  kind,
                                         gint64       now,
                                         JsonObject  *params,
                                         SimLogEntry **entry);

/* Typed reads of client JSON: wrong types give @def, never a warning. */
const char *sim_json_string             (JsonObject  *o,
                                         const char  *key,
                                         const char  *def);
gint64      sim_json_int                (JsonObject  *o,
                                         const char  *key,
                                         gint64       def);
double      sim_json_double             (JsonObject  *o,
                                         const char  *key,
                                         double       def);

/* Time formats the vendors use. */
char       *sim_time_iso_ms             (gint64       usec);
char       *sim_time_iso_milestone      (gint64       usec);
char       *sim_time_iso_local          (gint64       usec);
char       *sim_time_date               (gint64       usec);
gboolean    sim_time_parse              (const char  *text,
                                         gint64      *usec);

G_END_DECLS
