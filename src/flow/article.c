/* One article in its module: headline block across the module, byline,
 * figures at the top of the body, body text in columns on the baseline
 * grid, balanced; overset reported, never cut. */
#include "flow/flow.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef enum { SLOT_BODY, SLOT_SUBHEAD } slot_kind;

typedef struct {
  slot_kind kind;
  const pb_line *line;
  int block;
  int rows;
  pb_fixed dy;               /* baseline offset within its rows */
  bool keep_with_next;
  bool para_last;            /* the last line of a paragraph */
} slot;

typedef PB_VEC (slot) slot_vec;

#define PB_MIN_UNDER_PHOTO 4  /* lines of text under a photo, when any */

typedef struct {
  pb_layout *L;
  const pb_template *t;
  pb_article *a;
  int index;                 /* article index */
  pb_diagnostics *diags;
  bool measuring;            /* a trial setting: report nothing */
  int jump_from;             /* a jump's continuation: continued from that page */
  int looseness;             /* copy-fitting of the body: −1, 0, +1 */
  int head_step;             /* headline size steps up (+) or down from its priority's */
} ctx;

static const pb_style *
st (const ctx *c, pb_role r)
{
  return &c->t->style[r];
}

static pb_fixed
leading_of (const pb_style *s, int percent)
{
  return s->leading ? s->leading : s->size * percent / 100;
}

/* Sets a paragraph; its missing glyphs counted (not while measuring). */
/* What decides how a paragraph is set, as a memo key (zeroed, then
 * filled: its padding compares).  Texts are the edition's or the layout
 * arena's (never freed before the layout), so their addresses name them;
 * spans and styles may be copies on the stack (a credit's span, a
 * headline's trial size), so their contents do. */
typedef struct {
  const char *text;
  size_t len;
  uint64_t spans;             /* FNV-1a of the spans' fields */
  size_t n_spans;
  const char *family, *credit_family;
  pb_fixed size, leading, credit_size, width;
  int weight, credit_weight, looseness;
  pb_align align;
  pb_lang lang;
  const pb_typo *typo;
  double indent_em;
  bool break_at_spaces, comma_as_space, first_fit;
} measured_key;

static pb_para *
set_spec (const ctx *c, const pb_para_spec *spec, pb_pos pos)
{
  /* measuring (nothing reported) the same setting again: the same lines
   * (per-line measures are the caller's array: not remembered) */
  measured_key k;
  bool memo = c->measuring && !spec->line_widths;
  if (memo) {
    memset (&k, 0, sizeof k);
    const pb_style *cs = spec->credit_style;
    k.text = spec->text;
    k.len = spec->len;
    k.spans = 1469598103934665603ull;
    for (size_t i = 0; i < spec->n_spans; i++) {
      uint64_t f[3] = {spec->spans[i].start, spec->spans[i].end, spec->spans[i].flags};
      for (int j = 0; j < 3; j++)
        k.spans = (k.spans ^ f[j]) * 1099511628211ull;
    }
    k.n_spans = spec->n_spans;
    k.family = spec->style->family[spec->lang];
    k.size = spec->style->size;
    k.leading = spec->style->leading;
    k.weight = spec->style->weight;
    k.credit_family = cs ? cs->family[spec->lang] : NULL;
    k.credit_size = cs ? cs->size : 0;
    k.credit_weight = cs ? cs->weight : 0;
    k.width = spec->width;
    k.looseness = spec->looseness;
    k.align = spec->align;
    k.lang = spec->lang;
    k.typo = spec->typo;
    k.indent_em = spec->indent_em;
    k.break_at_spaces = spec->break_at_spaces;
    k.comma_as_space = spec->comma_as_space;
    k.first_fit = spec->first_fit;
    if (!c->L->measured)
      c->L->measured = pb_memo_create (sizeof k);
    pb_para *known = pb_memo_get (c->L->measured, &k);
    if (known)
      return known;
  }
  pb_para *p = pb_text_set (c->L->engine->fonts, spec, c->L->arena, pos, c->measuring ? NULL : c->diags);
  if (p && !c->measuring)
    c->L->missing_glyphs += p->missing_glyphs;
  if (p && memo)
    pb_memo_put (c->L->measured, &k, p); /* not kept when out of memory: set again */
  return p;
}

static pb_para *
set_para (const ctx *c, const char *text, size_t len, const pb_span *spans, size_t n_spans,
          const pb_style *style, pb_fixed width, pb_align align, double indent, pb_pos pos)
{
  pb_para_spec spec = {
    .text = text, .len = len, .spans = spans, .n_spans = n_spans, .style = style,
    .lang = c->a->lang, .width = width, .align = align, .indent_em = indent,
    .break_at_spaces = align != PB_ALIGN_JUSTIFY, .typo = &c->t->typo[c->a->lang],
  };
  return set_spec (c, &spec, pos);
}

/* The headline in style hs: its commas set as spaces where the layout
 * says so (typography: headline_comma: space). */
static pb_para *
set_headline (const ctx *c, const pb_style *hs, pb_fixed width)
{
  const pb_typo *typo = &c->t->typo[c->a->lang];
  pb_para_spec spec = {
    .text = c->a->headline, .len = strlen (c->a->headline), .style = hs, .lang = c->a->lang, .width = width,
    .align = hs->align, .break_at_spaces = hs->align != PB_ALIGN_JUSTIFY, .typo = typo,
    .comma_as_space = typo->headline_comma_space,
  };
  return set_spec (c, &spec, c->a->headline_pos);
}

/* The byline in width w: names, so a line ends only at its spaces. */
static pb_para *
set_byline (const ctx *c, pb_fixed w)
{
  const pb_style *s = st (c, PB_ROLE_BYLINE);
  pb_span names = {0, strlen (c->a->byline), PB_SPAN_NAMES};
  return set_para (c, c->a->byline, names.end, &names, 1, s, w, s->align, 0, c->a->byline_pos);
}

static void
add_region (pb_layout *L, pb_dl_page *page, int article, pb_fixed x, pb_fixed y, pb_fixed w, pb_fixed h)
{
  pb_region r = {article, x, y, w, h};
  PB_VEC_PUSH (page->regions, r);
}

/* The regions of the body text: per column, from its first line to its
 * last, to half the gutter on the right (a mark's blank may stand past
 * the column); neighbouring columns with the same extent merge. */
static void
add_column_regions (const ctx *c, const pb_column *cols, size_t ncols, const int *col_of,
                    const int *row_of, const slot *s, size_t from, size_t to)
{
  const pb_template *t = c->t;
  int lo[PB_MAX_COLUMNS], hi[PB_MAX_COLUMNS];
  for (size_t k = 0; k < ncols; k++)
    lo[k] = INT32_MAX, hi[k] = -1;
  for (size_t i = from; i < to; i++) {
    int k = col_of[i];
    if (row_of[i] < lo[k])
      lo[k] = row_of[i];
    if (row_of[i] + (s[i].rows ? s[i].rows : 1) > hi[k])
      hi[k] = row_of[i] + (s[i].rows ? s[i].rows : 1);
  }
  for (size_t k = 0; k < ncols;) {
    if (hi[k] < 0) {
      k++;
      continue;
    }
    size_t e = k + 1;
    while (e < ncols && cols[e].page_index == cols[k].page_index && hi[e] >= 0 &&
           cols[e].y + lo[e] * t->pitch == cols[k].y + lo[k] * t->pitch &&
           cols[e].y + hi[e] * t->pitch == cols[k].y + hi[k] * t->pitch)
      e++;
    pb_fixed x0 = cols[k].x, x1 = cols[e - 1].x + cols[e - 1].w + t->gutter / 2 - PB_PT (1);
    add_region (c->L, &c->L->pages.v[cols[k].page_index], c->index, x0, cols[k].y + lo[k] * t->pitch,
                x1 - x0, (hi[k] - lo[k]) * t->pitch);
    k = e;
  }
}

/* ---- headline block ---- */

/* The size a headline starts from (set_heads steps down from it): its
 * priority's, stepped, and no wider than the module holds at 6
 * characters a line. */
static pb_fixed
headline_start (const ctx *c, pb_fixed width)
{
  int level = c->jump_from ? 5 : c->a->priority - c->head_step;
  pb_fixed size = c->t->headline_size[level < 1 ? 1 : level > 5 ? 5 : level];
  return size * 6 > width ? width / 6 : size;
}

/* A jump's lines in the article's language (typography, not messages):
 * where the story goes on (转版 at the foot of its first part) and where
 * it came from (over its continuation); Japanese papers say 面 for a page. */
static const struct {
  const char *to, *from;
} jump_words[PB_LANG_COUNT] = {
  [PB_LANG_ZH_HANS] = {"下转第%d版", "上接第%d版"},
  [PB_LANG_ZH_HANT] = {"下轉第%d版", "上接第%d版"},
  [PB_LANG_JA] = {"%d面へ続く", "%d面から続く"},
  [PB_LANG_EN] = {"Continued on page %d", "Continued from page %d"},
};

/* Sets kicker, headline and deck from y down; returns the block height.
 * The headline steps down in size until it takes at most max_lines. */
