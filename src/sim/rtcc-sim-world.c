/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccSim"

#include "config.h"

#include <math.h>
#include <string.h>

#include "rtcc-sim-world.h"

#define USEC ((gint64) G_USEC_PER_SEC)
#define DEG2RAD(d) ((d) * G_PI / 180.0)

static const char *ns_streets[] = {
  "WESTERN AVE", "OAKLEY BLVD", "LEAVITT ST", "DAMEN AVE", "WOOD ST",
  "PAULINA ST", "LOOMIS ST", "RACINE AVE", "HALSTED ST", "DESPLAINES ST",
  "CANAL ST", "WELLS ST", "STATE ST", "WABASH AVE", "MICHIGAN AVE",
  "COLUMBUS DR", "LAKE SHORE DR",
};

static const char *ew_streets[] = {
  "18TH ST", "16TH ST", "ROOSEVELT RD", "TAYLOR ST", "POLK ST",
  "HARRISON ST", "VAN BUREN ST", "ADAMS ST", "MADISON ST", "WASHINGTON BLVD",
  "RANDOLPH ST", "LAKE ST", "FULTON ST", "KINZIE ST", "GRAND AVE",
  "OHIO ST", "CHICAGO AVE",
};

static const struct { const char *make, *model, *type; } car_models[] = {
  { "Toyota", "Camry", "sedan" }, { "Honda", "Civic", "sedan" },
  { "Ford", "F-150", "pickup" }, { "Chevrolet", "Malibu", "sedan" },
  { "Nissan", "Altima", "sedan" }, { "Jeep", "Grand Cherokee", "suv" },
  { "Honda", "CR-V", "suv" }, { "Toyota", "RAV4", "suv" },
  { "Dodge", "Charger", "sedan" }, { "Hyundai", "Elantra", "sedan" },
  { "Kia", "Soul", "hatchback" }, { "Ford", "Transit", "van" },
};

static const char *colors[] = { "silver", "black", "white", "gray", "red", "blue", "green", "gold" };
static const char *last_names[] = {
  "SMITH", "JOHNSON", "WILLIAMS", "BROWN", "JONES", "GARCIA", "MILLER", "DAVIS",
  "RODRIGUEZ", "MARTINEZ", "HERNANDEZ", "LOPEZ", "GONZALEZ", "WILSON", "ANDERSON",
  "THOMAS", "TAYLOR", "MOORE", "JACKSON", "MARTIN", "LEE", "PEREZ", "THOMPSON",
  "WHITE", "HARRIS", "SANCHEZ", "CLARK", "RAMIREZ", "LEWIS", "ROBINSON", "NOWAK",
  "KOWALSKI", "O'BRIEN", "NGUYEN", "PATEL", "KIM", "MÜLLER", "ÑÚÑEZ",
};
static const char *first_names[] = {
  "JAMES", "MARY", "ROBERT", "PATRICIA", "MICHAEL", "JENNIFER", "DAVID", "LINDA",
  "WILLIAM", "ELIZABETH", "RICHARD", "BARBARA", "JOSEPH", "SUSAN", "CARLOS",
  "MARIA", "DARNELL", "KEISHA", "TOMASZ", "ANNA", "LUIS", "SOFIA", "KEVIN", "ZOE",
};
static const char *races[] = { "W", "B", "A", "I", "U" };
static const struct { const char *code, *description; } incident_types[] = {
  { "ROBB", "Robbery" }, { "BURG", "Burglary" }, { "THEFT", "Theft" },
  { "ASLT", "Assault" }, { "SHOTS", "Shots fired" }, { "MVT", "Motor vehicle theft" },
  { "DIST", "Disturbance" }, { "TRAF", "Traffic crash" }, { "NARC", "Narcotics" },
  { "WARR", "Warrant service" },
};
static const char *person_roles[] = { "suspect", "victim", "witness", "complainant" };
static const char *offenses[] = {
  "AGGRAVATED BATTERY", "ARMED ROBBERY", "FAILURE TO APPEAR", "BURGLARY",
  "VIOLATION OF PROBATION", "POSSESSION OF A STOLEN MOTOR VEHICLE",
};
static const char *motion_types[] = { "MotionStarted", "MotionStarted", "MotionStarted", "AnalyticsEvent", "ManualAlarm" };
static const char *bwc_categories[] = { "Traffic stop", "Call for service", "Arrest", "Pedestrian stop", "Uncategorized" };

/* The training scenario: fixed identifiers whatever the seed. */
static const char *training_camera_ids[] = {
  "5eed0000-0000-4000-8000-000000000001",
  "5eed0000-0000-4000-8000-000000000002",
  "5eed0000-0000-4000-8000-000000000003",
};

static void
sim_camera_free (SimCamera *c)
{
  g_free (c->id);
  g_free (c->hardware_id);
  g_free (c->name);
  g_free (c);
}

static void
sim_reader_free (SimReader *r)
{
  g_free (r->id);
  g_free (r->name);
  g_free (r);
}

static void
sim_vehicle_free (SimVehicle *v)
{
  g_free (v->plate);
  g_free (v->state);
  g_free (v->vin);
  g_free (v);
}

static void
sim_person_free (SimPerson *p)
{
  g_free (p->id);
  g_free (p->last);
  g_free (p->first);
  g_free (p->middle);
  g_free (p->dob);
  g_free (p->address);
  g_free (p->alias);
  g_free (p->dl_number);
  g_free (p->dl_expires);
  g_free (p->warrant_nic);
  g_free (p->warrant_date);
  g_free (p->fbi_number);
  g_free (p);
}

static void
sim_officer_free (SimOfficer *o)
{
  g_free (o->id);
  g_free (o->name);
  g_free (o->unit);
  g_free (o->device_serial);
  g_free (o);
}

static void
sim_hotlist_entry_free (SimHotlistEntry *e)
{
  g_free (e->plate);
  g_free (e->state);
  g_free (e->reason);
  g_free (e->case_number);
  g_free (e);
}

static void
sim_hotlist_free (SimHotlist *h)
{
  g_free (h->id);
  g_free (h->name);
  g_ptr_array_unref (h->entries);
  g_free (h);
}

static void
sim_read_free (SimRead *r)
{
  g_free (r->id);
  g_free (r);
}

static void
sim_alert_free (SimAlert *a)
{
  g_free (a->id);
  g_free (a->address);
  g_free (a->beat);
  g_free (a->district);
  g_free (a);
}

static void
sim_incident_free (SimIncident *i)
{
  g_free (i->number);
  g_free (i->address);
  g_free (i->narrative);
  g_free (i->case_number);
  g_ptr_array_unref (i->units);
  g_array_unref (i->persons);
  g_ptr_array_unref (i->roles);
  g_free (i);
}

static void
sim_bolo_free (SimBolo *b)
{
  g_free (b->id);
  g_free (b->reason);
  g_free (b->issued_by);
  g_free (b->cautions);
  g_free (b->case_number);
  g_free (b);
}

static void
sim_recording_free (SimRecording *r)
{
  g_free (r->id);
  g_free (r->sha256);
  g_ptr_array_unref (r->incident_ids);
  g_free (r);
}

static void
sim_log_entry_free (SimLogEntry *e)
{
  g_free (e->id);
  json_node_unref (e->node);
  g_free (e);
}

/* Time ------------------------------------------------------------------ */

char *
sim_time_iso_ms (gint64 usec)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (usec / USEC);
  g_autofree char *base = g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S");

  return g_strdup_printf ("%s.%03dZ", base, (int) ((usec % USEC) / 1000));
}

char *
sim_time_iso_milestone (gint64 usec)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (usec / USEC);
  g_autofree char *base = g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S");

  /* Milestone writes ticks of 100 ns: seven digits. */
  return g_strdup_printf ("%s.%07dZ", base, (int) ((usec % USEC) * 10));
}

char *
sim_time_iso_local (gint64 usec)
{
  static GTimeZone *tz;
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (usec / USEC);
  g_autoptr(GDateTime) local = NULL;

  /* ShotSpotter and OneSolution write the city's local time with its
   * offset; fall back to a fixed CST offset without tzdata. */
  if (g_once_init_enter (&tz))
    {
      GTimeZone *zone = g_time_zone_new_identifier ("America/Chicago");
      if (zone == NULL)
        zone = g_time_zone_new_offset (-6 * 3600);
      g_once_init_leave (&tz, zone);
    }
  local = g_date_time_to_timezone (utc, tz);
  return g_date_time_format (local, "%Y-%m-%dT%H:%M:%S%:z");
}

char *
sim_time_date (gint64 usec)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (usec / USEC);
  return g_date_time_format (dt, "%Y-%m-%d");
}

gboolean
sim_time_parse (const char *text,
                gint64     *usec)
{
  g_autoptr(GDateTime) dt = NULL;

  if (text == NULL || *text == '\0')
    return FALSE;
  dt = g_date_time_new_from_iso8601 (text, NULL);
  if (dt == NULL)
    {
      /* A plain date counts from its midnight, UTC. */
      g_autofree char *full = g_strdup_printf ("%sT00:00:00Z", text);
      dt = g_date_time_new_from_iso8601 (full, NULL);
    }
  if (dt == NULL)
    return FALSE;
  *usec = g_date_time_to_unix (dt) * USEC + g_date_time_get_microsecond (dt);
  return TRUE;
}

/* Geometry -------------------------------------------------------------- */

const char *
sim_world_ns_street (int i)
{
  if (i < SIM_NS_MIN || i > SIM_NS_MAX)
    return NULL;
  return ns_streets[i - SIM_NS_MIN];
}

const char *
sim_world_ew_street (int j)
{
  if (j < SIM_EW_MIN || j > SIM_EW_MAX)
    return NULL;
  return ew_streets[j - SIM_EW_MIN];
}

