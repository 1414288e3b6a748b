/* The digital edition (数字报): page images for the site (PNG, WebP,
 * thumbnails), figure images, per-page HTML image maps, edition.json (and
 * edition.js, the same data for the offline viewer), each article's ninjs
 * (ninjs.c) and the viewer. */
#include "export/export.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/HTMLtree.h>
#include <webp/encode.h>

extern const unsigned char pb_asset_index_html[], pb_asset_viewer_css[], pb_asset_viewer_js[];

#define THUMB_WIDTH 300
/* The WebP page image is the site's screen image: at most this wide, in
 * px — a page shown about 700 CSS px wide on a 2× display — where the
 * PNG keeps the full --dpi for zooming and print (docs/performance.md) */
#define WEBP_WIDTH 1400

/* The WebP page image's size for a page image of w × h px. */
static void
webp_size (int w, int h, int *ww, int *wh)
{
  *ww = w > WEBP_WIDTH ? WEBP_WIDTH : w;
  *wh = w > WEBP_WIDTH ? (int) lround ((double) h * WEBP_WIDTH / w) : h;
  if (*wh < 1)
    *wh = 1;
}

/* s as a WebP at ww × wh px (libwebp's rescaler when that is smaller
 * than s). */
static bool
write_webp (const char *path, cairo_surface_t *s, int ww, int wh, pb_diagnostics *diags)
{
  /* cairo's RGB24 pixel is a native-endian 32-bit word: an undefined top
   * byte, then red, green, blue.  On a little-endian machine its bytes
   * are blue, green, red and the unused one, which libwebp imports as
   * they are (BGRX: the fourth byte ignored, the picture opaque);
   * elsewhere they are packed into blue, green, red first */
  cairo_surface_flush (s);
  int w = cairo_image_surface_get_width (s), h = cairo_image_surface_get_height (s);
  int stride = cairo_image_surface_get_stride (s);
  const unsigned char *src = cairo_image_surface_get_data (s);
  uint8_t *bgr = NULL, *out = NULL;
  size_t len = 0;
  int error = VP8_ENC_OK;
#if __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
  bgr = pb_malloc ((size_t) w * (size_t) h * 3);
  if (!bgr)
    error = VP8_ENC_ERROR_OUT_OF_MEMORY;
  for (int y = 0; bgr && y < h; y++)
    for (int x = 0; x < w; x++) {
      uint32_t px = *(const uint32_t *) (src + (size_t) y * (size_t) stride + 4 * (size_t) x);
      uint8_t *d = bgr + ((size_t) y * (size_t) w + (size_t) x) * 3;
      d[0] = (uint8_t) px;
      d[1] = (uint8_t) (px >> 8);
      d[2] = (uint8_t) (px >> 16);
    }
#endif
  if (error == VP8_ENC_OK) {
    /* quality 80 with the fastest method: previews, not archives */
    WebPConfig cfg;
    WebPPicture pic;
    WebPMemoryWriter mw;
    if (WebPConfigInit (&cfg) && WebPPictureInit (&pic)) {
      cfg.quality = 80;
      cfg.method = 0;
      /* a large page image fills VP8's first partition (512 KiB of
       * prediction modes, about 400,000 macroblocks): let the encoder
       * simplify them rather than fail */
      cfg.partition_limit = (uint64_t) w * (uint64_t) h > 64ull * 1000 * 1000 ? 100 : 0;
      pic.width = w;
      pic.height = h;
      /* lossy: imported straight into YUV 4:2:0, no ARGB copy between */
      pic.use_argb = 0;
      WebPMemoryWriterInit (&mw);
      pic.writer = WebPMemoryWrite;
      pic.custom_ptr = &mw;
      int imported = bgr ? WebPPictureImportBGR (&pic, bgr, w * 3) : WebPPictureImportBGRX (&pic, src, stride);
      if (imported && (ww != w || wh != h))
        imported = WebPPictureRescale (&pic, ww, wh);
      if (imported && WebPEncode (&cfg, &pic)) {
        out = mw.mem;
        len = mw.size;
      } else {
        error = pic.error_code ? pic.error_code : VP8_ENC_ERROR_OUT_OF_MEMORY;
        WebPMemoryWriterClear (&mw);
      }
      WebPPictureFree (&pic);
    }
    free (bgr);
  }
  if (!len) {
    if (error == VP8_ENC_ERROR_OUT_OF_MEMORY || error == VP8_ENC_ERROR_BITSTREAM_OUT_OF_MEMORY)
      pb_error (diags, "webp", ((pb_pos) {PB_SHOWN (path), 0, 0}), "cannot encode the WebP image: out of memory");
    else
      pb_error (diags, "webp", ((pb_pos) {PB_SHOWN (path), 0, 0}),
                "cannot encode the WebP image of %d × %d pixels (libwebp error %d): use a lower --dpi", w, h,
                error);
    return false;
  }
  bool ok = pb_export_write_bytes (path, out, len, diags);
  WebPFree (out);
  return ok;
}

