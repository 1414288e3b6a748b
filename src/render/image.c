/* Image decoding for drawing: JPEG bytes are passed through to PDF as
 * mime data (no recompression); CMYK JPEGs are converted to RGB with
 * Little CMS; previews decode with libjpeg's DCT scaling. */
#include "render/render.h"

#include <lcms2.h>
#include <math.h>
#include <png.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jpeglib.h>
#include <jerror.h>
#include <sys/mman.h>

typedef struct {
  const pb_image *image;
  int denom;                 /* JPEG DCT scale 1/denom */
  cairo_surface_t *surface;
} cache_entry;

/* A photo converted for the PDFs once per run: a baseline JPEG of its
 * sRGB pixels at eighths/8 of its size. */
typedef struct {
  const pb_image *image;
  pthread_mutex_t lock;      /* held while it is made */
  bool done;
  unsigned char *jpeg;       /* NULL: it could not be made */
  size_t len;
  int width, height;
} store_photo;

/* A colour transform to sRGB, made once per profile and sample layout;
 * cmsFLAGS_NOCACHE makes one transform safe in several threads at once
 * (Little CMS 2 API, cmsCreateTransformTHR) */
typedef struct {
  const unsigned char *icc;  /* the photo's profile (borrowed), NULL: the
                                default CMYK profile */
  size_t icc_len;
  cmsUInt32Number fmt;
  cmsHTRANSFORM xf;          /* NULL: none (drawn as stored) */
} store_transform;

struct pb_photo_store {
  pthread_mutex_t lock;
  PB_VEC (store_photo *) photos;
  PB_VEC (store_transform) transforms;
  pb_photo_eighths_fn eighths;
  const void *ctx;
  int web_quality;            /* 0: the PDFs' store; else the page PDFs' for
                                 the site: every JPEG drawn smaller than
                                 stored is made again, at this quality */
};

struct pb_image_cache {
  bool for_pdf;
  pb_photo_store *store;
  PB_VEC (cache_entry) entries;
  bool press;
  const pb_press_photo *photos;
  size_t n_photos;
  PB_VEC (pb_color) palette;
  bool palette_full;
};

pb_image_cache *
pb_image_cache_create (bool for_pdf)
{
  pb_image_cache *c = pb_calloc (1, sizeof *c);
  if (c)
    c->for_pdf = for_pdf;
  return c;
}

pb_image_cache *
pb_image_cache_create_shared (bool for_pdf, pb_photo_store *store)
{
  pb_image_cache *c = pb_image_cache_create (for_pdf);
  if (c)
    c->store = store;
  return c;
}

pb_photo_store *
pb_photo_store_create (pb_photo_eighths_fn eighths, const void *ctx)
{
  pb_photo_store *st = pb_calloc (1, sizeof *st);
  if (!st)
    return NULL;
  if (pthread_mutex_init (&st->lock, NULL) != 0) {
    free (st);
    return NULL;
  }
  st->eighths = eighths;
  st->ctx = ctx;
  return st;
}

void
pb_photo_store_set_web (pb_photo_store *st, int quality)
{
  if (st)
    st->web_quality = quality;
}

void
pb_photo_store_destroy (pb_photo_store *st)
{
  if (!st)
    return;
  for (size_t i = 0; i < st->photos.n; i++) {
    pthread_mutex_destroy (&st->photos.v[i]->lock);
    free (st->photos.v[i]->jpeg);
    free (st->photos.v[i]);
  }
  for (size_t i = 0; i < st->transforms.n; i++)
    if (st->transforms.v[i].xf)
      cmsDeleteTransform (st->transforms.v[i].xf);
  PB_VEC_FREE (st->photos);
  PB_VEC_FREE (st->transforms);
  pthread_mutex_destroy (&st->lock);
  free (st);
}

pb_image_cache *
pb_image_cache_create_press (const pb_press_photo *photos, size_t n)
{
  pb_image_cache *c = pb_image_cache_create (true);
  if (c) {
    c->press = true;
    c->photos = photos;
    c->n_photos = n;
  }
  return c;
}

bool
pb_image_cache_is_press (const pb_image_cache *c)
{
  return c && c->press;
}

const pb_color *
pb_image_cache_palette (const pb_image_cache *c, size_t *n)
{
  *n = c && c->press ? c->palette.n : 0;
  return c && c->press && !c->palette_full ? c->palette.v : NULL;
}