static pb_fixed
set_heads (const ctx *cc, pb_dl_page *page, pb_fixed x, pb_fixed y, pb_fixed width, bool draw)
{
  ctx trial = *cc;
  trial.measuring = true;
  const ctx *c = draw ? cc : &trial;
  pb_fixed y0 = y;
  pb_pos pos = c->a->pos;
  y += c->t->pitch / 3;
  size_t first_item = page ? page->items.n : 0;
  /* a jump's continuation: 上接第M版 over the headline, set smaller */
  const char *kicker = c->jump_from ? pb_arena_printf (c->L->arena, jump_words[c->a->lang].from, c->jump_from)
                                    : c->a->kicker;
  if (kicker) {
    const pb_style *s = st (c, PB_ROLE_KICKER);
    pb_para *p = set_para (c, kicker, strlen (kicker), NULL, 0, s, width, s->align, 0,
                           c->jump_from ? pos : c->a->kicker_pos);
    for (size_t i = 0; p && i < p->n_lines; i++) {
      pb_fixed lead = leading_of (s, 135);
      if (draw) {
        size_t n0 = page->items.n;
        pb_dl_add_line_as (c->L, page, &p->lines[i], kicker, x, y + s->size * 88 / 100, c->index, -1,
                           PB_ROLE_KICKER);
        for (size_t k = n0; c->jump_from && k < page->items.n; k++)
          page->items.v[k].link = c->a->id; /* back to the story's start */
      }
      y += lead;
    }
  }
  pb_style hs = *st (c, PB_ROLE_HEADLINE);
  hs.size = headline_start (c, width);
  pb_fixed body = st (c, PB_ROLE_BODY)->size;
  int cols = (int) ((width + c->t->gutter) / (c->t->column_w + c->t->gutter));
  int max_lines = cols <= 1 ? 3 : 2;
  /* a headline never gets smaller than its deck (nor than 1.3 body): at
   * that size it takes the lines it needs */
  pb_fixed floor = body * 13 / 10;
  if (c->a->n_deck && !c->jump_from && st (c, PB_ROLE_DECK)->size > floor)
    floor = st (c, PB_ROLE_DECK)->size;
  pb_para *hp = NULL;
  for (;;) {
    /* the trial sizes report nothing; the size chosen is set once more */
    ctx step = *c;
    step.measuring = true;
    hp = set_headline (&step, &hs, width);
    if (!hp || hs.size * 9 / 10 < floor ||
        (hp->n_lines <= (size_t) max_lines && hp->word_splits == 0))
      break;
    hs.size = hs.size * 9 / 10;
  }
  if (hp && !c->measuring) {
    hp = set_headline (c, &hs, width);
    /* shrunk below every headline size the layout has: the desk should
     * shorten it or give the story more columns */
    pb_fixed smallest = c->t->headline_size[5];
    for (int k = 1; k < 5; k++)
      smallest = c->t->headline_size[k] < smallest ? c->t->headline_size[k] : smallest;
    if (hp && !c->jump_from && (hs.size < smallest || hp->n_lines > (size_t) max_lines))
      pb_warning (c->diags, "headline", c->a->headline_pos,
                  "the headline of '%s' had to be set at %.1f pt in %zu lines to fit its width of %d grid "
                  "columns (the layout's smallest headline is %.1f pt); shorten it or give the story more "
                  "columns", c->a->id, PB_TO_PT (hs.size), hp->n_lines, cols, PB_TO_PT (smallest));
  }
  pb_fixed hlead = hs.size * 118 / 100;
  for (size_t i = 0; hp && i < hp->n_lines; i++) {
    if (draw)
      pb_dl_add_line_as (c->L, page, &hp->lines[i], c->a->headline, x, y + hs.size * 88 / 100, c->index, -1,
                         PB_ROLE_HEADLINE);
    y += hlead;
  }
  if (c->a->n_deck && !c->jump_from)
    y += c->t->pitch / 4;
  for (size_t d = 0; d < c->a->n_deck && !c->jump_from; d++) {
    const pb_style *s = st (c, PB_ROLE_DECK);
    const char *txt = c->a->deck[d];
    pb_para *p = set_para (c, txt, strlen (txt), NULL, 0, s, width, s->align, 0,
                           c->a->deck_pos ? c->a->deck_pos[d] : pos);
    for (size_t i = 0; p && i < p->n_lines; i++) {
      if (draw)
        pb_dl_add_line_as (c->L, page, &p->lines[i], txt, x, y + s->size * 88 / 100, c->index, -1, PB_ROLE_DECK);
      y += leading_of (s, 140);
    }
  }
  if (draw && page && first_item < page->items.n)
    page->items.v[first_item].dest = c->jump_from ? pb_arena_printf (c->L->arena, "%s-cont", c->a->id)
                                                  : c->a->id;
  return y - y0 + c->t->pitch / 4;
}

/* ---- slots ---- */

static bool
push_para_lines (slot_vec *out, const pb_para *p, int block, slot_kind kind, int rows, pb_fixed dy,
                 bool keep)
{
  for (size_t i = 0; p && i < p->n_lines; i++) {
    slot s = {kind, &p->lines[i], block, rows, dy, keep, i + 1 == p->n_lines};
    if (!PB_VEC_PUSH (*out, s))
      return false;
  }
  return true;
}

/* A body paragraph's spec at col_w: a signature alone flush right and
 * unindented (署名居右). */
static pb_para_spec
body_spec (const ctx *c, const pb_block *blk, pb_fixed col_w, const pb_typo *typo, int looseness)
{
  const pb_style *s = st (c, PB_ROLE_BODY);
  return (pb_para_spec) {
    .text = blk->text, .len = blk->len, .spans = blk->spans, .n_spans = blk->n_spans, .style = s,
    .lang = c->a->lang, .width = col_w, .align = blk->signature ? PB_ALIGN_RIGHT : s->align,
    .indent_em = blk->signature ? 0 : typo->indent >= 0 ? typo->indent : s->indent_em,
    .typo = typo, .looseness = looseness,
  };
}

/* The body's slots at a measure: out[0] as c->looseness says, or (all3)
 * out[0..2] at looseness −1, 0 and +1, each paragraph shaped once. */
static void
make_slots_n (const ctx *c, pb_fixed col_w, bool all3, slot_vec *out)
{
  const pb_template *t = c->t;
  int n = all3 ? 3 : 1;
  for (size_t b = 0; b < c->a->n_blocks; b++) {
    const pb_block *blk = &c->a->blocks[b];
    if (blk->kind == PB_BLOCK_PARAGRAPH) {
      pb_para_spec spec = body_spec (c, blk, col_w, &c->t->typo[c->a->lang], c->looseness);
      pb_diagnostics *d = c->measuring ? NULL : c->diags;
      pb_para *p[3] = {NULL, NULL, NULL};
      if (all3)
        pb_text_set_loose (c->L->engine->fonts, &spec, c->L->arena, blk->pos, d, p);
      else
        p[0] = pb_text_set (c->L->engine->fonts, &spec, c->L->arena, blk->pos, d);
      if (p[0] && !c->measuring)
        c->L->missing_glyphs += p[0]->missing_glyphs;
      for (int k = 0; k < n; k++)
        push_para_lines (&out[k], p[k], (int) b, SLOT_BODY, 1, 0, false);
    } else if (blk->kind == PB_BLOCK_SUBHEADING) {
      const pb_style *s = st (c, PB_ROLE_SUBHEADING);
      pb_para *p = set_para (c, blk->text, blk->len, blk->spans, blk->n_spans, s, col_w, s->align,
                             0, blk->pos);
      if (!p)
        continue;
      /* the subheading's lines are one unit of whole rows, with half a
       * row of space above, the text centred vertically in it */
      pb_fixed lead = leading_of (s, 130);
      pb_fixed block = (pb_fixed) p->n_lines * lead;
      int rows = (int) ((block + t->pitch / 2 + t->pitch - 1) / t->pitch);
      pb_fixed dy = (rows * t->pitch - block) / 2 + (lead - s->size) / 2 + s->size * 88 / 100 -
                    pb_flow_baseline_offset (t);
      for (size_t i = 0; i < p->n_lines; i++) {
        slot sl = {SLOT_SUBHEAD, &p->lines[i], (int) b, i == 0 ? rows : 0, dy + (pb_fixed) i * lead, true,
                   false};
        for (int k = 0; k < n; k++)
          PB_VEC_PUSH (out[k], sl);
      }
    }
  }
}

static void
make_slots (const ctx *c, pb_fixed col_w, slot_vec *out)
{
  make_slots_n (c, col_w, false, out);
}

/* Fills columns with slots from `from`, each column limited to `limit`
 * rows (balancing); col_of[i] receives the column of slot i, row_of[i]
 * its row.  Returns the index of the first slot that did not fit. */