static bool
write_png (const char *path, cairo_surface_t *s, pb_diagnostics *diags)
{
  unsigned char *data = NULL;
  size_t len = 0;
  if (!pb_png_encode (s, &data, &len)) {
    pb_error (diags, "png", ((pb_pos) {PB_SHOWN (path), 0, 0}), "cannot encode the PNG image: out of memory");
    return false;
  }
  bool ok = pb_export_write_bytes (path, data, len, diags);
  free (data);
  return ok;
}

void
pb_digital_figure_size (double dpi, pb_fixed w, pb_fixed h, int *pw, int *ph)
{
  double k = dpi / 72.0;
  *pw = (int) ceil (PB_TO_PT (w) * k);
  *ph = (int) ceil (PB_TO_PT (h) * k);
  if (*pw < 1)
    *pw = 1;
  if (*ph < 1)
    *ph = 1;
}

/* A part of the page image (at dpi), in page points, as a new surface. */
static cairo_surface_t *
crop (cairo_surface_t *page, double dpi, pb_fixed x, pb_fixed y, pb_fixed w, pb_fixed h)
{
  double k = dpi / 72.0;
  int px = (int) floor (PB_TO_PT (x) * k), py = (int) floor (PB_TO_PT (y) * k);
  int pw, ph;
  pb_digital_figure_size (dpi, w, h, &pw, &ph);
  cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_RGB24, pw, ph);
  cairo_t *cr = cairo_create (s);
  cairo_set_source_surface (cr, page, -px, -py);
  cairo_paint (cr);
  cairo_destroy (cr);
  return s;
}

int
pb_digital_page_images (pb_layout *L, const pb_dl_page *page, cairo_surface_t *png, double dpi,
                        const char *dir, pb_diagnostics *diags)
{
  char *path = pb_printf ("%s/pages/%02d.webp", dir, page->number);
  int w = cairo_image_surface_get_width (png), h = cairo_image_surface_get_height (png);
  int ww, wh;
  webp_size (w, h, &ww, &wh);
  bool ok = path && write_webp (path, png, ww, wh, diags);
  free (path);
  /* the thumbnail, about 300 pixels wide */
  int tw = THUMB_WIDTH, th = (int) lround ((double) h * tw / w);
  cairo_surface_t *t = cairo_image_surface_create (CAIRO_FORMAT_RGB24, tw, th);
  cairo_t *cr = cairo_create (t);
  cairo_scale (cr, (double) tw / w, (double) th / h);
  cairo_set_source_surface (cr, png, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_GOOD);
  cairo_paint (cr);
  if (cairo_status (cr) != CAIRO_STATUS_SUCCESS || cairo_surface_status (t) != CAIRO_STATUS_SUCCESS) {
    pb_error (diags, "memory", ((pb_pos) {dir, 0, 0}), "cannot make the thumbnail of page %d: %s", page->number,
              cairo_status_to_string (cairo_status (cr)));
    ok = false;
  }
  cairo_destroy (cr);
  path = pb_printf ("%s/pages/%02d-thumb.png", dir, page->number);
  ok = ok && path && write_png (path, t, diags);
  free (path);
  path = pb_printf ("%s/pages/%02d-thumb.webp", dir, page->number);
  ok = ok && path && write_webp (path, t, tw, th, diags);
  free (path);
  cairo_surface_destroy (t);
  /* every figure's photo, cut out of the page */
  for (size_t i = 0; ok && i < page->items.n; i++) {
    const pb_dl_item *it = &page->items.v[i];
    if (it->kind != PB_DL_IMAGE || it->article < 0)
      continue;
    cairo_surface_t *c = crop (png, dpi, it->x, it->y, it->w, it->h);
    unsigned char *jpg = NULL;
    size_t len;
    /* ids are checked when read: the name stays inside images/ */
    char *name = pb_printf ("%s-%d.jpg", L->edition->articles[it->article]->id,
                            pb_export_photo_number (L->edition, it));
    path = name && pb_path_is_plain_name (name) ? pb_printf ("%s/images/%s", dir, name) : NULL;
    ok = path && cairo_surface_status (c) == CAIRO_STATUS_SUCCESS && pb_jpeg_encode (c, 85, &jpg, &len);
    if (ok)
      ok = pb_export_write_bytes (path, jpg, len, diags);
    else
      pb_error (diags, "memory", ((pb_pos) {path ? path : dir, 0, 0}), "cannot make the figure image: out of memory");
    free (jpg);
    free (name);
    free (path);
    cairo_surface_destroy (c);
  }
  return ok ? 0 : -1;
}