uint32_t
pb_image_cache_color (pb_image_cache *c, pb_color color)
{
  if (!c || !c->press)
    return color.rgb;
  for (size_t i = 0; i < c->palette.n; i++)
    if (pb_color_equal (c->palette.v[i], color))
      return (uint32_t) i + 1;
  /* out of memory or 2^24 − 1 colours: key 0, which maps to nothing, and
   * the palette reads as failed */
  if (c->palette.n >= 0xFFFFFE || !PB_VEC_PUSH (c->palette, color)) {
    c->palette_full = true;
    return 0;
  }
  return (uint32_t) c->palette.n;
}

bool
pb_image_same (const pb_image *a, const pb_image *b)
{
  return a == b || a->data == b->data || (a->len == b->len && memcmp (a->data, b->data, a->len) == 0);
}

void
pb_image_cache_destroy (pb_image_cache *c)
{
  if (!c)
    return;
  for (size_t i = 0; i < c->entries.n; i++)
    cairo_surface_destroy (c->entries.v[i].surface);
  PB_VEC_FREE (c->entries);
  PB_VEC_FREE (c->palette);
  free (c);
}

typedef struct {
  struct jpeg_error_mgr pub;
  jmp_buf jb;
} jerr;

static void
jerr_exit (j_common_ptr cinfo)
{
  longjmp (((jerr *) cinfo->err)->jb, 1);
}

static void
jerr_silent (j_common_ptr cinfo, int level)
{
  (void) cinfo;
  (void) level;
}

/* The transform from the photo's colour space to sRGB for drawing: its
 * embedded profile when it has one other than sRGB (Adobe RGB, Display
 * P3, a press CMYK); for untagged CMYK, Ghostscript's default CMYK
 * profile; NULL for sRGB and untagged RGB and grey (drawn as they are). */
static cmsHTRANSFORM
make_transform (const unsigned char *icc, size_t icc_len, bool cmyk, cmsUInt32Number fmt, cmsUInt32Number flags)
{
  static const char *const profiles[] = {
    "/usr/share/color/icc/ghostscript/default_cmyk.icc",
    "/usr/share/color/icc/ghostscript/ps_cmyk.icc",
  };
  cmsHPROFILE in = NULL;
  if (icc)
    in = cmsOpenProfileFromMem (icc, (cmsUInt32Number) icc_len);
  for (size_t i = 0; cmyk && !in && i < sizeof profiles / sizeof profiles[0]; i++)
    in = cmsOpenProfileFromFile (profiles[i], "r");
  if (!in)
    return NULL;
  cmsHPROFILE out = cmsCreate_sRGBProfile ();
  cmsHTRANSFORM x = out ? cmsCreateTransform (in, fmt, out, TYPE_BGRA_8, INTENT_PERCEPTUAL, flags) : NULL;
  cmsCloseProfile (in);
  if (out)
    cmsCloseProfile (out);
  return x;
}

/* The transform for img's samples (fmt): made for this decode (*own:
 * the caller deletes it), or the store's, made once per profile. */
static cmsHTRANSFORM
to_srgb (pb_photo_store *st, const pb_image *img, bool cmyk, bool inverted, int components, bool *own)
{
  cmsUInt32Number fmt = cmyk ? TYPE_CMYK_8 | (inverted ? FLAVOR_SH (1) : 0)
                             : components == 1 ? TYPE_GRAY_8 : TYPE_RGB_8;
  *own = !st;
  if (!img->icc && !cmyk)
    return NULL;
  if (!st)
    return make_transform (img->icc, img->icc_len, cmyk, fmt, 0);
  pthread_mutex_lock (&st->lock);
  cmsHTRANSFORM x = NULL;
  bool found = false;
  for (size_t i = 0; i < st->transforms.n && !found; i++) {
    const store_transform *t = &st->transforms.v[i];
    if (t->fmt == fmt && t->icc_len == (img->icc ? img->icc_len : 0) &&
        (!t->icc || memcmp (t->icc, img->icc, t->icc_len) == 0)) {
      x = t->xf;
      found = true;
    }
  }
  if (!found) {
    x = make_transform (img->icc, img->icc_len, cmyk, fmt, cmsFLAGS_NOCACHE);
    store_transform t = {img->icc, img->icc ? img->icc_len : 0, fmt, x};
    if (!PB_VEC_PUSH (st->transforms, t))
      *own = true; /* not kept: this decode's alone */
  }
  pthread_mutex_unlock (&st->lock);
  return x;
}

/* A JPEG's samples in the space they are stored in: CMYK (YCCK too),
 * grey or RGB; true for CMYK. */
static bool
decode_as_stored (struct jpeg_decompress_struct *cinfo)
{
  bool cmyk = cinfo->jpeg_color_space == JCS_CMYK || cinfo->jpeg_color_space == JCS_YCCK;
  cinfo->out_color_space = cmyk ? JCS_CMYK : cinfo->num_components == 1 ? JCS_GRAYSCALE : JCS_RGB;
  return cmyk;
}