static size_t
fill_ex (const slot *s, size_t from, size_t n, const pb_column *cols, size_t ncols, int limit, bool widows_kept,
         int *col_of, int *row_of)
{
  size_t i = from;
  for (size_t c = 0; c < ncols && i < n; c++) {
    /* limit is a common bottom, counted from the top of the body */
    int cap = cols[c].rows < limit - cols[c].top ? cols[c].rows : limit - cols[c].top;
    int used = 0;
    while (i < n) {
      if (s[i].rows == 0 && i > from) {
        /* a further line of a unit: with the line before it */
        col_of[i] = col_of[i - 1];
        row_of[i] = row_of[i - 1];
        i++;
        continue;
      }
      if (used + s[i].rows > cap)
        break;
      /* keep a subheading with the line after it — through any
       * subheadings that follow it (two in a row go with the text) */
      if (s[i].keep_with_next && used > 0) {
        int need = s[i].rows;
        size_t k = i + 1;
        for (;;) {
          while (k < n && s[k].rows == 0)
            k++;
          if (k >= n)
            break;
          need += s[k].rows;
          if (!s[k].keep_with_next)
            break;
          k++;
        }
        if (used + need > cap)
          break;
      }
      /* no column starts with an empty-looking subhead gap: fine */
      col_of[i] = (int) c;
      row_of[i] = used;
      used += s[i].rows;
      i++;
    }
    /* no widow: the last line of a paragraph does not stand alone at the
     * top of the next column; a line more goes with it */
    if (widows_kept && i < n && c + 1 < ncols && s[i].para_last && s[i].kind == SLOT_BODY && i > from &&
        s[i - 1].block == s[i].block && col_of[i - 1] == (int) c && row_of[i - 1] > 0)
      i--;
  }
  return i;
}

static size_t
fill (const slot *s, size_t from, size_t n, const pb_column *cols, size_t ncols, int limit, int *col_of,
      int *row_of)
{
  return fill_ex (s, from, n, cols, ncols, limit, true, col_of, row_of);
}

/* Places slots into columns, balanced: the lowest common bottom that
 * holds them all.  Returns the first slot that did not fit.  widows_kept:
 * a paragraph's last line is kept from the top of a column (fill). */
static size_t
place_balanced_ex (const slot *s, size_t from, size_t n, const pb_column *cols, size_t ncols, bool widows_kept,
                   int *col_of, int *row_of)
{
  int maxrows = 0;
  for (size_t c = 0; c < ncols; c++)
    if (cols[c].top + cols[c].rows > maxrows)
      maxrows = cols[c].top + cols[c].rows;
  size_t all = fill_ex (s, from, n, cols, ncols, maxrows, widows_kept, col_of, row_of);
  if (all < n)
    return all;
  int lo = 1, hi = maxrows;
  while (lo < hi) {
    int mid = (lo + hi) / 2;
    if (fill_ex (s, from, n, cols, ncols, mid, widows_kept, col_of, row_of) == n)
      hi = mid;
    else
      lo = mid + 1;
  }
  return fill_ex (s, from, n, cols, ncols, lo, widows_kept, col_of, row_of);
}

static size_t
place_balanced (const slot *s, size_t from, size_t n, const pb_column *cols, size_t ncols, int *col_of,
                int *row_of)
{
  return place_balanced_ex (s, from, n, cols, ncols, true, col_of, row_of);
}

/* How far the body columns of a placement end short of the deepest one,
 * in rows, summed over every column but the last used (the last may end
 * short: balanced columns); with fill_rows (a story that jumps), how far
 * every column ends short of its foot. */
/* Where each column's text of s[0..to) ends, in rows from the column's
 * own top (end[k]); returns the last column used (−1: none). */
static int
column_ends (const slot *s, size_t to, size_t ncols, const int *col_of, const int *row_of,
             int end[PB_MAX_COLUMNS])
{
  int last = -1;
  for (size_t k = 0; k < PB_MAX_COLUMNS; k++)
    end[k] = 0;
  for (size_t i = 0; i < to; i++) {
    int k = col_of[i], e = row_of[i] + (s[i].rows ? s[i].rows : 1);
    if (k < 0 || (size_t) k >= ncols)
      continue;
    end[k] = e > end[k] ? e : end[k];
    last = k > last ? k : last;
  }
  return last;
}

static int
ragged_feet (const slot *s, size_t to, const pb_column *cols, size_t ncols, int fill_rows, const int *col_of,
             const int *row_of)
{
  int end[PB_MAX_COLUMNS], deepest = 0;
  int last = column_ends (s, to, ncols, col_of, row_of, end);
  int short_rows = 0;
  if (fill_rows) {
    /* the story goes on elsewhere: every column full to its foot */
    for (size_t k = 0; k < ncols; k++)
      short_rows += cols[k].rows - end[k] > 0 ? cols[k].rows - end[k] : 0;
    return short_rows;
  }
  /* balanced: each column's foot counted from the body's top (a column
   * under a photo starts lower) */
  for (int k = 0; k <= last; k++)
    deepest = cols[k].top + end[k] > deepest ? cols[k].top + end[k] : deepest;
  for (int k = 0; k < last; k++)
    short_rows += deepest - (cols[k].top + end[k]);
  return short_rows;
}

/* Column feet: how far a paragraph may open to fill a column — its
 * looseness ±1 at an adjustment ratio up to 2, ideographs at most 1/12 em
 * apart (pb_break_costs; composition's copy-fitting stops at 1). */
#define PB_FEET_RATIO 2.0

/* Paragraph b set a line longer (d = +1) or shorter (−1) than the
 * breaker's best where it can be (else as it is), at col_w, into out. */
static bool
para_variant (const ctx *c, int b, pb_fixed col_w, int d, slot_vec *out)
{
  const pb_block *blk = &c->a->blocks[b];
  pb_typo typo = c->t->typo[c->a->lang];
  typo.breaking.loose_ratio = PB_FEET_RATIO;
  pb_para_spec spec = body_spec (c, blk, col_w, &typo, d);
  pb_para *p = pb_text_set (c->L->engine->fonts, &spec, c->L->arena, blk->pos, NULL);
  return p && push_para_lines (out, p, b, SLOT_BODY, 1, 0, false);
}

static void
free_variants (slot_vec (*cache)[2], size_t n_blocks)
{
  for (size_t b = 0; cache && b < n_blocks; b++) {
    PB_VEC_FREE (cache[b][0]);
    PB_VEC_FREE (cache[b][1]);
  }
  free (cache);
}

/* The body's slots with paragraph b set as var[b] says (0: as in base;
 * ±1: para_variant, from cache[b][0 or 1] once made) into out. */
static bool
mix_slots (const ctx *c, const slot *base, size_t n, pb_fixed col_w, const signed char *var, slot_vec (*cache)[2],
           slot_vec *out)
{
  out->n = 0;
  for (size_t i = 0; i < n;) {
    int b = base[i].block;
    size_t j = i;
    while (j < n && base[j].block == b)
      j++;
    if (var[b] && base[i].kind == SLOT_BODY) {
      slot_vec *v = &cache[b][var[b] > 0];
      if (!v->n && !para_variant (c, b, col_w, var[b], v))
        return false;
      for (size_t k = 0; k < v->n; k++)
        if (!PB_VEC_PUSH (*out, v->v[k]))
          return false;
    } else
      for (size_t k = i; k < j; k++)
        if (!PB_VEC_PUSH (*out, base[k]))
          return false;
    i = j;
  }
  return true;
}

static size_t
place_body (const slot *s, size_t n, const pb_column *cols, size_t ncols, int fill_rows, bool widows_kept,
            int *col_of, int *row_of)
{
  return fill_rows ? fill_ex (s, 0, n, cols, ncols, fill_rows, widows_kept, col_of, row_of)
                   : place_balanced_ex (s, 0, n, cols, ncols, widows_kept, col_of, row_of);
}

/* Column feet (issue 12, item 15): every body column of a module but its
 * last ends on the same line (a story that jumps: every column on its
 * foot).  A subheading kept with its text, or a paragraph's last line kept
 * from the top of a column, can leave a column a row or two short; a
 * paragraph set a line longer or shorter (para_variant) in or before that
 * column moves what follows so that the column fills.  Tries the
 * paragraphs before each short column, nearest first, and keeps each
 * change that leaves fewer short rows with everything placed.  Returns
 * the slots to set — slots itself when nothing better is found, else
 * out's, with *mix the choice per block (malloc'd) and *widows_kept_out
 * false when a widow is let stand — and fills col_of and row_of (room for
 * slots->n + 64) for them. */
