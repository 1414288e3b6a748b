/* Itemise (pango), shape (harfbuzz via pango), cut into clusters, ask
 * ICU for Latin break opportunities, break (breaker.c), and position
 * every glyph of every line. */
#include "text/text.h"

#include <hyphen.h>
#include <pango/pangocairo.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/utext.h>

PangoContext *pb_fonts_context (pb_fonts *fonts);
int pb_fonts_id (pb_fonts *fonts, PangoFont *font);

typedef struct {
  PangoItem *item;
  PangoGlyphString *glyphs;
  int font_id;
  uint32_t hyphen_glyph;     /* '-' in its font (hyphenation), once shaped: */
  pb_fixed hyphen_w;         /*   its advance; 0 before */
} shaped_item;

typedef PB_VEC (pb_atom) atom_vec;

/* What a paragraph's language decides, resolved once where it enters the
 * text module (set_paras) and passed along: its BCP 47 tag (pango's
 * language, the fonts' halt cache) and its typographic profile (the
 * layout's, spec->typo, else the language's default). */
typedef struct {
  const char *tag;
  const pb_typo *typo;
  pb_typo own;               /* the default, when spec->typo is NULL */
} para_env;

static void
para_env_init (const pb_para_spec *spec, para_env *env)
{
  env->tag = pb_lang_tag (spec->lang);
  pb_typo_default (spec->lang, &env->own);
  env->typo = spec->typo ? spec->typo : &env->own;
}

/* Headlines, decks and subheadings: the cost of a line break inside a
 * word, a number and what it counts, a quotation or a Latin name (a word
 * split: the headline is set smaller rather than take one)… */
#define PB_PHRASE_PENALTY 500
/* …and between two words of ICU's dictionary (see phrase_penalties) */
#define PB_WORD_PENALTY 60

/* A break inside a dateline wider than its line: 10⁸ demerits, as much
 * as a line whose ideographs are spaced out about ⅓ em */
#define PB_UNIT_PENALTY 10000

static PangoFontDescription *
make_desc (const pb_style *style, pb_lang lang, unsigned flags)
{
  PangoFontDescription *d = pango_font_description_new ();
  const char *family = style->family[lang] ? style->family[lang] : "Noto Serif CJK SC";
  if (flags & PB_SPAN_EMPH) {
    /* Chinese emphasis: the sans face of the same language (黑体). */
    static const char *const sans[PB_LANG_COUNT] = {"Noto Sans CJK SC", "Noto Sans CJK TC",
                                                    "Noto Sans CJK JP", "Noto Sans CJK SC"};
    family = sans[lang];
  }
  pango_font_description_set_family (d, family);
  int weight = (flags & PB_SPAN_BOLD) ? 700 : style->weight;
  pango_font_description_set_weight (d, (PangoWeight) weight);
  pango_font_description_set_absolute_size (d, style->size);
  return d;
}

/* ICU line-break opportunities (UAX #14, zh strict) as a per-byte map. */
/* Bytes at which ICU's breaker (lines, or words) finds a boundary.
 * Without ICU data: none (lines then break at spaces, by the glue). */
static bool *
icu_boundaries (pb_fonts *fonts, const char *text, size_t len, pb_lang lang, bool words)
{
  bool *br = pb_calloc (len + 1, sizeof (bool));
  if (!br)
    return NULL;
  UBreakIterator *bi = pb_fonts_breaker (fonts, words, lang);
  UErrorCode err = U_ZERO_ERROR;
  UText *ut = utext_openUTF8 (NULL, text, (int64_t) len, &err);
  if (bi && U_SUCCESS (err))
    ubrk_setUText (bi, ut, &err);
  if (bi && U_SUCCESS (err))
    for (int32_t p = ubrk_first (bi); p != UBRK_DONE; p = ubrk_next (bi))
      if (p >= 0 && (size_t) p <= len)
        br[p] = true;
  utext_close (ut);
  return br;
}

static bool
is_latin_atom (const pb_atom *a)
{
  return a->cls == PB_CC_ALNUM && a->cp < 0x2E80;
}

/* Headlines, decks and subheadings (issue 12, item 12): lines end at
 * phrase boundaries, never inside a word, a name or a product.  Free: a
 * space of the copy (but one inside a Latin run, 小米 SU7 Ultra, when
 * the text has Chinese to break at), after a mark (，、：！？ a closing
 * quote), before an opening one.  A word split (PB_PHRASE_PENALTY):
 * inside a word of ICU's dictionary, inside a short quotation (“一餐热饭”),
 * between a number and what counts it (6|号线, 130|余件, 6号|线).  Between two words: PB_WORD_PENALTY, twice that beside a
 * word of one character, four times where the copy marks its phrases
 * with spaces.
 * The ragged breaker's badness balances the lines. */
static void
phrase_penalties (pb_fonts *fonts, const pb_para_spec *spec, const pb_atom *atoms, size_t n, pb_gap *gaps)
{
  bool spaces = false, cjk = false;
  for (size_t i = 0; i < n; i++) {
    spaces |= atoms[i].cls == PB_CC_SPACE && i > 0 && i + 1 < n;
    cjk |= pb_char_is_cjk_text (atoms[i].cp);
  }
  bool *words = icu_boundaries (fonts, spec->text, spec->len, spec->lang, true);
  /* inside a quotation of at most 10 characters */
  bool *quoted = pb_calloc (n + 1, sizeof (bool));
  for (size_t i = 0; quoted && i < n; i++) {
    if (atoms[i].cp != 0x201C && atoms[i].cp != 0x300C && atoms[i].cp != 0x2018)
      continue;
    uint32_t close = atoms[i].cp == 0x201C ? 0x201D : atoms[i].cp == 0x300C ? 0x300D : 0x2019;
    size_t j = i + 1;
    while (j < n && j <= i + 11 && atoms[j].cp != close)
      j++;
    if (j < n && atoms[j].cp == close && j <= i + 11)
      for (size_t k = i; k < j; k++)
        quoted[k] = true; /* the gap after atom k, up to the closing mark */
  }
  for (size_t i = 0; i + 1 < n; i++) {
    const pb_atom *a = &atoms[i], *b = &atoms[i + 1];
    if (!gaps[i].can_break)
      continue;
    if (a->cls == PB_CC_SPACE) {
      /* the gap after a space: a Latin run's own space when Chinese is
       * there to break at */
      if (cjk && i > 0 && is_latin_atom (&atoms[i - 1]) && is_latin_atom (b))
        gaps[i].penalty = PB_PHRASE_PENALTY;
      continue;
    }
    if (a->cls == PB_CC_STOP || a->cls == PB_CC_CLOSE || b->cls == PB_CC_OPEN)
      continue;
    bool split = quoted && quoted[i];
    /* a number and what it counts: 6|号线, 130|余件; after 号 or 路 the
     * noun too (6号|线, 3号|楼, 11路|车), which ICU's dictionary does not
     * join; 5200米|湖区 is a phrase break */
    bool digit_before = i > 0 && atoms[i - 1].cp >= '0' && atoms[i - 1].cp <= '9';
    split |= pb_char_is_han (b->cp) &&
             ((a->cp >= '0' && a->cp <= '9') || (digit_before && (a->cp == 0x53F7 || a->cp == 0x8DEF)));
    if (!split && (a->cls == PB_CC_ALNUM || b->cls == PB_CC_ALNUM)) {
      gaps[i].penalty = PB_WORD_PENALTY; /* Chinese beside a Latin word or a number */
      continue;
    }
    if (!split && words && !words[a->end])
      split = true;
    if (split) {
      gaps[i].penalty = PB_PHRASE_PENALTY;
      continue;
    }
    /* between two words: how long is each? */
    size_t before = 0, after = 0;
    for (size_t k = i + 1; k-- > 0 && atoms[k].cls == PB_CC_IDEO;) {
      before++;
      if (words && words[atoms[k].start])
        break;
    }
    for (size_t k = i + 1; k < n && atoms[k].cls == PB_CC_IDEO; k++) {
      after++;
      if (words && words[atoms[k].end])
        break;
    }
    int pen = PB_WORD_PENALTY;
    if (before == 1 && after == 1)
      pen = PB_PHRASE_PENALTY; /* between two one-character "words": where ICU's
                                  dictionary knows no word (像|素, 长|焦), a word split */
    else if (before == 1 || after == 1)
      pen *= 2;
    if (spaces)
      pen *= 4; /* the desk marked the phrases: a break elsewhere must buy much balance */
    gaps[i].penalty = pen;
  }
  free (quoted);
  free (words);
}