double
sim_world_lat_for_units (double units)
{
  return SIM_CENTER_LAT + units * SIM_LAT_PER_UNIT;
}

double
sim_world_lon_for_units (double units)
{
  return SIM_CENTER_LON + units * SIM_LON_PER_UNIT;
}

gboolean
sim_world_in_park (double x,
                   double y)
{
  return x >= 420 && x <= 780 && y >= -1180 && y <= 180;
}

double
sim_world_river_x (double y)
{
  return -500 + 40 * sin (y / 300.0);
}

double
sim_world_river_branch_y (void)
{
  return 900;
}

static char *
street_short (const char *street)
{
  const char *space = strrchr (street, ' ');
  return g_strndup (street, space ? (gsize) (space - street) : strlen (street));
}

char *
sim_world_address_for (double lat,
                       double lon)
{
  double x = (lon - SIM_CENTER_LON) / SIM_LON_PER_UNIT;
  double y = (lat - SIM_CENTER_LAT) / SIM_LAT_PER_UNIT;
  int i = (int) lround (x / SIM_GRID_STEP);
  int j = (int) lround (y / SIM_GRID_STEP);
  double dx, dy;

  i = CLAMP (i, SIM_NS_MIN, SIM_NS_MAX);
  j = CLAMP (j, SIM_EW_MIN, SIM_EW_MAX);
  dx = fabs (x - i * SIM_GRID_STEP);
  dy = fabs (y - j * SIM_GRID_STEP);

  /* The address is the hundred block on the nearer street. */
  if (dy <= dx)
    {
      int number = (int) (fabs (x) / 100) * 100;
      return g_strdup_printf ("%d %s %s", number, x < 0 ? "W" : "E", sim_world_ew_street (j));
    }
  else
    {
      int number = (int) (fabs (y) / 100) * 100;
      return g_strdup_printf ("%d %s %s", number, y < 0 ? "S" : "N", sim_world_ns_street (i));
    }
}

/* Random helpers --------------------------------------------------------- */

static char *
rand_guid (GRand *r)
{
  guint32 a = g_rand_int (r), b = g_rand_int (r), c = g_rand_int (r), d = g_rand_int (r);

  return g_strdup_printf ("%08x-%04x-4%03x-%04x-%04x%08x",
                          a, b >> 16, b & 0xfff, 0x8000 | (c & 0x3fff), c >> 16, d);
}

static const char *
pick (GRand      *r,
      const char **items,
      guint        n)
{
  return items[g_rand_int_range (r, 0, (gint32) n)];
}

#define PICK(r, arr) pick ((r), (const char **) (arr), G_N_ELEMENTS (arr))

static double
rand_units_on_street (GRand  *r,
                      double *x,
                      double *y)
{
  /* A point somewhere on a street segment of the grid. */
  int i = g_rand_int_range (r, SIM_NS_MIN, SIM_NS_MAX + 1);
  int j = g_rand_int_range (r, SIM_EW_MIN, SIM_EW_MAX + 1);

  if (g_rand_boolean (r))
    {
      *x = i * SIM_GRID_STEP;
      *y = j * SIM_GRID_STEP + g_rand_double_range (r, 10, SIM_GRID_STEP - 10);
    }
  else
    {
      *x = i * SIM_GRID_STEP + g_rand_double_range (r, 10, SIM_GRID_STEP - 10);
      *y = j * SIM_GRID_STEP;
    }
  if (*y > SIM_EW_MAX * SIM_GRID_STEP)
    *y -= SIM_GRID_STEP;
  if (*x > SIM_NS_MAX * SIM_GRID_STEP)
    *x -= SIM_GRID_STEP;
  return 0;
}

static SimLogEntry *
log_append (SimWorld   *world,
            GPtrArray  *log,
            gint64      time,
            const char *id,
            JsonNode   *node)
{
  SimLogEntry *e = g_new0 (SimLogEntry, 1);

  e->seq = ++world->next_seq;
  e->time = time;
  e->id = g_strdup (id);
  e->node = node;
  g_ptr_array_add (log, e);
  return e;
}

/* JSON ------------------------------------------------------------------ */

static void
set_time (JsonObject *o,
          const char *key,
          char       *(*fmt) (gint64),
          gint64      usec)
{
  g_autofree char *s = fmt (usec);
  json_object_set_string_member (o, key, s);
}

static void
set_str_or_null (JsonObject *o,
                 const char *key,
                 const char *value)
{
  if (value)
    json_object_set_string_member (o, key, value);
  else
    json_object_set_null_member (o, key);
}

JsonNode *
sim_world_camera_json (SimWorld  *world,
                       SimCamera *c)
{
  JsonObject *o = json_object_new ();
  JsonObject *rel = json_object_new ();
  JsonObject *parent = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *wkt = NULL;
  char lon[G_ASCII_DTOSTR_BUF_SIZE], lat[G_ASCII_DTOSTR_BUF_SIZE];

  if (c->has_position)
    wkt = g_strdup_printf ("POINT (%s %s)",
                           g_ascii_formatd (lon, sizeof lon, "%.6f", c->lon),
                           g_ascii_formatd (lat, sizeof lat, "%.6f", c->lat));
  else
    wkt = g_strdup ("POINT EMPTY");

  json_object_set_string_member (o, "id", c->id);
  json_object_set_string_member (o, "name", c->name);
  json_object_set_string_member (o, "displayName", c->name);
  json_object_set_boolean_member (o, "enabled", c->enabled);
  json_object_set_string_member (o, "gisPoint", wkt);
  json_object_set_double_member (o, "coverageDirection", c->direction);
  json_object_set_double_member (o, "coverageDepth", c->depth);
  json_object_set_double_member (o, "coverageFieldOfView", c->field_of_view);
  json_object_set_boolean_member (o, "recordingEnabled", c->recording);
  json_object_set_string_member (parent, "type", "hardware");
  json_object_set_string_member (parent, "id", c->hardware_id);
  json_object_set_object_member (rel, "parent", parent);
  json_object_set_object_member (o, "relations", rel);
  json_node_take_object (node, o);
  return node;
}

JsonNode *
sim_world_read_json (SimWorld *world,
                     SimRead  *r)
{
  SimVehicle *v = g_ptr_array_index (world->vehicles, r->vehicle);
  SimReader *reader = g_ptr_array_index (world->readers, r->reader);
  JsonObject *o = json_object_new ();
  JsonObject *plate = json_object_new ();
  JsonObject *state = json_object_new ();
  JsonObject *vehicle = json_object_new ();
  JsonObject *device = json_object_new ();
  JsonObject *loc = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *image = NULL;

  json_object_set_string_member (o, "id", r->id);
  set_time (o, "capturedAt", sim_time_iso_ms, r->time);
  json_object_set_string_member (plate, "value", v->plate);
  json_object_set_double_member (plate, "confidence", r->plate_confidence);
  json_object_set_object_member (o, "plate", plate);
  json_object_set_string_member (state, "value", v->state);
  json_object_set_double_member (state, "confidence", r->state_confidence);
  json_object_set_object_member (o, "state", state);
  set_str_or_null (vehicle, "make", r->vehicle_detected ? v->make : NULL);
  set_str_or_null (vehicle, "model", r->vehicle_detected ? v->model : NULL);
  set_str_or_null (vehicle, "color", v->color);
  set_str_or_null (vehicle, "type", r->vehicle_detected ? v->type : NULL);
  json_object_set_object_member (o, "vehicle", vehicle);
  json_object_set_string_member (device, "id", reader->id);
  json_object_set_string_member (device, "name", reader->name);
  json_object_set_double_member (loc, "lat", reader->lat);
  json_object_set_double_member (loc, "lon", reader->lon);
  json_object_set_object_member (device, "location", loc);
  json_object_set_object_member (o, "device", device);
  image = g_strdup_printf ("%s/flock/reads/%s/image", world->base_url, r->id);
  json_object_set_string_member (o, "imageUrl", image);
  json_object_set_string_member (o, "direction", reader->direction);
  json_node_take_object (node, o);
  return node;
}

JsonNode *
sim_world_alert_json (SimWorld *world,
                      SimAlert *a,
                      gboolean  detail)
{
  JsonObject *o = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *audio = g_strdup_printf ("%s/shotspotter/agencies/%s/alerts/%s/audio",
                                            world->base_url, SIM_AGENCY_ID, a->id);

  json_object_set_string_member (o, "alertId", a->id);
  json_object_set_string_member (o, "type", a->type);
  json_object_set_int_member (o, "rounds", a->rounds);
  if (a->confidence >= 0)
    json_object_set_double_member (o, "confidence", a->confidence);
  json_object_set_double_member (o, "latitude", a->lat);
  json_object_set_double_member (o, "longitude", a->lon);
  json_object_set_string_member (o, "address", a->address);
  json_object_set_string_member (o, "beat", a->beat);
  json_object_set_string_member (o, "district", a->district);
  set_time (o, "datetime", sim_time_iso_local, a->time);
  json_object_set_string_member (o, "reviewStatus", a->reviewed ? "reviewed" : "raw");
  json_object_set_int_member (o, "revision", a->revision);
  json_object_set_string_member (o, "audioUri", audio);
  if (detail)
    {
      JsonArray *shooters = json_array_new ();
      JsonObject *shooter = json_object_new ();

      json_object_set_int_member (o, "sensorsTriggered", 4 + a->rounds % 7);
      json_object_set_double_member (shooter, "latitude", a->lat);
      json_object_set_double_member (shooter, "longitude", a->lon);
      json_object_set_int_member (shooter, "rounds", a->rounds);
      json_array_add_object_element (shooters, shooter);
      json_object_set_array_member (o, "shooters", shooters);
      json_object_set_array_member (o, "incidentRefs", json_array_new ());
    }
  json_node_take_object (node, o);
  return node;
}

