// Browser test of the offline viewer: builds the demo edition, opens
// index.html from disk in Debian's Chromium (playwright-core), checks the
// page image, clicks inside an article's region, reads its headline and
// first paragraph, turns the page with the keyboard, checks the phone
// layout; then the navigation (page list, 上一版/下一版, 上一篇/下一篇
// across a page, 本版标题, the PDFs), zoom (buttons, keys, ctrl + wheel,
// a pinch; the regions stay on the image; the whole page at first sight
// on a desktop and a phone), history (Back and Forward through pages and
// articles), the keyboard (Tab to a region, Enter, Esc), search, the
// phone's list view and masthead, the font size, copy with markup
// characters, and axe-core on the desktop, article and phone views; the
// interface in the edition's language (the demo rebuilt as a zh-Hant, a
// ja and an en paper: <html lang>, the labels, no zh-Hans word left in
// the chrome, the layout on a desktop and a phone, axe-core on ja).
// Screenshots are left in the test output folder.
//
//   node viewer.test.mjs PAIBAN_BINARY OUTPUT_DIR
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..", "..");
const axePath = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const [bin, outDir] = process.argv.slice(2);
mkdirSync(outDir, { recursive: true });
const dir = mkdtempSync(join(tmpdir(), "paiban-viewer-"));
let passed = 0, failed = 0;
function check(name, ok, detail = "") {
  if (ok) { passed++; console.log("ok   " + name); }
  else { failed++; console.log("FAIL " + name + (detail ? "\n  " + detail : "")); }
}

execFileSync(bin, ["build", join(root, "examples", "edition.yaml"), "-o", dir, "-q", "--dpi", "100"]);
const edition = JSON.parse(readFileSync(join(dir, "edition.json"), "utf8"));
const lead = edition.articles.find((a) => a.id === "lead-solar");

const DESKTOP = { width: 1400, height: 1000 }, PHONE = { width: 390, height: 844 };
const PHONE_TOUCH = { isMobile: true, hasTouch: true };

// the zh-Hans interface's words (index.html, viewer.js, 往期): none may be
// left in the chrome of a viewer in another language
const ZH_HANS_WORDS = ["数字报", "显示", "版面", "列表", "往期", "上一期", "下一期", "全部", "导航与搜索", "搜索全报",
  "标题、正文中的字词", "搜索结果", "版面导航", "本版标题", "上一版", "下一版", "缩放", "缩小", "放大", "适宽",
  "适合宽度", "整版", "整版可见", "本版 PDF", "上一篇", "下一篇", "字号", "缩小字号", "放大字号", "关闭", "版面图",
  "上接", "见", "本文网页", "责任编辑", "没有找到", " 篇"];
// …of which Traditional Chinese writes these the same
const SHARED_WITH_HANT = new Set(["版面", "列表", "往期", "上一期", "下一期", "全部", "上一版", "下一版", "放大", "整版",
  "本版 PDF", "上一篇", "下一篇", "上接", " 篇"]);

// what each language's viewer must say (a handful of its words)
const INTERFACE = {
  "zh-Hant": { pages: "版面導覽", toc: "本版標題", search: "搜尋全報", prevPage: "上一版", nextPage: "下一版",
    prevStory: "上一篇", nextStory: "下一篇", zoomIn: "放大", zoomOut: "縮小", fitWidth: "適寬", fitPage: "整版",
    close: "關閉", ownPage: "本文網頁", editor: "責任編輯：", title: "電子報",
    issues: ["往期", "下一期"], continued: (l) => "（上接" + l + "）",
    found: /^「光伏」：\d+ 篇$/, none: "沒有找到「zzqq」" },
  ja: { pages: "紙面一覧", toc: "この面の記事", search: "紙面を検索", prevPage: "前の面", nextPage: "次の面",
    prevStory: "前の記事", nextStory: "次の記事", zoomIn: "拡大", zoomOut: "縮小", fitWidth: "幅合わせ", fitPage: "全体",
    close: "閉じる", ownPage: "この記事のページ", editor: "編集担当：", title: "電子版",
    issues: ["前の号", "過去の紙面", "次の号"], continued: (l) => "（" + l + "から続く）",
    found: /^「光伏」：\d+件$/, none: "「zzqq」は見つかりませんでした" },
  en: { pages: "Pages", toc: "This page", search: "Search", prevPage: "Previous page", nextPage: "Next page",
    prevStory: "Previous story", nextStory: "Next story", zoomIn: "Zoom in", zoomOut: "Zoom out",
    fitWidth: "Fit width", fitPage: "Fit page", close: "Close", ownPage: "This story’s page", editor: "Editor: ",
    title: "Digital edition", issues: ["Previous issue", "Back issues"],
    continued: (l) => " (continued from " + l + ")", found: /^“光伏”: \d+ stories$/, none: "Nothing found for “zzqq”" },
};
const url = (hash = "") => "file://" + join(dir, "index.html") + hash;
const articleOf = (id) => edition.articles.find((a) => a.id === id);
const hashOf = (p) => p.evaluate(() => location.hash);
const label = (p) => p.textContent("#label");
const reading = (p) => p.textContent("#article h2").catch(() => "");

const insideImage = (g) => g.region.x >= g.img.x - 1 && g.region.y >= g.img.y - 1 &&
  g.region.x + g.region.w <= g.img.x + g.img.w + 1 && g.region.y + g.region.h <= g.img.y + g.img.h + 1;
// the region where edition.json puts it, as a fraction of the image
const onImage = (g, fraction) => [(g.region.x - g.img.x) / g.img.w, (g.region.y - g.img.y) / g.img.h,
  g.region.w / g.img.w, g.region.h / g.img.h].every((v, k) => Math.abs(v - fraction[k]) < 0.003);
