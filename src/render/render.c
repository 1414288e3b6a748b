/* Replays a page's display list on a cairo context. */
#include "render/render.h"

#include <pango/pangocairo.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

cairo_surface_t *pb_image_cache_get (pb_image_cache *c, const pb_image *img, double px_per_image_px);

static void
set_color (cairo_t *cr, pb_image_cache *cache, pb_color color)
{
  uint32_t c = pb_image_cache_color (cache, color);
  cairo_set_source_rgb (cr, ((c >> 16) & 0xFF) / 255.0, ((c >> 8) & 0xFF) / 255.0, (c & 0xFF) / 255.0);
}

static double
pt (pb_fixed f)
{
  return PB_TO_PT (f);
}

/* PAIBAN_WHOLE_FONTS=1: PDFs drawn from the whole fonts, as page images
 * are, to compare (tests/subset_fonts.sh) */
static bool
whole_fonts (void)
{
  static int whole = -1;
  if (whole < 0)
    whole = getenv ("PAIBAN_WHOLE_FONTS") && strcmp (getenv ("PAIBAN_WHOLE_FONTS"), "1") == 0;
  return whole;
}

/* Whether target draws from the cut fonts: a PDF (page images draw from
 * the whole fonts) */
static bool
draws_cut_fonts (cairo_surface_t *target)
{
  return !whole_fonts () && cairo_surface_get_type (target) == CAIRO_SURFACE_TYPE_PDF;
}

/* One lock for the whole fonts (page images), one for the cut fonts
 * (PDFs): the two never share a FreeType face or cairo font */
static pthread_mutex_t fonts_lock[2] = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER};

static pthread_mutex_t *
lock_of (cairo_surface_t *target)
{
  return &fonts_lock[draws_cut_fonts (target)];
}

void
pb_render_fonts_lock (cairo_surface_t *target)
{
  pthread_mutex_lock (lock_of (target));
}

void
pb_render_fonts_unlock (cairo_surface_t *target)
{
  pthread_mutex_unlock (lock_of (target));
}

static bool
draw_glyphs (cairo_t *cr, const pb_layout *L, const pb_dl_item *it, pb_image_cache *cache)
{
  PangoFont *font = pb_fonts_get (L->engine->fonts, it->font);
  if (!font || it->n_glyphs == 0)
    return true;
  cairo_scaled_font_t *sf = pango_cairo_font_get_scaled_font (PANGO_CAIRO_FONT (font));
  if (!sf || cairo_scaled_font_status (sf) != CAIRO_STATUS_SUCCESS)
    return false;
  cairo_glyph_t *g = pb_malloc ((size_t) it->n_glyphs * sizeof *g);
  cairo_text_cluster_t *cl = pb_malloc ((size_t) (it->n_clusters ? it->n_clusters : 1) * sizeof *cl);
  if (!g || !cl) {
    free (g);
    free (cl);
    return false;
  }
  for (int i = 0; i < it->n_glyphs; i++) {
    g[i].index = it->glyphs[i].glyph;
    g[i].x = pt (it->x + it->glyphs[i].x);
    g[i].y = pt (it->y + it->glyphs[i].y);
  }
  for (int i = 0; i < it->n_clusters; i++) {
    cl[i].num_bytes = it->clusters[2 * i];
    cl[i].num_glyphs = it->clusters[2 * i + 1];
  }
  set_color (cr, cache, it->color);
  cairo_surface_t *target = cairo_get_target (cr);
  pb_render_fonts_lock (target);
  /* a PDF draws from the font cut to the glyphs the layout uses (the
   * same outlines, numbered afresh; cairo then subsets kilobytes, not a
   * whole Noto CJK collection); a raster from the whole font, as before */
  cairo_scaled_font_t *sub = NULL;
  if (draws_cut_fonts (target)) {
    pb_fonts *fonts = L->engine->fonts;
    if (pb_fonts_drawing_begin (fonts, L))
      for (size_t p = 0; p < L->pages.n; p++)
        for (size_t i = 0; i < L->pages.v[p].items.n; i++) {
          const pb_dl_item *x = &L->pages.v[p].items.v[i];
          for (int k = 0; x->kind == PB_DL_GLYPHS && k < x->n_glyphs; k++)
            pb_fonts_drawing_use (fonts, x->font, x->glyphs[k].glyph);
        }
    const uint32_t *new_id = NULL;
    sub = pb_fonts_drawing_font (fonts, it->font, it->glyphs, (size_t) it->n_glyphs, &new_id);
    for (int i = 0; sub && i < it->n_glyphs; i++)
      g[i].index = new_id[it->glyphs[i].glyph];
  }
  cairo_set_scaled_font (cr, sub ? sub : sf);
  cairo_show_text_glyphs (cr, it->text, (int) it->text_len, g, it->n_glyphs, cl, it->n_clusters, 0);
  pb_render_fonts_unlock (target);
  free (g);
  free (cl);
  return true;
}

