// The timeline: filters alone and combined, the URL as the filter's home (reload, back, a
// pasted link), bad query strings, cards, incident pages, deep links, keyboard, phone width
// and accessibility. Expected results are computed here from the bundled catalogue, so the
// tests hold as the catalogue grows.
import { test, expect } from "./fixtures.mjs";
import AxeBuilder from "@axe-core/playwright";
import { readFileSync } from "node:fs";

const catalogue = JSON.parse(readFileSync(new URL("../../public/catalogue.json", import.meta.url), "utf8"));
const incidents = catalogue.incidents;
const typesOf = (i) => [i.failure_types.trigger, ...(i.failure_types.contributing ?? [])];
const yearOf = (i) => Number(i.start.slice(0, 4));
const labelOf = (id) => catalogue.failure_types.find((t) => t.id === id).label;
const CLOUDFLARE = incidents.find((i) => i.id === "cloudflare-2020-11-02-etcd-byzantine-switch");

const cards = (page) => page.getByRole("main").getByRole("article");
// The timeline renders a window of 20 cards, with "Show more" for the rest (src/timeline/mod.rs).
const WINDOW = 20;
const shown = (matching) => Math.min(matching, WINDOW);
const resultCount = (page) => page.locator(".result-count");
// The failure types are chips: checkboxes in a group, each named by its type's label.
const typeGroup = (page) => page.getByRole("group", { name: "Failure type" });
const typeChip = (page, id) => typeGroup(page).getByRole("checkbox", { name: labelOf(id), exact: true });

async function expectChosenTypes(page, ids) {
  await expect(typeGroup(page).getByRole("checkbox", { checked: true })).toHaveCount(ids.length);
  for (const id of ids) {
    await expect(typeChip(page, id)).toBeChecked();
  }
}

async function expectCount(page, expected) {
  await expect(cards(page)).toHaveCount(shown(expected));
  if (expected > 0) {
    await expect(resultCount(page)).toHaveText(`${expected} of ${incidents.length} incidents match`);
  }
}

test.describe("filters", () => {
  test("year alone", async ({ page }) => {
    const year = 2017;
    const expected = incidents.filter((i) => yearOf(i) === year).length;
    await page.goto("./");
    await expect(cards(page)).toHaveCount(shown(incidents.length));
    await page.getByLabel("Year").selectOption(String(year));
    await expect(page).toHaveURL(/\?year=2017$/);
    await expectCount(page, expected);
    for (const time of await page.getByRole("main").locator("article time").all()) {
      expect(await time.getAttribute("datetime")).toMatch(/^2017-/);
    }
  });

  test("a range of years", async ({ page }) => {
    const expected = incidents.filter((i) => yearOf(i) >= 2016 && yearOf(i) <= 2019).length;
    await page.goto("./");
    await page.getByLabel("Year").selectOption("2016");
    await page.getByLabel("Through").selectOption("2019");
    await expect(page).toHaveURL(/\?year=2016-2019$/);
    await expectCount(page, expected);
    // Newest first: the window starts with the last year of the range, and every card is in it.
    await expect(page.getByRole("heading", { level: 2, name: /^2019/ })).toBeVisible();
    for (const time of await page.getByRole("main").locator("article time").all()) {
      expect(Number((await time.getAttribute("datetime")).slice(0, 4))).toBeGreaterThanOrEqual(2016);
    }
    if (expected <= WINDOW) {
      await expect(page.getByRole("heading", { level: 2, name: /^2016/ })).toBeVisible();
    }
  });

  test("one failure type, then several", async ({ page }) => {
    await page.goto("./");
    await typeChip(page, "consensus").check();
    await expect(page).toHaveURL(/\?type=consensus$/);
    await expectCount(page, incidents.filter((i) => typesOf(i).includes("consensus")).length);
    for (const card of await cards(page).all()) {
      await expect(card.getByRole("link", { name: labelOf("consensus") })).toBeVisible();
    }
    await typeChip(page, "consensus").uncheck();
    await expect(page).toHaveURL(/\/incident-atlas\/$/);
    await typeChip(page, "dns").check();
    await typeChip(page, "time").check();
    await expect(page).toHaveURL(/\?type=dns%2Ctime$/);
    await expectChosenTypes(page, ["dns", "time"]);
    await expectCount(page, incidents.filter((i) => typesOf(i).some((t) => t === "dns" || t === "time")).length);
  });

  test("organisation alone", async ({ page }) => {
    await page.goto("./");
    await page.getByLabel("Organisation").selectOption("Cloudflare");
    await expect(page).toHaveURL(/\?org=Cloudflare$/);
    await expectCount(page, incidents.filter((i) => i.organisation === "Cloudflare").length);
    for (const card of await cards(page).all()) {
      await expect(card).toContainText("Cloudflare");
    }
  });

  test("search updates the count as you type and highlights the words", async ({ page }) => {
    await page.goto("./");
    const search = page.getByLabel("Search");
    await search.pressSequentially("etc");
    await expect(page).toHaveURL(/\?q=etc$/);
    await search.pressSequentially("d");
    await expect(page).toHaveURL(/\?q=etcd$/);
    const expected = incidents.filter((i) => JSON.stringify(i).toLowerCase().includes("etcd")).length;
    await expectCount(page, expected);
    const card = cards(page).filter({ hasText: CLOUDFLARE.title });
    await expect(card.locator("mark").first()).toHaveText(/etcd/i);
  });

  test("a match found only in the write-up is shown in context", async ({ page }) => {
    // "Raft" appears in the Cloudflare write-up's text but not in its title or summary.
    await page.goto("./?q=raft");
    const card = cards(page).filter({ hasText: CLOUDFLARE.title });
    await expect(card).toContainText("In the write-up and causal chain:");
    await expect(card.locator("mark")).toHaveText(["Raft"]);
  });

  test("filters combine", async ({ page }) => {
    await page.goto("./");
    await page.getByLabel("Year").selectOption("2020");
    await typeChip(page, "consensus").check();
    await page.getByLabel("Organisation").selectOption("Cloudflare");
    await page.getByLabel("Search").fill("etcd");
    await expect(page).toHaveURL(/\?year=2020&type=consensus&org=Cloudflare&q=etcd$/);
    await expectCount(page, 1);
    await expect(cards(page).getByRole("heading", { name: CLOUDFLARE.title })).toBeVisible();
  });

  test("an empty result says so, and clearing brings everything back", async ({ page }) => {
    await page.goto("./?q=zzqqxxnothing");
    await expect(cards(page)).toHaveCount(0);
    await expect(page.getByText("No incidents match these filters.")).toBeVisible();
    await page.getByRole("button", { name: "Clear all filters" }).click();
    await expect(page).toHaveURL(/\/incident-atlas\/$/);
    await expect(cards(page)).toHaveCount(shown(incidents.length));
    await expect(page.getByLabel("Search")).toHaveValue("");
  });

  test("Clear filters resets every control", async ({ page }) => {
    await page.goto("./?year=2020&type=consensus&org=Cloudflare&q=etcd");
    await page.getByRole("button", { name: "Clear filters" }).click();
    await expect(cards(page)).toHaveCount(shown(incidents.length));
    await expect(page.getByLabel("Year")).toHaveValue("");
    await expect(page.getByLabel("Organisation")).toHaveValue("");
    await expect(page.getByLabel("Search")).toHaveValue("");
    await expectChosenTypes(page, []);
  });
});

