#!/usr/bin/python3
"""The edition benchmark (not a test): generates a 24-page and a 48-page
broadsheet edition from the demo copy (the six demo pages repeated, each
copy of an article with its own id) and times `paiban build`:

  * PDF only (--pdf-only), and everything: edition PDF, page PDFs, PNG at
    150 dpi, WebP, thumbnails, figure photos, edition.json, image maps,
    viewer;
  * with --jobs 1 and --jobs 2;

printing wall time, pages/s, characters/s and peak RSS.

    bench/bench_edition.py BUILD/paiban
"""
import os
import re
import subprocess
import sys
import tempfile
import time

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def make_edition(tmp, copies):
    src = yaml.safe_load(open(os.path.join(ROOT, "examples", "edition.yaml"), encoding="utf-8"))
    os.symlink(os.path.join(ROOT, "examples", "photos"), os.path.join(tmp, "photos"))
    os.symlink(os.path.join(ROOT, "examples", "ads"), os.path.join(tmp, "ads"))
    pages, chars = [], 0
    n = len(src["pages"])
    for k in range(copies):
        d = os.path.join(tmp, "articles%d" % k)
        os.makedirs(d)
        for name in os.listdir(os.path.join(ROOT, "examples", "articles")):
            text = open(os.path.join(ROOT, "examples", "articles", name), encoding="utf-8").read()
            _, fm, body = text.split("---", 2)
            fm = re.sub(r"^id:.*\n", "", fm, flags=re.M) + "id: %s-%d\n" % (name[:-3], k)
            open(os.path.join(d, name), "w", encoding="utf-8").write("---" + fm + "---" + body)
            chars += len(re.sub(r"\s", "", body))
        for p in src["pages"]:
            q = dict(p)
            q["number"] = p["number"] + k * n
            q["articles"] = []
            for a in p.get("articles", []):
                b = dict(a)
                b["src"] = a["src"].replace("articles/", "articles%d/" % k)
                for key in ("continues_on", "continued_from"):
                    if key in b:
                        b[key] += k * n
                q["articles"].append(b)
            pages.append(q)
    ed = dict(src)
    ed["pages"] = pages
    ed["layout"] = os.path.join(ROOT, "layouts", "broadsheet.yaml")
    path = os.path.join(tmp, "edition.yaml")
    yaml.safe_dump(ed, open(path, "w", encoding="utf-8"), allow_unicode=True, sort_keys=False)
    return path, len(pages), chars


def run(binary, edition, out, extra):
    t0 = time.monotonic()
    r = subprocess.run(["/usr/bin/time", "-f", "%M", binary, "build", edition, "-o", out, "-q"] + extra,
                       capture_output=True, text=True)
    dt = time.monotonic() - t0
    if r.returncode != 0:
        sys.exit("build failed: " + r.stderr[-2000:])
    return dt, int(r.stderr.strip().splitlines()[-1]) / 1024


def main():
    binary = os.path.abspath(sys.argv[1])
    print("paiban edition benchmark (%s, %d cores)" % (binary, os.cpu_count()))
    print("%-6s %-10s %-5s %8s %8s %12s %9s" % ("pages", "outputs", "jobs", "seconds", "pages/s",
                                               "characters/s", "peak MB"))
    for copies in (4, 8):
        with tempfile.TemporaryDirectory() as tmp:
            edition, n, chars = make_edition(tmp, copies)
            # the first run builds fontconfig's cache and warms the disk
            run(binary, edition, os.path.join(tmp, "warm"), ["--pdf-only"])
            for what, extra in (("PDF only", ["--pdf-only"]), ("everything", [])):
                for jobs in (1, 2):
                    dt, rss = run(binary, edition, os.path.join(tmp, "out-%s-%d" % (what[0], jobs)),
                                  extra + ["--jobs", str(jobs)])
                    print("%-6d %-10s %-5d %8.2f %8.1f %12.0f %9.0f" % (n, what, jobs, dt, n / dt, chars / dt, rss))
                    sys.stdout.flush()


if __name__ == "__main__":
    main()