/* Maps the stored image (w × h) to its EXIF-oriented box. */
static void
orientation_matrix (int o, double w, double h, cairo_matrix_t *m)
{
  switch (o) {
  case 2: cairo_matrix_init (m, -1, 0, 0, 1, w, 0); break;
  case 3: cairo_matrix_init (m, -1, 0, 0, -1, w, h); break;
  case 4: cairo_matrix_init (m, 1, 0, 0, -1, 0, h); break;
  case 5: cairo_matrix_init (m, 0, 1, 1, 0, 0, 0); break;
  case 6: cairo_matrix_init (m, 0, 1, -1, 0, h, 0); break;
  case 7: cairo_matrix_init (m, 0, -1, -1, 0, h, w); break;
  case 8: cairo_matrix_init (m, 0, -1, 1, 0, 0, w); break;
  default: cairo_matrix_init_identity (m); break;
  }
}

static bool
draw_image (cairo_t *cr, const pb_dl_item *it, pb_image_cache *cache, double px_per_pt)
{
  const pb_image *img = it->image;
  bool swap = img->orientation >= 5 && img->orientation <= 8;
  double box_w = pt (it->iw), box_h = pt (it->ih);
  double px_per_image_px = px_per_pt > 0 ? box_w * px_per_pt / (swap ? img->height : img->width) : 0;
  cairo_surface_t *s = pb_image_cache_get (cache, img, px_per_image_px);
  cairo_save (cr);
  cairo_rectangle (cr, pt (it->x), pt (it->y), pt (it->w), pt (it->h));
  cairo_clip (cr);
  if (!s) {
    /* photos were decoded once when read: this is out of memory */
    cairo_restore (cr);
    return false;
  }
  double sw = cairo_image_surface_get_width (s), sh = cairo_image_surface_get_height (s);
  double ow = swap ? sh : sw, oh = swap ? sw : sh;
  cairo_translate (cr, pt (it->ix), pt (it->iy));
  cairo_scale (cr, box_w / ow, box_h / oh);
  cairo_matrix_t m;
  orientation_matrix (img->orientation, sw, sh, &m);
  cairo_transform (cr, &m);
  cairo_set_source_surface (cr, s, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_GOOD);
  /* a photo scaled up keeps its edge pixels to the edge (no fade to
   * transparent black); PDF viewers are given the image as it is */
  if (px_per_pt > 0)
    cairo_pattern_set_extend (cairo_get_source (cr), CAIRO_EXTEND_PAD);
  cairo_paint (cr);
  cairo_restore (cr);
  return true;
}

static void
draw_overset (cairo_t *cr, const pb_dl_item *it, pb_image_cache *cache)
{
  double x = pt (it->x), y = pt (it->y), w = pt (it->w), h = pt (it->h);
  cairo_save (cr);
  set_color (cr, cache, it->color);
  cairo_set_line_width (cr, 1.0);
  cairo_rectangle (cr, x + 1, y + 1, w - 2, h - 2);
  cairo_move_to (cr, x + w / 2, y + 3);
  cairo_line_to (cr, x + w / 2, y + h - 3);
  cairo_move_to (cr, x + 3, y + h / 2);
  cairo_line_to (cr, x + w - 3, y + h / 2);
  cairo_stroke (cr);
  cairo_restore (cr);
}

/* A string as a cairo tag attribute value: in single quotes, with ' and
 * \ escaped (cairo's attribute syntax). */
static char *
tag_attribute (const char *key, const char *value)
{
  pb_buf b = {0};
  pb_buf_printf (&b, "%s='", key);
  for (const char *c = value; *c; c++) {
    if (*c == '\'' || *c == '\\')
      pb_buf_puts (&b, "\\");
    pb_buf_append (&b, c, 1);
  }
  pb_buf_puts (&b, "'");
  return pb_buf_steal (&b);
}

