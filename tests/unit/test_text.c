/* The text module: kinsoku, unsplittable pairs, justification, indent,
 * name spaces, the character grid, missing glyphs.  Uses the test fonts. */
#include "harness.h"
#include "util.h"
#include "text/text.h"
#include "runs_check.h"
#include <ctype.h>

static pb_fonts *fonts;
static pb_style body;
static pb_fixed glyph_at (const pb_line *l, size_t at);
#define EM(x) ((pb_fixed) ((x) * body.size))

static uint32_t
first_cp (const char *text, size_t at)
{
  uint32_t c = 0;
  pb_utf8_decode (text + at, 4, &c);
  return c;
}

static uint32_t
last_cp (const char *text, size_t end)
{
  size_t i = end;
  while (i > 0 && ((unsigned char) text[i - 1] & 0xC0) == 0x80)
    i--;
  return first_cp (text, i - 1);
}

static bool
in_set (uint32_t c, const char *set)
{
  for (size_t i = 0; set[i];) {
    uint32_t x;
    size_t n = pb_utf8_decode (set + i, 4, &x);
    if (x == c)
      return true;
    i += n;
  }
  return false;
}


static pb_para *
set_with (pb_arena *a, const char *text, pb_fixed width, pb_align align, double indent,
          pb_lang lang, const pb_typo *typo, pb_diagnostics *d)
{
  pb_para_spec s = {.text = text, .len = strlen (text), .style = &body, .lang = lang,
                    .width = width, .align = align, .indent_em = indent, .typo = typo};
  return pb_text_set (fonts, &s, a, (pb_pos) {"test", 1, 1}, d);
}

static pb_para *
set (pb_arena *a, const char *text, pb_fixed width, pb_align align, double indent, pb_diagnostics *d)
{
  return set_with (a, text, width, align, indent, PB_LANG_ZH_HANS, NULL, d);
}

/* The pen position of the character at byte offset `at` in line l. */
static pb_fixed
glyph_at (const pb_line *l, size_t at)
{
  for (size_t r = 0; r < l->n_runs; r++) {
    const pb_run *run = &l->runs[r];
    size_t b = run->start;
    int g = 0;
    for (int c = 0; c < run->n_clusters; c++) {
      if (b == at)
        return g < run->n_glyphs ? run->glyphs[g].x : -1;
      b += (size_t) run->clusters[2 * c];
      g += run->clusters[2 * c + 1];
    }
  }
  return -1;
}

static void
punctuation_pairs_compressed (void)
{
  pb_arena *a = pb_arena_create ();
  /* “好。”她 — 。” is 1.5 em: ” starts ½ em after 。, 她 1½ em after it */
  const char *t = "“好。”她说";
  pb_para *p = set (a, t, 30 * body.size, PB_ALIGN_LEFT, 0, NULL);
  if (p) {
    pb_fixed stop = glyph_at (&p->lines[0], 6), quote = glyph_at (&p->lines[0], 9),
             she = glyph_at (&p->lines[0], 12);
    INT_EQ (quote - stop, EM (0.5));
    INT_EQ (she - stop, EM (1.5));
  }
  /* ）（ keeps one half-em blank between the two marks: 1.5 em in all */
  t = "甲）（乙";
  p = set (a, t, 30 * body.size, PB_ALIGN_LEFT, 0, NULL);
  if (p)
    INT_EQ (glyph_at (&p->lines[0], 6) - glyph_at (&p->lines[0], 3), EM (0.5));
  /* zh-Hant: centred marks, no pair compression by default */
  t = "好。」他";
  p = set_with (a, t, 30 * body.size, PB_ALIGN_LEFT, 0, PB_LANG_ZH_HANT, NULL, NULL);
  if (p)
    INT_EQ (glyph_at (&p->lines[0], 9) - glyph_at (&p->lines[0], 3), EM (2));
  pb_arena_destroy (a);
}

static void
line_end_trim_and_hanging (void)
{
  pb_arena *a = pb_arena_create ();
  /* 11 ideographs and a comma in a 11.5-em measure: the comma's blank
   * half is not part of the line (GB 5.1.10), so it fits exactly */
  const char *t = "一二三四五六七八九十甲，乙丙丁";
  pb_para *p = set (a, t, EM (11.5), PB_ALIGN_JUSTIFY, 0, NULL);
  CHECK (p && p->n_lines == 2);
  if (p) {
    INT_EQ (p->lines[0].end, 36);
    CHECK (p->lines[0].ratio == 0);
  }
  /* hanging punctuation (an option): the comma hangs wholly outside an
   * 11-em measure */
  pb_typo hang;
  pb_typo_default (PB_LANG_ZH_HANS, &hang);
  hang.hanging = true;
  p = set_with (a, t, EM (11), PB_ALIGN_JUSTIFY, 0, PB_LANG_ZH_HANS, &hang, NULL);
  if (p) {
    INT_EQ (p->lines[0].end, 36);
    INT_EQ (p->lines[0].used - EM (11), EM (1));
  }
  pb_arena_destroy (a);
}

