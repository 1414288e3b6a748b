/* Knuth–Plass total-fit line breaking over atoms and gaps.
 *
 * A line from atom s to atom e has natural width Σ atoms + Σ gaps inside;
 * its adjustment ratio r = (width − natural) / stretch (or / shrink when
 * negative).  Demerits = (line_penalty + badness)² + penalty², plus a
 * charge when adjacent lines fall in fitness classes more than one apart,
 * for hyphens on two lines in a row or on the last line but one, and
 * one for a 孤字; the costs are pb_break_costs (doc.h), set by the
 * layout.  A first pass admits r ≤ tolerance; when it finds no way
 * through (or only one ending in 孤字), a second admits any stretch; a
 * line that cannot shrink enough (one unbreakable word wider than the
 * measure) is taken overfull as a last resort. */
#include "text/text.h"

#include <math.h>
#include <stdlib.h>

typedef struct {
  size_t pos;       /* atom index + 1 where the next line starts */
  size_t line;      /* lines so far */
  int fitness;
  double demerits;
  size_t prev;      /* node index, SIZE_MAX at the start */
} bnode;

typedef PB_VEC (bnode) bnode_vec;

typedef struct {
  /* prefix sums before atom i: widths, preferred stretch (Latin spaces,
   * Han–Latin gaps, marks), stretch between ideographs, shrink */
  int64_t *w, *st, *sti, *sh, *shx;
} prefix;

static int
fitness_of (double r)
{
  if (r < -0.5)
    return 0;
  if (r <= 0.5)
    return 1;
  if (r <= 1.0)
    return 2;
  return 3;
}

static void
line_measure (const prefix *p, const pb_atom *atoms, const pb_gap *gaps, size_t s, size_t e,
              int64_t *nat, int64_t *st, int64_t *sti, int64_t *sh, int64_t *shx)
{
  /* atoms s..e and gaps s..e-1; trailing spaces do not count */
  while (e > s && atoms[e].cls == PB_CC_SPACE)
    e--;
  /* a line that ends inside a hyphenated word carries the hyphen */
  *nat = p->w[e + 1] - p->w[s] - gaps[e].natural - atoms[e].end_trim - atoms[s].start_trim + gaps[e].hyphen;
  /* a mark at the line's end may keep its blank before ideographs open
   * up (build_line): preferred stretch */
  *st = p->st[e] - p->st[s] + atoms[e].end_trim;
  *sti = p->sti[e] - p->sti[s];
  *sh = p->sh[e] - p->sh[s];
  *shx = p->shx[e] - p->shx[s];
  (void) gaps;
}

/* One pass of the breaker.  Returns the best final node (SIZE_MAX: none;
 * *found false); *failed set when memory ran out (never a silent cut). */
