// The app shell: landmarks, the incident list, an incident page, the in-app not-found page,
// and what a person sees when the catalogue cannot be loaded.
import { test, expect } from "./fixtures.mjs";
import { readFileSync } from "node:fs";

const CLOUDFLARE_TITLE = "A half-working switch stalls etcd and sets off a database failover cascade";
// The timeline of its year, where its card is among the first the timeline draws (the newest
// 25 of all years are later ones).
const CLOUDFLARE_YEAR = "./?year=2020";
// Holds the requests matching `pattern` until the returned function is called.
async function holdRequests(page, pattern) {
  let release;
  const held = new Promise((resolve) => (release = resolve));
  await page.route(pattern, async (route) => {
    await held;
    await route.continue();
  });
  return release;
}
const fixture = (path) => readFileSync(new URL(`../fixtures/${path}`, import.meta.url), "utf8");

test("the timeline lists the Cloudflare incident inside the page landmarks", async ({ page }) => {
  await page.goto(CLOUDFLARE_YEAR);
  await expect(page.getByRole("banner")).toContainText("Incident Atlas");
  await expect(page.getByRole("contentinfo")).toBeVisible();
  const main = page.getByRole("main");
  await expect(main.getByRole("heading", { level: 1, name: "Incidents" })).toBeVisible();
  const card = main.getByRole("article").filter({ hasText: CLOUDFLARE_TITLE });
  await expect(card.getByRole("link", { name: CLOUDFLARE_TITLE })).toBeVisible();
  await expect(card).toContainText("2 November 2020");
  await expect(card).toContainText("6 h 37 min");
  await expect(page).toHaveTitle("Incident Atlas");
  // The icon is in the page (static_pages::with_inline_icon): nothing to fetch per filter change.
  await expect(page.locator('link[rel="icon"]')).toHaveAttribute("href", /^data:image\/png;base64,/);
});

test("an incident opens from the list, under the base path, and back works", async ({ page }) => {
  await page.goto(CLOUDFLARE_YEAR);
  await page.getByRole("link", { name: CLOUDFLARE_TITLE }).click();
  await expect(page).toHaveURL(/\/incident-atlas\/incidents\/cloudflare-2020-11-02-etcd-byzantine-switch$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(CLOUDFLARE_TITLE);
  await expect(page).toHaveTitle(`${CLOUDFLARE_TITLE} — Incident Atlas`);
  await expect(page.getByRole("main")).toContainText("Raft");
  const postmortem = page.getByRole("link", { name: "Postmortem" });
  await expect(postmortem).toHaveAttribute("href", "https://blog.cloudflare.com/a-byzantine-failure-in-the-real-world/");
  await expect(postmortem).toHaveAttribute("rel", "noopener noreferrer");
  await page.goBack();
  await expect(page.getByRole("heading", { level: 1, name: "Incidents" })).toBeVisible();
});

test("an incident page opened directly boots the app from the site's 404 page", async ({ page }) => {
  const fetched = [];
  page.on("request", (request) => fetched.push(new URL(request.url()).pathname));
  await page.goto("incidents/cloudflare-2020-11-02-etcd-byzantine-switch");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(CLOUDFLARE_TITLE);
  await expect(page.getByRole("heading", { name: "What happened" })).toBeVisible();
  // The page preloads the index and its own entry; the app's fetches take those responses.
  for (const json of ["catalogue.json", "incidents/cloudflare-2020-11-02-etcd-byzantine-switch.json"]) {
    expect(fetched.filter((path) => path === `/incident-atlas/${json}`)).toHaveLength(1);
  }
  await expect(page.locator('link[rel="preload"][as="fetch"]')).toHaveCount(2);
  // The header's home link keeps the base path.
  await expect(page.getByRole("link", { name: "Incident Atlas" })).toHaveAttribute("href", "/incident-atlas/");
});

test("an unknown path shows the in-app not-found page", async ({ page }) => {
  await page.goto("no/such/page");
  await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
  await expect(page.getByRole("main")).toContainText("/incident-atlas/no/such/page");
  await page.getByRole("link", { name: "See all incidents" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Incidents" })).toBeVisible();
});

test("the site's index.html, and its base without the slash, open the timeline", async ({ page }) => {
  for (const path of ["/incident-atlas/index.html?year=2020", "/incident-atlas?year=2020"]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1, name: "Incidents" })).toBeVisible();
    await expect(page.getByLabel("Year", { exact: true })).toHaveValue("2020");
    await expect(page.getByRole("link", { name: CLOUDFLARE_TITLE })).toBeVisible();
  }
});

