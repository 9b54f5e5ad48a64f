import { type BatchResponse } from '@peel/shared';
import { type BatchEntity } from './batch.entity';

export function toBatchResponse(batch: BatchEntity, raterIds: number[] | null): BatchResponse {
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
    itemsComplete: batch.itemsComplete,
    judgmentCount: batch.judgmentCount,
    createdAt: batch.createdAt.toISOString(),
  };
}
