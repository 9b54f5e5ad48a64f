import { Client } from 'pg';
import { type Page } from 'playwright-core';
import { type Harness, startHarness } from './harness';
import { allSaved, openBatch, press, shownTask, signIn } from './rater';
const CRITERIA = [
  'instruction_compliance',
  'seamlessness',
  'preservation',
  'technical_quality',
] as const;

type Screen = 'A' | 'B' | 'tie' | 'both_bad';
type PairwiseExpectation = { assignmentId: number; overall: Screen; criteria: Screen[] };

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});

afterAll(async () => {
  await harness?.close();
});

async function sql<T>(text: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: harness.databaseUrl });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}

function pairOrientation(screen: Screen, swapped: boolean): string {
  if (screen === 'A') return swapped ? 'second' : 'first';
  if (screen === 'B') return swapped ? 'first' : 'second';
  return screen;
}

async function answersOf(assignmentId: number): Promise<Record<string, string>> {
  const rows = await sql<{ question: string; value: string }>(
    `SELECT ja.question, ja.value FROM judgment_answer ja
       JOIN judgment j ON j.id = ja.judgment_id WHERE j.assignment_id = $1`,
    [assignmentId],
  );
  return Object.fromEntries(rows.map((row) => [row.question, row.value]));
}

/** The dataset path of an image as the page shows it (`/images/<path>` in the demo). */
async function imagePath(page: Page, alt: string): Promise<string> {
  const src = await page.locator(`.cmp-grid img[alt="${alt}"]`).getAttribute('src');
  return decodeURIComponent(
    new URL(src ?? '', harness.baseUrl).pathname.replace(/^\/images\//, ''),
  );
}

/** Edit A is the pair's first edit unless the lease says the sides were swapped. */
async function expectSidesMatchLease(page: Page, assignmentId: number): Promise<void> {
  const [pair] = await sql<{ swapped: boolean; first: string; second: string }>(
    `SELECT a.swapped, f.image AS first, s.image AS second FROM assignment a
       JOIN batch_item bi ON bi.id = a.batch_item_id JOIN edit_pair p ON p.id = bi.pair_id
       JOIN edit f ON f.id = p.first_edit_id JOIN edit s ON s.id = p.second_edit_id
      WHERE a.id = $1`,
    [assignmentId],
  );
  expect(await imagePath(page, 'Edit A')).toBe(pair.swapped ? pair.second : pair.first);
  expect(await imagePath(page, 'Edit B')).toBe(pair.swapped ? pair.first : pair.second);
}

/** Five pairwise tasks by key: overall, then the four criteria (rows advance by themselves). */
const PAIRWISE_KEYS: ReadonlyArray<{ keys: string[]; overall: Screen; criteria: Screen[] }> = [
  { keys: ['1', '1', '2', '3', '1'], overall: 'A', criteria: ['A', 'B', 'tie', 'A'] },
  { keys: ['b', 'c'], overall: 'B', criteria: ['B', 'B', 'B', 'B'] },
  { keys: ['3', 'a', 'a', 'b', 'b'], overall: 'tie', criteria: ['A', 'A', 'B', 'B'] },
  { keys: ['4', '1', '2', '1', '2'], overall: 'both_bad', criteria: ['A', 'B', 'A', 'B'] },
  {
    // Moving between rows: seamlessness first, back up to overall, then the rest.
    keys: ['ArrowDown', 'ArrowDown', '3', 'ArrowUp', 'ArrowUp', 'ArrowUp', '2', '1', '2', '1'],
    overall: 'B',
    criteria: ['A', 'tie', 'B', 'A'],
  },
];

async function labelPairwise(
  page: Page,
): Promise<{ done: PairwiseExpectation[]; skipped: number }> {
  const done: PairwiseExpectation[] = [];
  let id = await openBatch(page, 'Demo pairwise');
  for (const task of PAIRWISE_KEYS) {
    await expectSidesMatchLease(page, id);
    await press(page, [...task.keys, 'Enter']);
    done.push({ assignmentId: id, overall: task.overall, criteria: task.criteria });
    id = await shownTask(page, id);
  }
  // Undo the last one: it comes back with its answers; change the overall answer to A.
  await allSaved(page);
  await page.keyboard.press('u');
  await page
    .locator(`.labeling[data-revising="true"][data-assignment-id="${done[4].assignmentId}"]`)
    .waitFor();
  await press(page, ['1', 'Enter']);
  done[4] = { ...done[4], overall: 'A' };
  expect(await shownTask(page)).toBe(id);
  // Skip the task now on screen: "cannot decide" is reason 3.
  await press(page, ['s', '3', 'Enter']);
  await shownTask(page, id);
  await allSaved(page);
  return { done, skipped: id };
}

async function labelMultiTurn(
  page: Page,
): Promise<Array<{ assignmentId: number; answers: Record<string, string> }>> {
  const sessions = [
    {
      grades: ['4', '5'],
      search: 'zoom',
      type: 'Zoom in',
      breakKey: 'n',
      firstBreak: 'none',
      overall: '4',
    },
    {
      grades: ['2', '3'],
      search: 'remove an',
      type: 'Remove an existing object',
      breakKey: '2',
      firstBreak: '2',
      overall: '2',
    },
  ];
  const results = [];
  let id = await openBatch(page, 'Demo multi-turn');
  for (const session of sessions) {
    const turns = (await page.locator('.timeline-step').count()) - 1;
    const expected: Record<string, string> = {};
    for (let turn = 1; turn <= turns; turn += 1) {
      await press(page, [...session.grades, 'e']);
      await page.keyboard.type(session.search);
      await page.keyboard.press('Enter');
      expected[`turn_${turn}.instruction`] = session.grades[0];
      expected[`turn_${turn}.consistency`] = session.grades[1];
      expected[`turn_${turn}.edit_type`] = session.type;
    }
    await press(page, [session.breakKey, session.overall, 'Enter']);
    expected.first_break = session.firstBreak;
    expected.overall = session.overall;
    results.push({ assignmentId: id, answers: expected });
    id = await shownTask(page, id);
  }
  await allSaved(page);
  return results;
}

async function labelTaxonomy(
  page: Page,
): Promise<Array<{ assignmentId: number; answers: Record<string, string> }>> {
  const results = [];
  let id = await openBatch(page, 'Demo taxonomy');
  const current = () => page.getByTestId('current-label').innerText();
  // 1: Enter alone confirms the current label.
  results.push({
    assignmentId: id,
    answers: { edit_type: await current(), garbled_summary: 'no' },
  });
  await page.keyboard.press('Enter');
  id = await shownTask(page, id);
  // 2: search, pick, flag the short instruction as garbled.
  await page.keyboard.press('/');
  await page.keyboard.type('film grain');
  await press(page, ['Enter', 'g', 'Enter']);
  results.push({
    assignmentId: id,
    answers: { edit_type: 'Add film grain or vintage filter', garbled_summary: 'yes' },
  });
  id = await shownTask(page, id);
  // 3: ambiguous.
  await press(page, ['m', 'Enter']);
  results.push({ assignmentId: id, answers: { edit_type: 'ambiguous', garbled_summary: 'no' } });
  await shownTask(page, id);
  await allSaved(page);
  return results;
}

describe('labeling with the keyboard', () => {
  it('stores what rater1 pressed, in pair orientation, with an undo and a skip', async () => {
    const { context, page } = await harness.newPage();
    await signIn(page, 'rater1@example.com');
    const pairwise = await labelPairwise(page);
    const multiTurn = await labelMultiTurn(page);
    const taxonomy = await labelTaxonomy(page);
    await context.close();

    for (const task of pairwise.done) {
      const [{ swapped }] = await sql<{ swapped: boolean }>(
        'SELECT swapped FROM assignment WHERE id = $1',
        [task.assignmentId],
      );
      const expected = Object.fromEntries([
        ['overall', pairOrientation(task.overall, swapped)],
        ...CRITERIA.map((criterion, index) => [
          criterion,
          pairOrientation(task.criteria[index], swapped),
        ]),
      ]);
      expect(await answersOf(task.assignmentId)).toEqual(expected);
    }
    const [revised] = await sql<{ revision: number }>(
      'SELECT revision FROM judgment WHERE assignment_id = $1',
      [pairwise.done[4].assignmentId],
    );
    expect(revised.revision).toBe(1);
    const [skipped] = await sql<{ state: string; skip_reason: string }>(
      'SELECT state, skip_reason FROM assignment WHERE id = $1',
      [pairwise.skipped],
    );
    expect(skipped).toEqual({ state: 'skipped', skip_reason: 'cannot_decide' });
    expect(await answersOf(pairwise.skipped)).toEqual({});

    for (const task of [...multiTurn, ...taxonomy]) {
      expect(await answersOf(task.assignmentId)).toEqual(task.answers);
    }
    // Exactly these ten judgments, each with the time the task was on screen.
    const mine = await sql<{ assignment_id: string; dwell_ms: number }>(
      `SELECT j.assignment_id, j.dwell_ms FROM judgment j JOIN app_user u ON u.id = j.rater_id
        WHERE u.email = 'rater1@example.com'`,
    );
    const ids = [...pairwise.done, ...multiTurn, ...taxonomy].map((task) => task.assignmentId);
    expect(mine.map((row) => Number(row.assignment_id)).sort((a, b) => a - b)).toEqual(
      [...ids].sort((a, b) => a - b),
    );
    for (const row of mine) expect(row.dwell_ms).toBeGreaterThan(0);
  });

  it('shows instruction text holding HTML or a script tag as text', async () => {
    const short = '<script>window.__peelXss = 1</script><b>bold</b> & done';
    const long = '<img src=x onerror="window.__peelXss = 2"><a href="javascript:alert(1)">link</a>';
    const prompt = '<svg onload="window.__peelXss = 3"></svg><i>turn</i>';
    const edits = await sql<{ id: string; instruction: string; summarized_instruction: string }>(
      'SELECT id, instruction, summarized_instruction FROM edit',
    );
    const turns = await sql<{ session_id: string; turn_index: number; prompt: string }>(
      'SELECT session_id, turn_index, prompt FROM mt_turn',
    );
    await sql('UPDATE edit SET instruction = $1, summarized_instruction = $2', [long, short]);
    await sql('UPDATE mt_turn SET prompt = $1', [prompt]);
    try {
      const { context, page } = await harness.newPage();
      page.on('dialog', (dialog) => void dialog.dismiss());
      await signIn(page, 'rater2@example.com');
      await openBatch(page, 'Demo taxonomy');
      expect(await page.getByTestId('instruction-short').textContent()).toBe(short);
      expect(await page.getByTestId('instruction-long').textContent()).toBe(long);
      await openBatch(page, 'Demo pairwise');
      await page.keyboard.press('i');
      expect(await page.getByTestId('instruction-short').textContent()).toBe(short);
      expect(await page.getByTestId('instruction-long').textContent()).toBe(long);
      await openBatch(page, 'Demo multi-turn');
      expect(await page.getByTestId('turn-prompt').textContent()).toBe(prompt);
      // None of it became markup, and nothing ran.
      expect(
        await page
          .locator(
            '.labeling script, .labeling svg, .instruction b, .instruction a[href^="javascript"]',
          )
          .count(),
      ).toBe(0);
      expect(await page.locator('img[src="x"]').count()).toBe(0);
      expect(
        await page.evaluate(() => (window as { __peelXss?: number }).__peelXss),
      ).toBeUndefined();
      await context.close();
    } finally {
      // Other test files may share this database: the sample text goes back as it was.
      await sql(
        `UPDATE edit e SET instruction = v.long, summarized_instruction = v.short
           FROM unnest($1::bigint[], $2::text[], $3::text[]) AS v(id, long, short) WHERE e.id = v.id`,
        [
          edits.map((e) => e.id),
          edits.map((e) => e.instruction),
          edits.map((e) => e.summarized_instruction),
        ],
      );
      await sql(
        `UPDATE mt_turn t SET prompt = v.prompt
           FROM unnest($1::bigint[], $2::int[], $3::text[]) AS v(session_id, turn_index, prompt)
          WHERE t.session_id = v.session_id AND t.turn_index = v.turn_index`,
        [
          turns.map((t) => t.session_id),
          turns.map((t) => t.turn_index),
          turns.map((t) => t.prompt),
        ],
      );
    }
  });
});
