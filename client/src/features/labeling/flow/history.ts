import { loadDraft, saveDraft } from '../../../lib/use-draft';
import { historyKey, type HistoryEntry } from './flow-types';

const SIZE = 20;

/** The rater's recent saved judgments in a batch (what undo reopens), kept in this tab. */
export class JudgmentHistory {
  private entries: HistoryEntry[];

  constructor(private readonly batchId: number) {
    this.entries = loadDraft<HistoryEntry[]>(historyKey(batchId)) ?? [];
  }

  last(): HistoryEntry | null {
    return this.entries.at(-1) ?? null;
  }

  push(entry: HistoryEntry): void {
    this.entries = [...this.entries.slice(1 - SIZE), entry];
    this.save();
  }

  replace(previous: HistoryEntry, next: HistoryEntry): void {
    this.entries = this.entries.map((entry) => (entry === previous ? next : entry));
    this.save();
  }

  private save(): void {
    saveDraft(historyKey(this.batchId), this.entries);
  }
}
