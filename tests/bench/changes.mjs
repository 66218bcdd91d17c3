// The 100 filter changes both `make bench` (bench.mjs) and `make bench-repaint` (repaint.mjs)
// time: 50 search keystrokes and 50 year changes, each from the event to the frame after the
// page updated. Returns the times in ms, in the order made.
export async function timeChanges(page) {
  const years = await page.locator("#filter-year option").evaluateAll((options) => options.map((o) => o.value).filter(Boolean));
  return page.evaluate(async (years) => {
    const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    const input = document.getElementById("filter-search");
    const select = document.getElementById("filter-year");
    const text = "cluster failover storm replica";
    const out = [];
    for (let i = 0; i < 100; i++) {
      const start = performance.now();
      if (i % 2 === 0) {
        const n = (i / 2) % (text.length + 1);
        input.value = text.slice(0, n);
        input.dispatchEvent(new Event("input", { bubbles: true }));
      } else {
        select.value = i % 4 === 1 ? years[(i / 4) % years.length | 0] : "";
        select.dispatchEvent(new Event("change", { bubbles: true }));
      }
      await frame();
      out.push(performance.now() - start);
    }
    return out;
  }, years);
}
