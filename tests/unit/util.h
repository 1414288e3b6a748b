/* Helpers for the unit tests: temporary folders and files. */
#ifndef PB_TEST_UTIL_H
#define PB_TEST_UTIL_H

#include "paiban.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char pb_tmp_dir[256];

static const char *
tmp_dir (void)
{
  if (!pb_tmp_dir[0]) {
    snprintf (pb_tmp_dir, sizeof pb_tmp_dir, "/tmp/paiban-test-XXXXXX");
    if (!mkdtemp (pb_tmp_dir))
      abort ();
  }
  return pb_tmp_dir;
}

/* Writes text to tmp/name; returns the path (static buffer rotation). */
static const char *
write_tmp (const char *name, const char *text)
{
  static char paths[8][512];
  static int k;
  char *p = paths[k++ % 8];
  snprintf (p, 512, "%s/%s", tmp_dir (), name);
  FILE *f = fopen (p, "wb");
  if (!f)
    abort ();
  fwrite (text, 1, strlen (text), f);
  fclose (f);
  return p;
}

/* Does diags hold a diagnostic of severity s whose formatted text
 * contains every one of the NULL-terminated substrings? */
static int
has_diag (const pb_diagnostics *d, pb_severity s, const char *const *subs)
{
  for (size_t i = 0; i < pb_diagnostics_count (d); i++) {
    const pb_diagnostic *x = pb_diagnostics_get (d, i);
    if (x->severity != s)
      continue;
    char *t = pb_diagnostic_format (x);
    int all = 1;
    for (size_t j = 0; subs[j]; j++)
      all &= strstr (t, subs[j]) != NULL;
    free (t);
    if (all)
      return 1;
  }
  return 0;
}
#define HAS_ERROR(d, ...) has_diag (d, PB_SEVERITY_ERROR, (const char *const[]) {__VA_ARGS__, NULL})
#define HAS_WARNING(d, ...) has_diag (d, PB_SEVERITY_WARNING, (const char *const[]) {__VA_ARGS__, NULL})

static void
dump_diags (const pb_diagnostics *d)
{
  for (size_t i = 0; i < pb_diagnostics_count (d); i++) {
    char *t = pb_diagnostic_format (pb_diagnostics_get (d, i));
    fprintf (stderr, "  | %s\n", t);
    free (t);
  }
}

static pb_engine *
test_engine (void)
{
  pb_engine_options o = {PB_SOURCE_DIR "/fonts/test-fonts.conf", PB_SOURCE_DIR "/layouts", NULL};
  return pb_engine_create (&o);
}

#endif
