/* Map style functions for dash-leaflet GeoJSON layers (referenced by name from Python). */
window.cc = Object.assign({}, window.cc, {
  map: {
    /* Leaflet applies a layer's style to every vector it draws, the markers of pointToLayer included: points keep
       their own colours (an empty style changes nothing), only areas get the area style. */
    areaStyle: function (feature) {
      if (feature.properties && feature.properties.tone) { return {}; }  // theme points keep their own colours
      var type = (feature.geometry || {}).type;
      if (type === "Point" || type === "MultiPoint") return {};
      return { color: "#3a6ea5", weight: 1.5, fillColor: "#16324f", fillOpacity: 0.35, opacity: 0.9 };
    },
    /* Markers by kind and state: overdue red, 数字城管 teal, 12345 blue. */
    pointToLayer: function (feature, latlng) {
      var p = feature.properties || {};
      var color = p.state === "overdue" ? "#ff5d6c" : (p.kind === "cm" ? "#2fd6c3" : "#3fa7ff");
      var tones = { ok: "#2fd6c3", amber: "#f5b94a", red: "#ff5d6c", muted: "#7f93ad" };  // the theme pages' points
      if (p.tone && tones[p.tone]) { color = tones[p.tone]; }
      return L.circleMarker(latlng, { radius: p.radius || 4, color: color, weight: 1, fillColor: color, fillOpacity: 0.85 });
    }
  }
});
