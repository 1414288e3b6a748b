/* ALTO 4.4 per page (pages/NN.alto.xml): the page's text as it is set,
 * for archives, aggregators and the site's search, which highlights a hit
 * on the page image.
 *
 * What goes in (docs/digital-edition.md has the whole mapping):
 * - a TextBlock for each part of an article's block that stands in one
 *   column (a paragraph running on into the next column is two blocks,
 *   the first naming the second in IDNEXT); an article's headline block
 *   (kicker, headline, deck, byline) and a caption a TextBlock per role and
 *   type size; the page's
 *   furniture (masthead, folio) blocks of their own, without an article;
 * - its TextLines, and in each line a String per ideograph or kana (with
 *   the marks that cling to it: `“有` and `年，`) and per Latin word or
 *   number, SP for spaces, all with their positions;
 * - an Illustration per photo or ad, in its visible box;
 * - a StructureTag per article (TYPE "article", LABEL its id) that its
 *   blocks and photos name in TAGREFS, and the page's reading order
 *   (ReadingOrder): furniture, then each article as it flows.
 * Positions are in inch1200 (1/1200 inch; 1 pt = 50/3 units), the unit of
 * the US National Digital Newspaper Program's ALTO, independent of the
 * page images' dpi; a line's box is its type's em box (ascent 0.88 em,
 * the CJK ideographic em box of Noto CJK).  IDs are XML NCNames made by
 * paiban (`p3_b12`, `p3_b12_l4`, `p3_i2`, `art_<id>`: an article id is
 * [A-Za-z0-9][A-Za-z0-9._-]*, so the prefix makes it a name); every text
 * and attribute goes through libxml2's writer, which escapes it. */
#include "export/export.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/xmlwriter.h>
#include <unicode/uchar.h>

#define ALTO_NS "http://www.loc.gov/standards/alto/ns-v4#"
#define ALTO_XSD "http://www.loc.gov/alto/v4/alto-4-4.xsd"

/* pb_fixed (1/1024 pt) → inch1200 units */
static long
unit (pb_fixed v)
{
  return lround (PB_TO_PT (v) * 1200.0 / 72.0);
}

typedef enum { TOK_SPACE, TOK_WORD, TOK_CJK, TOK_OPEN, TOK_MARK } tok_kind;

typedef struct {
  pb_buf text;                /* the String's CONTENT (or nothing: SP) */
  pb_fixed x0, x1;
  tok_kind first, kind;       /* of its first and its last character */
} token;

typedef struct {
  size_t first, n;            /* tokens */
  pb_fixed x0, x1, top, bottom, base;
  pb_fixed hyp_x0, hyp_x1;    /* the hyphen hyphenation added at its end (x1 > x0) */
} line;

typedef struct {
  int article, block;
  pb_role role;               /* headline blocks: one per role (kicker, headline, … caption) */
  pb_fixed em;                /*   and type size */
  pb_lang lang;
  size_t first, n;            /* lines */
  pb_fixed x0, x1, top, bottom;
  long next;                  /* the block its text goes on in (IDNEXT), −1 */
} text_block;

typedef struct {
  PB_VEC (token) toks;
  PB_VEC (line) lines;
  PB_VEC (text_block) blocks;
  bool failed;
} page_text;

static tok_kind
classify (uint32_t cp)
{
  if (cp == ' ' || cp == 0x3000 || cp == 0xA0 || cp == '\t')
    return TOK_SPACE;
  if (pb_char_is_cjk_text (cp))
    return TOK_CJK;
  int8_t t = u_charType ((UChar32) cp);
  if (t == U_START_PUNCTUATION || t == U_INITIAL_PUNCTUATION)
    return TOK_OPEN;
  if (u_ispunct ((UChar32) cp) || t == U_MATH_SYMBOL || t == U_OTHER_SYMBOL || t == U_CURRENCY_SYMBOL)
    return t == U_CURRENCY_SYMBOL ? TOK_WORD : TOK_MARK;
  return TOK_WORD;
}

/* Adds one cluster (its text, its left and right edge) to the line being
 * built: spaces to an SP, a mark to the String before it, an opening mark
 * to the one after it, Latin letters and digits together. */
