#!/usr/bin/python3
"""The article pages (articles/ID.html) as a reader, a search engine and a
share card read them, on the demo and on an edition with a site_url:

  * one page per article of edition.json, HTML that parses, <html lang>
    the article's language, <title> its headline and the paper;
  * the article whole: kicker, headline (h1), deck, byline, every
    paragraph's text in order (subheadings as h2), every figure's photo
    (an existing file) with its caption and credit, the editor line when
    it has an editor, the source line with the paper, date and page;
  * 上一篇/下一篇 in the edition's reading order (edition.json's pages,
    each page's articles), a link to the article on the page image
    (../index.html#ID) and to its page, related articles of its section;
    every relative link resolving to a file of the edition;
  * description and Open Graph tags (og:title = the headline, og:image an
    existing photo or thumbnail, og:locale by language); with the
    edition's site_url, og:url, canonical and og:image absolute under it;
  * markup in the copy shown as text (a headline with <b>&amp; "…");
  * with site_url, the ninjs photos' hrefs absolute under it, every item
    valid against ninjs 3.1 with formats asserted; a site_url that is not
    an http(s) address refused at its line.

    check_article_pages.py PAIBAN_BINARY
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
LABELS = {"zh-Hans": ("上一篇", "下一篇", "责任编辑", "zh_CN"), "zh-Hant": ("上一篇", "下一篇", "責任編輯", "zh_TW"),
          "ja": ("前の記事", "次の記事", "編集担当", "ja_JP"), "en": ("Previous", "Next", "Editor", "en_US")}


def check(name, ok, detail=""):
    results.append(bool(ok))
    print("%s %s%s" % ("ok  " if ok else "FAIL", name, "" if ok else "\n  " + str(detail)[:1500]))


class Page(html.parser.HTMLParser):
    """Elements with their attributes and text, in document order."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.elements, self.lang = [], [], None

    def handle_starttag(self, tag, attrs):
        e = {"tag": tag, "attrs": dict(attrs), "text": ""}
        if tag == "html":
            self.lang = e["attrs"].get("lang")
        self.elements.append(e)
        if tag not in ("meta", "link", "img", "br"):
            self.stack.append(e)

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()["tag"] == tag:
                break

    def handle_data(self, data):
        for e in self.stack:
            e["text"] += data

    def find(self, tag, **attrs):
        return [e for e in self.elements if e["tag"] == tag and
                all(e["attrs"].get(k) == v for k, v in attrs.items())]

    def meta(self, key):
        m = [e for e in self.elements if e["tag"] == "meta" and key in (e["attrs"].get("property"), e["attrs"].get("name"))]
        return m[0]["attrs"].get("content") if m else None


def squeeze(s):
    return re.sub(r"\s+", "", s)


def order_of(ed):
    seen = []
    for p in ed["pages"]:
        for a in p["articles"]:
            if a not in seen:
                seen.append(a)
    return seen


