/* The wall's city map (dash-leaflet style functions, referenced from Python by name): the county's land, roads and
   the Yellow River from the offline base map, village heat and town outlines, cameras, open tickets by stream and
   SLA state, AI alerts, incidents, a brief pulse for each event as it appears, and town names sized for the back
   row. Server data only ever reaches the page as text (textContent) or numbers, never as HTML. */
(function () {
  "use strict";
  var PAL = {
    hotline: "#3fa7ff", cm: "#2fd6c3", overdue: "#ff5d6c",
    camera: "#c9d7e6", offline: "#6b7a8f",
    alert: "#b38cff", s1: "#ff5d6c",
    l1: "#ff3b4e", l2: "#ff8f3a", l3: "#f5d04a", l4: "#5aa9ff"
  };
  var seen = {};  /* pulse keys already shown: each event pulses once, when it first appears */
  var fitted = typeof WeakSet === "function" ? new WeakSet() : null;

  /* Markers and lines grow with the wall's type size: 1 at 16 px (1080p), 2 at 32 px (4K). */
  function scale() { return Math.max(1, parseFloat(getComputedStyle(document.documentElement).fontSize) / 16); }

  /* Fit the county whenever the map's box changes size (the wall sets its type size after the first paint). */
  function keepFitted(context) {
    var map = context && context.map, bounds = context && context.hideout && context.hideout.bounds;
    if (!map || !bounds || !fitted || fitted.has(map) || typeof ResizeObserver !== "function") return;
    fitted.add(map);
    var fit = function () { map.invalidateSize(false); map.fitBounds(bounds, { animate: false, padding: [8, 8] }); };
    new ResizeObserver(function () { window.requestAnimationFrame(fit); }).observe(map.getContainer());
    fit();
  }

  function div(cls, text) { var el = document.createElement("div"); el.className = cls; if (text) el.textContent = text; return el; }

  function along(latlngs, frac) {  /* the point at `frac` of a polyline's length */
    var pts = latlngs.length && latlngs[0].lat === undefined ? latlngs[0] : latlngs, total = 0, i, seg = [];
    for (i = 1; i < pts.length; i++) { seg.push(pts[i - 1].distanceTo(pts[i])); total += seg[i - 1]; }
    var goal = total * frac;
    for (i = 1; i < pts.length; i++) {
      if (goal <= seg[i - 1] || i === pts.length - 1) {
        var t = seg[i - 1] ? Math.min(1, goal / seg[i - 1]) : 0;
        return L.latLng(pts[i - 1].lat + (pts[i].lat - pts[i - 1].lat) * t, pts[i - 1].lng + (pts[i].lng - pts[i - 1].lng) * t);
      }
      goal -= seg[i - 1];
    }
    return pts[0];
  }

  /* Town names never overlap: the busier town keeps its place, a quieter one moves to the first free side. */
  var declutterTimer = null;
  function declutter() {
    clearTimeout(declutterTimer);
    declutterTimer = setTimeout(function () {
      document.querySelectorAll(".wall-map").forEach(function (box) {
        var labels = Array.prototype.slice.call(box.querySelectorAll(".wm-label[data-n]"));
        labels.sort(function (a, b) { return (+b.dataset.n) - (+a.dataset.n); });
        var placed = [];
        labels.forEach(function (el) {
          el.style.marginLeft = el.style.marginTop = "0px";
          var r0 = el.getBoundingClientRect(), w = r0.width, h = r0.height, best = null;
          [[0, 0], [0, -0.8], [0, 0.8], [-0.75, 0], [0.75, 0], [-0.6, -0.8], [0.6, -0.8], [-0.6, 0.8], [0.6, 0.8]].some(function (o) {
            var r = { left: r0.left + o[0] * w, right: r0.right + o[0] * w, top: r0.top + o[1] * h, bottom: r0.bottom + o[1] * h };
            var clear = placed.every(function (q) { return r.right < q.left || r.left > q.right || r.bottom < q.top || r.top > q.bottom; });
            if (clear) { best = [o, r]; }
            return clear;
          });
          if (!best) best = [[0, 0], r0];
          el.style.marginLeft = Math.round(best[0][0] * w) + "px"; el.style.marginTop = Math.round(best[0][1] * h) + "px";
          placed.push(best[1]);
        });
      });
    }, 120);
  }

  function heatColor(h) {  /* muted navy -> accent blue -> pale cyan as a village holds more open tickets */
    var a = [20, 52, 86], b = [47, 127, 209], c = [150, 220, 255];
    var from = h < 0.5 ? a : b, to = h < 0.5 ? b : c, t = h < 0.5 ? h / 0.5 : (h - 0.5) / 0.5;
    return "rgb(" + from.map(function (v, i) { return Math.round(v + (to[i] - v) * t); }).join(",") + ")";
  }

  window.cc_wallmap = {
    PAL: PAL, seen: seen,

    isLand: function (feature) { var l = (feature.properties || {}).layer; return l === "county" || l === "builtup"; },
    isLine: function (feature) { var l = (feature.properties || {}).layer; return l === "river" || l === "road"; },

    base: function (feature, context) {
      keepFitted(context);
      var p = feature.properties || {}, k = scale();
      if (p.layer === "county") return { color: "#8fb3dc", weight: 3 * k, fill: true, fillColor: "#0c1c2f", fillOpacity: 0.9, opacity: 0.95 };
      if (p.layer === "builtup") return { color: "#4c6488", weight: 1 * k, fillColor: "#23364f", fillOpacity: 0.8 };
      if (p.layer === "river") return { color: "#3d94ea", weight: 8 * k, opacity: 0.95, lineCap: "round", lineJoin: "round" };
      if (p.layer === "road") {
        var major = (p.rank || 2) === 1;
        return { color: major ? "#d9b46a" : "#9c8660", weight: (major ? 3.2 : 2) * k, opacity: major ? 0.9 : 0.7, dashArray: major ? null : (4 * k) + " " + (3 * k) };
      }
      return { stroke: false, fill: false };
    },

    /* Names along the Yellow River and the national roads (plain text, permanent tooltips), each placed at its
       own fraction of the line so they stay clear of the towns' names in the crowded urban core. */
    lineLabel: function (feature, layer) {
      var p = feature.properties || {};
      var at = p.layer === "river" ? 0.3 : (p.layer === "road" && p.rank === 1 ? (/G20/.test(p.name) ? 0.86 : 0.7) : null);
      if (at === null) return;
      var river = p.layer === "river";  /* the river's name sits beside it, west, outside the county */
      layer.bindTooltip(div("", p.name), { permanent: true, direction: river ? "left" : "center", offset: river ? [-10, 0] : [0, 0], className: "wm-line-label wm-" + p.layer, interactive: false });
      layer.once("add", function () { layer.openTooltip(along(layer.getLatLngs(), at)); });
    },

    style: function (feature, context) {
      keepFitted(context);
      var p = feature.properties || {}, k = scale();
      if (p.layer === "heat") {
        var h = +p.heat || 0;
        return { color: "#2c4d72", weight: 0.6 * k, opacity: 0.6, fillColor: heatColor(h), fillOpacity: p.n > 0 ? 0.35 + 0.5 * h : 0.12 };
      }
      if (p.layer === "town") return { color: "#a9c8ec", weight: 1.8 * k, opacity: 0.9, fill: false };
      return {};  /* markers keep the colours pointToLayer gave them (an area style must never repaint them) */
    },

    point: function (feature, latlng, context) {
      var p = feature.properties || {}, k = scale(), pane = "wall-map-points";
      if (p.layer === "camera") {
        var on = p.state === "online";
        return L.circleMarker(latlng, { pane: pane, radius: 1.6 * k, stroke: false, fillColor: on ? PAL.camera : PAL.offline, fillOpacity: on ? 0.4 : 0.8, interactive: false });
      }
      if (p.layer === "ticket") {
        var color = p.state === "overdue" ? PAL.overdue : (PAL[p.kind] || PAL.hotline);
        return L.circleMarker(latlng, { pane: pane, radius: (p.state === "overdue" ? 3.2 : 2.6) * k, color: "#07111f", weight: 0.6 * k, fillColor: color, fillOpacity: 0.95, interactive: false });
      }
      if (p.layer === "alert") {
        return L.circleMarker(latlng, { pane: pane, radius: 5 * k, color: "#f2f7fc", weight: 1.4 * k, fillColor: p.severity === 1 ? PAL.s1 : PAL.alert, fillOpacity: 0.95, interactive: false });
      }
      if (p.layer === "incident") {
        return L.circleMarker(latlng, { pane: pane, radius: (p.level <= 2 ? 16 : 12) * k, color: PAL["l" + p.level] || PAL.l4, weight: 4 * k, fillColor: "#0b1624", fillOpacity: 0.6, interactive: false });
      }
      if (p.layer === "pulse") {
        var fresh = !seen[p.key];
        seen[p.key] = Date.now();
        var el = div("wm-pulse wm-pulse-" + (p.kind === "alert" ? "alert" : "ticket") + (fresh ? "" : " wm-pulse-done"));
        return L.marker(latlng, { icon: L.divIcon({ html: el, className: "wm-pulse-icon", iconSize: null }), interactive: false, keyboard: false });
      }
      if (p.layer === "label") {
        var box = div("wm-label");
        box.dataset.n = String(p.n || 0);
        declutter();
        box.appendChild(div("wm-label-name", p.name));
        box.appendChild(div("wm-label-n", String(p.n || 0)));
        return L.marker(latlng, { icon: L.divIcon({ html: box, className: "wm-label-icon", iconSize: null }), interactive: false, keyboard: false });
      }
      return L.circleMarker(latlng, { pane: pane, radius: 3 * k, stroke: false, fillColor: PAL.hotline, fillOpacity: 0.9 });
    },

    /* The takeover's map of the place: grid cells and villages around it, towns, the nearest cameras, the alarm. */
    placeStyle: function (feature) {
      var p = feature.properties || {}, k = scale();
      if (p.layer === "cell") return { color: "#36577d", weight: 0.8 * k, opacity: 0.8, fillColor: "#16324f", fillOpacity: 0.35 };
      if (p.layer === "village") return { color: "#6f97c4", weight: 1.6 * k, opacity: 0.9, fill: false };
      if (p.layer === "town") return { color: "#a9c8ec", weight: 2.6 * k, opacity: 0.95, fill: false };
      return {};
    },

    placePoint: function (feature, latlng) {
      var p = feature.properties || {}, k = scale();
      if (p.layer === "spot") {
        var el = div("wm-spot");
        return L.marker(latlng, { icon: L.divIcon({ html: el, className: "wm-pulse-icon", iconSize: null }), interactive: false, keyboard: false, zIndexOffset: 1000 });
      }
      if (p.layer === "near") {
        return L.circleMarker(latlng, { pane: "wall-to-points", radius: 7 * k, color: "#07111f", weight: 2 * k, fillColor: p.online ? PAL.cm : PAL.offline, fillOpacity: 0.95, interactive: false });
      }
      if (p.layer === "label") {
        return L.marker(latlng, { icon: L.divIcon({ html: div("wm-label wm-label-small", p.name), className: "wm-label-icon", iconSize: null }), interactive: false, keyboard: false });
      }
      return L.circleMarker(latlng, { pane: "wall-to-points", radius: 3 * k, stroke: false, fillColor: PAL.hotline, fillOpacity: 0.9 });
    }
  };

  /* Forget pulse keys after an hour, so a wall that runs for days keeps a small table. */
  setInterval(function () {
    var old = Date.now() - 3600e3;
    Object.keys(seen).forEach(function (key) { if (seen[key] < old) delete seen[key]; });
  }, 600e3);
})();
