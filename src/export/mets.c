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

/* An ID made of a prefix and an article's id (art_ID, dmd_art_ID). */
static void
attr_id (pb_xml_out *x, const char *name, const char *prefix, const char *id)
{
  char *v = pb_printf ("%s%s", prefix, id);
  x->rc |= !v;
  if (v)
    pb_xml_attr (x, name, v);
  free (v);
}

static void
mods_language (pb_xml_out *x, pb_lang lang)
{
  pb_xml_start (x, "mods:language");
  pb_xml_start (x, "mods:languageTerm");
  pb_xml_attr (x, "type", "code");
  pb_xml_attr (x, "authority", "rfc5646");
  x->rc |= xmlTextWriterWriteString (x->w, BAD_CAST pb_lang_tag (lang)) < 0;
  pb_xml_end (x);
  pb_xml_end (x);
}

/* <dmdSec ID=id><mdWrap MDTYPE="MODS"><xmlData><mods:mods> … opened. */
static void
dmd_open (pb_xml_out *x, const char *id)
{
  pb_xml_start (x, "dmdSec");
  pb_xml_attr (x, "ID", id);
  pb_xml_start (x, "mdWrap");
  pb_xml_attr (x, "MDTYPE", "MODS");
  pb_xml_start (x, "xmlData");
  pb_xml_start (x, "mods:mods");
}

static void
dmd_close (pb_xml_out *x)
{
  pb_xml_end (x); /* mods */
  pb_xml_end (x); /* xmlData */
  pb_xml_end (x); /* mdWrap */
  pb_xml_end (x); /* dmdSec */
}

static void
issue_dmd (pb_xml_out *x, const pb_edition *ed)
{
  dmd_open (x, "dmd_issue");
  pb_xml_start (x, "mods:titleInfo");
  pb_xml_element (x, "mods:title", ed->paper);
  pb_xml_end (x);
  pb_xml_element (x, "mods:typeOfResource", "text");
  pb_xml_element (x, "mods:genre", "newspaper");
  pb_xml_start (x, "mods:originInfo");
  pb_xml_start (x, "mods:dateIssued");
  pb_xml_attr (x, "encoding", "iso8601");
  x->rc |= xmlTextWriterWriteString (x->w, BAD_CAST (ed->date ? ed->date : "")) < 0;
  pb_xml_end (x);
  pb_xml_end (x);
  mods_language (x, ed->lang);
  if (ed->issue && *ed->issue) {
    pb_xml_start (x, "mods:part");
    pb_xml_start (x, "mods:detail");
    pb_xml_attr (x, "type", "issue");
    pb_xml_element (x, "mods:caption", ed->issue);
    pb_xml_end (x);
    pb_xml_end (x);
  }
  dmd_close (x);
}

static void
article_dmd (pb_xml_out *x, const pb_article *a)
{
  char *id = pb_printf ("dmd_art_%s", a->id);
  x->rc |= !id;
  dmd_open (x, id ? id : "");
  free (id);
  pb_xml_start (x, "mods:titleInfo");
  pb_xml_element (x, "mods:title", a->headline);
  for (size_t i = 0; i < a->n_deck; i++)
    pb_xml_element (x, "mods:subTitle", a->deck[i]);
  pb_xml_end (x);
  if (a->kicker && *a->kicker) {
    pb_xml_start (x, "mods:titleInfo");
    pb_xml_attr (x, "type", "alternative");
    pb_xml_attr (x, "displayLabel", "kicker");
    pb_xml_element (x, "mods:title", a->kicker);
    pb_xml_end (x);
  }
  if (a->byline && *a->byline) {
    pb_xml_start (x, "mods:name");
    pb_xml_element (x, "mods:displayForm", a->byline);
    pb_xml_end (x);
  }
  pb_xml_element (x, "mods:genre", "article");
  mods_language (x, a->lang);
  pb_xml_start (x, "mods:identifier");
  pb_xml_attr (x, "type", "local");
  x->rc |= xmlTextWriterWriteString (x->w, BAD_CAST a->id) < 0;
  pb_xml_end (x);
  dmd_close (x);
}