static void
kinsoku_levels (void)
{
  pb_arena *a = pb_arena_create ();
  pb_typo none, strict, loose;
  pb_typo_default (PB_LANG_ZH_HANS, &none);
  none.kinsoku = PB_KINSOKU_NONE;
  none.compress = none.shrink_marks = none.trim_line_end = false;
  pb_typo_default (PB_LANG_ZH_HANS, &strict);
  strict.kinsoku = PB_KINSOKU_STRICT;
  /* at level none a full stop may start a line: ten ideographs fill a
   * 10-em line exactly and 。 begins the next */
  const char *t = "一二三四五六七八九十。甲乙";
  pb_para *p = set_with (a, t, EM (10), PB_ALIGN_JUSTIFY, 0, PB_LANG_ZH_HANS, &none, NULL);
  if (p && p->n_lines > 1)
    INT_EQ (first_cp (t, p->lines[1].start), 0x3002);
  /* at basic it may not */
  p = set (a, t, EM (10), PB_ALIGN_JUSTIFY, 0, NULL);
  if (p && p->n_lines > 1)
    CHECK (first_cp (t, p->lines[1].start) != 0x3002);
  /* strict: —— never starts a line, basic lets it */
  t = "一二三四五六七八九十——甲乙丙";
  p = set (a, t, EM (10), PB_ALIGN_JUSTIFY, 0, NULL);
  if (p && p->n_lines > 1)
    INT_EQ (first_cp (t, p->lines[1].start), 0x2014);
  p = set_with (a, t, EM (10), PB_ALIGN_JUSTIFY, 0, PB_LANG_ZH_HANS, &strict, NULL);
  if (p && p->n_lines > 1)
    CHECK (first_cp (t, p->lines[1].start) != 0x2014);
  /* Japanese newspapers (loose): ー may start a line */
  pb_typo_default (PB_LANG_JA, &loose);
  t = "一二三四五六七八九十ーー";
  p = set_with (a, t, EM (10), PB_ALIGN_JUSTIFY, 0, PB_LANG_JA, &loose, NULL);
  if (p && p->n_lines > 1)
    INT_EQ (first_cp (t, p->lines[1].start), 0x30FC);
  /* ／ keeps its neighbours */
  t = "一二三四五六七八九十／甲乙";
  p = set (a, t, EM (10), PB_ALIGN_JUSTIFY, 0, NULL);
  if (p && p->n_lines > 1)
    CHECK (first_cp (t, p->lines[1].start) != 0xFF0F && last_cp (t, p->lines[0].end) != 0xFF0F);
  pb_arena_destroy (a);
}

static void
per_line_widths_and_grid (void)
{
  /* text beside a photo: two short lines, then the full measure */
  pb_arena *a = pb_arena_create ();
  const char *t = "高原上的光伏电站建设进展顺利当地群众就近就业收入明显增加生态环境也得到改善";
  pb_fixed widths[3] = {EM (5), EM (5), EM (10)};
  pb_para_spec s = {.text = t, .len = strlen (t), .style = &body, .lang = PB_LANG_ZH_HANS,
                    .width = EM (10), .align = PB_ALIGN_JUSTIFY, .line_widths = widths, .n_line_widths = 3};
  pb_para *p = pb_text_set (fonts, &s, a, (pb_pos) {"t", 1, 1}, NULL);
  CHECK (p && p->n_lines == 5);
  if (p && p->n_lines == 5) {
    INT_EQ (p->lines[0].end, 15);
    INT_EQ (p->lines[1].end, 30);
    INT_EQ (p->lines[2].end, 60);
    for (size_t i = 0; i < p->n_lines; i++)
      CHECK (!p->lines[i].off_grid); /* pure Han stays on the grid */
  }
  /* Latin in a line takes its ideographs off the whole-em grid */
  t = "今年全球光伏新增装机超过500GW其中中国占一半以上国际能源署";
  p = set (a, t, EM (12), PB_ALIGN_JUSTIFY, 0, NULL);
  bool off = false;
  for (size_t i = 0; p && i < p->n_lines; i++)
    off |= p->lines[i].off_grid;
  CHECK (off);
  pb_arena_destroy (a);
}

static void
control_characters_keep_every_byte (void)
{
  /* found by fuzzing: control characters have no cluster of their own;
   * the lines must still cover every byte, in order */
  pb_arena *a = pb_arena_create ();
  const char *t = "\x0b\x0b\x0b正文\r测试\x0b一二三四五六七八九十甲乙丙丁戊己庚辛";
  pb_para *p = set (a, t, EM (5), PB_ALIGN_JUSTIFY, 2, NULL);
  CHECK (p && p->n_lines > 1);
  size_t at = 0;
  for (size_t i = 0; p && i < p->n_lines; i++) {
    INT_EQ (p->lines[i].start, at);
    at = p->lines[i].end;
  }
  INT_EQ (at, strlen (t));
  pb_arena_destroy (a);
}

