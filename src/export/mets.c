/* METS for the edition (edition.mets.xml): the package a library or an
 * aggregator takes an e-paper issue in, structured as newspaper
 * digitisation programmes do (the Library of Congress's NDNP, Europeana
 * Newspapers):
 * - descriptive metadata in MODS: the issue (paper, date issued, issue
 *   line, language) and each article (headline, deck, byline, language);
 * - fileSec: per page its PDF, its PNG page image, its WebP screen image
 *   and its ALTO, and each figure's photo, by group (USE);
 * - the PHYSICAL structMap: the issue → its pages in order (ORDERLABEL
 *   第N版), each pointing at its files;
 * - the LOGICAL structMap: the issue → its articles in the order they are
 *   first read, each pointing at its ALTO TextBlocks and Illustrations in
 *   reading order (area BETYPE="IDREF"), page after page: a jump's
 *   continuation is the same article's next areas.
 * Written with libxml2's writer (every text and attribute escaped); IDs
 * are paiban's (`page_3`, `alto_3`, `art_<id>`, `dmd_art_<id>`: an
 * article id is [A-Za-z0-9][A-Za-z0-9._-]*, so the prefixes make names).
 * docs/digital-edition.md has the mapping. */
#include "export/export.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/xmlwriter.h>

#define METS_NS "http://www.loc.gov/METS/"
#define METS_XSD "http://www.loc.gov/standards/mets/mets.xsd"
#define MODS_NS "http://www.loc.gov/mods/v3"
#define XLINK_NS "http://www.w3.org/1999/xlink"

typedef struct {
  xmlTextWriterPtr w;
  int rc;
} writer;

static void
start (writer *x, const char *name)
{
  x->rc |= xmlTextWriterStartElement (x->w, BAD_CAST name) < 0;
}

static void
end (writer *x)
{
  x->rc |= xmlTextWriterEndElement (x->w) < 0;
}

static void
attr (writer *x, const char *name, const char *value)
{
  x->rc |= xmlTextWriterWriteAttribute (x->w, BAD_CAST name, BAD_CAST (value ? value : "")) < 0;
}

static void
attr_printf (writer *x, const char *name, const char *fmt, const char *s, int n)
{
  char *v = s ? pb_printf (fmt, s) : pb_printf (fmt, n);
  x->rc |= !v;
  if (v)
    attr (x, name, v);
  free (v);
}

static void
element (writer *x, const char *name, const char *text)
{
  if (text && *text)
    x->rc |= xmlTextWriterWriteElement (x->w, BAD_CAST name, BAD_CAST text) < 0;
}

static void
mods_language (writer *x, pb_lang lang)
{
  start (x, "mods:language");
  start (x, "mods:languageTerm");
  attr (x, "type", "code");
  attr (x, "authority", "rfc5646");
  x->rc |= xmlTextWriterWriteString (x->w, BAD_CAST pb_lang_tag (lang)) < 0;
  end (x);
  end (x);
}

/* <dmdSec ID=id><mdWrap MDTYPE="MODS"><xmlData><mods:mods> … opened. */
static void
dmd_open (writer *x, const char *id)
{
  start (x, "dmdSec");
  attr (x, "ID", id);
  start (x, "mdWrap");
  attr (x, "MDTYPE", "MODS");
  start (x, "xmlData");
  start (x, "mods:mods");
}

static void
dmd_close (writer *x)
{
  end (x); /* mods */
  end (x); /* xmlData */
  end (x); /* mdWrap */
  end (x); /* dmdSec */
}

static void
issue_dmd (writer *x, const pb_edition *ed)
{
  dmd_open (x, "dmd_issue");
  start (x, "mods:titleInfo");
  element (x, "mods:title", ed->paper);
  end (x);
  start (x, "mods:typeOfResource");
  x->rc |= xmlTextWriterWriteString (x->w, BAD_CAST "text") < 0;
  end (x);
  start (x, "mods:genre");
  x->rc |= xmlTextWriterWriteString (x->w, BAD_CAST "newspaper") < 0;
  end (x);
  start (x, "mods:originInfo");
  start (x, "mods:dateIssued");
  attr (x, "encoding", "iso8601");
  x->rc |= xmlTextWriterWriteString (x->w, BAD_CAST (ed->date ? ed->date : "")) < 0;
  end (x);
  end (x);
  mods_language (x, ed->lang);
  if (ed->issue && *ed->issue) {
    start (x, "mods:part");
    start (x, "mods:detail");
    attr (x, "type", "issue");
    element (x, "mods:caption", ed->issue);
    end (x);
    end (x);
  }
  dmd_close (x);
}

