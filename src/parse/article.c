/* Article files: YAML front matter between `---` lines, then CommonMark. */
#include "parse/normalize.h"
#include "parse/parse.h"
#include "parse/yaml.h"

#include <cmark.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

char *
pb_read_text_file (pb_arena *arena, const char *path, pb_pos ref, size_t *len,
                   pb_diagnostics *diags)
{
  size_t n;
  char *raw = pb_file_read (path, &n);
  if (!raw) {
    if (errno == EFBIG)
      pb_error (diags, "file", ref, "%s: file is larger than the limit of %u bytes", path,
                PB_MAX_FILE_BYTES);
    else
      pb_error (diags, "file", ref, "cannot read %s: %s", path, strerror (errno));
    return NULL;
  }
  size_t bad, out_len;
  char *clean = pb_utf8_sanitize (raw, n, &out_len, &bad);
  if (bad != SIZE_MAX) {
    int line = 1, col = 1;
    for (size_t i = 0; i < bad; i++) {
      if (raw[i] == '\n') {
        line++;
        col = 1;
      } else if (((unsigned char) raw[i] & 0xC0) != 0x80)
        col++;
    }
    pb_warning (diags, "utf8", ((pb_pos) {pb_arena_strdup (arena, path), line, col}),
                "invalid UTF-8 (byte 0x%02X) replaced by U+FFFD", (unsigned char) raw[bad]);
  }
  free (raw);
  if (!clean) {
    pb_error (diags, "memory", ref, "out of memory reading %s", path);
    return NULL;
  }
  char *r = pb_arena_strndup (arena, clean, out_len);
  free (clean);
  *len = out_len;
  return r;
}

typedef PB_VEC (pb_block) block_vec;

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

/* Walks the inline children of node (iteratively, cmark_iter). */
static void
collect_inlines (collector *c, cmark_node *node, pb_diagnostics *diags, pb_pos pos)
{
  cmark_iter *it = cmark_iter_new (node);
  cmark_event_type ev;
  unsigned depth_flags[64] = {0};
  int depth = 0;
  while ((ev = cmark_iter_next (it)) != CMARK_EVENT_DONE) {
    cmark_node *n = cmark_iter_get_node (it);
    if (n == node)
      continue;
    cmark_node_type t = cmark_node_get_type (n);
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
    case CMARK_NODE_CODE:
      pb_buf_puts (&c->text, cmark_node_get_literal (n));
      break;
    case CMARK_NODE_SOFTBREAK:
      soft_break (c, cmark_node_next (n));
      break;
    case CMARK_NODE_LINEBREAK:
      pb_buf_puts (&c->text, " ");
      break;
    case CMARK_NODE_HTML_INLINE:
      pb_warning (diags, "html", pos, "inline HTML is not supported and was left out: %s",
                  cmark_node_get_literal (n));
      break;
    default:
      break;
    }
  }
  cmark_iter_free (it);
  set_flags (c, 0);
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

