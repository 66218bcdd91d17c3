// A long timeline renders a window of cards and grows it on request; Back to the timeline
// shows as many cards as before.
import { test, expect } from "./fixtures.mjs";
import { readFileSync } from "node:fs";

const generated = readFileSync(new URL("../../target/e2e/catalogue-150.json", import.meta.url), "utf8");
const total = JSON.parse(generated).incidents.length;

test.beforeEach(async ({ page }) => {
  await page.route("**/catalogue.json", (route) => route.fulfill({ contentType: "application/json", body: generated }));
});

test("a long timeline shows a first window of cards and more on request", async ({ page }) => {
  await page.goto("./");
  const cards = page.getByRole("main").getByRole("article");
  // 20 cards a window (TIMELINE_PAGE in src/timeline/mod.rs).
  await expect(cards).toHaveCount(20);
  await expect(page.getByText(`Showing 20 of ${total} matching incidents.`)).toBeVisible();
  await page.getByRole("button", { name: "Show 20 more" }).click();
  await expect(cards).toHaveCount(40);
  // Reading goes on from the first new card.
  await expect(cards.nth(20).getByRole("heading").getByRole("link")).toBeFocused();
  while (await page.getByRole("button", { name: /^Show \d+ more$/ }).count()) {
    const before = await cards.count();
    await page.getByRole("button", { name: `Show ${Math.min(20, total - before)} more` }).click();
    await expect(cards).toHaveCount(Math.min(total, before + 20));
  }
  await expect(cards).toHaveCount(total);
  await expect(page.getByRole("button", { name: /^Show \d+ more$/ })).toHaveCount(0);

  // Open an incident from beyond the first window, then come back: the window is kept.
  const last = cards.last().getByRole("heading").getByRole("link");
  const title = await last.textContent();
  await last.click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  await page.goBack();
  await expect(cards).toHaveCount(total);
});

test("filtering searches all incidents, not only the window", async ({ page }) => {
  await page.goto("./");
  await page.getByLabel("Search").fill("Example 150");
  await expect(page.getByRole("main").getByRole("article")).toHaveCount(1);
});

test("Back to the timeline returns to the card that was at the top of the screen", async ({ page }) => {
  await page.setViewportSize({ width: 1000, height: 700 });
  await page.goto("./");
  const cards = page.getByRole("main").getByRole("article");
  await page.getByRole("button", { name: "Show 20 more" }).click();
  await expect(cards).toHaveCount(40);
  // Read down to the 30th card, then open the 32nd.
  await cards.nth(29).scrollIntoViewIfNeeded();
  // Cards drawn for the first time change size (their placeholder is taller); let the page
  // settle for two frames before reading what is at the top.
  const frames = () => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await frames();
  await frames();
  const topCard = () =>
    page.evaluate(() => {
      const below = [...document.querySelectorAll("main article")].find((card) => card.getBoundingClientRect().bottom > 0);
      return below?.querySelector("h3")?.textContent;
    });
  const before = await topCard();
  const link = cards.nth(31).getByRole("heading").getByRole("link");
  const title = await link.textContent();
  await link.click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  await page.goBack();
  await expect(cards).toHaveCount(40);
  await expect.poll(topCard).toBe(before);
});
