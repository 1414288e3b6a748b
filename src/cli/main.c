/* paiban — the command-line program: flags, calls the library, prints
 * diagnostics, sets the exit status. */
#include "paiban.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { EXIT_INPUT = 1, EXIT_USAGE = 2, EXIT_STRICT = 3 };

static const char usage[] =
  "usage: paiban build EDITION.yaml -o DIR [options]\n"
  "       paiban check EDITION.yaml [options]\n"
  "       paiban proof ARTICLE.md -o FILE.pdf [--layout NAME|FILE] [options]\n"
  "\n"
  "  build   typeset the edition: DIR/edition.pdf, DIR/pages/NN.pdf, DIR/pages/NN.png,\n"
  "          DIR/report.txt (each written atomically)\n"
  "  check   validate the edition and print the report; writes nothing\n"
  "  proof   set one article alone through as many pages as it needs (default layout a4)\n"
  "\n"
  "options:\n"
  "  -o, --output PATH    output folder (build) or PDF file (proof)\n"
  "      --dpi N          page image resolution (default 150)\n"
  "      --pages LIST     only these pages, e.g. 1,3-4\n"
  "      --strict         exit 3 when the report holds problems (overset, low-resolution\n"
  "                       photos, missing glyphs, warnings)\n"
  "      --layout NAME    layout template for proof (a name under the layouts folder or a path)\n"
  "      --layouts DIR    folder of layout templates (default $PAIBAN_LAYOUTS or the built-in)\n"
  "      --fonts FILE     fontconfig configuration to use instead of the system's\n"
  "                       (default $PAIBAN_FONTCONFIG)\n"
  "      --json FILE      also write the laid-out pages as JSON (for tests and debugging)\n"
  "  -j, --jobs N         pages rendered in parallel (default: the number of cores)\n"
  "      --pdf-only       build: write only DIR/edition.pdf\n"
  "      --article-pdfs DIR  also write one PDF per article (only its own items) into DIR\n"
  "  -q, --quiet          print errors only\n"
  "  -h, --help           this help\n"
  "  -V, --version        the version\n"
  "\n"
  "exit status: 0 success, 1 input errors (nothing written), 2 usage, 3 --strict problems\n";

static int
parse_pages (const char *s, int **out, size_t *n)
{
  size_t cap = 16;
  int *v = malloc (cap * sizeof *v);
  *n = 0;
  while (v && *s) {
    char *end;
    long a = strtol (s, &end, 10), b = a;
    if (end == s || a < 1 || a > 10000)
      break;
    s = end;
    if (*s == '-') {
      b = strtol (s + 1, &end, 10);
      if (end == s + 1 || b < a || b > 10000)
        break;
      s = end;
    }
    for (long p = a; p <= b; p++) {
      if (*n == cap) {
        int *nv = realloc (v, (cap *= 2) * sizeof *v);
        if (!nv)
          break;
        v = nv;
      }
      v[(*n)++] = (int) p;
    }
    if (*s == ',')
      s++;
    else if (*s)
      break;
  }
  if (!v || *s || *n == 0) {
    free (v);
    return -1;
  }
  *out = v;
  return 0;
}

static void
print_diags (const pb_diagnostics *d, int quiet)
{
  for (size_t i = 0; i < pb_diagnostics_count (d); i++) {
    const pb_diagnostic *x = pb_diagnostics_get (d, i);
    if (x->severity == PB_SEVERITY_NOTE || (quiet && x->severity != PB_SEVERITY_ERROR))
      continue;
    char *s = pb_diagnostic_format (x);
    if (s)
      fprintf (stderr, "%s\n", s);
    free (s);
  }
}

static void
progress (const char *msg)
{
  if (isatty (STDERR_FILENO))
    fprintf (stderr, "\rpaiban: %-60s", msg);
}

static void
progress_done (void)
{
  if (isatty (STDERR_FILENO))
    fprintf (stderr, "\r%-70s\r", "");
}

