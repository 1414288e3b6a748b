/* Layout templates (layouts/NAME.yaml): page, margins, grid, styles. */
#include "parse/parse.h"
#include "parse/yaml.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const serif[PB_LANG_COUNT] = {
  "Noto Serif CJK SC", "Noto Serif CJK TC", "Noto Serif CJK JP", "Noto Serif CJK SC"};
static const char *const sans[PB_LANG_COUNT] = {
  "Noto Sans CJK SC", "Noto Sans CJK TC", "Noto Sans CJK JP", "Noto Sans CJK SC"};

static void
set_family (pb_style *s, const char *const fam[PB_LANG_COUNT])
{
  for (int l = 0; l < PB_LANG_COUNT; l++)
    s->family[l] = fam[l];
}

/* Defaults every template starts from; a file overrides what it gives. */
static void
default_styles (pb_template *t)
{
  static const struct { pb_role role; bool sans; double size; int weight; pb_align align; } d[] = {
    {PB_ROLE_BODY, false, 9, 400, PB_ALIGN_JUSTIFY},
    {PB_ROLE_KICKER, true, 11, 400, PB_ALIGN_LEFT},
    {PB_ROLE_HEADLINE, true, 26, 700, PB_ALIGN_LEFT},
    {PB_ROLE_DECK, true, 12, 400, PB_ALIGN_LEFT},
    {PB_ROLE_BYLINE, true, 8.5, 400, PB_ALIGN_LEFT},
    {PB_ROLE_DATELINE, true, 9, 700, PB_ALIGN_JUSTIFY},
    {PB_ROLE_SUBHEADING, true, 10, 700, PB_ALIGN_LEFT},
    {PB_ROLE_CAPTION, true, 8, 400, PB_ALIGN_JUSTIFY},
    {PB_ROLE_CREDIT, true, 7, 400, PB_ALIGN_RIGHT},
    {PB_ROLE_FOLIO, true, 8.5, 400, PB_ALIGN_LEFT},
    {PB_ROLE_MASTHEAD, false, 72, 700, PB_ALIGN_LEFT},
    {PB_ROLE_MASTHEAD_INFO, true, 10, 400, PB_ALIGN_LEFT},
  };
  for (size_t i = 0; i < sizeof d / sizeof d[0]; i++) {
    pb_style *s = &t->style[d[i].role];
    set_family (s, d[i].sans ? sans : serif);
    s->size = PB_PT (d[i].size);
    s->weight = d[i].weight;
    s->align = d[i].align;
    s->color = PB_COLOR_BLACK;
  }
  t->style[PB_ROLE_BODY].indent_em = 2;
  t->style[PB_ROLE_CREDIT].color = (pb_color) {0x555555, PB_COLOR_RGB, {0, 0, 0, 0}};
  /* newspaper red: magenta and yellow solid, a touch of black */
  t->style[PB_ROLE_MASTHEAD].color = (pb_color) {0xB00000, PB_COLOR_CMYK, {0, 100, 100, 25}};
}

/* "N" (0–100) at *s, then optional spaces and %; advances *s. */
static bool
parse_percent (const char **s, uint8_t *out)
{
  char *end;
  while (**s == ' ')
    (*s)++;
  if (**s < '0' || **s > '9' || strspn (*s, "0123456789.") == 0)
    return false;
  size_t digits = strspn (*s, "0123456789.");
  double v = strtod (*s, &end);
  if ((size_t) (end - *s) != digits) /* 0x10, 1e2: not how ink is written */
    return false;
  if (end == *s || v < 0 || v > 100)
    return false;
  *s = end;
  while (**s == ' ')
    (*s)++;
  if (**s == '%')
    (*s)++;
  while (**s == ' ')
    (*s)++;
  *out = (uint8_t) (v + 0.5);
  return true;
}

/* A colour value (see pb_color): "#RRGGBB", "cmyk(C,M,Y,K)", "gray(K)",
 * or one of the latter two followed by "#RRGGBB" (its screen rendering).
 * *screen_given false: the screen rendering is to come from the press
 * profile. */
static bool
parse_color (const char *s, pb_color *out, bool *screen_given)
{
  *out = PB_COLOR_BLACK;
  *screen_given = true;
  if (!s)
    return false;
  if (strncasecmp (s, "cmyk(", 5) == 0 || strncasecmp (s, "gray(", 5) == 0) {
    bool cmyk = (s[0] | 0x20) == 'c';
    out->space = cmyk ? PB_COLOR_CMYK : PB_COLOR_GRAY;
    const char *p = s + 5;
    for (int i = cmyk ? 0 : 3; i < 4; i++) {
      if (!parse_percent (&p, &out->ink[i]))
        return false;
      if (*p != (i == 3 ? ')' : ','))
        return false;
      p++;
    }
    while (*p == ' ')
      p++;
    if (!*p) {
      *screen_given = false;
      return true;
    }
    s = p;
  }
  if (s[0] != '#' || strlen (s) != 7 || strspn (s + 1, "0123456789abcdefABCDEF") != 6)
    return false;
  out->rgb = (uint32_t) strtoul (s + 1, NULL, 16);
  return true;
}

