import { EDIT_TYPE_LABELS } from '@peel/shared';
import {
  correctedEditType,
  criteriaAsChosen,
  majority,
  multiTurnHuman,
  pairHuman,
  taxonomyHuman,
} from './aggregate';
import { checkExportOptions, DEFAULT_EXPORT_OPTIONS, ExportInputError } from './export-options';

const [LABEL_A, LABEL_B] = EDIT_TYPE_LABELS;

describe('majority', () => {
  it('is the strictly most voted value, null on a tie at the top or without votes', () => {
    expect(majority({ first: 2, second: 1 }, ['first', 'second', 'tie'])).toBe('first');
    expect(majority({ first: 1, second: 1 }, ['first', 'second', 'tie'])).toBeNull();
    expect(majority({}, ['first', 'second'])).toBeNull();
    expect(majority(undefined, ['first'])).toBeNull();
  });
});

describe('pairHuman', () => {
  it('counts every outcome, flips when the rejected attempt wins, splits give no consensus', () => {
    const flipped = pairHuman({ overall: { second: 3, first: 1 }, seamlessness: { tie: 2 } }, 4);
    expect(flipped).toMatchObject({
      votes: { first: 1, second: 3, tie: 0, both_bad: 0 },
      consensus: 'second',
      margin: 0.5,
      k: 4,
      flipped: true,
      criteria: { seamlessness: 'tie', instruction_compliance: null },
    });
    const split = pairHuman({ overall: { first: 1, second: 1 } }, 2);
    expect(split).toMatchObject({ consensus: null, margin: 0, flipped: false });
  });

  it('takes the item statistics of its one batch item, or lists them for several', () => {
    const stats = (itemId: number) =>
      itemId === 7
        ? null
        : {
            dawid_skene: { winner: 'first', posterior: { first: 0.9, second: 0.1 }, margin: 0.8 },
            agreement: itemId / 100,
            entropy: 0.5,
          };
    const one = pairHuman({ overall: { first: 2 } }, 2, [5], stats);
    expect(one).toMatchObject({ agreement: 0.05, entropy: 0.5, dawid_skene: { winner: 'first' } });
    expect(one.items).toBeUndefined();
    expect(pairHuman({ overall: { first: 2 } }, 2, [7], stats)).toMatchObject({
      dawid_skene: null,
      agreement: null,
      entropy: null,
    });
    const several = pairHuman({ overall: { first: 2 } }, 2, [5, 6, 7], stats);
    expect(several).toMatchObject({ dawid_skene: null, agreement: null });
    expect(several.items!.map((item) => [item.item_id, item.agreement])).toEqual([
      [5, 0.05],
      [6, 0.06],
    ]);
  });

  it('names criteria winners in chosen / rejected terms for DPO', () => {
    expect(criteriaAsChosen({ a: 'second', b: 'first', c: 'tie', d: null }, 'second')).toEqual({
      a: 'chosen',
      b: 'rejected',
      c: 'tie',
      d: null,
    });
  });
});

describe('taxonomy relabelling', () => {
  it('relabels only with a real label at or above the share', () => {
    const human = taxonomyHuman({ edit_type: { [LABEL_B]: 2, [LABEL_A]: 1 } }, 3);
    expect(human).toMatchObject({ edit_type: LABEL_B, share: 0.6667 });
    expect(correctedEditType(LABEL_A, human, 0.6)).toBe(LABEL_B);
    expect(correctedEditType(LABEL_A, human, 0.7)).toBe(LABEL_A);
    const ambiguous = taxonomyHuman({ edit_type: { ambiguous: 3 } }, 3);
    expect(correctedEditType(LABEL_A, ambiguous, 0.5)).toBe(LABEL_A);
  });
});

describe('multiTurnHuman', () => {
  it('gives mean grades per turn and the consensus first break', () => {
    const human = multiTurnHuman(
      {
        'turn_1.instruction': { '5': 1, '4': 1 },
        'turn_2.edit_type': { [LABEL_A]: 2 },
        first_break: { none: 2, '2': 1 },
        overall: { '3': 2 },
      },
      3,
      2,
    );
    expect(human).toEqual({
      k: 3,
      turns: [
        { turn: 1, instruction: 4.5, consistency: null, edit_type: null },
        { turn: 2, instruction: null, consistency: null, edit_type: LABEL_A },
      ],
      first_break: 'none',
      overall: 3,
    });
  });
});

describe('checkExportOptions', () => {
  it('refuses thresholds out of range and unknown labels', () => {
    const bad = [
      { minMargin: -0.1 },
      { minMargin: 1.5 },
      { minRaters: 0 },
      { minRaters: 1.5 },
      { relabelShare: 0 },
      { editTypes: ['not a label'] },
      { categories: ['nowhere'] },
      { batchIds: [0] },
    ];
    for (const overrides of bad)
      expect(() => checkExportOptions({ ...DEFAULT_EXPORT_OPTIONS, ...overrides })).toThrow(
        ExportInputError,
      );
  });

  it('sorts and de-duplicates the lists (the same request gives the same manifest filters)', () => {
    expect(
      checkExportOptions({
        ...DEFAULT_EXPORT_OPTIONS,
        batchIds: [3, 1, 3],
        editTypes: [LABEL_B, LABEL_A],
      }).batchIds,
    ).toEqual([1, 3]);
  });
});
