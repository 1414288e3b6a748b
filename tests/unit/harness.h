/* A tiny test harness: CHECK, INT_EQ, STR_EQ; main runs the tests and
 * prints "N passed, M failed". */
#ifndef PB_TEST_HARNESS_H
#define PB_TEST_HARNESS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int pb_test_failures, pb_test_checks;

#define CHECK(cond)                                                                        \
  do {                                                                                     \
    pb_test_checks++;                                                                      \
    if (!(cond)) {                                                                         \
      pb_test_failures++;                                                                  \
      fprintf (stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);            \
    }                                                                                      \
  } while (0)
#define INT_EQ(a, b)                                                                       \
  do {                                                                                     \
    long long a_ = (long long) (a), b_ = (long long) (b);                                  \
    pb_test_checks++;                                                                      \
    if (a_ != b_) {                                                                        \
      pb_test_failures++;                                                                  \
      fprintf (stderr, "%s:%d: %s == %lld, expected %lld\n", __FILE__, __LINE__, #a, a_, b_); \
    }                                                                                      \
  } while (0)
#define STR_EQ(a, b)                                                                       \
  do {                                                                                     \
    const char *a_ = (a), *b_ = (b);                                                       \
    pb_test_checks++;                                                                      \
    if (!a_ || !b_ || strcmp (a_, b_) != 0) {                                              \
      pb_test_failures++;                                                                  \
      fprintf (stderr, "%s:%d: %s == \"%s\", expected \"%s\"\n", __FILE__, __LINE__, #a,   \
               a_ ? a_ : "(null)", b_ ? b_ : "(null)");                                    \
    }                                                                                      \
  } while (0)

typedef struct {
  const char *name;
  void (*fn) (void);
} pb_test_case;

static int
pb_test_run (const pb_test_case *cases, size_t n)
{
  int failed_cases = 0;
  for (size_t i = 0; i < n; i++) {
    int before = pb_test_failures;
    cases[i].fn ();
    int bad = pb_test_failures != before;
    failed_cases += bad;
    printf ("%s %s\n", bad ? "FAIL" : "ok  ", cases[i].name);
  }
  printf ("%zu passed, %d failed\n", n - (size_t) failed_cases, failed_cases);
  return failed_cases ? 1 : 0;
}

/* Source and build paths, from CMake. */
#ifndef PB_SOURCE_DIR
#define PB_SOURCE_DIR "."
#endif

#endif
