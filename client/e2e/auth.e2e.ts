import { Client } from 'pg';
import { type Harness, startHarness } from './harness';

const PASSWORD = 'peel-demo-password';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});

afterAll(async () => {
  await harness?.close();
});

async function sql(text: string, params: unknown[] = []): Promise<void> {
  const client = new Client({ connectionString: harness.databaseUrl });
  await client.connect();
  try {
    await client.query(text, params);
  } finally {
    await client.end();
  }
}

describe('signing in and out in the browser', () => {
  it('a rater signs in, lands on the rater home, and signs out', async () => {
    const { context, page } = await harness.newPage();
    await page.goto('/');
    await page.waitForURL(/\/login/);
    await page.getByLabel('Email').fill('rater1@example.com');
    await page.getByLabel('Password').fill('wrong password here');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').getByText('The email or password is not correct.').waitFor();
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Rate', exact: true }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/rate');
    // An annotator cannot open the admin console.
    await page.goto('/admin/users');
    await page.getByRole('heading', { name: 'This page is not available to you' }).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/login/);
    await context.close();
  });

  it('returns to the page and the typed work after the session expires', async () => {
    const { context, page } = await harness.newPage();
    await page.goto('/admin/users');
    await page.waitForURL(/\/login\?next=/);
    await page.getByLabel('Email').fill('admin@example.com');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Users', exact: true }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/admin/users');

    const form = page.getByRole('form', { name: 'Add a user' });
    await form.getByLabel('Email').fill('drafted@example.com');
    await form.getByLabel('Display name (optional)').fill('Drafted Name');
    // The session ends on the server (expiry, or an admin action) while the admin is typing.
    await sql(`DELETE FROM http_session WHERE sess -> 'passport' ->> 'user' =
                 (SELECT id::text FROM app_user WHERE email = 'admin@example.com')`);
    await form.getByLabel('Initial password').fill('a-long-initial-pw');
    await form.getByRole('button', { name: /add user|create/i }).click();

    await page.waitForURL(/\/login\?next=%2Fadmin%2Fusers|\/login\?next=\/admin\/users/);
    await page.getByLabel('Email').fill('admin@example.com');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Users', exact: true }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/admin/users');
    const again = page.getByRole('form', { name: 'Add a user' });
    expect(await again.getByLabel('Email').inputValue()).toBe('drafted@example.com');
    expect(await again.getByLabel('Display name (optional)').inputValue()).toBe('Drafted Name');
    await context.close();
  });
});
