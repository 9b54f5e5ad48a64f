import { type Harness, startHarness } from './harness';

const PASSWORD = 'peel-demo-password';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});

afterAll(async () => {
  await harness?.close();
});

describe('the exports page', () => {
  it('an admin starts an export with filters, watches it finish and downloads its files', async () => {
    const { context, page } = await harness.newPage();
    await page.goto('/login');
    await page.getByLabel('Email').fill('admin@example.com');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Exports' })
      .click();
    await page.getByRole('heading', { name: 'Exports', exact: true }).waitFor();
    await page.getByText('No exports yet.').waitFor();

    const form = page.getByRole('form', { name: 'Start an export' });
    // a threshold out of range is refused before anything is sent, naming the field
    await form.getByLabel('Minimum margin (0 to 1)').fill('2');
    await form.getByRole('button', { name: 'Start export' }).click();
    await form.getByText('Check the highlighted fields.').waitFor();
    await form.getByText(/<=1|less than or equal to 1|at most 1/i).waitFor();

    await form.getByLabel('Minimum margin (0 to 1)').fill('0');
    await form.getByLabel('Pixel & Photometric').check();
    await form.getByLabel('Exclude gold items').check();
    await form.getByLabel('Parquet files too').uncheck();
    await form.getByRole('button', { name: 'Start export' }).click();
    await form.getByText(/^Export [0-9a-f]{8} started\.$/).waitFor();

    const table = page.getByRole('table', { name: 'Exports' });
    await table.getByText(/^(complete|failed|interrupted)$/).waitFor({ timeout: 90_000 });
    // the row says how it ended (its error shows beside a failed status)
    expect(await table.locator('tbody tr').first().innerText()).toMatch(/\bcomplete\b/);
    await table.getByRole('progressbar').first().waitFor();
    expect(await table.getByRole('progressbar').first().getAttribute('aria-valuenow')).toBe('100');
    const link = table.getByRole('link', { name: 'preference.jsonl' });
    const href = await link.getAttribute('href');
    expect(href).toMatch(/^\/api\/exports\/[0-9a-f-]{36}\/files\/preference\.jsonl$/);
    const download = await context.request.get(href!);
    expect(download.status()).toBe(200);
    const manifest = await context.request.get(
      (await table.getByRole('link', { name: 'manifest.json' }).getAttribute('href'))!,
    );
    expect(manifest.status()).toBe(200);
    const body = await manifest.json();
    expect(Object.keys(body.files)).toEqual([
      'preference.jsonl',
      'dpo.jsonl',
      'sft.jsonl',
      'multi-turn.jsonl',
      'judgments.jsonl',
      'judgments.csv',
    ]);
    expect(body.filters).toMatchObject({
      parquet: false,
      minMargin: 0,
      excludeGold: true,
      categories: ['pixel_photometric'],
    });
    await context.close();
  });
});
