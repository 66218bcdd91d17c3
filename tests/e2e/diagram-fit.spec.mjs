// The causal-chain diagram uses the page: on a wide screen its frame takes the page's width and
// opens with the whole chain fitted in it, arrows into (or out of) one step meet it at points
// of their own, and showing a step's detail moves nothing; on a phone it fits where its labels
// stay readable and pans otherwise, without sideways page scrolling. The chains are picked
// here from the bundled catalogue (the most steps, the longest causal path, the most steps
// side by side, the most arrows into one step), so the tests follow the catalogue as it grows.
import { test, expect } from "./fixtures.mjs";
import { readFileSync } from "node:fs";

const catalogue = JSON.parse(readFileSync(new URL("../../public/catalogue.json", import.meta.url), "utf8"));
const incidents = catalogue.incidents;
/** The same as MIN_READABLE_SCALE in src/chain/diagram.rs. */
const MIN_READABLE_SCALE = 0.75;

/** Each step's row in the drawing, as the layout's first rules place it: below the longest
 *  causal path that leads to it, and a step nothing leads to just above its nearest consequence. */
function depths(chain) {
  const depth = new Map(chain.nodes.map((n) => [n.id, 0]));
  // A checked chain is acyclic: as many rounds as steps settle every depth.
  for (let round = 0; round < chain.nodes.length; round++) {
    for (const e of chain.edges) depth.set(e.to, Math.max(depth.get(e.to), depth.get(e.from) + 1));
  }
  for (const node of chain.nodes) {
    const next = chain.edges.filter((e) => e.from === node.id).map((e) => depth.get(e.to));
    if (next.length && !chain.edges.some((e) => e.to === node.id)) depth.set(node.id, Math.min(...next) - 1);
  }
  return depth;
}
const longestPath = (incident) => Math.max(...depths(incident.causal_chain).values()) + 1;
function mostSideBySide(incident) {
  const counts = new Map();
  for (const d of depths(incident.causal_chain).values()) counts.set(d, (counts.get(d) ?? 0) + 1);
  return Math.max(...counts.values());
}
function mostArrowsIntoOne(incident) {
  const into = new Map();
  for (const e of incident.causal_chain.edges) into.set(e.to, (into.get(e.to) ?? 0) + 1);
  return Math.max(...into.values());
}
const most = (measure) => incidents.reduce((best, i) => (measure(i) > measure(best) ? i : best));
const detailLengths = (incident) => incident.causal_chain.nodes.map((n) => (n.detail ?? "").length);

const chains = {
  "the most steps": most((i) => i.causal_chain.nodes.length),
  "the longest causal path": most(longestPath),
  "the most steps side by side": most(mostSideBySide),
  "a typical chain": [...incidents].sort((a, b) => a.causal_chain.nodes.length - b.causal_chain.nodes.length)[
    Math.floor(incidents.length / 2)
  ],
};

const frame = (page) => page.getByRole("region", { name: "Drawing of the causal chain", exact: true });
const steps = (page) => frame(page).getByRole("link");

/** An element's box in page coordinates, so that scrolling the page does not change it. */
const pageBox = (locator) =>
  locator.evaluate((el) => {
    const b = el.getBoundingClientRect();
    return { x: b.x + window.scrollX, y: b.y + window.scrollY, width: b.width, height: b.height };
  });

/** Each arrow's two ends, from its path data: where it starts and where it ends. */
const arrowEnds = (page) =>
  page.locator("#chain-svg path.chain-edge").evaluateAll((paths) =>
    paths.map((path) => {
      const numbers = path.getAttribute("d").match(/-?\d+(\.\d+)?/g).map(Number);
      return { start: numbers.slice(0, 2), end: numbers.slice(-2) };
    }),
  );

/** Each step's box in the drawing's own units. */
const stepBoxes = (page) =>
  page.locator("#chain-svg a.chain-node rect").evaluateAll((rects) =>
    rects.map((r) => ({ id: r.parentElement.id, x: r.x.baseVal.value, y: r.y.baseVal.value, w: r.width.baseVal.value, h: r.height.baseVal.value })),
  );

