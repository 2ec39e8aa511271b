/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "RtccJpegMetadata"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "rtcc-jpeg-metadata.h"

G_DEFINE_QUARK (rtcc-jpeg-error-quark, rtcc_jpeg_error)

/* Names and ids come from the VMS: cap them so that a hostile one cannot
 * push the segments past their 64 KiB limit. */
#define MAX_FIELD_CHARS 200
#define MAX_SEGMENT_BYTES 65533

#define TIFF_BYTE      1
#define TIFF_ASCII     2
#define TIFF_SHORT     3
#define TIFF_LONG      4
#define TIFF_RATIONAL  5
#define TIFF_UNDEFINED 7

#define TAG_IMAGE_DESCRIPTION 0x010E
#define TAG_SOFTWARE          0x0131
#define TAG_DATE_TIME         0x0132
#define TAG_EXIF_IFD          0x8769
#define TAG_GPS_IFD           0x8825
#define TAG_EXIF_VERSION      0x9000
#define TAG_DATE_TIME_ORIGINAL 0x9003
#define TAG_OFFSET_TIME_ORIGINAL 0x9011
#define TAG_GPS_VERSION       0x0000
#define TAG_GPS_LAT_REF       0x0001
#define TAG_GPS_LAT           0x0002
#define TAG_GPS_LON_REF       0x0003
#define TAG_GPS_LON           0x0004
#define TAG_GPS_TIME          0x0007
#define TAG_GPS_DATUM         0x0012
#define TAG_GPS_DATE          0x001D

typedef struct
{
  guint16       tag;
  guint16       type;
  guint32       count;
  const guint8 *data;   /* big-endian value bytes */
  gsize         len;
} Entry;

static void
put16 (GByteArray *array,
       guint       value)
{
  guint8 bytes[2] = { (value >> 8) & 0xff, value & 0xff };

  g_byte_array_append (array, bytes, 2);
}

