#!/usr/bin/python3
"""Generates paiban's demo and test photos (procedural scenes; no
third-party images).  Needs Debian's python3-pil and python3-numpy.

    /usr/bin/python3 tools/make-photos.py [NAME ...]   (NAME: only these, e.g. portrait.jpg)

Writes examples/photos/*, examples/ads/* and tests/data/*.  The outputs
are committed; run this only to change them.  Deterministic (fixed seeds).
"""
import os
import numpy as np
from PIL import Image, ImageDraw, ImageFont

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PHOTOS = os.path.join(ROOT, "examples", "photos")
ADS = os.path.join(ROOT, "examples", "ads")
TESTDATA = os.path.join(ROOT, "tests", "data")
SANS = "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"


def ridge(w, rng, base, amp, rough=0.55):
    """A mountain ridge by midpoint displacement, w samples."""
    n = 1
    while n < w:
        n *= 2
    pts = np.zeros(n + 1)
    pts[0], pts[-1] = rng.uniform(-1, 1), rng.uniform(-1, 1)
    step, scale = n, 1.0
    while step > 1:
        half = step // 2
        for i in range(half, n, step):
            pts[i] = (pts[i - half] + pts[i + half]) / 2 + rng.uniform(-scale, scale)
        step, scale = half, scale * rough
    return base - amp * pts[:w]


def sky(w, h, top, bottom):
    t = np.linspace(0, 1, h)[:, None, None]
    img = np.array(top)[None, None, :] * (1 - t) + np.array(bottom)[None, None, :] * t
    return np.repeat(img, w, axis=1)


def paint_below(img, line, color, shade=0.0):
    h, w, _ = img.shape
    ys = np.arange(h)[:, None]
    mask = ys >= line[None, :]
    depth = np.clip((ys - line[None, :]) / (h * 0.5), 0, 1)
    col = np.array(color)[None, None, :] * (1 - shade * depth[..., None])
    img[mask] = col[mask]


def noise(img, rng, amount):
    img += rng.normal(0, amount, img.shape)
    return img


def save(img, path, **kw):
    arr = np.clip(img, 0, 255).astype(np.uint8)
    Image.fromarray(arr, "RGB").save(path, **kw)


def solar(path, w=1800, h=1200):
    rng = np.random.default_rng(1)
    img = sky(w, h, (70, 130, 210), (190, 215, 240))
    paint_below(img, ridge(w, rng, h * 0.42, h * 0.10), (120, 110, 125), 0.3)
    paint_below(img, ridge(w, rng, h * 0.52, h * 0.06), (150, 140, 110), 0.4)
    paint_below(img, np.full(w, h * 0.58), (170, 160, 120), 0.5)
    # rows of panels in perspective
    pil = Image.fromarray(np.clip(img, 0, 255).astype(np.uint8))
    d = ImageDraw.Draw(pil)
    horizon = h * 0.55
    for row in range(14):
        y0 = horizon + (row ** 1.7) * 6 + 20
        y1 = y0 + 8 + row * 3.2
        for k in range(-30, 31):
            xc = w / 2 + k * (40 + row * 14)
            pw = 16 + row * 6
            d.polygon([(xc - pw, y1), (xc + pw, y1), (xc + pw * 0.8, y0), (xc - pw * 0.8, y0)],
                      fill=(30, 50, 110), outline=(200, 210, 230))
    img = noise(np.asarray(pil).astype(float), rng, 4)
    save(img, path, quality=86, optimize=True)


def market(path, w=2100, h=1500):
    rng = np.random.default_rng(2)
    img = sky(w, h, (235, 225, 205), (200, 185, 160))
    pil = Image.fromarray(np.clip(img, 0, 255).astype(np.uint8))
    d = ImageDraw.Draw(pil)
    colors = [(200, 40, 40), (240, 170, 30), (40, 120, 60), (30, 90, 170), (150, 60, 140)]
    for i in range(9):
        x0 = i * w / 9 + 8
        x1 = x0 + w / 9 - 16
        c = colors[i % len(colors)]
        d.polygon([(x0 - 10, 330), (x1 + 10, 330), (x1, 260), (x0, 260)], fill=c)
        d.rectangle([x0, 330, x1, 720], fill=(120, 90, 60))
        for j in range(40):
            fx = rng.uniform(x0 + 8, x1 - 8)
            fy = rng.uniform(360, 700)
            r = rng.uniform(8, 18)
            fc = colors[rng.integers(0, len(colors))]
            d.ellipse([fx - r, fy - r, fx + r, fy + r], fill=fc)
    d.rectangle([0, 720, w, h], fill=(110, 105, 100))
    for i in range(14):
        px = rng.uniform(0, w)
        d.ellipse([px - 22, 640, px + 22, 690], fill=(60, 50, 45))
        d.rectangle([px - 28, 690, px + 28, 900], fill=tuple(int(v) for v in rng.integers(40, 200, 3)))
    img = noise(np.asarray(pil).astype(float), rng, 5)
    save(img, path, quality=85, optimize=True)


