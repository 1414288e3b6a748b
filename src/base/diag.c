/* The diagnostics list. */
#include "base/base.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct pb_diagnostics {
  PB_VEC (pb_diagnostic) items;
  pb_arena *arena;
  /* diagnostics that could not be kept (out of memory), by severity: an
   * error lost still counts, so that nothing is written */
  size_t lost[3];
};

pb_diagnostics *
pb_diagnostics_create (void)
{
  pb_diagnostics *d = pb_calloc (1, sizeof *d);
  if (!d)
    return NULL;
  d->arena = pb_arena_create ();
  if (!d->arena) {
    free (d);
    return NULL;
  }
  return d;
}

void
pb_diagnostics_destroy (pb_diagnostics *d)
{
  if (!d)
    return;
  PB_VEC_FREE (d->items);
  pb_arena_destroy (d->arena);
  free (d);
}

size_t
pb_diagnostics_count (const pb_diagnostics *d)
{
  return d ? d->items.n : 0;
}

const pb_diagnostic *
pb_diagnostics_get (const pb_diagnostics *d, size_t i)
{
  return d && i < d->items.n ? &d->items.v[i] : NULL;
}

size_t
pb_diagnostics_count_severity (const pb_diagnostics *d, pb_severity s)
{
  size_t n = d ? d->lost[s] : 0;
  for (size_t i = 0; d && i < d->items.n; i++)
    n += d->items.v[i].severity == s;
  return n;
}

size_t
pb_diagnostics_count_lost (const pb_diagnostics *d)
{
  return d ? d->lost[0] + d->lost[1] + d->lost[2] : 0;
}

int
pb_diagnostics_has_errors (const pb_diagnostics *d)
{
  return pb_diagnostics_count_severity (d, PB_SEVERITY_ERROR) > 0;
}

void
pb_diag_add (pb_diagnostics *d, pb_severity sev, const char *code, pb_pos pos,
             const char *excerpt, const char *fmt, ...)
{
  if (!d)
    return;
  pb_buf b = {0};
  va_list ap;
  va_start (ap, fmt);
  pb_buf_vprintf (&b, dgettext (PB_TEXT_DOMAIN, fmt), ap);
  va_end (ap);
  pb_diagnostic item = {
    .severity = sev,
    .code = pb_arena_strdup (d->arena, code),
    .file = pb_arena_strdup (d->arena, pos.file),
    .line = pos.line,
    .column = pos.col,
    .message = b.failed ? NULL : pb_arena_strdup (d->arena, b.data ? b.data : ""),
    .excerpt = pb_arena_strdup (d->arena, excerpt),
  };
  pb_buf_free (&b);
  if (!item.code || !item.message || (pos.file && !item.file) || (excerpt && !item.excerpt) ||
      !PB_VEC_PUSH (d->items, item))
    d->lost[sev]++;
}

/* Appends s with what a terminal or a line-based reader would act on made
 * visible: C0 and C1 controls and DEL as \n, \t, \xHH, and the line and
 * paragraph separators and bidi embeddings, overrides and isolates
 * (U+2028-2029, U+202A-202E, U+2066-2069) as \uXXXX, so that a file name
 * or text holding them cannot break a diagnostic's line or reorder it. */
static void
put_visible (pb_buf *b, const char *s)
{
  for (const unsigned char *p = (const unsigned char *) s; *p; p++) {
    unsigned cp = 0;
    if (*p == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F)
      cp = p[1];
    else if (*p == 0xE2 && p[1] == 0x80 && p[2] >= 0xA8 && p[2] <= 0xAE)
      cp = 0x2000 + (p[2] - 0x80);
    else if (*p == 0xE2 && p[1] == 0x81 && p[2] >= 0xA6 && p[2] <= 0xA9)
      cp = 0x2040 + (p[2] - 0x80);
    if (cp >= 0x2000) {
      pb_buf_printf (b, "\\u%04X", cp);
      p += 2;
    } else if (cp) {
      pb_buf_printf (b, "\\x%02X", cp);
      p += 1;
    } else if (*p == '\n')
      pb_buf_puts (b, "\\n");
    else if (*p == '\t')
      pb_buf_puts (b, "\\t");
    else if (*p < 0x20 || *p == 0x7F)
      pb_buf_printf (b, "\\x%02X", *p);
    else
      pb_buf_append (b, p, 1);
  }
}

char *
pb_diagnostic_format (const pb_diagnostic *d)
{
  const char *names[] = {_("note"), _("warning"), _("error")};
  pb_buf b = {0};
  if (d->file) {
    put_visible (&b, d->file);
    if (d->line > 0) {
      pb_buf_printf (&b, ":%d", d->line);
      if (d->column > 0)
        pb_buf_printf (&b, ":%d", d->column);
    }
    pb_buf_puts (&b, ": ");
  }
  pb_buf_printf (&b, "%s: ", names[d->severity]);
  put_visible (&b, d->message);
  if (d->excerpt && d->excerpt[0]) {
    pb_buf_puts (&b, "\n    ");
    put_visible (&b, d->excerpt);
  }
  return pb_buf_steal (&b);
}

void
pb_diag_append (pb_diagnostics *dst, pb_diagnostics *src)
{
  for (size_t i = 0; src && i < src->items.n; i++) {
    const pb_diagnostic *d = &src->items.v[i];
    pb_diag_add (dst, d->severity, d->code, (pb_pos) {d->file, d->line, d->column}, d->excerpt, "%s",
                 d->message);
  }
  for (int k = 0; src && k < 3; k++) {
    dst->lost[k] += src->lost[k];
    src->lost[k] = 0;
  }
  if (src)
    src->items.n = 0;
}