/* ---- edition.json ---- */

static json_t *
rect_json (const pb_dl_page *page, pb_fixed x, pb_fixed y, pb_fixed w, pb_fixed h)
{
  double pw = PB_TO_PT (page->w), ph = PB_TO_PT (page->h);
  double r[4] = {PB_TO_PT (x), PB_TO_PT (y), PB_TO_PT (w), PB_TO_PT (h)};
  json_t *pt = json_array (), *fr = json_array ();
  for (int i = 0; i < 4; i++) {
    json_array_append_new (pt, json_real (round (r[i] * 100) / 100));
    json_array_append_new (fr, json_real (round (r[i] / (i % 2 ? ph : pw) * 1e6) / 1e6));
  }
  return json_pack ("{s:o, s:o}", "pt", pt, "fraction", fr);
}

static json_t *
image_json (const char *file, int w, int h)
{
  return json_pack ("{s:s, s:i, s:i}", "file", file, "width", w, "height", h);
}

static void
set_string (json_t *o, const char *key, const char *value)
{
  json_object_set_new (o, key, value ? json_string (value) : json_null ());
}

static json_t *
article_json (const pb_layout *L, int index, const size_t *sel, size_t n_sel)
{
  const pb_article *a = L->edition->articles[index];
  json_t *o = json_object ();
  set_string (o, "id", a->id);
  set_string (o, "lang", pb_lang_tag (a->lang));
  json_object_set_new (o, "priority", json_integer (a->priority));
  set_string (o, "kicker", a->kicker);
  set_string (o, "headline", a->headline);
  json_t *deck = json_array ();
  for (size_t i = 0; i < a->n_deck; i++)
    json_array_append_new (deck, json_string (a->deck[i]));
  json_object_set_new (o, "deck", deck);
  set_string (o, "byline", a->byline);
  set_string (o, "dateline", a->dateline);
  set_string (o, "editor", a->editor);
  json_t *paras = json_array (), *figs = json_array (), *pages = json_array (), *regions = json_array ();
  for (size_t b = 0; b < a->n_blocks; b++) {
    const pb_block *blk = &a->blocks[b];
    if (blk->kind == PB_BLOCK_FIGURE)
      continue;
    json_array_append_new (paras, json_pack ("{s:s, s:s%}", "type",
                                             blk->kind == PB_BLOCK_SUBHEADING ? "subheading" : "paragraph",
                                             "text", blk->text, blk->len));
  }
  for (size_t s = 0; s < n_sel; s++) {
    const pb_dl_page *page = &L->pages.v[sel[s]];
    bool here = false;
    for (size_t r = 0; r < page->regions.n; r++) {
      const pb_region *rg = &page->regions.v[r];
      if (rg->article != index)
        continue;
      json_t *j = rect_json (page, rg->x, rg->y, rg->w, rg->h);
      json_object_set_new (j, "page", json_integer (page->number));
      json_array_append_new (regions, j);
      here = true;
    }
    if (here)
      json_array_append_new (pages, json_integer (page->number));
    for (size_t i = 0; i < page->items.n; i++) {
      const pb_dl_item *it = &page->items.v[i];
      if (it->kind != PB_DL_IMAGE || it->article != index || it->block < 0)
        continue;
      const pb_block *blk = &a->blocks[it->block];
      json_t *f = json_object ();
      char *file = pb_printf ("images/%s-%d.jpg", a->id, blk->photo);
      set_string (f, "image", file);
      free (file);
      set_string (f, "caption", blk->caption);
      set_string (f, "credit", blk->credit);
      json_object_set_new (f, "page", json_integer (page->number));
      json_object_set_new (f, "region", rect_json (page, it->x, it->y, it->w, it->h));
      json_array_append_new (figs, f);
    }
  }
  json_object_set_new (o, "paragraphs", paras);
  json_object_set_new (o, "figures", figs);
  json_object_set_new (o, "pages", pages);
  json_object_set_new (o, "regions", regions);
  int on = 0, from = 0;
  for (size_t p = 0; p < L->edition->n_pages; p++)
    for (size_t q = 0; q < L->edition->pages[p].n_placements; q++) {
      const pb_placement *pl = &L->edition->pages[p].placements[q];
      if (pl->article != a)
        continue;
      if (pl->continues_on)
        on = pl->continues_on;
      if (pl->continued_from)
        from = pl->continued_from;
    }
  /* a jump: the story starts on page `continued_from` and goes on on
   * page `continues_on` */
  json_object_set_new (o, "continues_on", on ? json_integer (on) : json_null ());
  json_object_set_new (o, "continued_from", from ? json_integer (from) : json_null ());
  return o;
}

