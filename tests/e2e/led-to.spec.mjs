// Travelling by pattern: the timeline's Mechanism filter and its "Led to" path query, in the
// address (reload, a shared link, Back), an incident opened from a led-to view with its route
// marked, an incident's mechanisms and a step's mechanism on focus. Expected results are
// computed here from the bundled catalogue's chains, by walking them, so the tests hold as the
// catalogue grows.
import { test, expect } from "./fixtures.mjs";
import AxeBuilder from "@axe-core/playwright";
import { readFileSync } from "node:fs";

const catalogue = JSON.parse(readFileSync(new URL("../../public/catalogue.json", import.meta.url), "utf8"));
const incidents = catalogue.incidents;
const mechanisms = catalogue.mechanisms;
const labelOf = (id) => mechanisms.find((m) => m.id === id).label;
const names = (incident, mechanism) => incident.causal_chain.nodes.some((n) => n.mechanism === mechanism);

/** The ids of the nodes reached from `starts` in one step or more. */
function reached(chain, starts) {
  const seen = new Set();
  const stack = chain.edges.filter((e) => starts.includes(e.from)).map((e) => e.to);
  while (stack.length) {
    const id = stack.pop();
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...chain.edges.filter((e) => e.from === id).map((e) => e.to));
  }
  return seen;
}

/** Whether a step naming `from` leads, directly or not, to a step naming `to`. */
function leadsTo(incident, from, to) {
  const chain = incident.causal_chain;
  const starts = chain.nodes.filter((n) => n.mechanism === from).map((n) => n.id);
  const after = reached(chain, starts);
  return chain.nodes.some((n) => n.mechanism === to && after.has(n.id));
}

/** The mechanism pair that most incidents lead through, and those incidents. */
function busiestPath() {
  let best = null;
  for (const from of mechanisms) {
    for (const to of mechanisms) {
      const found = incidents.filter((i) => leadsTo(i, from.id, to.id));
      if (from.id !== to.id && (!best || found.length > best.found.length)) {
        best = { from: from.id, to: to.id, found };
      }
    }
  }
  return best;
}

const cards = (page) => page.getByRole("main").getByRole("article");
const resultCount = (page) => page.locator(".result-count");
const WINDOW = 20;

test("the Mechanism filter keeps incidents with a step of any chosen, in the address", async ({ page }) => {
  const byCount = [...mechanisms].sort(
    (a, b) => incidents.filter((i) => names(i, b.id)).length - incidents.filter((i) => names(i, a.id)).length,
  );
  const [first, second] = byCount;
  await page.goto("./");
  const control = page.getByRole("group", { name: "Mechanism", exact: true });
  const chip = (m) => control.getByRole("checkbox", { name: m.label, exact: true });
  await chip(first).check();
  await expect(page).toHaveURL(new RegExp(`\\?mech=${first.id}$`));
  const one = incidents.filter((i) => names(i, first.id)).length;
  await expect(resultCount(page)).toHaveText(`${one} of ${incidents.length} incidents match`);
  await chip(second).check();
  // Listed in the taxonomy's order, as the chips are.
  const both = mechanisms.filter((m) => m.id === first.id || m.id === second.id);
  await expect(page).toHaveURL(new RegExp(`\\?mech=${both[0].id}%2C${both[1].id}$`));
  const either = incidents.filter((i) => names(i, first.id) || names(i, second.id)).length;
  await expect(resultCount(page)).toHaveText(`${either} of ${incidents.length} incidents match`);
  await expect(cards(page)).toHaveCount(Math.min(either, WINDOW));
  await page.reload();
  await expect(resultCount(page)).toHaveText(`${either} of ${incidents.length} incidents match`);
  await expect(control.getByRole("checkbox", { checked: true })).toHaveCount(2);
  for (const m of both) {
    await expect(chip(m)).toBeChecked();
  }
  await page.goBack();
  await expect(page).toHaveURL(new RegExp(`\\?mech=${first.id}$`));
  await expect(resultCount(page)).toHaveText(`${one} of ${incidents.length} incidents match`);
});

test("Led to applies once both ends are chosen, and survives a reload and a shared link", async ({ page, context }) => {
  const { from, to, found } = busiestPath();
  expect(found.length).toBeGreaterThan(1);
  await page.goto("./");
  const path = page.getByRole("group", { name: "Led to" });
  await path.getByLabel("From").selectOption(from);
  // One end alone waits for the other.
  await expect(page).toHaveURL(/\/incident-atlas\/$/);
  await expect(resultCount(page)).toHaveText(`${incidents.length} incidents`);
  await path.getByLabel("To").selectOption(to);
  await expect(page).toHaveURL(new RegExp(`\\?from=${from}&to=${to}$`));
  await expect(resultCount(page)).toHaveText(`${found.length} of ${incidents.length} incidents match`);
  const titles = await cards(page).getByRole("heading").allTextContents();
  expect(new Set(titles)).toEqual(new Set(found.slice(0, WINDOW).map((i) => i.title)));

  await page.reload();
  await expect(path.getByLabel("From")).toHaveValue(from);
  await expect(path.getByLabel("To")).toHaveValue(to);
  const shared = await context.newPage();
  await shared.goto(`./?from=${from}&to=${to}`);
  await expect(resultCount(shared)).toHaveText(`${found.length} of ${incidents.length} incidents match`);
  await shared.close();

  // Clearing one end removes the path.
  await path.getByLabel("To").selectOption("");
  await expect(page).toHaveURL(/\/incident-atlas\/$/);
  await expect(resultCount(page)).toHaveText(`${incidents.length} incidents`);
});