/* Decodes a JPEG at eighths/8 of its size into an RGB24 surface; its
 * colour transform from the store when there is one. */
static cairo_surface_t *
decode_jpeg (const pb_image *img, int eighths, pb_photo_store *st)
{
  struct jpeg_decompress_struct cinfo;
  jerr err;
  cairo_surface_t *volatile surf = NULL;
  unsigned char *volatile row = NULL;
  volatile cmsHTRANSFORM xf = NULL;
  volatile bool own = false;
  cinfo.err = jpeg_std_error (&err.pub);
  err.pub.error_exit = jerr_exit;
  err.pub.emit_message = jerr_silent;
  if (setjmp (err.jb)) {
    jpeg_destroy_decompress (&cinfo);
    free (row);
    if (xf && own)
      cmsDeleteTransform (xf);
    if (surf)
      cairo_surface_destroy (surf);
    return NULL;
  }
  jpeg_create_decompress (&cinfo);
  jpeg_mem_src (&cinfo, img->data, (unsigned long) img->len);
  jpeg_read_header (&cinfo, TRUE);
  cinfo.scale_num = (unsigned) eighths;
  cinfo.scale_denom = 8;
  bool cmyk = decode_as_stored (&cinfo);
  jpeg_start_decompress (&cinfo);
  int w = (int) cinfo.output_width, h = (int) cinfo.output_height;
  surf = cairo_image_surface_create (CAIRO_FORMAT_RGB24, w, h);
  row = pb_malloc ((size_t) w * 4);
  bool own_xf = false;
  xf = to_srgb (st, img, cmyk, img->adobe_inverted, cinfo.output_components, &own_xf);
  own = own_xf;
  if (cairo_surface_status (surf) || !row)
    longjmp (err.jb, 1);
  unsigned char *dst = cairo_image_surface_get_data (surf);
  int stride = cairo_image_surface_get_stride (surf);
  while (cinfo.output_scanline < cinfo.output_height) {
    JSAMPROW rp = row;
    int y = (int) cinfo.output_scanline;
    jpeg_read_scanlines (&cinfo, &rp, 1);
    uint32_t *out = (uint32_t *) (dst + (size_t) y * (size_t) stride);
    if (xf) {
      cmsDoTransform (xf, row, out, (cmsUInt32Number) w);
      for (int x = 0; x < w; x++)
        out[x] |= 0xFF000000u;
    } else if (cmyk) {
      for (int x = 0; x < w; x++) {
        unsigned c = row[4 * x], m = row[4 * x + 1], yy = row[4 * x + 2], k = row[4 * x + 3];
        if (!img->adobe_inverted) {
          c = 255 - c; m = 255 - m; yy = 255 - yy; k = 255 - k;
        }
        /* inverted: values are 255 − ink */
        out[x] = 0xFF000000u | ((c * k / 255) << 16) | ((m * k / 255) << 8) | (yy * k / 255);
      }
    } else if (cinfo.output_components == 1) {
      for (int x = 0; x < w; x++)
        out[x] = 0xFF000000u | (row[x] * 0x010101u);
    } else {
      for (int x = 0; x < w; x++)
        out[x] = 0xFF000000u | ((uint32_t) row[3 * x] << 16) | ((uint32_t) row[3 * x + 1] << 8) | row[3 * x + 2];
    }
  }
  jpeg_finish_decompress (&cinfo);
  jpeg_destroy_decompress (&cinfo);
  free (row);
  if (xf && own)
    cmsDeleteTransform (xf);
  cairo_surface_mark_dirty (surf);
  return surf;
}

typedef struct {
  const unsigned char *d;
  size_t len, pos;
} mem_reader;

static cairo_status_t
read_mem (void *closure, unsigned char *data, unsigned int length)
{
  mem_reader *m = closure;
  if (m->len - m->pos < length)
    return CAIRO_STATUS_READ_ERROR;
  memcpy (data, m->d + m->pos, length);
  m->pos += length;
  return CAIRO_STATUS_SUCCESS;
}

/* A PNG's colours to sRGB, in place on cairo's premultiplied pixels: its
 * embedded profile, or its gAMA when that is not about 1/2.2. */