static void
add_cluster (page_text *pt, line *ln, const char *s, size_t len, pb_fixed x0, pb_fixed x1)
{
  if (len == 0)
    return;
  uint32_t cp = 0;
  if (!pb_utf8_decode (s, len, &cp))
    cp = 0xFFFD;
  tok_kind k = classify (cp);
  token *prev = ln->n ? &pt->toks.v[pt->toks.n - 1] : NULL;
  bool join = false;
  if (prev) {
    if (k == TOK_SPACE)
      join = prev->kind == TOK_SPACE;
    else if (prev->kind == TOK_SPACE)
      join = false;
    else if (prev->kind == TOK_OPEN || k == TOK_MARK)
      join = true;
    else
      join = k == TOK_WORD && prev->kind == TOK_WORD;
  }
  if (!join) {
    token t = {{0}, x0, x1, k, k};
    if (!PB_VEC_PUSH (pt->toks, t)) {
      pt->failed = true;
      return;
    }
    ln->n++;
    prev = &pt->toks.v[pt->toks.n - 1];
  } else {
    prev->x0 = x0 < prev->x0 ? x0 : prev->x0;
    prev->x1 = x1 > prev->x1 ? x1 : prev->x1;
    /* a mark after an opening one keeps the String open for what follows */
    if (!(prev->kind == TOK_OPEN && k == TOK_MARK))
      prev->kind = k;
  }
  if (k != TOK_SPACE)
    pb_buf_append (&prev->text, s, len);
}

/* The clusters of a glyph run, each with its edges on the page. */
static void
add_run (page_text *pt, line *ln, const pb_dl_item *it)
{
  pb_fixed right = it->ix + it->w;
  int one[2] = {(int) it->text_len, it->n_glyphs};
  const int *cl = it->n_clusters ? it->clusters : one;
  int ncl = it->n_clusters ? it->n_clusters : 1;
  size_t byte = 0;
  int g = 0;
  for (int c = 0; c < ncl; c++) {
    int nb = cl[2 * c], ng = cl[2 * c + 1];
    pb_fixed x0 = g < it->n_glyphs ? it->x + it->glyphs[g].x : right;
    pb_fixed x1 = g + ng < it->n_glyphs ? it->x + it->glyphs[g + ng].x : right;
    if (x1 < x0) { /* right to left */
      pb_fixed t = x0;
      x0 = x1;
      x1 = t;
    }
    if (nb > 0 && byte + (size_t) nb <= it->text_len)
      add_cluster (pt, ln, it->text + byte, (size_t) nb, x0, x1);
    byte += nb > 0 ? (size_t) nb : 0;
    g += ng > 0 ? ng : 0;
  }
}

static pb_lang
item_lang (const pb_layout *L, const pb_dl_item *it)
{
  return it->article >= 0 ? L->edition->articles[it->article]->lang : L->edition->lang;
}

/* Where two neighbours' boxes overlap — a mark's blank taken away
 * (compressed) is still inside its glyph's advance, and a run's width
 * counts it — the border is the ideograph's edge (an ideograph's box is
 * its em, exact), or halfway between two marks. */
static void
tidy_line (page_text *pt, const line *ln)
{
  for (size_t t = 1; t < ln->n; t++) {
    token *a = &pt->toks.v[ln->first + t - 1], *b = &pt->toks.v[ln->first + t];
    if (b->x0 >= a->x1)
      continue;
    pb_fixed edge = b->first == TOK_CJK ? b->x0 : a->kind == TOK_CJK ? a->x1 : (a->x1 + b->x0) / 2;
    a->x1 = edge > a->x0 ? edge : a->x0;
    b->x0 = edge < b->x1 ? edge : b->x1;
  }
}

/* The page's glyph runs as blocks, lines and Strings, in display-list
 * order (the order the flow set them: furniture, then each article). */
