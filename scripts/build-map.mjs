// Draws the map of the programme's countries from Natural Earth (1:50m, through the
// world-atlas package), projected, simplified and rounded to whole units of the map's
// viewBox, and writes it to country_pages/map.json, which the site reads and commits:
// nothing is fetched when a page is served.
//
//     npm ci && npm run build-map
//
// (`node scripts/build-map.mjs OTHER.json` writes it elsewhere: the tests compare the two.)
//
// Cabo Verde and São Tomé and Príncipe are islands a few pixels wide on a phone, and
// Guinea-Bissau is not much larger: each gets a ring around it, a target at least 24 CSS
// pixels across at the width of a 390-pixel phone. Timor-Leste, half a world east of the
// others, is drawn three times larger in an inset in the South Atlantic, the whole inset
// being its target.

import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

import { geoBounds, geoMercator, geoPath } from "d3-geo";

const require = createRequire(import.meta.url);
const topojson = require("topojson-client");
const { presimplify, simplify } = require("topojson-simplify");
const world = require("world-atlas/countries-50m.json");
const atlas = require("world-atlas/package.json");

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const OUTPUT = process.argv[2] ?? join(ROOT, "country_pages", "map.json");

// ISO 3166 numeric codes (world-atlas's ids) of what the map names, by the site's codes
// (action_portugal.base.countries.Country).
const COUNTRIES = {
  ao: "024",
  cv: "132",
  gw: "624",
  mz: "508",
  st: "678",
  tl: "626",
  pt: "620",
};

const WIDTH = 800;
// What the main map shows: the Azores to Madagascar, Portugal to the Cape.
const WEST = -32;
const EAST = 54;
const NORTH = 44;
const SOUTH = -38;
// Points whose triangle with their neighbours is smaller than this (square degrees) go.
const SIMPLIFY = 0.012;
// Other land, kept only where an island is at least this many square units of the map.
const SMALLEST_ISLAND = 12;
// A ring's radius, in units: 28 units are 12.5 CSS pixels when 800 units are drawn 358
// pixels wide (a 390-pixel phone less the page's margins).
const RING = 28;
const INSET = { scale: 3, center: [125.9, -9.5], width: 184, height: 112, margin: 12 };
// Where each name is written: a point (longitude, latitude) and the side of the text it
// starts from.
const LABELS = {
  pt: { at: [-10.6, 40.2], anchor: "end" },
  cv: { at: [-22.8, 20.0], anchor: "middle" },
  gw: { at: [-20.4, 7.9], anchor: "middle" },
  st: { at: [4.4, 0.2], anchor: "end" },
  ao: { at: [11.2, -11.5], anchor: "end" },
  mz: { at: [31.6, -29.4], anchor: "start" },
};
const RINGED = new Set(["cv", "gw", "st"]);

const main = geoMercator()
  .scale(WIDTH / (((EAST - WEST) * Math.PI) / 180))
  .translate([0, 0]);
const [x0, y0] = main([WEST, NORTH]);
main.translate([-x0, -y0]);
const HEIGHT = Math.round(main([EAST, SOUTH])[1]);
main.clipExtent([
  [0, 0],
  [WIDTH, HEIGHT],
]);

const box = {
  x: INSET.margin,
  y: HEIGHT - INSET.height - INSET.margin,
  width: INSET.width,
  height: INSET.height,
};
const inset = geoMercator()
  .scale(main.scale() * INSET.scale)
  .center(INSET.center)
  .translate([box.x + box.width / 2, box.y + box.height / 2])
  .clipExtent([
    [box.x, box.y],
    [box.x + box.width, box.y + box.height],
  ]);

/** SVG path data with whole units, relative moves, and no point drawn twice. */
class PathData {
  constructor(smallest = 0) {
    this.smallest = smallest;
    this.rings = [];
    this.ring = null;
  }
  moveTo(x, y) {
    this.ring = [[Math.round(x), Math.round(y)]];
    this.rings.push(this.ring);
  }
  lineTo(x, y) {
    const point = [Math.round(x), Math.round(y)];
    const last = this.ring[this.ring.length - 1];
    if (point[0] !== last[0] || point[1] !== last[1]) this.ring.push(point);
  }
  closePath() {
    const [first, last] = [this.ring[0], this.ring[this.ring.length - 1]];
    if (this.ring.length > 1 && first[0] === last[0] && first[1] === last[1]) this.ring.pop();
  }
  toString() {
    const number = (n, first) => (n < 0 || first ? String(n) : ` ${n}`);
    return this.rings
      .filter((ring) => ring.length >= 3 && Math.abs(area(ring)) >= this.smallest)
      .map((ring) => {
        let d = `M${ring[0][0]} ${ring[0][1]}`;
        let [px, py] = ring[0];
        let last = "";
        for (const [x, y] of ring.slice(1)) {
          const [dx, dy] = [x - px, y - py];
          const [command, numbers] = dx === 0 ? ["v", [dy]] : dy === 0 ? ["h", [dx]] : ["l", [dx, dy]];
          d += command === last ? numbers.map((n) => number(n)).join("") : command + numbers.map((n, i) => number(n, i === 0)).join("");
          last = command;
          [px, py] = [x, y];
        }
        return `${d}z`;
      })
      .join("");
  }
}

function area(ring) {
  let sum = 0;
  for (let i = 0; i < ring.length; i++) {
    const [a, b] = [ring[i], ring[(i + 1) % ring.length]];
    sum += a[0] * b[1] - b[0] * a[1];
  }
  return sum / 2;
}

function draw(projection, geometry, smallest = 0) {
  const data = new PathData(smallest);
  geoPath(projection, data)(geometry);
  return data.toString();
}

function rounded([x, y]) {
  return { x: Math.round(x), y: Math.round(y) };
}

const topology = simplify(presimplify(world), SIMPLIFY);
const geometries = topology.objects.countries.geometries;
const ours = new Set(Object.values(COUNTRIES));
const feature = (id) =>
  topojson.feature(topology, geometries.find((geometry) => geometry.id === id));
const others = topojson.merge(
  topology,
  geometries.filter((geometry) => !ours.has(geometry.id)),
);

const countries = {};
for (const [code, id] of Object.entries(COUNTRIES)) {
  const shape = feature(id);
  const projection = code === "tl" ? inset : main;
  const label = LABELS[code];
  countries[code] = {
    d: draw(projection, shape),
    label: label
      ? { ...rounded(projection(label.at)), anchor: label.anchor }
      : // Timor-Leste's, along the foot of its inset.
        { x: Math.round(box.x + box.width / 2), y: box.y + box.height - 16, anchor: "middle" },
  };
  if (code === "tl") countries[code].inset = { ...box, land: draw(inset, others) };
  if (RINGED.has(code)) {
    const [[west, south], [east, north]] = geoBounds(shape);
    countries[code].ring = { ...rounded(main([(west + east) / 2, (south + north) / 2])), r: RING };
  }
}

const map = {
  about: `Drawn by scripts/build-map.mjs from Natural Earth ${atlas.name} ${atlas.version} (1:50m); do not edit by hand.`,
  width: WIDTH,
  height: HEIGHT,
  land: draw(main, others, SMALLEST_ISLAND),
  countries,
};
writeFileSync(OUTPUT, `${JSON.stringify(map, null, 1)}\n`);
const size = (text) => Buffer.byteLength(text);
console.log(
  `${relative(ROOT, OUTPUT)}: ${size(JSON.stringify(map))} bytes; other land ${size(map.land)}, ` +
    Object.entries(countries)
      .map(([code, country]) => `${code} ${size(country.d)}`)
      .join(", "),
);