const wholePage = (g) => g.img.x >= 0 && g.img.y >= 0 && g.img.x + g.img.w <= g.vw + 0.5 &&
  g.img.y + g.img.h <= g.vh + 0.5 && !g.sideways;

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const errors = [];
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto("file://" + join(dir, "index.html"));
  await page.waitForFunction(() => {
    const i = document.getElementById("img");
    return i.complete && i.naturalWidth > 0;
  });
  const shown = await page.evaluate(() => {
    const i = document.getElementById("img");
    const r = i.getBoundingClientRect();
    return { src: i.getAttribute("src"), current: i.currentSrc, w: r.width, h: r.height, natural: i.naturalWidth };
  });
  check("page image shown: the WebP screen image (<picture>, the PNG its fallback), decoded at its size in " +
        "edition.json", shown.src === edition.pages[0].image.file &&
        shown.current.endsWith("/" + edition.pages[0].webp.file) && shown.natural === edition.pages[0].webp.width &&
        shown.w > 300 && shown.h > 400, JSON.stringify(shown));
  check("thumbnails strip", (await page.locator("#thumbs img").count()) === edition.pages.length);
  check("regions drawn", (await page.locator(".region").count()) >= edition.pages[0].articles.length);

  // hover highlights, click opens the article beside the page
  const region = page.locator('.region[data-article="lead-solar"]').last();
  const box = await region.boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  check("hover highlights the article", await region.evaluate((e) => e.classList.contains("hover")));
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await page.waitForSelector("#reader:not([hidden])");
  const headline = await page.textContent("#article h2");
  check("click opens the article's headline", headline === lead.headline, headline);
  const paras = await page.locator("#article > p:not(.kicker):not(.deck):not(.byline):not(.jump)").allTextContents();
  check("and its first paragraph", paras[0] === lead.paragraphs[0].text, paras[0]);
  check("figure with its caption", (await page.locator("#article figure img").count()) === lead.figures.length);
  check("the article in its language", (await page.getAttribute("#article", "lang")) === lead.lang);
  await page.screenshot({ path: join(outDir, "viewer-article.png") });

  // keyboard: Esc closes, → turns the page
  await page.keyboard.press("Escape");
  check("Esc closes the article", await page.locator("#reader").isHidden());
  await page.keyboard.press("ArrowRight");
  await page.waitForFunction(() => document.getElementById("img").currentSrc.endsWith("/pages/02.webp"));
  check("→ shows page 2", (await page.textContent("#label")).startsWith(edition.pages[1].label));
  await page.keyboard.press("ArrowLeft");
  check("← back to page 1", (await page.evaluate(() => document.getElementById("img").currentSrc)).endsWith("/pages/01.webp"));
  await page.screenshot({ path: join(outDir, "viewer.png") });
  check("link to the page's PDF", (await page.getAttribute("#pdf", "href")) === "pages/01.pdf");

  // a phone: the article covers the screen
  const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await phone.goto("file://" + join(dir, "index.html") + "#railway");
  await phone.waitForSelector("#reader:not([hidden])");
  const rb = await phone.locator("#reader").boundingBox();
  check("phone: the article fills the screen", rb.width >= 380 && rb.height >= 800, JSON.stringify(rb));
  await phone.screenshot({ path: join(outDir, "viewer-phone.png") });

  // a Traditional Chinese article: its lang, so its glyphs and marks are
  // Traditional ones
  const hant = edition.articles.find((a) => a.lang === "zh-Hant");
  if (hant) {
    const hp = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await hp.goto("file://" + join(dir, "index.html") + "#" + hant.id);
    await hp.waitForSelector("#reader:not([hidden])");
    check("a zh-Hant article set as zh-Hant", (await hp.getAttribute("#article", "lang")) === "zh-Hant");
  }

  // a page whose WebP is missing (a sync that lost a file): its PNG
  rmSync(join(dir, "pages", "03.webp"));
  const mp = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  mp.on("pageerror", (e) => errors.push(String(e)));
  await mp.goto("file://" + join(dir, "index.html") + "#p3");
  await mp.waitForFunction(() => {
    const i = document.getElementById("img");
    return i.complete && i.naturalWidth > 0 && i.currentSrc.endsWith("/pages/03.png");
  }, null, { timeout: 10000 }).catch(() => {});
  const fb = await mp.evaluate(() => ({ src: document.getElementById("img").currentSrc,
                                          w: document.getElementById("img").naturalWidth }));
  check("a missing WebP: the page's PNG instead", fb.src.endsWith("/pages/03.png") &&
        fb.w === edition.pages[2].image.width, JSON.stringify(fb));
  // the address changed while the viewer is open: followed
  await mp.evaluate(() => { location.hash = "#p2"; });
  await mp.waitForFunction((l) => document.getElementById("label").textContent.startsWith(l),
                           edition.pages[1].label, { timeout: 5000 }).catch(() => {});
  check("#p2 typed in the open viewer shows page 2",
        (await mp.textContent("#label")).startsWith(edition.pages[1].label));
  await mp.evaluate((id) => { location.hash = "#" + id; }, lead.id);
  await mp.waitForSelector("#reader:not([hidden])", { timeout: 5000 }).catch(() => {});
  check("#ARTICLE-ID typed in the open viewer opens the article",
        (await mp.textContent("#article h2").catch(() => "")) === lead.headline);

  for (const part of [navigation, builtInHashes, zoom, history, keyboard, search, searchFolding, phoneViews, fontSize,
                      markupCopy, accessibility, articlePages, backIssues, interfaceLanguages]) {
    // a part that stops (an element missing) is one failure; the others still run
    try { await part(); } catch (e) { check(part.name + ": runs to the end", false, String(e).split("\n")[0]); }
  }
  check("no script errors", errors.length === 0, errors.join("\n"));
} finally {
  await browser.close();
  rmSync(dir, { recursive: true, force: true });
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);

// ---- the viewer's navigation, zoom, history, keys, search, phone, a11y ----

// a new viewer; before(arg) runs in the page ahead of its scripts
async function openViewer(viewport, hash = "", options = {}, before = null, arg = null) {
  const p = await browser.newPage({ viewport, ...options });
  p.setDefaultTimeout(5000);
  p.on("pageerror", (e) => errors.push(String(e)));
  if (before) await p.addInitScript(before, arg);
  await p.goto(url(hash));
  await p.waitForFunction(() => {
    const i = document.getElementById("img");
    return i.complete && i.naturalWidth > 0;
  });
  return p;
}

async function waitLabel(p, n) {
  await p.waitForFunction((l) => document.getElementById("label").textContent.startsWith(l),
                          edition.pages[n - 1].label, { timeout: 5000 }).catch(() => {});
  return (await label(p)).startsWith(edition.pages[n - 1].label);
}

async function waitHeadline(p, id) {
  await p.waitForFunction((h) => {
    const e = document.querySelector("#reader:not([hidden]) #article h2");
    return e && e.textContent === h;
  }, articleOf(id).headline, { timeout: 5000 }).catch(() => {});
  return (await reading(p)) === articleOf(id).headline && !(await p.locator("#reader").isHidden());
}

// addresses that name an object's built-in properties are no article's:
// page 1, as for any unknown address, and no script error
async function builtInHashes() {
  for (const hash of ["#constructor", "#toString", "#__proto__", "#hasOwnProperty", "#valueOf"]) {
    const p = await browser.newPage({ viewport: DESKTOP });
    const own = [];
    p.on("pageerror", (e) => own.push(String(e)));
    await p.goto(url(hash));
    const img = await p.waitForFunction(() => {
      const i = document.getElementById("img");
      return i.complete && i.naturalWidth > 0;
    }, null, { timeout: 5000 }).then(() => true, () => false);
    const seen = { img, label: await label(p), reader: await p.locator("#reader").isHidden(), hash: await hashOf(p) };
    check(`${hash}: page 1 shown, as for an unknown address, no script error`, img &&
          seen.label.startsWith(edition.pages[0].label) && seen.reader && seen.hash === "#page-1" && !own.length,
          JSON.stringify(seen) + " " + own.join(" | "));
    await p.close();
  }
}

