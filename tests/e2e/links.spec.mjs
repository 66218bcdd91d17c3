// The links the app follows itself (src/app/location.rs) and those it leaves to the browser.
import { test, expect } from "./fixtures.mjs";

const INCIDENT = "incidents/cloudflare-2020-11-02-etcd-byzantine-switch";
const TITLE = "A half-working switch stalls etcd and sets off a database failover cascade";

test("the skip link on an incident page stays on that page", async ({ page }) => {
  await page.goto(INCIDENT);
  // Only the app's page has "Copy link": the served page has been replaced by then.
  await expect(page.getByRole("button", { name: "Copy link" })).toBeVisible();
  await page.getByRole("link", { name: "Skip to content" }).focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/incidents\/cloudflare-2020-11-02-etcd-byzantine-switch\/?#main$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(TITLE);
});

test.describe("before the app starts, or without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the served page's skip link stays on that page too", async ({ page }) => {
    // The page has <base href>: a bare "#main-static" would lead to the home page.
    await page.goto(INCIDENT);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(TITLE);
    await page.getByRole("link", { name: "Skip to content" }).focus();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/incidents\/cloudflare-2020-11-02-etcd-byzantine-switch\/?#main-static$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(TITLE);
  });
});

test("the site's name leaves a search, and Back returns to it", async ({ page }) => {
  await page.goto("./");
  await page.getByLabel("Search").fill("etcd");
  await expect(page).toHaveURL(/\?q=etcd$/);
  await page.getByRole("link", { name: "Incident Atlas" }).click();
  await expect(page).toHaveURL(/\/incident-atlas\/$/);
  await expect(page.getByLabel("Search")).toHaveValue("");
  await page.goBack();
  await expect(page).toHaveURL(/\?q=etcd$/);
  await expect(page.getByLabel("Search")).toHaveValue("etcd");
});

test("a link to a file of the site is left to the browser", async ({ page }) => {
  await page.goto("./");
  await expect(page.getByLabel("Search")).toBeVisible();
  await page.getByRole("link", { name: "The catalogue as JSON" }).click();
  await expect(page).toHaveURL(/\/catalogue-full\.json$/);
  await expect.poll(() => page.evaluate(() => document.contentType)).toBe("application/json");
});
