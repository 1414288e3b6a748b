/* paiban — a newspaper layout engine on cairo, pango and harfbuzz.
 *
 * The public API.  One engine (fonts and configuration) typesets any
 * number of editions.  An edition is loaded from its YAML file (or made
 * from a single article for a proof), laid out into pages, and written out.
 *
 *   pb_engine *engine = pb_engine_create (NULL);
 *   pb_diagnostics *diags = pb_diagnostics_create ();
 *   pb_edition *ed = pb_edition_load (engine, "edition.yaml", diags);
 *   pb_layout *lay = ed ? pb_layout_create (engine, ed, diags) : NULL;
 *   if (lay && !pb_diagnostics_has_errors (diags))
 *     pb_layout_write (lay, "out", &options, diags);
 *   ... print each pb_diagnostics_format (diags, i) ...
 *   pb_layout_destroy (lay); pb_edition_destroy (ed);
 *   pb_diagnostics_destroy (diags); pb_engine_destroy (engine);
 *
 * Ownership: every _create/_load result is owned by the caller and freed
 * with the matching _destroy; _destroy (NULL) is a no-op.  Strings
 * returned by _get_ functions are borrowed and live as long as the object.
 * The library never prints, exits or reads environment variables: all
 * problems go to a pb_diagnostics list.
 */
#ifndef PAIBAN_H
#define PAIBAN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define PB_API __attribute__ ((visibility ("default")))

/* ---- diagnostics ------------------------------------------------------ */

typedef enum {
  PB_SEVERITY_NOTE,    /* informational, e.g. a normalisation made */
  PB_SEVERITY_WARNING, /* output is written but should be checked */
  PB_SEVERITY_ERROR    /* input is wrong: nothing is written */
} pb_severity;

typedef struct pb_diagnostic {
  pb_severity severity;
  const char *code;    /* short stable tag, e.g. "overset", "yaml" */
  const char *file;    /* may be NULL */
  int line, column;    /* 1-based; 0 when unknown */
  const char *message;
  const char *excerpt; /* the offending source text, may be NULL */
} pb_diagnostic;

typedef struct pb_diagnostics pb_diagnostics;

PB_API pb_diagnostics *pb_diagnostics_create (void);
PB_API void pb_diagnostics_destroy (pb_diagnostics *diags);
PB_API size_t pb_diagnostics_count (const pb_diagnostics *diags);
/* Borrowed; valid until the list is destroyed. */
PB_API const pb_diagnostic *pb_diagnostics_get (const pb_diagnostics *diags, size_t i);
/* Counts also the diagnostics that could not be kept (out of memory). */
PB_API size_t pb_diagnostics_count_severity (const pb_diagnostics *diags, pb_severity s);
/* Diagnostics that could not be kept for want of memory (they still
 * count: an error lost is an error). */
PB_API size_t pb_diagnostics_count_lost (const pb_diagnostics *diags);
PB_API int pb_diagnostics_has_errors (const pb_diagnostics *diags);
/* "file:line:col: error: message" plus the excerpt on a second line.
 * Returns a malloc'd string the caller frees. */
PB_API char *pb_diagnostic_format (const pb_diagnostic *d);

/* ---- engine ----------------------------------------------------------- */

typedef struct pb_engine pb_engine;

typedef struct pb_engine_options {
  /* A fontconfig configuration file to use instead of the system's
   * (tests use fonts/test-fonts.conf); NULL: the system configuration. */
  const char *fontconfig_file;
  /* Folder searched for layout names (`layout: broadsheet`); NULL: none. */
  const char *layouts_dir;
  /* Where problems found while starting go (a fontconfig file that cannot
   * be loaded); NULL: nowhere. */
  pb_diagnostics *diags;
} pb_engine_options;

/* Returns NULL on allocation failure or when the fonts cannot be loaded
 * (then in options->diags). */
PB_API pb_engine *pb_engine_create (const pb_engine_options *options);
PB_API void pb_engine_destroy (pb_engine *engine);
PB_API const char *pb_version (void);

/* ---- edition ---------------------------------------------------------- */

typedef struct pb_edition pb_edition;

/* Parses the edition file, its layout, articles and photos.  Problems go
 * to diags; returns NULL when nothing usable could be read (diags says
 * why).  An edition with errors in diags must not be written. */
PB_API pb_edition *pb_edition_load (pb_engine *engine, const char *path, pb_diagnostics *diags);

/* A proof (校样): one article alone in the given layout (a name under the
 * layouts folder or a path; NULL: "a4"), flowing through all columns of
 * as many pages as it needs. */
PB_API pb_edition *pb_edition_load_proof (pb_engine *engine, const char *article_path,
                                          const char *layout, pb_diagnostics *diags);
PB_API void pb_edition_destroy (pb_edition *edition);
PB_API size_t pb_edition_page_count (const pb_edition *edition);

/* A layout template's geometry for people (`paiban layout NAME`): its
 * page, grid (columns of whole characters), body size and pitch, and the
 * number of body lines on page 1 (below the masthead) and on the other
 * pages (below the folio).  malloc'd text; NULL when the template cannot
 * be read (in diags). */
PB_API char *pb_template_describe (pb_engine *engine, const char *name_or_path, pb_diagnostics *diags);

/* 往期 (`paiban archive DIR`): indexes the editions paiban built in the
 * folders of dir — DIR/index.html (by date, newest first, with each first
 * page's thumbnail, date, issue line and lead headline, and a date field)
 * and DIR/paiban-archive.js (the list the editions' viewers load to link
 * back to it and to the previous and next issue), both written
 * atomically.  Folders without paiban's marker are passed over; an
 * unreadable edition.json is a warning.  0, or −1 with errors in diags. */