static const slot_vec *
even_feet (const ctx *c, const slot_vec *slots, pb_fixed col_w, const pb_column *cols, size_t ncols, int fill_rows,
           int *col_of, int *row_of, slot_vec *out, signed char **mix, bool *widows_kept_out)
{
  bool widows_kept = true;
  *widows_kept_out = true;
  int nb = (int) c->a->n_blocks;
  size_t n = slots->n;
  size_t placed_now = place_body (slots->v, n, cols, ncols, fill_rows, true, col_of, row_of);
  int best = ragged_feet (slots->v, placed_now, cols, ncols, fill_rows, col_of, row_of);
  if (best == 0 || nb <= 0)
    return slots;
  /* a story that jumps leaves its continuation no more lines than before */
  size_t left = n - placed_now;
  signed char *var = pb_calloc ((size_t) nb, 1);
  slot_vec (*cache)[2] = pb_calloc ((size_t) nb, sizeof *cache);
  int *trial_col = pb_calloc (n + 64, sizeof (int)), *trial_row = pb_calloc (n + 64, sizeof (int));
  slot_vec trial = {0};
  bool changed = false;
  for (int round = 0; var && cache && trial_col && trial_row && round < 6 && best > 0; round++) {
    const slot_vec *cur = changed ? out : slots;
    const int *cc = changed ? trial_col : col_of, *rr = changed ? trial_row : row_of;
    /* the first column that ends short (feet counted from the body's top) */
    int endk[PB_MAX_COLUMNS], deepest = 0;
    int last = column_ends (cur->v, placed_now, ncols, cc, rr, endk);
    for (int k = 0; k <= last; k++)
      deepest = cols[k].top + endk[k] > deepest ? cols[k].top + endk[k] : deepest;
    int short_col = -1;
    for (int k = 0; k < (fill_rows ? (int) ncols : last) && short_col < 0; k++)
      if (fill_rows ? endk[k] < cols[k].rows : cols[k].top + endk[k] < deepest)
        short_col = k;
    if (short_col < 0)
      break;
    /* candidates: the paragraphs set up to the short column's next one,
     * nearest to its foot first */
    int cand[16], nc = 0;
    for (size_t i = placed_now; i-- > 0 && nc < 16;) {
      if (cc[i] > short_col + 1 || cur->v[i].kind != SLOT_BODY)
        continue;
      int b = cur->v[i].block;
      bool seen = false;
      for (int q = 0; q < nc; q++)
        seen |= cand[q] == b;
      if (!seen)
        cand[nc++] = b;
    }
    int found = -1, found_var = 0, found_score = best;
    for (int q = 0; q < nc && found_score > 0; q++) {
      int b = cand[q];
      signed char keep = var[b];
      for (int d = -1; d <= 1; d++) {
        if (d == keep)
          continue;
        var[b] = (signed char) d;
        if (!mix_slots (c, slots->v, n, col_w, var, cache, &trial))
          break;
        if (trial.n + 1 > n + 64)
          continue;
        size_t placed = place_body (trial.v, trial.n, cols, ncols, fill_rows, widows_kept, trial_col, trial_row);
        bool whole = fill_rows ? trial.n - placed <= left : placed == trial.n;
        int score = whole ? ragged_feet (trial.v, placed, cols, ncols, fill_rows, trial_col, trial_row) : INT32_MAX;
        if (score < found_score)
          found = b, found_var = d, found_score = score;
      }
      var[b] = keep;
    }
    if (found < 0)
      break;
    var[found] = (signed char) found_var;
    best = found_score;
    if (!mix_slots (c, slots->v, n, col_w, var, cache, out))
      break;
    placed_now = place_body (out->v, out->n, cols, ncols, fill_rows, widows_kept, trial_col, trial_row);
    changed = placed_now == out->n || fill_rows;
    if (!changed)
      break;
  }
  /* Still short: a paragraph's last line may stand at the top of a
   * column (a widow, the lesser fault) rather than leave a column short;
   * a subheading is never left at a column's foot. */
  if (best > 0 && var && trial_col && trial_row) {
    if (!changed)
      changed = mix_slots (c, slots->v, n, col_w, var, cache, out);
    size_t placed = changed ? place_body (out->v, out->n, cols, ncols, fill_rows, false, trial_col, trial_row) : 0;
    bool whole = fill_rows ? out->n - placed <= left : placed == out->n;
    int score = changed && whole ? ragged_feet (out->v, placed, cols, ncols, fill_rows, trial_col, trial_row)
                                 : INT32_MAX;
    if (score < best) {
      best = score;
      widows_kept = false;
    }
  }
  const slot_vec *r = slots;
  if (changed && out->n <= n + 63 && var && trial_col && trial_row) {
    place_body (out->v, out->n, cols, ncols, fill_rows, widows_kept, trial_col, trial_row);
    memcpy (col_of, trial_col, out->n * sizeof (int));
    memcpy (row_of, trial_row, out->n * sizeof (int));
    r = out;
    *mix = var;
    *widows_kept_out = widows_kept;
    var = NULL;
  } else
    place_body (slots->v, n, cols, ncols, fill_rows, true, col_of, row_of);
  free_variants (cache, (size_t) nb);
  free (var);
  free (trial_col);
  free (trial_row);
  PB_VEC_FREE (trial);
  return r;
}

/* A continuation's slots when its first part evened its column feet
 * (prep->feet_mix): its paragraphs set alike, into out.  False when there
 * is nothing to change (or memory ran out: the slots as they are). */
static bool
continuation_slots (const ctx *c, const slot *base, size_t n, pb_fixed col_w, slot_vec *out)
{
  const signed char *mix = c->L->preps[c->index].feet_mix;
  if (!mix)
    return false;
  slot_vec (*cache)[2] = pb_calloc (c->a->n_blocks ? c->a->n_blocks : 1, sizeof *cache);
  bool ok = cache && mix_slots (c, base, n, col_w, mix, cache, out);
  free_variants (cache, c->a->n_blocks);
  if (!ok)
    PB_VEC_FREE (*out);
  return ok;
}

static size_t
count_chars (const char *text, size_t start, size_t end)
{
  size_t n = 0;
  for (size_t i = start; i < end; i++)
    n += ((unsigned char) text[i] & 0xC0) != 0x80 && text[i] != ' ';
  return n;
}

static void
emit_slots (const ctx *c, const slot *s, size_t from, size_t to, const pb_column *cols,
            const int *col_of, const int *row_of)
{
  pb_fixed base = pb_flow_baseline_offset (c->t);
  for (size_t i = from; i < to; i++) {
    const pb_column *col = &cols[col_of[i]];
    pb_dl_page *page = &c->L->pages.v[col->page_index];
    const pb_block *blk = &c->a->blocks[s[i].block];
    pb_fixed y = col->y + row_of[i] * c->t->pitch + base + s[i].dy;
    pb_dl_add_line (c->L, page, s[i].line, blk->text, col->x, y, c->index, s[i].block);
  }
}

/* need_rows: the grid rows the module needs for the text that does not
 * fit, found by setting it again (rows_to_fit), or 0: estimated from the
 * lines left over; -1: more than the search tried (at least the
 * estimate); -2: more than the page has below the module. */
static void
report_overset (const ctx *c, const slot *s, size_t from, size_t n, int ncols, int need_rows,
                pb_fit_record *rec)
{
  size_t chars = 0;
  int rows = 0;
  for (size_t i = from; i < n; i++) {
    chars += count_chars (c->a->blocks[s[i].block].text, s[i].line->start, s[i].line->end);
    rows += s[i].rows;
  }
  rec->overset_lines = (int) (n - from);
  rec->overset_chars = chars;
  /* the grid rows the module would need for it: its columns share them */
  rec->overset_rows = ncols > 0 ? (rows + ncols - 1) / ncols : rows;
  if (need_rows > 0)
    rec->overset_rows = need_rows;
  const pb_block *blk = &c->a->blocks[s[from].block];
  size_t e = s[from].line->end;
  rec->overset_from = pb_arena_strndup (c->L->arena, blk->text + s[from].line->start,
                                        e - s[from].line->start);
  /* where the text that does not fit begins: its paragraph's line */
  if (need_rows == -2)
    pb_warning (c->diags, "overset", blk->pos,
                "article '%s' is overset by %d lines (%zu characters) on page %d, from \"%s\" (this "
                "paragraph): the rows the page has below its module would not hold it; widen the module, "
                "jump the rest to another page (continues_on) or cut the copy", c->a->id, rec->overset_lines,
                chars, rec->page, rec->overset_from ? rec->overset_from : "");
  else if (need_rows >= 0)
    pb_warning (c->diags, "overset", blk->pos,
                "article '%s' is overset by %d lines (%zu characters) on page %d, from \"%s\" (this "
                "paragraph): its module needs %d more grid rows, or cut the copy", c->a->id,
                rec->overset_lines, chars, rec->page, rec->overset_from ? rec->overset_from : "",
                rec->overset_rows);
  else
    pb_warning (c->diags, "overset", blk->pos,
                "article '%s' is overset by %d lines (%zu characters) on page %d, from \"%s\" (this "
                "paragraph): its module needs at least %d more grid rows, or cut the copy", c->a->id,
                rec->overset_lines, chars, rec->page, rec->overset_from ? rec->overset_from : "",
                rec->overset_rows);
}

/* ---- figures ---- */

typedef struct {
  const pb_block *blk;
  int col0, span, row, rows;
} fig_place;

/* Draws a figure (photo, caption, credit) in its cells; returns nothing
 * but records the photo's effective resolution. */
/* The caption with the credit after it on the same line (图说 … 记者 某某
 * 摄), so that the two read as one; in arena text. */
static pb_para *
set_caption (const ctx *c, const pb_block *blk, pb_fixed w, const char **text)
{
  const pb_style *cs = st (c, PB_ROLE_CAPTION);
  const char *cap = blk->caption ? blk->caption : "";
  bool credit = blk->credit && blk->credit[0];
  *text = credit ? pb_arena_printf (c->L->arena, "%s%s%s", cap, cap[0] ? " " : "", blk->credit) : cap;
  if (!*text || !(*text)[0])
    return NULL;
  size_t len = strlen (*text);
  pb_span span = {len - (credit ? strlen (blk->credit) : 0), len, PB_SPAN_CREDIT};
  pb_para_spec spec = {
    .text = *text, .len = len, .spans = &span, .n_spans = credit, .style = cs,
    .credit_style = st (c, PB_ROLE_CREDIT), .lang = c->a->lang, .width = w, .align = cs->align,
  };
  return set_spec (c, &spec, blk->pos);
}

