/* press: the printing plant's PDFs (press/NN.pdf, press/edition.pdf),
 * PDF/X-1a:2001 by default or PDF/X-4, and their preflight.
 *
 * The route (docs/press.md): the display list is drawn by cairo a second
 * time with every colour as a key (render's press cache) and every photo
 * as a JPEG in the plant's inks made here (Little CMS through the
 * layout's profile); pdfx.cc then maps the keys back to CMYK ink with
 * qpdf's tokenizer, puts black on overprint, and writes the PDF/X
 * structure.  The preflight reads the same inks: what the report says is
 * what the plates get. */
#include "export/export.h"
#include "export/pdfx.h"

#include <cairo-pdf.h>
#include <libxml/xmlwriter.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <jansson.h>
#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utime.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <math.h>

typedef struct {
  const pb_image *image;
  int eighths;                /* decoded at eighths/8 of its size when converted (8: whole) */
  unsigned char *jpeg;        /* owned when own */
  size_t len;
  int width, height;          /* px of the JPEG */
  bool own, inverted;
  double max_ink;             /* the most total ink of a pixel, % */
  double ink_before;          /* a CMYK photo's own, when converted */
  const char *why;            /* why it could not be made (static text) */
  bool converted;             /* CMYK converted for the ink limit */
  bool made;
} press_photo;

typedef struct {
  pb_color color;
  double ink[4];
} ink_memo;

typedef struct {
  const unsigned char *icc;   /* the source profile (NULL: the default) */
  size_t icc_len;
  int components;
  bool inverted, flat;
  pb_press_transform *t;
} transform_memo;
typedef PB_VEC (transform_memo) transform_memos; /* a photo worker's own */

struct pb_press_job {
  char *cache_dir;            /* press photos kept across builds; NULL: none */
  pb_press_profile *profile;
  pthread_mutex_t lock;       /* the next photo to make */
  bool locked;
  size_t next;
  bool failed;
  PB_VEC (ink_memo) memo;     /* colours already taken through the profile */
  const pb_press *press;
  pb_pdfx standard;
  PB_VEC (press_photo) photos;
  pb_press_photo *cache_photos; /* the same, as render takes them */
};

static double
total_ink (const double ink[4])
{
  return 100.0 * (ink[0] + ink[1] + ink[2] + ink[3]);
}

static int
inks_used (const double ink[4])
{
  int n = 0;
  for (int i = 0; i < 4; i++)
    n += ink[i] > 0.005;
  return n;
}

/* The most total ink of packed CMYK samples (inverted: 255 = no ink). */
static double
max_ink_cmyk (const unsigned char *px, size_t n, bool inverted)
{
  unsigned most = 0;
  for (size_t i = 0; i < n; i++) {
    const unsigned char *p = px + 4 * i;
    unsigned sum = inverted ? 4 * 255 - (unsigned) (p[0] + p[1] + p[2] + p[3]) : (unsigned) (p[0] + p[1] + p[2] + p[3]);
    if (sum > most)
      most = sum;
  }
  return most * 100.0 / 255.0;
}

static double
max_ink_gray (const unsigned char *px, size_t n)
{
  unsigned darkest = 255;
  for (size_t i = 0; i < n; i++)
    if (px[i] < darkest)
      darkest = px[i];
  return (255 - darkest) * 100.0 / 255.0;
}

/* n pixels through the plant's profile into a new malloc'd CMYK buffer
 * (a PNG's with Little CMS's cache of flat colours). */
static unsigned char *
to_press_cmyk (pb_press_job *j, transform_memos *memo, const pb_image *img, const unsigned char *px, size_t n,
               int components, bool inverted)
{
  bool flat = img->format == PB_IMAGE_PNG;
  pb_press_transform *t = NULL;
  for (size_t i = 0; !t && i < memo->n; i++) {
    const transform_memo *m = &memo->v[i];
    if (m->components == components && m->inverted == inverted && m->flat == flat && m->icc_len == img->icc_len
        && (m->icc == img->icc || (m->icc && img->icc && memcmp (m->icc, img->icc, m->icc_len) == 0)))
      t = m->t;
  }
  if (!t) {
    transform_memo m = {img->icc, img->icc_len, components, inverted, flat,
                        pb_press_transform_create (j->profile, img->icc, img->icc_len, components, inverted, flat)};
    if (m.t && !PB_VEC_PUSH (*memo, m)) {
      pb_press_transform_destroy (m.t);
      m.t = NULL;
    }
    t = m.t;
  }
  if (!t)
    return NULL;
  unsigned char *out = pb_realloc_array (NULL, n, 4);
  if (out)
    pb_press_transform_pixels (t, px, out, n);
  return out;
}

/* A decoded PNG (premultiplied sRGB) on white paper: packed RGB, or grey
 * (components 1) when every pixel is neutral (a grey PNG, or a palette
 * or RGB one drawn in greys: black ink alone). */
static unsigned char *
png_on_white (const pb_image *img, int *components, int *width, int *height)
{
  cairo_surface_t *s = pb_image_decode (img);
  if (!s)
    return NULL;
  int w = cairo_image_surface_get_width (s), h = cairo_image_surface_get_height (s);
  int stride = cairo_image_surface_get_stride (s);
  bool alpha = cairo_image_surface_get_format (s) == CAIRO_FORMAT_ARGB32;
  const unsigned char *d = cairo_image_surface_get_data (s);
  unsigned char *out = pb_realloc_array (NULL, (size_t) w * (size_t) h, 3);
  bool neutral = true;
  for (int y = 0; out && y < h; y++) {
    const uint32_t *row = (const uint32_t *) (d + (size_t) y * (size_t) stride);
    unsigned char *o = out + (size_t) y * (size_t) w * 3;
    for (int x = 0; x < w; x++) {
      uint32_t p = row[x], a = alpha ? p >> 24 : 255;
      for (int k = 0; k < 3; k++) /* premultiplied, over white */
        o[3 * x + k] = (unsigned char) (((p >> (16 - 8 * k)) & 0xFF) + (255 - a));
      neutral = neutral && o[3 * x] == o[3 * x + 1] && o[3 * x + 1] == o[3 * x + 2];
    }
  }
  cairo_surface_destroy (s);
  *components = 3;
  *width = w;
  *height = h;
  if (out && neutral) {
    for (size_t i = 0; i < (size_t) w * (size_t) h; i++)
      out[i] = out[3 * i];
    *components = 1;
  }
  return out;
}