async function navigation() {
  const p = await openViewer(DESKTOP);
  check("nav: the viewer opens on #page-1", (await hashOf(p)) === "#page-1", await hashOf(p));
  const names = await p.locator("#thumbs a").allTextContents();
  check("nav: the page list names every page with its section",
        edition.pages.every((pg, i) => names[i].includes(pg.label) && names[i].includes(pg.section || "")),
        JSON.stringify(names));
  check("nav: its thumbnails are WebP with the PNG as fallback (<picture>)",
        (await p.locator("#thumbs picture source[type='image/webp']").count()) === edition.pages.length &&
        (await p.getAttribute("#thumbs img >> nth=0", "src")) === edition.pages[0].thumbnail.file);
  await p.click("#thumbs a >> nth=2");
  check("nav: a click in the page list shows page 3", await waitLabel(p, 3) && (await hashOf(p)) === "#page-3");
  check("nav: the page list marks page 3",
        (await p.getAttribute("#thumbs a >> nth=2", "aria-current")) === "page");
  const heads = await p.locator("#toc-list .headline").allTextContents();
  check("nav: 本版标题 lists page 3's headlines in order",
        JSON.stringify(heads) === JSON.stringify(edition.pages[2].articles.map((id) => articleOf(id).headline)),
        JSON.stringify(heads));
  check("nav: the page's PDF and the edition's PDF",
        (await p.getAttribute("#pdf", "href")) === edition.pages[2].pdf &&
        (await p.getAttribute("#pdf-all", "href")) === "edition.pdf" &&
        existsSync(join(dir, edition.pages[2].pdf)) && existsSync(join(dir, "edition.pdf")));
  await p.click("#next");
  check("nav: 下一版 shows page 4", await waitLabel(p, 4));
  await p.click("#prev");
  check("nav: 上一版 shows page 3 again", await waitLabel(p, 3));
  const second = edition.pages[2].articles[1];
  await p.click(`#toc-list a[data-article="${second}"]`);
  check("nav: a headline in 本版标题 opens its article", await waitHeadline(p, second) &&
        (await hashOf(p)) === "#" + second);
  // the last article of page 1; 下一篇 is the first of page 2
  const last1 = edition.pages[0].articles.at(-1), first2 = edition.pages[1].articles[0];
  await p.goto(url("#" + last1));
  await waitHeadline(p, last1);
  await p.click("#next-article");
  check("nav: 下一篇 from page 1's last article opens page 2's first, on page 2",
        await waitHeadline(p, first2) && await waitLabel(p, 2), await label(p));
  await p.click("#prev-article");
  check("nav: 上一篇 goes back to page 1's last article, on page 1",
        await waitHeadline(p, last1) && await waitLabel(p, 1), await label(p));
  await p.close();
}

// the page image's box, a region's, and whether anything scrolls sideways
async function geometry(p, id) {
  return p.evaluate((id) => {
    const box = (e) => { const r = e.getBoundingClientRect(); return { x: r.left, y: r.top, w: r.width, h: r.height }; };
    const s = document.getElementById("stage"), d = document.documentElement;
    return { img: box(document.getElementById("img")),
             region: box(document.querySelector('.region[data-article="' + id + '"]')),
             sideways: s.scrollWidth > s.clientWidth || d.scrollWidth > d.clientWidth,
             vw: innerWidth, vh: innerHeight };
  }, id);
}
async function zoom() {
  const fraction = lead.regions.find((r) => r.page === 1).fraction;
  const p = await openViewer(DESKTOP, "#page-1");
  const fit = await geometry(p, lead.id);
  check("zoom: fit page at 1400×1000 — the whole page in view, nothing scrolls sideways",
        wholePage(fit) && fit.img.h > 800, JSON.stringify(fit));
  check("zoom: the regions on the image at fit page", insideImage(fit) && onImage(fit, fraction), JSON.stringify(fit));
  await p.click("#zoom-in");
  const z1 = await geometry(p, lead.id);
  const grew = z1.img.w / fit.img.w;
  check("zoom: + makes the page image larger", grew > 1.2 && grew < 1.3, grew);
  check("zoom: the region scales with the image and stays on it",
        Math.abs(z1.region.w / fit.region.w - grew) < 0.02 && insideImage(z1) && onImage(z1, fraction),
        JSON.stringify(z1));
  await p.keyboard.press("+");
  const z2 = await geometry(p, lead.id);
  check("zoom: the + key zooms in", z2.img.w > z1.img.w * 1.2 && onImage(z2, fraction), JSON.stringify(z2.img));
  await p.keyboard.press("-");
  const z3 = await geometry(p, lead.id);
  check("zoom: the − key zooms out", Math.abs(z3.img.w - z1.img.w) < 2 && onImage(z3, fraction));
  const mid = { x: z3.img.x + z3.img.w / 2, y: 500 };
  await p.mouse.move(mid.x, mid.y);
  const under = await p.evaluate(({ x, y }) => {
    const r = document.getElementById("img").getBoundingClientRect();
    return [(x - r.left) / r.width, (y - r.top) / r.height];
  }, mid);
  await p.keyboard.down("Control");
  await p.mouse.wheel(0, -200);
  await p.keyboard.up("Control");
  await p.waitForTimeout(200);
  const z4 = await geometry(p, lead.id);
  const stays = await p.evaluate(({ x, y }) => {
    const r = document.getElementById("img").getBoundingClientRect();
    return [(x - r.left) / r.width, (y - r.top) / r.height];
  }, mid);
  check("zoom: ctrl + wheel zooms in at the pointer (the point under it stays)",
        z4.img.w > z3.img.w * 1.2 && Math.abs(stays[0] - under[0]) < 0.01 && Math.abs(stays[1] - under[1]) < 0.01 &&
        onImage(z4, fraction), JSON.stringify({ w: [z3.img.w, z4.img.w], under, stays }));
  await p.mouse.wheel(0, 300);
  await p.waitForTimeout(200);
  const scrolled = await geometry(p, lead.id);
  check("zoom: the plain wheel scrolls the zoomed page", scrolled.img.w === z4.img.w && scrolled.img.y < z4.img.y,
        JSON.stringify([z4.img, scrolled.img]));
  await p.screenshot({ path: join(outDir, "viewer-zoom.png") });
  for (let k = 0; k < 3; k++) await p.click("#zoom-in");
  await p.waitForFunction(() => document.getElementById("img").currentSrc.endsWith(".png"), null, { timeout: 5000 })
    .catch(() => {});
  const sharp = await p.evaluate(() => ({ src: document.getElementById("img").currentSrc,
                                          w: document.getElementById("img").getBoundingClientRect().width }));
  check("zoom: past the WebP's pixels the page shows its full-size PNG", sharp.src.endsWith("/pages/01.png") &&
        sharp.w > edition.pages[0].webp.width, JSON.stringify(sharp));
  await p.click("#fit-width");
  const fw = await geometry(p, lead.id);
  const stageW = await p.evaluate(() => {
    const s = document.getElementById("stage"), cs = getComputedStyle(s);
    return s.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
  });
  check("zoom: fit width fills the stage's width, nothing scrolls sideways",
        Math.abs(fw.img.w - stageW) < 2 && !fw.sideways && onImage(fw, fraction), JSON.stringify([fw, stageW]));
  await p.click("#fit-page");
  const back = await geometry(p, lead.id);
  check("zoom: fit page again shows the whole page", wholePage(back) && Math.abs(back.img.w - fit.img.w) < 2);
  await p.close();

  const ph = await openViewer(PHONE, "#page-1", PHONE_TOUCH);
  const pf = await geometry(ph, lead.id);
  check("zoom: fit page at 390×844 — the whole page in view, nothing scrolls sideways",
        wholePage(pf) && pf.img.w > 360, JSON.stringify(pf));
  await ph.screenshot({ path: join(outDir, "viewer-phone-page.png") });
  // two fingers spread apart on the page
  const cdp = await ph.context().newCDPSession(ph);
  const y = pf.img.y + pf.img.h / 2, x = pf.img.x + pf.img.w / 2;
  const touch = (type, d) => cdp.send("Input.dispatchTouchEvent", { type, touchPoints: type === "touchEnd" ? [] :
    [{ x: x - d, y, id: 1 }, { x: x + d, y, id: 2 }] });
  await touch("touchStart", 40);
  for (const d of [50, 60, 70, 80]) await touch("touchMove", d);
  await touch("touchEnd", 0);
  const pinched = await geometry(ph, lead.id);
  check("zoom: a pinch zooms the page and its regions with it",
        pinched.img.w > pf.img.w * 1.5 && onImage(pinched, fraction) && insideImage(pinched),
        JSON.stringify([pf.img, pinched.img]));
  await ph.close();
}

