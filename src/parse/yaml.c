/* YAML helpers over libyaml's document API. */
#include "parse/yaml.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct {
  const char *key;
  yaml_node_t *node;
} key_ref;

static int
key_cmp (const void *a, const void *b)
{
  const key_ref *x = a, *y = b;
  int c = strcmp (x->key, y->key);
  /* equal keys in the order they are written */
  return c ? c : (x->node->start_mark.index > y->node->start_mark.index) -
                   (x->node->start_mark.index < y->node->start_mark.index);
}

/* `{color: cmyk(0,100,100,25)}` unquoted: YAML cuts the value at its first
 * comma and makes keys of the rest ('100' twice).  Said as what it is,
 * once, at the value; true when so. */
static yaml_node_t *
cut_colour (pb_yaml *y, yaml_node_t *m)
{
  for (yaml_node_pair_t *p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++) {
    yaml_node_t *v = yaml_document_get_node (&y->doc, p->value);
    const char *s = v && v->type == YAML_SCALAR_NODE ? (const char *) v->data.scalar.value : NULL;
    if (s && (strncasecmp (s, "cmyk(", 5) == 0 || strncasecmp (s, "gray(", 5) == 0) && !strchr (s, ')'))
      return v;
  }
  return NULL;
}

static bool
colour_cut (pb_yaml *y, yaml_node_t *m)
{
  yaml_node_t *v = cut_colour (y, m);
  if (v)
    pb_error (y->diags, "value", pb_yaml_pos (y, v),
              "colour '%s' is cut at a comma: write it in quotes, color: \"cmyk(0,100,100,25)\"",
              (const char *) v->data.scalar.value);
  return v != NULL;
}

/* A key written twice in one mapping is an error at the second: libyaml
 * keeps both and a lookup would silently take the first. */
static void
check_duplicates (pb_yaml *y)
{
  for (yaml_node_t *m = y->doc.nodes.start; m < y->doc.nodes.top; m++) {
    if (m->type != YAML_MAPPING_NODE)
      continue;
    size_t n = (size_t) (m->data.mapping.pairs.top - m->data.mapping.pairs.start);
    if (n < 2 || colour_cut (y, m))
      continue;
    key_ref *keys = pb_calloc (n, sizeof *keys);
    if (!keys) {
      pb_error (y->diags, "memory", pb_yaml_pos (y, m), "out of memory");
      return;
    }
    size_t k = 0;
    for (yaml_node_pair_t *p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++) {
      yaml_node_t *kn = yaml_document_get_node (&y->doc, p->key);
      if (kn && kn->type == YAML_SCALAR_NODE)
        keys[k++] = (key_ref) {(const char *) kn->data.scalar.value, kn};
    }
    qsort (keys, k, sizeof *keys, key_cmp);
    for (size_t i = 1; i < k; i++)
      if (strcmp (keys[i].key, keys[i - 1].key) == 0) {
        size_t first = i - 1;
        while (first > 0 && strcmp (keys[first - 1].key, keys[i].key) == 0)
          first--;
        pb_error (y->diags, "duplicate-key", pb_yaml_pos (y, keys[i].node),
                  "'%s' is given twice in this mapping (first at line %d); remove one", keys[i].key,
                  pb_yaml_pos (y, keys[first].node).line);
      }
    free (keys);
  }
}

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
  /* A second document (a '---' line, two files pasted into one) would be
   * dropped without a word: say where it starts. */
  yaml_document_t next;
  if (yaml_parser_load (&parser, &next)) {
    yaml_node_t *root = yaml_document_get_root_node (&next);
    bool empty = root && root->type == YAML_SCALAR_NODE && root->data.scalar.length == 0;
    if (root && !empty) /* a closing '---' alone is harmless */
      pb_warning (diags, "yaml", ((pb_pos) {y->file, (int) next.start_mark.line + 1 + line_offset,
                                            (int) next.start_mark.column + 1}),
                  "a second YAML document starts here (after a '---' line); paiban reads only the first "
                  "and ignores the rest of the file");
    yaml_document_delete (&next);
  } else {
    yaml_mark_t m = parser.problem_mark;
    pb_warning (diags, "yaml", ((pb_pos) {y->file, (int) m.line + 1 + line_offset, (int) m.column + 1}),
                "the text after the first YAML document is ignored (it does not read as YAML: %s)",
                parser.problem ? parser.problem : "error");
  }
  yaml_parser_delete (&parser);
  y->loaded = true;
  check_duplicates (y);
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

