/* paiban — the command-line program: flags, calls the library, prints
 * diagnostics, sets the exit status. */
#include "paiban.h"

#include <libintl.h>
#include <locale.h>

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

enum { EXIT_INPUT = 1, EXIT_USAGE = 2, EXIT_STRICT = 3 };

#define _(s) dgettext ("paiban", s)
/* a message with a count: the English singular or plural, or the catalog's */
#define P_(s, p, n) dngettext ("paiban", s, p, (unsigned long) (n))
#define N_(s) s
#define usage _(usage_text)

/* Messages in the desk's language: English, or Chinese (zh_CN, zh_TW)
 * when LANG (LC_ALL, LC_MESSAGES) says so.  A system with no Chinese
 * locale installed (a minimal Debian has C.UTF-8 alone) still gets the
 * catalog: the language goes to gettext through LANGUAGE. */
static void
choose_language (void)
{
  const char *dir = getenv ("PAIBAN_LOCALEDIR");
  bindtextdomain ("paiban", dir && dir[0] ? dir : PB_LOCALEDIR);
  bind_textdomain_codeset ("paiban", "UTF-8");
  const char *lang = getenv ("LC_ALL");
  if (!lang || !lang[0])
    lang = getenv ("LC_MESSAGES");
  if (!lang || !lang[0])
    lang = getenv ("LANG");
  if (!setlocale (LC_ALL, "") || (lang && strncmp (lang, "zh", 2) == 0)) {
    setlocale (LC_ALL, "C.UTF-8");
    const char *language = getenv ("LANGUAGE");
    if (lang && strncmp (lang, "zh", 2) == 0 && (!language || !language[0])) {
      /* Hong Kong and Macau read the Taiwan catalog, Singapore the
       * mainland's */
      const char *pick = strncmp (lang, "zh_TW", 5) == 0 || strncmp (lang, "zh_HK", 5) == 0 ||
                             strncmp (lang, "zh_MO", 5) == 0 || strstr (lang, "Hant")
                           ? "zh_TW" : "zh_CN";
      setenv ("LANGUAGE", pick, 1);
    }
  }
  /* numbers in files and PDF link targets keep their point */
  setlocale (LC_NUMERIC, "C");
}

static const char usage_text[] = N_ ("usage: paiban build EDITION.yaml -o DIR [options]\n"
  "       paiban check EDITION.yaml [options]\n"
  "       paiban proof ARTICLE.md -o FILE.pdf [--layout NAME|FILE] [options]\n"
  "       paiban layout NAME|FILE\n"
  "       paiban archive DIR\n"
  "\n"
  "  build   typeset the edition into DIR (edition.pdf, pages/, images/, edition.json,\n"
  "          index.html, report.txt): written beside DIR, then swapped in whole\n"
  "  check   validate the edition and print the report; writes nothing\n"
  "  proof   set one article alone through as many pages as it needs (default layout a4)\n"
  "  layout  describe a layout template: page, grid, body lines on page 1 and the others\n"
  "  archive index the editions built into the folders of DIR (往期): DIR/index.html\n"
  "\n"
  "options:\n"
  "  -o, --output PATH    output folder (build) or PDF file (proof)\n"
  "      --dpi N          page image resolution (default 150)\n"
  "      --pages LIST     rebuild only these pages, e.g. 1,3-4, inside the edition in DIR\n"
  "                       (and the pages a jump joins to them, and any that changed)\n"
  "      --strict         warnings are failures: exit 3 and write nothing (overset,\n"
  "                       low-resolution photos, missing glyphs, unknown keys, …)\n"
  "      --layout NAME    layout template for proof (a name under the layouts folder or a path)\n"
  "      --layouts DIR    folder of layout templates (default $PAIBAN_LAYOUTS or the built-in)\n"
  "      --fonts FILE     fontconfig configuration to use instead of the system's\n"
  "                       (default $PAIBAN_FONTCONFIG)\n"
  "      --json FILE      also write the laid-out pages as JSON (for tests and debugging)\n"
  "  -j, --jobs N         pages rendered in parallel (default: the number of cores)\n"
  "      --pdf-only       build: write only DIR/edition.pdf and DIR/report.txt\n"
  "      --press[=x1a|x4|off]  build: also the printing plant's PDFs, DIR/press/NN.pdf\n"
  "                       and DIR/press/edition.pdf (with --pdf-only, the latter): CMYK\n"
  "                       through the layout's press profile, PDF/X-1a:2001 or PDF/X-4\n"
  "                       (bare: the edition's or the layout's choice, PDF/X-1a by\n"
  "                       default); check: the press preflight alone; off: none\n"
  "      --article-pdfs DIR  also write one PDF per article (only its own items) into DIR\n"
  "  -q, --quiet          print errors only\n"
  "  -h, --help           this help\n"
  "  -V, --version        the version\n"
  "\n"
  "exit status: 0 success, 1 errors (nothing written), 2 usage, 3 --strict problems (nothing\n"
  "written), 128+N stopped by signal N (nothing written)\n");