async function history() {
  const p = await openViewer(DESKTOP);
  await p.click('#thumbs a[href="#page-3"]');
  await waitLabel(p, 3);
  const id = edition.pages[2].articles[0];
  const region = p.locator(`.region[data-article="${id}"]`).first();
  await region.click();
  await waitHeadline(p, id);
  check("history: an article has its own address", (await hashOf(p)) === "#" + id, await hashOf(p));
  await p.goBack();
  await p.waitForFunction(() => location.hash === "#page-3", null, { timeout: 5000 }).catch(() => {});
  check("history: Back returns to #page-3, page 3 shown, the article closed",
        (await hashOf(p)) === "#page-3" && await waitLabel(p, 3) && await p.locator("#reader").isHidden(),
        await hashOf(p));
  await p.goForward();
  check("history: Forward opens the article again", await waitHeadline(p, id) && (await hashOf(p)) === "#" + id);
  await p.goBack();
  await p.goBack();
  await p.waitForFunction(() => location.hash === "#page-1", null, { timeout: 5000 }).catch(() => {});
  check("history: Back again returns to page 1", (await hashOf(p)) === "#page-1" && await waitLabel(p, 1));
  // an article met again on the page it continues on keeps that page
  const jump = edition.articles.find((a) => a.pages.length > 1);
  if (jump) {
    const on = jump.pages[1], at = edition.pages[on - 1].articles.indexOf(jump.id);
    await p.goto(url("#" + edition.pages[on - 1].articles[at - 1]));
    await p.click("#next-article");
    await waitHeadline(p, jump.id);
    check("history: a jump's article reached on page " + on + " is shown on page " + on, await waitLabel(p, on));
    await p.click("#next-article");
    await p.goBack();
    check("history: … and Back returns to it on page " + on, await waitHeadline(p, jump.id) && await waitLabel(p, on));
  }
  await p.close();
}

async function keyboard() {
  const p = await openViewer(DESKTOP, "#page-1");
  let focused = null;
  for (let k = 0; k < 80 && !focused; k++) {
    await p.keyboard.press("Tab");
    focused = await p.evaluate(() => {
      const e = document.activeElement;
      return e && e.classList.contains("region") ?
        { id: e.dataset.article, name: e.getAttribute("aria-label"), outline: getComputedStyle(e).outlineStyle,
          width: parseFloat(getComputedStyle(e).outlineWidth) } : null;
    });
  }
  check("keys: Tab reaches an article's region, named by its headline",
        focused && focused.name === articleOf(focused.id).headline, JSON.stringify(focused));
  check("keys: the focused region is visible (an outline)", focused && focused.outline !== "none" && focused.width >= 2,
        JSON.stringify(focused));
  await p.screenshot({ path: join(outDir, "viewer-keyboard.png") });
  await p.keyboard.press("Enter");
  check("keys: Enter opens its article", focused && await waitHeadline(p, focused.id));
  check("keys: the focus moves into the article",
        await p.evaluate(() => document.getElementById("reader").contains(document.activeElement)));
  await p.keyboard.press("Escape");
  const back = await p.evaluate(() => ({ region: document.activeElement.classList.contains("region"),
                                         id: document.activeElement.dataset.article }));
  check("keys: Esc closes it and the focus returns to the region",
        await p.locator("#reader").isHidden() && back.region && focused && back.id === focused.id, JSON.stringify(back));
  const tabbable = await p.locator('.region:not([tabindex="-1"])').count();
  check("keys: one tab stop per article on the page", tabbable === edition.pages[0].articles.length, tabbable);
  await p.close();
}