def train(path, w=1600, h=900):
    rng = np.random.default_rng(3)
    img = sky(w, h, (120, 160, 215), (225, 230, 235))
    paint_below(img, ridge(w, rng, h * 0.45, h * 0.15), (90, 110, 90), 0.3)
    paint_below(img, np.full(w, h * 0.62), (110, 140, 80), 0.4)
    pil = Image.fromarray(np.clip(img, 0, 255).astype(np.uint8))
    d = ImageDraw.Draw(pil)
    d.rectangle([0, h * 0.66, w, h * 0.70], fill=(120, 120, 125))
    for x in range(0, w, 30):
        d.rectangle([x, h * 0.70, x + 14, h * 0.72], fill=(90, 80, 70))
    d.rounded_rectangle([150, h * 0.52, 1450, h * 0.665], radius=40, fill=(245, 245, 245))
    d.polygon([(1450, h * 0.52), (1560, h * 0.665), (1450, h * 0.665)], fill=(235, 235, 235))
    d.rectangle([150, h * 0.60, 1500, h * 0.615], fill=(200, 30, 40))
    for x in range(190, 1420, 60):
        d.rectangle([x, h * 0.545, x + 40, h * 0.58], fill=(40, 60, 90))
    img = noise(np.asarray(pil).astype(float), rng, 4)
    save(img, path, quality=85, optimize=True)


def library_rotated(path, w=1500, h=1900):
    """Bookshelves, portrait; stored rotated 90° with EXIF orientation 6."""
    rng = np.random.default_rng(4)
    img = np.full((h, w, 3), (150, 110, 70), float)
    pil = Image.fromarray(img.astype(np.uint8))
    d = ImageDraw.Draw(pil)
    for shelf in range(6):
        y1 = 60 + shelf * 220 + 200
        d.rectangle([30, y1, w - 30, y1 + 18], fill=(90, 60, 35))
        x = 40
        while x < w - 60:
            bw = int(rng.integers(18, 46))
            bh = int(rng.integers(120, 190))
            d.rectangle([x, y1 - bh, x + bw, y1], fill=tuple(int(v) for v in rng.integers(30, 220, 3)))
            x += bw + 3
    # an arrow pointing up, to check orientation by eye
    d.polygon([(w / 2, 20), (w / 2 - 50, 70), (w / 2 + 50, 70)], fill=(250, 250, 250))
    img = noise(np.asarray(pil).astype(float), rng, 3)
    arr = np.clip(img, 0, 255).astype(np.uint8)
    stored = Image.fromarray(arr, "RGB").transpose(Image.Transpose.ROTATE_90)  # counter-clockwise
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    stored.save(path, quality=85, exif=exif.tobytes())


def harvest_cmyk(path, w=1500, h=1000):
    rng = np.random.default_rng(5)
    img = sky(w, h, (100, 150, 220), (220, 225, 230))
    paint_below(img, ridge(w, rng, h * 0.40, h * 0.06), (110, 120, 90), 0.2)
    paint_below(img, np.full(w, h * 0.45), (225, 185, 60), 0.5)
    pil = Image.fromarray(np.clip(img, 0, 255).astype(np.uint8))
    d = ImageDraw.Draw(pil)
    for i in range(40):
        y = h * 0.45 + i ** 1.5 * 2
        d.line([(0, y), (w, y)], fill=(190, 150, 40), width=2)
    d.rectangle([600, 520, 900, 640], fill=(200, 40, 30))
    d.ellipse([620, 610, 700, 690], fill=(30, 30, 30))
    d.ellipse([800, 610, 880, 690], fill=(30, 30, 30))
    img = noise(np.asarray(pil).astype(float), rng, 4)
    Image.fromarray(np.clip(img, 0, 255).astype(np.uint8), "RGB").convert("CMYK").save(path, quality=88)


