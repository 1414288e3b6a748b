/* A page per article (articles/ID.html), as every 数字报 site has beside
 * its page images: the article's content page, static, readable on a
 * phone, with what a search engine and a share card read.
 *
 * Each page: the paper, the date and the article's page (第N版, linking to
 * the viewer there); the kicker, headline, deck lines, byline; the body
 * (paragraphs, subheadings, the dateline, bold and emphasis as set);
 * every photo with its caption and credit; the editor line (责任编辑);
 * the source line (paper, date, page); 上一篇 / 下一篇 in the edition's
 * reading order; a link back to the article on its page image
 * (../index.html#ID); the other articles of its section.  <html lang>
 * the article's language; <title> "headline - paper"; a description
 * (the opening of its text); Open Graph tags (og:title, og:description,
 * og:type article, og:site_name, og:locale, og:image — its first photo
 * or its page's thumbnail — and, with the edition's site_url, og:url and
 * absolute image addresses, which share cards need).  Labels in the
 * article's language.  Built as libxml2 trees and written by its HTML
 * writer: every text and attribute escaped. */
#include "export/export.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/HTMLtree.h>

/* The labels of an article page, by the article's language. */
typedef struct {
  const char *prev, *next, *editor, *on_page, *source, *related, *issue, *locale;
} page_labels;
static const page_labels labels[PB_LANG_COUNT] = {
  [PB_LANG_ZH_HANS] = {"上一篇", "下一篇", "责任编辑", "在版面上看本文", "来源", "本版块其他文章", "本期目录", "zh_CN"},
  [PB_LANG_ZH_HANT] = {"上一篇", "下一篇", "責任編輯", "在版面上看本文", "來源", "本版塊其他文章", "本期目錄", "zh_TW"},
  [PB_LANG_JA] = {"前の記事", "次の記事", "編集担当", "紙面で見る", "出典", "同じ面のほかの記事", "この号の紙面", "ja_JP"},
  [PB_LANG_EN] = {"Previous", "Next", "Editor", "See it on the page", "Source", "More from this section",
                  "This issue", "en_US"},
};

/* The related list holds at most this many articles. */
#define RELATED_MAX 6
/* The description: the opening of the text, at most this many bytes. */
#define DESCRIPTION_BYTES 240

static void
meta (pb_html_doc *d, xmlNodePtr head, const char *key, const char *name, const char *content)
{
  xmlNodePtr m = pb_html_el (d, head, "meta", NULL);
  pb_html_attr (d, m, key, name);
  pb_html_attr (d, m, "content", content);
  pb_html_nl (d, head);
}

static xmlNodePtr
link_to (pb_html_doc *d, xmlNodePtr parent, const char *href, const char *text, const char *rel)
{
  xmlNodePtr a = pb_html_el (d, parent, "a", text);
  pb_html_attr (d, a, "href", href);
  if (rel)
    pb_html_attr (d, a, "rel", rel);
  return a;
}

/* Text in another language than the page's carries its own (its glyph
 * forms and punctuation: an English headline in a Traditional page). */
static void
lang_of (pb_html_doc *d, xmlNodePtr n, pb_lang lang, pb_lang page_lang)
{
  if (lang != page_lang)
    pb_html_attr (d, n, "lang", pb_lang_tag (lang));
}

/* 上一篇/下一篇: a link to the neighbour p (rel prev or next) from
 * article a's page, its headline in its own language. */
static void
neighbour (pb_html_doc *d, xmlNodePtr nav, const pb_article *a, const pb_article *p, const char *label,
           const char *rel)
{
  char *href = pb_printf ("%s.html", p->id);
  char *text = pb_printf ("%s%s", label, a->lang == PB_LANG_EN ? ": " : "：");
  xmlNodePtr link = link_to (d, nav, href, text, rel);
  lang_of (d, pb_html_el (d, link, "span", p->headline), p->lang, a->lang);
  pb_html_nl (d, nav);
  d->failed |= !href || !text;
  free (href);
  free (text);
}

/* The articles in the edition's reading order: page by page, each page's
 * in the order of its regions (as edition.json lists them); each once. */
static size_t
reading_order (const pb_layout *L, const size_t *sel, size_t n, int *order, int *first_page)
{
  size_t k = 0;
  for (size_t s = 0; s < n; s++) {
    const pb_dl_page *page = &L->pages.v[sel[s]];
    for (size_t r = 0; r < page->regions.n; r++) {
      int a = page->regions.v[r].article;
      bool seen = false;
      for (size_t i = 0; i < k && !seen; i++)
        seen = order[i] == a;
      if (!seen) {
        first_page[k] = (int) s;
        order[k++] = a;
      }
    }
  }
  return k;
}

