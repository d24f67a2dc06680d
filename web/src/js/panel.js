// The event panel: what happened, the report text with the evidence sentences marked,
// sources, toll history, corrections, and a correction form when a token is entered.
import { append, el, safeLink } from "./dom.js";
import { colorFor } from "./colors.js";

function summary(event) {
  const rows = [
    ["Date", `${event.event_date || "undated"}${event.time_precision > 1 ? ` (precision ${event.time_precision})` : ""}`],
    ["Type", `${event.event_type} — ${event.sub_event_type}`],
    ["Place", [event.location, event.admin2, event.admin1, event.country].filter(Boolean).join(", ") || "unknown"],
    ["Actors", [event.actor1, event.actor2].filter(Boolean).join(" vs ") || "—"],
    [
      "Fatalities",
      `${event.fatalities}${event.fatalities_high > event.fatalities_low ? ` (${event.fatalities_low}–${event.fatalities_high})` : ""}${event.toll_may_rise ? ", may rise" : ""}`,
    ],
    ["Certainty", event.certainty || "—"],
    ["Sources", String(event.n_sources ?? (event.sources || []).length)],
    ["Event id", event.event_id],
  ];
  if ((event.corrected_fields || []).length) rows.push(["Corrected", event.corrected_fields.join(", ")]);
  return el("dl", {}, rows.map(([name, value]) => [el("dt", {}, name), el("dd", {}, value)]));
}

function reportBlock(report) {
  const meta = el(
    "div",
    { class: "meta" },
    [report.source, report.published].filter(Boolean).join(" · "),
    report.url ? [" · ", safeLink(report.url, report.url)] : null,
    report.duplicate_of ? ` · ${report.duplicate_kind} copy of ${report.duplicate_of}` : null,
  );
  const text = el(
    "div",
    { class: "text" },
    report.segments.map((segment) => (segment.evidence ? el("mark", { class: "evidence" }, segment.text) : segment.text)),
  );
  return el("article", { class: "report", dataset: { docId: report.doc_id } }, el("strong", {}, report.title || report.doc_id), meta, text);
}

function tollHistory(history) {
  if (!history.length) return el("p", { class: "hint" }, "No report gave a toll.");
  return el(
    "table",
    {},
    el("thead", {}, el("tr", {}, ["Published", "Source", "Fatalities", "Range", "Certainty"].map((h) => el("th", {}, h)))),
    el(
      "tbody",
      {},
      history.map((h) =>
        el(
          "tr",
          {},
          el("td", {}, h.published || "—"),
          el("td", {}, h.source || h.doc_id),
          el("td", { class: "num" }, String(h.fatalities), h.may_rise ? " ↑" : ""),
          el("td", { class: "num" }, `${h.low}–${h.high}`),
          el("td", {}, h.certainty || "—"),
        ),
      ),
    ),
  );
}

function corrections(list) {
  if (!list.length) return el("p", { class: "hint" }, "No corrections.");
  return el(
    "ul",
    { class: "corrections" },
    list.map((c) =>
      el("li", {}, `${c.at} · ${c.editor || "unknown"}: ${c.field} ${JSON.stringify(c.old_value)} → ${JSON.stringify(c.new_value)} — ${c.note}`),
    ),
  );
}

/** Typed JSON for what an analyst types: numbers, true/false and null are not strings. */
export function parseValue(text) {
  const value = text.trim();
  if (value === "" || value.toLowerCase() === "null") return null;
  if (/^-?\d+$/.test(value)) return Number.parseInt(value, 10);
  if (/^-?\d+\.\d+$/.test(value)) return Number.parseFloat(value);
  if (value === "true" || value === "false") return value === "true";
  return value;
}

function correctionForm(event, editableFields, onSubmit) {
  const message = el("div", { class: "message" });
  const field = el("select", { name: "field" }, editableFields.map((name) => el("option", { value: name, selected: name === "fatalities" }, name)));
  const value = el("input", { name: "value", placeholder: "new value (null clears)" });
  const note = el("input", { name: "note", placeholder: "why (kept in the audit log)", required: true });
  const fill = () => {
    const current = event[field.value];
    value.value = current === null || current === undefined ? "" : String(current);
  };
  field.addEventListener("change", fill);
  fill();
  const form = el(
    "form",
    { class: "correction" },
    el("label", { for: "correction-field" }, "Field"), field,
    el("label", {}, "Value"), value,
    el("label", {}, "Note"), note,
    el("button", { type: "submit" }, "Save correction"),
    message,
  );
  form.addEventListener("submit", async (submitEvent) => {
    submitEvent.preventDefault();
    message.className = "message";
    message.textContent = "Saving…";
    try {
      await onSubmit({ changes: { [field.value]: parseValue(value.value) }, note: note.value });
    } catch (error) {
      message.className = "message error";
      message.textContent = `${error.status || ""} ${error.message}`;
    }
  });
  return form;
}

export function renderPanel(container, detail, { token, editableFields, onCorrect }) {
  const event = detail.event;
  container.replaceChildren();
  append(
    container,
    el("h2", {}, el("span", { class: "swatch", style: { background: colorFor(event.event_type) } }), `${event.sub_event_type} in ${event.location || event.admin1 || event.country || "an unknown place"}`),
    summary(event),
    el("h3", {}, "Evidence in the reports"),
    detail.reports.map(reportBlock),
    el("h3", {}, "Sources"),
    el("ul", { class: "sources" }, (detail.sources.length ? detail.sources : ["—"]).map((s) => el("li", {}, s))),
    el("h3", {}, "Toll history"),
    tollHistory(detail.fatality_history),
    el("h3", {}, "Corrections"),
    corrections(detail.corrections),
    token ? correctionForm(event, editableFields, onCorrect) : el("p", { class: "hint" }, "Enter a token above to correct this event."),
  );
  // Bring each report's first evidence sentence into view inside its scrolling text box.
  for (const text of container.querySelectorAll(".report .text")) {
    const mark = text.querySelector("mark.evidence");
    if (mark) text.scrollTop = Math.max(0, mark.offsetTop - text.offsetTop - 24);
  }
}

export function renderPanelError(container, message) {
  container.replaceChildren(el("p", { class: "message error" }, message));
}
