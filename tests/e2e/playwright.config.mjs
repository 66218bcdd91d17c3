// Browser tests: the release build in Debian's headless Chromium, served under a sub-path by
// a server that behaves like GitHub Pages. `make test` builds dist/ with BASE=/incident-atlas/
// first. Playwright never downloads a browser here: it drives /usr/bin/chromium.
import { defineConfig } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 4173);
export const BASE_PATH = "/incident-atlas/";

export default defineConfig({
  testDir: ".",
  testMatch: "*.spec.mjs",
  timeout: 30_000,
  fullyParallel: true,
  workers: 2,
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: [["list"]],
  outputDir: "test-results",
  use: {
    baseURL: `http://127.0.0.1:${port}${BASE_PATH}`,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      // No sandbox as root; no background traffic, which this machine's closed network refuses.
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
    trace: "off",
  },
  webServer: {
    command: `node static-server.mjs --root ../../dist --base ${BASE_PATH} --port ${port}`,
    url: `http://127.0.0.1:${port}${BASE_PATH}`,
    reuseExistingServer: false,
    stdout: "ignore",
  },
});
