/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bench-alert-latency: from gunshot to analyst. Starts the simulator and a
 * ShotSpotter integration on it in this process, injects gunshots through
 * the admin API (POST /admin/inject) at a steady rate, and for each one
 * measures, from just before the inject request is sent:
 *   - event: until the integration's "event" signal delivers it;
 *   - frame: until the next frame of an RtccEventLayer showing it (the
 *     layer's tick callback, added right after the model change).
 * Prints p50/p95/p99 in milliseconds, with the inject request's own round
 * trip ("reply") as the machine's baseline. Target: frame p95 < 100 ms.
 *
 * Usage: bench-alert-latency [N [INTERVAL_MS]]   (default 1000 and 20)
 * Needs a display: bench/run-alert-latency runs it under Xvfb.
 */
#define G_LOG_DOMAIN "RtccBenchAlertLatency"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <gtk/gtk.h>
#include <libsoup/soup.h>
#include <shumate/shumate.h>

#include "rtcc-event-layer.h"
#include "rtcc-event-list.h"
#include "rtcc-sim-server.h"
#include "shotspotter/rtcc-shotspotter-integration.h"

#define WIDTH  800
#define HEIGHT 600

typedef struct
{
  gint64 sent_us;
  gint64 reply_us;
  gint64 event_us;
  gint64 frame_us;
} Sample;

typedef struct
{
  RtccSimServer   *sim;
  SoupSession     *session;
  char            *inject_url;
  RtccEventLayer  *layer;
  RtccEventList   *list;
  GHashTable      *by_id;       /* alertId -> Sample*, once the reply names it */
  GHashTable      *early;       /* alertId -> Sample* for events before the reply */
  Sample          *samples;
  guint            n;
  guint            sent;
  guint            answered;
  guint            complete;
  guint            failed;
  guint            interval_ms;
  gboolean         ticking;
  GPtrArray       *waiting_frame; /* samples whose event awaits a frame */
  GMainLoop       *loop;
} Bench;

static Sample *
sample_for (Bench      *bench,
            const char *alert_id)
{
  Sample *sample = g_hash_table_lookup (bench->by_id, alert_id);

  if (sample == NULL)
    {
      sample = g_hash_table_lookup (bench->early, alert_id);
      if (sample == NULL)
        {
          sample = g_new0 (Sample, 1);
          g_hash_table_insert (bench->early, g_strdup (alert_id), sample);
        }
    }
  return sample;
}

static void check_done (Bench *bench);

static gboolean
on_tick (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  Bench *bench = user_data;
  gint64 now = g_get_monotonic_time ();

  for (guint i = 0; i < bench->waiting_frame->len; i++)
    {
      Sample *sample = g_ptr_array_index (bench->waiting_frame, i);

      sample->frame_us = now;
    }
  g_ptr_array_set_size (bench->waiting_frame, 0);
  bench->ticking = FALSE;
  check_done (bench);
  return G_SOURCE_REMOVE;
}

static void
check_done (Bench *bench)
{
  if (bench->answered + bench->failed == bench->n && bench->waiting_frame->len == 0 &&
      bench->complete >= bench->answered)
    g_main_loop_quit (bench->loop);
}

static void
merge_early (Bench      *bench,
             const char *alert_id,
             Sample     *sample)
{
  Sample *early = g_hash_table_lookup (bench->early, alert_id);

  if (early == NULL)
    return;
  sample->event_us = early->event_us;
  sample->frame_us = early->frame_us;
  /* The frame may still be pending for the early record. */
  for (guint i = 0; i < bench->waiting_frame->len; i++)
    if (g_ptr_array_index (bench->waiting_frame, i) == early)
      bench->waiting_frame->pdata[i] = sample;
  g_hash_table_remove (bench->early, alert_id);
}

static void
on_event (RtccIntegration *integration,
          RtccEvent       *event,
          Bench           *bench)
{
  const char *alert_id = rtcc_event_get_vendor_id (event);
  Sample *sample;

  if (rtcc_event_get_event_type (event) != RTCC_EVENT_TYPE_GUNSHOT || alert_id == NULL)
    return;
  sample = sample_for (bench, alert_id);
  if (sample->event_us != 0)
    return;
  sample->event_us = g_get_monotonic_time ();
  rtcc_event_list_add (bench->list, event);
  g_ptr_array_add (bench->waiting_frame, sample);
  if (!bench->ticking)
    {
      bench->ticking = TRUE;
      gtk_widget_add_tick_callback (GTK_WIDGET (bench->layer), on_tick, bench, NULL);
    }
  if (g_hash_table_lookup (bench->by_id, alert_id) == sample)
    bench->complete++;
}

typedef struct
{
  Bench  *bench;
  Sample *sample;
} Pending;

static void
inject_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autofree Pending *pending = user_data;
  Bench *bench = pending->bench;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;
  const char *alert_id = NULL;

  pending->sample->reply_us = g_get_monotonic_time ();

  if (body != NULL && json_parser_load_from_data (parser, g_bytes_get_data (body, NULL),
                                                  g_bytes_get_size (body), &error))
    {
      root = json_parser_get_root (parser);
      if (JSON_NODE_HOLDS_OBJECT (root))
        alert_id = json_object_get_string_member_with_default (json_node_get_object (root), "alertId", NULL);
    }
  if (alert_id == NULL)
    {
      g_printerr ("inject failed: %s\n", error != NULL ? error->message : "no alertId");
      bench->failed++;
      check_done (bench);
      return;
    }
  g_hash_table_insert (bench->by_id, g_strdup (alert_id), pending->sample);
  merge_early (bench, alert_id, pending->sample);
  if (pending->sample->event_us != 0)
    bench->complete++;
  bench->answered++;
  check_done (bench);
}

