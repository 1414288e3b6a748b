/* Edition files: paper, date, layout and the pages with their articles. */
#include "parse/normalize.h"
#include "parse/parse.h"
#include "parse/yaml.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static bool
parse_date (const char *s, int *y, int *m, int *d)
{
  char tail;
  if (!s || sscanf (s, "%4d-%2d-%2d%c", y, m, d, &tail) != 3)
    return false;
  static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (*m < 1 || *m > 12 || *d < 1 || *d > mdays[*m - 1] || *y < 1900 || *y > 9999)
    return false;
  bool leap = (*y % 4 == 0 && *y % 100 != 0) || *y % 400 == 0;
  return !(*m == 2 && *d == 29 && !leap);
}

static bool
parse_rect (pb_yaml *y, yaml_node_t *n, pb_grid_rect *r)
{
  static const char *const keys[] = {"col", "row", "cols", "rows", NULL};
  r->pos = pb_yaml_pos (y, n);
  if (!pb_yaml_is_map (n)) {
    pb_error (y->diags, "type", r->pos, "'at' must be a mapping {col, row, cols, rows}");
    return false;
  }
  pb_yaml_check_keys (y, n, "at", keys);
  bool ok = pb_yaml_int (y, n, "col", true, 1, PB_MAX_COLUMNS, &r->col);
  ok &= pb_yaml_int (y, n, "row", true, 1, PB_MAX_GRID_ROWS, &r->row);
  ok &= pb_yaml_int (y, n, "cols", true, 1, PB_MAX_COLUMNS, &r->cols);
  ok &= pb_yaml_int (y, n, "rows", true, 1, PB_MAX_GRID_ROWS, &r->rows);
  r->set = ok;
  return ok;
}

static bool
check_rect (pb_diagnostics *diags, const pb_template *t, int page, const pb_grid_rect *r,
            const char *what)
{
  int rows = pb_template_rows (t, page);
  if (r->col + r->cols - 1 > t->columns || r->row + r->rows - 1 > rows) {
    pb_error (diags, "grid", r->pos,
              "%s at col %d row %d (%d × %d) lies outside the grid of page %d "
              "(%d columns × %d lines)", what, r->col, r->row, r->cols, r->rows, page,
              t->columns, rows);
    return false;
  }
  return true;
}

static bool
rects_overlap (const pb_grid_rect *a, const pb_grid_rect *b)
{
  return a->col < b->col + b->cols && b->col < a->col + a->cols && a->row < b->row + b->rows &&
         b->row < a->row + a->rows;
}

/* Every article file the edition names, loaded once: a file that cannot
 * be used is remembered (article NULL), so that its problem is reported
 * once, and the checks of other entries (jumps) pass over it. */
typedef struct {
  const char *path;
  pb_article *article;
  pb_pos ref;                /* the edition's src: that first named it */
} loaded;
typedef PB_VEC (loaded) article_vec;

/* Where a loaded article's id comes from: its front matter's id:, or the
 * edition's src: line when the id is made from the file name. */
static pb_pos
id_source (const loaded *l)
{
  return l->article->id_pos.file ? l->article->id_pos : l->ref.file ? l->ref : l->article->pos;
}

/* Do two loaded articles carry the id? */
static bool
id_used_twice (const article_vec *all, const char *id)
{
  int n = 0;
  for (size_t i = 0; i < all->n && n < 2; i++)
    n += all->v[i].article && strcasecmp (all->v[i].article->id, id) == 0;
  return n > 1;
}