for (const [which, incident] of Object.entries(chains)) {
  test(`at 1280x800 the frame takes the page's width and shows every step at first paint: ${which}`, async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`incidents/${incident.id}`);
    await expect(steps(page)).toHaveCount(incident.causal_chain.nodes.length);
    const box = await frame(page).boundingBox();
    expect(box.width).toBeGreaterThanOrEqual(1100);
    // Nothing clipped on either side: the frame has nothing to scroll to sideways.
    const scroll = await frame(page).evaluate((el) => ({ width: el.scrollWidth, client: el.clientWidth }));
    expect(scroll.width).toBeLessThanOrEqual(scroll.client);
    for (const step of await steps(page).all()) {
      const b = await step.boundingBox();
      const name = await step.getAttribute("id");
      expect(b.x, `${name} left of the frame`).toBeGreaterThanOrEqual(box.x);
      expect(b.y, `${name} above the frame`).toBeGreaterThanOrEqual(box.y);
      expect(b.x + b.width, `${name} right of the frame`).toBeLessThanOrEqual(box.x + box.width);
      expect(b.y + b.height, `${name} below the frame`).toBeLessThanOrEqual(box.y + box.height);
    }
    // The rest of the article stays a readable column.
    const column = await page.getByRole("heading", { level: 2, name: "What happened" }).boundingBox();
    expect(column.width).toBeLessThan(800);
  });
}

for (const incident of [most(mostArrowsIntoOne), chains["a typical chain"]]) {
  test(`arrows into or out of one step meet it at points of their own on its edge: ${incident.id}`, async ({ page }) => {
    await page.goto(`incidents/${incident.id}`);
    await expect(steps(page)).toHaveCount(incident.causal_chain.nodes.length);
    const boxes = await stepBoxes(page);
    const arrows = await arrowEnds(page);
    // An arrowhead's width in the drawing's units, as wide as it gets: sized by the stroke,
    // it would grow with the heaviest one (a marked route's).
    const head = await page.locator("#chain-arrow").evaluate((marker) => {
      const width = marker.markerWidth.baseVal.value;
      return marker.markerUnits.baseVal === SVGMarkerElement.SVG_MARKERUNITS_USERSPACEONUSE ? width : width * 3.5;
    });
    expect(arrows).toHaveLength(incident.causal_chain.edges.length);
    /** The step whose top (or bottom) edge the point lies on. */
    const onEdge = ([x, y], side) =>
      boxes.find((b) => Math.abs((side === "top" ? b.y : b.y + b.h) - y) < 0.2 && x > b.x && x < b.x + b.w);
    for (const [side, end] of [["top", "end"], ["bottom", "start"]]) {
      const atStep = new Map();
      for (const arrow of arrows) {
        const step = onEdge(arrow[end], side);
        expect(step, `an arrow's ${end} ${arrow[end]} is on no step's ${side}`).toBeTruthy();
        atStep.set(step.id, [...(atStep.get(step.id) ?? []), arrow[end][0]]);
      }
      for (const [id, xs] of atStep) {
        const sorted = [...xs].sort((a, b) => a - b);
        for (let i = 1; i < sorted.length; i++) {
          // Heads side by side stay apart.
          expect(sorted[i] - sorted[i - 1], `arrows at the ${side} of ${id}`).toBeGreaterThan(head);
        }
      }
    }
    if (incident === most(mostArrowsIntoOne)) {
      const ends = arrows.map((a) => a.end.join(","));
      expect(new Set(ends).size).toBe(ends.length);
    }
  });
}

