#!/usr/bin/python3
"""The overset advice is true: for demo articles (with photos and without)
placed by hand in random rectangles of the shipped layouts, whenever the
report says an article's module "needs N more grid rows", the same
module made N rows taller holds the whole article, and N − 1 rows taller
does not (N is the least).

    overset.py PAIBAN_BINARY [SEED]
"""
import os
import random
import re
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ARTICLES = os.path.join(ROOT, "examples", "articles")
NEEDS = re.compile(r"article '([^']+)' is overset by \d+ lines .*? its module needs (\d+) more grid rows")
OVERSET = re.compile(r"article '([^']+)' is overset by")
PAGE_SHORT = "the rows the page has below its module would not hold it"
PAGE_ROWS = {"tabloid": 76, "broadsheet": 108}  # body lines of page 2 (README's table)


def build(binary, tmp, name, layout, src, cols, rows):
    ed = os.path.join(tmp, name + ".yaml")
    with open(ed, "w", encoding="utf-8") as f:
        f.write("paper: 报\ndate: 2026-11-26\nlayout: %s\npages:\n  - number: 2\n    articles:\n"
                "      - src: %s\n        at: {col: 1, row: 1, cols: %d, rows: %d}\n" % (layout, src, cols, rows))
    r = subprocess.run([binary, "check", ed], capture_output=True, text=True)
    return r.returncode, NEEDS.findall(r.stderr), OVERSET.findall(r.stderr), r.stderr


def main():
    binary = os.path.abspath(sys.argv[1])
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else int(time.time())
    print("seed %d (overset.py BINARY %d repeats this run)" % (seed, seed))
    rng = random.Random(seed)
    photos = [a for a in sorted(os.listdir(ARTICLES)) if "![" in open(os.path.join(ARTICLES, a), encoding="utf-8").read()]
    plain = [a for a in sorted(os.listdir(ARTICLES)) if a.endswith(".md") and a not in photos]
    failures = checked = 0
    with tempfile.TemporaryDirectory() as tmp:
        for k in range(16):
            art = rng.choice(photos if k % 2 == 0 else plain)
            layout = rng.choice(["tabloid", "broadsheet"])
            cols, rows = rng.randint(1, 4), rng.randint(16, 30)
            src = os.path.join(ARTICLES, art)
            rc, needs, _, err = build(binary, tmp, "t%d" % k, layout, src, cols, rows)
            if rc != 0 and "has no room for body text" in err:
                continue  # a rectangle too small for the headline: refused, rightly
            if rc != 0:
                failures += 1
                print("FAIL %s at %d×%d on %s: exit %d\n  %s" % (art, cols, rows, layout, rc, err.strip()))
                continue
            if PAGE_SHORT in err:
                checked += 1
                _, _, still, _ = build(binary, tmp, "t%df" % k, layout, src, cols, PAGE_ROWS[layout])
                ok = bool(still)
                failures += not ok
                print("%s %s at %d cols × %d rows on %s: 'the page would not hold it'%s" % (
                    "ok  " if ok else "FAIL", art, cols, rows, layout, "" if ok else ", but the page's foot does"))
            for _, n in needs:
                n = int(n)
                checked += 1
                _, _, after, _ = build(binary, tmp, "t%da" % k, layout, src, cols, rows + n)
                _, _, before, _ = build(binary, tmp, "t%db" % k, layout, src, cols, rows + n - 1) if n > 1 \
                    else (0, [], ["(the module itself)"], "")
                what = "%s at %d cols × %d rows on %s: 'needs %d more'" % (art, cols, rows, layout, n)
                if after:
                    failures += 1
                    print("FAIL %s, but %d rows are still overset (%s)" % (what, rows + n, after))
                elif not before:
                    failures += 1
                    print("FAIL %s, but %d rows already hold it" % (what, rows + n - 1))
                else:
                    print("ok   %s" % what)
    print("%d overset advices checked, %d failures" % (checked, failures))
    ok = failures == 0 and checked >= 4
    print("%d passed, %d failed" % (1 if ok else 0, 0 if ok else 1))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