static size_t
run_pass (const pb_atom *atoms, const pb_gap *gaps, size_t n, const pb_fixed *widths,
          size_t n_widths, bool justify, double tolerance, const prefix *p, bnode_vec *pool,
          bool rescue, double per_line, const pb_break_costs *c, bool *found, bool *failed)
{
  PB_VEC (size_t) active = {0};
  pool->n = 0;
  bnode start = {0, 0, 1, 0, SIZE_MAX};
  *found = false;
  if (!PB_VEC_PUSH (*pool, start) || !PB_VEC_PUSH (active, 0)) {
    PB_VEC_FREE (active);
    *failed = true;
    return SIZE_MAX;
  }
  size_t best_final = SIZE_MAX;
  for (size_t j = 0; j < n; j++) {
    bool final = j == n - 1;
    if (!final && !gaps[j].can_break)
      continue;
    double best[4] = {INFINITY, INFINITY, INFINITY, INFINITY};
    size_t from[4] = {SIZE_MAX, SIZE_MAX, SIZE_MAX, SIZE_MAX};
    size_t removed = SIZE_MAX;
    for (size_t k = 0; k < active.n;) {
      bnode *a = &pool->v[active.v[k]];
      size_t s = a->pos;
      pb_fixed width = widths[a->line < n_widths ? a->line : n_widths - 1];
      int64_t nat, st, sti, sh, shx;
      line_measure (p, atoms, gaps, s, j, &nat, &st, &sti, &sh, &shx);
      double r;
      int64_t delta = width - nat;
      if (!justify) {
        /* ragged: every line may be short; prefer balanced lines */
        r = delta >= 0 ? (double) delta / (double) (width > 0 ? width : 1) * 2.0
                       : (sh > 0 && -delta <= sh ? (double) delta / (double) sh : -INFINITY);
      } else if (delta > 0) {
        if (final)
          r = 0; /* the last line is set solid */
        else if (delta > st && pb_ends_in_address (atoms, gaps, n, j))
          /* a piece of an address ends the line: what the preferred
           * stretch leaves is left at the line's end (build_line) */
          r = 1.0 + c->flush_short * (double) (delta - st) / (double) (width > 0 ? width : 1);
        else if (delta <= st)
          r = (double) delta / (double) st;
        else if (sti > 0) /* space between ideographs costs as much as a loose line */
          r = 1.0 + (double) (delta - st) / (double) sti;
        else if (st > 0) /* Latin words: their spaces stretch further, at a
                            cost that grows as TeX's (100 r³), never the
                            infinite cost that sets a word alone on a line */
          r = (double) delta / (double) st;
        else /* a word alone, or a piece of one: the very last resort */
          r = INFINITY;
      } else if (delta < 0) {
        /* shrinking: the ordinary shrink down to r = −1, then the last
         * resort (Han–Latin gaps down to nothing) costs like −1 … −2 */
        if (-delta <= sh)
          r = (double) delta / (double) (sh > 0 ? sh : 1);
        else if (-delta <= sh + shx)
          r = -1.0 - (double) (-delta - sh) / (double) shx;
        else
          r = -INFINITY;
      } else
        r = 0;
      if (r < -2) {
        removed = active.v[k];
        active.v[k] = active.v[--active.n];
        continue;
      }
      k++;
      if (r > tolerance)
        continue;
      /* badness keeps growing past TeX's 10000 so that, when nothing is
       * good, the least bad line still wins */
      double badness = isinf (r) ? c->badness_cap : 100.0 * fabs (r) * r * r;
      if (badness > c->badness_cap)
        badness = c->badness_cap;
      double pen = gaps[j].penalty;
      double d = (c->line_penalty + badness) * (c->line_penalty + badness) + pen * pen + per_line;
      int fit = fitness_of (r);
      if (abs (fit - a->fitness) > 1)
        d += c->adj_demerits;
      /* hyphens: not on two lines in a row, nor on the last line but one */
      bool hyphen_before = s > 0 && gaps[s - 1].hyphen > 0;
      if (hyphen_before && !final && gaps[j].hyphen > 0)
        d += c->double_hyphen;
      if (hyphen_before && final)
        d += c->final_hyphen;
      if (final && a->line > 0 && justify) {
        /* 孤字: a last line of one character (or one plus punctuation) */
        int chars = 0;
        for (size_t q = s; q < n && chars < 2; q++)
          chars += atoms[q].counts;
        if (chars < 2)
          d += c->orphan;
      }
      d += a->demerits;
      if (d < best[fit]) {
        best[fit] = d;
        from[fit] = (size_t) (a - pool->v);
      }
    }
    bool added = false;
    for (int f = 0; f < 4; f++) {
      if (from[f] == SIZE_MAX)
        continue;
      bnode nb = {j + 1, pool->v[from[f]].line + 1, f, best[f], from[f]};
      if (!PB_VEC_PUSH (*pool, nb)) {
        *failed = true;
        break;
      }
      added = true;
      if (final) {
        if (best_final == SIZE_MAX || nb.demerits < pool->v[best_final].demerits)
          best_final = pool->n - 1;
      } else if (active.n < PB_MAX_BREAK_ACTIVE) {
        if (!PB_VEC_PUSH (active, pool->n - 1))
          *failed = true;
      } else {
        /* at the cap (a pathological paragraph), the new node takes the
         * place of the worst active one when it is better: the search is
         * narrower, nothing is cut */
        size_t worst = 0;
        for (size_t k = 1; k < active.n; k++)
          if (pool->v[active.v[k]].demerits > pool->v[active.v[worst]].demerits)
            worst = k;
        if (nb.demerits < pool->v[active.v[worst]].demerits)
          active.v[worst] = pool->n - 1;
      }
    }
    if (!added && active.n == 0 && removed != SIZE_MAX && rescue && !*failed) {
      /* Nothing fits: take this line overfull rather than lose text. */
      bnode nb = {j + 1, pool->v[removed].line + 1, 1, pool->v[removed].demerits + c->overfull, removed};
      if (PB_VEC_PUSH (*pool, nb)) {
        if (final)
          best_final = pool->n - 1;
        else if (!PB_VEC_PUSH (active, pool->n - 1))
          *failed = true;
      } else
        *failed = true;
    }
    if (*failed)
      break;
  }
  PB_VEC_FREE (active);
  *found = !*failed && best_final != SIZE_MAX;
  return *found ? best_final : SIZE_MAX;
}

/* Follows the chain of nodes back from `last` into breaks[]. */
static size_t
trace (const bnode_vec *pool, size_t last, size_t *breaks)
{
  size_t count = 0;
  for (size_t k = last; k != SIZE_MAX && pool->v[k].prev != SIZE_MAX; k = pool->v[k].prev)
    count++;
  size_t i = count;
  for (size_t k = last; k != SIZE_MAX && pool->v[k].prev != SIZE_MAX; k = pool->v[k].prev)
    breaks[--i] = pool->v[k].pos - 1;
  return count;
}

