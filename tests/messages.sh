#!/bin/sh
# Every message paiban can print has a translation in po/zh_CN.po and
# po/zh_TW.po (none missing, none fuzzy, formats checked by msgfmt), and
# the program speaks the language LANG asks for.
set -eu
root=$1 bin=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sh "$root/po/update.sh" "$tmp/paiban.pot"
fails=0
for lang in zh_CN zh_TW; do
  msgmerge --quiet --no-fuzzy-matching -o "$tmp/$lang.po" "$root/po/$lang.po" "$tmp/paiban.pot"
  stats=$(msgfmt --check --statistics -o /dev/null "$tmp/$lang.po" 2>&1)
  case "$stats" in
    *untranslated*|*fuzzy*) echo "FAIL $lang: $stats (run sh po/update.sh and translate)"; fails=$((fails + 1)) ;;
    *) echo "ok   $lang: $stats" ;;
  esac
done
# the program in each language (no Chinese locale needs to be installed)
printf 'paper: 报\ndate: 2026-11-30\nlayout: nowhere\npages: []\n' > "$tmp/e.yaml"
en=$(LANG=C.UTF-8 "$bin" check "$tmp/e.yaml" 2>&1 || true)
cn=$(LANG=zh_CN.UTF-8 "$bin" check "$tmp/e.yaml" 2>&1 || true)
tw=$(LANG=zh_TW.UTF-8 "$bin" check "$tmp/e.yaml" 2>&1 || true)
check() { if printf '%s' "$2" | grep -q "$3"; then echo "ok   $1"; else echo "FAIL $1: $2"; fails=$((fails + 1)); fi; }
check "English by default" "$en" "error: unknown layout"
check "zh_CN: 错误 in Simplified" "$cn" "错误"
check "zh_TW: 錯誤 in Traditional" "$tw" "錯誤"
if [ $fails -eq 0 ]; then echo "1 passed, 0 failed"; else echo "0 passed, 1 failed"; exit 1; fi