/* Tagged PDF (vector output only): each article is an "Art" structure
 * element holding its headline ("H1"), kicker, deck, byline, paragraphs
 * and jump lines ("P"), subheadings ("H2"), photos ("Figure") and their
 * captions ("Caption"); its first item is a named destination (the
 * article's id), so that links and the outline can point at it.  The
 * page's furniture (masthead, folio, rules) and its ads belong to no
 * article and are left out of the structure (pb_pdf_tagged then marks
 * the file, its language and the figures' alternative text). */
typedef struct {
  int article, block;
  pb_role role;
  const char *open;   /* the structure tag open, or NULL */
  pb_tag_sequence *seq; /* records the Art and Figure elements made */
  bool failed;        /* …and could not */
} tagger;

/* cr NULL: only the sequence is recorded. */
static void
tag_close (cairo_t *cr, tagger *tg)
{
  if (tg->open && cr)
    cairo_tag_end (cr, tg->open);
  tg->open = NULL;
  if (tg->article >= 0 && cr)
    cairo_tag_end (cr, "Art");
  tg->article = -1;
}

static void
tag_begin (cairo_t *cr, tagger *tg, const char *type, const pb_dl_item *it)
{
  if (cr)
    cairo_tag_begin (cr, type, NULL);
  if (!tg->seq)
    return;
  pb_tag_element e = {it->article, it->block};
  if (strcmp (type, "Art") == 0)
    tg->failed |= !PB_VEC_PUSH (tg->seq->arts, e);
  else if (strcmp (type, "Figure") == 0)
    tg->failed |= !PB_VEC_PUSH (tg->seq->figures, e);
}

/* The structure type of an article's item. */
static const char *
structure_type (const pb_layout *L, const pb_dl_item *it)
{
  if (it->kind == PB_DL_IMAGE)
    return "Figure";
  if (it->block >= 0)
    return L->edition->articles[it->article]->blocks[it->block].kind == PB_BLOCK_SUBHEADING ? "H2" : "P";
  return it->role == PB_ROLE_HEADLINE ? "H1" : it->role == PB_ROLE_CAPTION ? "Caption" : "P";
}

static void
tag_item (cairo_t *cr, const pb_layout *L, const pb_dl_item *it, tagger *tg)
{
  /* furniture, ads, rules between stories: outside the structure */
  if (it->article < 0 || it->kind == PB_DL_RULE) {
    tag_close (cr, tg);
    return;
  }
  if (it->article != tg->article) {
    tag_close (cr, tg);
    tag_begin (cr, tg, "Art", it);
    tg->article = it->article;
    tg->block = -2;
    tg->open = NULL;
  }
  /* each photo a Figure of its own */
  int block = it->kind == PB_DL_IMAGE ? -10 - it->block : it->block;
  const char *type = structure_type (L, it);
  if (!tg->open || block != tg->block || it->role != tg->role || strcmp (type, tg->open) != 0) {
    if (tg->open && cr)
      cairo_tag_end (cr, tg->open);
    tg->open = type;
    tag_begin (cr, tg, type, it);
    tg->block = block;
    tg->role = it->role;
  }
}

bool
pb_render_tag_sequence (const pb_layout *L, const size_t *pages, size_t n, int article, pb_tag_sequence *seq)
{
  tagger tg = {-1, -2, PB_ROLE_BODY, NULL, seq, false};
  for (size_t p = 0; p < n; p++) {
    const pb_dl_page *page = &L->pages.v[pages[p]];
    for (size_t i = 0; i < page->items.n; i++)
      if (article < 0 || page->items.v[i].article == article)
        tag_item (NULL, L, &page->items.v[i], &tg);
    tag_close (NULL, &tg);
  }
  return !tg.failed;
}

/* The page (number) that holds the named destination `dest`, 0: none. */
static int
dest_page (const pb_layout *L, const char *dest)
{
  for (size_t p = 0; p < L->pages.n; p++)
    for (size_t i = 0; i < L->pages.v[p].items.n; i++) {
      const char *d = L->pages.v[p].items.v[i].dest;
      if (d && strcmp (d, dest) == 0)
        return L->pages.v[p].number;
    }
  return 0;
}

/* The link tag's attributes for an item that links to `dest`: within the
 * file, or — a page PDF on its own (`apart`) whose target stands on
 * another page — to that page's PDF beside it, `NN.pdf#nameddest=…` (a
 * URI action with Adobe's PDF open parameter: cairo 1.16 refuses a
 * GoToR link), so that no link points at a destination the file lacks.
 * An id is [A-Za-z0-9][A-Za-z0-9._-]*: nothing in it needs escaping in
 * a URI. */
