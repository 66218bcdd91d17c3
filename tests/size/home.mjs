// What the home page of a build loads, for the size check and the benchmark: its HTML, what
// the HTML links (boot module, stylesheet, icon), the JS glue and wasm the boot module
// imports, and the catalogue's index the app fetches (catalogue.json, written by atlas pages;
// each incident's full entry is fetched by its own page). Sizes are gzipped, as hosts serve
// them.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { join } from "node:path";

export const gzippedSize = (path) => gzipSync(readFileSync(path), { level: 9 }).length;

export function homeFiles(dist) {
  const files = readdirSync(dist).filter((f) => statSync(join(dist, f)).isFile());
  const html = readFileSync(join(dist, "index.html"), "utf8");
  const linked = [...html.matchAll(/(?:src|href)="[^"]*?\/?([^"/]+\.(?:js|css|svg))"/g)].map((m) => m[1]);
  const imported = linked
    .filter((f) => f.endsWith(".js") && files.includes(f))
    .flatMap((f) => [...readFileSync(join(dist, f), "utf8").matchAll(/["']\/?(?:[^"']*\/)?([^"'/]+\.(?:js|wasm))["']/g)].map((m) => m[1]));
  // Without atlas pages, catalogue.json would still be Trunk's copy of the whole catalogue.
  if (!files.includes("catalogue-full.json")) throw new Error(`${dist} has no catalogue-full.json: run atlas pages`);
  const home = ["index.html", ...new Set([...linked, ...imported]), "catalogue.json"].filter((f) => files.includes(f));
  const wasm = files.filter((f) => f.endsWith(".wasm"));
  return { home, wasm };
}
