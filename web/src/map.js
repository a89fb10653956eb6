// Corridors map: MapLibre GL with a vector basemap of country outlines (world-atlas, Natural Earth,
// public domain) — no tiles, no glyphs, nothing from outside hosts — the freight network coloured
// by mode, status or corridor, and planned routes drawn from JSON blocks that htmx swaps into the page.
// Scenario results use the same map: links (and capacity-limited transfers, drawn as points) carry
// `utilisation` (a v/c class), `vc` and `flow_mt`; with data-width-by="flow_mt" line width follows flow.
import maplibregl from "maplibre-gl/dist/maplibre-gl-csp.js";
import { feature, mesh } from "topojson-client";

const PALETTES = {
  mode: { rail: "#b3261e", road: "#8a5a00", ferry: "#0b57d0", sea: "#00639b", transfer: "#5f6368" },
  status: { open: "#146c2e", construction: "#b06000", planned: "#7c4dff" },
  utilisation: {
    idle: "#c4c7c5", uncapacitated: "#6f7f8f", low: "#1a9850", moderate: "#8cc63f",
    high: "#f9a825", bottleneck: "#e65100", over: "#b71c1c",
  },
};
const ROUTE_COLOURS = ["#d81b60", "#1e88e5", "#43a047", "#fb8c00", "#8e24aa", "#00897b"];
const FALLBACK = "#5f6368";

function matchExpression(property, palette) {
  const expr = ["match", ["get", property]];
  for (const [key, colour] of Object.entries(palette)) expr.push(key, colour);
  expr.push(FALLBACK);
  return expr;
}

function corridorExpression(features) {
  const names = [...new Set(features.map((f) => f.properties.corridor).filter(Boolean))].sort();
  const palette = {};
  names.forEach((name, i) => { palette[name] = ROUTE_COLOURS[i % ROUTE_COLOURS.length]; });
  return { expr: matchExpression("corridor", palette), palette };
}

// Words in the page's language, from <script type="application/json" id="map-labels">:
// {mode: {rail: "…"}, status: {…}, kind: {…}, corridor: {…}, km, attribution}.
let LABELS = { mode: {}, status: {}, kind: {}, corridor: {}, utilisation: {}, km: "km", mt: "Mt", attribution: "" };

function labelOf(table, code) {
  return (LABELS[table] && LABELS[table][code]) || String(code).replaceAll("_", " ");
}

// The node's name in the page's language (name_ru, name_kk), else its English name.
function placeName(p) {
  const lang = document.documentElement.lang;
  return p[`name_${lang}`] || p.name || p.id;
}

function renderLegend(el, palette, table) {
  el.replaceChildren(
    ...Object.entries(palette).map(([key, colour]) => {
      const item = document.createElement("li");
      const swatch = document.createElement("span");
      swatch.className = "swatch";
      swatch.style.background = colour;
      item.append(swatch, document.createTextNode(" " + labelOf(table, key)));
      return item;
    }),
  );
}

function bboxOf(geojson) {
  const b = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (c) => {
    if (typeof c[0] === "number") {
      b[0] = Math.min(b[0], c[0]); b[1] = Math.min(b[1], c[1]);
      b[2] = Math.max(b[2], c[0]); b[3] = Math.max(b[3], c[1]);
    } else c.forEach(visit);
  };
  geojson.features.forEach((f) => f.geometry && visit(f.geometry.coordinates));
  return b;
}

