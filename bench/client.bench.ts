/// <reference lib="dom" />
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type Page } from 'playwright-core';
import { SERVER_ENTRY, startServerProcess } from '../server/test/load/server-process';
import { freshDatabase, printTable, writeResult } from './lib/bench-db';
import { CLIENT_DIST, launchChromium, routeJs } from './lib/browser';
import { quantile, round } from './lib/stats';

/**
 * bench:client — in headless chromium against the built app (a real server process on a fresh
 * database with the sample data and the demo batches), rater1 answers 50 tasks with the keyboard:
 * 25 pairwise (three images) then 25 taxonomy (two). For each, the time from the Enter key event
 * to the next task painted with its images decoded (the client's `peel:task-painted` mark, set
 * after `img.decode()`, a frame and the task after it). As a rater would, each submit waits until
 * the next task is prefetched (`data-next-ready`). Baseline in the same browser: a bare page that
 * swaps three already-decoded images on the same key, measured the same way (the floor).
 * Also the gzip size of the JavaScript the labeling route loads when opened directly.
 */
const PAIRWISE_TASKS = 25;
const TAXONOMY_TASKS = 25;
const WARMUP = 2;
const PASSWORD = 'peel-demo-password';

declare global {
  interface Window {
    __peelEnterAt?: number;
  }
}

async function main(): Promise<void> {
  for (const built of [SERVER_ENTRY, path.join(CLIENT_DIST, 'index.html')]) {
    if (!fs.existsSync(built)) throw new Error(`build first (npm run build): ${built} is missing`);
  }
  const db = await freshDatabase('client');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'peel-bench-client-'));
  const server = await startServerProcess(db.url, {
    PEEL_DATA_DIR: dataDir,
    PEEL_SAMPLE_DATA: 'true',
    PEEL_DEMO: 'true',
    LOG_LEVEL: 'warn',
  });
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({
      baseURL: server.baseUrl,
      viewport: { width: 1280, height: 800 },
    });
    // Every Enter's event time, taken before the app sees the key.
    await context.addInitScript(() =>
      window.addEventListener(
        'keydown',
        (event) => {
          if (event.key === 'Enter') window.__peelEnterAt = event.timeStamp;
        },
        true,
      ),
    );
    const page = await context.newPage();
    await signIn(page);
    const batches = await batchIds(page);
    const js = await routeJs(context, `/rate/${batches['Demo pairwise']}`, (opened) =>
      painted(opened, null).then(() => undefined),
    );
    const images = new Set<string>();
    page.on('response', (response) => {
      if (new URL(response.url()).pathname.startsWith('/images/')) images.add(response.url());
    });
    const pairwise = await label(page, batches['Demo pairwise'], PAIRWISE_TASKS, ['1', 'c']);
    const taxonomy = await label(page, batches['Demo taxonomy'], TAXONOMY_TASKS, []);
    const baseline = await baselineSwap(page, [...images], PAIRWISE_TASKS + TAXONOMY_TASKS);
    report([...pairwise, ...taxonomy], pairwise, taxonomy, baseline, js);
    await context.close();
  } finally {
    await browser.close();
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
    await db.close();
  }
}

async function signIn(page: Page): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Email').fill('rater1@example.com');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Rate', exact: true }).waitFor();
}

async function batchIds(page: Page): Promise<Record<string, number>> {
  const list = await page.evaluate(() =>
    fetch('/api/rater/batches').then((response) => response.json()),
  );
  const ids: Record<string, number> = {};
  for (const batch of list.items as Array<{ id: number; name: string }>) ids[batch.name] = batch.id;
  return ids;
}

/** Waits until a task other than `previous` is on screen and painted; answers its id. */
async function painted(page: Page, previous: number | null): Promise<number> {
  const handle = await page.waitForFunction((before) => {
    const root = document.querySelector<HTMLElement>('.labeling');
    const id = root?.dataset.assignmentId;
    return id && root?.dataset.painted === id && id !== String(before) ? Number(id) : null;
  }, previous);
  return (await handle.jsonValue()) as number;
}

/** Answers `count` tasks of a batch with `keys` then Enter; the submit-to-paint time of each. */
async function label(page: Page, batchId: number, count: number, keys: string[]) {
  await page.goto(`/rate/${batchId}`);
  let id = await painted(page, null);
  const times: number[] = [];
  for (let n = 0; n < count + WARMUP; n += 1) {
    for (const key of keys) await page.keyboard.press(key);
    await page.locator('.labeling[data-next-ready]').waitFor();
    await page.keyboard.press('Enter');
    const next = await painted(page, id);
    const ms = await page.evaluate((assignmentId) => {
      const marks = performance.getEntriesByName('peel:task-painted') as PerformanceMark[];
      const mark = marks.filter((m) => m.detail?.assignmentId === assignmentId).at(-1);
      return mark && window.__peelEnterAt !== undefined
        ? mark.startTime - window.__peelEnterAt
        : NaN;
    }, next);
    if (n >= WARMUP) times.push(ms);
    id = next;
  }
  return times;
}

