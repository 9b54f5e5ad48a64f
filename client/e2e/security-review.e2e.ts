import { type Harness, signInAdmin, startHarness } from './harness';
import {
  api,
  createHostileBatches,
  csrfHeader,
  expectInert,
  expectInertWith,
  GUIDELINES,
  importHostileData,
  judgeAll,
  PAYLOADS,
  sftRecord,
  signInNewAccount,
  tag,
  watch,
  type Watched,
} from './hostile';
import { allSaved, openBatch, shownTask } from './rater';

/**
 * The review side of hostile text, under the CSP: two raters with hostile names judge the
 * hostile items (one types hostile reasons and a skip note in the labeling screen, the other
 * answers through the API and reports a "broken image" with a hostile URL), then an admin reads
 * the item pages (judgments with those reasons, the skip with its note), adjudicates with a hostile note, marks gold, reads the dashboards' contested
 * and gold lists, creates a batch in the wizard, and reads the audit log and the exports. The
 * tests run in order: each reads what the ones before it made.
 */
let harness: Harness;
let admin: Watched;
let rater1: Watched;
let rater2: Watched;
let batches: Record<'pairwise' | 'taxonomy' | 'multi_turn', number>;
/** Each batch's items, in id order. */
const items: Record<string, number[]> = {};
/** The taxonomy item the first rater judged (with a reason) and the other relabelled. */
let contested = 0;
/** The taxonomy item the first rater skipped with a hostile note (the other relabelled it). */
let skippedItem = 0;

beforeAll(async () => {
  harness = await startHarness();
  const imports = importHostileData(harness);
  admin = await watch(await harness.browser.newContext({ baseURL: harness.baseUrl }));
  await signInAdmin(admin.page);
  const raters = [];
  for (const [n, displayName] of [PAYLOADS.displayName, PAYLOADS.displayName2].entries()) {
    raters.push(
      await api(admin.page, 'POST', '/api/users', {
        email: `xss-${n}-${tag}@example.test`,
        role: 'annotator',
        password: 'peel-demo-password',
        displayName,
      }),
    );
  }
  batches = await createHostileBatches(admin.page, imports, {
    k: 2,
    raterIds: raters.map((rater) => rater.id),
  });
  for (const [taskType, batchId] of Object.entries(batches)) {
    const rows = await harness.sql<{ id: string }>(
      'SELECT id FROM batch_item WHERE batch_id = $1 ORDER BY id',
      [batchId],
    );
    items[taskType] = rows.map((row) => Number(row.id));
  }
  [rater1, rater2] = [
    await watch(await harness.browser.newContext({ baseURL: harness.baseUrl })),
    await watch(await harness.browser.newContext({ baseURL: harness.baseUrl })),
  ];
  await signInNewAccount(rater1.page, `xss-0-${tag}@example.test`);
  await signInNewAccount(rater2.page, `xss-1-${tag}@example.test`);
});

afterAll(async () => {
  for (const watched of [admin, rater1, rater2]) await watched?.page.context().close();
  await harness?.close();
});

const MULTI_TURN_ANSWERS = {
  turns: [1, 2, 3].map(() => ({ instruction: 4, consistency: 4, editType: 'Zoom in' })),
  firstBreak: null,
  overall: 4,
};

