#!/usr/bin/python3
"""The press PDFs, checked as a printing plant's preflight would:

  * PDF/X structure (ISO 15930-1 PDF/X-1a:2001 and ISO 15930-7 PDF/X-4):
    header version, Info keys, trailer /ID, an output intent with a CMYK
    printer ('prtr') profile, TrimBox = BleedBox = MediaBox, no
    annotations, no transparency, no RGB colour operator or colour space
    anywhere, CMYK or grey images only, every font embedded, black on
    overprint;
  * Ghostscript's separations (tiffsep) of press pages: body text on the
    black plate alone (C, M, Y ≤ 1 %), total ink ≤ the limit + 2 %, the
    masthead red on M + Y (+ K) only;
  * Ghostscript, poppler and MuPDF draw every press page without a
    warning;
  * the RGB PDF: each photo embedded once, edition.pdf's pages drawn
    exactly as the pages' own PDFs;
  * every colour kind of a layout (#RRGGBB neutral and not, gray(),
    cmyk(), cmyk() with a screen colour) reaches the plates as it should,
    and the preflight reports multi-ink small type and fails --strict.

    press.py PAIBAN_BINARY
"""
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile

import fitz  # PyMuPDF
import numpy
from PIL import Image

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EDITION = os.path.join(ROOT, "examples", "edition.yaml")
INK_LIMIT = 240
results = []


def check(name, ok, detail=""):
    results.append(ok)
    print("%s %s%s" % ("ok  " if ok else "FAIL", name, "" if ok else "\n  " + str(detail)[:2000]))


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def key(doc, xref, k):
    t, v = doc.xref_get_key(xref, k)
    return None if t == "null" else v


def pdf_string(doc, xref, k):
    v = key(doc, xref, k)
    if v is None:
        return None
    if v.startswith("(") and v.endswith(")"):
        return v[1:-1]
    if v.startswith("<") and v.endswith(">"):
        b = bytes.fromhex(v[1:-1])
        return b[2:].decode("utf-16-be") if b[:2] == b"\xfe\xff" else b.decode("latin-1")
    return v