static void
collect (const pb_layout *L, const pb_dl_page *page, page_text *pt)
{
  for (size_t i = 0; i < page->items.n && !pt->failed; i++) {
    const pb_dl_item *it = &page->items.v[i];
    if (it->kind != PB_DL_GLYPHS || it->n_glyphs == 0)
      continue;
    if (pt->lines.n)
      tidy_line (pt, &pt->lines.v[pt->lines.n - 1]);
    pb_fixed asc = it->em * 88 / 100, top = it->y - asc, bottom = top + it->em;
    pb_fixed x0 = it->ix, x1 = it->ix + it->w;
    text_block *b = pt->blocks.n ? &pt->blocks.v[pt->blocks.n - 1] : NULL;
    line *ln = b && b->n ? &pt->lines.v[pt->lines.n - 1] : NULL;
    bool same_block = b && b->article == it->article && b->block == it->block &&
                      (it->block >= 0 || (b->role == it->role && b->em == it->em));
    bool same_line = same_block && ln && ln->base == it->y;
    /* the next line of the same block: below the last, in the same column
     * (starting left of its right edge, and not a column further left; a
     * line's first run may be no wider than the indent above it) */
    bool below = same_block && ln && it->y > ln->base && x0 < ln->x1 && x0 > b->x0 - 4 * it->em;
    if (!same_line && !below) {
      text_block nb = {it->article, it->block, it->role, it->em, item_lang (L, it), pt->lines.n, 0, x0, x1,
                       top, bottom, -1};
      if (!PB_VEC_PUSH (pt->blocks, nb)) {
        pt->failed = true;
        return;
      }
      /* a paragraph going on in the next column */
      if (same_block && it->block >= 0)
        pt->blocks.v[pt->blocks.n - 2].next = (long) pt->blocks.n - 1;
      b = &pt->blocks.v[pt->blocks.n - 1];
    }
    if (!same_line) {
      line nl = {pt->toks.n, 0, x0, x1, top, bottom, it->y, 0, 0};
      if (!PB_VEC_PUSH (pt->lines, nl)) {
        pt->failed = true;
        return;
      }
      b->n++;
    }
    ln = &pt->lines.v[pt->lines.n - 1];
    /* the hyphen that ends a hyphenated line (a run of its own, standing
     * for no character of the copy) is ALTO's HYP, not text */
    if (it->src_start == it->src_end && it->text_len == 1 && it->text[0] == '-') {
      ln->hyp_x0 = x0;
      ln->hyp_x1 = x1;
    } else
      add_run (pt, ln, it);
    ln->x0 = x0 < ln->x0 ? x0 : ln->x0;
    ln->x1 = x1 > ln->x1 ? x1 : ln->x1;
    ln->top = top < ln->top ? top : ln->top;
    ln->bottom = bottom > ln->bottom ? bottom : ln->bottom;
    b->x0 = ln->x0 < b->x0 ? ln->x0 : b->x0;
    b->x1 = ln->x1 > b->x1 ? ln->x1 : b->x1;
    b->top = ln->top < b->top ? ln->top : b->top;
    b->bottom = ln->bottom > b->bottom ? ln->bottom : b->bottom;
  }
  if (pt->lines.n && !pt->failed)
    tidy_line (pt, &pt->lines.v[pt->lines.n - 1]);
}

static void
page_text_free (page_text *pt)
{
  for (size_t i = 0; i < pt->toks.n; i++)
    pb_buf_free (&pt->toks.v[i].text);
  PB_VEC_FREE (pt->toks);
  PB_VEC_FREE (pt->lines);
  PB_VEC_FREE (pt->blocks);
}

/* The HPOS, VPOS, WIDTH and HEIGHT of a box (page units) in inch1200. */
static void
box (pb_xml_out *x, pb_fixed x0, pb_fixed y0, pb_fixed x1, pb_fixed y1)
{
  long hx = unit (x0), vy = unit (y0);
  pb_xml_attr_long (x, "HPOS", hx);
  pb_xml_attr_long (x, "VPOS", vy);
  pb_xml_attr_long (x, "WIDTH", unit (x1) - hx > 0 ? unit (x1) - hx : 0);
  pb_xml_attr_long (x, "HEIGHT", unit (y1) - vy > 0 ? unit (y1) - vy : 0);
}