static const char *
section_of (const pb_edition *ed, int number)
{
  for (size_t i = 0; i < ed->n_pages; i++)
    if (ed->pages[i].number == number)
      return ed->pages[i].section;
  return NULL;
}

/* An address of the site: absolute under site_url when the edition gives
 * it, else relative to articles/ (rel).  malloc'd. */
static char *
site_address (const pb_edition *ed, const char *from_root, const char *rel)
{
  return ed->site_url ? pb_printf ("%s%s", ed->site_url, from_root) : pb_strdup (rel);
}

/* The opening of the article's text for its description: its first
 * paragraph, cut at a whole character. */
static char *
description (const pb_article *a)
{
  for (size_t i = 0; i < a->n_blocks; i++)
    if (a->blocks[i].kind == PB_BLOCK_PARAGRAPH && a->blocks[i].len) {
      const pb_block *b = &a->blocks[i];
      size_t cut = pb_utf8_prefix (b->text, b->len, DESCRIPTION_BYTES);
      return cut < b->len ? pb_printf ("%.*s…", (int) cut, b->text) : pb_strndup (b->text, b->len);
    }
  return pb_strdup (a->headline ? a->headline : "");
}

typedef struct {
  const pb_layout *L;
  const size_t *sel;
  size_t n_sel;
  const int *order, *first_page;
  size_t n_order;
  double dpi;
} pages_ctx;

/* The figures of article index on the selected pages, in order: each
 * item's address under the site. */
static void
figures (pb_html_doc *d, xmlNodePtr parent, const pages_ctx *c, int index)
{
  const pb_article *a = c->L->edition->articles[index];
  for (size_t s = 0; s < c->n_sel; s++) {
    const pb_dl_page *page = &c->L->pages.v[c->sel[s]];
    for (size_t i = 0; i < page->items.n; i++) {
      const pb_dl_item *it = &page->items.v[i];
      if (it->kind != PB_DL_IMAGE || it->article != index || it->block < 0)
        continue;
      const pb_block *blk = &a->blocks[it->block];
      int pw, ph;
      pb_digital_figure_size (c->dpi, it->w, it->h, &pw, &ph);
      xmlNodePtr fig = pb_html_el (d, parent, "figure", NULL);
      xmlNodePtr img = pb_html_el (d, fig, "img", NULL);
      char *src = pb_printf ("../images/%s-%d.jpg", a->id, blk->photo);
      char w[16], h[16];
      snprintf (w, sizeof w, "%d", pw);
      snprintf (h, sizeof h, "%d", ph);
      pb_html_attr (d, img, "src", src);
      pb_html_attr (d, img, "width", w);
      pb_html_attr (d, img, "height", h);
      pb_html_attr (d, img, "alt", blk->caption && *blk->caption ? blk->caption : a->headline);
      free (src);
      d->failed |= !src;
      if ((blk->caption && *blk->caption) || (blk->credit && *blk->credit)) {
        xmlNodePtr cap = pb_html_el (d, fig, "figcaption", blk->caption);
        if (blk->credit && *blk->credit) {
          xmlNodePtr cr = pb_html_el (d, cap, "span", blk->credit);
          pb_html_attr (d, cr, "class", "credit");
        }
      }
      pb_html_nl (d, parent);
    }
  }
}

/* The first photo's address, or the thumbnail of the article's page (for
 * og:image).  malloc'd. */
static char *
share_image (const pages_ctx *c, int index, int page_number)
{
  const pb_article *a = c->L->edition->articles[index];
  for (size_t s = 0; s < c->n_sel; s++) {
    const pb_dl_page *page = &c->L->pages.v[c->sel[s]];
    for (size_t i = 0; i < page->items.n; i++) {
      const pb_dl_item *it = &page->items.v[i];
      if (it->kind == PB_DL_IMAGE && it->article == index && it->block >= 0) {
        char *root = pb_printf ("images/%s-%d.jpg", a->id, a->blocks[it->block].photo);
        char *r = root ? site_address (c->L->edition, root, "") : NULL;
        if (r && !*r) {
          free (r);
          r = pb_printf ("../%s", root);
        }
        free (root);
        return r;
      }
    }
  }
  char root[40], rel[48];
  snprintf (root, sizeof root, "pages/%02d-thumb.png", page_number);
  snprintf (rel, sizeof rel, "../%s", root);
  return site_address (c->L->edition, root, rel);
}

/* The HTML of the k-th article in reading order; malloc'd, NULL when out
 * of memory. */
