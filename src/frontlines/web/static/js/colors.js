// ACLED's six event types, each with a colour used on the map, the table and the legend.
export const TYPE_COLORS = {
  Battles: "#c0392b",
  "Explosions/Remote violence": "#e67e22",
  "Violence against civilians": "#8e44ad",
  Protests: "#2471a3",
  Riots: "#138d75",
  "Strategic developments": "#6c7a89",
};
export const OTHER_COLOR = "#34495e";

export const colorFor = (type) => TYPE_COLORS[type] || OTHER_COLOR;

/** Circle radius in pixels: area grows with fatalities, so 100 dead is not 100x wider than 1. */
export const radiusFor = (fatalities) => Math.min(28, 4 + 2.2 * Math.sqrt(Math.max(0, fatalities || 0)));
