/* Internal base: fixed point, arena, growable buffers, diagnostics. */
#ifndef PB_BASE_H
#define PB_BASE_H

#include "paiban.h"
#include "base/limits.h"
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Lengths: signed fixed point, 1/1024 pt (the same scale as PANGO_SCALE
 * with a 72 dpi font map, so pango units are points). */
typedef int32_t pb_fixed;
#define PB_UNIT 1024
#define PB_PT(x) ((pb_fixed) ((x) * PB_UNIT + ((x) >= 0 ? 0.5 : -0.5)))
#define PB_TO_PT(f) ((double) (f) / PB_UNIT)

/* Allocation that never aborts: NULL on failure or overflow. */
void *pb_malloc (size_t n);
void *pb_calloc (size_t count, size_t size);
void *pb_realloc_array (void *p, size_t count, size_t size);
char *pb_strdup (const char *s);
char *pb_strndup (const char *s, size_t n);
char *pb_printf (const char *fmt, ...) __attribute__ ((format (printf, 1, 2)));

/* Arena: many small allocations freed at once. */
typedef struct pb_arena pb_arena;
pb_arena *pb_arena_create (void);
void pb_arena_destroy (pb_arena *a);
void *pb_arena_alloc (pb_arena *a, size_t n);      /* zeroed */
void *pb_arena_array (pb_arena *a, size_t count, size_t size);
char *pb_arena_strdup (pb_arena *a, const char *s);
char *pb_arena_strndup (pb_arena *a, const char *s, size_t n);
char *pb_arena_printf (pb_arena *a, const char *fmt, ...) __attribute__ ((format (printf, 2, 3)));

/* Growable byte buffer. */
typedef struct {
  char *data;
  size_t len, cap;
  bool failed;     /* sticky: an allocation failed */
} pb_buf;
void pb_buf_append (pb_buf *b, const void *data, size_t n);
void pb_buf_puts (pb_buf *b, const char *s);
void pb_buf_printf (pb_buf *b, const char *fmt, ...) __attribute__ ((format (printf, 2, 3)));
void pb_buf_vprintf (pb_buf *b, const char *fmt, va_list ap);
void pb_buf_free (pb_buf *b);
/* Hands the NUL-terminated data to the caller. */
char *pb_buf_steal (pb_buf *b);

/* Growable array of fixed-size elements. */
#define PB_VEC(T) struct { T *v; size_t n, cap; }
bool pb_vec_grow_ (void **v, size_t *cap, size_t need, size_t elem);
#define PB_VEC_PUSH(vec, elem) \
  (pb_vec_grow_ ((void **) &(vec).v, &(vec).cap, (vec).n + 1, sizeof *(vec).v) \
     ? ((vec).v[(vec).n++] = (elem), true) : false)
#define PB_VEC_FREE(vec) (free ((vec).v), (vec).v = NULL, (vec).n = (vec).cap = 0)

/* Source position of a node, for diagnostics. */
typedef struct {
  const char *file; /* borrowed from the owner's arena */
  int line, col;
} pb_pos;

/* Every diagnostic passes through here (a breakpoint for debugging). */
void pb_diag_add (pb_diagnostics *d, pb_severity sev, const char *code, pb_pos pos,
                  const char *excerpt, const char *fmt, ...) __attribute__ ((format (printf, 6, 7)));
#define pb_error(d, code, pos, ...) pb_diag_add (d, PB_SEVERITY_ERROR, code, pos, NULL, __VA_ARGS__)
#define pb_warning(d, code, pos, ...) pb_diag_add (d, PB_SEVERITY_WARNING, code, pos, NULL, __VA_ARGS__)
#define pb_note(d, code, pos, ...) pb_diag_add (d, PB_SEVERITY_NOTE, code, pos, NULL, __VA_ARGS__)

/* Moves every diagnostic of src to the end of dst (src is emptied). */
void pb_diag_append (pb_diagnostics *dst, pb_diagnostics *src);

/* Files. */
/* Reads a whole file (at most PB_MAX_FILE_BYTES); NULL with errno set. */
char *pb_file_read (const char *path, size_t *len);
/* Writes data to path atomically (path.tmp, fsync, rename).  0 or -1
 * with errno. */
int pb_file_write_atomic (const char *path, const void *data, size_t len);
char *pb_path_dirname (const char *path);          /* malloc'd */
char *pb_path_join (const char *dir, const char *rel); /* malloc'd; rel absolute: a copy */

/* UTF-8. */
/* Decodes one code point at s (len bytes available); returns its length,
 * or 0 for an invalid sequence. */
size_t pb_utf8_decode (const char *s, size_t len, uint32_t *cp);
size_t pb_utf8_encode (uint32_t cp, char out[4]);
/* The last code point of the buffer's UTF-8 text (0 when empty). */
uint32_t pb_buf_last_cp (const pb_buf *b);
/* Returns a valid UTF-8 copy of s, invalid sequences replaced by U+FFFD;
 * *bad receives the byte offset of the first invalid one (or SIZE_MAX). */
char *pb_utf8_sanitize (const char *s, size_t len, size_t *out_len, size_t *bad);

#endif
