/* 往期: `paiban archive DIR` indexes the editions paiban built into the
 * folders of DIR (each with its marker and edition.json), the back issues
 * a 数字报 site lists: DIR/index.html, by date, newest first, grouped by
 * month, each with its first page's thumbnail, date, issue line and lead
 * headline (and its paper's name when the folder holds several papers),
 * linking to its viewer, and a date field that opens the edition of a
 * day, in the language of the newest edition; DIR/paiban-archive.js, the
 * same list for the editions' viewers, which load it
 * (../paiban-archive.js) to link back to the index and to the previous
 * and next issues.
 *
 * Only what the editions' own edition.json says is used (read with
 * jansson); a folder without paiban's marker is not an edition and is
 * passed over; an edition.json that cannot be read is a warning naming
 * it.  The index is built as a libxml2 tree (every text and attribute
 * escaped), folder names percent-encoded in links; both files are
 * written atomically (a reader sees the old index or the new). */
#include "export/export.h"
#include "paiban.h"

#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <libxml/HTMLtree.h>

typedef struct {
  char *folder;               /* the edition's folder name in DIR */
  char *paper, *date, *issue, *lang, *lead;
  char *lead_lang;            /* the lead's own language (NULL: the edition's) */
  char *thumb;                /* its first page's thumbnail (relative to the folder) */
  int thumb_w, thumb_h, pages;
} edition_entry;

static void
entry_free (edition_entry *e)
{
  free (e->folder);
  free (e->paper);
  free (e->date);
  free (e->issue);
  free (e->lang);
  free (e->lead);
  free (e->lead_lang);
  free (e->thumb);
}

static char *
json_str (json_t *o, const char *key)
{
  const char *s = json_string_value (json_object_get (o, key));
  return s ? pb_strdup (s) : NULL;
}

/* Is s a date YYYY-MM-DD (as edition.json writes it)? */
static bool
is_date (const char *s)
{
  if (!s || strlen (s) != 10)
    return false;
  for (int i = 0; i < 10; i++)
    if (i == 4 || i == 7 ? s[i] != '-' : (s[i] < '0' || s[i] > '9'))
      return false;
  return true;
}

/* Reads folder's edition.json into e; false (warned) when it is not one
 * paiban wrote. */
static bool
read_edition (const char *dir, const char *folder, edition_entry *e, pb_diagnostics *diags)
{
  char *path = pb_printf ("%s/%s/edition.json", dir, folder);
  json_error_t err;
  json_t *root = path ? json_load_file (path, 0, &err) : NULL;
  json_t *pages = json_object_get (root, "pages"), *arts = json_object_get (root, "articles");
  json_t *first = json_array_get (pages, 0);
  *e = (edition_entry) {pb_strdup (folder), json_str (root, "paper"), json_str (root, "date"),
                        json_str (root, "issue"), json_str (root, "lang"), NULL, NULL, NULL, 0, 0,
                        (int) json_array_size (pages)};
  json_t *thumb = json_object_get (first, "thumbnail");
  e->thumb = json_str (thumb, "file");
  e->thumb_w = (int) json_integer_value (json_object_get (thumb, "width"));
  e->thumb_h = (int) json_integer_value (json_object_get (thumb, "height"));
  /* the lead: the first article of the first page */
  const char *lead_id = json_string_value (json_array_get (json_object_get (first, "articles"), 0));
  for (size_t i = 0; lead_id && i < json_array_size (arts); i++) {
    json_t *a = json_array_get (arts, i);
    const char *id = json_string_value (json_object_get (a, "id"));
    if (id && strcmp (id, lead_id) == 0 && !e->lead) {
      e->lead = json_str (a, "headline");
      e->lead_lang = json_str (a, "lang");
    }
  }
  bool ok = root && e->folder && e->paper && is_date (e->date) && e->pages > 0;
  if (!ok)
    pb_warning (diags, "archive", ((pb_pos) {path ? path : folder, root ? 0 : err.line, root ? 0 : err.column}),
                "not listed: its edition.json is not one paiban wrote (%s)",
                root ? "no paper, date or pages" : err.text);
  json_decref (root);
  free (path);
  return ok;
}

/* Newest first; the editions of one day (a 号外, a rebuild into a
 * second folder) by folder name, so that the date field opens the first
 * and the list shows each. */
