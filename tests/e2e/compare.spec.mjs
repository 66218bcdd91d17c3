// The comparison, /compare?ids=a,b: opened cold under the sub-path, two incidents side by side
// (stacked on a phone) with what they share listed at the top and marked in words, a bad id
// named while the valid ones still show, the incident page's "Compare with…" control, and
// axe in light and dark. The incidents come from the bundled catalogue: a pair that shares a
// mechanism and a failure type.
import { test, expect } from "./fixtures.mjs";
import AxeBuilder from "@axe-core/playwright";
import { readFileSync } from "node:fs";

const catalogue = JSON.parse(readFileSync(new URL("../../public/catalogue.json", import.meta.url), "utf8"));
const typesOf = (i) => [i.failure_types.trigger, ...(i.failure_types.contributing ?? [])];
const mechanismsOf = (i) => [...new Set(i.causal_chain.nodes.map((n) => n.mechanism).filter(Boolean))];
const shares = (a, b, of) => of(a).filter((x) => of(b).includes(x));

// The first two incidents of the catalogue that share both a failure type and a mechanism.
function sharingPair() {
  const all = catalogue.incidents;
  for (const a of all) {
    for (const b of all) {
      if (a.id < b.id && shares(a, b, typesOf).length > 0 && shares(a, b, mechanismsOf).length > 0) return [a, b];
    }
  }
  throw new Error("no two incidents share a failure type and a mechanism");
}
const [A, B] = sharingPair();
const typeLabel = (id) => catalogue.failure_types.find((t) => t.id === id).label;
const mechanismLabel = (id) => catalogue.mechanisms.find((m) => m.id === id).label;
const longDate = (start) =>
  new Date(`${start.slice(0, 10)}T00:00:00Z`).toLocaleDateString("en-GB", {
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  });

const column = (page, incident) => page.getByRole("region", { name: incident.title });
const open = async (page, path) => {
  const response = await page.goto(path);
  await expect(page.getByRole("heading", { level: 1, name: "Compare incidents" })).toBeVisible();
  await expect(page.locator("#main")).toHaveCount(1);
  return response;
};

