/* flow: articles' lines, figures and the page grid → per page a display
 * list of positioned items, the articles' regions, and overset records.
 * The display list is plain data: render draws it, export writes it. */
#ifndef PB_FLOW_H
#define PB_FLOW_H

#include "text/text.h"

typedef enum { PB_DL_GLYPHS, PB_DL_IMAGE, PB_DL_RULE, PB_DL_RECT, PB_DL_OVERSET } pb_dl_kind;

typedef struct {
  pb_dl_kind kind;
  int article;                /* index in edition->articles, -1 for furniture */
  pb_color color;
  /* glyphs: a run at baseline origin (x, y) */
  pb_fixed x, y;
  int font;
  pb_fixed em;                /* glyphs: the font size */
  const pb_glyph *glyphs;
  int n_glyphs;
  const char *text;           /* the run's UTF-8 text */
  size_t text_len;
  const int *clusters;        /* pairs: bytes, glyphs */
  int n_clusters;
  int block;                  /* the article block it comes from, -1 otherwise */
  size_t src_start, src_end;  /* bytes of that block's text */
  /* glyphs: ix is the run's left edge (pen position), w its advance */
  /* image: drawn at (ix, iy, iw, ih), clipped to (x, y, w, h) */
  const pb_image *image;
  pb_fixed w, h;
  pb_fixed ix, iy, iw, ih;
  /* rule: from (x, y) to (x1, y1); rect: (x, y, w, h) filled */
  pb_fixed x1, y1, line_w;
  pb_role role;               /* glyphs: what the text is (an article's headline,
                                 kicker, deck, byline, caption; body for its
                                 paragraphs, subheadings and jump lines; the
                                 folio's or masthead's for furniture) —
                                 tagged PDF's structure type comes from it */
  const char *dest;           /* a named PDF destination here (a module's start) */
  const char *link;           /* the item links to this named destination */
} pb_dl_item;

typedef struct {
  int article;
  pb_fixed x, y, w, h;
} pb_region;

/* What the report says about one article on one page. */
typedef struct {
  int article;
  int page;
  int lines_set, rows_available, rows_used;
  int overset_lines;
  size_t overset_chars;
  int overset_rows;           /* grid rows the module would need for them */
  int off_grid;               /* body lines with an ideograph off the character grid */
  const char *overset_from;   /* the first words that did not fit */
} pb_fit_record;

/* A body with more than this per mille of its characters on lines whose
 * ideographs open past 0.08 em is spaced out too much: composition and
 * proofs then try it in fewer, wider text columns (变栏). */
#define PB_SPACED_MAX 40

/* Photos printed at a lower effective resolution are reported; the
 * composer never enlarges one below it. */
#define PB_PHOTO_MIN_PPI 200

typedef struct {
  const pb_image *image;
  int page;
  double ppi_x, ppi_y;
  const char *article_id;     /* NULL for ads */
  double visible;             /* the share of the photo's area that shows */
  pb_fixed box_w, box_h;      /* its box on the page */
} pb_photo_record;

/* A photo cropped to less than this share of its area is reported. */
#define PB_PHOTO_MIN_VISIBLE 0.70

typedef struct {
  int number;
  const char *label;          /* 第N版 */
  pb_fixed w, h;
  PB_VEC (pb_dl_item) items;
  PB_VEC (pb_region) regions;
  /* the rectangle each item must stay in: an article's module (its grid
   * rectangle), or (article −1) the masthead or folio band and each ad's
   * rectangle; checked when the page is done (pb_flow_check_page) */
  PB_VEC (pb_region) modules;
} pb_dl_page;

struct pb_engine {
  pb_fonts *fonts;
  char *layouts_dir;
  pb_diagnostics *init_diags; /* problems found while creating it */
};

/* An article's body lines at the column width, set once and kept for
 * measuring variants; the rows its headline block takes per width. */
typedef struct {
  bool ready;
  const void *slots;          /* article.c's slot array (malloc) */
  size_t n_slots;
  /* per mille of the justified body lines' characters that stand on lines
   * whose ideographs open up by more than 0.08 em (the composer's measure
   * of a setting's spacing) */
  int spaced;
} pb_body_set;