static void
no_orphan_character (void)
{
  /* 25 ideographs and a full stop in 12-em lines: a naive break leaves
   * 。 with one character on the last line (孤字) */
  pb_arena *a = pb_arena_create ();
  const char *t = "一二三四五六七八九十甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳。";
  pb_para *p = set (a, t, EM (12), PB_ALIGN_JUSTIFY, 0, NULL);
  CHECK (p && p->n_lines == 3);
  if (p && p->n_lines == 3) {
    int chars = 0;
    for (size_t b = p->lines[2].start; b < p->lines[2].end; b += 3)
      chars += first_cp (t, b) != 0x3002;
    CHECK (chars >= 2);
  }
  pb_arena_destroy (a);
}

/* Text that puts every forbidden mark near every position. */
static const char kinsoku_text[] =
  "这是一段测试文字。句号，逗号、顿号：冒号；分号？问号！叹号“引号”和《书名号》还有（括号）"
  "以及【方头括号】都要遵守规则。她说：“我们明天见！”他回答：“好。”然后——破折号——"
  "还有省略号……以及更多的文字。这是一段测试文字，用来检验避头尾的规则是否正确。";

static void
kinsoku_basic (void)
{
  pb_diagnostics *d = pb_diagnostics_create ();
  for (int chars = 6; chars <= 16; chars++) {
    for (int shift = 0; shift < 4; shift++) {
      pb_arena *a = pb_arena_create ();
      const char *text = kinsoku_text;
      for (int k = 0; k < shift; k++) {
        uint32_t c;
        text += pb_utf8_decode (text, 4, &c);
      }
      pb_para *p = set (a, text, chars * body.size, PB_ALIGN_JUSTIFY, 0, d);
      CHECK (p && p->n_lines > 1);
      for (size_t i = 0; p && i < p->n_lines; i++) {
        const pb_line *l = &p->lines[i];
        uint32_t f = first_cp (text, l->start), e = last_cp (text, l->end);
        if (i > 0 && in_set (f, "。，、：；？！”’）》】」』·"))
          { fprintf (stderr, "  line starts with U+%04X at width %d\n", f, chars); CHECK (0); }
        if (i + 1 < p->n_lines && in_set (e, "“‘（《【「『"))
          { fprintf (stderr, "  line ends with U+%04X at width %d\n", e, chars); CHECK (0); }
        /* —— and …… stay whole */
        if (i > 0 && (f == 0x2014 || f == 0x2026) && first_cp (text, l->start - 3) == f)
          { fprintf (stderr, "  pair split at width %d\n", chars); CHECK (0); }
      }
      pb_arena_destroy (a);
    }
  }
  pb_diagnostics_destroy (d);
}

static void
quotes_may_break_after_colon (void)
{
  /* pango's own breaker can never break in 说：“你; paiban's may */
  pb_arena *a = pb_arena_create ();
  const char *t = "一二三四五六七八说：“你好啊朋友们”";
  pb_para *p = set (a, t, 10 * body.size, PB_ALIGN_JUSTIFY, 0, NULL);
  CHECK (p && p->n_lines == 2);
  if (p && p->n_lines == 2)
    INT_EQ (first_cp (t, p->lines[1].start), 0x201C);
  pb_arena_destroy (a);
}

static void
justified_and_last_line (void)
{
  pb_arena *a = pb_arena_create ();
  const char *t = "据Reuters报道，今年全球光伏新增装机超过500GW，其中中国占一半以上。国际能源署的报告认为，"
                  "solar power will be the largest source这一趋势在2030年前不会改变。";
  pb_fixed w = 12 * body.size;
  pb_para *p = set (a, t, w, PB_ALIGN_JUSTIFY, 2, NULL);
  CHECK (p && p->n_lines >= 4);
  for (size_t i = 0; p && i < p->n_lines; i++) {
    pb_fixed target = i == 0 ? w - 2 * body.size : w;
    if (i + 1 < p->n_lines) {
      /* flush on both edges, to a few thousandths of a point; a mark at
       * the end may stick out by its blank half (GB 5.1.10) */
      pb_fixed over = p->lines[i].used - w;
      uint32_t e = last_cp (t, p->lines[i].end);
      CHECK (abs (over) <= 4 || (in_set (e, "，。、；：？！”）") && abs (over - body.size / 2) <= 4));
    } else
      CHECK (p->lines[i].used <= w && p->lines[i].ratio <= 0.0001);
    (void) target;
  }
  /* the first line is indented 2 em */
  if (p)
    INT_EQ (p->lines[0].runs[0].glyphs[0].x, 2 * body.size);
  pb_arena_destroy (a);
}

static void
pure_han_needs_no_adjustment (void)
{
  /* whole-character column: lines of pure Han are set as they are */
  pb_arena *a = pb_arena_create ();
  const char *t = "高原上的光伏电站建设进展顺利当地群众就近就业收入明显增加生态环境也得到改善草场恢复很快";
  pb_para *p = set (a, t, 12 * body.size, PB_ALIGN_JUSTIFY, 0, NULL);
  CHECK (p && p->n_lines == 4);
  for (size_t i = 0; p && i + 1 < p->n_lines; i++) {
    CHECK (p->lines[i].ratio == 0);
    INT_EQ (p->lines[i].natural, 12 * body.size);
  }
  pb_arena_destroy (a);
}

