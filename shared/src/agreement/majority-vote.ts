import { assertCountTable, type CountTable, type RatingValue } from './reliability-data';

/** The majority vote of one item. */
export interface MajorityVote<C extends RatingValue = RatingValue> {
  /** Every category with the top number of votes, in category order; empty without votes. */
  readonly winners: readonly C[];
  /** True when two or more categories share the top number of votes. */
  readonly tie: boolean;
  /** The top number of votes (0 without votes). */
  readonly topVotes: number;
  /** All votes of the item. */
  readonly votes: number;
}

/** The indices of every category with the top count, the top count and the total. */
export function majorityVoteIndices(counts: ArrayLike<number>): {
  winners: number[];
  topVotes: number;
  votes: number;
} {
  let topVotes = 0;
  let votes = 0;
  let winners: number[] = [];
  for (let k = 0; k < counts.length; k++) {
    const c = counts[k];
    votes += c;
    if (c <= 0) continue;
    if (c > topVotes) {
      topVotes = c;
      winners = [k];
    } else if (c === topVotes) {
      winners.push(k);
    }
  }
  return { winners, topVotes, votes };
}

/** The majority vote of every unit of a count table; ties are explicit (all tied categories). */
export function majorityVotes<C extends RatingValue>(table: CountTable<C>): MajorityVote<C>[] {
  assertCountTable(table);
  return table.counts.map((row) => {
    const { winners, topVotes, votes } = majorityVoteIndices(row);
    return {
      winners: winners.map((k) => table.categories[k]),
      tie: winners.length > 1,
      topVotes,
      votes,
    };
  });
}