/* Hyphenation of Latin words in CJK copy (TYPOGRAPHY.md: Latin words are
 * never split "unless hyphenation is on for en"; on by default, the
 * typography key `hyphenate`).  A 12-character column cannot set an
 * English clause without either spacing its words or the ideographs
 * around it far apart; a hyphen is the lesser fault, as in English text
 * set by TeX.  Hyphenated: a lower-case English word of at least
 * PB_HYPHEN_LEFT + PB_HYPHEN_RIGHT letters standing alone (not inside an
 * address, a number, a name or product with capitals, or beside an
 * apostrophe or hyphen), at libhyphen's points (TeX's US English
 * patterns, Debian's hyphen-en-us) leaving two letters before and three
 * after (TeX's \lefthyphenmin and \righthyphenmin for English).  The
 * break costs pb_break_costs.hyphen_penalty; the line that ends there
 * carries the hyphen's width, and build_line draws it. */
#define PB_HYPHEN_LEFT 2
#define PB_HYPHEN_RIGHT 3

static bool
ascii_letter (uint32_t cp)
{
  return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
}

/* A character beside a word that keeps it whole: an address or a path
 * (/ @ \ _ = & # % . :), a number, a compound or a contraction (- ' ’ ‐). */
static bool
keeps_word_whole (uint32_t cp)
{
  return (cp && cp < 0x80 && strchr ("/@\\_=&#%-'.:0123456789", (int) cp)) || cp == 0x2019 || cp == 0x2010;
}

/* The hyphen's glyph and advance in item k's font (shaped once). */
static pb_fixed
hyphen_of (shaped_item *si, int k)
{
  if (si[k].hyphen_w > 0)
    return si[k].hyphen_w;
  PangoGlyphString *gs = pango_glyph_string_new ();
  pango_shape_with_flags ("-", 1, "-", 1, &si[k].item->analysis, gs, PANGO_SHAPE_NONE);
  if (gs->num_glyphs == 1 && !(gs->glyphs[0].glyph & PANGO_GLYPH_UNKNOWN_FLAG) && gs->glyphs[0].geometry.width > 0) {
    si[k].hyphen_glyph = gs->glyphs[0].glyph;
    si[k].hyphen_w = gs->glyphs[0].geometry.width;
  }
  pango_glyph_string_free (gs);
  return si[k].hyphen_w;
}

static void
latin_hyphens (pb_fonts *fonts, const pb_para_spec *spec, const para_env *env, shaped_item *si,
               const pb_atom *atoms, size_t n, pb_gap *gaps, pb_pos pos, pb_diagnostics *diags)
{
  if (!env->typo->hyphenate || spec->align != PB_ALIGN_JUSTIFY || spec->break_at_spaces || spec->first_fit)
    return;
  struct _HyphenDict *dict = NULL;
  bool asked = false;
  for (size_t i = 0; i < n;) {
    if (!(ascii_letter (atoms[i].cp) && atoms[i].cls == PB_CC_ALNUM)) {
      i++;
      continue;
    }
    /* a word: the letters from atom i to atom j − 1, one item */
    size_t j = i;
    bool lower = true;
    while (j < n && atoms[j].item == atoms[i].item && atoms[j].cls == PB_CC_ALNUM) {
      /* a capital, a digit or a letter not English: left alone */
      for (size_t b = atoms[j].start; b < atoms[j].end; b++)
        lower &= spec->text[b] >= 'a' && spec->text[b] <= 'z';
      j++;
    }
    size_t w0 = atoms[i].start, w1 = atoms[j - 1].end;
    bool alone = lower && w1 - w0 >= PB_HYPHEN_LEFT + PB_HYPHEN_RIGHT && w1 - w0 < 64;
    /* what stands beside it, up to the spaces or CJK around: an address,
     * a path, a number, a compound or a contraction keeps it whole */
    for (size_t k = i; alone && k-- > 0 && atoms[k].cls != PB_CC_SPACE && atoms[k].cp < 0x2E80;)
      alone = !keeps_word_whole (atoms[k].cp);
    for (size_t k = j; alone && k < n && atoms[k].cls != PB_CC_SPACE && atoms[k].cp < 0x2E80; k++) {
      uint32_t c = atoms[k].cp;
      /* but a full stop or colon that ends the sentence */
      bool sentence_end = (c == '.' || c == ':') && (k + 1 == n || atoms[k + 1].cls == PB_CC_SPACE ||
                                                       atoms[k + 1].cp >= 0x2E80 || atoms[k + 1].cp == 0x201D);
      alone = !keeps_word_whole (c) || sentence_end;
    }
    if (alone && !asked) {
      bool report = false;
      dict = pb_fonts_hyphenator (fonts, &report);
      asked = true;
      if (report)
        pb_warning (diags, "hyphenation", pos,
                    "Latin words are not hyphenated: the patterns %s are not installed (Debian: hyphen-en-us)",
                    PB_HYPHEN_PATTERNS);
    }
    if (alone && dict) {
      char word[64], hy[64 + 5];
      int len = (int) (w1 - w0);
      memcpy (word, spec->text + w0, (size_t) len);
      char **rep = NULL;
      int *rpos = NULL, *cut = NULL;
      if (hnj_hyphen_hyphenate3 (dict, word, len, hy, NULL, &rep, &rpos, &cut, PB_HYPHEN_LEFT, PB_HYPHEN_RIGHT,
                                 PB_HYPHEN_LEFT, PB_HYPHEN_RIGHT) == 0) {
        for (size_t k = i; k + 1 < j; k++) {
          int at = (int) (atoms[k].end - w0) - 1; /* the letter the break follows */
          if (at < PB_HYPHEN_LEFT - 1 || at >= len - PB_HYPHEN_RIGHT || !(hy[at] & 1) || (rep && rep[at]))
            continue;
          pb_fixed hw = hyphen_of (si, atoms[k].item);
          if (hw <= 0)
            continue;
          gaps[k].can_break = true;
          gaps[k].penalty = (int) env->typo->breaking.hyphen_penalty;
          gaps[k].hyphen = hw;
        }
      }
      if (rep) {
        for (int k = 0; k < len; k++)
          free (rep[k]);
        free (rep);
      }
      free (rpos);
      free (cut);
    }
    i = j;
  }
}