/* Where photos converted for the press are kept between builds:
 * $PAIBAN_CACHE ("off": nowhere), else $XDG_CACHE_HOME/paiban, else
 * ~/.cache/paiban.  Malloc'd, or NULL. */
static char *
cache_dir (void)
{
  const char *c = getenv ("PAIBAN_CACHE"), *x = getenv ("XDG_CACHE_HOME"), *h = getenv ("HOME");
  char *out = NULL;
  if (c && (!c[0] || strcmp (c, "off") == 0))
    return NULL;
  if (c)
    return strdup (c);
  if ((x && x[0] == '/') || (h && h[0] == '/')) {
    const char *base = x && x[0] == '/' ? x : h;
    out = malloc (strlen (base) + 32);
    if (out)
      sprintf (out, "%s%s/paiban", base, x && x[0] == '/' ? "" : "/.cache");
  }
  return out;
}

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
  if (pb_diagnostics_count_lost (d))
    fprintf (stderr, _("paiban: out of memory: %zu messages could not be kept\n"), pb_diagnostics_count_lost (d));
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

/* A signal asks the build to stop: the library stops between pages, the
 * staging folder is removed, nothing is replaced.  A second signal ends
 * the program at once (the next build removes what it left). */
static volatile sig_atomic_t stop_signal;
static volatile int cancel_flag;

static void
on_signal (int sig)
{
  stop_signal = sig;
  cancel_flag = 1;
  signal (sig, SIG_DFL);
}

/* A fatal signal inside a library (GLib aborts when its own allocation or
 * a thread fails; fontconfig may crash when memory runs out): the
 * edition was being written into a staging folder, so nothing was
 * replaced.  Say so, then die of the signal as before (status ≥ 128). */
static const char *fatal_message = "", *crash_message = "";

static void
on_fatal (int sig)
{
  /* translated before any signal can come: an abort is most often memory
   * (GLib's), a segmentation fault is a fault to report */
  const char *m = sig == SIGSEGV || sig == SIGBUS ? crash_message : fatal_message;
  ssize_t w = write (STDERR_FILENO, m, strlen (m));
  (void) w;
  signal (sig, SIG_DFL);
  raise (sig);
}

/* Is dir a the folder b or one inside it (after resolving what exists)? */
/* Whether path is absent, or a file whose first bytes are head (a PDF, a
 * JSON document paiban may write over). */
static bool
starts_with_file (const char *path, const char *head)
{
  FILE *f = fopen (path, "rb");
  if (!f)
    return errno == ENOENT;
  char buf[8] = "";
  size_t n = fread (buf, 1, strlen (head), f);
  fclose (f);
  return n == strlen (head) && memcmp (buf, head, n) == 0;
}

/* The absolute path of path, which need not exist yet (its nearest
 * existing folder resolved, the rest appended); malloc'd, or NULL. */
