/* 12345 page helpers: restart the server-side grid when its filters change or after an action. */
(function () {
  "use strict";
  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    hotline: {
      purge: function () {
        try {
          var api = window.dash_ag_grid && window.dash_ag_grid.getApi("hotline-grid");
          if (api) { api.purgeInfiniteCache(); }
        } catch (e) { /* the grid is not ready yet: its first request reads the filters anyway */ }
        return Date.now();
      },
      /* New tickets show up without losing the scroll position: reload the cached blocks in place. */
      refresh: function () {
        try {
          var api = window.dash_ag_grid && window.dash_ag_grid.getApi("hotline-grid");
          if (api) { api.refreshInfiniteCache(); }
        } catch (e) { /* not ready yet */ }
        return window.dash_clientside.no_update;
      }
    }
  });
})();

/* The drawer map: the ticket as a large ring (red when overdue), cameras as small squares-ish dots. */
window.hotline = Object.assign({}, window.hotline, {
  map: {
    pointToLayer: function (feature, latlng) {
      var p = feature.properties || {};
      if (p.kind === "camera") {
        var c = p.state === "offline" ? "#ff5d6c" : "#2fd6c3";
        return L.circleMarker(latlng, { radius: 5, color: c, weight: 2, fillColor: "#07111f", fillOpacity: 1 });
      }
      var t = p.state === "overdue" ? "#ff5d6c" : "#f5b94a";
      return L.circleMarker(latlng, { radius: 9, color: t, weight: 3, fillColor: t, fillOpacity: 0.35 });
    }
  }
});