/* Units a line does not end inside (issue 12, item 13): the dateline
 * (本报北京1月11日讯, 本報香港12月2日電) whole unless its column cannot
 * hold it; a byline or photo credit (本报记者 李航 摄, 梁家豪 攝) only at
 * its spaces, never inside a name (one wider than its column is broken
 * where it stands, with a warning: emergency_breaks). */
static void
unit_breaks (const pb_para_spec *spec, const pb_atom *atoms, size_t n, pb_gap *gaps, pb_fixed narrowest)
{
  for (size_t k = 0; k < spec->n_spans; k++) {
    unsigned f = spec->spans[k].flags;
    if (!(f & (PB_SPAN_DATELINE | PB_SPAN_CREDIT | PB_SPAN_NAMES)))
      continue;
    /* a dateline's natural width: does a line hold it? */
    pb_fixed w = 0;
    for (size_t i = 0; (f & PB_SPAN_DATELINE) && i < n; i++)
      if (atoms[i].start >= spec->spans[k].start && atoms[i].end <= spec->spans[k].end)
        w += atoms[i].width + (i + 1 < n && atoms[i + 1].end <= spec->spans[k].end ? gaps[i].natural : 0);
    for (size_t i = 0; i + 1 < n; i++) {
      if (atoms[i].start < spec->spans[k].start || atoms[i + 1].end > spec->spans[k].end || !gaps[i].can_break)
        continue;
      if (f & PB_SPAN_DATELINE) {
        /* never inside where a line holds it: a first line that cannot
         * take the dateline and the text after it takes the dateline
         * alone (its gap goes at the line's end).  Wider than a line:
         * never inside its date (a number and what it counts: 1月, 11日),
         * elsewhere at a cost past any spacing a desk would pass (a break
         * after the place name is the one a desk would pick) */
        if (w <= narrowest || atoms[i].cls == PB_CC_ALNUM || atoms[i + 1].cls == PB_CC_ALNUM)
          gaps[i].can_break = false;
        else if (gaps[i].penalty < PB_UNIT_PENALTY)
          gaps[i].penalty = PB_UNIT_PENALTY;
      } else if (atoms[i].cls != PB_CC_SPACE && atoms[i + 1].cls != PB_CC_SPACE)
        gaps[i].can_break = false;
    }
  }
}

static bool
is_cjk_context (uint32_t c)
{
  return c >= 0x2E80 && c != 0x2018 && c != 0x2019 && c != 0x201C && c != 0x201D;
}

/* Quotation marks “”‘’ take their full-width CJK forms (OpenType fwid)
 * when they stand beside CJK text in a CJK language: the font's default
 * forms are the proportional Latin ones. */
static void
fullwidth_quotes (const pb_para_spec *spec, PangoAttrList *attrs)
{
  if (spec->lang == PB_LANG_EN)
    return;
  const char *t = spec->text;
  size_t len = spec->len;
  uint32_t prev = 0;
  for (size_t i = 0; i < len;) {
    uint32_t c = 0;
    size_t n = pb_utf8_decode (t + i, len - i, &c);
    if (!n)
      n = 1;
    if (c == 0x2018 || c == 0x2019 || c == 0x201C || c == 0x201D) {
      uint32_t next = 0;
      size_t j = i + n;
      while (j < len) {
        size_t m = pb_utf8_decode (t + j, len - j, &next);
        if (!m)
          break;
        if (next != ' ' && next != 0x2018 && next != 0x2019 && next != 0x201C && next != 0x201D)
          break;
        j += m;
        next = 0;
      }
      /* full width where it bounds Chinese text; inside Latin text (It’s,
       * “Taste the Night” in Chinese copy) the proportional form, which
       * CJK fonts give with pwid (their default quotes are full width) */
      bool cjk = is_cjk_context (prev) || is_cjk_context (next);
      PangoAttribute *a = pango_attr_font_features_new (cjk ? "fwid 1" : "pwid 1");
      a->start_index = (guint) i;
      a->end_index = (guint) (i + n);
      pango_attr_list_insert (attrs, a);
    } else if (c != ' ')
      prev = c;
    i += n;
  }
}

/* Kana and ideographs are set solid, one em apart (jlreq §2.1.3, clreq
 * §2.1.3): the fonts' pair kerning (Noto CJK kerns kana pairs such as ブユ
 * by −0.05 em) is turned off over runs of them; Latin keeps its own. */
static void
solid_cjk (const pb_para_spec *spec, PangoAttrList *attrs)
{
  const char *t = spec->text;
  size_t len = spec->len, run = SIZE_MAX;
  for (size_t i = 0; i <= len;) {
    uint32_t c = 0;
    size_t n = i < len ? pb_utf8_decode (t + i, len - i, &c) : 1;
    if (!n)
      n = 1;
    bool cjk = i < len && (pb_char_is_cjk_text (c) || (c >= 0x3000 && c <= 0x30FF) || (c >= 0xFF01 && c <= 0xFF60));
    if (cjk && run == SIZE_MAX)
      run = i;
    if (!cjk && run != SIZE_MAX) {
      PangoAttribute *a = pango_attr_font_features_new ("kern 0");
      a->start_index = (guint) run;
      a->end_index = (guint) i;
      pango_attr_list_insert (attrs, a);
      run = SIZE_MAX;
    }
    i += n;
  }
}

/* The character a cluster is shown as when it is not its own (0: its
 * own).  The copy's character stays the cluster's text, so the PDF's text
 * layer keeps it (cairo writes /ActualText for a glyph shown for other
 * text): copy, search and the report see the copy as written.
 *   - In Chinese, a name separator typed • or ・ between two characters is
 *     the 间隔号 · (GB/T 15834-2011 §4.14, §5.1.7), set in its cell (interpunct).
 *   - In a headline whose layout sets commas as spaces, a ，between two
 *     characters is a full-width space (U+3000), as mainland papers set
 *     headlines (展出，共130余件 → 展出　共130余件). */
static uint32_t
shown_as (const pb_para_spec *spec, size_t start, size_t end, uint32_t cp)
{
  if (cp != 0x2022 && cp != 0x30FB && cp != 0xFF0C)
    return 0;
  uint32_t prev = 0, next = 0;
  size_t k = start;
  while (k > 0 && ((unsigned char) spec->text[k - 1] & 0xC0) == 0x80)
    k--;
  if (k > 0) {
    size_t b = k - 1;
    while (b > 0 && ((unsigned char) spec->text[b] & 0xC0) == 0x80)
      b--;
    pb_utf8_decode (spec->text + b, start - b, &prev);
  }
  if (end < spec->len)
    pb_utf8_decode (spec->text + end, spec->len - end, &next);
  bool zh = spec->lang == PB_LANG_ZH_HANS || spec->lang == PB_LANG_ZH_HANT;
  if ((cp == 0x2022 || cp == 0x30FB) && zh && pb_char_is_cjk_text (prev) && pb_char_is_cjk_text (next))
    return 0xB7;
  if (cp == 0xFF0C && spec->comma_as_space && prev && next && pb_char_class_of (prev) != PB_CC_SPACE &&
      pb_char_class_of (next) != PB_CC_SPACE)
    return 0x3000;
  return 0;
}

/* Shows cluster glyph g as code point `as` of the same font (see
 * shown_as); false when the font has no glyph for it (then the copy's
 * character is shown). */
