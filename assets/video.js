/* Video wall (window.cc_video): tiles, one multiplexed connection for the visible tiles (MJPEG frames and
   channel states; states only when the cameras stream HLS), HLS tiles through the locally served hls.js, patrol,
   alert pinning with the bounding box. Server data is only ever set as textContent. */
(function () {
  "use strict";
  var TXT = {
    zh: { lost: "信号中断", last: "最后画面 ", none: "无画面", conf: "置信度 ", empty: "点击或拖入通道",
          full: "全屏", close: "移除", pin: "告警联动", saved: "已存布局" },
    en: { lost: "Signal lost", last: "Last frame ", none: "no frame", conf: "conf. ", empty: "Click or drop a channel",
          full: "Full screen", close: "Remove", pin: "Alert", saved: "Saved" }
  };
  var DWELL = { 1: 10, 4: 15, 9: 20, 16: 30, 25: 30, 36: 40 };
  var STALL_MS = 3500;           // no frame for this long: the tile says 信号中断
  var HLS_STALL_MS = 8000;       // HLS: the picture has not moved for this long (segments are seconds long)
  var HLS_START_MS = 15000;      // HLS: a tile that has not started playing by then is lost too
  var HLS_RETRY_MS = 4000;       // a lost HLS tile tries again after this
  var HLS_SRC = "/assets/vendor/hls.js/hls.light.min.js";  // served by the app (no CDN), loaded on first use
  var LINK_MS = 10 * 60 * 1000;  // alerts older than this never take over the pinned tile
  var S = null;                  // page state; null while the page is not shown
  var pendingGroup = null;       // a group that arrived before the page was initialised

  function txt() { return TXT[S && S.lang === "en" ? "en" : "zh"]; }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function hhmmss(iso) {
    var d = new Date(iso); if (isNaN(d)) return "";
    d = new Date(d.getTime() + 8 * 3600 * 1000);
    var p = function (x) { return (x < 10 ? "0" : "") + x; };
    return p(d.getUTCHours()) + ":" + p(d.getUTCMinutes()) + ":" + p(d.getUTCSeconds());
  }

  /* ---------- tiles ---------- */
  function makeTile(i) {
    var t = { i: i, cam: "", name: "", pinned: false, alert: null, player: null, video: null };
    t.el = el("div", "video-tile"); t.el.setAttribute("data-tile", i);
    t.img = el("canvas", "video-img"); t.img.width = 480; t.img.height = 270;  // frames are drawn, not linked
    t.box = el("div", "video-box"); t.caption = el("div", "video-caption");
    t.label = el("div", "video-label"); t.hint = el("div", "video-hint", txt().empty);
    t.lost = el("div", "video-lost"); t.lostTitle = el("div", "video-lost-title", txt().lost);
    t.lostTime = el("div", "video-lost-time"); t.lost.appendChild(t.lostTitle); t.lost.appendChild(t.lostTime);
    var full = el("button", "video-tile-btn full", "⛶"); full.title = txt().full;
    var close = el("button", "video-tile-btn close", "×"); close.title = txt().close;
    full.addEventListener("click", function (ev) { ev.stopPropagation(); if (t.el.requestFullscreen) t.el.requestFullscreen(); });
    close.addEventListener("click", function (ev) { ev.stopPropagation(); setTile(t, "", "", null); t.pinned = false; render(t); reconnect(); });
    [t.img, t.box, t.caption, t.label, t.hint, t.lost, full, close].forEach(function (c) { t.el.appendChild(c); });
    t.el.addEventListener("click", function () { select(t.i); });
    t.el.addEventListener("dragover", function (ev) { ev.preventDefault(); });
    t.el.addEventListener("drop", function (ev) {
      ev.preventDefault();
      var cam = ev.dataTransfer.getData("text/x-cc-cam"), name = ev.dataTransfer.getData("text/x-cc-name");
      if (/^\d{20}$/.test(cam)) { setTile(t, cam, name, null); t.pinned = false; render(t); reconnect(); }
    });
    return t;
  }
  function setTile(t, cam, name, alert) {
    if (t.cam !== cam) { dropFrame(t); t.state = cam ? "wait" : ""; t.offline = false; t.retryAt = 0; }
    t.cam = cam; t.name = name || cam; t.alert = alert;
  }
  function dropFrame(t) {
    t.img.getContext("2d").clearRect(0, 0, t.img.width, t.img.height);
    detach(t);
  }

  /* ---------- HLS tiles: a <video> per tile, hls.js (Chromium has no native HLS on every platform) ---------- */
  var hlsWaiting = [];
  function withHls(cb) {
    if (window.Hls) { cb(window.Hls); return; }
    hlsWaiting.push(cb);
    if (hlsWaiting.length > 1) return;
    var tag = document.createElement("script");
    tag.src = HLS_SRC;
    tag.onload = function () { var q = hlsWaiting; hlsWaiting = []; q.forEach(function (f) { f(window.Hls); }); };
    tag.onerror = function () { hlsWaiting = []; };
    document.head.appendChild(tag);
  }
  function attach(t) {
    if (mediaOff()) return;
    var cam = t.cam;
    if (!t.video) {
      t.video = el("video", "video-img video-hls");
      t.video.muted = true; t.video.playsInline = true; t.video.autoplay = true;
      t.video.addEventListener("timeupdate", function () { progress(t); });
      t.el.insertBefore(t.video, t.box);
    }
    t.playStart = Date.now();
    t.player = { destroy: function () {} };  // taken: the watchdog does not attach twice while hls.js loads
    withHls(function (Hls) {
      if (!S || t.cam !== cam || !t.player || t.player.hls) return;
      var src = "/media/hls/" + cam + "/index.m3u8";
      if (Hls && Hls.isSupported()) {
        var h = new Hls({ enableWorker: false, liveSyncDurationCount: 2, manifestLoadingMaxRetry: 2,
                          levelLoadingMaxRetry: 2, fragLoadingMaxRetry: 2, backBufferLength: 10 });
        h.on(Hls.Events.ERROR, function (_e, d) { if (d.fatal && t.player && t.player.hls === h) lose(t); });
        h.loadSource(src); h.attachMedia(t.video);
        t.player = { hls: h, destroy: function () { h.destroy(); } };
      } else {
        t.video.src = src;
      }
      var p = t.video.play(); if (p && p.catch) p.catch(function () {});
    });
  }
  function detach(t) {
    if (t.player) { t.player.destroy(); t.player = null; }
    if (t.video) { t.video.removeAttribute("src"); t.video.load(); }
    t.lastTime = -1;
  }
  function progress(t) {
    var v = t.video;
    if (!S || !v || !t.player || v.currentTime === t.lastTime) return;
    t.lastTime = v.currentTime;
    S.frameAt[t.cam] = Date.now();
    var shown = t.player.hls && t.player.hls.playingDate;  // the camera's own clock (EXT-X-PROGRAM-DATE-TIME)
    S.lastAt[t.cam] = shown ? shown.toISOString() : new Date().toISOString();
    if (t.state !== "live") { t.state = "live"; render(t); }
    t.el.setAttribute("data-frames", (+t.el.getAttribute("data-frames") || 0) + 1);
  }
  function lose(t) { detach(t); t.state = "lost"; t.retryAt = Date.now() + HLS_RETRY_MS; render(t); }
  function watchHls(t, now) {
    if (!t.cam || t.offline) return;
    if (t.player) {
      if (t.state === "live" && now - (S.frameAt[t.cam] || 0) > HLS_STALL_MS) lose(t);
      else if (t.state !== "live" && now - t.playStart > HLS_START_MS) lose(t);
    } else if (now >= (t.retryAt || 0)) {
      attach(t);
    }
  }
  function render(t) {
    t.el.classList.toggle("empty", !t.cam);
    t.el.classList.toggle("pinned", !!t.pinned);
    t.el.classList.toggle("lost", t.state === "lost");
    t.el.classList.toggle("live", t.state === "live");
    t.el.classList.toggle("selected", S.sel === t.i);
    t.el.setAttribute("data-cam", t.cam || "");
    t.label.textContent = t.cam ? (t.name || t.cam) : "";
    var a = t.alert;
    t.box.style.display = a ? "block" : "none";
    t.caption.style.display = a ? "block" : "none";
    if (a) {
      var b = a.bbox;
      t.box.style.left = (b[0] * 100) + "%"; t.box.style.top = (b[1] * 100) + "%";
      t.box.style.width = ((b[2] - b[0]) * 100) + "%"; t.box.style.height = ((b[3] - b[1]) * 100) + "%";
      t.caption.textContent = a.algorithm + " · " + txt().conf + Math.round(a.confidence * 100) + "% · " + hhmmss(a.at);
    }
    if (t.state === "lost") {
      var last = S.lastAt[t.cam] || S.since[t.cam];
      t.lostTime.textContent = txt().last + (last ? hhmmss(last) : txt().none);
    }
  }
  function select(i) { S.sel = i; S.tiles.forEach(render); }
  function visible() { return S.tiles.slice(0, S.n); }

  function setLayout(n) {
    if (!DWELL[n]) return;
    S.n = n;
    while (S.tiles.length < n) S.tiles.push(makeTile(S.tiles.length));
    var wall = S.wall, cols = Math.ceil(Math.sqrt(n));
    while (wall.firstChild) wall.removeChild(wall.firstChild);
    visible().forEach(function (t) { wall.appendChild(t.el); render(t); });
    S.tiles.slice(n).forEach(function (t) { dropFrame(t); });   // hidden tiles hold no frames
    wall.style.gridTemplateColumns = "repeat(" + cols + ", minmax(0, 1fr))";
    wall.style.gridTemplateRows = "repeat(" + Math.ceil(n / cols) + ", minmax(0, 1fr))";
    wall.setAttribute("data-layout", n);
    var btns = document.querySelectorAll("[data-layout]");
    for (var k = 0; k < btns.length; k++) btns[k].classList.toggle("active", +btns[k].getAttribute("data-layout") === n);
    var dwell = document.getElementById("video-dwell"); if (dwell) dwell.value = S.dwell[n];
    if (S.sel >= n) S.sel = 0;
    fillFromGroup();
    reconnect();
  }

  function assign(cam, name) {
    var tiles = visible(), t = null;
    for (var i = 0; i < tiles.length && !t; i++) if (!tiles[i].cam && !tiles[i].pinned) t = tiles[i];
    if (!t) t = tiles[S.sel] && !tiles[S.sel].pinned ? tiles[S.sel] : tiles[tiles.length - 1];
    setTile(t, cam, name, null); t.pinned = false; render(t);
    S.sel = (t.i + 1) % S.n;
    S.tiles.forEach(render);
    reconnect();
  }

  /* ---------- the multiplexed stream: one connection for the visible tiles ---------- */
  function mediaOff() {  // the page says so for users without camera access (#12): no stream is asked for
    var w = document.getElementById("video-wall");
    return !!w && w.getAttribute("data-media") === "off";
  }

  function wanted() {
    var seen = {}, out = [];
    if (mediaOff()) return out;
    visible().forEach(function (t) { if (t.cam && !seen[t.cam]) { seen[t.cam] = 1; out.push(t.cam); } });
    return out;
  }
  function reconnect() {
    if (!S) return;
    clearTimeout(S.reconnectTimer);
    S.reconnectTimer = setTimeout(open, 250);
  }
  function close() { if (S && S.abort) { S.abort.abort(); S.abort = null; S.key = ""; } }
  function open() {
    if (!S) return;
    var cams = wanted(), key = cams.join(",");
    if (key === S.key && S.abort) return;
    close();
    if (!cams.length || document.hidden) return;
    var ctl = new AbortController(), me = S;
    S.abort = ctl; S.key = key;
    var now = Date.now();
    cams.forEach(function (c) { if (!S.frameAt[c]) S.frameAt[c] = now; });
    fetch("/media/mux?c=" + key + (S.hls ? "&frames=0" : ""), { signal: ctl.signal, cache: "no-store", credentials: "same-origin" })
      .then(function (resp) {
        if (!resp.ok || !resp.body) throw new Error("HTTP " + resp.status);
        return pump(resp.body.getReader(), ctl);
      })
      .catch(function () { /* aborted or dropped: the watchdog shows 信号中断 and reconnects */ })
      .then(function () { if (me === S && S.abort === ctl) { S.abort = null; S.key = ""; S.retryAt = Date.now() + 2000; } });
  }
  var CRLF2 = [13, 10, 13, 10];
  function indexOf(buf, pat, from) {
    outer: for (var i = from; i <= buf.length - pat.length; i++) {
      for (var j = 0; j < pat.length; j++) if (buf[i + j] !== pat[j]) continue outer;
      return i;
    }
    return -1;
  }
  function pump(reader, ctl) {
    var buf = new Uint8Array(0), dec = new TextDecoder();
    function step(r) {
      if (r.done || ctl.signal.aborted) return;
      var merged = new Uint8Array(buf.length + r.value.length);
      merged.set(buf); merged.set(r.value, buf.length); buf = merged;
      for (;;) {
        var end = indexOf(buf, CRLF2, 0);
        if (end < 0) break;
        var head = dec.decode(buf.subarray(0, end)), h = {};
        head.split("\r\n").forEach(function (line) { var k = line.indexOf(": "); if (k > 0) h[line.slice(0, k).toLowerCase()] = line.slice(k + 2); });
        var size = +h["content-length"];
        if (!(size >= 0)) { buf = new Uint8Array(0); break; }
        if (buf.length < end + 4 + size + 2) break;
        var body = buf.slice(end + 4, end + 4 + size);
        buf = buf.slice(end + 4 + size + 2);
        part(h, body, dec);
      }
      return reader.read().then(step);
    }
    return reader.read().then(step);
  }
  function tilesOf(cam) { return visible().filter(function (t) { return t.cam === cam; }); }
  function part(h, body, dec) {
    var cam = h["x-camera"];
    if (!S || !cam) return;  // a keep-alive
    if (h["content-type"] === "application/json") {
      var m; try { m = JSON.parse(dec.decode(body)); } catch (e) { return; }
      S.since[cam] = m.since || "";
      tilesOf(cam).forEach(function (t) {
        if (m.name && t.name !== m.name) t.name = m.name;
        t.offline = m.state !== "live";
        if (t.offline) { t.state = "lost"; dropFrame(t); }
        else if (!S.hls || !t.player) { t.state = "wait"; t.retryAt = 0; }
        t.el.setAttribute("data-fault", m.fault || "");
        render(t);
      });
      return;
    }
    S.frameAt[cam] = Date.now(); S.lastAt[cam] = h["x-frame-at"] || "";
    /* Decoded off the main thread and drawn: no object URLs and no image cache entries, so a wall that runs for
       weeks holds the same memory. A camera still decoding its previous frame skips this one (fresh beats all). */
    if (S.decoding[cam] || !tilesOf(cam).length) return;
    S.decoding[cam] = true;
    var me = S;
    createImageBitmap(new Blob([body], { type: "image/jpeg" })).then(function (bmp) {
      me.decoding[cam] = false;
      if (S === me) {
        tilesOf(cam).forEach(function (t) {
          if (t.offline) return;  // the camera went offline while this frame was decoding
          if (t.img.width !== bmp.width || t.img.height !== bmp.height) { t.img.width = bmp.width; t.img.height = bmp.height; }
          t.img.getContext("2d").drawImage(bmp, 0, 0);
          if (t.state !== "live") { t.state = "live"; render(t); }
          t.el.setAttribute("data-frames", (+t.el.getAttribute("data-frames") || 0) + 1);
        });
      }
      bmp.close();
    }, function () { me.decoding[cam] = false; });
  }

  /* ---------- watchdog, patrol ---------- */
  function watchdog() {
    var now = Date.now();
    visible().forEach(function (t) {
      if (S.hls) watchHls(t, now);
      else if (t.cam && t.state === "live" && now - (S.frameAt[t.cam] || 0) > STALL_MS) {
        t.state = "lost"; dropFrame(t); render(t);
      }
    });
    if (!S.abort && wanted().length && now >= (S.retryAt || 0) && !document.hidden) open();
    if (S.patrol && now >= S.patrolAt) patrolStep();
  }
  function patrolStep() {
    var cams = S.group || [], free = visible().filter(function (t) { return !t.pinned; });
    if (!cams.length || !free.length) { S.patrolAt = Date.now() + 1000; return; }
    free.forEach(function (t, k) { var c = cams[(S.patrolPos + k) % cams.length]; setTile(t, c[0], c[1], null); render(t); });
    S.patrolPos = (S.patrolPos + free.length) % cams.length;
    S.patrolAt = Date.now() + S.dwell[S.n] * 1000;
    reconnect();
  }
  function fillFromGroup() {  // a bigger layout: its new empty tiles show more of the group, not blanks
    if (!S.filled || S.patrol) return;
    var shown = {}; visible().forEach(function (t) { if (t.cam) shown[t.cam] = 1; });
    var rest = (S.group || []).filter(function (c) { return !shown[c[0]]; }), k = 0;
    visible().forEach(function (t) { if (!t.cam && !t.pinned && rest[k]) { setTile(t, rest[k][0], rest[k][1], null); k++; render(t); } });
  }
  function setGroup(cams) {
    S.group = cams;
    var blank = S.tiles.every(function (t) { return !t.cam || t.pinned; });
    if (blank && !S.filled && !S.page.getAttribute("data-camera")) {  // first visit: the group, not empty tiles
      S.filled = true;
      var k = 0;
      visible().forEach(function (t) { var c = cams[k]; if (!t.pinned && c) { k++; setTile(t, c[0], c[1], null); render(t); } });
      reconnect();
    }
  }
  function togglePatrol() {
    S.patrol = !S.patrol; S.patrolPos = 0; S.patrolAt = 0;
    var b = document.getElementById("video-patrol");
    if (b) { b.classList.toggle("active", S.patrol); b.textContent = b.getAttribute(S.patrol ? "data-on" : "data-off"); }
  }

  /* ---------- alerts: the newest unseen one takes the pinned tile ---------- */
  function onAlerts(list) {
    if (!S || !list) return;
    if (!S.primed) {  // alerts from before the page opened are history, but a live alarm (unreviewed) is pinned
      S.primed = true;
      list.forEach(function (a) { S.seen[a.event_id] = 1; });
      var waiting = list.filter(function (a) { return a.live; });
      if (waiting.length && !S.tiles[0].pinned) pinAlert(waiting[0]);
      return;
    }
    var fresh = list.filter(function (a) { return !S.seen[a.event_id] && Date.now() - new Date(a.at).getTime() < LINK_MS; });
    list.forEach(function (a) { S.seen[a.event_id] = 1; });
    if (fresh.length) pinAlert(fresh[0]);
  }
  function pinAlert(a) {
    var t = S.tiles[0];
    setTile(t, a.camera_id, a.camera, a); t.pinned = true; render(t);
    reconnect();
  }

  /* ---------- layouts as data: what saved layouts (assets/video_layouts.js) store and bring back ---------- */
  function current() { return { n: S.n, cams: visible().map(function (t) { return [t.cam, t.name]; }) }; }
  function applyLayout(l) {
    if (!l || !DWELL[l.n]) return false;
    setLayout(l.n);
    visible().forEach(function (t, k) {
      var c = (l.cams || [])[k] || ["", ""];
      if (/^\d{20}$/.test(c[0] || "") || !c[0]) { setTile(t, c[0] || "", c[1], null); t.pinned = false; render(t); }
    });
    reconnect();
    return true;
  }

  /* ---------- wiring ---------- */
  document.addEventListener("click", function (ev) {
    if (!S) return;
    var target = ev.target;
    if (target.closest(".video-act")) return;  // review buttons belong to Dash
    var lb = target.closest("[data-layout]"); if (lb && lb.tagName === "BUTTON") { setLayout(+lb.getAttribute("data-layout")); return; }
    var tab = target.closest("[data-tab]");
    if (tab) {
      var k = tab.getAttribute("data-tab"), all = document.querySelectorAll("[data-tab],[data-pane]");
      for (var i = 0; i < all.length; i++) all[i].classList.toggle("active", (all[i].getAttribute("data-tab") || all[i].getAttribute("data-pane")) === k);
      return;
    }
    if (target.closest("#video-patrol")) { togglePatrol(); return; }
    if (target.closest("#video-clear")) { visible().forEach(function (t) { setTile(t, "", "", null); t.pinned = false; render(t); }); reconnect(); return; }
    var pick = target.closest(".video-pick[data-cam]");
    if (pick) {
      var alertId = pick.getAttribute("data-alert"), a = alertId && S.alertsById[alertId];
      if (a) pinAlert(a); else assign(pick.getAttribute("data-cam"), pick.getAttribute("data-name"));
    }
  });
  document.addEventListener("change", function (ev) {
    if (!S) return;
    if (ev.target.id === "video-dwell") { var v = Math.round(+ev.target.value); if (v >= 5 && v <= 600) S.dwell[S.n] = v; }
  });
  document.addEventListener("dragstart", function (ev) {
    var pick = ev.target.closest && ev.target.closest(".video-pick[data-cam]");
    if (!S || !pick) return;
    ev.dataTransfer.setData("text/x-cc-cam", pick.getAttribute("data-cam"));
    ev.dataTransfer.setData("text/x-cc-name", pick.getAttribute("data-name") || "");
  });
  document.addEventListener("visibilitychange", function () { if (!S) return; if (document.hidden) close(); else reconnect(); });

  function init(page) {
    S = { page: page, wall: document.getElementById("video-wall"), tiles: [], n: 16, sel: 0, frameAt: {}, lastAt: {}, decoding: {},
          since: {}, seen: {}, alertsById: {}, group: [], patrol: false, patrolPos: 0, patrolAt: 0,
          dwell: Object.assign({}, DWELL), user: page.getAttribute("data-user"), lang: page.getAttribute("data-lang"),
          hls: page.getAttribute("data-stream") === "hls" };
    page._ccVideo = true;
    var cam = page.getAttribute("data-camera");
    setLayout(cam ? 1 : 16);
    if (cam) { setTile(S.tiles[0], cam, cam, null); render(S.tiles[0]); reconnect(); }
    if (pendingGroup) { setGroup(pendingGroup); pendingGroup = null; }
  }
  function teardown() {
    close();
    S.tiles.forEach(dropFrame);
    S = null;
  }
  /* Dash renders pages client-side: notice the page coming and going. */
  setInterval(function () {
    var page = document.getElementById("video-page");
    if (S && (!page || page !== S.page)) teardown();
    if (!S && page) init(page);
    if (S) watchdog();
  }, 500);

  window.cc_video = { state: function () { return S; }, setLayout: function (n) { if (S) setLayout(n); },
                      assign: function (c, n) { if (S) assign(c, n); },
                      current: function () { return S ? current() : null; },
                      apply: function (l) { return S ? applyLayout(l) : false; } };
  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    cc_video: {
      group: function (data) { if (data && data.cams) { if (S) setGroup(data.cams); else pendingGroup = data.cams; } return window.dash_clientside.no_update; },
      alerts: function (list) {
        if (S && list) { list.forEach(function (a) { S.alertsById[a.event_id] = a; }); onAlerts(list); }
        return window.dash_clientside.no_update;
      }
    }
  });
})();
