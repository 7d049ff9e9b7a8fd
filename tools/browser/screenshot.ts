/**
 * `npm run dashboard:screenshot`: renders the dashboard of a running platform
 * (`npm start`, or DASHBOARD_URL) into docs/dashboard.png for the README, and the
 * page of the agency ranked first into docs/dashboard-agency.png.
 */
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium } from '@palembang/platform/testing';

const DOCS = join(__dirname, '..', '..', 'docs');

async function render(browser: Browser, url: string, file: string): Promise<void> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(url);
  await page.waitForSelector('body[data-loaded="true"]', { timeout: 30_000 });
  await page.screenshot({ path: file, fullPage: true });
  console.log(`wrote ${file}`);
  await page.close();
}

async function main(): Promise<void> {
  const url = process.env.DASHBOARD_URL ?? 'http://127.0.0.1:3000/dashboard';
  const browser = await launchChromium();
  try {
    await render(browser, url, join(DOCS, 'dashboard.png'));
    const page = await browser.newPage();
    await page.goto(url);
    await page.waitForSelector('body[data-loaded="true"]', { timeout: 30_000 });
    const first = await page.getAttribute('#ranking tbody tr a[data-agency]', 'href');
    await page.close();
    if (first) await render(browser, new URL(first, url).toString(), join(DOCS, 'dashboard-agency.png'));
  } finally {
    await browser.close();
  }
}

main().catch((error: unknown) => {
  console.error(`dashboard screenshot failed: ${error instanceof Error ? error.message : String(error)} (is \`npm start\` running?)`);
  process.exit(1);
});
