#!/usr/bin/python3
"""往期: `paiban archive DIR` over a folder of editions —

  * three editions (two days of one paper, and a paper whose name holds
    markup characters) are listed newest first, each with its date, issue
    line, lead headline and first page's thumbnail, linking to its viewer;
    every link and image resolves; folder names with spaces and CJK are
    percent-encoded in the links;
  * a folder without paiban's marker is not listed; an edition.json that
    is damaged is a warning naming the file, and the rest is listed;
  * paiban-archive.js lists the editions oldest first for the viewers,
    each href resolving from an edition's folder;
  * run twice, the index is byte-identical; a DIR that is not a folder,
    or that is an edition's own folder, is an error (exit 1) and nothing
    is written.

    check_back_issues.py PAIBAN_BINARY
"""
import html.parser
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
results = []


def check(name, ok, detail=""):
    results.append(bool(ok))
    print("%s %s%s" % ("ok  " if ok else "FAIL", name, "" if ok else "\n  " + str(detail)[:1500]))


class Index(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.items, self.cur, self.text_of = [], None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "li":
            self.cur = {"date": a.get("data-date"), "text": "", "href": None, "img": None}
            self.items.append(self.cur)
        elif tag == "a" and self.cur is not None:
            self.cur["href"] = a.get("href")
        elif tag == "img" and self.cur is not None:
            self.cur["img"] = a.get("src")

    def handle_endtag(self, tag):
        if tag == "li":
            self.cur = None

    def handle_data(self, data):
        if self.cur is not None:
            self.cur["text"] += data


def build(binary, edition, out):
    r = subprocess.run([binary, "build", edition, "-o", out, "-q", "--dpi", "50"], capture_output=True, text=True)
    check("build %s" % os.path.basename(out), r.returncode == 0, r.stderr)


def main():
    binary = sys.argv[1]
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "src")
        shutil.copytree(os.path.join(ROOT, "examples"), src)
        y = open(os.path.join(src, "edition.yaml"), encoding="utf-8").read()
        days = os.path.join(tmp, "days")
        os.mkdir(days)
        open(os.path.join(src, "e27.yaml"), "w", encoding="utf-8").write(y.replace("date: 2026-11-26", "date: 2026-11-27"))
        odd = y.replace("paper: 高原日报", 'paper: "<b>晚&\\"报"').replace("date: 2026-11-26", "date: 2026-10-02")
        open(os.path.join(src, "odd.yaml"), "w", encoding="utf-8").write(odd)
        build(binary, os.path.join(src, "edition.yaml"), os.path.join(days, "2026-11-26"))
        build(binary, os.path.join(src, "e27.yaml"), os.path.join(days, "第 27 期"))
        build(binary, os.path.join(src, "odd.yaml"), os.path.join(days, "odd"))
        # not editions: a folder of notes, and an edition whose edition.json broke
        os.mkdir(os.path.join(days, "notes"))
        open(os.path.join(days, "notes", "a.txt"), "w").write("x")
        shutil.copytree(os.path.join(days, "2026-11-26"), os.path.join(days, "broken"))
        open(os.path.join(days, "broken", "edition.json"), "w").write("{\"paper\": ")
        r = subprocess.run([binary, "archive", days], capture_output=True, text=True)
        check("archive: exit 0", r.returncode == 0, r.stderr)
        check("a damaged edition.json is a warning naming it", re.search(r"broken/edition\.json:1:\d+: warning", r.stderr),
              r.stderr)
        page = open(os.path.join(days, "index.html"), encoding="utf-8").read()
        idx = Index()
        idx.feed(page)
        dates = [i["date"] for i in idx.items]
        check("three editions, newest first", dates == ["2026-11-27", "2026-11-26", "2026-10-02"], dates)
        check("the notes and the broken edition not listed", len(idx.items) == 3)
        for i in idx.items:
            target = os.path.join(days, urllib.parse.unquote(i["href"] or ""))
            img = os.path.join(days, urllib.parse.unquote(i["img"] or ""))
            check("%s: link to its viewer and thumbnail resolve" % i["date"], os.path.isfile(target) and
                  target.endswith("index.html") and os.path.isfile(img), (i["href"], i["img"]))
            d = i["date"]
            check("%s: its date, issue and lead headline" % d, "%s年%d月%d日" % (d[:4], int(d[5:7]), int(d[8:])) in i["text"]
                  and "第12345期" in i["text"] and "海拔4500米光伏基地全面并网发电" in i["text"], i["text"])
        check("a folder name with a space and CJK percent-encoded",
              any(i["href"] == urllib.parse.quote("第 27 期") + "/index.html" for i in idx.items),
              [i["href"] for i in idx.items])
        check("markup in a paper's name is text", "&lt;b&gt;晚&amp;\"报" in page and "<b>" not in page, page[:600])
        js = open(os.path.join(days, "paiban-archive.js"), encoding="utf-8").read()
        data = json.loads(js[js.index("=") + 1:].rstrip().rstrip(";"))
        check("paiban-archive.js: the editions oldest first, each href resolving from an edition's folder",
              [e["date"] for e in data["editions"]] == ["2026-10-02", "2026-11-26", "2026-11-27"] and all(
                  os.path.isfile(os.path.normpath(os.path.join(days, "odd", urllib.parse.unquote(e["href"]))))
                  for e in data["editions"]) and data["index"] == "../index.html", data)
        subprocess.run([binary, "archive", days], capture_output=True)
        check("run again: the same index", open(os.path.join(days, "index.html"), encoding="utf-8").read() == page)
        viewer = open(os.path.join(days, "2026-11-26", "index.html"), "rb").read()
        r = subprocess.run([binary, "archive", os.path.join(days, "2026-11-26")], capture_output=True, text=True)
        check("an edition's own folder refused (exit 1), its viewer left as it was", r.returncode == 1 and
              "edition's folder" in r.stderr and
              open(os.path.join(days, "2026-11-26", "index.html"), "rb").read() == viewer and
              not os.path.exists(os.path.join(days, "2026-11-26", "paiban-archive.js")), r.stderr)
        r = subprocess.run([binary, "archive", os.path.join(days, "notes", "a.txt")], capture_output=True, text=True)
        check("a file for DIR: exit 1 with a message, nothing written", r.returncode == 1 and "a.txt" in r.stderr and
              not os.path.exists(os.path.join(days, "notes", "index.html")), r.stderr)
    print("%d of %d checks passed" % (sum(results), len(results)))
    sys.exit(0 if all(results) else 1)


if __name__ == "__main__":
    main()
