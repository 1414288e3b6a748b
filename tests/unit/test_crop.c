/* Photo crops a desk controls: a portrait keeps its head, in a module
 * placed by hand and on a composed page; focus, crop=fit, rows and span
 * on a figure; the share of each photo shown, reported and warned under
 * 70 %. */
#include "harness.h"
#include "util.h"
#include "flow/flow.h"

static pb_engine *engine;

/* One article with one figure (its Markdown line `figure`), placed at
 * `at` on page 2 of the broadsheet, or composed (at NULL). */
static pb_layout *
layout_with (const char *figure, const char *at, pb_edition **ed, pb_diagnostics *d)
{
  char art[2048], yaml[2048];
  snprintf (art, sizeof art,
            "---\nheadline: 牧民在高原\nid: herder\n---\n%s\n\n"
            "记者从省能源局获悉，高原上的光伏电站建设进展顺利，当地群众就近就业，收入明显增加。"
            "记者从省能源局获悉，高原上的光伏电站建设进展顺利，当地群众就近就业，收入明显增加。\n\n"
            "当地群众就近就业，收入明显增加，生态环境也得到改善，草场恢复很快。\n",
            figure);
  const char *ap = write_tmp ("herder.md", art);
  snprintf (yaml, sizeof yaml,
            "paper: 测试报\ndate: 2026-11-30\nlayout: broadsheet\npages:\n  - number: 2\n    articles:\n"
            "      - src: %s\n%s%s%s",
            ap, at ? "        at: " : "", at ? at : "", at ? "\n" : "");
  *ed = pb_edition_load (engine, write_tmp ("herder.yaml", yaml), d);
  return *ed ? pb_layout_create (engine, *ed, d) : NULL;
}

static const pb_dl_item *
photo_item (const pb_layout *L)
{
  for (size_t i = 0; L && i < L->pages.v[0].items.n; i++)
    if (L->pages.v[0].items.v[i].kind == PB_DL_IMAGE && L->pages.v[0].items.v[i].article >= 0)
      return &L->pages.v[0].items.v[i];
  return NULL;
}

static const pb_photo_record *
photo_record (const pb_layout *L)
{
  for (size_t i = 0; L && i < L->photos.n; i++)
    if (L->photos.v[i].article_id)
      return &L->photos.v[i];
  return NULL;
}

#define PORTRAIT "![牧民站在山脊上。](" PB_SOURCE_DIR "/tests/data/portrait.jpg \"本报记者 张三 摄\")"

static void
portrait_by_hand_keeps_its_shape (void)
{
  /* a wide, shallow module placed by hand (the lead's box, a portrait
   * photo swapped in): the photo goes narrower rather than into a strip */
  pb_diagnostics *d = pb_diagnostics_create ();
  pb_edition *ed;
  pb_layout *L = layout_with (PORTRAIT, "{col: 1, row: 1, cols: 6, rows: 30}", &ed, d);
  const pb_photo_record *r = photo_record (L);
  CHECK (r && r->visible >= PB_PHOTO_MIN_VISIBLE);
  CHECK (!HAS_WARNING (d, "shows only"));
  pb_layout_destroy (L);
  pb_edition_destroy (ed);
  pb_diagnostics_destroy (d);
}

static void
portrait_composed_keeps_its_shape (void)
{
  pb_diagnostics *d = pb_diagnostics_create ();
  pb_edition *ed;
  pb_layout *L = layout_with (PORTRAIT, NULL, &ed, d);
  const pb_photo_record *r = photo_record (L);
  CHECK (r && r->visible >= 0.75);
  pb_layout_destroy (L);
  pb_edition_destroy (ed);
  pb_diagnostics_destroy (d);
}

static void
span_and_rows_asked_for (void)
{
  /* {span=3 rows=20}: the figure takes them, however it crops; the share
   * shown is reported, and warned about under 70 % */
  pb_diagnostics *d = pb_diagnostics_create ();
  pb_edition *ed;
  pb_layout *L = layout_with (PORTRAIT "{span=4 rows=12}", "{col: 1, row: 1, cols: 6, rows: 40}", &ed, d);
  const pb_dl_item *it = photo_item (L);
  CHECK (it && it->w == pb_template_span_w (ed->tpl, 4));
  const pb_photo_record *r = photo_record (L);
  CHECK (r && r->visible < PB_PHOTO_MIN_VISIBLE);
  CHECK (HAS_WARNING (d, "portrait.jpg shows only", "% of its area"));
  pb_layout_destroy (L);
  pb_edition_destroy (ed);
  pb_diagnostics_destroy (d);
}