static char *
article_tag (const pb_layout *L, int article)
{
  return pb_printf ("art_%s", L->edition->articles[article]->id);
}

/* Whether article a has anything on the page (a tag is written for it). */
static bool
on_page (const pb_dl_page *page, int a)
{
  for (size_t i = 0; i < page->items.n; i++)
    if (page->items.v[i].article == a &&
        (page->items.v[i].kind == PB_DL_GLYPHS || page->items.v[i].kind == PB_DL_IMAGE))
      return true;
  return false;
}

static void
write_lines (pb_xml_out *x, const page_text *pt, const text_block *b, size_t bi, int number)
{
  char id[64];
  for (size_t l = 0; l < b->n; l++) {
    const line *ln = &pt->lines.v[b->first + l];
    pb_xml_start (x, "TextLine");
    snprintf (id, sizeof id, "p%d_b%zu_l%zu", number, bi + 1, l + 1);
    pb_xml_attr (x, "ID", id);
    box (x, ln->x0, ln->top, ln->x1, ln->bottom);
    bool any = false;
    for (size_t t = 0; t < ln->n; t++) {
      const token *tk = &pt->toks.v[ln->first + t];
      /* a line starts with a String; spaces before it (none are set) and
       * between Strings only */
      if (tk->kind == TOK_SPACE && (!any || t + 1 == ln->n))
        continue;
      if (tk->kind == TOK_SPACE) {
        pb_xml_start (x, "SP");
        pb_xml_attr_long (x, "WIDTH", unit (tk->x1) - unit (tk->x0));
        pb_xml_attr_long (x, "HPOS", unit (tk->x0));
        pb_xml_attr_long (x, "VPOS", unit (ln->top));
        pb_xml_end (x);
        continue;
      }
      char *content = pb_strndup (tk->text.data ? tk->text.data : "", tk->text.len);
      pb_xml_start (x, "String");
      pb_xml_attr (x, "CONTENT", content);
      box (x, tk->x0, ln->top, tk->x1, ln->bottom);
      pb_xml_end (x);
      free (content);
      x->rc |= !content;
      any = true;
    }
    if (!any) { /* a line of spaces only: ALTO wants a String */
      pb_xml_start (x, "String");
      pb_xml_attr (x, "CONTENT", "");
      box (x, ln->x0, ln->top, ln->x1, ln->bottom);
      pb_xml_end (x);
    }
    if (ln->hyp_x1 > ln->hyp_x0) {
      pb_xml_start (x, "HYP");
      pb_xml_attr_long (x, "HPOS", unit (ln->hyp_x0));
      pb_xml_attr_long (x, "VPOS", unit (ln->top));
      pb_xml_attr_long (x, "WIDTH", unit (ln->hyp_x1) - unit (ln->hyp_x0));
      pb_xml_attr (x, "CONTENT", "-");
      pb_xml_end (x);
    }
    pb_xml_end (x);
  }
}

/* The ALTO document of one page into buf. */
/* Records an article's element for METS. */
static bool
add_ref (pb_alto_refs *refs, int page, const char *id, int article, bool illustration)
{
  if (!refs || article < 0)
    return true;
  pb_alto_ref r = {page, {0}, article, illustration};
  snprintf (r.id, sizeof r.id, "%s", id);
  return PB_VEC_PUSH (*refs, r);
}

