// The home page opens on incidents (issue 19): the first card in the first screen on a laptop
// and a phone, the filters folded behind "Filters (N)" on a narrow screen and beside the
// cards on a wide one, failure types and mechanisms as chips that count what they would match,
// and a timeline dense enough for three cards a screen. Expected numbers come from the bundled
// catalogue, so the tests hold as it grows.
import { test, expect } from "./fixtures.mjs";
import AxeBuilder from "@axe-core/playwright";
import { readFileSync } from "node:fs";

const catalogue = JSON.parse(readFileSync(new URL("../../public/catalogue.json", import.meta.url), "utf8"));
const incidents = catalogue.incidents;
const typesOf = (i) => [i.failure_types.trigger, ...(i.failure_types.contributing ?? [])];
const yearOf = (i) => Number(i.start.slice(0, 4));
const labelOf = (id) => catalogue.failure_types.find((t) => t.id === id).label;
const namesMechanism = (i, id) => i.causal_chain.nodes.some((n) => n.mechanism === id);

const LAPTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

const cards = (page) => page.getByRole("main").getByRole("article");
const typeGroup = (page) => page.getByRole("group", { name: "Failure type" });
const typeChip = (page, id) => typeGroup(page).getByRole("checkbox", { name: labelOf(id), exact: true });
const filtersButton = (page) => page.getByRole("button", { name: /^Filters/ });

/// Waits for the app's page (its search box), not only the served cards.
async function openHome(page, path = "./") {
  await page.goto(path);
  await expect(page.getByRole("searchbox", { name: "Search" })).toBeVisible();
  await expect(cards(page).first()).toBeVisible();
}

function inside(box, viewport) {
  return box.x >= 0 && box.y >= 0 && box.x + box.width <= viewport.width && box.y + box.height <= viewport.height;
}

test.describe("incidents in the first screen", () => {
  test("at 1280 x 800 the first card is whole without scrolling, filters beside it", async ({ page }) => {
    await page.setViewportSize(LAPTOP);
    await openHome(page);
    const first = await cards(page).first().boundingBox();
    expect(inside(first, LAPTOP), JSON.stringify(first)).toBe(true);
    // On a wide screen the filters are open beside the cards, with no button to unfold them.
    await expect(filtersButton(page)).toBeHidden();
    await expect(typeGroup(page)).toBeVisible();
    const form = await page.getByRole("search", { name: "Filter incidents" }).boundingBox();
    expect(form.x + form.width).toBeLessThanOrEqual(first.x);
  });

  test("at 390 x 844 the search box and the first card's title are in view", async ({ page }) => {
    await page.setViewportSize(PHONE);
    await openHome(page);
    const search = await page.getByRole("searchbox", { name: "Search" }).boundingBox();
    expect(inside(search, PHONE), JSON.stringify(search)).toBe(true);
    const title = await cards(page).first().getByRole("heading").boundingBox();
    expect(inside(title, PHONE), JSON.stringify(title)).toBe(true);
    // The whole first card too, while the newest incident's summary is of the usual length.
    const first = await cards(page).first().boundingBox();
    expect(inside(first, PHONE), JSON.stringify(first)).toBe(true);
    // The key to the overview's colours is folded here, one tap away.
    await expect(page.getByText("What the colours mean")).toBeVisible();
  });

  test("the overview of the years stays, compact", async ({ page }) => {
    await page.setViewportSize(LAPTOP);
    await openHome(page);
    const overview = page.getByRole("region", { name: "Incidents over time" });
    await expect(overview).toBeVisible();
    const years = [...new Set(incidents.map(yearOf))];
    await expect(overview.getByRole("link")).toHaveCount(Math.max(...years) - Math.min(...years) + 1);
    expect((await overview.boundingBox()).height).toBeLessThan(200);
  });
});

test.describe("filters fold on a narrow screen", () => {
  test("the button says how many filters are chosen and unfolds them", async ({ page }) => {
    await page.setViewportSize(PHONE);
    await openHome(page, "./?year=2020&type=dns");
    const button = filtersButton(page);
    await expect(button).toHaveAccessibleName("Filters (2)");
    await expect(button).toHaveAttribute("aria-expanded", "false");
    await expect(typeGroup(page)).toBeHidden();
    await button.click();
    await expect(button).toHaveAttribute("aria-expanded", "true");
    await expect(typeChip(page, "dns")).toBeChecked();
    await expect(page.getByLabel("Year")).toHaveValue("2020");
    // Choosing one more says so on the button, and the address holds it.
    await typeChip(page, "network").check();
    await expect(page).toHaveURL(/\?year=2020&type=network%2Cdns$/);
    await expect(button).toHaveAccessibleName("Filters (3)");
    await button.click();
    await expect(typeGroup(page)).toBeHidden();
  });

  test("with nothing chosen the button says Filters, and the keyboard opens it", async ({ page }) => {
    await page.setViewportSize(PHONE);
    await openHome(page);
    const button = filtersButton(page);
    await expect(button).toHaveAccessibleName("Filters");
    await button.focus();
    await page.keyboard.press("Enter");
    await expect(page.getByLabel("Organisation")).toBeVisible();
  });
});

