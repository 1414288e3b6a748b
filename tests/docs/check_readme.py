#!/usr/bin/python3
"""README and the program say the same: the shipped templates' grid and
lines (`paiban layout NAME`), the number of bad-input cases, the demo
edition's page count in its own comment and in README, the exit
statuses in README and in `paiban --help`; README's first command (its
paiban part, in a copy of the examples with an `output/` placeholder)
makes the files README says to open, and the composed pages' fill that
README gives is the demo's.

    check_readme.py PAIBAN_BINARY
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
results = []


def check(name, ok, detail=""):
    results.append(bool(ok))
    print("%s %s%s" % ("ok  " if ok else "FAIL", name, "" if ok else "\n  " + str(detail)))


def main():
    binary = sys.argv[1]
    readme = open(os.path.join(ROOT, "README.md"), encoding="utf-8").read()
    for name in sorted(f[:-5] for f in os.listdir(os.path.join(ROOT, "layouts")) if f.endswith(".yaml")):
        out = subprocess.run([binary, "layout", name], capture_output=True, text=True).stdout
        grid = re.search(r"grid: (\d+) columns × (\d+) characters", out)
        lines = re.search(r"lines: (\d+) on page 1 .*?, (\d+) on other pages", out)
        row = next((l for l in readme.splitlines() if l.startswith("| `%s` |" % name)), "")
        want = grid and lines and ("%s columns × %s characters" % grid.groups()) in row and \
            ("%s on page 1, %s on the others" % lines.groups()) in row
        check("README's row for layout %s matches `paiban layout %s`" % (name, name), want,
              "README: %s\nprogram: %s" % (row, out))
        sizes = yaml.safe_load(open(os.path.join(ROOT, "layouts", name + ".yaml"), encoding="utf-8"))["headline_sizes"]
        said = "by priority 1–5: %s pt" % "/".join(str(sizes[k]).replace("pt", "") for k in sorted(sizes))
        check("README's row for layout %s gives its headline sizes (%s)" % (name, said), said in row, row)
    cases = len(os.listdir(os.path.join(ROOT, "tests", "bad", "cases")))
    m = re.search(r"`bad_input` \| (\d+) cases", readme)
    check("README gives the number of bad-input cases (%d)" % cases, m and int(m.group(1)) == cases,
          m.group(0) if m else "no count")
    ed_path = os.path.join(ROOT, "examples", "edition.yaml")
    pages = len(yaml.safe_load(open(ed_path, encoding="utf-8"))["pages"])
    words = {4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight"}
    comment = open(ed_path, encoding="utf-8").read().split("\npaper:")[0]
    check("the demo edition's comment gives its page count (%d)" % pages, words.get(pages, str(pages)) in comment,
          comment)
    check("README gives the demo's page count", ("%s broadsheet pages" % words.get(pages, pages)) in readme)
    wrong = [w for w in re.findall(r"(\w+)-page demo", readme) if w != words.get(pages, str(pages))]
    check("README never gives the demo another page count", not wrong, wrong)
    usage = subprocess.run([binary, "--help"], capture_output=True, text=True).stdout
    for code in ("0 success", "1 errors (nothing written)", "2 usage", "3 --strict problems (nothing"):
        ok = code in usage.replace("\n", " ") and code.replace("--strict", "`--strict`") in readme.replace("\n", " ")
        check("exit status '%s' in --help and README" % code, ok)
    first_command(binary, readme)


def first_command(binary, readme):
    block = re.search(r"```sh\n(.*?)\n```", readme, re.S).group(1)
    cmd = next((c.strip() for c in block.split("&&") if c.strip().startswith("./build/paiban ")), None)
    check("README's first command renders the demo with ./build/paiban", cmd, block)
    if not cmd:
        return
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copytree(os.path.join(ROOT, "examples"), os.path.join(tmp, "examples"))
        os.makedirs(os.path.join(tmp, "output"))
        open(os.path.join(tmp, "output", ".gitkeep"), "w").close()
        r = subprocess.run([os.path.abspath(binary)] + cmd.split()[1:], cwd=tmp, capture_output=True, text=True)
        check("README's first command succeeds: %s" % cmd, r.returncode == 0, r.stderr)
        opened = re.findall(r"`(output/[^`]+)`", readme.split("<!-- end -->")[1][:600])
        missing = [f for f in opened if not os.path.exists(os.path.join(tmp, f))]
        check("it makes the files README says to open (%s)" % ", ".join(opened), opened and not missing, missing)
        report = open(os.path.join(tmp, "output", "demo", "report.txt"), encoding="utf-8").read() \
            if r.returncode == 0 else ""
        fills = re.findall(r"^page \d+ .* filled ([\d.]+)%", report, re.M)
        said = re.search(r"each\s+filled to ([\d.]+) % and ([\d.]+) %", readme) or \
            re.search(r"filled to ([\d.]+) % and ([\d.]+) %", readme)
        check("README gives the composed pages' fill of the demo (%s)" % " and ".join(fills),
              said and list(said.groups()) == fills, said.group(0) if said else "no figure in README")


if __name__ == "__main__":
    main()
    print("%d passed, %d failed" % (results.count(True), results.count(False)))
    sys.exit(0 if all(results) else 1)
