import { type BatchResponse } from '@peel/shared';
import { type BatchEntity } from './batch.entity';

export interface BatchTotals {
  judgmentCount: number;
  itemsComplete: number;
}

/** `totals` come from the `batch_totals` view (the batch's columns plus its counter shards). */
export function toBatchResponse(
  batch: BatchEntity,
  raterIds: number[] | null,
  totals: BatchTotals,
): BatchResponse {
  return {
    id: batch.id,
    name: batch.name,
    taskType: batch.taskType,
    status: batch.status,
    filters: batch.filters,
    sampleSize: batch.sampleSize,
    seed: batch.seed,
    k: batch.k,
    adaptive: batch.adaptive,
    kMax: batch.kMax,
    leaseSeconds: batch.leaseSeconds,
    gold: { share: batch.goldShare, minAnswers: batch.goldMinAnswers, bar: batch.goldBar },
    guidelines: batch.guidelines,
    raterIds,
    itemCount: batch.itemCount,
    goldCount: batch.goldCount,
    itemsComplete: totals.itemsComplete,
    judgmentCount: totals.judgmentCount,
    createdAt: batch.createdAt.toISOString(),
  };
}
