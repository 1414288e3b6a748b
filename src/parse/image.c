/* Photo headers: format, size, components, EXIF orientation.  Pixels are
 * decoded later, by render, at the resolution it needs. */
#include "parse/parse.h"

#include <errno.h>
#include <libexif/exif-data.h>
#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jpeglib.h>

/* libjpeg reports errors through a callback that must not return; its
 * documented way out is longjmp, confined to this function's frame. */
typedef struct {
  struct jpeg_error_mgr pub;
  jmp_buf jb;
  char msg[JMSG_LENGTH_MAX];
} jpeg_err;

static void
jpeg_error_exit (j_common_ptr cinfo)
{
  jpeg_err *e = (jpeg_err *) cinfo->err;
  e->pub.format_message (cinfo, e->msg);
  longjmp (e->jb, 1);
}

static bool
jpeg_has_eoi (const unsigned char *d, size_t len)
{
  /* Some writers append padding after EOI: look at the last 64 bytes. */
  size_t from = len > 64 ? len - 64 : 0;
  for (size_t i = len; i-- > from + 1;)
    if (d[i - 1] == 0xFF && d[i] == 0xD9)
      return true;
  return false;
}

static bool
read_jpeg_header (pb_image *img, pb_diagnostics *diags)
{
  struct jpeg_decompress_struct cinfo;
  jpeg_err err;
  cinfo.err = jpeg_std_error (&err.pub);
  err.pub.error_exit = jpeg_error_exit;
  if (setjmp (err.jb)) {
    pb_error (diags, "image", img->pos, "%s: not a readable JPEG (%s)", img->path, err.msg);
    jpeg_destroy_decompress (&cinfo);
    return false;
  }
  jpeg_create_decompress (&cinfo);
  jpeg_mem_src (&cinfo, img->data, (unsigned long) img->len);
  jpeg_read_header (&cinfo, TRUE);
  img->width = (int) cinfo.image_width;
  img->height = (int) cinfo.image_height;
  img->components = cinfo.num_components;
  img->adobe_inverted = cinfo.saw_Adobe_marker && cinfo.num_components == 4;
  img->progressive = cinfo.progressive_mode;
  jpeg_destroy_decompress (&cinfo);
  if (!jpeg_has_eoi (img->data, img->len)) {
    pb_error (diags, "image", img->pos, "%s: truncated JPEG (no end-of-image marker)", img->path);
    return false;
  }
  img->orientation = 1;
  ExifData *ed = exif_data_new_from_data (img->data, (unsigned int) (img->len > 0x7fffffff ? 0x7fffffff : img->len));
  if (ed) {
    ExifEntry *e = exif_content_get_entry (ed->ifd[EXIF_IFD_0], EXIF_TAG_ORIENTATION);
    if (e && e->format == EXIF_FORMAT_SHORT && e->components == 1) {
      int o = exif_get_short (e->data, exif_data_get_byte_order (ed));
      if (o >= 1 && o <= 8)
        img->orientation = o;
    }
    exif_data_unref (ed);
  }
  return true;
}

typedef struct {
  const unsigned char *d;
  size_t len, pos;
} png_mem;

static void
png_mem_read (png_structp png, png_bytep out, size_t n)
{
  png_mem *m = png_get_io_ptr (png);
  if (m->len - m->pos < n)
    png_error (png, "file is truncated");
  memcpy (out, m->d + m->pos, n);
  m->pos += n;
}

static void
png_err_fn (png_structp png, png_const_charp msg)
{
  char *buf = png_get_error_ptr (png);
  snprintf (buf, 200, "%s", msg);
  png_longjmp (png, 1);
}

static void
png_warn_fn (png_structp png, png_const_charp msg)
{
  (void) png;
  (void) msg;
}

static bool
read_png_header (pb_image *img, pb_diagnostics *diags)
{
  char msg[200] = "";
  png_structp png = png_create_read_struct (PNG_LIBPNG_VER_STRING, msg, png_err_fn, png_warn_fn);
  png_infop info = png ? png_create_info_struct (png) : NULL;
  if (!info) {
    png_destroy_read_struct (&png, NULL, NULL);
    pb_error (diags, "memory", img->pos, "out of memory");
    return false;
  }
  png_mem m = {img->data, img->len, 0};
  if (setjmp (png_jmpbuf (png))) {
    png_destroy_read_struct (&png, &info, NULL);
    pb_error (diags, "image", img->pos, "%s: not a readable PNG (%s)", img->path, msg);
    return false;
  }
  png_set_read_fn (png, &m, png_mem_read);
  png_read_info (png, info);
  img->width = (int) png_get_image_width (png, info);
  img->height = (int) png_get_image_height (png, info);
  img->components = png_get_channels (png, info);
  img->orientation = 1;
  png_destroy_read_struct (&png, &info, NULL);
  return true;
}

pb_image *
pb_parse_image (pb_arena *arena, const char *path, pb_pos ref, pb_diagnostics *diags)
{
  size_t len;
  unsigned char *data = (unsigned char *) pb_file_read (path, &len);
  if (!data) {
    pb_error (diags, "image", ref, "cannot read photo %s: %s", path,
              errno == EFBIG ? "larger than the file size limit" : strerror (errno));
    return NULL;
  }
  pb_image *img = pb_arena_alloc (arena, sizeof *img);
  unsigned char *copy = pb_arena_alloc (arena, len ? len : 1);
  if (!img || !copy) {
    free (data);
    pb_error (diags, "memory", ref, "out of memory reading %s", path);
    return NULL;
  }
  memcpy (copy, data, len);
  free (data);
  img->path = pb_arena_strdup (arena, path);
  img->pos = ref;
  img->data = copy;
  img->len = len;
  bool ok;
  if (len >= 3 && copy[0] == 0xFF && copy[1] == 0xD8 && copy[2] == 0xFF) {
    img->format = PB_IMAGE_JPEG;
    ok = read_jpeg_header (img, diags);
  } else if (len >= 8 && memcmp (copy, "\x89PNG\r\n\x1a\n", 8) == 0) {
    img->format = PB_IMAGE_PNG;
    ok = read_png_header (img, diags);
  } else {
    pb_error (diags, "image", ref, "%s is not a JPEG or PNG image", path);
    return NULL;
  }
  if (ok && (img->width <= 0 || img->height <= 0 || img->width > PB_MAX_IMAGE_SIDE ||
             img->height > PB_MAX_IMAGE_SIDE ||
             (uint64_t) img->width * (uint64_t) img->height > PB_MAX_IMAGE_PIXELS)) {
    pb_error (diags, "image", ref, "%s: %d × %d pixels is outside the limits (at most %d per side, %u in all)",
              path, img->width, img->height, PB_MAX_IMAGE_SIDE, PB_MAX_IMAGE_PIXELS);
    ok = false;
  }
  return ok ? img : NULL;
}
