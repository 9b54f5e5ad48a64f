import { randomUUID } from 'node:crypto';
import { type Page } from 'playwright-core';
import { type DataSource } from 'typeorm';
import { EDIT_TYPE_LABELS } from '@peel/shared';
import { type BrowseDataset, buildBrowseDataset } from '../../server/test/dataset-factories';
import { createDataSource } from '../../server/src/common/db/data-source';
import { buildUser } from '../../server/test/factories';
import { type Harness, startHarness } from './harness';

/** The harness's own database (where the app under test runs). */
async function connect(url: string): Promise<DataSource> {
  const dataSource = createDataSource({ url, poolSize: 3 });
  await dataSource.initialize();
  return dataSource;
}

const PASSWORD = 'peel-demo-password';
const N = 60;

let harness: Harness;
let dataSource: DataSource;
let data: BrowseDataset;
let raterEmail: string;

beforeAll(async () => {
  harness = await startHarness();
  dataSource = await connect(harness.databaseUrl);
  const rater = await buildUser(dataSource);
  raterEmail = rater.email;
  data = await buildBrowseDataset(dataSource, N, rater.user.id);
});

afterAll(async () => {
  await dataSource?.destroy();
  await harness?.close();
});

async function signInAsAdmin(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await page.waitForURL(/\/login/);
  await page.getByLabel('Email').fill('admin@example.com');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page
    .getByRole('heading', { name: 'Dataset', exact: true })
    .or(page.getByRole('heading', { name: 'Imports', exact: true }))
    .waitFor();
}

async function waitForIds(page: Page, expected: number[]): Promise<void> {
  await page.waitForFunction(
    (want) =>
      JSON.stringify(
        Array.from(document.querySelectorAll('table.data-table tbody a.id-link')).map((a) =>
          Number(a.textContent!.replace('#', '')),
        ),
      ) === JSON.stringify(want),
    expected,
  );
}

describe('the admin dataset browser and imports in the browser', () => {
  it('browses the edits: sort, filter, page, and the view survives a reload', async () => {
    const { context, page } = await harness.newPage();
    await signInAsAdmin(page, `/admin/dataset/edits?import=${data.importId}`);
    const ids = data.edits.map((edit) => edit.id);
    await waitForIds(page, ids.slice(0, 50));
    await page.getByTestId('dataset-total').getByText(`${N} matching`).waitFor();

    // Next page, then a reload keeps it (the cursor is in the URL).
    await page.getByRole('button', { name: 'Next' }).click();
    await waitForIds(page, ids.slice(50));
    expect(new URL(page.url()).searchParams.get('cursor')).toBeTruthy();
    await page.reload();
    await waitForIds(page, ids.slice(50));
    await page.getByRole('button', { name: 'Previous' }).click();
    await waitForIds(page, ids.slice(0, 50));

    // Sort by edit type, descending on the second click.
    await page.locator('button[data-sort-column="editType"]').click();
    await page.waitForURL(/sort=editType/);
    await page.locator('button[data-sort-column="editType"]').click();
    await page.waitForURL(/sort=-editType/);
    const byType = [...data.edits]
      .sort((a, b) => b.editTypeId - a.editTypeId || b.id - a.id)
      .map((edit) => edit.id);
    await waitForIds(page, byType.slice(0, 50));
    expect(await page.locator('th[aria-sort="descending"]').textContent()).toContain('Edit type');

    // Filter: failed attempts only (a third of them), still sorted by edit type.
    await page.getByLabel('Outcome').selectOption('failed');
    await page.waitForURL(/outcome=failed/);
    const failed = byType.filter(
      (id) => data.edits.find((edit) => edit.id === id)!.origin === 'preference_rejected',
    );
    await waitForIds(page, failed);
    await page.getByTestId('dataset-total').getByText(`${failed.length} matching`).waitFor();
    expect(await page.getByRole('button', { name: 'Next' }).isDisabled()).toBe(true);

    // The whole view (sort and filters) survives a reload.
    await page.reload();
    await waitForIds(page, failed);
    expect(await page.getByLabel('Outcome').inputValue()).toBe('failed');

    // An unknown sort in a shared link is a clear message, not a blank page.
    await page.goto(`/admin/dataset/edits?sort=colour`);
    await page
      .getByRole('alert')
      .getByText(/unknown sort column "colour"/)
      .first()
      .waitFor();
    await context.close();
  });

  it('opens an edit with its images and every human judgment', async () => {
    const { context, page } = await harness.newPage();
    await signInAsAdmin(page, `/admin/dataset/edits?import=${data.importId}`);
    const judged = data.edits[0];
    await page
      .locator(`a.id-link`, { hasText: `#${judged.id}` })
      .first()
      .click();
    await page.getByRole('heading', { name: `Edit #${judged.id}` }).waitFor();
    await page.getByText(judged.instruction).waitFor();
    await page.getByRole('img', { name: 'Edited' }).waitFor({ state: 'attached' });
    await page.getByRole('heading', { name: /Human judgments \(1\)/ }).waitFor();
    const row = page.locator('table.data-table tbody tr').first();
    await row.getByText(raterEmail).waitFor();
    await row.getByText(`#${data.batchId}`).waitFor();
    expect(await row.locator('.answers').textContent()).toContain('label_correct');
    await context.close();
  });

  it('uploads a JSONL, follows it to its report, and shows a bad file in the form', async () => {
    const { context, page } = await harness.newPage();
    await signInAsAdmin(page, '/admin/imports');
    const prefix = randomUUID().slice(0, 8);
    const lines = Array.from({ length: 8 }, (_, i) =>
      JSON.stringify({
        open_image_input_url: `https://farm1.staticflickr.com/${prefix}/${i}_o.jpg`,
        text: `Make scene ${i} of ${prefix} warmer`,
        output_image: `images/positive-edit/${prefix}-${i}.png`,
        edit_type: EDIT_TYPE_LABELS[i],
        summarized_text: `warmer ${i}`,
      }),
    );
    lines[4] = JSON.stringify({ ...JSON.parse(lines[4]), edit_type: 'Make it pop' });
    const upload = page.getByRole('form', { name: 'Upload a JSONL file' });
    await upload.getByLabel('File (.jsonl or .jsonl.gz)').setInputFiles({
      name: 'e2e-sft.jsonl',
      mimeType: 'application/x-ndjson',
      buffer: Buffer.from(`${lines.join('\n')}\n`),
    });
    await upload.getByRole('button', { name: 'Upload and import' }).click();
    const report = page.getByTestId('import-report');
    await report.getByText('completed').waitFor();
    expect(await report.getByTestId('import-rejected').textContent()).toBe('1');
    const problem = report.locator('tbody tr').first();
    expect(await problem.locator('td').first().textContent()).toBe('5');
    expect(await problem.textContent()).toContain('edit_type');
    // The history lists it, and the URL names it (shareable).
    await page
      .getByRole('table', { name: 'Imports, newest first' })
      .getByText('upload:e2e-sft.jsonl')
      .waitFor();
    expect(new URL(page.url()).searchParams.get('import')).toMatch(/^\d+$/);

    // Not JSONL: the form says why.
    await upload.getByLabel('File (.jsonl or .jsonl.gz)').setInputFiles({
      name: 'page.html',
      mimeType: 'text/html',
      buffer: Buffer.from('<!doctype html><html><body>Sign in</body></html>\n'),
    });
    await upload.getByRole('button', { name: 'Upload and import' }).click();
    await upload
      .getByRole('alert')
      .getByText(/HTML or XML page, not a JSON Lines file/)
      .waitFor();
    await context.close();
  });
});
