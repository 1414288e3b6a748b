#!/bin/sh
# A build killed (SIGKILL) at random moments leaves the previous edition
# intact — every file either the old one or a complete new one — and the
# next build leaves no temporary file behind.
set -eu
bin=$1
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
out=$tmp/out
"$bin" build "$root/examples/edition.yaml" -o "$out" -q --dpi 40
(cd "$out" && find . -type f ! -name '*.tmp' | sort | xargs sha256sum) > "$tmp/good"
fails=0
for delay in 0.05 0.2 0.4 0.7 1.0 1.5 2.0; do
  "$bin" build "$root/examples/edition.yaml" -o "$out" -q --dpi 40 &
  pid=$!
  sleep "$delay"
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  # every file is complete: the same bytes as a full build (the inputs
  # did not change), never a half-written one
  if ! (cd "$out" && sha256sum --quiet -c "$tmp/good" >/dev/null 2>&1); then
    echo "FAIL: killed after ${delay}s, a file differs from a complete build"
    fails=$((fails + 1))
  fi
done
"$bin" build "$root/examples/edition.yaml" -o "$out" -q --dpi 40
left=$(find "$out" -name '*.tmp' | wc -l)
if [ "$left" -ne 0 ]; then
  echo "FAIL: $left temporary files left after the next build"
  fails=$((fails + 1))
fi
if [ "$fails" -eq 0 ]; then
  echo "ok   7 kills, previous edition intact, no temporary file left"
  echo "1 passed, 0 failed"
else
  echo "0 passed, 1 failed"
  exit 1
fi
