// The weekly timeline: bars for events, a line for fatalities, each on its own scale.
import { svg } from "./dom.js";

const MARGIN = { top: 8, right: 42, bottom: 20, left: 36 };
const DAY = 86400000;

function niceMax(value) {
  if (value <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) if (value <= step * magnitude) return step * magnitude;
  return 10 * magnitude;
}

/** Every Monday from the first week to the last, so quiet weeks show as gaps, not joins. */
function allWeeks(weeks) {
  if (!weeks.length) return [];
  const byWeek = new Map(weeks.map((w) => [w.week, w]));
  const out = [];
  const last = Date.parse(weeks[weeks.length - 1].week);
  for (let t = Date.parse(weeks[0].week); t <= last; t += 7 * DAY) {
    const week = new Date(t).toISOString().slice(0, 10);
    out.push(byWeek.get(week) || { week, events: 0, fatalities: 0 });
  }
  return out;
}

export function drawTimeline(node, weeks) {
  node.replaceChildren();
  const width = node.clientWidth || 600;
  const height = node.clientHeight || 140;
  node.setAttribute("viewBox", `0 0 ${width} ${height}`);
  const series = allWeeks(weeks);
  if (!series.length) {
    const empty = svg("text", { x: width / 2, y: height / 2, "text-anchor": "middle", class: "timeline-axis" });
    empty.textContent = "No dated events for these filters";
    node.append(empty);
    return;
  }
  const plotWidth = width - MARGIN.left - MARGIN.right;
  const plotHeight = height - MARGIN.top - MARGIN.bottom;
  const maxEvents = niceMax(Math.max(...series.map((w) => w.events)));
  const maxFatalities = niceMax(Math.max(...series.map((w) => w.fatalities)));
  const slot = plotWidth / series.length;
  const barWidth = Math.max(1, Math.min(36, slot * 0.76));
  const x = (i) => MARGIN.left + i * slot;
  const yEvents = (v) => MARGIN.top + plotHeight * (1 - v / maxEvents);
  const yFatalities = (v) => MARGIN.top + plotHeight * (1 - v / maxFatalities);

  const label = (text, attributes) => {
    const node = svg("text", { class: "timeline-axis", ...attributes });
    node.textContent = text;
    return node;
  };
  node.append(svg("line", { x1: MARGIN.left, x2: width - MARGIN.right, y1: MARGIN.top + plotHeight, y2: MARGIN.top + plotHeight, stroke: "#c8d0d6" }));
  node.append(label(String(maxEvents), { x: MARGIN.left - 4, y: MARGIN.top + 8, "text-anchor": "end" }));
  node.append(label("0", { x: MARGIN.left - 4, y: MARGIN.top + plotHeight, "text-anchor": "end" }));
  node.append(label(String(maxFatalities), { x: width - MARGIN.right + 4, y: MARGIN.top + 8, fill: "#b0392b" }));

  series.forEach((week, i) => {
    const top = yEvents(week.events);
    const bar = svg("rect", {
      x: x(i) + slot / 2 - barWidth / 2,
      y: top,
      width: barWidth,
      height: MARGIN.top + plotHeight - top,
      fill: "#7c8f9e",
    });
    const title = svg("title");
    title.textContent = `Week of ${week.week}: ${week.events} events, ${week.fatalities} fatalities`;
    bar.append(title);
    node.append(bar);
  });
  const points = series.map((w, i) => `${x(i) + slot / 2},${yFatalities(w.fatalities)}`).join(" ");
  node.append(svg("polyline", { points, fill: "none", stroke: "#b0392b", "stroke-width": 2 }));
  series.forEach((w, i) => node.append(svg("circle", { cx: x(i) + slot / 2, cy: yFatalities(w.fatalities), r: 2.5, fill: "#b0392b" })));

  // About six date labels, whatever the number of weeks.
  const every = Math.max(1, Math.ceil(series.length / 6));
  series.forEach((w, i) => {
    if (i % every === 0) node.append(label(w.week, { x: x(i) + slot / 2, y: height - 4, "text-anchor": "middle" }));
  });
}
