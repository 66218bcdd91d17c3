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
  // 50 cards a window (TIMELINE_PAGE in src/app/mod.rs).
  await expect(cards).toHaveCount(50);
  await expect(page.getByText(`Showing 50 of ${total} matching incidents.`)).toBeVisible();
  await page.getByRole("button", { name: "Show 50 more" }).click();
  await expect(cards).toHaveCount(100);
  await page.getByRole("button", { name: `Show ${Math.min(50, total - 100)} more` }).click();
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
