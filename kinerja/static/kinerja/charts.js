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
  document.querySelectorAll("[data-chart]").forEach(function (element) {
    var data = JSON.parse(document.getElementById(element.dataset.chart).textContent);
    if (element.classList.contains("s-curve")) sCurve(element, data);
  });
})();
