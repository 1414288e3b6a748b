/* text: a paragraph + a style + a line width → lines of positioned glyph
 * runs.  pango itemises and shapes (harfbuzz); paiban's own breaker
 * (breaker.c) chooses the lines over a box/glue/penalty model whose glue
 * table lives in classes.c, so either can be replaced alone. */
#ifndef PB_TEXT_H
#define PB_TEXT_H

#include "doc/doc.h"

#include <cairo.h>
#include <pango/pango.h>

/* Fonts: one font map and context per engine; fonts get small ids that
 * display lists carry instead of pointers. */
typedef struct pb_fonts pb_fonts;
pb_fonts *pb_fonts_create (const char *fontconfig_file, pb_diagnostics *diags);
void pb_fonts_destroy (pb_fonts *fonts);
PangoFont *pb_fonts_get (const pb_fonts *fonts, int id);
int pb_fonts_count (const pb_fonts *fonts);
/* Reports (once per family and weight) when fontconfig does not have the
 * family asked for.  Returns false then. */
bool pb_fonts_check_family (pb_fonts *fonts, const char *family, int weight, pb_pos pos,
                            pb_diagnostics *diags);
/* The blank parts of a full-width mark, learned from the font's halt
 * feature: left blank and total blank as fractions of its advance. */
void pb_fonts_halt (pb_fonts *fonts, PangoFont *font, uint32_t cp, const char *lang, double *left,
                    double *total);
/* ICU's line breaker (words: its word breaker) for a language, opened on
 * first use and kept; NULL without ICU data.  Not for concurrent use. */
struct UBreakIterator *pb_fonts_breaker (pb_fonts *fonts, bool words, pb_lang lang);
/* libhyphen's English patterns (Debian: hyphen-en-us), loaded on first
 * use and kept; NULL when they are not installed — then *report_missing
 * is true the first time only, for one warning per run.  Read-only once
 * loaded. */
#define PB_HYPHEN_PATTERNS "/usr/share/hyphen/hyph_en_US.dic"
struct _HyphenDict *pb_fonts_hyphenator (pb_fonts *fonts, bool *report_missing);

typedef struct {
  uint32_t glyph;
  pb_fixed x, y;            /* x from the line's left edge; y from the baseline */
} pb_glyph;

typedef struct {
  int font;                 /* id in pb_fonts */
  pb_fixed em;              /* its font size */
  pb_color color;
  size_t start, end;        /* bytes of the paragraph text */
  pb_glyph *glyphs;
  int n_glyphs;
  int *clusters;            /* n_clusters pairs: bytes, glyphs */
  int n_clusters;
  const char *text;         /* text of its own (the hyphen hyphenation
                               adds, a string literal; start == end), or
                               NULL: the paragraph's bytes start..end */
  pb_fixed x0, x1;          /* pen position at its start and end (its
                               glyphs are in logical order, each at its
                               visual place: a right-to-left run's go
                               leftwards) */
} pb_run;

/* Subset fonts for drawing PDF pages (issue 13).  A run that draws a
 * layout marks the glyphs each font id draws (pb_fonts_drawing_use, after
 * pb_fonts_drawing_begin returned true: a new owner, the marks of the
 * previous one dropped); pb_fonts_drawing_font gives the font's face cut
 * to those glyphs (hb-subset; one cut per face, its sizes share it), made
 * on first use, for glyphs[0..n), and in *new_id the cut's id of each glyph id of the face (draw
 * glyph g as new_id[g]) — or NULL when one of them was not marked or the
 * cut could not be made: then draw with the whole font.  Both belong to
 * the fonts.  Not for concurrent use (the renderer's fonts lock). */
bool pb_fonts_drawing_begin (pb_fonts *fonts, const void *owner);
void pb_fonts_drawing_use (pb_fonts *fonts, int id, uint32_t glyph);
cairo_scaled_font_t *pb_fonts_drawing_font (pb_fonts *fonts, int id, const pb_glyph *glyphs, size_t n,
                                            const uint32_t **new_id);