static void
focus_keeps_the_head (void)
{
  /* focus at the top: the photo's top edge stays at the box's top */
  pb_diagnostics *d = pb_diagnostics_create ();
  pb_edition *ed;
  pb_layout *L = layout_with (PORTRAIT "{span=4 rows=12 focus=0.5,0}", "{col: 1, row: 1, cols: 6, rows: 40}",
                              &ed, d);
  const pb_dl_item *it = photo_item (L);
  CHECK (it && it->iy == it->y && it->ih > it->h);
  pb_layout_destroy (L);
  pb_edition_destroy (ed);
  /* and at the bottom: the bottom edge at the box's bottom */
  L = layout_with (PORTRAIT "{span=4 rows=12 focus=0.5,1}", "{col: 1, row: 1, cols: 6, rows: 40}", &ed, d);
  it = photo_item (L);
  CHECK (it && it->iy + it->ih == it->y + it->h);
  pb_layout_destroy (L);
  pb_edition_destroy (ed);
  pb_diagnostics_destroy (d);
}

static void
fit_shows_it_whole (void)
{
  pb_diagnostics *d = pb_diagnostics_create ();
  pb_edition *ed;
  pb_layout *L = layout_with (PORTRAIT "{crop=fit span=4 rows=12}", "{col: 1, row: 1, cols: 6, rows: 40}", &ed, d);
  const pb_dl_item *it = photo_item (L);
  CHECK (it && it->iw <= it->w && it->ih <= it->h);
  const pb_photo_record *r = photo_record (L);
  CHECK (r && r->visible > 0.999);
  pb_layout_destroy (L);
  pb_edition_destroy (ed);
  pb_diagnostics_destroy (d);
}

static void
bad_attributes (void)
{
  pb_diagnostics *d = pb_diagnostics_create ();
  pb_edition *ed;
  pb_layout *L = layout_with (PORTRAIT "{crop=zoom focus=2,0 rows=1 spn=2}", "{col: 1, row: 1, cols: 6, rows: 40}",
                              &ed, d);
  CHECK (HAS_ERROR (d, "herder.md:5:1", "crop=zoom must be fill or fit"));
  CHECK (HAS_ERROR (d, "focus=2,0 must be two fractions"));
  CHECK (HAS_ERROR (d, "rows=1 must be a whole number from 4"));
  CHECK (HAS_WARNING (d, "unknown figure attribute 'spn': did you mean 'span'?"));
  pb_layout_destroy (L);
  pb_edition_destroy (ed);
  pb_diagnostics_destroy (d);
}

static void
attribute_spelling (void)
{
  /* quoted values are read as pandoc reads them; a repeated attribute is
   * warned and the last one used; without '}' nothing is applied */
  pb_diagnostics *d = pb_diagnostics_create ();
  pb_edition *ed;
  pb_layout *L = layout_with (PORTRAIT "{crop=\"fit\" span='4' rows=12}", "{col: 1, row: 1, cols: 6, rows: 40}",
                              &ed, d);
  const pb_photo_record *r = photo_record (L);
  CHECK (r && r->visible > 0.999);
  CHECK (pb_diagnostics_count_severity (d, PB_SEVERITY_WARNING) == 0);
  pb_layout_destroy (L);
  pb_edition_destroy (ed);
  pb_diagnostics_destroy (d);

  d = pb_diagnostics_create ();
  L = layout_with (PORTRAIT "{crop=fill span=4 rows=12 crop=fit}", "{col: 1, row: 1, cols: 6, rows: 40}", &ed, d);
  r = photo_record (L);
  CHECK (r && r->visible > 0.999);
  CHECK (HAS_WARNING (d, "herder.md:5:1", "figure attribute 'crop' is given twice; the last one is used"));
  pb_layout_destroy (L);
  pb_edition_destroy (ed);
  pb_diagnostics_destroy (d);

  d = pb_diagnostics_create ();
  L = layout_with (PORTRAIT "{crop=fit span=4 rows=12", "{col: 1, row: 1, cols: 6, rows: 40}", &ed, d);
  r = photo_record (L);
  CHECK (r && r->visible < 0.999);
  CHECK (HAS_WARNING (d, "'{crop=fit span=4 rows=12' after the photo has no closing '}': it is printed as text"));
  pb_layout_destroy (L);
  pb_edition_destroy (ed);
  pb_diagnostics_destroy (d);
}

int
main (void)
{
  pb_engine_options o = {NULL, PB_SOURCE_DIR "/layouts", NULL};
  engine = pb_engine_create (&o);
  static const pb_test_case cases[] = {
    {"portrait_by_hand_keeps_its_shape", portrait_by_hand_keeps_its_shape},
    {"portrait_composed_keeps_its_shape", portrait_composed_keeps_its_shape},
    {"span_and_rows_asked_for", span_and_rows_asked_for},
    {"focus_keeps_the_head", focus_keeps_the_head},
    {"fit_shows_it_whole", fit_shows_it_whole},
    {"bad_attributes", bad_attributes},
    {"attribute_spelling", attribute_spelling},
  };
  int r = pb_test_run (cases, sizeof cases / sizeof cases[0]);
  pb_engine_destroy (engine);
  return r;
}
