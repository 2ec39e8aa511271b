/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccSim"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "rtcc-sim-private.h"
#include "rtcc-sim-media.h"
#include "rtcc-sim-rtsp.h"

#define USEC ((gint64) G_USEC_PER_SEC)
/* Recordings are served as clips of at most this length: long enough to
 * play and seek, short enough to render in a second or two. */
#define RECORDING_CLIP_MAX_S 20
#define EXPORT_MAX_S 600

typedef struct
{
  RtccSimRtsp  *rtsp;
  char         *dir;            /* rendered clips and recordings */
  GCancellable *cancellable;
  guint         pending;        /* renders in flight */
  GHashTable   *recordings;     /* recording id -> GPtrArray of waiting SoupServerMessage, or NULL once on disk */
  guint         next_export;
} SimMedia;

static SimMedia *
media_get (RtccSimServer *self)
{
  return *sim_server_media_slot (self);
}

void
sim_media_start (RtccSimServer *self)
{
  SimMedia *m = g_new0 (SimMedia, 1);
  g_autoptr(GError) error = NULL;
  SimWorld *w = NULL;

  *sim_server_media_slot (self) = m;
  m->cancellable = g_cancellable_new ();
  m->recordings = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  m->dir = g_dir_make_tmp ("rtcc-sim-XXXXXX", &error);
  if (m->dir == NULL)
    {
      g_warning ("Media files have nowhere to go: %s", error->message);
      g_clear_error (&error);
    }

  m->rtsp = rtcc_sim_rtsp_new (sim_server_get_context (self));
  if (!rtcc_sim_rtsp_start (m->rtsp, 0, &error))
    {
      /* Cameras then list no stream; the REST API still works. */
      g_warning ("Live video is off: %s", error->message);
      g_clear_object (&m->rtsp);
      return;
    }
  /* Every camera gets a mount; encoders only run while someone watches. */
  w = sim_server_get_world (self);
  for (guint i = 0; i < w->cameras->len; i++)
    {
      SimCamera *c = g_ptr_array_index (w->cameras, i);
      rtcc_sim_rtsp_add_camera (m->rtsp, c->id, c->name);
    }
}

char *
sim_media_rtsp_uri (RtccSimServer *self,
                    const char    *camera_id)
{
  SimMedia *m = media_get (self);

  if (m == NULL || m->rtsp == NULL)
    return NULL;
  return rtcc_sim_rtsp_get_uri (m->rtsp, camera_id);
}

/* A camera that stops responding stops sending video, as a real one
 * does; it sends again when it responds again. */
void
sim_media_rtsp_set_camera_live (RtccSimServer *self,
                                const char    *camera_id,
                                gboolean       live)
{
  SimMedia *m = media_get (self);

  if (m != NULL && m->rtsp != NULL)
    rtcc_sim_rtsp_set_stopped (m->rtsp, camera_id, !live);
}

gboolean
sim_media_rtsp_stop (RtccSimServer *self,
                     gboolean       stopped)
{
  SimMedia *m = media_get (self);
  g_autoptr(GPtrArray) ids = NULL;

  if (m == NULL || m->rtsp == NULL)
    return FALSE;
  ids = rtcc_sim_server_list_camera_ids (self);
  for (guint i = 0; i < ids->len; i++)
    rtcc_sim_rtsp_set_stopped (m->rtsp, g_ptr_array_index (ids, i), stopped);
  return TRUE;
}

