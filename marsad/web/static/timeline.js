// Timeline: incidents per day (bars), people killed per day in documented incidents (line), and each
// source's cumulative reported toll (dashed lines, right axis) — kept apart, never added together.
"use strict";
(function () {
  var box = document.getElementById("timeline");
  if (!box) { return; }
  var NS = "http://www.w3.org/2000/svg";
  var W = 1100, H = 420, M = { l: 50, r: 60, t: 20, b: 70 };
  var COLOURS = ["#2c7fb8", "#8e44ad", "#27ae60", "#e67e22", "#7f8c8d", "#16a085"];

  function node(tag, attrs, parent) {
    var n = document.createElementNS(NS, tag);
    Object.keys(attrs).forEach(function (k) { n.setAttribute(k, attrs[k]); });
    if (parent) { parent.appendChild(n); }
    return n;
  }
  function text(parent, x, y, s, attrs) {
    var t = node("text", Object.assign({ x: x, y: y }, attrs || {}), parent);
    t.textContent = s;
    return t;
  }
  function day(s) { return Date.parse(s.slice(0, 10) + "T00:00:00Z") / 86400000; }
  function iso(d) { return new Date(d * 86400000).toISOString().slice(0, 10); }
  function getJSON(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (r) { return r.json(); });
  }

  Promise.all([getJSON("/api/v1/stats?by=day"), getJSON("/api/v1/tallies")]).then(function (res) {
    var rows = res[0].rows.filter(function (r) { return r.key; });
    var series = res[1].map(function (s) {
      return { name: s.scope + " · " + s.source,
               points: s.points.filter(function (p) { return p.reported_on && p.fatalities != null; }) };
    }).filter(function (s) { return s.points.length; });
    var days = rows.map(function (r) { return day(r.key); });
    series.forEach(function (s) { s.points.forEach(function (p) { days.push(day(p.reported_on)); }); });
    if (!days.length) { box.textContent = box.dataset.empty; return; }
    var d0 = Math.min.apply(null, days), d1 = Math.max.apply(null, days) + 1;
    var leftMax = Math.max(1, Math.max.apply(null, rows.map(function (r) { return Math.max(r.incidents, r.fatalities); })));
    var rightMax = 1;
    series.forEach(function (s) { s.points.forEach(function (p) { rightMax = Math.max(rightMax, p.fatalities); }); });
    var x = function (d) { return M.l + (d - d0) / (d1 - d0) * (W - M.l - M.r); };
    var yl = function (v) { return H - M.b - v / leftMax * (H - M.t - M.b); };
    var yr = function (v) { return H - M.b - v / rightMax * (H - M.t - M.b); };
    var svg = node("svg", { viewBox: "0 0 " + W + " " + H, role: "img" }, box);
    var axis = node("g", { "class": "axis" }, svg);
    node("line", { x1: M.l, x2: W - M.r, y1: H - M.b, y2: H - M.b, stroke: "#999" }, axis);
    for (var k = 0; k <= 4; k++) {
      var v = leftMax * k / 4, w = rightMax * k / 4;
      text(axis, M.l - 6, yl(v) + 4, String(Math.round(v)), { "text-anchor": "end" });
      text(axis, W - M.r + 6, yr(w) + 4, String(Math.round(w)));
      node("line", { x1: M.l, x2: W - M.r, y1: yl(v), y2: yl(v), stroke: "#eee" }, axis);
    }
    var step = Math.max(1, Math.ceil((d1 - d0) / 12));
    for (var d = d0; d < d1; d += step) { text(axis, x(d), H - M.b + 16, iso(d), { "text-anchor": "middle" }); }
    var bw = Math.max(1, (W - M.l - M.r) / (d1 - d0) * 0.7);
    rows.forEach(function (r) {
      var b = node("rect", { "class": "bar", x: x(day(r.key)), y: yl(r.incidents), width: bw,
                             height: H - M.b - yl(r.incidents) }, svg);
      node("title", {}, b).textContent = r.key + ": " + r.incidents + " " + box.dataset.incidents;
    });
    var pts = rows.map(function (r) { return (x(day(r.key)) + bw / 2) + "," + yl(r.fatalities); }).join(" ");
    node("polyline", { "class": "killed", points: pts }, svg);
    rows.forEach(function (r) {
      var c = node("circle", { cx: x(day(r.key)) + bw / 2, cy: yl(r.fatalities), r: 2.5, fill: "#b33a3a" }, svg);
      node("title", {}, c).textContent = r.key + ": " + r.fatalities + " " + box.dataset.killed;
    });
    series.forEach(function (s, i) {
      var colour = COLOURS[i % COLOURS.length];
      var p = s.points.map(function (q) { return x(day(q.reported_on)) + "," + yr(q.fatalities); }).join(" ");
      node("polyline", { "class": "tally", points: p, stroke: colour }, svg);
      s.points.forEach(function (q) {
        var c = node("circle", { cx: x(day(q.reported_on)), cy: yr(q.fatalities), r: 3, fill: colour }, svg);
        node("title", {}, c).textContent = s.name + " " + q.reported_on + ": " + q.fatalities;
      });
    });
    var ly = H - 30, lx = M.l;
    function key(label, colour, dashed) {
      node("line", { x1: lx, x2: lx + 22, y1: ly, y2: ly, stroke: colour, "stroke-width": 3,
                     "stroke-dasharray": dashed ? "5 3" : "none" }, svg);
      var t = text(svg, lx + 26, ly + 4, label, { "class": "legend-text" });
      lx += 40 + label.length * 6.5;
      return t;
    }
    key(box.dataset.incidents, "#9fb8cf", false);
    key(box.dataset.killed, "#b33a3a", false);
    series.forEach(function (s, i) { key(box.dataset.tally + ": " + s.name, COLOURS[i % COLOURS.length], true); });
    box.dataset.loaded = "1";
    box.dataset.days = String(rows.length);
    box.dataset.tallies = String(series.length);
  }).catch(function (e) { box.textContent = String(e); });
})();
