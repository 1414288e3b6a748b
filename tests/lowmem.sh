#!/bin/sh
# Low memory (ulimit -v): every build of the demo under a tight address
# space ends either in success with the whole edition (the same files as
# a build with memory to spare) or in a failure that says so — "out of
# memory", exit status non-zero — with the previous edition untouched.
# Never exit 0 with a wrong edition, never a half-replaced folder.  (Not
# under the sanitizers: they reserve terabytes of address space.)
set -u
bin=$1
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ed=$root/examples/edition.yaml
tree () { (cd "$1" && find . -type f ! -name '.paiban-edition' | sort | xargs sha256sum); }
"$bin" build "$ed" -o "$tmp/good" -q --dpi 30 -j 1 || exit 1
tree "$tmp/good" > "$tmp/good.sums"
"$bin" build "$root/tests/data/images.yaml" -o "$tmp/out" -q --dpi 30 -j 1 || exit 1
tree "$tmp/out" > "$tmp/old.sums"
fails=0 oom=0 ok=0
for kb in 150000 250000 300000 400000 600000 800000 1000000 1500000; do
  ulimit -c 0
  (ulimit -v $kb; exec "$bin" build "$ed" -o "$tmp/out" --dpi 30 -j 1) > "$tmp/log" 2>&1
  rc=$?
  tree "$tmp/out" > "$tmp/now.sums"
  if [ $rc -eq 0 ]; then
    if cmp -s "$tmp/now.sums" "$tmp/good.sums"; then
      ok=$((ok + 1))
      # the next limit starts again from the old edition
      rm -rf "$tmp/out"
      "$bin" build "$root/tests/data/images.yaml" -o "$tmp/out" -q --dpi 30 -j 1
    else
      echo "FAIL: ulimit -v $kb: exit 0 but the edition differs from a normal build"; fails=$((fails + 1))
    fi
  else
    if ! cmp -s "$tmp/now.sums" "$tmp/old.sums"; then
      echo "FAIL: ulimit -v $kb: exit $rc and the previous edition changed"; fails=$((fails + 1))
    elif ! grep -q "out of memory" "$tmp/log"; then
      echo "FAIL: ulimit -v $kb: exit $rc without saying 'out of memory':"; tail -3 "$tmp/log"; fails=$((fails + 1))
    else
      oom=$((oom + 1))
    fi
  fi
  echo "     ulimit -v $kb: exit $rc: $(tail -1 "$tmp/log" | cut -c1-110)"
done
echo "$oom runs out of memory (reported, nothing replaced), $ok complete"
if [ $fails -eq 0 ] && [ $oom -gt 0 ] && [ $ok -gt 0 ]; then
  echo "1 passed, 0 failed"
else
  echo "0 passed, 1 failed"; exit 1
fi
