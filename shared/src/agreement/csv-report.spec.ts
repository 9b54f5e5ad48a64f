import { bootstrapCi } from './bootstrap';
import { meanPairwiseCohenKappa } from './cohen';
import { type AgreementReport, agreementReportFromCsv } from './csv-report';
import { fleissKappa } from './fleiss';
import { gwetAc1 } from './gwet-ac1';
import { krippendorffAlpha, krippendorffAlphaDetails } from './krippendorff';
import { percentAgreement } from './pairwise-agreement';
import { countTableFromData, reliabilityDataFromRows } from './reliability-data';
import { randomUnits } from './spec-helpers';
import { statisticValue } from './statistic';

const _ = null;
const KRIPPENDORFF_2011 = [
  [1, 1, _, 1],
  [2, 2, 3, 2],
  [3, 3, 3, 3],
  [3, 3, 3, 3],
  [2, 2, 2, 2],
  [1, 2, 3, 4],
  [4, 4, 4, 4],
  [1, 1, 2, 1],
  [2, 2, 2, 2],
  [_, 5, 5, 5],
  [_, _, 1, 1],
  [_, _, 3, _],
];

function toCsv(units: readonly (readonly (number | string | null)[])[]): string {
  const lines = ['item_id,rater_id,value'];
  units.forEach((u, i) => u.forEach((v, r) => lines.push(`item ${i},rater ${r},${v ?? ''}`)));
  return lines.join('\r\n') + '\r\n';
}

function report(
  text: string,
  opts: Parameters<typeof agreementReportFromCsv>[1] = {},
): AgreementReport {
  const result = agreementReportFromCsv(text, { replicates: 0, ...opts });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.report;
}

describe('agreementReportFromCsv', () => {
  it.each([
    ['nominal', 0.743],
    ['ordinal', 0.815],
    ['interval', 0.849],
    ['ratio', 0.797],
  ] as const)('reproduces Krippendorff (2011) at the %s level', (level, published) => {
    const r = report(toCsv(KRIPPENDORFF_2011), { level });
    expect(r.alpha?.toFixed(3)).toBe(published.toFixed(3));
    expect(r).toMatchObject({ level, n_items: 12, n_raters: 4, n_ratings: 40 + 1, n_pairable: 40 });
    expect(r.alpha_reason).toBeNull();
  });

  it('equals calling the functions directly', () => {
    const units = randomUnits(31, 40, 4, 3, 0.25).map((u) =>
      u.map((v) => (v === null ? v : `c${v}`)),
    );
    const categories = ['c0', 'c1', 'c2', 'c3'];
    const result = agreementReportFromCsv(toCsv(units), { categories, seed: 9, replicates: 50 });
    if (!result.ok) throw new Error('not ok');
    const rows = units.flatMap((u, i) =>
      u.map((value, r) => ({ item: `item ${i}`, rater: `rater ${r}`, value })),
    );
    const data = reliabilityDataFromRows(rows);
    const table = countTableFromData(data, categories);
    const ci = bootstrapCi(
      table.counts,
      (counts) => krippendorffAlpha({ categories, counts }, 'nominal'),
      { seed: 9, replicates: 50 },
    );
    if (!ci.defined) throw new Error(ci.reason);
    expect(result.report).toEqual({
      level: 'nominal',
      alpha: statisticValue(krippendorffAlpha(table, 'nominal')),
      alpha_reason: null,
      alpha_ci: { lower: ci.lower, upper: ci.upper, level: 0.95, replicates: 50, seed: 9 },
      alpha_ci_reason: null,
      fleiss_kappa: statisticValue(fleissKappa(table)),
      fleiss_kappa_reason: null,
      cohen_kappa_mean: statisticValue(meanPairwiseCohenKappa(data, categories).mean),
      cohen_kappa_mean_reason: null,
      ac1: statisticValue(gwetAc1(table, 4)),
      ac1_reason: null,
      percent_agreement: statisticValue(percentAgreement(table)),
      percent_agreement_reason: null,
      n_items: 40,
      n_raters: 4,
      n_ratings: rows.filter((row) => row.value !== null).length,
      n_pairable: krippendorffAlphaDetails(table, 'nominal').pairable,
      n_rater_pairs: 6,
      categories,
    });
  });

  it('reports undefined statistics as null with a reason', () => {
    const r = report('item_id,rater_id,value\na,x,yes\na,y,yes\nb,x,yes\n');
    expect(r.alpha).toBeNull();
    expect(r.alpha_reason).toMatch(/single category/);
    expect(r.fleiss_kappa).toBeNull();
    expect(r.fleiss_kappa_reason).toMatch(/single category/);
    expect(r.percent_agreement).toBe(1);
    const headerOnly = report('item_id,rater_id,value\n', { replicates: 10 });
    expect(headerOnly).toMatchObject({ n_items: 0, alpha: null, ac1: null, alpha_ci: null });
    expect(headerOnly.alpha_ci_reason).toMatch(/pairable/);
  });

  it('accepts columns in any order, extra columns, quoting and missing values', () => {
    const text =
      'note,value,rater_id,item_id\n"x, y",1,r1,i1\n,2,r2,i1\n,,r3,i1\n,1,r1,i2\n,1,r2,i2\n';
    const r = report(text, { level: 'interval' });
    expect(r).toMatchObject({ n_items: 2, n_raters: 3, n_ratings: 4, n_pairable: 4 });
  });

  it('orders ordinal labels by --categories', () => {
    const units = [
      ['low', 'mid'],
      ['mid', 'mid'],
      ['high', 'mid'],
      ['low', 'low'],
    ];
    const numeric = [
      [0, 1],
      [1, 1],
      [2, 1],
      [0, 0],
    ];
    const named = report(toCsv(units), { level: 'ordinal', categories: ['low', 'mid', 'high'] });
    expect(named.alpha).toBe(report(toCsv(numeric), { level: 'ordinal' }).alpha);
  });
});

