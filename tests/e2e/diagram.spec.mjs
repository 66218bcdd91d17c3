// The causal-chain diagram: every node drawn without overlap and with its label inside its
// box, keyboard focus walking the nodes and highlighting the path, node deep links, the text
// alternative, and the SVG and PNG downloads.
import { test, expect } from "./fixtures.mjs";
import { readFileSync } from "node:fs";

const catalogue = JSON.parse(readFileSync(new URL("../../public/catalogue.json", import.meta.url), "utf8"));
const CLOUDFLARE = catalogue.incidents.find((i) => i.id === "cloudflare-2020-11-02-etcd-byzantine-switch");
const nodes = CLOUDFLARE.causal_chain.nodes;
const edges = CLOUDFLARE.causal_chain.edges;
const PAGE = `incidents/${CLOUDFLARE.id}`;

const diagram = (page) => page.getByRole("group", { name: /^Causal chain diagram/ });
const focusedId = (page) => page.evaluate(() => document.activeElement?.id ?? "");

test("every node is drawn, none overlap, and every label fits inside its box", async ({ page }) => {
  await page.goto(PAGE);
  await expect(diagram(page)).toBeVisible();
  const boxes = await page.evaluate(() =>
    [...document.querySelectorAll("#chain-svg a.chain-node")].map((node) => {
      const rect = node.querySelector("rect").getBBox();
      const texts = [...node.querySelectorAll("text")].map((t) => {
        const b = t.getBBox();
        return { x: b.x, y: b.y, width: b.width, height: b.height };
      });
      return { id: node.id, rect: { x: rect.x, y: rect.y, w: rect.width, h: rect.height }, texts };
    }),
  );
  expect(boxes.map((b) => b.id).sort()).toEqual(nodes.map((n) => `node-${n.id}`).sort());
  for (let i = 0; i < boxes.length; i++) {
    const a = boxes[i].rect;
    for (let j = i + 1; j < boxes.length; j++) {
      const b = boxes[j].rect;
      const apart = a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y;
      expect(apart, `${boxes[i].id} overlaps ${boxes[j].id}`).toBe(true);
    }
    for (const t of boxes[i].texts) {
      expect(t.x, `${boxes[i].id} text starts outside its box`).toBeGreaterThanOrEqual(a.x);
      expect(t.x + t.width, `${boxes[i].id} text overflows its box`).toBeLessThanOrEqual(a.x + a.w);
      expect(t.y).toBeGreaterThanOrEqual(a.y);
      expect(t.y + t.height).toBeLessThanOrEqual(a.y + a.h);
    }
  }
  await expect(page.locator("#chain-svg path.chain-edge")).toHaveCount(edges.length);
});

test("edges point down from cause to consequence", async ({ page }) => {
  await page.goto(PAGE);
  await expect(diagram(page)).toBeVisible();
  const centres = await page.evaluate(() =>
    Object.fromEntries(
      [...document.querySelectorAll("#chain-svg a.chain-node rect")].map((r) => {
        const b = r.getBBox();
        return [r.parentElement.id.replace(/^node-/, ""), b.y + b.height / 2];
      }),
    ),
  );
  for (const e of edges) expect(centres[e.to]).toBeGreaterThan(centres[e.from]);
});

test("keyboard focus walks the nodes and highlights the path through them", async ({ page }) => {
  await page.goto(PAGE);
  const trigger = page.locator("#node-switch-half-fails");
  await trigger.focus();
  await expect(trigger).toBeFocused();
  await page.keyboard.press("ArrowDown");
  expect(await focusedId(page)).toBe("node-etcd-split-view");
  await page.keyboard.press("ArrowDown");
  expect(await focusedId(page)).toBe("node-etcd-read-only");
  // Its causes and consequences are on the path; a step on another branch is not.
  await expect(page.locator("#node-switch-half-fails")).toHaveClass(/chain-node--on-path/);
  await expect(page.locator("#node-auth-cluster-fails-over")).toHaveClass(/chain-node--on-path/);
  await expect(page.locator("#node-region-local-sessions")).toHaveClass(/chain-node--dimmed/);
  await expect(page.locator(".chain-detail__entry--shown")).toContainText("etcd stops accepting writes");
  await page.keyboard.press("ArrowUp");
  expect(await focusedId(page)).toBe("node-etcd-split-view");
  await page.keyboard.press("ArrowRight");
  expect(await focusedId(page)).not.toBe("node-etcd-split-view");
});