def check_edition(binary, edition, out, label, site=None):
    r = subprocess.run([binary, "build", edition, "-o", out, "-q"], capture_output=True, text=True)
    check("%s: build" % label, r.returncode == 0, r.stderr)
    if r.returncode:
        return
    ed = json.load(open(os.path.join(out, "edition.json"), encoding="utf-8"))
    arts = {a["id"]: a for a in ed["articles"]}
    order = order_of(ed)
    first_page = {}
    for p in ed["pages"]:
        for a in p["articles"]:
            first_page.setdefault(a, p)
    for k, aid in enumerate(order):
        a = arts[aid]
        path = os.path.join(out, "articles", aid + ".html")
        if not os.path.exists(path):
            check("%s: %s.html" % (label, aid), False)
            continue
        src = open(path, encoding="utf-8").read()
        pg = Page()
        pg.feed(src)
        prev_, next_, editor, locale = LABELS[a["lang"]]
        page = first_page[aid]
        name = "%s: %s.html" % (label, aid)
        check(name + ": lang, title", pg.lang == a["lang"] and pg.find("title") and
              pg.find("title")[0]["text"] == "%s - %s" % (a["headline"], ed["paper"]),
              (pg.lang, pg.find("title")[:1]))
        h1 = pg.find("h1")
        check(name + ": the headline its one h1", len(h1) == 1 and h1[0]["text"] == a["headline"], h1)
        texts = [squeeze(e["text"]) for e in pg.elements if e["tag"] in ("p", "h2")]
        want = ([squeeze(a["kicker"])] if a["kicker"] else []) + [squeeze(d) for d in a["deck"]] + \
            ([squeeze(a["byline"])] if a["byline"] else []) + [squeeze(p["text"]) for p in a["paragraphs"]]
        at, lost = 0, []
        for w in want:
            if w in texts[at:]:
                at = texts.index(w, at) + 1
            else:
                lost.append(w[:30])
        check(name + ": kicker, deck, byline and every paragraph in order", not lost, lost)
        subs = [squeeze(p["text"]) for p in a["paragraphs"] if p["type"] == "subheading"]
        check(name + ": subheadings as h2", all(any(squeeze(h["text"]) == s for h in pg.find("h2")) for s in subs))
        figs = pg.find("figure")
        imgs = pg.find("img")
        check(name + ": %d figures with their photos, captions and credits" % len(a["figures"]),
              len(figs) == len(a["figures"]) == len(imgs) and all(
                  os.path.exists(os.path.join(out, "articles", i["attrs"]["src"])) for i in imgs) and all(
                  squeeze(f["caption"] or "") in squeeze(g["text"]) and squeeze(f["credit"] or "") in squeeze(g["text"])
                  for f, g in zip(a["figures"], figs)), [(f["image"], f["caption"]) for f in a["figures"]])
        if a.get("editor"):
            check(name + ": the editor line", any(e["text"] == "%s：%s" % (editor, a["editor"]) or
                                                   e["text"] == "%s: %s" % (editor, a["editor"])
                                                   for e in pg.find("p", **{"class": "editor"})))
        source = pg.find("p", **{"class": "source"})
        check(name + ": the source line (paper, page)", source and ed["paper"] in source[0]["text"] and
              page["label"] in source[0]["text"], source)
        links = {e["attrs"].get("rel"): e for e in pg.find("a") if e["attrs"].get("rel") in ("prev", "next")}
        want_prev = order[k - 1] + ".html" if k > 0 else None
        want_next = order[k + 1] + ".html" if k + 1 < len(order) else None
        check(name + ": 上一篇/下一篇 in reading order",
              (links.get("prev", {}).get("attrs", {}).get("href") == want_prev) and
              (links.get("next", {}).get("attrs", {}).get("href") == want_next) and
              (not want_prev or links["prev"]["text"].startswith(prev_)) and
              (not want_next or links["next"]["text"].startswith(next_)), links)
        hrefs = [e["attrs"]["href"] for e in pg.elements if e["tag"] in ("a", "link") and "href" in e["attrs"]]
        check(name + ": links to its place on the page and to its page",
              "../index.html#" + aid in hrefs and "../index.html#page-%d" % page["number"] in hrefs, hrefs)
        broken = [h for h in hrefs if not re.match(r"https?://", h) and
                  not os.path.exists(os.path.normpath(os.path.join(out, "articles", h.split("#")[0])))]
        check(name + ": every relative link resolves", not broken, broken)
        related = [e["attrs"]["href"][:-5] for e in pg.elements if e["tag"] == "a" and
                   e["attrs"].get("href", "").endswith(".html") and not e["attrs"].get("rel") and
                   not e["attrs"]["href"].startswith("../")]
        sec = page.get("section")
        same = [o for o in order if o != aid and (first_page[o].get("section") == sec if sec else
                                                   first_page[o]["number"] == page["number"])]
        check(name + ": related articles of its section", related == same[:6], (related, same[:6]))
        check(name + ": description and Open Graph", pg.meta("og:title") == a["headline"] and
              pg.meta("description") and pg.meta("og:description") == pg.meta("description") and
              pg.meta("og:type") == "article" and pg.meta("og:site_name") == ed["paper"] and
              pg.meta("og:locale") == locale)
        image = pg.meta("og:image") or ""
        if site:
            check(name + ": og:url, canonical and og:image absolute under site_url",
                  pg.meta("og:url") == site + "articles/%s.html" % aid and
                  any(e["attrs"].get("rel") == "canonical" and e["attrs"]["href"] == pg.meta("og:url")
                      for e in pg.find("link")) and image.startswith(site) and
                  os.path.exists(os.path.join(out, image[len(site):])), (pg.meta("og:url"), image))
        else:
            check(name + ": og:image a file of the edition", os.path.exists(
                os.path.normpath(os.path.join(out, "articles", image))), image)
    check("%s: articles.css" % label, os.path.getsize(os.path.join(out, "articles", "articles.css")) > 200)


