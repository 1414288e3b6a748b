/* Photos as photo desks deliver them: format, size, components, EXIF
 * orientation and embedded colour profile read at parse time, and the
 * whole image decoded once (at 1/8 scale with libjpeg, every row with
 * libpng) so that a damaged file is reported here, with the article's
 * file:line and the decoder's own message, never printed as a grey box.
 * Pixels for drawing are decoded later, by render, at the resolution it
 * needs. */
#include "parse/parse.h"

#include <errno.h>
#include <lcms2.h>
#include <libexif/exif-data.h>
#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <jpeglib.h>
#include <jerror.h>

/* ---- other formats: refused with the way to convert them ---- */

static const char *
other_format (const unsigned char *d, size_t len)
{
  if (len >= 4 && (memcmp (d, "II*\0", 4) == 0 || memcmp (d, "MM\0*", 4) == 0))
    return "TIFF";
  if (len >= 6 && (memcmp (d, "GIF87a", 6) == 0 || memcmp (d, "GIF89a", 6) == 0))
    return "GIF";
  if (len >= 12 && memcmp (d, "RIFF", 4) == 0 && memcmp (d + 8, "WEBP", 4) == 0)
    return "WebP";
  if (len >= 12 && memcmp (d + 4, "ftyp", 4) == 0) {
    if (memcmp (d + 8, "avif", 4) == 0 || memcmp (d + 8, "avis", 4) == 0)
      return "AVIF";
    return "HEIC";
  }
  if (len >= 2 && d[0] == 'B' && d[1] == 'M')
    return "BMP";
  if (len >= 4 && memcmp (d, "%PDF", 4) == 0)
    return "PDF";
  if (len >= 4 && memcmp (d, "%!PS", 4) == 0)
    return "PostScript/EPS";
  if (len >= 4 && memcmp (d, "8BPS", 4) == 0)
    return "Photoshop (PSD)";
  if (len >= 5 && (memcmp (d, "<?xml", 5) == 0 || memcmp (d, "<svg", 4) == 0))
    return "SVG";
  return NULL;
}

/* ---- JPEG ---- */

/* libjpeg reports errors through a callback that must not return; its
 * documented way out is longjmp, confined to the frames below.  Warnings
 * (corrupt data the decoder skipped) are collected, not muted. */
typedef struct {
  struct jpeg_error_mgr pub;
  jmp_buf jb;
  char msg[JMSG_LENGTH_MAX];     /* the fatal error */
  char warning[JMSG_LENGTH_MAX]; /* the first warning */
  int warnings;
  bool damaged;                  /* a warning that leaves part of the image missing */
} jpeg_err;

static void
jpeg_error_exit (j_common_ptr cinfo)
{
  jpeg_err *e = (jpeg_err *) cinfo->err;
  e->pub.format_message (cinfo, e->msg);
  longjmp (e->jb, 1);
}

static void
jpeg_emit (j_common_ptr cinfo, int level)
{
  jpeg_err *e = (jpeg_err *) cinfo->err;
  if (level >= 0)
    return; /* trace messages */
  if (!e->warnings++)
    e->pub.format_message (cinfo, e->warning);
  int code = e->pub.msg_code;
  /* the data ran out or had to be resynchronised: rows are missing */
  if (code == JWRN_JPEG_EOF || code == JWRN_HIT_MARKER || code == JWRN_MUST_RESYNC ||
      code == JWRN_NOT_SEQUENTIAL || code == JWRN_BOGUS_PROGRESSION)
    e->damaged = true;
}

/* Is the profile sRGB (by its description, as ICC profiles name it)? */
static bool
icc_is_srgb (const unsigned char *icc, size_t len)
{
  cmsHPROFILE p = cmsOpenProfileFromMem (icc, (cmsUInt32Number) len);
  if (!p)
    return false;
  char desc[256] = "";
  cmsGetProfileInfoASCII (p, cmsInfoDescription, "en", "US", desc, sizeof desc);
  cmsCloseProfile (p);
  return strstr (desc, "sRGB") != NULL || strstr (desc, "srgb") != NULL;
}

/* Keeps a profile that is not sRGB (render converts from it); false when
 * the profile cannot be read. */
