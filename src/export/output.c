/* The output folder as one transaction.
 *
 * An edition is written into a staging folder beside the target
 * (PARENT/.NAME.paiban-new-PID), then swapped in with one
 * renameat2(RENAME_EXCHANGE): a reader of the folder sees the previous
 * edition whole or the new one whole, never a mix, and files the new
 * edition does not have are gone with the old folder.  Where the file
 * system cannot exchange (EINVAL: some network file systems), the old
 * folder is renamed away and the new one into place, two renames with
 * a moment in between when the folder is absent but never half-written.
 *
 * An advisory lock (flock) on PARENT/.NAME.paiban-lock keeps two builds
 * out of one folder.  paiban replaces only a folder it made: a marker
 * file (.paiban-edition, the manifest of the edition in it) inside it; a
 * folder that is not empty and has no marker is refused, never emptied.
 * The marker lists every file of the edition ("files"): a folder whose
 * marker is not a paiban manifest, or that holds a file the edition did
 * not write (a desk's notes saved into it), is refused too, naming the
 * files, so that nothing a person put there is deleted with it.
 * Staging folders left by a killed build are removed by the next build
 * that takes the lock. */
#include "export/export.h"

#include <dirent.h>
#include <jansson.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

struct pb_output {
  char *target;        /* the output folder, absolute */
  char *parent, *name;
  char *staging;       /* where this build writes */
  char *lock_path;
  int lock_fd;
  bool target_exists;
  bool committed;
  char *manifest;      /* the manifest to write at commit (malloc'd JSON) */
  size_t alloc_failures; /* pb_alloc_failures () when opened */
  char *previous;      /* the manifest of the edition in the target, or NULL */
};

static char *
staging_prefix (const pb_output *o)
{
  return pb_printf (".%s.paiban-new-", o->name);
}

/* Removes staging folders a killed build left (we hold the lock). */
static void
remove_stale_staging (const pb_output *o)
{
  char *prefix = staging_prefix (o);
  DIR *d = prefix ? opendir (o->parent) : NULL;
  struct dirent *e;
  while (d && (e = readdir (d))) {
    if (strncmp (e->d_name, prefix, strlen (prefix)) != 0)
      continue;
    char *path = pb_path_join (o->parent, e->d_name);
    struct stat st;
    if (path && lstat (path, &st) == 0 && S_ISDIR (st.st_mode))
      pb_path_remove_tree (path);
    free (path);
  }
  if (d)
    closedir (d);
  free (prefix);
}

/* Is the folder empty, or made by paiban (the marker inside it)? */
static int
folder_state (const char *dir, bool *ours)
{
  *ours = false;
  DIR *d = opendir (dir);
  if (!d)
    return -1;
  struct dirent *e;
  bool empty = true;
  while ((e = readdir (d))) {
    if (strcmp (e->d_name, ".") == 0 || strcmp (e->d_name, "..") == 0)
      continue;
    empty = false;
    if (strcmp (e->d_name, PB_OUTPUT_MARKER) == 0)
      *ours = true;
  }
  closedir (d);
  return empty ? 0 : 1;
}

/* Every file and folder under dir (relative paths, "pages/01.pdf" and
 * "pages"), the marker left out, into the JSON array files, and each
 * file's size into the object sizes (may be NULL); false when a folder
 * cannot be read or memory runs out. */
static bool
list_tree (const char *dir, const char *rel, json_t *files, json_t *sizes)
{
  DIR *d = opendir (dir);
  if (!d)
    return false;
  bool ok = true;
  struct dirent *e;
  while (ok && (e = readdir (d))) {
    if (strcmp (e->d_name, ".") == 0 || strcmp (e->d_name, "..") == 0 ||
        (!rel && strcmp (e->d_name, PB_OUTPUT_MARKER) == 0))
      continue;
    char *path = pb_path_join (dir, e->d_name);
    char *r = rel ? pb_path_join (rel, e->d_name) : pb_strdup (e->d_name);
    struct stat st;
    ok = path && r && lstat (path, &st) == 0 && json_array_append_new (files, json_string (r)) == 0;
    if (ok && sizes && S_ISREG (st.st_mode))
      ok = json_object_set_new (sizes, r, json_integer ((json_int_t) st.st_size)) == 0;
    if (ok && S_ISDIR (st.st_mode))
      ok = list_tree (path, r, files, sizes);
    free (path);
    free (r);
  }
  closedir (d);
  return ok;
}

