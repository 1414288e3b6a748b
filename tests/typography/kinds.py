#!/usr/bin/python3
"""Typography fault kinds as data (issue 12).  Each folder of
tests/typography/kinds/ holds fresh copy written for one kind
(article.md) and what the shared quality report must say of it
(expect.yaml):
  layouts         names of layouts, or a layout file beside the article
  report          figure → the most it may be
  least           figure → the least it may be
  furniture       the proof's folio and label as the report reads them
  whole           strings each set on one line
  gap_after       text → the least gap in em after it, or [least, most]
                  (from the end of its last glyph's cell)
  balanced        the least width of the shorter line of a two-line
                  headline, deck or subheading, as a share of the longer
  headline_comma  layout → comma (printed) or space (no ink where it is)
  word_space      least / most: the width in em of every space between
                  two words of a Latin run on a justified line
  p95             false: not counted in the p95 over all the copy (a
                  layout that turns a typographic resource off)
The shared cases of ../shared/cases/typography/ whose kind is fixed are
checked the same way (CASES below).  Each article is proofed alone on
each layout and read by ../shared/tools/cjkmetrics.py (--source
--front-matter --furniture; subheadings given to it as the paragraphs
they are set as); on every one, also (ALWAYS): no character lost, added
or substituted, no ideograph gap over 0.25 em, no overlapping pair, no
letter-spaced Latin word, no kinsoku fault, split or opened gap beside a
mark, no 孤字; over all of them, the p95 of the ideograph gaps.

    kinds.py PAIBAN_BINARY [CJKMETRICS]
"""
import os
import re
import subprocess
import sys
import tempfile

import fitz  # PyMuPDF
import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from shared_report import load_report  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
KINDS = os.path.join(ROOT, "tests", "typography", "kinds")
SHARED = os.path.join(os.path.dirname(ROOT), "shared")
TOOL = os.path.join(SHARED, "tools", "cjkmetrics.py")

# every shared case, with what the report must say (on both layouts, or
# per layout); kinsoku_start_other: line starts forbidden at every level
# (not small kana or ー, which jlreq's newspaper level allows)
CASES = {
    "01-paren-digit-comma": {"kinsoku_start": 0, "kinsoku_end": 0, "split_pairs": 0, "punct_pairs_full": 0},
    "02-quote-after-comma": {"kinsoku_start": 0, "kinsoku_end": 0, "spacing_max_em": 0.1},
    "03-line-end-trim": {"spacing_max_em": 0.02, "ragged_right": 0},
    "04-interpunct-names": {"interpunct_max_em": 0.5, "kinsoku_start": 0},
    "05-ellipsis-dash": {"split_pairs": 0, "kinsoku_start": 0, "kinsoku_end": 0},
    "06-consecutive-punct": {"punct_pairs_full": 0},
    "07-numbers-units": {"split_pairs": 0, "kinsoku_start": 0, "kinsoku_end": 0, "hanlatin_gap_missing": 0},
    "08-percent-spacing": {"hanlatin_gap_missing": 0, "split_pairs": 0},
    "09-latin-quotes": {"latin_fullwidth_apostrophes": 0},
    "13-ja-nakaguro": {"a4": {"kinsoku_start": 0, "kinsoku_start_small_kana": 0},
                       "broadsheet": {"kinsoku_start_other": 0}},
    "14-push-in-kinsoku": {"spacing_max_em": 0.02, "kinsoku_start": 0},
    "15-soft-break-mixed": {"mark_latin_gap_max_em": 0.05, "hanlatin_gap_missing": 0},
    "18-stretch-before-stop": {"punct_gaps_opened": 0, "punct_gap_before_max_em": 0.02},
}
# on every article (the done-when): no ideograph gap over ¼ em, no
# two kana or ideographs overlapping (cjk_overlap_em: how far the narrowest
# pair overlaps), no letter-spaced Latin word, no kinsoku fault (but the
# small kana and ー jlreq's newspaper level lets start a line), no hyphen
# opening a line after an ideograph, no split
# number, unit, range or word, no space opened beside a mark, no 孤字
ALWAYS = {"spacing_max_em": 0.25, "cjk_overlap_em": 0.01, "latin_letterspaced_words": 0, "kinsoku_end": 0,
          "orphan_char": 0, "interpunct_line_starts": 0, "hyphen_line_starts": 0, "punct_gaps_opened": 0, "split_pairs": 0,
          "kinsoku_start_other": 0}