/* ---- the press photo cache ----
 *
 * A desk builds its edition many times before the deadline, with the
 * same photos: each photo's press JPEG is kept in the cache folder
 * (`pb_write_options.cache_dir`), named by the SHA-256 of everything it
 * is made from (paiban's version, the photo's bytes, the plant's profile
 * and ink limit), with a JSON of its facts beside it.  Best effort: a
 * cache that cannot be read or written is not used, never an error; a
 * file that does not read back whole is made again. */

static char *
cache_key (const pb_press_job *j, const press_photo *pp)
{
  const pb_image *img = pp->image;
  GChecksum *c = g_checksum_new (G_CHECKSUM_SHA256);
  if (!c)
    return NULL;
  char limit[32];
  snprintf (limit, sizeof limit, "|%d|%d|", j->press->ink_limit, pp->eighths);
  g_checksum_update (c, (const guchar *) "paiban press photo " PB_VERSION " 4", -1);
  g_checksum_update (c, (const guchar *) limit, -1);
  g_checksum_update (c, j->press->icc, (gssize) j->press->icc_len);
  g_checksum_update (c, (const guchar *) limit, -1);
  g_checksum_update (c, img->data, (gssize) img->len);
  char *key = pb_strdup (g_checksum_get_string (c));
  g_checksum_free (c);
  return key;
}

/* The SHA-256 of bytes, hex, malloc'd. */
static char *
sha256 (const unsigned char *d, size_t len)
{
  GChecksum *c = g_checksum_new (G_CHECKSUM_SHA256);
  if (!c)
    return NULL;
  g_checksum_update (c, d, (gssize) len);
  char *hex = pb_strdup (g_checksum_get_string (c));
  g_checksum_free (c);
  return hex;
}

/* The size in px a photo's press JPEG is made at, into pp. */
static bool
made_size (press_photo *pp)
{
  const pb_image *img = pp->image;
  pp->width = img->width;
  pp->height = img->height;
  return img->format != PB_IMAGE_JPEG || pb_jpeg_scaled_size (img, pp->eighths, &pp->width, &pp->height);
}

static bool
cache_load (const pb_press_job *j, press_photo *pp, const char *key)
{
  char *meta = pb_printf ("%s/%s.json", j->cache_dir, key), *jpg = pb_printf ("%s/%s.jpg", j->cache_dir, key);
  json_t *m = meta ? json_load_file (meta, 0, NULL) : NULL;
  bool ok = json_is_object (m);
  bool pass = ok && json_is_true (json_object_get (m, "pass"));
  if (ok) {
    pp->max_ink = json_number_value (json_object_get (m, "max_ink"));
    pp->ink_before = json_number_value (json_object_get (m, "ink_before"));
    pp->converted = json_is_true (json_object_get (m, "converted"));
    pp->inverted = json_is_true (json_object_get (m, "inverted"));
    ok = json_is_number (json_object_get (m, "max_ink"));
  }
  if (ok && pass) {
    pp->jpeg = pp->image->data;
    pp->len = pp->image->len;
    pp->width = pp->image->width;
    pp->height = pp->image->height;
  } else if (ok) {
    json_int_t want = json_integer_value (json_object_get (m, "bytes"));
    FILE *f = jpg ? fopen (jpg, "rb") : NULL;
    unsigned char *d = want > 0 && want < (json_int_t) PB_MAX_PHOTO_FILE_BYTES ? pb_malloc ((size_t) want + 1) : NULL;
    size_t got = f && d ? fread (d, 1, (size_t) want + 1, f) : 0;
    if (f)
      fclose (f);
    pb_image back = {.format = PB_IMAGE_JPEG, .data = d, .len = got};
    /* whole and unchanged: its length and its SHA-256 as written, and a
     * JPEG of the size the photo is made at */
    char *sum = d && got == (size_t) want ? sha256 (d, got) : NULL;
    const char *want_sum = json_string_value (json_object_get (m, "sha256"));
    ok = sum && want_sum && strcmp (sum, want_sum) == 0
         && made_size (pp) && pb_jpeg_same_size (&back, pp->width, pp->height);
    free (sum);
      if (ok) {
      pp->jpeg = d;
      pp->len = got;
      pp->own = true;
      utime (jpg, NULL); /* used: kept by the pruning */
    } else
      free (d);
  }
  if (ok)
    utime (meta, NULL);
  json_decref (m);
  free (meta);
  free (jpg);
  return ok;
}

/* Cache files not used for PB_PRESS_CACHE_DAYS are removed. */
#define PB_PRESS_CACHE_DAYS 30

static void
cache_prune (const char *dir)
{
  GDir *d = g_dir_open (dir, 0, NULL);
  const char *name;
  time_t old = time (NULL) - (time_t) PB_PRESS_CACHE_DAYS * 86400;
  while (d && (name = g_dir_read_name (d)) != NULL) {
    size_t n = strlen (name);
    if (n != 64 + 4 && n != 64 + 5)
      continue; /* only its own files: a 64-digit key and .jpg or .json */
    char *path = pb_path_join (dir, name);
    struct stat st;
    if (path && stat (path, &st) == 0 && S_ISREG (st.st_mode) && st.st_mtime < old)
      unlink (path);
    free (path);
  }
  if (d)
    g_dir_close (d);
}

