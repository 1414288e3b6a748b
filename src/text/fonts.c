/* The font map: a private fontconfig configuration, a pango context with
 * unrounded, unhinted metrics at 72 dpi (one pango unit = 1/1024 pt). */
#include "text/text.h"

#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <hb.h>
#include <hb-subset.h>
#include <cairo-ft.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include <pthread.h>
#include <hyphen.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>
#include <unicode/ubrk.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct {
  char *family;
  int weight;
  bool ok;
} checked_family;

typedef struct {
  PangoFont *font;
  uint32_t cp;
  float left, total; /* blank on the left and in all, as fractions of the advance */
} halt_entry;

/* A face cut down to the glyphs one run draws with it (issue 13), its
 * glyphs numbered afresh (new_id maps the display list's ids): cairo
 * then writes its PDF subset from a font of kilobytes instead of walking
 * a 15–23 MB Noto CJK collection.  One per face (its sizes share it, as
 * they share one PDF font). */
typedef struct {
  hb_face_t *face;          /* the whole face (pango's) */
  uint8_t *used;            /* bitset of glyph ids the run draws */
  uint32_t n_ids;           /* ids the bitset holds (the face's count) */
  cairo_font_face_t *cut;   /* made on first use; NULL: not made */
  uint32_t *new_id;         /* the cut's glyph id of each used glyph id */
  bool tried;               /* making it was tried (cut NULL: failed) */
} drawing_face;

typedef struct {
  int face;                 /* index in drawing_faces; −1: none (drawn
                               whole); −2: not looked up yet */
  cairo_scaled_font_t *sf;  /* made on first use */
  bool tried;
} drawing_font;

struct pb_fonts {
  PB_VEC (halt_entry) halts;
  FcConfig *config;
  PangoFontMap *map;
  PangoContext *context;
  PB_VEC (PangoFont *) table;
  PB_VEC (checked_family) checked;
  UBreakIterator *breakers[2][PB_LANG_COUNT]; /* line, word; opened once */
  HyphenDict *hyphen;       /* English patterns, loaded on first use */
  /* subset fonts for PDF drawing (pb_fonts_drawing_font) */
  const void *drawing_owner;
  PB_VEC (drawing_face) drawing_faces;
  PB_VEC (drawing_font) drawing;
  bool hyphen_tried;        /* loading was tried (hyphen NULL: missing) */
  bool hyphen_reported;     /* the missing patterns were reported */
};

PangoContext *pb_fonts_context (pb_fonts *fonts);
int pb_fonts_id (pb_fonts *fonts, PangoFont *font);

