#!/usr/bin/python3
"""The digital edition of the demo: edition.json valid against
docs/edition.schema.json; every file it names exists with the size it
says (PNG, WebP, thumbnails, figure photos); every article region inside
its page; per-page image maps with one area per region, linking to the
article; articles' text equal to the copy; each article's ninjs 3.1
file (articles/ID.json) valid against IPTC's schema, formats checked, and
saying what edition.json says (language, headlines, byline, editor, body
text, photos).  On a small edition of its own: blank front-matter fields
(kicker, deck lines, byline, editor, dateline) absent from edition.json,
the ninjs and the article page; an article's photos numbered 1, 2 … in
copy order (a photo after the 2nd paragraph is ID-1) in images/, edition.json,
the ninjs uri and name, the article page, METS and ALTO.

    check_edition.py PAIBAN_BINARY
"""
import html.parser
import json
import os
import re
import struct
import subprocess
import sys
import tempfile
import urllib.parse

import jsonschema
import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# IPTC's ninjs 3.1 schema (CC BY 4.0), from the schemas beside the project
NINJS_SCHEMA = os.path.join(os.path.dirname(ROOT), "shared", "schemas", "ninjs-schema_3.1.json")
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


def jpeg_size(path):
    """(width, height) from the first SOF marker of a JPEG file."""
    with open(path, "rb") as f:
        d = f.read()
    i = 2
    while i + 9 < len(d) and d[i] == 0xFF:
        marker, length = d[i + 1], struct.unpack(">H", d[i + 2:i + 4])[0]
        if marker in (0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF):
            h, w = struct.unpack(">HH", d[i + 5:i + 9])
            return w, h
        i += 2 + length
    return None


# RFC 3339 date-time (the "date-time" format), for when jsonschema's own
# checker is missing (it needs the rfc3339-validator module)
RFC3339 = re.compile(r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?"
                     r"(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$", re.I)


