/* Pages: furniture (masthead, folio), ads, rules, and the edition loop. */
#include "flow/flow.h"

#include <string.h>

static int
weekday (int y, int m, int d)
{
  static const int t[] = {0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4};
  if (m < 3)
    y -= 1;
  return (y + y / 4 - y / 100 + y / 400 + t[m - 1] + d) % 7;
}

static const char *const weekdays[PB_LANG_COUNT][7] = {
  {"星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"},
  {"星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"},
  {"日曜日", "月曜日", "火曜日", "水曜日", "木曜日", "金曜日", "土曜日"},
  {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"},
};

static const char *
date_text (pb_layout *L)
{
  const pb_edition *ed = L->edition;
  const char *wd = weekdays[ed->lang][weekday (ed->year, ed->month, ed->day)];
  if (ed->lang == PB_LANG_EN)
    return pb_arena_printf (L->arena, "%s, %04d-%02d-%02d", wd, ed->year, ed->month, ed->day);
  return pb_arena_printf (L->arena, "%d年%d月%d日 %s", ed->year, ed->month, ed->day, wd);
}

/* The natural width of the last text put on the page (its glyph runs
 * since the last put_text). */
static pb_fixed
natural_width (pb_layout *L, const pb_dl_page *page)
{
  (void) page;
  return L->last_text_w;
}

/* Sets text at (x, baseline) in a style; returns the width used. */
static pb_fixed
put_text (pb_layout *L, pb_dl_page *page, const char *text, const pb_style *s, pb_fixed x,
          pb_fixed baseline, pb_fixed width, pb_align align)
{
  text = pb_arena_strdup (L->arena, text); /* the display list keeps it */
  pb_para *p = text ? pb_flow_set_text (L, text, s, L->edition->lang, width, align, NULL) : NULL;
  L->last_text_w = 0;
  if (!p || !p->n_lines)
    return 0;
  pb_dl_add_line (L, page, &p->lines[0], text, x, baseline, -1, -1);
  /* a text too wide for the band wraps: its whole width is what counts
   * (the band check then fails the build), never its first line alone */
  for (size_t i = 0; i < p->n_lines; i++)
    L->last_text_w += p->lines[i].natural;
  return p->lines[0].used;
}

/* Where a folio's text stands in a band of height h: its baseline, and
 * the rule under it. */
static void
folio_geometry (const pb_template *t, pb_fixed h, pb_fixed *base, pb_fixed *rule)
{
  *base = t->margin_top + h - h / 3;
  *rule = t->margin_top + h - h / 8;
}

/* The masthead in a band of height h: the paper name's baseline, the
 * first of the stacked info lines', their leading, the rules'. */
static void
masthead_geometry (const pb_template *t, pb_fixed h, pb_fixed *name_base, pb_fixed *info_base,
                   pb_fixed *lead, pb_fixed *rule)
{
  const pb_style *ms = &t->style[PB_ROLE_MASTHEAD], *is = &t->style[PB_ROLE_MASTHEAD_INFO];
  *name_base = t->margin_top + h / 2 + ms->size * 35 / 100;
  *lead = is->size * 16 / 10;
  *info_base = t->margin_top + h / 2 - *lead / 2;
  *rule = t->margin_top + h - t->pitch / 2;
}

/* What of the furniture's text stands outside its band at height h (em
 * boxes between the band's top and the rule under it, with the rule's own
 * width clear): 0 when all fits, else BAND_NAME (the folio's text, or the
 * paper name) and/or BAND_INFO (the masthead's date lines). */
enum { BAND_NAME = 1, BAND_INFO = 2 };

static unsigned
band_misfits (const pb_template *t, bool masthead, pb_fixed h, int info_lines)
{
  pb_fixed top = t->margin_top;
  if (!masthead) {
    pb_fixed base, rule, s = t->style[PB_ROLE_FOLIO].size;
    folio_geometry (t, h, &base, &rule);
    return base - s * 88 / 100 >= top && base + s * 12 / 100 <= rule - PB_PT (0.5) ? 0 : BAND_NAME;
  }
  pb_fixed nb, ib, lead, rule, ms = t->style[PB_ROLE_MASTHEAD].size, is = t->style[PB_ROLE_MASTHEAD_INFO].size;
  masthead_geometry (t, h, &nb, &ib, &lead, &rule);
  pb_fixed clear = rule - PB_PT (3) - PB_PT (1.25); /* the thick rule's top */
  unsigned bad = 0;
  if (!(nb - ms * 88 / 100 >= top && nb + ms * 12 / 100 <= clear))
    bad |= BAND_NAME;
  if (!(ib - is * 88 / 100 >= top && ib + (info_lines - 1) * lead + is * 12 / 100 <= clear))
    bad |= BAND_INFO;
  return bad;
}

/* A band too low for its styles: an error at the template's line (once),
 * never an overprint. */
static void
check_band_height (pb_layout *L, bool masthead, int info_lines, pb_diagnostics *diags)
{
  const pb_template *t = L->edition->tpl;
  bool *done = masthead ? &L->masthead_checked : &L->folio_checked;
  if (*done)
    return;
  *done = true;
  pb_fixed h = masthead ? t->masthead_h : t->folio_h;
  pb_pos at = masthead ? t->masthead_pos : t->folio_pos;
  unsigned bad = band_misfits (t, masthead, h, info_lines);
  if (bad) {
    pb_fixed need = h;
    while (need < PB_PT (2000) && band_misfits (t, masthead, need, info_lines))
      need += PB_PT (1);
    L->band_failed = true;
    if (masthead && bad == BAND_NAME)
      pb_error (diags, "band", at,
                "the masthead's paper name (its masthead style, %.1f pt) does not fit its band of %.1f pt and "
                "would print over the page: make it at least %.0f pt high (masthead: {height: %.0fpt}) or the "
                "style smaller", PB_TO_PT (t->style[PB_ROLE_MASTHEAD].size), PB_TO_PT (h), PB_TO_PT (need),
                PB_TO_PT (need));
    else if (masthead && bad == BAND_INFO)
      pb_error (diags, "band", at,
                "the masthead's date and issue lines (%d lines of its masthead_info style, %.1f pt) do not fit "
                "its band of %.1f pt and would print over the page: make it at least %.0f pt high (masthead: "
                "{height: %.0fpt}) or the style smaller", info_lines,
                PB_TO_PT (t->style[PB_ROLE_MASTHEAD_INFO].size), PB_TO_PT (h), PB_TO_PT (need), PB_TO_PT (need));
    else if (masthead)
      pb_error (diags, "band", at,
                "the masthead's paper name (%.1f pt) and its date and issue lines (%d lines at %.1f pt) do not "
                "fit its band of %.1f pt and would print over the page: make it at least %.0f pt high "
                "(masthead: {height: %.0fpt}) or the styles smaller", PB_TO_PT (t->style[PB_ROLE_MASTHEAD].size),
                info_lines, PB_TO_PT (t->style[PB_ROLE_MASTHEAD_INFO].size), PB_TO_PT (h), PB_TO_PT (need),
                PB_TO_PT (need));
    else
      pb_error (diags, "band", at,
                "the folio's text (at %.1f pt) does not fit its band of %.1f pt and would print over the page: "
                "make it at least %.0f pt high (folio: {height: %.0fpt}) or its style smaller",
                PB_TO_PT (t->style[PB_ROLE_FOLIO].size), PB_TO_PT (h), PB_TO_PT (need), PB_TO_PT (need));
  }
}

/* Texts side by side in a band that overlap, or one wider than the type
 * area (it would wrap and lose its end): an error at the edition's line
 * that gives the text (the paper name; the page's section and editors),
 * on every page where it happens. */
static void
check_band_texts (pb_layout *L, bool masthead, pb_fixed left_w, pb_fixed right_w, pb_pos text_at,
                  pb_diagnostics *diags)
{
  const pb_template *t = L->edition->tpl;
  pb_pos band_at = masthead ? t->masthead_pos : t->folio_pos;
  pb_pos at = text_at.file ? text_at : band_at;
  pb_fixed type_w = t->page_w - t->margin_left - t->margin_right;
  pb_fixed gap = t->style[PB_ROLE_BODY].size;
  if (left_w + gap + right_w <= type_w)
    return;
  L->band_failed = true;
  const char *band_file = band_at.file ? band_at.file : "?";
  if (masthead && left_w > type_w)
    pb_error (diags, "band", at,
              "the paper name '%s' is %.1f pt wide in the masthead style, wider than the type area "
              "(%.1f pt; layout %s:%d:%d): shorten it or make the masthead style smaller",
              L->edition->paper, PB_TO_PT (left_w), PB_TO_PT (type_w), band_file, band_at.line, band_at.col);
  else if (masthead)
    pb_error (diags, "band", at,
              "the masthead's texts overlap: the paper name takes %.1f pt on the left and the date and issue "
              "lines %.1f pt on the right of a type area %.1f pt wide (layout %s:%d:%d); shorten the paper "
              "name or the issue line, or make the masthead styles smaller", PB_TO_PT (left_w),
              PB_TO_PT (right_w), PB_TO_PT (type_w), band_file, band_at.line, band_at.col);
  else
    pb_error (diags, "band", at,
              "the folio's texts overlap: %.1f pt on the left (page and section) and %.1f pt on the right "
              "(paper, date and editors) of a type area %.1f pt wide (layout %s:%d:%d); shorten the section "
              "or the editors' names, or make the folio style smaller", PB_TO_PT (left_w), PB_TO_PT (right_w),
              PB_TO_PT (type_w), band_file, band_at.line, band_at.col);
}

static void
draw_folio (pb_layout *L, pb_dl_page *page, const pb_page *src, pb_diagnostics *diags)
{
  const pb_edition *ed = L->edition;
  const pb_template *t = ed->tpl;
  const pb_style *s = &t->style[PB_ROLE_FOLIO];
  pb_fixed x = t->margin_left, w = t->page_w - t->margin_left - t->margin_right;
  pb_fixed base, ry;
  folio_geometry (t, t->folio_h, &base, &ry);
  pb_buf b = {0};
  pb_buf_printf (&b, "%s", page->label);
  if (src && src->section)
    pb_buf_printf (&b, "　%s", src->section);
  put_text (L, page, b.data ? b.data : "", s, x, base, w, PB_ALIGN_LEFT);
  pb_fixed lw = natural_width (L, page);
  pb_buf_free (&b);
  pb_buf_printf (&b, "%s　%s", ed->paper, ed->proof ? "" : date_text (L));
  for (size_t i = 0; src && i < src->n_editors; i++)
    pb_buf_printf (&b, "　%s", src->editors[i]);
  put_text (L, page, b.data ? b.data : "", s, x, base, w, PB_ALIGN_RIGHT);
  pb_fixed rw = natural_width (L, page);
  pb_buf_free (&b);
  pb_dl_add_rule (L, page, x, ry, x + w, ry, PB_PT (1.0), PB_COLOR_BLACK);
  check_band_height (L, false, 1, diags);
  check_band_texts (L, false, lw, rw, src ? src->pos : (pb_pos) {0}, diags);
}

static void
draw_masthead (pb_layout *L, pb_dl_page *page, pb_diagnostics *diags)
{
  const pb_edition *ed = L->edition;
  const pb_template *t = ed->tpl;
  const pb_style *ms = &t->style[PB_ROLE_MASTHEAD], *is = &t->style[PB_ROLE_MASTHEAD_INFO];
  pb_fixed x = t->margin_left, w = t->page_w - t->margin_left - t->margin_right;
  pb_fixed base, iy, lead, ry;
  masthead_geometry (t, t->masthead_h, &base, &iy, &lead, &ry);
  /* paper name, large, on the left; date and issue stacked on the right */
  put_text (L, page, ed->paper, ms, x, base, w, PB_ALIGN_LEFT);
  pb_fixed name_w = natural_width (L, page);
  pb_fixed info_w = 0;
  int lines = 0;
  const char *info[3] = {date_text (L), ed->issue, pb_arena_printf (L->arena, "%s", page->label)};
  for (int i = 0; i < 3; i++) {
    if (!info[i])
      continue;
    put_text (L, page, info[i], is, x, iy + i * lead, w, PB_ALIGN_RIGHT);
    pb_fixed iw = natural_width (L, page);
    info_w = iw > info_w ? iw : info_w;
    lines = i + 1;
  }
  /* a thick and a thin rule under the masthead, in its colour; a 0.6 pt
   * line in two or more inks shows misregistration on newsprint (the
   * press preflight says so): the layout's masthead: {rule_color} */
  pb_dl_add_rule (L, page, x, ry - PB_PT (3), x + w, ry - PB_PT (3), PB_PT (2.5), ms->color);
  pb_dl_add_rule (L, page, x, ry, x + w, ry, PB_PT (0.6), t->masthead_rule_set ? t->masthead_rule_color : ms->color);
  check_band_height (L, true, lines, diags);
  check_band_texts (L, true, name_w, info_w, ed->paper_pos, diags);
}

pb_dl_page *
pb_flow_new_page (pb_layout *L, int number, const pb_page *src, bool masthead, pb_diagnostics *diags)
{
  const pb_template *t = L->edition->tpl;
  pb_dl_page pg = {0};
  pg.number = number;
  pg.w = t->page_w;
  pg.h = t->page_h;
  if (L->edition->lang == PB_LANG_EN)
    pg.label = pb_arena_printf (L->arena, "Page %d", number);
  else if (L->edition->proof)
    /* 页 in Simplified Chinese, 頁 in Traditional and Japanese */
    pg.label = pb_arena_printf (L->arena, L->edition->lang == PB_LANG_ZH_HANS ? "第%d页" : "第%d頁", number);
  else
    /* 第N版 in Chinese papers, N面 in Japanese ones */
    pg.label = pb_arena_printf (L->arena, L->edition->lang == PB_LANG_JA ? "%d面" : "第%d版", number);
  if (!PB_VEC_PUSH (L->pages, pg))
    return NULL;
  pb_dl_page *page = &L->pages.v[L->pages.n - 1];
  pb_flow_add_module (L, page, -1, t->margin_left, t->margin_top, t->page_w - t->margin_left - t->margin_right,
                      masthead ? t->masthead_h : t->folio_h);
  if (masthead)
    draw_masthead (L, page, diags);
  else
    draw_folio (L, page, src, diags);
  return page;
}

static void
place_ad (pb_layout *L, pb_dl_page *page, const pb_ad *ad, pb_diagnostics *diags)
{
  const pb_template *t = L->edition->tpl;
  pb_fixed x = pb_template_col_x (t, ad->at.col - 1);
  pb_fixed y = pb_template_grid_top (t, page->number) + (ad->at.row - 1) * t->pitch;
  pb_fixed w = pb_template_span_w (t, ad->at.cols), h = ad->at.rows * t->pitch;
  const pb_image *img = ad->image;
  int iw, ih;
  pb_image_oriented_size (img, &iw, &ih);
  /* An ad is shown whole: scaled to fit its rectangle, centred; a
   * mismatch of shape is reported (the booking and the file disagree). */
  double want = (double) w / h, got = (double) iw / ih;
  if (got / want > 1.03 || want / got > 1.03)
    pb_warning (diags, "ad-shape", ad->pos,
                "ad %s is %.2f:1 but its rectangle is %.2f:1; it is scaled to fit and centred",
                img->path, got, want);
  pb_dl_add_image (L, page, -1, -1, NULL, img, x, y, w, h, false);
  pb_flow_add_module (L, page, -1, x, y, w, h);
}

static int
article_index (const pb_edition *ed, const pb_article *a)
{
  for (size_t i = 0; i < ed->n_articles; i++)
    if (ed->articles[i] == a)
      return (int) i;
  return -1;
}

bool
pb_flow_edition (pb_layout *L, pb_diagnostics *diags)
{
  pb_edition *ed = L->edition;
  const pb_template *t = ed->tpl;
  if (ed->proof) {
    pb_flow_proof (L, diags);
    for (size_t p = 0; p < L->pages.n; p++)
      pb_flow_check_page (L, &L->pages.v[p], diags);
    return true;
  }
  for (size_t p = 0; p < ed->n_pages; p++) {
    const pb_page *src = &ed->pages[p];
    pb_dl_page *page = pb_flow_new_page (L, src->number, src, src->number == 1, diags);
    if (src->number == 1 && (src->section || src->n_editors))
      pb_note (diags, "page", src->pos, "page 1 carries the masthead, not a folio: its section and editors are "
               "not printed on it (the digital edition lists them)");
    if (!page)
      return false;
    int rows = pb_template_rows (t, src->number);
    pb_fixed top = pb_template_grid_top (t, src->number);
    for (size_t i = 0; i < src->n_ads; i++)
      place_ad (L, &L->pages.v[p], &src->ads[i], diags);
    bool compose = false;
    for (size_t i = 0; i < src->n_placements; i++) {
      const pb_placement *pl = &src->placements[i];
      if (!pl->at.set) {
        compose = true;
        continue;
      }
      const pb_grid_rect *r = &pl->at;
      bool below = r->row + r->rows - 1 < rows;
      static const pb_variant as_written = {0};
      pb_flow_article (L, (int) p, article_index (ed, pl->article), r, below, &as_written, pl, diags);
      page = &L->pages.v[p];
      pb_flow_module_rules (L, page, t, top, r, below);
    }
    if (compose)
      pb_flow_compose (L, (int) p, src, diags);
    pb_flow_check_page (L, &L->pages.v[p], diags);
  }
  return true;
}
