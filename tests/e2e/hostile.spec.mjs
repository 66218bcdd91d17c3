// Hostile catalogues and hostile URLs in the browser: nothing runs, nothing hangs the page for
// two seconds, and the valid incidents stay on screen with a notice naming what was skipped.
// The fixtures are tests/fixtures/hostile (also run natively in tests/hostile.rs); the
// megabyte strings and the 10,000-step chain are built here. Every test also fails on a
// content security policy violation or page error (fixtures.mjs).
import { test, expect } from "./fixtures.mjs";
import { readFileSync } from "node:fs";

const fixture = (path) => readFileSync(new URL(`../fixtures/${path}`, import.meta.url), "utf8");
const minimal = JSON.parse(fixture("valid/minimal.json"));
const GOOD = minimal.incidents[0];

/// Serves `body` as the catalogue and records long tasks and any sign that script ran.
async function serveCatalogue(page, body) {
  await page.route("**/catalogue.json", (route) => route.fulfill({ contentType: "application/json", body }));
  await page.addInitScript(() => {
    window.__longestTask = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.__longestTask = Math.max(window.__longestTask, entry.duration);
    }).observe({ type: "longtask", buffered: true });
  });
}

async function expectCalm(page) {
  const [pwned, longest] = await page.evaluate(() => [window.__pwned, window.__longestTask]);
  expect(pwned, "no catalogue text ran as script").toBeUndefined();
  expect(longest, "no task blocked the page for 2 s").toBeLessThan(2000);
  await expect(page.locator("img, iframe, object, embed")).toHaveCount(0);
}

function withExtraIncident(change) {
  const catalogue = structuredClone(minimal);
  const extra = structuredClone(GOOD);
  extra.id = "hostile-2021";
  change(extra);
  catalogue.incidents.push(extra);
  return JSON.stringify(catalogue);
}

test("markup in every field is shown as text on the timeline, the incident page and the diagram", async ({ page }) => {
  await serveCatalogue(page, fixture("hostile/markup-everywhere.json"));
  await page.goto("./");
  const main = page.getByRole("main");
  await expect(main.getByRole("article")).toHaveCount(2);
  await expect(main).toContainText('title <script>window.__pwned=1</script><img src=x onerror="window.__pwned=1">');
  await page.getByRole("searchbox", { name: "Search" }).fill("<script>");
  await expect(main.getByRole("article")).toHaveCount(1);
  await main.getByRole("article").getByRole("link").first().click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("title <script>window.__pwned=1</script>");
  const diagram = page.getByRole("group", { name: /Causal chain diagram/ });
  await expect(diagram).toBeVisible();
  await expect(diagram).toContainText("<svg onload=");
  await expect(page.locator("svg svg")).toHaveCount(0);
  await expectCalm(page);
});

for (const [name, valid, skipped, reason] of [
  ["hostile-links.json", 1, 8, "`javascript:alert(1)` is not an http(s) link"],
  ["duplicate-keys.json", 1, 1, "duplicate field `title`"],
  ["wrong-types.json", 1, 8, "start: invalid type: integer `20210101`, expected a string"],
]) {
  test(`${name}: the valid incident renders and the skipped ones are named`, async ({ page }) => {
    await serveCatalogue(page, fixture(`hostile/${name}`));
    await page.goto("./");
    const notice = page.getByRole("region", { name: `${skipped} incident${skipped === 1 ? "" : "s"} in the catalogue could not be shown` });
    await expect(notice).toBeVisible();
    await expect(notice).toContainText(reason);
    await expect(page.getByRole("main").getByRole("article")).toHaveCount(valid);
    await expectCalm(page);
  });
}

test("a byte order mark does not stop the catalogue from loading", async ({ page }) => {
  await serveCatalogue(page, fixture("hostile/byte-order-mark.json"));
  await page.goto("./");
  await expect(page.getByRole("main").getByRole("article")).toHaveCount(1);
  await expect(page.getByRole("region", { name: /could not be shown/ })).toHaveCount(0);
});

test("a catalogue that is not UTF-8 says so, with where the bad byte is", async ({ page }) => {
  const good = Buffer.from(fixture("valid/minimal.json"), "utf8");
  const body = Buffer.concat([good.subarray(0, 40), Buffer.from([0xff, 0xfe]), good.subarray(40)]);
  await page.route("**/catalogue.json", (route) => route.fulfill({ contentType: "application/json", body }));
  await page.goto("./");
  const alert = page.getByRole("alert");
  await expect(alert.getByRole("heading", { name: "The catalogue could not be loaded" })).toBeVisible();
  await expect(alert).toContainText("it is not UTF-8 text (the first bad byte is at offset 40)");
});