static bool
parse_style (pb_yaml *y, yaml_node_t *n, pb_style *s, pb_fixed body_size, bool *screen_given)
{
  static const char *const keys[] = {"family", "size", "weight", "leading", "color", "align",
                                     "indent", "space_before", "space_after", NULL};
  if (!pb_yaml_is_map (n)) {
    pb_error (y->diags, "type", pb_yaml_pos (y, n), "a style must be a mapping (family, size, …)");
    return false;
  }
  pb_yaml_check_keys (y, n, N_("style"), keys);
  bool ok = true;
  yaml_node_t *fam = pb_yaml_get (y, n, "family");
  const char *f = pb_yaml_scalar (y, fam);
  if (f) {
    if (strcasecmp (f, "serif") == 0)
      set_family (s, serif);
    else if (strcasecmp (f, "sans") == 0)
      set_family (s, sans);
    else
      for (int l = 0; l < PB_LANG_COUNT; l++)
        s->family[l] = pb_arena_strdup (y->arena, f);
  } else if (pb_yaml_is_map (fam)) {
    for (int l = 0; l < PB_LANG_COUNT; l++)
      ok &= pb_yaml_string (y, fam, pb_lang_tag ((pb_lang) l), false, &s->family[l]);
    static const char *const lk[] = {"zh-Hans", "zh-Hant", "ja", "en", NULL};
    pb_yaml_check_keys (y, fam, N_("family"), lk);
  } else if (fam) {
    pb_error (y->diags, "type", pb_yaml_pos (y, fam),
              "'family' must be a family name, serif, sans, or a mapping per language");
    ok = false;
  }
  ok &= pb_yaml_length (y, n, "size", false, body_size, PB_PT (1), &s->size);
  ok &= pb_yaml_length (y, n, "leading", false, s->size, PB_PT (1), &s->leading);
  ok &= pb_yaml_length (y, n, "space_before", false, s->size, 0, &s->space_before);
  ok &= pb_yaml_length (y, n, "space_after", false, s->size, 0, &s->space_after);
  const char *w = NULL, *c = NULL, *a = NULL;
  ok &= pb_yaml_token (y, n, "weight", false, &w);
  if (w) {
    if (strcmp (w, "bold") == 0 || strcmp (w, "700") == 0)
      s->weight = 700;
    else if (strcmp (w, "regular") == 0 || strcmp (w, "normal") == 0 || strcmp (w, "400") == 0)
      s->weight = 400;
    else if (strcmp (w, "black") == 0 || strcmp (w, "900") == 0)
      s->weight = 900;
    else {
      static const char *const weights[] = {"regular", "normal", "bold", "black", NULL};
      const char *near = pb_yaml_suggest (w, weights);
      if (near)
        pb_error (y->diags, "value", pb_yaml_pos (y, pb_yaml_get (y, n, "weight")),
                  "unknown weight '%s': did you mean '%s'? (regular, bold, black)", w, near);
      else
        pb_error (y->diags, "value", pb_yaml_pos (y, pb_yaml_get (y, n, "weight")),
                  "unknown weight '%s' (regular, bold, black)", w);
      ok = false;
    }
  }
  ok &= pb_yaml_token (y, n, "color", false, &c);
  if (pb_yaml_has_key (y, n, "color") && (!c || !c[0])) {
    /* `color: #B00000` unquoted: YAML takes # for a comment */
    pb_error (y->diags, "value", pb_yaml_key_pos (y, n, "color"),
              "the colour is empty: a # starts a YAML comment, so write it in quotes, color: \"#B00000\"");
    ok = false;
  } else if (c && !parse_color (c, &s->color, screen_given)) {
    if ((strncasecmp (c, "cmyk(", 5) == 0 || strncasecmp (c, "gray(", 5) == 0) && !strchr (c, ')'))
      ; /* cut at a comma: said when the YAML was read */
    else
      pb_error (y->diags, "value", pb_yaml_pos (y, pb_yaml_get (y, n, "color")),
                "colour '%s' must be written #RRGGBB, cmyk(C,M,Y,K) or gray(K) with inks in %% (0–100), "
                "or one of the latter followed by its screen colour: \"cmyk(0,100,100,25) #B00000\"", c);
    ok = false;
  }
  ok &= pb_yaml_token (y, n, "align", false, &a);
  if (a) {
    static const char *const names[] = {"justify", "left", "center", "right", NULL};
    bool found = false;
    for (int i = 0; i < 4; i++)
      if (strcmp (a, names[i]) == 0) {
        s->align = (pb_align) i;
        found = true;
      }
    const char *near = found ? NULL : pb_yaml_suggest (a, names);
    if (!found && near)
      pb_error (y->diags, "value", pb_yaml_pos (y, pb_yaml_get (y, n, "align")),
                "unknown alignment '%s': did you mean '%s'? (justify, left, center, right)", a, near);
    else if (!found)
      pb_error (y->diags, "value", pb_yaml_pos (y, pb_yaml_get (y, n, "align")),
                "unknown alignment '%s' (justify, left, center, right)", a);
    ok &= found;
  }
  ok &= pb_yaml_em (y, n, "indent", 0, 10, &s->indent_em);
  return ok;
}

