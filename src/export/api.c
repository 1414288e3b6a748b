/* The public API: engine, edition, layout. */
#include "flow/flow.h"
#include "render/render.h"
#include "parse/parse.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

const char *
pb_version (void)
{
  return PB_VERSION;
}

pb_engine *
pb_engine_create (const pb_engine_options *o)
{
  pb_engine *e = pb_calloc (1, sizeof *e);
  if (!e)
    return NULL;
  e->init_diags = pb_diagnostics_create ();
  e->fonts = pb_fonts_create (o ? o->fontconfig_file : NULL, e->init_diags);
  e->layouts_dir = pb_strdup (o && o->layouts_dir ? o->layouts_dir : "layouts");
  if (o && o->diags)
    pb_diag_append (o->diags, e->init_diags);
  if (!e->fonts || !e->layouts_dir) {
    pb_engine_destroy (e);
    return NULL;
  }
  return e;
}

void
pb_engine_destroy (pb_engine *e)
{
  if (!e)
    return;
  pb_fonts_destroy (e->fonts);
  free (e->layouts_dir);
  pb_diagnostics_destroy (e->init_diags);
  free (e);
}

/* An allocation that failed while a stage ran (its result may lack
 * something a check did not catch): the stage fails with "out of memory". */
static bool
ran_out (size_t failures_before, const char *file, pb_diagnostics *diags)
{
  if (pb_alloc_failures () == failures_before)
    return false;
  pb_error (diags, "memory", ((pb_pos) {file, 0, 0}), "out of memory");
  return true;
}

pb_edition *
pb_edition_load (pb_engine *e, const char *path, pb_diagnostics *diags)
{
  size_t f0 = pb_alloc_failures ();
  pb_edition *ed = pb_parse_edition (path, e->layouts_dir, diags);
  if (ran_out (f0, path, diags)) {
    pb_edition_destroy (ed);
    return NULL;
  }
  return ed;
}

pb_edition *
pb_edition_load_proof (pb_engine *e, const char *article, const char *layout, pb_diagnostics *diags)
{
  size_t f0 = pb_alloc_failures ();
  pb_edition *ed = pb_parse_proof (article, layout, e->layouts_dir, diags);
  if (ran_out (f0, article, diags)) {
    pb_edition_destroy (ed);
    return NULL;
  }
  return ed;
}

void
pb_edition_destroy (pb_edition *ed)
{
  if (ed)
    pb_arena_destroy (ed->arena);
}

size_t
pb_edition_page_count (const pb_edition *ed)
{
  return ed ? ed->n_pages : 0;
}

char *
pb_template_describe (pb_engine *e, const char *name, pb_diagnostics *diags)
{
  pb_arena *arena = pb_arena_create ();
  pb_template *t = arena ? pb_parse_template (arena, name, e->layouts_dir, (pb_pos) {NULL, 0, 0}, diags) : NULL;
  if (!t) {
    pb_arena_destroy (arena);
    return NULL;
  }
  const double mm = 25.4 / 72;
  pb_fixed body = t->style[PB_ROLE_BODY].size;
  char *s = pb_printf (_("layout %s (%s)\n"
                         "page: %.0f × %.0f mm (%.1f × %.1f pt)\n"
                         "grid: %d columns × %d characters (column %.1f pt, gutter %.1f pt), body %g pt on a %g pt "
                         "pitch\n"
                         "lines: %d on page 1 (below the %g pt masthead), %d on other pages (below the %g pt folio)\n"),
                       t->name, t->path, PB_TO_PT (t->page_w) * mm, PB_TO_PT (t->page_h) * mm, PB_TO_PT (t->page_w),
                       PB_TO_PT (t->page_h), t->columns, (int) (t->column_w / body), PB_TO_PT (t->column_w),
                       PB_TO_PT (t->gutter), PB_TO_PT (body), PB_TO_PT (t->pitch), t->rows_p1,
                       PB_TO_PT (t->masthead_h), t->rows, PB_TO_PT (t->folio_h));
  /* The masthead and folio bands are checked as a build checks them, on
   * a sample front page and inside page with the shortest texts (a
   * one-character paper name, a short issue line, no editors): what is
   * reported here fails every edition; a longer name can still overlap. */
  pb_edition *ed = s ? pb_arena_alloc (arena, sizeof *ed) : NULL;
  pb_page *pages = ed ? pb_arena_array (arena, 2, sizeof (pb_page)) : NULL;
  pb_layout *L = NULL;
  if (pages) {
    *ed = (pb_edition) {.arena = arena, .path = t->path, .paper = "报", .date = "2026-12-30",
                        .issue = "第1期", .year = 2026, .month = 12, .day = 30, .lang = PB_LANG_ZH_HANS,
                        .tpl = t, .pages = pages, .n_pages = 2, .norm = {true, false}};
    pages[0] = (pb_page) {.number = 1};
    pages[1] = (pb_page) {.number = 2, .section = "要闻"};
    L = pb_layout_create (e, ed, diags);
  }
  if (!L) {
    free (s);
    s = NULL;
  }
  pb_layout_destroy (L);
  pb_arena_destroy (arena);
  return s;
}

