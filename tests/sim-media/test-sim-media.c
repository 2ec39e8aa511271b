/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <gdk-pixbuf/gdk-pixbuf.h>

#include "rtcc-sim-media.h"

static GdkPixbuf *
decode_jpeg (GBytes *bytes)
{
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new_with_type ("jpeg", NULL);
  g_autoptr(GError) error = NULL;
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);

  g_assert_nonnull (loader);
  /* A JPEG starts with SOI and ends with EOI. */
  g_assert_cmpuint (size, >, 4);
  g_assert_cmphex (data[0], ==, 0xff);
  g_assert_cmphex (data[1], ==, 0xd8);
  g_assert_cmphex (data[size - 2], ==, 0xff);
  g_assert_cmphex (data[size - 1], ==, 0xd9);

  gdk_pixbuf_loader_write_bytes (loader, bytes, &error);
  g_assert_no_error (error);
  gdk_pixbuf_loader_close (loader, &error);
  g_assert_no_error (error);
  return g_object_ref (gdk_pixbuf_loader_get_pixbuf (loader));
}

/* Pixels that differ clearly between two pictures, within rows
 * [row0, row1), so that a change of burned-in digits alone cannot count. */
static guint
count_changed_pixels (GdkPixbuf *a,
                      GdkPixbuf *b,
                      int        row0,
                      int        row1)
{
  int width = gdk_pixbuf_get_width (a);
  int n_channels = gdk_pixbuf_get_n_channels (a);
  guint changed = 0;

  g_assert_cmpint (gdk_pixbuf_get_width (b), ==, width);
  for (int y = row0; y < row1; y++)
    {
      const guint8 *pa = gdk_pixbuf_get_pixels (a) + y * gdk_pixbuf_get_rowstride (a);
      const guint8 *pb = gdk_pixbuf_get_pixels (b) + y * gdk_pixbuf_get_rowstride (b);

      for (int x = 0; x < width; x++)
        {
          int d = 0;
          for (int c = 0; c < 3; c++)
            d += ABS (pa[x * n_channels + c] - pb[x * n_channels + c]);
          if (d > 60)
            changed++;
        }
    }
  return changed;
}

static void
test_snapshot_size (void)
{
  static const guint sizes[][2] = { { 640, 360 }, { 320, 180 }, { 17, 33 }, { 1280, 720 } };
  g_autoptr(GDateTime) time = g_date_time_new_utc (2026, 11, 23, 4, 12, 9.25);

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) jpeg = rtcc_sim_media_snapshot_jpeg ("Madison & Ashland NB", time, 7,
                                                            sizes[i][0], sizes[i][1], &error);
      g_autoptr(GdkPixbuf) pixbuf = NULL;

      g_assert_no_error (error);
      pixbuf = decode_jpeg (jpeg);
      g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, sizes[i][0]);
      g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, sizes[i][1]);
    }
}

static void
test_snapshot_moves (void)
{
  g_autoptr(GDateTime) t1 = g_date_time_new_utc (2026, 11, 23, 15, 0, 1.0);
  g_autoptr(GDateTime) t2 = g_date_time_add_seconds (t1, 1.5);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) a = rtcc_sim_media_snapshot_jpeg ("Cam 1", t1, 99, 640, 360, &error);
  g_autoptr(GBytes) a_again = rtcc_sim_media_snapshot_jpeg ("Cam 1", t1, 99, 640, 360, &error);
  g_autoptr(GBytes) b = rtcc_sim_media_snapshot_jpeg ("Cam 1", t2, 99, 640, 360, &error);
  g_autoptr(GBytes) other_camera = rtcc_sim_media_snapshot_jpeg ("Cam 1", t1, 100, 640, 360, &error);
  g_autoptr(GdkPixbuf) pa = NULL;
  g_autoptr(GdkPixbuf) pb = NULL;
  g_autoptr(GdkPixbuf) pc = NULL;

  g_assert_no_error (error);
  /* Deterministic: the same request gives the same file. */
  g_assert_true (g_bytes_equal (a, a_again));
  g_assert_false (g_bytes_equal (a, b));

  pa = decode_jpeg (a);
  pb = decode_jpeg (b);
  pc = decode_jpeg (other_camera);
  /* The street, between the name band and the clock band, has moved. */
  g_assert_cmpuint (count_changed_pixels (pa, pb, 60, 320), >, 1000);
  /* Another seed is another street. */
  g_assert_cmpuint (count_changed_pixels (pa, pc, 60, 320), >, 1000);
}