/* Hyphenation of Latin words (pb_typo.hyphenate; libhyphen's English
 * patterns): at every measure from 8 to 20 characters, a line that ends
 * with a hyphen splits a lower-case English word between two letters,
 * leaving at least two before and three after; the hyphen is drawn at the
 * line's end inside the measure; a capitalised name, a number, an
 * address or a contraction is never hyphenated; with hyphenate off no
 * line carries one.  And a narrow column does use it. */
static void
latin_hyphenation (void)
{
  pb_arena *a = pb_arena_create ();
  const char *t = "外籍教师在演讲中说：“our students are remarkably independent and wonderfully curious”，"
                  "学校的课程encourages collaboration between departments，主讲人Christopher Johnson提到"
                  "www.example.org/registration和COVID-19以及they’re understandable这些写法。";
  pb_typo on, off;
  pb_typo_default (PB_LANG_ZH_HANS, &on);
  off = on;
  off.hyphenate = false;
  int hyphens = 0;
  for (int chars = 8; chars <= 20; chars++)
    for (int k = 0; k < 2; k++) {
      pb_para *p = set_with (a, t, chars * body.size, PB_ALIGN_JUSTIFY, 2, PB_LANG_ZH_HANS, k ? &off : &on, NULL);
      CHECK (p != NULL);
      for (size_t i = 0; p && i + 1 < p->n_lines; i++) {
        const pb_line *l = &p->lines[i];
        const pb_run *last = l->n_runs ? &l->runs[l->n_runs - 1] : NULL;
        if (!last || !last->text)
          continue;
        hyphens++;
        CHECK (k == 0);
        /* the word: the letters around the break */
        size_t b0 = l->end, b1 = l->end;
        while (b0 > 0 && isalpha ((unsigned char) t[b0 - 1]))
          b0--;
        while (t[b1] && isalpha ((unsigned char) t[b1]))
          b1++;
        bool lower = true;
        for (size_t q = b0; q < b1; q++)
          lower &= islower ((unsigned char) t[q]) != 0;
        bool alone = (b0 == 0 || !strchr ("./@-'", t[b0 - 1])) && !strchr ("./@-'", t[b1]) &&
                     strncmp (t + b1, "\xe2\x80\x99", 3) != 0 && (b0 < 3 || strncmp (t + b0 - 3, "\xe2\x80\x99", 3) != 0);
        if (!lower || !alone || l->end - b0 < 2 || b1 - l->end < 3) {
          fprintf (stderr, "  width %d: hyphen in \"%.*s\" after %zu letters\n", chars, (int) (b1 - b0), t + b0,
                   l->end - b0);
          CHECK (0);
        }
        pb_fixed left = i == 0 ? EM (2) : 0;
        CHECK (last->x1 <= left + l->width + 4 && last->x1 >= left + l->width - 4);
        CHECK (last->n_glyphs == 1 && last->glyphs[0].glyph != 0);
      }
    }
  CHECK (hyphens >= 5);
  pb_arena_destroy (a);
}

static void
latin_words_and_numbers_whole (void)
{
  pb_arena *a = pb_arena_create ();
  const char *t = "数字4,000和5.2%以及¥100、COVID-19这样的组合还有英文单词example和paiban都要整体保持"
                  "在同一行里不能拆开international cooperation也一样";
  /* from 7 characters every word fits its line ("international" is about
   * 6½ em); narrower, a word wider than the column is broken (wide_words) */
  for (int chars = 7; chars <= 14; chars++) {
    pb_para *p = set (a, t, chars * body.size, PB_ALIGN_JUSTIFY, 0, NULL);
    for (size_t i = 1; p && i < p->n_lines; i++) {
      uint32_t f = first_cp (t, p->lines[i].start), e = last_cp (t, p->lines[i - 1].end);
      bool word = ((f < 0x80 && (f >= '0' && f <= '9')) || (f >= 'a' && f <= 'z') || f == '%' || f == ',' || f == '.') &&
                  ((e >= '0' && e <= '9') || (e >= 'a' && e <= 'z') || e == '.' || e == ',' || e == 0xA5);
      /* a lower-case English word may be hyphenated: split, the line
       * before ends with the hyphen; a number never */
      const pb_line *before = &p->lines[i - 1];
      bool hyphen = before->n_runs && before->runs[before->n_runs - 1].text &&
                    strcmp (before->runs[before->n_runs - 1].text, "-") == 0;
      bool letters = f >= 'a' && f <= 'z' && e >= 'a' && e <= 'z';
      if (hyphen && !letters)
        { fprintf (stderr, "  hyphen where no word is split at width %d: U+%04X|U+%04X\n", chars, e, f); CHECK (0); }
      if (word && !(hyphen && letters))
        { fprintf (stderr, "  split inside a word/number at width %d: U+%04X|U+%04X\n", chars, e, f); CHECK (0); }
    }
  }
  pb_arena_destroy (a);
}

