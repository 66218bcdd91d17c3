// Follow and reuse (issue 20): the Atom feed, the CSV and JSON downloads, and the correction
// link, as a reader meets them: in the footer and the head of every page, and on an incident
// page. The build under test knows a repository (the Makefile's E2E_REPO_URL); a build without
// one, and hostile text in the CSV, are tested natively (tests/exports.rs).
import { parse } from "csv-parse/sync";
import { test, expect } from "./fixtures.mjs";

const ID = "cloudflare-2020-11-02-etcd-byzantine-switch";
const INCIDENT = `incidents/${ID}`;
const TITLE = "A half-working switch stalls etcd and sets off a database failover cascade";
const REPOSITORY = "https://github.com/example/incident-atlas";

async function catalogue(request) {
  const response = await request.get("./catalogue-full.json");
  expect(response.ok()).toBe(true);
  return response.json();
}

for (const [name, path, ready] of [
  ["the home page", "./", (page) => page.getByRole("searchbox", { name: "Search" })],
  ["an incident page", INCIDENT, (page) => page.getByRole("button", { name: "Copy link" })],
  ["the map of mechanisms", "mechanisms", (page) => page.getByRole("heading", { level: 1 })],
]) {
  test(`${name} links the downloads in its footer and the feed in its head`, async ({ page }) => {
    await page.goto(path);
    await expect(ready(page)).toBeVisible();
    const downloads = page.getByRole("contentinfo").getByRole("navigation", { name: "Downloads" });
    await expect(downloads.getByRole("link", { name: "The catalogue as JSON" })).toHaveAttribute("href", /catalogue-full\.json$/);
    await expect(downloads.getByRole("link", { name: "The catalogue as CSV" })).toHaveAttribute("href", /catalogue\.csv$/);
    await expect(downloads.getByRole("link", { name: "Feed of new incidents (Atom)" })).toHaveAttribute("href", /feed\.xml$/);
    const feedLink = page.locator('head link[rel="alternate"][type="application/atom+xml"]');
    await expect(feedLink).toHaveCount(1);
    expect(await feedLink.getAttribute("href")).toMatch(/\/incident-atlas\/feed\.xml$/);
  });
}

test("the feed parses as Atom, lists the latest added first, and every entry opens its page", async ({ page, request }) => {
  await page.goto("./");
  const response = await request.get("./feed.xml");
  expect(response.ok()).toBe(true);
  expect(response.headers()["content-type"]).toMatch(/xml/);
  const xml = await response.text();
  // The browser's own XML parser: a feed that is not well-formed gives a <parsererror>.
  const feed = await page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, "application/xml");
    const ns = "http://www.w3.org/2005/Atom";
    const child = (node, name) => node.getElementsByTagNameNS(ns, name)[0];
    return {
      error: doc.getElementsByTagName("parsererror").length,
      root: doc.documentElement.localName,
      namespace: doc.documentElement.namespaceURI,
      title: child(doc.documentElement, "title")?.textContent,
      entries: [...doc.getElementsByTagNameNS(ns, "entry")].map((entry) => ({
        title: child(entry, "title")?.textContent,
        id: child(entry, "id")?.textContent,
        href: child(entry, "link")?.getAttribute("href"),
        updated: child(entry, "updated")?.textContent,
        published: child(entry, "published")?.textContent,
        summary: child(entry, "summary")?.textContent,
      })),
    };
  }, xml);
  expect(feed.error).toBe(0);
  expect(feed.root).toBe("feed");
  expect(feed.namespace).toBe("http://www.w3.org/2005/Atom");
  expect(feed.title).toContain("Incident Atlas");

  const { incidents } = await catalogue(request);
  const dated = incidents.filter((incident) => incident.added);
  expect(feed.entries).toHaveLength(Math.min(50, dated.length));
  const latest = dated.map((incident) => incident.added).sort().at(-1);
  expect(feed.entries[0].published.slice(0, 10)).toBe(latest);

  const feedUrl = new URL("./feed.xml", page.url());
  let previous = "9999";
  for (const entry of feed.entries) {
    expect(entry.id).toBeTruthy();
    expect(entry.published <= previous, "the latest added first").toBe(true);
    previous = entry.published;
    const incident = incidents.find((candidate) => candidate.title === entry.title);
    expect(incident, entry.title).toBeTruthy();
    expect(entry.summary).toContain(incident.organisation);
    expect(entry.published.slice(0, 10)).toBe(incident.added);
    // Every link resolves, against the feed's own address, to the incident's built page.
    const url = new URL(entry.href, feedUrl);
    expect(url.pathname).toMatch(new RegExp(`/incident-atlas/incidents/${incident.id}/?$`));
    const pageResponse = await request.get(url.href);
    expect(pageResponse.status(), url.href).toBe(200);
    const html = await pageResponse.text();
    expect(html).toContain(`<title>${incident.title.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;")}`);
  }

  // And a reader who follows one lands on the incident.
  const first = feed.entries[0];
  await page.goto(new URL(first.href, feedUrl).href);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(first.title);
});