static void
test_snapshot_night (void)
{
  g_autoptr(GDateTime) noon = g_date_time_new_utc (2026, 6, 1, 12, 0, 0);
  g_autoptr(GDateTime) night = g_date_time_new_utc (2026, 6, 1, 2, 0, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) a = rtcc_sim_media_snapshot_jpeg ("Cam", noon, 1, 160, 90, &error);
  g_autoptr(GBytes) b = rtcc_sim_media_snapshot_jpeg ("Cam", night, 1, 160, 90, &error);
  g_autoptr(GdkPixbuf) pa = NULL;
  g_autoptr(GdkPixbuf) pb = NULL;

  g_assert_no_error (error);
  pa = decode_jpeg (a);
  pb = decode_jpeg (b);
  /* The sky at the top right is darker at night. */
  g_assert_cmpint (gdk_pixbuf_get_pixels (pa)[150 * 3 + 2 + 30 * gdk_pixbuf_get_rowstride (pa)], >,
                   gdk_pixbuf_get_pixels (pb)[150 * 3 + 2 + 30 * gdk_pixbuf_get_rowstride (pb)] + 40);
}

static void
test_snapshot_bad_input (void)
{
  g_autoptr(GDateTime) time = g_date_time_new_utc (2026, 11, 23, 4, 12, 9);
  g_autoptr(GString) hostile = g_string_new (NULL);
  struct { const char *name; GDateTime *time; guint w, h; } cases[] = {
    { NULL, time, 640, 360 },
    { "bad \xff\xfe utf8", time, 640, 360 },
    { "Cam", NULL, 640, 360 },
    { "Cam", time, 0, 360 },
    { "Cam", time, 640, 8 },
    { "Cam", time, 100000, 360 },
    { "Cam", time, 640, G_MAXUINT },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) jpeg = rtcc_sim_media_snapshot_jpeg (cases[i].name, cases[i].time, 1,
                                                            cases[i].w, cases[i].h, &error);
      g_assert_null (jpeg);
      g_assert_error (error, RTCC_SIM_MEDIA_ERROR, RTCC_SIM_MEDIA_ERROR_INVALID_ARGUMENT);
      g_assert_cmpstr (error->message, !=, "");
    }

  /* A huge name full of control characters and markup still draws. */
  for (guint i = 0; i < 2000; i++)
    g_string_append (hostile, "<b>&\t\n\r\x01é%s");
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GBytes) jpeg = rtcc_sim_media_snapshot_jpeg (hostile->str, time, 1, 320, 180, &error);
    g_autoptr(GdkPixbuf) pixbuf = NULL;

    g_assert_no_error (error);
    pixbuf = decode_jpeg (jpeg);
    g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, 320);
  }
}

static void
test_plate (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) a = rtcc_sim_media_plate_jpeg ("ABC1234", "IL", &error);
  g_autoptr(GBytes) a_lower = rtcc_sim_media_plate_jpeg ("abc1234", "il", &error);
  g_autoptr(GBytes) b = rtcc_sim_media_plate_jpeg ("XYZ-987", "TX", &error);
  g_autoptr(GBytes) no_state = rtcc_sim_media_plate_jpeg (" 7 ", NULL, &error);
  g_autoptr(GBytes) odd_state = rtcc_sim_media_plate_jpeg ("ON 1234", "QC", &error);
  g_autoptr(GdkPixbuf) pa = NULL;
  g_autoptr(GdkPixbuf) pb = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (no_state);
  g_assert_nonnull (odd_state);
  /* Plates are case-insensitive, as the readers report them. */
  g_assert_true (g_bytes_equal (a, a_lower));

  pa = decode_jpeg (a);
  pb = decode_jpeg (b);
  g_assert_cmpint (gdk_pixbuf_get_width (pa), >=, 320);
  g_assert_cmpint (gdk_pixbuf_get_height (pa), >=, 160);
  /* The plate itself (the middle of the picture) shows other characters. */
  g_assert_cmpuint (count_changed_pixels (pa, pb, gdk_pixbuf_get_height (pa) / 2,
                                          gdk_pixbuf_get_height (pa) * 3 / 4), >, 500);
}

static void
test_plate_bad_input (void)
{
  struct { const char *plate; const char *state; } cases[] = {
    { NULL, "IL" },
    { "", "IL" },
    { "   ", "IL" },
    { "---", "IL" },
    { "ABC$123", "IL" },
    { "ABCDEFGHIJK", "IL" },
    { "ÄBC123", "IL" },
    { "ABC123", "ILL" },
    { "ABC123", "1L" },
    { "ABC123", "I" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) jpeg = rtcc_sim_media_plate_jpeg (cases[i].plate, cases[i].state, &error);

      g_assert_null (jpeg);
      g_assert_error (error, RTCC_SIM_MEDIA_ERROR, RTCC_SIM_MEDIA_ERROR_INVALID_ARGUMENT);
    }
}

typedef struct
{
  guint16 format;
  guint16 channels;
  guint32 rate;
  guint16 bits;
  const gint16 *samples;
  gsize n_samples;
} Wav;

static guint32
le32 (const guint8 *p)
{
  return p[0] | (p[1] << 8) | (p[2] << 16) | ((guint32) p[3] << 24);
}

static guint16
le16 (const guint8 *p)
{
  return p[0] | (p[1] << 8);
}