static pb_article *
find_or_load_article (pb_edition *ed, const char *path, pb_pos ref, pb_diagnostics *diags,
                      article_vec *all, pb_image_set *photos, bool *failed)
{
  *failed = false;
  for (size_t i = 0; i < all->n; i++)
    if (strcmp (all->v[i].path, path) == 0) {
      *failed = all->v[i].article == NULL;
      return all->v[i].article;
    }
  size_t before = pb_diagnostics_count (diags);
  pb_article *a = pb_parse_article_with (ed->arena, path, ref, ed->lang, ed->norm, photos, diags);
  if (!a && pb_diagnostics_count (diags) == before)
    pb_error (diags, "article", ref, "cannot use article %s", path);
  loaded l = {pb_arena_strdup (ed->arena, path), a, ref};
  if (!l.path || !PB_VEC_PUSH (*all, l))
    pb_error (diags, "memory", ref, "out of memory");
  *failed = a == NULL;
  return a;
}

/* One entry of a page's list: {src, at}.  *pos is where src is written;
 * *path the file, relative to the edition (malloc'd). */
static bool
parse_entry (pb_yaml *y, yaml_node_t *n, bool ad, const char *name, bool need_at,
             const char *dir, pb_pos *pos, pb_grid_rect *at, char **path)
{
  static const char *const keys[] = {"src", "at", "continues_on", "continued_from", NULL};
  *pos = pb_yaml_pos (y, n);
  if (!pb_yaml_is_map (n)) {
    if (ad)
      pb_error (y->diags, "type", *pos, "an ad must be a mapping (src, at)");
    else
      pb_error (y->diags, "type", *pos, "an article entry must be a mapping (src, at)");
    return false;
  }
  pb_yaml_check_keys (y, n, name, keys);
  const char *src = NULL;
  if (!pb_yaml_token (y, n, "src", true, &src))
    return false;
  *pos = pb_yaml_pos (y, pb_yaml_get (y, n, "src"));
  yaml_node_t *atn = pb_yaml_get (y, n, "at");
  if (!atn && need_at) {
    pb_error (y->diags, "missing-key", pb_yaml_pos (y, n), "an ad needs its rectangle 'at'");
    return false;
  }
  if (atn && !parse_rect (y, atn, at))
    return false;
  if (pb_is_web_address (src)) {
    pb_web_address_error (y->diags, *pos, ad ? _("ad") : _("article"), src);
    return false;
  }
  *path = pb_path_join (dir, src);
  return *path != NULL;
}

