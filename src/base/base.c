/* Allocation, arena, buffers, files, UTF-8. */
#include "base/base.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- allocation ---- */

static atomic_size_t alloc_failures;
static atomic_long fail_countdown;   /* > 0: calls until the failing one */
static atomic_bool fail_persistent, failing;

size_t
pb_alloc_failures (void)
{
  return atomic_load (&alloc_failures);
}

void
pb_alloc_fail_after (long n, bool persistent)
{
  atomic_store (&failing, false);
  atomic_store (&fail_persistent, persistent);
  atomic_store (&fail_countdown, n > 0 ? n : 0);
}

/* Should this allocation fail (a test asked for it)? */
static bool
injected_failure (void)
{
  if (atomic_load (&failing))
    return true;
  if (atomic_load (&fail_countdown) <= 0)
    return false;
  if (atomic_fetch_sub (&fail_countdown, 1) != 1)
    return false;
  if (atomic_load (&fail_persistent))
    atomic_store (&failing, true);
  return true;
}

static void *
counted (void *p)
{
  if (!p) {
    atomic_fetch_add (&alloc_failures, 1);
    errno = ENOMEM;
  }
  return p;
}

const char *
pb_strerror (int err)
{
  return err == ENOMEM ? _("out of memory") : strerror (err);
}

void *
pb_malloc (size_t n)
{
  return counted (injected_failure () ? NULL : malloc (n ? n : 1));
}

void *
pb_calloc (size_t count, size_t size)
{
  return counted (injected_failure () ? NULL : calloc (count ? count : 1, size ? size : 1));
}

void *
pb_realloc_array (void *p, size_t count, size_t size)
{
  if (size && count > SIZE_MAX / size)
    return counted (NULL);
  size_t n = count * size;
  return counted (injected_failure () ? NULL : realloc (p, n ? n : 1));
}

char *
pb_strndup (const char *s, size_t n)
{
  char *r = pb_malloc (n + 1);
  if (!r)
    return NULL;
  memcpy (r, s, n);
  r[n] = 0;
  return r;
}

char *
pb_strdup (const char *s)
{
  return s ? pb_strndup (s, strlen (s)) : NULL;
}

char *
pb_printf (const char *fmt, ...)
{
  pb_buf b = {0};
  va_list ap;
  va_start (ap, fmt);
  pb_buf_vprintf (&b, fmt, ap);
  va_end (ap);
  return pb_buf_steal (&b);
}

/* ---- arena ---- */

typedef struct pb_chunk {
  struct pb_chunk *next;
  size_t used, size;
  max_align_t data[];
} pb_chunk;

typedef struct pb_adopted {
  struct pb_adopted *next;
  void *block;
} pb_adopted;

struct pb_arena {
  pb_chunk *head;
  pb_adopted *adopted;
};

pb_arena *
pb_arena_create (void)
{
  return pb_calloc (1, sizeof (pb_arena));
}

void
pb_arena_destroy (pb_arena *a)
{
  if (!a)
    return;
  /* the adopted list's nodes live in the chunks: free the blocks first */
  for (pb_adopted *d = a->adopted; d; d = d->next)
    free (d->block);
  for (pb_chunk *c = a->head, *next; c; c = next) {
    next = c->next;
    free (c);
  }
  free (a);
}

void *
pb_arena_alloc (pb_arena *a, size_t n)
{
  const size_t align = sizeof (max_align_t);
  n = (n + align - 1) / align * align;
  if (n == 0)
    n = align;
  pb_chunk *c = a->head;
  if (!c || c->size - c->used < n) {
    size_t size = n > 64 * 1024 ? n : 64 * 1024;
    c = pb_malloc (sizeof (pb_chunk) + size);
    if (!c)
      return NULL;
    c->used = 0;
    c->size = size;
    c->next = a->head;
    a->head = c;
  }
  void *p = (char *) c->data + c->used;
  c->used += n;
  memset (p, 0, n);
  return p;
}