/* A paragraph whose only non-blank child is an image. */
static cmark_node *
sole_image (cmark_node *para)
{
  cmark_node *img = NULL;
  for (cmark_node *ch = cmark_node_first_child (para); ch; ch = cmark_node_next (ch)) {
    cmark_node_type t = cmark_node_get_type (ch);
    if (t == CMARK_NODE_IMAGE && !img)
      img = ch;
    else if (t == CMARK_NODE_TEXT) {
      const char *s = cmark_node_get_literal (ch);
      if (s[strspn (s, " \t")])
        return NULL;
    } else if (t != CMARK_NODE_SOFTBREAK)
      return NULL;
  }
  return img;
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

static void
parse_body (pb_arena *arena, pb_article *a, const char *body, size_t len, int line_offset,
            pb_diagnostics *diags)
{
  cmark_node *doc = cmark_parse_document (body, len, CMARK_OPT_DEFAULT);
  block_vec blocks = {0};
  char *dir = pb_path_dirname (a->path);
  /* Top-level blocks; lists and quotes contribute their paragraphs. */
  cmark_iter *it = cmark_iter_new (doc);
  cmark_event_type ev;
  while ((ev = cmark_iter_next (it)) != CMARK_EVENT_DONE) {
    if (ev != CMARK_EVENT_ENTER)
      continue;
    cmark_node *n = cmark_iter_get_node (it);
    cmark_node_type t = cmark_node_get_type (n);
    pb_pos pos = {a->path, cmark_node_get_start_line (n) + line_offset,
                  cmark_node_get_start_column (n)};
    if (t == CMARK_NODE_PARAGRAPH || t == CMARK_NODE_HEADING) {
      cmark_node *img = t == CMARK_NODE_PARAGRAPH ? sole_image (n) : NULL;
      pb_block *b = add_block (&blocks);
      if (!b)
        break;
      b->pos = pos;
      collector c = {0};
      if (img) {
        b->kind = PB_BLOCK_FIGURE;
        collect_inlines (&c, img, diags, pos);
        trim_collector (&c);
        b->caption = pb_arena_strndup (arena, c.text.data ? c.text.data : "", c.text.len);
        pb_buf_free (&c.text);
        PB_VEC_FREE (c.spans);
        const char *title = cmark_node_get_title (img);
        if (title && title[0])
          b->credit = pb_arena_strdup (arena, title);
        const char *url = cmark_node_get_url (img);
        char *path = pb_path_join (dir, url ? url : "");
        b->image = pb_parse_image (arena, path, pos, diags);
        free (path);
      } else {
        b->kind = t == CMARK_NODE_HEADING ? PB_BLOCK_SUBHEADING : PB_BLOCK_PARAGRAPH;
        if (t == CMARK_NODE_HEADING && cmark_node_get_heading_level (n) == 1)
          pb_warning (diags, "heading", pos,
                      "a level-1 heading in the body is set as a subheading; the headline "
                      "belongs in the front matter");
        collect_inlines (&c, n, diags, pos);
        if (c.text.len > PB_MAX_PARAGRAPH_BYTES) {
          pb_error (diags, "limit", pos, "a paragraph of %zu bytes; the limit is %u", c.text.len,
                    PB_MAX_PARAGRAPH_BYTES);
          c.text.len = 0;
        }
        finish_text_block (arena, b, &c);
        if (b->len == 0)
          blocks.n--;
      }
    } else if (t == CMARK_NODE_CODE_BLOCK || t == CMARK_NODE_HTML_BLOCK) {
      pb_warning (diags, "block", pos, "%s is not supported; its text is set as a paragraph",
                  t == CMARK_NODE_CODE_BLOCK ? "a code block" : "an HTML block");
      const char *lit = cmark_node_get_literal (n);
      pb_block *b = add_block (&blocks);
      if (!b)
        break;
      b->kind = PB_BLOCK_PARAGRAPH;
      b->pos = pos;
      collector c = {0};
      pb_buf_puts (&c.text, lit ? lit : "");
      for (size_t i = 0; i < c.text.len; i++)
        if (c.text.data[i] == '\n')
          c.text.data[i] = ' ';
      finish_text_block (arena, b, &c);
      if (b->len == 0)
        blocks.n--;
    }
  }
  cmark_iter_free (it);
  cmark_node_free (doc);
  free (dir);
  a->blocks = pb_arena_array (arena, blocks.n ? blocks.n : 1, sizeof (pb_block));
  if (a->blocks && blocks.n)
    memcpy (a->blocks, blocks.v, blocks.n * sizeof (pb_block));
  a->n_blocks = a->blocks ? blocks.n : 0;
  PB_VEC_FREE (blocks);
}

static const char *const article_keys[] = {
  "kicker", "headline", "deck", "byline", "dateline", "lang", "priority", "id", "normalize", NULL,
};

/* Normalises every paragraph, subheading and caption; one note per kind
 * of change, at the first paragraph it touched. */
static void
normalize_article (pb_arena *arena, pb_article *a, pb_diagnostics *diags)
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
        char *t = pb_normalize_text (arena, b->caption, strlen (b->caption), NULL, 0, a->lang, false,
                                     &c, &len);
        if (t)
          b->caption = t;
      }
    } else {
      /* a subheading's spaces part its phrases, as in a headline */
      char *t = pb_normalize_text (arena, b->text, b->len, b->spans, b->n_spans, a->lang,
                                   b->kind == PB_BLOCK_SUBHEADING, &c, &len);
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
  return pb_parse_article_with (arena, path, default_lang, true, diags);
}

