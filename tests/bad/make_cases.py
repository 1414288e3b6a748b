#!/usr/bin/python3
"""Writes the generated bad-input cases under tests/bad/cases (committed;
run again only to change them).  Large inputs (5 MB paragraphs, 100,000
lines, deep nesting, a 30000 × 30000 PNG header) are made by run.py at
test time from the case's `generate:` lines, not stored."""
import os

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "cases")
L = "../../../layout/test.yaml"


def case(name, files, expect):
    d = os.path.join(HERE, name)
    os.makedirs(d, exist_ok=True)
    for fn, content in files.items():
        path = os.path.join(d, fn)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb" if isinstance(content, bytes) else "w") as f:
            f.write(content)
    with open(os.path.join(d, "expect"), "w") as f:
        f.write(expect.strip() + "\n")


ART = "---\nheadline: 标题\n---\n正文。\n"


def ed(body, layout=L):
    return "paper: 报\ndate: 2026-11-26\nlayout: %s\npages:\n%s" % (layout, body)


ONE = "  - number: 1\n    articles:\n      - src: a.md\n        at: {col: 1, row: 1, cols: 2, rows: 10}\n"
FIG = "---\nheadline: 图\n---\n正文。\n\n"

case("yaml-truncated", {"edition.yaml": ed("  - number: 1\n    articles:\n      - src: a.md\n        at: {col: 1, row"), "a.md": ART},
     "args: build edition.yaml -o out\nexit: 1\nstderr: edition.yaml:9:1: error: YAML syntax")
case("yaml-not-utf8", {"edition.yaml": ed(ONE).replace("paper: 报", "paper: P\xe9riodique").encode("latin-1"), "a.md": ART},
     "args: build edition.yaml -o out --dpi 20\nexit: 1\nstderr: edition.yaml:1:9: error: this file looks like Latin-1 (ISO-8859-1); save it as UTF-8 (iconv -f ISO-8859-1 -t UTF-8 'edition.yaml' > 'edition.yaml.utf8' && mv 'edition.yaml.utf8' 'edition.yaml')")
case("binary-article", {"edition.yaml": ed(ONE), "a.md": bytes(range(256)) * 40},
     "args: build edition.yaml -o out\nexit: 1\nstderr: a.md:1:1: error: this is not a text file (it holds binary data: a NUL byte at byte 0)")
case("big-paragraph", {"edition.yaml": ed(ONE)},
     "generate: bigpara a.md 5000000\nargs: build edition.yaml -o out --dpi 20\nexit: 0\nstderr: warning: article 'a' is overset by")
case("huge-paragraph", {"edition.yaml": ed(ONE)},
     "generate: bigpara a.md 7000000\nargs: check edition.yaml\nexit: 1\nstderr: a.md:5:1: error: a paragraph of 6999999 bytes; the limit is 6291456")
case("huge-article", {"edition.yaml": ed(ONE)},
     "generate: bigpara a.md 20000000\nargs: check edition.yaml\nexit: 1\nstderr: edition.yaml:7:14: error: cannot read a.md: larger than the limit of 16 MiB")
case("many-lines", {"edition.yaml": ed(ONE)},
     "generate: manylines a.md 100000\nargs: build edition.yaml -o out --dpi 20\nexit: 0\nstderr: warning: article 'a' is overset by")
case("deep-nesting", {"edition.yaml": ed(ONE)},
     "generate: nested a.md 20000\nargs: build edition.yaml -o out --dpi 20\nexit: 0\nwritten: out/edition.pdf")
case("layout-unknown-keys", {"lay.yaml": "page: {width: 300pt, height: 420pt, bleed: 3mm}\ngrid: {columns: 2, pitch: 15pt, baseline: yes}\nornaments: true\n",
     "edition.yaml": ed(ONE, "lay.yaml"), "a.md": ART},
     "args: build edition.yaml -o out --dpi 20\nexit: 0\nstderr: warning: unknown key 'bleed' in page\nstderr: warning: unknown key 'baseline' in grid\nstderr: lay.yaml:3:1: warning: unknown key 'ornaments' in layout")
case("layout-zero-size", {"lay.yaml": "page: {width: 0, height: 420pt}\ngrid: {columns: 2}\n", "edition.yaml": ed(ONE, "lay.yaml"), "a.md": ART},
     "args: build edition.yaml -o out\nexit: 1\nstderr: lay.yaml:1:15: error: 'width' is out of range")
case("layout-negative-margin", {"lay.yaml": "page: {width: 300pt, height: 420pt}\nmargins: {left: -10mm}\ngrid: {columns: 2}\n", "edition.yaml": ed(ONE, "lay.yaml"), "a.md": ART},
     "args: build edition.yaml -o out\nexit: 1\nstderr: lay.yaml:2:17: error: 'left' is out of range")
