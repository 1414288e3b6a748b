/* The output folder through the library: an input saved while the
 * edition is built (an editor saving) stops the swap, naming the file,
 * and leaves the previous edition; an output opened and closed without a
 * commit leaves nothing behind; the lock keeps a second writer out. */
#include "harness.h"
#include "util.h"

#include <dirent.h>
#include <stdbool.h>

static pb_engine *engine;
static char edition_path[600], article_path[600], out_dir[600];

static bool
exists (const char *dir, const char *name)
{
  char p[1200];
  snprintf (p, sizeof p, "%s/%s", dir, name);
  return access (p, F_OK) == 0;
}

/* Builds the edition into out_dir; touches `touch` (if any) between
 * reading and the swap.  The commit's result. */
static int
build (const char *touch, pb_diagnostics *d)
{
  pb_output *o = pb_output_open (out_dir, d);
  pb_edition *ed = o ? pb_edition_load (engine, edition_path, d) : NULL;
  pb_layout *L = ed ? pb_layout_create (engine, ed, d) : NULL;
  pb_write_options wo = {.dpi = 30};
  int r = L && pb_layout_write (L, o, &wo, d) == 0 ? 0 : -1;
  if (r == 0 && touch) {
    /* a new time and size, as a save does */
    FILE *f = fopen (touch, "a");
    fputs ("\n补充一句。\n", f);
    fclose (f);
  }
  if (r == 0)
    r = pb_output_commit (o, ed, d);
  pb_output_close (o);
  pb_layout_destroy (L);
  pb_edition_destroy (ed);
  return r;
}

static void
input_saved_during_the_build (void)
{
  pb_diagnostics *d = pb_diagnostics_create ();
  CHECK (build (NULL, d) == 0);
  pb_diagnostics_destroy (d);
  /* the previous edition, as a reader sees it */
  char report[1200];
  snprintf (report, sizeof report, "%s/report.txt", out_dir);
  struct stat before;
  CHECK (stat (report, &before) == 0);
  d = pb_diagnostics_create ();
  CHECK (build (article_path, d) != 0);
  CHECK (HAS_ERROR (d, "saved.md", "changed while the edition was being built", "nothing was replaced"));
  struct stat after;
  CHECK (stat (report, &after) == 0 && after.st_ino == before.st_ino);
  pb_diagnostics_destroy (d);
  /* built again once saved: it goes in */
  d = pb_diagnostics_create ();
  CHECK (build (NULL, d) == 0);
  CHECK (stat (report, &after) == 0 && after.st_ino != before.st_ino);
  pb_diagnostics_destroy (d);
}

static void
closed_without_commit_leaves_nothing (void)
{
  char dir[700];
  snprintf (dir, sizeof dir, "%s/never", tmp_dir ());
  pb_diagnostics *d = pb_diagnostics_create ();
  pb_output *o = pb_output_open (dir, d);
  CHECK (o != NULL);
  pb_output_close (o);
  CHECK (access (dir, F_OK) != 0);
  /* no staging folder left beside it */
  DIR *p = opendir (tmp_dir ());
  struct dirent *e;
  int staging = 0;
  while (p && (e = readdir (p)))
    staging += strstr (e->d_name, ".never.paiban-new-") != NULL;
  if (p)
    closedir (p);
  INT_EQ (staging, 0);
  pb_diagnostics_destroy (d);
}

static void
second_writer_locked_out (void)
{
  pb_diagnostics *d = pb_diagnostics_create ();
  pb_output *a = pb_output_open (out_dir, d);
  CHECK (a != NULL);
  /* flock is per open file: a second open in this process is refused too */
  pb_output *b = pb_output_open (out_dir, d);
  CHECK (b == NULL);
  CHECK (HAS_ERROR (d, "another paiban build is writing this folder"));
  pb_output_close (a);
  pb_output *c = pb_output_open (out_dir, d);
  CHECK (c != NULL);
  pb_output_close (c);
  CHECK (exists (out_dir, ".paiban-edition"));
  pb_diagnostics_destroy (d);
}

int
main (void)
{
  engine = test_engine ();
  snprintf (article_path, sizeof article_path, "%s/saved.md", tmp_dir ());
  FILE *f = fopen (article_path, "w");
  fputs ("---\nheadline: 高原上的新电站并网\n---\n记者从省能源局获悉，高原上的光伏电站建设进展顺利。\n", f);
  fclose (f);
  snprintf (edition_path, sizeof edition_path, "%s/saved.yaml", tmp_dir ());
  f = fopen (edition_path, "w");
  fprintf (f, "paper: 测试报\ndate: 2026-11-30\nlayout: %s/tests/layout/test.yaml\npages:\n  - number: 2\n"
              "    articles:\n      - src: saved.md\n        at: {col: 1, row: 1, cols: 2, rows: 20}\n",
           PB_SOURCE_DIR);
  fclose (f);
  snprintf (out_dir, sizeof out_dir, "%s/out", tmp_dir ());
  static const pb_test_case cases[] = {
    {"input_saved_during_the_build", input_saved_during_the_build},
    {"closed_without_commit_leaves_nothing", closed_without_commit_leaves_nothing},
    {"second_writer_locked_out", second_writer_locked_out},
  };
  int r = pb_test_run (cases, sizeof cases / sizeof cases[0]);
  pb_engine_destroy (engine);
  return r;
}
