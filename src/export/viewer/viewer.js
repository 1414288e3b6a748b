// paiban's offline digital-edition viewer: the page image with its
// articles' regions; a click opens the article's text.  Data come from
// edition.js (window.PAIBAN_EDITION, the same as edition.json), so the
// viewer works from a folder opened straight from disk.
(function () {
  "use strict";
  var E = window.PAIBAN_EDITION;
  var $ = function (id) { return document.getElementById(id); };
  var articles = {};
  E.articles.forEach(function (a) { articles[a.id] = a; });
  var current = 0, open = null;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }

  function pageIndexOf(number) {
    for (var i = 0; i < E.pages.length; i++) if (E.pages[i].number === number) return i;
    return 0;
  }

  function highlight(id, on) {
    var rs = $("regions").querySelectorAll('[data-article="' + id + '"]');
    for (var i = 0; i < rs.length; i++) rs[i].classList.toggle("hover", on);
  }

  function showPage(i) {
    current = Math.max(0, Math.min(E.pages.length - 1, i));
    var p = E.pages[current];
    // <picture>: the WebP, the screen image the site serves; the
    // full-size PNG where a browser cannot show WebP
    if (p.webp) $("img-webp").srcset = p.webp.file;
    else $("img-webp").removeAttribute("srcset");
    $("img").src = p.image.file;
    // a WebP that does not load (missing, cut short): the PNG instead
    $("img").onerror = function () {
      if ($("img-webp").hasAttribute("srcset")) $("img-webp").removeAttribute("srcset");
    };
    $("img").alt = p.label + (p.section ? " " + p.section : "");
    $("label").textContent = p.label + (p.section ? " · " + p.section : "");
    $("pdf").href = p.pdf;
    var layer = $("regions");
    layer.textContent = "";
    p.articles.forEach(function (id) {
      var a = articles[id];
      a.regions.forEach(function (r) {
        if (r.page !== p.number) return;
        var d = el("div", "region" + (open === id ? " current" : ""));
        d.dataset.article = id;
        d.title = a.headline;
        d.style.left = (r.fraction[0] * 100) + "%";
        d.style.top = (r.fraction[1] * 100) + "%";
        d.style.width = (r.fraction[2] * 100) + "%";
        d.style.height = (r.fraction[3] * 100) + "%";
        d.addEventListener("mouseenter", function () { highlight(id, true); });
        d.addEventListener("mouseleave", function () { highlight(id, false); });
        d.addEventListener("click", function () { openArticle(id); });
        layer.appendChild(d);
      });
    });
    var ts = $("thumbs").children;
    for (var k = 0; k < ts.length; k++) ts[k].classList.toggle("current", k === current);
    $("prev").disabled = current === 0;
    $("next").disabled = current === E.pages.length - 1;
    if (!open) history.replaceState(null, "", "#p" + p.number);
  }

  function openArticle(id) {
    var a = articles[id];
    if (!a) return;
    open = id;
    var box = $("article");
    box.textContent = "";
    // the article's language: its glyph forms and punctuation (zh-Hans,
    // zh-Hant, ja), and the paragraph indent (2 em; 1 em in Japanese)
    box.lang = a.lang || E.lang || "zh-Hans";
    if (a.kicker) box.appendChild(el("p", "kicker", a.kicker));
    box.appendChild(el("h2", null, a.headline));
    (a.deck || []).forEach(function (d) { box.appendChild(el("p", "deck", d)); });
    if (a.byline) box.appendChild(el("p", "byline", a.byline));

    a.figures.forEach(function (f) {
      var fig = el("figure");
      var img = el("img");
      img.src = f.image;
      img.alt = f.caption || "";
      fig.appendChild(img);
      fig.appendChild(el("figcaption", null, [f.caption, f.credit].filter(Boolean).join(" ")));
      box.appendChild(fig);
    });
    a.paragraphs.forEach(function (p) {
      box.appendChild(el(p.type === "subheading" ? "h3" : "p", null, p.text));
    });
    if (a.pages.length > 1) {
      // a jump: links to every page the story is set on
      var k = el("p", "jump", "见");
      a.pages.forEach(function (n, i) {
        var m = el("a", null, "第" + n + "版");
        m.href = "#p" + n;
        m.addEventListener("click", function (e) { e.preventDefault(); showPage(pageIndexOf(n)); });
        if (i) k.appendChild(document.createTextNode("、"));
        k.appendChild(m);
      });
      box.appendChild(k);
    }
    $("reader").hidden = false;
    $("reader").scrollTop = 0;
    if (a.pages.indexOf(E.pages[current].number) < 0) showPage(pageIndexOf(a.pages[0]));
    else showPage(current);
    history.replaceState(null, "", "#" + id);
  }

  function closeArticle() {
    open = null;
    $("reader").hidden = true;
    showPage(current);
  }

  document.title = E.paper + " " + E.date + " 数字报";
  $("paper").textContent = E.paper;
  $("date").textContent = E.date + (E.issue ? " " + E.issue : "");
  E.pages.forEach(function (p, i) {
    var b = el("button");
    b.type = "button";
    var pic = el("picture"), ts = el("source"), t = el("img");
    if (p.thumbnail_webp) {
      ts.type = "image/webp";
      ts.srcset = p.thumbnail_webp.file;
      pic.appendChild(ts);
    }
    t.src = p.thumbnail.file;
    t.alt = p.label;
    t.onerror = function () { if (ts.parentNode) pic.removeChild(ts); };
    pic.appendChild(t);
    b.appendChild(pic);
    b.appendChild(el("span", null, p.label));
    b.addEventListener("click", function () { showPage(i); });
    $("thumbs").appendChild(b);
  });
  $("prev").addEventListener("click", function () { showPage(current - 1); });
  $("next").addEventListener("click", function () { showPage(current + 1); });
  $("close").addEventListener("click", closeArticle);
  document.addEventListener("keydown", function (e) {
    if (e.key === "ArrowLeft") showPage(current - 1);
    else if (e.key === "ArrowRight") showPage(current + 1);
    else if (e.key === "Escape") closeArticle();
  });
  // #pN opens page N, #ARTICLE-ID the article on its page: at the start,
  // and when the address changes while the viewer is open
  function route(first) {
    var h = decodeURIComponent(location.hash.slice(1));
    if (articles[h]) {
      if (open !== h) { showPage(pageIndexOf(articles[h].pages[0])); openArticle(h); }
    } else if (/^p\d+$/.test(h)) {
      if (open) { open = null; $("reader").hidden = true; }
      showPage(pageIndexOf(+h.slice(1)));
    } else if (first) showPage(0);
  }
  window.addEventListener("hashchange", function () { route(false); });
  route(true);
})();
