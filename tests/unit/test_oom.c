/* Allocation failure, in the manner of SQLite's and Lua's tests: paiban's
 * allocator fails its Nth call, N stepped with a stride over a whole
 * build of a one-article edition (read, typeset, write, swap in).  Every
 * run must end in success with the new edition whole in the folder, or
 * in an error ("out of memory" among the diagnostics, or diagnostics
 * that could not be kept) with the previous edition untouched — never a
 * crash (the sanitizers watch) and never a partial folder.
 *
 *   test_oom [STRIDE]   (default: about 400 runs over the fixture) */
#include "harness.h"
#include "util.h"
#include "base/base.h"

#include <dirent.h>

static pb_engine *engine;
static char edition_path[600], out_dir[600];

/* A one-line fingerprint of the output folder: names and sizes. */
static void
folder_listing (const char *dir, char *buf, size_t cap)
{
  buf[0] = 0;
  const char *subs[] = {"", "/pages", "/images"};
  for (int k = 0; k < 3; k++) {
    char path[700];
    snprintf (path, sizeof path, "%s%s", dir, subs[k]);
    DIR *d = opendir (path);
    struct dirent *e;
    while (d && (e = readdir (d))) {
      if (e->d_name[0] == '.' && strcmp (e->d_name, ".paiban-edition") != 0)
        continue;
      char f[1000];
      struct stat st;
      snprintf (f, sizeof f, "%s/%s", path, e->d_name);
      if (stat (f, &st) == 0 && S_ISREG (st.st_mode)) {
        size_t n = strlen (buf);
        snprintf (buf + n, cap - n, "%s%s:%lld ", subs[k], e->d_name, (long long) st.st_size);
      }
    }
    if (d)
      closedir (d);
  }
}

typedef enum { RUN_OK, RUN_FAILED, RUN_BAD } outcome;

/* One whole build; with fail_at > 0 the allocator fails from that call. */
static outcome
build (long fail_at, bool persistent, bool *hit)
{
  pb_diagnostics *d = pb_diagnostics_create ();
  if (!d)
    return RUN_BAD;
  size_t before = pb_alloc_failures ();
  if (getenv ("PB_OOM_TRACE"))
    fprintf (stderr, "run fail_at %ld%s\n", fail_at, persistent ? " (persistent)" : "");
  pb_alloc_fail_after (fail_at, persistent);
  pb_output *out = pb_output_open (out_dir, d);
  pb_edition *ed = out ? pb_edition_load (engine, edition_path, d) : NULL;
  pb_layout *L = ed && !pb_diagnostics_has_errors (d) ? pb_layout_create (engine, ed, d) : NULL;
  pb_write_options o = {.dpi = 36, .jobs = 1};
  bool ok = L && !pb_diagnostics_has_errors (d) && pb_layout_write (L, out, &o, d) == 0 &&
            pb_output_commit (out, ed, d) == 0;
  pb_output_close (out);
  pb_layout_destroy (L);
  pb_edition_destroy (ed);
  pb_alloc_fail_after (0, false);
  *hit = pb_alloc_failures () != before;
  outcome r = RUN_BAD;
  if (ok && !pb_diagnostics_has_errors (d))
    r = RUN_OK;
  else if (!ok && pb_diagnostics_has_errors (d) &&
           (HAS_ERROR (d, "out of memory") || pb_diagnostics_count_lost (d) > 0))
    r = RUN_FAILED;
  if (r == RUN_BAD) {
    fprintf (stderr, "fail_at %ld%s: %s without 'out of memory'\n", fail_at, persistent ? " (persistent)" : "",
             ok ? "success with errors" : "failure");
    dump_diags (d);
  }
  pb_diagnostics_destroy (d);
  return r;
}

int
main (int argc, char **argv)
{
  engine = test_engine ();
  if (!engine)
    return 1;
  snprintf (edition_path, sizeof edition_path, "%s/oom.yaml", tmp_dir ());
  char art[700];
  snprintf (art, sizeof art, "%s/oom.md", tmp_dir ());
  FILE *f = fopen (art, "w");
  fprintf (f, "---\nkicker: 引题\nheadline: 高原上的新电站并网\ndeck: 副题一行\nbyline: 本报记者 张三\n"
              "dateline: 本报北京11月30日电\n---\n记者从省能源局获悉，高原上的光伏电站建设进展顺利，"
              "装机2.2GW，当地群众就近就业，收入明显增加。\n\n"
              "![光伏组件在高原上。](%s/tests/data/small.jpg \"本报记者 李四 摄\")\n\n"
              "## 小标题\n\n据 Reuters 报道，当地牧民在光伏电站里放羊。\n",
           PB_SOURCE_DIR);
  fclose (f);
  f = fopen (edition_path, "w");
  fprintf (f, "paper: 测试报\ndate: 2026-11-30\nlayout: %s/tests/layout/test.yaml\npages:\n"
              "  - number: 1\n    articles:\n      - src: %s\n        at: {col: 1, row: 1, cols: 2, rows: 22}\n",
           PB_SOURCE_DIR, art);
  fclose (f);
  snprintf (out_dir, sizeof out_dir, "%s/out", tmp_dir ());
  /* the previous edition, and how many allocations a whole build makes */
  bool hit;
  CHECK (build (0, false, &hit) == RUN_OK);
  if (argc > 2 && strcmp (argv[1], "--at") == 0) {
    /* one run, to look at in a debugger */
    outcome r = build (atol (argv[2]), argc > 3, &hit);
    printf ("fail_at %s: %s\n", argv[2], r == RUN_OK ? "success" : r == RUN_FAILED ? "out of memory" : "BAD");
    return r == RUN_BAD;
  }
  char previous[8192], now[8192];
  folder_listing (out_dir, previous, sizeof previous);
  long total = 1;
  for (long step = 1 << 22; step; step /= 2) {
    build (total + step, false, &hit);
    if (hit)
      total += step;
  }
  long stride = argc > 1 ? atol (argv[1]) : total / 400 + 1;
  int runs = 0, failed = 0, bad = 0;
  for (int persistent = 0; persistent < 2; persistent++)
    for (long n = 1; n <= total + 1; n += persistent ? stride * 3 : stride) {
      outcome r = build (n, persistent, &hit);
      runs++;
      folder_listing (out_dir, now, sizeof now);
      if (r == RUN_BAD) {
        bad++;
        continue;
      }
      failed += r == RUN_FAILED;
      /* a failure leaves the previous edition; a success a whole new one
       * (the same fixture gives the same files) */
      if (strcmp (now, previous) != 0) {
        fprintf (stderr, "fail_at %ld: the folder changed:\n  was %s\n  now %s\n", n, previous, now);
        bad++;
      }
    }
  printf ("%ld allocations in a build; %d runs (stride %ld), %d ended in 'out of memory', %d in success\n", total,
          runs, stride, failed, runs - failed - bad);
  CHECK (total > 300);
  CHECK (failed > runs / 2);
  INT_EQ (bad, 0);
  pb_engine_destroy (engine);
  printf ("%d passed, %d failed\n", pb_test_failures ? 0 : 1, pb_test_failures ? 1 : 0);
  return pb_test_failures ? 1 : 0;
}