PB_API int pb_archive_write (const char *dir, pb_diagnostics *diags);

/* ---- layout ----------------------------------------------------------- */

typedef struct pb_layout pb_layout;

/* Typesets every page.  Overset text, low-resolution photos and missing
 * glyphs are reported in diags as warnings; the layout keeps a pointer to
 * the edition, which must outlive it. */
PB_API pb_layout *pb_layout_create (pb_engine *engine, pb_edition *edition, pb_diagnostics *diags);
PB_API void pb_layout_destroy (pb_layout *layout);
PB_API size_t pb_layout_page_count (const pb_layout *layout);
/* The layout as JSON (pages, articles, lines, boxes), malloc'd; for tests
 * and debugging. */
PB_API char *pb_layout_to_json (const pb_layout *layout);

/* ---- output folder ---------------------------------------------------- */

/* An edition's output folder, written as one transaction: files go into a
 * staging folder beside it, and pb_output_commit swaps the staging folder
 * in at once (renameat2 RENAME_EXCHANGE), so that a reader sees the
 * previous edition whole or the new one whole; files the new edition does
 * not have are gone.  While it is open, an advisory lock (flock) on
 * PARENT/.NAME.paiban-lock keeps other builds out.  Only a folder that is
 * new, empty, or made by paiban (its marker file .paiban-edition inside)
 * is taken: a folder with other files is refused, never emptied.
 * Returns NULL (in diags) when the folder cannot be used or is locked. */
typedef struct pb_output pb_output;
PB_API pb_output *pb_output_open (const char *dir, pb_diagnostics *diags);
/* The absolute path of the output folder. */
PB_API const char *pb_output_target (const pb_output *out);
/* Swaps what was written into place.  With an edition, first checks that
 * none of its input files changed since they were read (an editor saving
 * during the build): if one did, it is named in diags and nothing is
 * replaced.  0, or -1 (in diags; the previous edition untouched). */
PB_API int pb_output_commit (pb_output *out, const pb_edition *edition, pb_diagnostics *diags);
/* Releases the lock; what was not committed is removed.  NULL: no-op. */
PB_API void pb_output_close (pb_output *out);

typedef struct pb_write_options {
  double dpi;                 /* page previews; 0: 150 */
  const int *pages;           /* rebuild only these pages inside the edition
                                 already in the folder (the other pages'
                                 files kept as they are, when they have not
                                 changed); NULL: everything */
  size_t n_pages;
  int pdf_only;               /* only edition.pdf (and the report) */
  int jobs;                   /* pages rendered in parallel; 0 or 1: one at a time */
  long long date_epoch;       /* PDF dates when the edition has none (a proof):
                                 seconds since 1970 (SOURCE_DATE_EPOCH); never
                                 the clock, so output stays reproducible */
  const volatile int *cancel; /* when it becomes non-zero (a signal), writing
                                 stops between pages with an error; may be NULL */
  int press;                  /* press/NN.pdf and press/edition.pdf for the
                                 printing plant: PB_PRESS_* */
  const char *cache_dir;      /* a folder where the photos converted for the
                                 press are kept across builds (made if need
                                 be; best effort); NULL: none */
} pb_write_options;

/* The press PDFs' standard (pb_write_options.press). */
enum {
  PB_PRESS_NONE = 0,          /* none (unless the edition asks: `press:`) */
  PB_PRESS_LAYOUT = 1,        /* the edition's `press: x1a|x4`, else the layout's
                                 `press: standard` (PDF/X-1a:2001 by default) */
  PB_PRESS_X1A = 2,           /* PDF/X-1a:2001 (ISO 15930-1) */
  PB_PRESS_X4 = 3,            /* PDF/X-4 (ISO 15930-7) */
  PB_PRESS_OFF = 4,           /* none, whatever the edition asks */
};

/* Writes the edition into out: edition.pdf, pages/NN.pdf, pages/NN.png and
 * .webp, thumbnails, figure images, image maps, edition.json, the viewer
 * and report.txt.  Every limit that could fail late (image sizes at the
 * dpi) is checked before anything is rendered.  Returns 0, or -1 on an
 * error (in diags); nothing reaches the output folder before
 * pb_output_commit. */
PB_API int pb_layout_write (pb_layout *layout, pb_output *out, const pb_write_options *options,
                            pb_diagnostics *diags);

/* Writes all pages as one PDF file (a proof), atomically (written beside
 * and renamed).  0 or -1 (in diags). */
PB_API int pb_layout_write_pdf (pb_layout *layout, const char *path, const pb_write_options *options,
                                pb_diagnostics *diags);

/* Writes one PDF per article into out, <id>.pdf: the pages it is on, with
 * only its own headline, text and figures, where the edition sets them
 * (for checking an article's typesetting alone, and for the digital
 * edition).  Returns 0 or -1 (in diags). */
PB_API int pb_layout_write_articles (pb_layout *layout, pb_output *out, pb_diagnostics *diags);

/* The press preflight alone (what `paiban check --press` reports): the
 * photos made in the plant's inks and every page checked as
 * pb_layout_write does with options->press (or the edition's `press:`),
 * into the layout's report and diags; nothing written.  0, or -1 on an
 * error (in diags).  Nothing to do (0) when neither asks for press
 * output. */
PB_API int pb_layout_check_press (pb_layout *layout, const pb_write_options *options, pb_diagnostics *diags);

/* The preflight report (report.txt) as a malloc'd string. */
PB_API char *pb_layout_report (const pb_layout *layout, const pb_diagnostics *diags);

#ifdef __cplusplus
}
#endif
#endif