/* Every family the template names for the languages in use must exist. */
static bool
check_fonts (pb_engine *e, const pb_edition *ed, pb_diagnostics *diags)
{
  bool used[PB_LANG_COUNT] = {false};
  used[ed->lang] = true;
  for (size_t i = 0; i < ed->n_articles; i++)
    used[ed->articles[i]->lang] = true;
  bool ok = true;
  for (int r = 0; r < PB_ROLE_COUNT; r++)
    for (int l = 0; l < PB_LANG_COUNT; l++) {
      const pb_style *s = &ed->tpl->style[r];
      if (used[l] && s->family[l])
        ok &= pb_fonts_check_family (e->fonts, s->family[l], s->weight,
                                     ed->tpl->style_pos[r].file ? ed->tpl->style_pos[r]
                                                                : (pb_pos) {ed->tpl->path, 0, 0},
                                     diags);
    }
  return ok;
}

static void
check_photos (pb_layout *L, pb_diagnostics *diags)
{
  for (size_t i = 0; i < L->photos.n; i++) {
    const pb_photo_record *p = &L->photos.v[i];
    double ppi = p->ppi_x < p->ppi_y ? p->ppi_x : p->ppi_y;
    if (ppi < PB_PHOTO_MIN_PPI)
      pb_warning (diags, "low-resolution", p->image->pos,
                  "photo %s is printed at %.0f ppi effective on page %d (below %d)", p->image->path,
                  ppi, p->page, PB_PHOTO_MIN_PPI);
    if (p->article_id && p->visible < PB_PHOTO_MIN_VISIBLE)
      pb_warning (diags, "crop", p->image->pos,
                  "photo %s shows only %.0f %% of its area in its %.0f × %.0f pt box on page %d (under %.0f %%): "
                  "give it its own shape ({rows=…} or {span=…}), show it whole ({crop=fit}), or move the "
                  "focus ({focus=0.5,0.3})", p->image->path, 100 * p->visible, PB_TO_PT (p->box_w),
                  PB_TO_PT (p->box_h), p->page, 100 * PB_PHOTO_MIN_VISIBLE);
  }
}

pb_layout *
pb_layout_create (pb_engine *e, pb_edition *ed, pb_diagnostics *diags)
{
  size_t f0 = pb_alloc_failures ();
  pb_layout *L = pb_calloc (1, sizeof *L);
  if (!L) {
    ran_out (f0, ed->path, diags);
    return NULL;
  }
  L->engine = e;
  L->edition = ed;
  L->arena = pb_arena_create ();
  L->preps = pb_calloc (ed->n_articles ? ed->n_articles : 1, sizeof (pb_article_prep));
  if (!L->arena || !L->preps || !check_fonts (e, ed, diags) || !pb_flow_edition (L, diags)) {
    ran_out (f0, ed->path, diags);
    pb_layout_destroy (L);
    return NULL;
  }
  check_photos (L, diags);
  if (ran_out (f0, ed->path, diags)) {
    pb_layout_destroy (L);
    return NULL;
  }
  return L;
}

