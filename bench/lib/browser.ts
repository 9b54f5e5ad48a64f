import * as fs from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { type Browser, type BrowserContext, chromium } from 'playwright-core';

export const CLIENT_DIST = path.resolve(__dirname, '../../../../client/dist');

/** Debian's headless chromium, with the flags the browser tests use. */
export function launchChromium(): Promise<Browser> {
  const candidates = [process.env.PEEL_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  const executablePath = candidates.find((candidate) => candidate && fs.existsSync(candidate));
  if (!executablePath)
    throw new Error('Debian chromium is not installed: apt-get install -y chromium');
  return chromium.launch({
    executablePath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

export interface RouteJs {
  files: Array<{ file: string; bytes: number; gzipBytes: number }>;
  gzipKb: number;
}

/**
 * The JavaScript a page loads when opened directly (a fresh page of a signed-in context): every
 * `/assets/*.js` response until `ready` resolves, sized from the build output and gzipped.
 */
export async function routeJs(
  context: BrowserContext,
  url: string,
  ready: (page: import('playwright-core').Page) => Promise<void>,
): Promise<RouteJs> {
  const page = await context.newPage();
  const loaded = new Set<string>();
  page.on('response', (response) => {
    const { pathname } = new URL(response.url());
    if (pathname.startsWith('/assets/') && pathname.endsWith('.js')) loaded.add(pathname);
  });
  await page.goto(url);
  await ready(page);
  await page.close();
  const files = [...loaded].sort().map((pathname) => {
    const content = fs.readFileSync(path.join(CLIENT_DIST, pathname));
    return { file: pathname, bytes: content.length, gzipBytes: gzipSync(content).length };
  });
  const gzipKb = files.reduce((sum, file) => sum + file.gzipBytes, 0) / 1000;
  return { files, gzipKb };
}
