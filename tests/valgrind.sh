#!/bin/sh
# valgrind memcheck on the CLI building the demo edition (every output and
# the press PDFs, small page images, one job): fails on any invalid access, use of an
# uninitialised value, or block definitely lost that is not one of the
# libraries' own (tests/valgrind.supp).  Slow (minutes): run by .ci/run,
# not by ctest.
#   tests/valgrind.sh BUILD/paiban
set -eu
bin=$1
here=$(dirname "$0")
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# libjpeg-turbo's SIMD code reads bytes valgrind thinks uninitialised (a
# known false alarm); its plain C code is checked instead
JSIMD_FORCENONE=1 valgrind --error-exitcode=9 --errors-for-leak-kinds=definite --leak-check=full \
  --show-leak-kinds=definite --suppressions="$here/valgrind.supp" --num-callers=40 \
  "$bin" build "$here/../examples/edition.yaml" -o "$out/ed" -q --jobs 1 --dpi 20 --press 2>"$out/log" || {
  cat "$out/log"
  echo "valgrind: errors or leaks (log above)"
  exit 1
}
grep -E "ERROR SUMMARY|definitely lost|suppressed:" "$out/log"