static void
cache_store (const pb_press_job *j, const press_photo *pp, const char *key)
{
  char *meta = pb_printf ("%s/%s.json", j->cache_dir, key), *jpg = pb_printf ("%s/%s.jpg", j->cache_dir, key);
  char *tmp = pb_printf ("%s/.%s.%ld.tmp", j->cache_dir, key, (long) getpid ());
  char *sum = pp->own ? sha256 (pp->jpeg, pp->len) : pb_strdup ("");
  json_t *m = sum ? json_pack ("{s:f, s:f, s:b, s:b, s:b, s:I, s:s}", "max_ink", pp->max_ink, "ink_before",
                               pp->ink_before, "converted", pp->converted, "inverted", pp->inverted, "pass", !pp->own,
                               "bytes", (json_int_t) pp->len, "sha256", sum)
                  : NULL;
  free (sum);
  bool ok = meta && jpg && tmp && m;
  if (ok && pp->own) {
    FILE *f = fopen (tmp, "wb");
    ok = f && fwrite (pp->jpeg, 1, pp->len, f) == pp->len;
    ok = f && fclose (f) == 0 && ok;
    ok = ok && rename (tmp, jpg) == 0;
  }
  /* the facts last: a JSON names a JPEG that is whole */
  ok = ok && json_dump_file (m, tmp, 0) == 0 && rename (tmp, meta) == 0;
  if (!ok && tmp)
    unlink (tmp);
  json_decref (m);
  free (meta);
  free (jpg);
  free (tmp);
}

/* The photo as the press gets it: grey stays grey (passed through when it
 * can be); CMYK passed through untouched while it keeps within the ink
 * limit, else converted through the profile (reported); RGB (with its
 * profile) and PNG converted to the plant's CMYK. */
static bool make_photo (pb_press_job *j, transform_memos *memo, press_photo *pp);

/* Lowers a pixel's cyan, magenta and yellow alike (black kept, the
 * usual under-colour removal) where its total ink passes limit (0–1020). */
static void
clamp_ink (unsigned char *cmyk, size_t n, unsigned limit)
{
  for (size_t i = 0; i < n; i++) {
    unsigned char *p = cmyk + 4 * i;
    unsigned cmy = (unsigned) p[0] + p[1] + p[2], k = p[3];
    if (cmy + k <= limit)
      continue;
    if (k >= limit) {
      p[0] = p[1] = p[2] = 0;
      p[3] = (unsigned char) (limit > 255 ? 255 : limit);
      continue;
    }
    double f = (double) (limit - k) / cmy;
    for (int c = 0; c < 3; c++)
      p[c] = (unsigned char) (p[c] * f); /* rounded down: the sum stays within */
  }
}

/* A press JPEG read back as it decodes: its most total ink, and each 8×8
 * block's worst pixel over the limit (the JPEG has no subsampling, so a
 * block's pixels come from that block's coefficients alone). */
typedef struct {
  unsigned limit;             /* total ink, levels 0–1020 */
  size_t blocks_across;
  unsigned short *over;       /* a block's: how far its worst pixel passes the limit, levels */
  unsigned short *cmy;        /* that pixel's cyan + magenta + yellow, levels */
  unsigned most;              /* the most total ink of a pixel, levels */
} readback;

static void
readback_row (void *ctx, int y, const unsigned char *px, int w)
{
  readback *r = ctx;
  for (int x = 0; x < w; x++) {
    const unsigned char *p = px + 4 * x; /* Adobe's: 255 = no ink */
    unsigned cmy = 3 * 255 - (unsigned) (p[0] + p[1] + p[2]), sum = cmy + 255 - p[3];
    if (sum > r->most)
      r->most = sum;
    size_t b = (size_t) (y / 8) * r->blocks_across + (size_t) (x / 8);
    if (sum > r->limit && sum - r->limit > r->over[b]) {
      r->over[b] = (unsigned short) (sum - r->limit);
      r->cmy[b] = (unsigned short) cmy;
    }
  }
}

/* The press JPEG of converted pixels (plain CMYK, 255 = full ink), stored
 * as Adobe's inverted YCCK, with every pixel within the layout's ink
 * limit as the JPEG decodes.  The profile separates to its own limit;
 * pixels over the layout's (a lower one) are clamped to 2 points under
 * it first.  Compression rings at sharp edges: where a block of the
 * decoded JPEG still passes the limit, that block's cyan, magenta and
 * yellow are lowered in proportion by twice its overshoot and a margin
 * that grows each time, and the JPEG written again (the other blocks encode
 * as before).  pp->max_ink is the JPEG's. */
static bool
encode_within_limit (const pb_press_job *j, unsigned char *cmyk, press_photo *pp)
{
  size_t w = (size_t) pp->width, h = (size_t) pp->height, n = w * h;
  double limit = j->press->ink_limit;
  double target = limit - 2;
  if (max_ink_cmyk (cmyk, n, false) > target)
    clamp_ink (cmyk, n, (unsigned) (target * 255 / 100));
  size_t bw = (w + 7) / 8, bh = (h + 7) / 8;
  readback r = {(unsigned) (limit * 255 / 100), bw, pb_calloc (bw * bh, sizeof (unsigned short)),
                pb_calloc (bw * bh, sizeof (unsigned short)), 0};
  bool ok = r.over && r.cmy;
  pp->why = ok ? NULL : N_("it could not be decoded, or out of memory");
  for (int attempt = 0; ok && attempt < 8; attempt++) {
    if (attempt) {
      unsigned margin = 3 * (unsigned) attempt; /* levels: a point and more */
      for (size_t b = 0; b < bw * bh; b++) {
        if (!r.over[b])
          continue;
        unsigned less = 2 * r.over[b] + margin; /* the ringing moves, too */
        double f = r.cmy[b] > less ? (double) (r.cmy[b] - less) / r.cmy[b] : 0;
        size_t bx = b % bw * 8, by = b / bw * 8;
        for (size_t y = by; y < by + 8 && y < h; y++)
          for (size_t x = bx; x < bx + 8 && x < w; x++)
            for (int c = 0; c < 3; c++)
              cmyk[4 * (y * w + x) + (size_t) c] = (unsigned char) (cmyk[4 * (y * w + x) + (size_t) c] * f);
      }
      memset (r.over, 0, bw * bh * sizeof (unsigned short));
      r.most = 0;
    }
    free (pp->jpeg);
    pp->jpeg = NULL;
    ok = pb_jpeg_encode_samples (cmyk, pp->width, pp->height, 4, 90, &pp->jpeg, &pp->len);
    pb_image made = {.format = PB_IMAGE_JPEG, .width = pp->width, .height = pp->height, .data = pp->jpeg,
                     .len = pp->len};
    ok = ok && pb_jpeg_cmyk_rows (&made, readback_row, &r);
    pp->max_ink = r.most * 100.0 / 255.0;
    pp->why = ok ? NULL : N_("its JPEG could not be written");
    if (ok && pp->max_ink <= limit)
      break;
  }
  free (r.over);
  free (r.cmy);
  if (!ok) {
    free (pp->jpeg);
    pp->jpeg = NULL;
  }
  return ok;
}

