/* Article files: YAML front matter between `---` lines, then CommonMark. */
#include "parse/normalize.h"
#include "parse/parse.h"
#include "parse/yaml.h"

#include <cmark.h>
#include <ctype.h>
#include <errno.h>
#include <glib.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef PB_VEC (pb_block) block_vec;

typedef enum { HTML_OTHER, HTML_COMMENT, HTML_OPEN_COMMENT, HTML_IMAGE } html_kind_t;

/* What a piece of HTML in the copy is: a comment (<!-- … --> and nothing
 * after it: a note for the desk, left out), an image (<img …>: a photo
 * that must not be lost), or other markup. */
static html_kind_t
html_kind (const char *lit)
{
  if (!lit)
    return HTML_OTHER;
  lit += strspn (lit, " \t\n");
  if (strncmp (lit, "<!--", 4) == 0) {
    const char *end = strstr (lit + 4, "-->");
    if (!end)
      return HTML_OPEN_COMMENT; /* CommonMark runs it to the end of the copy */
    while (strstr (end + 3, "-->"))
      end = strstr (end + 3, "-->");
    return end[3 + strspn (end + 3, " \t\n")] == 0 ? HTML_COMMENT : HTML_OTHER;
  }
  /* an image anywhere in it (<figure><img …></figure>) */
  for (const char *p = lit; (p = strchr (p, '<')); p++)
    if (strncasecmp (p, "<img", 4) == 0 && (p[4] == ' ' || p[4] == '\t' || p[4] == '\n' || p[4] == '/' || p[4] == '>'))
      return HTML_IMAGE;
  return HTML_OTHER;
}

/* ---- inline text collection ---- */

typedef struct {
  pb_buf text;
  PB_VEC (pb_span) spans;
  unsigned flags;
  size_t span_start;
} collector;

