#!/bin/sh
# Page images and PDFs made on two threads: a two-page edition of fifteen
# articles (tests/data/parallel: copy written to break paiban) built again
# and again with --jobs 2.  Every build succeeds and gives the same bytes.
# (cairo's FreeType backend crashed about one build in five here when a
# worker rasterised a page while the edition PDF took its font subsets:
# pb_render_fonts_lock.)
set -eu
bin=$1
runs=${2:-12}
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$bin" build "$root/tests/data/parallel/edition.yaml" -o "$tmp/first" -q --jobs 2 --dpi 60
i=0
while [ $i -lt "$runs" ]; do
  if ! "$bin" build "$root/tests/data/parallel/edition.yaml" -o "$tmp/again" -q --jobs 2 --dpi 60 2> "$tmp/err"; then
    echo "FAIL: build $i of $runs with --jobs 2 failed:"
    cat "$tmp/err"
    exit 1
  fi
  for f in edition.pdf pages/01.pdf pages/02.pdf pages/01.png pages/02.png; do
    cmp -s "$tmp/first/$f" "$tmp/again/$f" || { echo "FAIL: $f differs in build $i"; exit 1; }
  done
  i=$((i + 1))
done
echo "ok   $runs parallel builds, every one whole and the same"