def structure(path, standard, bleed=0.0, marks=False):
    """Every structural rule of PDF/X a plant's preflight checks; returns
    the problems found."""
    bad = []
    head = open(path, "rb").read(9)
    want = b"%PDF-1.3" if standard == "x1a" else b"%PDF-1.6"
    if not head.startswith(want):
        bad.append("header %r, not %r" % (head, want))
    doc = fitz.open(path)
    # the trailer as written (MuPDF shows an ID of printable bytes as a
    # literal string, whatever the file says)
    raw = open(path, "rb").read()
    trailer = raw[raw.rfind(b"trailer"):].decode("latin-1")
    if not re.search(r"/ID\s*\[\s*<[0-9A-Fa-f]{32}>\s*<[0-9A-Fa-f]{32}>\s*\]", trailer):
        bad.append("no trailer /ID")
    m = re.search(r"/Info\s+(\d+)\s+0\s+R", trailer)
    info = int(m.group(1)) if m else 0
    if not info:
        bad.append("no Info dictionary")
    else:
        version = pdf_string(doc, info, "GTS_PDFXVersion")
        if standard == "x1a":
            if version != "PDF/X-1:2001" or pdf_string(doc, info, "GTS_PDFXConformance") != "PDF/X-1a:2001":
                bad.append("Info version keys %r" % version)
        elif version != "PDF/X-4":
            bad.append("Info GTS_PDFXVersion %r" % version)
        if key(doc, info, "Trapped") not in ("/True", "/False"):
            bad.append("Trapped is %r" % key(doc, info, "Trapped"))
        for k in ("CreationDate", "ModDate"):
            d = pdf_string(doc, info, k) or ""
            if not re.match(r"D:\d{14}(Z|[+-]\d\d'\d\d')", d):
                bad.append("%s %r without time zone" % (k, d))
        if not pdf_string(doc, info, "Title"):
            bad.append("no Title")
    cat = doc.pdf_catalog()
    intents = key(doc, cat, "OutputIntents") or ""
    refs = [int(x) for x in re.findall(r"(\d+)\s+0\s+R", intents)]
    if len(refs) != 1:
        bad.append("output intents: %r" % intents)
    else:
        oi = refs[0]
        if key(doc, oi, "S") != "/GTS_PDFX":
            bad.append("output intent subtype %r" % key(doc, oi, "S"))
        if not pdf_string(doc, oi, "OutputConditionIdentifier"):
            bad.append("no OutputConditionIdentifier")
        prof = key(doc, oi, "DestOutputProfile")
        pm = re.match(r"(\d+)\s+0\s+R", prof or "")
        icc = doc.xref_stream(int(pm.group(1))) if pm else b""
        if len(icc) < 128 or icc[12:16] != b"prtr" or icc[16:20] != b"CMYK":
            bad.append("the output intent's profile is not a CMYK printer profile")
    if standard == "x4":
        meta = key(doc, cat, "Metadata")
        mm = re.match(r"(\d+)\s+0\s+R", meta or "")
        xmp = doc.xref_stream(int(mm.group(1))).decode("utf-8") if mm else ""
        if "<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>" not in xmp:
            bad.append("no XMP with pdfxid:GTS_PDFXVersion PDF/X-4")
        for tag in ("xmpMM:DocumentID", "xmpMM:VersionID", "xmpMM:RenditionClass", "xmp:CreateDate"):
            if "<%s>" % tag not in xmp:
                bad.append("XMP lacks %s" % tag)
    for pno in range(doc.page_count):
        x = doc[pno].xref
        mb, tb, bb = key(doc, x, "MediaBox"), key(doc, x, "TrimBox"), key(doc, x, "BleedBox")
        nums = lambda s: [round(float(v), 1) for v in re.findall(r"-?[\d.]+", s or "")]
        grow = lambda box, by: [round(v + by * (-1 if i < 2 else 1), 1) for i, v in enumerate(box)]
        t = nums(tb)
        if not tb or t[:2] != [0, 0] or nums(bb) != grow(t, bleed) or \
                nums(mb) != grow(t, bleed + (20 if marks else 0)):
            bad.append("page %d: boxes media %s, trim %s, bleed %s" % (pno + 1, mb, tb, bb))
        for k in ("Annots", "Group"):
            if key(doc, x, k):
                bad.append("page %d has /%s" % (pno + 1, k))
    overprint = False
    for x in range(1, doc.xref_length()):
        obj = doc.xref_object(x, compressed=True)
        if "/Transparency" in obj:
            bad.append("object %d: a transparency group" % x)
        if re.search(r"/SMask\s*(\d+\s+0\s+R|<<)", obj):
            bad.append("object %d: a soft mask" % x)
        for a in re.findall(r"/(?:CA|ca)\s+([\d.]+)", obj):
            if float(a) < 1:
                bad.append("object %d: alpha %s" % (x, a))
        if "/Annot" in obj or "/Link" in obj:
            bad.append("object %d: an annotation" % x)
        if re.search(r"/DeviceRGB|/CalRGB|/ICCBased|/Lab\b|/DefaultRGB", obj):
            bad.append("object %d: an RGB or ICC-based colour space: %s" % (x, obj[:200]))
        if "/OP true" in obj and "/OPM 1" in obj:
            overprint = True
        if "/Subtype/Image" in obj.replace(" ", ""):
            cs = key(doc, x, "ColorSpace")
            if cs not in ("/DeviceCMYK", "/DeviceGray"):
                bad.append("image %d in %s" % (x, cs))
        if "/FontDescriptor" in obj and "/Type/FontDescriptor" in obj.replace(" ", ""):
            if not re.search(r"/FontFile[23]?\s", obj):
                bad.append("font descriptor %d: the font is not embedded" % x)
        if doc.xref_is_stream(x) and ("/Subtype/Form" in obj.replace(" ", "") or x in
                                      [doc[p].get_contents()[0] for p in range(doc.page_count) if doc[p].get_contents()]):
            pass
    for pno in range(doc.page_count):
        for c in doc[pno].get_contents():
            content = doc.xref_stream(c).decode("latin-1")
            ops = re.findall(r"(?<![\w/])(rg|RG)(?![\w])", content)
            if ops:
                bad.append("page %d: RGB colour operators %s" % (pno + 1, sorted(set(ops))))
            # a colour space set by name: one of the page's, over CMYK or grey
            spaces = doc.xref_get_key(doc[pno].xref, "Resources/ColorSpace")[1]
            for name in set(re.findall(r"/(\w+)\s+(?:cs|CS)\b", content)):
                m = re.search(r"/%s\s*\[([^\]]*)\]" % name, spaces)
                if name in ("DeviceCMYK", "DeviceGray"):
                    continue
                if not m or not re.search(r"/DeviceCMYK|/DeviceGray", m.group(1)) or "RGB" in m.group(1):
                    bad.append("page %d: colour space /%s is not over CMYK or grey (%s)" % (pno + 1, name, spaces))
            if not re.search(r"\bk\b", content):
                bad.append("page %d: no CMYK fill at all" % (pno + 1))
    if not overprint:
        bad.append("no overprinting ExtGState (/OP true, OPM 1)")
    return bad