static bool
show_as (PangoFont *font, PangoGlyphString *gs, int g, uint32_t as)
{
  hb_font_t *hb = font ? pango_font_get_hb_font (font) : NULL;
  hb_codepoint_t gid = 0;
  if (!hb || !hb_font_get_nominal_glyph (hb, as, &gid))
    return false;
  PangoRectangle logical;
  pango_font_get_glyph_extents (font, gid, NULL, &logical);
  gs->glyphs[g].glyph = gid;
  gs->glyphs[g].geometry.width = logical.width;
  gs->glyphs[g].geometry.x_offset = 0;
  gs->glyphs[g].geometry.y_offset = 0;
  return true;
}

/* Digits half an em wide (OpenType hwid), so that two fill one cell of
 * the character grid, as Chinese papers set them. */
static void
halfwidth_digits (const pb_para_spec *spec, PangoAttrList *attrs)
{
  for (size_t i = 0; i < spec->len;) {
    if (spec->text[i] < '0' || spec->text[i] > '9') {
      i++;
      continue;
    }
    size_t j = i;
    while (j < spec->len && spec->text[j] >= '0' && spec->text[j] <= '9')
      j++;
    PangoAttribute *a = pango_attr_font_features_new ("hwid 1");
    a->start_index = (guint) i;
    a->end_index = (guint) j;
    pango_attr_list_insert (attrs, a);
    i = j;
  }
}

static PangoAttrList *
make_attrs (const pb_para_spec *spec, const para_env *env, PangoFontDescription **base)
{
  PangoAttrList *attrs = pango_attr_list_new ();
  *base = make_desc (spec->style, spec->lang, 0);
  const pb_style *credit = spec->credit_style ? spec->credit_style : spec->style;
  PangoAttribute *a = pango_attr_font_desc_new (*base);
  pango_attr_list_insert (attrs, a);
  a = pango_attr_language_new (pango_language_from_string (env->tag));
  pango_attr_list_insert (attrs, a);
  /* Latin ligatures off: a ligature glyph (ﬁ) stands for two characters,
   * which cairo can only give back in the PDF through an /ActualText
   * span, and readers of the tagged structure stop there (poppler's
   * structure text loses the rest of the paragraph); the Latin of CJK
   * fonts is set letter by letter */
  a = pango_attr_font_features_new ("liga 0");
  pango_attr_list_insert (attrs, a);
  for (size_t i = 0; i < spec->n_spans; i++) {
    unsigned f = spec->spans[i].flags;
    PangoFontDescription *d = make_desc (f & PB_SPAN_CREDIT ? credit : spec->style, spec->lang, f);
    a = pango_attr_font_desc_new (d);
    a->start_index = (guint) spec->spans[i].start;
    a->end_index = (guint) spec->spans[i].end;
    pango_attr_list_insert (attrs, a);
    pango_font_description_free (d);
  }
  fullwidth_quotes (spec, attrs);
  if (spec->lang != PB_LANG_EN)
    solid_cjk (spec, attrs);
  if (env->typo->halfwidth_digits)
    halfwidth_digits (spec, attrs);
  return attrs;
}

/* Shapes every item and cuts the glyph strings into clusters. */
/* Characters no font has, each with how often it occurs. */
struct lacking {
  uint32_t cp;
  size_t times;
};
typedef PB_VEC (struct lacking) lacking_vec;

static void
note_missing (lacking_vec *v, uint32_t cp)
{
  for (size_t i = 0; i < v->n; i++)
    if (v->v[i].cp == cp) {
      v->v[i].times++;
      return;
    }
  struct lacking l = {cp, 1};
  PB_VEC_PUSH (*v, l); /* out of memory: the count still says */
}

/* One warning a character a paragraph, in the order they first occur. */
static void
report_missing (lacking_vec *v, pb_pos pos, pb_diagnostics *diags)
{
  for (size_t i = 0; i < v->n; i++)
    if (v->v[i].times > 1)
      pb_warning (diags, "missing-glyph", pos, "no font has a glyph for U+%04X (%zu times in this paragraph)",
                  v->v[i].cp, v->v[i].times);
    else
      pb_warning (diags, "missing-glyph", pos, "no font has a glyph for U+%04X", v->v[i].cp);
  PB_VEC_FREE (*v);
}

static bool
shape_atoms (pb_fonts *fonts, const pb_para_spec *spec, const para_env *env, GList *items, shaped_item *si,
             atom_vec *atoms, size_t *missing, pb_pos pos, pb_diagnostics *diags)
{
  int k = 0;
  lacking_vec lacking = {0};
  for (GList *l = items; l; l = l->next, k++) {
    PangoItem *it = l->data;
    si[k].item = it;
    si[k].glyphs = pango_glyph_string_new ();
    pango_shape_with_flags (spec->text + it->offset, it->length, spec->text, (int) spec->len,
                            &it->analysis, si[k].glyphs, PANGO_SHAPE_NONE);
    si[k].font_id = it->analysis.font ? pb_fonts_id (fonts, it->analysis.font) : -1;
    PangoFontDescription *fd = it->analysis.font ? pango_font_describe_with_absolute_size (it->analysis.font) : NULL;
    pb_fixed em = fd ? pango_font_description_get_size (fd) : spec->style->size;
    if (fd)
      pango_font_description_free (fd);
    PangoGlyphString *gs = si[k].glyphs;
    size_t first = atoms->n;
    for (int g = 0; g < gs->num_glyphs;) {
      int cl = gs->log_clusters[g];
      int e = g;
      while (e < gs->num_glyphs && gs->log_clusters[e] == cl)
        e++;
      size_t start = (size_t) (it->offset + cl);
      size_t end = e < gs->num_glyphs ? (size_t) (it->offset + gs->log_clusters[e])
                                      : (size_t) (it->offset + it->length);
      uint32_t cp0 = 0;
      pb_utf8_decode (spec->text + start, end - start, &cp0);
      uint32_t as = e == g + 1 ? shown_as (spec, start, end, cp0) : 0;
      if (as)
        (void) show_as (it->analysis.font, gs, g, as);
      pb_fixed w = 0;
      e = g;
      while (e < gs->num_glyphs && gs->log_clusters[e] == cl) {
        w += gs->glyphs[e].geometry.width;
        if (gs->glyphs[e].glyph & PANGO_GLYPH_UNKNOWN_FLAG) {
          uint32_t cp = gs->glyphs[e].glyph & ~PANGO_GLYPH_UNKNOWN_FLAG;
          if (cp != '\n' && cp != '\r' && cp != 0x200B && cp != 0xFEFF && cp != 0x2060 && cp != 0x200D) {
            (*missing)++;
            note_missing (&lacking, cp);
          }
        }
        e++;
      }
      pb_atom a = {.start = start, .end = end, .item = k, .glyph0 = g, .n_glyphs = e - g,
                   .width = w, .em = em, .level = (uint8_t) it->analysis.level};
      pb_utf8_decode (spec->text + start, end - start, &a.cp);
      a.cls = pb_char_class_of (a.cp);
      /* about an em wide: a CJK character or mark (a wide Latin letter,
       * M or m in a serif, is not) */
      a.fullwidth = em > 0 && w > em * 9 / 10 && w < em * 11 / 10 && !(a.cls == PB_CC_ALNUM && a.cp < 0x2E80);
      if (a.fullwidth && it->analysis.font &&
          (a.cls == PB_CC_OPEN || a.cls == PB_CC_CLOSE || a.cls == PB_CC_STOP)) {
        double left, total;
        pb_fonts_halt (fonts, it->analysis.font, a.cp, env->tag, &left, &total);
        a.blank_l = (pb_fixed) (left * w);
        a.blank_r = (pb_fixed) ((total - left) * w);
      }
      if (!PB_VEC_PUSH (*atoms, a)) {
        PB_VEC_FREE (lacking);
        return false;
      }
      g = e;
    }
    /* The item's clusters in logical order, covering every byte of it
     * (the breaker works in logical order; build_line puts a right-to-left
     * run back in visual order): a right-to-left run lists them
     * backwards, and control characters may have no cluster of their
     * own — their bytes go with the cluster before. */
    pb_atom *v = atoms->v + first;
    size_t m = atoms->n - first;
    for (size_t i = 1; i < m; i++)
      for (size_t j = i; j > 0 && v[j - 1].start > v[j].start; j--) {
        pb_atom tmp = v[j];
        v[j] = v[j - 1];
        v[j - 1] = tmp;
      }
    for (size_t i = 0; i < m; i++) {
      v[i].start = i ? v[i - 1].end : (size_t) it->offset;
      v[i].end = i + 1 < m ? v[i + 1].start : (size_t) (it->offset + it->length);
      if (v[i].end < v[i].start)
        v[i].end = v[i].start;
    }
  }
  report_missing (&lacking, pos, diags);
  return true;
}