static void
han_latin_gap_and_name_spaces (void)
{
  pb_arena *a = pb_arena_create ();
  /* left-aligned: natural spacing, nothing stretched */
  pb_para *p = set (a, "记者 张三 李四", 30 * body.size, PB_ALIGN_LEFT, 0, NULL);
  CHECK (p && p->n_lines == 1);
  if (p) /* 6 ideographs + two ½ em separators */
    INT_EQ (p->lines[0].used, 7 * body.size);
  p = set (a, "装机500GW以上", 30 * body.size, PB_ALIGN_LEFT, 0, NULL);
  if (p) {
    /* the first digit starts ¼ em after the end of 机, and the digits
     * are half an em wide (hwid): 500 takes 1½ em */
    INT_EQ (glyph_at (&p->lines[0], 6), 2 * body.size + body.size / 4);
    INT_EQ (glyph_at (&p->lines[0], 9) - glyph_at (&p->lines[0], 6), EM (1.5));
  }
  pb_arena_destroy (a);
}

static void
missing_glyph_reported (void)
{
  pb_diagnostics *d = pb_diagnostics_create ();
  pb_arena *a = pb_arena_create ();
  /* U+2A6D6 is in no test font */
  pb_para *p = set (a, "这个字\xF0\xAA\x9B\x96没有。", 20 * body.size, PB_ALIGN_JUSTIFY, 0, d);
  CHECK (p && p->missing_glyphs == 1);
  CHECK (HAS_WARNING (d, "U+2A6D6"));
  /* the text is kept: the line still covers every byte */
  if (p)
    INT_EQ (p->lines[p->n_lines - 1].end, strlen ("这个字\xF0\xAA\x9B\x96没有。"));
  pb_arena_destroy (a);
  pb_diagnostics_destroy (d);
}

static void
long_paragraph_breaks (void)
{
  /* 20,000 characters in one paragraph, and an unbreakable run wider
   * than the measure: both set, nothing lost */
  pb_arena *a = pb_arena_create ();
  size_t n = 20000;
  char *t = malloc (n * 3 + 1);
  for (size_t i = 0; i < n; i++)
    memcpy (t + 3 * i, (i % 17 == 16) ? "，" : "高", 3);
  t[n * 3] = 0;
  pb_para *p = set (a, t, 12 * body.size, PB_ALIGN_JUSTIFY, 2, NULL);
  CHECK (p && p->n_lines > 1600);
  if (p)
    INT_EQ (p->lines[p->n_lines - 1].end, n * 3);
  free (t);
  /* a word wider than the column: broken where it stands, every piece
   * inside the column, every letter kept, reported */
  pb_diagnostics *d = pb_diagnostics_create ();
  const char *w = "Supercalifragilisticexpialidocious";
  p = set (a, w, 5 * body.size, PB_ALIGN_JUSTIFY, 0, d);
  CHECK (p && p->n_lines > 2);
  for (size_t i = 0; p && i < p->n_lines; i++) {
    INT_EQ (p->lines[i].overflow, 0);
    INT_EQ (p->lines[i].word_extra, 0);
  }
  if (p)
    INT_EQ (p->lines[p->n_lines - 1].end, strlen (w));
  CHECK (HAS_WARNING (d, "test:1:1", "is wider than its column"));
  pb_diagnostics_destroy (d);
  /* every such word is reported (a handful, then a count), each excerpt
   * whole characters */
  d = pb_diagnostics_create ();
  const char *many = "Donaudampfschiffahrtsgesellschaftskapitänswitwe 与 Pneumonoultramicroscopicsilicovolcanoconiosis 与 Hippopotomonstrosesquippedaliophobia 和 "
                     "Floccinaucinihilipilification 以及 Antidisestablishmentarianism 还有 "
                     "Pseudopseudohypoparathyroidism 及 Thyroparathyroidectomized 和 "
                     "Honorificabilitudinitatibus";
  p = set (a, many, 5 * body.size, PB_ALIGN_JUSTIFY, 0, d);
  CHECK (p != NULL);
  size_t words = 0;
  for (size_t i = 0; i < pb_diagnostics_count (d); i++) {
    const pb_diagnostic *g = pb_diagnostics_get (d, i);
    words += strstr (g->message, "is wider than its column") != NULL;
    size_t bad;
    size_t ol;
    char *clean = pb_utf8_sanitize (g->message, strlen (g->message), &ol, &bad);
    CHECK (bad == SIZE_MAX);
    free (clean);
  }
  INT_EQ (words, 5);
  CHECK (HAS_WARNING (d, "\"Donaudampfschiffahrtsgesellschaftskapit…\" is wider"));
  CHECK (HAS_WARNING (d, "words wider than the column in this paragraph, not listed: 3"));
  pb_diagnostics_destroy (d);
  pb_arena_destroy (a);
}

