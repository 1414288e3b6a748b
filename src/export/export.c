/* export: edition.pdf, pages/NN.pdf, pages/NN.png and report.txt, each
 * written atomically; PDF metadata and outline. */
#include "export/export.h"
#include "parse/parse.h"
#include "export/pdfx.h"

#include <cairo-pdf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <limits.h>
#include <pango/pangocairo.h>
#include <pthread.h>
#include <unistd.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <jansson.h>
#include <math.h>
#include <time.h>

cairo_status_t
pb_export_buf_write (void *closure, const unsigned char *data, unsigned int len)
{
  pb_buf *b = closure;
  pb_buf_append (b, data, len);
  /* a failed buffer stays failed (checked when the PDF is finished); cairo
   * 1.16 is told nothing, since after a write error its
   * cairo_surface_finish reads through a NULL pointer */
  return CAIRO_STATUS_SUCCESS;
}

static bool
page_selected (const pb_write_options *o, int number)
{
  if (!o || !o->pages)
    return true;
  for (size_t i = 0; i < o->n_pages; i++)
    if (o->pages[i] == number)
      return true;
  return false;
}

static const char *
headline_of (const pb_layout *L, int article)
{
  return L->edition->articles[article]->headline;
}

/* Outline: one entry per page, its articles (by headline) under it. */
static void
add_outline (cairo_surface_t *s, const pb_layout *L, const pb_dl_page *page, int pdf_page)
{
  /* an allocation that fails here leaves the outline short; the failure
   * is counted and the edition is not swapped in */
  char *link = pb_printf ("page=%d pos=[0 0]", pdf_page);
  const char *name = page->label;
  char *title = NULL;
  if (!L->edition->proof && L->edition->pages) {
    for (size_t i = 0; i < L->edition->n_pages; i++)
      if (L->edition->pages[i].number == page->number && L->edition->pages[i].section)
        title = pb_printf ("%s %s", page->label, L->edition->pages[i].section);
  }
  if (!link || !name) {
    free (link);
    free (title);
    return;
  }
  int id = cairo_pdf_surface_add_outline (s, CAIRO_PDF_OUTLINE_ROOT, title ? title : name, link, 0);
  free (link);
  free (title);
  int last = -1;
  for (size_t r = 0; r < page->regions.n; r++) {
    const pb_region *reg = &page->regions.v[r];
    if (reg->article == last)
      continue;
    last = reg->article;
    char *l = pb_printf ("page=%d pos=[%.1f %.1f]", pdf_page, PB_TO_PT (reg->x), PB_TO_PT (reg->y));
    if (l)
      cairo_pdf_surface_add_outline (s, id, headline_of (L, reg->article), l, 0);
    free (l);
  }
}