/* Height of the photo itself in a figure of `rows` rows whose caption
 * takes `lines` lines: a quarter line to the caption, half a line under. */
static pb_fixed
photo_h (const ctx *c, int lines, int rows)
{
  pb_fixed text_h = lines * leading_of (st (c, PB_ROLE_CAPTION), 140);
  pb_fixed ph = rows * c->t->pitch - text_h - c->t->pitch / 4 - c->t->pitch / 2;
  return ph < c->t->pitch ? c->t->pitch : ph;
}

/* Draws a figure (photo, then caption and credit) in its cells. */
static void
emit_figure (const ctx *c, pb_dl_page *page, pb_fixed x, pb_fixed y, pb_fixed w,
             int rows, const pb_block *blk, int block)
{
  const pb_template *t = c->t;
  const pb_style *cs = st (c, PB_ROLE_CAPTION);
  const char *text;
  pb_para *cap = set_caption (c, blk, w, &text);
  pb_fixed cap_lead = leading_of (cs, 140);
  pb_fixed ph = photo_h (c, cap ? (int) cap->n_lines : 0, rows);
  if (blk->image)
    pb_dl_add_photo (c->L, page, c->index, block, c->a->id, blk->image, x, y, w, ph, blk->crop == PB_CROP_FILL,
                     blk->focus_x, blk->focus_y);
  pb_fixed yy = y + ph + t->pitch / 4;
  for (size_t i = 0; cap && i < cap->n_lines; i++) {
    pb_dl_add_line_as (c->L, page, &cap->lines[i], text, x, yy + cs->size * 88 / 100, c->index, -1,
                       PB_ROLE_CAPTION);
    yy += cap_lead;
  }
  /* a caption taller than its figure (a caption style larger than the
   * figure's rows hold) would stand in the text below */
  if (!c->measuring && yy > y + rows * t->pitch + t->pitch / 4) {
    pb_error (c->diags, "figure", blk->pos,
              "the caption of this figure of '%s' takes %zu lines (%.0f pt at %.1f pt) and does not fit the "
              "figure's %d grid lines with its photo: make the caption style smaller or give the figure "
              "more rows ({rows=…})", c->a->id, cap ? cap->n_lines : 0, PB_TO_PT (yy - y - ph),
              PB_TO_PT (cs->size), rows);
    c->L->preps[c->index].failed = true;
  }
}

/* Lines of a figure's caption (with credit) at a width; remembered
 * (every composition tried asks again). */
static int
caption_lines (const ctx *c, const pb_block *blk, pb_fixed w)
{
  pb_layout *L = c->L;
  struct {
    const pb_block *blk;
    pb_fixed w;
  } key;
  memset (&key, 0, sizeof key);
  key.blk = blk;
  key.w = w;
  /* the memo holds lines + 1 (a value is never NULL) */
  intptr_t known = (intptr_t) pb_memo_get (L->captions, &key);
  if (known)
    return (int) known - 1;
  ctx trial = *c;
  trial.measuring = true;
  const char *text;
  pb_para *cap = set_caption (&trial, blk, w, &text);
  int lines = cap ? (int) cap->n_lines : 0;
  if (!L->captions)
    L->captions = pb_memo_create (sizeof key);
  pb_memo_put (L->captions, &key, (void *) (intptr_t) (lines + 1)); /* not kept when out of memory */
  return lines;
}

/* Effective resolution of a figure's photo set w wide and `rows` rows
 * tall (cropped to fill). */
static double
photo_ppi (const ctx *c, const pb_block *blk, pb_fixed w, int rows)
{
  if (!blk->image)
    return 1e9;
  return pb_image_ppi (pb_image_scale (blk->image, w, photo_h (c, caption_lines (c, blk, w), rows), true));
}

/* A photo box's aspect ratio over the photo's own (1: the same shape). */
static double
box_shape (const pb_block *blk, pb_fixed w, pb_fixed h)
{
  if (!blk->image || blk->crop == PB_CROP_FIT || h <= 0)
    return 1;
  int iw, ih;
  pb_image_oriented_size (blk->image, &iw, &ih);
  return ((double) w / h) / ((double) iw / ih);
}

/* Is a photo box of w × h within 25 % of the photo's aspect ratio?  A
 * photo cropped further loses what the photographer framed (a portrait's
 * head): composition keeps to it unless the figure asks for its rows or
 * span itself. */
#define PB_CROP_MAX_DISTORTION 0.25

static bool
shape_kept (const pb_block *blk, pb_fixed w, pb_fixed h)
{
  double r = box_shape (blk, w, h);
  return r >= 1 - PB_CROP_MAX_DISTORTION && r <= 1 + PB_CROP_MAX_DISTORTION;
}

/* Rows a figure wants at a width: photo at its aspect, caption, credit. */
static int
figure_rows (const ctx *c, const pb_block *blk, pb_fixed w, int max_rows)
{
  const pb_template *t = c->t;
  int iw = 4, ih = 3;
  if (blk->image)
    pb_image_oriented_size (blk->image, &iw, &ih);
  pb_fixed ph = (pb_fixed) ((int64_t) w * ih / iw);
  int lines = caption_lines (c, blk, w);
  pb_fixed h = ph + t->pitch / 4 + lines * leading_of (st (c, PB_ROLE_CAPTION), 140) + t->pitch / 2;
  int r = (int) ((h + t->pitch / 2) / t->pitch);
  if (r > max_rows)
    r = max_rows;
  return r < 4 ? 4 : r;
}

/* Places the article's figures at the top of its body columns: each in
 * the window of columns whose tops are highest, right first, so that the
 * text starts at the top of the first column.  A figure's own span and
 * rows ({span=… rows=…}) are kept; otherwise a photo too tall for two
 * thirds of the module at its width (a portrait) takes fewer columns, so
 * that its box keeps its shape. */
static size_t
place_figures (const ctx *c, int ncols, int body_rows, bool across, int delta, int span_delta, int *col_top,
               fig_place *out)
{
  size_t nf = 0, total = 0;
  for (size_t b = 0; b < c->a->n_blocks; b++)
    total += c->a->blocks[b].kind == PB_BLOCK_FIGURE;
  for (size_t b = 0; b < c->a->n_blocks && nf < 64; b++) {
    const pb_block *blk = &c->a->blocks[b];
    if (blk->kind != PB_BLOCK_FIGURE)
      continue;
    int max_rows = across ? body_rows * 9 / 20 : body_rows * 3 / 5;
    int span = ncols <= 2 ? ncols : (ncols * 2 + 2) / 3;
    if (span == ncols && ncols > 2)
      span = ncols - 1;
    if (blk->span_hint)
      span = blk->span_hint < ncols ? blk->span_hint : ncols;
    else if (across) /* side by side across the whole width, above the text */
      span = (int) total >= ncols ? 1 : ncols / (int) total;
    else {
      /* narrower while the photo, cut to the rows it may take, would show
       * less of itself than the report accepts (a portrait in a wide
       * module: never its head cut off) */
      while (span > 1) {
        pb_fixed sw = pb_template_span_w (c->t, span);
        int r = figure_rows (c, blk, sw, max_rows);
        double shape = box_shape (blk, sw, photo_h (c, caption_lines (c, blk, sw), r));
        if ((shape > 1 ? 1 / shape : shape) >= PB_PHOTO_MIN_VISIBLE)
          break;
        span--;
      }
      if (nf == 0 && span_delta) { /* copy-fitting: the first photo wider or narrower */
        span += span_delta;
        span = span < 1 ? 1 : span > ncols ? ncols : span;
      }
    }
    int best = -1, best_top = 1 << 30;
    for (int c0 = 0; c0 + span <= ncols; c0++) {
      int top = 0;
      for (int k = c0; k < c0 + span; k++)
        top = col_top[k] > top ? col_top[k] : top;
      if (top <= best_top) {
        best_top = top;
        best = c0;
      }
    }
    pb_fixed w = pb_template_span_w (c->t, span);
    int rows = blk->rows_hint ? blk->rows_hint : figure_rows (c, blk, w, max_rows);
    if (nf == 0 && delta && !blk->rows_hint && blk->crop == PB_CROP_FILL) /* copy-fitting: taller or shorter */
      rows = rows + delta < 4 ? 4 : rows + delta;
    if (best < 0 || best_top + rows > body_rows - 2) {
      pb_warning (c->diags, "figure", blk->pos, "no room for this photo in article '%s' (%d lines at %d columns "
                  "in a body of %d lines); it is left out of the page", c->a->id, rows, span, body_rows);
      continue;
    }
    for (int k = best; k < best + span; k++)
      col_top[k] = best_top + rows;
    out[nf++] = (fig_place) {blk, best, span, best_top, rows};
  }
  return nf;
}

/* A module's text columns: how many, their measure, and their left
 * edges from the module's.  As the grid has them, or (变栏) one fewer,
 * each a whole number of characters, flush with the module's edges (one
 * alone flush left, under the byline). */
typedef struct {
  int n;
  pb_fixed w;
  pb_fixed x[PB_MAX_COLUMNS];
} text_cols;

