// The served HTML carries the page as plain markup before the app starts (src/site/prerender.rs):
// readable without JavaScript, and replaced by the app without ever showing two pages.
import { test, expect } from "./fixtures.mjs";
import { readFileSync } from "node:fs";

const catalogue = JSON.parse(readFileSync(new URL("../../public/catalogue.json", import.meta.url), "utf8"));
const newest = [...catalogue.incidents].sort((a, b) => (a.start < b.start ? 1 : -1))[0];
const CLOUDFLARE = catalogue.incidents.find((i) => i.id === "cloudflare-2020-11-02-etcd-byzantine-switch");

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the home page lists the newest incidents", async ({ page }) => {
    await page.goto("./");
    const main = page.getByRole("main");
    await expect(main.getByRole("heading", { level: 1, name: "Incidents" })).toBeVisible();
    await expect(main).toContainText(`${catalogue.incidents.length} incidents`);
    await expect(main.getByRole("link", { name: newest.title })).toHaveAttribute("href", `/incident-atlas/incidents/${newest.id}`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveCount(1);
  });

  test("an incident page carries its write-up, chain in words, remediation and links", async ({ page }) => {
    await page.goto(`incidents/${CLOUDFLARE.id}/`);
    const main = page.getByRole("main");
    await expect(main.getByRole("heading", { level: 1 })).toHaveText(CLOUDFLARE.title);
    await expect(main.getByRole("heading", { name: "What happened" })).toBeVisible();
    await expect(main).toContainText("Raft");
    await expect(main).toContainText(CLOUDFLARE.remediation[0]);
    const postmortem = CLOUDFLARE.links.find((l) => l.kind === "postmortem");
    await expect(main.getByRole("link", { name: "Postmortem" })).toHaveAttribute("href", postmortem.url);
  });
});

test("the app takes over from the served markup: one banner, one main, one h1", async ({ page }) => {
  await page.goto(`incidents/${CLOUDFLARE.id}/`);
  // The app's own page has the diagram, which the served markup does not.
  await expect(page.getByRole("group", { name: /causal chain/i })).toBeVisible();
  await expect(page.locator("#prerendered")).toHaveCount(0);
  await expect(page.getByRole("banner")).toHaveCount(1);
  await expect(page.getByRole("main")).toHaveCount(1);
  await expect(page.getByRole("heading", { level: 1 })).toHaveCount(1);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(CLOUDFLARE.title);
});
