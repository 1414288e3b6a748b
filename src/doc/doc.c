/* Small helpers over the document model. */
#include "doc/doc.h"

#include <string.h>
#include <strings.h>

static const char *const lang_tags[PB_LANG_COUNT] = {"zh-Hans", "zh-Hant", "ja", "en"};

const char *
pb_lang_tag (pb_lang lang)
{
  return lang < PB_LANG_COUNT ? lang_tags[lang] : "zh-Hans";
}

bool
pb_lang_parse (const char *s, pb_lang *out)
{
  static const struct { const char *tag; pb_lang lang; } aliases[] = {
    {"zh-Hans", PB_LANG_ZH_HANS}, {"zh-CN", PB_LANG_ZH_HANS}, {"zh", PB_LANG_ZH_HANS},
    {"zh-Hant", PB_LANG_ZH_HANT}, {"zh-TW", PB_LANG_ZH_HANT}, {"zh-HK", PB_LANG_ZH_HANT},
    {"ja", PB_LANG_JA}, {"ja-JP", PB_LANG_JA}, {"en", PB_LANG_EN}, {"en-US", PB_LANG_EN},
    {"en-GB", PB_LANG_EN},
  };
  for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
    if (strcasecmp (s, aliases[i].tag) == 0) {
      *out = aliases[i].lang;
      return true;
    }
  return false;
}

void
pb_break_costs_default (pb_break_costs *c)
{
  *c = (pb_break_costs) {.tolerance = 2.0, .line_penalty = 10, .adj_demerits = 3000, .badness_cap = 1e7,
                         .flush_short = 4, .orphan = 5e7, .overfull = 1e9, .loose_line = 1e6, .loose_ratio = 1.0,
                         .hyphen_penalty = 50, .double_hyphen = 10000, .final_hyphen = 5000};
}

void
pb_compose_weights_default (pb_compose_weights *w)
{
  *w = (pb_compose_weights) {.white = 8, .spaced_div = 10, .spaced_over = 200, .loose_q = 2, .photo_line_q = 1,
                             .photo_span_q = 4, .fewer_cols_q = 16, .fewer_cols = 8, .head_step_q = 4,
                             .head_pad_q = 3, .min_depth = 14, .shallow_q = 12, .lead_narrow_q = 40,
                             .side_by_side_q = 24};
}

void
pb_typo_default (pb_lang lang, pb_typo *t)
{
  *t = (pb_typo) {PB_KINSOKU_BASIC, true, true, true, false, false, true, 0.25, 0.125, 1.0 / 3, 0.5, false, {.tolerance = 0}, true, -1};
  pb_break_costs_default (&t->breaking);
  switch (lang) {
  case PB_LANG_ZH_HANT:
    /* centred marks with quarter blanks; Taiwan and Hong Kong papers
     * seldom compress them, but a line may still be justified by
     * shrinking a quarter blank rather than spacing out ideographs */
    t->compress = false;
    t->trim_line_end = false;
    t->interpunct = 1.0;
    break;
  case PB_LANG_JA:
    t->kinsoku = PB_KINSOKU_LOOSE;
    t->interpunct = 1.0;
    t->indent = 1.0;
    break;
  case PB_LANG_EN:
    t->compress = false;
    t->shrink_marks = false;
    t->halfwidth_digits = false;
    t->trim_line_end = false;
    t->interpunct = 0;
    break;
  default:
    break;
  }
}

static const char *const role_names[PB_ROLE_COUNT] = {
  "body", "kicker", "headline", "deck", "byline", "dateline", "subheading",
  "caption", "credit", "folio", "masthead", "masthead_info",
};

const char *
pb_role_name (pb_role role)
{
  return role < PB_ROLE_COUNT ? role_names[role] : "?";
}

int
pb_template_rows (const pb_template *t, int page_number)
{
  return page_number == 1 ? t->rows_p1 : t->rows;
}

pb_fixed
pb_template_grid_top (const pb_template *t, int page_number)
{
  return page_number == 1 ? t->grid_top_p1 : t->grid_top;
}

pb_fixed
pb_template_col_x (const pb_template *t, int col0)
{
  return t->margin_left + col0 * (t->column_w + t->gutter);
}

pb_fixed
pb_template_span_w (const pb_template *t, int cols)
{
  return cols * t->column_w + (cols - 1) * t->gutter;
}
