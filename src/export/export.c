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
  cairo_status_t st = cairo_surface_status (s);
  if (st == CAIRO_STATUS_SUCCESS)
    st = cairo_surface_write_to_png_stream (s, pb_export_buf_write, out);
  if (st != CAIRO_STATUS_SUCCESS || out->failed) {
    pb_error (diags, "png", ((pb_pos) {edition, 0, 0}), "cannot make page image %d: %s", number,
              cairo_status_to_string (st));
    return false;
  }
  return true;
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
  if (ok) {
    ok = render_pdf (L, sel, n, o ? o->date_epoch : 0, -1, &b, diags);
    char *path = pb_path_join (dir, "edition.pdf");
    ok = ok && pb_export_write_file (path, &b, diags);
    free (path);
    pb_buf_free (&b);
  }
  for (size_t i = 0; ok && i < n; i++) {
    const pb_dl_page *page = &L->pages.v[sel[i]];
    ok = render_pdf (L, &sel[i], 1, o ? o->date_epoch : 0, -1, &b, diags);
    char *path = pb_printf ("%s/%02d.pdf", pages_dir, page->number);
    ok = ok && pb_export_write_file (path, &b, diags);
    free (path);
    pb_buf_free (&b);
    cairo_surface_t *img = ok ? render_image (L, sel[i], dpi) : NULL;
    ok = ok && encode_png (img, page->number, &b, L->edition->path, diags);
    path = pb_printf ("%s/%02d.png", pages_dir, page->number);
    ok = ok && pb_export_write_file (path, &b, diags);
    free (path);
    pb_buf_free (&b);
    if (ok && !L->edition->proof)
      ok = pb_digital_page_images (L, page, img, dpi, dir, diags) == 0;
    if (img)
      cairo_surface_destroy (img);
  }
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