JsonNode *
sim_world_incident_json (SimWorld    *world,
                         SimIncident *inc)
{
  JsonObject *o = json_object_new ();
  JsonObject *type = json_object_new ();
  JsonObject *loc = json_object_new ();
  JsonArray *units = json_array_new ();
  JsonArray *persons = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (o, "incidentNumber", inc->number);
  json_object_set_string_member (type, "code", inc->type_code);
  json_object_set_string_member (type, "description", inc->type_description);
  json_object_set_object_member (o, "type", type);
  json_object_set_string_member (o, "status", inc->status);
  set_time (o, "reportedAt", sim_time_iso_local, inc->reported_at);
  json_object_set_string_member (loc, "address", inc->address);
  json_object_set_double_member (loc, "lat", inc->lat);
  json_object_set_double_member (loc, "lon", inc->lon);
  json_object_set_object_member (o, "location", loc);
  for (guint i = 0; i < inc->units->len; i++)
    json_array_add_string_element (units, g_ptr_array_index (inc->units, i));
  json_object_set_array_member (o, "units", units);
  json_object_set_string_member (o, "narrative", inc->narrative);
  for (guint i = 0; i < inc->persons->len; i++)
    {
      SimPerson *p = g_ptr_array_index (world->persons, g_array_index (inc->persons, guint, i));
      JsonObject *po = json_object_new ();

      json_object_set_string_member (po, "personId", p->id);
      json_object_set_string_member (po, "role", g_ptr_array_index (inc->roles, i));
      json_array_add_object_element (persons, po);
    }
  json_object_set_array_member (o, "persons", persons);
  set_str_or_null (o, "caseNumber", inc->case_number);
  json_node_take_object (node, o);
  return node;
}

JsonNode *
sim_world_person_json (SimWorld  *world,
                       SimPerson *p)
{
  JsonObject *o = json_object_new ();
  JsonArray *addresses = json_array_new ();
  JsonArray *aliases = json_array_new ();
  JsonArray *ids = json_array_new ();
  JsonObject *addr = json_object_new ();
  JsonObject *dl = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (o, "personId", p->id);
  json_object_set_string_member (o, "lastName", p->last);
  json_object_set_string_member (o, "firstName", p->first);
  set_str_or_null (o, "middleName", p->middle);
  json_object_set_string_member (o, "dob", p->dob);
  json_object_set_string_member (o, "sex", p->sex);
  json_object_set_string_member (o, "race", p->race);
  json_object_set_int_member (o, "heightCm", p->height_cm);
  json_object_set_int_member (o, "weightKg", p->weight_kg);
  json_object_set_string_member (addr, "type", "home");
  json_object_set_string_member (addr, "address", p->address);
  json_object_set_string_member (addr, "city", "CHICAGO");
  json_object_set_string_member (addr, "state", "IL");
  json_array_add_object_element (addresses, addr);
  json_object_set_array_member (o, "addresses", addresses);
  if (p->alias)
    json_array_add_string_element (aliases, p->alias);
  json_object_set_array_member (o, "aliases", aliases);
  json_object_set_string_member (dl, "type", "DL");
  json_object_set_string_member (dl, "value", p->dl_number);
  json_object_set_string_member (dl, "state", "IL");
  json_array_add_object_element (ids, dl);
  json_object_set_array_member (o, "identifiers", ids);
  json_node_take_object (node, o);
  return node;
}

JsonNode *
sim_world_bolo_json (SimWorld *world,
                     SimBolo  *b)
{
  JsonObject *o = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (o, "id", b->id);
  json_object_set_string_member (o, "subjectType", b->subject_type);
  json_object_set_string_member (o, "status", b->status);
  json_object_set_string_member (o, "reason", b->reason);
  set_time (o, "issuedAt", sim_time_iso_ms, b->issued_at);
  set_time (o, "expiresAt", sim_time_iso_ms, b->expires_at);
  json_object_set_string_member (o, "issuedBy", b->issued_by);
  if (b->vehicle >= 0)
    {
      SimVehicle *v = g_ptr_array_index (world->vehicles, b->vehicle);
      JsonObject *vo = json_object_new ();

      json_object_set_string_member (vo, "plate", v->plate);
      json_object_set_string_member (vo, "state", v->state);
      json_object_set_string_member (vo, "make", v->make);
      json_object_set_string_member (vo, "model", v->model);
      json_object_set_string_member (vo, "color", v->color);
      json_object_set_object_member (o, "vehicle", vo);
    }
  else
    json_object_set_null_member (o, "vehicle");
  if (b->person >= 0)
    {
      SimPerson *p = g_ptr_array_index (world->persons, b->person);
      JsonObject *po = json_object_new ();
      g_autofree char *desc = g_strdup_printf ("%s, %u cm, %u kg",
                                               g_str_equal (p->sex, "M") ? "Male" : "Female",
                                               p->height_cm, p->weight_kg);

      json_object_set_string_member (po, "lastName", p->last);
      json_object_set_string_member (po, "firstName", p->first);
      json_object_set_string_member (po, "dob", p->dob);
      json_object_set_string_member (po, "description", desc);
      json_object_set_object_member (o, "person", po);
    }
  else
    json_object_set_null_member (o, "person");
  set_str_or_null (o, "cautions", b->cautions);
  set_str_or_null (o, "caseNumber", b->case_number);
  json_node_take_object (node, o);
  return node;
}

JsonNode *
sim_world_recording_json (SimWorld     *world,
                          SimRecording *r)
{
  SimOfficer *off = g_ptr_array_index (world->officers, r->officer);
  JsonObject *o = json_object_new ();
  JsonArray *incidents = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (o, "id", r->id);
  json_object_set_string_member (o, "officerId", off->id);
  json_object_set_string_member (o, "officerName", off->name);
  json_object_set_string_member (o, "deviceSerial", off->device_serial);
  json_object_set_int_member (o, "startedAt", r->started_at / USEC);
  json_object_set_int_member (o, "durationSeconds", r->duration_s);
  json_object_set_string_member (o, "contentType", "video/mp4");
  json_object_set_int_member (o, "sizeBytes", (gint64) r->size_bytes);
  json_object_set_string_member (o, "sha256", r->sha256);
  for (guint i = 0; i < r->incident_ids->len; i++)
    json_array_add_string_element (incidents, g_ptr_array_index (r->incident_ids, i));
  json_object_set_array_member (o, "incidentIds", incidents);
  if (r->has_gps)
    {
      JsonObject *gps = json_object_new ();
      json_object_set_double_member (gps, "lat", r->lat);
      json_object_set_double_member (gps, "lon", r->lon);
      json_object_set_object_member (o, "gps", gps);
    }
  else
    json_object_set_null_member (o, "gps");
  json_object_set_string_member (o, "category", r->category);
  json_node_take_object (node, o);
  return node;
}

JsonNode *
sim_world_hotlist_entry_json (SimHotlistEntry *e)
{
  JsonObject *o = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (o, "plate", e->plate);
  json_object_set_string_member (o, "state", e->state);
  json_object_set_string_member (o, "reason", e->reason);
  set_str_or_null (o, "caseNumber", e->case_number);
  if (e->expires_at > 0)
    set_time (o, "expiresAt", sim_time_iso_ms, e->expires_at);
  else
    json_object_set_null_member (o, "expiresAt");
  set_time (o, "createdAt", sim_time_iso_ms, e->created_at);
  json_node_take_object (node, o);
  return node;
}

/* Lookups ---------------------------------------------------------------- */

/* The world is small enough that a scan beats keeping indexes in step. */
#define FIND_BY(arr, Type, field, key)                         \
  for (guint i_ = 0; i_ < (arr)->len; i_++)                    \
    {                                                          \
      Type *it_ = g_ptr_array_index ((arr), i_);               \
      if (g_strcmp0 (it_->field, (key)) == 0)                  \
        return it_;                                            \
    }                                                          \
  return NULL

SimCamera *
sim_world_find_camera (SimWorld   *world,
                       const char *id)
{
  FIND_BY (world->cameras, SimCamera, id, id);
}

SimAlert *
sim_world_find_alert (SimWorld   *world,
                      const char *id)
{
  FIND_BY (world->alerts, SimAlert, id, id);
}

SimIncident *
sim_world_find_incident (SimWorld   *world,
                         const char *number)
{
  FIND_BY (world->incidents, SimIncident, number, number);
}

SimPerson *
sim_world_find_person (SimWorld   *world,
                       const char *id)
{
  FIND_BY (world->persons, SimPerson, id, id);
}

SimBolo *
sim_world_find_bolo (SimWorld   *world,
                     const char *id)
{
  FIND_BY (world->bolos, SimBolo, id, id);
}

SimRecording *
sim_world_find_recording (SimWorld   *world,
                          const char *id)
{
  FIND_BY (world->recordings, SimRecording, id, id);
}

SimHotlist *
sim_world_find_hotlist (SimWorld   *world,
                        const char *id)
{
  FIND_BY (world->hotlists, SimHotlist, id, id);
}

int
sim_world_find_vehicle (SimWorld   *world,
                        const char *plate,
                        const char *state)
{
  for (guint i = 0; i < world->vehicles->len; i++)
    {
      SimVehicle *v = g_ptr_array_index (world->vehicles, i);
      if (g_ascii_strcasecmp (v->plate, plate) == 0 &&
          (state == NULL || *state == '\0' || g_ascii_strcasecmp (v->state, state) == 0))
        return (int) i;
    }
  return -1;
}

static SimHotlist *
hotlist_for_plate (SimWorld         *world,
                   SimVehicle       *v,
                   SimHotlistEntry **entry_out)
{
  for (guint i = 0; i < world->hotlists->len; i++)
    {
      SimHotlist *h = g_ptr_array_index (world->hotlists, i);
      for (guint k = 0; k < h->entries->len; k++)
        {
          SimHotlistEntry *e = g_ptr_array_index (h->entries, k);
          if (g_str_equal (e->plate, v->plate) && g_str_equal (e->state, v->state))
            {
              *entry_out = e;
              return h;
            }
        }
    }
  return NULL;
}

