/* YAML helpers over libyaml's document API. */
#include "parse/yaml.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

bool
pb_yaml_load (pb_yaml *y, pb_arena *arena, const char *file, const char *data, size_t len,
              int line_offset, pb_diagnostics *diags)
{
  memset (y, 0, sizeof *y);
  y->arena = arena;
  y->file = pb_arena_strdup (arena, file);
  y->line_offset = line_offset;
  y->diags = diags;
  yaml_parser_t parser;
  if (!yaml_parser_initialize (&parser)) {
    pb_error (diags, "memory", ((pb_pos) {y->file, 0, 0}), "out of memory");
    return false;
  }
  yaml_parser_set_input_string (&parser, (const unsigned char *) data, len);
  if (!yaml_parser_load (&parser, &y->doc)) {
    yaml_mark_t m = parser.problem_mark;
    pb_pos pos = {y->file, (int) m.line + 1 + line_offset, (int) m.column + 1};
    if (parser.context)
      pb_error (diags, "yaml", pos, "YAML syntax: %s %s", parser.problem ? parser.problem : "error",
                parser.context);
    else
      pb_error (diags, "yaml", pos, "YAML syntax: %s", parser.problem ? parser.problem : "error");
    yaml_parser_delete (&parser);
    return false;
  }
  yaml_parser_delete (&parser);
  y->loaded = true;
  return true;
}

void
pb_yaml_free (pb_yaml *y)
{
  if (y->loaded)
    yaml_document_delete (&y->doc);
  y->loaded = false;
}

yaml_node_t *
pb_yaml_root (pb_yaml *y)
{
  return y->loaded ? yaml_document_get_root_node (&y->doc) : NULL;
}

pb_pos
pb_yaml_pos (const pb_yaml *y, const yaml_node_t *n)
{
  if (!n)
    return (pb_pos) {y->file, 1, 1}; /* an empty document */
  return (pb_pos) {y->file, (int) n->start_mark.line + 1 + y->line_offset,
                   (int) n->start_mark.column + 1};
}

bool
pb_yaml_is_map (const yaml_node_t *n)
{
  return n && n->type == YAML_MAPPING_NODE;
}

bool
pb_yaml_is_seq (const yaml_node_t *n)
{
  return n && n->type == YAML_SEQUENCE_NODE;
}

size_t
pb_yaml_seq_len (const yaml_node_t *n)
{
  return pb_yaml_is_seq (n) ? (size_t) (n->data.sequence.items.top - n->data.sequence.items.start) : 0;
}

yaml_node_t *
pb_yaml_seq_item (pb_yaml *y, yaml_node_t *seq, size_t i)
{
  return yaml_document_get_node (&y->doc, seq->data.sequence.items.start[i]);
}

const char *
pb_yaml_scalar (pb_yaml *y, yaml_node_t *n)
{
  (void) y;
  return n && n->type == YAML_SCALAR_NODE ? (const char *) n->data.scalar.value : NULL;
}

yaml_node_t *
pb_yaml_get (pb_yaml *y, yaml_node_t *map, const char *key)
{
  if (!pb_yaml_is_map (map))
    return NULL;
  for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
    const char *k = pb_yaml_scalar (y, yaml_document_get_node (&y->doc, p->key));
    if (k && strcmp (k, key) == 0)
      return yaml_document_get_node (&y->doc, p->value);
  }
  return NULL;
}

void
pb_yaml_check_keys (pb_yaml *y, yaml_node_t *map, const char *what, const char *const *known)
{
  if (!pb_yaml_is_map (map))
    return;
  for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
    yaml_node_t *kn = yaml_document_get_node (&y->doc, p->key);
    const char *k = pb_yaml_scalar (y, kn);
    bool ok = false;
    for (size_t i = 0; k && known[i]; i++)
      ok |= strcmp (k, known[i]) == 0;
    if (!ok)
      pb_warning (y->diags, "unknown-key", pb_yaml_pos (y, kn), "unknown key '%s' in %s (ignored)",
                  k ? k : "?", what);
  }
}

static yaml_node_t *
lookup (pb_yaml *y, yaml_node_t *map, const char *key, bool required)
{
  yaml_node_t *n = pb_yaml_get (y, map, key);
  if (!n && required)
    pb_error (y->diags, "missing-key", pb_yaml_pos (y, map), "missing required key '%s'", key);
  return n;
}

bool
pb_yaml_string (pb_yaml *y, yaml_node_t *map, const char *key, bool required, const char **out)
{
  yaml_node_t *n = lookup (y, map, key, required);
  if (!n)
    return !required;
  const char *s = pb_yaml_scalar (y, n);
  if (!s) {
    pb_error (y->diags, "type", pb_yaml_pos (y, n), "'%s' must be a string", key);
    return false;
  }
  if (required && !s[0]) {
    pb_error (y->diags, "empty", pb_yaml_pos (y, n), "'%s' must not be empty", key);
    return false;
  }
  *out = pb_arena_strdup (y->arena, s);
  return true;
}