test("showing steps' details, long and short, does not move the frame or what follows it", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  // The chain whose details differ most in length.
  const incident = most((i) => Math.max(...detailLengths(i)) - Math.min(...detailLengths(i)));
  const nodes = incident.causal_chain.nodes;
  const lengths = detailLengths(incident);
  const longest = nodes[lengths.indexOf(Math.max(...lengths))];
  const shortest = nodes[lengths.indexOf(Math.min(...lengths))];
  await page.goto(`incidents/${incident.id}`);
  await expect(steps(page)).toHaveCount(nodes.length);
  const after = page.getByRole("list", { name: "The chain, step by step" });
  const before = { frame: await pageBox(frame(page)), after: await pageBox(after) };
  const unmoved = async (what) => {
    expect(await pageBox(frame(page)), `the frame after ${what}`).toEqual(before.frame);
    expect(await pageBox(after), `the steps in words after ${what}`).toEqual(before.after);
  };
  const shown = page.locator(".chain-detail__entry--shown");
  for (const node of [longest, shortest, nodes[0], nodes[nodes.length - 1]]) {
    await page.locator(`#node-${node.id}`).hover();
    await expect(shown).toContainText(node.label);
    await unmoved(`hovering ${node.id}`);
  }
  await page.mouse.move(0, 0);
  await page.locator(`#node-${longest.id}`).focus();
  await expect(shown).toContainText(longest.label);
  await page.keyboard.press("ArrowDown");
  await unmoved("focusing steps");
  await page.locator(`#node-${shortest.id}`).click();
  await expect(shown).toContainText(shortest.label);
  await unmoved(`clicking ${shortest.id}`);
});

test("Fit shows the whole chain again after zooming, and zoom works from the fitted scale", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  const incident = chains["the most steps side by side"];
  await page.goto(`incidents/${incident.id}`);
  const svg = page.locator("#chain-svg");
  await expect(steps(page)).toHaveCount(incident.causal_chain.nodes.length);
  const fitted = await svg.boundingBox();
  await page.getByRole("button", { name: "Zoom in" }).click();
  await expect.poll(async () => (await svg.boundingBox()).width).toBeGreaterThan(fitted.width * 1.2);
  // Zoomed in, the frame is a window that pans, not the whole drawing.
  const box = await frame(page).boundingBox();
  expect(box.height).toBeLessThanOrEqual(800 * 0.85 + 1);
  await page.getByRole("button", { name: "Fit", exact: true }).click();
  await expect.poll(async () => (await svg.boundingBox()).width).toBeCloseTo(fitted.width, 0);
  await page.getByRole("button", { name: "Zoom out" }).click();
  await expect.poll(async () => (await svg.boundingBox()).width).toBeLessThan(fitted.width * 0.9);
});

test("on a 390 px phone the drawing fits where it reads and pans where it does not", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  for (const incident of [chains["a typical chain"], chains["the most steps side by side"]]) {
    await page.goto(`incidents/${incident.id}`);
    await expect(steps(page)).toHaveCount(incident.causal_chain.nodes.length);
    const box = await frame(page).boundingBox();
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    const drawn = await page.locator("#chain-svg").evaluate((svg) => ({
      natural: svg.viewBox.baseVal.width,
      shown: svg.getBoundingClientRect().width,
    }));
    const scale = drawn.shown / drawn.natural;
    expect(scale).toBeGreaterThanOrEqual(MIN_READABLE_SCALE - 0.01);
    expect(scale).toBeLessThanOrEqual(1.01);
    const scroll = await frame(page).evaluate((el) => ({ width: el.scrollWidth, client: el.clientWidth }));
    // Fitted when it fits readably; otherwise the frame pans sideways to the rest.
    expect(scroll.width > scroll.client + 1).toBe(drawn.natural * MIN_READABLE_SCALE > scroll.client + 1);
    // A step reached by keyboard is scrolled into the frame's view.
    const last = steps(page).last();
    await last.focus();
    const b = await last.boundingBox();
    const seen = await frame(page).boundingBox();
    expect(b.x + b.width / 2).toBeGreaterThanOrEqual(seen.x);
    expect(b.x + b.width / 2).toBeLessThanOrEqual(seen.x + seen.width);
  }
});

test("at 360 px the page never scrolls sideways, whatever the chain", async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  for (const incident of [chains["the most steps side by side"], chains["the most steps"]]) {
    await page.goto(`incidents/${incident.id}`);
    await expect(steps(page)).toHaveCount(incident.causal_chain.nodes.length);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  }
});