static void
pdf_metadata (cairo_surface_t *s, const pb_layout *L, const char *title, long long epoch)
{
  const pb_edition *ed = L->edition;
  char date[40];
  if (ed->proof) {
    time_t t = (time_t) epoch;
    struct tm tm;
    gmtime_r (&t, &tm);
    strftime (date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", &tm);
  } else
    snprintf (date, sizeof date, "%04d-%02d-%02dT00:00:00", ed->year, ed->month, ed->day);
  cairo_pdf_surface_set_metadata (s, CAIRO_PDF_METADATA_TITLE, title);
  cairo_pdf_surface_set_metadata (s, CAIRO_PDF_METADATA_CREATOR, "paiban " PB_VERSION);
  cairo_pdf_surface_set_metadata (s, CAIRO_PDF_METADATA_CREATE_DATE, date);
  cairo_pdf_surface_set_metadata (s, CAIRO_PDF_METADATA_MOD_DATE, date);
  if (ed->issue)
    cairo_pdf_surface_set_metadata (s, CAIRO_PDF_METADATA_SUBJECT, ed->issue);
}

char *
pb_export_title (const pb_layout *L)
{
  return L->edition->proof ? pb_printf ("%s %s", L->edition->paper, L->edition->articles[0]->headline)
                           : pb_printf ("%s %s", L->edition->paper, L->edition->date);
}

cairo_status_t
pb_export_draw_pdf (cairo_surface_t *s, pb_layout *L, const size_t *pages, size_t n, pb_image_cache *cache,
                    int article, bool outline, pb_diagnostics *diags)
{
  cairo_t *cr = cairo_create (s);
  /* cairo's errors are sticky: the context's status after each page, the
   * surface's after finishing */
  cairo_status_t st = cache ? cairo_status (cr) : CAIRO_STATUS_NO_MEMORY;
  /* tagged PDF: one Document element over all pages holds the articles
   * (the structure tree's root has a single child); the press PDF has no
   * structure (PDF/X) */
  bool tagged = cache && !pb_image_cache_is_press (cache);
  if (tagged)
    cairo_tag_begin (cr, "Document", NULL);
  for (size_t i = 0; i < n && st == CAIRO_STATUS_SUCCESS; i++) {
    const pb_dl_page *page = &L->pages.v[pages[i]];
    if (outline && page->label)
      cairo_pdf_surface_set_page_label (s, page->label);
    if (outline)
      add_outline (s, L, page, (int) i + 1);
    bool drawn = pb_render_page_article (cr, L, page, cache, 0, article, n < L->pages.n, diags);
    pb_render_fonts_lock (s); /* the page's glyphs go into the font subsets */
    cairo_show_page (cr);
    pb_render_fonts_unlock (s);
    st = cairo_status (cr);
    if (!drawn && st == CAIRO_STATUS_SUCCESS)
      st = CAIRO_STATUS_NO_MEMORY;
  }
  if (tagged) {
    cairo_tag_end (cr, "Document");
    if (st == CAIRO_STATUS_SUCCESS)
      st = cairo_status (cr);
  }
  pb_render_fonts_lock (s); /* the font subsets are made now */
  cairo_destroy (cr);
  cairo_surface_finish (s);
  pb_render_fonts_unlock (s);
  if (st == CAIRO_STATUS_SUCCESS)
    st = cairo_surface_status (s);
  cairo_surface_destroy (s);
  return st;
}

static int
pdf_photo_eighths (const void *ctx, const pb_image *img)
{
  return pb_press_photo_eighths (ctx, img);
}

/* Makes the run's photo store (render.h) on first use: each photo a PDF
 * must re-encode is converted once, no larger than the plates need (the
 * layout's press downsample: the same pixels the press PDF gets).  Called
 * before any worker thread starts; when out of memory, none (each output
 * then converts its own). */
/* The page PDFs' photos for the site: the edition's web_ppi. */
static int
web_photo_eighths (const void *ctx, const pb_image *img)
{
  const pb_layout *L = ctx;
  return pb_photo_eighths_for (L, img, L->edition->web_ppi);
}

/* The JPEG quality of the page PDFs' photos made smaller for the site */
#define WEB_PHOTO_QUALITY 85

static void
make_photo_store (pb_layout *L)
{
  if (!L->photo_store)
    L->photo_store = pb_photo_store_create (pdf_photo_eighths, L);
  if (!L->web_photo_store && L->edition->web_ppi > 0) {
    L->web_photo_store = pb_photo_store_create (web_photo_eighths, L);
    pb_photo_store_set_web (L->web_photo_store, WEB_PHOTO_QUALITY);
  }
}

/* Completes the tagging of a PDF cairo made of these pages (pdfx.h:
 * marked, its language, articles in another language, the figures'
 * alternative text from their captions). */
static bool
finish_tagging (pb_layout *L, const size_t *pages, size_t n, int article, pb_buf *out, char *err, size_t cap)
{
  pb_tag_sequence seq = {0};
  const pb_edition *ed = L->edition;
  bool ok = pb_render_tag_sequence (L, pages, n, article, &seq);
  const char **langs = pb_calloc (seq.arts.n + 1, sizeof *langs);
  const char **alts = pb_calloc (seq.figures.n + 1, sizeof *alts);
  ok = ok && langs && alts;
  for (size_t i = 0; ok && i < seq.arts.n; i++) {
    const pb_article *a = ed->articles[seq.arts.v[i].article];
    langs[i] = a->lang != ed->lang ? pb_lang_tag (a->lang) : NULL;
  }
  /* a photo's caption says what it shows; without one, its story's
   * headline */
  for (size_t i = 0; ok && i < seq.figures.n; i++) {
    const pb_article *a = ed->articles[seq.figures.v[i].article];
    int b = seq.figures.v[i].block;
    const char *caption = b >= 0 && (size_t) b < a->n_blocks ? a->blocks[b].caption : NULL;
    alts[i] = caption && *caption ? caption : a->headline;
  }
  pb_pdf_tagging t = {pb_lang_tag (ed->lang), langs, seq.arts.n, alts, seq.figures.n};
  unsigned char *tagged = NULL;
  size_t len = 0;
  if (!ok)
    snprintf (err, cap, "out of memory");
  ok = ok && pb_pdf_tagged ((const unsigned char *) out->data, out->len, &t, &tagged, &len, err, cap);
  if (ok) {
    free (out->data);
    *out = (pb_buf) {(char *) tagged, len, len, false};
  }
  free (langs);
  free (alts);
  PB_VEC_FREE (seq.arts);
  PB_VEC_FREE (seq.figures);
  return ok;
}

/* Renders the given pages into one PDF in memory. */
static bool
render_pdf (pb_layout *L, const size_t *pages, size_t n, long long epoch, int article, pb_buf *out,
            pb_diagnostics *diags)
{
  const pb_template *t = L->edition->tpl;
  cairo_surface_t *s = cairo_pdf_surface_create_for_stream (pb_export_buf_write, out, PB_TO_PT (t->page_w),
                                                            PB_TO_PT (t->page_h));
  char *title = pb_export_title (L);
  pdf_metadata (s, L, title ? title : "paiban", epoch);
  free (title);
  /* a page PDF (one page of several) is the site's: its photos no
   * sharper than web_ppi needs */
  bool web = n < L->pages.n && article < 0 && L->web_photo_store;
  pb_image_cache *cache = pb_image_cache_create_shared (true, web ? L->web_photo_store : L->photo_store);
  cairo_status_t st = pb_export_draw_pdf (s, L, pages, n, cache, article, true, diags);
  pb_image_cache_destroy (cache);
  if (st != CAIRO_STATUS_SUCCESS || out->failed) {
    pb_error (diags, st == CAIRO_STATUS_NO_MEMORY || out->failed ? "memory" : "pdf",
              ((pb_pos) {L->edition->path, 0, 0}), "cannot make the PDF: %s",
              out->failed ? _("out of memory") : cairo_status_to_string (st));
    return false;
  }
  char err[256] = "";
  if (!finish_tagging (L, pages, n, article, out, err, sizeof err)) {
    pb_error (diags, strcmp (err, "out of memory") == 0 ? "memory" : "pdf", ((pb_pos) {L->edition->path, 0, 0}),
              "cannot make the PDF: %s", err);
    return false;
  }
  return true;
}

/* A page's image size in pixels at dpi. */
static void
image_size (const pb_dl_page *page, double dpi, int *w, int *h)
{
  double k = dpi / 72.0;
  *w = (int) (PB_TO_PT (page->w) * k + 0.5);
  *h = (int) (PB_TO_PT (page->h) * k + 0.5);
}

/* The page as an image at dpi (caller destroys); NULL on failure (in
 * diags). */
static cairo_surface_t *
render_image (pb_layout *L, size_t page_index, double dpi, pb_diagnostics *diags)
{
  const pb_dl_page *page = &L->pages.v[page_index];
  double k = dpi / 72.0;
  int w, h;
  image_size (page, dpi, &w, &h);
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_RGB24, w, h);
  cairo_t *cr = cairo_create (s);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, k, k);
  pb_image_cache *cache = pb_image_cache_create_shared (false, L->photo_store);
  bool ok = cache && pb_render_page_article (cr, L, page, cache, k, -1, false, diags);
  cairo_status_t st = cairo_status (cr);
  cairo_destroy (cr);
  pb_image_cache_destroy (cache);
  if (st == CAIRO_STATUS_SUCCESS)
    st = cairo_surface_status (s);
  if (!ok || st != CAIRO_STATUS_SUCCESS) {
    pb_error (diags, "memory", ((pb_pos) {L->edition->path, 0, 0}), "cannot make the image of page %d: %s",
              page->number, st != CAIRO_STATUS_SUCCESS ? cairo_status_to_string (st) : _("out of memory"));
    cairo_surface_destroy (s);
    return NULL;
  }
  return s;
}

