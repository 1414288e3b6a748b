/* ninjs: each article of the digital edition as an IPTC ninjs 3.1 news
 * item (News in JSON, https://iptc.org/standards/ninjs/), DIR/articles/
 * ID.json, for the news platforms, apps and archives that take ninjs.
 * Only ninjs's own fields, spelt as ninjs 3.x spells them (camelCase), so
 * that a file validates against IPTC's schema, which allows no others
 * (a copy in tests/digital/ninjs-schema_3.1.json):
 *
 *   uri           urn:paiban:PAPER:DATE:ID — the paper's name
 *                 percent-encoded (its UTF-8 bytes, all but A–Z a–z 0–9
 *                 - . _ ~), the edition's date, the article's id: the
 *                 same for every build of the edition
 *   headlines     roles main (主题), kicker (引题), subhead (副题: one a line)
 *   by            the byline
 *   infoSources   the article's editor (责任编辑), role editor
 *   bodies        one, role main, text/html: a <p> per paragraph, an <h2>
 *                 per subheading (the dateline opening the first paragraph,
 *                 as printed, in <span class="dateline">)
 *   associations  one per photo, type picture: its caption (a description,
 *                 role caption), credit (by) and the photo as cut out of
 *                 the page (rendition web, ../images/ID-N.jpg)
 *
 * Its dates are the edition's day, 00:00 UTC (as the PDFs' are), never
 * the clock's: the same inputs give the same bytes.  README, "Output
 * files", says what each field holds and why. */
#include "export/export.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/HTMLtree.h>

#define NINJS_VERSION "3.1"
#define NINJS_SCHEMA "http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json#"

/* The inline marks a body keeps (the other spans only guide line breaks). */
#define BODY_MARKS (PB_SPAN_DATELINE | PB_SPAN_BOLD | PB_SPAN_EMPH | PB_SPAN_VERBATIM)
#define MARK_BITS 5 /* the bits BODY_MARKS uses: 1 << 0 … 1 << 4 */
_Static_assert (BODY_MARKS < (1u << MARK_BITS), "a body mark beyond MARK_BITS");

/* Sets key of o to v, taking v (released on failure); false when o or v
 * is missing (out of memory) or the set fails. */
static bool
set (json_t *o, const char *key, json_t *v)
{
  if (!o) {
    json_decref (v);
    return false;
  }
  return json_object_set_new (o, key, v) == 0;
}

/* Appends v to the array a, taking v; false as set's. */
static bool
append (json_t *a, json_t *v)
{
  if (!a) {
    json_decref (v);
    return false;
  }
  return json_array_append_new (a, v) == 0;
}

/* s percent-encoded into b as a part of a URN: every byte but RFC 3986's
 * unreserved characters as %XX (upper-case hex), so that a paper's name
 * (高原日报, "The Daily: Weekend") brings in no space, colon or slash. */
