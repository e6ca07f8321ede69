/* Client-side helpers: the refresh gate, the +08:00 clock, ticking data ages and panel states,
   auto-paging feeds and the burn-in shift. No data from the server is ever inserted as HTML. */
(function () {
  "use strict";
  var L = document.documentElement;
  function lang() { return (document.querySelector(".shell") || L).getAttribute("lang") === "en" ? "en" : "zh"; }
  var TXT = {
    zh: { s: " 秒前", m: " 分钟前", h: " 小时前", stale: "数据延迟", dead: "数据中断", live: "实时" },
    en: { s: " s ago", m: " min ago", h: " h ago", stale: "Delayed", dead: "Data interrupted", live: "Live" }
  };

  /* Pages are served without the component bundles they do not use (app.py PAGE_LIBRARIES): a link from here to a
     page that needs one loads that page in full instead of rendering it client-side. Capture phase: before Dash. */
  var absent = document.querySelector('meta[name="cc-absent-libraries"]');
  ((absent && absent.getAttribute("content")) || "").split(" ").filter(Boolean).forEach(function (ns) {
    function Absent() { return null; }
    if (!window[ns]) window[ns] = new Proxy({}, { get: function () { return Absent; } });
  });
  document.addEventListener("click", function (ev) {
    var meta = document.querySelector('meta[name="cc-full-load"]'), a = ev.target.closest && ev.target.closest("a[href]");
    if (!meta || !a || ev.defaultPrevented || ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return;
    var url = new URL(a.getAttribute("href"), location.href);
    if (url.origin !== location.origin) return;
    var full = (meta.getAttribute("content") || "").split(" ").filter(Boolean);
    if (full.some(function (p) { return url.pathname === p || url.pathname.indexOf(p + "/") === 0; })) {
      ev.preventDefault(); ev.stopPropagation();
      location.assign(url.href);
    }
  }, true);

  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    cc: {
      /* Send a new tick only when the previous refresh came back, or it is clearly lost (3 periods). */
      done: function (done) {
        if (done && done.params) { window.cc_params_done = done.params; }
        return window.dash_clientside.no_update;
      },
      gate: function (n, sent, done) {
        var now = Date.now();
        if (sent && sent.n !== (done && done.n) && now - sent.at < 15000) { return window.dash_clientside.no_update; }
        return { n: (n || 0), at: now, params: window.cc_params || {} };  /* page parameters, e.g. the wall's town */
      }
    }
  });

  function fmtAge(ms) {
    var t = TXT[lang()], s = Math.floor(ms / 1000);
    if (s < 60) return s + t.s;
    if (s < 3600) return Math.floor(s / 60) + t.m;
    return Math.floor(s / 3600) + t.h;
  }

  /* data-meta = {"data-age-ms", "data-period-ms", "data-stale-periods", "data-error"} set by the server. */
  function tickAges() {
    var els = document.querySelectorAll("[data-meta]");
    var now = Date.now();
    for (var i = 0; i < els.length; i++) {
      var el = els[i], raw = el.getAttribute("data-meta");
      if (!raw) continue;
      if (raw !== el._ccRaw) {
        el._ccRaw = raw;
        var m; try { m = JSON.parse(raw); } catch (e) { continue; }
        el._ccPeriod = +m["data-period-ms"] || 5000;
        el._ccStale = +m["data-stale-periods"] || 2;
        el._ccError = m["data-error"] || "";
        if (m["data-age-ms"] !== "") { el._ccBase = +m["data-age-ms"]; el._ccSeen = now; }
      }
      if (el._ccSeen === undefined) continue;
      var age = el._ccBase + (now - el._ccSeen);
      var state = age > el._ccPeriod * (el._ccStale + 1) ? "dead" : age > el._ccPeriod * el._ccStale ? "stale" : "live";
      if (el._ccError && state === "live") state = "error";
      var t = TXT[lang()];
      el.textContent = (state === "dead" ? t.dead + " · " : state === "stale" ? t.stale + " · " : el._ccError ? el._ccError + " · " : "") + fmtAge(age);
      var box = el.closest(".panel") || el;
      box.classList.remove("state-loading", "state-live", "state-stale", "state-dead", "state-error");
      box.classList.add("state-" + state);
    }
  }

  function tickClock() {
    var el = document.getElementById("shell-clock");
    if (!el) return;
    var d = new Date(Date.now() + 8 * 3600 * 1000);
    var p = function (x) { return (x < 10 ? "0" : "") + x; };
    el.textContent = d.getUTCFullYear() + "-" + p(d.getUTCMonth() + 1) + "-" + p(d.getUTCDate()) + " " +
      p(d.getUTCHours()) + ":" + p(d.getUTCMinutes()) + ":" + p(d.getUTCSeconds()) + " +08:00";
  }

  /* Feeds page through their rows instead of scrolling: hide rows that do not fit, rotate every 6 s. */
  var page = 0;
  function pageFeeds() {
    var feeds = document.querySelectorAll("[data-autopage]");
    for (var i = 0; i < feeds.length; i++) {
      var ul = feeds[i], rows = ul.children, box = ul.parentElement;
      if (!rows.length || !box || !box.clientHeight) continue;
      for (var j = 0; j < rows.length; j++) rows[j].style.display = "";
      var h = rows[0].offsetHeight || 1;
      var per = Math.max(1, Math.floor(box.clientHeight / h));
      var start = rows.length > per ? (page * per) % rows.length : 0;  /* wrap around: every page is full */
      for (var k = 0; k < rows.length; k++) {
        var pos = (k - start + rows.length) % rows.length;
        rows[k].style.display = pos < per ? "" : "none";
        rows[k].style.order = pos;
      }
      ul.style.display = "flex"; ul.style.flexDirection = "column";
    }
  }

  /* Burn-in: move static chrome by a few pixels every few minutes. */
  var shift = 0;
  function burnShift() {
    shift = (shift + 1) % 4;
    var dx = [0, 2, 0, -2][shift], dy = [0, 1, 2, 1][shift];
    document.querySelectorAll(".burn-shift").forEach(function (el) { el.style.transform = "translate(" + dx + "px," + dy + "px)"; });
  }

  setInterval(function () { tickClock(); tickAges(); }, 1000);
  setInterval(function () { page++; }, 8000);
  setInterval(burnShift, 180000);
  setInterval(pageFeeds, 500);  /* rows that fit, one page at a time; new content is paged within half a second */
})();

