#!/usr/bin/python3
"""Bad input: every case in tests/bad/cases/NAME runs paiban with the
arguments in its `expect` file, in a copy of the case folder whose output
folder already holds an older edition.  Checks the exit status, that
stderr has every expected line (file:line:col: …), that on failure no
existing output file was replaced and nothing new was written, and that
nothing crashed (sanitizers report on stderr).

expect:  args: …   exit: N   stderr: TEXT / stdout: TEXT (repeated)
         written: PATH (must exist after)   absent: PATH (must not)
         report: TEXT (in out/report.txt)   unchanged: yes (the old output stays)
"""
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def run_case(binary, name):
    src = os.path.join(HERE, "cases", name)
    exp = {"stderr": [], "stdout": [], "written": [], "absent": [], "report": []}
    for line in open(os.path.join(src, "expect"), encoding="utf-8"):
        key, _, val = line.rstrip("\n").partition(": ")
        if key in exp:
            exp[key].append(val)
        else:
            exp[key] = val
    with tempfile.TemporaryDirectory() as tmp:
        work = os.path.join(tmp, "bad", "cases", name)
        shutil.copytree(src, work)
        # cases reach ../../../layout and ../../../data from their folder
        for d in ("layout", "data"):
            os.symlink(os.path.join(ROOT, "tests", d), os.path.join(tmp, d))
        out = os.path.join(work, "out")
        os.makedirs(os.path.join(out, "pages"))
        old = {"edition.pdf": b"OLD EDITION", "report.txt": b"OLD REPORT", "pages/01.png": b"OLD PNG"}
        for k, v in old.items():
            with open(os.path.join(out, k), "wb") as f:
                f.write(v)
        before = set(os.listdir(out)) | set("pages/" + p for p in os.listdir(os.path.join(out, "pages")))
        env = dict(os.environ, PAIBAN_FONTCONFIG=os.path.join(ROOT, "fonts", "test-fonts.conf"))
        r = subprocess.run([binary] + exp["args"].split(), cwd=work, capture_output=True, text=True,
                           env=env, timeout=120)
        problems = []
        if str(r.returncode) != exp["exit"]:
            problems.append("exit %d, expected %s" % (r.returncode, exp["exit"]))
        for want in exp["stderr"]:
            if want not in r.stderr:
                problems.append("stderr lacks %r" % want)
        for want in exp["stdout"]:
            if want not in r.stdout:
                problems.append("stdout lacks %r" % want)
        if "Sanitizer" in r.stderr or "runtime error" in r.stderr:
            problems.append("sanitizer report")
        if r.returncode in (1, 2) or exp.get("unchanged") == "yes":
            for k, v in old.items():
                if open(os.path.join(out, k), "rb").read() != v:
                    problems.append("%s was replaced" % k)
            after = set(os.listdir(out)) | set("pages/" + p for p in os.listdir(os.path.join(out, "pages")))
            if after != before:
                problems.append("files written: %s" % sorted(after - before))
        for w in exp["written"]:
            if not os.path.exists(os.path.join(work, w)):
                problems.append("%s not written" % w)
        for w in exp["absent"]:
            if os.path.exists(os.path.join(work, w)):
                problems.append("%s written" % w)
        if exp["report"]:
            rep = open(os.path.join(out, "report.txt"), encoding="utf-8").read()
            for want in exp["report"]:
                if want not in rep:
                    problems.append("report lacks %r" % want)
        if problems:
            problems.append("stderr was:\n    " + r.stderr.replace("\n", "\n    "))
        return problems


def main():
    binary = os.path.abspath(sys.argv[1])
    names = sys.argv[2:] or sorted(os.listdir(os.path.join(HERE, "cases")))
    failed = 0
    for n in names:
        p = run_case(binary, n)
        print("%s %s%s" % ("FAIL" if p else "ok  ", n, "".join("\n  " + x for x in p)))
        failed += bool(p)
    print("%d passed, %d failed" % (len(names) - failed, failed))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