typedef struct {
  pb_run *runs;
  size_t n_runs;
  size_t start, end;        /* bytes of the paragraph text */
  pb_fixed width;           /* the measure the line was set to */
  pb_fixed natural;         /* its natural width */
  pb_fixed used;            /* right edge of the last glyph's advance */
  double ratio;             /* adjustment ratio (stretch > 0, shrink < 0) */
  pb_fixed ideo_extra;      /* the most space added between two ideographs */
  pb_fixed ideo_open;       /* the space between two ideographs had the
                               marks' outer sides taken no share of the
                               even spread: how far the line is opened
                               up, what 变栏 and composition judge by */
  pb_fixed word_extra;      /* the most space added inside a Latin word or an
                               address (letter-spacing): always 0 */
  pb_fixed overflow;        /* how far the line stands out past its measure
                               (blanks of marks at its end not counted); 0
                               but for a single cluster wider than the measure */
  bool last;                /* the paragraph's last line */
  bool off_grid;            /* an ideograph is not on a whole-em position */
} pb_line;

typedef struct {
  const char *text;         /* UTF-8, valid */
  size_t len;
  const pb_span *spans;
  size_t n_spans;
  const pb_style *style;
  const pb_style *credit_style; /* spans flagged PB_SPAN_CREDIT (family,
                                   size, weight, colour); NULL: style */
  pb_lang lang;
  pb_fixed width;           /* line width */
  pb_align align;
  const pb_typo *typo;      /* NULL: the language's profile */
  double indent_em;         /* first-line indent */
  bool break_at_spaces;     /* headlines: end lines at the copy's spaces
                               when it has any (词组 kept whole), else
                               between words (ICU's dictionary) and not
                               beside a number */
  bool comma_as_space;      /* a headline's ，between two characters shown
                               as a full-width space, as Chinese papers set
                               headlines; the copy's comma stays in the
                               text layer (/ActualText) */
  bool first_fit;           /* greedy first-fit instead of total fit (for
                               the benchmark's comparison) */
  int looseness;            /* copy-fitting: +1 sets the paragraph in as many
                               lines as its marks and Latin spaces allow
                               without spacing out ideographs, −1 in as few
                               as shrinking allows; 0 the best */
  const pb_fixed *line_widths; /* per-line measures (text beside a photo);
                                  the last repeats; NULL: width and indent */
  size_t n_line_widths;
} pb_para_spec;

typedef struct {
  pb_line *lines;
  size_t n_lines;
  size_t missing_glyphs;    /* characters no font had */
  int word_splits;          /* break_at_spaces: lines ending inside a word,
                               a number and what it counts, a short
                               quotation or a Latin name */
} pb_para;

/* Sets a paragraph; lines and runs are allocated in arena.  Missing
 * glyphs are reported at pos.  NULL only on allocation failure. */
pb_para *pb_text_set (pb_fonts *fonts, const pb_para_spec *spec, pb_arena *arena, pb_pos pos,
                      pb_diagnostics *diags);
/* The same paragraph at looseness −1, 0 and +1 (spec->looseness is not
 * looked at) into out[0..2], shaped once.  False on failure. */
bool pb_text_set_loose (pb_fonts *fonts, const pb_para_spec *spec, pb_arena *arena, pb_pos pos,
                        pb_diagnostics *diags, pb_para *out[3]);

/* ---- internals shared by the text module's files ---- */

typedef enum {
  PB_CC_IDEO,     /* Han, kana, hangul, full-width forms */
  PB_CC_ALNUM,    /* Latin letters, digits, other narrow text */
  PB_CC_OPEN,     /* opening brackets and quotes */
  PB_CC_CLOSE,    /* closing brackets and quotes */
  PB_CC_STOP,     /* 、，。．：；！？ */
  PB_CC_NS,       /* may not start a line: · ～ 々 ー small kana % … */
  PB_CC_DASH,     /* — (two make ——) */
  PB_CC_ELLIPSIS, /* … (two make ……) */
  PB_CC_SPACE,    /* breaking space */
  PB_CC_GLUE,     /* no-break space, joiners */
} pb_char_class;

pb_char_class pb_char_class_of (uint32_t cp);
bool pb_char_is_han (uint32_t cp);
bool pb_char_is_cjk_text (uint32_t cp); /* Han, kana, hangul (spacing to Latin applies) */