results = []
gaps_all = []  # every ideograph gap the report measured, on every article and layout


def check(name, ok, detail=""):
    results.append(ok)
    print("%s %s%s" % ("ok  " if ok else "FAIL", name, "" if ok else "\n  " + str(detail)[:1500]))


def measure(binary, tool, article, layout, tmp, counted=True):
    pdf = os.path.join(tmp, "%s-%s.pdf" % (os.path.basename(os.path.dirname(article)), layout_name(layout)))
    if layout.endswith(".yaml"):  # a layout of the kind's own, beside its article
        layout = os.path.join(os.path.dirname(article), layout)
    r = subprocess.run([binary, "proof", article, "-o", pdf, "--layout", layout], capture_output=True, text=True)
    if r.returncode != 0:
        return None, r.stderr
    least = cjk_gap_min(pdf)
    source = article
    text = open(article, encoding="utf-8").read()
    if "\n## " in text:
        # the shared report reads Markdown headings as text: give it the
        # subheadings as the paragraphs they are set as
        source = pdf + ".md"
        with open(source, "w", encoding="utf-8") as f:
            f.write(re.sub(r"(?m)^## ", "", text))
    try:
        tool.last_gaps = []
        m = tool.analyse(pdf, source, True, True)
        m.pop("_lines", None)
        if counted:  # a layout that turns a resource off is not paiban's typography
            gaps_all.extend(tool.last_gaps)
    except Exception as e:  # the report failing is a test failure, not a crash
        return None, "the shared report failed: %r" % e
    m["cjk_overlap_em"] = round(-least, 3) if least is not None else 0
    m["mark_latin_gap_max_em"] = mark_latin_gap_max(pdf)
    m["hanlatin_min_em"] = hanlatin_min(pdf)
    m["kinsoku_start_other"] = m["kinsoku_start"] - m["kinsoku_start_small_kana"]
    # a name separator (· • ・) starting a line, whatever the text layer
    # says it is (the report knows · and ・ only)
    m["interpunct_line_starts"] = sum(1 for l in pdf_lines(pdf) if l and l[0]["c"] in "·•・‧")
    # a hyphen opening a line after an ideograph (讓|-巴蒂斯特): UAX #14
    # LB21 breaks after a hyphen, never before (an address breaks before
    # its - between Latin letters, which is not counted)
    lines = pdf_lines(pdf)
    m["hyphen_line_starts"] = sum(1 for p, l in zip(lines, lines[1:]) if p and l and l[0]["c"] in "-‐"
                                  and 0x3400 <= ord(p[-1]["c"][0]) <= 0x9FFF)
    # half-width , : ; ! ? beside a CJK character anywhere on the page
    # (headlines, decks and kickers too)
    text = "".join(pg.get_text() for pg in fitz.open(pdf))
    m["ascii_marks_beside_cjk"] = len(re.findall(r"[\u3400-\u9fff“”][,:;!?]|[,:;!?][\u3400-\u9fff“”]", text))
    # bracket pairs of mixed widths: ( closed by ） or （ by )
    stack, mixed = [], 0
    for ch in text:
        if ch in "(（":
            stack.append(ch)
        elif ch in ")）" and stack:
            mixed += (stack.pop() == "(") != (ch == ")")
    m["mixed_bracket_pairs"] = mixed
    cells = interpunct_cells(pdf)
    m["interpunct_max_em"] = round(max(cells), 3) if cells else None
    m["interpunct_min_em"] = round(min(cells), 3) if cells else None
    return m, None


def hanlatin_min(pdf):
    """The narrowest gap (em) between an ideograph and a Latin letter or
    digit next to it on one line (None: no such pair): the Han–Latin gap
    measured directly, whatever share of the document has it."""
    least = None
    for l in pdf_lines(pdf):
        for x, y in zip(l, l[1:]):
            cx, cy = x["c"][0], y["c"][0]
            han = lambda c: 0x4E00 <= ord(c) <= 0x9FFF
            latin = lambda c: c.isascii() and c.isalnum()
            if (han(cx) and latin(cy)) or (latin(cx) and han(cy)):
                em = (x if han(cx) else y)["bbox"][2] - (x if han(cx) else y)["bbox"][0]
                g = (y["bbox"][0] - x["bbox"][2]) / em if em > 0 else 0
                least = g if least is None or g < least else least
    return round(least, 3) if least is not None else None


