import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { agreementCommand } from './agreement.command';
import { CliError } from './cli-context';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'peel-agreement-cli-'));

function file(name: string, text: string): string {
  const target = path.join(dir, name);
  fs.writeFileSync(target, text);
  return target;
}

async function run(args: string[]): Promise<Record<string, unknown>> {
  const out: string[] = [];
  const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out.push(String(chunk));
    return true;
  });
  try {
    expect(await agreementCommand.run(args)).toBe(0);
  } finally {
    write.mockRestore();
  }
  return JSON.parse(out.join(''));
}

async function failure(args: string[]): Promise<CliError> {
  const error = await agreementCommand.run(args).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CliError);
  return error as CliError;
}

// Krippendorff (2011), section C: 4 observers x 12 units with missing data (empty = missing).
const K2011 = [
  [1, 1, '', 1],
  [2, 2, 3, 2],
  [3, 3, 3, 3],
  [3, 3, 3, 3],
  [2, 2, 2, 2],
  [1, 2, 3, 4],
  [4, 4, 4, 4],
  [1, 1, 2, 1],
  [2, 2, 2, 2],
  ['', 5, 5, 5],
  ['', '', 1, 1],
  ['', '', 3, ''],
];
const k2011 = file(
  'k2011.csv',
  `item_id,rater_id,value\n${K2011.flatMap((unit, u) =>
    unit.map((value, r) => `u${u + 1},${'ABCD'[r]},${value}`),
  ).join('\n')}\n`,
);

describe('npm run peel -- agreement', () => {
  it.each([
    ['nominal', 0.743],
    ['ordinal', 0.815],
    ['interval', 0.849],
    ['ratio', 0.797],
  ])('prints Krippendorff (2011) %s alpha %s and every statistic', async (level, alpha) => {
    const report = await run([k2011, '--level', level]);
    expect((report.alpha as number).toFixed(3)).toBe(alpha.toFixed(3));
    expect(report).toMatchObject({ level, n_items: 12, n_raters: 4, n_pairable: 40 });
    for (const name of ['fleiss_kappa', 'cohen_kappa_mean', 'ac1', 'percent_agreement']) {
      expect(typeof report[name]).toBe('number');
      expect(report[`${name}_reason`]).toBeNull();
    }
    expect(report.alpha_ci).toMatchObject({ level: 0.95, replicates: 1000, seed: 1 });
  });

  it('is reproducible by seed and says why an undefined value is undefined', async () => {
    const same = file('same.csv', 'item_id,rater_id,value\n1,a,x\n1,b,x\n2,a,x\n2,b,x\n');
    const report = await run([same, '--seed', '3', '--replicates', '50']);
    expect(report.alpha).toBeNull();
    expect(report.alpha_reason).toMatch(/single category/);
    expect(report.alpha_ci).toBeNull();
    expect(await run([k2011, '--seed', '5'])).toEqual(await run([k2011, '--seed', '5']));
    expect((await run([k2011, '--seed', '5'])).alpha_ci).not.toEqual(
      (await run([k2011, '--seed', '6'])).alpha_ci,
    );
  });

  it.each([
    ['a missing column', 'item_id,rater,value\n1,a,x\n', [], /line 1: missing column "rater_id"/],
    [
      'a value outside --categories',
      'item_id,rater_id,value\n1,a,x\n1,b,y\n',
      ['--categories', 'x,z'],
      /line 3: value "y" is not in --categories/,
    ],
    [
      'a non-numeric value at the interval level',
      'item_id,rater_id,value\n1,a,1\n1,b,two\n',
      ['--level', 'interval'],
      /line 3: value "two" is not numeric \(interval level\)/,
    ],
    ['an empty file', '', [], /line 1: empty file/],
    ['a ragged row', 'item_id,rater_id,value\n1,a\n', [], /line 2: expected 3 fields, got 2/],
  ])('names the line of %s, without a stack trace', async (_, text, args, message) => {
    const target = file(`bad-${Math.random().toString(36).slice(2)}.csv`, text);
    const error = await failure([target, ...(args as string[])]);
    expect(error.exitCode).toBe(1);
    expect(error.message).toMatch(message);
    expect(error.message).not.toMatch(/\n\s+at /);
  });

  it('reports a missing file, a bad option and a missing argument', async () => {
    const missing = await failure([path.join(dir, 'nope.csv')]);
    expect(missing.exitCode).toBe(1);
    expect(missing.message).toMatch(/cannot read .*nope\.csv: no such file/);
    const level = await failure([k2011, '--level', 'fuzzy']);
    expect(level.exitCode).toBe(2);
    expect(level.message).toMatch(/--level must be one of nominal, ordinal, interval, ratio/);
    expect((await failure([k2011, '--seed', 'x'])).exitCode).toBe(2);
    expect((await failure([])).exitCode).toBe(2);
  });
});