static void
text_columns (const pb_template *t, int cols, bool fewer, text_cols *tc)
{
  tc->n = cols;
  tc->w = t->column_w;
  if (fewer && cols >= 2) {
    pb_fixed span = pb_template_span_w (t, cols), em = t->style[PB_ROLE_BODY].size;
    int m = cols - 1;
    pb_fixed w = (span - (m - 1) * t->gutter) / m;
    w -= w % em;
    tc->n = m;
    tc->w = w;
    for (int k = 0; k < m; k++)
      tc->x[k] = m > 1 ? (pb_fixed) ((int64_t) k * (span - w) / (m - 1)) : 0;
    return;
  }
  for (int k = 0; k < cols; k++)
    tc->x[k] = k * (t->column_w + t->gutter);
}

/* Per mille of the justified body lines' characters on lines whose
 * ideographs open up by more than 0.08 em (counting the share of the
 * even spread the marks' outer sides took as theirs). */
static int
spaced_share (const ctx *c, const slot *v, size_t n)
{
  size_t all = 0, spaced = 0;
  for (size_t i = 0; i < n; i++) {
    const slot *sl = &v[i];
    if (sl->kind != SLOT_BODY || sl->para_last)
      continue;
    size_t chars = count_chars (c->a->blocks[sl->block].text, sl->line->start, sl->line->end);
    all += chars;
    spaced += sl->line->ideo_open * 100 > c->t->style[PB_ROLE_BODY].size * 8 ? chars : 0;
  }
  return all ? (int) (spaced * 1000 / all) : 0;
}

/* The most a justified body line's ideographs open (ideo_open). */
static pb_fixed
widest_open (const slot *v, size_t n)
{
  pb_fixed most = 0;
  for (size_t i = 0; i < n; i++)
    if (v[i].kind == SLOT_BODY && !v[i].para_last && v[i].line->ideo_open > most)
      most = v[i].line->ideo_open;
  return most;
}

/* The article's body set at a measure (kept): index 0 the column width,
 * w the measure of w grid columns set as w − 1 text columns. */
static const pb_body_set *
body_set (const ctx *c, int index, pb_fixed width)
{
  pb_article_prep *prep = &c->L->preps[c->index];
  pb_body_set *b = &prep->body[c->looseness + 1][index];
  if (b->ready)
    return b;
  /* all three looseness settings at once: the shaping is shared; the
   * first, at the column width, reports what is wrong with the text */
  ctx m = *c;
  m.measuring = index != 0 || !c->diags;
  slot_vec slots[3] = {{0}, {0}, {0}};
  make_slots_n (&m, width, true, slots);
  for (int lv = 0; lv < 3; lv++) {
    pb_body_set *e = &prep->body[lv][index];
    free ((void *) e->slots);
    e->slots = slots[lv].v;
    e->n_slots = slots[lv].n;
    e->ready = true;
    e->spaced = spaced_share (c, slots[lv].v, slots[lv].n);
  }
  return b;
}

int
pb_flow_head_rows (pb_layout *L, int article_index, int cols, int head_step, bool continuation)
{
  const pb_template *t = L->edition->tpl;
  pb_article_prep *prep = &L->preps[article_index];
  if (cols < 1 || cols > PB_MAX_COLUMNS || head_step < -2 || head_step > 2)
    return 0;
  int *tops = continuation ? prep->cont_top[head_step + 2] : prep->top[head_step + 2];
  if (!tops[cols]) {
    ctx c = {L, t, L->edition->articles[article_index], article_index, NULL, true,
             continuation ? prep->jump_from : 0, 0, head_step};
    pb_fixed w = pb_template_span_w (t, cols);
    /* steps that start from the same size (held by the width) set the
     * same block */
    for (int s = -2; s <= 2 && !continuation; s++) {
      ctx o = c;
      o.head_step = s;
      if (s != head_step && prep->top[s + 2][cols] && headline_start (&o, w) == headline_start (&c, w)) {
        tops[cols] = prep->top[s + 2][cols];
        return tops[cols];
      }
    }
    pb_fixed head_h = set_heads (&c, NULL, 0, 0, w, false);
    int top = (int) ((head_h + t->pitch - 1) / t->pitch);
    if (c.a->byline && !c.jump_from) {
      pb_para *p = set_byline (&c, w);
      top += p ? (int) p->n_lines : 0;
    }
    tops[cols] = top;
  }
  return tops[cols];
}

/* The rows a module of `cols` columns needs for the whole article, its
 * first photo changed as v says; INT32_MAX when it needs more than
 * max_rows.  Sets nothing on a page; the body text is set once per
 * article and kept. */
void
pb_flow_measure (pb_layout *L, int article_index, int cols, const pb_variant *v, int max_rows,
                 bool rule_below, bool continuation, pb_measure *out, pb_diagnostics *diags)
{
  const pb_template *t = L->edition->tpl;
  ctx c = {L, t, L->edition->articles[article_index], article_index, NULL, true, 0, v->looseness, 0};
  pb_article_prep *prep = &L->preps[article_index];
  *out = (pb_measure) {INT32_MAX, 0, 0};
  if (cols < 1 || cols > PB_MAX_COLUMNS)
    return;
  bool fewer = v->fewer_cols && cols >= 2 && !continuation;
  text_cols tc;
  text_columns (t, cols, fewer, &tc);
  ctx report = c;
  report.diags = diags;
  const pb_body_set *body = body_set (&report, fewer ? cols : 0, tc.w);
  out->spaced = body->spaced;
  c.jump_from = continuation ? prep->jump_from : 0;
  int top = pb_flow_head_rows (L, article_index, cols, 0, continuation);
  const slot *all = body->slots;
  size_t n_all = body->n_slots;
  slot_vec mixed = {0};
  if (continuation && continuation_slots (&c, all, n_all, tc.w, &mixed))
    all = mixed.v, n_all = mixed.n;
  size_t skip = continuation ? prep->cont_start : 0;
  if (skip > n_all)
    skip = n_all;
  const slot *s = all + skip;
  size_t n = n_all - skip;
  size_t want = 0;
  for (size_t b = 0; b < c.a->n_blocks && !continuation; b++)
    want += c.a->blocks[b].kind == PB_BLOCK_FIGURE;
  if (fewer && want) {
    PB_VEC_FREE (mixed);
    return; /* 变栏 is for text alone */
  }
  int *col_of = pb_calloc (n + 1, sizeof (int)), *row_of = pb_calloc (n + 1, sizeof (int));
  int lo = top + (rule_below ? 1 : 0) + 2, hi = max_rows;
  while (col_of && row_of && lo <= hi) {
    int rows = (lo + hi) / 2;
    int body_rows = rows - top - (rule_below ? 1 : 0);
    int col_top[PB_MAX_COLUMNS] = {0};
    fig_place figs[64];
    size_t nf = continuation || fewer ? 0 : place_figures (&c, cols, body_rows, false, v->fig_delta, v->fig_span,
                                                           col_top, figs);
    pb_column cl[PB_MAX_COLUMNS];
    for (int k = 0; k < tc.n; k++)
      cl[k] = (pb_column) {0, 0, 0, body_rows - col_top[k], col_top[k], tc.w};
    /* no sliver of text under a photo: a column a photo stands on holds
     * none or at least PB_MIN_UNDER_PHOTO lines (a module composed
     * automatically; one placed by hand is set as drawn) */
    bool slivers = false;
    for (int k = 0; k < tc.n; k++)
      slivers |= col_top[k] > 0 && body_rows - col_top[k] > 0 && body_rows - col_top[k] < PB_MIN_UNDER_PHOTO;
    /* a photo made larger no further than it prints sharp, and no photo
     * box more than 25 % off the photo's shape (unless it asks) */
    bool blurred = nf > 0 && (v->fig_delta > 0 || v->fig_span > 0) &&
                   photo_ppi (&c, figs[0].blk, pb_template_span_w (t, figs[0].span), figs[0].rows) <
                     PB_PHOTO_MIN_PPI;
    bool distorted = false;
    for (size_t f = 0; f < nf; f++) {
      const pb_block *fb = figs[f].blk;
      pb_fixed fw = pb_template_span_w (t, figs[f].span);
      distorted |= !fb->rows_hint && !fb->span_hint &&
                   !shape_kept (fb, fw, photo_h (&c, caption_lines (&c, fb, fw), figs[f].rows));
    }
    bool fits = nf == want && !slivers && !blurred && !distorted &&
                fill (s, 0, n, cl, (size_t) tc.n, body_rows, col_of, row_of) == n;
    if (fits) {
      out->rows = rows;
      hi = rows - 1;
      /* what the module's cells hold: headline block, photos, lines (a
       * line of a wider text column across its share of grid cells) */
      int used = (top + (rule_below ? 1 : 0)) * cols; /* the rule's line is no hole */
      for (size_t f = 0; f < nf; f++)
        used += figs[f].rows * figs[f].span;
      int lines = 0;
      for (size_t i = 0; i < n; i++)
        lines += s[i].rows;
      out->used_cells = used + lines * cols / tc.n;
    } else
      lo = rows + 1;
  }
  free (col_of);
  free (row_of);
  PB_VEC_FREE (mixed);
}

/* A module's body of body_rows grid rows: its photos placed (none in the
 * continuation of a jump) into figs, its text columns (one fewer when the
 * variant asks and nothing stands in the way: photos, a jump) into tc and
 * each column's place and rows under the photos into cols, from the
 * body's top-left (x, ybody).  Returns the number of photos. */
