import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type BrowserContext, type Page } from 'playwright-core';
import { type Harness, startHarness } from './harness';
import { openBatch } from './rater';

/**
 * Hostile text imported through the real importer (instructions, summaries, multi-turn prompts,
 * image paths), typed by an admin (batch names, markdown guidelines, display names), then shown
 * in every view that renders it, under the app's Content-Security-Policy: nothing runs, nothing
 * becomes markup, the text reads as typed, and the browser reports no CSP violation.
 */
const CLI = path.resolve(__dirname, '../../server/dist/src/cli/main.js');
const tag = randomUUID().slice(0, 8);

const PAYLOADS = {
  long: `Make it warmer <img src=x onerror="window.__xss=1;alert(1)"> <script>window.__xss=2</script> ${tag}`,
  short: `<b>bold</b><svg onload="window.__xss=3"></svg> [click](javascript:alert(1)) ${tag}`,
  prompt: `<iframe src="javascript:alert(1)"></iframe><a href="javascript:window.__xss=4">go</a> ${tag}`,
  batch: `<img src=x onerror=alert(1)> batch ${tag}`,
  displayName: `<script>alert(1)</script> ${tag}`,
};

/** Markdown guidelines: links with hostile schemes and raw HTML must stay inert text. */
const GUIDELINES = [
  `# Rules <img src=x onerror="window.__xss=5">`,
  '',
  `Read [the guide](javascript:alert(1)) and [this](JaVaScRiPt:window.__xss=6) and [data](data:text/html,<script>alert(1)</script>).`,
  '',
  `- <script>window.__xss=7</script> item`,
  `- **bold** and [a real link](https://example.com/guide)`,
  '',
  '<a href="javascript:alert(1)">raw html</a>',
].join('\n');

let harness: Harness;
const dialogs: string[] = [];

beforeAll(async () => {
  harness = await startHarness();
});

afterAll(async () => {
  await harness?.close();
});

/** An image of the sample, copied under the paths the hostile records name (they load, too). */
function copyImage(relative: string): void {
  const sample = path.join(harness.dataDir, 'sample');
  const find = (dir: string, ext: string): string => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        const found = find(full, ext);
        if (found) return found;
      } else if (entry.name.endsWith(ext)) return full;
    }
    return '';
  };
  const source = find(path.join(sample, 'images'), '.png');
  const target = path.join(sample, relative);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.copyFileSync(source, target);
}

function importLines(kind: string, records: object[]): number {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'peel-xss-'));
  const file = path.join(dir, `${kind}.jsonl`);
  fs.writeFileSync(file, `${records.map((record) => JSON.stringify(record)).join('\n')}\n`);
  const run = spawnSync(
    process.execPath,
    [CLI, 'import', file, '--kind', kind, '--strict', '--json'],
    {
      env: { ...process.env, DATABASE_URL: harness.databaseUrl, PEEL_DATA_DIR: dir },
      encoding: 'utf8',
    },
  );
  if (run.status !== 0) throw new Error(`import failed: ${run.stdout}${run.stderr}`);
  const report = JSON.parse(run.stdout.trim().split('\n').pop()!);
  return Number(report.importId);
}