static void
dateline_fixed_em (void)
{
  /* the dateline and its text are parted by exactly 1 em at every
   * measure (README: "a fixed 1 em"), however the line is justified; the
   * space goes when a line ends there */
  pb_arena *a = pb_arena_create ();
  const char *t = "本报北京1月11日讯 记者从省能源局获悉，高原上的光伏电站建设进展顺利，当地群众就近就业。";
  size_t dl = strlen ("本报北京1月11日讯");
  pb_span span = {0, dl, PB_SPAN_BOLD | PB_SPAN_DATELINE};
  int seen = 0, seen_narrow = 0;
  for (int chars = 8; chars <= 30; chars++) {
    pb_para_spec s = {.text = t, .len = strlen (t), .spans = &span, .n_spans = 1, .style = &body,
                      .lang = PB_LANG_ZH_HANS, .width = chars * body.size, .align = PB_ALIGN_JUSTIFY,
                      .indent_em = 2};
    pb_para *p = pb_text_set (fonts, &s, a, (pb_pos) {"test", 1, 1}, NULL);
    CHECK (p != NULL);
    /* the dateline is one unit: no line ends inside it when it fits on
     * the first line (2 em of indent, 9 em of dateline and its 1 em);
     * in a narrower column never inside its date (1月11日) */
    size_t end0 = p ? p->lines[0].end : 0;
    bool digit_edge = end0 > 0 && (isdigit ((unsigned char) t[end0 - 1]) || isdigit ((unsigned char) t[end0]));
    if (p && end0 < dl && (chars >= 11 || digit_edge)) {
      fprintf (stderr, "  %d em: the dateline breaks after \"%.*s\"\n", chars, (int) end0, t);
      CHECK (0);
    }
    seen_narrow += p && end0 < dl;
    for (size_t i = 0; p && i < p->n_lines; i++) {
      const pb_line *l = &p->lines[i];
      if (l->start >= dl || l->end <= dl + 1)
        continue; /* the boundary is not inside this line */
      pb_fixed before = glyph_at (l, dl - 3), after = glyph_at (l, dl + 1); /* 讯 and 记 */
      INT_EQ (after - before, 2 * body.size);
      seen++;
    }
  }
  CHECK (seen > 15);
  CHECK (seen_narrow >= 2); /* 8 and 9 em: the dateline had to break */
  pb_arena_destroy (a);
}

static void
right_to_left_names (void)
{
  /* an Arabic or Hebrew name inside Chinese reads right to left (the bidi
   * algorithm over pango's levels); its glyphs are kept in logical order,
   * each at its visual place, so that the PDF's text is in reading order */
  pb_arena *a = pb_arena_create ();
  const char *t = "据以色列专家דוד כהן介绍，学者محمد علي表示。";
  pb_para *p = set (a, t, 40 * body.size, PB_ALIGN_LEFT, 0, NULL);
  CHECK (p && p->n_lines == 1);
  size_t he = strstr (t, "דוד") - t, he_last = strstr (t, "ן") - t;
  size_t ar = strstr (t, "محمد") - t, ar_last = strstr (t, "ي") - t;
  size_t han_before = strstr (t, "家") - t, han_after = strstr (t, "介") - t;
  if (p) {
    const pb_line *l = &p->lines[0];
    pb_fixed first = glyph_at (l, he), last = glyph_at (l, he_last);
    CHECK (first > last);                                  /* ד right of ן */
    CHECK (glyph_at (l, han_before) < last);               /* the run between the Han around it */
    CHECK (glyph_at (l, han_after) > first);
    CHECK (glyph_at (l, ar) > glyph_at (l, ar_last));
    /* the words of a name in the order of its script: محمد rightmost */
    pb_fixed w1 = glyph_at (l, ar), w2 = glyph_at (l, strstr (t, "علي") - t);
    CHECK (w1 > w2);
    /* every byte still covered, in logical order within each run */
    for (size_t r = 0; r < l->n_runs; r++) {
      size_t bytes = 0;
      for (int c = 0; c < l->runs[r].n_clusters; c++)
        bytes += (size_t) l->runs[r].clusters[2 * c];
      INT_EQ (bytes, l->runs[r].end - l->runs[r].start);
    }
  }
  pb_arena_destroy (a);
}

/* xorshift: the same pseudo-random copy on every machine */
static uint32_t rng_state = 2463534242u;
static uint32_t
rnd (uint32_t n)
{
  rng_state ^= rng_state << 13;
  rng_state ^= rng_state >> 17;
  rng_state ^= rng_state << 5;
  return rng_state % n;
}

