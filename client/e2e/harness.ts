import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { freshDatabaseUrl } from '../../server/test/db';
import { startServerProcess } from '../../server/test/load/server-process';

/** The demo accounts' password (`npm start` prints it with the logins). */
export const DEMO_PASSWORD = 'peel-demo-password';

export interface Harness {
  baseUrl: string;
  databaseUrl: string;
  /** One statement on the app's database, on a connection of its own. */
  sql<T>(text: string, params?: unknown[]): Promise<T[]>;
  /** The server's data folder (the sample's images are served from `<dataDir>/sample`). */
  dataDir: string;
  browser: Browser;
  newPage(): Promise<{ context: BrowserContext; page: Page }>;
  close(): Promise<void>;
}

function chromiumPath(): string {
  const candidates = [process.env.PEEL_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  const found = candidates.find((candidate) => candidate && fs.existsSync(candidate));
  if (!found) throw new Error('Debian chromium is not installed: apt-get install -y chromium');
  return found;
}

/**
 * Starts the built server on this worker's test database with the sample data and the demo
 * accounts, and a headless chromium.
 */
export async function startHarness(env: Record<string, string> = {}): Promise<Harness> {
  // Each test file starts the app on an empty database of its own (a first start, as a user's).
  const databaseUrl = await freshDatabaseUrl();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'peel-browser-'));
  const server = await startServerProcess(databaseUrl, {
    PEEL_DATA_DIR: dataDir,
    PEEL_SAMPLE_DATA: 'true',
    PEEL_DEMO: 'true',
    ...env,
  });
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
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
  return {
    baseUrl: server.baseUrl,
    databaseUrl,
    sql: async <T>(text: string, params: unknown[] = []) => {
      const client = new Client({ connectionString: databaseUrl });
      await client.connect();
      try {
        return (await client.query(text, params)).rows as T[];
      } finally {
        await client.end();
      }
    },
    dataDir,
    browser,
    newPage: async () => {
      const context = await browser.newContext({
        baseURL: server.baseUrl,
        viewport: { width: 1280, height: 800 },
      });
      return { context, page: await context.newPage() };
    },
    close: async () => {
      await browser.close();
      await server.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Signs the demo admin in through the login form and waits for the console. */
export async function signInAdmin(page: Page): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Email').fill('admin@example.com');
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Admin console' }).waitFor();
}
