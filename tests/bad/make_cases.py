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
     "args: build edition.yaml -o out\nexit: 1\nstderr: b.md:3:5: error: article id 'same' is also used by")
# ids alike but for capitals: one file on macOS and Windows (articles/Lead.html,
# articles/lead.html); each reported at the second article's id, its front
# matter's line or, for an id made from the file name, the edition's line
FOUR = "".join("      - src: %s\n        at: {col: %d, row: %d, cols: 1, rows: 10}\n" % (f, 1 + i % 2, 1 + 10 * (i // 2))
               for i, f in enumerate(["a.md", "b.md", "ok2.md", "Ok2.md"]))
case("id-case-only", {"edition.yaml": ed("  - number: 1\n    articles:\n" + FOUR),
     "a.md": "---\nheadline: 一\nid: Lead\n---\n正文。\n", "b.md": "---\nheadline: 二\nid: lead\n---\n正文。\n",
     "ok2.md": ART, "Ok2.md": ART},
     "args: build edition.yaml -o out\nexit: 1\nstderr: b.md:3:5: error: article id 'lead' differs from 'Lead' (a.md) only in capitals: "
     "articles/Lead.html and articles/lead.html would be one file on macOS or Windows\n"
     "stderr: edition.yaml:13:14: error: article id 'Ok2' differs from 'ok2' (ok2.md) only in capitals\nerrors: 2\nabsent: out/articles")
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
     "args: build edition.yaml -o out --dpi 20\nexit: 0\nstderr: a.md:4:1: warning: no font has a glyph for U+2A6D6\nstderr: a.md:4:1: warning: no font has a glyph for U+2A6D7\nreport: Missing glyphs: 2 ")
case("unknown-language", {"edition.yaml": ed(ONE), "a.md": "---\nheadline: 标题\nlang: klingon\n---\n正文。\n"},
     "args: build edition.yaml -o out\nexit: 1\nstderr: a.md:3:7: error: unknown language 'klingon'")
case("jump-missing-page", {"edition.yaml": ed(ONE + "        continues_on: 9\n"), "a.md": ART},
     "args: build edition.yaml -o out\nexit: 1\nstderr: error: 'a' continues on page 9, which the edition does not have")
case("jump-circular", {"edition.yaml": ed("  - number: 1\n    articles:\n      - src: a.md\n        at: {col: 1, row: 1, cols: 2, rows: 10}\n        continues_on: 2\n        continued_from: 2\n  - number: 2\n    articles:\n      - src: a.md\n        at: {col: 1, row: 1, cols: 2, rows: 10}\n        continues_on: 1\n        continued_from: 1\n"), "a.md": ART},
     "args: build edition.yaml -o out\nexit: 1\nstderr: error: 'a' on page 2 continues on page 1: a jump goes to a later page")
case("jump-no-continuation", {"edition.yaml": ed(ONE + "        continues_on: 2\n  - number: 2\n"), "a.md": ART},
     "args: build edition.yaml -o out\nexit: 1\nstderr: error: 'a' continues on page 2, but page 2 does not list it with continued_from: 1")
case("output-not-writable", {"edition.yaml": ed(ONE), "a.md": ART},
     "args: build edition.yaml -o /proc/paiban-out --dpi 20\nexit: 1\nstderr: /proc/paiban-out: error: cannot write in /proc")
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
case("editor-list", {"edition.yaml": ed(ONE), "a.md": "---\nheadline: 标题\neditor: [王某, 李某]\n---\n正文。\n"},
     "args: build edition.yaml -o out\nexit: 1\nstderr: a.md:3:9: error: 'editor' must be a string")
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


# ---- Production trust (issue: nothing wrong reaches the page silently) ----

ONE1 = "  - number: 1\n    articles:\n      - src: a.md\n        at: {col: 1, row: 1, cols: 1, rows: 20}\n"
BODY = "记者从省能源局获悉，高原上的光伏电站建设进展顺利，当地群众就近就业，收入明显增加。\n"

# 1. the output folder
case("output-foreign", {"edition.yaml": ed(ONE), "a.md": ART, "docs/thesis.odt": "years of work"},
     "args: build edition.yaml -o docs --dpi 20\nexit: 1\nstderr: docs: error: the folder is not empty and paiban did not make it\nstderr: nothing written")
case("dpi-too-high", {"edition.yaml": ed(ONE, "broadsheet"), "a.md": ART},
     "args: build edition.yaml -o out --dpi 800\nexit: 1\nstderr: a WebP image has at most 16383 on a side\nstderr: use --dpi")

# 2. text in its box
case("long-word", {"edition.yaml": ed(ONE1), "a.md": "---\nheadline: 长词\n---\n正文" + "W" * 300 + "结束。\n"},
     "args: build edition.yaml -o out --dpi 20\nexit: 0\nstderr: a.md:4:1: warning: \"WWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWW…\" is wider than its column")
case("long-word-strict", {"edition.yaml": ed(ONE1), "a.md": "---\nheadline: 长词\n---\n正文" + "W" * 300 + "结束。\n"},
     "args: build edition.yaml -o out --dpi 20 --strict\nexit: 3\nstderr: is wider than its column\nunchanged: yes")
case("url-column", {"edition.yaml": ed(ONE1), "a.md": "---\nheadline: 网址\n---\n详情请登录www.example-tourism-bureau.gov.cn/news/2026/notice-index.html查询，或发邮件至service_desk@example-tourism-bureau.gov.cn咨询。\n"},
     "args: build edition.yaml -o out --dpi 20 --strict\nexit: 0\nwritten: out/edition.pdf")
case("masthead-band", {"lay.yaml": "page: {width: 300pt, height: 420pt}\ngrid: {columns: 2}\nmasthead: {height: 22pt}\n", "edition.yaml": ed(ONE, "lay.yaml"), "a.md": ART},
     "args: build edition.yaml -o out\nexit: 1\nstderr: lay.yaml:3:11: error: the masthead's paper name (72.0 pt) and its date and issue lines (3 lines at 10.0 pt) do not fit its band of 22.0 pt\nstderr: masthead: {height: ")
case("web-address", {"edition.yaml": ed(ONE + "      - src: https://news.example.cn/b.md\n        at: {col: 3, row: 1, cols: 2, rows: 10}\n    ads:\n      - {src: \"data:image/png;base64,iVBOR\", at: {col: 5, row: 1, cols: 1, rows: 5}}\n"),
     "a.md": FIG + "![夜景](http://photo.example.cn/night.jpg)\n"},
     "args: build edition.yaml -o out\nexit: 1\nstderr: a.md:6:1: error: the photo 'http://photo.example.cn/night.jpg' is a web address: paiban reads files on this machine and downloads nothing\n"
     "stderr: edition.yaml:9:14: error: the article 'https://news.example.cn/b.md' is a web address\nstderr: edition.yaml:12:15: error: the ad 'data:image/png;base64,iVBOR' is a web address\nerrors: 3")
case("suggest-no-folder", {"edition.yaml": ed(ONE.replace("a.md", "sports.md")), "sport.md/x.md": ART},
     "args: build edition.yaml -o out\nexit: 1\nstderr: edition.yaml:7:14: error: cannot read sports.md: No such file or directory\nnotstderr: did you mean")
case("suggest-short-key", {"edition.yaml": ed(ONE.replace("rows: 10}", "rows: 10}\n        <<: {x: 1}\n        to: 1")), "a.md": ART},
     "args: build edition.yaml -o out --dpi 20\nexit: 0\nstderr: edition.yaml:9:9: warning: unknown key '<<' in article entry (ignored)\nstderr: edition.yaml:10:9: warning: unknown key 'to' in article entry (ignored)\nnotstderr: did you mean")
case("yaml-second-document", {"edition.yaml": ed(ONE) + "---\npages:\n  - number: 2\n", "lay.yaml": "page: {width: 300pt, height: 420pt}\ngrid: {columns: 2}\n---\ngrid: {columns: 3}\n", "a.md": ART},
     "args: check edition.yaml\nexit: 0\nstderr: edition.yaml:9:1: warning: a second YAML document starts here (after a '---' line); paiban reads only the first")
case("yaml-second-document-layout", {"edition.yaml": ed(ONE, "lay.yaml"), "lay.yaml": "page: {width: 300pt, height: 420pt}\ngrid: {columns: 2}\n...\n  columns: [3\n", "a.md": ART},
     "args: check edition.yaml\nexit: 0\nstderr: lay.yaml:4:3: warning: the text after the first YAML document is ignored")
case("layout-command-band", {"lay.yaml": "page: {width: 300pt, height: 420pt}\ngrid: {columns: 2}\nmasthead: {height: 22pt}\nfolio: {height: 6pt}\n"},
     "args: layout lay.yaml\nexit: 1\nstderr: lay.yaml:3:11: error: the masthead's paper name (72.0 pt) and its date and issue lines\nstderr: lay.yaml:4:8: error: the folio's text (at 8.5 pt) does not fit its band of 6.0 pt")
case("masthead-long-paper", {"edition.yaml": ed(ONE + "  - number: 2\n    section: 要闻\n    articles:\n      - src: b.md\n        at: {col: 1, row: 1, cols: 2, rows: 10}\n", "a4").replace("paper: 报", "paper: 青海省海南藏族自治州共和县人民政府机关报"),
     "a.md": ART, "b.md": "---\nheadline: 标题\nid: b\n---\n正文。\n"},
     "args: build edition.yaml -o out\nexit: 1\nstderr: edition.yaml:1:8: error: the paper name '青海省海南藏族自治州共和县人民政府机关报' is \nstderr: wide in the masthead style, wider than the type area (490.0 pt; layout ")
case("rtl-name-at-line-end", {"edition.yaml": ed(ONE.replace("rows: 10", "rows: 22")), "a.md": "---\nheadline: 会见\n---\n一二三محمد بن سلمان会见了代表，沙特王储محمد بن سلمان（穆罕默德·本·萨勒曼）表示。\n\n一二三四محمد بن سلمان会见了代表，沙特王储محمد بن سلمان（穆罕默德·本·萨勒曼）表示。\n\n一二三四五محمد بن سلمان会见了代表，沙特王储محمد بن سلمان（穆罕默德·本·萨勒曼）表示。\n\n一二三四五六محمد بن سلمان会见了代表，沙特王储محمد بن سلمان（穆罕默德·本·萨勒曼）表示。\n\n一二三四五六七محمد بن سلمان会见了代表，沙特王储محمد بن سلمان（穆罕默德·本·萨勒曼）表示。\n\n一二三四五六七八محمد بن سلمان会见了代表，沙特王储محمد بن سلمان（穆罕默德·本·萨勒曼）表示。\n\n一二三四五六七八九محمد بن سلمان会见了代表，沙特王储محمد بن سلمان（穆罕默德·本·萨勒曼）表示。\n\n一二三四五六七八九十محمد بن سلمان会见了代表，沙特王储محمد بن سلمان（穆罕默德·本·萨勒曼）表示。\n"},
     "args: build edition.yaml -o out --dpi 20\nexit: 0\nwritten: out/edition.pdf\nnotstderr: cannot make the PDF")
LONG = "---\nheadline: 头条\nid: lead\n---\n" + "高原上的光伏电站建设进展顺利，当地群众就近就业。" * 40 + "\n"
JUMP = ("  - number: 1\n    articles:\n      - {src: lead.md, at: {col: 1, row: 1, cols: 1, rows: 10}, continues_on: 2}\n%s"
        "  - number: 2\n    articles:\n      - {src: %s, at: {col: 1, row: 1, cols: 2, rows: 20}, continued_from: 1}\n")
case("id-cont-reserved", {"edition.yaml": ed(JUMP % ("      - {src: other.md, at: {col: 2, row: 1, cols: 1, rows: 10}}\n", "lead.md")), "lead.md": LONG,
     "other.md": "---\nheadline: 另一条\nid: lead-cont\n---\n正文。\n"},
     "args: build edition.yaml -o out\nexit: 1\nstderr: other.md:3:5: error: the id 'lead-cont' is the name of the rest of 'lead' (its jump to page 2)\nerrors: 1")
case("duplicate-id-jump", {"edition.yaml": ed(JUMP % ("", "dup.md")), "lead.md": LONG, "dup.md": "---\nheadline: 重名\nid: lead\n---\n正文。\n"},
     "args: build edition.yaml -o out\nexit: 1\nstderr: dup.md:3:5: error: article id 'lead' is also used by lead.md\nerrors: 1")
case("article-gbk-short", {"edition.yaml": ed(ONE), "a.md": "---\nheadline: 短讯\n---\n今天天气很好。\n".encode("gbk")},
     "args: build edition.yaml -o out\nexit: 1\nstderr: error: this file looks like GB18030 (GBK); save it as UTF-8 (iconv -f GB18030 -t UTF-8 'a.md'")
case("article-big5-short", {"edition.yaml": ed(ONE), "a.md": "---\nheadline: 短訊\n---\n學校明天開學。\n".encode("big5")},
     "args: build edition.yaml -o out\nexit: 1\nstderr: error: this file looks like Big5; save it as UTF-8 (iconv -f Big5 -t UTF-8 'a.md'")
case("article-declared-wrong", {"edition.yaml": ed(ONE), "a.md": ("---\nheadline: 标题\nencoding: big5\n---\n" + BODY).encode("gbk")},
     "args: build edition.yaml -o out\nexit: 1\nstderr: a.md:3:1: error: \nstderr: is it really big5?  ICU's detector says GB18030 (GBK)")
case("article-utf8-declares-other", {"edition.yaml": ed(ONE), "a.md": "---\nheadline: 标题\nencoding: big5\n---\n" + BODY},
     "args: build edition.yaml -o out --dpi 20\nexit: 0\nstderr: a.md:3:1: warning: this file is UTF-8, not big5 as its encoding line says")
case("article-utf8-unknown-encoding", {"edition.yaml": ed(ONE), "a.md": "---\nheadline: 标题\nencoding: klingon-8\n---\n" + BODY},
     "args: build edition.yaml -o out\nexit: 1\nstderr: a.md:3:1: error: unknown encoding 'klingon-8'")
case("html-comment-and-image", {"edition.yaml": ed(ONE1), "a.md": "---\nheadline: 标题\n---\n正文第一段。\n\n<!-- 注释：此段待核实 -->\n\n正文<!-- 行内 -->第二段。\n\n<img src=\"photos/land.jpg\" alt=\"草原\">\n\n第三段<img src=\"x.png\">继续。\n"},
     "args: build edition.yaml -o out\nexit: 1\nstderr: a.md:10:1: error: an HTML image is not read, and its photo would be lost: write it as ![caption](photos/x.jpg) on a line of its own (<img src=\"photos/land.jpg\" alt=\"草原\">)\nstderr: a.md:12:1: error: an HTML image is not read\nerrors: 2")
case("html-comment", {"edition.yaml": ed(ONE1), "a.md": "---\nheadline: 标题\n---\n正文第一段。\n\n<!-- 注释：此段待核实 -->\n\n正文<!-- 行内 -->第二段。\n"},
     "args: build edition.yaml -o out --dpi 20 --strict\nexit: 0\nreport: a.md:6:1: note: an HTML comment (a note for the desk) is left out of the page")
case("did-you-mean-values", {"lay.yaml": "page: {width: 300pt, height: 420pt}\ngrid: {columns: 2}\ntypography: {zh-Hans: {kinsoku: strikt}}\nstyles:\n  body: {align: centre, weight: blod}\n",
     "edition.yaml": ed(ONE, "lay.yaml"), "a.md": ART},
     "args: build edition.yaml -o out\nexit: 1\nstderr: lay.yaml:5:17: error: unknown alignment 'centre': did you mean 'center'?\nstderr: lay.yaml:5:33: error: unknown weight 'blod': did you mean 'bold'?\n"
     "stderr: error: unknown kinsoku level 'strikt': did you mean 'strict'?")
case("did-you-mean-absent-key", {"edition.yaml": ed(ONE.replace("cols: 2", "colz: 2")), "a.md": ART},
     "args: build edition.yaml -o out\nexit: 1\nstderr: warning: unknown key 'colz' in at: did you mean 'cols'? (ignored)")
case("invisible-key", {"edition.yaml": ed(ONE), "a.md": "---\nheadline: 标题\n\u200bbyline: 本报记者 张三\n---\n正文。\n"},
     "args: build edition.yaml -o out --dpi 20\nexit: 0\nstderr: a.md:3:1: warning: the key 'byline' in article front matter has an invisible character in it (U+200B)")
case("markdown-hard-break-strike", {"edition.yaml": ed(ONE), "a.md": "---\nheadline: 标题\n---\n第一行  \n第二行\\\n第三行，~~删除~~保留。\n"},
     "args: build edition.yaml -o out --dpi 20\nexit: 0\nstderr: a.md:4:1: warning: '~~' (strikethrough) is not Markdown that paiban reads\nreport: a.md:4:1: note: a hard line break (two spaces or '\\' at a line's end) is not kept")
case("proof-over-article", {"a.md": ART},
     "args: proof a.md -o a.md\nexit: 2\nstderr: paiban: a.md exists and is not a file paiban wrote (a PDF); paiban will not write over it")
case("json-over-edition", {"edition.yaml": ed(ONE), "a.md": ART},
     "args: build edition.yaml -o out --json edition.yaml\nexit: 2\nstderr: paiban: edition.yaml exists and is not a file paiban wrote (a JSON layout)")
case("json-inside-output", {"edition.yaml": ed(ONE), "a.md": ART},
     "args: build edition.yaml -o out --json out/layout.json\nexit: 2\nstderr: paiban: --json needs a file outside the output folder")
case("article-declared-latin-gbk", {"edition.yaml": ed(ONE), "a.md": ("---\nheadline: 标题\nencoding: windows-1252\n---\n" + BODY).encode("gbk")},
     "args: build edition.yaml -o out\nexit: 1\nstderr: a.md:3:1: error: this file declares windows-1252, but its bytes read as Chinese in GB18030 (GBK)")
case("markdown-photo-path-spaces", {"edition.yaml": ed(ONE1), "a.md": FIG + "![图说](../../../data/my photo.jpg \"摄\")\n\n<figure><img src=\"x.jpg\"><figcaption>湖面</figcaption></figure>\n\n第七段\n\n<!-- 未闭合的注释\n\n后文。\n"},
     "args: build edition.yaml -o out\nexit: 1\nstderr: a.md:6:1: error: this looks like a photo that Markdown did not read\nstderr: a.md:8:1: error: an HTML image is not read\nstderr: a.md:12:1: error: an HTML comment '<!--' is not closed")
case("layout-did-you-mean", {"edition.yaml": ed(ONE, "tabloidd"), "a.md": ART},
     "args: build edition.yaml -o out\nexit: 1\nstderr: edition.yaml:3:9: error: unknown layout 'tabloidd'\nstderr: did you mean 'tabloid'?")
case("masthead-info-band", {"lay.yaml": "page: {width: 300pt, height: 420pt}\ngrid: {columns: 2}\nmasthead: {height: 60pt}\nstyles:\n  masthead: {size: 30pt}\n  masthead_info: {size: 16pt}\n", "edition.yaml": ed(ONE, "lay.yaml"), "a.md": ART},
     "args: build edition.yaml -o out\nexit: 1\nstderr: lay.yaml:3:11: error: the masthead's date and issue lines (3 lines of its masthead_info style, 16.0 pt) do not fit its band of 60.0 pt")
case("folio-overlap", {"lay.yaml": "page: {width: 300pt, height: 420pt}\ngrid: {columns: 2}\nmasthead: {height: 160pt}\nfolio: {height: 40pt}\nstyles:\n  folio: {size: 20pt}\n",
     "edition.yaml": ed("  - number: 2\n    section: 经济新闻\n    editors: [责任编辑 王晓东, 美术编辑 李雪]\n    articles:\n      - src: a.md\n        at: {col: 1, row: 1, cols: 2, rows: 8}\n", "lay.yaml"), "a.md": ART},
     "args: build edition.yaml -o out\nexit: 1\nstderr: edition.yaml:5:5: error: the folio's texts overlap\nstderr: (layout lay.yaml:4:8)")

PG = "  - number: %d\n    articles:\n      - src: a%d.md\n        at: {col: 1, row: 1, cols: 2, rows: 10}\n"
case("pages-out-of-order", {"edition.yaml": ed(PG % (1, 1) + PG % (3, 3) + PG % (2, 2)), "a1.md": ART, "a2.md": ART, "a3.md": ART},
     "args: build edition.yaml -o out --dpi 20\nexit: 0\nstderr: edition.yaml:9:5: warning: page 3 follows page 1: page 2 is not in the edition\nstderr: edition.yaml:13:5: warning: page 2 is listed after page 3; the edition PDF and the site keep the list's order")
case("pages-gap", {"edition.yaml": ed(PG % (1, 1) + PG % (5, 5)), "a1.md": ART, "a5.md": ART},
     "args: build edition.yaml -o out --dpi 20 --strict\nexit: 3\nstderr: edition.yaml:9:5: warning: page 5 follows page 1: pages 2-4 are not in the edition")

# 3. copy as reporters save it
ARTG = "---\nheadline: 标题\n---\n" + BODY
case("article-gbk", {"edition.yaml": ed(ONE), "a.md": ARTG.encode("gbk")},
     "args: build edition.yaml -o out\nexit: 1\nstderr: a.md:2:11: error: this file looks like GB18030 (GBK); save it as UTF-8 (iconv -f GB18030 -t UTF-8 'a.md' > 'a.md.utf8' && mv 'a.md.utf8' 'a.md')")
case("article-big5", {"edition.yaml": ed(ONE), "a.md": ("---\nheadline: 標題\n---\n記者從能源局獲悉，高原上的光伏電站建設進展順利，當地群眾就近就業，收入明顯增加，生態環境也得到改善。\n").encode("big5")},
     "args: build edition.yaml -o out\nexit: 1\nstderr: a.md:2:11: error: this file looks like Big5; save it as UTF-8")
case("article-utf16", {"edition.yaml": ed(ONE), "a.md": ARTG.encode("utf-16")},
     "args: build edition.yaml -o out\nexit: 1\nstderr: a.md:1:1: error: this file looks like UTF-16 (little-endian); save it as UTF-8")
case("article-utf16be-no-bom", {"edition.yaml": ed(ONE), "a.md": ARTG.encode("utf-16-be")},
     "args: build edition.yaml -o out\nexit: 1\nstderr: a.md:1:1: error: this file looks like UTF-16 (big-endian); save it as UTF-8 (iconv -f UTF-16BE")
case("article-utf32", {"edition.yaml": ed(ONE), "a.md": ARTG.encode("utf-32")},
     "args: build edition.yaml -o out\nexit: 1\nstderr: a.md:1:1: error: this file looks like UTF-32; save it as UTF-8 (iconv -f UTF-32LE")
case("article-declared-utf32-no-bom", {"edition.yaml": ed(ONE), "a.md": ("---\nencoding: utf-32be\nheadline: 标题\n---\n" + BODY).encode("utf-32-be")},
     "args: build edition.yaml -o out --dpi 20 --strict\nexit: 0\nwritten: out/edition.pdf")
case("article-declared-gbk", {"edition.yaml": ed(ONE), "a.md": ("---\nheadline: 标题\nencoding: gb18030\n---\n" + BODY).encode("gbk")},
     "args: build edition.yaml -o out --dpi 20 --strict\nexit: 0\nwritten: out/edition.pdf")
case("article-declared-utf16", {"edition.yaml": ed(ONE), "a.md": ("---\nheadline: 标题\nencoding: utf-16\n---\n" + BODY).encode("utf-16")},
     "args: build edition.yaml -o out --dpi 20 --strict\nexit: 0\nwritten: out/edition.pdf")
case("article-unknown-encoding", {"edition.yaml": ed(ONE), "a.md": ("---\nheadline: 标题\nencoding: klingon-8\n---\n" + BODY).encode("gbk")},
     "args: build edition.yaml -o out\nexit: 1\nstderr: a.md:3:1: error: unknown encoding 'klingon-8'")
case("article-cr-only", {"edition.yaml": ed(ONE), "a.md": ARTG.replace("\n", "\r").encode()},
     "args: build edition.yaml -o out --dpi 20 --strict\nexit: 0\nwritten: out/edition.pdf")
case("article-bom-crlf", {"edition.yaml": ed(ONE).replace("\n", "\r\n"), "a.md": b"\xef\xbb\xbf" + ARTG.replace("\n", "\r\n").encode()},
     "args: build edition.yaml -o out --dpi 20 --strict\nexit: 0\nwritten: out/edition.pdf")
case("article-empty", {"edition.yaml": ed(ONE), "a.md": ""},
     "args: build edition.yaml -o out\nexit: 1\nstderr: a.md:1:1: error: the file is empty")
case("yaml-duplicate-key", {"edition.yaml": ed(ONE), "a.md": "---\nkicker: 一\nheadline: 标题\nkicker: 二\n---\n正文。\n"},
     "args: build edition.yaml -o out\nexit: 1\nstderr: a.md:4:1: error: 'kicker' is given twice in this mapping (first at line 2)")
case("yaml-null-values", {"edition.yaml": ed(ONE), "a.md": "---\nkicker: ~\nheadline: 标题\nbyline: null\ndeck:\neditor:\n---\n正文。\n"},
     "args: build edition.yaml -o out --dpi 20 --strict\nexit: 0\nwritten: out/edition.pdf")
case("yaml-null-headline", {"edition.yaml": ed(ONE), "a.md": "---\nheadline: ~\n---\n正文。\n"},
     "args: build edition.yaml -o out\nexit: 1\nstderr: a.md:2:1: error: 'headline' has no value (it is required)")
case("yaml-typographic-quotes", {"edition.yaml": ed(ONE).replace("src: a.md", "src: \u201ca.md\u201d"), "a.md": ART},
     "args: build edition.yaml -o out\nexit: 1\nstderr: edition.yaml:7:14: warning: the value of 'src' is wrapped in typographic quotes \u201c\u2026\u201d\nstderr: edition.yaml:7:14: error: cannot read \u201ca.md\u201d")
case("did-you-mean", {"edition.yaml": ed(ONE).replace("paper:", "papr:"), "a.md": "---\nheadline: 标题\nbylne: 记者 张三\nreviewer: 王某\n---\n正文。\n"},
     "args: build edition.yaml -o out --strict\nexit: 1\nstderr: edition.yaml:1:1: warning: unknown key 'papr' in edition: did you mean 'paper'?\nstderr: a.md:3:1: warning: unknown key 'bylne' in article front matter: did you mean 'byline'?\nstderr: a.md:4:1: warning: unknown key 'reviewer' in article front matter (ignored)")
case("markdown-inline-image", {"edition.yaml": ed(ONE1.replace("rows: 20", "rows: 22")), "a.md": "---\nheadline: 图\n---\n正文![图说](../../../data/small.jpg)继续。\n"},
     "args: build edition.yaml -o out --dpi 20\nexit: 0\nreport: a.md:4:3: note: an image inside the text of 'a' is set as a figure of its own\nreport: small.jpg")
case("markdown-two-images", {"edition.yaml": ed(ONE.replace("rows: 10", "rows: 60").replace("cols: 2", "cols: 4").replace("number: 1", "number: 2"), "broadsheet"), "a.md": FIG + "![一](../../../data/small.jpg)\n![二](../../../data/progressive.jpg)\n"},
     "args: build edition.yaml -o out --dpi 20\nexit: 0\nreport: small.jpg\nreport: progressive.jpg")
case("markdown-footnote", {"edition.yaml": ed(ONE), "a.md": "---\nheadline: 注\n---\n正文[^1]。\n\n[^1]: 注释的内容。\n"},
     "args: build edition.yaml -o out --dpi 20\nexit: 0\nstderr: a.md:6:1: warning: footnotes are not set as notes: the definition is kept as a paragraph of text")
case("markdown-table", {"edition.yaml": ed(ONE), "a.md": "---\nheadline: 表\n---\n正文。\n\n| 站点 | 数量 |\n|---|---|\n| 西宁 | 12 |\n"},
     "args: build edition.yaml -o out --dpi 20\nexit: 0\nstderr: a.md:6:1: warning: a table is not set as a table: each row is set as a line of text")

# 4. photos as photo desks deliver them
case("photo-corrupt-scan", {"edition.yaml": ed(ONE), "a.md": FIG + "![坏](bad.jpg)\n"},
     "generate: corruptjpeg bad.jpg\nargs: build edition.yaml -o out\nexit: 1\nstderr: a.md:6:1: error: bad.jpg: \nstderr: (libjpeg: ")
case("photo-corrupt-thrice", {"edition.yaml": ed(ONE + "    ads:\n      - {src: bad.jpg, at: {col: 1, row: 12, cols: 2, rows: 5}}\n"),
     "a.md": FIG + "![坏](bad.jpg)\n\n![又坏](bad.jpg)\n\n![missing](gone.jpg)\n\n![again](gone.jpg)\n"},
     "generate: corruptjpeg bad.jpg\nargs: build edition.yaml -o out\nexit: 1\nstderr: a.md:6:1: error: bad.jpg: \nstderr: a.md:10:1: error: cannot read photo gone.jpg\nerrors: 2")
case("photo-header-lies", {"edition.yaml": ed(ONE), "a.md": FIG + "![大](liar.jpg)\n"},
     "generate: liarjpeg liar.jpg\nargs: build edition.yaml -o out\nexit: 1\nstderr: a.md:6:1: error: liar.jpg: the JPEG is damaged")
case("photo-png-cut", {"edition.yaml": ed(ONE), "a.md": FIG + "![断](cut.png)\n"},
     "generate: cutpng cut.png\nargs: build edition.yaml -o out\nexit: 1\nstderr: a.md:6:1: error: cut.png: not a readable PNG (libpng:")
case("photo-fifo", {"edition.yaml": ed(ONE), "a.md": FIG + "![管道](pipe.jpg)\n"},
     "generate: fifo pipe.jpg\nargs: build edition.yaml -o out\nexit: 1\nstderr: a.md:6:1: error: cannot read photo pipe.jpg: not a regular file")
case("photo-camera-original", {"edition.yaml": ed(ONE.replace("rows: 10", "rows: 22")), "a.md": FIG + "![原图](big.jpg)\n"},
     "generate: bigjpeg big.jpg 22\nargs: build edition.yaml -o out --dpi 20\nexit: 0\nwritten: out/edition.pdf")
case("photo-over-limit", {"edition.yaml": ed(ONE), "a.md": FIG + "![太大](huge.jpg)\n"},
     "generate: bigjpeg huge.jpg 130\nargs: check edition.yaml\nexit: 1\nstderr: a.md:6:1: error: cannot read photo huge.jpg: larger than the limit of 128 MiB")
for fmt, cmd in (("heic", "heif-convert"), ("tiff", "convert"), ("webp", "convert"), ("gif", "convert")):
    case("photo-" + fmt, {"edition.yaml": ed(ONE), "a.md": FIG + "![格式](p.%s)\n" % fmt},
         "generate: magic p.%s %s\nargs: build edition.yaml -o out\nexit: 1\nstderr: a.md:6:1: error: p.%s is a %s file; paiban reads JPEG and PNG photos: convert it first, e.g. %s 'p.%s' photo.jpg"
         % (fmt, fmt, fmt, {"heic": "HEIC", "tiff": "TIFF", "webp": "WebP", "gif": "GIF"}[fmt], cmd, fmt))

# 5. names that reach files and HTML
case("id-from-file-name", {"edition.yaml": ed(ONE).replace("src: a.md", "src: \"o'neill <新> x.md\""), "o'neill <新> x.md": ART},
     "args: build edition.yaml -o out --dpi 20 --article-pdfs arts\nexit: 0\nwritten: arts/o-neill-x.pdf\nreport: the id 'o-neill-x' is made from the file name")
case("id-escapes", {"edition.yaml": ed(ONE), "a.md": "---\nheadline: 标题\nid: ../../escaped\n---\n正文。\n"},
     "args: build edition.yaml -o out --article-pdfs arts\nexit: 1\nstderr: a.md:3:5: error: an id is 1 to 64 letters, digits, '.', '_' or '-'\nabsent: arts\nabsent: ../escaped.pdf")
case("id-quote", {"edition.yaml": ed(ONE), "a.md": "---\nheadline: 标题\nid: 'x\" onmouseover=\"alert(1)'\n---\n正文。\n"},
     "args: build edition.yaml -o out\nexit: 1\nstderr: a.md:3:5: error: an id is 1 to 64 letters")
case("id-chinese-name", {"edition.yaml": ed(ONE).replace("src: a.md", "src: 新闻稿.md"), "新闻稿.md": ART},
     "args: build edition.yaml -o out --dpi 20\nexit: 0\nwritten: out/edition.pdf\nreport: is made from the file name")

# 6. messages a desk can act on
case("missing-article-typo", {"edition.yaml": ed(ONE.replace("src: a.md", "src: articles/footbal.md")), "articles/football.md": ART},
     "args: build edition.yaml -o out\nexit: 1\nstderr: edition.yaml:7:14: error: cannot read articles/footbal.md: No such file or directory (did you mean articles/football.md?)")
case("jump-yaml-error", {"edition.yaml": ed(ONE + "        continues_on: 2\n      - src: b.md\n        at: {col: 1, row: 11, cols: 2, rows: 8}\n        continues_on: 2\n  - number: 2\n    articles:\n      - src: a.md\n        at: {col: 1, row: 1, cols: 2, rows: 10}\n        continued_from: 1\n      - src: b.md\n        at: {col: 1, row: 11, cols: 2, rows: 8}\n        continued_from: 1\n"),
     "a.md": "---\nheadline: [未闭合\n---\n正文。\n", "b.md": "---\nheadline: 二\n---\n正文。\n"},
     "args: build edition.yaml -o out\nexit: 1\nstderr: a.md:3:1: error: YAML syntax\nerrors: 1")
case("headline-shrinks", {"edition.yaml": ed(ONE), "a.md": "---\nheadline: 高原上的光伏电站建设进展顺利当地群众就近就业收入明显增加生态环境也得到改善\ndeck: 副题\n---\n正文。\n"},
     "args: build edition.yaml -o out --dpi 20\nexit: 0\nstderr: a.md:2:11: warning: the headline of 'a' had to be set at")
case("overset-where", {"edition.yaml": ed(ONE), "a.md": "---\nheadline: 长稿\n---\n第一段。\n\n" + "第二段的文字放不下，" * 20 + "\n\n" + "第三段也放不下。" * 20 + "\n"},
     "args: build edition.yaml -o out --dpi 20\nexit: 0\nstderr: warning: article 'a' is overset by\nstderr: (this paragraph): its module needs")
case("composed-white", {"edition.yaml": ed("  - number: 2\n    articles:\n      - src: a.md\n"), "a.md": "---\nheadline: 短讯\n---\n一条很短的消息。\n"},
     "args: build edition.yaml -o out --dpi 20\nexit: 0\nstderr: warning: page 2 is composed with\nstderr: of the page (more than 3 %)")
case("missing-glyph-fields", {"edition.yaml": ed(ONE), "a.md": "---\nkicker: 引题\U0002A6D6\nheadline: 标题\U0002A6D7\ndeck: [副题, 二行\U0002A6D6]\nbyline: 记者\U0002A6D7\n---\n正文。\n"},
     "args: build edition.yaml -o out --dpi 20\nexit: 0\nstderr: a.md:2:9: warning: no font has a glyph for U+2A6D6\nstderr: a.md:3:11: warning: no font has a glyph for U+2A6D7\nstderr: a.md:4:12: warning: no font has a glyph for U+2A6D6\nstderr: a.md:5:9: warning: no font has a glyph for U+2A6D7")

# ---- the press PDFs: the plant's profile, the standard, colour values ----
LAYP = "page: {width: 300pt, height: 420pt}\ngrid: {columns: 2}\n"
case("press-profile-missing", {"lay.yaml": LAYP + "press: {profile: plant.icc, condition: Plant 26}\n",
     "edition.yaml": ed(ONE, "lay.yaml"), "a.md": ART},
     "args: build edition.yaml -o out --press\nexit: 1\nstderr: lay.yaml:3:18: error: cannot read the press profile")


def rgb_profile():
    from PIL import ImageCms
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


case("press-profile-rgb", {"lay.yaml": LAYP + "press:\n  profile: srgb.icc\n", "srgb.icc": rgb_profile(),
     "edition.yaml": ed(ONE, "lay.yaml"), "a.md": ART},
     "args: build edition.yaml -o out --press\nexit: 1\nstderr: lay.yaml:4:12: error: the press profile \nstderr: cannot be used: not a CMYK output (printer) profile")
case("press-profile-not-icc", {"lay.yaml": LAYP + "press:\n  profile: edition.yaml\n",
     "edition.yaml": ed(ONE, "lay.yaml"), "a.md": ART},
     "args: check edition.yaml\nexit: 1\nstderr: lay.yaml:4:12: error: the press profile \nstderr: cannot be used: not an ICC profile Little CMS can read")
case("press-standard-unknown", {"lay.yaml": LAYP + "press: {standard: x3, ink_limit: 500, downsample: 50}\n",
     "edition.yaml": ed(ONE, "lay.yaml"), "a.md": ART},
     "args: check edition.yaml\nexit: 1\nstderr: lay.yaml:3:19: error: unknown press standard 'x3' (x1a: PDF/X-1a:2001, x4: PDF/X-4)\nstderr: lay.yaml:3:34: error: 'ink_limit' is 500; it must be between 100 and 400\nstderr: lay.yaml:3:51: error: 'downsample' is 50; it must be between 72 and 2400")
case("color-unquoted-cmyk", {"lay.yaml": LAYP + "styles:\n  credit: {family: sans, color: cmyk(0,0,0,60)}\n",
     "edition.yaml": ed(ONE, "lay.yaml"), "a.md": ART},
     "args: check edition.yaml\nexit: 1\nstderr: lay.yaml:4:33: error: colour 'cmyk(0' is cut at a comma: write it in quotes")
case("color-out-of-range", {"lay.yaml": LAYP + "styles:\n  credit: {color: \"cmyk(0,120,0,0)\"}\n  caption: {color: \"gray(50) red\"}\n",
     "edition.yaml": ed(ONE, "lay.yaml"), "a.md": ART},
     "args: check edition.yaml\nexit: 1\nstderr: lay.yaml:4:19: error: colour 'cmyk(0,120,0,0)' must be written #RRGGBB, cmyk(C,M,Y,K) or gray(K)\nstderr: lay.yaml:5:20: error: colour 'gray(50) red' must be written")
case("edition-press-bad", {"edition.yaml": ed(ONE).replace("layout:", "press: maybe\nlayout:"), "a.md": ART},
     "args: check edition.yaml\nexit: 1\nstderr: edition.yaml:3:8: error: 'press' must be true, false, x1a (PDF/X-1a:2001) or x4 (PDF/X-4)")
case("edition-site-url-bad", {"edition.yaml": ed(ONE).replace("layout:", "site_url: epaper.example.com/today\nlayout:"),
                              "a.md": ART},
     "args: check edition.yaml\nexit: 1\nstderr: edition.yaml:3:11: error: 'site_url' must be the http:// or https:// "
     "address the digital edition is published at")
case("edition-site-url-space", {"edition.yaml": ed(ONE).replace("layout:", "site_url: \"https://epaper example/\"\nlayout:"),
                                "a.md": ART},
     "args: check edition.yaml\nexit: 1\nstderr: edition.yaml:3:11: error: 'site_url' must be the http:// or https:// "
     "address")
# a jump whose first part takes the whole story, its continuation to be
# composed (no `at`) with another article after it in the edition: the
# warning, never a crash (the composer read the placement it had dropped)
case("jump-fits-composed", {
    "edition.yaml": "paper: 测试报\ndate: 2026-12-03\nlayout: a4\npages:\n  - articles:\n"
                    "      - src: a.md\n        at: {col: 1, row: 1, cols: 4, rows: 20}\n        continues_on: 2\n"
                    "      - src: b.md\n        at: {col: 1, row: 21, cols: 4, rows: 20}\n"
                    "  - articles:\n      - src: a.md\n        continued_from: 1\n",
    "a.md": "---\nid: short-jump\nheadline: 短稿\n---\n正文只有一句。\n",
    "b.md": "---\nheadline: 另一篇\n---\n正文。\n"},
     "args: check edition.yaml\nexit: 0\nstderr: edition.yaml:7:13: warning: 'short-jump' fits on page 1, so nothing "
     "continues on page 2")
# ids the viewer reads as page addresses (#page-2, #p1), from the front
# matter or from the file's name
case("id-page-address", {"edition.yaml": ed(ONE), "a.md": "---\nid: page-2\nheadline: 标题\n---\n正文。\n"},
     "args: check edition.yaml\nexit: 1\nstderr: a.md:2:5: error: the id 'page-2' is a page's address in the digital "
     "edition")
case("id-page-address-file", {"edition.yaml": ed(ONE).replace("src: a.md", "src: p1.md"), "p1.md": ART},
     "args: check edition.yaml\nexit: 1\nstderr: p1.md:1:1: error: the id 'p1' is a page's address")
case("edition-site-url-query", {"edition.yaml": ed(ONE).replace("layout:", "site_url: https://x.example/e?day=1\nlayout:"),
                                "a.md": ART},
     "args: check edition.yaml\nexit: 1\nstderr: edition.yaml:3:11: error: 'site_url' must be the http:// or https:// "
     "address")
case("edition-web-ppi-bad", {"edition.yaml": ed(ONE).replace("layout:", "web_ppi: 20\nlayout:"), "a.md": ART},
     "args: check edition.yaml\nexit: 1\nstderr: edition.yaml:3:10: error: 'web_ppi' is 20; it must be between 72 and 2400")
case("cli-press-bad", {"edition.yaml": ed(ONE), "a.md": ART},
     "args: build edition.yaml -o out --press=x3\nexit: 2\nstderr: paiban: --press takes x1a (PDF/X-1a:2001), x4 (PDF/X-4) or off")
case("cli-press-space", {"edition.yaml": ed(ONE), "a.md": ART},
     "args: build edition.yaml -o out --press x4\nexit: 2\nstderr: paiban: --press takes its value after '=': --press=x4")
case("proof-press", {"a.md": ART},
     "args: proof a.md -o a.pdf --press\nexit: 2\nstderr: paiban: --press is for build and check")
case("color-hash-comment", {"lay.yaml": LAYP + "styles:\n  credit:\n    family: sans\n    color: #1060c0\n",
     "edition.yaml": ed(ONE, "lay.yaml"), "a.md": ART},
     "args: check edition.yaml\nexit: 1\nstderr: lay.yaml:6:5: error: the colour is empty: a # starts a YAML comment, so write it in quotes")
case("color-unquoted-flow", {"lay.yaml": LAYP + "styles:\n  masthead: {family: serif, color: cmyk(0,100,100,25)}\n",
     "edition.yaml": ed(ONE, "lay.yaml"), "a.md": ART},
     "args: check edition.yaml\nexit: 1\nstderr: lay.yaml:4:36: error: colour 'cmyk(0' is cut at a comma: write it in quotes\nnotstderr: given twice\nnotstderr: unknown key")
case("color-hex-ink", {"lay.yaml": LAYP + "styles:\n  credit: {color: \"cmyk(0x10,0,0,1e2)\"}\n",
     "edition.yaml": ed(ONE, "lay.yaml"), "a.md": ART},
     "args: check edition.yaml\nexit: 1\nstderr: lay.yaml:4:19: error: colour 'cmyk(0x10,0,0,1e2)' must be written")
case("indent-units", {"lay.yaml": LAYP + "styles:\n  body: {indent: 2pt}\ntypography:\n  ja: {indent: 0x2}\n",
     "edition.yaml": ed(ONE, "lay.yaml"), "a.md": ART},
     "args: check edition.yaml\nexit: 1\nstderr: lay.yaml:4:18: error: 'indent' must be a number of em between 0 and 10, e.g. 2em\n"
     "stderr: lay.yaml:6:16: error: 'indent' must be a number of em between 0 and 4, e.g. 2em")
case("press-condition-empty", {"lay.yaml": LAYP + "press: {condition: \"\"}\n",
     "edition.yaml": ed(ONE, "lay.yaml"), "a.md": ART},
     "args: check edition.yaml\nexit: 1\nstderr: lay.yaml:3:20: error: the output condition is empty")
case("press-profile-folder", {"lay.yaml": LAYP + "press: {profile: icc}\n", "icc/x": "",
     "edition.yaml": ed(ONE, "lay.yaml"), "a.md": ART},
     "args: check edition.yaml\nexit: 1\nstderr: lay.yaml:3:18: error: the press profile \nstderr: is a folder, not an ICC file")


def v4_profile():
    here = os.path.dirname(os.path.abspath(__file__))
    b = bytearray(open(os.path.join(here, "..", "..", "layouts", "profiles", "paiban-newsprint-240.icc"), "rb").read())
    b[8] = 4  # the header's major version: as a version 4 profile
    return bytes(b)


case("press-profile-v4-x1a", {"lay.yaml": LAYP + "press: {profile: v4.icc}\n", "v4.icc": v4_profile(),
     "edition.yaml": ed(ONE, "lay.yaml"), "a.md": ART},
     "args: build edition.yaml -o out --press\nexit: 1\nstderr: is an ICC version 4 profile: PDF/X-1a:2001 takes version 2 profiles only")
case("press-same-photo-twice", {"edition.yaml": ed(ONE + "    ads:\n      - {src: ../../../data/small.jpg, at: {col: 1, row: 12, cols: 1, rows: 5}}\n"
                                                       "      - {src: ../../../data/small.jpg, at: {col: 2, row: 12, cols: 1, rows: 5}}\n"), "a.md": ART},
     "args: build edition.yaml -o out --press --dpi 20\nexit: 0\nwritten: out/press/01.pdf\nnotstderr: damaged")
case("cost-model-values", {"lay.yaml": "page: {width: 300pt, height: 420pt}\ngrid: {columns: 2}\nbreaking: {tolerance: 0, orphan: lots, looseness: 1}\n"
                                       "composition: {white: -1, side_by_side: 3}\n",
                           "edition.yaml": ed(ONE, "lay.yaml"), "a.md": ART},
     "args: build edition.yaml -o out\nexit: 1\nstderr: lay.yaml:3:23: error: 'tolerance'\nstderr: lay.yaml:3:34: error: 'orphan'\n"
     "stderr: unknown key 'looseness'\nstderr: lay.yaml:4:22: error: 'white'\nstderr: unknown key 'side_by_side'\nnotwritten: out/edition.pdf")
case("cjk-spaces-value", {"edition.yaml": "cjk_spaces: sometimes\n" + ed(ONE), "a.md": ART.replace("headline: 标题\n", "headline: 标题\ncjk_spaces: yes\n")},
     "args: build edition.yaml -o out\nexit: 1\nstderr: edition.yaml:1:13: error: 'cjk_spaces' must be keep\nstderr: a.md:3:13: error: 'cjk_spaces' must be keep\nnotwritten: out/edition.pdf")