async function setup(container) {
  const labels = container.dataset.labels && document.getElementById(container.dataset.labels);
  if (labels) LABELS = { ...LABELS, ...JSON.parse(labels.textContent) };
  maplibregl.setWorkerUrl(container.dataset.workerUrl);
  const empty = { type: "FeatureCollection", features: [] };
  const getJSON = (url) => fetch(url).then((r) => (r.ok ? r.json() : empty));
  const [topology, links, nodes] = await Promise.all([
    getJSON(container.dataset.basemapUrl),
    container.dataset.linksUrl ? getJSON(container.dataset.linksUrl) : empty,
    container.dataset.nodesUrl ? getJSON(container.dataset.nodesUrl) : empty,
  ]);
  const countries = feature(topology, topology.objects.countries);
  const borders = mesh(topology, topology.objects.countries, (a, b) => a !== b);
  for (const f of links.features) f.properties.corridor = (f.properties.corridors || [])[0] || "";

  const map = new maplibregl.Map({
    container,
    style: {
      version: 8,
      sources: {},
      layers: [{ id: "sea", type: "background", paint: { "background-color": "#dbe9f4" } }],
    },
    center: [60, 45],
    zoom: 2.4,
    attributionControl: {
      customAttribution: LABELS.attribution || "Country outlines: Natural Earth via world-atlas",
    },
    cooperativeGestures: false,
  });
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }), "top-right");
  map.on("load", () => {
    map.addSource("countries", { type: "geojson", data: countries });
    map.addSource("borders", { type: "geojson", data: borders });
    map.addSource("links", { type: "geojson", data: links });
    map.addSource("nodes", { type: "geojson", data: nodes });
    map.addSource("routes", { type: "geojson", data: { type: "FeatureCollection", features: [] } });
    map.addLayer({ id: "land", type: "fill", source: "countries", paint: { "fill-color": "#f4f1ea" } });
    map.addLayer({ id: "borders", type: "line", source: "borders", paint: { "line-color": "#9e9e9e", "line-width": 0.6 } });
    const widthBy = container.dataset.widthBy;
    map.addLayer({
      id: "links", type: "line", source: "links",
      filter: ["==", ["geometry-type"], "LineString"],
      paint: {
        "line-color": matchExpression("mode", PALETTES.mode),
        "line-width": widthBy
          ? ["interpolate", ["linear"], ["coalesce", ["get", widthBy], 0], 0, 1.2, 5, 3, 20, 7]
          : 2,
        "line-dasharray": ["case", ["==", ["get", "status"], "open"], ["literal", [1, 0]], ["literal", [2, 2]]],
      },
    });
    map.addLayer({
      id: "link-points", type: "circle", source: "links",
      filter: ["==", ["geometry-type"], "Point"],
      paint: { "circle-radius": 6, "circle-color": FALLBACK, "circle-stroke-color": "#202124", "circle-stroke-width": 1 },
    });
    map.addLayer({
      id: "routes", type: "line", source: "routes",
      layout: { "line-cap": "round", "line-join": "round" },
      paint: { "line-color": ["get", "colour"], "line-width": ["case", ["boolean", ["get", "selected"], false], 7, 4], "line-opacity": 0.85 },
    });
    map.addLayer({
      id: "nodes", type: "circle", source: "nodes",
      paint: { "circle-radius": 3.5, "circle-color": "#ffffff", "circle-stroke-color": "#202124", "circle-stroke-width": 1.2 },
    });
    if (links.features.length) map.fitBounds(bboxOf(links), { padding: 30, duration: 0 });

    const legend = document.getElementById(container.dataset.legend || "map-legend");
    const colourBy = document.getElementById(container.dataset.colourBy || "colour-by");
    const recolour = () => {
      const key = colourBy ? colourBy.value : "mode";
      let expr;
      let palette;
      if (key === "corridor") ({ expr, palette } = corridorExpression(links.features));
      else { palette = PALETTES[key]; expr = matchExpression(key, palette); }
      map.setPaintProperty("links", "line-color", expr);
      map.setPaintProperty("link-points", "circle-color", expr);
      if (legend) renderLegend(legend, palette, key);
    };
    if (colourBy) colourBy.addEventListener("change", recolour);
    recolour();

    const popup = new maplibregl.Popup({ closeButton: true, closeOnClick: true });
    for (const layer of ["nodes", "links", "link-points"]) {
      map.on("click", layer, (event) => {
        const p = event.features[0].properties;
        const title = document.createElement("strong");
        title.textContent = layer === "nodes" ? placeName(p) : p.name || p.id;
        const detail = document.createElement("div");
        const lang = document.documentElement.lang;
        const length = p.km ? `${Math.round(p.km).toLocaleString(lang)} ${LABELS.km}` : "";
        const number = (v, digits) => Number(v).toLocaleString(lang, { maximumFractionDigits: digits });
        const flow = p.flow_mt != null ? `${number(p.flow_mt, 1)} ${LABELS.mt}` : "";
        const vc = p.vc != null ? `v/c ${number(p.vc, 2)}` : "";
        detail.textContent = [
          p.country,
          p.kind && labelOf("kind", p.kind),
          p.mode && labelOf("mode", p.mode),
          p.status && labelOf("status", p.status),
          length,
          flow,
          vc,
          p.utilisation && labelOf("utilisation", p.utilisation),
        ].filter(Boolean).join(" · ");
        const body = document.createElement("div");
        body.append(title, detail);
        popup.setLngLat(event.lngLat).setDOMContent(body).addTo(map);
      });
      map.on("mouseenter", layer, () => { map.getCanvas().style.cursor = "pointer"; });
      map.on("mouseleave", layer, () => { map.getCanvas().style.cursor = ""; });
    }
    container.dataset.ready = "true";
    drawRoutes(map, document);
  });
  document.addEventListener("htmx:afterSettle", () => drawRoutes(map, document));
  document.addEventListener("route:select", (event) => selectRoute(map, event.detail));
  window.eurasiaMap = map;
}

let current = { type: "FeatureCollection", features: [] };

function drawRoutes(map, root) {
  const block = root.querySelector("script.route-geojson");
  if (!block || !map.getSource("routes")) return;
  const routes = JSON.parse(block.textContent);
  routes.features.forEach((f, i) => {
    f.properties.colour = ROUTE_COLOURS[(f.properties.rank ?? i) % ROUTE_COLOURS.length];
    f.properties.selected = i === 0;
  });
  current = routes;
  map.getSource("routes").setData(routes);
  document.querySelectorAll("[data-route-swatch]").forEach((el) => {
    el.style.background = ROUTE_COLOURS[Number(el.dataset.routeSwatch) % ROUTE_COLOURS.length];
  });
  if (routes.features.length) map.fitBounds(bboxOf(routes), { padding: 40, duration: 0 });
  map.getContainer().dataset.routes = String(routes.features.length);
}

function selectRoute(map, rank) {
  current.features.forEach((f) => { f.properties.selected = f.properties.rank === rank; });
  map.getSource("routes").setData(current);
  map.getContainer().dataset.selected = String(rank);
}

document.addEventListener("click", (event) => {
  const row = event.target.closest("[data-route-rank]");
  if (row) document.dispatchEvent(new CustomEvent("route:select", { detail: Number(row.dataset.routeRank) }));
});

document.addEventListener("DOMContentLoaded", () => {
  const container = document.getElementById("map");
  if (container) setup(container);
});