/* A word wider than the narrowest line (a 300-letter string, a long
 * address in a narrow column) would stand out of its column: it may break
 * between any two of its clusters, at a cost that no other break comes
 * near, and the break is reported (file:line; --strict fails on it). */
#define PB_EMERGENCY_PENALTY 5000

static void
emergency_breaks (const pb_para_spec *spec, const pb_atom *atoms, size_t n, pb_gap *gaps,
                  pb_fixed narrowest, pb_pos pos, pb_diagnostics *diags)
{
  /* each word is reported, up to a handful a paragraph, then a count */
  enum { SHOWN = 5 };
  size_t reported = 0;
  for (size_t s = 0; s < n;) {
    size_t e = s;
    pb_fixed w = atoms[s].width;
    while (e + 1 < n && !gaps[e].can_break) {
      w += gaps[e].natural + atoms[e + 1].width;
      e++;
    }
    /* spaces that end the run hang past the line's end */
    pb_fixed ink = w - atoms[e].end_trim;
    for (size_t q = e; q > s && atoms[q].cls == PB_CC_SPACE; q--)
      ink -= atoms[q].width + gaps[q - 1].natural;
    if (ink > narrowest && e > s) {
      for (size_t j = s; j < e; j++)
        if (!gaps[j].can_break) {
          gaps[j].can_break = true;
          gaps[j].penalty = PB_EMERGENCY_PENALTY;
        }
      if (reported < SHOWN) {
        size_t len = atoms[e].end - atoms[s].start;
        while (len && (spec->text[atoms[s].start + len - 1] == ' ' || spec->text[atoms[s].start + len - 1] == '\n'))
          len--;
        size_t shown = pb_utf8_prefix (spec->text + atoms[s].start, len, 40);
        pb_diag_add (diags, PB_SEVERITY_WARNING, "wide-word", pos, NULL,
                     "\"%.*s%s\" is wider than its column (%.1f pt of %.1f pt) and has nowhere to break: "
                     "it is broken where it stands", (int) shown, spec->text + atoms[s].start,
                     shown < len ? "…" : "", PB_TO_PT (w), PB_TO_PT (narrowest));
      }
      reported++;
    }
    s = e + 1;
  }
  if (reported > SHOWN)
    pb_diag_add (diags, PB_SEVERITY_WARNING, "wide-word", pos, NULL,
                 "words wider than the column in this paragraph, not listed: %zu (each broken where it stands)",
                 reported - SHOWN);
}

enum { TIER_EXTRA = 100 };

static pb_fixed
capacity (const pb_gap *g, int tier, bool stretch)
{
  if (tier == TIER_EXTRA)
    return stretch ? g->extra : g->extra_shrink;
  if (tier == PB_PRIO_IDEO && stretch && g->prio != tier)
    return g->ideo_stretch;
  if (g->prio != tier)
    return 0;
  return stretch ? g->stretch : g->shrink;
}

/* Spends what is left of the line's adjustment on one tier of gaps, in
 * proportion to each gap's capacity. */
static void
spend (const pb_gap *gaps, size_t s, size_t e, int tier, bool stretch, pb_fixed *left, pb_fixed *adj)
{
  int64_t total = 0;
  for (size_t j = s; j < e; j++)
    total += capacity (&gaps[j], tier, stretch);
  if (total <= 0 || *left <= 0)
    return;
  pb_fixed take = *left < total ? *left : (pb_fixed) total;
  pb_fixed given = 0;
  size_t lastj = SIZE_MAX;
  for (size_t j = s; j < e; j++) {
    pb_fixed cap = capacity (&gaps[j], tier, stretch);
    if (cap <= 0)
      continue;
    pb_fixed share = (pb_fixed) ((int64_t) take * cap / total);
    adj[j - s] += stretch ? share : -share;
    given += share;
    lastj = j;
  }
  if (lastj != SIZE_MAX) /* rounding remainder to the last gap */
    adj[lastj - s] += stretch ? take - given : -(take - given);
  *left -= take;
}

/* Share of the line's adjustment each gap takes, by TYPOGRAPHY.md's
 * priorities: Latin spaces first, then Han–Latin gaps, then the blanks of
 * marks (the stops 。？！ last); stretching, then the Han–Latin gaps up to
 * ½ em, and the space between ideographs only when nothing else is left. */
static void
adjust_gaps (const pb_gap *gaps, size_t s, size_t e, pb_fixed delta, bool allow_stretch, bool flush,
             bool to_edge, pb_fixed *adj, pb_fixed *marks_share)
{
  *marks_share = 0;
  for (size_t j = s; j < e; j++)
    adj[j - s] = 0;
  if (delta > 0 && !allow_stretch)
    return;
  static const int tiers_stretch[] = {PB_PRIO_SPACE, PB_PRIO_MIXED, PB_PRIO_PUNCT, PB_PRIO_PUNCT_LAST,
                                      PB_PRIO_IDEO, TIER_EXTRA};
  static const int tiers_shrink[] = {PB_PRIO_SPACE, PB_PRIO_MIXED, PB_PRIO_PUNCT, PB_PRIO_PUNCT_LAST,
                                     TIER_EXTRA};
  bool stretch = delta > 0;
  const int *tiers = stretch ? tiers_stretch : tiers_shrink;
  int n = stretch ? 6 : 5;
  pb_fixed left = stretch ? delta : -delta;
  if (stretch && flush)
    n = 4; /* a line ending in a piece of an address: the preferred
              stretch only, the rest left at its end (pb_ends_in_address) */
  for (int t = 0; t < n && left > 0; t++) {
    if (tiers[t] != PB_PRIO_IDEO) {
      spend (gaps, s, e, tiers[t], stretch, &left, adj);
      continue;
    }
    /* the even spread: what the marks' outer sides take of it */
    pb_fixed before = left;
    spend (gaps, s, e, tiers[t], stretch, &left, adj);
    int64_t ideo = 0, marks = 0;
    for (size_t j = s; j < e; j++) {
      if (gaps[j].prio == PB_PRIO_IDEO)
        ideo += gaps[j].stretch;
      else
        marks += gaps[j].ideo_stretch;
    }
    if (ideo + marks > 0)
      *marks_share = (pb_fixed) ((int64_t) (before - left) * marks / (ideo + marks));
  }
  if (left > 0 && stretch && !flush) {
    /* Beyond every limit (a last resort, reported by the ratio): spread
     * evenly over the places between characters — ideographs, kana and
     * the outer sides of marks — each up to ½ em more (six times its
     * even-spread capacity of 1/12 em); what remains, and all of it on a
     * line with no such place (Latin words, a piece of an address, a word
     * alone), is left at the line's end, set flush to its start edge: a
     * word space never opens past its ½ em (but on a line that ends in a
     * hyphen), the letters of a word never apart. */
    size_t count = 0;
    for (size_t j = s; j < e; j++)
      count += capacity (&gaps[j], PB_PRIO_IDEO, true) > 0;
    while (count > 0 && left > 0) {
      pb_fixed each = left / (pb_fixed) count;
      each = each > 0 ? each : 1;
      size_t open = 0;
      for (size_t j = s; j < e && left > 0; j++) {
        pb_fixed cap = capacity (&gaps[j], PB_PRIO_IDEO, true);
        if (cap <= 0)
          continue;
        pb_fixed room = 7 * cap - adj[j - s]; /* its 1/12 em and ½ em more */
        pb_fixed take = each < room ? each : room;
        take = take < left ? take : left;
        if (take > 0) {
          adj[j - s] += take;
          left -= take;
        }
        open += room - take > 0;
      }
      count = open;
    }
    /* a line that ends in a hyphen ends at the edge: the rest over its
     * word spaces too */
    count = 0;
    for (size_t j = s; to_edge && left > 0 && j < e; j++)
      count += gaps[j].stretch > 0;
    pb_fixed each = count ? left / (pb_fixed) count : 0, rem = left - each * (pb_fixed) count;
    for (size_t j = s; count && j < e; j++)
      if (gaps[j].stretch > 0) {
        adj[j - s] += each + (rem > 0 ? 1 : 0);
        if (rem > 0)
          rem--;
      }
  }
}

