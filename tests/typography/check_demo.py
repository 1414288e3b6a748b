#!/usr/bin/python3
"""The typography check of the demo edition: builds it with one PDF per
article (only its own text, where the edition sets it) and runs the
shared quality report, ../shared/tools/cjkmetrics.py, on each with
--source; then proofs each news article in tests/typography/proofs/
alone on the a4 layout (`paiban proof`) and checks it the same way.  Fails on any kinsoku violation, split ——/……/number/word,
ragged justified line, 孤字, missing character, loose line (> 0.2 em),
95th percentile of ideograph spacing at 0.08 em or more, Han–Latin gap
median outside ⅛–⅓ em, source space not set, or uncompressed
punctuation pair under zh-Hans; prints the figures.

    check_demo.py PAIBAN_BINARY [CJKMETRICS]

Characters the report does not read from the source (kicker, byline,
dateline; Markdown's ## and ** markers) are accounted for exactly: the
PDF must have those and nothing else beyond the source.
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
TOOL = os.path.join(os.path.dirname(ROOT), "shared", "tools", "cjkmetrics.py")
PROOFS = os.path.join(ROOT, "tests", "typography", "proofs")

results = []


def check(name, ok, detail=""):
    results.append(ok)
    if not ok:
        print("FAIL %s\n  %s" % (name, detail))


def front_matter(path):
    return yaml.safe_load(open(path, encoding="utf-8").read().split("---", 2)[1]) or {}


def measure(tool, aid, pdf, path, fm, ed, totals, extra_unread=0):
    """Runs the report on one article's PDF and checks it; extra_unread:
    characters of page furniture the PDF also holds (a proof's folio)."""
    out = subprocess.run(["/usr/bin/python3", tool, pdf, "--source", path, "--json"],
                         capture_output=True, text=True)
    if out.returncode != 0:
        check("cjkmetrics on %s" % aid, False, out.stderr[-2000:])
        return
    m = json.loads(out.stdout)
    tc = m["text_conservation"]
    # what the report cannot know: fields it does not read and the
    # Markdown markers it does not strip
    source = open(path, encoding="utf-8").read().split("---", 2)[2]
    markers = len(re.findall(r"^#+", source, re.M) and "".join(re.findall(r"^#+", source, re.M))) + \
        source.count("**") * 2 + len(re.findall(r"(?<!\*)\*(?!\*)", source))
    unread = "".join(str(fm.get(k, "")) for k in ("kicker", "byline", "dateline"))
    unread = len(re.sub(r"\s", "", unread))
    unread += extra_unread
    for pg in ed["pages"] if ed else []:
        for e in pg.get("articles", []):
            if e.get("continues_on") and os.path.join(os.path.dirname(EDITION), e["src"]) == path:
                # the jump lines and the headline repeated over the continuation
                unread += len("下转第%d版" % e["continues_on"]) + len("上接第%d版" % pg["number"]) + \
                    len(re.sub(r"\s", "", fm["headline"]))
    name = "%s (%s)" % (aid, os.path.relpath(path, ROOT))
    check("%s: kinsoku" % name, m["kinsoku_start"] == 0 and m["kinsoku_end"] == 0,
          "%d line starts, %d line ends" % (m["kinsoku_start"], m["kinsoku_end"]))
    check("%s: split pairs" % name, m["split_pairs"] == 0, m["split_pairs"])
    check("%s: ragged justified lines" % name, m["ragged_right"] == 0 and m["ragged_left"] == 0,
          (m["ragged_right"], m["ragged_left"]))
    check("%s: 孤字" % name, m["orphan_char"] == 0, m["orphan_char"])
    # A caption under a photo in mid-module is read by the report
    # apart from its credit on the next line: it then counts the
    # caption-and-credit as missing and the two pieces as extra.
    # Account for exactly that, and nothing else.
    moved = 0
    for cap, credit in re.findall(r'^!\[([^\]]*)\]\([^ )]+(?: "([^"]*)")?\)', source, re.M):
        block = re.sub(r"\s", "", cap + credit)
        if any(block[:20].replace("，", ",") in re.sub(r"\s", "", x).replace("，", ",")
               for x in tc["missing_samples"]):
            moved += len(block)
    check("%s: missing characters" % name, tc["missing_chars"] == markers + moved,
          "%d missing (%d Markdown markers, %d in captions read apart): %s" % (
              tc["missing_chars"], markers, moved, tc["missing_samples"]))
    check("%s: added characters" % name,
          tc["extra_chars"] == unread + moved and tc["substituted_chars"] == 0,
          "%d extra, %d expected from kicker/byline/dateline and %d in captions: %s" % (
              tc["extra_chars"], unread, moved, tc["extra_samples"]))
    check("%s: no loose line" % name, (m["spacing_max_em"] or 0) <= 0.2, m["spacing_max_em"])
    check("%s: ideograph spacing p95 under 0.08 em" % name, (m["spacing_p95_em"] or 0) < 0.08,
          m["spacing_p95_em"])
    med = m["mixed_spacing_median_em"]
    check("%s: Han-Latin gap median between 1/8 and 1/3 em" % name,
          med is None or 0.125 <= med <= 0.334, med)
    check("%s: source spaces set" % name, m["source_spaces_dropped"] == 0,
          "%d of %d" % (m["source_spaces_dropped"], m["source_spaces"]))
    if fm.get("lang", (ed or {}).get("lang", "zh-Hans")) == "zh-Hans":
        check("%s: punctuation pairs compressed" % name, m["punct_pairs_compressed"] == m["punct_pairs"],
              "%d of %d" % (m["punct_pairs_compressed"], m["punct_pairs"]))
    totals["lines"] += m["lines"]
    totals["loose"] += m["loose_lines"]
    totals["pairs"] += m["punct_pairs"]
    totals["compressed"] += m["punct_pairs_compressed"]
    print("%-16s %5d %4d %4d %5d %5d %6s %6s %6s %5s %6d %6d" % (
        aid, m["lines"], m["kinsoku_start"] + m["kinsoku_end"], m["split_pairs"],
        m["ragged_right"] + m["ragged_left"], m["orphan_char"], m["spacing_max_em"], m["spacing_p95_em"],
        m["mixed_spacing_median_em"], "%d/%d" % (m["punct_pairs_compressed"], m["punct_pairs"]),
        tc["missing_chars"] - markers - moved, tc["extra_chars"] - unread - moved))


def main():
    binary = sys.argv[1]
    tool = sys.argv[2] if len(sys.argv) > 2 else TOOL
    if not os.path.exists(tool):
        print("cjkmetrics.py not found at %s" % tool)
        sys.exit(1)
    ed = yaml.safe_load(open(EDITION, encoding="utf-8"))
    articles = {}
    for p in ed["pages"]:
        for a in p.get("articles", []):
            path = os.path.join(os.path.dirname(EDITION), a["src"])
            fm = front_matter(path)
            articles[fm.get("id") or os.path.splitext(os.path.basename(path))[0]] = (path, fm)
    totals = {"lines": 0, "loose": 0, "gaps": [], "pairs": 0, "compressed": 0}
    with tempfile.TemporaryDirectory() as tmp:
        r = subprocess.run([binary, "build", EDITION, "-o", os.path.join(tmp, "out"), "-q", "--dpi", "30",
                            "--article-pdfs", os.path.join(tmp, "arts")], capture_output=True, text=True)
        check("build", r.returncode == 0, r.stderr)
        print("%-16s %5s %4s %4s %5s %5s %6s %6s %6s %5s %6s %6s" % (
            "article", "lines", "kins", "splt", "ragd", "孤字", "max", "p95", "mixed", "pairs", "miss", "extra"))
        for aid, (path, fm) in sorted(articles.items()):
            measure(tool, aid, os.path.join(tmp, "arts", aid + ".pdf"), path, fm, ed, totals)
        # fresh news articles, each proofed alone on the a4 layout
        # (and the demo's two short items, whose paragraphs force a wide
        # line at the column width: the proof sets them 变栏)
        for path in sorted(os.path.join(PROOFS, n) for n in os.listdir(PROOFS)) + [
                os.path.join(ROOT, "examples", "articles", n) for n in ("satellite.md", "startup.md")]:
            name = os.path.basename(path)
            fm = front_matter(path)
            pdf = os.path.join(tmp, name + ".pdf")
            r = subprocess.run([binary, "proof", path, "-o", pdf, "--layout", "a4", "-q"],
                               capture_output=True, text=True)
            check("proof %s" % name, r.returncode == 0, r.stderr)
            if r.returncode == 0:
                pages = int(subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
                            .split("Pages:")[1].split()[0])
                folio = sum(len("第%d页校样" % (k + 1)) for k in range(pages))
                measure(tool, "proof:" + fm["id"], pdf, path, fm, None, totals, folio)

    check("loose lines under 0.5 %", totals["loose"] * 200 < max(1, totals["lines"]),
          "%d of %d" % (totals["loose"], totals["lines"]))
    print("all: %d body lines, %d loose (%.2f%%), %d/%d punctuation pairs compressed" % (
        totals["lines"], totals["loose"], 100.0 * totals["loose"] / max(1, totals["lines"]),
        totals["compressed"], totals["pairs"]))


if __name__ == "__main__":
    main()
    print("%d passed, %d failed" % (results.count(True), results.count(False)))
    sys.exit(0 if all(results) else 1)