/* World building ----------------------------------------------------------- */

static char *
make_plate (GRand *r)
{
  static const char letters[] = "ABCDEFGHJKLMNPRTUVWXY";
  char p[8];

  for (int k = 0; k < 3; k++)
    p[k] = letters[g_rand_int_range (r, 0, sizeof letters - 1)];
  for (int k = 3; k < 7; k++)
    p[k] = '0' + g_rand_int_range (r, 0, 10);
  p[7] = '\0';
  return g_strdup (p);
}

static SimVehicle *
add_vehicle (SimWorld   *world,
             GRand      *r,
             char       *plate,
             const char *state)
{
  SimVehicle *v = g_new0 (SimVehicle, 1);
  guint m = g_rand_int_range (r, 0, G_N_ELEMENTS (car_models));
  static const char vin_chars[] = "0123456789ABCDEFGHJKLMNPRSTUVWXYZ";
  char vin[18];

  v->plate = plate;
  v->state = g_strdup (state);
  v->make = car_models[m].make;
  v->model = car_models[m].model;
  v->type = car_models[m].type;
  v->color = PICK (r, colors);
  for (int k = 0; k < 17; k++)
    vin[k] = vin_chars[g_rand_int_range (r, 0, sizeof vin_chars - 1)];
  vin[17] = '\0';
  v->vin = g_strdup (vin);
  v->year = g_rand_int_range (r, 2004, 2026);
  v->owner = world->persons->len ? g_rand_int_range (r, 0, world->persons->len) : 0;
  g_ptr_array_add (world->vehicles, v);
  return v;
}

static SimPerson *
add_person (SimWorld *world,
            GRand    *r,
            guint     index)
{
  SimPerson *p = g_new0 (SimPerson, 1);
  double x, y;

  p->id = g_strdup_printf ("P-%06u", 100000 + index);
  p->last = g_strdup (PICK (r, last_names));
  p->first = g_strdup (PICK (r, first_names));
  p->middle = g_rand_boolean (r) ? g_strdup (PICK (r, first_names)) : NULL;
  p->dob = g_strdup_printf ("%04d-%02d-%02d", g_rand_int_range (r, 1950, 2006),
                            g_rand_int_range (r, 1, 13), g_rand_int_range (r, 1, 29));
  p->sex = g_rand_boolean (r) ? "M" : "F";
  p->race = PICK (r, races);
  p->height_cm = g_rand_int_range (r, 150, 200);
  p->weight_kg = g_rand_int_range (r, 50, 120);
  rand_units_on_street (r, &x, &y);
  p->address = sim_world_address_for (sim_world_lat_for_units (y), sim_world_lon_for_units (x));
  p->alias = g_rand_int_range (r, 0, 5) == 0 ? g_strdup_printf ("%s %s", PICK (r, first_names), p->last) : NULL;
  p->dl_number = g_strdup_printf ("%c%03d-%04d-%04d", p->last[0] >= 'A' && p->last[0] <= 'Z' ? p->last[0] : 'X',
                                  g_rand_int_range (r, 0, 1000), g_rand_int_range (r, 0, 10000),
                                  g_rand_int_range (r, 0, 10000));
  {
    static const char *statuses[] = { "VALID", "VALID", "VALID", "VALID", "SUSPENDED", "REVOKED", "EXPIRED" };
    static const char *classes[] = { "D", "D", "D", "C", "A", "M" };
    p->dl_status = PICK (r, statuses);
    p->dl_class = PICK (r, classes);
    p->dl_expires = g_strdup_printf ("%04d-%02d-%02d", g_rand_int_range (r, 2024, 2031),
                                     g_rand_int_range (r, 1, 13), g_rand_int_range (r, 1, 29));
  }
  p->warrant = g_rand_int_range (r, 0, 100) < 8;
  if (p->warrant)
    {
      p->warrant_nic = g_strdup_printf ("W%09u", g_rand_int_range (r, 0, 1000000000));
      p->warrant_offense = PICK (r, offenses);
      p->warrant_date = g_strdup_printf ("%04d-%02d-%02d", g_rand_int_range (r, 2015, 2026),
                                         g_rand_int_range (r, 1, 13), g_rand_int_range (r, 1, 29));
    }
  p->history = p->warrant || g_rand_int_range (r, 0, 100) < 20;
  if (p->history)
    p->fbi_number = g_strdup_printf ("%06uAB%u", g_rand_int_range (r, 100000, 999999), g_rand_int_range (r, 1, 9));
  g_ptr_array_add (world->persons, p);
  return p;
}

static void
add_camera (SimWorld   *world,
            GRand      *r,
            char       *id,
            const char *name,
            double      lat,
            double      lon,
            double      direction)
{
  SimCamera *c = g_new0 (SimCamera, 1);

  c->id = id;
  c->hardware_id = rand_guid (r);
  c->name = g_strdup (name);
  c->lat = lat;
  c->lon = lon;
  c->has_position = TRUE;
  c->direction = direction;
  c->field_of_view = g_rand_double_range (r, 0.08, 0.25);
  c->depth = round (g_rand_double_range (r, 30, 120));
  c->enabled = TRUE;
  c->responding = TRUE;
  c->recording = TRUE;
  g_ptr_array_add (world->cameras, c);
}

static SimReader *
add_reader (SimWorld   *world,
            const char *id,
            int         i,
            int         j,
            const char *direction)
{
  SimReader *rd = g_new0 (SimReader, 1);
  g_autofree char *a = street_short (sim_world_ew_street (j));
  g_autofree char *b = street_short (sim_world_ns_street (i));
  static const char *abbrev[][2] = {
    { "northbound", "NB" }, { "southbound", "SB" }, { "eastbound", "EB" }, { "westbound", "WB" },
  };
  const char *ab = "NB";

  for (guint k = 0; k < G_N_ELEMENTS (abbrev); k++)
    if (g_str_equal (abbrev[k][0], direction))
      ab = abbrev[k][1];
  rd->id = g_strdup (id);
  rd->name = g_strdup_printf ("%s & %s %s", a, b, ab);
  rd->lat = sim_world_lat_for_units (j * SIM_GRID_STEP);
  rd->lon = sim_world_lon_for_units (i * SIM_GRID_STEP);
  rd->direction = direction;
  g_ptr_array_add (world->readers, rd);
  return rd;
}

