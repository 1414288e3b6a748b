/* Character classes, kinsoku (basic level) and the glue table of
 * TYPOGRAPHY.md.  This file alone decides where lines may end and how
 * gaps stretch and shrink; breaker.c only optimises over it. */
#include "text/text.h"

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

/* Kinsoku, level `basic`: may a line end between a and b? */
static bool
may_break (const pb_atom *a, const pb_atom *b, bool icu)
{
  if (a->cls == PB_CC_OPEN || a->cls == PB_CC_GLUE || b->cls == PB_CC_GLUE)
    return false;
  if (b->cls == PB_CC_CLOSE || b->cls == PB_CC_STOP || b->cls == PB_CC_NS)
    return false;
  if ((a->cls == PB_CC_DASH && b->cls == PB_CC_DASH) ||
      (a->cls == PB_CC_ELLIPSIS && b->cls == PB_CC_ELLIPSIS))
    return false;
  /* between two narrow (Latin) characters, words and numbers: UAX #14 */
  if (!is_cjkish (a) && !is_cjkish (b))
    return icu;
  return true;
}

void
pb_glue_compute (const pb_atom *atoms, size_t n, const bool *icu_breaks, pb_gap *gaps)
{
  for (size_t i = 0; i + 1 < n; i++) {
    const pb_atom *a = &atoms[i], *b = &atoms[i + 1];
    pb_gap *g = &gaps[i];
    pb_fixed em = a->em > b->em ? a->em : b->em;
    *g = (pb_gap) {0, 0, 0, PB_PRIO_FIXED, false, 0};
    if (b->cls == PB_CC_SPACE) {
      /* the space's own glue sits after it */
      continue;
    }
    if (a->cls == PB_CC_SPACE) {
      const pb_atom *p = i > 0 ? &atoms[i - 1] : NULL;
      /* A space between two Han characters separates names
       * (记者 张三 李四): fixed ½ em, never justification slack. */
      /* The space's own advance is in the atom; the gap after it
       * brings the total to the target and carries the adjustment. */
      if (p && is_cjkish (p) && is_cjkish (b)) {
        *g = (pb_gap) {em / 2 - a->width, 0, 0, PB_PRIO_FIXED, true, 0};
      } else {
        pb_fixed w = a->width;
        pb_fixed shrink = w - em / 4 > 0 ? w - em / 4 : 0;
        pb_fixed stretch = em / 2 - w > em / 8 ? em / 2 - w : em / 8;
        *g = (pb_gap) {0, stretch, shrink, PB_PRIO_SPACE, true, 0};
      }
      continue;
    }
    g->can_break = may_break (a, b, icu_breaks[b->start]);
    if (is_cjkish (a) && is_cjkish (b)) {
      bool punct = a->cls != PB_CC_IDEO || b->cls != PB_CC_IDEO;
      bool pair = (a->cls == PB_CC_DASH && b->cls == PB_CC_DASH) ||
                  (a->cls == PB_CC_ELLIPSIS && b->cls == PB_CC_ELLIPSIS) ||
                  a->cls == PB_CC_OPEN || b->cls == PB_CC_CLOSE;
      if (!pair)
        *g = (pb_gap) {0, em / 4, 0, punct ? PB_PRIO_PUNCT : PB_PRIO_IDEO, g->can_break, 0};
    } else if ((pb_char_is_cjk_text (a->cp) && is_latin_word (b)) ||
               (is_latin_word (a) && pb_char_is_cjk_text (b->cp))) {
      /* Han–Latin: ¼ em, shrinking to ⅛, stretching to ⅓. */
      *g = (pb_gap) {em / 4, em / 12, em / 8, PB_PRIO_MIXED, g->can_break, 0};
    }
  }
}