static int
by_name (const void *a, const void *b)
{
  return strcmp (json_string_value (*(json_t *const *) a), json_string_value (*(json_t *const *) b));
}

/* The file list in name order (readdir's order is the file system's):
 * the same edition, the same manifest. */
static json_t *
sorted (json_t *files)
{
  size_t n = json_array_size (files);
  json_t **v = pb_calloc (n ? n : 1, sizeof *v);
  json_t *out = v ? json_array () : NULL;
  for (size_t i = 0; out && i < n; i++)
    v[i] = json_array_get (files, i);
  if (out)
    qsort (v, n, sizeof *v, by_name);
  for (size_t i = 0; out && i < n; i++)
    if (json_array_append (out, v[i]) != 0) {
      json_decref (out);
      out = NULL;
    }
  free (v);
  return out;
}

/* Is name a string of the JSON array a? */
static bool
listed (const json_t *a, const char *name)
{
  size_t i;
  json_t *v;
  json_array_foreach (a, i, v)
    if (json_is_string (v) && strcmp (json_string_value (v), name) == 0)
      return true;
  return false;
}

/* May the folder paiban made be replaced?  Its marker must be a paiban
 * manifest, and every file in it one the edition wrote: the manifest's
 * "files" (the pages' files and the edition's own for a folder made
 * before "files" was written). */
static bool
check_marker (const pb_output *o, const char *dir, pb_diagnostics *diags)
{
  pb_pos at = {dir, 0, 0};
  char *m = pb_path_join (o->target, PB_OUTPUT_MARKER);
  json_error_t jerr = {0};
  json_t *man = m ? json_load_file (m, 0, &jerr) : NULL;
  bool no_memory = !m || (!man && strstr (jerr.text, "memory"));
  free (m);
  if (no_memory) {
    pb_error (diags, "memory", at, "out of memory reading %s", PB_OUTPUT_MARKER);
    return false;
  }
  json_t *gen = json_object_get (man, "generator");
  if (!json_is_object (man) || !json_is_string (gen) || strncmp (json_string_value (gen), "paiban ", 7) != 0) {
    pb_error (diags, "output", at,
              "the folder's %s is not an edition manifest written by paiban: paiban will not replace this "
              "folder (it could hold files of yours); name a new or empty folder", PB_OUTPUT_MARKER);
    json_decref (man);
    return false;
  }
  json_t *known = json_object_get (man, "files");
  json_t *own = known ? json_incref (known) : json_array ();
  if (!known && own) {
    static const char *const edition_files[] = {"edition.pdf", "edition.json", "edition.js", "index.html",
                                                "report.txt", "viewer.css", "viewer.js", "pages", "images"};
    for (size_t i = 0; i < sizeof edition_files / sizeof edition_files[0]; i++)
      json_array_append_new (own, json_string (edition_files[i]));
    size_t i, j;
    json_t *pg, *f;
    json_array_foreach (json_object_get (man, "pages"), i, pg)
      json_array_foreach (json_object_get (pg, "files"), j, f)
        json_array_append (own, f);
  }
  json_t *present = json_array ();
  bool ok = own && present && list_tree (o->target, NULL, present, NULL);
  if (!ok) {
    pb_error (diags, errno == ENOMEM || !own || !present ? "memory" : "output", at,
              "cannot read the folder: %s", own && present ? pb_strerror (errno) : "out of memory");
    json_decref (own);
    json_decref (present);
    json_decref (man);
    return false;
  }
  pb_buf names = {0};
  size_t foreign = 0, i;
  json_t *v;
  json_array_foreach (present, i, v) {
    const char *name = json_string_value (v);
    if (listed (own, name))
      continue;
    if (foreign < 5)
      pb_buf_printf (&names, "%s%s", foreign ? ", " : "", name);
    foreign++;
  }
  if (foreign)
    pb_error (diags, "output", at,
              "the edition folder holds files paiban did not write (%zu: %s%s): paiban replaces the folder "
              "whole and would delete them; move them out of it, then build again",
              foreign, names.data ? names.data : "", foreign > 5 ? ", …" : "");
  pb_buf_free (&names);
  json_decref (own);
  json_decref (present);
  json_decref (man);
  return foreign == 0;
}

