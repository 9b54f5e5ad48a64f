import { describe, expect, it } from '@jest/globals';
import { type BatchItemDetail } from '@peel/shared';
import { answerValues, expectedAnswers } from './answer-fields';

/** Only the fields the answer mapping reads. */
function detail(item: unknown): BatchItemDetail {
  return { item } as BatchItemDetail;
}

const pairwise = detail({ kind: 'pairwise' });
const taxonomy = detail({ kind: 'taxonomy', currentLabel: { label: 'Add a new object' } });
const multiTurn = detail({ kind: 'multi_turn', turns: [{ index: 1 }, { index: 2 }] });

describe('gold answers from the answer form', () => {
  it('pairwise: the form sides become the pair orientation and unchecked questions are left out', () => {
    const values = answerValues(pairwise, () => undefined, true);
    expect(values.overall).toBe('');
    values.overall = 'B';
    values.seamlessness = 'A';
    values.preservation = 'tie';
    expect(expectedAnswers(pairwise, values)).toEqual({
      overall: 'second',
      seamlessness: 'first',
      preservation: 'tie',
    });
  });

  it('pairwise: a stored gold answer reads back into the same form values', () => {
    const stored: Record<string, string> = { overall: 'first', technical_quality: 'second' };
    const values = answerValues(pairwise, (q) => stored[q], true);
    expect(values).toMatchObject({ overall: 'A', technical_quality: 'B', seamlessness: '' });
    expect(expectedAnswers(pairwise, values)).toEqual(stored);
  });

  it('taxonomy: confirm is the current label, a change without a type is sent empty for the server to name', () => {
    const values = answerValues(taxonomy, () => undefined, true);
    expect(values).toEqual({ decision: '', editType: '', garbled: '' });
    expect(expectedAnswers(taxonomy, values)).toEqual({});
    expect(expectedAnswers(taxonomy, { ...values, decision: 'confirm', garbled: 'no' })).toEqual({
      edit_type: 'Add a new object',
      garbled_summary: 'no',
    });
    expect(expectedAnswers(taxonomy, { ...values, decision: 'change' })).toEqual({ edit_type: '' });
    expect(expectedAnswers(taxonomy, { ...values, decision: 'ambiguous' })).toEqual({
      edit_type: 'ambiguous',
    });
  });

  it('taxonomy: without "optional" the form starts like a judgment (confirm, not garbled)', () => {
    expect(answerValues(taxonomy, () => undefined)).toEqual({
      decision: 'confirm',
      editType: '',
      garbled: 'no',
    });
  });

  it('multi-turn: the answered grades keep their question ids', () => {
    const values = answerValues(multiTurn, () => undefined, true);
    expect(values.first_break).toBe('');
    values['turn_2.instruction'] = '4';
    values.first_break = 'none';
    expect(expectedAnswers(multiTurn, values)).toEqual({
      'turn_2.instruction': '4',
      first_break: 'none',
    });
  });
});