static void
build_static (SimWorld *world,
              GRand    *r)
{
  static const char *dirs[] = { "northbound", "southbound", "eastbound", "westbound" };
  static const char *corners[] = { "NE", "NW", "SE", "SW" };
  guint cam = 0;

  /* Persons first: vehicles and incidents point at them. */
  for (guint k = 0; k < 400; k++)
    add_person (world, r, k);

  for (guint k = 0; k < 1500; k++)
    {
      const char *state = g_rand_int_range (r, 0, 10) == 0 ? (g_rand_boolean (r) ? "IN" : "WI") : "IL";
      char *plate = make_plate (r);

      if (g_str_equal (plate, SIM_TRAINING_PLATE))
        plate[6] = plate[6] == '9' ? '8' : plate[6] + 1;
      add_vehicle (world, r, plate, state);

      /* Look-alike plates, as misread by eye or by OCR. */
      if (g_rand_int_range (r, 0, 20) == 0)
        {
          static const char swaps[][2] = { { 'O', '0' }, { 'B', '8' }, { 'I', '1' }, { 'S', '5' }, { 'Z', '2' } };
          guint s = g_rand_int_range (r, 0, G_N_ELEMENTS (swaps));
          char *a = make_plate (r), *b;

          a[g_rand_int_range (r, 0, 3)] = swaps[s][0];
          b = g_strdup (a);
          for (char *c = b; *c; c++)
            if (*c == swaps[s][0])
              {
                *c = swaps[s][1];
                break;
              }
          add_vehicle (world, r, a, "IL");
          add_vehicle (world, r, b, "IL");
        }
    }
  for (guint k = 0; k < world->vehicles->len; k++)
    ((SimVehicle *) g_ptr_array_index (world->vehicles, k))->stolen = g_rand_int_range (r, 0, 100) < 3;

  /* Cameras at corners, a few with two views, a few without position. */
  for (int i = SIM_NS_MIN; i <= SIM_NS_MAX; i++)
    for (int j = SIM_EW_MIN; j <= SIM_EW_MAX; j++)
      {
        guint n = g_rand_int_range (r, 0, 100);
        guint count = n < 25 ? 0 : n < 85 ? 1 : 2;
        g_autofree char *a = street_short (sim_world_ew_street (j));
        g_autofree char *b = street_short (sim_world_ns_street (i));

        for (guint k = 0; k < count; k++)
          {
            guint corner = g_rand_int_range (r, 0, 4);
            double dx = (corner == 0 || corner == 2) ? 12 : -12;
            double dy = (corner < 2) ? 12 : -12;
            g_autofree char *name = g_strdup_printf ("CAM %04u %s/%s %s", ++cam, a, b, corners[corner]);
            SimCamera *c;

            add_camera (world, r, rand_guid (r), name,
                        sim_world_lat_for_units (j * SIM_GRID_STEP + dy),
                        sim_world_lon_for_units (i * SIM_GRID_STEP + dx),
                        g_rand_int_range (r, 0, 16) / 16.0);
            c = g_ptr_array_index (world->cameras, world->cameras->len - 1);
            n = g_rand_int_range (r, 0, 100);
            if (n < 3)
              c->has_position = FALSE;
            else if (n < 5)
              {
                c->enabled = FALSE;
                c->recording = FALSE;
              }
            else if (n < 8)
              c->responding = FALSE;
          }
      }

  /* Training cameras around 1200 W MADISON ST, looking at it. */
  add_camera (world, r, g_strdup (training_camera_ids[0]), "CAM T001 MADISON/LOOMIS NE",
              sim_world_lat_for_units (12), sim_world_lon_for_units (-1188), 0.25);
  add_camera (world, r, g_strdup (training_camera_ids[1]), "CAM T002 MADISON/RACINE NW",
              sim_world_lat_for_units (12), sim_world_lon_for_units (-1012), 0.75);
  add_camera (world, r, g_strdup (training_camera_ids[2]), "CAM T003 1100 W MADISON SW",
              sim_world_lat_for_units (-12), sim_world_lon_for_units (-1100), 0.75);
  for (guint k = world->cameras->len - 3; k < world->cameras->len; k++)
    {
      SimCamera *c = g_ptr_array_index (world->cameras, k);
      c->field_of_view = 0.25;
      c->depth = 250;
    }

  /* LPR readers on arterials, and the training readers. */
  for (guint k = 0; k < 48; k++)
    {
      int i = g_rand_int_range (r, SIM_NS_MIN, SIM_NS_MAX + 1);
      int j = g_rand_int_range (r, SIM_EW_MIN, SIM_EW_MAX + 1);
      char *id = rand_guid (r);
      add_reader (world, id, i, j, PICK (r, dirs));
      g_free (id);
    }
  add_reader (world, "lpr-training-1", -6, 0, "eastbound");
  add_reader (world, "lpr-training-2", -5, 0, "eastbound");
  add_reader (world, "lpr-training-3", -4, 1, "northbound");

  /* Officers with body-worn cameras. */
  for (guint k = 0; k < 40; k++)
    {
      SimOfficer *o = g_new0 (SimOfficer, 1);
      static const char *docks[] = { "docked", "in_field", "in_field", "in_field", "uploading" };

      o->id = g_strdup_printf ("O-%04u", 1001 + k);
      o->name = g_strdup_printf ("%s %s", PICK (r, first_names), PICK (r, last_names));
      o->unit = g_strdup_printf ("%u%c%02u", 1 + k % 9, 'A' + (k % 4), g_rand_int_range (r, 10, 99));
      o->device_serial = g_strdup_printf ("X6%08u", g_rand_int_range (r, 0, 100000000));
      o->dock_status = PICK (r, docks);
      o->battery = g_rand_int_range (r, 10, 101) / 100.0;
      o->assigned_at = world->epoch - g_rand_int_range (r, 3600, 10 * 3600) * USEC;
      g_ptr_array_add (world->officers, o);
    }

  /* Flock hotlists. */
  {
    static const struct { const char *id, *name, *type, *reason; guint n; } lists[] = {
      { "hl-stolen", "Stolen vehicles", "stolen", "Stolen vehicle", 25 },
      { "hl-wanted", "Wanted persons", "wanted", "Registered owner wanted", 10 },
      { "hl-amber", "AMBER alert", "amber_alert", "AMBER alert vehicle", 2 },
      { "hl-custom", "District 12 intel", "custom", "Vehicle of interest", 8 },
    };

    for (guint k = 0; k < G_N_ELEMENTS (lists); k++)
      {
        SimHotlist *h = g_new0 (SimHotlist, 1);

        h->id = g_strdup (lists[k].id);
        h->name = g_strdup (lists[k].name);
        h->type = lists[k].type;
        h->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) sim_hotlist_entry_free);
        for (guint e = 0; e < lists[k].n; e++)
          {
            SimVehicle *v = g_ptr_array_index (world->vehicles, g_rand_int_range (r, 0, world->vehicles->len));
            SimHotlistEntry *entry = g_new0 (SimHotlistEntry, 1);

            entry->plate = g_strdup (v->plate);
            entry->state = g_strdup (v->state);
            entry->reason = g_strdup (lists[k].reason);
            entry->case_number = g_strdup_printf ("C-%06u", g_rand_int_range (r, 0, 1000000));
            entry->created_at = world->epoch - g_rand_int_range (r, 1, 30 * 24) * 3600 * USEC;
            entry->expires_at = world->epoch + g_rand_int_range (r, 1, 90 * 24) * 3600 * USEC;
            g_ptr_array_add (h->entries, entry);
          }
        g_ptr_array_add (world->hotlists, h);
      }
  }
}

/* Generators ------------------------------------------------------------- */

static SimAlert *
gen_gunshot (SimWorld   *world,
             gint64      now,
             JsonObject *params)
{
  GRand *r = world->rand;
  SimAlert *a = g_new0 (SimAlert, 1);
  static const char *types[] = { "Multiple_Gunshots", "Single_Gunshot", "Gunshot_or_Firecracker" };
  double x, y;
  JsonObject *msg = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (now / USEC);

  rand_units_on_street (r, &x, &y);
  a->lat = sim_world_lat_for_units (y);
  a->lon = sim_world_lon_for_units (x);
  if (params && json_object_has_member (params, "lat") && json_object_has_member (params, "lon"))
    {
      a->lat = sim_json_double (params, "lat", a->lat);
      a->lon = sim_json_double (params, "lon", a->lon);
    }
  a->rounds = g_rand_int_range (r, 1, 9);
  if (params && json_object_has_member (params, "rounds"))
    a->rounds = (guint) CLAMP (sim_json_int (params, "rounds", a->rounds), 1, 200);
  a->type = a->rounds == 1 ? types[1 + g_rand_int_range (r, 0, 2)] : types[0];
  a->confidence = g_rand_int_range (r, 0, 10) == 0 ? -1 : g_rand_int_range (r, 60, 100) / 100.0;
  a->address = sim_world_address_for (a->lat, a->lon);
  a->beat = g_strdup_printf ("%04d", g_rand_int_range (r, 1011, 1235));
  a->district = g_strdup_printf ("%03d", g_rand_int_range (r, 1, 26));
  a->time = now;
  a->revision = 1;
  a->id = g_strdup_printf ("SS-%d-%06u", g_date_time_get_year (dt), ++world->next_alert);
  g_ptr_array_add (world->alerts, a);

  json_object_set_string_member (msg, "kind", "alert");
  json_object_set_member (msg, "alert", sim_world_alert_json (world, a, FALSE));
  json_node_take_object (node, msg);
  log_append (world, world->ss_log, now, a->id, node);
  return a;
}

static SimLogEntry *
log_alert (SimWorld   *world,
           SimAlert   *a,
           const char *kind,
           gint64      now)
{
  JsonObject *msg = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (msg, "kind", kind);
  json_object_set_member (msg, "alert", sim_world_alert_json (world, a, FALSE));
  json_node_take_object (node, msg);
  return log_append (world, world->ss_log, now, a->id, node);
}

static SimLogEntry *
gen_review (SimWorld *world,
            SimAlert *a,
            gint64    now)
{
  GRand *r = world->rand;

  /* A reviewer recounts the rounds; type follows the count. */
  a->reviewed = TRUE;
  a->revision++;
  a->rounds = MAX (1, (int) a->rounds + g_rand_int_range (r, -1, 3));
  a->type = a->rounds == 1 ? "Single_Gunshot" : "Multiple_Gunshots";
  if (a->confidence >= 0)
    a->confidence = MIN (0.99, a->confidence + 0.05);
  return log_alert (world, a, "update", now);
}

static SimLogEntry *
log_hit (SimWorld        *world,
         SimRead         *read,
         SimHotlist      *h,
         SimHotlistEntry *e)
{
  JsonObject *o = json_object_new ();
  JsonObject *ho = json_object_new ();
  JsonObject *eo = json_object_new ();
  JsonArray *sources = json_array_new ();
  JsonObject *src = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *id = g_strdup_printf ("hit-%s", read->id);
  g_autofree char *cursor = g_strdup_printf ("%" G_GUINT64_FORMAT, world->next_seq + 1);

  json_object_set_string_member (o, "id", id);
  json_object_set_string_member (o, "cursor", cursor);
  json_object_set_member (o, "read", sim_world_read_json (world, read));
  json_object_set_string_member (ho, "id", h->id);
  json_object_set_string_member (ho, "name", h->name);
  json_object_set_string_member (ho, "type", h->type);
  json_object_set_object_member (o, "hotlist", ho);
  json_object_set_string_member (eo, "plate", e->plate);
  json_object_set_string_member (eo, "reason", e->reason);
  set_str_or_null (eo, "caseNumber", e->case_number);
  json_object_set_object_member (o, "entry", eo);
  json_object_set_string_member (src, "name", g_str_equal (h->type, "custom") ? "Agency" : "NCIC");
  json_object_set_string_member (src, "reason", e->reason);
  json_array_add_object_element (sources, src);
  json_object_set_array_member (o, "sources", sources);
  json_node_take_object (node, o);
  return log_append (world, world->hit_log, read->time, id, node);
}

static SimRead *
gen_read (SimWorld     *world,
          gint64        now,
          int           vehicle,
          int           reader,
          SimLogEntry **hit)
{
  GRand *r = world->rand;
  SimRead *rd = g_new0 (SimRead, 1);
  SimHotlistEntry *entry = NULL;
  SimHotlist *h;

  rd->id = g_strdup_printf ("rd-%08x%06u", world->seed, ++world->next_read);
  rd->time = now;
  rd->vehicle = vehicle >= 0 ? (guint) vehicle : (guint) g_rand_int_range (r, 0, world->vehicles->len);
  rd->reader = reader >= 0 ? (guint) reader : (guint) g_rand_int_range (r, 0, world->readers->len - 3);
  rd->plate_confidence = g_rand_int_range (r, 70, 100) / 100.0;
  rd->state_confidence = g_rand_int_range (r, 50, 100) / 100.0;
  rd->vehicle_detected = g_rand_int_range (r, 0, 10) != 0;
  g_ptr_array_add (world->reads, rd);

  h = hotlist_for_plate (world, g_ptr_array_index (world->vehicles, rd->vehicle), &entry);
  if (hit)
    *hit = h ? log_hit (world, rd, h, entry) : NULL;
  return rd;
}

