import { type Harness, signInAdmin, startHarness } from './harness';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});

afterAll(async () => {
  await harness?.close();
});

const sql = <T>(text: string, params: unknown[] = []) => harness.sql<T>(text, params);

/** An item of a demo batch of this task type that is not gold. */
async function plainItem(taskType: string): Promise<{ batchId: number; itemId: number }> {
  const [row] = await sql<{ batchId: number; itemId: number }>(
    `SELECT bi.batch_id AS "batchId", bi.id::int AS "itemId"
       FROM batch_item bi JOIN batch b ON b.id = bi.batch_id
      WHERE b.task_type = $1 AND NOT bi.is_gold ORDER BY bi.id LIMIT 1`,
    [taskType],
  );
  return row;
}

describe('gold answers and admin pairs in the browser', () => {
  it('marks an item gold with an expected answer; the server names a missing answer', async () => {
    const { context, page } = await harness.newPage();
    await signInAdmin(page);

    // Pairwise: nothing chosen is refused; then overall and one criterion are expected.
    const pairwise = await plainItem('pairwise');
    await page.goto(`/admin/batches/${pairwise.batchId}/items/${pairwise.itemId}`);
    const form = page.getByRole('form', { name: 'Gold answer' });
    await form.getByRole('button', { name: 'Mark gold with this answer' }).click();
    await form.getByRole('alert').getByText('Give at least one expected answer').waitFor();
    await form
      .getByRole('group', { name: /^Overall/ })
      .getByLabel('B better')
      .check();
    await form.getByRole('group', { name: 'Preservation' }).getByLabel('Tie').check();
    await form.getByRole('button', { name: 'Mark gold with this answer' }).click();
    await form.getByText('The item is gold with this expected answer.').waitFor();
    await page
      .getByTestId('gold-current')
      .filter({ hasText: 'overall = second, preservation = tie' })
      .waitFor();
    const [gold] = await sql<{ is_gold: boolean; gold_answer: unknown }>(
      `SELECT is_gold, gold_answer FROM batch_item WHERE id = $1`,
      [pairwise.itemId],
    );
    expect(gold).toEqual({
      is_gold: true,
      gold_answer: { overall: 'second', preservation: 'tie' },
    });
    // The form now changes the expected answer of a gold item.
    await form.getByRole('button', { name: 'Save the expected answer' }).waitFor();

    // Taxonomy: "change it" without a type gets the server's message at the type field.
    const taxonomy = await plainItem('taxonomy');
    await page.goto(`/admin/batches/${taxonomy.batchId}/items/${taxonomy.itemId}`);
    const taxonomyForm = page.getByRole('form', { name: 'Gold answer' });
    await taxonomyForm.getByRole('group', { name: 'Label' }).getByLabel('Change it').check();
    await taxonomyForm.getByRole('button', { name: 'Mark gold with this answer' }).click();
    const typeField = taxonomyForm.getByLabel('Right edit type');
    await page.waitForFunction(
      () =>
        document.querySelector('#gold-editType')?.getAttribute('aria-invalid') === 'true' &&
        document.querySelector('#gold-editType + .field-error') !== null,
    );
    await typeField.selectOption({ index: 1 });
    const label = await typeField.inputValue();
    await taxonomyForm.getByRole('button', { name: 'Mark gold with this answer' }).click();
    await taxonomyForm.getByText('The item is gold with this expected answer.').waitFor();
    const [taxonomyGold] = await sql<{ gold_answer: unknown }>(
      `SELECT gold_answer FROM batch_item WHERE id = $1 AND is_gold`,
      [taxonomy.itemId],
    );
    expect(taxonomyGold).toEqual({ gold_answer: { edit_type: label } });
    await context.close();
  });

  it('makes an admin pair from an edit page; impossible pairs get a clear message', async () => {
    // A dataset pair (first, second) and one more edit of the first's source and instruction.
    const [pair] = await sql<{ id: number; first: number; second: number }>(
      `SELECT id::int, first_edit_id::int AS first, second_edit_id::int AS second
         FROM edit_pair WHERE origin = 'dataset' ORDER BY id LIMIT 1`,
    );
    const [{ id: extra }] = await sql<{ id: number }>(
      `INSERT INTO edit (image, source_image_id, instruction, summarized_instruction, edit_type_id,
                         origin, import_id)
       SELECT 'browser-copy-' || image, source_image_id, instruction, summarized_instruction,
              edit_type_id, 'sft', import_id
         FROM edit WHERE id = $1 RETURNING id::int`,
      [pair.first],
    );
    const [{ id: elsewhere }] = await sql<{ id: number }>(
      `SELECT o.id::int FROM edit o, edit e
        WHERE e.id = $1 AND (o.source_image_id <> e.source_image_id) ORDER BY o.id LIMIT 1`,
      [pair.first],
    );

    const { context, page } = await harness.newPage();
    await signInAdmin(page);
    await page.goto(`/admin/dataset/edits/${pair.first}`);
    const form = page.getByRole('form', { name: 'Make a pair' });
    await form.getByText(`Edit #${pair.second}`).waitFor();
    await form.getByText(`already pair #${pair.id}`).waitFor();
    const byId = form.getByLabel('Second edit (B), by id');

    // The same edit, an edit of another source image, a pair that exists: each refused clearly.
    await byId.fill(String(pair.first));
    await form.getByRole('button', { name: 'Make pair' }).click();
    await form.getByText(`Pick an edit other than #${pair.first}`).first().waitFor();
    await byId.fill(String(elsewhere));
    await form.getByRole('button', { name: 'Make pair' }).click();
    await form
      .getByText(`Edit #${elsewhere} has another source image than edit #${pair.first}`)
      .first()
      .waitFor();
    expect(await byId.getAttribute('aria-invalid')).toBe('true');
    await form.getByLabel(new RegExp(`Edit #${pair.second} `)).check();
    await form.getByRole('button', { name: 'Make pair' }).click();
    await form
      .getByRole('alert')
      .getByText(`Edits #${pair.first} and #${pair.second} are already pair #${pair.id}`)
      .waitFor();

    // The new edit of the same source and instruction makes a pair.
    await form.getByLabel(new RegExp(`Edit #${extra} `)).check();
    await form.getByRole('button', { name: 'Make pair' }).click();
    await form
      .getByRole('status')
      .getByText(/is made/)
      .waitFor();
    const made = await sql<{ id: number; origin: string }>(
      `SELECT id::int, origin FROM edit_pair WHERE first_edit_id = $1 AND second_edit_id = $2`,
      [pair.first, extra],
    );
    expect(made).toEqual([{ id: expect.any(Number), origin: 'admin' }]);
    await form.getByText(`already pair #${made[0].id}`).waitFor();
    await form.getByRole('link', { name: `#${made[0].id}` }).click();
    await page.getByRole('heading', { name: `Pair #${made[0].id}` }).waitFor();
    await context.close();
  });
});
