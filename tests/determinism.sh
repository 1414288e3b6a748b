#!/bin/sh
# Two builds of the demo edition (with the press PDFs) are byte-identical,
# file by file.
set -eu
bin=$1
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$bin" build "$root/examples/edition.yaml" -o "$tmp/a" -q --dpi 40 --press
"$bin" build "$root/examples/edition.yaml" -o "$tmp/b" -q --dpi 40 --press
n=0
for f in $(cd "$tmp/a" && find . -type f | sort); do
  if ! cmp -s "$tmp/a/$f" "$tmp/b/$f"; then
    echo "FAIL: $f differs between two builds"
    exit 1
  fi
  n=$((n + 1))
done
[ "$n" -ge 10 ] || { echo "FAIL: only $n files written"; exit 1; }
# no temporary files left behind
if find "$tmp" -name '*.tmp' | grep -q .; then
  echo "FAIL: temporary files left"; exit 1
fi
echo "ok   $n files identical"
echo "1 passed, 0 failed"
