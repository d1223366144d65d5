// Draws the dashboard's charts from the JSON the page embeds; each chart has a table beside it
// with the same figures, so nothing here is the only way to read a number.
(function () {
  "use strict";
  var COLOURS = {
    completed_on_time: "#198754", completed_late: "#0dcaf0", in_progress: "#0d6efd",
    overdue: "#dc3545", regular: "#6c757d"
  };
  var KEYS = ["completed_on_time", "completed_late", "in_progress", "overdue", "regular"];

  function draw() {
    var source = document.getElementById("chart-data");
    if (!source || !window.echarts) { return; }
    var data = JSON.parse(source.textContent);
    var charts = [];
    document.querySelectorAll("[data-chart=orgs]").forEach(function (el) {
      var rows = data.orgs.filter(function (r) { return r.group === el.dataset.group; });
      el.style.height = Math.max(320, rows.length * 22 + 80) + "px";
      var chart = echarts.init(el, null, { renderer: "svg" });
      chart.setOption({
        aria: { enabled: true },
        animation: false,
        tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
        legend: { top: 0, type: "scroll" },
        grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
        xAxis: { type: "value" },
        yAxis: { type: "category", inverse: true, data: rows.map(function (r) { return r.name; }),
                 axisLabel: { width: 140, overflow: "truncate" } },
        series: KEYS.map(function (key) {
          return { name: data.labels[key], type: "bar", stack: "all", itemStyle: { color: COLOURS[key] },
                   data: rows.map(function (r) { return r[key]; }) };
        })
      });
      charts.push(chart);
    });
    var trendEl = document.getElementById("chart-trend");
    if (trendEl) {
      var trend = echarts.init(trendEl, null, { renderer: "svg" });
      trend.setOption({
        aria: { enabled: true },
        animation: false,
        tooltip: { trigger: "axis" },
        legend: { top: 0, type: "scroll" },
        grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
        xAxis: { type: "category", data: data.trend.map(function (p) { return p.label; }) },
        yAxis: { type: "value" },
        series: KEYS.map(function (key) {
          return { name: data.labels[key], type: "line", stack: "all", areaStyle: {}, symbol: "none",
                   itemStyle: { color: COLOURS[key] }, data: data.trend.map(function (p) { return p[key]; }) };
        })
      });
      charts.push(trend);
    }
    window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
})();
