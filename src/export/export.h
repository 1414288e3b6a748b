/* export: internal helpers shared by its files. */
#ifndef PB_EXPORT_H
#define PB_EXPORT_H

#include "render/render.h"

/* The marker of an output folder paiban made: the manifest of the edition
 * in it (pages, their fingerprints and files). */
#define PB_OUTPUT_MARKER ".paiban-edition"

/* The staging folder to write into; the manifest of the edition in the
 * target (NULL: none); the manifest to write at commit (taken). */
const char *pb_output_dir (const pb_output *out);
const char *pb_output_previous_manifest (const pb_output *out);
void pb_output_set_manifest (pb_output *out, char *manifest);
/* No input of the edition inside the output folder (it would be removed
 * with the previous edition); false, each reported, otherwise. */
bool pb_output_check_inputs (const pb_output *out, const pb_edition *edition, pb_diagnostics *diags);

/* A path in a staging folder as the desk knows it: PARENT/.NAME.paiban-new-PID/x
 * is shown as PARENT/NAME/x (in buf); other paths as they are. */
const char *pb_export_shown (const char *path, char *buf, size_t cap);
#define PB_SHOWN(path) pb_export_shown ((path), (char[4096]) {0}, 4096)

/* Writes b to path (in a staging folder: written whole, then fsync'd);
 * reports a failure. */
bool pb_export_write_file (const char *path, const pb_buf *b, pb_diagnostics *diags);
/* The same for len bytes at data (borrowed). */
bool pb_export_write_bytes (const char *path, const void *data, size_t len, pb_diagnostics *diags);
/* Creates a folder if needed; reports a failure. */
bool pb_export_make_dir (const char *path, pb_diagnostics *diags);
/* cairo write callback appending to a pb_buf. */
cairo_status_t pb_export_buf_write (void *closure, const unsigned char *data, unsigned int len);

/* The number of the article's photo an image item shows: 1, 2, 3 … in
 * copy order (pb_block.photo), the N of images/ID-N.jpg, of the ninjs
 * photo's uri and name and of METS's and ALTO's references; 0 for an ad. */
int pb_export_photo_number (const pb_edition *edition, const pb_dl_item *it);

/* The files' title: the paper and the date (a proof: its headline);
 * malloc'd, NULL when out of memory. */
char *pb_export_title (const pb_layout *layout);
/* Draws the pages into s, a PDF surface, one PDF page each, with cache
 * (its own for each file); with outline, the RGB file's page labels and
 * outline.  Finishes and destroys s; returns cairo's status (sticky: the
 * context's after each page, the surface's after finishing), or
 * CAIRO_STATUS_NO_MEMORY when cache is NULL or a page could not be drawn. */
cairo_status_t pb_export_draw_pdf (cairo_surface_t *s, pb_layout *layout, const size_t *pages, size_t n,
                                   pb_image_cache *cache, int article, bool outline, pb_diagnostics *diags);

/* The press PDFs (press.c): photos in the plant's inks and the preflight
 * (into layout->press and diags), made once before the pages are drawn;
 * then any pages as one PDF/X file into out (thread-safe for one job).
 * NULL / false on failure, reported. */
typedef struct pb_press_job pb_press_job;
/* The size a photo is made at for the press, in eighths of its stored
 * size (8: whole), from its largest print in the whole edition and the
 * layout's press downsample resolution. */
int pb_press_photo_eighths (const pb_layout *layout, const pb_image *image);
/* The same for any resolution: the eighths (1–8) of its stored size a
 * JPEG photo may be made at and keep at least want ppi at its largest
 * print in the edition (8: as stored). */
int pb_photo_eighths_for (const pb_layout *layout, const pb_image *image, double want);
pb_press_job *pb_press_prepare (pb_layout *layout, pb_pdfx standard, int jobs, const char *cache_dir,
                                pb_diagnostics *diags);
bool pb_press_render (pb_press_job *job, pb_layout *layout, const size_t *pages, size_t n, long long epoch,
                      pb_buf *out, pb_diagnostics *diags);
void pb_press_job_destroy (pb_press_job *job);

/* Page image derivatives: WebP, thumbnail (PNG, WebP), figure photos. */
int pb_digital_page_images (pb_layout *layout, const pb_dl_page *page, cairo_surface_t *png,
                            double dpi, const char *dir, pb_diagnostics *diags);
/* An article's TextBlock or Illustration in a page's ALTO, for METS. */
typedef struct {
  int page;                   /* page number */
  char id[32];                /* its ALTO ID: p3_b12, p3_i2 */
  int article;                /* index in edition->articles */
  bool illustration;
} pb_alto_ref;
typedef PB_VEC (pb_alto_ref) pb_alto_refs;
/* ALTO 4.4 per page (pages/NN.alto.xml, alto.c): the text as set, with
 * positions in inch1200, its blocks tagged with their articles; each
 * article's blocks and photos appended to *refs (NULL: not wanted) in
 * reading order.  0, or −1 when a file could not be written (reported). */