static bool
parse_page (pb_edition *ed, pb_yaml *y, yaml_node_t *pn, pb_page *page, const char *dir,
            article_vec *all, pb_image_set *photos)
{
  static const char *const keys[] = {"number", "section", "editors", "articles", "ads", NULL};
  page->pos = pb_yaml_pos (y, pn);
  if (!pb_yaml_is_map (pn)) {
    pb_error (y->diags, "type", page->pos, "a page must be a mapping (number, section, articles)");
    return false;
  }
  pb_yaml_check_keys (y, pn, "page", keys);
  bool ok = pb_yaml_int (y, pn, "number", false, 1, PB_MAX_PAGES, &page->number);
  ok &= pb_yaml_string (y, pn, "section", false, &page->section);
  ok &= pb_yaml_strings (y, pn, "editors", &page->editors, &page->n_editors);
  yaml_node_t *arts = pb_yaml_get (y, pn, "articles");
  if (arts && !pb_yaml_is_seq (arts)) {
    pb_error (y->diags, "type", pb_yaml_pos (y, arts), "'articles' must be a list");
    return false;
  }
  size_t na = pb_yaml_seq_len (arts);
  if (na > PB_MAX_ARTICLES_PER_PAGE) {
    pb_error (y->diags, "limit", pb_yaml_pos (y, arts), "%zu articles on one page; the limit is %d",
              na, PB_MAX_ARTICLES_PER_PAGE);
    return false;
  }
  page->placements = pb_arena_array (ed->arena, na ? na : 1, sizeof (pb_placement));
  if (!page->placements) {
    pb_error (y->diags, "memory", page->pos, "out of memory");
    return false;
  }
  for (size_t i = 0; i < na; i++) {
    pb_placement *pl = &page->placements[page->n_placements];
    *pl = (pb_placement) {0}; /* nothing left over from an entry that failed */
    char *path = NULL;
    if (!parse_entry (y, pb_yaml_seq_item (y, arts, i), false, N_("article entry"), false, dir, &pl->pos,
                      &pl->at, &path)) {
      ok = false;
      continue;
    }
    yaml_node_t *en = pb_yaml_seq_item (y, arts, i);
    ok &= pb_yaml_int (y, en, "continues_on", false, 1, PB_MAX_PAGES, &pl->continues_on);
    ok &= pb_yaml_int (y, en, "continued_from", false, 1, PB_MAX_PAGES, &pl->continued_from);
    bool failed;
    pl->article = find_or_load_article (ed, path, pl->pos, y->diags, all, photos, &failed);
    free (path);
    if (failed) {
      ok = false;
      continue;
    }
    page->n_placements++;
  }
  yaml_node_t *ads = pb_yaml_get (y, pn, "ads");
  if (ads && !pb_yaml_is_seq (ads)) {
    pb_error (y->diags, "type", pb_yaml_pos (y, ads), "'ads' must be a list");
    return false;
  }
  size_t nad = pb_yaml_seq_len (ads);
  page->ads = pb_arena_array (ed->arena, nad ? nad : 1, sizeof (pb_ad));
  if (!page->ads) {
    pb_error (y->diags, "memory", page->pos, "out of memory");
    return false;
  }
  for (size_t i = 0; i < nad; i++) {
    pb_ad *ad = &page->ads[page->n_ads];
    *ad = (pb_ad) {0};
    char *path = NULL;
    if (!parse_entry (y, pb_yaml_seq_item (y, ads, i), true, N_("ad"), true, dir, &ad->pos, &ad->at, &path)) {
      ok = false;
      continue;
    }
    ad->image = pb_parse_image (ed->arena, path, ad->pos, photos, y->diags);
    free (path);
    if (!ad->image) {
      ok = false;
      continue;
    }
    page->n_ads++;
  }
  return ok;
}

/* Rectangles inside the grid and not overlapping each other. */
static bool
check_page_geometry (pb_edition *ed, pb_page *page, pb_diagnostics *diags)
{
  bool ok = true;
  size_t n = page->n_placements + page->n_ads;
  const pb_grid_rect **rs = pb_calloc (n, sizeof *rs);
  const char **names = pb_calloc (n, sizeof *names);
  size_t k = 0;
  for (size_t i = 0; rs && names && i < page->n_placements; i++)
    if (page->placements[i].at.set) {
      names[k] = page->placements[i].article->id;
      rs[k++] = &page->placements[i].at;
    }
  for (size_t i = 0; rs && names && i < page->n_ads; i++) {
    names[k] = page->ads[i].image->path;
    rs[k++] = &page->ads[i].at;
  }
  for (size_t i = 0; i < k; i++) {
    char *what = pb_printf ("'%s'", names[i]);
    ok &= check_rect (diags, ed->tpl, page->number, rs[i], what ? what : "a rectangle");
    free (what);
    for (size_t j = 0; j < i; j++)
      if (rects_overlap (rs[i], rs[j])) {
        pb_error (diags, "grid", rs[i]->pos, "'%s' overlaps '%s' on page %d", names[i], names[j],
                  page->number);
        ok = false;
      }
  }
  free (rs);
  free (names);
  return ok;
}

