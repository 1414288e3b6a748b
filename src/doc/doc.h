/* The document model: edition → pages → placements; articles → blocks;
 * the layout template with its styles.  Plain data, owned by the
 * edition's arena; every node keeps its source position. */
#ifndef PB_DOC_H
#define PB_DOC_H

#include "base/base.h"

typedef enum { PB_LANG_ZH_HANS, PB_LANG_ZH_HANT, PB_LANG_JA, PB_LANG_EN, PB_LANG_COUNT } pb_lang;
const char *pb_lang_tag (pb_lang lang);          /* "zh-Hans" … */
bool pb_lang_parse (const char *s, pb_lang *out);

typedef enum { PB_ALIGN_JUSTIFY, PB_ALIGN_LEFT, PB_ALIGN_CENTER, PB_ALIGN_RIGHT } pb_align;

/* Typography by language (TYPOGRAPHY.md): the regional profile, which a
 * layout template may override knob by knob. */
typedef enum {
  PB_KINSOKU_NONE,   /* only never split ——, ……, numbers, words */
  PB_KINSOKU_BASIC,  /* the default: no line starts with a closing mark … */
  PB_KINSOKU_GB,     /* basic, and —— or …… at a line start is avoided */
  PB_KINSOKU_STRICT, /* GB, and —— or …… never start a line */
  PB_KINSOKU_LOOSE   /* jlreq's newspaper level: ー 々 small kana may start a line */
} pb_kinsoku;

/* The line breaker's costs (Knuth–Plass total fit, src/text/breaker.c),
 * as TeX's \linepenalty, \adjdemerits and \tolerance are parameters.
 * A line's demerits are (line_penalty + badness)² + penalty², badness
 * 100·|r|³ for an adjustment ratio r (capped at badness_cap), where
 * r = 1 means every preferred stretch (Latin spaces, Han–Latin gaps,
 * marks' blanks) is used and each further 1 spaces ideographs by another
 * 1/12 em.  Layout key `breaking:` (see README) sets any of them. */
typedef struct {
  double tolerance;      /* largest r of the first pass (2: ideographs up
                            to 1/12 em apart); beyond it only when no way
                            through is found */
  double line_penalty;   /* added to each line's badness (TeX: 10) */
  double adj_demerits;   /* two neighbouring lines whose fitness classes
                            (tight, decent, loose, very loose) are more
                            than one apart (TeX: 10000; 3000 here, as CJK
                            lines vary less) */
  double badness_cap;    /* the most badness a line can have (1e7) */
  double flush_short;    /* a short line with nothing to stretch that
                            ends inside a run without spaces (a piece of
                            a web address) is set flush to its start
                            edge, at r = 1 + flush_short × the share of
                            the measure it lacks (4: a line a quarter
                            short costs as much as ideographs spaced 1/12
                            em apart, far less than spacing them out an
                            em to keep an address whole); a word alone on
                            its line costs badness_cap */
  double orphan;         /* 孤字: a last line of one character (or one and
                            its punctuation).  5e7 is the cost of a line
                            whose ideographs are spaced about ¼ em apart
                            (r ≈ 4): the breaker takes any line up to that
                            before it leaves a 孤字 */
  double overfull;       /* a line wider than the measure when nothing
                            fits (1e9) */
  double loose_line;     /* copy-fitting (looseness ±1): the bonus or
                            cost per line (1e6), at r within ±loose_ratio */
  double loose_ratio;    /* 1: stretch that leaves ideographs alone */
  double hyphen_penalty; /* a line that ends at a hyphenation point of a
                            Latin word (TeX's \hyphenpenalty: 50) */
  double double_hyphen;  /* two hyphenated lines in a row (TeX's
                            \doublehyphendemerits: 10000) */
  double final_hyphen;   /* the last line but one hyphenated (TeX's
                            \finalhyphendemerits: 5000) */
} pb_break_costs;

/* TeX-like defaults, tuned on CJK news copy (docs/typography.md). */
void pb_break_costs_default (pb_break_costs *out);

/* The page composer's weights (src/flow/compose.c): what each departure
 * from the ideal page costs, so that the cheapest arrangement of a page's
 * articles wins.  White is the heaviest.  Weights marked q are in quarter
 * points per text column of the module (the cost grows with its width);
 * the others in points.  Layout key `composition:` sets any of them. */