case("layout-zero-columns", {"lay.yaml": "page: {width: 300pt, height: 420pt}\ngrid: {columns: 0}\n", "edition.yaml": ed(ONE, "lay.yaml"), "a.md": ART},
     "args: build edition.yaml -o out\nexit: 1\nstderr: lay.yaml:2:17: error: 'columns' is 0; it must be between 1 and 24")
case("layout-bad-steps", {"lay.yaml": "page: {width: 300pt, height: 420pt}\ngrid: {columns: 2}\nheadline_steps: 5\nvariable_columns: maybe\n",
     "edition.yaml": ed(ONE, "lay.yaml"), "a.md": ART},
     "args: build edition.yaml -o out\nexit: 1\nstderr: lay.yaml:3:17: error: 'headline_steps' is 5; it must be between 0 and 2\nstderr: lay.yaml:4:19: error:")
case("layout-wide-gutter", {"lay.yaml": "page: {width: 300pt, height: 420pt}\ngrid: {columns: 2, gutter: 400pt}\n", "edition.yaml": ed(ONE, "lay.yaml"), "a.md": ART},
     "args: build edition.yaml -o out\nexit: 1\nstderr: leave columns narrower than two body characters")
case("layout-not-yaml", {"lay.yaml": b"\x00\x01\x02binary\xff", "edition.yaml": ed(ONE, "lay.yaml"), "a.md": ART},
     "args: build edition.yaml -o out\nexit: 1\nstderr: lay.yaml:1:")
case("rect-off-page", {"edition.yaml": ed("  - number: 1\n    articles:\n      - src: a.md\n        at: {col: 2, row: 20, cols: 1, rows: 100}\n"), "a.md": ART},
     "args: build edition.yaml -o out\nexit: 1\nstderr: edition.yaml:8:13: error: 'a' at col 2 row 20 (1 × 100) lies outside the grid of page 1")
case("duplicate-ids", {"edition.yaml": ed("  - number: 1\n    articles:\n      - src: a.md\n        at: {col: 1, row: 1, cols: 1, rows: 10}\n      - src: b.md\n        at: {col: 2, row: 1, cols: 1, rows: 10}\n"),
     "a.md": "---\nheadline: 一\nid: same\n---\n正文。\n", "b.md": "---\nheadline: 二\nid: same\n---\n正文。\n"},
     "args: build edition.yaml -o out\nexit: 1\nstderr: b.md:1:1: error: article id 'same' is also used by")
case("placed-twice", {"edition.yaml": ed("  - number: 1\n    articles:\n      - src: a.md\n        at: {col: 1, row: 1, cols: 1, rows: 10}\n  - number: 2\n    articles:\n      - src: a.md\n        at: {col: 1, row: 1, cols: 1, rows: 10}\n"), "a.md": ART},
     "args: build edition.yaml -o out\nexit: 1\nstderr: error: 'a' is placed twice (also on page 1)")
case("png-30000", {"edition.yaml": ed(ONE), "a.md": FIG + "![大图](big.png)\n"},
     "generate: pngheader big.png 30000 30000\nargs: build edition.yaml -o out\nexit: 1\nstderr: a.md:6:1: error:\nstderr: 30000 × 30000 pixels is outside the limits")
case("image-kinds", {"edition.yaml": ed("  - number: 1\n    articles:\n      - src: a.md\n        at: {col: 1, row: 1, cols: 2, rows: 22}\n"),
     "a.md": FIG + "![渐进](../../../data/progressive.jpg)\n\n![十六位](../../../data/deep16.png)\n\n![四色](../../../data/cmyk.jpg)\n"},
     "args: build edition.yaml -o out --dpi 30\nexit: 0\nwritten: out/pages/01.png")
case("image-is-folder", {"edition.yaml": ed(ONE), "a.md": FIG + "![目录](pics)\n", "pics/keep": ""},
     "args: build edition.yaml -o out\nexit: 1\nstderr: a.md:6:1: error: cannot read photo")
case("missing-glyphs", {"edition.yaml": ed(ONE), "a.md": "---\nheadline: 标题\n---\n正文有\U0002A6D6和\U0002A6D7两个罕见字。\n"},
     "args: build edition.yaml -o out --dpi 20\nexit: 0\nstderr: a.md:4:1: warning: no font has a glyph for U+2A6D6\nstderr: a.md:4:1: warning: no font has a glyph for U+2A6D7\nreport: missing glyphs")
case("unknown-language", {"edition.yaml": ed(ONE), "a.md": "---\nheadline: 标题\nlang: klingon\n---\n正文。\n"},
     "args: build edition.yaml -o out\nexit: 1\nstderr: a.md:3:7: error: unknown language 'klingon'")
case("jump-missing-page", {"edition.yaml": ed(ONE + "        continues_on: 9\n"), "a.md": ART},
     "args: build edition.yaml -o out\nexit: 1\nstderr: error: 'a' continues on page 9, which the edition does not have")
