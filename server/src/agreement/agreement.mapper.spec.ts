import { type AgreementCacheEntity } from './agreement-cache.entity';
import { stampedJson, toAgreementResponse, toRatersResponse } from './agreement.mapper';
import { type BatchState } from './agreement.repository';

const state: BatchState = { taskType: 'pairwise', judgmentCount: 12, answersVersion: 14 };
const cache = {
  batchId: 7,
  computedForAnswersVersion: 14,
  computedForJudgmentCount: 12,
  format: 3,
  computedAt: new Date('2026-11-27T10:00:00Z'),
  computeMs: 40,
  report: {
    method: { goldItems: 'excluded' },
    questions: [{ question: 'overall', label: 'Überall “quoted”', all: { alpha: 0.5 } }],
  },
  raters: { raters: [{ id: 1, name: 'a\\b' }], matrices: [] },
} as unknown as AgreementCacheEntity;

/** PostgreSQL's jsonb text: a space after each colon and comma. */
const jsonbText = (value: unknown) =>
  JSON.stringify(value).replace(/":/g, '": ').replace(/,"/g, ', "');

describe('stampedJson (a cached report passed through as text)', () => {
  it('is the same response as the mapped objects, from stored or computed text', () => {
    for (const text of [JSON.stringify(cache.report), jsonbText(cache.report)]) {
      expect(JSON.parse(stampedJson(7, state, cache, text))).toEqual(
        JSON.parse(JSON.stringify(toAgreementResponse(7, state, cache))),
      );
    }
    expect(JSON.parse(stampedJson(7, state, cache, jsonbText(cache.raters)))).toEqual(
      JSON.parse(JSON.stringify(toRatersResponse(7, state, cache))),
    );
  });

  it('an empty report is the stamp alone; anything but an object is refused', () => {
    expect(JSON.parse(stampedJson(7, state, cache, ' {} '))).toEqual({
      batchId: 7,
      taskType: 'pairwise',
      judgmentCount: 12,
      answersVersion: 14,
      computedForJudgmentCount: 12,
      computedForAnswersVersion: 14,
      computedAt: '2026-11-27T10:00:00.000Z',
    });
    expect(() => stampedJson(7, state, cache, '[1]')).toThrow('A cached report is a JSON object');
  });
});
