/* Automatic page composition (画版): the articles of a page that have no
 * `at` are set into the page's free grid area by a guillotine partition —
 * recursive horizontal and vertical cuts along the grid — found by exact
 * dynamic programming.
 *
 * The articles are taken in order of priority (the lead story first), so
 * a part of a cut always holds a run of that order: the lead story is
 * always in the first part, at the top.  For every run [i, j) of
 * articles, width w (columns) and height h (grid lines) the table holds
 * the least cost of filling exactly w × h with them:
 *
 *   one article:  white cells left under it, when it needs no more than h
 *                 lines at width w, plus penalties.  To fill (copy-fitting)
 *                 its first photo may grow or shrink by whole lines and
 *                 take a column more or less, its headline be set a size
 *                 larger or smaller (as the layout's headline_steps
 *                 allows), its headline block opened up by one to three
 *                 lines, its body set one line looser or tighter where
 *                 that needs no ideograph spaced, and a body of text alone
 *                 that is spaced out at the column width go into one text
 *                 column fewer (变栏);
 *   a cut:        min over k and the cut position of the two parts.
 *
 * The body needs the same lines under any headline block, so each
 * article's body is measured once per width, photo change and looseness;
 * a headline variant only moves it down.
 *
 * Penalties (pb_compose_weights, doc.h): white space (the heaviest), a body
 * spaced out (shape_cost), a lead story narrower than the page, photos
 * moved away from their natural size, headlines off their size or opened
 * up, text columns off the grid, modules too shallow for their width, and
 * headlines side by side at the same height (a vertical cut not beside the
 * lead). */
#include "flow/flow.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define INF (INT32_MAX / 4)
#define MAX_ARTICLES 16
#define FIG_STEPS 17     /* photo changes tried: −4 … +12 lines */
#define MAX_PAD 3        /* rows that may be added round a headline block */
/* What a composed page may leave white before it is a warning: a blank
 * block taller than 4 lines in a module, 3 % of the page's grid cells */
#define PB_COMPOSE_MAX_BLANK_ROWS 4
#define PB_COMPOSE_MAX_WHITE_PERMILLE 30

static const int fig_deltas[FIG_STEPS] = {-4, -3, -2, -1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};

/* A way to set an article's body in a module of some width (the body
 * variant: photo change, looseness, 变栏), as measured. */
typedef struct {
  pb_variant v;          /* head_step and head_pad 0 */
  int need;              /* rows needed under the natural headline block */
  int used;              /* grid cells holding something at that height */
  int spaced;            /* per mille of its body spaced out */
} shape;

#define MAX_SHAPES (3 * 3 * FIG_STEPS + 3)

typedef struct {
  int article;           /* index in the edition */
  const pb_placement *pl;
  bool lead;
  bool has_photo;
  /* the shapes that fit the free area, per width (columns) */
  shape shapes[PB_MAX_COLUMNS + 1][MAX_SHAPES];
  int n_shapes[PB_MAX_COLUMNS + 1];
  /* lines of its headline block per width, by headline size step −2 … +2
   * (index step + 2); 0 where the step is not allowed */
  int top[5][PB_MAX_COLUMNS + 1];
} cand;

typedef struct {
  int cost;
  signed char how;       /* 0 leaf, 1 horizontal cut, 2 vertical cut */
  unsigned char k;       /* split: [i, k) and [k, j) */
  short at;              /* cut position: rows (horizontal) or columns */
  unsigned char shape;   /* leaf: index in shapes[w] */
  signed char step;      /* leaf: headline size step */
  signed char pad;       /* leaf: rows added round the headline block */
} cell;

typedef struct {
  int n, cols, rows;
  const pb_compose_weights *wt;
  cand *c;               /* [MAX_ARTICLES] */
  cell *t;               /* [i][j][w][h] */
} table;

static cell *
at (table *tb, int i, int j, int w, int h)
{
  size_t n = (size_t) tb->n + 1;
  return &tb->t[(((size_t) i * n + (size_t) j) * ((size_t) tb->cols + 1) + (size_t) w) *
                  ((size_t) tb->rows + 1) + (size_t) h];
}