def cjk_gap_min(pdf):
    """The narrowest gap (em, negative: an overlap) between two adjacent
    kana or ideographs of one line, from the glyphs' advances."""
    least = None
    for page in fitz.open(pdf):
        for b in page.get_text("rawdict")["blocks"]:
            for line in b.get("lines", []):
                chars = [c for s in line["spans"] for c in s["chars"]]
                for x, y in zip(chars, chars[1:]):
                    if all(0x3041 <= ord(c["c"][0]) <= 0x30FA or 0x4E00 <= ord(c["c"][0]) <= 0x9FFF
                           for c in (x, y)):
                        em = x["bbox"][3] - x["bbox"][1]
                        g = (y["bbox"][0] - x["bbox"][2]) / em if em > 0 else 0
                        least = g if least is None else min(least, g)
    return least


FULLWIDTH_MARKS = set("，。、；：？！（）「」『』《》【】“”")


def mark_latin_gap_max(pdf):
    """The widest gap (em) between a full-width mark and the Latin letter
    or digit beside it on one line: the mark's blank is the gap, so a copy
    space there must not add to it."""
    most = None
    for page in fitz.open(pdf):
        for b in page.get_text("rawdict")["blocks"]:
            for line in b.get("lines", []):
                chars = [c for s in line["spans"] for c in s["chars"] if c["c"].strip()]
                for x, y in zip(chars, chars[1:]):
                    if (x["c"] in FULLWIDTH_MARKS and y["c"].isascii() and y["c"].isalnum()) or \
                       (y["c"] in FULLWIDTH_MARKS and x["c"].isascii() and x["c"].isalnum()):
                        em = max(x["bbox"][3] - x["bbox"][1], y["bbox"][3] - y["bbox"][1])
                        g = (y["bbox"][0] - x["bbox"][2]) / em if em > 0 else 0
                        most = g if most is None else max(most, g)
    return most


def interpunct_cells(pdf):
    """The cell (em) of each name separator · • ・ between two characters:
    from the end of the character before to the start of the one after,
    in that character's own advance."""
    cells = []
    for page in fitz.open(pdf):
        for b in page.get_text("rawdict")["blocks"]:
            for line in b.get("lines", []):
                chars = [c for s in line["spans"] for c in s["chars"] if c["c"].strip()]
                for x, dot, y in zip(chars, chars[1:], chars[2:]):
                    if dot["c"] in "·•・" and 0x4E00 <= ord(x["c"][0]) <= 0x9FFF and 0x4E00 <= ord(y["c"][0]) <= 0x9FFF:
                        em = x["bbox"][2] - x["bbox"][0]
                        cells.append((y["bbox"][0] - x["bbox"][2]) / em if em > 0 else 0)
    return cells


def pdf_lines(pdf):
    """Every line of the PDF: its glyphs (no spaces), as MuPDF groups them."""
    out = []
    for page in fitz.open(pdf):
        for b in page.get_text("rawdict")["blocks"]:
            for line in b.get("lines", []):
                out.append([c for s in line["spans"] for c in s["chars"] if c["c"].strip()])
    return out


def layout_name(layout):
    return os.path.splitext(os.path.basename(layout))[0]


def headings(article):
    """The headline, decks and subheadings (## lines) of an article, spaces
    removed."""
    text = open(article, encoding="utf-8").read()
    fm = yaml.safe_load(text.split("---", 2)[1])
    out = [fm["headline"]] + list(fm.get("deck") or [])
    out += [l[3:] for l in text.split("---", 2)[2].splitlines() if l.startswith("## ")]
    return ["".join(h.split()) for h in out]


def balance(pdf, article, least):
    """Each heading of two lines or more whose shorter line is less than
    `least` of the longer's width, or that is not found set as whole
    lines."""
    lines = pdf_lines(pdf)
    texts = ["".join(c["c"] for c in l) for l in lines]
    width = [l[-1]["bbox"][2] - l[0]["bbox"][0] if l else 0 for l in lines]
    bad = []
    for h in headings(article):
        found = None
        for i in range(len(texts)):
            acc, j = "", i
            while j < len(texts) and len(acc) < len(h) and h.startswith(acc + texts[j]):
                acc += texts[j]
                j += 1
            if acc == h and j > i:
                found = range(i, j)
                break
        if found is None:
            bad.append((h, "not set as whole lines"))
        elif len(found) > 1 and min(width[k] for k in found) < least * max(width[k] for k in found):
            bad.append((h, [(texts[k], round(width[k], 1)) for k in found]))
    return bad


