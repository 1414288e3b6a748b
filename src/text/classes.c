/* Character classes, kinsoku (basic level) and the glue table of
 * TYPOGRAPHY.md.  This file alone decides where lines may end and how
 * gaps stretch and shrink; breaker.c only optimises over it. */
#include "text/text.h"

#include <string.h>
#include <strings.h>

static bool
in (uint32_t cp, const char *set)
{
  /* set: UTF-8 string of single code points */
  size_t i = 0;
  while (set[i]) {
    uint32_t c = 0;
    size_t n = pb_utf8_decode (set + i, 4, &c);
    if (!n)
      return false;
    if (c == cp)
      return true;
    i += n;
  }
  return false;
}

bool
pb_char_is_han (uint32_t c)
{
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0x20000 && c <= 0x3FFFF) || (c >= 0xF900 && c <= 0xFAFF) || c == 0x3007;
}

bool
pb_char_is_cjk_text (uint32_t c)
{
  return pb_char_is_han (c) || (c >= 0x3041 && c <= 0x3096) || (c >= 0x30A1 && c <= 0x30FA) ||
         (c >= 0xAC00 && c <= 0xD7AF);
}

static const char open_set[] = "（［｛〔〈《「『【〖〘〚“‘([{｟〝";
static const char close_set[] = "）］｝〕〉》」』】〗〙〛”’)]}｠〞〟";
static const char stop_set[] = "、。，．：；！？,.:;!?｡､";
static const char ns_set[] = "·・‧•～々〻ー‼⁇⁈⁉%‰℃％°′″℉ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ";

pb_char_class
pb_char_class_of (uint32_t c)
{
  if (c == ' ' || c == '\t' || c == 0x2002 || c == 0x2003 || c == 0x2009 || c == 0x3000)
    return PB_CC_SPACE;
  if (c == 0xA0 || c == 0x200B || c == 0x2060 || c == 0x200D || c == 0xFEFF)
    return PB_CC_GLUE;
  if (c == 0x2014 || c == 0x2015 || c == 0x2500)
    return PB_CC_DASH;
  if (c == 0x2026 || c == 0x22EF)
    return PB_CC_ELLIPSIS;
  if (c < 0x80 && !in (c, "([{)]},.:;!?%"))
    return PB_CC_ALNUM;
  if (pb_char_is_han (c)) /* most characters, and in none of the sets */
    return PB_CC_IDEO;
  if (in (c, open_set))
    return PB_CC_OPEN;
  if (in (c, close_set))
    return PB_CC_CLOSE;
  if (in (c, stop_set))
    return PB_CC_STOP;
  if (in (c, ns_set))
    return PB_CC_NS;
  if (pb_char_is_cjk_text (c) || (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF01 && c <= 0xFF60) ||
      (c >= 0x2E80 && c <= 0x2FDF) || (c >= 0x3100 && c <= 0x31FF))
    return PB_CC_IDEO;
  return PB_CC_ALNUM;
}

/* ---- URLs, e-mail addresses and file paths ---- */

static bool
url_mark (char c)
{
  return c == '.' || c == '@' || c == '-' || c == '_' || c == '?' || c == '&' || c == '=' || c == '#';
}

/* Does a run of printable ASCII look like a web address, an e-mail
 * address or a file path? */
static bool
url_like (const char *t, size_t n)
{
  for (size_t i = 0; i + 3 <= n; i++)
    if (memcmp (t + i, "://", 3) == 0)
      return true;
  if (n > 4 && strncasecmp (t, "www.", 4) == 0)
    return true;
  const char *at = memchr (t, '@', n);
  if (at && at > t && memchr (at, '.', n - (size_t) (at - t)))
    return true;
  if (n > 2 && (t[0] == '/' || (t[0] == '~' && t[1] == '/') || (t[0] == '.' && t[1] == '/')) &&
      memchr (t + 1, '/', n - 1))
    return true;
  return memchr (t, '\\', n) != NULL;
}