size_t
pb_break_paragraph (const pb_atom *atoms, const pb_gap *gaps, size_t n, const pb_fixed *widths,
                    size_t n_widths, bool justify, int looseness, const pb_break_costs *c,
                    size_t *breaks)
{
  if (n == 0)
    return 0;
  bool failed = false;
  prefix p = {.w = pb_calloc (n + 1, sizeof (int64_t)), .st = pb_calloc (n + 1, sizeof (int64_t)),
              .sti = pb_calloc (n + 1, sizeof (int64_t)), .sh = pb_calloc (n + 1, sizeof (int64_t)),
              .shx = pb_calloc (n + 1, sizeof (int64_t))};
  bnode_vec pool = {0};
  size_t count = 0;
  if (!p.w || !p.st || !p.sti || !p.sh || !p.shx) {
    failed = true;
    goto done;
  }
  for (size_t i = 0; i < n; i++) {
    pb_fixed g = i + 1 < n ? gaps[i].natural : 0;
    p.w[i + 1] = p.w[i] + atoms[i].width + g;
    bool ideo = i + 1 < n && gaps[i].prio == PB_PRIO_IDEO;
    p.st[i + 1] = p.st[i] + (i + 1 < n && !ideo ? gaps[i].stretch : 0);
    p.sti[i + 1] = p.sti[i] + (ideo ? gaps[i].stretch : 0) + (i + 1 < n ? gaps[i].extra : 0);
    p.sh[i + 1] = p.sh[i] + (i + 1 < n ? gaps[i].shrink : 0);
    p.shx[i + 1] = p.shx[i] + (i + 1 < n ? gaps[i].extra_shrink : 0);
  }
  bool found = false;
  if (looseness && justify) {
    /* copy-fitting: a bonus (or a cost) for every line, within r ≤ 1 —
     * stretch that leaves the ideographs alone — and r ≥ −1 */
    double per_line = looseness > 0 ? -c->loose_line : c->loose_line;
    size_t last = run_pass (atoms, gaps, n, widths, n_widths, justify, c->loose_ratio, &p, &pool, false,
                            per_line, c, &found, &failed);
    if (found && pool.v[last].demerits - per_line * (double) pool.v[last].line < c->orphan) {
      count = trace (&pool, last, breaks);
      goto done;
    }
    found = false;
  }
  if (failed)
    goto done;
  size_t last = run_pass (atoms, gaps, n, widths, n_widths, justify, c->tolerance, &p, &pool, false, 0, c,
                          &found, &failed);
  double demerits = found ? pool.v[last].demerits : INFINITY;
  if (found)
    count = trace (&pool, last, breaks);
  /* no way through within the tolerance, or only one ending in 孤字:
   * try again admitting any ratio, and keep the better */
  if (!failed && (!found || demerits >= c->orphan)) {
    bool again = false;
    size_t l2 = run_pass (atoms, gaps, n, widths, n_widths, justify, INFINITY, &p, &pool, true, 0, c, &again,
                          &failed);
    if (again && pool.v[l2].demerits < demerits) {
      count = trace (&pool, l2, breaks);
      found = true;
    }
  }
  if (!found && !failed) {
    /* cannot happen: the rescue pass always ends the paragraph */
    breaks[0] = n - 1;
    count = 1;
  }
done:
  if (failed)
    count = 0; /* out of memory: the caller fails, nothing is set */
  free (p.w);
  free (p.st);
  free (p.sti);
  free (p.sh);
  free (p.shx);
  PB_VEC_FREE (pool);
  return count;
}

size_t
pb_break_first_fit (const pb_atom *atoms, const pb_gap *gaps, size_t n, const pb_fixed *widths,
                    size_t n_widths, size_t *breaks)
{
  size_t count = 0, s = 0;
  while (s < n) {
    pb_fixed width = widths[count < n_widths ? count : n_widths - 1];
    int64_t nat = 0, shrink = 0;
    size_t last_ok = SIZE_MAX;
    size_t j;
    for (j = s; j < n; j++) {
      nat += atoms[j].width;
      if (j + 1 == n) {
        last_ok = j;
        break;
      }
      if (gaps[j].can_break && nat - atoms[j].end_trim + gaps[j].hyphen - shrink <= width)
        last_ok = j;
      if (nat - shrink > width + atoms[j].width && last_ok != SIZE_MAX)
        break;
      nat += gaps[j].natural;
      shrink += gaps[j].shrink;
    }
    if (last_ok == SIZE_MAX)
      last_ok = j < n ? j : n - 1;
    breaks[count++] = last_ok;
    s = last_ok + 1;
  }
  return count;
}
