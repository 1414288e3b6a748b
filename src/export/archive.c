/* 往期: `paiban archive DIR` indexes the editions paiban built into the
 * folders of DIR (each with its marker and edition.json), the back issues
 * a 数字报 site lists: DIR/index.html, by date, newest first, grouped by
 * month, each with its first page's thumbnail, date, issue line and lead
 * headline, linking to its viewer, and a date field that opens the
 * edition of a day; DIR/paiban-archive.js, the same list for the
 * editions' viewers, which load it (../paiban-archive.js) to link back
 * to the index and to the previous and next issues.
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
                        json_str (root, "issue"), json_str (root, "lang"), NULL, NULL, 0, 0,
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
    if (id && strcmp (id, lead_id) == 0)
      e->lead = json_str (a, "headline");
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

/* Newest first; the same day by folder name. */
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

/* The date field's script: opens the edition of the day picked (the
 * entries carry their dates); text only, no copy in it. */
static const char picker_js[] =
  "document.getElementById('day').addEventListener('change', function (e) {\n"
  "  var hit = document.querySelector('[data-date=\"' + e.target.value + '\"] a');\n"
  "  var note = document.getElementById('none');\n"
  "  if (hit) location.href = hit.getAttribute('href'); else note.hidden = false;\n"
  "});\n";

