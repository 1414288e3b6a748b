/* Copy normalisation (TYPOGRAPHY.md): copy arrives dirty — half-width
 * punctuation inside Chinese, straight quotes, "..." and "--", ideographic
 * indents, stray spaces.  Each paragraph is rewritten to the conventions of
 * its language; every kind of change is counted and reported as a note. */
#include "parse/normalize.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static bool
is_cjk (uint32_t c)
{
  return (c >= 0x2E80 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
         (c >= 0xFF01 && c <= 0xFF60) || (c >= 0x20000 && c <= 0x3FFFF) ||
         c == 0x201C || c == 0x201D || c == 0x2018 || c == 0x2019 || c == 0x2014 || c == 0x2026;
}

static bool
is_han (uint32_t c)
{
  return (c >= 0x3400 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x3FFFF) ||
         (c >= 0x3041 && c <= 0x30FA);
}

static bool
is_space (uint32_t c)
{
  return c == ' ' || c == '\t' || c == 0xA0 || c == 0x3000;
}

/* A full-width mark, whose own blank is the gap beside it: 、。 and the
 * CJK brackets, the full-width forms of punctuation (，：；？！（）…). */
static bool
is_fullwidth_mark (uint32_t c)
{
  return (c >= 0x3001 && c <= 0x3003) || (c >= 0x3008 && c <= 0x3011) || (c >= 0x3014 && c <= 0x301F) ||
         (c >= 0xFF01 && c <= 0xFF0F && c != 0xFF04 && c != 0xFF05) || (c >= 0xFF1A && c <= 0xFF1F) ||
         c == 0xFF3B || c == 0xFF3D || c == 0xFF5B || c == 0xFF5D || (c >= 0xFF5F && c <= 0xFF65);
}

static bool
is_latin (uint32_t c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         (c >= 0xC0 && c < 0x250);
}

/* The text decoded to code points, with byte offsets. */
typedef struct {
  uint32_t *cp;
  size_t *at;   /* byte offset of each code point; at[n] = len */
  size_t n;
} decoded;

/* Takes the rest of a run of the code point at i (……, ——) into the one
 * replacement written at output byte `here`; returns the run's last index. */
static size_t
swallow_run (const decoded *d, size_t i, size_t *map, size_t here)
{
  while (i + 1 < d->n && d->cp[i + 1] == d->cp[i]) {
    i++;
    for (size_t b = d->at[i]; b < d->at[i + 1]; b++)
      map[b] = here;
  }
  return i;
}

static bool
decode (const char *s, size_t len, decoded *d)
{
  d->cp = pb_calloc (len + 1, sizeof (uint32_t));
  d->at = pb_calloc (len + 2, sizeof (size_t));
  d->n = 0;
  if (!d->cp || !d->at)
    return false;
  for (size_t i = 0; i < len;) {
    uint32_t c = 0xFFFD;
    size_t k = pb_utf8_decode (s + i, len - i, &c);
    if (!k)
      k = 1;
    d->at[d->n] = i;
    d->cp[d->n++] = c;
    i += k;
  }
  d->at[d->n] = len;
  return true;
}

/* Neighbours, skipping spaces. */
static uint32_t
prev_cp (const decoded *d, size_t i)
{
  while (i > 0) {
    i--;
    if (!is_space (d->cp[i]))
      return d->cp[i];
  }
  return 0;
}

static uint32_t
next_cp (const decoded *d, size_t i)
{
  for (i++; i < d->n; i++)
    if (!is_space (d->cp[i]))
      return d->cp[i];
  return 0;
}

/* Length of the run of Han characters ending before i (or starting at i). */
static size_t
han_run_before (const decoded *d, size_t i)
{
  size_t n = 0;
  while (i > 0 && is_han (d->cp[i - 1])) {
    i--;
    n++;
  }
  return n;
}

static size_t
han_run_from (const decoded *d, size_t i)
{
  size_t n = 0;
  while (i < d->n && is_han (d->cp[i])) {
    i++;
    n++;
  }
  return n;
}

static bool
ends_with_role (const decoded *d, size_t i)
{
  static const char *const roles[] = {"记者", "記者", "通讯员", "通訊員", "摄影", "攝影", "编辑", "編輯",
                                      "实习生", "實習生", "撰稿", "文", "图", "圖", "摄", "攝"};
  for (size_t r = 0; r < sizeof roles / sizeof roles[0]; r++) {
    size_t n = 0;
    uint32_t cps[4];
    for (size_t b = 0; roles[r][b] && n < 4;) {
      b += pb_utf8_decode (roles[r] + b, 4, &cps[n]);
      n++;
    }
    if (n <= i) {
      bool ok = true;
      for (size_t k = 0; k < n; k++)
        ok &= d->cp[i - n + k] == cps[k];
      if (ok)
        return true;
    }
  }
  return false;
}

/* A space between two Han runs that separates names (记者 张三 李四):
 * the short runs before it, back over further such spaces, begin with a
 * role word (记者, 通讯员, 摄 …). */
static bool
name_separator (const decoded *d, size_t i)
{
  size_t r = han_run_from (d, i + 1);
  if (r < 1 || r > 4)
    return false;
  size_t pos = i;
  for (int tokens = 0; tokens < 8; tokens++) {
    size_t l = han_run_before (d, pos);
    if (l < 1 || l > 6)
      return false;
    if (ends_with_role (d, pos))
      return true;
    pos -= l;
    if (pos == 0 || d->cp[pos - 1] != ' ')
      return false;
    pos--;
  }
  return false;
}

/* Marks what normalisation must leave as written: code spans
 * (PB_SPAN_VERBATIM) and web addresses — from "http://", "https://",
 * "ftp://" or "www." to the first space or CJK punctuation, trailing ASCII
 * punctuation left out and a ')' only when it closes a '(' of the address
 * (zh.wikipedia.org/wiki/长城_(消歧义)). */
static void
mark_verbatim (const decoded *d, const char *text, const pb_span *spans, size_t n_spans, bool *keep)
{
  for (size_t s = 0; s < n_spans; s++)
    if (spans[s].flags & PB_SPAN_VERBATIM)
      for (size_t i = 0; i < d->n; i++)
        keep[i] |= d->at[i] >= spans[s].start && d->at[i] < spans[s].end;
  for (size_t i = 0; i < d->n; i++) {
    const char *t = text + d->at[i];
    size_t rest = d->at[d->n] - d->at[i];
    bool start = (rest > 7 && strncasecmp (t, "http://", 7) == 0) || (rest > 8 && strncasecmp (t, "https://", 8) == 0) ||
                 (rest > 6 && strncasecmp (t, "ftp://", 6) == 0) || (rest > 4 && strncasecmp (t, "www.", 4) == 0);
    if (!start || (i > 0 && d->cp[i - 1] < 0x80 && (isalpha ((int) d->cp[i - 1]) || d->cp[i - 1] == '/')))
      continue;
    size_t j = i, end = i;
    int open = 0;
    for (; j < d->n; j++) {
      uint32_t c = d->cp[j];
      if (is_space (c) || (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF00 && c <= 0xFFEF) || c == '"' ||
          c == '<' || c == '>' || c == 0x201C || c == 0x201D || c == 0x2018 || c == 0x2019)
        break;
      if (c == '(')
        open++;
      if (c == ')' && open-- <= 0)
        break;
      if (!strchr (".,:;!?*_~'", (int) (c < 0x80 ? c : 'x')))
        end = j + 1; /* trailing punctuation is the sentence's */
    }
    for (size_t k = i; k < end; k++)
      keep[k] = true;
    i = end > i ? end - 1 : i;
  }
}

/* Does a pair of parentheses at a and b stand in Chinese: a CJK character
 * beside either of them, outside or inside? */
static bool pair_cjk (const decoded *d, size_t a, size_t b);

/* Will the half-width mark at k be set full width (it is next to Chinese)?
 * The space before it goes then too. */
static bool
will_be_fullwidth (const decoded *d, size_t k)
{
  uint32_t p = prev_cp (d, k), nx = next_cp (d, k);
  return is_cjk (p) || is_cjk (nx);
}

static bool
pair_cjk (const decoded *d, size_t a, size_t b)
{
  size_t o = a < b ? a : b, c = a < b ? b : a;
  return is_cjk (prev_cp (d, o)) || is_cjk (next_cp (d, o)) || is_cjk (prev_cp (d, c)) || is_cjk (next_cp (d, c));
}

static void
emit (pb_buf *out, uint32_t c)
{
  char u[4];
  pb_buf_append (out, u, pb_utf8_encode (c, u));
}

char *
pb_normalize_text (pb_arena *arena, const char *text, size_t len, pb_span *spans, size_t n_spans,
                   pb_lang lang, bool keep_spaces, pb_norm_counts *counts, size_t *out_len)
{
  decoded d;
  if (!decode (text, len, &d)) {
    free (d.cp);
    free (d.at);
    return NULL;
  }
  pb_buf out = {0};
  size_t *map = pb_calloc (len + 1, sizeof (size_t)); /* input byte → output byte */
  bool *verbatim = pb_calloc (d.n + 1, sizeof (bool));
  if (!verbatim) {
    free (map);
    map = NULL;
  } else
    mark_verbatim (&d, text, spans, n_spans, verbatim);
  /* parentheses become full-width in pairs: both or neither */
  size_t *paren_pair = map ? pb_calloc (d.n + 1, sizeof (size_t)) : NULL;
  if (!paren_pair) {
    free (map);
    map = NULL;
  } else {
    PB_VEC (size_t) stack = {0};
    for (size_t k = 0; k < d.n; k++) {
      paren_pair[k] = SIZE_MAX;
      if (verbatim[k])
        continue;
      if (d.cp[k] == '(')
        (void) PB_VEC_PUSH (stack, k);
      else if (d.cp[k] == ')' && stack.n) {
        size_t o = stack.v[--stack.n];
        paren_pair[o] = k;
        paren_pair[k] = o;
      }
    }
    PB_VEC_FREE (stack);
  }
  bool cjk_lang = lang != PB_LANG_EN;
  bool dq_open = true, sq_open = true;
  uint32_t last_out = 0; /* the last code point written */
  size_t i = 0;
  /* the paragraph's own indent: the style indents */
  while (i < d.n && is_space (d.cp[i]))
    i++;
  counts->n[PB_NORM_INDENT] += i > 0;
  for (size_t k = 0; k <= i && map && k < d.n; k++)
    for (size_t b = d.at[k]; b < d.at[k + 1]; b++)
      map[b] = 0;
  for (; map && i < d.n; i++) {
    uint32_t c = d.cp[i], p = prev_cp (&d, i), nx = next_cp (&d, i);
    last_out = pb_buf_last_cp (&out);
    size_t here = out.len;
    for (size_t b = d.at[i]; b < d.at[i + 1]; b++)
      map[b] = here;
    if (verbatim[i]) {
      pb_buf_append (&out, text + d.at[i], d.at[i + 1] - d.at[i]);
      continue;
    }
    bool near_cjk = is_cjk (p) || is_cjk (nx);
    /* • or ・ between two Chinese characters is shown as the 间隔号 · by
     * the text module, which keeps the copy's character in the text
     * layer; counted here so that the report says so */
    if ((lang == PB_LANG_ZH_HANS || lang == PB_LANG_ZH_HANT) && (c == 0x2022 || c == 0x30FB) && i > 0 &&
        i + 1 < d.n && is_han (d.cp[i - 1]) && is_han (d.cp[i + 1]))
      counts->n[PB_NORM_INTERPUNCT]++;
    if (cjk_lang && near_cjk && (c == ',' || c == ':' || c == ';' || c == '?' || c == '!')) {
      /* not inside numbers (4,000  10:30) */
      bool digits = (p >= '0' && p <= '9') && (nx >= '0' && nx <= '9');
      if (!digits) {
        emit (&out, c == ',' ? 0xFF0C : c == ':' ? 0xFF1A : c == ';' ? 0xFF1B : c == '?' ? 0xFF1F : 0xFF01);
        counts->n[PB_NORM_PUNCT]++;
        /* the space after it goes with it */
        while (i + 1 < d.n && d.cp[i + 1] == ' ') {
          i++;
          for (size_t b = d.at[i]; b < d.at[i + 1]; b++)
            map[b] = out.len;
        }
        continue;
      }
    }
    if (cjk_lang && c == '.' && is_han (p) && !(nx >= '0' && nx <= '9') && !is_latin (nx) &&
        !(i + 1 < d.n && d.cp[i + 1] == '.')) {
      emit (&out, 0x3002); /* a sentence's full stop after Chinese */
      counts->n[PB_NORM_PUNCT]++;
      continue;
    }
    if (cjk_lang && (c == '(' || c == ')') && (paren_pair[i] != SIZE_MAX ? pair_cjk (&d, i, paren_pair[i]) : near_cjk)) {
      emit (&out, c == '(' ? 0xFF08 : 0xFF09);
      counts->n[PB_NORM_PUNCT]++;
      continue;
    }
    if (c == '"' || (c == '\'' && !(is_latin (p) && is_latin (nx)))) {
      bool dbl = c == '"';
      bool *open = dbl ? &dq_open : &sq_open;
      uint32_t q;
      if (lang == PB_LANG_ZH_HANT || lang == PB_LANG_JA)
        q = dbl ? (*open ? 0x300C : 0x300D) : (*open ? 0x300E : 0x300F);
      else
        q = dbl ? (*open ? 0x201C : 0x201D) : (*open ? 0x2018 : 0x2019);
      *open = !*open;
      emit (&out, q);
      counts->n[PB_NORM_QUOTES]++;
      continue;
    }
    if (c == '\'' && lang == PB_LANG_EN) {
      emit (&out, 0x2019); /* apostrophe */
      counts->n[PB_NORM_QUOTES]++;
      continue;
    }
    if ((c == '.' || c == 0x3002) && i + 2 < d.n && d.cp[i + 1] == c && d.cp[i + 2] == c) {
      i = swallow_run (&d, i, map, here);
      emit (&out, 0x2026);
      emit (&out, 0x2026);
      counts->n[PB_NORM_ELLIPSIS]++;
      continue;
    }
    if (c == 0x2026 && cjk_lang && !(i > 0 && d.cp[i - 1] == 0x2026) && !(i + 1 < d.n && d.cp[i + 1] == 0x2026)) {
      emit (&out, 0x2026); /* a lone … is half an ellipsis in Chinese */
      emit (&out, 0x2026);
      counts->n[PB_NORM_ELLIPSIS]++;
      continue;
    }
    if (c == '-' && i + 1 < d.n && d.cp[i + 1] == '-' && cjk_lang) {
      i = swallow_run (&d, i, map, here);
      emit (&out, 0x2014);
      emit (&out, 0x2014);
      counts->n[PB_NORM_DASH]++;
      continue;
    }
    if (is_space (c)) {
      /* collapse runs of spaces; drop stray ones inside Chinese text */
      size_t j = i;
      while (j + 1 < d.n && is_space (d.cp[j + 1]))
        j++;
      uint32_t a = last_out, b = j + 1 < d.n ? d.cp[j + 1] : 0;
      if (b == '"' || b == '\'')
        b = 0x201C; /* about to become a CJK quotation mark */
      bool keep = true;
      /* a space where bold or emphasis begins or ends is the copy's own
       * separator (简讯: **标题** 正文) */
      bool at_span = false;
      for (size_t s = 0; s < n_spans; s++)
        at_span |= spans[s].end == d.at[i] || spans[s].start == d.at[j + 1];
      /* between two CJK characters the copy's space means something
       * (汽车之家 毕业, 為代號 恒生以, 種子島の南 約80km): kept, as
       * U+3000 when the copy has one (TYPOGRAPHY.md); `cjk_spaces: drop`
       * keeps only the spaces that part names */
      bool between_cjk = cjk_lang && is_cjk (a) && is_cjk (b) && !at_span;
      if (between_cjk && !keep_spaces)
        keep = is_han (a) && is_han (b) && j == i && c == ' ' && name_separator (&d, i);
      /* beside a full-width mark the mark's own blank is the gap (clreq
       * §3.2.2): iPhone 。, 5G ，, （ AI ）, 说， + a soft break + the */
      bool to_mark = (b == ',' || b == ':' || b == ';' || b == '?' || b == '!') && will_be_fullwidth (&d, j + 1);
      /* a quotation mark that bounds Chinese text is set full width, its
       * blank on the outer side: 冬游高原 “冷” keeps no space before “ */
      bool quote_b = (b == 0x201C || b == 0x2018) && is_cjk (next_cp (&d, j + 1));
      bool quote_a = (a == 0x201D || a == 0x2019) && i > 0 && is_cjk (prev_cp (&d, i - 1));
      if (cjk_lang && !at_span && (is_fullwidth_mark (a) || is_fullwidth_mark (b) || to_mark || quote_a || quote_b))
        keep = false;
      if (!b)
        keep = false; /* trailing */
      if (!keep || j > i)
        counts->n[keep ? PB_NORM_SPACES_COLLAPSED : PB_NORM_SPACES]++;
      bool ideographic = false;
      for (size_t k = i; k <= j; k++)
        ideographic |= d.cp[k] == 0x3000;
      ideographic &= keep && between_cjk;
      if (keep && between_cjk)
        counts->n[PB_NORM_SPACES_KEPT]++;
      for (size_t k = i; k <= j; k++)
        for (size_t bb = d.at[k]; bb < d.at[k + 1]; bb++)
          map[bb] = out.len;
      if (keep)
        emit (&out, ideographic ? 0x3000 : ' ');
      i = j;
      continue;
    }
    pb_buf_append (&out, text + d.at[i], d.at[i + 1] - d.at[i]);
  }
  if (map)
    map[len] = out.len;
  for (size_t s = 0; map && s < n_spans; s++) {
    spans[s].start = map[spans[s].start];
    spans[s].end = map[spans[s].end];
  }
  pb_buf_append (&out, "", 0);
  char *r = !map || out.failed ? NULL : pb_arena_strndup (arena, out.data, out.len);
  *out_len = out.len;
  pb_buf_free (&out);
  free (map);
  free (verbatim);
  free (paren_pair);
  free (d.cp);
  free (d.at);
  return r;
}

static const char *const kind_text[PB_NORM_KINDS] = {
  N_ ("%s: half-width punctuation next to Chinese set full-width (, : ; ? ! ( ) . → ，：；？！（）。) (%d×)"),
  N_ ("%s: straight quotation marks set as the language's quotes (%d×)"),
  N_ ("%s: \"...\", \"。。。\" or a lone \"…\" set as \"……\" (%d×)"),
  N_ ("%s: \"--\" set as \"——\" (%d×)"),
  N_ ("%s: paragraph indent in the copy removed (the style indents) (%d×)"),
  N_ ("%s: stray spaces inside Chinese text removed (%d×)"),
  N_ ("%s: runs of spaces collapsed to one (%d×)"),
  N_ ("%s: • or ・ between Chinese characters set as the 间隔号 · (%d×; the PDF's text keeps the copy's "
      "character)"),
  N_ ("%s: spaces between Chinese or Japanese characters kept as gaps of ½ em, 1 em for U+3000 (%d×; "
      "'cjk_spaces: drop' removes them)"),
};

void
pb_normalize_report (const pb_norm_counts *counts, pb_pos pos, const char *article_id,
                     pb_diagnostics *diags)
{
  for (int k = 0; k < PB_NORM_KINDS; k++)
    if (counts->n[k])
      pb_diag_add (diags, PB_SEVERITY_NOTE, "normalised", pos, NULL, kind_text[k], article_id, counts->n[k]);
}

bool
pb_parse_cjk_spaces (pb_yaml *y, yaml_node_t *map, pb_norm_opts *norm)
{
  const char *v = NULL;
  if (!pb_yaml_token (y, map, "cjk_spaces", false, &v))
    return false;
  if (!v)
    return true;
  if (strcmp (v, "keep") && strcmp (v, "drop")) {
    pb_diag_add (y->diags, PB_SEVERITY_ERROR, "value", pb_yaml_pos (y, pb_yaml_get (y, map, "cjk_spaces")), v,
                 "'cjk_spaces' must be keep (a space between two CJK characters is set as a gap) or drop");
    return false;
  }
  norm->drop_cjk_spaces = strcmp (v, "drop") == 0;
  return true;
}