test("an unknown incident id says so", async ({ page }) => {
  await page.goto("incidents/not-a-real-incident");
  await expect(page.getByRole("heading", { level: 1, name: "Incident not found" })).toBeVisible();
  await expect(page.getByRole("main")).toContainText("not-a-real-incident");
});

test("a loading state shows while the catalogue is on its way", async ({ page }) => {
  const release = await holdRequests(page, "**/catalogue.json");
  await page.goto(CLOUDFLARE_YEAR);
  await expect(page.getByRole("status")).toHaveText("Loading the catalogue…");
  // Meanwhile the served page (src/site/prerender.rs) is what shows: one banner, main and h1.
  await expect(page.getByRole("heading", { level: 1 })).toHaveCount(1);
  await expect(page.getByRole("main")).toHaveCount(1);
  await expect(page.getByRole("banner")).toHaveCount(1);
  release();
  await expect(page.getByRole("searchbox", { name: "Search" })).toBeVisible();
  await expect(page.getByRole("link", { name: CLOUDFLARE_TITLE })).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toHaveCount(1);
  await expect(page.getByRole("main")).toHaveCount(1);
});

test("a catalogue that is not JSON shows what is wrong and where", async ({ page }) => {
  await page.route("**/catalogue.json", (route) =>
    route.fulfill({ contentType: "application/json", body: fixture("schema-invalid/not-json.json") }),
  );
  await page.goto("./");
  const alert = page.getByRole("alert");
  await expect(alert.getByRole("heading", { name: "The catalogue could not be loaded" })).toBeVisible();
  await expect(alert).toContainText("/incident-atlas/catalogue.json");
  await expect(alert).toContainText("not valid JSON (line 1, column 35)");
});

test("a catalogue of an unknown version says which version it is", async ({ page }) => {
  await page.route("**/catalogue.json", (route) =>
    route.fulfill({ contentType: "application/json", body: fixture("schema-invalid/future-version.json") }),
  );
  await page.goto("./");
  await expect(page.getByRole("alert")).toContainText("version 2, and this build reads only version 1");
});

test("a catalogue the server cannot find shows the status", async ({ page }) => {
  await page.route("**/catalogue.json", (route) => route.fulfill({ status: 404, body: "gone" }));
  await page.goto("./");
  await expect(page.getByRole("alert")).toContainText("404");
});

test("one broken incident is listed as skipped while the valid ones are shown", async ({ page }) => {
  await page.route("**/catalogue.json", (route) =>
    route.fulfill({ contentType: "application/json", body: fixture("partial/one-bad-among-good.json") }),
  );
  await page.goto("./");
  const notice = page.getByRole("region", { name: "1 incident in the catalogue could not be shown" });
  await expect(notice).toBeVisible();
  await expect(notice).toContainText("incident `broken-2021-02-02`: title: is empty");
  await expect(page.getByRole("main").getByRole("article")).toHaveCount(2);
});

// The home page reads the index alone; an incident's page fetches its own full entry.
test("the home page transfers the index, not every write-up", async ({ page }) => {
  const fetched = [];
  page.on("request", (request) => fetched.push(new URL(request.url()).pathname));
  await page.goto(CLOUDFLARE_YEAR);
  await expect(page.getByRole("searchbox", { name: "Search" })).toBeVisible();
  // Once: the app's fetch takes the response the page's preload started.
  expect(fetched.filter((path) => path === "/incident-atlas/catalogue.json")).toHaveLength(1);
  await expect(page.locator('link[rel="preload"][href="catalogue.json"]')).toHaveCount(1);
  expect(fetched).not.toContain("/incident-atlas/catalogue-full.json");
  expect(fetched.filter((path) => path.endsWith(".json") && path.includes("/incidents/"))).toEqual([]);
  // catalogue.json is the index (atlas pages writes it); the whole catalogue is linked apart.
  const index = await (await page.request.get("./catalogue.json")).text();
  expect(index).toContain(CLOUDFLARE_TITLE);
  expect(index).not.toContain('"write_up"');
  const whole = page.getByRole("link", { name: "The catalogue as JSON" });
  const full = await (await page.request.get(await whole.getAttribute("href"))).text();
  expect(full).toContain('"write_up"');
  await page.getByRole("link", { name: CLOUDFLARE_TITLE }).click();
  await expect(page.getByRole("heading", { name: "What happened" })).toBeVisible();
  expect(fetched).toContain("/incident-atlas/incidents/cloudflare-2020-11-02-etcd-byzantine-switch.json");
});

