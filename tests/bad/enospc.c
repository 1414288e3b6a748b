/* Disk-full simulation for the bad-input tests: loaded with LD_PRELOAD,
 * every write to a file in a staging folder (paiban writes an edition
 * into .NAME.paiban-new-PID beside its output folder) or to a file whose
 * name ends in ".tmp" (a file written beside its final name) fails with
 * ENOSPC. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

ssize_t
write (int fd, const void *buf, size_t n)
{
  static ssize_t (*real) (int, const void *, size_t);
  if (!real)
    real = (ssize_t (*) (int, const void *, size_t)) dlsym (RTLD_NEXT, "write");
  char link[64], path[1024];
  snprintf (link, sizeof link, "/proc/self/fd/%d", fd);
  ssize_t k = readlink (link, path, sizeof path - 1);
  if (k > 4) {
    path[k] = 0;
    if (strcmp (path + k - 4, ".tmp") == 0 || strstr (path, ".paiban-new-")) {
      errno = ENOSPC;
      return -1;
    }
  }
  return real (fd, buf, n);
}
