/* export: edition.pdf, pages/NN.pdf, pages/NN.png and report.txt, each
 * written atomically; PDF metadata and outline. */
#include "export/export.h"
#include "parse/parse.h"

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
#include <time.h>

cairo_status_t
pb_export_buf_write (void *closure, const unsigned char *data, unsigned int len)
{
  pb_buf *b = closure;
  pb_buf_append (b, data, len);
  return b->failed ? CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS;
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
  char *link = pb_printf ("page=%d pos=[0 0]", pdf_page);
  const char *name = page->label;
  char *title = NULL;
  if (!L->edition->proof && L->edition->pages) {
    for (size_t i = 0; i < L->edition->n_pages; i++)
      if (L->edition->pages[i].number == page->number && L->edition->pages[i].section)
        title = pb_printf ("%s %s", page->label, L->edition->pages[i].section);
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

/* Renders the given pages into one PDF in memory. */
static bool
render_pdf (pb_layout *L, const size_t *pages, size_t n, long long epoch, int article, pb_buf *out,
            pb_diagnostics *diags)
{
  const pb_template *t = L->edition->tpl;
  cairo_surface_t *s = cairo_pdf_surface_create_for_stream (pb_export_buf_write, out, PB_TO_PT (t->page_w),
                                                            PB_TO_PT (t->page_h));
  char *title = L->edition->proof ? pb_printf ("%s %s", L->edition->paper, L->edition->articles[0]->headline)
                                  : pb_printf ("%s %s", L->edition->paper, L->edition->date);
  pdf_metadata (s, L, title ? title : "paiban", epoch);
  free (title);
  cairo_t *cr = cairo_create (s);
  pb_image_cache *cache = pb_image_cache_create (true);
  for (size_t i = 0; i < n; i++) {
    const pb_dl_page *page = &L->pages.v[pages[i]];
    cairo_pdf_surface_set_page_label (s, page->label);
    add_outline (s, L, page, (int) i + 1);
    pb_render_page_article (cr, L, page, cache, 0, article);
    cairo_show_page (cr);
  }
  cairo_destroy (cr);
  cairo_surface_finish (s);
  cairo_status_t st = cairo_surface_status (s);
  cairo_surface_destroy (s);
  pb_image_cache_destroy (cache);
  if (st != CAIRO_STATUS_SUCCESS || out->failed) {
    pb_error (diags, "pdf", ((pb_pos) {L->edition->path, 0, 0}), "cannot make the PDF: %s",
              cairo_status_to_string (st));
    return false;
  }
  return true;
}

/* The page as an image at dpi (caller destroys). */
static cairo_surface_t *
render_image (pb_layout *L, size_t page_index, double dpi)
{
  const pb_dl_page *page = &L->pages.v[page_index];
  double k = dpi / 72.0;
  int w = (int) (PB_TO_PT (page->w) * k + 0.5), h = (int) (PB_TO_PT (page->h) * k + 0.5);
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_RGB24, w, h);
  cairo_t *cr = cairo_create (s);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, k, k);
  pb_image_cache *cache = pb_image_cache_create (false);
  pb_render_page (cr, L, page, cache, k, NULL);
  cairo_destroy (cr);
  pb_image_cache_destroy (cache);
  return s;
}

static bool
encode_png (cairo_surface_t *s, int number, pb_buf *out, const char *edition, pb_diagnostics *diags)
{
  unsigned char *data = NULL;
  size_t len = 0;
  if (cairo_surface_status (s) != CAIRO_STATUS_SUCCESS || !pb_png_encode (s, &data, &len)) {
    pb_error (diags, "png", ((pb_pos) {edition, 0, 0}), "cannot make page image %d", number);
    return false;
  }
  pb_buf_append (out, data, len);
  free (data);
  return !out->failed;
}

bool
pb_export_write_file (const char *path, const pb_buf *b, pb_diagnostics *diags)
{
  if (pb_file_write_atomic (path, b->data ? b->data : "", b->len) != 0) {
    pb_error (diags, "write", ((pb_pos) {path, 0, 0}), "cannot write: %s", strerror (errno));
    return false;
  }
  return true;
}

/* Removes what a killed build left: NAME.PID.tmp files of ours. */
static void
remove_stale_temps (const char *dir)
{
  DIR *d = opendir (dir);
  if (!d)
    return;
  struct dirent *e;
  while ((e = readdir (d))) {
    size_t n = strlen (e->d_name);
    if (n < 6 || strcmp (e->d_name + n - 4, ".tmp") != 0)
      continue;
    /* NAME.DIGITS.tmp */
    size_t k = n - 4;
    while (k > 0 && e->d_name[k - 1] >= '0' && e->d_name[k - 1] <= '9')
      k--;
    if (k == n - 4 || k == 0 || e->d_name[k - 1] != '.')
      continue;
    char *path = pb_path_join (dir, e->d_name);
    if (path)
      unlink (path);
    free (path);
  }
  closedir (d);
}

bool
pb_export_make_dir (const char *path, pb_diagnostics *diags)
{
  if (mkdir (path, 0755) != 0 && errno != EEXIST) {
    pb_error (diags, "write", ((pb_pos) {path, 0, 0}), "cannot create the folder: %s", strerror (errno));
    return false;
  }
  struct stat st;
  if (stat (path, &st) != 0 || !S_ISDIR (st.st_mode)) {
    pb_error (diags, "write", ((pb_pos) {path, 0, 0}), "not a folder");
    return false;
  }
  return true;
}

char *pb_report_render (const pb_layout *L, const pb_diagnostics *diags);