/* `press: true` (the layout's standard), `x1a`, `x4` or `false`. */
static bool
parse_press_key (pb_yaml *y, yaml_node_t *root, pb_edition *ed)
{
  yaml_node_t *n = pb_yaml_get (y, root, "press");
  const char *v = n ? pb_yaml_scalar (y, n) : NULL;
  if (!n)
    return true;
  ed->press_pos = pb_yaml_pos (y, n);
  static const struct { const char *name; int press; } names[] = {
    {"true", 1}, {"yes", 1}, {"on", 1}, {"false", 0}, {"no", 0}, {"off", 0},
    {"x1a", 2}, {"pdf/x-1a", 2}, {"x4", 3}, {"pdf/x-4", 3},
  };
  for (size_t i = 0; v && i < sizeof names / sizeof names[0]; i++)
    if (strcasecmp (v, names[i].name) == 0) {
      ed->press = names[i].press;
      return true;
    }
  pb_error (y->diags, "value", ed->press_pos, "'press' must be true, false, x1a (PDF/X-1a:2001) or x4 (PDF/X-4)");
  return false;
}

static const char *const edition_keys[] = {"paper", "date", "issue", "lang", "layout", "pages",
                                           "normalize", "cjk_spaces", "press", "encoding", "site_url", "web_ppi",
                                           NULL};

/* site_url: an http or https address (RFC 3986 characters only: no
 * space, quote or angle bracket), kept ending in '/' so that the site's
 * files are found under it. */
static bool
parse_site_url (pb_yaml *y, yaml_node_t *root, pb_edition *ed)
{
  const char *url = NULL;
  if (!pb_yaml_token (y, root, "site_url", false, &url))
    return false;
  if (!url)
    return true;
  bool ok = strncmp (url, "https://", 8) == 0 || strncmp (url, "http://", 7) == 0;
  const char *host = ok ? strstr (url, "//") + 2 : url;
  ok = ok && *host && *host != '/';
  for (const char *c = url; ok && *c; c++)
    ok = (unsigned char) *c > 0x20 && (unsigned char) *c < 0x7F && !strchr ("\"<>\\^`{|}?#", *c);
  if (!ok) {
    pb_diag_add (y->diags, PB_SEVERITY_ERROR, "site_url", pb_yaml_pos (y, pb_yaml_get (y, root, "site_url")), url,
                 "'site_url' must be the http:// or https:// address the digital edition is published at, "
                 "e.g. https://epaper.example.com/2026-11-26/ (ASCII, no spaces, query or fragment; non-ASCII "
                 "percent-encoded)");
    return false;
  }
  size_t n = strlen (url);
  ed->site_url = url[n - 1] == '/' ? url : pb_arena_printf (ed->arena, "%s/", url);
  return ed->site_url != NULL;
}

