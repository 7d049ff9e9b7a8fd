/**
 * `npm run dashboard:screenshot`: renders the dashboard of a running platform
 * (`npm start`, or DASHBOARD_URL) into docs/dashboard.png for the README.
 */
import { join } from 'node:path';
import { launchChromium } from '@palembang/platform/testing';

async function main(): Promise<void> {
  const url = process.env.DASHBOARD_URL ?? 'http://127.0.0.1:3000/dashboard';
  const file = join(__dirname, '..', '..', 'docs', 'dashboard.png');
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(url);
    await page.waitForSelector('body[data-loaded="true"]', { timeout: 20_000 });
    await page.screenshot({ path: file, fullPage: true });
    console.log(`wrote ${file}`);
  } finally {
    await browser.close();
  }
}

main().catch((error: unknown) => {
  console.error(`dashboard screenshot failed: ${error instanceof Error ? error.message : String(error)} (is \`npm start\` running?)`);
  process.exit(1);
});