async function search() {
  const p = await openViewer(DESKTOP, "#page-1");
  // a word from the middle of an article on a later page, read from edition.json
  const target = edition.articles.find((a) => a.pages[0] > 1 && a.paragraphs.length > 2);
  const text = target.paragraphs[1].text;
  let word = "";
  for (let k = Math.floor(text.length / 2); k < text.length && !word; k++) {
    const w = text.slice(k, k + 4);
    if (/^[\u4e00-\u9fff]{4}$/.test(w)) word = w;
  }
  await p.fill("#q", word);
  const hrefs = await p.locator("#results-list a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
  check(`search: “${word}” (from ${target.id}) finds ${target.id}`, hrefs.includes("#" + target.id), JSON.stringify(hrefs));
  const hit = p.locator(`#results-list a[href="#${target.id}"]`);
  const marked = await hit.locator(".snippet mark").allTextContents();
  const where = await hit.locator(".where").textContent();
  check("search: the result has its page label and a snippet with the word marked",
        marked.includes(word) && where.startsWith(edition.pages[target.pages[0] - 1].label), JSON.stringify({ marked, where }));
  check("search: the result's headline", (await hit.locator(".headline").textContent()) === target.headline);
  await p.screenshot({ path: join(outDir, "viewer-search.png") });
  await hit.click();
  check("search: a click opens the article on its page",
        await waitHeadline(p, target.id) && await waitLabel(p, target.pages[0]));
  await p.keyboard.press("Escape");
  await p.fill("#q", "gdp");
  const gdp = edition.articles.filter((a) => a.headline.includes("GDP")).map((a) => "#" + a.id);
  const found = await p.locator("#results-list a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
  check("search: Latin letters in either case", gdp.every((h) => found.includes(h)), JSON.stringify(found));
  await p.fill("#q", "<b>");
  const none = await p.evaluate(() => ({ count: document.getElementById("results-count").textContent,
    items: document.querySelectorAll("#results-list li").length, b: document.querySelectorAll("#results b").length }));
  check("search: “<b>” is shown as written and finds nothing",
        none.count.includes("<b>") && none.items === 0 && none.b === 0, JSON.stringify(none));
  await p.fill("#q", "");
  check("search: an empty query hides the results", await p.locator("#results").isHidden());
  await p.close();
}

// search folds quotation marks and Simplified/Traditional characters:
// the demo with a Traditional article holding "老街" (ASCII quotes, set
// as 「老街」) and a Simplified one holding 开花
async function searchFolding() {
  const base = mkdtempSync(join(tmpdir(), "paiban-fold-"));
  try { await searchFoldingIn(base); } finally { rmSync(base, { recursive: true, force: true }); }
}
async function searchFoldingIn(base) {
  const copy = join(base, "examples-copy"), out = join(base, "ed");
  cpSync(join(root, "examples"), copy, { recursive: true });
  const add = (file, text) => writeFileSync(join(copy, "articles", file),
                                            readFileSync(join(copy, "articles", file), "utf8") + "\n" + text + "\n");
  add("hk-forum.md", '論壇結束當晚，學者們一起走進西寧的"老街"品嚐小吃。');
  add("satellite.md", "地面站旁的格桑花开花了。");
  execFileSync(bin, ["build", join(copy, "edition.yaml"), "-o", out, "-q", "--dpi", "50"]);
  const ed = JSON.parse(readFileSync(join(out, "edition.json"), "utf8"));
  const hk = ed.articles.find((a) => a.id === "hk-forum"), sat = ed.articles.find((a) => a.id === "ground-station");
  const p = await browser.newPage({ viewport: DESKTOP });
  p.setDefaultTimeout(5000);
  p.on("pageerror", (e) => errors.push(String(e)));
  await p.goto("file://" + join(out, "index.html"));
  const hits = async (q) => {
    await p.fill("#q", q);
    return p.locator("#results-list a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
  };
  check("search folding: the zh-Hant article sets 生態 and the quotes as the paper prints them, not ASCII",
        hk.lang === "zh-Hant" && hk.paragraphs.some((x) => /[「“]老街[」”]/.test(x.text)) &&
        sat.paragraphs.some((x) => x.text.includes("开花")), JSON.stringify(hk.paragraphs.at(-1)));
  const eco = await hits("生态");
  check("search: 生态 (Simplified) finds the zh-Hant article's 生態", eco.includes("#hk-forum"), JSON.stringify(eco));
  const bloom = await hits("開花");
  check("search: 開花 (Traditional) finds 开花", bloom.includes("#ground-station"), JSON.stringify(bloom));
  const street = await hits('"老街"');
  const marked = await p.locator('#results-list a[href="#hk-forum"] mark').allTextContents();
  check('search: "老街" with ASCII quotes finds 「老街」, marked with its quotes',
        street.includes("#hk-forum") && marked.some((m) => /^[「“]老街[」”]$/.test(m)), JSON.stringify([street, marked]));
  const bare = await hits("老街");
  check("search: 老街 without quotes finds it too", bare.includes("#hk-forum"), JSON.stringify(bare));
  await p.close();
}

async function paperName(p) {
  return p.evaluate(() => {
    const e = document.getElementById("paper"), r = document.createRange();
    r.selectNodeContents(e);
    const tops = new Set([...r.getClientRects()].map((x) => Math.round(x.top)));
    const fs = parseFloat(getComputedStyle(e).fontSize);
    return { lines: tops.size, h: e.getBoundingClientRect().height, fs, cut: e.scrollWidth > e.clientWidth,
             text: e.textContent };
  });
}

// #date: visible, whole, inside the window, holding the edition's date
async function dateShown(p) {
  return p.evaluate((iso) => {
    const e = document.getElementById("date"), r = e.getBoundingClientRect();
    const d = { text: e.textContent, w: r.width, h: r.height, left: r.left, right: r.right, top: r.top,
                bottom: r.bottom, cut: e.scrollWidth > e.clientWidth, visible: e.checkVisibility() };
    d.ok = d.visible && d.text.startsWith(iso) && d.w > 0 && d.h > 0 && !d.cut && d.left >= 0 &&
           d.right <= innerWidth && d.top >= 0 && d.bottom <= innerHeight;
    return d;
  }, edition.date);
}

async function phoneViews() {
  const p = await openViewer(PHONE, "#page-1", PHONE_TOUCH);
  const name = await paperName(p);
  check("phone: the paper's name on one line, whole", name.lines === 1 && name.h < name.fs * 2 && !name.cut,
        JSON.stringify(name));
  check("phone: the page image shown, the list not", await p.locator("#stage").isVisible() &&
        await p.locator("#toc-list").isHidden());
  const date = await dateShown(p);
  check("phone: the edition's date shown in the masthead, whole", date.ok, JSON.stringify(date));
  await p.click("#view-list");
  const listDate = await dateShown(p);
  check("phone: the edition's date shown in the list view, whole", listDate.ok, JSON.stringify(listDate));
  const items = await p.locator("#toc-list a").evaluateAll((as) => as.map((a) => ({
    id: a.dataset.article, visible: a.getBoundingClientRect().height > 0 })));
  check("phone: the list view shows every article of the page",
        JSON.stringify(items.map((i) => i.id)) === JSON.stringify(edition.pages[0].articles) &&
        items.every((i) => i.visible) && await p.locator("#stage").isHidden(), JSON.stringify(items));
  check("phone: the list has the articles' opening words",
        (await p.locator("#toc-list .snippet >> nth=0").isVisible()));
  await p.screenshot({ path: join(outDir, "viewer-phone-list.png") });
  await p.click(`#toc-list a[data-article="${edition.pages[0].articles[2]}"]`);
  check("phone: an article opens from the list", await waitHeadline(p, edition.pages[0].articles[2]));
  await p.click("#close");
  check("phone: closed, the list again", await p.locator("#toc-list").isVisible());
  await p.click("#view-page");
  check("phone: back to the page image", await p.locator("#img").isVisible());
  await p.close();
  // a long name on a narrow screen: a row of its own, whole; wider than
  // the screen, cut with an ellipsis; never broken
  const named = (n) => openViewer(PHONE, "#page-1", PHONE_TOUCH, (x) => {
    let v;
    Object.defineProperty(window, "PAIBAN_EDITION", { configurable: true, get: () => v,
                                                      set: (e) => { e.paper = x; v = e; } });
  }, n);
  const long = "临江日报临江日报都市晚报国际新闻周刊";
  const lp = await named(long);
  const ln = await paperName(lp);
  check("phone: a long paper name whole on one line", ln.text === long && ln.lines === 1 && ln.h < ln.fs * 2 &&
        !ln.cut, JSON.stringify(ln));
  await lp.screenshot({ path: join(outDir, "viewer-phone-long-name.png") });
  await lp.close();
  const longer = long + "文化副刊周末特刊";
  const xp = await named(longer);
  const xn = await paperName(xp);
  check("phone: a name wider than the screen stays on one line, cut", xn.text === longer && xn.lines === 1 &&
        xn.h < xn.fs * 2 && xn.cut, JSON.stringify(xn));
  await xp.close();
}

async function fontSize() {
  const size = (p) => p.evaluate(() => parseFloat(getComputedStyle(
    document.querySelector("#article > p:not(.kicker):not(.deck):not(.byline)")).fontSize));
  const p = await openViewer(DESKTOP, "#" + lead.id);
  await waitHeadline(p, lead.id);
  const s0 = await size(p);
  await p.click("#font-larger");
  const s1 = await size(p);
  check("font: A+ makes the article's text larger", s1 > s0, [s0, s1]);
  await p.reload();
  await waitHeadline(p, lead.id);
  check("font: the size is remembered (localStorage, from file://)", (await size(p)) === s1, await size(p));
  await p.click("#font-smaller");
  await p.click("#font-smaller");
  check("font: A− makes it smaller", (await size(p)) < s0);
  await p.close();
  // a browser that refuses localStorage: the control still works
  const q = await openViewer(DESKTOP, "#" + lead.id, {}, () => {
    Object.defineProperty(window, "localStorage", { get() { throw new DOMException("denied", "SecurityError"); } });
  });
  await waitHeadline(q, lead.id);
  const t0 = await size(q);
  await q.click("#font-larger");
  check("font: without localStorage A+ still works", (await size(q)) > t0);
  await q.close();
}

// copy holding markup characters is shown as written everywhere
async function markupCopy() {
  const odd = '<img src=x onerror="window.hacked=1">&amp; “<b>粗</b>”';
  const p = await openViewer(DESKTOP, "#page-1", {}, (h) => {
    let v;
    Object.defineProperty(window, "PAIBAN_EDITION", { configurable: true, get: () => v, set: (x) => {
      x.articles.find((a) => a.id === "lead-solar").headline = h;
      x.articles.find((a) => a.id === "lead-solar").kicker = "<script>window.hacked=2</script>";
      v = x;
    } });
  }, odd);
  await p.fill("#q", "<b>粗");
  await p.click('#results-list a[href="#lead-solar"]').catch(() => {});
  await waitHeadline(p, "lead-solar").catch(() => {});
  const seen = await p.evaluate(() => ({
    toc: document.querySelector('#toc-list a[data-article="lead-solar"] .headline').textContent,
    region: document.querySelector('.region[data-article="lead-solar"]').getAttribute("aria-label"),
    result: document.querySelector('#results-list a[href="#lead-solar"] .headline').textContent,
    reader: document.querySelector("#article h2").textContent,
    kicker: document.querySelector("#article .kicker").textContent,
    tags: document.querySelectorAll("#side img:not(#thumbs img), #article b, #side b, #article script").length,
    hacked: window.hacked || 0 }));
  check("copy with <, & and quotes is shown as written (list, region, search, article)",
        seen.toc === odd && seen.region === odd && seen.result === odd && seen.reader === odd &&
        seen.kicker.startsWith("<script>") && seen.tags === 0 && seen.hacked === 0, JSON.stringify(seen));
  await p.close();
}

async function axe(p, name) {
  await p.addScriptTag({ path: axePath });
  const r = await p.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
  const bad = r.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  check("axe-core: no serious or critical violation in " + name, bad.length === 0,
        bad.map((v) => v.id + " (" + v.impact + "): " + v.help + " — " +
                 v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")).join("\n  "));
}

async function accessibility() {
  const p = await openViewer(DESKTOP, "#page-1");
  await axe(p, "the desktop view");
  await p.goto(url("#" + lead.id));
  await waitHeadline(p, lead.id);
  await axe(p, "the open article");
  const heads = await p.evaluate(() => ({ h1: document.querySelectorAll("h1").length,
    h2: document.querySelector("#article h2") !== null, lang: document.getElementById("article").lang }));
  check("a11y: a page heading (h1), the article's headline an h2, its lang set",
        heads.h1 === 1 && heads.h2 && heads.lang === lead.lang, JSON.stringify(heads));
  await p.close();
  const ph = await openViewer(PHONE, "#page-1", PHONE_TOUCH);
  await axe(ph, "the phone view");
  await ph.click("#view-list");
  await axe(ph, "the phone's list view");
  await ph.close();
}

// the article pages (articles/ID.html), reached from the viewer
async function articlePages() {
  const p = await openViewer(DESKTOP, "#" + lead.id);
  await waitHeadline(p, lead.id);
  const href = await p.getAttribute("#article .own-page a", "href");
  check("the open article links to its own page", href === "articles/" + lead.id + ".html", href);
  await p.click("#article .own-page a");
  await p.waitForSelector("article h1");
  check("…which shows its headline", (await p.textContent("article h1")) === lead.headline);
  await p.screenshot({ path: join(outDir, "article-page.png") });
  await axe(p, "an article page (desktop)");
  await p.click("nav.article-nav a[href^='../index.html#']");
  await waitHeadline(p, lead.id);
  check("its link back opens the article on its page image", (await reading(p)) === lead.headline);
  await p.close();
  const ph = await browser.newPage({ viewport: PHONE, ...PHONE_TOUCH });
  ph.on("pageerror", (e) => errors.push(String(e)));
  await ph.goto("file://" + join(dir, "articles", lead.id + ".html"));
  const fit = await ph.evaluate(() => ({
    sw: document.scrollingElement.scrollWidth, vw: innerWidth,
    img: Math.max(0, ...[...document.images].map((i) => i.getBoundingClientRect().right)),
    size: parseFloat(getComputedStyle(document.querySelector("article p:not(.kicker)")).fontSize) }));
  check("an article page on a phone: no sideways scroll, photos within the width, text ≥ 16 px",
        fit.sw <= fit.vw && fit.img <= fit.vw && fit.size >= 16, JSON.stringify(fit));
  await ph.screenshot({ path: join(outDir, "article-page-phone.png"), fullPage: true });
  await axe(ph, "an article page (phone)");
  // in each language, only the paragraphs of the body are indented: not
  // the kicker, deck lines, byline, editor or source line
  for (const lang of ["zh-Hans", "zh-Hant", "ja", "en"]) {
    const ind = await ph.evaluate((l) => {
      document.documentElement.lang = l;
      document.body.lang = l;
      const px = (sel) => [...document.querySelectorAll(sel)].map((e) => parseFloat(getComputedStyle(e).textIndent));
      return { furniture: px("article p.kicker, article p.deck, article p.byline, article p.editor, article p.source"),
               body: px("article p:not(.kicker):not(.deck):not(.byline):not(.editor):not(.source)") };
    }, lang);
    check(`article page in ${lang}: byline, editor and source lines not indented (${ind.furniture.length})`,
          ind.furniture.length >= 2 && ind.furniture.every((x) => x === 0) &&
          (lang === "en" || ind.body.some((x) => x > 0)), JSON.stringify(ind));
  }
  await ph.close();
}

// 往期: two days built into one folder and `paiban archive` run on it
async function backIssues() {
  const base = mkdtempSync(join(tmpdir(), "paiban-issues-"));
  try { await backIssuesIn(base); } finally { rmSync(base, { recursive: true, force: true }); }
}
async function backIssuesIn(base) {
  // three editions of a paper with a 7-character name: 26 November, and
  // two of 27 November (the day's edition, and a 号外 in a second folder)
  const days = join(base, "days");
  mkdirSync(days, { recursive: true });
  const copy = join(base, "examples-copy");
  cpSync(join(root, "examples"), copy, { recursive: true });
  const paper = "珠三角都市晚报";
  const yaml = readFileSync(join(copy, "edition.yaml"), "utf8").replace("paper: 高原日报", "paper: " + paper);
  writeFileSync(join(copy, "edition-26.yaml"), yaml);
  writeFileSync(join(copy, "edition-27.yaml"), yaml.replace("date: 2026-11-26", "date: 2026-11-27"));
  execFileSync(bin, ["build", join(copy, "edition-26.yaml"), "-o", join(days, "a"), "-q", "--dpi", "50"]);
  execFileSync(bin, ["build", join(copy, "edition-27.yaml"), "-o", join(days, "b"), "-q", "--dpi", "50"]);
  cpSync(join(days, "b"), join(days, "b-extra"), { recursive: true });
  execFileSync(bin, ["archive", days]);
  const p = await browser.newPage({ viewport: DESKTOP });
  p.on("pageerror", (e) => errors.push(String(e)));
  const issueLinks = async (folder) => {
    await p.goto("file://" + join(days, folder, "index.html"));
    await p.waitForSelector("#issues:not([hidden]) a");
    return p.$$eval("#issues a", (as) => as.map((a) => [a.textContent, a.getAttribute("href")]));
  };
  const newest = await issueLinks("b-extra");
  check("the newest edition's viewer: 上一期 (the day's other edition) and 往期, no 下一期",
        JSON.stringify(newest) === JSON.stringify([["上一期", "../b/index.html"], ["往期", "../index.html"]]),
        JSON.stringify(newest));
  const middle = await issueLinks("b");
  check("two editions of a day: each links to the other, never to itself",
        JSON.stringify(middle) === JSON.stringify([["上一期", "../a/index.html"], ["往期", "../index.html"],
                                                  ["下一期", "../b-extra/index.html"]]), JSON.stringify(middle));
  const oldest = await issueLinks("a");
  check("the day before: 下一期 the first edition of the next day",
        JSON.stringify(oldest) === JSON.stringify([["往期", "../index.html"], ["下一期", "../b/index.html"]]),
        JSON.stringify(oldest));
  await issueLinks("b");
  await p.click("#issues a[rel=prev]");
  await p.waitForFunction(() => document.getElementById("date").textContent.startsWith("2026-11-26"));
  check("上一期 opens the day before", true);
  await p.click("#issues a:not([rel])");
  await p.waitForSelector("li[data-date]");
  const listed = await p.$$eval("li[data-date]", (l) => l.map((e) => [e.dataset.date,
    e.querySelector("a").getAttribute("href")]));
  check("往期 lists the three, newest first, both of a day", JSON.stringify(listed) === JSON.stringify([
    ["2026-11-27", "b/index.html"], ["2026-11-27", "b-extra/index.html"], ["2026-11-26", "a/index.html"]]),
        JSON.stringify(listed));
  await p.screenshot({ path: join(outDir, "back-issues.png") });
  await axe(p, "the back-issues index");
  await p.fill("#day", "2026-11-26");
  await p.waitForFunction(() => location.pathname.endsWith("/a/index.html"), null, { timeout: 5000 }).catch(() => {});
  check("the date field opens that day's edition", (await p.evaluate(() => location.pathname)).endsWith("/a/index.html"));
  await p.close();
  // a phone: the masthead with 往期's three links keeps the paper's name
  // whole, its controls apart, ‹ › big enough to tap
  for (const width of [320, 360, 390]) await phoneMasthead(join(days, "b", "index.html"), width, paper);
  // a viewer with no archive beside it shows none of this
  const q = await openViewer(DESKTOP);
  check("without an archive: no 往期 links", await q.$eval("#issues", (e) => e.hidden));
  await q.close();
}

async function phoneMasthead(file, width, paper) {
  const p = await browser.newPage({ viewport: { width, height: 844 }, ...PHONE_TOUCH });
  p.setDefaultTimeout(5000);
  p.on("pageerror", (e) => errors.push(String(e)));
  await p.goto("file://" + file);
  await p.waitForSelector("#issues:not([hidden]) a[rel=next]");
  const m = await p.evaluate(() => {
    const box = (e) => { const r = e.getBoundingClientRect(); return { x: r.left, y: r.top, w: r.width, h: r.height }; };
    const name = document.getElementById("paper");
    const parts = [...document.querySelectorAll("#paper, #date, #view-page, #view-list, #issues a, #pdf-all")]
      .map((e) => ({ id: e.id || e.getAttribute("rel") || e.textContent, ...box(e) }));
    const overlaps = [];
    for (let i = 0; i < parts.length; i++)
      for (let j = i + 1; j < parts.length; j++) {
        const a = parts[i], b = parts[j];
        if (a.x < b.x + b.w - 0.5 && b.x < a.x + a.w - 0.5 && a.y < b.y + b.h - 0.5 && b.y < a.y + a.h - 0.5)
          overlaps.push(a.id + "/" + b.id);
      }
    const centre = (s) => { const b = box(document.querySelector(s)); return b.y + b.h / 2; };
    return { text: name.textContent, cut: name.scrollWidth > name.clientWidth, overlaps,
             outside: parts.filter((b) => b.x < 0 || b.x + b.w > innerWidth + 0.5).map((b) => b.id),
             arrows: [...document.querySelectorAll("#issues a[rel]")].map((a) => [box(a).w, box(a).h]),
             align: Math.abs(centre("#issues a:not([rel])") - centre("#pdf-all")),
             sideways: document.documentElement.scrollWidth > innerWidth };
  });
  check(`phone ${width} px with 往期: the paper's name whole, no control over another, ‹ › at least 24 × 24, ` +
        "往期 in line with the PDF link", m.text === paper && !m.cut && !m.overlaps.length && !m.outside.length &&
        !m.sideways && m.arrows.length === 2 && m.arrows.every(([w, h]) => w >= 24 && h >= 24) && m.align <= 2,
        JSON.stringify(m));
  await p.screenshot({ path: join(outDir, `viewer-phone-${width}-issues.png`) });
  await p.close();
}

// ---- the interface in the edition's language ------------------------------

// The visible words of the viewer's chrome: its text and its names,
// titles, placeholders and alt texts, without the edition's copy (the
// paper's name, headlines, kickers, snippets, sections, editors, the
// article's text) — the article's jump links, editor line and link to its
// page are the viewer's words and stay in.
function chromeWords(p) {
  return p.evaluate(() => {
    const copy = "#paper, .headline, .kicker, .snippet, .section, #editors, " +
      "#article > :not(.jump):not(.editor):not(.own-page)";
    const out = [];
    const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walk.nextNode(); n; n = walk.nextNode()) {
      const e = n.parentElement;
      if (!n.data.trim() || e.closest(copy) || e.closest("script") || !e.checkVisibility()) continue;
      out.push(n.data);
    }
    for (const e of document.body.querySelectorAll("[aria-label], [title], [placeholder], [alt]")) {
      if (e.closest(copy) || e.closest("#toc-list, #results-list") ||
          e.matches(".region, #prev-article, #next-article")) continue;
      if (!e.checkVisibility() && e.id !== "img") continue;
      for (const a of ["aria-label", "title", "placeholder", "alt"]) if (e.getAttribute(a)) out.push(e.getAttribute(a));
    }
    out.push(document.title.replace(window.PAIBAN_EDITION.paper, ""));
    return out.join("\n");
  });
}

// the zh-Hans interface words in text: in a zh-Hant viewer, those
// Traditional Chinese does not write the same
function zhHansLeft(lang, text) {
  return ZH_HANS_WORDS.filter((w) => !(lang === "zh-Hant" && SHARED_WITH_HANT.has(w)) && text.includes(w));
}

async function interfaceLanguages() {
  const base = mkdtempSync(join(tmpdir(), "paiban-l10n-"));
  try { await interfaceLanguagesIn(base); } finally { rmSync(base, { recursive: true, force: true }); }
}

async function interfaceLanguagesIn(base) {
  // index.html's own words are the zh-Hans table's: the page reads the same
  // without script
  const ctx = await browser.newContext({ javaScriptEnabled: false, viewport: DESKTOP });
  const bare = await ctx.newPage();
  await bare.goto(url());
  // groups by their names, buttons and labels by their words and names too,
  // and the buttons whose words a phone shortens by their markup
  const NAMED = ["#views", "#issues", "#side", "#zoom", "#font"];
  const WORDED = ["#view-page", "#view-list", "label[for=q]", "#q", "#results-title", "#pages-title", "#toc-title",
    "#zoom-out", "#zoom-in", "#fit-width", "#fit-page", "#pdf", "#prev-article", "#next-article", "#font-smaller",
    "#font-larger", "#close"];
  const MARKED = ["#prev", "#next", "#pdf-all"];
  const words = (p) => p.evaluate(([named, worded, marked]) => {
    const q = (s) => document.querySelector(s);
    const names = (e) => [e.getAttribute("aria-label"), e.getAttribute("placeholder"),
                          e.id.endsWith("-article") ? "" : e.getAttribute("title")];
    return named.map((s) => [s, names(q(s))]).concat(worded.map((s) => [s, q(s).textContent, names(q(s))]),
      marked.map((s) => [s, q(s).innerHTML.trim(), names(q(s))]));
  }, [NAMED, WORDED, MARKED]);
  const before = await words(bare);
  await ctx.close();
  const zh = await openViewer(DESKTOP);
  const after = await words(zh);
  check("zh-Hans: the viewer's words are index.html's own (the page reads the same without script)",
        JSON.stringify(before) === JSON.stringify(after) && (await zh.getAttribute("html", "lang")) === "zh-Hans",
        JSON.stringify(before.filter((b, k) => JSON.stringify(b) !== JSON.stringify(after[k])).concat(["→"],
          after.filter((a, k) => JSON.stringify(a) !== JSON.stringify(before[k])))));
  await zh.close();

  // the demo edition as a zh-Hant, a Japanese and an English paper (the
  // articles stay Chinese: the interface follows the edition's lang),
  // on three days in one folder, with 往期
  const copy = join(base, "examples-copy"), days = join(base, "days");
  cpSync(join(root, "examples"), copy, { recursive: true });
  mkdirSync(days);
  const yaml = readFileSync(join(copy, "edition.yaml"), "utf8");
  const langs = [["zh-Hant", "2026-11-24"], ["ja", "2026-11-25"], ["en", "2026-11-26"]];
  for (const [lang, date] of langs) {
    const y = join(copy, lang + ".yaml");
    writeFileSync(y, yaml.replace("lang: zh-Hans", "lang: " + lang).replace("date: 2026-11-26", "date: " + date));
    execFileSync(bin, ["build", y, "-o", join(days, lang), "-q", "--dpi", "50"]);
  }
  execFileSync(bin, ["archive", days]);
  for (const [lang] of langs) await interfaceIn(lang, join(days, lang));
}

async function interfaceIn(lang, folder) {
  const want = INTERFACE[lang];
  const ed = JSON.parse(readFileSync(join(folder, "edition.json"), "utf8"));
  const labelOf = (n) => ed.pages.find((pg) => pg.number === n).label;
  const jump = ed.articles.find((a) => a.pages.length > 1);
  const at = (hash) => "file://" + join(folder, "index.html") + hash;
  const p = await browser.newPage({ viewport: DESKTOP });
  p.setDefaultTimeout(5000);
  p.on("pageerror", (e) => errors.push(String(e)));
  await p.goto(at("#page-" + jump.pages.at(-1)));
  await p.waitForSelector("#issues:not([hidden]) a");
  const name = (role, n) => p.getByRole(role, { name: n, exact: true }).count();
  const seen = {
    lang: await p.getAttribute("html", "lang"),
    pages: await p.textContent("#pages-title"), toc: await p.textContent("#toc-title"),
    search: await p.textContent("label[for=q]"),
    buttons: await Promise.all([want.prevPage, want.nextPage, want.zoomIn, want.zoomOut, want.fitWidth, want.fitPage]
      .map((n) => name("button", n))),
    label: await p.textContent("#label"), note: await p.textContent("#toc-list .jump-note").catch(() => null),
    issues: await p.$$eval("#issues a", (as) => as.map((a) => a.textContent)),
    title: await p.title(),
  };
  check(`${lang}: <html lang>, 版面导航, 本版标题, the search, ‹ › and the zoom buttons' names in its words`,
        seen.lang === lang && seen.pages === want.pages && seen.toc === want.toc && seen.search === want.search &&
        seen.buttons.every((c) => c === 1) && seen.title.endsWith(want.title), JSON.stringify(seen));
  check(`${lang}: page labels from edition.json (${labelOf(1)}), the continued story's note, 往期's links`,
        seen.label.startsWith(labelOf(jump.pages.at(-1))) && seen.note === want.continued(labelOf(jump.pages[0])) &&
        JSON.stringify(seen.issues) === JSON.stringify(want.issues), JSON.stringify(seen));
  let chrome = await chromeWords(p);
  await p.fill("#q", "光伏");
  const found = await p.textContent("#results-count");
  chrome += "\n" + await chromeWords(p);
  await p.fill("#q", "zzqq");
  const none = await p.textContent("#results-count");
  chrome += "\n" + await chromeWords(p);
  check(`${lang}: the search's counts in its words`, want.found.test(found) && none === want.none,
        JSON.stringify([found, none]));
  await p.fill("#q", "");
  await p.goto(at("#" + jump.id));
  await p.waitForSelector("#reader:not([hidden])");
  await p.screenshot({ path: join(outDir, `viewer-${lang}-article.png`) });
  const art = {
    buttons: [await p.textContent("#prev-article"), await p.textContent("#next-article"),
              await name("button", want.close)],
    jumps: await p.$$eval("#article .jump a", (as) => as.map((a) => a.textContent)),
    jumpLang: await p.getAttribute("#article .jump", "lang"),
    own: await p.textContent("#article .own-page"), editor: await p.textContent("#article .editor").catch(() => ""),
    tools: await p.evaluate(() => document.getElementById("tools").getBoundingClientRect().height /
      document.getElementById("zoom-in").getBoundingClientRect().height),
  };
  check(`${lang}: the open article: 上一篇/下一篇, 关闭, its jump by the pages' labels, 本文网页, the editor line`,
        art.buttons[0] === want.prevStory && art.buttons[1] === want.nextStory && art.buttons[2] === 1 &&
        JSON.stringify(art.jumps) === JSON.stringify(jump.pages.map(labelOf)) && art.jumpLang === lang &&
        art.own === want.ownPage && (!jump.editor || art.editor === want.editor + jump.editor), JSON.stringify(art));
  check(`${lang}: the tools above the page on one line beside the open article at 1400×1000`, art.tools < 1.8,
        art.tools);
  chrome += "\n" + await chromeWords(p);
  const left = zhHansLeft(lang, chrome);
  check(`${lang}: no Simplified Chinese interface word left in the chrome (page, search, article)`, left.length === 0,
        JSON.stringify(left) + "\n  " + chrome.split("\n").filter((l) => left.some((w) => l.includes(w))).join(" | "));
  await p.goto(at("#page-1"));
  await p.waitForFunction(() => document.getElementById("img").complete);
  await p.screenshot({ path: join(outDir, `viewer-${lang}.png`) });
  if (lang === "ja") {
    await axe(p, "the ja viewer");
    await p.goto(at("#" + jump.id));
    await p.waitForSelector("#reader:not([hidden])");
    await axe(p, "the ja viewer's open article");
  }
  await p.close();

  // a phone: the masthead on one line, the paper's name whole, nothing
  // sideways; the list view
  const ph = await browser.newPage({ viewport: PHONE, ...PHONE_TOUCH });
  ph.setDefaultTimeout(5000);
  ph.on("pageerror", (e) => errors.push(String(e)));
  await ph.goto(at("#page-1"));
  await ph.waitForSelector("#issues:not([hidden]) a");
  const paper = await paperName(ph);
  const fit = await ph.evaluate(() => ({ sw: document.documentElement.scrollWidth, vw: innerWidth,
    bar: document.getElementById("bar").scrollWidth <= document.getElementById("bar").clientWidth }));
  check(`${lang} on a phone: the paper's name whole on one line beside 往期's links, nothing sideways`,
        paper.lines === 1 && !paper.cut && fit.sw <= fit.vw && fit.bar, JSON.stringify([paper, fit]));
  await ph.screenshot({ path: join(outDir, `viewer-${lang}-phone.png`) });
  if (lang === "ja") await axe(ph, "the ja viewer on a phone");
  await ph.click("#view-list");
  await ph.screenshot({ path: join(outDir, `viewer-${lang}-phone-list.png`) });
  const listChrome = await chromeWords(ph);
  const leftList = zhHansLeft(lang, listChrome);
  check(`${lang} on a phone: the list view in its words`, leftList.length === 0 &&
        (await ph.textContent("#view-list")).length > 0, JSON.stringify(leftList));
  if (lang === "ja") await axe(ph, "the ja viewer's list on a phone");
  await ph.goto(at("#" + jump.id));
  await ph.waitForSelector("#reader:not([hidden])");
  await ph.screenshot({ path: join(outDir, `viewer-${lang}-phone-article.png`) });
  const bar = await ph.evaluate(() => {
    const b = document.getElementById("reader-bar");
    return { fits: b.scrollWidth <= b.clientWidth, sw: document.documentElement.scrollWidth, vw: innerWidth };
  });
  check(`${lang} on a phone: the open article's buttons fit`, bar.fits && bar.sw <= bar.vw, JSON.stringify(bar));
  await ph.close();
}
