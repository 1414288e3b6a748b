/* Building the digital edition's HTML pages (article pages, the back-issues
 * index) as libxml2 trees, and its XML files (ALTO, METS) with libxml2's
 * writer: every text and attribute escaped when written, failures
 * gathered in one flag rather than checked at each call. */
#include "export/export.h"

#include <stdlib.h>

xmlNodePtr
pb_html_el (pb_html_doc *d, xmlNodePtr parent, const char *name, const char *text)
{
  xmlNodePtr n = parent ? xmlNewTextChild (parent, NULL, BAD_CAST name, text ? BAD_CAST text : NULL) : NULL;
  d->failed |= !n;
  return n;
}

void
pb_html_attr (pb_html_doc *d, xmlNodePtr n, const char *name, const char *value)
{
  d->failed |= !n || !xmlNewProp (n, BAD_CAST name, BAD_CAST (value ? value : ""));
}

void
pb_html_nl (pb_html_doc *d, xmlNodePtr parent)
{
  xmlNodePtr t = parent ? xmlNewText (BAD_CAST "\n") : NULL;
  d->failed |= !t || !xmlAddChild (parent, t);
}

xmlNodePtr
pb_html_start (pb_html_doc *d, const char *lang)
{
  d->doc = htmlNewDocNoDtD (NULL, NULL);
  d->failed = false;
  xmlNodePtr html = d->doc ? xmlNewNode (NULL, BAD_CAST "html") : NULL;
  if (!html) {
    d->failed = true;
    return NULL;
  }
  xmlDocSetRootElement (d->doc, html);
  pb_html_attr (d, html, "lang", lang);
  return html;
}

char *
pb_html_finish (pb_html_doc *d)
{
  xmlChar *out = NULL;
  int len = 0;
  /* the charset's <meta>, and UTF-8 out rather than character references */
  if (d->doc)
    d->failed |= htmlSetMetaEncoding (d->doc, BAD_CAST "UTF-8") != 0;
  if (!d->failed)
    htmlDocDumpMemoryFormat (d->doc, &out, &len, 0);
  xmlFreeDoc (d->doc);
  d->doc = NULL;
  char *r = out ? pb_printf ("<!DOCTYPE html>\n%s", (const char *) out) : NULL;
  xmlFree (out);
  return r;
}

void
pb_xml_start (pb_xml_out *x, const char *name)
{
  x->rc |= xmlTextWriterStartElement (x->w, BAD_CAST name) < 0;
}

void
pb_xml_end (pb_xml_out *x)
{
  x->rc |= xmlTextWriterEndElement (x->w) < 0;
}

void
pb_xml_attr (pb_xml_out *x, const char *name, const char *value)
{
  x->rc |= xmlTextWriterWriteAttribute (x->w, BAD_CAST name, BAD_CAST (value ? value : "")) < 0;
}

void
pb_xml_attr_long (pb_xml_out *x, const char *name, long value)
{
  x->rc |= xmlTextWriterWriteFormatAttribute (x->w, BAD_CAST name, "%ld", value) < 0;
}

void
pb_xml_element (pb_xml_out *x, const char *name, const char *text)
{
  if (text && *text)
    x->rc |= xmlTextWriterWriteElement (x->w, BAD_CAST name, BAD_CAST text) < 0;
}
