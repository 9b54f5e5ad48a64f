import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const REPO = path.resolve(__dirname, '../..');

/** The built server (npm test builds it first), started with `env` on top of a clean environment. */
function start(env: Record<string, string>) {
  return spawnSync(process.execPath, ['server/dist/src/main.js'], {
    cwd: REPO,
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
}

describe('the server at boot', () => {
  it('refuses invalid configuration with exit code 2, naming every bad variable', () => {
    const run = start({
      DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
      PORT: 'eighty',
      PEEL_DB_POOL_SIZE: '0',
      LOG_LEVEL: 'chatty',
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^Invalid configuration:/);
    for (const name of ['PORT', 'PEEL_DB_POOL_SIZE', 'LOG_LEVEL'])
      expect(run.stderr).toContain(name);
    // refused before anything started: no banner, no attempt to reach the database
    expect(run.stdout).not.toMatch(/Peel is running/);
    expect(run.stderr).not.toMatch(/ECONNREFUSED|database/i);
  });
});