static void
nothing_leaves_its_column (void)
{
  /* The kind: text never stands out of its column and letters are never
   * spaced apart, whatever the copy — Latin words of any length, web and
   * e-mail addresses, paths, numbers, Han, marks — at any measure and
   * alignment.  2,000 generated paragraphs. */
  static const char *const pieces[] = {
    "高原", "光伏电站", "，", "。", "“并网”", "（记者）", "2026年", "11月", "4,500米", "5.2%", " ", " ",
    "word", "international", "cooperation", "Supercalifragilisticexpialidocious",
    "www.example-tourism-bureau.gov.cn/news/2026/notice-index.html", "https://paiban.example.org/a?x=1&y=2",
    "service_desk@example-tourism-bureau.gov.cn", "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "C:\\Users\\editor\\Desktop\\稿件.docx", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    "——", "……", "、", "：", "COVID-19", "GDP", "ISO 12647-3", "的", "是", "在", "新闻",
    "דוד כהן ", "محمد علي "};
  pb_arena *a = pb_arena_create ();
  int lines = 0, broken_words = 0;
  for (int k = 0; k < 2000; k++) {
    char text[4096] = "";
    int n = 1 + (int) rnd (30);
    for (int i = 0; i < n; i++)
      strncat (text, pieces[rnd (sizeof pieces / sizeof pieces[0])], sizeof text - strlen (text) - 1);
    /* from 2 em (a first line indented 2 em keeps 2 em of its own) */
    int indent = (int) rnd (3), chars = indent + 2 + (int) rnd (24);
    pb_align align = (pb_align) rnd (4);
    pb_diagnostics *d = pb_diagnostics_create ();
    pb_para *p = set_with (a, text, chars * body.size, align, indent, (pb_lang) rnd (PB_LANG_COUNT), NULL, d);
    CHECK (p != NULL);
    size_t at = 0;
    for (size_t i = 0; p && i < p->n_lines; i++) {
      const pb_line *l = &p->lines[i];
      lines++;
      /* the lines cover the text; none stands out (a single cluster wider
       * than the column is the one exception: 2 em and wider glyphs) */
      CHECK (l->start == at || (i == 0 && l->start <= 3));
      at = l->end;
      uint32_t cp;
      size_t cl = pb_utf8_decode (text + l->start, l->end - l->start, &cp);
      bool one_cluster = cl == l->end - l->start;
      if (l->overflow > 0 && !one_cluster) {
        fprintf (stderr, "  %d em (indent %d, line %zu, align %d): line \"%.*s\" stands out %.2f pt in \"%s\"\n",
                 chars, indent, i, (int) align, (int) (l->end - l->start), text + l->start,
                 PB_TO_PT (l->overflow), text);
        CHECK (0);
      }
      /* and no glyph is drawn past the measure: trailing spaces hang (at
       * the paragraph's level, UAX #9 rule L1, even after a right-to-left
       * name), a mark's blank may (1 em of slack after a mark) */
      size_t last_vis = l->end;
      while (last_vis > l->start && text[last_vis - 1] == ' ')
        last_vis--;
      size_t lb = last_vis > l->start ? last_vis - 1 : l->start;
      while (lb > l->start && (text[lb] & 0xC0) == 0x80)
        lb--;
      uint32_t lcp = 0;
      if (lb < last_vis)
        pb_utf8_decode (text + lb, last_vis - lb, &lcp);
      bool mark = !(lcp >= 0x4E00 && lcp <= 0x9FFF) && !(lcp < 0x80 && isalnum ((int) lcp)) &&
                  !(lcp >= 0x590 && lcp < 0x700); /* not Han, Latin, Hebrew or Arabic letters */
      pb_fixed left = i == 0 ? indent * body.size : 0; /* a line's measure starts after its indent */
      if (!one_cluster && l->used > left + l->width + (mark ? body.size : 1)) {
        fprintf (stderr, "  line \"%.*s\" is drawn %.2f pt past its measure (%d em, indent %d, align %d, natural %.2f, lang %d)\n",
                 (int) (l->end - l->start), text + l->start, PB_TO_PT (l->used - left - l->width), chars, indent,
                 (int) align, PB_TO_PT (l->natural), 0);
        CHECK (0);
      }
      if (!runs_represent_text (text, l)) {
        fprintf (stderr, "  line \"%.*s\": its runs do not represent its text (cairo would refuse them)\n",
                 (int) (l->end - l->start), text + l->start);
        CHECK (0);
      }
      if (l->word_extra != 0) {
        fprintf (stderr, "  line \"%.*s\" is letter-spaced\n", (int) (l->end - l->start), text + l->start);
        CHECK (0);
      }
    }
    if (p)
      CHECK (at == strlen (text));
    broken_words += HAS_WARNING (d, "is wider than its column");
    pb_diagnostics_destroy (d);
  }
  CHECK (broken_words > 100);
  printf ("  %d lines of 2000 generated paragraphs inside their columns; %d paragraphs with a word broken\n", lines,
          broken_words);
  pb_arena_destroy (a);
}

/* Latin copy fills its lines: an English paragraph, and English quoted
 * inside Chinese, at every measure from 10 to 30 em — no line but the
 * last falls under 60 % of its measure (a word set alone on a line while
 * the next would fit beside it). */