typedef struct {
  int white;           /* a grid cell left white (8) */
  int spaced_div;      /* a body spaced out: its per mille of spaced
                          lines over this (10) */
  int spaced_over;     /* …and this more when over PB_SPACED_MAX ‰ (200) */
  int loose_q;         /* body set one line looser or tighter (2) */
  int photo_line_q;    /* a photo a line off its natural height (1) */
  int photo_span_q;    /* a photo a column off its natural width (4) */
  int fewer_cols_q;    /* 变栏: the body in one text column fewer (16) */
  int fewer_cols;      /* …plus (8) */
  int head_step_q;     /* a headline a size step off its priority's (4) */
  int head_pad_q;      /* a row opened round the headline block, per
                          column plus one (3) */
  int min_depth;       /* rows a module's columns want below its headline
                          block before it reads as a ribbon (14) */
  int shallow_q;       /* each row short of that (12) */
  int lead_narrow_q;   /* each column the lead story is narrower than the
                          page (40) */
  int side_by_side_q;  /* headlines side by side at one height, not beside
                          the lead: a vertical cut (24) */
} pb_compose_weights;

void pb_compose_weights_default (pb_compose_weights *out);

typedef struct {
  pb_kinsoku kinsoku;
  bool compress;         /* adjacent marks 1.5 em (the blank between them goes) */
  bool shrink_marks;     /* the blanks of marks may shrink to justify a line */
  bool trim_line_end;    /* a mark at a line end loses its blank (GB/T 15834-2011 §5.1.10) */
  bool trim_line_start;  /* an opening bracket at a line start loses its blank */
  bool hanging;          /* ，。、 may hang into the gutter */
  bool halfwidth_digits; /* digits set half an em wide (hwid), two to a cell */
  double han_latin;      /* Han–Latin gap in em, */
  double han_latin_min;  /*   shrinking to */
  double han_latin_max;  /*   stretching to */
  double interpunct;     /* the cell of 间隔号 · between ideographs, em: ½
                            centred in zh-Hans (GB/T 15834-2011 §4.14, §5.1.7), 1 in
                            zh-Hant and ja (・); 0: the glyph's own width */
  bool headline_comma_space; /* a headline's ，set as a full-width space
                               (Chinese papers' practice; key
                               headline_comma: space | comma) */
  pb_break_costs breaking; /* the breaker's costs (layout key `breaking`) */
  bool hyphenate;        /* lower-case English words of justified copy
                            may be hyphenated (libhyphen, TeX's patterns);
                            on by default */
  double indent;         /* a body paragraph's first-line indent in em,
                            over the body style's; < 0: the style's (2 em,
                            clreq: Chinese paragraphs indent 2 em); ja:
                            1 em (jlreq: a paragraph's first line is
                            indented one full-width character, 1字下げ) */
} pb_typo;

/* The regional profile of a language: zh-Hans (GB), zh-Hant (CNS), ja
 * (JIS, newspaper kinsoku), en. */
void pb_typo_default (pb_lang lang, pb_typo *out);

/* A colour as the model and the display list carry it: the value for the
 * press in its colour space, and its RGB rendering for the screen outputs
 * (the RGB PDF, page images).  Templates write "#RRGGBB", "cmyk(C,M,Y,K)"
 * (ink in %, 0–100), "gray(K)" (black ink in %), or a press value and its
 * screen rendering together: "cmyk(0,100,100,25) #B00000".  An RGB colour
 * goes to the press through the plant's profile (neutral: black ink only,
 * see pb_press_profile_ink). */
typedef enum { PB_COLOR_RGB, PB_COLOR_GRAY, PB_COLOR_CMYK } pb_color_space;
typedef struct {
  uint32_t rgb;           /* 0xRRGGBB: the screen rendering */
  uint8_t space;          /* pb_color_space of the press value */
  uint8_t ink[4];         /* GRAY, CMYK: ink in % (C, M, Y, K; GRAY: K only) */
} pb_color;
#define PB_COLOR_BLACK ((pb_color) {0x000000, PB_COLOR_RGB, {0, 0, 0, 0}})
bool pb_color_equal (pb_color a, pb_color b);

/* The plant's CMYK output profile (ICC, device class 'prtr'), opened with
 * Little CMS: colour conversions for the press PDF and for the screen
 * rendering of press colours.  Thread-safe (its transforms are made once,
 * on first use, under a lock, and have no pixel cache). */
typedef struct pb_press_profile pb_press_profile;
/* NULL when the bytes are not a CMYK output profile (*why says what it
 * is: static text) or out of memory; icc is copied. */