static bool
parse_typo (pb_yaml *y, yaml_node_t *n, pb_typo *t)
{
  static const char *const keys[] = {"kinsoku", "compress", "shrink_marks", "trim_line_end", "trim_line_start",
                                     "hanging", "halfwidth_digits", "han_latin", "han_latin_min",
                                     "han_latin_max", "interpunct", "headline_comma", "hyphenate", "indent", NULL};
  if (!pb_yaml_is_map (n)) {
    pb_error (y->diags, "type", pb_yaml_pos (y, n), "typography settings must be a mapping");
    return false;
  }
  pb_yaml_check_keys (y, n, "typography", keys);
  bool ok = true;
  const char *k = NULL;
  ok &= pb_yaml_token (y, n, "kinsoku", false, &k);
  if (k) {
    static const char *const levels[] = {"none", "basic", "GB", "strict", "loose", NULL};
    bool found = false;
    for (int i = 0; i < 5; i++)
      if (strcasecmp (k, levels[i]) == 0) {
        t->kinsoku = (pb_kinsoku) i;
        found = true;
      }
    if (!found) {
      const char *near = pb_yaml_suggest (k, levels);
      if (near)
        pb_diag_add (y->diags, PB_SEVERITY_ERROR, "value", pb_yaml_pos (y, pb_yaml_get (y, n, "kinsoku")), k,
                     "unknown kinsoku level '%s': did you mean '%s'? (none, basic, GB, strict, loose)", k, near);
      else
        pb_diag_add (y->diags, PB_SEVERITY_ERROR, "value", pb_yaml_pos (y, pb_yaml_get (y, n, "kinsoku")), k,
                     "unknown kinsoku level '%s' (none, basic, GB, strict, loose)", k);
      ok = false;
    }
  }
  ok &= pb_yaml_bool (y, n, "compress", &t->compress);
  ok &= pb_yaml_bool (y, n, "shrink_marks", &t->shrink_marks);
  ok &= pb_yaml_bool (y, n, "trim_line_end", &t->trim_line_end);
  ok &= pb_yaml_bool (y, n, "trim_line_start", &t->trim_line_start);
  ok &= pb_yaml_bool (y, n, "hanging", &t->hanging);
  ok &= pb_yaml_bool (y, n, "halfwidth_digits", &t->halfwidth_digits);
  ok &= pb_yaml_bool (y, n, "hyphenate", &t->hyphenate);
  ok &= pb_yaml_number (y, n, "han_latin", 0, 1, &t->han_latin);
  ok &= pb_yaml_number (y, n, "han_latin_min", 0, 1, &t->han_latin_min);
  ok &= pb_yaml_number (y, n, "han_latin_max", 0, 1, &t->han_latin_max);
  ok &= pb_yaml_number (y, n, "interpunct", 0, 1.5, &t->interpunct);
  ok &= pb_yaml_em (y, n, "indent", 0, 4, &t->indent);
  const char *hc = NULL;
  ok &= pb_yaml_token (y, n, "headline_comma", false, &hc);
  if (hc && strcmp (hc, "space") && strcmp (hc, "comma")) {
    pb_diag_add (y->diags, PB_SEVERITY_ERROR, "value", pb_yaml_pos (y, pb_yaml_get (y, n, "headline_comma")), hc,
                 "'headline_comma' must be space (a headline's ，set as a full-width space) or comma");
    ok = false;
  } else if (hc)
    t->headline_comma_space = strcmp (hc, "space") == 0;
  if (t->han_latin_min > t->han_latin || t->han_latin > t->han_latin_max) {
    pb_error (y->diags, "value", pb_yaml_pos (y, n), "han_latin_min ≤ han_latin ≤ han_latin_max does not hold");
    ok = false;
  }
  return ok;
}

/* `breaking:` — the line breaker's costs (pb_break_costs), for every
 * language. */
static bool
parse_breaking (pb_yaml *y, yaml_node_t *n, pb_break_costs *c)
{
  static const char *const keys[] = {"tolerance", "line_penalty", "adj_demerits", "orphan", "loose_line",
                                     "hyphen_penalty", "double_hyphen", "final_hyphen", NULL};
  if (!pb_yaml_is_map (n)) {
    pb_error (y->diags, "type", pb_yaml_pos (y, n), "'breaking' must be a mapping (tolerance, line_penalty, "
              "adj_demerits, orphan, loose_line, hyphen_penalty, double_hyphen, final_hyphen)");
    return false;
  }
  pb_yaml_check_keys (y, n, "breaking", keys);
  bool ok = true;
  ok &= pb_yaml_number (y, n, "tolerance", 0.5, 10, &c->tolerance);
  ok &= pb_yaml_number (y, n, "line_penalty", 0, 1000, &c->line_penalty);
  ok &= pb_yaml_number (y, n, "adj_demerits", 0, 1e6, &c->adj_demerits);
  ok &= pb_yaml_number (y, n, "orphan", 0, 1e9, &c->orphan);
  ok &= pb_yaml_number (y, n, "loose_line", 0, 1e7, &c->loose_line);
  ok &= pb_yaml_number (y, n, "hyphen_penalty", 0, 10000, &c->hyphen_penalty);
  ok &= pb_yaml_number (y, n, "double_hyphen", 0, 1e7, &c->double_hyphen);
  ok &= pb_yaml_number (y, n, "final_hyphen", 0, 1e7, &c->final_hyphen);
  return ok;
}

