#!/usr/bin/python3
"""ALTO 4.4 per page (pages/NN.alto.xml) and METS for the edition
(edition.mets.xml), as an archive or the site's search would use them:

  * every page's file valid against ../shared/schemas/alto-4-4.xsd
    (xmllint), on the demo and on an edition whose article ids start with
    a digit and hold '.' and '-' (ALTO IDs are NCNames) and where English
    is hyphenated (the hyphen a HYP, the word whole in the text);
  * nothing lost: each article's text in edition.json is found, in order,
    in the Strings of the blocks tagged with it, page after page;
  * positions true: every ideograph or kana the page PDF draws (PyMuPDF)
    stands, in PDF points, inside the one String box that holds it, and
    the Strings hold as many as the PDF draws;
  * every block and photo of an article carries its tag; a block's IDNEXT
    names a block of the same article; one Illustration per picture;
  * METS valid against ../shared/schemas/mets.xsd; every file it names
    exists; a page div per page in order, pointing at its PDF, PNG, WebP
    and ALTO; an article div per article of edition.json whose areas
    name, in order and page after page (a jump included), exactly the
    ALTO elements tagged with it.

    check_archive.py PAIBAN_BINARY
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

import fitz

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCHEMAS = os.path.join(os.path.dirname(ROOT), "shared", "schemas")
NS = {"a": "http://www.loc.gov/standards/alto/ns-v4#", "m": "http://www.loc.gov/METS/",
      "x": "http://www.w3.org/1999/xlink"}
UNIT = 72.0 / 1200.0  # inch1200 → pt
results = []


def check(name, ok, detail=""):
    results.append(bool(ok))
    print("%s %s%s" % ("ok  " if ok else "FAIL", name, "" if ok else "\n  " + str(detail)[:2000]))


def squeeze(s):
    return re.sub(r"\s+", "", s)


def validate(path, schema="alto-4-4.xsd"):
    r = subprocess.run(["xmllint", "--noout", "--schema", os.path.join(SCHEMAS, schema), path],
                       capture_output=True, text=True)
    return r.returncode == 0, r.stderr[-1500:]


def is_ideo(c):
    """Ideographs and kana: their em boxes tile the line, so where the PDF
    draws one is where its String must be (marks are drawn within or
    beyond their advance, compressed, and are not located one by one)."""
    o = ord(c)
    return 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0x3041 <= o <= 0x30FA or 0xF900 <= o <= 0xFAFF


def pdf_ideographs(pdf_path):
    """(char, x centre, y centre or None) of every ideograph or kana the
    page draws (None: PyMuPDF gives the glyph no box)."""
    doc = fitz.open(pdf_path)
    out = []
    for b in doc[0].get_text("rawdict", flags=0)["blocks"]:
        for line in b.get("lines", []):
            for span in line["spans"]:
                for ch in span["chars"]:
                    if not is_ideo(ch["c"]):
                        continue
                    x0, y0, x1, y1 = ch["bbox"]
                    sane = x1 > x0 and y1 > y0 and abs(x0) < 1e5
                    out.append((ch["c"], (x0 + x1) / 2, (y0 + y1) / 2) if sane else (ch["c"], None, None))
    return out


def check_edition(binary, edition, out, label, positions):
    r = subprocess.run([binary, "build", edition, "-o", out, "-q"], capture_output=True, text=True)
    check("%s: build" % label, r.returncode == 0, r.stderr)
    if r.returncode:
        return
    ed = json.load(open(os.path.join(out, "edition.json"), encoding="utf-8"))
    ids = {a["id"] for a in ed["articles"]}
    text_of = {a["id"]: "" for a in ed["articles"]}
    tagged = {a["id"]: [] for a in ed["articles"]}  # (page, ALTO ID) in reading order
    for p in ed["pages"]:
        n = p["number"]
        path = os.path.join(out, "pages", "%02d.alto.xml" % n)
        if not os.path.exists(path):
            check("%s: page %d has %s" % (label, n, os.path.basename(path)), False)
            continue
        ok, err = validate(path)
        check("%s: page %d ALTO valid against ALTO 4.4" % (label, n), ok, err)
        root = ET.parse(path).getroot()
        check("%s: page %d unit inch1200" % (label, n),
              root.find("a:Description/a:MeasurementUnit", NS).text == "inch1200")
        tags = {t.get("ID"): t.get("LABEL") for t in root.iterfind("a:Tags/a:StructureTag", NS)}
        heads = {a["id"]: a["headline"] for a in ed["articles"]}
        check("%s: page %d tags carry the headlines as written" % (label, n),
              all(t.get("DESCRIPTION") == heads.get(t.get("LABEL")) for t in root.iterfind("a:Tags/a:StructureTag", NS)))
        check("%s: page %d tags name the page's articles" % (label, n),
              sorted(tags.values()) == sorted(p["articles"]), (sorted(tags.values()), p["articles"]))
        page = root.find("a:Layout/a:Page", NS)
        pw, ph = float(page.get("WIDTH")) * UNIT, float(page.get("HEIGHT")) * UNIT
        check("%s: page %d size %g × %g pt" % (label, n, pw, ph),
              abs(pw - p["width_pt"]) < 0.2 and abs(ph - p["height_pt"]) < 0.2, (pw, ph))
        blocks = {b.get("ID"): b for b in page.iter("{%s}TextBlock" % NS["a"])}
        bad_next = [b.get("ID") for b in blocks.values()
                    if b.get("IDNEXT") and blocks.get(b.get("IDNEXT"), b).get("TAGREFS") != b.get("TAGREFS")]
        check("%s: page %d IDNEXT stays in its article" % (label, n), not bad_next, bad_next)
        for ref in root.iter("{%s}ElementRef" % NS["a"]):
            b = blocks.get(ref.get("REF"))
            if b is not None and b.get("TAGREFS") in tags:
                tagged[tags[b.get("TAGREFS")]].append((n, b.get("ID")))
        for i in page.iter("{%s}Illustration" % NS["a"]):
            if i.get("TAGREFS") in tags:
                tagged[tags[i.get("TAGREFS")]].append((n, i.get("ID")))
        strings = []
        for b in blocks.values():
            tag = b.get("TAGREFS")
            if tag:
                check("%s: block %s tag known" % (label, b.get("ID")), tag in tags and tags[tag] in ids, tag)
            for s in b.iter("{%s}String" % NS["a"]):
                strings.append(s)
                if tag in tags:
                    text_of[tags[tag]] += s.get("CONTENT")
        pictures = sum(1 for a in ed["articles"] for f in a["figures"] if f["page"] == n)
        ills = list(page.iter("{%s}Illustration" % NS["a"]))
        photos = [i for i in ills if i.get("TYPE") == "photo"]
        check("%s: page %d one Illustration per photo (%d)" % (label, n, pictures), len(photos) == pictures,
              len(photos))
        check("%s: page %d photos tagged" % (label, n), all(i.get("TAGREFS") in tags for i in photos))
        if not positions:
            continue
        # every ideograph the PDF draws stands in a String that holds it,
        # and the Strings hold as many as the PDF draws
        drawn = pdf_ideographs(os.path.join(out, p["pdf"]))
        boxes = []
        for s in strings:
            x, y = float(s.get("HPOS")) * UNIT, float(s.get("VPOS")) * UNIT
            boxes.append((x, y, x + float(s.get("WIDTH")) * UNIT, y + float(s.get("HEIGHT")) * UNIT, s.get("CONTENT")))
        rows = {}
        for b in boxes:
            for k in range(int(b[1] // 8), int(b[3] // 8) + 1):
                rows.setdefault(k, []).append(b)
        # (counted in pdftotext's text: PyMuPDF does not see the masthead)
        in_alto = sum(1 for b in boxes for c in b[4] if is_ideo(c))
        text = subprocess.run(["pdftotext", os.path.join(out, p["pdf"]), "-"], capture_output=True,
                              text=True).stdout
        in_pdf = sum(1 for c in text if is_ideo(c))
        check("%s: page %d: %d ideographs and kana in the Strings, %d in the PDF's text" % (label, n, in_alto, in_pdf),
              in_alto == in_pdf)
        wrong = []
        for c, cx, cy in drawn:
            if cx is None:
                continue
            hits = [b for b in rows.get(int(cy // 8), []) if b[0] <= cx <= b[2] and b[1] <= cy <= b[3]]
            if len(hits) != 1 or c not in hits[0][4]:
                wrong.append((c, round(cx, 1), round(cy, 1), [h[4] for h in hits]))
        check("%s: page %d: each ideograph drawn inside the one String that holds it (%d Strings)"
              % (label, n, len(strings)), not wrong, wrong[:8])
    check_mets(ed, out, label, tagged)
    for a in ed["articles"]:
        have = squeeze(text_of[a["id"]])
        at, lost = 0, []
        for para in a["paragraphs"]:
            want = squeeze(para["text"])
            k = have.find(want, at)
            if k < 0:
                lost.append(want[:40])
            else:
                at = k + len(want)
        check("%s: article %s: every paragraph in its ALTO blocks, in order" % (label, a["id"]), not lost, lost)


def check_mets(ed, out, label, tagged):
    path = os.path.join(out, "edition.mets.xml")
    ok, err = validate(path, "mets.xsd")
    check("%s: edition.mets.xml valid against METS" % label, ok, err)
    if not ok:
        return
    root = ET.parse(path).getroot()
    files = {}
    for f in root.iter("{%s}file" % NS["m"]):
        href = f.find("m:FLocat", NS).get("{%s}href" % NS["x"])
        files[f.get("ID")] = href
    missing = [h for h in files.values() if not os.path.isfile(os.path.join(out, h))]
    check("%s: METS names %d files, all there" % (label, len(files)), files and not missing, missing)
    maps = {m.get("TYPE"): m for m in root.iterfind("m:structMap", NS)}
    pages = [d for d in maps["PHYSICAL"].iter("{%s}div" % NS["m"]) if d.get("TYPE") == "page"]
    check("%s: METS pages in order" % label, [int(d.get("ORDER")) for d in pages] == [p["number"] for p in ed["pages"]])
    for d, p in zip(pages, ed["pages"]):
        want = {p["pdf"], p["image"]["file"], p["webp"]["file"], "pages/%02d.alto.xml" % p["number"]}
        got = {files.get(f.get("FILEID")) for f in d.iterfind("m:fptr", NS)}
        check("%s: METS page %d points at its PDF, PNG, WebP and ALTO" % (label, p["number"]), got == want, got)
    arts = {d.get("ID"): d for d in maps["LOGICAL"].iter("{%s}div" % NS["m"]) if d.get("TYPE") == "article"}
    alto_page = {fid: int(re.search(r"(\d+)\.alto\.xml$", h).group(1)) for fid, h in files.items()
                 if h.endswith(".alto.xml")}
    for a in ed["articles"]:
        d = arts.get("art_" + a["id"])
        if d is None:
            check("%s: METS article %s" % (label, a["id"]), False)
            continue
        check("%s: METS article %s labelled with its headline" % (label, a["id"]), d.get("LABEL") == a["headline"],
              d.get("LABEL"))
        areas = [(alto_page.get(x.get("FILEID")), x.get("BEGIN")) for x in d.iter("{%s}area" % NS["m"])]
        check("%s: METS article %s: its %d ALTO elements in reading order%s" % (
            label, a["id"], len(areas), " across pages %s" % a["pages"] if len(a["pages"]) > 1 else ""),
            areas == tagged[a["id"]], (areas[:5], tagged[a["id"]][:5]))


def main():
    binary = sys.argv[1]
    with tempfile.TemporaryDirectory() as tmp:
        check_edition(binary, os.path.join(ROOT, "examples", "edition.yaml"), os.path.join(tmp, "demo"), "demo", True)
        # ids that are not XML names as they stand
        ed_dir = os.path.join(tmp, "ids")
        shutil.copytree(os.path.join(ROOT, "examples"), ed_dir)
        for name, new in (("weather.md", "2026.weather-1"), ("briefs.md", "9-briefs")):
            path = os.path.join(ed_dir, "articles", name)
            src = open(path, encoding="utf-8").read()
            assert src.startswith("---\n")
            src = re.sub(r"^id:.*\n", "", src, flags=re.M)
            # markup in the copy is text in ALTO's attributes and METS's MODS
            src = re.sub(r"^headline: (.*)$", lambda m: 'headline: "<b>&amp; \\"%s\\" ]]>"' % m.group(1), src,
                         count=1, flags=re.M)
            open(path, "w", encoding="utf-8").write("---\nid: %s\n%s" % (new, src[4:]))
        # English hyphenated in a narrow column: the hyphen is the line's
        # HYP, and the word's parts join into the copy
        shutil.copy(os.path.join(ROOT, "tests", "typography", "kinds", "latin-hyphenation", "article.md"),
                    os.path.join(ed_dir, "articles", "railway.md"))
        check_edition(binary, os.path.join(ed_dir, "edition.yaml"), os.path.join(tmp, "ids-out"), "odd ids", False)
        ed = json.load(open(os.path.join(tmp, "ids-out", "edition.json"), encoding="utf-8"))
        check("a headline with markup characters reached the exports",
              any("<b>&amp;" in a["headline"] for a in ed["articles"]), [a["headline"] for a in ed["articles"]][:6])
        hyp = sum(open(os.path.join(tmp, "ids-out", "pages", f), encoding="utf-8").read().count("<HYP ")
                  for f in os.listdir(os.path.join(tmp, "ids-out", "pages")) if f.endswith(".alto.xml"))
        check("hyphenated English: %d HYP elements" % hyp, hyp >= 1)
    print("%d of %d checks passed" % (sum(results), len(results)))
    sys.exit(0 if all(results) else 1)


if __name__ == "__main__":
    main()