pb_edition *
pb_parse_edition (const char *path, const char *layouts_dir, pb_diagnostics *diags)
{
  pb_arena *arena = pb_arena_create ();
  pb_edition *ed = arena ? pb_arena_alloc (arena, sizeof *ed) : NULL;
  if (!ed) {
    pb_arena_destroy (arena);
    return NULL;
  }
  ed->arena = arena;
  ed->path = pb_arena_strdup (arena, path);
  size_t len;
  char *text = pb_read_text_file (arena, path, (pb_pos) {NULL, 0, 0}, &len, &ed->stamp, diags);
  pb_yaml y;
  if (!text || !pb_yaml_load (&y, arena, path, text, len, 0, diags)) {
    pb_arena_destroy (arena);
    return NULL;
  }
  yaml_node_t *root = pb_yaml_root (&y);
  bool ok = true;
  if (!pb_yaml_is_map (root)) {
    pb_error (diags, "edition", pb_yaml_pos (&y, root),
              "an edition file must be a mapping (paper, date, layout, pages)");
    goto fail;
  }
  pb_yaml_check_keys (&y, root, N_("edition"), edition_keys);
  ok &= pb_yaml_string (&y, root, "paper", true, &ed->paper);
  if (pb_yaml_get (&y, root, "paper"))
    ed->paper_pos = pb_yaml_pos (&y, pb_yaml_get (&y, root, "paper"));
  ok &= pb_yaml_token (&y, root, "date", true, &ed->date);
  ok &= pb_yaml_string (&y, root, "issue", false, &ed->issue);
  if (ed->date && !parse_date (ed->date, &ed->year, &ed->month, &ed->day)) {
    pb_diag_add (diags, PB_SEVERITY_ERROR, "date", pb_yaml_pos (&y, pb_yaml_get (&y, root, "date")),
                 ed->date, "the date must be a real date written YYYY-MM-DD");
    ok = false;
  }
  const char *lang = NULL, *layout = "broadsheet";
  ok &= pb_yaml_token (&y, root, "lang", false, &lang);
  if (lang && !pb_lang_parse (lang, &ed->lang)) {
    pb_diag_add (diags, PB_SEVERITY_ERROR, "lang", pb_yaml_pos (&y, pb_yaml_get (&y, root, "lang")),
                 lang, "unknown language '%s' (use zh-Hans, zh-Hant, ja or en)", lang);
    ok = false;
  }
  ok &= pb_yaml_token (&y, root, "layout", false, &layout);
  ok &= parse_press_key (&y, root, ed);
  ok &= parse_site_url (&y, root, ed);
  ed->web_ppi = PB_WEB_PPI;
  ok &= pb_yaml_ppi_or_off (&y, root, "web_ppi", &ed->web_ppi);
  ed->norm.on = true;
  ok &= pb_yaml_bool (&y, root, "normalize", &ed->norm.on);
  ok &= pb_parse_cjk_spaces (&y, root, &ed->norm);
  char *dir = pb_path_dirname (path);
  yaml_node_t *lnode = pb_yaml_get (&y, root, "layout");
  char *lpath = (strchr (layout, '/') || strstr (layout, ".yaml")) ? pb_path_join (dir, layout)
                                                                    : pb_strdup (layout);
  if (pb_is_web_address (layout))
    pb_web_address_error (diags, pb_yaml_pos (&y, lnode), _("layout"), layout);
  else
    ed->tpl = pb_parse_template (arena, lpath ? lpath : layout, layouts_dir,
                                 lnode ? pb_yaml_pos (&y, lnode) : pb_yaml_pos (&y, root), diags);
  free (lpath);
  ok &= ed->tpl != NULL;

  yaml_node_t *pages = pb_yaml_get (&y, root, "pages");
  if (!pb_yaml_is_seq (pages) || pb_yaml_seq_len (pages) == 0) {
    pb_error (diags, "pages", pb_yaml_key_pos (&y, root, "pages"), "'pages' must be a non-empty list of pages");
    free (dir);
    goto fail;
  }
  size_t np = pb_yaml_seq_len (pages);
  if (np > PB_MAX_PAGES) {
    pb_error (diags, "limit", pb_yaml_pos (&y, pages), "%zu pages; the limit is %d", np, PB_MAX_PAGES);
    free (dir);
    goto fail;
  }
  ed->pages = pb_arena_array (arena, np, sizeof (pb_page));
  if (!ed->pages) {
    pb_error (diags, "memory", pb_yaml_pos (&y, pages), "out of memory");
    free (dir);
    goto fail;
  }
  article_vec all = {0};
  pb_image_set photos = {0};
  for (size_t i = 0; i < np; i++) {
    pb_page *page = &ed->pages[i];
    page->number = (int) i + 1;
    ok &= parse_page (ed, &y, pb_yaml_seq_item (&y, pages, i), page, dir, &all, &photos);
    bool twice = false;
    for (size_t j = 0; j < i; j++)
      if (ed->pages[j].number == page->number) {
        pb_error (diags, "page", page->pos, "page number %d is used twice", page->number);
        ok = false;
        twice = true;
      }
    /* the edition PDF and the site follow the list: a page out of order or
     * one left out is most often a slip in the plan (DESIGN.md: pages in
     * order) */
    int prev = i ? ed->pages[i - 1].number : 0;
    if (i && !twice && page->number < prev)
      pb_warning (diags, "page", page->pos,
                  "page %d is listed after page %d; the edition PDF and the site keep the list's order",
                  page->number, prev);
    else if (i && !twice && page->number > prev + 1 && page->number == prev + 2)
      pb_warning (diags, "page", page->pos, "page %d follows page %d: page %d is not in the edition",
                  page->number, prev, prev + 1);
    else if (i && !twice && page->number > prev + 2)
      pb_warning (diags, "page", page->pos, "page %d follows page %d: pages %d-%d are not in the edition",
                  page->number, prev, prev + 1, page->number - 1);
    if (ed->tpl)
      ok &= check_page_geometry (ed, page, diags);
  }
  ed->n_pages = np;
  free (dir);
  /* Article ids are the keys of the digital edition: unique, and not the
   * name of another article's continuation (ID-cont, the PDF destination
   * and the site's anchor of the rest of a jump).  Checked first: two
   * files with one id are one mistake, not also a broken jump. */
  size_t n_ok = 0;
  for (size_t i = 0; i < all.n; i++)
    if (all.v[i].article)
      all.v[n_ok++] = all.v[i];
  all.n = n_ok;
  for (size_t i = 0; i < all.n; i++)
    for (size_t j = 0; j < i; j++)
      if (strcmp (all.v[i].article->id, all.v[j].article->id) == 0) {
        pb_error (diags, "id", id_source (&all.v[i]),
                  "article id '%s' is also used by %s",
                  all.v[i].article->id, all.v[j].article->path);
        ok = false;
        break; /* once for each file, naming the first that has it */
      } else if (strcasecmp (all.v[i].article->id, all.v[j].article->id) == 0) {
        /* file names of the site: articles/Lead.html and articles/lead.html
         * are one file on macOS, on Windows and on the shares and sync
         * services a site is copied through */
        pb_error (diags, "id", id_source (&all.v[i]),
                  "article id '%s' differs from '%s' (%s) only in capitals: articles/%s.html and "
                  "articles/%s.html would be one file on macOS or Windows; give this article another id",
                  all.v[i].article->id, all.v[j].article->id, all.v[j].article->path, all.v[j].article->id,
                  all.v[i].article->id);
        ok = false;
        break;
      }
  for (size_t i = 0; i < all.n; i++) {
    const char *id = all.v[i].article->id;
    size_t n = strlen (id);
    for (size_t p = 0; n > 5 && strcmp (id + n - 5, "-cont") == 0 && p < np; p++)
      for (size_t k = 0; k < ed->pages[p].n_placements; k++) {
        const pb_placement *pl = &ed->pages[p].placements[k];
        if (pl->continues_on && strlen (pl->article->id) == n - 5 && strncmp (pl->article->id, id, n - 5) == 0) {
          pb_error (diags, "id", id_source (&all.v[i]),
                    "the id '%s' is the name of the rest of '%s' (its jump to page %d) in the PDF and on the "
                    "site: give this article another id", id, pl->article->id, pl->continues_on);
          ok = false;
        }
      }
  }
  /* Jumps: a later page that exists and carries the continuation; an
   * article is placed once, and once more as the continuation of a jump. */
  for (size_t i = 0; i < np; i++)
    for (size_t k = 0; k < ed->pages[i].n_placements; k++) {
      const pb_placement *pl = &ed->pages[i].placements[k];
      int from = ed->pages[i].number;
      if (id_used_twice (&all, pl->article->id))
        continue; /* reported above: one message for one mistake */
      if (pl->continues_on) {
        const pb_page *to = NULL;
        for (size_t j = 0; j < np; j++)
          if (ed->pages[j].number == pl->continues_on)
            to = &ed->pages[j];
        if (!to) {
          pb_error (diags, "jump", pl->pos, "'%s' continues on page %d, which the edition does not have",
                    pl->article->id, pl->continues_on);
          ok = false;
          continue;
        }
        if (pl->continues_on <= from) {
          pb_error (diags, "jump", pl->pos,
                    "'%s' on page %d continues on page %d: a jump goes to a later page", pl->article->id,
                    from, pl->continues_on);
          ok = false;
          continue;
        }
        bool found = false;
        for (size_t q = 0; q < to->n_placements; q++)
          found |= to->placements[q].article == pl->article && to->placements[q].continued_from == from;
        if (!found) {
          pb_error (diags, "jump", pl->pos,
                    "'%s' continues on page %d, but page %d does not list it with continued_from: %d",
                    pl->article->id, pl->continues_on, pl->continues_on, from);
          ok = false;
        }
      }
      if (pl->continued_from) {
        bool found = false;
        for (size_t j = 0; j < np; j++)
          for (size_t q = 0; ed->pages[j].number == pl->continued_from && q < ed->pages[j].n_placements; q++)
            found |= ed->pages[j].placements[q].article == pl->article &&
                     ed->pages[j].placements[q].continues_on == from;
        if (!found) {
          pb_error (diags, "jump", pl->pos, "'%s' is continued from page %d, which does not jump here",
                    pl->article->id, pl->continued_from);
          ok = false;
        }
      }
      /* the same article twice, other than a jump and its continuation */
      for (size_t j = 0; j <= i; j++)
        for (size_t q = 0; q < ed->pages[j].n_placements && !(j == i && q >= k); q++) {
          const pb_placement *o = &ed->pages[j].placements[q];
          if (o->article == pl->article && !(o->continues_on && pl->continued_from) &&
              !(pl->continues_on && o->continued_from)) {
            pb_error (diags, "duplicate", pl->pos, "'%s' is placed twice (also on page %d)",
                      pl->article->id, ed->pages[j].number);
            ok = false;
          }
        }
    }
  ed->articles = pb_arena_array (arena, all.n ? all.n : 1, sizeof (pb_article *));
  for (size_t i = 0; ed->articles && i < all.n; i++)
    ed->articles[i] = all.v[i].article;
  ed->n_articles = all.n;
  PB_VEC_FREE (all);
  PB_VEC_FREE (photos);
  PB_VEC_FREE (photos.failed);
  pb_yaml_free (&y);
  (void) ok;
  return ed;
fail:
  pb_yaml_free (&y);
  pb_arena_destroy (arena);
  return NULL;
}

