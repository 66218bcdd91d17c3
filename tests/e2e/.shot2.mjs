import { chromium } from "@playwright/test";
const [url, out, scheme, w, h, sel] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
const page = await browser.newPage({ viewport: { width: +w, height: +h }, colorScheme: scheme });
await page.goto(url);
await page.waitForTimeout(1500);
if (sel) await page.locator(sel).first().scrollIntoViewIfNeeded();
await page.screenshot({ path: out });
await browser.close();