function importHostileData(): { sft: number; preference: number; multiTurn: number } {
  const source = `https://farm1.staticflickr.com/xss/${tag}_o.jpg`;
  copyImage(`sources/farm1.staticflickr.com/xss/${tag}_o.jpg`);
  const sftImages = [0, 1, 2].map((i) => `images/positive-edit/xss-${tag}-${i}.png`);
  const chosen = `images/positive-edit/xss-${tag}-pref.png`;
  // An image path that tries to break out of the src attribute.
  const rejected = `images/negative-edit/xss-${tag}-"><img src=x onerror=alert(1)>.png`;
  const turns = [1, 2, 3].map((i) => `images/multi-turn/xss${tag}_attemptA_turn${i}.png`);
  for (const image of [...sftImages, chosen, rejected, ...turns]) copyImage(image);
  const sft = importLines(
    'sft',
    sftImages.map((image) => ({
      open_image_input_url: source,
      text: PAYLOADS.long,
      output_image: image,
      edit_type: 'Zoom in',
      summarized_text: PAYLOADS.short,
    })),
  );
  const preference = importLines('preference', [
    {
      output_image: chosen,
      rejected_images: [rejected],
      text: PAYLOADS.long,
      edit_type: 'Zoom in',
      open_image_input_url: source,
      summarized_text: PAYLOADS.short,
    },
  ]);
  const multiTurn = importLines('multi_turn', [
    {
      files: [
        ...turns.slice(0, 2).map((url, i) => ({ id: `edit_turn${i + 1}`, url })),
        { id: 'final_image', url: turns[2] },
        { id: 'original_input_image', url: source },
      ],
      metadata_edit_turn_prompts: [PAYLOADS.prompt, PAYLOADS.long, PAYLOADS.short],
    },
  ]);
  return { sft, preference, multiTurn };
}