void
pb_url_breaks (const char *text, size_t len, bool *breaks)
{
  for (size_t i = 0; i < len;) {
    if ((unsigned char) text[i] <= 0x20 || (unsigned char) text[i] >= 0x7F) {
      i++;
      continue;
    }
    size_t e = i;
    while (e < len && (unsigned char) text[e] > 0x20 && (unsigned char) text[e] < 0x7F)
      e++;
    if (url_like (text + i, e - i)) {
      /* after a slash (not inside //), a dot or a question mark (a
       * line never starts with . or ?: they are stops to kinsoku, GB/T
       * 15834 §5.1.10), before @ - _ & = #; nowhere else, and no hyphen
       * is added */
      for (size_t k = i + 1; k < e; k++) {
        char p = text[k - 1], c = text[k];
        bool after = p == '/' || p == '.' || p == '?';
        bool before = c == '@' || c == '-' || c == '_' || c == '&' || c == '=' || c == '#';
        breaks[k] = (after && c != '/' && !url_mark (c)) || (before && !url_mark (p) && p != '/');
      }
    }
    i = e;
  }
}

static bool
is_cjkish (const pb_atom *a)
{
  return a->cls == PB_CC_IDEO || (a->fullwidth && a->cls != PB_CC_ALNUM && a->cls != PB_CC_SPACE);
}

/* Latin letter or digit (the Han–Latin gap applies to these). */
static bool
is_latin_word (const pb_atom *a)
{
  return a->cls == PB_CC_ALNUM && !a->fullwidth &&
         ((a->cp >= '0' && a->cp <= '9') || (a->cp >= 'A' && a->cp <= 'Z') ||
          (a->cp >= 'a' && a->cp <= 'z') || (a->cp >= 0xC0 && a->cp < 0x2000));
}

static bool
is_full_stop (uint32_t c)
{
  return c == 0x3002 || c == 0xFF1F || c == 0xFF01 || c == 0xFF0E;
}

/* Characters that jlreq's newspaper (loose) level lets start a line. */
static bool
loose_may_start (uint32_t c)
{
  return c == 0x30FC || c == 0x3005 || c == 0x303B || (c >= 0x3041 && c <= 0x30FA);
}

/* Ideographs, kana, ー and 々: characters for spacing, whatever their
 * kinsoku class. */
static bool
ideo_like (const pb_atom *a)
{
  return a->cls == PB_CC_IDEO || loose_may_start (a->cp);
}

/* ---- numbers, units and ranges (one unit for breaking and spacing) ---- */

static bool
is_digit (uint32_t c)
{
  return (c >= '0' && c <= '9') || (c >= 0xFF10 && c <= 0xFF19);
}

/* Signs written before a number: − + ± and currencies. */
static bool
is_number_prefix (uint32_t c)
{
  return c == '-' || c == '+' || c == 0x2212 || c == 0xB1 || c == 0xA5 || c == '$' || c == 0x20AC ||
         c == 0xA3 || c == 0xFFE5 || c == 0xFF04 || c == 0xFF0B || c == 0xFF0D;
}

/* Symbols written after a number: % ‰ ℃ ° ′ ″ ℉ and superscripts. */
static bool
is_number_suffix (uint32_t c)
{
  return c == '%' || c == 0x2030 || c == 0x2103 || c == 0xB0 || c == 0x2032 || c == 0x2033 || c == 0x2109 ||
         c == 0xFF05 || c == 0xB2 || c == 0xB3 || c == 0xB9;
}

/* Marks between the digits of one number: the decimal point (. ． and
 * Japanese ・), the thousands comma, the colon of a time. */
static bool
is_number_inner (uint32_t c)
{
  return c == '.' || c == 0xFF0E || c == 0x30FB || c == ',' || c == ':' || c == 0xFF1A;
}

/* Marks of a numeric range: 4―12月, 9月24日—26日, 300~380, 6～8℃. */
static bool
is_range_mark (uint32_t c)
{
  return c == 0x2015 || c == 0x2014 || c == 0x2013 || c == '-' || c == '~' || c == 0xFF5E || c == 0x301C ||
         c == 0xFF0D;
}

/* A full-width Latin letter or digit (ＪＡＸＡ, ｋｍ, １００): set as CJK
 * characters, but a word or a number all the same.  Breaking inside a
 * word, or between a number and its unit, costs 3.6·10⁷ demerits: as much
 * as a line whose ideographs open about ¼ em (the digits of a number never
 * part: splits_number). */
