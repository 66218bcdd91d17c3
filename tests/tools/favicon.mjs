// Draws assets/favicon.png from assets/favicon.svg with the browser the tests use:
//   node tests/tools/favicon.mjs
// The site's icon is the PNG, written into each page as a `data:` URL by `atlas pages`
// (static_pages::with_inline_icon). Chromium fetches and decodes a page's icon again after
// each same-document navigation, and each filter change is one: an SVG file icon is parsed
// as a whole SVG document each time (3–5 ms of the main thread, measured in a trace of
// `make bench`'s filter changes), a PNG file still cost 3–7 ms, a `data:` URL nothing
// measurable.
import { chromium } from "playwright-core";
import { readFileSync } from "node:fs";

const size = 32;
const svg = readFileSync("assets/favicon.svg", "utf8");
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ["--no-sandbox"] });
try {
  const page = await browser.newPage({ viewport: { width: size, height: size } });
  await page.setContent(`<body style="margin:0">${svg.replace("<svg ", `<svg width="${size}" height="${size}" `)}</body>`);
  await page.screenshot({ path: "assets/favicon.png", omitBackground: true });
} finally {
  await browser.close();
}