def separations(pdf, dpi, tmp):
    """Ghostscript's tiffsep plates of page 1 as ink fractions 0–100."""
    base = os.path.join(tmp, "sep.tif")
    r = run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=tiffsep", "-r%d" % dpi,
             "-dFirstPage=1", "-dLastPage=1", "-o", base, pdf])
    if r.returncode != 0:
        raise RuntimeError(r.stdout + r.stderr)
    return {c: (255 - numpy.asarray(Image.open(os.path.join(tmp, "sep(%s).tif" % c)), dtype=float)) * 100 / 255
            for c in ("Cyan", "Magenta", "Yellow", "Black")}


def text_boxes(rgb_pdf, min_size, max_size, dpi):
    """Pixel boxes of text spans of the RGB page between two sizes, and
    of its images (from the RGB PDF, which has the same geometry)."""
    doc = fitz.open(rgb_pdf)
    page = doc[0]
    k = dpi / 72.0
    boxes, images = [], []
    for b in page.get_text("dict")["blocks"]:
        for line in b.get("lines", []):
            for s in line["spans"]:
                if min_size <= s["size"] < max_size and s["text"].strip():
                    x0, y0, x1, y1 = s["bbox"]
                    boxes.append((int(x0 * k) + 1, int(y0 * k) + 1, int(x1 * k) - 1, int(y1 * k) - 1))
    for im in page.get_image_info():
        x0, y0, x1, y1 = im["bbox"]
        images.append((int(x0 * k) - 2, int(y0 * k) - 2, int(x1 * k) + 2, int(y1 * k) + 2))
    return boxes, images


