// Pareto trade-off chart on the corridors page: time (days) against cost, CO2 as marker size
// and colour; one point per group of near-identical routes. Clicking a point (or pressing Enter
// on its table row) selects that route on the map (the "route:select" event map.js listens to).
// The server writes the points into <script type="application/json" class="tradeoff-spec">.
import { ScatterChart } from "echarts/charts";
import { GridComponent, TooltipComponent, VisualMapComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { SVGRenderer } from "echarts/renderers";

echarts.use([ScatterChart, GridComponent, TooltipComponent, VisualMapComponent, SVGRenderer]);

function render(el) {
  const spec = JSON.parse(el.querySelector("script.tradeoff-spec").textContent);
  const co2 = spec.points.map((p) => p.co2);
  const chart = echarts.init(el.querySelector(".chart-canvas"), null, { renderer: "svg" });
  const lang = document.documentElement.lang;
  const fmt = (v, d = 0) => Number(v).toLocaleString(lang, { maximumFractionDigits: d });
  chart.setOption({
    animation: false,
    aria: { enabled: true },
    grid: { left: 64, right: 90, top: 24, bottom: 48 },
    tooltip: {
      trigger: "item",
      formatter: (p) =>
        `${spec.labels.route} ${p.data.rank + 1}${p.data.similar ? ` (+${p.data.similar})` : ""}<br>` +
        `${fmt(p.data.value[0], 1)} ${spec.labels.days} · ${fmt(p.data.value[1])} ${spec.labels.cost} · ` +
        `${fmt(p.data.value[2])} ${spec.labels.co2}`,
    },
    xAxis: { type: "value", name: spec.labels.days, nameLocation: "middle", nameGap: 28, scale: true },
    yAxis: { type: "value", name: spec.labels.cost, scale: true },
    visualMap: {
      dimension: 2,
      min: Math.min(...co2),
      max: Math.max(...co2) + (Math.max(...co2) === Math.min(...co2) ? 1 : 0),
      right: 0,
      top: "middle",
      text: [spec.labels.co2, ""],
      calculable: false,
      inRange: { color: ["#1a9850", "#f9a825", "#b71c1c"], symbolSize: [10, 26] },
    },
    series: [
      {
        type: "scatter",
        data: spec.points.map((p) => ({
          value: [p.days, p.cost, p.co2],
          rank: p.rank,
          similar: p.similar,
        })),
      },
    ],
  });
  chart.on("click", (p) => {
    document.dispatchEvent(new CustomEvent("route:select", { detail: p.data.rank }));
    el.dataset.selected = String(p.data.rank);
  });
  el.dataset.ready = "true";
  window.addEventListener("resize", () => chart.resize());
  window.eurasiaTradeoff = chart;
}

function init(root) {
  root.querySelectorAll("[data-tradeoff]:not([data-ready])").forEach(render);
}

document.addEventListener("DOMContentLoaded", () => init(document));
document.addEventListener("htmx:afterSettle", (event) => init(event.detail.elt));
