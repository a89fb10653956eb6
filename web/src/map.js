// Corridors map: MapLibre GL with a vector basemap of country outlines (world-atlas, Natural Earth,
// public domain) — no tiles, no glyphs, nothing from outside hosts — the freight network coloured
// by mode, status or corridor, and planned routes drawn from JSON blocks that htmx swaps into the page.
// Scenario results use the same map: links (and capacity-limited transfers, drawn as points) carry
// `utilisation` (a v/c class), `vc` and `flow_mt`; with data-width-by="flow_mt" line width follows flow.
// Sea and ferry links arrive already drawn along sea lanes (the server's corridors.io.sealanes).
// Place labels are HTML, not map symbols (symbols need glyph files from a server): a layer of
// spans over the canvas, hubs first (most links), fewer at low zoom, never overlapping.
// Legends say what colour and width mean: link colour (mode, status, corridor or v/c class),
// line width (flow, Mt/yr) and, on the planner, the route colours and the wider chosen route.
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
let LABELS = {
  mode: {}, status: {}, kind: {}, corridor: {}, utilisation: {}, km: "km", mt: "Mt", attribution: "",
  width: "", route: "", chosen: "", not_open: "",
};

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

// Line width by flow: the same stops as the "links" layer's interpolation.
const WIDTH_STOPS = [[0, 1.2], [5, 3], [20, 7]];
const WIDTH_SAMPLES = [1, 5, 20];

function widthAt(value) {
  for (let i = 1; i < WIDTH_STOPS.length; i++) {
    const [v0, w0] = WIDTH_STOPS[i - 1];
    const [v1, w1] = WIDTH_STOPS[i];
    if (value <= v1) return w0 + ((value - v0) / (v1 - v0)) * (w1 - w0);
  }
  return WIDTH_STOPS[WIDTH_STOPS.length - 1][1];
}

function lineSample(width, colour = "#5f6368", dashed = false) {
  const sample = document.createElement("span");
  sample.className = "line-sample";
  sample.style.borderTopWidth = `${width}px`;
  sample.style.borderTopColor = colour;
  if (dashed) sample.style.borderTopStyle = "dashed";
  return sample;
}

function legendItem(sample, text) {
  const item = document.createElement("li");
  item.append(sample, document.createTextNode(" " + text));
  return item;
}

// A legend list after `anchor` (created once, reused), with its title (if any) as the first item.
function legendAfter(anchor, id, title, items, label = title) {
  let list = document.getElementById(id);
  if (!list) {
    list = document.createElement("ul");
    list.id = id;
    list.className = "legend map-key";
    anchor.after(list);
  }
  list.setAttribute("aria-label", label);
  const head = document.createElement("li");
  head.className = "legend-title";
  head.textContent = title;
  list.replaceChildren(...(title ? [head] : []), ...items);
  return list;
}

function renderWidthLegend(anchor, widthBy) {
  if (!anchor || widthBy !== "flow_mt") return;
  const lang = document.documentElement.lang;
  // without a title from the page (LABELS.width, e.g. "Line width: flow"), the samples say it
  legendAfter(anchor, "map-width-legend", LABELS.width, WIDTH_SAMPLES.map((v) =>
    legendItem(lineSample(widthAt(v)), `${v.toLocaleString(lang)} ${LABELS.mt}`)),
  LABELS.width || LABELS.mt);
}

function renderRouteLegend(anchor, routes) {
  if (!anchor || !LABELS.route) return;
  const list = document.getElementById("map-route-legend");
  if (!routes.features.length) { if (list) list.remove(); return; }
  const items = routes.features.map((f, i) =>
    legendItem(lineSample(4, f.properties.colour), `${LABELS.route} ${(f.properties.rank ?? i) + 1}`));
  items.push(legendItem(lineSample(7, "#5f6368"), LABELS.chosen));
  legendAfter(anchor, "map-route-legend", LABELS.routes || LABELS.route, items);
}