void
sim_media_shutdown (RtccSimServer *self)
{
  SimMedia *m = media_get (self);
  gint64 deadline = g_get_monotonic_time () + 10 * USEC;

  if (m == NULL)
    return;
  g_cancellable_cancel (m->cancellable);
  /* Let cancelled renders report back before the context stops. */
  while (m->pending > 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (sim_server_get_context (self), TRUE);
  if (m->rtsp)
    rtcc_sim_rtsp_stop (m->rtsp);
  g_clear_object (&m->rtsp);
  g_clear_object (&m->cancellable);
  g_clear_pointer (&m->recordings, g_hash_table_unref);
  if (m->dir)
    {
      g_autoptr(GDir) dir = g_dir_open (m->dir, 0, NULL);
      const char *name;

      while (dir && (name = g_dir_read_name (dir)))
        {
          g_autofree char *path = g_build_filename (m->dir, name, NULL);
          g_unlink (path);
        }
      g_rmdir (m->dir);
      g_free (m->dir);
    }
  g_free (m);
  *sim_server_media_slot (self) = NULL;
}

/* Pictures and sound, made off the simulator thread -------------------------- */

typedef enum { JOB_SNAPSHOT, JOB_PLATE, JOB_WAV } JobKind;

typedef struct
{
  JobKind            kind;
  RtccSimServer     *server;
  SoupServerMessage *msg;
  SimVendor          vendor;
  char              *text;
  char              *text2;
  GDateTime         *time;
  guint32            seed;
  guint              rounds;
} Job;

static void
job_free (Job *job)
{
  g_clear_object (&job->msg);
  g_free (job->text);
  g_free (job->text2);
  g_clear_pointer (&job->time, g_date_time_unref);
  g_free (job);
}

static void
job_thread (GTask        *task,
            gpointer      source,
            gpointer      data,
            GCancellable *cancellable)
{
  Job *job = data;
  GError *error = NULL;
  GBytes *bytes = NULL;

  switch (job->kind)
    {
    case JOB_SNAPSHOT:
      bytes = rtcc_sim_media_snapshot_jpeg (job->text, job->time, job->seed, 640, 360, &error);
      break;
    case JOB_PLATE:
      bytes = rtcc_sim_media_plate_jpeg (job->text, job->text2, &error);
      break;
    case JOB_WAV:
      bytes = rtcc_sim_media_gunshot_wav (job->rounds, job->seed);
      break;
    default:
      g_assert_not_reached ();
    }
  if (bytes)
    g_task_return_pointer (task, bytes, (GDestroyNotify) g_bytes_unref);
  else
    g_task_return_error (task, error);
}

static void
job_done (GObject      *source,
          GAsyncResult *result,
          gpointer      data)
{
  Job *job = g_task_get_task_data (G_TASK (result));
  SimMedia *m = media_get (job->server);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_task_propagate_pointer (G_TASK (result), &error);
  SimRequest req = { .msg = job->msg, .vendor = job->vendor, .server = job->server };

  if (m)
    m->pending--;
  if (bytes)
    sim_reply_bytes (&req, 200, job->kind == JOB_WAV ? "audio/wav" : "image/jpeg", bytes);
  else
    {
      g_warning ("Media rendering failed: %s", error->message);
      sim_reply_error (&req, 500, "MEDIA_FAILED", "The simulator could not render this media.");
    }
  soup_server_message_unpause (job->msg);
}

static void
run_job (SimRequest *req,
         Job        *job)
{
  g_autoptr(GTask) task = g_task_new (NULL, media_get (req->server)->cancellable, job_done, NULL);

  job->server = req->server;
  job->msg = g_object_ref (req->msg);
  job->vendor = req->vendor;
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  media_get (req->server)->pending++;
  soup_server_message_pause (req->msg);
  g_task_run_in_thread (task, job_thread);
}

/* Clips ---------------------------------------------------------------------- */

typedef struct
{
  RtccSimServer *server;
  char          *id;          /* export id, or recording id */
  gboolean       recording;
} ClipJob;

static void
clip_job_free (ClipJob *j)
{
  g_free (j->id);
  g_free (j);
}

static void
export_progress (double   fraction,
                 gpointer data)
{
  ClipJob *j = data;
  SimExport *e = g_hash_table_lookup (sim_server_get_exports (j->server), j->id);

  if (e)
    e->progress = CLAMP (fraction, 0, 1);
}

static void serve_file (SimRequest *req, const char *path, const char *content_type);

/* A client that left while its recording rendered is not answered:
 * its connection is gone. */
static void
waiting_gone (SoupServerMessage *msg,
              gpointer           user_data)
{
  g_object_set_data (G_OBJECT (msg), "rtcc-sim-gone", GINT_TO_POINTER (TRUE));
}

/* The clip stands for the recording: from now on the listing's checksum
 * and size are the served file's, so that downloads can be verified. */
static void
describe_recording_file (RtccSimServer *server,
                         const char    *id,
                         const char    *path)
{
  SimRecording *rec = sim_world_find_recording (sim_server_get_world (server), id);
  g_autofree char *data = NULL;
  gsize len;

  if (rec == NULL || !g_file_get_contents (path, &data, &len, NULL))
    return;
  g_free (rec->sha256);
  rec->sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, len);
  rec->size_bytes = len;
}