static char *
article_page (const pages_ctx *c, size_t k)
{
  const pb_edition *ed = c->L->edition;
  int index = c->order[k];
  const pb_article *a = ed->articles[index];
  const pb_dl_page *page = &c->L->pages.v[c->sel[c->first_page[k]]];
  const char *section = section_of (ed, page->number);
  pb_html_doc d;
  xmlNodePtr html = pb_html_start (&d, pb_lang_tag (a->lang));
  if (!html)
    return pb_html_finish (&d);
  const page_labels *lb = &labels[a->lang];
  xmlNodePtr head = pb_html_el (&d, html, "head", NULL);
  pb_html_nl (&d, head);
  meta (&d, head, "name", "viewport", "width=device-width, initial-scale=1");
  char *title = pb_printf ("%s - %s", a->headline ? a->headline : a->id, ed->paper ? ed->paper : "");
  pb_html_el (&d, head, "title", title);
  pb_html_nl (&d, head);
  char *desc = description (a);
  meta (&d, head, "name", "description", desc);
  if (a->byline)
    meta (&d, head, "name", "author", a->byline);
  /* Open Graph (ogp.me): what a share card shows */
  meta (&d, head, "property", "og:type", "article");
  meta (&d, head, "property", "og:title", a->headline);
  meta (&d, head, "property", "og:description", desc);
  meta (&d, head, "property", "og:site_name", ed->paper);
  meta (&d, head, "property", "og:locale", lb->locale);
  char *image = share_image (c, index, page->number);
  meta (&d, head, "property", "og:image", image);
  char date[32];
  snprintf (date, sizeof date, "%04d-%02d-%02d", ed->year, ed->month, ed->day);
  meta (&d, head, "property", "article:published_time", date);
  if (section)
    meta (&d, head, "property", "article:section", section);
  char *self = pb_printf ("articles/%s.html", a->id);
  char *url = self && ed->site_url ? pb_printf ("%s%s", ed->site_url, self) : NULL;
  if (url) {
    meta (&d, head, "property", "og:url", url);
    xmlNodePtr canon = pb_html_el (&d, head, "link", NULL);
    pb_html_attr (&d, canon, "rel", "canonical");
    pb_html_attr (&d, canon, "href", url);
    pb_html_nl (&d, head);
  }
  xmlNodePtr css = pb_html_el (&d, head, "link", NULL);
  pb_html_attr (&d, css, "rel", "stylesheet");
  pb_html_attr (&d, css, "href", "articles.css");
  pb_html_nl (&d, head);
  xmlNodePtr body = pb_html_el (&d, html, "body", NULL);
  pb_html_nl (&d, body);
  /* masthead line: paper, date, the article's page */
  xmlNodePtr top = pb_html_el (&d, body, "header", NULL);
  char *page_href = pb_printf ("../index.html#page-%d", page->number);
  lang_of (&d, link_to (&d, top, "../index.html", ed->paper, NULL), ed->lang, a->lang);
  /* the date as the paper prints it: 2026年11月26日 (2026-11-26 in English) */
  char day[40];
  if (a->lang == PB_LANG_EN)
    snprintf (day, sizeof day, "%04d-%02d-%02d", ed->year, ed->month, ed->day);
  else
    snprintf (day, sizeof day, "%d年%d月%d日", ed->year, ed->month, ed->day);
  char *when = pb_printf (" %s ", day);
  pb_html_el (&d, top, "span", when);
  lang_of (&d, link_to (&d, top, page_href, page->label, NULL), ed->lang, a->lang);
  pb_html_nl (&d, body);
  xmlNodePtr main_el = pb_html_el (&d, body, "main", NULL);
  xmlNodePtr art = pb_html_el (&d, main_el, "article", NULL);
  pb_html_nl (&d, art);
  if (a->kicker && *a->kicker) {
    xmlNodePtr p = pb_html_el (&d, art, "p", a->kicker);
    pb_html_attr (&d, p, "class", "kicker");
    pb_html_nl (&d, art);
  }
  pb_html_el (&d, art, "h1", a->headline);
  pb_html_nl (&d, art);
  for (size_t i = 0; i < a->n_deck; i++) {
    xmlNodePtr p = pb_html_el (&d, art, "p", a->deck[i]);
    pb_html_attr (&d, p, "class", "deck");
    pb_html_nl (&d, art);
  }
  if (a->byline && *a->byline) {
    xmlNodePtr p = pb_html_el (&d, art, "p", a->byline);
    pb_html_attr (&d, p, "class", "byline");
    pb_html_nl (&d, art);
  }
  figures (&d, art, c, index);
  for (size_t i = 0; i < a->n_blocks && !d.failed; i++) {
    const pb_block *b = &a->blocks[i];
    if (b->kind == PB_BLOCK_FIGURE)
      continue;
    xmlNodePtr p = pb_html_el (&d, art, b->kind == PB_BLOCK_SUBHEADING ? "h2" : "p", NULL);
    d.failed |= !p || !pb_html_block_text (p, b);
    pb_html_nl (&d, art);
  }
  if (a->editor && *a->editor) {
    char *line = pb_printf ("%s%s%s", lb->editor, a->lang == PB_LANG_EN ? ": " : "：", a->editor);
    xmlNodePtr p = pb_html_el (&d, art, "p", line);
    pb_html_attr (&d, p, "class", "editor");
    free (line);
    pb_html_nl (&d, art);
  }
  char *source = pb_printf ("%s%s%s %s %s", lb->source, a->lang == PB_LANG_EN ? ": " : "：",
                            ed->paper ? ed->paper : "", day, page->label ? page->label : "");
  xmlNodePtr src = pb_html_el (&d, art, "p", source);
  pb_html_attr (&d, src, "class", "source");
  pb_html_nl (&d, art);
  pb_html_nl (&d, body);
  /* navigation: its place on the page, the neighbours, the issue */
  xmlNodePtr nav = pb_html_el (&d, body, "nav", NULL);
  pb_html_attr (&d, nav, "class", "article-nav");
  pb_html_nl (&d, nav);
  char *on_page = pb_printf ("../index.html#%s", a->id);
  link_to (&d, nav, on_page, lb->on_page, NULL);
  pb_html_nl (&d, nav);
  if (k > 0)
    neighbour (&d, nav, a, ed->articles[c->order[k - 1]], lb->prev, "prev");
  if (k + 1 < c->n_order)
    neighbour (&d, nav, a, ed->articles[c->order[k + 1]], lb->next, "next");
  link_to (&d, nav, "../index.html", lb->issue, NULL);
  pb_html_nl (&d, body);
  /* the other articles of its section (of its page when pages have none) */
  xmlNodePtr list = NULL;
  int shown = 0;
  for (size_t j = 0; j < c->n_order && shown < RELATED_MAX; j++) {
    if (j == k)
      continue;
    const pb_dl_page *other = &c->L->pages.v[c->sel[c->first_page[j]]];
    const char *sec = section_of (ed, other->number);
    bool same = section ? sec && strcmp (sec, section) == 0 : other->number == page->number;
    if (!same)
      continue;
    if (!list) {
      xmlNodePtr aside = pb_html_el (&d, body, "aside", NULL);
      pb_html_el (&d, aside, "h2", section ? section : lb->related);
      list = pb_html_el (&d, aside, "ul", NULL);
      pb_html_nl (&d, body);
    }
    const pb_article *o = ed->articles[c->order[j]];
    char *href = pb_printf ("%s.html", o->id);
    xmlNodePtr li = pb_html_el (&d, list, "li", NULL);
    lang_of (&d, link_to (&d, li, href, o->headline, NULL), o->lang, a->lang);
    free (href);
    shown++;
  }
  d.failed |= !title || !desc || !image || !self || !page_href || !when || !source || !on_page ||
              (ed->site_url && !url);
  free (title);
  free (desc);
  free (image);
  free (self);
  free (url);
  free (page_href);
  free (when);
  free (source);
  free (on_page);
  return pb_html_finish (&d);
}