static int
hotlisted_vehicle (SimWorld *world)
{
  SimHotlist *h = g_ptr_array_index (world->hotlists, g_rand_int_range (world->rand, 0, world->hotlists->len));
  SimHotlistEntry *e;

  if (h->entries->len == 0)
    return -1;
  e = g_ptr_array_index (h->entries, g_rand_int_range (world->rand, 0, h->entries->len));
  return sim_world_find_vehicle (world, e->plate, e->state);
}

static SimLogEntry *
log_incident (SimWorld    *world,
              SimIncident *inc,
              const char  *op,
              gint64       now)
{
  JsonObject *o = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (o, "op", op);
  json_object_set_member (o, "incident", sim_world_incident_json (world, inc));
  json_node_take_object (node, o);
  return log_append (world, world->incident_log, now, inc->number, node);
}

static SimIncident *
new_incident (SimWorld   *world,
              gint64      now,
              const char *number)
{
  GRand *r = world->rand;
  SimIncident *inc = g_new0 (SimIncident, 1);
  guint t = g_rand_int_range (r, 0, G_N_ELEMENTS (incident_types));
  guint n_units = g_rand_int_range (r, 1, 4);
  guint n_persons = g_rand_int_range (r, 0, 4);
  double x, y;
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (now / USEC);

  inc->number = number ? g_strdup (number)
                       : g_strdup_printf ("%d-%06u", g_date_time_get_year (dt), ++world->next_incident);
  inc->type_code = incident_types[t].code;
  inc->type_description = incident_types[t].description;
  inc->status = "open";
  inc->reported_at = now;
  rand_units_on_street (r, &x, &y);
  inc->lat = sim_world_lat_for_units (y);
  inc->lon = sim_world_lon_for_units (x);
  inc->address = sim_world_address_for (inc->lat, inc->lon);
  inc->units = g_ptr_array_new_with_free_func (g_free);
  for (guint k = 0; k < n_units; k++)
    {
      SimOfficer *o = g_ptr_array_index (world->officers, g_rand_int_range (r, 0, world->officers->len));
      g_ptr_array_add (inc->units, g_strdup (o->unit));
    }
  inc->narrative = g_strdup_printf ("%s reported at %s. Units dispatched.",
                                    inc->type_description, inc->address);
  inc->persons = g_array_new (FALSE, FALSE, sizeof (guint));
  inc->roles = g_ptr_array_new ();
  for (guint k = 0; k < n_persons; k++)
    {
      guint p = g_rand_int_range (r, 0, world->persons->len);
      g_array_append_val (inc->persons, p);
      g_ptr_array_add (inc->roles, (gpointer) PICK (r, person_roles));
    }
  if (g_rand_int_range (r, 0, 10) < 3)
    inc->case_number = g_strdup_printf ("C-%d-%04u", g_date_time_get_year (dt), g_rand_int_range (r, 1, 10000));
  g_ptr_array_add (world->incidents, inc);
  return inc;
}

static SimLogEntry *
gen_incident_change (SimWorld     *world,
                     gint64        now,
                     SimIncident **out)
{
  GRand *r = world->rand;
  SimIncident *inc;

  if (world->incidents->len > 5 && g_rand_int_range (r, 0, 3) == 0)
    {
      /* Update a recent open incident: a unit arrives or it is closed. */
      inc = g_ptr_array_index (world->incidents,
                               world->incidents->len - 1 - g_rand_int_range (r, 0, MIN (20, world->incidents->len)));
      if (g_rand_boolean (r))
        inc->status = g_str_equal (inc->status, "open") ? "pending" : "closed";
      else
        {
          SimOfficer *o = g_ptr_array_index (world->officers, g_rand_int_range (r, 0, world->officers->len));
          g_ptr_array_add (inc->units, g_strdup (o->unit));
        }
      *out = inc;
      return log_incident (world, inc, "updated", now);
    }
  inc = new_incident (world, now, NULL);
  *out = inc;
  return log_incident (world, inc, "created", now);
}

SimLogEntry *
sim_world_log_bolo_change (SimWorld   *world,
                           SimBolo    *bolo,
                           const char *op,
                           gint64      now)
{
  JsonObject *o = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (o, "op", op);
  json_object_set_member (o, "bolo", sim_world_bolo_json (world, bolo));
  json_node_take_object (node, o);
  return log_append (world, world->bolo_log, now, bolo->id, node);
}

static SimBolo *
new_bolo (SimWorld *world,
          gint64    now,
          int       vehicle,
          int       person)
{
  GRand *r = world->rand;
  SimBolo *b = g_new0 (SimBolo, 1);
  static const char *reasons[] = {
    "Vehicle used in armed robbery", "Wanted for questioning in shooting",
    "Stolen vehicle, occupants armed", "Missing endangered person",
    "Hit and run, front damage",
  };

  b->id = g_strdup_printf ("BOLO-%06u", ++world->next_bolo);
  b->vehicle = vehicle;
  b->person = person;
  b->subject_type = vehicle >= 0 ? "vehicle" : "person";
  b->status = "active";
  b->reason = g_strdup (PICK (r, reasons));
  b->issued_at = now;
  b->expires_at = now + g_rand_int_range (r, 1, 15) * 24 * 3600 * USEC;
  b->issued_by = g_strdup_printf ("Sgt. %s", PICK (r, last_names));
  b->cautions = g_rand_boolean (r) ? g_strdup ("Armed and dangerous") : NULL;
  b->case_number = g_rand_boolean (r) ? g_strdup_printf ("C-%06u", g_rand_int_range (r, 0, 1000000)) : NULL;
  g_ptr_array_add (world->bolos, b);
  return b;
}

static SimLogEntry *
gen_bolo_change (SimWorld  *world,
                 gint64     now,
                 SimBolo  **out)
{
  GRand *r = world->rand;
  SimBolo *b;

  if (world->bolos->len > 4 && g_rand_int_range (r, 0, 3) == 0)
    {
      b = g_ptr_array_index (world->bolos, g_rand_int_range (r, 0, world->bolos->len));
      if (g_str_equal (b->status, "active") && !g_str_has_suffix (b->id, "TRAINING-0001"))
        {
          gboolean expire = g_rand_boolean (r);
          b->status = expire ? "expired" : "cancelled";
          *out = b;
          return sim_world_log_bolo_change (world, b, expire ? "expired" : "cancelled", now);
        }
    }
  /* Half of the vehicle BOLOs target plates that drive past readers. */
  if (g_rand_int_range (r, 0, 4) == 0)
    b = new_bolo (world, now, -1, g_rand_int_range (r, 0, world->persons->len));
  else
    b = new_bolo (world, now, g_rand_int_range (r, 0, world->vehicles->len), -1);
  *out = b;
  return sim_world_log_bolo_change (world, b, "created", now);
}

static SimLogEntry *
log_motion (SimWorld   *world,
            SimCamera  *c,
            const char *type,
            gint64      now)
{
  JsonObject *o = json_object_new ();
  JsonObject *data = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *id = rand_guid (world->rand);
  g_autofree char *source = g_strdup_printf ("cameras/%s", c->id);
  g_autofree char *desc = g_strdup_printf ("%s on %s", type, c->name);

  json_object_set_string_member (o, "id", id);
  set_time (o, "time", sim_time_iso_milestone, now);
  json_object_set_string_member (o, "type", type);
  json_object_set_string_member (o, "source", source);
  json_object_set_string_member (data, "description", desc);
  json_object_set_object_member (o, "data", data);
  json_node_take_object (node, o);
  return log_append (world, world->ms_log, now, id, node);
}

static SimRecording *
gen_recording (SimWorld *world,
               gint64    now,
               guint     officer)
{
  GRand *r = world->rand;
  SimRecording *rec = g_new0 (SimRecording, 1);
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);

  rec->id = g_strdup_printf ("rec-%08x-%06u", world->seed, ++world->next_recording);
  rec->officer = officer;
  rec->duration_s = g_rand_int_range (r, 30, 1800);
  rec->started_at = now - rec->duration_s * USEC;
  rec->size_bytes = (guint64) rec->duration_s * 250000;
  g_checksum_update (sum, (const guchar *) rec->id, -1);
  rec->sha256 = g_strdup (g_checksum_get_string (sum));
  rec->incident_ids = g_ptr_array_new_with_free_func (g_free);
  if (world->incidents->len > 0 && g_rand_boolean (r))
    {
      SimIncident *inc = g_ptr_array_index (world->incidents,
                                            world->incidents->len - 1 - g_rand_int_range (r, 0, MIN (10, world->incidents->len)));
      g_ptr_array_add (rec->incident_ids, g_strdup (inc->number));
    }
  rec->has_gps = g_rand_int_range (r, 0, 5) != 0;
  if (rec->has_gps)
    {
      double x, y;
      rand_units_on_street (r, &x, &y);
      rec->lat = sim_world_lat_for_units (y);
      rec->lon = sim_world_lon_for_units (x);
    }
  rec->category = PICK (r, bwc_categories);
  rec->seq = ++world->next_seq;
  g_ptr_array_add (world->recordings, rec);
  return rec;
}