/* Reverses order[i..j]. */
static void
reverse_tokens (size_t *tok, uint8_t *lev, size_t i, size_t j)
{
  for (; i < j; i++, j--) {
    size_t t = tok[i];
    tok[i] = tok[j];
    tok[j] = t;
    uint8_t l = lev[i];
    lev[i] = lev[j];
    lev[j] = l;
  }
}

/* The atoms s..e in visual order (order[]) and each one's pen position
 * (xs[a − s]) from x0, gaps included; *used the right edge of the last
 * visible atom.  Left to right when every level is 0; otherwise UAX #9
 * rule L2 over the line as atoms and the gaps between them (a gap inside
 * a run of higher level turns with it; the gaps at its edges stay). */
static bool
visual_positions (const pb_atom *atoms, const pb_gap *gaps, const pb_fixed *adj, size_t s, size_t e,
                  size_t vis_e, pb_fixed x0, size_t *order, pb_fixed *xs, size_t *tok, uint8_t *lev,
                  pb_fixed *used)
{
  size_t n = e - s + 1;
  uint8_t top = 0, low_odd = 255;
  /* UAX #9 rule L1: the spaces that end the line (after vis_e) are at the
   * paragraph's level (0), so that after a right-to-left name they hang
   * at the line's end instead of turning with the name into the line */
#define LEVEL(a) ((a) > vis_e ? 0 : atoms[a].level)
  for (size_t a = s; a <= e; a++) {
    top = LEVEL (a) > top ? LEVEL (a) : top;
    if ((LEVEL (a) & 1) && LEVEL (a) < low_odd)
      low_odd = LEVEL (a);
  }
  /* tokens (2n − 1 of them): atom k at 2k, the gap after it at 2k + 1 */
  size_t nt = 2 * n - 1;
  for (size_t t = 0; t < nt; t++) {
    tok[t] = t;
    size_t k = t / 2;
    lev[t] = t % 2 == 0 ? LEVEL (s + k) : (LEVEL (s + k) < LEVEL (s + k + 1) ? LEVEL (s + k) : LEVEL (s + k + 1));
  }
#undef LEVEL
  for (int l = top; top > 0 && l >= low_odd && l > 0; l--)
    for (size_t t = 0; t < nt;) {
      if (lev[t] < l) {
        t++;
        continue;
      }
      size_t u = t;
      while (u + 1 < nt && lev[u + 1] >= l)
        u++;
      reverse_tokens (tok, lev, t, u);
      t = u + 1;
    }
  pb_fixed x = x0;
  size_t k = 0;
  *used = x0;
  for (size_t t = 0; t < nt; t++) {
    size_t a = s + tok[t] / 2;
    if (tok[t] % 2 == 0) {
      order[k++] = a;
      xs[a - s] = x;
      x += atoms[a].width;
      if (a <= vis_e && x > *used)
        *used = x;
    } else
      x += gaps[a].natural + adj[a - s];
  }
  return true;
}

/* The hyphen hyphenation adds after a line's last atom, at x: a run of
 * its own, after the line's runs, whose text is the hyphen (the PDF's
 * text says what the page shows; the paragraph's text is unchanged). */
static bool
hyphen_run (pb_line *line, const shaped_item *it, pb_fixed em, pb_fixed x, size_t at, pb_arena *arena)
{
  pb_run *runs = pb_arena_array (arena, line->n_runs + 1, sizeof (pb_run));
  pb_glyph *g = pb_arena_array (arena, 1, sizeof (pb_glyph));
  int *cl = pb_arena_array (arena, 2, sizeof (int));
  if (!runs || !g || !cl)
    return false;
  memcpy (runs, line->runs, line->n_runs * sizeof (pb_run));
  pb_run *r = &runs[line->n_runs];
  /* the colour of the word it ends */
  pb_color color = line->n_runs ? line->runs[line->n_runs - 1].color : (pb_color) {0};
  for (size_t k = 0; k < line->n_runs; k++)
    if (line->runs[k].start < at && at <= line->runs[k].end)
      color = line->runs[k].color;
  *g = (pb_glyph) {it->hyphen_glyph, x, 0};
  cl[0] = 1;
  cl[1] = 1;
  *r = (pb_run) {.font = it->font_id, .em = em, .color = color,
                 .start = at, .end = at, .glyphs = g, .n_glyphs = 1, .clusters = cl, .n_clusters = 1,
                 .text = "-", .x0 = x, .x1 = x + it->hyphen_w};
  line->runs = runs;
  line->n_runs++;
  if (r->x1 > line->used)
    line->used = r->x1;
  return true;
}

static bool build_runs (pb_line *line, const pb_para_spec *spec, const shaped_item *si, const pb_atom *atoms,
                        size_t s, size_t e, size_t vis_e, const size_t *order, const pb_fixed *xs, pb_arena *arena);