def units(pdf, whole, gap_after):
    """Which of the strings `whole` are not set on one line (their glyphs
    appear, but split), and for each of `gap_after` (text → least em) the
    gap after it when text follows on its line."""
    lines = pdf_lines(pdf)
    texts = ["".join(c["c"] for c in l) for l in lines]
    split = [w for w in whole if not any("".join(w.split()) in t for t in texts)]
    gaps = {}
    for w, bound in (gap_after or {}).items():
        least, most = bound if isinstance(bound, list) else (bound, 99)
        for l, t in zip(lines, texts):
            k = t.find(w)
            if k >= 0 and k + len(w) < len(l):
                last, nxt = l[k + len(w) - 1], l[k + len(w)]
                em = last["bbox"][2] - last["bbox"][0]
                g = (nxt["bbox"][0] - last["bbox"][2]) / em if em > 0 else 0
                if g < least - 0.02 or g > most + 0.02:
                    gaps[w] = round(g, 3)
    return split, gaps


def word_spaces(pdf):
    """The space between each two words of Latin text inside a body
    line, in em of its font: the distance from the end of one word's last
    glyph to the start of the next's, where the copy has a space (the
    text layer's space character) and the line goes on.  Lines that end
    a paragraph are left out only by the caller's bounds, as a space is
    not stretched there."""
    out = []
    for page in fitz.open(pdf):
        for b in page.get_text("rawdict")["blocks"]:
            for line in b.get("lines", []):
                cs = [(c, s["size"]) for s in line["spans"] for c in s["chars"]]
                for i in range(1, len(cs) - 1):
                    (a, size), (sp, _), (nx, _) = cs[i - 1], cs[i], cs[i + 1]
                    if sp["c"] == " " and a["c"].isascii() and a["c"].strip() \
                            and nx["c"].isascii() and nx["c"].isalnum():
                        out.append(round((nx["bbox"][0] - a["bbox"][2]) / size, 3))
    return out


def headline_comma_inked(pdf):
    """Whether each ，of the headline (the largest text on page 1) is
    printed: the ink inside its glyph box, rendered at 4x."""
    doc = fitz.open(pdf)
    page = doc[0]
    spans = [s for b in page.get_text("rawdict")["blocks"] for l in b.get("lines", []) for s in l["spans"]]
    top = max(s["size"] for s in spans)
    inked = []
    for s in spans:
        if s["size"] < top - 0.1:
            continue
        for c in s["chars"]:
            if c["c"] == "，":
                # the character's em square on its baseline, less the edges
                # its neighbours may touch
                r, y = fitz.Rect(c["bbox"]), c["origin"][1]
                r = fitz.Rect(r.x0 + r.width * 0.1, y - 0.85 * s["size"], r.x1 - r.width * 0.1, y + 0.1 * s["size"])
                pix = page.get_pixmap(matrix=fitz.Matrix(4, 4), clip=r, alpha=False)
                inked.append(any(v < 128 for v in pix.samples))
    return inked


def judge(name, m, want, least=None):
    bad = {}
    for k, most in dict(ALWAYS, **want).items():
        v = m.get(k)
        if v is None and k.endswith("_em"):
            continue  # nothing of that kind in the copy
        if v is None or v > most + 1e-9:
            bad[k] = (v, most)
    tc = m["text_conservation"]
    for k in ("missing_chars", "extra_chars", "substituted_chars"):
        # the one character paiban adds is the hyphen of a hyphenated
        # Latin word, which the report counts apart (hyphenated)
        n = tc[k] - (m.get("hyphenated", 0) if k == "extra_chars" else 0)
        if n or (k == "extra_chars" and any(x.strip("-") for x in tc["extra_samples"])):
            bad[k] = (tc[k], 0, tc.get(k.replace("_chars", "_samples")))
    for k, low in (least or {}).items():
        v = m.get(k)
        if v is None or v < low - 1e-9:
            bad[k] = (v, ">= %s" % low)
    shown = {k: m.get(k) for k in list(want) + list(least or {})}
    viol = [v for v in m.get("violations", []) if v.get("kind") != "furniture"][:8]
    check("%s: %s" % (name, shown), not bad, "%s\n  %s" % (bad, viol))


