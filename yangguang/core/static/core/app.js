// Small behaviours without inline scripts (the CSP allows none).
document.addEventListener("click", function (e) {
  var t = e.target.closest("[data-toggle]");
  if (t) {
    var el = document.getElementById(t.getAttribute("data-toggle"));
    if (el) el.classList.toggle("open");
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
document.addEventListener("DOMContentLoaded", function () { ygCharts(); });
document.addEventListener("htmx:afterSwap", function (e) { ygCharts(e.target); });
window.addEventListener("resize", function () {
  document.querySelectorAll("[data-chart]").forEach(function (el) { if (el._chart) el._chart.resize(); });
});
