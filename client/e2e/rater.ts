import { type Page } from 'playwright-core';

/** Keyboard helpers for the rater's screens (the labeling screen marks what is painted). */
const PASSWORD = 'peel-demo-password';

/** Signs in with the keyboard and lands on the rater home. */
export async function signIn(page: Page, email: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Email').focus();
  await page.keyboard.type(email);
  await page.keyboard.press('Tab');
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Rate', exact: true }).waitFor();
}

/** From the rater home, opens a batch by focusing its link and pressing Enter. */
export async function openBatch(page: Page, name: string): Promise<number> {
  if (new URL(page.url()).pathname !== '/rate') {
    await page.getByRole('link', { name: '← Batches' }).focus();
    await page.keyboard.press('Enter');
  }
  await page.getByRole('article', { name }).getByRole('link').focus();
  await page.keyboard.press('Enter');
  return shownTask(page);
}

/** Waits until a task other than `previous` is on screen, painted, and not a revision. */
export async function shownTask(page: Page, previous: number | null = null): Promise<number> {
  const handle = await page.waitForFunction((before) => {
    const root = document.querySelector<HTMLElement>('.labeling');
    if (!root || root.dataset.revising === 'true') return null;
    const id = root.dataset.assignmentId;
    return id && root.dataset.painted === id && id !== String(before) ? Number(id) : null;
  }, previous);
  return (await handle.jsonValue()) as number;
}

export async function press(page: Page, keys: readonly string[]): Promise<void> {
  for (const key of keys) await page.keyboard.press(key);
}

/** Every answer sent has been stored by the server. */
export async function allSaved(page: Page): Promise<void> {
  await page.locator('.lab-save[data-unsaved="0"]').waitFor();
}
