/* 一张图 GIS: dash-leaflet style functions (referenced from Python by name). Server data is only ever put in
   the page as text (textContent) or numbers, never as HTML. */
window.cc_gis = Object.assign({}, window.cc_gis, {
  PALETTE: {
    closed: "#5b6b80", on_time: "#3fa7ff", near_due: "#f5b94a", overdue: "#ff5d6c",
    online: "#2fd6c3", offline: "#8a94a6",
    s1: "#ff5d6c", s2: "#ff8f5c", s3: "#f5b94a", s4: "#b38cff",
    l1: "#ff3b4e", l2: "#ff8f3a", l3: "#f5d04a", l4: "#5aa9ff",
    ok: "#2fd6c3", low: "#f5b94a", high: "#ff5d6c", silent: "#8a94a6",
    vacancies: "#b38cff", full: "#7f8fd0", unregistered: "#ff8f5c",
    shop_good: "#2fd6c3", shop_none: "#8a94a6", shop_watch: "#f5b94a", shop_poor: "#ff5d6c",
    team: "#ff8f5c", store: "#f5b94a", shelter: "#2fd6c3", vehicle: "#3fa7ff", expert: "#b38cff"
  },

  /* Markers and lines grow with the wall: 1 at a 1920 px wide screen (root font 15.7 px), 2 at 3840 px. */
  scale: function () {
    return Math.max(1, parseFloat(getComputedStyle(document.documentElement).fontSize) / 15.7);
  },

  baseStyle: function (feature) {
    var st = window.cc_gis.baseStyleRaw(feature), k = window.cc_gis.scale();
    st.weight = (st.weight || 1) * k;
    return st;
  },

  baseStyleRaw: function (feature) {
    var layer = (feature.properties || {}).layer;
    if (layer === "county") return { color: "#6f8fb8", weight: 2.5, dashArray: "8 5", fill: true, fillColor: "#0f2236", fillOpacity: 0.55 };
    if (layer === "river") return { color: "#2e7fd1", weight: 7, opacity: 0.9, lineCap: "round" };
    if (layer === "road") {
      var major = (feature.properties.rank || 2) === 1;
      return { color: major ? "#c9a45c" : "#8c7a55", weight: major ? 3.5 : 2.2, opacity: 0.85 };
    }
    if (layer === "builtup") return { color: "#54657d", weight: 1, fillColor: "#33465f", fillOpacity: 0.6 };
    if (layer === "core") return { color: "#7fb2e5", weight: 1.2, dashArray: "3 4", fill: false, opacity: 0.7 };
    return { color: "#3a6ea5", weight: 1 };
  },

  townStyle: function () {
    return { color: "#4d7fb5", weight: 1.4 * window.cc_gis.scale(), opacity: 0.8, fill: false };
  },

  areaStyle: function (feature, context) {
    var h = (context && context.hideout) || {};
    var p = feature.properties || {};
    var v = p[h.metric || "tickets"] || 0;
    var max = Math.max(1, h.max || 1);
    var k = Math.sqrt(v / max);
    var ramp = h.metric === "alerts" ? [179, 140, 255] : (h.metric === "overdue" ? [255, 93, 108] : [63, 167, 255]);
    return {
      color: "#9fc3ea", weight: p.level >= 4 ? 0.5 : 1.2, opacity: 0.8,
      fillColor: "rgb(" + ramp.join(",") + ")", fillOpacity: v > 0 ? 0.12 + 0.6 * k : 0.04
    };
  },

  coneStyle: function (feature) {
    var on = (feature.properties || {}).state === "online";
    return { color: on ? "#2fd6c3" : "#8a94a6", weight: 1, opacity: 0.6, fillOpacity: on ? 0.09 : 0.05 };
  },

  selStyle: function () {
    return { color: "#ffffff", weight: 2 * window.cc_gis.scale(), dashArray: "4 4", opacity: 0.9 };
  },

  point: function (feature, latlng, context) {
    var h = context.hideout || {};
    var p = feature.properties || {};
    var pal = window.cc_gis.PALETTE;
    var color = pal[p.state] || h.color || "#3fa7ff";
    var n = Number(p.n) || 1;
    var k = window.cc_gis.scale();
    if (n > 1) {
      var size = Math.round((26 + 9 * Math.log10(n)) * k);
      var el = document.createElement("div");
      el.className = "gis-cluster gis-cluster-" + (h.layer || "x");
      el.style.borderColor = color;
      el.style.width = el.style.height = size + "px";
      el.style.fontSize = Math.round(12 * k) + "px";
      el.textContent = n >= 10000 ? Math.round(n / 1000) + "k" : String(n);
      var m = L.marker(latlng, {
        icon: L.divIcon({ html: el, className: "gis-cluster-icon", iconSize: [size, size] }),
        pane: context.pane, keyboard: false
      });
      m.on("click", function () { context.map.setView(latlng, Math.min(context.map.getZoom() + 2, 18)); });
      return m;
    }
    if (h.ring) {  /* incidents: a thick coloured ring, unlike any ticket dot */
      return L.circleMarker(latlng, { radius: (h.radius || 10) * k, color: color, weight: 4 * k, fillColor: "#0b1624", fillOpacity: 0.85, pane: context.pane });
    }
    return L.circleMarker(latlng, {
      radius: (h.radius || 6) * k, color: h.edge || "#0b1624", weight: 1.5 * k, fillColor: color, fillOpacity: 0.95, pane: context.pane
    });
  },

  selPoint: function (feature, latlng, context) {
    var k = window.cc_gis.scale();
    return L.circleMarker(latlng, { radius: 13 * k, color: "#ffffff", weight: 3 * k, fill: false, pane: context.pane });
  }
});

