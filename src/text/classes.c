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
static const char ns_set[] = "·・‧～々〻ー‼⁇⁈⁉%‰℃％°′″℉ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ";

pb_char_class
pb_char_class_of (uint32_t c)
{
  if (c == ' ' || c == '\t' || c == 0x2002 || c == 0x2003 || c == 0x2009)
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
      /* after a slash (not inside //), before . @ - _ ? & = #; nowhere
       * else, and no hyphen is added */
      for (size_t k = i + 1; k < e; k++) {
        char p = text[k - 1], c = text[k];
        breaks[k] = (p == '/' && c != '/') || (url_mark (c) && !url_mark (p) && p != '/');
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
    *g = (pb_gap) {0, 0, 0, PB_PRIO_FIXED, false, 0, 0, 0};
    if (b->cls == PB_CC_SPACE)
      continue; /* the space's own glue sits after it */
    if (a->cls == PB_CC_SPACE && a->dateline_space) {
      /* the dateline and the text: 1 em (an ideographic space's width),
       * never adjusted; it goes when a line ends there */
      *g = (pb_gap) {em - a->width, 0, 0, PB_PRIO_FIXED, true, 0, 0, 0};
      continue;
    }
    if (a->cls == PB_CC_SPACE) {
      const pb_atom *p = i > 0 ? &atoms[i - 1] : NULL;
      /* The space's own advance is in the atom; the gap after it brings
       * the total to the target and carries the adjustment.  A space
       * between two Han characters separates names (记者 张三 李四): a
       * fixed ½ em, never justification slack. */
      if (p && is_cjkish (p) && is_cjkish (b) && p->item != b->item) {
        /* a space where the style changes (简讯: **标题** 正文) parts a
         * lead-in from its text: ½ em that may open up like a mark's blank */
        *g = (pb_gap) {em / 2 - a->width, em / 2, em / 2, PB_PRIO_PUNCT, true, 0, 0, 0};
      } else if (p && is_cjkish (p) && is_cjkish (b)) {
        *g = (pb_gap) {em / 2 - a->width, 0, 0, PB_PRIO_FIXED, true, 0, 0, 0};
      } else if (p && ((pb_char_is_cjk_text (p->cp) && is_latin_word (b)) ||
                       (is_latin_word (p) && pb_char_is_cjk_text (b->cp)))) {
        /* a space the copy puts between Han and Latin (据 Reuters 报道)
         * is the Han–Latin gap, not a word space on top of it */
        pb_fixed lo = (pb_fixed) (typo->han_latin_min * em), hi = (pb_fixed) (typo->han_latin_max * em);
        hl = (pb_fixed) (typo->han_latin * em);
        *g = (pb_gap) {hl - a->width, hi - hl, hl - lo, PB_PRIO_MIXED, true, 0, 0, lo};
      } else {
        pb_fixed w = a->width;
        pb_fixed shrink = w - em / 4 > 0 ? w - em / 4 : 0;
        pb_fixed stretch = em / 2 - w > em / 8 ? em / 2 - w : em / 8;
        *g = (pb_gap) {0, stretch, shrink, PB_PRIO_SPACE, true, 0, 0, 0};
      }
      continue;
    }
    g->can_break = may_break (a, b, icu_breaks[b->start], typo->kinsoku);
    g->penalty = g->can_break ? break_penalty (b, typo->kinsoku) : 0;
    if (is_cjkish (a) && is_cjkish (b)) {
      bool punct = a->cls != PB_CC_IDEO || b->cls != PB_CC_IDEO;
      /* no space is added between two marks, inside —— or ……, after an
       * opening bracket or before a closing one */
      /* two adjacent marks, or the blank that ends such a pair, take no
       * extra space: 。」 stays 1.5 em */
      bool marks = (a->cls != PB_CC_IDEO && b->cls != PB_CC_IDEO) ||
                   (i > 0 && a->cls != PB_CC_IDEO && a->fullwidth && atoms[i - 1].fullwidth &&
                    atoms[i - 1].cls != PB_CC_IDEO);
      bool rigid = marks || (a->cls == PB_CC_DASH && b->cls == PB_CC_DASH) ||
                   (a->cls == PB_CC_ELLIPSIS && b->cls == PB_CC_ELLIPSIS) ||
                   a->cls == PB_CC_OPEN || b->cls == PB_CC_CLOSE;
      /* the breaker sees ⅛ em as the normal stretch here, so lines that
       * need more are costly; positioning may go beyond as a last resort */
      pb_fixed stretch = rigid ? 0 : punct ? em / 4 : em / 12;
      *g = (pb_gap) {0, stretch, 0, punct ? PB_PRIO_PUNCT : PB_PRIO_IDEO, g->can_break, g->penalty, 0, 0};
      punct_glue (a, b, em, typo, g);
    } else if ((pb_char_is_cjk_text (a->cp) && is_latin_word (b)) ||
               (is_latin_word (a) && pb_char_is_cjk_text (b->cp))) {
      /* Han–Latin: ¼ em, shrinking to ⅛, stretching to ⅓ (by default) */
      pb_fixed lo = (pb_fixed) (typo->han_latin_min * em), hi = (pb_fixed) (typo->han_latin_max * em);
      *g = (pb_gap) {hl, hi - hl, hl - lo, PB_PRIO_MIXED, g->can_break, g->penalty,
                     hi < em * 4 / 10 ? em * 4 / 10 - hi : 0, lo};
    } else if (a->blank_r || b->blank_l) {
      /* a full-width mark beside Latin text: its blank may shrink */
      punct_glue (a, b, em, typo, g);
    }
  }
}
