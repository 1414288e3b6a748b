#!/usr/bin/python3
"""The edition benchmark (not a test).  Generates a day's broadsheet
edition from the demo copy and times `paiban build`:

  * 24 pages: 150 articles, 60 of them with a photo, 6 ads; every page
    composed automatically (画版) from its articles' priorities;
  * the same at 6, 12 and 48 pages (37, 75 and 300 articles) to show how
    the time scales;
  * PDF only (--pdf-only), and everything: edition PDF, page PDFs, PNG at
    150 dpi, WebP, thumbnails, figure photos, edition.json, image maps,
    viewer;
  * with --jobs 1 and --jobs 2;
  * at 24 pages, the press PDF (--press, PDF/X-1a) against the RGB PDF:
    the time each costs beyond the typesetting (photos made, and taken
    from the cache of a previous build), and the files' sizes;

printing wall time, pages/s, characters/s and peak RSS, and what the
report says (characters set, overset, white space).

    bench/bench_edition.py BUILD/paiban [--keep DIR]

Articles: the demo's 32 articles in turn, each lengthened with paragraphs
of the others or cut at a paragraph to a length drawn from a fixed
pattern (a lead of about 2,400 characters, stories of 800 to 1,800,
briefs of 300 to 500), each copy with its own id.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# characters of body copy per article on a page, lead first (6 or 7 a page)
PAGE_PATTERNS = [
    [1900, 1400, 1100, 850, 650, 400, 280],
    [1900, 1400, 1100, 850, 600, 400, 260],
    [1800, 1500, 1000, 800, 650, 350, 300],
    [2000, 1300, 1000, 900, 600, 420, 300],
]
AD_PAGE_ARTICLES = 4  # a page with an ad across its foot holds fewer
ADS = ["ads/bank.png", "ads/dairy.jpg", "ads/tea.jpg", "ads/travel.jpg"]


def paragraphs(body):
    """The plain paragraphs of an article body (no headings, figures)."""
    return [p.strip() for p in body.split("\n\n")
            if p.strip() and not p.strip().startswith(("#", "!["))]


def sized_body(body, want, pool, start):
    """The body's paragraphs cut or lengthened (with pool paragraphs from
    `start` on) to about `want` characters."""
    paras = paragraphs(body)
    out, n, j = [], 0, start
    for p in paras:
        if n >= want and out:
            break
        out.append(p)
        n += len(p)
    while n < want * 0.95:
        p = pool[j % len(pool)]
        j += 1
        out.append(p)
        n += len(p)
    return out


def make_edition(tmp, pages=24, ads_every=4, scale=1.0, placed=None):
    """Writes the edition into tmp; returns (path, pages, articles,
    characters of copy, photos).  With `placed` (article id → grid
    rectangle), every article gets that rectangle (`at`) and its copy is
    lengthened `scale` times: the same pages with more copy than they
    hold, the rest overset."""
    os.symlink(os.path.join(ROOT, "examples", "photos"), os.path.join(tmp, "photos"))
    os.symlink(os.path.join(ROOT, "examples", "ads"), os.path.join(tmp, "ads"))
    adir = os.path.join(ROOT, "examples", "articles")
    names = sorted(os.listdir(adir))
    texts = {}
    for n in names:
        _, fm, body = open(os.path.join(adir, n), encoding="utf-8").read().split("---", 2)
        meta = yaml.safe_load(fm)
        if "continued_from" in fm or meta.get("lang", "zh-Hans") != "zh-Hans" and len(body) < 400:
            continue
        texts[n] = (meta, body)
    names = sorted(texts)
    pool = {lang: [p for n in names if texts[n][0].get("lang", "zh-Hans") == lang
                   for p in paragraphs(texts[n][1])]
            for lang in ("zh-Hans", "zh-Hant")}
    photo_files = sorted(os.listdir(os.path.join(ROOT, "examples", "photos")))
    d = os.path.join(tmp, "articles")
    os.makedirs(d)
    plan, chars, photos, a = [], 0, 0, 0
    for p in range(1, pages + 1):
        entry = {"number": p, "section": "第%d版" % p, "articles": []}
        pattern = PAGE_PATTERNS[(p - 1) % len(PAGE_PATTERNS)]
        if p % ads_every == 0:
            pattern = pattern[:AD_PAGE_ARTICLES]
        for k, want in enumerate(pattern):
            name = names[a % len(names)]
            meta, body = texts[name]
            lang = meta.get("lang", "zh-Hans")
            paras = sized_body(body, int(want * scale), pool[lang], a * 3)
            if a % 5 in (0, 2):  # 2 in 5 articles have a photo
                fig = '![%s](../photos/%s "本报记者 摄")' % (paras[0][:16].strip("，。、"),
                                                       photo_files[a % len(photo_files)])
                paras = paras[:1] + [fig] + paras[1:]
                photos += 1
            fm = {"headline": meta["headline"], "id": "a%03d" % a,
                  "priority": 1 if k == 0 else min(5, 2 + k // 2)}
            for key in ("kicker", "deck", "byline", "lang"):
                if key in meta:
                    fm[key] = meta[key]
            text = "---\n" + yaml.safe_dump(fm, allow_unicode=True, sort_keys=False) + "---\n" + \
                "\n\n".join(paras) + "\n"
            open(os.path.join(d, "a%03d.md" % a), "w", encoding="utf-8").write(text)
            chars += sum(len(re.sub(r"\s", "", x)) for x in paras if not x.startswith("!["))
            entry["articles"].append({"src": "articles/a%03d.md" % a})
            if placed and fm["id"] in placed:
                col, row, cols, rows = placed[fm["id"]]
                entry["articles"][-1]["at"] = {"col": col, "row": row, "cols": cols, "rows": rows}
            a += 1
        if p % ads_every == 0:
            entry["ads"] = [{"src": ADS[(p // ads_every) % len(ADS)],
                             "at": {"col": 1, "row": 88, "cols": 8, "rows": 20}}]
        plan.append(entry)
    ed = {"paper": "高原日报", "date": "2026-11-26", "issue": "第12345期 今日%d版" % pages,
          "lang": "zh-Hans", "layout": os.path.join(ROOT, "layouts", "broadsheet.yaml"), "pages": plan}
    path = os.path.join(tmp, "edition.yaml")
    yaml.safe_dump(ed, open(path, "w", encoding="utf-8"), allow_unicode=True, sort_keys=False)
    return path, pages, a, chars, photos


def run(binary, edition, out, extra):
    """One build; (seconds, peak MB)."""
    t0 = time.monotonic()
    r = subprocess.run(["/usr/bin/time", "-f", "%M", binary, "build", edition, "-o", out, "-q"] + extra,
                       capture_output=True, text=True)
    dt = time.monotonic() - t0
    if r.returncode != 0:
        sys.exit("build failed: " + r.stderr[-2000:])
    return dt, int(r.stderr.strip().splitlines()[-1]) / 1024


def report(binary, edition):
    """What `paiban check` says: characters overset, articles not placed,
    white grid cells of all composed pages, and where composition put each
    article."""
    r = subprocess.run([binary, "check", edition], capture_output=True, text=True)
    text = r.stdout + r.stderr
    placed = {m[0]: tuple(int(x) for x in m[1:])
              for m in re.findall(r"'([^']+)' set automatically at col (\d+) row (\d+), (\d+) × (\d+)", text)}
    # (the report repeats each warning under Problems: count articles once)
    overset = sum(int(x) for _, x in set(re.findall(
        r"article '([^']+)' is overset by \d+ lines \((\d+) characters\)", text)))
    unplaced = len(set(re.findall(r"article '([^']+)' does not fit", text)))
    free = white = 0
    for f, w in re.findall(r"^page +\d+ +(\d+) cells, +(\d+) white", text, re.M):
        free += int(f)
        white += int(w)
    return overset, unplaced, free, white, placed


def bench(binary, edition, n, chars, runs, keep=None):
    print("%-6s %-10s %-5s %8s %8s %12s %9s" % ("pages", "outputs", "jobs", "seconds", "pages/s",
                                               "characters/s", "peak MB"))
    tmp = os.path.dirname(edition)
    # the first run builds fontconfig's cache and warms the disk
    run(binary, edition, os.path.join(tmp, "warm"), ["--pdf-only"])
    for what, jobs in runs:
        out = os.path.join(tmp, "out-%s-%d" % (what[0], jobs))
        extra = ["--pdf-only"] if what == "PDF only" else []
        dt, rss = run(binary, edition, out, extra + ["--jobs", str(jobs)])
        print("%-6d %-10s %-5d %8.2f %8.1f %12.0f %9.0f" % (n, what, jobs, dt, n / dt, chars / dt, rss))
        sys.stdout.flush()


def press(binary, edition, n):
    """The press PDF against the RGB PDF: the typesetting alone (`check`),
    then edition.pdf, then edition.pdf and press/edition.pdf (PDF/X-1a),
    one job and two, with no photo cache (a first build) and with the
    cache a previous build filled (every later build of the day); what
    each PDF costs beyond the typesetting (medians of 3), and its size."""
    tmp = os.path.dirname(edition)
    cache = os.path.join(tmp, "press-cache")
    print("\npress PDF (PDF/X-1a) against the RGB PDF, %d pages (medians of 3 runs)" % n)
    print("%-5s %-9s %10s %10s %12s %10s %10s %8s %8s %9s" % ("jobs", "photos", "typeset s", "RGB s", "RGB+press s",
                                                            "RGB PDF s", "press s", "ratio", "RGB MB", "press MB"))
    for jobs in (1, 2):
        for cached in (False, True):
            os.environ["PAIBAN_CACHE"] = cache if cached else "off"
            if cached:
                run(binary, edition, os.path.join(tmp, "p-fill"), ["--pdf-only", "--press"])
            ts, rs, bs = [], [], []
            for _ in range(3):
                t0 = time.monotonic()
                subprocess.run([binary, "check", edition], capture_output=True)
                ts.append(time.monotonic() - t0)
                rs.append(run(binary, edition, os.path.join(tmp, "p-rgb"), ["--pdf-only", "--jobs", str(jobs)])[0])
                bs.append(run(binary, edition, os.path.join(tmp, "p-press"),
                              ["--pdf-only", "--press", "--jobs", str(jobs)])[0])
            typeset, rgb, both = sorted(ts)[1], sorted(rs)[1], sorted(bs)[1]
            a = os.path.getsize(os.path.join(tmp, "p-rgb", "edition.pdf")) / 1e6
            b = os.path.getsize(os.path.join(tmp, "p-press", "press", "edition.pdf")) / 1e6
            print("%-5d %-9s %10.2f %10.2f %12.2f %10.2f %10.2f %8.1f %8.1f %9.1f" % (
                jobs, "cached" if cached else "made", typeset, rgb, both, rgb - typeset, both - rgb,
                (both - rgb) / max(0.01, rgb - typeset), a, b))
            sys.stdout.flush()
    os.environ["PAIBAN_CACHE"] = "off"


def main():
    # first builds: no press photo from a previous build (press() measures both)
    os.environ["PAIBAN_CACHE"] = "off"
    binary = os.path.abspath(sys.argv[1])
    keep = sys.argv[sys.argv.index("--keep") + 1] if "--keep" in sys.argv else None
    print("paiban edition benchmark (%s, %d cores)" % (binary, os.cpu_count()))
    every = [(w, j) for w in ("PDF only", "everything") for j in (1, 2)]
    for pages in (6, 12, 24, 48):
        with tempfile.TemporaryDirectory() as tmp:
            edition, n, arts, chars, photos = make_edition(tmp, pages)
            overset, unplaced, free, white, placed = report(binary, edition)
            print("\n%d pages, composed: %d articles, %d photos, %d ads, %d characters of copy; "
                  "%d characters overset, %d articles not placed, %.1f %% of the composed area white" % (
                      n, arts, photos, n // 4, chars, overset, unplaced, 100.0 * white / max(1, free)))
            # 6 and 12 pages: how the time scales (one build of each kind)
            bench(binary, edition, n, chars, every if pages >= 24 else [("PDF only", 1), ("everything", 2)])
            if pages == 24:
                press(binary, edition, n)
            if keep and pages == 24:
                shutil.rmtree(keep, ignore_errors=True)
                shutil.copytree(tmp, keep, symlinks=True)
        if pages != 24:
            continue
        # a day's full copy: the same pages, each article where composition
        # put it, with its copy lengthened to 250,000 characters in all;
        # what does not fit is set, measured and reported as overset
        with tempfile.TemporaryDirectory() as tmp:
            edition, n, arts, chars, photos = make_edition(tmp, pages, scale=255000 / chars, placed=placed)
            overset, unplaced, free, white, _ = report(binary, edition)
            print("\n%d pages, the same placed, copy lengthened: %d articles, %d characters of copy; "
                  "%d characters set, %d overset (reported)" % (n, arts, chars, chars - overset, overset))
            bench(binary, edition, n, chars, [("PDF only", 1), ("PDF only", 2), ("everything", 2)])


if __name__ == "__main__":
    main()
