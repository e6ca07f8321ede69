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
      }
    }
  });
})();
