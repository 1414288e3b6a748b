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
 *                 lines at width w — its first photo may grow or shrink a
 *                 few lines to fill (copy-fitting) — plus penalties;
 *   a cut:        min over k and the cut position of the two parts.
 *
 * Penalties: white space (one per grid cell), a lead story narrower than
 * the page, photos moved away from their natural size, and headlines side
 * by side at the same height (a vertical cut not beside the lead). */
#include "flow/flow.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define INF (INT32_MAX / 4)
#define MAX_ARTICLES 16
#define FIG_STEPS 11     /* photo changes tried: −4 … +12 lines */

static const int fig_deltas[FIG_STEPS] = {-4, -3, -2, -1, 0, 1, 2, 3, 5, 8, 12};

typedef struct {
  int article;           /* index in the edition */
  const pb_placement *pl;
  bool lead;
  bool has_photo;
  /* need[w][d]: lines needed at width w with photo change fig_deltas[d] */
  int need[3][PB_MAX_COLUMNS + 1][FIG_STEPS];  /* [looseness + 1] */
  int used[3][PB_MAX_COLUMNS + 1][FIG_STEPS];  /* cells holding something */
  int top[PB_MAX_COLUMNS + 1];   /* lines of its headline block per width */
} cand;

typedef struct {
  int cost;
  signed char how;       /* 0 leaf, 1 horizontal cut, 2 vertical cut */
  unsigned char k;       /* split: [i, k) and [k, j) */
  short at;              /* cut position: rows (horizontal) or columns */
  signed char d;         /* leaf: photo change index */
  signed char loose;     /* leaf: body looseness −1, 0, +1 */
} cell;

typedef struct {
  int n, cols, rows;
  cand c[MAX_ARTICLES];
  cell *t;               /* [i][j][w][h] */
} table;

static cell *
at (table *tb, int i, int j, int w, int h)
{
  size_t n = (size_t) tb->n + 1;
  return &tb->t[(((size_t) i * n + (size_t) j) * ((size_t) tb->cols + 1) + (size_t) w) *
                  ((size_t) tb->rows + 1) + (size_t) h];
}

static void
leaf (table *tb, int i, int w, int h, cell *out)
{
  const cand *c = &tb->c[i];
  out->cost = INF;
  out->how = 0;
  for (int lv = 0; lv < 3; lv++)
  for (int d = 0; d < FIG_STEPS; d++) {
    if (!c->has_photo && fig_deltas[d] != 0)
      continue;
    int need = c->need[lv][w][d];
    if (need > h)
      continue;
    int cost = h * w - c->used[lv][w][d];          /* white cells */
    cost += lv != 1 ? w / 2 : 0;                   /* text set looser or tighter */
    /* a module's columns want some depth: a short story set across many
     * columns reads as a ribbon */
    int depth = h - c->top[w];
    if (depth < 14)
      cost += (14 - depth) * w * 3;
    cost += abs (fig_deltas[d]) * w / 4;           /* photo off its size */
    if (c->lead) {
      /* the lead story is dominant: at least half the page wide, wide
       * rather than tall */
      if (2 * w < tb->cols)
        continue;
      cost += (tb->cols - w) * 10;
    }
    if (cost < out->cost) {
      out->cost = cost;
      out->d = (signed char) d;
      out->loose = (signed char) (lv - 1);
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
            int tomb = i == 0 ? 0 : 2 * w;
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
  int article, col, row, cols, rows, delta, loose;
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
      out[(*n)++] = (placed) {tb->c[s.i].article, s.col, s.row, s.w, s.h, fig_deltas[c->d], c->loose,
                              tb->c[s.i].pl};
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
  tb.rows = rows;
  /* the articles to compose, lead story (highest priority) first */
  for (int p = 1; p <= 5; p++)
    for (size_t i = 0; i < src->n_placements; i++) {
      const pb_placement *pl = &src->placements[i];
      if (pl->at.set || pl->article->priority != p)
        continue;
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
  if (tb.n == 0 || rows < 4)
    return;
  for (int i = 0; i < tb.n; i++)
    for (int w = 1; w <= tb.cols; w++) {
      pb_flow_measure (L, tb.c[i].article, w, 0, 0, rows, true, tb.c[i].pl->continued_from != 0, NULL);
      const pb_article_prep *pr = &L->preps[tb.c[i].article];
      tb.c[i].top[w] = tb.c[i].pl->continued_from ? pr->cont_top[w] : pr->top[w];
    }
  for (int i = 0; i < tb.n; i++)
    for (int lv = 0; lv < 3; lv++)
      for (int w = 1; w <= tb.cols; w++)
        for (int d = 0; d < FIG_STEPS; d++)
          tb.c[i].need[lv][w][d] =
            (tb.c[i].has_photo || fig_deltas[d] == 0) && !(lv != 1 && tb.c[i].pl->continued_from)
              ? pb_flow_measure (L, tb.c[i].article, w, fig_deltas[d], lv - 1, rows, true,
                                 tb.c[i].pl->continued_from != 0, &tb.c[i].used[lv][w][d])
              : INT32_MAX;
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
    pb_flow_article (L, page_index, p->article, &r, below, p->delta, p->loose, p->pl, diags);
    int d = 0, module_white = 0;
    while (d < FIG_STEPS && fig_deltas[d] != p->delta)
      d++;
    for (int c = 0; c < tb.n; c++)
      if (tb.c[c].article == p->article && d < FIG_STEPS)
        module_white = p->rows * p->cols - tb.c[c].used[p->loose + 1][p->cols][d];
    white += module_white;
    pb_dl_page *page = &L->pages.v[page_index];
    pb_flow_module_rules (L, page, t, pb_template_grid_top (t, src->number), &r, below);
    pb_note (diags, "composed", src->pos, "page %d: '%s' set automatically at col %d row %d, %d × %d, %d white cells%s%s",
             src->number, L->edition->articles[p->article]->id, p->col, p->row, p->cols, p->rows, module_white,
             p->delta ? (p->delta > 0 ? ", photo taller" : ", photo shorter") : "",
             p->loose ? (p->loose > 0 ? ", text set looser" : ", text set tighter") : "");
  }
  clock_gettime (CLOCK_MONOTONIC, &t1);
  pb_compose_record rec = {src->number, rows * tb.cols, white,
                           (double) (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9};
  PB_VEC_PUSH (L->compositions, rec);
  free (tb.t);
}