def port(path, w=1600, h=1000):
    rng = np.random.default_rng(6)
    img = sky(w, h, (160, 180, 200), (210, 215, 220))
    paint_below(img, np.full(w, h * 0.6), (50, 80, 110), 0.3)
    pil = Image.fromarray(np.clip(img, 0, 255).astype(np.uint8))
    d = ImageDraw.Draw(pil)
    cols = [(180, 50, 40), (40, 90, 160), (60, 140, 80), (220, 150, 40), (120, 120, 130)]
    for stack in range(12):
        x = 80 + stack * 120
        for lvl in range(int(rng.integers(2, 6))):
            d.rectangle([x, h * 0.58 - (lvl + 1) * 45, x + 110, h * 0.58 - lvl * 45 - 3],
                        fill=cols[int(rng.integers(0, len(cols)))])
    d.line([(1300, h * 0.58), (1300, 150)], fill=(230, 120, 30), width=14)
    d.line([(1100, 170), (1550, 170)], fill=(230, 120, 30), width=12)
    img = noise(np.asarray(pil).astype(float), rng, 4)
    save(img, path, quality=85, optimize=True)


def snow_gray(path, w=1400, h=900):
    rng = np.random.default_rng(7)
    img = sky(w, h, (120, 120, 120), (220, 220, 220))
    paint_below(img, ridge(w, rng, h * 0.40, h * 0.25, 0.6), (240, 240, 240), 0.5)
    paint_below(img, ridge(w, rng, h * 0.70, h * 0.10), (80, 80, 80), 0.2)
    img = noise(img, rng, 5)
    Image.fromarray(np.clip(img[..., 0], 0, 255).astype(np.uint8), "L").save(path, quality=85)


def lake(path, w=2400, h=1575):
    rng = np.random.default_rng(8)
    img = sky(w, h, (60, 120, 200), (200, 220, 240))
    paint_below(img, ridge(w, rng, h * 0.35, h * 0.12, 0.6), (235, 240, 245), 0.4)
    paint_below(img, ridge(w, rng, h * 0.50, h * 0.05), (110, 120, 100), 0.3)
    paint_below(img, np.full(w, h * 0.56), (40, 110, 170), 0.5)
    pil = Image.fromarray(np.clip(img, 0, 255).astype(np.uint8))
    d = ImageDraw.Draw(pil)
    for i in range(25):
        y = h * 0.58 + i * 18
        d.line([(rng.uniform(0, w / 2), y), (rng.uniform(w / 2, w), y)], fill=(90, 160, 210), width=2)
    d.rectangle([200, 560, 420, 620], fill=(240, 240, 240))
    d.polygon([(190, 560), (310, 500), (430, 560)], fill=(180, 40, 40))
    img = noise(np.asarray(pil).astype(float), rng, 4)
    save(img, path, quality=85, optimize=True)


def factory(path, w=2250, h=1500):
    rng = np.random.default_rng(9)
    img = sky(w, h, (170, 185, 205), (225, 228, 232))
    paint_below(img, np.full(w, h * 0.7), (95, 95, 100), 0.2)
    pil = Image.fromarray(np.clip(img, 0, 255).astype(np.uint8))
    d = ImageDraw.Draw(pil)
    for i in range(5):
        x = 120 + i * 270
        d.rectangle([x, 380, x + 220, 700], fill=(200, 205, 215))
        d.polygon([(x, 380), (x + 110, 320), (x + 220, 380)], fill=(60, 90, 140))
        for k in range(4):
            d.rectangle([x + 20 + k * 50, 450, x + 50 + k * 50, 520], fill=(90, 140, 200))
    d.rectangle([1250, 150, 1300, 700], fill=(150, 150, 155))
    for i in range(30):
        d.ellipse([1240 + rng.uniform(-40, 60), 60 + i * 3, 1320 + rng.uniform(0, 80), 130 + i * 3], fill=(235, 235, 238))
    img = noise(np.asarray(pil).astype(float), rng, 4)
    save(img, path, quality=85, optimize=True)


def ad(path, w, h, title, lines, color, alpha=False):
    mode = "RGBA" if alpha else "RGB"
    pil = Image.new(mode, (w, h), color + ((255,) if alpha else ()))
    d = ImageDraw.Draw(pil)
    room = w - h * 1.1          # right of the logo
    big = ImageFont.truetype(SANS, int(min(h * 0.28, room / 4.4)), index=2)
    small = ImageFont.truetype(SANS, int(min(h * 0.12, room / 10.5)), index=2)
    d.ellipse([h * 0.12, h * 0.15, h * 0.82, h * 0.85], fill=(255, 255, 255, 255) if alpha else (255, 255, 255))
    d.text((h * 1.0, h * 0.12), title, font=big, fill=(255, 255, 255))
    y = h * 0.52
    for line in lines:
        d.text((h * 1.0, y), line, font=small, fill=(255, 240, 200))
        y += h * 0.16
    pil.save(path, optimize=True) if path.endswith(".png") else pil.convert("RGB").save(path, quality=88)