static void
put_encoded (pb_buf *b, const char *s)
{
  static const char hex[] = "0123456789ABCDEF";
  for (const unsigned char *p = (const unsigned char *) s; *p; p++) {
    bool unreserved = (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
                      *p == '-' || *p == '.' || *p == '_' || *p == '~';
    char e[3] = {'%', hex[*p >> 4], hex[*p & 15]};
    pb_buf_append (b, unreserved ? (const char *) p : e, unreserved ? 1 : 3);
  }
}

/* The article's uri, urn:paiban:PAPER:DATE:ID; malloc'd, NULL when out
 * of memory.  (A URN of paiban's, not a namespace registered with IANA:
 * an opaque, stable name for the item, not an address.) */
static char *
item_uri (const pb_edition *ed, const pb_article *a)
{
  pb_buf b = {0};
  pb_buf_puts (&b, "urn:paiban:");
  put_encoded (&b, ed->paper);
  pb_buf_puts (&b, ":");
  put_encoded (&b, ed->date);
  pb_buf_puts (&b, ":");
  put_encoded (&b, a->id);
  if (b.failed) {
    pb_buf_free (&b);
    return NULL;
  }
  return pb_buf_steal (&b);
}

/* Adds a child node to parent; the child is freed when it cannot be
 * added.  The added node (a text node may be merged into the one before
 * it), or NULL when out of memory. */
static xmlNodePtr
add_node (xmlNodePtr parent, xmlNodePtr child)
{
  if (!child)
    return NULL;
  xmlNodePtr r = parent ? xmlAddChild (parent, child) : NULL;
  if (!r)
    xmlFreeNode (child);
  return r;
}

/* The elements of the marks, nested in this order: the dateline <span
 * class="dateline">, bold <strong>, emphasis <em>, a code span <code>. */
static const struct {
  unsigned flag;
  const char *tag;
} mark_elements[] = {
  {PB_SPAN_DATELINE, "span"}, {PB_SPAN_BOLD, "strong"}, {PB_SPAN_EMPH, "em"}, {PB_SPAN_VERBATIM, "code"},
};
#define N_MARK_ELEMENTS (sizeof mark_elements / sizeof mark_elements[0])

/* A block being filled: the elements open at its end (the last run's,
 * outermost first, as indices into mark_elements). */
typedef struct {
  xmlNodePtr block;
  xmlNodePtr el[N_MARK_ELEMENTS];
  size_t kind[N_MARK_ELEMENTS];
  size_t depth;
} open_marks;

/* text[s, e) at the end of the block inside the elements of its marks,
 * those it shares from the outside in with the run before reused (粗体
 * *粗斜* 仍粗: one <strong> round an <em>).  False when out of memory. */
static bool
add_run (open_marks *o, const char *text, size_t s, size_t e, unsigned marks)
{
  size_t chain[N_MARK_ELEMENTS], n = 0, keep = 0;
  for (size_t i = 0; i < N_MARK_ELEMENTS; i++)
    if (marks & mark_elements[i].flag)
      chain[n++] = i;
  while (keep < o->depth && keep < n && o->kind[keep] == chain[keep])
    keep++;
  o->depth = keep;
  xmlNodePtr at = keep ? o->el[keep - 1] : o->block;
  for (size_t k = keep; at && k < n; k++) {
    at = add_node (at, xmlNewNode (NULL, BAD_CAST mark_elements[chain[k]].tag));
    if (at && mark_elements[chain[k]].flag == PB_SPAN_DATELINE &&
        !xmlNewProp (at, BAD_CAST "class", BAD_CAST "dateline"))
      at = NULL;
    o->el[k] = at;
    o->kind[k] = chain[k];
    o->depth = k + 1;
  }
  /* a run is at most a paragraph: PB_MAX_PARAGRAPH_BYTES, far below INT_MAX */
  return at && add_node (at, xmlNewTextLen (BAD_CAST (text + s), (int) (e - s)));
}

/* Where a span starts or ends: its byte offset, marks and +1 / −1. */
typedef struct {
  size_t at;
  unsigned marks;
  int step;
} edge;

static int
edge_order (const void *a, const void *b)
{
  const edge *x = a, *y = b;
  return x->at < y->at ? -1 : x->at > y->at;
}

/* Is offset i of the block's text the start of a character (or its end)? */
static bool
char_start (const pb_block *b, size_t i)
{
  return i == b->len || (i < b->len && ((unsigned char) b->text[i] & 0xC0) != 0x80);
}

/* The block's text into el, each run of one set of marks inside its
 * elements.  Spans may overlap (a bold dateline, a signature in bold):
 * their edges are swept in order, a count kept for each mark, so that a
 * paragraph of many spans costs n log n.  A span that does not fall on
 * whole characters is left unmarked.  False when out of memory. */
bool
pb_html_block_text (xmlNodePtr el, const pb_block *b)
{
  edge *edges = b->n_spans ? pb_calloc (b->n_spans, 2 * sizeof (edge)) : NULL;
  if (b->n_spans && !edges)
    return false;
  size_t n = 0;
  for (size_t i = 0; i < b->n_spans; i++) {
    const pb_span *sp = &b->spans[i];
    unsigned m = sp->flags & BODY_MARKS;
    if (!m || sp->start >= sp->end || sp->end > b->len || !char_start (b, sp->start) || !char_start (b, sp->end))
      continue;
    edges[n++] = (edge) {sp->start, m, 1};
    edges[n++] = (edge) {sp->end, m, -1};
  }
  if (n)
    qsort (edges, n, sizeof (edge), edge_order);
  int count[MARK_BITS] = {0};
  open_marks open = {.block = el};
  unsigned marks = 0;
  size_t from = 0;
  bool ok = true;
  for (size_t i = 0; ok && i < n;) {
    size_t at = edges[i].at;
    for (; i < n && edges[i].at == at; i++)
      for (int bit = 0; bit < MARK_BITS; bit++)
        if (edges[i].marks & (1u << bit))
          count[bit] += edges[i].step;
    unsigned now = 0;
    for (int bit = 0; bit < MARK_BITS; bit++)
      if (count[bit] > 0)
        now |= 1u << bit;
    if (now == marks)
      continue;
    if (at > from)
      ok = add_run (&open, b->text, from, at, marks);
    from = at;
    marks = now;
  }
  if (ok && b->len > from)
    ok = add_run (&open, b->text, from, b->len, marks);
  free (edges);
  return ok;
}

/* The article's text as an HTML fragment: a <p> for each paragraph, an
 * <h2> for each subheading, a block a line, figures left out (they are
 * its associations).  The blocks are built as a libxml2 tree and written
 * by its HTML writer, which escapes every text (& < >); unformatted, so
 * that no white space is added inside a block.  *chars: the characters
 * of the text (code points).  malloc'd; NULL when out of memory. */
static char *
body_html (const pb_article *a, size_t *chars)
{
  htmlDocPtr doc = htmlNewDocNoDtD (NULL, NULL);
  xmlNodePtr root = doc ? xmlNewNode (NULL, BAD_CAST "body") : NULL;
  bool ok = root != NULL;
  if (ok)
    xmlDocSetRootElement (doc, root);
  *chars = 0;
  for (size_t i = 0; ok && i < a->n_blocks; i++) {
    const pb_block *b = &a->blocks[i];
    if (b->kind == PB_BLOCK_FIGURE)
      continue;
    xmlNodePtr el = add_node (root, xmlNewNode (NULL, BAD_CAST (b->kind == PB_BLOCK_SUBHEADING ? "h2" : "p")));
    ok = el && pb_html_block_text (el, b);
    for (size_t k = 0; k < b->len; k++)
      *chars += ((unsigned char) b->text[k] & 0xC0) != 0x80;
  }
  /* UTF-8 out (no encoder): characters as they are, not references */
  xmlOutputBufferPtr out = ok ? xmlAllocOutputBuffer (NULL) : NULL;
  ok = out != NULL;
  for (xmlNodePtr c = ok ? root->children : NULL; ok && c; c = c->next) {
    htmlNodeDumpFormatOutput (out, doc, c, "UTF-8", 0);
    /* -1 when this write, or the node's before it, failed (sticky) */
    ok = xmlOutputBufferWrite (out, 1, "\n") >= 0;
  }
  char *html = NULL;
  if (ok) {
    const xmlChar *content = xmlOutputBufferGetContent (out);
    html = content ? pb_strndup ((const char *) content, xmlOutputBufferGetSize (out)) : NULL;
  }
  if (out)
    xmlOutputBufferClose (out);
  xmlFreeDoc (doc);
  return html;
}

/* A photo of the article — a figure's item on a page — as a ninjs
 * picture: its caption (a description, role caption) and credit (by); as
 * its rendition the photo cut out of the page image at dpi
 * (images/ID-N.jpg, pb_digital_page_images), addressed from articles/
 * where the item is; named by its number among the article's photos in
 * copy order (pb_block.photo), as its file.  NULL when out of memory. */
static json_t *
picture_json (const pb_edition *ed, const pb_article *a, const char *uri, const pb_dl_item *it, double dpi)
{
  const pb_block *blk = &a->blocks[it->block];
  int w, h;
  pb_digital_figure_size (dpi, it->w, it->h, &w, &h);
  char *puri = pb_printf ("%s:photo:%d", uri, blk->photo);
  char *name = pb_printf ("photo-%d", blk->photo);
  /* absolute under the edition's site_url (an absolute URI, as ninjs's
   * schema types href); without it, relative to articles/ */
  char *href = ed->site_url ? pb_printf ("%simages/%s-%d.jpg", ed->site_url, a->id, blk->photo)
                            : pb_printf ("../images/%s-%d.jpg", a->id, blk->photo);
  json_t *o = json_object ();
  bool ok = puri && name && href;
  ok = ok && set (o, "uri", json_string (puri));
  ok = ok && set (o, "name", json_string (name));
  ok = ok && set (o, "type", json_string ("picture"));
  ok = ok && set (o, "language", json_string (pb_lang_tag (a->lang)));
  if (blk->credit && blk->credit[0])
    ok = ok && set (o, "by", json_string (blk->credit));
  if (blk->caption && blk->caption[0])
    ok = ok && set (o, "descriptions", json_pack ("[{s:s, s:s}]", "role", "caption", "value", blk->caption));
  ok = ok && set (o, "renditions", json_pack ("[{s:s, s:s, s:s, s:i, s:i}]", "name", "web", "href", href,
                                              "contentType", "image/jpeg", "width", w, "height", h));
  free (puri);
  free (name);
  free (href);
  if (!ok) {
    json_decref (o);
    return NULL;
  }
  return o;
}

/* The article's photos on the selected pages, in the order edition.json
 * gives its figures (page by page, as drawn).  NULL when out of memory. */
static json_t *
pictures_json (const pb_layout *L, int index, const char *uri, const size_t *sel, size_t n_sel, double dpi)
{
  const pb_article *a = L->edition->articles[index];
  json_t *pics = json_array ();
  bool ok = pics != NULL;
  for (size_t s = 0; ok && s < n_sel; s++) {
    const pb_dl_page *page = &L->pages.v[sel[s]];
    for (size_t i = 0; ok && i < page->items.n; i++) {
      const pb_dl_item *it = &page->items.v[i];
      if (it->kind == PB_DL_IMAGE && it->article == index && it->block >= 0)
        ok = append (pics, picture_json (L->edition, a, uri, it, dpi));
    }
  }
  if (!ok) {
    json_decref (pics);
    return NULL;
  }
  return pics;
}

/* headlines: main (主题) first, as platforms take the first; then the
 * kicker (引题) and each line of the deck (副题) as a subhead.  NULL when
 * out of memory. */
static json_t *
headlines_json (const pb_article *a)
{
  json_t *h = json_array ();
  bool ok = append (h, json_pack ("{s:s, s:s}", "role", "main", "value", a->headline));
  if (a->kicker)
    ok = ok && append (h, json_pack ("{s:s, s:s}", "role", "kicker", "value", a->kicker));
  for (size_t i = 0; ok && i < a->n_deck; i++)
    ok = append (h, json_pack ("{s:s, s:s}", "role", "subhead", "value", a->deck[i]));
  if (!ok) {
    json_decref (h);
    return NULL;
  }
  return h;
}

/* The article as a ninjs news item.  NULL when out of memory. */
static json_t *
item_json (const pb_layout *L, int index, const size_t *sel, size_t n_sel, double dpi)
{
  const pb_edition *ed = L->edition;
  const pb_article *a = ed->articles[index];
  /* the edition's day, 00:00 UTC: the date of its PDFs */
  char date[32];
  snprintf (date, sizeof date, "%04d-%02d-%02dT00:00:00Z", ed->year, ed->month, ed->day);
  size_t chars = 0;
  char *uri = item_uri (ed, a), *html = body_html (a, &chars);
  json_t *pics = uri ? pictures_json (L, index, uri, sel, n_sel, dpi) : NULL;
  json_t *o = json_object ();
  bool ok = uri && html && pics;
  ok = ok && set (o, "uri", json_string (uri));
  ok = ok && set (o, "standard", json_pack ("{s:s, s:s, s:s}", "name", "ninjs", "version", NINJS_VERSION,
                                            "schema", NINJS_SCHEMA));
  ok = ok && set (o, "type", json_string ("text"));
  ok = ok && set (o, "profile", json_string (json_array_size (pics) ? "text-photo" : "text-only"));
  ok = ok && set (o, "representationType", json_string ("full"));
  /* one version: paiban keeps no history of an article */
  ok = ok && set (o, "version", json_string ("1"));
  ok = ok && set (o, "firstCreated", json_string (date));
  ok = ok && set (o, "versionCreated", json_string (date));
  ok = ok && set (o, "pubStatus", json_string ("usable"));
  ok = ok && set (o, "language", json_string (pb_lang_tag (a->lang)));
  ok = ok && set (o, "slugline", json_string (a->id));
  ok = ok && set (o, "headlines", headlines_json (a));
  if (a->byline)
    ok = ok && set (o, "by", json_string (a->byline));
  if (a->editor)
    ok = ok && set (o, "infoSources", json_pack ("[{s:s, s:s}]", "name", a->editor, "role", "editor"));
  ok = ok && set (o, "bodies", json_pack ("[{s:s, s:s, s:I, s:s}]", "role", "main", "contentType", "text/html",
                                          "charCount", (json_int_t) chars, "value", html));
  if (ok && json_array_size (pics))
    ok = set (o, "associations", json_incref (pics));
  json_decref (pics);
  free (uri);
  free (html);
  if (!ok) {
    json_decref (o);
    return NULL;
  }
  return o;
}

/* Is the article on one of the selected pages (a region there)? */
static bool
on_pages (const pb_layout *L, int index, const size_t *sel, size_t n)
{
  for (size_t s = 0; s < n; s++) {
    const pb_dl_page *page = &L->pages.v[sel[s]];
    for (size_t r = 0; r < page->regions.n; r++)
      if (page->regions.v[r].article == index)
        return true;
  }
  return false;
}

int
pb_ninjs_write (pb_layout *L, const char *dir, const size_t *sel, size_t n, double dpi, pb_diagnostics *diags)
{
  char *folder = pb_path_join (dir, "articles");
  bool ok = folder && pb_export_make_dir (folder, diags);
  for (size_t i = 0; ok && i < L->edition->n_articles; i++) {
    if (!on_pages (L, (int) i, sel, n))
      continue;
    /* ids are checked when read ([A-Za-z0-9][A-Za-z0-9._-]*): the name
     * stays inside articles/ */
    char *name = pb_printf ("%s.json", L->edition->articles[i]->id);
    char *path = name && pb_path_is_plain_name (name) ? pb_path_join (folder, name) : NULL;
    json_t *item = path ? item_json (L, (int) i, sel, n, dpi) : NULL;
    char *json = item ? json_dumps (item, JSON_INDENT (1) | JSON_PRESERVE_ORDER) : NULL;
    if (json) {
      ok = pb_export_write_bytes (path, json, strlen (json), diags);
    } else {
      pb_error (diags, "memory", ((pb_pos) {path ? PB_SHOWN (path) : dir, 0, 0}), "out of memory");
      ok = false;
    }
    json_decref (item);
    free (json);
    free (path);
    free (name);
  }
  if (!folder)
    pb_error (diags, "memory", ((pb_pos) {dir, 0, 0}), "out of memory");
  free (folder);
  return ok ? 0 : -1;
}