void *
pb_arena_array (pb_arena *a, size_t count, size_t size)
{
  if (size && count > SIZE_MAX / size / 2)
    return NULL;
  return pb_arena_alloc (a, count * size);
}

char *
pb_arena_strndup (pb_arena *a, const char *s, size_t n)
{
  char *r = pb_arena_alloc (a, n + 1);
  if (r && n)
    memcpy (r, s, n);
  return r;
}

char *
pb_arena_strdup (pb_arena *a, const char *s)
{
  return s ? pb_arena_strndup (a, s, strlen (s)) : NULL;
}

char *
pb_arena_printf (pb_arena *a, const char *fmt, ...)
{
  pb_buf b = {0};
  va_list ap;
  va_start (ap, fmt);
  pb_buf_vprintf (&b, fmt, ap);
  va_end (ap);
  char *r = b.failed ? NULL : pb_arena_strndup (a, b.data ? b.data : "", b.len);
  pb_buf_free (&b);
  return r;
}

bool
pb_arena_adopt (pb_arena *a, void *block)
{
  pb_adopted *d = pb_arena_alloc (a, sizeof *d);
  if (!d)
    return false;
  d->block = block;
  d->next = a->adopted;
  a->adopted = d;
  return true;
}

/* ---- buffers ---- */

bool
pb_vec_grow_ (void **v, size_t *cap, size_t need, size_t elem)
{
  if (need <= *cap)
    return true;
  size_t ncap = *cap ? *cap * 2 : 8;
  while (ncap < need)
    ncap *= 2;
  void *p = pb_realloc_array (*v, ncap, elem);
  if (!p)
    return false;
  *v = p;
  *cap = ncap;
  return true;
}

void
pb_buf_append (pb_buf *b, const void *data, size_t n)
{
  if (b->failed)
    return;
  if (!pb_vec_grow_ ((void **) &b->data, &b->cap, b->len + n + 1, 1)) {
    b->failed = true;
    return;
  }
  if (n)
    memcpy (b->data + b->len, data, n);
  b->len += n;
  b->data[b->len] = 0;
}

void
pb_buf_puts (pb_buf *b, const char *s)
{
  pb_buf_append (b, s, strlen (s));
}

void
pb_buf_vprintf (pb_buf *b, const char *fmt, va_list ap)
{
  va_list ap2;
  va_copy (ap2, ap);
  int n = vsnprintf (NULL, 0, fmt, ap2);
  va_end (ap2);
  if (n < 0 || b->failed) {
    b->failed = true;
    return;
  }
  if (!pb_vec_grow_ ((void **) &b->data, &b->cap, b->len + (size_t) n + 1, 1)) {
    b->failed = true;
    return;
  }
  vsnprintf (b->data + b->len, (size_t) n + 1, fmt, ap);
  b->len += (size_t) n;
}

void
pb_buf_printf (pb_buf *b, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  pb_buf_vprintf (b, fmt, ap);
  va_end (ap);
}

void
pb_buf_free (pb_buf *b)
{
  free (b->data);
  memset (b, 0, sizeof *b);
}

void
pb_buf_shell_quote (pb_buf *b, const char *s)
{
  pb_buf_puts (b, "'");
  for (; *s; s++)
    pb_buf_puts (b, *s == '\'' ? "'\\''" : (char[2]) {*s, 0});
  pb_buf_puts (b, "'");
}

char *
pb_buf_steal (pb_buf *b)
{
  if (b->failed) {
    pb_buf_free (b);
    return NULL;
  }
  char *r = b->data ? b->data : pb_strdup ("");
  memset (b, 0, sizeof *b);
  return r;
}

/* ---- files ---- */

static void
stamp_of (const struct stat *st, pb_file_stamp *stamp)
{
  if (!stamp)
    return;
  stamp->size = (int64_t) st->st_size;
  stamp->mtime_ns = (int64_t) st->st_mtim.tv_sec * 1000000000 + st->st_mtim.tv_nsec;
  stamp->dev = (uint64_t) st->st_dev;
  stamp->ino = (uint64_t) st->st_ino;
  stamp->set = true;
}

