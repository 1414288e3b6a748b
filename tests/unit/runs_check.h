/* A check shared by the text tests and the text fuzz target. */
#ifndef PB_TESTS_RUNS_CHECK_H
#define PB_TESTS_RUNS_CHECK_H

#include "text/text.h"

#include <string.h>

/* What cairo_show_text_glyphs demands of a run (else "input clusters do
 * not represent the accompanying text and glyph arrays" and no PDF): its
 * clusters, walked from its start, cut the text at whole characters and
 * cover its bytes and glyphs exactly; and the runs of a line cover the
 * line's text, each byte once.  A run with text of its own (the hyphen
 * hyphenation adds) is checked against that text, covers none of the
 * line's, and ends the line. */
static inline bool
runs_represent_text (const char *text, const pb_line *l)
{
  size_t covered = 0;
  for (size_t r = 0; r < l->n_runs; r++) {
    const pb_run *run = &l->runs[r];
    if (run->text) {
      if (r + 1 != l->n_runs || run->start != run->end || run->end != l->end || strcmp (run->text, "-") ||
          run->n_clusters != 1 || run->clusters[0] != 1 || run->clusters[1] != 1 || run->n_glyphs != 1)
        return false;
      continue;
    }
    size_t b = run->start;
    int g = 0;
    for (int c = 0; c < run->n_clusters; c++) {
      size_t n = (size_t) run->clusters[2 * c];
      for (size_t q = b; q < b + n;) {
        uint32_t cp;
        size_t k = pb_utf8_decode (text + q, b + n - q, &cp);
        if (k == 0 || q + k > b + n)
          return false; /* a character cut */
        q += k;
      }
      b += n;
      g += run->clusters[2 * c + 1];
    }
    if (b != run->end || g != run->n_glyphs || run->start < l->start || run->end > l->end)
      return false;
    covered += run->end - run->start;
  }
  return covered == l->end - l->start;
}

#endif