extern const unsigned char pb_asset_articles_css[];

int
pb_article_pages_write (const pb_layout *L, const char *dir, const size_t *sel, size_t n, double dpi,
                        pb_diagnostics *diags)
{
  size_t cap = 0;
  for (size_t s = 0; s < n; s++)
    cap += L->pages.v[sel[s]].regions.n;
  int *order = pb_calloc (cap + 1, sizeof *order), *first = pb_calloc (cap + 1, sizeof *first);
  char *folder = pb_path_join (dir, "articles");
  bool ok = order && first && folder && pb_export_make_dir (folder, diags);
  pages_ctx c = {L, sel, n, order, first, ok ? reading_order (L, sel, n, order, first) : 0, dpi};
  for (size_t k = 0; ok && k < c.n_order; k++) {
    char *name = pb_printf ("%s.html", L->edition->articles[order[k]]->id);
    char *path = name && pb_path_is_plain_name (name) ? pb_path_join (folder, name) : NULL;
    char *html = path ? article_page (&c, k) : NULL;
    if (html) {
      ok = pb_export_write_bytes (path, html, strlen (html), diags);
    } else {
      pb_error (diags, "memory", ((pb_pos) {path ? PB_SHOWN (path) : dir, 0, 0}), "out of memory");
      ok = false;
    }
    free (html);
    free (path);
    free (name);
  }
  char *css = ok ? pb_path_join (folder, "articles.css") : NULL;
  if (ok) {
    const char *data = (const char *) pb_asset_articles_css;
    ok = css && pb_export_write_bytes (css, data, strlen (data), diags);
  }
  free (css);
  free (folder);
  free (order);
  free (first);
  return ok ? 0 : -1;
}