/* Time slider: mode switch, play/pause and the player's ticks in one clientside callback (no server round trip). */
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  cc_gis: {
    time: function (mode, nPlay, nTick, value, paused) {
      var NO = window.dash_clientside.no_update;
      var trig = (window.dash_clientside.callback_context.triggered_id) || "gis-time";
      var max = mode === "7d" ? 28 : 24;
      var marks = {};
      if (mode === "7d") { for (var d = 0; d <= 7; d++) marks[d * 4] = d === 7 ? "0" : "-" + (7 - d) + "d"; }
      else { for (var h = 0; h <= 24; h += 6) marks[h] = h === 24 ? "0" : "-" + (24 - h) + "h"; }
      if (trig === "gis-time") return [max, marks, max, mode === "live", true, "▶"];
      if (trig === "gis-play") {
        if (mode === "live") return [NO, NO, NO, NO, true, "▶"];
        if (!paused) return [NO, NO, NO, NO, true, "▶"];
        return [NO, NO, value >= max ? 0 : value, NO, false, "❚❚"];
      }
      var next = Math.min((value || 0) + 1, max);
      return [NO, NO, next, NO, next >= max, next >= max ? "▶" : "❚❚"];
    }
  }
});

/* 3D view camera: pitch and bearing sliders and a reset, applied to deck.gl's initial view state (the user can
   still pan, zoom and rotate with the mouse; ctrl-drag rotates). */
window.dash_clientside.cc_gis.camera = function (pitch, bearing, nReset, view) {
  var HOME = { longitude: 106.34, latitude: 38.085, zoom: 14.0, pitch: 60, bearing: -25 };
  var trig = window.dash_clientside.callback_context.triggered_id;
  if (trig === "gis-3d-reset") return [Object.assign({}, HOME), HOME.pitch, HOME.bearing];
  var v = Object.assign({}, HOME, view || {}, { pitch: Number(pitch) || 0, bearing: Number(bearing) || 0 });
  var NO = window.dash_clientside.no_update;
  return [v, NO, NO];
};