bool
pb_yaml_is_null (const yaml_node_t *n)
{
  if (!n || n->type != YAML_SCALAR_NODE || n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
    return false;
  const char *v = (const char *) n->data.scalar.value;
  return !v[0] || strcmp (v, "~") == 0 || strcmp (v, "null") == 0 || strcmp (v, "Null") == 0 ||
         strcmp (v, "NULL") == 0;
}

/* The value of key in map, NULL and ~ counting as absent (YAML's null);
 * *present (may be NULL) tells whether the key is written at all. */
static yaml_node_t *
get_value (pb_yaml *y, yaml_node_t *map, const char *key, yaml_node_t **key_node)
{
  if (key_node)
    *key_node = NULL;
  if (!pb_yaml_is_map (map))
    return NULL;
  for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
    yaml_node_t *kn = yaml_document_get_node (&y->doc, p->key);
    const char *k = pb_yaml_scalar (y, kn);
    if (k && strcmp (k, key) == 0) {
      yaml_node_t *v = yaml_document_get_node (&y->doc, p->value);
      if (key_node)
        *key_node = kn;
      return pb_yaml_is_null (v) ? NULL : v;
    }
  }
  return NULL;
}

yaml_node_t *
pb_yaml_get (pb_yaml *y, yaml_node_t *map, const char *key)
{
  return get_value (y, map, key, NULL);
}

/* Is key written in map (whatever its value)? */
static bool
key_given (pb_yaml *y, yaml_node_t *map, const char *key)
{
  yaml_node_t *kn;
  get_value (y, map, key, &kn);
  return kn != NULL;
}

bool
pb_yaml_has_key (pb_yaml *y, yaml_node_t *map, const char *key)
{
  return key_given (y, map, key);
}

pb_pos
pb_yaml_key_pos (pb_yaml *y, yaml_node_t *map, const char *key)
{
  yaml_node_t *kn;
  yaml_node_t *v = get_value (y, map, key, &kn);
  return pb_yaml_pos (y, v ? v : kn ? kn : map);
}

/* Edit distance between two short ASCII keys (case folded), capped. */
static int
key_distance (const char *a, const char *b)
{
  size_t la = strlen (a), lb = strlen (b);
  if (la > 40 || lb > 40)
    return 99;
  int d[41][41];
  for (size_t i = 0; i <= la; i++)
    d[i][0] = (int) i;
  for (size_t j = 0; j <= lb; j++)
    d[0][j] = (int) j;
  for (size_t i = 1; i <= la; i++)
    for (size_t j = 1; j <= lb; j++) {
      int cost = tolower ((unsigned char) a[i - 1]) != tolower ((unsigned char) b[j - 1]);
      int v = d[i - 1][j] + 1;
      if (d[i][j - 1] + 1 < v)
        v = d[i][j - 1] + 1;
      if (d[i - 1][j - 1] + cost < v)
        v = d[i - 1][j - 1] + cost;
      /* two neighbours swapped (bylnie) count as one edit */
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < v)
        v = d[i - 2][j - 2] + 1;
      d[i][j] = v;
    }
  return d[la][lb];
}