/* What a shape costs whatever its headline and height. */
static int
shape_cost (const pb_compose_weights *wt, const shape *sh, int w)
{
  /* ideographs spaced out: a little, and much when so many lines are
   * (over PB_SPACED_MAX per mille) that the article's 95th percentile would
   * pass 0.08 em */
  int base = sh->spaced / wt->spaced_div + (sh->spaced > PB_SPACED_MAX ? wt->spaced_over : 0);
  base += sh->v.looseness ? wt->loose_q * w / 4 : 0; /* text set looser or tighter */
  base += wt->photo_line_q * abs (sh->v.fig_delta) * w / 4 + (sh->v.fig_span != 0) * wt->photo_span_q * w / 4;
  base += sh->v.fewer_cols ? wt->fewer_cols_q * w / 4 + wt->fewer_cols : 0; /* text columns off the grid */
  return base;
}

/* Drops the shapes of a width that can never be chosen: one that needs
 * no fewer rows than another and costs more at every height (or the
 * same, coming later). */
static void
prune (const pb_compose_weights *wt, cand *c, int w)
{
  shape *v = c->shapes[w];
  int n = c->n_shapes[w], kept = 0;
  int key[MAX_SHAPES];
  bool drop[MAX_SHAPES];
  for (int k = 0; k < n; k++)
    key[k] = shape_cost (wt, &v[k], w) - wt->white * v[k].used;
  for (int b = 0; b < n; b++) {
    drop[b] = false;
    for (int a = 0; a < n && !drop[b]; a++)
      drop[b] = a != b && v[a].need <= v[b].need && (key[a] < key[b] || (key[a] == key[b] && a < b));
  }
  for (int k = 0; k < n; k++)
    if (!drop[k])
      v[kept++] = v[k];
  c->n_shapes[w] = kept;
}

static void
leaf (table *tb, int i, int w, int h, cell *out)
{
  const cand *c = &tb->c[i];
  const pb_compose_weights *wt = tb->wt;
  out->cost = INF;
  out->how = 0;
  for (int k = 0; k < c->n_shapes[w]; k++) {
    const shape *sh = &c->shapes[w][k];
    int base = shape_cost (wt, sh, w);
    for (int s = -2; s <= 2; s++)
    for (int pad = 0; pad <= MAX_PAD; pad++) {
      if (!c->top[s + 2][w])
        continue;
      /* the body needs the same rows under any headline block */
      int grow = c->top[s + 2][w] - c->top[2][w] + pad;
      if (sh->need + grow > h)
        continue;
      int cost = base + wt->white * (h * w - sh->used - grow * w); /* white cells */
      cost += wt->head_step_q * abs (s) * w / 4 + pad * wt->head_pad_q * (w + 1) / 4; /* headline off its size, opened up */
      /* a module's columns want some depth: a short story set across many
       * columns reads as a ribbon */
      int depth = h - c->top[s + 2][w] - pad;
      if (depth < wt->min_depth)
        cost += wt->shallow_q * (wt->min_depth - depth) * w / 4;
      if (c->lead) {
        /* the lead story is dominant: at least half the page wide, wide
         * rather than tall */
        if (2 * w < tb->cols)
          continue;
        cost += wt->lead_narrow_q * (tb->cols - w) / 4;
      }
      if (cost < out->cost) {
        out->cost = cost;
        out->shape = (unsigned char) k;
        out->step = (signed char) s;
        out->pad = (signed char) pad;
      }
    }
  }
}

static void
solve (table *tb)
{
  int n = tb->n;
  for (int len = 1; len <= n; len++)
    for (int i = 0; i + len <= n; i++) {
      int j = i + len;
      for (int w = 1; w <= tb->cols; w++)
        for (int h = 1; h <= tb->rows; h++) {
          cell *best = at (tb, i, j, w, h);
          best->cost = INF;
          if (len == 1) {
            leaf (tb, i, w, h, best);
            continue;
          }
          for (int k = i + 1; k < j; k++) {
            /* horizontal cut: [i, k) above [k, j) */
            for (int h1 = 1; h1 < h; h1++) {
              int a = at (tb, i, k, w, h1)->cost;
              if (a >= best->cost)
                continue;
              int b = at (tb, k, j, w, h - h1)->cost;
              if (a + b < best->cost) {
                best->cost = a + b;
                best->how = 1;
                best->k = (unsigned char) k;
                best->at = (short) h1;
              }
            }
            /* vertical cut: [i, k) left of [k, j); headlines side by side
             * cost a little unless the lead story is one of them */
            int tomb = i == 0 ? 0 : tb->wt->side_by_side_q * w / 4;
            for (int w1 = 1; w1 < w; w1++) {
              int a = at (tb, i, k, w1, h)->cost;
              if (a + tomb >= best->cost)
                continue;
              int b = at (tb, k, j, w - w1, h)->cost;
              if (a + b + tomb < best->cost) {
                best->cost = a + b + tomb;
                best->how = 2;
                best->k = (unsigned char) k;
                best->at = (short) w1;
              }
            }
          }
        }
    }
}

