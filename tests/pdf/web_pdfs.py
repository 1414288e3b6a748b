#!/usr/bin/python3
"""The demo's PDFs as the site's readers and their assistive software
take them: links, named destinations and the tagged structure.

Links:
  * MuPDF loads every link of edition.pdf and of every pages/NN.pdf
    without a warning (no "undefined link destination");
  * a jump line in a page PDF whose target is on another page links to
    that page's PDF beside it (NN.pdf#nameddest=NAME), which exists and
    has that destination; within one file, to a destination it has;
  * every named destination (an article's id, a jump's `ID-cont`) points
    at its article's top left on its page — within 1 pt of the left edge
    and top of the article's topmost region there in edition.json (its
    headline block), not at a centred headline's first letter nor at the
    page's top; the edition PDF and the page PDFs agree on them.

Tagged PDF (ISO 32000-1 14.7–14.9), in edition.pdf and every page PDF:
  * marked (/MarkInfo /Marked true, pdfinfo "Tagged: yes"), /Lang the
    edition's language, the title shown;
  * the structure a Document of Art elements, one per article on a page;
    an Art's H1 is its headline, exactly; its photos Figures with the
    caption as /Alt, and the caption a Caption, not a heading; an article
    in another language than the edition carries its /Lang;
  * the page's furniture (the paper's name, the folio's page label) in no
    structure element;
  * nothing drawn outside marked content: every text, path, image and
    shading operator of every page's content stream lies in a structure
    element's marked content or in an /Artifact sequence (ISO 14289-1
    7.1), the sequences balanced, none opened inside a path, each closed
    in the text object it opened in or outside any; on the demo's PDFs
    and on proofs of every layout case and typography kind (Traditional,
    Japanese, emoji: cairo's /Span /ActualText inside text objects).

    web_pdfs.py PAIBAN_BINARY
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


def structure(pdf):
    """pdfinfo -struct-text as a tree of [type, text, children]."""
    r = subprocess.run(["pdfinfo", "-struct-text", pdf], capture_output=True, text=True)
    root = ["", "", []]
    stack = [(-1, root)]
    for line in r.stdout.splitlines():
        depth = (len(line) - len(line.lstrip(" "))) // 2
        body = line.strip()
        while stack[-1][0] >= depth:
            stack.pop()
        parent = stack[-1][1]
        if body.startswith('"'):
            parent[1] += body[1:-1] if body.endswith('"') else body[1:]
            continue
        node = [body.split(" ")[0], "", []]
        parent[2].append(node)
        stack.append((depth, node))
    return root, r.stderr


def text_of(node):
    return node[1] + "".join(text_of(k) for k in node[2])


def check_tags(path, ed, number):
    name = os.path.basename(path)
    info = subprocess.run(["pdfinfo", path], capture_output=True, text=True).stdout
    check("%s: Tagged: yes" % name, re.search(r"^Tagged:\s+yes", info, re.M), info)
    doc = fitz.open(path)
    cat = doc.pdf_catalog()
    check("%s: /Lang %s, the title shown" % (name, ed["lang"]),
          doc.xref_get_key(cat, "Lang") == ("string", ed["lang"]) and
          "DisplayDocTitle true" in doc.xref_get_key(cat, "ViewerPreferences")[1])
    root, err = structure(path)
    check("%s: poppler reads the structure without a warning" % name, "Warning" not in err, err[:500])
    top = root[2]
    check("%s: the structure is one Document" % name, [k[0] for k in top] == ["Document"], [k[0] for k in top])
    if not top:
        return
    arts = top[0][2]
    check("%s: the Document holds Art elements only" % name, arts and all(k[0] == "Art" for k in arts),
          sorted({k[0] for k in arts}))
    by_head = {squeeze(a["headline"]): a for a in ed["articles"]}  # a line break takes a space
    heads = [squeeze(text_of(h)) for art in arts for h in art[2] if h[0] == "H1"]
    check("%s: every H1 is an article's headline, whole (%d)" % (name, len(heads)),
          heads and all(h in by_head for h in heads), [h for h in heads if h not in by_head][:5])
    captions = {f["caption"] for a in ed["articles"] for f in a["figures"] if f["caption"]}
    caps = [text_of(c) for art in arts for c in art[2] if c[0] == "Caption"]
    check("%s: captions tagged Caption (%d), none a heading" % (name, len(caps)),
          all(any(c.startswith(squeeze(k)[:10]) or squeeze(c).startswith(squeeze(k)[:10]) for k in captions)
              for c in caps) and not any(h in captions for h in heads))
    # the figures' /Alt: their captions
    alts = []
    for x in range(1, doc.xref_length()):
        if doc.xref_get_key(x, "S") == ("name", "/Figure"):
            alts.append(doc.xref_get_key(x, "Alt"))
    figures = sum(1 for a in ed["articles"] for f in a["figures"] if number is None or f["page"] == number)
    check("%s: %d Figures, each with its caption as /Alt" % (name, figures),
          len(alts) == figures and all(k == "string" and v in captions for k, v in alts), alts[:3])
    # articles in another language
    langs = {}
    for x in range(1, doc.xref_length()):
        if doc.xref_get_key(x, "S") == ("name", "/Art"):
            langs.setdefault(doc.xref_get_key(x, "Lang")[1] if doc.xref_get_key(x, "Lang")[0] == "string"
                             else None, 0)
            langs[doc.xref_get_key(x, "Lang")[1] if doc.xref_get_key(x, "Lang")[0] == "string" else None] += 1
    other = {a["lang"] for a in ed["articles"] if a["lang"] != ed["lang"] and
             (number is None or number in a["pages"])}
    check("%s: articles in %s carry their /Lang" % (name, sorted(other) or "no other language"),
          set(k for k in langs if k) == other, langs)
    # furniture is no structure element's
    all_text = squeeze(text_of(root))
    furniture = [ed["paper"]] + ([p["label"] for p in ed["pages"] if p["number"] == number and p["number"] > 1]
                                 if number else [])
    check("%s: the furniture (%s) outside the structure" % (name, ", ".join(furniture)),
          not any(squeeze(f) in all_text for f in furniture))


CONTENT_TOKEN = re.compile(rb"""
    (?P<ws>\s+) | (?P<comment>%[^\r\n]*) |
    (?P<hex><[0-9A-Fa-f\s]*>) | (?P<dict><<|>>) | (?P<array>[\[\]]) |
    (?P<string>\() | (?P<name>/[^\s/\[\]()<>{}%]*) |
    (?P<word>[^\s/\[\]()<>{}%]+)""", re.X)
PAINT = {b"Tj", b"TJ", b"'", b'"', b"Do", b"sh", b"BI", b"S", b"s", b"f", b"F", b"f*", b"B", b"B*",
         b"b", b"b*"}


def content_operators(data):
    """The operators of a content stream in order, with the marked-content
    sequences open at each: [(operator, [tags open])]; raises ValueError
    on a stream it cannot read."""
    out, stack, operands, i = [], [], [], 0
    while i < len(data):
        m = CONTENT_TOKEN.match(data, i)
        if not m:
            raise ValueError("unreadable content at byte %d" % i)
        kind, tok, i = m.lastgroup, m.group(), m.end()
        if kind == "string":  # a literal string: balanced parentheses, escapes
            depth = 1
            while depth and i < len(data):
                c = data[i:i + 1]
                i += 2 if c == b"\\" else 1
                depth += {b"(": 1, b")": -1}.get(c, 0)
            operands.append(b"()")
        elif kind in ("name", "hex", "dict", "array"):
            operands.append(tok)
        elif kind == "word":
            if re.fullmatch(rb"[-+]?(\d+\.?\d*|\.\d+)", tok) or tok in (b"true", b"false", b"null"):
                operands.append(tok)
                continue
            if tok in (b"BDC", b"BMC"):
                stack.append(operands[0].decode() if operands else "?")
            elif tok == b"EMC":
                if not stack:
                    raise ValueError("EMC without BMC/BDC")
                stack.pop()
            out.append((tok, list(stack)))
            operands = []
            if tok == b"ID":  # inline image data, up to EI
                end = re.compile(rb"\sEI(\s|$)").search(data, i)
                if not end:
                    raise ValueError("inline image without EI")
                i = end.end()
                out.append((b"EI", list(stack)))
    if stack:
        raise ValueError("marked content left open: %s" % stack)
    return out


def check_artifacts(path):
    """Every painting operator inside marked content; /Artifact sequences
    never opened inside a text or a path object."""
    name = os.path.basename(path)
    doc = fitz.open(path)
    bare, artifacts, problems = [], 0, []
    for page in doc:
        try:
            ops = content_operators(page.read_contents())
        except ValueError as e:
            problems.append("page %d: %s" % (page.number + 1, e))
            continue
        in_text = in_path = False
        text_objects = 0
        opened = []  # for each open sequence: the text object it opened in (None: outside)
        for op, tags in ops:
            if op in (b"BDC", b"BMC"):
                if in_path:
                    problems.append("page %d: %s opened inside a path" % (page.number + 1, tags[-1]))
                opened.append(text_objects if in_text else None)
            elif op == b"EMC" and opened:
                # a sequence closes in the text object it opened in, or
                # outside any if it opened outside (ISO 32000-1 14.6)
                where = opened.pop()
                if where != (text_objects if in_text else None):
                    problems.append("page %d: a sequence opened %s closed %s" %
                                    (page.number + 1, "outside text" if where is None else "in a text object",
                                     "inside another text object" if in_text else "outside it"))
            if op == b"BMC" and tags[-1] == "/Artifact":
                artifacts += 1
            if op == b"BT":
                text_objects += 1
            in_text = (in_text or op == b"BT") and op != b"ET"
            in_path = (in_path or op in (b"m", b"re")) and op not in PAINT and op != b"n"
            if op in PAINT and not tags:
                bare.append("page %d: %s" % (page.number + 1, op.decode()))
    check("%s: content streams read, marked content balanced and outside text and paths" % name,
          not problems, problems[:5])
    check("%s: nothing drawn outside marked content (%d artifact sequences)" % (name, artifacts),
          not bare and artifacts > 0, bare[:10])


# what a proof draws outside its structure: its folio and label
PROOF_FURNITURE = set("第页頁面校样樣正刷りペジー0123456789")


def check_structure_text(path):
    """The tagged structure holds the page's text: every character the
    page shows (MuPDF's text) is in the structure's text (poppler's
    pdfinfo -struct-text) but the proof's furniture — a reader of the
    structure loses nothing (a ligature's /ActualText span once cut
    poppler's text of a paragraph short)."""
    from collections import Counter
    doc = fitz.open(path)
    spans = []
    for p in doc:
        for h in re.findall(rb"/ActualText\s*<([0-9A-Fa-f\s]*)>", p.read_contents()):
            spans.append(bytes.fromhex(h.decode()).decode("utf-16-be").lstrip("\ufeff"))
    name = os.path.basename(path)
    check("%s: no /ActualText for Latin letters (a ligature)" % name,
          not [t for t in spans if re.fullmatch(r"[A-Za-z]+", t)], spans[:10])
    if spans:
        # poppler (22.12) ends a structure element's text at the first
        # nested /ActualText span (emoji sequences, substituted marks):
        # its structure text cannot be compared there
        return
    page = Counter(squeeze("".join(p.get_text() for p in doc)))
    root, err = structure(path)
    tagged = Counter(squeeze(text_of(root)))
    missing = page - tagged
    extra = {c: n for c, n in missing.items() if c not in PROOF_FURNITURE}
    check("%s: the structure holds the page's text (%d characters; %d of furniture outside)" %
          (os.path.basename(path), sum(page.values()), sum(missing.values()) - sum(extra.values())),
          not extra and "Warning" not in err, (extra, err[:300]))


def squeeze(s):
    return re.sub(r"\s+", "", s)


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
            # the article's top left on that page: its topmost region (the
            # headline block), whatever the headline's alignment
            own = sorted(regions.get((aid, numbers[i]), []), key=lambda r: (r[1], r[0]))
            top = own[0] if own else None
            check("destination %s on page %d at its article's top left (%.1f, %.1f), within 1 pt of its first "
                  "region's" % (name, numbers[i], x, y),
                  top and abs(x - top[0]) <= 1 and abs(y - top[1]) <= 1, top)
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
        for path, number in files:
            check_tags(os.path.join(out, path), ed, number)
            check_artifacts(os.path.join(out, path))
        # proofs of every layout case and typography kind: other scripts,
        # other furniture, clusters cairo marks with /ActualText
        articles = sorted(os.path.join(ROOT, "tests", "layout", f) for f in os.listdir(
            os.path.join(ROOT, "tests", "layout")) if f.endswith(".md"))
        kinds = os.path.join(ROOT, "tests", "typography", "kinds")
        articles += sorted(os.path.join(kinds, k, "article.md") for k in os.listdir(kinds))
        for i, md in enumerate(articles):
            pdf = os.path.join(out, "proof-%d.pdf" % i)
            r = subprocess.run([binary, "proof", md, "--layout", "a4", "-o", pdf, "-q"], capture_output=True,
                               text=True)
            check("proof of %s" % os.path.relpath(md, ROOT), r.returncode == 0, r.stderr)
            if r.returncode == 0:
                check_artifacts(pdf)
                check_structure_text(pdf)
    print("%d of %d checks passed" % (sum(results), len(results)))
    sys.exit(0 if all(results) else 1)


if __name__ == "__main__":
    main()