static bool
prepare_photo (pb_press_job *j, transform_memos *memo, press_photo *pp)
{
  char *key = j->cache_dir ? cache_key (j, pp) : NULL;
  if (key && cache_load (j, pp, key)) {
    free (key);
    pp->made = true;
    return true;
  }
  bool made = make_photo (j, memo, pp);
  if (made && key)
    cache_store (j, pp, key);
  free (key);
  return made;
}

static bool
make_photo (pb_press_job *j, transform_memos *memo, press_photo *pp)
{
  const pb_image *img = pp->image;
  /* nothing of a cache entry that did not read back */
  *pp = (press_photo) {.image = img, .eighths = pp->eighths};
  int comp = 0, w = 0, h = 0;
  /* RGB JPEGs are converted: decoded at the size they are made at; grey
   * and CMYK whole (passed through when they can be) */
  int eighths = img->components == 3 ? pp->eighths : 8;
  unsigned char *px = img->format == PB_IMAGE_JPEG ? pb_jpeg_decode_samples (img, eighths, &comp, &w, &h)
                                                   : png_on_white (img, &comp, &w, &h);
  if (!px) {
    pp->why = N_("it could not be decoded, or out of memory");
    return false;
  }
  size_t n = (size_t) w * (size_t) h;
  pp->width = w;
  pp->height = h;
  bool ok = true;
  if (comp == 1) {
    pp->max_ink = max_ink_gray (px, n);
    if (img->format == PB_IMAGE_JPEG && !img->reencode) {
      pp->jpeg = img->data;
      pp->len = img->len;
    } else {
      ok = pb_jpeg_encode_samples (px, w, h, 1, 92, &pp->jpeg, &pp->len);
      pp->own = ok;
      pp->why = ok ? NULL : N_("its JPEG could not be written");
    }
  } else if (comp == 4 && !img->reencode && max_ink_cmyk (px, n, img->adobe_inverted) <= j->press->ink_limit) {
    pp->max_ink = max_ink_cmyk (px, n, img->adobe_inverted);
    pp->jpeg = img->data;
    pp->len = img->len;
    pp->inverted = img->adobe_inverted;
  } else {
    double before = comp == 4 ? max_ink_cmyk (px, n, img->adobe_inverted) : 0;
    if (comp == 4 && img->format == PB_IMAGE_JPEG && eighths != pp->eighths) {
      /* converted after all: at the size it is made at */
      free (px);
      px = pb_jpeg_decode_samples (img, pp->eighths, &comp, &w, &h);
      n = (size_t) w * (size_t) h;
      pp->width = w;
      pp->height = h;
    }
    unsigned char *cmyk = px ? to_press_cmyk (j, memo, img, px, n, comp, comp == 4 && img->adobe_inverted) : NULL;
    pp->why = cmyk ? NULL : px ? N_("Little CMS could not convert it") : N_("it could not be decoded, or out of memory");
    free (px); /* the source pixels are done with: less memory for the encoder */
    px = NULL;
    ok = cmyk && encode_within_limit (j, cmyk, pp);
    free (cmyk);
    pp->own = ok;
    pp->inverted = true;
    pp->converted = ok && comp == 4 && before > j->press->ink_limit;
    pp->ink_before = before;
  }
  free (px);
  pp->made = ok;
  return ok;
}

/* Photo workers: each takes the next photo to make. */
static void *
photo_worker (void *arg)
{
  pb_press_job *j = arg;
  transform_memos memo = {0};
  for (;;) {
    pthread_mutex_lock (&j->lock);
    size_t i = j->failed ? j->photos.n : j->next++;
    pthread_mutex_unlock (&j->lock);
    if (i >= j->photos.n)
      break;
    if (!prepare_photo (j, &memo, &j->photos.v[i])) {
      pthread_mutex_lock (&j->lock);
      j->failed = true;
      pthread_mutex_unlock (&j->lock);
    }
  }
  for (size_t i = 0; i < memo.n; i++)
    pb_press_transform_destroy (memo.v[i].t);
  PB_VEC_FREE (memo);
  return NULL;
}

/* Makes every photo's press JPEG, on up to `jobs` threads. */
static bool
prepare_photos (pb_press_job *j, int jobs)
{
  pthread_t th[8];
  int started = 0;
  if (jobs > 8)
    jobs = 8;
  for (int k = 1; k < jobs && (size_t) k < j->photos.n; k++)
    if (pthread_create (&th[started], NULL, photo_worker, j) == 0)
      started++;
  photo_worker (j);
  for (int k = 0; k < started; k++)
    pthread_join (th[k], NULL);
  return !j->failed;
}

static const press_photo *
find_photo (const pb_press_job *j, const pb_image *img)
{
  for (size_t i = 0; i < j->photos.n; i++)
    if (pb_image_same (j->photos.v[i].image, img))
      return &j->photos.v[i];
  return NULL;
}

/* The size a photo is made at for the press, in eighths (8: whole): the
 * fewest eighths that keep even its largest print in the edition at or
 * above the layout's downsample resolution (and min_ppi).  libjpeg's
 * scaled inverse DCT drops the frequencies the smaller grid cannot hold
 * (a band-limited resampling, with none of the softening of resampling
 * pixels by a little that makes layout programs' PDF/X presets wait for
 * 1.5× the target), so any step down is taken.  A JPEG alone (PNGs are
 * drawn art, kept whole). */
int
pb_press_photo_eighths (const pb_layout *L, const pb_image *img)
{
  const pb_press *pr = &L->edition->tpl->press;
  if (pr->downsample <= 0)
    return 8;
  return pb_photo_eighths_for (L, img, pr->downsample > pr->min_ppi ? pr->downsample : pr->min_ppi);
}

