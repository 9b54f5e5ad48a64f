import {
  AMBIGUOUS,
  CRITERION_OUTCOMES,
  MAX_TURNS,
  PAIR_OUTCOMES,
  PAIRWISE_CRITERIA,
  statisticValue,
  voteMargin,
} from '@peel/shared';
import { type ItemStats } from './pair-consensus';

/** Votes of one item: question → value → count. */
export type VoteCounts = Record<string, Record<string, number>>;

/** The value with the strictly highest count among `values`, or null (no votes or a tie at the top). */
export function majority(
  counts: Record<string, number> | undefined,
  values: readonly string[],
): string | null {
  let best: string | null = null;
  let bestCount = 0;
  let tied = false;
  for (const value of values) {
    const n = counts?.[value] ?? 0;
    if (n > bestCount) {
      best = value;
      bestCount = n;
      tied = false;
    } else if (n === bestCount && n > 0) tied = true;
  }
  return tied ? null : best;
}

/** The counts of `values`, in that order (absent = 0). */
export function countsOf(counts: Record<string, number> | undefined, values: readonly string[]) {
  return values.map((value) => counts?.[value] ?? 0);
}

export function round(value: number | null, digits = 4): number | null {
  if (value === null) return null;
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

export interface PairHuman {
  votes: Record<(typeof PAIR_OUTCOMES)[number], number>;
  /** Majority overall outcome in pair orientation (first = dataset chosen); null when split. */
  consensus: string | null;
  margin: number | null;
  /** The item's Dawid–Skene result (as the agreement API has it); null for gold or shared items. */
  dawid_skene: ItemStats['dawid_skene'] | null;
  /** The item's pairwise percent agreement on `overall`; null under two votes, gold, shared. */
  agreement: number | null;
  /** Entropy of the item's vote shares (the disagreement list's); null as dawid_skene. */
  entropy: number | null;
  /** A pair that is an item of several selected batches: each item's statistics. */
  items?: (ItemStats & { item_id: number })[];
  k: number;
  criteria: Record<string, string | null>;
  /** Humans prefer the attempt the dataset rejected. */
  flipped: boolean;
  /** With preferAdjudicated: the admin's answer replaced the consensus (and criteria). */
  adjudicated?: boolean;
  adjudication?: AdjudicationNote;
}

/** Each batch item's statistics (PairConsensus.of). */
export type ItemStatsOf = (itemId: number) => ItemStats | null;

const NO_STATS: ItemStatsOf = () => null;

export function pairHuman(
  counts: VoteCounts,
  k: number,
  itemIds: readonly number[] = [],
  statsOf: ItemStatsOf = NO_STATS,
): PairHuman {
  const overall = counts.overall;
  const votes = Object.fromEntries(
    PAIR_OUTCOMES.map((outcome) => [outcome, overall?.[outcome] ?? 0]),
  ) as PairHuman['votes'];
  const consensus = majority(overall, PAIR_OUTCOMES);
  const criteria = Object.fromEntries(
    PAIRWISE_CRITERIA.map((criterion) => [
      criterion,
      majority(counts[criterion], CRITERION_OUTCOMES),
    ]),
  );
  const single = itemIds.length === 1 ? statsOf(itemIds[0]) : null;
  const human: PairHuman = {
    votes,
    consensus,
    margin: round(statisticValue(voteMargin(countsOf(overall, PAIR_OUTCOMES)))),
    dawid_skene: single?.dawid_skene ?? null,
    agreement: single?.agreement ?? null,
    entropy: single?.entropy ?? null,
    k,
    criteria,
    flipped: consensus === 'second',
  };
  if (itemIds.length > 1) {
    const items: NonNullable<PairHuman['items']> = [];
    for (const itemId of itemIds) {
      const stats = statsOf(itemId);
      if (stats) items.push({ item_id: itemId, ...stats });
    }
    return { ...human, items };
  }
  return human;
}

/** Criterion winners in chosen/rejected terms (for dpo.jsonl). */
export function criteriaAsChosen(
  criteria: Record<string, string | null>,
  chosen: 'first' | 'second',
): Record<string, string | null> {
  const map = (value: string | null) =>
    value === null || value === 'tie' ? value : value === chosen ? 'chosen' : 'rejected';
  return Object.fromEntries(Object.entries(criteria).map(([key, value]) => [key, map(value)]));
}

/** The label with the most votes (ambiguous counts as a label), its share of k. */
export function labelConsensus(
  counts: Record<string, number> | undefined,
  k: number,
): { label: string | null; share: number | null } {
  const labels = Object.keys(counts ?? {}).sort();
  const label = majority(counts, labels);
  if (label === null || k === 0) return { label: null, share: null };
  return { label, share: round((counts?.[label] ?? 0) / k) };
}

export interface TaxonomyHuman {
  k: number;
  edit_type: string | null;
  share: number | null;
  garbled_summary: string | null;
  adjudicated?: boolean;
  adjudication?: AdjudicationNote;
}

export function taxonomyHuman(counts: VoteCounts, k: number): TaxonomyHuman {
  const { label, share } = labelConsensus(counts.edit_type, k);
  return {
    k,
    edit_type: label,
    share,
    garbled_summary: majority(counts.garbled_summary, ['no', 'yes']),
  };
}

/** The edit type sft.jsonl writes: the consensus when it is a real label above the share. */
export function correctedEditType(
  original: string,
  human: TaxonomyHuman,
  relabelShare: number,
): string {
  if (human.edit_type === null || human.edit_type === AMBIGUOUS) return original;
  if (human.adjudicated) return human.edit_type;
  if (human.share === null || human.share < relabelShare) return original;
  return human.edit_type;
}

function mean(counts: Record<string, number> | undefined): number | null {
  let total = 0;
  let n = 0;
  for (const [value, count] of Object.entries(counts ?? {})) {
    total += Number(value) * count;
    n += count;
  }
  return n === 0 ? null : round(total / n, 3);
}

export interface TurnHuman {
  turn: number;
  instruction: number | null;
  consistency: number | null;
  edit_type: string | null;
}

export function multiTurnHuman(counts: VoteCounts, k: number, turnCount: number) {
  const turns: TurnHuman[] = [];
  for (let turn = 1; turn <= Math.min(turnCount, MAX_TURNS); turn += 1) {
    turns.push({
      turn,
      instruction: mean(counts[`turn_${turn}.instruction`]),
      consistency: mean(counts[`turn_${turn}.consistency`]),
      edit_type: labelConsensus(counts[`turn_${turn}.edit_type`], k).label,
    });
  }
  const firstBreak = labelConsensus(counts.first_break, k).label;
  return {
    k,
    turns,
    first_break: firstBreak === null || firstBreak === 'none' ? firstBreak : Number(firstBreak),
    overall: mean(counts.overall),
  };
}

/** An admin's adjudication as counts of one vote per answer: the consensus of those is the answer. */
export function adjudicatedCounts(answers: Record<string, string>): VoteCounts {
  return Object.fromEntries(
    Object.entries(answers).map(([question, value]) => [question, { [value]: 1 }]),
  );
}

/** What `human` says of an adjudication the export used: who decided, and what the raters said. */
export interface AdjudicationNote {
  item_id: number;
  note: string;
  adjudicated_at: string;
  /** The raters' own consensus, replaced by the admin's answer. */
  raters: Record<string, unknown>;
}