static size_t
body_columns (const ctx *c, const pb_grid_rect *at, int body_rows, const pb_variant *v, bool jump, int page_index,
              pb_fixed x, pb_fixed ybody, fig_place *figs, text_cols *tc, pb_column *cols)
{
  int col_top[PB_MAX_COLUMNS] = {0};
  size_t nf = c->jump_from ? 0
                           : place_figures (c, at->cols, body_rows, false, v->fig_delta, v->fig_span, col_top, figs);
  text_columns (c->t, at->cols, v->fewer_cols && nf == 0 && !jump && !c->jump_from, tc);
  for (int k = 0; k < tc->n; k++)
    cols[k] = (pb_column) {page_index, x + tc->x[k], ybody + col_top[k] * c->t->pitch, body_rows - col_top[k],
                           col_top[k], tc->w};
  return nf;
}

/* The fewest grid rows to add to a module so that its whole body fits:
 * set again at each height from the lower bound (least) up (the text
 * gains at most a line a column a row; its photos are placed again, as a
 * taller module may give them more rows), at most 64 heights and no
 * further than the page's foot; -1 when none of them does, -2 when the
 * rows the page has below the module are too few for it.  The overset figure a desk
 * acts on must be true: a module made that much taller holds the story. */
static int
rows_to_fit (const ctx *c0, const pb_grid_rect *at, int top, int page_rows, const pb_variant *v, const slot *s,
             size_t n, int least, int *col_of, int *row_of)
{
  ctx c = *c0;
  c.diags = NULL; /* trying heights: nothing to report */
  c.measuring = true;
  int bottom = at->row - 1 + at->rows; /* rows of the page down to the module's foot */
  if (least > 1)
    least--; /* at the page's foot the rule's row is the body's too */
  if (bottom + least > page_rows)
    return -2; /* the page has not the rows below the module */
  for (int extra = least; extra < least + 64 && bottom + extra <= page_rows; extra++) {
    /* the rule under a module, on its last row, goes at the page's foot */
    int br = at->rows + extra - top - (bottom + extra < page_rows ? 1 : 0);
    fig_place figs[64];
    text_cols tc;
    pb_column cols[PB_MAX_COLUMNS] = {{0}};
    body_columns (&c, at, br, v, false, 0, 0, 0, figs, &tc, cols);
    if (place_balanced (s, 0, n, cols, (size_t) tc.n, col_of, row_of) == n)
      return extra;
  }
  return bottom + least + 64 > page_rows ? -2 : -1;
}

void
pb_flow_article (pb_layout *L, int page_index, int article_index, const pb_grid_rect *at,
                 bool rule_below, const pb_variant *v, const pb_placement *placement,
                 pb_diagnostics *diags)
{
  pb_article_prep *prep = &L->preps[article_index];
  int jump_to = placement ? placement->continues_on : 0;
  if (jump_to)
    prep->jump_to = jump_to, prep->jump_from = L->pages.v[page_index].number;
  pb_edition *ed = L->edition;
  const pb_template *t = ed->tpl;
  ctx c = {L, t, ed->articles[article_index], article_index, diags, false,
           placement ? placement->continued_from : 0, v->looseness, v->head_step};
  pb_dl_page *page = &L->pages.v[page_index];
  int pno = page->number;
  pb_fixed x = pb_template_col_x (t, at->col - 1);
  pb_fixed y = pb_template_grid_top (t, pno) + (at->row - 1) * t->pitch;
  pb_fixed w = pb_template_span_w (t, at->cols);
  int rows = at->rows - (rule_below ? 1 : 0);
  pb_flow_add_module (L, page, article_index, x, y, w, at->rows * t->pitch);
  if (c.jump_from && prep->cont_empty)
    return; /* its first part took it all (reported there) */

  pb_fixed head_h = set_heads (&c, page, x, y, w, false);
  /* a headline block opened up (composition) takes its extra rows above
   * the kicker and under the byline, half each: the byline stays with the
   * deck, never two or three lines below it */
  int natural_rows = (int) ((head_h + t->pitch - 1) / t->pitch);
  int pad_above = (v->head_pad + 1) / 2, pad_below = v->head_pad - pad_above;
  set_heads (&c, page, x, y + pad_above * t->pitch + (natural_rows * t->pitch - head_h) / 2, w, true);
  int top = pad_above + natural_rows;
  if (c.a->byline && !c.jump_from) {
    pb_para *p = set_byline (&c, w);
    for (size_t i = 0; p && i < p->n_lines; i++)
      pb_dl_add_line_as (L, page, &p->lines[i], c.a->byline, x,
                         y + (top + (int) i) * t->pitch + pb_flow_baseline_offset (t), article_index, -1,
                         PB_ROLE_BYLINE);
    top += p ? (int) p->n_lines : 0;
  }
  top += pad_below;
  add_region (L, page, article_index, x, y, w, top * t->pitch); /* kicker … byline */
  int body_rows = rows - top;
  pb_fit_record rec = {.article = article_index, .page = pno, .rows_available = body_rows * at->cols};
  if (body_rows < 2) {
    pb_error (diags, "grid", at->pos,
              "the rectangle of '%s' (%d lines) has no room for body text under its headline (%d lines)",
              c.a->id, at->rows, top);
    prep->failed = true;
    return;
  }
  fig_place figs[64];
  text_cols tc;
  pb_column cols[PB_MAX_COLUMNS] = {{0}};
  size_t nf = body_columns (&c, at, body_rows, v, jump_to != 0, page_index, x, y + top * t->pitch, figs, &tc, cols);
  int ncols = tc.n;
  for (size_t f = 0; f < nf; f++) {
    pb_fixed fx = pb_template_col_x (t, at->col - 1 + figs[f].col0), fy = y + (top + figs[f].row) * t->pitch;
    pb_fixed fw = pb_template_span_w (t, figs[f].span);
    emit_figure (&c, page, fx, fy, fw, figs[f].rows, figs[f].blk, (int) (figs[f].blk - c.a->blocks));
    add_region (L, page, article_index, fx, fy, fw, figs[f].rows * t->pitch);
  }
  bool fewer = v->fewer_cols && nf == 0 && !jump_to && !c.jump_from; /* as body_columns decided */
  /* a jump: the last line of the last column says where the story goes */
  if (jump_to)
    cols[ncols - 1].rows--;
  rec.rows_available = 0;
  for (int k = 0; k < ncols; k++)
    rec.rows_available += cols[k].rows;
  /* the body as composition measured it (its missing glyphs reported
   * then), or set now */
  slot_vec slots = {0};
  const pb_body_set *kept = &prep->body[c.looseness + 1][fewer ? at->cols : 0];
  slot_vec evened = {0};
  bool own_slots = !kept->ready; /* slots is this function's to free */
  if (kept->ready) {
    slots.v = (slot *) kept->slots;
    slots.n = kept->n_slots;
  } else
    make_slots (&c, tc.w, &slots);
  /* a continuation sets its paragraphs as its first part did */
  if (c.jump_from && continuation_slots (&c, slots.v, slots.n, tc.w, &evened)) {
    if (own_slots)
      PB_VEC_FREE (slots);
    slots = evened;
    evened = (slot_vec) {0};
    own_slots = true;
  }
  size_t from = 0;
  if (c.jump_from) {
    from = prep->cont_start < slots.n ? prep->cont_start : slots.n;
    if (prep->jump_to != pno)
      pb_error (diags, "jump", at->pos, "the continuation of '%s' on page %d comes before its start",
                c.a->id, pno);
  }
  /* room for the lines even_feet may add (a line a paragraph it changes) */
  int *col_of = pb_calloc (slots.n + 64, sizeof (int)), *row_of = pb_calloc (slots.n + 64, sizeof (int));
  if (!col_of || !row_of) {
    free (col_of);
    free (row_of);
    if (own_slots)
      PB_VEC_FREE (slots);
    return;
  }
  size_t placed = jump_to ? fill (slots.v, 0, slots.n, cols, (size_t) ncols, rows, col_of, row_of)
                          : place_balanced (slots.v, from, slots.n, cols, (size_t) ncols, col_of, row_of);
  if (from == 0 && !c.jump_from && (jump_to || placed == slots.n)) {
    signed char *mix = NULL;
    slot_vec base = slots;
    bool feet_widows = true;
    const slot_vec *use = even_feet (&c, &base, tc.w, cols, (size_t) ncols, jump_to ? rows : 0, col_of, row_of,
                                     &evened, &mix, &feet_widows);
    if (use == &evened) {
      free (prep->feet_mix);
      prep->feet_mix = mix;
      if (own_slots)
        PB_VEC_FREE (slots);
      slots = evened;
      evened = (slot_vec) {0};
      own_slots = true;
      placed = place_body (slots.v, slots.n, cols, (size_t) ncols, jump_to ? rows : 0, feet_widows, col_of, row_of);
    }
  }
  emit_slots (&c, slots.v, from, placed, cols, col_of, row_of);
  add_column_regions (&c, cols, (size_t) ncols, col_of, row_of, slots.v, from, placed);
  if (jump_to && placed == slots.n) {
    /* nothing to carry over: no 下转 line to nowhere, and the
     * continuation's module stays empty (reported) */
    prep->cont_start = placed;
    prep->cont_empty = true;
    pb_warning (diags, "jump", at->pos,
                "'%s' fits on page %d, so nothing continues on page %d: its module there is left empty; "
                "remove continues_on and continued_from, or make this module smaller", c.a->id, pno, jump_to);
  } else if (jump_to) {
    /* 下转第N版, a link to the continuation, on the reserved line */
    prep->cont_start = placed;
    const pb_style *s = st (&c, PB_ROLE_KICKER);
    pb_style js = *s;
    js.size = t->style[PB_ROLE_BODY].size;
    js.weight = 700;
    const char *text = pb_arena_printf (L->arena, jump_words[c.a->lang].to, jump_to);
    pb_para *p = text ? set_para (&c, text, strlen (text), NULL, 0, &js, t->column_w, PB_ALIGN_RIGHT, 0,
                                  at->pos) : NULL;
    const pb_column *last = &cols[ncols - 1];
    if (p && p->n_lines) {
      size_t n0 = page->items.n;
      pb_dl_add_line (L, page, &p->lines[0], text, last->x,
                      last->y + last->rows * t->pitch + pb_flow_baseline_offset (t), article_index, -1);
      for (size_t k = n0; k < page->items.n; k++)
        page->items.v[k].link = pb_arena_printf (L->arena, "%s-cont", c.a->id);
      add_region (L, page, article_index, last->x, last->y + last->rows * t->pitch, t->column_w, t->pitch);
    }
    pb_note (diags, "jump", at->pos, "'%s' continues on page %d: %zu lines carried over", c.a->id, jump_to,
             slots.n - placed);
  }
  rec.lines_set = (int) (placed - from);
  for (size_t i = from; i < placed; i++) {
    rec.rows_used += slots.v[i].rows;
    rec.off_grid += slots.v[i].kind == SLOT_BODY && slots.v[i].line->off_grid;
  }
  if (placed < slots.n && !jump_to) {
    /* the least it could take: every row of the body in the columns'
     * rows, none left empty (photos only grow with the module) */
    int all_rows = 0;
    for (size_t i = 0; i < slots.n; i++)
      all_rows += slots.v[i].rows;
    int least = (all_rows - rec.rows_available + ncols - 1) / ncols;
    int need = c.jump_from ? 0
                           : rows_to_fit (&c, at, top, pb_template_rows (t, pno), v, slots.v, slots.n,
                                          least > 1 ? least : 1, col_of, row_of);
    report_overset (&c, slots.v, placed, slots.n, ncols, need, &rec);
    /* the overset mark: a red square with a plus at the module's foot */
    pb_dl_item *it = pb_dl_push (L, page, PB_DL_OVERSET, -1); /* furniture, not copy */
    if (it) {
      it->w = it->h = t->pitch;
      it->x = x + w - it->w;
      it->y = y + rows * t->pitch - it->h;
      it->color = (pb_color) {0xE00000, PB_COLOR_CMYK, {0, 100, 100, 0}};
    }
  }
  PB_VEC_PUSH (L->fits, rec);
  free (col_of);
  free (row_of);
  if (own_slots)
    PB_VEC_FREE (slots);
  PB_VEC_FREE (evened);
}

