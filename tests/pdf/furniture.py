#!/usr/bin/python3
"""Furniture is never cut: for random paper names, issue lines, sections
and editors on every shipped layout, a build either prints each of them
whole on its page (the masthead on page 1, the folio on page 2) or fails
with a band error at the edition's line — never exit 0 with part of a
name left off the page.

    furniture.py PAIBAN_BINARY [SEED]
"""
import os
import random
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HAN = "青海省海南藏族自治州共和县人民政府机关报社主办高原日报晚刊周末版经济时报新闻"


def text_of(pdf, page):
    r = subprocess.run(["pdftotext", "-raw", "-f", str(page), "-l", str(page), pdf, "-"],
                       capture_output=True, text=True)
    return "".join(r.stdout.split())


def main():
    binary = os.path.abspath(sys.argv[1])
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else int(time.time())
    print("seed %d (furniture.py BINARY %d repeats this run)" % (seed, seed))
    rng = random.Random(seed)
    layouts = sorted(f[:-5] for f in os.listdir(os.path.join(ROOT, "layouts")) if f.endswith(".yaml"))
    failures, printed, refused = 0, 0, 0
    with tempfile.TemporaryDirectory() as tmp:
        for f, body in (("a.md", "---\nheadline: 标题\n---\n正文。\n"), ("b.md", "---\nheadline: 又一条\nid: b\n---\n正文。\n")):
            open(os.path.join(tmp, f), "w", encoding="utf-8").write(body)
        for k in range(24):
            paper = "".join(rng.choice(HAN) for _ in range(rng.randint(2, 26)))
            issue = "第%d期" % rng.randint(1, 10 ** rng.randint(1, 12))
            section = "".join(rng.choice(HAN) for _ in range(rng.randint(2, 12)))
            editors = ["责任编辑 " + "".join(rng.choice(HAN) for _ in range(rng.randint(2, 14)))
                       for _ in range(rng.randint(0, 3))]
            layout = layouts[k % len(layouts)]
            ed = os.path.join(tmp, "e%d.yaml" % k)
            with open(ed, "w", encoding="utf-8") as fh:
                fh.write("paper: %s\ndate: 2026-11-26\nissue: %s\nlayout: %s\npages:\n" % (paper, issue, layout))
                fh.write("  - number: 1\n    articles: [{src: a.md, at: {col: 1, row: 1, cols: 2, rows: 10}}]\n")
                fh.write("  - number: 2\n    section: %s\n    editors: [%s]\n" % (section, ", ".join(editors)))
                fh.write("    articles: [{src: b.md, at: {col: 1, row: 1, cols: 2, rows: 10}}]\n")
            out = os.path.join(tmp, "out%d" % k)
            r = subprocess.run([binary, "build", ed, "-o", out, "--pdf-only", "-q"], capture_output=True, text=True)
            what = "%s: paper %s, issue %s, section %s, editors %s" % (layout, paper, issue, section, editors)
            if r.returncode == 0:
                printed += 1
                p1, p2 = text_of(os.path.join(out, "edition.pdf"), 1), text_of(os.path.join(out, "edition.pdf"), 2)
                missing = [t for t in [paper, issue] if t not in p1] + \
                          [t.replace(" ", "") for t in [section] + editors if t.replace(" ", "") not in p2]
                if missing:
                    failures += 1
                    print("FAIL exit 0 but not on the page: %s\n  (%s)" % (missing, what))
            elif r.returncode == 1 and ": error: " in r.stderr and ("paper name" in r.stderr or "overlap" in r.stderr) \
                    and "e%d.yaml:" % k in r.stderr:
                refused += 1
            else:
                failures += 1
                print("FAIL exit %d without a band error at the edition's line (%s)\n  %s" % (r.returncode, what,
                                                                                         r.stderr.strip()))
    print("%d editions printed whole, %d refused with a band error, %d failures" % (printed, refused, failures))
    ok = failures == 0 and printed > 0 and refused > 0
    print("%d passed, %d failed" % (1 if ok else 0, 0 if ok else 1))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