def plates(out, tmp):
    dpi = 100
    for n in range(2, 7):
        t = sum(separations(os.path.join(out, "press", "%02d.pdf" % n), 72, tmp).values())
        check("page %d: the most total ink (%.0f%%) is within the limit %d%% + 2%%" % (n, t.max(), INK_LIMIT),
              t.max() <= INK_LIMIT + 2)
    ink = separations(os.path.join(out, "press", "01.pdf"), dpi, tmp)
    tac = sum(ink.values())
    check("page 1: the most total ink (%.0f%%) is within the limit %d%% + 2%%" % (tac.max(), INK_LIMIT),
          tac.max() <= INK_LIMIT + 2, "max at %s" % (numpy.unravel_index(tac.argmax(), tac.shape),))
    boxes, images = text_boxes(os.path.join(out, "pages", "01.pdf"), 6, 11, dpi)
    mask = numpy.zeros(tac.shape, bool)
    for x0, y0, x1, y1 in boxes:
        mask[y0:y1, x0:x1] = True
    for x0, y0, x1, y1 in images:
        mask[max(y0, 0):y1, max(x0, 0):x1] = False
    inked = mask & (ink["Black"] > 20)
    cmy = numpy.maximum(numpy.maximum(ink["Cyan"], ink["Magenta"]), ink["Yellow"])
    check("page 1: %d body text pixels, on the black plate alone (the most C, M or Y: %.1f%%)"
          % (inked.sum(), cmy[inked].max() if inked.any() else 0),
          inked.sum() > 20000 and cmy[inked].max() <= 1.0)
    # the masthead band: above the grid of page 1 (16 mm margin + 150 pt)
    red = numpy.zeros(tac.shape, bool)
    red[: int((16 / 25.4 * 72 + 150) * dpi / 72), :] = True
    red &= ink["Magenta"] > 50
    check("the masthead's red (%d pixels) is on M + Y (+ K) only (the most cyan: %.1f%%)"
          % (red.sum(), ink["Cyan"][red].max() if red.any() else 0),
          red.sum() > 1000 and ink["Cyan"][red].max() <= 1.0 and ink["Yellow"][red].min() > 50)


def renderers(out, tmp):
    # MuPDF as Debian builds it says once per file that it has no ICC
    # support (a fact of its build, not of the file): that line alone is
    # not a warning about the file
    env_notes = {"warning: ICC support is not available"}
    for name in sorted(os.listdir(os.path.join(out, "press"))):
        pdf = os.path.join(out, "press", name)
        said = []
        r = run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=png16m", "-r20", "-o",
                 os.path.join(tmp, "gs-%d.png"), pdf])
        said += [("gs", l) for l in (r.stdout + r.stderr).splitlines() if l.strip()]
        if r.returncode:
            said.append(("gs", "exit %d" % r.returncode))
        r = run(["pdftoppm", "-r", "20", "-png", pdf, os.path.join(tmp, "pp")])
        said += [("pdftoppm", l) for l in r.stderr.splitlines() if l.strip()]
        if r.returncode:
            said.append(("pdftoppm", "exit %d" % r.returncode))
        r = run(["mutool", "draw", "-q", "-r", "20", "-o", os.path.join(tmp, "mu-%d.png"), pdf])
        said += [("mutool", l) for l in (r.stdout + r.stderr).splitlines()
                 if l.strip() and l.strip() not in env_notes and not l.startswith("page ")]
        if r.returncode:
            said.append(("mutool", "exit %d" % r.returncode))
        check("press/%s: Ghostscript, poppler and MuPDF draw it without a word" % name, not said, said)