/* One <file> with its location. */
static void
file_entry (pb_xml_out *x, const char *id, const char *mime, const char *href)
{
  pb_xml_start (x, "file");
  pb_xml_attr (x, "ID", id);
  pb_xml_attr (x, "MIMETYPE", mime);
  pb_xml_start (x, "FLocat");
  pb_xml_attr (x, "LOCTYPE", "URL");
  x->rc |= xmlTextWriterWriteAttributeNS (x->w, BAD_CAST "xlink", BAD_CAST "href", NULL, BAD_CAST href) < 0;
  pb_xml_end (x);
  pb_xml_end (x);
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
  pb_xml_out x = {xmlNewTextWriterMemory (buf, 0), 0};
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
  pb_xml_attr (&x, "xmlns:xlink", XLINK_NS);
  pb_xml_attr (&x, "xmlns:mods", MODS_NS);
  pb_xml_attr (&x, "xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance");
  pb_xml_attr (&x, "xsi:schemaLocation", METS_NS " " METS_XSD);
  pb_xml_attr (&x, "TYPE", "newspaper issue");
  char *label = pb_printf ("%s %s", ed->paper ? ed->paper : "", ed->date ? ed->date : "");
  pb_xml_attr (&x, "LABEL", label);
  free (label);
  x.rc |= !label;
  /* the edition's day, never the clock: the same inputs, the same bytes */
  pb_xml_start (&x, "metsHdr");
  snprintf (id, sizeof id, "%04d-%02d-%02dT00:00:00Z", ed->year, ed->month, ed->day);
  pb_xml_attr (&x, "CREATEDATE", id);
  pb_xml_start (&x, "agent");
  pb_xml_attr (&x, "ROLE", "CREATOR");
  pb_xml_attr (&x, "TYPE", "OTHER");
  pb_xml_attr (&x, "OTHERTYPE", "SOFTWARE");
  pb_xml_element (&x, "name", "paiban " PB_VERSION);
  pb_xml_end (&x);
  pb_xml_end (&x);
  issue_dmd (&x, ed);
  for (size_t i = 0; i < n_order && !x.rc; i++)
    article_dmd (&x, ed->articles[order[i]]);
  /* files */
  pb_xml_start (&x, "fileSec");
  for (size_t g = 0; g < sizeof page_groups / sizeof page_groups[0]; g++) {
    pb_xml_start (&x, "fileGrp");
    pb_xml_attr (&x, "USE", page_groups[g].use);
    for (size_t s = 0; s < n && !x.rc; s++) {
      int num = L->pages.v[sel[s]].number;
      char fid[32], href[32];
      snprintf (fid, sizeof fid, page_groups[g].id, num);
      snprintf (href, sizeof href, page_groups[g].file, num);
      file_entry (&x, fid, page_groups[g].mime, href);
    }
    pb_xml_end (&x);
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
        pb_xml_start (&x, "fileGrp");
        pb_xml_attr (&x, "USE", "figure");
      }
      figures = true;
      const char *aid = ed->articles[it->article]->id;
      char *fid = pb_printf ("figure_%s_%d", aid, pb_export_photo_number (ed, it));
      char *href = pb_printf ("images/%s-%d.jpg", aid, pb_export_photo_number (ed, it));
      x.rc |= !fid || !href;
      if (fid && href)
        file_entry (&x, fid, "image/jpeg", href);
      free (fid);
      free (href);
    }
  }
  if (figures)
    pb_xml_end (&x);
  pb_xml_end (&x); /* fileSec */
  /* physical: the pages in order */
  pb_xml_start (&x, "structMap");
  pb_xml_attr (&x, "TYPE", "PHYSICAL");
  pb_xml_start (&x, "div");
  pb_xml_attr (&x, "TYPE", "newspaper");
  pb_xml_attr (&x, "DMDID", "dmd_issue");
  pb_xml_attr (&x, "LABEL", ed->paper);
  for (size_t s = 0; s < n && !x.rc; s++) {
    const pb_dl_page *page = &L->pages.v[sel[s]];
    const pb_page *src = NULL;
    for (size_t i = 0; i < ed->n_pages; i++)
      if (ed->pages[i].number == page->number)
        src = &ed->pages[i];
    pb_xml_start (&x, "div");
    snprintf (id, sizeof id, "page_%d", page->number);
    pb_xml_attr (&x, "ID", id);
    pb_xml_attr (&x, "TYPE", "page");
    snprintf (id, sizeof id, "%d", page->number);
    pb_xml_attr (&x, "ORDER", id);
    pb_xml_attr (&x, "ORDERLABEL", page->label);
    if (src && src->section)
      pb_xml_attr (&x, "LABEL", src->section);
    for (size_t g = 0; g < sizeof page_groups / sizeof page_groups[0]; g++) {
      pb_xml_start (&x, "fptr");
      snprintf (id, sizeof id, page_groups[g].id, page->number);
      pb_xml_attr (&x, "FILEID", id);
      pb_xml_end (&x);
    }
    pb_xml_end (&x);
  }
  pb_xml_end (&x);
  pb_xml_end (&x);
  /* logical: the issue's articles, each its ALTO elements in reading
   * order, page after page */
  pb_xml_start (&x, "structMap");
  pb_xml_attr (&x, "TYPE", "LOGICAL");
  pb_xml_start (&x, "div");
  pb_xml_attr (&x, "TYPE", "issue");
  pb_xml_attr (&x, "DMDID", "dmd_issue");
  pb_xml_attr (&x, "LABEL", ed->issue && *ed->issue ? ed->issue : ed->date);
  for (size_t i = 0; i < n_order && !x.rc; i++) {
    const pb_article *a = ed->articles[order[i]];
    pb_xml_start (&x, "div");
    attr_id (&x, "ID", "art_", a->id);
    pb_xml_attr (&x, "TYPE", "article");
    attr_id (&x, "DMDID", "dmd_art_", a->id);
    pb_xml_attr (&x, "LABEL", a->headline);
    snprintf (id, sizeof id, "%zu", i + 1);
    pb_xml_attr (&x, "ORDER", id);
    pb_xml_start (&x, "fptr");
    pb_xml_start (&x, "seq");
    for (size_t r = 0; r < refs->n; r++) {
      const pb_alto_ref *ref = &refs->v[r];
      if (ref->article != order[i])
        continue;
      pb_xml_start (&x, "area");
      snprintf (id, sizeof id, "alto_%d", ref->page);
      pb_xml_attr (&x, "FILEID", id);
      pb_xml_attr (&x, "BETYPE", "IDREF");
      pb_xml_attr (&x, "BEGIN", ref->id);
      pb_xml_end (&x);
    }
    pb_xml_end (&x); /* seq */
    pb_xml_end (&x); /* fptr */
    pb_xml_end (&x); /* div */
  }
  pb_xml_end (&x);
  pb_xml_end (&x);
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
    ok = pb_export_write_bytes (path, xmlBufferContent (buf), (size_t) xmlBufferLength (buf), diags);
  } else {
    pb_pos at = {path ? path : dir, 0, 0};
    pb_error (diags, "memory", at, "out of memory");
  }
  if (buf)
    xmlBufferFree (buf);
  free (path);
  return ok ? 0 : -1;
}