/* mkdir -p for the parent folders of a new output folder. */
static int
make_parents (const char *path)
{
  char *p = pb_strdup (path);
  if (!p)
    return -1;
  for (char *s = p + 1; *s; s++) {
    if (*s != '/')
      continue;
    *s = 0;
    if (mkdir (p, 0755) != 0 && errno != EEXIST) {
      free (p);
      return -1;
    }
    *s = '/';
  }
  free (p);
  return 0;
}

static bool
out_of_memory (const char *dir, pb_diagnostics *diags)
{
  pb_error (diags, "memory", ((pb_pos) {dir, 0, 0}), "out of memory");
  return false;
}

/* The paiban edition folder that path would be inside (malloc'd), or NULL:
 * a folder above it with the marker, which the next build of that edition
 * replaces whole, and this folder with it.  Looked for from the deepest
 * folder of path that exists, before any is made. */
static char *
edition_above (const char *path)
{
  char *up = pb_path_dirname (path);
  struct stat st;
  while (up && stat (up, &st) != 0) {
    char *next = pb_path_dirname (up);
    bool same = next && strcmp (next, up) == 0;
    free (up);
    up = same ? NULL : next;
  }
  char *real = up ? realpath (up, NULL) : NULL;
  free (up);
  while (real) {
    char *m = pb_path_join (real, PB_OUTPUT_MARKER);
    bool inside = m && lstat (m, &st) == 0;
    free (m);
    if (inside)
      return real;
    char *slash = strrchr (real, '/');
    if (!slash || slash == real) {
      free (real);
      return NULL;
    }
    *slash = 0;
  }
  return NULL;
}

/* Splits the target into an absolute parent (resolved) and a name. */
static bool
resolve_target (pb_output *o, const char *dir, pb_diagnostics *diags)
{
  pb_pos at = {dir, 0, 0};
  char *copy = pb_strdup (dir);
  if (!copy)
    return out_of_memory (dir, diags);
  size_t n = strlen (copy);
  while (n > 1 && copy[n - 1] == '/')
    copy[--n] = 0;
  struct stat st;
  if (lstat (copy, &st) == 0 && S_ISLNK (st.st_mode)) {
    /* a link to the folder: the folder it names is the one replaced */
    char *real = realpath (copy, NULL);
    if (real) {
      free (copy);
      copy = real;
    }
  }
  char *slash = strrchr (copy, '/');
  const char *name = slash ? slash + 1 : copy;
  char *parent = slash ? (slash == copy ? pb_strdup ("/") : pb_strndup (copy, (size_t) (slash - copy)))
                       : pb_strdup (".");
  if (!parent || !pb_path_is_plain_name (name)) {
    if (parent)
      pb_error (diags, "output", at, "the output folder must be a folder name or path, not '%s'", dir);
    else
      out_of_memory (dir, diags);
    free (parent);
    free (copy);
    return false;
  }
  char *edition = edition_above (copy);
  if (edition) {
    pb_error (diags, "output", at,
              "the folder is inside the paiban edition %s, which paiban replaces whole with its next build; "
              "name a folder outside it", edition);
    free (edition);
    free (parent);
    free (copy);
    return false;
  }
  errno = 0;
  if (make_parents (copy) != 0) {
    pb_error (diags, errno ? "output" : "memory", at, "cannot create the folder: %s",
              errno ? pb_strerror (errno) : "out of memory");
    free (parent);
    free (copy);
    return false;
  }
  char *rparent = realpath (parent, NULL);
  if (!rparent) {
    pb_error (diags, "output", at, "cannot create the folder: %s", pb_strerror (errno));
    free (parent);
    free (copy);
    return false;
  }
  o->parent = rparent;
  o->name = pb_strdup (name);
  o->target = o->name ? pb_path_join (rparent, name) : NULL;
  free (parent);
  free (copy);
  return o->target ? true : out_of_memory (dir, diags);
}