def rgb_pdf(out, tmp):
    doc = fitz.open(os.path.join(out, "edition.pdf"))
    seen = {}
    for x in range(1, doc.xref_length()):
        if key(doc, x, "Subtype") == "/Image":
            seen.setdefault(hashlib.sha1(doc.xref_stream_raw(x)).hexdigest(), []).append(x)
    twice = [v for v in seen.values() if len(v) > 1]
    check("edition.pdf embeds each of its %d images once" % len(seen), not twice, twice)
    # the page PDFs are the site's: photos sharper than web_ppi (150 by
    # default) made smaller — within the JPEG eighths' step of it — the
    # rest drawn alike
    worst, prints = 0.0, {}
    for pno in range(doc.page_count):
        a = doc[pno].get_pixmap(dpi=30)
        page_pdf = os.path.join(out, "pages", "%02d.pdf" % (pno + 1))
        single = fitz.open(page_pdf)
        b = single[0].get_pixmap(dpi=30)
        diff = sum(abs(x - y) for x, y in zip(a.samples, b.samples)) / max(1, len(a.samples))
        worst = max(worst, diff)
        pdoc, placed = placed_images(page_pdf)
        for _, xref, w, h, ppi in placed:
            # photos (JPEG); art kept lossless (PNG ads, graphics) is not made smaller
            if pdoc.xref_get_key(xref, "Filter")[1] == "/DCTDecode":
                prints.setdefault((w, h), []).append((pno + 1, round(ppi)))
    check("pages/NN.pdf draw as edition.pdf's pages but for their photos (mean difference %.2f of 255)" % worst,
          worst < 3, worst)
    # a photo is made for its largest print in the edition (its lowest
    # ppi), the same in every page PDF that shows it
    sharp = [(wh, uses) for wh, uses in prints.items() if min(p for _, p in uses) > 150 * 1.5]
    check("pages/NN.pdf: no photo sharper than 1.5 × the web_ppi of 150 at its largest print", not sharp, sharp)
    sizes = [os.path.getsize(os.path.join(out, "pages", f)) for f in os.listdir(os.path.join(out, "pages"))
             if f.endswith(".pdf")]
    check("pages/NN.pdf within 1.5 MB (largest %d bytes)" % max(sizes), max(sizes) <= 1.5e6)


def web_off(binary, tmp):
    """web_ppi: off: the page PDFs carry the edition PDF's photos, and draw
    their pages pixel for pixel as edition.pdf does."""
    ed = open(EDITION, encoding="utf-8").read().replace("layout: broadsheet", "layout: broadsheet\nweb_ppi: off")
    epath = os.path.join(ROOT, "examples", ".press-web-off-%d.yaml" % os.getpid())
    open(epath, "w", encoding="utf-8").write(ed)
    out = os.path.join(tmp, "web-off")
    try:
        r = run([binary, "build", epath, "-o", out, "--dpi", "30", "-q"])
    finally:
        os.remove(epath)
    check("web_ppi: off builds (exit %d)" % r.returncode, r.returncode == 0, r.stderr)
    if r.returncode:
        return
    doc = fitz.open(os.path.join(out, "edition.pdf"))
    for pno in range(doc.page_count):
        a = doc[pno].get_pixmap(dpi=30)
        single = fitz.open(os.path.join(out, "pages", "%02d.pdf" % (pno + 1)))
        b = single[0].get_pixmap(dpi=30)
        if a.samples != b.samples:
            check("web_ppi: off: edition.pdf page %d is drawn as pages/%02d.pdf" % (pno + 1, pno + 1), False)
            return
    check("web_ppi: off: edition.pdf's %d pages are drawn pixel for pixel as the pages' own PDFs" % doc.page_count,
          True)


def demo_with_layout(layout, tmp, name):
    """The demo edition set with the layout text `layout` (written to
    tmp/NAME.yaml): the edition's path, beside the demo's articles (the
    caller removes it)."""
    lpath = os.path.join(tmp, name + ".yaml")
    open(lpath, "w", encoding="utf-8").write(layout)
    ed = open(EDITION, encoding="utf-8").read().replace("layout: broadsheet", "layout: %s" % lpath)
    epath = os.path.join(ROOT, "examples", ".press-%s-%d.yaml" % (name, os.getpid()))
    open(epath, "w", encoding="utf-8").write(ed)
    return epath


def placed_images(pdf):
    """Every image drawn in a PDF: (page, xref, pixel width, height, ppi
    across its box, the PIL image of its stream)."""
    doc = fitz.open(pdf)
    out = []
    for pno, page in enumerate(doc):
        for im in page.get_image_info(xrefs=True):
            x0, y0, x1, y1 = im["bbox"]
            w, h = im["width"], im["height"]
            # a photo turned by its EXIF orientation is drawn across
            swap = (w > h) != (x1 - x0 > y1 - y0)
            bw, bh = (y1 - y0, x1 - x0) if swap else (x1 - x0, y1 - y0)
            ppi = min(w * 72 / bw, h * 72 / bh)
            out.append((pno + 1, im["xref"], w, h, ppi))
    return doc, out


