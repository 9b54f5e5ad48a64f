import { type Harness, signInAdmin, startHarness } from './harness';
import {
  api,
  createHostileBatches,
  expectInert,
  expectInertWith,
  importHostileData,
  PAYLOADS,
  signInNewAccount,
  tag,
  watch,
} from './hostile';
import { openBatch } from './rater';

/**
 * Hostile text imported through the real importer (instructions, summaries, multi-turn prompts,
 * image paths, file names), typed by an admin (batch names, markdown guidelines, display names),
 * then shown in every view that renders it, under the app's Content-Security-Policy: nothing runs,
 * nothing becomes markup, the text reads as typed, and the browser reports no CSP violation.
 * `security-review.e2e.ts` covers the review side (item pages, adjudication, dashboards with
 * judgments, the create wizard, rater-typed text, audit and exports).
 */
let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});

afterAll(async () => {
  await harness?.close();
});

describe('hostile text is inert in every view, under the CSP', () => {
  it('the admin pages and the three labeling views show it as text', async () => {
    const imports = importHostileData(harness);
    const adminContext = await harness.browser.newContext({ baseURL: harness.baseUrl });
    const admin = await watch(adminContext);
    await signInAdmin(admin.page);
    const rater = await api(admin.page, 'POST', '/api/users', {
      email: `xss-${tag}@example.test`,
      role: 'annotator',
      password: 'peel-demo-password',
      displayName: PAYLOADS.displayName,
    });
    const batches = await createHostileBatches(admin.page, imports, {
      k: 1,
      raterIds: [rater.id],
    });
    // Admin pages that show user-typed text.
    await admin.page.goto('/admin');
    await admin.page.goto('/admin/users');
    await expectInertWith(admin, PAYLOADS.displayName);
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
      // The import history names each file, payload and all.
      ['/admin/imports', `sft ${PAYLOADS.file}`],
    ];
    for (const [url, text] of views) {
      await admin.page.goto(url);
      await expectInertWith(admin, text);
    }
    await adminContext.close();

    const raterContext = await harness.browser.newContext({ baseURL: harness.baseUrl });
    const rated = await watch(raterContext);
    const { page } = rated;
    await signInNewAccount(page, `xss-${tag}@example.test`);
    // The rater home: batch names and the markdown guidelines.
    await page.getByText(`${PAYLOADS.batch} pairwise`, { exact: true }).waitFor();
    expect(
      await page.locator('.markdown a[href="https://example.com/guide"]').count(),
    ).toBeGreaterThan(0);
    await expectInert(rated);

    await openBatch(page, `${PAYLOADS.batch} pairwise`);
    await page.keyboard.press('i');
    expect(await page.getByTestId('instruction-short').textContent()).toBe(PAYLOADS.short);
    expect(await page.getByTestId('instruction-long').textContent()).toBe(PAYLOADS.long);
    // The comparator's difference overlay draws the images to a canvas (data:/blob: URLs).
    await page.keyboard.press('d');
    await page.keyboard.press('?');
    await page.locator('.help-guidelines').waitFor();
    expect(await page.locator('.help-guidelines').innerText()).toContain('raw html');
    await expectInert(rated);
    await page.keyboard.press('Escape');

    await openBatch(page, `${PAYLOADS.batch} taxonomy`);
    expect(await page.getByTestId('instruction-short').textContent()).toBe(PAYLOADS.short);
    expect(await page.getByTestId('instruction-long').textContent()).toBe(PAYLOADS.long);
    await expectInert(rated);

    await openBatch(page, `${PAYLOADS.batch} multi_turn`);
    expect(await page.getByTestId('turn-prompt').first().textContent()).toBe(PAYLOADS.prompt);
    await page.keyboard.press('?');
    await page.locator('.help-guidelines').waitFor();
    await expectInert(rated);
    await raterContext.close();
  });
});