static bool
take_lock (pb_output *o, const char *dir, pb_diagnostics *diags)
{
  pb_pos at = {dir, 0, 0};
  o->lock_path = pb_printf ("%s/.%s.paiban-lock", o->parent, o->name);
  if (!o->lock_path)
    return out_of_memory (dir, diags);
  o->lock_fd = open (o->lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (o->lock_fd < 0) {
    pb_error (diags, "output", at,
              "cannot write in %s, where paiban keeps the lock file (%s) and builds the new edition "
              "before it swaps it in: %s; name an output folder on a disk you can write to",
              o->parent, o->lock_path, pb_strerror (errno));
    return false;
  }
  if (flock (o->lock_fd, LOCK_EX | LOCK_NB) != 0) {
    char pid[32] = "";
    ssize_t k = pread (o->lock_fd, pid, sizeof pid - 1, 0);
    pid[k > 0 ? k : 0] = 0;
    pid[strcspn (pid, "\n")] = 0;
    if (errno == EWOULDBLOCK || errno == EAGAIN)
      pb_error (diags, "locked", at,
                "another paiban build is writing this folder (process %s holds %s); wait for it to "
                "finish, or stop it", pid[0] ? pid : "?", o->lock_path);
    else
      pb_error (diags, "output", at, "cannot lock %s: %s", o->lock_path, pb_strerror (errno));
    return false;
  }
  char pid[32];
  int k = snprintf (pid, sizeof pid, "%ld\n", (long) getpid ());
  if (ftruncate (o->lock_fd, 0) == 0 && pwrite (o->lock_fd, pid, (size_t) k, 0) < 0) {
    /* the pid is only for the message of a build that waits */
  }
  return true;
}

/* The target may be replaced: it is a folder paiban made, or an empty one,
 * or none yet.  Under the lock (locked), the previous edition's manifest
 * is read. */
static bool
check_target (pb_output *o, const char *dir, bool locked, pb_diagnostics *diags)
{
  pb_pos at = {dir, 0, 0};
  struct stat st;
  if (lstat (o->target, &st) != 0) {
    if (errno == ENOENT)
      return true;
    pb_error (diags, "output", at, "cannot use the folder: %s", pb_strerror (errno));
    return false;
  }
  if (!S_ISDIR (st.st_mode)) {
    pb_error (diags, "output", at, "the output exists and is not a folder");
    return false;
  }
  bool ours;
  int state = folder_state (o->target, &ours);
  if (state < 0) {
    pb_error (diags, "output", at, "cannot read the folder: %s", pb_strerror (errno));
    return false;
  }
  if (state > 0 && !ours) {
    pb_error (diags, "output", at,
              "the folder is not empty and paiban did not make it (it has no %s): paiban replaces "
              "its output folder whole, so it will not write into this one; name a new or empty "
              "folder", PB_OUTPUT_MARKER);
    return false;
  }
  if (ours && !check_marker (o, dir, diags))
    return false;
  if (!locked)
    return true;
  o->target_exists = true;
  if (ours) {
    char *m = pb_path_join (o->target, PB_OUTPUT_MARKER);
    size_t len;
    free (o->previous);
    o->previous = m ? pb_file_read (m, PB_MAX_TEXT_FILE_BYTES, &len, NULL) : NULL;
    free (m);
  }
  return true;
}

pb_output *
pb_output_open (const char *dir, pb_diagnostics *diags)
{
  pb_output *o = pb_calloc (1, sizeof *o);
  if (!o) {
    out_of_memory (dir, diags);
    return NULL;
  }
  o->lock_fd = -1;
  o->alloc_failures = pb_alloc_failures ();
  pb_pos at = {dir, 0, 0};
  if (!dir || !dir[0]) {
    pb_error (diags, "output", at, "no output folder given");
    goto fail;
  }
  /* the target is checked before its lock file is made (a refused
   * folder leaves nothing beside it) and again under the lock */
  if (!resolve_target (o, dir, diags) || !check_target (o, dir, false, diags) || !take_lock (o, dir, diags) ||
      !check_target (o, dir, true, diags))
    goto fail;
  remove_stale_staging (o);
  char *prefix = staging_prefix (o);
  o->staging = prefix ? pb_printf ("%s/%s%ld", o->parent, prefix, (long) getpid ()) : NULL;
  free (prefix);
  if (!o->staging) {
    out_of_memory (dir, diags);
    goto fail;
  }
  if (mkdir (o->staging, 0755) != 0) {
    pb_error (diags, "output", at, "cannot create the folder: cannot make %s: %s", o->staging, pb_strerror (errno));
    free (o->staging);
    o->staging = NULL;
    goto fail;
  }
  return o;
fail:
  pb_output_close (o);
  return NULL;
}

const char *
pb_output_dir (const pb_output *o)
{
  return o->staging;
}

const char *
pb_output_target (const pb_output *o)
{
  return o->target;
}

const char *
pb_output_previous_manifest (const pb_output *o)
{
  return o->previous;
}

void
pb_output_set_manifest (pb_output *o, char *manifest)
{
  free (o->manifest);
  o->manifest = manifest;
}

/* fsync of a folder (its entries), after the files in it. */
static void
sync_dir (const char *path)
{
  int fd = open (path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    fsync (fd);
    close (fd);
  }
}

/* Every file the edition was read from, once each (a photo used twice is
 * one file): fn (path, stamp, where it is named) until it returns false. */
typedef bool (*input_fn) (void *ctx, const char *path, const pb_file_stamp *stamp, pb_pos pos);

static bool
seen_before (const pb_file_stamp *const *seen, size_t n, const pb_file_stamp *st)
{
  for (size_t i = 0; i < n; i++)
    if (seen[i]->dev == st->dev && seen[i]->ino == st->ino)
      return true;
  return false;
}

static bool
each_input (const pb_edition *ed, input_fn fn, void *ctx)
{
  PB_VEC (const pb_file_stamp *) seen = {0};
  bool ok = true;
#define VISIT(path, stamp, pos)                                                                        \
  do {                                                                                                 \
    if (!seen_before (seen.v, seen.n, (stamp))) {                                                      \
      PB_VEC_PUSH (seen, (stamp));                                                                     \
      ok &= fn (ctx, (path), (stamp), (pos));                                                          \
    }                                                                                                  \
  } while (0)
  VISIT (ed->path, &ed->stamp, ((pb_pos) {ed->path, 0, 0}));
  if (ed->tpl)
    VISIT (ed->tpl->path, &ed->tpl->stamp, ((pb_pos) {ed->tpl->path, 0, 0}));
  for (size_t i = 0; i < ed->n_articles; i++) {
    const pb_article *a = ed->articles[i];
    VISIT (a->path, &a->stamp, a->pos);
    for (size_t b = 0; b < a->n_blocks; b++)
      if (a->blocks[b].image)
        VISIT (a->blocks[b].image->path, &a->blocks[b].image->stamp, a->blocks[b].pos);
  }
  for (size_t p = 0; p < ed->n_pages; p++)
    for (size_t k = 0; k < ed->pages[p].n_ads; k++)
      VISIT (ed->pages[p].ads[k].image->path, &ed->pages[p].ads[k].image->stamp, ed->pages[p].ads[k].pos);
#undef VISIT
  PB_VEC_FREE (seen);
  return ok;
}

static bool
report_changed (void *diags, const char *path, const pb_file_stamp *stamp, pb_pos pos)
{
  if (!pb_file_changed (path, stamp))
    return true;
  pb_error (diags, "changed", pos, "%s changed while the edition was being built; build again when it is "
            "saved (nothing was replaced)", path);
  return false;
}

typedef struct {
  const pb_output *out;
  pb_diagnostics *diags;
} inside_ctx;

static bool
report_inside (void *ctx, const char *path, const pb_file_stamp *stamp, pb_pos pos)
{
  (void) stamp;
  inside_ctx *c = ctx;
  char *real = realpath (path, NULL);
  size_t n = strlen (c->out->target);
  bool inside = real && strncmp (real, c->out->target, n) == 0 && real[n] == '/';
  free (real);
  if (inside)
    pb_error (c->diags, "output", pos,
              "%s is inside the output folder %s, which paiban replaces whole with the new edition: keep "
              "the copy, photos and edition file outside it", path, c->out->target);
  return !inside;
}

bool
pb_output_check_inputs (const pb_output *o, const pb_edition *edition, pb_diagnostics *diags)
{
  inside_ctx c = {o, diags};
  return each_input (edition, report_inside, &c);
}

int
pb_output_commit (pb_output *o, const pb_edition *edition, pb_diagnostics *diags)
{
  pb_pos at = {o->target, 0, 0};
  if (o->committed || !o->staging)
    return -1;
  if (edition && !each_input (edition, report_changed, diags))
    return -1;
  if (pb_alloc_failures () != o->alloc_failures) {
    pb_error (diags, "memory", at, "out of memory while the edition was written (nothing was replaced)");
    return -1;
  }
  /* the manifest lists every file of the new edition */
  json_t *man = json_loads (o->manifest ? o->manifest : "{}", 0, NULL);
  json_t *files = json_array ();
  char *with_files = NULL;
  /* and each file's size: a later --pages keeps a page's files only when
   * they are still the size they were written (not cut, not replaced) */
  json_t *walked = json_object (), *sizes = json_object ();
  json_t *in_order = man && files && walked && sizes && list_tree (o->staging, NULL, files, walked) ? sorted (files)
                                                                                                 : NULL;
  size_t fi;
  json_t *fv;
  json_array_foreach (in_order, fi, fv) /* in name order, as the files: the same edition, the same bytes */
    if (json_object_get (walked, json_string_value (fv)))
      json_object_set (sizes, json_string_value (fv), json_object_get (walked, json_string_value (fv)));
  json_decref (walked);
  if (in_order && json_object_set (man, "files", in_order) == 0 && json_object_set (man, "sizes", sizes) == 0)
    with_files = json_dumps (man, JSON_INDENT (1) | JSON_PRESERVE_ORDER);
  json_decref (sizes);
  json_decref (in_order);
  json_decref (files);
  json_decref (man);
  if (with_files && pb_alloc_failures () != o->alloc_failures) {
    free (with_files); /* a file's size left out for want of memory */
    with_files = NULL;
  }
  if (!with_files) {
    pb_error (diags, "memory", at, "out of memory while the edition was written (nothing was replaced)");
    return -1;
  }
  /* the marker last: a staging folder without it was never finished */
  char *marker = pb_path_join (o->staging, PB_OUTPUT_MARKER);
  char *m = with_files;
  if (!marker || pb_file_write_atomic (marker, m, strlen (m)) != 0) {
    pb_error (diags, marker ? "write" : "memory", at, "cannot write %s: %s", PB_OUTPUT_MARKER,
              marker ? pb_strerror (errno) : "out of memory");
    free (marker);
    free (m);
    return -1;
  }
  free (marker);
  free (m);
  static const char *const subdirs[] = {"pages", "images"};
  for (size_t i = 0; i < 2; i++) {
    char *d = pb_path_join (o->staging, subdirs[i]);
    if (d)
      sync_dir (d);
    free (d);
  }
  sync_dir (o->staging);
  int r;
  if (!o->target_exists)
    r = rename (o->staging, o->target);
  else {
    r = renameat2 (AT_FDCWD, o->staging, AT_FDCWD, o->target, RENAME_EXCHANGE);
    if (r != 0 && (errno == EINVAL || errno == ENOSYS)) {
      /* no exchange on this file system: the old folder aside, the new in */
      char *aside = pb_printf ("%s.old", o->staging);
      r = aside ? rename (o->target, aside) : -1;
      if (r == 0) {
        r = rename (o->staging, o->target);
        if (r != 0)
          rename (aside, o->target);
        else
          rename (aside, o->staging); /* removed below as the old folder */
      }
      free (aside);
    }
  }
  if (r != 0) {
    pb_error (diags, "write", at, "cannot put the new edition in place: %s (the previous edition is "
              "unchanged)", pb_strerror (errno));
    return -1;
  }
  o->committed = true;
  sync_dir (o->parent);
  /* the previous edition, now at the staging name */
  if (o->target_exists)
    pb_path_remove_tree (o->staging);
  return 0;
}

void
pb_output_close (pb_output *o)
{
  if (!o)
    return;
  if (o->staging && !o->committed)
    pb_path_remove_tree (o->staging);
  if (o->lock_fd >= 0)
    close (o->lock_fd); /* releases the lock */
  free (o->target);
  free (o->parent);
  free (o->name);
  free (o->staging);
  free (o->lock_path);
  free (o->manifest);
  free (o->previous);
  free (o);
}
