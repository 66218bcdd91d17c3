// Where the time goes, read off Chromium's own profiler and tracer: the tool behind the
// figures in the README's Performance section. Not a test and not part of `make bench`.
//
//   node tests/bench/profile.mjs load    --root dist [--path incidents/<id>] [--throttle 4]
//       CPU profile of loading a page: self time by function, heaviest first.
//   node tests/bench/profile.mjs tasks   --root dist [--path ...] [--throttle 4]
//       The main thread's long tasks (over 50 ms) while a page loads, each with what it did
//       (wasm compile, script, style, layout): what Lighthouse counts as blocking time.
//   node tests/bench/profile.mjs repaint --root target/bench/dist [--mode both|search|year]
//       100 filter changes as `make bench` makes them, with the time each took and where
//       the main thread spent it; `--cpu N` adds the N heaviest functions of a CPU profile.
//
// Function names need a wasm that keeps them: build one with
//   cargo build --release --target wasm32-unknown-unknown --bin incident-atlas
//   wasm-bindgen --target web --keep-debug --out-dir /tmp/named target/wasm32-unknown-unknown/release/incident-atlas.wasm
//   wasm-opt -Oz --debuginfo /tmp/named/incident-atlas_bg.wasm -o /tmp/named/opt.wasm
// and copy opt.wasm and incident-atlas.js over the hashed files of a copy of the site.
import { chromium } from "playwright-core";
import { spawn } from "node:child_process";

const [command, ...rest] = process.argv.slice(2);
const args = Object.fromEntries(rest.reduce((pairs, value, i, all) => (i % 2 ? pairs : [...pairs, [value.replace(/^--/, ""), all[i + 1]]]), []));
const root = args.root ?? "dist";
const base = "/incident-atlas/";
const port = Number(args.port ?? 4290);
const throttle = Number(args.throttle ?? (command === "repaint" ? 1 : 4));

const server = spawn("node", ["tests/e2e/static-server.mjs", "--root", root, "--base", base, "--port", String(port)], { stdio: "ignore" });
await new Promise((r) => setTimeout(r, 500));
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});
const url = `http://127.0.0.1:${port}${base}${args.path ?? ""}`;
const appReady = () => !document.getElementById("prerendered") && document.querySelector("main h1");

function selfTimes(profile, top = 40) {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
  const nameOf = (n) => n.callFrame.functionName || n.callFrame.url.split("/").pop() || "(anonymous)";
  const self = new Map();
  // Total time: a function counts once per sample however deep it recurs.
  const total = new Map();
  profile.samples.forEach((id, i) => {
    const ms = profile.timeDeltas[i] / 1000;
    self.set(nameOf(nodes.get(id)), (self.get(nameOf(nodes.get(id))) ?? 0) + ms);
    const seen = new Set();
    for (let at = id; at !== undefined; at = parent.get(at)) seen.add(nameOf(nodes.get(at)));
    for (const name of seen) total.set(name, (total.get(name) ?? 0) + ms);
  });
  const print = (times) => {
    for (const [name, ms] of [...times.entries()].sort((a, b) => b[1] - a[1]).slice(0, top)) {
      console.log(`${ms.toFixed(1).padStart(9)} ms  ${name.slice(0, 150)}`);
    }
  };
  if (args.under) {
    // Total time of what the functions matching --under call, one level down.
    const children = new Map();
    const totalOf = (id) => {
      const n = nodes.get(id);
      return (n.hitCount ?? 0) * (profile.timeDeltas.length ? (profile.endTime - profile.startTime) / 1000 / profile.samples.length : 0) + (n.children ?? []).reduce((sum, c) => sum + totalOf(c), 0);
    };
    for (const n of profile.nodes) {
      if (!nameOf(n).includes(args.under)) continue;
      for (const child of n.children ?? []) children.set(nameOf(nodes.get(child)), (children.get(nameOf(nodes.get(child))) ?? 0) + totalOf(child));
    }
    console.log(`called by ${args.under}:`);
    print(children);
  }
  console.log("self time:");
  print(self);
  console.log("total time (with what it calls):");
  print(total);
}

function mainThread(events) {
  const names = new Map();
  for (const e of events) if (e.name === "thread_name") names.set(`${e.pid}:${e.tid}`, e.args.name);
  return events.filter((e) => names.get(`${e.pid}:${e.tid}`) === "CrRendererMain");
}

