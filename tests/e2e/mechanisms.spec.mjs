// The mechanism pages: the map at /mechanisms (its drawing, keyboard and highlighting, the
// table of its arrows), a page per mechanism opened cold under the sub-path, the unknown-id
// page, and the site's navigation on every page. The map and the mechanism pages are served
// pages, which the app leaves as they are: links to and from them load the page.
import { test, expect } from "./fixtures.mjs";
import AxeBuilder from "@axe-core/playwright";
import { readFileSync } from "node:fs";

const catalogue = JSON.parse(readFileSync(new URL("../../public/catalogue.json", import.meta.url), "utf8"));
const CLOUDFLARE = catalogue.incidents.find((i) => i.id === "cloudflare-2020-11-02-etcd-byzantine-switch");
const RETRY = catalogue.mechanisms.find((m) => m.id === "retry-storm");
// The incidents that name it, newest first (ties by id, as the timeline orders them).
const naming = catalogue.incidents
  .filter((i) => i.causal_chain.nodes.some((n) => n.mechanism === RETRY.id))
  .sort((a, b) => (a.start === b.start ? (a.id < b.id ? -1 : 1) : a.start < b.start ? 1 : -1));
const countWords = (n) => (n === 1 ? "1 incident" : `${n} incidents`);

const map = (page) => page.getByRole("group", { name: /^Map of mechanisms/ });
// Opens `path` and waits for its heading and for the app to have started, so that what the
// app would do to the page has been done.
const open = async (page, path) => {
  await page.goto(path);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.locator("#main")).toHaveCount(1);
};
const siteNav = (page) => page.getByRole("banner").getByRole("navigation", { name: "Site" });

test("the map: its heading, a labelled frame that scrolls, every mechanism a link, the table of arrows", async ({ page }) => {
  // Opened cold under the sub-path, as a link would open it.
  const response = await page.goto("mechanisms");
  expect(response.status()).toBe(200);
  await open(page, "mechanisms");
  const main = page.getByRole("main");
  await expect(main.getByRole("heading", { level: 1, name: "Mechanisms" })).toBeVisible();
  await expect(page).toHaveTitle("Mechanisms — Incident Atlas");
  // The served page stays whole once the app has started: one heading, one map.
  await expect(page.getByRole("heading", { level: 1 })).toHaveCount(1);
  await expect(map(page)).toHaveAttribute("tabindex", "0");
  const links = map(page).getByRole("link");
  await expect(links).toHaveCount(catalogue.mechanisms.length);
  await expect(map(page).getByRole("link", { name: `Retry storm, ${countWords(naming.length)}` })).toBeVisible();
  // Every arrow says its weight in words.
  const titles = await page.locator(".map__arrow title").allTextContents();
  expect(titles.length).toBeGreaterThan(0);
  for (const title of titles) expect(title).toMatch(/^.+ led to .+ in \d+ incidents?$/);
  // The table has a row per arrow, most incidents first.
  const table = main.getByRole("table");
  await expect(table.getByRole("columnheader")).toHaveText(["From", "To", "Incidents"]);
  const weights = (await table.locator("tbody tr td:last-child").allTextContents()).map(Number);
  expect(weights.length).toBe(titles.length);
  expect([...weights].sort((a, b) => b - a)).toEqual(weights);
});

test("every label fits inside its box on the map", async ({ page }) => {
  await open(page, "mechanisms");
  await expect(map(page)).toBeVisible();
  const overflowing = await page.evaluate(() =>
    [...document.querySelectorAll(".map__node")].flatMap((node) => {
      const box = node.querySelector("rect").getBBox();
      const text = node.querySelector("text").getBBox();
      const inside =
        text.x >= box.x && text.y >= box.y && text.x + text.width <= box.x + box.width + 0.5 && text.y + text.height <= box.y + box.height + 0.5;
      return inside ? [] : [node.getAttribute("aria-label")];
    }),
  );
  expect(overflowing).toEqual([]);
});