const char *
pb_yaml_suggest (const char *key, const char *const *known)
{
  const char *best = NULL;
  int best_d = 3; /* at most two edits */
  for (size_t i = 0; key && known[i]; i++) {
    int dist = key_distance (key, known[i]);
    /* a short name is suggested one edit away only: two edits of "id"
     * or "at" are any other two letters ("<<", "ad") */
    if ((strlen (key) <= 4 || strlen (known[i]) <= 4) && dist > 1)
      continue;
    if (dist < best_d) {
      best_d = dist;
      best = known[i];
    }
  }
  return best;
}

void
pb_yaml_check_keys (pb_yaml *y, yaml_node_t *map, const char *what, const char *const *known)
{
  /* a colour cut at its commas made keys of its numbers: said once */
  if (!pb_yaml_is_map (map) || cut_colour (y, map))
    return;
  for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
    yaml_node_t *kn = yaml_document_get_node (&y->doc, p->key);
    const char *k = pb_yaml_scalar (y, kn);
    bool ok = false;
    for (size_t i = 0; k && known[i]; i++)
      ok |= strcmp (k, known[i]) == 0;
    if (ok)
      continue;
    /* an invisible character typed or pasted into the key (a zero-width
     * space, a BOM, a no-break space): the key as it looks is known */
    char bare[128];
    uint32_t hidden = 0;
    size_t o = 0;
    for (size_t i = 0; k && k[i] && o + 4 < sizeof bare;) {
      uint32_t cp;
      size_t m = pb_utf8_decode (k + i, strlen (k + i), &cp);
      if (m == 0)
        break;
      if (cp == 0x200B || cp == 0x200C || cp == 0x200D || cp == 0x2060 || cp == 0xFEFF || cp == 0xA0 || cp == 0x3000)
        hidden = hidden ? hidden : cp;
      else {
        memcpy (bare + o, k + i, m);
        o += m;
      }
      i += m;
    }
    bare[o] = 0;
    bool bare_known = false;
    for (size_t i = 0; hidden && known[i]; i++)
      bare_known |= strcmp (bare, known[i]) == 0;
    if (bare_known) {
      pb_warning (y->diags, "unknown-key", pb_yaml_pos (y, kn),
                  "the key '%s' in %s has an invisible character in it (U+%04X): it is not read; delete the key and "
                  "type it again", bare, _(what), hidden);
      continue;
    }
    /* a key not yet given is the likelier one (colz: cols, not col) */
    const char *absent[64];
    size_t na = 0;
    for (size_t i = 0; known[i] && na + 1 < 64; i++)
      if (!key_given (y, map, known[i]))
        absent[na++] = known[i];
    absent[na] = NULL;
    const char *near = pb_yaml_suggest (k, absent);
    if (!near)
      near = pb_yaml_suggest (k, known);
    if (near)
      pb_warning (y->diags, "unknown-key", pb_yaml_pos (y, kn),
                  "unknown key '%s' in %s: did you mean '%s'? (ignored)", k ? k : "?", _(what), near);
    else
      pb_warning (y->diags, "unknown-key", pb_yaml_pos (y, kn), "unknown key '%s' in %s (ignored)",
                  k ? k : "?", _(what));
  }
}

static yaml_node_t *
lookup (pb_yaml *y, yaml_node_t *map, const char *key, bool required)
{
  yaml_node_t *kn;
  yaml_node_t *n = get_value (y, map, key, &kn);
  if (!n && required && kn)
    pb_error (y->diags, "missing-key", pb_yaml_pos (y, kn), "'%s' has no value (it is required)", key);
  else if (!n && required)
    pb_error (y->diags, "missing-key", pb_yaml_pos (y, map), "missing required key '%s'", key);
  return n;
}

/* Typographic quotes round a whole value (src: “a.md”) are not YAML's
 * quotes: they become part of the value. */