test.describe("the URL holds the filter", () => {
  test("reload, back and forward give the same view", async ({ page }) => {
    await page.goto("./");
    await page.getByLabel("Year").selectOption("2017");
    await typeChip(page, "operator").check();
    await expect(page).toHaveURL(/\?year=2017&type=operator$/);
    const expected = incidents.filter((i) => yearOf(i) === 2017 && typesOf(i).includes("operator")).length;
    await expectCount(page, expected);

    await page.reload();
    await expectCount(page, expected);
    await expect(page.getByLabel("Year")).toHaveValue("2017");
    await expectChosenTypes(page, ["operator"]);

    await page.goBack();
    await expect(page).toHaveURL(/\?year=2017$/);
    await expectChosenTypes(page, []);
    await expectCount(page, incidents.filter((i) => yearOf(i) === 2017).length);

    await page.goForward();
    await expectChosenTypes(page, ["operator"]);
    await expectCount(page, expected);
  });

  test("a pasted link opens the same view in a fresh page", async ({ browser, baseURL }) => {
    const page = await browser.newPage({ baseURL });
    const response = await page.goto("./?year=2020&type=consensus&q=etcd");
    expect(response.status()).toBe(200);
    await expectCount(page, 1);
    await expect(page.getByLabel("Search")).toHaveValue("etcd");
    await expect(page.getByLabel("Year")).toHaveValue("2020");
    await page.close();
  });

  test("a malformed query string is reported and the rest still applies", async ({ page }) => {
    await page.goto("./?year=twenty&type=cosmic-rays&colour=red&q=etcd&org=%ZZ");
    const notice = page.getByRole("region", { name: "Part of this link was ignored" });
    await expect(notice).toContainText("year=twenty");
    await expect(notice).toContainText("cosmic-rays");
    await expect(notice).toContainText("colour=red");
    await expect(page.getByLabel("Search")).toHaveValue("etcd");
    await expect(cards(page).filter({ hasText: CLOUDFLARE.title })).toHaveCount(1);
  });

  test("script in a parameter is shown as text, never run", async ({ page }) => {
    const errors = [];
    page.on("pageerror", (e) => errors.push(e));
    page.on("dialog", (d) => errors.push(d.message()));
    await page.goto(`./?q=${encodeURIComponent("<img src=x onerror=alert(1)>")}`);
    await expect(page.getByText("No incidents match these filters.")).toBeVisible();
    await expect(page.getByLabel("Search")).toHaveValue("<img src=x onerror=alert(1)>");
    expect(errors).toEqual([]);
  });

  test("a failure-type chip filters by its type", async ({ page }) => {
    await page.goto(`./?year=${yearOf(CLOUDFLARE)}`);
    const card = cards(page).filter({ hasText: CLOUDFLARE.title });
    await card.getByRole("link", { name: labelOf("consensus") }).click();
    await expect(page).toHaveURL(/\?type=consensus$/);
    await expectChosenTypes(page, ["consensus"]);
  });

  test("the overview strip takes a person to a year", async ({ page }) => {
    await page.goto("./");
    const count2017 = incidents.filter((i) => yearOf(i) === 2017).length;
    await page.getByRole("link", { name: new RegExp(`^2017: ${count2017} incident`) }).click();
    await expect(page).toHaveURL(/\?year=2017$/);
    await expectCount(page, count2017);
  });

  test("the overview's bars are drawn in proportion, in their types' colours", async ({ page }) => {
    await page.goto("./");
    const link2017 = page.getByRole("link", { name: /^2017: / });
    await expect(link2017).toBeVisible();
    // The app sets each bar's height and bands (markup::home::bar_fill) through the CSS
    // object model; read back what the browser drew.
    const bars = await page.locator(".overview__bar").evaluateAll((all) =>
      all.map((bar) => ({
        height: bar.getBoundingClientRect().height,
        area: bar.parentElement.getBoundingClientRect().height,
        image: getComputedStyle(bar).backgroundImage,
        share: Number(bar.dataset.height),
      })),
    );
    // A column for every year from the first to the last, empty ones included.
    const years = incidents.map(yearOf);
    expect(bars.length).toBe(Math.max(...years) - Math.min(...years) + 1);
    for (const bar of bars) {
      expect(bar.image).toContain("linear-gradient");
      // Within a pixel of its share of the bar area.
      expect(Math.abs(bar.height - (bar.area * bar.share) / 100)).toBeLessThanOrEqual(1);
    }
    // The busiest year fills the bar area; a drawn bar has some height.
    expect(bars.some((b) => b.share === 100 && Math.abs(b.height - b.area) <= 1)).toBe(true);
    expect(bars.filter((b) => b.share > 0).every((b) => b.height > 0)).toBe(true);
  });
});

