#!/usr/bin/python3
"""Builds the demo edition and checks what a production desk would:
page count (pdfinfo), every font embedded (pdffonts), the text of every
article's region (pdftotext -raw) equal to the article's copy in reading
order, no character lost, no overset in the report, per-page files.

    check_demo.py PAIBAN_BINARY
"""
import json
import os
import re
import subprocess
import sys
import tempfile

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EDITION = os.path.join(ROOT, "examples", "edition.yaml")
IMAGE = re.compile(r'^!\[(?P<cap>[^\]]*)\]\((?P<src>[^ )]+)(?: "(?P<credit>[^"]*)")?\)$')

results = []


def check(name, ok, detail=""):
    results.append(ok)
    print("%s %s%s" % ("ok  " if ok else "FAIL", name, "" if ok else "\n  " + detail))


def article_text(path):
    """The copy in the order paiban sets it: kicker, headline, deck,
    byline, figures (caption, credit), then the body with the dateline."""
    raw = open(path, encoding="utf-8").read()
    _, fm, body = raw.split("---", 2)
    meta = yaml.safe_load(fm)
    heads, figures, paras = [], [], []
    for k in ("kicker", "headline"):
        if meta.get(k):
            heads.append(str(meta[k]))
    deck = meta.get("deck") or []
    heads += deck if isinstance(deck, list) else [deck]
    if meta.get("byline"):
        heads.append(meta["byline"])
    for block in re.split(r"\n\s*\n", body.strip()):
        block = block.strip()
        m = IMAGE.match(block)
        if m:
            figures += [m.group("cap")] + ([m.group("credit")] if m.group("credit") else [])
            continue
        block = re.sub(r"^#+\s*", "", block)
        block = block.replace("**", "").replace("*", "")
        paras.append(block)
    if meta.get("dateline") and paras:
        paras[0] = meta["dateline"] + paras[0]
    return heads + figures + paras


def squash(s):
    return re.sub(r"\s+", "", s)


def main():
    binary = sys.argv[1]
    ed = yaml.safe_load(open(EDITION, encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "out")
        js = os.path.join(tmp, "layout.json")
        r = subprocess.run([binary, "build", EDITION, "-o", out, "--json", js, "-q", "--dpi", "50"],
                           capture_output=True, text=True)
        check("build exits 0", r.returncode == 0, r.stderr)
        if r.returncode != 0:
            return
        pdf = os.path.join(out, "edition.pdf")
        info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
        pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
        check("page count", pages == len(ed["pages"]), "%d pages, expected %d" % (pages, len(ed["pages"])))
        check("title metadata", "高原日报" in info, info)
        fonts = subprocess.run(["pdffonts", pdf], capture_output=True, text=True).stdout.splitlines()[2:]
        not_emb = [l for l in fonts if l.split()[-5] != "yes"]
        check("every font embedded and subset", fonts and not not_emb, "\n".join(not_emb))
        for p in ed["pages"]:
            n = "%02d" % p["number"]
            check("page files %s" % n, all(os.path.getsize(os.path.join(out, "pages", n + ext)) > 1000
                                             for ext in (".pdf", ".png")))
        report = open(os.path.join(out, "report.txt"), encoding="utf-8").read()
        check("report: no overset", "Overset articles: 0 " in report and "overset by" not in report, report[:800])
        layout = json.load(open(js, encoding="utf-8"))
        srcdir = os.path.dirname(EDITION)
        paths = {}
        for p in ed["pages"]:
            for a in p.get("articles", []):
                path = os.path.join(srcdir, a["src"])
                meta = yaml.safe_load(open(path, encoding="utf-8").read().split("---", 2)[1])
                paths[meta.get("id") or os.path.splitext(os.path.basename(path))[0]] = path
        total = 0
        got, order = {}, []
        for index, page in enumerate(layout["pages"]):
            # an article's regions in order: headline block, figures, then
            # its columns; a jump continues on a later page
            for reg in page["regions"]:
                x, y, w, h = reg["pt"]
                txt = subprocess.run(["pdftotext", "-raw", "-r", "72", "-f", str(index + 1), "-l", str(index + 1),
                                      "-x", str(int(x) - 1), "-y", str(int(y) - 1), "-W", str(int(w) + 3),
                                      "-H", str(int(h) + 2), pdf, "-"], capture_output=True, text=True).stdout
                if reg["article"] not in got:
                    order.append(reg["article"])
                got[reg["article"]] = got.get(reg["article"], "") + squash(txt)
        for aid in order:
            heads = article_text(paths[aid])
            want = squash("".join(heads))
            g = got[aid]
            # a jump: 下转第N版 ends the first part; the continuation repeats
            # the headline under 上接第M版
            m = re.search(r"下转第(\d+)版", g)
            if m:
                headline = squash(yaml.safe_load(open(paths[aid], encoding="utf-8").read().split("---", 2)[1])["headline"])
                g = g.replace(m.group(0), "", 1)
                cont = re.search(r"上接第\d+版" + re.escape(headline), g)
                check("jump of %s: 下转 and 上接 with the headline repeated" % aid, cont is not None, g[:200])
                if cont:
                    g = g[:cont.start()] + g[cont.end():]
            total += len(want)
            i = next((k for k in range(min(len(g), len(want))) if g[k] != want[k]), min(len(g), len(want)))
            check("text of %s in reading order, nothing lost or repeated" % aid, g == want,
                  "differs at %d: got …%s… expected …%s…" % (i, g[max(0, i - 10):i + 20], want[max(0, i - 10):i + 20]))
        check("characters checked", total > 10000, "%d characters" % total)
        right_to_left(binary, tmp)


def right_to_left(binary, tmp):
    """A Hebrew and an Arabic name inside Chinese: drawn right to left, and
    the PDF's text of each in reading (logical) order."""
    import fitz
    art = os.path.join(tmp, "rtl.md")
    open(art, "w", encoding="utf-8").write("---\nheadline: 双语人名\n---\n据以色列专家דוד כהן介绍，"
                                           "阿拉伯学者محمد علي表示，项目已投资2026万元。\n")
    pdf = os.path.join(tmp, "rtl.pdf")
    r = subprocess.run([binary, "proof", art, "-o", pdf, "-q"], capture_output=True, text=True)
    check("proof with right-to-left names", r.returncode == 0, r.stderr)
    if r.returncode:
        return
    spans = []
    doc = fitz.open(pdf)
    for b in doc[0].get_text("rawdict")["blocks"]:
        for line in b.get("lines", []):
            for sp in line["spans"]:
                t = "".join(c["c"] for c in sp["chars"])
                if any(0x590 < ord(c) < 0x700 for c in t):
                    spans.append((t, [c["origin"][0] for c in sp["chars"]]))
    texts = [t for t, _ in spans]
    check("right-to-left names in the PDF's text in reading order", "דוד כהן" in texts and "محمد علي" in texts,
          repr(texts))
    check("and drawn right to left", all(xs == sorted(xs, reverse=True) for _, xs in spans), repr(spans))


if __name__ == "__main__":
    main()
    print("%d passed, %d failed" % (results.count(True), results.count(False)))
    sys.exit(0 if all(results) else 1)