pb_press_profile *pb_press_profile_open (const unsigned char *icc, size_t len, const char **why);
void pb_press_profile_destroy (pb_press_profile *p);
/* Its description (static storage of the profile; "" when none). */
const char *pb_press_profile_description (const pb_press_profile *p);
/* The screen rendering (sRGB, relative colorimetric) of press ink
 * (fractions 0–1, C M Y K). */
uint32_t pb_press_profile_screen (pb_press_profile *p, const double ink[4]);
/* The press ink (fractions 0–1) for a colour: GRAY and CMYK as given; RGB
 * through the profile (sRGB → CMYK, relative colorimetric with black point
 * compensation), but a neutral RGB (R = G = B) on black ink alone, at the
 * tint whose lightness the profile prints as the grey's (so black text,
 * rules and greys stay on the K plate). */
void pb_press_profile_ink (pb_press_profile *p, pb_color c, double ink[4]);
/* Pixels to the plant's CMYK (8-bit, 255 = full ink), relative
 * colorimetric with black point compensation, through the profile's
 * separation (and its ink limit).  src_components 1 (grey), 3 (RGB) or 4
 * (CMYK; inverted: Adobe's 255 = no ink); src_icc the pixels' own profile
 * or NULL (sRGB; grey: gamma 2.2; CMYK: the plant's).  One thread's.
 * flat: the pixels come in runs of one colour (drawn art, ads): Little
 * CMS's one-pixel cache is kept (for photos it costs a quarter of the
 * time and saves nothing). */
typedef struct pb_press_transform pb_press_transform;
pb_press_transform *pb_press_transform_create (const pb_press_profile *p, const unsigned char *src_icc,
                                               size_t src_icc_len, int src_components, bool inverted, bool flat);
void pb_press_transform_pixels (pb_press_transform *t, const unsigned char *in, unsigned char *out, size_t n);
void pb_press_transform_destroy (pb_press_transform *t);

/* The stand-in press profile shipped in the layouts folder's profiles/
 * (used when a layout names none; see layouts/profiles/README.md). */
#define PB_PRESS_PROFILE "paiban-newsprint-240.icc"
/* Converted photos printed above this resolution (ppi) are made smaller
 * for the press PDFs, to it or a little more (the plates of a newsprint
 * screen of 85–100 lpi hold no more: about twice its ruling). */
#define PB_PRESS_DOWNSAMPLE_PPI 200

/* How press PDFs are made (layout key `press`). */
typedef enum { PB_PDFX_NONE, PB_PDFX_1A, PB_PDFX_4 } pb_pdfx;
typedef struct {
  const char *profile_path;   /* the plant's ICC profile (output intent) */
  bool profile_default;       /* the stand-in: the layout names none */
  unsigned char *icc;         /* its bytes (arena); NULL: not readable */
  size_t icc_len;
  pb_pos profile_pos;         /* where it is named (or the layout) */
  const char *condition;      /* OutputConditionIdentifier */
  const char *condition_info; /* the output intent's Info (a description) */
  const char *registry;       /* RegistryName; NULL: none (a custom condition) */
  int ink_limit;              /* total area coverage in %, ISO 12647-3 newsprint: 240 */
  pb_fixed min_rule;          /* rules thinner than this are reported */
  pb_fixed min_multi_text;    /* text in more than one ink smaller: reported (10 pt) */
  pb_fixed min_multi_rule;    /* lines in more than one ink thinner: reported (1.5 pt) */
  int min_ppi;                /* photos printed at less are reported */
  int downsample;             /* ppi converted photos printed above this are made
                               * smaller to (at least; never below min_ppi); 0: off */
  pb_pdfx standard;           /* the default: PDF/X-1a:2001 */
  pb_fixed bleed;             /* BleedBox beyond the trim (0: the page; newspapers) */
  bool marks;                 /* crop marks (commercial presses) */
} pb_press;

/* Roles a layout template styles. */
typedef enum {
  PB_ROLE_BODY, PB_ROLE_KICKER, PB_ROLE_HEADLINE, PB_ROLE_DECK, PB_ROLE_BYLINE,
  PB_ROLE_DATELINE, PB_ROLE_SUBHEADING, PB_ROLE_CAPTION, PB_ROLE_CREDIT,
  PB_ROLE_FOLIO, PB_ROLE_MASTHEAD, PB_ROLE_MASTHEAD_INFO, PB_ROLE_COUNT
} pb_role;
const char *pb_role_name (pb_role role);

