/* parse: edition YAML, article Markdown + front matter, layout templates,
 * photo headers → the document model, with diagnostics. */
#ifndef PB_PARSE_H
#define PB_PARSE_H

#include "doc/doc.h"

/* Reads an article; NULL when it cannot be used (reported).  Copy is
 * normalised unless the article (front matter `normalize: false`) or the
 * caller (norm.on false) turns it off; `cjk_spaces` likewise.  ref: where the edition names
 * the file (file NULL: none). */
typedef struct pb_image_set pb_image_set;
pb_article *pb_parse_article_with (pb_arena *arena, const char *path, pb_pos ref, pb_lang default_lang,
                                   pb_norm_opts norm, pb_image_set *images, pb_diagnostics *diags);
/* Is id a valid article id: 1 to PB_MAX_ID_BYTES of [A-Za-z0-9._-],
 * starting with a letter or digit? */
bool pb_id_is_valid (const char *id);
pb_article *pb_parse_article (pb_arena *arena, const char *path, pb_lang default_lang,
                              pb_diagnostics *diags);
/* Reads a layout template by name (under layouts_dir) or path. */
pb_template *pb_parse_template (pb_arena *arena, const char *name_or_path, const char *layouts_dir,
                                pb_pos ref, pb_diagnostics *diags);
/* The photos an edition has read: a photo used twice (a file in two
 * articles, an ad on every fourth page) is read and checked once; each
 * use keeps its own position. */
struct pb_image_set {
  pb_image **v;
  size_t n, cap;
  /* files that failed (path in the edition's arena, where first used):
   * a damaged photo used three times is one error, and a note at each
   * other use */
  PB_VEC (struct pb_image_failure { const char *path; pb_pos pos; }) failed;
};

/* Reads a photo file: its header, profile and orientation, and a decode
 * that finds damage; keeps its bytes (in arena).  images (may be NULL)
 * gives a photo already read from the same file. */
pb_image *pb_parse_image (pb_arena *arena, const char *path, pb_pos ref, pb_image_set *images,
                          pb_diagnostics *diags);
/* Edition file → edition (with template, articles, images). */
pb_edition *pb_parse_edition (const char *path, const char *layouts_dir, pb_diagnostics *diags);
pb_edition *pb_parse_proof (const char *article_path, const char *layout, const char *layouts_dir,
                            pb_diagnostics *diags);

/* Reports that a file (a photo or not) cannot be read, with errno's
 * reason (the limit named when it is one, max) and a file beside it with
 * a name within two edits. */
void pb_read_error (pb_diagnostics *diags, pb_pos ref, bool photo, const char *path, int err, size_t max);

/* A file beside path whose name is within two edits of its name (a
 * typo: footbal.md → football.md); malloc'd, or NULL. */
char *pb_similar_file (const char *path);

/* Whether a src given for an article, photo or layout is a web address
 * (a URL scheme, "https://…", or "data:"), which paiban never downloads;
 * reported by pb_web_address_error at ref with what it names ("photo",
 * "article", ...). */
bool pb_is_web_address (const char *src);
void pb_web_address_error (pb_diagnostics *diags, pb_pos ref, const char *what, const char *src);

/* Reads a text file as valid UTF-8, LF line ends, no byte-order mark
 * (textfile.c): a few bad bytes become U+FFFD (warned); a file in another
 * encoding is refused with the command that converts it, unless it
 * declares its encoding (`encoding: gb18030`), then converted.  An empty
 * file is an error.  ref: where the file is named (file NULL: report at
 * the file itself).  stamp (may be NULL) receives the file's size and
 * time. */
char *pb_read_text_file (pb_arena *arena, const char *path, pb_pos ref, size_t *len,
                         pb_file_stamp *stamp, pb_diagnostics *diags);

#endif