static bool
keep_profile (pb_arena *arena, pb_image *img, const unsigned char *icc, size_t len)
{
  cmsHPROFILE p = cmsOpenProfileFromMem (icc, (cmsUInt32Number) len);
  if (!p)
    return false;
  cmsColorSpaceSignature cs = cmsGetColorSpace (p);
  cmsCloseProfile (p);
  bool fits = (cs == cmsSigRgbData && img->components == 3) || (cs == cmsSigGrayData && img->components == 1) ||
              (cs == cmsSigCmykData && img->components == 4);
  if (!fits)
    return false;
  if (cs == cmsSigRgbData && icc_is_srgb (icc, len))
    return true; /* sRGB: nothing to convert */
  img->icc = pb_arena_alloc (arena, len);
  if (!img->icc)
    return false;
  memcpy (img->icc, icc, len);
  img->icc_len = len;
  return true;
}

static void
read_orientation (pb_image *img)
{
  img->orientation = 1;
  ExifData *ed = exif_data_new_from_data (img->data, (unsigned int) (img->len > 0x7fffffff ? 0x7fffffff : img->len));
  if (!ed)
    return;
  ExifEntry *e = exif_content_get_entry (ed->ifd[EXIF_IFD_0], EXIF_TAG_ORIENTATION);
  if (e && e->format == EXIF_FORMAT_SHORT && e->components == 1) {
    int o = exif_get_short (e->data, exif_data_get_byte_order (ed));
    if (o >= 1 && o <= 8)
      img->orientation = o;
  }
  exif_data_unref (ed);
}

/* The header, the profile, and a decode of every scan at 1/8 scale (the
 * whole entropy-coded data is read: damage anywhere shows). */
static bool
read_jpeg (pb_arena *arena, pb_image *img, pb_diagnostics *diags)
{
  struct jpeg_decompress_struct cinfo;
  jpeg_err err = {0};
  JSAMPARRAY volatile rows = NULL;
  cinfo.err = jpeg_std_error (&err.pub);
  err.pub.error_exit = jpeg_error_exit;
  err.pub.emit_message = jpeg_emit;
  if (setjmp (err.jb)) {
    pb_error (diags, "image", img->pos, "%s: not a readable JPEG (libjpeg: %s)", img->path, err.msg);
    jpeg_destroy_decompress (&cinfo);
    return false;
  }
  jpeg_create_decompress (&cinfo);
  jpeg_mem_src (&cinfo, img->data, (unsigned long) img->len);
  jpeg_save_markers (&cinfo, JPEG_APP0 + 2, 0xFFFF);
  jpeg_read_header (&cinfo, TRUE);
  img->width = (int) cinfo.image_width;
  img->height = (int) cinfo.image_height;
  img->components = cinfo.num_components;
  img->adobe_inverted = cinfo.saw_Adobe_marker && cinfo.num_components == 4;
  img->progressive = cinfo.progressive_mode;
  /* what a PDF consumer may not read: arithmetic coding, other than 8-bit
   * samples (the PDF is given a baseline re-encoding instead) */
  img->reencode = cinfo.arith_code || cinfo.data_precision != 8;
  JOCTET *icc = NULL;
  unsigned int icc_len = 0;
  if (jpeg_read_icc_profile (&cinfo, &icc, &icc_len) && icc) {
    if (!keep_profile (arena, img, icc, icc_len))
      pb_warning (diags, "image", img->pos, "%s: its colour profile cannot be used; the photo is taken as sRGB",
                  img->path);
    free (icc);
  }
  if (img->width > PB_MAX_IMAGE_SIDE || img->height > PB_MAX_IMAGE_SIDE ||
      (uint64_t) img->width * (uint64_t) img->height > PB_MAX_IMAGE_PIXELS) {
    jpeg_destroy_decompress (&cinfo);
    return true; /* the caller reports the size */
  }
  cinfo.scale_num = 1;
  cinfo.scale_denom = 8;
  cinfo.dct_method = JDCT_IFAST;
  cinfo.do_fancy_upsampling = FALSE;
  cinfo.do_block_smoothing = FALSE;
  if (cinfo.jpeg_color_space == JCS_CMYK || cinfo.jpeg_color_space == JCS_YCCK)
    cinfo.out_color_space = JCS_CMYK;
  jpeg_start_decompress (&cinfo);
  rows = (*cinfo.mem->alloc_sarray) ((j_common_ptr) &cinfo, JPOOL_IMAGE,
                                     cinfo.output_width * (JDIMENSION) cinfo.output_components, 1);
  while (cinfo.output_scanline < cinfo.output_height)
    jpeg_read_scanlines (&cinfo, rows, 1);
  jpeg_finish_decompress (&cinfo);
  jpeg_destroy_decompress (&cinfo);
  if (err.damaged) {
    pb_error (diags, "image", img->pos, "%s: the JPEG is damaged and part of it would print grey (libjpeg: %s)",
              img->path, err.warning);
    return false;
  }
  if (err.warnings)
    pb_warning (diags, "image", img->pos, "%s: libjpeg reports problems in the JPEG data (%d): %s", img->path,
                err.warnings, err.warning);
  read_orientation (img);
  return true;
}