int
pb_photo_eighths_for (const pb_layout *L, const pb_image *img, double want)
{
  if (want <= 0 || img->format != PB_IMAGE_JPEG)
    return 8;
  double lowest = 0;
  for (size_t i = 0; i < L->photos.n; i++) {
    const pb_photo_record *r = &L->photos.v[i];
    double ppi = r->ppi_x < r->ppi_y ? r->ppi_x : r->ppi_y;
    if (pb_image_same (r->image, img) && (lowest == 0 || ppi < lowest))
      lowest = ppi;
  }
  if (lowest <= want)
    return 8;
  int eighths = (int) ceil (8 * want / lowest);
  return eighths < 1 ? 1 : eighths > 8 ? 8 : eighths;
}

/* The lowest effective resolution a photo is printed at on a page. */
static double
photo_ppi (const pb_layout *L, int page, const pb_image *img)
{
  double lowest = 0;
  for (size_t i = 0; i < L->photos.n; i++) {
    const pb_photo_record *r = &L->photos.v[i];
    if (r->page != page || r->image != img)
      continue;
    double ppi = r->ppi_x < r->ppi_y ? r->ppi_x : r->ppi_y;
    if (lowest == 0 || ppi < lowest)
      lowest = ppi;
  }
  return lowest;
}

/* A colour's press ink, each colour through the profile once. */
static void
ink_of (pb_press_job *j, pb_color c, double ink[4])
{
  for (size_t i = 0; i < j->memo.n; i++)
    if (pb_color_equal (j->memo.v[i].color, c)) {
      memcpy (ink, j->memo.v[i].ink, sizeof j->memo.v[i].ink);
      return;
    }
  pb_press_profile_ink (j->profile, c, ink);
  ink_memo m = {c, {ink[0], ink[1], ink[2], ink[3]}};
  PB_VEC_PUSH (j->memo, m); /* out of memory: asked again next time */
}

/* Where a text or rule's colour is given: the style of that colour (and
 * size), the masthead's for its rules, else the layout's rules. */
static pb_pos
colour_pos (const pb_template *t, const pb_dl_item *it)
{
  if (it->kind == PB_DL_RULE && it->line_w < PB_PT (1) && t->masthead_h > 0 &&
      pb_color_equal (it->color, t->masthead_rule_set ? t->masthead_rule_color : t->style[PB_ROLE_MASTHEAD].color)
      && it->article < 0 && pb_color_equal (it->color, t->style[PB_ROLE_MASTHEAD].color))
    return t->masthead_pos;
  for (int pass = 0; pass < 2; pass++)
    for (int r = 0; r < PB_ROLE_COUNT; r++)
      if (pb_color_equal (t->style[r].color, it->color) && (pass || it->kind != PB_DL_GLYPHS || t->style[r].size == it->em))
        return t->style_pos[r];
  return t->rules_pos;
}

/* The preflight of one page: each item's ink as the plates get it. */
static bool
preflight_page (pb_press_job *j, pb_layout *L, const pb_dl_page *page, pb_diagnostics *diags)
{
  const pb_press *pr = j->press;
  pb_press_record rec = {.page = page->number, .max_ink_what = ""};
  pb_pos at = {L->edition->path, 0, 0};
  const pb_template *t = L->edition->tpl;
  const char *first_multi_text = NULL;
  size_t sample_len = 0;
  double multi_text_size = 0, thin_w = 0, multi_rule_w = 0;
  pb_pos text_at = at, rule_at = at, thin_at = at, ink_at = at;
  for (size_t i = 0; i < page->items.n; i++) {
    const pb_dl_item *it = &page->items.v[i];
    double ink[4] = {0, 0, 0, 0}, tac;
    const char *what;
    if (it->kind == PB_DL_IMAGE) {
      const press_photo *pp = find_photo (j, it->image);
      tac = pp ? pp->max_ink : 0;
      what = strrchr (it->image->path, '/') ? strrchr (it->image->path, '/') + 1 : it->image->path;
      if (tac > pr->ink_limit + 0.5)
        pb_warning (diags, "press", it->image->pos, "page %d: %s takes %.0f%% total ink, over the plant's limit of %d%%",
                    page->number, what, tac, pr->ink_limit);
      rec.converted += pp && pp->converted;
      rec.reduced += pp && pp->width < it->image->width;
      double ppi = photo_ppi (L, page->number, it->image);
      if (ppi > 0 && ppi < pr->min_ppi) {
        rec.low_photos++;
        /* under 200 ppi is a warning of every build already */
        if (pr->min_ppi > PB_PHOTO_MIN_PPI)
          pb_warning (diags, "press", it->image->pos, "page %d: %s prints at %.0f ppi, under the plant's %d ppi",
                      page->number, it->image->path, ppi, pr->min_ppi);
      }
    } else {
      ink_of (j, it->color, ink);
      tac = total_ink (ink);
      what = it->kind == PB_DL_GLYPHS ? "text" : it->kind == PB_DL_RULE ? "rule" : "mark";
      if (it->kind == PB_DL_GLYPHS && inks_used (ink) > 1 && it->em < pr->min_multi_text) {
        if (!rec.multi_text++) {
          first_multi_text = it->text;
          /* up to 24 bytes, cut between characters */
          sample_len = it->text_len < 24 ? it->text_len : 24;
          while (sample_len > 0 && sample_len < it->text_len && ((unsigned char) it->text[sample_len] & 0xC0) == 0x80)
            sample_len--;
          multi_text_size = PB_TO_PT (it->em);
          text_at = colour_pos (t, it);
        }
      }
      if (it->kind == PB_DL_RULE && inks_used (ink) > 1 && it->line_w < pr->min_multi_rule) {
        if (!rec.multi_rules++) {
          multi_rule_w = PB_TO_PT (it->line_w);
          rule_at = colour_pos (t, it);
        }
      }
      if (it->kind == PB_DL_RULE && it->line_w < pr->min_rule) {
        if (!rec.thin_rules++) {
          thin_w = PB_TO_PT (it->line_w);
          thin_at = colour_pos (t, it);
        }
      }
    }
    if (tac > rec.max_ink) {
      rec.max_ink = tac;
      rec.max_ink_what = what;
      ink_at = it->kind == PB_DL_IMAGE ? it->image->pos : colour_pos (t, it);
    }
  }
  if (rec.multi_text)
    pb_warning (diags, "press", text_at, "page %d: text in more than one ink under %.0f pt, %d runs (the first: "
                "%.2f pt, '%.*s'); misregistration blurs it on newsprint: print it in black", page->number,
                PB_TO_PT (pr->min_multi_text), rec.multi_text, multi_text_size, (int) sample_len, first_multi_text ? first_multi_text : "");
  if (rec.multi_rules && rule_at.line == t->masthead_pos.line && rule_at.file == t->masthead_pos.file)
    pb_warning (diags, "press", rule_at, "page %d: the thin rule under the masthead is in more than one ink and "
                "thinner than %.1f pt (%.2f pt); misregistration shows on newsprint: give it one ink, masthead: "
                "{rule_color: \"gray(100)\"}", page->number, PB_TO_PT (pr->min_multi_rule), multi_rule_w);
  else if (rec.multi_rules)
    pb_warning (diags, "press", rule_at, "page %d: lines in more than one ink thinner than %.1f pt, %d of them (the "
                "first: %.2f pt); misregistration shows on newsprint: make them thicker or black", page->number,
                PB_TO_PT (pr->min_multi_rule), rec.multi_rules, multi_rule_w);
  if (rec.thin_rules)
    pb_warning (diags, "press", thin_at, "page %d: rules thinner than the plant's %.2f pt, %d of them (the first: "
                "%.2f pt)", page->number, PB_TO_PT (pr->min_rule), rec.thin_rules, thin_w);
  if (rec.max_ink > pr->ink_limit + 0.5 && strcmp (rec.max_ink_what, "text") * strcmp (rec.max_ink_what, "rule")
      * strcmp (rec.max_ink_what, "mark") == 0)
    pb_warning (diags, "press", ink_at, "page %d: %s takes %.0f%% total ink, over the plant's limit of %d%%",
                page->number, rec.max_ink_what, rec.max_ink, pr->ink_limit);
  return PB_VEC_PUSH (L->press, rec);
}