static void
latin_lines_filled (void)
{
  pb_arena *a = pb_arena_create ();
  static const char *const texts[] = {
    "The quick brown fox jumps over the lazy dog while the reporters watch the new railway open in the highlands "
    "and the farmers bring their sheep down from the summer pastures before the first snow of the year.",
    "发言人表示：“We will continue to support the development of renewable energy in the region and hope to "
    "work with all partners.”随后记者提问。"};
  int short_lines = 0, lines = 0;
  for (int k = 0; k < 2; k++)
    for (int chars = 10; chars <= 30; chars++) {
      pb_para *p = set_with (a, texts[k], chars * body.size, PB_ALIGN_JUSTIFY, 2, k ? PB_LANG_ZH_HANS : PB_LANG_EN,
                             NULL, NULL);
      CHECK (p != NULL);
      for (size_t i = 0; p && i + 1 < p->n_lines; i++, lines++) {
        bool han = false; /* Latin lines only: a Chinese line is the typography report's */
        for (size_t b = p->lines[i].start; b < p->lines[i].end; b++)
          han |= (unsigned char) texts[k][b] >= 0xE4 && (unsigned char) texts[k][b] <= 0xE9;
        if (!han && p->lines[i].natural * 10 < p->lines[i].width * 6) {
          fprintf (stderr, "  %d em: line \"%.*s\" fills %.0f %% of its measure\n", chars,
                   (int) (p->lines[i].end - p->lines[i].start), texts[k] + p->lines[i].start,
                   100.0 * p->lines[i].natural / p->lines[i].width);
          short_lines++;
        }
      }
    }
  CHECK (short_lines == 0);
  CHECK (lines > 100);
  pb_arena_destroy (a);
}

/* A soft hyphen (U+00AD) in the copy is not a break: paiban does not
 * hyphenate, and a line ending there would show no hyphen.  Words with
 * soft hyphens, at every measure where they fit whole. */
static void
soft_hyphen_not_a_break (void)
{
  pb_arena *a = pb_arena_create ();
  const char *t = "国际合作inter\u00ADnational co\u00ADoper\u00ADation新闻hy\u00ADphen\u00ADation报道。";
  int lines = 0;
  for (int chars = 7; chars <= 30; chars++) {
    pb_para *p = set (a, t, chars * body.size, PB_ALIGN_JUSTIFY, 0, NULL);
    CHECK (p != NULL);
    for (size_t i = 0; p && i + 1 < p->n_lines; i++, lines++)
      if (p->lines[i].end >= 2 && memcmp (t + p->lines[i].end - 2, "\u00AD", 2) == 0) {
        fprintf (stderr, "  %d em: a line ends at a soft hyphen: \"%.*s\"\n", chars,
                 (int) (p->lines[i].end - p->lines[i].start), t + p->lines[i].start);
        CHECK (0);
      }
  }
  CHECK (lines > 10);
  pb_arena_destroy (a);
}

int
main (void)
{
  pb_diagnostics *d = pb_diagnostics_create ();
  fonts = pb_fonts_create (PB_SOURCE_DIR "/fonts/test-fonts.conf", d);
  if (!fonts) {
    dump_diags (d);
    return 1;
  }
  for (int l = 0; l < PB_LANG_COUNT; l++)
    body.family[l] = "Noto Serif CJK SC";
  body.size = PB_PT (10);
  body.weight = 400;
  CHECK (pb_fonts_check_family (fonts, "Noto Serif CJK SC", 400, (pb_pos) {0}, d));
  CHECK (!pb_fonts_check_family (fonts, "No Such Family", 400, (pb_pos) {"x.yaml", 1, 1}, d));
  CHECK (HAS_ERROR (d, "x.yaml:1:1", "'No Such Family'", "fontconfig query"));
  static const pb_test_case cases[] = {
    {"kinsoku_basic", kinsoku_basic},
    {"quotes_may_break_after_colon", quotes_may_break_after_colon},
    {"justified_and_last_line", justified_and_last_line},
    {"pure_han_needs_no_adjustment", pure_han_needs_no_adjustment},
    {"latin_words_and_numbers_whole", latin_words_and_numbers_whole},
    {"latin_hyphenation", latin_hyphenation},
    {"han_latin_gap_and_name_spaces", han_latin_gap_and_name_spaces},
    {"missing_glyph_reported", missing_glyph_reported},
    {"long_paragraph_breaks", long_paragraph_breaks},
    {"nothing_leaves_its_column", nothing_leaves_its_column},
    {"dateline_fixed_em", dateline_fixed_em},
    {"right_to_left_names", right_to_left_names},
    {"soft_hyphen_not_a_break", soft_hyphen_not_a_break},
    {"latin_lines_filled", latin_lines_filled},
    {"punctuation_pairs_compressed", punctuation_pairs_compressed},
    {"line_end_trim_and_hanging", line_end_trim_and_hanging},
    {"kinsoku_levels", kinsoku_levels},
    {"no_orphan_character", no_orphan_character},
    {"control_characters_keep_every_byte", control_characters_keep_every_byte},
    {"per_line_widths_and_grid", per_line_widths_and_grid},
  };
  int r = pb_test_run (cases, sizeof cases / sizeof cases[0]);
  pb_fonts_destroy (fonts);
  pb_diagnostics_destroy (d);
  return r;
}