def ink_of_images(doc, xrefs):
    """The most total ink (%) of any pixel of each CMYK image, decoded as
    PIL decodes it (Adobe's inverted CMYK read as ink)."""
    import io
    most = {}
    for x in xrefs:
        im = Image.open(io.BytesIO(doc.xref_stream_raw(x)))
        if im.mode == "CMYK":
            a = numpy.asarray(im, dtype=numpy.int32)
            most[x] = a.sum(axis=2).max() * 100 / 255
    return most


def downsampling(binary, out, tmp):
    """Photos printed far above the layout's downsample resolution (200
    ppi) are made smaller for the plates, never below it; `downsample:
    off` keeps every pixel; every pixel of every press photo within the
    ink limit as it decodes, at the default limit and a lower one."""
    _, rgb = placed_images(os.path.join(out, "edition.pdf"))
    doc, press = placed_images(os.path.join(out, "press", "edition.pdf"))
    check("press/edition.pdf draws the same %d images as edition.pdf" % len(rgb), len(rgb) == len(press) > 5,
          (len(rgb), len(press)))
    if len(rgb) != len(press):
        return
    # a photo's size follows its largest print (its lowest ppi) in the edition
    lowest = {}
    for (pg, x, w, h, ppi) in rgb:
        lowest[x] = min(lowest.get(x, ppi), ppi)
    smaller = same = 0
    bad = []
    for (pg, x, w, h, ppi), (_, px, pw, ph, pppi) in zip(rgb, press):
        if lowest[x] > 200 * 8 / 7 + 1:
            smaller += pw < w
            # at its largest print, the press photo's resolution
            if not (pw < w and pppi / ppi * lowest[x] >= 199.5):
                bad.append((pg, w, pw, round(ppi), round(pppi)))
        elif lowest[x] <= 200:
            same += 1
            if (pw, ph) != (w, h):
                bad.append((pg, w, pw, round(ppi), round(pppi)))
    check("%d photo prints above 229 ppi are smaller on the plates, at 200 ppi or more; %d at 200 ppi or less "
          "keep their pixels" % (smaller, same), smaller > 0 and not bad, bad)
    most = ink_of_images(doc, {p[1] for p in press})
    over = {x: round(v, 1) for x, v in most.items() if v > INK_LIMIT}
    check("every pixel of the %d CMYK press photos within %d%% total ink as it decodes (the most: %.1f%%)"
          % (len(most), INK_LIMIT, max(most.values()) if most else 0), most and not over, over)
    # downsample: off, and an ink limit of 200 %
    layout = open(os.path.join(ROOT, "layouts", "broadsheet.yaml"), encoding="utf-8").read()
    layout += "press:\n  downsample: off\n  ink_limit: 200\n"
    epath = demo_with_layout(layout, tmp, "whole")
    try:
        whole = os.path.join(tmp, "whole")
        r = run([binary, "build", epath, "-o", whole, "--press", "--pdf-only", "-q"])
        check("downsample: off, ink_limit: 200 builds (exit %d)" % r.returncode, r.returncode == 0, r.stderr)
        if r.returncode:
            return
        doc, kept = placed_images(os.path.join(whole, "press", "edition.pdf"))
        # the RGB edition.pdf re-encodes a photo (CMYK to sRGB) at the size
        # the plates get: with downsample off, its stored size
        _, rgb_whole = placed_images(os.path.join(whole, "edition.pdf"))
        diff = [(pg, w, kw) for (pg, x, w, h, ppi), (_, kx, kw, kh, _) in zip(rgb_whole, kept) if (w, h) != (kw, kh)]
        check("downsample: off keeps every photo's pixels", len(kept) == len(rgb_whole) == len(rgb) and not diff,
              diff)
        grown = [(pg, w, ww) for (pg, x, w, h, ppi), (_, wx, ww, wh, _) in zip(rgb, rgb_whole) if ww < w]
        check("and the RGB edition.pdf's re-encoded photos are made smaller by default only: %d of %d" % (
              sum(1 for a, b in zip(rgb, rgb_whole) if b[2] > a[2]), len(rgb)),
              not grown and any(b[2] > a[2] for a, b in zip(rgb, rgb_whole)), grown)
        most = ink_of_images(doc, {p[1] for p in kept})
        over = {x: round(v, 1) for x, v in most.items() if v > 200}
        check("ink_limit: 200: every pixel of the %d CMYK press photos within it (the most: %.1f%%)"
              % (len(most), max(most.values()) if most else 0), most and not over, over)
    finally:
        os.unlink(epath)