/* Leaflet sizes itself once; when a panel (or a wall scene) changes size, tell it (window resize event). */
(function () {
  "use strict";
  var sizes = new WeakMap();
  var COUNTY = [[37.58, 106.18], [38.36, 106.87]];  /* Lingwu: E106°11'-106°52', N37°35'-38°21' (layouts/_panels.py) */
  setInterval(function () {
    var changed = false;
    document.querySelectorAll(".leaflet-container").forEach(function (el) {
      var s = el.clientWidth + "x" + el.clientHeight;
      if (sizes.get(el) === s || !el.clientWidth) return;
      sizes.set(el, s); changed = true;
      /* panel maps (overview, wall) always frame the whole county; interactive maps keep the user's view */
      if (el.classList.contains("panel-map") && el.id && window.dash_clientside && window.dash_clientside.set_props) {
        setTimeout(function () {  /* after Leaflet has taken the new size (its resize handler is debounced) */
          window.dash_clientside.set_props(el.id, { viewport: {
            bounds: COUNTY, transition: "fitBounds", options: { animate: false } } });
        }, 400);
      }
    });
    if (changed) { window.dispatchEvent(new Event("resize")); }
  }, 700);
})();

/* Chart type follows the screen: plotly sizes are in px, so scale them from the root font size. */
(function () {
  "use strict";
  setInterval(function () {
    if (!window.Plotly) return;
    var root = parseFloat(getComputedStyle(document.documentElement).fontSize) || 14;
    var size = Math.round(root * 0.9);
    document.querySelectorAll(".panel-graph .js-plotly-plot").forEach(function (gd) {
      var lay = gd.layout || {};
      if (!gd._fullLayout || (lay.font && lay.font.size === size)) return;
      window.Plotly.relayout(gd, {
        "font.size": size, "legend.font.size": size, "hoverlabel.font.size": size,
        "margin.l": Math.max(lay.margin && lay.margin.l === 8 ? 8 : root * 3.4, 8), "margin.b": root * 2.4,
        "margin.r": root * 2.6, "margin.t": root * 0.6
      });
    });
  }, 1000);
})();
