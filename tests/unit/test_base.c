/* Base: UTF-8, arena, buffers, atomic writes, diagnostics format. */
#include "harness.h"
#include "util.h"
#include "base/base.h"

#include <errno.h>

static void
utf8 (void)
{
  uint32_t c;
  INT_EQ (pb_utf8_decode ("\xE4\xB8\xAD", 3, &c), 3);
  INT_EQ (c, 0x4E2D);
  INT_EQ (pb_utf8_decode ("\xE4\xB8", 2, &c), 0);        /* truncated */
  INT_EQ (pb_utf8_decode ("\xC0\x80", 2, &c), 0);        /* overlong */
  INT_EQ (pb_utf8_decode ("\xED\xA0\x80", 3, &c), 0);    /* surrogate */
  size_t n, bad;
  char *s = pb_utf8_sanitize ("a\xff" "b", 3, &n, &bad);
  STR_EQ (s, "a\xEF\xBF\xBD" "b");
  INT_EQ (bad, 1);
  free (s);
  char out[4];
  INT_EQ (pb_utf8_encode (0x20000, out), 4);
}

static void
arena_and_buf (void)
{
  pb_arena *a = pb_arena_create ();
  char *big = pb_arena_alloc (a, 200000);
  CHECK (big && big[199999] == 0);
  STR_EQ (pb_arena_printf (a, "%d-%s", 7, "x"), "7-x");
  pb_arena_destroy (a);
  pb_buf b = {0};
  for (int i = 0; i < 1000; i++)
    pb_buf_printf (&b, "%d,", i);
  CHECK (b.len > 3000 && !b.failed);
  char *s = pb_buf_steal (&b);
  CHECK (strncmp (s, "0,1,2,", 6) == 0);
  free (s);
  CHECK (pb_realloc_array (NULL, SIZE_MAX / 2, 4) == NULL); /* overflow refused */
}

static void
atomic_write (void)
{
  char path[600];
  snprintf (path, sizeof path, "%s/atomic.txt", tmp_dir ());
  INT_EQ (pb_file_write_atomic (path, "old", 3), 0);
  INT_EQ (pb_file_write_atomic (path, "new content", 11), 0);
  size_t n;
  char *s = pb_file_read (path, PB_MAX_TEXT_FILE_BYTES, &n, NULL);
  STR_EQ (s, "new content");
  free (s);
  /* a folder that does not exist: an error, errno set */
  INT_EQ (pb_file_write_atomic ("/nonexistent-dir/x.pdf", "x", 1), -1);
  CHECK (errno == ENOENT);
}

static void
diagnostic_format (void)
{
  pb_diagnostics *d = pb_diagnostics_create ();
  pb_diag_add (d, PB_SEVERITY_ERROR, "t", (pb_pos) {"a.md", 3, 7}, "bad text", "it is %s", "wrong");
  char *s = pb_diagnostic_format (pb_diagnostics_get (d, 0));
  STR_EQ (s, "a.md:3:7: error: it is wrong\n    bad text");
  free (s);
  INT_EQ (pb_diagnostics_has_errors (d), 1);
  pb_diagnostics_destroy (d);
}

/* Any file name, message or excerpt (controls, escape sequences, line and
 * paragraph separators, bidi overrides, bytes that are not UTF-8) gives a
 * diagnostic of exactly its two lines, with no control character and no
 * bidi control in them: a hostile name cannot forge or hide a line. */
static void
diagnostic_visible (void)
{
  static const char *const pieces[] = {"\n", "\r", "\t", "\x1b[31m", "\x7f", "\xc2\x85", "\xc2\x9b",
                                       "\xe2\x80\xa8", "\xe2\x80\xa9", "\xe2\x80\xae", "\xe2\x81\xa6",
                                       "\xe2\x81\xa9", "\xe2\x80", "\xff", "a", "新闻", ":1:1: error: ", "\\"};
  unsigned seed = 12345;
  for (int round = 0; round < 2000; round++) {
    char parts[3][128];
    for (int k = 0; k < 3; k++) {
      parts[k][0] = 0;
      for (int j = 0; j < 6; j++) {
        seed = seed * 1103515245u + 12345u;
        strcat (parts[k], pieces[(seed >> 16) % (sizeof pieces / sizeof pieces[0])]);
      }
    }
    pb_diagnostics *d = pb_diagnostics_create ();
    pb_diag_add (d, PB_SEVERITY_WARNING, "t", (pb_pos) {parts[0], 2, 1}, parts[2], "cannot read %s", parts[1]);
    char *s = pb_diagnostic_format (pb_diagnostics_get (d, 0));
    CHECK (s != NULL);
    int newlines = 0, bad = 0;
    for (const unsigned char *p = (const unsigned char *) s; s && *p; p++) {
      newlines += *p == '\n';
      bad += (*p < 0x20 && *p != '\n') || *p == 0x7f || (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) ||
             (p[0] == 0xe2 && p[1] == 0x80 && p[2] >= 0xa8 && p[2] <= 0xae) ||
             (p[0] == 0xe2 && p[1] == 0x81 && p[2] >= 0xa6 && p[2] <= 0xa9);
    }
    INT_EQ (newlines, parts[2][0] ? 1 : 0);
    INT_EQ (bad, 0);
    free (s);
    pb_diagnostics_destroy (d);
  }
}

int
main (void)
{
  static const pb_test_case cases[] = {
    {"utf8", utf8}, {"arena_and_buf", arena_and_buf}, {"atomic_write", atomic_write},
    {"diagnostic_format", diagnostic_format}, {"diagnostic_visible", diagnostic_visible},
  };
  return pb_test_run (cases, sizeof cases / sizeof cases[0]);
}