test("a link on the map opens the mechanism's page, and Back returns to the map", async ({ page }) => {
  await open(page, "mechanisms");
  await expect(map(page)).toBeVisible();
  await map(page).getByRole("link", { name: /^Retry storm, / }).click();
  // A static host may add the directory's slash.
  await expect(page).toHaveURL(/\/incident-atlas\/mechanisms\/retry-storm\/?$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(RETRY.label);
  await expect(page).toHaveTitle(`${RETRY.label} — Mechanisms — Incident Atlas`);
  await page.goBack();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Mechanisms");
  await expect(map(page).getByRole("link")).toHaveCount(catalogue.mechanisms.length);
});

test("a mechanism page opened cold under the sub-path: its incidents, what led to it and what it led to", async ({ page }) => {
  const response = await page.goto(`mechanisms/${RETRY.id}`);
  expect(response.status()).toBe(200);
  const main = page.getByRole("main");
  await expect(main.getByRole("heading", { level: 1 })).toHaveText(RETRY.label);
  await expect(main).toContainText(RETRY.description);
  await expect(page.locator("#main")).toHaveCount(1);
  await expect(page.getByRole("heading", { level: 1 })).toHaveCount(1);
  await expect(main.getByRole("link", { name: `All ${countWords(naming.length)} on the timeline` })).toHaveAttribute(
    "href",
    `/incident-atlas/?mech=${RETRY.id}`,
  );
  // The incidents, newest first, each with the step of its chain that names the mechanism.
  const incidents = main.getByRole("region", { name: "Incidents" }).getByRole("listitem");
  await expect(incidents).toHaveCount(naming.length);
  const newest = naming[0];
  const step = newest.causal_chain.nodes.find((n) => n.mechanism === RETRY.id);
  await expect(incidents.first().getByRole("link", { name: newest.title })).toHaveAttribute("href", `/incident-atlas/incidents/${newest.id}`);
  await expect(incidents.first().getByRole("link", { name: step.label })).toHaveAttribute(
    "href",
    `/incident-atlas/incidents/${newest.id}#node-${step.id}`,
  );
  // What led to it and what it led to: other mechanisms, with their counts in words, and the
  // timeline of those incidents.
  for (const [name, query] of [
    ["What led to it", (other) => `?from=${other}&to=${RETRY.id}`],
    ["What it led to", (other) => `?from=${RETRY.id}&to=${other}`],
  ]) {
    const section = main.getByRole("region", { name });
    const items = section.getByRole("listitem");
    expect(await items.count(), name).toBeGreaterThan(0);
    const first = items.first();
    await expect(first).toContainText(/ — \d+ incidents?/);
    const href = await first.getByRole("link").first().getAttribute("href");
    const other = href.split("/mechanisms/")[1];
    await expect(first.getByRole("link", { name: /^Incidents where / })).toHaveAttribute("href", `/incident-atlas/${query(other)}`);
  }
  // A mechanism it led to opens its own page.
  const next = main.getByRole("region", { name: "What it led to" }).getByRole("listitem").first().getByRole("link").first();
  const label = await next.textContent();
  await next.click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(label);
});

test("a step link focuses that step on the incident's page", async ({ page }) => {
  await page.goto(`mechanisms/${RETRY.id}`);
  const newest = naming[0];
  const step = newest.causal_chain.nodes.find((n) => n.mechanism === RETRY.id);
  await page.getByRole("link", { name: step.label }).first().click();
  await expect(page).toHaveURL(new RegExp(`/incidents/${newest.id}/?#node-${step.id}$`));
  await expect(page.locator(`#node-${step.id}`)).toBeFocused();
});

test("an unknown mechanism says so and leads to the map", async ({ page }) => {
  await page.goto("mechanisms/no-such-mechanism");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Mechanism not found");
  await expect(page).toHaveTitle("Mechanism not found — Incident Atlas");
  await expect(page.getByRole("main")).toContainText("no-such-mechanism");
  await page.getByRole("link", { name: "See the map of all mechanisms" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Mechanisms");
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the served pages carry the map and the mechanism's page", async ({ page }) => {
    await page.goto("mechanisms/");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Mechanisms");
    await expect(map(page).getByRole("link")).toHaveCount(catalogue.mechanisms.length);
    await expect(page.getByRole("table")).toBeVisible();
    await page.goto(`mechanisms/${RETRY.id}/`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(RETRY.label);
    await expect(page.getByRole("region", { name: "Incidents" }).getByRole("listitem")).toHaveCount(naming.length);
    await expect(siteNav(page).getByRole("link", { name: "Mechanisms" })).toHaveAttribute("aria-current", "page");
  });
});

for (const [name, path, current] of [
  ["home", "./", "Incidents"],
  ["incident", `incidents/${CLOUDFLARE.id}`, "Incidents"],
  ["map", "mechanisms", "Mechanisms"],
  ["mechanism", `mechanisms/${RETRY.id}`, "Mechanisms"],
  ["unknown mechanism", "mechanisms/nope", "Mechanisms"],
  ["not found", "no-such-page", null],
]) {
  test(`the site's navigation marks the current page: ${name}`, async ({ page }) => {
    await open(page, path);
    const nav = siteNav(page);
    await expect(nav.getByRole("link")).toHaveText(["Incidents", "Mechanisms"]);
    for (const link of ["Incidents", "Mechanisms"]) {
      const marked = nav.getByRole("link", { name: link });
      if (link === current) await expect(marked).toHaveAttribute("aria-current", "page");
      else await expect(marked).not.toHaveAttribute("aria-current");
    }
  });
}

test("the navigation follows the app from page to page, keeping focus on the link followed", async ({ page }) => {
  await open(page, `incidents/${CLOUDFLARE.id}`);
  const nav = siteNav(page);
  // From an incident to the timeline: the app's own pages.
  await nav.getByRole("link", { name: "Incidents" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Incidents");
  await expect(nav.getByRole("link", { name: "Incidents" })).toHaveAttribute("aria-current", "page");
  await expect(nav.getByRole("link", { name: "Incidents" })).toBeFocused();
  // To the map, a served page, and back to the timeline.
  await nav.getByRole("link", { name: "Mechanisms" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Mechanisms");
  await expect(nav.getByRole("link", { name: "Mechanisms" })).toHaveAttribute("aria-current", "page");
  await expect(nav.getByRole("link", { name: "Incidents" })).not.toHaveAttribute("aria-current");
  await nav.getByRole("link", { name: "Incidents" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Incidents");
  await expect(nav.getByRole("link", { name: "Incidents" })).toHaveAttribute("aria-current", "page");
});

test("Tab reaches the map's frame and its links, with a visible focus and the arrows highlighted", async ({ page }) => {
  await open(page, "mechanisms");
  await expect(map(page)).toBeVisible();
  let reachedFrame = false;
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press("Tab");
    const active = await page.evaluate(() => document.activeElement.getAttribute("class") ?? "");
    if (active.includes("map__frame")) reachedFrame = true;
    if (active.includes("map__node")) break;
  }
  expect(reachedFrame).toBe(true);
  const focused = page.locator(".map__node:focus");
  await expect(focused).toHaveCount(1);
  const stroke = await focused.locator("rect").evaluate((rect) => getComputedStyle(rect).strokeWidth);
  expect(parseFloat(stroke)).toBeGreaterThanOrEqual(3);
  // Its arrows show, the others' highlights stay hidden.
  const shown = await page.evaluate(() => {
    const visible = (path) => getComputedStyle(path).visibility === "visible";
    const all = [...document.querySelectorAll(".map__arrow-on")];
    const own = [...document.querySelectorAll(".map__mechanism:focus-within .map__arrow-on")];
    return { own: own.length, ownVisible: own.every(visible), others: all.filter((p) => !own.includes(p)).some(visible) };
  });
  expect(shown.own).toBeGreaterThan(0);
  expect(shown.ownVisible).toBe(true);
  expect(shown.others).toBe(false);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/mechanisms\/[a-z0-9-]+\/?$/);
});

test("hovering a mechanism highlights its arrows", async ({ page }) => {
  await open(page, "mechanisms");
  const node = map(page).getByRole("link", { name: /^Retry storm, / });
  await node.scrollIntoViewIfNeeded();
  await node.hover();
  const visible = await page.evaluate(
    () => [...document.querySelectorAll(".map__mechanism:hover .map__arrow-on")].filter((p) => getComputedStyle(p).visibility === "visible").length,
  );
  expect(visible).toBeGreaterThan(0);
});

for (const path of ["mechanisms", `mechanisms/${RETRY.id}`]) {
  test(`no sideways scrolling at 360 px, the map scrolling in its frame: ${path}`, async ({ page }) => {
    await page.setViewportSize({ width: 360, height: 740 });
    await open(page, path);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(360);
    if (path === "mechanisms") {
      const frame = await map(page).evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
      expect(frame.scroll).toBeGreaterThan(frame.client);
    }
  });
}

for (const colorScheme of ["light", "dark"]) {
  for (const [name, path] of [
    ["map", "mechanisms"],
    ["mechanism page", `mechanisms/${RETRY.id}`],
    ["unknown mechanism", "mechanisms/nope"],
  ]) {
    test(`no serious or critical axe violations: ${name}, ${colorScheme}`, async ({ page }) => {
      // The map is a large drawing: axe takes its time over it on a loaded machine.
      test.setTimeout(120_000);
      await page.emulateMedia({ colorScheme });
      await open(page, path);
      const results = await new AxeBuilder({ page }).analyze();
      const serious = results.violations
        .filter((v) => v.impact === "serious" || v.impact === "critical")
        .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")})`);
      expect(serious).toEqual([]);
    });
  }
}