pb_article *
pb_parse_article_with (pb_arena *arena, const char *path, pb_lang default_lang, bool normalize,
                       pb_diagnostics *diags)
{
  pb_pos file_pos = {pb_arena_strdup (arena, path), 1, 1};
  size_t len;
  char *text = pb_read_text_file (arena, path, (pb_pos) {NULL, 0, 0}, &len, diags);
  if (!text)
    return NULL;
  pb_article *a = pb_arena_alloc (arena, sizeof *a);
  if (!a)
    return NULL;
  a->path = file_pos.file;
  a->pos = file_pos;
  a->lang = default_lang;
  a->priority = 3;
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
  pb_yaml y;
  bool ok = pb_yaml_load (&y, arena, path, text + fm_start, fm_len, 1, diags);
  yaml_node_t *root = ok ? pb_yaml_root (&y) : NULL;
  if (ok && !pb_yaml_is_map (root)) {
    pb_error (diags, "front-matter", root ? pb_yaml_pos (&y, root) : file_pos,
              "the front matter must be a mapping of keys (headline: …)");
    ok = false;
  }
  if (ok) {
    pb_yaml_check_keys (&y, root, "article front matter", article_keys);
    ok &= pb_yaml_string (&y, root, "headline", true, &a->headline);
    ok &= pb_yaml_string (&y, root, "kicker", false, &a->kicker);
    ok &= pb_yaml_string (&y, root, "byline", false, &a->byline);
    ok &= pb_yaml_string (&y, root, "dateline", false, &a->dateline);
    ok &= pb_yaml_string (&y, root, "id", false, &a->id);
    ok &= pb_yaml_strings (&y, root, "deck", &a->deck, &a->n_deck);
    ok &= pb_yaml_int (&y, root, "priority", false, 1, 5, &a->priority);
    ok &= pb_yaml_bool (&y, root, "normalize", &normalize);
    const char *lang = NULL;
    ok &= pb_yaml_string (&y, root, "lang", false, &lang);
    if (lang && !pb_lang_parse (lang, &a->lang)) {
      pb_diag_add (diags, PB_SEVERITY_ERROR, "lang", pb_yaml_pos (&y, pb_yaml_get (&y, root, "lang")),
                   lang, "unknown language '%s' (use zh-Hans, zh-Hant, ja or en)", lang);
      ok = false;
    }
  }
  pb_yaml_free (&y);
  if (!a->id) {
    const char *base = strrchr (path, '/');
    base = base ? base + 1 : path;
    const char *dot = strrchr (base, '.');
    a->id = pb_arena_strndup (arena, base, dot ? (size_t) (dot - base) : strlen (base));
  }
  parse_body (arena, a, text + body, len - body, body_line, diags);
  if (normalize)
    normalize_article (arena, a, diags);
  size_t text_blocks = 0;
  for (size_t i = 0; i < a->n_blocks; i++)
    text_blocks += a->blocks[i].kind == PB_BLOCK_PARAGRAPH;
  if (text_blocks == 0) {
    pb_error (diags, "empty", ((pb_pos) {a->path, body_line + 1, 1}),
              "the article has no body text");
    ok = false;
  }
  if (ok && a->dateline) {
    /* The dateline opens the first paragraph, bold, followed by a space
     * (between two Han characters: a fixed ½ em that vanishes at a line
     * end). */
    for (size_t i = 0; i < a->n_blocks; i++) {
      pb_block *b = &a->blocks[i];
      if (b->kind != PB_BLOCK_PARAGRAPH)
        continue;
      size_t dl = strlen (a->dateline);
      char *t = pb_arena_printf (arena, "%s %s", a->dateline, b->text);
      pb_span *spans = pb_arena_array (arena, b->n_spans + 1, sizeof (pb_span));
      if (!t || !spans)
        break;
      spans[0] = (pb_span) {0, dl, PB_SPAN_BOLD};
      for (size_t k = 0; k < b->n_spans; k++)
        spans[k + 1] = (pb_span) {b->spans[k].start + dl + 1, b->spans[k].end + dl + 1,
                                  b->spans[k].flags};
      b->text = t;
      b->len = strlen (t);
      b->spans = spans;
      b->n_spans++;
      b->dateline_len = dl;
      break;
    }
  }
  return ok ? a : NULL;
}