static char *
index_html (const edition_entry *v, size_t n)
{
  const char *lang = n && v[0].lang ? v[0].lang : "zh-Hans";
  bool hant = strcmp (lang, "zh-Hant") == 0;
  pb_html_doc d;
  xmlNodePtr html = pb_html_start (&d, lang);
  if (!html)
    return pb_html_finish (&d);
  xmlNodePtr head = pb_html_el (&d, html, "head", NULL);
  pb_html_nl (&d, head);
  xmlNodePtr m = pb_html_el (&d, head, "meta", NULL);
  pb_html_attr (&d, m, "name", "viewport");
  pb_html_attr (&d, m, "content", "width=device-width, initial-scale=1");
  pb_html_nl (&d, head);
  /* the papers in the folder (one, as a rule) */
  pb_buf papers = {0};
  for (size_t i = 0; i < n; i++) {
    bool seen = false;
    for (size_t j = 0; j < i && !seen; j++)
      seen = strcmp (v[j].paper, v[i].paper) == 0;
    if (!seen)
      pb_buf_printf (&papers, "%s%s", papers.len ? "、" : "", v[i].paper);
  }
  char *title = pb_printf ("%s %s", papers.len ? papers.data : "", hant ? "往期" : "往期");
  pb_html_el (&d, head, "title", title);
  pb_html_nl (&d, head);
  xmlNodePtr style = pb_html_el (&d, head, "style",
                         "body{margin:0 auto;max-width:60em;padding:1em;font-family:sans-serif;background:#fffdf8;"
                         "color:#222}h1{color:#8f0d0d;border-bottom:3px double #8f0d0d;white-space:nowrap;"
                         "overflow:hidden;text-overflow:ellipsis}ul{list-style:none;padding:0;display:grid;"
                         "grid-template-columns:repeat(auto-fill,minmax(11em,1fr));gap:1em}li a{display:block;"
                         "color:inherit;text-decoration:none}li img{width:100%;height:auto;border:1px solid #ccc}"
                         "li a:focus-visible{outline:2px solid #0b4f9c}.lead{font-size:.9em;color:#444}");
  (void) style;
  pb_html_nl (&d, head);
  xmlNodePtr body = pb_html_el (&d, html, "body", NULL);
  pb_html_nl (&d, body);
  pb_html_el (&d, body, "h1", title);
  pb_html_nl (&d, body);
  xmlNodePtr form = pb_html_el (&d, body, "p", NULL);
  xmlNodePtr label = pb_html_el (&d, form, "label", hant ? "按日期查看：" : "按日期查看：");
  pb_html_attr (&d, label, "for", "day");
  xmlNodePtr day = pb_html_el (&d, form, "input", NULL);
  pb_html_attr (&d, day, "type", "date");
  pb_html_attr (&d, day, "id", "day");
  if (n) {
    pb_html_attr (&d, day, "min", v[n - 1].date);
    pb_html_attr (&d, day, "max", v[0].date);
  }
  xmlNodePtr none = pb_html_el (&d, form, "span", hant ? " 這一天沒有報紙" : " 这一天没有报纸");
  pb_html_attr (&d, none, "id", "none");
  pb_html_attr (&d, none, "role", "status");
  pb_html_attr (&d, none, "hidden", "hidden");
  pb_html_nl (&d, body);
  if (!n)
    pb_html_el (&d, body, "p", hant ? "此資料夾中還沒有報紙。" : "此文件夹中还没有报纸。");
  xmlNodePtr list = NULL;
  char month[8] = "";
  for (size_t i = 0; i < n && !d.failed; i++) {
    const edition_entry *e = &v[i];
    if (strncmp (month, e->date, 7) != 0) {
      snprintf (month, sizeof month, "%.7s", e->date);
      char *h = pb_printf ("%.4s年%d月", e->date, atoi (e->date + 5));
      pb_html_el (&d, body, "h2", h);
      free (h);
      list = pb_html_el (&d, body, "ul", NULL);
      pb_html_nl (&d, body);
    }
    xmlNodePtr li = pb_html_el (&d, list, "li", NULL);
    pb_html_attr (&d, li, "data-date", e->date);
    char *href = folder_href (e->folder, "index.html");
    xmlNodePtr a = pb_html_el (&d, li, "a", NULL);
    pb_html_attr (&d, a, "href", href);
    free (href);
    if (e->thumb) {
      char *src = folder_href (e->folder, e->thumb);
      xmlNodePtr img = pb_html_el (&d, a, "img", NULL);
      char w[16], h[16];
      snprintf (w, sizeof w, "%d", e->thumb_w);
      snprintf (h, sizeof h, "%d", e->thumb_h);
      pb_html_attr (&d, img, "src", src);
      pb_html_attr (&d, img, "width", w);
      pb_html_attr (&d, img, "height", h);
      pb_html_attr (&d, img, "alt", "");
      free (src);
    }
    char *when = pb_printf ("%.4s年%d月%d日", e->date, atoi (e->date + 5), atoi (e->date + 8));
    pb_html_el (&d, a, "strong", when);
    free (when);
    if (e->issue) {
      pb_html_el (&d, a, "br", NULL);
      pb_html_el (&d, a, "span", e->issue);
    }
    if (e->lead) {
      xmlNodePtr lead = pb_html_el (&d, a, "div", e->lead);
      pb_html_attr (&d, lead, "class", "lead");
    }
    pb_html_nl (&d, list);
  }
  xmlNodePtr script = pb_html_el (&d, body, "script", NULL);
  d.failed |= !script || !xmlAddChild (script, xmlNewText (BAD_CAST picker_js));
  pb_html_nl (&d, body);
  free (title);
  pb_buf_free (&papers);
  return pb_html_finish (&d);
}

/* window.PAIBAN_ARCHIVE for the viewers: the index and the editions,
 * oldest first, as seen from an edition's folder. */
static char *
archive_js (const edition_entry *v, size_t n)
{
  json_t *root = json_object (), *list = json_array ();
  bool ok = root && list && json_object_set_new (root, "index", json_string ("../index.html")) == 0;
  for (size_t i = n; ok && i-- > 0;) {
    char *href = folder_href (v[i].folder, "index.html");
    char *up = href ? pb_printf ("../%s", href) : NULL;
    ok = up && json_array_append_new (list, json_pack ("{s:s, s:s, s:s}", "date", v[i].date, "paper", v[i].paper,
                                                       "href", up)) == 0;
    free (href);
    free (up);
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
