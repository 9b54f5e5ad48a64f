import { randomUUID } from 'node:crypto';
import { PAIRWISE_ANSWER, PeelClient } from '../../server/test/load/rater-client';
import { DEMO_PASSWORD, type Harness, signInAdmin, startHarness } from './harness';

const PASSWORD = DEMO_PASSWORD;

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});

afterAll(async () => {
  await harness?.close();
});

const sql = <T>(text: string, params: unknown[] = []) => harness.sql<T>(text, params);

/** A rater working through the API: lease the next item, answer it. */
async function judgeOne(rater: PeelClient, batchId: number): Promise<void> {
  const next = await rater.request('POST', `/api/batches/${batchId}/next`);
  expect(next.status).toBe(200);
  const submit = await rater.request(
    'POST',
    `/api/assignments/${next.body.current.assignmentId}/judgment`,
    { submissionId: randomUUID(), answers: PAIRWISE_ANSWER, dwellMs: 3000 },
  );
  expect(submit.status).toBe(201);
}

describe('the admin console for batches', () => {
  it('creates a batch from filters, follows it live, reads the dashboard, adjudicates, pauses a rater', async () => {
    const { context, page } = await harness.newPage();
    await signInAdmin(page);
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Batches' })
      .click();
    await page.getByRole('heading', { name: 'Batches', exact: true }).waitFor();
    // The demo batches are there, with progress; sorting goes to the URL.
    await page
      .getByRole('link', { name: 'Demo — pairwise answered by simulated raters' })
      .waitFor();
    await page.getByRole('button', { name: /Progress/ }).click();
    await page.waitForURL(/sort=progress/);

    // The wizard: filters with a live count from the server.
    await page.getByRole('link', { name: 'New batch' }).click();
    const form = page.getByRole('form', { name: 'New batch' });
    await form.getByLabel('dataset_pair').check();
    const [{ n: datasetPairs }] = await sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM edit_pair WHERE origin = 'dataset'`,
    );
    await page
      .getByTestId('preview-matching')
      .filter({ hasText: String(datasetPairs) })
      .waitFor();
    // A sample larger than the matching items is refused at the field.
    await form.getByLabel(/Sample size/).fill(String(datasetPairs + 50));
    await form
      .getByText(
        `Only ${datasetPairs} items match these filters; the sample asks for ${datasetPairs + 50}`,
      )
      .waitFor();
    await form.getByLabel(/Sample size/).fill('4');
    await page.getByTestId('preview-selected').filter({ hasText: '4' }).waitFor();
    await form.getByRole('button', { name: 'Next' }).click();
    // k above the raters allowed: the server's message shows at the field.
    await form.getByLabel('Raters per item (k)').fill('3');
    await form.getByLabel('Only these:').check();
    await form.getByLabel('Rater One').check();
    await form.getByLabel('Rater Two').check();
    await form.getByRole('button', { name: 'Next' }).click();
    const name = `Browser batch ${randomUUID().slice(0, 6)}`;
    await form.getByLabel('Name', { exact: true }).fill(name);
    await form.getByRole('button', { name: 'Create batch' }).click();
    await form.getByText('3 raters per item, but only 2 raters may work on this batch').waitFor();
    expect(await form.getByLabel('Raters per item (k)').getAttribute('aria-invalid')).toBe('true');
    await form.getByLabel('Raters per item (k)').fill('2');
    await form.getByRole('button', { name: 'Next' }).click();
    await form.getByRole('button', { name: 'Create batch' }).click();
    await page.getByRole('heading', { name }).waitFor();
    await page.getByTestId('batch-status').filter({ hasText: 'Draft' }).waitFor();
    const batchId = Number(new URL(page.url()).pathname.split('/').pop());

    // Activate, then judgments arrive through the API and the page follows.
    await page.getByRole('button', { name: `Activate ${name}` }).click();
    await page.getByTestId('batch-status').filter({ hasText: 'Active' }).waitFor();
    const progress = page.getByTestId('batch-progress-text');
    await progress.filter({ hasText: '0 / 4 items complete' }).waitFor();
    const raters = await Promise.all(
      ['rater1@example.com', 'rater2@example.com'].map((email) =>
        PeelClient.signIn(harness.baseUrl, email, PASSWORD),
      ),
    );
    for (const rater of raters) await judgeOne(rater, batchId);
    await progress
      .filter({ hasText: '1 / 4 items complete · 2 judgments' })
      .waitFor({ timeout: 20_000 });
    for (const rater of raters) await judgeOne(rater, batchId);
    await progress
      .filter({ hasText: '2 / 4 items complete · 4 judgments' })
      .waitFor({ timeout: 20_000 });
    // The progress chart draws its bars.
    await page.locator('.recharts-bar-rectangle').first().waitFor();

    // Pause a rater in this batch.
    await page.getByRole('link', { name: 'Raters' }).click();
    await page.getByRole('button', { name: 'Pause Rater One in this batch' }).click();
    await page.getByText('rater1@example.com is paused in this batch').waitFor();
    const [rater1] = await sql<{ id: number }>(
      `SELECT id FROM app_user WHERE email = 'rater1@example.com'`,
    );
    await page.getByTestId(`rater-status-${rater1.id}`).filter({ hasText: 'Paused' }).waitFor();
    const [standing] = await sql<{ paused: boolean }>(
      `SELECT paused FROM batch_rater WHERE batch_id = $1 AND user_id = $2`,
      [batchId, rater1.id],
    );
    expect(standing.paused).toBe(true);
    const paused = await raters[0].request('POST', `/api/batches/${batchId}/next`);
    expect(paused.body.code).toBe('RATER_PAUSED');

    // The simulated demo batch: every chart has data.
    const [demo] = await sql<{ id: number }>(
      `SELECT id FROM batch WHERE name = 'Demo — pairwise answered by simulated raters'`,
    );
    await page.goto(`/admin/batches/${demo.id}`);
    await page.getByRole('heading', { name: 'Most contested items' }).waitFor();
    const perQuestion = page.locator('section[aria-labelledby="per-question-title"]');
    await perQuestion.locator('.recharts-bar-rectangle').first().waitFor({ timeout: 60_000 });
    expect(await perQuestion.locator('.recharts-bar-rectangle').count()).toBe(5);
    expect(await perQuestion.locator('.recharts-errorBar').count()).toBeGreaterThan(0);
    const perRater = page.locator('section[aria-labelledby="per-rater-title"]');
    await perRater.locator('.recharts-bar-rectangle').first().waitFor();
    expect(await perRater.locator('.recharts-bar-rectangle').count()).toBe(5);
    const matrix = page.locator('section[aria-labelledby="matrix-title"]');
    await matrix.locator('rect.heatmap-cell').first().waitFor();
    expect(await matrix.locator('rect.heatmap-cell').count()).toBe(25);
    const perType = page.locator('section[aria-labelledby="per-type-title"]');
    await perType.locator('.recharts-bar-rectangle').first().waitFor();

    const gold = page.locator('section[aria-labelledby="gold-title"]');
    await gold.getByRole('link').first().waitFor();
    expect(await gold.getByRole('link').count()).toBe(4);

    // Adjudicate the most contested item.
    const contested = page.locator('section[aria-labelledby="disagreements-title"]');
    const link = contested.getByRole('link').first();
    const itemId = Number((await link.textContent())!.replace('Item ', ''));
    await link.click();
    await page.getByRole('heading', { name: `Item ${itemId}` }).waitFor();
    const adjudication = page.getByRole('form', { name: 'Adjudication' });
    await adjudication.getByLabel('B better').check();
    await adjudication.getByRole('button', { name: 'Save final answer' }).click();
    await adjudication.getByText('A note is required').waitFor();
    await adjudication.getByLabel(/Note/).fill('The second edit follows the instruction.');
    await adjudication.getByRole('button', { name: 'Save final answer' }).click();
    await page.getByText('The final answer is saved').waitFor();
    await page
      .getByTestId('adjudication-current')
      .filter({ hasText: 'overall = second' })
      .waitFor();
    const stored = await sql<{ note: string }>(
      `SELECT note FROM adjudication WHERE batch_item_id = $1`,
      [itemId],
    );
    expect(stored).toEqual([{ note: 'The second edit follows the instruction.' }]);

    // The taxonomy demo batch: the confusion heat map has cells.
    const [taxonomy] = await sql<{ id: number }>(
      `SELECT id FROM batch WHERE name = 'Demo — taxonomy answered by simulated raters'`,
    );
    await page.goto(`/admin/batches/${taxonomy.id}`);
    const confusion = page.locator('section[aria-labelledby="confusion-title"]');
    await confusion.locator('rect.heatmap-cell').first().waitFor({ timeout: 60_000 });
    const filled = await confusion.locator('rect.heatmap-cell:not([data-value="0"])').count();
    expect(filled).toBeGreaterThan(5);
    await context.close();
  });
});
