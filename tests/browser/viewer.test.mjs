// Browser test of the offline viewer: builds the demo edition, opens
// index.html from disk in Debian's Chromium (playwright-core), checks the
// page image, clicks inside an article's region, reads its headline and
// first paragraph, turns the page with the keyboard, checks the phone
// layout, and leaves screenshots in the test output folder.
//
//   node viewer.test.mjs PAIBAN_BINARY OUTPUT_DIR
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..", "..");
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

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const errors = [];
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
  check("no script errors", errors.length === 0, errors.join("\n"));
} finally {
  await browser.close();
  rmSync(dir, { recursive: true, force: true });
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
