import { existsSync } from 'node:fs';
import { Browser, chromium } from 'playwright-core';

/**
 * Debian's Chromium (or CHROMIUM_PATH), headless, driven by playwright-core,
 * which downloads no browser of its own. `npm test` installs Chromium when it
 * is missing (tools/browser/ensure-chromium.sh); elsewhere its absence is a
 * failure with the fix named, never a silent skip.
 */
export async function launchChromium(): Promise<Browser> {
  const executablePath = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path): path is string => !!path && existsSync(path));
  if (!executablePath) throw new Error('No Chromium: run `bash tools/browser/ensure-chromium.sh` (installs Debian\'s chromium as root) or set CHROMIUM_PATH');
  // --no-sandbox: the tests run as root on CI, where Chromium's sandbox refuses to start.
  return chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
}