/* ---- rendering in parallel ---- */

/* Task −1 is edition.pdf; task i ≥ 0 is page sel[i]: its PDF, its image
 * and the image's derivatives.  Workers take tasks in turn; each has its
 * own cairo surfaces and image caches, and its own diagnostics, merged
 * after.  The fonts' cairo scaled fonts are created before the workers
 * start, so they only read shared data. */
typedef struct {
  pb_layout *L;
  const char *dir, *pages_dir;
  const size_t *sel;
  size_t n;
  double dpi;
  long long epoch;
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
    ok = render_pdf (L, j->sel, j->n, j->epoch, -1, &b, diags);
    char *path = pb_path_join (j->dir, "edition.pdf");
    ok = ok && path && pb_export_write_file (path, &b, diags);
    free (path);
    pb_buf_free (&b);
    return ok;
  }
  size_t index = j->sel[task];
  const pb_dl_page *page = &L->pages.v[index];
  ok = render_pdf (L, &j->sel[task], 1, j->epoch, -1, &b, diags);
  char *path = pb_printf ("%s/%02d.pdf", j->pages_dir, page->number);
  ok = ok && path && pb_export_write_file (path, &b, diags);
  free (path);
  pb_buf_free (&b);
  cairo_surface_t *img = ok ? render_image (L, index, j->dpi) : NULL;
  ok = ok && encode_png (img, page->number, &b, L->edition->path, diags);
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
  for (;;) {
    pthread_mutex_lock (&j->lock);
    long task = j->failed || j->next >= (long) j->n ? LONG_MAX : j->next++;
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
render_all (pb_layout *L, const char *dir, const char *pages_dir, const size_t *sel, size_t n,
            double dpi, long long epoch, int jobs, pb_diagnostics *diags)
{
  for (int f = 0; f < pb_fonts_count (L->engine->fonts); f++)
    pango_cairo_font_get_scaled_font (PANGO_CAIRO_FONT (pb_fonts_get (L->engine->fonts, f)));
  render_job j = {L, dir, pages_dir, sel, n, dpi, epoch, PTHREAD_MUTEX_INITIALIZER, -1, false};
  if (jobs < 1)
    jobs = 1;
  if (jobs > 64)
    jobs = 64;
  if ((size_t) jobs > n + 1)
    jobs = (int) n + 1;
  render_worker w[64];
  pthread_t th[64];
  int started = 0;
  for (int k = 0; k < jobs; k++) {
    w[k] = (render_worker) {&j, pb_diagnostics_create ()};
    if (k > 0 && pthread_create (&th[k], NULL, render_worker_main, &w[k]) == 0)
      started = k;
    else if (k > 0)
      break;
  }
  render_worker_main (&w[0]);
  for (int k = 1; k <= started; k++)
    pthread_join (th[k], NULL);
  for (int k = 0; k < jobs; k++) {
    pb_diag_append (diags, w[k].diags);
    pb_diagnostics_destroy (w[k].diags);
  }
  pthread_mutex_destroy (&j.lock);
  return !j.failed;
}

int
pb_layout_write (pb_layout *L, const char *dir, const pb_write_options *o, pb_diagnostics *diags)
{
  double dpi = o && o->dpi > 0 ? o->dpi : 150;
  size_t *sel = pb_calloc (L->pages.n, sizeof (size_t));
  size_t n = 0;
  for (size_t i = 0; sel && i < L->pages.n; i++)
    if (page_selected (o, L->pages.v[i].number))
      sel[n++] = i;
  bool ok = sel != NULL;
  pb_buf b = {0};
  if (ok && o && o->pdf_only) {
    ok = render_pdf (L, sel, n, o ? o->date_epoch : 0, -1, &b, diags) && pb_export_write_file (o->pdf_path, &b, diags);
    pb_buf_free (&b);
    free (sel);
    return ok ? 0 : -1;
  }
  /* Everything is rendered to memory first, then written file by file,
   * each atomically: an error leaves the previous files in place. */
  char *pages_dir = pb_path_join (dir, "pages");
  char *images_dir = pb_path_join (dir, "images");
  ok = ok && pb_export_make_dir (dir, diags) && pb_export_make_dir (pages_dir, diags);
  if (ok) {
    remove_stale_temps (dir);
    remove_stale_temps (pages_dir);
    remove_stale_temps (images_dir);
  }
  free (images_dir);
  ok = ok && render_all (L, dir, pages_dir, sel, n, dpi, o ? o->date_epoch : 0, o ? o->jobs : 1, diags);
  if (ok && !L->edition->proof)
    ok = pb_digital_write (L, dir, sel, n, dpi, diags) == 0;
  if (ok) {
    char *report = pb_report_render (L, diags);
    char *path = pb_path_join (dir, "report.txt");
    pb_buf rb = {0};
    pb_buf_puts (&rb, report ? report : "");
    ok = pb_export_write_file (path, &rb, diags);
    pb_buf_free (&rb);
    free (path);
    free (report);
  }
  free (pages_dir);
  free (sel);
  return ok ? 0 : -1;
}

int
pb_layout_write_articles (pb_layout *L, const char *dir, pb_diagnostics *diags)
{
  if (!pb_export_make_dir (dir, diags))
    return -1;
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
    pb_buf b = {0};
    char *path = pb_printf ("%s/%s.pdf", dir, L->edition->articles[a]->id);
    ok = path && render_pdf (L, sel, n, 0, (int) a, &b, diags) && pb_export_write_file (path, &b, diags);
    free (path);
    pb_buf_free (&b);
  }
  free (sel);
  return ok ? 0 : -1;
}