pb_press_job *
pb_press_prepare (pb_layout *L, pb_pdfx standard, int jobs, const char *cache_dir, pb_diagnostics *diags)
{
  const pb_template *t = L->edition->tpl;
  pb_pos at = t->press.profile_pos;
  if (!t->press.icc) {
    pb_error (diags, "press", at, "no press profile: %s cannot be read (name the plant's profile in the layout, "
              "press: {profile: FILE})", t->press.profile_path);
    return NULL;
  }
  pb_press_job *j = pb_calloc (1, sizeof *j);
  const char *why = "";
  if (!j)
    goto oom;
  j->press = &t->press;
  if (cache_dir && cache_dir[0]) {
    j->cache_dir = pb_path_join (cache_dir, "press");
    /* a folder that cannot be made is a cache not used */
    if (j->cache_dir && g_mkdir_with_parents (j->cache_dir, 0755) != 0) {
      free (j->cache_dir);
      j->cache_dir = NULL;
    }
    if (j->cache_dir)
      cache_prune (j->cache_dir);
  }
  j->standard = standard ? standard : t->press.standard;
  j->profile = pb_press_profile_open (t->press.icc, t->press.icc_len, &why);
  if (!j->profile) {
    pb_error (diags, "press", at, "the press profile %s cannot be used: %s", t->press.profile_path, _(why));
    free (j);
    return NULL;
  }
  L->press_standard = j->standard;
  L->press.n = 0;
  /* ICC.1:1998-09 (version 2) is what PDF 1.3 knows; version 4 profiles
   * came with PDF 1.5 (PDF/X-4 takes them) */
  int icc_major = t->press.icc_len > 8 ? t->press.icc[8] : 0;
  if (j->standard == PB_PDFX_1A && icc_major >= 4) {
    pb_error (diags, "press", at, "the press profile %s is an ICC version %d profile: PDF/X-1a:2001 takes version "
              "2 profiles only; ask the plant for its version 2 profile, or make PDF/X-4 (press: {standard: x4})",
              t->press.profile_path, icc_major);
    pb_press_job_destroy (j);
    return NULL;
  }
  if (t->press.profile_default)
    pb_warning (diags, "press", at, "the press PDFs use paiban's stand-in profile (FOGRA29 offset data, not a "
                "newsprint's colours): name the plant's profile and output condition in the layout, "
                "press: {profile: FILE, condition: NAME}");
  if (pthread_mutex_init (&j->lock, NULL) != 0)
    goto oom;
  j->locked = true;
  for (size_t p = 0; p < L->pages.n; p++) {
    const pb_dl_page *page = &L->pages.v[p];
    for (size_t i = 0; i < page->items.n; i++) {
      const pb_dl_item *it = &page->items.v[i];
      if (it->kind != PB_DL_IMAGE || find_photo (j, it->image))
        continue;
      press_photo pp = {.image = it->image, .eighths = pb_press_photo_eighths (L, it->image)};
      if (!PB_VEC_PUSH (j->photos, pp))
        goto oom;
    }
  }
  if (!prepare_photos (j, jobs)) {
    for (size_t i = 0; i < j->photos.n; i++)
      if (!j->photos.v[i].made && j->photos.v[i].why)
        pb_error (diags, "press", j->photos.v[i].image->pos, "cannot make the press image of %s: %s",
                  j->photos.v[i].image->path, _(j->photos.v[i].why));
    pb_press_job_destroy (j);
    return NULL;
  }
  for (size_t i = 0; i < j->photos.n; i++) {
    const press_photo *pp = &j->photos.v[i];
    if (pp->converted)
      pb_note (diags, "press", pp->image->pos,
               "%s: CMYK photo with up to %.0f%% total ink, over the plant's limit of %d%%: converted through "
               "the press profile (now up to %.0f%%)", pp->image->path, pp->ink_before, j->press->ink_limit,
               pp->max_ink);
  }
  j->cache_photos = pb_calloc (j->photos.n ? j->photos.n : 1, sizeof *j->cache_photos);
  if (!j->cache_photos)
    goto oom;
  for (size_t i = 0; i < j->photos.n; i++) {
    const press_photo *pp = &j->photos.v[i];
    j->cache_photos[i] = (pb_press_photo) {pp->image, pp->jpeg, pp->len, pp->width, pp->height, pp->inverted};
  }
  for (size_t p = 0; p < L->pages.n; p++)
    if (!preflight_page (j, L, &L->pages.v[p], diags))
      goto oom;
  return j;
oom:
  pb_error (diags, "memory", at, "out of memory");
  pb_press_job_destroy (j);
  return NULL;
}

