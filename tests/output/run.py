#!/usr/bin/python3
"""The output folder is one transaction (README: "The output folder").

Each check builds real editions with the paiban program and looks at the
folder as a reader would:

  * killed: a build of edition B over edition A, killed (SIGKILL, SIGTERM,
    SIGINT) at random moments of its run, leaves the folder exactly A or
    exactly B — the same files with the same bytes — and after SIGTERM and
    SIGINT no staging folder beside it; the next build removes what a
    SIGKILL left;
  * concurrent: a second build into a folder that a build is writing is
    refused with a message naming the lock, and the first completes;
  * foreign: a non-empty folder paiban did not make (-o ., a folder of
    documents), one whose marker is not paiban's manifest, and an edition
    folder someone saved other files into are refused and left as they
    were;
  * shrink: an 8-page edition rebuilt as 4 pages leaves no page 5–8 file;
  * strict: --strict with a warning exits 3 and the previous edition stays;
  * pages: --pages 2 rebuilds page 2 inside the previous edition: the other
    pages' files are the very same files, edition.pdf and edition.json are
    whole; a page whose article changed is rebuilt with it, and one whose
    files were damaged since; the page a jump joins to the rebuilt page is
    rebuilt with it;
  * limits: --dpi 800 on a broadsheet fails before anything is written,
    naming the limit;
  * messages: "nothing written" is printed exactly when nothing was;
  * readonly: on a read-only file system (a tmpfs remounted read-only;
    skipped where mount is not allowed) the build says where it cannot
    write and why, and the edition there stays whole.

    run.py PAIBAN_BINARY [SEED]
"""
import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ARTICLES = os.path.join(ROOT, "examples", "articles")
results = []


def check(name, ok, detail=""):
    results.append(bool(ok))
    print("%s %s%s" % ("ok  " if ok else "FAIL", name, "" if ok else "\n  " + str(detail).replace("\n", "\n  ")))


def tree(path):
    """{relative path: sha256} of every file under path."""
    out = {}
    for dirpath, _, files in os.walk(path):
        for f in files:
            p = os.path.join(dirpath, f)
            out[os.path.relpath(p, path)] = hashlib.sha256(open(p, "rb").read()).hexdigest()
    return out


def edition(tmp, name, pages, layout="broadsheet", extra_articles=()):
    """An edition of `pages` pages, each with two demo articles placed by
    hand (page 1 under the masthead)."""
    names = ["railway", "economy", "weather", "harvest", "port", "market", "tech", "library", "film",
             "books", "marathon", "school", "health", "community", "science", "flights"] + list(extra_articles)
    lines = ["paper: 测试日报", "date: 2026-11-30", "layout: %s" % layout, "pages:"]
    for p in range(pages):
        lines += ["  - number: %d" % (p + 1), "    articles:"]
        for k in range(2):
            src = names[(2 * p + k) % len(names)]
            path = src if os.path.isabs(src) else os.path.join(ARTICLES, src + ".md")
            lines += ["      - src: %s" % path, "        at: {col: %d, row: 1, cols: 4, rows: 60}" % (1 + 4 * k)]
    path = os.path.join(tmp, name)
    open(path, "w", encoding="utf-8").write("\n".join(lines) + "\n")
    return path


def run(binary, args, **kw):
    env = dict(os.environ, PAIBAN_FONTCONFIG=os.path.join(ROOT, "fonts", "test-fonts.conf"))
    return subprocess.run([binary] + args, capture_output=True, text=True, env=env, timeout=600, **kw)


def staging_left(out):
    parent, name = os.path.split(out)
    return [f for f in os.listdir(parent) if f.startswith(".%s.paiban-new-" % name)]


