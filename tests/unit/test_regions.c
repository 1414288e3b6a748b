/* Hotspots that are right, on every page of the demo edition: every glyph
 * run and figure of an article lies inside that article's regions;
 * regions of different articles never overlap; furniture (folio,
 * masthead, rules, ads, overset marks) lies in no region. */
#include "harness.h"
#include "util.h"
#include "flow/flow.h"

static pb_layout *layout;

static bool
inside (const pb_region *r, pb_fixed x, pb_fixed y)
{
  return x >= r->x && x <= r->x + r->w && y >= r->y && y <= r->y + r->h;
}

static bool
in_article (const pb_dl_page *p, int article, pb_fixed x, pb_fixed y)
{
  for (size_t i = 0; i < p->regions.n; i++)
    if (p->regions.v[i].article == article && inside (&p->regions.v[i], x, y))
      return true;
  return false;
}

static bool
overlaps (const pb_region *r, pb_fixed x0, pb_fixed y0, pb_fixed x1, pb_fixed y1)
{
  return x0 < r->x + r->w && r->x < x1 && y0 < r->y + r->h && r->y < y1;
}

static void
article_items_inside_regions (void)
{
  size_t runs = 0;
  for (size_t p = 0; p < layout->pages.n; p++) {
    const pb_dl_page *pg = &layout->pages.v[p];
    for (size_t i = 0; i < pg->items.n; i++) {
      const pb_dl_item *it = &pg->items.v[i];
      if (it->article < 0)
        continue;
      const char *id = layout->edition->articles[it->article]->id;
      if (it->kind == PB_DL_GLYPHS) {
        runs++;
        pb_fixed y = it->y - PB_PT (1);
        bool ok = in_article (pg, it->article, it->ix + PB_PT (0.5), y) &&
                  in_article (pg, it->article, it->ix + it->w / 2, y) &&
                  in_article (pg, it->article, it->ix + it->w - PB_PT (0.5), y);
        if (!ok) {
          fprintf (stderr, "  page %d: text of %s outside its regions: %.*s\n", pg->number, id,
                   (int) it->text_len, it->text);
          CHECK (0);
        }
      } else if (it->kind == PB_DL_IMAGE) {
        bool ok = in_article (pg, it->article, it->x + 1, it->y + 1) &&
                  in_article (pg, it->article, it->x + it->w - 1, it->y + it->h - 1);
        if (!ok) {
          fprintf (stderr, "  page %d: photo of %s outside its regions\n", pg->number, id);
          CHECK (0);
        }
      }
    }
  }
  CHECK (runs > 1000);
}

static void
regions_never_overlap (void)
{
  for (size_t p = 0; p < layout->pages.n; p++) {
    const pb_dl_page *pg = &layout->pages.v[p];
    for (size_t i = 0; i < pg->regions.n; i++)
      for (size_t j = 0; j < i; j++) {
        const pb_region *a = &pg->regions.v[i], *b = &pg->regions.v[j];
        if (a->article != b->article && overlaps (a, b->x, b->y, b->x + b->w, b->y + b->h)) {
          fprintf (stderr, "  page %d: regions of %s and %s overlap\n", pg->number,
                   layout->edition->articles[a->article]->id, layout->edition->articles[b->article]->id);
          CHECK (0);
        }
      }
  }
}

static void
furniture_in_no_region (void)
{
  size_t furniture = 0;
  for (size_t p = 0; p < layout->pages.n; p++) {
    const pb_dl_page *pg = &layout->pages.v[p];
    for (size_t i = 0; i < pg->items.n; i++) {
      const pb_dl_item *it = &pg->items.v[i];
      if (it->article >= 0)
        continue;
      furniture++;
      pb_fixed x0, y0, x1, y1;
      if (it->kind == PB_DL_RULE) {
        pb_fixed hw = it->line_w / 2;
        x0 = (it->x < it->x1 ? it->x : it->x1) - hw;
        x1 = (it->x < it->x1 ? it->x1 : it->x) + hw;
        y0 = (it->y < it->y1 ? it->y : it->y1) - hw;
        y1 = (it->y < it->y1 ? it->y1 : it->y) + hw;
      } else if (it->kind == PB_DL_GLYPHS) {
        x0 = it->ix, x1 = it->ix + it->w, y0 = it->y - PB_PT (2), y1 = it->y;
      } else {
        x0 = it->x, y0 = it->y, x1 = it->x + it->w, y1 = it->y + it->h;
      }
      for (size_t r = 0; r < pg->regions.n; r++)
        if (overlaps (&pg->regions.v[r], x0, y0, x1, y1)) {
          fprintf (stderr, "  page %d: furniture (kind %d) inside the region of %s\n", pg->number, it->kind,
                   layout->edition->articles[pg->regions.v[r].article]->id);
          CHECK (0);
        }
    }
  }
  CHECK (furniture > 20);
}

/* The module check that every page passes (pb_flow_check_page) is not a
 * check that cannot fail: moved into the next story or off the page, a
 * run of text or a photo is an error naming its article. */
static void
module_check_catches_escapes (void)
{
  for (size_t p = 0; p < layout->pages.n; p++) {
    pb_dl_page *pg = &layout->pages.v[p];
    CHECK (pb_flow_check_page (layout, pg, NULL));
    for (size_t i = 0; i < pg->items.n; i++) {
      pb_dl_item *it = &pg->items.v[i];
      if (it->article < 0 || (it->kind != PB_DL_GLYPHS && it->kind != PB_DL_IMAGE))
        continue;
      /* off the page to the right, below it, to the left; and into the
       * next story (its module's right edge) */
      pb_fixed module_right = 0;
      for (size_t m = 0; m < pg->modules.n; m++)
        if (pg->modules.v[m].article == it->article)
          module_right = pg->modules.v[m].x + pg->modules.v[m].w;
      pb_fixed moves[][2] = {{pg->w + PB_PT (10) - it->x, 0}, {0, pg->h + PB_PT (50) - it->y},
                             {-it->x - PB_PT (200), 0}, {module_right + PB_PT (20) - it->x, 0}};
      for (int m = 0; m < 4; m++) {
        pb_dl_item saved = *it;
        it->x += moves[m][0], it->ix += moves[m][0], it->y += moves[m][1];
        pb_diagnostics *d = pb_diagnostics_create ();
        CHECK (!pb_flow_check_page (layout, pg, d));
        CHECK (HAS_ERROR (d, "would stand outside its module", layout->edition->articles[it->article]->id));
        pb_diagnostics_destroy (d);
        *it = saved;
      }
      break; /* one item a page */
    }
  }
}

int
main (void)
{
  pb_engine_options o = {NULL, PB_SOURCE_DIR "/layouts", NULL};
  pb_engine *engine = pb_engine_create (&o);
  pb_diagnostics *d = pb_diagnostics_create ();
  pb_edition *ed = pb_edition_load (engine, PB_SOURCE_DIR "/examples/edition.yaml", d);
  layout = ed ? pb_layout_create (engine, ed, d) : NULL;
  if (!layout || pb_diagnostics_has_errors (d)) {
    dump_diags (d);
    return 1;
  }
  static const pb_test_case cases[] = {
    {"article_items_inside_regions", article_items_inside_regions},
    {"regions_never_overlap", regions_never_overlap},
    {"furniture_in_no_region", furniture_in_no_region},
    {"module_check_catches_escapes", module_check_catches_escapes},
  };
  int r = pb_test_run (cases, sizeof cases / sizeof cases[0]);
  pb_layout_destroy (layout);
  pb_edition_destroy (ed);
  pb_diagnostics_destroy (d);
  pb_engine_destroy (engine);
  return r;
}
