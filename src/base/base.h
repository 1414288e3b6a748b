/* Internal base: fixed point, arena, growable buffers, diagnostics. */
#ifndef PB_BASE_H
#define PB_BASE_H

#include "paiban.h"
#include "base/limits.h"
#include <libintl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Messages for people (diagnostics, the report) are translated with
 * gettext, domain "paiban" (po/zh_CN.po, po/zh_TW.po); the program picks
 * the language (LANG), the library only looks the strings up.  pb_error,
 * pb_warning, pb_note and pb_diag_add translate their format themselves. */
#define PB_TEXT_DOMAIN "paiban"
#define _(s) dgettext (PB_TEXT_DOMAIN, s)
#define N_(s) (s)

/* Lengths: signed fixed point, 1/1024 pt (the same scale as PANGO_SCALE
 * with a 72 dpi font map, so pango units are points). */
typedef int32_t pb_fixed;
#define PB_UNIT 1024
#define PB_PT(x) ((pb_fixed) ((x) * PB_UNIT + ((x) >= 0 ? 0.5 : -0.5)))
#define PB_TO_PT(f) ((double) (f) / PB_UNIT)

/* Allocation that never aborts: NULL on failure or overflow.  Every
 * allocation of paiban's own goes through these (and the arena), so that
 * a failure is counted and a test can make them fail. */
void *pb_malloc (size_t n);
void *pb_calloc (size_t count, size_t size);
void *pb_realloc_array (void *p, size_t count, size_t size);
char *pb_strdup (const char *s);
char *pb_strndup (const char *s, size_t n);
char *pb_printf (const char *fmt, ...) __attribute__ ((format (printf, 1, 2)));
/* strerror, but "out of memory" for ENOMEM (the word the messages use). */
const char *pb_strerror (int err);
/* Allocations that have failed in this process so far (sticky, like
 * cairo's status: a stage that sees the count grow while it ran reports
 * "out of memory" instead of a silently incomplete result). */
size_t pb_alloc_failures (void);
/* Tests (in the manner of SQLite's and Lua's allocation-failure tests):
 * the nth allocation from now fails, and with `persistent` every one
 * after it; n = 0 turns failing off. */
void pb_alloc_fail_after (long n, bool persistent);

/* Arena: many small allocations freed at once. */
typedef struct pb_arena pb_arena;
pb_arena *pb_arena_create (void);
void pb_arena_destroy (pb_arena *a);
void *pb_arena_alloc (pb_arena *a, size_t n);      /* zeroed */
void *pb_arena_array (pb_arena *a, size_t count, size_t size);
char *pb_arena_strdup (pb_arena *a, const char *s);
char *pb_arena_strndup (pb_arena *a, const char *s, size_t n);
char *pb_arena_printf (pb_arena *a, const char *fmt, ...) __attribute__ ((format (printf, 2, 3)));
/* The arena takes a malloc'd block and frees it with itself; false (and
 * the block not taken) on allocation failure. */
bool pb_arena_adopt (pb_arena *a, void *block);

/* A memo: values by keys of a fixed number of bytes (copied; a key
 * struct must be zeroed before it is filled, so that its padding
 * compares), in an open-addressing table kept under half full.  Lookups
 * do not depend on the order of insertion.  Not for concurrent use. */
typedef struct pb_memo pb_memo;
pb_memo *pb_memo_create (size_t key_size);        /* NULL when out of memory */
void pb_memo_destroy (pb_memo *memo);
/* The value put under key, or NULL. */
void *pb_memo_get (const pb_memo *memo, const void *key);
/* Puts value (not NULL) under key; false when out of memory (the memo is
 * unchanged).  A key put twice keeps its first value. */
bool pb_memo_put (pb_memo *memo, const void *key, void *value);

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
/* Appends s quoted for a POSIX shell ('…'), for commands in messages. */
void pb_buf_shell_quote (pb_buf *b, const char *s);

/* Growable array of fixed-size elements.  PB_VEC_PUSH is false when
 * memory runs out; the failure is counted (pb_alloc_failures), so a
 * caller that can go on without the element (a record for the report, a
 * cache entry) may ignore the result: its stage then fails with "out of
 * memory".  A caller that uses the element after pushing must check. */
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
/* What a file was when it was read: re-checked before an edition is
 * swapped into place, so that an input saved during the build is noticed. */
typedef struct {
  int64_t size;
  int64_t mtime_ns;
  uint64_t dev, ino;
  bool set;
} pb_file_stamp;

/* Reads a whole regular file of at most max bytes, opened without
 * blocking (a FIFO or device is refused, never waited on); malloc'd, NUL
 * added.  NULL with errno: EFBIG over max, EFTYPE_PB (not a regular
 * file), ENOMEM, or open's own.  stamp (may be NULL) receives its size
 * and time. */
#define EFTYPE_PB 1000
char *pb_file_read (const char *path, size_t max, size_t *len, pb_file_stamp *stamp);
/* A message for pb_file_read's errno, naming the limit when it is one
 * (static or malloc'd as below: always malloc'd, caller frees). */
char *pb_file_error (int err, size_t max);
/* Has the file changed since stamp (or gone)? */
bool pb_file_changed (const char *path, const pb_file_stamp *stamp);
/* Writes data to path atomically (path.tmp, fsync, rename).  0 or -1
 * with errno. */
int pb_file_write_atomic (const char *path, const void *data, size_t len);
char *pb_path_dirname (const char *path);          /* malloc'd */
char *pb_path_join (const char *dir, const char *rel); /* malloc'd; rel absolute: a copy */
/* Is name a plain file name (no '/', not "." or "..", not empty)? */
bool pb_path_is_plain_name (const char *name);
/* Removes a folder and everything under it, never following a symbolic
 * link out of it.  0 or -1 with errno. */
int pb_path_remove_tree (const char *path);

/* UTF-8. */
/* Decodes one code point at s (len bytes available); returns its length,
 * or 0 for an invalid sequence. */
size_t pb_utf8_decode (const char *s, size_t len, uint32_t *cp);
size_t pb_utf8_encode (uint32_t cp, char out[4]);
/* Does the NUL-ended UTF-8 text show nothing: empty, or only white space
 * (Unicode White_Space: ASCII blanks, U+00A0, U+3000 …) and invisible
 * joiners (U+200B–U+200D, U+2060, U+FEFF)?  NULL is blank. */
bool pb_utf8_is_blank (const char *s);
/* The bytes of s (len bytes of UTF-8) to print as an excerpt of at most
 * max bytes: whole characters only (an excerpt ends before a character it
 * would cut). */
size_t pb_utf8_prefix (const char *s, size_t len, size_t max);
/* The last code point of the buffer's UTF-8 text (0 when empty). */
uint32_t pb_buf_last_cp (const pb_buf *b);
/* Returns a valid UTF-8 copy of s, invalid sequences replaced by U+FFFD;
 * *bad receives the byte offset of the first invalid one (or SIZE_MAX). */
char *pb_utf8_sanitize (const char *s, size_t len, size_t *out_len, size_t *bad);

#endif