static void
article_dmd (writer *x, const pb_article *a)
{
  char *id = pb_printf ("dmd_art_%s", a->id);
  x->rc |= !id;
  dmd_open (x, id ? id : "");
  free (id);
  start (x, "mods:titleInfo");
  element (x, "mods:title", a->headline);
  for (size_t i = 0; i < a->n_deck; i++)
    element (x, "mods:subTitle", a->deck[i]);
  end (x);
  if (a->kicker && *a->kicker) {
    start (x, "mods:titleInfo");
    attr (x, "type", "alternative");
    attr (x, "displayLabel", "kicker");
    element (x, "mods:title", a->kicker);
    end (x);
  }
  if (a->byline && *a->byline) {
    start (x, "mods:name");
    element (x, "mods:displayForm", a->byline);
    end (x);
  }
  start (x, "mods:genre");
  x->rc |= xmlTextWriterWriteString (x->w, BAD_CAST "article") < 0;
  end (x);
  mods_language (x, a->lang);
  start (x, "mods:identifier");
  attr (x, "type", "local");
  x->rc |= xmlTextWriterWriteString (x->w, BAD_CAST a->id) < 0;
  end (x);
  dmd_close (x);
}

/* One <file> with its location. */
static void
file_entry (writer *x, const char *id, const char *mime, const char *href)
{
  start (x, "file");
  attr (x, "ID", id);
  attr (x, "MIMETYPE", mime);
  start (x, "FLocat");
  attr (x, "LOCTYPE", "URL");
  x->rc |= xmlTextWriterWriteAttributeNS (x->w, BAD_CAST "xlink", BAD_CAST "href", NULL, BAD_CAST href) < 0;
  end (x);
  end (x);
}

static const struct {
  const char *use, *id, *mime, *file;
} page_groups[] = {
  {"pdf", "pdf_%d", "application/pdf", "pages/%02d.pdf"},
  {"image", "image_%d", "image/png", "pages/%02d.png"},
  {"web", "web_%d", "image/webp", "pages/%02d.webp"},
  {"text", "alto_%d", "text/xml", "pages/%02d.alto.xml"},
};

static bool
article_seen (const int *order, size_t n, int a)
{
  for (size_t i = 0; i < n; i++)
    if (order[i] == a)
      return true;
  return false;
}

