#!/usr/bin/python3
"""The shared report's totals on paiban's typography test copy
(tests/typography/kinds/*/article.md and the shared cases it checks), set
by paiban (a4 proof) and by Typst (the same page: bench/typst_md2typ.py),
side by side.

    compare_typst.py PAIBAN_BINARY TYPST_DIR

TYPST_DIR holds node_modules/@myriaddreamin/typst-ts-node-compiler
(`npm install @myriaddreamin/typst-ts-node-compiler` there; Typst runs
offline with the Noto fonts of the Debian packages)."""
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SHARED = os.path.join(os.path.dirname(ROOT), "shared")
sys.path.insert(0, os.path.join(ROOT, "tests", "typography"))
from shared_report import load_report  # noqa: E402

CASES = sorted(os.path.basename(d) for d in glob.glob(os.path.join(SHARED, "cases", "typography", "*")))
SUMS = ["lines", "kinsoku_start", "kinsoku_end", "split_pairs", "latin_letterspaced_words", "punct_gaps_opened",
        "orphan_char", "overlaps", "hanlatin_gap_missing", "latin_fullwidth_apostrophes", "source_spaces_dropped",
        "loose_lines"]


def main():
    binary, typst_dir = sys.argv[1], sys.argv[2]
    cm = load_report(os.path.join(SHARED, "tools", "cjkmetrics.py"))
    articles = sorted(glob.glob(os.path.join(ROOT, "tests", "typography", "kinds", "*", "article.md")))
    articles += [os.path.join(SHARED, "cases", "typography", c, "article.md") for c in CASES]
    tmp = tempfile.mkdtemp(prefix="paiban-typst-")
    totals = {e: dict.fromkeys(SUMS, 0) for e in ("paiban", "typst")}
    gaps = {"paiban": [], "typst": []}
    text = {e: [0, 0, 0] for e in ("paiban", "typst")}
    worst = {"paiban": 0.0, "typst": 0.0}
    typs = []
    for k, a in enumerate(articles):
        typ = os.path.join(tmp, "%02d.typ" % k)
        subprocess.run(["/usr/bin/python3", os.path.join(HERE, "typst_md2typ.py"), a, typ], check=True)
        typs.append(typ)
    env = dict(os.environ, NODE_PATH=os.path.join(typst_dir, "node_modules"))
    subprocess.run(["node", os.path.join(HERE, "typst_compile.js")] + typs, env=env, check=True)
    for k, a in enumerate(articles):
        src = os.path.join(tmp, "%02d.md" % k)
        with open(src, "w", encoding="utf-8") as f:
            f.write(re.sub(r"(?m)^## ", "", open(a, encoding="utf-8").read()))
        pdfs = {"typst": os.path.join(tmp, "%02d.pdf" % k), "paiban": os.path.join(tmp, "%02d-paiban.pdf" % k)}
        subprocess.run([binary, "proof", a, "-o", pdfs["paiban"], "--layout", "a4", "-q"], check=True)
        for e, pdf in pdfs.items():
            if not os.path.exists(pdf):
                print("no PDF from %s for %s" % (e, a))
                continue
            cm.last_gaps = []
            m = cm.analyse(pdf, src, True, True)
            for s in SUMS:
                totals[e][s] += m.get(s) or 0
            gaps[e] += cm.last_gaps
            worst[e] = max(worst[e], m.get("spacing_max_em") or 0)
            tc = m["text_conservation"]
            text[e][0] += tc["missing_chars"]
            text[e][1] += tc["extra_chars"]
            text[e][2] += tc["substituted_chars"]
    print("%d articles (%s kinds + %d shared cases), a4 proof page, --front-matter --furniture\n" % (
        len(articles), len(articles) - len(CASES), len(CASES)))
    print("| figure | paiban | Typst |\n|---|---|---|")
    for s in SUMS:
        print("| %s | %s | %s |" % (s, totals["paiban"][s], totals["typst"][s]))
    for e in ("paiban", "typst"):
        g = sorted(gaps[e])
        worst[e] = (worst[e], cm.percentile(g, 0.95) if g else 0, len(g))
    print("| ideograph gap max (em) | %.3f | %.3f |" % (worst["paiban"][0], worst["typst"][0]))
    print("| ideograph gap p95, all copy (em) | %.3f | %.3f |" % (worst["paiban"][1], worst["typst"][1]))
    print("| text lost / added / substituted | %d / %d / %d | %d / %d / %d |" % (tuple(text["paiban"]) + tuple(text["typst"])))
    shutil.rmtree(tmp)


main()
