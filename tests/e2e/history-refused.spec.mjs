// When the browser refuses to update the history (Safari throws a SecurityError for more than
// 100 pushState/replaceState calls in 30 seconds), the timeline goes on filtering as a person
// types, nothing fails, and the address catches up once updates are allowed again.
import { test, expect } from "./fixtures.mjs";

// History updates the page may make before the browser starts refusing them.
const ALLOWED = 5;
const TYPED = "cloudflare etcd";

const cards = (page) => page.getByRole("main").getByRole("article");
const resultCount = (page) => page.getByRole("status").filter({ hasText: /incidents? match/ });

// What the timeline shows for a search, read from a fresh page opened at that search's link.
async function expectedFor(context, query) {
  const fresh = await context.newPage();
  await fresh.goto(`./?q=${encodeURIComponent(query)}`);
  await expect(resultCount(fresh)).toHaveText(/^\d+ of \d+ incidents match$/);
  const shown = {
    count: await resultCount(fresh).textContent(),
    titles: await cards(fresh).getByRole("heading").allTextContents(),
  };
  await fresh.close();
  return shown;
}

test("typing fast while the browser refuses history updates keeps filtering, and the address catches up", async ({
  page,
  context,
}) => {
  const expected = await expectedFor(context, TYPED);
  expect(expected.titles.length).toBeGreaterThan(0);

  await page.addInitScript((allowed) => {
    let calls = 0;
    window.historyRefusals = 0;
    window.historyAllowed = false;
    for (const name of ["pushState", "replaceState"]) {
      const update = History.prototype[name];
      History.prototype[name] = function (...args) {
        calls += 1;
        if (calls > allowed && !window.historyAllowed) {
          window.historyRefusals += 1;
          throw new DOMException(`Attempt to use history.${name}() more than ${allowed} times`, "SecurityError");
        }
        return update.apply(this, args);
      };
    }
  }, ALLOWED);

  await page.goto("./");
  const search = page.getByLabel("Search");
  await expect(search).toBeVisible();
  await search.pressSequentially(TYPED);
  await expect(search).toHaveValue(TYPED);
  await expect(resultCount(page)).toHaveText(expected.count);
  await expect(cards(page).getByRole("heading")).toHaveText(expected.titles);
  expect(await page.evaluate(() => window.historyRefusals)).toBeGreaterThan(0);

  // Updates allowed again: the address catches up with what was typed, unasked.
  await page.evaluate(() => {
    window.historyAllowed = true;
  });
  await expect(page).toHaveURL(/\?q=cloudflare\+etcd$/);

  // And the next change goes into the address as a change does.
  await page.getByLabel("Year").selectOption("2020");
  await expect(page).toHaveURL(/\?year=2020&q=cloudflare\+etcd$/);
  await expect(cards(page).getByRole("heading").first()).toBeVisible();
  for (const time of await cards(page).locator("time").all()) {
    expect(await time.getAttribute("datetime")).toMatch(/^2020-/);
  }
  // The change was an entry of its own: Back returns to the search alone.
  await page.goBack();
  await expect(page).toHaveURL(/\?q=cloudflare\+etcd$/);
  await expect(page.getByLabel("Year")).toHaveValue("");
  await expect(resultCount(page)).toHaveText(expected.count);
});
