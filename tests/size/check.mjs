// `make test`'s size check: what the home page transfers (gzipped) and the wasm alone, from
// the release build in dist/. It fails when a size passes its ceiling (tests/size/limits.json)
// and says, for each, how far it is from the performance budget. Sizes do not depend on the
// machine's speed, so this is a test; timings are in `make bench`.
//
//   node tests/size/check.mjs [dist]
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzippedSize as gz, homeFiles } from "./home.mjs";

const dist = process.argv[2] ?? "dist";
const limits = JSON.parse(readFileSync(new URL("./limits.json", import.meta.url), "utf8"));
const { home, wasm } = homeFiles(dist);
if (wasm.length !== 1 || !home.includes(wasm[0])) {
  console.error(`size: expected one wasm that the home page loads; found ${wasm.join(", ") || "none"}`);
  process.exit(1);
}

let failed = false;
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
for (const [name, bytes] of [
  ["wasm", gz(join(dist, wasm[0]))],
  ["home", home.reduce((sum, f) => sum + gz(join(dist, f)), 0)],
]) {
  const { [name]: budget } = limits.budget;
  const { [name]: ceiling } = limits.ceiling;
  const versus = bytes <= budget ? "within budget" : `OVER BUDGET by ${kb(bytes - budget)}`;
  const verdict = bytes <= ceiling ? `ok (ceiling ${ceiling} bytes)` : `FAIL: above the ceiling of ${ceiling} bytes`;
  console.log(`size ${name.padEnd(4)} ${kb(bytes).padStart(9)} gzipped (${bytes} bytes)  budget ${kb(budget)} (${versus})  ${verdict}`);
  failed ||= bytes > ceiling;
}
console.log(`size: the home page loads ${home.join(", ")}`);
process.exit(failed ? 1 : 0);
