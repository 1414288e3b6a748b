#!/usr/bin/python3
"""Bad input: every case in tests/bad/cases/NAME runs paiban with the
arguments in its `expect` file, in a copy of the case folder whose output
folder already holds an older edition.  Checks the exit status, that
stderr has every expected line (file:line:col: …), that on failure no
existing output file was replaced and nothing new was written, and that
nothing crashed (sanitizers report on stderr).

expect:  args: …   exit: N   stderr: TEXT / stdout: TEXT (repeated)
         generate: KIND FILE ARGS (large inputs made at test time)
         preload: enospc (every write of an output fails: disk full)
         written: PATH (must exist after)   absent: PATH (must not)
         report: TEXT (in out/report.txt)   unchanged: yes (the old output stays)
         errors: N (exactly N error lines on stderr)
         notstderr: TEXT (must not be on stderr: a wrong suggestion)
"""
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def generate(work, args):
    """Large or hostile inputs, made at test time rather than stored."""
    kind, name = args[0], os.path.join(work, args[1])
    head = "---\nheadline: 大稿\nid: a\n---\n"
    if kind == "bigpara":
        n = int(args[2])
        unit = "高原上的光伏电站建设进展顺利，当地群众就近就业。"
        body = (unit * (n // len(unit.encode()) + 1)).encode()[:n]
        while body and (body[-1] & 0xC0) == 0x80:
            body = body[:-1]
        if body and body[-1] >= 0xC0:
            body = body[:-1]
        open(name, "wb").write(head.encode() + body + b"\n")
    elif kind == "manylines":
        n = int(args[2])
        open(name, "w", encoding="utf-8").write(head + "".join("第%d行文字。\n" % i for i in range(n)))
    elif kind == "nested":
        n = int(args[2])
        open(name, "w", encoding="utf-8").write(head + "> " * n + "深处的话。\n\n" + "- " * 2000 + "列表\n\n正文。\n")
    elif kind in ("corruptjpeg", "liarjpeg", "cutpng", "bigjpeg", "fifo", "magic"):
        generate_photo(work, kind, name, args[2:])
    elif kind == "pngheader":
        import struct
        import zlib
        w, h = int(args[2]), int(args[3])
        ihdr = struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)
        chunk = lambda t, d: struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xFFFFFFFF)
        idat = chunk(b"IDAT", zlib.compress(b"\0" * 64))
        open(name, "wb").write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + idat + chunk(b"IEND", b""))


def jpeg_segments(data):
    """(marker, start, end) of each marker segment up to the scan."""
    i, out = 2, []
    while i < len(data) and data[i] == 0xFF:
        m = data[i + 1]
        n = int.from_bytes(data[i + 2:i + 4], "big")
        out.append((m, i, i + 2 + n))
        if m == 0xDA:
            break
        i += 2 + n
    return out


def generate_photo(work, kind, name, args):
    """Photos as photo desks deliver them, made from the test photos."""
    src = open(os.path.join(ROOT, "examples", "photos", "train.jpg"), "rb").read()
    if kind == "corruptjpeg":  # damage in the middle of the scan data
        data = bytearray(src)
        mid = len(data) // 2
        data[mid:mid + 400] = bytes((b * 7 + 13) & 0xFF for b in range(400))
        open(name, "wb").write(bytes(data))
    elif kind == "liarjpeg":  # a header that declares 10950 x 10950 over a small image
        data = bytearray(open(os.path.join(ROOT, "tests", "data", "small.jpg"), "rb").read())
        for m, s, e in jpeg_segments(data):
            if m in (0xC0, 0xC1, 0xC2):
                data[s + 5:s + 9] = (10950).to_bytes(2, "big") + (10950).to_bytes(2, "big")
        open(name, "wb").write(bytes(data))
    elif kind == "cutpng":  # a PNG cut short
        data = open(os.path.join(ROOT, "examples", "ads", "bank.png"), "rb").read()
        open(name, "wb").write(data[:len(data) * 2 // 3])
    elif kind == "bigjpeg":  # a camera original's size: N MB, the pixels of train.jpg
        mb = int(args[0])
        chunk = b"paiban padding " * 4000
        segment = b"\xFF\xFE" + (len(chunk) + 2).to_bytes(2, "big") + chunk
        with open(name, "wb") as f:
            f.write(src[:2])
            if mb > 100:  # over the limit: only its size is looked at (a sparse file)
                f.truncate(mb * 1024 * 1024)
                return
            f.write(segment * (mb * 1024 * 1024 // len(segment) + 1))
            f.write(src[2:])
    elif kind == "fifo":
        os.mkfifo(name)
    elif kind == "magic":  # other formats, by their first bytes
        heads = {"heic": b"\0\0\0\x18ftypheic\0\0\0\0mif1heic", "tiff": b"II*\0\x08\0\0\0",
                 "webp": b"RIFF\x24\0\0\0WEBPVP8 ", "gif": b"GIF89a\x01\0\x01\0"}
        open(name, "wb").write(heads[args[0]] + b"\0" * 200)


def run_case(binary, name):
    src = os.path.join(HERE, "cases", name)
    exp = {"stderr": [], "notstderr": [], "stdout": [], "written": [], "absent": [], "report": [], "generate": []}
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
        for g in exp["generate"]:
            generate(work, g.split())
        out = os.path.join(work, "out")
        os.makedirs(os.path.join(out, "pages"))
        # an older edition that paiban made (its marker file inside)
        old = {"edition.pdf": b"OLD EDITION", "report.txt": b"OLD REPORT", "pages/01.png": b"OLD PNG",
               ".paiban-edition": b'{"generator": "paiban 0.1.0", "files": ["edition.pdf", "report.txt", '
                                  b'"pages", "pages/01.png"]}\n'}
        for k, v in old.items():
            with open(os.path.join(out, k), "wb") as f:
                f.write(v)
        before = set(os.listdir(out)) | set("pages/" + p for p in os.listdir(os.path.join(out, "pages")))
        env = dict(os.environ, PAIBAN_FONTCONFIG=os.path.join(ROOT, "fonts", "test-fonts.conf"))
        if exp.get("preload") == "enospc":
            shim = os.environ.get("PB_ENOSPC_SHIM")
            if not shim:
                return ["no PB_ENOSPC_SHIM (the disk-full shim) in the environment"]
            env["LD_PRELOAD"] = shim
            env["ASAN_OPTIONS"] = env.get("ASAN_OPTIONS", "") + ":verify_asan_link_order=0"
        r = subprocess.run([binary] + exp["args"].split(), cwd=work, capture_output=True, text=True,
                           env=env, timeout=120)
        problems = []
        if str(r.returncode) != exp["exit"]:
            problems.append("exit %d, expected %s" % (r.returncode, exp["exit"]))
        for want in exp["stderr"]:
            if want not in r.stderr:
                problems.append("stderr lacks %r" % want)
        for bad in exp["notstderr"]:
            if bad in r.stderr:
                problems.append("stderr has %r" % bad)
        if "errors" in exp:  # one root error gives one message
            n = sum(1 for line in r.stderr.splitlines() if ": error: " in line)
            if n != int(exp["errors"]):
                problems.append("%d errors printed, expected %s" % (n, exp["errors"]))
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
