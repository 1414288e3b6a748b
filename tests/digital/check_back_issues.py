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
  * two editions of one day (a 号外 in a second folder) ordered by
    (date, folder name) in paiban-archive.js, both listed in the index;
  * run twice, the index is byte-identical; a DIR that is not a folder,
    or that is an edition's own folder, is an error (exit 1) and nothing
    is written;
  * the index speaks the newest edition's language (<html lang>, its
    title, date field, notes, month headings and dates: zh-Hans, en, ja);
    with more than one paper in the folder each entry names its paper,
    with one it does not; a paper's name and a lead headline in another
    language than the page's carry their lang.

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
    """The index's entries (date, text, link, thumbnail, paper and lead
    with their lang), its lang, and the text of its other elements."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.items, self.cur, self.field = [], None, None
        self.lang, self.texts, self.tag = None, {}, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tag = a.get("id") or tag
        if tag == "html":
            self.lang = a.get("lang")
        if tag == "li":
            self.cur = {"date": a.get("data-date"), "text": "", "href": None, "img": None}
            self.items.append(self.cur)
        elif tag == "a" and self.cur is not None:
            self.cur["href"] = a.get("href")
        elif tag == "img" and self.cur is not None:
            self.cur["img"] = a.get("src")
        elif tag == "div" and self.cur is not None and a.get("class") in ("paper", "lead"):
            self.field = a["class"]
            self.cur[self.field] = ""
            self.cur[self.field + "_lang"] = a.get("lang")

    def handle_endtag(self, tag):
        self.tag = None
        if tag == "li":
            self.cur = None
        if tag == "div":
            self.field = None

    def handle_data(self, data):
        if self.cur is not None:
            self.cur["text"] += data
            if self.field:
                self.cur[self.field] += data
        elif self.tag:
            self.texts.setdefault(self.tag, []).append(data)

    def text(self, tag):
        return "".join(self.texts.get(tag, []))


def read_index(days):
    page = open(os.path.join(days, "index.html"), encoding="utf-8").read()
    idx = Index()
    idx.feed(page)
    return page, idx


def languages(binary, src, y, tmp):
    """An English paper the newest beside a zh-Hant and a Japanese one: the
    index in English, each entry naming its paper; a Japanese paper alone:
    in Japanese, no paper named."""
    days, alone = os.path.join(tmp, "langs"), os.path.join(tmp, "alone")
    os.mkdir(days)
    os.mkdir(alone)
    for lang, paper, date in (("en", "Highland Daily", "2026-11-28"), ("zh-Hant", "高原日報", "2026-11-27"),
                              ("ja", "高原新聞", "2026-10-05")):
        e = y.replace("lang: zh-Hans", "lang: " + lang).replace("paper: 高原日报", "paper: " + paper)
        e = e.replace("date: 2026-11-26", "date: " + date)
        open(os.path.join(src, lang + ".yaml"), "w", encoding="utf-8").write(e)
        build(binary, os.path.join(src, lang + ".yaml"), os.path.join(days, lang))
    shutil.copytree(os.path.join(days, "ja"), os.path.join(alone, "ja"))
    for d in (days, alone):
        r = subprocess.run([binary, "archive", d], capture_output=True, text=True)
        check("archive %s: exit 0" % os.path.basename(d), r.returncode == 0, r.stderr)
    page, idx = read_index(days)
    check("the newest paper English: the index in English (lang, title, date field, note, month headings)",
          idx.lang == "en" and idx.text("title") == "Highland Daily, 高原日報, 高原新聞 — Back issues" and
          idx.text("label") == "Go to a date: " and idx.text("none") == " No paper on this day" and
          idx.text("h2") == "November 2026October 2026", (idx.lang, idx.texts))
    by = {i["date"]: i for i in idx.items}
    check("English dates (28 November 2026, 5 October 2026)", "28 November 2026" in by["2026-11-28"]["text"] and
          "5 October 2026" in by["2026-10-05"]["text"] and "年" not in "".join(i["text"] for i in idx.items),
          [i["text"] for i in idx.items])
    check("three papers: each entry names its paper, its lang on it when not the page's",
          [(i.get("paper"), i.get("paper_lang")) for i in idx.items] ==
          [("Highland Daily", None), ("高原日報", "zh-Hant"), ("高原新聞", "ja")], idx.items)
    check("a lead headline in another language than the page's carries its lang",
          [i.get("lead_lang") for i in idx.items] == [None, "zh-Hant", "ja"] and
          all(i.get("lead") == "海拔4500米光伏基地全面并网发电" for i in idx.items), idx.items)
    page, idx = read_index(alone)
    check("a Japanese paper alone: the index in Japanese, its date 2026年10月5日, no paper named in the entry",
          idx.lang == "ja" and idx.text("title") == "高原新聞 過去の紙面" and idx.text("label") == "日付で探す：" and
          idx.text("h2") == "2026年10月" and "2026年10月5日" in idx.items[0]["text"] and "paper" not in idx.items[0] and
          idx.items[0].get("lead_lang") is None, (idx.lang, idx.texts, idx.items))


def same_day(binary, days, tmp):
    """Two editions of one paper on one day (the day's edition, and a 号外
    or a rebuild in a second folder): paiban-archive.js, which the
    viewers' 上一期/下一期 walk, orders them by (date, folder name); the
    index lists both under that date, the date field going to the first.
    (The viewers themselves: tests/browser, 往期.)"""
    extra = os.path.join(tmp, "extra")
    shutil.copytree(days, extra, ignore=shutil.ignore_patterns("index.html", "paiban-archive.js"), dirs_exist_ok=False)
    shutil.copytree(os.path.join(extra, "第 27 期"), os.path.join(extra, "第 27 期-号外"))
    r = subprocess.run([binary, "archive", extra], capture_output=True, text=True)
    check("two editions of a day: archive exit 0", r.returncode == 0, r.stderr)
    js = open(os.path.join(extra, "paiban-archive.js"), encoding="utf-8").read()
    data = json.loads(js[js.index("=") + 1:].rstrip().rstrip(";"))
    mine = [e for e in data["editions"] if e["paper"] == "高原日报"]
    order = [urllib.parse.unquote(e["href"]) for e in mine]
    check("paiban-archive.js: a paper's editions by date, then folder name",
          order == ["../2026-11-26/index.html", "../第 27 期/index.html", "../第 27 期-号外/index.html"], order)
    page, idx = read_index(extra)
    day = [(i["date"], urllib.parse.unquote(i["href"])) for i in idx.items if i["date"] == "2026-11-27"]
    check("the index lists both editions of the day, the first first (where the date field goes)",
          day == [("2026-11-27", "第 27 期/index.html"), ("2026-11-27", "第 27 期-号外/index.html")], day)


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
        page, idx = read_index(days)
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
        check("the index in Simplified Chinese, the newest edition's language",
              idx.lang == "zh-Hans" and idx.text("label") == "按日期查看：" and idx.text("none") == " 这一天没有报纸" and
              idx.text("h2") == "2026年11月2026年10月" and idx.text("title").endswith(" 往期"), (idx.lang, idx.texts))
        check("two papers: each entry names its paper; leads in the page's language carry no lang",
              [i.get("paper") for i in idx.items] == ["高原日报", "高原日报", '<b>晚&"报'] and
              all(i.get("paper_lang") is None and i.get("lead_lang") is None for i in idx.items), idx.items)
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
        same_day(binary, days, tmp)
        languages(binary, src, y, tmp)
    print("%d of %d checks passed" % (sum(results), len(results)))
    sys.exit(0 if all(results) else 1)


if __name__ == "__main__":
    main()