static char *
resolve (const char *path)
{
  char *r = realpath (path, NULL);
  if (r || errno != ENOENT)
    return r;
  char *copy = strdup (path);
  char *slash = copy ? strrchr (copy, '/') : NULL;
  while (slash && slash > copy && slash[1] == 0) { /* a trailing slash */
    *slash = 0;
    slash = strrchr (copy, '/');
  }
  char *parent = !copy ? NULL : slash == copy ? strdup ("/") : slash ? (*slash = 0, resolve (copy)) : realpath (".", NULL);
  const char *base = slash ? slash + 1 : copy;
  if (parent && base && *base) {
    size_t n = strlen (parent) + strlen (base) + 2;
    r = malloc (n);
    if (r)
      snprintf (r, n, "%s%s%s", parent, strcmp (parent, "/") == 0 ? "" : "/", base);
  }
  free (parent);
  free (copy);
  return r;
}

static bool
same_or_inside (const char *a, const char *b)
{
  char *ra = resolve (a), *rb = resolve (b);
  bool r = false;
  if (ra && rb) {
    size_t n = strlen (rb);
    r = strncmp (ra, rb, n) == 0 && (ra[n] == 0 || ra[n] == '/');
  } else
    r = strcmp (a, b) == 0;
  free (ra);
  free (rb);
  return r;
}

/* --json FILE: written beside, then renamed. */
static void
write_json (const char *path, const char *json)
{
  size_t n = strlen (path) + 32;
  char *tmp = malloc (n);
  if (!tmp)
    return;
  snprintf (tmp, n, "%s.%ld.tmp", path, (long) getpid ());
  FILE *f = fopen (tmp, "w");
  bool ok = f && fputs (json, f) >= 0;
  if (f && fclose (f) != 0)
    ok = false;
  if (!ok || rename (tmp, path) != 0) {
    fprintf (stderr, _("paiban: cannot write %s: %s\n"), path, strerror (errno));
    unlink (tmp);
  }
  free (tmp);
}

typedef struct {
  const char *output, *layout, *json_path, *article_dir, *layouts, *fonts;
  double dpi;
  int strict, quiet, pdf_only, jobs, press;
  int *pages;
  size_t n_pages;
} options;

/* Parses the flags; returns -1 to go on, or an exit status. */
static int
parse_options (int argc, char **argv, options *op)
{
  static const struct option longopts[] = {
    {"output", required_argument, NULL, 'o'}, {"dpi", required_argument, NULL, 'd'},
    {"pages", required_argument, NULL, 'p'},  {"strict", no_argument, NULL, 's'},
    {"layout", required_argument, NULL, 'l'}, {"layouts", required_argument, NULL, 'L'},
    {"fonts", required_argument, NULL, 'f'},  {"json", required_argument, NULL, 'S'},
    {"quiet", no_argument, NULL, 'q'},        {"help", no_argument, NULL, 'h'},
    {"article-pdfs", required_argument, NULL, 'A'},   {"jobs", required_argument, NULL, 'J'},
    {"pdf-only", no_argument, NULL, 'P'},     {"press", optional_argument, NULL, 'X'},
    {"version", no_argument, NULL, 'V'},      {NULL, 0, NULL, 0},
  };
  int c;
  while ((c = getopt_long (argc, argv, "o:qhVj:", longopts, NULL)) != -1) {
    switch (c) {
    case 'o': op->output = optarg; break;
    case 'd': {
      char *end;
      op->dpi = strtod (optarg, &end);
      /* a decimal number only: strtod also reads "nan", "inf" and hex */
      bool decimal = optarg[0] && strspn (optarg, "0123456789.") == strlen (optarg);
      if (*end || !decimal || !(op->dpi >= 10 && op->dpi <= 1200)) {
        fprintf (stderr, _("paiban: --dpi must be a number between 10 and 1200\n"));
        return EXIT_USAGE;
      }
      break;
    }
    case 'p':
      free (op->pages);
      op->pages = NULL;
      if (parse_pages (optarg, &op->pages, &op->n_pages) != 0) {
        fprintf (stderr, _("paiban: --pages takes a list such as 1,3-4\n"));
        return EXIT_USAGE;
      }
      break;
    case 's': op->strict = 1; break;
    case 'l': op->layout = optarg; break;
    case 'L': op->layouts = optarg; break;
    case 'f': op->fonts = optarg; break;
    case 'S': op->json_path = optarg; break;
    case 'A': op->article_dir = optarg; break;
    case 'P': op->pdf_only = 1; break;
    case 'X':
      if (!optarg)
        op->press = PB_PRESS_LAYOUT;
      else if (strcasecmp (optarg, "x1a") == 0 || strcasecmp (optarg, "pdf/x-1a") == 0)
        op->press = PB_PRESS_X1A;
      else if (strcasecmp (optarg, "x4") == 0 || strcasecmp (optarg, "pdf/x-4") == 0)
        op->press = PB_PRESS_X4;
      else if (strcasecmp (optarg, "off") == 0)
        op->press = PB_PRESS_OFF;
      else {
        fprintf (stderr, _("paiban: --press takes x1a (PDF/X-1a:2001), x4 (PDF/X-4) or off: --press=x4\n"));
        return EXIT_USAGE;
      }
      break;
    case 'J':
    case 'j': {
      char *end;
      long v = strtol (optarg, &end, 10);
      if (*end || v < 1 || v > 64) {
        fprintf (stderr, _("paiban: --jobs must be a number between 1 and 64\n"));
        return EXIT_USAGE;
      }
      op->jobs = (int) v;
      break;
    }
    case 'q': op->quiet = 1; break;
    case 'h': fputs (usage, stdout); return 0;
    case 'V': printf ("paiban %s\n", pb_version ()); return 0;
    default: fputs (usage, stderr); return EXIT_USAGE;
    }
  }
  return -1;
}