void
pb_press_job_destroy (pb_press_job *j)
{
  if (!j)
    return;
  for (size_t i = 0; i < j->photos.n; i++)
    if (j->photos.v[i].own)
      free (j->photos.v[i].jpeg);
  PB_VEC_FREE (j->photos);
  PB_VEC_FREE (j->memo);
  if (j->locked)
    pthread_mutex_destroy (&j->lock);
  free (j->cache_photos);
  pb_press_profile_destroy (j->profile);
  free (j->cache_dir);
  free (j);
}

/* A stable identifier for the XMP (the same inputs, the same bytes). */
static void
xmp_uuid (const char *seed, char out[48])
{
  uint64_t h1 = 0xcbf29ce484222325ull, h2 = 0x84222325cbf29ce4ull;
  for (const unsigned char *p = (const unsigned char *) seed; *p; p++) {
    h1 = (h1 ^ *p) * 0x100000001b3ull;
    h2 = (h2 ^ *p) * 0x100000001b3ull + 7;
  }
  /* RFC 4122 form: version 5 (name-based), variant 10 */
  snprintf (out, 48, "uuid:%08x-%04x-%04x-%04x-%012llx", (unsigned) (h1 >> 32), (unsigned) (h1 >> 16) & 0xFFFF,
            0x5000u | ((unsigned) h1 & 0x0FFF), 0x8000u | ((unsigned) (h2 >> 48) & 0x3FFF),
            (unsigned long long) (h2 & 0xFFFFFFFFFFFFull));
}

/* The XMP packet of a PDF/X-4 file (ISO 15930-7 6.2.2: the version, the
 * dates, DocumentID, VersionID, RenditionClass), written with libxml2. */