void
pb_flow_proof (pb_layout *L, pb_diagnostics *diags)
{
  pb_edition *ed = L->edition;
  const pb_template *t = ed->tpl;
  ctx c = {L, t, ed->articles[0], 0, diags, false, 0, 0, 0};
  pb_dl_page *page = pb_flow_new_page (L, 1, NULL, false, diags);
  if (!page)
    return;
  pb_fixed x = pb_template_col_x (t, 0), y = t->grid_top;
  pb_fixed w = pb_template_span_w (t, t->columns);
  pb_flow_add_module (L, page, 0, x, y, w, t->rows * t->pitch);
  pb_fixed head_h = set_heads (&c, page, x, y, w, false);
  int top = (int) ((head_h + t->pitch - 1) / t->pitch);
  set_heads (&c, page, x, y + (top * t->pitch - head_h) / 2, w, true);
  if (c.a->byline) {
    pb_para *p = set_byline (&c, w);
    for (size_t i = 0; p && i < p->n_lines; i++)
      pb_dl_add_line_as (L, page, &p->lines[i], c.a->byline, x,
                         y + (top + (int) i) * t->pitch + pb_flow_baseline_offset (t), 0, -1, PB_ROLE_BYLINE);
    top += p ? (int) p->n_lines : 0;
  }
  add_region (L, page, 0, x, y, w, top * t->pitch);
  int body_rows = t->rows - top;
  int col_top[PB_MAX_COLUMNS] = {0};
  fig_place figs[64];
  /* a proof shows its photos across the top of the first page, above the
   * text, so that every caption reads before the body */
  size_t nf = body_rows > 4 ? place_figures (&c, t->columns, body_rows, true, 0, 0, col_top, figs) : 0;
  int fig_bottom = 0;
  for (int k = 0; k < t->columns; k++)
    fig_bottom = col_top[k] > fig_bottom ? col_top[k] : fig_bottom;
  for (int k = 0; k < t->columns; k++)
    col_top[k] = fig_bottom;
  for (size_t f = 0; f < nf; f++) {
    pb_fixed fx = pb_template_col_x (t, figs[f].col0), fy = y + (top + figs[f].row) * t->pitch;
    emit_figure (&c, page, fx, fy, pb_template_span_w (t, figs[f].span), figs[f].rows, figs[f].blk,
                 (int) (figs[f].blk - c.a->blocks));
    add_region (L, page, 0, fx, fy, pb_template_span_w (t, figs[f].span), figs[f].rows * t->pitch);
  }
  slot_vec slots = {0};
  make_slots (&c, t->column_w, &slots);
  /* 变栏, as composition does it: a body whose columns are spaced out too
   * much (a paragraph that must end in a wide line, in a short item) is
   * set in one text column fewer, each wider, when that is better */
  text_cols tc;
  text_columns (t, t->columns, false, &tc);
  int spaced = spaced_share (&c, slots.v, slots.n);
  if (spaced > PB_SPACED_MAX && t->columns >= 2 && t->variable_columns) {
    text_cols wide;
    text_columns (t, t->columns, true, &wide);
    ctx m = c;
    m.measuring = true;
    slot_vec alt = {0};
    make_slots (&m, wide.w, &alt);
    /* …but not for a worst line past ¼ em where the column width has
     * none (a range or a unit that cannot break, in the wider column) */
    pb_fixed quarter = t->style[PB_ROLE_BODY].size / 4, worst = widest_open (alt.v, alt.n);
    if (spaced_share (&c, alt.v, alt.n) < spaced &&
        (worst <= quarter || worst <= widest_open (slots.v, slots.n))) {
      PB_VEC_FREE (slots);
      slots = alt;
      tc = wide;
      pb_note (diags, "composed", c.a->pos, "'%s' set in %d text columns of %d characters: at the column "
               "width %d.%d %% of it would stand on lines spaced out past 0.08 em", c.a->id, tc.n,
               (int) (tc.w / t->style[PB_ROLE_BODY].size), spaced / 10, spaced % 10);
    } else
      PB_VEC_FREE (alt);
  }
  int *col_of = pb_calloc (slots.n + 1, sizeof (int)), *row_of = pb_calloc (slots.n + 1, sizeof (int));
  size_t from = 0;
  int page_index = 0;
  pb_column cols[PB_MAX_COLUMNS] = {{0}};
  pb_fit_record rec = {.article = 0, .page = 1};
  while (col_of && row_of && from < slots.n) {
    int ncols = tc.n;
    for (int k = 0; k < ncols; k++) {
      int t0 = page_index == 0 ? top + fig_bottom : 0;
      cols[k] = (pb_column) {page_index, x + tc.x[k], t->grid_top + t0 * t->pitch, t->rows - t0, t0, tc.w};
    }
    size_t to = fill (slots.v, from, slots.n, cols, (size_t) ncols, t->rows, col_of, row_of);
    if (to == slots.n)
      to = place_balanced (slots.v, from, slots.n, cols, (size_t) ncols, col_of, row_of);
    if (to == from && page_index > 0)
      break; /* a slot taller than a page: cannot happen with grid rows */
    emit_slots (&c, slots.v, from, to, cols, col_of, row_of);
    add_column_regions (&c, cols, (size_t) ncols, col_of, row_of, slots.v, from, to);
    for (size_t i = from; i < to; i++) {
      rec.lines_set++;
      rec.rows_used += slots.v[i].rows;
      rec.off_grid += slots.v[i].kind == SLOT_BODY && slots.v[i].line->off_grid;
    }
    for (int k = 0; k < ncols; k++)
      rec.rows_available += cols[k].rows;
    from = to;
    if (from < slots.n) {
      if (L->pages.n >= PB_MAX_PROOF_PAGES) {
        rec.page = (int) L->pages.n;
        report_overset (&c, slots.v, from, slots.n, tc.n, 0, &rec);
        break;
      }
      page_index = (int) L->pages.n;
      pb_dl_page *next = pb_flow_new_page (L, page_index + 1, NULL, false, diags);
      if (!next)
        break;
      pb_flow_add_module (L, next, 0, x, t->grid_top, w, t->rows * t->pitch);
    }
  }
  PB_VEC_PUSH (L->fits, rec);
  free (col_of);
  free (row_of);
  PB_VEC_FREE (slots);
}