case("jump-circular", {"edition.yaml": ed("  - number: 1\n    articles:\n      - src: a.md\n        at: {col: 1, row: 1, cols: 2, rows: 10}\n        continues_on: 2\n        continued_from: 2\n  - number: 2\n    articles:\n      - src: a.md\n        at: {col: 1, row: 1, cols: 2, rows: 10}\n        continues_on: 1\n        continued_from: 1\n"), "a.md": ART},
     "args: build edition.yaml -o out\nexit: 1\nstderr: error: 'a' on page 2 continues on page 1: a jump goes to a later page")
case("jump-no-continuation", {"edition.yaml": ed(ONE + "        continues_on: 2\n  - number: 2\n"), "a.md": ART},
     "args: build edition.yaml -o out\nexit: 1\nstderr: error: 'a' continues on page 2, but page 2 does not list it with continued_from: 1")
case("output-not-writable", {"edition.yaml": ed(ONE), "a.md": ART},
     "args: build edition.yaml -o /proc/paiban-out --dpi 20\nexit: 1\nstderr: /proc/paiban-out: error: cannot create the folder")
case("output-is-a-file", {"edition.yaml": ed(ONE), "a.md": ART, "file": "x"},
     "args: build edition.yaml -o file --dpi 20\nexit: 1\nstderr: file: error:")
case("disk-full", {"edition.yaml": ed(ONE), "a.md": ART},
     "preload: enospc\nargs: build edition.yaml -o out --dpi 20\nexit: 1\nstderr: error: cannot write: No space left on device\nunchanged: yes")
case("empty-edition", {"edition.yaml": ""},
     "args: build edition.yaml -o out\nexit: 1\nstderr: edition.yaml:1:1: error: the file is empty")
case("edition-list", {"edition.yaml": "- paper: 报\n"},
     "args: build edition.yaml -o out\nexit: 1\nstderr: edition.yaml:1:1: error: an edition file must be a mapping")
case("bad-date", {"edition.yaml": ed(ONE).replace("2026-11-26", "2026-13-40"), "a.md": ART},
     "args: build edition.yaml -o out\nexit: 1\nstderr: edition.yaml:2:7: error: the date must be a real date written YYYY-MM-DD")
case("front-matter-list", {"edition.yaml": ed(ONE), "a.md": "---\n- 一\n- 二\n---\n正文。\n"},
     "args: build edition.yaml -o out\nexit: 1\nstderr: a.md:2:1: error: the front matter must be a mapping")
case("empty-headline", {"edition.yaml": ed(ONE), "a.md": "---\nheadline: \"\"\n---\n正文。\n"},
     "args: build edition.yaml -o out\nexit: 1\nstderr: a.md:2:11: error: 'headline' must not be empty")
case("deck-mapping", {"edition.yaml": ed(ONE), "a.md": "---\nheadline: 标题\ndeck: {a: b}\n---\n正文。\n"},
     "args: build edition.yaml -o out\nexit: 1\nstderr: a.md:3:7: error: 'deck' must be a string or a list of strings")
case("priority-word", {"edition.yaml": ed(ONE), "a.md": "---\nheadline: 标题\npriority: high\n---\n正文。\n"},
     "args: build edition.yaml -o out\nexit: 1\nstderr: a.md:3:11: error: 'priority' must be a whole number")
case("at-missing-cols", {"edition.yaml": ed("  - number: 1\n    articles:\n      - src: a.md\n        at: {col: 1, row: 1, rows: 10}\n"), "a.md": ART},
     "args: build edition.yaml -o out\nexit: 1\nstderr: edition.yaml:8:13: error: missing required key 'cols'")
case("ad-without-at", {"edition.yaml": ed("  - number: 1\n    ads:\n      - src: ../../../data/alpha.png\n")},
     "args: build edition.yaml -o out\nexit: 1\nstderr: edition.yaml:7:9: error: an ad needs its rectangle 'at'")
case("missing-article", {"edition.yaml": ed("  - number: 1\n    articles:\n      - src: nowhere.md\n")},
     "args: build edition.yaml -o out\nexit: 1\nstderr: error: cannot read nowhere.md: No such file or directory")
case("page-number-twice", {"edition.yaml": ed("  - number: 1\n  - number: 1\n")},
     "args: build edition.yaml -o out\nexit: 1\nstderr: error: page number 1 is used twice")
case("continued-without-jump", {"edition.yaml": ed("  - number: 2\n    articles:\n      - src: a.md\n        continued_from: 1\n"), "a.md": ART},
     "args: build edition.yaml -o out\nexit: 1\nstderr: error: 'a' is continued from page 1, which does not jump here")
case("usage-bad-dpi", {}, "args: build edition.yaml -o out --dpi 5000\nexit: 2\nstderr: --dpi must be a number between 10 and 1200")