bool
pb_yaml_int (pb_yaml *y, yaml_node_t *map, const char *key, bool required, long min, long max,
             int *out)
{
  yaml_node_t *n = lookup (y, map, key, required);
  if (!n)
    return !required;
  const char *s = pb_yaml_scalar (y, n);
  char *end = NULL;
  errno = 0;
  long v = s ? strtol (s, &end, 10) : 0;
  if (!s || !s[0] || *end || errno) {
    pb_diag_add (y->diags, PB_SEVERITY_ERROR, "type", pb_yaml_pos (y, n), s,
                 "'%s' must be a whole number", key);
    return false;
  }
  if (v < min || v > max) {
    pb_diag_add (y->diags, PB_SEVERITY_ERROR, "range", pb_yaml_pos (y, n), s,
                 "'%s' is %ld; it must be between %ld and %ld", key, v, min, max);
    return false;
  }
  *out = (int) v;
  return true;
}

bool
pb_yaml_length (pb_yaml *y, yaml_node_t *map, const char *key, bool required, pb_fixed em_base,
                pb_fixed min, pb_fixed *out)
{
  yaml_node_t *n = lookup (y, map, key, required);
  if (!n)
    return !required;
  const char *s = pb_yaml_scalar (y, n);
  char *end = NULL;
  errno = 0;
  double v = s ? strtod (s, &end) : NAN;
  double scale = 1;
  if (s && end && end != s) {
    while (*end == ' ')
      end++;
    if (!*end || strcmp (end, "pt") == 0)
      scale = 1;
    else if (strcmp (end, "mm") == 0)
      scale = 72.0 / 25.4;
    else if (strcmp (end, "cm") == 0)
      scale = 72.0 / 2.54;
    else if (strcmp (end, "in") == 0)
      scale = 72.0;
    else if (strcmp (end, "em") == 0 && em_base > 0)
      scale = PB_TO_PT (em_base);
    else
      end = NULL;
  } else
    end = NULL;
  if (!end || errno || !isfinite (v)) {
    pb_diag_add (y->diags, PB_SEVERITY_ERROR, "type", pb_yaml_pos (y, n), s,
                 "'%s' must be a length such as 9.5pt, 15mm or 1em", key);
    return false;
  }
  double pt = v * scale;
  if (pt < PB_TO_PT (min) || pt > 10000) {
    pb_diag_add (y->diags, PB_SEVERITY_ERROR, "range", pb_yaml_pos (y, n), s,
                 "'%s' is out of range (at least %gpt, at most 10000pt)", key, PB_TO_PT (min));
    return false;
  }
  *out = PB_PT (pt);
  return true;
}

bool
pb_yaml_bool (pb_yaml *y, yaml_node_t *map, const char *key, bool *out)
{
  yaml_node_t *n = pb_yaml_get (y, map, key);
  if (!n)
    return true;
  const char *s = pb_yaml_scalar (y, n);
  static const char *const yes[] = {"true", "yes", "on"}, *const no[] = {"false", "no", "off"};
  for (int i = 0; s && i < 3; i++) {
    if (strcmp (s, yes[i]) == 0) {
      *out = true;
      return true;
    }
    if (strcmp (s, no[i]) == 0) {
      *out = false;
      return true;
    }
  }
  pb_diag_add (y->diags, PB_SEVERITY_ERROR, "type", pb_yaml_pos (y, n), s,
               "'%s' must be true or false", key);
  return false;
}

bool
pb_yaml_number (pb_yaml *y, yaml_node_t *map, const char *key, double min, double max, double *out)
{
  yaml_node_t *n = pb_yaml_get (y, map, key);
  if (!n)
    return true;
  const char *s = pb_yaml_scalar (y, n);
  char *end = NULL;
  double v = s ? strtod (s, &end) : NAN;
  if (!s || end == s || *end || !isfinite (v) || v < min || v > max) {
    pb_diag_add (y->diags, PB_SEVERITY_ERROR, "range", pb_yaml_pos (y, n), s,
                 "'%s' must be a number between %g and %g", key, min, max);
    return false;
  }
  *out = v;
  return true;
}

bool
pb_yaml_strings (pb_yaml *y, yaml_node_t *map, const char *key, const char ***out, size_t *n)
{
  yaml_node_t *node = pb_yaml_get (y, map, key);
  if (!node)
    return true;
  const char *s = pb_yaml_scalar (y, node);
  if (s) {
    *out = pb_arena_array (y->arena, 1, sizeof (char *));
    (*out)[0] = pb_arena_strdup (y->arena, s);
    *n = 1;
    return true;
  }
  if (!pb_yaml_is_seq (node)) {
    pb_error (y->diags, "type", pb_yaml_pos (y, node), "'%s' must be a string or a list of strings",
              key);
    return false;
  }
  size_t len = pb_yaml_seq_len (node);
  *out = pb_arena_array (y->arena, len ? len : 1, sizeof (char *));
  *n = 0;
  for (size_t i = 0; i < len; i++) {
    yaml_node_t *it = pb_yaml_seq_item (y, node, i);
    const char *v = pb_yaml_scalar (y, it);
    if (!v) {
      pb_error (y->diags, "type", pb_yaml_pos (y, it), "items of '%s' must be strings", key);
      return false;
    }
    (*out)[(*n)++] = pb_arena_strdup (y->arena, v);
  }
  return true;
}