static json_t *
edition_json (const pb_layout *L, const size_t *sel, size_t n, double dpi)
{
  const pb_edition *ed = L->edition;
  json_t *root = json_object ();
  json_object_set_new (root, "generator", json_string ("paiban " PB_VERSION));
  set_string (root, "paper", ed->paper);
  set_string (root, "date", ed->date);
  set_string (root, "issue", ed->issue);
  set_string (root, "lang", pb_lang_tag (ed->lang));
  json_t *pages = json_array ();
  for (size_t s = 0; s < n; s++) {
    const pb_dl_page *page = &L->pages.v[sel[s]];
    double k = dpi / 72.0;
    int w = (int) (PB_TO_PT (page->w) * k + 0.5), h = (int) (PB_TO_PT (page->h) * k + 0.5);
    int th = (int) lround ((double) h * THUMB_WIDTH / w), ww, wh;
    webp_size (w, h, &ww, &wh);
    char name[64];
    json_t *p = json_object ();
    json_object_set_new (p, "number", json_integer (page->number));
    set_string (p, "label", page->label);
    const pb_page *src = NULL;
    for (size_t i = 0; i < ed->n_pages; i++)
      if (ed->pages[i].number == page->number)
        src = &ed->pages[i];
    set_string (p, "section", src ? src->section : NULL);
    json_t *editors = json_array ();
    for (size_t i = 0; src && i < src->n_editors; i++)
      json_array_append_new (editors, json_string (src->editors[i]));
    json_object_set_new (p, "editors", editors);
    json_object_set_new (p, "width_pt", json_real (round (PB_TO_PT (page->w) * 100) / 100));
    json_object_set_new (p, "height_pt", json_real (round (PB_TO_PT (page->h) * 100) / 100));
    snprintf (name, sizeof name, "pages/%02d.pdf", page->number);
    set_string (p, "pdf", name);
    snprintf (name, sizeof name, "pages/%02d.png", page->number);
    json_object_set_new (p, "image", image_json (name, w, h));
    snprintf (name, sizeof name, "pages/%02d.webp", page->number);
    json_object_set_new (p, "webp", image_json (name, ww, wh));
    snprintf (name, sizeof name, "pages/%02d-thumb.png", page->number);
    json_object_set_new (p, "thumbnail", image_json (name, THUMB_WIDTH, th));
    snprintf (name, sizeof name, "pages/%02d-thumb.webp", page->number);
    json_object_set_new (p, "thumbnail_webp", image_json (name, THUMB_WIDTH, th));
    snprintf (name, sizeof name, "pages/%02d.map.html", page->number);
    set_string (p, "image_map", name);
    json_t *ids = json_array ();
    int last = -1;
    for (size_t r = 0; r < page->regions.n; r++) {
      int a = page->regions.v[r].article;
      bool seen = a == last;
      for (size_t q = 0; q < r && !seen; q++)
        seen = page->regions.v[q].article == a;
      if (!seen)
        json_array_append_new (ids, json_string (ed->articles[a]->id));
      last = a;
    }
    json_object_set_new (p, "articles", ids);
    json_array_append_new (pages, p);
  }
  json_object_set_new (root, "pages", pages);
  json_t *arts = json_array ();
  for (size_t a = 0; a < ed->n_articles; a++) {
    json_t *j = article_json (L, (int) a, sel, n);
    if (json_array_size (json_object_get (j, "pages")))
      json_array_append_new (arts, j);
    else
      json_decref (j);
  }
  json_object_set_new (root, "articles", arts);
  return root;
}