/* ---- PNG ---- */

typedef struct {
  const unsigned char *d;
  size_t len, pos;
} png_mem;

typedef struct {
  char error[200];
  char warning[200];
  int warnings;
} png_msgs;

static void
png_mem_read (png_structp png, png_bytep out, size_t n)
{
  png_mem *m = png_get_io_ptr (png);
  if (m->len - m->pos < n)
    png_error (png, "the file is cut short");
  memcpy (out, m->d + m->pos, n);
  m->pos += n;
}

static void
png_err_fn (png_structp png, png_const_charp msg)
{
  png_msgs *m = png_get_error_ptr (png);
  snprintf (m->error, sizeof m->error, "%s", msg);
  png_longjmp (png, 1);
}

static void
png_warn_fn (png_structp png, png_const_charp msg)
{
  png_msgs *m = png_get_error_ptr (png);
  if (!m->warnings++)
    snprintf (m->warning, sizeof m->warning, "%s", msg);
}

static bool
read_png (pb_arena *arena, pb_image *img, pb_diagnostics *diags)
{
  png_msgs msgs = {"", "", 0};
  png_structp png = png_create_read_struct (PNG_LIBPNG_VER_STRING, &msgs, png_err_fn, png_warn_fn);
  png_infop info = png ? png_create_info_struct (png) : NULL;
  if (!info) {
    png_destroy_read_struct (&png, NULL, NULL);
    pb_error (diags, "memory", img->pos, "out of memory");
    return false;
  }
  png_mem m = {img->data, img->len, 0};
  unsigned char *volatile row = NULL;
  if (setjmp (png_jmpbuf (png))) {
    png_destroy_read_struct (&png, &info, NULL);
    free (row);
    pb_error (diags, "image", img->pos, "%s: not a readable PNG (libpng: %s)", img->path, msgs.error);
    return false;
  }
  png_set_read_fn (png, &m, png_mem_read);
  png_read_info (png, info);
  img->width = (int) png_get_image_width (png, info);
  img->height = (int) png_get_image_height (png, info);
  img->components = png_get_channels (png, info);
  img->orientation = 1;
  png_charp name;
  int comp;
  png_bytep icc;
  png_uint_32 icc_len;
  double gamma;
  if (png_get_iCCP (png, info, &name, &comp, &icc, &icc_len) && icc_len) {
    int base = img->components >= 3 ? 3 : 1;
    int saved = img->components;
    img->components = base;
    if (!keep_profile (arena, img, icc, icc_len))
      pb_warning (diags, "image", img->pos, "%s: its colour profile cannot be used; the image is taken as sRGB",
                  img->path);
    img->components = saved;
  } else if (!png_get_valid (png, info, PNG_INFO_sRGB) && png_get_gAMA (png, info, &gamma) && gamma > 0 &&
             (gamma < 0.40 || gamma > 0.51))
    img->gamma = gamma; /* not the sRGB-like 1/2.2 (0.4545) */
  if (img->width > PB_MAX_IMAGE_SIDE || img->height > PB_MAX_IMAGE_SIDE ||
      (uint64_t) img->width * (uint64_t) img->height > PB_MAX_IMAGE_PIXELS) {
    png_destroy_read_struct (&png, &info, NULL);
    return true; /* the caller reports the size */
  }
  /* every row, every pass: a file cut short or a bad checksum shows here */
  png_set_interlace_handling (png);
  png_read_update_info (png, info);
  row = pb_malloc (png_get_rowbytes (png, info));
  if (!row)
    png_error (png, "out of memory");
  int passes = png_set_interlace_handling (png);
  for (int p = 0; p < passes; p++)
    for (int y = 0; y < img->height; y++)
      png_read_row (png, row, NULL);
  png_read_end (png, NULL);
  png_destroy_read_struct (&png, &info, NULL);
  free (row);
  if (msgs.warnings)
    pb_warning (diags, "image", img->pos, "%s: libpng reports problems (%d): %s", img->path, msgs.warnings,
                msgs.warning);
  return true;
}

/* The one place a photo's failure is remembered: pb_parse_image returns
 * through here. */
static pb_image *
failed (pb_arena *arena, const char *path, pb_pos ref, pb_image_set *images)
{
  const char *p = images ? pb_arena_strdup (arena, path) : NULL;
  if (p)
    (void) PB_VEC_PUSH (images->failed, ((struct pb_image_failure) {p, ref}));
  return NULL; /* not remembered (out of memory): the next use reports again */
}