test("opened cold: both incidents side by side, with what they share at the top", async ({ page }) => {
  const response = await open(page, `compare?ids=${A.id},${B.id}`);
  expect(response.status()).toBe(200);
  await expect(page).toHaveTitle(`Compare: ${A.title} and ${B.title} — Incident Atlas`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveCount(1);
  await expect(
    page.getByRole("banner").getByRole("navigation", { name: "Site" }).getByRole("link", { name: "Incidents" }),
  ).toHaveAttribute("aria-current", "page");
  for (const incident of [A, B]) {
    const it = column(page, incident);
    await expect(it.getByRole("heading", { level: 2, name: incident.title })).toBeVisible();
    await expect(it.getByRole("link", { name: incident.title, exact: true })).toHaveAttribute("href", `/incident-atlas/incidents/${incident.id}`);
    await expect(it).toContainText(incident.organisation);
    await expect(it).toContainText(longDate(incident.start));
    await expect(it).toContainText(typeLabel(incident.failure_types.trigger));
    const diagram = it.getByRole("group", { name: `Causal chain diagram of ${incident.title}: ${incident.causal_chain.nodes.length} steps.` });
    await expect(diagram).toBeVisible();
    // Each step links to that step on the incident's own page.
    const first = incident.causal_chain.nodes[0];
    await expect(diagram.locator(`a[href="/incident-atlas/incidents/${incident.id}#node-${first.id}"]`)).toHaveCount(1);
  }
  const summary = page.getByRole("region", { name: "What they share" });
  for (const type of shares(A, B, typesOf)) await expect(summary).toContainText(typeLabel(type));
  for (const mechanism of shares(A, B, mechanismsOf)) await expect(summary).toContainText(mechanismLabel(mechanism));
  // Marked in words in each column, once per shared item.
  const sharedCount = shares(A, B, typesOf).length + shares(A, B, mechanismsOf).length;
  for (const incident of [A, B]) {
    await expect(column(page, incident).getByText("Shared", { exact: true })).toHaveCount(sharedCount);
  }
});

test("a bad id and an unknown one are named, and the valid ones still show", async ({ page }) => {
  const response = await open(page, `compare?ids=${A.id},Not%20An%20Id,no-such-incident-2001,${B.id}`);
  expect(response.status()).toBe(200);
  const problems = page.getByRole("status").filter({ hasText: "Part of this link is not shown" });
  await expect(problems).toContainText("Not An Id: not an incident id");
  await expect(problems).toContainText("no-such-incident-2001: the catalogue has no incident with this id");
  await expect(column(page, A)).toBeVisible();
  await expect(column(page, B)).toBeVisible();
  // One valid id: the page says so and offers the picker.
  await open(page, `compare?ids=${A.id},nope-2000`);
  await expect(page.getByText("Choose another incident to compare this one with.")).toBeVisible();
  await expect(page.getByLabel("Compare with…")).toBeVisible();
  await expect(column(page, A)).toBeVisible();
});

test("\"Compare with…\" on an incident page leads to the comparison, and a third can be added", async ({ page }) => {
  await page.goto(`incidents/${A.id}`);
  await expect(page.getByRole("heading", { level: 1, name: A.title })).toBeVisible();
  const picker = page.getByLabel("Compare with…");
  await picker.selectOption(B.id);
  await page.getByRole("button", { name: "Compare", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/incident-atlas/compare\\?ids=${A.id},${B.id}$`));
  await expect(page.getByRole("heading", { level: 1, name: "Compare incidents" })).toBeFocused();
  await expect(column(page, B).getByRole("group", { name: /^Causal chain diagram of/ })).toBeVisible();
  // A third, by keyboard.
  const third = catalogue.incidents.find((i) => i.id !== A.id && i.id !== B.id);
  await page.getByLabel("Add an incident").selectOption(third.id);
  await page.getByRole("button", { name: "Compare", exact: true }).focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`ids=${A.id},${B.id},${third.id}$`));
  await expect(column(page, third)).toBeVisible();
  await expect(page.getByLabel("Add an incident")).toHaveCount(0);
  // Back returns to the comparison of two.
  await page.goBack();
  await expect(page.getByRole("region", { name: third.title })).toHaveCount(0);
  await expect(column(page, B)).toBeVisible();
});

test("stacked at 390 px, side by side on a wide screen, and no sideways scrolling at 360 px", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await open(page, `compare?ids=${A.id},${B.id}`);
  // The columns are drawn again as each chain arrives: measure them once both are drawn.
  for (const incident of [A, B]) {
    await expect(column(page, incident).getByRole("group", { name: /^Causal chain diagram of/ })).toBeVisible();
  }
  const boxes = async () => [await column(page, A).boundingBox(), await column(page, B).boundingBox()];
  let [a, b] = await boxes();
  expect(Math.abs(a.y - b.y)).toBeLessThan(2);
  expect(b.x).toBeGreaterThan(a.x + a.width - 1);
  await page.setViewportSize({ width: 390, height: 844 });
  [a, b] = await boxes();
  expect(b.y).toBeGreaterThanOrEqual(a.y + a.height - 1);
  await page.setViewportSize({ width: 360, height: 740 });
  await expect(column(page, B).getByRole("group", { name: /^Causal chain diagram of/ })).toBeVisible();
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(360);
});

for (const colorScheme of ["light", "dark"]) {
  test(`no serious or critical axe violations: the comparison, ${colorScheme}`, async ({ page }) => {
    // A page with two drawings: more than the default 30 s on a loaded machine.
    test.setTimeout(120_000);
    await page.emulateMedia({ colorScheme });
    await open(page, `compare?ids=${A.id},${B.id},nope-2000`);
    await expect(column(page, B).getByRole("group", { name: /^Causal chain diagram of/ })).toBeVisible();
    const results = await new AxeBuilder({ page }).analyze();
    const serious = results.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")})`);
    expect(serious).toEqual([]);
  });
}