typedef struct {
  /* by looseness −1, 0, +1 and measure: [0] the column width, [w] the
   * measure of w grid columns set as w − 1 text columns */
  pb_body_set body[3][PB_MAX_COLUMNS + 1];
  /* rows of the headline block (kicker … byline) per width, by headline
   * size step −2 … +2 (index step + 2); 0: not measured yet */
  int top[5][PB_MAX_COLUMNS + 1];
  int cont_top[5][PB_MAX_COLUMNS + 1]; /* the same for a jump's continuation */
  size_t cont_start;          /* a jump: the first line set on the continuation */
  signed char *feet_mix;      /* the looseness (−1, 0: the article's, +1) of each block
                                 that even column feet chose for its first
                                 part, which a continuation sets alike
                                 (malloc; NULL: the article's own) */
  bool cont_empty;            /* …and nothing is left for it */
  bool failed;                /* an error was reported about how it is set:
                                 its items are not checked again */
  int jump_from, jump_to;     /* pages of a jump (0: none) */
} pb_article_prep;

/* The press preflight of one page (paiban build --press). */
typedef struct {
  int page;
  double max_ink;             /* the most total ink (area coverage, %) anything on it takes */
  const char *max_ink_what;   /* what: "photo <path>", "text", "rule", "rectangle" */
  int multi_text;             /* text runs in more than one ink under the press minimum size */
  int multi_rules;            /* lines in more than one ink under the press minimum width */
  int thin_rules;             /* rules under the press minimum width */
  int low_photos;             /* photos under the press minimum resolution */
  int converted;              /* CMYK photos converted to keep within the ink limit */
  int reduced;                /* photos made smaller for the plates (press downsample) */
} pb_press_record;

/* What composition chose for a page (for the report). */
typedef struct {
  int page;
  int free_cells, white_cells;
  double seconds;
} pb_compose_record;

struct pb_layout {
  pb_article_prep *preps;     /* one per article */
  pb_memo *captions;          /* a figure's caption lines (with its credit)
                                 by (block, width): composition asks often */
  pb_memo *measured;          /* paragraphs set to be measured (no report),
                                 by everything that decides their lines: a
                                 composition tries the same settings again
                                 and again (about 2 in 5 of the calls) */
  PB_VEC (pb_compose_record) compositions;
  pb_engine *engine;
  pb_edition *edition;
  pb_arena *arena;
  PB_VEC (pb_dl_page) pages;
  PB_VEC (pb_fit_record) fits;
  PB_VEC (pb_photo_record) photos;
  PB_VEC (pb_press_record) press; /* when press PDFs are made */
  pb_pdfx press_standard;
  size_t missing_glyphs;
  bool masthead_checked, folio_checked; /* the bands' fit, reported once */
  bool band_failed;           /* …and found wrong (its text is not checked again) */
  pb_fixed last_text_w;       /* furniture: the natural width of the last text set */
  struct pb_photo_store *photo_store; /* photos converted once for all the
                                         run's PDFs (render.h); made by the
                                         first write, before any thread */
  struct pb_photo_store *web_photo_store; /* …and for the page PDFs: photos
                                             sharper than the edition's
                                             web_ppi made smaller (NULL:
                                             web_ppi off) */
};

/* Lays out every page of the edition into layout->pages. */
bool pb_flow_edition (pb_layout *layout, pb_diagnostics *diags);
/* Records the rectangle the items of an article (−1: furniture) must
 * stay inside. */
void pb_flow_add_module (pb_layout *layout, pb_dl_page *page, int article, pb_fixed x, pb_fixed y, pb_fixed w,
                         pb_fixed h);
/* Every glyph run and image of the page inside its own module: text that
 * would stand in another story or off the page is an error naming the
 * article and where (never drawn silently).  False when one is not. */
bool pb_flow_check_page (pb_layout *layout, const pb_dl_page *page, pb_diagnostics *diags);

/* Helpers shared by the flow files. */
pb_dl_item *pb_dl_push (pb_layout *layout, pb_dl_page *page, pb_dl_kind kind, int article);
/* Sets one line of text at baseline (x, y): one display item per run;
 * pb_dl_add_line's text is body text (role PB_ROLE_BODY). */
void pb_dl_add_line (pb_layout *layout, pb_dl_page *page, const pb_line *line, const char *text,
                     pb_fixed x, pb_fixed y, int article, int block);
void pb_dl_add_line_as (pb_layout *layout, pb_dl_page *page, const pb_line *line, const char *text,
                        pb_fixed x, pb_fixed y, int article, int block, pb_role role);
/* Draws img in the box (x, y, w, h), never distorted: cover scales it to
 * fill the box and crops, otherwise it is fitted whole and centred.
 * Records its effective resolution for the report (article_id NULL for
 * ads).  Returns the image's pixel size on the page as oriented. */
void pb_dl_add_image (pb_layout *layout, pb_dl_page *page, int article, int block,
                      const char *article_id, const pb_image *img, pb_fixed x, pb_fixed y,
                      pb_fixed w, pb_fixed h, bool cover);
