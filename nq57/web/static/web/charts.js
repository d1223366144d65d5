// Draws the dashboard's charts from the JSON the page embeds; each chart has a table beside it
// with the same figures, so nothing here is the only way to read a number (or to follow a link:
// the table's names lead where the bars do).
(function () {
  "use strict";
  var COLOURS = {
    completed_on_time: "#198754", completed_late: "#0dcaf0", in_progress: "#0d6efd",
    overdue: "#dc3545", regular: "#6c757d"
  };
  var KEYS = ["completed_on_time", "completed_late", "in_progress", "overdue", "regular"];
  // A bar's row is tall enough for a name wrapped onto two lines.
  var ROW_HEIGHT = 34;

  function numberFormat() {
    // The page's language (vi: 1.290 and 59,76); a language the browser lacks falls back.
    try {
      return new Intl.NumberFormat(document.documentElement.lang || undefined);
    } catch (e) {
      return new Intl.NumberFormat();
    }
  }

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  // The tooltip of an axis: its full name (the axis label may be wrapped), each series' value
  // and the total, in the page's number format.
  function tooltip(numbers, totalLabel) {
    return function (params) {
      var items = Array.isArray(params) ? params : [params];
      if (!items.length) { return ""; }
      var total = 0;
      var lines = items.map(function (p) {
        total += Number(p.value) || 0;
        return p.marker + escapeHtml(p.seriesName) + ": <strong>" + numbers.format(p.value) + "</strong>";
      });
      var head = "<strong>" + escapeHtml(items[0].axisValue || items[0].name) + "</strong>";
      var foot = escapeHtml(totalLabel) + ": <strong>" + numbers.format(total) + "</strong>";
      return [head].concat(lines, [foot]).join("<br>");
    };
  }

  function labelWidth(el) {
    // Wide enough for most names on one or two lines, leaving the bars most of a phone.
    return Math.round(Math.min(260, Math.max(110, el.clientWidth * 0.38)));
  }

  // A viewBox lets the drawing scale: printed, it shrinks to the paper's width instead of
  // being cut at the screen's (app.css, print section). ECharts leaves it alone on redraws.
  function scalable(chart, el) {
    chart.on("finished", function () {
      var svg = el.querySelector("svg");
      if (svg) { svg.setAttribute("viewBox", "0 0 " + chart.getWidth() + " " + chart.getHeight()); }
    });
  }

  function draw() {
    var source = document.getElementById("chart-data");
    if (!source || !window.echarts) { return; }
    var data = JSON.parse(source.textContent);
    var numbers = numberFormat();
    var formatNumber = function (value) { return numbers.format(value); };
    var charts = [];
    document.querySelectorAll("[data-chart=orgs]").forEach(function (el) {
      // A group's rows (ministries, provinces), or all of them below one organisation.
      var rows = data.orgs.filter(function (r) { return !el.dataset.group || r.group === el.dataset.group; });
      if (!rows.length) { el.hidden = true; return; }
      el.style.height = Math.max(320, rows.length * ROW_HEIGHT + 80) + "px";
      var chart = echarts.init(el, null, { renderer: "svg" });
      scalable(chart, el);
      chart.setOption({
        aria: { enabled: true },
        animation: false,
        tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, confine: true,
                   formatter: tooltip(numbers, data.labels.total) },
        legend: { top: 0, type: "scroll" },
        grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
        xAxis: { type: "value", axisLabel: { formatter: formatNumber } },
        yAxis: { type: "category", inverse: true, data: rows.map(function (r) {
                   return r.own ? r.name + " (" + data.labels.itself + ")" : r.name; }),
                 axisLabel: { width: labelWidth(el), overflow: "break", interval: 0, lineHeight: 14 } },
        series: KEYS.map(function (key) {
          return { name: data.labels[key], type: "bar", stack: "all", cursor: "pointer",
                   itemStyle: { color: COLOURS[key] },
                   data: rows.map(function (r) { return r[key]; }) };
        })
      });
      // A bar drills down like its row's name: the organisation's dashboard, or its tasks.
      chart.on("click", function (params) {
        var row = rows[params.dataIndex];
        if (row && row.url) { window.location.href = row.url; }
      });
      charts.push(chart);
    });
    var trendEl = document.getElementById("chart-trend");
    if (trendEl) {
      var trend = echarts.init(trendEl, null, { renderer: "svg" });
      scalable(trend, trendEl);
      trend.setOption({
        aria: { enabled: true },
        animation: false,
        tooltip: { trigger: "axis", confine: true, formatter: tooltip(numbers, data.labels.total) },
        legend: { top: 0, type: "scroll" },
        grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
        // The labels come formatted from the server: 30/11/2026 in Vietnamese.
        xAxis: { type: "category", data: data.trend.map(function (p) { return p.label; }) },
        yAxis: { type: "value", axisLabel: { formatter: formatNumber } },
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
