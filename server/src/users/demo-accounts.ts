import { type DataSource } from 'typeorm';
import { hashPassword } from '../auth/password';

export const DEMO_PASSWORD = 'peel-demo-password';

export const DEMO_ACCOUNTS = [
  { email: 'admin@example.com', role: 'admin', displayName: 'Demo Admin' },
  { email: 'rater1@example.com', role: 'annotator', displayName: 'Rater One' },
  { email: 'rater2@example.com', role: 'annotator', displayName: 'Rater Two' },
  { email: 'rater3@example.com', role: 'annotator', displayName: 'Rater Three' },
] as const;

/**
 * Creates the demo accounts in a database that has no users yet; answers whether it did. Only
 * the demo start calls this (the embedded default, or `--demo` / PEEL_DEMO=true).
 */
export async function createDemoAccounts(dataSource: DataSource): Promise<boolean> {
  const [row] = await dataSource.query('SELECT EXISTS (SELECT 1 FROM app_user) AS any');
  if (row.any) return false;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await dataSource.transaction(async (manager) => {
    for (const account of DEMO_ACCOUNTS) {
      await manager.query(
        `INSERT INTO app_user (email, password_hash, role, display_name) VALUES ($1, $2, $3, $4)
         ON CONFLICT (email) DO NOTHING`,
        [account.email, passwordHash, account.role, account.displayName],
      );
    }
    await manager.query(
      `INSERT INTO audit_event (action, details) VALUES ('demo.accounts_created', $1)`,
      [JSON.stringify({ emails: DEMO_ACCOUNTS.map((account) => account.email) })],
    );
  });
  return true;
}

/** Whether the demo accounts are there (to print them at start). */
export async function demoAccountsExist(dataSource: DataSource): Promise<boolean> {
  const [row] = await dataSource.query(
    `SELECT EXISTS (SELECT 1 FROM app_user WHERE email = $1 AND active) AS present`,
    [DEMO_ACCOUNTS[0].email],
  );
  return row.present === true;
}

export function demoLoginsText(): string {
  const lines = DEMO_ACCOUNTS.map((account) => `  ${account.email.padEnd(20)} ${account.role}`);
  return `Demo logins (password: ${DEMO_PASSWORD}):\n${lines.join('\n')}\n`;
}