describe('agreementReportFromCsv errors', () => {
  const errorsOf = (text: string, opts: Parameters<typeof agreementReportFromCsv>[1] = {}) => {
    const result = agreementReportFromCsv(text, opts);
    if (result.ok) throw new Error('expected errors');
    return result.errors;
  };

  it('an empty file', () => {
    expect(errorsOf('')).toEqual([{ line: 1, message: 'empty file' }]);
    expect(errorsOf('\r\n\n')).toEqual([{ line: 1, message: 'empty file' }]);
  });

  it('a missing column, by name', () => {
    expect(errorsOf('item_id,rater,value\na,b,c\n')).toEqual([
      { line: 1, message: 'missing column "rater_id"' },
    ]);
  });

  it('a value outside --categories, with its line and value', () => {
    const errors = errorsOf('item_id,rater_id,value\na,x,left\na,y,up\n', {
      categories: ['left', 'right'],
    });
    expect(errors).toEqual([{ line: 3, message: 'value "up" is not in --categories' }]);
  });

  it('a non-numeric value at the interval or ratio level, with its line', () => {
    const text = 'item_id,rater_id,value\na,x,1\na,y,two\n';
    expect(errorsOf(text, { level: 'interval' })).toEqual([
      { line: 3, message: 'value "two" is not numeric (interval level)' },
    ]);
    expect(errorsOf('item_id,rater_id,value\na,x,-1\n', { level: 'ratio' })[0].line).toBe(2);
    expect(errorsOf(text, { level: 'ordinal' })[0].message).toMatch(/--categories/);
  });

  it('a duplicate (item, rater) pair', () => {
    const errors = errorsOf('item_id,rater_id,value\na,x,1\nb,x,1\na,x,2\n');
    expect(errors).toEqual([
      { line: 4, message: 'duplicate rating for item "a" by rater "x" (first on line 2)' },
    ]);
  });

  it('ragged rows, empty ids, bad quoting and bad --categories', () => {
    expect(errorsOf('item_id,rater_id,value\na,x\n')).toEqual([
      { line: 2, message: 'expected 3 fields, got 2' },
    ]);
    expect(errorsOf('item_id,rater_id,value\n,x,1\n')[0].message).toBe('empty item_id');
    expect(errorsOf('item_id,rater_id,value\na,x,"1\n')[0].message).toBe(
      'unterminated quoted field',
    );
    expect(
      errorsOf('item_id,rater_id,value\na,x,1\n', { level: 'interval', categories: ['one'] }),
    ).toEqual([{ line: 0, message: 'category "one" is not numeric (interval level)' }]);
  });

  it('caps the number of errors', () => {
    const lines = ['item_id,rater_id,value', ...Array.from({ length: 300 }, (_, i) => `a${i},x,z`)];
    const errors = errorsOf(lines.join('\n'), { level: 'interval' });
    expect(errors.length).toBe(101);
    expect(errors[errors.length - 1].message).toMatch(/too many errors/);
  });
});
