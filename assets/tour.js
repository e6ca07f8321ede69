/* The visitors' tour: auto-advance with a dwell, pause/next/previous for a presenter (keyboard too). */
(function () {
  "use strict";
  var T = { i: 0, at: 0, paused: false };
  function steps() { return document.querySelectorAll(".tour-step"); }
  function show(i) {
    var all = steps();
    if (!all.length) return;
    T.i = (i + all.length) % all.length;
    T.at = Date.now();
    all.forEach(function (s, k) { s.classList.toggle("step-active", k === T.i); });
    document.querySelectorAll(".tour-dot").forEach(function (d, k) { d.classList.toggle("on", k === T.i); });
  }
  function pauseLabel() {
    var b = document.getElementById("tour-pause");
    if (b) b.textContent = T.paused ? b.dataset.play : b.dataset.pause;
    var r = document.getElementById("tour-root");
    if (r) r.classList.toggle("paused", T.paused);
  }
  document.addEventListener("click", function (e) {
    var id = e.target && e.target.id;
    if (id === "tour-next") show(T.i + 1);
    else if (id === "tour-prev") show(T.i - 1);
    else if (id === "tour-pause") { T.paused = !T.paused; pauseLabel(); }
  });
  document.addEventListener("keydown", function (e) {
    if (!document.getElementById("tour-root")) return;
    if (e.key === "ArrowRight" || e.key === "PageDown") show(T.i + 1);
    if (e.key === "ArrowLeft" || e.key === "PageUp") show(T.i - 1);
    if (e.key === " ") { T.paused = !T.paused; pauseLabel(); e.preventDefault(); }
  });
  setInterval(function () {
    var r = document.getElementById("tour-root");
    if (!r) { T.at = 0; return; }
    if (!document.querySelector(".tour-step.step-active")) show(0);
    var dwell = (+r.dataset.dwell || 20) * 1000;
    if (!T.paused && Date.now() - T.at >= dwell) show(T.i + 1);
  }, 500);
  window.cc_tour = T;
})();
