#!/usr/bin/python3
"""Links and named destinations of the demo's PDFs, as a reader of the
site's page PDFs follows them:

  * MuPDF loads every link of edition.pdf and of every pages/NN.pdf
    without a warning (no "undefined link destination");
  * a jump line in a page PDF whose target is on another page links to
    that page's PDF beside it (NN.pdf#nameddest=NAME), which exists and
    has that destination; within one file, to a destination it has;
  * every named destination (an article's id, a jump's `ID-cont`) points
    at its article on its page — inside one of the article's regions in
    edition.json — not at the page's top; the edition PDF and the page
    PDFs agree on them.

    web_links.py PAIBAN_BINARY
"""
import json
import os
import re
import subprocess
import sys
import tempfile

import fitz

results = []
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def check(name, ok, detail=""):
    results.append(bool(ok))
    print("%s %s%s" % ("ok  " if ok else "FAIL", name, "" if ok else "\n  " + str(detail)[:2000]))


def named_dests(doc):
    """{name: (page index, x, y from the top)} of a PDF's name tree."""
    kind, names = doc.xref_get_key(doc.pdf_catalog(), "Names/Dests/Names")
    page_of = {doc[i].xref: i for i in range(len(doc))}
    out = {}
    for name, xref, x, y in re.findall(r"\(([^)]*)\)\s*\[\s*(\d+) 0 R\s*/XYZ ([\d.]+) ([\d.]+)", names):
        i = page_of.get(int(xref))
        if i is not None:
            out[name] = (i, float(x), doc[i].rect.height - float(y))
    return out


def main():
    binary = sys.argv[1]
    with tempfile.TemporaryDirectory() as out:
        r = subprocess.run([binary, "build", os.path.join(ROOT, "examples", "edition.yaml"), "-o", out, "-q"],
                           capture_output=True, text=True)
        check("build", r.returncode == 0, r.stderr)
        ed = json.load(open(os.path.join(out, "edition.json"), encoding="utf-8"))
        regions = {}
        for a in ed["articles"]:
            for g in a["regions"]:
                regions.setdefault((a["id"], g["page"]), []).append(g["pt"])
        numbers = [p["number"] for p in ed["pages"]]
        edition = fitz.open(os.path.join(out, "edition.pdf"))
        whole = named_dests(edition)
        check("edition.pdf names a destination per article (%d)" % len(whole),
              all(a["id"] in whole for a in ed["articles"]), sorted(whole))
        jumps = 0
        for name, (i, x, y) in sorted(whole.items()):
            aid = name[:-5] if name.endswith("-cont") else name
            inside = any(rx - 1 <= x <= rx + rw + 1 and ry - 1 <= y <= ry + rh + 1
                         for rx, ry, rw, rh in regions.get((aid, numbers[i]), []))
            check("destination %s on page %d at its article (%.0f, %.0f), not the page top" % (name, numbers[i], x, y),
                  inside, regions.get((aid, numbers[i])))
        files = [("edition.pdf", None)] + [(p["pdf"], p["number"]) for p in ed["pages"]]
        for path, number in files:
            fitz.TOOLS.mupdf_warnings()  # clear
            doc = fitz.open(os.path.join(out, path))
            own = named_dests(doc)
            links = [l for page in doc for l in page.get_links()]
            warnings = fitz.TOOLS.mupdf_warnings()
            check("%s: MuPDF loads its %d links without a warning" % (path, len(links)), not warnings, warnings)
            for l in links:
                if l["kind"] == fitz.LINK_GOTO:
                    continue  # resolved within the file (MuPDF warns otherwise)
                if l["kind"] == fitz.LINK_NAMED:
                    check("%s: link to %s, a destination it has" % (path, l.get("name")), l.get("name") in own)
                    continue
                target = l.get("file") or l.get("uri") or ""
                m = re.fullmatch(r"(\d\d)\.pdf#nameddest=([A-Za-z0-9._-]+)", target)
                ok = bool(m) and number is not None
                if ok:
                    jumps += 1
                    sib = os.path.join(out, "pages", m.group(1) + ".pdf")
                    ok = os.path.exists(sib) and m.group(2) in named_dests(fitz.open(sib))
                    ok = ok and int(m.group(1)) != number
                check("%s: link %s to the page PDF beside it that holds the destination" % (path, target), ok)
            if number is not None:
                i = numbers.index(number)
                mine = {k: v for k, v in whole.items() if v[0] == i}
                check("%s: its destinations those of page %d in edition.pdf, at the same places" % (path, number),
                      sorted(own) == sorted(mine) and all(abs(own[k][1] - mine[k][1]) < 0.01 and
                                                          abs(own[k][2] - mine[k][2]) < 0.01 for k in own),
                      (own, mine))
        check("the jump lines of the page PDFs link across files (%d)" % jumps, jumps >= 2)
    print("%d of %d checks passed" % (sum(results), len(results)))
    sys.exit(0 if all(results) else 1)


if __name__ == "__main__":
    main()
