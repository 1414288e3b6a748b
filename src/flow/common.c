/* Display-list helpers shared by the flow files. */
#include "flow/flow.h"

#include <string.h>

pb_dl_item *
pb_dl_push (pb_layout *layout, pb_dl_page *page, pb_dl_kind kind, int article)
{
  pb_dl_item it = {0};
  it.kind = kind;
  it.article = article;
  it.block = -1;
  if (!PB_VEC_PUSH (page->items, it))
    return NULL;
  (void) layout;
  return &page->items.v[page->items.n - 1];
}

void
pb_dl_add_line (pb_layout *layout, pb_dl_page *page, const pb_line *line, const char *text,
                pb_fixed x, pb_fixed y, int article, int block)
{
  pb_dl_add_line_as (layout, page, line, text, x, y, article, block, PB_ROLE_BODY);
}

void
pb_dl_add_line_as (pb_layout *layout, pb_dl_page *page, const pb_line *line, const char *text,
                   pb_fixed x, pb_fixed y, int article, int block, pb_role role)
{
  for (size_t r = 0; r < line->n_runs; r++) {
    const pb_run *run = &line->runs[r];
    /* spaces that end a line hang past it, drawing nothing: a run of
     * them alone (a credit's font after the caption's) is not placed
     * outside the column */
    bool blank = run->x1 == run->x0 && run->end > run->start;
    for (size_t k = run->start; blank && k < run->end; k++)
      blank = text[k] == ' ';
    if (blank)
      continue;
    pb_dl_item *it = pb_dl_push (layout, page, PB_DL_GLYPHS, article);
    if (!it)
      return;
    it->x = x;
    it->y = y;
    it->w = run->x1 - run->x0;
    it->ix = x + run->x0;
    it->font = run->font;
    it->em = run->em;
    it->color = run->color;
    it->glyphs = run->glyphs;
    it->n_glyphs = run->n_glyphs;
    it->text = run->text ? run->text : text + run->start;
    it->text_len = run->text ? strlen (run->text) : run->end - run->start;
    it->clusters = run->clusters;
    it->n_clusters = run->n_clusters;
    it->block = block;
    it->role = role;
    it->src_start = run->start;
    it->src_end = run->end;
  }
}

void
pb_image_oriented_size (const pb_image *img, int *w, int *h)
{
  bool swap = img->orientation >= 5 && img->orientation <= 8;
  *w = swap ? img->height : img->width;
  *h = swap ? img->width : img->height;
}

double
pb_image_scale (const pb_image *img, pb_fixed w, pb_fixed h, bool cover)
{
  int iw, ih;
  pb_image_oriented_size (img, &iw, &ih);
  double sx = (double) w / iw, sy = (double) h / ih;
  return cover ? (sx > sy ? sx : sy) : (sx < sy ? sx : sy);
}

double
pb_image_ppi (double scale)
{
  return 72.0 * PB_UNIT / scale;
}

/* Where a scaled image of length `len` stands in a box of length `box`
 * so that the point at fraction f of it is as near the box's centre as
 * the image covering the box allows. */
static pb_fixed
focus_offset (pb_fixed box, pb_fixed len, double f)
{
  if (len <= box)
    return (box - len) / 2;
  pb_fixed off = (pb_fixed) (box / 2 - f * len);
  return off > 0 ? 0 : off < box - len ? box - len : off;
}

void
pb_dl_add_photo (pb_layout *layout, pb_dl_page *page, int article, int block, const char *article_id,
                 const pb_image *img, pb_fixed x, pb_fixed y, pb_fixed w, pb_fixed h, bool cover, double focus_x,
                 double focus_y)
{
  int iw, ih;
  pb_image_oriented_size (img, &iw, &ih);
  double scale = pb_image_scale (img, w, h, cover);
  pb_dl_item *it = pb_dl_push (layout, page, PB_DL_IMAGE, article);
  if (!it)
    return;
  it->image = img;
  it->block = block;
  it->x = x;
  it->y = y;
  it->w = w;
  it->h = h;
  it->iw = (pb_fixed) (iw * scale);
  it->ih = (pb_fixed) (ih * scale);
  it->ix = x + focus_offset (w, it->iw, focus_x);
  it->iy = y + focus_offset (h, it->ih, focus_y);
  double ppi = pb_image_ppi (scale);
  /* the share of the photo that shows in its box (cropped to fill) */
  double shown_w = it->iw < w ? it->iw : w, shown_h = it->ih < h ? it->ih : h;
  double visible = it->iw > 0 && it->ih > 0 ? shown_w * shown_h / ((double) it->iw * it->ih) : 1;
  pb_photo_record pr = {img, page->number, ppi, ppi, article_id, visible, w, h};
  PB_VEC_PUSH (layout->photos, pr);
}

void
pb_dl_add_image (pb_layout *layout, pb_dl_page *page, int article, int block, const char *article_id,
                 const pb_image *img, pb_fixed x, pb_fixed y, pb_fixed w, pb_fixed h, bool cover)
{
  pb_dl_add_photo (layout, page, article, block, article_id, img, x, y, w, h, cover, 0.5, 0.5);
}

void
pb_dl_add_rule (pb_layout *layout, pb_dl_page *page, pb_fixed x0, pb_fixed y0, pb_fixed x1,
                pb_fixed y1, pb_fixed w, pb_color color)
{
  pb_dl_item *it = pb_dl_push (layout, page, PB_DL_RULE, -1);
  if (!it)
    return;
  it->x = x0;
  it->y = y0;
  it->x1 = x1;
  it->y1 = y1;
  it->line_w = w;
  it->color = color;
}