/* <map> with one <area shape="poly"> per region, in image pixels; the
 * document is built with libxml2 and serialised by its HTML writer, which
 * escapes every text and attribute. */
static char *
image_map (const pb_layout *L, const pb_dl_page *page, double dpi)
{
  double k = dpi / 72.0;
  int w = (int) (PB_TO_PT (page->w) * k + 0.5), h = (int) (PB_TO_PT (page->h) * k + 0.5);
  char buf[64];
  htmlDocPtr doc = htmlNewDocNoDtD (NULL, NULL);
  xmlNodePtr html = doc ? xmlNewNode (NULL, BAD_CAST "html") : NULL;
  if (!html) {
    xmlFreeDoc (doc);
    return NULL;
  }
  xmlDocSetRootElement (doc, html);
  xmlNewProp (html, BAD_CAST "lang", BAD_CAST pb_lang_tag (L->edition->lang));
  xmlNodePtr head = xmlNewChild (html, NULL, BAD_CAST "head", NULL);
  if (head)
    xmlNewTextChild (head, NULL, BAD_CAST "title", BAD_CAST page->label);
  /* the charset's <meta>, and UTF-8 out rather than character references */
  htmlSetMetaEncoding (doc, BAD_CAST "UTF-8");
  xmlNodePtr body = xmlNewChild (html, NULL, BAD_CAST "body", NULL);
  xmlNodePtr img = body ? xmlNewChild (body, NULL, BAD_CAST "img", NULL) : NULL;
  if (img) {
    snprintf (buf, sizeof buf, "%02d.png", page->number);
    xmlNewProp (img, BAD_CAST "src", BAD_CAST buf);
    snprintf (buf, sizeof buf, "%d", w);
    xmlNewProp (img, BAD_CAST "width", BAD_CAST buf);
    snprintf (buf, sizeof buf, "%d", h);
    xmlNewProp (img, BAD_CAST "height", BAD_CAST buf);
    snprintf (buf, sizeof buf, "#page-%d", page->number);
    xmlNewProp (img, BAD_CAST "usemap", BAD_CAST buf);
    xmlNewProp (img, BAD_CAST "alt", BAD_CAST page->label);
  }
  xmlNodePtr map = body ? xmlNewChild (body, NULL, BAD_CAST "map", NULL) : NULL;
  if (map) {
    snprintf (buf, sizeof buf, "page-%d", page->number);
    xmlNewProp (map, BAD_CAST "name", BAD_CAST buf);
  }
  for (size_t r = 0; map && r < page->regions.n; r++) {
    const pb_region *rg = &page->regions.v[r];
    const pb_article *a = L->edition->articles[rg->article];
    long x0 = lround (PB_TO_PT (rg->x) * k), y0 = lround (PB_TO_PT (rg->y) * k);
    long x1 = lround (PB_TO_PT (rg->x + rg->w) * k), y1 = lround (PB_TO_PT (rg->y + rg->h) * k);
    xmlNodePtr area = xmlNewChild (map, NULL, BAD_CAST "area", NULL);
    if (!area)
      break;
    char coords[128];
    snprintf (coords, sizeof coords, "%ld,%ld,%ld,%ld,%ld,%ld,%ld,%ld", x0, y0, x1, y0, x1, y1, x0, y1);
    char *href = pb_printf ("../index.html#%s", a->id);
    xmlNewProp (area, BAD_CAST "shape", BAD_CAST "poly");
    xmlNewProp (area, BAD_CAST "coords", BAD_CAST coords);
    xmlNewProp (area, BAD_CAST "href", BAD_CAST (href ? href : ""));
    xmlNewProp (area, BAD_CAST "data-article", BAD_CAST a->id);
    xmlNewProp (area, BAD_CAST "alt", BAD_CAST a->headline);
    free (href);
  }
  xmlChar *out = NULL;
  int len = 0;
  htmlDocDumpMemoryFormat (doc, &out, &len, 1);
  xmlFreeDoc (doc);
  char *r = NULL;
  if (out) {
    r = pb_printf ("<!DOCTYPE html>\n%s", (const char *) out);
    xmlFree (out);
  }
  return r;
}