test("Tab reaches the nodes and Enter keeps focus on the step with its link in the URL", async ({ page }) => {
  await page.goto(PAGE);
  await page.getByRole("button", { name: "Download PNG" }).focus();
  await page.keyboard.press("Tab");
  const first = await focusedId(page);
  expect(first).toMatch(/^node-/);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`#${first}$`));
  expect(await focusedId(page)).toBe(first);
});

test("a node deep link opens the page with that node focused and its path highlighted", async ({ page }) => {
  await page.goto(`${PAGE}#node-auth-primary-overloaded`);
  await expect(page.locator("#node-auth-primary-overloaded")).toBeFocused();
  await expect(page.locator("#node-auth-replicas-rebuild")).toHaveClass(/chain-node--on-path/);
  await expect(page.locator("#node-cluster-a-rebuilds")).toHaveClass(/chain-node--dimmed/);
  await expect(page.locator(".chain-detail__entry--shown")).toContainText("Authentication primary takes all reads");
});

test("a node link naming no node says so and shows the whole chain", async ({ page }) => {
  await page.goto(`${PAGE}#node-no-such-step`);
  await expect(page.getByText("that this causal chain does not have")).toBeVisible();
  await expect(page.locator("#chain-svg a.chain-node")).toHaveCount(nodes.length);
});

test("the text alternative lists every step with what it leads to", async ({ page }) => {
  await page.goto(PAGE);
  const steps = page.getByRole("list", { name: "The chain, step by step" }).getByRole("listitem");
  await expect(steps).toHaveCount(nodes.length);
  const text = await steps.allTextContents();
  for (const node of nodes) {
    const item = text.find((t) => t.replace(/^\w+: /, "").startsWith(`${node.label}.`));
    expect(item, node.label).toBeTruthy();
    const leadsTo = edges.filter((e) => e.from === node.id).map((e) => nodes.find((n) => n.id === e.to).label);
    for (const next of leadsTo) expect(item).toContain(next);
  }
});

test("Download SVG gives a valid standalone SVG of the chain", async ({ page }) => {
  await page.goto(PAGE);
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Download SVG" }).click(),
  ]);
  expect(download.suggestedFilename()).toBe(`${CLOUDFLARE.id}-causal-chain.svg`);
  const text = readFileSync(await download.path(), "utf8");
  expect(text.startsWith("<?xml")).toBe(true);
  const parsed = await page.evaluate((svg) => {
    const doc = new DOMParser().parseFromString(svg, "image/svg+xml");
    return {
      error: doc.querySelector("parsererror")?.textContent ?? null,
      root: doc.documentElement.localName,
      namespace: doc.documentElement.namespaceURI,
      nodes: doc.querySelectorAll("a.chain-node").length,
    };
  }, text);
  expect(parsed).toEqual({ error: null, root: "svg", namespace: "http://www.w3.org/2000/svg", nodes: nodes.length });
});

test("Download PNG gives a PNG image of the chain", async ({ page }) => {
  await page.goto(PAGE);
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Download PNG" }).click(),
  ]);
  expect(download.suggestedFilename()).toBe(`${CLOUDFLARE.id}-causal-chain.png`);
  const bytes = readFileSync(await download.path());
  expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const width = bytes.readUInt32BE(16);
  const height = bytes.readUInt32BE(20);
  expect(width).toBeGreaterThan(200);
  expect(height).toBeGreaterThan(400);
  expect(bytes.length).toBeGreaterThan(5000);
});

test("zoom changes the drawing's size inside its frame", async ({ page }) => {
  await page.goto(PAGE);
  const svg = page.locator("#chain-svg");
  const before = Number(await svg.getAttribute("width"));
  await page.getByRole("button", { name: "Zoom in" }).click();
  await expect.poll(async () => Number(await svg.getAttribute("width"))).toBeGreaterThan(before);
  await page.getByRole("button", { name: "Actual size" }).click();
  await expect.poll(async () => Number(await svg.getAttribute("width"))).toBe(before);
});
