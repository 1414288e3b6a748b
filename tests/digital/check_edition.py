#!/usr/bin/python3
"""The digital edition of the demo: edition.json valid against
docs/edition.schema.json; every file it names exists with the size it
says (PNG, WebP, thumbnails, figure photos); every article region inside
its page; per-page image maps with one area per region, linking to the
article; articles' text equal to the copy.

    check_edition.py PAIBAN_BINARY
"""
import json
import os
import struct
import subprocess
import sys
import tempfile

import jsonschema
import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
results = []


def check(name, ok, detail=""):
    results.append(bool(ok))
    print("%s %s%s" % ("ok  " if ok else "FAIL", name, "" if ok else "\n  " + str(detail)[:2000]))


def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    return struct.unpack(">II", head[16:24])


def webp_size(path):
    with open(path, "rb") as f:
        d = f.read(30)
    if d[12:16] == b"VP8 ":
        w, h = struct.unpack("<HH", d[26:30])
        return w & 0x3FFF, h & 0x3FFF
    if d[12:16] == b"VP8X":
        return int.from_bytes(d[24:27], "little") + 1, int.from_bytes(d[27:30], "little") + 1
    if d[12:16] == b"VP8L":
        b = int.from_bytes(d[21:25], "little")
        return (b & 0x3FFF) + 1, ((b >> 14) & 0x3FFF) + 1
    return None


def main():
    binary = sys.argv[1]
    schema = json.load(open(os.path.join(ROOT, "docs", "edition.schema.json"), encoding="utf-8"))
    with tempfile.TemporaryDirectory() as out:
        r = subprocess.run([binary, "build", os.path.join(ROOT, "examples", "edition.yaml"), "-o", out, "-q"],
                           capture_output=True, text=True)
        check("build", r.returncode == 0, r.stderr)
        ed = json.load(open(os.path.join(out, "edition.json"), encoding="utf-8"))
        try:
            jsonschema.validate(ed, schema)
            check("edition.json valid against the schema", True)
        except jsonschema.ValidationError as e:
            check("edition.json valid against the schema", False, e)
        js = open(os.path.join(out, "edition.js"), encoding="utf-8").read()
        check("edition.js carries the same data", json.loads(js[js.index("=") + 1:].rstrip().rstrip(";")) == ed)
        for f in ("index.html", "viewer.js", "viewer.css"):
            check("viewer file %s" % f, os.path.getsize(os.path.join(out, f)) > 500)
        pages = {p["number"]: p for p in ed["pages"]}
        for p in ed["pages"]:
            for key, size in (("image", png_size), ("thumbnail", png_size), ("webp", webp_size),
                              ("thumbnail_webp", webp_size)):
                path = os.path.join(out, p[key]["file"])
                ok = os.path.exists(path) and size(path) == (p[key]["width"], p[key]["height"])
                check("page %d %s %s" % (p["number"], key, p[key]["file"]), ok,
                      size(path) if os.path.exists(path) else "missing")
            check("page %d thumbnail about 300 px wide" % p["number"], 250 <= p["thumbnail"]["width"] <= 350)
            # the WebP is the screen image: the page image at most 1400 px
            # wide, in its proportions
            iw, ih, ww, wh = p["image"]["width"], p["image"]["height"], p["webp"]["width"], p["webp"]["height"]
            check("page %d WebP %d × %d: the page image (%d × %d) at most 1400 px wide" % (p["number"], ww, wh, iw, ih),
                  ww == min(iw, 1400) and abs(wh - ih * ww / iw) <= 1)
            html = open(os.path.join(out, p["image_map"]), encoding="utf-8").read()
            regions = [(a, r) for a in ed["articles"] for r in a["regions"] if r["page"] == p["number"]]
            check("page %d image map: one poly area per region" % p["number"],
                  html.count('<area shape="poly"') == len(regions) and '<map name="page-%d">' % p["number"] in html)
            for a, _ in regions:
                if 'href="../index.html#%s"' % a["id"] not in html:
                    check("page %d map links %s" % (p["number"], a["id"]), False)
        ids = set()
        for a in ed["articles"]:
            ids.add(a["id"])
            for r in a["regions"]:
                pg = pages[r["page"]]
                x, y, w, h = r["pt"]
                fx, fy, fw, fh = r["fraction"]
                ok = (x >= 0 and y >= 0 and x + w <= pg["width_pt"] + 0.01 and y + h <= pg["height_pt"] + 0.01
                      and abs(fx * pg["width_pt"] - x) < 0.05 and abs(fh * pg["height_pt"] - h) < 0.05)
                if not ok:
                    check("%s: region inside page %d, fractions agree" % (a["id"], r["page"]), False, r)
            for f in a["figures"]:
                check("%s: figure photo %s" % (a["id"], f["image"]), os.path.getsize(os.path.join(out, f["image"])) > 1000)
            # paragraphs in reading order, as in the copy
            src = None
            for pg in yaml.safe_load(open(os.path.join(ROOT, "examples", "edition.yaml"), encoding="utf-8"))["pages"]:
                for art in pg.get("articles", []):
                    path = os.path.join(ROOT, "examples", art["src"])
                    fm = yaml.safe_load(open(path, encoding="utf-8").read().split("---", 2)[1])
                    if fm.get("id", os.path.splitext(os.path.basename(path))[0]) == a["id"]:
                        src = fm
            # as the copy has it, but for spaces that normalisation drops
            # (beside a full-width mark: 冬游高原 “冷”)
            check("%s: headline and deck" % a["id"],
                  src and "".join(a["headline"].split()) == "".join(src["headline"].split()))
            check("%s: paragraphs" % a["id"], len(a["paragraphs"]) > 0 and all(p["text"] for p in a["paragraphs"]))
        listed = {os.path.join(ROOT, "examples", a["src"]) for pg in yaml.safe_load(
            open(os.path.join(ROOT, "examples", "edition.yaml"), encoding="utf-8"))["pages"] for a in pg.get("articles", [])}
        check("every article of the edition", len(ids) == len(listed), (len(ids), len(listed)))
        jumps = [a for a in ed["articles"] if a["continues_on"]]
        check("the jump is recorded", all(a["continued_from"] and len(a["pages"]) == 2 for a in jumps) and jumps,
              [(a["id"], a["continues_on"], a["continued_from"]) for a in jumps])
        print("edition.json: %d bytes, %d pages, %d articles, %d regions" % (
            os.path.getsize(os.path.join(out, "edition.json")), len(ed["pages"]), len(ed["articles"]),
            sum(len(a["regions"]) for a in ed["articles"])))


if __name__ == "__main__":
    main()
    print("%d passed, %d failed" % (results.count(True), results.count(False)))
    sys.exit(0 if all(results) else 1)