pb_fonts *
pb_fonts_create (const char *fontconfig_file, pb_diagnostics *diags)
{
  pb_fonts *f = pb_calloc (1, sizeof *f);
  if (!f)
    return NULL;
  if (fontconfig_file) {
    /* fontconfig reads a relative name against its own folder: make it
     * absolute against ours */
    char *abs = realpath (fontconfig_file, NULL);
    f->config = FcConfigCreate ();
    bool loaded = abs && f->config && FcConfigParseAndLoad (f->config, (const FcChar8 *) abs, FcTrue);
    free (abs);
    if (!loaded ||
        !FcConfigBuildFonts (f->config)) {
      pb_error (diags, "font", ((pb_pos) {fontconfig_file, 0, 0}),
                "cannot load the fontconfig configuration");
      if (f->config)
        FcConfigDestroy (f->config);
      free (f);
      return NULL;
    }
  } else {
    f->config = FcInitLoadConfigAndFonts ();
  }
  f->map = pango_cairo_font_map_new_for_font_type (CAIRO_FONT_TYPE_FT);
  pango_fc_font_map_set_config (PANGO_FC_FONT_MAP (f->map), f->config);
  pango_cairo_font_map_set_resolution (PANGO_CAIRO_FONT_MAP (f->map), 72.0);
  f->context = pango_font_map_create_context (f->map);
  pango_context_set_round_glyph_positions (f->context, FALSE);
  cairo_font_options_t *opts = cairo_font_options_create ();
  cairo_font_options_set_hint_metrics (opts, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (opts, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_antialias (opts, CAIRO_ANTIALIAS_GRAY);
  pango_cairo_context_set_font_options (f->context, opts);
  cairo_font_options_destroy (opts);
  return f;
}

static void
drawing_reset (pb_fonts *f, const void *owner)
{
  for (size_t i = 0; i < f->drawing.n; i++)
    if (f->drawing.v[i].sf)
      cairo_scaled_font_destroy (f->drawing.v[i].sf);
  for (size_t i = 0; i < f->drawing_faces.n; i++) {
    free (f->drawing_faces.v[i].used);
    free (f->drawing_faces.v[i].new_id);
    if (f->drawing_faces.v[i].cut)
      cairo_font_face_destroy (f->drawing_faces.v[i].cut);
  }
  PB_VEC_FREE (f->drawing);
  PB_VEC_FREE (f->drawing_faces);
  f->drawing_owner = owner;
}

bool
pb_fonts_drawing_begin (pb_fonts *f, const void *owner)
{
  if (f->drawing_owner == owner && owner)
    return false;
  drawing_reset (f, owner);
  return true;
}

void
pb_fonts_drawing_use (pb_fonts *f, int id, uint32_t glyph)
{
  if (id < 0 || (size_t) id >= f->table.n)
    return;
  while (f->drawing.n <= (size_t) id) {
    drawing_font none = {-2, NULL, false};
    if (!PB_VEC_PUSH (f->drawing, none))
      return;
  }
  drawing_font *d = &f->drawing.v[id];
  if (d->face == -2) {
    /* its face: one already met (another size), or a new one */
    d->face = -1;
    hb_font_t *hb = pango_font_get_hb_font (f->table.v[id]);
    hb_face_t *face = hb ? hb_font_get_face (hb) : NULL;
    for (size_t k = 0; face && k < f->drawing_faces.n && d->face < 0; k++)
      if (f->drawing_faces.v[k].face == face)
        d->face = (int) k;
    unsigned count = face ? hb_face_get_glyph_count (face) : 0;
    if (d->face < 0 && count) {
      drawing_face nf = {face, pb_calloc ((count + 7) / 8, 1), count, NULL, NULL, false};
      if (nf.used && PB_VEC_PUSH (f->drawing_faces, nf))
        d->face = (int) f->drawing_faces.n - 1;
      else
        free (nf.used);
    }
  }
  if (d->face >= 0) {
    drawing_face *df = &f->drawing_faces.v[d->face];
    if (glyph < df->n_ids)
      df->used[glyph / 8] |= (uint8_t) (1u << (glyph % 8));
  }
}

/* One FreeType library for the subset faces: cairo may keep a font face
 * (and so its FT_Face) after the fonts are destroyed, so the library
 * stays for the life of the process. */
static FT_Library subset_library;
static pthread_once_t subset_library_once = PTHREAD_ONCE_INIT;

static void
subset_library_init (void)
{
  if (FT_Init_FreeType (&subset_library))
    subset_library = NULL;
}

typedef struct {
  FT_Face face;
  hb_blob_t *blob;
} subset_face_data;

static void
subset_face_free (void *p)
{
  subset_face_data *d = p;
  FT_Done_Face (d->face);
  hb_blob_destroy (d->blob);
  free (d);
}

static const cairo_user_data_key_t subset_face_key;

/* The face cut to the glyphs marked used (hb-subset), as a cairo font
 * face, and df->new_id: the cut's id of each (its glyphs numbered
 * afresh: a cut that kept the ids of a 65,535-glyph face would carry
 * 65,535 entries, and cost twice as much to make and to write); NULL when
 * something fails (the whole font then draws: nothing is lost). */
static cairo_font_face_t *
make_cut (drawing_face *df)
{
  pthread_once (&subset_library_once, subset_library_init);
  if (!subset_library)
    return NULL;
  hb_subset_input_t *in = hb_subset_input_create_or_fail ();
  if (!in)
    return NULL;
  hb_set_t *glyphs = hb_subset_input_glyph_set (in);
  hb_set_add (glyphs, 0);
  for (uint32_t g = 0; g < df->n_ids; g++)
    if (df->used[g / 8] & (1u << (g % 8)))
      hb_set_add (glyphs, g);
  /* no code points: the glyphs are named by id (cairo's PDF text comes
   * from the clusters, not from the font's cmap) */
  hb_set_clear (hb_subset_input_unicode_set (in));
  hb_subset_input_set_flags (in, HB_SUBSET_FLAGS_DESUBROUTINIZE);
  hb_subset_plan_t *plan = hb_subset_plan_create_or_fail (df->face, in);
  hb_subset_input_destroy (in);
  hb_face_t *sub = plan ? hb_subset_plan_execute_or_fail (plan) : NULL;
  const hb_map_t *ids = plan ? hb_subset_plan_old_to_new_glyph_mapping (plan) : NULL;
  df->new_id = sub && ids ? pb_calloc (df->n_ids, sizeof (uint32_t)) : NULL;
  for (uint32_t g = 0; df->new_id && g < df->n_ids; g++) {
    hb_codepoint_t n = hb_map_get (ids, g);
    df->new_id[g] = n == HB_MAP_VALUE_INVALID ? 0 : n;
  }
  hb_subset_plan_destroy (plan);
  if (!sub || !df->new_id) {
    hb_face_destroy (sub);
    return NULL;
  }
  hb_blob_t *blob = hb_face_reference_blob (sub);
  hb_face_destroy (sub);
  unsigned len = 0;
  const char *data = hb_blob_get_data (blob, &len);
  subset_face_data *fd = pb_calloc (1, sizeof *fd);
  if (!fd || !data || !len ||
      FT_New_Memory_Face (subset_library, (const FT_Byte *) data, (FT_Long) len, 0, &fd->face)) {
    free (fd);
    hb_blob_destroy (blob);
    return NULL;
  }
  fd->blob = blob;
  cairo_font_face_t *face = cairo_ft_font_face_create_for_ft_face (fd->face, 0);
  if (cairo_font_face_status (face) != CAIRO_STATUS_SUCCESS ||
      cairo_font_face_set_user_data (face, &subset_face_key, fd, subset_face_free) != CAIRO_STATUS_SUCCESS) {
    cairo_font_face_destroy (face);
    subset_face_free (fd);
    return NULL;
  }
  return face;
}

/* Font id's size, matrix and options on its face's cut. */
static cairo_scaled_font_t *
make_scaled (pb_fonts *f, int id, cairo_font_face_t *cut)
{
  cairo_scaled_font_t *full = pango_cairo_font_get_scaled_font (PANGO_CAIRO_FONT (f->table.v[id]));
  if (!full || cairo_scaled_font_status (full) != CAIRO_STATUS_SUCCESS)
    return NULL;
  cairo_matrix_t fm, ctm;
  cairo_scaled_font_get_font_matrix (full, &fm);
  cairo_scaled_font_get_ctm (full, &ctm);
  cairo_font_options_t *opt = cairo_font_options_create ();
  cairo_scaled_font_get_font_options (full, opt);
  cairo_scaled_font_t *sf = cairo_scaled_font_create (cut, &fm, &ctm, opt);
  cairo_font_options_destroy (opt);
  if (cairo_scaled_font_status (sf) != CAIRO_STATUS_SUCCESS) {
    cairo_scaled_font_destroy (sf);
    return NULL;
  }
  return sf;
}

cairo_scaled_font_t *
pb_fonts_drawing_font (pb_fonts *f, int id, const pb_glyph *glyphs, size_t n, const uint32_t **new_id)
{
  *new_id = NULL;
  if (id < 0 || (size_t) id >= f->drawing.n || f->drawing.v[id].face < 0)
    return NULL;
  drawing_font *d = &f->drawing.v[id];
  drawing_face *df = &f->drawing_faces.v[d->face];
  for (size_t i = 0; i < n; i++) {
    uint32_t g = glyphs[i].glyph;
    if (g != 0 && (g >= df->n_ids || !(df->used[g / 8] & (1u << (g % 8)))))
      return NULL; /* drawn after the run's glyphs were gathered */
  }
  if (!df->tried) {
    df->tried = true;
    df->cut = make_cut (df);
  }
  if (!d->tried && df->cut) {
    d->tried = true;
    d->sf = make_scaled (f, id, df->cut);
  }
  *new_id = df->new_id;
  return d->sf;
}

void
pb_fonts_destroy (pb_fonts *f)
{
  if (!f)
    return;
  for (size_t i = 0; i < f->table.n; i++)
    g_object_unref (f->table.v[i]);
  PB_VEC_FREE (f->table);
  for (size_t i = 0; i < f->checked.n; i++)
    free (f->checked.v[i].family);
  PB_VEC_FREE (f->checked);
  PB_VEC_FREE (f->halts);
  for (int k = 0; k < 2; k++)
    for (int l = 0; l < PB_LANG_COUNT; l++)
      if (f->breakers[k][l])
        ubrk_close (f->breakers[k][l]);
  if (f->hyphen)
    hnj_hyphen_free (f->hyphen);
  drawing_reset (f, NULL);
  g_object_unref (f->context);
  g_object_unref (f->map);
  FcConfigDestroy (f->config);
  free (f);
}

PangoContext *
pb_fonts_context (pb_fonts *f)
{
  return f->context;
}

UBreakIterator *
pb_fonts_breaker (pb_fonts *f, bool words, pb_lang lang)
{
  /* line breaks (UAX #14, strict) or words (ICU's dictionary for CJK);
   * opening one costs more than breaking a paragraph with it */
  static const char *const line_locales[PB_LANG_COUNT] = {"zh@lb=strict", "zh_Hant@lb=strict",
                                                          "ja@lb=strict", "en"};
  static const char *const word_locales[PB_LANG_COUNT] = {"zh", "zh_Hant", "ja", "en"};
  UBreakIterator **slot = &f->breakers[words][lang];
  if (!*slot) {
    UErrorCode err = U_ZERO_ERROR;
    *slot = ubrk_open (words ? UBRK_WORD : UBRK_LINE, (words ? word_locales : line_locales)[lang], NULL, 0,
                       &err);
    if (U_FAILURE (err)) {
      if (*slot)
        ubrk_close (*slot);
      *slot = NULL;
    }
  }
  return *slot;
}

HyphenDict *
pb_fonts_hyphenator (pb_fonts *f, bool *report_missing)
{
  if (!f->hyphen_tried) {
    f->hyphen_tried = true;
    f->hyphen = hnj_hyphen_load (PB_HYPHEN_PATTERNS);
  }
  *report_missing = !f->hyphen && !f->hyphen_reported;
  f->hyphen_reported |= *report_missing;
  return f->hyphen;
}

int
pb_fonts_id (pb_fonts *f, PangoFont *font)
{
  for (size_t i = 0; i < f->table.n; i++)
    if (f->table.v[i] == font)
      return (int) i;
  g_object_ref (font);
  if (!PB_VEC_PUSH (f->table, font)) {
    g_object_unref (font);
    return -1;
  }
  return (int) f->table.n - 1;
}

PangoFont *
pb_fonts_get (const pb_fonts *f, int id)
{
  return id >= 0 && (size_t) id < f->table.n ? f->table.v[id] : NULL;
}

int
pb_fonts_count (const pb_fonts *f)
{
  return (int) f->table.n;
}

bool
pb_fonts_check_family (pb_fonts *f, const char *family, int weight, pb_pos pos,
                       pb_diagnostics *diags)
{
  for (size_t i = 0; i < f->checked.n; i++)
    if (f->checked.v[i].weight == weight && strcmp (f->checked.v[i].family, family) == 0)
      return f->checked.v[i].ok;
  FcPattern *pat = FcPatternCreate ();
  FcPatternAddString (pat, FC_FAMILY, (const FcChar8 *) family);
  FcPatternAddInteger (pat, FC_WEIGHT, FcWeightFromOpenType (weight));
  FcConfigSubstitute (f->config, pat, FcMatchPattern);
  FcDefaultSubstitute (pat);
  FcResult res;
  FcPattern *match = FcFontMatch (f->config, pat, &res);
  bool ok = false;
  FcChar8 *got = NULL;
  if (match && FcPatternGetString (match, FC_FAMILY, 0, &got) == FcResultMatch)
    ok = strcasecmp ((const char *) got, family) == 0;
  if (!ok)
    pb_error (diags, "font", pos,
              "font family '%s' (weight %d) is not installed; fontconfig query '%s:weight=%d' "
              "matched '%s' (install fonts-noto-cjk or change the layout's styles)",
              family, weight, family, weight, got ? (const char *) got : "nothing");
  if (match)
    FcPatternDestroy (match);
  FcPatternDestroy (pat);
  checked_family c = {pb_strdup (family), weight, ok};
  PB_VEC_PUSH (f->checked, c);
  return ok;
}

/* ---- punctuation blanks from the font's halt feature ---- */


static void
shape_one (hb_font_t *hf, uint32_t cp, const char *lang, bool halt, hb_position_t *adv, hb_position_t *xoff)
{
  hb_buffer_t *b = hb_buffer_create ();
  hb_buffer_add_utf32 (b, &cp, 1, 0, 1);
  hb_buffer_set_direction (b, HB_DIRECTION_LTR);
  hb_buffer_set_script (b, HB_SCRIPT_HAN);
  hb_buffer_set_language (b, hb_language_from_string (lang, -1));
  /* quotation marks are set in their full-width forms (fwid) */
  bool quote = cp == 0x2018 || cp == 0x2019 || cp == 0x201C || cp == 0x201D;
  hb_feature_t f[2] = {{HB_TAG ('f', 'w', 'i', 'd'), 1, 0, (unsigned) -1},
                       {HB_TAG ('h', 'a', 'l', 't'), 1, 0, (unsigned) -1}};
  hb_shape (hf, b, quote ? f : f + 1, (quote ? 1u : 0u) + (halt ? 1u : 0u));
  unsigned n = 0;
  hb_glyph_position_t *pos = hb_buffer_get_glyph_positions (b, &n);
  *adv = n ? pos[0].x_advance : 0;
  *xoff = n ? pos[0].x_offset : 0;
  hb_buffer_destroy (b);
}

/* How much of a full-width mark is blank, as the font says through its
 * halt (half-width alternates) feature: the left blank and the total, as
 * fractions of the mark's advance.  Cached per font and code point. */
void
pb_fonts_halt (pb_fonts *f, PangoFont *font, uint32_t cp, const char *lang, double *left,
               double *total)
{
  for (size_t i = 0; i < f->halts.n; i++)
    if (f->halts.v[i].font == font && f->halts.v[i].cp == cp) {
      *left = f->halts.v[i].left;
      *total = f->halts.v[i].total;
      return;
    }
  hb_font_t *hf = pango_font_get_hb_font (font);
  hb_position_t adv = 0, xoff = 0, hadv = 0, hxoff = 0;
  if (hf) {
    shape_one (hf, cp, lang, false, &adv, &xoff);
    shape_one (hf, cp, lang, true, &hadv, &hxoff);
  }
  halt_entry e = {font, cp, 0, 0};
  if (adv > 0 && hadv > 0 && hadv < adv) {
    e.total = (float) (adv - hadv) / (float) adv;
    e.left = (float) (xoff - hxoff) / (float) adv;
    if (e.left < 0)
      e.left = 0;
    if (e.left > e.total)
      e.left = e.total;
  }
  PB_VEC_PUSH (f->halts, e);
  *left = e.left;
  *total = e.total;
}