int
main (int argc, char **argv)
{
  static const struct option longopts[] = {
    {"output", required_argument, NULL, 'o'}, {"dpi", required_argument, NULL, 'd'},
    {"pages", required_argument, NULL, 'p'},  {"strict", no_argument, NULL, 's'},
    {"layout", required_argument, NULL, 'l'}, {"layouts", required_argument, NULL, 'L'},
    {"fonts", required_argument, NULL, 'f'},  {"json", required_argument, NULL, 'S'},
    {"quiet", no_argument, NULL, 'q'},        {"help", no_argument, NULL, 'h'},
    {"article-pdfs", required_argument, NULL, 'A'},   {"jobs", required_argument, NULL, 'J'},
    {"pdf-only", no_argument, NULL, 'P'},
    {"version", no_argument, NULL, 'V'},      {NULL, 0, NULL, 0},
  };
  const char *output = NULL, *layout = NULL, *json_path = NULL, *article_dir = NULL;
  const char *layouts = getenv ("PAIBAN_LAYOUTS"), *fonts = getenv ("PAIBAN_FONTCONFIG");
  double dpi = 150;
  int strict = 0, quiet = 0, pdf_only = 0, c;
  int *pages = NULL;
  size_t n_pages = 0;
  long ncpu = sysconf (_SC_NPROCESSORS_ONLN);
  int jobs = ncpu > 0 ? (int) ncpu : 1;
  while ((c = getopt_long (argc, argv, "o:qhVj:", longopts, NULL)) != -1) {
    switch (c) {
    case 'o': output = optarg; break;
    case 'd': {
      char *end;
      dpi = strtod (optarg, &end);
      if (*end || dpi < 10 || dpi > 1200) {
        fprintf (stderr, "paiban: --dpi must be a number between 10 and 1200\n");
        return EXIT_USAGE;
      }
      break;
    }
    case 'p':
      free (pages);
      if (parse_pages (optarg, &pages, &n_pages) != 0) {
        fprintf (stderr, "paiban: --pages takes a list such as 1,3-4\n");
        return EXIT_USAGE;
      }
      break;
    case 's': strict = 1; break;
    case 'l': layout = optarg; break;
    case 'L': layouts = optarg; break;
    case 'f': fonts = optarg; break;
    case 'S': json_path = optarg; break;
    case 'A': article_dir = optarg; break;
    case 'P': pdf_only = 1; break;
    case 'J':
    case 'j': {
      char *end;
      long v = strtol (optarg, &end, 10);
      if (*end || v < 1 || v > 64) {
        fprintf (stderr, "paiban: --jobs must be a number between 1 and 64\n");
        return EXIT_USAGE;
      }
      jobs = (int) v;
      break;
    }
    case 'q': quiet = 1; break;
    case 'h': fputs (usage, stdout); return 0;
    case 'V': printf ("paiban %s\n", pb_version ()); return 0;
    default: fputs (usage, stderr); return EXIT_USAGE;
    }
  }
  if (argc - optind != 2) {
    fputs (usage, stderr);
    free (pages);
    return EXIT_USAGE;
  }
  const char *cmd = argv[optind], *input = argv[optind + 1];
  int build = strcmp (cmd, "build") == 0, check = strcmp (cmd, "check") == 0,
      proof = strcmp (cmd, "proof") == 0;
  if (!build && !check && !proof) {
    fprintf (stderr, "paiban: unknown command '%s'\n%s", cmd, usage);
    free (pages);
    return EXIT_USAGE;
  }
  if ((build || proof) && !output) {
    fprintf (stderr, "paiban: %s needs -o %s\n", cmd, build ? "DIR" : "FILE.pdf");
    free (pages);
    return EXIT_USAGE;
  }
  pb_engine_options eo = {fonts, layouts ? layouts : PB_LAYOUTS_DIR};
  pb_engine *engine = pb_engine_create (&eo);
  pb_diagnostics *diags = pb_diagnostics_create ();
  if (!engine || !diags) {
    fprintf (stderr, "paiban: cannot start (out of memory or no fontconfig configuration)\n");
    return EXIT_INPUT;
  }
  progress ("reading copy…");
  pb_edition *ed = proof ? pb_edition_load_proof (engine, input, layout, diags)
                         : pb_edition_load (engine, input, diags);
  pb_layout *lay = NULL;
  if (ed && !pb_diagnostics_has_errors (diags)) {
    progress ("typesetting…");
    lay = pb_layout_create (engine, ed, diags);
  }
  int status = 0;
  if (!lay || pb_diagnostics_has_errors (diags)) {
    status = EXIT_INPUT;
  } else {
    if (json_path) {
      char *json = pb_layout_to_json (lay);
      FILE *f = json ? fopen (json_path, "w") : NULL;
      if (f) {
        fputs (json, f);
        fclose (f);
      } else
        fprintf (stderr, "paiban: cannot write %s: %s\n", json_path, strerror (errno));
      free (json);
    }
    if (build || proof) {
      progress ("writing…");
      const char *sde = getenv ("SOURCE_DATE_EPOCH");
      char *pdf_path = NULL;
      if (build && pdf_only) {
        mkdir (output, 0755);
        pdf_path = malloc (strlen (output) + 16);
        if (pdf_path)
          sprintf (pdf_path, "%s/edition.pdf", output);
      }
      pb_write_options wo = {dpi, pages, n_pages, proof || pdf_path, proof ? output : pdf_path, jobs,
                             sde ? strtoll (sde, NULL, 10) : 0};
      if (pb_layout_write (lay, output, &wo, diags) != 0)
        status = EXIT_INPUT;
      if (status == 0 && article_dir && pb_layout_write_articles (lay, article_dir, diags) != 0)
        status = EXIT_INPUT;
      free (pdf_path);
    }
  }
  progress_done ();
  print_diags (diags, quiet);
  if (check && lay) {
    char *report = pb_layout_report (lay, diags);
    if (report)
      fputs (report, stdout);
    free (report);
  }
  size_t warnings = pb_diagnostics_count_severity (diags, PB_SEVERITY_WARNING);
  if (status == 0 && strict && warnings > 0)
    status = EXIT_STRICT;
  if (!quiet && status != EXIT_INPUT && lay)
    fprintf (stderr, "paiban: %zu pages, %zu warnings%s\n", pb_layout_page_count (lay), warnings,
             build ? ", written to the output folder" : "");
  if (status == EXIT_INPUT)
    fprintf (stderr, "paiban: %zu errors; nothing written\n",
             pb_diagnostics_count_severity (diags, PB_SEVERITY_ERROR));
  pb_layout_destroy (lay);
  pb_edition_destroy (ed);
  pb_diagnostics_destroy (diags);
  pb_engine_destroy (engine);
  free (pages);
  return status;
}