try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: throttle });
  if (command === "load") {
    await cdp.send("Profiler.enable");
    await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
    await cdp.send("Profiler.start");
    await page.goto(url);
    await page.waitForFunction(appReady, null, { timeout: 60_000 });
    await page.waitForTimeout(1000);
    const { profile } = await cdp.send("Profiler.stop");
    console.log(`CPU profile of loading ${url} (CPU throttled ${throttle}x)`);
    selfTimes(profile, Number(args.top ?? 40));
  } else if (command === "tasks") {
    await browser.startTracing(page, { categories: ["devtools.timeline", "disabled-by-default-devtools.timeline", "v8", "v8.wasm", "blink", "loading"] });
    await page.goto(url);
    await page.waitForFunction(appReady, null, { timeout: 60_000 });
    await page.waitForTimeout(1000);
    const events = mainThread(JSON.parse((await browser.stopTracing()).toString()).traceEvents);
    const start = Math.min(...events.filter((e) => e.ts > 0).map((e) => e.ts));
    console.log(`Long tasks loading ${url} (CPU throttled ${throttle}x):`);
    for (const task of events.filter((e) => e.name === "RunTask" && e.dur > 50_000)) {
      const inside = new Map();
      for (const e of events) {
        if (e.dur && e.name !== "RunTask" && e.ts >= task.ts && e.ts < task.ts + task.dur) inside.set(e.name, (inside.get(e.name) ?? 0) + e.dur / 1000);
      }
      console.log(`at ${((task.ts - start) / 1000).toFixed(0)} ms: ${(task.dur / 1000).toFixed(1)} ms`);
      for (const [name, ms] of [...inside.entries()].sort((a, b) => b[1] - a[1]).slice(0, 6)) console.log(`    ${ms.toFixed(1).padStart(8)} ms  ${name}`);
    }
  } else if (command === "repaint") {
    await page.goto(url);
    await page.waitForFunction(() => !document.getElementById("prerendered") && document.getElementById("filter-search"), null, { timeout: 60_000 });
    await browser.startTracing(page, { categories: ["devtools.timeline", "disabled-by-default-devtools.timeline", "blink", "v8"] });
    if (args.cpu) {
      await cdp.send("Profiler.enable");
      await cdp.send("Profiler.setSamplingInterval", { interval: 100 });
      await cdp.send("Profiler.start");
    }
    const mode = args.mode ?? "both";
    const times = await page.evaluate(async (mode) => {
      const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      const input = document.getElementById("filter-search");
      const select = document.getElementById("filter-year");
      const years = [...select.options].map((o) => o.value).filter(Boolean);
      const text = "cluster failover storm replica";
      const out = [];
      for (let i = 0; i < 100; i++) {
        const start = performance.now();
        const search = mode === "search" || (mode === "both" && i % 2 === 0);
        if (search) {
          input.value = text.slice(0, (mode === "both" ? i / 2 : i) % (text.length + 1));
          input.dispatchEvent(new Event("input", { bubbles: true }));
        } else {
          select.value = i % 4 === 1 || (mode === "year" && i % 2) ? years[((i / 4) | 0) % years.length] : "";
          select.dispatchEvent(new Event("change", { bubbles: true }));
        }
        await frame();
        out.push({ ms: performance.now() - start, change: search ? `search "${input.value}"` : `year "${select.value}"` });
      }
      return out;
    }, mode);
    const cpu = args.cpu ? (await cdp.send("Profiler.stop")).profile : null;
    const events = mainThread(JSON.parse((await browser.stopTracing()).toString()).traceEvents);
    const slowest = [...times].sort((a, b) => b.ms - a.ms).slice(0, 8);
    times.sort((a, b) => a.ms - b.ms);
    const at = (i) => times[i].ms.toFixed(1);
    console.log(`100 changes (${mode}) on ${url}: p50 ${at(50)} ms, p95 ${at(95)} ms, max ${at(99)} ms`);
    console.log(`Slowest: ${slowest.map((t) => `${t.change} ${t.ms.toFixed(0)} ms`).join(", ")}`);
    console.log("Main thread, per change on average:");
    const kinds = ["TimerFire", "EventDispatch", "UpdateLayoutTree", "Layout", "PrePaint", "Paint", "Layerize", "Commit", "MinorGC", "MajorGC"];
    const total = new Map();
    for (const e of events) if (e.dur && kinds.includes(e.name)) total.set(e.name, (total.get(e.name) ?? 0) + e.dur / 1000);
    for (const [name, ms] of [...total.entries()].sort((a, b) => b[1] - a[1])) console.log(`${(ms / 100).toFixed(2).padStart(8)} ms  ${name}${name === "TimerFire" ? " (the app's work: handlers and effects)" : ""}`);
    if (cpu) {
      console.log("CPU profile of the 100 changes");
      selfTimes(cpu, Number(args.cpu) || 40);
    }
  } else {
    console.error("usage: node tests/bench/profile.mjs load|tasks|repaint --root DIR [--path P] [--throttle N] [--mode both|search|year]");
    process.exitCode = 2;
  }
} finally {
  await browser.close();
  server.kill();
}
