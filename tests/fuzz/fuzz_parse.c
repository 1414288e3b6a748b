/* libFuzzer targets for the parsers.  Built with -DPB_FUZZ=ON (clang):
 * fuzz_article feeds the bytes as an article file (front matter +
 * Markdown), fuzz_edition as an edition file, fuzz_layout as a layout
 * template.  The parsers read files, so the input goes to a private
 * temporary file first. */
#include "parse/parse.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static const char *
input_file (const uint8_t *data, size_t size)
{
  static char path[64];
  if (!path[0])
    snprintf (path, sizeof path, "/tmp/paiban-fuzz-%ld", (long) getpid ());
  FILE *f = fopen (path, "wb");
  if (!f)
    abort ();
  fwrite (data, 1, size, f);
  fclose (f);
  return path;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  const char *path = input_file (data, size);
  pb_diagnostics *d = pb_diagnostics_create ();
#if defined(PB_FUZZ_ARTICLE)
  pb_arena *a = pb_arena_create ();
  pb_parse_article (a, path, PB_LANG_ZH_HANS, d);
  pb_arena_destroy (a);
#elif defined(PB_FUZZ_EDITION)
  pb_edition_destroy (pb_parse_edition (path, PB_SOURCE_DIR "/layouts", d));
#else
  pb_arena *a = pb_arena_create ();
  pb_parse_template (a, path, NULL, (pb_pos) {0}, d);
  pb_arena_destroy (a);
#endif
  for (size_t i = 0; i < pb_diagnostics_count (d); i++)
    free (pb_diagnostic_format (pb_diagnostics_get (d, i)));
  pb_diagnostics_destroy (d);
  return 0;
}