/* One shaped cluster (the unit the breaker moves). */
typedef struct {
  size_t start, end;        /* bytes */
  int item;                 /* index of its pango item / glyph string */
  int glyph0, n_glyphs;     /* in that glyph string */
  pb_fixed width;
  pb_fixed em;              /* font size of its item */
  uint32_t cp;              /* first code point */
  pb_char_class cls;
  bool fullwidth;           /* advance is about 1 em */
  pb_fixed blank_l, blank_r; /* blank parts of a full-width mark (from halt) */
  pb_fixed end_trim;        /* taken off the measure when a line ends here */
  pb_fixed start_trim;      /* taken off when a line starts here */
  bool counts;              /* a character, not punctuation or space (孤字) */
  bool dateline_space;      /* the space after a dateline: a fixed 1 em */
  uint8_t level;            /* bidi embedding level (odd: right to left) */
} pb_atom;

/* The gap after an atom: glue and whether a line may end there. */
enum { PB_PRIO_SPACE, PB_PRIO_MIXED, PB_PRIO_PUNCT, PB_PRIO_PUNCT_LAST, PB_PRIO_IDEO, PB_PRIO_FIXED };
typedef struct {
  pb_fixed natural, stretch, shrink;
  int prio;                 /* which adjustment class (PB_PRIO_*) */
  bool can_break;
  int penalty;              /* cost of breaking here */
  pb_fixed extra;           /* last-resort stretch, used before the space
                               between ideographs (Han–Latin up to ½ em) */
  pb_fixed extra_shrink;    /* last-resort shrink (Han–Latin down to 0) */
  pb_fixed hyphen;          /* > 0: a hyphenation point inside a Latin word;
                               the hyphen's width, added when a line ends
                               here */
  pb_fixed ideo_stretch;    /* a mark's outer side, once its own stretch
                               is spent: its share of the even spread
                               between characters (jlreq §3.8.3, clreq
                               §3.5.4: "evenly between all characters"
                               where a line may break) */
} pb_gap;

/* Whether a line that ends after atom j (j + 1 < n) ends inside a run of
 * ASCII without a space — a web or e-mail address, a file path — and
 * not at a hyphenation point.  Such a line that its marks, Latin spaces
 * and Han–Latin gaps cannot fill is set flush to its start edge, short,
 * rather than its ideographs spaced out to keep the address whole
 * (pb_break_costs.flush_short prices it). */
static inline bool
pb_ends_in_address (const pb_atom *atoms, const pb_gap *gaps, size_t n, size_t j)
{
  return j + 1 < n && atoms[j].cp > 0x20 && atoms[j].cp < 0x7F && atoms[j + 1].cp > 0x20 && atoms[j + 1].cp < 0x7F &&
         gaps[j].hyphen == 0;
}

/* Break opportunities inside web addresses, e-mail addresses and file
 * paths (runs of printable ASCII that look like one): after / . ?,
 * before @ - _ & = #, and nowhere else; breaks[i] tells whether a line may
 * break before byte i (ICU's map, changed in place). */
void pb_url_breaks (const char *text, size_t len, bool *breaks);

/* Glue and break opportunities between atoms under a typography profile;
 * icu_breaks[i] tells whether ICU's line breaker allows a break before
 * byte i (for Latin runs).  Also sets each atom's line-edge trims. */
void pb_glue_compute (pb_atom *atoms, size_t n, const bool *icu_breaks, const pb_typo *typo,
                      pb_gap *gaps);

/* Knuth–Plass total fit: chooses breaks; breaks[] receives the atom index
 * that ends each line.  widths[k] is line k's width (the last repeats).
 * justify=false sets ragged lines (no stretch, balanced).  costs: the
 * layout's (pb_break_costs of doc.h). */
size_t pb_break_paragraph (const pb_atom *atoms, const pb_gap *gaps, size_t n,
                           const pb_fixed *widths, size_t n_widths, bool justify, int looseness,
                           const pb_break_costs *costs, size_t *breaks);
/* Greedy first fit over the same model: each line takes as much as fits
 * (shrinking if need be).  For comparison only. */
size_t pb_break_first_fit (const pb_atom *atoms, const pb_gap *gaps, size_t n,
                           const pb_fixed *widths, size_t n_widths, size_t *breaks);

#endif