static void
clip_done (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  ClipJob *j = data;
  SimMedia *m = media_get (j->server);
  g_autoptr(GError) error = NULL;
  gboolean ok = rtcc_sim_media_render_clip_finish (result, &error);

  if (m)
    m->pending--;
  if (!j->recording)
    {
      SimExport *e = g_hash_table_lookup (sim_server_get_exports (j->server), j->id);
      if (e)
        {
          g_free (e->state);
          e->state = g_strdup (ok ? "Completed" : "Failed");
          if (ok)
            e->progress = 1.0;
          else
            e->error = g_strdup (error->message);
        }
    }
  else if (m)
    {
      GPtrArray *waiting = g_hash_table_lookup (m->recordings, j->id);
      g_autofree char *path = g_strdup_printf ("%s/%s.mp4", m->dir, j->id);

      for (guint i = 0; waiting && i < waiting->len; i++)
        {
          SoupServerMessage *msg = g_ptr_array_index (waiting, i);
          SimRequest req = { .msg = msg, .vendor = SIM_VENDOR_BWC, .server = j->server };

          g_signal_handlers_disconnect_by_func (msg, waiting_gone, NULL);
          if (g_object_get_data (G_OBJECT (msg), "rtcc-sim-gone") != NULL)
            continue;
          if (ok)
            serve_file (&req, path, "video/mp4");
          else
            sim_reply_error (&req, 500, "MEDIA_FAILED", "The recording could not be prepared.");
          soup_server_message_unpause (msg);
        }
      if (ok)
        {
          describe_recording_file (j->server, j->id, path);
          g_hash_table_replace (m->recordings, g_strdup (j->id), g_ptr_array_new ());
        }
      else
        g_hash_table_remove (m->recordings, j->id);
    }
  if (error && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Clip %s failed: %s", j->id, error->message);
  clip_job_free (j);
}

static void
serve_file (SimRequest *req,
            const char *path,
            const char *content_type)
{
  g_autofree char *data = NULL;
  gsize len;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;

  if (!g_file_get_contents (path, &data, &len, &error))
    {
      sim_reply_error (req, 500, "MEDIA_FAILED", "The rendered file could not be read.");
      return;
    }
  bytes = g_bytes_new_take (g_steal_pointer (&data), len);
  /* SoupServer answers Range requests from a complete 200 body itself. */
  soup_message_headers_replace (soup_server_message_get_response_headers (req->msg), "Accept-Ranges", "bytes");
  sim_reply_bytes (req, 200, content_type, bytes);
}

static JsonNode *
export_json (SimRequest *req,
             SimExport  *e)
{
  JsonObject *o = json_object_new ();
  JsonObject *wrap = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (o, "id", e->id);
  json_object_set_string_member (o, "state", e->state);
  /* Milestone counts in percent, as the integration and CLI expect. */
  json_object_set_double_member (o, "progress", e->progress * 100.0);
  if (g_str_equal (e->state, "Completed"))
    {
      g_autofree char *root = rtcc_sim_server_get_base_url (req->server, "milestone");
      g_autofree char *uri = g_strdup_printf ("%s/rest/v1/exports/%s/download", root, e->id);
      json_object_set_string_member (o, "downloadUri", uri);
    }
  if (e->error)
    json_object_set_string_member (o, "error", e->error);
  json_object_set_object_member (wrap, "data", o);
  json_node_take_object (node, wrap);
  return node;
}

static void
milestone_export (SimRequest *req)
{
  SimMedia *m = media_get (req->server);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) body = sim_request_body_json (req, &error);
  JsonObject *o;
  const char *camera_id, *start_s, *end_s, *format;
  gint64 start, end;
  SimCamera *c;
  SimExport *e;
  ClipJob *j;
  g_autoptr(GDateTime) start_dt = NULL;

  if (body == NULL)
    {
      sim_reply_error (req, 400, "BAD_REQUEST", error->message);
      return;
    }
  o = json_node_get_object (body);
  camera_id = sim_json_string (o, "cameraId", NULL);
  start_s = sim_json_string (o, "start", NULL);
  end_s = sim_json_string (o, "end", NULL);
  format = sim_json_string (o, "format", "mp4");
  if (camera_id == NULL || (c = sim_world_find_camera (req->world, camera_id)) == NULL)
    {
      sim_reply_error (req, 404, "NOT_FOUND", "The camera was not found.");
      return;
    }
  if (!sim_time_parse (start_s, &start) || !sim_time_parse (end_s, &end) || end <= start)
    {
      sim_reply_error (req, 400, "BAD_REQUEST", "\"start\" and \"end\" must be ISO 8601 times with end after start.");
      return;
    }
  if ((end - start) / USEC > EXPORT_MAX_S)
    {
      sim_reply_error (req, 400, "BAD_REQUEST", "An export may span at most 10 minutes.");
      return;
    }
  if (format == NULL || !g_str_equal (format, "mp4"))
    {
      sim_reply_error (req, 400, "BAD_REQUEST", "Only \"mp4\" exports are supported.");
      return;
    }
  if (m->dir == NULL)
    {
      sim_reply_error (req, 503, "UNAVAILABLE", "The simulator has no place to write exports.");
      return;
    }
  e = g_new0 (SimExport, 1);
  e->id = g_strdup_printf ("exp-%06u", ++m->next_export);
  e->camera_id = g_strdup (camera_id);
  e->start = start;
  e->end = end;
  e->state = g_strdup ("InProgress");
  e->path = g_strdup_printf ("%s/%s.mp4", m->dir, e->id);
  g_hash_table_insert (sim_server_get_exports (req->server), e->id, e);

  j = g_new0 (ClipJob, 1);
  j->server = req->server;
  j->id = g_strdup (e->id);
  start_dt = g_date_time_new_from_unix_utc (start / USEC);
  m->pending++;
  rtcc_sim_media_render_clip_async (c->name, start_dt, (guint) MAX (1, (end - start) / USEC), e->path,
                                    export_progress, j, m->cancellable, clip_done, j);
  sim_reply_json (req, 202, export_json (req, e));
}