static bool
alto_page (const pb_layout *L, const pb_dl_page *page, double dpi, pb_alto_refs *refs, xmlBufferPtr buf)
{
  page_text pt = {0};
  collect (L, page, &pt);
  pb_xml_out x = {pt.failed ? NULL : xmlNewTextWriterMemory (buf, 0), 0};
  if (!x.w) {
    page_text_free (&pt);
    return false;
  }
  int n = page->number;
  char id[64];
  x.rc |= xmlTextWriterSetIndent (x.w, 1) < 0;
  x.rc |= xmlTextWriterSetIndentString (x.w, BAD_CAST " ") < 0;
  x.rc |= xmlTextWriterStartDocument (x.w, NULL, "UTF-8", NULL) < 0;
  x.rc |= xmlTextWriterStartElementNS (x.w, NULL, BAD_CAST "alto", BAD_CAST ALTO_NS) < 0;
  pb_xml_attr (&x, "xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance");
  pb_xml_attr (&x, "xsi:schemaLocation", ALTO_NS " " ALTO_XSD);
  pb_xml_start (&x, "Description");
  x.rc |= xmlTextWriterWriteElement (x.w, BAD_CAST "MeasurementUnit", BAD_CAST "inch1200") < 0;
  pb_xml_start (&x, "sourceImageInformation");
  snprintf (id, sizeof id, "%02d.png", n);
  x.rc |= xmlTextWriterWriteElement (x.w, BAD_CAST "fileName", BAD_CAST id) < 0;
  pb_xml_end (&x);
  pb_xml_start (&x, "Processing");
  pb_xml_attr (&x, "ID", "typesetting");
  x.rc |= xmlTextWriterWriteElement (x.w, BAD_CAST "processingCategory", BAD_CAST "contentGeneration") < 0;
  char *settings = pb_printf ("typeset from the copy (not recognised from an image); page image %g dpi", dpi);
  x.rc |= !settings || xmlTextWriterWriteElement (x.w, BAD_CAST "processingStepSettings", BAD_CAST settings) < 0;
  free (settings);
  pb_xml_start (&x, "processingSoftware");
  x.rc |= xmlTextWriterWriteElement (x.w, BAD_CAST "softwareName", BAD_CAST "paiban") < 0;
  x.rc |= xmlTextWriterWriteElement (x.w, BAD_CAST "softwareVersion", BAD_CAST PB_VERSION) < 0;
  pb_xml_end (&x);
  pb_xml_end (&x); /* Processing */
  pb_xml_end (&x); /* Description */
  /* one tag per article on the page, in the order of the edition */
  bool tags = false;
  for (size_t a = 0; a < L->edition->n_articles && !x.rc; a++) {
    if (!on_page (page, (int) a))
      continue;
    if (!tags)
      pb_xml_start (&x, "Tags");
    tags = true;
    char *tag = article_tag (L, (int) a);
    pb_xml_start (&x, "StructureTag");
    pb_xml_attr (&x, "ID", tag);
    pb_xml_attr (&x, "TYPE", "article");
    pb_xml_attr (&x, "LABEL", L->edition->articles[a]->id);
    pb_xml_attr (&x, "DESCRIPTION", L->edition->articles[a]->headline);
    pb_xml_end (&x);
    free (tag);
    x.rc |= !tag;
  }
  if (tags)
    pb_xml_end (&x);
  /* reading order: the blocks in the order they were set, photos where
   * they stand among them */
  if (pt.blocks.n) {
    pb_xml_start (&x, "ReadingOrder");
    pb_xml_start (&x, "OrderedGroup");
    snprintf (id, sizeof id, "p%d_order", n);
    pb_xml_attr (&x, "ID", id);
    /* an article's blocks in a group of their own, tagged with it */
    for (size_t b = 0; b < pt.blocks.n; b++) {
      int a = pt.blocks.v[b].article;
      if (a >= 0 && (b == 0 || pt.blocks.v[b - 1].article != a)) {
        pb_xml_start (&x, "OrderedGroup");
        snprintf (id, sizeof id, "p%d_group%zu", n, b + 1);
        pb_xml_attr (&x, "ID", id);
        char *tag = article_tag (L, a);
        pb_xml_attr (&x, "TAGREFS", tag);
        free (tag);
        x.rc |= !tag;
      }
      pb_xml_start (&x, "ElementRef");
      snprintf (id, sizeof id, "p%d_ref%zu", n, b + 1);
      pb_xml_attr (&x, "ID", id);
      snprintf (id, sizeof id, "p%d_b%zu", n, b + 1);
      pb_xml_attr (&x, "REF", id);
      pb_xml_end (&x);
      if (a >= 0 && (b + 1 == pt.blocks.n || pt.blocks.v[b + 1].article != a))
        pb_xml_end (&x);
    }
    pb_xml_end (&x);
    pb_xml_end (&x);
  }
  pb_xml_start (&x, "Layout");
  pb_xml_start (&x, "Page");
  snprintf (id, sizeof id, "p%d", n);
  pb_xml_attr (&x, "ID", id);
  pb_xml_attr_long (&x, "PHYSICAL_IMG_NR", n);
  pb_xml_attr (&x, "PRINTED_IMG_NR", page->label);
  pb_xml_attr_long (&x, "WIDTH", unit (page->w));
  pb_xml_attr_long (&x, "HEIGHT", unit (page->h));
  pb_xml_attr (&x, "LANG", pb_lang_tag (L->edition->lang));
  pb_xml_start (&x, "PrintSpace");
  box (&x, 0, 0, page->w, page->h);
  for (size_t b = 0; b < pt.blocks.n && !x.rc; b++) {
    const text_block *tb = &pt.blocks.v[b];
    pb_xml_start (&x, "TextBlock");
    snprintf (id, sizeof id, "p%d_b%zu", n, b + 1);
    pb_xml_attr (&x, "ID", id);
    x.rc |= !add_ref (refs, n, id, tb->article, false);
    box (&x, tb->x0, tb->top, tb->x1, tb->bottom);
    if (tb->next >= 0) {
      snprintf (id, sizeof id, "p%d_b%ld", n, tb->next + 1);
      pb_xml_attr (&x, "IDNEXT", id);
    }
    if (tb->article >= 0) {
      char *tag = article_tag (L, tb->article);
      pb_xml_attr (&x, "TAGREFS", tag);
      free (tag);
      x.rc |= !tag;
    }
    pb_xml_attr (&x, "LANG", pb_lang_tag (tb->lang));
    write_lines (&x, &pt, tb, b, n);
    pb_xml_end (&x);
  }
  size_t k = 0;
  for (size_t i = 0; i < page->items.n && !x.rc; i++) {
    const pb_dl_item *it = &page->items.v[i];
    if (it->kind != PB_DL_IMAGE)
      continue;
    pb_xml_start (&x, "Illustration");
    snprintf (id, sizeof id, "p%d_i%zu", n, ++k);
    pb_xml_attr (&x, "ID", id);
    x.rc |= !add_ref (refs, n, id, it->article, true);
    box (&x, it->x, it->y, it->x + it->w, it->y + it->h);
    pb_xml_attr (&x, "TYPE", it->article >= 0 ? "photo" : "advertisement");
    if (it->article >= 0) {
      char *tag = article_tag (L, it->article);
      pb_xml_attr (&x, "TAGREFS", tag);
      free (tag);
      x.rc |= !tag;
      if (it->block >= 0) {
        char *file = pb_printf ("../images/%s-%d.jpg", L->edition->articles[it->article]->id,
                                pb_export_photo_number (L->edition, it));
        pb_xml_attr (&x, "FILEID", file);
        free (file);
        x.rc |= !file;
      }
    }
    pb_xml_end (&x);
  }
  x.rc |= xmlTextWriterEndDocument (x.w) < 0; /* closes PrintSpace … alto */
  x.rc |= xmlTextWriterFlush (x.w) < 0;
  xmlFreeTextWriter (x.w);
  page_text_free (&pt);
  return x.rc == 0;
}

int
pb_alto_write (const pb_layout *L, const char *dir, const size_t *sel, size_t n, double dpi,
               pb_alto_refs *refs, pb_diagnostics *diags)
{
  for (size_t s = 0; s < n; s++) {
    const pb_dl_page *page = &L->pages.v[sel[s]];
    xmlBufferPtr buf = xmlBufferCreate ();
    char *path = pb_printf ("%s/pages/%02d.alto.xml", dir, page->number);
    bool ok = buf && path && alto_page (L, page, dpi, refs, buf);
    if (ok) {
      ok = pb_export_write_bytes (path, xmlBufferContent (buf), (size_t) xmlBufferLength (buf), diags);
    } else if (path) {
      pb_pos at = {path, 0, 0};
      pb_error (diags, "memory", at, "out of memory");
    }
    if (buf)
      xmlBufferFree (buf);
    free (path);
    if (!ok)
      return -1;
  }
  return 0;
}
