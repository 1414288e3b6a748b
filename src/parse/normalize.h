/* Copy normalisation: internal to parse. */
#ifndef PB_PARSE_NORMALIZE_H
#define PB_PARSE_NORMALIZE_H

#include "doc/doc.h"
#include "parse/yaml.h"

enum {
  PB_NORM_PUNCT, PB_NORM_QUOTES, PB_NORM_ELLIPSIS, PB_NORM_DASH, PB_NORM_INDENT, PB_NORM_SPACES,
  PB_NORM_SPACES_COLLAPSED, PB_NORM_INTERPUNCT, PB_NORM_SPACES_KEPT, PB_NORM_KINDS
};

typedef struct {
  int n[PB_NORM_KINDS];
} pb_norm_counts;

/* Rewrites one paragraph's text to the conventions of lang; spans are
 * moved to the new byte offsets.  Returns arena text (NULL on OOM). */
char *pb_normalize_text (pb_arena *arena, const char *text, size_t len, pb_span *spans,
                         size_t n_spans, pb_lang lang, bool keep_spaces, pb_norm_counts *counts,
                         size_t *out_len);
/* `cjk_spaces: keep | drop` of map (an edition's or an article's front
 * matter) into norm; false when the value is wrong (reported). */
bool pb_parse_cjk_spaces (pb_yaml *y, yaml_node_t *map, pb_norm_opts *norm);
/* One note per kind of change, at pos. */
void pb_normalize_report (const pb_norm_counts *counts, pb_pos pos, const char *article_id,
                          pb_diagnostics *diags);

#endif