static bool
encode_png (cairo_surface_t *s, int number, pb_buf *out, const char *edition, pb_diagnostics *diags)
{
  unsigned char *data = NULL;
  size_t len = 0;
  if (cairo_surface_status (s) != CAIRO_STATUS_SUCCESS || !pb_png_encode (s, &data, &len)) {
    pb_error (diags, "png", ((pb_pos) {edition, 0, 0}), "cannot make page image %d: out of memory", number);
    return false;
  }
  pb_buf_append (out, data, len);
  free (data);
  return !out->failed;
}

const char *
pb_export_shown (const char *path, char *buf, size_t cap)
{
  const char *mark = strstr (path, ".paiban-new-");
  const char *name = mark;
  while (name && name > path && name[-1] != '/')
    name--;
  if (!mark || !name || name[0] != '.' || name == mark)
    return path;
  const char *rest = strchr (mark, '/');
  snprintf (buf, cap, "%.*s%.*s%s", (int) (name - path), path, (int) (mark - name - 1), name + 1, rest ? rest : "");
  return buf;
}

bool
pb_export_write_file (const char *path, const pb_buf *b, pb_diagnostics *diags)
{
  /* the staging folder is this build's alone: no temporary name needed */
  int fd = b->failed ? -1 : open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  const char *p = b->data ? b->data : "";
  size_t left = b->len;
  int err = b->failed ? ENOMEM : fd < 0 ? errno : 0;
  while (!err && left > 0) {
    ssize_t w = write (fd, p, left);
    if (w < 0 && errno == EINTR)
      continue;
    if (w < 0)
      err = errno;
    else {
      p += w;
      left -= (size_t) w;
    }
  }
  if (!err && fsync (fd) != 0 && errno != EINVAL)
    err = errno;
  if (fd >= 0 && close (fd) != 0 && !err)
    err = errno;
  if (err) {
    pb_error (diags, "write", ((pb_pos) {PB_SHOWN (path), 0, 0}), "cannot write: %s", pb_strerror (err));
    return false;
  }
  return true;
}

bool
pb_export_write_bytes (const char *path, const void *data, size_t len, pb_diagnostics *diags)
{
  pb_buf b = {(char *) data, len, len, false};
  return pb_export_write_file (path, &b, diags);
}

bool
pb_export_make_dir (const char *path, pb_diagnostics *diags)
{
  if (mkdir (path, 0755) != 0 && errno != EEXIST) {
    pb_error (diags, "write", ((pb_pos) {PB_SHOWN (path), 0, 0}), "cannot create the folder: %s", pb_strerror (errno));
    return false;
  }
  struct stat st;
  if (stat (path, &st) != 0 || !S_ISDIR (st.st_mode)) {
    pb_error (diags, "write", ((pb_pos) {PB_SHOWN (path), 0, 0}), "not a folder");
    return false;
  }
  return true;
}

char *pb_report_render (const pb_layout *L, const pb_diagnostics *diags);

/* ---- limits that would fail late ---- */

/* Every page image at dpi: within WebP's and cairo's largest sides and
 * the memory one page image may take.  Checked before anything is
 * rendered. */
static bool
check_raster_limits (const pb_layout *L, double dpi, bool pdf_only, pb_diagnostics *diags)
{
  if (pdf_only)
    return true;
  for (size_t i = 0; i < L->pages.n; i++) {
    int w, h;
    image_size (&L->pages.v[i], dpi, &w, &h);
    uint64_t pixels = (uint64_t) w * (uint64_t) h, bytes = pixels * 4;
    if (w > PB_MAX_WEBP_SIDE || h > PB_MAX_WEBP_SIDE || bytes > PB_MAX_RASTER_BYTES ||
        pixels > PB_MAX_WEBP_PIXELS) {
      double most = dpi * PB_MAX_WEBP_SIDE / (w > h ? w : h);
      double mem = dpi * sqrt ((double) PB_MAX_RASTER_BYTES / (double) bytes);
      double webp = dpi * sqrt ((double) PB_MAX_WEBP_PIXELS / (double) pixels);
      double fit = most < mem ? most : mem;
      fit = webp < fit ? webp : fit;
      pb_error (diags, "limit", ((pb_pos) {L->edition->path, 0, 0}),
                "at %g dpi page %d's image would be %d × %d pixels; a WebP image has at most %d on a side and "
                "%u megapixels, a page image at most %llu MiB: use --dpi %d or less", dpi, L->pages.v[i].number,
                w, h, PB_MAX_WEBP_SIDE, PB_MAX_WEBP_PIXELS / 1000000, PB_MAX_RASTER_BYTES / (1024 * 1024),
                (int) floor (fit));
      return false;
    }
  }
  return true;
}

