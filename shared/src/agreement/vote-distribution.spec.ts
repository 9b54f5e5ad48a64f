import { UNDEFINED_REASONS } from './statistic';
import { normalizedEntropy, voteMargin } from './vote-distribution';

describe('vote distribution', () => {
  it('normalised entropy is 0 when unanimous and 1 when spread over every declared category', () => {
    expect(normalizedEntropy([5, 0, 0], 3)).toEqual({ defined: true, value: 0 });
    const uniform = normalizedEntropy([2, 2, 2], 3);
    expect(uniform.defined && uniform.value).toBeCloseTo(1, 15);
    // Even split over 2 of 4 declared categories: ln 2 / ln 4 = 1/2.
    const half = normalizedEntropy([3, 3, 0, 0], 4);
    expect(half.defined && half.value).toBeCloseTo(0.5, 15);
    // The declared Q (35 edit types) normalises, not the categories observed.
    const declared = normalizedEntropy([3, 3], 35);
    expect(declared.defined && declared.value).toBeCloseTo(Math.log(2) / Math.log(35), 15);
  });

  it('vote margin is (top - second) / total', () => {
    expect(voteMargin([3, 1, 1])).toEqual({ defined: true, value: 0.4 });
    expect(voteMargin([2, 2, 1])).toEqual({ defined: true, value: 0 });
    expect(voteMargin([0, 4])).toEqual({ defined: true, value: 1 });
    expect(voteMargin([1, 3, 2])).toEqual({ defined: true, value: 1 / 6 });
  });

  it('is undefined without votes or declared categories', () => {
    expect(voteMargin([0, 0])).toEqual({ defined: false, reason: UNDEFINED_REASONS.noVotes });
    expect(normalizedEntropy([0, 0], 2)).toEqual({
      defined: false,
      reason: UNDEFINED_REASONS.noVotes,
    });
    expect(normalizedEntropy([3], 1)).toEqual({
      defined: false,
      reason: UNDEFINED_REASONS.fewCategories,
    });
    expect(() => voteMargin([-1, 2])).toThrow(RangeError);
  });
});
