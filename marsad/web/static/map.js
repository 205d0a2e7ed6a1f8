// The incident map: no tiles (works offline). Country outlines from world-atlas (Natural Earth),
// imported admin boundaries from the store, incident markers clustered, sized by fatalities and
// coloured by type. Marker groups come from /api/v1/map (one per place and type), so 100,000
// incidents stay a few thousand markers.
"use strict";
(function () {
  var el = document.getElementById("map");
  if (!el) { return; }
  var TYPES = ["Violence against civilians", "Explosions/Remote violence", "Battles", "Riots", "Protests",
               "Strategic developments"];
  var COLOURS = ["#c0392b", "#2c7fb8", "#e67e22", "#8e44ad", "#27ae60", "#7f8c8d", "#555555"];
  function colour(type) { var i = TYPES.indexOf(type); return COLOURS[i < 0 ? 6 : i]; }
  var SYRIA = "760";  // ISO 3166-1 numeric, the id world-atlas uses
  var map = L.map(el, { minZoom: 4, maxZoom: 14, zoomSnap: 0.5 });
  map.setView([35.0, 38.5], 6.5);
  map.attributionControl.addAttribution("Natural Earth (public domain)");

  function getJSON(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) { throw new Error(url + ": " + r.status); }
      return r.json();
    });
  }

  var outlines = getJSON("/vendor/world-atlas/countries-50m.json").then(function (topo) {
    var countries = topojson.feature(topo, topo.objects.countries);
    L.geoJSON(countries, {
      interactive: false,
      style: function (f) {
        return f.id === SYRIA
          ? { color: "#1d2430", weight: 2, fillColor: "#ffffff", fillOpacity: 1 }
          : { color: "#9aa5b1", weight: 1, fillColor: "#eef1f4", fillOpacity: 1 };
      }
    }).addTo(map);
    var syria = countries.features.filter(function (f) { return f.id === SYRIA; });
    if (syria.length) { map.fitBounds(L.geoJSON(syria[0]).getBounds(), { padding: [10, 10] }); }
  }).catch(function (e) { console.warn(e); });

  var bounds = getJSON("/api/v1/boundaries").then(function (fc) {
    if (fc.features && fc.features.length) {
      L.geoJSON(fc, { interactive: false, style: { color: "#6b7a8c", weight: 0.8, fill: false } }).addTo(map);
    }
  }).catch(function (e) { console.warn(e); });

  function line(parent, text, tag) {
    var node = document.createElement(tag || "div");
    node.textContent = text;
    parent.appendChild(node);
    return node;
  }

  function popup(p) {
    var box = document.createElement("div");
    box.dir = "auto";
    line(box, (p.location || "?") + " · " + (p.event_type || ""), "b");
    line(box, el.dataset.incidents + ": " + p.incidents + " · " + el.dataset.killed + ": " + p.fatalities);
    var a = document.createElement("a");
    if (p.incident_id) {
      a.href = "/incidents/" + encodeURIComponent(p.incident_id);
    } else {
      var q = new URLSearchParams(window.location.search);
      if (p.location) { q.set("location", p.location); }
      if (p.event_type) { q.set("event_type", p.event_type); }
      a.href = "/incidents?" + q.toString();
    }
    a.textContent = "→ " + el.dataset.incidents;
    box.appendChild(a);
    return box;
  }

  var clusters = L.markerClusterGroup({
    maxClusterRadius: 40,
    iconCreateFunction: function (cluster) {
      var n = 0;
      cluster.getAllChildMarkers().forEach(function (m) { n += m.options.incidents; });
      var size = n < 10 ? "small" : n < 100 ? "medium" : "large";
      return L.divIcon({ html: "<div><span>" + n + "</span></div>", className: "marker-cluster marker-cluster-" + size,
                         iconSize: L.point(40, 40) });
    }
  });

  var data = getJSON("/api/v1/map" + window.location.search).then(function (d) {
    d.points.forEach(function (p) {
      var c = colour(p.event_type);
      var m = L.circleMarker([p.latitude, p.longitude], {
        radius: Math.min(40, 5 + 2.5 * Math.sqrt(p.fatalities)), color: c, weight: 1, fillColor: c, fillOpacity: 0.6,
        incidents: p.incidents
      });
      m.bindPopup(popup(p));
      clusters.addLayer(m);
    });
    map.addLayer(clusters);
    document.getElementById("map-count").textContent = "(" + d.incidents + " · " + d.points.length + ")";
    var legend = document.getElementById("legend");
    var seen = {};
    d.points.forEach(function (p) { seen[p.event_type || ""] = true; });
    Object.keys(seen).sort().forEach(function (type) {
      var li = document.createElement("li");
      var sw = document.createElement("span");
      var i = TYPES.indexOf(type);
      sw.className = "swatch sw-" + (i < 0 ? 6 : i);
      li.appendChild(sw);
      li.appendChild(document.createTextNode(type || "?"));
      legend.appendChild(li);
    });
    el.dataset.points = String(d.points.length);
  }).catch(function (e) { el.dataset.error = String(e); });

  Promise.all([outlines, bounds, data]).then(function () { el.dataset.loaded = "1"; });
})();