/* `composition:` — the page composer's weights (pb_compose_weights). */
static bool
parse_composition (pb_yaml *y, yaml_node_t *n, pb_compose_weights *w)
{
  static const struct {
    const char *key;
    size_t off;
    int min, max;
  } f[] = {
#define W(k, lo, hi) {#k, offsetof (pb_compose_weights, k), lo, hi}
    W (white, 1, 1000), W (spaced_div, 1, 1000), W (spaced_over, 0, 100000), W (loose_q, 0, 1000),
    W (photo_line_q, 0, 1000), W (photo_span_q, 0, 1000), W (fewer_cols_q, 0, 1000), W (fewer_cols, 0, 1000),
    W (head_step_q, 0, 1000), W (head_pad_q, 0, 1000), W (min_depth, 0, 200), W (shallow_q, 0, 1000),
    W (lead_narrow_q, 0, 1000), W (side_by_side_q, 0, 1000),
#undef W
  };
  enum { N_FIELDS = sizeof f / sizeof f[0] };
  const char *keys[N_FIELDS + 1]; /* the table's keys, for the unknown-key check */
  for (size_t i = 0; i < N_FIELDS; i++)
    keys[i] = f[i].key;
  keys[N_FIELDS] = NULL;
  if (!pb_yaml_is_map (n)) {
    pb_error (y->diags, "type", pb_yaml_pos (y, n), "'composition' must be a mapping of weights (white, …)");
    return false;
  }
  pb_yaml_check_keys (y, n, "composition", keys);
  bool ok = true;
  for (size_t i = 0; i < N_FIELDS; i++)
    ok &= pb_yaml_int (y, n, f[i].key, false, f[i].min, f[i].max, (int *) ((char *) w + f[i].off));
  return ok;
}

/* The file a layout names, relative to the layout's folder. */
static char *
beside (const char *layout_path, const char *name)
{
  if (name[0] == '/')
    return pb_strdup (name);
  const char *slash = strrchr (layout_path, '/');
  if (!slash)
    return pb_strdup (name);
  return pb_printf ("%.*s/%s", (int) (slash - layout_path), layout_path, name);
}

/* The `press` section: the plant's profile and output condition, the PDF/X
 * standard, and the preflight's limits.  The profile is read here (it is
 * embedded in every press PDF); without the key, the stand-in shipped in
 * the layouts folder (profiles/README.md says what it is). */