static pb_image *parse_image (pb_arena *arena, const char *path, pb_pos ref, pb_image_set *images,
                              pb_diagnostics *diags);

pb_image *
pb_parse_image (pb_arena *arena, const char *path, pb_pos ref, pb_image_set *images, pb_diagnostics *diags)
{
  for (size_t i = 0; images && i < images->failed.n; i++)
    if (strcmp (images->failed.v[i].path, path) == 0) {
      pb_pos at = images->failed.v[i].pos;
      pb_note (diags, "image", ref, "%s is used here too; its error is at %s:%d:%d", path,
               at.file ? at.file : "?", at.line, at.col);
      return NULL;
    }
  pb_image *img = parse_image (arena, path, ref, images, diags);
  return img ? img : failed (arena, path, ref, images);
}

static pb_image *
parse_image (pb_arena *arena, const char *path, pb_pos ref, pb_image_set *images, pb_diagnostics *diags)
{
  struct stat st;
  for (size_t i = 0; images && i < images->n && stat (path, &st) == 0; i++) {
    const pb_image *o = images->v[i];
    if ((uint64_t) st.st_dev == o->stamp.dev && (uint64_t) st.st_ino == o->stamp.ino &&
        (int64_t) st.st_size == o->stamp.size &&
        (int64_t) st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec == o->stamp.mtime_ns) {
      pb_image *img = pb_arena_alloc (arena, sizeof *img);
      if (!img) {
        pb_error (diags, "memory", ref, "out of memory reading %s", path);
        return NULL;
      }
      *img = *o; /* the same bytes and facts, its own position */
      img->path = pb_arena_strdup (arena, path);
      img->pos = ref;
      return img->path ? img : NULL;
    }
  }
  size_t len;
  pb_file_stamp stamp = {0};
  unsigned char *data = (unsigned char *) pb_file_read (path, PB_MAX_PHOTO_FILE_BYTES, &len, &stamp);
  if (!data) {
    pb_read_error (diags, ref, true, path, errno, PB_MAX_PHOTO_FILE_BYTES);
    return NULL;
  }
  pb_image *img = pb_arena_alloc (arena, sizeof *img);
  if (!img || !pb_arena_adopt (arena, data)) {
    free (data);
    pb_error (diags, "memory", ref, "out of memory reading %s", path);
    return NULL;
  }
  img->path = pb_arena_strdup (arena, path);
  img->pos = ref;
  img->data = data;
  img->len = len;
  img->stamp = stamp;
  bool ok;
  const char *other;
  if (len >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF) {
    img->format = PB_IMAGE_JPEG;
    ok = read_jpeg (arena, img, diags);
  } else if (len >= 8 && memcmp (data, "\x89PNG\r\n\x1a\n", 8) == 0) {
    img->format = PB_IMAGE_PNG;
    ok = read_png (arena, img, diags);
  } else if ((other = other_format (data, len))) {
    pb_buf cmd = {0};
    pb_buf_puts (&cmd, strcmp (other, "HEIC") == 0 ? "heif-convert " : "convert ");
    pb_buf_shell_quote (&cmd, path);
    pb_buf_puts (&cmd, " photo.jpg");
    pb_error (diags, "image", ref, "%s is a %s file; paiban reads JPEG and PNG photos: convert it first, e.g. %s",
              path, other, cmd.data ? cmd.data : "");
    pb_buf_free (&cmd);
    return NULL;
  } else {
    pb_error (diags, "image", ref, "%s is not a JPEG or PNG image", path);
    return NULL;
  }
  if (ok && (img->width <= 0 || img->height <= 0 || img->width > PB_MAX_IMAGE_SIDE ||
             img->height > PB_MAX_IMAGE_SIDE ||
             (uint64_t) img->width * (uint64_t) img->height > PB_MAX_IMAGE_PIXELS)) {
    pb_error (diags, "image", ref,
              "%s: %d × %d pixels is outside the limits (at most %d per side and %u megapixels: "
              "PB_MAX_IMAGE_SIDE, PB_MAX_IMAGE_PIXELS)", path, img->width, img->height, PB_MAX_IMAGE_SIDE,
              PB_MAX_IMAGE_PIXELS / 1000000);
    ok = false;
  }
  if (ok && images && !PB_VEC_PUSH (*images, img))
    pb_error (diags, "memory", ref, "out of memory reading %s", path);
  return ok ? img : NULL;
}