typedef struct {
  const char *family[PB_LANG_COUNT]; /* fontconfig family per language */
  pb_fixed size;                     /* em size */
  int weight;                        /* 400 regular, 700 bold */
  pb_fixed leading;                  /* line pitch; 0: 1.4 × size */
  pb_color color;
  pb_align align;
  double indent_em;                  /* first-line indent */
  pb_fixed space_before, space_after;
} pb_style;

typedef struct {
  const char *path;          /* the template file */
  pb_file_stamp stamp;       /* as read */
  const char *name;
  pb_fixed page_w, page_h;
  pb_fixed margin_top, margin_bottom, margin_left, margin_right;
  int columns;
  pb_fixed gutter;
  pb_fixed pitch;            /* body baseline pitch */
  pb_fixed column_w;         /* derived: (type width − gutters) / columns */
  pb_style style[PB_ROLE_COUNT];
  pb_typo typo[PB_LANG_COUNT];
  pb_compose_weights weights; /* the page composer's (layout key composition) */
  /* headline sizes by priority 1..5 ([0] unused) */
  pb_fixed headline_size[6];
  /* size steps up or down from its priority's size that composition may
   * give a headline (layout key headline_steps, 0..2) */
  int headline_steps;
  /* 变栏 allowed: a spaced-out body in one text column fewer, each wider
   * (layout key variable_columns, default true) */
  bool variable_columns;
  pb_fixed folio_h;          /* band above the grid on every page but 1 */
  pb_fixed masthead_h;       /* band above the grid on page 1 */
  pb_color masthead_rule_color; /* the thin rule under it (masthead: rule_color) */
  bool masthead_rule_set;    /* …given; else the masthead style's colour */
  pb_pos folio_pos, masthead_pos; /* where the bands are given (for diagnostics) */
  pb_pos style_pos[PB_ROLE_COUNT]; /* where each style is given (or the file) */
  pb_pos grid_pos, rules_pos;
  pb_fixed rule_w;           /* thin rules between articles */
  /* grid, derived */
  pb_fixed grid_top_p1, grid_top;
  int rows_p1, rows;
  pb_press press;            /* the press PDF: profile, standard, preflight */
} pb_template;

/* A decoded-on-demand image: header facts read at parse time. */
typedef enum { PB_IMAGE_JPEG, PB_IMAGE_PNG } pb_image_format;
typedef struct pb_image {
  const char *path;
  pb_pos pos;                /* where it is referenced */
  pb_image_format format;
  int width, height;         /* stored pixels */
  int components;            /* JPEG: 1, 3 or 4 (CMYK) */
  bool adobe_inverted;       /* CMYK APP14 */
  bool progressive;
  int orientation;           /* EXIF 1..8 */
  /* an embedded colour profile other than sRGB (JPEG APP2, PNG iCCP),
   * converted from when the photo is drawn; NULL: sRGB or untagged */
  unsigned char *icc;
  size_t icc_len;
  double gamma;              /* PNG gAMA when not about 1/2.2 and no profile; 0: none */
  bool reencode;             /* the PDF gets a baseline re-encoding (arithmetic
                                coding, samples other than 8-bit, a profile
                                to apply) */
  unsigned char *data;       /* the file's bytes (owned by the edition) */
  size_t len;
  pb_file_stamp stamp;       /* the file as read */
} pb_image;

/* Inline style spans over a paragraph's text. */
enum {
  PB_SPAN_BOLD = 1,
  PB_SPAN_EMPH = 2,
  PB_SPAN_DATELINE = 4,      /* the dateline: a fixed 1 em follows it */
  PB_SPAN_CREDIT = 8,        /* a photo credit after its caption: set in the
                                paragraph's credit style when it has one */
  PB_SPAN_VERBATIM = 16,     /* a code span (`print("你好")`): kept as written,
                                copy normalisation leaves it alone */
  PB_SPAN_NAMES = 32,        /* a byline: names, a line ends only at its
                                spaces (credits too) */
};
typedef struct {
  size_t start, end;         /* byte range in the block's text */
  unsigned flags;
} pb_span;

typedef enum { PB_BLOCK_PARAGRAPH, PB_BLOCK_SUBHEADING, PB_BLOCK_FIGURE } pb_block_kind;

/* How a figure's photo meets its box: cropped to fill it (the default,
 * around the focus point), or shown whole (fit). */
