/* The text benchmark (not a test): characters per second of shaping,
 * breaking and positioning on the demo copy repeated to a million
 * characters, with total fit and with greedy first fit.
 *
 *   build/paiban-bench-text [EDITION.yaml] [CHARACTERS]
 *
 * Prints figures; the first pass over the copy warms the font caches and
 * is not timed. */
#include "flow/flow.h"
#include "parse/parse.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double
now (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static size_t
chars_of (const char *s, size_t len)
{
  size_t n = 0;
  for (size_t i = 0; i < len; i++)
    n += ((unsigned char) s[i] & 0xC0) != 0x80;
  return n;
}

static double
run (pb_fonts *fonts, pb_edition *ed, size_t target, bool first_fit, size_t *chars_out, size_t *lines_out,
     double *loose_out)
{
  const pb_template *t = ed->tpl;
  size_t chars = 0, lines = 0, loose = 0;
  double t0 = now ();
  while (chars < target) {
    for (size_t a = 0; a < ed->n_articles && chars < target; a++) {
      const pb_article *art = ed->articles[a];
      for (size_t b = 0; b < art->n_blocks; b++) {
        const pb_block *blk = &art->blocks[b];
        if (blk->kind != PB_BLOCK_PARAGRAPH)
          continue;
        pb_arena *arena = pb_arena_create ();
        pb_para_spec spec = {.text = blk->text, .len = blk->len, .spans = blk->spans,
                             .n_spans = blk->n_spans, .style = &t->style[PB_ROLE_BODY],
                             .lang = art->lang, .width = t->column_w, .align = PB_ALIGN_JUSTIFY,
                             .typo = &t->typo[art->lang], .indent_em = 2, .first_fit = first_fit};
        pb_para *p = pb_text_set (fonts, &spec, arena, art->pos, NULL);
        for (size_t l = 0; p && l < p->n_lines; l++)
          loose += !p->lines[l].last && p->lines[l].ratio > 1.0;
        lines += p ? p->n_lines : 0;
        chars += chars_of (blk->text, blk->len);
        pb_arena_destroy (arena);
      }
    }
  }
  double dt = now () - t0;
  *chars_out = chars;
  *lines_out = lines;
  *loose_out = lines ? 100.0 * (double) loose / (double) lines : 0;
  return dt;
}

int
main (int argc, char **argv)
{
  const char *edition = argc > 1 ? argv[1] : PB_SOURCE_DIR "/examples/edition.yaml";
  size_t target = argc > 2 ? (size_t) strtoull (argv[2], NULL, 10) : 1000000;
  pb_diagnostics *d = pb_diagnostics_create ();
  pb_edition *ed = pb_parse_edition (edition, PB_SOURCE_DIR "/layouts", d);
  pb_fonts *fonts = pb_fonts_create (NULL, d);
  if (!ed || !fonts || pb_diagnostics_has_errors (d)) {
    fprintf (stderr, "cannot load %s\n", edition);
    return 1;
  }
  size_t c, l;
  double loose;
  run (fonts, ed, 20000, false, &c, &l, &loose); /* warm the caches */
  printf ("paiban text benchmark: %s, column %d characters of %.1f pt\n", edition,
          (int) (ed->tpl->column_w / ed->tpl->style[PB_ROLE_BODY].size),
          PB_TO_PT (ed->tpl->style[PB_ROLE_BODY].size));
  printf ("%-28s %10s %9s %8s %14s %12s\n", "breaker", "characters", "lines", "seconds", "characters/s",
          "lines r>1");
  for (int k = 0; k < 2; k++) {
    double dt = run (fonts, ed, target, k == 1, &c, &l, &loose);
    printf ("%-28s %10zu %9zu %8.3f %14.0f %11.2f%%\n",
            k ? "greedy first fit" : "total fit (Knuth-Plass)", c, l, dt, c / dt, loose);
  }
  pb_fonts_destroy (fonts);
  pb_edition_destroy (ed);
  pb_diagnostics_destroy (d);
  return 0;
}