JsonNode *
sim_world_generate (SimWorld     *world,
                    SimLiveKind   kind,
                    gint64        now,
                    JsonObject   *params,
                    SimLogEntry **entry)
{
  GRand *r = world->rand;
  SimLogEntry *e = NULL;
  JsonNode *result = NULL;

  switch (kind)
    {
    case SIM_LIVE_GUNSHOT:
      {
        SimAlert *a = gen_gunshot (world, now, params);
        e = g_ptr_array_index (world->ss_log, world->ss_log->len - 1);
        result = sim_world_alert_json (world, a, FALSE);
      }
      break;

    case SIM_LIVE_GUNSHOT_REVIEW:
      {
        SimAlert *a = NULL;
        /* Review the latest raw alert, if any. */
        for (guint i = world->alerts->len; i > 0 && a == NULL; i--)
          {
            SimAlert *c = g_ptr_array_index (world->alerts, i - 1);
            if (!c->reviewed)
              a = c;
          }
        if (a == NULL)
          return NULL;
        e = gen_review (world, a, now);
        result = sim_world_alert_json (world, a, FALSE);
      }
      break;

    case SIM_LIVE_LPR_READ:
    case SIM_LIVE_LPR_HIT:
      {
        int vehicle = -1;
        SimRead *rd;

        if (params && json_object_has_member (params, "plate"))
          {
            const char *plate = sim_json_string (params, "plate", "");
            const char *state = sim_json_string (params, "state", NULL);
            vehicle = sim_world_find_vehicle (world, plate, state);
            if (vehicle < 0 && *plate != '\0')
              {
                g_autofree char *up = g_ascii_strup (plate, -1);
                add_vehicle (world, r, g_steal_pointer (&up), state ? state : "IL");
                vehicle = world->vehicles->len - 1;
              }
          }
        else if (kind == SIM_LIVE_LPR_HIT)
          vehicle = hotlisted_vehicle (world);
        rd = gen_read (world, now, vehicle, -1, &e);
        if (e != NULL)
          result = json_node_ref (e->node);
        else
          result = sim_world_read_json (world, rd);
      }
      break;

    case SIM_LIVE_INCIDENT:
      {
        SimIncident *inc;
        e = gen_incident_change (world, now, &inc);
        result = json_node_ref (e->node);
      }
      break;

    case SIM_LIVE_BOLO:
      {
        SimBolo *b;
        e = gen_bolo_change (world, now, &b);
        result = json_node_ref (e->node);
      }
      break;

    case SIM_LIVE_MOTION:
      {
        SimCamera *c = g_ptr_array_index (world->cameras, g_rand_int_range (r, 0, world->cameras->len));
        const char *type = motion_types[g_rand_int_range (r, 0, G_N_ELEMENTS (motion_types))];
        const char *wanted_type = params ? sim_json_string (params, "type", NULL) : NULL;
        const char *wanted_camera = params ? sim_json_string (params, "camera_id", NULL) : NULL;
        static const char *types[] = { "MotionStarted", "AnalyticsEvent", "ManualAlarm",
                                       "CameraNotResponding", "CameraResponding" };

        if (wanted_camera && sim_world_find_camera (world, wanted_camera))
          c = sim_world_find_camera (world, wanted_camera);
        if (wanted_type)
          {
            for (guint k = 0; k < G_N_ELEMENTS (types); k++)
              if (g_str_equal (wanted_type, types[k]))
                type = types[k];
          }
        else if (c->enabled && g_rand_int_range (r, 0, 20) == 0)
          /* Now and then a camera drops off the network or comes back. */
          type = c->responding ? "CameraNotResponding" : "CameraResponding";
        if (g_str_equal (type, "CameraNotResponding") || g_str_equal (type, "CameraResponding"))
          c->responding = g_str_equal (type, "CameraResponding");
        e = log_motion (world, c, type, now);
        result = json_node_ref (e->node);
      }
      break;

    case SIM_LIVE_BWC_RECORDING:
      {
        SimRecording *rec = gen_recording (world, now, g_rand_int_range (r, 0, world->officers->len));
        result = sim_world_recording_json (world, rec);
      }
      break;

    default:
      g_assert_not_reached ();
    }

  if (entry)
    *entry = e;
  return result;
}

static void
build_training (SimWorld *world,
                gint64    now)
{
  SimPerson *doe = g_new0 (SimPerson, 1);
  SimVehicle *car;
  SimHotlistEntry *entry = g_new0 (SimHotlistEntry, 1);
  SimAlert *a = g_new0 (SimAlert, 1);
  SimBolo *b;
  SimIncident *inc;
  int car_index;

  doe->id = g_strdup ("P-TRAINING-0001");
  doe->last = g_strdup ("DOE");
  doe->first = g_strdup ("JOHN");
  doe->middle = g_strdup ("Q");
  doe->dob = g_strdup ("1980-01-01");
  doe->sex = "M";
  doe->race = "W";
  doe->height_cm = 180;
  doe->weight_kg = 82;
  doe->address = g_strdup ("1200 W MADISON ST");
  doe->alias = g_strdup ("JOHNNY DOE");
  doe->dl_number = g_strdup ("D000-1980-0101");
  doe->dl_status = "SUSPENDED";
  doe->dl_class = "D";
  doe->dl_expires = g_strdup ("2028-01-01");
  doe->warrant = TRUE;
  doe->warrant_nic = g_strdup ("W000000001");
  doe->warrant_offense = "ARMED ROBBERY";
  doe->warrant_date = g_strdup ("2026-01-15");
  doe->history = TRUE;
  doe->fbi_number = g_strdup ("123456AB1");
  g_ptr_array_add (world->persons, doe);

  car = add_vehicle (world, world->rand, g_strdup (SIM_TRAINING_PLATE), "IL");
  car_index = world->vehicles->len - 1;
  car->make = "Toyota";
  car->model = "Camry";
  car->type = "sedan";
  car->color = "silver";
  g_free (car->vin);
  car->vin = g_strdup ("4T1BF1FK5JU000001");
  car->year = 2018;
  car->owner = world->persons->len - 1;
  car->stolen = TRUE;

  entry->plate = g_strdup (SIM_TRAINING_PLATE);
  entry->state = g_strdup ("IL");
  entry->reason = g_strdup ("Stolen vehicle");
  entry->case_number = g_strdup ("C-TRAINING-0001");
  entry->created_at = now - 2 * 24 * 3600 * USEC;
  entry->expires_at = now + 30 * 24 * 3600 * USEC;
  g_ptr_array_add (((SimHotlist *) g_ptr_array_index (world->hotlists, 0))->entries, entry);

  b = new_bolo (world, now - 24 * 3600 * USEC, car_index, -1);
  g_free (b->id);
  b->id = g_strdup ("BOLO-TRAINING-0001");
  g_free (b->reason);
  b->reason = g_strdup ("Stolen vehicle used in armed robbery");
  g_free (b->cautions);
  b->cautions = g_strdup ("Driver may be armed");
  g_free (b->case_number);
  b->case_number = g_strdup ("C-TRAINING-0001");
  b->expires_at = now + 14 * 24 * 3600 * USEC;
  sim_world_log_bolo_change (world, b, "created", b->issued_at);

  /* Reads of the training plate at three readers, each a hit. */
  for (guint k = 0; k < 3; k++)
    {
      SimLogEntry *hit = NULL;
      gen_read (world, now - (50 - 20 * k) * 60 * USEC, car_index, world->readers->len - 3 + k, &hit);
    }

  a->id = g_strdup (SIM_TRAINING_ALERT);
  a->type = "Multiple_Gunshots";
  a->rounds = 4;
  a->confidence = 0.97;
  a->lat = sim_world_lat_for_units (0);
  a->lon = sim_world_lon_for_units (-1130);
  a->address = g_strdup ("1200 W MADISON ST");
  a->beat = g_strdup ("1233");
  a->district = g_strdup ("012");
  a->time = now - 20 * 60 * USEC;
  a->revision = 1;
  g_ptr_array_add (world->alerts, a);
  log_alert (world, a, "alert", a->time);

  /* The car is stolen two days before; the robbery is the gunshot's, at
   * its place, five minutes before it. The theft comes first so the RMS
   * lists them in the order they happened. */
  for (int k = 1; k >= 0; k--)
    {
      guint p = world->persons->len - 1;
      inc = new_incident (world, k == 0 ? a->time - 5 * 60 * USEC : now - 2 * 24 * 3600 * USEC,
                          k == 0 ? "2026-900001" : "2026-900002");
      inc->type_code = k == 0 ? "ROBB" : "MVT";
      inc->type_description = k == 0 ? "Robbery" : "Motor vehicle theft";
      g_free (inc->address);
      inc->address = g_strdup (k == 0 ? "1200 W MADISON ST" : "800 W RANDOLPH ST");
      if (k == 0)
        {
          inc->lat = a->lat;
          inc->lon = a->lon;
        }
      g_free (inc->narrative);
      inc->narrative = g_strdup (k == 0 ? "Armed robbery; offender fled in a silver Toyota Camry IL ABC1234."
                                        : "Silver Toyota Camry IL ABC1234 reported stolen by owner.");
      g_array_set_size (inc->persons, 0);
      g_ptr_array_set_size (inc->roles, 0);
      g_array_append_val (inc->persons, p);
      g_ptr_array_add (inc->roles, (gpointer) (k == 0 ? "suspect" : "complainant"));
      g_free (inc->case_number);
      inc->case_number = g_strdup ("C-TRAINING-0001");
      log_incident (world, inc, "created", inc->reported_at);
    }
}

static int
cmp_read_time (gconstpointer a,
               gconstpointer b)
{
  const SimRead *ra = *(SimRead **) a, *rb = *(SimRead **) b;
  return ra->time < rb->time ? -1 : ra->time > rb->time;
}

static int
cmp_alert_time (gconstpointer a,
                gconstpointer b)
{
  const SimAlert *ra = *(SimAlert **) a, *rb = *(SimAlert **) b;
  return ra->time < rb->time ? -1 : ra->time > rb->time;
}