// Place labels: every node with a name gets a span; a node's priority is its number of links
// (terminals and ports first among equals). At each view the labels are placed in priority
// order and one is shown only if its box overlaps none already shown, and only if its rank
// is within the zoom's budget: about 12 at the opening zoom on a laptop, doubling with each
// zoom level.
// The budget scales with the map's area (a phone's map shows fewer than a laptop's).
function labelBudget(zoom, width, height) {
  const area = Math.min(1, (width * height) / (800 * 560));
  return Math.max(3, Math.round(12 * area * 2 ** Math.max(0, zoom - 2.4)));
}

function setupPlaceLabels(map, nodes, links) {
  const degree = new Map();
  for (const f of links.features) {
    for (const end of [f.properties.from, f.properties.to]) degree.set(end, (degree.get(end) || 0) + 1);
  }
  const boost = { terminal: 0.5, port: 0.5, city: 0.5 };
  const places = nodes.features
    .filter((f) => f.geometry && f.geometry.coordinates[0] != null && f.properties.kind !== "waypoint")
    .map((f) => ({
      id: f.id ?? f.properties.id,
      lngLat: f.geometry.coordinates,
      text: placeName(f.properties).replace(/\s*\([^)]*\)$/, ""), // "Alat (Port of Baku)": "Alat"
      priority: (degree.get(f.id ?? f.properties.id) || 0) + (boost[f.properties.kind] || 0),
    }))
    .sort((a, b) => b.priority - a.priority || a.text.localeCompare(b.text));
  const layer = document.createElement("div");
  layer.className = "place-labels";
  layer.setAttribute("aria-hidden", "true");
  map.getContainer().append(layer);
  for (const place of places) {
    place.el = document.createElement("span");
    place.el.className = "place-label";
    place.el.textContent = place.text;
    place.el.dataset.node = place.id;
    layer.append(place.el);
  }
  let sizes = null;
  let pending = false;
  const update = () => {
    pending = false;
    if (!sizes) sizes = places.map((p) => [p.el.offsetWidth, p.el.offsetHeight]);
    const { clientWidth: width, clientHeight: height } = map.getContainer();
    const budget = labelBudget(map.getZoom(), width, height);
    const boxes = [];
    let shown = 0;
    places.forEach((place, i) => {
      const [w, h] = sizes[i];
      const pt = map.project(place.lngLat);
      const box = [pt.x + 5, pt.y - h / 2, pt.x + 5 + w, pt.y + h / 2];
      const inside = box[2] > 0 && box[0] < width && box[3] > 0 && box[1] < height;
      const free = !boxes.some((b) => box[0] < b[2] && box[2] > b[0] && box[1] < b[3] && box[3] > b[1]);
      const show = shown < budget && inside && free;
      if (show) {
        boxes.push([box[0] - 2, box[1] - 1, box[2] + 2, box[3] + 1]);
        shown += 1;
        place.el.style.transform = `translate(${Math.round(box[0])}px, ${Math.round(box[1])}px)`;
      }
      place.el.hidden = !show;
    });
    layer.dataset.shown = String(shown);
    layer.dataset.zoom = map.getZoom().toFixed(2);
  };
  const schedule = () => {
    if (!pending) { pending = true; requestAnimationFrame(update); }
  };
  map.on("move", schedule);
  map.on("resize", schedule);
  update();
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
    renderWidthLegend(legend, widthBy);
    if (legend && !widthBy && LABELS.not_open) {
      legendAfter(legend, "map-line-legend", LABELS.line || LABELS.not_open, [
        legendItem(lineSample(2, "#5f6368"), labelOf("status", "open")),
        legendItem(lineSample(2, "#5f6368", true), LABELS.not_open),
      ]);
    }
    setupPlaceLabels(map, nodes, links);

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
  const container = map.getContainer();
  renderRouteLegend(document.getElementById(container.dataset.legend || "map-legend"), routes);
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