describe('hostile text on the review side is inert, under the CSP', () => {
  it('raters type it into reasons and a skip note', async () => {
    const { page } = rater1;
    // Pairwise: a reason (r focuses it, Esc leaves it), then A everywhere.
    await openBatch(page, `${PAYLOADS.batch} pairwise`);
    await page.keyboard.press('r');
    await page.keyboard.type(PAYLOADS.reason);
    for (const key of ['Escape', '1', 'c', 'Enter']) await page.keyboard.press(key);
    // The batch's only item: the screen says it is done once the answer is stored.
    await page.locator('#queue-state-title').waitFor();
    await page.getByText('still being saved').waitFor({ state: 'detached' });
    await page.goto('/rate');
    // Taxonomy: confirm the first label with a reason, skip the second with a note.
    const first = await openBatch(page, `${PAYLOADS.batch} taxonomy`);
    await page.keyboard.press('r');
    await page.keyboard.type(PAYLOADS.reason);
    for (const key of ['Escape', 'c', 'Enter']) await page.keyboard.press(key);
    const second = await shownTask(page, first);
    await page.keyboard.press('s');
    await page.getByLabel('Note').fill(PAYLOADS.skipNote);
    await page.getByRole('button', { name: 'Skip task' }).click();
    await shownTask(page, second);
    await allSaved(page);
    await expectInert(rater1);
    const leases = await harness.sql<{ item: string }>(
      `SELECT batch_item_id AS item FROM assignment WHERE id = ANY($1::bigint[])
        ORDER BY array_position($1::bigint[], id)`,
      [[first, second]],
    );
    [contested, skippedItem] = leases.map((lease) => Number(lease.item));

    // The other rater disagrees on both, and both agree on the multi-turn session.
    const pairwise = {
      overall: 'both_bad',
      criteria: {
        instruction_compliance: 'tie',
        seamlessness: 'tie',
        preservation: 'B',
        technical_quality: 'B',
      },
    };
    expect(await judgeAll(rater2.page, batches.pairwise, pairwise)).toBe(1);
    const relabel = {
      decision: 'change',
      editType: 'Remove an existing object',
      garbledShortInstruction: true,
    };
    expect(await judgeAll(rater2.page, batches.taxonomy, relabel)).toBe(3);
    for (const { page: raterPage } of [rater1, rater2])
      expect(await judgeAll(raterPage, batches.multi_turn, MULTI_TURN_ANSWERS)).toBe(1);
    await api(rater2.page, 'POST', '/api/images/report', { url: PAYLOADS.report });
  });

  it('the item pages show it as text, and an adjudication note stays text', async () => {
    const { page } = admin;
    const item = `/admin/batches/${batches.pairwise}/items/${items.pairwise[0]}`;
    await page.goto(item);
    await expectInertWith(admin, PAYLOADS.displayName2);
    expect(await page.locator('p.instruction').textContent()).toBe(PAYLOADS.long);
    const judgments = page.getByRole('table', { name: 'Every judgment on this item' });
    expect(await judgments.innerText()).toContain(PAYLOADS.displayName);
    // The reason the first rater typed, in their row; the other rater typed none.
    const reasons = judgments.locator('td.rater-text');
    expect(await reasons.allTextContents()).toEqual([PAYLOADS.reason, '—']);
    // Adjudicate with a hostile note: it is saved and shown back, as text.
    await page.getByLabel('Note (why this is the final answer)').fill(PAYLOADS.note);
    await page.getByRole('button', { name: 'Save final answer' }).click();
    await page.getByText('The final answer is saved').waitFor();
    const current = page.getByTestId('adjudication-current');
    await current.getByText(PAYLOADS.note).waitFor();
    expect(await current.textContent()).toContain(`. Note: ${PAYLOADS.note}`);
    await expectInert(admin);
    await page.reload();
    await expectInertWith(admin, PAYLOADS.note);
    expect(await page.getByLabel('Note (why this is the final answer)').inputValue()).toBe(
      PAYLOADS.note,
    );

    // The taxonomy item the first rater judged with a reason and the other relabelled.
    await page.goto(`/admin/batches/${batches.taxonomy}/items/${contested}`);
    await expectInertWith(admin, PAYLOADS.reason);
    expect(await page.locator('p.instruction').textContent()).toBe(PAYLOADS.long);
    expect(await reasons.allTextContents()).toEqual([PAYLOADS.reason, '—']);

    // The item the first rater skipped: their name, the reason and the note, as text.
    await page.goto(`/admin/batches/${batches.taxonomy}/items/${skippedItem}`);
    await expectInertWith(admin, PAYLOADS.skipNote);
    const skipped = page.getByTestId('skipped');
    expect(await skipped.textContent()).toContain(`${PAYLOADS.displayName}: cannot decide, `);
    expect(await skipped.locator('.rater-text').allTextContents()).toEqual([PAYLOADS.skipNote]);

    // The multi-turn session: every turn's prompt in its caption, and the adjudication form.
    await page.goto(`/admin/batches/${batches.multi_turn}/items/${items.multi_turn[0]}`);
    await expectInertWith(admin, PAYLOADS.displayName2);
    const captions = await page.locator('.item-images figcaption').allTextContents();
    expect(captions).toEqual([
      'Source',
      `Turn 1: ${PAYLOADS.prompt}`,
      `Turn 2: ${PAYLOADS.long}`,
      `Turn 3: ${PAYLOADS.short}`,
    ]);
    await page.getByRole('form', { name: 'Adjudication' }).waitFor();
    await expectInert(admin);
  });

  it("the dashboards' contested and gold lists hold the hostile items", async () => {
    const { page } = admin;
    // The multi-turn session becomes gold from its item page, expecting an overall 4.
    await page.goto(`/admin/batches/${batches.multi_turn}/items/${items.multi_turn[0]}`);
    const form = page.getByRole('form', { name: 'Gold answer' });
    await form.getByRole('group', { name: 'Overall', exact: true }).getByLabel('4').check();
    await form.getByRole('button', { name: 'Mark gold with this answer' }).click();
    await page.getByText('The item is gold with this expected answer.').waitFor();
    await page.goto(`/admin/batches/${batches.multi_turn}`);
    const gold = page.getByRole('region', { name: 'Gold items' });
    await gold.getByRole('link', { name: `Item ${items.multi_turn[0]}` }).waitFor();
    await expectInertWith(admin, `${PAYLOADS.batch} multi_turn`);

    for (const [type, item] of [
      ['pairwise', items.pairwise[0]],
      ['taxonomy', contested],
    ] as const) {
      await page.goto(`/admin/batches/${batches[type]}`);
      const contested = page.getByRole('region', { name: 'Most contested items' });
      await contested.getByRole('link', { name: `Item ${item}` }).waitFor();
      // The rater charts name both raters (SVG text, wrapped into words).
      const chart = page.getByRole('figure', { name: 'Judgments per rater' });
      await chart.locator('svg').waitFor();
      expect(await chart.textContent()).toContain(tag);
      await expectInertWith(admin, `${PAYLOADS.batch} ${type}`);
    }
  });

  it('the create wizard shows hostile samples, rater names and a hostile name as text', async () => {
    const { page } = admin;
    await page.goto('/admin/batches/new');
    await page.getByLabel('Task type').selectOption('taxonomy');
    await page.getByLabel('Edit types (none: all)').selectOption('Zoom in');
    await page.getByLabel('preference_rejected').check();
    // The sample holds the rejected edit whose path tries to break out of its attribute.
    await page.locator(`.preview-sample img[src*="xss-${tag}-%22%3E%3Cimg"]`).waitFor();
    await expectInert(admin);
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByLabel('Only these:').check();
    await expectInertWith(admin, PAYLOADS.displayName2);
    await page.getByLabel(PAYLOADS.displayName).check();
    await page.getByLabel(PAYLOADS.displayName2).check();
    await page.getByLabel('Raters per item (k)').fill('2');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByLabel('Name', { exact: true }).fill(`${PAYLOADS.batch} wizard`);
    await page.getByLabel('Guidelines (markdown)').fill(GUIDELINES);
    await page.getByRole('button', { name: 'Create batch' }).click();
    await page.waitForURL(/\/admin\/batches\/\d+$/);
    await expectInertWith(admin, `${PAYLOADS.batch} wizard`);
  });

  it('the audit log shows the rows that carry it, as text', async () => {
    const { page } = admin;
    // An upload named with a payload: its audit row and the import history name the file.
    const upload = await page.request.post('/api/imports/upload', {
      headers: await csrfHeader(page),
      multipart: {
        kind: 'sft',
        file: {
          name: `${PAYLOADS.file}.jsonl`,
          mimeType: 'application/x-ndjson',
          buffer: Buffer.from(`${JSON.stringify(sftRecord(0))}\n`),
        },
      },
    });
    expect(upload.status()).toBe(202);
    for (const [query, text] of [
      ['action=image.reported_broken', PAYLOADS.report],
      ['action=dataset.import_started', `upload:${PAYLOADS.file}.jsonl`],
      [`targetType=batch_item&targetId=${items.pairwise[0]}`, 'adjudication.created'],
      [`targetType=batch&targetId=${batches.pairwise}`, 'batch.created'],
    ]) {
      await page.goto(`/admin/audit?${query}`);
      await expectInertWith(admin, text);
    }
    await page.goto('/admin/imports');
    await expectInertWith(admin, `upload:${PAYLOADS.file}.jsonl`);
  });

  it('the exports page lists an export of the hostile batches, as text', async () => {
    const { page } = admin;
    const ids = [batches.pairwise, batches.taxonomy, batches.multi_turn];
    const snapshot = await api(page, 'POST', '/api/exports', {
      batchIds: ids,
      preferAdjudicated: true,
    });
    await page.goto('/admin/exports');
    const row = page.locator(`tr[data-export-id="${snapshot.id}"]`);
    await row.getByText(`batches ${ids.join(', ')}`).waitFor();
    await row.getByText('complete', { exact: true }).waitFor();
    // The form lists every batch by name to filter on.
    await expectInertWith(admin, `#${batches.pairwise} ${PAYLOADS.batch} pairwise (pairwise)`);
  });
});
