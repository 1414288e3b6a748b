// paiban's offline digital-edition viewer: the page image with its
// articles' regions (热区), the page list, the page's headlines, the
// article's text, zoom, search across the edition and the address of
// every page and article.  Data come from edition.js
// (window.PAIBAN_EDITION, the same as edition.json), so the viewer works
// from a folder opened straight from disk as well as from a web server.
//
// Addresses: #page-N shows page N (#pN, the older form, too);
// #ARTICLE-ID opens the article on its first page (history.state keeps
// the page when it was opened on a later one, a jump's continuation).
// Every move is a history entry (pushState), so Back and Forward walk
// through them; a hash typed into an open viewer is followed.
//
// Copy text goes into the page with textContent and createElement only:
// a headline may hold <, & or quotes.
//
// Ids (articles', and every name taken from an address or the data) are
// looked up in Maps or with hasOwn, never as plain object keys: an
// address like #constructor or #__proto__ names no article.
(function () {
  "use strict";
  var E = window.PAIBAN_EDITION;
  var $ = function (id) { return document.getElementById(id); };
  function hasOwn(o, k) { return Object.prototype.hasOwnProperty.call(o, k); }
  var articles = new Map();
  E.articles.forEach(function (a) { articles.set(a.id, a); });

  // what is shown: a page (index into E.pages) and the open article
  var current = -1, open = null, opener = null;

  // 上一篇/下一篇: the articles page by page, each page's in its order;
  // a jump's article is met again on the page it continues on
  var sequence = [];
  E.pages.forEach(function (p, i) {
    p.articles.forEach(function (id) { if (articles.has(id)) sequence.push({ page: i, id: id }); });
  });

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }

  function pageIndexOf(number) {
    for (var i = 0; i < E.pages.length; i++) if (E.pages[i].number === number) return i;
    return -1;
  }

  function pageName(p) { return p.label + (p.section ? " · " + p.section : ""); }

  // page n's label in edition.json (第1版, 1面, Page 1)
  function labelOf(n) {
    var i = pageIndexOf(n);
    return i >= 0 ? E.pages[i].label : String(n);
  }

  function langOf(a) { return a.lang || E.lang || "zh-Hans"; }

  // ---- the viewer's own words, in the edition's language ---------------
  //
  // Every label, accessible name, title and placeholder of the viewer, and
  // the strings it builds, one table per language; the edition's `lang`
  // picks the table at start (the editor line alone follows its article's
  // language).  index.html holds the zh-Hans words, so the page still reads
  // without script.  Page labels (第1版, 1面, Page 1) come from edition.json.
  var WORDS = {
    "zh-Hans": {
      headTitle: function (paper, date) { return paper + " " + date + " 数字报"; },
      view: "显示", viewPage: "版面", viewList: "列表",
      issues: "往期", prevIssue: "上一期", nextIssue: "下一期", pdfAll: ["全部", "版面", " PDF"],
      side: "导航与搜索", search: "搜索全报", searchHint: "标题、正文中的字词", results: "搜索结果",
      found: function (q, n) { return "“" + q + "”：" + n + " 篇"; },
      notFound: function (q) { return "没有找到“" + q + "”"; },
      pages: "版面导航", toc: "本版标题", prevPage: "上一版", nextPage: "下一版",
      zoom: "缩放", zoomOut: "缩小", zoomIn: "放大", fitWidth: "适宽", fitWidthTitle: "适合宽度",
      fitPage: "整版", fitPageTitle: "整版可见", pagePdf: "本版 PDF", prevStory: "上一篇", nextStory: "下一篇",
      font: "字号", smaller: "A− 缩小字号", larger: "A+ 放大字号", close: "关闭",
      paren: function (s) { return "（" + s + "）"; },
      pageImage: "版面图：", continuedFrom: function (label) { return "（上接" + label + "）"; },
      see: "见", and: "、", ownPage: "本文网页", editor: "责任编辑：",
      date: function (iso) { return iso; }
    },
    "zh-Hant": {
      headTitle: function (paper, date) { return paper + " " + date + " 電子報"; },
      view: "顯示", viewPage: "版面", viewList: "列表",
      issues: "往期", prevIssue: "上一期", nextIssue: "下一期", pdfAll: ["全部", "版面", " PDF"],
      side: "導覽與搜尋", search: "搜尋全報", searchHint: "標題、內文中的字詞", results: "搜尋結果",
      found: function (q, n) { return "「" + q + "」：" + n + " 篇"; },
      notFound: function (q) { return "沒有找到「" + q + "」"; },
      pages: "版面導覽", toc: "本版標題", prevPage: "上一版", nextPage: "下一版",
      zoom: "縮放", zoomOut: "縮小", zoomIn: "放大", fitWidth: "適寬", fitWidthTitle: "適合寬度",
      fitPage: "整版", fitPageTitle: "整版可見", pagePdf: "本版 PDF", prevStory: "上一篇", nextStory: "下一篇",
      font: "字級", smaller: "A− 縮小字級", larger: "A+ 放大字級", close: "關閉",
      paren: function (s) { return "（" + s + "）"; },
      pageImage: "版面圖：", continuedFrom: function (label) { return "（上接" + label + "）"; },
      see: "見", and: "、", ownPage: "本文網頁", editor: "責任編輯：",
      date: function (iso) { return iso; }
    },
    ja: {
      headTitle: function (paper, date) { return paper + " " + date + " 電子版"; },
      view: "表示", viewPage: "紙面", viewList: "一覧",
      issues: "過去の紙面", prevIssue: "前の号", nextIssue: "次の号", pdfAll: ["", "全紙面", "PDF"],
      side: "紙面一覧と検索", search: "紙面を検索", searchHint: "見出し・本文の語句", results: "検索結果",
      found: function (q, n) { return "「" + q + "」：" + n + "件"; },
      notFound: function (q) { return "「" + q + "」は見つかりませんでした"; },
      pages: "紙面一覧", toc: "この面の記事", prevPage: "前の面", nextPage: "次の面",
      zoom: "拡大・縮小", zoomOut: "縮小", zoomIn: "拡大", fitWidth: "幅合わせ", fitWidthTitle: "幅に合わせる",
      fitPage: "全体", fitPageTitle: "紙面全体を表示", pagePdf: "この面の PDF", prevStory: "前の記事",
      nextStory: "次の記事", font: "文字サイズ", smaller: "A− 文字を小さく", larger: "A+ 文字を大きく",
      close: "閉じる", paren: function (s) { return "（" + s + "）"; },
      pageImage: "紙面画像：", continuedFrom: function (label) { return "（" + label + "から続く）"; },
      see: "掲載面：", and: "、", ownPage: "この記事のページ", editor: "編集担当：",
      date: function (iso) { return iso.slice(0, 4) + "年" + (+iso.slice(5, 7)) + "月" + (+iso.slice(8, 10)) + "日"; }
    },
    en: {
      headTitle: function (paper, date) { return paper + ", " + date + " — Digital edition"; },
      view: "View", viewPage: "Page", viewList: "List",
      issues: "Back issues", prevIssue: "Previous issue", nextIssue: "Next issue", pdfAll: ["", "Edition ", "PDF"],
      side: "Pages and search", search: "Search", searchHint: "Words in headlines or text", results: "Search results",
      found: function (q, n) { return "“" + q + "”: " + n + (n === 1 ? " story" : " stories"); },
      notFound: function (q) { return "Nothing found for “" + q + "”"; },
      pages: "Pages", toc: "This page", prevPage: "Previous page", nextPage: "Next page",
      zoom: "Zoom", zoomOut: "Zoom out", zoomIn: "Zoom in", fitWidth: "Fit width",
      fitWidthTitle: "Fit the page to the width",
      fitPage: "Fit page", fitPageTitle: "Fit the whole page", pagePdf: "Page PDF", prevStory: "Previous story",
      nextStory: "Next story", font: "Text size", smaller: "A− Smaller text", larger: "A+ Larger text",
      close: "Close", paren: function (s) { return " (" + s + ")"; },
      pageImage: "Page image: ", continuedFrom: function (label) { return " (continued from " + label + ")"; },
      see: "See ", and: ", ", ownPage: "This story’s page", editor: "Editor: ",
      date: function (iso) {
        var months = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                      "October", "November", "December"];
        return (+iso.slice(8, 10)) + " " + months[+iso.slice(5, 7) - 1] + " " + iso.slice(0, 4);
      }
    }
  };

  // the table for a language tag: zh-Hant (zh-TW, zh-HK, zh-MO), ja, en
  // and their regional forms; else zh-Hans
  function wordsFor(lang) {
    lang = String(lang || "");
    if (hasOwn(WORDS, lang)) return WORDS[lang];
    if (/^zh-(hant|tw|hk|mo)\b/i.test(lang)) return WORDS["zh-Hant"];
    var base = lang.split("-")[0].toLowerCase();
    return hasOwn(WORDS, base) ? WORDS[base] : WORDS["zh-Hans"];
  }
  var UI = E.lang || "zh-Hans", W = wordsFor(UI);

  // the edition's date (YYYY-MM-DD in edition.json) as the language writes it
  function dateOf(iso) { return /^\d{4}-\d{2}-\d{2}$/.test(iso || "") ? W.date(iso) : iso; }

  // text, a part shown only on a wide screen (<span class="wide">), text
  function setParts(e, before, wide, after) {
    e.textContent = "";
    if (before) e.appendChild(document.createTextNode(before));
    if (wide) e.appendChild(el("span", "wide", wide));
    if (after) e.appendChild(document.createTextNode(after));
  }

  // a button's accessible name, and its title with its key
  function nameButton(e, name, key) {
    e.setAttribute("aria-label", name);
    e.title = name + W.paren(key);
  }

  // the static words of index.html in the edition's language
  function applyWords() {
    document.documentElement.lang = UI;
    $("views").setAttribute("aria-label", W.view);
    $("view-page").textContent = W.viewPage;
    $("view-list").textContent = W.viewList;
    $("issues").setAttribute("aria-label", W.issues);
    setParts($("pdf-all"), W.pdfAll[0], W.pdfAll[1], W.pdfAll[2]);
    $("side").setAttribute("aria-label", W.side);
    document.querySelector("label[for=q]").textContent = W.search;
    $("q").placeholder = W.searchHint;
    $("results-title").textContent = W.results;
    $("pages-title").textContent = W.pages;
    $("toc-title").textContent = W.toc;
    nameButton($("prev"), W.prevPage, "←");
    setParts($("prev"), "‹", " " + W.prevPage, "");
    nameButton($("next"), W.nextPage, "→");
    setParts($("next"), "", W.nextPage + " ", "›");
    $("zoom").setAttribute("aria-label", W.zoom);
    nameButton($("zoom-out"), W.zoomOut, "−");
    nameButton($("zoom-in"), W.zoomIn, "+");
    $("fit-width").textContent = W.fitWidth;
    $("fit-width").title = W.fitWidthTitle;
    $("fit-page").textContent = W.fitPage;
    $("fit-page").title = W.fitPageTitle + W.paren("0");
    $("pdf").textContent = W.pagePdf;
    $("prev-article").textContent = W.prevStory;
    $("next-article").textContent = W.nextStory;
    $("font").setAttribute("aria-label", W.font);
    $("font-smaller").setAttribute("aria-label", W.smaller);
    $("font-larger").setAttribute("aria-label", W.larger);
    nameButton($("close"), W.close, "Esc");
  }

  // ---- addresses and history ------------------------------------------

  function hashOf(t) {
    return t.article ? "#" + encodeURIComponent(t.article) : "#page-" + E.pages[t.page].number;
  }

  function stateOf(t) { return { page: E.pages[t.page].number, article: t.article }; }

  // the page and article an address names, or null
  function targetOf(hash, state) {
    var h;
    try { h = decodeURIComponent(hash.replace(/^#/, "")); } catch (e) { return null; }
    var a = articles.get(h);
    if (a) {
      var n = state && state.article === h && a.pages.indexOf(state.page) >= 0 ? state.page : a.pages[0];
      var i = pageIndexOf(n);
      return { page: i >= 0 ? i : 0, article: h };
    }
    var m = /^(?:page-|p)(\d+)$/.exec(h);
    if (m && pageIndexOf(+m[1]) >= 0) return { page: pageIndexOf(+m[1]), article: null };
    return null;
  }

  // show a page or an article as a new history entry
  function navigate(t, focusArticle) {
    show(t, focusArticle);
    var s = history.state;
    if (location.hash !== hashOf(t) || !s || s.page !== stateOf(t).page)
      history.pushState(stateOf(t), "", hashOf(t));
  }

  // Back, Forward, or an address typed into the open viewer
  function route() {
    var t = targetOf(location.hash, history.state);
    if (!t) return;
    show(t, false);
    if (location.hash !== hashOf(t)) history.replaceState(stateOf(t), "", hashOf(t));
  }

  // ---- what is shown ------------------------------------------------

  function show(t, focusArticle) {
    if (t.page !== current) showPage(t.page);
    if (t.article) openArticle(t.article, focusArticle);
    else if (open) closeArticle();
    markCurrent();
  }

  function showPage(i) {
    current = i;
    var p = E.pages[i];
    showImage(p);
    $("label").textContent = pageName(p);
    $("pdf").href = p.pdf;
    $("prev").disabled = i === 0;
    $("next").disabled = i === E.pages.length - 1;
    drawRegions(p);
    fillToc(p);
    var ts = $("thumbs").querySelectorAll("a");
    for (var k = 0; k < ts.length; k++) {
      if (k === i) ts[k].setAttribute("aria-current", "page");
      else ts[k].removeAttribute("aria-current");
    }
    $("stage").scrollTop = 0;
    $("stage").scrollLeft = 0;
    applyZoom(zoom.width, null);
  }

  // the current page's regions, the open article's headlines and the
  // article buttons follow what is open
  function markCurrent() {
    var rs = $("regions").children;
    for (var k = 0; k < rs.length; k++) rs[k].classList.toggle("current", rs[k].dataset.article === open);
    var ls = $("toc-list").querySelectorAll("a");
    for (k = 0; k < ls.length; k++) {
      if (ls[k].dataset.article === open) ls[k].setAttribute("aria-current", "true");
      else ls[k].removeAttribute("aria-current");
    }
    var at = sequenceIndex();
    setArticleButton($("prev-article"), at > 0 ? sequence[at - 1] : null);
    setArticleButton($("next-article"), at >= 0 && at < sequence.length - 1 ? sequence[at + 1] : null);
  }

  function sequenceIndex() {
    if (!open) return -1;
    for (var k = 0; k < sequence.length; k++)
      if (sequence[k].id === open && sequence[k].page === current) return k;
    for (k = 0; k < sequence.length; k++) if (sequence[k].id === open) return k;
    return -1;
  }

  function setArticleButton(b, s) {
    b.disabled = !s;
    b.title = s ? articles.get(s.id).headline + W.paren(E.pages[s.page].label) : "";
  }

  // <picture>: the WebP, the screen image the site serves; the full-size
  // PNG where a browser cannot show WebP, where the WebP does not load,
  // and where the page is zoomed past the WebP's pixels
  var webpFailed = new Set();
  function showImage(p) {
    var img = $("img"), size = p.webp || p.image;
    img.width = size.width;
    img.height = size.height;
    img.alt = W.pageImage + pageName(p);
    img.onerror = function () {
      if ($("img-webp").hasAttribute("srcset")) {
        webpFailed.add(current);
        $("img-webp").removeAttribute("srcset");
      }
    };
    pickSource(p);
    if (img.getAttribute("src") !== p.image.file) img.src = p.image.file;
  }

  function pickSource(p) {
    var src = $("img-webp");
    var sharp = zoom.width * (window.devicePixelRatio || 1) > (p.webp ? p.webp.width : 0) * 1.1;
    var want = p.webp && !webpFailed.has(current) && !sharp ? p.webp.file : null;
    if (want === src.getAttribute("srcset")) return;
    if (want) src.setAttribute("srcset", want);
    else src.removeAttribute("srcset");
  }

  function highlight(id, on) {
    var rs = $("regions").children;
    for (var i = 0; i < rs.length; i++) if (rs[i].dataset.article === id) rs[i].classList.toggle("hover", on);
  }

  // An article's regions are links (#ID) placed by their fraction of the
  // page, so they stay on the image at every zoom.  Its first region is
  // reached with Tab and named by the headline; the others are the same
  // link again and stay out of the tab order and the accessibility tree.
  function drawRegions(p) {
    var layer = $("regions");
    layer.textContent = "";
    p.articles.forEach(function (id) {
      var a = articles.get(id);
      if (!a) return;
      var first = true;
      a.regions.forEach(function (r) {
        if (r.page !== p.number) return;
        var d = el("a", "region");
        d.href = "#" + encodeURIComponent(id);
        d.dataset.article = id;
        d.title = a.headline;
        if (first) d.setAttribute("aria-label", a.headline);
        else { d.tabIndex = -1; d.setAttribute("aria-hidden", "true"); }
        first = false;
        d.style.left = (r.fraction[0] * 100) + "%";
        d.style.top = (r.fraction[1] * 100) + "%";
        d.style.width = (r.fraction[2] * 100) + "%";
        d.style.height = (r.fraction[3] * 100) + "%";
        d.addEventListener("mouseenter", function () { highlight(id, true); });
        d.addEventListener("mouseleave", function () { highlight(id, false); });
        d.addEventListener("focus", function () { highlight(id, true); });
        d.addEventListener("blur", function () { highlight(id, false); });
        d.addEventListener("click", function (e) { follow(e, id, d); });
        layer.appendChild(d);
      });
    });
  }

  // a link to an article followed in the viewer: a history entry, the
  // focus in the article, and back to the link when it closes
  function follow(e, id, from, page) {
    if (e.button || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    opener = { el: from, id: id };
    var a = articles.get(id);
    var i = page != null ? page : a.pages.indexOf(E.pages[current].number) >= 0 ? current : pageIndexOf(a.pages[0]);
    navigate({ page: i < 0 ? 0 : i, article: id }, true);
  }

  // 本版标题: the page's articles in its order, kicker and headline (and
  // on a phone, where this is the list view, the opening words)
  function fillToc(p) {
    var list = $("toc-list");
    list.textContent = "";
    p.articles.forEach(function (id) {
      var a = articles.get(id);
      if (!a) return;
      var li = el("li"), link = el("a");
      link.href = "#" + encodeURIComponent(id);
      link.lang = langOf(a);
      link.dataset.article = id;
      if (a.kicker) link.appendChild(el("span", "kicker", a.kicker));
      link.appendChild(el("span", "headline", a.headline));
      var first = a.paragraphs.length ? a.paragraphs[0].text : "";
      if (a.pages[0] !== p.number) {
        var note = el("span", "jump-note", W.continuedFrom(labelOf(a.pages[0])));
        if (link.lang !== UI) note.lang = UI;
        link.appendChild(note);
      }
      if (first) link.appendChild(el("span", "snippet", first.slice(0, 80)));
      link.addEventListener("click", function (e) { follow(e, id, link, current); });
      li.appendChild(link);
      list.appendChild(li);
    });
    $("editors").textContent = (p.editors || []).join("　");
  }

  // ---- the article ----------------------------------------------------

  function openArticle(id, focus) {
    var a = articles.get(id);
    if (open !== id) {
      open = id;
      fillArticle(a);
      $("article").scrollTop = 0;
    }
    $("reader").hidden = false;
    if (focus) $("article-title").focus();
  }

  function fillArticle(a) {
    var box = $("article");
    box.textContent = "";
    // the article's language: its glyph forms and punctuation (zh-Hans,
    // zh-Hant, ja), and the paragraph indent (2 em; 1 em in Japanese)
    box.lang = langOf(a);
    if (a.kicker) box.appendChild(el("p", "kicker", a.kicker));
    var h = el("h2", null, a.headline);
    h.id = "article-title";
    h.tabIndex = -1;
    box.appendChild(h);
    (a.deck || []).forEach(function (d) { box.appendChild(el("p", "deck", d)); });
    if (a.byline) box.appendChild(el("p", "byline", a.byline));
    a.figures.forEach(function (f) {
      var fig = el("figure"), img = el("img");
      img.src = f.image;
      img.alt = f.caption || "";
      fig.appendChild(img);
      fig.appendChild(el("figcaption", null, [f.caption, f.credit].filter(Boolean).join(" ")));
      box.appendChild(fig);
    });
    a.paragraphs.forEach(function (p) {
      box.appendChild(el(p.type === "subheading" ? "h3" : "p", null, p.text));
    });
    if (a.pages.length > 1) box.appendChild(jumpLinks(a));
    // the editor line in the article's language, as on its page
    if (a.editor) box.appendChild(el("p", "editor", wordsFor(langOf(a)).editor + a.editor));
    // the article's own page (articles/ID.html): to share or bookmark
    var own = el("p", "own-page"), link = el("a", null, W.ownPage);
    own.lang = UI; // the viewer's own words, not the article's
    link.href = "articles/" + encodeURIComponent(a.id) + ".html";
    own.appendChild(link);
    box.appendChild(own);
  }

  // a jump: links to every page the story is set on, by their labels
  function jumpLinks(a) {
    var k = el("p", "jump", W.see);
    k.lang = UI;
    a.pages.forEach(function (n, i) {
      var m = el("a", null, labelOf(n));
      var pi = pageIndexOf(n);
      m.href = "#page-" + n;
      m.addEventListener("click", function (e) {
        if (pi < 0 || e.button || e.ctrlKey || e.metaKey || e.shiftKey) return;
        e.preventDefault();
        navigate({ page: pi, article: a.id }, false);
      });
      if (i) k.appendChild(document.createTextNode(W.and));
      k.appendChild(m);
    });
    return k;
  }

  function closeArticle() {
    var id = open, hadFocus = $("reader").contains(document.activeElement);
    open = null;
    $("reader").hidden = true;
    if (!hadFocus) return;
    // the focus back where the article was opened from, else on the
    // article's first region on this page
    var back = opener && opener.id === id && opener.el.isConnected && opener.el.offsetParent ? opener.el : null;
    var rs = $("regions").children;
    for (var k = 0; k < rs.length && !back; k++) if (rs[k].dataset.article === id) back = rs[k];
    if (back) back.focus();
  }

  function stepArticle(d) {
    var at = sequenceIndex() + d;
    if (at < 0 || at >= sequence.length) return;
    navigate({ page: sequence[at].page, article: sequence[at].id }, true);
  }

  // A− / A+: the article's text size, kept in localStorage where the
  // browser allows it (file:// pages and private windows may refuse)
  var FONT_SIZES = [14, 16, 18, 20, 23, 26, 30];
  var fontAt = 2;
  function setFont(k, keep) {
    fontAt = Math.max(0, Math.min(FONT_SIZES.length - 1, k));
    $("article").style.fontSize = FONT_SIZES[fontAt] + "px";
    $("font-smaller").disabled = fontAt === 0;
    $("font-larger").disabled = fontAt === FONT_SIZES.length - 1;
    if (keep) try { window.localStorage.setItem("paiban-viewer-font-size", String(FONT_SIZES[fontAt])); } catch (e) { /* not kept */ }
  }
  function loadFont() {
    var px = null;
    try { px = window.localStorage.getItem("paiban-viewer-font-size"); } catch (e) { /* none kept */ }
    var k = FONT_SIZES.indexOf(+px);
    setFont(k >= 0 ? k : 2, false);
  }

  // ---- zoom -------------------------------------------------------------
  //
  // The page is drawn at a width in CSS pixels: fit page (the whole page
  // in the stage, the default), fit width, or a width the reader chose
  // (buttons, + and − keys, ctrl + wheel or a trackpad pinch, a two-finger
  // pinch).  The regions are placed in per cent of the page box, which is
  // the image's box, so they scale with it.
  var zoom = { mode: "page", width: 0 };
  var ZOOM_STEP = 1.25, ZOOM_MAX = 6; // the largest: six times the fit page

  function fits() {
    var s = $("stage"), cs = getComputedStyle(s);
    var w = s.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
    var h = s.clientHeight - parseFloat(cs.paddingTop) - parseFloat(cs.paddingBottom);
    var size = E.pages[current].webp || E.pages[current].image;
    var ratio = size.width / size.height;
    w = Math.max(100, Math.floor(w));
    return { width: w, page: Math.max(80, Math.floor(Math.min(w, Math.max(h, 100) * ratio))) };
  }

  // the page at width w (or by the mode), the point under anchor
  // {x, y} (client pixels) kept where it is
  function applyZoom(w, anchor, mode) {
    if (current < 0) return;
    if (mode) zoom.mode = mode;
    var f = fits(), pg = $("page"), stage = $("stage");
    if (zoom.mode === "page") w = f.page;
    else if (zoom.mode === "width") w = f.width;
    w = Math.round(Math.max(f.page, Math.min(f.page * ZOOM_MAX, w)));
    var before = pg.getBoundingClientRect();
    zoom.width = w;
    pg.style.width = w + "px";
    if (anchor && before.width) {
      var fx = (anchor.x - before.left) / before.width, fy = (anchor.y - before.top) / before.height;
      var after = pg.getBoundingClientRect();
      stage.scrollLeft += after.left + fx * after.width - anchor.x;
      stage.scrollTop += after.top + fy * after.height - anchor.y;
    }
    $("zoom-out").disabled = w <= f.page;
    $("zoom-in").disabled = w >= Math.round(f.page * ZOOM_MAX);
    $("fit-page").setAttribute("aria-pressed", String(zoom.mode === "page"));
    $("fit-width").setAttribute("aria-pressed", String(zoom.mode === "width"));
    pickSource(E.pages[current]);
  }

  function stageCentre() {
    var r = $("stage").getBoundingClientRect();
    return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
  }

  function zoomBy(factor, anchor) {
    applyZoom(zoom.width * factor, anchor || stageCentre(), "free");
  }

  function distance(ts) { return Math.hypot(ts[0].clientX - ts[1].clientX, ts[0].clientY - ts[1].clientY); }
  function middle(ts) { return { x: (ts[0].clientX + ts[1].clientX) / 2, y: (ts[0].clientY + ts[1].clientY) / 2 }; }

  function setUpZoom() {
    var stage = $("stage"), pinch = null;
    $("zoom-in").addEventListener("click", function () { zoomBy(ZOOM_STEP); });
    $("zoom-out").addEventListener("click", function () { zoomBy(1 / ZOOM_STEP); });
    $("fit-width").addEventListener("click", function () { applyZoom(0, null, "width"); });
    $("fit-page").addEventListener("click", function () { applyZoom(0, null, "page"); });
    // ctrl + wheel (a trackpad's pinch arrives so too) zooms at the
    // pointer; the plain wheel scrolls the page as everywhere else
    stage.addEventListener("wheel", function (e) {
      if (!e.ctrlKey) return;
      e.preventDefault();
      var dy = e.deltaY * (e.deltaMode === 1 ? 16 : e.deltaMode === 2 ? 400 : 1);
      zoomBy(Math.exp(-dy * 0.002), { x: e.clientX, y: e.clientY });
    }, { passive: false });
    // two fingers: the page's own pinch (the stage takes no browser zoom:
    // touch-action pan-x pan-y)
    stage.addEventListener("touchstart", function (e) {
      if (e.touches.length === 2) pinch = { d: distance(e.touches) || 1, w: zoom.width };
    }, { passive: true });
    stage.addEventListener("touchmove", function (e) {
      if (!pinch || e.touches.length !== 2) return;
      e.preventDefault();
      applyZoom(pinch.w * distance(e.touches) / pinch.d, middle(e.touches), "free");
    }, { passive: false });
    stage.addEventListener("touchend", function (e) { if (e.touches.length < 2) pinch = null; });
    stage.addEventListener("touchcancel", function () { pinch = null; });
    var refit = function () { applyZoom(zoom.width, null); };
    if (window.ResizeObserver) new ResizeObserver(refit).observe(stage);
    else window.addEventListener("resize", refit);
  }

  // ---- search -----------------------------------------------------------
  //
  // A plain substring search over every article's kicker, headline, deck
  // and paragraphs: no word segmentation (a Chinese or Japanese word is
  // found wherever its characters stand together).  Latin letters match
  // either case and full-width letters and digits their ASCII forms;
  // quotation marks (" ' “ ” ‘ ’ 「 」 『 』 〝 〞) match one another;
  // Simplified and Traditional characters match one another through the
  // table the build wrote into edition.js for this edition's characters
  // (window.PAIBAN_SEARCH_FOLD: each character's Simplified and
  // Traditional forms to its Simplified form; a character not in it is
  // itself); words the query separates with spaces must all occur in the
  // article.
  var SCRIPT_FOLD = window.PAIBAN_SEARCH_FOLD || {};

  // the same length as s, so offsets in it are offsets in s
  function fold(s) {
    s = s.replace(/[\uff01-\uff5e]/g, function (c) { return String.fromCharCode(c.charCodeAt(0) - 0xfee0); })
      .replace(/\u3000/g, " ");
    var l = s.toLowerCase();
    s = l.length === s.length ? l : s;
    return s.replace(/['\u2018\u2019\u201c\u201d\u300c-\u300f\u301d\u301e]/g, "\"")
      .replace(/[^\u0000-\u00ff]/g, function (c) {
        var f = hasOwn(SCRIPT_FOLD, c) ? SCRIPT_FOLD[c] : c;
        return typeof f === "string" && f.length === 1 ? f : c;
      });
  }

  // an article's order in the edition: where it is first met page by page
  var firstMet = new Map();
  sequence.forEach(function (s, k) { if (!firstMet.has(s.id)) firstMet.set(s.id, k); });
  var searchIndex = E.articles.map(function (a, k) {
    var head = [a.kicker, a.headline].concat(a.deck || []).filter(Boolean);
    var body = a.paragraphs.map(function (p) { return p.text; });
    return { a: a, order: firstMet.has(a.id) ? firstMet.get(a.id) : sequence.length + k, head: head, body: body,
             headFold: head.map(fold), bodyFold: body.map(fold) };
  });

  function hitIn(folded, term) {
    for (var k = 0; k < folded.length; k++) {
      var at = folded[k].indexOf(term);
      if (at >= 0) return { field: k, at: at };
    }
    return null;
  }

  function search(query) {
    var terms = fold(query).split(/\s+/).filter(Boolean), found = [];
    if (!terms.length) return { terms: terms, found: found };
    searchIndex.forEach(function (x) {
      var inHead = false, first = null;
      for (var k = 0; k < terms.length; k++) {
        var h = hitIn(x.headFold, terms[k]), b = hitIn(x.bodyFold, terms[k]);
        if (!h && !b) return;
        if (h) inHead = true;
        if (!first) first = b ? { text: x.body[b.field], at: b.at } : { text: x.head[h.field], at: h.at };
      }
      found.push({ a: x.a, rank: inHead ? 0 : 1, order: x.order, text: first.text, at: first.at });
    });
    found.sort(function (p, q) { return p.rank - q.rank || p.order - q.order; });
    return { terms: terms, found: found };
  }

  // text into parent, every occurrence of the terms in a <mark>
  function appendMarked(parent, text, terms) {
    var folded = fold(text), marks = [];
    terms.forEach(function (t) {
      for (var at = folded.indexOf(t); at >= 0; at = folded.indexOf(t, at + t.length)) marks.push([at, at + t.length]);
    });
    marks.sort(function (p, q) { return p[0] - q[0]; });
    var pos = 0;
    marks.forEach(function (m) {
      if (m[1] <= pos) return;
      var from = Math.max(m[0], pos);
      if (from > pos) parent.appendChild(document.createTextNode(text.slice(pos, from)));
      parent.appendChild(el("mark", null, text.slice(from, m[1])));
      pos = m[1];
    });
    if (pos < text.length) parent.appendChild(document.createTextNode(text.slice(pos)));
  }

  function snippet(text, at, terms) {
    var from = Math.max(0, at - 18), to = Math.min(text.length, at + 60);
    var s = el("span", "snippet");
    appendMarked(s, (from > 0 ? "…" : "") + text.slice(from, to) + (to < text.length ? "…" : ""), terms);
    return s;
  }

  var MAX_RESULTS = 200;
  function showResults(query) {
    var box = $("results"), list = $("results-list");
    list.textContent = "";
    var r = search(query.trim());
    if (!query.trim()) { box.hidden = true; $("results-count").textContent = ""; return; }
    box.hidden = false;
    $("results-count").textContent = r.found.length ? W.found(query.trim(), r.found.length) : W.notFound(query.trim());
    r.found.slice(0, MAX_RESULTS).forEach(function (hit) {
      var a = hit.a, pi = pageIndexOf(a.pages[0]);
      var li = el("li"), link = el("a");
      link.href = "#" + encodeURIComponent(a.id);
      link.lang = langOf(a);
      var head = el("span", "headline");
      appendMarked(head, a.headline, r.terms);
      link.appendChild(head);
      link.appendChild(el("span", "where", pi >= 0 ? pageName(E.pages[pi]) : ""));
      link.appendChild(snippet(hit.text, hit.at, r.terms));
      link.addEventListener("click", function (e) { follow(e, a.id, link, pi < 0 ? 0 : pi); });
      li.appendChild(link);
      list.appendChild(li);
    });
  }

  // ---- the page list, the phone's two views, the keys -------------------

  function fillPageList() {
    E.pages.forEach(function (p, i) {
      var li = el("li"), link = el("a"), pic = el("picture"), ts = el("source"), t = el("img");
      link.href = "#page-" + p.number;
      if (p.thumbnail_webp) {
        ts.type = "image/webp";
        ts.srcset = p.thumbnail_webp.file;
        pic.appendChild(ts);
      }
      t.src = p.thumbnail.file;
      t.width = p.thumbnail.width;
      t.height = p.thumbnail.height;
      t.alt = "";
      t.onerror = function () { if (ts.parentNode) pic.removeChild(ts); };
      pic.appendChild(t);
      link.appendChild(pic);
      link.appendChild(el("span", "num", p.label));
      if (p.section) link.appendChild(el("span", "section", p.section));
      link.addEventListener("click", function (e) {
        if (e.button || e.ctrlKey || e.metaKey || e.shiftKey) return;
        e.preventDefault();
        navigate({ page: i, article: null }, false);
      });
      li.appendChild(link);
      $("thumbs").appendChild(li);
    });
  }

  // at phone widths: the page image or the list (本版标题, the page list
  // and the search) — one at a time
  function setView(list) {
    document.body.classList.toggle("list", list);
    $("view-page").setAttribute("aria-pressed", String(!list));
    $("view-list").setAttribute("aria-pressed", String(list));
    if (!list) applyZoom(zoom.width, null);
  }

  function typing(e) {
    var t = e.target;
    return t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT" || t.isContentEditable);
  }

  function onKey(e) {
    if (e.key === "Escape") {
      if (open) { e.preventDefault(); navigate({ page: current, article: null }, false); }
      return;
    }
    if (typing(e) || e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === "ArrowLeft" && current > 0) navigate({ page: current - 1, article: null }, false);
    else if (e.key === "ArrowRight" && current < E.pages.length - 1) navigate({ page: current + 1, article: null }, false);
    else if (e.key === "+" || e.key === "=") zoomBy(ZOOM_STEP);
    else if (e.key === "-" || e.key === "_" || e.key === "−") zoomBy(1 / ZOOM_STEP);
    else if (e.key === "0") applyZoom(0, null, "page");
  }

  // the folder a URL names (its file name dropped), decoded, so that a
  // folder's name compares however it was percent-encoded
  function folderOf(u) {
    try {
      var x = new URL(u, location.href);
      return decodeURIComponent(x.pathname.replace(/[^\/]*$/, ""));
    } catch (e) { return null; }
  }

  // 往期: with `paiban archive` run on the folder of editions, its list
  // (../paiban-archive.js, ordered by date, then folder name): a link to
  // the index, and to the previous and next issue of this paper along
  // that order.  This edition is the entry whose folder is this page's
  // (two editions of a day — a 号外, a rebuild into a second folder —
  // each know which they are); else the first of its date.
  function fillIssues() {
    var A = window.PAIBAN_ARCHIVE, box = $("issues");
    if (!A || !A.index || !A.editions) return;
    var mine = A.editions.filter(function (e) { return e.paper === E.paper; });
    var here = folderOf(location.href), at = -1;
    mine.forEach(function (e, i) { if (at < 0 && here !== null && folderOf(e.href) === here) at = i; });
    if (at < 0) mine.forEach(function (e, i) { if (at < 0 && e.date === E.date) at = i; });
    function add(text, href, rel) {
      var a = el("a", null, text);
      a.href = href;
      if (rel) a.rel = rel;
      box.appendChild(a);
    }
    if (at > 0) add(W.prevIssue, mine[at - 1].href, "prev");
    add(W.issues, A.index);
    if (at >= 0 && at + 1 < mine.length) add(W.nextIssue, mine[at + 1].href, "next");
    box.hidden = false;
  }

  function start() {
    applyWords();
    document.title = W.headTitle(E.paper, dateOf(E.date));
    $("paper").textContent = E.paper;
    $("paper").title = E.paper;
    // the date, then the issue line: on a phone the line wraps under the
    // date rather than the masthead losing a row to it
    $("date").textContent = "";
    $("date").appendChild(el("span", "day", dateOf(E.date)));
    if (E.issue) {
      $("date").appendChild(document.createTextNode(" "));
      $("date").appendChild(el("span", "issue", E.issue));
    }
    fillPageList();
    fillIssues();
    $("prev").addEventListener("click", function () { navigate({ page: current - 1, article: null }, false); });
    $("next").addEventListener("click", function () { navigate({ page: current + 1, article: null }, false); });
    $("close").addEventListener("click", function () { navigate({ page: current, article: null }, false); });
    $("prev-article").addEventListener("click", function () { stepArticle(-1); });
    $("next-article").addEventListener("click", function () { stepArticle(1); });
    $("font-smaller").addEventListener("click", function () { setFont(fontAt - 1, true); });
    $("font-larger").addEventListener("click", function () { setFont(fontAt + 1, true); });
    $("view-page").addEventListener("click", function () { setView(false); });
    $("view-list").addEventListener("click", function () { setView(true); });
    $("q").addEventListener("input", function () { showResults($("q").value); });
    $("search").addEventListener("submit", function (e) { e.preventDefault(); showResults($("q").value); });
    document.addEventListener("keydown", onKey);
    setUpZoom();
    loadFont();
    var t = targetOf(location.hash, history.state) || { page: 0, article: null };
    show(t, false);
    history.replaceState(stateOf(t), "", hashOf(t));
    window.addEventListener("popstate", route);
    window.addEventListener("hashchange", route);
  }

  start();
})();