static void
png_to_srgb (const pb_image *img, cairo_surface_t *s)
{
  cairo_surface_flush (s);
  unsigned char *d = cairo_image_surface_get_data (s);
  int w = cairo_image_surface_get_width (s), h = cairo_image_surface_get_height (s);
  int stride = cairo_image_surface_get_stride (s);
  if (img->icc) {
    cmsHPROFILE in = cmsOpenProfileFromMem (img->icc, (cmsUInt32Number) img->icc_len);
    cmsHPROFILE out = cmsCreate_sRGBProfile ();
    cmsHTRANSFORM x = in && out && cmsGetColorSpace (in) == cmsSigRgbData
                        ? cmsCreateTransform (in, TYPE_BGRA_8_PREMUL, out, TYPE_BGRA_8_PREMUL,
                                              INTENT_PERCEPTUAL, cmsFLAGS_COPY_ALPHA)
                        : NULL;
    for (int y = 0; x && y < h; y++)
      cmsDoTransform (x, d + (size_t) y * (size_t) stride, d + (size_t) y * (size_t) stride, (cmsUInt32Number) w);
    if (x)
      cmsDeleteTransform (x);
    if (in)
      cmsCloseProfile (in);
    if (out)
      cmsCloseProfile (out);
  } else if (img->gamma > 0) {
    /* stored = linear^gamma; sRGB is about linear^(1/2.2) */
    unsigned char lut[256];
    for (int v = 0; v < 256; v++)
      lut[v] = (unsigned char) (255.0 * pow (v / 255.0, 1.0 / (img->gamma * 2.2)) + 0.5);
    for (int y = 0; y < h; y++) {
      uint32_t *px = (uint32_t *) (d + (size_t) y * (size_t) stride);
      for (int x = 0; x < w; x++) {
        uint32_t a = px[x] >> 24;
        if (a == 0)
          continue;
        uint32_t c[3];
        for (int k = 0; k < 3; k++) {
          uint32_t v = (px[x] >> (8 * k)) & 0xFF;
          v = a == 255 ? v : (v * 255 + a / 2) / a; /* unpremultiplied */
          v = lut[v > 255 ? 255 : v];
          c[k] = a == 255 ? v : (v * a + 127) / 255;
        }
        px[x] = (a << 24) | (c[2] << 16) | (c[1] << 8) | c[0];
      }
    }
  }
  cairo_surface_mark_dirty (s);
}

static cairo_surface_t *
decode_png (const pb_image *img)
{
  mem_reader m = {img->data, img->len, 0};
  cairo_surface_t *s = cairo_image_surface_create_from_png_stream (read_mem, &m);
  if (cairo_surface_status (s)) {
    cairo_surface_destroy (s);
    return NULL;
  }
  if (img->icc || img->gamma > 0)
    png_to_srgb (img, s);
  return s;
}

static void
free_nothing (void *p)
{
  (void) p;
}

/* A libjpeg destination that appends to a pb_buf (paiban's allocator: a
 * failure is counted, and the buffer is freed on every path). */
typedef struct {
  struct jpeg_destination_mgr pub;
  pb_buf *out;
  JOCTET chunk[16384];
} buf_dest;

static void
dest_init (j_compress_ptr c)
{
  buf_dest *d = (buf_dest *) c->dest;
  d->pub.next_output_byte = d->chunk;
  d->pub.free_in_buffer = sizeof d->chunk;
}

static boolean
dest_empty (j_compress_ptr c)
{
  buf_dest *d = (buf_dest *) c->dest;
  pb_buf_append (d->out, d->chunk, sizeof d->chunk);
  if (d->out->failed)
    ERREXIT (c, JERR_OUT_OF_MEMORY);
  d->pub.next_output_byte = d->chunk;
  d->pub.free_in_buffer = sizeof d->chunk;
  return TRUE;
}

static void
dest_term (j_compress_ptr c)
{
  buf_dest *d = (buf_dest *) c->dest;
  pb_buf_append (d->out, d->chunk, sizeof d->chunk - d->pub.free_in_buffer);
}

/* Rows for the JPEG encoder: row y into out (width × components). */
typedef void (*row_fn) (const void *ctx, int y, unsigned char *out);

/* Encodes w × h samples (components 1: grey, 3: RGB, 4: CMYK in Adobe's
 * inverted form, 255 = no ink, stored as YCCK with Adobe's marker (no
 * subsampling), as Photoshop writes them: the PDF gives it /Decode [1 0 1 0 1 0 1 0]) as a
 * baseline JPEG into a malloc'd buffer (*out, *len); false on failure
 * (nothing to free then). */
