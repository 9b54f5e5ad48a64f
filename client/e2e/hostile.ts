import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type BrowserContext, type Page } from 'playwright-core';
import { DEMO_PASSWORD, type Harness } from './harness';

/**
 * Hostile text for the security browser tests: the payloads, the importer run on records that
 * carry them, and the checks that nothing ran, nothing became markup and the CSP saw nothing.
 * Every payload ends with this file run's tag, so a view can be waited on for it.
 */
const CLI = path.resolve(__dirname, '../../server/dist/src/cli/main.js');
export const tag = randomUUID().slice(0, 8);

export const PAYLOADS = {
  long: `Make it warmer <img src=x onerror="window.__xss=1;alert(1)"> <script>window.__xss=2</script> ${tag}`,
  short: `<b>bold</b><svg onload="window.__xss=3"></svg> [click](javascript:alert(1)) ${tag}`,
  prompt: `<iframe src="javascript:alert(1)"></iframe><a href="javascript:window.__xss=4">go</a> ${tag}`,
  batch: `<img src=x onerror=alert(1)> batch ${tag}`,
  displayName: `<script>alert(1)</script> ${tag}`,
  displayName2: `<img src=x onerror="window.__xss=8"> second ${tag}`,
  /** Typed by raters: a judgment's reason, a skip's note, a broken-image report. */
  reason: `<img src=x onerror="window.__xss=9"> reason ${tag}`,
  skipNote: `<script>window.__xss=10</script><b>skip</b> ${tag}`,
  report: `javascript:alert(1)<img src=x onerror=alert(11)> ${tag}`,
  /** Typed by an admin: an adjudication's note. */
  note: `<img src=x onerror="window.__xss=12"><a href="javascript:alert(1)">why</a> ${tag}`,
  /** The imported files' names (the import history and audit show the source). */
  file: `<img src=x onerror=alert(13)> ${tag}`,
};

/** Markdown guidelines: links with hostile schemes and raw HTML must stay inert text. */
export const GUIDELINES = [
  `# Rules <img src=x onerror="window.__xss=5">`,
  '',
  `Read [the guide](javascript:alert(1)) and [this](JaVaScRiPt:window.__xss=6) and [data](data:text/html,<script>alert(1)</script>).`,
  '',
  `- <script>window.__xss=7</script> item`,
  `- **bold** and [a real link](https://example.com/guide)`,
  '',
  '<a href="javascript:alert(1)">raw html</a>',
].join('\n');

export interface ImportIds {
  sft: number;
  preference: number;
  multiTurn: number;
}

/** An image of the sample, copied under the paths the hostile records name (they load, too). */
function copyImage(harness: Harness, relative: string): void {
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

function importLines(harness: Harness, kind: string, records: object[]): number {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'peel-xss-'));
  const file = path.join(dir, `${kind} ${PAYLOADS.file}.jsonl`);
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

/** The hostile SFT record of edit `i` (the source image is copied by `importHostileData`). */
export function sftRecord(i: number) {
  return {
    open_image_input_url: `https://farm1.staticflickr.com/xss/${tag}_o.jpg`,
    text: PAYLOADS.long,
    output_image: `images/positive-edit/xss-${tag}-${i}.png`,
    edit_type: 'Zoom in',
    summarized_text: PAYLOADS.short,
  };
}

/**
 * Three SFT edits and one preference record (edit type "Zoom in") and one multi-turn session,
 * each carrying the payloads in every text field, imported through the real importer.
 */
