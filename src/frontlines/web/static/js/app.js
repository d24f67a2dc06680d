// The dashboard: filters drive one fetch of events and stats; the map, the timeline and
// the table show them; selecting an event opens its panel.
import { el } from "./dom.js";
import { colorFor } from "./colors.js";
import { fetchEvent, fetchEvents, fetchFacets, fetchHealth, fetchStats, patchEvent } from "./api.js";
import { EventMap } from "./map.js";
import { drawTimeline } from "./timeline.js";
import { renderPanel, renderPanelError } from "./panel.js";

const TOKEN_KEY = "frontlines-token";

const state = {
  filters: {},
  events: [],
  weeks: [],
  selected: null,
  refreshes: 0,
  editableFields: [],
  token: sessionStorage.getItem(TOKEN_KEY) || "",
};

const filterForm = document.getElementById("filters");
const authForm = document.getElementById("auth");
const statusLine = document.getElementById("status");
const tableBody = document.querySelector("#events tbody");
const panel = document.getElementById("panel");
const timeline = document.getElementById("timeline");
const map = new EventMap(document.getElementById("map"), (id) => select(id));

function readFilters() {
  const data = new FormData(filterForm);
  const filters = {};
  for (const name of ["since", "until", "country", "type", "actor", "q"]) {
    const value = String(data.get(name) || "").trim();
    if (value) filters[name] = value;
  }
  return filters;
}

function fillOptions(select, values) {
  select.append(...values.map((value) => el("option", { value }, value)));
}

function renderTable() {
  tableBody.replaceChildren(
    ...state.events.map((event) =>
      el(
        "tr",
        { dataset: { eventId: event.event_id }, class: event.event_id === state.selected ? "selected" : null, onclick: () => select(event.event_id) },
        el("td", {}, event.event_date || "—"),
        el("td", {}, el("span", { class: "swatch", style: { background: colorFor(event.event_type) } }), event.event_type),
        el("td", {}, [event.location, event.admin1].filter(Boolean).join(", ") || "—"),
        el("td", { class: "num" }, String(event.fatalities || 0)),
        el("td", {}, [event.actor1, event.actor2].filter(Boolean).join(" vs ") || "—"),
      ),
    ),
  );
}

async function refresh() {
  // Answers to an older filter that arrive after a newer one's are dropped.
  const ticket = ++state.refreshes;
  state.filters = readFilters();
  statusLine.textContent = "Loading…";
  document.body.dataset.loaded = "false";
  try {
    const [{ events, total }, stats] = await Promise.all([fetchEvents(state.filters), fetchStats(state.filters)]);
    if (ticket !== state.refreshes) return;
    state.events = events;
    state.weeks = stats.weeks;
    statusLine.textContent =
      `${total} event${total === 1 ? "" : "s"}, ${stats.totals.fatalities} fatalities` +
      (events.length < total ? ` (newest ${events.length} shown)` : "");
    renderTable();
    map.show(events);
    drawTimeline(timeline, state.weeks);
    document.body.dataset.loaded = "true";
  } catch (error) {
    statusLine.textContent = `Could not load events: ${error.message}`;
  }
}

// Only the latest selection may draw the panel: an earlier, slower answer must not replace
// a newer panel (and a half-filled correction form) when it finally arrives.
let selection = 0;

async function select(eventId) {
  const ticket = ++selection;
  state.selected = eventId;
  for (const row of tableBody.rows) row.classList.toggle("selected", row.dataset.eventId === eventId);
  map.highlight(eventId);
  try {
    const detail = await fetchEvent(eventId);
    if (ticket !== selection) return;
    // A merged id resolves to its absorber: keep the selection on the id shown.
    state.selected = detail.event.event_id;
    renderPanel(panel, detail, {
      token: state.token,
      editableFields: state.editableFields,
      onCorrect: async (correction) => {
        await patchEvent(state.selected, state.token, correction);
        await refresh();
        await select(state.selected);
      },
    });
    panel.dataset.eventId = state.selected;
  } catch (error) {
    if (ticket === selection) renderPanelError(panel, `Could not load event ${eventId}: ${error.message}`);
  }
}

filterForm.addEventListener("submit", (event) => {
  event.preventDefault();
  refresh();
});
document.getElementById("reset-filters").addEventListener("click", () => {
  filterForm.reset();
  refresh();
});
authForm.addEventListener("submit", (event) => event.preventDefault());
authForm.elements.token.value = state.token;
authForm.elements.token.addEventListener("change", () => {
  const token = authForm.elements.token.value.trim();
  if (token === state.token) return;
  state.token = token;
  if (state.token) sessionStorage.setItem(TOKEN_KEY, state.token);
  else sessionStorage.removeItem(TOKEN_KEY);
  if (state.selected) select(state.selected);
});
window.addEventListener("resize", () => drawTimeline(timeline, state.weeks));

async function start() {
  const [health, facets] = await Promise.all([fetchHealth(), fetchFacets()]);
  state.editableFields = health.editable_fields || [];
  if (health.read_only) authForm.hidden = true;
  fillOptions(filterForm.elements.country, facets.countries);
  fillOptions(filterForm.elements.type, facets.event_types);
  await Promise.all([map.loadBasemap(), refresh()]);
}

start().catch((error) => {
  statusLine.textContent = `Could not start: ${error.message}`;
});
