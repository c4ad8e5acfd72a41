// Small behaviours without inline scripts (the CSP allows none).
document.addEventListener("click", function (e) {
  var t = e.target.closest("[data-toggle]");
  if (t) {
    var el = document.getElementById(t.getAttribute("data-toggle"));
    if (el) {
      var open = el.classList.toggle("open");
      t.setAttribute("aria-expanded", open ? "true" : "false");
    }
  }
  var c = e.target.closest("[data-confirm]");
  if (c && !window.confirm(c.getAttribute("data-confirm"))) e.preventDefault();
});
// Charts: <div class="chart" data-chart='{...echarts option...}'></div>
function ygCharts(root) {
  if (!window.echarts) return;
  (root || document).querySelectorAll("[data-chart]").forEach(function (el) {
    if (el._chart) return;
    el._chart = window.echarts.init(el);
    el._chart.setOption(JSON.parse(el.getAttribute("data-chart")));
  });
}
// A table or box that scrolls sideways on a narrow screen must be reachable by keyboard (WCAG 2.1.1).
function ygScrollables(root) {
  (root || document).querySelectorAll("table.grid, .scroll").forEach(function (el) {
    if (el.scrollWidth > el.clientWidth + 1) {
      if (!el.hasAttribute("tabindex")) el.setAttribute("tabindex", "0");
    } else if (el.getAttribute("tabindex") === "0") {
      el.removeAttribute("tabindex");
    }
  });
}
document.addEventListener("DOMContentLoaded", function () { ygCharts(); ygScrollables(); });
document.addEventListener("htmx:afterSwap", function () { ygScrollables(); });
document.addEventListener("htmx:afterSwap", function (e) { ygCharts(e.target); });
window.addEventListener("resize", function () {
  document.querySelectorAll("[data-chart]").forEach(function (el) { if (el._chart) el._chart.resize(); });
  ygScrollables();
});