def png_alpha(path, w=300, h=200):
    a = np.zeros((h, w, 4), np.uint8)
    yy, xx = np.mgrid[0:h, 0:w]
    inside = (xx - w / 2) ** 2 / (w / 2) ** 2 + (yy - h / 2) ** 2 / (h / 2) ** 2 <= 1
    a[..., 0] = 220
    a[..., 1] = 30
    a[..., 2] = 30
    a[..., 3] = np.where(inside, 255, 0)
    Image.fromarray(a, "RGBA").save(path)


def portrait(path, w=1200, h=1700):
    """A herder standing on a ridge, portrait: the head near the top, so
    that a crop that keeps the photo's middle cuts it off."""
    rng = np.random.default_rng(11)
    img = sky(w, h, (90, 140, 215), (215, 225, 235))
    paint_below(img, ridge(w, rng, h * 0.72, h * 0.05), (95, 120, 80), 0.3)
    pil = Image.fromarray(np.clip(img, 0, 255).astype(np.uint8))
    d = ImageDraw.Draw(pil)
    cx = w // 2
    d.ellipse([cx - 90, 110, cx + 90, 300], fill=(205, 160, 120))          # the head
    d.rectangle([cx - 110, 80, cx + 110, 130], fill=(150, 30, 40))         # a red hat
    d.polygon([(cx - 230, 1500), (cx - 150, 330), (cx + 150, 330), (cx + 230, 1500)], fill=(60, 45, 90))
    img = noise(np.asarray(pil).astype(float), rng, 3)
    save(Image.fromarray(np.clip(img, 0, 255).astype(np.uint8), "RGB"), path, quality=85)


def main():
    import sys
    only = sys.argv[1:]  # names of outputs to make (default: all)
    if only:
        for name in only:
            if name == "portrait.jpg":
                portrait(os.path.join(TESTDATA, "portrait.jpg"), 600, 850)
        return
    for d in (PHOTOS, ADS, TESTDATA):
        os.makedirs(d, exist_ok=True)
    solar(os.path.join(PHOTOS, "solar.jpg"))
    market(os.path.join(PHOTOS, "market.jpg"))
    train(os.path.join(PHOTOS, "train.jpg"))
    library_rotated(os.path.join(PHOTOS, "library.jpg"))
    harvest_cmyk(os.path.join(PHOTOS, "harvest-cmyk.jpg"))
    port(os.path.join(PHOTOS, "port.jpg"))
    snow_gray(os.path.join(PHOTOS, "snow.jpg"))
    lake(os.path.join(PHOTOS, "lake.jpg"))
    factory(os.path.join(PHOTOS, "factory.jpg"))
    # each ad has the shape of the rectangle booked for it in the demo
    ad(os.path.join(ADS, "bank.png"), 3000, 696, "高原银行", ["普惠金融 服务万家", "客服热线 95588-0000"], (160, 20, 30), alpha=True)
    ad(os.path.join(ADS, "bank-half.png"), 3000, 1310, "高原银行", ["普惠金融 服务万家", "客服热线 95588-0000"], (160, 20, 30), alpha=True)
    ad(os.path.join(ADS, "dairy.jpg"), 3000, 1023, "牦牛乳业", ["纯净高原 每一滴都珍贵", "订购热线 400-800-0000"], (20, 60, 130))
    ad(os.path.join(ADS, "travel.jpg"), 3000, 1107, "高原之旅", ["冬游青海湖 温泉民俗三日游", "预订热线 0971-000000"], (200, 110, 20))
    ad(os.path.join(ADS, "tea.jpg"), 3000, 1554, "雪域春茶", ["高山云雾 一叶知春", "全省各大商超有售"], (30, 100, 60))
    # small images for the image tests
    library_rotated(os.path.join(TESTDATA, "exif6.jpg"), 220, 280)
    harvest_cmyk(os.path.join(TESTDATA, "cmyk.jpg"), 300, 200)
    png_alpha(os.path.join(TESTDATA, "alpha.png"))
    solar(os.path.join(TESTDATA, "small.jpg"), 120, 80)
    portrait(os.path.join(TESTDATA, "portrait.jpg"), 600, 850)


if __name__ == "__main__":
    main()