void
pb_layout_destroy (pb_layout *L)
{
  if (!L)
    return;
  for (size_t i = 0; i < L->pages.n; i++) {
    PB_VEC_FREE (L->pages.v[i].items);
    PB_VEC_FREE (L->pages.v[i].regions);
    PB_VEC_FREE (L->pages.v[i].modules);
  }
  PB_VEC_FREE (L->pages);
  pb_photo_store_destroy (L->photo_store);
  pb_photo_store_destroy (L->web_photo_store);
  PB_VEC_FREE (L->fits);
  PB_VEC_FREE (L->photos);
  PB_VEC_FREE (L->press);
  PB_VEC_FREE (L->compositions);
  pb_memo_destroy (L->captions);
  pb_memo_destroy (L->measured);
  for (size_t i = 0; L->preps && i < L->edition->n_articles; i++)
    free (L->preps[i].feet_mix);
  for (size_t i = 0; L->preps && i < L->edition->n_articles; i++)
    for (int k = 0; k < 3; k++)
      for (int m = 0; m <= PB_MAX_COLUMNS; m++)
        free ((void *) L->preps[i].body[k][m].slots);
  free (L->preps);
  pb_arena_destroy (L->arena);
  free (L);
}

size_t
pb_layout_page_count (const pb_layout *L)
{
  return L ? L->pages.n : 0;
}

static double
r2 (pb_fixed f)
{
  return (double) ((int64_t) f * 100 / PB_UNIT) / 100.0;
}

char *
pb_layout_to_json (const pb_layout *L)
{
  json_t *root = json_object ();
  json_t *pages = json_array ();
  json_object_set_new (root, "pages", pages);
  for (size_t p = 0; p < L->pages.n; p++) {
    const pb_dl_page *pg = &L->pages.v[p];
    json_t *jp = json_object ();
    json_object_set_new (jp, "number", json_integer (pg->number));
    json_object_set_new (jp, "label", json_string (pg->label));
    json_object_set_new (jp, "width", json_real (r2 (pg->w)));
    json_object_set_new (jp, "height", json_real (r2 (pg->h)));
    json_t *items = json_array ();
    for (size_t i = 0; i < pg->items.n; i++) {
      const pb_dl_item *it = &pg->items.v[i];
      json_t *ji = json_object ();
      static const char *const kinds[] = {"glyphs", "image", "rule", "rect", "overset"};
      json_object_set_new (ji, "kind", json_string (kinds[it->kind]));
      if (it->article >= 0)
        json_object_set_new (ji, "article", json_string (L->edition->articles[it->article]->id));
      if (it->block >= 0)
        json_object_set_new (ji, "block", json_integer (it->block));
      if (it->kind == PB_DL_GLYPHS) {
        json_object_set_new (ji, "x", json_real (r2 (it->ix)));
        json_object_set_new (ji, "y", json_real (r2 (it->y)));
        json_object_set_new (ji, "w", json_real (r2 (it->w)));
        json_t *gx = json_array ();
        for (int g = 0; g < it->n_glyphs; g++)
          json_array_append_new (gx, json_real (r2 (it->x + it->glyphs[g].x)));
        json_object_set_new (ji, "glyph_x", gx);
        json_object_set_new (ji, "text", json_stringn (it->text, it->text_len));
      } else {
        json_object_set_new (ji, "x", json_real (r2 (it->x)));
        json_object_set_new (ji, "y", json_real (r2 (it->y)));
        json_object_set_new (ji, "w", json_real (r2 (it->kind == PB_DL_RULE ? it->x1 - it->x : it->w)));
        json_object_set_new (ji, "h", json_real (r2 (it->kind == PB_DL_RULE ? it->y1 - it->y : it->h)));
      }
      json_array_append_new (items, ji);
    }
    json_object_set_new (jp, "items", items);
    json_t *regions = json_array ();
    for (size_t r = 0; r < pg->regions.n; r++) {
      const pb_region *rg = &pg->regions.v[r];
      json_t *jr = json_pack ("{s:s, s:[f,f,f,f]}", "article", L->edition->articles[rg->article]->id,
                              "pt", r2 (rg->x), r2 (rg->y), r2 (rg->w), r2 (rg->h));
      json_array_append_new (regions, jr);
    }
    json_object_set_new (jp, "regions", regions);
    json_t *modules = json_array ();
    for (size_t m = 0; m < pg->modules.n; m++) {
      const pb_region *rg = &pg->modules.v[m];
      json_array_append_new (modules, json_pack ("{s:s?, s:[f,f,f,f]}", "article",
                                                 rg->article >= 0 ? L->edition->articles[rg->article]->id : NULL,
                                                 "pt", r2 (rg->x), r2 (rg->y), r2 (rg->w), r2 (rg->h)));
    }
    json_object_set_new (jp, "modules", modules);
    json_array_append_new (pages, jp);
  }
  char *s = json_dumps (root, JSON_INDENT (1) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION (10));
  json_decref (root);
  return s;
}