typedef enum { PB_CROP_FILL, PB_CROP_FIT } pb_crop;
typedef struct {
  pb_block_kind kind;
  pb_pos pos;
  const char *text;          /* paragraph / subheading text, UTF-8 */
  size_t len;
  pb_span *spans;
  size_t n_spans;
  size_t dateline_len;       /* bytes at the start that are the dateline */
  bool signature;            /* the paragraph is a signature alone
                                (（文/本报记者 赵一鸣）): set flush right,
                                unindented (署名居右) */
  /* figures */
  int photo;                 /* its number among the article's photos, 1, 2,
                                3 … in copy order: images/ID-N.jpg, the
                                ninjs photo's uri and name, METS and ALTO */
  pb_image *image;
  const char *caption, *credit;
  /* a figure's attributes ({crop=fit focus=0.5,0.3 rows=12 span=3} after
   * the image): crop mode; the point of the photo kept in view, in
   * fractions of its oriented width and height (0.5, 0.5: the centre);
   * height in grid lines and width in columns asked for (0: composition
   * chooses) */
  pb_crop crop;
  double focus_x, focus_y;
  int rows_hint, span_hint;
} pb_block;

typedef struct pb_article {
  const char *path;
  const char *id;
  const char *kicker, *headline, *byline, *dateline;
  const char **deck;
  size_t n_deck;
  const char *editor;        /* 责任编辑, the desk editor answerable for it
                                (front matter `editor:`; NULL: not given):
                                metadata for the digital edition, not printed */
  /* where each is written in the front matter (for diagnostics) */
  pb_pos kicker_pos, headline_pos, byline_pos, dateline_pos;
  pb_pos id_pos;             /* its `id:` (file NULL: made from the file name) */
  pb_pos *deck_pos;
  pb_lang lang;
  int priority;              /* 1..5; 3 when not given */
  pb_block *blocks;
  size_t n_blocks;
  pb_pos pos;
  pb_file_stamp stamp;       /* the file as read */
} pb_article;

typedef struct {
  int col, row, cols, rows;  /* 1-based grid cells */
  bool set;
  pb_pos pos;
} pb_grid_rect;

typedef struct {
  pb_article *article;
  pb_grid_rect at;
  pb_pos pos;
  int continues_on;          /* jump: the rest is set on that page (0: none) */
  int continued_from;        /* the continuation of a jump from that page */
} pb_placement;

typedef struct {
  pb_image *image;
  pb_grid_rect at;
  pb_pos pos;
} pb_ad;

typedef struct {
  int number;
  const char *section;
  const char **editors;
  size_t n_editors;
  pb_placement *placements;
  size_t n_placements;
  pb_ad *ads;
  size_t n_ads;
  pb_pos pos;
} pb_page;

/* Copy normalisation (TYPOGRAPHY.md "Normalisation of copy"): on unless
 * `normalize: false`; a space the copy puts between two CJK characters
 * (汽车之家 毕业, 種子島の南 約80km) is kept as a fixed gap unless
 * `cjk_spaces: drop` (then only the spaces that part names go). */
typedef struct {
  bool on;
  bool drop_cjk_spaces;
} pb_norm_opts;

/* The page PDFs' photos for the site: a page shown whole on a screen, then
 * zoomed 2–3 times, needs no more than this (the edition PDF keeps the
 * press resolution) */
#define PB_WEB_PPI 150

struct pb_edition {
  pb_arena *arena;
  const char *path;
  pb_file_stamp stamp;       /* the edition file as read */
  const char *paper, *date, *issue;
  const char *site_url;       /* the address the digital edition is published
                                 at (key `site_url`), ending in '/'; NULL:
                                 not given (its files link relatively) */
  int web_ppi;                /* the page PDFs' photos (for the site): at most
                                 about this many pixels per inch at their
                                 largest print (key `web_ppi`, default
                                 PB_WEB_PPI); 0: as the edition PDF's */
  pb_pos paper_pos;           /* where the edition gives its paper name (file NULL: none) */
  int year, month, day;
  pb_lang lang;
  pb_template *tpl;
  pb_page *pages;
  size_t n_pages;
  bool proof;                /* one article flowing through pages */
  int press;                 /* press PDFs asked for by the edition (key
                                `press`): PB_PRESS_* of paiban.h, 0: none */
  pb_pos press_pos;
  pb_norm_opts norm;         /* copy normalisation (keys `normalize`,
                                `cjk_spaces`) */
  pb_article **articles;     /* every article once */
  size_t n_articles;
};

/* Grid cell geometry of a page (1-based page number). */
int pb_template_rows (const pb_template *t, int page_number);
pb_fixed pb_template_grid_top (const pb_template *t, int page_number);
pb_fixed pb_template_col_x (const pb_template *t, int col0);
pb_fixed pb_template_span_w (const pb_template *t, int cols);

#endif