int
main (int argc, char **argv)
{
  choose_language ();
  fatal_message = _("paiban: stopped by a fatal error in a library (most often too little memory: out of "
                    "memory); nothing written, the previous edition is unchanged\n");
  crash_message = _("paiban: crashed (out of memory, or a fault in paiban or one of its libraries: please report "
                    "it with the input); nothing written, the previous edition is unchanged\n");
  long ncpu = sysconf (_SC_NPROCESSORS_ONLN);
  options op = {.layouts = getenv ("PAIBAN_LAYOUTS"), .fonts = getenv ("PAIBAN_FONTCONFIG"), .dpi = 150,
                .jobs = ncpu > 0 ? (int) ncpu : 1};
  int early = parse_options (argc, argv, &op);
  if (early >= 0) {
    free (op.pages);
    return early;
  }
  for (int i = optind + 2; i < argc && argc - optind > 2; i++)
    if (strcasecmp (argv[i], "x1a") == 0 || strcasecmp (argv[i], "x4") == 0 || strcasecmp (argv[i], "off") == 0) {
      fprintf (stderr, _("paiban: --press takes its value after '=': --press=%s\n"), argv[i]);
      free (op.pages);
      return EXIT_USAGE;
    }
  if (argc - optind != 2) {
    fputs (usage, stderr);
    free (op.pages);
    return EXIT_USAGE;
  }
  const char *cmd = argv[optind], *input = argv[optind + 1];
  int build = strcmp (cmd, "build") == 0, check = strcmp (cmd, "check") == 0,
      proof = strcmp (cmd, "proof") == 0, describe = strcmp (cmd, "layout") == 0;
  if (strcmp (cmd, "archive") == 0) {
    pb_diagnostics *diags = pb_diagnostics_create ();
    int r = diags ? pb_archive_write (input, diags) : -1;
    print_diags (diags, op.quiet);
    bool bad = r != 0 || !diags || pb_diagnostics_has_errors (diags);
    pb_diagnostics_destroy (diags);
    free (op.pages);
    return bad ? EXIT_INPUT : 0;
  }
  if (describe) {
    pb_diagnostics *diags = pb_diagnostics_create ();
    pb_engine_options eo = {op.fonts, op.layouts ? op.layouts : PB_LAYOUTS_DIR, diags};
    pb_engine *engine = diags ? pb_engine_create (&eo) : NULL;
    char *text = engine ? pb_template_describe (engine, input, diags) : NULL;
    bool bad = !text || pb_diagnostics_has_errors (diags);
    if (text && !bad)
      fputs (text, stdout);
    print_diags (diags, op.quiet);
    free (text);
    pb_diagnostics_destroy (diags);
    pb_engine_destroy (engine);
    free (op.pages);
    return bad ? EXIT_INPUT : 0;
  }
  if (!build && !check && !proof) {
    fprintf (stderr, _("paiban: unknown command '%s'\n%s"), cmd, usage);
    free (op.pages);
    return EXIT_USAGE;
  }
  if (proof && op.press && op.press != PB_PRESS_OFF) {
    fprintf (stderr, _("paiban: --press is for build and check: a proof is for the desk, not the plant\n"));
    free (op.pages);
    return EXIT_USAGE;
  }
  if ((build || proof) && !op.output) {
    fprintf (stderr, _("paiban: %s needs -o %s\n"), cmd, build ? "DIR" : "FILE.pdf");
    free (op.pages);
    return EXIT_USAGE;
  }
  signal (SIGINT, on_signal);
  signal (SIGTERM, on_signal);
  signal (SIGHUP, on_signal);
  signal (SIGSEGV, on_fatal);
  signal (SIGBUS, on_fatal);
  signal (SIGTRAP, on_fatal);
  signal (SIGABRT, on_fatal);
  if (op.pages && op.pdf_only) {
    fprintf (stderr, _("paiban: --pages rebuilds pages inside a whole edition; --pdf-only writes the PDF "
                       "alone: give one of them\n"));
    free (op.pages);
    return EXIT_USAGE;
  }
  if (build && op.article_dir && same_or_inside (op.article_dir, op.output)) {
    fprintf (stderr, _("paiban: --article-pdfs needs a folder of its own, not the output folder or one "
                       "inside it\n"));
    free (op.pages);
    return EXIT_USAGE;
  }
  if (build && op.json_path && same_or_inside (op.json_path, op.output)) {
    fprintf (stderr, _("paiban: --json needs a file outside the output folder (paiban replaces the folder "
                       "whole)\n"));
    free (op.pages);
    return EXIT_USAGE;
  }
  /* never over a file that is not one paiban writes there: an article, the
   * edition file, a desk's notes given by a slip of the keyboard */
  const char *foreign = proof && !starts_with_file (op.output, "%PDF-") ? op.output
                        : op.json_path && !starts_with_file (op.json_path, "{") ? op.json_path : NULL;
  if (foreign) {
    fprintf (stderr, _("paiban: %s exists and is not a file paiban wrote (a %s); paiban will not write over "
                       "it: name another file\n"), foreign, foreign == op.output ? "PDF" : "JSON layout");
    free (op.pages);
    return EXIT_USAGE;
  }
  pb_diagnostics *diags = pb_diagnostics_create ();
  pb_engine_options eo = {op.fonts, op.layouts ? op.layouts : PB_LAYOUTS_DIR, diags};
  pb_engine *engine = diags ? pb_engine_create (&eo) : NULL;
  if (!engine || !diags) {
    print_diags (diags, 0);
    fprintf (stderr, _("paiban: cannot start (out of memory, or the fonts cannot be loaded)\n"));
    pb_diagnostics_destroy (diags);
    free (op.pages);
    return EXIT_INPUT;
  }
  /* the output folders first: a locked or foreign folder fails at once */
  pb_output *out = build ? pb_output_open (op.output, diags) : NULL;
  pb_output *articles_out = build && op.article_dir && out ? pb_output_open (op.article_dir, diags) : NULL;
  pb_edition *ed = NULL;
  pb_layout *lay = NULL;
  if (!pb_diagnostics_has_errors (diags)) {
    progress (_("reading copy…"));
    ed = proof ? pb_edition_load_proof (engine, input, op.layout, diags) : pb_edition_load (engine, input, diags);
  }
  if (ed && !pb_diagnostics_has_errors (diags)) {
    progress (_("typesetting…"));
    lay = pb_layout_create (engine, ed, diags);
  }
  int status = 0, committed = 0;
  char *cache_path = NULL;
  if (!lay || pb_diagnostics_has_errors (diags))
    status = EXIT_INPUT;
  /* a proof is written beside its name, and renamed only when it passes */
  char *proof_tmp = proof ? malloc (strlen (op.output) + 40) : NULL;
  if (proof_tmp)
    sprintf (proof_tmp, "%s.paiban-new-%ld", op.output, (long) getpid ());
  const char *sde = getenv ("SOURCE_DATE_EPOCH");
  cache_path = cache_dir ();
  pb_write_options wo = {op.dpi, op.pages, op.n_pages, op.pdf_only, op.jobs,
                         sde ? strtoll (sde, NULL, 10) : 0, &cancel_flag, op.press, cache_path};
  if (status == 0 && check && pb_layout_check_press (lay, &wo, diags) != 0)
    status = EXIT_INPUT;
  if (status == 0 && (build || proof)) {
    progress (_("writing…"));
    if (proof)
      status = proof_tmp && pb_layout_write_pdf (lay, proof_tmp, &wo, diags) == 0 ? 0 : EXIT_INPUT;
    else {
      if (pb_layout_write (lay, out, &wo, diags) != 0)
        status = EXIT_INPUT;
      if (status == 0 && articles_out && pb_layout_write_articles (lay, articles_out, diags) != 0)
        status = EXIT_INPUT;
    }
  }
  free (cache_path);
  size_t warnings = pb_diagnostics_count_severity (diags, PB_SEVERITY_WARNING);
  if (status == 0 && op.strict && warnings > 0)
    status = EXIT_STRICT;
  if (stop_signal)
    status = 128 + stop_signal;
  if (status == 0 && build) {
    /* the inputs re-checked, then the new edition swapped in */
    committed = pb_output_commit (out, ed, diags) == 0;
    if (committed && articles_out)
      committed = pb_output_commit (articles_out, NULL, diags) == 0;
    if (!committed)
      status = EXIT_INPUT;
  }
  if (proof && proof_tmp) {
    if (status == 0 && rename (proof_tmp, op.output) == 0)
      committed = 1;
    else {
      if (status == 0) {
        fprintf (stderr, _("paiban: cannot write %s: %s\n"), op.output, strerror (errno));
        status = EXIT_INPUT;
      }
      unlink (proof_tmp);
    }
  }
  free (proof_tmp);
  /* --json only with the edition it describes */
  if (committed || (check && status == 0)) {
    char *json = op.json_path ? pb_layout_to_json (lay) : NULL;
    if (json)
      write_json (op.json_path, json);
    free (json);
  }
  pb_output_close (articles_out);
  pb_output_close (out);
  progress_done ();
  /* with --strict the warnings are why it failed: shown even with -q */
  print_diags (diags, op.quiet && !op.strict);
  if (check && lay) {
    char *report = pb_layout_report (lay, diags);
    if (report)
      fputs (report, stdout);
    free (report);
  }
  warnings = pb_diagnostics_count_severity (diags, PB_SEVERITY_WARNING);
  size_t errors = pb_diagnostics_count_severity (diags, PB_SEVERITY_ERROR);
  bool wrote = committed;
  if (!op.quiet && lay && status != EXIT_INPUT) {
    char pages[64], warns[64];
    snprintf (pages, sizeof pages, P_("%zu page", "%zu pages", pb_layout_page_count (lay)),
              pb_layout_page_count (lay));
    snprintf (warns, sizeof warns, P_("%zu warning", "%zu warnings", warnings), warnings);
    /* TRANSLATORS: "3 pages, 2 warnings, written to the output folder" */
    fprintf (stderr, _("paiban: %s, %s%s\n"), pages, warns,
             wrote ? (build ? _(", written to the output folder") : _(", written")) : "");
  }
  if (stop_signal && !wrote)
    fprintf (stderr, _("paiban: stopped by a signal; nothing written\n"));
  else if (status == EXIT_STRICT)
    fprintf (stderr,
             P_("paiban: --strict: %zu warning; nothing written (the output %s is unchanged)\n",
                "paiban: --strict: %zu warnings; nothing written (the output %s is unchanged)\n", warnings),
             warnings, op.output ? op.output : "");
  else if (status == EXIT_INPUT)
    fprintf (stderr, P_("paiban: %zu error; nothing written\n", "paiban: %zu errors; nothing written\n", errors),
             errors);
  pb_layout_destroy (lay);
  pb_edition_destroy (ed);
  pb_diagnostics_destroy (diags);
  pb_engine_destroy (engine);
  free (op.pages);
  return status;
}
