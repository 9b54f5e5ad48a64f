import { majorityVoteIndices, majorityVotes } from './majority-vote';

describe('majority vote', () => {
  it('returns the winner, or every tied category with tie: true', () => {
    const votes = majorityVotes({
      categories: ['left', 'right', 'same'],
      counts: [
        [3, 1, 1],
        [2, 2, 1],
        [0, 0, 0],
        [1, 1, 1],
      ],
    });
    expect(votes[0]).toEqual({ winners: ['left'], tie: false, topVotes: 3, votes: 5 });
    expect(votes[1]).toEqual({ winners: ['left', 'right'], tie: true, topVotes: 2, votes: 5 });
    expect(votes[2]).toEqual({ winners: [], tie: false, topVotes: 0, votes: 0 });
    expect(votes[3].winners).toEqual(['left', 'right', 'same']);
    expect(majorityVoteIndices([0, 4, 4, 1]).winners).toEqual([1, 2]);
  });
});