/** Records CSP violations (and console reports of them) and JavaScript dialogs on a page. */
async function watch(context: BrowserContext): Promise<{ page: Page; violations: string[] }> {
  const violations: string[] = [];
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const list = ((window as unknown as { __csp?: string[] }).__csp ??= []);
      list.push(`${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  const page = await context.newPage();
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
  });
  page.on('pageerror', (error) => violations.push(`page error: ${error.message}`));
  return { page, violations };
}

async function expectInert(page: Page, violations: string[]): Promise<void> {
  const state = await page.evaluate(() => ({
    xss: (window as unknown as { __xss?: number }).__xss ?? null,
    csp: (window as unknown as { __csp?: string[] }).__csp ?? [],
    injected: document.querySelectorAll(
      '#root script, #root iframe, #root svg[onload], #root img[src="x"], [onerror], [onload], a[href^="javascript" i], a[href^="data:" i]',
    ).length,
  }));
  expect({ ...state, violations, dialogs }).toEqual({
    xss: null,
    csp: [],
    injected: 0,
    violations: [],
    dialogs: [],
  });
}

async function api(page: Page, method: string, url: string, data?: object) {
  const cookies = await page.context().cookies();
  const csrf = decodeURIComponent(cookies.find((c) => c.name === 'peel_csrf')?.value ?? '');
  const response = await page.request.fetch(url, {
    method,
    headers: { 'X-CSRF-Token': csrf },
    data,
  });
  if (!response.ok())
    throw new Error(`${method} ${url}: ${response.status()} ${await response.text()}`);
  return response.status() === 204 ? null : response.json();
}

async function signInAdmin(page: Page): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Email').fill('admin@example.com');
  await page.getByLabel('Password').fill('peel-demo-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname !== '/login');
}

describe('hostile text is inert in every view, under the CSP', () => {
  it('the admin pages and the three labeling views show it as text', async () => {
    const imports = importHostileData();
    const adminContext = await harness.browser.newContext({ baseURL: harness.baseUrl });
    const admin = await watch(adminContext);
    await signInAdmin(admin.page);
    const rater = await api(admin.page, 'POST', '/api/users', {
      email: `xss-${tag}@example.test`,
      role: 'annotator',
      password: 'peel-demo-password',
      displayName: PAYLOADS.displayName,
    });
    const batches: Record<string, number> = {};
    for (const [taskType, importId] of [
      ['pairwise', imports.preference],
      ['taxonomy', imports.sft],
      ['multi_turn', imports.multiTurn],
    ] as const) {
      const batch = await api(admin.page, 'POST', '/api/batches', {
        name: `${PAYLOADS.batch} ${taskType}`,
        taskType,
        filters: { importIds: [importId] },
        overlap: { k: 1 },
        guidelines: GUIDELINES,
        raterIds: [rater.id],
      });
      await api(admin.page, 'POST', `/api/batches/${batch.id}/activate`);
      batches[taskType] = batch.id;
    }
    // Admin pages that show user-typed text.
    await admin.page.goto('/admin');
    await admin.page.goto('/admin/users');
    await admin.page.getByText(PAYLOADS.displayName, { exact: true }).first().waitFor();
    await expectInert(admin.page, admin.violations);
    // The console pages that show imported or typed text: each renders it as text.
    const edits = await api(admin.page, 'GET', `/api/dataset/edits?import=${imports.sft}`);
    const pairs = await api(admin.page, 'GET', `/api/dataset/pairs?import=${imports.preference}`);
    const sessions = await api(
      admin.page,
      'GET',
      `/api/dataset/sessions?import=${imports.multiTurn}`,
    );
    const views: [string, string][] = [
      ['/admin/batches', `${PAYLOADS.batch} pairwise`],
      [`/admin/batches/${batches.pairwise}`, `${PAYLOADS.batch} pairwise`],
      [`/admin/batches/${batches.taxonomy}/raters`, PAYLOADS.displayName],
      [`/admin/dataset/edits?import=${imports.sft}`, tag],
      [`/admin/dataset/edits/${edits.items[0].id}`, PAYLOADS.long],
      [`/admin/dataset/pairs?import=${imports.preference}`, tag],
      [`/admin/dataset/pairs/${pairs.items[0].id}`, PAYLOADS.long],
      [`/admin/dataset/sessions?import=${imports.multiTurn}`, tag],
      [`/admin/dataset/sessions/${sessions.items[0].id}`, PAYLOADS.prompt],
      ['/admin/imports', 'Import'],
      ['/admin/audit', 'Audit'],
      ['/admin/exports', 'Export'],
    ];
    for (const [url, text] of views) {
      await admin.page.goto(url);
      await admin.page.getByText(text).first().waitFor();
      await admin.page.waitForLoadState('networkidle');
      await expectInert(admin.page, admin.violations);
    }
    await adminContext.close();

    const raterContext = await harness.browser.newContext({ baseURL: harness.baseUrl });
    const { page, violations } = await watch(raterContext);
    await page.goto('/login');
    await page.getByLabel('Email').fill(`xss-${tag}@example.test`);
    await page.getByLabel('Password').fill('peel-demo-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    // A new account changes its password first.
    await page.getByLabel('Current password').fill('peel-demo-password');
    await page.getByLabel('New password', { exact: true }).fill('another-demo-password');
    await page.getByLabel('Repeat new password').fill('another-demo-password');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByRole('heading', { name: 'Rate', exact: true }).waitFor();
    // The rater home: batch names and the markdown guidelines.
    await page.getByText(`${PAYLOADS.batch} pairwise`, { exact: true }).waitFor();
    expect(
      await page.locator('.markdown a[href="https://example.com/guide"]').count(),
    ).toBeGreaterThan(0);
    await expectInert(page, violations);

    await openBatch(page, `${PAYLOADS.batch} pairwise`);
    await page.keyboard.press('i');
    expect(await page.getByTestId('instruction-short').textContent()).toBe(PAYLOADS.short);
    expect(await page.getByTestId('instruction-long').textContent()).toBe(PAYLOADS.long);
    // The comparator's difference overlay draws the images to a canvas (data:/blob: URLs).
    await page.keyboard.press('d');
    await page.keyboard.press('?');
    await page.locator('.help-guidelines').waitFor();
    expect(await page.locator('.help-guidelines').innerText()).toContain('raw html');
    await expectInert(page, violations);
    await page.keyboard.press('Escape');

    await openBatch(page, `${PAYLOADS.batch} taxonomy`);
    expect(await page.getByTestId('instruction-short').textContent()).toBe(PAYLOADS.short);
    expect(await page.getByTestId('instruction-long').textContent()).toBe(PAYLOADS.long);
    await expectInert(page, violations);

    await openBatch(page, `${PAYLOADS.batch} multi_turn`);
    expect(await page.getByTestId('turn-prompt').first().textContent()).toBe(PAYLOADS.prompt);
    await page.keyboard.press('?');
    await page.locator('.help-guidelines').waitFor();
    await expectInert(page, violations);
    await raterContext.close();
  });
});