/* ---- page fingerprints (what --pages compares with the previous build) ---- */

typedef struct {
  uint64_t h;
} fnv;

static void
fnv_bytes (fnv *f, const void *data, size_t n)
{
  const unsigned char *p = data;
  for (size_t i = 0; i < n; i++)
    f->h = (f->h ^ p[i]) * 0x100000001b3ull;
}

static void
fnv_str (fnv *f, const char *s)
{
  fnv_bytes (f, s ? s : "", s ? strlen (s) + 1 : 1);
}

static void
fnv_int (fnv *f, int64_t v)
{
  fnv_bytes (f, &v, sizeof v);
}

/* Everything the press files are made from besides the pages: the
 * standard, the plant's profile and condition, the ink limit, the
 * downsample resolution, the boxes. */
static uint64_t
press_fingerprint (const pb_layout *L)
{
  fnv f = {0xcbf29ce484222325ull};
  const pb_press *pr = &L->edition->tpl->press;
  fnv_int (&f, L->press_standard);
  fnv_bytes (&f, pr->icc, pr->icc_len);
  fnv_str (&f, pr->condition);
  fnv_str (&f, pr->condition_info);
  fnv_str (&f, pr->registry);
  fnv_int (&f, pr->ink_limit);
  fnv_int (&f, pr->downsample);
  fnv_int (&f, pr->bleed);
  fnv_int (&f, pr->marks);
  return f.h;
}

/* Everything that the page's own files (PDF, images, figure crops, image
 * map) are made from: its display list, with fonts by description and
 * photos by file and stamp, its regions, the dpi and paiban's version. */
static uint64_t
page_fingerprint (const pb_layout *L, const pb_dl_page *page, double dpi, char **font_names, int press)
{
  fnv f = {0xcbf29ce484222325ull};
  const pb_edition *ed = L->edition;
  fnv_str (&f, "paiban " PB_VERSION);
  fnv_int (&f, (int64_t) (dpi * 1000));
  (void) press; /* the press settings have their own fingerprint (press_fingerprint) */
  fnv_int (&f, page->number);
  fnv_str (&f, page->label);
  fnv_int (&f, page->w);
  fnv_int (&f, page->h);
  for (size_t i = 0; i < page->items.n; i++) {
    const pb_dl_item *it = &page->items.v[i];
    fnv_int (&f, it->kind);
    fnv_str (&f, it->article >= 0 ? ed->articles[it->article]->id : "");
    pb_fixed g[] = {it->x, it->y, it->w, it->h, it->ix, it->iy, it->iw, it->ih, it->x1, it->y1, it->line_w,
                    it->block};
    fnv_bytes (&f, g, sizeof g);
    fnv_int (&f, pb_export_photo_number (ed, it)); /* its file's name: images/ID-N.jpg */
    fnv_int (&f, it->color.rgb);
    fnv_int (&f, it->color.space);
    fnv_bytes (&f, it->color.ink, sizeof it->color.ink);
    fnv_str (&f, it->font >= 0 && font_names ? font_names[it->font] : "");
    for (int k = 0; k < it->n_glyphs; k++)
      fnv_bytes (&f, &it->glyphs[k], sizeof it->glyphs[k]);
    fnv_bytes (&f, it->text ? it->text : "", it->text_len);
    if (it->clusters)
      fnv_bytes (&f, it->clusters, 2 * sizeof (int) * (size_t) it->n_clusters);
    if (it->image) {
      /* the photo file as it was read (field by field: no padding) */
      const pb_file_stamp *st = &it->image->stamp;
      fnv_str (&f, it->image->path);
      fnv_int (&f, st->size);
      fnv_int (&f, st->mtime_ns);
      fnv_int (&f, (int64_t) st->dev);
      fnv_int (&f, (int64_t) st->ino);
      /* the size its press JPEG is made at follows its largest print in
       * the whole edition, which another page can change */
      fnv_int (&f, pb_press_photo_eighths (L, it->image));
    }
    fnv_str (&f, it->dest);
    fnv_str (&f, it->link);
  }
  for (size_t r = 0; r < page->regions.n; r++) {
    const pb_region *rg = &page->regions.v[r];
    fnv_str (&f, ed->articles[rg->article]->id);
    fnv_str (&f, ed->articles[rg->article]->headline);
    pb_fixed g[] = {rg->x, rg->y, rg->w, rg->h};
    fnv_bytes (&f, g, sizeof g);
  }
  return f.h;
}

int
pb_export_photo_number (const pb_edition *edition, const pb_dl_item *it)
{
  if (it->article < 0 || it->block < 0)
    return 0;
  const pb_article *a = edition->articles[it->article];
  return (size_t) it->block < a->n_blocks ? a->blocks[it->block].photo : 0;
}

/* The files a page has of its own (relative to the folder), NULL-ended,
 * malloc'd; figure crops after the page's. */