test("an incident opened from a led-to view marks that route in its diagram", async ({ page }) => {
  const { from, to, found } = busiestPath();
  const incident = found[0];
  await page.goto(`./?from=${from}&to=${to}`);
  const link = cards(page).getByRole("link", { name: incident.title, exact: true });
  await expect(link).toHaveAttribute("href", new RegExp(`incidents/${incident.id}\\?from=${from}&to=${to}$`));
  await link.click();
  await expect(page.getByRole("heading", { level: 1, name: incident.title })).toBeVisible();
  const notice = page.locator(".chain-diagram__notice--route");
  await expect(notice).toContainText(`how ${labelOf(from)} led to ${labelOf(to)} in this chain`);
  // The route: every node between a step naming `from` and one naming `to`, both ends included.
  const chain = incident.causal_chain;
  const starts = chain.nodes.filter((n) => n.mechanism === from).map((n) => n.id);
  const ends = chain.nodes.filter((n) => n.mechanism === to).map((n) => n.id);
  const after = reached(chain, starts);
  const reverse = { nodes: chain.nodes, edges: chain.edges.map((e) => ({ from: e.to, to: e.from })) };
  const before = reached(reverse, ends);
  const onRoute = chain.nodes
    .map((n) => n.id)
    .filter((id) => (after.has(id) || starts.includes(id)) && (before.has(id) || ends.includes(id)))
    .filter((id) => after.has(id) || before.has(id));
  await expect(page.locator(".chain-node--route")).toHaveCount(onRoute.length);
  for (const id of onRoute) await expect(page.locator(`#node-${id}`)).toHaveClass(/chain-node--route/);
  await notice.getByRole("link", { name: `Every incident where ${labelOf(from)} led to ${labelOf(to)}` }).click();
  await expect(resultCount(page)).toHaveText(`${found.length} of ${incidents.length} incidents match`);
});

test("at phone width the frame opens on the route", async ({ page }) => {
  const { from, to, found } = busiestPath();
  await page.setViewportSize({ width: 390, height: 844 });
  for (const incident of found) {
    await page.goto(`incidents/${incident.id}?from=${from}&to=${to}`);
    const first = page.locator(".chain-node--route").first();
    await expect(first).toBeAttached();
    const frame = await page.locator(".chain-frame").boundingBox();
    const box = await first.boundingBox();
    // Horizontally within the frame's visible part.
    expect(box.x).toBeGreaterThanOrEqual(frame.x - 1);
    expect(Math.min(box.x + box.width, frame.x + frame.width) - box.x).toBeGreaterThan(box.width / 2);
  }
});

test("an incident lists its mechanisms, and a focused step names its own", async ({ page }) => {
  const incident = incidents.find((i) => i.causal_chain.nodes.filter((n) => n.mechanism).length >= 2);
  await page.goto(`incidents/${incident.id}`);
  const named = [...new Set(incident.causal_chain.nodes.filter((n) => n.mechanism).map((n) => n.mechanism))];
  const list = page.locator(".incident__mechanisms");
  await expect(list.getByRole("link")).toHaveText(named.map(labelOf));
  for (const id of named) {
    await expect(list.getByRole("link", { name: labelOf(id), exact: true })).toHaveAttribute(
      "href",
      `/incident-atlas/mechanisms/${id}`,
    );
  }
  const step = incident.causal_chain.nodes.find((n) => n.mechanism);
  await page.locator(`#node-${step.id}`).focus();
  const detail = page.locator(".chain-detail__entry--shown");
  await expect(detail).toContainText(`Mechanism: ${labelOf(step.mechanism)}`);
  await expect(detail.getByRole("link", { name: labelOf(step.mechanism) })).toHaveAttribute(
    "href",
    `/incident-atlas/mechanisms/${step.mechanism}`,
  );
  const plain = incident.causal_chain.nodes.find((n) => !n.mechanism);
  if (plain) {
    await page.locator(`#node-${plain.id}`).focus();
    await expect(detail).not.toContainText("Mechanism:");
  }
});

test("unknown mechanisms and a path with one end are reported, and the rest applies", async ({ page }) => {
  const known = mechanisms[0].id;
  await page.goto(`./?mech=${known},no-such-thing&from=${known}&year=2020`);
  const notice = page.getByRole("region", { name: "Part of this link was ignored" });
  await expect(notice).toContainText("no-such-thing");
  await expect(notice).toContainText(`from=${known}`);
  const expected = incidents.filter((i) => names(i, known) && i.start.startsWith("2020")).length;
  await expect(resultCount(page)).toHaveText(`${expected} of ${incidents.length} incidents match`);
});

for (const colorScheme of ["light", "dark"]) {
  test(`no serious or critical axe violations: led-to view and route, ${colorScheme}`, async ({ page }) => {
    // Two pages, each checked in full: more than the default 30 s on a loaded machine.
    test.setTimeout(90_000);
    const { from, to, found } = busiestPath();
    await page.emulateMedia({ colorScheme });
    for (const path of [`./?mech=${from}&from=${from}&to=${to}`, `incidents/${found[0].id}?from=${from}&to=${to}`]) {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      if (path.startsWith("incidents")) await expect(page.locator(".chain-node--route").first()).toBeVisible();
      const results = await new AxeBuilder({ page }).analyze();
      const serious = results.violations
        .filter((v) => v.impact === "serious" || v.impact === "critical")
        .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")})`);
      expect(serious).toEqual([]);
    }
  });
}