static char *
xmp_packet (const char *title, const char *iso_date, const char *seed, const char *instance_seed)
{
  xmlBufferPtr buf = xmlBufferCreate ();
  xmlTextWriterPtr w = buf ? xmlNewTextWriterMemory (buf, 0) : NULL;
  if (!w) {
    if (buf)
      xmlBufferFree (buf);
    return NULL;
  }
  /* DocumentID: this edition's file (its title, date, pages), the same in
   * every build; InstanceID: these bytes of it (a corrected page, another) */
  char id[48], instance[48];
  xmp_uuid (seed, id);
  xmp_uuid (instance_seed, instance);
  int rc = 0;
  rc |= xmlTextWriterWritePI (w, BAD_CAST "xpacket", BAD_CAST "begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"") < 0;
  rc |= xmlTextWriterStartElementNS (w, BAD_CAST "x", BAD_CAST "xmpmeta", BAD_CAST "adobe:ns:meta/") < 0;
  rc |= xmlTextWriterStartElementNS (w, BAD_CAST "rdf", BAD_CAST "RDF",
                                     BAD_CAST "http://www.w3.org/1999/02/22-rdf-syntax-ns#") < 0;
  rc |= xmlTextWriterStartElementNS (w, BAD_CAST "rdf", BAD_CAST "Description", NULL) < 0;
  rc |= xmlTextWriterWriteAttributeNS (w, BAD_CAST "rdf", BAD_CAST "about", NULL, BAD_CAST "") < 0;
  static const char *const ns[][2] = {
    {"dc", "http://purl.org/dc/elements/1.1/"}, {"xmp", "http://ns.adobe.com/xap/1.0/"},
    {"pdf", "http://ns.adobe.com/pdf/1.3/"},    {"pdfxid", "http://www.npes.org/pdfx/ns/id/"},
    {"xmpMM", "http://ns.adobe.com/xap/1.0/mm/"},
  };
  for (size_t i = 0; i < sizeof ns / sizeof ns[0]; i++) {
    char *a = pb_printf ("xmlns:%s", ns[i][0]);
    rc |= !a || xmlTextWriterWriteAttribute (w, BAD_CAST a, BAD_CAST ns[i][1]) < 0;
    free (a);
  }
  rc |= xmlTextWriterStartElement (w, BAD_CAST "dc:title") < 0;
  rc |= xmlTextWriterStartElement (w, BAD_CAST "rdf:Alt") < 0;
  rc |= xmlTextWriterStartElement (w, BAD_CAST "rdf:li") < 0;
  rc |= xmlTextWriterWriteAttribute (w, BAD_CAST "xml:lang", BAD_CAST "x-default") < 0;
  rc |= xmlTextWriterWriteString (w, BAD_CAST title) < 0;
  rc |= xmlTextWriterEndElement (w) < 0;
  rc |= xmlTextWriterEndElement (w) < 0;
  rc |= xmlTextWriterEndElement (w) < 0;
  const char *const fields[][2] = {
    {"dc:format", "application/pdf"}, {"xmp:CreateDate", iso_date}, {"xmp:ModifyDate", iso_date},
    {"xmp:MetadataDate", iso_date}, {"xmp:CreatorTool", "paiban"}, {"pdf:Producer", "paiban (cairo, qpdf)"},
    {"pdf:Trapped", "False"}, {"pdfxid:GTS_PDFXVersion", "PDF/X-4"}, {"xmpMM:DocumentID", id},
    {"xmpMM:InstanceID", instance}, {"xmpMM:VersionID", "1"}, {"xmpMM:RenditionClass", "default"},
  };
  for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
    rc |= xmlTextWriterWriteElement (w, BAD_CAST fields[i][0], BAD_CAST fields[i][1]) < 0;
  rc |= xmlTextWriterEndElement (w) < 0; /* Description */
  rc |= xmlTextWriterEndElement (w) < 0; /* RDF */
  rc |= xmlTextWriterEndElement (w) < 0; /* xmpmeta */
  rc |= xmlTextWriterWritePI (w, BAD_CAST "xpacket", BAD_CAST "end=\"w\"") < 0;
  rc |= xmlTextWriterFlush (w) < 0;
  xmlFreeTextWriter (w);
  char *out = rc ? NULL : pb_strdup ((const char *) xmlBufferContent (buf));
  xmlBufferFree (buf);
  return out;
}

/* The file's date: the edition's day (00:00 UTC), or a proof's epoch. */
static void
press_dates (const pb_edition *ed, long long epoch, char pdf[40], char iso[40])
{
  struct tm tm = {0};
  if (ed->proof) {
    time_t t = (time_t) epoch;
    gmtime_r (&t, &tm);
  } else {
    tm.tm_year = ed->year - 1900;
    tm.tm_mon = ed->month - 1;
    tm.tm_mday = ed->day;
  }
  strftime (pdf, 40, "D:%Y%m%d%H%M%S+00'00'", &tm);
  strftime (iso, 40, "%Y-%m-%dT%H:%M:%S+00:00", &tm);
}

bool
pb_press_render (pb_press_job *j, pb_layout *L, const size_t *pages, size_t n, long long epoch, pb_buf *out,
                 pb_diagnostics *diags)
{
  const pb_template *t = L->edition->tpl;
  pb_pos at = {L->edition->path, 0, 0};
  pb_buf raw = {0};
  cairo_surface_t *s = cairo_pdf_surface_create_for_stream (pb_export_buf_write, &raw, PB_TO_PT (t->page_w),
                                                            PB_TO_PT (t->page_h));
  cairo_pdf_surface_restrict_to_version (s, CAIRO_PDF_VERSION_1_4);
  char pdf_date[40], iso_date[40];
  press_dates (L->edition, epoch, pdf_date, iso_date);
  /* cairo's own dates (not kept: qpdf writes the Info) the edition's, so
   * that its bytes, which PDF/X-4's InstanceID is made from, repeat */
  cairo_pdf_surface_set_metadata (s, CAIRO_PDF_METADATA_CREATE_DATE, iso_date);
  cairo_pdf_surface_set_metadata (s, CAIRO_PDF_METADATA_MOD_DATE, iso_date);
  pb_image_cache *cache = pb_image_cache_create_press (j->cache_photos, j->photos.n);
  cairo_status_t st = pb_export_draw_pdf (s, L, pages, n, cache, -1, false, diags);
  size_t n_keys = 0;
  const pb_color *palette = cache ? pb_image_cache_palette (cache, &n_keys) : NULL;
  pb_pdfx_ink *inks = pb_calloc (n_keys ? n_keys : 1, sizeof *inks);
  const unsigned char **inv = pb_calloc (j->photos.n + 1, sizeof *inv);
  size_t *inv_len = pb_calloc (j->photos.n + 1, sizeof *inv_len), n_inv = 0;
  bool ok = st == CAIRO_STATUS_SUCCESS && !raw.failed && (palette || n_keys == 0) && inks && inv && inv_len;
  for (size_t k = 0; ok && k < n_keys; k++) {
    pb_press_profile_ink (j->profile, palette[k], inks[k].ink);
    inks[k].overprint = inks[k].ink[0] == 0 && inks[k].ink[1] == 0 && inks[k].ink[2] == 0 && inks[k].ink[3] >= 0.999;
  }
  for (size_t i = 0; ok && i < j->photos.n; i++)
    if (j->photos.v[i].inverted) {
      inv[n_inv] = j->photos.v[i].jpeg;
      inv_len[n_inv++] = j->photos.v[i].len;
    }
  char *title = pb_export_title (L);
  char *seed = pb_printf ("%s|%s|%zu|%d", title ? title : "", pdf_date, n, n ? L->pages.v[pages[0]].number : 0);
  char *instance = NULL;
  if (j->standard == PB_PDFX_4 && !raw.failed) {
    GChecksum *c = g_checksum_new (G_CHECKSUM_SHA256);
    if (c) {
      g_checksum_update (c, (const guchar *) raw.data, (gssize) raw.len);
      instance = pb_strdup (g_checksum_get_string (c));
      g_checksum_free (c);
    }
  }
  char *xmp = j->standard == PB_PDFX_4 && title && seed && instance ? xmp_packet (title, iso_date, seed, instance)
                                                                     : NULL;
  ok = ok && title && seed && (j->standard != PB_PDFX_4 || xmp);
  char err[512] = "";
  if (ok) {
    pb_pdfx_params p = {
      .standard = j->standard == PB_PDFX_4 ? 4 : 1,
      .icc = t->press.icc, .icc_len = t->press.icc_len,
      .condition = t->press.condition, .info = t->press.condition_info, .registry = t->press.registry,
      .title = title, .date = pdf_date, .xmp = xmp,
      .inks = inks, .n_inks = n_keys,
      .bleed = PB_TO_PT (t->press.bleed), .marks = t->press.marks,
      .inverted = inv, .inverted_len = inv_len, .n_inverted = n_inv,
    };
    unsigned char *pdf = NULL;
    size_t len = 0;
    if (pb_pdfx_finish ((const unsigned char *) raw.data, raw.len, &p, &pdf, &len, err, sizeof err)) {
      pb_buf_append (out, pdf, len);
      free (pdf);
      ok = !out->failed;
      if (!ok)
        snprintf (err, sizeof err, "out of memory");
    } else
      ok = false;
  } else
    snprintf (err, sizeof err, "%s", st != CAIRO_STATUS_SUCCESS ? cairo_status_to_string (st) : "out of memory");
  if (!ok)
    pb_error (diags, "press", at, "cannot make the press PDF: %s", err);
  free (xmp);
  free (instance);
  free (seed);
  free (title);
  free (inv);
  free (inv_len);
  free (inks);
  pb_image_cache_destroy (cache);
  pb_buf_free (&raw);
  return ok;
}