static void
put32 (GByteArray *array,
       guint32     value)
{
  guint8 bytes[4] = { value >> 24, (value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff };

  g_byte_array_append (array, bytes, 4);
}

static void
set32 (GByteArray *array,
       gsize       at,
       guint32     value)
{
  array->data[at] = value >> 24;
  array->data[at + 1] = (value >> 16) & 0xff;
  array->data[at + 2] = (value >> 8) & 0xff;
  array->data[at + 3] = value & 0xff;
}

static void
pad_even (GByteArray *array)
{
  if (array->len % 2 != 0)
    g_byte_array_append (array, (const guint8 *) "", 1);
}

/* Writes one IFD and its out-of-line values at the end of @tiff, whose
 * first byte is the TIFF header all offsets count from. @slots, when
 * given, gets where each entry's value field sits, to patch pointers. */
static void
write_ifd (GByteArray  *tiff,
           const Entry *entries,
           guint        n_entries,
           gsize       *slots)
{
  gsize data_at = tiff->len + 2 + 12 * n_entries + 4;

  put16 (tiff, n_entries);
  for (guint i = 0; i < n_entries; i++)
    {
      const Entry *entry = &entries[i];

      put16 (tiff, entry->tag);
      put16 (tiff, entry->type);
      put32 (tiff, entry->count);
      if (slots != NULL)
        slots[i] = tiff->len;
      if (entry->len <= 4)
        {
          guint8 value[4] = { 0 };

          memcpy (value, entry->data, entry->len);
          g_byte_array_append (tiff, value, 4);
        }
      else
        {
          put32 (tiff, data_at);
          data_at += entry->len + entry->len % 2;
        }
    }
  put32 (tiff, 0);  /* no next IFD */
  for (guint i = 0; i < n_entries; i++)
    if (entries[i].len > 4)
      {
        g_byte_array_append (tiff, entries[i].data, entries[i].len);
        pad_even (tiff);
      }
}

static Entry
ascii_entry (guint16     tag,
             const char *text)
{
  Entry entry = { tag, TIFF_ASCII, strlen (text) + 1, (const guint8 *) text, strlen (text) + 1 };

  return entry;
}

static void
rational (guint8  *out,
          guint32  numerator,
          guint32  denominator)
{
  guint32 values[2] = { GUINT32_TO_BE (numerator), GUINT32_TO_BE (denominator) };

  memcpy (out, values, 8);
}

/* Degrees, minutes and seconds to the thousandth, as EXIF readers
 * expect; a thousandth of a second of arc is 3 cm. */
static void
dms_rationals (guint8 out[24],
               double degrees)
{
  guint64 milli = (guint64) llround (fabs (degrees) * 3600.0 * 1000.0);

  rational (out, milli / 3600000, 1);
  rational (out + 8, (milli / 60000) % 60, 1);
  rational (out + 16, milli % 60000, 1000);
}

/* Field text for the description: valid UTF-8, one line, bounded. */
static char *
clean_field (const char *text)
{
  g_autofree char *valid = NULL;
  char *cut;

  if (text == NULL || *text == '\0')
    return NULL;
  valid = g_utf8_make_valid (text, -1);
  cut = g_utf8_substring (valid, 0, MIN (g_utf8_strlen (valid, -1), MAX_FIELD_CHARS));
  for (char *p = cut; *p != '\0'; p++)
    if ((guchar) *p < 0x20 || *p == 0x7f)
      *p = ' ';
  return cut;
}

/* EXIF ASCII is seven-bit: readers show anything else as garbage. */
static char *
to_exif_ascii (const char *utf8)
{
  char *ascii = g_str_to_ascii (utf8, "C");

  for (char *p = ascii; *p != '\0'; p++)
    if ((guchar) *p < 0x20 || (guchar) *p > 0x7e)
      *p = '?';
  return ascii;
}

/**
 * rtcc_jpeg_describe:
 * @metadata: what to describe
 *
 * The one-line description written into the JPEG comment and the EXIF
 * ImageDescription: camera name and id, UTC time, location and source.
 *
 * Returns: (transfer full): the description, UTF-8
 */
char *
rtcc_jpeg_describe (const RtccJpegMetadata *metadata)
{
  g_autofree char *name = NULL;
  g_autofree char *id = NULL;
  g_autofree char *source = NULL;
  g_autofree char *when = NULL;
  g_autoptr(GDateTime) utc = NULL;
  GString *text = g_string_new (NULL);

  g_return_val_if_fail (metadata != NULL && metadata->time != NULL, NULL);

  name = clean_field (metadata->camera_name);
  id = clean_field (metadata->camera_id);
  source = clean_field (metadata->source);
  utc = g_date_time_to_utc (metadata->time);
  when = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");

  g_string_append_printf (text, "Camera: %s", name != NULL ? name : "unnamed");
  if (id != NULL)
    g_string_append_printf (text, " (id %s)", id);
  g_string_append_printf (text, "; Time: %s", when);
  if (metadata->has_location)
    {
      char lat[G_ASCII_DTOSTR_BUF_SIZE];
      char lon[G_ASCII_DTOSTR_BUF_SIZE];

      g_string_append_printf (text, "; Location: %s, %s",
                              g_ascii_formatd (lat, sizeof lat, "%.6f", metadata->latitude),
                              g_ascii_formatd (lon, sizeof lon, "%.6f", metadata->longitude));
    }
  if (source != NULL)
    g_string_append_printf (text, "; Source: %s", source);
  return g_string_free (text, FALSE);
}

static GByteArray *
build_exif (const RtccJpegMetadata *metadata,
            const char             *description)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (metadata->time);
  g_autofree char *ascii = to_exif_ascii (description);
  g_autofree char *stamp = g_date_time_format (utc, "%Y:%m:%d %H:%M:%S");
  g_autofree char *date = g_date_time_format (utc, "%Y:%m:%d");
  static const guint8 gps_version[4] = { 2, 3, 0, 0 };
  guint8 lat[24], lon[24], gps_time[24];
  guint8 zero_pointer[4] = { 0 };
  GByteArray *app1 = g_byte_array_new ();
  g_autoptr(GByteArray) tiff = g_byte_array_new ();
  gsize ifd0_slots[5];
  Entry ifd0[5];
  guint n_ifd0 = 0;

  ifd0[n_ifd0++] = ascii_entry (TAG_IMAGE_DESCRIPTION, ascii);
  ifd0[n_ifd0++] = ascii_entry (TAG_SOFTWARE, "RTCC-UIP Workstation");
  ifd0[n_ifd0++] = ascii_entry (TAG_DATE_TIME, stamp);
  ifd0[n_ifd0++] = (Entry) { TAG_EXIF_IFD, TIFF_LONG, 1, zero_pointer, 4 };
  if (metadata->has_location)
    ifd0[n_ifd0++] = (Entry) { TAG_GPS_IFD, TIFF_LONG, 1, zero_pointer, 4 };

  /* Big-endian ("MM") TIFF header; IFD0 right after it. */
  g_byte_array_append (tiff, (const guint8 *) "MM\0\x2a", 4);
  put32 (tiff, 8);
  write_ifd (tiff, ifd0, n_ifd0, ifd0_slots);

  {
    Entry exif[] = {
      { TAG_EXIF_VERSION, TIFF_UNDEFINED, 4, (const guint8 *) "0231", 4 },
      ascii_entry (TAG_DATE_TIME_ORIGINAL, stamp),
      ascii_entry (TAG_OFFSET_TIME_ORIGINAL, "+00:00"),
    };

    set32 (tiff, ifd0_slots[3], tiff->len);
    write_ifd (tiff, exif, G_N_ELEMENTS (exif), NULL);
  }

  if (metadata->has_location)
    {
      Entry gps[] = {
        { TAG_GPS_VERSION, TIFF_BYTE, 4, gps_version, 4 },
        ascii_entry (TAG_GPS_LAT_REF, metadata->latitude < 0 ? "S" : "N"),
        { TAG_GPS_LAT, TIFF_RATIONAL, 3, lat, 24 },
        ascii_entry (TAG_GPS_LON_REF, metadata->longitude < 0 ? "W" : "E"),
        { TAG_GPS_LON, TIFF_RATIONAL, 3, lon, 24 },
        { TAG_GPS_TIME, TIFF_RATIONAL, 3, gps_time, 24 },
        ascii_entry (TAG_GPS_DATUM, "WGS-84"),
        ascii_entry (TAG_GPS_DATE, date),
      };

      dms_rationals (lat, metadata->latitude);
      dms_rationals (lon, metadata->longitude);
      rational (gps_time, g_date_time_get_hour (utc), 1);
      rational (gps_time + 8, g_date_time_get_minute (utc), 1);
      rational (gps_time + 16, g_date_time_get_second (utc), 1);
      set32 (tiff, ifd0_slots[4], tiff->len);
      write_ifd (tiff, gps, G_N_ELEMENTS (gps), NULL);
    }

  g_byte_array_append (app1, (const guint8 *) "\xff\xe1", 2);
  put16 (app1, 2 + 6 + tiff->len);
  g_byte_array_append (app1, (const guint8 *) "Exif\0\0", 6);
  g_byte_array_append (app1, tiff->data, tiff->len);
  return app1;
}