static char **
page_files (const pb_layout *L, const pb_dl_page *page, bool press)
{
  static const char *const kinds[] = {"%02d.pdf", "%02d.png", "%02d.webp", "%02d-thumb.png",
                                      "%02d-thumb.webp", "%02d.map.html", "%02d.alto.xml"};
  size_t n_kinds = sizeof kinds / sizeof kinds[0], n = n_kinds + 1;
  for (size_t i = 0; i < page->items.n; i++)
    n += page->items.v[i].kind == PB_DL_IMAGE && page->items.v[i].article >= 0;
  char **v = pb_calloc (n + 1, sizeof (char *));
  if (!v)
    return NULL;
  size_t k = 0;
  for (size_t i = 0; i < n_kinds; i++) {
    char name[32];
    snprintf (name, sizeof name, kinds[i], page->number);
    v[k++] = pb_printf ("pages/%s", name);
  }
  if (press)
    v[k++] = pb_printf ("press/%02d.pdf", page->number);
  for (size_t i = 0; i < page->items.n; i++) {
    const pb_dl_item *it = &page->items.v[i];
    if (it->kind == PB_DL_IMAGE && it->article >= 0)
      v[k++] = pb_printf ("images/%s-%d.jpg", L->edition->articles[it->article]->id,
                          pb_export_photo_number (L->edition, it));
  }
  for (size_t i = 0; i < k; i++)
    if (!v[i]) {
      for (size_t j = 0; j < k; j++)
        free (v[j]);
      free (v);
      return NULL;
    }
  return v;
}

static void
free_strings (char **v)
{
  for (size_t i = 0; v && v[i]; i++)
    free (v[i]);
  free (v);
}

/* ---- rendering in parallel ---- */

/* Task −1 is edition.pdf; task i ≥ 0 is page sel[i]: its PDF, its image
 * and the image's derivatives.  Workers take tasks in turn; each has its
 * own cairo surfaces and image caches, and its own diagnostics, merged
 * after.  The fonts' cairo scaled fonts are created before the workers
 * start, so they only read shared data. */
typedef struct {
  pb_layout *L;
  const char *dir, *pages_dir;
  const size_t *all;          /* every page, for edition.pdf */
  size_t n_all;
  const size_t *sel;          /* the pages whose own files are made */
  size_t n;
  double dpi;
  long long epoch;
  bool pdf_only;
  pb_press_job *press;        /* press/NN.pdf and press/edition.pdf; NULL: none */
  const char *press_dir;
  const volatile int *cancel;
  pthread_mutex_t lock;
  long next;                  /* the next task, from −1 */
  bool failed;
} render_job;

typedef struct {
  render_job *job;
  pb_diagnostics *diags;
} render_worker;

static bool
render_task (render_job *j, long task, pb_diagnostics *diags)
{
  pb_layout *L = j->L;
  pb_buf b = {0};
  bool ok;
  if (task < 0) {
    ok = render_pdf (L, j->all, j->n_all, j->epoch, -1, &b, diags);
    char *path = pb_path_join (j->dir, "edition.pdf");
    ok = ok && path && pb_export_write_file (path, &b, diags);
    free (path);
    pb_buf_free (&b);
    if (ok && j->press) {
      ok = pb_press_render (j->press, L, j->all, j->n_all, j->epoch, &b, diags);
      path = pb_path_join (j->press_dir, "edition.pdf");
      ok = ok && path && pb_export_write_file (path, &b, diags);
      free (path);
      pb_buf_free (&b);
    }
    return ok;
  }
  size_t index = j->sel[task];
  const pb_dl_page *page = &L->pages.v[index];
  ok = render_pdf (L, &j->sel[task], 1, j->epoch, -1, &b, diags);
  char *path = pb_printf ("%s/%02d.pdf", j->pages_dir, page->number);
  ok = ok && path && pb_export_write_file (path, &b, diags);
  free (path);
  pb_buf_free (&b);
  if (ok && j->press) {
    ok = pb_press_render (j->press, L, &j->sel[task], 1, j->epoch, &b, diags);
    path = pb_printf ("%s/%02d.pdf", j->press_dir, page->number);
    ok = ok && path && pb_export_write_file (path, &b, diags);
    free (path);
    pb_buf_free (&b);
  }
  cairo_surface_t *img = ok ? render_image (L, index, j->dpi, diags) : NULL;
  ok = ok && img && encode_png (img, page->number, &b, L->edition->path, diags);
  path = pb_printf ("%s/%02d.png", j->pages_dir, page->number);
  ok = ok && path && pb_export_write_file (path, &b, diags);
  free (path);
  pb_buf_free (&b);
  if (ok && !L->edition->proof)
    ok = pb_digital_page_images (L, page, img, j->dpi, j->dir, diags) == 0;
  if (img)
    cairo_surface_destroy (img);
  return ok;
}

static void *
render_worker_main (void *arg)
{
  render_worker *w = arg;
  render_job *j = w->job;
  long last = j->pdf_only ? 0 : (long) j->n;
  for (;;) {
    pthread_mutex_lock (&j->lock);
    long task = j->failed || j->next >= last ? LONG_MAX : j->next++;
    if (task != LONG_MAX && j->cancel && *j->cancel) {
      pb_error (w->diags, "interrupted", ((pb_pos) {j->L->edition->path, 0, 0}),
                "interrupted; nothing was replaced");
      j->failed = true;
      task = LONG_MAX;
    }
    pthread_mutex_unlock (&j->lock);
    if (task == LONG_MAX)
      break;
    if (!render_task (j, task, w->diags)) {
      pthread_mutex_lock (&j->lock);
      j->failed = true;
      pthread_mutex_unlock (&j->lock);
    }
  }
  return NULL;
}