test.describe("failure types and mechanisms as chips", () => {
  test("each type is a checkbox named by its label, with its colour and the count it would match", async ({ page }) => {
    await openHome(page);
    const chips = typeGroup(page).getByRole("checkbox");
    await expect(chips).toHaveCount(catalogue.failure_types.length);
    await expect(page.getByRole("listbox")).toHaveCount(0);
    for (const type of catalogue.failure_types) {
      const chip = typeChip(page, type.id);
      const count = incidents.filter((i) => typesOf(i).includes(type.id)).length;
      await expect(chip).toHaveAccessibleDescription(String(count));
    }
    // Its colour: the swatch beside the label is painted.
    const label = typeChip(page, "dns").locator("xpath=..");
    const colour = await label.locator("[aria-hidden=true]").first().evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(colour).not.toBe("rgba(0, 0, 0, 0)");
  });

  test("counts follow the other filters; a chip toggles by keyboard and in the address", async ({ page }) => {
    const year = 2021;
    await openHome(page, `./?year=${year}`);
    const ofYear = incidents.filter((i) => yearOf(i) === year);
    for (const id of ["config", "dns", "network"]) {
      await expect(typeChip(page, id)).toHaveAccessibleDescription(String(ofYear.filter((i) => typesOf(i).includes(id)).length));
    }
    await typeChip(page, "config").focus();
    await page.keyboard.press("Space");
    await expect(page).toHaveURL(new RegExp(`\\?year=${year}&type=config$`));
    const matched = ofYear.filter((i) => typesOf(i).includes("config")).length;
    await expect(page.locator(".result-count")).toHaveText(`${matched} of ${incidents.length} incidents match`);
    await page.keyboard.press("Space");
    await expect(page).toHaveURL(new RegExp(`\\?year=${year}$`));
    await page.goBack();
    await expect(typeChip(page, "config")).toBeChecked();
  });

  test("mechanism chips count the incidents with a step of theirs", async ({ page }) => {
    const withMechanisms = catalogue.mechanisms ?? [];
    test.skip(withMechanisms.length === 0, "the catalogue names no mechanisms");
    await openHome(page);
    const group = page.getByRole("group", { name: "Mechanism", exact: true });
    await expect(group.getByRole("checkbox")).toHaveCount(withMechanisms.length);
    const [first] = withMechanisms;
    const chip = group.getByRole("checkbox", { name: first.label, exact: true });
    await expect(chip).toHaveAccessibleDescription(String(incidents.filter((i) => namesMechanism(i, first.id)).length));
    await chip.check();
    await expect(page).toHaveURL(new RegExp(`\\?mech=${first.id}$`));
  });
});

test.describe("a denser timeline", () => {
  test("at 1280 px at least three cards fit one screen, each with its facts", async ({ page }) => {
    await page.setViewportSize(LAPTOP);
    await openHome(page);
    await cards(page).first().evaluate((card) => window.scrollTo(0, card.getBoundingClientRect().top + window.scrollY));
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const boxes = await cards(page).evaluateAll((all) => all.map((card) => card.getBoundingClientRect().toJSON()));
    // Within a pixel: scrolling to a fractional offset rounds.
    const whole = boxes.filter((box) => box.top >= -1 && box.bottom <= LAPTOP.height + 1);
    expect(whole.length, JSON.stringify(boxes.slice(0, 5).map((b) => [b.top, b.bottom]))).toBeGreaterThanOrEqual(3);
    const card = cards(page).first();
    await expect(card.getByRole("heading").getByRole("link")).toBeVisible();
    await expect(card.locator("time")).toBeVisible();
    await expect(card.getByRole("link", { name: /^Trigger:/ })).toBeVisible();
    await expect(card.locator(".incident-card__summary")).not.toBeEmpty();
  });
});

for (const colorScheme of ["light", "dark"]) {
  test(`no serious axe findings with the filters unfolded on a phone, ${colorScheme}`, async ({ page }) => {
    test.setTimeout(120_000);
    await page.emulateMedia({ colorScheme });
    await page.setViewportSize(PHONE);
    await openHome(page, "./?type=dns");
    await filtersButton(page).click();
    await expect(typeGroup(page)).toBeVisible();
    const results = await new AxeBuilder({ page }).analyze();
    const serious = results.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")})`);
    expect(serious).toEqual([]);
  });
}