static bool
encode_jpeg (int w, int h, int components, int quality, row_fn rows, const void *ctx, unsigned char **out_data,
             size_t *out_len)
{
  struct jpeg_compress_struct c;
  jerr err;
  pb_buf out = {0};
  buf_dest *volatile dest = pb_calloc (1, sizeof (buf_dest));
  unsigned char *volatile row = NULL;
  if (!dest)
    return false;
  c.err = jpeg_std_error (&err.pub);
  err.pub.error_exit = jerr_exit;
  if (setjmp (err.jb)) {
    jpeg_destroy_compress (&c);
    pb_buf_free (&out);
    free (row);
    free (dest);
    return false;
  }
  jpeg_create_compress (&c);
  dest->pub.init_destination = dest_init;
  dest->pub.empty_output_buffer = dest_empty;
  dest->pub.term_destination = dest_term;
  dest->out = &out;
  c.dest = &dest->pub;
  c.image_width = (JDIMENSION) w;
  c.image_height = (JDIMENSION) h;
  c.input_components = components;
  c.in_color_space = components == 4 ? JCS_CMYK : components == 1 ? JCS_GRAYSCALE : JCS_RGB;
  jpeg_set_defaults (&c);
  if (components == 4) {
    /* YCCK (Adobe's marker, transform 2), every component at full
     * resolution: half-resolution chroma would let compression push a
     * pixel's total ink past the plant's limit at sharp edges */
    jpeg_set_colorspace (&c, JCS_YCCK);
    for (int i = 0; i < 4; i++)
      c.comp_info[i].h_samp_factor = c.comp_info[i].v_samp_factor = 1;
  }
  jpeg_set_quality (&c, quality, TRUE);
  jpeg_start_compress (&c, TRUE);
  row = pb_malloc ((size_t) w * (size_t) components);
  if (!row)
    longjmp (err.jb, 1);
  while (c.next_scanline < c.image_height) {
    rows (ctx, (int) c.next_scanline, row);
    JSAMPROW rp = row;
    jpeg_write_scanlines (&c, &rp, 1);
  }
  jpeg_finish_compress (&c);
  jpeg_destroy_compress (&c);
  free (row);
  free (dest);
  if (out.failed) {
    pb_buf_free (&out);
    return false;
  }
  *out_len = out.len;
  *out_data = (unsigned char *) pb_buf_steal (&out);
  return *out_data != NULL;
}

static void
surface_row (const void *ctx, int y, unsigned char *row)
{
  cairo_surface_t *s = (cairo_surface_t *) ctx;
  const unsigned char *data = cairo_image_surface_get_data (s);
  int w = cairo_image_surface_get_width (s), stride = cairo_image_surface_get_stride (s);
  const uint32_t *px = (const uint32_t *) (data + (size_t) y * (size_t) stride);
  for (int x = 0; x < w; x++) {
    row[3 * x] = (unsigned char) (px[x] >> 16);
    row[3 * x + 1] = (unsigned char) (px[x] >> 8);
    row[3 * x + 2] = (unsigned char) px[x];
  }
}

/* Encodes an RGB24/ARGB32 image surface as a JPEG into a malloc'd buffer
 * (*out, *len); false on failure (nothing to free then). */
bool
pb_jpeg_encode (cairo_surface_t *s, int quality, unsigned char **out_data, size_t *out_len)
{
  cairo_surface_flush (s);
  return encode_jpeg (cairo_image_surface_get_width (s), cairo_image_surface_get_height (s), 3, quality,
                      surface_row, s, out_data, out_len);
}

typedef struct {
  const unsigned char *px;
  size_t row_bytes;
} packed;

static void
packed_row (const void *ctx, int y, unsigned char *row)
{
  const packed *p = ctx;
  memcpy (row, p->px + (size_t) y * p->row_bytes, p->row_bytes);
}

/* CMYK ink (255 = full) as Adobe stores it (255 = none) */
static void
inverted_row (const void *ctx, int y, unsigned char *row)
{
  const packed *p = ctx;
  const unsigned char *src = p->px + (size_t) y * p->row_bytes;
  for (size_t i = 0; i < p->row_bytes; i++)
    row[i] = (unsigned char) (255 - src[i]);
}

bool
pb_jpeg_encode_samples (const unsigned char *px, int w, int h, int components, int quality,
                        unsigned char **out, size_t *len)
{
  packed p = {px, (size_t) w * (size_t) components};
  return encode_jpeg (w, h, components, quality, components == 4 ? inverted_row : packed_row, &p, out, len);
}