static char *
link_attributes (const pb_layout *L, const pb_dl_page *page, const char *dest, bool apart)
{
  int target = apart ? dest_page (L, dest) : 0;
  if (target == 0 || target == page->number)
    return tag_attribute ("dest", dest);
  char *uri = pb_printf ("%02d.pdf#nameddest=%s", target, dest);
  char *r = uri ? tag_attribute ("uri", uri) : NULL;
  free (uri);
  return r;
}

/* The destination tag's attributes: its name and where on the page it
 * points, the article's top left there — the left edge and top of its
 * topmost region on the page (hotspot, 热区: its headline block, or a
 * continuation's 上接 block), whatever the headline's alignment — not the
 * page's top; the item's own top left when the article has no region
 * there.  cairo's user space: points from the top left. */
static char *
dest_attributes (const pb_dl_page *page, const pb_dl_item *it)
{
  char *name = tag_attribute ("name", it->dest);
  pb_fixed y = it->kind == PB_DL_GLYPHS ? it->y - it->em : it->y;
  pb_fixed x = it->kind == PB_DL_GLYPHS ? it->ix : it->x;
  const pb_region *top = NULL;
  for (size_t r = 0; r < page->regions.n; r++) {
    const pb_region *rg = &page->regions.v[r];
    if (rg->article == it->article && (!top || rg->y < top->y || (rg->y == top->y && rg->x < top->x)))
      top = rg;
  }
  if (top) {
    x = top->x;
    y = top->y;
  }
  char *r = name ? pb_printf ("%s x=%.2f y=%.2f", name, pt (x), pt (y > 0 ? y : 0)) : NULL;
  free (name);
  return r;
}

bool
pb_render_page_article (cairo_t *cr, const pb_layout *L, const pb_dl_page *page,
                        pb_image_cache *cache, double px_per_pt, int article, bool apart, pb_diagnostics *diags)
{
  (void) diags;
  bool ok = true;
  tagger tg = {-1, -2, PB_ROLE_BODY, NULL, NULL, false};
  /* the press PDF has no links, outline or structure (PDF/X) */
  bool tags = px_per_pt == 0 && !pb_image_cache_is_press (cache) && cairo_surface_get_type (cairo_get_target (cr)) == CAIRO_SURFACE_TYPE_PDF;
  for (size_t i = 0; i < page->items.n; i++) {
    const pb_dl_item *it = &page->items.v[i];
    if (article >= 0 && it->article != article)
      continue;
    /* the overset mark is the desk's, never the plates' (the overset is
     * reported either way) */
    if (it->kind == PB_DL_OVERSET && pb_image_cache_is_press (cache))
      continue;
    if (tags)
      tag_item (cr, L, it, &tg);
    if (tags && it->dest) {
      char *d = dest_attributes (page, it);
      if (!d)
        return false;
      cairo_tag_begin (cr, CAIRO_TAG_DEST, d);
      cairo_tag_end (cr, CAIRO_TAG_DEST);
      free (d);
    }
    char *link = tags && it->link ? link_attributes (L, page, it->link, apart) : NULL;
    if (tags && it->link && !link)
      return false;
    if (link)
      cairo_tag_begin (cr, CAIRO_TAG_LINK, link);
    switch (it->kind) {
    case PB_DL_GLYPHS:
      ok &= draw_glyphs (cr, L, it, cache);
      break;
    case PB_DL_IMAGE:
      ok &= draw_image (cr, it, cache, px_per_pt);
      break;
    case PB_DL_RULE:
      cairo_save (cr);
      set_color (cr, cache, it->color);
      cairo_set_line_width (cr, pt (it->line_w));
      cairo_move_to (cr, pt (it->x), pt (it->y));
      cairo_line_to (cr, pt (it->x1), pt (it->y1));
      cairo_stroke (cr);
      cairo_restore (cr);
      break;
    case PB_DL_RECT:
      set_color (cr, cache, it->color);
      cairo_rectangle (cr, pt (it->x), pt (it->y), pt (it->w), pt (it->h));
      cairo_fill (cr);
      break;
    case PB_DL_OVERSET:
      draw_overset (cr, it, cache);
      break;
    }
    if (link) {
      cairo_tag_end (cr, CAIRO_TAG_LINK);
      free (link);
    }
  }
  if (tags)
    tag_close (cr, &tg);
  return ok && cairo_status (cr) == CAIRO_STATUS_SUCCESS;
}