static bool
render_all (render_job *j, int jobs, pb_diagnostics *diags)
{
  pb_layout *L = j->L;
  for (int f = 0; f < pb_fonts_count (L->engine->fonts); f++)
    pango_cairo_font_get_scaled_font (PANGO_CAIRO_FONT (pb_fonts_get (L->engine->fonts, f)));
  pthread_mutex_init (&j->lock, NULL);
  j->next = -1;
  if (jobs < 1)
    jobs = 1;
  if (jobs > 64)
    jobs = 64;
  if ((size_t) jobs > j->n + 1)
    jobs = (int) j->n + 1;
  render_worker w[64];
  pthread_t th[64];
  int started = 0;
  for (int k = 0; k < jobs; k++) {
    w[k] = (render_worker) {j, pb_diagnostics_create ()};
    if (!w[k].diags) {
      jobs = k;
      break;
    }
    if (k > 0 && pthread_create (&th[k], NULL, render_worker_main, &w[k]) == 0)
      started = k;
    else if (k > 0) {
      pb_diagnostics_destroy (w[k].diags);
      jobs = k;
      break;
    }
  }
  if (jobs < 1) {
    pb_error (diags, "memory", ((pb_pos) {L->edition->path, 0, 0}), "out of memory");
    pthread_mutex_destroy (&j->lock);
    return false;
  }
  render_worker_main (&w[0]);
  for (int k = 1; k <= started; k++)
    pthread_join (th[k], NULL);
  for (int k = 0; k < jobs; k++) {
    pb_diag_append (diags, w[k].diags);
    pb_diagnostics_destroy (w[k].diags);
  }
  pthread_mutex_destroy (&j->lock);
  return !j->failed;
}

/* ---- the manifest ---- */

static json_t *
previous_page (json_t *prev, int number)
{
  size_t i;
  json_t *p;
  json_array_foreach (json_object_get (prev, "pages"), i, p)
    if (json_integer_value (json_object_get (p, "number")) == number)
      return p;
  return NULL;
}

/* Hard links (or copies) a previous page's files into the staging
 * folder; false when one is missing, or is no longer the size the
 * previous build wrote (sizes: the manifest's, when it has them). */
static bool
keep_page_files (const char *from, const char *to, json_t *files, json_t *sizes, bool press)
{
  size_t i;
  json_t *f;
  json_array_foreach (files, i, f) {
    const char *rel = json_string_value (f);
    if (!rel || strstr (rel, "..") || rel[0] == '/')
      return false;
    if (!press && strncmp (rel, "press/", 6) == 0)
      continue; /* this build makes no press files */
    char *a = pb_path_join (from, rel), *b = pb_path_join (to, rel);
    json_t *size = json_object_get (sizes, rel);
    struct stat st;
    bool whole = a && b && (!size || (stat (a, &st) == 0 && (json_int_t) st.st_size == json_integer_value (size)));
    bool ok = whole && link (a, b) == 0;
    if (!ok && whole) { /* no hard links here: a copy */
      size_t len;
      char *data = pb_file_read (a, SIZE_MAX / 2, &len, NULL);
      ok = data && pb_file_write_atomic (b, data, len) == 0;
      free (data);
    }
    free (a);
    free (b);
    if (!ok)
      return false;
  }
  return true;
}

/* Pages that a jump joins to a page in the set (its start or its
 * continuation) join the set. */
static void
add_jump_partners (const pb_layout *L, bool *rebuild, pb_diagnostics *diags)
{
  const pb_edition *ed = L->edition;
  for (size_t p = 0; p < ed->n_pages; p++)
    for (size_t k = 0; k < ed->pages[p].n_placements; k++) {
      const pb_placement *pl = &ed->pages[p].placements[k];
      int other = pl->continues_on ? pl->continues_on : pl->continued_from;
      if (!other)
        continue;
      for (size_t i = 0; i < L->pages.n; i++)
        for (size_t j = 0; j < L->pages.n; j++)
          if (L->pages.v[i].number == ed->pages[p].number && L->pages.v[j].number == other && rebuild[i] &&
              !rebuild[j]) {
            rebuild[j] = true;
            pb_note (diags, "pages", pl->pos, "page %d is rebuilt too: '%s' jumps between it and page %d",
                     other, pl->article->id, ed->pages[p].number);
          }
    }
}

/* The press standard asked for: the command line's (its bare --press
 * taking the edition's choice, then the layout's), else the edition's. */
static int
press_asked (const pb_layout *L, const pb_write_options *o)
{
  int cli = o ? o->press : 0, ed = L->edition->press;
  if (cli == PB_PRESS_OFF)
    return 0;
  if (cli == PB_PRESS_LAYOUT && ed > PB_PRESS_LAYOUT)
    return ed;
  return cli ? cli : ed;
}

static pb_press_job *
press_job (pb_layout *L, int press, const pb_write_options *o, pb_diagnostics *diags)
{
  return pb_press_prepare (L, press == PB_PRESS_X1A ? PB_PDFX_1A : press == PB_PRESS_X4 ? PB_PDFX_4 : PB_PDFX_NONE,
                           o && o->jobs > 1 ? o->jobs : 1, o ? o->cache_dir : NULL, diags);
}

int
pb_layout_check_press (pb_layout *L, const pb_write_options *o, pb_diagnostics *diags)
{
  int press = press_asked (L, o);
  if (!press)
    return 0;
  /* check writes nothing: not even the photo cache */
  pb_write_options ro = o ? *o : (pb_write_options) {0};
  ro.cache_dir = NULL;
  pb_press_job *pj = press_job (L, press, &ro, diags);
  pb_press_job_destroy (pj);
  return pj ? 0 : -1;
}