static void
backfill (SimWorld *world,
          gint64    now,
          guint     days)
{
  GRand *r = world->rand;
  gint64 start = now - (gint64) days * 24 * 3600 * USEC;
  GPtrArray *pending_reviews = g_ptr_array_new ();

  /* Minute steps with per-minute odds give a history that reads like a
   * real day: about 40 gunshots, 2000 reads, 150 incident changes. */
  for (gint64 t = start; t < now - 60 * 60 * USEC; t += 60 * USEC)
    {
      gint64 jitter = g_rand_int_range (r, 0, 60) * USEC;
      gint n_reads = g_rand_int_range (r, 0, 3);

      if (g_rand_int_range (r, 0, 1440) < 40)
        g_ptr_array_add (pending_reviews, gen_gunshot (world, t + jitter, NULL));
      for (gint k = 0; k < n_reads; k++)
        {
          JsonNode *n = sim_world_generate (world, g_rand_int_range (r, 0, 60) == 0 ? SIM_LIVE_LPR_HIT : SIM_LIVE_LPR_READ,
                                            t + jitter, NULL, NULL);
          json_node_unref (n);
        }
      if (g_rand_int_range (r, 0, 1440) < 150)
        json_node_unref (sim_world_generate (world, SIM_LIVE_INCIDENT, t + jitter, NULL, NULL));
      if (g_rand_int_range (r, 0, 1440) < 8)
        json_node_unref (sim_world_generate (world, SIM_LIVE_BOLO, t + jitter, NULL, NULL));
      if (g_rand_int_range (r, 0, 1440) < 300)
        json_node_unref (sim_world_generate (world, SIM_LIVE_MOTION, t + jitter, NULL, NULL));
      if (g_rand_int_range (r, 0, 1440) < 60)
        json_node_unref (sim_world_generate (world, SIM_LIVE_BWC_RECORDING, t + jitter, NULL, NULL));
      /* Some alerts come back reviewed a few minutes later. */
      if (pending_reviews->len > 0 && g_rand_int_range (r, 0, 30) == 0)
        {
          SimAlert *a = g_ptr_array_steal_index (pending_reviews, 0);
          if (a && !a->reviewed && g_rand_int_range (r, 0, 3) == 0)
            gen_review (world, a, t + jitter);
        }
    }
  g_ptr_array_unref (pending_reviews);
}

/**
 * sim_world_new:
 * @seed: the seed every piece of content derives from
 * @base_url: the server's base URL, written into URLs in payloads
 * @now: the start time, in microseconds since 1970
 * @backfill_days: days of history to create before @now
 *
 * Returns: (transfer full): a new world
 */
SimWorld *
sim_world_new (guint32     seed,
               const char *base_url,
               gint64      now,
               guint       backfill_days)
{
  SimWorld *world = g_new0 (SimWorld, 1);
  g_autoptr(GRand) statics = g_rand_new_with_seed (seed);

  world->seed = seed;
  world->base_url = g_strdup (base_url);
  world->epoch = now;
  world->rand = g_rand_new_with_seed (seed ^ 0x5eed5eedu);
  world->cameras = g_ptr_array_new_with_free_func ((GDestroyNotify) sim_camera_free);
  world->readers = g_ptr_array_new_with_free_func ((GDestroyNotify) sim_reader_free);
  world->vehicles = g_ptr_array_new_with_free_func ((GDestroyNotify) sim_vehicle_free);
  world->persons = g_ptr_array_new_with_free_func ((GDestroyNotify) sim_person_free);
  world->officers = g_ptr_array_new_with_free_func ((GDestroyNotify) sim_officer_free);
  world->hotlists = g_ptr_array_new_with_free_func ((GDestroyNotify) sim_hotlist_free);
  world->reads = g_ptr_array_new_with_free_func ((GDestroyNotify) sim_read_free);
  world->alerts = g_ptr_array_new_with_free_func ((GDestroyNotify) sim_alert_free);
  world->incidents = g_ptr_array_new_with_free_func ((GDestroyNotify) sim_incident_free);
  world->bolos = g_ptr_array_new_with_free_func ((GDestroyNotify) sim_bolo_free);
  world->recordings = g_ptr_array_new_with_free_func ((GDestroyNotify) sim_recording_free);
  world->ss_log = g_ptr_array_new_with_free_func ((GDestroyNotify) sim_log_entry_free);
  world->hit_log = g_ptr_array_new_with_free_func ((GDestroyNotify) sim_log_entry_free);
  world->ms_log = g_ptr_array_new_with_free_func ((GDestroyNotify) sim_log_entry_free);
  world->incident_log = g_ptr_array_new_with_free_func ((GDestroyNotify) sim_log_entry_free);
  world->bolo_log = g_ptr_array_new_with_free_func ((GDestroyNotify) sim_log_entry_free);

  build_static (world, statics);
  /* A standing set of BOLOs so the list is never empty. */
  for (guint k = 0; k < 20; k++)
    {
      SimBolo *b;
      if (k % 4 == 3)
        b = new_bolo (world, now - (k + 1) * 3600 * USEC, -1, g_rand_int_range (statics, 0, world->persons->len));
      else
        {
          int v = hotlisted_vehicle (world);
          b = new_bolo (world, now - (k + 1) * 3600 * USEC, v >= 0 ? v : (int) k, -1);
        }
      sim_world_log_bolo_change (world, b, "created", b->issued_at);
    }
  backfill (world, now, backfill_days);
  build_training (world, now);
  g_ptr_array_sort (world->reads, cmp_read_time);
  g_ptr_array_sort (world->alerts, cmp_alert_time);
  return world;
}

void
sim_world_free (SimWorld *world)
{
  if (world == NULL)
    return;
  g_ptr_array_unref (world->cameras);
  g_ptr_array_unref (world->readers);
  g_ptr_array_unref (world->vehicles);
  g_ptr_array_unref (world->persons);
  g_ptr_array_unref (world->officers);
  g_ptr_array_unref (world->hotlists);
  g_ptr_array_unref (world->reads);
  g_ptr_array_unref (world->alerts);
  g_ptr_array_unref (world->incidents);
  g_ptr_array_unref (world->bolos);
  g_ptr_array_unref (world->recordings);
  g_ptr_array_unref (world->ss_log);
  g_ptr_array_unref (world->hit_log);
  g_ptr_array_unref (world->ms_log);
  g_ptr_array_unref (world->incident_log);
  g_ptr_array_unref (world->bolo_log);
  g_rand_free (world->rand);
  g_free (world->base_url);
  g_free (world);
}

/**
 * sim_world_add_vehicle:
 *
 * Adds a vehicle named by a client (a BOLO or hotlist entry for a plate
 * the world did not know). Free-text fields are interned: a simulator
 * session holds a bounded number of them.
 *
 * Returns: the vehicle's index
 */
int
sim_world_add_vehicle (SimWorld   *world,
                       const char *plate,
                       const char *state,
                       const char *make,
                       const char *model,
                       const char *color)
{
  int existing = sim_world_find_vehicle (world, plate, state);
  SimVehicle *v;

  if (existing >= 0)
    return existing;
  v = add_vehicle (world, world->rand, g_ascii_strup (plate, -1), state ? state : "IL");
  if (make)
    v->make = g_intern_string (make);
  if (model)
    v->model = g_intern_string (model);
  if (color)
    v->color = g_intern_string (color);
  return (int) world->vehicles->len - 1;
}

int
sim_world_add_person (SimWorld   *world,
                      const char *last,
                      const char *first,
                      const char *dob)
{
  SimPerson *p = add_person (world, world->rand, world->persons->len);

  g_free (p->last);
  p->last = g_ascii_strup (last, -1);
  g_free (p->first);
  p->first = g_ascii_strup (first, -1);
  if (dob)
    {
      g_free (p->dob);
      p->dob = g_strdup (dob);
    }
  /* Someone typed into a BOLO form is not thereby wanted. */
  p->warrant = FALSE;
  p->history = FALSE;
  return (int) world->persons->len - 1;
}

SimBolo *
sim_world_add_bolo (SimWorld   *world,
                    gint64      now,
                    int         vehicle,
                    int         person,
                    const char *reason,
                    gint64      expires_at,
                    const char *issued_by,
                    const char *cautions,
                    const char *case_number)
{
  SimBolo *b = new_bolo (world, now, vehicle, person);

  g_free (b->reason);
  b->reason = g_strdup (reason);
  if (expires_at > 0)
    b->expires_at = expires_at;
  if (issued_by)
    {
      g_free (b->issued_by);
      b->issued_by = g_strdup (issued_by);
    }
  g_free (b->cautions);
  b->cautions = g_strdup (cautions);
  g_free (b->case_number);
  b->case_number = g_strdup (case_number);
  return b;
}

/* Typed reads of client JSON. json-glib's *_with_default getters still
 * warn when a member holds an object or array; these never do. */
static JsonNode *
value_member (JsonObject *o,
              const char *key)
{
  JsonNode *n;

  if (o == NULL || !json_object_has_member (o, key))
    return NULL;
  n = json_object_get_member (o, key);
  return JSON_NODE_HOLDS_VALUE (n) ? n : NULL;
}

const char *
sim_json_string (JsonObject *o,
                 const char *key,
                 const char *def)
{
  JsonNode *n = value_member (o, key);

  return n && json_node_get_value_type (n) == G_TYPE_STRING ? json_node_get_string (n) : def;
}

gint64
sim_json_int (JsonObject *o,
              const char *key,
              gint64      def)
{
  JsonNode *n = value_member (o, key);

  return n && json_node_get_value_type (n) == G_TYPE_INT64 ? json_node_get_int (n) : def;
}

double
sim_json_double (JsonObject *o,
                 const char *key,
                 double      def)
{
  JsonNode *n = value_member (o, key);

  if (n && json_node_get_value_type (n) == G_TYPE_DOUBLE)
    return json_node_get_double (n);
  if (n && json_node_get_value_type (n) == G_TYPE_INT64)
    return (double) json_node_get_int (n);
  return def;
}
