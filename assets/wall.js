/* Wall mode: kiosk chrome, profile type size, playlist rotation, alert takeover with hysteresis,
   night dimming, self-recovery and soft reload on a new app version. */
(function () {
  "use strict";
  var W = { rotateAt: 0, index: -1, pinned: null, pinnedAt: 0, dismissed: {}, lastEnd: 0, version: null };
  window.cc_wall = W;

  function root() { return document.getElementById("wall-root"); }
  function localHour() { return new Date(Date.now() + 8 * 3600e3).getUTCHours(); }

  function kiosk() {
    var on = /^\/(wall|tour)(\/|$)/.test(location.pathname);
    document.documentElement.classList.toggle("wall-mode", on);
    var r = root();
    if (r && r.dataset.font) {
      document.documentElement.style.fontSize = r.dataset.font + "px";
      W.timeout = (+r.dataset.timeout || 300) * 1000; W.cooldown = (+r.dataset.cooldown || 20) * 1000;
    }
    else if (!on) { document.documentElement.style.fontSize = ""; }
  }

  function show(scene) {
    document.querySelectorAll(".wall-scene").forEach(function (s) {
      s.classList.toggle("scene-active", s.dataset.scene === scene);
    });
  }

  function rotate() {
    var r = root();
    if (!r) { W.index = -1; return; }
    if (W.pinned) {  /* a takeover holds the wall; a scene is still laid out beneath it for when it ends */
      if (!document.querySelector(".wall-scene.scene-active")) show((W.items && W.items[0] || {}).scene || "city");
      return;
    }
    if (outage()) {  /* data outage: hold the city scene with its stale badges, never town scenes with no data */
      if (W.scene !== "city" || !document.querySelector(".wall-scene.scene-active")) { show("city"); W.scene = "city"; }
      W.waiting = null; W.held = true;
      return;
    }
    if (W.held) { W.held = false; W.index = -1; }  /* recovered: the playlist starts over */
    var h = localHour();
    var items = (W.items || []).filter(function (it) {
      if (!it.hours) return true;
      var a = it.hours[0], b = it.hours[1];
      return a <= b ? (h >= a && h < b) : (h >= a || h < b);
    });
    if (!items.length) { show("city"); return; }
    var now = Date.now();
    if (W.waiting) {  /* a town item: its panels load with the new town before the scene is shown */
      var done = window.cc_params_done || {};
      if (done.town === W.waiting.town || now - W.waitStart > 12000) { reveal(W.waiting, now); W.waiting = null; }
      return;
    }
    if (W.index < 0 || now >= W.rotateAt) {
      W.index = (W.index + 1) % items.length;
      var item = items[W.index];
      window.cc_params = item.town ? { town: item.town } : (window.cc_params || {});
      var firstPaint = !document.querySelector(".wall-scene.scene-active");
      if (item.town && !firstPaint && (window.cc_params_done || {}).town !== item.town) {
        W.waiting = item; W.waitStart = now; return;
      }
      reveal(item, now);
    }
  }

  /* An outage: most of the city scene's panels have gone stale or dead (their data stopped arriving). */
  function outage() {
    var panels = document.querySelectorAll(".wall-scene[data-scene=city] .panel");
    var bad = document.querySelectorAll(".wall-scene[data-scene=city] .panel.state-stale, " +
      ".wall-scene[data-scene=city] .panel.state-dead, .wall-scene[data-scene=city] .panel.state-error");
    return panels.length > 0 && bad.length * 2 >= panels.length;
  }

  function reveal(item, now) {
    W.scene = item.scene;
    W.rotateAt = now + item.dwell * 1000;
    if (item.town) {
      var title = document.querySelector(".wall-scene[data-scene=town] .scene-title");
      if (title && title.dataset.template) title.textContent = title.dataset.template.replace("{town}", item.name || item.town);
    }
    show(item.scene);
  }

  function beep(severity) {
    var r = root();
    if (!r || r.dataset.sound !== "1" || !window.AudioContext) return;
    var ctx = new AudioContext(), o = ctx.createOscillator(), g = ctx.createGain();
    o.frequency.value = severity <= 1 ? 880 : 660; g.gain.value = 0.05;
    o.connect(g); g.connect(ctx.destination); o.start(); o.stop(ctx.currentTime + (severity <= 1 ? 1.2 : 0.5));
  }

  /* state = {items: [{key, severity}], top, severity} from the server, once per second */
  function takeover(state) {
    var box = document.getElementById("wall-takeover");
    if (!box) return;
    W.state = state;  /* kept: the time-out is checked every half second, not only when the server sends news */
    var now = Date.now();
    var top = state && state.top;
    if (W.pinned && (!top || W.pinned !== top)) {         /* acknowledged or gone upstream */
      if (!top || (state.items || []).every(function (i) { return i.key !== W.pinned; })) {
        W.dismissed[W.pinned] = now; W.pinned = null; W.lastEnd = now;
      }
    }
    if (W.pinned && now - W.pinnedAt > W.timeout) {        /* timed out: resume rotation */
      W.dismissed[W.pinned] = now; W.pinned = null; W.lastEnd = now;
    }
    if (!W.pinned && top && !W.dismissed[top]) {
      var cooling = now - W.lastEnd < W.cooldown;
      if (!cooling || state.severity <= 1) {                  /* hysteresis: only the most severe skip the cool-down */
        W.pinned = top; W.pinnedAt = now; beep(state.severity);
      }
    }
    if (W.pinned) liveHls(box);
    box.classList.toggle("active", !!W.pinned);
    document.documentElement.classList.toggle("wall-pinned", !!W.pinned);
    if (W.pinned) { box.dataset.key = W.pinned; } else { delete box.dataset.key; }
  }

  /* The takeover's live picture when the cameras stream HLS: the app's relay through the locally served hls.js. */
  function liveHls(box) {
    var v = box.querySelector("video[data-hls]");
    if (!v || v._ccHls) return;
    v._ccHls = true;
    var attach = function () {
      if (window.Hls && window.Hls.isSupported()) { var h = new window.Hls(); h.loadSource(v.dataset.hls); h.attachMedia(v); }
      else { v.src = v.dataset.hls; }
    };
    if (window.Hls) { attach(); return; }
    var tag = document.createElement("script");
    tag.src = "/assets/vendor/hls.js/hls.light.min.js"; tag.onload = attach;
    document.head.appendChild(tag);
  }

  function dim() {
    var r = root();
    var spec = r && r.dataset.dim;
    var m = spec && /^(\d{1,2})-(\d{1,2})$/.exec(spec);
    var on = false;
    if (m) { var a = +m[1], b = +m[2], h = localHour(); on = a <= b ? (h >= a && h < b) : (h >= a || h < b); }
    document.documentElement.classList.toggle("wall-dim", on && !!r);
  }

  /* Soft reload when the server runs a new app version; reload when refreshes have been failing for long. */
  function checkVersion() {
    var r = root();
    if (!r) return;
    W.version = W.version || r.dataset.version;  /* the version this page was rendered by */
    fetch("/healthz", { cache: "no-store" }).then(function (r) { return r.json(); }).then(function (j) {
      if (W.version && j.version && j.version !== W.version) { location.reload(); }
      W.version = j.version || W.version;
    }).catch(function () {});
  }

  W.timeout = 300000; W.cooldown = 20000;
  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    cc_wall: {
      playlist: function (items) {  /* on load, and whenever an admin's edit reaches this wall */
        W.items = items || []; W.index = -1; W.waiting = null; rotate();
        return window.dash_clientside.no_update;
      },
      takeover: function (state) { takeover(state); return window.dash_clientside.no_update; }
    }
  });

  setInterval(function () { kiosk(); if (W.pinned) takeover(W.state); rotate(); dim(); }, 500);
  setInterval(checkVersion, 10000);
})();