int
pb_layout_write (pb_layout *L, pb_output *out, const pb_write_options *o, pb_diagnostics *diags)
{
  double dpi = o && o->dpi > 0 ? o->dpi : 150;
  bool pdf_only = o && o->pdf_only;
  const char *dir = pb_output_dir (out);
  make_photo_store (L);
  pb_pos at = {pb_output_target (out), 0, 0};
  int press = press_asked (L, o);
  if (!check_raster_limits (L, dpi, pdf_only, diags) || !pb_output_check_inputs (out, L->edition, diags))
    return -1;
  /* --pages: the pages are rebuilt inside the edition in the folder, as
   * its manifest describes it */
  json_t *prev = NULL;
  if (o && o->pages && !pdf_only) {
    const char *pm = pb_output_previous_manifest (out);
    prev = pm ? json_loads (pm, 0, NULL) : NULL;
  }
  /* when that edition has the plant's files, so does this build (they
   * are never dropped unasked; --press=off removes them) */
  const char *was = json_string_value (json_object_get (prev, "press"));
  if (!press && o && o->press != PB_PRESS_OFF && was && *was) {
    press = strcmp (was, "PDF/X-4") == 0 ? PB_PRESS_X4 : PB_PRESS_X1A;
    pb_note (diags, "pages", at, "the edition in the folder has press PDFs (%s): --pages makes them too "
             "(--press=off removes them)", was);
  }
  pb_press_job *pj = NULL;
  if (press) {
    pj = press_job (L, press, o, diags);
    if (!pj) {
      json_decref (prev);
      return -1;
    }
  }
  size_t n_pages = L->pages.n;
  size_t *all = pb_calloc (n_pages, sizeof (size_t)), *sel = pb_calloc (n_pages, sizeof (size_t));
  bool *rebuild = pb_calloc (n_pages, sizeof (bool));
  char **font_names = pb_calloc ((size_t) pb_fonts_count (L->engine->fonts) + 1, sizeof (char *));
  uint64_t *prints = pb_calloc (n_pages, sizeof (uint64_t));
  char *pages_dir = pb_path_join (dir, "pages"), *press_dir = pb_path_join (dir, "press");
  json_t *manifest = json_object (), *mpages = json_array ();
  bool ok = all && sel && rebuild && font_names && prints && pages_dir && manifest && mpages;
  for (int f = 0; ok && f < pb_fonts_count (L->engine->fonts); f++) {
    PangoFontDescription *d = pango_font_describe (pb_fonts_get (L->engine->fonts, f));
    font_names[f] = d ? pango_font_description_to_string (d) : NULL;
    if (d)
      pango_font_description_free (d);
  }
  for (size_t i = 0; ok && i < n_pages; i++) {
    all[i] = i;
    rebuild[i] = !o || !o->pages || page_selected (o, L->pages.v[i].number);
    prints[i] = page_fingerprint (L, &L->pages.v[i], dpi, font_names, press);
  }
  /* --pages: the other pages' files come from the edition in the folder
   * when they have not changed since */
  if (ok && o && o->pages && !pdf_only) {
    if (!prev)
      pb_note (diags, "pages", at, "no previous edition in the folder to rebuild pages inside: built whole");
    add_jump_partners (L, rebuild, diags);
  }
  /* the press files of every page are made anew when how they are made
   * changed (press_fingerprint) */
  char press_print[17] = "";
  if (pj)
    snprintf (press_print, sizeof press_print, "%016llx", (unsigned long long) press_fingerprint (L));
  if (ok && pj && prev) {
    const char *old = json_string_value (json_object_get (prev, "press_fingerprint"));
    if (!old || strcmp (old, press_print) != 0) {
      /* made otherwise, or not at all (a build without --press) */
      for (size_t i = 0; i < n_pages; i++)
        rebuild[i] = true;
      pb_note (diags, "pages", at, "every page is rebuilt: the press files were made with other settings, or "
               "not at all, in the previous build");
    }
  }
  /* a page asked for that the edition does not have is a slip */
  for (size_t i = 0; ok && o && o->pages && i < o->n_pages; i++) {
    bool found = false;
    for (size_t k = 0; k < n_pages && !found; k++)
      found = L->pages.v[k].number == o->pages[i];
    if (!found)
      pb_warning (diags, "pages", at, "--pages: page %d is not in this edition (its pages are %d to %d)",
                  o->pages[i], n_pages ? L->pages.v[0].number : 0, n_pages ? L->pages.v[n_pages - 1].number : 0);
  }
  ok = ok && (pdf_only || pb_export_make_dir (pages_dir, diags));
  ok = ok && press_dir && (!pj || pb_export_make_dir (press_dir, diags));
  if (ok && !pdf_only && !L->edition->proof) {
    char *images = pb_path_join (dir, "images");
    ok = images && pb_export_make_dir (images, diags);
    free (images);
  }
  size_t n = 0;
  for (size_t i = 0; ok && i < n_pages; i++) {
    const pb_dl_page *page = &L->pages.v[i];
    json_t *pp = prev ? previous_page (prev, page->number) : NULL;
    char fp[17];
    snprintf (fp, sizeof fp, "%016llx", (unsigned long long) prints[i]);
    if (!rebuild[i] && prev) {
      const char *old = pp ? json_string_value (json_object_get (pp, "fingerprint")) : NULL;
      if (!old || strcmp (old, fp) != 0) {
        rebuild[i] = true;
        if (pp)
          pb_note (diags, "pages", at, "page %d is rebuilt too: it has changed since the previous build",
                   page->number);
        else
          pb_note (diags, "pages", at, "page %d is rebuilt too: it was not in the previous build", page->number);
      } else if (!keep_page_files (pb_output_target (out), dir, json_object_get (pp, "files"),
                                   json_object_get (prev, "sizes"), pj != NULL)) {
        rebuild[i] = true;
        pb_note (diags, "pages", at, "page %d is rebuilt too: its files in the folder are incomplete or "
                 "changed since they were written", page->number);
      }
    }
    if (!rebuild[i] && !prev)
      rebuild[i] = true;
    if (rebuild[i])
      sel[n++] = i;
    char **files = page_files (L, page, press != 0);
    json_t *jf = json_array ();
    for (size_t k = 0; files && files[k]; k++)
      json_array_append_new (jf, json_string (files[k]));
    free_strings (files);
    json_array_append_new (mpages, json_pack ("{s:i, s:s, s:o}", "number", page->number, "fingerprint", fp,
                                              "files", jf));
  }
  if (ok && o && o->pages && !pdf_only) {
    pb_buf b = {0};
    for (size_t i = 0; i < n; i++)
      pb_buf_printf (&b, "%s%d", i ? ", " : "", L->pages.v[sel[i]].number);
    pb_note (diags, "pages", at, "pages rebuilt: %s; the others kept as they were; edition.pdf, edition.json "
             "and the viewer made whole", b.len ? b.data : "none");
    pb_buf_free (&b);
  }
  render_job j = {.L = L, .dir = dir, .pages_dir = pages_dir, .all = all, .n_all = n_pages, .sel = sel,
                  .n = n, .dpi = dpi, .epoch = o ? o->date_epoch : 0, .pdf_only = pdf_only,
                  .press = pj, .press_dir = press_dir, .cancel = o ? o->cancel : NULL};
  ok = ok && render_all (&j, o ? o->jobs : 1, diags);
  if (ok && !L->edition->proof && !pdf_only)
    ok = pb_digital_write (L, dir, all, n_pages, dpi, diags) == 0;
  if (ok) {
    char *report = pb_report_render (L, diags);
    char *path = pb_path_join (dir, "report.txt");
    pb_buf rb = {0};
    pb_buf_puts (&rb, report ? report : "");
    ok = report && path && pb_export_write_file (path, &rb, diags);
    pb_buf_free (&rb);
    free (path);
    free (report);
  }
  if (ok) {
    json_object_set_new (manifest, "generator", json_string ("paiban " PB_VERSION));
    json_object_set_new (manifest, "edition", json_string (L->edition->path));
    json_object_set_new (manifest, "dpi", json_real (dpi));
    json_object_set_new (manifest, "pdf_only", json_boolean (pdf_only));
    json_object_set_new (manifest, "press", json_string (!pj ? "" : L->press_standard == PB_PDFX_4 ? "PDF/X-4"
                                                                                                  : "PDF/X-1a:2001"));
    json_object_set_new (manifest, "press_fingerprint", json_string (press_print));
    json_object_set_new (manifest, "pages", pdf_only ? json_array () : json_incref (mpages));
    char *m = json_dumps (manifest, JSON_INDENT (1) | JSON_PRESERVE_ORDER);
    ok = m != NULL;
    if (m)
      pb_output_set_manifest (out, m);
  }
  if (!ok && pb_diagnostics_count_severity (diags, PB_SEVERITY_ERROR) == 0)
    pb_error (diags, "memory", at, "out of memory");
  json_decref (prev);
  json_decref (mpages);
  json_decref (manifest);
  for (int f = 0; font_names && f < pb_fonts_count (L->engine->fonts); f++)
    g_free (font_names[f]);
  free (font_names);
  free (prints);
  free (pages_dir);
  free (press_dir);
  pb_press_job_destroy (pj);
  free (rebuild);
  free (sel);
  free (all);
  return ok ? 0 : -1;
}