test("megabyte strings are refused with a short reason and the page stays responsive", async ({ page }) => {
  const megabyte = "<b>x</b> ".repeat(1 << 17);
  await serveCatalogue(
    page,
    withExtraIncident((incident) => {
      incident.title = megabyte;
      incident.summary = megabyte;
      incident.write_up = [[megabyte]];
    }),
  );
  await page.goto("./");
  const notice = page.getByRole("region", { name: "1 incident in the catalogue could not be shown" });
  await expect(notice).toContainText("title: is 1179648 characters long; at most 300 are allowed");
  await expect(page.getByRole("main").getByRole("article")).toHaveCount(1);
  await page.getByRole("searchbox", { name: "Search" }).fill("outage");
  await expect(page.getByRole("main").getByRole("article")).toHaveCount(1);
  await expectCalm(page);
});

test("a causal chain of 10,000 steps is refused without hanging the page", async ({ page }) => {
  await serveCatalogue(
    page,
    withExtraIncident((incident) => {
      incident.causal_chain = {
        nodes: Array.from({ length: 10_000 }, (_, i) => ({ id: `n${i}`, kind: i ? "event" : "trigger", label: `Step ${i}` })),
        edges: Array.from({ length: 9_999 }, (_, i) => ({ from: `n${i}`, to: `n${i + 1}` })),
      };
    }),
  );
  await page.goto("incidents/hostile-2021");
  await expect(page.getByRole("heading", { level: 1, name: "Incident not found" })).toBeVisible();
  const notice = page.getByRole("region", { name: "1 incident in the catalogue could not be shown" });
  await expect(notice).toContainText("causal_chain.nodes: has 10000 items; at most 200 are allowed");
  await page.goto(`incidents/${GOOD.id}`);
  await expect(page.getByRole("group", { name: /Causal chain diagram/ })).toBeVisible();
  await expectCalm(page);
});

test.describe("hostile URLs", () => {
  // Hosts refuse request lines much over 8 KB (GitHub Pages, and Node's server here, answer
  // 414 or 431), so the longest link a person can open is about that long.
  test("a very long query string is cut, reported, and the page works", async ({ page }) => {
    const junk = Array.from({ length: 300 }, (_, i) => `p${i}=${i}`).join("&");
    await page.goto(`./?year=2020&q=${"a".repeat(4_000)}&${junk}&type=dns`);
    await expect(page.getByRole("heading", { level: 1, name: "Incidents" })).toBeVisible();
    const notice = page.getByRole("region", { name: "Part of this link was ignored" });
    await expect(notice).toContainText("the search text was cut to its first 200 characters");
    // Only the first 64 parameters of a link are read, and the notice says so.
    await expect(notice).toContainText("only the first 64 parameters of a link are read");
    await expect(page.getByLabel("Year", { exact: true })).toHaveValue("2020");
    await expect(page.getByRole("searchbox", { name: "Search" })).toHaveValue("a".repeat(200));
  });

  test("repeated and encoded parameters: the first of each applies, encoded text stays text", async ({ page }) => {
    await page.goto("./?year=2020&year=2021&q=%3Cimg%20src%3Dx%20onerror%3Dwindow.__pwned%3D1%3E&q=second&type=dns&type=config");
    await expect(page.getByLabel("Year", { exact: true })).toHaveValue("2020");
    await expect(page.getByRole("searchbox", { name: "Search" })).toHaveValue("<img src=x onerror=window.__pwned=1>");
    expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
    await expect(page.locator("main img")).toHaveCount(0);
  });

  test("a base path typed twice gets the in-app not-found page with a way home", async ({ page }) => {
    await page.goto("/incident-atlas/incident-atlas/");
    await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
    await page.getByRole("link", { name: "See all incidents" }).click();
    await expect(page).toHaveURL(/\/incident-atlas\/$/);
    await expect(page.getByRole("heading", { level: 1, name: "Incidents" })).toBeVisible();
  });

  test("an unknown route under an incident, and odd characters in an id, say not found", async ({ page }) => {
    for (const path of ["incidents/", "incidents/%3Cscript%3E", "incidents/a/b/c", "incidents/..%2F..%2Fcatalogue.json"]) {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(/not found/);
    }
    expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
  });
});
