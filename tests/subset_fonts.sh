#!/bin/sh
# PDFs drawn from fonts cut to the glyphs a run uses (issue 13) are the
# PDFs drawn from the whole fonts: every page of the edition PDF, the page
# PDFs, the press PDFs and proofs in Simplified and Traditional Chinese,
# Japanese and Latin, bold and sans, rasterised alike pixel for pixel and
# giving the same text; and they are smaller.  PAIBAN_WHOLE_FONTS=1 draws
# from the whole fonts.
set -eu
bin=$1
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
same () { # same PDF A B: what a reader sees and what a search finds
  pdftoppm -r 50 -png "$1" "$tmp/a" && pdftoppm -r 50 -png "$2" "$tmp/b"
  for f in "$tmp"/a-*.png; do
    cmp -s "$f" "$tmp/b-${f#"$tmp"/a-}" || { echo "FAIL: $3: page ${f#"$tmp"/a-} differs"; fail=1; }
  done
  pdftotext "$1" "$tmp/a.txt" && pdftotext "$2" "$tmp/b.txt"
  cmp -s "$tmp/a.txt" "$tmp/b.txt" || { echo "FAIL: $3: the text differs"; fail=1; }
  rm -f "$tmp"/a-*.png "$tmp"/b-*.png
}
smaller () {
  a=$(stat -c %s "$1"); b=$(stat -c %s "$2")
  [ "$b" -lt "$a" ] || { echo "FAIL: $3: $b bytes cut, $a whole"; fail=1; }
  echo "     $3: $a bytes from whole fonts, $b cut"
}
ed="$root/tests/data/parallel/edition.yaml"
PAIBAN_WHOLE_FONTS=1 "$bin" build "$ed" -o "$tmp/whole" -q --press --dpi 40
"$bin" build "$ed" -o "$tmp/cut" -q --press --dpi 40
same "$tmp/whole/edition.pdf" "$tmp/cut/edition.pdf" edition.pdf
smaller "$tmp/whole/edition.pdf" "$tmp/cut/edition.pdf" edition.pdf
for p in "$tmp"/whole/pages/*.pdf "$tmp"/whole/press/*.pdf; do
  rel=${p#"$tmp"/whole/}
  same "$p" "$tmp/cut/$rel" "$rel"
done
for k in meaningful-spaces-hant kana-solid latin-hyphenation datelines-credits; do
  art="$root/tests/typography/kinds/$k/article.md"
  PAIBAN_WHOLE_FONTS=1 "$bin" proof "$art" -o "$tmp/w.pdf" --layout a4 -q
  "$bin" proof "$art" -o "$tmp/c.pdf" --layout a4 -q
  same "$tmp/w.pdf" "$tmp/c.pdf" "proof of $k"
  smaller "$tmp/w.pdf" "$tmp/c.pdf" "proof of $k"
done
[ $fail -eq 0 ] && echo "ok   PDFs drawn from cut fonts look and read as from the whole fonts"
exit $fail
