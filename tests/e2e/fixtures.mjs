// Every browser test runs through this `test`: it fails the test on any content security
// policy violation and on any uncaught error in the page, whatever the test itself checks.
// Both are collected from the console and page events, so they survive navigations.
import { test as base, expect } from "@playwright/test";

export const test = base.extend({
  page: async ({ page }, use) => {
    const violations = [];
    const pageErrors = [];
    page.on("pageerror", (error) => pageErrors.push(String(error)));
    page.on("console", (message) => {
      const text = message.text();
      if (text.startsWith("securitypolicyviolation:") || text.includes("Content Security Policy")) violations.push(text);
    });
    await page.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (event) => {
        console.error(`securitypolicyviolation: ${event.violatedDirective} blocked ${event.blockedURI || "inline code"}`);
      });
    });
    await use(page);
    expect(violations, "content security policy violations").toEqual([]);
    expect(pageErrors, "uncaught errors in the page").toEqual([]);
  },
});

export { expect };
