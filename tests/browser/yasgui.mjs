// Drive the query UI in headless Chromium: open an example tab, press run, expect result rows.
//
//   node tests/browser/yasgui.mjs BASE_URL [OUTDIR] [EXAMPLE_TITLE]
//
// Needs `playwright-core` (npm; resolved from NODE_PATH or ./node_modules) and Debian's
// /usr/bin/chromium (or $CHROMIUM). Prints one JSON line; exits 1 on a console error, a
// request leaving the server's origin, or no result rows; then follows the first result IRI
// to our page for it. tests/test_browser.py runs it.
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(path.join(process.cwd(), "noop.js"));
const { chromium } = require("playwright-core");

const [base, outdir = "/tmp", wanted = ""] = process.argv.slice(2);
const origin = new URL(base).origin;
const problems = [];
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run"],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  page.on("console", (msg) => { if (msg.type() === "error") problems.push(`console: ${msg.text()}`); });
  page.on("pageerror", (err) => problems.push(`page error: ${err.message}`));
  page.on("response", (res) => { if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.url()}`); });
  page.on("request", (req) => {
    const url = req.url();
    if (!url.startsWith(origin) && !url.startsWith("data:")) problems.push(`external request: ${url}`);
  });

  await page.goto(`${base}/`, { waitUntil: "load" });
  await page.waitForSelector(".yasgui .tabsList");
  const tabs = await page.$$eval(".tabsList .tab a", (links) => links.map((a) => a.textContent.trim()));
  const title = wanted || tabs.find((t) => t && t !== "Query" && t !== "+") || "Query";
  await page.locator(".tabsList .tab a", { hasText: title }).first().click();
  const panel = page.locator(".tabPanel.active");
  await panel.locator(".yasqe_queryButton").click();
  await panel.locator(".yasr .dataTable tbody tr, .yasr .yasr_response, .yasr .errorResult")
    .first().waitFor({ timeout: 15000 });
  const rows = await panel.locator(".yasr .dataTable tbody tr").count();
  const error = await panel.locator(".yasr .errorResult").count();
  await page.screenshot({ path: path.join(outdir, "yasgui-run.png") });
  if (!rows || error) problems.push(`no result rows for "${title}" (error box: ${error})`);

  // A result IRI of ours opens this server's page for it.
  let opened = "";
  const link = panel.locator('.yasr .dataTable tbody a[href*="/id/"]').first();
  if (rows && (await link.count())) {
    await Promise.all([page.waitForURL((u) => u.href.startsWith(`${base}/id/`)), link.click()]);
    await page.waitForSelector("main h1");
    opened = new URL(page.url()).pathname;
    await page.screenshot({ path: path.join(outdir, "opened-page.png"), fullPage: true });
  }
  console.log(JSON.stringify({ tabs, ran: title, rows, opened, problems }));
} finally {
  await browser.close();
}
process.exit(problems.length ? 1 : 0);