unsigned char *
pb_jpeg_decode_samples (const pb_image *img, int eighths, int *components, int *width, int *height)
{
  struct jpeg_decompress_struct cinfo;
  jerr err;
  unsigned char *volatile px = NULL;
  cinfo.err = jpeg_std_error (&err.pub);
  err.pub.error_exit = jerr_exit;
  err.pub.emit_message = jerr_silent;
  if (setjmp (err.jb)) {
    jpeg_destroy_decompress (&cinfo);
    free (px);
    return NULL;
  }
  jpeg_create_decompress (&cinfo);
  jpeg_mem_src (&cinfo, img->data, (unsigned long) img->len);
  jpeg_read_header (&cinfo, TRUE);
  decode_as_stored (&cinfo);
  /* libjpeg's scaled inverse DCT: the samples of an M/8 smaller image */
  cinfo.scale_num = (unsigned) (eighths >= 1 && eighths < 8 ? eighths : 8);
  cinfo.scale_denom = 8;
  jpeg_start_decompress (&cinfo);
  size_t row = (size_t) cinfo.output_width * (size_t) cinfo.output_components;
  px = pb_realloc_array (NULL, row, cinfo.output_height);
  if (!px)
    longjmp (err.jb, 1);
  while (cinfo.output_scanline < cinfo.output_height) {
    JSAMPROW rp = px + (size_t) cinfo.output_scanline * row;
    jpeg_read_scanlines (&cinfo, &rp, 1);
  }
  *components = cinfo.output_components;
  *width = (int) cinfo.output_width;
  *height = (int) cinfo.output_height;
  jpeg_finish_decompress (&cinfo);
  jpeg_destroy_decompress (&cinfo);
  return px;
}

bool
pb_jpeg_cmyk_rows (const pb_image *img, pb_jpeg_row_fn each, void *ctx)
{
  struct jpeg_decompress_struct cinfo;
  jerr err;
  unsigned char *volatile row = NULL;
  cinfo.err = jpeg_std_error (&err.pub);
  err.pub.error_exit = jerr_exit;
  err.pub.emit_message = jerr_silent;
  if (setjmp (err.jb)) {
    jpeg_destroy_decompress (&cinfo);
    free (row);
    return false;
  }
  jpeg_create_decompress (&cinfo);
  jpeg_mem_src (&cinfo, img->data, (unsigned long) img->len);
  jpeg_read_header (&cinfo, TRUE);
  if (cinfo.num_components != 4)
    longjmp (err.jb, 1);
  cinfo.out_color_space = JCS_CMYK;
  jpeg_start_decompress (&cinfo);
  row = pb_malloc ((size_t) cinfo.output_width * 4);
  if (!row)
    longjmp (err.jb, 1);
  while (cinfo.output_scanline < cinfo.output_height) {
    JSAMPROW rp = row;
    int y = (int) cinfo.output_scanline;
    jpeg_read_scanlines (&cinfo, &rp, 1);
    each (ctx, y, row, (int) cinfo.output_width);
  }
  jpeg_finish_decompress (&cinfo);
  jpeg_destroy_decompress (&cinfo);
  free (row);
  return true;
}

bool
pb_jpeg_scaled_size (const pb_image *img, int eighths, int *width, int *height)
{
  struct jpeg_decompress_struct cinfo;
  jerr err;
  if (!img->data || img->len < 4)
    return false;
  cinfo.err = jpeg_std_error (&err.pub);
  err.pub.error_exit = jerr_exit;
  err.pub.emit_message = jerr_silent;
  if (setjmp (err.jb)) {
    jpeg_destroy_decompress (&cinfo);
    return false;
  }
  jpeg_create_decompress (&cinfo);
  jpeg_mem_src (&cinfo, img->data, (unsigned long) img->len);
  jpeg_read_header (&cinfo, TRUE);
  cinfo.scale_num = (unsigned) (eighths >= 1 && eighths < 8 ? eighths : 8);
  cinfo.scale_denom = 8;
  jpeg_calc_output_dimensions (&cinfo);
  *width = (int) cinfo.output_width;
  *height = (int) cinfo.output_height;
  jpeg_destroy_decompress (&cinfo);
  return true;
}

bool
pb_jpeg_same_size (const pb_image *img, int width, int height)
{
  int w = 0, h = 0;
  /* its header read, and a whole file: it ends with its EOI marker */
  return pb_jpeg_scaled_size (img, 8, &w, &h) && w == width && h == height && img->data[img->len - 2] == 0xFF &&
         img->data[img->len - 1] == 0xD9;
}

cairo_surface_t *
pb_image_decode (const pb_image *img)
{
  return img->format == PB_IMAGE_PNG ? decode_png (img) : decode_jpeg (img, 8, NULL);
}

/* The JPEG quality of a photo re-encoded for the PDFs */
#define PDF_PHOTO_QUALITY 92

/* Attaches a JPEG (PDF_PHOTO_QUALITY) of the surface for the PDF, so that a CMYK
 * photo converted to RGB stays as small as a photo should. */