/* The same for a figure's photo: cropped to fill the box (cover) around
 * the point at fractions (focus_x, focus_y) of the photo, kept as near
 * the box's centre as covering allows; or whole (cover false). */
void pb_dl_add_photo (pb_layout *layout, pb_dl_page *page, int article, int block, const char *article_id,
                      const pb_image *img, pb_fixed x, pb_fixed y, pb_fixed w, pb_fixed h, bool cover,
                      double focus_x, double focus_y);
void pb_image_oriented_size (const pb_image *img, int *w, int *h);
/* Fixed units per pixel of img drawn in a w × h box (cover: filling it,
 * cropped; else fitted whole), and the effective resolution that gives. */
double pb_image_scale (const pb_image *img, pb_fixed w, pb_fixed h, bool cover);
double pb_image_ppi (double scale);
void pb_dl_add_rule (pb_layout *layout, pb_dl_page *page, pb_fixed x0, pb_fixed y0, pb_fixed x1,
                     pb_fixed y1, pb_fixed w, pb_color color);
/* Draws a module's rules: under it (in its last row) when rule_below, and
 * in the gutter to its right unless it reaches the page's last column. */
void pb_flow_module_rules (pb_layout *layout, pb_dl_page *page, const pb_template *t,
                           pb_fixed grid_top, const pb_grid_rect *at, bool rule_below);
/* Sets a short text (furniture, captions) in one style; returns its
 * paragraph (lines in the layout arena). */
pb_para *pb_flow_set_text (pb_layout *layout, const char *text, const pb_style *style,
                           pb_lang lang, pb_fixed width, pb_align align, pb_diagnostics *diags);

/* Distance from a grid row's top to the baseline of a body line. */
pb_fixed pb_flow_baseline_offset (const pb_template *t);

/* Article modules (article.c). */
typedef struct {
  int page_index;             /* into layout->pages */
  pb_fixed x, y;              /* top-left of the column's first row */
  int rows;                   /* rows available */
  int top;                    /* rows above it in the module's body (under a photo) */
  pb_fixed w;                 /* its measure */
} pb_column;

/* How an article is set in its module (copy-fitting); all 0: as written. */
typedef struct {
  int fig_delta;              /* its first photo taller (+) or shorter by rows */
  int fig_span;               /* its first photo wider (+) or narrower by columns */
  int looseness;              /* its body set one line looser (+1) or tighter */
  int head_step;              /* its headline one size larger (+1) or smaller */
  int head_pad;               /* rows added round the headline block */
  bool fewer_cols;            /* 变栏: its body in one text column fewer than
                                 the module's grid columns, each wider (an
                                 article without photos) */
} pb_variant;

/* Sets an article into its grid rectangle on a page as variant v. */
void pb_flow_article (pb_layout *layout, int page_index, int article_index,
                      const pb_grid_rect *at, bool rule_below, const pb_variant *v,
                      const pb_placement *placement, pb_diagnostics *diags);
/* Rows of an article's headline block (kicker, headline, deck, byline) at
 * a width of cols columns with headline size step head_step. */
int pb_flow_head_rows (pb_layout *layout, int article_index, int cols, int head_step,
                       bool continuation);
/* What measuring an article in a module finds. */
typedef struct {
  int rows;                   /* rows the module needs (INT32_MAX: more than allowed) */
  int used_cells;             /* grid cells holding something at that height */
  int spaced;                 /* per mille of its body spaced out (pb_body_set) */
} pb_measure;

/* Measures a module of cols columns for the whole article set as variant
 * v, no taller than max_rows (head_step and head_pad are not looked at,
 * see pb_flow_head_rows); sets nothing on a page.  The body is set once
 * per measure and kept for pb_flow_article; problems with its text (a
 * missing glyph) go to diags the first time. */
void pb_flow_measure (pb_layout *layout, int article_index, int cols, const pb_variant *v,
                      int max_rows, bool rule_below, bool continuation, pb_measure *out,
                      pb_diagnostics *diags);
/* Composes the page's articles without `at` into its free grid area
 * (compose.c). */
void pb_flow_compose (pb_layout *layout, int page_index, const pb_page *src, pb_diagnostics *diags);
/* Sets an article as a proof through as many pages as it needs. */
void pb_flow_proof (pb_layout *layout, pb_diagnostics *diags);
/* Page furniture (furniture.c). */
pb_dl_page *pb_flow_new_page (pb_layout *layout, int number, const pb_page *src, bool masthead,
                              pb_diagnostics *diags);

#endif
