#!/usr/bin/python3
"""Layout tests: each tests/layout/NAME.md is proofed with the test layout
and the test fonts; its body lines (text, left edge, width, baseline) are
compared with NAME.json.  --regen rewrites the expected files.

    run.py PAIBAN_BINARY [--regen] [NAME ...]
"""
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
TOL = 0.02


def lines_of(layout):
    out = []
    for page in layout["pages"]:
        cur = None
        for it in page["items"]:
            if it["kind"] != "glyphs" or "block" not in it:
                continue
            key = (page["number"], it["block"], round(it["y"], 2))
            # runs of one line: same baseline, gaps smaller than a gutter
            if cur and cur["key"] == key and -12 < it["x"] - (cur["x"] + cur["w"]) < 11:
                cur["text"] += it["text"]
                cur["w"] = round(it["x"] + it["w"] - cur["x"], 2)
                cur["glyph_x"] += it["glyph_x"]
            else:
                cur = {"key": key, "page": page["number"], "block": it["block"], "y": it["y"],
                       "x": it["x"], "w": it["w"], "text": it["text"], "glyph_x": list(it["glyph_x"])}
                out.append(cur)
    for line in out:
        del line["key"]
    return out


def widow_lines(lines):
    """Lines that end a paragraph alone at the top of a column."""
    out = []
    for k in range(1, len(lines)):
        prev, cur = lines[k - 1], lines[k]
        nxt = lines[k + 1] if k + 1 < len(lines) else None
        new_column = cur["y"] < prev["y"] or cur["page"] != prev["page"]
        last_of_para = nxt is None or nxt["block"] != cur["block"]
        if new_column and last_of_para and prev["block"] == cur["block"]:
            out.append(cur["text"])
    return out


def run_case(binary, name, regen):
    md = os.path.join(HERE, name + ".md")
    with tempfile.TemporaryDirectory() as tmp:
        pdf, js = os.path.join(tmp, "p.pdf"), os.path.join(tmp, "p.json")
        own = os.path.join(HERE, name + ".yaml")  # a case may bring its own layout
        layout = own if os.path.exists(own) else os.path.join(HERE, "test.yaml")
        r = subprocess.run([binary, "proof", md, "--layout", layout,
                            "--fonts", os.path.join(ROOT, "fonts", "test-fonts.conf"),
                            "-o", pdf, "--json", js, "-q"], capture_output=True, text=True)
        if r.returncode != 0:
            return "paiban failed (%d): %s" % (r.returncode, r.stderr)
        got = lines_of(json.load(open(js, encoding="utf-8")))
    widows = widow_lines(got)
    if widows:
        return "a paragraph's last line alone at the top of a column: %s" % widows
    exp_path = os.path.join(HERE, name + ".json")
    if regen:
        with open(exp_path, "w", encoding="utf-8") as f:
            json.dump({"lines": got}, f, ensure_ascii=False, indent=1)
            f.write("\n")
        return None
    if not os.path.exists(exp_path):
        return "no expected file %s (run with --regen)" % exp_path
    exp = json.load(open(exp_path, encoding="utf-8"))["lines"]
    problems = []
    if len(exp) != len(got):
        problems.append("%d lines, expected %d" % (len(got), len(exp)))
    for i, (e, g) in enumerate(zip(exp, got)):
        if e["text"] != g["text"]:
            problems.append("line %d: %r, expected %r" % (i + 1, g["text"], e["text"]))
        for k in ("x", "w", "y"):
            if abs(e[k] - g[k]) > TOL:
                problems.append("line %d: %s %.2f, expected %.2f (%s)" % (i + 1, k, g[k], e[k], g["text"]))
        ex, gx = e.get("glyph_x", []), g["glyph_x"]
        if len(ex) != len(gx) or any(abs(a - b) > TOL for a, b in zip(ex, gx)):
            problems.append("line %d: glyph positions %s, expected %s (%s)" % (i + 1, gx, ex, g["text"]))
    return "\n  ".join(problems) if problems else None


def main():
    args = sys.argv[1:]
    binary = args.pop(0)
    regen = "--regen" in args
    names = [a for a in args if not a.startswith("--")] or sorted(
        f[:-3] for f in os.listdir(HERE) if f.endswith(".md"))
    failed = 0
    for n in names:
        err = run_case(binary, n, regen)
        print("%s %s%s" % ("FAIL" if err else "ok  ", n, "\n  " + err if err else ""))
        failed += bool(err)
    print("%d passed, %d failed" % (len(names) - failed, failed))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