static bool
is_cjk_cp (uint32_t c)
{
  return (c >= 0x2E80 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
         (c >= 0xFF00 && c <= 0xFFEF) || (c >= 0x20000 && c <= 0x3FFFF);
}

static void
flush_span (collector *c)
{
  if (c->flags && c->text.len > c->span_start) {
    pb_span s = {c->span_start, c->text.len, c->flags};
    PB_VEC_PUSH (c->spans, s);
  }
  c->span_start = c->text.len;
}

static void
set_flags (collector *c, unsigned flags)
{
  if (flags != c->flags) {
    flush_span (c);
    c->flags = flags;
  }
}

/* A soft line break inside a paragraph: nothing between CJK characters
 * (Chinese copy is often hard-wrapped), a space otherwise. */
static void
soft_break (collector *c, cmark_node *next)
{
  uint32_t before = pb_buf_last_cp (&c->text), after = 0;
  const char *lit = next ? cmark_node_get_literal (next) : NULL;
  if (lit)
    pb_utf8_decode (lit, strlen (lit), &after);
  if (before && after && !(is_cjk_cp (before) && is_cjk_cp (after)))
    pb_buf_puts (&c->text, " ");
}

/* A text node that holds a figure's attributes ({…} right after an
 * image, or on the line after it): the text after them; NULL otherwise. */
static const char *
after_attributes (cmark_node *text)
{
  const char *lit = cmark_node_get_literal (text);
  cmark_node *prev = cmark_node_previous (text);
  if (prev && cmark_node_get_type (prev) == CMARK_NODE_SOFTBREAK)
    prev = cmark_node_previous (prev);
  if (!lit || lit[0] != '{' || !prev || cmark_node_get_type (prev) != CMARK_NODE_IMAGE)
    return NULL;
  const char *close = strchr (lit, '}');
  return close ? close + 1 : NULL;
}

/* Walks the inline children of node (iteratively, cmark_iter).  An
 * image inside the text is not text: its alt text is left out here and
 * the image is handed to the caller in images[] (at most max), to be set
 * as a figure of its own. */
static size_t
collect_inlines (collector *c, cmark_node *node, pb_diagnostics *diags, pb_pos pos,
                 cmark_node **images, size_t max)
{
  cmark_iter *it = cmark_iter_new (node);
  cmark_event_type ev;
  unsigned depth_flags[64] = {0};
  int depth = 0, in_image = 0;
  size_t n_images = 0;
  while ((ev = cmark_iter_next (it)) != CMARK_EVENT_DONE) {
    cmark_node *n = cmark_iter_get_node (it);
    if (n == node)
      continue;
    cmark_node_type t = cmark_node_get_type (n);
    if (t == CMARK_NODE_IMAGE && images) {
      if (ev == CMARK_EVENT_ENTER) {
        if (!in_image && n_images < max)
          images[n_images++] = n;
        in_image++;
      } else
        in_image--;
      continue;
    }
    if (in_image)
      continue;
    if (t == CMARK_NODE_STRONG || t == CMARK_NODE_EMPH) {
      unsigned bit = t == CMARK_NODE_STRONG ? PB_SPAN_BOLD : PB_SPAN_EMPH;
      if (ev == CMARK_EVENT_ENTER) {
        if (depth < 63) {
          depth_flags[depth + 1] = depth_flags[depth] | bit;
          depth++;
        }
        set_flags (c, depth_flags[depth]);
      } else {
        if (depth > 0)
          depth--;
        set_flags (c, depth_flags[depth]);
      }
      continue;
    }
    if (ev != CMARK_EVENT_ENTER)
      continue;
    switch (t) {
    case CMARK_NODE_TEXT:
    case CMARK_NODE_CODE: {
      const char *lit = cmark_node_get_literal (n);
      /* a figure's attributes after an image are not text */
      const char *rest = images && t == CMARK_NODE_TEXT ? after_attributes (n) : NULL;
      if (t == CMARK_NODE_TEXT && lit && strstr (lit, "![") && strstr (strstr (lit, "!["), "]("))
        pb_error (diags, "image", pos, "this looks like a photo that Markdown did not read (a path with spaces "
                  "or brackets?): write the path in angle brackets, ![caption](<photos/my photo.jpg>), or "
                  "rename the file");
      if (t == CMARK_NODE_TEXT && lit && strstr (lit, "~~"))
        pb_warning (diags, "markdown", pos, "'~~' (strikethrough) is not Markdown that paiban reads: the "
                    "text is printed with its tildes; remove the struck text, or the tildes");
      if (t == CMARK_NODE_CODE)
        set_flags (c, depth_flags[depth] | PB_SPAN_VERBATIM);
      pb_buf_puts (&c->text, rest ? rest : lit);
      if (t == CMARK_NODE_CODE)
        set_flags (c, depth_flags[depth]);
      break;
    }
    case CMARK_NODE_SOFTBREAK:
      soft_break (c, cmark_node_next (n));
      break;
    case CMARK_NODE_LINEBREAK:
      /* a paragraph is set as one: the line break the copy asked for (two
       * spaces or a backslash at a line's end) is not kept */
      pb_note (diags, "markdown", pos, "a hard line break (two spaces or '\\' at a line's end) is not kept: "
               "the lines are set as one paragraph; leave a blank line to start a new one");
      soft_break (c, cmark_node_next (n));
      break;
    case CMARK_NODE_LINK: {
      /* print has no links: the link's text stays, its address is noted
       * (an autolink's text is its address) */
      const char *url = cmark_node_get_url (n);
      cmark_node *ch = cmark_node_first_child (n);
      const char *lit = ch && !cmark_node_next (ch) ? cmark_node_get_literal (ch) : NULL;
      if (url && url[0] && !(lit && (strcmp (lit, url) == 0 || (strncmp (url, "mailto:", 7) == 0 &&
                                                                  strcmp (lit, url + 7) == 0))))
        pb_note (diags, "link", pos, "a link's address (%s) is not printed, only its text", url);
      break;
    }
    case CMARK_NODE_HTML_INLINE: {
      const char *lit = cmark_node_get_literal (n);
      html_kind_t kind = html_kind (lit);
      if (kind == HTML_COMMENT)
        pb_note (diags, "html", pos, "an HTML comment (a note for the desk) is left out of the page");
      else if (kind == HTML_IMAGE)
        pb_error (diags, "html", pos, "an HTML image is not read, and its photo would be lost: write it as "
                  "![caption](photos/x.jpg) on a line of its own (%s)", lit);
      else
        pb_warning (diags, "html", pos, "inline HTML is not supported and was left out: %s", lit);
      break;
    }
    default:
      break;
    }
  }
  cmark_iter_free (it);
  set_flags (c, 0);
  return n_images;
}

static void
trim_collector (collector *c)
{
  /* Trailing ASCII whitespace only; leading ideographic spaces are the
   * copy's own indent and are left to normalisation. */
  while (c->text.len && (c->text.data[c->text.len - 1] == ' ' || c->text.data[c->text.len - 1] == '\n'))
    c->text.data[--c->text.len] = 0;
  for (size_t i = 0; i < c->spans.n; i++) {
    if (c->spans.v[i].end > c->text.len)
      c->spans.v[i].end = c->text.len;
  }
}

static pb_block *
add_block (block_vec *blocks)
{
  pb_block b = {0};
  if (!PB_VEC_PUSH (*blocks, b))
    return NULL;
  return &blocks->v[blocks->n - 1];
}

/* A paragraph that holds only images (and their attributes), each a
 * figure: a photo on a line of its own, or several on consecutive lines. */
static bool
only_images (cmark_node *para)
{
  bool any = false;
  for (cmark_node *ch = cmark_node_first_child (para); ch; ch = cmark_node_next (ch)) {
    cmark_node_type t = cmark_node_get_type (ch);
    if (t == CMARK_NODE_IMAGE)
      any = true;
    else if (t == CMARK_NODE_TEXT) {
      const char *s = after_attributes (ch);
      if (!s)
        s = cmark_node_get_literal (ch);
      if (s[strspn (s, " \t")])
        return false;
    } else if (t != CMARK_NODE_SOFTBREAK && t != CMARK_NODE_LINEBREAK)
      return false;
  }
  return any;
}

static void
finish_text_block (pb_arena *arena, pb_block *b, collector *c)
{
  trim_collector (c);
  b->text = pb_arena_strndup (arena, c->text.data ? c->text.data : "", c->text.len);
  b->len = c->text.len;
  b->n_spans = c->spans.n;
  b->spans = pb_arena_array (arena, c->spans.n ? c->spans.n : 1, sizeof (pb_span));
  if (b->spans && c->spans.n)
    memcpy (b->spans, c->spans.v, c->spans.n * sizeof (pb_span));
  pb_buf_free (&c->text);
  PB_VEC_FREE (c->spans);
  memset (c, 0, sizeof *c);
}

/* ---- figures ---- */

static const char *const figure_keys[] = {"crop", "focus", "rows", "span", NULL};

/* A figure's attributes: `{crop=fit focus=0.5,0.3 rows=12 span=3}` right
 * after the image (the attribute syntax of pandoc and kramdown). */
static void
figure_attributes (pb_block *b, const char *s, pb_pos pos, pb_diagnostics *diags)
{
  b->focus_x = b->focus_y = 0.5;
  if (!s || s[0] != '{')
    return;
  const char *end = strchr (s, '}');
  if (!end) {
    /* not attributes: the text is printed as it stands */
    size_t n = strcspn (s, "\n");
    pb_warning (diags, "figure", pos,
                "'%.*s' after the photo has no closing '}': it is printed as text, not read as the figure's "
                "attributes", (int) pb_utf8_prefix (s, n, 60), s);
    return;
  }
  char *body = pb_strndup (s + 1, (size_t) (end - s - 1));
  char *save = NULL;
  unsigned seen = 0;
  for (char *tok = body ? strtok_r (body, " \t\n", &save) : NULL; tok; tok = strtok_r (NULL, " \t\n", &save)) {
    char *eq = strchr (tok, '=');
    if (eq)
      *eq = 0;
    char *v = eq ? eq + 1 : tok + strlen (tok);
    /* crop="fit" and crop='fit', as pandoc allows */
    size_t vl = strlen (v);
    if (vl >= 2 && (v[0] == '"' || v[0] == '\'') && v[vl - 1] == v[0]) {
      v[vl - 1] = 0;
      v++;
    }
    for (unsigned k = 0; figure_keys[k]; k++)
      if (strcmp (tok, figure_keys[k]) == 0) {
        if (seen & 1u << k)
          pb_warning (diags, "figure", pos, "figure attribute '%s' is given twice; the last one is used", tok);
        seen |= 1u << k;
      }
    char *e = NULL;
    if (strcmp (tok, "crop") == 0 && (strcmp (v, "fill") == 0 || strcmp (v, "fit") == 0))
      b->crop = v[1] == 'i' && v[2] == 't' ? PB_CROP_FIT : PB_CROP_FILL;
    else if (strcmp (tok, "focus") == 0) {
      double x = strtod (v, &e), y = e && *e == ',' ? strtod (e + 1, &e) : -1;
      if (e && !*e && x >= 0 && x <= 1 && y >= 0 && y <= 1) {
        b->focus_x = x;
        b->focus_y = y;
      } else
        pb_diag_add (diags, PB_SEVERITY_ERROR, "figure", pos, tok,
                     "focus=%s must be two fractions of the photo, across and down: focus=0.5,0.3", v);
    } else if (strcmp (tok, "rows") == 0 || strcmp (tok, "span") == 0) {
      long n = strtol (v, &e, 10);
      bool rows = tok[0] == 'r';
      if (e == v || *e || n < (rows ? 4 : 1) || n > (rows ? PB_MAX_GRID_ROWS : PB_MAX_COLUMNS))
        pb_diag_add (diags, PB_SEVERITY_ERROR, "figure", pos, tok, "%s=%s must be a whole number from %d to %d",
                     tok, v, rows ? 4 : 1, rows ? PB_MAX_GRID_ROWS : PB_MAX_COLUMNS);
      else if (rows)
        b->rows_hint = (int) n;
      else
        b->span_hint = (int) n;
    } else if (strcmp (tok, "crop") == 0)
      pb_diag_add (diags, PB_SEVERITY_ERROR, "figure", pos, tok, "crop=%s must be fill or fit", v);
    else {
      const char *near = pb_yaml_suggest (tok, figure_keys);
      if (near)
        pb_warning (diags, "figure", pos, "unknown figure attribute '%s': did you mean '%s'? (ignored)", tok, near);
      else
        pb_warning (diags, "figure", pos, "unknown figure attribute '%s' (crop, focus, rows, span; ignored)", tok);
    }
  }
  free (body);
}

/* A figure block for the image node img. */
static void
make_figure (pb_arena *arena, pb_block *b, cmark_node *img, const char *dir, pb_pos pos,
             pb_image_set *images, pb_diagnostics *diags)
{
  b->kind = PB_BLOCK_FIGURE;
  b->pos = pos;
  collector c = {0};
  collect_inlines (&c, img, diags, pos, NULL, 0);
  trim_collector (&c);
  b->caption = pb_arena_strndup (arena, c.text.data ? c.text.data : "", c.text.len);
  pb_buf_free (&c.text);
  PB_VEC_FREE (c.spans);
  const char *title = cmark_node_get_title (img);
  if (title && title[0])
    b->credit = pb_arena_strdup (arena, title);
  cmark_node *next = cmark_node_next (img);
  const char *lit = next && cmark_node_get_type (next) == CMARK_NODE_TEXT ? cmark_node_get_literal (next) : NULL;
  if (!lit && next && cmark_node_get_type (next) == CMARK_NODE_SOFTBREAK) {
    /* the attributes on the line after the image */
    cmark_node *nn = cmark_node_next (next);
    lit = nn && cmark_node_get_type (nn) == CMARK_NODE_TEXT ? cmark_node_get_literal (nn) : NULL;
  }
  figure_attributes (b, lit, pos, diags);
  const char *url = cmark_node_get_url (img);
  if (!url || !url[0]) {
    pb_error (diags, "image", pos, "an image without a file: ![caption](photos/x.jpg)");
    return;
  }
  if (pb_is_web_address (url)) {
    pb_web_address_error (diags, pos, _("photo"), url);
    return;
  }
  char *path = pb_path_join (dir, url);
  b->image = path ? pb_parse_image (arena, path, pos, images, diags) : NULL;
  free (path);
}

/* ---- body ---- */

/* Source lines of the body, for what cmark does not keep (tables). */
typedef struct {
  const char *text;
  size_t len;
} source;

static const char *
source_line (const source *src, int line, size_t *len)
{
  const char *p = src->text, *end = src->text + src->len;
  for (int l = 1; l < line && p < end; l++) {
    const char *nl = memchr (p, '\n', (size_t) (end - p));
    p = nl ? nl + 1 : end;
  }
  const char *nl = memchr (p, '\n', (size_t) (end - p));
  *len = (size_t) ((nl ? nl : end) - p);
  return p;
}

static bool
is_table_delimiter (const char *s, size_t n)
{
  bool dash = false, pipe = false;
  for (size_t i = 0; i < n; i++) {
    if (s[i] == '-')
      dash = true;
    else if (s[i] == '|')
      pipe = true;
    else if (s[i] != ':' && s[i] != ' ' && s[i] != '\t')
      return false;
  }
  return dash && pipe;
}

/* A GFM table (a header row, a |---| row, rows): not CommonMark.  Each
 * row becomes a paragraph of its cells, parted by an ideographic space;
 * returns false when the paragraph is not a table. */
static bool
table_rows (pb_arena *arena, block_vec *blocks, const source *src, int first, int last, int line_offset,
            const char *file, pb_diagnostics *diags)
{
  size_t n;
  const char *l2 = source_line (src, first + 1, &n);
  if (last <= first || !is_table_delimiter (l2, n))
    return false;
  pb_warning (diags, "table", ((pb_pos) {file, first + line_offset, 1}),
              "a table is not set as a table: each row is set as a line of text, its cells parted by "
              "a space");
  for (int l = first; l <= last; l++) {
    if (l == first + 1)
      continue;
    const char *row = source_line (src, l, &n);
    pb_buf b = {0};
    const char *p = row, *end = row + n;
    while (p < end && (*p == ' ' || *p == '|'))
      p++;
    while (p < end) {
      const char *bar = memchr (p, '|', (size_t) (end - p));
      const char *ce = bar ? bar : end;
      const char *cs = p;
      while (cs < ce && (*cs == ' ' || *cs == '\t'))
        cs++;
      while (ce > cs && (ce[-1] == ' ' || ce[-1] == '\t'))
        ce--;
      if (ce > cs) {
        if (b.len)
          pb_buf_puts (&b, "\u3000");
        pb_buf_append (&b, cs, (size_t) (ce - cs));
      }
      p = bar ? bar + 1 : end;
    }
    if (b.len) {
      pb_block *blk = add_block (blocks);
      if (blk) {
        blk->kind = PB_BLOCK_PARAGRAPH;
        blk->pos = (pb_pos) {file, l + line_offset, 1};
        blk->text = pb_arena_strndup (arena, b.data, b.len);
        blk->len = b.len;
        blk->spans = pb_arena_array (arena, 1, sizeof (pb_span));
      }
    }
    pb_buf_free (&b);
  }
  return true;
}

/* The number of an ordered list's item ("3." / "3)"), to keep with its
 * first paragraph; NULL for other paragraphs. */
static char *
item_label (cmark_node *para)
{
  cmark_node *item = cmark_node_parent (para);
  if (!item || cmark_node_get_type (item) != CMARK_NODE_ITEM || cmark_node_first_child (item) != para)
    return NULL;
  cmark_node *list = cmark_node_parent (item);
  if (!list || cmark_node_get_list_type (list) != CMARK_ORDERED_LIST)
    return NULL;
  int k = cmark_node_get_list_start (list);
  for (cmark_node *p = cmark_node_previous (item); p; p = cmark_node_previous (p))
    k++;
  return pb_printf ("%d%s ", k, cmark_node_get_list_delim (list) == CMARK_PAREN_DELIM ? ")" : ".");
}

/* Footnote definitions ([^1]: …) are not CommonMark: cmark would take one
 * for a link reference definition and drop it, text and all.  They are
 * escaped so that cmark keeps them as text, and reported. */
static char *
escape_footnotes (const char *body, size_t len, size_t *out_len, int line_offset, const char *file,
                  pb_diagnostics *diags)
{
  pb_buf b = {0};
  int line = 1;
  for (size_t i = 0; i < len;) {
    const char *nl = memchr (body + i, '\n', len - i);
    size_t e = nl ? (size_t) (nl - body) + 1 : len;
    size_t k = i;
    while (k < e && k - i < 3 && body[k] == ' ')
      k++;
    if (k + 2 < e && body[k] == '[' && body[k + 1] == '^') {
      const char *close = memchr (body + k, ']', e - k);
      if (close && close + 1 < body + e && close[1] == ':') {
        pb_warning (diags, "footnote", ((pb_pos) {file, line + line_offset, (int) (k - i) + 1}),
                    "footnotes are not set as notes: the definition is kept as a paragraph of text");
        pb_buf_append (&b, body + i, k - i);
        pb_buf_puts (&b, "\\");
        i = k;
      }
    }
    pb_buf_append (&b, body + i, e - i);
    i = e;
    line++;
  }
  *out_len = b.len;
  return pb_buf_steal (&b);
}

/* cmark counts columns in bytes; diagnostics count characters. */
static int
char_column (const source *src, int line, int byte_col)
{
  size_t len;
  const char *s = source_line (src, line, &len);
  int col = 1;
  for (int i = 0; i + 1 < byte_col && (size_t) i < len; i++)
    col += ((unsigned char) s[i] & 0xC0) != 0x80;
  return col;
}

/* The text blocks of a paragraph-like node (paragraph, heading), with the
 * figures of images inside it after it. */
static void
text_block (pb_arena *arena, block_vec *blocks, pb_article *a, cmark_node *n, pb_pos pos, const char *dir,
            const source *src, pb_image_set *photos, pb_diagnostics *diags)
{
  cmark_node_type t = cmark_node_get_type (n);
  collector c = {0};
  char *label = t == CMARK_NODE_PARAGRAPH ? item_label (n) : NULL;
  if (label)
    pb_buf_puts (&c.text, label);
  free (label);
  cmark_node *images[64];
  size_t ni = collect_inlines (&c, n, diags, pos, images, 64);
  if (c.text.len > PB_MAX_PARAGRAPH_BYTES) {
    pb_error (diags, "limit", pos, "a paragraph of %zu bytes; the limit is %u (PB_MAX_PARAGRAPH_BYTES)",
              c.text.len, PB_MAX_PARAGRAPH_BYTES);
    c.text.len = 0;
  }
  pb_block *b = add_block (blocks);
  if (!b) {
    pb_buf_free (&c.text);
    PB_VEC_FREE (c.spans);
    return;
  }
  b->pos = pos;
  b->kind = t == CMARK_NODE_HEADING ? PB_BLOCK_SUBHEADING : PB_BLOCK_PARAGRAPH;
  if (t == CMARK_NODE_HEADING && cmark_node_get_heading_level (n) == 1)
    pb_warning (diags, "heading", pos,
                "a level-1 heading in the body is set as a subheading; the headline belongs in the "
                "front matter");
  finish_text_block (arena, b, &c);
  if (b->len == 0)
    blocks->n--;
  for (size_t i = 0; i < ni; i++) {
    int line = cmark_node_get_start_line (images[i]);
    pb_pos ip = {pos.file, line + (pos.line - cmark_node_get_start_line (n)),
                 char_column (src, line, cmark_node_get_start_column (images[i]))};
    pb_note (diags, "figure", ip, "an image inside the text of '%s' is set as a figure of its own after "
             "its paragraph (a photo on a line of its own is a figure)", a->id);
    pb_block *f = add_block (blocks);
    if (f)
      make_figure (arena, f, images[i], dir, ip, photos, diags);
  }
}

static void
parse_body (pb_arena *arena, pb_article *a, const char *body, size_t len, int line_offset,
            pb_image_set *photos, pb_diagnostics *diags)
{
  size_t elen = 0;
  char *escaped = escape_footnotes (body, len, &elen, line_offset, a->path, diags);
  if (!escaped) {
    pb_error (diags, "memory", a->pos, "out of memory");
    return;
  }
  source src = {escaped, elen};
  cmark_node *doc = cmark_parse_document (escaped, elen, CMARK_OPT_DEFAULT);
  if (!doc) {
    free (escaped);
    pb_error (diags, "memory", a->pos, "out of memory");
    return;
  }
  block_vec blocks = {0};
  char *dir = pb_path_dirname (a->path);
  /* Top-level blocks; lists and quotes contribute their paragraphs. */
  cmark_iter *it = cmark_iter_new (doc);
  cmark_event_type ev;
  while (dir && (ev = cmark_iter_next (it)) != CMARK_EVENT_DONE) {
    if (ev != CMARK_EVENT_ENTER)
      continue;
    cmark_node *n = cmark_iter_get_node (it);
    cmark_node_type t = cmark_node_get_type (n);
    pb_pos pos = {a->path, cmark_node_get_start_line (n) + line_offset,
                  cmark_node_get_start_column (n)};
    if (t == CMARK_NODE_PARAGRAPH && only_images (n)) {
      for (cmark_node *ch = cmark_node_first_child (n); ch; ch = cmark_node_next (ch)) {
        if (cmark_node_get_type (ch) != CMARK_NODE_IMAGE)
          continue;
        int line = cmark_node_get_start_line (ch);
        pb_pos ip = {a->path, line + line_offset, char_column (&src, line, cmark_node_get_start_column (ch))};
        pb_block *b = add_block (&blocks);
        if (b)
          make_figure (arena, b, ch, dir, ip, photos, diags);
      }
    } else if (t == CMARK_NODE_PARAGRAPH &&
               table_rows (arena, &blocks, &src, cmark_node_get_start_line (n), cmark_node_get_end_line (n),
                           line_offset, a->path, diags)) {
      continue;
    } else if (t == CMARK_NODE_PARAGRAPH || t == CMARK_NODE_HEADING) {
      text_block (arena, &blocks, a, n, pos, dir, &src, photos, diags);
    } else if (t == CMARK_NODE_HTML_BLOCK && html_kind (cmark_node_get_literal (n)) != HTML_OTHER) {
      html_kind_t kind = html_kind (cmark_node_get_literal (n));
      if (kind == HTML_OPEN_COMMENT)
        pb_error (diags, "html", pos, "an HTML comment '<!--' is not closed: everything after it would be left "
                  "out of the page; close it with '-->'");
      else if (kind == HTML_COMMENT)
        pb_note (diags, "html", pos, "an HTML comment (a note for the desk) is left out of the page");
      else /* HTML_IMAGE */
        pb_error (diags, "html", pos, "an HTML image is not read, and its photo would be lost: write it as "
                  "![caption](photos/x.jpg) on a line of its own (%.*s)",
                  (int) strcspn (cmark_node_get_literal (n), "\n"), cmark_node_get_literal (n));
    } else if (t == CMARK_NODE_CODE_BLOCK || t == CMARK_NODE_HTML_BLOCK) {
      if (t == CMARK_NODE_CODE_BLOCK)
        pb_warning (diags, "block", pos, "a code block is not supported; its text is set as a paragraph");
      else
        pb_warning (diags, "block", pos, "an HTML block is not supported; its text is set as a paragraph");
      const char *lit = cmark_node_get_literal (n);
      pb_block *b = add_block (&blocks);
      if (!b)
        break;
      b->kind = PB_BLOCK_PARAGRAPH;
      b->pos = pos;
      collector c = {0};
      /* a code block is printed as written: no copy normalisation */
      set_flags (&c, t == CMARK_NODE_CODE_BLOCK ? PB_SPAN_VERBATIM : 0);
      pb_buf_puts (&c.text, lit ? lit : "");
      for (size_t i = 0; i < c.text.len; i++)
        if (c.text.data[i] == '\n')
          c.text.data[i] = ' ';
      set_flags (&c, 0);
      finish_text_block (arena, b, &c);
      if (b->len == 0)
        blocks.n--;
    }
  }
  cmark_iter_free (it);
  cmark_node_free (doc);
  free (dir);
  free (escaped);
  a->blocks = pb_arena_array (arena, blocks.n ? blocks.n : 1, sizeof (pb_block));
  if (a->blocks && blocks.n)
    memcpy (a->blocks, blocks.v, blocks.n * sizeof (pb_block));
  a->n_blocks = a->blocks ? blocks.n : 0;
  PB_VEC_FREE (blocks);
  int photos_seen = 0;
  for (size_t i = 0; i < a->n_blocks; i++)
    if (a->blocks[i].kind == PB_BLOCK_FIGURE)
      a->blocks[i].photo = ++photos_seen;
}

static const char *const article_keys[] = {
  "kicker", "headline", "deck", "byline", "dateline", "editor", "lang", "priority", "id", "normalize", "cjk_spaces",
  "encoding", NULL,
};

bool
pb_id_is_valid (const char *id)
{
  size_t n = id ? strlen (id) : 0;
  if (n == 0 || n > PB_MAX_ID_BYTES || !isalnum ((unsigned char) id[0]))
    return false;
  for (size_t i = 0; i < n; i++)
    if (!isalnum ((unsigned char) id[i]) && id[i] != '.' && id[i] != '_' && id[i] != '-')
      return false;
  return true;
}

/* Is id one of the digital edition's page addresses (#page-3, #p3), which
 * the viewer reads as pages, not articles? */
static bool
id_is_page_address (const char *id)
{
  const char *d = strncmp (id, "page-", 5) == 0 ? id + 5 : id[0] == 'p' ? id + 1 : NULL;
  if (!d || !*d)
    return false;
  for (; *d; d++)
    if (*d < '0' || *d > '9')
      return false;
  return true;
}

/* An id made from a file name: its base name without the extension, every
 * run of characters an id may not hold turned into one '-'; a name with
 * nothing left (新闻.md) becomes "a-" and a hash of it. */
static char *
id_from_file_name (pb_arena *arena, const char *path)
{
  const char *base = strrchr (path, '/');
  base = base ? base + 1 : path;
  const char *dot = strrchr (base, '.');
  size_t n = dot && dot > base ? (size_t) (dot - base) : strlen (base);
  pb_buf b = {0};
  bool dash = false;
  for (size_t i = 0; i < n && b.len < PB_MAX_ID_BYTES; i++) {
    unsigned char c = (unsigned char) base[i];
    if (isalnum (c) || ((c == '.' || c == '_' || c == '-') && b.len)) {
      if (dash && b.len)
        pb_buf_puts (&b, "-");
      dash = false;
      pb_buf_append (&b, &base[i], 1);
    } else
      dash = true;
  }
  char *id = NULL;
  if (b.len && !b.failed)
    id = pb_arena_strndup (arena, b.data, b.len < PB_MAX_ID_BYTES ? b.len : PB_MAX_ID_BYTES);
  else {
    uint32_t h = 2166136261u; /* FNV-1a of the base name */
    for (size_t i = 0; i < n; i++)
      h = (h ^ (unsigned char) base[i]) * 16777619u;
    id = pb_arena_printf (arena, "a-%08x", h);
  }
  pb_buf_free (&b);
  return id;
}

/* Where key's value (or each item of a list) is written. */
static void
field_pos (pb_yaml *y, yaml_node_t *root, const char *key, pb_pos fallback, pb_pos *out, size_t n)
{
  yaml_node_t *v = pb_yaml_get (y, root, key);
  for (size_t i = 0; i < n; i++) {
    yaml_node_t *it = pb_yaml_is_seq (v) && i < pb_yaml_seq_len (v) ? pb_yaml_seq_item (y, v, i) : v;
    out[i] = it ? pb_yaml_pos (y, it) : fallback;
  }
}

/* Normalises every paragraph, subheading and caption; one note per kind
 * of change, at the first paragraph it touched. */
static void
normalize_article (pb_arena *arena, pb_article *a, bool drop_cjk_spaces, pb_diagnostics *diags)
{
  pb_norm_counts total = {{0}};
  pb_pos first = a->pos;
  bool any = false;
  for (size_t i = 0; i < a->n_blocks; i++) {
    pb_block *b = &a->blocks[i];
    pb_norm_counts c = {{0}};
    size_t len;
    if (b->kind == PB_BLOCK_FIGURE) {
      if (b->caption) {
        char *t = pb_normalize_text (arena, b->caption, strlen (b->caption), NULL, 0, a->lang,
                                     !drop_cjk_spaces, &c, &len);
        if (t)
          b->caption = t;
      }
    } else {
      /* a subheading's spaces part its phrases, as in a headline */
      char *t = pb_normalize_text (arena, b->text, b->len, b->spans, b->n_spans, a->lang,
                                   b->kind == PB_BLOCK_SUBHEADING || !drop_cjk_spaces, &c, &len);
      if (b->kind == PB_BLOCK_SUBHEADING)
        c.n[PB_NORM_SPACES_KEPT] = 0; /* a heading's spaces part its phrases */
      if (t) {
        b->text = t;
        b->len = len;
      }
    }
    for (int k = 0; k < PB_NORM_KINDS; k++) {
      if (c.n[k] && !any) {
        first = b->pos;
        any = true;
      }
      total.n[k] += c.n[k];
    }
  }
  /* the headline, decks and kicker like the body (展出,共130余件 →
   * 展出，共130余件); their spaces part phrases, as a subheading's */
  const char **heads[] = {&a->headline, &a->kicker};
  for (size_t h = 0; h < 2 + a->n_deck; h++) {
    const char **f = h < 2 ? heads[h] : &a->deck[h - 2];
    if (!*f)
      continue;
    size_t len;
    int kept = total.n[PB_NORM_SPACES_KEPT];
    char *t = pb_normalize_text (arena, *f, strlen (*f), NULL, 0, a->lang, true, &total, &len);
    total.n[PB_NORM_SPACES_KEPT] = kept; /* a headline's spaces part its phrases */
    if (t)
      *f = t;
  }
  pb_normalize_report (&total, first, a->id, diags);
}

/* The front matter: `---` on the first line, up to the next `---` or
 * `...` line.  Returns the offset of the body, 0 when there is none. */
static size_t
split_front_matter (const char *text, size_t len, size_t *fm_start, size_t *fm_len, int *body_line)
{
  size_t i = 0;
  if (len >= 3 && memcmp (text, "\xEF\xBB\xBF", 3) == 0)
    i = 3;
  if (len - i < 3 || memcmp (text + i, "---", 3) != 0)
    return 0;
  size_t p = i + 3;
  while (p < len && (text[p] == ' ' || text[p] == '\t' || text[p] == '\r'))
    p++;
  if (p < len && text[p] != '\n')
    return 0;
  *fm_start = p + 1;
  int line = 2;
  size_t ls = p + 1;
  while (ls < len) {
    size_t le = ls;
    while (le < len && text[le] != '\n')
      le++;
    size_t ll = le - ls;
    while (ll && (text[ls + ll - 1] == '\r' || text[ls + ll - 1] == ' '))
      ll--;
    if ((ll == 3 && (memcmp (text + ls, "---", 3) == 0 || memcmp (text + ls, "...", 3) == 0))) {
      *fm_len = ls - *fm_start;
      *body_line = line;
      return le < len ? le + 1 : le;
    }
    line++;
    ls = le + 1;
  }
  return SIZE_MAX; /* unterminated */
}

pb_article *
pb_parse_article (pb_arena *arena, const char *path, pb_lang default_lang, pb_diagnostics *diags)
{
  return pb_parse_article_with (arena, path, (pb_pos) {NULL, 0, 0}, default_lang, (pb_norm_opts) {true, false}, NULL, diags);
}

/* A blank optional field (`kicker: "  "`, `editor: ""`, a deck line of
 * ideographic spaces) says nothing: absent, as if not given, so that no
 * output keeps an empty kicker the page does not print.  A deck keeps its
 * other lines, each with its position. */
static void
drop_blank_fields (pb_article *a)
{
  const char **fields[] = {&a->kicker, &a->byline, &a->dateline, &a->editor};
  for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
    if (*fields[i] && pb_utf8_is_blank (*fields[i]))
      *fields[i] = NULL;
  size_t n = 0;
  for (size_t i = 0; i < a->n_deck; i++)
    if (!pb_utf8_is_blank (a->deck[i])) {
      if (a->deck_pos)
        a->deck_pos[n] = a->deck_pos[i];
      a->deck[n++] = a->deck[i];
    }
  a->n_deck = n;
}

/* The front matter's fields into a; false when one is wrong (reported). */
static bool
front_matter (pb_arena *arena, pb_article *a, const char *path, const char *fm, size_t fm_len,
              pb_norm_opts *norm, pb_diagnostics *diags)
{
  pb_yaml y;
  bool ok = pb_yaml_load (&y, arena, path, fm, fm_len, 1, diags);
  yaml_node_t *root = ok ? pb_yaml_root (&y) : NULL;
  if (ok && !pb_yaml_is_map (root)) {
    pb_error (diags, "front-matter", root ? pb_yaml_pos (&y, root) : a->pos,
              "the front matter must be a mapping of keys (headline: …)");
    ok = false;
  }
  if (ok) {
    pb_yaml_check_keys (&y, root, N_("article front matter"), article_keys);
    ok &= pb_yaml_string (&y, root, "headline", true, &a->headline);
    ok &= pb_yaml_string (&y, root, "kicker", false, &a->kicker);
    ok &= pb_yaml_string (&y, root, "byline", false, &a->byline);
    ok &= pb_yaml_string (&y, root, "dateline", false, &a->dateline);
    ok &= pb_yaml_string (&y, root, "editor", false, &a->editor);
    ok &= pb_yaml_token (&y, root, "id", false, &a->id);
    if (pb_yaml_get (&y, root, "id"))
      a->id_pos = pb_yaml_pos (&y, pb_yaml_get (&y, root, "id"));
    ok &= pb_yaml_strings (&y, root, "deck", &a->deck, &a->n_deck);
    ok &= pb_yaml_int (&y, root, "priority", false, 1, 5, &a->priority);
    ok &= pb_yaml_bool (&y, root, "normalize", &norm->on);
    ok &= pb_parse_cjk_spaces (&y, root, norm);
    const char *lang = NULL;
    ok &= pb_yaml_token (&y, root, "lang", false, &lang);
    if (lang && !pb_lang_parse (lang, &a->lang)) {
      pb_diag_add (diags, PB_SEVERITY_ERROR, "lang", pb_yaml_pos (&y, pb_yaml_get (&y, root, "lang")),
                   lang, "unknown language '%s' (use zh-Hans, zh-Hant, ja or en)", lang);
      ok = false;
    }
    if (a->id && !pb_id_is_valid (a->id)) {
      pb_diag_add (diags, PB_SEVERITY_ERROR, "id", pb_yaml_pos (&y, pb_yaml_get (&y, root, "id")), a->id,
                   "an id is 1 to %d letters, digits, '.', '_' or '-', starting with a letter or digit "
                   "(it becomes a file name and a web address)", PB_MAX_ID_BYTES);
      ok = false;
    }
    field_pos (&y, root, "kicker", a->pos, &a->kicker_pos, 1);
    field_pos (&y, root, "headline", a->pos, &a->headline_pos, 1);
    field_pos (&y, root, "byline", a->pos, &a->byline_pos, 1);
    field_pos (&y, root, "dateline", a->pos, &a->dateline_pos, 1);
    a->deck_pos = pb_arena_array (arena, a->n_deck ? a->n_deck : 1, sizeof (pb_pos));
    if (a->deck_pos)
      field_pos (&y, root, "deck", a->pos, a->deck_pos, a->n_deck);
    else
      ok = false;
    drop_blank_fields (a);
  }
  pb_yaml_free (&y);
  return ok;
}

/* The paragraph b becomes text t (arena), whose first dl bytes are its
 * dateline (a span of flags); the spans it had move by `shift` bytes
 * (what was put in before them: a front-matter dateline and its space, or
 * the space after a dateline of the copy's). */
static void
set_dateline (pb_arena *arena, pb_block *b, char *t, size_t dl, unsigned flags, size_t shift)
{
  pb_span *spans = pb_arena_array (arena, b->n_spans + 1, sizeof (pb_span));
  if (!t || !spans)
    return;
  spans[0] = (pb_span) {0, dl, flags};
  for (size_t k = 0; k < b->n_spans; k++) {
    /* inside the copy's own text: a span from the dateline on moves */
    bool moves = shift > 1 || b->spans[k].start >= dl;
    spans[k + 1] = (pb_span) {b->spans[k].start + (moves ? shift : 0),
                              b->spans[k].end + (moves || b->spans[k].end > dl ? shift : 0), b->spans[k].flags};
  }
  b->text = t;
  b->len = strlen (t);
  b->spans = spans;
  b->n_spans++;
  b->dateline_len = dl;
}

/* A signature closing a paragraph — （文/本报记者 赵一鸣）, （實習生 韓露
 * 對本文亦有貢獻）: a bracketed group at its end that names a role — is
 * broken only at its spaces, never inside a name (issue 12, item 13); a
 * paragraph that is a signature alone is set flush right (署名居右). */
static void
mark_signature (pb_arena *arena, pb_block *b)
{
  static const char *const roles[] = {"记者", "記者", "通讯员", "通訊員", "实习生", "實習生", "文/", "文／",
                                      "摄", "攝", "编辑", "編輯", NULL};
  size_t end = b->len;
  while (end > 0 && (b->text[end - 1] == ' ' || b->text[end - 1] == '\n'))
    end--;
  size_t close = strlen ("）");
  if (end < close || memcmp (b->text + end - close, "）", close) != 0)
    return;
  const char *open = NULL;
  for (const char *q = b->text; (q = strstr (q, "（")) && q < b->text + end; q += strlen ("（"))
    open = q;
  if (!open || (size_t) (b->text + end - open) > 96)
    return; /* a signature is short */
  bool role = false;
  for (int r = 0; roles[r] && !role; r++) {
    const char *at = strstr (open, roles[r]);
    role = at && at < b->text + end;
  }
  if (!role)
    return;
  pb_span *spans = pb_arena_array (arena, b->n_spans + 1, sizeof (pb_span));
  if (!spans)
    return;
  memcpy (spans, b->spans, b->n_spans * sizeof (pb_span));
  spans[b->n_spans] = (pb_span) {(size_t) (open - b->text), end, PB_SPAN_NAMES};
  b->spans = spans;
  b->n_spans++;
  b->signature = open == b->text; /* a paragraph of its own: flush right */
}

/* The dateline opens the first paragraph, bold, followed by a space: a
 * fixed 1 em between it and the text (an ideographic space's width),
 * which vanishes when a line ends there. */
static void
open_with_dateline (pb_arena *arena, pb_article *a)
{
  for (size_t i = 0; i < a->n_blocks; i++) {
    pb_block *b = &a->blocks[i];
    if (b->kind != PB_BLOCK_PARAGRAPH)
      continue;
    size_t dl = strlen (a->dateline);
    char *t = pb_arena_printf (arena, "%s %s", a->dateline, b->text);
    set_dateline (arena, b, t, dl, PB_SPAN_BOLD | PB_SPAN_DATELINE, dl + 1);
    return;
  }
}

/* A dateline written in the copy itself, at the start of the first
 * paragraph (本报讯, 本报北京1月11日讯, 本報香港12月2日電, 据新华社电,
 * 新华社北京11月30日电): marked as the dateline, a unit no line ends
 * inside and followed by the dateline's fixed gap, which a desk's copy
 * often leaves out (本报讯随着: a space is put after it). */
static void
find_dateline (pb_arena *arena, pb_article *a)
{
  static GRegex *re; /* made once, kept for the process */
  static gsize made;
  if (g_once_init_enter (&made)) {
    re = g_regex_new ("^(?:据|據)?(?:本[报報]|新华社|新華社|中新社)"
                      "(?:[^\\s，。、；：“”「」（）]{0,12}?[0-9０-９]{1,2}月[0-9０-９]{1,2}日)?(?:讯|訊|电|電)"
                      "(?![视視子脑腦话話台影器力商])", /* not 本报电子版 */
                      G_REGEX_OPTIMIZE, 0, NULL);
    g_once_init_leave (&made, 1);
  }
  for (size_t i = 0; re && i < a->n_blocks; i++) {
    pb_block *b = &a->blocks[i];
    if (b->kind != PB_BLOCK_PARAGRAPH)
      continue;
    GMatchInfo *m = NULL;
    int end = -1;
    if (g_regex_match_full (re, b->text, (gssize) b->len, 0, 0, &m, NULL))
      g_match_info_fetch_pos (m, 0, NULL, &end);
    g_match_info_free (m);
    if (end <= 0 || (size_t) end >= b->len)
      return; /* the first paragraph has none (or is nothing else) */
    size_t dl = (size_t) end;
    bool spaced = b->text[dl] == ' ' || (b->len - dl >= 3 && memcmp (b->text + dl, "\xE3\x80\x80", 3) == 0);
    char *t = spaced ? (char *) b->text : pb_arena_printf (arena, "%.*s %s", (int) dl, b->text, b->text + dl);
    set_dateline (arena, b, t, dl, PB_SPAN_DATELINE, spaced ? 0 : 1);
    return;
  }
}

pb_article *
pb_parse_article_with (pb_arena *arena, const char *path, pb_pos ref, pb_lang default_lang,
                       pb_norm_opts norm, pb_image_set *photos, pb_diagnostics *diags)
{
  pb_pos file_pos = {pb_arena_strdup (arena, path), 1, 1};
  size_t len;
  pb_file_stamp stamp = {0};
  char *text = pb_read_text_file (arena, path, ref, &len, &stamp, diags);
  if (!text)
    return NULL;
  pb_article *a = pb_arena_alloc (arena, sizeof *a);
  if (!a || !file_pos.file) {
    pb_error (diags, "memory", file_pos, "out of memory");
    return NULL;
  }
  a->path = file_pos.file;
  a->pos = file_pos;
  a->lang = default_lang;
  a->priority = 3;
  a->stamp = stamp;
  size_t fm_start = 0, fm_len = 0;
  int body_line = 0;
  size_t body = split_front_matter (text, len, &fm_start, &fm_len, &body_line);
  if (body == 0) {
    pb_error (diags, "front-matter", file_pos,
              "an article starts with YAML front matter between '---' lines (headline is required)");
    return NULL;
  }
  if (body == SIZE_MAX) {
    pb_error (diags, "front-matter", file_pos, "the front matter is not closed by a '---' line");
    return NULL;
  }
  bool ok = front_matter (arena, a, path, text + fm_start, fm_len, &norm, diags);
  if (!a->id) {
    a->id = id_from_file_name (arena, path);
    const char *base = strrchr (path, '/');
    base = base ? base + 1 : path;
    const char *dot = strrchr (base, '.');
    if (a->id && (dot ? strlen (a->id) != (size_t) (dot - base) || strncmp (a->id, base, (size_t) (dot - base))
                      : strcmp (a->id, base)))
      pb_note (diags, "id", file_pos, "the id '%s' is made from the file name (an id is letters, digits, "
               "'.', '_' and '-'); give 'id:' in the front matter to choose it", a->id);
  }
  if (!a->id) {
    pb_error (diags, "memory", file_pos, "out of memory");
    return NULL;
  }
  if (id_is_page_address (a->id)) {
    pb_diag_add (diags, PB_SEVERITY_ERROR, "id", a->id_pos.file ? a->id_pos : file_pos, a->id,
                 "the id '%s' is a page's address in the digital edition (#page-N, #pN); give the article "
                 "another 'id:'", a->id);
    ok = false;
  }
  parse_body (arena, a, text + body, len - body, body_line, photos, diags);
  if (!a->dateline && a->lang != PB_LANG_EN && a->lang != PB_LANG_JA)
    find_dateline (arena, a);
  if (norm.on)
    normalize_article (arena, a, norm.drop_cjk_spaces, diags);
  for (size_t i = 0; i < a->n_blocks; i++)
    if (a->blocks[i].kind == PB_BLOCK_PARAGRAPH && a->blocks[i].len)
      mark_signature (arena, &a->blocks[i]);
  size_t text_blocks = 0;
  for (size_t i = 0; i < a->n_blocks; i++)
    text_blocks += a->blocks[i].kind == PB_BLOCK_PARAGRAPH;
  if (text_blocks == 0) {
    pb_error (diags, "empty", ((pb_pos) {a->path, body_line + 1, 1}), "the article has no body text");
    ok = false;
  }
  if (ok && a->dateline)
    open_with_dateline (arena, a);
  return ok ? a : NULL;
}