export function importHostileData(harness: Harness): ImportIds {
  const source = `https://farm1.staticflickr.com/xss/${tag}_o.jpg`;
  copyImage(harness, `sources/farm1.staticflickr.com/xss/${tag}_o.jpg`);
  const sftImages = [0, 1, 2].map((i) => sftRecord(i).output_image);
  const chosen = `images/positive-edit/xss-${tag}-pref.png`;
  // An image path that tries to break out of the src attribute.
  const rejected = `images/negative-edit/xss-${tag}-"><img src=x onerror=alert(1)>.png`;
  const turns = [1, 2, 3].map((i) => `images/multi-turn/xss${tag}_attemptA_turn${i}.png`);
  for (const image of [...sftImages, chosen, rejected, ...turns]) copyImage(harness, image);
  const sft = importLines(harness, 'sft', [0, 1, 2].map(sftRecord));
  const preference = importLines(harness, 'preference', [
    {
      output_image: chosen,
      rejected_images: [rejected],
      text: PAYLOADS.long,
      edit_type: 'Zoom in',
      open_image_input_url: source,
      summarized_text: PAYLOADS.short,
    },
  ]);
  const multiTurn = importLines(harness, 'multi_turn', [
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

export interface Watched {
  page: Page;
  /** CSP violations, console reports of them, page errors and JavaScript dialogs. */
  violations: string[];
}

/** A new page of `context` that records CSP violations, page errors and dialogs. */
export async function watch(context: BrowserContext): Promise<Watched> {
  const violations: string[] = [];
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const list = ((window as unknown as { __csp?: string[] }).__csp ??= []);
      list.push(`${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  const page = await context.newPage();
  page.on('dialog', (dialog) => {
    violations.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
  });
  page.on('pageerror', (error) => violations.push(`page error: ${error.message}`));
  return { page, violations };
}

/** No payload ran, none became an element or a live link, and the CSP had nothing to block. */
export async function expectInert({ page, violations }: Watched): Promise<void> {
  const state = await page.evaluate(() => ({
    xss: (window as unknown as { __xss?: number }).__xss ?? null,
    csp: (window as unknown as { __csp?: string[] }).__csp ?? [],
    injected: document.querySelectorAll(
      '#root script, #root iframe, #root svg[onload], #root img[src="x"], #root b, [onerror], [onload], a[href^="javascript" i], a[href^="data:" i]',
    ).length,
  }));
  expect({ ...state, violations }).toEqual({ xss: null, csp: [], injected: 0, violations: [] });
}

/** Waits for `text` on the page (the view has rendered what carries it), then `expectInert`. */
export async function expectInertWith(watched: Watched, text: string): Promise<void> {
  await watched.page.getByText(text).first().waitFor();
  await watched.page.waitForLoadState('networkidle');
  await expectInert(watched);
}

/** The header that carries the page's CSRF token (from the readable `peel_csrf` cookie). */
export async function csrfHeader(page: Page): Promise<Record<string, string>> {
  const cookies = await page.context().cookies();
  const csrf = cookies.find((c) => c.name === 'peel_csrf')?.value ?? '';
  return { 'X-CSRF-Token': decodeURIComponent(csrf) };
}

/** An API call with the page's session and CSRF token; throws on a status other than 2xx. */
export async function api(page: Page, method: string, url: string, data?: object) {
  const headers = await csrfHeader(page);
  const response = await page.request.fetch(url, { method, headers, data });
  if (!response.ok())
    throw new Error(`${method} ${url}: ${response.status()} ${await response.text()}`);
  return response.status() === 204 ? null : response.json();
}

/** Signs a new account in through the form and sets its own password, as its first visit must. */
export async function signInNewAccount(page: Page, email: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByLabel('Current password').fill(DEMO_PASSWORD);
  await page.getByLabel('New password', { exact: true }).fill('another-demo-password');
  await page.getByLabel('Repeat new password').fill('another-demo-password');
  await page.getByRole('button', { name: 'Change password' }).click();
  await page.getByRole('heading', { name: 'Rate', exact: true }).waitFor();
}

/** Claims and answers every task of a batch open to this rater, through the rater API. */
export async function judgeAll(page: Page, batchId: number, answers: object): Promise<number> {
  let judged = 0;
  for (;;) {
    const claim = await page.request.post(`/api/batches/${batchId}/next`, {
      headers: await csrfHeader(page),
    });
    if (claim.status() === 404) return judged;
    if (!claim.ok()) throw new Error(`claim: ${claim.status()} ${await claim.text()}`);
    const { current } = await claim.json();
    await api(page, 'POST', `/api/assignments/${current.assignmentId}/judgment`, {
      submissionId: randomUUID(),
      answers,
      dwellMs: 1500,
    });
    judged += 1;
  }
}

/**
 * One active batch per task type over the hostile imports (named with the batch payload, the
 * hostile guidelines), for `raterIds` with overlap `k`: the batch ids by task type.
 */
export async function createHostileBatches(
  page: Page,
  imports: ImportIds,
  options: { k: number; raterIds: number[] },
): Promise<Record<'pairwise' | 'taxonomy' | 'multi_turn', number>> {
  const batches = { pairwise: 0, taxonomy: 0, multi_turn: 0 };
  for (const [taskType, importId] of [
    ['pairwise', imports.preference],
    ['taxonomy', imports.sft],
    ['multi_turn', imports.multiTurn],
  ] as const) {
    const batch = await api(page, 'POST', '/api/batches', {
      name: `${PAYLOADS.batch} ${taskType}`,
      taskType,
      filters: { importIds: [importId] },
      overlap: { k: options.k },
      guidelines: GUIDELINES,
      raterIds: options.raterIds,
    });
    await api(page, 'POST', `/api/batches/${batch.id}/activate`);
    batches[taskType] = batch.id;
  }
  return batches;
}