static bool
build_line (pb_line *line, const pb_para_spec *spec, const shaped_item *si, const pb_atom *atoms,
            const pb_gap *gaps, size_t s, size_t e, pb_fixed width, pb_fixed indent, bool last,
            pb_arena *arena)
{
  pb_fixed natural = 0;
  for (size_t j = s; j <= e; j++) {
    natural += atoms[j].width;
    if (j < e)
      natural += gaps[j].natural;
  }
  /* trailing spaces hang: they do not count towards the measure */
  size_t vis_e = e;
  while (vis_e > s && atoms[vis_e].cls == PB_CC_SPACE) {
    natural -= atoms[vis_e].width + gaps[vis_e - 1].natural;
    vis_e--;
  }
  /* the blank of a mark at the line's end (and, as an option, of an
   * opening bracket at its start) is not part of the measure */
  natural -= atoms[vis_e].end_trim + atoms[s].start_trim;
  /* a line that ends inside a hyphenated word carries the hyphen */
  pb_fixed hyphen = !last && vis_e == e ? gaps[e].hyphen : 0;
  natural += hyphen;
  pb_fixed *adj = pb_arena_array (arena, e - s + 1, sizeof (pb_fixed));
  if (!adj)
    return false;
  pb_fixed delta = width - natural;
  bool justify = spec->align == PB_ALIGN_JUSTIFY;
  if (justify && !last && delta > 0 && atoms[vis_e].end_trim > 0) {
    /* A mark at the line's end may keep its blank (GB/T 15834-2011
     * §5.1.10 lets it go, it does not make it; jlreq §3.1.9) rather than
     * space out ideographs: what the Latin spaces, Han–Latin gaps and
     * marks inside the line cannot take comes back from the trim first. */
    pb_fixed pref = 0;
    for (size_t j = s; j < vis_e; j++)
      pref += gaps[j].prio < PB_PRIO_IDEO ? gaps[j].stretch : 0;
    pb_fixed keep = delta - pref;
    keep = keep < 0 ? 0 : keep > atoms[vis_e].end_trim ? atoms[vis_e].end_trim : keep;
    natural += keep;
    delta -= keep;
  }
  pb_fixed x0 = indent - atoms[s].start_trim;
  pb_fixed marks_share = 0;
  bool flush = !last && vis_e == e && pb_ends_in_address (atoms, gaps, e + 2, e);
  if (justify)
    adjust_gaps (gaps, s, vis_e, delta, !last, flush, hyphen > 0, adj, &marks_share);
  else if (delta < 0)
    adjust_gaps (gaps, s, vis_e, delta, false, false, false, adj, &marks_share);
  else if (spec->align == PB_ALIGN_CENTER)
    x0 += delta / 2;
  else if (spec->align == PB_ALIGN_RIGHT)
    x0 += delta;
  pb_fixed total = 0;
  size_t ideo_gaps = 0;
  for (size_t j = s; j < vis_e; j++) {
    total += adj[j - s];
    ideo_gaps += gaps[j].prio == PB_PRIO_IDEO;
    if (gaps[j].prio == PB_PRIO_IDEO && adj[j - s] > line->ideo_extra)
      line->ideo_extra = adj[j - s];
    bool narrow = atoms[j].cls == PB_CC_ALNUM && atoms[j + 1].cls == PB_CC_ALNUM && !atoms[j].fullwidth &&
                  !atoms[j + 1].fullwidth;
    if (narrow && adj[j - s] > line->word_extra)
      line->word_extra = adj[j - s];
  }
  line->ideo_open = line->ideo_extra + (ideo_gaps ? marks_share / (pb_fixed) ideo_gaps : 0);
  if (natural + total > width)
    line->overflow = natural + total - width;
  line->start = atoms[s].start;
  line->end = atoms[e].end;
  line->width = width;
  line->natural = natural;
  line->last = last;
  int64_t st = 0, sh = 0;
  for (size_t j = s; j < vis_e; j++) {
    st += gaps[j].stretch;
    sh += gaps[j].shrink;
  }
  line->ratio = delta > 0 ? (st ? (double) delta / (double) st : (delta ? 99 : 0))
                          : (sh ? (double) delta / (double) sh : (delta ? -99 : 0));
  if (delta > 0 && (last || !justify))
    line->ratio = 0; /* set solid: the shortfall is not adjustment */
  /* the visual order of the line's atoms (the bidi algorithm's rule L2
   * over pango's embedding levels: an Arabic or Hebrew name inside
   * Chinese reads right to left), and each atom's pen position */
  size_t n = e - s + 1;
  /* scratch for this line: order, positions, tokens and their levels (on
   * the stack for a line of up to 256 clusters, the usual) */
  size_t order_s[4 * 256];
  pb_fixed xs_s[256];
  uint8_t lev_s[2 * 256];
  bool small = n <= 256;
  size_t *order = small ? order_s : pb_calloc (4 * n, sizeof (size_t));
  pb_fixed *xs = small ? xs_s : pb_calloc (n, sizeof (pb_fixed));
  uint8_t *lev = small ? lev_s : pb_calloc (2 * n, 1);
  bool ok = order && xs && lev &&
            visual_positions (atoms, gaps, adj, s, e, vis_e, x0, order, xs, order + n, lev, &line->used);
  ok = ok && build_runs (line, spec, si, atoms, s, e, vis_e, order, xs, arena);
  if (ok && hyphen > 0)
    ok = hyphen_run (line, &si[atoms[e].item], atoms[e].em, xs[e - s] + atoms[e].width, atoms[e].end, arena);
  if (!small) {
    free (order);
    free (xs);
    free (lev);
  }
  return ok;
}

/* The line's glyph runs: maximal stretches of visually adjacent atoms
 * from one item. */
static bool
build_runs (pb_line *line, const pb_para_spec *spec, const shaped_item *si, const pb_atom *atoms, size_t s,
            size_t e, size_t vis_e, const size_t *order, const pb_fixed *xs, pb_arena *arena)
{
  size_t n = e - s + 1;
  /* a run: visually adjacent atoms of one item that are also adjacent in
   * the text, in its direction (trailing spaces after a right-to-left
   * name are set at level 0, UAX #9 L1: they start a run of their own) */
#define LEVEL(a) ((a) > vis_e ? 0 : atoms[a].level)
#define SAME_RUN(p, q)                                                                                  \
  (atoms[p].item == atoms[q].item && LEVEL (p) == LEVEL (q) && (LEVEL (p) & 1 ? (q) + 1 == (p) : (p) + 1 == (q)))
  size_t nruns = 0;
  for (size_t k = 0; k < n; k++)
    nruns += k == 0 || !SAME_RUN (order[k - 1], order[k]);
  line->runs = pb_arena_array (arena, nruns, sizeof (pb_run));
  if (!line->runs)
    return false;
  size_t k0 = 0;
  for (size_t r = 0; r < nruns; r++) {
    size_t k1 = k0;
    int ng = 0;
    do {
      ng += atoms[order[k1]].n_glyphs;
      k1++;
    } while (k1 < n && SAME_RUN (order[k1 - 1], order[k1]));
    pb_run *run = &line->runs[r];
    const pb_atom *first = &atoms[order[k0]];
    const shaped_item *it = &si[first->item];
    run->font = it->font_id;
    run->color = spec->style->color;
    for (size_t q = 0; spec->credit_style && q < spec->n_spans; q++)
      if ((spec->spans[q].flags & PB_SPAN_CREDIT) && first->start >= spec->spans[q].start &&
          first->start < spec->spans[q].end)
        run->color = spec->credit_style->color;
    run->em = first->em;
    run->start = first->start;
    run->end = first->end;
    run->x0 = xs[order[k0] - s];
    run->x1 = run->x0; /* trailing spaces hang */
    run->glyphs = pb_arena_array (arena, ng ? (size_t) ng : 1, sizeof (pb_glyph));
    run->clusters = pb_arena_array (arena, 2 * (k1 - k0), sizeof (int));
    if (!run->glyphs || !run->clusters)
      return false;
    /* glyphs and clusters in logical order, each glyph at its visual
     * place: cairo writes the text in that order, so that a
     * right-to-left name reads right in the PDF's text (cairo 1.16
     * checks backward clusters as if they ran forward) */
    bool rtl = LEVEL (order[k0]) & 1;
    for (size_t q = k0; q < k1; q++) {
      size_t a = order[rtl ? k1 - 1 - (q - k0) : q];
      const PangoGlyphString *gs = it->glyphs;
      pb_fixed x = xs[a - s];
      if (atoms[a].cls == PB_CC_IDEO && atoms[a].em > 0) {
        pb_fixed off = x % atoms[a].em; /* from the column's edge */
        if (off > 2 && off < atoms[a].em - 2)
          line->off_grid = true;
      }
      pb_fixed gx = x;
      int kept = 0;
      for (int g = atoms[a].glyph0; g < atoms[a].glyph0 + atoms[a].n_glyphs; g++) {
        PangoGlyphInfo *gi = &gs->glyphs[g];
        uint32_t id = gi->glyph;
        if (id == PANGO_GLYPH_EMPTY) {
          gx += gi->geometry.width;
          continue;
        }
        if (id & PANGO_GLYPH_UNKNOWN_FLAG)
          id = 0; /* .notdef: drawn visibly, text kept by the cluster */
        run->glyphs[run->n_glyphs++] = (pb_glyph) {id, gx + gi->geometry.x_offset, gi->geometry.y_offset};
        gx += gi->geometry.width;
        kept++;
      }
      run->clusters[2 * run->n_clusters] = (int) (atoms[a].end - atoms[a].start);
      run->clusters[2 * run->n_clusters + 1] = kept;
      run->n_clusters++;
      run->start = atoms[a].start < run->start ? atoms[a].start : run->start;
      run->end = atoms[a].end > run->end ? atoms[a].end : run->end;
      if (a <= vis_e && x + atoms[a].width > run->x1)
        run->x1 = x + atoms[a].width;
    }
    k0 = k1;
  }
#undef SAME_RUN
#undef LEVEL
  line->n_runs = nruns;
  return true;
}