static bool
parse_press (pb_yaml *y, yaml_node_t *root, pb_arena *arena, const char *layouts_dir, pb_template *t)
{
  pb_press *p = &t->press;
  yaml_node_t *n = pb_yaml_get (y, root, "press");
  static const char *const keys[] = {"profile", "condition", "info", "registry", "ink_limit", "min_rule",
                                     "min_ppi", "downsample", "standard", "bleed", "marks", NULL};
  if (n && !pb_yaml_is_map (n)) {
    pb_error (y->diags, "type", pb_yaml_pos (y, n), "'press' must be a mapping (profile, condition, …)");
    return false;
  }
  pb_yaml_check_keys (y, n, "press", keys);
  bool ok = true;
  const char *profile = NULL, *standard = NULL;
  ok &= pb_yaml_token (y, n, "profile", false, &profile);
  ok &= pb_yaml_string (y, n, "condition", false, &p->condition);
  if (p->condition && strspn (p->condition, " \t") == strlen (p->condition)) {
    pb_error (y->diags, "value", pb_yaml_pos (y, pb_yaml_get (y, n, "condition")),
              "the output condition is empty: give the plant's (e.g. ISOnewspaper26v4), or leave the key out");
    ok = false;
  }
  ok &= pb_yaml_string (y, n, "info", false, &p->condition_info);
  ok &= pb_yaml_string (y, n, "registry", false, &p->registry);
  p->ink_limit = 240;
  ok &= pb_yaml_int (y, n, "ink_limit", false, 100, 400, &p->ink_limit);
  p->min_rule = PB_PT (0.5);
  ok &= pb_yaml_length (y, n, "min_rule", false, t->style[PB_ROLE_BODY].size, 0, &p->min_rule);
  p->min_ppi = 170;
  ok &= pb_yaml_int (y, n, "min_ppi", false, 1, 2400, &p->min_ppi);
  /* newsprint's 85–100 lpi screens need about twice their ruling, 200 ppi;
   * more is lost at the plate (commercial presses: 300) */
  p->downsample = PB_PRESS_DOWNSAMPLE_PPI;
  ok &= pb_yaml_ppi_or_off (y, n, "downsample", &p->downsample);
  ok &= pb_yaml_length (y, n, "bleed", false, 0, 0, &p->bleed);
  if (p->bleed > PB_PT (36)) {
    pb_error (y->diags, "value", pb_yaml_pos (y, pb_yaml_get (y, n, "bleed")),
              "a bleed of %.1f pt is more than any press uses (3 to 5 mm; at most 36 pt)", PB_TO_PT (p->bleed));
    ok = false;
  }
  ok &= pb_yaml_bool (y, n, "marks", &p->marks);
  p->min_multi_text = PB_PT (10);
  p->min_multi_rule = PB_PT (1.5);
  p->standard = PB_PDFX_1A;
  ok &= pb_yaml_token (y, n, "standard", false, &standard);
  if (standard && strcasecmp (standard, "x1a") != 0 && strcasecmp (standard, "pdf/x-1a") != 0) {
    if (strcasecmp (standard, "x4") == 0 || strcasecmp (standard, "pdf/x-4") == 0)
      p->standard = PB_PDFX_4;
    else {
      pb_error (y->diags, "value", pb_yaml_pos (y, pb_yaml_get (y, n, "standard")),
                "unknown press standard '%s' (x1a: PDF/X-1a:2001, x4: PDF/X-4)", standard);
      ok = false;
    }
  }
  p->profile_default = !profile;
  char *path = profile ? beside (t->path, profile)
                       : pb_printf ("%s/profiles/" PB_PRESS_PROFILE, layouts_dir ? layouts_dir : "layouts");
#ifdef PB_SHIPPED_LAYOUTS_DIR
  /* a desk's own layouts folder without the stand-in: paiban's own */
  if (!profile && path && access (path, R_OK) != 0) {
    free (path);
    path = pb_printf ("%s/profiles/" PB_PRESS_PROFILE, PB_SHIPPED_LAYOUTS_DIR);
  }
#endif
  p->profile_pos = pb_yaml_pos (y, profile ? pb_yaml_get (y, n, "profile") : n ? n : root);
  p->profile_path = path ? pb_arena_strdup (arena, path) : NULL;
  free (path);
  if (!p->profile_path)
    return false;
  struct stat st;
  if (profile && stat (p->profile_path, &st) == 0 && S_ISDIR (st.st_mode)) {
    pb_error (y->diags, "press", p->profile_pos, "the press profile %s is a folder, not an ICC file", p->profile_path);
    return false;
  }
  FILE *f = fopen (p->profile_path, "rb");
  if (!f) {
    if (profile) {
      pb_error (y->diags, "press", p->profile_pos, "cannot read the press profile %s: %s", p->profile_path,
                strerror (errno));
      ok = false;
    }
    return ok;
  }
  pb_buf b = {0};
  char chunk[65536];
  size_t got;
  while ((got = fread (chunk, 1, sizeof chunk, f)) > 0 && b.len <= PB_MAX_PROFILE_BYTES)
    pb_buf_append (&b, chunk, got);
  bool read_error = ferror (f);
  fclose (f);
  const char *why = NULL;
  pb_press_profile *pp = NULL;
  if (read_error || b.failed || b.len > PB_MAX_PROFILE_BYTES)
    why = b.len > PB_MAX_PROFILE_BYTES ? N_("larger than 16 MB") : read_error ? N_("a read error")
                                                                                   : N_("out of memory");
  else
    pp = pb_press_profile_open ((const unsigned char *) b.data, b.len, &why);
  if (!pp) {
    pb_error (y->diags, "press", p->profile_pos, "the press profile %s cannot be used: %s", p->profile_path,
              _(why));
    pb_buf_free (&b);
    return false;
  }
  p->icc = pb_arena_alloc (arena, b.len);
  if (p->icc) {
    memcpy (p->icc, b.data, b.len);
    p->icc_len = b.len;
  }
  if (!p->condition)
    p->condition = pb_arena_strdup (arena, pb_press_profile_description (pp));
  pb_press_profile_destroy (pp);
  pb_buf_free (&b);
  return ok && p->icc;
}

/* Colours given only as press ink get their screen rendering through
 * the press profile. */
static bool
screen_colors (pb_yaml *y, pb_template *t, const bool *screen_given)
{
  pb_press_profile *pp = NULL;
  const char *why = "";
  bool ok = true;
  for (int r = 0; r < PB_ROLE_COUNT; r++) {
    if (screen_given[r])
      continue;
    if (!pp && t->press.icc)
      pp = pb_press_profile_open (t->press.icc, t->press.icc_len, &why);
    if (!pp) {
      pb_error (y->diags, "press", t->style_pos[r],
                "the %s style's colour is given as ink only, and there is no press profile to show it on "
                "screen (%s): give its screen colour too, \"cmyk(0,100,100,25) #B00000\"",
                pb_role_name ((pb_role) r), t->press.profile_path);
      ok = false;
      continue;
    }
    double ink[4];
    pb_press_profile_ink (pp, t->style[r].color, ink);
    t->style[r].color.rgb = pb_press_profile_screen (pp, ink);
  }
  pb_press_profile_destroy (pp);
  return ok;
}

static char *
resolve_template_path (const char *name, const char *layouts_dir)
{
  if (strchr (name, '/') || strstr (name, ".yaml") || strstr (name, ".yml"))
    return pb_strdup (name);
  return pb_printf ("%s/%s.yaml", layouts_dir ? layouts_dir : "layouts", name);
}

/* Styles that would print over themselves or their neighbours: a line
 * pitch smaller than the type, a body or byline larger than the grid's
 * pitch (they are set one line a grid row), rules wider than the space
 * between columns or rows.  Errors at the style's line. */