static bool
attach_jpeg (cairo_surface_t *s)
{
  unsigned char *out;
  size_t len;
  if (!pb_jpeg_encode (s, PDF_PHOTO_QUALITY, &out, &len))
    return false;
  if (cairo_surface_set_mime_data (s, CAIRO_MIME_TYPE_JPEG, out, len, free, out) != CAIRO_STATUS_SUCCESS) {
    free (out);
    return false;
  }
  return true;
}

typedef struct {
  void *pixels;
  size_t size;
} zero_pixels;

static const cairo_user_data_key_t zero_key;

static void
zero_pixels_free (void *data)
{
  zero_pixels *z = data;
  munmap (z->pixels, z->size);
  free (z);
}

/* A surface of width × height px whose pixels are never read for PDF (the JPEG
 * goes in as mime data): read-only zero pages, so that a 24-page edition's
 * photos take no memory.  A write to it would fault, never pass silently. */
static cairo_surface_t *
pass_through_surface (int width, int height, const unsigned char *jpeg, size_t len)
{
  int stride = cairo_format_stride_for_width (CAIRO_FORMAT_RGB24, width);
  zero_pixels *z = pb_calloc (1, sizeof *z);
  if (!z || stride <= 0)
    goto fail;
  z->size = (size_t) stride * (size_t) height;
  z->pixels = mmap (NULL, z->size, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (z->pixels == MAP_FAILED)
    goto fail;
  cairo_surface_t *s = cairo_image_surface_create_for_data (z->pixels, CAIRO_FORMAT_RGB24, width, height, stride);
  if (cairo_surface_set_user_data (s, &zero_key, z, zero_pixels_free) != CAIRO_STATUS_SUCCESS) {
    cairo_surface_destroy (s);
    zero_pixels_free (z);
    return NULL;
  }
  if (cairo_surface_set_mime_data (s, CAIRO_MIME_TYPE_JPEG, jpeg, len, free_nothing, NULL)
      != CAIRO_STATUS_SUCCESS) {
    cairo_surface_destroy (s);
    return NULL;
  }
  return s;
fail:
  if (z && z->pixels && z->pixels != MAP_FAILED)
    munmap (z->pixels, z->size);
  free (z);
  return NULL;
}

/* img converted for the PDFs, made once per store (the first thread to
 * want it makes it, others wait): decoded at the store's eighths, sRGB,
 * a baseline JPEG (PDF_PHOTO_QUALITY).  NULL when it cannot be made. */
static store_photo *
store_get (pb_photo_store *st, const pb_image *img)
{
  pthread_mutex_lock (&st->lock);
  store_photo *p = NULL;
  for (size_t i = 0; i < st->photos.n && !p; i++)
    if (pb_image_same (st->photos.v[i]->image, img))
      p = st->photos.v[i];
  if (!p) {
    p = pb_calloc (1, sizeof *p);
    if (p && pthread_mutex_init (&p->lock, NULL) != 0) {
      free (p);
      p = NULL;
    }
    if (p) {
      p->image = img;
      if (!PB_VEC_PUSH (st->photos, p)) {
        pthread_mutex_destroy (&p->lock);
        free (p);
        p = NULL;
      }
    }
  }
  pthread_mutex_unlock (&st->lock);
  if (!p)
    return NULL;
  pthread_mutex_lock (&p->lock);
  if (!p->done) {
    int eighths = st->eighths ? st->eighths (st->ctx, img) : 8;
    cairo_surface_t *s = decode_jpeg (img, eighths < 1 ? 1 : eighths > 8 ? 8 : eighths, st);
    if (s && pb_jpeg_encode (s, st->web_quality ? st->web_quality : PDF_PHOTO_QUALITY, &p->jpeg, &p->len)) {
      p->width = cairo_image_surface_get_width (s);
      p->height = cairo_image_surface_get_height (s);
    } else
      p->jpeg = NULL;
    if (s)
      cairo_surface_destroy (s);
    p->done = true;
  }
  pthread_mutex_unlock (&p->lock);
  return p->jpeg ? p : NULL;
}

/* The surface to draw img with when one image pixel covers
 * px_per_image_px device pixels (0: vector output). */
cairo_surface_t *
pb_image_cache_get (pb_image_cache *c, const pb_image *img, double device_px_per_image_px)
{
  int denom = 1;
  if (img->format == PB_IMAGE_JPEG && !c->for_pdf && device_px_per_image_px > 0) {
    while (denom < 8 && device_px_per_image_px * denom * 2 <= 1.0)
      denom *= 2;
  }
  /* one decode per file, and one image in a PDF: uses of one photo (the
   * same bytes, from one file or two) share its surface */
  for (size_t i = 0; i < c->entries.n; i++)
    if (c->entries.v[i].denom == denom && pb_image_same (c->entries.v[i].image, img))
      return c->entries.v[i].surface;
  cairo_surface_t *s = NULL;
  if (c->press) {
    /* the press module's JPEG of it, in the plant's inks */
    for (size_t i = 0; !s && i < c->n_photos; i++)
      if (pb_image_same (c->photos[i].image, img))
        s = pass_through_surface (c->photos[i].width, c->photos[i].height, c->photos[i].jpeg, c->photos[i].len);
  } else if (img->format == PB_IMAGE_PNG)
    s = decode_png (img);
  else if (c->for_pdf && img->components != 4 && !img->icc && !img->reencode &&
           !(c->store && c->store->web_quality && c->store->eighths &&
             c->store->eighths (c->store->ctx, img) < 8)) {
    /* pass the JPEG through: cairo embeds the mime data as DCTDecode (a
     * page PDF for the site: only when it is not far sharper than the
     * screen needs) */
    s = pass_through_surface (img->width, img->height, img->data, img->len);
  } else if (c->for_pdf && c->store) {
    /* converted once for every PDF of the run */
    store_photo *p = store_get (c->store, img);
    if (p)
      s = pass_through_surface (p->width, p->height, p->jpeg, p->len);
  } else {
    s = decode_jpeg (img, 8 / denom, c->store);
    /* CMYK converted to RGB, a profile applied, arithmetic coding or
     * other than 8-bit samples: a baseline JPEG every PDF consumer reads */
    if (s && c->for_pdf && !attach_jpeg (s)) {
      cairo_surface_destroy (s);
      s = NULL;
    }
  }
  if (!s)
    return NULL;
  cache_entry e = {img, denom, s};
  if (!PB_VEC_PUSH (c->entries, e)) {
    cairo_surface_destroy (s);
    return NULL;
  }
  return s;
}

typedef struct {
  unsigned char **data;
  size_t *len, cap;
  bool failed;
} png_out;

static void
png_out_write (png_structp png, png_bytep d, size_t n)
{
  png_out *o = png_get_io_ptr (png);
  if (o->failed)
    return;
  if (*o->len + n > o->cap) {
    size_t cap = o->cap ? o->cap * 2 : 1 << 20;
    while (cap < *o->len + n)
      cap *= 2;
    unsigned char *p = pb_realloc_array (*o->data, cap, 1);
    if (!p) {
      o->failed = true;
      return;
    }
    *o->data = p;
    o->cap = cap;
  }
  memcpy (*o->data + *o->len, d, n);
  *o->len += n;
}

static void
png_out_flush (png_structp png)
{
  (void) png;
}

static void
png_encode_error (png_structp png, png_const_charp msg)
{
  (void) msg;
  png_longjmp (png, 1);
}

bool
pb_png_encode (cairo_surface_t *s, unsigned char **out_data, size_t *out_len)
{
  cairo_surface_flush (s);
  int w = cairo_image_surface_get_width (s), h = cairo_image_surface_get_height (s);
  int stride = cairo_image_surface_get_stride (s);
  const unsigned char *src = cairo_image_surface_get_data (s);
  *out_data = NULL;
  *out_len = 0;
  png_out o = {out_data, out_len, 0, false};
  unsigned char *volatile row = pb_malloc ((size_t) w * 3);
  png_structp png = png_create_write_struct (PNG_LIBPNG_VER_STRING, NULL, png_encode_error, NULL);
  png_infop info = png ? png_create_info_struct (png) : NULL;
  if (!row || !info) {
    png_destroy_write_struct (&png, info ? &info : NULL);
    free (row);
    return false;
  }
  if (setjmp (png_jmpbuf (png))) {
    png_destroy_write_struct (&png, &info);
    free (row);
    free (*out_data);
    *out_data = NULL;
    return false;
  }
  png_set_write_fn (png, &o, png_out_write, png_out_flush);
  /* fast: previews are written for every page of every edition */
  png_set_compression_level (png, 2);
  png_set_filter (png, 0, PNG_FILTER_SUB);
  png_set_IHDR (png, info, (png_uint_32) w, (png_uint_32) h, 8, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
                PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_write_info (png, info);
  for (int y = 0; y < h; y++) {
    const uint32_t *px = (const uint32_t *) (src + (size_t) y * (size_t) stride);
    for (int x = 0; x < w; x++) {
      row[3 * x] = (unsigned char) (px[x] >> 16);
      row[3 * x + 1] = (unsigned char) (px[x] >> 8);
      row[3 * x + 2] = (unsigned char) px[x];
    }
    png_write_row (png, row);
  }
  png_write_end (png, info);
  png_destroy_write_struct (&png, &info);
  free (row);
  return !o.failed;
}