char *
pb_file_read (const char *path, size_t max, size_t *len, pb_file_stamp *stamp)
{
  /* O_NONBLOCK: opening a FIFO for reading would otherwise wait for a
   * writer for ever; it is refused below with everything not regular */
  int fd = open (path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0)
    return NULL;
  struct stat st;
  if (fstat (fd, &st) != 0) {
    int e = errno;
    close (fd);
    errno = e;
    return NULL;
  }
  if (!S_ISREG (st.st_mode)) {
    close (fd);
    errno = S_ISDIR (st.st_mode) ? EISDIR : EFTYPE_PB;
    return NULL;
  }
  if ((uintmax_t) st.st_size > max) {
    close (fd);
    errno = EFBIG;
    return NULL;
  }
  int flags = fcntl (fd, F_GETFL);
  if (flags >= 0)
    fcntl (fd, F_SETFL, flags & ~O_NONBLOCK);
  stamp_of (&st, stamp);
  size_t cap = (size_t) st.st_size + 1, n = 0;
  char *buf = pb_malloc (cap);
  int err = buf ? 0 : ENOMEM;
  while (!err) {
    if (n + 1 == cap) {
      /* the file grew while it was read */
      if (cap > max) {
        err = EFBIG;
        break;
      }
      char *nb = pb_realloc_array (buf, cap * 2 > max + 1 ? max + 2 : cap * 2, 1);
      if (!nb) {
        err = ENOMEM;
        break;
      }
      buf = nb;
      cap = cap * 2 > max + 1 ? max + 2 : cap * 2;
    }
    ssize_t r = read (fd, buf + n, cap - 1 - n);
    if (r < 0) {
      if (errno == EINTR)
        continue;
      err = errno;
    } else if (r == 0)
      break;
    else
      n += (size_t) r;
  }
  close (fd);
  if (!err && n > max)
    err = EFBIG;
  if (err) {
    free (buf);
    errno = err;
    return NULL;
  }
  buf[n] = 0;
  *len = n;
  return buf;
}

char *
pb_file_error (int err, size_t max)
{
  if (err == EFBIG)
    return pb_printf (_("larger than the limit of %zu MiB for this kind of file"), max / (1024 * 1024));
  if (err == EFTYPE_PB)
    return pb_strdup (_("not a regular file (a pipe, device or socket is never read)"));
  if (err == EISDIR)
    return pb_strdup (_("a folder, not a file"));
  return pb_strdup (pb_strerror (err));
}

bool
pb_file_changed (const char *path, const pb_file_stamp *stamp)
{
  struct stat st;
  if (!stamp || !stamp->set)
    return false;
  if (stat (path, &st) != 0)
    return true;
  pb_file_stamp now;
  stamp_of (&st, &now);
  return now.size != stamp->size || now.mtime_ns != stamp->mtime_ns || now.ino != stamp->ino ||
         now.dev != stamp->dev;
}

int
pb_file_write_atomic (const char *path, const void *data, size_t len)
{
  char *tmp = pb_printf ("%s.%ld.tmp", path, (long) getpid ());
  if (!tmp)
    return -1;
  int fd = open (tmp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) {
    free (tmp);
    return -1;
  }
  const char *p = data;
  size_t left = len;
  while (left > 0) {
    ssize_t w = write (fd, p, left);
    if (w < 0) {
      if (errno == EINTR)
        continue;
      goto fail;
    }
    p += w;
    left -= (size_t) w;
  }
  if (fsync (fd) != 0 && errno != EINVAL)
    goto fail;
  if (close (fd) != 0) {
    fd = -1;
    goto fail;
  }
  fd = -1;
  if (rename (tmp, path) != 0)
    goto fail;
  free (tmp);
  return 0;
fail:;
  int e = errno;
  if (fd >= 0)
    close (fd);
  unlink (tmp);
  free (tmp);
  errno = e;
  return -1;
}