// The index leaves out the words of the write-ups; search fetches them when it is first used.
test("the search words come when a search needs them, and search the write-ups", async ({ page }) => {
  const fetched = [];
  page.on("request", (request) => fetched.push(new URL(request.url()).pathname));
  const release = await holdRequests(page, "**/search-words.json");
  await page.goto("./");
  const search = page.getByRole("searchbox", { name: "Search" });
  await expect(search).toBeVisible();
  expect(fetched).not.toContain("/incident-atlas/search-words.json");
  // "Raft" is in the Cloudflare write-up, not in any card: found once the words are here.
  await search.fill("raft");
  const status = page.getByRole("status").filter({ hasText: "incidents match" });
  await expect(status).toContainText("searching the write-ups too");
  await expect(page.getByRole("link", { name: CLOUDFLARE_TITLE })).toHaveCount(0);
  release();
  await expect(status).toHaveText(/^\d+ of \d+ incidents match$/);
  await expect(page.getByRole("link", { name: CLOUDFLARE_TITLE })).toBeVisible();
  await search.fill("raft consensus");
  expect(fetched.filter((path) => path === "/incident-atlas/search-words.json")).toHaveLength(1);
});

test("without the search words, search still covers the cards and says what it missed", async ({ page }) => {
  await page.route("**/search-words.json", (route) => route.fulfill({ status: 503, body: "" }));
  await page.goto("./?q=etcd");
  const status = page.getByRole("status").filter({ hasText: "incidents match" });
  await expect(status).toContainText("in their titles and summaries; the write-ups could not be searched");
  await expect(status).toContainText("503");
  await expect(page.getByRole("link", { name: CLOUDFLARE_TITLE })).toBeVisible();
});

test("while an incident's write-up loads, its header shows and the status says so", async ({ page }) => {
  const release = await holdRequests(page, "**/incidents/*.json");
  await page.goto(CLOUDFLARE_YEAR);
  await page.getByRole("link", { name: CLOUDFLARE_TITLE }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(CLOUDFLARE_TITLE);
  await expect(page.getByRole("heading", { level: 1 })).toBeFocused();
  await expect(page.getByRole("status").filter({ hasText: "Loading the write-up…" })).toBeVisible();
  release();
  await expect(page.getByRole("heading", { name: "What happened" })).toBeVisible();
  await expect(page.getByText("Loading the write-up…")).toHaveCount(0);
});

test("an incident whose full entry is missing or broken says so and keeps the rest", async ({ page }) => {
  const id = "cloudflare-2020-11-02-etcd-byzantine-switch";
  for (const [answer, reason] of [
    [{ status: 404, body: "gone" }, "404"],
    [{ contentType: "application/json", body: '{"id": "someone-else"' }, "EOF while parsing"],
  ]) {
    await page.route(`**/incidents/${id}.json`, (route) => route.fulfill(answer));
    await page.goto(`./incidents/${id}`);
    const alert = page.getByRole("alert");
    await expect(alert.getByRole("heading", { name: "The write-up could not be loaded" })).toBeVisible();
    await expect(alert).toContainText(`/incident-atlas/incidents/${id}.json`);
    await expect(alert).toContainText(reason);
    // What the index knows still shows, and the rest of the atlas still works.
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(CLOUDFLARE_TITLE);
    await expect(page.getByRole("main")).toContainText("2 November 2020");
    await expect(page.getByRole("heading", { level: 1 })).toHaveCount(1);
    await page.getByRole("navigation", { name: "Previous and next incident" }).getByRole("link").first().click();
    await expect(page.getByRole("heading", { name: "What happened" })).toBeVisible();
    await page.unroute(`**/incidents/${id}.json`);
  }
});
