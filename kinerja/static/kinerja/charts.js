// Charts drawn with Apache ECharts from data the page embeds as JSON (no inline script: the CSP forbids it).
(function () {
  "use strict";
  function sCurve(element, data) {
    var chart = window.echarts.init(element, null, { renderer: "svg" });
    chart.setOption({
      tooltip: { trigger: "axis", valueFormatter: function (v) { return v == null ? "–" : v.toFixed(2) + " %"; } },
      legend: { bottom: 0 },
      grid: { left: 40, right: 16, top: 16, bottom: 56 },
      xAxis: { type: "category", data: data.months, boundaryGap: false },
      yAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value} %" } },
      color: ["#9ec5fe", "#0d6efd", "#a3cfbb", "#198754"],
      series: data.series.map(function (s, i) {
        return { name: s.name, type: "line", data: s.data, connectNulls: false, lineStyle: { type: i % 2 === 0 ? "dashed" : "solid" } };
      })
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }
  var HEALTH_COLORS = { critical: "#dc3545", warning: "#ffc107", no_report: "#6c757d", on_track: "#198754", not_started: "#adb5bd", closed: "#dee2e6" };
  function categoryBars(element, data) {
    var chart = window.echarts.init(element, null, { renderer: "svg" });
    chart.setOption({
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { bottom: 0 },
      grid: { left: 8, right: 16, top: 8, bottom: 56, containLabel: true },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", data: data.categories, axisLabel: { width: 160, overflow: "break" } },
      series: data.series.map(function (s) {
        return { name: s.name, type: "bar", stack: "all", data: s.data, itemStyle: { color: HEALTH_COLORS[s.health] } };
      })
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }
  function regionLegend(max, unit) {
    // A legend of project counts in words and numbers: one entry per count while there are few, else ranges.
    var legend = { type: "piecewise", left: 8, bottom: 8, itemWidth: 14, itemHeight: 10, textStyle: { fontSize: 11 },
      inRange: { color: ["#e7f1ff", "#084298"] }, outOfRange: { color: ["#f8f9fa"] } };
    if (max <= 5) {
      legend.pieces = [];
      for (var v = 0; v <= max; v++) legend.pieces.push({ value: v, label: v + " " + unit });
    } else {
      legend.min = 0; legend.max = max; legend.splitNumber = 5; legend.precision = 0;
      legend.formatter = function (low, high) { return low + "–" + high + " " + unit; };
    }
    return legend;
  }
  function regionMap(element, data) {
    // The regencies and cities come from a GeoJSON file served with the application: no tile server.
    fetch(element.dataset.geojson, { credentials: "same-origin" }).then(function (response) { return response.json(); }).then(function (geo) {
      window.echarts.registerMap("sumsel", geo);
      var byCode = {};
      data.regions.forEach(function (r) { byCode[r.name] = r; });
      var max = data.regions.reduce(function (m, r) { return Math.max(m, r.value); }, 1);
      var chart = window.echarts.init(element, null, { renderer: "svg" });
      chart.setOption({
        tooltip: { trigger: "item", formatter: function (p) {
          var r = byCode[p.name], label = (p.data && p.data.title) || p.name;
          return r ? label + "<br>" + r.value + " " + data.labels.projects + " · " + r.critical + " " + data.labels.critical + " · " + r.warning + " " + data.labels.warning : label;
        } },
        visualMap: regionLegend(max, data.labels.projects),
        series: [{
          type: "map", map: "sumsel", nameProperty: "code", roam: true,
          label: { show: false }, emphasis: { label: { show: false } },
          data: data.regions.map(function (r) { return { name: r.name, value: r.value, title: r.label }; })
        }]
      });
      chart.on("click", function (p) { if (p.name) { var url = new URL(window.location.href); url.searchParams.set("region", p.name); window.location.href = url.toString(); } });
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }
  document.querySelectorAll("[data-chart]").forEach(function (element) {
    var data = JSON.parse(document.getElementById(element.dataset.chart).textContent);
    if (element.classList.contains("s-curve")) sCurve(element, data);
    else if (element.dataset.kind === "category-bars") categoryBars(element, data);
    else if (element.dataset.kind === "region-map") regionMap(element, data);
  });
})();