char *
pb_path_dirname (const char *path)
{
  const char *slash = strrchr (path, '/');
  if (!slash)
    return pb_strdup (".");
  if (slash == path)
    return pb_strdup ("/");
  return pb_strndup (path, (size_t) (slash - path));
}

char *
pb_path_join (const char *dir, const char *rel)
{
  if (rel[0] == '/' || !dir || !dir[0] || strcmp (dir, ".") == 0)
    return pb_strdup (rel);
  return pb_printf ("%s/%s", dir, rel);
}

bool
pb_path_is_plain_name (const char *name)
{
  return name && name[0] && !strchr (name, '/') && strcmp (name, ".") != 0 && strcmp (name, "..") != 0;
}

static int
remove_entry (const char *path, const struct stat *st, int type, struct FTW *ftw)
{
  (void) st;
  (void) ftw;
  if (type == FTW_DP)
    return rmdir (path);
  return unlink (path);
}

int
pb_path_remove_tree (const char *path)
{
  /* depth first, physical: a symbolic link is removed, never followed;
   * FTW_MOUNT: never into another file system mounted below */
  return nftw (path, remove_entry, 32, FTW_DEPTH | FTW_PHYS | FTW_MOUNT);
}

/* ---- UTF-8 ---- */

bool
pb_utf8_is_blank (const char *s)
{
  size_t len = s ? strlen (s) : 0;
  for (size_t i = 0; i < len;) {
    uint32_t c = 0;
    size_t n = pb_utf8_decode (s + i, len - i, &c);
    if (n == 0)
      return false; /* a byte that is not text shows as U+FFFD */
    bool blank = (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 || c == 0x1680 ||
                 c == 0x180E || (c >= 0x2000 && c <= 0x200D) || c == 0x2028 || c == 0x2029 ||
                 c == 0x202F || c == 0x205F || c == 0x2060 || c == 0x3000 || c == 0xFEFF;
    if (!blank)
      return false;
    i += n;
  }
  return true;
}

size_t
pb_utf8_decode (const char *str, size_t len, uint32_t *cp)
{
  const unsigned char *s = (const unsigned char *) str;
  if (len == 0)
    return 0;
  if (s[0] < 0x80) {
    *cp = s[0];
    return 1;
  }
  size_t n;
  uint32_t c, min;
  if ((s[0] & 0xE0) == 0xC0) {
    n = 2; c = s[0] & 0x1F; min = 0x80;
  } else if ((s[0] & 0xF0) == 0xE0) {
    n = 3; c = s[0] & 0x0F; min = 0x800;
  } else if ((s[0] & 0xF8) == 0xF0) {
    n = 4; c = s[0] & 0x07; min = 0x10000;
  } else
    return 0;
  if (len < n)
    return 0;
  for (size_t i = 1; i < n; i++) {
    if ((s[i] & 0xC0) != 0x80)
      return 0;
    c = (c << 6) | (s[i] & 0x3F);
  }
  if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
    return 0;
  *cp = c;
  return n;
}

uint32_t
pb_buf_last_cp (const pb_buf *b)
{
  if (!b->len)
    return 0;
  size_t i = b->len - 1;
  while (i > 0 && ((unsigned char) b->data[i] & 0xC0) == 0x80)
    i--;
  uint32_t c = 0;
  pb_utf8_decode (b->data + i, b->len - i, &c);
  return c;
}

size_t
pb_utf8_encode (uint32_t c, char out[4])
{
  if (c < 0x80) {
    out[0] = (char) c;
    return 1;
  }
  if (c < 0x800) {
    out[0] = (char) (0xC0 | (c >> 6));
    out[1] = (char) (0x80 | (c & 0x3F));
    return 2;
  }
  if (c < 0x10000) {
    out[0] = (char) (0xE0 | (c >> 12));
    out[1] = (char) (0x80 | ((c >> 6) & 0x3F));
    out[2] = (char) (0x80 | (c & 0x3F));
    return 3;
  }
  out[0] = (char) (0xF0 | (c >> 18));
  out[1] = (char) (0x80 | ((c >> 12) & 0x3F));
  out[2] = (char) (0x80 | ((c >> 6) & 0x3F));
  out[3] = (char) (0x80 | (c & 0x3F));
  return 4;
}

size_t
pb_utf8_prefix (const char *s, size_t len, size_t max)
{
  if (len <= max)
    return len;
  size_t n = max;
  while (n > 0 && ((unsigned char) s[n] & 0xC0) == 0x80)
    n--;
  return n;
}

char *
pb_utf8_sanitize (const char *s, size_t len, size_t *out_len, size_t *bad)
{
  pb_buf b = {0};
  *bad = SIZE_MAX;
  size_t i = 0;
  while (i < len) {
    uint32_t cp;
    size_t n = pb_utf8_decode (s + i, len - i, &cp);
    if (n == 0 || cp == 0) {
      if (*bad == SIZE_MAX)
        *bad = i;
      pb_buf_append (&b, "\xEF\xBF\xBD", 3);
      i++;
      continue;
    }
    pb_buf_append (&b, s + i, n);
    i += n;
  }
  pb_buf_append (&b, "", 0);
  *out_len = b.len;
  return pb_buf_steal (&b);
}

/* ---- memo ---- */

struct pb_memo {
  size_t key_size;
  size_t cap, n;              /* slots (a power of two), entries */
  unsigned char *keys;        /* cap × key_size */
  void **values;              /* NULL: an empty slot */
};

pb_memo *
pb_memo_create (size_t key_size)
{
  pb_memo *m = pb_calloc (1, sizeof *m);
  if (m)
    m->key_size = key_size ? key_size : 1;
  return m;
}

void
pb_memo_destroy (pb_memo *m)
{
  if (!m)
    return;
  free (m->keys);
  free (m->values);
  free (m);
}

/* FNV-1a over the key's bytes. */
static size_t
memo_hash (const pb_memo *m, const void *key)
{
  const unsigned char *k = key;
  uint64_t h = 1469598103934665603ull;
  for (size_t i = 0; i < m->key_size; i++)
    h = (h ^ k[i]) * 1099511628211ull;
  return (size_t) (h ^ (h >> 32));
}

/* The slot of key: where it is, or the empty slot where it would go. */
static size_t
memo_slot (const pb_memo *m, const void *key)
{
  size_t mask = m->cap - 1;
  for (size_t i = memo_hash (m, key) & mask;; i = (i + 1) & mask)
    if (!m->values[i] || memcmp (m->keys + i * m->key_size, key, m->key_size) == 0)
      return i;
}

void *
pb_memo_get (const pb_memo *m, const void *key)
{
  return m && m->cap ? m->values[memo_slot (m, key)] : NULL;
}

bool
pb_memo_put (pb_memo *m, const void *key, void *value)
{
  if (!m || !value)
    return false;
  if ((m->n + 1) * 2 > m->cap) {
    size_t cap = m->cap ? m->cap * 2 : 64;
    unsigned char *keys = pb_calloc (cap, m->key_size);
    void **values = pb_calloc (cap, sizeof *values);
    if (!keys || !values) {
      free (keys);
      free (values);
      return false;
    }
    pb_memo grown = {m->key_size, cap, m->n, keys, values};
    for (size_t i = 0; i < m->cap; i++)
      if (m->values[i]) {
        size_t j = memo_slot (&grown, m->keys + i * m->key_size);
        memcpy (keys + j * m->key_size, m->keys + i * m->key_size, m->key_size);
        values[j] = m->values[i];
      }
    free (m->keys);
    free (m->values);
    *m = grown;
  }
  size_t i = memo_slot (m, key);
  if (!m->values[i]) {
    memcpy (m->keys + i * m->key_size, key, m->key_size);
    m->values[i] = value;
    m->n++;
  }
  return true;
}
