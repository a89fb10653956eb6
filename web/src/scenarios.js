// Scenario pages: the difference map of a comparison and the scenario builder's rows.
// The comparison's #map is drawn by map.js (data-difference="true"); once it is ready, links are
// coloured by the sign of their flow change and sized by its magnitude, and the legend's swatches
// and width samples are painted with the same colours and widths.
const CHANGE_COLOURS = { increase: "#b2182b", decrease: "#2166ac", unchanged: "#bdbdbd" };
// Line width (px) by |change| in Mt/yr; the legend's samples use the same stops.
const WIDTH_STOPS = [0, 1, 1, 2, 5, 4, 20, 9];

function widthAt(mt) {
  for (let i = 2; i < WIDTH_STOPS.length; i += 2) {
    const [x0, y0, x1, y1] = WIDTH_STOPS.slice(i - 2, i + 2);
    if (mt <= x1) return y0 + ((y1 - y0) * (mt - x0)) / (x1 - x0);
  }
  return WIDTH_STOPS[WIDTH_STOPS.length - 1];
}

function paintLegend() {
  document.querySelectorAll("[data-change-swatch]").forEach((el) => {
    el.style.background = CHANGE_COLOURS[el.dataset.changeSwatch];
  });
  document.querySelectorAll("[data-width-sample]").forEach((el) => {
    Object.assign(el.style, {
      display: "inline-block", width: "2.2em", verticalAlign: "middle", background: "#5f6368",
      height: `${widthAt(Number(el.dataset.widthSample))}px`, borderRadius: "1px",
    });
  });
}

function paintDifference(container) {
  const map = window.eurasiaMap;
  if (!map || !map.getLayer("links")) return;
  const colour = ["match", ["get", "change"]];
  for (const [key, value] of Object.entries(CHANGE_COLOURS)) colour.push(key, value);
  colour.push(CHANGE_COLOURS.unchanged);
  map.setPaintProperty("links", "line-color", colour);
  map.setPaintProperty("links", "line-width", ["interpolate", ["linear"], ["coalesce", ["get", "abs_change_mt"], 0], ...WIDTH_STOPS]);
  container.dataset.differencePainted = "true";
}

function watchDifferenceMap() {
  const container = document.querySelector("#map[data-difference]");
  if (!container) return;
  paintLegend();
  if (container.dataset.ready === "true") { paintDifference(container); return; }
  const observer = new MutationObserver(() => {
    if (container.dataset.ready === "true") { observer.disconnect(); paintDifference(container); }
  });
  observer.observe(container, { attributes: true, attributeFilter: ["data-ready"] });
}

// Builder: after a row was added (htmx swaps the whole form), move focus to its first field.
// Other swaps (the inline check's error slots) leave the rows as they were and focus alone.
let adding = null;
const rowsOf = (section) => document.querySelectorAll(`#rows-${section} .builder-row`);
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-add-row]");
  if (button) adding = { section: button.dataset.addRow, before: rowsOf(button.dataset.addRow).length };
});
document.addEventListener("htmx:afterSettle", () => {
  if (!adding) return;
  const rows = rowsOf(adding.section);
  if (rows.length <= adding.before) return;
  adding = null;
  const field = rows[rows.length - 1].querySelector("select, input");
  if (field) field.focus();
});

// Builder: the address follows the form (reload, back and a copied link reopen it), never the
// CSRF token.
function formAddress(form) {
  const params = new URLSearchParams();
  for (const [key, value] of new FormData(form)) {
    if (key !== "csrf_token" && key !== "action" && value !== "") params.append(key, value);
  }
  return `${location.pathname}?${params}`;
}
document.addEventListener("change", (event) => {
  const form = event.target.closest("#scenario-form");
  if (form) history.replaceState(null, "", formAddress(form));
});

document.addEventListener("DOMContentLoaded", watchDifferenceMap);
