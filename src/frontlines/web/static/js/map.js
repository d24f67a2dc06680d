// The Leaflet map: a packaged Natural Earth basemap (land, country and admin-1 outlines,
// no tiles, so it works offline) and one circle per event.
import { el } from "./dom.js";
import { TYPE_COLORS, colorFor, radiusFor } from "./colors.js";

const L = window.L;

async function loadJson(path) {
  const response = await fetch(path);
  if (!response.ok) throw new Error(`${path}: ${response.status}`);
  return response.json();
}

export class EventMap {
  constructor(container, onSelect) {
    this.onSelect = onSelect;
    this.map = L.map(container, { preferCanvas: true, worldCopyJump: true, minZoom: 2, maxZoom: 12 }).setView([30, 30], 3);
    this.map.attributionControl.addAttribution("Natural Earth");
    // The basemap gets its own pane and renderer below the events: on one shared canvas,
    // outlines that finish loading after the events would be painted over them.
    this.map.createPane("basemap").style.zIndex = 250;
    this.basemapRenderer = L.canvas({ pane: "basemap" });
    this.basemap = L.layerGroup().addTo(this.map);
    this.events = L.layerGroup().addTo(this.map);
    this.markers = new Map();
    this.addLegend();
  }

  async loadBasemap() {
    const [land, countries, admin1] = await Promise.all([
      loadJson("/static/basemap/land.json"),
      loadJson("/static/basemap/countries.json"),
      loadJson("/static/basemap/admin1.json"),
    ]);
    const options = { interactive: false, pane: "basemap", renderer: this.basemapRenderer };
    L.geoJSON(land, { ...options, style: { stroke: true, color: "#9aa7b1", weight: 0.8, fillColor: "#f7f6f1", fillOpacity: 1 } }).addTo(this.basemap);
    L.geoJSON(admin1, { ...options, style: { color: "#b9c2c9", weight: 0.6, dashArray: "2 3" } }).addTo(this.basemap);
    L.geoJSON(countries, { ...options, style: { color: "#7d8a95", weight: 1.1 } }).addTo(this.basemap);
  }

  addLegend() {
    const legend = L.control({ position: "bottomleft" });
    legend.onAdd = () =>
      el(
        "div",
        { class: "legend" },
        Object.entries(TYPE_COLORS).map(([type, color]) =>
          el("div", {}, el("span", { class: "swatch", style: { background: color } }), type),
        ),
        el("div", { class: "hint" }, "Circle size: fatalities"),
      );
    legend.addTo(this.map);
  }

  show(events) {
    this.events.clearLayers();
    this.markers.clear();
    const bounds = [];
    // Largest first, so small circles stay clickable on top of big ones.
    const placed = events
      .filter((e) => Number.isFinite(e.latitude) && Number.isFinite(e.longitude))
      .sort((a, b) => (b.fatalities || 0) - (a.fatalities || 0));
    for (const event of placed) {
      const color = colorFor(event.event_type);
      const marker = L.circleMarker([event.latitude, event.longitude], {
        radius: radiusFor(event.fatalities),
        color: "#ffffff",
        weight: 1,
        fillColor: color,
        fillOpacity: 0.78,
      });
      // A tooltip built as a DOM node: Leaflet would parse a string as HTML.
      marker.bindTooltip(
        el("span", {}, `${event.event_date || "undated"} · ${event.location || "?"} · ${event.fatalities || 0} killed`),
      );
      marker.on("click", () => this.onSelect(event.event_id));
      marker.addTo(this.events);
      this.markers.set(event.event_id, marker);
      bounds.push([event.latitude, event.longitude]);
    }
    if (bounds.length) this.map.fitBounds(bounds, { padding: [40, 40], maxZoom: 7, animate: false });
  }

  highlight(eventId) {
    for (const [id, marker] of this.markers) {
      marker.setStyle(id === eventId ? { color: "#111111", weight: 3 } : { color: "#ffffff", weight: 1 });
      if (id === eventId) marker.bringToFront();
    }
  }
}