static void
parse_wav (GBytes *bytes,
           Wav    *wav)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);

  g_assert_cmpuint (size, >, 44);
  g_assert_cmpmem (data, 4, "RIFF", 4);
  g_assert_cmpuint (le32 (data + 4), ==, size - 8);
  g_assert_cmpmem (data + 8, 4, "WAVE", 4);
  g_assert_cmpmem (data + 12, 4, "fmt ", 4);
  g_assert_cmpuint (le32 (data + 16), ==, 16);
  wav->format = le16 (data + 20);
  wav->channels = le16 (data + 22);
  wav->rate = le32 (data + 24);
  g_assert_cmpuint (le32 (data + 28), ==, wav->rate * wav->channels * 2);
  g_assert_cmpuint (le16 (data + 32), ==, wav->channels * 2);
  wav->bits = le16 (data + 34);
  g_assert_cmpmem (data + 36, 4, "data", 4);
  g_assert_cmpuint (le32 (data + 40), ==, size - 44);
  /* Little-endian hosts only, as this machine is. */
  wav->samples = (const gint16 *) (data + 44);
  wav->n_samples = (size - 44) / 2;
}

/* A simple detector: the 5 ms envelope crosses 40% of the loudest
 * point (and is loud in absolute terms), then 150 ms must pass before
 * another shot counts. */
static guint
count_shots (const Wav *wav)
{
  gsize block = wav->rate / 200;
  gsize n_blocks = wav->n_samples / block;
  g_autofree int *envelope = g_new0 (int, n_blocks);
  int loudest = 0, threshold;
  gsize refractory = 30, last = 0;
  gboolean above = FALSE, any = FALSE;
  guint shots = 0;

  for (gsize b = 0; b < n_blocks; b++)
    {
      for (gsize k = 0; k < block; k++)
        envelope[b] = MAX (envelope[b], ABS ((int) wav->samples[b * block + k]));
      loudest = MAX (loudest, envelope[b]);
    }
  threshold = MAX (loudest * 4 / 10, 8000);

  for (gsize b = 0; b < n_blocks; b++)
    {
      gboolean now_above = envelope[b] > threshold;

      if (now_above && !above && (!any || b - last >= refractory))
        {
          shots++;
          last = b;
          any = TRUE;
        }
      above = now_above;
    }
  return shots;
}

static void
test_wav_shots (void)
{
  static const guint rounds[] = { 0, 1, 4, 8 };

  for (guint i = 0; i < G_N_ELEMENTS (rounds); i++)
    for (guint32 seed = 1; seed <= 5; seed++)
      {
        g_autoptr(GBytes) bytes = rtcc_sim_media_gunshot_wav (rounds[i], seed * 7919);
        Wav wav;
        double noise = 0;

        parse_wav (bytes, &wav);
        g_assert_cmpuint (wav.format, ==, 1);
        g_assert_cmpuint (wav.channels, ==, 1);
        g_assert_cmpuint (wav.bits, ==, 16);
        g_assert_cmpuint (wav.rate, ==, RTCC_SIM_MEDIA_WAV_RATE);
        g_assert_cmpuint (wav.n_samples, >=, 3 * wav.rate);
        g_assert_cmpuint (wav.n_samples, <=, 10 * wav.rate);
        g_assert_cmpuint (count_shots (&wav), ==, rounds[i]);

        /* Background noise before the first shot: present but quiet. */
        for (gsize k = 0; k < wav.rate / 4; k++)
          noise += ABS (wav.samples[k]);
        noise /= wav.rate / 4;
        g_assert_cmpfloat (noise, >, 20);
        g_assert_cmpfloat (noise, <, 3000);
      }
}

static void
test_wav_seed_and_limit (void)
{
  g_autoptr(GBytes) a = rtcc_sim_media_gunshot_wav (4, 1);
  g_autoptr(GBytes) a_again = rtcc_sim_media_gunshot_wav (4, 1);
  g_autoptr(GBytes) b = rtcc_sim_media_gunshot_wav (4, 2);
  g_autoptr(GBytes) many = rtcc_sim_media_gunshot_wav (G_MAXUINT, 3);
  Wav wav;

  g_assert_true (g_bytes_equal (a, a_again));
  g_assert_false (g_bytes_equal (a, b));

  parse_wav (many, &wav);
  g_assert_cmpuint (count_shots (&wav), ==, RTCC_SIM_MEDIA_MAX_ROUNDS);
  g_assert_cmpuint (wav.n_samples, <, 40 * wav.rate);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sim-media/snapshot/size", test_snapshot_size);
  g_test_add_func ("/sim-media/snapshot/moves", test_snapshot_moves);
  g_test_add_func ("/sim-media/snapshot/night", test_snapshot_night);
  g_test_add_func ("/sim-media/snapshot/bad-input", test_snapshot_bad_input);
  g_test_add_func ("/sim-media/plate/draws", test_plate);
  g_test_add_func ("/sim-media/plate/bad-input", test_plate_bad_input);
  g_test_add_func ("/sim-media/wav/shots", test_wav_shots);
  g_test_add_func ("/sim-media/wav/seed-and-limit", test_wav_seed_and_limit);

  return g_test_run ();
}