typedef struct {
  int article, col, row, cols, rows;
  pb_variant v;
  int white;             /* grid cells left white */
  const pb_placement *pl;
} placed;

static void
collect (table *tb, int i, int j, int col, int row, int w, int h, placed *out, int *n)
{
  /* iterative over an explicit stack: the depth is bounded by the number
   * of articles, but keep the habit */
  typedef struct { int i, j, col, row, w, h; } part;
  part stack[2 * MAX_ARTICLES];
  int sp = 0;
  stack[sp++] = (part) {i, j, col, row, w, h};
  while (sp > 0) {
    part s = stack[--sp];
    cell *c = at (tb, s.i, s.j, s.w, s.h);
    if (c->how == 0) {
      const cand *a = &tb->c[s.i];
      const shape *sh = &a->shapes[s.w][c->shape];
      pb_variant v = sh->v;
      v.head_step = c->step;
      v.head_pad = c->pad;
      int grow = a->top[c->step + 2][s.w] - a->top[2][s.w] + c->pad;
      out[(*n)++] = (placed) {a->article, s.col, s.row, s.w, s.h, v, s.w * s.h - sh->used - grow * s.w, a->pl};
    } else if (c->how == 1) {
      stack[sp++] = (part) {c->k, s.j, s.col, s.row + c->at, s.w, s.h - c->at};
      stack[sp++] = (part) {s.i, c->k, s.col, s.row, s.w, c->at};
    } else {
      stack[sp++] = (part) {c->k, s.j, s.col + c->at, s.row, s.w - c->at, s.h};
      stack[sp++] = (part) {s.i, c->k, s.col, s.row, c->at, s.h};
    }
  }
}

/* The largest band of whole rows that no fixed article or ad touches. */
static void
free_band (const pb_layout *L, const pb_page *src, int page_rows, int *r0, int *rows)
{
  bool *used = pb_calloc ((size_t) page_rows + 2, sizeof (bool));
  for (size_t i = 0; used && i < src->n_placements; i++)
    if (src->placements[i].at.set)
      for (int r = src->placements[i].at.row; r < src->placements[i].at.row + src->placements[i].at.rows; r++)
        used[r] = true;
  for (size_t i = 0; used && i < src->n_ads; i++)
    for (int r = src->ads[i].at.row; r < src->ads[i].at.row + src->ads[i].at.rows; r++)
      used[r] = true;
  *r0 = 1;
  *rows = 0;
  for (int r = 1; used && r <= page_rows;) {
    if (used[r]) {
      r++;
      continue;
    }
    int s = r;
    while (r <= page_rows && !used[r])
      r++;
    if (r - s > *rows) {
      *r0 = s;
      *rows = r - s;
    }
  }
  free (used);
  (void) L;
}