def main():
    binary = sys.argv[1]
    with tempfile.TemporaryDirectory() as tmp:
        check_edition(binary, os.path.join(ROOT, "examples", "edition.yaml"), os.path.join(tmp, "demo"), "demo")
        ed_dir = os.path.join(tmp, "site")
        shutil.copytree(os.path.join(ROOT, "examples"), ed_dir)
        site = "https://epaper.example.com/2026-11-26/"
        y = open(os.path.join(ed_dir, "edition.yaml"), encoding="utf-8").read()
        open(os.path.join(ed_dir, "edition.yaml"), "w", encoding="utf-8").write(
            "site_url: %s\n%s" % (site.rstrip("/"), y))
        path = os.path.join(ed_dir, "articles", "weather.md")
        src = open(path, encoding="utf-8").read()
        src = re.sub(r"^headline: (.*)$", lambda m: 'headline: "<b>&amp; \\"%s\\""' % m.group(1), src, count=1,
                     flags=re.M)
        open(path, "w", encoding="utf-8").write(src)
        check_edition(binary, os.path.join(ed_dir, "edition.yaml"), os.path.join(tmp, "site-out"), "site_url", site)
        # with site_url the ninjs photos' hrefs are absolute: valid, formats asserted
        sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
        import jsonschema
        from check_edition import NINJS_SCHEMA, format_checker
        schema = json.load(open(NINJS_SCHEMA, encoding="utf-8"))
        validator = jsonschema.Draft202012Validator(schema, format_checker=format_checker())
        items = [f for f in os.listdir(os.path.join(tmp, "site-out", "articles")) if f.endswith(".json")]
        errors = []
        hrefs = []
        for f in items:
            item = json.load(open(os.path.join(tmp, "site-out", "articles", f), encoding="utf-8"))
            errors += [(f, e.message) for e in validator.iter_errors(item)]
            hrefs += [r["href"] for a in item.get("associations", []) for r in a["renditions"]]
        check("site_url: %d ninjs items valid with formats asserted, %d photo hrefs absolute" % (len(items), len(hrefs)),
              items and not errors and hrefs and all(h.startswith(site + "images/") for h in hrefs), errors[:3])
        page = open(os.path.join(tmp, "site-out", "articles", "weather.html"), encoding="utf-8").read()
        check("markup in a headline is text on its page", "&lt;b&gt;&amp;amp;" in page and "<b>" not in page)
        # a site_url that is not an address is refused, naming the line
        bad = os.path.join(ed_dir, "bad.yaml")
        open(bad, "w", encoding="utf-8").write("site_url: epaper example\n" + y)
        r = subprocess.run([binary, "build", bad, "-o", os.path.join(tmp, "bad-out")], capture_output=True,
                           text=True)
        check("a site_url with a space refused (exit 1, file:1:11)", r.returncode == 1 and
              "bad.yaml:1:11:" in r.stderr and "site_url" in r.stderr, r.stderr)
    print("%d of %d checks passed" % (sum(results), len(results)))
    sys.exit(0 if all(results) else 1)


if __name__ == "__main__":
    main()
