/* Reading YAML documents (libyaml) with source positions. */
#ifndef PB_PARSE_YAML_H
#define PB_PARSE_YAML_H

#include "doc/doc.h"
#include <yaml.h>

typedef struct {
  yaml_document_t doc;
  bool loaded;
  const char *file;          /* arena-owned */
  int line_offset;           /* added to libyaml's lines (front matter) */
  pb_diagnostics *diags;
  pb_arena *arena;
} pb_yaml;

/* Parses data; on a syntax error reports file:line:col and returns false. */
bool pb_yaml_load (pb_yaml *y, pb_arena *arena, const char *file, const char *data,
                   size_t len, int line_offset, pb_diagnostics *diags);
void pb_yaml_free (pb_yaml *y);
yaml_node_t *pb_yaml_root (pb_yaml *y);
pb_pos pb_yaml_pos (const pb_yaml *y, const yaml_node_t *n);

/* The value of key in map; NULL when absent or null (~, null, nothing). */
yaml_node_t *pb_yaml_get (pb_yaml *y, yaml_node_t *map, const char *key);
bool pb_yaml_is_null (const yaml_node_t *n);
/* Where map gives key: its value, or the key itself when the value is
 * null or empty (`pages:` with nothing after it), or the map when the key
 * is absent. */
pb_pos pb_yaml_key_pos (pb_yaml *y, yaml_node_t *map, const char *key);
/* The known key within two edits of key (did you mean …?), or NULL. */
const char *pb_yaml_suggest (const char *key, const char *const *known);
/* Warns about keys of map not in known (NULL-terminated), suggesting the
 * known key within two edits (one for a name of four letters or fewer).
 * what names the map: a YAML key ("grid"), printed as it is, or a
 * description marked N_("article entry"), printed translated. */
void pb_yaml_check_keys (pb_yaml *y, yaml_node_t *map, const char *what, const char *const *known);
bool pb_yaml_is_map (const yaml_node_t *n);
bool pb_yaml_is_seq (const yaml_node_t *n);
size_t pb_yaml_seq_len (const yaml_node_t *n);
yaml_node_t *pb_yaml_seq_item (pb_yaml *y, yaml_node_t *seq, size_t i);

/* Scalars.  Each returns false (and reports) when the node is present but
 * of the wrong type; a missing key leaves *out unchanged and returns true,
 * unless required, then it reports at `at` and returns false. */
const char *pb_yaml_scalar (pb_yaml *y, yaml_node_t *n);   /* NULL if not scalar */
/* Whether key is written in map, even with a null value. */
bool pb_yaml_has_key (pb_yaml *y, yaml_node_t *map, const char *key);
bool pb_yaml_string (pb_yaml *y, yaml_node_t *map, const char *key, bool required,
                     const char **out);
/* The same for a value that is a name, path or keyword, not text: a
 * value wrapped in typographic quotes (“a.md”) is warned about. */
bool pb_yaml_token (pb_yaml *y, yaml_node_t *map, const char *key, bool required,
                    const char **out);
bool pb_yaml_int (pb_yaml *y, yaml_node_t *map, const char *key, bool required,
                  long min, long max, int *out);
/* A length: a number with unit pt (default), mm, cm, in, em (of em_base). */
bool pb_yaml_length (pb_yaml *y, yaml_node_t *map, const char *key, bool required,
                     pb_fixed em_base, pb_fixed min, pb_fixed *out);
/* true/false (also yes/no, on/off). */
bool pb_yaml_bool (pb_yaml *y, yaml_node_t *map, const char *key, bool *out);
/* A resolution in pixels per inch, 72–2400, or off/false/no (0); *out
 * keeps its value when the key is absent.  False (reported) when bad. */
bool pb_yaml_ppi_or_off (pb_yaml *y, yaml_node_t *map, const char *key, int *out);
/* A plain number between min and max. */
/* A length in em at key: a number with or without "em" ("2", "2em",
 * "1.5 em") between min and max; absent: true, *out untouched. */
bool pb_yaml_em (pb_yaml *y, yaml_node_t *map, const char *key, double min, double max, double *out);
bool pb_yaml_number (pb_yaml *y, yaml_node_t *map, const char *key, double min, double max,
                     double *out);
/* A string or a list of strings; *out arena-allocated. */
bool pb_yaml_strings (pb_yaml *y, yaml_node_t *map, const char *key,
                      const char ***out, size_t *n);

#endif