int
pb_layout_write_pdf (pb_layout *L, const char *path, const pb_write_options *o, pb_diagnostics *diags)
{
  make_photo_store (L);
  size_t *all = pb_calloc (L->pages.n, sizeof (size_t));
  for (size_t i = 0; all && i < L->pages.n; i++)
    all[i] = i;
  pb_buf b = {0};
  bool ok = all && render_pdf (L, all, L->pages.n, o ? o->date_epoch : 0, -1, &b, diags);
  if (ok && pb_file_write_atomic (path, b.data ? b.data : "", b.len) != 0) {
    pb_error (diags, "write", ((pb_pos) {PB_SHOWN (path), 0, 0}), "cannot write: %s", pb_strerror (errno));
    ok = false;
  }
  if (!all)
    pb_error (diags, "memory", ((pb_pos) {PB_SHOWN (path), 0, 0}), "out of memory");
  pb_buf_free (&b);
  free (all);
  return ok ? 0 : -1;
}

int
pb_layout_write_articles (pb_layout *L, pb_output *out, pb_diagnostics *diags)
{
  make_photo_store (L);
  const char *dir = pb_output_dir (out);
  size_t *sel = pb_calloc (L->pages.n, sizeof (size_t));
  bool ok = sel != NULL;
  for (size_t a = 0; ok && a < L->edition->n_articles; a++) {
    size_t n = 0;
    for (size_t p = 0; p < L->pages.n; p++) {
      const pb_dl_page *page = &L->pages.v[p];
      for (size_t r = 0; r < page->regions.n; r++)
        if (page->regions.v[r].article == (int) a) {
          sel[n++] = p;
          break;
        }
    }
    if (!n)
      continue;
    const char *id = L->edition->articles[a]->id;
    pb_buf b = {0};
    /* ids are checked when read; a name that could leave the folder never
     * reaches the file system */
    char *name = pb_printf ("%s.pdf", id);
    char *path = name && pb_path_is_plain_name (name) ? pb_path_join (dir, name) : NULL;
    ok = path && render_pdf (L, sel, n, 0, (int) a, &b, diags) && pb_export_write_file (path, &b, diags);
    free (name);
    free (path);
    pb_buf_free (&b);
  }
  if (!sel)
    pb_error (diags, "memory", ((pb_pos) {pb_output_target (out), 0, 0}), "out of memory");
  free (sel);
  return ok ? 0 : -1;
}
