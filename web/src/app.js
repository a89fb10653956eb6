// Every page: htmx for partial updates, CSRF header on htmx writes, autocomplete, tabs, nav toggle.
import htmx from "htmx.org";

window.htmx = htmx;
htmx.config.includeIndicatorStyles = false; // CSP: no inline <style>
htmx.config.allowEval = false;
htmx.config.selfRequestsOnly = true;
// Swap 404/422 answers too: they carry the page's error message (unknown place, no route).
htmx.config.responseHandling = [
  { code: "204", swap: false },
  { code: "[23]..", swap: true },
  { code: "(404|422)", swap: true, error: false },
  { code: "[45]..", swap: false, error: true },
];

function csrfToken() {
  const meta = document.querySelector('meta[name="csrf-token"]');
  return meta ? meta.getAttribute("content") : "";
}

document.addEventListener("htmx:configRequest", (event) => {
  const token = csrfToken();
  if (token) event.detail.headers["X-CSRF-Token"] = token;
});

// Autocomplete: <input data-autocomplete="/api/...?q=" list="id-of-datalist">; the endpoint answers
// JSON {data: [{id, name, ...}]}; the datalist is filled with names, a hidden input gets the id.
function setupAutocomplete(input) {
  const url = input.dataset.autocomplete;
  const list = document.getElementById(input.getAttribute("list"));
  const hidden = input.dataset.target ? document.getElementById(input.dataset.target) : null;
  let timer = null;
  let items = [];
  const sync = () => {
    if (!hidden) return;
    const match = items.find((it) => it.label === input.value);
    hidden.value = match ? match.id : input.value;
  };
  input.addEventListener("input", () => {
    sync();
    clearTimeout(timer);
    const q = input.value.trim();
    if (q.length < 1) return;
    timer = setTimeout(async () => {
      const response = await fetch(url + encodeURIComponent(q), { headers: { Accept: "application/json" } });
      if (!response.ok) return;
      const body = await response.json();
      const lang = document.documentElement.lang;
      items = (body.data || []).map((it) => {
        const name = it[`name_${lang}`] || it.name;
        return { id: it.id, label: it.country ? `${name} (${it.country})` : name };
      });
      list.replaceChildren(
        ...items.map((it) => {
          const option = document.createElement("option");
          option.value = it.label;
          return option;
        }),
      );
      sync();
    }, 120);
  });
  input.addEventListener("change", sync);
}

// Tabs: role=tablist with buttons aria-controls; arrow keys move between tabs (WAI-ARIA pattern).
function setupTabs(tablist) {
  const tabs = Array.from(tablist.querySelectorAll('[role="tab"]'));
  const select = (tab) => {
    for (const t of tabs) {
      const selected = t === tab;
      t.setAttribute("aria-selected", String(selected));
      t.tabIndex = selected ? 0 : -1;
      document.getElementById(t.getAttribute("aria-controls")).hidden = !selected;
    }
    tab.dispatchEvent(new CustomEvent("tab:shown", { bubbles: true }));
  };
  tabs.forEach((tab, i) => {
    tab.addEventListener("click", () => select(tab));
    tab.addEventListener("keydown", (event) => {
      const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
      if (!step) return;
      const next = tabs[(i + step + tabs.length) % tabs.length];
      next.focus();
      select(next);
    });
  });
}

function init(root) {
  root.querySelectorAll("input[data-autocomplete]").forEach(setupAutocomplete);
  root.querySelectorAll("select[data-autosubmit]").forEach((select) => {
    select.addEventListener("change", () => select.form.requestSubmit());
  });
  root.querySelectorAll('[role="tablist"]').forEach(setupTabs);
}

document.addEventListener("DOMContentLoaded", () => {
  init(document);
  const toggle = document.querySelector(".nav-toggle");
  if (toggle) {
    toggle.addEventListener("click", () => {
      const open = toggle.getAttribute("aria-expanded") === "true";
      toggle.setAttribute("aria-expanded", String(!open));
      document.getElementById(toggle.getAttribute("aria-controls")).classList.toggle("open", !open);
    });
  }
});
// Inline validation: an error slot [data-error-for=id] with text marks its field invalid.
function syncErrors() {
  document.querySelectorAll("[data-error-for]").forEach((slot) => {
    const field = document.getElementById(slot.dataset.errorFor);
    if (!field) return;
    if (slot.textContent.trim()) field.setAttribute("aria-invalid", "true");
    else field.removeAttribute("aria-invalid");
  });
}

document.addEventListener("htmx:afterSettle", (event) => {
  init(event.detail.elt);
  syncErrors();
});

// "Copy link": the address carries every field of the view (planner, scenario run, comparison).
document.addEventListener("click", async (event) => {
  const button = event.target.closest("[data-copy-link]");
  if (!button) return;
  const status = button.parentElement.querySelector("[data-copy-status]");
  let copied = false;
  try {
    await navigator.clipboard.writeText(window.location.href);
    copied = true;
  } catch {
    copied = false;
  }
  if (status) status.textContent = copied ? button.dataset.copied : button.dataset.failed;
});