def colour_kinds(binary, tmp):
    """A layout with every kind of colour; the press page's fills."""
    layout = open(os.path.join(ROOT, "layouts", "broadsheet.yaml"), encoding="utf-8").read()
    layout = re.sub(r"credit: \{([^}]*)\}", 'credit: {family: sans, size: 7pt, color: "gray(60)"}', layout)
    layout = re.sub(r"caption: \{([^}]*)\}", 'caption: {family: sans, size: 8pt, color: "#336699"}', layout)
    layout = re.sub(r"kicker: \{([^}]*)\}", 'kicker: {family: sans, size: 12pt, color: "cmyk(100,0,0,0)"}',
                    layout)
    layout = re.sub(r"folio: \{family([^}]*)\}", 'folio: {family: sans, size: 9pt, color: "#808080"}', layout)
    layout += "press:\n  bleed: 3mm\n  marks: true\n  profile: %s\n  condition: Test newsprint\n" % os.path.join(
        ROOT, "layouts", "profiles", "paiban-newsprint-240.icc")
    epath = demo_with_layout(layout, tmp, "kinds")
    try:
        out = os.path.join(tmp, "kinds")
        r = run([binary, "build", epath, "-o", out, "--press", "--dpi", "20", "-q"])
        check("an edition with every colour kind builds (exit %d)" % r.returncode, r.returncode == 0, r.stderr)
        if r.returncode:
            return
        doc = fitz.open(os.path.join(out, "press", "02.pdf"))
        content = doc.xref_stream(doc[0].get_contents()[0]).decode("latin-1")
        fills = set(re.findall(r"([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+) k\b", content))
        fills = {tuple(float(v) for v in f) for f in fills}
        check("cmyk(100,0,0,0) prints as given", (1.0, 0.0, 0.0, 0.0) in fills, sorted(fills))
        check("gray(60) prints on black alone at 60%", (0.0, 0.0, 0.0, 0.6) in fills, sorted(fills))
        check("black prints as solid K", (0.0, 0.0, 0.0, 1.0) in fills, sorted(fills))
        grey = [f for f in fills if f[:3] == (0, 0, 0) and 0.3 < f[3] < 0.9 and f[3] != 0.6]
        check("neutral #808080 prints on black alone (%s)" % grey, len(grey) == 1, sorted(fills))
        blue = [f for f in fills if f[0] > 0.5 and f[1] > 0.2 and f[2] < 0.2]
        check("#336699 goes through the profile to several inks (%s)" % blue, len(blue) == 1, sorted(fills))
        bad = structure(os.path.join(out, "press", "02.pdf"), "x1a", bleed=3 / 25.4 * 72, marks=True)
        check("with bleed: 3mm and marks: PDF/X-1a, TrimBox the page inside BleedBox inside MediaBox", not bad, bad)
        ink = separations(os.path.join(out, "press", "02.pdf"), 72, tmp)
        # the top-left vertical mark: x = 20 pt + 8.5 pt from the media's left,
        # from its top edge down 14 pt (the trim's top is 28.5 pt down)
        x, y = int(round(20 + 3 / 25.4 * 72)), 6
        col = [ink[c][y:y + 8, x - 1:x + 2].max() for c in ("Cyan", "Magenta", "Yellow", "Black")]
        check("crop marks in registration colour, on every plate (%s)" % ["%.0f%%" % v for v in col],
              min(col) > 50, col)
        check("the report says the press condition",
              "Test newsprint" in open(os.path.join(out, "report.txt"), encoding="utf-8").read())
        # a caption in two inks at 8 pt: misregistration; --strict refuses
        r = run([binary, "build", epath, "-o", os.path.join(tmp, "strict"), "--press", "--strict", "--dpi", "20"])
        check("--strict refuses caption type in more than one ink under 10 pt (exit %d)" % r.returncode,
              r.returncode == 3 and "more than one ink under 10 pt" in r.stderr
              and not os.path.exists(os.path.join(tmp, "strict")), r.stderr)
    finally:
        os.unlink(epath)