/**
 * rtcc_jpeg_add_metadata:
 * @jpeg: a JPEG file's bytes
 * @metadata: what to write
 * @error: return location for a #RtccJpegError
 *
 * Writes @metadata into a copy of @jpeg twice over: as EXIF (an APP1
 * segment with ImageDescription, DateTimeOriginal in UTC and a GPS IFD
 * holding the location as degree, minute and second rationals) and as a
 * JPEG comment that any viewer shows. EXIF already in @jpeg, e.g. from
 * the VMS, is replaced; the image data is copied untouched.
 *
 * Returns: (transfer full): the new file's bytes, or %NULL when @jpeg is
 *   not a JPEG or the location is not on Earth
 */
GBytes *
rtcc_jpeg_add_metadata (GBytes                 *jpeg,
                        const RtccJpegMetadata *metadata,
                        GError                **error)
{
  g_autoptr(GByteArray) out = NULL;
  g_autoptr(GByteArray) app1 = NULL;
  g_autoptr(GByteArray) kept = g_byte_array_new ();
  g_autofree char *description = NULL;
  const guint8 *data;
  gsize len, pos = 2, after_jfif = 2;

  g_return_val_if_fail (jpeg != NULL, NULL);
  g_return_val_if_fail (metadata != NULL && metadata->time != NULL, NULL);

  data = g_bytes_get_data (jpeg, &len);
  if (len < 4 || data[0] != 0xff || data[1] != 0xd8)
    {
      g_set_error_literal (error, RTCC_JPEG_ERROR, RTCC_JPEG_ERROR_INVALID,
                           _("The picture is not a JPEG image"));
      return NULL;
    }
  if (metadata->has_location &&
      (!isfinite (metadata->latitude) || !isfinite (metadata->longitude) ||
       fabs (metadata->latitude) > 90.0 || fabs (metadata->longitude) > 180.0))
    {
      g_set_error_literal (error, RTCC_JPEG_ERROR, RTCC_JPEG_ERROR_INVALID,
                           _("The camera’s location is not a valid latitude and longitude"));
      return NULL;
    }

  /* Walk the application segments at the head of the file; the first
   * other marker starts the image data, copied as it is. */
  while (TRUE)
    {
      guint marker, seg_len;

      if (pos + 4 > len || data[pos] != 0xff)
        {
          g_set_error_literal (error, RTCC_JPEG_ERROR, RTCC_JPEG_ERROR_INVALID,
                               _("The JPEG image is damaged: its headers run past its end"));
          return NULL;
        }
      marker = data[pos + 1];
      if (marker == 0xff)
        {
          pos++;  /* fill byte */
          continue;
        }
      if (!((marker >= 0xe0 && marker <= 0xef) || marker == 0xfe))
        break;
      seg_len = (data[pos + 2] << 8) | data[pos + 3];
      if (seg_len < 2 || pos + 2 + seg_len > len)
        {
          g_set_error_literal (error, RTCC_JPEG_ERROR, RTCC_JPEG_ERROR_INVALID,
                               _("The JPEG image is damaged: a header has a wrong length"));
          return NULL;
        }
      if (marker == 0xe0 && pos == 2 && seg_len >= 7 && memcmp (data + pos + 4, "JFIF", 5) == 0)
        after_jfif = pos + 2 + seg_len;  /* JFIF must stay first */
      else if (!(marker == 0xe1 && seg_len >= 8 && memcmp (data + pos + 4, "Exif\0\0", 6) == 0))
        g_byte_array_append (kept, data + pos, 2 + seg_len);
      pos += 2 + seg_len;
    }

  description = rtcc_jpeg_describe (metadata);
  app1 = build_exif (metadata, description);
  if (app1->len - 2 > MAX_SEGMENT_BYTES || strlen (description) > MAX_SEGMENT_BYTES)
    {
      g_set_error_literal (error, RTCC_JPEG_ERROR, RTCC_JPEG_ERROR_TOO_LARGE,
                           _("The picture’s description is too long for a JPEG header"));
      return NULL;
    }

  out = g_byte_array_sized_new (len + app1->len + strlen (description) + 4);
  g_byte_array_append (out, data, after_jfif);
  g_byte_array_append (out, app1->data, app1->len);
  g_byte_array_append (out, (const guint8 *) "\xff\xfe", 2);
  put16 (out, 2 + strlen (description));
  g_byte_array_append (out, (const guint8 *) description, strlen (description));
  g_byte_array_append (out, kept->data, kept->len);
  g_byte_array_append (out, data + pos, len - pos);
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}