static int
by_date (const void *pa, const void *pb)
{
  const edition_entry *a = pa, *b = pb;
  int c = strcmp (b->date, a->date);
  return c ? c : strcmp (a->folder, b->folder);
}

/* The folder name as a URI path segment (RFC 3986: unreserved bytes kept,
 * the rest percent-encoded), then rest.  malloc'd. */
static char *
folder_href (const char *folder, const char *rest)
{
  pb_buf b = {0};
  for (const unsigned char *c = (const unsigned char *) folder; *c; c++) {
    if ((*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || strchr ("-._~", *c))
      pb_buf_append (&b, c, 1);
    else
      pb_buf_printf (&b, "%%%02X", *c);
  }
  pb_buf_printf (&b, "/%s", rest);
  return pb_buf_steal (&b);
}

/* The index's words, in the language of the newest edition listed. */
typedef struct {
  const char *title;          /* after the papers' names */
  const char *title_sep;      /* between the names and the title */
  const char *by_date, *no_paper, *empty;
  const char *list_sep;       /* between the papers' names */
  bool western_dates;         /* 26 November 2026, else 2026年11月26日 */
} index_words;
static const index_words words[PB_LANG_COUNT] = {
  [PB_LANG_ZH_HANS] = {"往期", " ", "按日期查看：", " 这一天没有报纸", "此文件夹中还没有报纸。", "、", false},
  [PB_LANG_ZH_HANT] = {"往期", " ", "按日期查看：", " 這一天沒有報紙", "此資料夾中還沒有報紙。", "、", false},
  [PB_LANG_JA] = {"過去の紙面", " ", "日付で探す：", " この日の新聞はありません",
                  "このフォルダーにはまだ新聞がありません。", "、", false},
  [PB_LANG_EN] = {"Back issues", " — ", "Go to a date: ", " No paper on this day", "No papers in this folder yet.",
                  ", ", true},
};

static const char *const month_names[12] = {"January", "February", "March", "April", "May", "June", "July",
                                            "August", "September", "October", "November", "December"};

/* A month heading (2026年11月, November 2026) for date YYYY-MM-DD;
 * malloc'd. */
static char *
month_text (const index_words *w, const char *date)
{
  int m = atoi (date + 5);
  return w->western_dates ? pb_printf ("%s %.4s", month_names[(m + 11) % 12], date)
                          : pb_printf ("%.4s年%d月", date, m);
}

/* A day (2026年11月26日, 26 November 2026); malloc'd. */
static char *
day_text (const index_words *w, const char *date)
{
  int m = atoi (date + 5), d = atoi (date + 8);
  return w->western_dates ? pb_printf ("%d %s %.4s", d, month_names[(m + 11) % 12], date)
                          : pb_printf ("%.4s年%d月%d日", date, m, d);
}

/* The date field's script: opens the edition of the day picked (the
 * entries carry their dates); text only, no copy in it. */
static const char picker_js[] =
  "document.getElementById('day').addEventListener('change', function (e) {\n"
  "  var hit = document.querySelector('[data-date=\"' + e.target.value + '\"] a');\n"
  "  var note = document.getElementById('none');\n"
  "  if (hit) location.href = hit.getAttribute('href'); else note.hidden = false;\n"
  "});\n";

/* The index's style: a paper's name in the heading is never broken, and
 * cut with … where it does not fit (the words after it wrap). */
static const char index_css[] =
  "body{margin:0 auto;max-width:60em;padding:1em;font-family:sans-serif;background:#fffdf8;color:#222}"
  "h1{color:#8f0d0d;border-bottom:3px double #8f0d0d}"
  "h1 span{display:inline-block;max-width:100%;white-space:nowrap;overflow:hidden;text-overflow:ellipsis;"
  "vertical-align:bottom}"
  "ul{list-style:none;padding:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(11em,1fr));gap:1em}"
  "li a{display:block;color:inherit;text-decoration:none}li img{width:100%;height:auto;border:1px solid #ccc}"
  "li a:focus-visible{outline:2px solid #0b4f9c}.paper{font-weight:bold;color:#8f0d0d;line-height:1.4}"
  ".lead{font-size:.9em;color:#444}";

/* Is v[i] the newest edition of its paper? */
static bool
first_of_paper (const edition_entry *v, size_t i)
{
  for (size_t j = 0; j < i; j++)
    if (strcmp (v[j].paper, v[i].paper) == 0)
      return false;
  return true;
}

/* The papers in the folder, each once, newest first (one, as a rule);
 * *count is how many. */
static void
paper_names (const edition_entry *v, size_t n, const index_words *w, pb_buf *out, size_t *count)
{
  *count = 0;
  for (size_t i = 0; i < n; i++)
    if (first_of_paper (v, i)) {
      pb_buf_printf (out, "%s%s", *count ? w->list_sep : "", v[i].paper);
      ++*count;
    }
}

/* <head>: the viewport, the title, the style. */
static void
index_head (pb_html_doc *d, xmlNodePtr html, const char *title)
{
  xmlNodePtr head = pb_html_el (d, html, "head", NULL);
  pb_html_nl (d, head);
  xmlNodePtr m = pb_html_el (d, head, "meta", NULL);
  pb_html_attr (d, m, "name", "viewport");
  pb_html_attr (d, m, "content", "width=device-width, initial-scale=1");
  pb_html_nl (d, head);
  pb_html_el (d, head, "title", title);
  pb_html_nl (d, head);
  pb_html_el (d, head, "style", index_css);
  pb_html_nl (d, head);
}

/* The date field, from the oldest edition's day to the newest's, and
 * the note shown for a day without one. */
static void
date_field (pb_html_doc *d, xmlNodePtr body, const edition_entry *v, size_t n, const index_words *w)
{
  xmlNodePtr form = pb_html_el (d, body, "p", NULL);
  xmlNodePtr label = pb_html_el (d, form, "label", w->by_date);
  pb_html_attr (d, label, "for", "day");
  xmlNodePtr day = pb_html_el (d, form, "input", NULL);
  pb_html_attr (d, day, "type", "date");
  pb_html_attr (d, day, "id", "day");
  if (n) {
    pb_html_attr (d, day, "min", v[n - 1].date);
    pb_html_attr (d, day, "max", v[0].date);
  }
  xmlNodePtr none = pb_html_el (d, form, "span", w->no_paper);
  pb_html_attr (d, none, "id", "none");
  pb_html_attr (d, none, "role", "status");
  pb_html_attr (d, none, "hidden", "hidden");
  pb_html_nl (d, body);
}

/* Text in an element of its own language: its lang when it is not the
 * page's. */
static void
text_in (pb_html_doc *d, xmlNodePtr parent, const char *name, const char *cls, const char *text, const char *lang,
         const char *page_lang)
{
  xmlNodePtr n = pb_html_el (d, parent, name, text);
  if (cls)
    pb_html_attr (d, n, "class", cls);
  if (lang && strcmp (lang, page_lang) != 0)
    pb_html_attr (d, n, "lang", lang);
}

/* The heading: each paper's name in a span of its language, kept whole
 * on one line (cut with … where it cannot be), then the index's word. */
static void
index_heading (pb_html_doc *d, xmlNodePtr body, const edition_entry *v, size_t n, const index_words *w,
               const char *page_lang)
{
  xmlNodePtr h1 = pb_html_el (d, body, "h1", NULL);
  size_t count = 0;
  for (size_t i = 0; i < n; i++)
    if (first_of_paper (v, i)) {
      if (count++)
        d->failed |= !h1 || !xmlAddChild (h1, xmlNewText (BAD_CAST w->list_sep));
      text_in (d, h1, "span", NULL, v[i].paper, v[i].lang, page_lang);
    }
  if (count)
    d->failed |= !h1 || !xmlAddChild (h1, xmlNewText (BAD_CAST w->title_sep));
  pb_html_el (d, h1, "span", w->title);
  pb_html_nl (d, body);
}

/* One edition in the list: its first page's thumbnail, its paper (when
 * the folder holds several), its date, issue line and lead headline,
 * linking to its viewer. */
static void
index_entry (pb_html_doc *d, xmlNodePtr list, const edition_entry *e, const index_words *w, const char *page_lang,
             bool name_paper)
{
  xmlNodePtr li = pb_html_el (d, list, "li", NULL);
  pb_html_attr (d, li, "data-date", e->date);
  char *href = folder_href (e->folder, "index.html");
  xmlNodePtr a = pb_html_el (d, li, "a", NULL);
  pb_html_attr (d, a, "href", href);
  free (href);
  if (e->thumb) {
    char *src = folder_href (e->folder, e->thumb);
    xmlNodePtr img = pb_html_el (d, a, "img", NULL);
    char wd[16], ht[16];
    snprintf (wd, sizeof wd, "%d", e->thumb_w);
    snprintf (ht, sizeof ht, "%d", e->thumb_h);
    pb_html_attr (d, img, "src", src);
    pb_html_attr (d, img, "width", wd);
    pb_html_attr (d, img, "height", ht);
    pb_html_attr (d, img, "alt", "");
    free (src);
  }
  if (name_paper)
    text_in (d, a, "div", "paper", e->paper, e->lang, page_lang);
  char *when = day_text (w, e->date);
  d->failed |= !when;
  pb_html_el (d, a, "strong", when);
  free (when);
  if (e->issue) {
    pb_html_el (d, a, "br", NULL);
    pb_html_el (d, a, "span", e->issue);
  }
  if (e->lead)
    text_in (d, a, "div", "lead", e->lead, e->lead_lang ? e->lead_lang : e->lang, page_lang);
  pb_html_nl (d, list);
}

/* The editions by month, newest first. */
static void
index_list (pb_html_doc *d, xmlNodePtr body, const edition_entry *v, size_t n, const index_words *w,
            const char *page_lang, bool name_paper)
{
  xmlNodePtr list = NULL;
  char month[8] = "";
  for (size_t i = 0; i < n && !d->failed; i++) {
    if (strncmp (month, v[i].date, 7) != 0) {
      snprintf (month, sizeof month, "%.7s", v[i].date);
      char *h = month_text (w, v[i].date);
      d->failed |= !h;
      pb_html_el (d, body, "h2", h);
      free (h);
      list = pb_html_el (d, body, "ul", NULL);
      pb_html_nl (d, body);
    }
    index_entry (d, list, &v[i], w, page_lang, name_paper);
  }
}

static char *
index_html (const edition_entry *v, size_t n)
{
  /* the page in the newest edition's language */
  const char *lang = n && v[0].lang ? v[0].lang : "zh-Hans";
  pb_lang l = PB_LANG_ZH_HANS;
  if (!pb_lang_parse (lang, &l))
    l = PB_LANG_ZH_HANS;
  const index_words *w = &words[l];
  pb_html_doc d;
  xmlNodePtr html = pb_html_start (&d, lang);
  if (!html)
    return pb_html_finish (&d);
  pb_buf papers = {0};
  size_t paper_count = 0;
  paper_names (v, n, w, &papers, &paper_count);
  char *title = papers.len ? pb_printf ("%s%s%s", papers.data, w->title_sep, w->title) : pb_strdup (w->title);
  index_head (&d, html, title);
  xmlNodePtr body = pb_html_el (&d, html, "body", NULL);
  pb_html_nl (&d, body);
  index_heading (&d, body, v, n, w, lang);
  date_field (&d, body, v, n, w);
  if (!n)
    pb_html_el (&d, body, "p", w->empty);
  index_list (&d, body, v, n, w, lang, paper_count > 1);
  xmlNodePtr script = pb_html_el (&d, body, "script", NULL);
  d.failed |= !script || !xmlAddChild (script, xmlNewText (BAD_CAST picker_js));
  pb_html_nl (&d, body);
  d.failed |= !title;
  free (title);
  pb_buf_free (&papers);
  return pb_html_finish (&d);
}

/* One edition in paiban-archive.js: its date, paper and viewer, seen
 * from an edition's folder. */
static bool
archive_js_entry (json_t *list, const edition_entry *e)
{
  char *href = folder_href (e->folder, "index.html");
  char *up = href ? pb_printf ("../%s", href) : NULL;
  bool ok = up && json_array_append_new (list, json_pack ("{s:s, s:s, s:s}", "date", e->date, "paper", e->paper,
                                                          "href", up)) == 0;
  free (href);
  free (up);
  return ok;
}

/* window.PAIBAN_ARCHIVE for the viewers: the index and the editions
 * ordered by (date, folder name) — oldest first, two of a day (a 号外,
 * a rebuild into a second folder) by their folders' names — the order
 * 上一期 and 下一期 walk.  v is newest first, a day's by folder name. */
static char *
archive_js (const edition_entry *v, size_t n)
{
  json_t *root = json_object (), *list = json_array ();
  bool ok = root && list && json_object_set_new (root, "index", json_string ("../index.html")) == 0;
  /* the days from the oldest, each day's editions [from, to) in v's order */
  for (size_t to = n; ok && to > 0;) {
    size_t from = to - 1;
    while (from > 0 && strcmp (v[from - 1].date, v[to - 1].date) == 0)
      from--;
    for (size_t i = from; ok && i < to; i++)
      ok = archive_js_entry (list, &v[i]);
    to = from;
  }
  ok = ok && json_object_set (root, "editions", list) == 0;
  json_decref (list);
  char *j = ok ? json_dumps (root, JSON_INDENT (1) | JSON_PRESERVE_ORDER) : NULL;
  json_decref (root);
  char *r = j ? pb_printf ("window.PAIBAN_ARCHIVE = %s;\n", j) : NULL;
  free (j);
  return r;
}

static int
name_order (const void *a, const void *b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

int
pb_archive_write (const char *dir, pb_diagnostics *diags)
{
  struct stat st;
  errno = 0;
  if (stat (dir, &st) != 0 || !S_ISDIR (st.st_mode)) {
    pb_error (diags, "archive", ((pb_pos) {dir, 0, 0}), "not a folder of editions: %s",
              pb_strerror (errno ? errno : ENOTDIR));
    return -1;
  }
  /* an edition's own folder is not a folder of editions: its index.html
   * is its viewer, and the next build would find a file not its own */
  char *own = pb_path_join (dir, PB_OUTPUT_MARKER);
  bool is_edition = own && stat (own, &st) == 0;
  free (own);
  if (is_edition) {
    pb_error (diags, "archive", ((pb_pos) {dir, 0, 0}),
              "this is an edition's folder; give the folder that holds the editions' folders");
    return -1;
  }
  DIR *d = opendir (dir);
  if (!d) {
    pb_error (diags, "archive", ((pb_pos) {dir, 0, 0}), "cannot read the folder: %s", pb_strerror (errno));
    return -1;
  }
  /* the folders' names, sorted: the same listing whatever readdir's order */
  PB_VEC (char *) names = {0};
  bool ok = true;
  for (struct dirent *de; ok && (de = readdir (d));) {
    if (de->d_name[0] == '.')
      continue;
    char *marker = pb_printf ("%s/%s/%s", dir, de->d_name, PB_OUTPUT_MARKER);
    bool edition = marker && stat (marker, &st) == 0 && S_ISREG (st.st_mode);
    free (marker);
    char *name = edition ? pb_strdup (de->d_name) : NULL;
    ok = !edition || (name && PB_VEC_PUSH (names, name));
  }
  closedir (d);
  if (names.n)
    qsort (names.v, names.n, sizeof *names.v, name_order);
  edition_entry *v = pb_calloc (names.n + 1, sizeof *v);
  size_t n = 0;
  ok = ok && v;
  for (size_t i = 0; ok && i < names.n; i++) {
    if (read_edition (dir, names.v[i], &v[n], diags))
      n++;
    else
      entry_free (&v[n]);
  }
  if (n)
    qsort (v, n, sizeof *v, by_date);
  if (ok && n == 0)
    pb_warning (diags, "archive", ((pb_pos) {dir, 0, 0}), "no edition built by paiban in this folder");
  char *html = ok ? index_html (v, n) : NULL, *js = ok ? archive_js (v, n) : NULL;
  char *index = pb_path_join (dir, "index.html"), *script = pb_path_join (dir, "paiban-archive.js");
  ok = ok && html && js && index && script;
  if (!ok)
    pb_error (diags, "memory", ((pb_pos) {dir, 0, 0}), "out of memory");
  int err = 0;
  if (ok && (pb_file_write_atomic (index, html, strlen (html)) != 0 ||
             pb_file_write_atomic (script, js, strlen (js)) != 0)) {
    err = errno;
    pb_error (diags, "write", ((pb_pos) {dir, 0, 0}), "cannot write the index: %s", pb_strerror (err));
    ok = false;
  }
  for (size_t i = 0; i < n; i++)
    entry_free (&v[i]);
  for (size_t i = 0; i < names.n; i++)
    free (names.v[i]);
  PB_VEC_FREE (names);
  free (v);
  free (html);
  free (js);
  free (index);
  free (script);
  return ok ? 0 : -1;
}