/**
 * The floor: a bare same-origin page with three images; on Enter it swaps in three other,
 * already decoded images and marks after the same frame + task the client waits for.
 */
async function baselineSwap(page: Page, urls: string[], rounds: number): Promise<number[]> {
  await page.goto('/api/health');
  await page.evaluate((sources) => {
    document.body.innerHTML = '';
    const frame = document.createElement('div');
    frame.style.cssText = 'display:grid;grid-template-columns:repeat(3,1fr);gap:8px;height:90vh';
    const images = [0, 1, 2].map(() => {
      const image = document.createElement('img');
      image.style.cssText = 'width:100%;height:100%;object-fit:contain;background:#2b3038';
      frame.append(image);
      return image;
    });
    document.body.append(frame);
    let round = 0;
    const pick = (offset: number) => sources[(round * 3 + offset) % sources.length];
    const decoded: HTMLImageElement[] = [];
    const preload = () =>
      Promise.all(
        [0, 1, 2].map(async (offset) => {
          const image = new Image();
          image.src = pick(offset + 3);
          decoded.push(image);
          await image.decode().catch(() => undefined);
        }),
      ).then(() => document.body.setAttribute('data-ready', String(round)));
    window.addEventListener('keydown', (event) => {
      if (event.key !== 'Enter') return;
      round += 1;
      images.forEach((image, offset) => (image.src = pick(offset)));
      void Promise.all(images.map((image) => image.decode().catch(() => undefined))).then(() =>
        requestAnimationFrame(() =>
          setTimeout(() => {
            performance.mark('baseline:painted', { detail: { round } });
            void preload();
          }, 0),
        ),
      );
    });
    void preload();
  }, urls);
  const times: number[] = [];
  for (let n = 0; n < rounds + WARMUP; n += 1) {
    await page.locator(`body[data-ready="${n}"]`).waitFor({ state: 'attached' });
    await page.keyboard.press('Enter');
    const ms = await page.waitForFunction((round) => {
      const marks = performance.getEntriesByName('baseline:painted') as PerformanceMark[];
      const mark = marks.find((m) => m.detail?.round === round);
      return mark && window.__peelEnterAt !== undefined
        ? mark.startTime - window.__peelEnterAt
        : null;
    }, n + 1);
    if (n >= WARMUP) times.push((await ms.jsonValue()) as number);
  }
  return times;
}

function report(
  all: number[],
  pairwise: number[],
  taxonomy: number[],
  baseline: number[],
  js: Awaited<ReturnType<typeof routeJs>>,
): void {
  const result = {
    tasks: all.length,
    submit_to_paint_p50_ms: round(quantile(all, 0.5), 1),
    submit_to_paint_p95_ms: round(quantile(all, 0.95), 1),
    submit_to_paint_max_ms: round(Math.max(...all), 1),
    pairwise_p95_ms: round(quantile(pairwise, 0.95), 1),
    taxonomy_p95_ms: round(quantile(taxonomy, 0.95), 1),
    baseline_p50_ms: round(quantile(baseline, 0.5), 1),
    baseline_p95_ms: round(quantile(baseline, 0.95), 1),
    rater_js_gzip_kb: round(js.gzipKb, 1),
    rater_js_files: js.files.map((file) => ({
      file: file.file,
      gzip_kb: round(file.gzipBytes / 1000, 1),
    })),
  };
  process.stdout.write(`bench:client (${result.tasks} tasks, headless chromium, 1280 × 800)\n`);
  printTable([
    ['submit → painted p50 (ms)', result.submit_to_paint_p50_ms],
    ['submit → painted p95 (ms)', result.submit_to_paint_p95_ms],
    ['submit → painted max (ms)', result.submit_to_paint_max_ms],
    ['  pairwise p95 / taxonomy p95', `${result.pairwise_p95_ms} / ${result.taxonomy_p95_ms}`],
    ['baseline image swap p50 / p95', `${result.baseline_p50_ms} / ${result.baseline_p95_ms}`],
    ['rater route JS, gzip (kB)', result.rater_js_gzip_kb],
  ]);
  process.stdout.write(`wrote ${writeResult('client', result)}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