void
pb_flow_module_rules (pb_layout *layout, pb_dl_page *page, const pb_template *t, pb_fixed grid_top,
                      const pb_grid_rect *at, bool rule_below)
{
  pb_fixed x0 = pb_template_col_x (t, at->col - 1), x1 = x0 + pb_template_span_w (t, at->cols);
  pb_fixed y0 = grid_top + (at->row - 1) * t->pitch, y1 = y0 + at->rows * t->pitch;
  if (rule_below)
    pb_dl_add_rule (layout, page, x0, y1 - t->pitch / 2, x1, y1 - t->pitch / 2, t->rule_w, PB_COLOR_BLACK);
  if (at->col + at->cols - 1 < t->columns) {
    pb_fixed gx = x1 + t->gutter / 2;
    pb_dl_add_rule (layout, page, gx, y0 + t->pitch / 4, gx, y1 - (rule_below ? t->pitch / 2 : 0),
                    t->rule_w, PB_COLOR_BLACK);
  }
}

pb_para *
pb_flow_set_text (pb_layout *layout, const char *text, const pb_style *style, pb_lang lang,
                  pb_fixed width, pb_align align, pb_diagnostics *diags)
{
  pb_para_spec spec = {
    .text = text, .len = strlen (text), .style = style, .lang = lang, .width = width,
    .align = align, .indent_em = 0,
  };
  return pb_text_set (layout->engine->fonts, &spec, layout->arena,
                      (pb_pos) {layout->edition->path, 0, 0}, diags);
}

pb_fixed
pb_flow_baseline_offset (const pb_template *t)
{
  /* The ideographic em box (0.88 em above the baseline, 0.12 below)
   * centred in the row. */
  pb_fixed size = t->style[PB_ROLE_BODY].size;
  return (t->pitch - size) / 2 + size * 88 / 100;
}

void
pb_flow_add_module (pb_layout *layout, pb_dl_page *page, int article, pb_fixed x, pb_fixed y, pb_fixed w,
                    pb_fixed h)
{
  (void) layout;
  pb_region m = {article, x, y, w, h};
  PB_VEC_PUSH (page->modules, m);
}

/* Is the box inside one of the article's modules on the page?  slack_x
 * lets a mark's blank (or a hanging mark) stand past the edge. */
static bool
inside_module (const pb_dl_page *page, int article, pb_fixed x0, pb_fixed x1, pb_fixed y0, pb_fixed y1,
               pb_fixed slack_x)
{
  const pb_fixed eps = PB_UNIT / 4;
  for (size_t m = 0; m < page->modules.n; m++) {
    const pb_region *r = &page->modules.v[m];
    if (r->article == article && x0 >= r->x - slack_x - eps && x1 <= r->x + r->w + slack_x + eps &&
        y0 >= r->y - eps && y1 <= r->y + r->h + eps)
      return true;
  }
  return false;
}

bool
pb_flow_check_page (pb_layout *L, const pb_dl_page *page, pb_diagnostics *diags)
{
  const pb_edition *ed = L->edition;
  for (size_t i = 0; i < page->items.n; i++) {
    const pb_dl_item *it = &page->items.v[i];
    bool ok = true;
    if (it->article < 0 && L->band_failed)
      continue; /* reported at the template already */
    if (it->article >= 0 && L->preps[it->article].failed)
      continue; /* reported where it was set */
    if (it->kind == PB_DL_GLYPHS && it->n_glyphs > 0) {
      /* the run from its pen position to its advance; its em box about the
       * baseline (0.88 em above, 0.12 below, as the grid sets it) */
      pb_fixed hang = ed->tpl->typo[PB_LANG_ZH_HANS].hanging ? it->em : it->em / 2;
      ok = inside_module (page, it->article, it->ix, it->ix + it->w, it->y - it->em * 88 / 100,
                          it->y + it->em * 12 / 100, hang);
    } else if (it->kind == PB_DL_IMAGE)
      ok = inside_module (page, it->article, it->x, it->x + it->w, it->y, it->y + it->h, 0);
    if (ok)
      continue;
    double x = PB_TO_PT (it->kind == PB_DL_IMAGE ? it->x : it->ix), y = PB_TO_PT (it->y);
    const char *text = it->text ? it->text : "";
    int n = it->text ? (int) pb_utf8_prefix (text, it->text_len, 30) : 0;
    if (it->article < 0)
      pb_error (diags, "outside", ((pb_pos) {ed->tpl->path, 0, 0}),
                "on page %d, the page furniture would stand outside its band at x %.1f pt, y %.1f pt "
                "(\"%.*s\"); this is a fault of paiban: please report it with the input", page->number, x, y,
                n, text);
    else if (it->kind == PB_DL_IMAGE)
      pb_error (diags, "outside", ed->articles[it->article]->pos,
                "on page %d, a photo of '%s' would stand outside its module at x %.1f pt, y %.1f pt; this is "
                "a fault of paiban: please report it with the input", page->number,
                ed->articles[it->article]->id, x, y);
    else
      pb_error (diags, "outside", ed->articles[it->article]->pos,
                "on page %d, text of '%s' would stand outside its module at x %.1f pt, y %.1f pt (\"%.*s\"); "
                "this is a fault of paiban: please report it with the input", page->number,
                ed->articles[it->article]->id, x, y, n, text);
    return false;
  }
  return true;
}