#define PB_FW_WORD_PENALTY 6000
static bool
fw_alnum (uint32_t c)
{
  return (c >= 0xFF10 && c <= 0xFF19) || (c >= 0xFF21 && c <= 0xFF3A) || (c >= 0xFF41 && c <= 0xFF5A);
}

/* Characters that end the first part of a range: a digit, a suffix, or
 * the unit of a date or time (年月日时時点點号號期). */
static bool
ends_range_part (uint32_t c)
{
  return is_digit (c) || is_number_suffix (c) || c == 0x5E74 || c == 0x6708 || c == 0x65E5 || c == 0x65F6 ||
         c == 0x6642 || c == 0x70B9 || c == 0x9EDE || c == 0x53F7 || c == 0x865F || c == 0x671F;
}

static bool
ascii_alnum (uint32_t c)
{
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/* Does the run of Latin letters, digits and / . · before atom i (i
 * itself included) start with a digit: a number with its unit (100km/h,
 * 0.6MPa, 3kW·h)? */
static bool
in_number_with_unit (const pb_atom *atoms, size_t i)
{
  size_t k = i + 1;
  while (k > 0 && (ascii_alnum (atoms[k - 1].cp) || atoms[k - 1].cp == '/' || atoms[k - 1].cp == '.' ||
                   atoms[k - 1].cp == 0xB7))
    k--;
  return k <= i && is_digit (atoms[k].cp);
}

/* Would a line ending between atoms i and i+1 split a number with its
 * signs, decimal marks, unit or range (TYPOGRAPHY.md: digit groups,
 * ¥100, 50% are never split; clreq §3.1.5.2)? */
static bool
splits_number (const pb_atom *atoms, size_t n, size_t i)
{
  uint32_t p = i > 0 ? atoms[i - 1].cp : 0, a = atoms[i].cp, b = atoms[i + 1].cp;
  uint32_t q = i + 2 < n ? atoms[i + 2].cp : 0;
  if (is_digit (a) && is_digit (b))
    return true; /* １|５号, 約１|２０ミリ */
  if ((is_digit (a) && is_number_inner (b) && is_digit (q)) || (is_digit (p) && is_number_inner (a) && is_digit (b)))
    return true; /* 49・|5, 4,|000, 10:|30 */
  if (is_number_prefix (a) && is_digit (b))
    return true; /* -|12℃, ¥|6.5 */
  if (is_digit (a) && is_number_suffix (b))
    return true; /* 50|%, 18|° */
  if ((b == '/' || b == 0xB7) && ascii_alnum (a) && ascii_alnum (q) && in_number_with_unit (atoms, i))
    return true;
  if ((a == '/' || a == 0xB7) && ascii_alnum (b) && in_number_with_unit (atoms, i))
    return true; /* km/|h, kW·|h */
  if (is_range_mark (b) && ends_range_part (a) && is_digit (q) && !is_range_mark (p))
    return true; /* 4|―12月: the range mark never starts a line */
  if (is_range_mark (a) && is_digit (b) && ends_range_part (p))
    return true; /* 6～|8℃ */
  return false;
}

/* Does a Latin word or number start at atom k, for the Han–Latin gap: a
 * letter or digit, or a sign before a digit (降至 -12℃, 涨到 ¥6.5; the
 * fonts draw ± full width, still the number's; ￥ and ％, the
 * full-width forms, are CJK characters)? */
static bool
latin_starts (const pb_atom *atoms, size_t n, size_t k)
{
  return is_latin_word (&atoms[k]) ||
         (atoms[k].cp < 0x3000 && is_number_prefix (atoms[k].cp) && k + 1 < n && is_digit (atoms[k + 1].cp));
}

/* Does one end at atom k: a letter or digit, or the symbol after a number
 * (约 70% 的)?  clreq §3.2.2: the gap belongs at both ends of the whole
 * number. */
static bool
latin_ends (const pb_atom *atoms, size_t k)
{
  return is_latin_word (&atoms[k]) ||
         (atoms[k].cp < 0x3000 && is_number_suffix (atoms[k].cp) && k > 0 &&
          (is_latin_word (&atoms[k - 1]) || is_number_suffix (atoms[k - 1].cp)));
}

/* Is atom k a name separator (· ・ • between two characters)? */
static bool
interpunct_at (const pb_atom *atoms, size_t n, size_t k)
{
  uint32_t c = atoms[k].cp;
  return (c == 0xB7 || c == 0x30FB || c == 0x2022 || c == 0x2027) && k > 0 && k + 1 < n &&
         ideo_like (&atoms[k - 1]) && ideo_like (&atoms[k + 1]);
}

/* May a line end between a and b?  The hard rules; the soft ones are
 * penalties (break_penalty). */
static bool
may_break (const pb_atom *a, const pb_atom *b, bool icu, pb_kinsoku level)
{
  if (a->cls == PB_CC_GLUE || b->cls == PB_CC_GLUE || a->cp == 0xFF0F || b->cp == 0xFF0F)
    return false; /* no-break space, joiners, ／ */
  if (a->cp == 0xAD || b->cp == 0xAD)
    return false; /* a soft hyphen: paiban does not hyphenate, and a break
                     there would show no hyphen */
  if ((a->cls == PB_CC_DASH && b->cls == PB_CC_DASH) ||
      (a->cls == PB_CC_ELLIPSIS && b->cls == PB_CC_ELLIPSIS))
    return false; /* —— and …… stay whole at every level */
  /* between two narrow (Latin) characters, words and numbers: UAX #14 */
  if (!is_cjkish (a) && !is_cjkish (b))
    return icu;
  /* a hyphen never starts a line, after an ideograph either (UAX #14
   * LB21: × HY, × BA): 讓-巴蒂斯特 breaks after its hyphen, if at all */
  if (b->cp == '-' || b->cp == 0x2010)
    return false;
  if (level == PB_KINSOKU_NONE)
    return true;
  if (a->cls == PB_CC_OPEN)
    return false;
  if (b->cls == PB_CC_CLOSE || b->cls == PB_CC_STOP)
    return false;
  if (b->cls == PB_CC_NS)
    return level == PB_KINSOKU_LOOSE && loose_may_start (b->cp);
  if (level == PB_KINSOKU_STRICT && (b->cls == PB_CC_DASH || b->cls == PB_CC_ELLIPSIS))
    return false;
  return true;
}

static int
break_penalty (const pb_atom *b, pb_kinsoku level)
{
  /* GB: a line had better not start with —— or …… */
  if (level == PB_KINSOKU_GB && (b->cls == PB_CC_DASH || b->cls == PB_CC_ELLIPSIS))
    return 300;
  return 0;
}

/* The blanks of full-width marks: how the gap between a and b compresses
 * (TYPOGRAPHY.md): two adjacent marks keep one half-em blank between them
 * at most (。」 and ）， are 1.5 em), and what blank remains may shrink —
 * the stops 。？！ last. */
static void
punct_glue (const pb_atom *a, const pb_atom *b, pb_fixed em, const pb_typo *typo, pb_gap *g)
{
  pb_fixed blank = a->blank_r + b->blank_l;
  bool pair = (a->blank_l || a->blank_r) && (b->blank_l || b->blank_r);
  if (typo->compress && pair && blank >= em / 2 - em / 16) {
    g->natural -= em / 2;
    blank -= em / 2;
  }
  if (blank > 0 && typo->shrink_marks) {
    g->shrink += blank;
    g->prio = is_full_stop (a->cp) && a->blank_r ? PB_PRIO_PUNCT_LAST : PB_PRIO_PUNCT;
  }
}

void
pb_glue_compute (pb_atom *atoms, size_t n, const bool *icu_breaks, const pb_typo *typo,
                 pb_gap *gaps)
{
  for (size_t i = 0; i < n; i++) {
    pb_atom *a = &atoms[i];
    a->counts = a->cls == PB_CC_IDEO || a->cls == PB_CC_ALNUM;
    a->end_trim = typo->trim_line_end && (a->cls == PB_CC_CLOSE || a->cls == PB_CC_STOP) ? a->blank_r : 0;
    if (typo->hanging && a->fullwidth &&
        (a->cp == 0xFF0C || a->cp == 0x3002 || a->cp == 0x3001 || a->cp == 0xFF0E))
      a->end_trim = a->width; /* ，。、 hang wholly past the edge */
    a->start_trim = typo->trim_line_start && a->cls == PB_CC_OPEN ? a->blank_l : 0;
  }
  pb_fixed hl = 0;
  for (size_t i = 0; i + 1 < n; i++) {
    const pb_atom *a = &atoms[i], *b = &atoms[i + 1];
    pb_gap *g = &gaps[i];
    pb_fixed em = a->em > b->em ? a->em : b->em;
    hl = (pb_fixed) (typo->han_latin * em);
    *g = (pb_gap) {0, 0, 0, PB_PRIO_FIXED, false, 0, 0, 0, 0, 0};
    if (b->cls == PB_CC_SPACE)
      continue; /* the space's own glue sits after it */
    if (a->cls == PB_CC_SPACE && a->dateline_space) {
      /* the dateline and the text: 1 em of white (an ideographic space's
       * width), never adjusted; it goes when a line ends there.  A
       * dateline that ends in a closing bracket (【長野】, 〔北京〕) has
       * the bracket's blank in it: the gap is what the em lacks */
      const pb_atom *p = i > 0 ? &atoms[i - 1] : NULL;
      pb_fixed blank = p && (p->cls == PB_CC_CLOSE || p->cls == PB_CC_STOP) ? p->blank_r : 0;
      if (blank > em)
        blank = em;
      *g = (pb_gap) {em - blank - a->width, 0, 0, PB_PRIO_FIXED, true, 0, 0, 0, 0, 0};
      continue;
    }
    if (a->cls == PB_CC_SPACE) {
      const pb_atom *p = i > 0 ? &atoms[i - 1] : NULL;
      /* The space's own advance is in the atom; the gap after it brings
       * the total to the target and carries the adjustment.  A space the
       * copy puts between two CJK characters means something (记者 张三
       * 李四, 汽车之家 毕业, 简讯: **标题** 正文): ½ em; it may open or close
       * by ¼ em after the marks' blanks and before ideographs are spaced
       * out, never below ¼ em.  An ideographic space (U+3000) keeps its em (TYPOGRAPHY.md,
       * normalisation of copy). */
      if (a->cp == 0x3000) {
        *g = (pb_gap) {em - a->width, 0, 0, PB_PRIO_FIXED, true, 0, 0, 0, 0, 0};
      } else if (p && is_cjkish (p) && is_cjkish (b)) {
        *g = (pb_gap) {em / 2 - a->width, em / 4, em / 4, PB_PRIO_PUNCT_LAST, true, 0, 0, 0, 0, 0};
      } else if (p && ((pb_char_is_cjk_text (p->cp) && latin_starts (atoms, n, i + 1)) ||
                       (latin_ends (atoms, i - 1) && pb_char_is_cjk_text (b->cp)))) {
        /* a space the copy puts between Han and Latin (据 Reuters 报道)
         * is the Han–Latin gap, not a word space on top of it */
        pb_fixed lo = (pb_fixed) (typo->han_latin_min * em), hi = (pb_fixed) (typo->han_latin_max * em);
        hl = (pb_fixed) (typo->han_latin * em);
        *g = (pb_gap) {hl - a->width, hi - hl, hl - lo, PB_PRIO_MIXED, true, 0, 0, lo, 0, 0};
      } else {
        /* a word space shrinks by a third of itself, as TeX's do (The
         * TeXbook, ch. 12: cmr10's 3.33 pt space shrinks by 1.11 pt), or
         * down to ¼ em where the font's space is wider than ⅜ em */
        pb_fixed w = a->width;
        pb_fixed shrink = w - em / 4 > w / 3 ? w - em / 4 : w / 3;
        pb_fixed stretch = em / 2 - w > em / 8 ? em / 2 - w : em / 8;
        *g = (pb_gap) {0, stretch, shrink, PB_PRIO_SPACE, true, 0, 0, 0, 0, 0};
      }
      continue;
    }
    g->can_break = may_break (a, b, icu_breaks[b->start], typo->kinsoku) && !splits_number (atoms, n, i);
    g->penalty = g->can_break ? break_penalty (b, typo->kinsoku) : 0;
    /* a full-width Latin word, a number and its full-width unit (ＪＡ|ＸＡ,
     * １００|ｋｍ): whole unless the line would open up past ¼ em — full
     * width, a word or a unit can be half a column */
    if (g->can_break && fw_alnum (a->cp) && fw_alnum (b->cp) && g->penalty < PB_FW_WORD_PENALTY)
      g->penalty = PB_FW_WORD_PENALTY;
    if (typo->interpunct > 0 && (interpunct_at (atoms, n, i) || interpunct_at (atoms, n, i + 1))) {
      /* 间隔号 between the parts of a name (马克·布兰登): centred in its
       * cell, which may shrink to ½ em alike on both sides (clreq §3.1.6.1) */
      const pb_atom *dot = interpunct_at (atoms, n, i) ? a : b;
      pb_fixed cell = (pb_fixed) (typo->interpunct * dot->em);
      pb_fixed least = dot->em / 2 > dot->width ? dot->em / 2 : dot->width;
      pb_fixed pad = cell > dot->width ? (cell - dot->width) / 2 : 0;
      pb_fixed pad_min = least > dot->width ? (least - dot->width) / 2 : 0;
      *g = (pb_gap) {pad, 0, pad > pad_min ? pad - pad_min : 0, PB_PRIO_PUNCT, g->can_break, g->penalty, 0, 0, 0, 0};
      continue;
    }
    if ((pb_char_is_cjk_text (a->cp) && latin_starts (atoms, n, i + 1)) ||
        (latin_ends (atoms, i) && pb_char_is_cjk_text (b->cp))) {
      /* Han–Latin: ¼ em, shrinking to ⅛, stretching to ⅓ (by default);
       * first, as a number's % or ± is drawn full width by CJK fonts */
      pb_fixed lo = (pb_fixed) (typo->han_latin_min * em), hi = (pb_fixed) (typo->han_latin_max * em);
      *g = (pb_gap) {hl, hi - hl, hl - lo, PB_PRIO_MIXED, g->can_break, g->penalty,
                     hi < em * 4 / 10 ? em * 4 / 10 - hi : 0, lo, 0, 0};
    } else if (is_cjkish (a) && is_cjkish (b)) {
      /* No space is added where no line may end (jlreq §3.1.11, §3.8.4 and its
       * Table 6; clreq §3.5.4): between two marks, inside —— or ……, after
       * an opening bracket or quote, before a closing one or before a
       * stop or comma (年，不是年 ，).  Two adjacent marks, or the blank
       * that ends such a pair, take none either: 。」 stays 1.5 em. */
      bool marks = (!ideo_like (a) && !ideo_like (b)) ||
                   (i > 0 && !ideo_like (a) && a->fullwidth && atoms[i - 1].fullwidth &&
                    !ideo_like (&atoms[i - 1]));
      bool rigid = marks || (a->cls == PB_CC_DASH && b->cls == PB_CC_DASH) ||
                   (a->cls == PB_CC_ELLIPSIS && b->cls == PB_CC_ELLIPSIS) ||
                   a->cls == PB_CC_OPEN || b->cls == PB_CC_CLOSE || b->cls == PB_CC_STOP;
      /* Elsewhere, where a line may end, the outer side of a mark opens
       * first: after a stop, comma or closing bracket up to ½ em (where
       * the space that may not go before the mark goes; ¼ em after a
       * centred one), beside a dash,
       * an ellipsis or before an opening bracket up to ¼ em (jlreq Table
       * 6); then the space between characters — ideographs, kana, ー
       * and 々 alike (jlreq §3.8.4: "の最大風速は" spreads evenly) — the
       * breaker seeing ⅛ em as the normal stretch there, so lines that
       * need more are costly; positioning may go beyond as a last
       * resort. */
      bool punct = !ideo_like (a) || !ideo_like (b);
      bool after_mark = a->cls == PB_CC_STOP || a->cls == PB_CC_CLOSE;
      /* a centred mark (zh-Hant, ja: blank on both sides) opens no more
       * than ¼ em after it, or its sides look uneven */
      pb_fixed stretch = rigid ? 0 : !punct ? em / 12 : after_mark ? (a->blank_l ? em * 3 / 8 : em / 2) : em / 4;
      *g = (pb_gap) {0, stretch, 0, punct ? PB_PRIO_PUNCT : PB_PRIO_IDEO, g->can_break, g->penalty, 0, 0, 0,
                     punct && !rigid ? em / 12 : 0};
      punct_glue (a, b, em, typo, g);
    } else if (a->blank_r || b->blank_l) {
      /* a full-width mark beside Latin text: its blank may shrink */
      punct_glue (a, b, em, typo, g);
    }
  }
}