void
pb_flow_compose (pb_layout *L, int page_index, const pb_page *src, pb_diagnostics *diags)
{
  const pb_template *t = L->edition->tpl;
  struct timespec t0, t1;
  clock_gettime (CLOCK_MONOTONIC, &t0);
  int page_rows = pb_template_rows (t, src->number);
  int r0, rows;
  free_band (L, src, page_rows, &r0, &rows);
  table tb = {0};
  tb.cols = t->columns;
  tb.wt = &t->weights;
  tb.rows = rows;
  tb.c = pb_calloc (MAX_ARTICLES, sizeof (cand));
  if (!tb.c)
    return;
  /* the articles to compose, lead story (highest priority) first */
  for (int p = 1; p <= 5; p++)
    for (size_t i = 0; i < src->n_placements; i++) {
      const pb_placement *pl = &src->placements[i];
      if (pl->at.set || pl->article->priority != p)
        continue;
      if (pl->continued_from) {
        bool empty = false;
        for (size_t a = 0; a < L->edition->n_articles && !empty; a++)
          empty = L->edition->articles[a] == pl->article && L->preps[a].cont_empty;
        if (empty)
          continue; /* its first part took it all (reported there) */
      }
      if (pl->continues_on) {
        pb_warning (diags, "unplaced", pl->pos, "'%s' jumps to page %d: give its first part an 'at' "
                    "rectangle; it is not placed", pl->article->id, pl->continues_on);
        continue;
      }
      if (tb.n == MAX_ARTICLES) {
        pb_warning (diags, "unplaced", pl->pos,
                    "more than %d articles to compose on page %d; '%s' is not placed", MAX_ARTICLES,
                    src->number, pl->article->id);
        continue;
      }
      cand *c = &tb.c[tb.n];
      c->pl = pl;
      for (size_t a = 0; a < L->edition->n_articles; a++)
        if (L->edition->articles[a] == pl->article)
          c->article = (int) a;
      c->lead = tb.n == 0 && p <= 2 && !pl->continued_from;
      for (size_t b = 0; b < pl->article->n_blocks && !pl->continued_from; b++)
        c->has_photo |= pl->article->blocks[b].kind == PB_BLOCK_FIGURE;
      tb.n++;
    }
  if (tb.n == 0 || rows < 4) {
    free (tb.c);
    return;
  }
  for (int i = 0; i < tb.n; i++) {
    const cand *c = &tb.c[i];
    bool cont = c->pl->continued_from != 0;
    int prio = c->pl->article->priority;
    for (int s = -2; s <= 2; s++) {
      /* the steps the layout allows, within its sizes; a lead story's
       * headline never smaller, no other one as large as the lead's
       * size (priority 1), a continuation's as it is */
      if (abs (s) > t->headline_steps || prio - s < 1 || prio - s > 5 || (c->lead && s < 0) ||
          (!c->lead && s > 0 && prio - s < 2) || (cont && s != 0))
        continue;
      for (int w = 1; w <= tb.cols; w++)
        tb.c[i].top[s + 2][w] = pb_flow_head_rows (L, c->article, w, s, cont);
    }
  }
  for (int i = 0; i < tb.n; i++) {
    cand *c = &tb.c[i];
    bool cont = c->pl->continued_from != 0;
    /* wider text columns (each a new setting of the body) only for a body
     * whose columns are spaced out too much */
    pb_measure m0;
    pb_flow_measure (L, c->article, 1, &(pb_variant) {0}, rows, true, cont, &m0, diags);
    bool try_fewer = m0.spaced > PB_SPACED_MAX && t->variable_columns;
    for (int w = 1; w <= tb.cols; w++)
      for (int lv = 0; lv < 3; lv++)
        for (int form = 0; form < 3 * FIG_STEPS + 1; form++) {
          /* photos change only where there are photos, spans only where
           * the module has columns to spare; text alone may be set in one
           * text column fewer (the last form); a continuation is set as
           * it is */
          int sp = form < 3 * FIG_STEPS ? form / FIG_STEPS : 1, d = form % FIG_STEPS;
          bool fewer = form == 3 * FIG_STEPS;
          if (fewer ? !try_fewer || c->has_photo || w < 2 || cont || lv != 1
                    : (!c->has_photo && (fig_deltas[d] != 0 || sp != 1)) || (sp == 0 && w == 1) ||
                        (sp == 2 && w <= 2))
            continue;
          /* looser or tighter text only with the photo as it is */
          if ((cont || (c->has_photo && (sp != 1 || fig_deltas[d] != 0))) && lv != 1)
            continue;
          pb_variant v = {fewer ? 0 : fig_deltas[d], fewer ? 0 : sp - 1, lv - 1, 0, 0, fewer};
          pb_measure m;
          pb_flow_measure (L, c->article, w, &v, rows, true, cont, &m, diags);
          if (m.rows == INT32_MAX || c->n_shapes[w] == MAX_SHAPES)
            continue;
          c->shapes[w][c->n_shapes[w]++] = (shape) {v, m.rows, m.used_cells, m.spaced};
        }
    for (int w = 1; w <= tb.cols; w++)
      prune (&t->weights, c, w);
  }
  /* when not everything fits, the lowest priorities wait (reported) */
  size_t cells = (size_t) (tb.n + 1) * (size_t) (tb.n + 1) * (size_t) (tb.cols + 1) * (size_t) (rows + 1);
  tb.t = pb_calloc (cells, sizeof (cell));
  int n_all = tb.n;
  while (tb.t && tb.n > 0) {
    solve (&tb);
    if (at (&tb, 0, tb.n, tb.cols, rows)->cost < INF)
      break;
    tb.n--;
  }
  for (int i = tb.n; i < n_all; i++)
    pb_warning (diags, "unplaced", src->pos,
                "article '%s' does not fit in the free area of page %d (%d columns × %d lines) "
                "with the others; it is not placed", L->edition->articles[tb.c[i].article]->id,
                src->number, tb.cols, rows);
  placed pl[MAX_ARTICLES];
  int np = 0;
  if (tb.t && tb.n > 0)
    collect (&tb, 0, tb.n, 1, r0, tb.cols, rows, pl, &np);
  int white = 0;
  for (int i = 0; i < np; i++) {
    const placed *p = &pl[i];
    pb_grid_rect r = {p->col, p->row, p->cols, p->rows, true, src->pos};
    bool below = p->row + p->rows - 1 < page_rows;
    pb_flow_article (L, page_index, p->article, &r, below, &p->v, p->pl, diags);
    int module_white = p->white;
    white += module_white;
    pb_dl_page *page = &L->pages.v[page_index];
    pb_flow_module_rules (L, page, t, pb_template_grid_top (t, src->number), &r, below);
    pb_note (diags, "composed", src->pos, "page %d: '%s' set automatically at col %d row %d, %d × %d, %d white cells%s%s%s%s%s%s",
             src->number, L->edition->articles[p->article]->id, p->col, p->row, p->cols, p->rows, module_white,
             p->v.fig_delta ? (p->v.fig_delta > 0 ? _(", photo taller") : _(", photo shorter")) : "",
             p->v.fig_span ? (p->v.fig_span > 0 ? _(", photo wider") : _(", photo narrower")) : "",
             p->v.looseness ? (p->v.looseness > 0 ? _(", text set looser") : _(", text set tighter")) : "",
             p->v.head_step ? (p->v.head_step > 0 ? _(", headline larger") : _(", headline smaller")) : "",
             p->v.head_pad ? _(", headline block opened up") : "",
             p->v.fewer_cols ? _(", text in wider columns (变栏)") : "");
  }
  /* white a reader sees: a module's columns end together (balanced), so
   * its white cells stand as a blank block at its foot */
  for (int i = 0; i < np; i++) {
    int blank = pl[i].white / pl[i].cols;
    if (blank > PB_COMPOSE_MAX_BLANK_ROWS)
      pb_warning (diags, "white", pl[i].pl->pos,
                  "page %d: '%s' leaves a blank of about %d lines at the foot of its module (col %d row %d, %d × %d): "
                  "add copy or a photo, or place the page by hand", src->number,
                  L->edition->articles[pl[i].article]->id, blank, pl[i].col, pl[i].row, pl[i].cols, pl[i].rows);
  }
  int page_cells = tb.cols * page_rows;
  if (white * 1000 > page_cells * PB_COMPOSE_MAX_WHITE_PERMILLE)
    pb_warning (diags, "white", src->pos,
                "page %d is composed with %d white grid cells, %.1f %% of the page (more than %d %%): add copy "
                "or photos, or let more articles onto it", src->number, white, 100.0 * white / page_cells,
                PB_COMPOSE_MAX_WHITE_PERMILLE / 10);
  clock_gettime (CLOCK_MONOTONIC, &t1);
  pb_compose_record rec = {src->number, rows * tb.cols, white,
                           (double) (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9};
  PB_VEC_PUSH (L->compositions, rec);
  free (tb.t);
  free (tb.c);
}