static void
bwc_media (SimRequest *req,
           const char *token)
{
  SimMedia *m = media_get (req->server);
  gint64 expires_at;
  g_autofree char *id = sim_server_lookup_media_url (req->server, token, &expires_at);
  SimRecording *rec;
  GPtrArray *waiting;
  g_autofree char *path = NULL;

  if (id == NULL)
    {
      sim_reply_error (req, 404, "NOT_FOUND", "The media URL is unknown.");
      return;
    }
  if (g_get_real_time () >= expires_at)
    {
      sim_reply_error (req, 403, "URL_EXPIRED", "The media URL has expired; request a new one.");
      return;
    }
  rec = sim_world_find_recording (req->world, id);
  if (rec == NULL || m->dir == NULL)
    {
      sim_reply_error (req, 404, "NOT_FOUND", "The recording is gone.");
      return;
    }
  path = g_strdup_printf ("%s/%s.mp4", m->dir, rec->id);
  waiting = g_hash_table_lookup (m->recordings, rec->id);
  if (waiting != NULL && waiting->len == 0 && g_file_test (path, G_FILE_TEST_EXISTS))
    {
      serve_file (req, path, "video/mp4");
      return;
    }
  /* First request renders the recording; later ones wait for it. */
  soup_server_message_pause (req->msg);
  if (waiting == NULL)
    {
      ClipJob *j = g_new0 (ClipJob, 1);
      g_autoptr(GDateTime) start = g_date_time_new_from_unix_utc (rec->started_at / USEC);
      g_autofree char *label = g_strdup_printf ("%s %s", rec->id,
                                                ((SimOfficer *) g_ptr_array_index (req->world->officers, rec->officer))->device_serial);

      waiting = g_ptr_array_new_with_free_func (g_object_unref);
      g_hash_table_insert (m->recordings, g_strdup (rec->id), waiting);
      j->server = req->server;
      j->id = g_strdup (rec->id);
      j->recording = TRUE;
      m->pending++;
      rtcc_sim_media_render_clip_async (label, start, MIN (rec->duration_s, RECORDING_CLIP_MAX_S), path,
                                        NULL, NULL, m->cancellable, clip_done, j);
    }
  g_ptr_array_add (waiting, g_object_ref (req->msg));
  g_signal_connect (req->msg, "disconnected", G_CALLBACK (waiting_gone), NULL);
  g_signal_connect (req->msg, "finished", G_CALLBACK (waiting_gone), NULL);
}

/* Routing -------------------------------------------------------------------- */