def format_checker():
    """Draft 2020-12's format checker, sure to check date-time and uri."""
    fc = jsonschema.FormatChecker(formats=list(jsonschema.Draft202012Validator.FORMAT_CHECKER.checkers))
    if "date-time" not in fc.checkers:
        fc.checks("date-time")(lambda v: not isinstance(v, str) or bool(RFC3339.match(v)))
    if "uri" not in fc.checkers:
        fc.checks("uri")(lambda v: not isinstance(v, str) or bool(re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$", v)))
    return fc


class BlockText(html.parser.HTMLParser):
    """The blocks (<p>, <h2>) of an HTML fragment, each with its text and
    tag; text outside any block is kept apart (it must be white)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks, self.outside, self.depth = [], "", 0

    def handle_starttag(self, tag, attrs):
        if self.depth == 0:
            self.blocks.append([tag, ""])
        self.depth += 1

    def handle_endtag(self, tag):
        self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.blocks[-1][1] += data
        else:
            self.outside += data


def check_ninjs(out, a, src, ed, schema, fc):
    """articles/ID.json of article a (edition.json's), src its front matter."""
    path = os.path.join(out, "articles", a["id"] + ".json")
    if not os.path.exists(path):
        check("%s: ninjs file articles/%s.json" % (a["id"], a["id"]), False, "missing")
        return None
    n = json.load(open(path, encoding="utf-8"))
    try:
        jsonschema.Draft202012Validator(schema).validate(n)
        check("%s: ninjs valid against the ninjs 3.1 schema" % a["id"], True)
    except jsonschema.ValidationError as e:
        check("%s: ninjs valid against the ninjs 3.1 schema" % a["id"], False, e)
    # formats too: a photo's href is a relative reference (the folder's
    # address is not known), checked as the URI it is at a site
    site = "https://paiban.invalid/edition/articles/%s.json" % a["id"]
    resolved = json.loads(json.dumps(n))
    for assoc in resolved.get("associations", []):
        for r in assoc.get("renditions", []):
            r["href"] = urllib.parse.urljoin(site, r["href"])
    try:
        jsonschema.Draft202012Validator(schema, format_checker=fc).validate(resolved)
        check("%s: ninjs formats (uri, date-time) valid" % a["id"], True)
    except jsonschema.ValidationError as e:
        check("%s: ninjs formats (uri, date-time) valid" % a["id"], False, e)
    check("%s: ninjs type text, language %s" % (a["id"], a["lang"]),
          n.get("type") == "text" and n.get("language") == a["lang"], (n.get("type"), n.get("language")))
    check("%s: ninjs dates from the edition's" % a["id"],
          all(n.get(k, "").startswith(ed["date"] + "T") for k in ("firstCreated", "versionCreated")),
          (n.get("firstCreated"), n.get("versionCreated")))
    heads = n.get("headlines", [])
    want = [("main", a["headline"])] + ([("kicker", a["kicker"])] if a["kicker"] else []) + \
        [("subhead", d) for d in a["deck"]]
    check("%s: ninjs headline, kicker and deck" % a["id"], [(h.get("role"), h.get("value")) for h in heads] == want,
          heads)
    check("%s: ninjs by is the byline" % a["id"], n.get("by") == a["byline"], (n.get("by"), a["byline"]))
    editors = [s.get("name") for s in n.get("infoSources", []) if s.get("role") == "editor"]
    check("%s: ninjs editor (%s)" % (a["id"], a.get("editor")), editors == ([a.get("editor")] if a.get("editor") else []),
          editors)
    check("%s: edition.json's editor is the front matter's" % a["id"], src and a.get("editor") == src.get("editor"),
          (a.get("editor"), src and src.get("editor")))
    bodies = n.get("bodies", [])
    body = bodies[0] if bodies else {}
    check("%s: ninjs body main, text/html" % a["id"],
          len(bodies) == 1 and body.get("role") == "main" and body.get("contentType") == "text/html", bodies)
    p = BlockText()
    p.feed(body.get("value", ""))
    p.close()
    want = [("h2" if q["type"] == "subheading" else "p", q["text"]) for q in a["paragraphs"]]
    got = [tuple(b) for b in p.blocks]
    check("%s: ninjs body: every paragraph and subheading, nothing lost" % a["id"],
          got == want and "".join(t for _, t in got) == "".join(q["text"] for q in a["paragraphs"])
          and not p.outside.strip(), [(g, w) for g, w in zip(got, want) if g != w][:3] or (len(got), len(want)))
    check("%s: ninjs charCount" % a["id"],
          body.get("charCount") == sum(len(q["text"]) for q in a["paragraphs"]), body.get("charCount"))
    assoc = n.get("associations", [])
    for f in a["figures"]:
        found = None
        for s in assoc:
            for r in s.get("renditions", []):
                href = r.get("href", "")
                target = os.path.normpath(os.path.join(out, "articles", urllib.parse.unquote(href)))
                if not urllib.parse.urlsplit(href).scheme and target == os.path.normpath(os.path.join(out, f["image"])):
                    found = (s, r, target)
        ok = found and os.path.exists(found[2]) and found[0].get("type") == "picture" and \
            found[1].get("contentType") == "image/jpeg" and \
            (found[1].get("width"), found[1].get("height")) == jpeg_size(found[2])
        check("%s: ninjs association for %s (an existing file, its size)" % (a["id"], f["image"]), ok,
              found and (found[1], jpeg_size(found[2])))
        captions = [d.get("value") for d in (found[0].get("descriptions", []) if found else [])
                    if d.get("role") == "caption"]
        check("%s: ninjs caption and credit of %s" % (a["id"], f["image"]),
              found and captions == ([f["caption"]] if f["caption"] else []) and
              found[0].get("by") == (f["credit"] or None),
              found and (captions, found[0].get("by")))
    check("%s: one association for each figure" % a["id"], len(assoc) == len(a["figures"]),
          (len(assoc), len(a["figures"])))
    return n


SMALL_EDITION = """paper: 小报
date: 2026-11-26
layout: %s
pages:
  - number: 1
    articles:
      - {src: blank.md, at: {col: 1, row: 1, cols: 1, rows: 20}}
      - {src: photo.md, at: {col: 2, row: 1, cols: 1, rows: 20}}
  - number: 2
    articles:
      - {src: photos2.md, at: {col: 1, row: 1, cols: 2, rows: 24}}
"""
SMALL_ARTICLES = {
    # every optional text field blank: spaces, an ideographic space, a
    # no-break space, a zero-width space
    "blank.md": '---\nheadline: 空白字段\nkicker: "  "\ndeck: ["\u3000", " "]\nbyline: " "\n'
                'editor: "\u200b"\ndateline: "\u00a0"\n---\n正文第一段。\n\n正文第二段。\n',
    # its only photo stands after its second paragraph
    "photo.md": '---\nheadline: 一张照片\nkicker: "\u3000"\ndeck: "  "\n---\n第一段。\n\n第二段。\n\n'
                '![图说一](%s "本报记者 摄")\n\n第三段。\n',
    "photos2.md": '---\nheadline: 两张照片\n---\n第一段。\n\n![图说甲](%s)\n\n第二段。\n\n第三段。\n\n'
                  '![图说乙](%s)\n\n第四段。\n',
}


def check_small(binary, tmp):
    """Blank front-matter fields are absent everywhere; an article's photos
    are numbered 1, 2 … in copy order in every file that names them."""
    src = os.path.join(tmp, "small")
    os.makedirs(src)
    photo = os.path.join(ROOT, "tests", "data", "portrait.jpg")
    open(os.path.join(src, "edition.yaml"), "w", encoding="utf-8").write(
        SMALL_EDITION % os.path.join(ROOT, "tests", "layout", "test.yaml"))
    for name, text in SMALL_ARTICLES.items():
        open(os.path.join(src, name), "w", encoding="utf-8").write(text.replace("%s", photo))
    out = os.path.join(tmp, "small-out")
    r = subprocess.run([binary, "build", os.path.join(src, "edition.yaml"), "-o", out, "-q"],
                       capture_output=True, text=True)
    check("small edition: build", r.returncode == 0, r.stderr)
    if r.returncode != 0:
        return
    ed = json.load(open(os.path.join(out, "edition.json"), encoding="utf-8"))
    arts = {a["id"]: a for a in ed["articles"]}
    ninjs = {i: json.load(open(os.path.join(out, "articles", i + ".json"), encoding="utf-8")) for i in arts}
    pages = {i: open(os.path.join(out, "articles", i + ".html"), encoding="utf-8").read() for i in arts}
    # blank kicker, deck lines, byline, editor, dateline: absent
    for i in ("blank", "photo"):
        a = arts[i]
        check("%s: blank kicker, deck, byline, editor, dateline null or empty in edition.json" % i,
              all(a.get(k) is None for k in ("kicker", "byline", "editor", "dateline")) and a.get("deck") == [],
              {k: a.get(k) for k in ("kicker", "deck", "byline", "editor", "dateline")})
        n = ninjs[i]
        check("%s: ninjs headlines only the main one, no by, no editor" % i,
              [h.get("role") for h in n.get("headlines", [])] == ["main"] and "by" not in n
              and "infoSources" not in n, (n.get("headlines"), n.get("by"), n.get("infoSources")))
        check("%s: its page has no kicker, deck, byline, editor or author" % i,
              not re.search(r'class="(kicker|deck|byline|editor)"|name="author"', pages[i]),
              re.findall(r'<[^>]*class="(?:kicker|deck|byline|editor)"[^>]*>[^<]*', pages[i]))
    first = next(p for p in arts["blank"]["paragraphs"] if p["type"] != "subheading")
    check("blank: no dateline opens its first paragraph", first["text"].startswith("正文第一段"), first["text"])
    # photos: numbered in copy order, in every file
    want = {"photo": ["photo-1.jpg"], "photos2": ["photos2-1.jpg", "photos2-2.jpg"]}
    check("images/: photo-1.jpg for the photo after the 2nd paragraph, photos2-1 and -2",
          sorted(os.listdir(os.path.join(out, "images"))) == sorted(sum(want.values(), [])),
          sorted(os.listdir(os.path.join(out, "images"))))
    mets = open(os.path.join(out, "edition.mets.xml"), encoding="utf-8").read()
    alto = "".join(open(os.path.join(out, "pages", f), encoding="utf-8").read()
                   for f in sorted(os.listdir(os.path.join(out, "pages"))) if f.endswith(".alto.xml"))
    for i, files in want.items():
        n = ninjs[i]
        nums = [f[len(i) + 1:-4] for f in files]
        check("%s: edition.json figures %s" % (i, files),
              sorted(f["image"] for f in arts[i]["figures"]) == ["images/" + f for f in files], arts[i]["figures"])
        assoc = sorted(n.get("associations", []), key=lambda a: a.get("name"))
        check("%s: ninjs photos uri …:photo:N and name photo-N, N = %s" % (i, nums),
              [a.get("uri") for a in assoc] == [n["uri"] + ":photo:" + k for k in nums] and
              [a.get("name") for a in assoc] == ["photo-" + k for k in nums] and
              [a["renditions"][0]["href"] for a in assoc] == ["../images/" + f for f in files],
              [(a.get("uri"), a.get("name"), a["renditions"][0]["href"]) for a in assoc])
        check("%s: its page shows %s" % (i, files),
              sorted(re.findall(r'<img[^>]* src="\.\./images/([^"]+)"', pages[i])) == files,
              re.findall(r'<img[^>]*>', pages[i]))
        check("%s: METS figure files figure_%s_N for %s" % (i, i, files),
              all('ID="figure_%s_%s"' % (i, k) in mets and 'images/%s"' % f in mets for k, f in zip(nums, files)))
        check("%s: ALTO illustrations reference %s" % (i, files),
              all('FILEID="../images/%s"' % f in alto for f in files))


def main():
    binary = sys.argv[1]
    with tempfile.TemporaryDirectory() as tmp:
        check_small(binary, tmp)
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
        data, fold = js.split(";\nwindow.PAIBAN_SEARCH_FOLD = ")
        check("edition.js carries the same data", json.loads(data[data.index("=") + 1:]) == ed)
        fold = json.loads(fold.rstrip().rstrip(";"))
        check("edition.js: the search's Simplified/Traditional table for the edition's characters (態 → 态), "
              "one ideograph to one, no identity", fold.get("態") == "态" and fold and
              all(len(k) == 1 and len(v) == 1 and k != v for k, v in fold.items()), list(fold.items())[:20])
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
        ninjs_schema = json.load(open(NINJS_SCHEMA, encoding="utf-8"))
        fc = format_checker()
        uris = []
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
            n = check_ninjs(out, a, src, ed, ninjs_schema, fc)
            if n:
                uris.append(n.get("uri"))
        check("ninjs: one uri for each article, urn:paiban:PAPER:DATE:ID",
              len(set(uris)) == len(ed["articles"]) and all(
                  u == "urn:paiban:%s:%s:%s" % (urllib.parse.quote(ed["paper"], safe=""), ed["date"], a["id"])
                  for u, a in zip(uris, ed["articles"])), uris[:3])
        check("ninjs: an article of the demo has its editor", any(a.get("editor") for a in ed["articles"]))
        want = {a["id"] + ext for a in ed["articles"] for ext in (".json", ".html")} | {"articles.css"}
        extra = set(os.listdir(os.path.join(out, "articles"))) ^ want \
            if os.path.isdir(os.path.join(out, "articles")) else {"(no articles folder)"}
        check("articles/: ID.json and ID.html for each article, articles.css, nothing else", not extra, extra)
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
