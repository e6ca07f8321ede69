/* Saved video-wall layouts (callbacks/video_layouts.py keeps them on the server, per user): turn a click into a
   request with the current tiles or the selected layout, and apply a layout chosen in #video-saved. Nothing is kept
   in browser storage; server data is only read from option attributes, never inserted as HTML. */
(function () {
  "use strict";
  function noUpdate() { return window.dash_clientside.no_update; }
  function chosen() {
    var sel = document.getElementById("video-saved");
    return sel && sel.selectedIndex > 0 ? sel.options[sel.selectedIndex] : null;
  }

  document.addEventListener("change", function (ev) {
    if (!ev.target || ev.target.id !== "video-saved") return;
    var opt = chosen(), layout = null;
    if (!opt || !window.cc_video) return;
    try { layout = JSON.parse(opt.getAttribute("data-layout") || "null"); } catch (e) { return; }
    window.cc_video.apply(layout);
  });

  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    cc_video_layouts: {
      save: function (n, name, shared) {
        var layout = window.cc_video ? window.cc_video.current() : null;
        name = (name || "").trim();
        if (!n || !layout) return noUpdate();
        if (!name) {
          var input = document.querySelector("#video-save-name input, input#video-save-name");
          if (input) input.focus();
          return noUpdate();
        }
        return { name: name, layout: layout, shared: !!(shared && shared.length), at: Date.now() };
      },
      remove: function (n) {
        var opt = chosen();
        if (!n || !opt) return noUpdate();
        return { id: opt.value, at: Date.now() };
      }
    }
  });
})();