static bool
mets_doc (const pb_layout *L, const size_t *sel, size_t n, const pb_alto_refs *refs, xmlBufferPtr buf)
{
  const pb_edition *ed = L->edition;
  writer x = {xmlNewTextWriterMemory (buf, 0), 0};
  if (!x.w)
    return false;
  /* the articles in the order they are first read */
  int *order = pb_calloc (refs->n + 1, sizeof *order);
  size_t n_order = 0;
  for (size_t i = 0; order && i < refs->n; i++)
    if (!article_seen (order, n_order, refs->v[i].article))
      order[n_order++] = refs->v[i].article;
  x.rc |= !order;
  char id[64];
  x.rc |= xmlTextWriterSetIndent (x.w, 1) < 0;
  x.rc |= xmlTextWriterSetIndentString (x.w, BAD_CAST " ") < 0;
  x.rc |= xmlTextWriterStartDocument (x.w, NULL, "UTF-8", NULL) < 0;
  x.rc |= xmlTextWriterStartElementNS (x.w, NULL, BAD_CAST "mets", BAD_CAST METS_NS) < 0;
  attr (&x, "xmlns:xlink", XLINK_NS);
  attr (&x, "xmlns:mods", MODS_NS);
  attr (&x, "xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance");
  attr (&x, "xsi:schemaLocation", METS_NS " " METS_XSD);
  attr (&x, "TYPE", "newspaper issue");
  char *label = pb_printf ("%s %s", ed->paper ? ed->paper : "", ed->date ? ed->date : "");
  attr (&x, "LABEL", label);
  free (label);
  x.rc |= !label;
  /* the edition's day, never the clock: the same inputs, the same bytes */
  start (&x, "metsHdr");
  snprintf (id, sizeof id, "%04d-%02d-%02dT00:00:00Z", ed->year, ed->month, ed->day);
  attr (&x, "CREATEDATE", id);
  start (&x, "agent");
  attr (&x, "ROLE", "CREATOR");
  attr (&x, "TYPE", "OTHER");
  attr (&x, "OTHERTYPE", "SOFTWARE");
  element (&x, "name", "paiban " PB_VERSION);
  end (&x);
  end (&x);
  issue_dmd (&x, ed);
  for (size_t i = 0; i < n_order && !x.rc; i++)
    article_dmd (&x, ed->articles[order[i]]);
  /* files */
  start (&x, "fileSec");
  for (size_t g = 0; g < sizeof page_groups / sizeof page_groups[0]; g++) {
    start (&x, "fileGrp");
    attr (&x, "USE", page_groups[g].use);
    for (size_t s = 0; s < n && !x.rc; s++) {
      int num = L->pages.v[sel[s]].number;
      char fid[32], href[32];
      snprintf (fid, sizeof fid, page_groups[g].id, num);
      snprintf (href, sizeof href, page_groups[g].file, num);
      file_entry (&x, fid, page_groups[g].mime, href);
    }
    end (&x);
  }
  /* each figure's photo, cut out of the page image */
  bool figures = false;
  for (size_t s = 0; s < n && !x.rc; s++) {
    const pb_dl_page *page = &L->pages.v[sel[s]];
    for (size_t i = 0; i < page->items.n; i++) {
      const pb_dl_item *it = &page->items.v[i];
      if (it->kind != PB_DL_IMAGE || it->article < 0 || it->block < 0)
        continue;
      if (!figures) {
        start (&x, "fileGrp");
        attr (&x, "USE", "figure");
      }
      figures = true;
      const char *aid = ed->articles[it->article]->id;
      char *fid = pb_printf ("figure_%s_%d", aid, it->block);
      char *href = pb_printf ("images/%s-%d.jpg", aid, it->block);
      x.rc |= !fid || !href;
      if (fid && href)
        file_entry (&x, fid, "image/jpeg", href);
      free (fid);
      free (href);
    }
  }
  if (figures)
    end (&x);
  end (&x); /* fileSec */
  /* physical: the pages in order */
  start (&x, "structMap");
  attr (&x, "TYPE", "PHYSICAL");
  start (&x, "div");
  attr (&x, "TYPE", "newspaper");
  attr (&x, "DMDID", "dmd_issue");
  attr (&x, "LABEL", ed->paper);
  for (size_t s = 0; s < n && !x.rc; s++) {
    const pb_dl_page *page = &L->pages.v[sel[s]];
    const pb_page *src = NULL;
    for (size_t i = 0; i < ed->n_pages; i++)
      if (ed->pages[i].number == page->number)
        src = &ed->pages[i];
    start (&x, "div");
    snprintf (id, sizeof id, "page_%d", page->number);
    attr (&x, "ID", id);
    attr (&x, "TYPE", "page");
    snprintf (id, sizeof id, "%d", page->number);
    attr (&x, "ORDER", id);
    attr (&x, "ORDERLABEL", page->label);
    if (src && src->section)
      attr (&x, "LABEL", src->section);
    for (size_t g = 0; g < sizeof page_groups / sizeof page_groups[0]; g++) {
      start (&x, "fptr");
      snprintf (id, sizeof id, page_groups[g].id, page->number);
      attr (&x, "FILEID", id);
      end (&x);
    }
    end (&x);
  }
  end (&x);
  end (&x);
  /* logical: the issue's articles, each its ALTO elements in reading
   * order, page after page */
  start (&x, "structMap");
  attr (&x, "TYPE", "LOGICAL");
  start (&x, "div");
  attr (&x, "TYPE", "issue");
  attr (&x, "DMDID", "dmd_issue");
  attr (&x, "LABEL", ed->issue && *ed->issue ? ed->issue : ed->date);
  for (size_t i = 0; i < n_order && !x.rc; i++) {
    const pb_article *a = ed->articles[order[i]];
    start (&x, "div");
    attr_printf (&x, "ID", "art_%s", a->id, 0);
    attr (&x, "TYPE", "article");
    attr_printf (&x, "DMDID", "dmd_art_%s", a->id, 0);
    attr (&x, "LABEL", a->headline);
    snprintf (id, sizeof id, "%zu", i + 1);
    attr (&x, "ORDER", id);
    start (&x, "fptr");
    start (&x, "seq");
    for (size_t r = 0; r < refs->n; r++) {
      const pb_alto_ref *ref = &refs->v[r];
      if (ref->article != order[i])
        continue;
      start (&x, "area");
      snprintf (id, sizeof id, "alto_%d", ref->page);
      attr (&x, "FILEID", id);
      attr (&x, "BETYPE", "IDREF");
      attr (&x, "BEGIN", ref->id);
      end (&x);
    }
    end (&x); /* seq */
    end (&x); /* fptr */
    end (&x); /* div */
  }
  end (&x);
  end (&x);
  x.rc |= xmlTextWriterEndDocument (x.w) < 0;
  x.rc |= xmlTextWriterFlush (x.w) < 0;
  xmlFreeTextWriter (x.w);
  free (order);
  return x.rc == 0;
}

int
pb_mets_write (const pb_layout *L, const char *dir, const size_t *sel, size_t n, const pb_alto_refs *refs,
               pb_diagnostics *diags)
{
  xmlBufferPtr buf = xmlBufferCreate ();
  char *path = pb_path_join (dir, "edition.mets.xml");
  bool ok = buf && path && mets_doc (L, sel, n, refs, buf);
  if (ok) {
    pb_buf b = {(char *) xmlBufferContent (buf), (size_t) xmlBufferLength (buf), (size_t) xmlBufferLength (buf),
                false};
    ok = pb_export_write_file (path, &b, diags);
  } else {
    pb_pos at = {path ? path : dir, 0, 0};
    pb_error (diags, "memory", at, "out of memory");
  }
  if (buf)
    xmlBufferFree (buf);
  free (path);
  return ok ? 0 : -1;
}