static void
check_typographic_quotes (pb_yaml *y, yaml_node_t *n, const char *key, const char *s)
{
  static const char *const pairs[][2] = {{"\u201C", "\u201D"}, {"\u2018", "\u2019"}, {"\u300C", "\u300D"},
                                         {"\uFF02", "\uFF02"}, {"\u201D", "\u201D"}};
  size_t len = strlen (s);
  for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
    size_t lo = strlen (pairs[i][0]), lc = strlen (pairs[i][1]);
    if (len > lo + lc && memcmp (s, pairs[i][0], lo) == 0 && memcmp (s + len - lc, pairs[i][1], lc) == 0) {
      pb_diag_add (y->diags, PB_SEVERITY_WARNING, "quotes", pb_yaml_pos (y, n), s,
                   "the value of '%s' is wrapped in typographic quotes %s…%s, which are part of the "
                   "value; YAML quotes are straight (\" or ')", key, pairs[i][0], pairs[i][1]);
      return;
    }
  }
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
  if (required && pb_utf8_is_blank (s)) {
    pb_error (y->diags, "empty", pb_yaml_pos (y, n), "'%s' must not be empty", key);
    return false;
  }
  *out = pb_arena_strdup (y->arena, s);
  return true;
}

bool
pb_yaml_token (pb_yaml *y, yaml_node_t *map, const char *key, bool required, const char **out)
{
  const char *before = *out;
  if (!pb_yaml_string (y, map, key, required, out))
    return false;
  if (*out && *out != before)
    check_typographic_quotes (y, pb_yaml_get (y, map, key), key, *out);
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

/* A decimal number (strtod also reads hexadecimal, inf and nan, which
 * no layout means): its value, and where it ends in *end; NAN when s
 * does not start with one. */
static double
decimal (const char *s, char **end)
{
  const char *p = s + (*s == '+' || *s == '-');
  if ((!isdigit ((unsigned char) *p) && !(*p == '.' && isdigit ((unsigned char) p[1]))) ||
      (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))) {
    *end = (char *) s;
    return NAN;
  }
  return strtod (s, end);
}

/* The number at key between min and max, written bare or, where unit is
 * given, followed by it ("2", "2em", "2 em"); absent: true. */
static bool
number_in (pb_yaml *y, yaml_node_t *map, const char *key, double min, double max, const char *unit, double *out)
{
  yaml_node_t *n = pb_yaml_get (y, map, key);
  if (!n)
    return true;
  const char *s = pb_yaml_scalar (y, n);
  char *end = NULL;
  double v = s ? decimal (s, &end) : NAN;
  if (unit && end && *end == ' ')
    end++;
  if (!s || end == s || (*end && (!unit || strcmp (end, unit) != 0)) || !isfinite (v) || v < min || v > max) {
    if (unit)
      pb_diag_add (y->diags, PB_SEVERITY_ERROR, "value", pb_yaml_pos (y, n), s,
                   "'%s' must be a number of em between %g and %g, e.g. 2em", key, min, max);
    else
      pb_diag_add (y->diags, PB_SEVERITY_ERROR, "range", pb_yaml_pos (y, n), s,
                   "'%s' must be a number between %g and %g", key, min, max);
    return false;
  }
  *out = v;
  return true;
}

bool
pb_yaml_em (pb_yaml *y, yaml_node_t *map, const char *key, double min, double max, double *out)
{
  return number_in (y, map, key, min, max, "em", out);
}

bool
pb_yaml_number (pb_yaml *y, yaml_node_t *map, const char *key, double min, double max, double *out)
{
  return number_in (y, map, key, min, max, NULL, out);
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

bool
pb_yaml_ppi_or_off (pb_yaml *y, yaml_node_t *map, const char *key, int *out)
{
  yaml_node_t *n = pb_yaml_get (y, map, key);
  const char *v = n ? pb_yaml_scalar (y, n) : NULL;
  if (v && (strcasecmp (v, "off") == 0 || strcasecmp (v, "false") == 0 || strcasecmp (v, "no") == 0)) {
    *out = 0;
    return true;
  }
  return pb_yaml_int (y, map, key, false, 72, 2400, out);
}
