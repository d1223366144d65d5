// The indicator's line through the year, drawn from the JSON the page embeds; the table beside
// it holds the same figures.
(function () {
  "use strict";
  function draw() {
    var el = document.getElementById("indicator-trend");
    var source = document.getElementById("indicator-trend-data");
    if (!el || !source || !window.echarts) { return; }
    var data = JSON.parse(source.textContent);
    // Numbers as the page's language writes them: 1.290 and 59,76 in Vietnamese.
    var numbers = new Intl.NumberFormat(document.documentElement.lang || "vi");
    function shown(value) { return value === null || value === undefined ? "—" : numbers.format(value); }
    var chart = echarts.init(el, null, { renderer: "svg" });
    chart.setOption({
      aria: { enabled: true },
      animation: false,
      tooltip: { trigger: "axis", valueFormatter: shown },
      grid: { left: 8, right: 16, top: 24, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: data.labels },
      yAxis: { type: "value", name: data.unit, axisLabel: { formatter: shown } },
      series: [{ name: data.name, type: "line", connectNulls: false, data: data.values }].concat(
        data.target === null ? [] : [{ name: data.target_label, type: "line", symbol: "none",
          lineStyle: { type: "dashed" }, data: data.labels.map(function () { return data.target; }) }])
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
})();