static bool
check_styles (pb_yaml *y, pb_template *t)
{
  bool ok = true;
  for (int r = 0; r < PB_ROLE_COUNT; r++) {
    const pb_style *s = &t->style[r];
    if (s->leading && s->leading < s->size) {
      pb_error (y->diags, "style", t->style_pos[r],
                "the %s style's leading (%.1f pt) is less than its size (%.1f pt): its lines would print over "
                "each other", pb_role_name ((pb_role) r), PB_TO_PT (s->leading), PB_TO_PT (s->size));
      ok = false;
    }
  }
  static const pb_role one_row[] = {PB_ROLE_BODY, PB_ROLE_BYLINE, PB_ROLE_DATELINE};
  for (size_t i = 0; i < sizeof one_row / sizeof one_row[0]; i++) {
    const pb_style *s = &t->style[one_row[i]];
    if (s->size > t->pitch) {
      pb_error (y->diags, "style", t->style_pos[one_row[i]],
                "the %s style (%.1f pt) is larger than the grid's pitch (%.1f pt), and it is set one line a "
                "grid row: its lines would print over each other; make it smaller or the pitch larger",
                pb_role_name (one_row[i]), PB_TO_PT (s->size), PB_TO_PT (t->pitch));
      ok = false;
    }
  }
  if (t->style[PB_ROLE_BODY].leading && t->style[PB_ROLE_BODY].leading != t->pitch)
    pb_warning (y->diags, "style", t->style_pos[PB_ROLE_BODY],
                "the body's lines stand on the grid, one a pitch (%.1f pt): its 'leading' (%.1f pt) is not used",
                PB_TO_PT (t->pitch), PB_TO_PT (t->style[PB_ROLE_BODY].leading));
  pb_fixed room = t->gutter < t->pitch ? t->gutter : t->pitch;
  if (t->rule_w > room / 2) {
    pb_error (y->diags, "style", t->rules_pos,
              "rules %.1f pt wide would cover text: they stand in the gutter (%.1f pt) and in a grid row "
              "(%.1f pt); make them at most %.1f pt", PB_TO_PT (t->rule_w), PB_TO_PT (t->gutter),
              PB_TO_PT (t->pitch), PB_TO_PT (room / 2));
    ok = false;
  }
  return ok;
}

static bool
derive_grid (pb_yaml *y, yaml_node_t *root, pb_template *t)
{
  pb_fixed type_w = t->page_w - t->margin_left - t->margin_right;
  pb_fixed body = t->style[PB_ROLE_BODY].size;
  if (type_w <= 0 || t->page_h - t->margin_top - t->margin_bottom <= 0) {
    pb_error (y->diags, "geometry", pb_yaml_pos (y, root), "the margins leave no room on the page");
    return false;
  }
  pb_fixed raw = (type_w - (t->columns - 1) * t->gutter) / t->columns;
  int chars = raw / body;
  if (raw <= 0 || chars < 2) {
    pb_error (y->diags, "geometry", pb_yaml_pos (y, pb_yaml_get (y, root, "grid")),
              "%d columns with a %.1fpt gutter leave columns narrower than two body characters",
              t->columns, PB_TO_PT (t->gutter));
    return false;
  }
  /* Whole-character columns; what is left widens the side margins
   * equally, so the type area stays centred (the 字数 grid). */
  t->column_w = chars * body;
  pb_fixed extra = type_w - t->columns * t->column_w - (t->columns - 1) * t->gutter;
  t->margin_left += extra / 2;
  t->margin_right += extra - extra / 2;
  if (!t->pitch)
    t->pitch = body * 14 / 10;
  if (!check_styles (y, t))
    return false;
  if (!t->style[PB_ROLE_BODY].leading)
    t->style[PB_ROLE_BODY].leading = t->pitch;
  t->grid_top_p1 = t->margin_top + t->masthead_h;
  t->grid_top = t->margin_top + t->folio_h;
  pb_fixed bottom = t->page_h - t->margin_bottom;
  t->rows_p1 = (bottom - t->grid_top_p1) / t->pitch;
  t->rows = (bottom - t->grid_top) / t->pitch;
  if (t->rows < 4 || t->rows_p1 < 4 || t->rows > PB_MAX_GRID_ROWS) {
    pb_error (y->diags, "geometry", pb_yaml_pos (y, root),
              "the page holds %d body lines below the folio (%d below the masthead); "
              "it needs between 4 and %d", t->rows, t->rows_p1, PB_MAX_GRID_ROWS);
    return false;
  }
  return true;
}

