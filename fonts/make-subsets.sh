#!/bin/sh
# Makes the small Noto CJK subsets that the tests use (fonts/subset/), from
# Debian's fonts-noto-cjk, so that golden tests do not depend on the
# machine's fonts.  Needs fonttools (pyftsubset).  The subsets keep every
# OpenType layout feature (halt, fwid, locl, …) and the original names.
#
#   sh fonts/make-subsets.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
src=/usr/share/fonts/opentype/noto
out=$here/subset
mkdir -p "$out"
chars=$(mktemp)
trap 'rm -f "$chars"' EXIT
# every character of the test copy, plus ASCII and CJK punctuation
cat "$root"/tests/layout/*.md "$root"/tests/data/*.md "$root"/tests/data/*.yaml "$root"/tests/unit/*.c \
  "$root"/tests/bad/cases/*/*.md "$root"/tests/bad/cases/*/*.yaml "$root"/tests/bad/*.py "$root"/tests/output/*.py |
  python3 -c 'import sys; sys.stdout.write(sys.stdin.buffer.read().decode("utf-8", "ignore"))' > "$chars"
printf '%s\n' ' !"#$%&'"'"'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\]^_`abcdefghijklmnopqrstuvwxyz{|}~' \
  '、。，．：；！？“”‘’（）［］｛｝〔〕〈〉《》「」『』【】〖〗·・～—…　％‰℃' \
  '第版页校样星期日一二三四五六年月号期' >> "$chars"
sub() { # file index name
  pyftsubset "$src/$1" --font-number="$2" --text-file="$chars" --layout-features='*' \
    --name-IDs='*' --name-languages='*' --no-hinting --notdef-outline \
    --output-file="$out/$3"
}
sub NotoSerifCJK-Regular.ttc 2 NotoSerifCJKsc-Regular-subset.otf
sub NotoSerifCJK-Bold.ttc 2 NotoSerifCJKsc-Bold-subset.otf
sub NotoSansCJK-Regular.ttc 2 NotoSansCJKsc-Regular-subset.otf
sub NotoSansCJK-Bold.ttc 2 NotoSansCJKsc-Bold-subset.otf
sub NotoSerifCJK-Regular.ttc 3 NotoSerifCJKtc-Regular-subset.otf
sub NotoSerifCJK-Bold.ttc 3 NotoSerifCJKtc-Bold-subset.otf
sub NotoSansCJK-Regular.ttc 3 NotoSansCJKtc-Regular-subset.otf
sub NotoSansCJK-Bold.ttc 3 NotoSansCJKtc-Bold-subset.otf
sub NotoSerifCJK-Regular.ttc 0 NotoSerifCJKjp-Regular-subset.otf
sub NotoSansCJK-Regular.ttc 0 NotoSansCJKjp-Regular-subset.otf
sub NotoSansCJK-Bold.ttc 0 NotoSansCJKjp-Bold-subset.otf
(cd "$out" && sha256sum *.otf > SHA256SUMS)
