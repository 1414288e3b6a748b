#!/usr/bin/python3
"""Proof time and size against Typst (issue 13; a benchmark, not a test).
Seven news articles of about 2,000 characters without photos (the
demo's articles without a photo, each lengthened with paragraphs of the
others, as bench_edition.py does), each set on an a4 page
by `paiban proof` and by Typst (the same page: bench/typst_md2typ.py),
each tool timed as its whole command-line run, one process per article:
for Typst, node's start-up and the loading of the Noto CJK fonts of the
Debian packages included (bench/typst_compile.js; GNU time, the Debian
package `time`, gives the peak RSS).  Runs alternate
between the tools; prints the medians, their ratio, peak RSS and the
PDFs' sizes.

    proof_vs_typst.py PAIBAN_BINARY TYPST_DIR [RUNS]

TYPST_DIR holds node_modules/@myriaddreamin/typst-ts-node-compiler
(`npm install @myriaddreamin/typst-ts-node-compiler` there); without it
the comparison is skipped with a message and paiban's figures alone are
printed."""
import glob
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def articles(tmp, target=2000):
    """Seven articles of about `target` characters of body copy, written
    into tmp."""
    plain = []
    for a in sorted(glob.glob(os.path.join(ROOT, "examples", "articles", "*.md"))):
        text = open(a, encoding="utf-8").read()
        _, fm, body = text.split("---", 2)
        if "![" in text or "photo" in fm:
            continue
        paras = [p for p in body.strip().split("\n\n") if p.strip() and not p.startswith(("#", ">", "-", "|"))]
        plain.append((os.path.basename(a), fm, paras))
    out = []
    for i, (name, fm, paras) in enumerate(plain[:7]):
        body, k = list(paras), 1
        while sum(len(re.sub(r"\s", "", p)) for p in body) < target and k < len(plain):
            for p in plain[(i + k) % len(plain)][2]:
                if sum(len(re.sub(r"\s", "", q)) for q in body) < target:
                    body.append(p)
            k += 1
        path = os.path.join(tmp, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write("---%s---\n%s\n" % (fm, "\n\n".join(body)))
        out.append(path)
    return out


def timed(cmd, env=None):
    """Wall seconds and peak RSS (MB, GNU time's) of one child process."""
    rss = tempfile.mktemp(prefix="paiban-rss-")
    t = time.perf_counter()
    r = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", rss] + cmd, env=env, capture_output=True, text=True)
    dt = time.perf_counter() - t
    if r.returncode:
        sys.exit("failed: %s\n%s" % (" ".join(cmd), r.stderr[-800:]))
    with open(rss) as f:
        kb = int(f.read().split()[-1])
    os.unlink(rss)
    return dt, kb / 1024.0


def main():
    binary = sys.argv[1]
    typst_dir = sys.argv[2] if len(sys.argv) > 2 else ""
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    tmp = tempfile.mkdtemp(prefix="paiban-vs-typst-")
    arts = articles(tmp)
    have_typst = os.path.isdir(os.path.join(typst_dir, "node_modules", "@myriaddreamin", "typst-ts-node-compiler"))
    if not have_typst:
        print("Typst's compiler is not installed in %r (npm install @myriaddreamin/typst-ts-node-compiler): "
              "paiban's figures alone" % typst_dir)
    env = dict(os.environ, NODE_PATH=os.path.join(typst_dir, "node_modules"))
    typs = []
    for a in arts:
        typ = os.path.join(tmp, os.path.basename(a)[:-3] + ".typ")
        subprocess.run(["/usr/bin/python3", os.path.join(HERE, "typst_md2typ.py"), a, typ], check=True)
        typs.append(typ)
    chars = sum(len(re.sub(r"\s", "", open(a, encoding="utf-8").read().split("---", 2)[2])) for a in arts)
    # warm: fontconfig's cache, the page cache, node's modules
    for a in arts[:1]:
        timed([binary, "proof", a, "-o", os.path.join(tmp, "warm.pdf"), "--layout", "a4", "-q"])
    if have_typst:
        timed(["node", os.path.join(HERE, "typst_compile.js"), typs[0]], env)
    t_p, t_t, rss_p, rss_t = [], [], 0.0, 0.0
    for _ in range(runs):
        s = 0.0
        for a in arts:
            dt, rss = timed([binary, "proof", a, "-o", os.path.join(tmp, os.path.basename(a)[:-3] + ".paiban.pdf"),
                             "--layout", "a4", "-q"])
            s += dt
            rss_p = max(rss_p, rss)
        t_p.append(s)
        if have_typst:
            s = 0.0
            for typ in typs:
                dt, rss = timed(["node", os.path.join(HERE, "typst_compile.js"), typ], env)
                s += dt
                rss_t = max(rss_t, rss)
            t_t.append(s)
    size_p = sum(os.path.getsize(os.path.join(tmp, os.path.basename(a)[:-3] + ".paiban.pdf")) for a in arts)
    print("%d articles (%d characters of body copy), a4, one process each, medians of %d runs" %
          (len(arts), chars, runs))
    print("%-8s %9s %10s %9s %10s" % ("tool", "seconds", "s/article", "peak MB", "PDFs KB"))
    print("%-8s %9.2f %10.3f %9.0f %10.0f" % ("paiban", statistics.median(t_p), statistics.median(t_p) / len(arts),
                                              rss_p, size_p / 1024))
    if have_typst:
        size_t = sum(os.path.getsize(t[:-4] + ".pdf") for t in typs)
        print("%-8s %9.2f %10.3f %9.0f %10.0f" % ("typst", statistics.median(t_t), statistics.median(t_t) / len(arts),
                                                  rss_t, size_t / 1024))
        print("paiban / typst: time %.2f, PDF size %.2f" % (statistics.median(t_p) / statistics.median(t_t),
                                                            size_p / size_t))


main()