pb_edition *
pb_parse_proof (const char *article_path, const char *layout, const char *layouts_dir,
                pb_diagnostics *diags)
{
  pb_arena *arena = pb_arena_create ();
  pb_edition *ed = arena ? pb_arena_alloc (arena, sizeof *ed) : NULL;
  if (!ed) {
    pb_arena_destroy (arena);
    return NULL;
  }
  ed->arena = arena;
  ed->proof = true;
  ed->path = pb_arena_strdup (arena, article_path);
  ed->paper = "校样";
  ed->lang = PB_LANG_ZH_HANS;
  ed->tpl = pb_parse_template (arena, layout ? layout : "a4", layouts_dir, (pb_pos) {NULL, 0, 0},
                               diags);
  pb_article *a = pb_parse_article_with (arena, article_path, (pb_pos) {NULL, 0, 0}, ed->lang, (pb_norm_opts) {true, false}, NULL, diags);
  if (!ed->tpl || !a) {
    pb_arena_destroy (arena);
    return NULL;
  }
  ed->articles = pb_arena_array (arena, 1, sizeof (pb_article *));
  ed->articles[0] = a;
  ed->n_articles = 1;
  /* the proof's furniture in the article's language and glyphs */
  static const char *const proof_word[PB_LANG_COUNT] = {"校样", "校樣", "校正刷り", "Proof"};
  ed->lang = a->lang;
  ed->paper = proof_word[a->lang];
  ed->date = "1970-01-01";
  ed->year = 1970;
  ed->month = ed->day = 1;
  return ed;
}