int pb_alto_write (const pb_layout *layout, const char *dir, const size_t *pages, size_t n, double dpi,
                   pb_alto_refs *refs, pb_diagnostics *diags);
/* METS for the edition (edition.mets.xml, mets.c): the physical structure
 * (pages → their PDF, images and ALTO) and the logical one (issue →
 * articles → their ALTO blocks on each page, a jump's across pages).
 * 0, or −1 (reported). */
int pb_mets_write (const pb_layout *layout, const char *dir, const size_t *pages, size_t n,
                   const pb_alto_refs *refs, pb_diagnostics *diags);
/* The size in pixels of a figure's photo cut out of a page image at dpi
 * (images/ID-N.jpg) from its box of w × h (page units): at least 1 × 1. */
void pb_digital_figure_size (double dpi, pb_fixed w, pb_fixed h, int *pw, int *ph);
/* The viewer's search table folding Simplified and Traditional to one
 * script for the characters of text (script_fold.c): a JSON object of
 * one character to one (UTF-8), only those that change, in code point
 * order; "{}" where ICU has no transliterator data.  malloc'd; NULL when
 * out of memory. */
char *pb_script_fold_table (const char *text, size_t len);
/* Image maps, ALTO, METS, edition.json, edition.js (with the search's
 * script folding table), the articles' ninjs and the viewer. */
int pb_digital_write (pb_layout *layout, const char *dir, const size_t *pages, size_t n, double dpi,
                      pb_diagnostics *diags);
/* An HTML page being built (html.c): a libxml2 tree, written by its HTML
 * writer (every text and attribute escaped); failed: an allocation
 * failed somewhere (sticky), checked once at the end. */
#include <libxml/HTMLtree.h>
typedef struct {
  htmlDocPtr doc;
  bool failed;
} pb_html_doc;
/* Starts d: its <html lang>; NULL (failed) when out of memory. */
xmlNodePtr pb_html_start (pb_html_doc *d, const char *lang);
/* A child element of parent holding text (NULL: none). */
xmlNodePtr pb_html_el (pb_html_doc *d, xmlNodePtr parent, const char *name, const char *text);
void pb_html_attr (pb_html_doc *d, xmlNodePtr n, const char *name, const char *value);
/* A line break between block elements (where white space shows
 * nothing), so that the file reads; never inside a paragraph's text. */
void pb_html_nl (pb_html_doc *d, xmlNodePtr parent);
/* "<!DOCTYPE html>" and the document in UTF-8 (malloc'd; NULL when
 * anything failed); frees the tree. */
char *pb_html_finish (pb_html_doc *d);

/* An XML document being written with libxml2's writer (ALTO, METS):
 * rc gathers every call's failure, checked once at the end. */
#include <libxml/xmlwriter.h>
typedef struct {
  xmlTextWriterPtr w;
  int rc;
} pb_xml_out;
void pb_xml_start (pb_xml_out *x, const char *name);
void pb_xml_end (pb_xml_out *x);
void pb_xml_attr (pb_xml_out *x, const char *name, const char *value); /* NULL: "" */
void pb_xml_attr_long (pb_xml_out *x, const char *name, long value);
/* <name>text</name>; nothing when text is NULL or empty. */
void pb_xml_element (pb_xml_out *x, const char *name, const char *text);

/* A block's text (paragraph, subheading) into the HTML element el, its
 * bold, emphasis, code and dateline spans as <strong>, <em>, <code> and
 * <span class="dateline"> (ninjs.c); libxml2 escapes it when written.
 * False when out of memory. */
struct _xmlNode;
bool pb_html_block_text (struct _xmlNode *el, const pb_block *b);
/* articles/ID.html: a page per article for the site (article_pages.c):
 * the article whole (kicker, headline, deck, byline, body, photos with
 * captions and credits, its editor), the date and source line, 上一篇 /
 * 下一篇 through the edition, a link to its place on the page image, the
 * other articles of its section; its language, a title, a description
 * and Open Graph tags; articles.css beside them.  0, or −1 (reported). */
int pb_article_pages_write (const pb_layout *layout, const char *dir, const size_t *pages, size_t n,
                            double dpi, pb_diagnostics *diags);
/* articles/ID.json: each article on the pages (the indices into
 * layout->pages of the n pages of the edition) as an IPTC ninjs 3.1 news
 * item (ninjs.c), its photos' sizes those of the page images at dpi.
 * 0, or -1 with the failure reported. */
int pb_ninjs_write (pb_layout *layout, const char *dir, const size_t *pages, size_t n, double dpi,
                    pb_diagnostics *diags);

#endif