test.describe("incident pages", () => {
  test("a deep link answers 200 with the incident's own title and preview tags", async ({ page, request }) => {
    const response = await request.get(`incidents/${CLOUDFLARE.id}`);
    expect(response.status()).toBe(200);
    const html = await response.text();
    expect(html).toContain(`<title>${CLOUDFLARE.title} — Incident Atlas</title>`);
    expect(html).toContain('property="og:title"');
    expect(html).toContain('property="og:description"');

    await page.goto(`incidents/${CLOUDFLARE.id}`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(CLOUDFLARE.title);
    await expect(page).toHaveTitle(`${CLOUDFLARE.title} — Incident Atlas`);
  });

  test("shows the write-up, impact, remediation, sources and chain", async ({ page }) => {
    await page.goto(`incidents/${CLOUDFLARE.id}`);
    const main = page.getByRole("main");
    await expect(main.getByRole("heading", { name: "What happened" })).toBeVisible();
    await expect(main).toContainText("2 November 2020");
    await expect(main).toContainText("6 h 37 min");
    await expect(main.getByRole("heading", { name: "Remediation" })).toBeVisible();
    for (const step of CLOUDFLARE.remediation) await expect(main).toContainText(step);
    const status = main.getByRole("link", { name: "Status page" });
    await expect(status).toHaveAttribute("target", "_blank");
    await expect(status).toHaveAttribute("rel", "noopener noreferrer");
    await expect(main.getByRole("link", { name: "Postmortem" })).toHaveAttribute("rel", "noopener noreferrer");
    await expect(main.locator(".chain-steps li")).toHaveCount(CLOUDFLARE.causal_chain.nodes.length);
    await expect(main.getByRole("link", { name: /Trigger: Hardware, power and cooling/ })).toHaveAttribute(
      "href",
      "/incident-atlas/?type=hardware",
    );
  });

  test("previous, next and related incidents", async ({ page }) => {
    const byDate = [...incidents].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
    const at = byDate.findIndex((i) => i.id === CLOUDFLARE.id);
    await page.goto(`incidents/${CLOUDFLARE.id}`);
    const nav = page.getByRole("navigation", { name: "Previous and next incident" });
    await expect(nav.getByRole("link", { name: byDate[at - 1].title })).toBeVisible();
    await expect(nav.getByRole("link", { name: byDate[at + 1].title })).toBeVisible();
    await nav.getByRole("link", { name: byDate[at + 1].title }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(byDate[at + 1].title);
    await page.goBack();
    const related = page.getByRole("region", { name: "Related incidents" });
    await expect(related.getByRole("link").first()).toBeVisible();
  });

  test("Copy link puts the page's address on the clipboard", async ({ page, context, baseURL }) => {
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    await page.goto(`incidents/${CLOUDFLARE.id}`);
    await page.getByRole("button", { name: "Copy link" }).click();
    await expect(page.getByText("Link copied.")).toBeVisible();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(`${baseURL}incidents/${CLOUDFLARE.id}`);
  });

  test("an unknown id suggests the closest ids", async ({ page }) => {
    await page.goto("incidents/cloudflare-2020-11-02-etcd");
    await expect(page.getByRole("heading", { level: 1, name: "Incident not found" })).toBeVisible();
    await expect(page.getByRole("link", { name: CLOUDFLARE.title })).toBeVisible();
  });
});

test.describe("keyboard, phone and accessibility", () => {
  test("from search to an incident and back by keyboard", async ({ page }) => {
    await page.goto("./");
    await expect(cards(page)).toHaveCount(shown(incidents.length));
    // The served page lists as many cards as the app's: "/" works once the app's search box
    // is there.
    await expect(page.getByLabel("Search")).toBeVisible();
    await page.keyboard.press("/");
    await expect(page.getByLabel("Search")).toBeFocused();
    await page.keyboard.type("etcd");
    await expect(page).toHaveURL(/\?q=etcd$/);
    // Past the filters in one step: the button after the search box goes to the cards.
    await page.keyboard.press("Tab");
    await expect(page.getByRole("button", { name: "Skip to the incidents" })).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(cards(page).first().getByRole("heading").getByRole("link")).toBeFocused();
    const target = page.getByRole("link", { name: CLOUDFLARE.title });
    for (let i = 0; i < 30 && !(await target.evaluate((el) => el === document.activeElement)); i++) {
      await page.keyboard.press("Tab");
    }
    await expect(target).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(CLOUDFLARE.title);
    await expect(page.getByRole("heading", { level: 1 })).toBeFocused();
    await page.goBack();
    await expect(page).toHaveURL(/\?q=etcd$/);
    await expect(page.getByLabel("Search")).toHaveValue("etcd");
  });

  test("focus is visible", async ({ page }) => {
    await page.goto("./");
    await expect(cards(page)).toHaveCount(shown(incidents.length));
    // The served page lists as many cards as the app's: "/" works once the app's search box
    // is there.
    await expect(page.getByLabel("Search")).toBeVisible();
    await page.keyboard.press("/");
    await expect(page.getByLabel("Search")).toBeFocused();
    const outline = await page.getByLabel("Search").evaluate((el) => getComputedStyle(el).outlineStyle);
    expect(outline).not.toBe("none");
  });

  for (const path of ["./", `incidents/${CLOUDFLARE.id}`, "./?q=etcd"]) {
    test(`no sideways scrolling at 360 px: ${path}`, async ({ page }) => {
      await page.setViewportSize({ width: 360, height: 740 });
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width).toBeLessThanOrEqual(360);
    });
  }

  for (const colorScheme of ["light", "dark"]) {
    for (const [name, path] of [
      ["timeline", "./"],
      ["filtered timeline", "./?q=etcd&type=consensus"],
      ["incident page", `incidents/${CLOUDFLARE.id}`],
    ]) {
      test(`no serious or critical axe violations: ${name}, ${colorScheme}`, async ({ page }) => {
        await page.emulateMedia({ colorScheme });
        await page.goto(path);
        await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
        const results = await new AxeBuilder({ page }).analyze();
        const serious = results.violations
          .filter((v) => v.impact === "serious" || v.impact === "critical")
          .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")})`);
        expect(serious).toEqual([]);
      });
    }
  }

  // WCAG 2.2 target size at phone width, where Lighthouse checks it: cards not yet drawn
  // (content-visibility) must not make their chips look covered.
  for (const path of ["./", `incidents/${CLOUDFLARE.id}`]) {
    test(`touch targets are large enough at phone width: ${path}`, async ({ page }) => {
      await page.setViewportSize({ width: 412, height: 823 });
      await page.goto(path);
      await expect(page.getByRole("searchbox", { name: "Search" }).or(page.getByRole("group", { name: /Causal chain diagram/ }))).toBeVisible();
      const results = await new AxeBuilder({ page }).withRules(["target-size"]).analyze();
      expect(results.violations.flatMap((v) => v.nodes.map((n) => n.target.join(" ")))).toEqual([]);
    });
  }
});
