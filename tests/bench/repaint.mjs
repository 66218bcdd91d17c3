// The repaint at 10,000 incidents, of two builds in one run: `make bench-repaint` measures the
// build at a baseline commit (BASELINE, by default the last commit before issue 19) and this
// one, alternating rounds between them so that what else the machine does weighs on both
// alike. A benchmark to rerun, not a test: it prints each build's p50 and p95 and never fails.
//
//   node tests/bench/repaint.mjs --before target/bench-repaint/before --after target/bench/dist [--view top|cards]
//
// Each round is the same 100 changes as `make bench` (tests/bench/changes.mjs).
import { chromium } from "playwright-core";
import { spawn } from "node:child_process";
import { loadavg } from "node:os";
import { timeChanges } from "./changes.mjs";

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, value, i, all) => (i % 2 ? pairs : [...pairs, [value.replace(/^--/, ""), all[i + 1]]]), []),
);
const builds = [
  ["before", args.before],
  ["after", args.after],
];
const rounds = Number(args.rounds ?? 3);
// Where the page is while the changes are made: "top" (as opened) or "cards" (scrolled to the
// first card). A build whose cards start below the fold paints none of them at the top, so
// "cards" compares the two with the same thing on screen.
const view = args.view ?? "top";
const base = "/incident-atlas/";
const firstPort = Number(args.port ?? 4195);

const servers = builds.map(([, root], i) =>
  spawn("node", ["tests/e2e/static-server.mjs", "--root", root, "--base", base, "--port", String(firstPort + i)], { stdio: "ignore" }),
);
await new Promise((r) => setTimeout(r, 500));
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});

/// One round of 100 changes on a fresh page of the build served at `port`: their times in ms.
async function round(port) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  try {
    await page.goto(`http://127.0.0.1:${port}${base}`);
    await page.waitForFunction(() => !document.getElementById("prerendered") && document.getElementById("filter-search") && document.querySelector("main article"), null, {
      timeout: 60_000,
    });
    if (view === "cards") {
      await page.evaluate(() => document.querySelector("main article").scrollIntoView());
    }
    return await timeChanges(page);
  } finally {
    await page.close();
  }
}

const times = Object.fromEntries(builds.map(([name]) => [name, []]));
const loadBefore = loadavg()[0].toFixed(2);
try {
  for (let r = 0; r < rounds; r++) {
    // Alternate which build goes first, so neither always meets a warmer machine.
    const order = r % 2 === 0 ? [0, 1] : [1, 0];
    for (const i of order) {
      times[builds[i][0]].push(...(await round(firstPort + i)));
    }
  }
} finally {
  await browser.close();
  servers.forEach((s) => s.kill());
}
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
console.log(`repaint after a keystroke or filter change, 10,000 incidents, page at its ${view}, ${rounds} rounds of 100 changes each:`);
for (const [name, root] of builds) {
  const sorted = [...times[name]].sort((a, b) => a - b);
  console.log(`  ${name.padEnd(6)} p50 ${percentile(sorted, 0.5).toFixed(1).padStart(6)} ms   p95 ${percentile(sorted, 0.95).toFixed(1).padStart(6)} ms   (${root})`);
}
console.log(`load average (1 min): ${loadBefore} before, ${loadavg()[0].toFixed(2)} after`);