pb_template *
pb_parse_template (pb_arena *arena, const char *name, const char *layouts_dir, pb_pos ref,
                   pb_diagnostics *diags)
{
  char *path = resolve_template_path (name, layouts_dir);
  if (!path)
    return NULL;
  char *near = access (path, R_OK) != 0 ? pb_similar_file (path) : NULL;
  if (near) {
    /* a name of the layouts folder, or a file beside the one given */
    const char *base = strrchr (near, '/') ? strrchr (near, '/') + 1 : near;
    bool named = !strchr (name, '/') && strlen (base) > 5 && strcmp (base + strlen (base) - 5, ".yaml") == 0;
    pb_error (diags, "layout", ref, "unknown layout '%s' (no readable file %s): did you mean '%.*s'?", name, path,
              named ? (int) (strlen (base) - 5) : (int) strlen (near), named ? base : near);
    free (near);
    free (path);
    return NULL;
  }
  if (access (path, R_OK) != 0) {
    pb_error (diags, "layout", ref, "unknown layout '%s' (no readable file %s)", name, path);
    free (path);
    return NULL;
  }
  size_t len;
  pb_file_stamp stamp = {0};
  char *text = pb_read_text_file (arena, path, ref, &len, &stamp, diags);
  pb_template *t = text ? pb_arena_alloc (arena, sizeof *t) : NULL;
  if (!text || !t) {
    if (text)
      pb_error (diags, "memory", ref, "out of memory");
    free (path);
    return NULL;
  }
  t->stamp = stamp;
  t->path = pb_arena_strdup (arena, path);
  free (path);
  pb_yaml y;
  if (!pb_yaml_load (&y, arena, t->path, text, len, 0, diags))
    return NULL;
  yaml_node_t *root = pb_yaml_root (&y);
  bool ok = true;
  if (!pb_yaml_is_map (root)) {
    pb_error (diags, "layout", pb_yaml_pos (&y, root), "a layout template must be a mapping");
    pb_yaml_free (&y);
    return NULL;
  }
  static const char *const keys[] = {"name", "page", "margins", "grid", "folio", "masthead",
                                     "rules", "headline_sizes", "headline_steps", "styles",
                                     "typography", "breaking", "composition", "variable_columns", "press",
                                     "encoding", NULL};
  pb_yaml_check_keys (&y, root, N_("layout"), keys);
  default_styles (t);
  for (int l = 0; l < PB_LANG_COUNT; l++)
    pb_typo_default ((pb_lang) l, &t->typo[l]);
  pb_compose_weights_default (&t->weights);
  if (pb_yaml_get (&y, root, "composition"))
    ok &= parse_composition (&y, pb_yaml_get (&y, root, "composition"), &t->weights);
  yaml_node_t *breaking = pb_yaml_get (&y, root, "breaking");
  if (breaking) {
    bool b_ok = parse_breaking (&y, breaking, &t->typo[0].breaking);
    for (int l = 1; l < PB_LANG_COUNT; l++)
      t->typo[l].breaking = t->typo[0].breaking;
    ok &= b_ok;
  }
  yaml_node_t *typo = pb_yaml_get (&y, root, "typography");
  if (typo && !pb_yaml_is_map (typo)) {
    pb_error (diags, "type", pb_yaml_pos (&y, typo), "'typography' must be a mapping of languages");
    ok = false;
  }
  for (int l = 0; l < PB_LANG_COUNT && pb_yaml_is_map (typo); l++) {
    yaml_node_t *n = pb_yaml_get (&y, typo, pb_lang_tag ((pb_lang) l));
    if (n)
      ok &= parse_typo (&y, n, &t->typo[l]);
  }
  if (pb_yaml_is_map (typo)) {
    static const char *const lk[] = {"zh-Hans", "zh-Hant", "ja", "en", NULL};
    pb_yaml_check_keys (&y, typo, "typography", lk);
  }
  t->name = pb_arena_strdup (arena, name);
  ok &= pb_yaml_string (&y, root, "name", false, &t->name);

  yaml_node_t *styles = pb_yaml_get (&y, root, "styles");
  bool rc_screen = true;
  bool screen_given[PB_ROLE_COUNT];
  for (int r = 0; r < PB_ROLE_COUNT; r++)
    screen_given[r] = true;
  /* The body style first: other sizes may be given in em of it. */
  for (int r = 0; r < PB_ROLE_COUNT; r++) {
    yaml_node_t *n = pb_yaml_get (&y, styles, pb_role_name ((pb_role) r));
    t->style_pos[r] = pb_yaml_pos (&y, n ? n : styles ? styles : root);
  }
  yaml_node_t *body = pb_yaml_get (&y, styles, "body");
  if (body)
    ok &= parse_style (&y, body, &t->style[PB_ROLE_BODY], PB_PT (9), &screen_given[PB_ROLE_BODY]);
  pb_fixed em = t->style[PB_ROLE_BODY].size;
  if (styles && !pb_yaml_is_map (styles)) {
    pb_error (diags, "type", pb_yaml_pos (&y, styles), "'styles' must be a mapping of roles");
    ok = false;
  }
  for (int r = 0; r < PB_ROLE_COUNT && pb_yaml_is_map (styles); r++) {
    yaml_node_t *n = pb_yaml_get (&y, styles, pb_role_name ((pb_role) r));
    if (n && r != PB_ROLE_BODY)
      ok &= parse_style (&y, n, &t->style[r], em, &screen_given[r]);
  }
  if (pb_yaml_is_map (styles)) {
    static const char *roles[PB_ROLE_COUNT + 1];
    for (int r = 0; r < PB_ROLE_COUNT; r++)
      roles[r] = pb_role_name ((pb_role) r);
    pb_yaml_check_keys (&y, styles, "styles", roles);
  }

  yaml_node_t *page = pb_yaml_get (&y, root, "page");
  if (!page) {
    pb_error (diags, "missing-key", pb_yaml_pos (&y, root), "missing required key 'page'");
    ok = false;
  } else {
    static const char *const pk[] = {"width", "height", NULL};
    pb_yaml_check_keys (&y, page, "page", pk);
    ok &= pb_yaml_length (&y, page, "width", true, 0, PB_PT (72), &t->page_w);
    ok &= pb_yaml_length (&y, page, "height", true, 0, PB_PT (72), &t->page_h);
  }
  yaml_node_t *m = pb_yaml_get (&y, root, "margins");
  static const char *const mk[] = {"top", "bottom", "left", "right", NULL};
  pb_yaml_check_keys (&y, m, "margins", mk);
  t->margin_top = t->margin_bottom = t->margin_left = t->margin_right = PB_PT (36);
  ok &= pb_yaml_length (&y, m, "top", false, 0, 0, &t->margin_top);
  ok &= pb_yaml_length (&y, m, "bottom", false, 0, 0, &t->margin_bottom);
  ok &= pb_yaml_length (&y, m, "left", false, 0, 0, &t->margin_left);
  ok &= pb_yaml_length (&y, m, "right", false, 0, 0, &t->margin_right);

  yaml_node_t *g = pb_yaml_get (&y, root, "grid");
  if (!g) {
    pb_error (diags, "missing-key", pb_yaml_pos (&y, root), "missing required key 'grid'");
    ok = false;
  } else {
    static const char *const gk[] = {"columns", "gutter", "pitch", NULL};
    pb_yaml_check_keys (&y, g, "grid", gk);
    t->grid_pos = pb_yaml_pos (&y, g);
    ok &= pb_yaml_int (&y, g, "columns", true, 1, PB_MAX_COLUMNS, &t->columns);
    t->gutter = em;
    ok &= pb_yaml_length (&y, g, "gutter", false, em, 0, &t->gutter);
    ok &= pb_yaml_length (&y, g, "pitch", false, em, PB_PT (2), &t->pitch);
  }
  yaml_node_t *f = pb_yaml_get (&y, root, "folio");
  t->folio_pos = pb_yaml_pos (&y, f ? f : root);
  static const char *const hk[] = {"height", NULL};
  pb_yaml_check_keys (&y, f, "folio", hk);
  t->folio_h = PB_PT (24);
  ok &= pb_yaml_length (&y, f, "height", false, em, 0, &t->folio_h);
  yaml_node_t *mh = pb_yaml_get (&y, root, "masthead");
  t->masthead_pos = pb_yaml_pos (&y, mh ? mh : root);
  static const char *const mhk[] = {"height", "rule_color", NULL};
  pb_yaml_check_keys (&y, mh, "masthead", mhk);
  t->masthead_h = PB_PT (120);
  ok &= pb_yaml_length (&y, mh, "height", false, em, 0, &t->masthead_h);
  /* the thin rule under the masthead: the masthead's colour unless given */
  const char *rc = NULL;
  ok &= pb_yaml_token (&y, mh, "rule_color", false, &rc);
  if (rc && !parse_color (rc, &t->masthead_rule_color, &rc_screen)) {
    pb_error (diags, "value", pb_yaml_pos (&y, pb_yaml_get (&y, mh, "rule_color")),
              "colour '%s' must be written #RRGGBB, cmyk(C,M,Y,K) or gray(K) with inks in %% (0–100), "
              "or one of the latter followed by its screen colour: \"cmyk(0,100,100,25) #B00000\"", rc);
    ok = false;
  }
  t->masthead_rule_set = rc != NULL;
  yaml_node_t *ru = pb_yaml_get (&y, root, "rules");
  t->rules_pos = pb_yaml_pos (&y, ru ? ru : root);
  static const char *const rk[] = {"width", NULL};
  pb_yaml_check_keys (&y, ru, "rules", rk);
  t->rule_w = PB_PT (0.5);
  ok &= pb_yaml_length (&y, ru, "width", false, 0, 0, &t->rule_w);

  static const double hs[6] = {0, 40, 30, 24, 20, 16};
  for (int p = 1; p <= 5; p++)
    t->headline_size[p] = PB_PT (hs[p]);
  yaml_node_t *h = pb_yaml_get (&y, root, "headline_sizes");
  static const char *const pk5[] = {"1", "2", "3", "4", "5", NULL};
  pb_yaml_check_keys (&y, h, "headline_sizes", pk5);
  for (int p = 1; p <= 5; p++)
    ok &= pb_yaml_length (&y, h, pk5[p - 1], false, em, PB_PT (4), &t->headline_size[p]);
  t->headline_steps = 1;
  ok &= pb_yaml_int (&y, root, "headline_steps", false, 0, 2, &t->headline_steps);
  t->variable_columns = true;
  ok &= pb_yaml_bool (&y, root, "variable_columns", &t->variable_columns);

  ok &= parse_press (&y, root, arena, layouts_dir, t);
  ok &= screen_colors (&y, t, screen_given);
  if (!rc_screen) {
    /* the masthead rule's screen rendering, as a style's, through the profile */
    pb_style kept = t->style[PB_ROLE_MASTHEAD];
    bool given[PB_ROLE_COUNT];
    for (int r = 0; r < PB_ROLE_COUNT; r++)
      given[r] = r != PB_ROLE_MASTHEAD;
    t->style[PB_ROLE_MASTHEAD].color = t->masthead_rule_color;
    ok &= screen_colors (&y, t, given);
    t->masthead_rule_color = t->style[PB_ROLE_MASTHEAD].color;
    t->style[PB_ROLE_MASTHEAD] = kept;
  }
  if (ok)
    ok = derive_grid (&y, root, t);
  pb_yaml_free (&y);
  return ok ? t : NULL;
}