def main():
    binary = sys.argv[1]
    tmp = tempfile.mkdtemp(prefix="paiban-press-")
    os.environ["PAIBAN_CACHE"] = os.path.join(tmp, "cache")
    try:
        out = os.path.join(tmp, "demo")
        r = run([binary, "build", EDITION, "-o", out, "--press", "--dpi", "30", "-q"])
        check("the demo builds with --press (exit %d)" % r.returncode, r.returncode == 0, r.stderr)
        if r.returncode:
            return
        names = sorted(os.listdir(os.path.join(out, "press")))
        check("press/ holds edition.pdf and a PDF a page: %s" % names,
              names == ["%02d.pdf" % i for i in range(1, 7)] + ["edition.pdf"])
        for n in names:
            bad = structure(os.path.join(out, "press", n), "x1a")
            check("press/%s is PDF/X-1a:2001" % n, not bad, bad)
        report = open(os.path.join(out, "report.txt"), encoding="utf-8").read()
        check("the report has the press preflight", "PDF/X-1a:2001" in report and "total ink" in report, report[-800:])
        plates(out, tmp)
        renderers(out, tmp)
        rgb_pdf(out, tmp)
        web_off(binary, tmp)
        downsampling(binary, out, tmp)
        x4 = os.path.join(tmp, "x4")
        r = run([binary, "build", EDITION, "-o", x4, "--press=x4", "--pdf-only", "-q"])
        check("--press=x4 builds (exit %d)" % r.returncode, r.returncode == 0, r.stderr)
        if r.returncode == 0:
            bad = structure(os.path.join(x4, "press", "edition.pdf"), "x4")
            check("press/edition.pdf is PDF/X-4", not bad, bad)
        colour_kinds(binary, tmp)
        # check writes nothing, not even the photo cache
        cc = os.path.join(tmp, "check-cache")
        r = subprocess.run([binary, "check", EDITION, "--press"], capture_output=True, text=True,
                           env=dict(os.environ, PAIBAN_CACHE=cc))
        check("check --press writes nothing, not even the photo cache (exit %d)" % r.returncode,
              r.returncode == 0 and not os.path.exists(cc), r.stderr[-400:])
        # a desk's own layouts folder (--layouts) without profiles/: the
        # stand-in is paiban's own
        own = os.path.join(tmp, "own-layouts")
        os.makedirs(own)
        shutil.copy(os.path.join(ROOT, "layouts", "broadsheet.yaml"), own)
        r = run([binary, "check", EDITION, "--press", "--layouts", own])
        check("--layouts DIR without profiles/: the press preflight runs with the stand-in profile (exit %d)"
              % r.returncode, r.returncode == 0 and "stand-in profile" in r.stderr, r.stderr[-600:])
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


main()
print("%d passed, %d failed" % (results.count(True), results.count(False)))
sys.exit(0 if all(results) else 1)
