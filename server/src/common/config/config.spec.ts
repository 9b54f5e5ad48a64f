import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError, ConfigSchema, parseConfig } from './config';

function failure(env: Record<string, string>): string {
  try {
    parseConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error(`accepted ${JSON.stringify(env)}`);
}

describe('configuration', () => {
  it('has a default for everything: an empty environment is valid', () => {
    const config = parseConfig({});
    expect(config).toMatchObject({
      port: 3000,
      dbPoolSize: 20,
      dbStatementTimeoutMs: 30_000,
      dbLockTimeoutMs: 5_000,
      shutdownTimeoutMs: 15_000,
      sampleData: true,
      demo: true,
    });
    expect(config.metricsToken).toBeUndefined();
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://x'],
    ['PEEL_IMAGE_BASE_URL', 'not a url'],
    ['PEEL_SAMPLE_DATA', 'maybe'],
    ['PEEL_SESSION_SECRET', 'short'],
    ['PEEL_DB_POOL_SIZE', '0'],
    ['PEEL_DB_STATEMENT_TIMEOUT_MS', '-1'],
    ['PEEL_DB_LOCK_TIMEOUT_MS', '1.5'],
    ['PEEL_SHUTDOWN_TIMEOUT_MS', 'soon'],
    ['PEEL_METRICS_TOKEN', 'tiny'],
    ['LOG_LEVEL', 'loud'],
    ['PEEL_TRUST_PROXY', 'everyone; drop table'],
  ])('refuses %s=%s with a message naming the variable', (name, value) => {
    const message = failure({ [name]: value });
    expect(message).toMatch(/^Invalid configuration:/);
    expect(message).toContain(`  ${name}: `);
  });

  it('names every bad variable at once', () => {
    const message = failure({ PORT: 'x', LOG_LEVEL: 'y' });
    expect(message).toContain('PORT: ');
    expect(message).toContain('LOG_LEVEL: ');
  });

  it('treats an empty value as unset and ignores variables it does not know', () => {
    expect(parseConfig({ PORT: '', PEEL_UNKNOWN: 'x' }).port).toBe(3000);
  });

  it('reads PEEL_TRUST_PROXY as a hop count or a list', () => {
    expect(parseConfig({}).trustProxy).toBe('loopback');
    expect(parseConfig({ PEEL_TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(parseConfig({ PEEL_TRUST_PROXY: 'loopback, uniquelocal, 10.0.0.0/8' }).trustProxy).toBe(
      'loopback, uniquelocal, 10.0.0.0/8',
    );
  });

  it('0 turns the database timeouts off', () => {
    const config = parseConfig({ PEEL_DB_STATEMENT_TIMEOUT_MS: '0', PEEL_DB_LOCK_TIMEOUT_MS: '0' });
    expect([config.dbStatementTimeoutMs, config.dbLockTimeoutMs]).toEqual([0, 0]);
  });

  it('is documented in the README: one row per variable, no row for a variable that does not exist', () => {
    const readme = fs.readFileSync(path.resolve(__dirname, '../../../../README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Configuration'));
    const table = section.slice(0, section.indexOf('\n## ', 3));
    const documented = [...table.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((match) => match[1]);
    const known = Object.keys(ConfigSchema.shape);
    expect([...documented].sort()).toEqual([...known].sort());
  });
});