/* Sets the paragraph once per looseness in loose[0..n) (the shaping is
 * shared); out[k] receives each (NULL on failure). */
static bool
set_paras (pb_fonts *fonts, const pb_para_spec *spec, size_t n, const int *loose, pb_para **out,
           pb_arena *arena, pb_pos pos, pb_diagnostics *diags)
{
  for (size_t k = 0; k < n; k++) {
    out[k] = pb_arena_alloc (arena, sizeof (pb_para));
    if (!out[k])
      return false;
  }
  if (spec->len == 0)
    return true;
  para_env env;
  para_env_init (spec, &env);
  PangoFontDescription *base;
  PangoAttrList *attrs = make_attrs (spec, &env, &base);
  PangoContext *ctx = pb_fonts_context (fonts);
  pango_context_set_language (ctx, pango_language_from_string (env.tag));
  pango_context_set_font_description (ctx, base);
  GList *items = pango_itemize (ctx, spec->text, 0, (int) spec->len, attrs, NULL);
  int n_items = (int) g_list_length (items);
  shaped_item *si = pb_calloc ((size_t) n_items, sizeof *si);
  atom_vec atoms = {0};
  bool *icu = icu_boundaries (fonts, spec->text, spec->len, spec->lang, false);
  if (icu)
    pb_url_breaks (spec->text, spec->len, icu);
  pb_gap *gaps = NULL;
  size_t *breaks = NULL, missing = 0;
  bool ok = si && icu && shape_atoms (fonts, spec, &env, items, si, &atoms, &missing, pos, diags);
  /* the space after a dateline (its span's end) */
  for (size_t k = 0; ok && k < spec->n_spans; k++)
    if (spec->spans[k].flags & PB_SPAN_DATELINE)
      for (size_t i = 0; i < atoms.n; i++)
        if (atoms.v[i].start == spec->spans[k].end && atoms.v[i].cls == PB_CC_SPACE)
          atoms.v[i].dateline_space = true;
  for (size_t k = 0; k < n; k++)
    out[k]->missing_glyphs = missing;
  if (ok && atoms.n > 0) {
    gaps = pb_calloc (atoms.n, sizeof *gaps);
    breaks = pb_calloc (atoms.n + 1, sizeof *breaks);
    ok = gaps && breaks;
  }
  if (ok && atoms.n > 0) {
    pb_glue_compute (atoms.v, atoms.n, icu, env.typo, gaps);
    if (spec->break_at_spaces)
      phrase_penalties (fonts, spec, atoms.v, atoms.n, gaps);
    pb_fixed indent = (pb_fixed) (spec->indent_em * spec->style->size);
    pb_fixed two[2] = {spec->width - indent, spec->width};
    const pb_fixed *widths = spec->line_widths && spec->n_line_widths ? spec->line_widths : two;
    size_t n_widths = spec->line_widths && spec->n_line_widths ? spec->n_line_widths : 2;
    pb_fixed narrowest = widths[0];
    for (size_t k = 1; k < n_widths; k++)
      narrowest = widths[k] < narrowest ? widths[k] : narrowest;
    unit_breaks (spec, atoms.v, atoms.n, gaps, narrowest);
    latin_hyphens (fonts, spec, &env, si, atoms.v, atoms.n, gaps, pos, diags);
    emergency_breaks (spec, atoms.v, atoms.n, gaps, narrowest, pos, diags);
    for (size_t k = 0; ok && k < n; k++) {
      pb_para *para = out[k];
      size_t nl = spec->first_fit
                    ? pb_break_first_fit (atoms.v, gaps, atoms.n, widths, n_widths, breaks)
                    : pb_break_paragraph (atoms.v, gaps, atoms.n, widths, n_widths,
                                          spec->align == PB_ALIGN_JUSTIFY, loose[k],
                                          &env.typo->breaking, breaks);
      para->lines = nl ? pb_arena_array (arena, nl, sizeof (pb_line)) : NULL;
      ok = para->lines != NULL; /* no lines for text: out of memory */
      size_t s = 0;
      for (size_t l = 0; ok && l < nl; l++) {
        size_t e = breaks[l];
        bool own = widths != two;
        ok = build_line (&para->lines[l], spec, si, atoms.v, gaps, s, e,
                         widths[l < n_widths ? l : n_widths - 1], l || own ? 0 : indent, l + 1 == nl,
                         arena);
        s = e + 1;
      }
      para->n_lines = ok ? nl : 0;
      for (size_t l = 0; ok && spec->break_at_spaces && l + 1 < nl; l++)
        para->word_splits += breaks[l] < atoms.n && gaps[breaks[l]].penalty >= PB_PHRASE_PENALTY;
    }
  }
  for (int k = 0; si && k < n_items; k++)
    if (si[k].glyphs)
      pango_glyph_string_free (si[k].glyphs);
  g_list_free_full (items, (GDestroyNotify) pango_item_free);
  pango_attr_list_unref (attrs);
  pango_font_description_free (base);
  free (si);
  free (icu);
  free (gaps);
  free (breaks);
  PB_VEC_FREE (atoms);
  return ok;
}

pb_para *
pb_text_set (pb_fonts *fonts, const pb_para_spec *spec, pb_arena *arena, pb_pos pos,
             pb_diagnostics *diags)
{
  pb_para *p = NULL;
  return set_paras (fonts, spec, 1, &spec->looseness, &p, arena, pos, diags) ? p : NULL;
}

bool
pb_text_set_loose (pb_fonts *fonts, const pb_para_spec *spec, pb_arena *arena, pb_pos pos,
                   pb_diagnostics *diags, pb_para *out[3])
{
  static const int loose[3] = {-1, 0, 1};
  return set_paras (fonts, spec, 3, loose, out, arena, pos, diags);
}