/* The text the viewer searches (every article's kicker, headline, deck
 * and paragraphs in edition.json), one line each. */
static void
search_text (json_t *root, pb_buf *out)
{
  json_t *arts = json_object_get (root, "articles");
  for (size_t i = 0; i < json_array_size (arts); i++) {
    json_t *a = json_array_get (arts, i), *v;
    size_t k;
    const char *head[] = {json_string_value (json_object_get (a, "kicker")),
                          json_string_value (json_object_get (a, "headline"))};
    for (k = 0; k < 2; k++)
      if (head[k])
        pb_buf_printf (out, "%s\n", head[k]);
    json_array_foreach (json_object_get (a, "deck"), k, v)
      pb_buf_printf (out, "%s\n", json_string_value (v) ? json_string_value (v) : "");
    json_array_foreach (json_object_get (a, "paragraphs"), k, v) {
      const char *t = json_string_value (json_object_get (v, "text"));
      pb_buf_printf (out, "%s\n", t ? t : "");
    }
  }
}

int
pb_digital_write (pb_layout *L, const char *dir, const size_t *sel, size_t n, double dpi,
                  pb_diagnostics *diags)
{
  bool ok = true;
  for (size_t s = 0; ok && s < n; s++) {
    const pb_dl_page *page = &L->pages.v[sel[s]];
    char *html = image_map (L, page, dpi);
    char *path = pb_printf ("%s/pages/%02d.map.html", dir, page->number);
    ok = html && path && pb_export_write_bytes (path, html, strlen (html), diags);
    free (html);
    free (path);
  }
  pb_alto_refs refs = {0};
  ok = ok && pb_alto_write (L, dir, sel, n, dpi, &refs, diags) == 0;
  ok = ok && pb_mets_write (L, dir, sel, n, &refs, diags) == 0;
  PB_VEC_FREE (refs);
  json_t *root = edition_json (L, sel, n, dpi);
  char *json = json_dumps (root, JSON_INDENT (1) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION (10));
  /* edition.js: edition.json, and the search's Simplified/Traditional
   * table for its characters (script_fold.c) */
  pb_buf text = {0};
  search_text (root, &text);
  char *fold = pb_script_fold_table (text.data ? text.data : "", text.len);
  pb_buf_free (&text);
  json_decref (root);
  if (!json || !fold) {
    free (json);
    free (fold);
    return -1;
  }
  char *path = pb_path_join (dir, "edition.json");
  pb_buf js = {0};
  pb_buf_puts (&js, "window.PAIBAN_EDITION = ");
  pb_buf_puts (&js, json);
  pb_buf_puts (&js, ";\nwindow.PAIBAN_SEARCH_FOLD = ");
  pb_buf_puts (&js, fold);
  pb_buf_puts (&js, ";\n");
  free (fold);
  ok = ok && path && pb_export_write_bytes (path, json, strlen (json), diags);
  free (path);
  path = pb_path_join (dir, "edition.js");
  ok = ok && path && pb_export_write_file (path, &js, diags);
  free (path);
  pb_buf_free (&js);
  free (json);
  /* each article's ninjs, for news platforms (ninjs.c) */
  ok = ok && pb_ninjs_write (L, dir, sel, n, dpi, diags) == 0;
  ok = ok && pb_article_pages_write (L, dir, sel, n, dpi, diags) == 0;
  static const struct { const char *name; const unsigned char *data; } assets[] = {
    {"index.html", pb_asset_index_html}, {"viewer.css", pb_asset_viewer_css},
    {"viewer.js", pb_asset_viewer_js},
  };
  for (size_t i = 0; ok && i < sizeof assets / sizeof assets[0]; i++) {
    path = pb_path_join (dir, assets[i].name);
    const char *data = (const char *) assets[i].data;
    ok = path && pb_export_write_bytes (path, data, strlen (data), diags);
    free (path);
  }
  return ok ? 0 : -1;
}
