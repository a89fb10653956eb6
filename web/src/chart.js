// Indicator charts: Apache ECharts (only the parts used, tree-shaken), SVG renderer. Each
// [data-chart] element holds a <script type="application/json"> spec written by the server
// (eurasia.web.charts.chart_spec): series of [period, x, value, status] points on a proportional
// time axis (x in years), the essay's claims with their verdicts, and targets.
// Style follows status: actual = solid line, filled marker; provisional = hollow circle;
// estimate = hollow square; forecast/target values of a series = dashed line from the last
// measured point; targets = diamonds drawn on top; essay claims = crosses with the verdict.
// A grey band joins the best source's value of each year when several sources make up the
// history. Buttons [data-chart-download=svg|png] save the chart as drawn.
import { LineChart, ScatterChart } from "echarts/charts";
import { GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { SVGRenderer } from "echarts/renderers";

echarts.use([LineChart, ScatterChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

const COLOURS = ["#0b57d0", "#b3261e", "#146c2e", "#8a5a00", "#7c4dff", "#00639b", "#c2185b"];
const MEASURED = new Set(["A", "P", "E"]);
const SYMBOL = { A: "circle", P: "emptyCircle", E: "emptyRect", F: "emptyCircle", T: "emptyDiamond" };
const CROSS = "path://M2,0 L5,3 L8,0 L10,2 L7,5 L10,8 L8,10 L5,7 L2,10 L0,8 L3,5 L0,2 Z";

function point(p, labels) {
  return {
    value: [p[1], p[2]],
    period: p[0],
    status: p[3],
    symbol: SYMBOL[p[3]] || "circle",
    symbolSize: p[3] === "A" ? 7 : 9,
    statusLabel: (labels.status || {})[p[3]] || p[3],
  };
}

function seriesOf(spec) {
  const labels = spec.labels || {};
  const out = [];
  spec.series.forEach((s, i) => {
    const colour = COLOURS[i % COLOURS.length];
    const measured = s.points.filter((p) => MEASURED.has(p[3]));
    const ahead = s.points.filter((p) => !MEASURED.has(p[3]));
    if (s.best) {
      out.push({
        name: s.name, type: "line", color: "#5f6368", z: 2, symbol: "none",
        lineStyle: { type: "solid", width: 3, opacity: 0.35 },
        data: measured.map((p) => point(p, labels)),
      });
      return;
    }
    if (measured.length) {
      out.push({
        name: s.name, type: "line", color: colour, z: 3,
        lineStyle: { type: "solid", width: 2 },
        data: measured.map((p) => point(p, labels)),
      });
    }
    if (ahead.length) {
      const start = measured.length ? [measured[measured.length - 1]] : [];
      const data = start.map((p) => ({ ...point(p, labels), symbolSize: 0 }));
      out.push({
        name: s.name, type: "line", color: colour, z: 3,
        lineStyle: { type: "dashed", width: 2 },
        data: data.concat(ahead.map((p) => point(p, labels))),
      });
    }
  });
  if (spec.claims && spec.claims.length) {
    out.push({
      name: labels.claims || "essay claims", type: "scatter", color: "#7f0000", z: 8,
      symbol: CROSS, symbolSize: 12,
      data: spec.claims.map((c) => ({ value: [c.x, c.value], period: c.period, name: c.name, verdict: c.verdict })),
    });
  }
  if (spec.targets && spec.targets.length) {
    out.push({
      name: labels.targets || spec.targets_label || "targets", type: "scatter", color: "#202124",
      z: 10, zlevel: 1, symbol: "diamond", symbolSize: 14,
      itemStyle: { borderColor: "#ffffff", borderWidth: 1.5 },
      data: spec.targets.map((t) => ({ value: [t.x, t.value], period: t.period, name: t.name })),
    });
  }
  return out;
}

function tooltip(params) {
  const d = params.data || {};
  const what = d.name || d.statusLabel || "";
  return `${params.seriesName}<br>${d.period}: <b>${d.value[1]}</b>${what ? ` — ${what}` : ""}`;
}

function save(blob, name) {
  const link = document.createElement("a");
  link.href = URL.createObjectURL(blob);
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}

function download(chart, el, kind) {
  const name = `${el.dataset.filename || "chart"}.${kind}`;
  const svg = chart.renderToSVGString();
  if (kind === "svg") {
    save(new Blob([svg], { type: "image/svg+xml" }), name);
    return;
  }
  const image = new Image();
  const box = el.querySelector(".chart-canvas").getBoundingClientRect();
  image.onload = () => {
    const scale = 2;
    const canvas = document.createElement("canvas");
    canvas.width = Math.max(1, Math.round(box.width * scale));
    canvas.height = Math.max(1, Math.round(box.height * scale));
    const ctx = canvas.getContext("2d");
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(image, 0, 0, canvas.width, canvas.height);
    canvas.toBlob((blob) => blob && save(blob, name), "image/png");
  };
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

function render(el) {
  const spec = JSON.parse(el.querySelector("script.chart-spec").textContent);
  const chart = echarts.init(el.querySelector(".chart-canvas"), null, { renderer: "svg" });
  const pad = spec.x_min === spec.x_max ? 1 : 0.5;
  chart.setOption({
    animation: false,
    aria: { enabled: true },
    grid: { left: 60, right: 24, top: 48, bottom: 40 },
    legend: { top: 0, type: "scroll" },
    tooltip: { trigger: "item", formatter: tooltip },
    xAxis: {
      type: "value",
      min: spec.x_min == null ? null : Math.floor(spec.x_min - pad),
      max: spec.x_max == null ? null : Math.ceil(spec.x_max + pad),
      minInterval: 1,
      axisLabel: {
        showMinLabel: false,
        showMaxLabel: false,
        formatter: (v) => (Number.isInteger(v) ? String(v) : ""),
      },
    },
    yAxis: { type: "value", name: spec.unit, scale: true },
    series: seriesOf(spec),
  });
  el.dataset.ready = "true";
  el.querySelectorAll("[data-chart-download]").forEach((button) => {
    button.addEventListener("click", () => download(chart, el, button.dataset.chartDownload));
  });
  window.addEventListener("resize", () => chart.resize());
  el.closest("[role=tabpanel]")?.addEventListener("tab:shown", () => chart.resize());
  document.addEventListener("tab:shown", () => chart.resize());
}

function init(root) {
  root.querySelectorAll("[data-chart]:not([data-ready])").forEach(render);
}

document.addEventListener("DOMContentLoaded", () => init(document));
document.addEventListener("htmx:afterSettle", (event) => init(event.detail.elt));