gboolean
sim_media_route (SimRequest *req)
{
  SimMedia *m = media_get (req->server);
  const char *method = soup_server_message_get_method (req->msg);
  g_auto(GStrv) parts = g_strsplit (req->sub[0] == '/' ? req->sub + 1 : req->sub, "/", 0);
  guint n = g_strv_length (parts);
  Job *job;

  if (m == NULL)
    return FALSE;

  switch (req->vendor)
    {
    case SIM_VENDOR_MILESTONE:
      if (n == 5 && g_str_equal (parts[0], "rest") && g_str_equal (parts[2], "cameras") && g_str_equal (parts[4], "snapshot"))
        {
          SimCamera *c;
          gint64 at = g_get_real_time ();
          const char *time = sim_request_query (req, "time");

          if (!sim_route_authorize (req))
            return TRUE;
          if ((c = sim_world_find_camera (req->world, parts[3])) == NULL)
            {
              sim_reply_error (req, 404, "NOT_FOUND", "The camera was not found.");
              return TRUE;
            }
          if (time && !sim_time_parse (time, &at))
            {
              sim_reply_error (req, 400, "BAD_REQUEST", "\"time\" must be an ISO 8601 time.");
              return TRUE;
            }
          if (!c->enabled || !c->responding)
            {
              sim_reply_error (req, 503, "UNAVAILABLE", "The camera is not responding.");
              return TRUE;
            }
          job = g_new0 (Job, 1);
          job->kind = JOB_SNAPSHOT;
          job->text = g_strdup (c->name);
          job->time = g_date_time_new_from_unix_utc (at / USEC);
          job->seed = sim_server_get_seed_internal (req->server) ^ g_str_hash (c->id);
          run_job (req, job);
          return TRUE;
        }
      if (n >= 3 && g_str_equal (parts[0], "rest") && g_str_equal (parts[2], "exports"))
        {
          SimExport *e;

          if (!sim_route_authorize (req))
            return TRUE;
          if (n == 3 && g_str_equal (method, "POST"))
            milestone_export (req);
          else if (n >= 4 && (e = g_hash_table_lookup (sim_server_get_exports (req->server), parts[3])) == NULL)
            sim_reply_error (req, 404, "NOT_FOUND", "The export was not found.");
          else if (n == 4 && g_str_equal (method, "GET"))
            sim_reply_json (req, 200, export_json (req, e));
          else if (n == 5 && g_str_equal (parts[4], "download") && g_str_equal (method, "GET"))
            {
              if (g_str_equal (e->state, "Completed"))
                serve_file (req, e->path, "video/mp4");
              else
                sim_reply_error (req, 409, "NOT_READY", "The export has not completed.");
            }
          else
            sim_reply_error (req, 404, "NOT_FOUND", "No such export endpoint.");
          return TRUE;
        }
      return FALSE;

    case SIM_VENDOR_SHOTSPOTTER:
      if (n == 5 && g_str_equal (parts[2], "alerts") && g_str_equal (parts[4], "audio"))
        {
          SimAlert *a;

          if (!sim_route_authorize (req))
            return TRUE;
          if (!g_str_equal (parts[1], SIM_AGENCY_ID))
            {
              sim_reply_error (req, 403, "FORBIDDEN", "This API key does not belong to that agency.");
              return TRUE;
            }
          if ((a = sim_world_find_alert (req->world, parts[3])) == NULL)
            {
              sim_reply_error (req, 404, "NOT_FOUND", "The alert was not found.");
              return TRUE;
            }
          job = g_new0 (Job, 1);
          job->kind = JOB_WAV;
          job->rounds = MIN (a->rounds, RTCC_SIM_MEDIA_MAX_ROUNDS);
          job->seed = sim_server_get_seed_internal (req->server) ^ g_str_hash (a->id);
          run_job (req, job);
          return TRUE;
        }
      return FALSE;

    case SIM_VENDOR_FLOCK:
      if (n == 3 && g_str_equal (parts[0], "reads") && g_str_equal (parts[2], "image"))
        {
          SimRead *rd = NULL;

          if (!sim_route_authorize (req))
            return TRUE;
          for (guint i = req->world->reads->len; i > 0 && rd == NULL; i--)
            if (g_str_equal (((SimRead *) g_ptr_array_index (req->world->reads, i - 1))->id, parts[1]))
              rd = g_ptr_array_index (req->world->reads, i - 1);
          if (rd == NULL)
            {
              sim_reply_error (req, 404, "NOT_FOUND", "The read was not found.");
              return TRUE;
            }
          job = g_new0 (Job, 1);
          job->kind = JOB_PLATE;
          job->text = g_strdup (((SimVehicle *) g_ptr_array_index (req->world->vehicles, rd->vehicle))->plate);
          job->text2 = g_strdup (((SimVehicle *) g_ptr_array_index (req->world->vehicles, rd->vehicle))->state);
          run_job (req, job);
          return TRUE;
        }
      return FALSE;

    case SIM_VENDOR_BWC:
      if (n == 2 && g_str_equal (parts[0], "media"))
        {
          if (!g_str_equal (method, "GET") && !g_str_equal (method, "HEAD"))
            sim_reply_error (req, 405, "METHOD_NOT_ALLOWED", "Use GET.");
          else
            bwc_media (req, parts[1]);
          return TRUE;
        }
      return FALSE;

    case SIM_VENDOR_ONESOLUTION:
    case SIM_VENDOR_NESS:
    case SIM_VENDOR_HOTSHEETS:
    case SIM_N_VENDORS:
    default:
      return FALSE;
    }
}
