import { Injectable } from '@nestjs/common';
import { type QuestionConsensus } from './consensus';

/** A question's consensus and the counters of the snapshot it was computed from. */
export interface ConsensusSnapshot {
  readonly consensus: QuestionConsensus;
  readonly answersVersion: number;
  readonly judgmentCount: number;
  readonly computedAt: Date;
}

/** Items kept in memory across all memoised questions (a few MB per 100k items). */
const ITEM_BUDGET = 1_000_000;

/**
 * Per-item consensus of a question (Dawid–Skene over every item of the batch), memoised per
 * process by (batch, question, answers version). The key names immutable data, so several server
 * instances each holding their own copy never disagree; a submit or a revision is a new key. Least recently used entries go first once the item budget is spent. Concurrent requests
 * for one key share one computation.
 */
@Injectable()
export class ConsensusMemo {
  private readonly entries = new Map<string, Promise<ConsensusSnapshot>>();
  private readonly sizes = new Map<string, number>();

  static key(batchId: number, question: string, answersVersion: number): string {
    return `${batchId}:${question}:${answersVersion}`;
  }

  get(key: string): Promise<ConsensusSnapshot> | undefined {
    const entry = this.entries.get(key);
    if (entry) {
      this.entries.delete(key);
      this.entries.set(key, entry);
    }
    return entry;
  }

  /** Stores a computation; a failed one is forgotten so that the next request retries. */
  set(key: string, value: Promise<ConsensusSnapshot>): Promise<ConsensusSnapshot> {
    this.entries.delete(key);
    this.sizes.delete(key);
    this.entries.set(key, value);
    value.then(
      (snapshot) => {
        if (this.entries.get(key) !== value) return;
        this.sizes.set(key, snapshot.consensus.count);
        this.evict();
      },
      () => {
        if (this.entries.get(key) === value) this.entries.delete(key);
      },
    );
    return value;
  }

  private evict(): void {
    let total = 0;
    for (const size of this.sizes.values()) total += size;
    for (const key of this.entries.keys()) {
      if (total <= ITEM_BUDGET || this.sizes.size <= 1) break;
      if (!this.sizes.has(key)) continue;
      total -= this.sizes.get(key) ?? 0;
      this.entries.delete(key);
      this.sizes.delete(key);
    }
  }
}