def killed(binary, tmp, rng):
    ed_a = edition(tmp, "a.yaml", 3)
    ed_b = edition(tmp, "b.yaml", 4)
    out = os.path.join(tmp, "killed")
    r = run(binary, ["build", ed_a, "-o", out, "-q", "--dpi", "30"])
    a = tree(out)
    t0 = time.time()
    r = run(binary, ["build", ed_b, "-o", out, "-q", "--dpi", "30"])
    full = time.time() - t0
    b = tree(out)
    check("killed: two different editions to tell apart", r.returncode == 0 and a != b and len(b) > len(a), r.stderr)
    run(binary, ["build", ed_a, "-o", out, "-q", "--dpi", "30"])
    bad, left_after_term, kinds = [], [], {"A": 0, "B": 0}
    sigs = [signal.SIGKILL, signal.SIGTERM, signal.SIGINT]
    for i in range(15):
        sig = sigs[i % 3]
        delay = rng.uniform(0, full * 1.3)
        env = dict(os.environ, PAIBAN_FONTCONFIG=os.path.join(ROOT, "fonts", "test-fonts.conf"))
        p = subprocess.Popen([binary, "build", ed_b if i % 2 == 0 else ed_a, "-o", out, "-q", "--dpi", "30"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        time.sleep(delay)
        p.send_signal(sig)
        code = p.wait()
        now = tree(out)
        which = "A" if now == a else "B" if now == b else None
        if which is None:
            bad.append("%s after %.2fs: the folder is neither edition (%d files)" % (sig.name, delay, len(now)))
        else:
            kinds[which] += 1
        mine = ".%s.paiban-new-%d" % (os.path.basename(out), p.pid)
        if sig != signal.SIGKILL and mine in staging_left(out):
            left_after_term.append("%s after %.2fs (exit %d)" % (sig.name, delay, code))
    check("killed: after 15 kills at random moments the folder is always one whole edition (%d A, %d B)"
          % (kinds["A"], kinds["B"]), not bad, "\n".join(bad))
    check("killed: SIGTERM and SIGINT leave no staging folder", not left_after_term, "\n".join(left_after_term))
    r = run(binary, ["build", ed_b, "-o", out, "-q", "--dpi", "30"])
    check("killed: the next build removes what a SIGKILL left", r.returncode == 0 and not staging_left(out)
          and tree(out) == b, r.stderr + str(staging_left(out)))


def concurrent(binary, tmp):
    ed = edition(tmp, "c.yaml", 4)
    out = os.path.join(tmp, "concurrent")
    env = dict(os.environ, PAIBAN_FONTCONFIG=os.path.join(ROOT, "fonts", "test-fonts.conf"))
    first = subprocess.Popen([binary, "build", ed, "-o", out, "-q", "--dpi", "30", "-j", "1"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    deadline = time.time() + 30
    while not staging_left(out) and time.time() < deadline:
        time.sleep(0.01)
    second = run(binary, ["build", ed, "-o", out, "-q", "--dpi", "30"])
    _, err1 = first.communicate()
    check("concurrent: the second build is refused, naming the lock",
          second.returncode == 1 and "another paiban build is writing this folder" in second.stderr
          and ".concurrent.paiban-lock" in second.stderr, second.stderr)
    check("concurrent: the first build completes the folder", first.returncode == 0 and
          os.path.exists(os.path.join(out, "pages", "04.pdf")), err1)


def foreign(binary, tmp):
    ed = edition(tmp, "f.yaml", 1)
    docs = os.path.join(tmp, "Documents")
    os.makedirs(docs)
    open(os.path.join(docs, "thesis.odt"), "w").write("years of work")
    before = tree(docs)
    r = run(binary, ["build", ed, "-o", docs, "--dpi", "30"])
    check("foreign: a folder of other files is refused", r.returncode == 1 and "paiban did not make it" in r.stderr
          and "nothing written" in r.stderr, r.stderr)
    check("foreign: and left as it was", tree(docs) == before and not staging_left(docs))
    r = run(binary, ["build", ed, "-o", ".", "--dpi", "30"], cwd=docs)
    check("foreign: -o . in it too", r.returncode == 1 and tree(docs) == before, r.stderr)
    empty = os.path.join(tmp, "empty")
    os.makedirs(empty)
    r = run(binary, ["build", ed, "-o", empty, "-q", "--dpi", "30"])
    check("foreign: an empty folder is taken", r.returncode == 0 and os.path.exists(os.path.join(empty, "edition.pdf")),
          r.stderr)
    check("foreign: a refused folder leaves nothing beside it (no lock file)",
          not [n for n in os.listdir(tmp) if n.startswith(".Documents.")], repr(os.listdir(tmp)))
    # a marker that is not paiban's manifest (an empty file, a copied one)
    fake = os.path.join(tmp, "fake")
    os.makedirs(os.path.join(fake, "sub"))
    open(os.path.join(fake, "thesis.docx"), "w").write("years of work")
    open(os.path.join(fake, ".paiban-edition"), "w").close()
    before_fake = tree(fake)
    r = run(binary, ["build", ed, "-o", fake, "--dpi", "30"])
    check("foreign: a folder whose marker is not a paiban manifest is refused and left as it was",
          r.returncode == 1 and "not an edition manifest" in r.stderr and tree(fake) == before_fake, r.stderr)
    # a file a person saved into an edition folder
    open(os.path.join(empty, "notes.txt"), "w").write("call the printer")
    os.makedirs(os.path.join(empty, "raw"))
    open(os.path.join(empty, "raw", "p.jpg"), "w").write("x")
    before_notes = tree(empty)
    r = run(binary, ["build", ed, "-o", empty, "--dpi", "30"])
    check("foreign: an edition folder holding files paiban did not write is refused, naming them, and kept",
          r.returncode == 1 and "notes.txt" in r.stderr and "raw/p.jpg" in r.stderr and tree(empty) == before_notes,
          r.stderr)
    os.remove(os.path.join(empty, "notes.txt"))
    shutil.rmtree(os.path.join(empty, "raw"))
    inner = tree(empty)
    r = run(binary, ["build", ed, "-o", os.path.join(empty, "pages", "new", "again"), "--dpi", "30"])
    check("foreign: a folder inside an edition (replaced whole with it) is refused, nothing touched",
          r.returncode == 1 and "inside the paiban edition" in r.stderr and tree(empty) == inner, r.stderr)


def shrink(binary, tmp):
    out = os.path.join(tmp, "shrink")
    run(binary, ["build", edition(tmp, "eight.yaml", 8), "-o", out, "-q", "--dpi", "30"])
    had = os.path.exists(os.path.join(out, "pages", "08.png"))
    r = run(binary, ["build", edition(tmp, "four.yaml", 4), "-o", out, "-q", "--dpi", "30"])
    left = sorted(f for f in os.listdir(os.path.join(out, "pages")) if f[:2] in ("05", "06", "07", "08"))
    check("shrink: an 8-page folder rebuilt as 4 pages keeps no page 5-8 file", had and r.returncode == 0 and not left,
          r.stderr + str(left))


def strict(binary, tmp):
    out = os.path.join(tmp, "strict")
    good = edition(tmp, "g.yaml", 1)
    run(binary, ["build", good, "-o", out, "-q", "--dpi", "30"])
    before = tree(out)
    art = os.path.join(tmp, "long.md")
    open(art, "w", encoding="utf-8").write("---\nheadline: 很长的稿子\nid: long\n---\n" + "放不下的文字。" * 3000 + "\n")
    lines = open(good, encoding="utf-8").read().replace(os.path.join(ARTICLES, "railway.md"), art)
    bad = os.path.join(tmp, "strict.yaml")
    open(bad, "w", encoding="utf-8").write(lines)
    r = run(binary, ["build", bad, "-o", out, "--strict", "--dpi", "30"])
    check("strict: a warning with --strict exits 3 and writes nothing", r.returncode == 3 and tree(out) == before
          and "nothing written" in r.stderr and "overset" in r.stderr, r.stderr)
    r = run(binary, ["build", bad, "-o", out, "--dpi", "30"])
    check("strict: without --strict the same edition is written, the overset reported",
          r.returncode == 0 and tree(out) != before and "nothing written" not in r.stderr
          and "written to the output folder" in r.stderr, r.stderr)


def pages(binary, tmp):
    out = os.path.join(tmp, "pages")
    art = os.path.join(tmp, "weather.md")
    shutil.copy(os.path.join(ARTICLES, "weather.md"), art)
    ed = edition(tmp, "p.yaml", 4)
    text = open(ed, encoding="utf-8").read().replace(os.path.join(ARTICLES, "weather.md"), art)
    open(ed, "w", encoding="utf-8").write(text)
    r = run(binary, ["build", ed, "-o", out, "-q", "--dpi", "30"])
    ino = {f: os.stat(os.path.join(out, f)).st_ino for f in tree(out)}
    before = tree(out)
    r = run(binary, ["build", ed, "-o", out, "--pages", "2", "--dpi", "30"])
    after = tree(out)
    same = [f for f in before if f.startswith("pages/0") and not f.startswith("pages/02")]
    kept = all(after.get(f) == before[f] and os.stat(os.path.join(out, f)).st_ino == ino[f] for f in same)
    check("pages: --pages 2 keeps the other pages' files (the same files)", r.returncode == 0 and kept, r.stderr)
    pdfinfo = subprocess.run(["pdfinfo", os.path.join(out, "edition.pdf")], capture_output=True, text=True).stdout
    import json
    ej = json.load(open(os.path.join(out, "edition.json"), encoding="utf-8"))
    import re
    check("pages: edition.pdf and edition.json stay whole", re.search(r"^Pages:\s+4$", pdfinfo, re.M)
          and len(ej["pages"]) == 4, pdfinfo)
    rep = open(os.path.join(out, "report.txt"), encoding="utf-8").read()
    check("pages: the report says which pages were rebuilt", "pages rebuilt: 2;" in rep, rep[-2000:])
    # the article on page 2 (weather) changes: page 2 rebuilt with --pages 1
    open(art, "a", encoding="utf-8").write("\n新的一段补充报道。\n")
    r = run(binary, ["build", ed, "-o", out, "--pages", "1", "--dpi", "30"])
    rep = open(os.path.join(out, "report.txt"), encoding="utf-8").read()
    check("pages: a page that changed since is rebuilt too", r.returncode == 0 and "pages rebuilt: 1, 2;" in rep
          and "page 2 is rebuilt too: it has changed" in rep, rep[-1500:])
    # a kept page's file damaged since (cut to 8 bytes): that page is rebuilt, its file whole again
    good = open(os.path.join(out, "pages", "04.webp"), "rb").read()
    open(os.path.join(out, "pages", "04.webp"), "wb").write(good[:8])
    r = run(binary, ["build", ed, "-o", out, "--pages", "1", "--dpi", "30"])
    rep = open(os.path.join(out, "report.txt"), encoding="utf-8").read()
    check("pages: a kept page whose file was damaged since is rebuilt, the file whole again",
          r.returncode == 0 and "pages rebuilt: 1, 4;" in rep and
          open(os.path.join(out, "pages", "04.webp"), "rb").read() == good, rep[-1500:])
    # the demo: the page-1 lead jumps to page 5
    demo = os.path.join(tmp, "demo")
    run(binary, ["build", os.path.join(ROOT, "examples", "edition.yaml"), "-o", demo, "-q", "--dpi", "30"])
    r = run(binary, ["build", os.path.join(ROOT, "examples", "edition.yaml"), "-o", demo, "--pages", "1", "--dpi", "30"])
    rep = open(os.path.join(demo, "report.txt"), encoding="utf-8").read()
    check("pages: the page a jump joins to the rebuilt page is rebuilt with it", "pages rebuilt: 1, 5;" in rep
          and "jumps between it and page 1" in rep, rep[-1500:])
    fresh = os.path.join(tmp, "fresh")
    r = run(binary, ["build", ed, "-o", fresh, "--pages", "2", "--dpi", "30"])
    check("pages: with no previous edition the whole edition is built", r.returncode == 0 and
          os.path.exists(os.path.join(fresh, "pages", "04.png")), r.stderr)
    r = run(binary, ["build", ed, "-o", fresh, "--pages", "9", "--dpi", "30"])
    check("pages: a page the edition does not have is warned", r.returncode == 0 and
          "--pages: page 9 is not in this edition" in r.stderr, r.stderr)
    # an edition with the plant's files: --pages without --press keeps
    # making them (never dropped unasked), --press=off removes them
    press = os.path.join(tmp, "press-pages")
    run(binary, ["build", ed, "-o", press, "-q", "--dpi", "20", "--press"])
    made = sorted(os.listdir(os.path.join(press, "press")))
    r = run(binary, ["build", ed, "-o", press, "-q", "--dpi", "20", "--pages", "2"])
    rep = open(os.path.join(press, "report.txt"), encoding="utf-8").read()
    check("pages: --pages without --press in an edition with press PDFs makes them too, and says so",
          r.returncode == 0 and len(made) == 5 and sorted(os.listdir(os.path.join(press, "press"))) == made
          and "--pages makes them too" in rep, (made, r.stderr))
    r = run(binary, ["build", ed, "-o", press, "-q", "--dpi", "20", "--pages", "2", "--press=off"])
    check("pages: --pages --press=off removes them", r.returncode == 0 and
          not os.path.exists(os.path.join(press, "press")), r.stderr)


def limits(binary, tmp):
    out = os.path.join(tmp, "limits")
    ed = edition(tmp, "l.yaml", 1)
    run(binary, ["build", ed, "-o", out, "-q", "--dpi", "30"])
    before = tree(out)
    t0 = time.time()
    r = run(binary, ["build", ed, "-o", out, "--dpi", "800"])
    check("limits: --dpi 800 on a broadsheet fails before rendering, naming the limit and a dpi that works",
          r.returncode == 1 and "a WebP image has at most 16383 on a side" in r.stderr and "use --dpi" in r.stderr
          and tree(out) == before and time.time() - t0 < 30, r.stderr)


def messages(binary, tmp):
    out = os.path.join(tmp, "msg")
    ed = edition(tmp, "m.yaml", 1)
    r = run(binary, ["build", ed, "-o", out, "--dpi", "30"])
    check("messages: success says written, never 'nothing written'", r.returncode == 0 and
          "written to the output folder" in r.stderr and "nothing written" not in r.stderr, r.stderr)
    broken = os.path.join(tmp, "broken.yaml")
    open(broken, "w").write("paper: 报\ndate: 2026-02-30\npages: []\n")
    r = run(binary, ["build", broken, "-o", out, "--dpi", "30"])
    check("messages: an error says nothing written", r.returncode == 1 and "nothing written" in r.stderr, r.stderr)


ID = __import__("re").compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
# the viewer's page addresses (#page-3, #p3) are not article ids
PAGE_ADDRESS = __import__("re").compile(r"^(page-|p)[0-9]+$")
HOSTILE = ["'", '"', "<", ">", "&", " ", "新", "闻", "..", "\\", "%", "#", "?", "=", "onmouseover", "a", "Z", "9",
           "-", "_", ".", "\u202e", "$(", ")", ";"]


def names(binary, tmp, rng):
    """Article file names and ids as desks type them: whatever they are,
    every file paiban writes stays in its folder, and every name that
    reaches HTML, JSON or a PDF is escaped there (random names, seeded)."""
    import html.parser
    import json
    work = os.path.join(tmp, "names")
    os.makedirs(work)
    headline = "引号\"和'尖括号<b>&amp;</b>"
    entries, files = [], set()
    for k in range(12):
        name = "".join(rng.choice(HOSTILE) for _ in range(rng.randint(1, 6))).replace("/", "") + "-%d.md" % k
        files.add(name)
        open(os.path.join(work, name), "w", encoding="utf-8").write(
            # kept as written (no copy normalisation): what is checked is
            # that every output escapes it
            "---\nheadline: '%s %d'\nnormalize: false\n---\n正文。\n" % (headline.replace("'", "''"), k))
        entries.append(name)
    lines = ["paper: 测试报", "date: 2026-11-30", "layout: broadsheet", "pages:", "  - number: 2", "    articles:"]
    for k, name in enumerate(entries):
        lines += ["      - src: %s" % json.dumps(name, ensure_ascii=False),
                  "        at: {col: %d, row: %d, cols: 2, rows: 20}" % (1 + 2 * (k % 4), 1 + 20 * (k // 4))]
    ed = os.path.join(work, "names.yaml")
    open(ed, "w", encoding="utf-8").write("\n".join(lines) + "\n")
    before = set(os.listdir(tmp))
    out, arts = os.path.join(work, "out"), os.path.join(work, "arts")
    r = run(binary, ["build", ed, "-o", out, "--article-pdfs", arts, "-q", "--dpi", "20"])
    check("names: hostile file names build (ids made from them)", r.returncode == 0, r.stderr)
    if r.returncode:
        return
    new = set(os.listdir(tmp)) - before
    inside = [f for f in os.listdir(work) if f not in files and f not in ("names.yaml", "out", "arts")
              and not f.startswith((".out.", ".arts."))]
    check("names: nothing written outside the output folders", not new and not inside, str(new) + str(inside))
    ej = json.load(open(os.path.join(out, "edition.json"), encoding="utf-8"))
    ids = [a["id"] for a in ej["articles"]]
    check("names: every id is a safe name, all different", all(ID.match(i) for i in ids) and len(set(ids)) == 12,
          repr(ids))
    pdfs = sorted(f for f in os.listdir(arts) if not f.startswith("."))
    check("names: one article PDF each, named by its id", pdfs == sorted(i + ".pdf" for i in ids), repr(pdfs))
    check("names: headlines kept exactly in edition.json",
          sorted(a["headline"] for a in ej["articles"]) == sorted("%s %d" % (headline, k) for k in range(12)))

    class Areas(html.parser.HTMLParser):
        def __init__(self):
            super().__init__()
            self.areas = []

        def handle_starttag(self, tag, attrs):
            if tag == "area":
                self.areas.append(dict(attrs))
    p = Areas()
    p.feed(open(os.path.join(out, "pages", "02.map.html"), encoding="utf-8").read())
    ok = bool(p.areas)
    for a in p.areas:
        ok &= set(a) == {"shape", "coords", "href", "data-article", "alt"}
        ok &= a["href"] == "../index.html#" + a["data-article"] and a["data-article"] in ids
        ok &= a["alt"].startswith(headline)
    check("names: the image map's attributes are exactly what paiban wrote", ok, repr(p.areas[:2]))
    # explicit ids: a valid one is used, any other is an error and nothing is written
    bad = good = 0
    for k in range(20):
        art_id = "".join(rng.choice(HOSTILE) for _ in range(rng.randint(1, 5)))
        open(os.path.join(work, "x.md"), "w", encoding="utf-8").write(
            "---\nheadline: 标题\nid: %s\n---\n正文。\n" % json.dumps(art_id, ensure_ascii=False))
        one = os.path.join(work, "one.yaml")
        open(one, "w", encoding="utf-8").write("paper: 报\ndate: 2026-11-30\nlayout: broadsheet\npages:\n  - number: 2\n"
                                              "    articles:\n      - src: x.md\n        at: {col: 1, row: 1, cols: 2, rows: 20}\n")
        o2, a2 = os.path.join(work, "o%d" % k), os.path.join(work, "a%d" % k)
        r = run(binary, ["build", one, "-o", o2, "--article-pdfs", a2, "-q", "--dpi", "20"])
        usable = ID.match(art_id) and not PAGE_ADDRESS.match(art_id)
        if usable:
            good += r.returncode == 0 and [f for f in os.listdir(a2) if f[0] != "."] == [art_id + ".pdf"]
        else:
            bad += r.returncode == 1 and ("an id is 1 to 64" in r.stderr or "a page's address" in r.stderr) and \
                not os.path.exists(o2) and not os.path.exists(a2)
        if not (r.returncode == 0) == bool(usable):
            print("  id %r: exit %d %s" % (art_id, r.returncode, r.stderr[:200]))
    check("names: 20 random explicit ids, each used or refused with nothing written", good + bad == 20,
          "%d used, %d refused" % (good, bad))


def readonly(binary, tmp):
    mnt = os.path.join(tmp, "ro")
    os.makedirs(mnt)
    if subprocess.run(["mount", "-t", "tmpfs", "tmpfs", mnt], capture_output=True).returncode != 0:
        print("skip readonly: mount is not allowed here")
        return
    try:
        ed = edition(tmp, "ro.yaml", 1)
        out = os.path.join(mnt, "out")
        first = run(binary, ["build", ed, "-o", out, "-q", "--dpi", "30"])
        before = tree(out)
        subprocess.run(["mount", "-o", "remount,ro", mnt], check=True)
        r = run(binary, ["build", ed, "-o", out, "--dpi", "30"])
        check("readonly: the build says where it cannot write and why",
              first.returncode == 0 and r.returncode == 1 and "cannot write in " + mnt in r.stderr
              and "Read-only file system" in r.stderr and "nothing written" in r.stderr, r.stderr)
        check("readonly: and the edition there stays whole", tree(out) == before and before)
    finally:
        subprocess.run(["umount", mnt], capture_output=True)


def main():
    binary = os.path.abspath(sys.argv[1])
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else int(time.time())
    print("seed %d (run.py BINARY %d repeats this run)" % (seed, seed))
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory() as tmp:
        for t in (foreign, shrink, strict, limits, messages, readonly, concurrent, pages):
            t(binary, tmp)
        names(binary, tmp, rng)
        killed(binary, tmp, rng)
    failed = results.count(False)
    print("%d passed, %d failed" % (len(results) - failed, failed))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