test("the CSV reads back, row by row, as the catalogue", async ({ request }) => {
  const response = await request.get("./catalogue.csv");
  expect(response.ok()).toBe(true);
  expect(response.headers()["content-type"]).toMatch(/^text\/csv/);
  const bytes = await response.body();
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const rows = parse(bytes.toString("utf8"), { bom: true, columns: true });
  const { incidents } = await catalogue(request);
  expect(rows.map((row) => row.id)).toEqual(incidents.map((incident) => incident.id));
  const inert = (text) => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);
  for (const [index, row] of rows.entries()) {
    const incident = incidents[index];
    expect(row.organisation).toBe(inert(incident.organisation));
    expect(row.title).toBe(inert(incident.title));
    expect(row.start).toBe(incident.start);
    expect(row.end).toBe(incident.end ?? "");
    expect(row.trigger).toBe(incident.failure_types.trigger);
    expect(row.contributing_failure_types).toBe(incident.failure_types.contributing.join("; "));
    const named = [...new Set(incident.causal_chain.nodes.map((node) => node.mechanism).filter(Boolean))];
    expect(row.mechanisms).toBe(named.join("; "));
    const first = (kind) => incident.links.find((link) => link.kind === kind)?.url ?? "";
    expect(row.postmortem_url).toBe(first("postmortem"));
    expect(row.status_page_url).toBe(first("status_page"));
    expect(row.page_url).toBe(`/incident-atlas/incidents/${incident.id}`);
    if (row.duration_minutes !== "") {
      const minutes = (Date.parse(incident.end.replace("Z", ":00Z")) - Date.parse(incident.start.replace("Z", ":00Z"))) / 60000;
      expect(Number(row.duration_minutes)).toBe(minutes);
    }
  }
});

test("an incident page offers its entry as JSON and a correction link that names it", async ({ page, request }) => {
  await page.goto(INCIDENT);
  await expect(page.getByRole("button", { name: "Copy link" })).toBeVisible();
  const section = page.getByRole("region", { name: "Data and corrections" });

  const json = section.getByRole("link", { name: "This incident as JSON" });
  await expect(json).toHaveAttribute("download", `${ID}.json`);
  const entry = await (await request.get(new URL(await json.getAttribute("href"), page.url()).href)).json();
  expect(entry.id).toBe(ID);
  expect(entry.title).toBe(TITLE);

  const correction = section.getByRole("link", { name: "Suggest a correction" });
  await expect(correction).toHaveAttribute("target", "_blank");
  const href = new URL(await correction.getAttribute("href"));
  expect(`${href.origin}${href.pathname}`).toBe(`${REPOSITORY}/issues/new`);
  expect(href.searchParams.get("template")).toBe("correction.yml");
  expect(href.searchParams.get("incident")).toBe(ID);
  expect(href.searchParams.get("title")).toContain(ID);
  expect(href.searchParams.get("page")).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:\\d+/incident-atlas/incidents/${ID}$`));

  // Reached from the timeline too, for another incident: the link follows the page.
  await page.goto("./");
  const card = page.getByRole("article").first();
  const other = await card.getByRole("heading").first().textContent();
  await card.getByRole("link", { name: other.trim() }).first().click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(other.trim());
  const otherId = new URL(page.url()).pathname.split("/").filter(Boolean).at(-1);
  const otherLink = new URL(await page.getByRole("link", { name: "Suggest a correction" }).getAttribute("href"));
  expect(otherLink.searchParams.get("incident")).toBe(otherId);
});

test.describe("before the app starts, or without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the served incident page has the downloads and the correction link too", async ({ page }) => {
    await page.goto(INCIDENT);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(TITLE);
    await expect(page.getByRole("link", { name: "This incident as JSON" })).toHaveAttribute("href", new RegExp(`incidents/${ID}\\.json$`));
    const href = new URL(await page.getByRole("link", { name: "Suggest a correction" }).getAttribute("href"));
    expect(href.searchParams.get("incident")).toBe(ID);
    await expect(page.getByRole("link", { name: "The catalogue as CSV" })).toBeVisible();
  });
});
