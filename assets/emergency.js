/* Emergency command: map styles (referenced by name from Python) and the reporting clocks' countdown. */
(function () {
  var LEVEL = { 1: "#ff3b4e", 2: "#ff8a3d", 3: "#f5d04a", 4: "#3fa7ff" };
  var RES = { team: "#2fd6c3", vehicle: "#b38cff", expert: "#9fd36a", store: "#c9a45c", shelter: "#34d399" };
  window.emergency = Object.assign({}, window.emergency, {
    map: {
      baseStyle: function (feature) {
        var layer = (feature.properties || {}).layer;
        if (layer === "county") return { color: "#6f8fb8", weight: 2, dashArray: "8 5", fill: true, fillColor: "#0f2236", fillOpacity: 0.5 };
        if (layer === "river") return { color: "#2e7fd1", weight: 5, opacity: 0.9 };
        if (layer === "road") {
          var major = (feature.properties.rank || 2) === 1;
          return { color: major ? "#c9a45c" : "#8c7a55", weight: major ? 3 : 2, opacity: 0.8 };
        }
        if (layer === "builtup") return { color: "#54657d", weight: 1, fillColor: "#33465f", fillOpacity: 0.55 };
        return { color: "#3a6ea5", weight: 1, fill: false, opacity: 0.5 };
      },
      routeStyle: function (feature) {
        var p = feature.properties || {};
        return { color: p.state === "on_scene" ? "#34d399" : "#2fd6c3", weight: 4, opacity: 0.9, dashArray: p.state === "requested" ? "6 6" : null };
      },
      pointToLayer: function (feature, latlng) {
        var p = feature.properties || {};
        if (p.layer === "incident") {
          var c = LEVEL[p.level] || "#3fa7ff";
          return L.circleMarker(latlng, { radius: p.focus ? 13 : (p.level <= 2 ? 10 : 7), color: p.drill ? "#ffffff" : c, weight: p.drill ? 2 : 1,
            dashArray: p.drill ? "3 3" : null, fillColor: c, fillOpacity: 0.9 });
        }
        if (p.layer === "hazard") {
          return L.circleMarker(latlng, { radius: 5, color: "#ff5d6c", weight: 2, fillColor: "#3a0d14", fillOpacity: 0.9 });
        }
        if (p.layer === "camera") {
          return L.circleMarker(latlng, { radius: 4, color: "#f2f7fc", weight: 1, fillColor: "#7f93ad", fillOpacity: 0.9 });
        }
        var col = RES[p.kind] || "#7f93ad";
        var out = p.state && p.state !== "available";
        return L.circleMarker(latlng, { radius: out ? 6 : 4, color: out ? "#f2f7fc" : col, weight: out ? 2 : 1, fillColor: col, fillOpacity: 0.85 });
      }
    }
  });

  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function tick() {
    var now = Date.now();
    var clocks = document.querySelectorAll(".em-clock[data-due]");
    for (var i = 0; i < clocks.length; i++) {
      var el = clocks[i];
      var due = Date.parse(el.getAttribute("data-due"));
      if (isNaN(due)) continue;
      var left = Math.round((due - now) / 1000), amber = parseInt(el.getAttribute("data-amber") || "1200", 10);
      var a = Math.abs(left), h = Math.floor(a / 3600), m = Math.floor((a % 3600) / 60), s = a % 60;
      var text = (left < 0 ? "-" : "") + (h ? h + ":" + pad(m) : pad(m)) + ":" + pad(s);
      if (el.textContent !== text) el.textContent = text;
      var state = left < 0 ? "overdue" : (left <= amber ? "amber" : "running");
      if (el.getAttribute("data-state") !== state) {
        el.setAttribute("data-state", state);
        el.classList.remove("em-clock-running", "em-clock-amber", "em-clock-overdue");
        el.classList.add("em-clock-" + state);
      }
    }
  }
  setInterval(tick, 1000);
})();
