/* The composition benchmark (not a test): time to compose a broadsheet
 * page automatically with 5, 8 and 12 articles of the demo copy
 * (measuring every variant, the search, and setting the chosen modules),
 * and how full the pages come out.
 *
 *   build/paiban-bench-compose
 */
#include "flow/flow.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const articles[] = {
  "lead", "railway", "economy", "weather", "hk-forum", "briefs", "harvest", "port", "market", "tech",
  "library", "thangka", "film", "books", "marathon", "school", "health", "community", "science", "ev",
  "ai-herding", "flights", "briefs2", "food", "travel", "essay", "tips", "letters",
};
#define N_ARTICLES (sizeof articles / sizeof articles[0])

static int
cmp (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

int
main (void)
{
  pb_engine_options o = {NULL, PB_SOURCE_DIR "/layouts", NULL};
  pb_engine *engine = pb_engine_create (&o);
  char path[] = "/tmp/paiban-bench-XXXXXX.yaml";
  int fd = mkstemps (path, 5);
  if (!engine || fd < 0)
    return 1;
  close (fd);
  printf ("paiban composition benchmark: broadsheet page, 8 columns x 107 lines, demo copy\n");
  printf ("%-9s %6s %12s %12s %12s %10s\n", "articles", "pages", "median ms", "max ms", "fill min", "fill avg");
  static const size_t sizes[] = {5, 8, 12};
  for (size_t s = 0; s < 3; s++) {
    double t[N_ARTICLES], fill_min = 100, fill_sum = 0;
    size_t runs = 0;
    for (size_t first = 0; first < N_ARTICLES; first += 2) {
      FILE *f = fopen (path, "w");
      fprintf (f, "paper: 测试报\ndate: 2026-11-26\nlayout: broadsheet\npages:\n  - number: 2\n    articles:\n");
      for (size_t i = 0; i < sizes[s]; i++)
        fprintf (f, "      - src: %s/examples/articles/%s.md\n", PB_SOURCE_DIR, articles[(first + i) % N_ARTICLES]);
      fclose (f);
      pb_diagnostics *d = pb_diagnostics_create ();
      pb_edition *ed = pb_edition_load (engine, path, d);
      pb_layout *L = ed ? pb_layout_create (engine, ed, d) : NULL;
      if (L && L->compositions.n) {
        const pb_compose_record *c = &L->compositions.v[0];
        t[runs++] = c->seconds * 1000;
        double fill = 100.0 * (c->free_cells - c->white_cells) / c->free_cells;
        fill_sum += fill;
        if (fill < fill_min)
          fill_min = fill;
      }
      pb_layout_destroy (L);
      pb_edition_destroy (ed);
      pb_diagnostics_destroy (d);
    }
    qsort (t, runs, sizeof t[0], cmp);
    printf ("%-9zu %6zu %12.1f %12.1f %11.1f%% %9.1f%%\n", sizes[s], runs, runs ? t[runs / 2] : 0,
            runs ? t[runs - 1] : 0, fill_min, runs ? fill_sum / runs : 0);
  }
  unlink (path);
  pb_engine_destroy (engine);
  return 0;
}