def main():
    binary = sys.argv[1]
    tool = load_report(sys.argv[2] if len(sys.argv) > 2 else TOOL)
    with tempfile.TemporaryDirectory(prefix="paiban-kinds-") as tmp:
        only = os.environ.get("PAIBAN_KINDS")  # a comma-separated few, to work on them
        for kind in sorted(os.listdir(KINDS)):
            if only and kind not in only.split(","):
                continue
            folder = os.path.join(KINDS, kind)
            spec = yaml.safe_load(open(os.path.join(folder, "expect.yaml"), encoding="utf-8"))
            for layout in spec["layouts"]:
                m, err = measure(binary, tool, os.path.join(folder, "article.md"), layout, tmp, spec.get("p95", True))
                if m is None:
                    check("%s on %s" % (kind, layout), False, err)
                    continue
                judge("%s on %s" % (kind, layout), m, spec.get("report", {}), spec.get("least"))
                if "whole" in spec or "gap_after" in spec:
                    pdf = os.path.join(tmp, "%s-%s.pdf" % (kind, layout_name(layout)))
                    split, gaps = units(pdf, spec.get("whole", []), spec.get("gap_after"))
                    check("%s on %s: %d units whole on one line, the gap after each dateline" % (
                        kind, layout, len(spec.get("whole", []))), not split and not gaps,
                        "split: %s; gaps: %s" % (split, gaps))
                if "word_space" in spec:
                    pdf = os.path.join(tmp, "%s-%s.pdf" % (kind, layout_name(layout)))
                    ws, want = word_spaces(pdf), spec["word_space"]
                    low, high = want.get("least", 0), want.get("most", 99)
                    check("%s on %s: %d word spaces within %s..%s em (%s..%s)" % (
                        kind, layout, len(ws), low, high, min(ws, default=None), max(ws, default=None)),
                        ws and all(low - 1e-3 <= w <= high + 1e-3 for w in ws), sorted(ws))
                if "balanced" in spec:
                    pdf = os.path.join(tmp, "%s-%s.pdf" % (kind, layout_name(layout)))
                    bad = balance(pdf, os.path.join(folder, "article.md"), spec["balanced"])
                    check("%s on %s: headings broken at phrases, lines balanced (shorter ≥ %d%% of longer)" % (
                        kind, layout, spec["balanced"] * 100), not bad, bad)
                if "headline_comma" in spec:
                    # set as a full-width space or printed, as the layout says;
                    # the text layer keeps it either way (text conservation)
                    pdf = os.path.join(tmp, "%s-%s.pdf" % (kind, layout_name(layout)))
                    inked = headline_comma_inked(pdf)
                    want_ink = spec["headline_comma"][layout] == "comma"
                    check("%s on %s: the headline's ，%s" % (kind, layout, "printed" if want_ink else "set as a space"),
                          inked and all(x == want_ink for x in inked), inked)
                if "furniture" in spec:
                    got = "".join(m["text_conservation"]["furniture_samples"])
                    check("%s on %s: the proof's furniture in the article's language: %s" % (kind, layout, got),
                          got == spec["furniture"], "expected %s" % spec["furniture"])
        for case, want in sorted(CASES.items()) if not only else []:
            article = os.path.join(SHARED, "cases", "typography", case, "article.md")
            for layout in ("a4", "broadsheet"):
                m, err = measure(binary, tool, article, layout, tmp)
                if m is None:
                    check("shared case %s on %s" % (case, layout), False, err)
                    continue
                judge("shared case %s on %s" % (case, layout), m, want.get(layout, {}) if "a4" in want else want)
    if not only:
        # p95 of the gaps between ideographs on justified lines, over all
        # the test copy: the bar, under 0.06 em.  This copy, short
        # paragraphs built round each fault in 12-character columns, has
        # lines that a 孤字, a kinsoku pair, a mark that may not start a
        # line or a Latin word forces an em short; their space is spread
        # over the marks' outer sides too (0.056 em)
        g = sorted(gaps_all)
        p95 = tool.percentile(g, 0.95) if g else 0
        check("all kinds and shared cases together: ideograph gap p95 %.3f em < 0.06 (%d gaps)" % (p95, len(g)),
              p95 < 0.06, p95)
    print("%d passed, %d failed" % (results.count(True), results.count(False)))
    return 0 if all(results) else 1


sys.exit(main())
