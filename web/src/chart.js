// Indicator charts: Apache ECharts (only the parts used, tree-shaken), SVG renderer. Each
// [data-chart] element holds a <script type="application/json"> spec written by the server:
// {unit, periods, series: [{name, points: [[period, value, status]]}], targets: [{period, value, name}]}.
// Status styling: actual = filled marker; provisional/estimate = hollow; forecast/target = dashed.
import { LineChart, ScatterChart } from "echarts/charts";
import { GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { SVGRenderer } from "echarts/renderers";

echarts.use([LineChart, ScatterChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

const COLOURS = ["#0b57d0", "#b3261e", "#146c2e", "#8a5a00", "#7c4dff", "#00639b", "#c2185b"];
const HOLLOW = new Set(["P", "E"]);
const DASHED = new Set(["F", "T"]);

function render(el) {
  const spec = JSON.parse(el.querySelector("script.chart-spec").textContent);
  const chart = echarts.init(el.querySelector(".chart-canvas"), null, { renderer: "svg" });
  const series = spec.series.map((s, i) => {
    const dashed = s.points.length > 0 && s.points.every((p) => DASHED.has(p[2]));
    return {
      name: s.name,
      type: "line",
      color: COLOURS[i % COLOURS.length],
      connectNulls: true,
      lineStyle: { type: dashed ? "dashed" : "solid", width: 2 },
      data: spec.periods.map((period) => {
        const point = s.points.find((p) => p[0] === period);
        if (!point) return null;
        return {
          value: point[1],
          symbol: HOLLOW.has(point[2]) || DASHED.has(point[2]) ? "emptyCircle" : "circle",
          symbolSize: 8,
          status: point[2],
        };
      }),
    };
  });
  if (spec.targets && spec.targets.length) {
    series.push({
      name: spec.targets_label || "targets",
      type: "scatter",
      color: "#202124",
      symbol: "diamond",
      symbolSize: 12,
      data: spec.targets.map((t) => ({ value: [t.period, t.value], name: t.name })),
    });
  }
  chart.setOption({
    animation: false,
    aria: { enabled: true },
    grid: { left: 60, right: 20, top: 40, bottom: 40 },
    legend: { top: 0, type: "scroll" },
    tooltip: { trigger: "item" },
    xAxis: { type: "category", data: spec.periods },
    yAxis: { type: "value", name: spec.unit, scale: true },
    series,
  });
  el.dataset.ready = "true";
  window.addEventListener("resize", () => chart.resize());
  el.closest("[role=tabpanel]")?.addEventListener("tab:shown", () => chart.resize());
  document.addEventListener("tab:shown", () => chart.resize());
}

function init(root) {
  root.querySelectorAll("[data-chart]:not([data-ready])").forEach(render);
}

document.addEventListener("DOMContentLoaded", () => init(document));
document.addEventListener("htmx:afterSettle", (event) => init(event.detail.elt));