static gboolean
inject_next (gpointer user_data)
{
  Bench *bench = user_data;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = g_bytes_new_static ("{\"kind\": \"gunshot\"}", 19);
  Pending *pending;

  if (bench->sent == bench->n)
    return G_SOURCE_REMOVE;
  pending = g_new0 (Pending, 1);
  pending->bench = bench;
  pending->sample = &bench->samples[bench->sent++];
  msg = soup_message_new ("POST", bench->inject_url);
  soup_message_set_request_body_from_bytes (msg, "application/json", body);
  pending->sample->sent_us = g_get_monotonic_time ();
  soup_session_send_and_read_async (bench->session, msg, G_PRIORITY_DEFAULT, NULL, inject_cb, pending);
  return G_SOURCE_CONTINUE;
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

static void
report (const char *name,
        GArray     *values)
{
  double p[3];
  static const double q[3] = { 0.50, 0.95, 0.99 };

  if (values->len == 0)
    {
      printf ("%-6s no samples\n", name);
      return;
    }
  g_array_sort (values, compare_gint64);
  for (guint i = 0; i < 3; i++)
    {
      guint k = MIN (values->len - 1, (guint) (q[i] * values->len));

      p[i] = g_array_index (values, gint64, k) / 1000.0;
    }
  printf ("%-6s n=%u  p50=%.2f ms  p95=%.2f ms  p99=%.2f ms  max=%.2f ms\n", name, values->len,
          p[0], p[1], p[2], g_array_index (values, gint64, values->len - 1) / 1000.0);
}

static gboolean
timeout_cb (gpointer user_data)
{
  Bench *bench = user_data;

  g_printerr ("timed out: %u of %u complete\n", bench->complete, bench->n);
  g_main_loop_quit (bench->loop);
  return G_SOURCE_REMOVE;
}

int
main (int   argc,
      char *argv[])
{
  Bench bench = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(RtccConfig) config = NULL;
  g_autoptr(RtccIntegration) integration = NULL;
  g_autoptr(GPtrArray) env = NULL;
  g_autoptr(ShumateMapSourceRegistry) registry = NULL;
  g_autoptr(ShumateViewport) viewport = NULL;
  g_autoptr(GArray) event_ms = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) frame_ms = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) reply_ms = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *root = NULL;
  GtkWidget *window;
  gint64 deadline;

  bench.n = argc > 1 ? (guint) CLAMP (atoi (argv[1]), 1, 1000000) : 1000;
  bench.interval_ms = argc > 2 ? (guint) CLAMP (atoi (argv[2]), 1, 10000) : 20;

  if (!gtk_init_check ())
    {
      g_printerr ("bench-alert-latency needs a display; run bench/run-alert-latency\n");
      return 1;
    }

  bench.sim = rtcc_sim_server_new (1);
  rtcc_sim_server_set_rate (bench.sim, 0);
  rtcc_sim_server_set_backfill_days (bench.sim, 0);
  if (!rtcc_sim_server_start (bench.sim, 0, &error))
    {
      g_printerr ("simulator: %s\n", error->message);
      return 1;
    }
  root = rtcc_sim_server_get_base_url (bench.sim, NULL);
  bench.inject_url = g_strconcat (root, "/admin/inject", NULL);

  config = rtcc_config_new (NULL, FALSE);
  env = rtcc_sim_server_get_env (bench.sim);
  for (guint i = 0; i < env->len; i++)
    {
      g_auto(GStrv) kv = g_strsplit (g_ptr_array_index (env, i), "=", 2);

      if (g_str_has_prefix (kv[0], "SHOTSPOTTER_") && kv[1] != NULL)
        rtcc_config_set_override (config, kv[0], kv[1]);
    }

  registry = shumate_map_source_registry_new_with_defaults ();
  viewport = shumate_viewport_new ();
  shumate_viewport_set_reference_map_source (viewport,
                                             shumate_map_source_registry_get_by_id (registry, SHUMATE_MAP_SOURCE_OSM_MAPNIK));
  shumate_viewport_set_zoom_level (viewport, 13);
  shumate_location_set_location (SHUMATE_LOCATION (viewport), 41.8815, -87.6557);
  bench.list = rtcc_event_list_new (bench.n + 100);
  bench.layer = g_object_ref_sink (rtcc_event_layer_new (viewport));
  rtcc_event_layer_set_model (bench.layer, G_LIST_MODEL (bench.list));
  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), WIDTH, HEIGHT);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (bench.layer));
  gtk_window_present (GTK_WINDOW (window));

  bench.session = soup_session_new ();
  bench.by_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  bench.early = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  bench.samples = g_new0 (Sample, bench.n);
  bench.waiting_frame = g_ptr_array_new ();
  bench.loop = g_main_loop_new (NULL, FALSE);

  integration = rtcc_shotspotter_integration_new (config);
  g_signal_connect (integration, "event", G_CALLBACK (on_event), &bench);
  rtcc_integration_start (integration);

  /* Let the stream connect and drain its catch-up before measuring. */
  deadline = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_hash_table_remove_all (bench.early);
  g_ptr_array_set_size (bench.waiting_frame, 0);

  g_timeout_add (bench.interval_ms, inject_next, &bench);
  g_timeout_add_seconds (60 + bench.n * bench.interval_ms / 1000, timeout_cb, &bench);
  g_main_loop_run (bench.loop);

  for (guint i = 0; i < bench.n; i++)
    {
      Sample *s = &bench.samples[i];
      gint64 d;

      if (s->sent_us != 0 && s->reply_us != 0)
        {
          d = s->reply_us - s->sent_us;
          g_array_append_val (reply_ms, d);
        }
      if (s->sent_us == 0 || s->event_us == 0)
        continue;
      d = s->event_us - s->sent_us;
      g_array_append_val (event_ms, d);
      if (s->frame_us != 0)
        {
          d = s->frame_us - s->sent_us;
          g_array_append_val (frame_ms, d);
        }
    }

  printf ("bench-alert-latency: %u gunshots injected every %u ms, %u failed\n",
          bench.n, bench.interval_ms, bench.failed);
  /* The admin request's own round trip, as a baseline for this machine. */
  report ("reply", reply_ms);
  report ("event", event_ms);
  report ("frame", frame_ms);

  rtcc_integration_stop (integration);
  gtk_window_destroy (GTK_WINDOW (window));
  rtcc_sim_server_stop (bench.sim);
  g_clear_object (&bench.layer);
  g_clear_object (&bench.list);
  g_clear_object (&bench.session);
  g_clear_object (&bench.sim);
  g_hash_table_unref (bench.by_id);
  g_hash_table_unref (bench.early);
  g_ptr_array_unref (bench.waiting_frame);
  g_main_loop_unref (bench.loop);
  g_free (bench.samples);
  g_free (bench.inject_url);
  return frame_ms->len == bench.n ? 0 : 1;
}
