import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import { type DataSource } from 'typeorm';
import { testDataSource, testDatabaseUrl } from '../../test/db';

const CLI = path.resolve(__dirname, '../../dist/src/cli/main.js');
let dataSource: DataSource;
let url: string;

beforeAll(async () => {
  dataSource = await testDataSource();
  url = await testDatabaseUrl();
});

afterAll(async () => {
  await dataSource.destroy();
});

function peel(args: string[], input: string) {
  return spawnSync(process.execPath, [CLI, ...args], {
    input,
    env: { ...process.env, DATABASE_URL: url },
    encoding: 'utf8',
  });
}

/** The built CLI (npm test builds the server first), as an admin would run it. */
describe('peel user:create', () => {
  it('creates a user from --password-stdin with an argon2id hash', () => {
    const email = `cli-${randomUUID().slice(0, 8)}@example.test`;
    const result = peel(
      ['user:create', '--email', email, '--role', 'admin', '--password-stdin'],
      'a long cli password\n',
    );
    expect(result.stderr).not.toMatch(/Error|at /);
    expect(result.stdout).toMatch(new RegExp(`created admin ${email}`));
    return dataSource
      .query(`SELECT role, password_hash FROM app_user WHERE email = $1`, [email])
      .then(([row]) => {
        expect(row.role).toBe('admin');
        expect(row.password_hash).toMatch(/^\$argon2id\$/);
      });
  });

  it('refuses a short password, a bad role and a duplicate, naming the problem, without a stack trace', async () => {
    const email = `cli-${randomUUID().slice(0, 8)}@example.test`;
    const short = peel(
      ['user:create', '--email', email, '--role', 'annotator', '--password-stdin'],
      'short\n',
    );
    expect(short.status).toBe(2);
    expect(short.stderr).toMatch(/--password: Use at least 10 characters/);
    const role = peel(
      ['user:create', '--email', email, '--role', 'owner', '--password-stdin'],
      'long enough pw\n',
    );
    expect(role.stderr).toMatch(/--role/);
    expect(
      peel(
        ['user:create', '--email', email, '--role', 'annotator', '--password-stdin'],
        'long enough pw\n',
      ).status,
    ).toBe(0);
    const duplicate = peel(
      ['user:create', '--email', email, '--role', 'annotator', '--password-stdin'],
      'long enough pw\n',
    );
    expect(duplicate.status).toBe(1);
    expect(duplicate.stderr).toMatch(/already exists/);
    expect(duplicate.stderr).not.toMatch(/\n\s+at /);
    const [row] = await dataSource.query(
      `SELECT count(*)::int AS n FROM app_user WHERE email = $1`,
      [email],
    );
    expect(row.n).toBe(1);
  });
});
